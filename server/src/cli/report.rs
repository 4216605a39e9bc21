//! `hotline report`: a day's report (or the week, month or year to that day) as JSON or CSV,
//! computed by the same code as the report page; and rebuilding the report tables.
use app::domain::report::{to_csv, Period};
use app::report::service;
use app::store::Store;
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Print the daily report of --date (default: yesterday), or with --period the week,
    /// month or year up to that day
    Daily {
        /// The local day, YYYY-MM-DD
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        #[arg(long, value_enum, default_value_t = PeriodArg::Day)]
        period: PeriodArg,
    },
    /// Rewrite the report tables from the history (after a bulk change by hand)
    Rebuild,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Year,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Year => Period::Year,
        }
    }
}

pub async fn run(store: &Store, tz: &chrono_tz::Tz, command: ReportCommand) -> Result<(), String> {
    match command {
        ReportCommand::Daily {
            date,
            format,
            period,
        } => {
            let today = service::local_day(tz, chrono::Utc::now().timestamp_millis());
            let date = date.unwrap_or(today.pred_opt().unwrap_or(today));
            let report = service::compute(store, tz, tz.name(), period.into(), date)
                .await
                .map_err(|e| format!("cannot compute the report: {e}"))?;
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                ),
                Format::Csv => print!("{}", to_csv(&report)),
            }
            Ok(())
        }
        ReportCommand::Rebuild => rebuild(store, tz).await,
    }
}

async fn rebuild(store: &Store, tz: &chrono_tz::Tz) -> Result<(), String> {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} report tables: {pos} tickets ({per_sec})",
        )
        .map_err(|e| e.to_string())?,
    );
    let n = store
        .rebuild_report_tables(|done| bar.set_position(done))
        .await
        .map_err(|e| format!("cannot rebuild the report tables: {e}"))?;
    bar.finish_and_clear();
    eprintln!("report tables rebuilt from the history of {n} tickets");
    warm(store, tz).await
}

/// Computes every closed day's counts once, so that the first week, month or year view
/// reads them instead of the facts (a bulk load, an import or a rebuild empties the cache).
pub async fn warm(store: &Store, tz: &chrono_tz::Tz) -> Result<(), String> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} report days [{bar:40}] {pos}/{len}")
            .map_err(|e| e.to_string())?
            .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let n = service::warm_all(
        store,
        tz,
        chrono::Utc::now().timestamp_millis(),
        |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
    )
    .await
    .map_err(|e| format!("cannot compute the report days: {e}"))?;
    bar.finish_and_clear();
    eprintln!(
        "report: {n} days computed and kept in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// After an upgrade the report tables may lag the history: bring them up to date first.
pub async fn catch_up(store: &Store, tz: &chrono_tz::Tz) -> Result<(), String> {
    let behind = store
        .report_tables_behind()
        .await
        .map_err(|e| format!("cannot read the report tables: {e}"))?;
    if behind {
        eprintln!("the report tables lag the history; rebuilding them once");
        rebuild(store, tz).await?;
    }
    Ok(())
}
