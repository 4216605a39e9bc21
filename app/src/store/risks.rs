//! The risk list: risks, the grading matrix and review intervals, and each change written
//! with its history event in one transaction.
use super::history::append_risk_event;
use super::{is_unique_violation, Store, Tx};
use crate::domain::account::FieldProblem;
use crate::domain::events::RiskEventData;
use crate::domain::risk::{
    self, Conduct, GradeMatrix, Rating, ReviewIntervals, RiskSettings, RiskStatus, RiskType,
    Treatment,
};
use crate::error::AppError;
use crate::risk::{Risk, RiskFacts, RiskHistoryEntry};
use chrono::NaiveDate;

/// Binds the facts as $1-$16 of an insert or an update (either kind of query).
macro_rules! bind_facts {
    ($q:expr, $f:expr) => {{
        let f: &RiskFacts = $f;
        let controls = serde_json::to_string(&f.controls).map_err(|_| AppError::Internal)?;
        $q.bind(f.code.clone())
            .bind(f.title.clone())
            .bind(f.risk_type.code())
            .bind(f.description.clone())
            .bind(f.conduct.code())
            .bind(f.department_id)
            .bind(f.owner_id)
            .bind(controls)
            .bind(i64::from(f.inherent.likelihood))
            .bind(i64::from(f.inherent.impact))
            .bind(i64::from(f.residual.likelihood))
            .bind(i64::from(f.residual.impact))
            .bind(f.residual_justification.clone())
            .bind(f.treatment.code())
            .bind(f.accept_approver_id)
            .bind(f.accept_until.map(|d| d.to_string()))
    }};
}

#[derive(sqlx::FromRow)]
struct RiskRow {
    id: i64,
    code: String,
    title: String,
    risk_type: String,
    description: String,
    conduct: String,
    department_id: i64,
    department_name: String,
    owner_id: i64,
    owner_name: String,
    controls: String,
    inherent_likelihood: i64,
    inherent_impact: i64,
    residual_likelihood: i64,
    residual_impact: i64,
    residual_justification: String,
    treatment: String,
    accept_approver_id: Option<i64>,
    accept_approver_name: Option<String>,
    accept_until: Option<String>,
    status: String,
    next_review: String,
    updated_at: i64,
}

const RISK_SELECT: &str = "SELECT r.id, r.code, r.title, r.risk_type, r.description, \
     r.conduct, r.department_id, d.name AS department_name, r.owner_id, \
     o.display_name AS owner_name, r.controls, r.inherent_likelihood, r.inherent_impact, \
     r.residual_likelihood, r.residual_impact, r.residual_justification, r.treatment, \
     r.accept_approver_id, a.display_name AS accept_approver_name, r.accept_until, r.status, \
     r.next_review, r.updated_at \
     FROM risks r JOIN departments d ON d.id = r.department_id \
     JOIN users o ON o.id = r.owner_id LEFT JOIN users a ON a.id = r.accept_approver_id";

fn rating(l: i64, i: i64) -> Rating {
    Rating::new(l, i).unwrap_or(Rating {
        likelihood: 1,
        impact: 1,
    })
}

impl RiskRow {
    fn into_risk(self, matrix: &GradeMatrix) -> Risk {
        let inherent = rating(self.inherent_likelihood, self.inherent_impact);
        let residual = rating(self.residual_likelihood, self.residual_impact);
        Risk {
            id: self.id,
            facts: RiskFacts {
                code: self.code,
                title: self.title,
                risk_type: RiskType::parse(&self.risk_type).unwrap_or(RiskType::Operational),
                description: self.description,
                conduct: Conduct::parse(&self.conduct).unwrap_or(Conduct::None),
                department_id: self.department_id,
                owner_id: self.owner_id,
                controls: serde_json::from_str(&self.controls).unwrap_or_default(),
                inherent,
                residual,
                residual_justification: self.residual_justification,
                treatment: Treatment::parse(&self.treatment).unwrap_or(Treatment::Mitigate),
                accept_approver_id: self.accept_approver_id,
                accept_until: self.accept_until.and_then(|d| d.parse().ok()),
            },
            department_name: self.department_name,
            owner_name: self.owner_name,
            accept_approver_name: self.accept_approver_name,
            inherent_grade: matrix.grade(inherent),
            residual_grade: matrix.grade(residual),
            status: RiskStatus::parse(&self.status).unwrap_or(RiskStatus::Identified),
            next_review: self.next_review.parse().unwrap_or_default(),
            updated_at: self.updated_at,
        }
    }
}

