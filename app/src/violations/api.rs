//! Server functions of accountability. Everyone signed in lists the violations they may
//! read (their own; leads their departments'; compliance and supervisors all) and opens
//! them (others are 404); proposing is for compliance, supervisors and leads; each step is
//! checked against `domain::violation::moves` in `service`. Only admins change the scheme.
//! Each form sends the browser on to the violation's page.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::domain::account::FieldProblem;
    use crate::domain::violation::{parse_fine, Discipline, Penalty};
    use crate::error::AppError;
    pub use crate::policies::api::ssr::offset;
    pub use crate::risk::api::ssr::{actor, now, store, text};

    pub fn tz() -> Result<chrono_tz::Tz, AppError> {
        Ok(crate::state::app_state()?.timezone)
    }

    /// A whole number of points (empty: `None`), at most 100.
    pub fn points(v: &str) -> Result<Option<u32>, AppError> {
        match v.trim() {
            "" => Ok(None),
            v => v
                .parse()
                .ok()
                .filter(|p| *p <= 100)
                .map(Some)
                .ok_or_else(|| AppError::field("points", FieldProblem::BadNumber)),
        }
    }

    pub fn discipline(v: &str) -> Result<Discipline, AppError> {
        match v {
            "" => Ok(Discipline::None),
            v => Discipline::parse(v)
                .ok_or_else(|| AppError::field("discipline", FieldProblem::UnknownChoice)),
        }
    }

    /// The penalty typed in a form (points required).
    pub fn penalty(p: &str, d: &str, fine: &str) -> Result<Penalty, AppError> {
        Ok(Penalty {
            points: points(p)?.ok_or_else(|| AppError::field("points", FieldProblem::Required))?,
            discipline: discipline(d)?,
            fine_fen: parse_fine(fine).map_err(|e| AppError::field("fine", e))?,
        })
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(prefix = "/api", endpoint = "violations", input = GetUrl)]
pub async fn list_violations() -> Result<ViolationList, AppError> {
    let (actor, _) = actor().await?;
    let mut list = super::service::list(&store()?, &actor, &tz()?, now()).await?;
    list.utc_offset_secs = offset()?;
    Ok(list)
}

/// My work's card: what waits for the signed-in user.
#[server(prefix = "/api", endpoint = "violations/todo", input = GetUrl)]
pub async fn violation_todo() -> Result<(Vec<Violation>, i32), AppError> {
    let (actor, _) = actor().await?;
    let items = super::service::todo(&store()?, &actor, &tz()?, now()).await?;
    Ok((items, offset()?))
}

#[server(prefix = "/api", endpoint = "violations/detail", input = GetUrl)]
pub async fn get_violation(id: i64) -> Result<ViolationDetail, AppError> {
    let (actor, _) = actor().await?;
    let mut d = super::service::detail(&store()?, &actor, id, now()).await?;
    d.utc_offset_secs = offset()?;
    Ok(d)
}

/// The proposal form; `warning`: a confirmed warning to propose from.
#[server(prefix = "/api", endpoint = "violations/form", input = GetUrl)]
pub async fn get_violation_form(
    #[server(default)] warning: Option<i64>,
) -> Result<ViolationForm, AppError> {
    let (actor, _) = actor().await?;
    super::service::form(&store()?, &actor, warning).await
}

/// Proposes a violation: the person, the conduct (`none` with `conduct_text` for another),
/// the facts, the evidence (ticket numbers separated by spaces or commas; the warning it
/// comes from), the grade, and the penalty (points empty: the scheme's for the grade).
#[server(prefix = "/api", endpoint = "violations/propose")]
pub async fn propose_violation(
    #[server(default)] person: String,
    #[server(default)] conduct: String,
    #[server(default)] conduct_text: String,
    #[server(default)] facts: String,
    #[server(default)] tickets: String,
    #[server(default)] warning: Option<i64>,
    #[server(default)] severity: String,
    #[server(default)] points: String,
    #[server(default)] discipline: String,
    #[server(default)] fine: String,
) -> Result<(), AppError> {
    use crate::domain::account::FieldProblem;
    use crate::domain::violation::{Conduct, Severity};
    let (actor, _) = actor().await?;
    let proposal = super::service::Proposal {
        person_id: person
            .parse()
            .map_err(|_| AppError::field("person", FieldProblem::Required))?,
        conduct: Conduct::parse(&conduct)
            .ok_or_else(|| AppError::field("conduct", FieldProblem::UnknownChoice))?,
        conduct_text: text("conduct_text", &conduct_text, 0, 100)?,
        facts: text("facts", &facts, 5, 4000)?,
        tickets: tickets
            .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
            .filter(|t| !t.is_empty())
            .take(50)
            .map(str::to_owned)
            .collect(),
        warning_id: warning,
        severity: Severity::parse(&severity)
            .ok_or_else(|| AppError::field("severity", FieldProblem::Required))?,
        points: ssr::points(&points)?,
        discipline: ssr::discipline(&discipline)?,
        fine_fen: crate::domain::violation::parse_fine(&fine)
            .map_err(|e| AppError::field("fine", e))?,
    };
    let id = super::service::propose(&store()?, &actor, proposal, now()).await?;
    tracing::info!(actor = actor.id, violation = id, "violation proposed");
    leptos_axum::redirect(&format!("/violations/{id}"));
    Ok(())
}

