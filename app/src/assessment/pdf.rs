//! The annual management report as a PDF. The page's own document component
//! (`AnnualReportDoc`) is rendered on the server — in the reader's language, from the request
//! headers — into a standalone HTML file carrying the site's stylesheet, and headless
//! Chromium prints it (`--print-to-pdf`, A4 by the stylesheet's `@page`). Chromium rather
//! than a PDF library: the PDF is then the page as printed — one layout, one set of words,
//! CJK fonts from the system — and Debian's Chromium is what the browser tests run anyway.
//! Without Chromium the download answers 503 with a translated hint to print the page.
use super::{AnnualReportDoc, AnnualReportView};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The longest a print may take.
const PRINT_TIMEOUT: Duration = Duration::from_secs(90);
/// One Chromium prints at a time (each takes a few hundred MB); a request waits its turn
/// this long, then is told to come back.
const PRINT_WAIT: Duration = Duration::from_secs(30);
static PRINTER: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The document as a standalone HTML page: `parts` (the request's) chooses the language
/// as a page would; `css` is the site's stylesheet.
pub fn document_html(
    v: AnnualReportView,
    parts: Option<http::request::Parts>,
    css: &str,
) -> String {
    // Leptos' executor (the server sets it up; `hotline report annual` has not).
    let _ = any_spawner::Executor::init_tokio();
    let owner = Owner::new();
    owner.with(|| {
        if let Some(parts) = parts {
            provide_context(parts);
        }
        let year = v.report.year;
        let (seq, hash) = v.anchor();
        // Every printed page names the year and the chain head (digits and hex only).
        let running = format!(
            "@page annual-report {{ @top-right {{ content: \"{year} · #{seq} {}\"; \
             font-size: 9px; color: #555; }} }}",
            &hash[..hash.len().min(16)]
        );
        let body = view! {
            <I18nContextProvider set_lang_attr_on_html=false set_dir_attr_on_html=false>
                <AnnualReportDoc v />
            </I18nContextProvider>
        }
        .to_html();
        // The stylesheet is ours; `</` cannot close the style element early in it.
        let css = css.replace("</", "<\\/");
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{year}</title>\
             <style>{css}{running}</style></head><body class=\"print-doc\">{body}</body></html>"
        )
    })
}

/// The site's stylesheet (empty when the site has not been built: the PDF is then plain).
pub fn stylesheet(site_root: &str, pkg_dir: &str, output_name: &str) -> String {
    let path = Path::new(site_root)
        .join(pkg_dir)
        .join(format!("{output_name}.css"));
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Chromium: `HOTLINE_CHROMIUM`, else the first of Debian's and the usual names on `PATH`.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HOTLINE_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Prints `html` to PDF with headless Chromium, in a folder of its own (its profile too)
/// that is removed afterwards. `Unavailable` when there is no Chromium.
pub async fn print(html: &str) -> Result<Vec<u8>, AppError> {
    let Some(chromium) = chromium() else {
        return Err(AppError::Unavailable);
    };
    let _turn = tokio::time::timeout(PRINT_WAIT, PRINTER.acquire())
        .await
        .map_err(|_| AppError::TooManyAttempts {
            retry_after_secs: PRINT_WAIT.as_secs(),
        })?
        .map_err(|_| AppError::Internal)?;
    let dir = tempfile::tempdir().map_err(|e| {
        tracing::error!(error = %e, "no folder for the PDF");
        AppError::Internal
    })?;
    let input = dir.path().join("report.html");
    let output = dir.path().join("report.pdf");
    tokio::fs::write(&input, html).await.map_err(|e| {
        tracing::error!(error = %e, "cannot write the report for printing");
        AppError::Internal
    })?;
    let mut cmd = std::process::Command::new(chromium);
    cmd.arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-sandbox")
        .arg("--no-first-run")
        .arg("--disable-extensions")
        .arg("--no-pdf-header-footer")
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", output.display()))
        .arg(format!("file://{}", input.display()))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let outcome = tokio::task::spawn_blocking(move || run(cmd, PRINT_TIMEOUT))
        .await
        .map_err(|_| AppError::Internal)?;
    if let Err(why) = outcome {
        tracing::error!(why, "chromium did not print the report");
        return Err(AppError::Internal);
    }
    let pdf = tokio::fs::read(&output).await.map_err(|e| {
        tracing::error!(error = %e, "chromium wrote no PDF");
        AppError::Internal
    })?;
    if !pdf.starts_with(b"%PDF") {
        tracing::error!("chromium's output is not a PDF");
        return Err(AppError::Internal);
    }
    Ok(pdf)
}

/// Runs `cmd` to its end, or kills it after `limit`.
fn run(mut cmd: std::process::Command, limit: Duration) -> Result<(), String> {
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(s) if s.success() => return Ok(()),
            Some(s) => return Err(format!("exit {s}")),
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("timed out".into());
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}
