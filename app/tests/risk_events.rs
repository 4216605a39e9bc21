//! Risk events and emergency plans through the store, on SQLite and PostgreSQL: a general
//! event filed once by its department; a major event's plan activated with a copy of its
//! steps, each step checked off once, the reports in order, the final one closing it; an
//! event from a confirmed warning, once; everything in the chain.
#![cfg(feature = "ssr")]

use app::domain::account::FieldProblem;
use app::domain::emergency::{EventGrade, EventState, PlanStep, ReportKind};
use app::domain::events::RiskEventData;
use app::domain::roles::{Clearance, Role};
use app::domain::warning::{Finding, Subject, Trigger, WarningRule, WarningState};
use app::domain::workflow::Actor;
use app::error::AppError;
use app::store::emergency::{NewRiskEvent, PlanInput};

fn plan_input<'a>(scope: &'a str, steps: &'a [PlanStep]) -> PlanInput<'a> {
    PlanInput {
        title: "泄露预案",
        scope,
        steps,
        retired: false,
    }
}
use app::store::testing::{self, scalar};
use chrono::NaiveDate;

fn step(what: &str, role: Role, minutes: i64) -> PlanStep {
    PlanStep {
        what: what.into(),
        role,
        minutes,
    }
}

fn new_event<'a>(
    risk_id: i64,
    grade: EventGrade,
    department_id: i64,
    plan: Option<&'a app::risk::EmergencyPlan>,
) -> NewRiskEvent<'a> {
    NewRiskEvent {
        risk_id,
        warning_id: None,
        grade,
        title: "坐席账号批量查看明文号码",
        description: "一日内查看 40 次明文号码",
        department_id,
        deadline: (grade == EventGrade::General)
            .then(|| NaiveDate::from_ymd_opt(2026, 12, 11).unwrap()),
        plan,
    }
}

struct Setup {
    org: testing::SmallOrg,
    officer: Actor,
    lead: Actor,
    sup: Actor,
    risk: i64,
}

/// The small organisation with compliance, the first department's lead (who owns the
/// risk) and a supervisor.
async fn setup(s: &app::store::Store, code: &str) -> Setup {
    let org = testing::small_org(s, None, "", "[]").await;
    let officer = testing::actor(
        s,
        "officer",
        org.centre,
        Role::Compliance,
        Clearance::Secret,
    )
    .await;
    let lead = testing::actor(s, "lead", org.first, Role::DeptLead, Clearance::Internal).await;
    let sup = testing::actor(s, "sup", org.centre, Role::Supervisor, Clearance::Secret).await;
    let risk = s
        .record_risk(
            &testing::risk_facts(code, org.first, lead.id),
            officer.id,
            1,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        )
        .await
        .unwrap();
    Setup {
        org,
        officer,
        lead,
        sup,
        risk,
    }
}

