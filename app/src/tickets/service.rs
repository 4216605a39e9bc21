//! The work-order service: registration with automatic dispatch, and every action on a ticket.
//! Each call is one transaction holding the change, its history events and its counters;
//! the rules come from `domain`, the SQL from `store`.
use super::*;
use crate::auth::Account;
use crate::domain::account::FieldProblem;
use crate::domain::deadline::{schedule, Marks, Schedule};
use crate::domain::dispatch::{choose_handler, Basis, BasisRule};
use crate::domain::events::EventData;
use crate::domain::notice::{notice_for, recipients, Place};
use crate::domain::privacy::{mask_id_number, mask_phone};
use crate::domain::review::Proposal;
use crate::domain::ticket::{format_number, CorrectableField};
use crate::domain::workflow::{
    apply, available_actions, can_view, may, Actor, Command, Deadlines, Rejection, Target,
};
use crate::error::AppError;
use crate::reference::{Category, DeskSettings};
use crate::reviews::gate::{self as review_gate, Via};
use crate::store::feed::Change;
use crate::store::history::append_event;
use crate::store::notifications::{alert_staff, insert_notifications};
use crate::store::report::reproject;
use crate::store::tickets::{self as tx_ops, ListFilter, NewRequest, NewTicket, TicketRow};
use crate::store::{Store, Tx};
use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;

/// The rules' view of a signed-in account: its department and those below it.
pub async fn actor_of(store: &Store, account: &Account) -> Result<Actor, AppError> {
    let departments = store.list_departments().await?;
    Ok(Actor {
        id: account.id,
        roles: account.roles.clone(),
        clearance: account.clearance,
        departments: crate::domain::org::subtree(&departments, account.department_id),
    })
}

