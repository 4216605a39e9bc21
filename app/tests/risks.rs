//! The risk list through the store, on SQLite and PostgreSQL: recording, changing and moving
//! a risk each write one history event in the tickets' chain; refused input writes nothing;
//! the matrix regrades; a tampered risk event is found by the chain check.
#![cfg(feature = "ssr")]

use app::domain::account::FieldProblem;
use app::domain::chain::Break;
use app::domain::events::RiskEventData;
use app::domain::rectification::RectState;
use app::domain::risk::{
    Grade, GradeMatrix, Rating, ReviewIntervals, RiskSettings, RiskStatus, RiskType,
};
use app::domain::roles::{Clearance, Role};
use app::error::AppError;
use app::risk::RiskFacts;
use app::store::testing::{self, scalar};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn facts(code: &str, department_id: i64, owner_id: i64) -> RiskFacts {
    testing::risk_facts(code, department_id, owner_id)
}

#[tokio::test]
async fn a_risk_lives_its_lifecycle_in_the_chain() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let centre = s
            .insert_department("centre", "中心", "centre", None)
            .await
            .unwrap();
        let owner = testing::actor(s, "owner", centre, Role::DeptLead, Clearance::Internal).await;
        let other = testing::actor(s, "other", centre, Role::Handler, Clearance::Internal).await;
        let officer =
            testing::actor(s, "officer", centre, Role::Compliance, Clearance::Secret).await;
        let today = day(2026, 12, 4);

        let id = s
            .record_risk(
                &facts("R-PRIV-01", centre, owner.id),
                officer.id,
                1_000,
                today,
            )
            .await
            .unwrap();
        let r = s.risk(id).await.unwrap().unwrap();
        assert_eq!(r.status, RiskStatus::Identified, "{label}");
        assert_eq!(r.inherent_grade, Grade::Major, "{label}: 4×5 = 20");
        assert_eq!(r.residual_grade, Grade::Significant, "{label}: 2×5 = 10");
        assert_eq!(
            r.next_review,
            day(2027, 3, 4),
            "{label}: significant → 90 days"
        );
        assert_eq!(r.owner_name, "owner");

        // The same code again: refused on its field, nothing written.
        let events = scalar(s, "SELECT COUNT(*) FROM risk_events").await;
        let err = s
            .record_risk(
                &facts("R-PRIV-01", centre, other.id),
                officer.id,
                2_000,
                today,
            )
            .await
            .unwrap_err();
        assert_eq!(
            err,
            AppError::field("code", FieldProblem::AlreadyTaken),
            "{label}"
        );
        // An owner who does not exist: refused on its field.
        let err = s
            .record_risk(
                &facts("R-PRIV-02", centre, 999_999),
                officer.id,
                2_000,
                today,
            )
            .await
            .unwrap_err();
        assert_eq!(
            err,
            AppError::field("owner_id", FieldProblem::UnknownChoice),
            "{label}"
        );
        assert_eq!(scalar(s, "SELECT COUNT(*) FROM risks").await, 1, "{label}");
        assert_eq!(
            scalar(s, "SELECT COUNT(*) FROM risk_events").await,
            events,
            "{label}"
        );

        // A change lists each changed field; a new residual rating sets a new review date.
        let mut changed = facts("R-PRIV-01", centre, other.id);
        changed.residual = Rating::new(1, 5).unwrap();
        let later = day(2027, 1, 10);
        s.update_risk(id, &changed, officer.id, 3_000, later)
            .await
            .unwrap();
        let r = s.risk(id).await.unwrap().unwrap();
        assert_eq!(r.residual_grade, Grade::General, "{label}: 1×5 = 5");
        assert_eq!(
            r.next_review,
            day(2027, 7, 9),
            "{label}: general → 180 days"
        );
        // Saving the same facts again changes nothing and writes no event.
        s.update_risk(id, &changed, officer.id, 4_000, later)
            .await
            .unwrap();

        // Along the lifecycle; a jump is refused.
        assert_eq!(
            s.move_risk(id, RiskStatus::Closed, "", officer.id, 5_000, later)
                .await
                .unwrap_err(),
            AppError::Conflict,
            "{label}: identified cannot close"
        );
        for to in [
            RiskStatus::Assessed,
            RiskStatus::Treated,
            RiskStatus::Closed,
        ] {
            s.move_risk(id, to, "整改完成", officer.id, 5_000, later)
                .await
                .unwrap();
        }
        assert_eq!(
            s.risk(id).await.unwrap().unwrap().status,
            RiskStatus::Closed
        );

        let history = s.risk_history(id).await.unwrap();
        let kinds: Vec<&str> = history
            .iter()
            .map(|e| e.event.as_ref().map(|e| e.kind()).unwrap_or("?"))
            .collect();
        assert_eq!(
            kinds,
            [
                "risk_recorded",
                "risk_changed",
                "risk_status_changed",
                "risk_status_changed",
                "risk_status_changed"
            ],
            "{label}"
        );
        match &history[1].event {
            Some(RiskEventData::Changed { changes, .. }) => {
                let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                assert_eq!(fields, ["owner", "residual"], "{label}");
                assert_eq!(
                    (changes[0].from.as_str(), changes[0].to.as_str()),
                    ("owner", "other")
                );
                assert_eq!(changes[1].to, "1×5");
            }
            other => panic!("{label}: {other:?}"),
        }
        assert_eq!(history[0].actor.as_deref(), Some("officer"));
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}: the chain verifies");
        assert_eq!(
            check.checked, 5,
            "{label}: every risk event is in the chain"
        );
    }
}

