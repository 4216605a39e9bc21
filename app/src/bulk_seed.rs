//! `hotline seed --tickets N --open M`: a realistic data set for the board and the
//! benchmarks. Tickets spread over the past year, numbered per day; the newest M are still
//! open (spread over the last week, so some are on time, some amber, some overdue); each
//! walks the real state machine (`workflow::apply`) on the working calendar, and the
//! deadline engine's marks are set as if it had been running all along.
use crate::domain::deadline::schedule_as_of;
use crate::domain::dispatch::{Basis, BasisRule};
use crate::domain::events::EventData;
use crate::domain::roles::Clearance;
use crate::domain::ticket::{format_number, CallbackOutcome, Channel, Priority};
use crate::domain::workflow::{apply, Command, Deadlines, Progress, Target};
use crate::error::AppError;
use crate::store::bulk::{BulkEvent, BulkTicket};
use crate::store::Store;
use chrono::{TimeZone, Utc};
use rand::Rng;
use std::collections::HashMap;

const BATCH: usize = 400;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平街",
    "新华路",
    "滨江路",
    "文化路",
];
const ISSUES: &[&str] = &[
    "夜间施工噪音扰民",
    "路灯不亮",
    "垃圾清运不及时",
    "占道经营",
    "小区物业不作为",
    "拖欠工资",
    "餐馆油烟扰民",
    "公交车绕行",
];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"];

fn bulk_event(at: i64, actor_id: Option<i64>, e: &EventData) -> BulkEvent {
    BulkEvent {
        at,
        actor_id,
        kind: e.kind(),
        // An event always serializes (plain data).
        data: serde_json::to_string(e).unwrap_or_default(),
    }
}

/// The cases the automatic risk warnings must find in a seeded desk, each on a ticket of its
/// own: the newest closed tickets carry the finished ones, the open ones the live ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    /// Two approved extensions (stalling).
    Extended,
    /// Returned twice (shirking).
    Returned,
    /// Moved between departments three times (shirking).
    Moved,
    /// Resolved two minutes after dispatch (forged records).
    TooFast,
    /// One of three tickets of one caller; the newest one's callbacks never reach them.
    RepeatCaller,
    /// Urgent and long overdue (stalling).
    Overdue,
    /// Awaiting a callback, its caller's data looked at today: one of a burst of 21.
    Looked,
    /// Registered in the last three hours in one category: one of a surge of 12.
    Surge,
}

const REPEAT_PHONE: &str = "13900001234";

fn case_of(i: u64, closed: u64, total: u64) -> Option<Case> {
    if i < closed {
        return match closed - 1 - i {
            0 => Some(Case::Extended),
            1 => Some(Case::Returned),
            2 => Some(Case::Moved),
            3 => Some(Case::TooFast),
            4..=6 => Some(Case::RepeatCaller),
            _ => None,
        };
    }
    // Only a desk with enough open tickets gets the live cases.
    if total - closed < 40 {
        return None;
    }
    match (i - closed, total - i) {
        (0, _) => Some(Case::Overdue),
        (_, 1..=12) => Some(Case::Surge),
        (_, 13..=33) => Some(Case::Looked),
        _ => None,
    }
}

fn pick<'a>(v: &[&'a str], r: &mut rand::rngs::ThreadRng) -> &'a str {
    v[r.random_range(0..v.len())]
}

/// Adds departments, each with one category dispatched to it, until tickets can go to
/// `wanted` departments (the benchmarks' desk of 50 units; the demo catalogue dispatches to
/// 7). Returns how many were added; none when the catalogue already has as many.
pub async fn spread_departments(store: &Store, wanted: usize) -> Result<usize, AppError> {
    let mut targets: Vec<i64> = store
        .list_categories()
        .await?
        .into_iter()
        .filter_map(|c| c.department_id)
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let root = store.department_by_code("centre").await?.map(|d| d.id);
    let mut added = 0;
    for n in targets.len() + 1..=wanted {
        let code = format!("unit-{n:02}");
        if store.department_by_code(&code).await?.is_some() {
            continue;
        }
        let department = store
            .insert_department(&code, &format!("区属单位 {n:02}"), "department", root)
            .await?;
        let category = store
            .insert_category(
                &code,
                &format!("区属单位 {n:02} 事项"),
                None,
                1000 + n as i64,
            )
            .await?;
        let rules = crate::seed::catalogue_rules(Some(department), "", false, "", "")?;
        store.update_category_rules(category, &rules).await?;
        added += 1;
    }
    Ok(added)
}

