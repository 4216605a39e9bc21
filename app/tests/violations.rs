//! Accountability through the services and the store, on SQLite and PostgreSQL: a lead
//! proposes a violation about their handler, notifies it, the handler appeals in time, the
//! leading group reduces it; a second appeal and a late one are refused; a withdrawn
//! proposal keeps its record and costs nothing; who sees which violations; every step is an
//! event in the one chain.
#![cfg(feature = "ssr")]

use app::domain::roles::{Clearance, Role};
use app::domain::violation::{Conduct, Discipline, Outcome, Penalty, Severity, ViolationState};
use app::domain::workflow::Actor;
use app::error::AppError;
use app::store::testing;
use app::store::Store;
use app::violations::service::{self, Proposal};

const DAY: i64 = 86_400_000;
/// Monday 2 November 2026, 10:00 at UTC+8.
const MONDAY: i64 = 1_793_584_800_000;

struct Desk {
    head: Actor,
    supervisor: Actor,
    officer: Actor,
    handler: Actor,
    lead: Actor,
    other_lead: Actor,
}

async fn desk(s: &Store) -> Desk {
    let org = testing::small_org(s, None, "", "[]").await;
    let a = |login: &'static str, dept: i64, role: Role| async move {
        testing::actor(s, login, dept, role, Clearance::Internal).await
    };
    Desk {
        head: a("head", org.centre, Role::DeptLead).await,
        supervisor: a("sup", org.centre, Role::Supervisor).await,
        officer: a("officer", org.centre, Role::Compliance).await,
        handler: a("h1", org.first, Role::Handler).await,
        lead: a("lead", org.first, Role::DeptLead).await,
        other_lead: a("lead2", org.second, Role::DeptLead).await,
    }
}

fn proposal(person: i64, severity: Severity) -> Proposal {
    Proposal {
        person_id: person,
        conduct: Conduct::Stalling,
        conduct_text: String::new(),
        facts: "签收后三个工作日未联系来电人".into(),
        tickets: Vec::new(),
        warning_id: None,
        severity,
        points: None,
        discipline: Discipline::Warning,
        fine_fen: 0,
    }
}

fn tz() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}

