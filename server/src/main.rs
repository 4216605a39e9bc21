//! `hotline`: serve the desk, migrate, seed, import, report, verify, manage users. Every
//! flag also reads an environment variable.
use app::store::Store;
use clap::{Parser, Subcommand};
use hotline_server::cli;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hotline",
    version,
    about = "Hotline work-order desk (热线工单)"
)]
struct Cli {
    /// sqlite://PATH (embedded, the default) or postgres://USER@HOST/DB
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/hotline.db",
        global = true
    )]
    database_url: String,
    /// Timezone for days, deadlines and reports (IANA name)
    #[arg(
        long,
        env = "HOTLINE_TIMEZONE",
        default_value = "Asia/Shanghai",
        global = true
    )]
    timezone: chrono_tz::Tz,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the desk (the default command)
    Serve(cli::serve::ServeArgs),
    /// Apply database migrations and exit
    Migrate,
    /// Load data
    Seed {
        /// The demo desk: departments, one user per role, categories (only into an empty desk)
        #[arg(long, env = "HOTLINE_SEED_DEMO")]
        demo: bool,
        /// Also write the demo sign-in details to this file (mode 0600)
        #[arg(long, env = "HOTLINE_CREDENTIALS_FILE")]
        credentials_file: Option<PathBuf>,
        /// Also load this many generated tickets (over the past year): demo data, load
        /// tests. With --demo only when the demo desk is new
        #[arg(long)]
        tickets: Option<u64>,
        /// How many of the generated tickets are still open (the newest)
        #[arg(long, default_value_t = 0)]
        open: u64,
        /// With --tickets: first add departments (one category each) until tickets go to
        /// this many (the benchmarks' 50 units)
        #[arg(long)]
        departments: Option<usize>,
    },
    /// Recompute the history hash chain; fails naming the first edited, deleted or
    /// reordered event
    Verify,
    /// Import tickets from an old system: one JSON record per line, all or nothing
    Import {
        file: PathBuf,
        /// Create unknown categories and departments (named by their code)
        #[arg(long)]
        create_missing: bool,
        /// The account the tickets are registered under (default: the first admin)
        #[arg(long)]
        by: Option<String>,
    },
    /// Reports: the daily report (or week, month, year) as JSON or CSV
    Report {
        #[command(subcommand)]
        command: cli::report::ReportCommand,
    },
    /// Assessment: the KPIs of a period per department, per handler and for the desk
    Assess {
        /// A month (2026-11), a year (2026) or days (2026-11-01..2026-11-15); default: last
        /// month
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = cli::assess::Format::Json)]
        format: cli::assess::Format,
    },
    /// Manage user accounts
    User {
        #[command(subcommand)]
        command: cli::users::UserCommand,
    },
}

/// jemalloc instead of glibc's malloc: glibc keeps per-thread arenas that bursts of page
/// renders leave full of free memory, rising with every burst (measured: 104 MB after five
/// rounds of board pages, and climbing; jemalloc 64 MB, 57 MB once idle). Unprefixed, so
/// SQLite's own allocations (its page cache) go through it too.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc reads its settings from this symbol at start: free pages go back to the system
/// about a second after their last use, by its background thread, even while the desk idles.
#[export_name = "malloc_conf"]
static MALLOC_CONF: ConfString =
    ConfString(c"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0".as_ptr());

#[repr(transparent)]
struct ConfString(*const std::ffi::c_char);
// SAFETY: a pointer to a constant C string, never written.
unsafe impl Sync for ConfString {}

fn main() -> ExitCode {
    cli::init_tracing();
    let args = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hotline: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Cli) -> Result<(), String> {
    let store = Store::connect(&args.database_url).await.map_err(|e| {
        format!(
            "cannot open {}: {e}",
            app::store::redact(&args.database_url)
        )
    })?;
    store
        .migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    cli::report::catch_up(&store, &args.timezone).await?;
    let command = args
        .command
        .unwrap_or_else(|| Command::Serve(cli::serve::ServeArgs::parse_from(["serve"])));
    let result = match command {
        Command::Serve(serve) => cli::serve::run(store.clone(), serve, args.timezone).await,
        Command::Migrate => {
            println!("migrations applied ({:?})", store.backend());
            Ok(())
        }
        Command::Seed {
            demo,
            credentials_file,
            tickets,
            open,
            departments,
        } => {
            if !demo && tickets.is_none() {
                return Err("say what to seed: --demo and/or --tickets N [--open M]".into());
            }
            let fresh_demo = demo && cli::seed::demo(&store, credentials_file.as_deref()).await?;
            match tickets {
                // With --demo the tickets go only into the desk just seeded, so running the
                // same command again (as `make run` does) adds none.
                Some(_) if demo && !fresh_demo => {
                    println!("seed: tickets are loaded only into a new demo desk; none added");
                    Ok(())
                }
                Some(n) => {
                    cli::seed::tickets(&store, &args.timezone, n, open, departments).await?;
                    cli::report::warm(&store, &args.timezone).await
                }
                None => Ok(()),
            }
        }
        Command::User { command } => cli::users::run(&store, command).await,
        Command::Import {
            file,
            create_missing,
            by,
        } => {
            cli::import::run(&store, &args.timezone, &file, create_missing, by.as_deref()).await?;
            cli::report::warm(&store, &args.timezone).await
        }
        Command::Report { command } => cli::report::run(&store, &args.timezone, command).await,
        Command::Verify => cli::verify::run(&store).await,
        Command::Assess { period, format } => {
            cli::assess::run(&store, &args.timezone, period, format).await
        }
    };
    store.close().await;
    result
}
