//! The fields a draft is written in: its text, change summary, audience and the approval
//! quorums; the new-document form and a draft's page share them.
use super::{PolicyForm, PolicyVersion};
use crate::domain::policy::Audience;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::FieldError;
use crate::ui::labels::RoleLabel;
use leptos::prelude::*;

#[component]
pub fn DraftFields(
    form: PolicyForm,
    /// The draft being edited (None: a new document).
    version: Option<PolicyVersion>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error;
    let audience = version
        .as_ref()
        .map(|v| v.audience.clone())
        .unwrap_or_default();
    let body = version.as_ref().map(|v| v.body.clone()).unwrap_or_default();
    let summary = version
        .as_ref()
        .map(|v| v.brief.summary.clone())
        .unwrap_or_default();
    let quorum = |q: i64| if q > 0 { q.to_string() } else { String::new() };
    let dq = version
        .as_ref()
        .map(|v| quorum(v.department_quorum))
        .unwrap_or_default();
    let lq = version
        .as_ref()
        .map(|v| quorum(v.leadership_quorum))
        .unwrap_or_default();
    let remind = version
        .as_ref()
        .map(|v| v.remind_days)
        .unwrap_or(3)
        .to_string();
    view! {
        <label for="policy-body">{t!(i18n, policy.body)}</label>
        <textarea id="policy-body" name="body" rows="14" maxlength="100000" required data-testid="policy-body">{body}</textarea>
        <p class="muted">{t!(i18n, policy.body_hint)}</p>
        <FieldError error=e field="body" />
        <label for="policy-summary">{t!(i18n, policy.summary)}</label>
        <input id="policy-summary" name="summary" maxlength="500" value=summary data-testid="policy-summary" />
        <FieldError error=e field="summary" />
        <AudienceFields choices=form chosen=audience />
        <div class="fields3">
            <div>
                <label for="policy-dq">{t!(i18n, policy.department_quorum)}</label>
                <input id="policy-dq" name="department_quorum" type="number" min="0" max="99" inputmode="numeric" value=dq placeholder=t_string!(i18n, policy.quorum_all) />
                <FieldError error=e field="department_quorum" />
            </div>
            <div>
                <label for="policy-lq">{t!(i18n, policy.leadership_quorum)}</label>
                <input id="policy-lq" name="leadership_quorum" type="number" min="0" max="99" inputmode="numeric" value=lq placeholder=t_string!(i18n, policy.quorum_all) />
                <FieldError error=e field="leadership_quorum" />
            </div>
            <div>
                <label for="policy-remind">{t!(i18n, policy.remind_days)}</label>
                <input id="policy-remind" name="remind_days" type="number" min="1" max="30" inputmode="numeric" value=remind />
                <FieldError error=e field="remind_days" />
            </div>
        </div>
    }
}

/// Who a policy or a course is for: roles and/or departments (with those below them); none
/// chosen: every employee.
#[component]
pub fn AudienceFields(choices: PolicyForm, chosen: Audience) -> impl IntoView {
    let i18n = use_i18n();
    let Audience { roles, departments } = chosen;
    view! {
        <fieldset data-testid="policy-audience">
            <legend>{t!(i18n, policy.audience)}</legend>
            <p class="muted">{t!(i18n, policy.audience_hint)}</p>
            <p class="audience-part">{t!(i18n, policy.by_role)}</p>
            <div class="checks">
                {choices.roles.into_iter().map(|r| view! {
                    <label class="check"><input type="checkbox" name=format!("roles[{}]", r.code()) value="1" checked=roles.contains(&r) /><RoleLabel role=r /></label>
                }).collect_view()}
            </div>
            <p class="audience-part">{t!(i18n, policy.by_department)}</p>
            <div class="checks">
                {choices.departments.into_iter().map(|(id, name, depth)| view! {
                    <label class="check"><input type="checkbox" name=format!("departments[{id}]") value="1" checked=departments.contains(&id) />{"\u{3000}".repeat(depth)}{name}</label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}
