//! Rectifications (整改): on the risk page, each one with the moves the viewer may make;
//! and the 整改 page, the viewer's own and (for compliance) every one not yet verified.
use super::api::{list_rectifications, MoveRectification};
use super::labels::rect_state_text;
use super::Rectification;
use crate::domain::rectification::{rect_moves, rect_overdue, RectRole};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The rectifications of one risk, with their move forms.
#[component]
pub fn RiskRectifications(
    items: Vec<Rectification>,
    viewer_id: i64,
    compliance: bool,
    today: NaiveDate,
    moved: ServerAction<MoveRectification>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(moved);
    view! {
        <section class="card" id="rectifications">
            <h2>{t!(i18n, risk.rectifications)}</h2>
            <ErrorBanner error=e />
            {if items.is_empty() {
                view! { <p class="muted">{t!(i18n, risk.no_rectifications)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plans" data-testid="rectifications">
                        {items.into_iter().map(|r| view! { <RectItem r viewer_id compliance today moved /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RectItem(
    r: Rectification,
    viewer_id: i64,
    compliance: bool,
    today: NaiveDate,
    moved: ServerAction<MoveRectification>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(moved);
    let moves = rect_moves(
        r.state,
        RectRole {
            owner: r.owner_id == viewer_id,
            compliance,
        },
    );
    let note_id = format!("note-{}", r.id);
    view! {
        <li data-testid="rectification" data-state=r.state.code()>
            <p>
                <span class="chip" data-testid="rect-state">{rect_state_text(i18n, r.state)}</span>
                " " {r.owner_name.clone()} " · " {t!(i18n, risk.rectify_by)} " " {r.deadline.to_string()}
                {rect_overdue(r.state, r.deadline, today).then(|| view! { " " <span class="badge warn">{t!(i18n, risk.check_overdue)}</span> })}
            </p>
            <p>{r.measures.clone()}</p>
            {(!r.note.is_empty()).then(|| view! { <p class="muted">{t!(i18n, risk.last_note)} ": " {r.note.clone()}</p> })}
            {(!moves.is_empty()).then(|| view! {
                <ActionForm action=moved attr:class="move-risk">
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <label for=note_id.clone()>{t!(i18n, risk.rect_note)}</label>
                    <input id=note_id name="note" maxlength="1000" />
                    <FieldError error=e field="note" />
                    <div class="buttons">
                        {moves.into_iter().map(|to| view! {
                            <button type="submit" name="to" value=to.code() data-testid=format!("rect-{}", to.code())>
                                {t!(i18n, risk.move_to)} " " {rect_state_text(i18n, to)}
                            </button>
                        }).collect_view()}
                    </div>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
pub fn RectificationsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RectificationsView /> } /> }
}

#[component]
fn RectificationsView() -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data::page_data(|| (), |_| list_rectifications());
    view! {
        <h1>{t!(i18n, risk.rectifications)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => {
                        let today = l.today;
                        view! {
                            <h2>{t!(i18n, risk.my_rectifications)}</h2>
                            <RectTable items=l.mine today />
                            {l.compliance.then(|| view! {
                                <h2>{t!(i18n, risk.open_rectifications)}</h2>
                                <RectTable items=l.open today />
                            })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RectTable(items: Vec<Rectification>, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="muted">{t!(i18n, risk.no_rectifications)}</p> }.into_any();
    }
    view! {
        <table class="list" data-testid="rect-table">
            <thead>
                <tr>
                    <th>{t!(i18n, risk.rectify_by)}</th>
                    <th>{t!(i18n, risk.code)}</th>
                    <th>{t!(i18n, risk.measures)}</th>
                    <th>{t!(i18n, risk.owner)}</th>
                    <th>{t!(i18n, risk.status_label)}</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|r| view! {
                    <tr data-testid="rect-row">
                        <td data-label=t_string!(i18n, risk.rectify_by)>
                            {r.deadline.to_string()}
                            {rect_overdue(r.state, r.deadline, today).then(|| view! { " " <span class="badge warn">{t!(i18n, risk.check_overdue)}</span> })}
                        </td>
                        <td data-label=t_string!(i18n, risk.code)><a href=format!("/risks/{}", r.risk_id)><code>{r.risk_code.clone()}</code></a></td>
                        <td data-label=t_string!(i18n, risk.measures)>{r.measures.clone()}</td>
                        <td data-label=t_string!(i18n, risk.owner)>{r.owner_name.clone()}</td>
                        <td data-label=t_string!(i18n, risk.status_label)>{rect_state_text(i18n, r.state)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
