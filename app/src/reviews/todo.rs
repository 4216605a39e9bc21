//! My work's card for compliance: the requests waiting for their review.
use super::api::review_todo;
use super::labels::{point_text, subject_text};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ReviewTodo() -> impl IntoView {
    let i18n = use_i18n();
    let todo = crate::ui::data::page_data(|| (), |_| review_todo());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                todo.await.ok().filter(|t| !t.is_empty()).map(|t| view! {
                    <section class="card" data-testid="review-todo">
                        <h2>{t!(i18n, review.to_review)} " " <span class="count">{t.len()}</span></h2>
                        <ul>
                            {t.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/reviews/{}", r.id)>{r.code.clone()}</a>
                                    " · " {point_text(i18n, r.point)} " · " {subject_text(i18n, &r.proposal)}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
