//! Assessment server functions: reading a period's sheet is a GET (a period, no personal
//! data); an admin's rule change is a POST. Rights are checked in the service.
// The scheme form posts one field per setting (server functions take them as arguments).
#![allow(clippy::too_many_arguments)]
use super::KpiSheet;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use std::collections::BTreeMap;

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

/// The league table of a period (last month when none): every signed-in user reads it.
#[server(prefix = "/api", endpoint = "assessment/league", input = GetUrl)]
pub async fn get_league(#[server(default)] period: String) -> Result<super::LeagueTable, AppError> {
    actor().await?;
    let tz = tz()?;
    let today = crate::report::service::local_day(&tz, now());
    let days = super::service::parse_period(&period, today)?;
    super::league::league(&store()?, &tz, tz.name(), days, now()).await
}

/// A person's scorecard (`person`: a login; none: the reader's own).
#[server(prefix = "/api", endpoint = "assessment/scorecard", input = GetUrl)]
pub async fn get_scorecard(
    #[server(default)] period: String,
    #[server(default)] person: String,
) -> Result<super::Scorecard, AppError> {
    let actor = actor().await?;
    let tz = tz()?;
    let today = crate::report::service::local_day(&tz, now());
    let days = super::service::parse_period(&period, today)?;
    super::league::scorecard(&store()?, &tz, &actor, &person, days, now()).await
}

#[server(prefix = "/api", endpoint = "assessment/scheme", input = GetUrl)]
pub async fn get_score_scheme() -> Result<super::SchemeForm, AppError> {
    super::league::scheme_form(&store()?, &actor().await?).await
}

/// An admin saves the scoring scheme (the form's fields, keyed by KPI code, group row and
/// department id).
#[server(prefix = "/api", endpoint = "assessment/save_scheme")]
pub async fn save_score_scheme(
    #[server(default)] weight: BTreeMap<String, String>,
    #[server(default)] zero_at: BTreeMap<String, String>,
    #[server(default)] floor: BTreeMap<String, String>,
    #[server(default)] full_at: BTreeMap<String, String>,
    #[server(default)] group_name: BTreeMap<String, String>,
    #[server(default)] group_full: BTreeMap<String, String>,
    #[server(default)] group_red: BTreeMap<String, String>,
    #[server(default)] member: BTreeMap<String, String>,
    #[server(default)] black_size: String,
    #[server(default)] kpi_share: String,
    #[server(default)] excellent: String,
    #[server(default)] pass: String,
    #[server(default)] basic: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    let text = crate::domain::score::SchemeText {
        weight,
        zero_at,
        floor,
        full_at,
        group_name,
        group_full,
        group_red,
        member,
        black_size,
        kpi_share,
        excellent,
        pass,
        basic,
    };
    super::league::save_scheme(&store()?, &actor, &text, now()).await?;
    tracing::info!(actor = actor.id, "scoring scheme changed");
    leptos_axum::redirect("/assessment/scheme?saved=1");
    Ok(())
}

/// The year's assessment (`year` empty: last year, the one usually being closed).
#[server(prefix = "/api", endpoint = "assessment/annual", input = GetUrl)]
pub async fn get_annual(#[server(default)] year: String) -> Result<super::AnnualView, AppError> {
    let actor = actor().await?;
    let tz = tz()?;
    let year = super::annual::parse_year(&year, crate::report::service::local_day(&tz, now()))?;
    super::annual::view(&store()?, &tz, tz.name(), &actor, year, now()).await
}

/// A supervisor closes the year (a new version, with a reason, when already closed).
#[server(prefix = "/api", endpoint = "assessment/close_year")]
pub async fn close_year(year: String, #[server(default)] reason: String) -> Result<i64, AppError> {
    let actor = actor().await?;
    let tz = tz()?;
    let year = super::annual::parse_year(&year, crate::report::service::local_day(&tz, now()))?;
    let version =
        super::annual::close(&store()?, &tz, tz.name(), &actor, year, &reason, now()).await?;
    tracing::info!(actor = actor.id, year, version, "annual assessment closed");
    if crate::state::plain_form_post() {
        leptos_axum::redirect(&format!("/assessment/annual?year={year}"));
    }
    Ok(version)
}

/// The annual management report of a year (last year when none): the issued version, or
/// the draft computed now. Supervisors and compliance.
#[server(prefix = "/api", endpoint = "assessment/annual_report", input = GetUrl)]
pub async fn get_annual_report(
    #[server(default)] year: String,
) -> Result<super::AnnualReportView, AppError> {
    let tz = tz()?;
    let year = super::annual_report::year_of(&tz, &year, now())?;
    super::annual_report::view(&store()?, &tz, tz.name(), &actor().await?, year, now()).await
}

/// Saves the improvement suggestions the year's next issue carries.
#[server(prefix = "/api", endpoint = "assessment/annual_suggestions")]
pub async fn save_annual_suggestions(
    year: String,
    #[server(default)] suggestions: String,
) -> Result<(), AppError> {
    let actor = actor().await?;
    let tz = tz()?;
    let year = super::annual_report::year_of(&tz, &year, now())?;
    super::annual_report::save_suggestions(&store()?, &actor, year, &suggestions, now()).await?;
    if crate::state::plain_form_post() {
        leptos_axum::redirect(&format!("/assessment/annual-report?year={year}"));
    }
    Ok(())
}

/// A supervisor issues the ended year's report (a new version needs a reason).
#[server(prefix = "/api", endpoint = "assessment/issue_annual_report")]
pub async fn issue_annual_report(
    year: String,
    #[server(default)] reason: String,
) -> Result<i64, AppError> {
    let actor = actor().await?;
    let tz = tz()?;
    let year = super::annual_report::year_of(&tz, &year, now())?;
    let version =
        super::annual_report::issue(&store()?, &tz, tz.name(), &actor, year, &reason, now())
            .await?;
    tracing::info!(actor = actor.id, year, version, "annual report issued");
    if crate::state::plain_form_post() {
        leptos_axum::redirect(&format!("/assessment/annual-report?year={year}"));
    }
    Ok(version)
}
