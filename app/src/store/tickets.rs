//! Tickets: numbering, registration, locking a ticket for a change, saving its progress,
//! requests awaiting decisions, dispatch candidates, lists, caller lookup and search.
use super::{Backend, Store, Tx};
use crate::domain::deadline::{Marks, Schedule};
use crate::domain::dispatch::{parse_skills, Candidate};
use crate::domain::roles::Clearance;
use crate::domain::ticket::{CorrectableField, State};
use crate::domain::workflow::{Access, Actor, Progress};
use crate::error::AppError;

pub struct NewTicket<'a> {
    pub channel: &'a str,
    pub priority: &'a str,
    pub category_id: i64,
    pub description: &'a str,
    pub caller_name: &'a str,
    pub caller_phone: &'a str,
    pub caller_id_number: &'a str,
    pub address: &'a str,
    pub answers_json: &'a str,
    pub confidentiality: Clearance,
    pub registered_by: i64,
    pub registered_at: i64,
}

/// A ticket row with the names it refers to. Holds raw PII: never sent as is.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct TicketRow {
    pub id: i64,
    pub number: String,
    pub state: String,
    pub channel: String,
    pub priority: String,
    pub category_id: i64,
    pub category_code: String,
    pub category_name: String,
    pub description: String,
    pub caller_name: String,
    pub caller_phone: String,
    pub caller_id_number: String,
    pub address: String,
    pub answers: String,
    pub confidentiality: String,
    pub registered_by: i64,
    pub registered_by_name: String,
    pub registered_at: i64,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub first_department_id: Option<i64>,
    pub first_assigned_at: Option<i64>,
    pub assigned_at: Option<i64>,
    pub clock_started_at: Option<i64>,
    pub sign_due_at: Option<i64>,
    pub signed_at: Option<i64>,
    pub resolve_due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub result: String,
    pub callback_due_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub close_outcome: String,
    pub archived_at: Option<i64>,
    pub redo_count: i64,
    pub return_count: i64,
    pub urge_count: i64,
    pub callback_attempts: i64,
    pub repeat_calls: i64,
    pub supervised: i64,
    pub extension_pending: i64,
    pub correction_pending: i64,
    pub warn_at: Option<i64>,
    pub watch_due_at: Option<i64>,
    pub warned: i64,
    pub escalation_level: i64,
}

pub(super) const TICKET_SELECT: &str =
    "SELECT t.id, t.number, t.state, t.channel, t.priority, t.category_id, \
     c.code AS category_code, c.name AS category_name, t.description, t.caller_name, \
     t.caller_phone, t.caller_id_number, t.address, t.answers, t.confidentiality, \
     t.registered_by, r.display_name AS registered_by_name, t.registered_at, t.department_id, \
     d.name AS department_name, t.handler_id, h.display_name AS handler_name, \
     t.first_department_id, t.first_assigned_at, t.assigned_at, t.clock_started_at, t.sign_due_at, t.signed_at, \
     t.resolve_due_at, t.resolved_at, t.result, t.callback_due_at, t.closed_at, t.close_outcome, \
     t.archived_at, t.redo_count, t.return_count, t.urge_count, t.callback_attempts, \
     t.repeat_calls, t.supervised, t.extension_pending, t.correction_pending, \
     t.warn_at, t.watch_due_at, t.warned, t.escalation_level \
     FROM tickets t JOIN categories c ON c.id = t.category_id \
     JOIN users r ON r.id = t.registered_by \
     LEFT JOIN departments d ON d.id = t.department_id \
     LEFT JOIN users h ON h.id = t.handler_id";

