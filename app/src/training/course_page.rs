//! A course: its materials page by page, the exam's rules, the signed-in user's attempts
//! and the button that starts (or resumes) the exam; for those who follow training, the
//! completion and pass rates by department and who has not passed.
use super::api::{get_course, StartExam};
use super::labels::{standing_code, standing_text, tier_text};
use super::CourseDetail;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn CoursePage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <CourseView /> } /> }
}

#[component]
fn CourseView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let start = ServerAction::<StartExam>::new();
    let detail = crate::ui::data::page_data(id, get_course);
    view! {
        <p><a href="/training">{t!(i18n, training.back)}</a></p>
        <ErrorBanner error=error_of(start) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail d start /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(d: CourseDetail, start: ServerAction<StartExam>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = d.utc_offset_secs;
    let c = d.brief.clone();
    let pages = d.pages.len();
    view! {
        <h1>{c.title.clone()} " " <span class="muted">{c.code.clone()}</span></h1>
        <p>
            <span class="badge">{tier_text(i18n, c.tier)}</span>
            {c.standing.map(|s| view! { " " <span class=format!("badge standing-{}", standing_code(s)) data-testid="standing" data-standing=standing_code(s)>{standing_text(i18n, s)}</span> })}
            {c.due_at.map(|due| view! { " · " {t!(i18n, training.due_by, at = local_time(due - 1, offset))} })}
            {(c.valid_months > 0).then(|| view! { " · " {t!(i18n, training.valid_for, n = c.valid_months)} })}
            {d.may_author.then(|| view! { " · " <a href=format!("/training/{}/edit", c.id)>{t!(i18n, training.edit)}</a> })}
        </p>
        {d.pages.into_iter().enumerate().map(|(i, html)| view! {
            <section class="card">
                <p class="muted">{t!(i18n, training.page_of, n = i + 1, total = pages)}</p>
                <article class="policy-text" inner_html=html></article>
            </section>
        }).collect_view()}
        <section class="card" data-testid="exam">
            <h2>{t!(i18n, training.exam)}</h2>
            <p>{t!(i18n, training.rules, n = d.rules.questions, bank = d.bank_size, mark = d.rules.pass_mark)}
                {(d.rules.max_attempts > 0).then(|| view! { " " {t!(i18n, training.max_attempts_text, n = d.rules.max_attempts)} })}
                {d.rules.time_limit_minutes.map(|m| view! { " " {t!(i18n, training.time_limit_text, n = m)} })}
            </p>
            {(!d.attempts.is_empty()).then(|| view! {
                <table class="list" data-testid="attempts">
                    <thead><tr><th>{t!(i18n, training.started)}</th><th>{t!(i18n, training.score)}</th><th>{t!(i18n, training.result)}</th></tr></thead>
                    <tbody>
                        {d.attempts.iter().map(|a| view! {
                            <tr data-testid="attempt" data-passed=a.passed.map(|p| p.to_string()).unwrap_or_default()>
                                <td data-label=t_string!(i18n, training.started)><a href=format!("/training/exams/{}", a.id)>{local_time(a.started_at, offset)}</a></td>
                                <td data-label=t_string!(i18n, training.score)>{a.score.map(|s| format!("{s}")).unwrap_or_else(|| "—".into())}</td>
                                <td data-label=t_string!(i18n, training.result)>{match a.passed {
                                    Some(true) => t_string!(i18n, training.passed),
                                    Some(false) => t_string!(i18n, training.failed),
                                    None => t_string!(i18n, training.in_progress),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {d.may_attempt.then(|| view! {
                <ActionForm action=start attr:class="inline">
                    <input type="hidden" name="id" value=c.id.to_string() />
                    <button type="submit" class="primary" data-testid="start-exam">
                        {if d.open_attempt.is_some() { t_string!(i18n, training.resume) } else { t_string!(i18n, training.start) }}
                    </button>
                </ActionForm>
            })}
        </section>
        {d.coverage.map(|cov| {
            let rates = d.pass_rates.clone();
            let missing: Vec<String> = cov.missing.iter().map(|(n, dept)| format!("{n}（{dept}）")).collect();
            view! {
                <section class="card" data-testid="completion">
                    <h2>{t!(i18n, training.completion)}</h2>
                    <p data-testid="completion-total">{t!(i18n, training.passed_of, done = cov.acknowledged, total = cov.total)}</p>
                    <table class="list">
                        <thead><tr>
                            <th>{t!(i18n, notice.department)}</th>
                            <th>{t!(i18n, training.completion)}</th>
                            <th>{t!(i18n, training.pass_rate)}</th>
                        </tr></thead>
                        <tbody>
                            {cov.by_department.into_iter().map(|r| {
                                let rate = rates.iter().find(|p| p.department == r.department).map(|p| format!("{} / {}", p.passed, p.submitted)).unwrap_or_else(|| "—".into());
                                view! {
                                    <tr data-testid="department-completion">
                                        <td data-label=t_string!(i18n, notice.department)>{r.department.clone()}</td>
                                        <td data-label=t_string!(i18n, training.completion)>{r.acknowledged} " / " {r.total}</td>
                                        <td data-label=t_string!(i18n, training.pass_rate)>{rate}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(!missing.is_empty()).then(|| view! { <p>{t!(i18n, training.not_passed)} ": " {missing.join("、")}</p> })}
                </section>
            }
        })}
    }
}