fn utc(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Deadlines set by an action at `now`: sign-for, resolve (category × priority), callback.
pub fn deadlines<Tz: TimeZone>(
    settings: &DeskSettings,
    resolve_hours: i64,
    now: i64,
    tz: &Tz,
) -> Deadlines {
    let cal = &settings.calendar;
    let start = utc(now);
    Deadlines {
        sign_due_at: cal
            .add_working_hours(start, settings.sign_for_hours, tz)
            .timestamp_millis(),
        resolve_due_at: cal
            .add_working_hours(start, resolve_hours, tz)
            .timestamp_millis(),
        callback_due_at: cal
            .add_working_minutes(start, cal.working_minutes_per_day(), tz)
            .timestamp_millis(),
    }
}

pub fn summary(r: &TicketRow) -> TicketSummary {
    let state = r.state();
    TicketSummary {
        id: r.id,
        number: r.number.clone(),
        state,
        priority: Priority::parse(&r.priority).unwrap_or(Priority::Normal),
        category: r.category_name.clone(),
        caller_name: r.caller_name.clone(),
        caller_phone: mask_phone(&r.caller_phone),
        department: r.department_name.clone(),
        handler: r.handler_name.clone(),
        registered_at: r.registered_at,
        due_at: match state {
            State::Assigned => r.sign_due_at,
            State::InProgress => r.resolve_due_at,
            State::Resolved => r.callback_due_at,
            _ => None,
        },
        supervised: r.supervised != 0,
        extension_pending: r.extension_pending != 0,
        urge_count: r.urge_count,
        redo_count: r.redo_count,
        return_count: r.return_count,
    }
}

/// What the agent typed at intake (already trimmed by the browser or not: checked here).
pub struct Intake {
    pub channel: String,
    pub priority: String,
    pub category_id: i64,
    pub description: String,
    pub caller_name: String,
    pub caller_phone: String,
    pub caller_id_number: String,
    pub address: String,
    pub confidentiality: String,
    pub answers: HashMap<String, String>,
    /// Present: answer and close at intake (直办).
    pub direct_answer: Option<String>,
}

fn field<T>(name: &str, r: Result<T, FieldProblem>) -> Result<T, AppError> {
    r.map_err(|p| AppError::field(name, p))
}

/// Registers a ticket: number, facts, first event and dispatch in one transaction.
pub async fn register<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    input: Intake,
    now: i64,
) -> Result<(i64, String), AppError> {
    use crate::domain::intake::*;
    crate::policies::gate::require_commitment(store, actor).await?;
    let channel = Channel::parse(&input.channel)
        .ok_or_else(|| AppError::field("channel", FieldProblem::UnknownChoice))?;
    let priority = Priority::parse(&input.priority)
        .ok_or_else(|| AppError::field("priority", FieldProblem::UnknownChoice))?;
    let confidentiality: Clearance = input
        .confidentiality
        .parse()
        .ok()
        .filter(|c| actor.clearance.permits(*c))
        .ok_or_else(|| AppError::field("confidentiality", FieldProblem::UnknownChoice))?;
    let category = store
        .category(input.category_id)
        .await?
        .ok_or_else(|| AppError::field("category_id", FieldProblem::Required))?;
    let caller_phone = field("caller_phone", check_phone(&input.caller_phone))?;
    let caller_name = field("caller_name", check_caller_name(&input.caller_name))?;
    let description = field("description", check_description(&input.description))?;
    let caller_id_number = field("caller_id_number", check_id_number(&input.caller_id_number))?;
    let address = field("address", check_address(&input.address))?;
    let mut answers = Vec::new();
    for (i, q) in category.script.iter().enumerate() {
        let key = answer_key(category.id, i);
        let raw = input.answers.get(&key).map(String::as_str).unwrap_or("");
        if let Some(a) = field(&format!("answers.{key}"), check_answer(q, raw))? {
            answers.push(Answer {
                question: q.prompt.clone(),
                answer: a,
            });
        }
    }
    let direct = match input.direct_answer {
        Some(text) if category.direct_answer => Some(field("direct_answer", check_reason(&text))?),
        Some(_) => {
            return Err(AppError::field(
                "direct_answer",
                FieldProblem::UnknownChoice,
            ))
        }
        None => None,
    };
    let settings = store.desk_settings().await?;
    let due = deadlines(&settings, category.resolve_hours(priority), now, tz);
    let day = utc(now).with_timezone(tz).date_naive();
    let answers_json = serde_json::to_string(&answers).map_err(|_| AppError::Internal)?;

    let mut tx = store.begin_write().await?;
    let seq = tx_ops::next_sequence(&mut tx, &day.format("%Y%m%d").to_string()).await?;
    let number = format_number(day, seq);
    let id = tx_ops::insert_ticket(
        &mut tx,
        &NewTicket {
            channel: channel.code(),
            priority: priority.code(),
            category_id: category.id,
            description: &description,
            caller_name: &caller_name,
            caller_phone: &caller_phone,
            caller_id_number: &caller_id_number,
            address: &address,
            answers_json: &answers_json,
            confidentiality,
            registered_by: actor.id,
            registered_at: now,
        },
        &number,
    )
    .await?;
    let registered = EventData::Registered {
        number: number.clone(),
        category: category.code.clone(),
        channel,
        priority,
        confidentiality,
    };
    append_event(&mut tx, id, Some(actor.id), now, &registered).await?;
    let mut progress = crate::domain::workflow::Progress {
        confidentiality,
        ..Default::default()
    };
    let command = match direct {
        Some(answer) => Some(Command::DirectAnswer { answer }),
        None => match catalogue_target(&mut tx, &category).await? {
            Some(target) => Some(Command::Assign {
                target,
                reason: None,
            }),
            None => {
                let queued = EventData::Queued {
                    catalogue: category.code.clone(),
                };
                append_event(&mut tx, id, None, now, &queued).await?;
                None
            }
        },
    };
    let mut told = Vec::new();
    if let Some(command) = command {
        let handler = assigned_handler(&command);
        let events = apply(&mut progress, command, now, due).map_err(rejected)?;
        let plan = schedule(&settings.calendar, tz, &progress, Marks::default());
        if let Some(h) = handler {
            tx_ops::touch_last_assigned(&mut tx, h, now).await?;
        }
        // Automatic dispatch is the system's act; a direct answer is the agent's.
        let by = |e: &EventData| (!matches!(e, EventData::Assigned { .. })).then_some(actor.id);
        told = record(&mut tx, id, &progress, now, &plan, &events, by, now).await?;
    } else {
        reproject(&mut tx, id).await?;
    }
    tx.commit().await?;
    store.publish(Change::ticket(id, told)).await;
    Ok((id, number))
}

