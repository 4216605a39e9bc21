//! Bulk loading for `hotline seed --tickets`: many tickets per statement, each with its
//! `registered` history event, chained like any other event, and its report facts.
use super::Store;
use crate::domain::chain::{event_hash, ChainedEvent};
use crate::domain::deadline::Schedule;
use crate::domain::workflow::Progress;
use crate::error::AppError;

/// One generated ticket.
pub struct BulkTicket {
    pub number: String,
    pub channel: &'static str,
    pub priority: &'static str,
    pub category_id: i64,
    pub description: String,
    pub caller_name: String,
    pub caller_phone: String,
    pub address: String,
    pub registered_by: i64,
    pub registered_at: i64,
    pub progress: Progress,
    pub schedule: Schedule,
    /// The `registered` event's JSON.
    pub event: String,
}

const COLUMNS: &str = "number, state, channel, priority, category_id, description, caller_name, \
    caller_phone, address, confidentiality, registered_by, registered_at, department_id, \
    handler_id, first_department_id, first_assigned_at, assigned_at, clock_started_at, \
    sign_due_at, signed_at, resolve_due_at, resolved_at, result, callback_due_at, closed_at, \
    close_outcome, archived_at, updated_at, due_at, board_at, warn_at, watch_due_at, warned, \
    escalation_level, next_check_at";
const PER_ROW: usize = 35;

impl Store {
    /// Inserts a batch of tickets and their events in one transaction; returns how many.
    pub async fn insert_bulk(&self, batch: &[BulkTicket]) -> Result<usize, AppError> {
        if batch.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let rows: Vec<String> = (0..batch.len())
            .map(|r| {
                let cols: Vec<String> = (1..=PER_ROW)
                    .map(|c| format!("${}", r * PER_ROW + c))
                    .collect();
                format!("({})", cols.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO tickets ({COLUMNS}) VALUES {} RETURNING id",
            rows.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for t in batch {
            let p = &t.progress;
            q = q
                .bind(&t.number)
                .bind(p.state().code())
                .bind(t.channel)
                .bind(t.priority)
                .bind(t.category_id)
                .bind(&t.description)
                .bind(&t.caller_name)
                .bind(&t.caller_phone)
                .bind(&t.address)
                .bind(p.confidentiality.code())
                .bind(t.registered_by)
                .bind(t.registered_at)
                .bind(p.department_id)
                .bind(p.handler_id)
                .bind(p.first_department_id)
                .bind(p.first_assigned_at)
                .bind(p.assigned_at)
                .bind(p.clock_started_at)
                .bind(p.sign_due_at)
                .bind(p.signed_at)
                .bind(p.resolve_due_at)
                .bind(p.resolved_at)
                .bind(&p.result)
                .bind(p.callback_due_at)
                .bind(p.closed_at)
                .bind(&p.close_outcome)
                .bind(p.archived_at)
                .bind(t.registered_at)
                .bind(p.due_at())
                .bind(p.board_at(t.registered_at))
                .bind(t.schedule.warn_at)
                .bind(t.schedule.marks.due_at)
                .bind(i64::from(t.schedule.marks.warned))
                .bind(t.schedule.marks.level)
                .bind(t.schedule.next_check_at);
        }
        let ids = q.fetch_all(&mut *tx).await?;
        let (mut seq, mut prev): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        let mut values = Vec::new();
        let mut events = Vec::new();
        for (i, (t, id)) in batch.iter().zip(&ids).enumerate() {
            seq += 1;
            let e = ChainedEvent {
                seq,
                ticket_id: *id,
                at: t.registered_at,
                actor_id: Some(t.registered_by),
                kind: "registered".into(),
                data: t.event.clone(),
            };
            let hash = event_hash(&prev, &e);
            let b = i * 8;
            values.push(format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            ));
            events.push((e, prev.clone(), hash.clone()));
            prev = hash;
        }
        let sql = format!(
            "INSERT INTO ticket_events (seq, ticket_id, at, actor_id, kind, data, prev_hash, hash) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (e, p, h) in &events {
            q = q
                .bind(e.seq)
                .bind(e.ticket_id)
                .bind(e.at)
                .bind(e.actor_id)
                .bind(e.kind.clone())
                .bind(e.data.clone())
                .bind(p.clone())
                .bind(h.clone());
        }
        q.execute(&mut *tx).await?;
        sqlx::query("UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&prev)
            .execute(&mut *tx)
            .await?;
        if let (Some(first), Some(last)) = (ids.iter().min(), ids.iter().max()) {
            super::report::project_range(&mut tx, *first, last + 1).await?;
        }
        tx.commit().await?;
        Ok(batch.len())
    }

    /// Moves each day's counter past the numbers a bulk load used.
    pub async fn raise_counters(&self, days: &[(String, i64)]) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        for (day, last) in days {
            sqlx::query(
                "INSERT INTO ticket_counters (day, last) VALUES ($1, $2) \
                 ON CONFLICT (day) DO UPDATE SET last = CASE WHEN ticket_counters.last > $2 \
                 THEN ticket_counters.last ELSE $2 END",
            )
            .bind(day)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The day counters' current values (a bulk load continues after them).
    pub async fn counters(&self) -> Result<Vec<(String, i64)>, AppError> {
        Ok(sqlx::query_as("SELECT day, last FROM ticket_counters")
            .fetch_all(self.pool())
            .await?)
    }

    /// After a bulk load: fresh planner statistics (and, on PostgreSQL, the visibility map
    /// that lets counts read the index alone), as autovacuum would bring in time.
    pub async fn refresh_statistics(&self) -> Result<(), AppError> {
        let sql = match self.backend() {
            super::Backend::Sqlite => "ANALYZE",
            super::Backend::Postgres => "VACUUM ANALYZE tickets, ticket_events",
        };
        sqlx::query(sql).execute(self.pool()).await?;
        Ok(())
    }
}
