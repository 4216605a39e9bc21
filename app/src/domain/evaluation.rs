//! The effectiveness evaluation (有效性评估, policy article 24): the system evaluated over four
//! dimensions. The desk pre-fills each dimension's evidence from the daily report's figures
//! of the period and of the same number of days before it; the evaluators score each
//! dimension (0-100) and write findings; improvement actions become tasks with an owner and
//! a deadline, tracked until done. Pure: the figures come in, nothing is read here.
use super::account::FieldProblem;
use super::intake::check_text;
use super::report::Report;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four dimensions of article 24, in the policy's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 制度完善度
    Policy,
    /// 流程优化度
    Process,
    /// 风险防控度
    Risk,
    /// 服务满意度
    Satisfaction,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Policy,
        Dimension::Process,
        Dimension::Risk,
        Dimension::Satisfaction,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Dimension::Policy => "policy",
            Dimension::Process => "process",
            Dimension::Risk => "risk",
            Dimension::Satisfaction => "satisfaction",
        }
    }
    pub fn parse(code: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// A figure of the evidence: which dimension it speaks for, whether it is a rate (shown in
/// percent) or a count, and which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Policy and letter versions published.
    VersionsPublished,
    /// Approvers' send-backs ÷ decisions.
    SendBackRate,
    /// Acknowledgements made ÷ owed at the end.
    AcknowledgementRate,
    /// Letters signed ÷ owed at the end.
    LetterRate,
    /// Exams passed ÷ taken.
    ExamPassRate,
    /// Resolved by the deadline ÷ resolved.
    OnTimeRate,
    /// Overdue ÷ waiting at the end.
    OverdueShare,
    /// Returns ÷ dispatched.
    ReturnRate,
    /// Extensions approved ÷ dispatched.
    ExtensionRate,
    /// Escalations raised by the deadline engine.
    Escalations,
    /// Significant and major risks open at the end.
    HighRisksOpen,
    /// Checks due and not recorded.
    ChecksOverdue,
    /// Rectifications past their deadline, not verified.
    RectificationsOverdue,
    /// Automatic warnings compliance confirmed.
    WarningsConfirmed,
    /// Risk events recorded.
    RiskEvents,
    /// Satisfied (and basically satisfied) ÷ callbacks with an answer.
    SatisfactionRate,
    /// Callbacks answered "unsatisfied".
    Unsatisfied,
    /// Tickets sent back to redo ÷ resolved.
    RedoRate,
}

impl Measure {
    pub fn code(self) -> &'static str {
        match self {
            Measure::VersionsPublished => "versions_published",
            Measure::SendBackRate => "send_back_rate",
            Measure::AcknowledgementRate => "acknowledgement_rate",
            Measure::LetterRate => "letter_rate",
            Measure::ExamPassRate => "exam_pass_rate",
            Measure::OnTimeRate => "on_time_rate",
            Measure::OverdueShare => "overdue_share",
            Measure::ReturnRate => "return_rate",
            Measure::ExtensionRate => "extension_rate",
            Measure::Escalations => "escalations",
            Measure::HighRisksOpen => "high_risks_open",
            Measure::ChecksOverdue => "checks_overdue",
            Measure::RectificationsOverdue => "rectifications_overdue",
            Measure::WarningsConfirmed => "warnings_confirmed",
            Measure::RiskEvents => "risk_events",
            Measure::SatisfactionRate => "satisfaction_rate",
            Measure::Unsatisfied => "unsatisfied",
            Measure::RedoRate => "redo_rate",
        }
    }
    pub fn is_rate(self) -> bool {
        !matches!(
            self,
            Measure::VersionsPublished
                | Measure::Escalations
                | Measure::HighRisksOpen
                | Measure::ChecksOverdue
                | Measure::RectificationsOverdue
                | Measure::WarningsConfirmed
                | Measure::RiskEvents
                | Measure::Unsatisfied
        )
    }
    /// More is better (else less is); versions published is neither: `None`.
    pub fn higher_is_better(self) -> Option<bool> {
        match self {
            Measure::VersionsPublished => None,
            Measure::AcknowledgementRate
            | Measure::LetterRate
            | Measure::ExamPassRate
            | Measure::OnTimeRate
            | Measure::SatisfactionRate => Some(true),
            _ => Some(false),
        }
    }
}

/// Whether a figure went the good way since the period before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Better,
    Worse,
    Same,
    /// No figure in one of the periods, or a figure that is neither good nor bad.
    None,
}

/// One figure of the evidence: the period's and the one before's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub dimension: Dimension,
    pub measure: Measure,
    pub now: Option<f64>,
    pub before: Option<f64>,
}

