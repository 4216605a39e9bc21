//! The KPI page (`/assessment?period=2026-11`): pick a period (a plain GET form); the
//! departments' and the handlers' KPIs and compliance figures in two tables, each figure
//! with its numerator and denominator on hover; the exports; the definitions. Admins set
//! whether "basically satisfied" counts as satisfied.
use super::api::{get_kpis, SaveKpiRules};
use super::{KpiLine, KpiSheet};
use crate::domain::kpi::{Kpi, KpiRules, Measure};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <AssessmentScreen /> } /> }
}

#[component]
fn AssessmentScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let period = Memo::new(move |_| params.with(|m| m.get("period").unwrap_or_default()));
    let save = ServerAction::<SaveKpiRules>::new();
    let sheet = crate::ui::data::page_data(
        move || (period.get(), save.version().get()),
        |(p, _)| get_kpis(p),
    );
    view! {
        <div class="assessment-page">
            <h1>{t!(i18n, assessment.title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match sheet.await {
                        Ok(s) => view! { <Sheet s save /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

pub fn kpi_label(i18n: leptos_i18n::I18nContext<Locale>, k: Kpi) -> &'static str {
    match k {
        Kpi::OnTimeSignFor => t_string!(i18n, assessment.kpi.on_time_sign_for),
        Kpi::OnTimeCompletion => t_string!(i18n, assessment.kpi.on_time_completion),
        Kpi::Completion => t_string!(i18n, assessment.kpi.completion),
        Kpi::CallbackRate => t_string!(i18n, assessment.kpi.callback_rate),
        Kpi::Satisfaction => t_string!(i18n, assessment.kpi.satisfaction),
        Kpi::ReturnRate => t_string!(i18n, assessment.kpi.return_rate),
        Kpi::ExtensionRate => t_string!(i18n, assessment.kpi.extension_rate),
        Kpi::RedoRate => t_string!(i18n, assessment.kpi.redo_rate),
        Kpi::FirstTimeResolution => t_string!(i18n, assessment.kpi.first_time_resolution),
        Kpi::RepeatCallRate => t_string!(i18n, assessment.kpi.repeat_call_rate),
        Kpi::HoursToSignFor => t_string!(i18n, assessment.kpi.hours_to_sign_for),
        Kpi::HoursToResolve => t_string!(i18n, assessment.kpi.hours_to_resolve),
        Kpi::SupervisedOnTime => t_string!(i18n, assessment.kpi.supervised_on_time),
    }
}

fn kpi_help(i18n: leptos_i18n::I18nContext<Locale>, k: Kpi) -> &'static str {
    match k {
        Kpi::OnTimeSignFor => t_string!(i18n, assessment.help.on_time_sign_for),
        Kpi::OnTimeCompletion => t_string!(i18n, assessment.help.on_time_completion),
        Kpi::Completion => t_string!(i18n, assessment.help.completion),
        Kpi::CallbackRate => t_string!(i18n, assessment.help.callback_rate),
        Kpi::Satisfaction => t_string!(i18n, assessment.help.satisfaction),
        Kpi::ReturnRate => t_string!(i18n, assessment.help.return_rate),
        Kpi::ExtensionRate => t_string!(i18n, assessment.help.extension_rate),
        Kpi::RedoRate => t_string!(i18n, assessment.help.redo_rate),
        Kpi::FirstTimeResolution => t_string!(i18n, assessment.help.first_time_resolution),
        Kpi::RepeatCallRate => t_string!(i18n, assessment.help.repeat_call_rate),
        Kpi::HoursToSignFor => t_string!(i18n, assessment.help.hours_to_sign_for),
        Kpi::HoursToResolve => t_string!(i18n, assessment.help.hours_to_resolve),
        Kpi::SupervisedOnTime => t_string!(i18n, assessment.help.supervised_on_time),
    }
}

/// A KPI as shown: a percentage with one decimal, or hours with one; `—` when none.
pub fn shown(k: Kpi, v: Option<f64>) -> String {
    match (v, k.measure()) {
        (None, _) => "—".into(),
        (Some(x), Measure::Rate) => format!("{:.1}%", x * 100.0),
        (Some(x), Measure::Hours) => format!("{x:.1}"),
    }
}

/// `part / whole`, for a figure's tooltip (hours: minutes / count).
fn share(part: i64, whole: i64) -> String {
    format!("{part} / {whole}")
}

#[component]
fn Sheet(s: KpiSheet, save: ServerAction<SaveKpiRules>) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to, tz) = (s.from.clone(), s.to.clone(), s.timezone.clone());
    let q = format!("period={}", s.period);
    let rules = s.rules;
    let departments: Vec<KpiLine> = s.desk.iter().chain(&s.departments).cloned().collect();
    let own_only = s.desk.is_none() && s.departments.is_empty();
    let compliance =
        move |unit: &str| format!("{} · {}", t_string!(i18n, assessment.compliance), unit);
    view! {
        <super::controls::PeriodForm action="/assessment" period=s.period.clone() />
        <p class="muted">{t!(i18n, assessment.from_history, from = move || from.clone(), to = move || to.clone(), tz = move || tz.clone())}</p>
        <nav class="exports no-print" aria-label=move || t_string!(i18n, assessment.exports)>
            <a href=format!("/api/assessment/export?{q}&format=csv") download data-testid="assessment-csv">{t!(i18n, assessment.export_csv)}</a>
            <a href=format!("/api/assessment/export?{q}&format=xlsx") download>{t!(i18n, assessment.export_xlsx)}</a>
            <a href=format!("/assessment/league?{q}") data-testid="to-league">{t!(i18n, assessment.league)}</a>
            <a href=format!("/assessment/scorecard?{q}")>{t!(i18n, assessment.my_scorecard)}</a>
            <a href="/assessment/annual">{t!(i18n, assessment.annual_rules)}</a>
            <a href="/assessment/scheme">{t!(i18n, assessment.scheme)}</a>
        </nav>
        {own_only.then(|| view! { <p class="muted">{t!(i18n, assessment.own_only)}</p> })}
        {(!departments.is_empty()).then(|| view! {
            <KpiTable title=t_string!(i18n, assessment.departments).to_string() lines=departments.clone() rules testid="kpi-departments" persons=false columns=Columns::Kpis />
        })}
        {(!s.persons.is_empty()).then(|| view! {
            <KpiTable title=t_string!(i18n, assessment.persons).to_string() lines=s.persons.clone() rules testid="kpi-persons" persons=true columns=Columns::Kpis period=s.period.clone() />
        })}
        {(!departments.is_empty()).then(|| view! {
            <KpiTable title=compliance(t_string!(i18n, assessment.departments)) lines=departments rules testid="compliance-departments" persons=false columns=Columns::Compliance />
        })}
        {(!s.persons.is_empty()).then(|| view! {
            <KpiTable title=compliance(t_string!(i18n, assessment.persons)) lines=s.persons.clone() rules testid="compliance-persons" persons=true columns=Columns::Compliance />
        })}
        <details class="panel help">
            <summary>{t!(i18n, assessment.definitions)}</summary>
            <dl>
                {Kpi::ALL.iter().map(|k| view! { <dt>{kpi_label(i18n, *k)}</dt><dd>{kpi_help(i18n, *k)}</dd> }).collect_view()}
            </dl>
        </details>
        {s.may_edit_rules.then(|| view! { <Rules rules period=s.period.clone() save /> })}
    }
}

/// Which columns a table shows: the ticket KPIs, or the compliance figures.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Columns {
    Kpis,
    Compliance,
}

