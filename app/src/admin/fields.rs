//! Form pieces shared by the create and edit forms: department, roles, clearance.
use crate::domain::org::Department;
use crate::domain::roles::{Clearance, Role};
use crate::ui::labels::{ClearanceLabel, RoleLabel};
use leptos::prelude::*;

#[component]
pub fn DepartmentSelect(
    departments: Vec<(Department, usize)>,
    selected: Option<i64>,
) -> impl IntoView {
    view! {
        <select id="department_id" name="department_id" required>
            {departments
                .into_iter()
                .map(|(d, depth)| {
                    let label = format!("{}{}", "\u{3000}".repeat(depth), d.name);
                    view! {
                        <option value=d.id.to_string() selected=selected == Some(d.id)>
                            {label}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
pub fn RoleChecks(selected: Vec<Role>) -> impl IntoView {
    view! {
        <div class="checks" role="group">
            {Role::ALL
                .into_iter()
                .map(|role| {
                    let name = format!("role_{}", role.code());
                    view! {
                        <label class="check">
                            <input type="checkbox" name=name value="on" checked=selected.contains(&role) />
                            <RoleLabel role />
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn ClearanceSelect(selected: Clearance) -> impl IntoView {
    view! {
        <select id="clearance" name="clearance">
            {Clearance::ALL
                .into_iter()
                .map(|c| {
                    view! {
                        <option value=c.code() selected=c == selected>
                            <ClearanceLabel clearance=c />
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