#[tokio::test]
async fn risk_and_ticket_events_share_one_chain_and_tampering_shows() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        app::seed::seed_demo(s).await.unwrap();
        let now = chrono::Utc::now().timestamp_millis();
        app::bulk_seed::seed_tickets(s, &chrono_tz::Asia::Shanghai, 20, 5, now, &|_| {})
            .await
            .unwrap();
        // The demo's risks, then tickets after them: one sequence, both tables.
        let risks = scalar(s, "SELECT COUNT(*) FROM risks").await;
        assert!(risks >= 12, "{label}: the demo risk list");
        let risk_events = scalar(s, "SELECT COUNT(*) FROM risk_events").await;
        let ticket_events = scalar(s, "SELECT COUNT(*) FROM ticket_events").await;
        // The demo's policies and letters are in the same chain too.
        let record_events = scalar(s, "SELECT COUNT(*) FROM record_events").await;
        assert!(record_events > 0, "{label}: the demo policies' history");
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}");
        assert_eq!(
            check.checked as i64,
            risk_events + ticket_events + record_events,
            "{label}"
        );
        for t in RiskType::ALL {
            let n = scalar(
                s,
                &format!(
                    "SELECT COUNT(*) FROM risks WHERE risk_type = '{}'",
                    t.code()
                ),
            )
            .await;
            assert!(n >= 2, "{label}: demo risks of type {t:?}");
        }

        let seq = scalar(s, "SELECT MIN(seq) + 2 FROM risk_events").await;
        testing::execute(
            s,
            &format!(
                "UPDATE risk_events SET data = '{{\"kind\":\"risk_status_changed\",\"from\":\"identified\",\"to\":\"closed\",\"reason\":\"\"}}' WHERE seq = {seq}"
            ),
        )
        .await;
        let check = s.verify_chain().await.unwrap();
        let (problem, subject) = check.problem.expect("tampering found");
        assert_eq!(problem.seq, seq, "{label}");
        assert_eq!(problem.what, Break::Edited, "{label}");
        assert!(
            subject.is_some_and(|c| c.starts_with("R-")),
            "{label}: names the risk"
        );
    }
}

#[tokio::test]
async fn the_matrix_regrades_the_list_at_once() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let centre = s
            .insert_department("centre", "中心", "centre", None)
            .await
            .unwrap();
        let owner = testing::actor(s, "owner", centre, Role::DeptLead, Clearance::Internal).await;
        let id = s
            .record_risk(
                &facts("R-1", centre, owner.id),
                owner.id,
                1,
                day(2026, 12, 4),
            )
            .await
            .unwrap();
        // Its owner leaves: the risk can still be given a new one.
        let successor =
            testing::actor(s, "successor", centre, Role::DeptLead, Clearance::Internal).await;
        s.set_active(owner.id, false).await.unwrap();
        s.update_risk(
            id,
            &facts("R-1", centre, successor.id),
            owner.id,
            2,
            day(2026, 12, 4),
        )
        .await
        .unwrap();
        assert_eq!(
            s.risk(id).await.unwrap().unwrap().owner_name,
            "successor",
            "{label}"
        );
        assert_eq!(s.risk_settings().await.unwrap(), RiskSettings::default());
        let stricter = RiskSettings {
            matrix: GradeMatrix::new(3, 6, 10).unwrap(),
            review: ReviewIntervals::new([300, 150, 60, 30]).unwrap(),
        };
        s.save_risk_settings(&stricter).await.unwrap();
        assert_eq!(s.risk_settings().await.unwrap(), stricter, "{label}");
        let r = s.risk(id).await.unwrap().unwrap();
        assert_eq!(r.residual_grade, Grade::Major, "{label}: 10 is major now");
        // The date set when it was recorded stays until the next assessment …
        assert_eq!(r.next_review, day(2027, 3, 4), "{label}");
        s.move_risk(id, RiskStatus::Assessed, "", owner.id, 2, day(2026, 12, 5))
            .await
            .unwrap();
        // … which sets it by the new interval.
        assert_eq!(
            s.risk(id).await.unwrap().unwrap().next_review,
            day(2027, 1, 4),
            "{label}: major → 30 days"
        );
    }
}

