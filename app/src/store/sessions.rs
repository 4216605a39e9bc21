//! Sessions in the database (tower-sessions `SessionStore`), on whichever backend runs.
//! Our own store rather than tower-sessions-sqlx-store: that one needs a concrete SQLite or
//! Postgres pool, and this keeps the table in our migrations and under the same tests.
use super::Store;
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    pub fn new(store: Store) -> Self {
        DbSessionStore { store }
    }
}

fn backend_err(e: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    record.expiry_date.unix_timestamp() * 1000
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id is almost surely unused; on the rare collision pick another.
        loop {
            let data = serde_json::to_string(record)
                .map_err(|e| session_store::Error::Encode(e.to_string()))?;
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expiry_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(data)
            .bind(expiry_ms(record))
            .execute(self.store.pool())
            .await
            .map_err(backend_err)?
            .rows_affected();
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expiry_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry_at = excluded.expiry_at",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(expiry_ms(record))
        .execute(self.store.pool())
        .await
        .map_err(backend_err)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expiry_at > $2")
                .bind(id.to_string())
                .bind(super::now_ms())
                .fetch_optional(self.store.pool())
                .await
                .map_err(backend_err)?;
        match data {
            Some(text) => serde_json::from_str::<Record>(&text)
                .map(Some)
                .map_err(|e| session_store::Error::Decode(e.to_string())),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(self.store.pool())
            .await
            .map_err(backend_err)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expiry_at <= $1")
            .bind(super::now_ms())
            .execute(self.store.pool())
            .await
            .map_err(backend_err)?;
        Ok(())
    }
}

impl Store {
    pub async fn count_sessions(&self) -> Result<i64, crate::error::AppError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(self.pool())
            .await?)
    }
}
