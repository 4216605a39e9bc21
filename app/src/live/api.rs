//! Notification server functions: the inbox, marking read, the on-duty switch.
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::auth::server::{require_account, store};

/// A plain form post goes back to the page it came from; the live page's calls stay put.
#[cfg(feature = "ssr")]
fn back_for_plain_form() {
    if !crate::state::plain_form_post() {
        return;
    }
    let path = use_context::<http::request::Parts>().and_then(|parts| {
        let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
        let (_, rest) = referer.split_once("://")?;
        rest.find('/').map(|i| rest[i..].to_owned())
    });
    leptos_axum::redirect(crate::domain::nav::safe_next(path.as_deref()));
}

#[server(prefix = "/api", endpoint = "inbox", input = GetUrl)]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    use crate::domain::roles::Role;
    let account = require_account().await?;
    let store = store()?;
    let rows = store.notifications(account.id, 30).await?;
    let unread = store.unread_notifications(account.id).await?;
    let on_duty = if account.roles.contains(&Role::Handler) {
        Some(store.on_duty(account.id).await?)
    } else {
        None
    };
    let tz = crate::state::app_state()?.timezone;
    let now = chrono::Utc::now().timestamp_millis();
    Ok(Inbox {
        unread,
        items: rows
            .into_iter()
            .filter_map(|r| {
                let notice: crate::domain::notice::Notice = serde_json::from_str(&r.data).ok()?;
                let subject = r
                    .ticket_number
                    .or(r.risk_code)
                    .or(r.document_code)
                    .or(r.review_code)
                    .or(r.course_code)
                    .or(r.violation_code)?;
                Some(NotificationItem {
                    id: r.id,
                    href: notice.href(&subject),
                    subject,
                    notice,
                    created_at: r.created_at,
                    read: r.read_at.is_some(),
                })
            })
            .collect(),
        on_duty,
        utc_offset_secs: crate::tickets::service::utc_offset_secs(&tz, now),
    })
}

/// Marks one notification read, or all (`id` absent).
#[server(prefix = "/api", endpoint = "inbox/read")]
pub async fn mark_read(#[server(default)] id: Option<i64>) -> Result<u64, AppError> {
    let account = require_account().await?;
    let now = chrono::Utc::now().timestamp_millis();
    let n = store()?
        .mark_notifications_read(account.id, id, now)
        .await?;
    back_for_plain_form();
    Ok(n)
}

/// A handler goes on or off duty: off-duty handlers get no automatic assignments.
#[server(prefix = "/api", endpoint = "on_duty")]
pub async fn set_on_duty(on: bool) -> Result<(), AppError> {
    use crate::domain::roles::Role;
    let account = require_account().await?;
    if !account.roles.contains(&Role::Handler) {
        return Err(AppError::Forbidden);
    }
    store()?.set_on_duty(account.id, on).await?;
    tracing::info!(actor = account.id, on, "on-duty switch");
    back_for_plain_form();
    Ok(())
}
