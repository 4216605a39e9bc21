//! Assessment figures (考核指标) as pure functions: each KPI of `docs/assessment.md` is a
//! numerator and a denominator counted from the same ticket facts the daily report reads
//! (`domain::report`), per department, per handler and for the desk. The counts add up over
//! days, so a period's are its days' sums (kept with the report's cached days).
use super::report::{flag, Fact, FactKind, FactRow, OutcomeCounts};
use super::risk::coded;
use super::ticket::CallbackOutcome;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Days back a call counts as a repeat of the same caller's call about the same category.
pub const REPEAT_DAYS: i64 = 30;

/// What a unit's KPIs are counted from (additive over days).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiCounts {
    pub received: i64,
    pub repeat_calls: i64,
    pub assigned: i64,
    /// Assignments judged for sign-for, and of them signed for by the deadline.
    pub sign_due: i64,
    pub signed_on_time: i64,
    /// Assignments signed for, and the working minutes from assignment to signing.
    pub signed: i64,
    pub sign_minutes: i64,
    /// Assignments the department had to complete, and of them resolved by it.
    pub to_complete: i64,
    pub completed: i64,
    /// Resolution deadlines that fell, and of them met.
    pub due: i64,
    pub due_on_time: i64,
    /// Resolutions by the department (owing a callback), and the working minutes of each
    /// from its stretch's start.
    pub resolved: i64,
    pub resolve_minutes: i64,
    /// Of those resolutions, how many were called back, and first-time resolutions (never
    /// returned nor redone) whose callback found the caller satisfied / basically satisfied.
    pub called_back: i64,
    pub first_time_satisfied: i64,
    pub first_time_basically: i64,
    /// Callback verdicts recorded.
    pub answers: OutcomeCounts,
    pub returns: i64,
    pub extensions: i64,
    pub redos: i64,
    /// Tickets put under supervision (督办), deadlines that fell while under supervision and
    /// of them met.
    pub supervised: i64,
    pub supervised_due: i64,
    pub supervised_on_time: i64,
}

impl KpiCounts {
    pub fn add(&mut self, o: &KpiCounts) {
        self.received += o.received;
        self.repeat_calls += o.repeat_calls;
        self.assigned += o.assigned;
        self.sign_due += o.sign_due;
        self.signed_on_time += o.signed_on_time;
        self.signed += o.signed;
        self.sign_minutes += o.sign_minutes;
        self.to_complete += o.to_complete;
        self.completed += o.completed;
        self.due += o.due;
        self.due_on_time += o.due_on_time;
        self.resolved += o.resolved;
        self.resolve_minutes += o.resolve_minutes;
        self.called_back += o.called_back;
        self.first_time_satisfied += o.first_time_satisfied;
        self.first_time_basically += o.first_time_basically;
        self.answers.merge(&o.answers);
        self.returns += o.returns;
        self.extensions += o.extensions;
        self.redos += o.redos;
        self.supervised += o.supervised;
        self.supervised_due += o.supervised_due;
        self.supervised_on_time += o.supervised_on_time;
    }

    pub fn is_empty(&self) -> bool {
        *self == KpiCounts::default()
    }

    /// Whether the unit had any ticket work in the period (units without are not ranked).
    pub fn has_tickets(&self) -> bool {
        self.received + self.assigned + self.resolved + self.due > 0
    }
}

/// A day's (or a period's) counts for the desk, each department and each handler.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiDay {
    pub desk: KpiCounts,
    pub departments: BTreeMap<i64, KpiCounts>,
    pub persons: BTreeMap<i64, KpiCounts>,
}

impl KpiDay {
    pub fn add(&mut self, o: &KpiDay) {
        self.desk.add(&o.desk);
        for (id, c) in &o.departments {
            self.departments.entry(*id).or_default().add(c);
        }
        for (id, c) in &o.persons {
            self.persons.entry(*id).or_default().add(c);
        }
    }

