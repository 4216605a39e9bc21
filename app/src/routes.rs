//! The pages in five lazily loaded groups: the board, the report, the desk (home, my work,
//! intake, a ticket, search), the risk list and administration. Each group's code is its own part of the
//! browser bundle, fetched when one of its pages is first shown (and preloaded by the
//! server-rendered page that shows it), so a supervisor opening the board downloads the shell
//! and the board, not the report, the intake form or the admin pages. Few groups, not a
//! split per page: every split adds chunks of the code two groups share, and each chunk is
//! one more request. The sign-in page stays in the shell: everyone's first page.
//! On the server these are plain routes.
use crate::{
    admin, assessment, board, evaluation, policies, reference, report, reviews, risk, tickets,
    training, ui, violations,
};
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A group: the enum of its pages, its lazy function (the group's code, apart in the
/// browser) that shows one of them, and a route per page whose view is that function, so
/// that hydrating or navigating to the page first loads the group. Each page is named once.
macro_rules! group {
    ($group:ident, $preload:ident, $pages:ident { $($route:ident => $page:path),* $(,)? }) => {
        #[derive(Clone, Copy)]
        #[repr(u8)]
        enum $pages {
            $($route),*
        }

        #[lazy]
        fn $group(page: $pages) -> AnyView {
            match page {
                $($pages::$route => $page().into_any()),*
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    $group($pages::$route).await
                }

                async fn preload() {
                    // Only the browser has the group apart.
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

group!(board_group, __preload_board_group, BoardPages {
    Board => board::BoardPage,
});
group!(report_group, __preload_report_group, ReportPages {
    Report => report::ReportPage,
    Assessment => assessment::AssessmentPage,
    League => assessment::LeaguePage,
    Scorecard => assessment::ScorecardPage,
    ScoreScheme => assessment::ScoreSchemePage,
    Annual => assessment::AnnualPage,
    AnnualReport => assessment::AnnualReportPage,
    Evaluations => evaluation::EvaluationsPage,
    Evaluation => evaluation::EvaluationPage,
});
group!(desk_group, __preload_desk_group, DeskPages {
    Home => ui::home::HomePage,
    Work => tickets::WorkPage,
    Intake => tickets::IntakePage,
    Ticket => tickets::TicketPage,
    Search => tickets::SearchPage,
});
group!(risk_group, __preload_risk_group, RiskPages {
    Risks => risk::RisksPage,
    RiskNew => risk::RiskNewPage,
    Risk => risk::RiskPage,
    RiskEdit => risk::RiskEditPage,
    CheckTasks => risk::CheckTasksPage,
    Rectifications => risk::RectificationsPage,
    Warnings => risk::WarningsPage,
    Ledger => risk::LedgerPage,
    Notices => risk::NoticesPage,
    Notice => risk::NoticePage,
    RiskEvents => risk::RiskEventsPage,
    RiskEventNew => risk::RiskEventNewPage,
    RiskEvent => risk::RiskEventPage,
    Policies => policies::PoliciesPage,
    PolicyNew => policies::PolicyNewPage,
    Letters => policies::LettersPage,
    Policy => policies::PolicyPage,
    PolicyVersion => policies::PolicyVersionPage,
    Reviews => reviews::ReviewsPage,
    ReviewPoints => reviews::ReviewPointsPage,
    Review => reviews::ReviewPage,
    Training => training::TrainingPage,
    CourseNew => training::CourseNewPage,
    CourseEdit => training::CourseEditPage,
    Course => training::CoursePage,
    Exam => training::ExamPage,
    Violations => violations::ViolationsPage,
    ViolationNew => violations::ViolationNewPage,
    ViolationScheme => violations::ViolationSchemePage,
    Violation => violations::ViolationPage,
});
group!(admin_group, __preload_admin_group, AdminPages {
    ChangePassword => crate::auth::ChangePasswordPage,
    Users => admin::UsersPage,
    UserEdit => admin::UserEditPage,
    Categories => reference::CategoriesPage,
    CategoryEdit => reference::CategoryEditPage,
    Calendar => reference::CalendarPage,
    Departments => reference::DepartmentsPage,
    Chain => admin::ChainPage,
    RiskSettings => risk::RiskSettingsPage,
    Plans => risk::PlansPage,
});

/// The five groups of pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Board,
    Report,
    Desk,
    Risk,
    Admin,
}

/// The group whose code the page at `path` needs (None: the shell has it — sign-in, not
/// found). The browser loads it before hydrating: while hydration waited for it, the shell
/// would go on creating its own resources, and the page's would no longer line up with the
/// data the server sent for them.
pub fn group_of(path: &str) -> Option<Group> {
    match path.trim_start_matches('/').split('/').next().unwrap_or("") {
        "board" => Some(Group::Board),
        "report" | "assessment" | "evaluations" => Some(Group::Report),
        "" | "work" | "tickets" | "search" => Some(Group::Desk),
        // The risk list, the policies, training, the reviews and the violations: the
        // compliance pages.
        "risks" | "policies" | "reviews" | "training" | "violations" => Some(Group::Risk),
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
        Group::Risk => __preload_risk_group().await,
        Group::Admin => __preload_admin_group().await,
    }
}

impl Group {
    /// The name of the group's lazy function, which names its part in the split manifest.
    fn lazy_name(self) -> &'static str {
        match self {
            Group::Board => "board_group",
            Group::Report => "report_group",
            Group::Desk => "desk_group",
            Group::Risk => "risk_group",
            Group::Admin => "admin_group",
        }
    }
}

/// The manifest's parts for a group: its key is the lazy function's name and a hash.
pub fn parts_of(
    manifest: &std::collections::HashMap<String, Vec<String>>,
    group: Group,
) -> &[String] {
    let prefix = format!("{}_", group.lazy_name());
    manifest
        .iter()
        .find(|(key, _)| {
            key.strip_prefix(&prefix)
                .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|(_, parts)| parts.as_slice())
        .unwrap_or_default()
}

/// `<link rel=preload>` for the parts of the requested page's group (and the loader that
/// fetches them), so the browser downloads them beside the shell instead of after it.
/// Leptos adds such links itself only when a lazy route renders after it began recording
/// them, which under `SsrMode::Async` is a race; this names them for every page, always.
/// Call it after `HydrationScripts`, which reads the manifest.
pub fn group_preloads() -> Vec<AnyView> {
    #[cfg(feature = "ssr")]
    {
        let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_owned());
        let manifest = use_context::<leptos::WasmSplitManifest>();
        if let (Some(group), Some(manifest)) = (path.as_deref().and_then(group_of), manifest) {
            let (pkg, parts, loader) = &*manifest.0.read_value();
            let parts = parts_of(parts, group);
            if !parts.is_empty() {
                let mut links = vec![
                    view! { <link rel="modulepreload" href=format!("{pkg}/{loader}") /> }
                        .into_any(),
                ];
                links.extend(parts.iter().map(|part| {
                    view! {
                        <link
                            rel="preload"
                            href=format!("{pkg}/{part}.wasm")
                            r#as="fetch"
                            r#type="application/wasm"
                            crossorigin=""
                        />
                    }
                    .into_any()
                }));
                return links;
            }
        }
    }
    Vec::new()
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
            ("/assessment", Some(Group::Report)),
            ("/assessment/league", Some(Group::Report)),
            ("/assessment/scorecard", Some(Group::Report)),
            ("/assessment/annual", Some(Group::Report)),
            ("/assessment/annual-report", Some(Group::Report)),
            ("/evaluations", Some(Group::Report)),
            ("/evaluations/3", Some(Group::Report)),
            ("/password", Some(Group::Admin)),
            ("/admin/users", Some(Group::Admin)),
            ("/admin/users/7", Some(Group::Admin)),
            ("/admin/categories/3", Some(Group::Admin)),
            ("/admin/calendar", Some(Group::Admin)),
            ("/admin/departments", Some(Group::Admin)),
            ("/admin/chain", Some(Group::Admin)),
            ("/admin/risk-matrix", Some(Group::Admin)),
            ("/risks", Some(Group::Risk)),
            ("/policies", Some(Group::Risk)),
            ("/policies/versions/3", Some(Group::Risk)),
            ("/reviews/3", Some(Group::Risk)),
            ("/training/exams/3", Some(Group::Risk)),
            ("/violations/3", Some(Group::Risk)),
            ("/risks/new", Some(Group::Risk)),
            ("/risks/12/edit", Some(Group::Risk)),
            ("/risks/checks", Some(Group::Risk)),
            ("/risks/rectifications", Some(Group::Risk)),
            ("/risks/warnings", Some(Group::Risk)),
            ("/risks/ledger", Some(Group::Risk)),
            ("/risks/notices", Some(Group::Risk)),
            ("/risks/notices/3", Some(Group::Risk)),
            ("/login", None),
            ("/no-such-page", None),
        ] {
            assert_eq!(group_of(path), group, "{path}");
        }
    }

    #[test]
    fn a_group_finds_its_own_parts_in_the_manifest() {
        let manifest: std::collections::HashMap<String, Vec<String>> = [
            (
                "board_group_1612",
                vec!["chunk_5", "split_board_group_1612"],
            ),
            (
                "report_group_1612",
                vec!["chunk_7", "split_report_group_1612"],
            ),
            ("desk_group_1612", vec!["chunk_6"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
        .collect();
        assert_eq!(
            parts_of(&manifest, Group::Board),
            ["chunk_5", "split_board_group_1612"]
        );
        assert_eq!(
            parts_of(&manifest, Group::Report),
            ["chunk_7", "split_report_group_1612"]
        );
        assert_eq!(parts_of(&manifest, Group::Desk), ["chunk_6"]);
        assert!(
            parts_of(&manifest, Group::Admin).is_empty(),
            "no part: no links"
        );
    }
}
