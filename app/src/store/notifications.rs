//! Notifications: written in the transaction of the change they tell of, read by the bell.
use super::{Store, Tx};
use crate::domain::chain::Subject;
use crate::domain::notice::{Notice, Staff};
use crate::domain::org::Department;
use crate::domain::roles::Role;
use crate::error::AppError;

/// A notification as the bell reads it: about a ticket (its number) or a risk (its code).
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct NotificationRow {
    pub id: i64,
    pub ticket_number: Option<String>,
    pub risk_code: Option<String>,
    pub document_code: Option<String>,
    pub review_code: Option<String>,
    pub course_code: Option<String>,
    pub violation_code: Option<String>,
    pub data: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// Tells `users` of `notice` on ticket `ticket_id`.
pub async fn insert_notifications(
    tx: &mut Tx,
    users: &[i64],
    ticket_id: i64,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    insert(tx, users, Subject::Ticket(ticket_id), notice, at).await
}

/// Tells `users` of `notice` about risk `risk_id`.
pub async fn insert_risk_notifications(
    tx: &mut Tx,
    users: &[i64],
    risk_id: i64,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    insert(tx, users, Subject::Risk(risk_id), notice, at).await
}

/// Tells `users` of `notice` about record `id` of kind `record` (a policy document, a review
/// request: `domain::chain::RECORD_KINDS`).
pub async fn insert_record_notifications(
    tx: &mut Tx,
    users: &[i64],
    record: &'static str,
    id: i64,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    insert(tx, users, Subject::Record(record, id), notice, at).await
}

/// One row per user, naming the ticket, the risk or the document the notice is about.
async fn insert(
    tx: &mut Tx,
    users: &[i64],
    subject: Subject,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    let data = serde_json::to_string(notice).map_err(|_| AppError::Internal)?;
    let (mut ticket_id, mut risk_id, mut document_id, mut review_id, mut course_id) =
        (None, None, None, None, None);
    let mut violation_id = None;
    match subject {
        Subject::Ticket(id) => ticket_id = Some(id),
        Subject::Risk(id) => risk_id = Some(id),
        Subject::Record(crate::domain::chain::REVIEW, id) => review_id = Some(id),
        Subject::Record(crate::domain::chain::COURSE, id) => course_id = Some(id),
        Subject::Record(crate::domain::chain::VIOLATION, id) => violation_id = Some(id),
        Subject::Record(_, id) => document_id = Some(id),
    }
    for user in users {
        sqlx::query(
            "INSERT INTO notifications (user_id, ticket_id, risk_id, document_id, review_id, \
             course_id, violation_id, kind, data, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(user)
        .bind(ticket_id)
        .bind(risk_id)
        .bind(document_id)
        .bind(review_id)
        .bind(course_id)
        .bind(violation_id)
        .bind(notice.kind())
        .bind(&data)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Active leads and supervisors, and the department tree: who may hear of an alarm.
pub async fn alert_staff(tx: &mut Tx) -> Result<(Vec<Department>, Vec<Staff>), AppError> {
    let departments: Vec<(i64, String, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, code, name, kind, parent_id FROM departments")
            .fetch_all(&mut **tx)
            .await?;
    let staff: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT u.id, r.role, u.department_id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.active = 1 AND r.role IN ('dept_lead', 'supervisor')",
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok((
        departments
            .into_iter()
            .map(|(id, code, name, kind, parent_id)| Department {
                id,
                code,
                name,
                kind,
                parent_id,
            })
            .collect(),
        staff
            .into_iter()
            .filter_map(|(user_id, role, department_id)| {
                Some(Staff {
                    user_id,
                    role: role.parse::<Role>().ok()?,
                    department_id,
                })
            })
            .collect(),
    ))
}

impl Store {
    /// `alert_staff` outside a change: in a read transaction of its own.
    pub async fn alert_staff(&self) -> Result<(Vec<Department>, Vec<Staff>), AppError> {
        let mut tx = self.pool().begin().await?;
        let found = alert_staff(&mut tx).await?;
        tx.commit().await?;
        Ok(found)
    }

    /// The user's newest notifications (of tickets of any state, and of risks; the page
    /// checks rights again when the link is followed).
    pub async fn notifications(
        &self,
        user: i64,
        limit: i64,
    ) -> Result<Vec<NotificationRow>, AppError> {
        Ok(sqlx::query_as(
            "SELECT n.id, t.number AS ticket_number, r.code AS risk_code, \
             d.code AS document_code, q.code AS review_code, c.code AS course_code, \
             v.code AS violation_code, n.data, n.created_at, \
             n.read_at FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id \
             LEFT JOIN risks r ON r.id = n.risk_id \
             LEFT JOIN policy_documents d ON d.id = n.document_id \
             LEFT JOIN review_requests q ON q.id = n.review_id \
             LEFT JOIN courses c ON c.id = n.course_id \
             LEFT JOIN violations v ON v.id = n.violation_id \
             WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
        )
        .bind(user)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn unread_notifications(&self, user: i64) -> Result<i64, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user)
        .fetch_one(self.pool())
        .await?)
    }

    /// Marks one of the user's notifications read, or all of them (`None`).
    pub async fn mark_notifications_read(
        &self,
        user: i64,
        id: Option<i64>,
        at: i64,
    ) -> Result<u64, AppError> {
        let q = match id {
            Some(id) => sqlx::query(
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id = $3 AND read_at IS NULL",
            )
            .bind(at)
            .bind(user)
            .bind(id),
            None => sqlx::query(
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
            )
            .bind(at)
            .bind(user),
        };
        Ok(q.execute(self.pool()).await?.rows_affected())
    }

    /// A handler's own on-duty switch (off: no automatic assignments).
    pub async fn set_on_duty(&self, user: i64, on: bool) -> Result<(), AppError> {
        sqlx::query("UPDATE users SET on_duty = $1 WHERE id = $2")
            .bind(i64::from(on))
            .bind(user)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn on_duty(&self, user: i64) -> Result<bool, AppError> {
        let v: Option<i64> = sqlx::query_scalar("SELECT on_duty FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(self.pool())
            .await?;
        Ok(v.unwrap_or(0) != 0)
    }
}