/// The facts as the history shows them, in a fixed order, for the list of changes.
fn shown(f: &RiskFacts, names: &Names) -> Vec<(&'static str, String)> {
    let rating = |r: Rating| format!("{}×{}", r.likelihood, r.impact);
    vec![
        ("code", f.code.clone()),
        ("title", f.title.clone()),
        ("risk_type", f.risk_type.code().to_owned()),
        ("description", f.description.clone()),
        ("conduct", f.conduct.code().to_owned()),
        ("department", names.department.clone()),
        ("owner", names.owner.clone()),
        ("controls", risk::format_controls(&f.controls)),
        ("inherent", rating(f.inherent)),
        ("residual", rating(f.residual)),
        ("residual_justification", f.residual_justification.clone()),
        ("treatment", f.treatment.code().to_owned()),
        (
            "accept_approver",
            names.approver.clone().unwrap_or_default(),
        ),
        (
            "accept_until",
            f.accept_until.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ]
}

struct Names {
    department: String,
    owner: String,
    approver: Option<String>,
}

async fn names_of(tx: &mut Tx, f: &RiskFacts) -> Result<Names, AppError> {
    let department: Option<String> =
        sqlx::query_scalar("SELECT name FROM departments WHERE id = $1")
            .bind(f.department_id)
            .fetch_optional(&mut **tx)
            .await?;
    let owner: Option<(String, i64)> =
        sqlx::query_as("SELECT display_name, active FROM users WHERE id = $1")
            .bind(f.owner_id)
            .fetch_optional(&mut **tx)
            .await?;
    let approver: Option<String> = match f.accept_approver_id {
        Some(id) => Some(
            sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1 AND active = 1")
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| {
                    AppError::field("accept_approver_id", FieldProblem::UnknownChoice)
                })?,
        ),
        None => None,
    };
    Ok(Names {
        department: department
            .ok_or_else(|| AppError::field("department_id", FieldProblem::UnknownChoice))?,
        owner: owner
            .filter(|(_, active)| *active != 0)
            .map(|(n, _)| n)
            .ok_or_else(|| AppError::field("owner_id", FieldProblem::UnknownChoice))?,
        approver,
    })
}

fn code_taken(err: sqlx::Error) -> AppError {
    if is_unique_violation(&err, "code") {
        AppError::field("code", FieldProblem::AlreadyTaken)
    } else {
        err.into()
    }
}

