//! User administration: list, create, change access, disable, reset passwords.
pub mod api;
mod chain_page;
mod fields;
mod user_edit_page;
mod users_page;

pub use chain_page::ChainPage;
pub use user_edit_page::UserEditPage;
pub use users_page::UsersPage;

use crate::domain::roles::Role;

/// Role checkboxes arrive as six optional fields (`role_agent=on` …), which plain HTML
/// forms send without JavaScript; this turns them into roles.
pub fn roles_from_flags(flags: [&Option<String>; 6]) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .zip(flags)
        .filter(|(_, f)| f.as_deref().is_some_and(|v| !v.is_empty()))
        .map(|(r, _)| r)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_to_roles() {
        let on = Some("on".to_string());
        let off = None;
        assert_eq!(
            roles_from_flags([&on, &off, &off, &off, &off, &on]),
            vec![Role::Agent, Role::Admin]
        );
        assert!(roles_from_flags([&off, &off, &off, &off, &off, &off]).is_empty());
    }
}
