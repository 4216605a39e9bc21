//! Shared components: the layout, the session context, guards, error and label display.
pub mod data;
pub mod errors;
pub mod guard;
pub mod home;
pub mod labels;
pub mod layout;
pub mod not_found;
pub mod print;

use crate::auth::Account;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Who is signed in. Fetched again whenever the path changes: signing in, signing out and
/// changing a password all end in a navigation, and an expired session shows on the next page.
#[derive(Clone, Copy)]
pub struct SessionCtx {
    pub account: data::PageData<Result<Option<Account>, AppError>>,
}

/// Call inside the router (it follows the location).
pub fn provide_session() {
    let location = use_location();
    let account = data::page_data(
        move || location.pathname.get(),
        |_| crate::auth::api::current_account(),
    );
    provide_context(SessionCtx { account });
}

pub fn use_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}
