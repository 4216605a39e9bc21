//! Violations and the penalty scheme. Each step (proposed, notified, appealed, decided)
//! moves the row only from the state it expects (someone else moved it first: 409) and
//! commits with its event in the violation's history (the one chain) and its notifications.
use super::history::{append_record_event, hold_chain};
use super::notifications::insert_record_notifications;
use super::{Store, Tx};
use crate::domain::chain::VIOLATION;
use crate::domain::events::ViolationEventData;
use crate::domain::notice::Notice;
use crate::domain::violation::{
    code, Conduct, Discipline, Outcome, Penalty, Scheme, Severity, ViolationState,
};
use crate::error::AppError;
use crate::risk::EvidenceTicket;
use crate::violations::Violation;

/// A violation as proposed.
pub struct NewViolation<'a> {
    pub person_id: i64,
    pub conduct: Conduct,
    pub conduct_text: &'a str,
    pub facts: &'a str,
    pub tickets: &'a [EvidenceTicket],
    pub warning_id: Option<i64>,
    pub severity: Severity,
    pub penalty: Penalty,
}

/// Which violations a reader sees: their own, and those of `departments`' people, or all.
pub enum Seen<'a> {
    All,
    OwnAnd { person: i64, departments: &'a [i64] },
}

#[derive(sqlx::FromRow)]
struct ViolationRow {
    id: i64,
    code: String,
    person_id: i64,
    person: String,
    department_id: i64,
    department: String,
    conduct: String,
    conduct_text: String,
    facts: String,
    tickets: String,
    warning_id: Option<i64>,
    severity: String,
    points: i64,
    discipline: String,
    fine_fen: i64,
    state: String,
    proposed_by: i64,
    proposer: String,
    proposed_at: i64,
    notified_at: Option<i64>,
    appeal_until: Option<i64>,
    appeal_text: Option<String>,
    appealed_at: Option<i64>,
    outcome: Option<String>,
    decided_points: Option<i64>,
    decided_discipline: Option<String>,
    decided_fine_fen: Option<i64>,
    decider: Option<String>,
    decided_at: Option<i64>,
    decision_reason: Option<String>,
}

fn penalty(points: i64, discipline: &str, fine_fen: i64) -> Result<Penalty, AppError> {
    Ok(Penalty {
        points: u32::try_from(points).map_err(|_| AppError::Internal)?,
        discipline: Discipline::parse(discipline).ok_or(AppError::Internal)?,
        fine_fen,
    })
}

impl ViolationRow {
    fn into_violation(self, now: i64) -> Result<Violation, AppError> {
        let stored = ViolationState::parse(&self.state).ok_or(AppError::Internal)?;
        let decided = match (
            self.decided_points,
            &self.decided_discipline,
            self.decided_fine_fen,
        ) {
            (Some(p), Some(d), Some(f)) => Some(penalty(p, d, f)?),
            _ => None,
        };
        Ok(Violation {
            id: self.id,
            code: self.code,
            person_id: self.person_id,
            person: self.person,
            department_id: self.department_id,
            department: self.department,
            conduct: Conduct::parse(&self.conduct).ok_or(AppError::Internal)?,
            conduct_text: self.conduct_text,
            facts: self.facts,
            tickets: serde_json::from_str(&self.tickets).unwrap_or_default(),
            warning_id: self.warning_id,
            severity: Severity::parse(&self.severity).ok_or(AppError::Internal)?,
            penalty: penalty(self.points, &self.discipline, self.fine_fen)?,
            state: crate::domain::violation::state_at(stored, self.appeal_until, now),
            proposed_by: self.proposed_by,
            proposer: self.proposer,
            proposed_at: self.proposed_at,
            notified_at: self.notified_at,
            appeal_until: self.appeal_until,
            appeal_text: self.appeal_text,
            appealed_at: self.appealed_at,
            outcome: self.outcome.as_deref().and_then(Outcome::parse),
            decided,
            decider: self.decider,
            decided_at: self.decided_at,
            decision_reason: self.decision_reason,
        })
    }
}

