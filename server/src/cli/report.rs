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
    /// The annual management report of --year (default: last year): the issued version, or
    /// the draft computed now; as JSON, or as the PDF the page downloads (needs Chromium)
    Annual {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = AnnualFormat::Json)]
        format: AnnualFormat,
        /// Where to write the PDF (default: annual-report-YEAR.pdf)
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Rewrite the report tables from the history (after a bulk change by hand)
    Rebuild,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AnnualFormat {
    Json,
    Pdf,
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
        ReportCommand::Annual {
            year,
            format,
            output,
        } => annual(store, tz, year, format, output).await,
        ReportCommand::Rebuild => rebuild(store, tz).await,
    }
}

/// `hotline report annual`: computed like the page; the PDF printed as the page's download
/// is (the stylesheet from the site folder of the Leptos configuration).
async fn annual(
    store: &Store,
    tz: &chrono_tz::Tz,
    year: Option<i32>,
    format: AnnualFormat,
    output: Option<std::path::PathBuf>,
) -> Result<(), String> {
    use app::assessment::{annual_report, pdf};
    let now = chrono::Utc::now().timestamp_millis();
    let text = year.map(|y| y.to_string()).unwrap_or_default();
    let year =
        annual_report::year_of(tz, &text, now).map_err(|_| "--year: 2000-2100".to_string())?;
    let view = annual_report::read(store, tz, tz.name(), year, now)
        .await
        .map_err(|e| format!("cannot compute the annual report: {e}"))?;
    match format {
        AnnualFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&view.report).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        AnnualFormat::Pdf => {
            // The site's stylesheet when the site is built and configured; else a plain PDF.
            let css = match leptos::config::get_configuration(None) {
                Ok(c) => {
                    let mut o = c.leptos_options;
                    if let Ok(root) = std::env::var("LEPTOS_SITE_ROOT") {
                        o.site_root = root.into();
                    }
                    crate::assets::use_build_folder(&mut o);
                    pdf::stylesheet(&o.site_root, &o.site_pkg_dir, &o.output_name)
                }
                Err(e) => {
                    eprintln!("no Leptos configuration ({e}): the PDF is printed without the site's styles");
                    String::new()
                }
            };
            let html = pdf::document_html(view, None, &css);
            let body = pdf::print(&html).await.map_err(|e| match e {
                app::error::AppError::Unavailable => {
                    "no Chromium here: install Debian's chromium or set HOTLINE_CHROMIUM"
                        .to_string()
                }
                e => format!("cannot print the report: {e}"),
            })?;
            let path = output.unwrap_or_else(|| format!("annual-report-{year}.pdf").into());
            std::fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("{}", path.display());
            Ok(())
        }
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
