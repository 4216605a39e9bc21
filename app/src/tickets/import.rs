//! Import from an old system: a JSON-lines file becomes tickets in one transaction — all of
//! it or none. Records already imported (by `source_id`) are skipped, so importing the same
//! file twice changes nothing. Each ticket gets a number on its own local day and one
//! `imported` event in the history chain; its report facts follow from that event.
use super::service::deadlines;
use crate::domain::deadline::schedule_as_of;
use crate::domain::events::EventData;
use crate::domain::import::{parse_file, progress as progress_of, ImportedCallback, Record};
use crate::domain::roles::Clearance;
use crate::domain::ticket::format_number;
use crate::error::AppError;
use crate::store::history::append_event;
use crate::store::import::set_source_id;
use crate::store::org::{add_category, add_department};
use crate::store::report::reproject;
use crate::store::tickets::{self as tx_ops, NewTicket};
use crate::store::{Store, Tx};
use chrono::TimeZone;
use std::collections::HashMap;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub imported: usize,
    /// Already imported earlier (same `source_id`).
    pub skipped: usize,
    /// Categories and departments created for unknown codes (`--create-missing`).
    pub created_categories: Vec<String>,
    pub created_departments: Vec<String>,
}

/// Why nothing was imported: each bad line with its number (from 1) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done(Imported),
    Refused(Vec<(usize, String)>),
}

/// Imports `text` as registered by `by`. `progress` hears how many records are done.
pub async fn import<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    by: i64,
    text: &str,
    create_missing: bool,
    now: i64,
    progress: impl Fn(usize, usize),
) -> Result<Outcome, AppError> {
    let records = match parse_file(text) {
        Ok(r) => r,
        Err(problems) => {
            return Ok(Outcome::Refused(
                problems
                    .into_iter()
                    .map(|(n, p)| (n, p.to_string()))
                    .collect(),
            ))
        }
    };
    let ids: Vec<String> = records.iter().map(|(_, r)| r.source_id.clone()).collect();
    let known = store.known_source_ids(&ids).await?;
    let fresh: Vec<(usize, Record)> = records
        .into_iter()
        .filter(|(_, r)| !known.contains(&r.source_id))
        .collect();
    let skipped = known.len();
    let mut categories: HashMap<String, i64> = store
        .report_refs()
        .await?
        .1
        .into_iter()
        .map(|c| (c.code, c.id))
        .collect();
    let departments = store.list_departments().await?;
    let root = departments
        .iter()
        .find(|d| d.parent_id.is_none())
        .map(|d| d.id);
    let mut department_ids: HashMap<String, i64> =
        departments.into_iter().map(|d| (d.code, d.id)).collect();
    if !create_missing {
        let mut unknown = Vec::new();
        for (n, r) in &fresh {
            if !categories.contains_key(&r.category) {
                unknown.push((*n, format!("category {}: unknown code", r.category)));
            }
            if let Some(d) = r
                .department
                .as_ref()
                .filter(|d| !department_ids.contains_key(*d))
            {
                unknown.push((*n, format!("department {d}: unknown code")));
            }
        }
        if !unknown.is_empty() {
            return Ok(Outcome::Refused(unknown));
        }
    }
    let settings = store.desk_settings().await?;
    let mut done = Imported {
        skipped,
        ..Imported::default()
    };
    let mut tx = store.begin_write().await?;
    for (i, (_, r)) in fresh.iter().enumerate() {
        let category_id = match categories.get(&r.category) {
            Some(id) => *id,
            None => create_category(&mut tx, &mut categories, &r.category, &mut done).await?,
        };
        let department_id = match &r.department {
            None => None,
            Some(code) => Some(match department_ids.get(code) {
                Some(id) => *id,
                None => {
                    let id = add_department(&mut *tx, code, code, "department", root).await?;
                    department_ids.insert(code.clone(), id);
                    done.created_departments.push(code.clone());
                    id
                }
            }),
        };
        let callback_due = r
            .resolved_at
            .map(|at| deadlines(&settings, 0, at, tz).callback_due_at);
        let p = progress_of(r, department_id, Clearance::Internal, callback_due);
        let day = crate::report::service::local_day(tz, r.created_at);
        let seq = tx_ops::next_sequence(&mut tx, &day.format("%Y%m%d").to_string()).await?;
        let number = format_number(day, seq);
        let id = tx_ops::insert_ticket(
            &mut tx,
            &NewTicket {
                channel: r.channel.code(),
                priority: r.priority.code(),
                category_id,
                description: &r.description,
                caller_name: &r.caller_name,
                caller_phone: &r.caller_phone,
                caller_id_number: "",
                address: "",
                answers_json: "[]",
                confidentiality: Clearance::Internal,
                registered_by: by,
                registered_at: r.created_at,
            },
            &number,
        )
        .await?;
        set_source_id(&mut tx, id, &r.source_id).await?;
        let plan = schedule_as_of(&settings.calendar, tz, &p, now);
        tx_ops::save_progress(&mut tx, id, &p, r.created_at, &plan).await?;
        let event = EventData::Imported {
            source_id: r.source_id.clone(),
            department_id,
            due_at: r.due_at,
            resolved_at: r.resolved_at,
            callback: r
                .callback
                .map(|(at, outcome)| ImportedCallback { at, outcome }),
            archived_at: r.archived_at,
            record: r.original.clone(),
        };
        append_event(&mut tx, id, Some(by), now, &event).await?;
        reproject(&mut tx, id).await?;
        done.imported += 1;
        progress(i + 1, fresh.len());
    }
    tx.commit().await?;
    Ok(Outcome::Done(done))
}

/// Creates a category named by its code, and the categories above it that are missing
/// (`complaint/noise` needs `complaint`).
async fn create_category(
    tx: &mut Tx,
    known: &mut HashMap<String, i64>,
    code: &str,
    done: &mut Imported,
) -> Result<i64, AppError> {
    let mut parent = None;
    let mut path = String::new();
    for part in code.split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
        parent = Some(match known.get(&path) {
            Some(id) => *id,
            None => {
                let id = add_category(&mut **tx, &path, &path, parent, 1000).await?;
                known.insert(path.clone(), id);
                done.created_categories.push(path.clone());
                id
            }
        });
    }
    parent.ok_or(AppError::BadRequest)
}
