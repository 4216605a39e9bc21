//! In-process timings of the assessment on a seeded desk (`bench/assess.sh`): the same
//! `assessment::service::sheet` the page, its exports and `hotline assess` call, for last
//! month, as a supervisor sees it (every department and handler, and the desk). Read from
//! the cache of days (warm, the usual case), and once with the cache emptied (cold: every
//! day of the month from its facts). Prints medians and p99.
//! Usage: assess_bench DATABASE_URL [RUNS, default 40]
use app::assessment::service::sheet;
use app::domain::kpi::last_month;
use app::domain::roles::{Clearance, Role};
use app::domain::workflow::Actor;
use app::report::service::local_day;
use app::store::Store;
use std::time::Instant;
use timing::show;

mod timing;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .expect("usage: assess_bench DATABASE_URL [RUNS]");
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(40);
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let now = chrono::Utc::now().timestamp_millis();
    let month = last_month(local_day(&TZ, now));
    let supervisor = Actor {
        id: 0,
        roles: vec![Role::Supervisor],
        clearance: Clearance::Secret,
        departments: Vec::new(),
    };
    let (tickets, facts, _) = store.report_bench_sizes().await.expect("sizes");
    let once = || async {
        let t = Instant::now();
        let s = sheet(&store, &TZ, "Asia/Shanghai", &supervisor, month, now)
            .await
            .expect("sheet");
        (t.elapsed(), s)
    };
    let (_, s) = once().await;
    println!(
        "desk: {tickets} tickets, {facts} facts; month {} to {}: {} departments, {} handlers, \
         {} assignments",
        month.0,
        month.1,
        s.departments.len(),
        s.persons.len(),
        s.desk.as_ref().map(|d| d.counts.assigned).unwrap_or(0)
    );
    let mut warm = Vec::with_capacity(runs);
    for _ in 0..runs {
        warm.push(once().await.0);
    }
    show("month sheet (cached days)", warm);
    store.forget_report_days().await.expect("forget");
    show(
        "month sheet, cache emptied (cold, once)",
        vec![once().await.0],
    );
    let mut again = Vec::with_capacity(runs);
    for _ in 0..runs {
        again.push(once().await.0);
    }
    show("month sheet again (cached days)", again);
}