/// Saves a change: the progress with its schedule, its history events and the
/// notifications they give rise to, and the ticket's report facts rewritten from its
/// history. Returns who was notified.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record(
    tx: &mut Tx,
    id: i64,
    progress: &crate::domain::workflow::Progress,
    registered_at: i64,
    plan: &Schedule,
    events: &[EventData],
    by: impl Fn(&EventData) -> Option<i64>,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    tx_ops::save_progress(tx, id, progress, registered_at, plan).await?;
    let mut staff = None;
    let mut told = Vec::new();
    for e in events {
        append_event(tx, id, by(e), now, e).await?;
        if let Some(notice) = notice_for(e) {
            if staff.is_none() {
                staff = Some(alert_staff(tx).await?);
            }
            let (departments, people) = staff.as_ref().ok_or(AppError::Internal)?;
            let place = Place {
                department_id: progress.department_id,
                handler_id: progress.handler_id,
            };
            let users = recipients(&notice, place, departments, people);
            insert_notifications(tx, &users, id, &notice, now).await?;
            told.extend(users);
        }
    }
    reproject(tx, id).await?;
    told.sort_unstable();
    told.dedup();
    Ok(told)
}

fn assigned_handler(c: &Command) -> Option<i64> {
    match c {
        Command::Assign { target, .. } => target.handler.as_ref().map(|h| h.0),
        _ => None,
    }
}

fn rejected(r: Rejection) -> AppError {
    match r {
        Rejection::IllegalTransition => AppError::Conflict,
        Rejection::NotLater => AppError::field("due", FieldProblem::MustBeLater),
    }
}

/// The dispatch catalogue's answer for a category: its department and, when that department
/// dispatches straight to people, the handler picked by the rule.
async fn catalogue_target(tx: &mut Tx, category: &Category) -> Result<Option<Target>, AppError> {
    let Some(dept) = category.department_id else {
        return Ok(None);
    };
    let Some((department, to_people)) = tx_ops::department_dispatch(tx, dept).await? else {
        return Ok(None);
    };
    let catalogue = Some(category.code.clone());
    if !to_people {
        return Ok(Some(Target {
            department_id: dept,
            department,
            handler: None,
            basis: Basis {
                rule: BasisRule::Catalogue,
                catalogue,
                open_count: None,
                eligible: None,
            },
        }));
    }
    let candidates = tx_ops::dispatch_candidates(tx, dept).await?;
    let skill = Some(category.required_skill.as_str()).filter(|s| !s.is_empty());
    let (best, eligible) = choose_handler(&candidates, skill);
    Ok(Some(match best {
        Some(c) => Target {
            department_id: dept,
            department,
            handler: Some((c.user_id, c.name.clone())),
            basis: Basis {
                rule: BasisRule::FewestOpen,
                catalogue,
                open_count: Some(c.open_count),
                eligible: Some(eligible),
            },
        },
        None => Target {
            department_id: dept,
            department,
            handler: None,
            basis: Basis {
                rule: BasisRule::NoHandlerAvailable,
                catalogue,
                open_count: None,
                eligible: Some(0),
            },
        },
    }))
}

/// A department (the department distributes it) or a handler (their department follows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignTo {
    Department(i64),
    Handler(i64),
}

