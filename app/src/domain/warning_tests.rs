use super::*;
use crate::domain::dispatch::{Basis, BasisRule};
use crate::domain::ticket::CallbackOutcome;
use chrono::FixedOffset;

const AGENT: i64 = 10;
const OTHER_AGENT: i64 = 11;
const SUPERVISOR: i64 = 12;
const HANDLER: i64 = 20;

fn assigned(department_id: i64, reassigned: bool) -> EventData {
    EventData::Assigned {
        department_id,
        department: format!("d{department_id}"),
        handler_id: None,
        handler: None,
        basis: Basis {
            rule: BasisRule::Catalogue,
            catalogue: None,
            open_count: None,
            eligible: None,
        },
        reason: None,
        reassigned,
        sign_due_at: 0,
        resolve_due_at: 0,
    }
}

fn extension(approved: bool) -> EventData {
    EventData::ExtensionDecided {
        request_id: 1,
        approved,
        resolve_due_at: None,
        note: String::new(),
    }
}

fn resolved() -> EventData {
    EventData::Resolved {
        result: "已处理".into(),
        callback_due_at: 0,
    }
}

fn callback(closed: bool) -> EventData {
    EventData::CallbackRecorded {
        outcome: CallbackOutcome::Unreachable,
        told: String::new(),
        reason: String::new(),
        next_step: String::new(),
        attempt: 1,
        closed,
    }
}

fn calls_back(u: i64) -> bool {
    u == AGENT || u == OTHER_AGENT
}

/// A trail of (minutes after registration, actor, event).
fn trail(steps: Vec<(i64, Option<i64>, EventData)>) -> Trail {
    Trail {
        ticket_id: 7,
        registered_by: AGENT,
        steps: steps
            .into_iter()
            .enumerate()
            .map(|(i, (min, actor, data))| Step {
                seq: 100 + i as i64,
                at: 1_000_000 + min * MINUTE,
                actor,
                data,
            })
            .collect(),
    }
}

fn found(t: &Trail, th: &Thresholds) -> Vec<(WarningRule, String)> {
    trail_findings(t, th, &calls_back)
        .into_iter()
        .map(|f| (f.rule, f.window))
        .collect()
}

#[test]
fn default_thresholds_are_the_policys_and_pass_their_own_check() {
    let th = Thresholds::default();
    assert_eq!((th.extensions, th.returns, th.reassigns), (2, 2, 3));
    assert_eq!((th.surge_percent, th.surge_min), (200, 10));
    assert_eq!((th.repeat_tickets, th.repeat_days), (3, 30));
    assert_eq!(th.check(), Ok(th));
}

#[test]
fn a_threshold_out_of_range_names_its_field() {
    let th = Thresholds {
        surge_percent: 100,
        ..Default::default()
    };
    assert_eq!(th.check(), Err(("surge_percent", FieldProblem::BadNumber)));
    let th = Thresholds {
        repeat_tickets: 1,
        ..Default::default()
    };
    assert_eq!(th.check(), Err(("repeat_tickets", FieldProblem::BadNumber)));
}

#[test]
fn stalling_needs_two_approved_extensions() {
    let th = Thresholds::default();
    let one = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        (600, Some(HANDLER), extension(true)),
        (900, Some(HANDLER), extension(false)),
    ]);
    assert!(
        found(&one, &th).is_empty(),
        "a refused extension does not count"
    );
    let two = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        (600, Some(HANDLER), extension(true)),
        (900, Some(HANDLER), extension(true)),
    ]);
    assert_eq!(
        found(&two, &th),
        vec![(WarningRule::Stalling, "extensions".to_string())]
    );
}

#[test]
fn shirking_by_returns_and_by_moves_between_departments() {
    let th = Thresholds::default();
    let returns = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        (
            30,
            Some(HANDLER),
            EventData::Returned {
                reason: "非本单位".into(),
                return_count: 1,
            },
        ),
        (60, Some(SUPERVISOR), assigned(1, false)),
        (
            90,
            Some(HANDLER),
            EventData::Returned {
                reason: "非本单位".into(),
                return_count: 2,
            },
        ),
    ]);
    assert_eq!(
        found(&returns, &th),
        vec![(WarningRule::Shirking, "returns".to_string())]
    );
    // 1 → 2 → 2 → 3: two moves (a reassignment within the department is not one).
    let two_moves = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        (30, Some(SUPERVISOR), assigned(2, true)),
        (60, Some(SUPERVISOR), assigned(2, true)),
        (90, Some(SUPERVISOR), assigned(3, true)),
    ]);
    assert!(found(&two_moves, &th).is_empty());
    let mut three_moves = two_moves.clone();
    three_moves.steps.push(Step {
        seq: 200,
        at: 2_000_000_000,
        actor: Some(SUPERVISOR),
        data: assigned(1, true),
    });
    assert_eq!(
        found(&three_moves, &th),
        vec![(WarningRule::Shirking, "reassigns".to_string())]
    );
}

