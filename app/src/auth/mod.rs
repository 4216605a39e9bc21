//! Accounts, login and logout, sessions, and the checks every server function starts with.
pub mod api;
mod login_page;
mod password_page;
#[cfg(feature = "ssr")]
pub mod server;

pub use login_page::LoginPage;
pub use password_page::ChangePasswordPage;

use crate::domain::roles::{Clearance, Role};
use serde::{Deserialize, Serialize};

/// A user as the browser may see them: no password hash, ever.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub roles: Vec<Role>,
    pub clearance: Clearance,
    pub active: bool,
    pub must_change_password: bool,
}

impl Account {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
