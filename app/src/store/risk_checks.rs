//! Risk checks: plans and the ledger. A recorded check is one new ledger row (the database
//! refuses to change or delete it), the plan moved on to its next occurrence, and the event
//! in the risk's history — in one transaction.
use super::history::append_risk_event;
use super::{is_unique_violation, Store};
use crate::domain::account::FieldProblem;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::events::RiskEventData;
use crate::domain::risk_check::{self, CheckResult, Schedule};
use crate::error::AppError;
use crate::risk::{CheckPlan, LedgerEntry, LedgerRow};
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    risk_id: i64,
    risk_code: String,
    risk_title: String,
    schedule: String,
    checker_id: i64,
    checker_name: String,
    nominal_due: String,
    due_on: String,
}

impl From<PlanRow> for CheckPlan {
    fn from(r: PlanRow) -> Self {
        CheckPlan {
            id: r.id,
            risk_id: r.risk_id,
            risk_code: r.risk_code,
            risk_title: r.risk_title,
            schedule: Schedule::parse(&r.schedule).unwrap_or(Schedule::Monthly),
            checker_id: r.checker_id,
            checker_name: r.checker_name,
            nominal_due: r.nominal_due.parse().unwrap_or_default(),
            due_on: r.due_on.parse().unwrap_or_default(),
        }
    }
}

const PLAN_SELECT: &str = "SELECT p.id, p.risk_id, r.code AS risk_code, r.title AS risk_title, \
     p.schedule, p.checker_id, u.display_name AS checker_name, p.nominal_due, p.due_on \
     FROM risk_check_plans p JOIN risks r ON r.id = p.risk_id \
     JOIN users u ON u.id = p.checker_id";

#[derive(sqlx::FromRow)]
struct LedgerDbRow {
    id: i64,
    plan_id: i64,
    due_on: String,
    checked_by: String,
    checked_at: i64,
    method: String,
    result: String,
    findings: String,
    evidence: String,
}

impl From<LedgerDbRow> for LedgerRow {
    fn from(r: LedgerDbRow) -> Self {
        LedgerRow {
            id: r.id,
            plan_id: r.plan_id,
            due_on: r.due_on.parse().unwrap_or_default(),
            checked_by: r.checked_by,
            checked_at: r.checked_at,
            method: r.method,
            result: CheckResult::parse(&r.result).unwrap_or(CheckResult::ProblemFound),
            findings: r.findings,
            evidence: r.evidence,
        }
    }
}

/// A ledger row with the risk it belongs to (the 排查台账 page and its exports).
#[derive(sqlx::FromRow)]
struct LedgerEntryRow {
    #[sqlx(flatten)]
    row: LedgerDbRow,
    risk_id: i64,
    risk_code: String,
    risk_title: String,
    department_id: i64,
    department_name: String,
    owner_id: i64,
}

const LEDGER_COLUMNS: &str = "c.id, c.plan_id, c.due_on, u.display_name AS checked_by, \
     c.checked_at, c.method, c.result, c.findings, c.evidence";

/// What a checker writes down. A problem found comes with its rectification: the day it
/// must be fixed by and the measures (the risk's owner owns it).
pub struct CheckRecord<'a> {
    pub method: &'a str,
    pub result: CheckResult,
    pub findings: &'a str,
    pub evidence: &'a str,
    pub rectify: Option<(NaiveDate, &'a str)>,
}

impl Store {
    /// Plans a check of a risk; the first occurrence falls due on the working day on or
    /// after `first`.
    #[allow(clippy::too_many_arguments)]
    pub async fn plan_risk_check(
        &self,
        risk_id: i64,
        schedule: Schedule,
        checker_id: i64,
        first: NaiveDate,
        calendar: &WorkingCalendar,
        actor_id: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        let ids = self
            .plan_risk_checks(
                &[risk_id],
                schedule,
                checker_id,
                first,
                calendar,
                actor_id,
                now,
            )
            .await?;
        ids.first().copied().ok_or(AppError::Internal)
    }

