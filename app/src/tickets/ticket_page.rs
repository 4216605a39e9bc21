//! One ticket: its facts (masked), deadlines with time left, state, the actions this user
//! may take, and the full timeline.
use super::actions::{ActionPanel, TicketActions};
use super::api::get_ticket;
use super::labels::{ChannelLabel, Due, PriorityLabel, StateLabel};
use super::timeline::Timeline;
use super::{local_time, TicketDetail};
use crate::domain::workflow::ActionKind;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use crate::ui::labels::ClearanceLabel;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TicketPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Ticket /> } /> }
}

#[component]
fn Ticket() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let actions = TicketActions::new();
    let ticket = crate::ui::data::page_data(
        move || (number(), actions.version()),
        |(n, _)| get_ticket(n),
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(t) => view! { <TicketView ticket=t actions /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TicketView(ticket: TicketDetail, actions: TicketActions) -> impl IntoView {
    let i18n = use_i18n();
    let s = ticket.summary.clone();
    let offset = ticket.utc_offset_secs;
    let now = ticket.now;
    let reveal_error = error_of(actions.reveal);
    let can_reveal = ticket.actions.contains(&ActionKind::RevealPii) && !ticket.revealed;
    let deadline = |label: &'static str, due: Option<i64>, done: Option<i64>| {
        due.map(|due| {
            view! {
                <div class="deadline">
                    <dt>{label}</dt>
                    <dd>
                        {match done {
                            Some(at) => view! { <span class="done">{local_time(due, offset)} " · " {t!(i18n, ticket.done_at, at = move || local_time(at, offset))}</span> }.into_any(),
                            None => view! { <Due due now offset /> }.into_any(),
                        }}
                    </dd>
                </div>
            }
        })
    };
    view! {
        <div class="ticket" data-testid="ticket" data-state=s.state.code()>
            <header class="ticket-head">
                <h1>{t!(i18n, ticket.title)} " " <span data-testid="ticket-number">{s.number.clone()}</span></h1>
                <p>
                    <StateLabel state=s.state />
                    " " <PriorityLabel priority=s.priority />
                    " " <span class="badge">{s.category.clone()}</span>
                    {s.supervised.then(|| view! { " " <span class="badge flag">{t!(i18n, ticket.flag_supervised)}</span> })}
                    {(s.redo_count > 0).then(|| view! { " " <span class="badge flag">{t!(i18n, ticket.flag_redo, n = move || s.redo_count)}</span> })}
                    {(s.return_count > 0).then(|| view! { " " <span class="badge flag">{t!(i18n, ticket.flag_returned, n = move || s.return_count)}</span> })}
                    {(ticket.repeat_calls > 0).then(|| view! { " " <span class="badge flag">{t!(i18n, ticket.flag_repeat, n = move || ticket.repeat_calls)}</span> })}
                </p>
            </header>
            <div class="ticket-grid">
                <section class="card facts">
                    <h2>{t!(i18n, ticket.facts)}</h2>
                    <dl>
                        <dt>{t!(i18n, ticket.caller_name)}</dt><dd>{s.caller_name.clone()}</dd>
                        <dt>{t!(i18n, ticket.caller_phone)}</dt>
                        <dd>
                            <span class="masked" data-testid="caller-phone">{ticket.caller_phone.clone()}</span>
                            {can_reveal.then(|| view! {
                                <ActionForm action=actions.reveal attr:class="inline">
                                    <input type="hidden" name="id" value=s.id.to_string() />
                                    <button type="submit" class="link" data-testid="reveal">{t!(i18n, ticket.reveal)}</button>
                                </ActionForm>
                            })}
                            <ErrorBanner error=reveal_error />
                        </dd>
                        {(!ticket.caller_id_number.is_empty()).then(|| view! {
                            <dt>{t!(i18n, ticket.caller_id_number)}</dt><dd class="masked">{ticket.caller_id_number.clone()}</dd>
                        })}
                        {(!ticket.address.is_empty()).then(|| view! {
                            <dt>{t!(i18n, ticket.address)}</dt><dd>{ticket.address.clone()}</dd>
                        })}
                        <dt>{t!(i18n, ticket.channel_label)}</dt><dd><ChannelLabel channel=ticket.channel /></dd>
                        <dt>{t!(i18n, ticket.registered)}</dt><dd>{local_time(s.registered_at, offset)} " · " {ticket.registered_by.clone()}</dd>
                        <dt>{t!(i18n, ticket.confidentiality)}</dt><dd><ClearanceLabel clearance=ticket.confidentiality /></dd>
                    </dl>
                    <h3>{t!(i18n, ticket.description)}</h3>
                    <p class="note" data-testid="description">{ticket.description.clone()}</p>
                    {(!ticket.answers.is_empty()).then(|| view! {
                        <h3>{t!(i18n, ticket.answers)}</h3>
                        <dl class="answers">
                            {ticket.answers.iter().map(|a| view! { <dt>{a.question.clone()}</dt><dd>{a.answer.clone()}</dd> }).collect_view()}
                        </dl>
                    })}
                </section>
                <section class="card progress">
                    <h2>{t!(i18n, ticket.progress)}</h2>
                    <dl>
                        <dt>{t!(i18n, ticket.department)}</dt>
                        <dd data-testid="department">{s.department.clone().unwrap_or_else(|| t_string!(i18n, ticket.in_queue).to_string())} {s.handler.clone().map(|h| view! { " · " <span data-testid="handler">{h}</span> })}</dd>
                        {deadline(t_string!(i18n, ticket.sign_due), ticket.sign_due_at, ticket.signed_at)}
                        {deadline(t_string!(i18n, ticket.resolve_due), ticket.resolve_due_at, ticket.resolved_at)}
                        {deadline(t_string!(i18n, ticket.callback_due), ticket.callback_due_at, ticket.closed_at)}
                    </dl>
                    {(!ticket.result.is_empty()).then(|| view! {
                        <h3>{t!(i18n, ticket.result)}</h3>
                        <p class="note">{ticket.result.clone()}</p>
                    })}
                    <h2>{t!(i18n, ticket.actions)}</h2>
                    <ActionPanel ticket=ticket.clone() actions />
                </section>
            </div>
            <section class="card">
                <h2>{t!(i18n, ticket.timeline)}</h2>
                <Timeline entries=ticket.timeline.clone() offset />
            </section>
        </div>
    }
}
