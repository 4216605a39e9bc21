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

fn december() -> i64 {
    at(30, 12, 0) + 86_400_000 * 10
}

fn january() -> i64 {
    TZ.with_ymd_and_hms(2027, 1, 5, 9, 0, 0)
        .unwrap()
        .timestamp_millis()
}

/// Opens November's evaluation, scores the four dimensions and finishes it; sets the
/// handler a task. Returns the evaluation and the task.
async fn evaluated(d: &Desk) -> (i64, i64) {
    use app::evaluation::service as ev;
    let s = d.store();
    let id = ev::open(
        s,
        &TZ,
        &d.supervisor,
        "十一月评估",
        "2026-11-01",
        "2026-11-30",
        december(),
    )
    .await
    .unwrap();
    for (dim, score) in [
        ("policy", "90"),
        ("process", "70"),
        ("risk", "80"),
        ("satisfaction", "60"),
    ] {
        ev::score(
            s,
            &d.supervisor,
            id,
            dim,
            score,
            "发现：办理超期",
            december(),
        )
        .await
        .unwrap();
    }
    ev::finish(s, &TZ, "Asia/Shanghai", &d.supervisor, id, december())
        .await
        .unwrap();
    let task = ev::set_task(
        s,
        &TZ,
        &d.supervisor,
        id,
        "process",
        "压缩签收时限",
        &d.handler.id.to_string(),
        "2026-12-20",
        december(),
    )
    .await
    .unwrap();
    (id, task)
}