impl EvidenceItem {
    pub fn trend(&self) -> Trend {
        let (Some(now), Some(before), Some(higher)) =
            (self.now, self.before, self.measure.higher_is_better())
        else {
            return Trend::None;
        };
        if (now - before).abs() < 1e-9 {
            Trend::Same
        } else if (now > before) == higher {
            Trend::Better
        } else {
            Trend::Worse
        }
    }
}

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// A measure's figure in one period's report.
fn figure(m: Measure, r: &Report) -> Option<f64> {
    let count = |n: i64| Some(n as f64);
    let grade = |g: &str| r.risks.open_by_grade.get(g).copied().unwrap_or(0);
    let c = &r.callbacks;
    match m {
        Measure::VersionsPublished => count(r.policies.versions_published),
        Measure::SendBackRate => ratio(r.policies.sent_back, r.policies.decisions),
        Measure::AcknowledgementRate => {
            ratio(r.policies.acknowledged, r.policies.acknowledgements_due)
        }
        Measure::LetterRate => ratio(r.policies.letters_signed, r.policies.letters_due),
        Measure::ExamPassRate => ratio(r.training.exams_passed, r.training.exams),
        Measure::OnTimeRate => ratio(r.resolved_on_time, r.resolved),
        Measure::OverdueShare => ratio(r.overdue_at_close, r.backlog_at_close),
        Measure::ReturnRate => ratio(r.returns, r.dispatched),
        Measure::ExtensionRate => ratio(r.extensions_approved, r.dispatched),
        Measure::Escalations => count(r.escalations),
        Measure::HighRisksOpen => count(grade("significant") + grade("major")),
        Measure::ChecksOverdue => count(r.risks.checks_due),
        Measure::RectificationsOverdue => count(r.risks.rectifications_overdue),
        Measure::WarningsConfirmed => count(r.risks.warnings_confirmed),
        Measure::RiskEvents => count(r.risks.events_by_grade.values().sum()),
        Measure::SatisfactionRate => r.satisfaction_rate.or_else(|| {
            ratio(
                c.satisfied + c.basically_satisfied,
                c.satisfied + c.basically_satisfied + c.unsatisfied,
            )
        }),
        Measure::Unsatisfied => count(c.unsatisfied),
        Measure::RedoRate => ratio(r.redos, r.resolved),
    }
}

/// The measures each dimension's evidence shows, in order.
pub const MEASURES: [(Dimension, &[Measure]); 4] = [
    (
        Dimension::Policy,
        &[
            Measure::VersionsPublished,
            Measure::SendBackRate,
            Measure::AcknowledgementRate,
            Measure::LetterRate,
            Measure::ExamPassRate,
        ],
    ),
    (
        Dimension::Process,
        &[
            Measure::OnTimeRate,
            Measure::OverdueShare,
            Measure::ReturnRate,
            Measure::ExtensionRate,
            Measure::Escalations,
        ],
    ),
    (
        Dimension::Risk,
        &[
            Measure::HighRisksOpen,
            Measure::ChecksOverdue,
            Measure::RectificationsOverdue,
            Measure::WarningsConfirmed,
            Measure::RiskEvents,
        ],
    ),
    (
        Dimension::Satisfaction,
        &[
            Measure::SatisfactionRate,
            Measure::Unsatisfied,
            Measure::RedoRate,
        ],
    ),
];

/// The evidence of every dimension from the period's report and the one before's.
pub fn evidence(now: &Report, before: &Report) -> Vec<EvidenceItem> {
    MEASURES
        .iter()
        .flat_map(|(dimension, measures)| {
            measures.iter().map(move |m| EvidenceItem {
                dimension: *dimension,
                measure: *m,
                now: figure(*m, now),
                before: figure(*m, before),
            })
        })
        .collect()
}

/// The period before `[first, last]`: as many days, ending the day before `first`.
pub fn period_before(first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = (last - first).num_days() + 1;
    let end = first.pred_opt().unwrap_or(first);
    (end - chrono::Duration::days(days - 1), end)
}

/// The longest period an evaluation covers.
pub const MAX_DAYS: i64 = 366 * 2;

/// The period typed in: both days, the last not before the first, not in the future, at
/// most two years.
pub fn check_period(
    first: &str,
    last: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), (&'static str, FieldProblem)> {
    let day = |field, v: &str| match v.trim() {
        "" => Err((field, FieldProblem::Required)),
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| (field, FieldProblem::BadDate)),
    };
    let (f, l) = (day("first_day", first)?, day("last_day", last)?);
    if l < f {
        return Err(("last_day", FieldProblem::MustBeLater));
    }
    if l > today || (l - f).num_days() >= MAX_DAYS {
        return Err(("last_day", FieldProblem::BadDate));
    }
    Ok((f, l))
}

