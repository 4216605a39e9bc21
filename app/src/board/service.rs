//! The board's service: who may see a board, its lanes, single cards for live updates,
//! and bulk assignment (each ticket its own transaction through the ticket service).
use super::*;
use crate::domain::privacy::mask_phone;
use crate::domain::roles::Role;
use crate::domain::workflow::{available_actions, Actor};
use crate::error::AppError;
use crate::store::board::{BoardFilter, GroupBy, Lane as StoreLane};
use crate::store::tickets::TicketRow;
use crate::store::Store;
use crate::tickets::service::{self as tickets, AssignTo, Request};
use chrono::TimeZone;

/// Cards per page of a lane.
pub const PAGE: i64 = 30;
/// Cards a column shows first when the board is grouped by department or handler: up to
/// 50 columns side by side, so a tablet gets a few hundred cards, not 1,500 ("load more"
/// pages on by `PAGE`).
pub const GROUP_PAGE: i64 = 10;

const CARD_ACTIONS: [ActionKind; 6] = [
    ActionKind::Assign,
    ActionKind::Reassign,
    ActionKind::SignFor,
    ActionKind::Urge,
    ActionKind::Supervise,
    ActionKind::DecideExtension,
];

/// Dispatchers (supervisors), leads, handlers and compliance have a board.
pub fn may_see_board(actor: &Actor) -> bool {
    [
        Role::Supervisor,
        Role::DeptLead,
        Role::Handler,
        Role::Compliance,
    ]
    .iter()
    .any(|r| actor.roles.contains(r))
}

pub fn card(actor: &Actor, r: &TicketRow) -> BoardCard {
    let s = tickets::summary(r);
    BoardCard {
        id: r.id,
        number: r.number.clone(),
        state: s.state,
        priority: s.priority,
        category: r.category_name.clone(),
        caller_phone: mask_phone(&r.caller_phone),
        department_id: r.department_id,
        department: r.department_name.clone(),
        handler_id: r.handler_id,
        handler: r.handler_name.clone(),
        key: s.due_at.unwrap_or(r.registered_at),
        due_at: s.due_at,
        warn_at: r.warn_at.filter(|_| s.state != State::Resolved),
        supervised: s.supervised,
        extension_pending: s.extension_pending,
        urge_count: s.urge_count,
        redo_count: s.redo_count,
        return_count: s.return_count,
        escalation_level: r.escalation_level,
        actions: available_actions(actor, &r.access())
            .into_iter()
            .filter(|a| CARD_ACTIONS.contains(a))
            .collect(),
    }
}

/// The query's filters resolved to ids: a department includes the ones below it, a
/// category its children.
async fn filter(
    store: &Store,
    actor: &Actor,
    q: &BoardQuery,
    now: i64,
) -> Result<BoardFilter, AppError> {
    let departments = match q.department {
        Some(_) => store.list_departments().await?,
        None => Vec::new(),
    };
    let categories = match q.category {
        Some(_) => store.list_categories().await?,
        None => Vec::new(),
    };
    Ok(resolve_filter(actor, q, &departments, &categories, now))
}

/// The query's filters over the reference lists already loaded.
fn resolve_filter(
    actor: &Actor,
    q: &BoardQuery,
    all_departments: &[crate::domain::org::Department],
    all_categories: &[crate::reference::Category],
    now: i64,
) -> BoardFilter {
    let departments = q
        .department
        .map(|d| crate::domain::org::subtree(all_departments, d));
    let categories = q.category.map(|c| {
        let mut ids = vec![c];
        ids.extend(
            all_categories
                .iter()
                .filter(|x| x.parent_id == Some(c))
                .map(|x| x.id),
        );
        ids
    });
    BoardFilter {
        departments,
        categories,
        priority: q.priority,
        overdue_only: q.overdue,
        mine: q.mine.then(|| {
            let leads = actor.roles.contains(&Role::DeptLead);
            (
                actor.id,
                if leads {
                    actor.departments.clone()
                } else {
                    Vec::new()
                },
            )
        }),
        supervised: q.supervised,
        now,
    }
}

fn store_lane(key: LaneKey) -> StoreLane {
    match key {
        LaneKey::State(s) => StoreLane::State(s),
        LaneKey::Overdue => StoreLane::Overdue,
        LaneKey::Department(d) => StoreLane::Department(d),
        LaneKey::Handler(h) => StoreLane::Handler(h),
    }
}

/// One page of a lane after `after`.
pub async fn lane(
    store: &Store,
    actor: &Actor,
    q: &BoardQuery,
    key: LaneKey,
    after: Option<(i64, i64)>,
    now: i64,
) -> Result<Lane, AppError> {
    if !may_see_board(actor) {
        return Err(AppError::Forbidden);
    }
    let f = filter(store, actor, q, now).await?;
    lane_page(store, actor, &f, key, after, PAGE, now).await
}

