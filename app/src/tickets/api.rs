//! Work-order server functions: authenticate, check and parse the form, call the service.
//! Every one answers the plain form post with a redirect, so pages work before hydration.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    pub use crate::auth::server::{auth_session, require_account, store};
    pub use crate::domain::account::FieldProblem;
    pub use crate::domain::intake::{check_reason, check_text};
    pub use crate::domain::workflow::Command;
    use crate::error::AppError;
    pub use crate::tickets::service::{self, AssignTo, Request};

    pub fn now() -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    pub fn tz() -> Result<chrono_tz::Tz, AppError> {
        Ok(crate::state::app_state()?.timezone)
    }

    pub async fn actor() -> Result<crate::domain::workflow::Actor, AppError> {
        let account = require_account().await?;
        service::actor_of(&store()?, &account).await
    }

    pub fn text(name: &str, value: &str) -> Result<String, AppError> {
        check_reason(value).map_err(|p| AppError::field(name, p))
    }

    /// Optional notes: empty is fine, long is not.
    pub fn note(name: &str, value: &str) -> Result<String, AppError> {
        check_text(value, 0, crate::domain::intake::REASON_MAX_CHARS)
            .map_err(|p| AppError::field(name, p))
    }

    /// Runs a request on a ticket. A plain form post (before hydration) is sent on to the
    /// ticket page; the live pages (ticket page, board) refetch what changed themselves.
    pub async fn run(id: i64, request: Request) -> Result<(), AppError> {
        let actor = actor().await?;
        let number = service::act(&store()?, &tz()?, &actor, id, request, now()).await?;
        tracing::info!(actor = actor.id, ticket = id, "ticket action");
        if crate::state::plain_form_post() {
            leptos_axum::redirect(&format!("/tickets/{number}"));
        }
        Ok(())
    }

    pub const REVEAL_KEY: &str = "revealed";
    /// A reveal lasts five minutes, for this session only.
    pub const REVEAL_MS: i64 = 5 * 60 * 1000;
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(prefix = "/api", endpoint = "tickets/categories")]
pub async fn intake_categories() -> Result<Vec<crate::reference::Category>, AppError> {
    require_account().await?;
    store()?.list_categories().await
}

/// The phone travels in the request body, never in a URL.
#[server(prefix = "/api", endpoint = "tickets/lookup")]
pub async fn lookup_caller(
    phone: String,
    category_id: Option<i64>,
) -> Result<CallerLookup, AppError> {
    let actor = actor().await?;
    if !actor.roles.contains(&crate::domain::roles::Role::Agent) {
        return Err(AppError::Forbidden);
    }
    let phone = crate::domain::intake::check_phone(&phone)
        .map_err(|p| AppError::field("caller_phone", p))?;
    let mut found = service::lookup(&store()?, &actor, &phone, category_id, now()).await?;
    found.utc_offset_secs = service::utc_offset_secs(&tz()?, now());
    Ok(found)
}

#[server(prefix = "/api", endpoint = "tickets/register")]
pub async fn register_ticket(
    channel: String,
    priority: String,
    category_id: Option<i64>,
    description: String,
    caller_name: String,
    caller_phone: String,
    #[server(default)] caller_id_number: String,
    #[server(default)] address: String,
    confidentiality: String,
    #[server(default)] answers: HashMap<String, String>,
    #[server(default)] direct: Option<String>,
    #[server(default)] direct_answer: String,
) -> Result<String, AppError> {
    let actor = actor().await?;
    if !actor.roles.contains(&crate::domain::roles::Role::Agent) {
        return Err(AppError::Forbidden);
    }
    let category_id =
        category_id.ok_or_else(|| AppError::field("category_id", FieldProblem::Required))?;
    let intake = service::Intake {
        channel,
        priority,
        category_id,
        description,
        caller_name,
        caller_phone,
        caller_id_number,
        address,
        confidentiality,
        answers,
        direct_answer: direct.map(|_| direct_answer),
    };
    let (id, number) = service::register(&store()?, &tz()?, &actor, intake, now()).await?;
    tracing::info!(actor = actor.id, ticket = id, "ticket registered");
    leptos_axum::redirect(&format!("/tickets/{number}"));
    Ok(number)
}

