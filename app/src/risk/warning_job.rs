//! The warning job (风险自动预警): on the deadline engine's runner (one replica on
//! PostgreSQL), it reads the ticket history from where it stopped, applies the rules of
//! `domain::warning` to every ticket touched since, to each person's looks at personal data
//! on each day and to each caller whose callback went badly; every ten minutes it sweeps the
//! long-overdue tickets and today's intake per category; once a day it verifies the chain.
//! What it finds is raised on the matching risk, once per (rule, subject, window).
use crate::domain::events::EventData;
use crate::domain::org::{ancestors, Department};
use crate::domain::roles::Role;
use crate::domain::ticket::CallbackOutcome;
use crate::domain::warning::{
    chain_finding, overdue_finding, repeat_caller_finding, reveals_finding, risk_for,
    surge_finding, trail_findings, Finding, RiskRef, Thresholds, DAY,
};
use crate::error::AppError;
use crate::report::service::{day_start, local_day};
use crate::store::Store;
use chrono::{Days, NaiveDate, TimeZone};
use std::collections::{BTreeSet, HashSet};

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WarningRun {
    /// Ticket events read past the job's mark.
    pub events_read: i64,
    pub raised: usize,
    /// Findings with no open risk of their kind in the list to be raised on.
    pub unplaced: usize,
}

/// Ticket events read per batch; a pass stops taking batches after a few seconds, so a
/// large history is read over several passes without holding up the deadline engine.
const BATCH: i64 = 2_000;
const PASS_BUDGET: std::time::Duration = std::time::Duration::from_secs(5);
const SWEEP_EVERY: i64 = 10 * 60_000;
const OVERDUE_PER_SWEEP: i64 = 500;

struct Pass<'a> {
    store: &'a Store,
    risks: Vec<RiskRef>,
    /// Compliance: told of each new warning.
    compliance: Vec<i64>,
    departments: Vec<Department>,
    now: i64,
    run: WarningRun,
}

impl Pass<'_> {
    async fn raise(&mut self, f: Finding) -> Result<(), AppError> {
        let chain = f
            .department
            .map(|d| ancestors(&self.departments, d))
            .unwrap_or_default();
        let Some(risk_id) = risk_for(f.rule, &chain, &self.risks) else {
            self.run.unplaced += 1;
            return Ok(());
        };
        if self.store.raised_before(&f).await? {
            return Ok(());
        }
        let evidence = self.store.ticket_numbers(&f.tickets).await?;
        if self
            .store
            .raise_warning(&f, risk_id, &evidence, &self.compliance, self.now)
            .await?
            .is_some()
        {
            self.run.raised += 1;
        }
        Ok(())
    }
}

/// One pass at `now`. A second pass at the same instant raises nothing new.
pub async fn run_warnings<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<WarningRun, AppError> {
    let th = store.warning_thresholds().await?;
    let matrix = store.risk_settings().await?.matrix;
    let risks = store
        .risks(&matrix)
        .await?
        .into_iter()
        .map(|r| RiskRef {
            id: r.id,
            risk_type: r.facts.risk_type,
            conduct: r.facts.conduct,
            department_id: r.facts.department_id,
            open: r.status.is_open(),
            residual_score: r.facts.residual.score(),
        })
        .collect();
    // Agents call callers back: a ticket awaiting a callback is their work.
    let agents: HashSet<i64> = store.ids_with_role(Role::Agent).await?;
    let compliance = store.ids_with_role(Role::Compliance).await?;
    let mut pass = Pass {
        store,
        risks,
        compliance,
        departments: store.list_departments().await?,
        now,
        run: WarningRun::default(),
    };
    let mut mark = store.warning_job_mark().await?;
    let started = std::time::Instant::now();
    while let Some(upto) = store.ticket_events_batch_end(mark.last_seq, BATCH).await? {
        read_history(&mut pass, tz, &th, &agents, mark.last_seq, upto).await?;
        pass.run.events_read += upto - mark.last_seq;
        mark.last_seq = upto;
        store.set_warning_job_mark(&mark).await?;
        if started.elapsed() > PASS_BUDGET {
            break;
        }
    }
    if now - mark.sweep_at >= SWEEP_EVERY {
        sweep(&mut pass, tz, &th).await?;
        mark.sweep_at = now;
        store.set_warning_job_mark(&mark).await?;
    }
    let today = local_day(tz, now);
    if mark.chain_checked_on != today.to_string() {
        if let Some((problem, _)) = store.verify_chain().await?.problem {
            pass.raise(chain_finding(today, problem.seq)).await?;
        }
        mark.chain_checked_on = today.to_string();
        store.set_warning_job_mark(&mark).await?;
    }
    if pass.run.raised > 0 && !pass.compliance.is_empty() {
        // The bells of those told.
        store.ring(pass.compliance.clone()).await;
    }
    Ok(pass.run)
}