const VIOLATION_SELECT: &str = "SELECT v.id, v.code, v.person_id, p.display_name AS person, \
     v.department_id, d.name AS department, v.conduct, v.conduct_text, v.facts, v.tickets, \
     v.warning_id, v.severity, v.points, v.discipline, v.fine_fen, v.state, v.proposed_by, \
     b.display_name AS proposer, v.proposed_at, v.notified_at, v.appeal_until, v.appeal_text, \
     v.appealed_at, v.outcome, v.decided_points, v.decided_discipline, v.decided_fine_fen, \
     x.display_name AS decider, v.decided_at, v.decision_reason \
     FROM violations v JOIN users p ON p.id = v.person_id \
     JOIN departments d ON d.id = v.department_id JOIN users b ON b.id = v.proposed_by \
     LEFT JOIN users x ON x.id = v.decided_by";

impl Store {
    pub async fn violation_scheme(&self) -> Result<Scheme, AppError> {
        let (minor, general, serious, days): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT minor_points, general_points, serious_points, appeal_days \
             FROM violation_scheme WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        let n = |v: i64| u32::try_from(v).map_err(|_| AppError::Internal);
        Ok(Scheme {
            minor_points: n(minor)?,
            general_points: n(general)?,
            serious_points: n(serious)?,
            appeal_days: n(days)?,
        })
    }