impl AssignTo {
    /// Form values `d12` / `u34`.
    pub fn parse(s: &str) -> Option<AssignTo> {
        let (kind, id) = s.split_at_checked(1)?;
        let id: i64 = id.parse().ok()?;
        match kind {
            "d" => Some(AssignTo::Department(id)),
            "u" => Some(AssignTo::Handler(id)),
            _ => None,
        }
    }
}

/// A request on a ticket, with its text already checked.
#[derive(Clone, Debug)]
pub enum Request {
    Assign {
        to: AssignTo,
        reason: String,
    },
    SignFor,
    RequestExtension {
        due_at: i64,
        reason: String,
    },
    DecideExtension {
        approve: bool,
        note: String,
    },
    Archive {
        confidentiality: Clearance,
    },
    RequestCorrection {
        field: CorrectableField,
        value: String,
        reason: String,
    },
    DecideCorrection {
        approve: bool,
        note: String,
    },
    /// A command that needs nothing looked up: it goes to the state machine as it is.
    Plain(Command),
}

impl Request {
    fn kind(&self, state: State) -> Option<ActionKind> {
        Some(match self {
            Request::Assign { .. } if state == State::Registered => ActionKind::Assign,
            Request::Assign { .. } => ActionKind::Reassign,
            Request::SignFor => ActionKind::SignFor,
            Request::RequestExtension { .. } => ActionKind::RequestExtension,
            Request::DecideExtension { .. } => ActionKind::DecideExtension,
            Request::Archive { .. } => ActionKind::Archive,
            Request::RequestCorrection { .. } => ActionKind::RequestCorrection,
            Request::DecideCorrection { .. } => ActionKind::DecideCorrection,
            Request::Plain(command) => return command.action(),
        })
    }
}

/// Not visible: 404 (existence is not confirmed). Visible but not theirs to do: 403. Theirs
/// in another state: 409 (someone moved the ticket on).
fn refuse(actor: &Actor, row: &TicketRow, action: ActionKind) -> Result<(), AppError> {
    let access = row.access();
    if !can_view(actor, &access) {
        return Err(AppError::NotFound);
    }
    if may(actor, &access, action) {
        return Ok(());
    }
    let flags = [(false, false), (true, true), (true, false), (false, true)];
    let in_some_state = State::ALL.iter().any(|s| {
        flags.iter().any(|(e, c)| {
            let a = crate::domain::workflow::Access {
                state: *s,
                extension_pending: *e,
                correction_pending: *c,
                supervised: false,
                ..access.clone()
            };
            may(actor, &a, action)
        })
    });
    Err(if in_some_state {
        AppError::Conflict
    } else {
        AppError::Forbidden
    })
}

/// The ticket a request is about, checked for the actor (outside a transaction).
pub async fn visible_ticket(
    store: &Store,
    actor: &Actor,
    number: &str,
) -> Result<TicketRow, AppError> {
    let row = store
        .ticket_by_number(number)
        .await?
        .ok_or(AppError::NotFound)?;
    if can_view(actor, &row.access()) {
        Ok(row)
    } else {
        Err(AppError::NotFound)
    }
}

/// Carries out `request` on ticket `id`. Returns the ticket's number. A decision that needs
/// a compliance review is filed as a request instead (`ReviewRequested`).
pub async fn act<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    id: i64,
    request: Request,
    now: i64,
) -> Result<String, AppError> {
    crate::policies::gate::require_commitment(store, actor).await?;
    let settings = store.desk_settings().await?;
    let mut tx = store.begin_write().await?;
    let outcome = act_in(&mut tx, &settings, tz, actor, id, request, now, Via::Action).await;
    let (number, told) = crate::reviews::gate::settle(tx, outcome).await?;
    store.publish(Change::ticket(id, told)).await;
    Ok(number)
}

