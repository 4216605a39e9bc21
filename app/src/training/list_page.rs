//! 培训: the courses meant for the signed-in user with where they stand (every course for
//! those who follow training), and the new-course button for authors.
use super::api::list_courses;
use super::labels::{standing_code, standing_text, tier_text};
use super::CourseList;
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn TrainingPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <TrainingView /> } /> }
}

#[component]
fn TrainingView() -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data::page_data(|| (), |_| list_courses());
    view! {
        <h1>{t!(i18n, training.title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <Courses l /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Courses(l: CourseList) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    view! {
        {l.may_author.then(|| view! {
            <p class="actions"><a class="button" href="/training/new" data-testid="new-course">{t!(i18n, training.new_course)}</a></p>
        })}
        {if l.courses.is_empty() {
            view! { <p class="muted">{t!(i18n, training.none)}</p> }.into_any()
        } else {
            view! {
                <table class="list" data-testid="courses">
                    <thead><tr>
                        <th>{t!(i18n, training.code)}</th>
                        <th>{t!(i18n, training.title_field)}</th>
                        <th>{t!(i18n, training.tier_label)}</th>
                        <th>{t!(i18n, training.due)}</th>
                        <th>{t!(i18n, training.my_standing)}</th>
                    </tr></thead>
                    <tbody>
                        {l.courses.into_iter().map(|c| view! {
                            <tr data-testid="course-row">
                                <td data-label=t_string!(i18n, training.code)>{c.code.clone()}</td>
                                <td data-label=t_string!(i18n, training.title_field)><a href=format!("/training/{}", c.id)>{c.title.clone()}</a></td>
                                <td data-label=t_string!(i18n, training.tier_label)>{tier_text(i18n, c.tier)}</td>
                                <td data-label=t_string!(i18n, training.due)>{c.due_at.map(|d| local_time(d - 1, offset)).unwrap_or_else(|| "—".into())}</td>
                                <td data-label=t_string!(i18n, training.my_standing)>{c.standing.map(|s| view! {
                                    <span class=format!("badge standing-{}", standing_code(s))>{standing_text(i18n, s)}</span>
                                })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
