//! One review request: what was asked, by whom and why, the change it proposes, and the
//! review — the form for compliance while it waits, the record once decided; a granted
//! export is downloaded from here by its requester (once).
use super::api::{get_review, DecideReview};
use super::labels::{
    conclusion_text, dimension_text, finding_text, period_text, point_text, state_text,
    subject_text,
};
use super::{ReviewDetail, ReviewRequest};
use crate::domain::review::{Conclusion, Dimension, Proposal, DIMENSIONS};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <ReviewView /> } /> }
}

#[component]
fn ReviewView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let decide = ServerAction::<DecideReview>::new();
    let detail = crate::ui::data::page_data(
        move || (id(), decide.version().get()),
        |(id, _)| get_review(id),
    );
    view! {
        <p><a href="/reviews">{t!(i18n, review.back)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail d decide /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(d: ReviewDetail, decide: ServerAction<DecideReview>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = d.utc_offset_secs;
    let r = d.request.clone();
    view! {
        <h1>{r.code.clone()} " " <span class="muted">{point_text(i18n, r.point)}</span></h1>
        <p data-testid="review-state" data-state=r.state.code()>
            <span class=format!("badge review-{}", r.state.code())>{state_text(i18n, r.state)}</span>
        </p>
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, review.subject)}</dt>
                <dd>{match r.subject_href() {
                    Some(href) => view! { <a href=href data-testid="review-subject">{subject_text(i18n, &r.proposal)}</a> }.into_any(),
                    None => view! { <span>{subject_text(i18n, &r.proposal)}</span> }.into_any(),
                }}</dd>
                <dt>{t!(i18n, review.requester)}</dt>
                <dd>{r.requester.clone()} " · " {local_time(r.requested_at, offset)}</dd>
                <dt>{t!(i18n, review.reason)}</dt>
                <dd class="prewrap">{if r.reason.is_empty() { "—".to_owned() } else { r.reason.clone() }}</dd>
            </dl>
            <h2>{t!(i18n, review.change)}</h2>
            <Change p=r.proposal.clone() offset />
        </section>
        {d.own_request.then(|| view! { <p class="alert info">{t!(i18n, review.own_request)}</p> })}
        {(r.state == crate::domain::review::ReviewState::Pending && !d.may_review && !d.own_request)
            .then(|| view! { <p class="alert info" data-testid="review-waiting">{t!(i18n, review.waiting)}</p> })}
        {d.may_review.then(|| view! { <ReviewForm id=r.id decide /> })}
        <Record r=r.clone() offset />
        {d.may_download.then(|| view! {
            <form method="post" action="/api/report/export" class="card" data-testid="download-form">
                <input type="hidden" name="review" value=r.id.to_string() />
                <p>{t!(i18n, review.download_hint)}</p>
                <button type="submit" class="primary" data-testid="download">{t!(i18n, review.download)}</button>
            </form>
        })}
        {r.used_at.map(|at| view! { <p class="muted">{t!(i18n, review.downloaded_at, at = local_time(at, offset))}</p> })}
    }
}

/// The proposed change, as the reviewer needs to judge it.
#[component]
fn Change(p: Proposal, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let hours = |h: [i64; 4]| h.iter().map(i64::to_string).collect::<Vec<_>>().join(" / ");
    match p {
        Proposal::PublishPolicy { code, title, number, .. } => view! {
            <p>{t!(i18n, review.change_publish)} " " {code} " " <q>{title}</q> " " {number}</p>
        }
        .into_any(),
        Proposal::UnmaskedExport { period, date, format } => view! {
            <p>{t!(i18n, review.change_export)} " · " {date.to_string()} " · " {period_text(i18n, &period)} " · " {format.to_uppercase()}</p>
        }
        .into_any(),
        Proposal::Catalogue { category, before, after, .. } => {
            let dept = |d: Option<String>| d.unwrap_or_else(|| t_string!(i18n, review.no_department).to_owned());
            view! {
                <p>{category}</p>
                <table class="list">
                    <thead><tr><th></th><th>{t!(i18n, review.before)}</th><th>{t!(i18n, review.after)}</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">{t!(i18n, review.department)}</th><td>{dept(before.department)}</td><td>{dept(after.department)}</td></tr>
                        <tr><th scope="row">{t!(i18n, review.hours)}</th><td>{hours(before.hours)}</td><td>{hours(after.hours)}</td></tr>
                    </tbody>
                </table>
            }
            .into_any()
        }
        Proposal::LongExtension { number, current_due_at, proposed_due_at, working_days, note, .. } => view! {
            <p data-testid="review-extension">
                {number} " · " {current_due_at.map(|d| local_time(d, offset)).unwrap_or_default()}
                " → " <strong>{local_time(proposed_due_at, offset)}</strong>
                " · " {t!(i18n, review.working_days, n = working_days)}
            </p>
            {(!note.is_empty()).then(|| view! { <p class="prewrap">{note}</p> })}
        }
        .into_any(),
        Proposal::MajorEventClose { title, body, .. } => view! {
            <p>{t!(i18n, review.change_close)} " " <q>{title}</q></p>
            <p class="prewrap">{body}</p>
        }
        .into_any(),
        Proposal::ArchiveSecret { number, .. } => view! {
            <p>{t!(i18n, review.change_archive)} " " {number}</p>
        }
        .into_any(),
    }
}