/// Sends a proposal to its person (the proposer or compliance); the appeal window opens.
#[server(prefix = "/api", endpoint = "violations/notify")]
pub async fn notify_violation(id: i64) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    super::service::notify(&store()?, &actor, id, &tz()?, now()).await?;
    tracing::info!(actor = actor.id, violation = id, "violation notified");
    leptos_axum::redirect(&format!("/violations/{id}"));
    Ok(())
}

/// Withdraws a proposal before it is notified, with the reason.
#[server(prefix = "/api", endpoint = "violations/withdraw")]
pub async fn withdraw_violation(
    id: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let reason = text("reason", &reason, 2, 2000)?;
    super::service::withdraw(&store()?, &actor, id, &reason, now()).await?;
    tracing::info!(actor = actor.id, violation = id, "violation withdrawn");
    leptos_axum::redirect(&format!("/violations/{id}"));
    Ok(())
}

/// The person's appeal (申诉), while the window is open.
#[server(prefix = "/api", endpoint = "violations/appeal")]
pub async fn appeal_violation(id: i64, #[server(default)] text: String) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let body = ssr::text("text", &text, 5, 4000)?;
    super::service::appeal(&store()?, &actor, id, &body, now()).await?;
    tracing::info!(actor = actor.id, violation = id, "violation appealed");
    leptos_axum::redirect(&format!("/violations/{id}"));
    Ok(())
}

/// The leading group's decision on an appeal: `upheld`, `reduced` (with the lighter
/// penalty: points, discipline, fine) or `withdrawn`, always with the reason.
#[server(prefix = "/api", endpoint = "violations/decide")]
pub async fn decide_violation(
    id: i64,
    #[server(default)] outcome: String,
    #[server(default)] reason: String,
    #[server(default)] points: String,
    #[server(default)] discipline: String,
    #[server(default)] fine: String,
) -> Result<(), AppError> {
    use crate::domain::account::FieldProblem;
    use crate::domain::violation::Outcome;
    let (actor, _) = actor().await?;
    let outcome = Outcome::parse(&outcome)
        .ok_or_else(|| AppError::field("outcome", FieldProblem::Required))?;
    let reason = text("reason", &reason, 2, 2000)?;
    let reduced = match outcome {
        Outcome::Reduced => Some(penalty(&points, &discipline, &fine)?),
        _ => None,
    };
    super::service::decide(&store()?, &actor, id, outcome, reduced, &reason, now()).await?;
    tracing::info!(
        actor = actor.id,
        violation = id,
        outcome = outcome.code(),
        "violation decided"
    );
    leptos_axum::redirect(&format!("/violations/{id}"));
    Ok(())
}

/// The scheme: compliance, supervisors and admins read it; admins change it.
#[server(prefix = "/api", endpoint = "violations/scheme", input = GetUrl)]
pub async fn get_violation_scheme() -> Result<(crate::domain::violation::Scheme, bool), AppError> {
    use crate::domain::roles::Role;
    let (actor, _) = actor().await?;
    let reads = [Role::Compliance, Role::Supervisor, Role::Admin]
        .iter()
        .any(|r| actor.roles.contains(r));
    if !reads {
        return Err(AppError::Forbidden);
    }
    Ok((
        store()?.violation_scheme().await?,
        actor.roles.contains(&Role::Admin),
    ))
}

#[server(prefix = "/api", endpoint = "violations/save_scheme")]
pub async fn save_violation_scheme(
    #[server(default)] minor_points: String,
    #[server(default)] general_points: String,
    #[server(default)] serious_points: String,
    #[server(default)] appeal_days: String,
) -> Result<(), AppError> {
    use crate::domain::account::FieldProblem;
    use crate::domain::violation::Scheme;
    let (actor, _) = actor().await?;
    if !actor.roles.contains(&crate::domain::roles::Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let n = |field: &'static str, v: &str| -> Result<u32, AppError> {
        v.trim()
            .parse()
            .map_err(|_| AppError::field(field, FieldProblem::BadNumber))
    };
    let scheme = Scheme {
        minor_points: n("minor_points", &minor_points)?,
        general_points: n("general_points", &general_points)?,
        serious_points: n("serious_points", &serious_points)?,
        appeal_days: n("appeal_days", &appeal_days)?,
    }
    .check()
    .map_err(|(f, p)| AppError::field(f, p))?;
    store()?.save_violation_scheme(&scheme).await?;
    tracing::info!(actor = actor.id, ?scheme, "violation scheme changed");
    leptos_axum::redirect("/violations/scheme?saved=1");
    Ok(())
}
