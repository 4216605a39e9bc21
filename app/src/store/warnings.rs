//! Automatic warnings: what the job reads of the ticket history (new events since its last
//! place, a person's looks on a day, a caller's tickets, overdue tickets, the day's intake by
//! category), and the warnings it raises — each with its event in the risk's history, once
//! per (rule, subject, window) by the table's unique key.
use super::history::append_risk_event;
use super::notifications::insert_risk_notifications;
use super::Store;
use crate::domain::events::{EventData, RiskEventData};
use crate::domain::notice::Notice;
use crate::domain::warning::{
    Finding, Step, Subject, Thresholds, Trail, WarningRule, WarningState,
};
use crate::error::AppError;
use crate::risk::{EvidenceTicket, Warning};

#[derive(sqlx::FromRow)]
struct WarningRow {
    id: i64,
    risk_id: i64,
    risk_code: String,
    risk_title: String,
    department_id: i64,
    owner_id: i64,
    rule: String,
    found: String,
    evidence: String,
    user_name: Option<String>,
    category_name: Option<String>,
    major: i64,
    state: String,
    raised_at: i64,
    decided_by: Option<String>,
    decided_at: Option<i64>,
    decision_note: String,
    event_id: Option<i64>,
}

impl WarningRow {
    fn into_warning(self) -> Option<Warning> {
        Some(Warning {
            id: self.id,
            risk_id: self.risk_id,
            risk_code: self.risk_code,
            risk_title: self.risk_title,
            department_id: self.department_id,
            owner_id: self.owner_id,
            rule: WarningRule::parse(&self.rule)?,
            found: serde_json::from_str(&self.found).ok()?,
            tickets: serde_json::from_str(&self.evidence).unwrap_or_default(),
            user_name: self.user_name,
            category_name: self.category_name,
            major: self.major != 0,
            state: WarningState::parse(&self.state)?,
            raised_at: self.raised_at,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            decision_note: self.decision_note,
            event_id: self.event_id,
        })
    }
}

const WARNING_SELECT: &str = "SELECT w.id, w.risk_id, r.code AS risk_code, \
     r.title AS risk_title, r.department_id, r.owner_id, w.rule, w.found, w.evidence, \
     u.display_name AS user_name, c.name AS category_name, w.major, w.state, w.raised_at, \
     d.display_name AS decided_by, w.decided_at, w.decision_note, x.id AS event_id \
     FROM risk_warnings w JOIN risks r ON r.id = w.risk_id \
     LEFT JOIN users u ON u.id = w.user_id LEFT JOIN categories c ON c.id = w.category_id \
     LEFT JOIN users d ON d.id = w.decided_by LEFT JOIN risk_event_records x ON x.warning_id = w.id";

#[derive(sqlx::FromRow)]
struct TrailRow {
    ticket_id: i64,
    registered_by: i64,
    seq: i64,
    at: i64,
    actor_id: Option<i64>,
    data: String,
}

/// Where the job stands: the last ticket event read, the day the chain was last verified,
/// when the periodic sweep (overdue tickets, surges) last ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobMark {
    pub last_seq: i64,
    pub chain_checked_on: String,
    pub sweep_at: i64,
}

impl Store {
    pub async fn warning_thresholds(&self) -> Result<Thresholds, AppError> {
        let json: String =
            sqlx::query_scalar("SELECT warning_thresholds FROM risk_settings WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
        Ok(serde_json::from_str(&json).unwrap_or_default())
    }

    pub async fn save_warning_thresholds(&self, th: &Thresholds) -> Result<(), AppError> {
        let json = serde_json::to_string(th).map_err(|_| AppError::Internal)?;
        sqlx::query("UPDATE risk_settings SET warning_thresholds = $1 WHERE id = 1")
            .bind(json)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn warning_job_mark(&self) -> Result<JobMark, AppError> {
        let (last_seq, chain_checked_on, sweep_at): (i64, String, i64) = sqlx::query_as(
            "SELECT last_seq, chain_checked_on, sweep_at FROM warning_job WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(JobMark {
            last_seq,
            chain_checked_on,
            sweep_at,
        })
    }

    pub async fn set_warning_job_mark(&self, m: &JobMark) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE warning_job SET last_seq = $1, chain_checked_on = $2, sweep_at = $3 \
             WHERE id = 1",
        )
        .bind(m.last_seq)
        .bind(&m.chain_checked_on)
        .bind(m.sweep_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The sequence number of the `limit`-th ticket event after `after` (or of the last one
    /// when fewer follow): the end of the job's next batch. `None` when nothing is new.
    pub async fn ticket_events_batch_end(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Option<i64>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT MAX(seq) FROM (SELECT seq FROM ticket_events WHERE seq > $1 \
             ORDER BY seq LIMIT $2) b",
        )
        .bind(after)
        .bind(limit)
        .fetch_one(self.pool())
        .await?)
    }

