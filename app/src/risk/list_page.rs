//! 风险清单: filters (a plain GET form), the inherent and residual heat maps whose cells
//! filter the list, and the risks as a table (cards on a phone).
use super::api::list_risks;
use super::heat_map::HeatMap;
use super::labels::{grade_text, status_text, type_text, GradeChip};
use super::{RiskFilter, RiskList, Which};
use crate::domain::risk::{review_due, Grade, RiskStatus, RiskType};
use crate::i18n::*;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RisksPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Risks /> } /> }
}

async fn fetch(f: RiskFilter) -> Result<RiskList, crate::error::AppError> {
    let (map, l, i) = match f.cell {
        Some((w, l, i)) => (
            match w {
                Which::Inherent => "inherent",
                Which::Residual => "residual",
            }
            .to_owned(),
            Some(i64::from(l)),
            Some(i64::from(i)),
        ),
        None => (String::new(), None, None),
    };
    list_risks(
        f.risk_type.map(|t| t.code().to_owned()).unwrap_or_default(),
        f.grade.map(|g| g.code().to_owned()).unwrap_or_default(),
        f.status.map(|s| s.code().to_owned()).unwrap_or_default(),
        f.department_id,
        map,
        l,
        i,
        if f.review_due {
            "due".into()
        } else {
            String::new()
        },
    )
    .await
}

#[component]
fn Risks() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let filter = Memo::new(move |_| params.with(|m| RiskFilter::from_params(|k| m.get(k))));
    let list = crate::ui::data::page_data(move || filter.get(), fetch);
    view! {
        <div class="risks-page">
            <h1>{t!(i18n, risk.list_title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <RiskListView list /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn RiskListView(list: RiskList) -> impl IntoView {
    let i18n = use_i18n();
    let f = list.filter.clone();
    let sel = |on: bool| on.then_some("selected");
    let selected = |w: Which| f.cell.filter(|c| c.0 == w).map(|(_, l, i)| (l, i));
    let today = list.today;
    let shown = list.risks.len();
    let total = list.total;
    view! {
        {list.can_manage.then(|| view! {
            <p><a class="button primary" href="/risks/new" data-testid="new-risk">{t!(i18n, risk.record)}</a></p>
        })}
        <div class="heatmaps">
            <HeatMap which=Which::Inherent cells=list.inherent_map matrix=list.settings.matrix selected=selected(Which::Inherent) />
            <HeatMap which=Which::Residual cells=list.residual_map matrix=list.settings.matrix selected=selected(Which::Residual) />
        </div>
        <form method="get" action="/risks" class="risk-filters">
            <label>
                {t!(i18n, risk.type_label)}
                <select name="type">
                    <option value="">{t!(i18n, board.all)}</option>
                    {RiskType::ALL.iter().map(|t| view! {
                        <option value=t.code() selected=sel(f.risk_type == Some(*t))>{type_text(i18n, *t)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, risk.grade_label)}
                <select name="grade">
                    <option value="">{t!(i18n, board.all)}</option>
                    {Grade::ALL.iter().map(|g| view! {
                        <option value=g.code() selected=sel(f.grade == Some(*g))>{grade_text(i18n, *g)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, risk.status_label)}
                <select name="status">
                    <option value="">{t!(i18n, board.all)}</option>
                    {RiskStatus::ALL.iter().map(|s| view! {
                        <option value=s.code() selected=sel(f.status == Some(*s))>{status_text(i18n, *s)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, risk.department)}
                <select name="department">
                    <option value="">{t!(i18n, board.all)}</option>
                    {list.departments.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=sel(f.department_id == Some(id))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" name="review" value="due" checked=f.review_due />{t!(i18n, risk.review_due_only)}</label>
            <button type="submit">{t!(i18n, board.apply)}</button>
            {(f != RiskFilter::default()).then(|| view! { <a href="/risks" data-testid="clear-filter">{t!(i18n, risk.clear)}</a> })}
        </form>
        <p class="muted" data-testid="risk-count">{t!(i18n, risk.count, shown = move || shown, total = move || total)}</p>
        <table class="list risk-table">
            <thead>
                <tr>
                    <th>{t!(i18n, risk.code)}</th>
                    <th>{t!(i18n, risk.title_field)}</th>
                    <th>{t!(i18n, risk.type_label)}</th>
                    <th>{t!(i18n, risk.inherent)}</th>
                    <th>{t!(i18n, risk.residual)}</th>
                    <th>{t!(i18n, risk.owner)}</th>
                    <th>{t!(i18n, risk.status_label)}</th>
                    <th>{t!(i18n, risk.next_review)}</th>
                </tr>
            </thead>
            <tbody>
                {list.risks.into_iter().map(|r| {
                    let href = format!("/risks/{}", r.id);
                    view! {
                        <tr data-testid="risk-row">
                            <td data-label=t_string!(i18n, risk.code)><a href=href.clone()><code>{r.facts.code.clone()}</code></a></td>
                            <td data-label=t_string!(i18n, risk.title_field)><a href=href>{r.facts.title.clone()}</a></td>
                            <td data-label=t_string!(i18n, risk.type_label)>{type_text(i18n, r.facts.risk_type)}</td>
                            <td data-label=t_string!(i18n, risk.inherent)>{format!("{}×{} ", r.facts.inherent.likelihood, r.facts.inherent.impact)}<GradeChip grade=r.inherent_grade /></td>
                            <td data-label=t_string!(i18n, risk.residual)>{format!("{}×{} ", r.facts.residual.likelihood, r.facts.residual.impact)}<GradeChip grade=r.residual_grade /></td>
                            <td data-label=t_string!(i18n, risk.owner)>{r.owner_name.clone()} " · " {r.department_name.clone()}</td>
                            <td data-label=t_string!(i18n, risk.status_label)>{status_text(i18n, r.status)}</td>
                            <td data-label=t_string!(i18n, risk.next_review)>
                                {r.next_review.to_string()}
                                {review_due(r.next_review, today, r.status).then(|| view! { " " <span class="badge warn" data-testid="review-due">{t!(i18n, risk.review_overdue)}</span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
