//! The built site's files (wasm, JS, CSS, favicon) and the compression of everything else.
//! `scripts/build-site.sh` puts a build into `pkg/<hash of its content>/` and writes that
//! hash to `build-id.txt`; then browsers keep its files for a year, and a new build is a
//! new folder (the one before stays, for pages still open from it).
use axum::http::{header, HeaderValue};
use axum::Router;
use leptos::config::LeptosOptions;
use std::path::Path;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files without a build folder (a cargo-leptos development build, the favicon): ask again
/// each time.
pub const REVALIDATE: &str = "no-cache";
pub const BUILD_ID_FILE: &str = "build-id.txt";

/// The build the site folder holds, when `scripts/build-site.sh` made it.
pub fn build_id(site_root: &Path) -> Option<String> {
    let id = std::fs::read_to_string(site_root.join(BUILD_ID_FILE)).ok()?;
    let id = id.trim();
    let well_formed = !id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit());
    (well_formed && site_root.join("pkg").join(id).is_dir()).then(|| id.to_string())
}

/// Points Leptos at the build's folder, so the page names `/pkg/<id>/hotline.js`, its wasm,
/// its stylesheet and the chunks a route preloads. False when the site has no build folder.
pub fn use_build_folder(options: &mut LeptosOptions) -> bool {
    let Some(id) = build_id(Path::new(options.site_root.as_ref())) else {
        return false;
    };
    options.site_pkg_dir = format!("{}/{id}", options.site_pkg_dir).into();
    // The names inside the folder are plain; Leptos must not look for hash.txt.
    options.hash_files = false;
    true
}

/// `/pkg` and the favicon: the precompressed file the client accepts (brotli, then gzip,
/// else the plain one), with the caching its path allows.
pub fn site_files<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let pkg = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let pkg_cache = if build_id(site_root).is_some() {
        IMMUTABLE
    } else {
        REVALIDATE
    };
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
