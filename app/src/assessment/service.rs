//! The assessment's service: a period's KPI counts summed from the report's days (kept in
//! the cache of days, so a month reads 30 rows), each unit's compliance figures from the
//! other features, and the lines the reader may see.
use super::{KpiLine, KpiSheet, Unit};
use crate::auth::Account;
use crate::domain::kpi::{self, ComplianceFigures, Kpi, KpiCounts, KpiDay, KpiRules};
use crate::domain::policy_report::PolicyFigures;
use crate::domain::roles::Role;
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::policies::service::{People, PolicyBasis};
use crate::report::service::{bounds, daily_counts, day_start, Scope};
use crate::store::Store;
use chrono::{NaiveDate, TimeZone};
use std::collections::{BTreeMap, BTreeSet};

/// Which lines a reader sees: supervisors, compliance and admins all; a lead their
/// departments and the people in them (and their own); anyone else their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    All,
    Departments { person: i64, departments: Vec<i64> },
    Own(i64),
}

impl Seen {
    pub fn of(actor: &Actor) -> Seen {
        if actor.sees_all() || actor.roles.contains(&Role::Admin) {
            Seen::All
        } else if actor.roles.contains(&Role::DeptLead) {
            Seen::Departments {
                person: actor.id,
                departments: actor.departments.clone(),
            }
        } else {
            Seen::Own(actor.id)
        }
    }
    /// The reader, when the lines are chosen for one (a lead, a handler).
    fn reader(&self) -> Option<i64> {
        match self {
            Seen::All => None,
            Seen::Departments { person, .. } | Seen::Own(person) => Some(*person),
        }
    }
    pub(super) fn desk(&self) -> bool {
        *self == Seen::All
    }
    pub(super) fn department(&self, id: i64) -> bool {
        match self {
            Seen::All => true,
            Seen::Departments { departments, .. } => departments.contains(&id),
            Seen::Own(_) => false,
        }
    }
    pub(super) fn person(&self, id: i64, department: i64) -> bool {
        match self {
            Seen::All => true,
            Seen::Departments {
                person,
                departments,
            } => *person == id || departments.contains(&department),
            Seen::Own(person) => *person == id,
        }
    }
}

/// The KPI counts of the days `[first, last]`, for every unit.
pub async fn period_counts<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    days: (NaiveDate, NaiveDate),
) -> Result<KpiDay, AppError> {
    let mut sum = KpiDay::default();
    for (_, c) in daily_counts(store, tz, &Scope::Desk, days, false).await? {
        sum.add(&c.kpi);
    }
    Ok(sum)
}

/// Compliance figures for the desk, each department and each person.
#[derive(Default)]
struct Compliance {
    desk: ComplianceFigures,
    departments: BTreeMap<i64, ComplianceFigures>,
    persons: BTreeMap<i64, ComplianceFigures>,
}

impl Compliance {
    fn add(&mut self, person: Option<i64>, department: Option<i64>, f: &ComplianceFigures) {
        self.desk.add(f);
        if let Some(d) = department {
            self.departments.entry(d).or_default().add(f);
        }
        if let Some(p) = person {
            self.persons.entry(p).or_default().add(f);
        }
    }
}

fn policy(p: PolicyFigures) -> ComplianceFigures {
    ComplianceFigures {
        acknowledgements_due: p.acknowledgements_due,
        acknowledged: p.acknowledged,
        letters_due: p.letters_due,
        letters_signed: p.letters_signed,
        ..ComplianceFigures::default()
    }
}

async fn compliance<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    days: (NaiveDate, NaiveDate),
    people: &People,
    accounts: &[Account],
    now: i64,
) -> Result<Compliance, AppError> {
    let (from, to) = bounds(tz, days)?;
    let department_of: BTreeMap<i64, i64> =
        accounts.iter().map(|a| (a.id, a.department_id)).collect();
    let mut c = Compliance::default();
    for (person, department, violations, points) in store.violation_tally(from, to, now).await? {
        let f = ComplianceFigures {
            violations,
            points,
            ..ComplianceFigures::default()
        };
        c.add(Some(person), Some(department), &f);
    }
    for (user, passed) in store.exams_between(from, to).await? {
        let f = ComplianceFigures {
            exams: 1,
            exams_passed: i64::from(passed),
            ..ComplianceFigures::default()
        };
        c.add(Some(user), department_of.get(&user).copied(), &f);
    }
    // Acknowledgements and letters owed at the period's end, per group of people.
    let basis = PolicyBasis::load(store, to, people).await?;
    c.desk.add(&policy(basis.figures(from, |_| true)));
    let departments: BTreeSet<i64> = department_of.values().copied().collect();
    for d in departments {
        let f = policy(basis.figures(from, |m| department_of.get(&m) == Some(&d)));
        c.departments.entry(d).or_default().add(&f);
    }
    for a in accounts.iter().filter(|a| a.active) {
        let f = policy(basis.figures(from, |m| m == a.id));
        c.persons.entry(a.id).or_default().add(&f);
    }
    let risk_events = store.risk_history_until(to).await?;
    let facts =
        kpi::rectification_facts(&risk_events, |d| day_start(tz, d.succ_opt().unwrap_or(d)));
    for (department, (due, on_time)) in kpi::rectifications_on_time(&facts, from, to) {
        let f = ComplianceFigures {
            rectifications_due: due,
            rectifications_on_time: on_time,
            ..ComplianceFigures::default()
        };
        c.add(None, Some(department), &f);
    }
    Ok(c)
}

