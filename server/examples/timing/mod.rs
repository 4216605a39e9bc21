//! Shared by the in-process benches: how a series of timings is printed.
use std::time::Duration;

/// Prints the median and the 99th percentile of `runs`.
pub fn show(label: &str, mut runs: Vec<Duration>) {
    runs.sort();
    let at = |p: f64| runs[((runs.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{label:<44} p50 {:>8.1} ms   p99 {:>8.1} ms   ({} runs)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        runs.len()
    );
}
