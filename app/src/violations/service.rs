//! The server's side of accountability: who reads which violation (others do not exist for
//! them: 404), who may move it and how, the proposal form's people and prefill, and the
//! person's points. The rules are `domain::violation`'s; the writes are the store's.
use super::{PersonChoice, Violation, ViolationDetail, ViolationForm, ViolationList};
use crate::domain::account::FieldProblem;
use crate::domain::notice::leading_group;
use crate::domain::roles::Role;
use crate::domain::violation::{
    appeal_until, decided_penalty, may_propose, may_read, moves, proposes, Conduct, Move, Outcome,
    Penalty, Severity, Standing, ViolationState,
};
use crate::domain::warning::WarningRule;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::risk::EvidenceTicket;
use crate::store::violations::{NewViolation, Seen};
use crate::store::Store;
use chrono::{Datelike, NaiveDate, TimeZone};

/// How many violations the list shows (newest first).
const SHELF: i64 = 200;

fn sees_all(actor: &Actor) -> bool {
    actor.roles.contains(&Role::Compliance) || actor.roles.contains(&Role::Supervisor)
}

/// The leading group: the centre head and the supervisors (active).
async fn deciders(store: &Store) -> Result<Vec<i64>, AppError> {
    let (departments, staff) = store.alert_staff().await?;
    Ok(leading_group(&departments, &staff))
}

/// `[1 January, next 1 January)` of the year of `now` at the desk.
fn year_of<Tz: TimeZone>(tz: &Tz, now: i64) -> Result<(i64, i64), AppError> {
    let year = chrono::Utc
        .timestamp_millis_opt(now)
        .single()
        .ok_or(AppError::Internal)?
        .with_timezone(tz)
        .year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::Internal)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::Internal)?;
    crate::report::service::bounds(tz, (first, last))
}

pub async fn list<Tz: TimeZone>(
    store: &Store,
    actor: &Actor,
    tz: &Tz,
    now: i64,
) -> Result<ViolationList, AppError> {
    let seen = if sees_all(actor) {
        Seen::All
    } else if actor.roles.contains(&Role::DeptLead) {
        Seen::OwnAnd {
            person: actor.id,
            departments: &actor.departments,
        }
    } else {
        Seen::OwnAnd {
            person: actor.id,
            departments: &[],
        }
    };
    let (from, to) = year_of(tz, now)?;
    let my_points = store
        .counted_points(from, to, now)
        .await?
        .get(&actor.id)
        .copied()
        .unwrap_or(0);
    Ok(ViolationList {
        items: store.violations(seen, now, SHELF).await?,
        my_points,
        may_propose: proposes(actor),
        may_configure: actor.roles.contains(&Role::Admin),
        utc_offset_secs: 0,
    })
}

/// A violation the actor may read (404 otherwise).
async fn visible(store: &Store, actor: &Actor, id: i64, now: i64) -> Result<Violation, AppError> {
    let v = store.violation(id, now).await?.ok_or(AppError::NotFound)?;
    if may_read(actor, v.person_id, v.department_id) {
        Ok(v)
    } else {
        Err(AppError::NotFound)
    }
}

async fn standing(store: &Store, actor: &Actor, v: &Violation) -> Result<Standing, AppError> {
    Ok(standing_in(actor, v, &deciders(store).await?))
}

fn standing_in(actor: &Actor, v: &Violation, deciders: &[i64]) -> Standing {
    Standing {
        person: actor.id == v.person_id,
        proposer: actor.id == v.proposed_by,
        compliance: actor.roles.contains(&Role::Compliance),
        leading: deciders.contains(&actor.id),
        lead: actor.roles.contains(&Role::DeptLead) && actor.departments.contains(&v.department_id),
    }
}

/// My work's card: the violations waiting for the reader — a proposal to notify, a
/// notification they may appeal, an appeal to decide — oldest first.
pub async fn todo<Tz: TimeZone>(
    store: &Store,
    actor: &Actor,
    tz: &Tz,
    now: i64,
) -> Result<Vec<Violation>, AppError> {
    let deciders = deciders(store).await?;
    let mut items: Vec<Violation> = list(store, actor, tz, now)
        .await?
        .items
        .into_iter()
        .filter(|v| !moves(v.state, standing_in(actor, v, &deciders)).is_empty())
        .collect();
    items.reverse();
    Ok(items)
}

/// The violation and the move asked for, when the actor may make it now (403 when they
/// may read it but not do this; 409 when its state no longer allows it).
async fn checked(
    store: &Store,
    actor: &Actor,
    id: i64,
    wanted: Move,
    now: i64,
) -> Result<Violation, AppError> {
    let v = visible(store, actor, id, now).await?;
    let who = standing(store, actor, &v).await?;
    if moves(v.state, who).contains(&wanted) {
        return Ok(v);
    }
    // Someone who could have made this move in another state: it moved on meanwhile.
    let could = [
        ViolationState::Proposed,
        ViolationState::Notified,
        ViolationState::Appealed,
    ]
    .into_iter()
    .any(|s| moves(s, who).contains(&wanted));
    Err(if could {
        AppError::Conflict
    } else {
        AppError::Forbidden
    })
}

pub async fn detail(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: i64,
) -> Result<ViolationDetail, AppError> {
    let v = visible(store, actor, id, now).await?;
    let who = standing(store, actor, &v).await?;
    Ok(ViolationDetail {
        moves: moves(v.state, who),
        steps: store.violation_steps(v.id).await?,
        violation: v,
        utc_offset_secs: 0,
    })
}

