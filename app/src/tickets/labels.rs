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
        State::Registered => t!(i18n, ticket.state.registered).into_any(),
        State::Assigned => t!(i18n, ticket.state.assigned).into_any(),
        State::InProgress => t!(i18n, ticket.state.in_progress).into_any(),
        State::Resolved => t!(i18n, ticket.state.resolved).into_any(),
        State::Closed => t!(i18n, ticket.state.closed).into_any(),
        State::Archived => t!(i18n, ticket.state.archived).into_any(),
    };
    view! { <span class=format!("badge state-{}", state.code()) data-state=state.code()>{text}</span> }
}

#[component]
pub fn PriorityLabel(priority: Priority) -> impl IntoView {
    let i18n = use_i18n();
    let text = match priority {
        Priority::Urgent => t!(i18n, ticket.priority.urgent).into_any(),
        Priority::High => t!(i18n, ticket.priority.high).into_any(),
        Priority::Normal => t!(i18n, ticket.priority.normal).into_any(),
        Priority::Low => t!(i18n, ticket.priority.low).into_any(),
    };
    view! { <span class=format!("badge prio-{}", priority.code())>{text}</span> }
}

#[component]
pub fn ChannelLabel(channel: Channel) -> impl IntoView {
    let i18n = use_i18n();
    match channel {
        Channel::Phone => t!(i18n, ticket.channel.phone).into_any(),
        Channel::Web => t!(i18n, ticket.channel.web).into_any(),
        Channel::Email => t!(i18n, ticket.channel.email).into_any(),
        Channel::WalkIn => t!(i18n, ticket.channel.walk_in).into_any(),
        Channel::Other => t!(i18n, ticket.channel.other).into_any(),
    }
}

#[component]
pub fn OutcomeLabel(outcome: CallbackOutcome) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        CallbackOutcome::Satisfied => t!(i18n, ticket.outcome.satisfied).into_any(),
        CallbackOutcome::BasicallySatisfied => {
            t!(i18n, ticket.outcome.basically_satisfied).into_any()
        }
        CallbackOutcome::Unsatisfied => t!(i18n, ticket.outcome.unsatisfied).into_any(),
        CallbackOutcome::Unreachable => t!(i18n, ticket.outcome.unreachable).into_any(),
    }
}

#[component]
pub fn FieldLabel(field: CorrectableField) -> impl IntoView {
    let i18n = use_i18n();
    match field {
        CorrectableField::CallerName => t!(i18n, ticket.caller_name).into_any(),
        CorrectableField::CallerPhone => t!(i18n, ticket.caller_phone).into_any(),
        CorrectableField::CallerIdNumber => t!(i18n, ticket.caller_id_number).into_any(),
        CorrectableField::Address => t!(i18n, ticket.address).into_any(),
        CorrectableField::Description => t!(i18n, ticket.description).into_any(),
    }
}

#[component]
pub fn WorkListLabel(list: WorkList) -> impl IntoView {
    let i18n = use_i18n();
    match list {
        WorkList::AwaitingCallback => t!(i18n, work.awaiting_callback).into_any(),
        WorkList::RegisteredByMe => t!(i18n, work.registered_by_me).into_any(),
        WorkList::ToSignFor => t!(i18n, work.to_sign_for).into_any(),
        WorkList::InProgress => t!(i18n, work.in_progress).into_any(),
        WorkList::DispatcherQueue => t!(i18n, work.dispatcher_queue).into_any(),
        WorkList::ExtensionRequests => t!(i18n, work.extension_requests).into_any(),
        WorkList::CorrectionRequests => t!(i18n, work.correction_requests).into_any(),
        WorkList::Supervised => t!(i18n, work.supervised).into_any(),
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
