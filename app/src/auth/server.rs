//! Server-only auth: the axum-login backend, login rate limits, and the guards server
//! functions call first (`require_account`, `require_role`).
use super::Account;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::state::app_state;
use crate::store::Store;
use axum_login::{AuthUser, AuthnBackend};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;

/// Session key holding the login instant (epoch ms), for the absolute session timeout.
pub const LOGIN_AT_KEY: &str = "login_at";

/// The signed-in user as the session layer holds it. The password hash is here only so a
/// password change ends the user's other sessions (axum-login's session auth hash); it is
/// never serialised to the browser.
#[derive(Clone)]
pub struct SessionUser {
    pub account: Account,
    password_hash: String,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser")
            .field("id", &self.account.id)
            .finish_non_exhaustive()
    }
}

impl AuthUser for SessionUser {
    type Id = i64;
    fn id(&self) -> i64 {
        self.account.id
    }
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

#[derive(Clone, Debug)]
pub struct AuthBackend {
    store: Store,
}

impl AuthBackend {
    pub fn new(store: Store) -> Self {
        AuthBackend { store }
    }
}

pub struct Credentials {
    pub login: String,
    pub password: String,
}

/// A hash to verify against when the login is unknown, so both cases cost the same time.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| password_auth::generate_hash("not-a-real-password"))
}

/// Argon2 is slow on purpose and holds 19 MiB while it runs: it runs off the async runtime,
/// two at a time, so a burst of sign-ins queues instead of taking a thread and 19 MiB each.
static ARGON2_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

async fn argon2<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    argon2(move || password_auth::verify_password(password, &hash).is_ok()).await
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    argon2(move || password_auth::generate_hash(password)).await
}

impl AuthBackend {
    /// Checks a login. Disabled accounts are reported as such only to someone who knows
    /// the password; everyone else gets the same "wrong login or password".
    pub async fn check(&self, creds: Credentials) -> Result<SessionUser, AppError> {
        let found = self.store.credentials_by_login(&creds.login).await?;
        let (account, hash) = match found {
            Some(pair) => pair,
            None => {
                verify_password(creds.password, dummy_hash().to_owned()).await?;
                return Err(AppError::InvalidCredentials);
            }
        };
        if !verify_password(creds.password, hash.clone()).await? {
            return Err(AppError::InvalidCredentials);
        }
        if !account.active {
            return Err(AppError::AccountDisabled);
        }
        Ok(SessionUser {
            account,
            password_hash: hash,
        })
    }
}

impl AuthnBackend for AuthBackend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = AppError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, AppError> {
        match self.check(creds).await {
            Ok(user) => Ok(Some(user)),
            Err(AppError::InvalidCredentials | AppError::AccountDisabled) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Called on every request with a session: a disabled or deleted account is signed out.
    async fn get_user(&self, id: &i64) -> Result<Option<SessionUser>, AppError> {
        let Some((account, password_hash)) = self.store.credentials_by_id(*id).await? else {
            return Ok(None);
        };
        if !account.active {
            return Ok(None);
        }
        Ok(Some(SessionUser {
            account,
            password_hash,
        }))
    }
}

pub type AuthSession = axum_login::AuthSession<AuthBackend>;

/// Login attempts allowed per client address and per account name: a burst, then one more
/// every `refill`. Nobody is locked out for good; the allowance refills with time.
#[derive(Clone, Copy, Debug)]
pub struct LimitSpec {
    pub burst: u32,
    pub refill: Duration,
}

impl LimitSpec {
    /// 30 attempts per address, then one every 2 s.
    pub const STANDARD_PER_IP: LimitSpec = LimitSpec {
        burst: 30,
        refill: Duration::from_secs(2),
    };
    /// 5 attempts per login name, then one a minute.
    pub const STANDARD_PER_ACCOUNT: LimitSpec = LimitSpec {
        burst: 5,
        refill: Duration::from_secs(60),
    };
}

pub struct LoginLimiter {
    by_ip: DefaultKeyedRateLimiter<String>,
    by_login: DefaultKeyedRateLimiter<String>,
}

impl LoginLimiter {
    pub fn new(per_ip: LimitSpec, per_login: LimitSpec) -> Self {
        fn quota(spec: LimitSpec) -> Quota {
            let burst = NonZeroU32::new(spec.burst.max(1)).expect("non-zero");
            Quota::with_period(spec.refill.max(Duration::from_millis(1)))
                .expect("non-zero period")
                .allow_burst(burst)
        }
        LoginLimiter {
            by_ip: RateLimiter::keyed(quota(per_ip)),
            by_login: RateLimiter::keyed(quota(per_login)),
        }
    }

