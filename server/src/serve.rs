//! The HTTP router: Leptos pages and server functions, sessions, security layers, health.
use crate::assets;
use crate::config::SessionTimeouts;
use crate::security;
use app::auth::server::{AuthBackend, LoginLimiter};
use app::state::AppState;
use app::store::sessions::DbSessionStore;
use app::store::Store;
use app::{shell, App};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sha2::{Digest, Sha512};
use std::sync::Arc;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

pub struct RouterConfig {
    pub leptos_options: LeptosOptions,
    pub secret: String,
    /// Secure cookies; off only for plain-http loopback.
    pub secure_cookies: bool,
    pub timeouts: SessionTimeouts,
    pub login_limiter: LoginLimiter,
    pub timezone: chrono_tz::Tz,
}

pub const SESSION_COOKIE: &str = "hotline_session";
pub const LANG_COOKIE: &str = "i18n_pref_locale";

pub fn router(store: Store, cfg: RouterConfig) -> (Router, AppState) {
    let state = AppState {
        leptos_options: cfg.leptos_options,
        store: store.clone(),
        login_limiter: Arc::new(cfg.login_limiter),
        timezone: cfg.timezone,
        secure_cookies: cfg.secure_cookies,
    };
    let key = Key::from(&Sha512::digest(cfg.secret.as_bytes()));
    let idle = time::Duration::seconds(cfg.timeouts.idle.as_secs() as i64);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(store.clone()))
        .with_name(SESSION_COOKIE)
        .with_secure(cfg.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(idle))
        // Every request of a signed-in user moves the idle deadline, not just sign-in.
        .with_always_save(true)
        .with_signed(key);
    let auth = AuthManagerLayerBuilder::new(AuthBackend::new(store), sessions).build();

    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let site_root = std::path::PathBuf::from(state.leptos_options.site_root.as_ref());
    let pages = Router::new()
        .route("/healthz", get(healthz))
        .route("/lang", post(set_language))
        .route("/api/events", get(crate::events::stream))
        .route(
            "/api/report/export",
            get(crate::exports::masked).post(crate::exports::unmasked),
        )
        .route("/api/risks/ledger/export", get(crate::exports::ledger))
        .route("/api/assessment/export", get(crate::exports::assessment))
        .route("/api/assessment/league/export", get(crate::exports::league))
        .route("/api/assessment/annual/export", get(crate::exports::annual))
        .route(
            "/api/assessment/annual-report/export",
            get(crate::exports::annual_report),
        )
        .route(
            "/api/assessment/annual-report/pdf",
            get(crate::exports::annual_report_pdf),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn(security::api_error_status))
        .layer(axum::middleware::from_fn_with_state(
            cfg.timeouts.absolute,
            security::absolute_session_timeout,
        ))
        .layer(auth);
    // Static files sit outside the session layer: fetching the wasm is no activity to save.
    let app = pages
        .merge(assets::site_files(&site_root))
        .layer(axum::middleware::from_fn(security::limit_body))
        .layer(axum::middleware::from_fn(security::refuse_cross_site))
        .layer(axum::middleware::from_fn(security::security_headers))
        .layer(assets::compression())
        .layer(
            TraceLayer::new_for_http()
                // Paths only: queries could carry search terms, and no PII goes to logs.
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("http", method = %req.method(), path = req.uri().path())
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        )
        .with_state(state.clone());
    (app, state)
}

async fn healthz(State(state): State<AppState>) -> Response {
    if state.store.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

#[derive(serde::Deserialize)]
struct LangForm {
    lang: String,
}

/// Remembers the chosen language in the cookie leptos_i18n reads, then goes back.
async fn set_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LangForm>,
) -> Response {
    let lang = match form.lang.as_str() {
        "en" => "en",
        "zh-CN" => "zh-CN",
        _ => return security::error_response(app::error::AppError::BadRequest),
    };
    let back = back_path(&headers);
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax{secure}");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// The path (and query) of the page the request came from, if it was ours.
fn back_path(headers: &HeaderMap) -> String {
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    let path = referer
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()));
    app::domain::nav::safe_next(path.as_deref()).to_owned()
}

