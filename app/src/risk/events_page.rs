//! 风险事件: the events list, the form that records one (by hand or from a confirmed
//! warning), and one event's page: a general event's filing, a major event's activated plan
//! with its steps checked off and its reports, and its timeline.
use super::events_api::{
    get_event_form, get_risk_event, list_risk_events, CheckEventStep, FileRiskEvent,
    RecordRiskEvent, ReportRiskEvent,
};
use super::labels::{event_grade_text, event_state_text, report_kind_text, rule_text};
use super::risk_page::RiskTimeline;
use super::{EventForm, RiskEvent, RiskEventDetail, RiskEventList};
use crate::domain::emergency::{late, step_due, EventGrade, EventState, ReportKind};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use crate::ui::labels::RoleLabel;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
fn GradeBadge(grade: EventGrade) -> impl IntoView {
    let i18n = use_i18n();
    let class = match grade {
        EventGrade::Major => "badge prio-urgent",
        EventGrade::General => "badge",
    };
    view! { <span class=class data-testid="event-grade">{event_grade_text(i18n, grade)}</span> }
}

#[component]
pub fn RiskEventsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskEventsView /> } /> }
}

#[component]
fn RiskEventsView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let all = Memo::new(move |_| params.with(|m| m.get("all").is_some_and(|v| v == "1")));
    let list =
        crate::ui::data::page_data(move || all.get(), |all| list_risk_events(all.then_some(1)));
    view! {
        <h1>{t!(i18n, risk_event.title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <EventListView l /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A general event's filing day, marked when it has passed unfiled.
fn deadline_view(e: &RiskEvent, today: chrono::NaiveDate) -> Option<AnyView> {
    let i18n = use_i18n();
    let d = e.deadline?;
    let overdue = e.state == EventState::Open && d < today;
    Some(
        view! {
            {d.to_string()}
            {overdue.then(|| view! { " " <span class="badge prio-urgent" data-testid="event-overdue">{t!(i18n, risk_event.overdue)}</span> })}
        }
        .into_any(),
    )
}

#[component]
fn EventListView(l: RiskEventList) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    let today = l.today;
    let sel = |on: bool| on.then_some("page");
    view! {
        <nav class="tabs">
            <a href="/risks/events" aria-current=sel(!l.all)>{t!(i18n, risk_event.open_tab)}</a>
            <a href="/risks/events?all=1" aria-current=sel(l.all)>{t!(i18n, risk_event.all_tab)}</a>
        </nav>
        <p>
            <a class="button" href="/risks/events/new" data-testid="record-event">{t!(i18n, risk_event.record)}</a>
            {l.sees_plans.then(|| view! { " " <a href="/admin/plans">{t!(i18n, risk_event.plans_link)}</a> })}
        </p>
        <EventTable items=l.items today offset />
    }
}

/// Events as a table, newest first (the list page and a risk's page).
#[component]
pub fn EventTable(items: Vec<RiskEvent>, today: chrono::NaiveDate, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="muted">{t!(i18n, risk_event.none)}</p> }.into_any();
    }
    view! {
        <table class="list" data-testid="events">
            <thead>
                <tr>
                    <th>{t!(i18n, risk_event.title_field)}</th>
                    <th>{t!(i18n, risk_event.grade_label)}</th>
                    <th>{t!(i18n, risk_event.state_label)}</th>
                    <th>{t!(i18n, risk.code)}</th>
                    <th>{t!(i18n, risk_event.department)}</th>
                    <th>{t!(i18n, risk_event.recorded_at)}</th>
                    <th>{t!(i18n, risk_event.file_by)}</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|e| view! {
                    <tr data-testid="event-row" data-grade=e.grade.code() data-state=e.state.code()>
                        <td data-label=t_string!(i18n, risk_event.title_field)><a href=format!("/risks/events/{}", e.id)>{e.title.clone()}</a></td>
                        <td data-label=t_string!(i18n, risk_event.grade_label)><GradeBadge grade=e.grade /></td>
                        <td data-label=t_string!(i18n, risk_event.state_label)>{event_state_text(i18n, e.state)}</td>
                        <td data-label=t_string!(i18n, risk.code)><code>{e.risk_code.clone()}</code></td>
                        <td data-label=t_string!(i18n, risk_event.department)>{e.department_name.clone()}</td>
                        <td data-label=t_string!(i18n, risk_event.recorded_at)>{local_time(e.recorded_at, offset)}</td>
                        <td data-label=t_string!(i18n, risk_event.file_by)>{deadline_view(&e, today)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn RiskEventNewPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskEventNewView /> } /> }
}

#[component]
fn RiskEventNewView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let num = move |key: &str| params.with(|m| m.get(key).and_then(|v| v.parse::<i64>().ok()));
    let warning = Memo::new(move |_| num("warning"));
    let risk = num("risk");
    let form = crate::ui::data::page_data(move || warning.get(), get_event_form);
    let record = ServerAction::<RecordRiskEvent>::new();
    view! {
        <p><a href="/risks/events">{t!(i18n, risk_event.back)}</a></p>
        <h1>{t!(i18n, risk_event.record)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => view! { <EventFormView f record risk /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EventFormView(
    f: EventForm,
    record: ServerAction<RecordRiskEvent>,
    /// The risk to start from (the link on a risk's page).
    risk: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(record);
    let w = f.warning.clone();
    let risk_sel = w.as_ref().map(|w| w.risk_id).or(risk);
    let dept_sel = w
        .as_ref()
        .map(|w| w.department_id)
        .unwrap_or(f.own_department);
    let major = w.as_ref().is_some_and(|w| w.major);
    let title = w
        .as_ref()
        .map(|w| rule_text(i18n, w.rule).to_owned())
        .unwrap_or_default();
    view! {
        <ErrorBanner error=e />
        <ActionForm action=record attr:class="card form" attr:data-testid="event-form">
            {w.as_ref().map(|w| view! {
                <input type="hidden" name="warning_id" value=w.id.to_string() />
                <p class="muted" data-testid="from-warning">{t!(i18n, risk_event.from_warning)} " · " {rule_text(i18n, w.rule)}</p>
            })}
            <label for="event-risk">{t!(i18n, risk_event.risk)}</label>
            <select id="event-risk" name="risk_id" required>
                <option value="">{t!(i18n, risk_event.choose)}</option>
                {f.risks.into_iter().map(|r| view! {
                    <option value=r.id.to_string() selected=risk_sel == Some(r.id)>{r.code} " " {r.title}</option>
                }).collect_view()}
            </select>
            <FieldError error=e field="risk_id" />
            <fieldset>
                <legend>{t!(i18n, risk_event.grade_label)}</legend>
                <label class="check"><input type="radio" name="grade" value="general" checked=!major data-testid="grade-general" /><span><strong>{t!(i18n, risk_event.grade.general)}</strong> <span class="muted">{t!(i18n, risk_event.general_help)}</span></span></label>
                <label class="check"><input type="radio" name="grade" value="major" checked=major data-testid="grade-major" /><span><strong>{t!(i18n, risk_event.grade.major)}</strong> <span class="muted">{t!(i18n, risk_event.major_help)}</span></span></label>
            </fieldset>
            <FieldError error=e field="grade" />
            <label for="event-title">{t!(i18n, risk_event.title_field)}</label>
            <input id="event-title" name="title" maxlength="100" required value=title />
            <FieldError error=e field="title" />
            <label for="event-description">{t!(i18n, risk_event.description)}</label>
            <textarea id="event-description" name="description" rows="4" maxlength="2000" required></textarea>
            <FieldError error=e field="description" />
            <label for="event-department">{t!(i18n, risk_event.department)}</label>
            <select id="event-department" name="department_id">
                {f.departments.into_iter().map(|(id, name, depth)| view! {
                    <option value=id.to_string() selected=id == dept_sel>{"\u{3000}".repeat(depth)}{name}</option>
                }).collect_view()}
            </select>
            <FieldError error=e field="department_id" />
            <label for="event-plan">{t!(i18n, risk_event.plan)}</label>
            <select id="event-plan" name="plan_id">
                <option value="">{t!(i18n, risk_event.no_plan)}</option>
                {f.plans.into_iter().map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
            </select>
            <p class="muted">{t!(i18n, risk_event.plan_help)}</p>
            <FieldError error=e field="plan_id" />
            <button type="submit" class="primary" data-testid="save-event">{t!(i18n, risk_event.save)}</button>
        </ActionForm>
    }
}

#[component]
pub fn RiskEventPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskEventView /> } /> }
}

#[component]
fn RiskEventView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let file = ServerAction::<FileRiskEvent>::new();
    let step = ServerAction::<CheckEventStep>::new();
    let report = ServerAction::<ReportRiskEvent>::new();
    let detail = crate::ui::data::page_data(
        move || {
            (
                id(),
                file.version().get(),
                step.version().get(),
                report.version().get(),
            )
        },
        |(id, ..)| get_risk_event(id),
    );
    view! {
        <p><a href="/risks/events">{t!(i18n, risk_event.back)}</a></p>
        <ErrorBanner error=error_of(step) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <EventDetailView d file step report /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EventDetailView(
    d: RiskEventDetail,
    file: ServerAction<FileRiskEvent>,
    step: ServerAction<CheckEventStep>,
    report: ServerAction<ReportRiskEvent>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ev = d.event.clone();
    let offset = d.utc_offset_secs;
    let risk = if d.sees_risk {
        view! { <a href=format!("/risks/{}", ev.risk_id)><code>{ev.risk_code.clone()}</code> " " {ev.risk_title.clone()}</a> }.into_any()
    } else {
        view! { <code>{ev.risk_code.clone()}</code> " " {ev.risk_title.clone()} }.into_any()
    };
    let body = match ev.grade {
        EventGrade::General => view! { <GeneralPart d=d.clone() file /> }.into_any(),
        EventGrade::Major => view! { <MajorPart d=d.clone() step report /> }.into_any(),
    };
    view! {
        <h1 data-testid="event-title">{ev.title.clone()}</h1>
        <section class="card">
            <p>
                <GradeBadge grade=ev.grade />
                " " <span class="badge" data-testid="event-state" data-state=ev.state.code()>{event_state_text(i18n, ev.state)}</span>
                " · " {t!(i18n, warning.on_risk)} ": " {risk}
            </p>
            <p class="muted">
                {t!(i18n, risk_event.department)} ": " {ev.department_name.clone()}
                " · " {t!(i18n, risk_event.reported_by)} ": " {ev.reporter_name.clone()}
                " · " {local_time(ev.recorded_at, offset)}
            </p>
            <p class="prewrap">{ev.description.clone()}</p>
        </section>
        {body}
        <section class="card">
            <h2>{t!(i18n, risk.history)}</h2>
            <RiskTimeline entries=d.history offset />
        </section>
    }
}

#[component]
fn GeneralPart(d: RiskEventDetail, file: ServerAction<FileRiskEvent>) -> impl IntoView {
    let i18n = use_i18n();
    let ev = d.event;
    let e = error_of(file);
    let offset = d.utc_offset_secs;
    view! {
        <section class="card" data-testid="filing">
            <h2>{t!(i18n, risk_event.filing)}</h2>
            <p>{t!(i18n, risk_event.file_by)} ": " <strong>{deadline_view(&ev, d.today)}</strong></p>
            {ev.filed_by.clone().map(|who| view! {
                <p class="muted">{t!(i18n, risk_event.filed_by)} ": " {who} {ev.filed_at.map(|at| view! { " · " {local_time(at, offset)} })}</p>
                <p class="prewrap" data-testid="event-result">{ev.result.clone()}</p>
            })}
            {d.may_file.then(|| view! {
                <ErrorBanner error=e />
                <ActionForm action=file attr:class="form">
                    <input type="hidden" name="id" value=ev.id.to_string() />
                    <label for="event-result">{t!(i18n, risk_event.result)}</label>
                    <textarea id="event-result" name="result" rows="4" maxlength="2000" required></textarea>
                    <FieldError error=e field="result" />
                    <button type="submit" class="primary" data-testid="file-event">{t!(i18n, risk_event.file)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn MajorPart(
    d: RiskEventDetail,
    step: ServerAction<CheckEventStep>,
    report: ServerAction<ReportRiskEvent>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ev = d.event;
    let offset = d.utc_offset_secs;
    let now = d.now;
    let activated = ev.activated_at.unwrap_or(ev.recorded_at);
    let e = error_of(report);
    let made: Vec<ReportKind> = d.reports.iter().map(|r| r.kind).collect();
    let steps_open = d.steps.iter().filter(|s| s.done_at.is_none()).count();
    // The reports the form offers now, in the order the rules allow them.
    let offered: Vec<ReportKind> = ReportKind::ALL
        .into_iter()
        .filter(|k| crate::domain::emergency::check_report(*k, ev.state, &made, steps_open).is_ok())
        .collect();
    let first_done = |k: ReportKind| d.reports.iter().find(|r| r.kind == k).map(|r| r.made_at);
    view! {
        <section class="card" data-testid="plan">
            <h2>{t!(i18n, risk_event.plan)} ": " {ev.plan_title.clone().unwrap_or_default()}</h2>
            <p class="muted">{t!(i18n, risk_event.activated_at)} " " {local_time(activated, offset)}</p>
            <ol class="steps" data-testid="steps">
                {d.steps.into_iter().map(|s| {
                    let due = step_due(activated, s.minutes);
                    let is_late = late(Some(due), s.done_at, now);
                    let may = d.checkable.contains(&s.step);
                    view! {
                        <li data-testid="step" data-done=s.done_at.is_some().to_string()>
                            <strong>{s.what.clone()}</strong>
                            " · " <RoleLabel role=s.role />
                            " · " {t!(i18n, risk_event.step_due)} " " {local_time(due, offset)}
                            {is_late.then(|| view! { " " <span class="badge prio-urgent">{t!(i18n, risk_event.late)}</span> })}
                            {s.done_by.clone().map(|who| view! {
                                <p class="muted">"✓ " {who} {s.done_at.map(|at| view! { " · " {local_time(at, offset)} })}
                                {(!s.note.is_empty()).then(|| view! { " · " {s.note.clone()} })}</p>
                            })}
                            {may.then(|| view! {
                                <ActionForm action=step attr:class="inline-form">
                                    <input type="hidden" name="id" value=ev.id.to_string() />
                                    <input type="hidden" name="step" value=s.step.to_string() />
                                    <input name="note" maxlength="1000" aria-label=t_string!(i18n, risk_event.step_note) placeholder=t_string!(i18n, risk_event.step_note) />
                                    <button type="submit" data-testid="check-step">{t!(i18n, risk_event.check_step)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section class="card" data-testid="reports">
            <h2>{t!(i18n, risk_event.reports)}</h2>
            <ul class="plans">
                {[ReportKind::Initial, ReportKind::Progress].into_iter().map(|k| {
                    let due = k.due_at(activated);
                    let done = first_done(k);
                    view! {
                        <li>
                            {report_kind_text(i18n, k)} " · " {t!(i18n, risk_event.due)} " " {due.map(|t| local_time(t, offset))}
                            {match done {
                                Some(at) => view! { " · ✓ " {local_time(at, offset)} }.into_any(),
                                None => ().into_any(),
                            }}
                            {late(due, done, now).then(|| view! { " " <span class="badge prio-urgent">{t!(i18n, risk_event.late)}</span> })}
                        </li>
                    }
                }).collect_view()}
                <li>{report_kind_text(i18n, ReportKind::Final)} " · " {t!(i18n, risk_event.final_due)}</li>
            </ul>
            {d.reports.into_iter().map(|r| view! {
                <article class="report-entry" data-testid="event-report" data-kind=r.kind.code()>
                    <h3>{report_kind_text(i18n, r.kind)}</h3>
                    <p class="muted">{r.made_by} " · " {local_time(r.made_at, offset)}</p>
                    <p class="prewrap">{r.body}</p>
                </article>
            }).collect_view()}
            {(d.may_report && !offered.is_empty()).then(|| view! {
                <ErrorBanner error=e />
                <ActionForm action=report attr:class="form">
                    <input type="hidden" name="id" value=ev.id.to_string() />
                    <label for="report-kind">{t!(i18n, risk_event.report_kind)}</label>
                    <select id="report-kind" name="kind" data-testid="report-kind">
                        {offered.into_iter().map(|k| view! { <option value=k.code()>{report_kind_text(i18n, k)}</option> }).collect_view()}
                    </select>
                    <label for="report-body">{t!(i18n, risk_event.report_body)}</label>
                    <textarea id="report-body" name="body" rows="4" maxlength="4000" required></textarea>
                    <FieldError error=e field="body" />
                    <button type="submit" class="primary" data-testid="send-report">{t!(i18n, risk_event.send_report)}</button>
                </ActionForm>
            })}
            {(steps_open > 0 && ev.state == EventState::Open).then(|| view! { <p class="muted">{t!(i18n, risk_event.final_needs_steps, n = steps_open)}</p> })}
        </section>
    }
}
