//! The commitment gate (岗位合规承诺书): a person whose post has a letter in force that they
//! have not signed may sign in and read, but works no ticket. The ticket service asks here
//! before registering a ticket and before any action on one.
use crate::domain::policy::letters_to_sign;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::store::policies::Done;
use crate::store::Store;

/// Ok when `actor` may work tickets; `CommitmentRequired` (403) while a letter of their
/// post waits for their signature.
pub async fn require_commitment(store: &Store, actor: &Actor) -> Result<(), AppError> {
    let letters = store.letters_in_force().await?;
    if !letters.iter().any(|l| actor.roles.contains(&l.post)) {
        return Ok(());
    }
    let signed = store.done_by(Done::Signed, actor.id).await?;
    if letters_to_sign(&actor.roles, &letters, &signed).is_empty() {
        Ok(())
    } else {
        Err(AppError::CommitmentRequired)
    }
}
