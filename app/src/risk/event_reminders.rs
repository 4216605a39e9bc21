//! Late duties of open risk events, on the deadline engine's runner: a general event not
//! filed after its deadline day is reported to its department's leads, a major event
//! without its initial report (1 hour) or a progress report (24 hours) to the leading group;
//! compliance hears of both. Each duty once, with its event in the risk's history.
use crate::domain::emergency::{late_duties, Duty, EventClock, EventGrade, EventState, ReportKind};
use crate::domain::notice::{recipients, Notice, Place};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::report::service::local_day;
use crate::store::Store;
use chrono::TimeZone;

/// One pass at `now`: how many late duties were told. Again: none.
pub async fn run_event_reminders<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<usize, AppError> {
    let today = local_day(tz, now);
    let late: Vec<_> = store
        .open_risk_events()
        .await?
        .into_iter()
        .filter_map(|e| {
            let clock = EventClock {
                grade: EventGrade::parse(&e.grade)?,
                state: EventState::Open,
                deadline: e.deadline.as_deref().and_then(|d| d.parse().ok()),
                activated_at: e.activated_at,
                made: e.made.split(',').filter_map(ReportKind::parse).collect(),
            };
            let told: Vec<Duty> = e.late_told.split(',').filter_map(Duty::parse).collect();
            let duties = late_duties(&clock, &told, today, now);
            (!duties.is_empty()).then_some((e, duties))
        })
        .collect();
    if late.is_empty() {
        return Ok(0);
    }
    let (departments, staff) = store.alert_staff().await?;
    let compliance: Vec<i64> = store.ids_with_role(Role::Compliance).await?;
    let mut told_count = 0;
    let mut rung = Vec::new();
    for (e, duties) in late {
        for duty in duties {
            let notice = Notice::RiskEventLate {
                event_id: e.id,
                title: e.title.clone(),
                duty,
            };
            let place = Place {
                department_id: Some(e.department_id),
                handler_id: None,
            };
            let mut to = recipients(&notice, place, &departments, &staff);
            to.extend(&compliance);
            to.sort_unstable();
            to.dedup();
            if store.tell_event_late(e.id, duty, &to, now).await? {
                told_count += 1;
                rung.extend(to);
            }
        }
    }
    store.ring(rung).await;
    Ok(told_count)
}
