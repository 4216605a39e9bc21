//! The category tree with its dispatch catalogue and deadlines, for admins.
use super::api::list_categories;
use crate::i18n::*;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn CategoriesPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Categories /> } /> }
}

#[component]
fn Categories() -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data::page_data(|| (), |_| list_categories());
    view! {
        <h1>{t!(i18n, reference.categories_title)}</h1>
        <p class="muted">{t!(i18n, reference.categories_intro)}</p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(cats) => view! {
                        <table class="list">
                            <thead><tr>
                                <th>{t!(i18n, reference.category)}</th>
                                <th>{t!(i18n, reference.catalogue)}</th>
                                <th>{t!(i18n, reference.skill)}</th>
                                <th>{t!(i18n, reference.hours)}</th>
                                <th>{t!(i18n, reference.script)}</th>
                            </tr></thead>
                            <tbody>
                                {cats.into_iter().map(|c| {
                                    let top = c.is_top_level();
                                    view! {
                                        <tr class:top=top>
                                            <td data-label=move || t_string!(i18n, reference.category)>
                                                <a href=format!("/admin/categories/{}", c.id)>{c.name.clone()}</a>
                                                " " <code>{c.code.clone()}</code>
                                                {c.direct_answer.then(|| view! { " " <span class="badge">{t!(i18n, reference.direct)}</span> })}
                                            </td>
                                            <td data-label=move || t_string!(i18n, reference.catalogue)>{c.department_name.clone().unwrap_or_else(|| "—".into())}</td>
                                            <td data-label=move || t_string!(i18n, reference.skill)>{c.required_skill.clone()}</td>
                                            <td data-label=move || t_string!(i18n, reference.hours)>{format!("{} / {} / {} / {}", c.hours[0], c.hours[1], c.hours[2], c.hours[3])}</td>
                                            <td data-label=move || t_string!(i18n, reference.script)>{c.script.len()} " · " {c.replies.len()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
