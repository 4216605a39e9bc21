//! `hotline seed --demo --tickets N --open M`, as `make run` calls it on every start: the
//! first run gives a demo desk with a year of tickets (and the report days kept); running
//! it again adds nothing. The real binary, on both backends.
use app::store::testing;
use std::process::Command;

fn seed(url: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hotline"))
        .args(["seed", "--demo", "--tickets", "60", "--open", "6"])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_desk_gets_its_tickets_once() {
    for db in testing::all().await {
        let s = &db.store;
        let first = seed(&db.url);
        assert!(first.contains("admin password:"), "{}: {first}", db.label);
        let count = "SELECT COUNT(*) FROM tickets";
        assert_eq!(testing::scalar(s, count).await, 60, "{}", db.label);
        let open = "SELECT COUNT(*) FROM tickets WHERE state NOT IN ('closed', 'archived')";
        assert_eq!(
            testing::scalar(s, open).await,
            6,
            "{}: the newest six are still open",
            db.label
        );
        assert!(
            s.cached_day_count().await.unwrap() > 700,
            "{}: the year's days are kept, and the empty year before (the comparisons)",
            db.label
        );

        let again = seed(&db.url);
        assert!(again.contains("nothing seeded"), "{}: {again}", db.label);
        assert!(again.contains("none added"), "{}: {again}", db.label);
        assert_eq!(testing::scalar(s, count).await, 60, "{}", db.label);
    }
}

/// `hotline report annual`: the year's report as JSON (computed like the page) and, where
/// Chromium is installed, as the page's PDF.
#[tokio::test(flavor = "multi_thread")]
async fn the_annual_report_prints_as_json_and_pdf() {
    use chrono::Datelike;
    let year = chrono::Utc::now().year();
    for db in testing::all().await {
        seed(&db.url);
        let run = |args: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_hotline"))
                .args(["report", "annual", "--year", &year.to_string()])
                .args(args)
                .env("DATABASE_URL", &db.url)
                .env("RUST_LOG", "warn")
                .output()
                .unwrap()
        };
        let out = run(&[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["year"], year, "{}", db.label);
        assert!(
            json["figures"]["received"].as_i64().unwrap() > 0,
            "{}: the year's tickets",
            db.label
        );
        assert_eq!(
            json["evaluations"].as_array().map(Vec::len),
            Some(0),
            "{}: the demo evaluation is not finished",
            db.label
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.pdf");
        let out = run(&["--format", "pdf", "--output", file.to_str().unwrap()]);
        if app::assessment::pdf::chromium().is_some() {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let pdf = std::fs::read(&file).unwrap();
            assert!(pdf.starts_with(b"%PDF"), "{}", db.label);
        } else {
            assert!(!out.status.success(), "{}: no Chromium, no PDF", db.label);
            assert!(String::from_utf8_lossy(&out.stderr).contains("Chromium"));
        }
    }
}
