//! HTTP security layers: cross-site request refusal, request body limits, security headers,
//! API error statuses, and the absolute session timeout.
use app::auth::server::{AuthSession, LOGIN_AT_KEY};
use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Whether a state-changing request comes from our own pages. Browsers send
/// `Sec-Fetch-Site` and/or `Origin` with every POST; a request with neither is refused too,
/// so a forgotten header never opens a hole.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
        None => headers.contains_key("sec-fetch-site"),
    }
}

pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !is_same_origin(req.headers()) {
        tracing::warn!(method = %req.method(), path = req.uri().path(), "cross-site request refused");
        return error_response(AppError::CrossSite);
    }
    next.run(req).await
}

/// The largest body a request may carry, by what it is for. Nothing the desk takes over HTTP
/// is big: forms and server-function arguments (a category's script and reply templates are
/// the longest). Imports go through the command line, not HTTP.
pub fn body_limit(method: &Method, path: &str) -> u64 {
    match (method, path) {
        (&Method::GET | &Method::HEAD | &Method::OPTIONS, _) => 0,
        (_, "/lang") => 1024,
        (_, "/api/login") => 8 * 1024,
        _ => 256 * 1024,
    }
}

/// Refuses a body over its route's limit before reading any of it (413, translated), and a
/// body of unknown length (411): browsers always send the length of what they post.
/// Nothing is buffered beyond the limit, so a large or endless request costs no memory.
pub async fn limit_body(req: Request, next: Next) -> Response {
    let limit = body_limit(req.method(), req.uri().path());
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    match length {
        Some(n) if n > limit => {
            tracing::info!(
                path = req.uri().path(),
                bytes = n,
                limit,
                "request body too large"
            );
            error_response(AppError::TooLarge)
        }
        None if chunked => StatusCode::LENGTH_REQUIRED.into_response(),
        // A body that grows past its stated length still stops at the limit.
        _ => {
            let req = req.map(|b| Body::new(http_body_util::Limited::new(b, limit as usize)));
            next.run(req).await
        }
    }
}

pub fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Headers every response carries. Pages get their own CSP (with the nonce) from the shell;
/// everything else gets a locked-down one.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_api || is_html {
        // Pages and answers carry personal data: never keep them in shared caches or on disk.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Server functions answer every error with 500; give each its real status (401, 403, 422…)
/// from the error it carries. Form posts without JavaScript are redirects and stay so.
pub async fn api_error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(b) => b,
        Err(_) => return error_response(AppError::Internal),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::TooManyAttempts { retry_after_secs } = err {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Signs out a session that began more than `absolute` ago, however active it has been.
/// The request continues signed out (its `AuthSession` is replaced), so the page or server
/// function that follows sees no user.
pub async fn absolute_session_timeout(
    State(absolute): State<Duration>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(mut auth) = req.extensions().get::<AuthSession>().cloned() {
        if auth.user.is_some() {
            let started: Option<i64> = auth.session.get(LOGIN_AT_KEY).await.ok().flatten();
            let now = chrono::Utc::now().timestamp_millis();
            if started.is_none_or(|t| now - t > absolute.as_millis() as i64) {
                tracing::info!("session reached its absolute timeout");
                let _ = auth.logout().await;
                let _ = auth.session.flush().await;
                req.extensions_mut().insert(auth);
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn body_limits_fit_each_route() {
        assert_eq!(body_limit(&Method::GET, "/board"), 0);
        assert_eq!(body_limit(&Method::POST, "/lang"), 1024);
        assert_eq!(body_limit(&Method::POST, "/api/login"), 8 * 1024);
        assert_eq!(
            body_limit(&Method::POST, "/api/register_ticket"),
            256 * 1024
        );
    }

    #[test]
    fn same_origin_rules() {
        assert!(is_same_origin(&headers(&[
            ("host", "desk:3000"),
            ("origin", "http://desk:3000")
        ])));
        assert!(is_same_origin(&headers(&[
            ("host", "desk"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "desk"),
            ("origin", "https://evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "desk"),
            ("origin", "http://desk"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "desk"),
            ("sec-fetch-site", "same-site")
        ])));
        assert!(
            !is_same_origin(&headers(&[("host", "desk")])),
            "no origin information at all"
        );
        assert!(!is_same_origin(&headers(&[
            ("host", "desk"),
            ("origin", "null")
        ])));
    }
}
