//! One category: catalogue department, required skill, direct answer, deadlines per
//! priority, inquiry script and reply templates (as plain text, see `domain::script`).
use super::api::{get_category, SaveCategory};
use super::Category;
use crate::admin::api::list_departments;
use crate::domain::script::{format_replies, format_script};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CategoryEditPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <CategoryEdit /> } /> }
}

#[component]
fn CategoryEdit() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = crate::ui::data::route_id();
    let save = ServerAction::<SaveCategory>::new();
    let category = crate::ui::data::page_data(
        move || (id(), save.version().get()),
        |(id, _)| get_category(id),
    );
    let departments = crate::ui::data::page_data(|| (), |_| list_departments());
    let saved = move || {
        query.read().get("saved").map(|_| view! { <p class="alert ok" role="status" data-testid="saved">{t!(i18n, reference.saved)}</p> })
    };
    view! {
        <p><a href="/admin/categories">{t!(i18n, admin.back)}</a></p>
        {saved}
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match (category.await, departments.await) {
                    (Ok(c), Ok(d)) => view! { <CategoryForm category=c departments=d save /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CategoryForm(
    category: Category,
    departments: Vec<(crate::domain::org::Department, usize)>,
    save: ServerAction<SaveCategory>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let hours = category.hours;
    let hour_field = move |name: &'static str, label: &'static str, value: i64| {
        view! {
            <div>
                <label for=name>{label}</label>
                <input id=name name=name type="number" min="1" max="2000" required value=value.to_string() />
                <FieldError error=e field=name />
            </div>
        }
    };
    view! {
        <section class="card">
            <h1>{category.name.clone()} " " <code>{category.code.clone()}</code></h1>
            <ErrorBanner error=e />
            <ActionForm action=save>
                <input type="hidden" name="id" value=category.id.to_string() />
                <div class="grid2">
                    <div>
                        <label for="department_id">{t!(i18n, reference.catalogue)}</label>
                        <select id="department_id" name="department_id">
                            <option value="">{t!(i18n, reference.no_catalogue)}</option>
                            {departments.into_iter().map(|(d, depth)| {
                                let indent = "\u{3000}".repeat(depth);
                                view! { <option value=d.id.to_string() selected=category.department_id == Some(d.id)>{indent}{d.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError error=e field="department_id" />
                    </div>
                    <div>
                        <label for="required_skill">{t!(i18n, reference.skill)}</label>
                        <input id="required_skill" name="required_skill" maxlength="40" value=category.required_skill.clone() />
                        <FieldError error=e field="required_skill" />
                    </div>
                </div>
                <label class="check"><input type="checkbox" name="direct_answer" value="on" checked=category.direct_answer /> {t!(i18n, reference.direct_allowed)}</label>
                <fieldset>
                    <legend>{t!(i18n, reference.hours_legend)}</legend>
                    <div class="grid4">
                        {hour_field("hours_urgent", t_string!(i18n, ticket.priority.urgent), hours[0])}
                        {hour_field("hours_high", t_string!(i18n, ticket.priority.high), hours[1])}
                        {hour_field("hours_normal", t_string!(i18n, ticket.priority.normal), hours[2])}
                        {hour_field("hours_low", t_string!(i18n, ticket.priority.low), hours[3])}
                    </div>
                </fieldset>
                <label for="script">{t!(i18n, reference.script)}</label>
                <p class="muted">{t!(i18n, reference.script_help)}</p>
                <textarea id="script" name="script" rows="6">{format_script(&category.script)}</textarea>
                <FieldError error=e field="script" />
                <label for="replies">{t!(i18n, reference.replies)}</label>
                <p class="muted">{t!(i18n, reference.replies_help)}</p>
                <textarea id="replies" name="replies" rows="8">{format_replies(&category.replies)}</textarea>
                <label for="reason">{t!(i18n, reference.review_reason)}</label>
                <input id="reason" name="reason" maxlength="500" />
                <button type="submit" class="primary">{t!(i18n, common.save)}</button>
            </ActionForm>
        </section>
    }
}
