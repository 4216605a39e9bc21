//! Downloads. `/api/report/export`: the report or its ticket list as a CSV or XLSX file —
//! GET for the masked files (no state changes), POST (with the Origin check every POST gets)
//! for the unmasked ticket list, which is recorded in each ticket's history.
//! `/api/risks/ledger/export`: 排查台账 under the page's filters (GET).
//! `/api/assessment/export`: the KPI sheet of a period (GET).
//! `/api/assessment/league/export`: the league table of a period (GET).
//! `/api/assessment/annual/export`: a year's assessment as the reader may see it (GET).
//! `/api/assessment/annual-report/export` and `/pdf`: the annual management report (GET).
use crate::security::error_response;
use app::auth::server::AuthSession;
use app::domain::workflow::Actor;
use app::error::AppError;
use app::report::export::{export, Download, Format, List, Unmask};
use app::report::service::{local_day, parse_when};
use app::risk::LedgerQuery;
use app::state::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;

#[derive(serde::Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    list: String,
    /// Why names and phones are needed (an unmasked export asks compliance with it).
    #[serde(default)]
    reason: String,
    /// An approved review request of an unmasked export: downloads it (once).
    #[serde(default)]
    review: Option<i64>,
}

pub async fn masked(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(form): Query<ExportForm>,
) -> Response {
    download(state, auth, form, Unmask::No).await
}

pub async fn unmasked(
    State(state): State<AppState>,
    auth: AuthSession,
    Form(form): Form<ExportForm>,
) -> Response {
    let unmask = match form.review {
        Some(id) => Unmask::Granted(id),
        None => Unmask::Ask {
            reason: form.reason.clone(),
        },
    };
    download(state, auth, form, unmask).await
}

/// The signed-in user's rules view; `Err` is the answer for anyone else.
async fn signed_in(state: &AppState, auth: AuthSession) -> Result<Actor, Response> {
    let Some(user) = auth.user else {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    };
    if user.account.must_change_password {
        return Err(StatusCode::FORBIDDEN.into_response());
    }
    app::tickets::service::actor_of(&state.store, &user.account)
        .await
        .map_err(error_response)
}

