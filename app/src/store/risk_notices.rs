//! Warning notices: published with their recipients, the event and each recipient's
//! notification in one transaction; acknowledged once by each; reminded daily until then.
use super::history::append_risk_event;
use super::notifications::insert_risk_notifications;
use super::Store;
use crate::domain::events::RiskEventData;
use crate::domain::notice::Notice;
use crate::error::AppError;
use crate::risk::{NoticeRecipient, RiskNotice};
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    risk_id: i64,
    risk_code: String,
    risk_title: String,
    department_id: i64,
    owner_id: i64,
    title: String,
    body: String,
    grade: String,
    deadline: String,
    published_by: String,
    published_at: i64,
    recipients: i64,
    acknowledged: i64,
}

impl From<NoticeRow> for RiskNotice {
    fn from(r: NoticeRow) -> Self {
        RiskNotice {
            id: r.id,
            risk_id: r.risk_id,
            risk_code: r.risk_code,
            risk_title: r.risk_title,
            department_id: r.department_id,
            owner_id: r.owner_id,
            title: r.title,
            body: r.body,
            grade: crate::domain::risk::Grade::parse(&r.grade)
                .unwrap_or(crate::domain::risk::Grade::General),
            deadline: r.deadline.parse().unwrap_or_default(),
            published_by: r.published_by,
            published_at: r.published_at,
            recipients: r.recipients,
            acknowledged: r.acknowledged,
        }
    }
}

const NOTICE_SELECT: &str = "SELECT n.id, n.risk_id, r.code AS risk_code, r.title AS risk_title, \
     r.department_id, r.owner_id, n.title, n.body, n.grade, n.deadline, \
     u.display_name AS published_by, n.published_at, \
     (SELECT COUNT(*) FROM risk_notice_recipients x WHERE x.notice_id = n.id) AS recipients, \
     (SELECT COUNT(*) FROM risk_notice_recipients x WHERE x.notice_id = n.id \
      AND x.acknowledged_at IS NOT NULL) AS acknowledged \
     FROM risk_notices n JOIN risks r ON r.id = n.risk_id JOIN users u ON u.id = n.published_by";

/// What compliance publishes.
pub struct NewNotice<'a> {
    pub risk_id: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub grade: crate::domain::risk::Grade,
    pub deadline: NaiveDate,
    pub published_on: NaiveDate,
    pub recipients: &'a [i64],
}

/// An unacknowledged recipient of a notice still running, for the reminder rule.
#[derive(sqlx::FromRow)]
pub struct Pending {
    pub notice_id: i64,
    pub risk_id: i64,
    pub title: String,
    pub user_id: i64,
    pub published_on: String,
    pub deadline: String,
    pub reminded_on: String,
}

