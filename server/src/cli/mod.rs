//! The CLI commands behind `hotline`.
pub mod assess;
pub mod import;
pub mod report;
pub mod seed;
pub mod serve;
pub mod users;
pub mod verify;

/// Logs to stderr; `HOTLINE_LOG_FORMAT=json` for JSON lines, `RUST_LOG` for levels.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("HOTLINE_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