#[component]
fn KpiTable(
    title: String,
    lines: Vec<KpiLine>,
    rules: KpiRules,
    testid: &'static str,
    persons: bool,
    columns: Columns,
    /// Set: each person's name links to their scorecard of the period.
    #[prop(optional)]
    period: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let head = match columns {
        Columns::Kpis => Kpi::ALL
            .iter()
            .map(|k| view! { <th scope="col" data-kpi=k.code()>{kpi_label(i18n, *k)}</th> })
            .collect_view()
            .into_any(),
        Columns::Compliance => view! {
            <th scope="col">{t!(i18n, assessment.violations)}</th>
            <th scope="col">{t!(i18n, assessment.points)}</th>
            <th scope="col">{t!(i18n, assessment.ack_coverage)}</th>
            <th scope="col">{t!(i18n, assessment.letters)}</th>
            <th scope="col">{t!(i18n, assessment.pass_rate)}</th>
            <th scope="col">{t!(i18n, assessment.rectifications)}</th>
        }
        .into_any(),
    };
    let rows = lines
        .into_iter()
        .map(|l| {
            let name = if l.unit == super::Unit::Desk {
                t_string!(i18n, assessment.desk).to_string()
            } else {
                l.name.clone()
            };
            let cells = match columns {
                Columns::Kpis => Kpi::ALL
                    .iter()
                    .zip(&l.kpis)
                    .map(|(k, v)| {
                        let (n, d) = k.parts(&l.counts, rules);
                        view! { <td data-kpi=k.code() title=share(n, d)>{shown(*k, *v)}</td> }
                    })
                    .collect_view()
                    .into_any(),
                Columns::Compliance => {
                    let f = &l.compliance;
                    let rate = |n: i64, d: i64| {
                        let r = crate::domain::report::rate(n, d);
                        view! { <td title=share(n, d)>{shown(Kpi::Completion, r)}</td> }
                    };
                    view! {
                        <td data-col="violations">{f.violations}</td>
                        <td data-col="points">{f.points}</td>
                        {rate(f.acknowledged, f.acknowledgements_due)}
                        {rate(f.letters_signed, f.letters_due)}
                        {rate(f.exams_passed, f.exams)}
                        {rate(f.rectifications_on_time, f.rectifications_due)}
                    }
                    .into_any()
                }
            };
            let idle = columns == Columns::Kpis && !l.has_tickets;
            view! {
                <tr class:idle=idle class:total=l.unit == super::Unit::Desk data-unit=l.code.clone()>
                    <th scope="row">
                        {match &period {
                            Some(p) if l.unit == super::Unit::Person => view! {
                                <a href=format!("/assessment/scorecard?period={p}&person={}", l.code) data-testid="to-scorecard">{name}</a>
                            }.into_any(),
                            _ => name.into_any(),
                        }}
                        {(persons && !l.department.is_empty()).then(|| view! { <small class="muted">" · " {l.department.clone()}</small> })}
                        {idle.then(|| view! { <small class="muted">" · " {t!(i18n, assessment.no_tickets)}</small> })}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>{title}</h2>
            <div class="table-scroll">
                <table data-testid=testid class="kpi-table">
                    <thead>
                        <tr>
                            <th scope="col">{if persons { t!(i18n, assessment.person).into_any() } else { t!(i18n, assessment.unit).into_any() }}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Rules(rules: KpiRules, period: String, save: ServerAction<SaveKpiRules>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=save attr:class="form card no-print" attr:data-testid="kpi-rules">
            <h2>{t!(i18n, assessment.rules)}</h2>
            <input type="hidden" name="period" value=period />
            <label class="check">
                <input type="checkbox" name="basically_counts" value="on" checked=rules.basically_counts data-testid="basically-counts" />
                {t!(i18n, assessment.basically_counts)}
            </label>
            <button type="submit" class="primary" data-testid="save-rules">{t!(i18n, assessment.save_rules)}</button>
            {move || save.value().get().and_then(|r| r.ok()).map(|_| view! { <p class="ok">{t!(i18n, assessment.saved)}</p> })}
        </ActionForm>
    }
}