impl TicketRow {
    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Registered)
    }
    pub fn confidentiality(&self) -> Clearance {
        self.confidentiality.parse().unwrap_or(Clearance::Secret)
    }
    pub fn access(&self) -> Access {
        Access {
            state: self.state(),
            department_id: self.department_id,
            handler_id: self.handler_id,
            registered_by: self.registered_by,
            confidentiality: self.confidentiality(),
            supervised: self.supervised != 0,
            extension_pending: self.extension_pending != 0,
            correction_pending: self.correction_pending != 0,
        }
    }
    pub fn progress(&self) -> Progress {
        Progress {
            state: Some(self.state()),
            department_id: self.department_id,
            handler_id: self.handler_id,
            first_department_id: self.first_department_id,
            first_assigned_at: self.first_assigned_at,
            assigned_at: self.assigned_at,
            clock_started_at: self.clock_started_at,
            sign_due_at: self.sign_due_at,
            signed_at: self.signed_at,
            resolve_due_at: self.resolve_due_at,
            resolved_at: self.resolved_at,
            result: self.result.clone(),
            callback_due_at: self.callback_due_at,
            closed_at: self.closed_at,
            close_outcome: self.close_outcome.clone(),
            archived_at: self.archived_at,
            confidentiality: self.confidentiality(),
            redo_count: self.redo_count,
            return_count: self.return_count,
            urge_count: self.urge_count,
            callback_attempts: self.callback_attempts,
            repeat_calls: self.repeat_calls,
            supervised: self.supervised != 0,
            extension_pending: self.extension_pending != 0,
            correction_pending: self.correction_pending != 0,
        }
    }
    /// What the deadline engine has raised for the running clock.
    pub fn marks(&self) -> Marks {
        Marks {
            due_at: self.watch_due_at,
            warned: self.warned != 0,
            level: self.escalation_level,
        }
    }
    pub fn fact(&self, field: CorrectableField) -> &str {
        match field {
            CorrectableField::CallerName => &self.caller_name,
            CorrectableField::CallerPhone => &self.caller_phone,
            CorrectableField::CallerIdNumber => &self.caller_id_number,
            CorrectableField::Address => &self.address,
            CorrectableField::Description => &self.description,
        }
    }
}

/// A request waiting for a decision (extension or correction).
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct RequestRow {
    pub id: i64,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub requested_by_name: String,
    pub requested_at: i64,
}

/// Which tickets the actor may see, as SQL over `t`. Only integers and fixed codes are
/// inlined, never user text.
pub fn visibility_clause(actor: &Actor) -> String {
    let levels: Vec<String> = Clearance::ALL
        .iter()
        .filter(|l| actor.clearance.permits(**l))
        .map(|l| format!("'{}'", l.code()))
        .collect();
    let mut scopes = Vec::new();
    if actor.sees_all() {
        scopes.push("1 = 1".to_owned());
    }
    use crate::domain::roles::Role;
    if (actor.roles.contains(&Role::Handler) || actor.roles.contains(&Role::DeptLead))
        && !actor.departments.is_empty()
    {
        let ids: Vec<String> = actor.departments.iter().map(i64::to_string).collect();
        scopes.push(format!("t.department_id IN ({})", ids.join(",")));
    }
    if actor.roles.contains(&Role::Agent) {
        scopes.push(format!(
            "(t.registered_by = {} OR t.state = 'resolved')",
            actor.id
        ));
    }
    if scopes.is_empty() {
        scopes.push("1 = 0".to_owned());
    }
    // Leave out what always holds, so counts can be answered from an index alone.
    let scope = if actor.sees_all() {
        "1 = 1".to_owned()
    } else {
        format!("({})", scopes.join(" OR "))
    };
    if levels.len() == Clearance::ALL.len() {
        scope
    } else {
        format!("t.confidentiality IN ({}) AND {scope}", levels.join(","))
    }
}

/// A list of tickets: which ones, in what order.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub states: Vec<State>,
    pub handler_id: Option<i64>,
    pub registered_by: Option<i64>,
    pub departments: Option<Vec<i64>>,
    pub extension_pending: bool,
    pub correction_pending: bool,
    pub supervised: bool,
    pub limit: i64,
}

impl Store {
    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// so concurrent writers queue on the busy timeout instead of failing on a lock upgrade.
    pub async fn begin_write(&self) -> Result<Tx, AppError> {
        Ok(match self.backend() {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool().begin().await?,
        })
    }