/// The evaluators' word on one dimension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    /// 0-100.
    pub score: u8,
    pub findings: String,
}

pub const MAX_FINDINGS: usize = 4000;

/// A score typed in (0-100, whole) and its findings (required, at most 4000 characters).
pub fn check_score(
    score: &str,
    findings: &str,
) -> Result<(u8, String), (&'static str, FieldProblem)> {
    let score = match score.trim() {
        "" => return Err(("score", FieldProblem::Required)),
        s => s
            .parse::<u8>()
            .ok()
            .filter(|s| *s <= 100)
            .ok_or(("score", FieldProblem::BadNumber))?,
    };
    let findings = check_text(findings, 1, MAX_FINDINGS).map_err(|p| ("findings", p))?;
    Ok((score, findings))
}

/// The scores with `s` put in its dimension's place (replacing an earlier one), in
/// dimension order.
pub fn with_score(mut scores: Vec<DimensionScore>, s: DimensionScore) -> Vec<DimensionScore> {
    scores.retain(|x| x.dimension != s.dimension);
    scores.push(s);
    scores.sort_by_key(|x| x.dimension);
    scores
}

/// The evaluation's overall score, the mean of the four, once every dimension is scored.
pub fn overall(scores: &[DimensionScore]) -> Option<f64> {
    let all = Dimension::ALL
        .iter()
        .all(|d| scores.iter().any(|s| s.dimension == *d));
    all.then(|| {
        let sum: u32 = scores.iter().map(|s| u32::from(s.score)).sum();
        (f64::from(sum) / scores.len() as f64 * 100.0).round() / 100.0
    })
}

/// Where an improvement task stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    Open,
    Overdue,
    Done,
    DoneLate,
}

impl TaskState {
    pub fn code(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Overdue => "overdue",
            TaskState::Done => "done",
            TaskState::DoneLate => "done_late",
        }
    }
    pub fn is_done(self) -> bool {
        matches!(self, TaskState::Done | TaskState::DoneLate)
    }
}

/// A task due on `due` (to the end of that day), done on `done` if it is.
pub fn task_state(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> TaskState {
    match done {
        Some(d) if d <= due => TaskState::Done,
        Some(_) => TaskState::DoneLate,
        None if today > due => TaskState::Overdue,
        None => TaskState::Open,
    }
}

/// An improvement action: required, at most 1000 characters; its deadline a day not before
/// `today`.
pub fn check_task(
    action: &str,
    due: &str,
    today: NaiveDate,
) -> Result<(String, NaiveDate), (&'static str, FieldProblem)> {
    let action = check_text(action, 1, 1000).map_err(|p| ("action", p))?;
    let due = match due.trim() {
        "" => return Err(("due_day", FieldProblem::Required)),
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| ("due_day", FieldProblem::BadDate))?,
    };
    if due < today {
        return Err(("due_day", FieldProblem::MustBeLater));
    }
    Ok((action, due))
}

