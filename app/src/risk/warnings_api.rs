//! Automatic-warning server functions: the 预警 list (each viewer the warnings on risks they
//! may see), compliance's decision, running the rules at once, and the admin's thresholds.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::domain::warning::Thresholds;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::api::ssr::*;

/// How many warnings the page lists.
#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 200;

/// 预警: awaiting a decision (default) or all; compliance and supervisors see every one, a
/// department lead those on their departments' risks, an owner those on their own.
#[server(prefix = "/api", endpoint = "risks/warnings")]
pub async fn list_warnings(#[server(default)] all: Option<i64>) -> Result<WarningList, AppError> {
    let (actor, compliance) = actor().await?;
    let store = store()?;
    let all = all.unwrap_or(0) != 0;
    let tz = crate::state::app_state()?.timezone;
    let items = store
        .warnings(None, !all, LIST_LIMIT)
        .await?
        .into_iter()
        .filter(|w| rules::can_view_risk(&actor, w.department_id, w.owner_id))
        .collect();
    Ok(WarningList {
        items,
        all,
        compliance,
        utc_offset_secs: utc_offset_secs(&tz, now()),
    })
}

/// Compliance confirms a warning (the note is optional) or dismisses it (the reason is
/// required). Already decided: 409.
#[server(prefix = "/api", endpoint = "risks/decide_warning")]
pub async fn decide_warning(
    id: i64,
    #[server(default)] decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let actor = manager().await?;
    let store = store()?;
    let warning = store.warning(id).await?.ok_or(AppError::NotFound)?;
    let confirm = match decision.as_str() {
        "confirm" => true,
        "dismiss" => false,
        _ => return Err(AppError::field("decision", FieldProblem::UnknownChoice)),
    };
    let to = match crate::domain::warning::decide(warning.state, confirm, &note) {
        Ok(to) => to,
        Err(FieldProblem::UnknownChoice) => return Err(AppError::Conflict),
        Err(p) => return Err(AppError::field("note", p)),
    };
    let note = text("note", &note, if confirm { 0 } else { 2 }, 1000)?;
    store.decide_warning(id, to, &note, actor.id, now()).await?;
    tracing::info!(
        actor = actor.id,
        warning = id,
        decision = to.code(),
        "warning decided"
    );
    leptos_axum::redirect("/risks/warnings");
    Ok(())
}

/// Runs the warning rules now (compliance), as the engine's runner would on its next turn;
/// on PostgreSQL only when no other replica is running them (409 then).
#[server(prefix = "/api", endpoint = "risks/run_warnings")]
pub async fn run_warning_rules() -> Result<usize, AppError> {
    let actor = manager().await?;
    let store = store()?;
    let tz = crate::state::app_state()?.timezone;
    let lock = store.try_engine_lock().await?.ok_or(AppError::Conflict)?;
    let run = super::warning_job::run_warnings(&store, &tz, now()).await;
    lock.release().await;
    let run = run?;
    tracing::info!(
        actor = actor.id,
        raised = run.raised,
        "warning rules run by hand"
    );
    leptos_axum::redirect(&format!("/risks/warnings?ran={}", run.raised));
    Ok(run.raised)
}

#[server(prefix = "/api", endpoint = "admin/warning_thresholds")]
pub async fn get_warning_thresholds() -> Result<Thresholds, AppError> {
    require_role(Role::Admin).await?;
    store()?.warning_thresholds().await
}

/// The rules' thresholds (admin), each checked against its range (422 naming the field).
#[server(prefix = "/api", endpoint = "admin/save_warning_thresholds")]
pub async fn save_warning_thresholds(
    extensions: i64,
    overdue_days: i64,
    returns: i64,
    reassigns: i64,
    reveals_per_day: i64,
    surge_percent: i64,
    surge_min: i64,
    repeat_tickets: i64,
    repeat_days: i64,
    fast_minutes: i64,
) -> Result<(), AppError> {
    let admin = require_role(Role::Admin).await?;
    let th = Thresholds {
        extensions,
        overdue_days,
        returns,
        reassigns,
        reveals_per_day,
        surge_percent,
        surge_min,
        repeat_tickets,
        repeat_days,
        fast_minutes,
    }
    .check()
    .map_err(|(f, p)| AppError::field(f, p))?;
    store()?.save_warning_thresholds(&th).await?;
    tracing::info!(actor = admin.id, "warning thresholds changed");
    leptos_axum::redirect("/admin/risk-matrix?saved=1");
    Ok(())
}
