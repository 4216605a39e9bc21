//! Assessment server functions: reading a period's sheet is a GET (a period, no personal
//! data); an admin's rule change is a POST. Rights are checked in the service.
use super::KpiSheet;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::auth::server::store;
#[cfg(feature = "ssr")]
use crate::tickets::api::ssr::{actor, now, tz};

#[server(prefix = "/api", endpoint = "assessment/kpis", input = GetUrl)]
pub async fn get_kpis(#[server(default)] period: String) -> Result<KpiSheet, AppError> {
    let tz = tz()?;
    let today = crate::report::service::local_day(&tz, now());
    let days = super::service::parse_period(&period, today)?;
    super::service::sheet(&store()?, &tz, tz.name(), &actor().await?, days, now()).await
}

/// `basically_counts`: "on" when the box is ticked (a plain form sends nothing otherwise).
#[server(prefix = "/api", endpoint = "assessment/rules")]
pub async fn save_kpi_rules(
    #[server(default)] basically_counts: String,
    #[server(default)] period: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    let rules = crate::domain::kpi::KpiRules {
        basically_counts: !basically_counts.is_empty(),
    };
    super::service::save_rules(&store()?, &actor, rules, now()).await?;
    tracing::info!(actor = actor.id, "assessment rules changed");
    if crate::state::plain_form_post() {
        let q = crate::domain::kpi::parse_period(&period)
            .map(|days| format!("?period={}", crate::domain::kpi::period_code(days)))
            .unwrap_or_default();
        leptos_axum::redirect(&format!("/assessment{q}"));
    }
    Ok(())
}
