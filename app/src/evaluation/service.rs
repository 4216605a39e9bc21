//! The server's side of the effectiveness evaluation: who reads and who evaluates, the
//! evidence from the daily report's figures, the steps checked against
//! `domain::evaluation`, the writes through the store.
use super::{Evaluation, EvaluationList, EvaluationTask, EvaluationView};
use crate::domain::account::FieldProblem;
use crate::domain::evaluation::{self as rules, Dimension, DimensionScore, EvidenceItem};
use crate::domain::intake::check_text;
use crate::domain::roles::Role;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::report::service::{figures_of_days, local_day};
use crate::store::evaluations::Tasks;
use crate::store::Store;
use chrono::{Datelike, NaiveDate, TimeZone};

/// Supervisors and compliance evaluate (article 24's evaluators).
pub fn may_evaluate(actor: &Actor) -> bool {
    actor.sees_all()
}

/// Evaluators, department leads and admins read every evaluation; a task's owner reads
/// the evaluation it came from.
fn reads_all(actor: &Actor) -> bool {
    may_evaluate(actor)
        || actor.roles.contains(&Role::DeptLead)
        || actor.roles.contains(&Role::Admin)
}

fn field((field, problem): (&'static str, FieldProblem)) -> AppError {
    AppError::field(field, problem)
}

fn dimension_of(code: &str) -> Result<Dimension, AppError> {
    Dimension::parse(code).ok_or_else(|| AppError::field("dimension", FieldProblem::UnknownChoice))
}

fn day(text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| AppError::Internal)
}

/// Each task's state on the desk's `today`.
pub fn dated<Tz: TimeZone>(
    tz: &Tz,
    today: NaiveDate,
    mut tasks: Vec<EvaluationTask>,
) -> Vec<EvaluationTask> {
    for t in &mut tasks {
        let done = t.done_at.map(|at| local_day(tz, at));
        if let Ok(due) = NaiveDate::parse_from_str(&t.due_day, "%Y-%m-%d") {
            t.state = rules::task_state(due, done, today);
        }
    }
    tasks
}

pub async fn list<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    now: i64,
) -> Result<EvaluationList, AppError> {
    let today = local_day(tz, now);
    let evaluations = if reads_all(actor) {
        store.evaluations(200).await?
    } else {
        Vec::new()
    };
    let my_tasks = store.evaluation_tasks(Tasks::OpenOwnedBy(actor.id)).await?;
    let open_tasks = if reads_all(actor) {
        store.evaluation_tasks(Tasks::AllOpen).await?
    } else {
        Vec::new()
    };
    let last_year = today.year() - 1;
    Ok(EvaluationList {
        evaluations,
        my_tasks: dated(tz, today, my_tasks),
        open_tasks: dated(tz, today, open_tasks),
        may_evaluate: may_evaluate(actor),
        default_first: format!("{last_year}-01-01"),
        default_last: format!("{last_year}-12-31"),
        utc_offset_secs: crate::tickets::service::utc_offset_secs(tz, now),
    })
}

/// The evaluation `actor` may read (else 404: it does not exist for them).
async fn readable(store: &Store, actor: &Actor, id: i64) -> Result<Evaluation, AppError> {
    let e = store.evaluation(id).await?.ok_or(AppError::NotFound)?;
    if reads_all(actor) {
        return Ok(e);
    }
    let owns = store
        .evaluation_tasks(Tasks::Of(id))
        .await?
        .iter()
        .any(|t| t.owner_id == actor.id);
    if owns {
        Ok(e)
    } else {
        Err(AppError::NotFound)
    }
}

/// The evidence of an evaluation's period against the one before.
async fn compute_evidence<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    e: &Evaluation,
) -> Result<Vec<EvidenceItem>, AppError> {
    let days = (day(&e.first_day)?, day(&e.last_day)?);
    let now = figures_of_days(store, tz, tz_name, days).await?;
    let before = figures_of_days(store, tz, tz_name, rules::period_before(days.0, days.1)).await?;
    Ok(rules::evidence(&now, &before))
}

