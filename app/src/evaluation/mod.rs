//! The effectiveness evaluation (有效性评估, policy article 24): supervisors and compliance
//! open an evaluation of a period, read the evidence the desk computes for each of the four
//! dimensions from the daily report's figures (the period against the one before), score
//! each dimension with findings, set improvement tasks (owner, deadline) and finish it — the
//! evidence is then kept with it. Task owners see and close their tasks.
pub mod api;
pub mod list_page;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use list_page::EvaluationsPage;
pub use page::EvaluationPage;

use crate::domain::evaluation::{Dimension, DimensionScore, EvidenceItem, TaskState};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: i64,
    /// `PG-2026-01`.
    pub code: String,
    pub title: String,
    pub first_day: String,
    pub last_day: String,
    pub finished: bool,
    /// The dimensions scored so far, in order.
    pub scores: Vec<DimensionScore>,
    /// The mean of the four, once all are scored.
    pub overall: Option<f64>,
    pub created_by: String,
    pub created_at: i64,
    pub finished_by: Option<String>,
    pub finished_at: Option<i64>,
}

/// An improvement action (整改措施) set by the evaluators, tracked until done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationTask {
    pub id: i64,
    pub evaluation_id: i64,
    pub evaluation_code: String,
    pub dimension: Dimension,
    pub action: String,
    pub owner_id: i64,
    pub owner: String,
    pub due_day: String,
    pub state: TaskState,
    pub done_at: Option<i64>,
    pub done_by: Option<String>,
    pub done_note: String,
}

/// The list page: the evaluations (for evaluators), the reader's open tasks, and every open
/// task (for evaluators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationList {
    pub evaluations: Vec<Evaluation>,
    pub my_tasks: Vec<EvaluationTask>,
    pub open_tasks: Vec<EvaluationTask>,
    pub may_evaluate: bool,
    /// The form's default period: the last full year.
    pub default_first: String,
    pub default_last: String,
    pub utc_offset_secs: i32,
}

/// One evaluation with its evidence (computed now while open, as kept once finished).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationView {
    pub evaluation: Evaluation,
    pub evidence: Vec<EvidenceItem>,
    /// The period the evidence compares with.
    pub before_first: String,
    pub before_last: String,
    pub tasks: Vec<EvaluationTask>,
    /// Who may own a task (active accounts: id, name), for evaluators.
    pub people: Vec<(i64, String)>,
    pub may_evaluate: bool,
    pub today: String,
    pub utc_offset_secs: i32,
}
