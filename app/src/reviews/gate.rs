//! The one gate every decision point passes. An action builds the change it is about to
//! make as a [`Proposal`] and calls [`check`] in its own transaction, before changing
//! anything: when the point needs a review, a review request is filed instead and the
//! action ends with [`AppError::ReviewRequested`]; [`settle`] then commits the request
//! (and nothing else). When compliance approves, the same action runs again from the
//! review's transaction with [`Via::Review`], which passes the gate.
use crate::domain::review::{requires_review, Proposal};
use crate::error::AppError;
use crate::store::reviews::{file_review, points_in};
use crate::store::Tx;

/// How an action was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Asked for by a user: the gate applies.
    Action,
    /// Applied by an approved review: the gate was passed.
    Review,
}

/// Passes, or files a review request of `proposal` by `by` and answers `ReviewRequested`.
pub async fn check(
    tx: &mut Tx,
    via: Via,
    proposal: &Proposal,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<(), AppError> {
    if via == Via::Review || !requires_review(&points_in(tx).await?, proposal) {
        return Ok(());
    }
    let (id, code) = file_review(tx, proposal, reason, by, now).await?;
    tracing::info!(
        actor = by,
        review = id,
        point = proposal.point().code(),
        "review requested"
    );
    Err(AppError::ReviewRequested { id, code })
}

/// Commits what an action did, or the review request it filed instead; any other error
/// rolls everything back.
pub async fn settle<T>(tx: Tx, outcome: Result<T, AppError>) -> Result<T, AppError> {
    match outcome {
        Ok(v) => {
            tx.commit().await?;
            Ok(v)
        }
        Err(e @ AppError::ReviewRequested { .. }) => {
            tx.commit().await?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}
