//! An exam: the questions drawn for this attempt (their answers stay on the server), one
//! form that works without JavaScript; once submitted, the score and whether it passed.
use super::api::{get_exam, SubmitExam};
use super::ExamPaper;
use crate::domain::training::QuestionKind;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn ExamPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ExamView /> } /> }
}

#[component]
fn ExamView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let submit = ServerAction::<SubmitExam>::new();
    let paper = crate::ui::data::page_data(
        move || (id(), submit.version().get()),
        |(id, _)| get_exam(id),
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match paper.await {
                    Ok(p) => view! { <Paper p submit /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Paper(p: ExamPaper, submit: ServerAction<SubmitExam>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = p.utc_offset_secs;
    let back = format!("/training/{}", p.course_id);
    view! {
        <p><a href=back.clone()>{t!(i18n, training.back_to_course)}</a></p>
        <h1>{t!(i18n, training.exam)} " · " {p.title.clone()}</h1>
        {match (p.attempt.score, p.attempt.passed) {
            (Some(score), Some(passed)) => view! {
                <section class="card" data-testid="exam-result" data-passed=passed.to_string()>
                    <p class=if passed { "alert ok" } else { "alert error" }>
                        {if passed { t_string!(i18n, training.passed) } else { t_string!(i18n, training.failed) }}
                        " · " {t!(i18n, training.score_of, score, mark = p.pass_mark)}
                    </p>
                    <p><a href=back>{t!(i18n, training.back_to_course)}</a></p>
                </section>
            }.into_any(),
            _ => view! { <Questions p=p.clone() submit offset /> }.into_any(),
        }}
    }
}

#[component]
fn Questions(p: ExamPaper, submit: ServerAction<SubmitExam>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {p.deadline.map(|d| view! { <p class="alert info">{t!(i18n, training.deadline, at = local_time(d, offset))}</p> })}
        <ErrorBanner error=error_of(submit) />
        <ActionForm action=submit attr:class="form" attr:data-testid="exam-form">
            <input type="hidden" name="id" value=p.attempt.id.to_string() />
            {p.questions.into_iter().enumerate().map(|(i, q)| {
                let multiple = q.kind == QuestionKind::Multiple;
                view! {
                    <fieldset class="card" data-testid="question">
                        <legend>{format!("{}. ", i + 1)} {q.prompt.clone()}
                            {multiple.then(|| view! { " " <span class="muted">{t!(i18n, training.choose_all)}</span> })}
                        </legend>
                        {q.options.into_iter().enumerate().map(|(j, o)| {
                            let name = if multiple { format!("answers[q{i}_{j}]") } else { format!("answers[q{i}]") };
                            let kind = if multiple { "checkbox" } else { "radio" };
                            view! {
                                <label class="check"><input type=kind name=name value=j.to_string() />" " {o}</label>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="primary" data-testid="submit-exam">{t!(i18n, training.submit)}</button>
        </ActionForm>
    }
}
