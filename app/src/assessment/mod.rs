//! Assessment (考核): the KPIs of `docs/assessment.md` per department, per handler and for
//! the desk over any period, computed from the ticket history through the report's facts,
//! with each unit's compliance figures. The page, its CSV and `hotline assess` read the same
//! sheet.
#[cfg(feature = "ssr")]
pub mod annual;
mod annual_page;
#[cfg(feature = "ssr")]
pub mod annual_report;
mod annual_report_page;
pub mod api;
mod controls;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod league;
mod league_page;
mod page;
#[cfg(feature = "ssr")]
pub mod pdf;
mod scheme_page;
mod scorecard_page;
#[cfg(feature = "ssr")]
pub mod service;

pub use annual_page::AnnualPage;
pub use annual_report_page::{AnnualReportDoc, AnnualReportPage};
pub use league_page::{marks, LeaguePage};
pub use page::AssessmentPage;
pub use scheme_page::ScoreSchemePage;
pub use scorecard_page::ScorecardPage;

use crate::domain::annual::{AnnualRules, Grade};
use crate::domain::kpi::{ComplianceFigures, Kpi, KpiCounts, KpiRules};
use crate::domain::score::{Rated, ScoreScheme, Standing};
use crate::violations::Violation;
use serde::{Deserialize, Serialize};

/// Whose line: the desk, a department or a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Desk,
    Department,
    Person,
}

/// One unit's figures: the counts behind every KPI, the KPIs (in `Kpi::ALL` order, none
/// where there is nothing to divide) and the compliance figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiLine {
    pub unit: Unit,
    pub id: i64,
    /// A department's code or a person's login: stable keys for exports.
    pub code: String,
    pub name: String,
    /// A person's department (its name).
    pub department: String,
    /// The unit had ticket work in the period (a unit without is not ranked).
    pub has_tickets: bool,
    pub kpis: Vec<Option<f64>>,
    pub counts: KpiCounts,
    pub compliance: ComplianceFigures,
}

/// The KPIs of a period as the reader may see them: supervisors and compliance everything,
/// a lead their departments and their people, anyone else their own line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiSheet {
    /// `2026-11`, `2026` or `first..last`.
    pub period: String,
    pub from: String,
    pub to: String,
    pub timezone: String,
    pub rules: KpiRules,
    pub desk: Option<KpiLine>,
    pub departments: Vec<KpiLine>,
    pub persons: Vec<KpiLine>,
    pub may_edit_rules: bool,
}

/// A department's line in the league table: its standing, and for each curve of the scheme
/// the figure and its numerator / denominator (the trace back to the tickets), and the KPIs
/// that lost it the most points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeagueRow {
    pub code: String,
    pub name: String,
    pub standing: Standing,
    pub figures: Vec<Option<f64>>,
    pub parts: Vec<(i64, i64)>,
    pub losses: Vec<(Kpi, f64)>,
    /// The violation points of the department's people (shown for unranked units too).
    pub deducted: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeagueGroup {
    pub name: String,
    pub full_marks: f64,
    pub red_size: u32,
    pub rows: Vec<LeagueRow>,
}

/// The league table (通报) of a period: each group's standings, the red lists (the rows
/// marked), the black list (worst first) and the scheme it was scored with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeagueTable {
    pub period: String,
    pub from: String,
    pub to: String,
    /// The period compared with.
    pub previous: String,
    pub timezone: String,
    pub scheme: ScoreScheme,
    pub groups: Vec<LeagueGroup>,
    pub black: Vec<LeagueRow>,
}

/// A person's scorecard (个人考核卡): their KPIs scored by the scheme (with their
/// department's group's full marks), and their violations of the period with the points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub period: String,
    pub from: String,
    pub to: String,
    pub login: String,
    pub name: String,
    pub department: String,
    pub group: String,
    pub full_marks: f64,
    pub scheme: ScoreScheme,
    pub figures: Vec<Option<f64>>,
    pub parts: Vec<(i64, i64)>,
    pub rated: Option<Rated>,
    pub violations: Vec<Violation>,
}

/// The scheme page's data: the scheme, the departments to place in groups (id, name), and
/// whether the reader may change it (admins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemeForm {
    pub scheme: ScoreScheme,
    pub departments: Vec<(i64, String)>,
    pub may_edit: bool,
}

