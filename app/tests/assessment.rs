//! The assessment's KPIs through the real ticket service on both backends: a small desk
//! walked at chosen instants of November 2026, then the month's sheet as each role sees it.
use app::assessment::service as assessment;
use app::assessment::{KpiSheet, Unit};
use app::domain::kpi::{Kpi, KpiRules};
use app::domain::roles::{Clearance, Role};
use app::domain::ticket::CallbackOutcome;
use app::domain::workflow::{Actor, Command};
use app::error::AppError;
use app::store::testing::{self, TestDb};
use app::store::Store;
use app::tickets::service::{self, AssignTo, Request};
use chrono::{NaiveDate, TimeZone};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn at(d: u32, h: u32, m: u32) -> i64 {
    TZ.with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp_millis()
}

fn november() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    )
}

struct Desk {
    db: TestDb,
    agent: Actor,
    supervisor: Actor,
    lead: Actor,
    handler: Actor,
    other_handler: Actor,
    admin: Actor,
    second: i64,
}

impl Desk {
    fn store(&self) -> &Store {
        &self.db.store
    }
    async fn act(&self, who: &Actor, id: i64, r: Request, when: i64) {
        let what = format!("{r:?}");
        service::act(self.store(), &TZ, who, id, r, when)
            .await
            .unwrap_or_else(|e| panic!("{}: {what} at {when}: {e:?}", self.db.label));
    }
    async fn sheet(&self, who: &Actor) -> Result<KpiSheet, AppError> {
        assessment::sheet(
            self.store(),
            &TZ,
            "Asia/Shanghai",
            who,
            november(),
            at(30, 23, 0) + 86_400_000 * 4,
        )
        .await
    }
}

/// On Tuesday 3 November, all noise complaints, which go to the first department's handler:
/// - A 10:00, signed for 10:05, resolved 11:00, the caller satisfied;
/// - B 10:10 (the same caller again: a repeat call), signed for 10:15, resolved on the
///   26th — long after its deadline — the caller unsatisfied;
/// - C 10:20, sent on by the supervisor to the second department at 10:30 (the first had
///   not signed for it, its sign-for deadline still ahead), signed for there the next day at
///   noon, long after that deadline, still open.
async fn desk(db: TestDb) -> Desk {
    let s = &db.store;
    let org = testing::small_org(s, None, "", "[]").await;
    let user = |login: &'static str, dept: i64, role: Role| async move {
        testing::actor(s, login, dept, role, Clearance::Internal).await
    };
    let d = Desk {
        agent: user("agent", org.centre, Role::Agent).await,
        supervisor: user("sup", org.centre, Role::Supervisor).await,
        lead: user("lead", org.first, Role::DeptLead).await,
        handler: user("h1", org.first, Role::Handler).await,
        other_handler: user("h2", org.second, Role::Handler).await,
        admin: user("admin", org.centre, Role::Admin).await,
        second: org.second,
        db,
    };
    let register = |phone: &'static str, when| {
        let d = &d;
        async move {
            service::register(
                d.store(),
                &TZ,
                &d.agent,
                testing::intake(org.noise, "normal", phone),
                when,
            )
            .await
            .unwrap()
            .0
        }
    };
    let h = d.handler.clone();
    let resolve = || {
        Request::Plain(Command::Resolve {
            result: "已处理".into(),
        })
    };
    let callback = |outcome| {
        Request::Plain(Command::Callback {
            outcome,
            told: "已处理".into(),
            reason: "仍未解决".into(),
            next_step: String::new(),
        })
    };
    let a = register("13800001234", at(3, 10, 0)).await;
    d.act(&h, a, Request::SignFor, at(3, 10, 5)).await;
    d.act(&h, a, resolve(), at(3, 11, 0)).await;
    d.act(
        &d.agent,
        a,
        callback(CallbackOutcome::Satisfied),
        at(3, 15, 0),
    )
    .await;
    let b = register("13800001234", at(3, 10, 10)).await;
    d.act(&h, b, Request::SignFor, at(3, 10, 15)).await;
    d.act(&h, b, resolve(), at(26, 11, 0)).await;
    d.act(
        &d.agent,
        b,
        callback(CallbackOutcome::Unsatisfied),
        at(26, 15, 0),
    )
    .await;
    let c = register("13900005678", at(3, 10, 20)).await;
    d.act(
        &d.supervisor,
        c,
        Request::Assign {
            to: AssignTo::Department(d.second),
            reason: "按职责".into(),
        },
        at(3, 10, 30),
    )
    .await;
    d.act(&d.other_handler, c, Request::SignFor, at(4, 12, 0))
        .await;
    d
}