#[tokio::test]
async fn an_evaluation_prefills_evidence_is_scored_finished_and_its_tasks_tracked() {
    use app::domain::account::FieldProblem;
    use app::domain::evaluation::{Measure, TaskState, Trend};
    use app::evaluation::service as ev;
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let s = d.store();
        let tz = "Asia/Shanghai";
        let now = december();
        let refused = ev::open(s, &TZ, &d.handler, "x", "2026-11-01", "2026-11-30", now).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{label}");
        let backwards = ev::open(s, &TZ, &d.supervisor, "x", "2026-11-30", "2026-11-01", now).await;
        assert!(
            matches!(&backwards, Err(AppError::Field { field, problem: FieldProblem::MustBeLater }) if field == "last_day"),
            "{label}: {backwards:?}"
        );
        let id = ev::open(
            s,
            &TZ,
            &d.supervisor,
            "十一月评估",
            "2026-11-01",
            "2026-11-30",
            now,
        )
        .await
        .unwrap();
        let v = ev::view(s, &TZ, tz, &d.supervisor, id, now).await.unwrap();
        assert_eq!(v.evaluation.code, "PG-2026-01", "{label}");
        assert_eq!(
            (v.before_first.as_str(), v.before_last.as_str()),
            ("2026-10-02", "2026-10-31"),
            "{label}"
        );
        let figure = |m: Measure| v.evidence.iter().find(|x| x.measure == m).unwrap().clone();
        // A on time, B late: half; A satisfied, B not: half; nothing in October.
        let on_time = figure(Measure::OnTimeRate);
        assert_eq!(
            (on_time.now, on_time.before, on_time.trend()),
            (Some(0.5), None, Trend::None),
            "{label}"
        );
        assert_eq!(figure(Measure::SatisfactionRate).now, Some(0.5), "{label}");
        assert_eq!(figure(Measure::Unsatisfied).now, Some(1.0), "{label}");
        let early = ev::finish(s, &TZ, tz, &d.supervisor, id, now).await;
        assert!(
            matches!(&early, Err(AppError::Field { field, .. }) if field == "score"),
            "{label}: four dimensions first"
        );
        let bad = ev::score(s, &d.supervisor, id, "policy", "101", "x", now).await;
        assert!(
            matches!(&bad, Err(AppError::Field { field, .. }) if field == "score"),
            "{label}"
        );
        for (dim, score) in [
            ("policy", "90"),
            ("process", "70"),
            ("risk", "80"),
            ("satisfaction", "50"),
        ] {
            ev::score(s, &d.supervisor, id, dim, score, "发现：办理超期", now)
                .await
                .unwrap();
        }
        // A second score of a dimension replaces the first.
        ev::score(
            s,
            &d.supervisor,
            id,
            "satisfaction",
            "60",
            "回访不满意一件",
            now,
        )
        .await
        .unwrap();
        ev::finish(s, &TZ, tz, &d.supervisor, id, now)
            .await
            .unwrap();
        let done = ev::view(s, &TZ, tz, &d.supervisor, id, now).await.unwrap();
        assert!(done.evaluation.finished, "{label}");
        assert_eq!(done.evaluation.overall, Some(75.0), "{label}");
        assert_eq!(
            done.evidence, v.evidence,
            "{label}: the evidence kept is the one scored"
        );
        assert!(
            s.evaluation_evidence(id).await.unwrap().is_some(),
            "{label}"
        );
        let late = ev::score(s, &d.supervisor, id, "policy", "10", "x", now).await;
        assert!(
            matches!(late, Err(AppError::Conflict)),
            "{label}: finished is final"
        );
        // Tasks: a deadline not in the past, an active owner; the owner (only) closes it.
        let past = ev::set_task(
            s,
            &TZ,
            &d.supervisor,
            id,
            "process",
            "x",
            &d.handler.id.to_string(),
            "2026-12-01",
            now,
        )
        .await;
        assert!(
            matches!(&past, Err(AppError::Field { field, .. }) if field == "due_day"),
            "{label}"
        );
        let nobody = ev::set_task(
            s,
            &TZ,
            &d.supervisor,
            id,
            "process",
            "x",
            "999999",
            "2026-12-20",
            now,
        )
        .await;
        assert!(
            matches!(&nobody, Err(AppError::Field { field, .. }) if field == "owner"),
            "{label}"
        );
        let task = ev::set_task(
            s,
            &TZ,
            &d.supervisor,
            id,
            "process",
            "压缩签收时限",
            &d.handler.id.to_string(),
            "2026-12-20",
            now,
        )
        .await
        .unwrap();
        let outsider = ev::view(s, &TZ, tz, &d.agent, id, now).await;
        assert!(
            matches!(outsider, Err(AppError::NotFound)),
            "{label}: not theirs"
        );
        let mine = ev::list(s, &TZ, &d.handler, now).await.unwrap();
        assert!(
            mine.evaluations.is_empty(),
            "{label}: a handler reads only their tasks"
        );
        assert_eq!(
            mine.my_tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
            [task],
            "{label}"
        );
        ev::view(s, &TZ, tz, &d.handler, id, now)
            .await
            .expect("the owner reads the evaluation of their task");
        let not_theirs = ev::task_done(s, &d.agent, task, "做完了", now).await;
        assert!(matches!(not_theirs, Err(AppError::NotFound)), "{label}");
        let empty = ev::task_done(s, &d.handler, task, " ", now).await;
        assert!(
            matches!(&empty, Err(AppError::Field { field, .. }) if field == "note"),
            "{label}"
        );
        // Done after its day: late.
        let after = now + 86_400_000 * 15;
        assert_eq!(
            ev::task_done(s, &d.handler, task, "已修订签收规程", after)
                .await
                .unwrap(),
            id
        );
        let twice = ev::task_done(s, &d.handler, task, "again", after).await;
        assert!(matches!(twice, Err(AppError::Conflict)), "{label}");
        let t = ev::view(s, &TZ, tz, &d.supervisor, id, after)
            .await
            .unwrap()
            .tasks;
        assert_eq!(
            (t[0].state, t[0].done_note.as_str()),
            (TaskState::DoneLate, "已修订签收规程"),
            "{label}"
        );
        assert!(
            ev::list(s, &TZ, &d.handler, after)
                .await
                .unwrap()
                .my_tasks
                .is_empty(),
            "{label}"
        );
        // Every step is in the chain, which still verifies.
        let events = s.record_timeline("evaluation", id).await.unwrap();
        assert_eq!(
            events.len(),
            1 + 5 + 1 + 1 + 1,
            "{label}: opened, five scores, finished, task set, done"
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

#[tokio::test]
async fn the_annual_report_is_computed_from_the_year_issued_and_kept() {
    use app::assessment::annual_report as report;
    use app::domain::account::FieldProblem;
    for db in testing::all().await {
        let d = desk(db).await;
        let label = d.db.label;
        let s = d.store();
        let tz = "Asia/Shanghai";
        let (id, _) = evaluated(&d).await;
        let refused = report::view(s, &TZ, tz, &d.handler, 2026, december()).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{label}");
        let draft = report::view(s, &TZ, tz, &d.supervisor, 2026, december())
            .await
            .unwrap();
        let r = &draft.report;
        assert!(
            draft.issued.is_none() && !draft.may_issue,
            "{label}: the year is not over"
        );
        assert_eq!((r.figures.received, r.figures.resolved), (3, 2), "{label}");
        assert_eq!(r.months.len(), 12, "{label}: January to December so far");
        let november = r.months.iter().find(|m| m.month == "2026-11").unwrap();
        assert_eq!(
            (november.received, november.on_time_rate),
            (3, Some(0.5)),
            "{label}"
        );
        assert_eq!(r.evaluations.len(), 1, "{label}");
        assert_eq!(r.evaluations[0].evaluation.id, id, "{label}");
        assert_eq!(r.evaluations[0].tasks.len(), 1, "{label}");
        assert!(r.kpis.is_some(), "{label}: the desk's KPIs of the year");
        report::save_suggestions(s, &d.supervisor, 2026, "  明年压缩签收时限  ", december())
            .await
            .unwrap();
        let early = report::issue(s, &TZ, tz, &d.supervisor, 2026, "", december()).await;
        assert!(
            matches!(&early, Err(AppError::Field { field, problem: FieldProblem::PeriodNotOver }) if field == "year"),
            "{label}: {early:?}"
        );
        let not_theirs = report::issue(s, &TZ, tz, &d.lead, 2026, "", january()).await;
        assert!(matches!(not_theirs, Err(AppError::Forbidden)), "{label}");
        assert_eq!(
            report::issue(s, &TZ, tz, &d.supervisor, 2026, "", january())
                .await
                .unwrap(),
            1
        );
        // Changed afterwards, the draft waits for the next issue; the issued one stays.
        report::save_suggestions(s, &d.supervisor, 2026, "另一条建议", january())
            .await
            .unwrap();
        let issued = report::view(s, &TZ, tz, &d.supervisor, 2026, january() + 60_000)
            .await
            .unwrap();
        assert_eq!(
            issued.issued.as_ref().map(|v| v.version),
            Some(1),
            "{label}"
        );
        assert_eq!(issued.report.suggestions, "明年压缩签收时限", "{label}");
        assert_eq!(issued.draft, "另一条建议", "{label}");
        assert_eq!(
            issued.report.computed_at,
            january(),
            "{label}: the kept one"
        );
        let again = report::issue(s, &TZ, tz, &d.supervisor, 2026, "", january()).await;
        assert!(
            matches!(&again, Err(AppError::Field { field, .. }) if field == "reason"),
            "{label}"
        );
        assert_eq!(
            report::issue(s, &TZ, tz, &d.supervisor, 2026, "补充建议", january())
                .await
                .unwrap(),
            2
        );
        for sql in [
            "UPDATE report_snapshots SET report = '{}' WHERE day = 'annual-report-2026'",
            "DELETE FROM report_snapshots WHERE day = 'annual-report-2026'",
        ] {
            assert!(
                testing::try_execute(s, sql).await.is_err(),
                "{label}: {sql} must fail"
            );
        }
        // The tables as a file carry the version and every section.
        let v = report::view(s, &TZ, tz, &d.supervisor, 2026, january())
            .await
            .unwrap();
        let file =
            app::assessment::export::annual_report_download(&v, app::report::export::Format::Csv)
                .unwrap();
        let text = String::from_utf8(file.body).unwrap();
        assert_eq!(file.filename, "annual-report-2026.csv", "{label}");
        for needle in [
            "2,figures,received,2026,3",
            "2,month,2026-11,received,3",
            "evaluation,PG-2026-01,overall,75",
            "suggestions,,,另一条建议",
        ] {
            assert!(text.contains(needle), "{label}: {needle} in\n{text}");
        }
    }
}
