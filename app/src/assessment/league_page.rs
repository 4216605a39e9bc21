//! The league table (考核通报, `/assessment/league?period=2026-11`): per group of units the
//! rank, score, change against the period before, each scored KPI's points (its figure and
//! numerator / denominator on hover) and the violation points deducted; the red list (红榜)
//! of each group and the black list (黑榜) with the KPIs that cost the most. Prints on A4
//! (landscape); CSV and Excel from the same table.
use super::api::get_league;
use super::page::{kpi_label, shown};
use super::{LeagueRow, LeagueTable};
use crate::i18n::*;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LeaguePage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <LeagueScreen /> } /> }
}

#[component]
fn LeagueScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let period = Memo::new(move |_| params.with(|m| m.get("period").unwrap_or_default()));
    let table = crate::ui::data::page_data(move || period.get(), get_league);
    view! {
        <div class="assessment-page league-page">
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match table.await {
                        Ok(t) => view! { <Table t /> }.into_any(),
                        Err(error) => view! {
                            <h1>{t!(i18n, assessment.league)}</h1>
                            <ErrorBox error />
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Points as published: two decimals, trailing zeros dropped.
pub fn marks(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A change with its sign: `+1.5`, `−3`, `0`.
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", marks(x))
    } else if x < 0.0 {
        format!("−{}", marks(-x))
    } else {
        "0".into()
    }
}

#[component]
fn Table(t: LeagueTable) -> impl IntoView {
    let i18n = use_i18n();
    let q = format!("period={}", t.period);
    let (period, previous) = (t.period.clone(), t.previous.clone());
    let (from, to, tz) = (t.from.clone(), t.to.clone(), t.timezone.clone());
    let scheme = t.scheme.clone();
    let groups = t
        .groups
        .iter()
        .map(|g| {
            let red: Vec<String> = g
                .rows
                .iter()
                .filter(|r| r.standing.red)
                .map(|r| r.name.clone())
                .collect();
            let full = marks(g.full_marks);
            view! {
                <section class="panel standings-group" data-testid="league-group">
                    <h2>{g.name.clone()} " " <small class="muted">{t!(i18n, assessment.full_marks, n = move || full.clone())}</small></h2>
                    <p class="red-list" data-testid="red-list">
                        <strong>{t!(i18n, assessment.red_list)}</strong> " "
                        {if red.is_empty() { t_string!(i18n, assessment.none_listed).to_string() } else { red.join("、") }}
                    </p>
                    <Standings rows=g.rows.clone() scheme=scheme.clone() />
                </section>
            }
        })
        .collect_view();
    let black = t.black.clone();
    view! {
        <h1>{t!(i18n, assessment.league_of, period = move || period.clone())}</h1>
        <super::controls::PeriodForm action="/assessment/league" period=t.period.clone() />
        <p class="muted">
            {t!(i18n, assessment.from_history, from = move || from.clone(), to = move || to.clone(), tz = move || tz.clone())}
            " " {t!(i18n, assessment.compared_with, previous = move || previous.clone())}
        </p>
        <nav class="exports no-print" aria-label=move || t_string!(i18n, assessment.exports)>
            <crate::ui::print::PrintButton />
            <a href=format!("/api/assessment/league/export?{q}&format=csv") download data-testid="league-csv">{t!(i18n, assessment.export_csv)}</a>
            <a href=format!("/api/assessment/league/export?{q}&format=xlsx") download>{t!(i18n, assessment.export_xlsx)}</a>
            <a href=format!("/assessment?{q}")>{t!(i18n, assessment.title)}</a>
            <a href="/assessment/scheme">{t!(i18n, assessment.scheme)}</a>
        </nav>
        {groups}
        <section class="panel black-list" data-testid="black-list">
            <h2>{t!(i18n, assessment.black_list)}</h2>
            {if black.is_empty() {
                view! { <p class="muted">{t!(i18n, assessment.none_listed)}</p> }.into_any()
            } else {
                view! {
                    <ol>
                        {black.into_iter().map(|r| view! { <BlackEntry r /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn BlackEntry(r: LeagueRow) -> impl IntoView {
    let i18n = use_i18n();
    let total = r
        .standing
        .rated
        .as_ref()
        .map(|x| marks(x.total))
        .unwrap_or_default();
    let deducted = r.deducted;
    let mut reasons: Vec<String> = r
        .losses
        .iter()
        .map(|(k, lost)| format!("{} −{}", kpi_label(i18n, *k), marks(*lost)))
        .collect();
    if deducted > 0 {
        reasons.push(format!(
            "{} −{deducted}",
            t_string!(i18n, assessment.deducted)
        ));
    }
    view! {
        <li data-unit=r.code.clone()>
            <strong>{r.name.clone()}</strong> " " {total}
            <span class="muted">" · " {t!(i18n, assessment.lost_on)} " " {reasons.join("，")}</span>
        </li>
    }
}

#[component]
fn Standings(rows: Vec<LeagueRow>, scheme: crate::domain::score::ScoreScheme) -> impl IntoView {
    let i18n = use_i18n();
    let head = scheme
        .curves
        .iter()
        .map(|c| {
            let w = marks(c.weight);
            view! {
                <th scope="col" data-kpi=c.kpi.code()>
                    {kpi_label(i18n, c.kpi)}
                    <small class="muted">" (" {w} ")"</small>
                </th>
            }
        })
        .collect_view();
    let curves = scheme.curves.clone();
    let rows = rows
        .into_iter()
        .map(|r| {
            let s = &r.standing;
            let rated = s.rated.clone();
            let cells = curves
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let points = rated.as_ref().and_then(|x| x.points[i]);
                    let (n, d) = r.parts[i];
                    let title = format!("{} · {n} / {d}", shown(c.kpi, r.figures[i]));
                    view! {
                        <td data-kpi=c.kpi.code() title=title>{points.map(marks).unwrap_or_else(|| "—".into())}</td>
                    }
                })
                .collect_view();
            let change = s.change;
            let previous_rank = s.previous_rank;
            view! {
                <tr class:idle=rated.is_none() class:red=s.red data-unit=r.code.clone() data-testid="league-row">
                    <th scope="row">
                        <span class="rank" data-testid="league-rank">{s.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into())}</span>
                        {r.name.clone()}
                        {rated.is_none().then(|| view! { <small class="muted">{t!(i18n, assessment.no_tickets)}</small> })}
                    </th>
                    <td data-testid="league-score" class="score">{rated.as_ref().map(|x| marks(x.total)).unwrap_or_else(|| "—".into())}</td>
                    <td data-testid="league-change" class:up=change.is_some_and(|c| c > 0.0) class:down=change.is_some_and(|c| c < 0.0)
                        title=move || previous_rank.map(|p| format!("{}: {p}", t_string!(i18n, assessment.previous_rank))).unwrap_or_default()>
                        {change.map(signed).unwrap_or_else(|| "—".into())}
                    </td>
                    {cells}
                    <td data-testid="league-deducted">{if r.deducted > 0 { format!("−{}", r.deducted) } else { "0".into() }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="kpi-table standings" data-testid="league-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, assessment.rank)} " · " {t!(i18n, assessment.unit)}</th>
                        <th scope="col">{t!(i18n, assessment.score)}</th>
                        <th scope="col">{t!(i18n, assessment.change)}</th>
                        {head}
                        <th scope="col">{t!(i18n, assessment.deducted)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