/// The people `actor` may propose a violation about (active staff), by department.
async fn people(store: &Store, actor: &Actor) -> Result<Vec<PersonChoice>, AppError> {
    let mut people: Vec<PersonChoice> = store
        .list_accounts()
        .await?
        .into_iter()
        .filter(|a| a.active && !a.roles.contains(&Role::Admin))
        .filter(|a| may_propose(actor, a.id, a.department_id))
        .map(|a| PersonChoice {
            id: a.id,
            name: a.display_name,
            department: a.department_name,
        })
        .collect();
    people.sort_by(|a, b| (&a.department, &a.name).cmp(&(&b.department, &b.name)));
    Ok(people)
}

/// The conduct of art. 18 a warning of `rule` points at (None: another).
fn conduct_of(rule: &str) -> Conduct {
    WarningRule::parse(rule)
        .and_then(|r| r.points_at().ok())
        .unwrap_or(Conduct::None)
}

/// The form: its people and the scheme's points; from a confirmed warning, its person,
/// conduct and tickets (404 when the warning is not confirmed).
pub async fn form(
    store: &Store,
    actor: &Actor,
    warning: Option<i64>,
) -> Result<ViolationForm, AppError> {
    if !proposes(actor) {
        return Err(AppError::Forbidden);
    }
    let mut form = ViolationForm {
        people: people(store, actor).await?,
        scheme: store.violation_scheme().await?,
        warning_id: None,
        person_id: None,
        conduct: Conduct::None,
        tickets: String::new(),
        facts: String::new(),
    };
    if let Some(w) = warning {
        let (person, rule, tickets) = store
            .confirmed_warning(w)
            .await?
            .ok_or(AppError::NotFound)?;
        form.warning_id = Some(w);
        form.person_id = person.filter(|p| form.people.iter().any(|c| c.id == *p));
        form.conduct = conduct_of(&rule);
        form.tickets = tickets
            .into_iter()
            .map(|t| t.number)
            .collect::<Vec<_>>()
            .join(" ");
    }
    Ok(form)
}

/// A proposal as the form sends it, checked.
pub struct Proposal {
    pub person_id: i64,
    pub conduct: Conduct,
    pub conduct_text: String,
    pub facts: String,
    pub tickets: Vec<String>,
    pub warning_id: Option<i64>,
    pub severity: Severity,
    /// None: the scheme's points for the grade.
    pub points: Option<u32>,
    pub discipline: crate::domain::violation::Discipline,
    pub fine_fen: i64,
}

pub async fn propose(store: &Store, actor: &Actor, p: Proposal, now: i64) -> Result<i64, AppError> {
    if !proposes(actor) {
        return Err(AppError::Forbidden);
    }
    let person = store
        .account_by_id(p.person_id)
        .await?
        .filter(|a| a.active)
        .ok_or_else(|| AppError::field("person", FieldProblem::UnknownChoice))?;
    if !may_propose(actor, person.id, person.department_id) {
        return Err(AppError::field("person", FieldProblem::UnknownChoice));
    }
    if p.conduct == Conduct::None && p.conduct_text.trim().is_empty() {
        return Err(AppError::field("conduct_text", FieldProblem::Required));
    }
    if let Some(w) = p.warning_id {
        store
            .confirmed_warning(w)
            .await?
            .ok_or_else(|| AppError::field("warning", FieldProblem::UnknownChoice))?;
    }
    let tickets: Vec<EvidenceTicket> = store
        .tickets_by_number(&p.tickets)
        .await?
        .map_err(|_| AppError::field("tickets", FieldProblem::UnknownChoice))?;
    let scheme = store.violation_scheme().await?;
    let penalty = Penalty {
        points: p.points.unwrap_or_else(|| scheme.points(p.severity)),
        discipline: p.discipline,
        fine_fen: p.fine_fen,
    };
    let new = NewViolation {
        person_id: person.id,
        conduct: p.conduct,
        conduct_text: p.conduct_text.trim(),
        facts: &p.facts,
        tickets: &tickets,
        warning_id: p.warning_id,
        severity: p.severity,
        penalty,
    };
    store.propose_violation(&new, actor.id, now).await
}

/// Sends the proposal to the person; the appeal window runs on the working calendar.
pub async fn notify<Tz: TimeZone>(
    store: &Store,
    actor: &Actor,
    id: i64,
    tz: &Tz,
    now: i64,
) -> Result<(), AppError> {
    checked(store, actor, id, Move::Notify, now).await?;
    let calendar = store.desk_settings().await?.calendar;
    let days = store.violation_scheme().await?.appeal_days;
    let until = appeal_until(&calendar, tz, now, days);
    store.notify_violation(id, until, actor.id, now).await
}

/// Withdraws a proposal before it reaches the person (the reason is kept).
pub async fn withdraw(
    store: &Store,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    checked(store, actor, id, Move::Withdraw, now).await?;
    store
        .decide_violation(
            id,
            ViolationState::Proposed,
            Outcome::Withdrawn,
            &Penalty::NONE,
            reason,
            actor.id,
            now,
        )
        .await
}

pub async fn appeal(
    store: &Store,
    actor: &Actor,
    id: i64,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    checked(store, actor, id, Move::Appeal, now).await?;
    let deciders = deciders(store).await?;
    store
        .appeal_violation(id, text, actor.id, &deciders, now)
        .await
}

/// The leading group's decision on an appeal: upheld, reduced (to `reduced`, lighter in
/// some part and heavier in none), or withdrawn.
pub async fn decide(
    store: &Store,
    actor: &Actor,
    id: i64,
    outcome: Outcome,
    reduced: Option<Penalty>,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let v = checked(store, actor, id, Move::Decide, now).await?;
    let left =
        decided_penalty(outcome, &v.penalty, reduced).map_err(|(f, p)| AppError::field(f, p))?;
    store
        .decide_violation(
            id,
            ViolationState::Appealed,
            outcome,
            &left,
            reason,
            actor.id,
            now,
        )
        .await
}
