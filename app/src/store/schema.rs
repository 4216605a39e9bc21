//! What tables and columns a database has, for the test that keeps both dialects alike.
use super::{Backend, Store};
use crate::error::AppError;

/// (table, column) pairs, sorted, without sqlx's bookkeeping table.
pub async fn columns(store: &Store) -> Result<Vec<(String, String)>, AppError> {
    let sql = match store.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
             AND m.name NOT LIKE 'tickets_fts%' \
             ORDER BY 1, 2"
        }
        Backend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%' ORDER BY 1, 2"
        }
    };
    Ok(sqlx::query_as(sql).fetch_all(store.pool()).await?)
}

/// SQLite's journal mode and foreign-key switch, as the pool's connections see them.
pub async fn sqlite_settings(store: &Store) -> Result<(String, i64), AppError> {
    let mut conn = store.pool().acquire().await?;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await?;
    let fks: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await?;
    Ok((mode, fks))
}
