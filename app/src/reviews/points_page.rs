//! 审查事项: which decisions need a compliance review before they take effect. Admins turn
//! each point on or off and set how many working days an extension may add without one;
//! compliance and supervisors read the list.
use super::api::{get_review_points, SaveReviewPoints};
use super::labels::point_text;
use super::PointsView;
use crate::domain::review::{Point, MAX_LIMIT_DAYS};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewPointsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <PointsPageView /> } /> }
}

#[component]
fn PointsPageView() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveReviewPoints>::new();
    let points = crate::ui::data::page_data(move || save.version().get(), |_| get_review_points());
    let saved = use_query_map().with_untracked(|m| m.get("saved").is_some());
    view! {
        <p><a href="/reviews">{t!(i18n, review.back)}</a></p>
        <h1>{t!(i18n, review.points_title)}</h1>
        <p class="muted">{t!(i18n, review.points_hint)}</p>
        {saved.then(|| view! { <p class="alert ok" data-testid="saved">{t!(i18n, reference.saved)}</p> })}
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match points.await {
                    Ok(v) => view! { <PointsForm v save /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PointsForm(v: PointsView, save: ServerAction<SaveReviewPoints>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let points = v.points.clone();
    let setting = move |p: Point| points.iter().find(|s| s.point == p).copied();
    let limit = setting(Point::LongExtension)
        .map(|s| s.limit_days)
        .unwrap_or(10);
    let disabled = !v.may_edit;
    view! {
        <ErrorBanner error=e />
        <ActionForm action=save attr:class="form card" attr:data-testid="points-form">
            {Point::ALL.into_iter().map(|p| {
                let on = setting(p).is_some_and(|s| s.enabled);
                view! {
                    <label class="check">
                        <input type="checkbox" name=format!("on[{}]", p.code()) value="1" checked=on disabled=disabled data-testid=format!("point-{}", p.code()) />
                        " " {point_text(i18n, p)}
                    </label>
                }
            }).collect_view()}
            <label for="limit-days">{t!(i18n, review.limit_days)}</label>
            <input id="limit-days" name="limit_days" type="number" min="1" max=MAX_LIMIT_DAYS.to_string() value=limit.to_string() required disabled=disabled />
            <FieldError error=e field="limit_days" />
            {v.may_edit.then(|| view! { <button type="submit" class="primary" data-testid="save-points">{t!(i18n, common.save)}</button> })}
        </ActionForm>
    }
}
