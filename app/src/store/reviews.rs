//! Compliance review requests and the points that need them. A request is filed in the
//! transaction of the action it stands for (that action then changes nothing else); a
//! review is recorded in the transaction that applies the approved change, so the two
//! commit together or not at all. Both are events in the one chain.
use super::history::append_record_event;
use super::notifications::insert_record_notifications;
use super::{Store, Tx};
use crate::domain::chain::REVIEW;
use crate::domain::events::ReviewEventData;
use crate::domain::notice::Notice;
use crate::domain::review::{
    code as review_code, Conclusion, Dimension, Finding, Point, PointSetting, Proposal,
    ReviewRecord, ReviewState,
};
use crate::error::AppError;
use crate::reviews::ReviewRequest;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    code: String,
    proposal: String,
    reason: String,
    requested_by: i64,
    requester: String,
    requested_at: i64,
    state: String,
    reviewer: Option<String>,
    reviewed_at: Option<i64>,
    compliance: Option<String>,
    compliance_note: Option<String>,
    risk: Option<String>,
    risk_note: Option<String>,
    operation: Option<String>,
    operation_note: Option<String>,
    conclusion_note: Option<String>,
    used_at: Option<i64>,
}

const SELECT: &str = "SELECT q.id, q.code, q.proposal, q.reason, q.requested_by, \
     u.display_name AS requester, q.requested_at, q.state, r.display_name AS reviewer, \
     q.reviewed_at, q.compliance, q.compliance_note, q.risk, q.risk_note, q.operation, \
     q.operation_note, q.conclusion_note, q.used_at FROM review_requests q \
     JOIN users u ON u.id = q.requested_by LEFT JOIN users r ON r.id = q.reviewed_by";

impl Row {
    fn into_request(self) -> Result<ReviewRequest, AppError> {
        let proposal: Proposal =
            serde_json::from_str(&self.proposal).map_err(|_| AppError::Internal)?;
        let state = ReviewState::parse(&self.state).ok_or(AppError::Internal)?;
        let dim = |f: Option<String>, n: Option<String>| {
            Some(Dimension {
                finding: Finding::parse(f.as_deref()?)?,
                note: n.unwrap_or_default(),
            })
        };
        let record = match state {
            ReviewState::Pending => None,
            s => Some(ReviewRecord {
                compliance: dim(self.compliance, self.compliance_note).ok_or(AppError::Internal)?,
                risk: dim(self.risk, self.risk_note).ok_or(AppError::Internal)?,
                operation: dim(self.operation, self.operation_note).ok_or(AppError::Internal)?,
                conclusion: match s {
                    ReviewState::Approved => Conclusion::Approve,
                    ReviewState::ApprovedWithConditions => Conclusion::ApproveWithConditions,
                    _ => Conclusion::Reject,
                },
                note: self.conclusion_note.unwrap_or_default(),
            }),
        };
        Ok(ReviewRequest {
            id: self.id,
            code: self.code,
            point: proposal.point(),
            title: proposal.title(),
            proposal,
            reason: self.reason,
            requested_by: self.requested_by,
            requester: self.requester,
            requested_at: self.requested_at,
            state,
            reviewer: self.reviewer,
            reviewed_at: self.reviewed_at,
            record,
            used_at: self.used_at,
        })
    }
}

/// Which requests a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shelf {
    /// Waiting for a review, oldest first.
    Queue,
    /// Decided, newest first.
    Archive,
}

/// The points as configured (in the transaction of the action they guard).
pub async fn points_in(tx: &mut Tx) -> Result<Vec<PointSetting>, AppError> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT code, enabled, limit_days FROM review_points")
            .fetch_all(&mut **tx)
            .await?;
    Ok(settings(rows))
}

fn settings(rows: Vec<(String, i64, i64)>) -> Vec<PointSetting> {
    Point::ALL
        .into_iter()
        .filter_map(|point| {
            let (_, enabled, limit_days) = rows.iter().find(|r| r.0 == point.code())?;
            Some(PointSetting {
                point,
                enabled: *enabled != 0,
                limit_days: *limit_days,
            })
        })
        .collect()
}

/// Files a review request for `proposal` by `by`: 409 when the same thing already waits
/// for a review. Compliance (but not the requester) is told. Returns the id and the code.
pub async fn file_review(
    tx: &mut Tx,
    proposal: &Proposal,
    reason: &str,
    by: i64,
    at: i64,
) -> Result<(i64, String), AppError> {
    let (subject, subject_id) = proposal.subject();
    if subject_id != 0 {
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM review_requests WHERE subject = $1 AND subject_id = $2 \
             AND state = 'pending'",
        )
        .bind(subject)
        .bind(subject_id)
        .fetch_optional(&mut **tx)
        .await?;
        if open.is_some() {
            return Err(AppError::Conflict);
        }
    }
    // Numbered from the count (requests are never deleted) under the chain's head.
    super::history::hold_chain(tx).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM review_requests")
        .fetch_one(&mut **tx)
        .await?;
    let code = review_code(count + 1);
    let data = serde_json::to_string(proposal).map_err(|_| AppError::Internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO review_requests (code, point, subject, subject_id, title, proposal, reason, \
         requested_by, requested_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING id",
    )
    .bind(&code)
    .bind(proposal.point().code())
    .bind(subject)
    .bind(subject_id)
    .bind(proposal.title())
    .bind(&data)
    .bind(reason)
    .bind(by)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    let event = ReviewEventData::Requested {
        proposal: proposal.clone(),
        reason: reason.to_owned(),
    };
    append_record_event(tx, id, Some(by), at, &event).await?;
    let reviewers: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = 'compliance' AND u.active = 1 AND u.id <> $1 ORDER BY u.id",
    )
    .bind(by)
    .fetch_all(&mut **tx)
    .await?;
    let notice = Notice::ReviewRequested {
        review_id: id,
        point: proposal.point(),
        title: proposal.title(),
    };
    insert_record_notifications(tx, &reviewers, REVIEW, id, &notice, at).await?;
    Ok((id, code))
}

