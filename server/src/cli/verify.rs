//! `hotline verify`: recompute the history chain and name the first bad event.
use app::store::Store;

pub async fn run(store: &Store) -> Result<(), String> {
    let check = store
        .verify_chain()
        .await
        .map_err(|e| format!("cannot read the history: {e}"))?;
    match check.problem {
        None => {
            println!("history chain intact: {} events verified", check.checked);
            Ok(())
        }
        Some((p, number)) => Err(format!(
            "history chain broken at event seq {} (ticket or risk {}): {}",
            p.seq,
            number.as_deref().unwrap_or("unknown"),
            match p.what {
                app::domain::chain::Break::Edited => "the event was edited",
                app::domain::chain::Break::Deleted => "events before it were deleted",
                app::domain::chain::Break::Reordered =>
                    "it does not follow its predecessor (reordered)",
                app::domain::chain::Break::TailDeleted => "events at the end were deleted",
            }
        )),
    }
}
