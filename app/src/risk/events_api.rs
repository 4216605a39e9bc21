//! Risk-event server functions: anyone who works tickets records an event (compliance also
//! from a confirmed warning); a general one goes to its department to file, a major one
//! activates its plan and tells the leading group at once; steps are checked off and the
//! reports made by those `domain::emergency` names. Not visible: 404.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::api::ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::domain::emergency as rules;
    use crate::domain::workflow::Actor;
    use crate::store::Store;

    /// The event, if the actor may see it (404 otherwise, whether or not it exists).
    pub async fn visible_event(
        store: &Store,
        actor: &Actor,
        id: i64,
    ) -> Result<RiskEvent, AppError> {
        let event = store.risk_event(id).await?.ok_or(AppError::NotFound)?;
        if rules::can_view_event(actor, event.department_id, event.reported_by) {
            Ok(event)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Only those who work tickets record events (the administrator keeps the system).
    pub fn may_record(actor: &Actor) -> bool {
        actor.roles.iter().any(|r| *r != Role::Admin)
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// How many events the page lists.
#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 200;

/// 风险事件: open (default) or all, each viewer those they may see.
#[server(prefix = "/api", endpoint = "risks/events")]
pub async fn list_risk_events(
    #[server(default)] all: Option<i64>,
) -> Result<RiskEventList, AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let all = all.unwrap_or(0) != 0;
    let tz = crate::state::app_state()?.timezone;
    let items = store
        .risk_events_list(None, !all, LIST_LIMIT)
        .await?
        .into_iter()
        .filter(|e| {
            crate::domain::emergency::can_view_event(&actor, e.department_id, e.reported_by)
        })
        .collect();
    Ok(RiskEventList {
        items,
        all,
        sees_plans: actor.sees_all(),
        today: today()?,
        now: now(),
        utc_offset_secs: utc_offset_secs(&tz, now()),
    })
}

/// The form's choices: the open risks, the departments, the plans in use; with `warning`,
/// the confirmed warning it starts from (compliance only).
#[server(prefix = "/api", endpoint = "risks/event_form")]
pub async fn get_event_form(
    #[server(default)] warning: Option<i64>,
) -> Result<EventForm, AppError> {
    let account = require_account().await?;
    let store = store()?;
    let actor = actor_of(&store, &account).await?;
    let compliance = rules::manages_risks(&account.roles);
    if !may_record(&actor) {
        return Err(AppError::Forbidden);
    }
    let warning = match warning {
        Some(id) if compliance => {
            let w = store.warning(id).await?.ok_or(AppError::NotFound)?;
            Some(FromWarning {
                id: w.id,
                risk_id: w.risk_id,
                department_id: w.department_id,
                major: w.major,
                rule: w.rule,
            })
        }
        Some(_) => return Err(AppError::Forbidden),
        None => None,
    };
    let matrix = store.risk_settings().await?.matrix;
    let risks = store
        .risks(&matrix)
        .await?
        .into_iter()
        .filter(|r| r.status.is_open())
        .map(|r| RiskChoice {
            id: r.id,
            code: r.facts.code,
            title: r.facts.title,
            department_id: r.facts.department_id,
        })
        .collect();
    Ok(EventForm {
        risks,
        departments: department_tree(&store).await?,
        plans: store
            .emergency_plans()
            .await?
            .into_iter()
            .filter(|p| !p.retired)
            .map(|p| (p.id, p.title))
            .collect(),
        own_department: account.department_id,
        warning,
    })
}

/// Records an event. A general one is due to be filed within five working days and its
/// department's leads are told; a major one needs a plan (422 on `plan_id`), which is
/// activated at once, and the leading group is told. From a warning: compliance only, the
/// warning confirmed, once (409 otherwise).
#[server(prefix = "/api", endpoint = "risks/record_event")]
pub async fn record_risk_event(
    #[server(default)] risk_id: Option<i64>,
    #[server(default)] grade: String,
    #[server(default)] title: String,
    #[server(default)] description: String,
    #[server(default)] department_id: Option<i64>,
    #[server(default)] plan_id: Option<i64>,
    #[server(default)] warning_id: Option<i64>,
) -> Result<i64, AppError> {
    use crate::domain::emergency::{filing_deadline, EventGrade};
    use crate::domain::notice::{recipients, Notice, Place};
    let (actor, compliance) = actor().await?;
    if !may_record(&actor) || (warning_id.is_some() && !compliance) {
        return Err(AppError::Forbidden);
    }
    let store = store()?;
    let risk_id = choice("risk_id", risk_id)?;
    let risk = store
        .risk(risk_id)
        .await?
        .filter(|r| r.status.is_open())
        .ok_or_else(|| AppError::field("risk_id", FieldProblem::UnknownChoice))?;
    let grade = choice("grade", EventGrade::parse(&grade))?;
    let title = text("title", &title, 2, 100)?;
    let description = text("description", &description, 2, 2000)?;
    let department_id = choice("department_id", department_id)?;
    let plan = match grade {
        EventGrade::Major => {
            let id = choice("plan_id", plan_id)?;
            let plan = store
                .emergency_plan(id)
                .await?
                .filter(|p| !p.retired)
                .ok_or_else(|| AppError::field("plan_id", FieldProblem::UnknownChoice))?;
            Some(plan)
        }
        EventGrade::General => None,
    };
    let at = now();
    let deadline = match grade {
        EventGrade::General => {
            let calendar = store.desk_settings().await?.calendar;
            Some(filing_deadline(today()?, &calendar))
        }
        EventGrade::Major => None,
    };
    let (departments, staff) = store.alert_staff().await?;
    let notice = Notice::RiskEvent {
        event_id: 0,
        title: title.clone(),
        grade,
    };
    let place = Place {
        department_id: Some(department_id),
        handler_id: None,
    };
    let told = recipients(&notice, place, &departments, &staff);
    let new = crate::store::emergency::NewRiskEvent {
        risk_id: risk.id,
        warning_id,
        grade,
        title: &title,
        description: &description,
        department_id,
        deadline,
        plan: plan.as_ref(),
    };
    let id = store.record_risk_event(&new, actor.id, &told, at).await?;
    store.ring(told).await;
    tracing::info!(
        actor = actor.id,
        event = id,
        risk = risk.id,
        grade = grade.code(),
        "risk event recorded"
    );
    leptos_axum::redirect(&format!("/risks/events/{id}"));
    Ok(id)
}

/// One event with its plan's steps, reports and timeline, and what the viewer may do.
#[server(prefix = "/api", endpoint = "risks/event")]
pub async fn get_risk_event(id: i64) -> Result<RiskEventDetail, AppError> {
    use crate::domain::emergency as rules;
    let (actor, _) = actor().await?;
    let store = store()?;
    let event = visible_event(&store, &actor, id).await?;
    let tz = crate::state::app_state()?.timezone;
    let steps = store.risk_event_steps(id).await?;
    let open = event.state == crate::domain::emergency::EventState::Open;
    let checkable = steps
        .iter()
        .filter(|s| {
            open && s.done_at.is_none()
                && rules::can_check_step(&actor, s.role, event.department_id, event.reported_by)
        })
        .map(|s| s.step)
        .collect();
    let history = store
        .risk_history(event.risk_id)
        .await?
        .into_iter()
        .filter(|h| h.event.as_ref().and_then(|e| e.risk_event_id()) == Some(id))
        .collect();
    let major = event.grade == crate::domain::emergency::EventGrade::Major;
    let risk = store.risk(event.risk_id).await?;
    Ok(RiskEventDetail {
        may_file: open && !major && rules::can_file(&actor, event.department_id),
        may_report: open && major && rules::can_report(&actor, event.department_id),
        sees_risk: risk.is_some_and(|r| {
            crate::domain::risk::can_view_risk(&actor, r.facts.department_id, r.facts.owner_id)
        }),
        reports: store.risk_event_reports(id).await?,
        event,
        steps,
        history,
        checkable,
        today: today()?,
        now: now(),
        utc_offset_secs: utc_offset_secs(&tz, now()),
    })
}

/// The department files a general event's result (a handler or lead in it); compliance is
/// told. Filed already or a major event: 409.
#[server(prefix = "/api", endpoint = "risks/file_event")]
pub async fn file_risk_event(id: i64, #[server(default)] result: String) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let event = visible_event(&store, &actor, id).await?;
    if !crate::domain::emergency::can_file(&actor, event.department_id) {
        return Err(AppError::Forbidden);
    }
    let result = text("result", &result, 2, 2000)?;
    let compliance: Vec<i64> = store.ids_with_role(Role::Compliance).await?;
    store
        .file_risk_event(id, &result, actor.id, &compliance, now())
        .await?;
    store.ring(compliance).await;
    tracing::info!(actor = actor.id, event = id, "risk event filed");
    leptos_axum::redirect(&format!("/risks/events/{id}"));
    Ok(())
}

/// Checks off one step of an open major event's plan (its role's holder, a supervisor or
/// compliance); once only (409).
#[server(prefix = "/api", endpoint = "risks/check_step")]
pub async fn check_event_step(
    id: i64,
    step: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let event = visible_event(&store, &actor, id).await?;
    let s = store
        .risk_event_steps(id)
        .await?
        .into_iter()
        .find(|s| s.step == step)
        .ok_or(AppError::NotFound)?;
    if !crate::domain::emergency::can_check_step(
        &actor,
        s.role,
        event.department_id,
        event.reported_by,
    ) {
        return Err(AppError::Forbidden);
    }
    let note = text("note", &note, 0, 1000)?;
    store
        .check_event_step(id, step, &note, actor.id, now())
        .await?;
    tracing::info!(actor = actor.id, event = id, step, "plan step done");
    leptos_axum::redirect(&format!("/risks/events/{id}"));
    Ok(())
}

/// An initial, progress or final report on a major event (compliance, a supervisor or the
/// department's lead); out of order, or final with steps open: 409.
#[server(prefix = "/api", endpoint = "risks/report_event")]
pub async fn report_risk_event(
    id: i64,
    #[server(default)] kind: String,
    #[server(default)] body: String,
) -> Result<(), AppError> {
    use crate::domain::emergency::ReportKind;
    let (actor, _) = actor().await?;
    let store = store()?;
    let event = visible_event(&store, &actor, id).await?;
    if !crate::domain::emergency::can_report(&actor, event.department_id) {
        return Err(AppError::Forbidden);
    }
    let kind = choice("kind", ReportKind::parse(&kind))?;
    let body = text("body", &body, 2, 4000)?;
    let mut tx = store.begin_write().await?;
    let outcome = crate::reviews::service::report_event_in(
        &mut tx,
        (id, kind),
        &body,
        actor.id,
        now(),
        crate::reviews::gate::Via::Action,
    )
    .await;
    let closed = crate::reviews::gate::settle(tx, outcome).await?;
    tracing::info!(
        actor = actor.id,
        event = id,
        report = kind.code(),
        closed,
        "risk event reported"
    );
    leptos_axum::redirect(&format!("/risks/events/{id}"));
    Ok(())
}
