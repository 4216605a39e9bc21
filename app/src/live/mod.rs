//! Live updates and notifications: the browser's end of the change stream (one
//! EventSource per tab, reconnecting by itself), the bell with its unread count, and the
//! handler's on-duty switch.
pub mod api;
mod bell;
mod feed;

pub use bell::{Bell, ClockName};
pub use feed::{provide_live, use_live, Live};

use crate::domain::notice::Notice;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    /// The ticket's number, or the risk's code.
    pub subject: String,
    pub href: String,
    pub notice: Notice,
    pub created_at: i64,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<NotificationItem>,
    /// The handler's on-duty switch (`None` for users who are not handlers).
    pub on_duty: Option<bool>,
    pub utc_offset_secs: i32,
}
