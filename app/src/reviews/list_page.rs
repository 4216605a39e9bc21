//! 合规审查: the requests waiting for a review (oldest first) and the archive of decided
//! ones (newest first), searchable by code, subject or reason. People who only file requests
//! see their own.
use super::api::list_reviews;
use super::labels::{point_text, state_text, subject_text};
use super::{ReviewList, ReviewRequest};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::ErrorBox;
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ReviewsView /> } /> }
}

#[component]
fn ReviewsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let list = crate::ui::data::page_data(q, list_reviews);
    view! {
        <h1>{t!(i18n, review.title)}</h1>
        <form method="get" action="/reviews" class="filters" role="search">
            <label for="review-q">{t!(i18n, review.search)}</label>
            <input id="review-q" name="q" type="search" value=q data-testid="review-search" />
            <button type="submit">{t!(i18n, review.search_button)}</button>
        </form>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <Shelves l /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Shelves(l: ReviewList) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    view! {
        {(!l.own_only).then(|| view! {
            <p class="actions"><a href="/reviews/points" data-testid="review-points-link">{t!(i18n, review.points_link)}</a></p>
        })}
        <section class="card" data-testid="review-queue">
            <h2>{t!(i18n, review.queue)} " " <span class="count">{l.queue.len()}</span></h2>
            <Requests rows=l.queue offset />
        </section>
        <section class="card" data-testid="review-archive">
            <h2>{t!(i18n, review.archive)}</h2>
            <Requests rows=l.archive offset />
        </section>
    }
}

#[component]
fn Requests(rows: Vec<ReviewRequest>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="muted">{t!(i18n, review.none)}</p> }.into_any();
    }
    view! {
        <table class="list">
            <thead><tr>
                <th>{t!(i18n, review.code)}</th>
                <th>{t!(i18n, review.point_label)}</th>
                <th>{t!(i18n, review.subject)}</th>
                <th>{t!(i18n, review.requester)}</th>
                <th>{t!(i18n, review.requested_at)}</th>
                <th>{t!(i18n, review.state_label)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-testid="review-row" data-state=r.state.code()>
                        <td data-label=t_string!(i18n, review.code)><a href=format!("/reviews/{}", r.id)>{r.code.clone()}</a></td>
                        <td data-label=t_string!(i18n, review.point_label)>{point_text(i18n, r.point)}</td>
                        <td data-label=t_string!(i18n, review.subject)>{subject_text(i18n, &r.proposal)}</td>
                        <td data-label=t_string!(i18n, review.requester)>{r.requester.clone()}</td>
                        <td data-label=t_string!(i18n, review.requested_at)>{local_time(r.requested_at, offset)}</td>
                        <td data-label=t_string!(i18n, review.state_label)>{state_text(i18n, r.state)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
