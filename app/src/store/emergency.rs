//! Risk events and the emergency plan library. Recording an event, activating its plan,
//! checking off a step, a report and filing each commit with their history events (in the
//! risk's history, in the one chain) and notifications in one transaction.
use super::history::append_risk_event;
use super::notifications::insert_risk_notifications;
use super::{is_unique_violation, Store, Tx};
use crate::domain::account::FieldProblem;
use crate::domain::emergency::{
    check_report, Duty, EventGrade, EventState, PlanStep, ReportKind, ReportRefusal,
};
use crate::domain::events::RiskEventData;
use crate::domain::notice::Notice;
use crate::error::AppError;
use crate::risk::{EmergencyPlan, EventReport, EventStep, RiskEvent};
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    title: String,
    scope: String,
    steps: String,
    retired: i64,
    updated_at: i64,
}

impl From<PlanRow> for EmergencyPlan {
    fn from(r: PlanRow) -> Self {
        EmergencyPlan {
            id: r.id,
            title: r.title,
            scope: r.scope,
            steps: serde_json::from_str(&r.steps).unwrap_or_default(),
            retired: r.retired != 0,
            updated_at: r.updated_at,
        }
    }
}

const PLAN_SELECT: &str =
    "SELECT id, title, scope, steps, retired, updated_at FROM emergency_plans";

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    risk_id: i64,
    risk_code: String,
    risk_title: String,
    warning_id: Option<i64>,
    grade: String,
    title: String,
    description: String,
    department_id: i64,
    department_name: String,
    reported_by: i64,
    reporter_name: String,
    recorded_at: i64,
    state: String,
    deadline: Option<String>,
    result: String,
    filed_by: Option<String>,
    filed_at: Option<i64>,
    plan_title: Option<String>,
    activated_at: Option<i64>,
    closed_at: Option<i64>,
}

impl From<EventRow> for RiskEvent {
    fn from(r: EventRow) -> Self {
        RiskEvent {
            id: r.id,
            risk_id: r.risk_id,
            risk_code: r.risk_code,
            risk_title: r.risk_title,
            warning_id: r.warning_id,
            grade: EventGrade::parse(&r.grade).unwrap_or(EventGrade::General),
            title: r.title,
            description: r.description,
            department_id: r.department_id,
            department_name: r.department_name,
            reported_by: r.reported_by,
            reporter_name: r.reporter_name,
            recorded_at: r.recorded_at,
            state: EventState::parse(&r.state).unwrap_or(EventState::Open),
            deadline: r.deadline.and_then(|d| d.parse().ok()),
            result: r.result,
            filed_by: r.filed_by,
            filed_at: r.filed_at,
            plan_title: r.plan_title,
            activated_at: r.activated_at,
            closed_at: r.closed_at,
        }
    }
}

const EVENT_SELECT: &str = "SELECT e.id, e.risk_id, r.code AS risk_code, r.title AS risk_title, \
     e.warning_id, e.grade, e.title, e.description, e.department_id, \
     d.name AS department_name, e.reported_by, u.display_name AS reporter_name, e.recorded_at, \
     e.state, e.deadline, e.result, f.display_name AS filed_by, e.filed_at, e.plan_title, \
     e.activated_at, e.closed_at FROM risk_event_records e JOIN risks r ON r.id = e.risk_id \
     JOIN departments d ON d.id = e.department_id JOIN users u ON u.id = e.reported_by \
     LEFT JOIN users f ON f.id = e.filed_by";

/// A plan as the administrator saves it.
pub struct PlanInput<'a> {
    pub title: &'a str,
    pub scope: &'a str,
    pub steps: &'a [PlanStep],
    pub retired: bool,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    step: i64,
    what: String,
    role: String,
    minutes: i64,
    done_by: Option<String>,
    done_at: Option<i64>,
    note: String,
}

/// An event to record; a major one with the plan to activate.
pub struct NewRiskEvent<'a> {
    pub risk_id: i64,
    pub warning_id: Option<i64>,
    pub grade: EventGrade,
    pub title: &'a str,
    pub description: &'a str,
    pub department_id: i64,
    pub deadline: Option<NaiveDate>,
    pub plan: Option<&'a EmergencyPlan>,
}

/// Locks the event's row for the rest of the transaction (a row lock on PostgreSQL; SQLite
/// write transactions hold the database) and reads its risk, grade, state and title.
async fn lock_event(
    tx: &mut Tx,
    id: i64,
) -> Result<(i64, EventGrade, EventState, String), AppError> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "UPDATE risk_event_records SET state = state WHERE id = $1 \
         RETURNING risk_id, grade, state, title",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (risk_id, grade, state, title) = row.ok_or(AppError::NotFound)?;
    Ok((
        risk_id,
        EventGrade::parse(&grade).ok_or(AppError::Internal)?,
        EventState::parse(&state).ok_or(AppError::Internal)?,
        title,
    ))
}

