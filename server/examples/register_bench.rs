//! Registration throughput through the real server path: the router with its session,
//! Origin check and auth layers, the `register` server function (validation, daily number,
//! catalogue dispatch, history event, one transaction). In the same run, a bare single-row
//! insert into the same database gives the ceiling. Prints registrations/s, p50/p99 and the
//! ratio to the ceiling at rising concurrency. Run by `bench/register.sh`.
use app::auth::server::{LimitSpec, LoginLimiter};
use app::store::Store;
use axum::body::Body;
use axum::http::{header, Request};
use hotline_server::config::SessionTimeouts;
use hotline_server::serve::{router, RouterConfig, SESSION_COOKIE};
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const LEVELS: [usize; 4] = [1, 4, 16, 32];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct Figures {
    per_sec: f64,
    p50: Duration,
    p99: Duration,
}

async fn run_level<F, Fut>(concurrency: usize, total: usize, op: F) -> Figures
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for i in (w..total).step_by(concurrency) {
                let t = Instant::now();
                op(i).await;
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("worker"));
    }
    let elapsed = start.elapsed();
    all.sort();
    Figures {
        per_sec: total as f64 / elapsed.as_secs_f64(),
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
    }
}

#[tokio::main]
async fn main() {
    let url = std::env::args()
        .nth(1)
        .expect("usage: register_bench DATABASE_URL [TOTAL]");
    let total: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let creds = app::seed::seed_demo(&store)
        .await
        .expect("seed")
        .expect("an empty database");
    let noise = store
        .category_id_by_code("complaint/noise")
        .await
        .unwrap()
        .unwrap();
    let roomy = LimitSpec {
        burst: 100_000,
        refill: Duration::from_millis(1),
    };
    let mut leptos_options = leptos::config::LeptosOptions::builder()
        .output_name("hotline")
        .build();
    leptos_options.site_root = "target/site".into();
    let (app, _) = router(
        store.clone(),
        RouterConfig {
            leptos_options,
            secret: "bench-secret-bench-secret-bench-secret-1234".into(),
            secure_cookies: false,
            timeouts: SessionTimeouts {
                idle: Duration::from_secs(3600),
                absolute: Duration::from_secs(7200),
            },
            login_limiter: LoginLimiter::new(roomy, roomy),
            timezone: chrono_tz::Asia::Shanghai,
        },
    );
    let post = |path: &str, form: String, cookie: Option<&str>| {
        let mut r = Request::post(path)
            .header(header::HOST, "bench")
            .header(header::ORIGIN, "http://bench")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        r.body(Body::from(form)).unwrap()
    };
    let login = app
        .clone()
        .oneshot(post(
            "/api/login",
            format!("login=agent&password={}", creds.staff_password),
            None,
        ))
        .await
        .unwrap();
    let cookie = login
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(SESSION_COOKIE))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("signed in");

    println!(
        "backend: {:?}, {total} operations per level",
        store.backend()
    );
    println!(
        "{:>11} | {:>14} {:>9} {:>9} | {:>14} {:>9} | {:>8}",
        "concurrency", "registrations/s", "p50 ms", "p99 ms", "bare inserts/s", "p50 ms", "ratio"
    );
    for c in LEVELS {
        let (app, cookie) = (app.clone(), cookie.clone());
        let reg = run_level(c, total, move |i| {
            let (app, cookie) = (app.clone(), cookie.clone());
            async move {
                let form = format!(
                    "channel=phone&priority=normal&category_id={noise}&description=%E6%96%BD%E5%B7%A5%E5%99%AA%E9%9F%B3%E6%89%B0%E6%B0%91&caller_name=%E7%8E%8B%E4%BA%94&caller_phone=139{:08}&confidentiality=internal&answers%5Bc{noise}_q0%5D=%E6%96%BD%E5%B7%A5&answers%5Bc{noise}_q1%5D=%E5%A4%9C%E9%97%B4",
                    i
                );
                let res = app.oneshot(post("/api/tickets/register", form, Some(&cookie))).await.unwrap();
                let status = res.status();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                assert!(status.is_success(), "{status} {}", String::from_utf8_lossy(&body));
            }
        })
        .await;
        let s = store.clone();
        let bare = run_level(c, total, move |i| {
            let s = s.clone();
            async move { app::store::testing::bare_insert(&s, i as i64).await }
        })
        .await;
        println!(
            "{c:>11} | {:>14.0} {:>9.2} {:>9.2} | {:>14.0} {:>9.2} | {:>8.2}",
            reg.per_sec,
            reg.p50.as_secs_f64() * 1e3,
            reg.p99.as_secs_f64() * 1e3,
            bare.per_sec,
            bare.p50.as_secs_f64() * 1e3,
            reg.per_sec / bare.per_sec
        );
    }
    let check = store.verify_chain().await.unwrap();
    println!(
        "history chain after the run: {} events, intact: {}",
        check.checked,
        check.problem.is_none()
    );
}
