//! "My work": the lists each role works from.
use super::api::get_my_work;
use super::labels::{TicketList, WorkListLabel};
use crate::i18n::*;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn WorkPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Work /> } /> }
}

#[component]
fn Work() -> impl IntoView {
    let i18n = use_i18n();
    let work = crate::ui::data::page_data(|| (), |_| get_my_work());
    view! {
        <h1>{t!(i18n, work.title)}</h1>
        <crate::policies::PolicyTodo />
        <crate::training::TrainingTodo />
        <crate::reviews::ReviewTodo />
        <crate::violations::ViolationTodo />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match work.await {
                    Ok(w) if w.sections.is_empty() => view! { <p class="muted">{t!(i18n, work.nothing_for_role)}</p> }.into_any(),
                    Ok(w) => w.sections.into_iter().map(|s| {
                        let n = s.tickets.len();
                        view! {
                            <section class="card" data-list=format!("{:?}", s.list).to_lowercase()>
                                <h2><WorkListLabel list=s.list /> " " <span class="count">{n}</span></h2>
                                <TicketList tickets=s.tickets now=w.now offset=w.utc_offset_secs />
                            </section>
                        }
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