#[tokio::test]
async fn a_general_event_is_filed_once_and_a_major_one_runs_its_plan_to_the_final_report() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let Setup {
            org,
            officer,
            lead,
            sup,
            risk,
        } = setup(s, "R-E-01").await;

        // The library: a title once only.
        let steps = vec![
            step("封存账号", Role::Compliance, 30),
            step("通报领导小组", Role::Supervisor, 60),
        ];
        let plan_id = s
            .save_emergency_plan(None, &plan_input("个人信息泄露", &steps), officer.id, 2)
            .await
            .unwrap();
        let again = s
            .save_emergency_plan(None, &plan_input("", &steps), officer.id, 3)
            .await;
        assert_eq!(
            again,
            Err(AppError::field("title", FieldProblem::AlreadyTaken)),
            "{label}"
        );
        let plan = s.emergency_plan(plan_id).await.unwrap().unwrap();

        // General: the lead is told; filed once; compliance told of the filing.
        let general = s
            .record_risk_event(
                &new_event(risk, EventGrade::General, org.first, None),
                sup.id,
                &[lead.id],
                10,
            )
            .await
            .unwrap();
        let told = |user: i64, kind: &'static str| testing::notified(s, user, kind);
        assert_eq!(told(lead.id, "risk_event").await, 1, "{label}");
        s.file_risk_event(general, "已约谈并整改", lead.id, &[officer.id], 20)
            .await
            .unwrap();
        assert_eq!(
            s.file_risk_event(general, "再报", lead.id, &[officer.id], 21)
                .await,
            Err(AppError::Conflict),
            "{label}: filed once"
        );
        assert_eq!(told(officer.id, "risk_event_filed").await, 1, "{label}");
        let e = s.risk_event(general).await.unwrap().unwrap();
        assert_eq!(e.state, EventState::Filed, "{label}");
        assert_eq!(e.result, "已约谈并整改");
        assert_eq!(e.filed_at, Some(20));

        // Major: the plan's steps copied at activation; the library may change after.
        let major = s
            .record_risk_event(
                &new_event(risk, EventGrade::Major, org.first, Some(&plan)),
                officer.id,
                &[sup.id],
                100,
            )
            .await
            .unwrap();
        s.save_emergency_plan(Some(plan_id), &plan_input("", &steps[..1]), officer.id, 101)
            .await
            .unwrap();
        let copied = s.risk_event_steps(major).await.unwrap();
        assert_eq!(
            copied.len(),
            2,
            "{label}: the event keeps the steps it activated"
        );
        assert_eq!(
            s.file_risk_event(major, "x", lead.id, &[], 102).await,
            Err(AppError::Conflict),
            "{label}: a major event is not filed"
        );
        let report = |kind, at| s.report_risk_event(major, kind, "报告", officer.id, at);
        assert_eq!(
            report(ReportKind::Progress, 110).await,
            Err(AppError::Conflict)
        );
        assert_eq!(report(ReportKind::Initial, 120).await, Ok(false), "{label}");
        assert_eq!(
            report(ReportKind::Initial, 121).await,
            Err(AppError::Conflict)
        );
        assert_eq!(
            report(ReportKind::Final, 122).await,
            Err(AppError::Conflict),
            "{label}: steps open"
        );
        s.check_event_step(major, 1, "已封存", officer.id, 130)
            .await
            .unwrap();
        assert_eq!(
            s.check_event_step(major, 1, "again", officer.id, 131).await,
            Err(AppError::Conflict),
            "{label}: a step is checked off once"
        );
        assert_eq!(report(ReportKind::Progress, 140).await, Ok(false));
        s.check_event_step(major, 2, "", sup.id, 150).await.unwrap();
        assert_eq!(report(ReportKind::Final, 160).await, Ok(true), "{label}");
        let e = s.risk_event(major).await.unwrap().unwrap();
        assert_eq!((e.state, e.closed_at), (EventState::Closed, Some(160)));
        assert_eq!(
            report(ReportKind::Progress, 170).await,
            Err(AppError::Conflict)
        );
        let kinds: Vec<ReportKind> = s
            .risk_event_reports(major)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![ReportKind::Initial, ReportKind::Progress, ReportKind::Final]
        );

        // The timeline of the major event, in the risk's history.
        let history: Vec<&'static str> = s
            .risk_history(risk)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|h| h.event)
            .filter(|e| e.risk_event_id() == Some(major))
            .map(|e| e.kind())
            .collect();
        assert_eq!(
            history,
            vec![
                "risk_event_recorded",
                "plan_activated",
                "risk_event_reported",
                "plan_step_done",
                "risk_event_reported",
                "plan_step_done",
                "risk_event_reported",
            ],
            "{label}"
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

#[tokio::test]
async fn a_confirmed_warning_becomes_one_event() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let Setup {
            org, officer, risk, ..
        } = setup(s, "R-E-02").await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let finding = Finding {
            rule: WarningRule::Privacy,
            subject: Subject::User(agent.id),
            window: "2026-12-04".into(),
            trigger: Trigger::RevealsInDay {
                count: 40,
                day: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            },
            tickets: vec![],
            major: false,
            department: None,
        };
        let warning = s
            .raise_warning(&finding, risk, &[], &[officer.id], 5)
            .await
            .unwrap()
            .unwrap();
        let mut from_warning = new_event(risk, EventGrade::General, org.centre, None);
        from_warning.warning_id = Some(warning);
        assert_eq!(
            s.record_risk_event(&from_warning, officer.id, &[], 6).await,
            Err(AppError::Conflict),
            "{label}: not before it is confirmed"
        );
        s.decide_warning(warning, WarningState::Confirmed, "", officer.id, 7)
            .await
            .unwrap();
        let id = s
            .record_risk_event(&from_warning, officer.id, &[], 8)
            .await
            .unwrap();
        assert_eq!(
            s.record_risk_event(&from_warning, officer.id, &[], 9).await,
            Err(AppError::Conflict),
            "{label}: once"
        );
        assert_eq!(
            s.warning(warning).await.unwrap().unwrap().event_id,
            Some(id)
        );
        assert_eq!(
            scalar(s, "SELECT COUNT(*) FROM risk_event_records").await,
            1,
            "{label}: nothing half-written"
        );
        let recorded = s
            .risk_history(risk)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|h| h.event)
            .find(|e| matches!(e, RiskEventData::EventRecorded { .. }));
        assert!(
            matches!(recorded, Some(RiskEventData::EventRecorded { warning_id: Some(w), .. }) if w == warning),
            "{label}"
        );
    }
}

