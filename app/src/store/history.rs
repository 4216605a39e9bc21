//! The history: events appended in the same transaction as the change they record, chained
//! by hash through the single `chain_head` row (tickets' and risks' events in one chain);
//! read back as a timeline; verified.
use super::{Store, Tx};
use crate::domain::chain::{event_hash, ChainedEvent, Subject, Verifier};
use crate::domain::events::{EventData, RecordEvent, RiskEventData};
use crate::error::AppError;

/// Appends one event to a ticket's history.
pub async fn append_event(
    tx: &mut Tx,
    ticket_id: i64,
    actor_id: Option<i64>,
    at: i64,
    event: &EventData,
) -> Result<i64, AppError> {
    let data = serde_json::to_string(event).map_err(|_| AppError::Internal)?;
    append(
        tx,
        Subject::Ticket(ticket_id),
        actor_id,
        at,
        event.kind(),
        data,
    )
    .await
}

/// Appends one event to a risk's history.
pub async fn append_risk_event(
    tx: &mut Tx,
    risk_id: i64,
    actor_id: Option<i64>,
    at: i64,
    event: &RiskEventData,
) -> Result<i64, AppError> {
    let data = serde_json::to_string(event).map_err(|_| AppError::Internal)?;
    append(tx, Subject::Risk(risk_id), actor_id, at, event.kind(), data).await
}

/// Appends one event to the history of a record that is neither a ticket nor a risk (a
/// policy document, a review request).
pub async fn append_record_event<E: RecordEvent>(
    tx: &mut Tx,
    id: i64,
    actor_id: Option<i64>,
    at: i64,
    event: &E,
) -> Result<i64, AppError> {
    let data = serde_json::to_string(event).map_err(|_| AppError::Internal)?;
    append(
        tx,
        Subject::Record(E::RECORD, id),
        actor_id,
        at,
        event.kind(),
        data,
    )
    .await
}