/// [`act`] in the caller's transaction (an approved review applies its change so): the
/// ticket's number and who was notified.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn act_in<Tz: TimeZone>(
    tx: &mut Tx,
    settings: &DeskSettings,
    tz: &Tz,
    actor: &Actor,
    id: i64,
    request: Request,
    now: i64,
    via: Via,
) -> Result<(String, Vec<i64>), AppError> {
    let row = tx_ops::lock_ticket(tx, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = request.kind(row.state()).ok_or(AppError::Forbidden)?;
    refuse(actor, &row, action)?;
    let priority = Priority::parse(&row.priority).unwrap_or(Priority::Normal);
    let hours = tx_ops::resolve_hours(tx, row.category_id, priority).await?;
    let due = deadlines(settings, hours, now, tz);
    let mut after_commit_fact: Option<(CorrectableField, String)> = None;
    let mut decided: Option<(i64, bool, String)> = None;
    let command = match request {
        Request::Assign { to, reason } => {
            let target = manual_target(tx, to).await?;
            Command::Assign {
                target,
                reason: Some(reason),
            }
        }
        Request::SignFor => {
            let me = actor
                .roles
                .contains(&crate::domain::roles::Role::Handler)
                .then(|| (actor.id, String::new()));
            let me = match me {
                Some((id, _)) => tx_ops::handler_in(tx, id)
                    .await?
                    .map(|(name, _)| (id, name)),
                None => None,
            };
            Command::SignFor { handler: me }
        }
        Request::RequestExtension { due_at, reason } => {
            let current = row.resolve_due_at.unwrap_or(0);
            if due_at <= current.max(now) {
                return Err(AppError::field("due", FieldProblem::MustBeLater));
            }
            let request_id = tx_ops::insert_request(
                tx,
                &NewRequest {
                    ticket_id: id,
                    kind: "extension",
                    field: "resolve_due_at",
                    old_value: &current.to_string(),
                    new_value: &due_at.to_string(),
                    reason: &reason,
                    requested_by: actor.id,
                    requested_at: now,
                },
            )
            .await?;
            Command::RequestExtension {
                request_id,
                proposed_due_at: due_at,
                reason,
            }
        }
        Request::DecideExtension { approve, note } => {
            let req = tx_ops::pending_request_tx(tx, id, "extension")
                .await?
                .ok_or(AppError::Conflict)?;
            let proposed: i64 = req.new_value.parse().map_err(|_| AppError::Internal)?;
            if approve {
                let day = |ms: i64| utc(ms).with_timezone(tz).date_naive();
                let proposal = Proposal::LongExtension {
                    ticket_id: id,
                    number: row.number.clone(),
                    current_due_at: row.resolve_due_at,
                    proposed_due_at: proposed,
                    working_days: settings.calendar.working_days_between(
                        day(row.resolve_due_at.unwrap_or(now)),
                        day(proposed),
                    ),
                    note: note.clone(),
                };
                review_gate::check(tx, via, &proposal, &req.reason, actor.id, now).await?;
            }
            decided = Some((req.id, approve, note.clone()));
            Command::DecideExtension {
                request_id: req.id,
                proposed_due_at: proposed,
                approve,
                note,
            }
        }
        Request::Archive { confidentiality } => {
            if !actor.clearance.permits(confidentiality) {
                return Err(AppError::field(
                    "confidentiality",
                    FieldProblem::UnknownChoice,
                ));
            }
            if confidentiality == Clearance::Secret {
                let proposal = Proposal::ArchiveSecret {
                    ticket_id: id,
                    number: row.number.clone(),
                };
                review_gate::check(tx, via, &proposal, "", actor.id, now).await?;
            }
            Command::Archive {
                confidentiality,
                automatic: false,
            }
        }
        Request::RequestCorrection {
            field,
            value,
            reason,
        } => {
            let old = row.fact(field).to_owned();
            let shown = |v: &str| match field {
                CorrectableField::CallerPhone => mask_phone(v),
                CorrectableField::CallerIdNumber => mask_id_number(v),
                _ => v.to_owned(),
            };
            let request_id = tx_ops::insert_request(
                tx,
                &NewRequest {
                    ticket_id: id,
                    kind: "correction",
                    field: field.code(),
                    old_value: &old,
                    new_value: &value,
                    reason: &reason,
                    requested_by: actor.id,
                    requested_at: now,
                },
            )
            .await?;
            Command::RequestCorrection {
                request_id,
                field,
                old_shown: shown(&old),
                new_shown: shown(&value),
                reason,
            }
        }
        Request::Plain(command) => command,
        Request::DecideCorrection { approve, note } => {
            let req = tx_ops::pending_request_tx(tx, id, "correction")
                .await?
                .ok_or(AppError::Conflict)?;
            let field = CorrectableField::parse(&req.field).ok_or(AppError::Internal)?;
            if approve {
                after_commit_fact = Some((field, req.new_value.clone()));
            }
            decided = Some((req.id, approve, note.clone()));
            Command::DecideCorrection {
                request_id: req.id,
                field,
                approve,
                note,
            }
        }
    };
    let handler = assigned_handler(&command);
    let mut progress = row.progress();
    let events = apply(&mut progress, command, now, due).map_err(rejected)?;
    let plan = schedule(&settings.calendar, tz, &progress, row.marks());
    if let Some(h) = handler {
        tx_ops::touch_last_assigned(tx, h, now).await?;
    }
    if let Some((req_id, approve, note)) = decided {
        tx_ops::decide_request(tx, req_id, approve, actor.id, now, &note).await?;
    }
    if let Some((field, value)) = after_commit_fact {
        tx_ops::update_fact(tx, id, field, &value).await?;
    }
    let told = record(
        tx,
        id,
        &progress,
        row.registered_at,
        &plan,
        &events,
        |_| Some(actor.id),
        now,
    )
    .await?;
    Ok((row.number, told))
}

async fn manual_target(tx: &mut Tx, to: AssignTo) -> Result<Target, AppError> {
    let unknown = || AppError::field("target", FieldProblem::UnknownChoice);
    let (department_id, handler) = match to {
        AssignTo::Department(d) => (d, None),
        AssignTo::Handler(u) => {
            let (name, dept) = tx_ops::handler_in(tx, u).await?.ok_or_else(unknown)?;
            (dept, Some((u, name)))
        }
    };
    let (department, _) = tx_ops::department_dispatch(tx, department_id)
        .await?
        .ok_or_else(unknown)?;
    Ok(Target {
        department_id,
        department,
        handler,
        basis: Basis {
            rule: BasisRule::Manual,
            catalogue: None,
            open_count: None,
            eligible: None,
        },
    })
}

/// Archives tickets closed more than the configured number of days ago. Returns how many.
pub async fn archive_due(store: &Store, now: i64) -> Result<usize, AppError> {
    let settings = store.desk_settings().await?;
    let before = now - settings.archive_after_days * 86_400_000;
    let ids = store.closed_before(before, 500).await?;
    let mut n = 0;
    for id in ids {
        let mut tx = store.begin_write().await?;
        let Some(row) = tx_ops::lock_ticket(&mut tx, id, now).await? else {
            continue;
        };
        let mut p = row.progress();
        let cmd = Command::Archive {
            confidentiality: p.confidentiality,
            automatic: true,
        };
        let zero = Deadlines {
            sign_due_at: 0,
            resolve_due_at: 0,
            callback_due_at: 0,
        };
        if let Ok(events) = apply(&mut p, cmd, now, zero) {
            let plan = Schedule::default();
            record(
                &mut tx,
                id,
                &p,
                row.registered_at,
                &plan,
                &events,
                |_| None,
                now,
            )
            .await?;
            tx.commit().await?;
            store.publish(Change::ticket(id, Vec::new())).await;
            n += 1;
        }
    }
    Ok(n)
}

/// What the agent sees when a caller's number is entered.
pub async fn lookup(
    store: &Store,
    actor: &Actor,
    phone: &str,
    category_id: Option<i64>,
    now: i64,
) -> Result<CallerLookup, AppError> {
    let since = now - REPEAT_WINDOW_DAYS * 86_400_000;
    let (rows, recent_count) = store.caller_history(actor, phone, since).await?;
    let duplicates = rows
        .iter()
        .filter(|r| Some(r.category_id) == category_id && r.state().is_open())
        .map(summary)
        .collect();
    Ok(CallerLookup {
        tickets: rows.iter().map(summary).collect(),
        recent_count,
        repeat_caller: recent_count >= REPEAT_CALLS,
        duplicates,
        utc_offset_secs: 0,
        now,
    })
}

/// The ticket page's data: masked facts (unless revealed), rights, requests, timeline.
pub async fn detail(
    store: &Store,
    actor: &Actor,
    number: &str,
    revealed: bool,
    now: i64,
) -> Result<TicketDetail, AppError> {
    let row = visible_ticket(store, actor, number).await?;
    let access = row.access();
    let actions = available_actions(actor, &access);
    let revealed = revealed && actor.may_reveal_pii();
    let pending = |kind: &'static str| async move {
        let r = store.pending_request(row.id, kind).await?;
        Ok::<_, AppError>(r.map(|r| {
            let field = CorrectableField::parse(&r.field);
            let shown = |v: &str| match field {
                Some(CorrectableField::CallerPhone) => mask_phone(v),
                Some(CorrectableField::CallerIdNumber) => mask_id_number(v),
                _ => v.to_owned(),
            };
            PendingRequest {
                id: r.id,
                field: r.field.clone(),
                old_value: shown(&r.old_value),
                new_value: shown(&r.new_value),
                reason: r.reason,
                requested_by: r.requested_by_name,
                requested_at: r.requested_at,
            }
        }))
    };
    let extension = if access.extension_pending {
        pending("extension").await?
    } else {
        None
    };
    let correction = if access.correction_pending {
        pending("correction").await?
    } else {
        None
    };
    let category = store.category(row.category_id).await?;
    let assign_options =
        if actions.contains(&ActionKind::Assign) || actions.contains(&ActionKind::Reassign) {
            assign_options(store).await?
        } else {
            Vec::new()
        };
    let timeline = store
        .timeline(row.id)
        .await?
        .into_iter()
        .map(|t| TimelineEntry {
            seq: t.seq,
            at: t.at,
            actor: t.actor,
            event: t.event,
        })
        .collect();
    Ok(TicketDetail {
        summary: summary(&row),
        channel: Channel::parse(&row.channel).unwrap_or(Channel::Other),
        category_code: row.category_code.clone(),
        description: row.description.clone(),
        caller_phone: if revealed {
            row.caller_phone.clone()
        } else {
            mask_phone(&row.caller_phone)
        },
        caller_id_number: if revealed {
            row.caller_id_number.clone()
        } else {
            mask_id_number(&row.caller_id_number)
        },
        revealed,
        address: row.address.clone(),
        answers: serde_json::from_str(&row.answers).unwrap_or_default(),
        confidentiality: row.confidentiality(),
        registered_by: row.registered_by_name.clone(),
        sign_due_at: row.sign_due_at,
        signed_at: row.signed_at,
        resolve_due_at: row.resolve_due_at,
        resolved_at: row.resolved_at,
        result: row.result.clone(),
        callback_due_at: row.callback_due_at,
        callback_attempts: row.callback_attempts,
        closed_at: row.closed_at,
        close_outcome: row.close_outcome.clone(),
        archived_at: row.archived_at,
        repeat_calls: row.repeat_calls,
        actions,
        extension,
        correction,
        review: store.open_review("ticket", row.id).await?,
        replies: category.map(|c| c.replies).unwrap_or_default(),
        assign_options,
        timeline,
        utc_offset_secs: 0,
        now,
    })
}

