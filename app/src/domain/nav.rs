//! Which navigation entries a user's roles open. Only pages that exist are listed; each
//! feature adds its entry here with the roles that may use it.
use super::roles::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavItem {
    Home,
    AdminUsers,
}

impl NavItem {
    pub fn href(self) -> &'static str {
        match self {
            NavItem::Home => "/",
            NavItem::AdminUsers => "/admin/users",
        }
    }
}

pub fn nav_items(roles: &[Role]) -> Vec<NavItem> {
    let mut items = vec![NavItem::Home];
    if super::roles::can_administer_users(roles) {
        items.push(NavItem::AdminUsers);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_sees_user_admin_others_do_not() {
        assert_eq!(
            nav_items(&[Role::Admin]),
            vec![NavItem::Home, NavItem::AdminUsers]
        );
        for r in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            assert_eq!(nav_items(&[r]), vec![NavItem::Home], "{r}");
        }
    }
}

/// Where to go after login: only a path on this site, never another host
/// (`//evil.example`, `https://…`, `/\evil`), so the login form is no open redirect.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.chars().any(|c| c.is_control()) =>
        {
            p
        }
        _ => "/",
    }
}

#[cfg(test)]
mod next_tests {
    use super::safe_next;

    #[test]
    fn only_local_paths() {
        assert_eq!(safe_next(Some("/admin/users")), "/admin/users");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("")), "/");
        assert_eq!(safe_next(Some("//evil.example/x")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/a\nb")), "/");
    }
}

/// `/login?next=…` for a page that needs a signed-in user. Only the path travels, encoded.
pub fn login_url(path: &str) -> String {
    let mut out = String::from("/login?next=");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod login_url_tests {
    #[test]
    fn encodes_the_path() {
        assert_eq!(super::login_url("/admin/users"), "/login?next=/admin/users");
        assert_eq!(super::login_url("/a b&c"), "/login?next=/a%20b%26c");
    }
}
