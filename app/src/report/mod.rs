//! The daily report (日报) and its week, month and year views: the page with its charts,
//! snapshots, exports.
pub mod api;
pub mod charts;
#[cfg(feature = "ssr")]
pub mod export;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::{percent, ReportPage};

use crate::domain::report::{Period, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One day of the trend chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: String,
    pub received: i64,
    pub resolved: i64,
    pub backlog: i64,
}

/// The stored version a day's report was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    pub version: i64,
    pub versions: i64,
    pub generated_at: i64,
    /// None: the day-close job.
    pub generated_by: Option<String>,
    pub reason: String,
    pub chain_seq: i64,
    pub chain_hash: String,
}

/// Everything the report page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub period: Period,
    pub date: String,
    /// The day (or period) is over.
    pub closed: bool,
    pub report: Report,
    /// The day (or stretch) before, for the changes shown with the key figures.
    pub previous: Report,
    pub trend: Vec<TrendPoint>,
    pub department_names: BTreeMap<String, String>,
    pub category_names: BTreeMap<String, String>,
    pub snapshot: Option<SnapshotInfo>,
    /// The whole desk (supervisors, compliance), not a lead's departments.
    pub desk_wide: bool,
    pub may_regenerate: bool,
    pub may_export_unmasked: bool,
    pub utc_offset_secs: i32,
}
