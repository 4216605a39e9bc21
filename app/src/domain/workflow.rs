//! The ticket state machine and who may do what. The server decides with these functions
//! whatever the page showed; the page shows only what they allow.
use super::dispatch::Basis;
use super::events::EventData;
use super::roles::{Clearance, Role};
use super::ticket::{CallbackOutcome, CorrectableField, State, MAX_CALLBACK_ATTEMPTS};
use serde::{Deserialize, Serialize};

/// Moves between states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    Assign,
    SignFor,
    Return,
    Resolve,
    CloseByCallback,
    RetryCallback,
    Redo,
    Archive,
    DirectAnswer,
}

impl Transition {
    pub const ALL: [Transition; 9] = [
        Transition::Assign,
        Transition::SignFor,
        Transition::Return,
        Transition::Resolve,
        Transition::CloseByCallback,
        Transition::RetryCallback,
        Transition::Redo,
        Transition::Archive,
        Transition::DirectAnswer,
    ];
}

/// The legal moves: registered → assigned → in_progress → resolved → closed → archived;
/// return to the queue; reassignment; redo after an unsatisfied callback; direct answer.
pub fn next_state(from: State, t: Transition) -> Option<State> {
    use State::*;
    use Transition as T;
    match (t, from) {
        (T::Assign, Registered | Assigned | InProgress) => Some(Assigned),
        (T::SignFor, Assigned) => Some(InProgress),
        (T::Return, Assigned | InProgress) => Some(Registered),
        (T::Resolve, InProgress) => Some(Resolved),
        (T::CloseByCallback, Resolved) => Some(Closed),
        (T::RetryCallback, Resolved) => Some(Resolved),
        (T::Redo, Closed) => Some(InProgress),
        (T::Archive, Closed) => Some(Archived),
        (T::DirectAnswer, Registered) => Some(Closed),
        _ => None,
    }
}

/// What a user can ask for on a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Assign,
    Reassign,
    SignFor,
    Return,
    RequestExtension,
    DecideExtension,
    Urge,
    Supervise,
    AddNote,
    Resolve,
    Callback,
    Archive,
    RequestCorrection,
    DecideCorrection,
    RevealPii,
    LinkCall,
}

impl ActionKind {
    pub const ALL: [ActionKind; 16] = [
        ActionKind::Assign,
        ActionKind::Reassign,
        ActionKind::SignFor,
        ActionKind::Return,
        ActionKind::RequestExtension,
        ActionKind::DecideExtension,
        ActionKind::Urge,
        ActionKind::Supervise,
        ActionKind::AddNote,
        ActionKind::Resolve,
        ActionKind::Callback,
        ActionKind::Archive,
        ActionKind::RequestCorrection,
        ActionKind::DecideCorrection,
        ActionKind::RevealPii,
        ActionKind::LinkCall,
    ];
}

/// The signed-in user as the rules see them. `departments` is their department and every
/// department below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub roles: Vec<Role>,
    pub clearance: Clearance,
    pub departments: Vec<i64>,
}

impl Actor {
    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    /// Sees every ticket (within clearance): supervisors (who also dispatch) and compliance.
    pub fn sees_all(&self) -> bool {
        self.has(Role::Supervisor) || self.has(Role::Compliance)
    }
    /// May see phone and ID numbers unmasked (each look is recorded).
    pub fn may_reveal_pii(&self) -> bool {
        self.has(Role::Agent) || self.has(Role::Supervisor)
    }
}

/// The parts of a ticket that decide access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub state: State,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub registered_by: i64,
    pub confidentiality: Clearance,
    pub supervised: bool,
    pub extension_pending: bool,
    pub correction_pending: bool,
}

fn in_department(actor: &Actor, t: &Access) -> bool {
    t.department_id
        .is_some_and(|d| actor.departments.contains(&d))
}

/// Nobody sees above their clearance. Supervisors and compliance see all; handlers and
/// leads their departments' tickets; agents what they registered and what awaits a callback.
pub fn can_view(actor: &Actor, t: &Access) -> bool {
    if !actor.clearance.permits(t.confidentiality) {
        return false;
    }
    actor.sees_all()
        || ((actor.has(Role::Handler) || actor.has(Role::DeptLead)) && in_department(actor, t))
        || (actor.has(Role::Agent) && (t.registered_by == actor.id || t.state == State::Resolved))
}

