//! A version's page: its state and approvals by round and stage, the text and its diff
//! against the version in force before it; and what the signed-in user may do with it now —
//! the author edits and submits a draft or publishes an approved one, an approver decides.
use super::api::{get_policy_version, DecidePolicy, PublishPolicy, SavePolicy};
use super::draft_fields::DraftFields;
use super::labels::{decision_text, stage_text, state_text};
use super::{Approval, VersionDetail};
use crate::domain::policy::{DiffLine, Stage, VersionState};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn PolicyVersionPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <VersionView /> } /> }
}

#[component]
fn VersionView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let save = ServerAction::<SavePolicy>::new();
    let decide = ServerAction::<DecidePolicy>::new();
    let publish = ServerAction::<PublishPolicy>::new();
    let detail = crate::ui::data::page_data(
        move || {
            (
                id(),
                save.version().get(),
                decide.version().get(),
                publish.version().get(),
            )
        },
        |(id, ..)| get_policy_version(id),
    );
    view! {
        <ErrorBanner error=error_of(publish) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail d save decide publish /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(
    d: VersionDetail,
    save: ServerAction<SavePolicy>,
    decide: ServerAction<DecidePolicy>,
    publish: ServerAction<PublishPolicy>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offset = d.utc_offset_secs;
    let v = d.version.clone();
    let state = v.brief.state;
    let doc = d.document;
    let sent_back: Vec<Approval> = d
        .approvals
        .iter()
        .filter(|a| v.sent_back && a.round == v.round && a.decision.is_some())
        .cloned()
        .collect();
    let form = d.form.clone();
    let editing = form.is_some();
    view! {
        <p><a href=format!("/policies/{}", doc.id)>{t!(i18n, policy.back_to_document)}</a></p>
        <h1>{doc.title.clone()} " " <span data-testid="version-number">{v.brief.number()}</span></h1>
        <p class="muted">
            <span class="badge" data-testid="version-state" data-state=state.code()>{state_text(i18n, state)}</span>
            " · " {t!(i18n, policy.drafted_by)} " " {v.created_by_name.clone()} " · " {local_time(v.brief.created_at, offset)}
        </p>
        {(!v.brief.summary.is_empty()).then(|| view! { <p><strong>{t!(i18n, policy.summary)}</strong> ": " {v.brief.summary.clone()}</p> })}
        {(!sent_back.is_empty()).then(|| view! {
            <div class="alert error" data-testid="sent-back">
                <p>{t!(i18n, policy.was_sent_back)}</p>
                <ul>{sent_back.into_iter().map(|a| view! {
                    <li>{a.name} " · " {decision_text(i18n, a.decision.unwrap_or(crate::domain::policy::Decision::Approve))} {(!a.comment.is_empty()).then(|| view! { ": " <q>{a.comment.clone()}</q> })}</li>
                }).collect_view()}</ul>
            </div>
        })}
        {d.my_stage.map(|stage| view! { <DecideForm version_id=v.brief.id stage decide /> })}
        {(d.may_author && state == VersionState::Approved).then(|| view! {
            <ActionForm action=publish attr:class="card" attr:data-testid="publish-form">
                <p>{t!(i18n, policy.publish_hint)}</p>
                <input type="hidden" name="version_id" value=v.brief.id.to_string() />
                <button type="submit" class="primary" data-testid="publish">{t!(i18n, policy.publish)}</button>
            </ActionForm>
        })}
        {form.map(|form| {
            let e = error_of(save);
            view! {
                <ErrorBanner error=e />
                <ActionForm action=save attr:class="card form" attr:data-testid="draft-form">
                    <input type="hidden" name="version_id" value=v.brief.id.to_string() />
                    <DraftFields form version=Some(v.clone()) error=e />
                    {move || (e.get().as_ref().and_then(|e| e.field_name()) == Some("approvers")).then(|| view! {
                        <p class="field-error" role="alert" data-field="approvers">{t!(i18n, policy.no_approvers)}</p>
                    })}
                    <div class="actions">
                        <button type="submit" data-testid="save-draft">{t!(i18n, policy.save_draft)}</button>
                        " "
                        <button type="submit" class="primary" name="submit" value="1" data-testid="submit-draft">{t!(i18n, policy.submit)}</button>
                    </div>
                </ActionForm>
            }
        })}
        {(!d.approvals.is_empty()).then(|| view! { <ApprovalTable approvals=d.approvals.clone() offset /> })}
        {(!editing).then(|| view! {
            <article class="card policy-text" data-testid="version-text" inner_html=d.html.clone()></article>
        })}
        {d.diff.map(|(against, lines)| view! { <DiffView against lines /> })}
    }
}

#[component]
fn DecideForm(version_id: i64, stage: Stage, decide: ServerAction<DecidePolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(decide);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=decide attr:class="card form" attr:data-testid="decide-form">
            <h2>{t!(i18n, policy.your_decision)} " · " {stage_text(i18n, stage)}</h2>
            <input type="hidden" name="version_id" value=version_id.to_string() />
            <fieldset>
                <label class="check"><input type="radio" name="decision" value="approve" checked data-testid="decision-approve" /><span>{t!(i18n, policy.decision.approve)}</span></label>
                <label class="check"><input type="radio" name="decision" value="send_back" data-testid="decision-send-back" /><span>{t!(i18n, policy.decision.send_back)}</span></label>
            </fieldset>
            <FieldError error=e field="decision" />
            <label for="decide-comment">{t!(i18n, policy.comment)}</label>
            <textarea id="decide-comment" name="comment" rows="3" maxlength="500" placeholder=t_string!(i18n, policy.comment_hint)></textarea>
            <FieldError error=e field="comment" />
            <button type="submit" class="primary" data-testid="decide">{t!(i18n, policy.record_decision)}</button>
        </ActionForm>
    }
}

