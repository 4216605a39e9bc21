//! The deadline engine (时限引擎): every 30 seconds it looks at the tickets whose next check
//! is due, raises the pre-breach warning and the escalation levels that fell due — each a
//! history event and notifications, in the ticket's own transaction — and schedules the
//! next look. The rules are `domain::deadline`; the clock is the caller's `now`.
use super::service::record;
use crate::domain::deadline::{alarms_due, running, schedule, watch, Alarm, Marks};
use crate::domain::events::EventData;
use crate::error::AppError;
use crate::store::feed::Change;
use crate::store::tickets as tx_ops;
use crate::store::Store;
use chrono::TimeZone;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineRun {
    pub looked_at: usize,
    pub warnings: usize,
    pub escalations: usize,
}

const BATCH: i64 = 200;

fn event(a: Alarm) -> EventData {
    match a {
        Alarm::Warning { clock, due_at } => EventData::Warned { clock, due_at },
        Alarm::Escalation {
            clock,
            level,
            due_at,
        } => EventData::Escalated {
            clock,
            level,
            due_at,
        },
    }
}

/// One pass at `now`. Running it again at the same instant finds nothing to do.
pub async fn run_deadlines<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<EngineRun, AppError> {
    let settings = store.desk_settings().await?;
    let cal = &settings.calendar;
    let mut run = EngineRun::default();
    let mut seen = std::collections::HashSet::new();
    loop {
        let ids = store.due_checks(now, BATCH).await?;
        let fresh: Vec<i64> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
        if fresh.is_empty() {
            break;
        }
        for id in fresh {
            let mut tx = store.begin_write().await?;
            let Some(row) = tx_ops::lock_ticket(&mut tx, id, now).await? else {
                continue;
            };
            let progress = row.progress();
            let (alarms, marks) = match running(&progress) {
                Some(r) => alarms_due(&watch(cal, tz, &r), row.marks(), now),
                None => (Vec::new(), Marks::default()),
            };
            let plan = schedule(cal, tz, &progress, marks);
            let events: Vec<EventData> = alarms.iter().copied().map(event).collect();
            let told = record(
                &mut tx,
                id,
                &progress,
                row.registered_at,
                &plan,
                &events,
                |_| None,
                now,
            )
            .await?;
            tx.commit().await?;
            run.looked_at += 1;
            for a in &alarms {
                match a {
                    Alarm::Warning { .. } => run.warnings += 1,
                    Alarm::Escalation { .. } => run.escalations += 1,
                }
            }
            if !alarms.is_empty() {
                store.publish(Change::ticket(id, told)).await;
            }
        }
        if (ids.len() as i64) < BATCH {
            break;
        }
    }
    Ok(run)
}
