//! The league table's service: a period's and the previous period's KPI counts per
//! department (the report's cached days), the violation points of each department's people,
//! scored and ranked by the admin's scheme (`domain::score`); a person's scorecard; the
//! scheme's reads and saves. The table is published to every signed-in user (it holds no
//! personal data); a scorecard only to whom the KPI sheet shows that person.
use super::service::{period_counts, Seen};
use super::{LeagueGroup, LeagueRow, LeagueTable, SchemeForm, Scorecard};
use crate::domain::kpi::{self, KpiCounts, KpiRules};
use crate::domain::org::{tree_order, Department};
use crate::domain::roles::Role;
use crate::domain::score::{self, Entry, SchemeText, ScoreScheme, Standing};
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::report::service::bounds;
use crate::store::Store;
use chrono::{NaiveDate, TimeZone};
use std::collections::BTreeMap;

/// Each curve's figure and its numerator / denominator, for a unit's counts.
fn figures(
    scheme: &ScoreScheme,
    c: &KpiCounts,
    rules: KpiRules,
) -> (Vec<Option<f64>>, Vec<(i64, i64)>) {
    scheme
        .curves
        .iter()
        .map(|k| (k.kpi.value(c, rules), k.kpi.parts(c, rules)))
        .unzip()
}

/// The violation points per department of the people's violations proposed in the days.
async fn deductions<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    days: (NaiveDate, NaiveDate),
    now: i64,
) -> Result<BTreeMap<i64, i64>, AppError> {
    let (from, to) = bounds(tz, days)?;
    let mut out = BTreeMap::new();
    for (_, department, _, points) in store.violation_tally(from, to, now).await? {
        *out.entry(department).or_insert(0) += points;
    }
    Ok(out)
}

/// The departments assessed: all but the centre itself, unless tickets were handled there.
pub(super) fn assessed(d: &Department, has_counts: bool) -> bool {
    d.kind != "centre" || has_counts
}

/// The league table of the days `[first, last]`, against the period before.
pub async fn league<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    days: (NaiveDate, NaiveDate),
    now: i64,
) -> Result<LeagueTable, AppError> {
    let scheme = store.score_scheme().await?;
    let rules = store.kpi_rules().await?;
    let previous = kpi::previous_period(days);
    let (counts, before) = (
        period_counts(store, tz, days).await?,
        period_counts(store, tz, previous).await?,
    );
    let (deducted, deducted_before) = (
        deductions(store, tz, days, now).await?,
        deductions(store, tz, previous, now).await?,
    );
    let departments: Vec<Department> = tree_order(&store.list_departments().await?)
        .into_iter()
        .map(|(d, _)| d)
        .filter(|d| assessed(d, counts.departments.contains_key(&d.id)))
        .collect();
    let entries: Vec<Entry> = departments
        .iter()
        .map(|d| Entry {
            id: d.id,
            counts: counts.departments.get(&d.id).cloned().unwrap_or_default(),
            deducted: deducted.get(&d.id).copied().unwrap_or(0),
            previous: before.departments.get(&d.id).cloned().unwrap_or_default(),
            previous_deducted: deducted_before.get(&d.id).copied().unwrap_or(0),
        })
        .collect();
    let table = score::league(&scheme, rules, &entries);
    let by_id: BTreeMap<i64, (&Department, &Entry)> = departments
        .iter()
        .zip(&entries)
        .map(|(d, e)| (d.id, (d, e)))
        .collect();
    let row = |s: &Standing| {
        let (d, e) = by_id[&s.id];
        let (figures, parts) = figures(&scheme, &e.counts, rules);
        LeagueRow {
            code: d.code.clone(),
            name: d.name.clone(),
            losses: s
                .rated
                .as_ref()
                .map(|r| r.losses(&scheme.curves, 3))
                .unwrap_or_default(),
            standing: s.clone(),
            deducted: e.deducted,
            figures,
            parts,
        }
    };
    let groups = scheme
        .groups
        .iter()
        .zip(&table.groups)
        .map(|(g, rows)| LeagueGroup {
            name: g.name.clone(),
            full_marks: g.full_marks,
            red_size: g.red_size,
            rows: rows.iter().map(row).collect(),
        })
        .collect();
    let black = table
        .black
        .iter()
        .map(|(g, i)| row(&table.groups[*g][*i]))
        .collect();
    Ok(LeagueTable {
        period: kpi::period_code(days),
        from: days.0.to_string(),
        to: days.1.to_string(),
        previous: kpi::period_code(previous),
        timezone: tz_name.to_owned(),
        scheme,
        groups,
        black,
    })
}

/// A person's scorecard for the days, if `actor` may see that person's KPIs (else 403).
pub async fn scorecard<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    actor: &Actor,
    login: &str,
    days: (NaiveDate, NaiveDate),
    now: i64,
) -> Result<Scorecard, AppError> {
    let login = login.trim();
    let person = store
        .list_accounts()
        .await?
        .into_iter()
        .find(|a| {
            if login.is_empty() {
                a.id == actor.id
            } else {
                a.login == login
            }
        })
        .ok_or(AppError::NotFound)?;
    if !Seen::of(actor).person(person.id, person.department_id) {
        return Err(AppError::Forbidden);
    }
    let scheme = store.score_scheme().await?;
    let rules = store.kpi_rules().await?;
    let counts = period_counts(store, tz, days)
        .await?
        .persons
        .remove(&person.id)
        .unwrap_or_default();
    let (from, to) = bounds(tz, days)?;
    let own = crate::store::violations::Seen::OwnAnd {
        person: person.id,
        departments: &[],
    };
    let violations: Vec<_> = store
        .violations(own, now, 1000)
        .await?
        .into_iter()
        .filter(|v| v.person_id == person.id && v.proposed_at >= from && v.proposed_at < to)
        .collect();
    let deducted: i64 = violations
        .iter()
        .map(|v| i64::from(v.counted_points()))
        .sum();
    let group = &scheme.groups[scheme.group_of(person.department_id)];
    let (figures, parts) = figures(&scheme, &counts, rules);
    Ok(Scorecard {
        period: kpi::period_code(days),
        from: days.0.to_string(),
        to: days.1.to_string(),
        login: person.login,
        name: person.display_name,
        department: person.department_name,
        group: group.name.clone(),
        full_marks: group.full_marks,
        rated: score::rate(&scheme.curves, &counts, rules, group.full_marks, deducted),
        scheme,
        figures,
        parts,
        violations,
    })
}

/// The scheme with the departments to place; every signed-in user may read how points are
/// given, only an admin change it.
pub async fn scheme_form(store: &Store, actor: &Actor) -> Result<SchemeForm, AppError> {
    let departments = tree_order(&store.list_departments().await?)
        .into_iter()
        .filter(|(d, _)| assessed(d, false))
        .map(|(d, _)| (d.id, d.name))
        .collect();
    Ok(SchemeForm {
        scheme: store.score_scheme().await?,
        departments,
        may_edit: actor.roles.contains(&Role::Admin),
    })
}

/// An admin saves a scheme; a bad one is a field error naming the KPI or the group.
pub async fn save_scheme(
    store: &Store,
    actor: &Actor,
    text: &SchemeText,
    now: i64,
) -> Result<(), AppError> {
    if !actor.roles.contains(&Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let scheme = text
        .parse()
        .map_err(|(field, problem)| AppError::field(&field, problem))?;
    store.save_score_scheme(&scheme, now).await
}
