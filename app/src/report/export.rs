//! Exports of the report and of its ticket list, as CSV or XLSX. Columns and keys are the
//! documented codes (docs/report.md), so a spreadsheet or a script reads them the same in
//! every language. Names and phones are masked; an unmasked ticket list needs the right to
//! reveal personal data and is recorded in each ticket's history first.
use super::service::{self, Scope};
use crate::domain::account::FieldProblem;
use crate::domain::events::EventData;
use crate::domain::privacy::{mask_name, mask_phone};
use crate::domain::report::{csv, to_csv, Period, Report};
use crate::domain::review::Proposal;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::reviews::gate::{self, Via};
use crate::store::history::append_event;
use crate::store::reviews::use_export_grant;
use crate::store::tickets::TicketRow;
use crate::store::Store;
use chrono::{NaiveDate, TimeZone};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// The figures, the league table and the hot issues.
    Report,
    /// The tickets registered in the day or period.
    Tickets,
}

impl List {
    pub fn parse(s: &str) -> Option<List> {
        match s {
            "report" => Some(List::Report),
            "tickets" => Some(List::Tickets),
            _ => None,
        }
    }
}

/// A file to download.
pub struct Download {
    pub filename: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

const TICKET_COLUMNS: [&str; 14] = [
    "number",
    "registered_at",
    "channel",
    "category",
    "priority",
    "state",
    "department",
    "handler",
    "caller_name",
    "caller_phone",
    "resolve_due_at",
    "resolved_at",
    "close_outcome",
    "description",
];

/// Names and phones in an export: masked, asked for (with the reason; a point of the
/// compliance review gate), or granted by an approved review request (once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmask {
    No,
    Ask { reason: String },
    Granted(i64),
}

#[allow(clippy::too_many_arguments)]
pub async fn export<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    (period, date): (Period, NaiveDate),
    format: Format,
    list: List,
    unmask: Unmask,
    now: i64,
) -> Result<Download, AppError> {
    let scope = Scope::of(actor)?;
    let unmasked = unmask != Unmask::No;
    if unmasked && (list != List::Tickets || !actor.may_reveal_pii()) {
        return Err(AppError::Forbidden);
    }
    // The unmasked list: the review gate first; a granted export is taken in the
    // transaction that records each look.
    let mut record = None;
    let (period, date, format) = match unmask {
        Unmask::No => (period, date, format),
        Unmask::Ask { reason } => {
            let reason = reason.trim();
            if reason.chars().count() < 2 {
                return Err(AppError::field("reason", FieldProblem::Required));
            }
            let mut tx = store.begin_write().await?;
            let proposal = Proposal::UnmaskedExport {
                period: period.code().to_owned(),
                date,
                format: format.code().to_owned(),
            };
            let passed = gate::check(&mut tx, Via::Action, &proposal, reason, actor.id, now).await;
            if let Err(e) = passed {
                return gate::settle(tx, Err(e)).await;
            }
            // Passed (the point is off): nothing written yet; the looks are recorded below,
            // without holding the database while the list is read.
            drop(tx);
            (period, date, format)
        }
        Unmask::Granted(id) => {
            let mut tx = store.begin_write().await?;
            let Proposal::UnmaskedExport {
                period,
                date,
                format,
            } = use_export_grant(&mut tx, id, actor.id, now).await?
            else {
                return Err(AppError::NotFound);
            };
            record = Some(tx);
            (
                Period::parse(&period).ok_or(AppError::Internal)?,
                date,
                Format::parse(&format).ok_or(AppError::Internal)?,
            )
        }
    };
    let stem = match period {
        Period::Day => format!("hotline-{}-{date}", list_name(list)),
        p => format!("hotline-{}-{}-{date}", list_name(list), p.code()),
    };
    let offset = crate::tickets::service::utc_offset_secs(tz, now);
    let (body, ext, content_type) = match list {
        List::Report => {
            let (r, _) = service::current(store, tz, tz_name, &scope, period, date).await?;
            match format {
                Format::Csv => (with_bom(to_csv(&r)), "csv", CSV),
                Format::Xlsx => (report_xlsx(&r).map_err(xlsx)?, "xlsx", XLSX),
            }
        }
        List::Tickets => {
            let (from, to) = service::bounds(tz, period.days(date))?;
            let departments = match &scope {
                Scope::Desk => None,
                Scope::Departments(ids) => Some(ids.as_slice()),
            };
            let rows = store.report_tickets(actor, from, to, departments).await?;
            let record = match record {
                Some(tx) => Some(tx),
                None if unmasked => Some(store.begin_write().await?),
                None => None,
            };
            if let Some(mut tx) = record {
                // Recorded before anything leaves the server, all in one transaction.
                for t in &rows {
                    append_event(&mut tx, t.id, Some(actor.id), now, &EventData::PiiViewed {})
                        .await?;
                }
                tx.commit().await?;
            }
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|t| ticket_line(t, unmasked, offset))
                .collect();
            match format {
                Format::Csv => (table_csv(&TICKET_COLUMNS, &table), "csv", CSV),
                Format::Xlsx => (
                    table_xlsx("tickets", &TICKET_COLUMNS, &table)?,
                    "xlsx",
                    XLSX,
                ),
            }
        }
    };
    Ok(Download {
        filename: format!("{stem}{}.{ext}", if unmasked { "-unmasked" } else { "" }),
        content_type,
        body,
    })
}

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn list_name(l: List) -> &'static str {
    match l {
        List::Report => "report",
        List::Tickets => "tickets",
    }
}

