//! 应急预案 server functions: the administrator keeps the plan library (compliance and
//! supervisors read it). Steps come as rows `steps[<n>][what|role|minutes]`.
use super::*;
use crate::domain::emergency::StepInput;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::api::ssr::*;

/// The library: the administrator, compliance and supervisors.
#[server(prefix = "/api", endpoint = "admin/plans")]
pub async fn list_plans() -> Result<PlanLibrary, AppError> {
    let account = require_account().await?;
    let readers = [Role::Admin, Role::Compliance, Role::Supervisor];
    if !account.roles.iter().any(|r| readers.contains(r)) {
        return Err(AppError::Forbidden);
    }
    let tz = crate::state::app_state()?.timezone;
    Ok(PlanLibrary {
        plans: store()?.emergency_plans().await?,
        can_edit: account.has_role(Role::Admin),
        utc_offset_secs: utc_offset_secs(&tz, now()),
    })
}

/// Adds a plan (no `id`) or changes one (administrator). Title 2-100 characters, unique;
/// steps as `domain::emergency::check_steps` reads them; `retired` takes it out of the form.
#[server(prefix = "/api", endpoint = "admin/save_plan")]
pub async fn save_plan(
    #[server(default)] id: Option<i64>,
    #[server(default)] title: String,
    #[server(default)] scope: String,
    #[server(default)] steps: Option<BTreeMap<String, StepInput>>,
    #[server(default)] retired: Option<String>,
) -> Result<i64, AppError> {
    let admin = require_role(Role::Admin).await?;
    let title = text("title", &title, 2, 100)?;
    let scope = text("scope", &scope, 0, 500)?;
    // Rows in the order of their number (the map's keys are text).
    let mut rows: Vec<(i64, StepInput)> = steps
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k.parse().unwrap_or(i64::MAX), v))
        .collect();
    rows.sort_by_key(|(n, _)| *n);
    let rows: Vec<StepInput> = rows.into_iter().map(|(_, v)| v).collect();
    let steps =
        crate::domain::emergency::check_steps(&rows).map_err(|(f, p)| AppError::field(f, p))?;
    let id = store()?
        .save_emergency_plan(
            id,
            &crate::store::emergency::PlanInput {
                title: &title,
                scope: &scope,
                steps: &steps,
                retired: retired.is_some(),
            },
            admin.id,
            now(),
        )
        .await?;
    tracing::info!(actor = admin.id, plan = id, "emergency plan saved");
    leptos_axum::redirect(&format!("/admin/plans?saved={id}"));
    Ok(id)
}
