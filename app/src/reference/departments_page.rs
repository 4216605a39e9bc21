//! Dispatch settings of departments (straight to people or not, skills) and handlers
//! (skills, on duty).
use super::api::{get_department_rules, SaveDepartmentRules, SaveHandler};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Departments /> } /> }
}

#[component]
fn Departments() -> impl IntoView {
    let i18n = use_i18n();
    let save_dept = ServerAction::<SaveDepartmentRules>::new();
    let save_handler = ServerAction::<SaveHandler>::new();
    let data = crate::ui::data::page_data(
        move || (save_dept.version().get(), save_handler.version().get()),
        |_| get_department_rules(),
    );
    let (de, he) = (error_of(save_dept), error_of(save_handler));
    view! {
        <h1>{t!(i18n, reference.departments_title)}</h1>
        <ErrorBanner error=de />
        <ErrorBanner error=he />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok((depts, handlers)) => view! {
                        <section class="card">
                            {depts.into_iter().map(|d| {
                                let own: Vec<_> = handlers.iter().filter(|h| h.department_id == d.id).cloned().collect();
                                view! {
                                    <div class="dept-rules" data-code=d.code.clone()>
                                        <h2>{"\u{3000}".repeat(d.depth)}{d.name.clone()}</h2>
                                        <ActionForm action=save_dept attr:class="inline-form">
                                            <input type="hidden" name="id" value=d.id.to_string() />
                                            <label class="check"><input type="checkbox" name="assign_to_people" value="on" checked=d.assign_to_people /> {t!(i18n, reference.assign_to_people)}</label>
                                            <input name="skills" value=d.skills.join(", ") placeholder=move || t_string!(i18n, reference.skills) aria-label=move || t_string!(i18n, reference.skills) />
                                            <button type="submit">{t!(i18n, common.save)}</button>
                                        </ActionForm>
                                        {own.into_iter().map(|h| view! {
                                            <ActionForm action=save_handler attr:class="inline-form handler">
                                                <input type="hidden" name="id" value=h.id.to_string() />
                                                <span class="who">{h.name.clone()}</span>
                                                <input name="skills" value=h.skills.join(", ") placeholder=move || t_string!(i18n, reference.skills) aria-label=move || t_string!(i18n, reference.skills) />
                                                <label class="check"><input type="checkbox" name="on_duty" value="on" checked=h.on_duty /> {t!(i18n, reference.on_duty)}</label>
                                                <button type="submit">{t!(i18n, common.save)}</button>
                                            </ActionForm>
                                        }).collect_view()}
                                    </div>
                                }
                            }).collect_view()}
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
