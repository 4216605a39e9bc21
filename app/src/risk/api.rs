//! Risk-list server functions: who may see or keep the list, the form checked field by
//! field, the store doing the rest. Saving sends the browser on to the risk's page, so the
//! forms work before hydration.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::server::{require_account, require_role, store};
    pub use crate::domain::account::FieldProblem;
    pub use crate::domain::risk::{self as rules, Rating};
    pub use crate::domain::roles::Role;
    use crate::error::AppError;
    pub use crate::tickets::service::{actor_of, utc_offset_secs};

    pub fn now() -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    /// Today at the desk (review dates are days in its timezone).
    pub fn today() -> Result<chrono::NaiveDate, AppError> {
        let tz = crate::state::app_state()?.timezone;
        Ok(chrono::Utc::now().with_timezone(&tz).date_naive())
    }

    /// The signed-in rules' view, and whether they keep the list.
    pub async fn actor() -> Result<(crate::domain::workflow::Actor, bool), AppError> {
        let account = require_account().await?;
        let manages = rules::manages_risks(&account.roles);
        Ok((actor_of(&store()?, &account).await?, manages))
    }

    /// Only compliance changes the list; anyone else who can see the risk is refused (403).
    pub async fn manager() -> Result<crate::domain::workflow::Actor, AppError> {
        let (actor, manages) = actor().await?;
        if manages {
            Ok(actor)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, AppError> {
        crate::domain::intake::check_text(value, min, max).map_err(|p| AppError::field(field, p))
    }

    pub fn choice<T>(field: &str, value: Option<T>) -> Result<T, AppError> {
        value.ok_or_else(|| AppError::field(field, FieldProblem::UnknownChoice))
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(prefix = "/api", endpoint = "risks/list")]
pub async fn list_risks(
    #[server(default)] risk_type: String,
    #[server(default)] grade: String,
    #[server(default)] status: String,
    #[server(default)] department: Option<i64>,
    #[server(default)] map: String,
    #[server(default)] l: Option<i64>,
    #[server(default)] i: Option<i64>,
    #[server(default)] review: String,
) -> Result<RiskList, AppError> {
    let (actor, can_manage) = actor().await?;
    let store = store()?;
    let filter = RiskFilter::from_params(|k| match k {
        "type" => Some(risk_type.clone()),
        "grade" => Some(grade.clone()),
        "status" => Some(status.clone()),
        "department" => department.map(|d| d.to_string()),
        "map" => Some(map.clone()),
        "l" => l.map(|v| v.to_string()),
        "i" => i.map(|v| v.to_string()),
        "review" => Some(review.clone()),
        _ => None,
    });
    let today = today()?;
    let visible: Vec<Risk> = store
        .risks()
        .await?
        .into_iter()
        .filter(|r| rules::can_view_risk(&actor, r.facts.department_id, r.facts.owner_id))
        .collect();
    let mut departments: Vec<(i64, String)> = visible
        .iter()
        .map(|r| (r.facts.department_id, r.department_name.clone()))
        .collect();
    departments.sort();
    departments.dedup();
    Ok(RiskList {
        inherent_map: rules::heat_map(visible.iter().map(|r| r.facts.inherent)),
        residual_map: rules::heat_map(visible.iter().map(|r| r.facts.residual)),
        total: visible.len(),
        risks: visible
            .into_iter()
            .filter(|r| filter.matches(r, today))
            .collect(),
        filter,
        settings: store.risk_settings().await?,
        departments,
        can_manage,
        today,
    })
}

#[server(prefix = "/api", endpoint = "risks/get")]
pub async fn get_risk(id: i64) -> Result<RiskDetail, AppError> {
    let (actor, can_manage) = actor().await?;
    let store = store()?;
    let risk = store.risk(id).await?.ok_or(AppError::NotFound)?;
    if !rules::can_view_risk(&actor, risk.facts.department_id, risk.facts.owner_id) {
        return Err(AppError::NotFound);
    }
    let tz = crate::state::app_state()?.timezone;
    Ok(RiskDetail {
        history: store.risk_history(id).await?,
        risk,
        can_manage,
        utc_offset_secs: utc_offset_secs(&tz, now()),
        today: today()?,
    })
}

#[server(prefix = "/api", endpoint = "risks/choices")]
pub async fn get_risk_form_choices() -> Result<RiskFormChoices, AppError> {
    manager().await?;
    let store = store()?;
    let departments = crate::domain::org::tree_order(&store.list_departments().await?)
        .into_iter()
        .map(|(d, depth)| (d.id, d.name, depth))
        .collect();
    Ok(RiskFormChoices {
        departments,
        owners: store.risk_owner_choices().await?,
        approvers: store.people_with_role(Role::Supervisor).await?,
    })
}

/// Records a new risk (`id` absent) or changes one. Each field is checked in form order;
/// the first problem is answered (422) with its field's name, and nothing is written.
#[server(prefix = "/api", endpoint = "risks/save")]
pub async fn save_risk(
    #[server(default)] id: Option<i64>,
    #[server(default)] code: String,
    #[server(default)] title: String,
    #[server(default)] risk_type: String,
    #[server(default)] description: String,
    #[server(default)] conduct: String,
    #[server(default)] department_id: Option<i64>,
    #[server(default)] owner_id: Option<i64>,
    #[server(default)] controls: String,
    #[server(default)] inherent_likelihood: i64,
    #[server(default)] inherent_impact: i64,
    #[server(default)] residual_likelihood: i64,
    #[server(default)] residual_impact: i64,
    #[server(default)] residual_justification: String,
    #[server(default)] treatment: String,
    #[server(default)] accept_approver_id: Option<i64>,
    #[server(default)] accept_until: String,
) -> Result<(), AppError> {
    let actor = manager().await?;
    let today = today()?;
    let rating = |l, i, prefix: &str| {
        Rating::new(l, i).map_err(|(field, p)| AppError::field(&format!("{prefix}_{field}"), p))
    };
    let code = rules::check_code(&code).map_err(|p| AppError::field("code", p))?;
    let title = text("title", &title, 2, 100)?;
    let risk_type = choice("risk_type", rules::RiskType::parse(&risk_type))?;
    let description = text("description", &description, 0, 2000)?;
    let conduct = choice("conduct", rules::Conduct::parse(&conduct))?;
    let department_id =
        department_id.ok_or_else(|| AppError::field("department_id", FieldProblem::Required))?;
    let owner_id = owner_id.ok_or_else(|| AppError::field("owner_id", FieldProblem::Required))?;
    let controls = rules::parse_controls(&controls).map_err(|p| AppError::field("controls", p))?;
    let inherent = rating(inherent_likelihood, inherent_impact, "inherent")?;
    let residual = rating(residual_likelihood, residual_impact, "residual")?;
    let residual_justification = text("residual_justification", &residual_justification, 0, 500)?;
    rules::check_residual(inherent, residual, &residual_justification)
        .map_err(|p| AppError::field("residual_justification", p))?;
    let treatment = choice("treatment", rules::Treatment::parse(&treatment))?;
    // Accepting a risk needs who approved it and until when; the others carry neither.
    let (accept_approver_id, accept_until) = if treatment == rules::Treatment::Accept {
        let approver = accept_approver_id
            .ok_or_else(|| AppError::field("accept_approver_id", FieldProblem::Required))?;
        let until: chrono::NaiveDate = accept_until
            .trim()
            .parse()
            .map_err(|_| AppError::field("accept_until", FieldProblem::BadDate))?;
        if until <= today {
            return Err(AppError::field("accept_until", FieldProblem::MustBeLater));
        }
        (Some(approver), Some(until))
    } else {
        (None, None)
    };
    let facts = RiskFacts {
        code,
        title,
        risk_type,
        description,
        conduct,
        department_id,
        owner_id,
        controls,
        inherent,
        residual,
        residual_justification,
        treatment,
        accept_approver_id,
        accept_until,
    };
    let store = store()?;
    let id = match id {
        None => store.record_risk(&facts, actor.id, now(), today).await?,
        Some(id) => {
            store
                .update_risk(id, &facts, actor.id, now(), today)
                .await?;
            id
        }
    };
    tracing::info!(actor = actor.id, risk = id, "risk saved");
    leptos_axum::redirect(&format!("/risks/{id}"));
    Ok(())
}

/// Moves a risk along its lifecycle (closing and reopening need a reason).
#[server(prefix = "/api", endpoint = "risks/move")]
pub async fn move_risk(
    id: i64,
    to: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let actor = manager().await?;
    let to = choice("to", rules::RiskStatus::parse(&to))?;
    let needs_reason = matches!(to, rules::RiskStatus::Closed | rules::RiskStatus::Reopened);
    let reason = text("reason", &reason, if needs_reason { 2 } else { 0 }, 1000)?;
    store()?
        .move_risk(id, to, &reason, actor.id, now(), today()?)
        .await?;
    tracing::info!(actor = actor.id, risk = id, "risk status changed");
    leptos_axum::redirect(&format!("/risks/{id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/risk_settings")]
pub async fn get_risk_settings() -> Result<crate::domain::risk::RiskSettings, AppError> {
    require_role(Role::Admin).await?;
    store()?.risk_settings().await
}

/// The grading matrix and the review intervals (admin). Grades are read through the
/// matrix, so the list regrades at once; review dates already set stay until the next
/// assessment.
#[server(prefix = "/api", endpoint = "admin/save_risk_settings")]
pub async fn save_risk_settings(
    general_from: i64,
    significant_from: i64,
    major_from: i64,
    review_low: i64,
    review_general: i64,
    review_significant: i64,
    review_major: i64,
) -> Result<(), AppError> {
    let admin = require_role(Role::Admin).await?;
    let field = |(f, p): (&str, FieldProblem)| AppError::field(f, p);
    let settings = crate::domain::risk::RiskSettings {
        matrix: rules::GradeMatrix::new(general_from, significant_from, major_from)
            .map_err(field)?,
        review: rules::ReviewIntervals::new([
            review_low,
            review_general,
            review_significant,
            review_major,
        ])
        .map_err(field)?,
    };
    store()?.save_risk_settings(&settings).await?;
    tracing::info!(actor = admin.id, "risk matrix changed");
    leptos_axum::redirect("/admin/risk-matrix?saved=1");
    Ok(())
}
