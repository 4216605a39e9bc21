//! A person's scorecard (个人考核卡, `/assessment/scorecard?period=2026-11[&person=login]`):
//! their KPIs scored by the scheme, and their violations of the period with the points that
//! count. A handler sees their own; a lead their department's; supervisors and compliance
//! anyone's.
use super::api::get_scorecard;
use super::league_page::marks;
use super::page::{kpi_label, shown};
use super::Scorecard;
use crate::i18n::*;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use crate::violations::labels::{severity_text, state_text};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ScorecardPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ScorecardScreen /> } /> }
}

#[component]
fn ScorecardScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let key = Memo::new(move |_| {
        params.with(|m| {
            (
                m.get("period").unwrap_or_default(),
                m.get("person").unwrap_or_default(),
            )
        })
    });
    let card = crate::ui::data::page_data(move || key.get(), |(p, who)| get_scorecard(p, who));
    view! {
        <div class="assessment-page scorecard-page">
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match card.await {
                        Ok(c) => view! { <Card c /> }.into_any(),
                        Err(error) => view! {
                            <h1>{t!(i18n, assessment.scorecard)}</h1>
                            <ErrorBox error />
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Card(c: Scorecard) -> impl IntoView {
    let i18n = use_i18n();
    let (name, period) = (c.name.clone(), c.period.clone());
    let full = marks(c.full_marks);
    let rated = c.rated.clone();
    let rows = c
        .scheme
        .curves
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let (n, d) = c.parts[i];
            let points = rated.as_ref().and_then(|r| r.points[i]);
            view! {
                <tr data-kpi=k.kpi.code()>
                    <th scope="row">{kpi_label(i18n, k.kpi)}</th>
                    <td title=format!("{n} / {d}")>{shown(k.kpi, c.figures[i])}</td>
                    <td>{points.map(marks).unwrap_or_else(|| "—".into())} <small class="muted">" / " {marks(k.weight)}</small></td>
                </tr>
            }
        })
        .collect_view();
    let deducted: u32 = c.violations.iter().map(|v| v.counted_points()).sum();
    let violations = c
        .violations
        .iter()
        .map(|v| {
            let counted = v.counted_points();
            view! {
                <li data-testid="scorecard-violation" data-state=v.state.code()>
                    <a href=format!("/violations/{}", v.id)>{v.code.clone()}</a>
                    " · " {severity_text(i18n, v.severity)}
                    " · " {state_text(i18n, v.state)}
                    " · " <strong>{format!("−{counted}")}</strong>
                </li>
            }
        })
        .collect_view();
    let q = format!("period={}&person={}", c.period, c.login);
    view! {
        <h1>{t!(i18n, assessment.scorecard_of, name = move || name.clone(), period = move || period.clone())}</h1>
        <super::controls::PeriodForm action="/assessment/scorecard" period=c.period.clone() keep=("person", c.login.clone()) />
        <p class="muted">{c.department.clone()} " · " {c.group.clone()} " · " {c.from.clone()} " – " {c.to.clone()}</p>
        <section class="panel">
            <p class="scorecard-total">
                {t!(i18n, assessment.score)} " "
                <strong data-testid="scorecard-score">{rated.as_ref().map(|r| marks(r.total)).unwrap_or_else(|| "—".into())}</strong>
                " / " {full}
                {rated.is_none().then(|| view! { <small class="muted">" · " {t!(i18n, assessment.no_tickets)}</small> })}
            </p>
            <div class="table-scroll">
                <table class="kpi-table compact" data-testid="scorecard-kpis">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, assessment.kpi_name)}</th>
                            <th scope="col">{t!(i18n, assessment.figure)}</th>
                            <th scope="col">{t!(i18n, assessment.points_of)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section class="panel">
            <h2>{t!(i18n, assessment.violations)} " " <small class="muted" data-testid="scorecard-deducted">{if deducted > 0 { format!("−{deducted}") } else { "0".into() }}</small></h2>
            {if c.violations.is_empty() {
                view! { <p class="muted">{t!(i18n, assessment.no_violations)}</p> }.into_any()
            } else {
                view! { <ul class="plain">{violations}</ul> }.into_any()
            }}
        </section>
        <p class="no-print"><a href=format!("/assessment?{q}")>{t!(i18n, assessment.title)}</a></p>
    }
}
