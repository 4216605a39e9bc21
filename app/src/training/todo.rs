//! My work's card: the courses the signed-in user still has to pass.
use super::api::training_todo;
use super::labels::{standing_code, standing_text};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn TrainingTodo() -> impl IntoView {
    let i18n = use_i18n();
    let todo = crate::ui::data::page_data(|| (), |_| training_todo());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                todo.await.ok().filter(|t| !t.is_empty()).map(|t| view! {
                    <section class="card" data-testid="training-todo">
                        <h2>{t!(i18n, training.to_train)} " " <span class="count">{t.len()}</span></h2>
                        <ul>
                            {t.into_iter().map(|c| view! {
                                <li>
                                    <a href=format!("/training/{}", c.id)>{c.title.clone()}</a>
                                    {c.standing.map(|s| view! { " · " <span class=format!("badge standing-{}", standing_code(s))>{standing_text(i18n, s)}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
