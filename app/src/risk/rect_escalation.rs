//! Overdue rectifications escalate like tickets: on the deadline engine's runner, each one
//! not verified is reported up as it becomes more overdue (`domain::rectification`), with
//! its event and notifications, to the people `domain::notice` names for the level.
use crate::domain::notice::{recipients, Notice, Place};
use crate::domain::rectification::{rect_escalation, RectState};
use crate::error::AppError;
use crate::report::service::local_day;
use crate::store::Store;
use chrono::TimeZone;

/// One pass at `now`: how many rectifications went up a level. Again the same day: none.
pub async fn run_rect_escalation<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<usize, AppError> {
    let today = local_day(tz, now);
    let overdue = store.overdue_rectifications(today).await?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let calendar = store.desk_settings().await?.calendar;
    // Those that reached a new level: most passes find none and go no further.
    let rising: Vec<_> = overdue
        .into_iter()
        .filter_map(|r| {
            let state = RectState::parse(&r.state)?;
            let deadline = r.deadline.parse().ok()?;
            let level = rect_escalation(state, deadline, today, &calendar);
            (level > r.escalation_level).then_some((r, deadline, level))
        })
        .collect();
    if rising.is_empty() {
        return Ok(0);
    }
    let (departments, staff) = store.alert_staff().await?;
    let mut raised = 0;
    let mut told = Vec::new();
    for (r, deadline, level) in rising {
        let notice = Notice::RectificationEscalated {
            rectification_id: r.id,
            level,
            deadline,
        };
        let place = Place {
            department_id: Some(r.department_id),
            handler_id: Some(r.owner_id),
        };
        let to = recipients(&notice, place, &departments, &staff);
        if store.escalate_rectification(&r, level, &to, now).await? {
            raised += 1;
            told.extend(to);
        }
    }
    store.ring(told).await;
    Ok(raised)
}
