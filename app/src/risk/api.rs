//! Risk-list server functions: who may see or keep the list, the form checked field by
//! field, the store doing the rest. Saving sends the browser on to the risk's page, so the
//! forms work before hydration.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod ssr {
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

    /// Active people who can see the risk, and so may be asked to check it.
    pub async fn checkers_for(
        store: &crate::store::Store,
        risk: &crate::risk::Risk,
    ) -> Result<Vec<(i64, String)>, AppError> {
        let departments = store.list_departments().await?;
        Ok(store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.active)
            .filter(|a| {
                let actor = crate::domain::workflow::Actor {
                    id: a.id,
                    roles: a.roles.clone(),
                    clearance: a.clearance,
                    departments: crate::domain::org::subtree(&departments, a.department_id),
                };
                rules::can_view_risk(&actor, risk.facts.department_id, risk.facts.owner_id)
            })
            .map(|a| (a.id, a.display_name))
            .collect())
    }

    /// Every department in tree order with its depth, for the forms' indented choices.
    pub async fn department_tree(
        store: &crate::store::Store,
    ) -> Result<Vec<(i64, String, usize)>, AppError> {
        Ok(
            crate::domain::org::tree_order(&store.list_departments().await?)
                .into_iter()
                .map(|(d, depth)| (d.id, d.name, depth))
                .collect(),
        )
    }

    /// The risk, if the actor may see it (404 otherwise, whether or not it exists).
    pub async fn visible_risk(
        store: &crate::store::Store,
        actor: &crate::domain::workflow::Actor,
        id: i64,
    ) -> Result<crate::risk::Risk, AppError> {
        let risk = store.risk(id).await?.ok_or(AppError::NotFound)?;
        if rules::can_view_risk(actor, risk.facts.department_id, risk.facts.owner_id) {
            Ok(risk)
        } else {
            Err(AppError::NotFound)
        }
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
    let settings = store.risk_settings().await?;
    let visible: Vec<Risk> = store
        .risks(&settings.matrix)
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
        settings,
        departments,
        can_manage,
        today,
    })
}

#[server(prefix = "/api", endpoint = "risks/get")]
pub async fn get_risk(id: i64) -> Result<RiskDetail, AppError> {
    let (actor, can_manage) = actor().await?;
    let store = store()?;
    let risk = visible_risk(&store, &actor, id).await?;
    let tz = crate::state::app_state()?.timezone;
    let checkers = if can_manage {
        checkers_for(&store, &risk).await?
    } else {
        Vec::new()
    };
    Ok(RiskDetail {
        history: store.risk_history(id).await?,
        plans: store.risk_check_plans(id).await?,
        ledger: store.risk_ledger(id).await?,
        rectifications: store.rectifications_of_risk(id).await?,
        risk,
        can_manage,
        utc_offset_secs: utc_offset_secs(&tz, now()),
        today: today()?,
        viewer_id: actor.id,
        checkers,
        warnings: store.warnings(Some(id), false, 50).await?,
        events: store.risk_events_list(Some(id), false, 50).await?,
        notice_choices: if can_manage {
            Some(super::notices_api::notice_choices(&store).await?)
        } else {
            None
        },
    })
}