#[test]
fn a_resolve_or_callback_within_the_minutes_is_too_fast() {
    let th = Thresholds::default(); // 3 minutes
    let at_limit = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        (3, Some(HANDLER), resolved()),
        (6, Some(AGENT), callback(true)),
    ]);
    assert!(found(&at_limit, &th).is_empty(), "3 minutes is not under 3");
    let fast = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        (2, Some(HANDLER), resolved()),
        (4, Some(AGENT), callback(true)),
    ]);
    let f = trail_findings(&fast, &th, &calls_back);
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].trigger, Trigger::FastResolve { minutes: 2 });
    assert_eq!(f[0].window, "resolve:101");
    assert_eq!(f[1].trigger, Trigger::FastCallback { minutes: 2 });
    assert_eq!(f[1].window, "callback:102");
    assert_eq!(f[0].tickets, vec![7]);
    assert_eq!(f[0].department, Some(1), "the ticket's department");
}

#[test]
fn a_look_at_personal_data_outside_ones_work() {
    let th = Thresholds::default();
    let looks = trail(vec![
        (0, Some(AGENT), assigned(1, false)),
        // The registering agent may look at any time.
        (5, Some(AGENT), EventData::PiiViewed {}),
        // A supervisor, or another agent, while the ticket is with the department: outside.
        (6, Some(SUPERVISOR), EventData::PiiViewed {}),
        (7, Some(OTHER_AGENT), EventData::PiiViewed {}),
        (600, Some(HANDLER), resolved()),
        // Awaiting a callback, any agent may call back: inside their work (not a
        // supervisor's, who does not call back).
        (700, Some(OTHER_AGENT), EventData::PiiViewed {}),
        (710, Some(OTHER_AGENT), callback(false)),
        (720, Some(OTHER_AGENT), EventData::PiiViewed {}),
        (725, Some(SUPERVISOR), EventData::PiiViewed {}),
        (730, Some(OTHER_AGENT), callback(true)),
        // Closed: outside again.
        (900, Some(OTHER_AGENT), EventData::PiiViewed {}),
        (905, Some(AGENT), EventData::PiiViewed {}),
    ]);
    let f = trail_findings(&looks, &th, &calls_back);
    let outside: Vec<_> = f
        .iter()
        .map(|f| (f.subject, f.window.as_str(), f.trigger.clone()))
        .collect();
    let at = |min: i64| 1_000_000 + min * MINUTE;
    assert_eq!(
        outside,
        vec![
            (
                Subject::User(SUPERVISOR),
                "outside:7",
                Trigger::RevealOutsideWork { at: at(6) }
            ),
            (
                Subject::User(OTHER_AGENT),
                "outside:7",
                Trigger::RevealOutsideWork { at: at(7) }
            ),
            (
                Subject::User(SUPERVISOR),
                "outside:7",
                Trigger::RevealOutsideWork { at: at(725) }
            ),
            (
                Subject::User(OTHER_AGENT),
                "outside:7",
                Trigger::RevealOutsideWork { at: at(900) }
            ),
        ]
    );
    // Same key for the same person and ticket: one warning each.
    assert_eq!(f[1].key(), f[3].key());
    assert_ne!(f[0].key(), f[1].key());
}

#[test]
fn overdue_by_more_than_the_working_days() {
    let th = Thresholds::default(); // more than 3
    let cal = WorkingCalendar::default();
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    // Due Monday 2026-11-02 18:00 local (10:00 UTC).
    let due = chrono::DateTime::parse_from_rfc3339("2026-11-02T18:00:00+08:00")
        .unwrap()
        .timestamp_millis();
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    };
    // Thursday evening: three full working days late, not more.
    assert_eq!(
        overdue_finding(1, due, at("2026-11-05T20:00:00+08:00"), &cal, &tz, &th),
        None
    );
    // Friday 09:30: a bit more than three.
    assert_eq!(
        overdue_finding(1, due, at("2026-11-06T10:30:00+08:00"), &cal, &tz, &th),
        None,
        "whole working days are counted"
    );
    let late = overdue_finding(1, due, at("2026-11-09T10:30:00+08:00"), &cal, &tz, &th)
        .expect("four working days late");
    assert_eq!(
        late.trigger,
        Trigger::Overdue {
            working_days: 4,
            due_at: due
        }
    );
    assert_eq!(late.window, format!("overdue:{due}"));
}