#[component]
fn ApprovalTable(approvals: Vec<Approval>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, policy.approvals)}</h2>
            <table class="list approvals" data-testid="approvals">
                <thead><tr>
                    <th>{t!(i18n, policy.round)}</th>
                    <th>{t!(i18n, policy.stage_label)}</th>
                    <th>{t!(i18n, policy.approver)}</th>
                    <th>{t!(i18n, policy.decision_label)}</th>
                    <th>{t!(i18n, policy.comment)}</th>
                </tr></thead>
                <tbody>
                    {approvals.into_iter().map(|a| view! {
                        <tr data-decision=a.decision.map(|d| d.code()).unwrap_or("waiting")>
                            <td data-label=t_string!(i18n, policy.round)>{a.round}</td>
                            <td data-label=t_string!(i18n, policy.stage_label)>{stage_text(i18n, a.stage)}</td>
                            <td data-label=t_string!(i18n, policy.approver)>{a.name.clone()}</td>
                            <td data-label=t_string!(i18n, policy.decision_label)>{match (a.decision, a.decided_at) {
                                (Some(d), Some(at)) => format!("{} · {}", decision_text(i18n, d), local_time(at, offset)),
                                _ => t_string!(i18n, policy.waiting).to_owned(),
                            }}</td>
                            <td data-label=t_string!(i18n, policy.comment)>{a.comment.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn DiffView(against: String, lines: Vec<DiffLine>) -> impl IntoView {
    let i18n = use_i18n();
    let changed = lines.iter().any(|l| l.tag != ' ');
    view! {
        <details class="card" open=changed data-testid="diff">
            <summary>{t!(i18n, policy.diff_against, version = against)}</summary>
            <pre class="diff">
                {lines.into_iter().map(|l| {
                    let (class, mark) = match l.tag {
                        '+' => ("add", "+ "),
                        '-' => ("del", "- "),
                        _ => ("same", "  "),
                    };
                    view! { <span class=class>{mark}{l.text}</span> }
                }).collect_view()}
            </pre>
        </details>
    }
}