pub(crate) async fn assign_options(store: &Store) -> Result<Vec<AssignOption>, AppError> {
    let departments = store.department_rules().await?;
    let handlers = store.handlers().await?;
    Ok(departments
        .into_iter()
        .filter(|d| d.depth > 0)
        .map(|d| AssignOption {
            department_id: d.id,
            department: d.name,
            depth: d.depth,
            handlers: handlers
                .iter()
                .filter(|h| h.department_id == d.id && h.on_duty)
                .map(|h| (h.id, h.name.clone()))
                .collect(),
        })
        .collect())
}

/// The lists a user works from, by role.
pub async fn my_work(store: &Store, actor: &Actor) -> Result<Vec<WorkSection>, AppError> {
    use crate::domain::roles::Role;
    let has = |r| actor.roles.contains(&r);
    let mut lists: Vec<(WorkList, ListFilter)> = Vec::new();
    let base = ListFilter {
        limit: 100,
        ..Default::default()
    };
    if has(Role::Agent) {
        lists.push((
            WorkList::AwaitingCallback,
            ListFilter {
                states: vec![State::Resolved],
                ..base.clone()
            },
        ));
        lists.push((
            WorkList::RegisteredByMe,
            ListFilter {
                states: vec![State::Registered, State::Assigned, State::InProgress],
                registered_by: Some(actor.id),
                ..base.clone()
            },
        ));
    }
    if has(Role::Handler) || has(Role::DeptLead) {
        let mine = Some(actor.departments.clone());
        lists.push((
            WorkList::ToSignFor,
            ListFilter {
                states: vec![State::Assigned],
                departments: mine.clone(),
                ..base.clone()
            },
        ));
        let in_progress = if has(Role::DeptLead) {
            ListFilter {
                states: vec![State::InProgress],
                departments: mine.clone(),
                ..base.clone()
            }
        } else {
            ListFilter {
                states: vec![State::InProgress],
                handler_id: Some(actor.id),
                ..base.clone()
            }
        };
        lists.push((WorkList::InProgress, in_progress));
    }
    if has(Role::DeptLead) {
        lists.push((
            WorkList::ExtensionRequests,
            ListFilter {
                extension_pending: true,
                departments: Some(actor.departments.clone()),
                ..base.clone()
            },
        ));
    }
    if has(Role::Supervisor) {
        lists.push((
            WorkList::DispatcherQueue,
            ListFilter {
                states: vec![State::Registered],
                ..base.clone()
            },
        ));
        lists.push((
            WorkList::ExtensionRequests,
            ListFilter {
                extension_pending: true,
                ..base.clone()
            },
        ));
        lists.push((
            WorkList::CorrectionRequests,
            ListFilter {
                correction_pending: true,
                ..base.clone()
            },
        ));
    }
    if has(Role::Supervisor) || has(Role::Compliance) {
        lists.push((
            WorkList::Supervised,
            ListFilter {
                supervised: true,
                states: vec![
                    State::Registered,
                    State::Assigned,
                    State::InProgress,
                    State::Resolved,
                ],
                ..base.clone()
            },
        ));
    }
    let mut out: Vec<WorkSection> = Vec::new();
    for (list, filter) in lists {
        if out.iter().any(|s| s.list == list) {
            continue;
        }
        let rows = store.list_tickets(actor, &filter).await?;
        let tickets = rows
            .iter()
            .filter(|r| list != WorkList::ToSignFor || may(actor, &r.access(), ActionKind::SignFor))
            .map(summary)
            .collect();
        out.push(WorkSection { list, tickets });
    }
    Ok(out)
}

/// The desk's UTC offset now (fixed for zones without daylight saving, like China's).
pub fn utc_offset_secs<Tz: TimeZone>(tz: &Tz, now: i64) -> i32 {
    use chrono::Offset;
    utc(now).with_timezone(tz).offset().fix().local_minus_utc()
}