#[test]
fn reveals_in_a_day_more_than_the_threshold() {
    let th = Thresholds::default();
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert_eq!(reveals_finding(3, day, 20, vec![], &th), None);
    let f = reveals_finding(3, day, 21, vec![1, 2], &th).unwrap();
    assert_eq!(f.subject, Subject::User(3));
    assert_eq!(f.window, "day:2026-12-01");
    assert_eq!(f.tickets, vec![1, 2]);
}

#[test]
fn a_surge_is_twice_the_mean_and_at_least_the_minimum() {
    let th = Thresholds::default();
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // 140 in 28 days: a mean of 5 a day.
    assert!(surge_finding(4, day, 10, 140, &th).is_some());
    assert_eq!(
        surge_finding(4, day, 10, 141, &th),
        None,
        "just under twice"
    );
    assert_eq!(surge_finding(4, day, 9, 0, &th), None, "under the minimum");
    let f = surge_finding(4, day, 12, 0, &th).unwrap();
    assert_eq!(
        f.trigger,
        Trigger::Surge {
            day,
            received: 12,
            mean_tenths: 0
        }
    );
    assert_eq!(
        surge_finding(4, day, 10, 140, &th).unwrap().trigger,
        Trigger::Surge {
            day,
            received: 10,
            mean_tenths: 50
        }
    );
}

#[test]
fn a_repeat_caller_needs_three_tickets_in_the_window() {
    let th = Thresholds::default();
    assert_eq!(repeat_caller_finding(9, &[8, 9], &th), None);
    let f = repeat_caller_finding(9, &[7, 8, 9], &th).unwrap();
    assert_eq!(f.subject, Subject::Ticket(9));
    assert_eq!(f.tickets, vec![7, 8, 9]);
    assert_eq!(
        f.trigger,
        Trigger::RepeatCaller {
            tickets: 3,
            days: 30
        }
    );
}

#[test]
fn a_broken_chain_is_major() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let f = chain_finding(day, 42);
    assert!(f.major);
    assert_eq!(
        f.key(),
        ("forged".into(), "chain".into(), "day:2026-12-01".into())
    );
}

#[test]
fn the_warning_goes_to_the_highest_open_risk_of_its_conduct_nearest_its_department() {
    // Departments: 1 the centre, 2 below it, 3 below 2; 9 elsewhere.
    let r = |id, risk_type, conduct, department_id, open, residual_score| RiskRef {
        id,
        risk_type,
        conduct,
        department_id,
        open,
        residual_score,
    };
    let risks = [
        r(1, RiskType::Compliance, Conduct::Stalling, 2, true, 6),
        r(2, RiskType::Operational, Conduct::Stalling, 9, true, 12),
        r(3, RiskType::Compliance, Conduct::Stalling, 3, false, 25),
        r(4, RiskType::ServiceQuality, Conduct::None, 1, true, 4),
        r(5, RiskType::InfoSecurity, Conduct::PrivacyLeak, 1, true, 12),
        r(6, RiskType::Compliance, Conduct::PrivacyLeak, 1, true, 12),
    ];
    let anywhere: &[i64] = &[];
    assert_eq!(risk_for(WarningRule::Stalling, anywhere, &risks), Some(2));
    // A ticket of department 3: its own risk is closed, the one of department 2 above it
    // comes before the higher-scored one elsewhere.
    assert_eq!(risk_for(WarningRule::Stalling, &[3, 2, 1], &risks), Some(1));
    assert_eq!(
        risk_for(WarningRule::Shirking, &[7], &risks),
        Some(2),
        "none of theirs"
    );
    assert_eq!(
        risk_for(WarningRule::Privacy, anywhere, &risks),
        Some(5),
        "the older of equals"
    );
    assert_eq!(risk_for(WarningRule::Surge, &[3, 2, 1], &risks), Some(4));
    assert_eq!(risk_for(WarningRule::Forged, anywhere, &risks), None);
}

#[test]
fn a_warning_is_decided_once_and_a_dismissal_needs_its_reason() {
    use WarningState::*;
    assert_eq!(decide(Raised, true, ""), Ok(Confirmed));
    assert_eq!(decide(Raised, false, "  "), Err(FieldProblem::Required));
    assert_eq!(decide(Raised, false, "正常业务"), Ok(Dismissed));
    assert_eq!(
        decide(Confirmed, false, "x"),
        Err(FieldProblem::UnknownChoice)
    );
    assert_eq!(
        decide(Dismissed, true, ""),
        Err(FieldProblem::UnknownChoice)
    );
}