    pub async fn ticket_by_number(&self, number: &str) -> Result<Option<TicketRow>, AppError> {
        Ok(
            sqlx::query_as(&format!("{TICKET_SELECT} WHERE t.number = $1"))
                .bind(number)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn list_tickets(
        &self,
        actor: &Actor,
        f: &ListFilter,
    ) -> Result<Vec<TicketRow>, AppError> {
        let mut sql = format!("{TICKET_SELECT} WHERE {}", visibility_clause(actor));
        if !f.states.is_empty() {
            let s: Vec<String> = f.states.iter().map(|s| format!("'{}'", s.code())).collect();
            sql.push_str(&format!(" AND t.state IN ({})", s.join(",")));
        }
        if let Some(h) = f.handler_id {
            sql.push_str(&format!(" AND t.handler_id = {h}"));
        }
        if let Some(r) = f.registered_by {
            sql.push_str(&format!(" AND t.registered_by = {r}"));
        }
        if let Some(ds) = &f.departments {
            let ids: Vec<String> = ds.iter().map(i64::to_string).collect();
            sql.push_str(&format!(" AND t.department_id IN ({})", ids.join(",")));
        }
        for (on, col) in [
            (f.extension_pending, "extension_pending"),
            (f.correction_pending, "correction_pending"),
            (f.supervised, "supervised"),
        ] {
            if on {
                sql.push_str(&format!(" AND t.{col} = 1"));
            }
        }
        sql.push_str(&format!(
            " ORDER BY COALESCE(t.resolve_due_at, t.registered_at), t.id LIMIT {}",
            f.limit.clamp(1, 500)
        ));
        Ok(sqlx::query_as(&sql).fetch_all(self.pool()).await?)
    }

    /// The caller's tickets the actor may see, newest first, and how many tickets (of any
    /// visibility: a count, no content) the number registered since `since`.
    pub async fn caller_history(
        &self,
        actor: &Actor,
        phone: &str,
        since: i64,
    ) -> Result<(Vec<TicketRow>, i64), AppError> {
        let rows = sqlx::query_as(&format!(
            "{TICKET_SELECT} WHERE t.caller_phone = $1 AND {} ORDER BY t.registered_at DESC LIMIT 20",
            visibility_clause(actor)
        ))
        .bind(phone)
        .fetch_all(self.pool())
        .await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM tickets WHERE caller_phone = $1 AND registered_at >= $2",
        )
        .bind(phone)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        Ok((rows, recent))
    }

    /// Search by number, phone (exact, never echoed) or text in the description or address.
    /// Text of three or more characters uses the trigram index; shorter text scans.
    pub async fn search_tickets(
        &self,
        actor: &Actor,
        query: &str,
        phone: Option<&str>,
    ) -> Result<Vec<TicketRow>, AppError> {
        let vis = visibility_clause(actor);
        let q = query.trim();
        let limit = 100;
        let rows = if let Some(phone) = phone {
            sqlx::query_as(&format!(
                "{TICKET_SELECT} WHERE t.caller_phone = $1 AND {vis} ORDER BY t.registered_at DESC LIMIT {limit}"
            ))
            .bind(phone)
            .fetch_all(self.pool())
            .await?
        } else if q.len() >= 8 && q.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            sqlx::query_as(&format!(
                "{TICKET_SELECT} WHERE t.number LIKE $1 AND {vis} ORDER BY t.number LIMIT {limit}"
            ))
            .bind(format!("{}%", like_escape(q)))
            .fetch_all(self.pool())
            .await?
        } else if q.chars().count() >= 3 && self.backend() == Backend::Sqlite {
            let phrase = format!("\"{}\"", q.replace('"', "\"\""));
            sqlx::query_as(&format!(
                "{TICKET_SELECT} WHERE t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH $1) \
                 AND {vis} ORDER BY t.registered_at DESC LIMIT {limit}"
            ))
            .bind(phrase)
            .fetch_all(self.pool())
            .await?
        } else {
            let op = if self.backend() == Backend::Postgres {
                "ILIKE"
            } else {
                "LIKE"
            };
            sqlx::query_as(&format!(
                "{TICKET_SELECT} WHERE (t.description {op} $1 ESCAPE '\\' OR t.address {op} $1 ESCAPE '\\') \
                 AND {vis} ORDER BY t.registered_at DESC LIMIT {limit}"
            ))
            .bind(format!("%{}%", like_escape(q)))
            .fetch_all(self.pool())
            .await?
        };
        Ok(rows)
    }

