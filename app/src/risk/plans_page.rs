//! 应急预案: the plan library. The administrator adds and changes plans (title, what they are
//! for, ordered steps each with a role and a time limit) and retires old ones; compliance and
//! supervisors read it. An event keeps the steps its plan had when it was activated.
use super::plans_api::{list_plans, SavePlan};
use super::{EmergencyPlan, PlanLibrary};
use crate::domain::roles::Role;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use crate::ui::labels::RoleLabel;
use leptos::prelude::*;

/// Blank step rows a form offers beyond the plan's own, and for a new plan.
const BLANK_ROWS: usize = 3;
const NEW_PLAN_ROWS: usize = 6;

#[component]
pub fn PlansPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <PlansView /> } /> }
}

#[component]
fn PlansView() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePlan>::new();
    let list = crate::ui::data::page_data(move || save.version().get(), |_| list_plans());
    view! {
        <h1>{t!(i18n, plan.title)}</h1>
        <p class="muted">{t!(i18n, plan.help)}</p>
        <ErrorBanner error=error_of(save) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <PlanListView l save /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanListView(l: PlanLibrary, save: ServerAction<SavePlan>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    let can_edit = l.can_edit;
    view! {
        {can_edit.then(|| view! {
            <details class="card" data-testid="new-plan">
                <summary>{t!(i18n, plan.add)}</summary>
                <PlanForm plan=None save />
            </details>
        })}
        {if l.plans.is_empty() {
            view! { <p class="muted">{t!(i18n, plan.none)}</p> }.into_any()
        } else {
            l.plans.into_iter().map(|p| view! {
                <section class="card" data-testid="plan-card" data-retired=p.retired.to_string()>
                    <h2>{p.title.clone()} {p.retired.then(|| view! { " " <span class="badge">{t!(i18n, plan.retired)}</span> })}</h2>
                    <p class="prewrap">{p.scope.clone()}</p>
                    <ol class="steps">
                        {p.steps.iter().map(|s| view! {
                            <li>{s.what.clone()} " · " <RoleLabel role=s.role /> " · " {t!(i18n, plan.within, n = s.minutes)}</li>
                        }).collect_view()}
                    </ol>
                    <p class="muted">{t!(i18n, plan.updated)} " " {local_time(p.updated_at, offset)}</p>
                    {can_edit.then(|| view! {
                        <details>
                            <summary>{t!(i18n, plan.edit)}</summary>
                            <PlanForm plan=Some(p.clone()) save />
                        </details>
                    })}
                </section>
            }).collect_view().into_any()
        }}
    }
}

#[component]
fn PlanForm(plan: Option<EmergencyPlan>, save: ServerAction<SavePlan>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let key = plan
        .as_ref()
        .map(|p| p.id.to_string())
        .unwrap_or_else(|| "new".into());
    let steps = plan.as_ref().map(|p| p.steps.clone()).unwrap_or_default();
    let rows = if plan.is_some() {
        steps.len() + BLANK_ROWS
    } else {
        NEW_PLAN_ROWS
    };
    let roles: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Admin)
        .collect();
    view! {
        <ActionForm action=save attr:class="form plan-form">
            {plan.as_ref().map(|p| view! { <input type="hidden" name="id" value=p.id.to_string() /> })}
            <label for=format!("plan-title-{key}")>{t!(i18n, plan.title_field)}</label>
            <input id=format!("plan-title-{key}") name="title" maxlength="100" required value=plan.as_ref().map(|p| p.title.clone()) />
            <FieldError error=e field="title" />
            <label for=format!("plan-scope-{key}")>{t!(i18n, plan.scope)}</label>
            <textarea id=format!("plan-scope-{key}") name="scope" rows="2" maxlength="500">{plan.as_ref().map(|p| p.scope.clone())}</textarea>
            <fieldset>
                <legend>{t!(i18n, plan.steps)}</legend>
                <p class="muted">{t!(i18n, plan.steps_help)}</p>
                <div class="step-rows">
                    {(0..rows).map(|n| {
                        let s = steps.get(n).cloned();
                        let role = s.as_ref().map(|s| s.role);
                        let roles = roles.clone();
                        view! {
                            <div class="step-row" data-testid="step-row">
                                <span class="muted">{n + 1} "."</span>
                                <input name=format!("steps[{n}][what]") maxlength="200" aria-label=t_string!(i18n, plan.step_what) placeholder=t_string!(i18n, plan.step_what) value=s.as_ref().map(|s| s.what.clone()) />
                                <select name=format!("steps[{n}][role]") aria-label=t_string!(i18n, plan.step_role)>
                                    {roles.into_iter().map(|r| view! { <option value=r.code() selected=role == Some(r)><RoleLabel role=r /></option> }).collect_view()}
                                </select>
                                <input name=format!("steps[{n}][minutes]") type="number" min="1" max="10080" aria-label=t_string!(i18n, plan.step_minutes) placeholder=t_string!(i18n, plan.step_minutes) value=s.as_ref().map(|s| s.minutes.to_string()) />
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <FieldError error=e field="steps" />
            {plan.as_ref().map(|p| view! {
                <label class="check"><input type="checkbox" name="retired" value="1" checked=p.retired />{t!(i18n, plan.retire)}</label>
            })}
            <button type="submit" class="primary" data-testid="save-plan">{t!(i18n, plan.save)}</button>
        </ActionForm>
    }
}