    /// `Err(seconds to wait)` when either allowance is spent.
    pub fn check(&self, ip: &str, login: &str) -> Result<(), u64> {
        let now = DefaultClock::default().now();
        let wait = |r: Result<(), governor::NotUntil<_>>| {
            r.err().map(|nu| nu.wait_time_from(now).as_secs().max(1))
        };
        match (
            wait(self.by_ip.check_key(&ip.to_owned())),
            wait(self.by_login.check_key(&login.to_owned())),
        ) {
            (None, None) => Ok(()),
            (a, b) => Err(a.unwrap_or(0).max(b.unwrap_or(0))),
        }
    }

    /// Forget keys whose allowance is full again (called periodically).
    pub fn shrink(&self) {
        self.by_ip.retain_recent();
        self.by_login.retain_recent();
    }
}

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|e| {
        tracing::error!(error = ?e, "auth session missing");
        AppError::Internal
    })
}

/// The signed-in account, even one that must still change its password.
pub async fn require_session_account() -> Result<Account, AppError> {
    auth_session()
        .await?
        .user
        .map(|u| u.account)
        .ok_or(AppError::Unauthorized)
}

/// The signed-in account, ready to work (password change done).
pub async fn require_account() -> Result<Account, AppError> {
    let account = require_session_account().await?;
    if account.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    Ok(account)
}

/// The signed-in account, holding `role`; 403 otherwise.
pub async fn require_role(role: Role) -> Result<Account, AppError> {
    let account = require_account().await?;
    if !account.has_role(role) {
        return Err(AppError::Forbidden);
    }
    Ok(account)
}

/// The client's address as the connection shows it (proxies are not trusted here).
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}

pub fn store() -> Result<Store, AppError> {
    Ok(app_state()?.store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_stops_a_burst_per_account_and_per_address() {
        let l = LoginLimiter::new(
            LimitSpec {
                burst: 4,
                refill: Duration::from_secs(3600),
            },
            LimitSpec {
                burst: 2,
                refill: Duration::from_secs(3600),
            },
        );
        assert!(l.check("1.1.1.1", "wang").is_ok());
        assert!(l.check("1.1.1.1", "wang").is_ok());
        let wait = l.check("1.1.1.1", "wang").unwrap_err();
        assert!(wait > 60, "waits for the refill, got {wait}s");
        // another account from the same address still has its own allowance...
        assert!(l.check("1.1.1.1", "li").is_ok());
        // ...until the address allowance (4) is spent
        assert!(l.check("1.1.1.1", "zhao").is_err());
        assert!(l.check("2.2.2.2", "zhao").is_ok());
    }

    #[test]
    fn allowance_refills() {
        let l = LoginLimiter::new(
            LimitSpec {
                burst: 10,
                refill: Duration::from_millis(1),
            },
            LimitSpec {
                burst: 1,
                refill: Duration::from_millis(50),
            },
        );
        assert!(l.check("ip", "a").is_ok());
        assert!(l.check("ip", "a").is_err());
        std::thread::sleep(Duration::from_millis(80));
        assert!(l.check("ip", "a").is_ok());
    }
}