/// Takes the chain's head for the rest of the transaction (a row lock on PostgreSQL;
/// SQLite's write transaction already holds the database), so that numbering a new record
/// from a count and appending its first event cannot interleave with another transaction.
pub async fn hold_chain(tx: &mut Tx) -> Result<(), AppError> {
    sqlx::query("UPDATE chain_head SET seq = seq WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Taking `chain_head` first serialises appends (a row lock on PostgreSQL; SQLite
/// transactions here already hold the write lock). Each subject has its own table.
async fn append(
    tx: &mut Tx,
    subject: Subject,
    actor_id: Option<i64>,
    at: i64,
    kind: &str,
    data: String,
) -> Result<i64, AppError> {
    let (seq, prev): (i64, String) =
        sqlx::query_as("UPDATE chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut **tx)
            .await?;
    let e = ChainedEvent {
        seq,
        subject,
        at,
        actor_id,
        kind: kind.to_owned(),
        data,
    };
    let hash = event_hash(&prev, &e);
    let (table, record) = match subject {
        Subject::Ticket(_) => ("ticket_events (seq, ticket_id", None),
        Subject::Risk(_) => ("risk_events (seq, risk_id", None),
        Subject::Record(kind, _) => ("record_events (seq, subject, subject_id", Some(kind)),
    };
    let record_kind = if record.is_some() { "$9, " } else { "" };
    sqlx::query(&format!(
        "INSERT INTO {table}, at, actor_id, kind, data, prev_hash, hash) \
         VALUES ($1, {record_kind}$2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(seq)
    .bind(subject.id())
    .bind(at)
    .bind(actor_id)
    .bind(&e.kind)
    .bind(&e.data)
    .bind(&prev)
    .bind(&hash)
    .bind(record)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE chain_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

/// One event as the timeline shows it.
pub struct TimelineRow {
    pub seq: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub event: Option<EventData>,
}

/// The first break found, with the ticket it belongs to (if the row still exists).
pub struct ChainCheck {
    pub checked: u64,
    pub problem: Option<(crate::domain::chain::Problem, Option<String>)>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    /// "ticket", "risk", or the record's kind.
    subject: String,
    subject_id: i64,
    at: i64,
    actor_id: Option<i64>,
    kind: String,
    data: String,
    prev_hash: String,
    hash: String,
}

const PAGE: i64 = 5_000;

impl Store {
    pub async fn timeline(&self, ticket_id: i64) -> Result<Vec<TimelineRow>, AppError> {
        let rows: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(
            "SELECT e.seq, e.at, u.display_name, e.data FROM ticket_events e \
             LEFT JOIN users u ON u.id = e.actor_id WHERE e.ticket_id = $1 ORDER BY e.seq",
        )
        .bind(ticket_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, at, actor, data)| TimelineRow {
                seq,
                at,
                actor,
                event: serde_json::from_str(&data).ok(),
            })
            .collect())
    }

    /// A record's history (a policy document, a violation…), oldest first: (seq, at, actor's
    /// name, the event's JSON).
    pub async fn record_timeline(
        &self,
        record: &'static str,
        id: i64,
    ) -> Result<Vec<(i64, i64, Option<String>, String)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT e.seq, e.at, u.display_name, e.data FROM record_events e \
             LEFT JOIN users u ON u.id = e.actor_id \
             WHERE e.subject = $1 AND e.subject_id = $2 ORDER BY e.seq",
        )
        .bind(record)
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The chain's head now: its last event's number and hash.
    pub async fn chain_head(&self) -> Result<(i64, String), AppError> {
        Ok(
            sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Recomputes the whole chain in `seq` order, a page at a time.
    pub async fn verify_chain(&self) -> Result<ChainCheck, AppError> {
        // The head first: every event up to it was committed with it (appends serialise on
        // the head), so events appended while the check runs are left for the next one and
        // are never taken for a gap.
        let (head_seq, head_hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
        let mut v = Verifier::default();
        let mut after = i64::MIN;
        loop {
            let rows: Vec<EventRow> = sqlx::query_as(
                "SELECT * FROM (\
                 SELECT seq, 'ticket' AS subject, ticket_id AS subject_id, at, actor_id, kind, data, \
                 prev_hash, hash FROM ticket_events WHERE seq > $1 AND seq <= $2 \
                 UNION ALL \
                 SELECT seq, 'risk' AS subject, risk_id AS subject_id, at, actor_id, kind, data, \
                 prev_hash, hash FROM risk_events WHERE seq > $1 AND seq <= $2 \
                 UNION ALL \
                 SELECT seq, subject, subject_id, at, actor_id, kind, data, \
                 prev_hash, hash FROM record_events WHERE seq > $1 AND seq <= $2) e \
                 ORDER BY seq LIMIT $3",
            )
            .bind(after)
            .bind(head_seq)
            .bind(PAGE)
            .fetch_all(self.pool())
            .await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for r in &rows {
                let e = ChainedEvent {
                    seq: r.seq,
                    subject: match r.subject.as_str() {
                        "ticket" => Subject::Ticket(r.subject_id),
                        "risk" => Subject::Risk(r.subject_id),
                        // An unknown kind cannot match its hash: reported as edited.
                        kind => Subject::Record(
                            crate::domain::chain::RECORD_KINDS
                                .iter()
                                .find(|k| **k == kind)
                                .copied()
                                .unwrap_or("?"),
                            r.subject_id,
                        ),
                    },
                    at: r.at,
                    actor_id: r.actor_id,
                    kind: r.kind.clone(),
                    data: r.data.clone(),
                };
                v.check(&e, &r.prev_hash, &r.hash);
            }
            if v.problem.is_some() || (rows.len() as i64) < PAGE {
                break;
            }
        }
        let checked = v.checked;
        let problem = match v.finish(head_seq, &head_hash) {
            None => None,
            Some(p) => {
                let number: Option<String> = sqlx::query_scalar(
                    "SELECT t.number FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
                     WHERE e.seq = $1 UNION ALL \
                     SELECT r.code FROM risk_events e JOIN risks r ON r.id = e.risk_id \
                     WHERE e.seq = $1 UNION ALL \
                     SELECT d.code FROM record_events e JOIN policy_documents d \
                     ON e.subject = 'policy' AND d.id = e.subject_id WHERE e.seq = $1 UNION ALL \
                     SELECT q.code FROM record_events e JOIN review_requests q \
                     ON e.subject = 'review' AND q.id = e.subject_id WHERE e.seq = $1 UNION ALL \
                     SELECT c.code FROM record_events e JOIN courses c \
                     ON e.subject = 'course' AND c.id = e.subject_id WHERE e.seq = $1 UNION ALL \
                     SELECT v.code FROM record_events e JOIN violations v \
                     ON e.subject = 'violation' AND v.id = e.subject_id WHERE e.seq = $1 \
                     UNION ALL SELECT v.code FROM record_events e JOIN evaluations v \
                     ON e.subject = 'evaluation' AND v.id = e.subject_id WHERE e.seq = $1",
                )
                .bind(p.seq)
                .fetch_optional(self.pool())
                .await?;
                Some((p, number))
            }
        };
        Ok(ChainCheck { checked, problem })
    }
}