impl Store {
    pub async fn risk_settings(&self) -> Result<RiskSettings, AppError> {
        let r: (i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT general_from, significant_from, major_from, review_low, review_general, \
             review_significant, review_major FROM risk_settings WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(RiskSettings {
            matrix: GradeMatrix::new(r.0, r.1, r.2).unwrap_or_default(),
            review: ReviewIntervals::new([r.3, r.4, r.5, r.6]).unwrap_or_default(),
        })
    }

    pub async fn save_risk_settings(&self, s: &RiskSettings) -> Result<(), AppError> {
        let [low, general, significant, major] = s.review.0;
        sqlx::query(
            "UPDATE risk_settings SET general_from = $1, significant_from = $2, major_from = $3, \
             review_low = $4, review_general = $5, review_significant = $6, review_major = $7 \
             WHERE id = 1",
        )
        .bind(i64::from(s.matrix.general_from))
        .bind(i64::from(s.matrix.significant_from))
        .bind(i64::from(s.matrix.major_from))
        .bind(i64::from(low))
        .bind(i64::from(general))
        .bind(i64::from(significant))
        .bind(i64::from(major))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every risk, graded by `matrix` (the caller has read the settings), by code. The list
    /// is small (tens to hundreds): visibility and filters are applied by the caller.
    pub async fn risks(&self, matrix: &GradeMatrix) -> Result<Vec<Risk>, AppError> {
        let rows: Vec<RiskRow> = sqlx::query_as(&format!("{RISK_SELECT} ORDER BY r.code"))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(|r| r.into_risk(matrix)).collect())
    }

    pub async fn risk(&self, id: i64) -> Result<Option<Risk>, AppError> {
        let matrix = self.risk_settings().await?.matrix;
        let row: Option<RiskRow> = sqlx::query_as(&format!("{RISK_SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| r.into_risk(&matrix)))
    }

    pub async fn risk_history(&self, id: i64) -> Result<Vec<RiskHistoryEntry>, AppError> {
        let rows: Vec<(i64, Option<String>, String)> = sqlx::query_as(
            "SELECT e.at, u.display_name, e.data FROM risk_events e \
             LEFT JOIN users u ON u.id = e.actor_id WHERE e.risk_id = $1 ORDER BY e.seq",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, actor, data)| RiskHistoryEntry {
                at,
                actor,
                event: serde_json::from_str(&data).ok(),
            })
            .collect())
    }

    /// Puts a risk on the list (status identified), with its first history event. Its next
    /// review is `today` plus the interval of its residual grade.
    pub async fn record_risk(
        &self,
        f: &RiskFacts,
        actor_id: i64,
        now: i64,
        today: NaiveDate,
    ) -> Result<i64, AppError> {
        let settings = self.risk_settings().await?;
        let residual_grade = settings.matrix.grade(f.residual);
        let next_review = settings.review.next_review(residual_grade, today);
        let mut tx = self.begin_write().await?;
        names_of(&mut tx, f).await?;
        let id: i64 = bind_facts!(
            sqlx::query_scalar(
                "INSERT INTO risks (code, title, risk_type, description, conduct, department_id, \
                 owner_id, controls, inherent_likelihood, inherent_impact, residual_likelihood, \
                 residual_impact, residual_justification, treatment, accept_approver_id, \
                 accept_until, status, next_review, created_at, updated_at) VALUES ($1, $2, $3, \
                 $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
                 RETURNING id",
            ),
            f
        )
        .bind(RiskStatus::Identified.code())
        .bind(next_review.to_string())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(code_taken)?;
        let event = RiskEventData::Recorded {
            code: f.code.clone(),
            title: f.title.clone(),
            inherent: f.inherent,
            residual: f.residual,
            inherent_grade: settings.matrix.grade(f.inherent),
            residual_grade,
            next_review,
        };
        append_risk_event(&mut tx, id, Some(actor_id), now, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a risk's facts; the history lists each changed field. A changed residual
    /// rating is a new assessment: the next review is set again from `today`.
    pub async fn update_risk(
        &self,
        id: i64,
        f: &RiskFacts,
        actor_id: i64,
        now: i64,
        today: NaiveDate,
    ) -> Result<(), AppError> {
        let settings = self.risk_settings().await?;
        let before = self.risk(id).await?.ok_or(AppError::NotFound)?;
        let mut tx = self.begin_write().await?;
        // The old names as read with the risk (its owner may since have been disabled: that
        // must not stop anyone from giving the risk a new owner).
        let old_names = Names {
            department: before.department_name.clone(),
            owner: before.owner_name.clone(),
            approver: before.accept_approver_name.clone(),
        };
        let new_names = names_of(&mut tx, f).await?;
        let changes = risk::changes(&shown(&before.facts, &old_names), &shown(f, &new_names));
        if changes.is_empty() {
            return Ok(());
        }
        let residual_grade = settings.matrix.grade(f.residual);
        let next_review = if before.facts.residual != f.residual {
            settings.review.next_review(residual_grade, today)
        } else {
            before.next_review
        };
        let done = bind_facts!(
            sqlx::query(
                "UPDATE risks SET code = $1, title = $2, risk_type = $3, description = $4, \
                 conduct = $5, department_id = $6, owner_id = $7, controls = $8, \
                 inherent_likelihood = $9, inherent_impact = $10, residual_likelihood = $11, \
                 residual_impact = $12, residual_justification = $13, treatment = $14, \
                 accept_approver_id = $15, accept_until = $16, next_review = $17, \
                 updated_at = $18 WHERE id = $19 AND updated_at = $20",
            ),
            f
        )
        .bind(next_review.to_string())
        .bind(now)
        .bind(id)
        .bind(before.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(code_taken)?;
        // Someone else saved in between: theirs stands, this one is refused.
        if done.rows_affected() == 0 {
            return Err(AppError::Conflict);
        }
        let event = RiskEventData::Changed {
            changes,
            residual_grade,
            next_review,
        };
        append_risk_event(&mut tx, id, Some(actor_id), now, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a risk along its lifecycle. Assessing it sets the next review from `today`.
    pub async fn move_risk(
        &self,
        id: i64,
        to: RiskStatus,
        reason: &str,
        actor_id: i64,
        now: i64,
        today: NaiveDate,
    ) -> Result<(), AppError> {
        let settings = self.risk_settings().await?;
        let mut tx = self.begin_write().await?;
        let row: Option<(String, i64, i64)> = sqlx::query_as(
            "SELECT status, residual_likelihood, residual_impact FROM risks WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, l, i) = row.ok_or(AppError::NotFound)?;
        let from = RiskStatus::parse(&status).ok_or(AppError::Internal)?;
        if !from.can_move_to(to) {
            return Err(AppError::Conflict);
        }
        let next_review = (to == RiskStatus::Assessed).then(|| {
            settings
                .review
                .next_review(settings.matrix.grade(rating(l, i)), today)
        });
        sqlx::query(
            "UPDATE risks SET status = $1, next_review = COALESCE($2, next_review), \
             updated_at = $3 WHERE id = $4",
        )
        .bind(to.code())
        .bind(next_review.map(|d| d.to_string()))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let event = RiskEventData::StatusChanged {
            from,
            to,
            reason: reason.to_owned(),
        };
        append_risk_event(&mut tx, id, Some(actor_id), now, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Active people who may own a risk: (id, name, department), by department and name.
    pub async fn risk_owner_choices(&self) -> Result<Vec<(i64, String, i64)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT id, display_name, department_id FROM users WHERE active = 1 \
             ORDER BY department_id, display_name",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The ids of the active people with a role (those a notice goes to).
    pub async fn ids_with_role<C: FromIterator<i64>>(
        &self,
        role: crate::domain::roles::Role,
    ) -> Result<C, AppError> {
        Ok(self
            .people_with_role(role)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect())
    }

    /// Active people with a role, by name.
    pub async fn people_with_role(
        &self,
        role: crate::domain::roles::Role,
    ) -> Result<Vec<(i64, String)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = $1 AND u.active = 1 ORDER BY u.display_name",
        )
        .bind(role.code())
        .fetch_all(self.pool())
        .await?)
    }

    /// Every risk event before `until`, in chain order, with its risk's department (the
    /// report's risk section replays them). Events this build cannot read are skipped.
    pub async fn risk_history_until(
        &self,
        until: i64,
    ) -> Result<Vec<(i64, crate::domain::risk_report::Happened)>, AppError> {
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "SELECT e.at, e.risk_id, r.department_id, e.data FROM risk_events e \
             JOIN risks r ON r.id = e.risk_id WHERE e.at < $1 ORDER BY e.seq",
        )
        .bind(until)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(at, risk_id, department_id, data)| {
                let event = serde_json::from_str(&data).ok()?;
                Some((
                    department_id,
                    crate::domain::risk_report::Happened { at, risk_id, event },
                ))
            })
            .collect())
    }
}
