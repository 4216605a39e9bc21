//! The ticket's history, oldest first, each event in words.
use super::labels::{FieldLabel, OutcomeLabel, PriorityLabel};
use super::{local_time, TimelineEntry};
use crate::domain::dispatch::BasisRule;
use crate::domain::events::EventData;
use crate::i18n::*;
use crate::live::ClockName;
use crate::ui::labels::ClearanceLabel;
use leptos::prelude::*;

#[component]
pub fn Timeline(entries: Vec<TimelineEntry>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline" data-testid="timeline">
            {entries
                .into_iter()
                .map(|e| {
                    let kind = e.event.as_ref().map(|x| x.kind()).unwrap_or("unknown");
                    view! {
                        <li data-kind=kind>
                            <div class="when">
                                <time>{local_time(e.at, offset)}</time>
                                " · "
                                {e.actor.clone().unwrap_or_else(|| t_string!(i18n, timeline.system).to_string())}
                            </div>
                            <div class="what">{e.event.map(|ev| view! { <EventText event=ev offset /> })}</div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn EventText(event: EventData, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let at = move |ms: i64| local_time(ms, offset);
    match event {
        EventData::Registered { number, priority, .. } => view! {
            {t!(i18n, timeline.registered, number = move || number.clone())} " " <PriorityLabel priority />
        }
        .into_any(),
        EventData::Queued { catalogue } => {
            t!(i18n, timeline.queued, catalogue = move || catalogue.clone()).into_any()
        }
        EventData::Assigned { department, handler, basis, reason, reassigned, resolve_due_at, .. } => {
            let head = if reassigned {
                t!(i18n, timeline.reassigned, department = move || department.clone()).into_any()
            } else {
                t!(i18n, timeline.assigned, department = move || department.clone()).into_any()
            };
            let who = handler.clone().map(|h| view! { " → " {h} });
            let catalogue = basis.catalogue.clone().unwrap_or_default();
            let open = basis.open_count.unwrap_or(0);
            let name = handler.unwrap_or_default();
            let why = match basis.rule {
                BasisRule::Catalogue => t!(i18n, timeline.basis_catalogue, catalogue = move || catalogue.clone()).into_any(),
                BasisRule::FewestOpen => t!(i18n, timeline.basis_fewest, catalogue = move || catalogue.clone(), name = move || name.clone(), open = move || open).into_any(),
                BasisRule::NoHandlerAvailable => t!(i18n, timeline.basis_nobody, catalogue = move || catalogue.clone()).into_any(),
                BasisRule::Manual => t_string!(i18n, timeline.basis_manual).into_any(),
            };
            let due = at(resolve_due_at);
            view! {
                {head} {who}
                <div class="basis" data-testid="basis">{t!(i18n, timeline.basis)} ": " {why}</div>
                {reason.map(|r| view! { <div class="reason">{t!(i18n, timeline.reason)} ": " {r}</div> })}
                <div class="muted">{t!(i18n, timeline.resolve_by, due = move || due.clone())}</div>
            }
            .into_any()
        }
        EventData::SignedFor { handler } => view! {
            {t!(i18n, timeline.signed_for)} {handler.map(|h| view! { " · " {h} })}
        }
        .into_any(),
        EventData::Returned { reason, return_count } => view! {
            {t!(i18n, timeline.returned, n = move || return_count)}
            <div class="reason">{t!(i18n, timeline.reason)} ": " {reason}</div>
        }
        .into_any(),
        EventData::ExtensionRequested { proposed_due_at, reason, .. } => {
            let due = at(proposed_due_at);
            view! {
                {t!(i18n, timeline.extension_requested, due = move || due.clone())}
                <div class="reason">{t!(i18n, timeline.reason)} ": " {reason}</div>
            }
            .into_any()
        }
        EventData::ExtensionDecided { approved, resolve_due_at, note, .. } => {
            let due = resolve_due_at.map(at).unwrap_or_default();
            let head = if approved {
                t!(i18n, timeline.extension_approved, due = move || due.clone()).into_any()
            } else {
                t_string!(i18n, timeline.extension_rejected).into_any()
            };
            view! { {head} {(!note.is_empty()).then(|| view! { <div class="reason">{note}</div> })} }.into_any()
        }
        EventData::Urged { note, urge_count } => view! {
            {t!(i18n, timeline.urged, n = move || urge_count)} <div class="reason">{note}</div>
        }
        .into_any(),
        EventData::Supervised { note } => view! {
            {t!(i18n, timeline.supervised)} <div class="reason">{note}</div>
        }
        .into_any(),
        EventData::Note { text, caller_facing } => {
            let label = if caller_facing {
                t_string!(i18n, timeline.note_caller)
            } else {
                t_string!(i18n, timeline.note_internal)
            };
            view! { {label} <div class="note">{text}</div> }.into_any()
        }
        EventData::Resolved { result, .. } => view! {
            {t!(i18n, timeline.resolved)} <div class="note">{result}</div>
        }
        .into_any(),
        EventData::CallbackRecorded { outcome, told, reason, next_step, attempt, closed } => view! {
            {t!(i18n, timeline.callback, n = move || attempt)} ": " <OutcomeLabel outcome />
            {closed.then(|| view! { " · " {t!(i18n, timeline.closed)} })}
            <div class="note">{told}</div>
            {(!reason.is_empty()).then(|| view! { <div class="reason">{t!(i18n, ticket.unresolved_reason)} ": " {reason.clone()}</div> })}
            {(!next_step.is_empty()).then(|| view! { <div class="reason">{t!(i18n, ticket.next_step)} ": " {next_step.clone()}</div> })}
        }
        .into_any(),
        EventData::Redo { resolve_due_at, redo_count } => {
            let due = at(resolve_due_at);
            t!(i18n, timeline.redo, n = move || redo_count, due = move || due.clone()).into_any()
        }
        EventData::DirectAnswered { answer } => view! {
            {t!(i18n, timeline.direct_answered)} <div class="note">{answer}</div>
        }
        .into_any(),
        EventData::Archived { confidentiality, automatic } => view! {
            {if automatic { t_string!(i18n, timeline.archived_auto) } else { t_string!(i18n, timeline.archived) }}
            " · " <ClearanceLabel clearance=confidentiality />
        }
        .into_any(),
        EventData::CorrectionRequested { field, old_value, new_value, reason, .. } => view! {
            {t!(i18n, timeline.correction_requested)} " · " <FieldLabel field />
            <div class="note">{old_value} " → " {new_value}</div>
            <div class="reason">{t!(i18n, timeline.reason)} ": " {reason}</div>
        }
        .into_any(),
        EventData::CorrectionDecided { field, approved, note, .. } => view! {
            {if approved { t_string!(i18n, timeline.correction_approved) } else { t_string!(i18n, timeline.correction_rejected) }}
            " · " <FieldLabel field />
            {(!note.is_empty()).then(|| view! { <div class="reason">{note.clone()}</div> })}
        }
        .into_any(),
        EventData::PiiViewed {} => t_string!(i18n, timeline.pii_viewed).into_any(),
        EventData::CallLinked { note, repeat_calls } => view! {
            {t!(i18n, timeline.call_linked, n = move || repeat_calls)}
            {(!note.is_empty()).then(|| view! { <div class="note">{note.clone()}</div> })}
        }
        .into_any(),
        EventData::Warned { clock, due_at } => view! {
            {t!(i18n, timeline.warned)} " · " <ClockName clock /> " " {local_time(due_at, offset)}
        }
        .into_any(),
        EventData::Escalated { clock, level, due_at } => view! {
            {t!(i18n, timeline.escalated, level = move || level)} " · " <ClockName clock /> " " {local_time(due_at, offset)}
        }
        .into_any(),
        EventData::Imported { source_id, .. } => {
            t!(i18n, timeline.imported, source_id = move || source_id.clone()).into_any()
        }
    }
}
