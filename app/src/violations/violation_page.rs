//! One violation: the person, conduct, facts and evidence, the penalty, the appeal and the
//! decision; the step the reader may take now (notify or withdraw a proposal, appeal while
//! the window is open, decide an appeal) and the violation's history.
use super::api::{
    get_violation, AppealViolation, DecideViolation, NotifyViolation, WithdrawViolation,
};
use super::form_page::PenaltyFields;
use super::labels::{conduct_text, discipline_text, outcome_text, severity_text, state_text};
use super::{Violation, ViolationDetail, ViolationStep};
use crate::domain::events::ViolationEventData;
use crate::domain::violation::{format_fine, Move, Outcome, Penalty};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn ViolationPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ViolationView /> } /> }
}

#[derive(Clone, Copy)]
struct Actions {
    notify: ServerAction<NotifyViolation>,
    withdraw: ServerAction<WithdrawViolation>,
    appeal: ServerAction<AppealViolation>,
    decide: ServerAction<DecideViolation>,
}

#[component]
fn ViolationView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let a = Actions {
        notify: ServerAction::new(),
        withdraw: ServerAction::new(),
        appeal: ServerAction::new(),
        decide: ServerAction::new(),
    };
    let version = move || {
        a.notify.version().get()
            + a.withdraw.version().get()
            + a.appeal.version().get()
            + a.decide.version().get()
    };
    let detail = crate::ui::data::page_data(move || (id(), version()), |(id, _)| get_violation(id));
    view! {
        <p><a href="/violations">{t!(i18n, violation.back)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail d a /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A penalty in words: the points, the measure, the fine.
#[component]
fn PenaltyText(p: Penalty) -> impl IntoView {
    let i18n = use_i18n();
    let points = p.points;
    view! {
        {t!(i18n, violation.points_n, points)}
        {(p.discipline != crate::domain::violation::Discipline::None).then(|| view! { " · " {discipline_text(i18n, p.discipline)} })}
        {(p.fine_fen > 0).then(|| {
            let amount = format_fine(p.fine_fen);
            view! { " · " {t!(i18n, violation.fine_n, amount)} }
        })}
    }
}

/// The last day of a window that ends at `until` (the next day's first instant): its date.
pub(super) fn last_day(until: i64, offset: i32) -> String {
    local_time(until - 1, offset).chars().take(10).collect()
}

#[component]
fn Detail(d: ViolationDetail, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let offset = d.utc_offset_secs;
    let v = d.violation.clone();
    let id = v.id;
    view! {
        <h1>{v.code.clone()} " " <span class="muted">{v.person.clone()}</span></h1>
        <p data-testid="violation-state" data-state=v.state.code()>
            <span class=format!("badge violation-{}", v.state.code())>{state_text(i18n, v.state)}</span>
            {v.outcome.map(|o| view! { " " <span class="badge" data-testid="violation-outcome" data-outcome=o.code()>{outcome_text(i18n, o)}</span> })}
        </p>
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, violation.person)}</dt>
                <dd>{v.person.clone()} " · " {v.department.clone()}</dd>
                <dt>{t!(i18n, violation.conduct)}</dt>
                <dd>{conduct_text(i18n, v.conduct, &v.conduct_text)}</dd>
                <dt>{t!(i18n, violation.severity_label)}</dt>
                <dd>{severity_text(i18n, v.severity)}</dd>
                <dt>{t!(i18n, violation.penalty)}</dt>
                <dd data-testid="violation-penalty"><PenaltyText p=v.penalty /></dd>
                {v.decided.map(|p| view! {
                    <dt>{t!(i18n, violation.decided_penalty)}</dt>
                    <dd data-testid="violation-decided-penalty"><PenaltyText p /></dd>
                })}
                <dt>{t!(i18n, violation.counted)}</dt>
                <dd data-testid="violation-counted">{v.counted_points()}</dd>
                <dt>{t!(i18n, violation.facts)}</dt>
                <dd class="prewrap">{v.facts.clone()}</dd>
                <dt>{t!(i18n, violation.evidence)}</dt>
                <dd data-testid="violation-evidence">
                    {v.tickets.iter().map(|t| view! { <a href=format!("/tickets/{}", t.number) data-testid="violation-ticket">{t.number.clone()}</a> " " }).collect_view()}
                    {v.warning_id.map(|w| view! { <a href="/risks/warnings?all=1" data-testid="violation-warning">{t!(i18n, violation.warning_n, id = w)}</a> })}
                    {(v.tickets.is_empty() && v.warning_id.is_none()).then_some("—")}
                </dd>
                <dt>{t!(i18n, violation.proposer)}</dt>
                <dd>{v.proposer.clone()} " · " {local_time(v.proposed_at, offset)}</dd>
                {v.appeal_until.map(|until| view! {
                    <dt>{t!(i18n, violation.appeal_until)}</dt>
                    <dd data-testid="violation-appeal-until">{last_day(until, offset)}</dd>
                })}
            </dl>
        </section>
        <Appeal v=v.clone() offset />
        {d.moves.contains(&Move::Notify).then(|| view! { <NotifyForm id a /> })}
        {d.moves.contains(&Move::Withdraw).then(|| view! { <WithdrawForm id a /> })}
        {d.moves.contains(&Move::Appeal).then(|| view! { <AppealForm id a /> })}
        {d.moves.contains(&Move::Decide).then(|| view! { <DecideForm v=v.clone() a /> })}
        <Decision v=v.clone() offset />
        <Steps steps=d.steps offset />
    }
}

