//! The annual assessment's service: the year's KPI sheet (every active account, every
//! department) scored by the scheme and graded (`domain::annual`); closing a year keeps it as
//! a snapshot beside the daily reports' (never changed — the database refuses — a new
//! version with a reason when it is regenerated); readers see the lines the KPI sheet
//! would show them.
use super::service::{sheet_for, Seen};
use super::{AnnualAssessment, AnnualLine, AnnualVersion, AnnualView, KpiLine};
use crate::domain::account::FieldProblem;
use crate::domain::annual::{self, compliance_score};
use crate::domain::kpi::KpiRules;
use crate::domain::roles::Role;
use crate::domain::score::{self, ScoreScheme};
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::report::service::local_day;
use crate::store::Store;
use chrono::{NaiveDate, TimeZone};
use std::collections::BTreeMap;

/// The year asked for, or last year (the one usually being closed); a bad one is a field
/// error (400).
pub fn parse_year(text: &str, today: NaiveDate) -> Result<i32, AppError> {
    use chrono::Datelike;
    let text = text.trim();
    if text.is_empty() {
        return Ok(today.year() - 1);
    }
    text.parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| AppError::field("year", FieldProblem::BadDate))
}

pub(super) fn year_days(year: i32) -> Result<(NaiveDate, NaiveDate), AppError> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    match (first, last) {
        (Some(f), Some(l)) if (2000..=2100).contains(&year) => Ok((f, l)),
        _ => Err(AppError::field("year", FieldProblem::BadDate)),
    }
}

/// A line of the year: its KPI score (out of 100 in its group, before violation points,
/// which count in compliance), compliance score, score and grade.
fn line(scheme: &ScoreScheme, rules: KpiRules, l: &KpiLine, department_id: i64) -> AnnualLine {
    let group = &scheme.groups[scheme.group_of(department_id)];
    let kpi = score::rate(&scheme.curves, &l.counts, rules, group.full_marks, 0)
        .map(|r| (r.kpi_score / group.full_marks * 10_000.0).round() / 100.0);
    let compliance = compliance_score(&l.compliance);
    let total = scheme.annual.score(kpi, compliance);
    AnnualLine {
        unit: l.unit,
        id: l.id,
        code: l.code.clone(),
        name: l.name.clone(),
        department: l.department.clone(),
        department_id,
        kpi_score: kpi,
        compliance_score: compliance,
        compliance: l.compliance.clone(),
        score: total,
        grade: scheme.annual.grade(total),
    }
}

/// The year computed now from the history, every line.
pub async fn compute<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    year: i32,
    now: i64,
) -> Result<AnnualAssessment, AppError> {
    let days = year_days(year)?;
    let scheme = store.score_scheme().await?;
    let rules = store.kpi_rules().await?;
    let sheet = sheet_for(store, tz, tz_name, &Seen::All, true, days, now).await?;
    let department_of: BTreeMap<i64, i64> = store
        .list_accounts()
        .await?
        .into_iter()
        .map(|a| (a.id, a.department_id))
        .collect();
    let departments = sheet
        .departments
        .iter()
        .map(|l| line(&scheme, rules, l, l.id))
        .collect();
    let persons = sheet
        .persons
        .iter()
        .map(|l| {
            let d = department_of.get(&l.id).copied().unwrap_or(0);
            line(&scheme, rules, l, d)
        })
        .collect();
    Ok(AnnualAssessment {
        year,
        rules: scheme.annual,
        computed_at: now,
        departments,
        persons,
    })
}

pub(super) fn versions(
    rows: Vec<crate::store::report::SnapshotRow>,
) -> Vec<(AnnualVersion, String)> {
    rows.into_iter()
        .map(|r| {
            (
                AnnualVersion {
                    version: r.version,
                    closed_at: r.generated_at,
                    closed_by: r.generated_by.unwrap_or_default(),
                    reason: r.reason,
                    chain_seq: r.chain_seq,
                    chain_hash: r.chain_hash,
                },
                r.report,
            )
        })
        .collect()
}

/// Keeps only the lines `seen` allows.
fn visible(mut a: AnnualAssessment, seen: &Seen) -> AnnualAssessment {
    a.departments.retain(|l| seen.department(l.id));
    a.persons.retain(|l| seen.person(l.id, l.department_id));
    a
}

/// The year as `actor` may see it: its latest closed version, else computed now.
pub async fn view<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    year: i32,
    now: i64,
) -> Result<AnnualView, AppError> {
    year_days(year)?;
    let kept = versions(store.snapshots(&annual::snapshot_key(year)).await?);
    let assessment = match kept.first() {
        Some((_, json)) => serde_json::from_str(json).map_err(|e| {
            tracing::error!(error = %e, year, "a kept annual assessment does not read");
            AppError::Internal
        })?,
        None => compute(store, tz, tz_name, year, now).await?,
    };
    let ended = annual::year_ended(year, local_day(tz, now));
    Ok(AnnualView {
        assessment: visible(assessment, &Seen::of(actor)),
        closed: kept.first().map(|(v, _)| v.clone()),
        versions: kept.into_iter().map(|(v, _)| v).collect(),
        year_ended: ended,
        may_close: ended && actor.roles.contains(&Role::Supervisor),
        utc_offset_secs: crate::tickets::service::utc_offset_secs(tz, now),
    })
}

/// A supervisor closes an ended year: the assessment computed now is kept as its next
/// version (a regeneration needs a reason). Returns the version.
pub async fn close<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    year: i32,
    reason: &str,
    now: i64,
) -> Result<i64, AppError> {
    let key = annual::snapshot_key(year);
    keep_year(store, tz, actor, year, &key, reason, now, || async {
        let a = compute(store, tz, tz_name, year, now).await?;
        serde_json::to_string(&a).map_err(|_| AppError::Internal)
    })
    .await
}

/// What a year's closing and the annual report's issuing share: a supervisor, a year that
/// has ended, a reason for every version after the first; `make()`'s JSON kept as `key`'s
/// next version (the snapshot table refuses changes). Two at once become consecutive
/// versions. Returns the version.
#[allow(clippy::too_many_arguments)]
pub(super) async fn keep_year<Tz, F, Fut>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    year: i32,
    key: &str,
    reason: &str,
    now: i64,
    make: F,
) -> Result<i64, AppError>
where
    Tz: TimeZone,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<String, AppError>>,
{
    if !actor.roles.contains(&Role::Supervisor) {
        return Err(AppError::Forbidden);
    }
    year_days(year)?;
    if !annual::year_ended(year, local_day(tz, now)) {
        return Err(AppError::field("year", FieldProblem::PeriodNotOver));
    }
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::field("reason", FieldProblem::TooLong));
    }
    for _ in 0..3 {
        if reason.is_empty() && !store.snapshots(key).await?.is_empty() {
            return Err(AppError::field("reason", FieldProblem::Required));
        }
        let json = make().await?;
        if let Some(version) = store
            .insert_snapshot(key, &json, now, Some(actor.id), reason, false)
            .await?
        {
            return Ok(version);
        }
    }
    Err(AppError::Conflict)
}
