//! 预警: the automatic warnings raised by the rules over the ticket history, each with what
//! it found and the tickets it found it in; compliance confirms or dismisses each one and
//! may run the rules at once. The risk page shows its own warnings with the same card.
use super::labels::{rule_text, warning_state_text as state_text};
use super::warnings_api::{list_warnings, DecideWarning, RunWarningRules};
use super::{Warning, WarningList};
use crate::domain::warning::{Trigger, WarningState};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the rule saw, in words.
pub fn found_text(i18n: leptos_i18n::I18nContext<Locale>, found: Trigger, offset: i32) -> AnyView {
    match found {
        Trigger::Extensions { count } => t!(i18n, warning.found.extensions, n = count).into_any(),
        Trigger::Overdue {
            working_days,
            due_at,
        } => {
            let due = local_time(due_at, offset);
            t!(i18n, warning.found.overdue, n = working_days, due).into_any()
        }
        Trigger::Returns { count } => t!(i18n, warning.found.returns, n = count).into_any(),
        Trigger::Reassigns { count } => t!(i18n, warning.found.reassigns, n = count).into_any(),
        Trigger::RevealsInDay { count, day } => {
            let day = day.to_string();
            t!(i18n, warning.found.reveals_in_day, n = count, day).into_any()
        }
        Trigger::RevealOutsideWork { at } => {
            let at = local_time(at, offset);
            t!(i18n, warning.found.reveal_outside, at).into_any()
        }
        Trigger::Surge {
            day,
            received,
            mean_tenths,
        } => {
            let day = day.to_string();
            let mean = format!("{}.{}", mean_tenths / 10, mean_tenths % 10);
            t!(i18n, warning.found.surge, n = received, mean, day).into_any()
        }
        Trigger::RepeatCaller { tickets, days } => {
            t!(i18n, warning.found.repeat_caller, n = tickets, days).into_any()
        }
        Trigger::FastResolve { minutes } => {
            t!(i18n, warning.found.fast_resolve, n = minutes).into_any()
        }
        Trigger::FastCallback { minutes } => {
            t!(i18n, warning.found.fast_callback, n = minutes).into_any()
        }
        Trigger::ChainBroken { seq } => t!(i18n, warning.found.chain_broken, seq).into_any(),
    }
}

/// One warning: rule, what it found, on whom or what, the evidence, the decision; with the
/// decision form when `decide` is given and the warning awaits one.
#[component]
pub fn WarningCard(
    w: Warning,
    offset: i32,
    #[prop(optional)] decide: Option<ServerAction<DecideWarning>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let note_id = format!("warning-note-{}", w.id);
    let form = decide.filter(|_| w.state == WarningState::Raised).map(|action| {
        let e = error_of(action);
        view! {
            <ActionForm action attr:class="decide-warning">
                <input type="hidden" name="id" value=w.id.to_string() />
                <label for=note_id.clone()>{t!(i18n, warning.note)}</label>
                <div>
                    <input id=note_id.clone() name="note" maxlength="1000" />
                    <FieldError error=e field="note" />
                </div>
                <div class="buttons">
                    <button type="submit" name="decision" value="confirm" data-testid="warning-confirm">{t!(i18n, warning.confirm)}</button>
                    <button type="submit" name="decision" value="dismiss" class="secondary" data-testid="warning-dismiss">{t!(i18n, warning.dismiss)}</button>
                </div>
            </ActionForm>
        }
    });
    view! {
        <li class="card warning" data-testid="warning" data-rule=w.rule.code() data-state=w.state.code()>
            <p>
                <span class="chip">{rule_text(i18n, w.rule)}</span>
                {w.major.then(|| view! { " " <span class="badge prio-urgent">{t!(i18n, warning.major)}</span> })}
                " " <span class="badge" data-testid="warning-state">{state_text(i18n, w.state)}</span>
                " " <time class="muted">{local_time(w.raised_at, offset)}</time>
            </p>
            <p data-testid="warning-found"><strong>{found_text(i18n, w.found.clone(), offset)}</strong></p>
            <p class="muted">
                {w.user_name.clone().map(|n| view! { {t!(i18n, warning.person)} ": " <span data-testid="warning-person">{n}</span> " · " })}
                {w.category_name.clone().map(|n| view! { {t!(i18n, warning.category)} ": " {n} " · " })}
                {t!(i18n, warning.on_risk)} ": "
                <a href=format!("/risks/{}", w.risk_id)><code>{w.risk_code.clone()}</code> " " {w.risk_title.clone()}</a>
            </p>
            {(!w.tickets.is_empty()).then(|| view! {
                <p class="evidence">
                    {t!(i18n, warning.evidence)} ": "
                    {w.tickets.iter().map(|t| view! { <a href=format!("/tickets/{}", t.number) data-testid="warning-ticket">{t.number.clone()}</a> " " }).collect_view()}
                </p>
            })}
            {w.decided_by.clone().map(|who| view! {
                <p class="muted">
                    {t!(i18n, warning.decided_by)} ": " {who}
                    {w.decided_at.map(|at| view! { " · " {local_time(at, offset)} })}
                    {(!w.decision_note.is_empty()).then(|| view! { " · " {w.decision_note.clone()} })}
                </p>
            })}
            {match (w.event_id, w.state == WarningState::Confirmed && decide.is_some()) {
                (Some(id), _) => view! {
                    <p><a href=format!("/risks/events/{id}") data-testid="warning-event">{t!(i18n, risk_event.events)} " #" {id}</a></p>
                }.into_any(),
                (None, true) => view! {
                    <p><a class="button" href=format!("/risks/events/new?warning={}", w.id) data-testid="warning-to-event">{t!(i18n, risk_event.to_event)}</a></p>
                }.into_any(),
                (None, false) => ().into_any(),
            }}
            // A confirmed warning is the evidence of a violation compliance may propose.
            {(w.state == WarningState::Confirmed && decide.is_some()).then(|| view! {
                <p><a class="button" href=format!("/violations/new?warning={}", w.id) data-testid="warning-to-violation">{t!(i18n, violation.propose_new)}</a></p>
            })}
            {form}
        </li>
    }
}