    /// Closed tickets closed before `before`, for automatic archiving.
    pub async fn closed_before(&self, before: i64, limit: i64) -> Result<Vec<i64>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM tickets WHERE state = 'closed' AND closed_at < $1 ORDER BY closed_at LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn pending_request(
        &self,
        ticket_id: i64,
        kind: &str,
    ) -> Result<Option<RequestRow>, AppError> {
        pending_request_on(self.pool(), ticket_id, kind).await
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

async fn pending_request_on<'e, E>(
    exec: E,
    ticket_id: i64,
    kind: &str,
) -> Result<Option<RequestRow>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT q.id, q.field, q.old_value, q.new_value, q.reason, u.display_name AS requested_by_name, \
         q.requested_at FROM ticket_requests q JOIN users u ON u.id = q.requested_by \
         WHERE q.ticket_id = $1 AND q.kind = $2 AND q.state = 'pending' ORDER BY q.id DESC LIMIT 1",
    )
    .bind(ticket_id)
    .bind(kind)
    .fetch_optional(exec)
    .await?)
}

/// The next number of `day` (gap-free: the counter row is part of the transaction).
pub async fn next_sequence(tx: &mut Tx, day: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO ticket_counters (day, last) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last",
    )
    .bind(day)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn insert_ticket(tx: &mut Tx, t: &NewTicket<'_>, number: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO tickets (number, state, channel, priority, category_id, description, \
         caller_name, caller_phone, caller_id_number, address, answers, confidentiality, \
         registered_by, registered_at, updated_at, board_at) \
         VALUES ($1, 'registered', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13) RETURNING id",
    )
    .bind(number)
    .bind(t.channel)
    .bind(t.priority)
    .bind(t.category_id)
    .bind(t.description)
    .bind(t.caller_name)
    .bind(t.caller_phone)
    .bind(t.caller_id_number)
    .bind(t.address)
    .bind(t.answers_json)
    .bind(t.confidentiality.code())
    .bind(t.registered_by)
    .bind(t.registered_at)
    .fetch_one(&mut **tx)
    .await?)
}

