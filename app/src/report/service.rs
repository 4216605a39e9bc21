//! The report's service: a day's or a period's figures computed from the report tables by
//! the pure rules in `domain::report` — the same for the page, the exports and the CLI —
//! and the immutable daily snapshots.
use super::{ReportView, SnapshotInfo, TrendPoint};
use crate::domain::account::FieldProblem;
use crate::domain::report::{self, AtClose, CloseDelta, Counts, Period, Report};
use crate::domain::roles::Role;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::store::Store;
use chrono::{NaiveDate, TimeZone};

/// Local midnight starting `day` (the earliest, if a clock change makes it ambiguous).
pub fn day_start<Tz: TimeZone>(tz: &Tz, day: NaiveDate) -> i64 {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .earliest()
        // A zone that skips midnight: the first instant of the day an hour on.
        .or_else(|| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.timestamp_millis())
        .unwrap_or_default()
}

/// The local day containing `at`.
pub fn local_day<Tz: TimeZone>(tz: &Tz, at: i64) -> NaiveDate {
    chrono::Utc
        .timestamp_millis_opt(at)
        .single()
        .unwrap_or_default()
        .with_timezone(tz)
        .date_naive()
}

/// The day asked for (`YYYY-MM-DD`), or the day before `today`; and the period (`day`
/// when empty). Bad values are field errors (400).
pub fn parse_when(
    date: &str,
    period: &str,
    today: NaiveDate,
) -> Result<(Period, NaiveDate), AppError> {
    let period = if period.is_empty() {
        Period::Day
    } else {
        Period::parse(period)
            .ok_or_else(|| AppError::field("period", FieldProblem::UnknownChoice))?
    };
    let date = if date.trim().is_empty() {
        today.pred_opt().unwrap_or(today)
    } else {
        NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::field("date", FieldProblem::BadDate))?
    };
    Ok((period, date))
}

/// Whose figures: the whole desk, or (a department lead's) these departments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Desk,
    Departments(Vec<i64>),
}

impl Scope {
    /// The report a user may read: supervisors and compliance the desk, leads their
    /// departments; nobody else.
    pub fn of(actor: &Actor) -> Result<Scope, AppError> {
        if actor.sees_all() {
            Ok(Scope::Desk)
        } else if actor.roles.contains(&Role::DeptLead) {
            Ok(Scope::Departments(actor.departments.clone()))
        } else {
            Err(AppError::Forbidden)
        }
    }
    fn holds(&self, department: Option<i64>) -> bool {
        match self {
            Scope::Desk => true,
            Scope::Departments(ids) => department.is_some_and(|d| ids.contains(&d)),
        }
    }
    fn at_close(&self, mut at_close: AtClose) -> AtClose {
        at_close.retain(|(d, _, _)| self.holds(*d));
        at_close
    }
    fn delta(&self, d: CloseDelta) -> CloseDelta {
        CloseDelta {
            opened: self.at_close(d.opened),
            closed: self.at_close(d.closed),
            fell_due: self.at_close(d.fell_due),
        }
    }
}

/// Working minutes between two instants on the desk's calendar.
pub(crate) fn working_minutes<'a, Tz: TimeZone>(
    calendar: &'a crate::domain::calendar::WorkingCalendar,
    tz: &'a Tz,
) -> impl Fn(i64, i64) -> i64 + 'a {
    move |from, to| {
        let at = |ms| {
            chrono::Utc
                .timestamp_millis_opt(ms)
                .single()
                .unwrap_or_default()
        };
        calendar.working_minutes_between(at(from), at(to), tz)
    }
}

pub(crate) fn bounds<Tz: TimeZone>(
    tz: &Tz,
    (first, last): (NaiveDate, NaiveDate),
) -> Result<(i64, i64), AppError> {
    let end = last.succ_opt().ok_or(AppError::NotFound)?;
    Ok((day_start(tz, first), day_start(tz, end)))
}