/// The rules over the tickets with events in `(after, upto]`.
async fn read_history<Tz: TimeZone>(
    pass: &mut Pass<'_>,
    tz: &Tz,
    th: &Thresholds,
    agents: &HashSet<i64>,
    after: i64,
    upto: i64,
) -> Result<(), AppError> {
    let trails = pass.store.touched_trails(after, upto).await?;
    let mut looks: BTreeSet<(i64, NaiveDate)> = BTreeSet::new();
    for trail in &trails {
        for f in trail_findings(trail, th, &|u| agents.contains(&u)) {
            pass.raise(f).await?;
        }
        for s in trail
            .steps
            .iter()
            .filter(|s| s.seq > after && s.seq <= upto)
        {
            match &s.data {
                EventData::PiiViewed {} => {
                    if let Some(user) = s.actor {
                        looks.insert((user, local_day(tz, s.at)));
                    }
                }
                EventData::CallbackRecorded {
                    outcome: CallbackOutcome::Unsatisfied | CallbackOutcome::Unreachable,
                    ..
                } => {
                    let theirs = pass
                        .store
                        .callers_recent_tickets(trail.ticket_id, th.repeat_days)
                        .await?;
                    if let Some(f) = repeat_caller_finding(trail.ticket_id, &theirs, th) {
                        pass.raise(f).await?;
                    }
                }
                _ => {}
            }
        }
    }
    for (user, day) in looks {
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        let looked = pass
            .store
            .looks_by(user, day_start(tz, day), day_start(tz, next))
            .await?;
        let count = looked.len() as i64;
        let mut seen = HashSet::new();
        let tickets: Vec<i64> = looked.into_iter().filter(|t| seen.insert(*t)).collect();
        if let Some(f) = reveals_finding(user, day, count, tickets, th) {
            pass.raise(f).await?;
        }
    }
    Ok(())
}

/// Long-overdue open tickets, and today's intake per category against the 28 days before.
async fn sweep<Tz: TimeZone>(
    pass: &mut Pass<'_>,
    tz: &Tz,
    th: &Thresholds,
) -> Result<(), AppError> {
    let now = pass.now;
    let calendar = pass.store.desk_settings().await?.calendar;
    // Working days overdue are never more than calendar days: those are the candidates.
    let candidates = pass
        .store
        .long_overdue(now - th.overdue_days * DAY, OVERDUE_PER_SWEEP)
        .await?;
    for (ticket, due_at, department) in candidates {
        if let Some(mut f) = overdue_finding(ticket, due_at, now, &calendar, tz, th) {
            f.department = department;
            pass.raise(f).await?;
        }
    }
    let today = local_day(tz, now);
    let start = day_start(tz, today);
    let month_ago = today.checked_sub_days(Days::new(28)).unwrap_or(today);
    let received = pass
        .store
        .received_by_category(start, now + 1, None)
        .await?;
    let before = pass
        .store
        .received_by_category(day_start(tz, month_ago), start, None)
        .await?;
    for (category, n) in received {
        let past = before.get(&category).copied().unwrap_or(0);
        if let Some(f) = surge_finding(category, today, n, past, th) {
            pass.raise(f).await?;
        }
    }
    Ok(())
}
