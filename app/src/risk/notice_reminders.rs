//! Reminders of warning notices: on the deadline engine's runner, each recipient who has not
//! acknowledged a running notice is told again once on each working day, until the deadline.
use crate::domain::risk_notice::reminder_due;
use crate::error::AppError;
use crate::report::service::local_day;
use crate::store::Store;
use chrono::TimeZone;

/// One pass at `now`: how many reminders went out. A second pass the same day sends none.
pub async fn run_notice_reminders<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<usize, AppError> {
    let today = local_day(tz, now);
    let calendar = store.desk_settings().await?.calendar;
    let mut told = Vec::new();
    for p in store.pending_notice_recipients(today).await? {
        let (Ok(published), Ok(deadline)) = (p.published_on.parse(), p.deadline.parse()) else {
            continue;
        };
        let last = p.reminded_on.parse().ok();
        if reminder_due(published, deadline, last, today, &calendar) {
            store.remind_notice(&p, today, now).await?;
            told.push(p.user_id);
        }
    }
    let sent = told.len();
    store.ring(told).await;
    Ok(sent)
}
