//! Policy documents (制度 / 合规手册): versions written by compliance, reviewed by the
//! document department's leads, approved by the leading group and published to their
//! audience, who each acknowledge them (传达确认); the document page shows how far a version
//! has reached. Each step is an event in the one history chain.
pub mod api;
mod document_page;
pub(crate) mod draft_fields;
#[cfg(feature = "ssr")]
pub mod gate;
pub(crate) mod labels;
mod letters_page;
mod list_page;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod service;
mod todo;
mod version_page;

pub use document_page::{PolicyNewPage, PolicyPage};
pub use letters_page::LettersPage;
pub use list_page::PoliciesPage;
pub use todo::PolicyTodo;
pub use version_page::PolicyVersionPage;

use crate::domain::policy::{Audience, Decision, DiffLine, Stage, VersionState};
use crate::domain::risk_notice::Reach;
use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A version's number and state, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionBrief {
    pub id: i64,
    pub major: i64,
    pub minor: i64,
    pub state: VersionState,
    pub summary: String,
    pub created_at: i64,
    pub published_at: Option<i64>,
}

impl VersionBrief {
    pub fn number(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }
}

/// A document with the version in force and the one being revised, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub department_id: i64,
    pub department_name: String,
    /// A commitment letter for this post (role); None: a policy.
    pub post_role: Option<Role>,
    pub current: Option<VersionBrief>,
    pub pending: Option<VersionBrief>,
}

/// One version in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersion {
    pub brief: VersionBrief,
    pub document_id: i64,
    pub body: String,
    pub audience: Audience,
    pub department_quorum: i64,
    pub leadership_quorum: i64,
    pub remind_days: i64,
    /// The approval round (each submission starts one).
    pub round: i64,
    /// Sent back at its last round: the comments are to be answered.
    pub sent_back: bool,
    pub created_by: i64,
    pub created_by_name: String,
    pub published_on: Option<String>,
}

/// One approver of one stage of one round, and their decision when made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub round: i64,
    pub stage: Stage,
    pub user_id: i64,
    pub name: String,
    pub decision: Option<Decision>,
    pub comment: String,
    pub decided_at: Option<i64>,
}

/// Something waiting for the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoItem {
    pub document_id: i64,
    pub version_id: i64,
    pub title: String,
    pub number: String,
    /// The stage to decide (None: a version to acknowledge).
    pub stage: Option<Stage>,
}

/// What the signed-in user has to do about policies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyTodoList {
    pub to_acknowledge: Vec<TodoItem>,
    /// Commitment letters of the user's posts still to sign (ticket work waits for them).
    pub to_sign: Vec<TodoItem>,
    pub to_approve: Vec<TodoItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyList {
    pub documents: Vec<PolicyDocument>,
    pub todo: PolicyTodoList,
    pub may_author: bool,
    pub utc_offset_secs: i32,
}

/// How far a published major version has reached its audience.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub acknowledged: usize,
    pub total: usize,
    pub by_department: Vec<Reach>,
    /// Who has not acknowledged: (name, department).
    pub missing: Vec<(String, String)>,
}

/// A history event of the document, for its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyTimelineRow {
    pub seq: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub event: Option<crate::domain::events::PolicyEventData>,
}

/// The document page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub document: PolicyDocument,
    /// The version in force, rendered (safe HTML made on the server).
    pub current_html: Option<String>,
    pub versions: Vec<VersionBrief>,
    /// The signed-in user is in the audience and has not acknowledged the major in force.
    pub to_acknowledge: bool,
    pub acknowledged_at: Option<i64>,
    pub coverage: Option<Coverage>,
    pub may_author: bool,
    pub timeline: Vec<PolicyTimelineRow>,
    pub utc_offset_secs: i32,
}

/// A version's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDetail {
    pub document: PolicyDocument,
    pub version: PolicyVersion,
    pub html: String,
    /// Against the version in force before this one (None: the document's first).
    pub diff: Option<(String, Vec<DiffLine>)>,
    pub approvals: Vec<Approval>,
    /// The stage the signed-in user is to decide now.
    pub my_stage: Option<Stage>,
    pub may_author: bool,
    /// The draft form's choices, for its author while it is a draft.
    pub form: Option<PolicyForm>,
    pub utc_offset_secs: i32,
}

/// The choices of the draft form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyForm {
    /// (id, name, depth in the tree).
    pub departments: Vec<(i64, String, usize)>,
    pub roles: Vec<Role>,
    pub own_department: i64,
}

/// One commitment letter of the signed-in user's post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLetter {
    pub document_id: i64,
    pub version_id: i64,
    pub title: String,
    pub number: String,
    pub html: String,
    pub signed_at: Option<i64>,
}

/// Who has signed a letter in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterOverview {
    pub document: PolicyDocument,
    pub coverage: Coverage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterList {
    pub mine: Vec<MyLetter>,
    pub overview: Vec<LetterOverview>,
    /// The name to type when signing.
    pub display_name: String,
    pub utc_offset_secs: i32,
}