    /// The whole history of every ticket with an event in `(after, upto]`, with who
    /// registered each.
    pub async fn touched_trails(&self, after: i64, upto: i64) -> Result<Vec<Trail>, AppError> {
        let rows: Vec<TrailRow> = sqlx::query_as(
            "SELECT e.ticket_id, t.registered_by, e.seq, e.at, e.actor_id, e.data \
             FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
             WHERE e.ticket_id IN (SELECT ticket_id FROM ticket_events WHERE seq > $1 AND seq <= $2) \
             ORDER BY e.ticket_id, e.seq",
        )
        .bind(after)
        .bind(upto)
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<Trail> = Vec::new();
        for r in rows {
            // An event this build cannot read (from a newer one) is skipped, not fatal.
            let Ok(data) = serde_json::from_str::<EventData>(&r.data) else {
                continue;
            };
            if out.last().is_none_or(|t| t.ticket_id != r.ticket_id) {
                out.push(Trail {
                    ticket_id: r.ticket_id,
                    registered_by: r.registered_by,
                    steps: Vec::new(),
                });
            }
            if let Some(t) = out.last_mut() {
                t.steps.push(Step {
                    seq: r.seq,
                    at: r.at,
                    actor: r.actor_id,
                    data,
                });
            }
        }
        Ok(out)
    }

