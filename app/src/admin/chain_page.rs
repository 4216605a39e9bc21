//! Recompute the history hash chain and name the first event that was edited, deleted or
//! reordered.
use super::api::VerifyChain;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn ChainPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Chain /> } /> }
}

#[component]
fn Chain() -> impl IntoView {
    let i18n = use_i18n();
    let verify = ServerAction::<VerifyChain>::new();
    let error = error_of(verify);
    view! {
        <h1>{t!(i18n, chain.title)}</h1>
        <p class="muted">{t!(i18n, chain.intro)}</p>
        <ActionForm action=verify>
            <button type="submit" class="primary" data-testid="verify-chain">{t!(i18n, chain.verify)}</button>
        </ActionForm>
        <ErrorBanner error />
        {move || verify.value().get().and_then(|r| r.ok()).map(|r| {
            let checked = r.checked;
            match r.problem {
                None => view! { <p class="alert ok" role="status" data-testid="chain-ok">{t!(i18n, chain.ok, n = move || checked)}</p> }.into_any(),
                Some((seq, what, number)) => {
                    let number = number.unwrap_or_else(|| "—".into());
                    view! {
                        <p class="alert error" role="alert" data-testid="chain-broken">
                            {t!(i18n, chain.broken, seq = move || seq, number = move || number.clone())}
                            " "
                            {match what.as_str() {
                                "edited" => t_string!(i18n, chain.edited),
                                "deleted" => t_string!(i18n, chain.deleted),
                                "reordered" => t_string!(i18n, chain.reordered),
                                _ => t_string!(i18n, chain.tail_deleted),
                            }}
                        </p>
                    }.into_any()
                }
            }
        })}
    }
}
