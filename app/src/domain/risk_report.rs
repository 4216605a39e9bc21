//! The daily report's risk section (风险), computed from the risks' history in the chain
//! like the other figures: each risk's status and residual grade, each plan's next due day
//! and each rectification's state are replayed up to the end of the day or period; checks
//! recorded and warnings raised or confirmed are counted within it.
use super::emergency::EventGrade;
use super::events::RiskEventData;
use super::rectification::{rect_overdue, RectState};
use super::risk::{Grade, RiskStatus};
use super::risk_check::CheckResult;
use super::warning::WarningState;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The figures (`risks` in `hotline report --format json`, documented in `docs/report.md`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFigures {
    /// Risks not closed at the end, by residual grade (`low`, `general`, `significant`,
    /// `major`; every grade present).
    pub open_by_grade: BTreeMap<String, i64>,
    /// Checks whose day had come by the last day and that were not recorded by its end.
    pub checks_due: i64,
    /// Checks recorded within the day or period, and of them those that found a problem.
    pub checks_done: i64,
    pub checks_problem_found: i64,
    /// Rectifications not yet verified whose deadline had passed by the last day.
    pub rectifications_overdue: i64,
    /// Automatic warnings raised, and confirmed by compliance, within it.
    pub warnings_raised: i64,
    pub warnings_confirmed: i64,
    /// Risk events recorded within it, and those open at the end, by grade (`general`,
    /// `major`; both present).
    #[serde(default)]
    pub events_by_grade: BTreeMap<String, i64>,
    #[serde(default)]
    pub events_open_by_grade: BTreeMap<String, i64>,
}

/// One event of a risk's history, in chain order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Happened {
    pub at: i64,
    pub risk_id: i64,
    pub event: RiskEventData,
}

