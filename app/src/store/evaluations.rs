//! Effectiveness evaluations and their improvement tasks; the annual management report's
//! draft suggestions. Each change commits with its event in the evaluation's history (the
//! one chain); a step on an evaluation that is no longer open is a conflict (409).
use super::history::{append_record_event, hold_chain};
use super::Store;
use crate::domain::evaluation::{code, Dimension, DimensionScore, TaskState};
use crate::domain::events::EvaluationEventData;
use crate::error::AppError;
use crate::evaluation::{Evaluation, EvaluationTask};
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct EvaluationRow {
    id: i64,
    code: String,
    title: String,
    first_day: String,
    last_day: String,
    state: String,
    scores: String,
    created_by: String,
    created_at: i64,
    finished_by: Option<String>,
    finished_at: Option<i64>,
}

const EVALUATION_SELECT: &str = "SELECT e.id, e.code, e.title, e.first_day, e.last_day, \
    e.state, e.scores, c.display_name AS created_by, e.created_at, \
    f.display_name AS finished_by, e.finished_at FROM evaluations e \
    JOIN users c ON c.id = e.created_by LEFT JOIN users f ON f.id = e.finished_by";

impl EvaluationRow {
    fn into_evaluation(self) -> Result<Evaluation, AppError> {
        let scores: Vec<DimensionScore> =
            serde_json::from_str(&self.scores).map_err(|_| AppError::Internal)?;
        Ok(Evaluation {
            id: self.id,
            code: self.code,
            title: self.title,
            first_day: self.first_day,
            last_day: self.last_day,
            finished: self.state == "finished",
            overall: crate::domain::evaluation::overall(&scores),
            scores,
            created_by: self.created_by,
            created_at: self.created_at,
            finished_by: self.finished_by,
            finished_at: self.finished_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: i64,
    evaluation_id: i64,
    evaluation_code: String,
    dimension: String,
    action: String,
    owner_id: i64,
    owner: String,
    due_day: String,
    done_at: Option<i64>,
    done_by: Option<String>,
    done_note: Option<String>,
}

const TASK_SELECT: &str = "SELECT t.id, t.evaluation_id, e.code AS evaluation_code, \
    t.dimension, t.action, t.owner_id, o.display_name AS owner, t.due_day, t.done_at, \
    d.display_name AS done_by, t.done_note FROM evaluation_tasks t \
    JOIN evaluations e ON e.id = t.evaluation_id JOIN users o ON o.id = t.owner_id \
    LEFT JOIN users d ON d.id = t.done_by";

impl TaskRow {
    /// The state is set by the service, which knows the desk's day.
    fn into_task(self) -> EvaluationTask {
        EvaluationTask {
            id: self.id,
            evaluation_id: self.evaluation_id,
            evaluation_code: self.evaluation_code,
            dimension: Dimension::parse(&self.dimension).unwrap_or(Dimension::Policy),
            action: self.action,
            owner_id: self.owner_id,
            owner: self.owner,
            due_day: self.due_day,
            state: TaskState::Open,
            done_at: self.done_at,
            done_by: self.done_by,
            done_note: self.done_note.unwrap_or_default(),
        }
    }
}

/// Which tasks: an evaluation's, a person's open ones, or every open one.
pub enum Tasks {
    Of(i64),
    OpenOwnedBy(i64),
    AllOpen,
}

impl Store {
    /// Opens an evaluation of `[first, last]`, numbered in the year it is opened.
    pub async fn open_evaluation(
        &self,
        title: &str,
        (first, last): (NaiveDate, NaiveDate),
        year: i32,
        by: i64,
        at: i64,
    ) -> Result<i64, AppError> {
        let mut tx = self.begin_write().await?;
        hold_chain(&mut tx).await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluations WHERE code LIKE $1")
            .bind(format!("PG-{year}-%"))
            .fetch_one(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluations (code, title, first_day, last_day, state, created_by, \
             created_at) VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id",
        )
        .bind(code(year, n + 1))
        .bind(title)
        .bind(first.to_string())
        .bind(last.to_string())
        .bind(by)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let event = EvaluationEventData::Opened {
            title: title.to_string(),
            first_day: first,
            last_day: last,
        };
        append_record_event(&mut tx, id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn evaluation(&self, id: i64) -> Result<Option<Evaluation>, AppError> {
        let row: Option<EvaluationRow> =
            sqlx::query_as(&format!("{EVALUATION_SELECT} WHERE e.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(EvaluationRow::into_evaluation).transpose()
    }

    /// Newest first.
    pub async fn evaluations(&self, limit: i64) -> Result<Vec<Evaluation>, AppError> {
        let rows: Vec<EvaluationRow> =
            sqlx::query_as(&format!("{EVALUATION_SELECT} ORDER BY e.id DESC LIMIT $1"))
                .bind(limit)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter()
            .map(EvaluationRow::into_evaluation)
            .collect()
    }

    /// The evidence kept when the evaluation was finished (JSON), if it is.
    pub async fn evaluation_evidence(&self, id: i64) -> Result<Option<String>, AppError> {
        let e: Option<String> = sqlx::query_scalar(
            "SELECT evidence FROM evaluations WHERE id = $1 AND state = 'finished'",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(e)
    }

    /// Keeps one dimension's score (the scores as they now are, JSON) while it is open.
    pub async fn score_evaluation(
        &self,
        id: i64,
        scores: &[DimensionScore],
        scored: &DimensionScore,
        by: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let json = serde_json::to_string(scores).map_err(|_| AppError::Internal)?;
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE evaluations SET scores = $1 WHERE id = $2 AND state = 'open'")
            .bind(json)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(AppError::Conflict);
        }
        let event = EvaluationEventData::Scored {
            dimension: scored.dimension,
            score: scored.score,
            findings: scored.findings.clone(),
        };
        append_record_event(&mut tx, id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Finishes an open evaluation, keeping the evidence it was scored on.
    pub async fn finish_evaluation(
        &self,
        id: i64,
        scores: &[DimensionScore],
        evidence_json: &str,
        by: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE evaluations SET state = 'finished', evidence = $1, finished_by = $2, \
             finished_at = $3 WHERE id = $4 AND state = 'open'",
        )
        .bind(evidence_json)
        .bind(by)
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(AppError::Conflict);
        }
        let event = EvaluationEventData::Finished {
            scores: scores.iter().map(|s| (s.dimension, s.score)).collect(),
            evidence_sha256: crate::domain::chain::sha256_hex(evidence_json.as_bytes()),
        };
        append_record_event(&mut tx, id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets an improvement task on an evaluation.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_evaluation_task(
        &self,
        evaluation_id: i64,
        dimension: Dimension,
        action: &str,
        owner_id: i64,
        due: NaiveDate,
        by: i64,
        at: i64,
    ) -> Result<i64, AppError> {
        let mut tx = self.begin_write().await?;
        let task_id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluation_tasks (evaluation_id, dimension, action, owner_id, due_day, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(evaluation_id)
        .bind(dimension.code())
        .bind(action)
        .bind(owner_id)
        .bind(due.to_string())
        .bind(by)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let event = EvaluationEventData::TaskSet {
            task_id,
            dimension,
            action: action.to_string(),
            owner_id,
            due_day: due,
        };
        append_record_event(&mut tx, evaluation_id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(task_id)
    }

    pub async fn evaluation_task(&self, id: i64) -> Result<Option<EvaluationTask>, AppError> {
        let row: Option<TaskRow> = sqlx::query_as(&format!("{TASK_SELECT} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(TaskRow::into_task))
    }

    /// Marks a task done (once: done twice is a conflict).
    pub async fn finish_evaluation_task(
        &self,
        task: &EvaluationTask,
        note: &str,
        by: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE evaluation_tasks SET done_at = $1, done_by = $2, done_note = $3 \
             WHERE id = $4 AND done_at IS NULL",
        )
        .bind(at)
        .bind(by)
        .bind(note)
        .bind(task.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(AppError::Conflict);
        }
        let event = EvaluationEventData::TaskDone {
            task_id: task.id,
            note: note.to_string(),
        };
        append_record_event(&mut tx, task.evaluation_id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Tasks by due day (then as set).
    pub async fn evaluation_tasks(&self, which: Tasks) -> Result<Vec<EvaluationTask>, AppError> {
        let (filter, id) = match which {
            Tasks::Of(id) => ("t.evaluation_id = $1", Some(id)),
            Tasks::OpenOwnedBy(owner) => ("t.owner_id = $1 AND t.done_at IS NULL", Some(owner)),
            Tasks::AllOpen => ("t.done_at IS NULL", None),
        };
        let sql = format!("{TASK_SELECT} WHERE {filter} ORDER BY t.due_day, t.id LIMIT 500");
        let mut q = sqlx::query_as(&sql);
        if let Some(id) = id {
            q = q.bind(id);
        }
        let rows: Vec<TaskRow> = q.fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(TaskRow::into_task).collect())
    }

    /// The annual management report's draft suggestions: the text, when and by whom.
    pub async fn annual_report_draft(
        &self,
        year: i32,
    ) -> Result<Option<(String, i64, String)>, AppError> {
        let row: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT d.suggestions, d.updated_at, u.display_name FROM annual_report_drafts d \
             JOIN users u ON u.id = d.updated_by WHERE d.year = $1",
        )
        .bind(i64::from(year))
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn save_annual_report_draft(
        &self,
        year: i32,
        suggestions: &str,
        by: i64,
        at: i64,
    ) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO annual_report_drafts (year, suggestions, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO UPDATE SET \
             suggestions = excluded.suggestions, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(i64::from(year))
        .bind(suggestions)
        .bind(by)
        .bind(at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Violations proposed in `[from, to)` and not withdrawn, by conduct and grade: how
    /// many, and the points that count of them as of `now`.
    pub async fn violations_by_conduct(
        &self,
        from: i64,
        to: i64,
        now: i64,
    ) -> Result<Vec<(String, String, i64, i64)>, AppError> {
        let rows = sqlx::query_as(
            "SELECT conduct, severity, COUNT(*), CAST(SUM(CASE WHEN state = 'decided' \
             THEN decided_points WHEN state = 'notified' AND appeal_until <= $3 THEN points \
             ELSE 0 END) AS BIGINT) FROM violations WHERE proposed_at >= $1 AND proposed_at < $2 \
             AND NOT (state = 'decided' AND outcome = 'withdrawn') \
             GROUP BY conduct, severity ORDER BY conduct, severity",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}
