//! The deadline engine's reads and its single-runner lock.
use super::{Backend, Store};
use crate::error::AppError;
use sqlx::Connection;

/// Any key unique to this job; all replicas on one database agree on it.
const ENGINE_LOCK: i64 = 0x686f_746c_696e_6501;

/// Held while one replica runs the engine. On PostgreSQL it is a session advisory lock on a
/// connection of its own, so it ends when the connection closes, whatever happens.
pub struct EngineLock {
    conn: Option<sqlx::AnyConnection>,
}

impl EngineLock {
    pub async fn release(mut self) {
        if let Some(conn) = self.conn.take() {
            let _ = conn.close().await;
        }
    }
}

impl Store {
    /// The engine's turn: `None` when another replica holds it (PostgreSQL only).
    pub async fn try_engine_lock(&self) -> Result<Option<EngineLock>, AppError> {
        if self.backend() == Backend::Sqlite {
            return Ok(Some(EngineLock { conn: None }));
        }
        let mut conn = self.pool().acquire().await?.detach();
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(ENGINE_LOCK)
            .fetch_one(&mut conn)
            .await?;
        if got {
            Ok(Some(EngineLock { conn: Some(conn) }))
        } else {
            let _ = conn.close().await;
            Ok(None)
        }
    }

    /// Tickets whose running clock the engine must look at by `now`, soonest first.
    pub async fn due_checks(&self, now: i64, limit: i64) -> Result<Vec<i64>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM tickets WHERE next_check_at <= $1 ORDER BY next_check_at, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
