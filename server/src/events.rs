//! `GET /api/events`: the signed-in user's change stream (server-sent events).
//! `ticket` carries the id of a changed ticket (what the user may see of it is decided when
//! the page refetches it, by the same rules as everywhere); `notice` says the user has new
//! notifications; `resync` says changes may have been missed. The browser reconnects by
//! itself; a comment every 15 s keeps proxies from closing an idle stream.
use app::auth::server::AuthSession;
use app::state::AppState;
use app::store::feed::Change;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// The events one change means for user `me`. Every event carries data: browsers drop
/// events whose data is empty.
pub fn events_for(me: i64, change: &Change) -> Vec<Event> {
    if change.is_resync() {
        return vec![Event::default().event("resync").data("1")];
    }
    let mut out = Vec::new();
    if let Some(id) = change.ticket {
        out.push(Event::default().event("ticket").data(id.to_string()));
    }
    if change.users.contains(&me) {
        out.push(Event::default().event("notice").data("1"));
    }
    out
}

pub async fn stream(State(state): State<AppState>, auth: AuthSession) -> Response {
    let Some(user) = auth.user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if user.account.must_change_password {
        return StatusCode::FORBIDDEN.into_response();
    }
    let me = user.account.id;
    let rx = state.store.subscribe();
    let hello = stream::once(async {
        Ok::<_, Infallible>(
            Event::default()
                .retry(Duration::from_secs(2))
                .comment("hello"),
        )
    });
    let changes = stream::unfold(rx, move |mut rx| async move {
        let events = match rx.recv().await {
            Ok(change) => events_for(me, &change),
            // Fell behind: say so, the page refetches everything.
            Err(RecvError::Lagged(_)) => events_for(me, &Change::resync()),
            Err(RecvError::Closed) => return None,
        };
        Some((
            stream::iter(events.into_iter().map(Ok::<_, Infallible>)),
            rx,
        ))
    })
    .flatten();
    Sse::new(hello.chain(changes))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_tells_the_board_and_only_the_notified_users_bell() {
        let c = Change::ticket(7, vec![3]);
        assert_eq!(events_for(3, &c).len(), 2);
        assert_eq!(events_for(4, &c).len(), 1);
        assert_eq!(events_for(4, &Change::resync()).len(), 1);
    }
}