/// Each day's counts in `[first, last]`; the figures at close for every day when `closes`,
/// else at least for the last day. The desk's closed days come from the cache of days
/// (`report_days`) when it has them; the others are computed from the day's facts and
/// cached, so a year's report reads 365 rows and only the days nobody asked for before
/// read their facts.
pub(crate) async fn daily_counts<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    scope: &Scope,
    days: (NaiveDate, NaiveDate),
    closes: bool,
) -> Result<Vec<(NaiveDate, Counts)>, AppError> {
    let (from, to) = bounds(tz, days)?;
    let desk = *scope == Scope::Desk;
    let generation = store.report_gen().await?;
    // The day before too: its close is where the first day's starts.
    let before = days.0.pred_opt().ok_or(AppError::NotFound)?;
    let mut cached = if desk {
        store.cached_days(day_start(tz, before), to).await?
    } else {
        Default::default()
    };
    let mut previous_close = cached
        .get(&(day_start(tz, before), from))
        .and_then(|c| c.at_close.clone());
    let settled = crate::store::now_ms() - report::SETTLE_MS;
    let departments = match scope {
        Scope::Desk => None,
        Scope::Departments(ids) => Some(ids.as_slice()),
    };
    // The working calendar (for the assessment's working hours), read only if a day is
    // computed rather than taken from the cache.
    let mut calendar = None;
    let now = crate::store::now_ms();
    let mut out = Vec::new();
    let mut fresh = Vec::new();
    let mut day = days.0;
    while day <= days.1 {
        let next = day.succ_opt().ok_or(AppError::NotFound)?;
        let key = (day_start(tz, day), day_start(tz, next));
        if let Some(c) = cached.remove(&key) {
            previous_close = c.at_close.clone();
            out.push((day, c));
        } else {
            let cacheable = desk && key.1 <= settled;
            let facts = store.report_facts(key.0, key.1, departments).await?;
            let at_close = if cacheable || closes || day == days.1 {
                // From the close before when it is known: only the day's changes are read.
                Some(match previous_close.take() {
                    Some(p) => {
                        report::advance(&p, &scope.delta(store.close_delta(key.0, key.1).await?))
                    }
                    None => scope.at_close(store.spans_at(key.1).await?),
                })
            } else {
                None
            };
            let cal = match calendar.take() {
                Some(c) => c,
                None => store.desk_settings().await?.calendar,
            };
            let mut c = Counts::of_day(
                &facts,
                at_close.as_ref().unwrap_or(&Vec::new()),
                now,
                &working_minutes(&cal, tz),
            );
            calendar = Some(cal);
            c.at_close = at_close;
            previous_close = c.at_close.clone();
            if cacheable {
                fresh.push((key, c.clone()));
            }
            out.push((day, c));
        }
        day = next;
    }
    // A change that reached one of these days since `generation` was read: keep nothing.
    store.cache_days(generation, &fresh).await?;
    Ok(out)
}

/// Computes and caches the desk's closed days in `[first, last]` that are not cached yet
/// (after a bulk load or a rebuild, and at day close), a month at a time; calls `progress`
/// with the days done. Returns how many days.
pub async fn warm<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    (first, last): (NaiveDate, NaiveDate),
    progress: impl Fn(u64),
) -> Result<u64, AppError> {
    let mut done = 0;
    let mut day = first;
    while day <= last {
        let end = (day + chrono::Days::new(30)).min(last);
        done += daily_counts(store, tz, &Scope::Desk, (day, end), false)
            .await?
            .len() as u64;
        progress(done);
        day = end.succ_opt().ok_or(AppError::NotFound)?;
    }
    Ok(done)
}

/// Warms the cache of days from a year before the first fact to yesterday (`now`'s local
/// day before): the comparisons of the desk's first year read the empty year before it.
pub async fn warm_all<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
    progress: impl Fn(u64, u64),
) -> Result<u64, AppError> {
    let Some(first) = store.first_fact_at().await? else {
        return Ok(0);
    };
    let first = local_day(tz, first);
    let first = first
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(first);
    let Some(last) = local_day(tz, now).pred_opt() else {
        return Ok(0);
    };
    if first > last {
        return Ok(0);
    }
    let total = (last - first).num_days() as u64 + 1;
    warm(store, tz, (first, last), |done| progress(done, total)).await
}

/// Tickets received in `[first, last]` by category, for the comparisons: the desk's from
/// its days (kept, or computed and kept — days before the first ticket cost next to
/// nothing), a lead's counted from the facts.
async fn received_by_category<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    scope: &Scope,
    days: (NaiveDate, NaiveDate),
) -> Result<Counts, AppError> {
    let by_category = match scope {
        Scope::Desk => {
            let mut sum = std::collections::BTreeMap::new();
            for (_, c) in daily_counts(store, tz, scope, days, false).await? {
                for (k, n) in c.received_by_category {
                    *sum.entry(k).or_default() += n;
                }
            }
            sum
        }
        Scope::Departments(ids) => {
            let (from, to) = bounds(tz, days)?;
            store.received_by_category(from, to, Some(ids)).await?
        }
    };
    Ok(Counts {
        received: by_category.values().sum(),
        received_by_category: by_category,
        ..Counts::default()
    })
}