#[tokio::test]
async fn a_recorded_check_is_one_ledger_row_that_nothing_changes() {
    use app::domain::risk_check::{CheckResult, Schedule};
    use app::store::risk_checks::CheckRecord;
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let centre = s
            .insert_department("centre", "中心", "centre", None)
            .await
            .unwrap();
        let owner = testing::actor(s, "owner", centre, Role::DeptLead, Clearance::Internal).await;
        let officer =
            testing::actor(s, "officer", centre, Role::Compliance, Clearance::Secret).await;
        let risk = s
            .record_risk(
                &facts("R-1", centre, owner.id),
                officer.id,
                1,
                day(2026, 12, 4),
            )
            .await
            .unwrap();
        let calendar = s.desk_settings().await.unwrap().calendar;
        assert_eq!(
            s.plan_risk_check(
                risk,
                Schedule::Monthly,
                999_999,
                day(2026, 12, 5),
                &calendar,
                officer.id,
                2
            )
            .await
            .unwrap_err(),
            AppError::field("checker_id", FieldProblem::UnknownChoice),
            "{label}"
        );
        // Saturday 5 December: due on Monday the 7th.
        let plan = s
            .plan_risk_check(
                risk,
                Schedule::Monthly,
                owner.id,
                day(2026, 12, 5),
                &calendar,
                officer.id,
                2,
            )
            .await
            .unwrap();
        let p = s.risk_check_plan(plan).await.unwrap().unwrap();
        assert_eq!(
            (p.nominal_due, p.due_on),
            (day(2026, 12, 5), day(2026, 12, 7)),
            "{label}"
        );
        assert_eq!(p.checker_name, "owner");

        let record = CheckRecord {
            method: "抽查明文查看记录 20 条",
            result: CheckResult::ProblemFound,
            findings: "3 条查看未说明理由",
            evidence: "抽查清单 2026-12",
            rectify: Some((day(2026, 12, 31), "逐条补充理由并培训")),
        };
        s.record_risk_check(plan, &record, &calendar, owner.id, 3)
            .await
            .unwrap();
        // The plan moves one month on from the nominal day: Tuesday 5 January.
        let p = s.risk_check_plan(plan).await.unwrap().unwrap();
        assert_eq!(
            (p.nominal_due, p.due_on),
            (day(2027, 1, 5), day(2027, 1, 5)),
            "{label}"
        );
        let tasks = s.check_tasks_of(owner.id).await.unwrap();
        assert_eq!(tasks.len(), 1, "{label}");
        assert_eq!(tasks[0].due_on, day(2027, 1, 5));

        let ledger = s.risk_ledger(risk).await.unwrap();
        assert_eq!(ledger.len(), 1, "{label}");
        assert_eq!(ledger[0].due_on, day(2026, 12, 7));
        assert_eq!(ledger[0].result, CheckResult::ProblemFound);
        assert_eq!(ledger[0].checked_by, "owner");

        // No code path changes the ledger, and the database refuses it to anyone who tries.
        for sql in [
            "UPDATE risk_checks SET findings = '无问题'",
            "UPDATE risk_checks SET result = 'no_problem'",
            "DELETE FROM risk_checks",
        ] {
            assert!(
                testing::try_execute(s, sql).await.is_err(),
                "{label}: {sql}"
            );
        }
        let ledger = s.risk_ledger(risk).await.unwrap();
        assert_eq!(ledger.len(), 1, "{label}");
        assert_eq!(ledger[0].findings, "3 条查看未说明理由", "{label}");

        // The problem found opened its rectification, owned by the risk's owner.
        let rects = s.rectifications_of_risk(risk).await.unwrap();
        assert_eq!(rects.len(), 1, "{label}");
        let rect = &rects[0];
        assert_eq!(
            (rect.owner_id, rect.state, rect.deadline),
            (owner.id, RectState::Open, day(2026, 12, 31)),
            "{label}"
        );
        for (from, to) in [
            (RectState::Open, RectState::InProgress),
            (RectState::InProgress, RectState::Submitted),
            (RectState::Submitted, RectState::SentBack),
            (RectState::SentBack, RectState::InProgress),
            (RectState::InProgress, RectState::Submitted),
            (RectState::Submitted, RectState::Verified),
        ] {
            s.move_rectification(rect.id, from, to, "说明", owner.id, 4)
                .await
                .unwrap();
        }
        // A move from a state it is no longer in: someone moved it first.
        assert_eq!(
            s.move_rectification(
                rect.id,
                RectState::Submitted,
                RectState::SentBack,
                "晚了",
                officer.id,
                5
            )
            .await
            .unwrap_err(),
            AppError::Conflict,
            "{label}"
        );
        assert_eq!(
            s.rectification(rect.id).await.unwrap().unwrap().state,
            RectState::Verified
        );
        assert!(s.open_rectifications().await.unwrap().is_empty(), "{label}");

        let kinds: Vec<&str> = s
            .risk_history(risk)
            .await
            .unwrap()
            .iter()
            .map(|e| e.event.as_ref().map(|e| e.kind()).unwrap_or("?"))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        assert_eq!(
            kinds[..4],
            [
                "risk_recorded",
                "risk_check_planned",
                "risk_checked",
                "rectification_opened"
            ],
            "{label}"
        );
        assert_eq!(kinds.len(), 4 + 6, "{label}: each move an event");
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

#[tokio::test]
async fn an_overdue_rectification_is_reported_up_once_per_level() {
    use app::domain::risk_check::{CheckResult, Schedule};
    use app::risk::rect_escalation::run_rect_escalation;
    use app::store::risk_checks::CheckRecord;
    use chrono::TimeZone;
    let tz = chrono_tz::Asia::Shanghai;
    let at = |d: u32| {
        tz.with_ymd_and_hms(2026, 12, d, 10, 0, 0)
            .unwrap()
            .timestamp_millis()
    };
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let centre = s
            .insert_department("centre", "中心", "centre", None)
            .await
            .unwrap();
        let cg = s
            .insert_department("cg", "城管", "department", Some(centre))
            .await
            .unwrap();
        let lead = testing::actor(s, "lead", cg, Role::DeptLead, Clearance::Internal).await;
        let owner = testing::actor(s, "owner", cg, Role::Handler, Clearance::Internal).await;
        let sup = testing::actor(s, "sup", centre, Role::Supervisor, Clearance::Secret).await;
        let officer =
            testing::actor(s, "officer", centre, Role::Compliance, Clearance::Secret).await;
        let risk = s
            .record_risk(
                &facts("R-E", cg, owner.id),
                officer.id,
                1,
                day(2026, 11, 30),
            )
            .await
            .unwrap();
        let calendar = s.desk_settings().await.unwrap().calendar;
        let plan = s
            .plan_risk_check(
                risk,
                Schedule::Monthly,
                owner.id,
                day(2026, 11, 30),
                &calendar,
                officer.id,
                2,
            )
            .await
            .unwrap();
        let record = CheckRecord {
            method: "抽查",
            result: CheckResult::ProblemFound,
            findings: "3 条记录未说明理由",
            evidence: "清单",
            rectify: Some((day(2026, 12, 2), "补充理由")),
        };
        s.record_risk_check(plan, &record, &calendar, owner.id, 3)
            .await
            .unwrap();
        let told = |u: i64| async move { s.notifications(u, 10).await.unwrap().len() };
        // Due Wednesday 2 December: nothing that day; level 1 on Thursday (owner and lead),
        // once; level 2 on Monday the 7th (supervisors).
        assert_eq!(
            run_rect_escalation(s, &tz, at(2)).await.unwrap(),
            0,
            "{label}"
        );
        assert_eq!(
            run_rect_escalation(s, &tz, at(3)).await.unwrap(),
            1,
            "{label}"
        );
        assert_eq!(
            run_rect_escalation(s, &tz, at(3)).await.unwrap(),
            0,
            "{label}"
        );
        assert_eq!(
            (told(owner.id).await, told(lead.id).await),
            (1, 1),
            "{label}"
        );
        assert_eq!(told(sup.id).await, 0, "{label}");
        assert_eq!(
            run_rect_escalation(s, &tz, at(7)).await.unwrap(),
            1,
            "{label}"
        );
        assert_eq!(told(sup.id).await, 1, "{label}");
        assert_eq!(
            testing::scalar(
                s,
                "SELECT COUNT(*) FROM risk_events WHERE kind = 'rectification_escalated'"
            )
            .await,
            2,
            "{label}"
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}
