//! Admin server functions. Each one checks the admin role on the server first.
// Form fields arrive as server-function arguments, one each (plain HTML forms need that).
#![allow(clippy::too_many_arguments)]
use crate::auth::Account;
use crate::domain::org::Department;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod guard {
    pub use crate::auth::server::{hash_password, require_account, require_role, store};
    pub use crate::domain::account::*;
    pub use crate::domain::roles::{Clearance, Role};

    pub fn parse_clearance(code: &str) -> Result<Clearance, crate::error::AppError> {
        code.parse()
            .map_err(|_| crate::error::AppError::field("clearance", FieldProblem::UnknownChoice))
    }

    /// The ticked roles; at least one is required.
    pub fn required_roles(
        flags: [&Option<String>; 6],
    ) -> Result<Vec<Role>, crate::error::AppError> {
        let roles = crate::admin::roles_from_flags(flags);
        if roles.is_empty() {
            return Err(crate::error::AppError::field(
                "roles",
                FieldProblem::Required,
            ));
        }
        Ok(roles)
    }

    pub async fn check_department(
        store: &crate::store::Store,
        id: i64,
    ) -> Result<(), crate::error::AppError> {
        if store.department_exists(id).await? {
            Ok(())
        } else {
            Err(crate::error::AppError::field(
                "department_id",
                FieldProblem::UnknownChoice,
            ))
        }
    }
}
#[cfg(feature = "ssr")]
use guard::*;

#[server(prefix = "/api", endpoint = "admin/accounts")]
pub async fn list_accounts() -> Result<Vec<Account>, AppError> {
    require_role(Role::Admin).await?;
    store()?.list_accounts().await
}

#[server(prefix = "/api", endpoint = "admin/account")]
pub async fn get_account(id: i64) -> Result<Account, AppError> {
    require_role(Role::Admin).await?;
    store()?.account_by_id(id).await?.ok_or(AppError::NotFound)
}

/// Departments in tree order with their depth; any signed-in user may read the organisation.
#[server(prefix = "/api", endpoint = "departments")]
pub async fn list_departments() -> Result<Vec<(Department, usize)>, AppError> {
    require_account().await?;
    let departments = store()?.list_departments().await?;
    Ok(crate::domain::org::tree_order(&departments))
}

#[server(prefix = "/api", endpoint = "admin/create_account")]
pub async fn create_account(
    login: String,
    display_name: String,
    password: String,
    department_id: i64,
    clearance: String,
    role_agent: Option<String>,
    role_handler: Option<String>,
    role_dept_lead: Option<String>,
    role_supervisor: Option<String>,
    role_compliance: Option<String>,
    role_admin: Option<String>,
) -> Result<i64, AppError> {
    let actor = require_role(Role::Admin).await?;
    let login = check_login(&login).map_err(|p| AppError::field("login", p))?;
    let display_name =
        check_display_name(&display_name).map_err(|p| AppError::field("display_name", p))?;
    check_new_password(&password).map_err(|p| AppError::field("password", p))?;
    let clearance = parse_clearance(&clearance)?;
    let roles = required_roles([
        &role_agent,
        &role_handler,
        &role_dept_lead,
        &role_supervisor,
        &role_compliance,
        &role_admin,
    ])?;
    let store = store()?;
    check_department(&store, department_id).await?;
    let hash = hash_password(password).await?;
    let id = store
        .insert_account(&crate::store::users::NewAccount {
            login: &login,
            display_name: &display_name,
            password_hash: &hash,
            department_id,
            clearance,
            roles: &roles,
            must_change_password: true,
        })
        .await?;
    tracing::info!(actor = actor.id, user_id = id, "account created");
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=created"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "admin/update_access")]
pub async fn update_access(
    id: i64,
    department_id: i64,
    clearance: String,
    role_agent: Option<String>,
    role_handler: Option<String>,
    role_dept_lead: Option<String>,
    role_supervisor: Option<String>,
    role_compliance: Option<String>,
    role_admin: Option<String>,
) -> Result<(), AppError> {
    let actor = require_role(Role::Admin).await?;
    let clearance = parse_clearance(&clearance)?;
    let roles = required_roles([
        &role_agent,
        &role_handler,
        &role_dept_lead,
        &role_supervisor,
        &role_compliance,
        &role_admin,
    ])?;
    check_self_change(actor.id, id, roles.contains(&Role::Admin), true)
        .map_err(|_| AppError::field("roles", FieldProblem::UnknownChoice))?;
    let store = store()?;
    check_department(&store, department_id).await?;
    store
        .update_access(id, department_id, clearance, &roles)
        .await?;
    tracing::info!(actor = actor.id, user_id = id, "access changed");
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=access"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/set_active")]
pub async fn set_account_active(id: i64, active: bool) -> Result<(), AppError> {
    let actor = require_role(Role::Admin).await?;
    check_self_change(actor.id, id, true, active)
        .map_err(|_| AppError::field("active", FieldProblem::UnknownChoice))?;
    store()?.set_active(id, active).await?;
    tracing::info!(
        actor = actor.id,
        user_id = id,
        active,
        "account activation changed"
    );
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=active"));
    Ok(())
}

/// Sets a temporary password; the user must choose a new one at next login.
#[server(prefix = "/api", endpoint = "admin/reset_password")]
pub async fn reset_password(id: i64, password: String) -> Result<(), AppError> {
    let actor = require_role(Role::Admin).await?;
    check_new_password(&password).map_err(|p| AppError::field("password", p))?;
    let hash = hash_password(password).await?;
    store()?.set_password(id, &hash, true).await?;
    tracing::info!(actor = actor.id, user_id = id, "password reset");
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=password"));
    Ok(())
}

/// The result of recomputing the history chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainReport {
    pub checked: u64,
    /// The first bad event: its sequence number, what is wrong, its ticket (if still there).
    pub problem: Option<(i64, String, Option<String>)>,
}

#[server(prefix = "/api", endpoint = "admin/verify_chain")]
pub async fn verify_chain() -> Result<ChainReport, AppError> {
    let actor = require_role(Role::Admin).await?;
    let check = store()?.verify_chain().await?;
    tracing::info!(
        actor = actor.id,
        ok = check.problem.is_none(),
        "history chain verified"
    );
    Ok(ChainReport {
        checked: check.checked,
        problem: check.problem.map(|(p, number)| {
            let what = serde_json::to_value(p.what)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (p.seq, what, number)
        }),
    })
}
