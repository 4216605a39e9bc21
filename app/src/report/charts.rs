//! The report's charts as SVG drawn on the server (and hydrated like the rest of the page):
//! the geometry is pure functions, the components only place it.
use crate::i18n::*;
use leptos::prelude::*;

/// A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`.
pub fn nice_max(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// Points of a line through `values` in a `w` × `h` box (y grows downwards), `top` at
/// the top edge.
pub fn line_points(values: &[i64], w: f64, h: f64, top: i64) -> String {
    let n = values.len();
    let dx = if n > 1 { w / (n - 1) as f64 } else { 0.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = h - h * (*v as f64) / (top.max(1) as f64);
            format!("{:.1},{:.1}", i as f64 * dx, y)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lengths of bars for `values` on a `w`-long axis up to `top`.
pub fn bar_lengths(values: &[i64], w: f64, top: i64) -> Vec<f64> {
    values
        .iter()
        .map(|v| w * (*v).max(0) as f64 / top.max(1) as f64)
        .collect()
}

/// Consecutive segments `(start, length)` of one bar split by `parts`, filling `w`.
pub fn stacked(parts: &[i64], w: f64) -> Vec<(f64, f64)> {
    let total: i64 = parts.iter().map(|p| (*p).max(0)).sum();
    let mut at = 0.0;
    parts
        .iter()
        .map(|p| {
            let len = if total > 0 {
                w * (*p).max(0) as f64 / total as f64
            } else {
                0.0
            };
            let seg = (at, len);
            at += len;
            seg
        })
        .collect()
}

const W: f64 = 640.0;
const H: f64 = 200.0;
const PAD: f64 = 36.0;

/// One series of the trend chart.
#[derive(Clone)]
pub struct Series {
    pub class: &'static str,
    pub label: String,
    pub values: Vec<i64>,
}

/// A line chart of several series over the same days (first and last day labelled).
#[component]
pub fn TrendChart(
    series: Vec<Series>,
    first: String,
    last: String,
    title: String,
) -> impl IntoView {
    let top = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0),
    );
    let lines = series
        .iter()
        .map(|s| {
            let points = line_points(&s.values, W - PAD, H - 20.0, top);
            view! { <polyline class=format!("series {}", s.class) points=points fill="none" /> }
        })
        .collect_view();
    let legend = series
        .into_iter()
        .map(|s| view! { <li class=s.class>{s.label}</li> })
        .collect_view();
    let label = title.clone();
    view! {
        <figure class="chart trend" data-testid="chart-trend">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
                <title>{title}</title>
                <g transform=format!("translate({PAD},10)")>
                    <line class="axis" x1="0" y1=H - 20.0 x2=W - PAD y2=H - 20.0 />
                    <line class="grid" x1="0" y1="0" x2=W - PAD y2="0" />
                    <line class="grid" x1="0" y1=(H - 20.0) / 2.0 x2=W - PAD y2=(H - 20.0) / 2.0 />
                    {lines}
                </g>
                <text class="tick" x=PAD - 4.0 y="14" text-anchor="end">{top}</text>
                <text class="tick" x=PAD - 4.0 y=H - 8.0 text-anchor="end">"0"</text>
                <text class="tick" x=PAD y=H text-anchor="start">{first}</text>
                <text class="tick" x=W y=H text-anchor="end">{last}</text>
            </svg>
            <ul class="legend">{legend}</ul>
        </figure>
    }
}

/// Horizontal bars with their labels and values.
#[component]
pub fn Bars(rows: Vec<(String, i64)>, title: String, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let top = nice_max(rows.iter().map(|r| r.1).max().unwrap_or(0));
    let row_h = 26.0;
    let label_w = 150.0;
    let h = (rows.len().max(1) as f64) * row_h + 6.0;
    let values: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let lengths = bar_lengths(&values, W - label_w - 60.0, top);
    let empty = rows.is_empty();
    let bars = rows
        .into_iter()
        .zip(lengths)
        .enumerate()
        .map(|(i, ((label, n), len))| {
            let y = i as f64 * row_h + 4.0;
            view! {
                <text class="label" x=label_w - 8.0 y=y + 15.0 text-anchor="end">{label}</text>
                <rect class="bar" x=label_w y=y width=format!("{len:.1}") height=row_h - 8.0 />
                <text class="value" x=label_w + len + 6.0 y=y + 15.0>{n}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <figure class="chart bars" data-testid=testid>
            <svg viewBox=format!("0 0 {W} {h}") role="img" aria-label=label>
                <title>{title}</title>
                {bars}
            </svg>
            {empty.then(|| view! { <p class="muted">{t!(i18n, report.nothing)}</p> })}
        </figure>
    }
}

/// One bar split into parts with a legend (the satisfaction breakdown).
#[component]
pub fn StackedBar(parts: Vec<(&'static str, String, i64)>, title: String) -> impl IntoView {
    let values: Vec<i64> = parts.iter().map(|p| p.2).collect();
    let segments = stacked(&values, W);
    let rects = parts
        .iter()
        .zip(segments)
        .map(|((class, _, _), (x, len))| {
            view! { <rect class=format!("part {class}") x=format!("{x:.1}") y="0" width=format!("{len:.1}") height="28" /> }
        })
        .collect_view();
    let legend = parts
        .into_iter()
        .map(|(class, label, n)| view! { <li class=class>{label} " " <strong>{n}</strong></li> })
        .collect_view();
    let label = title.clone();
    view! {
        <figure class="chart stacked" data-testid="chart-satisfaction">
            <svg viewBox=format!("0 0 {W} 28") role="img" aria-label=label>
                <title>{title}</title>
                <rect class="track" x="0" y="0" width=W height="28" />
                {rects}
            </svg>
            <ul class="legend">{legend}</ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(
            [0, 1, 3, 7, 10, 11, 99, 101, 4_999].map(nice_max),
            [1, 1, 5, 10, 10, 20, 100, 200, 5_000]
        );
    }

    #[test]
    fn lines_span_the_box_from_zero_to_the_top() {
        assert_eq!(
            line_points(&[0, 5, 10], 100.0, 50.0, 10),
            "0.0,50.0 50.0,25.0 100.0,0.0"
        );
        assert_eq!(
            line_points(&[3], 100.0, 50.0, 10),
            "0.0,35.0",
            "one day: one point"
        );
    }

    #[test]
    fn bars_and_stacks_are_proportional() {
        assert_eq!(
            bar_lengths(&[5, 10, -1], 200.0, 10),
            vec![100.0, 200.0, 0.0]
        );
        assert_eq!(
            stacked(&[1, 3, 0], 100.0),
            vec![(0.0, 25.0), (25.0, 75.0), (100.0, 0.0)]
        );
        assert_eq!(stacked(&[0, 0], 100.0), vec![(0.0, 0.0), (0.0, 0.0)]);
    }
}
