//! Rectifications: opened with the ledger row that found the problem, then moved by their
//! owner and by compliance, each move with its event in the risk's history.
use super::history::append_risk_event;
use super::{Store, Tx};
use crate::domain::events::RiskEventData;
use crate::domain::rectification::RectState;
use crate::error::AppError;
use crate::risk::Rectification;
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct RectRow {
    id: i64,
    check_id: i64,
    risk_id: i64,
    risk_code: String,
    risk_title: String,
    owner_id: i64,
    owner_name: String,
    deadline: String,
    measures: String,
    state: String,
    note: String,
}

impl From<RectRow> for Rectification {
    fn from(r: RectRow) -> Self {
        Rectification {
            id: r.id,
            check_id: r.check_id,
            risk_id: r.risk_id,
            risk_code: r.risk_code,
            risk_title: r.risk_title,
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            deadline: r.deadline.parse().unwrap_or_default(),
            measures: r.measures,
            state: RectState::parse(&r.state).unwrap_or(RectState::Open),
            note: r.note,
        }
    }
}

const RECT_SELECT: &str = "SELECT x.id, x.check_id, x.risk_id, r.code AS risk_code, \
     r.title AS risk_title, x.owner_id, u.display_name AS owner_name, x.deadline, x.measures, \
     x.state, x.note FROM rectifications x JOIN risks r ON r.id = x.risk_id \
     JOIN users u ON u.id = x.owner_id";

/// Opens the rectification of a ledger row's problem, owned by the risk's owner (in the
/// transaction that writes the row).
pub async fn open_rectification(
    tx: &mut Tx,
    check_id: i64,
    risk_id: i64,
    deadline: NaiveDate,
    measures: &str,
    actor_id: i64,
    now: i64,
) -> Result<i64, AppError> {
    let (owner_id, owner): (i64, String) = sqlx::query_as(
        "SELECT u.id, u.display_name FROM risks r JOIN users u ON u.id = r.owner_id \
         WHERE r.id = $1",
    )
    .bind(risk_id)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rectifications (check_id, risk_id, owner_id, deadline, measures, state, \
         note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8) RETURNING id",
    )
    .bind(check_id)
    .bind(risk_id)
    .bind(owner_id)
    .bind(deadline.to_string())
    .bind(measures)
    .bind(RectState::Open.code())
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let event = RiskEventData::RectificationOpened {
        rectification_id: id,
        owner,
        deadline,
        measures: measures.to_owned(),
    };
    append_risk_event(tx, risk_id, Some(actor_id), now, &event).await?;
    Ok(id)
}

impl Store {
    pub async fn rectification(&self, id: i64) -> Result<Option<Rectification>, AppError> {
        let row: Option<RectRow> = sqlx::query_as(&format!("{RECT_SELECT} WHERE x.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(Into::into))
    }

    pub async fn rectifications_of_risk(
        &self,
        risk_id: i64,
    ) -> Result<Vec<Rectification>, AppError> {
        self.rect_query("WHERE x.risk_id = $1 ORDER BY x.id DESC", Some(risk_id))
            .await
    }

    /// A person's rectifications, the ones still to do first (by deadline).
    pub async fn rectifications_owned_by(
        &self,
        owner_id: i64,
    ) -> Result<Vec<Rectification>, AppError> {
        self.rect_query(
            "WHERE x.owner_id = $1 ORDER BY CASE WHEN x.state = 'verified' THEN 1 ELSE 0 END, \
             x.deadline, x.id",
            Some(owner_id),
        )
        .await
    }

    /// Every rectification not yet verified, by deadline (compliance's list).
    pub async fn open_rectifications(&self) -> Result<Vec<Rectification>, AppError> {
        self.rect_query(
            "WHERE x.state <> 'verified' ORDER BY x.deadline, x.id",
            None,
        )
        .await
    }

    /// The rectifications `tail` selects, with its one parameter `$1` if it has one.
    async fn rect_query(
        &self,
        tail: &str,
        arg: Option<i64>,
    ) -> Result<Vec<Rectification>, AppError> {
        let sql = format!("{RECT_SELECT} {tail}");
        let mut query = sqlx::query_as::<_, RectRow>(&sql);
        if let Some(arg) = arg {
            query = query.bind(arg);
        }
        let rows = query.fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Moves a rectification from the state the caller saw (`from`) to `to`. Someone else
    /// moved it first: 409.
    pub async fn move_rectification(
        &self,
        id: i64,
        from: RectState,
        to: RectState,
        note: &str,
        actor_id: i64,
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let risk_id: Option<i64> = sqlx::query_scalar(
            "UPDATE rectifications SET state = $1, note = $2, updated_at = $3 \
             WHERE id = $4 AND state = $5 RETURNING risk_id",
        )
        .bind(to.code())
        .bind(note)
        .bind(now)
        .bind(id)
        .bind(from.code())
        .fetch_optional(&mut *tx)
        .await?;
        let risk_id = risk_id.ok_or(AppError::Conflict)?;
        let event = RiskEventData::RectificationMoved {
            rectification_id: id,
            from,
            to,
            note: note.to_owned(),
        };
        append_risk_event(&mut tx, risk_id, Some(actor_id), now, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Rectifications not verified whose deadline is before `today`: (id, risk, the risk's
    /// department, owner, deadline, state, level reached).
    pub async fn overdue_rectifications(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<OverdueRect>, AppError> {
        Ok(sqlx::query_as(
            "SELECT x.id, x.risk_id, r.department_id, x.owner_id, x.deadline, x.state, \
             x.escalation_level FROM rectifications x JOIN risks r ON r.id = x.risk_id \
             WHERE x.state <> 'verified' AND x.deadline < $1 ORDER BY x.deadline, x.id",
        )
        .bind(today.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// Reports an overdue rectification up from `from` to `to`: the level, its event and the
    /// notifications in one transaction; someone else moved it first: nothing.
    pub async fn escalate_rectification(
        &self,
        r: &OverdueRect,
        to: i64,
        notify: &[i64],
        now: i64,
    ) -> Result<bool, AppError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE rectifications SET escalation_level = $1 WHERE id = $2 AND escalation_level = $3",
        )
        .bind(to)
        .bind(r.id)
        .bind(r.escalation_level)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        let event = RiskEventData::RectificationEscalated {
            rectification_id: r.id,
            level: to,
        };
        append_risk_event(&mut tx, r.risk_id, None, now, &event).await?;
        let notice = crate::domain::notice::Notice::RectificationEscalated {
            rectification_id: r.id,
            level: to,
            deadline: r.deadline.parse().unwrap_or_default(),
        };
        super::notifications::insert_risk_notifications(&mut tx, notify, r.risk_id, &notice, now)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// An overdue rectification as the engine reads it.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct OverdueRect {
    pub id: i64,
    pub risk_id: i64,
    pub department_id: i64,
    pub owner_id: i64,
    pub deadline: String,
    pub state: String,
    pub escalation_level: i64,
}
