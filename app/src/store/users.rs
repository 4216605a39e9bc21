//! Accounts: users, their roles, password hashes (which never leave the server).
use super::{is_unique_violation, now_ms, Store};
use crate::auth::Account;
use crate::domain::account::FieldProblem;
use crate::domain::roles::{Clearance, Role};
use crate::error::AppError;
use std::collections::HashMap;

pub struct NewAccount<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub department_id: i64,
    pub clearance: Clearance,
    pub roles: &'a [Role],
    pub must_change_password: bool,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    login: String,
    display_name: String,
    department_id: i64,
    department_name: String,
    clearance: String,
    active: i64,
    must_change_password: i64,
}

impl AccountRow {
    fn into_account(self, roles: Vec<Role>) -> Account {
        Account {
            id: self.id,
            login: self.login,
            display_name: self.display_name,
            department_id: self.department_id,
            department_name: self.department_name,
            roles,
            clearance: self.clearance.parse().unwrap_or_default(),
            active: self.active != 0,
            must_change_password: self.must_change_password != 0,
        }
    }
}

#[derive(sqlx::FromRow)]
struct CredentialRow {
    password_hash: String,
    #[sqlx(flatten)]
    account: AccountRow,
}

const ACCOUNT_COLUMNS: &str = "u.id, u.login, u.display_name, u.department_id, \
     d.name AS department_name, u.clearance, u.active, u.must_change_password \
     FROM users u JOIN departments d ON d.id = u.department_id";

fn parse_roles(codes: impl IntoIterator<Item = String>) -> Vec<Role> {
    let mut roles: Vec<Role> = codes.into_iter().filter_map(|c| c.parse().ok()).collect();
    roles.sort();
    roles
}

async fn insert_roles(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
    roles: &[Role],
) -> Result<(), AppError> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.code())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// An update that touched no row means the account does not exist.
pub(crate) fn found(rows: u64) -> Result<(), AppError> {
    if rows == 0 {
        Err(AppError::NotFound)
    } else {
        Ok(())
    }
}

impl Store {
    /// Creates the user and its roles in one transaction. A taken login is a field error.
    pub async fn insert_account(&self, new: &NewAccount<'_>) -> Result<i64, AppError> {
        let mut tx = self.pool().begin().await?;
        let now = now_ms();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (login, display_name, password_hash, department_id, clearance, \
             active, must_change_password, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7) RETURNING id",
        )
        .bind(new.login)
        .bind(new.display_name)
        .bind(new.password_hash)
        .bind(new.department_id)
        .bind(new.clearance.code())
        .bind(i64::from(new.must_change_password))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e, "login") {
                AppError::field("login", FieldProblem::AlreadyTaken)
            } else {
                e.into()
            }
        })?;
        insert_roles(&mut tx, id, new.roles).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn roles_of(&self, id: i64) -> Result<Vec<Role>, AppError> {
        let codes: Vec<String> =
            sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
                .bind(id)
                .fetch_all(self.pool())
                .await?;
        Ok(parse_roles(codes))
    }

    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>, AppError> {
        let row: Option<AccountRow> =
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} WHERE u.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        match row {
            Some(row) => {
                let roles = self.roles_of(row.id).await?;
                Ok(Some(row.into_account(roles)))
            }
            None => Ok(None),
        }
    }

    /// The account and its password hash, for checking a login.
    pub async fn credentials_by_login(
        &self,
        login: &str,
    ) -> Result<Option<(Account, String)>, AppError> {
        self.credentials_where("u.login = $1", login.to_owned())
            .await
    }

    /// The account and its password hash by id: what the session layer loads on every
    /// signed-in request (two queries: the account with its hash, then its roles).
    pub async fn credentials_by_id(&self, id: i64) -> Result<Option<(Account, String)>, AppError> {
        self.credentials_where("u.id = $1", id).await
    }

    async fn credentials_where<T>(
        &self,
        clause: &str,
        key: T,
    ) -> Result<Option<(Account, String)>, AppError>
    where
        T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send,
    {
        let row: Option<CredentialRow> = sqlx::query_as(&format!(
            "SELECT u.password_hash, {ACCOUNT_COLUMNS} WHERE {clause}"
        ))
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        let Some(CredentialRow {
            account,
            password_hash,
        }) = row
        else {
            return Ok(None);
        };
        let roles = self.roles_of(account.id).await?;
        Ok(Some((account.into_account(roles), password_hash)))
    }

    pub async fn password_hash(&self, id: i64) -> Result<Option<String>, AppError> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn list_accounts(&self) -> Result<Vec<Account>, AppError> {
        let rows: Vec<AccountRow> =
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} ORDER BY u.login"))
                .fetch_all(self.pool())
                .await?;
        let pairs: Vec<(i64, String)> = sqlx::query_as("SELECT user_id, role FROM user_roles")
            .fetch_all(self.pool())
            .await?;
        let mut by_user: HashMap<i64, Vec<String>> = HashMap::new();
        for (user, role) in pairs {
            by_user.entry(user).or_default().push(role);
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let roles = parse_roles(by_user.remove(&row.id).unwrap_or_default());
                row.into_account(roles)
            })
            .collect())
    }

    /// Replaces department, clearance and roles in one transaction.
    pub async fn update_access(
        &self,
        id: i64,
        department_id: i64,
        clearance: Clearance,
        roles: &[Role],
    ) -> Result<(), AppError> {
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "UPDATE users SET department_id = $1, clearance = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(department_id)
        .bind(clearance.code())
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        found(changed)?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_roles(&mut tx, id, roles).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_active(&self, id: i64, active: bool) -> Result<(), AppError> {
        let n = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(active))
            .bind(now_ms())
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected();
        found(n)
    }

    pub async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> Result<(), AppError> {
        let n = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 \
             WHERE id = $4",
        )
        .bind(password_hash)
        .bind(i64::from(must_change))
        .bind(now_ms())
        .bind(id)
        .execute(self.pool())
        .await?
        .rows_affected();
        found(n)
    }

    pub async fn account_id_by_login(&self, login: &str) -> Result<Option<i64>, AppError> {
        Ok(sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
            .bind(login)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn count_accounts(&self) -> Result<i64, AppError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(self.pool())
            .await?)
    }

    /// Some active user holding `role` (the bulk seed registers tickets in their name).
    pub async fn first_user_with_role(&self, role: &str) -> Result<Option<i64>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = $1 AND u.active = 1 ORDER BY u.id LIMIT 1",
        )
        .bind(role)
        .fetch_optional(self.pool())
        .await?)
    }
}