/// The decided review: each dimension and the conclusion.
#[component]
fn Record(r: ReviewRequest, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let record = r.record?;
    let row = move |field: &'static str, d: Dimension| {
        view! {
            <tr>
                <th scope="row">{dimension_text(i18n, field)}</th>
                <td data-finding=d.finding.code()>{finding_text(i18n, d.finding)}</td>
                <td class="prewrap">{d.note}</td>
            </tr>
        }
    };
    Some(view! {
        <section class="card" data-testid="review-record">
            <h2>{t!(i18n, review.record)}</h2>
            <table class="list">
                <tbody>
                    {row("compliance", record.compliance)}
                    {row("risk", record.risk)}
                    {row("operation", record.operation)}
                </tbody>
            </table>
            <p><strong>{conclusion_text(i18n, record.conclusion)}</strong>
                {(!record.note.is_empty()).then(|| view! { " · " <span class="prewrap">{record.note.clone()}</span> })}
            </p>
            <p class="muted">{r.reviewer.unwrap_or_default()} " · " {r.reviewed_at.map(|at| local_time(at, offset)).unwrap_or_default()}</p>
        </section>
    })
}

/// The reviewer's form: the three dimensions, then the conclusion.
#[component]
fn ReviewForm(id: i64, decide: ServerAction<DecideReview>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(decide);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=decide attr:class="form card" attr:data-testid="review-form">
            <h2>{t!(i18n, review.record)}</h2>
            <input type="hidden" name="id" value=id.to_string() />
            {DIMENSIONS.into_iter().map(|field| {
                let note = format!("{field}_note");
                view! {
                    <fieldset data-testid=format!("dimension-{field}")>
                        <legend>{dimension_text(i18n, field)}</legend>
                        <label class="check"><input type="radio" name=field value="pass" checked required />" " {t!(i18n, review.finding.pass)}</label>
                        <label class="check"><input type="radio" name=field value="concern" />" " {t!(i18n, review.finding.concern)}</label>
                        <label for=format!("review-{note}")>{t!(i18n, review.note)}</label>
                        <textarea id=format!("review-{note}") name=note.clone() rows="2" maxlength="1000"></textarea>
                        {match field {
                            "compliance" => view! { <FieldError error=e field="compliance_note" /> }.into_any(),
                            "risk" => view! { <FieldError error=e field="risk_note" /> }.into_any(),
                            _ => view! { <FieldError error=e field="operation_note" /> }.into_any(),
                        }}
                    </fieldset>
                }
            }).collect_view()}
            <fieldset>
                <legend>{t!(i18n, review.conclusion_label)}</legend>
                {Conclusion::ALL.into_iter().map(|c| view! {
                    <label class="check"><input type="radio" name="conclusion" value=c.code() required data-testid=format!("conclusion-{}", c.code()) />" " {conclusion_text(i18n, c)}</label>
                }).collect_view()}
                <FieldError error=e field="conclusion" />
                <label for="review-note">{t!(i18n, review.conclusion_note)}</label>
                <textarea id="review-note" name="note" rows="3" maxlength="2000" data-testid="review-note"></textarea>
                <FieldError error=e field="note" />
            </fieldset>
            <button type="submit" class="primary" data-testid="record-review">{t!(i18n, review.submit)}</button>
        </ActionForm>
    }
}
