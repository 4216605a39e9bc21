//! `hotline assess`: the KPI sheet of a period (every department and handler, and the desk)
//! as JSON or CSV, computed by the same code as the assessment page.
use app::assessment::{export, service};
use app::domain::roles::{Clearance, Role};
use app::domain::workflow::Actor;
use app::store::Store;
use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

pub async fn run(
    store: &Store,
    tz: &chrono_tz::Tz,
    period: Option<String>,
    format: Format,
) -> Result<(), String> {
    let now = chrono::Utc::now().timestamp_millis();
    let today = app::report::service::local_day(tz, now);
    let days = service::parse_period(period.as_deref().unwrap_or(""), today).map_err(|_| {
        "--period: a month (2026-11), a year (2026) or days (2026-11-01..2026-11-15)".to_string()
    })?;
    // The command line reads the whole desk, as a supervisor does.
    let desk = Actor {
        id: 0,
        roles: vec![Role::Supervisor, Role::Compliance],
        clearance: Clearance::Secret,
        departments: Vec::new(),
    };
    let sheet = service::sheet(store, tz, tz.name(), &desk, days, now)
        .await
        .map_err(|e| format!("cannot compute the KPIs: {e}"))?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&sheet).map_err(|e| e.to_string())?
        ),
        Format::Csv => print!("{}", export::to_csv(&sheet)),
    }
    Ok(())
}