/// The department's worker on this ticket: its lead, or a handler when the ticket is theirs
/// or not yet given to a person.
fn works_on(actor: &Actor, t: &Access) -> bool {
    in_department(actor, t)
        && (actor.has(Role::DeptLead)
            || (actor.has(Role::Handler) && t.handler_id.is_none_or(|h| h == actor.id)))
}

pub fn may(actor: &Actor, t: &Access, action: ActionKind) -> bool {
    use ActionKind as A;
    use State::*;
    if !can_view(actor, t) {
        return false;
    }
    let dispatcher = actor.has(Role::Supervisor);
    let working = matches!(t.state, Assigned | InProgress);
    match action {
        A::Assign => dispatcher && t.state == Registered,
        A::Reassign => dispatcher && working,
        A::SignFor => t.state == Assigned && works_on(actor, t),
        A::Return => working && works_on(actor, t),
        A::RequestExtension => working && works_on(actor, t) && !t.extension_pending,
        A::DecideExtension => {
            working
                && t.extension_pending
                && (dispatcher || (actor.has(Role::DeptLead) && in_department(actor, t)))
        }
        A::Urge => dispatcher && working,
        A::Supervise => dispatcher && t.state.is_open() && !t.supervised,
        A::AddNote | A::Resolve => t.state == InProgress && works_on(actor, t),
        A::Callback => t.state == Resolved && actor.has(Role::Agent),
        A::Archive => t.state == Closed && dispatcher,
        A::RequestCorrection => {
            t.state != Archived
                && !t.correction_pending
                && (dispatcher || (actor.has(Role::Agent) && t.registered_by == actor.id))
        }
        A::DecideCorrection => t.state != Archived && t.correction_pending && dispatcher,
        A::RevealPii => actor.may_reveal_pii(),
        A::LinkCall => t.state != Archived && actor.has(Role::Agent),
    }
}

pub fn available_actions(actor: &Actor, t: &Access) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|a| may(actor, t, *a))
        .collect()
}

/// The mutable side of a ticket (its registered facts never change here).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Progress {
    pub state: Option<State>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub first_department_id: Option<i64>,
    pub first_assigned_at: Option<i64>,
    pub assigned_at: Option<i64>,
    /// When the running clock (sign-for, then resolve) was last set from scratch:
    /// the assignment, or the redo.
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
    pub confidentiality: Clearance,
    pub redo_count: i64,
    pub return_count: i64,
    pub urge_count: i64,
    pub callback_attempts: i64,
    pub repeat_calls: i64,
    pub supervised: bool,
    pub extension_pending: bool,
    pub correction_pending: bool,
}

impl Progress {
    pub fn state(&self) -> State {
        self.state.unwrap_or(State::Registered)
    }
    /// The deadline that matters now: sign-for, resolve or callback.
    pub fn due_at(&self) -> Option<i64> {
        match self.state() {
            State::Assigned => self.sign_due_at,
            State::InProgress => self.resolve_due_at,
            State::Resolved => self.callback_due_at,
            _ => None,
        }
    }
    /// The board's sort key: the deadline, or registration for the dispatcher queue;
    /// `None` once the ticket is off the board (closed, archived).
    pub fn board_at(&self, registered_at: i64) -> Option<i64> {
        match self.state() {
            State::Registered => Some(registered_at),
            s if s.is_open() => self.due_at().or(Some(registered_at)),
            _ => None,
        }
    }
}

/// Deadlines as they would be if set now (computed on the working calendar by the caller).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub sign_due_at: i64,
    pub resolve_due_at: i64,
    pub callback_due_at: i64,
}

/// Where an assignment sends the ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub department_id: i64,
    pub department: String,
    pub handler: Option<(i64, String)>,
    pub basis: Basis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Assign {
        target: Target,
        reason: Option<String>,
    },
    SignFor {
        handler: Option<(i64, String)>,
    },
    Return {
        reason: String,
    },
    RequestExtension {
        request_id: i64,
        proposed_due_at: i64,
        reason: String,
    },
    DecideExtension {
        request_id: i64,
        proposed_due_at: i64,
        approve: bool,
        note: String,
    },
    Urge {
        note: String,
    },
    Supervise {
        note: String,
    },
    AddNote {
        text: String,
        caller_facing: bool,
    },
    Resolve {
        result: String,
    },
    Callback {
        outcome: CallbackOutcome,
        told: String,
        reason: String,
        next_step: String,
    },
    Archive {
        confidentiality: Clearance,
        automatic: bool,
    },
    DirectAnswer {
        answer: String,
    },
    RequestCorrection {
        request_id: i64,
        field: CorrectableField,
        old_shown: String,
        new_shown: String,
        reason: String,
    },
    DecideCorrection {
        request_id: i64,
        field: CorrectableField,
        approve: bool,
        note: String,
    },
    RevealPii,
    LinkCall {
        note: String,
    },
}

