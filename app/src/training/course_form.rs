//! Writing a course (compliance, administrators): its title and tier, who it is for, the
//! materials (pages between `---` lines), the question bank in its text form and the
//! exam's rules; the due date and how long a pass stays valid.
use super::api::{get_course_form, SaveCourse};
use super::labels::tier_text;
use super::CourseFormData;
use crate::domain::training::Tier;
use crate::i18n::*;
use crate::policies::draft_fields::AudienceFields;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn CourseNewPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <FormView edit=false /> } /> }
}

#[component]
pub fn CourseEditPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <FormView edit=true /> } /> }
}

#[component]
fn FormView(edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let save = ServerAction::<SaveCourse>::new();
    let data = crate::ui::data::page_data(move || edit.then(&id), get_course_form);
    view! {
        <p><a href="/training">{t!(i18n, training.back)}</a></p>
        <h1>{if edit { t_string!(i18n, training.edit) } else { t_string!(i18n, training.new_course) }}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(f) => view! { <Fields f save /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Fields(f: CourseFormData, save: ServerAction<SaveCourse>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let n = |v: u32| v.to_string();
    view! {
        <ErrorBanner error=e />
        <ActionForm action=save attr:class="form card" attr:data-testid="course-form">
            {f.id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
            <label for="course-title">{t!(i18n, training.title_field)}</label>
            <input id="course-title" name="title" required maxlength="200" value=f.title.clone() data-testid="course-title" />
            <FieldError error=e field="title" />
            <label for="course-tier">{t!(i18n, training.tier_label)}</label>
            <select id="course-tier" name="tier">
                {Tier::ALL.into_iter().map(|t| view! {
                    <option value=t.code() selected=t == f.tier>{tier_text(i18n, t)}</option>
                }).collect_view()}
            </select>
            <AudienceFields choices=f.choices.clone() chosen=f.audience.clone() />
            <label for="course-materials">{t!(i18n, training.materials)}</label>
            <p class="muted">{t!(i18n, training.materials_hint)}</p>
            <textarea id="course-materials" name="materials" rows="12" required data-testid="course-materials">{f.materials.clone()}</textarea>
            <FieldError error=e field="materials" />
            <label for="course-questions">{t!(i18n, training.questions)}</label>
            <p class="muted prewrap">{t!(i18n, training.questions_hint)}</p>
            <textarea id="course-questions" name="questions_text" rows="14" required data-testid="course-questions">{f.questions_text.clone()}</textarea>
            <FieldError error=e field="questions_text" />
            <div class="fields3">
                <div>
                    <label for="course-n">{t!(i18n, training.questions_per_attempt)}</label>
                    <input id="course-n" name="questions_per_attempt" type="number" min="1" inputmode="numeric" value=n(f.rules.questions as u32) />
                    <FieldError error=e field="questions_per_attempt" />
                </div>
                <div>
                    <label for="course-mark">{t!(i18n, training.pass_mark)}</label>
                    <input id="course-mark" name="pass_mark" type="number" min="1" max="100" inputmode="numeric" value=n(f.rules.pass_mark) />
                    <FieldError error=e field="pass_mark" />
                </div>
                <div>
                    <label for="course-max">{t!(i18n, training.max_attempts)}</label>
                    <input id="course-max" name="max_attempts" type="number" min="0" max="20" inputmode="numeric" value=n(f.rules.max_attempts) />
                    <FieldError error=e field="max_attempts" />
                </div>
                <div>
                    <label for="course-limit">{t!(i18n, training.time_limit)}</label>
                    <input id="course-limit" name="time_limit_minutes" type="number" min="1" max="240" inputmode="numeric" value=f.rules.time_limit_minutes.map(n).unwrap_or_default() />
                    <FieldError error=e field="time_limit_minutes" />
                </div>
                <div>
                    <label for="course-due">{t!(i18n, training.due)}</label>
                    <input id="course-due" name="due_on" type="date" value=f.due_on.clone() />
                    <FieldError error=e field="due_on" />
                </div>
                <div>
                    <label for="course-valid">{t!(i18n, training.valid_months)}</label>
                    <input id="course-valid" name="valid_months" type="number" min="0" max="60" inputmode="numeric" value=n(f.valid_months) />
                    <FieldError error=e field="valid_months" />
                </div>
            </div>
            <button type="submit" class="primary" data-testid="save-course">{t!(i18n, common.save)}</button>
        </ActionForm>
    }
}