#[server(prefix = "/api", endpoint = "risks/choices")]
pub async fn get_risk_form_choices() -> Result<RiskFormChoices, AppError> {
    manager().await?;
    let store = store()?;
    Ok(RiskFormChoices {
        departments: department_tree(&store).await?,
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
    let store = store()?;
    // The approver of an accepted risk is one of the leading group (the supervisors).
    if let Some(approver) = accept_approver_id {
        if !store
            .people_with_role(Role::Supervisor)
            .await?
            .iter()
            .any(|(id, _)| *id == approver)
        {
            return Err(AppError::field(
                "accept_approver_id",
                FieldProblem::UnknownChoice,
            ));
        }
    }
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

/// Plans a check (compliance): of one risk, or of every open risk of a department (and
/// those below it), each getting the same plan; how often, who checks (someone who can see
/// each risk), the first day. It falls due on the working day on or after that day.
#[server(prefix = "/api", endpoint = "risks/plan_check")]
pub async fn plan_risk_check(
    #[server(default)] risk_id: Option<i64>,
    #[server(default)] department_id: Option<i64>,
    #[server(default)] schedule: String,
    #[server(default)] checker_id: Option<i64>,
    #[server(default)] first_due: String,
) -> Result<(), AppError> {
    let actor = manager().await?;
    let store = store()?;
    let risks = match (risk_id, department_id) {
        (Some(id), _) => vec![visible_risk(&store, &actor, id).await?],
        (None, Some(dept)) => {
            let below = crate::domain::org::subtree(&store.list_departments().await?, dept);
            let matrix = store.risk_settings().await?.matrix;
            let risks: Vec<_> = store
                .risks(&matrix)
                .await?
                .into_iter()
                .filter(|r| r.status.is_open() && below.contains(&r.facts.department_id))
                .collect();
            if risks.is_empty() {
                return Err(AppError::field(
                    "department_id",
                    FieldProblem::UnknownChoice,
                ));
            }
            risks
        }
        (None, None) => return Err(AppError::field("department_id", FieldProblem::Required)),
    };
    let schedule = choice(
        "schedule",
        crate::domain::risk_check::Schedule::parse(&schedule),
    )?;
    let checker_id =
        checker_id.ok_or_else(|| AppError::field("checker_id", FieldProblem::Required))?;
    for risk in &risks {
        if !checkers_for(&store, risk)
            .await?
            .iter()
            .any(|(id, _)| *id == checker_id)
        {
            return Err(AppError::field("checker_id", FieldProblem::UnknownChoice));
        }
    }
    let first: chrono::NaiveDate = first_due
        .trim()
        .parse()
        .map_err(|_| AppError::field("first_due", FieldProblem::BadDate))?;
    if first < today()? {
        return Err(AppError::field("first_due", FieldProblem::MustBeLater));
    }
    let calendar = store.desk_settings().await?.calendar;
    let ids: Vec<i64> = risks.iter().map(|r| r.id).collect();
    store
        .plan_risk_checks(
            &ids,
            schedule,
            checker_id,
            first,
            &calendar,
            actor.id,
            now(),
        )
        .await?;
    tracing::info!(actor = actor.id, risks = ids.len(), "risk checks planned");
    match risk_id {
        Some(id) => leptos_axum::redirect(&format!("/risks/{id}")),
        None => leptos_axum::redirect(&format!("/risks/checks?planned={}", ids.len())),
    }
    Ok(())
}

/// Records the check now due on a plan (its checker, or compliance) in the ledger.
#[server(prefix = "/api", endpoint = "risks/record_check")]
pub async fn record_risk_check(
    plan_id: i64,
    #[server(default)] method: String,
    #[server(default)] result: String,
    #[server(default)] findings: String,
    #[server(default)] evidence: String,
    #[server(default)] rectify_by: String,
    #[server(default)] measures: String,
) -> Result<(), AppError> {
    use crate::domain::risk_check::{check_findings, CheckResult};
    let (actor, manages) = actor().await?;
    let store = store()?;
    let plan = store
        .risk_check_plan(plan_id)
        .await?
        .ok_or(AppError::NotFound)?;
    visible_risk(&store, &actor, plan.risk_id).await?;
    if plan.checker_id != actor.id && !manages {
        return Err(AppError::Forbidden);
    }
    let method = text("method", &method, 2, 200)?;
    let result = choice("result", CheckResult::parse(&result))?;
    let findings = text("findings", &findings, 0, 2000)?;
    check_findings(result, &findings).map_err(|p| AppError::field("findings", p))?;
    let evidence = text("evidence", &evidence, 0, 500)?;
    // A problem found opens its rectification: by when, and what is to be done.
    let rectify = if result == CheckResult::ProblemFound {
        let by: chrono::NaiveDate = rectify_by
            .trim()
            .parse()
            .map_err(|_| AppError::field("rectify_by", FieldProblem::BadDate))?;
        if by < today()? {
            return Err(AppError::field("rectify_by", FieldProblem::MustBeLater));
        }
        Some((by, text("measures", &measures, 2, 1000)?))
    } else {
        None
    };
    let calendar = store.desk_settings().await?.calendar;
    let record = crate::store::risk_checks::CheckRecord {
        method: &method,
        result,
        findings: &findings,
        evidence: &evidence,
        rectify: rectify.as_ref().map(|(by, m)| (*by, m.as_str())),
    };
    store
        .record_risk_check(plan_id, &record, &calendar, actor.id, now())
        .await?;
    tracing::info!(actor = actor.id, plan = plan_id, "risk check recorded");
    leptos_axum::redirect(&format!("/risks/{}", plan.risk_id));
    Ok(())
}

/// 排查任务: the signed-in user's check plans, soonest due first.
#[server(prefix = "/api", endpoint = "risks/my_checks")]
pub async fn list_my_checks() -> Result<CheckTasks, AppError> {
    let account = require_account().await?;
    let store = store()?;
    // Compliance plans a department's checks from here: any active person may be named
    // (the plan checks that they can see each risk).
    let department_plan = if rules::manages_risks(&account.roles) {
        let people = store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.active && a.roles.iter().any(|r| *r != Role::Admin))
            .map(|a| (a.id, a.display_name))
            .collect();
        Some(DepartmentPlanChoices {
            departments: department_tree(&store).await?,
            people,
        })
    } else {
        None
    };
    Ok(CheckTasks {
        tasks: store.check_tasks_of(account.id).await?,
        today: today()?,
        department_plan,
    })
}

/// Moves a rectification: its owner starts and submits it; compliance verifies it or sends
/// it back with a reason. Not theirs to move at all: 403; not from its present state: 409.
#[server(prefix = "/api", endpoint = "risks/move_rectification")]
pub async fn move_rectification(
    id: i64,
    to: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::rectification::{needs_note, rect_moves, RectRole, RectState};
    let (actor, manages) = actor().await?;
    let store = store()?;
    let rect = store.rectification(id).await?.ok_or(AppError::NotFound)?;
    visible_risk(&store, &actor, rect.risk_id).await?;
    let to = choice("to", RectState::parse(&to))?;
    let role = RectRole {
        owner: rect.owner_id == actor.id,
        compliance: manages,
    };
    if !rect_moves(rect.state, role).contains(&to) {
        let ever = RectState::ALL
            .into_iter()
            .any(|s| rect_moves(s, role).contains(&to));
        return Err(if ever {
            AppError::Conflict
        } else {
            AppError::Forbidden
        });
    }
    let note = text("note", &note, if needs_note(to) { 2 } else { 0 }, 1000)?;
    store
        .move_rectification(id, rect.state, to, &note, actor.id, now())
        .await?;
    tracing::info!(actor = actor.id, rectification = id, "rectification moved");
    leptos_axum::redirect(&format!("/risks/{}", rect.risk_id));
    Ok(())
}

/// 整改: mine, and for compliance every one not yet verified.
#[server(prefix = "/api", endpoint = "risks/rectifications")]
pub async fn list_rectifications() -> Result<RectList, AppError> {
    let (actor, manages) = actor().await?;
    let store = store()?;
    Ok(RectList {
        mine: store.rectifications_owned_by(actor.id).await?,
        open: if manages {
            store.open_rectifications().await?
        } else {
            Vec::new()
        },
        viewer_id: actor.id,
        compliance: manages,
        today: today()?,
    })
}
