//! Translated names of states, priorities, channels, outcomes and lists, and the ticket
//! list every page shares (a table on wide screens, cards on a phone).
use super::{local_time, minutes_left, TicketSummary, WorkList};
use crate::domain::ticket::{CallbackOutcome, Channel, CorrectableField, Priority, State};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn StateLabel(state: State) -> impl IntoView {
    let i18n = use_i18n();
    let text = match state {
        State::Registered => t_string!(i18n, ticket.state.registered),
        State::Assigned => t_string!(i18n, ticket.state.assigned),
        State::InProgress => t_string!(i18n, ticket.state.in_progress),
        State::Resolved => t_string!(i18n, ticket.state.resolved),
        State::Closed => t_string!(i18n, ticket.state.closed),
        State::Archived => t_string!(i18n, ticket.state.archived),
    };
    view! { <span class=format!("badge state-{}", state.code()) data-state=state.code()>{text}</span> }
}

#[component]
pub fn PriorityLabel(priority: Priority) -> impl IntoView {
    let i18n = use_i18n();
    let text = match priority {
        Priority::Urgent => t_string!(i18n, ticket.priority.urgent),
        Priority::High => t_string!(i18n, ticket.priority.high),
        Priority::Normal => t_string!(i18n, ticket.priority.normal),
        Priority::Low => t_string!(i18n, ticket.priority.low),
    };
    view! { <span class=format!("badge prio-{}", priority.code())>{text}</span> }
}

#[component]
pub fn ChannelLabel(channel: Channel) -> impl IntoView {
    let i18n = use_i18n();
    match channel {
        Channel::Phone => t_string!(i18n, ticket.channel.phone),
        Channel::Web => t_string!(i18n, ticket.channel.web),
        Channel::Email => t_string!(i18n, ticket.channel.email),
        Channel::WalkIn => t_string!(i18n, ticket.channel.walk_in),
        Channel::Other => t_string!(i18n, ticket.channel.other),
    }
}

#[component]
pub fn OutcomeLabel(outcome: CallbackOutcome) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        CallbackOutcome::Satisfied => t_string!(i18n, ticket.outcome.satisfied),
        CallbackOutcome::BasicallySatisfied => {
            t_string!(i18n, ticket.outcome.basically_satisfied)
        }
        CallbackOutcome::Unsatisfied => t_string!(i18n, ticket.outcome.unsatisfied),
        CallbackOutcome::Unreachable => t_string!(i18n, ticket.outcome.unreachable),
    }
}

#[component]
pub fn FieldLabel(field: CorrectableField) -> impl IntoView {
    let i18n = use_i18n();
    match field {
        CorrectableField::CallerName => t_string!(i18n, ticket.caller_name),
        CorrectableField::CallerPhone => t_string!(i18n, ticket.caller_phone),
        CorrectableField::CallerIdNumber => t_string!(i18n, ticket.caller_id_number),
        CorrectableField::Address => t_string!(i18n, ticket.address),
        CorrectableField::Description => t_string!(i18n, ticket.description),
    }
}

#[component]
pub fn WorkListLabel(list: WorkList) -> impl IntoView {
    let i18n = use_i18n();
    match list {
        WorkList::AwaitingCallback => t_string!(i18n, work.awaiting_callback),
        WorkList::RegisteredByMe => t_string!(i18n, work.registered_by_me),
        WorkList::ToSignFor => t_string!(i18n, work.to_sign_for),
        WorkList::InProgress => t_string!(i18n, work.in_progress),
        WorkList::DispatcherQueue => t_string!(i18n, work.dispatcher_queue),
        WorkList::ExtensionRequests => t_string!(i18n, work.extension_requests),
        WorkList::CorrectionRequests => t_string!(i18n, work.correction_requests),
        WorkList::Supervised => t_string!(i18n, work.supervised),
    }
}

/// A deadline with the time left (or overdue), coloured by urgency.
#[component]
pub fn Due(due: i64, now: i64, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let left = minutes_left(now, due);
    let (h, m) = (left.abs() / 60, left.abs() % 60);
    let class = if left < 0 {
        "due overdue"
    } else if left < 120 {
        "due soon"
    } else {
        "due"
    };
    let text = if left < 0 {
        t!(i18n, ticket.overdue_by, h = move || h, m = move || m).into_any()
    } else {
        t!(i18n, ticket.time_left, h = move || h, m = move || m).into_any()
    };
    view! {
        <span class=class>
            <time>{local_time(due, offset)}</time>
            " · "
            {text}
        </span>
    }
}

#[component]
pub fn TicketList(tickets: Vec<TicketSummary>, now: i64, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    if tickets.is_empty() {
        return view! { <p class="muted empty">{t!(i18n, work.empty)}</p> }.into_any();
    }
    view! {
        <table class="list tickets">
            <thead>
                <tr>
                    <th>{t!(i18n, ticket.number)}</th>
                    <th>{t!(i18n, ticket.state_label)}</th>
                    <th>{t!(i18n, ticket.category)}</th>
                    <th>{t!(i18n, ticket.caller)}</th>
                    <th>{t!(i18n, ticket.department)}</th>
                    <th>{t!(i18n, ticket.due)}</th>
                </tr>
            </thead>
            <tbody>
                {tickets
                    .into_iter()
                    .map(|t| {
                        let href = format!("/tickets/{}", t.number);
                        view! {
                            <tr data-number=t.number.clone()>
                                <td data-label=move || t_string!(i18n, ticket.number)>
                                    <a href=href>{t.number.clone()}</a>
                                    " "
                                    <PriorityLabel priority=t.priority />
                                    {t.supervised.then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_supervised)}</span> })}
                                    {t.extension_pending.then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_extension)}</span> })}
                                    {(t.urge_count > 0).then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_urged, n = move || t.urge_count)}</span> })}
                                    {(t.redo_count > 0).then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_redo, n = move || t.redo_count)}</span> })}
                                </td>
                                <td data-label=move || t_string!(i18n, ticket.state_label)><StateLabel state=t.state /></td>
                                <td data-label=move || t_string!(i18n, ticket.category)>{t.category.clone()}</td>
                                <td data-label=move || t_string!(i18n, ticket.caller)>{t.caller_name.clone()} " " <span class="masked">{t.caller_phone.clone()}</span></td>
                                <td data-label=move || t_string!(i18n, ticket.department)>
                                    {t.department.clone().unwrap_or_default()}
                                    {t.handler.clone().map(|h| view! { " · " {h} })}
                                </td>
                                <td data-label=move || t_string!(i18n, ticket.due)>
                                    {t.due_at.map(|due| view! { <Due due now offset /> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
