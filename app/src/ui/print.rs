//! The "print" button of the printable pages (league table, annual assessment, annual report).
//! The page's Content-Security-Policy refuses inline handlers, so the click is a hydrated
//! handler; the button stays hidden until hydration, when it can work (before that the
//! browser's own print command prints the same page).
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    let (hydrated, set_hydrated) = signal(false);
    // Effects run in the browser only, after hydration.
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <button type="button" class="link" data-testid="print" hidden=move || !hydrated.get()
            on:click=move |_| { let _ = window().print(); }>
            {t!(i18n, assessment.print)}
        </button>
    }
}
