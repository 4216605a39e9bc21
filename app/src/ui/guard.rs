//! Pages that need a signed-in user render through `RequireAccount`.
use super::errors::ErrorBox;
use super::use_session;
use crate::auth::Account;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Renders `render(account)` for a signed-in user; sends others to the login page (and
/// users who must change their password to that page first).
#[component]
pub fn RequireAccount<F, V>(
    render: F,
    #[prop(optional)] allow_password_change: bool,
) -> impl IntoView
where
    F: Fn(Account) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match session.account.await {
                        Ok(Some(account)) if account.must_change_password
                            && !allow_password_change => {
                            view! { <Redirect path="/password" /> }.into_any()
                        }
                        Ok(Some(account)) => render(account).into_any(),
                        Ok(None) => {
                            let to = crate::domain::nav::login_url(
                                &location.pathname.get_untracked(),
                            );
                            view! { <Redirect path=to /> }.into_any()
                        }
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
