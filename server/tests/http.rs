//! The desk over HTTP, through the real router: sessions, rate limits, Origin checks,
//! rights on server functions, error statuses. Every test runs on SQLite and PostgreSQL.
use app::auth::server::{hash_password, LimitSpec, LoginLimiter};
use app::domain::roles::{Clearance, Role};
use app::store::testing::{self, TestDb};
use app::store::users::NewAccount;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use hotline_server::config::SessionTimeouts;
use hotline_server::serve::{router, RouterConfig, SESSION_COOKIE};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

const HOST: &str = "desk.test";
const ORIGIN: &str = "http://desk.test";
const PASSWORD: &str = "correct-horse-42";

struct Desk {
    app: Router,
    db: TestDb,
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(SESSION_COOKIE))
            .map(|c| c.split(';').next().unwrap().to_owned())
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

fn config(limiter: LoginLimiter, timeouts: SessionTimeouts) -> RouterConfig {
    let mut leptos_options = leptos::config::LeptosOptions::builder()
        .output_name("hotline")
        .build();
    leptos_options.site_root = "target/site".into();
    RouterConfig {
        leptos_options,
        secret: "test-secret-test-secret-test-secret-1234".into(),
        secure_cookies: false,
        timeouts,
        login_limiter: limiter,
        timezone: chrono_tz::Asia::Shanghai,
    }
}

fn roomy_limiter() -> LoginLimiter {
    let roomy = LimitSpec {
        burst: 1000,
        refill: Duration::from_millis(1),
    };
    LoginLimiter::new(roomy, roomy)
}

async fn desks_with(limiter: impl Fn() -> LoginLimiter, timeouts: SessionTimeouts) -> Vec<Desk> {
    let mut desks = Vec::new();
    for db in testing::all().await {
        let s = &db.store;
        let centre = s
            .insert_department("centre", "热线中心", "centre", None)
            .await
            .unwrap();
        let hash = hash_password(PASSWORD.into()).await.unwrap();
        for (login, role, must_change) in [
            ("admin", Role::Admin, false),
            ("agent", Role::Agent, false),
            ("fresh", Role::Agent, true),
        ] {
            s.insert_account(&NewAccount {
                login,
                display_name: login,
                password_hash: &hash,
                department_id: centre,
                clearance: Clearance::Internal,
                roles: &[role],
                must_change_password: must_change,
            })
            .await
            .unwrap();
        }
        let (app, _) = router(db.store.clone(), config(limiter(), timeouts.clone()));
        desks.push(Desk { app, db });
    }
    desks
}

fn timeouts(idle_ms: u64, absolute_ms: u64) -> SessionTimeouts {
    SessionTimeouts {
        idle: Duration::from_millis(idle_ms),
        absolute: Duration::from_millis(absolute_ms),
    }
}

async fn desks() -> Vec<Desk> {
    desks_with(roomy_limiter, timeouts(600_000, 3_600_000)).await
}

impl Desk {
    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A server-function call as the hydrated page makes it (form-encoded, same origin).
    async fn call(&self, path: &str, form: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(form.to_owned())).unwrap())
            .await
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "text/html,application/xhtml+xml");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A GET server function as the hydrated page calls it.
    async fn get_api(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    async fn login(&self, login: &str, password: &str) -> Reply {
        self.call(
            "/api/login",
            &format!("login={login}&password={password}"),
            None,
        )
        .await
    }

    async fn session(&self, login: &str) -> String {
        let r = self.login(login, PASSWORD).await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{} {}",
            r.status,
            r.body
        );
        r.session_cookie().expect("session cookie")
    }

    async fn whoami(&self, cookie: &str) -> serde_json::Value {
        let r = self.call("/api/current_account", "", Some(cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }
}

#[tokio::test]
async fn wrong_password_is_refused_and_recorded() {
    for d in desks().await {
        let r = d.login("admin", "wrong-password-1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", d.db.label);
        assert_eq!(r.json()["kind"], "invalid_credentials");
        assert!(r.session_cookie().is_none());
        let unknown = d.login("nobody", "wrong-password-1").await;
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.json(), r.json(), "unknown login looks the same");

        let cookie = d.session("admin").await;
        assert_eq!(d.whoami(&cookie).await["login"], "admin");
        let events = d.db.store.recent_logins(10).await.unwrap();
        let outcomes: Vec<&str> = events.iter().map(|e| e.outcome.as_str()).collect();
        assert_eq!(
            outcomes,
            vec!["success", "bad_credentials", "bad_credentials"],
            "{}",
            d.db.label
        );
        assert!(events[0].user_id.is_some());
    }
}

