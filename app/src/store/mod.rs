//! The only place with SQL. One `Store` over sqlx's `Any` driver; the backend (SQLite or
//! PostgreSQL) is chosen at run time by the URL scheme, each with its own migrations.
pub mod assessment;
pub mod board;
pub mod bulk;
pub mod deadlines;
pub mod emergency;
pub mod evaluations;
pub mod feed;
pub mod history;
pub mod import;
pub mod login_events;
pub mod notifications;
pub mod org;
pub mod policies;
pub mod rectifications;
pub mod reference;
pub mod report;
pub mod reviews;
pub mod risk_checks;
pub mod risk_notices;
pub mod risks;
pub mod schema;
pub mod sessions;
pub mod testing;
pub mod tickets;
pub mod training;
pub mod users;
pub mod violations;
pub mod warnings;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use sqlx::Executor;
use std::time::Duration;

/// A transaction on the store's pool.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    feed: std::sync::Arc<feed::Feed>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnknownScheme(String),
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Store {
    /// Opens a pool. SQLite files (and their folder) are created if missing and run in WAL
    /// mode with foreign keys and a busy timeout.
    pub async fn connect(url: &str) -> Result<Store, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend =
            Backend::from_url(url).ok_or_else(|| ConnectError::UnknownScheme(redact(url)))?;
        let feed = feed::Feed::new(backend, url);
        let (url, max) = match backend {
            Backend::Sqlite => {
                let path = url
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:")
                    .split('?')
                    .next()
                    .unwrap_or_default();
                if let Some(dir) = std::path::Path::new(path).parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir)
                            .map_err(|e| ConnectError::Folder(dir.display().to_string(), e))?;
                    }
                }
                let url = if url.contains('?') {
                    url.to_owned()
                } else {
                    format!("{url}?mode=rwc")
                };
                (url, 8)
            }
            Backend::Postgres => (url.to_owned(), 16),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store {
            pool,
            backend,
            feed,
        })
    }

    pub async fn migrate(&self) -> Result<(), ConnectError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// For `/healthz`: one round trip to the database.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A URL fit for logs and errors: no password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// SQLite and PostgreSQL both report unique violations; this says whether `err` is one on
/// a constraint (or column list) naming `what`.
pub(crate) fn is_unique_violation(err: &sqlx::Error, what: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                && (db.constraint().is_some_and(|c| c.contains(what))
                    || db.message().contains(what))
        }
        _ => false,
    }
}

/// `($1, $2, …), (…)` for `rows` rows of `cols` values.
pub(crate) fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let v: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", v.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://u:secret@db:5432/x"),
            "postgres://***@db:5432/x"
        );
        assert_eq!(redact("sqlite://data/h.db"), "sqlite://data/h.db");
    }

    #[test]
    fn backend_by_scheme() {
        assert_eq!(Backend::from_url("sqlite://x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://x"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://x"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mysql://x"), None);
    }
}