impl Store {
    pub async fn publish_notice(
        &self,
        n: &NewNotice<'_>,
        actor_id: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO risk_notices (risk_id, title, body, grade, deadline, published_by, \
             published_at, published_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(n.risk_id)
        .bind(n.title)
        .bind(n.body)
        .bind(n.grade.code())
        .bind(n.deadline.to_string())
        .bind(actor_id)
        .bind(now)
        .bind(n.published_on.to_string())
        .fetch_one(&mut *tx)
        .await?;
        for user in n.recipients {
            sqlx::query("INSERT INTO risk_notice_recipients (notice_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(user)
                .execute(&mut *tx)
                .await?;
        }
        let event = RiskEventData::NoticePublished {
            notice_id: id,
            title: n.title.to_owned(),
            deadline: n.deadline,
            recipients: n.recipients.len() as i64,
        };
        append_risk_event(&mut tx, n.risk_id, Some(actor_id), now, &event).await?;
        let notice = Notice::RiskNotice {
            notice_id: id,
            title: n.title.to_owned(),
            reminder: false,
        };
        insert_risk_notifications(&mut tx, n.recipients, n.risk_id, &notice, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn risk_notice(&self, id: i64) -> Result<Option<RiskNotice>, AppError> {
        let row: Option<NoticeRow> = sqlx::query_as(&format!("{NOTICE_SELECT} WHERE n.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(Into::into))
    }

    /// Notices newest first: all of them, or those sent to `user`.
    pub async fn risk_notices(
        &self,
        user: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RiskNotice>, AppError> {
        let mine = format!(
            "{NOTICE_SELECT} WHERE n.id IN (SELECT notice_id FROM risk_notice_recipients \
             WHERE user_id = $1) ORDER BY n.id DESC LIMIT $2"
        );
        let all = format!("{NOTICE_SELECT} ORDER BY n.id DESC LIMIT $1");
        let rows: Vec<NoticeRow> = match user {
            Some(user) => sqlx::query_as(&mine).bind(user).bind(limit),
            None => sqlx::query_as(&all).bind(limit),
        }
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The notices sent to `user`, each with when they acknowledged it.
    pub async fn acknowledgements_of(
        &self,
        user: i64,
    ) -> Result<std::collections::HashMap<i64, Option<i64>>, AppError> {
        let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT notice_id, acknowledged_at FROM risk_notice_recipients WHERE user_id = $1",
        )
        .bind(user)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// A notice's recipients with their department and when they acknowledged, by name.
    pub async fn notice_recipients(&self, id: i64) -> Result<Vec<NoticeRecipient>, AppError> {
        let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT u.id, u.display_name, d.name, x.acknowledged_at \
             FROM risk_notice_recipients x JOIN users u ON u.id = x.user_id \
             JOIN departments d ON d.id = u.department_id \
             WHERE x.notice_id = $1 ORDER BY d.name, u.display_name",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(user_id, name, department, acknowledged_at)| NoticeRecipient {
                    user_id,
                    name,
                    department,
                    acknowledged_at,
                },
            )
            .collect())
    }

    /// `user` acknowledges notice `id`: once (409 after), and only a recipient (403).
    pub async fn acknowledge_notice(&self, id: i64, user: i64, now: i64) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE risk_notice_recipients SET acknowledged_at = $1 \
             WHERE notice_id = $2 AND user_id = $3 AND acknowledged_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(user)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            let recipient: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM risk_notice_recipients WHERE notice_id = $1 AND user_id = $2",
            )
            .bind(id)
            .bind(user)
            .fetch_optional(&mut *tx)
            .await?;
            return Err(if recipient.is_some() {
                AppError::Conflict
            } else {
                AppError::Forbidden
            });
        }
        let (risk_id, title): (i64, String) =
            sqlx::query_as("SELECT risk_id, title FROM risk_notices WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let event = RiskEventData::NoticeAcknowledged {
            notice_id: id,
            title,
        };
        append_risk_event(&mut tx, risk_id, Some(user), now, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Recipients who have not acknowledged a notice whose deadline is `today` or later and
    /// were not reminded today.
    pub async fn pending_notice_recipients(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<Pending>, AppError> {
        Ok(sqlx::query_as(
            "SELECT n.id AS notice_id, n.risk_id, n.title, x.user_id, n.published_on, \
             n.deadline, x.reminded_on FROM risk_notice_recipients x \
             JOIN risk_notices n ON n.id = x.notice_id \
             WHERE x.acknowledged_at IS NULL AND n.deadline >= $1 AND x.reminded_on < $2 \
             ORDER BY n.id, x.user_id",
        )
        .bind(today.to_string())
        .bind(today.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// Reminds one recipient (once on `today`): the notification and the day, together.
    pub async fn remind_notice(
        &self,
        p: &Pending,
        today: NaiveDate,
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE risk_notice_recipients SET reminded_on = $1 \
             WHERE notice_id = $2 AND user_id = $3 AND reminded_on < $4 \
             AND acknowledged_at IS NULL",
        )
        .bind(today.to_string())
        .bind(p.notice_id)
        .bind(p.user_id)
        .bind(today.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            let notice = Notice::RiskNotice {
                notice_id: p.notice_id,
                title: p.title.clone(),
                reminder: true,
            };
            insert_risk_notifications(&mut tx, &[p.user_id], p.risk_id, &notice, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