/// Locks the ticket for this transaction (the first statement writes, so concurrent
/// changes to one ticket queue) and reads it.
pub async fn lock_ticket(tx: &mut Tx, id: i64, now: i64) -> Result<Option<TicketRow>, AppError> {
    let n = sqlx::query("UPDATE tickets SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Ok(None);
    }
    Ok(sqlx::query_as(&format!("{TICKET_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?)
}

fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// Saves the ticket's progress with the board's and the deadline engine's columns.
pub async fn save_progress(
    tx: &mut Tx,
    id: i64,
    p: &Progress,
    registered_at: i64,
    s: &Schedule,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE tickets SET state = $1, department_id = $2, handler_id = $3, \
         first_department_id = $4, first_assigned_at = $5, assigned_at = $6, sign_due_at = $7, \
         signed_at = $8, resolve_due_at = $9, resolved_at = $10, result = $11, \
         callback_due_at = $12, closed_at = $13, close_outcome = $14, archived_at = $15, \
         confidentiality = $16, redo_count = $17, return_count = $18, urge_count = $19, \
         callback_attempts = $20, repeat_calls = $21, supervised = $22, extension_pending = $23, \
         correction_pending = $24, clock_started_at = $25, due_at = $26, board_at = $27, \
         warn_at = $28, watch_due_at = $29, warned = $30, escalation_level = $31, \
         next_check_at = $32 WHERE id = $33",
    )
    .bind(p.state().code())
    .bind(p.department_id)
    .bind(p.handler_id)
    .bind(p.first_department_id)
    .bind(p.first_assigned_at)
    .bind(p.assigned_at)
    .bind(p.sign_due_at)
    .bind(p.signed_at)
    .bind(p.resolve_due_at)
    .bind(p.resolved_at)
    .bind(&p.result)
    .bind(p.callback_due_at)
    .bind(p.closed_at)
    .bind(&p.close_outcome)
    .bind(p.archived_at)
    .bind(p.confidentiality.code())
    .bind(p.redo_count)
    .bind(p.return_count)
    .bind(p.urge_count)
    .bind(p.callback_attempts)
    .bind(p.repeat_calls)
    .bind(flag(p.supervised))
    .bind(flag(p.extension_pending))
    .bind(flag(p.correction_pending))
    .bind(p.clock_started_at)
    .bind(p.due_at())
    .bind(p.board_at(registered_at))
    .bind(s.warn_at)
    .bind(s.marks.due_at)
    .bind(flag(s.marks.warned))
    .bind(s.marks.level)
    .bind(s.next_check_at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An approved correction changes the registered fact (the events keep the old value).
pub async fn update_fact(
    tx: &mut Tx,
    id: i64,
    field: CorrectableField,
    value: &str,
) -> Result<(), AppError> {
    // The column name comes from a closed set of codes, never from the request.
    sqlx::query(&format!(
        "UPDATE tickets SET {} = $1 WHERE id = $2",
        field.code()
    ))
    .bind(value)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct NewRequest<'a> {
    pub ticket_id: i64,
    pub kind: &'a str,
    pub field: &'a str,
    pub old_value: &'a str,
    pub new_value: &'a str,
    pub reason: &'a str,
    pub requested_by: i64,
    pub requested_at: i64,
}

pub async fn insert_request(tx: &mut Tx, r: &NewRequest<'_>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO ticket_requests (ticket_id, kind, field, old_value, new_value, reason, \
         requested_by, requested_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') \
         RETURNING id",
    )
    .bind(r.ticket_id)
    .bind(r.kind)
    .bind(r.field)
    .bind(r.old_value)
    .bind(r.new_value)
    .bind(r.reason)
    .bind(r.requested_by)
    .bind(r.requested_at)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn pending_request_tx(
    tx: &mut Tx,
    ticket_id: i64,
    kind: &str,
) -> Result<Option<RequestRow>, AppError> {
    pending_request_on(&mut **tx, ticket_id, kind).await
}

pub async fn decide_request(
    tx: &mut Tx,
    id: i64,
    approved: bool,
    by: i64,
    at: i64,
    note: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE ticket_requests SET state = $1, decided_by = $2, decided_at = $3, decision_note = $4 \
         WHERE id = $5 AND state = 'pending'",
    )
    .bind(if approved { "approved" } else { "rejected" })
    .bind(by)
    .bind(at)
    .bind(note)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The department's name and whether it dispatches straight to people.
pub async fn department_dispatch(tx: &mut Tx, id: i64) -> Result<Option<(String, bool)>, AppError> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT name, assign_to_people FROM departments WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(n, a)| (n, a != 0)))
}

/// Active handlers of the department with their open tickets and last assignment.
pub async fn dispatch_candidates(
    tx: &mut Tx,
    department_id: i64,
) -> Result<Vec<Candidate>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.skills, u.on_duty, \
         (SELECT COUNT(*) FROM tickets t WHERE t.handler_id = u.id AND t.state IN ('assigned', 'in_progress')), \
         u.last_assigned_at FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'handler' \
         WHERE u.department_id = $1 AND u.active = 1",
    )
    .bind(department_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(user_id, name, skills, on_duty, open_count, last)| Candidate {
                user_id,
                name,
                skills: parse_skills(&skills),
                on_duty: on_duty != 0,
                open_count,
                last_assigned_at: last,
            },
        )
        .collect())
}

/// A handler of the department (for manual assignment): their name, if they are one.
pub async fn handler_in(tx: &mut Tx, user_id: i64) -> Result<Option<(String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT u.display_name, u.department_id FROM users u \
         JOIN user_roles r ON r.user_id = u.id AND r.role = 'handler' WHERE u.id = $1 AND u.active = 1",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn touch_last_assigned(tx: &mut Tx, user_id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET last_assigned_at = $1 WHERE id = $2")
        .bind(at)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The category's resolve deadline in working hours for `priority` (40 if it is gone).
pub async fn resolve_hours(
    tx: &mut Tx,
    category_id: i64,
    priority: crate::domain::ticket::Priority,
) -> Result<i64, AppError> {
    use crate::domain::ticket::Priority as P;
    let col = match priority {
        P::Urgent => "hours_urgent",
        P::High => "hours_high",
        P::Normal => "hours_normal",
        P::Low => "hours_low",
    };
    let hours: Option<i64> =
        sqlx::query_scalar(&format!("SELECT {col} FROM categories WHERE id = $1"))
            .bind(category_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(hours.unwrap_or(40))
}