/// The request, locked for its review (404 when there is none); the caller checks that it
/// is still pending.
pub async fn lock_review(tx: &mut Tx, id: i64) -> Result<ReviewRequest, AppError> {
    sqlx::query("UPDATE review_requests SET state = state WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(AppError::NotFound)?.into_request()
}

/// Records `reviewer`'s review of request `id` (locked and pending) and tells the requester.
/// `applied`: the approved change was carried out in this transaction.
pub async fn record_review(
    tx: &mut Tx,
    request: &ReviewRequest,
    reviewer: i64,
    record: &ReviewRecord,
    applied: bool,
    at: i64,
) -> Result<(), AppError> {
    let f = |d: &Dimension| (d.finding.code(), d.note.trim().to_owned());
    let (c, cn) = f(&record.compliance);
    let (r, rn) = f(&record.risk);
    let (o, on) = f(&record.operation);
    sqlx::query(
        "UPDATE review_requests SET state = $1, reviewed_by = $2, reviewed_at = $3, \
         compliance = $4, compliance_note = $5, risk = $6, risk_note = $7, operation = $8, \
         operation_note = $9, conclusion_note = $10 WHERE id = $11",
    )
    .bind(ReviewState::of(record.conclusion).code())
    .bind(reviewer)
    .bind(at)
    .bind(c)
    .bind(cn)
    .bind(r)
    .bind(rn)
    .bind(o)
    .bind(on)
    .bind(record.note.trim())
    .bind(request.id)
    .execute(&mut **tx)
    .await?;
    let event = ReviewEventData::Decided {
        record: record.clone(),
        applied,
    };
    append_record_event(tx, request.id, Some(reviewer), at, &event).await?;
    let notice = Notice::ReviewDecided {
        review_id: request.id,
        point: request.point,
        title: request.title.clone(),
        conclusion: record.conclusion,
    };
    insert_record_notifications(tx, &[request.requested_by], REVIEW, request.id, &notice, at).await
}

/// Takes the requester's approved export (once): its proposal, or 404 (not theirs, not an
/// export) / 409 (not approved, or already downloaded).
pub async fn use_export_grant(
    tx: &mut Tx,
    id: i64,
    user: i64,
    at: i64,
) -> Result<Proposal, AppError> {
    let r = lock_review(tx, id).await?;
    if r.requested_by != user || r.point != Point::UnmaskedExport {
        return Err(AppError::NotFound);
    }
    if !r.state.approved() || r.used_at.is_some() {
        return Err(AppError::Conflict);
    }
    sqlx::query("UPDATE review_requests SET used_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(r.proposal)
}

/// Whether `text` is in the request's code, title or reason (a plain substring).
fn like(text: &str) -> String {
    let escaped: String = text
        .trim()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

impl Store {
    pub async fn review_points(&self) -> Result<Vec<PointSetting>, AppError> {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT code, enabled, limit_days FROM review_points")
                .fetch_all(self.pool())
                .await?;
        Ok(settings(rows))
    }

    pub async fn save_review_points(&self, points: &[PointSetting]) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        for p in points {
            sqlx::query("UPDATE review_points SET enabled = $1, limit_days = $2 WHERE code = $3")
                .bind(i64::from(p.enabled))
                .bind(p.limit_days)
                .bind(p.point.code())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn review_request(&self, id: i64) -> Result<Option<ReviewRequest>, AppError> {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE q.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(Row::into_request).transpose()
    }

    /// The open request about a thing (a ticket, a policy version…), if any: (id, code).
    pub async fn open_review(
        &self,
        subject: &str,
        subject_id: i64,
    ) -> Result<Option<(i64, String)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT id, code FROM review_requests WHERE subject = $1 AND subject_id = $2 \
             AND state = 'pending'",
        )
        .bind(subject)
        .bind(subject_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// A shelf of requests (only `requester`'s when given), matching `text` when not empty.
    pub async fn review_requests(
        &self,
        shelf: Shelf,
        requester: Option<i64>,
        text: &str,
        limit: i64,
    ) -> Result<Vec<ReviewRequest>, AppError> {
        let (state, order) = match shelf {
            Shelf::Queue => ("q.state = 'pending'", "q.requested_at, q.id"),
            Shelf::Archive => ("q.state <> 'pending'", "q.reviewed_at DESC, q.id DESC"),
        };
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT} WHERE {state} AND ($1 IS NULL OR q.requested_by = $1) \
             AND ($2 = '%%' OR q.code LIKE $2 ESCAPE '\\' OR q.title LIKE $2 ESCAPE '\\' \
             OR q.reason LIKE $2 ESCAPE '\\') ORDER BY {order} LIMIT $3"
        ))
        .bind(requester)
        .bind(like(text))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Row::into_request).collect()
    }

    /// The requests filed before `to` and not decided before `from`: what the figures of
    /// `[from, to)` are made of.
    pub async fn review_facts(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<crate::domain::review::ReviewFact>, AppError> {
        let rows: Vec<(String, i64, Option<i64>, String)> = sqlx::query_as(
            "SELECT point, requested_at, reviewed_at, state FROM review_requests \
             WHERE requested_at < $2 AND (reviewed_at IS NULL OR reviewed_at >= $1)",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(point, requested_at, reviewed_at, state)| {
                Ok(crate::domain::review::ReviewFact {
                    point,
                    requested_at,
                    reviewed_at,
                    state: ReviewState::parse(&state).ok_or(AppError::Internal)?,
                })
            })
            .collect()
    }
}