/// The desk's report of `period` as of `date` (a day's report for `Period::Day`).
pub async fn compute<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    period: Period,
    date: NaiveDate,
) -> Result<Report, AppError> {
    compute_for(
        store,
        tz,
        tz_name,
        &Scope::Desk,
        period,
        date,
        Compare::HotIssues,
    )
    .await
}

/// Whether a report's hot issues are compared with the stretches before (the report), or
/// only its figures are wanted (the one before it, for the page's changes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Compare {
    HotIssues,
    FiguresOnly,
}

async fn compute_for<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    scope: &Scope,
    period: Period,
    date: NaiveDate,
    compare: Compare,
) -> Result<Report, AppError> {
    let days = period.days(date);
    let [previous, earlier] = period.comparisons(days);
    let (previous, earlier) = match compare {
        Compare::HotIssues => (
            received_by_category(store, tz, scope, previous).await?,
            received_by_category(store, tz, scope, earlier).await?,
        ),
        Compare::FiguresOnly => Default::default(),
    };
    let mut r = compute_days(store, tz, tz_name, scope, days, &previous, &earlier).await?;
    if period != Period::Day {
        r.period = Some(report::PeriodInfo {
            kind: period.code().into(),
            from: days.0.to_string(),
            to: days.1.to_string(),
        });
    }
    Ok(r)
}

/// The desk's figures of any stretch of days (`[first, last]`), without hot issues: the
/// effectiveness evaluation's evidence and the annual report read the report this way.
pub async fn figures_of_days<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    days: (NaiveDate, NaiveDate),
) -> Result<Report, AppError> {
    let none = Counts::default();
    let mut r = compute_days(store, tz, tz_name, &Scope::Desk, days, &none, &none).await?;
    r.period = Some(report::PeriodInfo {
        kind: "days".into(),
        from: days.0.to_string(),
        to: days.1.to_string(),
    });
    Ok(r)
}

/// A report of `days`; hot issues compared with the counts by category of the two stretches
/// before (empty: none).
async fn compute_days<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    scope: &Scope,
    days: (NaiveDate, NaiveDate),
    previous: &Counts,
    earlier: &Counts,
) -> Result<Report, AppError> {
    let each: Vec<Counts> = daily_counts(store, tz, scope, days, false)
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let c = Counts::over_days(&each);
    let (mut departments, categories) = store.report_refs().await?;
    if let Scope::Departments(ids) = scope {
        departments.retain(|d| ids.contains(&d.id));
    }
    let mut r = report::report(
        &days.1.to_string(),
        tz_name,
        &c,
        previous,
        earlier,
        &departments,
        &categories,
    );
    let (from, to) = bounds(tz, days)?;
    let events: Vec<_> = store
        .risk_history_until(to)
        .await?
        .into_iter()
        .filter(|(department, _)| scope.holds(Some(*department)))
        .map(|(_, happened)| happened)
        .collect();
    r.risks = crate::domain::risk_report::risk_figures(&events, from, days.1);
    r.policies = crate::policies::service::report_figures(store, from, to, |department| {
        scope.holds(Some(department))
    })
    .await?;
    r.training = crate::training::service::report_figures(store, from, to, |department| {
        scope.holds(Some(department))
    })
    .await?;
    let facts: Vec<_> = store
        .violation_facts(to)
        .await?
        .into_iter()
        .filter(|(department, _)| scope.holds(Some(*department)))
        .map(|(_, fact)| fact)
        .collect();
    r.violations = crate::domain::violation::violation_figures(&facts, from, to);
    // Reviews are the desk's, not a department's: the whole desk's readers see them.
    if matches!(scope, Scope::Desk) {
        let facts = store.review_facts(from, to).await?;
        r.reviews = crate::domain::review::review_figures(&facts, from, to);
    }
    Ok(r)
}

/// Days in the page's trend chart.
pub const TREND_DAYS: u64 = 30;

