//! The server's side of the review gate: the points that are not ticket actions (a
//! category's catalogue entry, a major event's final report) as functions that run in a
//! caller's transaction, and the review itself, which applies an approved change — by
//! running the same function the action runs, as the requester — in its own transaction.
use super::gate::{self, Via};
use crate::domain::emergency::ReportKind;
use crate::domain::review::{
    catalogue_changed, check_review, may_read, may_review, MayReview, Proposal, ReviewRecord,
    ReviewState,
};
use crate::domain::roles::Clearance;
use crate::domain::roles::Role;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::reviews::ReviewRequest;
use crate::store::emergency::{check_event_report, write_event_report};
use crate::store::feed::Change;
use crate::store::reference::{update_category_rules_in, CategoryRules};
use crate::store::reviews::{lock_review, record_review};
use crate::store::{Store, Tx};
use crate::tickets::service::{act_in, actor_of, Request};
use chrono::TimeZone;

/// Saves a category's rules; a change of its department or deadlines passes the gate first.
pub async fn save_category_in(
    tx: &mut Tx,
    proposal: &Proposal,
    reason: &str,
    by: i64,
    now: i64,
    via: Via,
) -> Result<(), AppError> {
    let Proposal::Catalogue {
        category_id,
        before,
        after,
        required_skill,
        direct_answer,
        script_json,
        replies_json,
        ..
    } = proposal
    else {
        return Err(AppError::Internal);
    };
    if catalogue_changed(before, after) {
        gate::check(tx, via, proposal, reason, by, now).await?;
    }
    let rules = CategoryRules {
        department_id: after.department_id,
        required_skill,
        direct_answer: *direct_answer,
        hours: after.hours,
        script_json: script_json.clone(),
        replies_json: replies_json.clone(),
    };
    update_category_rules_in(tx, *category_id, &rules).await
}

/// Records a report on a major event; the final one (which closes it) passes the gate
/// first. Returns whether the event closed.
pub async fn report_event_in(
    tx: &mut Tx,
    (id, kind): (i64, ReportKind),
    body: &str,
    by: i64,
    now: i64,
    via: Via,
) -> Result<bool, AppError> {
    let check = check_event_report(tx, id, kind).await?;
    if check.closes {
        let proposal = Proposal::MajorEventClose {
            event_id: id,
            title: check.title.clone(),
            body: body.to_owned(),
        };
        gate::check(tx, via, &proposal, "", by, now).await?;
    }
    write_event_report(tx, &check, kind, body, by, now).await?;
    Ok(check.closes)
}

/// Who is told once an applied change commits.
enum Applied {
    Ticket(i64, Vec<i64>),
    People(Vec<i64>),
    Nothing,
}

/// Carries out an approved request's change in `tx`, as its requester (whose rights are
/// checked again by the action).
async fn apply<Tz: TimeZone>(
    store: &Store,
    tx: &mut Tx,
    tz: &Tz,
    request: &ReviewRequest,
    (now, today): (i64, chrono::NaiveDate),
) -> Result<Applied, AppError> {
    let ticket = |id: i64, action: Request| async move {
        let account = store
            .account_by_id(request.requested_by)
            .await?
            .ok_or(AppError::Internal)?;
        let requester = actor_of(store, &account).await?;
        let settings = store.desk_settings().await?;
        Ok::<_, AppError>((id, action, requester, settings))
    };
    let by = request.requested_by;
    let (id, action, requester, settings) = match &request.proposal {
        Proposal::LongExtension {
            ticket_id, note, ..
        } => {
            let approve = Request::DecideExtension {
                approve: true,
                note: note.clone(),
            };
            ticket(*ticket_id, approve).await?
        }
        Proposal::ArchiveSecret { ticket_id, .. } => {
            let archive = Request::Archive {
                confidentiality: Clearance::Secret,
            };
            ticket(*ticket_id, archive).await?
        }
        Proposal::PublishPolicy { version_id, .. } => {
            let audience = crate::policies::service::publish_in(
                store,
                tx,
                *version_id,
                by,
                (now, today),
                Via::Review,
            )
            .await?;
            return Ok(Applied::People(audience));
        }
        // The approval is the grant: the requester downloads the file once.
        Proposal::UnmaskedExport { .. } => return Ok(Applied::Nothing),
        p @ Proposal::Catalogue { .. } => {
            save_category_in(tx, p, "", by, now, Via::Review).await?;
            return Ok(Applied::Nothing);
        }
        Proposal::MajorEventClose { event_id, body, .. } => {
            let kind = (*event_id, ReportKind::Final);
            report_event_in(tx, kind, body, by, now, Via::Review).await?;
            return Ok(Applied::Nothing);
        }
    };
    let (_, told) = act_in(tx, &settings, tz, &requester, id, action, now, Via::Review).await?;
    Ok(Applied::Ticket(id, told))
}

/// Compliance records its review of request `id`; an approval applies the change in the
/// same transaction (if the change can no longer be made — the ticket moved on, say — the
/// action's error is the answer and nothing is recorded). 404 for those who may not see the
/// request, 403 for anyone but compliance and for the requester, 409 once decided.
pub async fn decide<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    reviewer: &Actor,
    id: i64,
    record: &ReviewRecord,
    when: (i64, chrono::NaiveDate),
) -> Result<ReviewState, AppError> {
    if !reviewer.roles.contains(&Role::Compliance) {
        return Err(AppError::Forbidden);
    }
    check_review(record).map_err(|(field, problem)| AppError::field(field, problem))?;
    let mut tx = store.begin_write().await?;
    let request = lock_review(&mut tx, id).await?;
    if !may_read(reviewer, request.requested_by) {
        return Err(AppError::NotFound);
    }
    if may_review(reviewer, request.requested_by) != MayReview::Yes {
        return Err(AppError::Forbidden);
    }
    if request.state != ReviewState::Pending {
        return Err(AppError::Conflict);
    }
    let applies = record.conclusion.applies();
    let applied = if applies {
        apply(store, &mut tx, tz, &request, when).await?
    } else {
        Applied::Nothing
    };
    record_review(&mut tx, &request, reviewer.id, record, applies, when.0).await?;
    tx.commit().await?;
    store.ring(vec![request.requested_by]).await;
    match applied {
        Applied::Ticket(ticket, told) => store.publish(Change::ticket(ticket, told)).await,
        Applied::People(people) => store.ring(people).await,
        Applied::Nothing => {}
    }
    Ok(ReviewState::of(record.conclusion))
}
