//! 承诺书: the signed-in user's post compliance commitment letters, each with its text and
//! the form that signs it (the full name typed as on the account); and, for those who keep
//! or follow the rules, who has signed each letter in force.
use super::api::{get_letters, SignLetter};
use super::{LetterList, MyLetter};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn LettersPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <LettersView /> } /> }
}

#[component]
fn LettersView() -> impl IntoView {
    let i18n = use_i18n();
    let sign = ServerAction::<SignLetter>::new();
    let list = crate::ui::data::page_data(move || sign.version().get(), |_| get_letters());
    view! {
        <p><a href="/policies">{t!(i18n, policy.back)}</a></p>
        <h1>{t!(i18n, letter.title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <LettersView2 l sign /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LettersView2(l: LetterList, sign: ServerAction<SignLetter>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    let name = l.display_name.clone();
    view! {
        {(l.mine.is_empty() && l.overview.is_empty()).then(|| view! { <p class="muted">{t!(i18n, letter.none)}</p> })}
        {l.mine.into_iter().map(|m| view! { <Letter m sign offset name=name.clone() /> }).collect_view()}
        {(!l.overview.is_empty()).then(|| view! {
            <section class="card" data-testid="letter-overview">
                <h2>{t!(i18n, letter.overview)}</h2>
                <table class="list">
                    <thead><tr>
                        <th>{t!(i18n, policy.title_field)}</th>
                        <th>{t!(i18n, letter.signed_count)}</th>
                        <th>{t!(i18n, letter.not_signed)}</th>
                    </tr></thead>
                    <tbody>
                        {l.overview.into_iter().map(|o| view! {
                            <tr data-testid="letter-row">
                                <td data-label=t_string!(i18n, policy.title_field)><a href=format!("/policies/{}", o.document.id)>{o.document.title.clone()}</a></td>
                                <td data-label=t_string!(i18n, letter.signed_count)>{o.coverage.acknowledged} " / " {o.coverage.total}</td>
                                <td data-label=t_string!(i18n, letter.not_signed)>{o.coverage.missing.iter().map(|(n, d)| format!("{n}（{d}）")).collect::<Vec<_>>().join("、")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}

#[component]
fn Letter(m: MyLetter, sign: ServerAction<SignLetter>, offset: i32, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(sign);
    view! {
        <section class="card" data-testid="my-letter">
            <h2>{m.title.clone()} " " <span class="muted">{m.number.clone()}</span></h2>
            <article class="policy-text" inner_html=m.html.clone()></article>
            {match m.signed_at {
                Some(at) => view! {
                    <p class="alert ok" data-testid="signed">{t!(i18n, letter.signed_at, at = local_time(at, offset))}</p>
                }.into_any(),
                None => view! {
                    <ErrorBanner error=e />
                    <ActionForm action=sign attr:class="form" attr:data-testid="sign-form">
                        <input type="hidden" name="version_id" value=m.version_id.to_string() />
                        <label for=format!("full-name-{}", m.version_id)>{t!(i18n, letter.type_name, name = name.clone())}</label>
                        <input id=format!("full-name-{}", m.version_id) name="full_name" required autocomplete="off" data-testid="full-name" />
                        <FieldError error=e field="full_name" />
                        <p class="muted">{t!(i18n, letter.sign_hint)}</p>
                        <button type="submit" class="primary" data-testid="sign">{t!(i18n, letter.sign)}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}
