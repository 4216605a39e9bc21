//! Translated names of roles and clearance levels.
use crate::domain::roles::{Clearance, Role};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn RoleLabel(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    match role {
        Role::Agent => t!(i18n, role.agent).into_any(),
        Role::Handler => t!(i18n, role.handler).into_any(),
        Role::DeptLead => t!(i18n, role.dept_lead).into_any(),
        Role::Supervisor => t!(i18n, role.supervisor).into_any(),
        Role::Compliance => t!(i18n, role.compliance).into_any(),
        Role::Admin => t!(i18n, role.admin).into_any(),
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
        Clearance::Public => t!(i18n, clearance.public).into_any(),
        Clearance::Internal => t!(i18n, clearance.internal).into_any(),
        Clearance::Confidential => t!(i18n, clearance.confidential).into_any(),
        Clearance::Secret => t!(i18n, clearance.secret).into_any(),
    }
}
