//! The risk form: record a new risk or change one (compliance). Controls are typed one per
//! line, `what | who | how often`.
use super::api::{get_risk, get_risk_form_choices, SaveRisk};
use super::labels::{conduct_text, treatment_text, type_text};
use super::{RiskFacts, RiskFormChoices};
use crate::domain::risk::{format_controls, Conduct, RiskType, Treatment};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RiskNewPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskEdit new=true /> } /> }
}

#[component]
pub fn RiskEditPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskEdit new=false /> } /> }
}

#[component]
fn RiskEdit(new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let save = ServerAction::<SaveRisk>::new();
    let choices = crate::ui::data::page_data(|| (), |_| get_risk_form_choices());
    let risk = crate::ui::data::page_data(
        move || if new { None } else { Some(id().unwrap_or(0)) },
        |id| async move {
            match id {
                Some(id) => get_risk(id).await.map(|d| Some((id, d.risk.facts))),
                None => Ok(None),
            }
        },
    );
    view! {
        <p><a href="/risks">{t!(i18n, risk.back)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match (choices.await, risk.await) {
                    (Ok(choices), Ok(risk)) => view! { <RiskForm choices risk save /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RiskForm(
    choices: RiskFormChoices,
    risk: Option<(i64, RiskFacts)>,
    save: ServerAction<SaveRisk>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let id = risk.as_ref().map(|(id, _)| *id);
    let f = risk.map(|(_, f)| f);
    let facts = f.clone();
    let text = move |get: fn(&RiskFacts) -> String| facts.as_ref().map(get).unwrap_or_default();
    let facts = f.clone();
    let rating = move |get: fn(&RiskFacts) -> u8| facts.as_ref().map(get).unwrap_or(3);
    let risk_type = f.as_ref().map(|f| f.risk_type);
    let conduct = f.as_ref().map(|f| f.conduct).unwrap_or(Conduct::None);
    let treatment = f
        .as_ref()
        .map(|f| f.treatment)
        .unwrap_or(Treatment::Mitigate);
    let department = f.as_ref().map(|f| f.department_id);
    let owner = f.as_ref().map(|f| f.owner_id);
    let approver = f.as_ref().and_then(|f| f.accept_approver_id);
    let scale = move |name: &'static str, value: u8| {
        view! {
            <div>
                <label for=name>{match name {
                    "inherent_likelihood" | "residual_likelihood" => t_string!(i18n, risk.likelihood),
                    _ => t_string!(i18n, risk.impact),
                }}</label>
                <select id=name name=name>
                    {(1..=5u8).map(|n| view! { <option value=n.to_string() selected=n == value>{n}</option> }).collect_view()}
                </select>
                <FieldError error=e field=name />
            </div>
        }
    };
    view! {
        <section class="card">
            <h1>{if id.is_some() { t_string!(i18n, risk.edit_title) } else { t_string!(i18n, risk.new_title) }}</h1>
            <ErrorBanner error=e />
            <ActionForm action=save attr:class="risk-form">
                {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
                <div class="grid2">
                    <div>
                        <label for="code">{t!(i18n, risk.code)}</label>
                        <input id="code" name="code" required maxlength="20" placeholder="R-PRIV-01" value=text(|f| f.code.clone()) />
                        <FieldError error=e field="code" />
                    </div>
                    <div>
                        <label for="title">{t!(i18n, risk.title_field)}</label>
                        <input id="title" name="title" required maxlength="100" value=text(|f| f.title.clone()) />
                        <FieldError error=e field="title" />
                    </div>
                    <div>
                        <label for="risk_type">{t!(i18n, risk.type_label)}</label>
                        <select id="risk_type" name="risk_type" required>
                            <option value="">{t!(i18n, common.choose)}</option>
                            {RiskType::ALL.iter().map(|t| view! {
                                <option value=t.code() selected=risk_type == Some(*t)>{type_text(i18n, *t)}</option>
                            }).collect_view()}
                        </select>
                        <FieldError error=e field="risk_type" />
                    </div>
                    <div>
                        <label for="conduct">{t!(i18n, risk.conduct_label)}</label>
                        <select id="conduct" name="conduct">
                            {Conduct::ALL.iter().map(|c| view! {
                                <option value=c.code() selected=conduct == *c>{conduct_text(i18n, *c)}</option>
                            }).collect_view()}
                        </select>
                        <FieldError error=e field="conduct" />
                    </div>
                    <div>
                        <label for="department_id">{t!(i18n, risk.department)}</label>
                        <select id="department_id" name="department_id" required>
                            <option value="">{t!(i18n, common.choose)}</option>
                            {choices.departments.iter().map(|(d, name, depth)| view! {
                                <option value=d.to_string() selected=department == Some(*d)>{"\u{3000}".repeat(*depth)}{name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <FieldError error=e field="department_id" />
                    </div>
                    <div>
                        <label for="owner_id">{t!(i18n, risk.owner)}</label>
                        <select id="owner_id" name="owner_id" required>
                            <option value="">{t!(i18n, common.choose)}</option>
                            {choices.owners.iter().map(|(u, name, _)| view! {
                                <option value=u.to_string() selected=owner == Some(*u)>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <FieldError error=e field="owner_id" />
                    </div>
                </div>
                <label for="description">{t!(i18n, risk.description)}</label>
                <textarea id="description" name="description" rows="3" maxlength="2000">{text(|f| f.description.clone())}</textarea>
                <FieldError error=e field="description" />
                <label for="controls">{t!(i18n, risk.controls)}</label>
                <p class="muted">{t!(i18n, risk.controls_help)}</p>
                <textarea id="controls" name="controls" rows="4">{text(|f| format_controls(&f.controls))}</textarea>
                <FieldError error=e field="controls" />
                <fieldset>
                    <legend>{t!(i18n, risk.inherent)}</legend>
                    <div class="grid2">
                        {scale("inherent_likelihood", rating(|f| f.inherent.likelihood))}
                        {scale("inherent_impact", rating(|f| f.inherent.impact))}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, risk.residual)}</legend>
                    <div class="grid2">
                        {scale("residual_likelihood", rating(|f| f.residual.likelihood))}
                        {scale("residual_impact", rating(|f| f.residual.impact))}
                    </div>
                    <label for="residual_justification">{t!(i18n, risk.justification)}</label>
                    <p class="muted">{t!(i18n, risk.justification_help)}</p>
                    <input id="residual_justification" name="residual_justification" maxlength="500" value=text(|f| f.residual_justification.clone()) />
                    <FieldError error=e field="residual_justification" />
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, risk.treatment_label)}</legend>
                    <select id="treatment" name="treatment" aria-label=t_string!(i18n, risk.treatment_label)>
                        {Treatment::ALL.iter().map(|t| view! {
                            <option value=t.code() selected=treatment == *t>{treatment_text(i18n, *t)}</option>
                        }).collect_view()}
                    </select>
                    <FieldError error=e field="treatment" />
                    <p class="muted">{t!(i18n, risk.accept_help)}</p>
                    <div class="grid2">
                        <div>
                            <label for="accept_approver_id">{t!(i18n, risk.approver)}</label>
                            <select id="accept_approver_id" name="accept_approver_id">
                                <option value="">{t!(i18n, common.choose)}</option>
                                {choices.approvers.iter().map(|(u, name)| view! {
                                    <option value=u.to_string() selected=approver == Some(*u)>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <FieldError error=e field="accept_approver_id" />
                        </div>
                        <div>
                            <label for="accept_until">{t!(i18n, risk.accept_until)}</label>
                            <input id="accept_until" name="accept_until" type="date" value=text(|f| f.accept_until.map(|d| d.to_string()).unwrap_or_default()) />
                            <FieldError error=e field="accept_until" />
                        </div>
                    </div>
                </fieldset>
                <button type="submit" class="primary" data-testid="save-risk">{t!(i18n, common.save)}</button>
            </ActionForm>
        </section>
    }
}
