//! Courses, exam attempts and training reminders. Saving a course and submitting an exam
//! each commit with their event in the course's history (the one chain); an attempt is
//! submitted once (its row is locked and checked unsubmitted).
use super::history::append_record_event;
use super::notifications::insert_record_notifications;
use super::{Store, Tx};
use crate::domain::chain::COURSE;
use crate::domain::events::CourseEventData;
use crate::domain::notice::Notice;
use crate::domain::policy::Audience;
use crate::domain::training::{ExamRules, Question, Tier};
use crate::error::AppError;
use std::collections::BTreeMap;

/// A course as the server keeps it, question bank and answers included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub tier: Tier,
    pub audience: Audience,
    pub materials: String,
    pub bank: Vec<Question>,
    pub rules: ExamRules,
    pub due_at: Option<i64>,
    pub valid_months: u32,
}

/// A course as its author writes it.
pub struct NewCourse<'a> {
    pub title: &'a str,
    pub tier: Tier,
    pub audience: &'a Audience,
    pub materials: &'a str,
    pub bank: &'a [Question],
    pub rules: ExamRules,
    pub due_at: Option<i64>,
    pub valid_months: u32,
}

/// One attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: i64,
    pub course_id: i64,
    pub user_id: i64,
    pub started_at: i64,
    /// The bank's indices drawn, in the order asked.
    pub questions: Vec<usize>,
    pub submitted_at: Option<i64>,
    pub score: Option<u32>,
    pub passed: Option<bool>,
}

type CourseTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
);

const COURSE_SELECT: &str = "SELECT id, code, title, tier, audience, materials, questions, \
     questions_per_attempt, pass_mark, max_attempts, time_limit_minutes, due_at, valid_months \
     FROM courses";

fn course_row(t: CourseTuple) -> Result<CourseRow, AppError> {
    let (id, code, title, tier, audience, materials, bank, n, mark, max, limit, due_at, valid) = t;
    let num = |v: i64| u32::try_from(v).map_err(|_| AppError::Internal);
    Ok(CourseRow {
        id,
        code,
        title,
        tier: Tier::parse(&tier).ok_or(AppError::Internal)?,
        audience: serde_json::from_str(&audience).map_err(|_| AppError::Internal)?,
        materials,
        bank: serde_json::from_str(&bank).map_err(|_| AppError::Internal)?,
        rules: ExamRules {
            questions: usize::try_from(n).map_err(|_| AppError::Internal)?,
            pass_mark: num(mark)?,
            max_attempts: num(max)?,
            time_limit_minutes: limit.map(num).transpose()?,
        },
        due_at,
        valid_months: num(valid)?,
    })
}

