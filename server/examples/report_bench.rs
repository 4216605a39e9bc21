//! In-process timings of the daily report on a seeded desk (`bench/report.sh`): the same
//! `report::service::compute` the page, the exports and the CLI call. A day's report and a
//! year's, read from the cache of days (warm, the usual case: every closed day is computed
//! once), a day whose kept figures a late event dropped, and the year with the whole cache
//! emptied (cold: every day from its facts). Prints medians and p99.
//! Usage: report_bench DATABASE_URL [RUNS, default 40]
use app::domain::report::Period;
use app::report::service::{compute, day_start, local_day};
use app::store::Store;
use std::time::{Duration, Instant};
use timing::show;

mod timing;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

async fn time(
    store: &Store,
    period: Period,
    date: chrono::NaiveDate,
    runs: usize,
) -> Vec<Duration> {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let r = compute(store, &TZ, "Asia/Shanghai", period, date)
            .await
            .expect("report");
        out.push(t.elapsed());
        assert!(r.received > 0 || period == Period::Day);
    }
    out
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .expect("usage: report_bench DATABASE_URL [RUNS]");
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(40);
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let now = chrono::Utc::now().timestamp_millis();
    // The day before yesterday: a full day, and (unlike yesterday) not a stored snapshot.
    let day = local_day(&TZ, now) - chrono::Days::new(2);
    let (tickets, facts, spans) = store.report_bench_sizes().await.expect("sizes");
    println!("desk: {tickets} tickets, {facts} facts, {spans} spans; day {day}, Asia/Shanghai");

    // Warm: fill the cache as a first reader would, then measure.
    time(&store, Period::Year, day, 1).await;
    show(
        "day report (cached days)",
        time(&store, Period::Day, day, runs).await,
    );
    show(
        "year report (cached days)",
        time(&store, Period::Year, day, runs / 4 + 1).await,
    );

    // A late event drops the days it reaches: the day is computed again from its facts,
    // its close from the day before's and the day's changes.
    let mut day_late = Vec::new();
    for back in 0..runs.min(20) {
        let d = day - chrono::Days::new(back as u64 * 7);
        store
            .forget_report_day(day_start(&TZ, d) + 12 * 3_600_000)
            .await
            .expect("forget");
        day_late.extend(time(&store, Period::Day, d, 1).await);
    }
    show("day report, its kept day dropped (late event)", day_late);

    // Cold: the whole cache emptied (as after a rebuild, before it warms the days again).
    store.forget_report_days().await.expect("forget");
    let t = Instant::now();
    time(&store, Period::Year, day, 1).await;
    show("year report, cache emptied (cold, once)", vec![t.elapsed()]);
    show(
        "year report again (cached days)",
        time(&store, Period::Year, day, runs / 4 + 1).await,
    );
    println!(
        "cached days afterwards: {}",
        store.cached_day_count().await.expect("count")
    );
}