/// `PG-2026-03`: the year the evaluation was opened and its number in the chain's count.
pub fn code(year: i32, n: i64) -> String {
    format!("PG-{year}-{n:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_evidence_compares_each_figure_with_the_period_before() {
        let mut now = Report {
            resolved: 100,
            resolved_on_time: 90,
            dispatched: 200,
            returns: 10,
            ..Report::default()
        };
        now.callbacks.satisfied = 45;
        now.callbacks.unsatisfied = 5;
        now.risks.open_by_grade.insert("major".into(), 1);
        now.risks.open_by_grade.insert("significant".into(), 2);
        now.risks.open_by_grade.insert("low".into(), 7);
        let before = Report {
            resolved: 100,
            resolved_on_time: 80,
            dispatched: 100,
            returns: 5,
            ..Report::default()
        };
        let e = evidence(&now, &before);
        let get = |m: Measure| e.iter().find(|x| x.measure == m).unwrap().clone();
        let on_time = get(Measure::OnTimeRate);
        assert_eq!((on_time.now, on_time.before), (Some(0.9), Some(0.8)));
        assert_eq!(on_time.trend(), Trend::Better);
        // 10 of 200 and 5 of 100: the same share, though twice as many.
        assert_eq!(get(Measure::ReturnRate).trend(), Trend::Same);
        assert_eq!(get(Measure::HighRisksOpen).now, Some(3.0));
        assert_eq!(get(Measure::HighRisksOpen).trend(), Trend::Worse);
        let sat = get(Measure::SatisfactionRate);
        assert_eq!((sat.now, sat.before), (Some(0.9), None));
        assert_eq!(sat.trend(), Trend::None);
        assert_eq!(get(Measure::VersionsPublished).trend(), Trend::None);
        // Every dimension has evidence, in the policy's order.
        let dims: Vec<_> = e.iter().map(|x| x.dimension).collect();
        assert!(dims.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(dims.first(), Some(&Dimension::Policy));
        assert_eq!(dims.last(), Some(&Dimension::Satisfaction));
    }

    #[test]
    fn the_period_before_is_as_long_and_ends_the_day_before() {
        assert_eq!(
            period_before(d("2026-07-01"), d("2026-12-31")),
            (d("2025-12-29"), d("2026-06-30"))
        );
        assert_eq!(
            period_before(d("2026-03-01"), d("2026-03-01")),
            (d("2026-02-28"), d("2026-02-28"))
        );
    }

    #[test]
    fn a_period_must_be_real_past_and_not_too_long() {
        let today = d("2026-12-05");
        assert_eq!(
            check_period("2026-01-01", "2026-11-30", today),
            Ok((d("2026-01-01"), d("2026-11-30")))
        );
        assert_eq!(
            check_period("", "2026-11-30", today),
            Err(("first_day", FieldProblem::Required))
        );
        assert_eq!(
            check_period("2026-02-30", "2026-11-30", today),
            Err(("first_day", FieldProblem::BadDate))
        );
        assert_eq!(
            check_period("2026-11-30", "2026-11-01", today),
            Err(("last_day", FieldProblem::MustBeLater))
        );
        assert_eq!(
            check_period("2026-11-01", "2026-12-06", today),
            Err(("last_day", FieldProblem::BadDate))
        );
        assert_eq!(
            check_period("2024-01-01", "2026-11-30", today),
            Err(("last_day", FieldProblem::BadDate))
        );
    }

    #[test]
    fn scores_are_whole_numbers_to_100_with_findings() {
        assert_eq!(
            check_score(" 85 ", " 制度齐全 "),
            Ok((85, "制度齐全".into()))
        );
        assert_eq!(check_score("100", "x"), Ok((100, "x".into())));
        assert_eq!(
            check_score("101", "x"),
            Err(("score", FieldProblem::BadNumber))
        );
        assert_eq!(
            check_score("8.5", "x"),
            Err(("score", FieldProblem::BadNumber))
        );
        assert_eq!(check_score("", "x"), Err(("score", FieldProblem::Required)));
        assert_eq!(
            check_score("80", "  "),
            Err(("findings", FieldProblem::Required))
        );
    }

    #[test]
    fn the_overall_score_needs_all_four_dimensions() {
        let s = |dimension, score| DimensionScore {
            dimension,
            score,
            findings: "f".into(),
        };
        let mut scores = with_score(vec![], s(Dimension::Risk, 70));
        scores = with_score(scores, s(Dimension::Policy, 90));
        scores = with_score(scores, s(Dimension::Process, 80));
        assert_eq!(overall(&scores), None);
        scores = with_score(scores, s(Dimension::Satisfaction, 85));
        // A second score of a dimension replaces the first.
        scores = with_score(scores, s(Dimension::Risk, 75));
        assert_eq!(scores.len(), 4);
        assert_eq!(scores[0].dimension, Dimension::Policy);
        assert_eq!(overall(&scores), Some(82.5));
    }

    #[test]
    fn a_task_is_overdue_after_its_day_and_late_if_done_after_it() {
        let due = d("2026-12-10");
        assert_eq!(task_state(due, None, d("2026-12-10")), TaskState::Open);
        assert_eq!(task_state(due, None, d("2026-12-11")), TaskState::Overdue);
        assert_eq!(
            task_state(due, Some(d("2026-12-10")), d("2026-12-20")),
            TaskState::Done
        );
        assert_eq!(
            task_state(due, Some(d("2026-12-11")), d("2026-12-20")),
            TaskState::DoneLate
        );
        assert_eq!(
            check_task(" 修订流程 ", "2026-12-05", d("2026-12-05")),
            Ok(("修订流程".into(), d("2026-12-05")))
        );
        assert_eq!(
            check_task("x", "2026-12-04", d("2026-12-05")),
            Err(("due_day", FieldProblem::MustBeLater))
        );
        assert_eq!(
            check_task("", "2026-12-05", d("2026-12-05")),
            Err(("action", FieldProblem::Required))
        );
    }
}