async fn lane_page(
    store: &Store,
    actor: &Actor,
    f: &BoardFilter,
    key: LaneKey,
    after: Option<(i64, i64)>,
    page: i64,
    now: i64,
) -> Result<Lane, AppError> {
    let mut f = f.clone();
    // In the state view an overdue card sits in the overdue lane only; the queue has no
    // deadline. So with "overdue only" every state column is empty: no need to ask.
    if f.overdue_only && matches!(key, LaneKey::State(_)) {
        return Ok(Lane {
            key,
            name: None,
            count: None,
            cards: Vec::new(),
            next: None,
        });
    }
    let on_time = matches!(key, LaneKey::State(s) if s != State::Registered);
    let after = if on_time {
        Some(
            after
                .unwrap_or((now - 1, i64::MAX))
                .max((now - 1, i64::MAX)),
        )
    } else {
        after
    };
    f.now = now;
    let rows = store
        .board_lane(actor, &f, store_lane(key), after, page + 1)
        .await?;
    let more = rows.len() as i64 > page;
    let cards: Vec<BoardCard> = rows
        .iter()
        .take(page as usize)
        .map(|r| card(actor, r))
        .collect();
    let next = if more {
        cards.last().map(|c| format_cursor(c.key, c.id))
    } else {
        None
    };
    Ok(Lane {
        key,
        name: None,
        count: None,
        cards,
        next,
    })
}

/// The whole board: its lanes' first pages, the counters and the choices for filters and
/// assignment.
pub async fn board<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    q: BoardQuery,
    now: i64,
) -> Result<Board, AppError> {
    if !may_see_board(actor) {
        return Err(AppError::Forbidden);
    }
    let all_departments = store.list_departments().await?;
    let all_categories = store.list_categories().await?;
    let f = resolve_filter(actor, &q, &all_departments, &all_categories, now);
    let mut lanes = Vec::new();
    match q.group {
        Grouping::State => {
            let mut keys: Vec<LaneKey> = BOARD_STATES.iter().map(|s| LaneKey::State(*s)).collect();
            keys.insert(0, LaneKey::Overdue);
            for key in keys {
                lanes.push(lane_page(store, actor, &f, key, None, PAGE, now).await?);
            }
        }
        Grouping::Department | Grouping::Handler => {
            let by = if q.group == Grouping::Department {
                GroupBy::Department
            } else {
                GroupBy::Handler
            };
            for (id, name, count) in store.board_groups(actor, &f, by).await? {
                let key = if by == GroupBy::Department {
                    LaneKey::Department(id)
                } else {
                    LaneKey::Handler(id)
                };
                let mut lane = lane_page(store, actor, &f, key, None, GROUP_PAGE, now).await?;
                lane.name = name;
                lane.count = Some(count);
                lanes.push(lane);
            }
        }
    }
    let (queue, overdue, due_today) = store
        .board_counters(actor, now, end_of_local_day(tz, now))
        .await?;
    let assign_options = if actor.roles.contains(&Role::Supervisor) {
        tickets::assign_options(store).await?
    } else {
        Vec::new()
    };
    let departments = crate::domain::org::tree_order(&all_departments)
        .into_iter()
        .map(|(d, depth)| (d.id, format!("{}{}", "· ".repeat(depth), d.name)))
        .collect();
    let categories = all_categories
        .into_iter()
        .map(|c| {
            let indent = if c.parent_id.is_some() { "· " } else { "" };
            (c.id, format!("{indent}{}", c.name))
        })
        .collect();
    Ok(Board {
        query: q,
        lanes,
        counters: Counters {
            queue,
            overdue,
            due_today,
        },
        assign_options,
        departments,
        categories,
        utc_offset_secs: tickets::utc_offset_secs(tz, now),
        now,
    })
}

/// Midnight ending the desk's local day containing `now`.
pub fn end_of_local_day<Tz: TimeZone>(tz: &Tz, now: i64) -> i64 {
    let local = chrono::Utc
        .timestamp_millis_opt(now)
        .single()
        .unwrap_or_default()
        .with_timezone(tz);
    let next = local.date_naive().succ_opt().unwrap_or(local.date_naive());
    tz.from_local_datetime(&next.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.timestamp_millis())
        .unwrap_or(now)
}

pub async fn counters<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    now: i64,
) -> Result<Counters, AppError> {
    if !may_see_board(actor) {
        return Err(AppError::Forbidden);
    }
    let (queue, overdue, due_today) = store
        .board_counters(actor, now, end_of_local_day(tz, now))
        .await?;
    Ok(Counters {
        queue,
        overdue,
        due_today,
    })
}

/// A ticket's card after a change, if it is on this user's board under these filters.
pub async fn card_update(
    store: &Store,
    actor: &Actor,
    q: &BoardQuery,
    id: i64,
    now: i64,
) -> Result<CardUpdate, AppError> {
    if !may_see_board(actor) {
        return Err(AppError::Forbidden);
    }
    let f = filter(store, actor, q, now).await?;
    let row = store.board_card(actor, &f, id).await?;
    Ok(CardUpdate {
        id,
        card: row.map(|r| card(actor, &r)),
        now,
    })
}

/// Assigns each ticket to `to` with one reason, each in its own transaction: a ticket
/// someone else moved meanwhile fails alone and is reported.
pub async fn bulk_assign<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    ids: &[i64],
    to: AssignTo,
    reason: &str,
    now: i64,
) -> Result<BulkResult, AppError> {
    // Only dispatchers assign; each ticket is then checked again by the ticket rules.
    if !actor.roles.contains(&Role::Supervisor) {
        return Err(AppError::Forbidden);
    }
    let mut out = BulkResult::default();
    for id in ids {
        let request = Request::Assign {
            to,
            reason: reason.to_owned(),
        };
        match tickets::act(store, tz, actor, *id, request, now).await {
            Ok(number) => out.assigned.push(number),
            Err(e @ AppError::Field { .. }) => return Err(e),
            Err(e) => out.failed.push((*id, e)),
        }
    }
    Ok(out)
}
