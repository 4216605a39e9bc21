//! Work orders: intake and registration, the ticket page with its actions and timeline,
//! "my work", search. Everything here is masked unless the user revealed it.
pub(crate) mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod engine;
#[cfg(feature = "ssr")]
pub mod import;
mod intake_page;
pub(crate) mod labels;
mod search_page;
#[cfg(feature = "ssr")]
pub mod service;
mod ticket_page;
mod timeline;
mod work_page;

pub use intake_page::IntakePage;
pub use search_page::SearchPage;
pub use ticket_page::TicketPage;
pub use work_page::WorkPage;

use crate::domain::events::EventData;
use crate::domain::intake::Answer;
use crate::domain::roles::Clearance;
use crate::domain::script::ReplyTemplate;
use crate::domain::ticket::{Channel, Priority, State};
use crate::domain::workflow::ActionKind;
use serde::{Deserialize, Serialize};

/// A ticket in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub id: i64,
    pub number: String,
    pub state: State,
    pub priority: Priority,
    pub category: String,
    pub caller_name: String,
    /// Always masked.
    pub caller_phone: String,
    pub department: Option<String>,
    pub handler: Option<String>,
    pub registered_at: i64,
    /// The deadline that matters now (sign-for, resolve or callback), if any.
    pub due_at: Option<i64>,
    pub supervised: bool,
    pub extension_pending: bool,
    pub urge_count: i64,
    pub redo_count: i64,
    pub return_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub seq: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub event: Option<EventData>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRequest {
    pub id: i64,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub requested_by: String,
    pub requested_at: i64,
}

/// Where a dispatcher can send a ticket: departments, and handlers within them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignOption {
    pub department_id: i64,
    pub department: String,
    pub depth: usize,
    /// (user id, name) of the on-duty handlers.
    pub handlers: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub summary: TicketSummary,
    pub channel: Channel,
    pub category_code: String,
    pub description: String,
    /// Masked unless `revealed`.
    pub caller_phone: String,
    pub caller_id_number: String,
    pub revealed: bool,
    pub address: String,
    pub answers: Vec<Answer>,
    pub confidentiality: Clearance,
    pub registered_by: String,
    pub sign_due_at: Option<i64>,
    pub signed_at: Option<i64>,
    pub resolve_due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub result: String,
    pub callback_due_at: Option<i64>,
    pub callback_attempts: i64,
    pub closed_at: Option<i64>,
    pub close_outcome: String,
    pub archived_at: Option<i64>,
    pub repeat_calls: i64,
    pub actions: Vec<ActionKind>,
    pub extension: Option<PendingRequest>,
    pub correction: Option<PendingRequest>,
    /// A decision on the ticket waiting for a compliance review: (request id, code).
    pub review: Option<(i64, String)>,
    pub replies: Vec<ReplyTemplate>,
    pub assign_options: Vec<AssignOption>,
    pub timeline: Vec<TimelineEntry>,
    /// The desk's UTC offset, so server and browser show the same local times.
    pub utc_offset_secs: i32,
    /// The server's clock when this was read, for "time left".
    pub now: i64,
}

/// What the desk knows about a caller, for the agent at intake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerLookup {
    pub tickets: Vec<TicketSummary>,
    /// Tickets from this number in the last 30 days (all of them, only counted).
    pub recent_count: i64,
    pub repeat_caller: bool,
    /// Open tickets of the same caller and category: likely the same matter.
    pub duplicates: Vec<TicketSummary>,
    pub utc_offset_secs: i32,
    pub now: i64,
}

/// Three calls in thirty days make a repeat caller.
pub const REPEAT_CALLS: i64 = 3;
pub const REPEAT_WINDOW_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkList {
    AwaitingCallback,
    RegisteredByMe,
    ToSignFor,
    InProgress,
    DispatcherQueue,
    ExtensionRequests,
    CorrectionRequests,
    Supervised,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkSection {
    pub list: WorkList,
    pub tickets: Vec<TicketSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyWork {
    pub sections: Vec<WorkSection>,
    pub utc_offset_secs: i32,
    pub now: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    /// What was searched, as shown back (a phone number comes back masked).
    pub query: String,
    pub tickets: Vec<TicketSummary>,
    pub utc_offset_secs: i32,
    pub now: i64,
}

/// Local date and time (`2026-11-28 14:05`) of an instant, at the desk's offset.
pub fn local_time(ms: i64, offset_secs: i32) -> String {
    let offset = chrono::FixedOffset::east_opt(offset_secs)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Wall-clock time left until `due` (negative: overdue), in whole minutes.
pub fn minutes_left(now: i64, due: i64) -> i64 {
    (due - now).div_euclid(60_000)
}