    /// Plans the same check of each of `risk_ids` (a department's risks) in one
    /// transaction: a plan and its event per risk.
    #[allow(clippy::too_many_arguments)]
    pub async fn plan_risk_checks(
        &self,
        risk_ids: &[i64],
        schedule: Schedule,
        checker_id: i64,
        first: NaiveDate,
        calendar: &WorkingCalendar,
        actor_id: i64,
        now: i64,
    ) -> Result<Vec<i64>, AppError> {
        let due_on = risk_check::due_on(first, calendar);
        let mut tx = self.begin_write().await?;
        let checker: Option<String> =
            sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1 AND active = 1")
                .bind(checker_id)
                .fetch_optional(&mut *tx)
                .await?;
        let checker =
            checker.ok_or_else(|| AppError::field("checker_id", FieldProblem::UnknownChoice))?;
        let mut ids = Vec::with_capacity(risk_ids.len());
        for &risk_id in risk_ids {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO risk_check_plans (risk_id, schedule, checker_id, nominal_due, due_on, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(risk_id)
            .bind(schedule.code())
            .bind(checker_id)
            .bind(first.to_string())
            .bind(due_on.to_string())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let event = RiskEventData::CheckPlanned {
                plan_id: id,
                schedule,
                checker: checker.clone(),
                due_on,
            };
            append_risk_event(&mut tx, risk_id, Some(actor_id), now, &event).await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn risk_check_plan(&self, id: i64) -> Result<Option<CheckPlan>, AppError> {
        let row: Option<PlanRow> = sqlx::query_as(&format!("{PLAN_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(Into::into))
    }

    pub async fn risk_check_plans(&self, risk_id: i64) -> Result<Vec<CheckPlan>, AppError> {
        let rows: Vec<PlanRow> =
            sqlx::query_as(&format!("{PLAN_SELECT} WHERE p.risk_id = $1 ORDER BY p.id"))
                .bind(risk_id)
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// A checker's tasks: each of their plans at its next due day, soonest first.
    pub async fn check_tasks_of(&self, checker_id: i64) -> Result<Vec<CheckPlan>, AppError> {
        let rows: Vec<PlanRow> = sqlx::query_as(&format!(
            "{PLAN_SELECT} WHERE p.checker_id = $1 ORDER BY p.due_on, p.id"
        ))
        .bind(checker_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Records the check of the plan's current occurrence and moves the plan on. The same
    /// occurrence recorded twice (two tabs, a double click) is refused: 409.
    pub async fn record_risk_check(
        &self,
        plan_id: i64,
        record: &CheckRecord<'_>,
        calendar: &WorkingCalendar,
        actor_id: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        let mut tx = self.begin_write().await?;
        let plan: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT risk_id, schedule, nominal_due, due_on FROM risk_check_plans WHERE id = $1",
        )
        .bind(plan_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (risk_id, schedule, nominal, due_on) = plan.ok_or(AppError::NotFound)?;
        let schedule = Schedule::parse(&schedule).ok_or(AppError::Internal)?;
        let nominal: NaiveDate = nominal.parse().map_err(|_| AppError::Internal)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO risk_checks (plan_id, risk_id, due_on, checked_by, checked_at, method, \
             result, findings, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(plan_id)
        .bind(risk_id)
        .bind(&due_on)
        .bind(actor_id)
        .bind(now)
        .bind(record.method)
        .bind(record.result.code())
        .bind(record.findings)
        .bind(record.evidence)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e, "due_on") {
                AppError::Conflict
            } else {
                e.into()
            }
        })?;
        let (next_nominal, next_due) = risk_check::next_occurrence(schedule, nominal, calendar);
        sqlx::query("UPDATE risk_check_plans SET nominal_due = $1, due_on = $2 WHERE id = $3")
            .bind(next_nominal.to_string())
            .bind(next_due.to_string())
            .bind(plan_id)
            .execute(&mut *tx)
            .await?;
        let event = RiskEventData::Checked {
            check_id: id,
            due_on: due_on.parse().map_err(|_| AppError::Internal)?,
            result: record.result,
            method: record.method.to_owned(),
            next_due_on: next_due,
        };
        append_risk_event(&mut tx, risk_id, Some(actor_id), now, &event).await?;
        if let (CheckResult::ProblemFound, Some((deadline, measures))) =
            (record.result, record.rectify)
        {
            super::rectifications::open_rectification(
                &mut tx, id, risk_id, deadline, measures, actor_id, now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The ledger rows of a risk, newest first.
    pub async fn risk_ledger(&self, risk_id: i64) -> Result<Vec<LedgerRow>, AppError> {
        let rows: Vec<LedgerDbRow> = sqlx::query_as(&format!(
            "SELECT {LEDGER_COLUMNS} FROM risk_checks c JOIN users u ON u.id = c.checked_by \
             WHERE c.risk_id = $1 ORDER BY c.id DESC"
        ))
        .bind(risk_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The ledger rows recorded in `[from, to)` (with one result, or any), newest first,
    /// each with its risk. Who may see which is the caller's to decide.
    pub async fn ledger_between(
        &self,
        from: i64,
        to: i64,
        result: Option<CheckResult>,
    ) -> Result<Vec<LedgerEntry>, AppError> {
        let rows: Vec<LedgerEntryRow> = sqlx::query_as(&format!(
            "SELECT {LEDGER_COLUMNS}, r.id AS risk_id, r.code AS risk_code, \
             r.title AS risk_title, r.department_id, d.name AS department_name, r.owner_id \
             FROM risk_checks c JOIN users u ON u.id = c.checked_by \
             JOIN risks r ON r.id = c.risk_id JOIN departments d ON d.id = r.department_id \
             WHERE c.checked_at >= $1 AND c.checked_at < $2 AND c.result IN ($3, $4) \
             ORDER BY c.checked_at DESC, c.id DESC"
        ))
        .bind(from)
        .bind(to)
        .bind(result.unwrap_or(CheckResult::NoProblem).code())
        .bind(result.unwrap_or(CheckResult::ProblemFound).code())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| LedgerEntry {
                row: r.row.into(),
                risk_id: r.risk_id,
                risk_code: r.risk_code,
                risk_title: r.risk_title,
                department_id: r.department_id,
                department_name: r.department_name,
                owner_id: r.owner_id,
            })
            .collect())
    }
}
