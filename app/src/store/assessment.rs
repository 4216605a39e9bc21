//! The assessment's own reads and settings: the KPI rules, and each person's violations in
//! a period (the ticket figures come from the report's tables, `store::report`).
use super::Store;
use crate::domain::kpi::KpiRules;
use crate::domain::score::ScoreScheme;
use crate::error::AppError;

/// A person's violations proposed in a period: (person, their department then, how many
/// were not withdrawn, the points that count as of now).
pub type ViolationTally = (i64, i64, i64, i64);

impl Store {
    pub async fn kpi_rules(&self) -> Result<KpiRules, AppError> {
        let basically: i64 =
            sqlx::query_scalar("SELECT basically_counts FROM assessment_settings WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
        Ok(KpiRules {
            basically_counts: basically != 0,
        })
    }

    /// Saves the rules; every cached figure stays valid (they count both verdicts apart).
    pub async fn save_kpi_rules(&self, rules: KpiRules, now: i64) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE assessment_settings SET basically_counts = $1, updated_at = $2 WHERE id = 1",
        )
        .bind(i64::from(rules.basically_counts))
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The scoring scheme the admin saved, or the built-in one.
    pub async fn score_scheme(&self) -> Result<ScoreScheme, AppError> {
        let text: String =
            sqlx::query_scalar("SELECT score_scheme FROM assessment_settings WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
        if text.is_empty() {
            return Ok(ScoreScheme::default());
        }
        serde_json::from_str(&text).map_err(|e| {
            tracing::error!(error = %e, "the saved scoring scheme does not read");
            AppError::Internal
        })
    }

    pub async fn save_score_scheme(&self, scheme: &ScoreScheme, now: i64) -> Result<(), AppError> {
        let text = serde_json::to_string(scheme).map_err(|_| AppError::Internal)?;
        sqlx::query(
            "UPDATE assessment_settings SET score_scheme = $1, updated_at = $2 WHERE id = 1",
        )
        .bind(text)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Per person and department, the violations proposed in `[from, to)`: withdrawn ones
    /// are not counted; points as `counted_points` counts them at `now`.
    pub async fn violation_tally(
        &self,
        from: i64,
        to: i64,
        now: i64,
    ) -> Result<Vec<ViolationTally>, AppError> {
        Ok(sqlx::query_as(
            "SELECT person_id, department_id, \
             CAST(SUM(CASE WHEN outcome = 'withdrawn' THEN 0 ELSE 1 END) AS BIGINT), \
             CAST(SUM(CASE WHEN state = 'decided' THEN decided_points \
             WHEN state = 'notified' AND appeal_until <= $3 THEN points ELSE 0 END) AS BIGINT) \
             FROM violations WHERE proposed_at >= $1 AND proposed_at < $2 \
             GROUP BY person_id, department_id ORDER BY person_id, department_id",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(self.pool())
        .await?)
    }
}
