//! Changing one's own password; also where a user with a reset password lands first.
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    view! {
        <RequireAccount
            allow_password_change=true
            render=|account| view! { <PasswordForm must_change=account.must_change_password /> }
        />
    }
}

#[component]
fn PasswordForm(must_change: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<super::api::ChangePassword>::new();
    let error = error_of(action);
    view! {
        <section class="card narrow">
            <h1>{t!(i18n, password.title)}</h1>
            <Show when=move || must_change>
                <p class="alert info" data-testid="must-change">{t!(i18n, password.must_change)}</p>
            </Show>
            <ErrorBanner error />
            <ActionForm action>
                <label for="current">{t!(i18n, password.current)}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required />
                <FieldError error field="current" />
                <label for="new_password">{t!(i18n, password.new_password)}</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10" />
                <small class="muted">{t!(i18n, password.rules)}</small>
                <FieldError error field="new_password" />
                <label for="confirm">{t!(i18n, password.confirm)}</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="10" />
                <FieldError error field="confirm" />
                <button type="submit" class="primary">{t!(i18n, password.submit)}</button>
            </ActionForm>
        </section>
    }
}