impl Store {
    /// The library: plans in use first, then retired ones, each by title.
    pub async fn emergency_plans(&self) -> Result<Vec<EmergencyPlan>, AppError> {
        let rows: Vec<PlanRow> = sqlx::query_as(&format!("{PLAN_SELECT} ORDER BY retired, title"))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn emergency_plan(&self, id: i64) -> Result<Option<EmergencyPlan>, AppError> {
        let row: Option<PlanRow> = sqlx::query_as(&format!("{PLAN_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(Into::into))
    }

    /// Adds a plan (`id` None) or changes one; a title in use: 422 on `title`. Events that
    /// activated the plan keep the steps they activated.
    pub async fn save_emergency_plan(
        &self,
        id: Option<i64>,
        p: &PlanInput<'_>,
        actor_id: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        let steps = serde_json::to_string(p.steps).map_err(|_| AppError::Internal)?;
        let taken = |e: sqlx::Error| {
            if is_unique_violation(&e, "title") {
                AppError::field("title", FieldProblem::AlreadyTaken)
            } else {
                e.into()
            }
        };
        let mut tx = self.begin_write().await?;
        let saved: Option<i64> = match id {
            None => sqlx::query_scalar(
                "INSERT INTO emergency_plans (title, scope, steps, retired, updated_by, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            ),
            Some(_) => sqlx::query_scalar(
                "UPDATE emergency_plans SET title = $1, scope = $2, steps = $3, retired = $4, \
                 updated_by = $5, updated_at = $6 WHERE id = $7 RETURNING id",
            ),
        }
        .bind(p.title)
        .bind(p.scope)
        .bind(steps)
        .bind(i64::from(p.retired))
        .bind(actor_id)
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(taken)?;
        let saved = saved.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Records an event with its history event and, for a major one, activates its plan
    /// (the steps copied, a `plan_activated` event); `notify` are told in the same
    /// transaction. An event already recorded from the warning: 409.
    pub async fn record_risk_event(
        &self,
        e: &NewRiskEvent<'_>,
        actor_id: i64,
        notify: &[i64],
        now: i64,
    ) -> Result<i64, AppError> {
        let mut tx = self.begin_write().await?;
        if let Some(w) = e.warning_id {
            let state: Option<String> =
                sqlx::query_scalar("SELECT state FROM risk_warnings WHERE id = $1")
                    .bind(w)
                    .fetch_optional(&mut *tx)
                    .await?;
            if state.as_deref() != Some("confirmed") {
                return Err(AppError::Conflict);
            }
        }
        let department: String = sqlx::query_scalar("SELECT name FROM departments WHERE id = $1")
            .bind(e.department_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::field("department_id", FieldProblem::UnknownChoice))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO risk_event_records (risk_id, warning_id, grade, title, description, \
             department_id, reported_by, recorded_at, state, deadline, plan_id, plan_title, \
             activated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $12) \
             RETURNING id",
        )
        .bind(e.risk_id)
        .bind(e.warning_id)
        .bind(e.grade.code())
        .bind(e.title)
        .bind(e.description)
        .bind(e.department_id)
        .bind(actor_id)
        .bind(now)
        .bind(e.deadline.map(|d| d.to_string()))
        .bind(e.plan.map(|p| p.id))
        .bind(e.plan.map(|p| p.title.clone()))
        .bind(e.plan.map(|_| now))
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| {
            if is_unique_violation(&err, "warning_id") {
                AppError::Conflict
            } else {
                err.into()
            }
        })?;
        let recorded = RiskEventData::EventRecorded {
            event_id: id,
            grade: e.grade,
            title: e.title.to_owned(),
            department,
            deadline: e.deadline,
            warning_id: e.warning_id,
        };
        append_risk_event(&mut tx, e.risk_id, Some(actor_id), now, &recorded).await?;
        if let Some(plan) = e.plan {
            for (n, s) in plan.steps.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO risk_event_steps (event_id, step, what, role, minutes) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(n as i64 + 1)
                .bind(&s.what)
                .bind(s.role.code())
                .bind(s.minutes)
                .execute(&mut *tx)
                .await?;
            }
            let activated = RiskEventData::PlanActivated {
                event_id: id,
                plan: plan.title.clone(),
                steps: plan.steps.clone(),
            };
            append_risk_event(&mut tx, e.risk_id, Some(actor_id), now, &activated).await?;
        }
        let notice = Notice::RiskEvent {
            event_id: id,
            title: e.title.to_owned(),
            grade: e.grade,
        };
        insert_risk_notifications(&mut tx, notify, e.risk_id, &notice, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn risk_event(&self, id: i64) -> Result<Option<RiskEvent>, AppError> {
        let row: Option<EventRow> = sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(Into::into))
    }

    /// Events newest first: all, the open ones, or one risk's.
    pub async fn risk_events_list(
        &self,
        risk_id: Option<i64>,
        only_open: bool,
        limit: i64,
    ) -> Result<Vec<RiskEvent>, AppError> {
        let (filter, limit_at) = match (risk_id, only_open) {
            (Some(_), _) => ("WHERE e.risk_id = $1", 2),
            (None, true) => ("WHERE e.state = 'open'", 1),
            (None, false) => ("", 1),
        };
        let sql = format!(
            "{EVENT_SELECT} {filter} ORDER BY e.recorded_at DESC, e.id DESC LIMIT ${limit_at}"
        );
        let mut q = sqlx::query_as::<_, EventRow>(&sql);
        if let Some(id) = risk_id {
            q = q.bind(id);
        }
        let rows = q.bind(limit).fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn risk_event_steps(&self, id: i64) -> Result<Vec<EventStep>, AppError> {
        let rows: Vec<StepRow> = sqlx::query_as(
            "SELECT s.step, s.what, s.role, s.minutes, u.display_name AS done_by, s.done_at, \
             s.note FROM risk_event_steps s LEFT JOIN users u ON u.id = s.done_by \
             WHERE s.event_id = $1 ORDER BY s.step",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(EventStep {
                    step: r.step,
                    what: r.what,
                    role: r.role.parse().ok()?,
                    minutes: r.minutes,
                    done_by: r.done_by,
                    done_at: r.done_at,
                    note: r.note,
                })
            })
            .collect())
    }

    pub async fn risk_event_reports(&self, id: i64) -> Result<Vec<EventReport>, AppError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT p.kind, p.body, u.display_name, p.made_at FROM risk_event_reports p \
             JOIN users u ON u.id = p.made_by WHERE p.event_id = $1 ORDER BY p.id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, body, made_by, made_at)| {
                Some(EventReport {
                    kind: ReportKind::parse(&kind)?,
                    body,
                    made_by,
                    made_at,
                })
            })
            .collect())
    }

    /// The department files a general event's result; compliance (`notify`) is told. Not an
    /// open general event: 409.
    pub async fn file_risk_event(
        &self,
        id: i64,
        result: &str,
        actor_id: i64,
        notify: &[i64],
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let (risk_id, grade, state, title) = lock_event(&mut tx, id).await?;
        if grade != EventGrade::General || state != EventState::Open {
            return Err(AppError::Conflict);
        }
        sqlx::query(
            "UPDATE risk_event_records SET state = 'filed', result = $1, filed_by = $2, \
             filed_at = $3, closed_at = $3 WHERE id = $4",
        )
        .bind(result)
        .bind(actor_id)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let event = RiskEventData::EventFiled {
            event_id: id,
            result: result.to_owned(),
        };
        append_risk_event(&mut tx, risk_id, Some(actor_id), now, &event).await?;
        let notice = Notice::RiskEventFiled {
            event_id: id,
            title,
        };
        insert_risk_notifications(&mut tx, notify, risk_id, &notice, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks off step `step` of an open event's plan, once (409 after that or once closed).
    pub async fn check_event_step(
        &self,
        id: i64,
        step: i64,
        note: &str,
        actor_id: i64,
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let (risk_id, _, state, _) = lock_event(&mut tx, id).await?;
        if state != EventState::Open {
            return Err(AppError::Conflict);
        }
        let what: Option<String> = sqlx::query_scalar(
            "UPDATE risk_event_steps SET done_by = $1, done_at = $2, note = $3 \
             WHERE event_id = $4 AND step = $5 AND done_at IS NULL RETURNING what",
        )
        .bind(actor_id)
        .bind(now)
        .bind(note)
        .bind(id)
        .bind(step)
        .fetch_optional(&mut *tx)
        .await?;
        let what = what.ok_or(AppError::Conflict)?;
        let event = RiskEventData::StepDone {
            event_id: id,
            step,
            what,
            note: note.to_owned(),
        };
        append_risk_event(&mut tx, risk_id, Some(actor_id), now, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A report on a major event, in the order `domain::emergency::check_report` allows
    /// (checked under the event's lock, so two final reports cannot both close it). The
    /// final one closes the event.
    pub async fn report_risk_event(
        &self,
        id: i64,
        kind: ReportKind,
        body: &str,
        actor_id: i64,
        now: i64,
    ) -> Result<bool, AppError> {
        let mut tx = self.begin_write().await?;
        let check = check_event_report(&mut tx, id, kind).await?;
        write_event_report(&mut tx, &check, kind, body, actor_id, now).await?;
        tx.commit().await?;
        Ok(check.closes)
    }
}

/// What a report on a major event would do, checked under the event's lock.
pub struct ReportCheck {
    pub event_id: i64,
    pub risk_id: i64,
    pub title: String,
    /// The final report: it closes the event.
    pub closes: bool,
}

/// Locks the event and checks the report's order: 409 out of order, or final with steps open
/// (or not a major event).
pub async fn check_event_report(
    tx: &mut Tx,
    id: i64,
    kind: ReportKind,
) -> Result<ReportCheck, AppError> {
    let (risk_id, grade, state, title) = lock_event(tx, id).await?;
    if grade != EventGrade::Major {
        return Err(AppError::Conflict);
    }
    let made: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM risk_event_reports WHERE event_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let made: Vec<ReportKind> = made.iter().filter_map(|k| ReportKind::parse(k)).collect();
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM risk_event_steps WHERE event_id = $1 AND done_at IS NULL",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let closes = check_report(kind, state, &made, open as usize)
        .map_err(|_: ReportRefusal| AppError::Conflict)?;
    Ok(ReportCheck {
        event_id: id,
        risk_id,
        title,
        closes,
    })
}

/// Records a checked report (closing the event when it is the final one) with its event.
pub async fn write_event_report(
    tx: &mut Tx,
    check: &ReportCheck,
    kind: ReportKind,
    body: &str,
    actor_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let id = check.event_id;
    sqlx::query(
        "INSERT INTO risk_event_reports (event_id, kind, body, made_by, made_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(kind.code())
    .bind(body)
    .bind(actor_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if check.closes {
        sqlx::query("UPDATE risk_event_records SET state = 'closed', closed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    let event = RiskEventData::EventReported {
        event_id: id,
        report: kind,
        text: body.to_owned(),
        closed: check.closes,
    };
    append_risk_event(tx, check.risk_id, Some(actor_id), now, &event).await?;
    Ok(())
}

/// An open event as the late-duty rule reads it.
#[derive(sqlx::FromRow)]
pub struct OpenEvent {
    pub id: i64,
    pub risk_id: i64,
    pub title: String,
    pub grade: String,
    pub department_id: i64,
    pub deadline: Option<String>,
    pub activated_at: Option<i64>,
    pub late_told: String,
    /// The reports made, comma-separated kinds.
    pub made: String,
}

impl Store {
    /// Every open event with the reports made on it.
    pub async fn open_risk_events(&self) -> Result<Vec<OpenEvent>, AppError> {
        let mut rows: Vec<OpenEvent> = sqlx::query_as(
            "SELECT id, risk_id, title, grade, department_id, deadline, activated_at, late_told, \
             '' AS made FROM risk_event_records WHERE state = 'open' ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        let reports: Vec<(i64, String)> = sqlx::query_as(
            "SELECT p.event_id, p.kind FROM risk_event_reports p \
             JOIN risk_event_records e ON e.id = p.event_id WHERE e.state = 'open'",
        )
        .fetch_all(self.pool())
        .await?;
        for (event, kind) in reports {
            if let Some(e) = rows.iter_mut().find(|e| e.id == event) {
                e.made.push_str(&kind);
                e.made.push(',');
            }
        }
        Ok(rows)
    }

    /// Tells `notify` that `duty` of an open event is late, with its event in the risk's
    /// history, unless it was told before or the event closed meanwhile (then `false`).
    pub async fn tell_event_late(
        &self,
        id: i64,
        duty: Duty,
        notify: &[i64],
        now: i64,
    ) -> Result<bool, AppError> {
        let mut tx = self.begin_write().await?;
        let (risk_id, _, state, title) = lock_event(&mut tx, id).await?;
        let told: String =
            sqlx::query_scalar("SELECT late_told FROM risk_event_records WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if state != EventState::Open || told.split(',').any(|d| d == duty.code()) {
            return Ok(false);
        }
        sqlx::query("UPDATE risk_event_records SET late_told = $1 WHERE id = $2")
            .bind(format!("{told}{},", duty.code()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let event = RiskEventData::EventLate { event_id: id, duty };
        append_risk_event(&mut tx, risk_id, None, now, &event).await?;
        let notice = Notice::RiskEventLate {
            event_id: id,
            title,
            duty,
        };
        insert_risk_notifications(&mut tx, notify, risk_id, &notice, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}
