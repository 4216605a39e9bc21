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

/// A scheme of two KPIs, 50 marks each, scoring in a straight line from 0 % to 100 %; one
/// group of 100 marks with a red list of one, a black list of one.
fn halves() -> app::domain::score::SchemeText {
    let mut t = app::domain::score::SchemeText {
        black_size: "1".into(),
        kpi_share: "70".into(),
        excellent: "90".into(),
        pass: "75".into(),
        basic: "60".into(),
        ..Default::default()
    };
    for code in ["on_time_sign_for", "on_time_completion"] {
        for (m, v) in [
            (&mut t.weight, "50"),
            (&mut t.zero_at, "0"),
            (&mut t.floor, "0"),
            (&mut t.full_at, "100"),
        ] {
            m.insert(code.into(), v.into());
        }
    }
    t.group_name.insert("0".into(), "承办单位".into());
    t.group_full.insert("0".into(), "100".into());
    t.group_red.insert("0".into(), "1".into());
    t
}

#[tokio::test]
async fn the_league_table_scores_ranks_and_deducts_by_the_admin_s_scheme() {
    use app::assessment::league;
    use app::domain::violation::{Conduct, Discipline, Severity};
    use app::violations::service as violations;
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let refused = league::save_scheme(d.store(), &d.supervisor, &halves(), 0).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{label}");
        let mut bad = halves();
        bad.full_at.insert("on_time_completion".into(), "0".into());
        let refused = league::save_scheme(d.store(), &d.admin, &bad, 0).await;
        assert!(
            matches!(&refused, Err(AppError::Field { field, .. }) if field == "on_time_completion"),
            "{label}: full marks at 0 % is upside down: {refused:?}"
        );
        league::save_scheme(d.store(), &d.admin, &halves(), 0)
            .await
            .unwrap();
        // h1 of the first department is found to have stalled: 5 points, past its appeal.
        let id = violations::propose(
            d.store(),
            &d.lead,
            violations::Proposal {
                person_id: d.handler.id,
                conduct: Conduct::Stalling,
                conduct_text: String::new(),
                facts: "签收后三个工作日未联系来电人".into(),
                tickets: Vec::new(),
                warning_id: None,
                severity: Severity::General,
                points: None,
                discipline: Discipline::Warning,
                fine_fen: 0,
            },
            at(10, 9, 0),
        )
        .await
        .unwrap();
        violations::notify(d.store(), &d.lead, id, &TZ, at(10, 9, 5))
            .await
            .unwrap();
        let now = at(30, 23, 0) + 86_400_000 * 4;
        let t = league::league(d.store(), &TZ, "Asia/Shanghai", november(), now)
            .await
            .unwrap();
        assert_eq!(
            (t.period.as_str(), t.previous.as_str()),
            ("2026-11", "2026-10")
        );
        let rows = &t.groups[0].rows;
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["cg", "sc"], "{label}: best first");
        let cg = &rows[0];
        let rated = cg.standing.rated.as_ref().unwrap();
        assert_eq!(
            rated.points,
            vec![Some(50.0), Some(25.0)],
            "{label}: signed 2 of 2 on time, 1 of 2 deadlines met"
        );
        assert_eq!(
            cg.parts,
            vec![(2, 2), (1, 2)],
            "{label}: the trace to the tickets"
        );
        assert_eq!(
            (rated.kpi_score, cg.deducted, rated.total),
            (75.0, 5, 70.0),
            "{label}"
        );
        assert_eq!(cg.standing.rank, Some(1), "{label}");
        assert!(cg.standing.red, "{label}");
        assert_eq!(cg.standing.change, None, "{label}: no tickets in October");
        let sc = &rows[1];
        assert_eq!(sc.standing.rated.as_ref().unwrap().total, 0.0, "{label}");
        let black: Vec<&str> = t.black.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(black, ["sc"], "{label}");
        assert_eq!(
            sc.losses,
            vec![(Kpi::OnTimeSignFor, 50.0), (Kpi::OnTimeCompletion, 50.0)],
            "{label}: why it lost its points"
        );
        // The handler's scorecard: their own KPIs and the violation; not another's.
        let card = league::scorecard(d.store(), &TZ, &d.handler, "", november(), now)
            .await
            .unwrap();
        assert_eq!(card.login, "h1", "{label}");
        assert_eq!(card.violations.len(), 1, "{label}");
        assert_eq!(card.rated.as_ref().unwrap().deducted, 5, "{label}");
        let other = league::scorecard(d.store(), &TZ, &d.handler, "h2", november(), now).await;
        assert!(matches!(other, Err(AppError::Forbidden)), "{label}");
        let lead = league::scorecard(d.store(), &TZ, &d.lead, "h1", november(), now).await;
        assert!(lead.is_ok(), "{label}: a lead reads their people's cards");
    }
}

