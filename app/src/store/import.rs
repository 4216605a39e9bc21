//! Import from an old system: which of its ids are already here, and marking new tickets.
use super::{Store, Tx};
use crate::error::AppError;
use std::collections::HashSet;

impl Store {
    /// Those of `ids` that earlier imports already brought in.
    pub async fn known_source_ids(&self, ids: &[String]) -> Result<HashSet<String>, AppError> {
        let mut out = HashSet::new();
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT source_id FROM tickets WHERE source_id IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query_scalar::<_, String>(&sql);
            for id in chunk {
                q = q.bind(id);
            }
            out.extend(q.fetch_all(self.pool()).await?);
        }
        Ok(out)
    }
}

/// Records which old-system record a new ticket came from.
pub async fn set_source_id(tx: &mut Tx, ticket_id: i64, source_id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE tickets SET source_id = $1 WHERE id = $2")
        .bind(source_id)
        .bind(ticket_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