/// The report as a reader gets it: a day's from its latest snapshot when there is one and
/// the reader sees the whole desk, otherwise computed now.
pub async fn current<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    scope: &Scope,
    period: Period,
    date: NaiveDate,
) -> Result<(Report, Option<SnapshotInfo>), AppError> {
    let snapshots = if period == Period::Day && *scope == Scope::Desk {
        store.snapshots(&date.to_string()).await?
    } else {
        Vec::new()
    };
    Ok(match snapshots.first() {
        Some(s) => (
            serde_json::from_str::<Report>(&s.report).map_err(|_| AppError::Internal)?,
            Some(SnapshotInfo {
                version: s.version,
                versions: snapshots.len() as i64,
                generated_at: s.generated_at,
                generated_by: s.generated_by.clone(),
                reason: s.reason.clone(),
                chain_seq: s.chain_seq,
                chain_hash: s.chain_hash.clone(),
            }),
        ),
        None => (
            compute_for(store, tz, tz_name, scope, period, date, Compare::HotIssues).await?,
            None,
        ),
    })
}

/// The report page: the report, the one before it, the 30-day trend and names.
pub async fn view<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    period: Period,
    date: NaiveDate,
    now: i64,
) -> Result<ReportView, AppError> {
    let scope = Scope::of(actor)?;
    let (report, snapshot) = current(store, tz, tz_name, &scope, period, date).await?;
    let [previous_days, _] = period.comparisons(period.days(date));
    // Only its figures show (as the changes); its hot issues would read two more stretches.
    let previous = compute_for(
        store,
        tz,
        tz_name,
        &scope,
        period,
        previous_days.1,
        Compare::FiguresOnly,
    )
    .await?;
    let first = date - chrono::Days::new(TREND_DAYS - 1);
    let trend = daily_counts(store, tz, &scope, (first, date), true)
        .await?
        .into_iter()
        .map(|(d, c)| TrendPoint {
            date: d.to_string(),
            received: c.received,
            resolved: c.resolved,
            backlog: c.backlog_at_close,
        })
        .collect();
    let departments = store
        .list_departments()
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let categories = store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let today = local_day(tz, now);
    Ok(ReportView {
        period,
        date: date.to_string(),
        closed: date < today,
        report,
        previous,
        trend,
        department_names: departments,
        category_names: categories,
        snapshot,
        desk_wide: scope == Scope::Desk,
        may_regenerate: actor.roles.contains(&Role::Supervisor)
            && period == Period::Day
            && date < today,
        may_export_unmasked: actor.may_reveal_pii(),
        utc_offset_secs: crate::tickets::service::utc_offset_secs(tz, now),
    })
}

/// The day-close job: once `now` is past `close_minute` minutes after local midnight,
/// stores yesterday's snapshot unless there is one. Returns the day and version stored.
pub async fn close_day<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    close_minute: i64,
    now: i64,
) -> Result<Option<(NaiveDate, i64)>, AppError> {
    let today = local_day(tz, now);
    let Some(yesterday) = today.pred_opt() else {
        return Ok(None);
    };
    if now < day_start(tz, today) + close_minute * 60_000
        || !store.snapshots(&yesterday.to_string()).await?.is_empty()
    {
        return Ok(None);
    }
    let r = compute(store, tz, tz_name, Period::Day, yesterday).await?;
    let json = serde_json::to_string(&r).map_err(|_| AppError::Internal)?;
    let stored = store
        .insert_snapshot(&yesterday.to_string(), &json, now, None, "", true)
        .await?;
    Ok(stored.map(|v| (yesterday, v)))
}

/// A supervisor recomputes a closed day: a new version, the old ones kept.
pub async fn regenerate<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    date: NaiveDate,
    reason: &str,
    now: i64,
) -> Result<i64, AppError> {
    if !actor.roles.contains(&Role::Supervisor) {
        return Err(AppError::Forbidden);
    }
    let reason =
        crate::domain::intake::check_reason(reason).map_err(|p| AppError::field("reason", p))?;
    if date >= local_day(tz, now) {
        return Err(AppError::field("date", FieldProblem::BadDate));
    }
    let r = compute(store, tz, tz_name, Period::Day, date).await?;
    let json = serde_json::to_string(&r).map_err(|_| AppError::Internal)?;
    store
        .insert_snapshot(
            &date.to_string(),
            &json,
            now,
            Some(actor.id),
            &reason,
            false,
        )
        .await?
        .ok_or(AppError::Conflict)
}
