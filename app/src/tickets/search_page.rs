//! Search by ticket number, caller phone (never put in the URL, never shown back unmasked)
//! or words from the description or address.
use super::api::{last_search, SearchTickets};
use super::labels::TicketList;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn SearchPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Search /> } /> }
}

#[component]
fn Search() -> impl IntoView {
    let i18n = use_i18n();
    let search = ServerAction::<SearchTickets>::new();
    let error = error_of(search);
    let result = crate::ui::data::page_data(move || search.version().get(), |_| last_search());
    view! {
        <h1>{t!(i18n, search.title)}</h1>
        <ActionForm action=search attr:class="searchbar">
            <label for="q" class="sr-only">{t!(i18n, search.label)}</label>
            <input id="q" name="q" type="search" maxlength="100" required autocomplete="off"
                placeholder=move || t_string!(i18n, search.placeholder) />
            <button type="submit" class="primary">{t!(i18n, search.submit)}</button>
        </ActionForm>
        <ErrorBanner error />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(Some(r)) => {
                        let q = r.query.clone();
                        let n = r.tickets.len();
                        view! {
                            <p class="muted" data-testid="search-summary">{t!(i18n, search.found, n = move || n, q = move || q.clone())}</p>
                            <TicketList tickets=r.tickets now=r.now offset=r.utc_offset_secs />
                        }.into_any()
                    }
                    Ok(None) => view! { <p class="muted">{t!(i18n, search.hint)}</p> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