#[tokio::test]
async fn late_duties_are_told_once_to_those_responsible() {
    use app::risk::event_reminders::run_event_reminders;
    use chrono::TimeZone;
    let tz = chrono_tz::Asia::Shanghai;
    let at = |d: u32, h: u32| {
        tz.with_ymd_and_hms(2026, 12, d, h, 0, 0)
            .unwrap()
            .timestamp_millis()
    };
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let Setup {
            org,
            officer,
            lead,
            sup,
            risk,
        } = setup(s, "R-E-03").await;
        let steps = vec![step("封存账号", Role::Compliance, 30)];
        let plan_id = s
            .save_emergency_plan(None, &plan_input("", &steps), officer.id, 2)
            .await
            .unwrap();
        let plan = s.emergency_plan(plan_id).await.unwrap().unwrap();
        // Filing due by the 11th; the major event activated at 9:00 on the 4th.
        s.record_risk_event(
            &new_event(risk, EventGrade::General, org.first, None),
            sup.id,
            &[],
            at(4, 9),
        )
        .await
        .unwrap();
        let major = s
            .record_risk_event(
                &new_event(risk, EventGrade::Major, org.first, Some(&plan)),
                officer.id,
                &[],
                at(4, 9),
            )
            .await
            .unwrap();
        let late = |user: i64| testing::notified(s, user, "risk_event_late");
        assert_eq!(
            run_event_reminders(s, &tz, at(4, 9)).await.unwrap(),
            0,
            "{label}"
        );
        assert_eq!(
            run_event_reminders(s, &tz, at(4, 11)).await.unwrap(),
            1,
            "{label}: no initial report"
        );
        assert_eq!(
            run_event_reminders(s, &tz, at(4, 12)).await.unwrap(),
            0,
            "{label}: once"
        );
        assert_eq!((late(sup.id).await, late(lead.id).await), (1, 0), "{label}");
        s.report_risk_event(major, ReportKind::Initial, "初报", officer.id, at(4, 12))
            .await
            .unwrap();
        // The 12th: the filing is late (to the lead), and so is the progress report.
        assert_eq!(
            run_event_reminders(s, &tz, at(12, 9)).await.unwrap(),
            2,
            "{label}"
        );
        assert_eq!(late(lead.id).await, 1, "{label}: the department's lead");
        assert_eq!(
            late(officer.id).await,
            3,
            "{label}: compliance hears of each"
        );
        assert_eq!(
            run_event_reminders(s, &tz, at(13, 9)).await.unwrap(),
            0,
            "{label}"
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}