fn xlsx(_: XlsxError) -> AppError {
    AppError::Internal
}

/// Spreadsheet programs read UTF-8 CSV as such only with a byte-order mark.
fn with_bom(text: String) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(text.into_bytes());
    out
}

fn ticket_line(t: &TicketRow, unmasked: bool, offset: i32) -> Vec<String> {
    let time = |ms: Option<i64>| {
        ms.map(|m| crate::tickets::local_time(m, offset))
            .unwrap_or_default()
    };
    vec![
        t.number.clone(),
        time(Some(t.registered_at)),
        t.channel.clone(),
        t.category_code.clone(),
        t.priority.clone(),
        t.state.clone(),
        t.department_name.clone().unwrap_or_default(),
        t.handler_name.clone().unwrap_or_default(),
        if unmasked {
            t.caller_name.clone()
        } else {
            mask_name(&t.caller_name)
        },
        if unmasked {
            t.caller_phone.clone()
        } else {
            mask_phone(&t.caller_phone)
        },
        time(t.resolve_due_at),
        time(t.resolved_at),
        t.close_outcome.clone(),
        t.description.clone(),
    ]
}

/// A table as CSV (with the byte-order mark spreadsheet programs need): the column codes,
/// then one line per row.
pub fn table_csv(columns: &[&str], table: &[Vec<String>]) -> Vec<u8> {
    let mut out = columns.join(",");
    out.push('\n');
    for row in table {
        let cells: Vec<String> = row.iter().map(|c| csv(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    with_bom(out)
}

fn header(ws: &mut Worksheet, names: &[&str]) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        ws.write_string(0, c as u16, *name)?;
    }
    Ok(())
}

/// A table as a workbook of one sheet: the column codes, then one row each.
pub fn table_xlsx(
    sheet: &str,
    columns: &[&str],
    table: &[Vec<String>],
) -> Result<Vec<u8>, AppError> {
    let write = || {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header(ws, columns)?;
        for (r, row) in table.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, cell)?;
            }
        }
        wb.save_to_buffer()
    };
    write().map_err(xlsx)
}

/// Three sheets: `figures` (metric, key, value — as the CSV), `departments`, `hot_issues`.
fn report_xlsx(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let figures = wb.add_worksheet();
    figures.set_name("figures")?;
    header(figures, &["metric", "key", "value"])?;
    let csv_text = to_csv(r);
    // The figures part of the CSV: up to the first blank line.
    let lines = csv_text.lines().skip(1).take_while(|l| !l.is_empty());
    for (row, line) in (1u32..).zip(lines) {
        let mut cells = line.splitn(3, ',');
        let (metric, key, value) = (
            cells.next().unwrap_or_default(),
            cells.next().unwrap_or_default(),
            cells.next().unwrap_or_default(),
        );
        figures.write_string(row, 0, metric)?;
        figures.write_string(row, 1, key)?;
        match value.parse::<f64>() {
            Ok(n) => figures.write_number(row, 2, n)?,
            Err(_) => figures.write_string(row, 2, value)?,
        };
    }
    let ws = wb.add_worksheet();
    ws.set_name("departments")?;
    header(
        ws,
        &[
            "department",
            "assigned",
            "resolved",
            "resolved_on_time",
            "overdue_at_close",
            "satisfaction_rate",
            "returns",
            "redos",
        ],
    )?;
    for (i, d) in r.departments.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &d.department)?;
        for (c, v) in [
            d.assigned,
            d.resolved,
            d.resolved_on_time,
            d.overdue_at_close,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number(row, c as u16 + 1, v as f64)?;
        }
        if let Some(rate) = d.satisfaction_rate {
            ws.write_number(row, 5, rate)?;
        }
        ws.write_number(row, 6, d.returns as f64)?;
        ws.write_number(row, 7, d.redos as f64)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("hot_issues")?;
    header(
        ws,
        &[
            "category",
            "received",
            "share",
            "change_vs_previous_day",
            "change_vs_week_before",
        ],
    )?;
    for (i, h) in r.hot_issues.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &h.category)?;
        ws.write_number(row, 1, h.received as f64)?;
        ws.write_number(row, 2, h.share)?;
        ws.write_number(row, 3, h.change_vs_previous_day as f64)?;
        ws.write_number(row, 4, h.change_vs_week_before as f64)?;
    }
    wb.save_to_buffer()
}