pub async fn view<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    id: i64,
    now: i64,
) -> Result<EvaluationView, AppError> {
    let evaluation = readable(store, actor, id).await?;
    let evidence = match store.evaluation_evidence(id).await? {
        Some(kept) => serde_json::from_str(&kept).map_err(|_| AppError::Internal)?,
        None => compute_evidence(store, tz, tz_name, &evaluation).await?,
    };
    let before = rules::period_before(day(&evaluation.first_day)?, day(&evaluation.last_day)?);
    let today = local_day(tz, now);
    let may = may_evaluate(actor);
    let people = if may {
        store
            .list_accounts()
            .await?
            .into_iter()
            .filter(|a| a.active)
            .map(|a| (a.id, a.display_name))
            .collect()
    } else {
        Vec::new()
    };
    let tasks = store.evaluation_tasks(Tasks::Of(id)).await?;
    Ok(EvaluationView {
        evaluation,
        evidence,
        before_first: before.0.to_string(),
        before_last: before.1.to_string(),
        tasks: dated(tz, today, tasks),
        people,
        may_evaluate: may,
        today: today.to_string(),
        utc_offset_secs: crate::tickets::service::utc_offset_secs(tz, now),
    })
}

/// Opens an evaluation of a period that has passed. Returns its id.
pub async fn open<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    title: &str,
    first: &str,
    last: &str,
    now: i64,
) -> Result<i64, AppError> {
    if !may_evaluate(actor) {
        return Err(AppError::Forbidden);
    }
    let today = local_day(tz, now);
    let title = check_text(title, 1, 200).map_err(|p| AppError::field("title", p))?;
    let days = rules::check_period(first, last, today).map_err(field)?;
    store
        .open_evaluation(&title, days, today.year(), actor.id, now)
        .await
}

/// The evaluation an evaluator may still score or finish: others are refused (403), a
/// finished one is a conflict (409).
async fn still_open(store: &Store, actor: &Actor, id: i64) -> Result<Evaluation, AppError> {
    if !may_evaluate(actor) {
        return Err(AppError::Forbidden);
    }
    let e = store.evaluation(id).await?.ok_or(AppError::NotFound)?;
    if e.finished {
        return Err(AppError::Conflict);
    }
    Ok(e)
}

/// An evaluator scores one dimension of an open evaluation (again: the new score counts).
pub async fn score(
    store: &Store,
    actor: &Actor,
    id: i64,
    dimension: &str,
    score: &str,
    findings: &str,
    now: i64,
) -> Result<(), AppError> {
    let e = still_open(store, actor, id).await?;
    let dimension = dimension_of(dimension)?;
    let (score, findings) = rules::check_score(score, findings).map_err(field)?;
    let scored = DimensionScore {
        dimension,
        score,
        findings,
    };
    let scores = rules::with_score(e.scores, scored.clone());
    store
        .score_evaluation(id, &scores, &scored, actor.id, now)
        .await
}

/// Finishes an evaluation whose four dimensions are scored; the evidence is kept as it
/// reads now.
pub async fn finish<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    let e = still_open(store, actor, id).await?;
    if e.overall.is_none() {
        return Err(AppError::field("score", FieldProblem::Required));
    }
    let evidence = compute_evidence(store, tz, tz_name, &e).await?;
    let json = serde_json::to_string(&evidence).map_err(|_| AppError::Internal)?;
    store
        .finish_evaluation(id, &e.scores, &json, actor.id, now)
        .await
}

/// An evaluator sets an improvement task: an action for a dimension, an active owner, a
/// deadline not in the past. Returns the task's id.
#[allow(clippy::too_many_arguments)]
pub async fn set_task<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    id: i64,
    dimension: &str,
    action: &str,
    owner: &str,
    due: &str,
    now: i64,
) -> Result<i64, AppError> {
    if !may_evaluate(actor) {
        return Err(AppError::Forbidden);
    }
    store.evaluation(id).await?.ok_or(AppError::NotFound)?;
    let dimension = dimension_of(dimension)?;
    let (action, due) = rules::check_task(action, due, local_day(tz, now)).map_err(field)?;
    let owner_id: i64 = owner
        .trim()
        .parse()
        .map_err(|_| AppError::field("owner", FieldProblem::Required))?;
    let active = store
        .account_by_id(owner_id)
        .await?
        .is_some_and(|a| a.active);
    if !active {
        return Err(AppError::field("owner", FieldProblem::UnknownChoice));
    }
    store
        .set_evaluation_task(id, dimension, &action, owner_id, due, actor.id, now)
        .await
}

/// The owner or an evaluator marks a task done, with what was done. Returns the
/// evaluation's id.
pub async fn task_done(
    store: &Store,
    actor: &Actor,
    task_id: i64,
    note: &str,
    now: i64,
) -> Result<i64, AppError> {
    let task = store
        .evaluation_task(task_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if task.owner_id != actor.id && !may_evaluate(actor) {
        return Err(if reads_all(actor) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let note = check_text(note, 1, 1000).map_err(|p| AppError::field("note", p))?;
    store
        .finish_evaluation_task(&task, &note, actor.id, now)
        .await?;
    Ok(task.evaluation_id)
}
