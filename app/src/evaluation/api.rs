//! Server functions of the effectiveness evaluation. Reading is a GET; every step is a POST
//! that sends a plain form on to the evaluation's page. Rights are checked in the service.
#![allow(clippy::too_many_arguments)]
use super::{EvaluationList, EvaluationView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::auth::server::store;
#[cfg(feature = "ssr")]
use crate::tickets::api::ssr::{actor, now, tz};

#[cfg(feature = "ssr")]
fn to_evaluation(id: i64) {
    leptos_axum::redirect(&format!("/evaluations/{id}"));
}

#[server(prefix = "/api", endpoint = "evaluations", input = GetUrl)]
pub async fn list_evaluations() -> Result<EvaluationList, AppError> {
    super::service::list(&store()?, &tz()?, &actor().await?, now()).await
}

#[server(prefix = "/api", endpoint = "evaluations/detail", input = GetUrl)]
pub async fn get_evaluation(id: i64) -> Result<EvaluationView, AppError> {
    let tz = tz()?;
    super::service::view(&store()?, &tz, tz.name(), &actor().await?, id, now()).await
}

/// Opens an evaluation of `[first_day, last_day]` (supervisors and compliance).
#[server(prefix = "/api", endpoint = "evaluations/open")]
pub async fn open_evaluation(
    #[server(default)] title: String,
    #[server(default)] first_day: String,
    #[server(default)] last_day: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    let id = super::service::open(
        &store()?,
        &tz()?,
        &actor,
        &title,
        &first_day,
        &last_day,
        now(),
    )
    .await?;
    tracing::info!(actor = actor.id, evaluation = id, "evaluation opened");
    to_evaluation(id);
    Ok(())
}

/// Scores a dimension (0-100) with its findings.
#[server(prefix = "/api", endpoint = "evaluations/score")]
pub async fn score_evaluation(
    id: i64,
    #[server(default)] dimension: String,
    #[server(default)] score: String,
    #[server(default)] findings: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    super::service::score(&store()?, &actor, id, &dimension, &score, &findings, now()).await?;
    to_evaluation(id);
    Ok(())
}

#[server(prefix = "/api", endpoint = "evaluations/finish")]
pub async fn finish_evaluation(id: i64) -> Result<(), AppError> {
    let actor = actor().await?;
    let tz = tz()?;
    super::service::finish(&store()?, &tz, tz.name(), &actor, id, now()).await?;
    tracing::info!(actor = actor.id, evaluation = id, "evaluation finished");
    to_evaluation(id);
    Ok(())
}

/// Sets an improvement task: the dimension, the action, the owner (an account id) and the
/// deadline (`YYYY-MM-DD`).
#[server(prefix = "/api", endpoint = "evaluations/task")]
pub async fn set_evaluation_task(
    id: i64,
    #[server(default)] dimension: String,
    #[server(default)] action: String,
    #[server(default)] owner: String,
    #[server(default)] due_day: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    super::service::set_task(
        &store()?,
        &tz()?,
        &actor,
        id,
        &dimension,
        &action,
        &owner,
        &due_day,
        now(),
    )
    .await?;
    to_evaluation(id);
    Ok(())
}

/// The owner (or an evaluator) marks a task done with what was done; `back`: "list" sends
/// a plain form back to the list instead of the evaluation.
#[server(prefix = "/api", endpoint = "evaluations/task_done")]
pub async fn evaluation_task_done(
    task: i64,
    #[server(default)] note: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    let id = super::service::task_done(&store()?, &actor, task, &note, now()).await?;
    if back == "list" {
        leptos_axum::redirect("/evaluations");
    } else {
        to_evaluation(id);
    }
    Ok(())
}
