//! What every request handler and server function can reach on the server.
use crate::auth::server::LoginLimiter;
use crate::store::Store;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub login_limiter: Arc<LoginLimiter>,
    pub timezone: chrono_tz::Tz,
    /// Cookies carry `Secure` (off only for plain-http loopback).
    pub secure_cookies: bool,
}

/// The state, from inside a server function (provided by `leptos_routes_with_context`).
///
/// It is missing in one expected case: while rendering a page, Leptos walks the children of a
/// nested `<Transition>` once more to find their resources, and a resource created by that
/// walk starts its server function under an owner that is dropped with the walk. That call
/// then finds no state and stops here; its result was never going to be shown. (A route
/// without the context would fail every server function, which every test would see.)
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::debug!("no AppState in the Leptos context: a call from a dropped render");
        crate::error::AppError::Internal
    })
}

/// Whether this server-function call is a plain HTML form post (the page had no JavaScript
/// yet). Only those are answered with a redirect; the live page's own calls stay where they
/// are and refetch what changed.
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}
