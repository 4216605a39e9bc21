//! One user: change department, roles and clearance; disable or enable; reset the password.
use super::api::{get_account, list_departments, ResetPassword, SetAccountActive, UpdateAccess};
use super::fields::{ClearanceSelect, DepartmentSelect, RoleChecks};
use super::users_page::AccountStatus;
use crate::auth::Account;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UserEditPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <UserEdit /> } /> }
}

#[component]
fn UserEdit() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = crate::ui::data::route_id();
    let update = ServerAction::<UpdateAccess>::new();
    let activate = ServerAction::<SetAccountActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let account = crate::ui::data::page_data(
        move || {
            (
                id(),
                update.version().get(),
                activate.version().get(),
                reset.version().get(),
            )
        },
        |(id, ..)| get_account(id),
    );
    let departments = crate::ui::data::page_data(|| (), |_| list_departments());
    let saved = move || {
        let i18n = use_i18n();
        match query.read().get("saved").as_deref() {
            Some("created") => Some(t_string!(i18n, admin.saved_created)),
            Some("access") => Some(t_string!(i18n, admin.saved_access)),
            Some("active") => Some(t_string!(i18n, admin.saved_active)),
            Some("password") => Some(t_string!(i18n, admin.saved_password)),
            _ => None,
        }
        .map(|msg| view! { <p class="alert ok" role="status" data-testid="saved">{msg}</p> })
    };
    view! {
        <p><a href="/admin/users">{t!(i18n, admin.back)}</a></p>
        {saved}
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match (account.await, departments.await) {
                    (Ok(account), Ok(departments)) => {
                        view! { <EditForms account departments update activate reset /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EditForms(
    account: Account,
    departments: Vec<(crate::domain::org::Department, usize)>,
    update: ServerAction<UpdateAccess>,
    activate: ServerAction<SetAccountActive>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    let i18n = use_i18n();
    let update_error = error_of(update);
    let activate_error = error_of(activate);
    let reset_error = error_of(reset);
    let id = account.id;
    view! {
        <section class="card">
            <h1>{account.display_name.clone()} " · " {account.login.clone()}</h1>
            <p><AccountStatus active=account.active must_change=account.must_change_password /></p>
            <h2>{t!(i18n, admin.access_title)}</h2>
            <ErrorBanner error=update_error />
            <ActionForm action=update>
                <input type="hidden" name="id" value=id.to_string() />
                <div class="grid2">
                    <div>
                        <label for="department_id">{t!(i18n, admin.department)}</label>
                        <DepartmentSelect departments selected=Some(account.department_id) />
                        <FieldError error=update_error field="department_id" />
                    </div>
                    <div>
                        <label for="clearance">{t!(i18n, admin.clearance)}</label>
                        <ClearanceSelect selected=account.clearance />
                        <FieldError error=update_error field="clearance" />
                    </div>
                </div>
                <fieldset>
                    <legend>{t!(i18n, admin.roles)}</legend>
                    <RoleChecks selected=account.roles.clone() />
                    <FieldError error=update_error field="roles" />
                </fieldset>
                <button type="submit" class="primary">{t!(i18n, admin.save_access)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, admin.account_title)}</h2>
            <ErrorBanner error=activate_error />
            <FieldError error=activate_error field="active" />
            <ActionForm action=activate>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="active" value=(!account.active).to_string() />
                {if account.active {
                    view! { <button type="submit" class="danger">{t!(i18n, admin.disable)}</button> }.into_any()
                } else {
                    view! { <button type="submit">{t!(i18n, admin.enable)}</button> }.into_any()
                }}
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, admin.reset_title)}</h2>
            <p class="muted">{t!(i18n, admin.reset_hint)}</p>
            <ErrorBanner error=reset_error />
            <ActionForm action=reset>
                <input type="hidden" name="id" value=id.to_string() />
                <label for="reset_password">{t!(i18n, admin.new_password)}</label>
                <input id="reset_password" name="password" type="password" autocomplete="new-password" required minlength="10" />
                <FieldError error=reset_error field="password" />
                <button type="submit">{t!(i18n, admin.reset_submit)}</button>
            </ActionForm>
        </section>
    }
}
