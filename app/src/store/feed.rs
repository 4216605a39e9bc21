//! The change feed: "ticket N changed", "user U has news". Boards and bells listen to it.
//! One small interface, two carriers: on SQLite an in-process broadcast; on PostgreSQL
//! `NOTIFY`, so every `hotline serve` on the same database hears every change.
use super::{Backend, Store};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Once};
use tokio::sync::broadcast;

const CHANNEL: &str = "hotline_changes";

/// What changed. Carries ids only: what a listener may see is decided when it refetches.
/// `ticket: None` with no users means "anything may have changed" (after a lost connection).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<i64>,
}

impl Change {
    pub fn ticket(id: i64, users: Vec<i64>) -> Change {
        Change {
            ticket: Some(id),
            users,
        }
    }
    pub fn resync() -> Change {
        Change::default()
    }
    pub fn is_resync(&self) -> bool {
        self.ticket.is_none() && self.users.is_empty()
    }
}

#[derive(Debug)]
pub struct Feed {
    sender: broadcast::Sender<Change>,
    /// PostgreSQL: where to listen; the listener starts with the first subscriber.
    url: Option<String>,
    listening: Once,
}

impl Feed {
    pub fn new(backend: Backend, url: &str) -> Arc<Feed> {
        Arc::new(Feed {
            sender: broadcast::channel(1024).0,
            url: (backend == Backend::Postgres).then(|| url.to_owned()),
            listening: Once::new(),
        })
    }
}

impl Store {
    /// Rings the bells of `users` (each once) after notifications about no single ticket
    /// were committed; nobody to ring: nothing sent.
    pub async fn ring(&self, mut users: Vec<i64>) {
        if users.is_empty() {
            return;
        }
        users.sort_unstable();
        users.dedup();
        self.publish(Change {
            ticket: None,
            users,
        })
        .await;
    }

    /// Announces a committed change to every listener (of every server on PostgreSQL).
    pub async fn publish(&self, change: Change) {
        match self.backend() {
            Backend::Sqlite => {
                let _ = self.feed.sender.send(change);
            }
            Backend::Postgres => {
                let payload = serde_json::to_string(&change).unwrap_or_default();
                if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(payload)
                    .execute(self.pool())
                    .await
                {
                    tracing::warn!(error = %e, "change notification failed");
                }
            }
        }
    }

    /// Every change from now on. A receiver that lags behind gets `Lagged` and should
    /// treat it as a resync.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        let rx = self.feed.sender.subscribe();
        if let Some(url) = &self.feed.url {
            let (url, sender) = (url.clone(), self.feed.sender.clone());
            self.feed
                .listening
                .call_once(|| drop(tokio::spawn(listen(url, sender))));
        }
        rx
    }
}

/// Forwards PostgreSQL notifications to the in-process broadcast, reconnecting forever.
/// After any gap it sends a resync, since notifications sent meanwhile are lost.
async fn listen(url: String, sender: broadcast::Sender<Change>) {
    use sqlx::postgres::PgListener;
    loop {
        match PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    let _ = sender.send(Change::resync());
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(n)) => {
                                if let Ok(c) = serde_json::from_str::<Change>(n.payload()) {
                                    let _ = sender.send(c);
                                }
                            }
                            // The connection dropped; the next call reconnects.
                            Ok(None) => {
                                let _ = sender.send(Change::resync());
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "change listener lost its connection");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "change listener cannot connect"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}
