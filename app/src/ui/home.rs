//! The home page: who you are, in which department, with which roles.
use super::guard::RequireAccount;
use super::labels::{ClearanceLabel, RoleList};
use crate::auth::Account;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! { <RequireAccount render=|account| view! { <Welcome account /> } /> }
}

#[component]
fn Welcome(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let name = account.display_name.clone();
    view! {
        <section class="card">
            <h1>{t!(i18n, home.welcome, name = move || name.clone())}</h1>
            <dl class="facts">
                <dt>{t!(i18n, home.login)}</dt>
                <dd>{account.login.clone()}</dd>
                <dt>{t!(i18n, home.department)}</dt>
                <dd data-testid="home-department">{account.department_name.clone()}</dd>
                <dt>{t!(i18n, home.roles)}</dt>
                <dd><RoleList roles=account.roles.clone() /></dd>
                <dt>{t!(i18n, home.clearance)}</dt>
                <dd><ClearanceLabel clearance=account.clearance /></dd>
            </dl>
        </section>
    }
}
