//! The login audit trail: every success and failure, with outcome and source address.
use super::{now_ms, Store};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginOutcome {
    Success,
    BadCredentials,
    Disabled,
    RateLimited,
}

impl LoginOutcome {
    pub fn code(self) -> &'static str {
        match self {
            LoginOutcome::Success => "success",
            LoginOutcome::BadCredentials => "bad_credentials",
            LoginOutcome::Disabled => "disabled",
            LoginOutcome::RateLimited => "rate_limited",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginEvent {
    pub at: i64,
    pub login: String,
    pub user_id: Option<i64>,
    pub ip: String,
    pub outcome: String,
}

impl Store {
    pub async fn record_login(
        &self,
        login: &str,
        user_id: Option<i64>,
        ip: &str,
        outcome: LoginOutcome,
    ) -> Result<(), AppError> {
        // Keep what was typed bounded: a login field is not a place to store a novel.
        let login: String = login.chars().take(64).collect();
        sqlx::query(
            "INSERT INTO login_events (at, login, user_id, ip, outcome) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(now_ms())
        .bind(login)
        .bind(user_id)
        .bind(ip)
        .bind(outcome.code())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn recent_logins(&self, limit: i64) -> Result<Vec<LoginEvent>, AppError> {
        Ok(sqlx::query_as(
            "SELECT at, login, user_id, ip, outcome FROM login_events ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
