//! Translated names of roles and clearance levels.
use crate::domain::roles::{Clearance, Role};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn RoleLabel(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    match role {
        Role::Agent => t_string!(i18n, role.agent),
        Role::Handler => t_string!(i18n, role.handler),
        Role::DeptLead => t_string!(i18n, role.dept_lead),
        Role::Supervisor => t_string!(i18n, role.supervisor),
        Role::Compliance => t_string!(i18n, role.compliance),
        Role::Admin => t_string!(i18n, role.admin),
    }
}

#[component]
pub fn RoleList(roles: Vec<Role>) -> impl IntoView {
    view! {
        <ul class="chips">
            {roles
                .into_iter()
                .map(|role| view! { <li class="chip"><RoleLabel role /></li> })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ClearanceLabel(clearance: Clearance) -> impl IntoView {
    let i18n = use_i18n();
    match clearance {
        Clearance::Public => t_string!(i18n, clearance.public),
        Clearance::Internal => t_string!(i18n, clearance.internal),
        Clearance::Confidential => t_string!(i18n, clearance.confidential),
        Clearance::Secret => t_string!(i18n, clearance.secret),
    }
}
