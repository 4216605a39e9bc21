//! hotline — the web desk for hotline work orders: the shell, the routes, nothing else.
#![recursion_limit = "256"]

pub mod admin;
pub mod assessment;
pub mod auth;
pub mod board;
pub mod domain;
pub mod error;
pub mod evaluation;
pub mod live;
pub mod policies;
pub mod reference;
pub mod report;
pub mod reviews;
pub mod risk;
pub mod routes;
pub mod tickets;
pub mod training;
pub mod ui;
pub mod violations;

#[cfg(feature = "ssr")]
pub mod bulk_seed;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod seed_evaluations;
#[cfg(feature = "ssr")]
pub mod seed_policies;
#[cfg(feature = "ssr")]
pub mod seed_reviews;
#[cfg(feature = "ssr")]
pub mod seed_risks;
#[cfg(feature = "ssr")]
pub mod seed_training;
#[cfg(feature = "ssr")]
pub mod seed_violations;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document. On the server it also sets the Content-Security-Policy with this
/// response's nonce (leptos puts the same nonce on its hydration scripts).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The build's folder, pkg/<hash of its content>/ (build-id.txt), when it has one.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                {routes::group_preloads()}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Body />
        </I18nContextProvider>
    }
}

#[component]
fn Body() -> impl IntoView {
    let i18n = use_i18n();
    // Pages wait for their data before the response starts, so a redirect (not signed in)
    // is a real 302 and a missing page a real 404.
    let ssr = SsrMode::Async;
    view! {
        <Title text=move || t_string!(i18n, app.name).to_string() />
        <Router>
            <ui::layout::Layout>
                <Routes fallback=ui::not_found::NotFound>
                    <Route path=path!("/") view={Lazy::<routes::Home>::new()} ssr=ssr.clone() />
                    <Route path=path!("/login") view=auth::LoginPage ssr=ssr.clone() />
                    <Route path=path!("/password") view={Lazy::<routes::ChangePassword>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/users") view={Lazy::<routes::Users>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/users/:id") view={Lazy::<routes::UserEdit>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/categories") view={Lazy::<routes::Categories>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/categories/:id") view={Lazy::<routes::CategoryEdit>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/calendar") view={Lazy::<routes::Calendar>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/departments") view={Lazy::<routes::Departments>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/chain") view={Lazy::<routes::Chain>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/risk-matrix") view={Lazy::<routes::RiskSettings>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/plans") view={Lazy::<routes::Plans>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks") view={Lazy::<routes::Risks>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/new") view={Lazy::<routes::RiskNew>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/checks") view={Lazy::<routes::CheckTasks>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/rectifications") view={Lazy::<routes::Rectifications>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/warnings") view={Lazy::<routes::Warnings>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/ledger") view={Lazy::<routes::Ledger>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/notices") view={Lazy::<routes::Notices>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/notices/:id") view={Lazy::<routes::Notice>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/events") view={Lazy::<routes::RiskEvents>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/events/new") view={Lazy::<routes::RiskEventNew>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/events/:id") view={Lazy::<routes::RiskEvent>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/:id") view={Lazy::<routes::Risk>::new()} ssr=ssr.clone() />
                    <Route path=path!("/risks/:id/edit") view={Lazy::<routes::RiskEdit>::new()} ssr=ssr.clone() />
                    <Route path=path!("/policies") view={Lazy::<routes::Policies>::new()} ssr=ssr.clone() />
                    <Route path=path!("/policies/new") view={Lazy::<routes::PolicyNew>::new()} ssr=ssr.clone() />
                    <Route path=path!("/policies/letters") view={Lazy::<routes::Letters>::new()} ssr=ssr.clone() />
                    <Route path=path!("/policies/versions/:id") view={Lazy::<routes::PolicyVersion>::new()} ssr=ssr.clone() />
                    <Route path=path!("/policies/:id") view={Lazy::<routes::Policy>::new()} ssr=ssr.clone() />
                    <Route path=path!("/training") view={Lazy::<routes::Training>::new()} ssr=ssr.clone() />
                    <Route path=path!("/training/new") view={Lazy::<routes::CourseNew>::new()} ssr=ssr.clone() />
                    <Route path=path!("/training/exams/:id") view={Lazy::<routes::Exam>::new()} ssr=ssr.clone() />
                    <Route path=path!("/training/:id/edit") view={Lazy::<routes::CourseEdit>::new()} ssr=ssr.clone() />
                    <Route path=path!("/training/:id") view={Lazy::<routes::Course>::new()} ssr=ssr.clone() />
                    <Route path=path!("/violations") view={Lazy::<routes::Violations>::new()} ssr=ssr.clone() />
                    <Route path=path!("/violations/new") view={Lazy::<routes::ViolationNew>::new()} ssr=ssr.clone() />
                    <Route path=path!("/violations/scheme") view={Lazy::<routes::ViolationScheme>::new()} ssr=ssr.clone() />
                    <Route path=path!("/violations/:id") view={Lazy::<routes::Violation>::new()} ssr=ssr.clone() />
                    <Route path=path!("/reviews") view={Lazy::<routes::Reviews>::new()} ssr=ssr.clone() />
                    <Route path=path!("/reviews/points") view={Lazy::<routes::ReviewPoints>::new()} ssr=ssr.clone() />
                    <Route path=path!("/reviews/:id") view={Lazy::<routes::Review>::new()} ssr=ssr.clone() />
                    <Route path=path!("/work") view={Lazy::<routes::Work>::new()} ssr=ssr.clone() />
                    <Route path=path!("/tickets/new") view={Lazy::<routes::Intake>::new()} ssr=ssr.clone() />
                    <Route path=path!("/tickets/:number") view={Lazy::<routes::Ticket>::new()} ssr=ssr.clone() />
                    <Route path=path!("/search") view={Lazy::<routes::Search>::new()} ssr=ssr.clone() />
                    <Route path=path!("/board") view={Lazy::<routes::Board>::new()} ssr=ssr.clone() />
                    <Route path=path!("/report") view={Lazy::<routes::Report>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assessment") view={Lazy::<routes::Assessment>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assessment/league") view={Lazy::<routes::League>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assessment/scorecard") view={Lazy::<routes::Scorecard>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assessment/scheme") view={Lazy::<routes::ScoreScheme>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assessment/annual") view={Lazy::<routes::Annual>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assessment/annual-report") view={Lazy::<routes::AnnualReport>::new()} ssr=ssr.clone() />
                    <Route path=path!("/evaluations") view={Lazy::<routes::Evaluations>::new()} ssr=ssr.clone() />
                    <Route path=path!("/evaluations/:id") view={Lazy::<routes::Evaluation>::new()} ssr=ssr.clone() />
                </Routes>
            </ui::layout::Layout>
        </Router>
    }
}
