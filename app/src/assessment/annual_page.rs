//! 年度考核 (`/assessment/annual?year=2026`): each department's and person's KPI score,
//! compliance score, year score and grade — computed now while the year is open, the kept
//! version once a supervisor has closed it (with every version, who closed it, why, and the
//! history chain's head it was anchored to). Closing is a plain form, before hydration too.
use super::api::{get_annual, CloseYear};
use super::league_page::marks;
use super::{AnnualLine, AnnualView};
use crate::domain::annual::Grade;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AnnualPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <AnnualScreen /> } /> }
}

#[component]
fn AnnualScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let year = Memo::new(move |_| params.with(|m| m.get("year").unwrap_or_default()));
    let close = ServerAction::<CloseYear>::new();
    let view = crate::ui::data::page_data(
        move || (year.get(), close.version().get()),
        |(y, _)| get_annual(y),
    );
    view! {
        <div class="assessment-page annual-page">
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(v) => view! { <Year v close /> }.into_any(),
                        Err(error) => view! {
                            <h1>{t!(i18n, assessment.annual_rules)}</h1>
                            <ErrorBox error />
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

pub fn grade_text(i18n: leptos_i18n::I18nContext<Locale>, g: Grade) -> &'static str {
    match g {
        Grade::Excellent => t_string!(i18n, assessment.grade.excellent),
        Grade::Pass => t_string!(i18n, assessment.grade.pass),
        Grade::Basic => t_string!(i18n, assessment.grade.basic),
        Grade::Fail => t_string!(i18n, assessment.grade.fail),
    }
}

#[component]
fn Year(v: AnnualView, close: ServerAction<CloseYear>) -> impl IntoView {
    let i18n = use_i18n();
    let a = v.assessment.clone();
    let year = a.year;
    let offset = v.utc_offset_secs;
    let state = match &v.closed {
        Some(c) => {
            let (n, by, reason) = (c.version, c.closed_by.clone(), c.reason.clone());
            let at = local_time(c.closed_at, offset);
            let head = format!("#{} {}", c.chain_seq, &c.chain_hash[..c.chain_hash.len().min(12)]);
            view! {
                <p class="alert ok" data-testid="annual-closed" data-version=n>
                    {t!(i18n, assessment.closed_version, n = n, by = move || by.clone(), at = move || at.clone())}
                    {(!reason.is_empty()).then(|| view! { " · " {reason.clone()} })}
                    <br /><small class="muted">{t!(i18n, assessment.chain_head)} " " <code>{head}</code></small>
                </p>
            }
            .into_any()
        }
        None => view! { <p class="alert info" data-testid="annual-open">{t!(i18n, assessment.provisional)}</p> }.into_any(),
    };
    let versions = v.versions.clone();
    view! {
        <h1>{t!(i18n, assessment.annual_of, year = year)}</h1>
        <super::controls::YearForm action="/assessment/annual" year>
            <a href="/assessment/scheme">{t!(i18n, assessment.scheme)}</a>
            <a href=format!("/assessment/annual-report?year={year}")>{t!(i18n, annual_report.title)}</a>
        </super::controls::YearForm>
        {state}
        <nav class="exports no-print" aria-label=move || t_string!(i18n, assessment.exports)>
            <crate::ui::print::PrintButton />
            <a href=format!("/api/assessment/annual/export?year={year}&format=csv") download data-testid="annual-csv">{t!(i18n, assessment.export_csv)}</a>
            <a href=format!("/api/assessment/annual/export?year={year}&format=xlsx") download>{t!(i18n, assessment.export_xlsx)}</a>
        </nav>
        <p class="muted">{t!(i18n, assessment.annual_rules_help)}</p>
        {(!a.departments.is_empty()).then(|| view! {
            <Lines title=t_string!(i18n, assessment.departments).to_string() lines=a.departments.clone() testid="annual-departments" />
        })}
        {(!a.persons.is_empty()).then(|| view! {
            <Lines title=t_string!(i18n, assessment.staff).to_string() lines=a.persons.clone() testid="annual-persons" />
        })}
        {v.may_close.then(|| view! { <CloseForm year again=v.closed.is_some() close /> })}
        {(!v.year_ended).then(|| view! { <p class="muted">{t!(i18n, field.period_not_over)}</p> })}
        <Versions versions offset testid="annual-versions" />
    }
}

#[component]
fn Lines(title: String, lines: Vec<AnnualLine>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let persons = testid == "annual-persons";
    let rows = lines
        .into_iter()
        .map(|l| {
            let c = &l.compliance;
            view! {
                <tr data-unit=l.code.clone() data-grade=l.grade.code()>
                    <th scope="row">
                        {l.name.clone()}
                        {(persons && !l.department.is_empty()).then(|| view! { <small class="muted">{l.department.clone()}</small> })}
                    </th>
                    <td>{l.kpi_score.map(marks).unwrap_or_else(|| "—".into())}</td>
                    <td title=format!("{} · {}", t_string!(i18n, assessment.points), c.points)>{marks(l.compliance_score)}</td>
                    <td class="score" data-testid="annual-score">{marks(l.score)}</td>
                    <td><span class=format!("grade-chip grade-{}", l.grade.code()) data-testid="annual-grade">{grade_text(i18n, l.grade)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>{title}</h2>
            <div class="table-scroll">
                <table class="kpi-table" data-testid=testid>
                    <thead>
                        <tr>
                            <th scope="col">{if persons { t!(i18n, assessment.person).into_any() } else { t!(i18n, assessment.unit).into_any() }}</th>
                            <th scope="col">{t!(i18n, assessment.kpi_score)}</th>
                            <th scope="col">{t!(i18n, assessment.compliance_score)}</th>
                            <th scope="col">{t!(i18n, assessment.year_score)}</th>
                            <th scope="col">{t!(i18n, assessment.grade_col)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn CloseForm(year: i32, again: bool, close: ServerAction<CloseYear>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(close);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=close attr:class="form card no-print" attr:data-testid="close-year">
            <h2>{if again { t!(i18n, assessment.regenerate).into_any() } else { t!(i18n, assessment.close_year).into_any() }}</h2>
            <p class="muted">{t!(i18n, assessment.close_help)}</p>
            <input type="hidden" name="year" value=year.to_string() />
            <FieldError error=e field="year" />
            <label for="close-reason">{t!(i18n, assessment.reason)}</label>
            <textarea id="close-reason" name="reason" rows="2" maxlength="500" required=again data-testid="close-reason"></textarea>
            <FieldError error=e field="reason" />
            <button type="submit" class="primary" data-testid="close-year-submit">
                {if again { t!(i18n, assessment.regenerate).into_any() } else { t!(i18n, assessment.close_year).into_any() }}
            </button>
        </ActionForm>
    }
}

/// The kept versions of a year (a closed assessment, an issued report), newest first: when,
/// by whom, why.
#[component]
pub(super) fn Versions(
    versions: Vec<super::AnnualVersion>,
    offset: i32,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    (!versions.is_empty()).then(|| view! {
        <section class="panel">
            <h2>{t!(i18n, assessment.versions)}</h2>
            <ol class="plain" data-testid=testid>
                {versions.into_iter().map(|x| view! {
                    <li>
                        "v" {x.version} " · " {local_time(x.closed_at, offset)} " · " {x.closed_by.clone()}
                        {(!x.reason.is_empty()).then(|| view! { " · " {x.reason.clone()} })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    })
}
