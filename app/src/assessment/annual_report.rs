//! The annual management report's service (年度管理情况报告, article 30): computed from the
//! same sources as the pages — the daily report's figures over the year and the year
//! before, its cached days month by month, the year's KPI sheet, the violations, the year's
//! finished effectiveness evaluations — with the suggestions the supervisors and compliance
//! write. Issuing keeps it beside the daily reports' snapshots (`annual-report-2026`: never
//! changed, the database refuses; a new version with a reason).
use super::annual::year_days;
use super::service::{sheet_for, Seen};
use super::{AnnualReport, AnnualReportView, EvaluationSummary, MonthLine, ViolationTally};
use crate::domain::account::FieldProblem;
use crate::domain::annual::year_ended;
use crate::domain::report::Counts;
use crate::domain::roles::Role;
use crate::domain::violation::{Conduct, Severity};
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::report::service::{bounds, daily_counts, figures_of_days, local_day, Scope};
use crate::store::evaluations::Tasks;
use crate::store::Store;
use chrono::{Datelike, NaiveDate, TimeZone};

/// The snapshot key of a year's issued report.
pub fn snapshot_key(year: i32) -> String {
    format!("annual-report-{year}")
}

/// The longest suggestions text.
pub const MAX_SUGGESTIONS: usize = 20_000;

/// Supervisors and compliance read it (it is the desk's, like the daily report) and write
/// the suggestions; supervisors issue it.
fn may_read(actor: &Actor) -> bool {
    actor.sees_all()
}

/// The months of the year from the days' counts: volumes and rates as the report counts them.
pub fn months(days: &[(NaiveDate, Counts)]) -> Vec<MonthLine> {
    let mut out: Vec<(String, Vec<Counts>)> = Vec::new();
    for (day, c) in days {
        let key = format!("{}-{:02}", day.year(), day.month());
        match out.last_mut() {
            Some((k, v)) if *k == key => v.push(c.clone()),
            _ => out.push((key, vec![c.clone()])),
        }
    }
    out.into_iter()
        .map(|(month, each)| {
            let c = Counts::over_days(&each);
            MonthLine {
                month,
                received: c.received,
                resolved: c.resolved,
                on_time_rate: (c.resolved > 0)
                    .then(|| c.resolved_on_time as f64 / c.resolved as f64),
                satisfaction_rate: c.callbacks.satisfaction_rate(),
            }
        })
        .collect()
}

/// The year's report computed now from the history, with `suggestions`.
pub async fn compute<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    year: i32,
    suggestions: &str,
    now: i64,
) -> Result<AnnualReport, AppError> {
    let days = year_days(year)?;
    let last_year = year_days(year - 1)?;
    // A year still running: up to today.
    let today = local_day(tz, now);
    let days = (days.0, days.1.min(today.max(days.0)));
    let figures = figures_of_days(store, tz, tz_name, days).await?;
    let previous = figures_of_days(store, tz, tz_name, last_year).await?;
    let each = daily_counts(store, tz, &Scope::Desk, days, false).await?;
    let sheet = sheet_for(store, tz, tz_name, &Seen::All, false, days, now).await?;
    let (from, to) = bounds(tz, days)?;
    let violations = store
        .violations_by_conduct(from, to, now)
        .await?
        .into_iter()
        .filter_map(|(conduct, severity, count, points)| {
            Some(ViolationTally {
                conduct: Conduct::parse(&conduct)?,
                severity: Severity::parse(&severity)?,
                count,
                points,
            })
        })
        .collect();
    let mut evaluations = Vec::new();
    for e in store.evaluations(200).await? {
        let in_year = e.last_day.get(..4) == Some(year.to_string().as_str());
        if !(e.finished && in_year) {
            continue;
        }
        let evidence = match store.evaluation_evidence(e.id).await? {
            Some(json) => serde_json::from_str(&json).map_err(|_| AppError::Internal)?,
            None => Vec::new(),
        };
        let tasks = store.evaluation_tasks(Tasks::Of(e.id)).await?;
        let tasks = crate::evaluation::service::dated(tz, today, tasks);
        evaluations.push(EvaluationSummary {
            evaluation: e,
            evidence,
            tasks,
        });
    }
    evaluations.reverse();
    Ok(AnnualReport {
        year,
        timezone: tz_name.to_string(),
        computed_at: now,
        figures,
        previous,
        months: months(&each),
        kpis: sheet.desk,
        violations,
        evaluations,
        suggestions: suggestions.to_string(),
    })
}

