//! The 5×5 heat map (likelihood up, impact across), drawn as SVG on the server. Each cell
//! is coloured by the grade the matrix gives it and links to the list filtered to it.
use super::labels::grade_text;
use super::Which;
use crate::domain::risk::{GradeMatrix, Rating};
use crate::i18n::*;
use leptos::prelude::*;

const CELL: i32 = 44;
const LEFT: i32 = 26;
const BOTTOM: i32 = 24;

/// The link a cell opens: the list with only the risks rated so.
pub fn cell_href(which: Which, likelihood: u8, impact: u8) -> String {
    let map = match which {
        Which::Inherent => "inherent",
        Which::Residual => "residual",
    };
    format!("/risks?map={map}&l={likelihood}&i={impact}")
}

#[component]
pub fn HeatMap(
    which: Which,
    cells: [[u32; 5]; 5],
    matrix: GradeMatrix,
    /// The cell the list is filtered to, if on this map.
    selected: Option<(u8, u8)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = match which {
        Which::Inherent => t_string!(i18n, risk.inherent),
        Which::Residual => t_string!(i18n, risk.residual),
    };
    let size = LEFT + 5 * CELL;
    let squares = (1..=5u8)
        .flat_map(|l| (1..=5u8).map(move |i| (l, i)))
        .map(|(l, i)| {
            let grade = matrix.grade(Rating {
                likelihood: l,
                impact: i,
            });
            let count = cells[usize::from(l - 1)][usize::from(i - 1)];
            let x = LEFT + (i32::from(i) - 1) * CELL;
            let y = (5 - i32::from(l)) * CELL;
            let label = format!(
                "{title} {}×{}: {} · {count}",
                l,
                i,
                grade_text(i18n, grade)
            );
            let class = format!(
                "cell grade-{}{}",
                grade.code(),
                if selected == Some((l, i)) { " selected" } else { "" }
            );
            // In a `<g>` so the macro makes the link and its title SVG elements (a page
            // drawn in the browser after client-side navigation needs them so).
            let aria = label.clone();
            view! {
                <g>
                    <a href=cell_href(which, l, i) aria-label=aria data-cell=format!("{l}-{i}")>
                        <title>{label}</title>
                        <rect class=class x=x y=y width=CELL - 2 height=CELL - 2 rx="3" />
                        <text x=x + CELL / 2 - 1 y=y + CELL / 2 + 5 text-anchor="middle" class="count">
                            {(count > 0).then(|| count.to_string())}
                        </text>
                    </a>
                </g>
            }
        })
        .collect_view();
    let ticks = (1..=5)
        .map(|n| {
            view! {
                <text x=LEFT - 8 y=(5 - n) * CELL + CELL / 2 + 4 text-anchor="middle" class="tick">{n}</text>
                <text x=LEFT + (n - 1) * CELL + CELL / 2 - 1 y=5 * CELL + 14 text-anchor="middle" class="tick">{n}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="heatmap" data-testid=format!("heatmap-{}", if which == Which::Inherent { "inherent" } else { "residual" })>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {size} {}", 5 * CELL + BOTTOM) role="group" aria-label=title>
                {squares}
                {ticks}
            </svg>
            <p class="axes muted">{t!(i18n, risk.axes)}</p>
        </figure>
    }
}
