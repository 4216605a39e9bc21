//! The sign-in page. A plain form that works before hydration; once hydrated it also
//! offers a show-password toggle.
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, FieldError};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    // Created in the page (inside the routes) so that, without JavaScript, the error the
    // server put in the URL reaches it.
    let login = ServerAction::<super::api::Login>::new();
    let error = error_of(login);
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let (show_password, set_show_password) = signal(false);
    // Only true in a hydrated page: the toggle exists only where it can work.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <section class="card narrow">
            <h1>{t!(i18n, login.title)}</h1>
            <p class="muted">{t!(i18n, login.intro)}</p>
            <ErrorBanner error />
            <ActionForm action=login>
                <input type="hidden" name="next" value=next />
                <label for="login">{t!(i18n, login.login)}</label>
                <input
                    id="login"
                    name="login"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                />
                <FieldError error field="login" />
                <label for="password">{t!(i18n, login.password)}</label>
                <div class="with-toggle">
                    <input
                        id="password"
                        name="password"
                        type=move || if show_password.get() { "text" } else { "password" }
                        autocomplete="current-password"
                        required
                    />
                    <Show when=move || hydrated.get()>
                        <button
                            type="button"
                            class="link"
                            data-testid="toggle-password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| set_show_password.update(|s| *s = !*s)
                        >
                            {move || {
                                if show_password.get() {
                                    t_string!(i18n, login.hide_password)
                                } else {
                                    t_string!(i18n, login.show_password)
                                }
                            }}
                        </button>
                    </Show>
                </div>
                <button type="submit" class="primary">{t!(i18n, login.submit)}</button>
            </ActionForm>
        </section>
    }
}
