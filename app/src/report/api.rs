//! Report server functions: reading is a GET (a date and a period, no personal data);
//! regenerating a snapshot is a POST. Rights are checked in the service.
use super::ReportView;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::auth::server::store;
#[cfg(feature = "ssr")]
use crate::tickets::api::ssr::{actor, now, tz};

#[cfg(feature = "ssr")]
fn when(
    date: &str,
    period: &str,
) -> Result<(crate::domain::report::Period, chrono::NaiveDate), AppError> {
    super::service::parse_when(date, period, super::service::local_day(&tz()?, now()))
}

#[server(prefix = "/api", endpoint = "report/get", input = GetUrl)]
pub async fn get_report(
    #[server(default)] date: String,
    #[server(default)] period: String,
) -> Result<ReportView, AppError> {
    let (period, date) = when(&date, &period)?;
    let tz = tz()?;
    super::service::view(
        &store()?,
        &tz,
        tz.name(),
        &actor().await?,
        period,
        date,
        now(),
    )
    .await
}

#[server(prefix = "/api", endpoint = "report/regenerate")]
pub async fn regenerate_report(date: String, reason: String) -> Result<i64, AppError> {
    let (_, day) = when(&date, "")?;
    let tz = tz()?;
    let actor = actor().await?;
    let version =
        super::service::regenerate(&store()?, &tz, tz.name(), &actor, day, &reason, now()).await?;
    tracing::info!(actor = actor.id, %day, version, "report snapshot regenerated");
    if crate::state::plain_form_post() {
        leptos_axum::redirect(&format!("/report?date={day}"));
    }
    Ok(version)
}
