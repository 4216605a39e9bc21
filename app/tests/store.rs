//! Store tests: every test runs on SQLite (temp file) and PostgreSQL (fresh database).
#![cfg(feature = "ssr")]

use app::domain::account::FieldProblem;
use app::domain::roles::{Clearance, Role};
use app::error::AppError;
use app::store::sessions::DbSessionStore;
use app::store::testing;
use app::store::users::NewAccount;
use app::store::Store;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

async fn org(store: &Store) -> (i64, i64) {
    let centre = store
        .insert_department("centre", "热线中心", "centre", None)
        .await
        .unwrap();
    let dept = store
        .insert_department("chengguan", "城管局", "department", Some(centre))
        .await
        .unwrap();
    (centre, dept)
}

fn account<'a>(login: &'a str, dept: i64, roles: &'a [Role]) -> NewAccount<'a> {
    NewAccount {
        login,
        display_name: "王芳",
        password_hash: "hash-not-used",
        department_id: dept,
        clearance: Clearance::Internal,
        roles,
        must_change_password: false,
    }
}

#[tokio::test]
async fn accounts_round_trip_with_roles_and_department() {
    for db in testing::all().await {
        let s = &db.store;
        let (_, dept) = org(s).await;
        let id = s
            .insert_account(&account("wang", dept, &[Role::Handler, Role::Agent]))
            .await
            .unwrap();
        let a = s.account_by_id(id).await.unwrap().expect(db.label);
        assert_eq!(a.login, "wang", "{}", db.label);
        assert_eq!(a.display_name, "王芳");
        assert_eq!(a.department_name, "城管局");
        assert_eq!(a.roles, vec![Role::Agent, Role::Handler], "{}", db.label);
        assert_eq!(a.clearance, Clearance::Internal);
        assert!(a.active && !a.must_change_password);
        let (found, hash) = s.credentials_by_login("wang").await.unwrap().unwrap();
        assert_eq!(found.id, id);
        assert_eq!(hash, "hash-not-used");
        assert!(s.credentials_by_login("nobody").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn a_taken_login_is_a_field_error_and_leaves_nothing_behind() {
    for db in testing::all().await {
        let s = &db.store;
        let (_, dept) = org(s).await;
        s.insert_account(&account("li", dept, &[Role::Agent]))
            .await
            .unwrap();
        let err = s
            .insert_account(&account("li", dept, &[Role::Admin]))
            .await
            .unwrap_err();
        assert_eq!(
            err,
            AppError::field("login", FieldProblem::AlreadyTaken),
            "{}",
            db.label
        );
        assert_eq!(s.count_accounts().await.unwrap(), 1, "{}", db.label);
        let a = s.list_accounts().await.unwrap();
        assert_eq!(a[0].roles, vec![Role::Agent], "{}", db.label);
    }
}

#[tokio::test]
async fn access_changes_replace_roles_in_one_go() {
    for db in testing::all().await {
        let s = &db.store;
        let (centre, dept) = org(s).await;
        let id = s
            .insert_account(&account("zhao", dept, &[Role::Agent]))
            .await
            .unwrap();
        s.update_access(
            id,
            centre,
            Clearance::Secret,
            &[Role::Supervisor, Role::Compliance],
        )
        .await
        .unwrap();
        let a = s.account_by_id(id).await.unwrap().unwrap();
        assert_eq!(
            a.roles,
            vec![Role::Supervisor, Role::Compliance],
            "{}",
            db.label
        );
        assert_eq!(a.department_id, centre);
        assert_eq!(a.clearance, Clearance::Secret);
        assert_eq!(
            s.update_access(9999, centre, Clearance::Public, &[Role::Agent])
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        // a role change to a missing department fails whole: the roles are unchanged
        assert!(s
            .update_access(id, 9999, Clearance::Public, &[Role::Admin])
            .await
            .is_err());
        let a = s.account_by_id(id).await.unwrap().unwrap();
        assert_eq!(
            a.roles,
            vec![Role::Supervisor, Role::Compliance],
            "{}",
            db.label
        );
    }
}

#[tokio::test]
async fn disable_and_password_reset() {
    for db in testing::all().await {
        let s = &db.store;
        let (_, dept) = org(s).await;
        let id = s
            .insert_account(&account("chen", dept, &[Role::Agent]))
            .await
            .unwrap();
        s.set_active(id, false).await.unwrap();
        s.set_password(id, "new-hash", true).await.unwrap();
        let a = s.account_by_id(id).await.unwrap().unwrap();
        assert!(!a.active && a.must_change_password, "{}", db.label);
        assert_eq!(
            s.password_hash(id).await.unwrap().as_deref(),
            Some("new-hash")
        );
        assert_eq!(
            s.set_active(4242, true).await.unwrap_err(),
            AppError::NotFound
        );
    }
}

#[tokio::test]
async fn department_tree_and_login_audit() {
    for db in testing::all().await {
        let s = &db.store;
        let (centre, dept) = org(s).await;
        let section = s
            .insert_department("zhifa", "执法大队", "section", Some(dept))
            .await
            .unwrap();
        let tree = app::domain::org::tree_order(&s.list_departments().await.unwrap());
        let shape: Vec<(i64, usize)> = tree.iter().map(|(d, depth)| (d.id, *depth)).collect();
        assert_eq!(
            shape,
            vec![(centre, 0), (dept, 1), (section, 2)],
            "{}",
            db.label
        );

        use app::store::login_events::LoginOutcome;
        s.record_login("wang", None, "10.0.0.1", LoginOutcome::BadCredentials)
            .await
            .unwrap();
        s.record_login("wang", None, "10.0.0.1", LoginOutcome::RateLimited)
            .await
            .unwrap();
        let events = s.recent_logins(10).await.unwrap();
        let outcomes: Vec<&str> = events.iter().map(|e| e.outcome.as_str()).collect();
        assert_eq!(
            outcomes,
            vec!["rate_limited", "bad_credentials"],
            "{}",
            db.label
        );
    }
}

#[tokio::test]
async fn sessions_persist_update_expire_and_delete() {
    for db in testing::all().await {
        let store = DbSessionStore::new(db.store.clone());
        let future = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: future,
        };
        record.data.insert("k".into(), serde_json::json!({"v": 1}));
        store.create(&mut record).await.unwrap();
        let loaded = store.load(&record.id).await.unwrap().expect(db.label);
        assert_eq!(loaded.data["k"], serde_json::json!({"v": 1}));

        record.data.insert("k".into(), serde_json::json!(2));
        store.save(&record).await.unwrap();
        assert_eq!(
            store.load(&record.id).await.unwrap().unwrap().data["k"],
            serde_json::json!(2)
        );

        let mut old = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
        };
        store.create(&mut old).await.unwrap();
        assert!(
            store.load(&old.id).await.unwrap().is_none(),
            "expired is not loaded"
        );
        assert_eq!(db.store.count_sessions().await.unwrap(), 2);
        store.delete_expired().await.unwrap();
        assert_eq!(db.store.count_sessions().await.unwrap(), 1, "{}", db.label);

        store.delete(&record.id).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn seeding_runs_once() {
    for db in testing::all().await {
        let first = app::seed::seed_demo(&db.store)
            .await
            .unwrap()
            .expect(db.label);
        assert_eq!(first.admin_login, "admin");
        assert_eq!(
            db.store.count_accounts().await.unwrap(),
            9,
            "admin, one user per role, two more handlers, the centre head"
        );
        assert!(db.store.count_categories().await.unwrap() >= 6);
        let noise = db
            .store
            .category_id_by_code("complaint/noise")
            .await
            .unwrap()
            .unwrap();
        let noise = db.store.category(noise).await.unwrap().unwrap();
        assert_eq!(
            noise.department_name.as_deref(),
            Some("城管执法大队"),
            "{}",
            db.label
        );
        assert_eq!(noise.required_skill, "noise");
        assert!(noise.script.iter().any(|q| q.required) && !noise.replies.is_empty());
        assert!(app::seed::seed_demo(&db.store).await.unwrap().is_none());
        assert_eq!(db.store.count_accounts().await.unwrap(), 9);
    }
}

/// Both schemas must have the same tables and columns (types differ by dialect).
#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let sqlite = testing::sqlite().await;
    let Some(pg) = testing::postgres().await else {
        return;
    };
    let lite = app::store::schema::columns(&sqlite.store).await.unwrap();
    let post = app::store::schema::columns(&pg.store).await.unwrap();
    assert!(!lite.is_empty());
    assert_eq!(lite, post);
}

#[tokio::test]
async fn sqlite_runs_in_wal_with_foreign_keys() {
    let db = testing::sqlite().await;
    let (mode, fks) = app::store::schema::sqlite_settings(&db.store)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fks, 1);
    // a user in a department that does not exist is refused by the database itself
    let err = db
        .store
        .insert_account(&account("ghost", 424242, &[Role::Agent]))
        .await;
    assert!(err.is_err());
    assert_eq!(db.store.count_accounts().await.unwrap(), 0);
}
