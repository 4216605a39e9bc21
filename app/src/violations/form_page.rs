//! Proposing a violation: the person, the conduct of art. 18 (or another, in words), the
//! facts and the evidence (tickets; the confirmed warning it comes from), the grade and the
//! penalty — points default to the scheme's for the grade.
use super::api::{get_violation_form, ProposeViolation};
use super::labels::{discipline_text, severity_text};
use super::ViolationForm;
use crate::domain::violation::{Conduct, Discipline, Severity};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ViolationNewPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <FormView /> } /> }
}

#[component]
fn FormView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let warning = move || query.with(|m| m.get("warning").and_then(|w| w.parse::<i64>().ok()));
    let propose = ServerAction::<ProposeViolation>::new();
    let data = crate::ui::data::page_data(warning, get_violation_form);
    view! {
        <p><a href="/violations">{t!(i18n, violation.back)}</a></p>
        <h1>{t!(i18n, violation.propose_new)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(f) => view! { <Fields f propose /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Fields(f: ViolationForm, propose: ServerAction<ProposeViolation>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(propose);
    let scheme = f.scheme;
    view! {
        <ErrorBanner error=e />
        <ActionForm action=propose attr:class="form card" attr:data-testid="violation-form">
            {f.warning_id.map(|w| view! {
                <input type="hidden" name="warning" value=w.to_string() />
                <p class="alert info" data-testid="from-warning">{t!(i18n, violation.from_warning, id = w)}</p>
            })}
            <label for="violation-person">{t!(i18n, violation.person)}</label>
            <select id="violation-person" name="person" required data-testid="violation-person">
                <option value="" selected=f.person_id.is_none()>{t!(i18n, violation.choose_person)}</option>
                {f.people.iter().map(|p| view! {
                    <option value=p.id.to_string() selected=f.person_id == Some(p.id)>{format!("{} · {}", p.name, p.department)}</option>
                }).collect_view()}
            </select>
            <FieldError error=e field="person" />
            <label for="violation-conduct">{t!(i18n, violation.conduct)}</label>
            <select id="violation-conduct" name="conduct" data-testid="violation-conduct">
                {Conduct::ALL.iter().filter(|c| **c != Conduct::None).map(|c| view! {
                    <option value=c.code() selected=f.conduct == *c>{crate::risk::labels::conduct_text(i18n, *c)}</option>
                }).collect_view()}
                <option value="none" selected=f.conduct == Conduct::None>{t!(i18n, violation.conduct_other)}</option>
            </select>
            <label for="violation-conduct-text">{t!(i18n, violation.conduct_text)}</label>
            <input id="violation-conduct-text" name="conduct_text" maxlength="100" />
            <FieldError error=e field="conduct_text" />
            <label for="violation-facts">{t!(i18n, violation.facts)}</label>
            <textarea id="violation-facts" name="facts" rows="5" required minlength="5" maxlength="4000" data-testid="violation-facts">{f.facts.clone()}</textarea>
            <FieldError error=e field="facts" />
            <label for="violation-tickets">{t!(i18n, violation.tickets)}</label>
            <input id="violation-tickets" name="tickets" value=f.tickets.clone() data-testid="violation-tickets" />
            <p class="muted">{t!(i18n, violation.tickets_hint)}</p>
            <FieldError error=e field="tickets" />
            <fieldset>
                <legend>{t!(i18n, violation.severity_label)}</legend>
                {Severity::ALL.iter().map(|s| view! {
                    <label class="check"><input type="radio" name="severity" value=s.code() required checked=*s == Severity::Minor data-testid=format!("severity-{}", s.code()) />
                        " " {severity_text(i18n, *s)} " " <span class="muted">{t!(i18n, violation.default_points, points = scheme.points(*s))}</span></label>
                }).collect_view()}
                <FieldError error=e field="severity" />
            </fieldset>
            <PenaltyFields points=String::new() discipline=Discipline::None fine=String::new() e points_hint=true />
            <button type="submit" class="primary" data-testid="violation-propose">{t!(i18n, violation.propose)}</button>
        </ActionForm>
    }
}

/// Points, disciplinary measure and fine: in the proposal and in a reduction.
#[component]
pub(super) fn PenaltyFields(
    points: String,
    discipline: Discipline,
    fine: String,
    e: Signal<Option<crate::error::AppError>>,
    points_hint: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="fields3">
            <div>
                <label for="violation-points">{t!(i18n, violation.points)}</label>
                <input id="violation-points" name="points" type="number" min="0" max="100" inputmode="numeric" value=points data-testid="violation-points-input" />
                {points_hint.then(|| view! { <p class="muted">{t!(i18n, violation.points_hint)}</p> })}
                <FieldError error=e field="points" />
            </div>
            <div>
                <label for="violation-discipline">{t!(i18n, violation.discipline_label)}</label>
                <select id="violation-discipline" name="discipline" data-testid="violation-discipline">
                    {Discipline::ALL.iter().map(|d| view! {
                        <option value=d.code() selected=*d == discipline>{discipline_text(i18n, *d)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="violation-fine">{t!(i18n, violation.fine)}</label>
                <input id="violation-fine" name="fine" inputmode="decimal" value=fine data-testid="violation-fine" />
                <FieldError error=e field="fine" />
            </div>
        </div>
    }
}