/// A unit's year (年度考核): the KPI score (out of 100; none without ticket work), the
/// compliance score and its figures, the year's score and grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualLine {
    pub unit: Unit,
    pub id: i64,
    pub code: String,
    pub name: String,
    pub department: String,
    /// A person's department (its id), for who may read the line.
    pub department_id: i64,
    pub kpi_score: Option<f64>,
    pub compliance_score: f64,
    pub compliance: ComplianceFigures,
    pub score: f64,
    pub grade: Grade,
}

/// The year's assessment as computed (and, once closed, as kept in its snapshot).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualAssessment {
    pub year: i32,
    pub rules: AnnualRules,
    pub computed_at: i64,
    pub departments: Vec<AnnualLine>,
    pub persons: Vec<AnnualLine>,
}

/// One kept version of a closed year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualVersion {
    pub version: i64,
    pub closed_at: i64,
    pub closed_by: String,
    pub reason: String,
    pub chain_seq: i64,
    pub chain_hash: String,
}

/// The annual page: the year as the reader may see it — the latest closed version, or
/// computed now while the year is open — with its versions and whether the reader may close
/// it (supervisors, once the year has ended).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualView {
    pub assessment: AnnualAssessment,
    pub closed: Option<AnnualVersion>,
    pub versions: Vec<AnnualVersion>,
    pub year_ended: bool,
    pub may_close: bool,
    /// The desk's offset from UTC, for the times shown.
    pub utc_offset_secs: i32,
}

/// A month of the annual report's trend: the desk's volumes and rates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthLine {
    /// `2026-03`.
    pub month: String,
    pub received: i64,
    pub resolved: i64,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
}

/// Violations of a conduct and grade in the year (withdrawn ones not counted) and the
/// points that count of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationTally {
    pub conduct: crate::domain::violation::Conduct,
    pub severity: crate::domain::violation::Severity,
    pub count: i64,
    pub points: i64,
}

/// A finished effectiveness evaluation of the year, with its evidence and tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    pub evaluation: crate::evaluation::Evaluation,
    pub evidence: Vec<crate::domain::evaluation::EvidenceItem>,
    pub tasks: Vec<crate::evaluation::EvaluationTask>,
}

/// The annual management report (年度管理情况报告, article 30) as computed — and, once issued,
/// as kept: the situation (the desk's figures over the year against the year before, month
/// by month, the year's KPIs), risk control (risks by grade at the start and the end, events,
/// checks, rectifications), accountability (violations by conduct and grade), training and
/// acknowledgements, the year's effectiveness evaluations and the suggestions written for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualReport {
    pub year: i32,
    pub timezone: String,
    pub computed_at: i64,
    pub figures: crate::domain::report::Report,
    pub previous: crate::domain::report::Report,
    pub months: Vec<MonthLine>,
    pub kpis: Option<KpiLine>,
    pub violations: Vec<ViolationTally>,
    pub evaluations: Vec<EvaluationSummary>,
    pub suggestions: String,
}

/// The annual report page: the report (the latest issued version, or the draft computed
/// now), its versions, the chain head it is anchored to, and what the reader may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualReportView {
    pub report: AnnualReport,
    pub issued: Option<AnnualVersion>,
    pub versions: Vec<AnnualVersion>,
    /// The draft's suggestions (what the next issue would carry), who wrote them and when.
    pub draft: String,
    pub draft_by: Option<String>,
    pub draft_at: Option<i64>,
    /// The chain's head now (the draft's anchor until it is issued).
    pub chain_seq: i64,
    pub chain_hash: String,
    pub may_edit: bool,
    pub may_issue: bool,
    /// The server can print the PDF (it has Chromium).
    pub pdf_available: bool,
    pub year_ended: bool,
    pub utc_offset_secs: i32,
}

impl AnnualReportView {
    /// The chain head the report is anchored to: the issued version's, else the head now.
    pub fn anchor(&self) -> (i64, &str) {
        match &self.issued {
            Some(x) => (x.chain_seq, &x.chain_hash),
            None => (self.chain_seq, &self.chain_hash),
        }
    }
}
