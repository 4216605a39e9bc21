//! Bulk loading for `hotline seed --tickets`: many tickets per statement, each with its
//! whole history, chained like any other events, and its report facts.
use super::{placeholders, Store};
use crate::domain::chain::{event_hash, ChainedEvent, Subject};
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
    /// The history in order: (instant, actor, kind, JSON).
    pub events: Vec<BulkEvent>,
}

/// One event of a generated ticket's history.
pub struct BulkEvent {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub kind: &'static str,
    pub data: String,
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
        let sql = format!(
            "INSERT INTO tickets ({COLUMNS}) VALUES {} RETURNING id",
            placeholders(batch.len(), PER_ROW)
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
        let mut events = Vec::new();
        for (t, id) in batch.iter().zip(&ids) {
            for be in &t.events {
                seq += 1;
                let e = ChainedEvent {
                    seq,
                    subject: Subject::Ticket(*id),
                    at: be.at,
                    actor_id: be.actor_id,
                    kind: be.kind.into(),
                    data: be.data.clone(),
                };
                let hash = event_hash(&prev, &e);
                events.push((e, std::mem::replace(&mut prev, hash.clone()), hash));
            }
        }
        // 1,000 events (8,000 parameters) per statement, well inside both databases' limits.
        for chunk in events.chunks(1000) {
            let sql = format!(
                "INSERT INTO ticket_events (seq, ticket_id, at, actor_id, kind, data, prev_hash, \
                 hash) VALUES {}",
                placeholders(chunk.len(), 8)
            );
            let mut q = sqlx::query(&sql);
            for (e, p, h) in chunk {
                q = q
                    .bind(e.seq)
                    .bind(e.subject.id())
                    .bind(e.at)
                    .bind(e.actor_id)
                    .bind(e.kind.clone())
                    .bind(e.data.clone())
                    .bind(p.clone())
                    .bind(h.clone());
            }
            q.execute(&mut *tx).await?;
        }
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
