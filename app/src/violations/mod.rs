//! 问责: violations (违规) with graded penalties and the person's appeal. Compliance, a
//! supervisor, or a lead for their department's people proposes one (from a confirmed
//! automatic warning, or from tickets); the proposer or compliance notifies the person; the
//! person may appeal within the window; the leading group decides. Everyone sees their own;
//! leads their departments'; compliance and supervisors all. Each step is an event in the
//! one chain. Pages: the list with the reader's points, the form, a violation with its
//! steps, and the scheme an admin sets.
pub mod api;
mod form_page;
pub(crate) mod labels;
mod list_page;
mod scheme_page;
#[cfg(feature = "ssr")]
pub mod service;
mod todo;
mod violation_page;

pub use form_page::ViolationNewPage;
pub use list_page::ViolationsPage;
pub use scheme_page::ViolationSchemePage;
pub use todo::ViolationTodo;
pub use violation_page::ViolationPage;

use crate::domain::violation::{Conduct, Move, Outcome, Penalty, Scheme, Severity, ViolationState};
use crate::risk::EvidenceTicket;
use serde::{Deserialize, Serialize};

/// A violation as the pages show it. `state` is as of now (a closed window: final).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub id: i64,
    pub code: String,
    pub person_id: i64,
    pub person: String,
    pub department_id: i64,
    pub department: String,
    pub conduct: Conduct,
    /// The conduct in words when it is none of art. 18's ("other").
    pub conduct_text: String,
    pub facts: String,
    pub tickets: Vec<EvidenceTicket>,
    pub warning_id: Option<i64>,
    pub severity: Severity,
    pub penalty: Penalty,
    pub state: ViolationState,
    pub proposed_by: i64,
    pub proposer: String,
    pub proposed_at: i64,
    pub notified_at: Option<i64>,
    pub appeal_until: Option<i64>,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<i64>,
    pub outcome: Option<Outcome>,
    /// The penalty the decision left (none when withdrawn).
    pub decided: Option<Penalty>,
    pub decider: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_reason: Option<String>,
}

impl Violation {
    /// The points that count against the person now.
    pub fn counted_points(&self) -> u32 {
        crate::domain::violation::counted_points(self.state, &self.penalty, self.decided.as_ref())
    }
}

/// The list: the violations the reader may see, and the reader's own points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationList {
    pub items: Vec<Violation>,
    /// The reader's own points counted this year.
    pub my_points: u32,
    pub may_propose: bool,
    pub may_configure: bool,
    pub utc_offset_secs: i32,
}

/// One step of a violation's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationStep {
    pub seq: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub event: Option<crate::domain::events::ViolationEventData>,
}

/// One violation's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationDetail {
    pub violation: Violation,
    pub moves: Vec<Move>,
    pub steps: Vec<ViolationStep>,
    pub utc_offset_secs: i32,
}

/// A person a violation may be proposed about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub id: i64,
    pub name: String,
    pub department: String,
}

/// The form's choices and, from a confirmed warning, its prefill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationForm {
    pub people: Vec<PersonChoice>,
    pub scheme: Scheme,
    pub warning_id: Option<i64>,
    pub person_id: Option<i64>,
    pub conduct: Conduct,
    pub tickets: String,
    pub facts: String,
}
