//! `/api/report/export`: the report or its ticket list as a CSV or XLSX download. GET for
//! the masked files (no state changes); POST (with the Origin check every POST gets) for
//! the unmasked ticket list, which is recorded in each ticket's history.
use crate::security::error_response;
use app::auth::server::AuthSession;
use app::error::AppError;
use app::report::export::{export, Format, List};
use app::report::service::{local_day, parse_when};
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
    format: String,
    list: String,
}

pub async fn masked(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(form): Query<ExportForm>,
) -> Response {
    download(state, auth, form, false).await
}

pub async fn unmasked(
    State(state): State<AppState>,
    auth: AuthSession,
    Form(form): Form<ExportForm>,
) -> Response {
    download(state, auth, form, true).await
}

async fn download(
    state: AppState,
    auth: AuthSession,
    form: ExportForm,
    unmasked: bool,
) -> Response {
    let Some(user) = auth.user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if user.account.must_change_password {
        return StatusCode::FORBIDDEN.into_response();
    }
    let result = async {
        let actor = app::tickets::service::actor_of(&state.store, &user.account).await?;
        let now = chrono::Utc::now().timestamp_millis();
        let tz = &state.timezone;
        let when = parse_when(&form.date, &form.period, local_day(tz, now))?;
        let format = Format::parse(&form.format).ok_or(AppError::BadRequest)?;
        let list = List::parse(&form.list).ok_or(AppError::BadRequest)?;
        let file = export(
            &state.store,
            tz,
            tz.name(),
            &actor,
            when,
            format,
            list,
            unmasked,
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
