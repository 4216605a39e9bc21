//! 违规问责: the violations the reader may see (newest first), filtered by state, with the
//! reader's own points counted this year; proposers open the form from here.
use super::api::list_violations;
use super::labels::{conduct_text, severity_text, state_text};
use super::{Violation, ViolationList};
use crate::domain::violation::ViolationState;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ViolationsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ViolationsView /> } /> }
}

#[component]
fn ViolationsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let state = move || query.with(|m| m.get("state").unwrap_or_default());
    let list = crate::ui::data::page_data(|| (), |_| list_violations());
    view! {
        <h1>{t!(i18n, violation.title)}</h1>
        <form method="get" action="/violations" class="filters" role="search">
            <label for="violation-state">{t!(i18n, violation.state_label)}</label>
            <select id="violation-state" name="state" data-testid="violation-state-filter">
                <option value="" selected=move || state().is_empty()>{t!(i18n, violation.all_states)}</option>
                {ViolationState::ALL.iter().map(|s| {
                    let code = s.code();
                    view! { <option value=code selected=move || state() == code>{state_text(i18n, *s)}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{t!(i18n, violation.filter)}</button>
        </form>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <Listing l state=state() /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Listing(l: ViolationList, state: String) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    let rows: Vec<Violation> = l
        .items
        .into_iter()
        .filter(|v| state.is_empty() || v.state.code() == state)
        .collect();
    view! {
        <p class="actions">
            <span class="card-inline" data-testid="my-points">{t!(i18n, violation.my_points, points = l.my_points)}</span>
            {l.may_propose.then(|| view! { <a href="/violations/new" class="button primary" data-testid="violation-new">{t!(i18n, violation.propose_new)}</a> })}
            {l.may_configure.then(|| view! { <a href="/violations/scheme" data-testid="violation-scheme-link">{t!(i18n, violation.scheme_link)}</a> })}
        </p>
        {if rows.is_empty() {
            view! { <p class="muted" data-testid="violations-none">{t!(i18n, violation.none)}</p> }.into_any()
        } else {
            view! {
                <table class="list" data-testid="violations">
                    <thead><tr>
                        <th>{t!(i18n, violation.code)}</th>
                        <th>{t!(i18n, violation.person)}</th>
                        <th>{t!(i18n, violation.conduct)}</th>
                        <th>{t!(i18n, violation.severity_label)}</th>
                        <th>{t!(i18n, violation.points)}</th>
                        <th>{t!(i18n, violation.state_label)}</th>
                        <th>{t!(i18n, violation.proposed_at)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|v| {
                            let counted = v.counted_points();
                            view! {
                                <tr data-testid="violation-row" data-state=v.state.code()>
                                    <td data-label=t_string!(i18n, violation.code)><a href=format!("/violations/{}", v.id)>{v.code.clone()}</a></td>
                                    <td data-label=t_string!(i18n, violation.person)>{v.person.clone()} " " <span class="muted">{v.department.clone()}</span></td>
                                    <td data-label=t_string!(i18n, violation.conduct)>{conduct_text(i18n, v.conduct, &v.conduct_text)}</td>
                                    <td data-label=t_string!(i18n, violation.severity_label)>{severity_text(i18n, v.severity)}</td>
                                    <td data-label=t_string!(i18n, violation.points) data-testid="violation-points">{points_text(&v, counted)}</td>
                                    <td data-label=t_string!(i18n, violation.state_label)>{state_text(i18n, v.state)}</td>
                                    <td data-label=t_string!(i18n, violation.proposed_at)>{local_time(v.proposed_at, offset)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// The points a violation costs: as decided once decided ("5 → 2"), else as proposed.
pub(super) fn points_text(v: &Violation, counted: u32) -> String {
    match &v.decided {
        Some(d) if d.points != v.penalty.points => match d.points {
            0 => format!("−{} → 0", v.penalty.points),
            n => format!("−{} → −{n}", v.penalty.points),
        },
        _ if v.state == ViolationState::Final || v.decided.is_some() => format!("−{counted}"),
        _ => format!("(−{})", v.penalty.points),
    }
}
