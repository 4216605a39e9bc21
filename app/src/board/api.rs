//! Board server functions. Reads are GET (no state changes, filters carry no personal
//! data); bulk assignment is a POST like every change. Rights are checked in the service
//! and, for each ticket, by the same rules as the ticket page.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::auth::server::store;
#[cfg(feature = "ssr")]
use crate::tickets::api::ssr::{actor, now, tz};

/// The flat query-string form of a `BoardQuery` shared by the GET functions.
#[cfg(feature = "ssr")]
fn query(
    group: String,
    department: Option<i64>,
    category: Option<i64>,
    priority: String,
    overdue: bool,
    mine: bool,
    supervised: bool,
) -> BoardQuery {
    BoardQuery {
        group: Grouping::parse(&group),
        department,
        category,
        priority: crate::domain::ticket::Priority::parse(&priority),
        overdue,
        mine,
        supervised,
    }
}

#[server(prefix = "/api", endpoint = "board/get", input = GetUrl)]
pub async fn get_board(
    #[server(default)] group: String,
    #[server(default)] department: Option<i64>,
    #[server(default)] category: Option<i64>,
    #[server(default)] priority: String,
    #[server(default)] overdue: bool,
    #[server(default)] mine: bool,
    #[server(default)] supervised: bool,
) -> Result<Board, AppError> {
    let q = query(
        group, department, category, priority, overdue, mine, supervised,
    );
    service::board(&store()?, &tz()?, &actor().await?, q, now()).await
}

#[server(prefix = "/api", endpoint = "board/lane", input = GetUrl)]
pub async fn get_board_lane(
    lane: String,
    after: String,
    #[server(default)] group: String,
    #[server(default)] department: Option<i64>,
    #[server(default)] category: Option<i64>,
    #[server(default)] priority: String,
    #[server(default)] overdue: bool,
    #[server(default)] mine: bool,
    #[server(default)] supervised: bool,
) -> Result<Lane, AppError> {
    let key = LaneKey::parse(&lane).ok_or(AppError::BadRequest)?;
    let after = parse_cursor(&after).ok_or(AppError::BadRequest)?;
    let q = query(
        group, department, category, priority, overdue, mine, supervised,
    );
    service::lane(&store()?, &actor().await?, &q, key, Some(after), now()).await
}

#[server(prefix = "/api", endpoint = "board/card", input = GetUrl)]
pub async fn get_board_card(
    id: i64,
    #[server(default)] group: String,
    #[server(default)] department: Option<i64>,
    #[server(default)] category: Option<i64>,
    #[server(default)] priority: String,
    #[server(default)] overdue: bool,
    #[server(default)] mine: bool,
    #[server(default)] supervised: bool,
) -> Result<CardUpdate, AppError> {
    let q = query(
        group, department, category, priority, overdue, mine, supervised,
    );
    service::card_update(&store()?, &actor().await?, &q, id, now()).await
}

#[server(prefix = "/api", endpoint = "board/counters", input = GetUrl)]
pub async fn get_board_counters() -> Result<Counters, AppError> {
    service::counters(&store()?, &tz()?, &actor().await?, now()).await
}

/// Assigns the chosen queue tickets to one department or handler with one reason.
#[server(prefix = "/api", endpoint = "board/bulk_assign")]
pub async fn bulk_assign(
    ids: Vec<i64>,
    target: String,
    reason: String,
) -> Result<BulkResult, AppError> {
    use crate::domain::account::FieldProblem;
    use crate::tickets::service::AssignTo;
    let actor = actor().await?;
    if ids.is_empty() || ids.len() > 200 {
        return Err(AppError::field("ids", FieldProblem::Required));
    }
    let to = AssignTo::parse(&target)
        .ok_or_else(|| AppError::field("target", FieldProblem::UnknownChoice))?;
    let reason =
        crate::domain::intake::check_reason(&reason).map_err(|p| AppError::field("reason", p))?;
    let result = service::bulk_assign(&store()?, &tz()?, &actor, &ids, to, &reason, now()).await?;
    tracing::info!(
        actor = actor.id,
        assigned = result.assigned.len(),
        failed = result.failed.len(),
        "bulk assignment"
    );
    Ok(result)
}