    pub async fn save_violation_scheme(&self, s: &Scheme) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE violation_scheme SET minor_points = $1, general_points = $2, \
             serious_points = $3, appeal_days = $4 WHERE id = 1",
        )
        .bind(i64::from(s.minor_points))
        .bind(i64::from(s.general_points))
        .bind(i64::from(s.serious_points))
        .bind(i64::from(s.appeal_days))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records a proposal (numbered from the count under the chain's head) with its event.
    pub async fn propose_violation(
        &self,
        v: &NewViolation<'_>,
        by: i64,
        at: i64,
    ) -> Result<i64, AppError> {
        let tickets = serde_json::to_string(v.tickets).map_err(|_| AppError::Internal)?;
        let mut tx = self.begin_write().await?;
        hold_chain(&mut tx).await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM violations")
            .fetch_one(&mut *tx)
            .await?;
        let department: Option<i64> =
            sqlx::query_scalar("SELECT department_id FROM users WHERE id = $1")
                .bind(v.person_id)
                .fetch_optional(&mut *tx)
                .await?;
        let department = department.ok_or(AppError::NotFound)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO violations (code, person_id, department_id, conduct, conduct_text, \
             facts, tickets, warning_id, severity, points, discipline, fine_fen, state, \
             proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, 'proposed', $13, $14) RETURNING id",
        )
        .bind(code(n + 1))
        .bind(v.person_id)
        .bind(department)
        .bind(v.conduct.code())
        .bind(v.conduct_text)
        .bind(v.facts)
        .bind(&tickets)
        .bind(v.warning_id)
        .bind(v.severity.code())
        .bind(i64::from(v.penalty.points))
        .bind(v.penalty.discipline.code())
        .bind(v.penalty.fine_fen)
        .bind(by)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let event = ViolationEventData::Proposed {
            person_id: v.person_id,
            conduct: v.conduct,
            severity: v.severity,
            penalty: v.penalty,
            tickets: v.tickets.iter().map(|t| t.number.clone()).collect(),
            warning_id: v.warning_id,
        };
        append_record_event(&mut tx, id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One violation, its state as of `now`.
    pub async fn violation(&self, id: i64, now: i64) -> Result<Option<Violation>, AppError> {
        let row: Option<ViolationRow> =
            sqlx::query_as(&format!("{VIOLATION_SELECT} WHERE v.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|r| r.into_violation(now)).transpose()
    }

    /// The violations a reader sees, newest first.
    pub async fn violations(
        &self,
        seen: Seen<'_>,
        now: i64,
        limit: i64,
    ) -> Result<Vec<Violation>, AppError> {
        let rows: Vec<ViolationRow> = match seen {
            Seen::All => {
                sqlx::query_as(&format!("{VIOLATION_SELECT} ORDER BY v.id DESC LIMIT $1"))
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
            Seen::OwnAnd {
                person,
                departments,
            } => {
                let ids: Vec<String> = (0..departments.len())
                    .map(|i| format!("${}", i + 3))
                    .collect();
                let or_departments = if ids.is_empty() {
                    String::new()
                } else {
                    format!(" OR v.department_id IN ({})", ids.join(", "))
                };
                let sql = format!(
                    "{VIOLATION_SELECT} WHERE v.person_id = $1{or_departments} \
                     ORDER BY v.id DESC LIMIT $2"
                );
                let mut q = sqlx::query_as(&sql).bind(person).bind(limit);
                for d in departments {
                    q = q.bind(d);
                }
                q.fetch_all(self.pool()).await?
            }
        };
        rows.into_iter().map(|r| r.into_violation(now)).collect()
    }

    /// Per person, the points that count (as of `now`) of violations proposed in
    /// `[from, to)`.
    pub async fn counted_points(
        &self,
        from: i64,
        to: i64,
        now: i64,
    ) -> Result<std::collections::BTreeMap<i64, u32>, AppError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT person_id, CAST(SUM(CASE WHEN state = 'decided' THEN decided_points \
             WHEN state = 'notified' AND appeal_until <= $3 THEN points ELSE 0 END) AS BIGINT) \
             FROM violations WHERE proposed_at >= $1 AND proposed_at < $2 GROUP BY person_id",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(p, n)| (p, u32::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// Sends a proposal to the person: the window opens now, until `appeal_until`.
    pub async fn notify_violation(
        &self,
        id: i64,
        appeal_until: i64,
        by: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "UPDATE violations SET state = 'notified', notified_at = $1, appeal_until = $2 \
             WHERE id = $3 AND state = 'proposed' RETURNING person_id, code, severity, points",
        )
        .bind(at)
        .bind(appeal_until)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let (person, code, severity, points) = row.ok_or(AppError::Conflict)?;
        append_record_event(
            &mut tx,
            id,
            Some(by),
            at,
            &ViolationEventData::Notified { appeal_until },
        )
        .await?;
        let notice = Notice::ViolationNotified {
            violation_id: id,
            code,
            severity: Severity::parse(&severity).ok_or(AppError::Internal)?,
            points: u32::try_from(points).map_err(|_| AppError::Internal)?,
            appeal_until,
        };
        notify(&mut tx, &[person], id, &notice, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person's appeal, while the window is open (409 otherwise); the leading group
    /// (`deciders`) hears of it.
    pub async fn appeal_violation(
        &self,
        id: i64,
        text: &str,
        person: i64,
        deciders: &[i64],
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let row: Option<String> = sqlx::query_scalar(
            "UPDATE violations SET state = 'appealed', appeal_text = $1, appealed_at = $2 \
             WHERE id = $3 AND person_id = $4 AND state = 'notified' AND appeal_until > $2 \
             RETURNING code",
        )
        .bind(text)
        .bind(at)
        .bind(id)
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
        let code = row.ok_or(AppError::Conflict)?;
        let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
            .bind(person)
            .fetch_one(&mut *tx)
            .await?;
        let event = ViolationEventData::Appealed {
            text: text.to_owned(),
        };
        append_record_event(&mut tx, id, Some(person), at, &event).await?;
        let notice = Notice::ViolationAppealed {
            violation_id: id,
            code,
            person: name,
        };
        notify(&mut tx, deciders, id, &notice, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The decision: on an appeal (`from` appealed), or a proposal withdrawn before it was
    /// notified (`from` proposed). The person (once notified) and the proposer hear of it.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_violation(
        &self,
        id: i64,
        from: ViolationState,
        outcome: Outcome,
        left: &Penalty,
        reason: &str,
        by: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, i64, String)> = sqlx::query_as(
            "UPDATE violations SET state = 'decided', outcome = $1, decided_points = $2, \
             decided_discipline = $3, decided_fine_fen = $4, decided_by = $5, decided_at = $6, \
             decision_reason = $7 WHERE id = $8 AND state = $9 \
             RETURNING person_id, proposed_by, code",
        )
        .bind(outcome.code())
        .bind(i64::from(left.points))
        .bind(left.discipline.code())
        .bind(left.fine_fen)
        .bind(by)
        .bind(at)
        .bind(reason)
        .bind(id)
        .bind(from.code())
        .fetch_optional(&mut *tx)
        .await?;
        let (person, proposer, code) = row.ok_or(AppError::Conflict)?;
        let event = ViolationEventData::Decided {
            outcome,
            penalty: *left,
            reason: reason.to_owned(),
        };
        append_record_event(&mut tx, id, Some(by), at, &event).await?;
        let mut told = vec![proposer];
        if from == ViolationState::Appealed {
            told.push(person);
        }
        told.retain(|u| *u != by);
        let notice = Notice::ViolationDecided {
            violation_id: id,
            code,
            outcome,
        };
        notify(&mut tx, &told, id, &notice, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A violation's history, oldest first.
    pub async fn violation_steps(
        &self,
        id: i64,
    ) -> Result<Vec<crate::violations::ViolationStep>, AppError> {
        Ok(self
            .record_timeline(VIOLATION, id)
            .await?
            .into_iter()
            .map(|(seq, at, actor, data)| crate::violations::ViolationStep {
                seq,
                at,
                actor,
                event: serde_json::from_str(&data).ok(),
            })
            .collect())
    }

    /// The events of every violation up to `to`, in order, each with the violation's
    /// department (the daily report's accountability section).
    pub async fn violation_facts(
        &self,
        to: i64,
    ) -> Result<Vec<(i64, crate::domain::violation::ViolationFact)>, AppError> {
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "SELECT v.department_id, e.subject_id, e.at, e.data FROM record_events e \
             JOIN violations v ON v.id = e.subject_id \
             WHERE e.subject = 'violation' AND e.at < $1 ORDER BY e.seq",
        )
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(department, violation, at, data)| {
                let event = serde_json::from_str(&data).map_err(|_| AppError::Internal)?;
                Ok((
                    department,
                    crate::domain::violation::ViolationFact {
                        violation,
                        at,
                        event,
                    },
                ))
            })
            .collect()
    }

    /// A confirmed warning's person (when it is about one) and its evidence, for a proposal
    /// made from it; None when there is no such warning or it is not confirmed.
    pub async fn confirmed_warning(
        &self,
        id: i64,
    ) -> Result<Option<(Option<i64>, String, Vec<EvidenceTicket>)>, AppError> {
        let row: Option<(Option<i64>, String, String)> = sqlx::query_as(
            "SELECT user_id, rule, evidence FROM risk_warnings \
             WHERE id = $1 AND state = 'confirmed'",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(user, rule, evidence)| {
            (
                user,
                rule,
                serde_json::from_str(&evidence).unwrap_or_default(),
            )
        }))
    }

    /// The tickets of the given numbers, in the order given; `Err(number)` names the first
    /// one that does not exist.
    pub async fn tickets_by_number(
        &self,
        numbers: &[String],
    ) -> Result<Result<Vec<EvidenceTicket>, String>, AppError> {
        if numbers.is_empty() {
            return Ok(Ok(Vec::new()));
        }
        let sql = format!(
            "SELECT number, id FROM tickets WHERE number IN {}",
            super::placeholders(1, numbers.len())
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(&sql);
        for n in numbers {
            q = q.bind(n);
        }
        let ids: std::collections::HashMap<String, i64> =
            q.fetch_all(self.pool()).await?.into_iter().collect();
        Ok(numbers
            .iter()
            .map(|number| match ids.get(number) {
                Some(id) => Ok(EvidenceTicket {
                    id: *id,
                    number: number.clone(),
                }),
                None => Err(number.clone()),
            })
            .collect())
    }
}

async fn notify(
    tx: &mut Tx,
    users: &[i64],
    id: i64,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    insert_record_notifications(tx, users, VIOLATION, id, notice, at).await
}