    /// The counts from one day's facts. `now` leaves out deadlines still to fall; `work`
    /// gives the working minutes between two instants on the desk's calendar.
    pub fn of_facts(facts: &[FactRow], now: i64, work: &dyn Fn(i64, i64) -> i64) -> KpiDay {
        let mut day = KpiDay::default();
        for row in facts {
            let f = &row.fact;
            let mut c = KpiCounts::default();
            count(&mut c, f, now, work);
            if c.is_empty() {
                continue;
            }
            day.desk.add(&c);
            if let Some(d) = f.department_id {
                day.departments.entry(d).or_default().add(&c);
            }
            if let Some(p) = f.person_id {
                if f.kind != FactKind::Received {
                    day.persons.entry(p).or_default().add(&c);
                }
            }
        }
        day
    }
}

/// What one fact adds to its units' counts.
fn count(c: &mut KpiCounts, f: &Fact, now: i64, work: &dyn Fn(i64, i64) -> i64) {
    match f.kind {
        FactKind::Received => {
            c.received = 1;
            c.repeat_calls = i64::from(f.has(flag::REPEAT));
        }
        FactKind::Assigned => {
            c.assigned = 1;
            if !f.has(flag::NO_SIGN_DUE) {
                c.sign_due = 1;
                c.signed_on_time = i64::from(f.on_time == Some(true));
            }
            if let Some(signed) = f.paired_at {
                c.signed = 1;
                c.sign_minutes = work(f.at, signed);
            }
            if !f.has(flag::TAKEN_AWAY) {
                c.to_complete = 1;
                c.completed = i64::from(f.has(flag::COMPLETED));
            }
        }
        FactKind::Due => {
            // A deadline still to fall counts nowhere yet.
            if f.on_time.is_some() || f.at <= now {
                let met = i64::from(f.on_time == Some(true));
                c.due = 1;
                c.due_on_time = met;
                if f.has(flag::SUPERVISED) {
                    c.supervised_due = 1;
                    c.supervised_on_time = met;
                }
            }
        }
        FactKind::Resolved if f.has(flag::NEEDS_CALLBACK) => {
            c.resolved = 1;
            c.resolve_minutes = f.paired_at.map(|s| work(s, f.at)).unwrap_or(0);
            c.called_back = i64::from(f.outcome.is_some());
            if f.has(flag::CLEAN) {
                c.first_time_satisfied = i64::from(f.outcome == Some(CallbackOutcome::Satisfied));
                c.first_time_basically =
                    i64::from(f.outcome == Some(CallbackOutcome::BasicallySatisfied));
            }
        }
        FactKind::Callback => {
            if let Some(o) = f.outcome {
                c.answers.add(o, 1);
            }
        }
        FactKind::Returned => c.returns = 1,
        FactKind::ExtensionApproved => c.extensions = 1,
        FactKind::Redo => c.redos = 1,
        FactKind::Supervised => c.supervised = 1,
        FactKind::Resolved | FactKind::Dispatched | FactKind::Urged | FactKind::Escalated => {}
    }
}

coded!(
    /// The KPIs, in the order the league table shows them.
    Kpi {
        OnTimeSignFor = "on_time_sign_for",
        OnTimeCompletion = "on_time_completion",
        Completion = "completion",
        CallbackRate = "callback_rate",
        Satisfaction = "satisfaction",
        ReturnRate = "return_rate",
        ExtensionRate = "extension_rate",
        RedoRate = "redo_rate",
        FirstTimeResolution = "first_time_resolution",
        RepeatCallRate = "repeat_call_rate",
        HoursToSignFor = "hours_to_sign_for",
        HoursToResolve = "hours_to_resolve",
        SupervisedOnTime = "supervised_on_time",
    }
);

/// How a KPI is read: a share (0–1) or hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Rate,
    Hours,
}

/// The KPI settings that change what counts: whether "basically satisfied" counts as
/// satisfied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiRules {
    pub basically_counts: bool,
}

impl Default for KpiRules {
    fn default() -> Self {
        KpiRules {
            basically_counts: true,
        }
    }
}

impl Kpi {
    pub fn measure(self) -> Measure {
        match self {
            Kpi::HoursToSignFor | Kpi::HoursToResolve => Measure::Hours,
            _ => Measure::Rate,
        }
    }

