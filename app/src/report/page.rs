//! The report page (`/report?date=2026-11-02&period=day`): pick a day and a period (a plain
//! GET form); key figures with the change against the day before; the 30-day trend, bars
//! by category, the satisfaction breakdown, the league table and the hot issues; where the
//! figures come from (a snapshot or computed now); exports; the definitions as help. The
//! print stylesheet fits it on one A4 page.
use super::api::{get_report, RegenerateReport};
use super::charts::{Bars, Series, StackedBar, TrendChart};
use super::ReportView;
use crate::domain::report::{Period, Report};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ReportScreen /> } /> }
}

#[component]
fn ReportScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|m| {
            (
                m.get("date").unwrap_or_default(),
                m.get("period").unwrap_or_default(),
            )
        })
    });
    let report = crate::ui::data::page_data(move || query.get(), |(d, p)| get_report(d, p));
    view! {
        <div class="report-page">
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(v) => view! { <ReportBody view=v /> }.into_any(),
                        Err(error) => view! { <h1>{t!(i18n, report.title)}</h1> <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// `+3`, `−2`, `±0`.
pub fn signed(n: i64) -> String {
    match n {
        0 => "±0".into(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}

/// A rate as a percentage with one decimal, `—` when there is none.
pub fn percent(r: Option<f64>) -> String {
    r.map(|x| format!("{:.1}%", x * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The change of a rate in percentage points, when both exist.
pub fn points(now: Option<f64>, before: Option<f64>) -> Option<String> {
    let d = (now? - before?) * 100.0;
    Some(if d.abs() < 0.05 {
        "±0.0 pp".into()
    } else if d > 0.0 {
        format!("+{d:.1} pp")
    } else {
        format!("−{:.1} pp", -d)
    })
}

#[component]
fn Figure(
    label: &'static str,
    value: String,
    change: Option<String>,
    key: &'static str,
) -> impl IntoView {
    view! {
        <div class="figure" data-metric=key>
            <span class="label">{label}</span>
            <strong class="value">{value}</strong>
            {change.map(|c| view! { <span class="change">{c}</span> })}
        </div>
    }
}

#[component]
fn ReportBody(view: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let r = view.report.clone();
    let p = view.previous.clone();
    let count = |now: i64, before: i64| Some(signed(now - before));
    let figures = view! {
        <section class="figures" data-testid="figures">
            <Figure key="received" label=t_string!(i18n, report.received) value=r.received.to_string() change=count(r.received, p.received) />
            <Figure key="dispatched" label=t_string!(i18n, report.dispatched) value=r.dispatched.to_string() change=count(r.dispatched, p.dispatched) />
            <Figure key="resolved" label=t_string!(i18n, report.resolved) value=r.resolved.to_string() change=count(r.resolved, p.resolved) />
            <Figure key="on_time_rate" label=t_string!(i18n, report.on_time_rate) value=percent(r.on_time_rate) change=points(r.on_time_rate, p.on_time_rate) />
            <Figure key="backlog_at_close" label=t_string!(i18n, report.backlog) value=r.backlog_at_close.to_string() change=count(r.backlog_at_close, p.backlog_at_close) />
            <Figure key="overdue_at_close" label=t_string!(i18n, report.overdue) value=r.overdue_at_close.to_string() change=count(r.overdue_at_close, p.overdue_at_close) />
            <Figure key="satisfaction_rate" label=t_string!(i18n, report.satisfaction_rate) value=percent(r.satisfaction_rate) change=points(r.satisfaction_rate, p.satisfaction_rate) />
            <Figure key="returns" label=t_string!(i18n, report.returns) value=r.returns.to_string() change=count(r.returns, p.returns) />
            <Figure key="extensions_approved" label=t_string!(i18n, report.extensions) value=r.extensions_approved.to_string() change=count(r.extensions_approved, p.extensions_approved) />
            <Figure key="urges" label=t_string!(i18n, report.urges) value=r.urges.to_string() change=count(r.urges, p.urges) />
            <Figure key="escalations" label=t_string!(i18n, report.escalations) value=r.escalations.to_string() change=count(r.escalations, p.escalations) />
            <Figure key="redos" label=t_string!(i18n, report.redos) value=r.redos.to_string() change=count(r.redos, p.redos) />
        </section>
    };
    let first = view
        .trend
        .first()
        .map(|t| t.date.clone())
        .unwrap_or_default();
    let last = view
        .trend
        .last()
        .map(|t| t.date.clone())
        .unwrap_or_default();
    let pick = |f: fn(&super::TrendPoint) -> i64| view.trend.iter().map(f).collect::<Vec<_>>();
    let series = vec![
        Series {
            class: "received",
            label: t_string!(i18n, report.received).to_string(),
            values: pick(|t| t.received),
        },
        Series {
            class: "resolved",
            label: t_string!(i18n, report.resolved).to_string(),
            values: pick(|t| t.resolved),
        },
        Series {
            class: "backlog",
            label: t_string!(i18n, report.backlog).to_string(),
            values: pick(|t| t.backlog),
        },
    ];
    let names = view.category_names.clone();
    let mut by_category: Vec<(String, i64)> = r
        .received_by_category
        .iter()
        .map(|(code, n)| (names.get(code).cloned().unwrap_or_else(|| code.clone()), *n))
        .collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let cb = r.callbacks;
    let parts = vec![
        (
            "satisfied",
            t_string!(i18n, ticket.outcome.satisfied).to_string(),
            cb.satisfied,
        ),
        (
            "basically",
            t_string!(i18n, ticket.outcome.basically_satisfied).to_string(),
            cb.basically_satisfied,
        ),
        (
            "unsatisfied",
            t_string!(i18n, ticket.outcome.unsatisfied).to_string(),
            cb.unsatisfied,
        ),
        (
            "unreachable",
            t_string!(i18n, ticket.outcome.unreachable).to_string(),
            cb.unreachable,
        ),
    ];
    view! {
        <header class="report-head">
            <h1>
                {match view.period {
                    Period::Day => t_string!(i18n, report.title),
                    Period::Week => t_string!(i18n, report.title_week),
                    Period::Month => t_string!(i18n, report.title_month),
                    Period::Year => t_string!(i18n, report.title_year),
                }}
                " " <span data-testid="report-date">{r.period.as_ref().map(|p| format!("{} – {}", p.from, p.to)).unwrap_or_else(|| r.date.clone())}</span>
            </h1>
            <Controls view=view.clone() />
            <Source view=view.clone() />
        </header>
        {figures}
        <section class="charts">
            <div class="panel wide">
                <h2>{t!(i18n, report.trend)}</h2>
                <TrendChart series first last title=t_string!(i18n, report.trend).to_string() />
            </div>
            <div class="panel">
                <h2>{t!(i18n, report.by_category)}</h2>
                <Bars rows=by_category title=t_string!(i18n, report.by_category).to_string() testid="chart-categories" />
            </div>
            <div class="panel">
                <h2>{t!(i18n, report.satisfaction)}</h2>
                <StackedBar parts title=t_string!(i18n, report.satisfaction).to_string() />
            </div>
        </section>
        <League report=r.clone() names=view.department_names.clone() />
        <RiskSection now=r.risks.clone() before=p.risks.clone() />
        <PolicySection now=r.policies.clone() before=p.policies.clone() />
        <ReviewSection now=r.reviews.clone() before=p.reviews.clone() />
        <TrainingSection now=r.training.clone() before=p.training.clone() />
        <ViolationSection now=r.violations.clone() before=p.violations.clone() />
        <HotIssues report=r names=view.category_names.clone() />
        <Help />
    }
}

#[component]
fn Controls(view: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let sel = |on: bool| on.then_some("selected");
    let period = view.period;
    let q = format!("date={}&period={}", view.date, period.code());
    let export =
        |format: &str, list: &str| format!("/api/report/export?{q}&format={format}&list={list}");
    view! {
        <form method="get" action="/report" class="report-controls no-print">
            <label>{t!(i18n, report.date)} <input type="date" name="date" value=view.date.clone() required /></label>
            <label>
                {t!(i18n, report.period)}
                <select name="period">
                    <option value="day" selected=sel(period == Period::Day)>{t!(i18n, report.day)}</option>
                    <option value="week" selected=sel(period == Period::Week)>{t!(i18n, report.week)}</option>
                    <option value="month" selected=sel(period == Period::Month)>{t!(i18n, report.month)}</option>
                    <option value="year" selected=sel(period == Period::Year)>{t!(i18n, report.year)}</option>
                </select>
            </label>
            <button type="submit" class="primary">{t!(i18n, report.show)}</button>
        </form>
        <nav class="exports no-print" aria-label=move || t_string!(i18n, report.exports)>
            <a href=export("csv", "report") download data-testid="export-csv">{t!(i18n, report.export_csv)}</a>
            <a href=export("xlsx", "report") download data-testid="export-xlsx">{t!(i18n, report.export_xlsx)}</a>
            <a href=export("csv", "tickets") download>{t!(i18n, report.export_tickets_csv)}</a>
            <a href=export("xlsx", "tickets") download>{t!(i18n, report.export_tickets_xlsx)}</a>
            {view.may_export_unmasked.then(|| view! {
                <form method="post" action="/api/report/export" class="inline">
                    <input type="hidden" name="date" value=view.date.clone() />
                    <input type="hidden" name="period" value=period.code() />
                    <input type="hidden" name="format" value="xlsx" />
                    <input type="hidden" name="list" value="tickets" />
                    <input name="reason" required minlength="2" maxlength="500" data-testid="unmasked-reason"
                        placeholder=move || t_string!(i18n, report.unmasked_reason)
                        aria-label=move || t_string!(i18n, report.unmasked_reason) />
                    <button type="submit" title=move || t_string!(i18n, report.unmasked_hint) data-testid="export-unmasked">{t!(i18n, report.export_unmasked)}</button>
                </form>
            })}
        </nav>
    }
}

/// Where the figures come from: a stored snapshot (version, when, by whom, why) or
/// computed just now; supervisors may regenerate a closed day.
#[component]
fn Source(view: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let offset = view.utc_offset_secs;
    let regenerate = ServerAction::<RegenerateReport>::new();
    let error = error_of(regenerate);
    let source = match view.snapshot.clone() {
        Some(s) => {
            let at = local_time(s.generated_at, offset);
            let by = s.generated_by.clone().unwrap_or_else(|| t_string!(i18n, report.day_close).to_string());
            let (v, n, seq) = (s.version, s.versions, s.chain_seq);
            view! {
                <p class="source snapshot" data-testid="report-source">
                    {t!(i18n, report.from_snapshot, v = move || v, n = move || n, at = move || at.clone(), by = move || by.clone(), seq = move || seq)}
                    {(!s.reason.is_empty()).then(|| view! { " · " {t!(i18n, report.reason)} ": " {s.reason.clone()} })}
                </p>
            }
            .into_any()
        }
        None if view.desk_wide => view! { <p class="source live" data-testid="report-source">{t!(i18n, report.computed_now)}</p> }.into_any(),
        None => view! { <p class="source live" data-testid="report-source">{t!(i18n, report.computed_for_departments)}</p> }.into_any(),
    };
    view! {
        {source}
        {view.may_regenerate.then(|| view! {
            <details class="regenerate no-print">
                <summary>{t!(i18n, report.regenerate)}</summary>
                <ActionForm action=regenerate>
                    <input type="hidden" name="date" value=view.date.clone() />
                    <label>{t!(i18n, report.reason)} <input name="reason" required minlength="2" maxlength="1000" /></label>
                    <button type="submit">{t!(i18n, report.regenerate_submit)}</button>
                </ActionForm>
                <ErrorBanner error />
                {move || regenerate.value().get().and_then(|r| r.ok()).map(|v| view! {
                    <p class="ok">{t!(i18n, report.regenerated, v = move || v)}</p>
                })}
            </details>
        })}
    }
}

#[component]
fn League(report: Report, names: std::collections::BTreeMap<String, String>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = report
        .departments
        .into_iter()
        .map(|d| {
            let name = names
                .get(&d.department)
                .cloned()
                .unwrap_or(d.department.clone());
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{d.assigned}</td>
                    <td>{d.resolved}</td>
                    <td>{d.resolved_on_time}</td>
                    <td>{d.overdue_at_close}</td>
                    <td>{percent(d.satisfaction_rate)}</td>
                    <td>{d.returns}</td>
                    <td>{d.redos}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel league">
            <h2>{t!(i18n, report.league)}</h2>
            <div class="table-scroll">
                <table data-testid="league">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, ticket.department)}</th>
                            <th scope="col">{t!(i18n, report.assigned)}</th>
                            <th scope="col">{t!(i18n, report.resolved)}</th>
                            <th scope="col">{t!(i18n, report.on_time)}</th>
                            <th scope="col">{t!(i18n, report.overdue)}</th>
                            <th scope="col">{t!(i18n, report.satisfaction_rate)}</th>
                            <th scope="col">{t!(i18n, report.returns)}</th>
                            <th scope="col">{t!(i18n, report.redos)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn HotIssues(report: Report, names: std::collections::BTreeMap<String, String>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = report.hot_issues.is_empty();
    let rows = report
        .hot_issues
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let name = names
                .get(&h.category)
                .cloned()
                .unwrap_or(h.category.clone());
            view! {
                <tr>
                    <td>{i + 1}</td>
                    <th scope="row">{name}</th>
                    <td>{h.received}</td>
                    <td>{percent(Some(h.share))}</td>
                    <td>{signed(h.change_vs_previous_day)}</td>
                    <td>{signed(h.change_vs_week_before)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel hot">
            <h2>{t!(i18n, report.hot_issues)}</h2>
            {if empty {
                view! { <p class="muted">{t!(i18n, report.nothing)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table data-testid="hot-issues">
                            <thead>
                                <tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{t!(i18n, ticket.category)}</th>
                                    <th scope="col">{t!(i18n, report.received)}</th>
                                    <th scope="col">{t!(i18n, report.share)}</th>
                                    <th scope="col">{t!(i18n, report.vs_previous)}</th>
                                    <th scope="col">{t!(i18n, report.vs_week)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// 制度与承诺书: versions published and acknowledgements within the day or period; how far
/// the policies and letters in force had reached their people at the close.
#[component]
fn PolicySection(
    now: crate::domain::policy_report::PolicyFigures,
    before: crate::domain::policy_report::PolicyFigures,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = |a: i64, b: i64| Some(signed(a - b));
    let of = |done: i64, due: i64| format!("{done} / {due}");
    view! {
        <section class="panel" data-testid="report-policies">
            <h2>{t!(i18n, report.policy_section)}</h2>
            <div class="risk-figures">
                <Figure key="policy_versions_published" label=t_string!(i18n, report.policy_versions_published) value=now.versions_published.to_string() change=count(now.versions_published, before.versions_published) />
                <Figure key="policy_acknowledgements" label=t_string!(i18n, report.policy_acknowledgements) value=now.acknowledgements.to_string() change=count(now.acknowledgements, before.acknowledgements) />
                <Figure key="policy_acknowledgement_rate" label=t_string!(i18n, report.policy_acknowledgement_rate) value=percent(now.acknowledgement_rate) change=points(now.acknowledgement_rate, before.acknowledgement_rate) />
                <Figure key="policy_acknowledged" label=t_string!(i18n, report.policy_acknowledged) value=of(now.acknowledged, now.acknowledgements_due) change=count(now.acknowledged, before.acknowledged) />
                <Figure key="letters_signed" label=t_string!(i18n, report.letters_signed) value=of(now.letters_signed, now.letters_due) change=count(now.letters_signed, before.letters_signed) />
            </div>
        </section>
    }
}

/// 培训考核: exams and passes within the day or period, completion at the close.
#[component]
fn TrainingSection(
    now: crate::domain::training::TrainingFigures,
    before: crate::domain::training::TrainingFigures,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = |a: i64, b: i64| Some(signed(a - b));
    view! {
        <section class="panel" data-testid="report-training">
            <h2>{t!(i18n, report.training_section)}</h2>
            <div class="risk-figures">
                <Figure key="training_exams" label=t_string!(i18n, report.training_exams) value=now.exams.to_string() change=count(now.exams, before.exams) />
                <Figure key="training_pass_rate" label=t_string!(i18n, report.training_pass_rate) value=percent(now.pass_rate) change=points(now.pass_rate, before.pass_rate) />
                <Figure key="training_completion_rate" label=t_string!(i18n, report.training_completion_rate) value=percent(now.completion_rate) change=points(now.completion_rate, before.completion_rate) />
                <Figure key="training_completed" label=t_string!(i18n, report.training_completed) value=format!("{} / {}", now.completed, now.due) change=count(now.completed, before.completed) />
            </div>
        </section>
    }
}

/// 违规问责: violations proposed, appealed and decided within the day or period, and the
/// points that took effect in it.
#[component]
fn ViolationSection(
    now: crate::domain::violation::ViolationFigures,
    before: crate::domain::violation::ViolationFigures,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = |a: i64, b: i64| Some(signed(a - b));
    let decided =
        |f: &crate::domain::violation::ViolationFigures| f.upheld + f.reduced + f.withdrawn;
    view! {
        <section class="panel" data-testid="report-violations">
            <h2>{t!(i18n, report.violation_section)}</h2>
            <div class="risk-figures">
                <Figure key="violations_proposed" label=t_string!(i18n, report.violations_proposed) value=now.proposed.to_string() change=count(now.proposed, before.proposed) />
                <Figure key="violations_appealed" label=t_string!(i18n, report.violations_appealed) value=now.appealed.to_string() change=count(now.appealed, before.appealed) />
                <Figure key="violations_decided" label=t_string!(i18n, report.violations_decided) value=decided(&now).to_string() change=count(decided(&now), decided(&before)) />
                <Figure key="violation_points" label=t_string!(i18n, report.violation_points) value=now.points.to_string() change=count(now.points, before.points) />
            </div>
        </section>
    }
}

/// 合规审查: requests filed and decided within the day or period, those waiting at the close,
/// and the median time to a decision.
#[component]
fn ReviewSection(
    now: crate::domain::review::ReviewFigures,
    before: crate::domain::review::ReviewFigures,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = |a: i64, b: i64| Some(signed(a - b));
    let approved =
        |f: &crate::domain::review::ReviewFigures| f.approved + f.approved_with_conditions;
    let hours = |h: Option<f64>| h.map(|h| format!("{h} h")).unwrap_or_else(|| "—".into());
    view! {
        <section class="panel" data-testid="report-reviews">
            <h2>{t!(i18n, report.review_section)}</h2>
            <div class="risk-figures">
                <Figure key="reviews_requested" label=t_string!(i18n, report.reviews_requested) value=now.requested.to_string() change=count(now.requested, before.requested) />
                <Figure key="reviews_approved" label=t_string!(i18n, report.reviews_approved) value=approved(&now).to_string() change=count(approved(&now), approved(&before)) />
                <Figure key="reviews_rejected" label=t_string!(i18n, report.reviews_rejected) value=now.rejected.to_string() change=count(now.rejected, before.rejected) />
                <Figure key="reviews_pending" label=t_string!(i18n, report.reviews_pending) value=now.pending.to_string() change=count(now.pending, before.pending) />
                <Figure key="review_median_hours" label=t_string!(i18n, report.review_median_hours) value=hours(now.median_hours_to_decision) change=None />
            </div>
        </section>
    }
}

/// 风险: open risks by residual grade at the close; checks, rectifications and warnings
/// within the day or period; each with its change against the one before.
#[component]
fn RiskSection(
    now: crate::domain::risk_report::RiskFigures,
    before: crate::domain::risk_report::RiskFigures,
) -> impl IntoView {
    use crate::domain::risk::Grade;
    let i18n = use_i18n();
    let count = |a: i64, b: i64| Some(signed(a - b));
    let open = |f: &crate::domain::risk_report::RiskFigures, g: Grade| {
        f.open_by_grade.get(g.code()).copied().unwrap_or(0)
    };
    let grades = [
        (
            Grade::Major,
            "risks_open_major",
            t_string!(i18n, report.risks_open_major),
        ),
        (
            Grade::Significant,
            "risks_open_significant",
            t_string!(i18n, report.risks_open_significant),
        ),
        (
            Grade::General,
            "risks_open_general",
            t_string!(i18n, report.risks_open_general),
        ),
        (
            Grade::Low,
            "risks_open_low",
            t_string!(i18n, report.risks_open_low),
        ),
    ];
    view! {
        <section class="panel" data-testid="report-risks">
            <h2>{t!(i18n, report.risk_section)}</h2>
            <div class="risk-figures">
                {grades.into_iter().map(|(g, key, label)| view! {
                    <Figure key label value=open(&now, g).to_string() change=count(open(&now, g), open(&before, g)) />
                }).collect_view()}
                <Figure key="risk_checks_due" label=t_string!(i18n, report.risk_checks_due) value=now.checks_due.to_string() change=count(now.checks_due, before.checks_due) />
                <Figure key="risk_checks_done" label=t_string!(i18n, report.risk_checks_done) value=now.checks_done.to_string() change=count(now.checks_done, before.checks_done) />
                <Figure key="risk_checks_problem_found" label=t_string!(i18n, report.risk_checks_problem_found) value=now.checks_problem_found.to_string() change=count(now.checks_problem_found, before.checks_problem_found) />
                <Figure key="rectifications_overdue" label=t_string!(i18n, report.rectifications_overdue) value=now.rectifications_overdue.to_string() change=count(now.rectifications_overdue, before.rectifications_overdue) />
                <Figure key="risk_warnings_raised" label=t_string!(i18n, report.risk_warnings_raised) value=now.warnings_raised.to_string() change=count(now.warnings_raised, before.warnings_raised) />
                <Figure key="risk_warnings_confirmed" label=t_string!(i18n, report.risk_warnings_confirmed) value=now.warnings_confirmed.to_string() change=count(now.warnings_confirmed, before.warnings_confirmed) />
                {[
                    ("major", "risk_events_major", t_string!(i18n, report.risk_events_major), false),
                    ("general", "risk_events_general", t_string!(i18n, report.risk_events_general), false),
                    ("major", "risk_events_open_major", t_string!(i18n, report.risk_events_open_major), true),
                    ("general", "risk_events_open_general", t_string!(i18n, report.risk_events_open_general), true),
                ].into_iter().map(|(g, key, label, open)| {
                    let n = move |f: &crate::domain::risk_report::RiskFigures| {
                        let by = if open { &f.events_open_by_grade } else { &f.events_by_grade };
                        by.get(g).copied().unwrap_or(0)
                    };
                    view! { <Figure key label value=n(&now).to_string() change=count(n(&now), n(&before)) /> }
                }).collect_view()}
            </div>
        </section>
    }
}

/// The definitions (docs/report.md), short.
#[component]
fn Help() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="panel help no-print" data-testid="report-help">
            <summary>{t!(i18n, report.help)}</summary>
            <dl>
                <dt>{t!(i18n, report.day_label)}</dt><dd>{t!(i18n, report.help_day)}</dd>
                <dt>{t!(i18n, report.received)}</dt><dd>{t!(i18n, report.help_received)}</dd>
                <dt>{t!(i18n, report.dispatched)}</dt><dd>{t!(i18n, report.help_dispatched)}</dd>
                <dt>{t!(i18n, report.resolved)}</dt><dd>{t!(i18n, report.help_resolved)}</dd>
                <dt>{t!(i18n, report.on_time_rate)}</dt><dd>{t!(i18n, report.help_on_time)}</dd>
                <dt>{t!(i18n, report.backlog)}</dt><dd>{t!(i18n, report.help_backlog)}</dd>
                <dt>{t!(i18n, report.overdue)}</dt><dd>{t!(i18n, report.help_overdue)}</dd>
                <dt>{t!(i18n, report.satisfaction_rate)}</dt><dd>{t!(i18n, report.help_satisfaction)}</dd>
                <dt>{t!(i18n, report.league)}</dt><dd>{t!(i18n, report.help_league)}</dd>
                <dt>{t!(i18n, report.hot_issues)}</dt><dd>{t!(i18n, report.help_hot)}</dd>
                <dt>{t!(i18n, report.policy_acknowledgement_rate)}</dt><dd>{t!(i18n, report.help_policies)}</dd>
                <dt>{t!(i18n, report.period)}</dt><dd>{t!(i18n, report.help_period)}</dd>
            </dl>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_with_their_sign() {
        assert_eq!([signed(3), signed(0), signed(-2)], ["+3", "±0", "−2"]);
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "—");
        assert_eq!(points(Some(0.75), Some(0.5)).as_deref(), Some("+25.0 pp"));
        assert_eq!(points(Some(0.5), Some(0.75)).as_deref(), Some("−25.0 pp"));
        assert_eq!(points(Some(0.5), None), None);
    }
}
