//! 排查台账: the filters (a plain GET form, so they work before hydration), the rows, and the
//! same rows as CSV or XLSX.
use super::checks::Ledger;
use super::labels::result_text;
use super::ledger::list_ledger;
use super::{LedgerList, LedgerQuery};
use crate::domain::risk_check::CheckResult;
use crate::i18n::*;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LedgerPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <LedgerView /> } /> }
}

#[component]
fn LedgerView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|m| LedgerQuery {
            department: m.get("department").and_then(|d| d.parse().ok()),
            from: m.get("from").unwrap_or_default(),
            to: m.get("to").unwrap_or_default(),
            result: m.get("result").unwrap_or_default(),
        })
    });
    let list = crate::ui::data::page_data(
        move || query.get(),
        |q| list_ledger(q.department, q.from, q.to, q.result),
    );
    view! {
        <h1>{t!(i18n, risk.ledger)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <LedgerListView l /> }.into_any(),
                    Err(error) => view! {
                        <ErrorBox error />
                        <p><a href="/risks/ledger">{t!(i18n, risk.clear)}</a></p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LedgerListView(l: LedgerList) -> impl IntoView {
    let i18n = use_i18n();
    let sel = |on: bool| on.then_some("selected");
    let filters = format!(
        "department={}&from={}&to={}&result={}",
        l.department.map(|d| d.to_string()).unwrap_or_default(),
        l.from,
        l.to,
        l.result.map(|r| r.code()).unwrap_or_default()
    );
    let n = l.entries.len();
    view! {
        <form method="get" action="/risks/ledger" class="risk-filters" data-testid="ledger-filters">
            <label>
                {t!(i18n, risk.department)}
                <select name="department">
                    <option value="">{t!(i18n, board.all)}</option>
                    {l.departments.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=sel(l.department == Some(id))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, risk.period_from)} <input type="date" name="from" value=l.from.to_string() /></label>
            <label>{t!(i18n, risk.period_to)} <input type="date" name="to" value=l.to.to_string() /></label>
            <label>
                {t!(i18n, risk.result_label)}
                <select name="result">
                    <option value="">{t!(i18n, board.all)}</option>
                    {[CheckResult::NoProblem, CheckResult::ProblemFound].into_iter().map(|r| view! {
                        <option value=r.code() selected=sel(l.result == Some(r))>{result_text(i18n, r)}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit">{t!(i18n, board.apply)}</button>
        </form>
        <p class="exports">
            <span class="muted" data-testid="ledger-count">{t!(i18n, risk.ledger_count, n)}</span>
            " "
            <a href=format!("/api/risks/ledger/export?format=csv&{filters}") download data-testid="ledger-csv">"CSV"</a>
            " · "
            <a href=format!("/api/risks/ledger/export?format=xlsx&{filters}") download data-testid="ledger-xlsx">"XLSX"</a>
        </p>
        <Ledger entries=l.entries show_risk=true offset=l.utc_offset_secs />
    }
}
