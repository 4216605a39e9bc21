//! 合规审查: the compliance review gate ("未经审查不得实施"). Decisions at the configured
//! points become review requests (the one gate in `gate.rs`); compliance reviews them on
//! three dimensions and concludes; an approval applies the change in the same transaction.
//! Pages: the queue and the searchable archive, a request with its review form, and the
//! points an admin turns on or off.
pub mod api;
#[cfg(feature = "ssr")]
pub mod gate;
pub(crate) mod labels;
mod list_page;
mod points_page;
mod review_page;
#[cfg(feature = "ssr")]
pub mod service;
mod todo;

pub use list_page::ReviewsPage;
pub use points_page::ReviewPointsPage;
pub use review_page::ReviewPage;
pub use todo::ReviewTodo;

use crate::domain::review::{Point, PointSetting, Proposal, ReviewRecord, ReviewState};
use serde::{Deserialize, Serialize};

/// A review request as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRequest {
    pub id: i64,
    pub code: String,
    pub point: Point,
    pub title: String,
    pub proposal: Proposal,
    pub reason: String,
    pub requested_by: i64,
    pub requester: String,
    pub requested_at: i64,
    pub state: ReviewState,
    pub reviewer: Option<String>,
    pub reviewed_at: Option<i64>,
    pub record: Option<ReviewRecord>,
    /// A granted export: when it was downloaded.
    pub used_at: Option<i64>,
}

impl ReviewRequest {
    /// The page of the thing the request is about (none for an export).
    pub fn subject_href(&self) -> Option<String> {
        Some(match &self.proposal {
            Proposal::PublishPolicy { version_id, .. } => {
                format!("/policies/versions/{version_id}")
            }
            Proposal::UnmaskedExport { .. } => return None,
            Proposal::Catalogue { category_id, .. } => format!("/admin/categories/{category_id}"),
            Proposal::LongExtension { number, .. } | Proposal::ArchiveSecret { number, .. } => {
                format!("/tickets/{number}")
            }
            Proposal::MajorEventClose { event_id, .. } => format!("/risks/events/{event_id}"),
        })
    }
}

/// The queue and the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewList {
    pub queue: Vec<ReviewRequest>,
    pub archive: Vec<ReviewRequest>,
    /// The signed-in user sees only their own requests.
    pub own_only: bool,
    pub may_configure: bool,
    pub utc_offset_secs: i32,
}

/// One request's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDetail {
    pub request: ReviewRequest,
    /// The signed-in user may record the review now.
    pub may_review: bool,
    /// Compliance, but this is their own request (someone else reviews it).
    pub own_request: bool,
    /// The requester's approved export, not yet downloaded.
    pub may_download: bool,
    pub utc_offset_secs: i32,
}

/// The points and whether the signed-in user may change them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsView {
    pub points: Vec<PointSetting>,
    pub may_edit: bool,
}
