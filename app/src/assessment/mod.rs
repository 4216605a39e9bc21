//! Assessment (考核): the KPIs of `docs/assessment.md` per department, per handler and for
//! the desk over any period, computed from the ticket history through the report's facts,
//! with each unit's compliance figures. The page, its CSV and `hotline assess` read the same
//! sheet.
pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::AssessmentPage;

use crate::domain::kpi::{ComplianceFigures, KpiCounts, KpiRules};
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
