//! `hotline seed --demo`: a demo desk, its sign-in details printed once.
use app::store::Store;
use std::path::Path;

/// Seeds the demo desk into a desk without users; says whether it did.
pub async fn demo(store: &Store, credentials_file: Option<&Path>) -> Result<bool, String> {
    let Some(creds) = app::seed::seed_demo(store)
        .await
        .map_err(|e| e.to_string())?
    else {
        println!("seed: the desk already has users; nothing seeded");
        return Ok(false);
    };
    let mut text = format!(
        "Demo desk sign-in (generated at first seed; change these passwords in real use)\n\
         admin login: {}\nadmin password: {}\n\nother demo users, password {}:\n",
        creds.admin_login, creds.admin_password, creds.staff_password
    );
    for (login, role) in &creds.staff_logins {
        text.push_str(&format!("  {login:<12} {role}\n"));
    }
    print!("{text}");
    if let Some(path) = credentials_file {
        write_private(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(true)
}

/// Writes a file only its owner can read.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// `hotline seed --tickets N --open M`, with a progress bar.
pub async fn tickets(
    store: &Store,
    tz: &chrono_tz::Tz,
    total: u64,
    open: u64,
    departments: Option<usize>,
) -> Result<(), String> {
    if let Some(wanted) = departments {
        let added = app::bulk_seed::spread_departments(store, wanted)
            .await
            .map_err(|e| e.to_string())?;
        println!("seed: {added} departments added, tickets go to {wanted} or more");
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} seeding tickets [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)",
        )
        .map_err(|e| e.to_string())?
        .progress_chars("=> "),
    );
    let now = chrono::Utc::now().timestamp_millis();
    let started = std::time::Instant::now();
    let done = app::bulk_seed::seed_tickets(store, tz, total, open, now, &|n| bar.set_position(n))
        .await
        .map_err(|e| match e {
            app::error::AppError::NotFound => {
                "seed --tickets needs a desk with an agent and a dispatch catalogue: run seed --demo first".to_string()
            }
            e => e.to_string(),
        })?;
    bar.finish_and_clear();
    println!(
        "seeded {done} tickets ({open} open) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
