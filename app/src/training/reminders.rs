//! Overdue training: on the deadline engine's runner, once a day, each person whose course
//! is overdue (never passed by its due time, or a pass that has lapsed) is reminded, and the
//! leads of their department are told whose it is.
use crate::domain::notice::nearest_leads;
use crate::domain::training::{standing, Standing};
use crate::error::AppError;
use crate::policies::service::People;
use crate::report::service::local_day;
use crate::store::Store;
use chrono::TimeZone;

/// One pass at `now`: how many people were reminded. A second pass the same day sends none.
pub async fn run_training_reminders<Tz: TimeZone>(
    store: &Store,
    tz: &Tz,
    now: i64,
) -> Result<usize, AppError> {
    let courses = store.courses().await?;
    if courses.is_empty() {
        return Ok(0);
    }
    let today = local_day(tz, now);
    let people = People::load(store).await?;
    let (departments, staff) = store.alert_staff().await?;
    let mut told = Vec::new();
    for c in courses {
        let passes = store.last_passes(c.id).await?;
        let reminded = store.training_reminders(c.id).await?;
        let overdue: Vec<(i64, String, Vec<i64>)> = people
            .audience(&c.audience)
            .into_iter()
            .filter(|u| {
                let last = passes.get(u).copied();
                standing(last, c.valid_months, c.due_at, now) == Standing::Overdue
                    && reminded.get(u).map(String::as_str) != Some(today.to_string().as_str())
            })
            .map(|u| {
                let name = people
                    .names
                    .get(&u)
                    .map(|n| n.0.clone())
                    .unwrap_or_default();
                let dept = people
                    .members
                    .iter()
                    .find(|m| m.id == u)
                    .map(|m| m.department_id)
                    .unwrap_or_default();
                let leads = nearest_leads(&departments, &staff, dept)
                    .into_iter()
                    .filter(|l| *l != u)
                    .collect();
                (u, name, leads)
            })
            .collect();
        if !overdue.is_empty() {
            store.remind_training(&c, &overdue, today, now).await?;
            for (u, _, leads) in overdue {
                told.push(u);
                told.extend(leads);
            }
        }
    }
    let sent = told.len();
    store.ring(told).await;
    Ok(sent)
}
