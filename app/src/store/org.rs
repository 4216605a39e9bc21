//! Departments (the organisation tree) and the category tree.
use super::{now_ms, Store};
use crate::domain::org::Department;
use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct DepartmentRow {
    id: i64,
    code: String,
    name: String,
    kind: String,
    parent_id: Option<i64>,
}

impl From<DepartmentRow> for Department {
    fn from(r: DepartmentRow) -> Self {
        Department {
            id: r.id,
            code: r.code,
            name: r.name,
            kind: r.kind,
            parent_id: r.parent_id,
        }
    }
}

impl Store {
    pub async fn insert_department(
        &self,
        code: &str,
        name: &str,
        kind: &str,
        parent_id: Option<i64>,
    ) -> Result<i64, AppError> {
        add_department(self.pool(), code, name, kind, parent_id).await
    }

    pub async fn list_departments(&self) -> Result<Vec<Department>, AppError> {
        let rows: Vec<DepartmentRow> =
            sqlx::query_as("SELECT id, code, name, kind, parent_id FROM departments ORDER BY id")
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn department_by_code(&self, code: &str) -> Result<Option<Department>, AppError> {
        let row: Option<DepartmentRow> = sqlx::query_as(
            "SELECT id, code, name, kind, parent_id FROM departments WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }

    pub async fn department_exists(&self, id: i64) -> Result<bool, AppError> {
        Ok(self.department_name(id).await?.is_some())
    }

    pub async fn department_name(&self, id: i64) -> Result<Option<String>, AppError> {
        Ok(
            sqlx::query_scalar("SELECT name FROM departments WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn insert_category(
        &self,
        code: &str,
        name: &str,
        parent_id: Option<i64>,
        sort: i64,
    ) -> Result<i64, AppError> {
        add_category(self.pool(), code, name, parent_id, sort).await
    }

    pub async fn count_categories(&self) -> Result<i64, AppError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM categories")
            .fetch_one(self.pool())
            .await?)
    }
}

/// Adds a department on a pool or inside a transaction.
pub async fn add_department<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    e: E,
    code: &str,
    name: &str,
    kind: &str,
    parent_id: Option<i64>,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO departments (code, name, kind, parent_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(kind)
    .bind(parent_id)
    .bind(now_ms())
    .fetch_one(e)
    .await?)
}

/// Adds a category on a pool or inside a transaction.
pub async fn add_category<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    e: E,
    code: &str,
    name: &str,
    parent_id: Option<i64>,
    sort: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO categories (code, name, parent_id, sort) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(parent_id)
    .bind(sort)
    .fetch_one(e)
    .await?)
}
