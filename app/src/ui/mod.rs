//! Shared components: the layout, the session context, guards, error and label display.
pub mod errors;
pub mod guard;
pub mod home;
pub mod labels;
pub mod layout;
pub mod not_found;

use crate::auth::api::{ChangePassword, Login, Logout};
use crate::auth::Account;
use crate::error::AppError;
use leptos::prelude::*;

/// Who is signed in, and the actions that change it (the account is refetched after each).
#[derive(Clone, Copy)]
pub struct SessionCtx {
    pub account: Resource<Result<Option<Account>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub change_password: ServerAction<ChangePassword>,
}

pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let account = Resource::new(
        move || {
            (
                login.version().get(),
                logout.version().get(),
                change_password.version().get(),
            )
        },
        |_| crate::auth::api::current_account(),
    );
    provide_context(SessionCtx {
        account,
        login,
        logout,
        change_password,
    });
}

pub fn use_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}
