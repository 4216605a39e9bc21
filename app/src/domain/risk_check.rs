//! Risk checks (风险排查): a plan's schedule and the working day each occurrence falls due,
//! and what a recorded check must say. The ledger (排查台账) itself is append-only.
use super::account::FieldProblem;
use super::calendar::WorkingCalendar;
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

impl Schedule {
    pub const ALL: [Schedule; 4] = [
        Schedule::Weekly,
        Schedule::Monthly,
        Schedule::Quarterly,
        Schedule::Yearly,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Schedule::Weekly => "weekly",
            Schedule::Monthly => "monthly",
            Schedule::Quarterly => "quarterly",
            Schedule::Yearly => "yearly",
        }
    }

    pub fn parse(code: &str) -> Option<Schedule> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The nominal date one period after `from` (month ends clamp: 31 Jan → 28/29 Feb).
    pub fn after(self, from: NaiveDate) -> NaiveDate {
        let next = match self {
            Schedule::Weekly => from.checked_add_days(Days::new(7)),
            Schedule::Monthly => from.checked_add_months(Months::new(1)),
            Schedule::Quarterly => from.checked_add_months(Months::new(3)),
            Schedule::Yearly => from.checked_add_months(Months::new(12)),
        };
        next.unwrap_or(from)
    }
}

/// The day a check falls due: the nominal day, or the next working day when the nominal
/// one is a weekend or holiday on the working calendar.
pub fn due_on(nominal: NaiveDate, calendar: &WorkingCalendar) -> NaiveDate {
    let mut day = nominal;
    // A calendar without working days would loop for ever: stop after a year.
    for _ in 0..366 {
        if calendar.is_working_day(day) {
            return day;
        }
        day = day.succ_opt().unwrap_or(day);
    }
    nominal
}

/// After a check of the occurrence nominally due on `nominal`, the plan's next nominal date
/// and the working day it falls due. Missed occurrences are not skipped: each is checked
/// and recorded in turn, so the ledger shows every one.
pub fn next_occurrence(
    schedule: Schedule,
    nominal: NaiveDate,
    calendar: &WorkingCalendar,
) -> (NaiveDate, NaiveDate) {
    let next = schedule.after(nominal);
    (next, due_on(next, calendar))
}

/// A check task is overdue once its due day has passed.
pub fn overdue(due: NaiveDate, today: NaiveDate) -> bool {
    due < today
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    /// 未发现问题
    NoProblem,
    /// 发现问题: a rectification follows.
    ProblemFound,
}

impl CheckResult {
    pub fn code(self) -> &'static str {
        match self {
            CheckResult::NoProblem => "no_problem",
            CheckResult::ProblemFound => "problem_found",
        }
    }

    pub fn parse(code: &str) -> Option<CheckResult> {
        [CheckResult::NoProblem, CheckResult::ProblemFound]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// A problem found must be described; "no problem" may say nothing more.
pub fn check_findings(result: CheckResult, findings: &str) -> Result<(), FieldProblem> {
    if result == CheckResult::ProblemFound && findings.trim().chars().count() < 4 {
        Err(FieldProblem::Required)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn calendar() -> WorkingCalendar {
        let mut c = WorkingCalendar {
            day_start_minute: 540,
            day_end_minute: 1080,
            weekend: vec![6, 7],
            special_days: Default::default(),
        };
        c.special_days.insert(d(2027, 1, 1), DayKind::Holiday);
        c.special_days.insert(d(2027, 2, 7), DayKind::Workday);
        c
    }

    #[test]
    fn each_schedule_steps_one_period_and_month_ends_clamp() {
        assert_eq!(Schedule::Weekly.after(d(2026, 12, 28)), d(2027, 1, 4));
        assert_eq!(Schedule::Monthly.after(d(2027, 1, 31)), d(2027, 2, 28));
        assert_eq!(Schedule::Quarterly.after(d(2026, 11, 30)), d(2027, 2, 28));
        assert_eq!(Schedule::Yearly.after(d(2028, 2, 29)), d(2029, 2, 28));
        for s in Schedule::ALL {
            assert_eq!(Schedule::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn a_check_due_on_a_day_off_falls_due_on_the_next_working_day() {
        let c = calendar();
        assert_eq!(due_on(d(2026, 12, 4), &c), d(2026, 12, 4), "a Friday");
        assert_eq!(
            due_on(d(2026, 12, 5), &c),
            d(2026, 12, 7),
            "Saturday → Monday"
        );
        assert_eq!(
            due_on(d(2027, 1, 1), &c),
            d(2027, 1, 4),
            "New Year, then a weekend"
        );
        assert_eq!(
            due_on(d(2027, 2, 7), &c),
            d(2027, 2, 7),
            "a make-up working Sunday"
        );
        // The next occurrence counts from the nominal date, not the shifted one.
        assert_eq!(
            next_occurrence(Schedule::Monthly, d(2026, 12, 5), &c),
            (d(2027, 1, 5), d(2027, 1, 5))
        );
    }

    #[test]
    fn a_calendar_without_working_days_does_not_hang() {
        let mut c = calendar();
        c.weekend = vec![1, 2, 3, 4, 5, 6, 7];
        c.special_days.clear();
        assert_eq!(due_on(d(2026, 12, 5), &c), d(2026, 12, 5));
    }

    #[test]
    fn overdue_after_the_due_day() {
        assert!(!overdue(d(2026, 12, 4), d(2026, 12, 4)));
        assert!(overdue(d(2026, 12, 3), d(2026, 12, 4)));
    }

    #[test]
    fn a_problem_found_must_be_described() {
        assert!(check_findings(CheckResult::NoProblem, "").is_ok());
        assert_eq!(
            check_findings(CheckResult::ProblemFound, " 无 "),
            Err(FieldProblem::Required)
        );
        assert!(check_findings(CheckResult::ProblemFound, "明文查看未说明理由 3 次").is_ok());
        assert_eq!(
            CheckResult::parse("problem_found"),
            Some(CheckResult::ProblemFound)
        );
        assert_eq!(CheckResult::parse("maybe"), None);
    }
}
