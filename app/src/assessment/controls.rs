//! The assessment pages' choosers: plain GET forms (they work before hydration), so a period
//! or a year is in the address and can be bookmarked or sent.
use crate::i18n::*;
use leptos::prelude::*;

/// Chooses a period (`2026-11`, `2026` or `first..last`); `keep`: a field carried along
/// (the scorecard's person).
#[component]
pub fn PeriodForm(
    action: &'static str,
    period: String,
    #[prop(optional)] keep: Option<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action=action class="report-controls no-print">
            {keep.map(|(name, value)| view! { <input type="hidden" name=name value=value /> })}
            <label>
                {t!(i18n, assessment.period)}
                <input name="period" value=period required maxlength="30" data-testid="period"
                    placeholder=move || t_string!(i18n, assessment.period_hint)
                    title=move || t_string!(i18n, assessment.period_hint) />
            </label>
            <button type="submit" class="primary">{t!(i18n, assessment.show)}</button>
        </form>
    }
}

/// Chooses a year; `children` follow the button (a link beside it).
#[component]
pub fn YearForm(
    action: &'static str,
    year: i32,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action=action class="report-controls no-print">
            <label>
                {t!(i18n, assessment.year)}
                <input name="year" value=year.to_string() inputmode="numeric" maxlength="4" required data-testid="year" />
            </label>
            <button type="submit" class="primary">{t!(i18n, assessment.show)}</button>
            {children.map(|c| c())}
        </form>
    }
}
