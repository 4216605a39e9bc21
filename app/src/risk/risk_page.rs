//! One risk: its facts, controls, ratings and treatment, the lifecycle buttons (compliance),
//! and its history from the chain.
use super::api::{get_risk, MoveRectification, MoveRisk, PlanRiskCheck, RecordRiskCheck};
use super::checks::RiskChecks;
use super::labels::{
    conduct_text, field_text, grade_text, rect_state_text, result_text, schedule_text, status_text,
    treatment_text, type_text, value_text, GradeChip,
};
use super::labels::{
    duty_text, event_grade_text, report_kind_text, rule_text, warning_state_text as state_text,
};
use super::notices_api::PublishNotice;
use super::notices_page::PublishNoticeForm;
use super::rectifications::RiskRectifications;
use super::warnings_page::{found_text, WarningCard};
use super::{RiskDetail, RiskHistoryEntry};
use crate::domain::events::RiskEventData;
use crate::domain::risk::{review_due, RiskStatus, Treatment};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn RiskPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskView /> } /> }
}

#[component]
fn RiskView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let moved = ServerAction::<MoveRisk>::new();
    let record = ServerAction::<RecordRiskCheck>::new();
    let plan = ServerAction::<PlanRiskCheck>::new();
    let rect = ServerAction::<MoveRectification>::new();
    let publish = ServerAction::<PublishNotice>::new();
    let detail = crate::ui::data::page_data(
        move || {
            (
                id(),
                moved.version().get(),
                record.version().get(),
                plan.version().get(),
                rect.version().get(),
            )
        },
        |(id, ..)| get_risk(id),
    );
    view! {
        <p><a href="/risks">{t!(i18n, risk.back)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <RiskDetailView detail=d moved record plan rect publish /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RiskDetailView(
    detail: RiskDetail,
    moved: ServerAction<MoveRisk>,
    record: ServerAction<RecordRiskCheck>,
    plan: ServerAction<PlanRiskCheck>,
    rect: ServerAction<MoveRectification>,
    publish: ServerAction<PublishNotice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = detail.risk;
    let risk_id = r.id;
    let f = r.facts.clone();
    let offset = detail.utc_offset_secs;
    let rating =
        |x: crate::domain::risk::Rating| format!("{}×{} = {}", x.likelihood, x.impact, x.score());
    let accept = (f.treatment == Treatment::Accept).then(|| {
        view! {
            <dt>{t!(i18n, risk.approver)}</dt>
            <dd>{r.accept_approver_name.clone().unwrap_or_default()}</dd>
            <dt>{t!(i18n, risk.accept_until)}</dt>
            <dd>{f.accept_until.map(|d| d.to_string()).unwrap_or_default()}</dd>
        }
    });
    view! {
        <section class="card risk-facts">
            <h1><code>{f.code.clone()}</code> " " {f.title.clone()}</h1>
            <p>
                <span class="chip" data-testid="risk-status">{status_text(i18n, r.status)}</span>
                " "
                <GradeChip grade=r.residual_grade />
                {detail.can_manage.then(|| view! {
                    " " <a class="button" href=format!("/risks/{}/edit", r.id) data-testid="edit-risk">{t!(i18n, risk.edit)}</a>
                })}
            </p>
            <dl class="facts">
                <dt>{t!(i18n, risk.type_label)}</dt>
                <dd>{type_text(i18n, f.risk_type)}</dd>
                <dt>{t!(i18n, risk.conduct_label)}</dt>
                <dd>{conduct_text(i18n, f.conduct)}</dd>
                <dt>{t!(i18n, risk.owner)}</dt>
                <dd>{r.owner_name.clone()} " · " {r.department_name.clone()}</dd>
                <dt>{t!(i18n, risk.inherent)}</dt>
                <dd data-testid="inherent">{rating(f.inherent)} " " <GradeChip grade=r.inherent_grade /></dd>
                <dt>{t!(i18n, risk.residual)}</dt>
                <dd data-testid="residual">{rating(f.residual)} " " <GradeChip grade=r.residual_grade /></dd>
                {(!f.residual_justification.is_empty()).then(|| view! {
                    <dt>{t!(i18n, risk.justification)}</dt>
                    <dd>{f.residual_justification.clone()}</dd>
                })}
                <dt>{t!(i18n, risk.treatment_label)}</dt>
                <dd>{treatment_text(i18n, f.treatment)}</dd>
                {accept}
                <dt>{t!(i18n, risk.next_review)}</dt>
                <dd data-testid="next-review">
                    {r.next_review.to_string()}
                    {review_due(r.next_review, detail.today, r.status).then(|| view! { " " <span class="badge warn">{t!(i18n, risk.review_overdue)}</span> })}
                </dd>
            </dl>
            {(!f.description.is_empty()).then(|| view! { <p class="description">{f.description.clone()}</p> })}
        </section>
        <section class="card">
            <h2>{t!(i18n, risk.controls)}</h2>
            {if f.controls.is_empty() {
                view! { <p class="muted">{t!(i18n, risk.no_controls)}</p> }.into_any()
            } else {
                view! {
                    <ol class="controls" data-testid="controls">
                        {f.controls.iter().map(|c| view! {
                            <li>
                                <strong>{c.what.clone()}</strong>
                                {(!c.who.is_empty()).then(|| view! { " · " {c.who.clone()} })}
                                {(!c.how_often.is_empty()).then(|| view! { " · " {c.how_often.clone()} })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {detail.can_manage.then(|| view! { <MoveForm id=r.id status=r.status moved /> })}
        <RiskChecks
            risk_id=r.id
            plans=detail.plans
            ledger=detail.ledger
            viewer_id=detail.viewer_id
            can_manage=detail.can_manage
            checkers=detail.checkers
            today=detail.today
            offset
            record
            plan
        />
        <RiskRectifications
            items=detail.rectifications
            viewer_id=detail.viewer_id
            compliance=detail.can_manage
            today=detail.today
            moved=rect
        />
        <section class="card" id="warnings">
            <h2>{t!(i18n, warning.title)}</h2>
            {if detail.warnings.is_empty() {
                view! { <p class="muted">{t!(i18n, warning.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="warnings" data-testid="risk-warnings">
                        {detail.warnings.into_iter().map(|w| view! { <WarningCard w offset /> }).collect_view()}
                    </ul>
                    {detail.can_manage.then(|| view! { <p><a href="/risks/warnings">{t!(i18n, warning.decide_there)}</a></p> })}
                }.into_any()
            }}
        </section>
        <section class="card" data-testid="risk-events">
            <h2>{t!(i18n, risk_event.title)}</h2>
            <super::events_page::EventTable items=detail.events today=detail.today offset />
            <p><a href=format!("/risks/events/new?risk={risk_id}") data-testid="risk-record-event">{t!(i18n, risk_event.record)}</a></p>
        </section>
        {detail.notice_choices.map(|choices| view! { <PublishNoticeForm risk_id choices publish /> })}
        <section class="card">
            <h2>{t!(i18n, risk.history)}</h2>
            <RiskTimeline entries=detail.history offset />
        </section>
    }
}

/// The lifecycle: one button per status the risk may move to; closing and reopening ask
/// for a reason.
#[component]
fn MoveForm(id: i64, status: RiskStatus, moved: ServerAction<MoveRisk>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(moved);
    view! {
        <section class="card">
            <h2>{t!(i18n, risk.lifecycle)}</h2>
            <ErrorBanner error=e />
            <ActionForm action=moved attr:class="move-risk">
                <input type="hidden" name="id" value=id.to_string() />
                <label for="reason">{t!(i18n, risk.reason)}</label>
                <input id="reason" name="reason" maxlength="1000" />
                <FieldError error=e field="reason" />
                <div class="buttons">
                    {status.next().iter().map(|to| view! {
                        <button type="submit" name="to" value=to.code() data-testid=format!("move-{}", to.code())>
                            {t!(i18n, risk.move_to)} " " {status_text(i18n, *to)}
                        </button>
                    }).collect_view()}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub(super) fn RiskTimeline(entries: Vec<RiskHistoryEntry>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline" data-testid="timeline">
            {entries.into_iter().map(|e| {
                let kind = e.event.as_ref().map(|x| x.kind()).unwrap_or("unknown");
                view! {
                    <li data-kind=kind>
                        <div class="when">
                            <time>{local_time(e.at, offset)}</time>
                            " · "
                            {e.actor.clone().unwrap_or_else(|| t_string!(i18n, timeline.system).to_string())}
                        </div>
                        <div class="what">{e.event.map(|ev| view! { <RiskEventText event=ev offset /> })}</div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn RiskEventText(event: RiskEventData, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    match event {
        RiskEventData::Recorded {
            inherent,
            residual,
            inherent_grade,
            residual_grade,
            next_review,
            ..
        } => {
            let text = format!(
                "{} {}×{} {} · {} {}×{} {} · {} {}",
                t_string!(i18n, risk.inherent),
                inherent.likelihood,
                inherent.impact,
                grade_text(i18n, inherent_grade),
                t_string!(i18n, risk.residual),
                residual.likelihood,
                residual.impact,
                grade_text(i18n, residual_grade),
                t_string!(i18n, risk.next_review),
                next_review
            );
            view! { <strong>{t!(i18n, risk.ev_recorded)}</strong> " " <span>{text}</span> }
                .into_any()
        }
        RiskEventData::Changed { changes, .. } => view! {
            <strong>{t!(i18n, risk.ev_changed)}</strong>
            <ul class="changes">
                {changes.into_iter().map(|c| view! {
                    <li>
                        {field_text(i18n, &c.field)} ": "
                        <del>{value_text(i18n, &c.field, &c.from)}</del> " → "
                        <ins>{value_text(i18n, &c.field, &c.to)}</ins>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        RiskEventData::CheckPlanned { schedule, checker, due_on, .. } => view! {
            <strong>{t!(i18n, risk.ev_planned)}</strong>
            " " {schedule_text(i18n, schedule)} " · " {checker} " · " {t!(i18n, risk.due_on)} " " {due_on.to_string()}
        }
        .into_any(),
        RiskEventData::Checked { due_on, result, method, next_due_on, .. } => view! {
            <strong>{t!(i18n, risk.ev_checked)}</strong>
            " " {due_on.to_string()} " · " {method} " · " {result_text(i18n, result)}
            " · " {t!(i18n, risk.next_due)} " " {next_due_on.to_string()}
        }
        .into_any(),
        RiskEventData::RectificationOpened { owner, deadline, measures, .. } => view! {
            <strong>{t!(i18n, risk.ev_rect_opened)}</strong>
            " " {owner} " · " {t!(i18n, risk.rectify_by)} " " {deadline.to_string()}
            <p>{measures}</p>
        }
        .into_any(),
        RiskEventData::RectificationMoved { from, to, note, .. } => view! {
            <strong>{t!(i18n, risk.ev_rect_moved)}</strong>
            " " {rect_state_text(i18n, from)} " → " {rect_state_text(i18n, to)}
            {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
        }
        .into_any(),
        RiskEventData::WarningRaised { rule, found, tickets, .. } => view! {
            <strong>{t!(i18n, warning.ev_raised)}</strong>
            " " {rule_text(i18n, rule)} " · " {found_text(i18n, found, offset)}
            {(!tickets.is_empty()).then(|| view! { <p>{tickets.join(" ")}</p> })}
        }
        .into_any(),
        RiskEventData::WarningDecided { rule, to, note, .. } => view! {
            <strong>{t!(i18n, warning.ev_decided)}</strong>
            " " {rule_text(i18n, rule)} " → " {state_text(i18n, to)}
            {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
        }
        .into_any(),
        RiskEventData::RectificationEscalated { level, .. } => view! {
            <strong>{t!(i18n, risk.ev_rect_escalated, level = move || level)}</strong>
        }
        .into_any(),
        RiskEventData::NoticePublished { notice_id, title, deadline, recipients } => view! {
            <strong>{t!(i18n, notice.ev_published)}</strong>
            " " <a href=format!("/risks/notices/{notice_id}")>{title}</a>
            " · " {t!(i18n, notice.deadline)} " " {deadline.to_string()}
            " · " {t!(i18n, notice.recipient_count, n = recipients)}
        }
        .into_any(),
        RiskEventData::NoticeAcknowledged { notice_id, title } => view! {
            <strong>{t!(i18n, notice.ev_acknowledged)}</strong>
            " " <a href=format!("/risks/notices/{notice_id}")>{title}</a>
        }
        .into_any(),
        RiskEventData::EventRecorded { event_id, grade, title, department, deadline, .. } => view! {
            <strong>{t!(i18n, risk_event.ev_recorded)}</strong>
            " " <span class="badge">{event_grade_text(i18n, grade)}</span>
            " " <a href=format!("/risks/events/{event_id}")>{title}</a> " · " {department}
            {deadline.map(|d| view! { " · " {t!(i18n, risk_event.file_by)} " " {d.to_string()} })}
        }
        .into_any(),
        RiskEventData::PlanActivated { plan, steps, .. } => view! {
            <strong>{t!(i18n, risk_event.ev_activated)}</strong>
            " " {plan} " · " {t!(i18n, risk_event.step_count, n = steps.len())}
        }
        .into_any(),
        RiskEventData::StepDone { step, what, note, .. } => view! {
            <strong>{t!(i18n, risk_event.ev_step_done)}</strong>
            " " {step} ". " {what}
            {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
        }
        .into_any(),
        RiskEventData::EventReported { report, text, closed, .. } => view! {
            <strong>{report_kind_text(i18n, report)}</strong>
            {closed.then(|| view! { " · " {t!(i18n, risk_event.ev_closed)} })}
            <p>{text}</p>
        }
        .into_any(),
        RiskEventData::EventLate { duty, .. } => view! {
            <strong>{t!(i18n, risk_event.ev_late)}</strong> " " {duty_text(i18n, duty)}
        }
        .into_any(),
        RiskEventData::EventFiled { result, .. } => view! {
            <strong>{t!(i18n, risk_event.ev_filed)}</strong>
            <p>{result}</p>
        }
        .into_any(),
        RiskEventData::StatusChanged { from, to, reason } => view! {
            <strong>{t!(i18n, risk.ev_status)}</strong>
            " " {status_text(i18n, from)} " → " {status_text(i18n, to)}
            {(!reason.is_empty()).then(|| view! { <p>{reason}</p> })}
        }
        .into_any(),
    }
}
