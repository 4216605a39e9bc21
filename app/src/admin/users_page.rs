//! The user list and the form to create a user.
use super::api::{list_accounts, list_departments, CreateAccount};
use super::fields::{ClearanceSelect, DepartmentSelect, RoleChecks};
use crate::domain::roles::Clearance;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use crate::ui::labels::{ClearanceLabel, RoleList};
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <UsersAdmin /> } /> }
}

#[component]
fn UsersAdmin() -> impl IntoView {
    let i18n = use_i18n();
    let accounts = crate::ui::data::page_data(|| (), |_| list_accounts());
    let departments = crate::ui::data::page_data(|| (), |_| list_departments());
    let create = ServerAction::<CreateAccount>::new();
    let error = error_of(create);
    view! {
        <section class="card">
            <h1>{t!(i18n, admin.users_title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(list) => {
                            let count = list.len();
                            view! {
                                <p class="muted">{t!(i18n, admin.count, count = move || count)}</p>
                                <table class="list" data-testid="users-table">
                                    <thead>
                                        <tr>
                                            <th>{t!(i18n, admin.login)}</th>
                                            <th>{t!(i18n, admin.display_name)}</th>
                                            <th>{t!(i18n, admin.department)}</th>
                                            <th>{t!(i18n, admin.roles)}</th>
                                            <th>{t!(i18n, admin.clearance)}</th>
                                            <th>{t!(i18n, admin.status)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|a| {
                                                let href = format!("/admin/users/{}", a.id);
                                                view! {
                                                    <tr>
                                                        <td data-label=move || t_string!(i18n, admin.login)>
                                                            <a href=href>{a.login.clone()}</a>
                                                        </td>
                                                        <td data-label=move || t_string!(i18n, admin.display_name)>{a.display_name.clone()}</td>
                                                        <td data-label=move || t_string!(i18n, admin.department)>{a.department_name.clone()}</td>
                                                        <td data-label=move || t_string!(i18n, admin.roles)><RoleList roles=a.roles.clone() /></td>
                                                        <td data-label=move || t_string!(i18n, admin.clearance)><ClearanceLabel clearance=a.clearance /></td>
                                                        <td data-label=move || t_string!(i18n, admin.status)>
                                                            <AccountStatus active=a.active must_change=a.must_change_password />
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        <section class="card">
            <h2>{t!(i18n, admin.create_title)}</h2>
            <ErrorBanner error />
            <ActionForm action=create>
                <div class="grid2">
                    <div>
                        <label for="login">{t!(i18n, admin.login)}</label>
                        <input id="login" name="login" required autocapitalize="none" spellcheck="false" maxlength="32" />
                        <FieldError error field="login" />
                    </div>
                    <div>
                        <label for="display_name">{t!(i18n, admin.display_name)}</label>
                        <input id="display_name" name="display_name" required maxlength="40" />
                        <FieldError error field="display_name" />
                    </div>
                    <div>
                        <label for="department_id">{t!(i18n, admin.department)}</label>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                departments
                                    .await
                                    .map(|d| view! { <DepartmentSelect departments=d selected=None /> })
                                    .ok()
                            })}
                        </Transition>
                        <FieldError error field="department_id" />
                    </div>
                    <div>
                        <label for="clearance">{t!(i18n, admin.clearance)}</label>
                        <ClearanceSelect selected=Clearance::Internal />
                        <FieldError error field="clearance" />
                    </div>
                </div>
                <fieldset>
                    <legend>{t!(i18n, admin.roles)}</legend>
                    <RoleChecks selected=vec![] />
                    <FieldError error field="roles" />
                </fieldset>
                <label for="password">{t!(i18n, admin.initial_password)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" />
                <small class="muted">{t!(i18n, admin.initial_password_hint)}</small>
                <FieldError error field="password" />
                <button type="submit" class="primary">{t!(i18n, admin.create_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AccountStatus(active: bool, must_change: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {if active {
            view! { <span class="badge ok">{t!(i18n, admin.active)}</span> }.into_any()
        } else {
            view! { <span class="badge off">{t!(i18n, admin.disabled)}</span> }.into_any()
        }}
        {must_change.then(|| view! { <span class="badge warn">{t!(i18n, admin.must_change)}</span> })}
    }
}
