//! `hotline serve`: bind, serve until SIGTERM, finish open requests.
use crate::config::{resolve_secret, SessionTimeouts};
use crate::serve::{
    router, shutdown_signal, spawn_deadline_engine, spawn_housekeeping, RouterConfig,
};
use app::auth::server::{LimitSpec, LoginLimiter};
use app::store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Parser, Debug)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "HOTLINE_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Session secret (prefer HOTLINE_SECRET_FILE; a release build refuses to start without one)
    #[arg(long, env = "HOTLINE_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    /// File holding the session secret
    #[arg(long, env = "HOTLINE_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
    /// Where the built site (pkg/, favicon) lives
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Minutes without activity before a session ends
    #[arg(long, env = "HOTLINE_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in before a session ends, however active
    #[arg(long, env = "HOTLINE_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,
    /// Sign-in attempts allowed from one address before slowing to one every 2 s
    #[arg(long, env = "HOTLINE_LOGIN_BURST_PER_IP", default_value_t = 30)]
    pub login_burst_per_ip: u32,
    /// Sign-in attempts allowed for one login name before slowing to one a minute
    #[arg(long, env = "HOTLINE_LOGIN_BURST_PER_ACCOUNT", default_value_t = 5)]
    pub login_burst_per_account: u32,
    /// Local time after midnight when yesterday's report snapshot is taken (HH:MM)
    #[arg(long, env = "HOTLINE_REPORT_CLOSE", default_value = "00:05", value_parser = parse_close)]
    pub report_close: i64,
}

/// `HH:MM` within the first hours of the day, as minutes after midnight.
fn parse_close(s: &str) -> Result<i64, String> {
    let t =
        chrono::NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| "expected HH:MM".to_string())?;
    use chrono::Timelike;
    Ok(i64::from(t.hour() * 60 + t.minute()))
}

pub async fn run(store: Store, args: ServeArgs, timezone: chrono_tz::Tz) -> Result<(), String> {
    let secret = resolve_secret(
        args.secret,
        args.secret_file.as_deref(),
        !cfg!(debug_assertions),
    )
    .map_err(|e| e.to_string())?;
    let mut leptos_options = leptos::config::get_configuration(None)
        .map_err(|e| format!("leptos configuration: {e}"))?
        .leptos_options;
    leptos_options.site_addr = args.bind;
    leptos_options.site_root = args.site_root.into();
    if !crate::assets::use_build_folder(&mut leptos_options) {
        tracing::info!("no build-id.txt in the site folder: assets are served from pkg/");
    }
    let cfg = RouterConfig {
        leptos_options,
        secret,
        secure_cookies: !args.bind.ip().is_loopback(),
        timeouts: SessionTimeouts {
            idle: std::time::Duration::from_secs(args.session_idle_minutes.max(1) * 60),
            absolute: std::time::Duration::from_secs(args.session_max_hours.max(1) * 3600),
        },
        login_limiter: LoginLimiter::new(
            LimitSpec {
                burst: args.login_burst_per_ip,
                ..LimitSpec::STANDARD_PER_IP
            },
            LimitSpec {
                burst: args.login_burst_per_account,
                ..LimitSpec::STANDARD_PER_ACCOUNT
            },
        ),
        timezone,
    };
    let (app, state) = router(store, cfg);
    spawn_deadline_engine(state.clone(), args.report_close);
    spawn_housekeeping(state);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
    tracing::info!(addr = %args.bind, "hotline is serving");
    println!("hotline: serving on http://{}", args.bind);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))
}