/// The figures from the events before the end (`events`, in chain order, none after it):
/// counts for those at or after `from`, states as they stood at the end of `last_day`.
pub fn risk_figures(events: &[Happened], from: i64, last_day: NaiveDate) -> RiskFigures {
    let mut f = RiskFigures::default();
    let mut risks: HashMap<i64, (RiskStatus, Grade)> = HashMap::new();
    // A plan's next due day; checks name the day they were due on, not the plan, so a check
    // moves on the plan of its risk that was due that day.
    let mut plans: HashMap<i64, (i64, NaiveDate)> = HashMap::new();
    let mut rects: HashMap<i64, (RectState, NaiveDate)> = HashMap::new();
    let mut open_events: HashMap<i64, EventGrade> = HashMap::new();
    for g in EventGrade::ALL {
        f.events_by_grade.insert(g.code().to_owned(), 0);
    }
    for h in events {
        let within = h.at >= from;
        match &h.event {
            RiskEventData::Recorded { residual_grade, .. } => {
                risks.insert(h.risk_id, (RiskStatus::Identified, *residual_grade));
            }
            RiskEventData::Changed { residual_grade, .. } => {
                if let Some(r) = risks.get_mut(&h.risk_id) {
                    r.1 = *residual_grade;
                }
            }
            RiskEventData::StatusChanged { to, .. } => {
                if let Some(r) = risks.get_mut(&h.risk_id) {
                    r.0 = *to;
                }
            }
            RiskEventData::CheckPlanned {
                plan_id, due_on, ..
            } => {
                plans.insert(*plan_id, (h.risk_id, *due_on));
            }
            RiskEventData::Checked {
                due_on,
                next_due_on,
                result,
                ..
            } => {
                if let Some(p) = plans
                    .values_mut()
                    .find(|(risk, due)| *risk == h.risk_id && due == due_on)
                {
                    p.1 = *next_due_on;
                }
                if within {
                    f.checks_done += 1;
                    if *result == CheckResult::ProblemFound {
                        f.checks_problem_found += 1;
                    }
                }
            }
            RiskEventData::RectificationOpened {
                rectification_id,
                deadline,
                ..
            } => {
                rects.insert(*rectification_id, (RectState::Open, *deadline));
            }
            RiskEventData::RectificationMoved {
                rectification_id,
                to,
                ..
            } => {
                if let Some(r) = rects.get_mut(rectification_id) {
                    r.0 = *to;
                }
            }
            RiskEventData::WarningRaised { .. } => f.warnings_raised += i64::from(within),
            RiskEventData::WarningDecided { to, .. } => {
                f.warnings_confirmed += i64::from(within && *to == WarningState::Confirmed)
            }
            RiskEventData::EventRecorded {
                event_id, grade, ..
            } => {
                open_events.insert(*event_id, *grade);
                if within {
                    *f.events_by_grade
                        .entry(grade.code().to_owned())
                        .or_default() += 1;
                }
            }
            RiskEventData::EventFiled { event_id, .. }
            | RiskEventData::EventReported {
                event_id,
                closed: true,
                ..
            } => {
                open_events.remove(event_id);
            }
            RiskEventData::NoticePublished { .. }
            | RiskEventData::NoticeAcknowledged { .. }
            | RiskEventData::RectificationEscalated { .. }
            | RiskEventData::PlanActivated { .. }
            | RiskEventData::StepDone { .. }
            | RiskEventData::EventReported { .. }
            | RiskEventData::EventLate { .. } => {}
        }
    }
    for g in Grade::ALL {
        f.open_by_grade.insert(g.code().to_owned(), 0);
    }
    for (_, grade) in risks.values().filter(|(s, _)| s.is_open()) {
        *f.open_by_grade.entry(grade.code().to_owned()).or_default() += 1;
    }
    f.events_open_by_grade = EventGrade::ALL
        .into_iter()
        .map(|g| {
            let n = open_events.values().filter(|x| **x == g).count() as i64;
            (g.code().to_owned(), n)
        })
        .collect();
    f.checks_due = plans.values().filter(|(_, due)| *due <= last_day).count() as i64;
    f.rectifications_overdue = rects
        .values()
        .filter(|(state, deadline)| rect_overdue(*state, *deadline, last_day))
        .count() as i64;
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::risk::Rating;
    use crate::domain::risk_check::Schedule;
    use crate::domain::warning::{Trigger, WarningRule};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn h(at: i64, risk_id: i64, event: RiskEventData) -> Happened {
        Happened { at, risk_id, event }
    }

    fn recorded(grade: Grade) -> RiskEventData {
        RiskEventData::Recorded {
            code: "R".into(),
            title: "t".into(),
            inherent: Rating::new(5, 5).unwrap(),
            residual: Rating::new(2, 2).unwrap(),
            inherent_grade: Grade::Major,
            residual_grade: grade,
            next_review: day("2027-01-01"),
        }
    }

    #[test]
    fn the_section_replays_the_history_to_the_end_and_counts_within_it() {
        let from = 1_000;
        let events = vec![
            h(1, 1, recorded(Grade::Major)),
            h(2, 2, recorded(Grade::Low)),
            h(3, 3, recorded(Grade::General)),
            // Risk 2 regraded, risk 3 closed.
            h(
                4,
                2,
                RiskEventData::Changed {
                    changes: vec![],
                    residual_grade: Grade::Significant,
                    next_review: day("2027-01-01"),
                },
            ),
            h(
                5,
                3,
                RiskEventData::StatusChanged {
                    from: RiskStatus::Assessed,
                    to: RiskStatus::Closed,
                    reason: "x".into(),
                },
            ),
            // Two plans of risk 1, due 1 and 3 December.
            h(
                6,
                1,
                RiskEventData::CheckPlanned {
                    plan_id: 10,
                    schedule: Schedule::Monthly,
                    checker: "c".into(),
                    due_on: day("2026-12-01"),
                },
            ),
            h(
                7,
                1,
                RiskEventData::CheckPlanned {
                    plan_id: 11,
                    schedule: Schedule::Weekly,
                    checker: "c".into(),
                    due_on: day("2026-12-03"),
                },
            ),
            // Before the day: a check of plan 10, moved to January, problem found.
            h(
                500,
                1,
                RiskEventData::Checked {
                    check_id: 1,
                    due_on: day("2026-12-01"),
                    result: CheckResult::ProblemFound,
                    method: "m".into(),
                    next_due_on: day("2027-01-01"),
                },
            ),
            h(
                500,
                1,
                RiskEventData::RectificationOpened {
                    rectification_id: 7,
                    owner: "o".into(),
                    deadline: day("2026-12-01"),
                    measures: "m".into(),
                },
            ),
            // Within the day: a warning raised and confirmed, another raised and dismissed.
            h(
                1_500,
                1,
                RiskEventData::WarningRaised {
                    warning_id: 1,
                    rule: WarningRule::Privacy,
                    found: Trigger::RevealOutsideWork { at: 1 },
                    tickets: vec![],
                    major: false,
                },
            ),
            h(
                1_600,
                1,
                RiskEventData::WarningDecided {
                    warning_id: 1,
                    rule: WarningRule::Privacy,
                    to: WarningState::Confirmed,
                    note: String::new(),
                },
            ),
            h(
                1_700,
                1,
                RiskEventData::WarningRaised {
                    warning_id: 2,
                    rule: WarningRule::Privacy,
                    found: Trigger::RevealOutsideWork { at: 1 },
                    tickets: vec![],
                    major: false,
                },
            ),
            h(
                1_800,
                1,
                RiskEventData::WarningDecided {
                    warning_id: 2,
                    rule: WarningRule::Privacy,
                    to: WarningState::Dismissed,
                    note: "x".into(),
                },
            ),
        ];
        let f = risk_figures(&events, from, day("2026-12-04"));
        assert_eq!(
            f.open_by_grade,
            BTreeMap::from([
                ("low".to_string(), 0),
                ("general".to_string(), 0),
                ("significant".to_string(), 1),
                ("major".to_string(), 1),
            ])
        );
        assert_eq!(f.checks_due, 1, "plan 11 (3 Dec); plan 10 moved to January");
        assert_eq!(
            (f.checks_done, f.checks_problem_found),
            (0, 0),
            "before the day"
        );
        assert_eq!(f.rectifications_overdue, 1);
        assert_eq!((f.warnings_raised, f.warnings_confirmed), (2, 1));

        // Over everything: the check counts; on 1 December nothing was overdue yet.
        let f = risk_figures(&events, 0, day("2026-12-01"));
        assert_eq!((f.checks_done, f.checks_problem_found), (1, 1));
        assert_eq!(f.rectifications_overdue, 0, "due that day, not past it");
        assert_eq!(f.checks_due, 0, "plan 11 is not due until the 3rd");
    }

    #[test]
    fn events_are_counted_by_grade_and_open_until_filed_or_closed() {
        use crate::domain::emergency::ReportKind;
        let recorded = |event_id, grade| RiskEventData::EventRecorded {
            event_id,
            grade,
            title: "t".into(),
            department: "d".into(),
            deadline: None,
            warning_id: None,
        };
        let events = vec![
            h(1, 1, recorded(1, EventGrade::General)),
            h(2, 1, recorded(2, EventGrade::Major)),
            h(1_100, 1, recorded(3, EventGrade::General)),
            h(1_200, 1, recorded(4, EventGrade::Major)),
            h(
                1_300,
                1,
                RiskEventData::EventFiled {
                    event_id: 1,
                    result: "r".into(),
                },
            ),
            h(
                1_400,
                1,
                RiskEventData::EventReported {
                    event_id: 2,
                    report: ReportKind::Initial,
                    text: "i".into(),
                    closed: false,
                },
            ),
            h(
                1_500,
                1,
                RiskEventData::EventReported {
                    event_id: 4,
                    report: ReportKind::Final,
                    text: "f".into(),
                    closed: true,
                },
            ),
        ];
        let f = risk_figures(&events, 1_000, day("2026-12-04"));
        let by = |pairs: [i64; 2]| {
            BTreeMap::from([
                ("general".to_string(), pairs[0]),
                ("major".to_string(), pairs[1]),
            ])
        };
        assert_eq!(f.events_by_grade, by([1, 1]), "recorded within the day");
        assert_eq!(f.events_open_by_grade, by([1, 1]), "3 and 2 are still open");
    }
}
