//! `hotline import FILE.jsonl [--create-missing] [--by LOGIN]`: tickets from an old system,
//! all of the file or none of it.
use app::store::Store;
use app::tickets::import::{import, Outcome};
use std::path::Path;

pub async fn run(
    store: &Store,
    tz: &chrono_tz::Tz,
    file: &Path,
    create_missing: bool,
    by: Option<&str>,
) -> Result<(), String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let by = match by {
        Some(login) => store.account_id_by_login(login).await,
        None => store.first_user_with_role("admin").await,
    }
    .map_err(|e| e.to_string())?
    .ok_or("no account to record the import under: name one with --by LOGIN")?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} importing [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)",
        )
        .map_err(|e| e.to_string())?
        .progress_chars("=> "),
    );
    let now = chrono::Utc::now().timestamp_millis();
    let outcome = import(store, tz, by, &text, create_missing, now, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await
    .map_err(|e| format!("import failed, nothing imported: {e}"))?;
    bar.finish_and_clear();
    match outcome {
        Outcome::Done(d) => {
            for code in &d.created_categories {
                println!("created category {code}");
            }
            for code in &d.created_departments {
                println!("created department {code}");
            }
            println!(
                "imported {} tickets from {}; {} already imported earlier, skipped",
                d.imported,
                file.display(),
                d.skipped
            );
            Ok(())
        }
        Outcome::Refused(problems) => {
            for (line, what) in problems.iter().take(20) {
                eprintln!("{}:{line}: {what}", file.display());
            }
            if problems.len() > 20 {
                eprintln!("… and {} more", problems.len() - 20);
            }
            Err(format!(
                "nothing imported: {} bad line(s) in {}{}",
                problems.len(),
                file.display(),
                if problems.iter().any(|(_, w)| w.ends_with("unknown code")) {
                    " (--create-missing creates unknown categories and departments)"
                } else {
                    ""
                }
            ))
        }
    }
}