#[tokio::test]
async fn a_violation_is_notified_appealed_in_time_and_reduced_by_the_leading_group() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s).await;
        let id = service::propose(
            s,
            &d.lead,
            proposal(d.handler.id, Severity::General),
            MONDAY,
        )
        .await
        .unwrap();
        let v = s.violation(id, MONDAY).await.unwrap().unwrap();
        assert_eq!(v.code, "WG-0001", "{label}");
        assert_eq!(
            v.penalty.points, 5,
            "{label}: the scheme's points for general"
        );
        assert_eq!(v.state, ViolationState::Proposed);
        // Another department's lead does not see it; the handler cannot notify it.
        assert_eq!(
            service::detail(s, &d.other_lead, id, MONDAY).await.err(),
            Some(AppError::NotFound),
            "{label}"
        );
        assert_eq!(
            service::notify(s, &d.handler, id, &tz(), MONDAY).await,
            Err(AppError::Forbidden),
            "{label}"
        );
        service::notify(s, &d.lead, id, &tz(), MONDAY)
            .await
            .unwrap();
        let v = s.violation(id, MONDAY).await.unwrap().unwrap();
        // Five working days after Monday 2 November: to the end of Monday 9 November.
        assert_eq!(
            v.appeal_until,
            Some(MONDAY - 10 * 3_600_000 + 8 * DAY),
            "{label}"
        );
        assert_eq!(
            testing::notified(s, d.handler.id, "violation_notified").await,
            1,
            "{label}"
        );
        let detail = service::detail(s, &d.handler, id, MONDAY + DAY)
            .await
            .unwrap();
        assert_eq!(detail.moves, vec![app::domain::violation::Move::Appeal]);
        service::appeal(
            s,
            &d.handler,
            id,
            "当天系统故障无法外呼，有报修记录",
            MONDAY + DAY,
        )
        .await
        .unwrap();
        assert_eq!(
            service::appeal(s, &d.handler, id, "再次申诉", MONDAY + DAY).await,
            Err(AppError::Conflict),
            "{label}: appealed once"
        );
        for who in [d.head.id, d.supervisor.id] {
            assert_eq!(
                testing::notified(s, who, "violation_appealed").await,
                1,
                "{label}: the leading group hears of the appeal"
            );
        }
        // The proposer is not of the leading group; the pending appeal counts no points.
        assert_eq!(
            service::decide(
                s,
                &d.lead,
                id,
                Outcome::Upheld,
                None,
                "维持",
                MONDAY + 2 * DAY
            )
            .await,
            Err(AppError::Forbidden),
            "{label}"
        );
        assert!(s
            .counted_points(0, i64::MAX, MONDAY + 2 * DAY)
            .await
            .unwrap()
            .is_empty());
        // A "reduction" with a heavier measure is refused; a lighter one is recorded.
        let heavier = Penalty {
            points: 2,
            discipline: Discipline::Demerit,
            fine_fen: 0,
        };
        assert!(matches!(
            service::decide(
                s,
                &d.head,
                id,
                Outcome::Reduced,
                Some(heavier),
                "减轻",
                MONDAY + 2 * DAY
            )
            .await,
            Err(AppError::Field { .. })
        ));
        let lighter = Penalty {
            points: 2,
            discipline: Discipline::None,
            fine_fen: 0,
        };
        service::decide(
            s,
            &d.head,
            id,
            Outcome::Reduced,
            Some(lighter),
            "系统故障属实，酌情减轻",
            MONDAY + 2 * DAY,
        )
        .await
        .unwrap();
        let v = s.violation(id, MONDAY + 3 * DAY).await.unwrap().unwrap();
        assert_eq!(v.state, ViolationState::Decided, "{label}");
        assert_eq!(v.outcome, Some(Outcome::Reduced));
        assert_eq!(v.decided, Some(lighter));
        assert_eq!(v.penalty.points, 5, "{label}: the proposal is kept");
        assert_eq!(
            s.counted_points(0, i64::MAX, MONDAY + 3 * DAY)
                .await
                .unwrap()
                .get(&d.handler.id),
            Some(&2),
            "{label}"
        );
        assert_eq!(
            testing::notified(s, d.handler.id, "violation_decided").await,
            1,
            "{label}"
        );
        assert_eq!(
            service::decide(
                s,
                &d.supervisor,
                id,
                Outcome::Withdrawn,
                None,
                "撤销",
                MONDAY + 3 * DAY
            )
            .await,
            Err(AppError::Conflict),
            "{label}: decided once"
        );
        // Four steps in the chain, which verifies.
        let steps = s.violation_steps(id).await.unwrap();
        assert_eq!(steps.len(), 4, "{label}");
        assert!(steps.iter().all(|st| st.event.is_some()));
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}");
    }
}

#[tokio::test]
async fn a_late_appeal_is_refused_and_a_withdrawn_proposal_stays_without_points() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s).await;
        let id = service::propose(
            s,
            &d.officer,
            proposal(d.handler.id, Severity::Minor),
            MONDAY,
        )
        .await
        .unwrap();
        service::notify(s, &d.officer, id, &tz(), MONDAY)
            .await
            .unwrap();
        // Two weeks later the window has closed: final, and the points count.
        let later = MONDAY + 14 * DAY;
        assert_eq!(
            service::appeal(s, &d.handler, id, "迟到的申诉", later).await,
            Err(AppError::Conflict),
            "{label}"
        );
        let v = s.violation(id, later).await.unwrap().unwrap();
        assert_eq!(v.state, ViolationState::Final, "{label}");
        assert_eq!(v.counted_points(), 2);
        // A second proposal, withdrawn before it reached the person.
        let second = service::propose(
            s,
            &d.officer,
            proposal(d.handler.id, Severity::Serious),
            later,
        )
        .await
        .unwrap();
        assert!(matches!(
            service::withdraw(s, &d.handler, second, "x", later).await,
            Err(AppError::NotFound | AppError::Forbidden)
        ));
        service::withdraw(s, &d.officer, second, "证据不足", later)
            .await
            .unwrap();
        let w = s.violation(second, later).await.unwrap().unwrap();
        assert_eq!(w.outcome, Some(Outcome::Withdrawn), "{label}");
        assert_eq!(
            w.penalty.points, 10,
            "{label}: the record stays as proposed"
        );
        assert_eq!(w.counted_points(), 0);
        assert_eq!(
            s.counted_points(0, i64::MAX, later)
                .await
                .unwrap()
                .get(&d.handler.id),
            Some(&2),
            "{label}: only the final one counts"
        );
        assert_eq!(
            testing::notified(s, d.handler.id, "violation_notified").await,
            1,
            "{label}: the withdrawn proposal never reached the person"
        );
    }
}