#[component]
pub fn WarningsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <WarningsView /> } /> }
}

#[component]
fn WarningsView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let decide = ServerAction::<DecideWarning>::new();
    let run = ServerAction::<RunWarningRules>::new();
    let all = Memo::new(move |_| params.with(|m| m.get("all").is_some_and(|v| v == "1")));
    let list = crate::ui::data::page_data(
        move || (all.get(), decide.version().get(), run.version().get()),
        |(all, ..)| list_warnings(all.then_some(1)),
    );
    view! {
        <h1>{t!(i18n, warning.title)}</h1>
        <ErrorBanner error=error_of(decide) />
        <ErrorBanner error=error_of(run) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <WarningListView l decide run /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn WarningListView(
    l: WarningList,
    decide: ServerAction<DecideWarning>,
    run: ServerAction<RunWarningRules>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let ran = move || {
        params
            .with(|m| m.get("ran"))
            .and_then(|v| v.parse::<i64>().ok())
    };
    let offset = l.utc_offset_secs;
    let sel = |on: bool| on.then_some("page");
    view! {
        <nav class="tabs">
            <a href="/risks/warnings" aria-current=sel(!l.all)>{t!(i18n, warning.awaiting)}</a>
            <a href="/risks/warnings?all=1" aria-current=sel(l.all)>{t!(i18n, warning.all)}</a>
            <a href="/risks/notices" data-testid="to-notices">{t!(i18n, notice.title)}</a>
        </nav>
        {l.compliance.then(|| view! {
            <ActionForm action=run attr:class="run-warnings">
                <button type="submit" data-testid="run-warnings">{t!(i18n, warning.run_now)}</button>
                {move || ran().map(|n| view! { " " <span class="muted" role="status">{t!(i18n, warning.ran, n)}</span> })}
            </ActionForm>
        })}
        {if l.items.is_empty() {
            view! { <p class="muted">{t!(i18n, warning.none)}</p> }.into_any()
        } else {
            let decide = l.compliance.then_some(decide);
            view! {
                <ul class="warnings" data-testid="warnings">
                    {l.items.into_iter().map(|w| match decide {
                        Some(decide) => view! { <WarningCard w offset decide /> }.into_any(),
                        None => view! { <WarningCard w offset /> }.into_any(),
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