/// The file as an attachment, never cached.
fn attachment(result: Result<Download, AppError>) -> Response {
    match result {
        Ok(file) => (
            [
                (header::CONTENT_TYPE, file.content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", file.filename),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            file.body,
        )
            .into_response(),
        Err(e) => error_response(e),
    }
}

async fn download(
    state: AppState,
    auth: AuthSession,
    form: ExportForm,
    unmask: Unmask,
) -> Response {
    let actor = match signed_in(&state, auth).await {
        Ok(actor) => actor,
        Err(answer) => return answer,
    };
    let result = async {
        let now = chrono::Utc::now().timestamp_millis();
        let tz = &state.timezone;
        let when = parse_when(&form.date, &form.period, local_day(tz, now))?;
        // A granted export's own period and format are in its request.
        let granted = matches!(unmask, Unmask::Granted(_));
        let format = match Format::parse(&form.format) {
            None if granted => Format::Xlsx,
            f => f.ok_or(AppError::BadRequest)?,
        };
        let list = match List::parse(&form.list) {
            None if granted => List::Tickets,
            l => l.ok_or(AppError::BadRequest)?,
        };
        let unmasked = unmask != Unmask::No;
        let file = export(
            &state.store,
            tz,
            tz.name(),
            &actor,
            when,
            format,
            list,
            unmask,
            now,
        )
        .await?;
        if unmasked {
            tracing::info!(actor = actor.id, "unmasked ticket list exported");
        }
        Ok::<_, AppError>(file)
    }
    .await;
    match result {
        // The decision is compliance's now: the browser goes to the request's page.
        Err(AppError::ReviewRequested { id, .. }) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/reviews/{id}"))],
        )
            .into_response(),
        other => attachment(other),
    }
}

/// The page's filters (empty ones as empty strings) and the format.
#[derive(serde::Deserialize)]
pub struct LedgerExport {
    format: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    result: String,
}

pub async fn ledger(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(form): Query<LedgerExport>,
) -> Response {
    let actor = match signed_in(&state, auth).await {
        Ok(actor) => actor,
        Err(answer) => return answer,
    };
    let result = async {
        let format = Format::parse(&form.format).ok_or(AppError::BadRequest)?;
        let query = LedgerQuery {
            department: form.department.parse().ok(),
            from: form.from,
            to: form.to,
            result: form.result,
        };
        let now = chrono::Utc::now().timestamp_millis();
        app::risk::ledger::service::export(
            &state.store,
            &state.timezone,
            &actor,
            &query,
            format,
            now,
        )
        .await
    }
    .await;
    attachment(result)
}

/// The query of the assessment's downloads: a period (the KPIs, the league) or a year (the
/// annual assessment and report), and the format.
#[derive(serde::Deserialize)]
pub struct AssessmentExport {
    #[serde(default)]
    period: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    format: String,
}

impl AssessmentExport {
    fn format(&self) -> Result<Format, AppError> {
        Format::parse(&self.format).ok_or(AppError::BadRequest)
    }
    fn days(
        &self,
        state: &AppState,
        now: i64,
    ) -> Result<(chrono::NaiveDate, chrono::NaiveDate), AppError> {
        app::assessment::service::parse_period(&self.period, local_day(&state.timezone, now))
    }
    fn year(&self, state: &AppState, now: i64) -> Result<i32, AppError> {
        app::assessment::annual::parse_year(&self.year, local_day(&state.timezone, now))
    }
}

/// A file made for the signed-in reader: the one shape of the assessment's downloads.
async fn for_reader<F, Fut>(state: AppState, auth: AuthSession, make: F) -> Response
where
    F: FnOnce(AppState, Actor, i64) -> Fut,
    Fut: std::future::Future<Output = Result<Download, AppError>>,
{
    let actor = match signed_in(&state, auth).await {
        Ok(actor) => actor,
        Err(answer) => return answer,
    };
    let now = chrono::Utc::now().timestamp_millis();
    attachment(make(state, actor, now).await)
}

/// `/api/assessment/export`: the KPI sheet of a period, as the reader may see it.
pub async fn assessment(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(q): Query<AssessmentExport>,
) -> Response {
    use app::assessment::{export, service};
    for_reader(state, auth, |state, actor, now| async move {
        let (format, days) = (q.format()?, q.days(&state, now)?);
        let tz = &state.timezone;
        let sheet = service::sheet(&state.store, tz, tz.name(), &actor, days, now).await?;
        export::download(&sheet, format)
    })
    .await
}

/// `/api/assessment/league/export`: the league table of a period (any signed-in reader).
pub async fn league(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(q): Query<AssessmentExport>,
) -> Response {
    use app::assessment::{export, league};
    for_reader(state, auth, |state, _, now| async move {
        let (format, days) = (q.format()?, q.days(&state, now)?);
        let tz = &state.timezone;
        let table = league::league(&state.store, tz, tz.name(), days, now).await?;
        export::league_download(&table, format)
    })
    .await
}

/// `/api/assessment/annual/export`: the year's assessment (the kept version once closed), as
/// the reader may see it.
pub async fn annual(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(q): Query<AssessmentExport>,
) -> Response {
    use app::assessment::{annual, export};
    for_reader(state, auth, |state, actor, now| async move {
        let (format, year) = (q.format()?, q.year(&state, now)?);
        let tz = &state.timezone;
        let view = annual::view(&state.store, tz, tz.name(), &actor, year, now).await?;
        export::annual_download(&view, format)
    })
    .await
}

/// `/api/assessment/annual-report/export`: the annual management report's tables (the
/// issued version once there is one).
pub async fn annual_report(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(q): Query<AssessmentExport>,
) -> Response {
    use app::assessment::{annual_report, export};
    for_reader(state, auth, |state, actor, now| async move {
        let (format, year) = (q.format()?, q.year(&state, now)?);
        let tz = &state.timezone;
        let view = annual_report::view(&state.store, tz, tz.name(), &actor, year, now).await?;
        export::annual_report_download(&view, format)
    })
    .await
}

/// `/api/assessment/annual-report/pdf`: the report printed by Chromium, in the reader's
/// language (503 where the server has no Chromium).
pub async fn annual_report_pdf(
    State(state): State<AppState>,
    auth: AuthSession,
    headers: axum::http::HeaderMap,
    Query(q): Query<AssessmentExport>,
) -> Response {
    use app::assessment::{annual_report, pdf};
    // The page's language comes from the request's cookie and Accept-Language.
    let mut request = http::Request::new(());
    *request.headers_mut() = headers;
    let (parts, _) = request.into_parts();
    for_reader(state, auth, |state, actor, now| async move {
        let year = q.year(&state, now)?;
        let tz = &state.timezone;
        let view = annual_report::view(&state.store, tz, tz.name(), &actor, year, now).await?;
        let o = &state.leptos_options;
        let css = pdf::stylesheet(&o.site_root, &o.site_pkg_dir, &o.output_name);
        let html = pdf::document_html(view, Some(parts), &css);
        let body = pdf::print(&html).await?;
        tracing::info!(actor = actor.id, year, "annual report printed");
        Ok(Download {
            filename: format!("annual-report-{year}.pdf"),
            content_type: "application/pdf",
            body,
        })
    })
    .await
}