#[component]
fn Appeal(v: Violation, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let text = v.appeal_text?;
    Some(view! {
        <section class="card" data-testid="violation-appeal">
            <h2>{t!(i18n, violation.appeal)}</h2>
            <p class="prewrap">{text}</p>
            <p class="muted">{v.person.clone()} " · " {v.appealed_at.map(|at| local_time(at, offset)).unwrap_or_default()}</p>
        </section>
    })
}

#[component]
fn Decision(v: Violation, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = v.outcome?;
    Some(view! {
        <section class="card" data-testid="violation-decision">
            <h2>{t!(i18n, violation.decision)}</h2>
            <p><strong>{outcome_text(i18n, outcome)}</strong></p>
            <p class="prewrap">{v.decision_reason.clone().unwrap_or_default()}</p>
            <p class="muted">{v.decider.clone().unwrap_or_default()} " · " {v.decided_at.map(|at| local_time(at, offset)).unwrap_or_default()}</p>
        </section>
    })
}

#[component]
fn NotifyForm(id: i64, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.notify);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=a.notify attr:class="form card" attr:data-testid="notify-form">
            <input type="hidden" name="id" value=id.to_string() />
            <p>{t!(i18n, violation.notify_hint)}</p>
            <button type="submit" class="primary" data-testid="violation-notify">{t!(i18n, violation.notify)}</button>
        </ActionForm>
    }
}

#[component]
fn WithdrawForm(id: i64, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.withdraw);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=a.withdraw attr:class="form card" attr:data-testid="withdraw-form">
            <input type="hidden" name="id" value=id.to_string() />
            <label for="withdraw-reason">{t!(i18n, violation.withdraw_reason)}</label>
            <textarea id="withdraw-reason" name="reason" rows="2" required maxlength="2000"></textarea>
            <FieldError error=e field="reason" />
            <button type="submit" data-testid="violation-withdraw">{t!(i18n, violation.withdraw)}</button>
        </ActionForm>
    }
}

#[component]
fn AppealForm(id: i64, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.appeal);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=a.appeal attr:class="form card" attr:data-testid="appeal-form">
            <h2>{t!(i18n, violation.appeal)}</h2>
            <input type="hidden" name="id" value=id.to_string() />
            <label for="appeal-text">{t!(i18n, violation.appeal_text)}</label>
            <textarea id="appeal-text" name="text" rows="4" required minlength="5" maxlength="4000" data-testid="appeal-text"></textarea>
            <FieldError error=e field="text" />
            <button type="submit" class="primary" data-testid="violation-appeal-submit">{t!(i18n, violation.appeal_submit)}</button>
        </ActionForm>
    }
}

#[component]
fn DecideForm(v: Violation, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.decide);
    let points = v.penalty.points.to_string();
    let fine = if v.penalty.fine_fen > 0 {
        format_fine(v.penalty.fine_fen)
    } else {
        String::new()
    };
    view! {
        <ErrorBanner error=e />
        <ActionForm action=a.decide attr:class="form card" attr:data-testid="decide-form">
            <h2>{t!(i18n, violation.decision)}</h2>
            <input type="hidden" name="id" value=v.id.to_string() />
            <fieldset>
                <legend>{t!(i18n, violation.outcome_label)}</legend>
                {Outcome::ALL.iter().map(|o| view! {
                    <label class="check"><input type="radio" name="outcome" value=o.code() required data-testid=format!("outcome-{}", o.code()) />" " {outcome_text(i18n, *o)}</label>
                }).collect_view()}
                <FieldError error=e field="outcome" />
            </fieldset>
            <p class="muted">{t!(i18n, violation.reduce_hint)}</p>
            <PenaltyFields points discipline=v.penalty.discipline fine e points_hint=false />
            <label for="decide-reason">{t!(i18n, violation.reason)}</label>
            <textarea id="decide-reason" name="reason" rows="3" required maxlength="2000" data-testid="decide-reason"></textarea>
            <FieldError error=e field="reason" />
            <button type="submit" class="primary" data-testid="violation-decide">{t!(i18n, violation.decide)}</button>
        </ActionForm>
    }
}

#[component]
fn Steps(steps: Vec<ViolationStep>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, violation.history)}</h2>
            <ol class="timeline" data-testid="timeline">
                {steps.into_iter().map(|s| {
                    let offset_ = offset;
                    let what = match s.event.clone() {
                        Some(ViolationEventData::Proposed { .. }) => view! { {t!(i18n, violation.step.proposed)} }.into_any(),
                        Some(ViolationEventData::Notified { appeal_until }) => view! { {t!(i18n, violation.step.notified)} " " {last_day(appeal_until, offset_)} }.into_any(),
                        Some(ViolationEventData::Appealed { .. }) => view! { {t!(i18n, violation.step.appealed)} }.into_any(),
                        Some(ViolationEventData::Decided { outcome, penalty, .. }) => view! {
                            {t!(i18n, violation.step.decided)} " · " {outcome_text(i18n, outcome)} " · " <PenaltyText p=penalty />
                        }.into_any(),
                        None => view! { "—" }.into_any(),
                    };
                    view! {
                        <li>
                            <span class="muted">{local_time(s.at, offset)} " · " {s.actor.clone().unwrap_or_default()}</span>
                            " " {what} " " <span class="muted">"#" {s.seq}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
