//! The built site's files (wasm, JS, CSS, favicon) and the compression of everything else.
//! `scripts/build-site.sh` names each asset by its content's hash and writes `hash.txt`
//! beside `pkg/`; then browsers keep the assets for a year, and a new build is new names.
use axum::http::{header, HeaderValue};
use axum::Router;
use leptos::config::LeptosOptions;
use std::path::Path;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unhashed names (a cargo-leptos development build, the favicon): ask again each time.
pub const REVALIDATE: &str = "no-cache";
pub const HASH_FILE: &str = "hash.txt";

/// Points Leptos at the site's hash file, when the build wrote one, so the page names the
/// hashed files. Leptos joins the name to the executable's folder; an absolute path wins.
pub fn use_hashed_names(options: &mut LeptosOptions) -> bool {
    let file = Path::new(options.site_root.as_ref()).join(HASH_FILE);
    let Ok(file) = std::fs::canonicalize(file) else {
        return false;
    };
    options.hash_files = true;
    options.hash_file = file.to_string_lossy().as_ref().into();
    true
}

/// `/pkg` and the favicon: the precompressed file the client accepts (brotli, then gzip,
/// else the plain one), with the caching its name allows.
pub fn site_files<S: Clone + Send + Sync + 'static>(site_root: &Path, hashed: bool) -> Router<S> {
    let pkg = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let pkg_cache = if hashed { IMMUTABLE } else { REVALIDATE };
    let cache = |value: &'static str| {
        SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(value))
    };
    Router::new()
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(cache(pkg_cache))
                // One name, several encodings: caches must keep them apart.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::VARY,
                    HeaderValue::from_static("accept-encoding"),
                ))
                .service(pkg),
        )
        .route_service(
            "/favicon.svg",
            tower::ServiceBuilder::new()
                .layer(cache(REVALIDATE))
                .service(ServeFile::new(site_root.join("favicon.svg"))),
        )
}

/// Compresses pages, server-function answers and exports on the fly (brotli or gzip, a
/// quick level: they are made per request). Already-compressed files pass as they are, and
/// the change stream is left alone so each event goes out at once.
pub fn compression() -> CompressionLayer<impl Predicate> {
    let predicate =
        DefaultPredicate::new()
            .and(SizeAbove::new(1024))
            .and(NotForContentType::const_new(
                "application/vnd.openxmlformats",
            ));
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(predicate)
}
