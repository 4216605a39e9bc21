//! A policy document's page: the version in force, the reader's acknowledgement, how far it
//! has reached (for those who follow it), its versions and its history; and the form that
//! starts a new document.
use super::api::{get_policy, get_policy_form, AcknowledgePolicy, CreatePolicy, NewPolicyVersion};
use super::draft_fields::DraftFields;
use super::labels::{event_text, state_text};
use super::{Coverage, PolicyDetail, PolicyForm};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use crate::ui::labels::RoleLabel;
use leptos::prelude::*;

#[component]
pub fn PolicyPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <PolicyView /> } /> }
}

#[component]
fn PolicyView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let ack = ServerAction::<AcknowledgePolicy>::new();
    let revise = ServerAction::<NewPolicyVersion>::new();
    let detail = crate::ui::data::page_data(
        move || (id(), ack.version().get()),
        |(id, _)| get_policy(id),
    );
    view! {
        <p><a href="/policies">{t!(i18n, policy.back)}</a></p>
        <ErrorBanner error=error_of(ack) />
        <ErrorBanner error=error_of(revise) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <DetailView d ack revise /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DetailView(
    d: PolicyDetail,
    ack: ServerAction<AcknowledgePolicy>,
    revise: ServerAction<NewPolicyVersion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offset = d.utc_offset_secs;
    let doc = d.document;
    let current = doc.current.clone();
    view! {
        <h1 data-testid="policy-title">{doc.title.clone()}</h1>
        <p class="muted">
            <code>{doc.code.clone()}</code> " · " {doc.department_name.clone()}
            {current.as_ref().map(|v| view! {
                " · " {t!(i18n, policy.version)} " " <strong data-testid="in-force">{v.number()}</strong>
                " · " {t!(i18n, policy.published_at)} " " {v.published_at.map(|t| local_time(t, offset))}
            })}
        </p>
        {match (current.as_ref().map(|v| v.id), d.acknowledged_at, d.to_acknowledge) {
            (Some(_), Some(at), _) => view! {
                <p class="alert ok" data-testid="acknowledged">{t!(i18n, policy.acknowledged_at, at = local_time(at, offset))}</p>
            }.into_any(),
            (Some(version_id), None, true) => view! {
                <ActionForm action=ack attr:class="card" attr:data-testid="acknowledge-form">
                    <p>{t!(i18n, policy.acknowledge_hint)}</p>
                    <input type="hidden" name="version_id" value=version_id.to_string() />
                    <button type="submit" class="primary" data-testid="acknowledge">{t!(i18n, policy.acknowledge)}</button>
                </ActionForm>
            }.into_any(),
            _ => ().into_any(),
        }}
        {doc.post_role.map(|r| view! {
            <p data-testid="letter-note"><span class="badge"><RoleLabel role=r /></span> " " <a href="/policies/letters">{t!(i18n, policy.letters_link)}</a></p>
        })}
        {match d.current_html {
            Some(html) => view! { <article class="card policy-text" data-testid="policy-text" inner_html=html></article> }.into_any(),
            None => view! { <p class="muted">{t!(i18n, policy.not_yet)}</p> }.into_any(),
        }}
        {d.coverage.map(|c| view! { <CoverageCard c /> })}
        <section class="card">
            <h2>{t!(i18n, policy.versions)}</h2>
            <ul data-testid="versions">
                {d.versions.into_iter().map(|v| view! {
                    <li data-state=v.state.code()>
                        <a href=format!("/policies/versions/{}", v.id)>{v.number()}</a>
                        " · " {state_text(i18n, v.state)} " · " <span class="muted">{v.summary.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
            {(d.may_author && doc.pending.is_none()).then(|| view! {
                <ActionForm action=revise attr:data-testid="new-version-form">
                    <input type="hidden" name="document_id" value=doc.id.to_string() />
                    <fieldset>
                        <legend>{t!(i18n, policy.revise)}</legend>
                        <label class="check"><input type="radio" name="change" value="minor" checked /><span>{t!(i18n, policy.minor)}</span></label>
                        <label class="check"><input type="radio" name="change" value="major" /><span>{t!(i18n, policy.major)}</span></label>
                    </fieldset>
                    <button type="submit" data-testid="new-version">{t!(i18n, policy.start_revision)}</button>
                </ActionForm>
            })}
        </section>
        {(!d.timeline.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t!(i18n, policy.history)}</h2>
                <ol class="timeline" data-testid="policy-timeline">
                    {d.timeline.into_iter().map(|r| view! {
                        <li>
                            <time>{local_time(r.at, offset)}</time> " "
                            {r.actor.clone()} " · "
                            {r.event.as_ref().map(|e| event_text(i18n, e))}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

/// Acknowledged of all in the audience, by department, and who is missing.
#[component]
fn CoverageCard(c: Coverage) -> impl IntoView {
    let i18n = use_i18n();
    let missing: Vec<String> = c
        .missing
        .iter()
        .map(|(name, dept)| format!("{name}（{dept}）"))
        .collect();
    view! {
        <section class="card" data-testid="coverage">
            <h2>{t!(i18n, policy.coverage)}</h2>
            <p data-testid="coverage-total">{t!(i18n, policy.acknowledged_of, done = c.acknowledged, total = c.total)}</p>
            <table class="list">
                <thead><tr>
                    <th>{t!(i18n, notice.department)}</th>
                    <th>{t!(i18n, policy.coverage)}</th>
                </tr></thead>
                <tbody>
                    {c.by_department.into_iter().map(|r| view! {
                        <tr>
                            <td data-label=t_string!(i18n, notice.department)>{r.department}</td>
                            <td data-label=t_string!(i18n, policy.coverage)>{r.acknowledged} " / " {r.total}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {if missing.is_empty() {
                view! { <p class="muted">{t!(i18n, policy.everyone)}</p> }.into_any()
            } else {
                view! { <p data-testid="missing">{t!(i18n, policy.missing)} ": " {missing.join("、")}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn PolicyNewPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <PolicyNewView /> } /> }
}

#[component]
fn PolicyNewView() -> impl IntoView {
    let i18n = use_i18n();
    let form = crate::ui::data::page_data(|| (), |_| get_policy_form());
    let create = ServerAction::<CreatePolicy>::new();
    view! {
        <p><a href="/policies">{t!(i18n, policy.back)}</a></p>
        <h1>{t!(i18n, policy.new_policy)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! { <NewForm form create /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NewForm(form: PolicyForm, create: ServerAction<CreatePolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(create);
    let own = form.own_department;
    let departments = form.departments.clone();
    view! {
        <ErrorBanner error=e />
        <ActionForm action=create attr:class="card form" attr:data-testid="policy-form">
            <label for="policy-title">{t!(i18n, policy.title_field)}</label>
            <input id="policy-title" name="title" maxlength="100" required data-testid="policy-title-input" />
            <FieldError error=e field="title" />
            <label for="policy-department">{t!(i18n, policy.department)}</label>
            <select id="policy-department" name="department_id" required>
                {departments.into_iter().map(|(id, name, depth)| view! {
                    <option value=id.to_string() selected=id == own>{"\u{3000}".repeat(depth)}{name}</option>
                }).collect_view()}
            </select>
            <p class="muted">{t!(i18n, policy.department_hint)}</p>
            <FieldError error=e field="department_id" />
            <label for="policy-post">{t!(i18n, letter.post)}</label>
            <select id="policy-post" name="post_role" data-testid="policy-post">
                <option value="">{t!(i18n, letter.post_none)}</option>
                {form.roles.iter().map(|r| view! { <option value=r.code()><RoleLabel role=*r /></option> }).collect_view()}
            </select>
            <p class="muted">{t!(i18n, letter.post_hint)}</p>
            <FieldError error=e field="post_role" />
            <DraftFields form version=None error=e />
            <button type="submit" class="primary" data-testid="create-policy">{t!(i18n, policy.save_draft)}</button>
        </ActionForm>
    }
}
