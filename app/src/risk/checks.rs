//! Risk checks on the risk page: the plans with their next due day, the form to record the
//! check now due (the plan's checker, or compliance), compliance's form to plan a check,
//! and the risk's ledger. Also 排查任务, the checker's own list.
use super::api::{list_my_checks, PlanRiskCheck, RecordRiskCheck};
use super::labels::{result_text, schedule_text};
use super::{CheckPlan, LedgerEntry, LedgerRow};
use crate::domain::risk_check::{overdue, CheckResult, Schedule};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The checks part of a risk's page.
#[component]
pub fn RiskChecks(
    risk_id: i64,
    plans: Vec<CheckPlan>,
    ledger: Vec<LedgerRow>,
    viewer_id: i64,
    can_manage: bool,
    checkers: Vec<(i64, String)>,
    today: NaiveDate,
    offset: i32,
    record: ServerAction<RecordRiskCheck>,
    plan: ServerAction<PlanRiskCheck>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(record);
    view! {
        <section class="card" id="checks">
            <h2>{t!(i18n, risk.checks)}</h2>
            <ErrorBanner error=e />
            {if plans.is_empty() {
                view! { <p class="muted">{t!(i18n, risk.no_plans)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plans" data-testid="plans">
                        {plans.into_iter().map(|p| {
                            let mine = p.checker_id == viewer_id || can_manage;
                            view! {
                                <li data-testid="plan">
                                    <p>
                                        <strong>{schedule_text(i18n, p.schedule)}</strong>
                                        " · " {p.checker_name.clone()} " · "
                                        {t!(i18n, risk.due_on)} " "
                                        <span data-testid="due-on">{p.due_on.to_string()}</span>
                                        {overdue(p.due_on, today).then(|| view! { " " <span class="badge warn">{t!(i18n, risk.check_overdue)}</span> })}
                                    </p>
                                    {mine.then(|| view! { <RecordForm plan_id=p.id record /> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {can_manage.then(|| view! { <PlanForm target=PlanTarget::Risk(risk_id) checkers today plan /> })}
            <h3>{t!(i18n, risk.ledger)}</h3>
            <Ledger entries=ledger.into_iter().map(|row| LedgerEntry::of_risk(row, risk_id)).collect() show_risk=false offset />
        </section>
    }
}

#[component]
fn RecordForm(plan_id: i64, record: ServerAction<RecordRiskCheck>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(record);
    let id = move |name: &str| format!("{name}-{plan_id}");
    view! {
        <details class="record-check">
            <summary data-testid="record-check">{t!(i18n, risk.record_check)}</summary>
            <ActionForm action=record>
                <input type="hidden" name="plan_id" value=plan_id.to_string() />
                <label for=id("method")>{t!(i18n, risk.method)}</label>
                <input id=id("method") name="method" required maxlength="200" placeholder=move || t_string!(i18n, risk.method_hint) />
                <FieldError error=e field="method" />
                <label for=id("result")>{t!(i18n, risk.result_label)}</label>
                <select id=id("result") name="result">
                    {[CheckResult::NoProblem, CheckResult::ProblemFound].into_iter().map(|r| view! {
                        <option value=r.code()>{result_text(i18n, r)}</option>
                    }).collect_view()}
                </select>
                <label for=id("findings")>{t!(i18n, risk.findings)}</label>
                <textarea id=id("findings") name="findings" rows="3" maxlength="2000"></textarea>
                <FieldError error=e field="findings" />
                <label for=id("evidence")>{t!(i18n, risk.evidence)}</label>
                <input id=id("evidence") name="evidence" maxlength="500" />
                <FieldError error=e field="evidence" />
                <fieldset>
                    <legend>{t!(i18n, risk.if_problem)}</legend>
                    <label for=id("rectify_by")>{t!(i18n, risk.rectify_by)}</label>
                    <input id=id("rectify_by") name="rectify_by" type="date" />
                    <FieldError error=e field="rectify_by" />
                    <label for=id("measures")>{t!(i18n, risk.measures)}</label>
                    <textarea id=id("measures") name="measures" rows="2" maxlength="1000"></textarea>
                    <FieldError error=e field="measures" />
                </fieldset>
                <button type="submit" class="primary" data-testid="save-check">{t!(i18n, risk.save_check)}</button>
            </ActionForm>
        </details>
    }
}

/// What a check plan is for: one risk (on its page), or each risk of a chosen department
/// (on 排查任务).
pub enum PlanTarget {
    Risk(i64),
    Departments(Vec<(i64, String, usize)>),
}

#[component]
fn PlanForm(
    target: PlanTarget,
    checkers: Vec<(i64, String)>,
    today: NaiveDate,
    plan: ServerAction<PlanRiskCheck>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(plan);
    let (summary, target) = match target {
        PlanTarget::Risk(id) => (
            t_string!(i18n, risk.plan_check),
            view! { <input type="hidden" name="risk_id" value=id.to_string() /> }.into_any(),
        ),
        PlanTarget::Departments(departments) => (
            t_string!(i18n, risk.plan_department),
            view! {
                <label for="plan-department">{t!(i18n, risk.department)}</label>
                <select id="plan-department" name="department_id" required>
                    {departments.into_iter().map(|(id, name, depth)| view! {
                        <option value=id.to_string()>{"\u{3000}".repeat(depth)}{name}</option>
                    }).collect_view()}
                </select>
                <p class="muted">{t!(i18n, risk.plan_department_help)}</p>
                <FieldError error=e field="department_id" />
            }
            .into_any(),
        ),
    };
    view! {
        <details class="plan-check">
            <summary data-testid="plan-check">{summary}</summary>
            <ErrorBanner error=e />
            <ActionForm action=plan>
                {target}
                <div class="grid2">
                    <div>
                        <label for="schedule">{t!(i18n, risk.schedule_label)}</label>
                        <select id="schedule" name="schedule">
                            {Schedule::ALL.into_iter().map(|s| view! {
                                <option value=s.code() selected=s == Schedule::Monthly>{schedule_text(i18n, s)}</option>
                            }).collect_view()}
                        </select>
                        <FieldError error=e field="schedule" />
                    </div>
                    <div>
                        <label for="checker_id">{t!(i18n, risk.checker)}</label>
                        <select id="checker_id" name="checker_id" required>
                            <option value="">{t!(i18n, common.choose)}</option>
                            {checkers.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                        </select>
                        <FieldError error=e field="checker_id" />
                    </div>
                    <div>
                        <label for="first_due">{t!(i18n, risk.first_due)}</label>
                        <input id="first_due" name="first_due" type="date" required value=today.to_string() min=today.to_string() />
                        <FieldError error=e field="first_due" />
                    </div>
                </div>
                <button type="submit" class="primary" data-testid="save-plan">{t!(i18n, risk.save_plan)}</button>
            </ActionForm>
        </details>
    }
}

/// Ledger rows, newest first; read-only by design. On 排查台账 each names its risk.
#[component]
pub fn Ledger(entries: Vec<LedgerEntry>, show_risk: bool, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted">{t!(i18n, risk.no_checks)}</p> }.into_any();
    }
    view! {
        <table class="list" data-testid="ledger">
            <thead>
                <tr>
                    {show_risk.then(|| view! { <th>{t!(i18n, risk.code)}</th> })}
                    <th>{t!(i18n, risk.due_on)}</th>
                    <th>{t!(i18n, risk.checked_by)}</th>
                    <th>{t!(i18n, risk.method)}</th>
                    <th>{t!(i18n, risk.result_label)}</th>
                    <th>{t!(i18n, risk.findings)}</th>
                    <th>{t!(i18n, risk.evidence)}</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|e| { let r = e.row; view! {
                    <tr data-testid="ledger-row" data-result=r.result.code()>
                        {show_risk.then(|| view! {
                            <td data-label=t_string!(i18n, risk.code)>
                                <a href=format!("/risks/{}", e.risk_id)><code>{e.risk_code.clone()}</code></a>
                                " " {e.risk_title.clone()} " · " {e.department_name.clone()}
                            </td>
                        })}
                        <td data-label=t_string!(i18n, risk.due_on)>{r.due_on.to_string()}</td>
                        <td data-label=t_string!(i18n, risk.checked_by)>{r.checked_by.clone()} " · " {local_time(r.checked_at, offset)}</td>
                        <td data-label=t_string!(i18n, risk.method)>{r.method.clone()}</td>
                        <td data-label=t_string!(i18n, risk.result_label)>{result_text(i18n, r.result)}</td>
                        <td data-label=t_string!(i18n, risk.findings)>{r.findings.clone()}</td>
                        <td data-label=t_string!(i18n, risk.evidence)>{r.evidence.clone()}</td>
                    </tr>
                }}).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn CheckTasksPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <CheckTasksView /> } /> }
}

/// 排查任务: the checks the signed-in user is to do, soonest first, overdue ones marked;
/// for compliance, the form that plans a department's checks at once.
#[component]
fn CheckTasksView() -> impl IntoView {
    let i18n = use_i18n();
    let plan = ServerAction::<PlanRiskCheck>::new();
    let tasks = crate::ui::data::page_data(move || plan.version().get(), |_| list_my_checks());
    let params = leptos_router::hooks::use_query_map();
    let planned = move || {
        params
            .with(|m| m.get("planned"))
            .and_then(|v| v.parse::<i64>().ok())
    };
    view! {
        <h1>{t!(i18n, risk.tasks_title)}</h1>
        {move || planned().map(|n| view! { <p class="alert ok" role="status" data-testid="planned">{t!(i18n, risk.planned_n, n)}</p> })}
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match tasks.await {
                    Ok(t) => {
                        let form = t.department_plan.map(|c| view! {
                            <PlanForm target=PlanTarget::Departments(c.departments) checkers=c.people today=t.today plan />
                        });
                        view! { {form} <TaskTable tasks=t.tasks today=t.today /> }.into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TaskTable(tasks: Vec<CheckPlan>, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    if tasks.is_empty() {
        return view! { <p class="muted">{t!(i18n, risk.no_tasks)}</p> }.into_any();
    }
    view! {
        <table class="list" data-testid="tasks">
            <thead>
                <tr>
                    <th>{t!(i18n, risk.due_on)}</th>
                    <th>{t!(i18n, risk.code)}</th>
                    <th>{t!(i18n, risk.title_field)}</th>
                    <th>{t!(i18n, risk.schedule_label)}</th>
                </tr>
            </thead>
            <tbody>
                {tasks.into_iter().map(|p| view! {
                    <tr data-testid="task">
                        <td data-label=t_string!(i18n, risk.due_on)>
                            {p.due_on.to_string()}
                            {overdue(p.due_on, today).then(|| view! { " " <span class="badge warn">{t!(i18n, risk.check_overdue)}</span> })}
                        </td>
                        <td data-label=t_string!(i18n, risk.code)><a href=format!("/risks/{}", p.risk_id)><code>{p.risk_code.clone()}</code></a></td>
                        <td data-label=t_string!(i18n, risk.title_field)><a href=format!("/risks/{}", p.risk_id)>{p.risk_title.clone()}</a></td>
                        <td data-label=t_string!(i18n, risk.schedule_label)>{schedule_text(i18n, p.schedule)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