/// The report as the reader gets it: the latest issued version, else the draft computed now.
pub async fn view<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    year: i32,
    now: i64,
) -> Result<AnnualReportView, AppError> {
    if !may_read(actor) {
        return Err(AppError::Forbidden);
    }
    let mut v = read(store, tz, tz_name, year, now).await?;
    v.may_edit = true;
    v.may_issue = v.year_ended && actor.roles.contains(&Role::Supervisor);
    Ok(v)
}

/// The year's report without a reader (`hotline report annual`: whoever runs it has the
/// database): the latest issued version, else the draft computed now.
pub async fn read<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    year: i32,
    now: i64,
) -> Result<AnnualReportView, AppError> {
    year_days(year)?;
    let kept = super::annual::versions(store.snapshots(&snapshot_key(year)).await?);
    let draft = store.annual_report_draft(year).await?;
    let text = draft.as_ref().map(|d| d.0.clone()).unwrap_or_default();
    let report = match kept.first() {
        Some((_, json)) => serde_json::from_str(json).map_err(|e| {
            tracing::error!(error = %e, year, "a kept annual report does not read");
            AppError::Internal
        })?,
        None => compute(store, tz, tz_name, year, &text, now).await?,
    };
    let (chain_seq, chain_hash) = store.chain_head().await?;
    Ok(AnnualReportView {
        report,
        issued: kept.first().map(|(v, _)| v.clone()),
        versions: kept.into_iter().map(|(v, _)| v).collect(),
        draft: text,
        draft_by: draft.as_ref().map(|d| d.2.clone()),
        draft_at: draft.map(|d| d.1),
        chain_seq,
        chain_hash,
        may_edit: false,
        may_issue: false,
        pdf_available: super::pdf::chromium().is_some(),
        year_ended: year_ended(year, local_day(tz, now)),
        utc_offset_secs: crate::tickets::service::utc_offset_secs(tz, now),
    })
}

/// Supervisors and compliance write the suggestions of the year's next issue.
pub async fn save_suggestions(
    store: &Store,
    actor: &Actor,
    year: i32,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    if !may_read(actor) {
        return Err(AppError::Forbidden);
    }
    year_days(year)?;
    let text = text.trim();
    if text.chars().count() > MAX_SUGGESTIONS {
        return Err(AppError::field("suggestions", FieldProblem::TooLong));
    }
    store
        .save_annual_report_draft(year, text, actor.id, now)
        .await
}

/// A supervisor issues an ended year's report (computed now, with the draft's suggestions)
/// as its next version; a new version needs a reason. Returns the version.
pub async fn issue<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    year: i32,
    reason: &str,
    now: i64,
) -> Result<i64, AppError> {
    let key = snapshot_key(year);
    super::annual::keep_year(store, tz, actor, year, &key, reason, now, || async {
        let text = store
            .annual_report_draft(year)
            .await?
            .map(|d| d.0)
            .unwrap_or_default();
        let r = compute(store, tz, tz_name, year, &text, now).await?;
        serde_json::to_string(&r).map_err(|_| AppError::Internal)
    })
    .await
}

/// The year asked for in a query (last year when empty).
pub fn year_of<Tz: TimeZone>(tz: &Tz, text: &str, now: i64) -> Result<i32, AppError> {
    super::annual::parse_year(text, local_day(tz, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_sum_their_days_and_rate_them() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let c = |received, resolved, on_time| Counts {
            received,
            resolved,
            resolved_on_time: on_time,
            ..Counts::default()
        };
        let m = months(&[
            (d("2026-01-30"), c(3, 2, 2)),
            (d("2026-01-31"), c(1, 2, 1)),
            (d("2026-02-01"), c(5, 0, 0)),
        ]);
        assert_eq!(m.len(), 2);
        assert_eq!(
            (m[0].month.as_str(), m[0].received, m[0].resolved),
            ("2026-01", 4, 4)
        );
        assert_eq!(m[0].on_time_rate, Some(0.75));
        assert_eq!(
            (m[1].month.as_str(), m[1].received, m[1].on_time_rate),
            ("2026-02", 5, None)
        );
    }
}