impl Command {
    /// The action a user asks for with this command (a direct answer is part of intake).
    pub fn action(&self) -> Option<ActionKind> {
        Some(match self {
            Command::Assign { .. } => ActionKind::Assign,
            Command::SignFor { .. } => ActionKind::SignFor,
            Command::Return { .. } => ActionKind::Return,
            Command::RequestExtension { .. } => ActionKind::RequestExtension,
            Command::DecideExtension { .. } => ActionKind::DecideExtension,
            Command::Urge { .. } => ActionKind::Urge,
            Command::Supervise { .. } => ActionKind::Supervise,
            Command::AddNote { .. } => ActionKind::AddNote,
            Command::Resolve { .. } => ActionKind::Resolve,
            Command::Callback { .. } => ActionKind::Callback,
            Command::Archive { .. } => ActionKind::Archive,
            Command::RequestCorrection { .. } => ActionKind::RequestCorrection,
            Command::DecideCorrection { .. } => ActionKind::DecideCorrection,
            Command::RevealPii => ActionKind::RevealPii,
            Command::LinkCall { .. } => ActionKind::LinkCall,
            Command::DirectAnswer { .. } => return None,
        })
    }
}

/// Why a command cannot apply to the ticket as it is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("not possible in the ticket's current state")]
    IllegalTransition,
    #[error("the proposed deadline is not later than the current one")]
    NotLater,
}

fn step(p: &Progress, t: Transition) -> Result<State, Rejection> {
    next_state(p.state(), t).ok_or(Rejection::IllegalTransition)
}

