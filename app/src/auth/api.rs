//! Server functions for signing in and out and changing one's password.
use super::Account;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::server::*;

/// The signed-in account, or `None`. Never an error for "not signed in".
#[server(prefix = "/api", endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    Ok(auth_session().await?.user.map(|u| u.account))
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::store::login_events::LoginOutcome;
    let state = crate::state::app_state()?;
    let ip = client_ip().await;
    let login = login.trim().to_lowercase();
    if login.is_empty() {
        return Err(AppError::field(
            "login",
            crate::domain::account::FieldProblem::Required,
        ));
    }
    if let Err(retry_after_secs) = state.login_limiter.check(&ip, &login) {
        state
            .store
            .record_login(&login, None, &ip, LoginOutcome::RateLimited)
            .await?;
        tracing::warn!("login rate limit reached");
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    let backend = AuthBackend::new(state.store.clone());
    let checked = backend
        .check(Credentials {
            login: login.clone(),
            password,
        })
        .await;
    let user = match checked {
        Ok(user) => user,
        Err(err) => {
            let outcome = match err {
                AppError::AccountDisabled => LoginOutcome::Disabled,
                AppError::InvalidCredentials => LoginOutcome::BadCredentials,
                _ => return Err(err),
            };
            let user_id = state.store.account_id_by_login(&login).await?;
            state
                .store
                .record_login(&login, user_id, &ip, outcome)
                .await?;
            tracing::info!(outcome = outcome.code(), "login refused");
            return Err(err);
        }
    };
    let mut session = auth_session().await?;
    // A new session id at every sign-in, even over an existing session (session fixation).
    session
        .session
        .cycle_id()
        .await
        .map_err(|_| AppError::Internal)?;
    session.login(&user).await.map_err(|e| {
        tracing::error!(error = %e, "session login failed");
        AppError::Internal
    })?;
    session
        .session
        .insert(LOGIN_AT_KEY, chrono::Utc::now().timestamp_millis())
        .await
        .map_err(|_| AppError::Internal)?;
    state
        .store
        .record_login(&login, Some(user.account.id), &ip, LoginOutcome::Success)
        .await?;
    tracing::info!(user_id = user.account.id, "login");
    if user.account.must_change_password {
        leptos_axum::redirect("/password");
    } else {
        leptos_axum::redirect(crate::domain::nav::safe_next(next.as_deref()));
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let mut session = auth_session().await?;
    if let Some(user) = &session.user {
        tracing::info!(user_id = user.account.id, "logout");
    }
    session.logout().await.map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::domain::account::{check_new_password, FieldProblem};
    let account = require_session_account().await?;
    check_new_password(&new_password).map_err(|p| AppError::field("new_password", p))?;
    if new_password != confirm {
        return Err(AppError::field("confirm", FieldProblem::PasswordsDiffer));
    }
    if new_password == current {
        return Err(AppError::field(
            "new_password",
            FieldProblem::PasswordUnchanged,
        ));
    }
    let store = store()?;
    let hash = store
        .password_hash(account.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !verify_password(current, hash).await? {
        return Err(AppError::WrongCurrentPassword);
    }
    let new_hash = hash_password(new_password).await?;
    store.set_password(account.id, &new_hash, false).await?;
    // The session is tied to the old hash; sign in again with the new one (new session id).
    let mut session = auth_session().await?;
    let backend = AuthBackend::new(store);
    if let Some(user) = axum_login::AuthnBackend::get_user(&backend, &account.id).await? {
        session.login(&user).await.map_err(|_| AppError::Internal)?;
        session
            .session
            .insert(LOGIN_AT_KEY, chrono::Utc::now().timestamp_millis())
            .await
            .map_err(|_| AppError::Internal)?;
    }
    tracing::info!(user_id = account.id, "password changed");
    leptos_axum::redirect("/");
    Ok(())
}
