//! 评分方案 (`/assessment/scheme`): how the league table gives points — per KPI its full
//! marks, the figure below which it scores 0, the floor it scores there and the figure where
//! it reaches full marks (rates in percent, hours in hours); the groups ranked apart with
//! their full marks and red-list size; each department's group; the black list's size.
//! Everyone may read it; admins change it (a plain form, before hydration too).
use super::api::{get_score_scheme, SaveScoreScheme};
use super::page::kpi_label;
use super::SchemeForm;
use crate::domain::kpi::{Kpi, Measure};
use crate::domain::score::{SchemeText, MAX_GROUPS};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ScoreSchemePage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <SchemeScreen /> } /> }
}

#[component]
fn SchemeScreen() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveScoreScheme>::new();
    let form = crate::ui::data::page_data(move || save.version().get(), |_| get_score_scheme());
    // Saved: said by the redirect's query (a plain form) or the action's answer.
    let query = use_query_map();
    let saved = move || {
        query.with(|m| m.get("saved").is_some()) || save.value().with(|v| matches!(v, Some(Ok(()))))
    };
    view! {
        <div class="assessment-page scheme-page">
            <p class="no-print"><a href="/assessment/league">{t!(i18n, assessment.league)}</a></p>
            <h1>{t!(i18n, assessment.scheme)}</h1>
            {move || saved().then(|| view! { <p class="alert ok" data-testid="saved">{t!(i18n, assessment.saved)}</p> })}
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match form.await {
                        Ok(f) => view! { <Form f save /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

const GROUP_FIELDS: [&str; MAX_GROUPS] = [
    "group_0", "group_1", "group_2", "group_3", "group_4", "group_5",
];

#[component]
fn Form(f: SchemeForm, save: ServerAction<SaveScoreScheme>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let t = SchemeText::of(&f.scheme);
    let off = !f.may_edit;
    let get = |m: &std::collections::BTreeMap<String, String>, k: &str| {
        m.get(k).cloned().unwrap_or_default()
    };
    let curves = Kpi::ALL
        .iter()
        .map(|k| {
            let code = k.code();
            let unit = match k.measure() {
                Measure::Rate => "%",
                Measure::Hours => "h",
            };
            let input = |name: &str, value: String, label: String| {
                view! {
                    <td>
                        <input name=format!("{name}[{code}]") value=value type="text" inputmode="decimal" size="5" maxlength="8"
                            disabled=off aria-label=label data-testid=format!("{name}-{code}") />
                    </td>
                }
            };
            let label = kpi_label(i18n, *k);
            let better = if k.higher_is_better() { "↑" } else { "↓" };
            view! {
                <tr data-kpi=code>
                    <th scope="row">{label} " " <small class="muted">{better} " " {unit}</small>
                        <FieldError error=e field=code />
                    </th>
                    {input("weight", get(&t.weight, code), format!("{label} · {}", t_string!(i18n, assessment.weight)))}
                    {input("zero_at", get(&t.zero_at, code), format!("{label} · {}", t_string!(i18n, assessment.zero_at)))}
                    {input("floor", get(&t.floor, code), format!("{label} · {}", t_string!(i18n, assessment.floor)))}
                    {input("full_at", get(&t.full_at, code), format!("{label} · {}", t_string!(i18n, assessment.full_at)))}
                </tr>
            }
        })
        .collect_view();
    let groups = (0..MAX_GROUPS)
        .map(|i| {
            let k = i.to_string();
            view! {
                <tr>
                    <td>
                        <input name=format!("group_name[{i}]") value=get(&t.group_name, &k) maxlength="40" disabled=off
                            aria-label=move || t_string!(i18n, assessment.group_name) data-testid=format!("group-name-{i}") />
                        <FieldError error=e field=GROUP_FIELDS[i] />
                    </td>
                    <td><input name=format!("group_full[{i}]") value=get(&t.group_full, &k) inputmode="decimal" size="5" disabled=off
                        aria-label=move || t_string!(i18n, assessment.group_full) /></td>
                    <td><input name=format!("group_red[{i}]") value=get(&t.group_red, &k) inputmode="numeric" size="3" disabled=off
                        aria-label=move || t_string!(i18n, assessment.red_size) /></td>
                </tr>
            }
        })
        .collect_view();
    let names: Vec<String> = f.scheme.groups.iter().map(|g| g.name.clone()).collect();
    let members = f
        .departments
        .iter()
        .map(|(id, name)| {
            let at = f.scheme.group_of(*id);
            let options = names
                .iter()
                .enumerate()
                .map(|(i, n)| view! { <option value=i.to_string() selected=i == at>{n.clone()}</option> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{name.clone()}</th>
                    <td><select name=format!("member[{id}]") disabled=off aria-label=name.clone() data-testid=format!("member-{id}")>{options}</select></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ErrorBanner error=e />
        <FieldError error=e field="curves" />
        <ActionForm action=save attr:class="form card scheme-form" attr:data-testid="score-scheme">
            <p class="muted">{t!(i18n, assessment.scheme_help)}</p>
            <div class="table-scroll">
                <table class="kpi-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, assessment.kpi_name)}</th>
                            <th scope="col">{t!(i18n, assessment.weight)}</th>
                            <th scope="col">{t!(i18n, assessment.zero_at)}</th>
                            <th scope="col">{t!(i18n, assessment.floor)}</th>
                            <th scope="col">{t!(i18n, assessment.full_at)}</th>
                        </tr>
                    </thead>
                    <tbody>{curves}</tbody>
                </table>
            </div>
            <h2>{t!(i18n, assessment.groups)}</h2>
            <p class="muted">{t!(i18n, assessment.groups_help)}</p>
            <div class="table-scroll">
                <table class="kpi-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, assessment.group_name)}</th>
                            <th scope="col">{t!(i18n, assessment.group_full)}</th>
                            <th scope="col">{t!(i18n, assessment.red_size)}</th>
                        </tr>
                    </thead>
                    <tbody>{groups}</tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="kpi-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, assessment.unit)}</th>
                            <th scope="col">{t!(i18n, assessment.group)}</th>
                        </tr>
                    </thead>
                    <tbody>{members}</tbody>
                </table>
            </div>
            <label for="black-size">{t!(i18n, assessment.black_size)}</label>
            <input id="black-size" name="black_size" value=t.black_size.clone() inputmode="numeric" size="3" disabled=off data-testid="black-size" />
            <FieldError error=e field="black_size" />
            <h2>{t!(i18n, assessment.annual_rules)}</h2>
            <p class="muted">{t!(i18n, assessment.annual_rules_help)}</p>
            <FieldError error=e field="annual" />
            <div class="fields4">
                <div>
                    <label for="kpi-share">{t!(i18n, assessment.kpi_share)}</label>
                    <input id="kpi-share" name="kpi_share" value=t.kpi_share.clone() inputmode="decimal" size="4" disabled=off data-testid="kpi-share" />
                </div>
                <div>
                    <label for="band-excellent">{t!(i18n, assessment.grade.excellent)}</label>
                    <input id="band-excellent" name="excellent" value=t.excellent.clone() inputmode="decimal" size="4" disabled=off />
                </div>
                <div>
                    <label for="band-pass">{t!(i18n, assessment.grade.pass)}</label>
                    <input id="band-pass" name="pass" value=t.pass.clone() inputmode="decimal" size="4" disabled=off />
                </div>
                <div>
                    <label for="band-basic">{t!(i18n, assessment.grade.basic)}</label>
                    <input id="band-basic" name="basic" value=t.basic.clone() inputmode="decimal" size="4" disabled=off />
                </div>
            </div>
            {f.may_edit.then(|| view! { <button type="submit" class="primary" data-testid="save-scheme">{t!(i18n, common.save)}</button> })}
        </ActionForm>
    }
}
