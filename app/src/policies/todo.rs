//! What waits for the signed-in user about policies: versions to decide and versions to
//! acknowledge; on the policies page and as a card on my work.
use super::api::policy_todo;
use super::labels::stage_text;
use super::{PolicyTodoList, TodoItem};
use crate::i18n::*;
use leptos::prelude::*;

/// The two lists, as links to each version (nothing when both are empty).
#[component]
pub fn TodoLists(todo: PolicyTodoList) -> impl IntoView {
    let i18n = use_i18n();
    // A decision is taken on the version's page; an acknowledgement on the document's.
    let item = move |t: TodoItem| {
        let href = match t.stage {
            Some(_) => format!("/policies/versions/{}", t.version_id),
            None => format!("/policies/{}", t.document_id),
        };
        view! {
            <li data-testid="policy-todo-item">
                <a href=href>{t.title.clone()} " " {t.number.clone()}</a>
                {t.stage.map(|s| view! { " · " <span class="muted">{stage_text(i18n, s)}</span> })}
            </li>
        }
    };
    view! {
        {(!todo.to_approve.is_empty()).then(|| view! {
            <section class="card" data-testid="policy-to-approve">
                <h2>{t!(i18n, policy.to_approve)} " " <span class="count">{todo.to_approve.len()}</span></h2>
                <ul>{todo.to_approve.into_iter().map(item).collect_view()}</ul>
            </section>
        })}
        {(!todo.to_sign.is_empty()).then(|| view! {
            <section class="card alert" data-testid="policy-to-sign">
                <h2>{t!(i18n, letter.to_sign)} " " <span class="count">{todo.to_sign.len()}</span></h2>
                <ul>{todo.to_sign.into_iter().map(|t| view! {
                    <li><a href="/policies/letters">{t.title} " " {t.number}</a></li>
                }).collect_view()}</ul>
            </section>
        })}
        {(!todo.to_acknowledge.is_empty()).then(|| view! {
            <section class="card" data-testid="policy-to-acknowledge">
                <h2>{t!(i18n, policy.to_acknowledge)} " " <span class="count">{todo.to_acknowledge.len()}</span></h2>
                <ul>{todo.to_acknowledge.into_iter().map(item).collect_view()}</ul>
            </section>
        })}
    }
}

/// My work's card: loads the lists on its own.
#[component]
pub fn PolicyTodo() -> impl IntoView {
    let todo = crate::ui::data::page_data(|| (), |_| policy_todo());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                todo.await.ok().map(|todo| view! { <TodoLists todo /> })
            })}
        </Transition>
    }
}
