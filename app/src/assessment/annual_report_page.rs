//! 年度管理情况报告 (`/assessment/annual-report?year=2026`): the report as an A4 document
//! (`AnnualReportDoc`, which the server also renders alone for the PDF), the suggestions'
//! form, the issue form, the versions and the downloads. Plain forms, before hydration too.
use super::api::{get_annual_report, IssueAnnualReport, SaveAnnualSuggestions};
use super::page::{kpi_label, shown};
use super::{AnnualReport, AnnualReportView, EvaluationSummary};
use crate::assessment::marks;
use crate::domain::kpi::Kpi;
use crate::domain::report::Report;
use crate::domain::risk::Grade;
use crate::evaluation::list_page::{dimension_text, task_state_text};
use crate::evaluation::page::EvidenceTable;
use crate::i18n::*;
use crate::report::charts::{Series, TrendChart};
use crate::report::percent;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AnnualReportPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Screen /> } /> }
}

#[component]
fn Screen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let year = Memo::new(move |_| params.with(|m| m.get("year").unwrap_or_default()));
    let save = ServerAction::<SaveAnnualSuggestions>::new();
    let issue = ServerAction::<IssueAnnualReport>::new();
    let data = crate::ui::data::page_data(
        move || (year.get(), save.version().get(), issue.version().get()),
        |(y, _, _)| get_annual_report(y),
    );
    view! {
        <div class="annual-report-page">
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <Top v=v.clone() /> <AnnualReportDoc v=v.clone() /> <Forms v save issue /> }.into_any(),
                        Err(error) => view! {
                            <h1>{t!(i18n, annual_report.title)}</h1>
                            <ErrorBox error />
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Above the document: the year and the downloads.
#[component]
fn Top(v: AnnualReportView) -> impl IntoView {
    let i18n = use_i18n();
    let year = v.report.year;
    view! {
        <div class="no-print">
            <super::controls::YearForm action="/assessment/annual-report" year />
            <nav class="exports" aria-label=move || t_string!(i18n, assessment.exports)>
                <crate::ui::print::PrintButton />
                {if v.pdf_available {
                    view! { <a href=format!("/api/assessment/annual-report/pdf?year={year}") download data-testid="annual-report-pdf">{t!(i18n, annual_report.pdf)}</a> }.into_any()
                } else {
                    view! { <small class="muted">{t!(i18n, annual_report.pdf_unavailable)}</small> }.into_any()
                }}
                <a href=format!("/api/assessment/annual-report/export?year={year}&format=xlsx") download data-testid="annual-report-xlsx">{t!(i18n, assessment.export_xlsx)}</a>
            </nav>
            {(!v.year_ended).then(|| view! { <p class="alert info">{t!(i18n, annual_report.not_ended)}</p> })}
        </div>
    }
}

/// Below the document: the suggestions, issuing, the versions.
#[component]
fn Forms(
    v: AnnualReportView,
    save: ServerAction<SaveAnnualSuggestions>,
    issue: ServerAction<IssueAnnualReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let year = v.report.year;
    let offset = v.utc_offset_secs;
    let se = error_of(save);
    let ie = error_of(issue);
    let again = v.issued.is_some();
    let versions = v.versions.clone();
    let draft_note = match (&v.draft_by, v.draft_at) {
        (Some(by), Some(at)) => {
            let (by, at) = (by.clone(), local_time(at, offset));
            Some(
                view! { <small class="muted">{t!(i18n, annual_report.draft_saved, by = move || by.clone(), at = move || at.clone())}</small> },
            )
        }
        _ => None,
    };
    view! {
        <div class="no-print">
            {v.may_edit.then(|| view! {
                <ErrorBanner error=se />
                <ActionForm action=save attr:class="form card" attr:data-testid="suggestions-form">
                    <h2>{t!(i18n, annual_report.suggestions)}</h2>
                    <p class="muted">{t!(i18n, annual_report.suggestions_help)}</p>
                    <input type="hidden" name="year" value=year.to_string() />
                    <textarea name="suggestions" rows="6" maxlength="20000" data-testid="suggestions">{v.draft.clone()}</textarea>
                    <FieldError error=se field="suggestions" />
                    {draft_note}
                    <button type="submit" data-testid="suggestions-save">{t!(i18n, annual_report.save_draft)}</button>
                </ActionForm>
            })}
            {v.may_issue.then(|| view! {
                <ErrorBanner error=ie />
                <ActionForm action=issue attr:class="form card" attr:data-testid="issue-form">
                    <h2>{if again { t!(i18n, annual_report.reissue).into_any() } else { t!(i18n, annual_report.issue).into_any() }}</h2>
                    <p class="muted">{t!(i18n, annual_report.issue_help)}</p>
                    <input type="hidden" name="year" value=year.to_string() />
                    <FieldError error=ie field="year" />
                    <label for="issue-reason">{t!(i18n, assessment.reason)}</label>
                    <textarea id="issue-reason" name="reason" rows="2" maxlength="500" required=again data-testid="issue-reason"></textarea>
                    <FieldError error=ie field="reason" />
                    <button type="submit" class="primary" data-testid="issue-submit">
                        {if again { t!(i18n, annual_report.reissue).into_any() } else { t!(i18n, annual_report.issue).into_any() }}
                    </button>
                </ActionForm>
            })}
            <super::annual_page::Versions versions offset testid="report-versions" />
        </div>
    }
}

/// The report as a document: the header (year, version or draft, chain head) and the six
/// sections. No links of the router and no data of its own: the server renders it alone
/// into the PDF.
#[component]
pub fn AnnualReportDoc(v: AnnualReportView) -> impl IntoView {
    let i18n = use_i18n();
    let r = v.report.clone();
    let offset = v.utc_offset_secs;
    let (seq, hash) = v.anchor();
    let head = format!("#{seq} {}", &hash[..hash.len().min(16)]);
    let state = match &v.issued {
        Some(x) => {
            let (n, by, at) = (
                x.version,
                x.closed_by.clone(),
                local_time(x.closed_at, offset),
            );
            view! { <span data-testid="report-issued" data-version=n>{t!(i18n, annual_report.issued_version, n = n, by = move || by.clone(), at = move || at.clone())}</span> }.into_any()
        }
        None => {
            let at = local_time(r.computed_at, offset);
            view! { <span data-testid="report-draft">{t!(i18n, annual_report.draft_at, at = move || at.clone())}</span> }.into_any()
        }
    };
    let year = r.year;
    view! {
        <article class="annual-report" data-testid="annual-report" data-year=year>
            <header class="doc-header">
                <h1>{t!(i18n, annual_report.title_of, year = year)}</h1>
                <p class="muted">{state} " · " {t!(i18n, assessment.chain_head)} " " <code data-testid="report-chain">{head}</code></p>
            </header>
            <Situation r=r.clone() />
            <RiskSection r=r.clone() />
            <Accountability r=r.clone() />
            <Training r=r.clone() />
            <Evaluations items=r.evaluations.clone() />
            <section class="doc-section" data-section="suggestions">
                <h2>"6. " {t!(i18n, annual_report.suggestions)}</h2>
                {if r.suggestions.trim().is_empty() {
                    view! { <p class="muted">{t!(i18n, annual_report.no_suggestions)}</p> }.into_any()
                } else {
                    view! { <p class="suggestions-text" data-testid="report-suggestions">{r.suggestions.clone()}</p> }.into_any()
                }}
            </section>
        </article>
    }
}

/// A row of figures: this year and the year before.
fn compare_row(label: &'static str, now: String, before: String) -> impl IntoView {
    view! { <tr><th scope="row">{label}</th><td>{now}</td><td>{before}</td></tr> }
}

#[component]
fn CompareTable(rows: Vec<(&'static str, String, String)>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="kpi-table compare" data-testid=testid>
            <thead><tr>
                <th scope="col">{t!(i18n, evaluation.figure)}</th>
                <th scope="col">{t!(i18n, annual_report.this_year)}</th>
                <th scope="col">{t!(i18n, annual_report.last_year)}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|(l, a, b)| compare_row(l, a, b)).collect_view()}</tbody>
        </table>
    }
}