    /// The tickets whose personal data `user` looked at in `[from, to)`, one per look.
    pub async fn looks_by(&self, user: i64, from: i64, to: i64) -> Result<Vec<i64>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT ticket_id FROM ticket_events \
             WHERE actor_id = $1 AND kind = 'pii_viewed' AND at >= $2 AND at < $3 ORDER BY seq",
        )
        .bind(user)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?)
    }

    /// The tickets of the caller of `ticket` registered in the `days` up to it (it included),
    /// oldest first. None for a ticket without a phone number.
    pub async fn callers_recent_tickets(
        &self,
        ticket: i64,
        days: i64,
    ) -> Result<Vec<i64>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT o.id FROM tickets t JOIN tickets o ON o.caller_phone = t.caller_phone \
             WHERE t.id = $1 AND t.caller_phone <> '' \
             AND o.registered_at > t.registered_at - $2 AND o.registered_at <= t.registered_at \
             ORDER BY o.registered_at, o.id",
        )
        .bind(ticket)
        .bind(days * crate::domain::warning::DAY)
        .fetch_all(self.pool())
        .await?)
    }

    /// Open tickets whose resolve deadline passed before `before` and that no stalling
    /// warning names for that deadline yet, oldest deadline first, with their department.
    pub async fn long_overdue(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<(i64, i64, Option<i64>)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT t.id, t.resolve_due_at, t.department_id FROM tickets t \
             WHERE t.state IN ('assigned', 'in_progress') AND t.resolve_due_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM risk_warnings w WHERE w.ticket_id = t.id \
             AND w.rule = 'stalling' AND w.window_key = 'overdue:' || t.resolve_due_at) \
             ORDER BY t.resolve_due_at LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// The numbers of the given tickets, in the order given.
    pub async fn ticket_numbers(&self, ids: &[i64]) -> Result<Vec<EvidenceTicket>, AppError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, number FROM tickets WHERE id IN {}",
            super::placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in ids {
            q = q.bind(id);
        }
        let found: std::collections::HashMap<i64, String> =
            q.fetch_all(self.pool()).await?.into_iter().collect();
        Ok(ids
            .iter()
            .filter_map(|id| {
                found.get(id).map(|number| EvidenceTicket {
                    id: *id,
                    number: number.clone(),
                })
            })
            .collect())
    }

    /// Whether `f`'s (rule, subject, window) was raised before: a read, so that the findings a
    /// pass meets again cost no write transaction.
    pub async fn raised_before(&self, f: &Finding) -> Result<bool, AppError> {
        let (rule, subject, window) = f.key();
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM risk_warnings WHERE rule = $1 AND subject = $2 AND window_key = $3",
        )
        .bind(rule)
        .bind(subject)
        .bind(window)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Raises `f` on risk `risk_id` unless its (rule, subject, window) was raised before:
    /// the warning, its event and the notifications to `notify` in one transaction.
    /// `Some(id)` when it is new.
    pub async fn raise_warning(
        &self,
        f: &Finding,
        risk_id: i64,
        evidence: &[EvidenceTicket],
        notify: &[i64],
        now: i64,
    ) -> Result<Option<i64>, AppError> {
        let (rule, subject, window) = f.key();
        let (ticket_id, user_id, category_id) = match f.subject {
            Subject::Ticket(id) => (Some(id), None, None),
            Subject::User(id) => (None, Some(id), None),
            Subject::Category(id) => (None, None, Some(id)),
            Subject::Chain => (None, None, None),
        };
        let found = serde_json::to_string(&f.trigger).map_err(|_| AppError::Internal)?;
        let evidence_json = serde_json::to_string(evidence).map_err(|_| AppError::Internal)?;
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO risk_warnings (risk_id, rule, subject, window_key, ticket_id, user_id, \
             category_id, found, evidence, major, state, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'raised', $11) \
             ON CONFLICT (rule, subject, window_key) DO NOTHING RETURNING id",
        )
        .bind(risk_id)
        .bind(&rule)
        .bind(&subject)
        .bind(&window)
        .bind(ticket_id)
        .bind(user_id)
        .bind(category_id)
        .bind(found)
        .bind(evidence_json)
        .bind(i64::from(f.major))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        let event = RiskEventData::WarningRaised {
            warning_id: id,
            rule: f.rule,
            found: f.trigger.clone(),
            tickets: evidence.iter().map(|t| t.number.clone()).collect(),
            major: f.major,
        };
        append_risk_event(&mut tx, risk_id, None, now, &event).await?;
        let notice = Notice::WarningRaised {
            warning_id: id,
            rule: f.rule,
        };
        insert_risk_notifications(&mut tx, notify, risk_id, &notice, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn warning(&self, id: i64) -> Result<Option<Warning>, AppError> {
        let row: Option<WarningRow> = sqlx::query_as(&format!("{WARNING_SELECT} WHERE w.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.and_then(WarningRow::into_warning))
    }

    /// Warnings newest first: all, only those awaiting a decision, or one risk's.
    pub async fn warnings(
        &self,
        risk_id: Option<i64>,
        only_raised: bool,
        limit: i64,
    ) -> Result<Vec<Warning>, AppError> {
        let mut filters = Vec::new();
        if risk_id.is_some() {
            filters.push(format!("w.risk_id = ${}", filters.len() + 1));
        }
        if only_raised {
            filters.push("w.state = 'raised'".to_owned());
        }
        let sql = format!(
            "{WARNING_SELECT} {} {} ORDER BY w.raised_at DESC, w.id DESC LIMIT ${}",
            if filters.is_empty() { "" } else { "WHERE" },
            filters.join(" AND "),
            usize::from(risk_id.is_some()) + 1
        );
        let mut q = sqlx::query_as::<_, WarningRow>(&sql);
        if let Some(id) = risk_id {
            q = q.bind(id);
        }
        let rows = q.bind(limit).fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .filter_map(WarningRow::into_warning)
            .collect())
    }

    /// Records compliance's decision on a warning still raised; someone decided it first: 409.
    pub async fn decide_warning(
        &self,
        id: i64,
        to: WarningState,
        note: &str,
        actor_id: i64,
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, String)> = sqlx::query_as(
            "UPDATE risk_warnings SET state = $1, decided_by = $2, decided_at = $3, \
             decision_note = $4 WHERE id = $5 AND state = 'raised' RETURNING risk_id, rule",
        )
        .bind(to.code())
        .bind(actor_id)
        .bind(now)
        .bind(note)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let (risk_id, rule) = row.ok_or(AppError::Conflict)?;
        let event = RiskEventData::WarningDecided {
            warning_id: id,
            rule: WarningRule::parse(&rule).ok_or(AppError::Internal)?,
            to,
            note: note.to_owned(),
        };
        append_risk_event(&mut tx, risk_id, Some(actor_id), now, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