#[tokio::test]
async fn a_closed_year_is_kept_and_the_database_refuses_to_change_it() {
    use app::assessment::annual;
    use app::domain::account::FieldProblem;
    use app::domain::annual::Grade;
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let s = d.store();
        let tz = "Asia/Shanghai";
        let december = at(30, 12, 0) + 86_400_000 * 10;
        let january = TZ
            .with_ymd_and_hms(2027, 1, 5, 9, 0, 0)
            .unwrap()
            .timestamp_millis();
        let open = annual::view(s, &TZ, tz, &d.supervisor, 2026, december)
            .await
            .unwrap();
        assert!(
            open.closed.is_none() && !open.may_close,
            "{label}: 2026 is not over"
        );
        let cg = open
            .assessment
            .departments
            .iter()
            .find(|l| l.code == "cg")
            .unwrap();
        assert!(cg.kpi_score.is_some(), "{label}");
        assert!(
            open.assessment.persons.iter().any(|l| l.code == "agent"),
            "{label}: everyone is assessed, not only handlers"
        );
        let agent = open
            .assessment
            .persons
            .iter()
            .find(|l| l.code == "agent")
            .unwrap();
        assert_eq!(
            (agent.kpi_score, agent.score, agent.grade),
            (None, 100.0, Grade::Excellent),
            "{label}: no ticket work, nothing owed"
        );
        let early = annual::close(s, &TZ, tz, &d.supervisor, 2026, "", december).await;
        assert!(
            matches!(&early, Err(AppError::Field { field, problem: FieldProblem::PeriodNotOver }) if field == "year"),
            "{label}: {early:?}"
        );
        let refused = annual::close(s, &TZ, tz, &d.handler, 2026, "", january).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{label}");
        assert_eq!(
            annual::close(s, &TZ, tz, &d.supervisor, 2026, "", january)
                .await
                .unwrap(),
            1
        );
        let again = annual::close(s, &TZ, tz, &d.supervisor, 2026, " ", january).await;
        assert!(
            matches!(&again, Err(AppError::Field { field, .. }) if field == "reason"),
            "{label}: a new version needs its reason"
        );
        // Read a day later, the kept version is what is shown, not a new computation.
        let kept = annual::view(s, &TZ, tz, &d.supervisor, 2026, january + 86_400_000)
            .await
            .unwrap();
        assert_eq!(kept.closed.as_ref().map(|c| c.version), Some(1), "{label}");
        assert_eq!(
            kept.assessment.computed_at, january,
            "{label}: the kept one"
        );
        assert!(
            kept.closed.as_ref().unwrap().chain_seq > 0,
            "{label}: anchored to the chain"
        );
        // The handler reads their own line of it only.
        let own = annual::view(s, &TZ, tz, &d.handler, 2026, january)
            .await
            .unwrap();
        assert!(own.assessment.departments.is_empty(), "{label}");
        let codes: Vec<&str> = own
            .assessment
            .persons
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        assert_eq!(codes, ["h1"], "{label}");
        assert_eq!(
            annual::close(
                s,
                &TZ,
                tz,
                &d.supervisor,
                2026,
                "补录一张工单",
                january + 60_000
            )
            .await
            .unwrap(),
            2
        );
        let v = annual::view(s, &TZ, tz, &d.supervisor, 2026, january)
            .await
            .unwrap();
        assert_eq!(v.versions.len(), 2, "{label}");
        assert_eq!(
            v.versions[0].reason, "补录一张工单",
            "{label}: newest first"
        );
        // The database itself refuses to change or delete the kept year.
        for sql in [
            "UPDATE report_snapshots SET report = '{}' WHERE day = 'assessment-2026'",
            "DELETE FROM report_snapshots WHERE day = 'assessment-2026'",
        ] {
            let refused = testing::try_execute(s, sql).await.is_err();
            assert!(refused, "{label}: {sql} must fail");
        }
        assert_eq!(
            s.snapshots("assessment-2026").await.unwrap().len(),
            2,
            "{label}"
        );
    }
}