fn line<'a>(s: &'a KpiSheet, unit: Unit, code: &str) -> &'a app::assessment::KpiLine {
    s.desk
        .iter()
        .chain(&s.departments)
        .chain(&s.persons)
        .find(|l| l.unit == unit && l.code == code)
        .unwrap_or_else(|| panic!("no {unit:?} {code}"))
}

fn kpi(l: &app::assessment::KpiLine, k: Kpi) -> Option<f64> {
    l.kpis[Kpi::ALL.iter().position(|x| *x == k).unwrap()]
}

#[tokio::test]
async fn a_months_kpis_come_from_the_history() {
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let s = d.sheet(&d.supervisor).await.unwrap();
        assert_eq!(s.period, "2026-11");
        let first = line(&s, Unit::Department, "cg");
        let c = &first.counts;
        assert_eq!(
            (c.received, c.repeat_calls, c.assigned),
            (3, 1, 3),
            "{label}: B is a repeat call; C was first sent here"
        );
        assert_eq!(
            (c.sign_due, c.signed_on_time),
            (2, 2),
            "{label}: C moved on before its sign-for deadline is not judged"
        );
        assert_eq!((c.to_complete, c.completed), (2, 2), "{label}");
        assert_eq!((c.due, c.due_on_time), (2, 1), "{label}: B was late");
        assert_eq!((c.resolved, c.called_back), (2, 2), "{label}");
        assert_eq!(kpi(first, Kpi::Satisfaction), Some(0.5), "{label}");
        assert_eq!(kpi(first, Kpi::FirstTimeResolution), Some(0.5), "{label}");
        assert_eq!(kpi(first, Kpi::RepeatCallRate), Some(1.0 / 3.0), "{label}");
        assert!(
            kpi(first, Kpi::HoursToResolve).unwrap() > 8.0,
            "{label}: B took weeks of working hours"
        );
        let second = line(&s, Unit::Department, "sc");
        assert_eq!(
            (second.counts.sign_due, second.counts.signed_on_time),
            (1, 0),
            "{label}: signed the next day"
        );
        assert_eq!(
            second.counts.due, 1,
            "{label}: C's deadline fell, still open"
        );
        assert_eq!(kpi(second, Kpi::OnTimeCompletion), Some(0.0), "{label}");
        let h1 = line(&s, Unit::Person, "h1");
        assert_eq!(
            (
                h1.counts.assigned,
                h1.counts.to_complete,
                h1.counts.resolved
            ),
            (3, 2, 2),
            "{label}: C was first sent to h1 by name, then moved on"
        );
        assert_eq!(line(&s, Unit::Person, "h2").counts.assigned, 1, "{label}");
        assert!(line(&s, Unit::Desk, "").has_tickets);
        // Read again: the days now come from the cache, with the same figures.
        assert_eq!(d.sheet(&d.supervisor).await.unwrap(), s, "{label}");
    }
}

#[tokio::test]
async fn each_reader_sees_their_own_lines() {
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let own = d.sheet(&d.handler).await.unwrap();
        assert!(own.desk.is_none() && own.departments.is_empty(), "{label}");
        let codes: Vec<&str> = own.persons.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["h1"], "{label}: a handler sees their own line only");
        let lead = d.sheet(&d.lead).await.unwrap();
        assert!(lead.desk.is_none(), "{label}");
        let depts: Vec<&str> = lead.departments.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(depts, ["cg"], "{label}: the lead's department only");
        assert!(
            lead.persons.iter().all(|l| l.code != "h2"),
            "{label}: not the other department's handler"
        );
        assert!(lead.persons.iter().any(|l| l.code == "h1"), "{label}");
        let all = d.sheet(&d.supervisor).await.unwrap();
        assert_eq!(all.departments.len(), 2, "{label}: not the centre itself");
    }
}

#[tokio::test]
async fn only_an_admin_decides_whether_basically_satisfied_counts() {
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let strict = KpiRules {
            basically_counts: false,
        };
        let refused = assessment::save_rules(d.store(), &d.supervisor, strict, 0).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{label}");
        assessment::save_rules(d.store(), &d.admin, strict, 0)
            .await
            .unwrap();
        let s = d.sheet(&d.supervisor).await.unwrap();
        assert_eq!(s.rules, strict, "{label}");
        assert!(!d.sheet(&d.admin).await.unwrap().rules.basically_counts);
    }
}