/// Resolves on SIGTERM or Ctrl-C, for graceful shutdown.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// The deadline engine, the automatic risk warnings and the day close (yesterday's report
/// snapshot) every 30 seconds; on PostgreSQL only the replica holding the advisory lock runs
/// a pass, the others skip it.
pub fn spawn_deadline_engine(state: AppState, report_close_minute: i64) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let lock = match state.store.try_engine_lock().await {
                Ok(Some(lock)) => lock,
                Ok(None) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "deadline engine: no lock");
                    continue;
                }
            };
            let now = chrono::Utc::now().timestamp_millis();
            match app::tickets::engine::run_deadlines(&state.store, &state.timezone, now).await {
                Ok(run) if run.warnings + run.escalations > 0 => tracing::info!(
                    looked_at = run.looked_at,
                    warnings = run.warnings,
                    escalations = run.escalations,
                    "deadline engine"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "deadline engine failed"),
            }
            // So do the automatic risk warnings (they read the history from where they stopped).
            match app::risk::warning_job::run_warnings(&state.store, &state.timezone, now).await {
                Ok(run) if run.raised > 0 => tracing::info!(
                    events_read = run.events_read,
                    raised = run.raised,
                    unplaced = run.unplaced,
                    "risk warnings"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "risk warning rules failed"),
            }
            match app::risk::notice_reminders::run_notice_reminders(
                &state.store,
                &state.timezone,
                now,
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "warning notice reminders sent"),
                Err(e) => tracing::warn!(error = %e, "warning notice reminders failed"),
            }
            match app::risk::event_reminders::run_event_reminders(
                &state.store,
                &state.timezone,
                now,
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(duties = n, "late risk-event duties told"),
                Err(e) => tracing::warn!(error = %e, "risk-event reminders failed"),
            }
            match app::risk::rect_escalation::run_rect_escalation(
                &state.store,
                &state.timezone,
                now,
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(rectifications = n, "overdue rectifications escalated"),
                Err(e) => tracing::warn!(error = %e, "rectification escalation failed"),
            }
            match app::policies::reminders::run_policy_reminders(&state.store, &state.timezone, now)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "policy acknowledgement reminders sent"),
                Err(e) => tracing::warn!(error = %e, "policy reminders failed"),
            }
            match app::training::reminders::run_training_reminders(
                &state.store,
                &state.timezone,
                now,
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "overdue training reminders sent"),
                Err(e) => tracing::warn!(error = %e, "training reminders failed"),
            }
            // The day close rides on the same single runner.
            let tz = &state.timezone;
            match app::report::service::close_day(
                &state.store,
                tz,
                tz.name(),
                report_close_minute,
                now,
            )
            .await
            {
                Ok(Some((day, version))) => {
                    tracing::info!(%day, version, "daily report snapshot stored")
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "daily report snapshot failed"),
            }
            lock.release().await;
        }
    });
}

/// Background housekeeping: expired sessions out of the database, idle limiter keys out of memory.
pub fn spawn_housekeeping(state: AppState) {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        let sessions = DbSessionStore::new(state.store.clone());
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "expired session cleanup failed");
            }
            state.login_limiter.shrink();
            let now = chrono::Utc::now().timestamp_millis();
            match app::tickets::service::archive_due(&state.store, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(archived = n, "closed tickets archived"),
                Err(e) => tracing::warn!(error = %e, "automatic archiving failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_back_only_to_our_pages() {
        let mut h = HeaderMap::new();
        h.insert(
            header::REFERER,
            "http://desk:3000/admin/users?x=1".parse().unwrap(),
        );
        assert_eq!(back_path(&h), "/admin/users?x=1");
        h.insert(header::REFERER, "http://desk:3000".parse().unwrap());
        assert_eq!(back_path(&h), "/");
        assert_eq!(back_path(&HeaderMap::new()), "/");
    }
}
