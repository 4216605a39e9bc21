//! Which navigation entries a user's roles open. Only pages that exist are listed; each
//! feature adds its entry here with the roles that may use it.
use super::roles::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavItem {
    Home,
    Work,
    Board,
    Report,
    NewTicket,
    Search,
    Risks,
    CheckTasks,
    Rectifications,
    Warnings,
    Ledger,
    Notices,
    RiskEvents,
    Policies,
    Training,
    Reviews,
    Violations,
    Assessment,
    Evaluations,
    AdminUsers,
    AdminCategories,
    AdminCalendar,
    AdminDepartments,
    AdminChain,
    AdminRiskMatrix,
    AdminPlans,
}

impl NavItem {
    pub fn href(self) -> &'static str {
        match self {
            NavItem::Home => "/",
            NavItem::Work => "/work",
            NavItem::Board => "/board",
            NavItem::Report => "/report",
            NavItem::NewTicket => "/tickets/new",
            NavItem::Search => "/search",
            NavItem::Risks => "/risks",
            NavItem::CheckTasks => "/risks/checks",
            NavItem::Rectifications => "/risks/rectifications",
            NavItem::Warnings => "/risks/warnings",
            NavItem::Ledger => "/risks/ledger",
            NavItem::Notices => "/risks/notices",
            NavItem::RiskEvents => "/risks/events",
            NavItem::Policies => "/policies",
            NavItem::Training => "/training",
            NavItem::Reviews => "/reviews",
            NavItem::Violations => "/violations",
            NavItem::Assessment => "/assessment",
            NavItem::Evaluations => "/evaluations",
            NavItem::AdminUsers => "/admin/users",
            NavItem::AdminCategories => "/admin/categories",
            NavItem::AdminCalendar => "/admin/calendar",
            NavItem::AdminDepartments => "/admin/departments",
            NavItem::AdminChain => "/admin/chain",
            NavItem::AdminRiskMatrix => "/admin/risk-matrix",
            NavItem::AdminPlans => "/admin/plans",
        }
    }
}

pub fn nav_items(roles: &[Role]) -> Vec<NavItem> {
    let mut items = vec![NavItem::Home];
    let works_tickets = roles.iter().any(|r| *r != Role::Admin);
    if works_tickets {
        items.push(NavItem::Work);
    }
    let board = [
        Role::Supervisor,
        Role::DeptLead,
        Role::Handler,
        Role::Compliance,
    ];
    if roles.iter().any(|r| board.contains(r)) {
        items.push(NavItem::Board);
    }
    let report = [Role::Supervisor, Role::DeptLead, Role::Compliance];
    if roles.iter().any(|r| report.contains(r)) {
        items.push(NavItem::Report);
    }
    if roles.contains(&Role::Agent) {
        items.push(NavItem::NewTicket);
    }
    if works_tickets {
        items.push(NavItem::Search);
    }
    // The risk list: compliance keeps it, supervisors and department leads read it (a
    // handler who owns a risk reaches it from the link they are given).
    let risks = [Role::Compliance, Role::Supervisor, Role::DeptLead];
    if roles.iter().any(|r| risks.contains(r)) {
        items.extend([
            NavItem::Risks,
            NavItem::CheckTasks,
            NavItem::Ledger,
            NavItem::Rectifications,
            NavItem::Warnings,
        ]);
    }
    // Everyone else who works tickets reads the warning notices sent to them (the 预警 page
    // links them for those above).
    if works_tickets && !roles.iter().any(|r| risks.contains(r)) {
        items.push(NavItem::Notices);
    }
    // Anyone who works tickets records risk events and sees their department's.
    if works_tickets {
        items.push(NavItem::RiskEvents);
    }
    // Everyone reads the rules in force and acknowledges them; compliance and admins write them.
    items.push(NavItem::Policies);
    // Everyone is trained; compliance and admins write the courses.
    items.push(NavItem::Training);
    // The compliance review queue: compliance decides, supervisors and admins follow it
    // (anyone else reaches their own requests from the bell).
    let reviews = [Role::Compliance, Role::Supervisor, Role::Admin];
    if roles.iter().any(|r| reviews.contains(r)) {
        items.push(NavItem::Reviews);
    }
    // Everyone sees their own violations (leads their departments', compliance and
    // supervisors all); admins set the penalty scheme from there.
    items.push(NavItem::Violations);
    // Everyone who works tickets reads their own KPIs (leads their departments', supervisors
    // and compliance all); admins set the rules there.
    items.push(NavItem::Assessment);
    // The effectiveness evaluation: supervisors and compliance evaluate, leads and admins
    // read; anyone may own an improvement task and finds it there.
    items.push(NavItem::Evaluations);
    if super::roles::can_administer_users(roles) {
        items.extend([
            NavItem::AdminUsers,
            NavItem::AdminCategories,
            NavItem::AdminCalendar,
            NavItem::AdminDepartments,
            NavItem::AdminChain,
            NavItem::AdminRiskMatrix,
            NavItem::AdminPlans,
        ]);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_sees_administration_others_their_work() {
        let admin = nav_items(&[Role::Admin]);
        assert!(admin.contains(&NavItem::AdminUsers) && admin.contains(&NavItem::AdminChain));
        assert!(
            !admin.contains(&NavItem::Work),
            "admins do not work tickets"
        );
        for r in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            let items = nav_items(&[r]);
            assert!(
                items.contains(&NavItem::Work) && items.contains(&NavItem::Search),
                "{r}"
            );
            assert!(!items.contains(&NavItem::AdminUsers), "{r}");
            assert_eq!(items.contains(&NavItem::NewTicket), r == Role::Agent, "{r}");
            let reads_reports = matches!(r, Role::Supervisor | Role::DeptLead | Role::Compliance);
            assert_eq!(items.contains(&NavItem::Report), reads_reports, "{r}");
            assert_eq!(items.contains(&NavItem::Risks), reads_reports, "{r}");
            assert_eq!(items.contains(&NavItem::CheckTasks), reads_reports, "{r}");
            assert_eq!(
                items.contains(&NavItem::Rectifications),
                reads_reports,
                "{r}"
            );
            assert_eq!(items.contains(&NavItem::Warnings), reads_reports, "{r}");
            assert_eq!(items.contains(&NavItem::Ledger), reads_reports, "{r}");
            assert_eq!(items.contains(&NavItem::Notices), !reads_reports, "{r}");
            assert!(items.contains(&NavItem::Policies), "{r}");
            assert!(items.contains(&NavItem::Training), "{r}");
            assert!(items.contains(&NavItem::Violations), "{r}");
            let follows_reviews = matches!(r, Role::Supervisor | Role::Compliance);
            assert_eq!(items.contains(&NavItem::Reviews), follows_reviews, "{r}");
        }
        assert!(
            admin.contains(&NavItem::Reviews),
            "admins set the review points"
        );
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
