//! My work's card: the violations waiting for the signed-in user — to notify, to appeal
//! (until when), to decide.
use super::api::violation_todo;
use super::labels::state_text;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ViolationTodo() -> impl IntoView {
    let i18n = use_i18n();
    let todo = crate::ui::data::page_data(|| (), |_| violation_todo());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                todo.await.ok().filter(|(t, _)| !t.is_empty()).map(|(t, offset)| view! {
                    <section class="card" data-testid="violation-todo">
                        <h2>{t!(i18n, violation.todo)} " " <span class="count">{t.len()}</span></h2>
                        <ul>
                            {t.into_iter().map(|v| view! {
                                <li>
                                    <a href=format!("/violations/{}", v.id)>{v.code.clone()} " " {v.person.clone()}</a>
                                    " · " <span class="badge">{state_text(i18n, v.state)}</span>
                                    {v.appeal_until.filter(|_| v.state == crate::domain::violation::ViolationState::Notified).map(|until| view! {
                                        " · " {t!(i18n, violation.appeal_until)} " " {super::violation_page::last_day(until, offset)}
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