#[server(prefix = "/api", endpoint = "tickets/get")]
pub async fn get_ticket(number: String) -> Result<TicketDetail, AppError> {
    let actor = actor().await?;
    let store = store()?;
    let now = now();
    let session = auth_session().await?.session;
    let revealed: HashMap<String, i64> = session
        .get(REVEAL_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let open = revealed.get(&number).is_some_and(|until| *until > now);
    let mut detail = service::detail(&store, &actor, &number, open, now).await?;
    detail.utc_offset_secs = service::utc_offset_secs(&tz()?, now);
    Ok(detail)
}

#[server(prefix = "/api", endpoint = "tickets/reveal")]
pub async fn reveal_pii(id: i64) -> Result<(), AppError> {
    let actor = actor().await?;
    let store = store()?;
    let number = service::act(
        &store,
        &tz()?,
        &actor,
        id,
        Request::Plain(Command::RevealPii),
        now(),
    )
    .await?;
    let session = auth_session().await?.session;
    let mut revealed: HashMap<String, i64> = session
        .get(REVEAL_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let now = now();
    revealed.retain(|_, until| *until > now);
    revealed.insert(number.clone(), now + REVEAL_MS);
    session
        .insert(REVEAL_KEY, revealed)
        .await
        .map_err(|_| AppError::Internal)?;
    tracing::info!(actor = actor.id, ticket = id, "personal data revealed");
    leptos_axum::redirect(&format!("/tickets/{number}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "tickets/assign")]
pub async fn assign_ticket(id: i64, target: String, reason: String) -> Result<(), AppError> {
    let to = AssignTo::parse(&target)
        .ok_or_else(|| AppError::field("target", FieldProblem::Required))?;
    run(
        id,
        Request::Assign {
            to,
            reason: text("reason", &reason)?,
        },
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/sign_for")]
pub async fn sign_for(id: i64) -> Result<(), AppError> {
    run(id, Request::SignFor).await
}

#[server(prefix = "/api", endpoint = "tickets/return")]
pub async fn return_ticket(id: i64, reason: String) -> Result<(), AppError> {
    run(
        id,
        Request::Plain(Command::Return {
            reason: text("reason", &reason)?,
        }),
    )
    .await
}

/// `due` is the local date and time from the form (`2026-11-30T17:00`).
#[server(prefix = "/api", endpoint = "tickets/request_extension")]
pub async fn request_extension(id: i64, due: String, reason: String) -> Result<(), AppError> {
    use chrono::TimeZone;
    let local = chrono::NaiveDateTime::parse_from_str(due.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| AppError::field("due", FieldProblem::BadDate))?;
    let due_at = tz()?
        .from_local_datetime(&local)
        .earliest()
        .ok_or_else(|| AppError::field("due", FieldProblem::BadDate))?
        .timestamp_millis();
    let reason = text("reason", &reason)?;
    run(id, Request::RequestExtension { due_at, reason }).await
}

#[server(prefix = "/api", endpoint = "tickets/decide_extension")]
pub async fn decide_extension(
    id: i64,
    decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let approve = decision == "approve";
    run(
        id,
        Request::DecideExtension {
            approve,
            note: note_or_reason(approve, &note)?,
        },
    )
    .await
}

#[cfg(feature = "ssr")]
/// A rejection needs its reason; an approval may stand alone.
fn note_or_reason(approve: bool, note: &str) -> Result<String, AppError> {
    if approve {
        ssr::note("note", note)
    } else {
        text("note", note)
    }
}

#[server(prefix = "/api", endpoint = "tickets/urge")]
pub async fn urge_ticket(id: i64, note: String) -> Result<(), AppError> {
    run(
        id,
        Request::Plain(Command::Urge {
            note: text("note", &note)?,
        }),
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/supervise")]
pub async fn supervise_ticket(id: i64, note: String) -> Result<(), AppError> {
    run(
        id,
        Request::Plain(Command::Supervise {
            note: text("note", &note)?,
        }),
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/note")]
pub async fn add_note(
    id: i64,
    text: String,
    #[server(default)] caller_facing: Option<String>,
) -> Result<(), AppError> {
    let t = ssr::text("text", &text)?;
    run(
        id,
        Request::Plain(Command::AddNote {
            text: t,
            caller_facing: caller_facing.is_some(),
        }),
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/resolve")]
pub async fn resolve_ticket(id: i64, result: String) -> Result<(), AppError> {
    run(
        id,
        Request::Plain(Command::Resolve {
            result: text("result", &result)?,
        }),
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/callback")]
pub async fn record_callback(
    id: i64,
    outcome: String,
    told: String,
    #[server(default)] reason: String,
    #[server(default)] next_step: String,
) -> Result<(), AppError> {
    use crate::domain::ticket::CallbackOutcome;
    let outcome = CallbackOutcome::parse(&outcome)
        .ok_or_else(|| AppError::field("outcome", FieldProblem::Required))?;
    let told = text("told", &told)?;
    let (reason, next_step) = if outcome.needs_reason() {
        (text("reason", &reason)?, text("next_step", &next_step)?)
    } else {
        (
            ssr::note("reason", &reason)?,
            ssr::note("next_step", &next_step)?,
        )
    };
    run(
        id,
        Request::Plain(Command::Callback {
            outcome,
            told,
            reason,
            next_step,
        }),
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/archive")]
pub async fn archive_ticket(id: i64, confidentiality: String) -> Result<(), AppError> {
    let confidentiality = confidentiality
        .parse()
        .map_err(|_| AppError::field("confidentiality", FieldProblem::UnknownChoice))?;
    run(id, Request::Archive { confidentiality }).await
}

#[server(prefix = "/api", endpoint = "tickets/request_correction")]
pub async fn request_correction(
    id: i64,
    field: String,
    value: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::intake::*;
    use crate::domain::ticket::CorrectableField as F;
    let f =
        F::parse(&field).ok_or_else(|| AppError::field("field", FieldProblem::UnknownChoice))?;
    let checked = match f {
        F::CallerName => check_caller_name(&value),
        F::CallerPhone => check_phone(&value),
        F::CallerIdNumber => check_id_number(&value),
        F::Address => check_address(&value),
        F::Description => check_description(&value),
    }
    .map_err(|p| AppError::field("value", p))?;
    run(
        id,
        Request::RequestCorrection {
            field: f,
            value: checked,
            reason: text("reason", &reason)?,
        },
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/decide_correction")]
pub async fn decide_correction(
    id: i64,
    decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let approve = decision == "approve";
    run(
        id,
        Request::DecideCorrection {
            approve,
            note: note_or_reason(approve, &note)?,
        },
    )
    .await
}

/// The caller rang again about an open ticket: recorded on it instead of a new ticket.
#[server(prefix = "/api", endpoint = "tickets/link_call")]
pub async fn link_call(id: i64, #[server(default)] note: String) -> Result<(), AppError> {
    run(
        id,
        Request::Plain(Command::LinkCall {
            note: ssr::note("note", &note)?,
        }),
    )
    .await
}

#[server(prefix = "/api", endpoint = "tickets/my_work")]
pub async fn get_my_work() -> Result<MyWork, AppError> {
    let actor = actor().await?;
    let sections = service::my_work(&store()?, &actor).await?;
    let now = now();
    Ok(MyWork {
        sections,
        utc_offset_secs: service::utc_offset_secs(&tz()?, now),
        now,
    })
}

#[cfg(feature = "ssr")]
const SEARCH_KEY: &str = "last_search";

/// Remembers the query in the session (never in the URL: it may be a phone number) and
/// sends a plain form back to the search page, which shows `last_search`.
#[server(prefix = "/api", endpoint = "tickets/search")]
pub async fn search_tickets(q: String) -> Result<(), AppError> {
    require_account().await?;
    let q: String = q.trim().chars().take(100).collect();
    auth_session()
        .await?
        .session
        .insert(SEARCH_KEY, q)
        .await
        .map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/search");
    Ok(())
}

#[server(prefix = "/api", endpoint = "tickets/last_search")]
pub async fn last_search() -> Result<Option<SearchResult>, AppError> {
    let actor = actor().await?;
    let q: Option<String> = auth_session()
        .await?
        .session
        .get(SEARCH_KEY)
        .await
        .ok()
        .flatten();
    let Some(q) = q.filter(|q| !q.is_empty()) else {
        return Ok(None);
    };
    let phone = crate::domain::intake::check_phone(&q).ok();
    let rows = store()?
        .search_tickets(&actor, &q, phone.as_deref())
        .await?;
    Ok(Some(SearchResult {
        query: match &phone {
            Some(p) => crate::domain::privacy::mask_phone(p),
            None => q,
        },
        tickets: rows.iter().map(service::summary).collect(),
        utc_offset_secs: service::utc_offset_secs(&tz()?, now()),
        now: now(),
    }))
}