#[component]
fn Situation(r: AnnualReport) -> impl IntoView {
    let i18n = use_i18n();
    let (f, p) = (&r.figures, &r.previous);
    let n = |x: i64| x.to_string();
    let rows = vec![
        (
            t_string!(i18n, report.received),
            n(f.received),
            n(p.received),
        ),
        (
            t_string!(i18n, report.dispatched),
            n(f.dispatched),
            n(p.dispatched),
        ),
        (
            t_string!(i18n, report.resolved),
            n(f.resolved),
            n(p.resolved),
        ),
        (
            t_string!(i18n, report.on_time_rate),
            percent(f.on_time_rate),
            percent(p.on_time_rate),
        ),
        (
            t_string!(i18n, report.satisfaction_rate),
            percent(f.satisfaction_rate),
            percent(p.satisfaction_rate),
        ),
        (t_string!(i18n, report.returns), n(f.returns), n(p.returns)),
        (
            t_string!(i18n, report.extensions),
            n(f.extensions_approved),
            n(p.extensions_approved),
        ),
        (
            t_string!(i18n, report.escalations),
            n(f.escalations),
            n(p.escalations),
        ),
        (t_string!(i18n, report.redos), n(f.redos), n(p.redos)),
        (
            t_string!(i18n, report.backlog),
            n(f.backlog_at_close),
            n(p.backlog_at_close),
        ),
        (
            t_string!(i18n, report.overdue),
            n(f.overdue_at_close),
            n(p.overdue_at_close),
        ),
    ];
    let months = r.months.clone();
    let (first, last) = (
        months.first().map(|m| m.month.clone()).unwrap_or_default(),
        months.last().map(|m| m.month.clone()).unwrap_or_default(),
    );
    let pct = |x: Option<f64>| x.map(|v| (v * 100.0).round() as i64).unwrap_or(0);
    let volumes = vec![
        Series {
            class: "received",
            label: t_string!(i18n, report.received).into(),
            values: months.iter().map(|m| m.received).collect(),
        },
        Series {
            class: "resolved",
            label: t_string!(i18n, report.resolved).into(),
            values: months.iter().map(|m| m.resolved).collect(),
        },
    ];
    let rates = vec![
        Series {
            class: "resolved",
            label: format!("{} %", t_string!(i18n, report.on_time_rate)),
            values: months.iter().map(|m| pct(m.on_time_rate)).collect(),
        },
        Series {
            class: "received",
            label: format!("{} %", t_string!(i18n, report.satisfaction_rate)),
            values: months.iter().map(|m| pct(m.satisfaction_rate)).collect(),
        },
    ];
    let kpis = r.kpis.clone().map(|line| {
        Kpi::ALL
            .iter()
            .zip(line.kpis.iter())
            .map(|(k, v)| view! { <tr data-kpi=k.code()><th scope="row">{kpi_label(i18n, *k)}</th><td>{shown(*k, *v)}</td></tr> })
            .collect_view()
    });
    view! {
        <section class="doc-section" data-section="situation">
            <h2>"1. " {t!(i18n, annual_report.situation)}</h2>
            <CompareTable rows testid="report-volumes" />
            <div class="doc-charts">
                <TrendChart series=volumes first=first.clone() last=last.clone() title=t_string!(i18n, annual_report.monthly_volumes).to_string() />
                <TrendChart series=rates first last title=t_string!(i18n, annual_report.monthly_rates).to_string() />
            </div>
            <table class="kpi-table months" data-testid="report-months">
                <thead><tr>
                    <th scope="col">{t!(i18n, annual_report.month)}</th>
                    <th scope="col">{t!(i18n, report.received)}</th>
                    <th scope="col">{t!(i18n, report.resolved)}</th>
                    <th scope="col">{t!(i18n, report.on_time_rate)}</th>
                    <th scope="col">{t!(i18n, report.satisfaction_rate)}</th>
                </tr></thead>
                <tbody>
                    {months.into_iter().map(|m| view! {
                        <tr><th scope="row">{m.month}</th><td>{m.received}</td><td>{m.resolved}</td><td>{percent(m.on_time_rate)}</td><td>{percent(m.satisfaction_rate)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {kpis.map(|rows| view! {
                <h3>{t!(i18n, annual_report.kpis)}</h3>
                <table class="kpi-table" data-testid="report-kpis"><tbody>{rows}</tbody></table>
            })}
        </section>
    }
}

fn open_of(r: &Report, g: Grade) -> i64 {
    r.risks.open_by_grade.get(g.code()).copied().unwrap_or(0)
}

#[component]
fn RiskSection(r: AnnualReport) -> impl IntoView {
    let i18n = use_i18n();
    let (f, p) = (&r.figures, &r.previous);
    let grades = [Grade::Major, Grade::Significant, Grade::General, Grade::Low]
        .into_iter()
        .map(|g| {
            view! {
                <tr data-grade=g.code()>
                    <th scope="row">{crate::risk::labels::grade_text(i18n, g)}</th>
                    <td>{open_of(p, g)}</td>
                    <td>{open_of(f, g)}</td>
                </tr>
            }
        })
        .collect_view();
    let ev = |m: &std::collections::BTreeMap<String, i64>, k: &str| {
        m.get(k).copied().unwrap_or(0).to_string()
    };
    let rows = vec![
        (
            t_string!(i18n, report.risk_events_major),
            ev(&f.risks.events_by_grade, "major"),
            ev(&p.risks.events_by_grade, "major"),
        ),
        (
            t_string!(i18n, report.risk_events_general),
            ev(&f.risks.events_by_grade, "general"),
            ev(&p.risks.events_by_grade, "general"),
        ),
        (
            t_string!(i18n, report.risk_checks_done),
            f.risks.checks_done.to_string(),
            p.risks.checks_done.to_string(),
        ),
        (
            t_string!(i18n, report.risk_checks_problem_found),
            f.risks.checks_problem_found.to_string(),
            p.risks.checks_problem_found.to_string(),
        ),
        (
            t_string!(i18n, report.risk_checks_due),
            f.risks.checks_due.to_string(),
            p.risks.checks_due.to_string(),
        ),
        (
            t_string!(i18n, report.rectifications_overdue),
            f.risks.rectifications_overdue.to_string(),
            p.risks.rectifications_overdue.to_string(),
        ),
        (
            t_string!(i18n, report.risk_warnings_raised),
            f.risks.warnings_raised.to_string(),
            p.risks.warnings_raised.to_string(),
        ),
        (
            t_string!(i18n, report.risk_warnings_confirmed),
            f.risks.warnings_confirmed.to_string(),
            p.risks.warnings_confirmed.to_string(),
        ),
    ];
    view! {
        <section class="doc-section" data-section="risks">
            <h2>"2. " {t!(i18n, annual_report.risks)}</h2>
            <table class="kpi-table" data-testid="report-risk-grades">
                <thead><tr>
                    <th scope="col">{t!(i18n, annual_report.risk_grade)}</th>
                    <th scope="col">{t!(i18n, annual_report.at_start)}</th>
                    <th scope="col">{t!(i18n, annual_report.at_end)}</th>
                </tr></thead>
                <tbody>{grades}</tbody>
            </table>
            <CompareTable rows testid="report-risk-figures" />
        </section>
    }
}

#[component]
fn Accountability(r: AnnualReport) -> impl IntoView {
    let i18n = use_i18n();
    let (f, p) = (&r.figures.violations, &r.previous.violations);
    let rows = vec![
        (
            t_string!(i18n, report.violations_proposed),
            f.proposed.to_string(),
            p.proposed.to_string(),
        ),
        (
            t_string!(i18n, report.violations_appealed),
            f.appealed.to_string(),
            p.appealed.to_string(),
        ),
        (
            t_string!(i18n, annual_report.upheld),
            f.upheld.to_string(),
            p.upheld.to_string(),
        ),
        (
            t_string!(i18n, annual_report.reduced),
            f.reduced.to_string(),
            p.reduced.to_string(),
        ),
        (
            t_string!(i18n, annual_report.withdrawn),
            f.withdrawn.to_string(),
            p.withdrawn.to_string(),
        ),
        (
            t_string!(i18n, report.violation_points),
            f.points.to_string(),
            p.points.to_string(),
        ),
    ];
    let tally = r.violations.clone();
    view! {
        <section class="doc-section" data-section="accountability">
            <h2>"3. " {t!(i18n, annual_report.accountability)}</h2>
            <CompareTable rows testid="report-violation-figures" />
            {if tally.is_empty() {
                view! { <p class="muted">{t!(i18n, assessment.no_violations)}</p> }.into_any()
            } else {
                view! {
                    <table class="kpi-table" data-testid="report-violations">
                        <thead><tr>
                            <th scope="col">{t!(i18n, violation.conduct)}</th>
                            <th scope="col">{t!(i18n, violation.severity_label)}</th>
                            <th scope="col">{t!(i18n, annual_report.count)}</th>
                            <th scope="col">{t!(i18n, assessment.points)}</th>
                        </tr></thead>
                        <tbody>
                            {tally.into_iter().map(|t| view! {
                                <tr data-conduct=t.conduct.code() data-severity=t.severity.code()>
                                    <th scope="row">{crate::violations::labels::conduct_text(i18n, t.conduct, "")}</th>
                                    <td>{crate::violations::labels::severity_text(i18n, t.severity)}</td>
                                    <td>{t.count}</td>
                                    <td>{t.points}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Training(r: AnnualReport) -> impl IntoView {
    let i18n = use_i18n();
    let (f, p) = (&r.figures, &r.previous);
    let of = |a: i64, b: i64| format!("{a} / {b}");
    let rows = vec![
        (
            t_string!(i18n, report.policy_versions_published),
            f.policies.versions_published.to_string(),
            p.policies.versions_published.to_string(),
        ),
        (
            t_string!(i18n, report.policy_acknowledgement_rate),
            percent(f.policies.acknowledgement_rate),
            percent(p.policies.acknowledgement_rate),
        ),
        (
            t_string!(i18n, report.policy_acknowledged),
            of(f.policies.acknowledged, f.policies.acknowledgements_due),
            of(p.policies.acknowledged, p.policies.acknowledgements_due),
        ),
        (
            t_string!(i18n, report.letters_signed),
            of(f.policies.letters_signed, f.policies.letters_due),
            of(p.policies.letters_signed, p.policies.letters_due),
        ),
        (
            t_string!(i18n, report.training_exams),
            f.training.exams.to_string(),
            p.training.exams.to_string(),
        ),
        (
            t_string!(i18n, report.training_pass_rate),
            percent(f.training.pass_rate),
            percent(p.training.pass_rate),
        ),
        (
            t_string!(i18n, report.training_completion_rate),
            percent(f.training.completion_rate),
            percent(p.training.completion_rate),
        ),
        (
            t_string!(i18n, report.training_completed),
            of(f.training.completed, f.training.due),
            of(p.training.completed, p.training.due),
        ),
    ];
    view! {
        <section class="doc-section" data-section="training">
            <h2>"4. " {t!(i18n, annual_report.training)}</h2>
            <CompareTable rows testid="report-training" />
        </section>
    }
}

#[component]
fn Evaluations(items: Vec<EvaluationSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="doc-section" data-section="evaluation">
            <h2>"5. " {t!(i18n, annual_report.evaluation)}</h2>
            {items.is_empty().then(|| view! { <p class="muted">{t!(i18n, annual_report.no_evaluation)}</p> })}
            {items.into_iter().map(|s| {
                let e = s.evaluation.clone();
                view! {
                    <div class="doc-evaluation" data-testid="report-evaluation" data-code=e.code.clone()>
                        <h3>{e.code.clone()} " " {e.title.clone()} " (" {e.first_day.clone()} " – " {e.last_day.clone()} ")"</h3>
                        {e.overall.map(|o| view! { <p>{t!(i18n, evaluation.overall)} " " <strong>{marks(o)}</strong></p> })}
                        <dl class="findings-list">
                            {e.scores.iter().map(|d| {
                                let dim = d.dimension;
                                let evidence: Vec<_> = s.evidence.iter().filter(|x| x.dimension == dim).cloned().collect();
                                view! {
                                    <dt>{dimension_text(i18n, dim)} " · " {d.score}</dt>
                                    <dd>
                                        <p>{d.findings.clone()}</p>
                                        <EvidenceTable items=evidence />
                                    </dd>
                                }
                            }).collect_view()}
                        </dl>
                        {(!s.tasks.is_empty()).then(|| view! {
                            <table class="kpi-table" data-testid="report-tasks">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, evaluation.action)}</th>
                                    <th scope="col">{t!(i18n, evaluation.owner)}</th>
                                    <th scope="col">{t!(i18n, evaluation.due)}</th>
                                    <th scope="col">{t!(i18n, evaluation.state)}</th>
                                </tr></thead>
                                <tbody>
                                    {s.tasks.iter().map(|t| view! {
                                        <tr>
                                            <td>{t.action.clone()}</td>
                                            <td>{t.owner.clone()}</td>
                                            <td>{t.due_day.clone()}</td>
                                            <td>{task_state_text(i18n, t.state)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                    </div>
                }
            }).collect_view()}
        </section>
    }
}
