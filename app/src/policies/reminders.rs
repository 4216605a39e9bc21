//! Reminders to acknowledge: on the deadline engine's runner, each person in the audience of
//! a version in force who has not acknowledged its major number is told again every N
//! working days (N set on the version), counted from publication or their last reminder.
use super::service::People;
use crate::domain::policy::{reminder_due, Audience};
use crate::error::AppError;
use crate::report::service::local_day;
use crate::store::policies::Done;
use crate::store::Store;
use chrono::{NaiveDate, TimeZone};
use std::collections::BTreeMap;

/// One pass at `now`: how many reminders went out. A second pass the same day sends none.
pub async fn run_policy_reminders<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<usize, AppError> {
    let today = local_day(tz, now);
    let calendar = store.desk_settings().await?.calendar;
    let published = store.published_policies().await?;
    if published.is_empty() {
        return Ok(0);
    }
    let people = People::load(store).await?;
    let mut told = Vec::new();
    // A letter's reminder is the gate itself: its post works no ticket until it is signed.
    for p in published.into_iter().filter(|p| p.post_role.is_none()) {
        let Ok(published_on) = p.published_on.parse::<NaiveDate>() else {
            continue;
        };
        let audience: Audience = serde_json::from_str(&p.audience).unwrap_or_default();
        let acked: Vec<i64> = store
            .done_for(Done::Acknowledged, p.document_id, p.major)
            .await?
            .into_iter()
            .map(|a| a.0)
            .collect();
        let last: BTreeMap<i64, NaiveDate> = store
            .policy_reminders(p.document_id, p.major)
            .await?
            .into_iter()
            .filter_map(|(u, d)| Some((u, d.parse().ok()?)))
            .collect();
        let due: Vec<i64> = people
            .audience(&audience)
            .into_iter()
            .filter(|u| !acked.contains(u))
            .filter(|u| {
                let since = last
                    .get(u)
                    .copied()
                    .unwrap_or(published_on)
                    .max(published_on);
                reminder_due(since, today, p.remind_days, &calendar)
            })
            .collect();
        if !due.is_empty() {
            store.remind_policy(&p, &due, today, now).await?;
            told.extend(due);
        }
    }
    let sent = told.len();
    store.ring(told).await;
    Ok(sent)
}
