//! Reference-data server functions (admins edit; any signed-in user reads what intake needs).
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    auth::server::{require_role, store},
    domain::account::FieldProblem,
    domain::roles::Role,
};

#[server(prefix = "/api", endpoint = "admin/categories")]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    require_role(Role::Admin).await?;
    store()?.list_categories().await
}

#[server(prefix = "/api", endpoint = "admin/category")]
pub async fn get_category(id: i64) -> Result<Category, AppError> {
    require_role(Role::Admin).await?;
    store()?.category(id).await?.ok_or(AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "admin/save_category")]
pub async fn save_category(
    id: i64,
    department_id: Option<i64>,
    #[server(default)] required_skill: String,
    #[server(default)] direct_answer: Option<String>,
    hours_urgent: i64,
    hours_high: i64,
    hours_normal: i64,
    hours_low: i64,
    #[server(default)] script: String,
    #[server(default)] replies: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::review::{CatalogueEntry, Proposal};
    use crate::reviews::gate::{settle, Via};
    let actor = require_role(Role::Admin).await?;
    let store = store()?;
    let department = match department_id {
        Some(d) => Some(
            store
                .department_name(d)
                .await?
                .ok_or_else(|| AppError::field("department_id", FieldProblem::UnknownChoice))?,
        ),
        None => None,
    };
    let hours = [hours_urgent, hours_high, hours_normal, hours_low];
    for (h, name) in hours
        .iter()
        .zip(["hours_urgent", "hours_high", "hours_normal", "hours_low"])
    {
        if !(1..=2000).contains(h) {
            return Err(AppError::field(name, FieldProblem::BadNumber));
        }
    }
    let questions = crate::domain::script::parse_script(&script)
        .map_err(|_| AppError::field("script", FieldProblem::BadFormat))?;
    let templates = crate::domain::script::parse_replies(&replies);
    let skill = crate::domain::dispatch::parse_skills(&required_skill);
    if skill.len() > 1 {
        return Err(AppError::field("required_skill", FieldProblem::BadFormat));
    }
    let reason = crate::domain::intake::check_text(&reason, 0, 500)
        .map_err(|p| AppError::field("reason", p))?;
    let before = store.category(id).await?.ok_or(AppError::NotFound)?;
    let proposal = Proposal::Catalogue {
        category_id: id,
        category: before.name.clone(),
        before: before.catalogue_entry(),
        after: CatalogueEntry {
            department_id,
            department,
            hours,
        },
        required_skill: skill.first().cloned().unwrap_or_default(),
        direct_answer: direct_answer.is_some(),
        script_json: serde_json::to_string(&questions).map_err(|_| AppError::Internal)?,
        replies_json: serde_json::to_string(&templates).map_err(|_| AppError::Internal)?,
    };
    let mut tx = store.begin_write().await?;
    let outcome = crate::reviews::service::save_category_in(
        &mut tx,
        &proposal,
        &reason,
        actor.id,
        chrono::Utc::now().timestamp_millis(),
        Via::Action,
    )
    .await;
    settle(tx, outcome).await?;
    tracing::info!(actor = actor.id, category = id, "category rules changed");
    leptos_axum::redirect(&format!("/admin/categories/{id}?saved=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/calendar")]
pub async fn get_calendar() -> Result<(DeskSettings, Vec<SpecialDay>), AppError> {
    require_role(Role::Admin).await?;
    let store = store()?;
    Ok((store.desk_settings().await?, store.special_days().await?))
}

#[server(prefix = "/api", endpoint = "admin/save_settings")]
pub async fn save_settings(
    day_start: String,
    day_end: String,
    #[server(default)] weekend: std::collections::HashMap<String, String>,
    sign_for_hours: i64,
    archive_after_days: i64,
) -> Result<(), AppError> {
    use crate::domain::calendar::parse_clock;
    require_role(Role::Admin).await?;
    let start = parse_clock(&day_start)
        .ok_or_else(|| AppError::field("day_start", FieldProblem::BadFormat))?;
    let end =
        parse_clock(&day_end).ok_or_else(|| AppError::field("day_end", FieldProblem::BadFormat))?;
    if end <= start {
        return Err(AppError::field("day_end", FieldProblem::MustBeLater));
    }
    let mut weekend: Vec<u32> = weekend.keys().filter_map(|k| k.parse().ok()).collect();
    weekend.sort();
    if weekend.iter().any(|d| !(1..=7).contains(d)) || weekend.len() > 6 {
        return Err(AppError::field("weekend", FieldProblem::UnknownChoice));
    }
    if !(1..=100).contains(&sign_for_hours) {
        return Err(AppError::field("sign_for_hours", FieldProblem::BadNumber));
    }
    if !(1..=3650).contains(&archive_after_days) {
        return Err(AppError::field(
            "archive_after_days",
            FieldProblem::BadNumber,
        ));
    }
    let store = store()?;
    let mut settings = store.desk_settings().await?;
    settings.calendar.day_start_minute = start;
    settings.calendar.day_end_minute = end;
    settings.calendar.weekend = weekend;
    settings.sign_for_hours = sign_for_hours;
    settings.archive_after_days = archive_after_days;
    store.save_desk_settings(&settings).await?;
    leptos_axum::redirect("/admin/calendar?saved=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/put_day")]
pub async fn put_special_day(
    day: String,
    kind: String,
    #[server(default)] name: String,
) -> Result<(), AppError> {
    require_role(Role::Admin).await?;
    let day = day
        .parse()
        .map_err(|_| AppError::field("day", FieldProblem::BadDate))?;
    let kind = crate::domain::calendar::DayKind::parse(&kind)
        .ok_or_else(|| AppError::field("kind", FieldProblem::UnknownChoice))?;
    let name =
        crate::domain::intake::check_text(&name, 0, 40).map_err(|p| AppError::field("name", p))?;
    store()?
        .put_special_day(&SpecialDay { day, kind, name })
        .await?;
    leptos_axum::redirect("/admin/calendar?saved=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/remove_day")]
pub async fn remove_special_day(day: String) -> Result<(), AppError> {
    require_role(Role::Admin).await?;
    let day = day
        .parse()
        .map_err(|_| AppError::field("day", FieldProblem::BadDate))?;
    store()?.remove_special_day(day).await?;
    leptos_axum::redirect("/admin/calendar?saved=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/department_rules")]
pub async fn get_department_rules() -> Result<(Vec<DepartmentRules>, Vec<Handler>), AppError> {
    require_role(Role::Admin).await?;
    let store = store()?;
    Ok((store.department_rules().await?, store.handlers().await?))
}

#[server(prefix = "/api", endpoint = "admin/save_department_rules")]
pub async fn save_department_rules(
    id: i64,
    #[server(default)] assign_to_people: Option<String>,
    #[server(default)] skills: String,
) -> Result<(), AppError> {
    require_role(Role::Admin).await?;
    let skills = crate::domain::dispatch::parse_skills(&skills);
    store()?
        .set_department_rules(id, assign_to_people.is_some(), &skills)
        .await?;
    leptos_axum::redirect("/admin/departments?saved=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/save_handler")]
pub async fn save_handler(
    id: i64,
    #[server(default)] skills: String,
    #[server(default)] on_duty: Option<String>,
) -> Result<(), AppError> {
    require_role(Role::Admin).await?;
    let skills = crate::domain::dispatch::parse_skills(&skills);
    store()?
        .set_user_skills(id, &skills, on_duty.is_some())
        .await?;
    leptos_axum::redirect("/admin/departments?saved=1");
    Ok(())
}