/// Seeds `total` tickets, the newest `open` of them still open. Calls `progress` with the
/// count done after each batch. Needs the demo desk (or any desk with an agent and a
/// dispatch catalogue).
pub async fn seed_tickets<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    total: u64,
    open: u64,
    now: i64,
    progress: &dyn Fn(u64),
) -> Result<u64, AppError> {
    let settings = store.desk_settings().await?;
    let cal = &settings.calendar;
    let categories: Vec<_> = store
        .list_categories()
        .await?
        .into_iter()
        .filter(|c| c.department_id.is_some())
        .collect();
    let handlers = store.handlers().await?;
    let departments = store.list_departments().await?;
    let agent = store.first_user_with_role("agent").await?;
    let (Some(agent), false) = (agent, categories.is_empty()) else {
        return Err(AppError::NotFound);
    };
    let supervisor = store.first_user_with_role("supervisor").await?;
    // Departments a ticket can be moved between (those the catalogue dispatches to).
    let mut targets: Vec<(i64, String)> = Vec::new();
    for c in &categories {
        let d = c.department_id.unwrap_or_default();
        if let (Some(dep), false) = (
            departments.iter().find(|x| x.id == d),
            targets.iter().any(|(id, _)| *id == d),
        ) {
            targets.push((dep.id, dep.name.clone()));
        }
    }
    let mut day_seq: HashMap<String, i64> = store.counters().await?.into_iter().collect();
    let mut rng = rand::rng();
    let open = open.min(total);
    let closed = total - open;
    let mut done = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..total {
        let case = case_of(i, closed, total);
        // Closed tickets over the year before last week, open ones over the last week.
        let registered_at = if case == Some(Case::Surge) {
            now - ((total - i) as i64) * 15 * 60_000
        } else if i < closed {
            now - 365 * DAY + (i as i64) * (358 * DAY / closed.max(1) as i64)
        } else {
            now - 7 * DAY + ((i - closed) as i64) * (7 * DAY / open.max(1) as i64)
        };
        let local = Utc
            .timestamp_millis_opt(registered_at)
            .single()
            .unwrap_or_default()
            .with_timezone(tz)
            .date_naive();
        let day = local.format("%Y%m%d").to_string();
        let seq = day_seq.entry(day).or_insert(0);
        *seq += 1;
        let number = format_number(local, *seq);
        let cat = if case == Some(Case::Surge) {
            &categories[0]
        } else {
            &categories[rng.random_range(0..categories.len())]
        };
        let dept = cat.department_id.unwrap_or_default();
        let dept_name = departments
            .iter()
            .find(|d| d.id == dept)
            .map(|d| d.name.clone())
            .unwrap_or_default();
        let in_dept: Vec<_> = handlers
            .iter()
            .filter(|h| h.department_id == dept)
            .collect();
        let handler = (!in_dept.is_empty() && rng.random_bool(0.7))
            .then(|| in_dept[rng.random_range(0..in_dept.len())]);
        let priority = match (case, rng.random_range(0..100)) {
            (Some(Case::Overdue), _) => Priority::Urgent,
            (_, n) => match n {
                0..5 => Priority::Urgent,
                5..20 => Priority::High,
                20..90 => Priority::Normal,
                _ => Priority::Low,
            },
        };
        let hours = cat.resolve_hours(priority);
        let due = |at: i64| {
            let start = Utc.timestamp_millis_opt(at).single().unwrap_or_default();
            Deadlines {
                sign_due_at: cal
                    .add_working_hours(start, settings.sign_for_hours, tz)
                    .timestamp_millis(),
                resolve_due_at: cal.add_working_hours(start, hours, tz).timestamp_millis(),
                callback_due_at: cal
                    .add_working_minutes(start, cal.working_minutes_per_day(), tz)
                    .timestamp_millis(),
            }
        };
        // How far along: open ones by a spread of states; the rest closed, some archived.
        let stage = if case == Some(Case::Overdue) {
            2
        } else if case == Some(Case::Looked) {
            3
        } else if i >= closed {
            match rng.random_range(0..100) {
                0..3 => 0,
                3..20 => 1,
                20..80 => 2,
                _ => 3,
            }
        } else if rng.random_bool(0.15) {
            5
        } else {
            4
        };
        let mut p = Progress {
            confidentiality: Clearance::Internal,
            ..Default::default()
        };
        let mut t = registered_at;
        let mut history: Vec<BulkEvent> = Vec::new();
        let mut step = |p: &mut Progress, cmd: Command, at: i64, actor: Option<i64>| {
            for e in apply(p, cmd, at, due(at)).unwrap_or_default() {
                history.push(bulk_event(at, actor, &e));
            }
        };
        if stage >= 1 {
            t += 5 * 60_000;
            let target = Target {
                department_id: dept,
                department: dept_name.clone(),
                handler: handler.map(|h| (h.id, h.name.clone())),
                basis: Basis {
                    rule: BasisRule::Catalogue,
                    catalogue: Some(cat.code.clone()),
                    open_count: None,
                    eligible: None,
                },
            };
            step(
                &mut p,
                Command::Assign {
                    target: target.clone(),
                    reason: None,
                },
                t,
                Some(agent),
            );
            match case {
                Some(Case::Returned) => {
                    for _ in 0..2 {
                        t += 30 * 60_000;
                        let reason = "不属于本单位职责".to_string();
                        let h = in_dept.first().map(|h| h.id);
                        step(&mut p, Command::Return { reason }, t, h);
                        t += 30 * 60_000;
                        let again = Command::Assign {
                            target: target.clone(),
                            reason: Some("经核实仍属本单位".into()),
                        };
                        step(&mut p, again, t, supervisor);
                    }
                }
                Some(Case::Moved) => {
                    let others: Vec<&(i64, String)> = targets
                        .iter()
                        .filter(|(id, _)| *id != dept)
                        .take(2)
                        .collect();
                    let home = (dept, dept_name.clone());
                    for (id, name) in others.into_iter().chain(std::iter::once(&home)) {
                        t += 60 * 60_000;
                        let moved = Command::Assign {
                            target: Target {
                                department_id: *id,
                                department: name.clone(),
                                handler: None,
                                ..target.clone()
                            },
                            reason: Some("改派".into()),
                        };
                        step(&mut p, moved, t, supervisor);
                    }
                }
                _ => {}
            }
        }
        if stage >= 2 {
            t += if case == Some(Case::TooFast) {
                60_000
            } else {
                rng.random_range(10..180) * 60_000
            };
            let h = handler.or(in_dept.first().copied());
            step(
                &mut p,
                Command::SignFor {
                    handler: h.map(|h| (h.id, h.name.clone())),
                },
                t,
                h.map(|h| h.id),
            );
        }
        if stage >= 2 && case == Some(Case::Extended) {
            let handler_id = p.handler_id;
            for n in 0..2 {
                t += 4 * HOUR;
                let proposed_due_at = p.resolve_due_at.unwrap_or(t) + 16 * HOUR;
                let ask = Command::RequestExtension {
                    request_id: 0,
                    proposed_due_at,
                    reason: format!("需协调多个部门现场核查（第{}次）", n + 1),
                };
                step(&mut p, ask, t, handler_id);
                t += HOUR;
                let yes = Command::DecideExtension {
                    request_id: 0,
                    proposed_due_at,
                    approve: true,
                    note: "同意".into(),
                };
                step(&mut p, yes, t, supervisor);
            }
        }
        if stage >= 3 {
            t += match case {
                Some(Case::TooFast) => 60_000,
                Some(Case::Looked) => 30 * 60_000,
                _ => rng.random_range(1..72) * HOUR,
            };
            let handler_id = p.handler_id;
            step(
                &mut p,
                Command::Resolve {
                    result: "已处理并答复来电人".into(),
                },
                t.min(now),
                handler_id,
            );
        }
        if case == Some(Case::Looked) {
            // The agent looks at the caller's number today, while the callback waits.
            let look = now - ((total - i) as i64) * 60_000;
            if look > t {
                step(&mut p, Command::RevealPii, look, Some(agent));
            }
        }
        if stage >= 4 && case == Some(Case::RepeatCaller) && i + 5 == closed {
            for _ in 0..crate::domain::ticket::MAX_CALLBACK_ATTEMPTS {
                t += 2 * HOUR;
                let cmd = Command::Callback {
                    outcome: CallbackOutcome::Unreachable,
                    told: String::new(),
                    reason: String::new(),
                    next_step: String::new(),
                };
                step(&mut p, cmd, t, Some(agent));
            }
        } else if stage >= 4 {
            t += rng.random_range(1..24) * HOUR;
            let outcome = if rng.random_bool(0.9) {
                CallbackOutcome::Satisfied
            } else {
                CallbackOutcome::BasicallySatisfied
            };
            let cmd = Command::Callback {
                outcome,
                told: "已告知办理结果".into(),
                reason: String::new(),
                next_step: String::new(),
            };
            step(&mut p, cmd, t, Some(agent));
        }
        if stage >= 5 {
            t += 31 * DAY;
            let cmd = Command::Archive {
                confidentiality: Clearance::Internal,
                automatic: true,
            };
            step(&mut p, cmd, t.min(now), None);
        }
        let schedule = schedule_as_of(cal, tz, &p, now);
        let channel = if rng.random_bool(0.8) {
            Channel::Phone
        } else {
            Channel::Web
        };
        let registered = EventData::Registered {
            number: number.clone(),
            category: cat.code.clone(),
            channel,
            priority,
            confidentiality: Clearance::Internal,
        };
        history.insert(0, bulk_event(registered_at, Some(agent), &registered));
        batch.push(BulkTicket {
            number,
            channel: channel.code(),
            priority: priority.code(),
            category_id: cat.id,
            description: format!(
                "{}{}号附近{}",
                pick(STREETS, &mut rng),
                rng.random_range(1..300),
                pick(ISSUES, &mut rng)
            ),
            caller_name: format!("{}{}", pick(SURNAMES, &mut rng), pick(GIVEN, &mut rng)),
            caller_phone: if case == Some(Case::RepeatCaller) {
                REPEAT_PHONE.to_string()
            } else {
                format!("139{:08}", rng.random_range(0..100_000_000))
            },
            address: String::new(),
            registered_by: agent,
            registered_at,
            progress: p,
            schedule,
            events: history,
        });
        if batch.len() == BATCH || i + 1 == total {
            done += store.insert_bulk(&batch).await? as u64;
            batch.clear();
            progress(done);
        }
    }
    let days: Vec<(String, i64)> = day_seq.into_iter().collect();
    store.raise_counters(&days).await?;
    store.refresh_statistics().await?;
    Ok(done)
}
