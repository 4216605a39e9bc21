//! Test databases for both backends: a temp-file SQLite database and a fresh PostgreSQL
//! database per call. PostgreSQL comes from `HOTLINE_TEST_PG` (a server URL such as
//! `postgres://postgres@127.0.0.1:5432`); without it the tests fail, unless
//! `HOTLINE_TEST_SQLITE_ONLY=1` says to run SQLite alone on purpose.
use super::{Backend, Store};

pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub label: &'static str,
    _dir: Option<tempfile_dir::Dir>,
}

/// A minimal temp dir (no dev-dependency needed by downstream crates).
mod tempfile_dir {
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("hotline-test-{}", unique_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.display());
    let store = Store::connect(&url).await.expect("sqlite connect");
    store.migrate().await.expect("sqlite migrate");
    TestDb {
        store,
        url,
        label: "sqlite",
        _dir: Some(tempfile_dir::Dir(dir)),
    }
}

/// A fresh database named `hotline_test_…` on the PostgreSQL server; `make test` drops
/// them all at the end of the run.
pub async fn postgres() -> Option<TestDb> {
    let server = match std::env::var("HOTLINE_TEST_PG") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            if std::env::var("HOTLINE_TEST_SQLITE_ONLY").as_deref() == Ok("1") {
                return None;
            }
            panic!(
                "HOTLINE_TEST_PG is not set: both backends are tested. Run `make test`, or set \
                 HOTLINE_TEST_SQLITE_ONLY=1 to skip PostgreSQL on purpose."
            );
        }
    };
    let name = format!("hotline_test_{}", unique_suffix());
    let admin = Store::connect(&format!("{server}/postgres"))
        .await
        .expect("connect to PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(admin.pool())
        .await
        .expect("create test database");
    admin.close().await;
    let url = format!("{server}/{name}");
    let store = Store::connect(&url).await.expect("postgres connect");
    assert_eq!(store.backend(), Backend::Postgres);
    store.migrate().await.expect("postgres migrate");
    Some(TestDb {
        store,
        url,
        label: "postgres",
        _dir: None,
    })
}

/// Both backends, for tests that must hold on each.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    dbs.extend(postgres().await);
    dbs
}

fn unique_suffix() -> String {
    use rand::Rng;
    let n: u64 = rand::rng().random();
    format!("{}_{:x}", std::process::id(), n)
}

/// One integer from `sql` (test assertions only).
pub async fn scalar(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .expect(sql)
}

/// A text value read by `sql` (tests only).
pub async fn text(store: &Store, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .expect(sql)
}

/// Runs `sql` directly, as an intruder with database access would (tests only).
pub async fn execute(store: &Store, sql: &str) {
    try_execute(store, sql).await.expect(sql);
}

/// Runs `sql` directly and says whether the database accepted it (tests only).
pub async fn try_execute(store: &Store, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::query(sql).execute(store.pool()).await.map(|_| ())
}

/// The ceiling for the registration benchmark: one bare single-row insert, in its own
/// transaction like a registration, into a table of the same database.
pub async fn bare_insert(store: &Store, i: i64) {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS bench_ceiling (id BIGINT NOT NULL, note TEXT NOT NULL)",
    )
    .execute(store.pool())
    .await
    .expect("bench table");
    sqlx::query("INSERT INTO bench_ceiling (id, note) VALUES ($1, $2)")
        .bind(i)
        .bind("施工噪音扰民")
        .execute(store.pool())
        .await
        .expect("bare insert");
}

/// A new account with one role, as the rules see it (tests only; it cannot sign in).
pub async fn actor(
    store: &Store,
    login: &str,
    department_id: i64,
    role: crate::domain::roles::Role,
    clearance: crate::domain::roles::Clearance,
) -> crate::domain::workflow::Actor {
    let id = store
        .insert_account(&super::users::NewAccount {
            login,
            display_name: login,
            password_hash: "x",
            department_id,
            clearance,
            roles: &[role],
            must_change_password: false,
        })
        .await
        .expect("test account");
    let account = store
        .account_by_id(id)
        .await
        .expect("read account")
        .expect("account exists");
    crate::tickets::service::actor_of(store, &account)
        .await
        .expect("actor")
}

/// The small desk most tests need: a centre with two departments under it (the first
/// dispatches straight to handlers), complaints with "noise" sent to the first department
/// by the catalogue and "other" left to the dispatcher queue (tests only).
pub struct SmallOrg {
    pub centre: i64,
    pub first: i64,
    pub second: i64,
    pub noise: i64,
    pub other: i64,
}

pub async fn small_org(
    store: &Store,
    centre: Option<i64>,
    skill: &str,
    script_json: &str,
) -> SmallOrg {
    let centre = match centre {
        Some(c) => c,
        None => store
            .insert_department("centre", "中心", "centre", None)
            .await
            .expect("centre"),
    };
    let first = store
        .insert_department("cg", "城管", "department", Some(centre))
        .await
        .expect("first department");
    let second = store
        .insert_department("sc", "市场", "department", Some(centre))
        .await
        .expect("second department");
    store
        .set_department_rules(first, true, &[])
        .await
        .expect("department rules");
    let top = store
        .insert_category("complaint", "投诉", None, 0)
        .await
        .expect("category");
    let noise = store
        .insert_category("complaint/noise", "噪音", Some(top), 1)
        .await
        .expect("category");
    let other = store
        .insert_category("complaint/other", "其他", Some(top), 2)
        .await
        .expect("category");
    store
        .update_category_rules(
            noise,
            &super::reference::CategoryRules {
                department_id: Some(first),
                required_skill: skill,
                direct_answer: false,
                hours: [4, 16, 40, 80],
                script_json: script_json.into(),
                replies_json: "[]".into(),
            },
        )
        .await
        .expect("catalogue");
    SmallOrg {
        centre,
        first,
        second,
        noise,
        other,
    }
}

/// A risk to record in tests: the privacy risk, mitigated, with one control.
pub fn risk_facts(code: &str, department_id: i64, owner_id: i64) -> crate::risk::RiskFacts {
    use crate::domain::risk::{Conduct, Control, Rating, RiskType, Treatment};
    crate::risk::RiskFacts {
        code: code.into(),
        title: "来电人个人信息泄露".into(),
        risk_type: RiskType::InfoSecurity,
        description: String::new(),
        conduct: Conduct::PrivacyLeak,
        department_id,
        owner_id,
        controls: vec![Control {
            what: "号码脱敏".into(),
            who: "系统".into(),
            how_often: "实时".into(),
        }],
        inherent: Rating::new(4, 5).expect("a rating"),
        residual: Rating::new(2, 5).expect("a rating"),
        residual_justification: String::new(),
        treatment: Treatment::Mitigate,
        accept_approver_id: None,
        accept_until: None,
    }
}

/// How many notifications of `kind` user `user` has been sent.
pub async fn notified(store: &Store, user: i64, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2")
        .bind(user)
        .bind(kind)
        .fetch_one(store.pool())
        .await
        .expect("notifications counted")
}

/// A phone complaint about night-time building noise, as the store tests register it.
pub fn intake(category_id: i64, priority: &str, phone: &str) -> crate::tickets::service::Intake {
    crate::tickets::service::Intake {
        channel: "phone".into(),
        priority: priority.into(),
        category_id,
        description: "夜间施工噪音".into(),
        caller_name: "王五".into(),
        caller_phone: phone.into(),
        caller_id_number: String::new(),
        address: String::new(),
        confidentiality: "internal".into(),
        answers: std::collections::HashMap::new(),
        direct_answer: None,
    }
}