fn kpis(c: &KpiCounts, rules: KpiRules) -> Vec<Option<f64>> {
    Kpi::ALL.iter().map(|k| k.value(c, rules)).collect()
}

/// The sheet of the days `[first, last]` (written `period`) as `actor` may see it.
pub async fn sheet<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    actor: &Actor,
    days: (NaiveDate, NaiveDate),
    now: i64,
) -> Result<KpiSheet, AppError> {
    let mut s = sheet_for(store, tz, tz_name, &Seen::of(actor), false, days, now).await?;
    s.may_edit_rules = actor.roles.contains(&Role::Admin);
    Ok(s)
}

/// The sheet as `seen` allows; `everyone`: a line for every active account (the annual
/// assessment), not only handlers and people with figures.
pub(super) async fn sheet_for<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    tz_name: &str,
    seen: &Seen,
    everyone: bool,
    days: (NaiveDate, NaiveDate),
    now: i64,
) -> Result<KpiSheet, AppError> {
    let rules = store.kpi_rules().await?;
    let counts = period_counts(store, tz, days).await?;
    let accounts = store.list_accounts().await?;
    let people = People::of(store.list_departments().await?, &accounts);
    let compliance = compliance(store, tz, days, &people, &accounts, now).await?;
    let line = |unit, id, code: &str, name: &str, department: &str, c: KpiCounts, f| KpiLine {
        unit,
        id,
        code: code.to_owned(),
        name: name.to_owned(),
        department: department.to_owned(),
        has_tickets: c.has_tickets(),
        kpis: kpis(&c, rules),
        counts: c,
        compliance: f,
    };
    let desk = seen.desk().then(|| {
        line(
            Unit::Desk,
            0,
            "",
            "",
            "",
            counts.desk.clone(),
            compliance.desk.clone(),
        )
    });
    let departments = people
        .tree
        .iter()
        .filter(|d| {
            // The centre itself is not assessed unless tickets were handled there.
            (d.kind != "centre" || counts.departments.contains_key(&d.id)) && seen.department(d.id)
        })
        .map(|d| {
            line(
                Unit::Department,
                d.id,
                &d.code,
                &d.name,
                "",
                counts.departments.get(&d.id).cloned().unwrap_or_default(),
                compliance
                    .departments
                    .get(&d.id)
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect();
    let persons = accounts
        .iter()
        .filter(|a| seen.person(a.id, a.department_id))
        .filter(|a| {
            (a.active && (everyone || a.has_role(Role::Handler)))
                || counts.persons.contains_key(&a.id)
                || compliance.persons.get(&a.id).is_some_and(|f| f.violations > 0)
                // Leads and handlers see their own line even without tickets.
                || Some(a.id) == seen.reader()
        })
        .map(|a| {
            line(
                Unit::Person,
                a.id,
                &a.login,
                &a.display_name,
                &a.department_name,
                counts.persons.get(&a.id).cloned().unwrap_or_default(),
                compliance.persons.get(&a.id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    Ok(KpiSheet {
        period: kpi::period_code(days),
        from: days.0.to_string(),
        to: days.1.to_string(),
        timezone: tz_name.to_owned(),
        rules,
        desk,
        departments,
        persons,
        may_edit_rules: false,
    })
}

/// The period asked for (`2026-11`, `2026`, `first..last`), or last month; a bad one is a
/// field error (400).
pub fn parse_period(text: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), AppError> {
    if text.trim().is_empty() {
        return Ok(kpi::last_month(today));
    }
    kpi::parse_period(text)
        .ok_or_else(|| AppError::field("period", crate::domain::account::FieldProblem::BadDate))
}

/// An admin changes whether "basically satisfied" counts as satisfied.
pub async fn save_rules(
    store: &Store,
    actor: &Actor,
    rules: KpiRules,
    now: i64,
) -> Result<(), AppError> {
    if !actor.roles.contains(&Role::Admin) {
        return Err(AppError::Forbidden);
    }
    store.save_kpi_rules(rules, now).await
}
