//! Server functions of the review gate. Compliance, supervisors and admins read every
//! request; anyone else reads their own and those about a ticket they see (others do not
//! exist for them: 404). Only
//! compliance records a review, never on a request of their own; only admins change the
//! points. Each form sends the browser on to the page it changed.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::domain::review::{may_read, may_review, MayReview};
    use crate::domain::roles::Role;
    use crate::domain::workflow::Actor;
    pub use crate::risk::api::ssr::{actor, now, store, text, today, utc_offset_secs};

    pub fn offset() -> Result<i32, crate::error::AppError> {
        let tz = crate::state::app_state()?.timezone;
        Ok(utc_offset_secs(&tz, now()))
    }

    /// Reads every request: compliance, supervisors and admins.
    pub fn reads_all(actor: &Actor) -> bool {
        [Role::Compliance, Role::Supervisor, Role::Admin]
            .iter()
            .any(|r| actor.roles.contains(r))
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// How many requests each shelf shows (the search finds older ones).
#[cfg(feature = "ssr")]
const SHELF: i64 = 100;

/// The queue and the archive, matching `q` (code, title or reason) when given.
#[server(prefix = "/api", endpoint = "reviews", input = GetUrl)]
pub async fn list_reviews(#[server(default)] q: String) -> Result<ReviewList, AppError> {
    use crate::store::reviews::Shelf;
    let (actor, _) = actor().await?;
    let store = store()?;
    let own_only = !reads_all(&actor);
    let requester = own_only.then_some(actor.id);
    let q: String = q.chars().take(100).collect();
    Ok(ReviewList {
        queue: store
            .review_requests(Shelf::Queue, requester, &q, SHELF)
            .await?,
        archive: store
            .review_requests(Shelf::Archive, requester, &q, SHELF)
            .await?,
        own_only,
        may_configure: actor.roles.contains(&crate::domain::roles::Role::Admin),
        utc_offset_secs: offset()?,
    })
}

/// Compliance's queue for my work: the requests they may review now.
#[server(prefix = "/api", endpoint = "reviews/todo", input = GetUrl)]
pub async fn review_todo() -> Result<Vec<ReviewRequest>, AppError> {
    use crate::store::reviews::Shelf;
    let (actor, _) = actor().await?;
    if !actor
        .roles
        .contains(&crate::domain::roles::Role::Compliance)
    {
        return Ok(Vec::new());
    }
    let queue = store()?
        .review_requests(Shelf::Queue, None, "", SHELF)
        .await?;
    Ok(queue
        .into_iter()
        .filter(|r| may_review(&actor, r.requested_by) == MayReview::Yes)
        .collect())
}

#[server(prefix = "/api", endpoint = "reviews/detail", input = GetUrl)]
pub async fn get_review(id: i64) -> Result<ReviewDetail, AppError> {
    use crate::domain::review::Proposal;
    use crate::domain::review::{Point, ReviewState};
    let (actor, _) = actor().await?;
    let store = store()?;
    let request = store.review_request(id).await?.ok_or(AppError::NotFound)?;
    // A decision on a ticket is also read by those who see the ticket (its handler follows
    // their extension from the ticket's page).
    let on_visible_ticket = match &request.proposal {
        Proposal::LongExtension { number, .. } | Proposal::ArchiveSecret { number, .. } => {
            crate::tickets::service::visible_ticket(&store, &actor, number)
                .await
                .is_ok()
        }
        _ => false,
    };
    if !may_read(&actor, request.requested_by) && !on_visible_ticket {
        return Err(AppError::NotFound);
    }
    let pending = request.state == ReviewState::Pending;
    let verdict = may_review(&actor, request.requested_by);
    Ok(ReviewDetail {
        may_review: pending && verdict == MayReview::Yes,
        own_request: pending && verdict == MayReview::OwnRequest,
        may_download: request.point == Point::UnmaskedExport
            && request.requested_by == actor.id
            && request.state.approved()
            && request.used_at.is_none(),
        request,
        utc_offset_secs: offset()?,
    })
}

/// Compliance records the review: each dimension `pass` or `concern` (a concern needs its
/// note) and the conclusion (`approve`, `approve_with_conditions` with the conditions in
/// `note`, `reject` with the reason in `note`). An approval applies the change.
#[server(prefix = "/api", endpoint = "reviews/decide")]
pub async fn decide_review(
    id: i64,
    #[server(default)] compliance: String,
    #[server(default)] compliance_note: String,
    #[server(default)] risk: String,
    #[server(default)] risk_note: String,
    #[server(default)] operation: String,
    #[server(default)] operation_note: String,
    #[server(default)] conclusion: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::account::FieldProblem;
    use crate::domain::review::{Conclusion, Dimension, Finding, ReviewRecord};
    let (actor, _) = actor().await?;
    let dimension = |field: &str, finding: &str, note: &str| -> Result<Dimension, AppError> {
        Ok(Dimension {
            finding: Finding::parse(finding)
                .ok_or_else(|| AppError::field(field, FieldProblem::Required))?,
            note: text(&format!("{field}_note"), note, 0, 1000)?,
        })
    };
    let record = ReviewRecord {
        compliance: dimension("compliance", &compliance, &compliance_note)?,
        risk: dimension("risk", &risk, &risk_note)?,
        operation: dimension("operation", &operation, &operation_note)?,
        conclusion: Conclusion::parse(&conclusion)
            .ok_or_else(|| AppError::field("conclusion", FieldProblem::Required))?,
        note: text("note", &note, 0, 2000)?,
    };
    let tz = crate::state::app_state()?.timezone;
    let state =
        super::service::decide(&store()?, &tz, &actor, id, &record, (now(), today()?)).await?;
    tracing::info!(
        actor = actor.id,
        review = id,
        state = state.code(),
        "review recorded"
    );
    leptos_axum::redirect(&format!("/reviews/{id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "reviews/points", input = GetUrl)]
pub async fn get_review_points() -> Result<PointsView, AppError> {
    let (actor, _) = actor().await?;
    if !reads_all(&actor) {
        return Err(AppError::Forbidden);
    }
    Ok(PointsView {
        points: store()?.review_points().await?,
        may_edit: actor.roles.contains(&crate::domain::roles::Role::Admin),
    })
}

/// Admins turn points on (`on[<code>]` checked) or off, and set the extension limit in
/// working days.
#[server(prefix = "/api", endpoint = "reviews/save_points")]
pub async fn save_review_points(
    #[server(default)] on: Option<BTreeMap<String, String>>,
    #[server(default)] limit_days: String,
) -> Result<(), AppError> {
    use crate::domain::account::FieldProblem;
    use crate::domain::review::{PointSetting, MAX_LIMIT_DAYS};
    let (actor, _) = actor().await?;
    if !actor.roles.contains(&crate::domain::roles::Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let limit: i64 = limit_days
        .trim()
        .parse()
        .ok()
        .filter(|d| (1..=MAX_LIMIT_DAYS).contains(d))
        .ok_or_else(|| AppError::field("limit_days", FieldProblem::BadNumber))?;
    let on = on.unwrap_or_default();
    let points: Vec<PointSetting> = crate::domain::review::Point::ALL
        .into_iter()
        .map(|point| PointSetting {
            point,
            enabled: on.contains_key(point.code()),
            limit_days: limit,
        })
        .collect();
    store()?.save_review_points(&points).await?;
    tracing::info!(
        actor = actor.id,
        on = ?points.iter().filter(|p| p.enabled).map(|p| p.point.code()).collect::<Vec<_>>(),
        limit,
        "review points changed"
    );
    leptos_axum::redirect("/reviews/points?saved=1");
    Ok(())
}