    /// Whether a higher figure is better (a return rate is better lower).
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Kpi::ReturnRate
                | Kpi::ExtensionRate
                | Kpi::RedoRate
                | Kpi::RepeatCallRate
                | Kpi::HoursToSignFor
                | Kpi::HoursToResolve
        )
    }

    /// The numerator and the denominator (for hours: minutes and count).
    pub fn parts(self, c: &KpiCounts, rules: KpiRules) -> (i64, i64) {
        let basic = |n: i64| if rules.basically_counts { n } else { 0 };
        match self {
            Kpi::OnTimeSignFor => (c.signed_on_time, c.sign_due),
            Kpi::OnTimeCompletion => (c.due_on_time, c.due),
            Kpi::Completion => (c.completed, c.to_complete),
            Kpi::CallbackRate => (c.called_back, c.resolved),
            Kpi::Satisfaction => {
                let a = &c.answers;
                let content = a.satisfied + basic(a.basically_satisfied);
                let answered = a.satisfied + a.basically_satisfied + a.unsatisfied;
                (content, answered)
            }
            Kpi::ReturnRate => (c.returns, c.assigned),
            Kpi::ExtensionRate => (c.extensions, c.assigned),
            Kpi::RedoRate => (c.redos, c.resolved),
            Kpi::FirstTimeResolution => (
                c.first_time_satisfied + basic(c.first_time_basically),
                c.resolved,
            ),
            Kpi::RepeatCallRate => (c.repeat_calls, c.received),
            Kpi::HoursToSignFor => (c.sign_minutes, c.signed),
            Kpi::HoursToResolve => (c.resolve_minutes, c.resolved),
            Kpi::SupervisedOnTime => (c.supervised_on_time, c.supervised_due),
        }
    }

    /// The figure: a share, or average working hours; none when there is nothing to count.
    pub fn value(self, c: &KpiCounts, rules: KpiRules) -> Option<f64> {
        let (n, d) = self.parts(c, rules);
        (d > 0).then(|| match self.measure() {
            Measure::Rate => n as f64 / d as f64,
            Measure::Hours => n as f64 / d as f64 / 60.0,
        })
    }
}

/// A unit's compliance figures for the period (from the risk, policy, training and
/// violation features).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplianceFigures {
    /// Violations proposed in the period (withdrawn ones not counted) and the points that
    /// count of them.
    pub violations: i64,
    pub points: i64,
    /// Acknowledgements and letters owed at the period's end, and of them done.
    pub acknowledgements_due: i64,
    pub acknowledged: i64,
    pub letters_due: i64,
    pub letters_signed: i64,
    /// Exams taken in the period, and of them passed.
    pub exams: i64,
    pub exams_passed: i64,
    /// Rectifications whose deadline fell in the period, and of them submitted by it and
    /// accepted (department figures only: a rectification is owned by a risk's department).
    pub rectifications_due: i64,
    pub rectifications_on_time: i64,
}

impl ComplianceFigures {
    pub fn add(&mut self, o: &ComplianceFigures) {
        self.violations += o.violations;
        self.points += o.points;
        self.acknowledgements_due += o.acknowledgements_due;
        self.acknowledged += o.acknowledged;
        self.letters_due += o.letters_due;
        self.letters_signed += o.letters_signed;
        self.exams += o.exams;
        self.exams_passed += o.exams_passed;
        self.rectifications_due += o.rectifications_due;
        self.rectifications_on_time += o.rectifications_on_time;
    }
    pub fn acknowledgement_coverage(&self) -> Option<f64> {
        super::report::rate(self.acknowledged, self.acknowledgements_due)
    }
    pub fn letters_rate(&self) -> Option<f64> {
        super::report::rate(self.letters_signed, self.letters_due)
    }
    pub fn pass_rate(&self) -> Option<f64> {
        super::report::rate(self.exams_passed, self.exams)
    }
    pub fn rectifications_rate(&self) -> Option<f64> {
        super::report::rate(self.rectifications_on_time, self.rectifications_due)
    }
}

/// One rectification as the assessment reads it: its department, deadline (the end of
/// the deadline day) and the instant of the submission that was accepted, if any (else
/// the latest submission still waiting for verification).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RectificationFact {
    pub department_id: i64,
    pub deadline_end: i64,
    pub submitted_at: Option<i64>,
}