type AttemptTuple = (
    i64,
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

const ATTEMPT_SELECT: &str = "SELECT id, course_id, user_id, started_at, questions, \
     submitted_at, score, passed FROM exam_attempts";

fn attempt_row(t: AttemptTuple) -> Result<AttemptRow, AppError> {
    let (id, course_id, user_id, started_at, questions, submitted_at, score, passed) = t;
    Ok(AttemptRow {
        id,
        course_id,
        user_id,
        started_at,
        questions: serde_json::from_str(&questions).map_err(|_| AppError::Internal)?,
        submitted_at,
        score: score.map(|s| s as u32),
        passed: passed.map(|p| p != 0),
    })
}

impl Store {
    pub async fn courses(&self) -> Result<Vec<CourseRow>, AppError> {
        let rows: Vec<CourseTuple> = sqlx::query_as(&format!("{COURSE_SELECT} ORDER BY code"))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(course_row).collect()
    }

    pub async fn course(&self, id: i64) -> Result<Option<CourseRow>, AppError> {
        let row: Option<CourseTuple> = sqlx::query_as(&format!("{COURSE_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(course_row).transpose()
    }

    /// Writes a new course (`id` None) or a course's new text and rules. Returns its id.
    pub async fn save_course(
        &self,
        id: Option<i64>,
        c: &NewCourse<'_>,
        by: i64,
        at: i64,
    ) -> Result<i64, AppError> {
        let bank = serde_json::to_string(c.bank).map_err(|_| AppError::Internal)?;
        let audience = serde_json::to_string(c.audience).map_err(|_| AppError::Internal)?;
        let mut tx = self.begin_write().await?;
        // A new course is numbered first; its text and rules are written as for an edit.
        let id = match id {
            Some(id) => id,
            None => {
                // Numbered from the count (courses are never deleted) under the chain's head.
                super::history::hold_chain(&mut tx).await?;
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM courses")
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query_scalar(
                    "INSERT INTO courses (code, title, tier, audience, materials, questions, \
                     questions_per_attempt, pass_mark, max_attempts, valid_months, created_by, \
                     created_at) VALUES ($1, '', '', '', '', '', 0, 0, 0, 0, $2, $3) RETURNING id",
                )
                .bind(format!("PX-{:03}", n + 1))
                .bind(by)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let n = sqlx::query(
            "UPDATE courses SET title = $1, tier = $2, audience = $3, materials = $4, \
             questions = $5, questions_per_attempt = $6, pass_mark = $7, max_attempts = $8, \
             time_limit_minutes = $9, due_at = $10, valid_months = $11 WHERE id = $12",
        )
        .bind(c.title)
        .bind(c.tier.code())
        .bind(&audience)
        .bind(c.materials)
        .bind(&bank)
        .bind(c.rules.questions as i64)
        .bind(i64::from(c.rules.pass_mark))
        .bind(i64::from(c.rules.max_attempts))
        .bind(c.rules.time_limit_minutes.map(i64::from))
        .bind(c.due_at)
        .bind(i64::from(c.valid_months))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        super::users::found(n)?;
        let event = CourseEventData::Saved {
            title: c.title.to_owned(),
            tier: c.tier,
            bank_sha256: crate::domain::chain::sha256_hex(bank.as_bytes()),
        };
        append_record_event(&mut tx, id, Some(by), at, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// `user`'s attempts at `course`, newest first.
    pub async fn attempts_of(&self, course: i64, user: i64) -> Result<Vec<AttemptRow>, AppError> {
        let rows: Vec<AttemptTuple> = sqlx::query_as(&format!(
            "{ATTEMPT_SELECT} WHERE course_id = $1 AND user_id = $2 ORDER BY id DESC"
        ))
        .bind(course)
        .bind(user)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(attempt_row).collect()
    }

    pub async fn attempt(&self, id: i64) -> Result<Option<AttemptRow>, AppError> {
        let row: Option<AttemptTuple> = sqlx::query_as(&format!("{ATTEMPT_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(attempt_row).transpose()
    }

    pub async fn start_attempt(
        &self,
        course: i64,
        user: i64,
        questions: &[usize],
        at: i64,
    ) -> Result<i64, AppError> {
        let drawn = serde_json::to_string(questions).map_err(|_| AppError::Internal)?;
        Ok(sqlx::query_scalar(
            "INSERT INTO exam_attempts (course_id, user_id, started_at, questions) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(course)
        .bind(user)
        .bind(at)
        .bind(drawn)
        .fetch_one(self.pool())
        .await?)
    }

    /// Records the answers and the score of attempt `id` (409 once it is submitted).
    pub async fn submit_attempt(
        &self,
        id: i64,
        answers: &[Vec<usize>],
        (score, passed, in_time): (u32, bool, bool),
        at: i64,
    ) -> Result<(), AppError> {
        let data = serde_json::to_string(answers).map_err(|_| AppError::Internal)?;
        let mut tx = self.begin_write().await?;
        let course: Option<i64> = sqlx::query_scalar(
            "UPDATE exam_attempts SET submitted_at = $1, answers = $2, score = $3, passed = $4 \
             WHERE id = $5 AND submitted_at IS NULL RETURNING course_id",
        )
        .bind(at)
        .bind(&data)
        .bind(i64::from(score))
        .bind(i64::from(passed))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let course = course.ok_or(AppError::Conflict)?;
        let user: i64 = sqlx::query_scalar("SELECT user_id FROM exam_attempts WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let event = CourseEventData::ExamSubmitted {
            attempt_id: id,
            score,
            passed,
            in_time,
        };
        append_record_event(&mut tx, course, Some(user), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Per person: their latest pass of `course`.
    pub async fn last_passes(&self, course: i64) -> Result<BTreeMap<i64, i64>, AppError> {
        self.passes_before(course, i64::MAX).await
    }

    /// Exams submitted in `[from, to)`: (person, passed).
    pub async fn exams_between(&self, from: i64, to: i64) -> Result<Vec<(i64, bool)>, AppError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT user_id, passed FROM exam_attempts \
             WHERE submitted_at >= $1 AND submitted_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(u, p)| (u, p != 0)).collect())
    }

    /// Per person: their latest pass of `course` before `to`.
    pub async fn passes_before(
        &self,
        course: i64,
        to: i64,
    ) -> Result<BTreeMap<i64, i64>, AppError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT user_id, MAX(submitted_at) FROM exam_attempts \
             WHERE course_id = $1 AND passed = 1 AND submitted_at < $2 GROUP BY user_id",
        )
        .bind(course)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Per person: attempts submitted and passed at `course`.
    pub async fn attempt_counts(&self, course: i64) -> Result<Vec<(i64, i64, i64)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT user_id, COUNT(*), CAST(SUM(passed) AS BIGINT) FROM exam_attempts \
             WHERE course_id = $1 AND submitted_at IS NOT NULL GROUP BY user_id",
        )
        .bind(course)
        .fetch_all(self.pool())
        .await?)
    }

    /// When each person was last reminded of `course` (a local date).
    pub async fn training_reminders(&self, course: i64) -> Result<BTreeMap<i64, String>, AppError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT user_id, reminded_on FROM training_reminders WHERE course_id = $1",
        )
        .bind(course)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Reminds each overdue person (and tells each one's leads, naming them) once on `today`.
    pub async fn remind_training(
        &self,
        course: &CourseRow,
        overdue: &[(i64, String, Vec<i64>)],
        today: chrono::NaiveDate,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        for (user, name, leads) in overdue {
            let notice = Notice::TrainingOverdue {
                course_id: course.id,
                title: course.title.clone(),
                person: None,
            };
            tell(&mut tx, &[*user], course.id, &notice, at).await?;
            let to_leads = Notice::TrainingOverdue {
                course_id: course.id,
                title: course.title.clone(),
                person: Some(name.clone()),
            };
            tell(&mut tx, leads, course.id, &to_leads, at).await?;
            sqlx::query(
                "INSERT INTO training_reminders (course_id, user_id, reminded_on) \
                 VALUES ($1, $2, $3) ON CONFLICT (course_id, user_id) \
                 DO UPDATE SET reminded_on = excluded.reminded_on",
            )
            .bind(course.id)
            .bind(user)
            .bind(today.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn tell(
    tx: &mut Tx,
    users: &[i64],
    course: i64,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    insert_record_notifications(tx, users, COURSE, course, notice, at).await
}
