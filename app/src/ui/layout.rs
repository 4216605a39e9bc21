//! The frame around every page: brand, navigation for the user's roles, user menu, language.
use super::use_session;
use crate::auth::Account;
use crate::domain::nav::{nav_items, NavItem};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    super::provide_session();
    crate::live::provide_live();
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <a class="skip" href="#main">{t!(i18n, app.skip)}</a>
        <header class="topbar">
            <a class="brand" href="/">{t!(i18n, app.name)}</a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    session
                        .account
                        .await
                        .ok()
                        .flatten()
                        .map(|account| view! { <NavBar account /> })
                })}
            </Transition>
            <LanguageSwitch />
        </header>
        <main id="main">{children()}</main>
    }
}

#[component]
fn NavBar(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<crate::auth::api::Logout>::new();
    let items = nav_items(&account.roles);
    view! {
        <nav class="mainnav" aria-label=move || t_string!(i18n, nav.main)>
            {items
                .into_iter()
                .map(|item| {
                    let label = match item {
                        NavItem::Home => t_string!(i18n, nav.home),
                        NavItem::Work => t_string!(i18n, nav.work),
                        NavItem::Board => t_string!(i18n, nav.board),
                        NavItem::Report => t_string!(i18n, nav.report),
                        NavItem::NewTicket => t_string!(i18n, nav.new_ticket),
                        NavItem::Search => t_string!(i18n, nav.search),
                        NavItem::Risks => t_string!(i18n, nav.risks),
                        NavItem::CheckTasks => t_string!(i18n, nav.check_tasks),
                        NavItem::Rectifications => t_string!(i18n, nav.rectifications),
                        NavItem::Warnings => t_string!(i18n, nav.warnings),
                        NavItem::Ledger => t_string!(i18n, nav.ledger),
                        NavItem::Notices => t_string!(i18n, nav.notices),
                        NavItem::RiskEvents => t_string!(i18n, nav.risk_events),
                        NavItem::Policies => t_string!(i18n, nav.policies),
                        NavItem::Training => t_string!(i18n, nav.training),
                        NavItem::Violations => t_string!(i18n, nav.violations),
                        NavItem::Assessment => t_string!(i18n, nav.assessment),
                        NavItem::Evaluations => t_string!(i18n, nav.evaluations),
                        NavItem::Reviews => t_string!(i18n, nav.reviews),
                        NavItem::AdminUsers => t_string!(i18n, nav.admin_users),
                        NavItem::AdminCategories => t_string!(i18n, nav.admin_categories),
                        NavItem::AdminCalendar => t_string!(i18n, nav.admin_calendar),
                        NavItem::AdminDepartments => t_string!(i18n, nav.admin_departments),
                        NavItem::AdminChain => t_string!(i18n, nav.admin_chain),
                        NavItem::AdminRiskMatrix => t_string!(i18n, nav.admin_risk_matrix),
                        NavItem::AdminPlans => t_string!(i18n, nav.admin_plans),
                    };
                    view! { <a href=item.href()>{label}</a> }
                })
                .collect_view()}
        </nav>
        <div class="usermenu">
            <crate::live::Bell />
            <span class="who" title=move || t_string!(i18n, user.signed_in_as)>
                {account.display_name.clone()}
            </span>
            <a href="/password">{t!(i18n, user.change_password)}</a>
            <ActionForm action=logout>
                <button type="submit" class="link">{t!(i18n, user.logout)}</button>
            </ActionForm>
        </div>
    }
}

/// A plain form posting to `/lang`, so it works before (and without) JavaScript; the server
/// sets the preference cookie and sends the browser back to the page it was on.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.get_locale() {
        Locale::zh_CN => ("en", "English"),
        Locale::en => ("zh-CN", "中文"),
    };
    view! {
        <form method="post" action="/lang" class="langswitch">
            <input type="hidden" name="lang" value=move || other().0 />
            <button
                type="submit"
                class="link"
                lang=move || other().0
                aria-label=move || t_string!(i18n, lang.label)
                data-testid="lang-switch"
            >
                {move || other().1}
            </button>
        </form>
    }
}