#[tokio::test]
async fn each_reader_sees_their_own_their_departments_or_all() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s).await;
        let tz = tz();
        service::propose(
            s,
            &d.officer,
            proposal(d.handler.id, Severity::Minor),
            MONDAY,
        )
        .await
        .unwrap();
        service::propose(s, &d.officer, proposal(d.lead.id, Severity::Minor), MONDAY)
            .await
            .unwrap();
        let count =
            |a: Actor| async move { service::list(s, &a, &tz, MONDAY).await.unwrap().items.len() };
        assert_eq!(count(d.handler.clone()).await, 1, "{label}: their own");
        assert_eq!(
            count(d.lead.clone()).await,
            2,
            "{label}: their department's"
        );
        assert_eq!(count(d.other_lead.clone()).await, 0, "{label}");
        assert_eq!(count(d.officer.clone()).await, 2, "{label}");
        assert_eq!(count(d.supervisor.clone()).await, 2, "{label}");
        // A lead proposes only about their departments' people, never about themselves.
        assert!(matches!(
            service::propose(
                s,
                &d.other_lead,
                proposal(d.handler.id, Severity::Minor),
                MONDAY
            )
            .await,
            Err(AppError::Field { .. })
        ));
        assert!(matches!(
            service::propose(s, &d.lead, proposal(d.lead.id, Severity::Minor), MONDAY).await,
            Err(AppError::Field { .. })
        ));
    }
}

#[tokio::test]
async fn the_daily_report_counts_the_days_steps_and_the_points_that_took_effect() {
    use app::domain::report::{to_csv, Period};
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s).await;
        let tz = tz();
        let id = service::propose(
            s,
            &d.lead,
            proposal(d.handler.id, Severity::General),
            MONDAY,
        )
        .await
        .unwrap();
        service::notify(s, &d.lead, id, &tz, MONDAY + 60_000)
            .await
            .unwrap();
        service::appeal(s, &d.handler, id, "系统故障，有报修记录", MONDAY + 120_000)
            .await
            .unwrap();
        let lighter = Penalty {
            points: 2,
            discipline: Discipline::None,
            fine_fen: 0,
        };
        service::decide(
            s,
            &d.head,
            id,
            Outcome::Reduced,
            Some(lighter),
            "减轻",
            MONDAY + 180_000,
        )
        .await
        .unwrap();
        // A second, notified the same Monday and never appealed: final when its window
        // closes at the end of Monday 9 November.
        let other = service::propose(
            s,
            &d.officer,
            proposal(d.handler.id, Severity::Minor),
            MONDAY,
        )
        .await
        .unwrap();
        service::notify(s, &d.officer, other, &tz, MONDAY + 60_000)
            .await
            .unwrap();
        let day = |n| chrono::NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        let monday = app::report::service::compute(s, &tz, "+08:00", Period::Day, day(2))
            .await
            .unwrap();
        let v = &monday.violations;
        assert_eq!(
            (v.proposed, v.appealed, v.reduced, v.points),
            (2, 1, 1, 2),
            "{label}: {v:?}"
        );
        assert!(to_csv(&monday).contains("violation_points,,2\n"), "{label}");
        let ninth = app::report::service::compute(s, &tz, "+08:00", Period::Day, day(9))
            .await
            .unwrap();
        assert_eq!(
            ninth.violations.points, 2,
            "{label}: the minor one took effect"
        );
        assert_eq!(ninth.violations.proposed, 0);
    }
}
