//! 处罚标准: the points a violation costs by default at each grade, and how many working
//! days the person has to appeal. Admins change it; compliance and supervisors read it.
use super::api::{get_violation_scheme, SaveViolationScheme};
use super::labels::severity_text;
use crate::domain::violation::{Scheme, Severity};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ViolationSchemePage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <SchemeView /> } /> }
}

#[component]
fn SchemeView() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveViolationScheme>::new();
    let scheme =
        crate::ui::data::page_data(move || save.version().get(), |_| get_violation_scheme());
    let saved = use_query_map().with_untracked(|m| m.get("saved").is_some());
    view! {
        <p><a href="/violations">{t!(i18n, violation.back)}</a></p>
        <h1>{t!(i18n, violation.scheme_title)}</h1>
        {saved.then(|| view! { <p class="alert ok" data-testid="saved">{t!(i18n, reference.saved)}</p> })}
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match scheme.await {
                    Ok((s, may_edit)) => view! { <SchemeForm s may_edit save /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SchemeForm(s: Scheme, may_edit: bool, save: ServerAction<SaveViolationScheme>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let disabled = !may_edit;
    let field = move |sev: Severity, name: &'static str| {
        view! {
            <div>
                <label for=name>{severity_text(i18n, sev)}</label>
                <input id=name name=name type="number" min="0" max="100" inputmode="numeric" required value=s.points(sev).to_string() disabled=disabled data-testid=name />
                {match name {
                    "minor_points" => view! { <FieldError error=e field="minor_points" /> }.into_any(),
                    "general_points" => view! { <FieldError error=e field="general_points" /> }.into_any(),
                    _ => view! { <FieldError error=e field="serious_points" /> }.into_any(),
                }}
            </div>
        }
    };
    view! {
        <ErrorBanner error=e />
        <ActionForm action=save attr:class="form card" attr:data-testid="scheme-form">
            <p class="muted">{t!(i18n, violation.scheme_points)}</p>
            <div class="fields3">
                {field(Severity::Minor, "minor_points")}
                {field(Severity::General, "general_points")}
                {field(Severity::Serious, "serious_points")}
            </div>
            <label for="appeal-days">{t!(i18n, violation.appeal_days)}</label>
            <input id="appeal-days" name="appeal_days" type="number" min="1" max="30" inputmode="numeric" required value=s.appeal_days.to_string() disabled=disabled data-testid="appeal-days" />
            <FieldError error=e field="appeal_days" />
            {may_edit.then(|| view! { <button type="submit" class="primary" data-testid="save-scheme">{t!(i18n, common.save)}</button> })}
        </ActionForm>
    }
}
