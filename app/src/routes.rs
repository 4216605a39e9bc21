//! The pages in four lazily loaded groups: the board, the report, the desk (home, my work,
//! intake, a ticket, search) and administration. Each group's code is its own part of the
//! browser bundle, fetched when one of its pages is first shown (and preloaded by the
//! server-rendered page that shows it), so a supervisor opening the board downloads the shell
//! and the board, not the report, the intake form or the admin pages. Few groups, not a
//! split per page: every split adds chunks of the code two groups share, and each chunk is
//! one more request. The sign-in page stays in the shell: everyone's first page.
//! On the server these are plain routes.
use crate::{admin, board, reference, report, tickets, ui};
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

#[derive(Clone, Copy)]
#[repr(u8)]
enum Desk {
    Home,
    Work,
    Intake,
    Ticket,
    Search,
}

#[derive(Clone, Copy)]
#[repr(u8)]
enum Admin {
    ChangePassword,
    Users,
    UserEdit,
    Categories,
    CategoryEdit,
    Calendar,
    Departments,
    Chain,
}

#[lazy]
fn board_group() -> AnyView {
    board::BoardPage().into_any()
}

#[lazy]
fn report_group() -> AnyView {
    report::ReportPage().into_any()
}

#[lazy]
fn desk_group(page: Desk) -> AnyView {
    match page {
        Desk::Home => ui::home::HomePage().into_any(),
        Desk::Work => tickets::WorkPage().into_any(),
        Desk::Intake => tickets::IntakePage().into_any(),
        Desk::Ticket => tickets::TicketPage().into_any(),
        Desk::Search => tickets::SearchPage().into_any(),
    }
}

#[lazy]
fn admin_group(page: Admin) -> AnyView {
    match page {
        Admin::ChangePassword => crate::auth::ChangePasswordPage().into_any(),
        Admin::Users => admin::UsersPage().into_any(),
        Admin::UserEdit => admin::UserEditPage().into_any(),
        Admin::Categories => reference::CategoriesPage().into_any(),
        Admin::CategoryEdit => reference::CategoryEditPage().into_any(),
        Admin::Calendar => reference::CalendarPage().into_any(),
        Admin::Departments => reference::DepartmentsPage().into_any(),
        Admin::Chain => admin::ChainPage().into_any(),
    }
}

/// A route of a group: its view is the group's lazy function for that page, and hydrating
/// or navigating to it first loads the group's code.
macro_rules! routes {
    ($group:ident, $preload:ident: $($route:ident => ($($page:expr)?)),* $(,)?) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $group($($page)?).await
            }

            async fn preload() {
                // Only the browser has the group apart.
                #[cfg(target_arch = "wasm32")]
                $preload().await;
            }
        }
    )*};
}

routes!(board_group, __preload_board_group: Board => ());
routes!(report_group, __preload_report_group: Report => ());
routes!(desk_group, __preload_desk_group:
    Home => (Desk::Home),
    Work => (Desk::Work),
    Intake => (Desk::Intake),
    Ticket => (Desk::Ticket),
    Search => (Desk::Search),
);
routes!(admin_group, __preload_admin_group:
    ChangePassword => (Admin::ChangePassword),
    Users => (Admin::Users),
    UserEdit => (Admin::UserEdit),
    Categories => (Admin::Categories),
    CategoryEdit => (Admin::CategoryEdit),
    Calendar => (Admin::Calendar),
    Departments => (Admin::Departments),
    Chain => (Admin::Chain),
);

/// The four groups of pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Board,
    Report,
    Desk,
    Admin,
}

/// The group whose code the page at `path` needs (None: the shell has it — sign-in, not
/// found). The browser loads it before hydrating: while hydration waited for it, the shell
/// would go on creating its own resources, and the page's would no longer line up with the
/// data the server sent for them.
pub fn group_of(path: &str) -> Option<Group> {
    match path.trim_start_matches('/').split('/').next().unwrap_or("") {
        "board" => Some(Group::Board),
        "report" => Some(Group::Report),
        "" | "work" | "tickets" | "search" => Some(Group::Desk),
        "admin" | "password" => Some(Group::Admin),
        _ => None,
    }
}

/// Loads a group's code (once; later calls find it loaded).
#[cfg(target_arch = "wasm32")]
pub async fn preload(group: Group) {
    match group {
        Group::Board => __preload_board_group().await,
        Group::Report => __preload_report_group().await,
        Group::Desk => __preload_desk_group().await,
        Group::Admin => __preload_admin_group().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_names_the_group_its_page_is_in() {
        for (path, group) in [
            ("/", Some(Group::Desk)),
            ("/work", Some(Group::Desk)),
            ("/tickets/new", Some(Group::Desk)),
            ("/tickets/20261203-000001", Some(Group::Desk)),
            ("/search", Some(Group::Desk)),
            ("/board", Some(Group::Board)),
            ("/report", Some(Group::Report)),
            ("/password", Some(Group::Admin)),
            ("/admin/users", Some(Group::Admin)),
            ("/admin/users/7", Some(Group::Admin)),
            ("/admin/categories/3", Some(Group::Admin)),
            ("/admin/calendar", Some(Group::Admin)),
            ("/admin/departments", Some(Group::Admin)),
            ("/admin/chain", Some(Group::Admin)),
            ("/login", None),
            ("/no-such-page", None),
        ] {
            assert_eq!(group_of(path), group, "{path}");
        }
    }
}