#[tokio::test]
async fn repeated_failures_hit_the_rate_limit_with_429() {
    let strict = || {
        LoginLimiter::new(
            LimitSpec {
                burst: 100,
                refill: Duration::from_secs(1),
            },
            LimitSpec {
                burst: 3,
                refill: Duration::from_secs(600),
            },
        )
    };
    for d in desks_with(strict, timeouts(600_000, 3_600_000)).await {
        for _ in 0..3 {
            assert_eq!(
                d.login("agent", "bad-password-1").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let r = d.login("agent", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", d.db.label);
        assert_eq!(r.json()["kind"], "too_many_attempts");
        assert!(r.headers.contains_key(header::RETRY_AFTER));
        // other accounts are not locked out by someone guessing at this one
        assert!(d.login("admin", PASSWORD).await.session_cookie().is_some());
        let events = d.db.store.recent_logins(1).await.unwrap();
        assert_eq!(events[0].outcome, "success");
        let limited = d.db.store.recent_logins(10).await.unwrap();
        assert!(limited.iter().any(|e| e.outcome == "rate_limited"));
    }
}

#[tokio::test]
async fn disabled_users_cannot_sign_in_and_lose_their_sessions() {
    for d in desks().await {
        let cookie = d.session("agent").await;
        let id =
            d.db.store
                .account_id_by_login("agent")
                .await
                .unwrap()
                .unwrap();
        d.db.store.set_active(id, false).await.unwrap();
        assert!(d.whoami(&cookie).await.is_null(), "{}", d.db.label);
        let r = d.login("agent", PASSWORD).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json()["kind"], "account_disabled");
        // the disabled state is only told to someone who knows the password
        let r = d.login("agent", "bad-password-1").await;
        assert_eq!(r.json()["kind"], "invalid_credentials");
    }
}

#[tokio::test]
async fn the_session_id_changes_at_login() {
    for d in desks().await {
        let first = d.session("agent").await;
        let r = d
            .call(
                "/api/login",
                &format!("login=agent&password={PASSWORD}"),
                Some(&first),
            )
            .await;
        let second = r.session_cookie().expect("a new cookie");
        assert_ne!(first, second, "{}", d.db.label);
        assert!(d.whoami(&first).await.is_null(), "the old id is dead");
        assert_eq!(d.whoami(&second).await["login"], "agent");
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    for d in desks().await {
        let cookie = d.session("agent").await;
        let r = d.call("/api/logout", "", Some(&cookie)).await;
        assert!(r.status.is_success() || r.status.is_redirection());
        assert!(d.whoami(&cookie).await.is_null(), "{}", d.db.label);
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    for d in desks().await {
        let cookie = d.session("admin").await;
        for (name, value) in [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let req = Request::post("/api/admin/set_active")
                .header(header::HOST, HOST)
                .header(name, value)
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("id=2&active=false"))
                .unwrap();
            let r = d.send(req).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}: {}", d.db.label);
            assert_eq!(r.json()["kind"], "cross_site");
        }
        let id =
            d.db.store
                .account_id_by_login("agent")
                .await
                .unwrap()
                .unwrap();
        let agent = d.db.store.account_by_id(id).await.unwrap().unwrap();
        assert!(agent.active, "nothing changed");
        // the same request from our own page goes through
        let r = d
            .call(
                "/api/admin/set_active",
                &format!("id={id}&active=false"),
                Some(&cookie),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{}",
            r.body
        );
        assert!(!d.db.store.account_by_id(id).await.unwrap().unwrap().active);
        // the language switch is a POST too
        let req = Request::post("/lang")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "https://evil.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("lang=en"))
            .unwrap();
        assert_eq!(d.send(req).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn admin_functions_check_the_role_on_the_server() {
    for d in desks().await {
        let r = d.call("/api/admin/accounts", "", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", d.db.label);
        let agent = d.session("agent").await;
        let r = d.call("/api/admin/accounts", "", Some(&agent)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", d.db.label);
        assert_eq!(r.json()["kind"], "forbidden");
        assert!(
            !r.body.contains("admin\""),
            "no data in the refusal: {}",
            r.body
        );
        let r = d
            .call(
                "/api/admin/create_account",
                "login=sneaky&display_name=x&password=pass-word-123&department_id=1&clearance=secret&role_admin=on",
                Some(&agent),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(d
            .db
            .store
            .account_id_by_login("sneaky")
            .await
            .unwrap()
            .is_none());

        let admin = d.session("admin").await;
        let r = d.call("/api/admin/accounts", "", Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json().as_array().unwrap().len(), 3);
        assert!(
            !r.body.contains("password_hash") && !r.body.contains("argon2"),
            "no hashes leave the server"
        );
    }
}

#[tokio::test]
async fn bad_input_gets_a_4xx_and_writes_nothing() {
    for d in desks().await {
        let admin = d.session("admin").await;
        let create = |form: &'static str| d.call("/api/admin/create_account", form, Some(&admin));
        let r = create("login=ok-name&display_name=x&password=pass-word-123&department_id=abc&clearance=public&role_agent=on").await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{}: {}",
            d.db.label,
            r.body
        );
        let r = create("login=1bad&display_name=x&password=pass-word-123&department_id=1&clearance=public&role_agent=on").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["field"], "login");
        assert_eq!(r.json()["problem"], "bad_login_chars");
        let r = create("login=okname&display_name=x&password=short&department_id=1&clearance=public&role_agent=on").await;
        assert_eq!(r.json()["field"], "password");
        let r = create("login=okname&display_name=x&password=pass-word-123&department_id=1&clearance=top&role_agent=on").await;
        assert_eq!(r.json()["field"], "clearance");
        let r = create(
            "login=okname&display_name=x&password=pass-word-123&department_id=1&clearance=public",
        )
        .await;
        assert_eq!(r.json()["field"], "roles");
        let r = create("login=okname&display_name=x&password=pass-word-123&department_id=999&clearance=public&role_agent=on").await;
        assert_eq!(r.json()["field"], "department_id");
        let r = create("login=agent&display_name=x&password=pass-word-123&department_id=1&clearance=public&role_agent=on").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["problem"], "already_taken");
        assert_eq!(
            d.db.store.count_accounts().await.unwrap(),
            3,
            "nothing half-written"
        );

        let r = create("login=newbie&display_name=新人&password=pass-word-123&department_id=1&clearance=public&role_agent=on").await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{}",
            r.body
        );
        let id =
            d.db.store
                .account_id_by_login("newbie")
                .await
                .unwrap()
                .unwrap();
        let a = d.db.store.account_by_id(id).await.unwrap().unwrap();
        assert!(
            a.must_change_password,
            "a new user must choose their own password"
        );
    }
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    for d in desks().await {
        let admin = d.session("admin").await;
        let me =
            d.db.store
                .account_id_by_login("admin")
                .await
                .unwrap()
                .unwrap();
        let r = d
            .call(
                "/api/admin/set_active",
                &format!("id={me}&active=false"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", d.db.label);
        let r = d
            .call(
                "/api/admin/update_access",
                &format!("id={me}&department_id=1&clearance=secret&role_agent=on"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let a = d.db.store.account_by_id(me).await.unwrap().unwrap();
        assert!(a.active && a.roles == vec![Role::Admin]);
    }
}

#[tokio::test]
async fn a_reset_password_must_be_changed_before_anything_else() {
    for d in desks().await {
        let fresh = d.session("fresh").await;
        let r = d.call("/api/departments", "", Some(&fresh)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", d.db.label);
        assert_eq!(r.json()["kind"], "password_change_required");

        let r = d
            .call(
                "/api/change_password",
                "current=wrong-one-1&new_password=brand-new-77&confirm=brand-new-77",
                Some(&fresh),
            )
            .await;
        assert_eq!(r.json()["kind"], "wrong_current_password");
        let r = d
            .call(
                "/api/change_password",
                &format!("current={PASSWORD}&new_password=brand-new-77&confirm=brand-new-78"),
                Some(&fresh),
            )
            .await;
        assert_eq!(r.json()["field"], "confirm");
        let r = d
            .call(
                "/api/change_password",
                &format!("current={PASSWORD}&new_password=brand-new-77&confirm=brand-new-77"),
                Some(&fresh),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{}",
            r.body
        );
        let renewed = r.session_cookie().expect("signed in again under a new id");
        assert_eq!(
            d.call("/api/departments", "", Some(&renewed)).await.status,
            StatusCode::OK
        );
        assert_eq!(
            d.login("fresh", PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert!(d
            .login("fresh", "brand-new-77")
            .await
            .session_cookie()
            .is_some());
    }
}

#[tokio::test]
async fn sessions_end_at_the_absolute_timeout() {
    for d in desks_with(roomy_limiter, timeouts(600_000, 1500)).await {
        let cookie = d.session("agent").await;
        assert_eq!(d.whoami(&cookie).await["login"], "agent");
        tokio::time::sleep(Duration::from_millis(1700)).await;
        assert!(d.whoami(&cookie).await.is_null(), "{}", d.db.label);
    }
}

#[tokio::test]
async fn activity_keeps_a_session_alive_and_idleness_ends_it() {
    // idle timeouts count in whole seconds (the cookie's Max-Age)
    for d in desks_with(roomy_limiter, timeouts(2000, 3_600_000)).await {
        let cookie = d.session("agent").await;
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(900)).await;
            assert_eq!(d.whoami(&cookie).await["login"], "agent", "{}", d.db.label);
        }
        tokio::time::sleep(Duration::from_millis(2300)).await;
        assert!(d.whoami(&cookie).await.is_null(), "{}", d.db.label);
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_signed() {
    for d in desks().await {
        let r = d.login("agent", PASSWORD).await;
        let set_cookie = r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(SESSION_COOKIE))
            .expect("session cookie")
            .to_owned();
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        // a forged or altered cookie is not a session
        let cookie = r.session_cookie().unwrap();
        let forged = format!("{}x", &cookie[..cookie.len() - 1]);
        assert!(d.whoami(&forged).await.is_null(), "{}", d.db.label);
        assert_eq!(d.whoami(&cookie).await["login"], "agent");
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_unknown_pages_are_404() {
    for d in desks().await {
        let r = d.get("/login", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", d.db.label);
        let csp = r.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert!(
            r.body.contains(&format!("nonce=\"{nonce}\"")),
            "scripts carry this response's nonce"
        );
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(r.headers[header::REFERRER_POLICY], "same-origin");
        assert!(r.body.contains("登录"), "Chinese by default");

        let r = d.get("/no/such/page", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.body.contains("页面不存在"));

        let r = d.get("/", None).await;
        assert!(
            r.status.is_redirection(),
            "signed-out home redirects: {}",
            r.status
        );
        assert_eq!(r.headers[header::LOCATION], "/login?next=/");

        assert_eq!(d.get("/healthz", None).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn english_comes_from_the_cookie_or_accept_language() {
    for d in desks().await {
        let req = Request::get("/login")
            .header(header::HOST, HOST)
            .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
            .body(Body::empty())
            .unwrap();
        assert!(d.send(req).await.body.contains("Sign in"), "{}", d.db.label);
        let r = d.get("/login", Some("i18n_pref_locale=en")).await;
        assert!(r.body.contains("Sign in"));

        let req = Request::post("/lang")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, "http://desk.test/admin/users")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("lang=en"))
            .unwrap();
        let r = d.send(req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers[header::LOCATION], "/admin/users");
        assert!(r.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .starts_with("i18n_pref_locale=en"));
    }
}

/// Two departments, a catalogue entry sending noise complaints to the first, one handler
/// in each. Returns (handler A login, handler B login).
async fn ticket_desk(d: &Desk) {
    let s = &d.db.store;
    let centre = s.department_by_code("centre").await.unwrap().unwrap().id;
    let org = app::store::testing::small_org(s, Some(centre), "", "[]").await;
    let (a, b) = (org.first, org.second);
    for (login, dept, role) in [
        ("handler-a", a, Role::Handler),
        ("handler-b", b, Role::Handler),
        ("boss", centre, Role::Supervisor),
    ] {
        insert_staff(d, login, dept, role).await;
    }
}

/// A staff account with one role, signing in with the tests' password: its id.
async fn insert_staff(d: &Desk, login: &str, department_id: i64, role: Role) -> i64 {
    let hash = hash_password(PASSWORD.into()).await.unwrap();
    d.db.store
        .insert_account(&NewAccount {
            login,
            display_name: login,
            password_hash: &hash,
            department_id,
            clearance: Clearance::Internal,
            roles: &[role],
            must_change_password: false,
        })
        .await
        .unwrap()
}

const REGISTER_FORM: &str = "channel=phone&priority=normal&category_id=2&description=%E6%A5%BC%E4%B8%8B%E6%96%BD%E5%B7%A5%E5%99%AA%E9%9F%B3&caller_name=%E7%8E%8B%E4%BA%94&caller_phone=13812345678&confidentiality=internal";

#[tokio::test]
async fn registration_validates_and_numbers_the_ticket() {
    for d in desks().await {
        ticket_desk(&d).await;
        let agent = d.session("agent").await;
        let bad = d
            .call(
                "/api/tickets/register",
                &REGISTER_FORM.replace("13812345678", "12345"),
                Some(&agent),
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            d.db.label
        );
        assert_eq!(bad.json()["field"], "caller_phone");
        assert_eq!(bad.json()["problem"], "bad_phone");
        let handler = d.session("handler-a").await;
        let refused = d
            .call("/api/tickets/register", REGISTER_FORM, Some(&handler))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "only agents register"
        );
        let ok = d
            .call("/api/tickets/register", REGISTER_FORM, Some(&agent))
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{} {}", d.db.label, ok.body);
        let number = ok.json().as_str().unwrap().to_owned();
        assert!(
            app::domain::ticket::parse_number(&number).is_some(),
            "{number}"
        );
        assert!(!ok.body.contains("13812345678"));
    }
}

#[tokio::test]
async fn other_departments_cannot_read_or_act_and_reveal_needs_the_right() {
    for d in desks().await {
        ticket_desk(&d).await;
        let agent = d.session("agent").await;
        let number = d
            .call("/api/tickets/register", REGISTER_FORM, Some(&agent))
            .await
            .json()
            .as_str()
            .unwrap()
            .to_owned();
        let id =
            d.db.store
                .ticket_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .id;
        let get = format!("number={number}");

        let b = d.session("handler-b").await;
        let r = d.call("/api/tickets/get", &get, Some(&b)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", d.db.label);
        assert!(
            !r.body.contains("王五") && !r.body.contains(&number[..8]),
            "no data in the answer"
        );
        let r = d
            .call("/api/tickets/sign_for", &format!("id={id}"), Some(&b))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let page = d.get(&format!("/tickets/{number}"), Some(&b)).await;
        assert!(!page.body.contains("5678"), "the page shows nothing of it");

        let a = d.session("handler-a").await;
        let r = d.call("/api/tickets/get", &get, Some(&a)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["caller_phone"], "138****5678");
        assert!(!r.body.contains("13812345678"));
        let r = d
            .call("/api/tickets/reveal", &format!("id={id}"), Some(&a))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "handlers have no reveal right"
        );
        let r = d
            .call("/api/tickets/sign_for", &format!("id={id}"), Some(&a))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        let r = d
            .call("/api/tickets/reveal", &format!("id={id}"), Some(&agent))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = d.call("/api/tickets/get", &get, Some(&agent)).await;
        assert_eq!(
            r.json()["caller_phone"],
            "13812345678",
            "revealed for this session"
        );
        let kinds: Vec<String> =
            d.db.store
                .timeline(id)
                .await
                .unwrap()
                .iter()
                .map(|e| e.event.as_ref().unwrap().kind().to_owned())
                .collect();
        assert!(kinds.contains(&"pii_viewed".to_string()), "{kinds:?}");

        // Searching by phone works and never echoes the number.
        let boss = d.session("boss").await;
        let r = d
            .call("/api/tickets/search", "q=13812345678", Some(&boss))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{}",
            r.status
        );
        let cookie = r.session_cookie().unwrap_or(boss.clone());
        let r = d.call("/api/tickets/last_search", "", Some(&cookie)).await;
        assert_eq!(
            r.json()["tickets"].as_array().map(Vec::len),
            Some(1),
            "{}",
            r.body
        );
        assert!(!r.body.contains("13812345678"));
    }
}

#[tokio::test]
async fn lookup_warns_of_repeat_callers_and_open_duplicates() {
    for d in desks().await {
        ticket_desk(&d).await;
        let agent = d.session("agent").await;
        for _ in 0..3 {
            let r = d
                .call("/api/tickets/register", REGISTER_FORM, Some(&agent))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let r = d
            .call(
                "/api/tickets/lookup",
                "phone=13812345678&category_id=2",
                Some(&agent),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{} {}", d.db.label, r.body);
        let v = r.json();
        assert_eq!(v["recent_count"], 3);
        assert_eq!(v["repeat_caller"], true);
        assert_eq!(v["duplicates"].as_array().map(Vec::len), Some(3));
        assert_eq!(v["tickets"][0]["caller_phone"], "138****5678");
        assert!(
            !r.body.contains("13812345678"),
            "the answer never carries the number"
        );
        let other = d
            .call("/api/tickets/lookup", "phone=13900000000", Some(&agent))
            .await
            .json();
        assert_eq!(other["repeat_caller"], false);
    }
}

#[tokio::test]
async fn admins_keep_the_catalogue_calendar_and_chain_others_cannot() {
    for d in desks().await {
        ticket_desk(&d).await;
        let admin = d.session("admin").await;
        let agent = d.session("agent").await;
        let form = "id=2&department_id=&required_skill=noise&hours_urgent=2&hours_high=8&hours_normal=24&hours_low=48&script=*choice%3A+%E7%B1%BB%E5%9E%8B+%7C+%E6%96%BD%E5%B7%A5+%2F+%E7%94%9F%E6%B4%BB&replies=";
        assert_eq!(
            d.call("/api/admin/save_category", form, Some(&agent))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let bad = d
            .call(
                "/api/admin/save_category",
                &form.replace("choice", "nonsense"),
                Some(&admin),
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            d.db.label
        );
        assert_eq!(bad.json()["field"], "script");
        // A new department and deadlines: the catalogue point of the review gate.
        let asked = d.call("/api/admin/save_category", form, Some(&admin)).await;
        assert_eq!(asked.status, StatusCode::FORBIDDEN, "{}", asked.body);
        assert_eq!(asked.json()["kind"], "review_requested");
        let unchanged = d.db.store.category(2).await.unwrap().unwrap();
        assert_eq!(unchanged.hours, [4, 16, 40, 80], "{}", d.db.label);
        let officer = add_account(&d, "officer", "centre", Role::Compliance).await;
        let decision = format!(
            "id={}&compliance=pass&risk=pass&operation=pass&conclusion=approve",
            asked.json()["id"]
        );
        let ok = d
            .call("/api/reviews/decide", &decision, Some(&officer))
            .await;
        assert!(ok.status.is_success(), "{} {}", ok.status, ok.body);
        let c = d.db.store.category(2).await.unwrap().unwrap();
        assert_eq!(
            (c.department_id, c.required_skill.as_str(), c.hours),
            (None, "noise", [2, 8, 24, 48])
        );
        assert_eq!(c.script[0].choices, vec!["施工", "生活"]);

        let bad = d
            .call(
                "/api/admin/save_settings",
                "day_start=18:00&day_end=09:00&sign_for_hours=2&archive_after_days=30",
                Some(&admin),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.json()["field"], "day_end");
        let ok = d.call("/api/admin/save_settings", "day_start=08:30&day_end=17:30&weekend%5B7%5D=on&sign_for_hours=3&archive_after_days=10", Some(&admin)).await;
        assert!(ok.status.is_success(), "{}", ok.body);
        let ok = d
            .call(
                "/api/admin/put_day",
                "day=2026-10-01&kind=holiday&name=%E5%9B%BD%E5%BA%86",
                Some(&admin),
            )
            .await;
        assert!(ok.status.is_success(), "{}", ok.body);
        let s = d.db.store.desk_settings().await.unwrap();
        assert_eq!(
            (
                s.calendar.day_start_minute,
                s.calendar.weekend.clone(),
                s.sign_for_hours
            ),
            (510, vec![7], 3)
        );
        assert!(!s.calendar.is_working_day("2026-10-01".parse().unwrap()));

        // A manual assignment needs its reason.
        let with_answer = format!("{REGISTER_FORM}&answers%5Bc2_q0%5D=%E6%96%BD%E5%B7%A5");
        let r = d
            .call("/api/tickets/register", &with_answer, Some(&agent))
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "the new required question is answered: {}",
            r.body
        );
        let boss = d.session("boss").await;
        let r = d
            .call("/api/tickets/assign", "id=1&target=d2&reason=", Some(&boss))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["field"], "reason");

        assert_eq!(
            d.call("/api/admin/verify_chain", "", Some(&agent))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let r = d.call("/api/admin/verify_chain", "", Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.json()["problem"].is_null());
        assert!(r.json()["checked"].as_u64().unwrap() >= 2);
    }
}

#[tokio::test]
async fn the_board_the_bell_and_the_stream_check_the_session_and_the_role() {
    for d in desks().await {
        let label = d.db.label;
        // Not signed in: no stream, no board, no inbox.
        assert_eq!(
            d.get_api("/api/events", None).await.status,
            StatusCode::UNAUTHORIZED,
            "{label}"
        );
        assert_eq!(
            d.get_api("/api/board/get", None).await.status,
            StatusCode::UNAUTHORIZED,
            "{label}"
        );
        let agent = d.session("agent").await;
        // Agents have no board; everyone has a bell; only handlers have an on-duty switch.
        assert_eq!(
            d.get_api("/api/board/get", Some(&agent)).await.status,
            StatusCode::FORBIDDEN,
            "{label}"
        );
        let inbox = d.get_api("/api/inbox", Some(&agent)).await;
        assert_eq!(inbox.status, StatusCode::OK, "{label}");
        assert_eq!(inbox.json()["unread"], 0, "{label}");
        assert!(inbox.json()["on_duty"].is_null(), "{label}");
        let duty = d.call("/api/on_duty", "on=false", Some(&agent)).await;
        assert_eq!(duty.status, StatusCode::FORBIDDEN, "{label}");
        // Bulk assignment is a change: cross-site posts are refused, agents may not.
        let bulk = d
            .call(
                "/api/board/bulk_assign",
                "ids[0]=1&target=d1&reason=x理由",
                Some(&agent),
            )
            .await;
        assert!(bulk.status.is_client_error(), "{label}: {}", bulk.status);
    }
}

#[tokio::test]
async fn the_report_and_its_exports_check_the_session_the_role_and_mask_by_default() {
    for d in desks().await {
        let label = d.db.label;
        ticket_desk(&d).await;
        let agent = d.session("agent").await;
        let reg = d
            .call("/api/tickets/register", REGISTER_FORM, Some(&agent))
            .await;
        assert!(
            reg.status.is_success(),
            "{label}: {} {}",
            reg.status,
            reg.body
        );
        let now = chrono::Utc::now().timestamp_millis();
        let today = app::report::service::local_day(&chrono_tz::Asia::Shanghai, now);
        let export = |format: &str, list: &str| {
            format!("/api/report/export?date={today}&format={format}&list={list}")
        };
        // Not signed in: 401; an agent reads no report: 403.
        for path in [
            format!("/api/report/get?date={today}"),
            export("csv", "report"),
        ] {
            assert_eq!(
                d.get_api(&path, None).await.status,
                StatusCode::UNAUTHORIZED,
                "{label}"
            );
            assert_eq!(
                d.get_api(&path, Some(&agent)).await.status,
                StatusCode::FORBIDDEN,
                "{label}: {path}"
            );
        }
        let boss = d.session("boss").await;
        let r = d
            .get_api(&format!("/api/report/get?date={today}"), Some(&boss))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
        assert_eq!(r.json()["report"]["received"], 1, "{label}");
        assert_eq!(r.json()["report"]["date"], today.to_string());
        let bad = d
            .get_api("/api/report/get?date=2026-13-40", Some(&boss))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(bad.json()["field"], "date");
        let bad = d.get_api(&export("pdf", "report"), Some(&boss)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{label}");
        // The report as CSV and XLSX.
        let csv = d.get_api(&export("csv", "report"), Some(&boss)).await;
        assert_eq!(csv.status, StatusCode::OK, "{label}");
        assert!(csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        assert!(csv.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"hotline-report-"));
        assert!(
            csv.body.starts_with("\u{feff}metric,key,value\n"),
            "{label}"
        );
        assert!(csv.body.contains("\nreceived,,1\n"), "{label}");
        let xlsx = d.get_api(&export("xlsx", "report"), Some(&boss)).await;
        assert!(xlsx.body.starts_with("PK"), "{label}: a zip");
        // The ticket list is masked; unmasked is a POST, same-origin only, recorded.
        let masked = d.get_api(&export("csv", "tickets"), Some(&boss)).await;
        assert!(
            masked.body.contains("138****5678") && masked.body.contains("王*"),
            "{label}"
        );
        assert!(!masked.body.contains("13812345678"), "{label}");
        let form = format!("date={today}&format=csv&list=tickets");
        let cross = d
            .send(
                Request::post("/api/report/export")
                    .header(header::HOST, HOST)
                    .header(header::ORIGIN, "http://evil.test")
                    .header(header::COOKIE, &boss)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form.clone()))
                    .unwrap(),
            )
            .await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN, "{label}");
        let viewed = "SELECT COUNT(*) FROM ticket_events WHERE kind = 'pii_viewed'";
        assert_eq!(testing::scalar(&d.db.store, viewed).await, 0);
        // An unmasked export says what it is for, and is a point of the review gate: it
        // becomes a review request (303 to its page) and writes no file until approved.
        let bare = d.call("/api/report/export", &form, Some(&boss)).await;
        assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(bare.json()["field"], "reason");
        let form = format!("{form}&reason=%E6%A0%B8%E6%9F%A5%E5%9B%9E%E8%AE%BF");
        let asked = d.call("/api/report/export", &form, Some(&boss)).await;
        assert_eq!(
            asked.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            asked.body
        );
        let page = asked.headers[header::LOCATION].to_str().unwrap().to_owned();
        let review: i64 = page.trim_start_matches("/reviews/").parse().unwrap();
        assert!(!asked.body.contains("13812345678"), "{label}");
        assert_eq!(testing::scalar(&d.db.store, viewed).await, 0, "{label}");
        let grant = format!("review={review}");
        let early = d.call("/api/report/export", &grant, Some(&boss)).await;
        assert_eq!(
            early.status,
            StatusCode::CONFLICT,
            "{label}: not approved yet"
        );
        // Only compliance records the review (the supervisor cannot approve it).
        let officer = add_account(&d, "officer", "centre", Role::Compliance).await;
        let decision =
            format!("id={review}&compliance=pass&risk=pass&operation=pass&conclusion=approve");
        let r = d.call("/api/reviews/decide", &decision, Some(&boss)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call("/api/reviews/decide", &decision, Some(&officer))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label}: {}",
            r.body
        );
        let full = d.call("/api/report/export", &grant, Some(&boss)).await;
        assert_eq!(full.status, StatusCode::OK, "{label}: {}", full.body);
        assert!(full.body.contains("13812345678"), "{label}");
        assert_eq!(
            testing::scalar(&d.db.store, viewed).await,
            1,
            "{label}: recorded"
        );
        let again = d.call("/api/report/export", &grant, Some(&boss)).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{label}: once");
        // Only an administrator turns a point off; then the export is immediate (and still
        // recorded).
        let points = "on%5Bcatalogue%5D=1&limit_days=10";
        let r = d
            .call("/api/reviews/save_points", points, Some(&boss))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let admin = d.session("admin").await;
        let r = d
            .call("/api/reviews/save_points", points, Some(&admin))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label}: {}",
            r.body
        );
        let direct = d.call("/api/report/export", &form, Some(&boss)).await;
        assert_eq!(direct.status, StatusCode::OK, "{label}: {}", direct.body);
        assert!(direct.body.contains("13812345678"), "{label}");
        assert_eq!(testing::scalar(&d.db.store, viewed).await, 2, "{label}");
        let handler = d.session("handler-a").await;
        let refused = d.call("/api/report/export", &form, Some(&handler)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label}");
        // The requester reads their request; a handler does not see it.
        let mine = d
            .get_api(&format!("/api/reviews/detail?id={review}"), Some(&boss))
            .await;
        assert_eq!(mine.json()["request"]["state"], "approved", "{label}");
        let other = d
            .get_api(&format!("/api/reviews/detail?id={review}"), Some(&handler))
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{label}");
    }
}

/// A signed-in account with one role in the department with `dept_code`: its session.
async fn add_account(d: &Desk, login: &str, dept_code: &str, role: Role) -> String {
    let dept =
        d.db.store
            .department_by_code(dept_code)
            .await
            .unwrap()
            .unwrap()
            .id;
    insert_staff(d, login, dept, role).await;
    d.session(login).await
}

/// The risk desk: `ticket_desk`'s two departments, a compliance officer, the first
/// department's lead (who owns the risk) and its handler (who does not).
async fn risk_desk(d: &Desk) -> (i64, i64) {
    ticket_desk(d).await;
    let s = &d.db.store;
    let centre = s.department_by_code("centre").await.unwrap().unwrap().id;
    let a = s.department_by_code("cg").await.unwrap().unwrap().id;
    insert_staff(d, "officer", centre, Role::Compliance).await;
    let lead = insert_staff(d, "lead-a", a, Role::DeptLead).await;
    (a, lead)
}

/// Records risk `code` of department `dept`, owned by `owner`, as the compliance officer.
async fn record_desk_risk(d: &Desk, code: &str, dept: i64, owner: i64) -> i64 {
    let s = &d.db.store;
    let officer = s.account_id_by_login("officer").await.unwrap().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    s.record_risk(&risk_facts(code, dept, owner), officer, 1, day)
        .await
        .unwrap()
}

/// A risk of department `dept` owned by `owner`, for the risk tests.
fn risk_facts(code: &str, dept: i64, owner: i64) -> app::risk::RiskFacts {
    app::risk::RiskFacts {
        code: code.into(),
        title: "隐私泄露".into(),
        risk_type: app::domain::risk::RiskType::InfoSecurity,
        description: String::new(),
        conduct: app::domain::risk::Conduct::PrivacyLeak,
        department_id: dept,
        owner_id: owner,
        controls: vec![],
        inherent: app::domain::risk::Rating::new(3, 3).unwrap(),
        residual: app::domain::risk::Rating::new(2, 3).unwrap(),
        residual_justification: String::new(),
        treatment: app::domain::risk::Treatment::Mitigate,
        accept_approver_id: None,
        accept_until: None,
    }
}

#[tokio::test]
async fn the_risk_list_checks_rights_and_refuses_bad_input_on_its_field() {
    for d in desks().await {
        let label = d.db.label;
        let (dept, lead) = risk_desk(&d).await;
        let officer = d.session("officer").await;
        let form = format!(
            "code=r-t-01&title=%E6%B3%84%E9%9C%B2%E9%9A%90%E7%A7%81&risk_type=info_security\
             &conduct=privacy_leak&department_id={dept}&owner_id={lead}\
             &controls=%E5%8F%B7%E7%A0%81%E8%84%B1%E6%95%8F+%7C+%E7%B3%BB%E7%BB%9F+%7C+%E5%AE%9E%E6%97%B6\
             &inherent_likelihood=4&inherent_impact=5&residual_likelihood=2&residual_impact=5\
             &residual_justification=&treatment=mitigate&accept_approver_id=&accept_until="
        );
        let count = || async { testing::scalar(&d.db.store, "SELECT COUNT(*) FROM risks").await };
        for (bad, field) in [
            (
                form.replace("inherent_likelihood=4", "inherent_likelihood=6"),
                "inherent_likelihood",
            ),
            (
                form.replace(&format!("owner_id={lead}"), "owner_id="),
                "owner_id",
            ),
            (form.replace(&format!("&owner_id={lead}"), ""), "owner_id"),
            (
                form.replace(&format!("owner_id={lead}"), "owner_id=999999"),
                "owner_id",
            ),
            (
                form.replace("residual_likelihood=2", "residual_likelihood=5"),
                "residual_justification",
            ),
            (
                form.replace("treatment=mitigate", "treatment=accept"),
                "accept_approver_id",
            ),
            // A lead is no approver: only the leading group (supervisors) accepts a risk.
            (
                form.replace("treatment=mitigate", "treatment=accept")
                    .replace(
                        "accept_approver_id=&accept_until=",
                        &format!("accept_approver_id={lead}&accept_until=2099-01-01"),
                    ),
                "accept_approver_id",
            ),
            (form.replace("code=r-t-01", "code="), "code"),
        ] {
            let r = d.call("/api/risks/save", &bad, Some(&officer)).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {field}: {}",
                r.body
            );
            assert_eq!(r.json()["field"], field, "{label}");
        }
        assert_eq!(count().await, 0, "{label}: nothing written");

        // Only compliance keeps the list.
        let lead_session = d.session("lead-a").await;
        let r = d.call("/api/risks/save", &form, Some(&lead_session)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d.call("/api/risks/save", &form, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{label}");
        let ok = d.call("/api/risks/save", &form, Some(&officer)).await;
        assert!(
            ok.status.is_success() || ok.status.is_redirection(),
            "{label} {} {}",
            ok.status,
            ok.body
        );
        assert_eq!(count().await, 1, "{label}");
        let id = testing::scalar(&d.db.store, "SELECT id FROM risks").await;
        let get = format!("id={id}");

        // The owner's lead and supervisors read it; another department's handler gets 404.
        let r = d.call("/api/risks/get", &get, Some(&lead_session)).await;
        assert_eq!(r.status, StatusCode::OK, "{label} {}", r.body);
        assert_eq!(r.json()["risk"]["facts"]["code"], "R-T-01");
        assert_eq!(r.json()["can_manage"], false);
        let boss = d.session("boss").await;
        assert_eq!(
            d.call("/api/risks/get", &get, Some(&boss)).await.status,
            StatusCode::OK
        );
        let other = d.session("handler-b").await;
        let r = d.call("/api/risks/get", &get, Some(&other)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        assert!(!r.body.contains("R-T-01"));
        let r = d.call("/api/risks/list", "", Some(&other)).await;
        assert_eq!(r.status, StatusCode::OK, "{label} {}", r.body);
        assert_eq!(r.json()["total"], 0, "{label}: not on their list");
        let page = d.get(&format!("/risks/{id}"), Some(&other)).await;
        assert!(!page.body.contains("R-T-01"), "{label}: nor on the page");
        let r = d
            .call("/api/risks/list", "map=residual&l=2&i=5", Some(&boss))
            .await;
        assert_eq!(
            r.json()["risks"].as_array().map(Vec::len),
            Some(1),
            "{label}: the cell"
        );
        let r = d
            .call("/api/risks/list", "map=residual&l=4&i=5", Some(&boss))
            .await;
        assert_eq!(
            r.json()["risks"].as_array().map(Vec::len),
            Some(0),
            "{label}: another cell"
        );
        assert_eq!(
            r.json()["residual_map"][1][4],
            1,
            "{label}: the map counts it"
        );

        // Reviews: the new risk's is 90 days away; one recorded long ago is due.
        let r = d.call("/api/risks/list", "review=due", Some(&boss)).await;
        assert_eq!(
            r.json()["risks"].as_array().map(Vec::len),
            Some(0),
            "{label}"
        );
        let mut old = d.db.store.risk(id).await.unwrap().unwrap().facts;
        old.code = "R-T-OLD".into();
        let long_ago = chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap();
        d.db.store
            .record_risk(&old, lead, 1, long_ago)
            .await
            .unwrap();
        let r = d.call("/api/risks/list", "review=due", Some(&boss)).await;
        let body = r.json();
        let due: Vec<&str> = body["risks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["facts"]["code"].as_str().unwrap())
            .collect();
        assert_eq!(due, ["R-T-OLD"], "{label}: only the one due");

        // Its lifecycle: compliance only, one step at a time.
        let r = d
            .call(
                "/api/risks/move",
                &format!("id={id}&to=treated"),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}");
        let r = d
            .call(
                "/api/risks/move",
                &format!("id={id}&to=assessed"),
                Some(&lead_session),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/risks/move",
                &format!("id={id}&to=assessed"),
                Some(&officer),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d
            .call(
                "/api/risks/move",
                &format!("id={}&to=assessed", id + 100),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");

        // The matrix: admins only, checked on its field.
        let admin = d.session("admin").await;
        let matrix = "general_from=5&significant_from=10&major_from=26&review_low=360&review_general=180&review_significant=90&review_major=90";
        let r = d
            .call("/api/admin/save_risk_settings", matrix, Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call("/api/admin/save_risk_settings", matrix, Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "major_from");
        let ok = matrix.replace("major_from=26", "major_from=16");
        let r = d
            .call("/api/admin/save_risk_settings", &ok, Some(&admin))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d.call("/api/risks/get", &get, Some(&boss)).await;
        assert_eq!(
            r.json()["risk"]["inherent_grade"],
            "major",
            "{label}: 20 ≥ 16"
        );
        let r = d.call("/api/admin/verify_chain", "", Some(&admin)).await;
        assert!(r.json()["problem"].is_null(), "{label}");
        assert_eq!(
            r.json()["checked"],
            3,
            "{label}: two recorded, one assessed"
        );
    }
}

#[tokio::test]
async fn risk_checks_are_planned_by_compliance_and_recorded_by_their_checker() {
    for d in desks().await {
        let label = d.db.label;
        let (dept, lead) = risk_desk(&d).await;
        let s = &d.db.store;
        let officer_id = s.account_id_by_login("officer").await.unwrap().unwrap();
        let handler_b = s.account_id_by_login("handler-b").await.unwrap().unwrap();
        let mut facts = risk_facts("R-C-01", dept, lead);
        let today = chrono::Utc::now()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive();
        let risk = s.record_risk(&facts, officer_id, 1, today).await.unwrap();
        facts.code = "R-C-02".into();
        let officer = d.session("officer").await;
        let lead_session = d.session("lead-a").await;
        let plan = |checker: i64, first: String| {
            format!("risk_id={risk}&schedule=monthly&checker_id={checker}&first_due={first}")
        };
        // Only compliance plans; the checker must be someone who can see the risk; the first
        // day is not in the past.
        let r = d
            .call(
                "/api/risks/plan_check",
                &plan(lead, today.to_string()),
                Some(&lead_session),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/risks/plan_check",
                &plan(handler_b, today.to_string()),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "checker_id");
        let yesterday = today.pred_opt().unwrap().to_string();
        let r = d
            .call(
                "/api/risks/plan_check",
                &plan(lead, yesterday),
                Some(&officer),
            )
            .await;
        assert_eq!(r.json()["field"], "first_due", "{label}");
        let r = d
            .call(
                "/api/risks/plan_check",
                &plan(lead, today.to_string()),
                Some(&officer),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let plan_id = testing::scalar(s, "SELECT id FROM risk_check_plans").await;

        // The lead sees the task; another department's handler cannot record it (404).
        let r = d
            .call("/api/risks/my_checks", "", Some(&lead_session))
            .await;
        assert_eq!(
            r.json()["tasks"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );
        let check = format!(
            "plan_id={plan_id}&method=%E6%8A%BD%E6%9F%A5&result=problem_found&findings=&evidence="
        );
        let other = d.session("handler-b").await;
        let r = d
            .call("/api/risks/record_check", &check, Some(&other))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        // A problem found must be described: 422, and the ledger stays empty.
        let r = d
            .call("/api/risks/record_check", &check, Some(&lead_session))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "findings");
        assert_eq!(
            testing::scalar(s, "SELECT COUNT(*) FROM risk_checks").await,
            0
        );
        let described = check.replace(
            "findings=",
            "findings=%E6%9C%AA%E8%AF%B4%E6%98%8E%E7%90%86%E7%94%B1",
        );
        // … and comes with its rectification: by when, and what.
        let r = d
            .call("/api/risks/record_check", &described, Some(&lead_session))
            .await;
        assert_eq!(r.json()["field"], "rectify_by", "{label}");
        let described = format!("{described}&rectify_by={today}&measures=%E5%9F%B9%E8%AE%AD");
        let r = d
            .call("/api/risks/record_check", &described, Some(&lead_session))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d
            .call("/api/risks/get", &format!("id={risk}"), Some(&lead_session))
            .await;
        assert_eq!(
            r.json()["ledger"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );
        assert_eq!(r.json()["ledger"][0]["result"], "problem_found");
        assert_ne!(
            r.json()["plans"][0]["due_on"].as_str(),
            Some(today.to_string().as_str()),
            "{label}: the plan moved on"
        );

        // The rectification: the owner starts and submits it; only compliance verifies it,
        // and sending back needs a reason.
        assert_eq!(r.json()["rectifications"][0]["state"], "open", "{label}");
        let rect = r.json()["rectifications"][0]["id"].as_i64().unwrap();
        let mv = |to: &str, note: &str| format!("id={rect}&to={to}&note={note}");
        let r = d
            .call(
                "/api/risks/move_rectification",
                &mv("verified", ""),
                Some(&lead_session),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: owners do not verify"
        );
        let r = d
            .call(
                "/api/risks/move_rectification",
                &mv("in_progress", ""),
                Some(&officer),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: compliance does not do the work"
        );
        for to in ["in_progress", "submitted"] {
            let r = d
                .call(
                    "/api/risks/move_rectification",
                    &mv(to, ""),
                    Some(&lead_session),
                )
                .await;
            assert!(
                r.status.is_success() || r.status.is_redirection(),
                "{label} {to} {}",
                r.body
            );
        }
        let r = d
            .call(
                "/api/risks/move_rectification",
                &mv("submitted", ""),
                Some(&lead_session),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: already submitted");
        let r = d
            .call(
                "/api/risks/move_rectification",
                &mv("sent_back", ""),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "note");
        let r = d
            .call(
                "/api/risks/move_rectification",
                &mv("verified", ""),
                Some(&officer),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d
            .call("/api/risks/rectifications", "", Some(&officer))
            .await;
        assert_eq!(
            r.json()["open"].as_array().map(Vec::len),
            Some(0),
            "{label}: none left"
        );

        // 排查台账: the row for those who see the risk, under the filters, and as files.
        let entries = |r: &Reply| r.json()["entries"].as_array().cloned().unwrap_or_default();
        let r = d.call("/api/risks/ledger", "", Some(&lead_session)).await;
        assert_eq!(r.status, StatusCode::OK, "{label} {}", r.body);
        let rows = entries(&r);
        assert!(!rows.is_empty(), "{label}: this month's check");
        assert!(rows.iter().all(|e| e["risk_code"] == "R-C-01"), "{label}");
        let r = d.call("/api/risks/ledger", "", Some(&other)).await;
        assert_eq!(entries(&r).len(), 0, "{label}: not another department's");
        let r = d
            .call("/api/risks/ledger", "result=no_problem", Some(&officer))
            .await;
        assert!(
            entries(&r)
                .iter()
                .all(|e| e["row"]["result"] == "no_problem"),
            "{label}"
        );
        let r = d
            .call("/api/risks/ledger", "from=2026-02-30", Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "from", "{label}");
        let csv = d
            .get_api("/api/risks/ledger/export?format=csv", Some(&officer))
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{label} {}", csv.body);
        assert!(csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        assert!(csv.body.contains("checked_at,due_on,risk_code"), "{label}");
        assert!(csv.body.contains("R-C-01") && csv.body.contains("problem_found"));
        let xlsx = d
            .get_api("/api/risks/ledger/export?format=xlsx", Some(&officer))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK, "{label}");
        assert!(xlsx.body.starts_with("PK"), "{label}: a zip (XLSX) file");
        let theirs = d
            .get_api("/api/risks/ledger/export?format=csv", Some(&other))
            .await;
        assert!(
            !theirs.body.contains("R-C-01"),
            "{label}: not in their file"
        );
        let r = d
            .get_api("/api/risks/ledger/export?format=pdf", Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{label}");
        let r = d.get_api("/api/risks/ledger/export?format=csv", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{label}");
    }
}

#[tokio::test]
async fn warnings_are_read_by_who_sees_the_risk_and_decided_by_compliance_only() {
    use app::domain::warning::{reveals_finding, Thresholds};
    for d in desks().await {
        let label = d.db.label;
        let (dept, lead) = risk_desk(&d).await;
        let s = &d.db.store;
        let officer_id = s.account_id_by_login("officer").await.unwrap().unwrap();
        let facts = risk_facts("R-W-01", dept, lead);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let risk = s.record_risk(&facts, officer_id, 1, today).await.unwrap();
        let finding = reveals_finding(lead, today, 30, vec![], &Thresholds::default()).unwrap();
        let id = s
            .raise_warning(&finding, risk, &[], &[officer_id], 2)
            .await
            .unwrap()
            .unwrap();
        let dd = &d;
        let listed = |cookie: String| async move {
            let r = dd.call("/api/risks/warnings", "", Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()["items"].as_array().map(Vec::len).unwrap_or(0)
        };
        let officer = d.session("officer").await;
        assert_eq!(listed(officer.clone()).await, 1, "{label}: compliance");
        let inbox = d.get_api("/api/inbox", Some(&officer)).await;
        assert_eq!(inbox.status, StatusCode::OK, "{label} {}", inbox.body);
        let item = &inbox.json()["items"][0];
        assert_eq!(item["notice"]["kind"], "warning_raised", "{label}");
        assert_eq!(item["subject"], "R-W-01", "{label}");
        assert_eq!(item["href"], "/risks/warnings", "{label}");
        assert_eq!(
            listed(d.session("lead-a").await).await,
            1,
            "{label}: the owner"
        );
        assert_eq!(
            listed(d.session("boss").await).await,
            1,
            "{label}: a supervisor"
        );
        assert_eq!(
            listed(d.session("handler-b").await).await,
            0,
            "{label}: another department"
        );

        let decide = |form: String, cookie: String| async move {
            dd.call("/api/risks/decide_warning", &form, Some(&cookie))
                .await
        };
        let boss = d.session("boss").await;
        let r = decide(format!("id={id}&decision=confirm&note="), boss).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: only compliance decides"
        );
        let r = decide(format!("id={id}&decision=dismiss&note=+"), officer.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(
            r.json()["field"],
            "note",
            "{label}: a dismissal needs its reason"
        );
        let r = decide(format!("id={id}&decision=maybe&note="), officer.clone()).await;
        assert_eq!(r.json()["field"], "decision", "{label}");
        let r = decide("id=999999&decision=confirm&note=".into(), officer.clone()).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        assert_eq!(
            testing::scalar(
                s,
                "SELECT COUNT(*) FROM risk_warnings WHERE state = 'raised'"
            )
            .await,
            1,
            "{label}: nothing decided yet"
        );
        let r = decide(
            format!("id={id}&decision=dismiss&note=%E6%AD%A3%E5%B8%B8%E4%B8%9A%E5%8A%A1"),
            officer.clone(),
        )
        .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = decide(format!("id={id}&decision=confirm&note="), officer.clone()).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: decided once");

        // The thresholds: the admin's, each within its range.
        let th = "extensions=2&overdue_days=3&returns=2&reassigns=3&reveals_per_day=20\
                  &surge_percent=200&surge_min=10&repeat_tickets=3&repeat_days=30&fast_minutes=3";
        let admin = d.session("admin").await;
        let r = d
            .call("/api/admin/save_warning_thresholds", th, Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let bad = th.replace("surge_percent=200", "surge_percent=50");
        let r = d
            .call("/api/admin/save_warning_thresholds", &bad, Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "surge_percent", "{label}");
        let stricter = th.replace("reveals_per_day=20", "reveals_per_day=5");
        let r = d
            .call(
                "/api/admin/save_warning_thresholds",
                &stricter,
                Some(&admin),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        assert_eq!(s.warning_thresholds().await.unwrap().reveals_per_day, 5);
        // Running the rules by hand is compliance's.
        let r = d.call("/api/risks/run_warnings", "", Some(&admin)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d.call("/api/risks/run_warnings", "", Some(&officer)).await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
    }
}

#[tokio::test]
async fn warning_notices_are_published_by_compliance_and_acknowledged_by_their_recipients() {
    for d in desks().await {
        let label = d.db.label;
        let (dept, lead) = risk_desk(&d).await;
        let s = &d.db.store;
        let risk = record_desk_risk(&d, "R-NT-01", dept, lead).await;
        let deadline = (chrono::Utc::now() + chrono::Duration::days(5))
            .format("%Y-%m-%d")
            .to_string();
        let form = format!(
            "risk_id={risk}&title=%E5%A4%9C%E9%97%B4%E6%96%BD%E5%B7%A5&body=%E5%8A%A0%E5%BC%BA%E5%B7%A1%E6%9F%A5\
             &deadline={deadline}&to%5Bd{dept}%5D=1"
        );
        let officer = d.session("officer").await;
        let count = || async { testing::scalar(s, "SELECT COUNT(*) FROM risk_notices").await };
        for (bad, field) in [
            (
                form.replace("title=%E5%A4%9C%E9%97%B4%E6%96%BD%E5%B7%A5", "title="),
                "title",
            ),
            (form.replace(&deadline, "2020-01-01"), "deadline"),
            (
                form.replace(&format!("&to%5Bd{dept}%5D=1"), ""),
                "recipients",
            ),
        ] {
            let r = d
                .call("/api/risks/publish_notice", &bad, Some(&officer))
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {field}: {}",
                r.body
            );
            assert_eq!(r.json()["field"], field, "{label}");
        }
        assert_eq!(count().await, 0, "{label}: nothing written");
        let lead_session = d.session("lead-a").await;
        let r = d
            .call("/api/risks/publish_notice", &form, Some(&lead_session))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: compliance publishes"
        );
        let r = d
            .call("/api/risks/publish_notice", &form, Some(&officer))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let id = testing::scalar(s, "SELECT id FROM risk_notices").await;
        // Department a: its handler and its lead.
        let r = d
            .call("/api/risks/notice", &format!("id={id}"), Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label} {}", r.body);
        assert_eq!(r.json()["notice"]["recipients"], 2, "{label}");

        // A recipient reads and acknowledges it once; another department's handler gets 404.
        let handler = d.session("handler-a").await;
        let r = d
            .call("/api/risks/notice", &format!("id={id}"), Some(&handler))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert_eq!(r.json()["recipient"], true, "{label}");
        assert!(r.json()["acknowledged_at"].is_null(), "{label}");
        assert_eq!(
            r.json()["recipients"].as_array().map(Vec::len),
            Some(0),
            "{label}: a recipient who cannot see the risk is not shown who else has read it"
        );
        let other = d.session("handler-b").await;
        let r = d
            .call("/api/risks/notice", &format!("id={id}"), Some(&other))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        let r = d
            .call(
                "/api/risks/acknowledge_notice",
                &format!("id={id}"),
                Some(&other),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        let r = d
            .call(
                "/api/risks/acknowledge_notice",
                &format!("id={id}"),
                Some(&handler),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d
            .call(
                "/api/risks/acknowledge_notice",
                &format!("id={id}"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: once");
        let r = d
            .call("/api/risks/notice", &format!("id={id}"), Some(&officer))
            .await;
        assert_eq!(r.json()["notice"]["acknowledged"], 1, "{label}");
        assert_eq!(
            r.json()["recipients"]
                .as_array()
                .map(|a| a.iter().filter(|x| x["acknowledged_at"].is_null()).count()),
            Some(1),
            "{label}: the lead has not yet"
        );
    }
}

#[tokio::test]
async fn risk_events_are_seen_by_their_department_filed_by_it_and_plans_run_by_the_leading_group() {
    for d in desks().await {
        let label = d.db.label;
        let (dept, lead) = risk_desk(&d).await;
        let s = &d.db.store;
        let officer_id = s.account_id_by_login("officer").await.unwrap().unwrap();
        let boss_id = s.account_id_by_login("boss").await.unwrap().unwrap();
        let risk = record_desk_risk(&d, "R-EV-01", dept, lead).await;
        let ok = |r: &Reply| r.status.is_success() || r.status.is_redirection();
        let events =
            || async { testing::scalar(s, "SELECT COUNT(*) FROM risk_event_records").await };

        // The library is the administrator's; steps are checked row by row.
        let plan = "title=%E6%B3%84%E9%9C%B2%E9%A2%84%E6%A1%88&scope=x\
                    &steps%5B0%5D%5Bwhat%5D=%E5%B0%81%E5%AD%98&steps%5B0%5D%5Brole%5D=supervisor\
                    &steps%5B0%5D%5Bminutes%5D=30";
        let officer = d.session("officer").await;
        let admin = d.session("admin").await;
        let r = d.call("/api/admin/save_plan", plan, Some(&officer)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/admin/save_plan",
                &plan.replace("supervisor", "boss"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "steps", "{label}");
        let r = d.call("/api/admin/save_plan", plan, Some(&admin)).await;
        assert!(ok(&r), "{label} {}", r.body);
        let plan_id = testing::scalar(s, "SELECT id FROM emergency_plans").await;

        // Recording: each field checked, nothing written on a refusal.
        let form = format!(
            "risk_id={risk}&grade=general&title=%E9%80%80%E5%8D%95%E6%8E%A8%E8%AF%BF\
             &description=%E4%B8%89%E6%AC%A1%E9%80%80%E5%8D%95&department_id={dept}"
        );
        let handler = d.session("handler-a").await;
        for (bad, field) in [
            (form.replace("grade=general", "grade=huge"), "grade"),
            (
                form.replace(&format!("risk_id={risk}"), "risk_id=999999"),
                "risk_id",
            ),
            (form.replace("grade=general", "grade=major"), "plan_id"),
            (
                form.replace("title=%E9%80%80%E5%8D%95%E6%8E%A8%E8%AF%BF", "title="),
                "title",
            ),
        ] {
            let r = d
                .call("/api/risks/record_event", &bad, Some(&handler))
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {field}: {}",
                r.body
            );
            assert_eq!(r.json()["field"], field, "{label}");
        }
        assert_eq!(events().await, 0, "{label}: nothing written");
        let r = d
            .call("/api/risks/record_event", &form, Some(&handler))
            .await;
        assert!(ok(&r), "{label} {}", r.body);
        let general = testing::scalar(s, "SELECT MAX(id) FROM risk_event_records").await;
        let id = format!("id={general}");
        let r = d
            .call("/api/risks/event", &id, Some(&d.session("lead-a").await))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}: the department sees it");
        assert_eq!(r.json()["may_file"], true, "{label}");
        let other = d.session("handler-b").await;
        let r = d.call("/api/risks/event", &id, Some(&other)).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{label}: another department does not"
        );
        let filed = format!("{id}&result=%E5%B7%B2%E6%95%B4%E6%94%B9");
        let r = d.call("/api/risks/file_event", &filed, Some(&other)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        let r = d
            .call("/api/risks/file_event", &filed, Some(&officer))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: the department files, not compliance"
        );
        let r = d
            .call("/api/risks/file_event", &filed, Some(&handler))
            .await;
        assert!(ok(&r), "{label} {}", r.body);
        let r = d
            .call("/api/risks/file_event", &filed, Some(&handler))
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: once");
        let told = |user: i64, kind: &'static str| testing::notified(s, user, kind);
        assert_eq!(
            told(lead, "risk_event").await,
            1,
            "{label}: the department's lead"
        );
        assert_eq!(
            told(officer_id, "risk_event_filed").await,
            1,
            "{label}: compliance"
        );

        // Major: the plan runs at once and the leading group hears of it.
        let major = form.replace("grade=general", &format!("grade=major&plan_id={plan_id}"));
        let r = d
            .call("/api/risks/record_event", &major, Some(&handler))
            .await;
        assert!(ok(&r), "{label} {}", r.body);
        let major = testing::scalar(s, "SELECT MAX(id) FROM risk_event_records").await;
        assert_eq!(
            told(boss_id, "risk_event").await,
            1,
            "{label}: the supervisor"
        );
        let step = format!("id={major}&step=1&note=ok");
        let r = d.call("/api/risks/check_step", &step, Some(&handler)).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: a supervisor's step"
        );
        let report = format!("id={major}&kind=final&body=%E7%BB%93%E6%A1%88");
        let boss = d.session("boss").await;
        let r = d
            .call("/api/risks/report_event", &report, Some(&handler))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: handlers do not report"
        );
        let r = d
            .call("/api/risks/report_event", &report, Some(&boss))
            .await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "{label}: the initial report first"
        );
        for form in [step.clone(), report.replace("kind=final", "kind=initial")] {
            let path = if form.contains("step=") {
                "/api/risks/check_step"
            } else {
                "/api/risks/report_event"
            };
            let r = d.call(path, &form, Some(&boss)).await;
            assert!(ok(&r), "{label} {path} {}", r.body);
        }
        // Closing a major event is a point of the review gate: the final report waits for
        // compliance, and is recorded (closing the event) when approved.
        let r = d
            .call("/api/risks/report_event", &report, Some(&boss))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}: {}", r.body);
        assert_eq!(r.json()["kind"], "review_requested", "{label}");
        let review = r.json()["id"].as_i64().unwrap();
        let r = d
            .call("/api/risks/event", &format!("id={major}"), Some(&boss))
            .await;
        assert_eq!(r.json()["event"]["state"], "open", "{label}");
        let decision = format!(
            "id={review}&compliance=pass&risk=concern&risk_note=%E5%A4%8D%E6%9F%A5&operation=pass\
             &conclusion=approve_with_conditions&note=%E4%B8%80%E6%9C%88%E5%90%8E%E5%A4%8D%E6%9F%A5"
        );
        let r = d
            .call("/api/reviews/decide", &decision, Some(&officer))
            .await;
        assert!(ok(&r), "{label}: {}", r.body);
        let r = d
            .call("/api/risks/event", &format!("id={major}"), Some(&boss))
            .await;
        assert_eq!(r.json()["event"]["state"], "closed", "{label}");
        assert_eq!(
            r.json()["history"].as_array().map(Vec::len),
            Some(5),
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_department_plan_plans_each_of_its_open_risks_or_none() {
    for d in desks().await {
        let label = d.db.label;
        let (dept, lead) = risk_desk(&d).await;
        let s = &d.db.store;
        let officer_id = s.account_id_by_login("officer").await.unwrap().unwrap();
        let handler_b = s.account_id_by_login("handler-b").await.unwrap().unwrap();
        let other = s.department_by_code("sc").await.unwrap().map(|x| x.id);
        let today = app::report::service::local_day(
            &chrono_tz::Asia::Shanghai,
            chrono::Utc::now().timestamp_millis(),
        );
        for code in ["R-D-01", "R-D-02"] {
            s.record_risk(&risk_facts(code, dept, lead), officer_id, 1, today)
                .await
                .unwrap();
        }
        let officer = d.session("officer").await;
        let plans = || async { testing::scalar(s, "SELECT COUNT(*) FROM risk_check_plans").await };
        let form = |department: i64, checker: i64| {
            format!("department_id={department}&schedule=quarterly&checker_id={checker}&first_due={today}")
        };
        let r = d
            .call(
                "/api/risks/plan_check",
                &form(dept, handler_b),
                Some(&officer),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: cannot see them"
        );
        assert_eq!(r.json()["field"], "checker_id", "{label}");
        if let Some(other) = other {
            let r = d
                .call("/api/risks/plan_check", &form(other, lead), Some(&officer))
                .await;
            assert_eq!(
                r.json()["field"],
                "department_id",
                "{label}: no risks there"
            );
        }
        assert_eq!(plans().await, 0, "{label}: nothing written");
        let r = d
            .call("/api/risks/plan_check", &form(dept, lead), Some(&officer))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        assert_eq!(plans().await, 2, "{label}: one plan for each risk");
        let r = d
            .call("/api/risks/my_checks", "", Some(&d.session("lead-a").await))
            .await;
        assert_eq!(
            r.json()["tasks"].as_array().map(Vec::len),
            Some(2),
            "{label}"
        );
        assert!(
            r.json()["department_plan"].is_null(),
            "{label}: compliance plans"
        );
    }
}

#[tokio::test]
async fn policies_are_written_by_compliance_decided_by_their_approvers_and_acknowledged_by_their_audience(
) {
    for d in desks().await {
        let d = &d;
        let label = d.db.label;
        risk_desk(d).await;
        let s = &d.db.store;
        let centre = s.department_by_code("centre").await.unwrap().unwrap().id;
        let ok = |r: &Reply| r.status.is_success() || r.status.is_redirection();
        let documents =
            || async { testing::scalar(s, "SELECT COUNT(*) FROM policy_documents").await };
        let officer = d.session("officer").await;
        let handler = d.session("handler-a").await;
        let boss = d.session("boss").await;
        let form = format!(
            "title=Handbook&department_id={centre}&body=%23+Rules%0A%0AArticle+1&summary=First+issue\
             &roles%5Bhandler%5D=1&leadership_quorum=&department_quorum=&remind_days=3"
        );

        // Bad input: 422 on its field, nothing written; only compliance (and admins) write.
        for (bad, field) in [
            (form.replace("title=Handbook", "title="), "title"),
            (
                form.replace(&format!("department_id={centre}"), "department_id=99999"),
                "department_id",
            ),
            (
                form.replace("department_quorum=", "department_quorum=x"),
                "department_quorum",
            ),
            (
                form.replace("remind_days=3", "remind_days=0"),
                "remind_days",
            ),
        ] {
            let r = d.call("/api/policies/create", &bad, Some(&officer)).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {field}: {}",
                r.body
            );
            assert_eq!(r.json()["field"], field, "{label}");
        }
        let r = d.call("/api/policies/create", &form, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        assert_eq!(documents().await, 0, "{label}: nothing written");
        let r = d.call("/api/policies/create", &form, Some(&officer)).await;
        assert!(ok(&r), "{label} {}", r.body);
        let v = testing::scalar(s, "SELECT id FROM policy_versions").await;
        let version = |who: &str| {
            let who = who.to_owned();
            async move {
                d.call("/api/policies/version", &format!("id={v}"), Some(&who))
                    .await
            }
        };

        // A draft is the authors', the supervisors' and its approvers': 404 to anyone else.
        assert_eq!(
            version(&handler).await.status,
            StatusCode::NOT_FOUND,
            "{label}"
        );
        assert_eq!(version(&boss).await.status, StatusCode::OK, "{label}");
        let save = format!(
            "version_id={v}&body=%23+Rules%0A%0AArticle+1&summary=First+issue&roles%5Bhandler%5D=1"
        );
        let r = d
            .call(
                "/api/policies/save",
                &format!("{save}&submit=1"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/policies/save",
                &format!("{save}&submit=1"),
                Some(&officer),
            )
            .await;
        assert!(ok(&r), "{label} {}", r.body);
        assert_eq!(
            version(&boss).await.json()["version"]["brief"]["state"],
            "department_review",
            "{label}"
        );

        // The centre has no lead: the supervisor reviews, then approves for the leading group.
        let decide = |who: &str, form: &str| {
            let (who, form) = (who.to_owned(), format!("version_id={v}&{form}"));
            async move { d.call("/api/policies/decide", &form, Some(&who)).await }
        };
        assert_eq!(
            decide(&handler, "decision=approve").await.status,
            StatusCode::NOT_FOUND,
            "{label}"
        );
        let r = decide(&boss, "decision=send_back&comment=").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(
            r.json()["field"],
            "comment",
            "{label}: a send-back says why"
        );
        assert!(
            ok(&decide(&boss, "decision=approve&comment=ok").await),
            "{label}"
        );
        assert_eq!(
            version(&boss).await.json()["my_stage"],
            "leadership",
            "{label}"
        );
        assert!(ok(&decide(&boss, "decision=approve").await), "{label}");
        assert_eq!(
            decide(&boss, "decision=approve").await.status,
            StatusCode::CONFLICT,
            "{label}"
        );
        assert_eq!(
            version(&officer).await.json()["version"]["brief"]["state"],
            "approved",
            "{label}"
        );

        // Published by compliance; the handlers are asked to acknowledge, once each.
        let r = d
            .call(
                "/api/policies/publish",
                &format!("version_id={v}"),
                Some(&boss),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/policies/publish",
                &format!("version_id={v}"),
                Some(&officer),
            )
            .await;
        assert!(ok(&r), "{label} {}", r.body);
        let doc = testing::scalar(s, "SELECT id FROM policy_documents").await;
        let document = |who: &str| {
            let who = who.to_owned();
            async move {
                d.call("/api/policies/document", &format!("id={doc}"), Some(&who))
                    .await
            }
        };
        let r = document(&handler).await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert_eq!(r.json()["to_acknowledge"], true, "{label}");
        assert!(
            r.json()["coverage"].is_null(),
            "{label}: a handler is not shown who has read it"
        );
        assert!(
            r.json()["current_html"]
                .as_str()
                .unwrap_or("")
                .contains("<h1>Rules</h1>"),
            "{label}"
        );
        let ack = |who: &str| {
            let who = who.to_owned();
            async move {
                d.call(
                    "/api/policies/acknowledge",
                    &format!("version_id={v}"),
                    Some(&who),
                )
                .await
            }
        };
        assert!(ok(&ack(&handler).await), "{label}");
        assert_eq!(
            ack(&handler).await.status,
            StatusCode::CONFLICT,
            "{label}: once"
        );
        assert_eq!(
            ack(&boss).await.status,
            StatusCode::FORBIDDEN,
            "{label}: not in its audience"
        );
        let r = document(&officer).await;
        assert_eq!(r.json()["coverage"]["acknowledged"], 1, "{label}");
        assert_eq!(
            r.json()["coverage"]["total"],
            2,
            "{label}: handler-a and handler-b"
        );
        let r = d
            .call(
                "/api/policies/todo",
                "",
                Some(&d.session("handler-b").await),
            )
            .await;
        assert_eq!(
            r.json()["to_acknowledge"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );

        // The pages answer for anyone signed in.
        let r = d.get(&format!("/policies/{doc}"), Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(r.body.contains("Handbook"), "{label}");
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

/// Publishes a commitment letter for `post` through its stages (the supervisor "boss"
/// reviews and approves).
async fn publish_letter(d: &Desk, post: Role) -> i64 {
    use app::domain::policy::{Audience, Decision};
    let s = &d.db.store;
    let centre = s.department_by_code("centre").await.unwrap().unwrap().id;
    let officer = s.account_id_by_login("officer").await.unwrap().unwrap();
    let boss = s.account_id_by_login("boss").await.unwrap().unwrap();
    let audience = Audience {
        roles: vec![post],
        departments: vec![],
    };
    let draft = app::store::policies::Draft {
        body: "I commit",
        summary: "first",
        audience: &audience,
        department_quorum: 0,
        leadership_quorum: 0,
        remind_days: 3,
    };
    let (_, v) = s
        .create_policy("Letter", centre, Some(post), &draft, officer, 1)
        .await
        .unwrap();
    s.submit_policy(v, &[boss], officer, 2).await.unwrap();
    for at in [3, 4] {
        s.decide_policy(v, boss, Decision::Approve, "", &[boss], at)
            .await
            .unwrap();
    }
    let people = app::policies::service::People::load(s).await.unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    s.publish_policy(v, &people.audience(&audience), officer, 5, day)
        .await
        .unwrap();
    v
}

#[tokio::test]
async fn a_post_without_its_signed_letter_reads_but_every_ticket_action_is_refused() {
    for d in desks().await {
        let d = &d;
        let label = d.db.label;
        risk_desk(d).await;
        let s = &d.db.store;
        let agent = d.session("agent").await;
        let handler = d.session("handler-a").await;
        let r = d
            .call("/api/tickets/register", REGISTER_FORM, Some(&agent))
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{label}: no letter in force yet {}",
            r.body
        );
        let number = r.json().as_str().unwrap().to_owned();
        let id = testing::scalar(s, "SELECT id FROM tickets").await;
        let letter = publish_letter(d, Role::Agent).await;
        publish_letter(d, Role::Handler).await;
        let tickets = || testing::scalar(s, "SELECT COUNT(*) FROM ticket_events");
        let before = tickets().await;

        // Every action of either post: 403 commitment_required, nothing written.
        let agent_calls = [
            ("/api/tickets/register", REGISTER_FORM.to_owned()),
            ("/api/tickets/reveal", format!("id={id}")),
            ("/api/tickets/link_call", format!("id={id}&note=again")),
            ("/api/tickets/note", format!("id={id}&text=called+back")),
            (
                "/api/tickets/callback",
                format!("id={id}&outcome=satisfied&told=done"),
            ),
        ];
        let handler_calls = [
            ("/api/tickets/sign_for", format!("id={id}")),
            (
                "/api/tickets/return",
                format!("id={id}&reason=not+ours+at+all"),
            ),
            (
                "/api/tickets/resolve",
                format!("id={id}&result=fixed+it+today"),
            ),
            ("/api/tickets/note", format!("id={id}&text=on+site")),
        ];
        for (who, calls) in [(&agent, &agent_calls[..]), (&handler, &handler_calls[..])] {
            for (path, form) in calls {
                let r = d.call(path, form, Some(who)).await;
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{label} {path}: {}",
                    r.body
                );
                assert_eq!(r.json()["kind"], "commitment_required", "{label} {path}");
            }
        }
        assert_eq!(tickets().await, before, "{label}: nothing written");

        // Reading goes on.
        let r = d
            .call(
                "/api/tickets/get",
                &format!("number={number}"),
                Some(&agent),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
        let r = d.get(&format!("/tickets/{number}"), Some(&agent)).await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        let r = d.call("/api/policies/todo", "", Some(&agent)).await;
        assert_eq!(
            r.json()["to_sign"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );

        // Signing: the name on the account, once; then the same calls work.
        let sign = |name: &str| format!("version_id={letter}&full_name={name}");
        let r = d
            .call("/api/policies/sign", &sign("somebody"), Some(&agent))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "full_name", "{label}");
        assert_eq!(r.json()["problem"], "name_mismatch", "{label}");
        let r = d
            .call("/api/policies/sign", &sign("agent"), Some(&handler))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: not the handler's post"
        );
        let r = d
            .call("/api/policies/sign", &sign("agent"), Some(&agent))
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d
            .call("/api/policies/sign", &sign("agent"), Some(&agent))
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: once");
        let r = d
            .call("/api/tickets/register", REGISTER_FORM, Some(&agent))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
        let r = d
            .call(
                "/api/tickets/link_call",
                &format!("id={id}&note=again"),
                Some(&agent),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{label} {}",
            r.body
        );
        let r = d
            .call("/api/tickets/sign_for", &format!("id={id}"), Some(&handler))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: the handler has not signed"
        );
        assert_eq!(r.json()["kind"], "commitment_required", "{label}");
        let address = testing::text(s, "SELECT address FROM commitment_signatures").await;
        assert!(!address.is_empty(), "{label}: the address is kept");
    }
}

#[tokio::test]
async fn exams_are_drawn_and_scored_on_the_server_and_only_their_owner_sees_them() {
    for d in desks().await {
        let label = d.db.label;
        ticket_desk(&d).await;
        let s = &d.db.store;
        let officer = add_account(&d, "officer", "centre", Role::Compliance).await;
        let handler = d.session("handler-a").await;
        let other = d.session("handler-b").await;
        let ok = |r: &Reply| r.status.is_success() || r.status.is_redirection();
        // Two true/false questions, both true: the right answer is the first option, in
        // whatever order they are drawn.
        let form = "title=%E6%9C%8D%E5%8A%A1%E8%A7%84%E8%8C%83&tier=front_line\
                    &roles%5Bhandler%5D=1&materials=%23+%E8%A7%84%E8%8C%83\
                    &questions_text=%5Btrue_false%5D+%E9%A2%98%E4%B8%80%0A%3D+true%0A\
                    %5Btrue_false%5D+%E9%A2%98%E4%BA%8C%0A%3D+true\
                    &questions_per_attempt=2&pass_mark=100&max_attempts=0&valid_months=12";
        let r = d.call("/api/training/save", form, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}: authors only");
        let bad = form.replace("%3D+true%0A", "%3D+maybe%0A");
        let r = d.call("/api/training/save", &bad, Some(&officer)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "questions_text");
        let r = d.call("/api/training/save", form, Some(&officer)).await;
        assert!(ok(&r), "{label}: {}", r.body);
        let course = testing::scalar(s, "SELECT MAX(id) FROM courses").await;
        let r = d
            .call(
                "/api/training/start",
                &format!("id={course}"),
                Some(&handler),
            )
            .await;
        assert!(ok(&r), "{label}: {}", r.body);
        let attempt = testing::scalar(s, "SELECT MAX(id) FROM exam_attempts").await;
        let paper = d
            .get_api(&format!("/api/training/exam?id={attempt}"), Some(&handler))
            .await;
        assert_eq!(paper.status, StatusCode::OK, "{label}");
        assert_eq!(paper.json()["questions"].as_array().map(Vec::len), Some(2));
        assert!(!paper.body.contains("answer"), "{label}: {}", paper.body);
        let course_page = d
            .get_api(&format!("/api/training/course?id={course}"), Some(&handler))
            .await;
        assert!(!course_page.body.contains("answer"), "{label}");
        assert!(
            !course_page.body.contains("题一"),
            "{label}: no bank on the page"
        );
        let theirs = d
            .get_api(&format!("/api/training/exam?id={attempt}"), Some(&other))
            .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{label}");
        let submit = format!("id={attempt}&answers%5Bq0%5D=0&answers%5Bq1%5D=0");
        let r = d.call("/api/training/submit", &submit, Some(&other)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        let r = d
            .call("/api/training/submit", &submit, Some(&handler))
            .await;
        assert!(ok(&r), "{label}: {}", r.body);
        let passed = testing::scalar(
            s,
            &format!("SELECT score * passed FROM exam_attempts WHERE id = {attempt}"),
        )
        .await;
        assert_eq!(passed, 100, "{label}");
        let r = d
            .call("/api/training/submit", &submit, Some(&handler))
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: once");
        let page = d
            .get_api(&format!("/api/training/course?id={course}"), Some(&handler))
            .await;
        assert_eq!(page.json()["brief"]["standing"], "done", "{label}");
    }
}

#[tokio::test]
async fn violations_are_seen_by_their_person_and_department_and_a_withdrawal_counts_no_points() {
    for d in desks().await {
        let label = d.db.label;
        ticket_desk(&d).await;
        let s = &d.db.store;
        let officer = add_account(&d, "officer", "centre", Role::Compliance).await;
        let lead = add_account(&d, "lead-a", "cg", Role::DeptLead).await;
        let handler = d.session("handler-a").await;
        let other = d.session("handler-b").await;
        let boss = d.session("boss").await;
        let person = testing::scalar(s, "SELECT id FROM users WHERE login = 'handler-a'").await;
        let ok = |r: &Reply| r.status.is_success() || r.status.is_redirection();
        let form = format!(
            "person={person}&conduct=stalling&facts=%E7%AD%BE%E6%94%B6%E5%90%8E%E4%B8%89%E6%97%A5%E6%9C%AA%E8%81%94%E7%B3%BB&severity=general&discipline=warning&fine=200"
        );
        // Handlers propose nothing; a missing grade is a field error; nothing is written.
        let r = d.call("/api/violations/propose", &form, Some(&other)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/violations/propose",
                &form.replace("&severity=general", ""),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "severity");
        let r = d
            .call(
                "/api/violations/propose",
                &format!("{form}&tickets=NO-SUCH-1"),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "tickets");
        assert_eq!(
            testing::scalar(s, "SELECT COUNT(*) FROM violations").await,
            0
        );
        let r = d
            .call("/api/violations/propose", &form, Some(&officer))
            .await;
        assert!(ok(&r), "{label}: {}", r.body);
        let first = testing::scalar(s, "SELECT MAX(id) FROM violations").await;
        assert_eq!(
            testing::scalar(
                s,
                &format!("SELECT fine_fen FROM violations WHERE id = {first}")
            )
            .await,
            20_000,
            "{label}"
        );

        // The person sees their own, a colleague nothing, their lead the department's.
        let d = &d;
        let list = |c: String| async move { d.get_api("/api/violations", Some(&c)).await.json() };
        assert_eq!(
            list(handler.clone()).await["items"]
                .as_array()
                .map(Vec::len),
            Some(1),
            "{label}"
        );
        assert_eq!(
            list(other.clone()).await["items"].as_array().map(Vec::len),
            Some(0),
            "{label}"
        );
        assert_eq!(
            list(lead.clone()).await["items"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );
        let theirs = d
            .get_api(&format!("/api/violations/detail?id={first}"), Some(&other))
            .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{label}");
        let r = d.get_api("/api/violations", None).await;
        assert!(r.status.is_client_error(), "{label}: {}", r.status);

        // Notified, appealed, and withdrawn by the leading group: the record stays.
        let id = format!("id={first}");
        let r = d.call("/api/violations/notify", &id, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        assert!(ok(&d
            .call("/api/violations/notify", &id, Some(&officer))
            .await));
        let r = d
            .call(
                "/api/violations/appeal",
                &format!("{id}&text=%E5%BD%93%E5%A4%A9%E7%B3%BB%E7%BB%9F%E6%95%85%E9%9A%9C"),
                Some(&handler),
            )
            .await;
        assert!(ok(&r), "{label}: {}", r.body);
        let decide = format!("{id}&outcome=withdrawn&reason=%E6%83%85%E5%86%B5%E5%B1%9E%E5%AE%9E");
        let r = d.call("/api/violations/decide", &decide, Some(&lead)).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{label}: a lead is not the leading group"
        );
        let r = d.call("/api/violations/decide", &decide, Some(&boss)).await;
        assert!(ok(&r), "{label}: {}", r.body);
        let r = d.call("/api/violations/decide", &decide, Some(&boss)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: decided once");

        // A second one, notified three weeks ago and never appealed: final, it counts.
        let r = d
            .call(
                "/api/violations/propose",
                &form.replace("general", "minor"),
                Some(&officer),
            )
            .await;
        assert!(ok(&r), "{label}: {}", r.body);
        let second = testing::scalar(s, "SELECT MAX(id) FROM violations").await;
        let boss_id = testing::scalar(s, "SELECT id FROM users WHERE login = 'boss'").await;
        let past = chrono::Utc::now().timestamp_millis() - 21 * 86_400_000;
        s.notify_violation(second, past + 7 * 86_400_000, boss_id, past)
            .await
            .unwrap();
        let mine = list(handler.clone()).await;
        assert_eq!(mine["items"].as_array().map(Vec::len), Some(2), "{label}");
        assert_eq!(
            mine["my_points"], 2,
            "{label}: the withdrawn one counts nothing"
        );
        let withdrawn = d
            .get_api(
                &format!("/api/violations/detail?id={first}"),
                Some(&handler),
            )
            .await
            .json();
        assert_eq!(withdrawn["violation"]["outcome"], "withdrawn", "{label}");
        assert_eq!(withdrawn["violation"]["penalty"]["points"], 5, "{label}");
        assert_eq!(
            withdrawn["steps"].as_array().map(Vec::len),
            Some(4),
            "{label}"
        );
        let r = d
            .call(
                "/api/violations/appeal",
                &format!("id={second}&text=%E8%BF%9F%E5%88%B0%E7%9A%84%E7%94%B3%E8%AF%89"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{label}: the window closed");

        // Only admins change the scheme; a scheme where serious costs less is refused.
        let scheme = "minor_points=1&general_points=4&serious_points=8&appeal_days=3";
        let r = d
            .call("/api/violations/save_scheme", scheme, Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let admin = d.session("admin").await;
        let r = d
            .call(
                "/api/violations/save_scheme",
                "minor_points=5&general_points=4&serious_points=8&appeal_days=3",
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(ok(&d
            .call("/api/violations/save_scheme", scheme, Some(&admin))
            .await));
        assert_eq!(
            s.violation_scheme().await.unwrap().general_points,
            4,
            "{label}"
        );

        // The scorecards (考核指标): the handler sees their own line only — with one
        // violation and its 2 points, the withdrawn one not counted —, the lead their
        // department's, a colleague nothing of theirs; the CSV holds the same lines.
        let today = chrono::Utc::now()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive();
        let period = format!(
            "{}..{}",
            today - chrono::Days::new(1),
            today + chrono::Days::new(1)
        );
        let sheet = |c: String| {
            let url = format!("/api/assessment/kpis?period={period}");
            async move { d.get_api(&url, Some(&c)).await.json() }
        };
        let mine = sheet(handler.clone()).await;
        assert!(mine["desk"].is_null(), "{label}");
        assert_eq!(mine["departments"].as_array().map(Vec::len), Some(0));
        let persons = mine["persons"].as_array().cloned().unwrap_or_default();
        assert_eq!(persons.len(), 1, "{label}: {mine}");
        assert_eq!(persons[0]["code"], "handler-a");
        assert_eq!(persons[0]["compliance"]["violations"], 1, "{label}");
        assert_eq!(persons[0]["compliance"]["points"], 2, "{label}");
        let colleague = sheet(other.clone()).await;
        assert!(
            !colleague.to_string().contains("handler-a"),
            "{label}: not a colleague's line"
        );
        let theirs = sheet(lead.clone()).await;
        let depts: Vec<String> = theirs["departments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["code"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(depts, ["cg"], "{label}");
        assert!(theirs.to_string().contains("handler-a"), "{label}");
        assert!(!theirs.to_string().contains("handler-b"), "{label}");
        let bad = d
            .get_api("/api/assessment/kpis?period=2026-13", Some(&handler))
            .await;
        assert!(bad.status.is_client_error(), "{label}: {}", bad.status);
        let csv = d
            .get(
                &format!("/api/assessment/export?period={period}&format=csv"),
                Some(&handler),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{label}");
        assert!(
            csv.body.contains("person,handler-a"),
            "{label}: {}",
            csv.body
        );
        assert!(!csv.body.contains("handler-b"), "{label}");
        let none = d
            .get(
                &format!("/api/assessment/export?period={period}&format=csv"),
                None,
            )
            .await;
        assert!(none.status.is_client_error(), "{label}: {}", none.status);

        // The scorecard (个人考核卡): the handler's own, with the violation's 2 points; not a
        // colleague's; the lead reads their people's.
        let card = |c: String, person: &str| {
            let url = format!("/api/assessment/scorecard?period={period}&person={person}");
            async move { d.get_api(&url, Some(&c)).await }
        };
        let own = card(handler.clone(), "").await;
        assert_eq!(own.status, StatusCode::OK, "{label}");
        let own = own.json();
        assert_eq!(own["login"], "handler-a", "{label}");
        assert_eq!(
            own["violations"].as_array().map(Vec::len),
            Some(2),
            "{label}: the withdrawn one stays on the record"
        );
        assert_eq!(
            card(other.clone(), "handler-a").await.status,
            StatusCode::FORBIDDEN,
            "{label}"
        );
        assert_eq!(
            card(lead.clone(), "handler-a").await.status,
            StatusCode::OK,
            "{label}"
        );
        assert_eq!(
            card(lead.clone(), "nobody").await.status,
            StatusCode::NOT_FOUND,
            "{label}"
        );
        // The league table is published to everyone signed in: cg loses the 2 points that
        // count, not the withdrawn violation's.
        let league = d
            .get_api(
                &format!("/api/assessment/league?period={period}"),
                Some(&other),
            )
            .await;
        assert_eq!(league.status, StatusCode::OK, "{label}");
        let league = league.json();
        let cg = league["groups"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "cg")
            .cloned()
            .unwrap_or_default();
        assert_eq!(cg["deducted"], 2, "{label}: {league}");
        let csv = d
            .get(
                &format!("/api/assessment/league/export?period={period}&format=csv"),
                Some(&other),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{label}");
        assert!(csv.body.contains(",cg,"), "{label}: {}", csv.body);
        let anonymous = d
            .get(
                &format!("/api/assessment/league/export?period={period}&format=csv"),
                None,
            )
            .await;
        assert!(anonymous.status.is_client_error(), "{label}");
        // Only an admin changes the scoring scheme; a bad one names its field.
        let form = "weight[completion]=100&zero_at[completion]=50&floor[completion]=0&full_at[completion]=100\
                    &group_name[0]=units&group_full[0]=100&group_red[0]=3&black_size=3\
                    &kpi_share=70&excellent=90&pass=75&basic=60";
        let r = d
            .call("/api/assessment/save_scheme", form, Some(&lead))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let upside = form.replace("full_at[completion]=100", "full_at[completion]=10");
        let r = d
            .call("/api/assessment/save_scheme", &upside, Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            ok(&d
                .call("/api/assessment/save_scheme", form, Some(&admin))
                .await),
            "{label}"
        );
        // The year's assessment as a file: the handler's own line only.
        let year = today.format("%Y").to_string();
        let csv = d
            .get(
                &format!("/api/assessment/annual/export?year={year}&format=csv"),
                Some(&handler),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{label}");
        assert!(
            csv.body.contains(",person,handler-a,"),
            "{label}: {}",
            csv.body
        );
        assert!(
            !csv.body.contains("handler-b") && !csv.body.contains(",department,cg,"),
            "{label}"
        );
        let bad = d
            .get(
                "/api/assessment/annual/export?year=19&format=csv",
                Some(&handler),
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: the year named"
        );
        let scheme = s.score_scheme().await.unwrap();
        assert_eq!(scheme.curves.len(), 1, "{label}");
        assert_eq!(scheme.curves[0].zero_at, 0.5, "{label}: typed in percent");
    }
}

#[tokio::test]
async fn evaluations_and_the_annual_report_check_rights_and_the_pdf_prints() {
    for d in desks().await {
        let label = d.db.label;
        ticket_desk(&d).await;
        let s = &d.db.store;
        let officer = add_account(&d, "officer", "centre", Role::Compliance).await;
        let handler = d.session("handler-a").await;
        let boss = d.session("boss").await;
        let ok = |r: &Reply| r.status.is_success() || r.status.is_redirection();
        // Only evaluators open one; a missing name is a field error; nothing is written.
        let form =
            "title=%E5%B9%B4%E5%BA%A6%E8%AF%84%E4%BC%B0&first_day=2026-01-01&last_day=2026-01-31";
        let r = d.call("/api/evaluations/open", form, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .call(
                "/api/evaluations/open",
                &form.replace("title=%E5%B9%B4%E5%BA%A6%E8%AF%84%E4%BC%B0", "title="),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(r.json()["field"], "title", "{label}");
        assert_eq!(
            testing::scalar(s, "SELECT COUNT(*) FROM evaluations").await,
            0,
            "{label}"
        );
        assert!(
            ok(&d.call("/api/evaluations/open", form, Some(&officer)).await),
            "{label}"
        );
        let id = testing::scalar(s, "SELECT id FROM evaluations").await;
        // Not theirs: the handler does not learn it exists.
        let r = d
            .get_api(&format!("/api/evaluations/detail?id={id}"), Some(&handler))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        let r = d
            .get_api(&format!("/api/evaluations/detail?id={id}"), Some(&boss))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert_eq!(r.json()["evaluation"]["code"], "PG-2026-01", "{label}");
        let r = d
            .call(
                "/api/evaluations/score",
                &format!("id={id}&dimension=policy&score=abc&findings=x"),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        let r = d
            .call(
                "/api/evaluations/score",
                &format!("id={id}&dimension=policy&score=80&findings=x"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        // The annual report: supervisors and compliance read it, handlers do not.
        let r = d
            .get_api("/api/assessment/annual_report?year=2025", Some(&handler))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .get_api("/api/assessment/annual_report?year=2025", Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert_eq!(r.json()["report"]["year"], 2025, "{label}");
        let r = d
            .call(
                "/api/assessment/annual_suggestions",
                "year=2025&suggestions=x",
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .get(
                "/api/assessment/annual-report/pdf?year=2025",
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        let r = d
            .get(
                "/api/assessment/annual-report/export?year=2025&format=xlsx",
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(r.body.starts_with("PK"), "{label}: a workbook");
        let r = d
            .get("/api/assessment/annual-report/pdf?year=2025", Some(&boss))
            .await;
        if app::assessment::pdf::chromium().is_some() {
            assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
            assert_eq!(
                r.headers[header::CONTENT_TYPE],
                "application/pdf",
                "{label}"
            );
            assert!(r.body.starts_with("%PDF"), "{label}");
        } else {
            assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{label}");
        }
    }
}