/// Applies `cmd` at `now`: the new progress and the events to record. On a rejection the
/// progress is left exactly as it was.
pub fn apply(
    p: &mut Progress,
    cmd: Command,
    now: i64,
    due: Deadlines,
) -> Result<Vec<EventData>, Rejection> {
    use State::*;
    let working = matches!(p.state(), Assigned | InProgress);
    let require = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(Rejection::IllegalTransition)
        }
    };
    let events = match cmd {
        Command::Assign { target, reason } => {
            let reassigned = p.state() != Registered;
            p.state = Some(step(p, Transition::Assign)?);
            p.department_id = Some(target.department_id);
            p.handler_id = target.handler.as_ref().map(|h| h.0);
            p.first_department_id.get_or_insert(target.department_id);
            p.first_assigned_at.get_or_insert(now);
            p.assigned_at = Some(now);
            p.clock_started_at = Some(now);
            p.signed_at = None;
            p.sign_due_at = Some(due.sign_due_at);
            p.resolve_due_at = Some(due.resolve_due_at);
            vec![EventData::Assigned {
                department_id: target.department_id,
                department: target.department,
                handler_id: target.handler.as_ref().map(|h| h.0),
                handler: target.handler.map(|h| h.1),
                basis: target.basis,
                reason,
                reassigned,
                sign_due_at: due.sign_due_at,
                resolve_due_at: due.resolve_due_at,
            }]
        }
        Command::SignFor { handler } => {
            p.state = Some(step(p, Transition::SignFor)?);
            p.signed_at = Some(now);
            if p.handler_id.is_none() {
                p.handler_id = handler.as_ref().map(|h| h.0);
            }
            vec![EventData::SignedFor {
                handler: handler.map(|h| h.1),
            }]
        }
        Command::Return { reason } => {
            p.state = Some(step(p, Transition::Return)?);
            p.department_id = None;
            p.handler_id = None;
            p.sign_due_at = None;
            p.resolve_due_at = None;
            p.signed_at = None;
            p.clock_started_at = None;
            p.extension_pending = false;
            p.return_count += 1;
            vec![EventData::Returned {
                reason,
                return_count: p.return_count,
            }]
        }
        Command::RequestExtension {
            request_id,
            proposed_due_at,
            reason,
        } => {
            require(working && !p.extension_pending)?;
            if p.resolve_due_at.is_some_and(|d| proposed_due_at <= d) || proposed_due_at <= now {
                return Err(Rejection::NotLater);
            }
            p.extension_pending = true;
            vec![EventData::ExtensionRequested {
                request_id,
                current_due_at: p.resolve_due_at,
                proposed_due_at,
                reason,
            }]
        }
        Command::DecideExtension {
            request_id,
            proposed_due_at,
            approve,
            note,
        } => {
            require(working && p.extension_pending)?;
            p.extension_pending = false;
            if approve {
                p.resolve_due_at = Some(proposed_due_at);
            }
            vec![EventData::ExtensionDecided {
                request_id,
                approved: approve,
                resolve_due_at: p.resolve_due_at,
                note,
            }]
        }
        Command::Urge { note } => {
            require(working)?;
            p.urge_count += 1;
            vec![EventData::Urged {
                note,
                urge_count: p.urge_count,
            }]
        }
        Command::Supervise { note } => {
            require(p.state().is_open() && !p.supervised)?;
            p.supervised = true;
            vec![EventData::Supervised { note }]
        }
        Command::AddNote {
            text,
            caller_facing,
        } => {
            require(p.state() == InProgress)?;
            vec![EventData::Note {
                text,
                caller_facing,
            }]
        }
        Command::Resolve { result } => {
            p.state = Some(step(p, Transition::Resolve)?);
            p.resolved_at = Some(now);
            p.result = result.clone();
            p.callback_due_at = Some(due.callback_due_at);
            p.callback_attempts = 0;
            p.extension_pending = false;
            vec![EventData::Resolved {
                result,
                callback_due_at: due.callback_due_at,
            }]
        }
        Command::Callback {
            outcome,
            told,
            reason,
            next_step,
        } => {
            require(p.state() == Resolved)?;
            let attempt = p.callback_attempts + 1;
            let closes =
                outcome != CallbackOutcome::Unreachable || attempt >= MAX_CALLBACK_ATTEMPTS;
            p.state = Some(step(
                p,
                if closes {
                    Transition::CloseByCallback
                } else {
                    Transition::RetryCallback
                },
            )?);
            p.callback_attempts = attempt;
            let mut events = vec![EventData::CallbackRecorded {
                outcome,
                told,
                reason,
                next_step,
                attempt,
                closed: closes,
            }];
            if closes {
                p.closed_at = Some(now);
                p.close_outcome = outcome.code().to_owned();
            }
            if outcome == CallbackOutcome::Unsatisfied {
                p.state = Some(step(p, Transition::Redo)?);
                p.redo_count += 1;
                p.resolved_at = None;
                p.closed_at = None;
                p.close_outcome.clear();
                p.callback_due_at = None;
                p.callback_attempts = 0;
                p.signed_at = Some(now);
                p.clock_started_at = Some(now);
                p.resolve_due_at = Some(due.resolve_due_at);
                events.push(EventData::Redo {
                    resolve_due_at: due.resolve_due_at,
                    redo_count: p.redo_count,
                });
            }
            events
        }
        Command::Archive {
            confidentiality,
            automatic,
        } => {
            p.state = Some(step(p, Transition::Archive)?);
            p.archived_at = Some(now);
            p.confidentiality = confidentiality;
            vec![EventData::Archived {
                confidentiality,
                automatic,
            }]
        }
        Command::DirectAnswer { answer } => {
            p.state = Some(step(p, Transition::DirectAnswer)?);
            p.closed_at = Some(now);
            p.close_outcome = "direct".into();
            p.result = answer.clone();
            vec![EventData::DirectAnswered { answer }]
        }
        Command::RequestCorrection {
            request_id,
            field,
            old_shown,
            new_shown,
            reason,
        } => {
            require(p.state() != Archived && !p.correction_pending)?;
            p.correction_pending = true;
            vec![EventData::CorrectionRequested {
                request_id,
                field,
                old_value: old_shown,
                new_value: new_shown,
                reason,
            }]
        }
        Command::DecideCorrection {
            request_id,
            field,
            approve,
            note,
        } => {
            require(p.state() != Archived && p.correction_pending)?;
            p.correction_pending = false;
            vec![EventData::CorrectionDecided {
                request_id,
                field,
                approved: approve,
                note,
            }]
        }
        Command::RevealPii => vec![EventData::PiiViewed {}],
        Command::LinkCall { note } => {
            require(p.state() != Archived)?;
            p.repeat_calls += 1;
            vec![EventData::CallLinked {
                note,
                repeat_calls: p.repeat_calls,
            }]
        }
    };
    Ok(events)
}

/// Closed tickets archive themselves this many days after closing.
pub fn due_for_archive(closed_at: i64, now: i64, after_days: i64) -> bool {
    now - closed_at >= after_days * 86_400_000
}

#[cfg(test)]
mod tests;