/// Each rectification from the risk history (with each risk's department): its deadline's
/// end (`day_end` gives the end of a local day) and its last submission, unless it was
/// sent back after it.
pub fn rectification_facts(
    events: &[(i64, super::risk_report::Happened)],
    day_end: impl Fn(chrono::NaiveDate) -> i64,
) -> Vec<RectificationFact> {
    use super::events::RiskEventData;
    use super::rectification::RectState;
    let mut by_id: BTreeMap<i64, RectificationFact> = BTreeMap::new();
    for (department_id, h) in events {
        match &h.event {
            RiskEventData::RectificationOpened {
                rectification_id,
                deadline,
                ..
            } => {
                by_id.insert(
                    *rectification_id,
                    RectificationFact {
                        department_id: *department_id,
                        deadline_end: day_end(*deadline),
                        submitted_at: None,
                    },
                );
            }
            RiskEventData::RectificationMoved {
                rectification_id,
                to,
                ..
            } => {
                if let Some(r) = by_id.get_mut(rectification_id) {
                    match to {
                        RectState::Submitted => r.submitted_at = Some(h.at),
                        RectState::SentBack => r.submitted_at = None,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    by_id.into_values().collect()
}

/// Per department: rectifications whose deadline ended in `[from, to)`, and of them
/// submitted by the deadline.
pub fn rectifications_on_time(
    facts: &[RectificationFact],
    from: i64,
    to: i64,
) -> BTreeMap<i64, (i64, i64)> {
    let mut out: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for r in facts
        .iter()
        .filter(|r| r.deadline_end > from && r.deadline_end <= to)
    {
        let e = out.entry(r.department_id).or_default();
        e.0 += 1;
        e.1 += i64::from(r.submitted_at.is_some_and(|s| s < r.deadline_end));
    }
    out
}

/// A period as typed: `2026-11` (that month), `2026` (that year) or
/// `2026-11-01..2026-11-15` (those days, first to last, at most a year and a day).
pub fn parse_period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let text = text.trim();
    if let Some((a, b)) = text.split_once("..") {
        let a = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").ok()?;
        let b = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").ok()?;
        return (a <= b && (b - a).num_days() <= 366).then_some((a, b));
    }
    let parts: Vec<&str> = text.split('-').collect();
    let year: i32 = parts
        .first()?
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))?;
    match parts.as_slice() {
        [_] => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
        [_, m] if m.len() == 2 => {
            let first = NaiveDate::from_ymd_opt(year, m.parse().ok()?, 1)?;
            let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
            Some((first, last))
        }
        _ => None,
    }
}

/// How a period is written back: `2026-11`, `2026`, or `first..last`.
pub fn period_code((first, last): (NaiveDate, NaiveDate)) -> String {
    let month_end = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt());
    if first.day() == 1 && Some(last) == month_end {
        first.format("%Y-%m").to_string()
    } else if first.ordinal() == 1
        && last.year() == first.year()
        && last.month() == 12
        && last.day() == 31
    {
        first.format("%Y").to_string()
    } else {
        format!("{first}..{last}")
    }
}

/// The month before the one `today` is in: the league table's usual period.
pub fn last_month(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this = today.with_day(1).unwrap_or(today);
    let first = this.checked_sub_months(Months::new(1)).unwrap_or(this);
    (first, this.pred_opt().unwrap_or(this))
}

/// The period before: the month before a month, the year before a year, else as many days
/// just before — what the league table compares with.
pub fn previous_period((first, last): (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    let code = period_code((first, last));
    let back = |months: u32| {
        let f = first
            .checked_sub_months(Months::new(months))
            .unwrap_or(first);
        (f, first.pred_opt().unwrap_or(first))
    };
    if code.len() == 7 {
        back(1)
    } else if code.len() == 4 {
        back(12)
    } else {
        let days = (last - first).num_days() + 1;
        let end = first.pred_opt().unwrap_or(first);
        (end - chrono::Duration::days(days - 1), end)
    }
}

#[cfg(test)]
mod tests;
