//! 制度: the documents with their version in force and the revision under way, and what
//! waits for the signed-in user.
use super::api::list_policies;
use super::labels::state_text;
use super::todo::TodoLists;
use super::PolicyList;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use crate::ui::labels::RoleLabel;
use leptos::prelude::*;

#[component]
pub fn PoliciesPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <PoliciesView /> } /> }
}

#[component]
fn PoliciesView() -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data::page_data(|| (), |_| list_policies());
    view! {
        <h1>{t!(i18n, policy.title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <ListView l /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ListView(l: PolicyList) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    view! {
        <TodoLists todo=l.todo />
        <p class="actions">
            {l.may_author.then(|| view! {
                <a class="button" href="/policies/new" data-testid="new-policy">{t!(i18n, policy.new_policy)}</a> " "
            })}
            <a href="/policies/letters" data-testid="letters-link">{t!(i18n, policy.letters_link)}</a>
        </p>
        {if l.documents.is_empty() {
            view! { <p class="muted">{t!(i18n, policy.none)}</p> }.into_any()
        } else {
            view! {
                <table class="list" data-testid="policies">
                    <thead><tr>
                        <th>{t!(i18n, policy.code)}</th>
                        <th>{t!(i18n, policy.title_field)}</th>
                        <th>{t!(i18n, policy.department)}</th>
                        <th>{t!(i18n, policy.in_force)}</th>
                        <th>{t!(i18n, policy.revision)}</th>
                    </tr></thead>
                    <tbody>
                        {l.documents.into_iter().map(|d| view! {
                            <tr data-testid="policy-row">
                                <td data-label=t_string!(i18n, policy.code)><code>{d.code.clone()}</code></td>
                                <td data-label=t_string!(i18n, policy.title_field)>
                                    <a href=format!("/policies/{}", d.id)>{d.title.clone()}</a>
                                    {d.post_role.map(|r| view! { " " <span class="badge"><RoleLabel role=r /></span> })}
                                </td>
                                <td data-label=t_string!(i18n, policy.department)>{d.department_name.clone()}</td>
                                <td data-label=t_string!(i18n, policy.in_force)>{match &d.current {
                                    Some(v) => format!("{} · {}", v.number(), v.published_at.map(|t| local_time(t, offset)).unwrap_or_default()),
                                    None => t_string!(i18n, policy.not_yet).to_owned(),
                                }}</td>
                                <td data-label=t_string!(i18n, policy.revision)>{d.pending.as_ref().map(|v| view! {
                                    <a href=format!("/policies/versions/{}", v.id)>{v.number()} " · " {state_text(i18n, v.state)}</a>
                                })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
