//! The built site over HTTP: precompressed assets chosen by Accept-Encoding, the build's
//! folder named in the page, a year of caching for a build's files only, compressed pages,
//! body limits.
use app::auth::server::{LimitSpec, LoginLimiter};
use app::store::testing;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use hotline_server::assets::{use_build_folder, IMMUTABLE, REVALIDATE};
use hotline_server::config::SessionTimeouts;
use hotline_server::serve::{router, RouterConfig};
use http_body_util::BodyExt;
use std::path::Path;
use std::time::Duration;
use tower::ServiceExt;

const BUILD: &str = "0123456789abcdef";

/// A site folder as `scripts/build-site.sh` leaves it: the build's folder with each asset
/// plain, `.br` and `.gz` (the test only needs the three to differ; the build makes real
/// ones), and a build from before beside it.
fn built_site(root: &Path) {
    for build in [BUILD, "fedcba9876543210"] {
        let pkg = root.join("pkg").join(build);
        std::fs::create_dir_all(&pkg).unwrap();
        for (name, body) in [
            ("hotline.js", "export default function init() {}"),
            ("hotline.wasm", "\0asm plain"),
            ("board_chunk.wasm", "\0asm chunk"),
            ("hotline.css", "body { margin: 0 }"),
        ] {
            std::fs::write(pkg.join(name), body).unwrap();
            std::fs::write(pkg.join(format!("{name}.br")), format!("br:{body}")).unwrap();
            std::fs::write(pkg.join(format!("{name}.gz")), format!("gz:{body}")).unwrap();
        }
    }
    std::fs::write(root.join("favicon.svg"), "<svg/>").unwrap();
    std::fs::write(root.join("build-id.txt"), format!("{BUILD}\n")).unwrap();
}

async fn desk(site: &Path) -> (Router, testing::TestDb) {
    let db = testing::sqlite().await;
    let mut leptos_options = leptos::config::LeptosOptions::builder()
        .output_name("hotline")
        .build();
    leptos_options.site_root = site.to_string_lossy().as_ref().into();
    assert!(
        use_build_folder(&mut leptos_options),
        "build-id.txt is found"
    );
    let roomy = LimitSpec {
        burst: 1000,
        refill: Duration::from_millis(1),
    };
    let (app, _) = router(
        db.store.clone(),
        RouterConfig {
            leptos_options,
            secret: "test-secret-test-secret-test-secret-1234".into(),
            secure_cookies: false,
            timeouts: SessionTimeouts {
                idle: Duration::from_secs(600),
                absolute: Duration::from_secs(3600),
            },
            login_limiter: LoginLimiter::new(roomy, roomy),
            timezone: chrono_tz::Asia::Shanghai,
        },
    );
    (app, db)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, path: &str, accept_encoding: Option<&str>) -> Reply {
    let mut req = Request::get(path).header(header::HOST, "desk.test");
    if let Some(enc) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, enc);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn assets_come_precompressed_as_the_client_accepts() {
    let site = tempfile::tempdir().unwrap();
    built_site(site.path());
    let (app, _db) = desk(site.path()).await;
    for (build, file, kind) in [
        (BUILD, "hotline.wasm", "application/wasm"),
        (BUILD, "board_chunk.wasm", "application/wasm"),
        (BUILD, "hotline.js", "javascript"),
        (BUILD, "hotline.css", "text/css"),
        // A page still open from the build before fetches a chunk it had not needed yet.
        ("fedcba9876543210", "board_chunk.wasm", "application/wasm"),
    ] {
        let path = format!("/pkg/{build}/{file}");
        let plain = std::fs::read(site.path().join("pkg").join(build).join(file)).unwrap();
        for (accept, encoding, prefix) in [
            (Some("gzip, deflate, br"), Some("br"), "br:"),
            (Some("gzip"), Some("gzip"), "gz:"),
            (None, None, ""),
            (Some("identity"), None, ""),
        ] {
            let r = get(&app, &path, accept).await;
            assert_eq!(r.status, StatusCode::OK, "{path} {accept:?}");
            assert_eq!(
                r.header(header::CONTENT_ENCODING),
                encoding,
                "{path} {accept:?}"
            );
            let expected = [prefix.as_bytes(), &plain].concat();
            assert_eq!(r.body, expected, "{path} {accept:?}: the file as built");
            assert!(
                r.header(header::CONTENT_TYPE).unwrap().contains(kind),
                "{path}: {:?}",
                r.header(header::CONTENT_TYPE)
            );
            assert_eq!(r.header(header::CACHE_CONTROL), Some(IMMUTABLE), "{path}");
            assert!(
                r.header(header::VARY)
                    .is_some_and(|v| v.contains("accept-encoding")),
                "{path}: caches must keep the encodings apart"
            );
        }
    }
    // The favicon's path carries no hash: browsers ask again.
    let icon = get(&app, "/favicon.svg", Some("br")).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.header(header::CACHE_CONTROL), Some(REVALIDATE));
    // No build folder named: nothing there.
    let r = get(&app, "/pkg/hotline.wasm", Some("br")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_name_the_build_folder_are_compressed_and_never_stored() {
    let site = tempfile::tempdir().unwrap();
    built_site(site.path());
    let (app, _db) = desk(site.path()).await;
    let plain = get(&app, "/login", None).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header(header::CONTENT_ENCODING), None);
    assert_eq!(plain.header(header::CACHE_CONTROL), Some("no-store"));
    let html = String::from_utf8(plain.body.clone()).unwrap();
    for name in [
        format!("/pkg/{BUILD}/hotline.js"),
        format!("/pkg/{BUILD}/hotline.wasm"),
        format!("/pkg/{BUILD}/hotline.css"),
    ] {
        assert!(html.contains(&name), "the page names {name}");
    }
    for (accept, encoding) in [("br", "br"), ("gzip", "gzip")] {
        let r = get(&app, "/login", Some(accept)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header(header::CONTENT_ENCODING), Some(encoding));
        assert_eq!(r.header(header::CACHE_CONTROL), Some("no-store"));
        assert!(
            r.body.len() < plain.body.len(),
            "{encoding}: {} < {}",
            r.body.len(),
            plain.body.len()
        );
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_they_are_read() {
    let site = tempfile::tempdir().unwrap();
    built_site(site.path());
    let (app, _db) = desk(site.path()).await;
    let post = |path: &str, body: Vec<u8>| {
        Request::post(path)
            .header(header::HOST, "desk.test")
            .header(header::ORIGIN, "http://desk.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .unwrap()
    };
    let big_login = format!("login=admin&password={}", "x".repeat(64 * 1024));
    let r = send(&app, post("/api/login", big_login.into_bytes())).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let err: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(err["kind"], "too_large", "the page shows it translated");

    let r = send(&app, post("/lang", vec![b'a'; 4096])).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    // A server function's arguments: up to 256 KiB is read; a megabyte is not.
    let r = send(&app, post("/api/register_ticket", vec![b'a'; 1024 * 1024])).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Within its limit the same route answers as usual (a wrong password, not 413).
    let r = send(
        &app,
        post("/api/login", b"login=admin&password=nope".to_vec()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // A body of unknown length is refused, not read without end.
    let chunked = Request::post("/api/login")
        .header(header::HOST, "desk.test")
        .header(header::ORIGIN, "http://desk.test")
        .header(header::TRANSFER_ENCODING, "chunked")
        .body(Body::from("login=a"))
        .unwrap();
    assert_eq!(
        send(&app, chunked).await.status,
        StatusCode::LENGTH_REQUIRED
    );
}
