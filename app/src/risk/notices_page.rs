//! 预警通知: the notices sent to the viewer and (for those who see the risks) all of them; one
//! notice with its text, the risk's controls, the acknowledgement and who has and has not
//! acknowledged; and compliance's publish form on the risk page.
use super::labels::GradeChip;
use super::notices_api::{get_notice, list_notices, AcknowledgeNotice, PublishNotice};
use super::{NoticeChoices, NoticeDetail, NoticeList, RiskNotice};
use crate::i18n::*;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn NoticesPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <NoticesView /> } /> }
}

#[component]
fn NoticesView() -> impl IntoView {
    let i18n = use_i18n();
    let list = crate::ui::data::page_data(|| (), |_| list_notices());
    view! {
        <h1>{t!(i18n, notice.title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <NoticeListView l /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NoticeListView(l: NoticeList) -> impl IntoView {
    let i18n = use_i18n();
    let offset = l.utc_offset_secs;
    let today = l.today;
    view! {
        <section class="card">
            <h2>{t!(i18n, notice.mine)}</h2>
            {if l.mine.is_empty() {
                view! { <p class="muted">{t!(i18n, notice.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plans" data-testid="my-notices">
                        {l.mine.into_iter().map(|(n, ack)| view! {
                            <li data-testid="my-notice" data-acknowledged=ack.is_some().to_string()>
                                <a href=format!("/risks/notices/{}", n.id)>{n.title.clone()}</a>
                                " · " <code>{n.risk_code.clone()}</code>
                                " · " {t!(i18n, notice.deadline)} " " {n.deadline.to_string()}
                                " · "
                                {match ack {
                                    Some(at) => view! { <span class="badge ok">{t!(i18n, notice.acknowledged_at, at = local_time(at, offset))}</span> }.into_any(),
                                    None if n.deadline < today => view! { <span class="badge">{t!(i18n, notice.expired)}</span> }.into_any(),
                                    None => view! { <span class="badge warn">{t!(i18n, notice.acknowledge)}</span> }.into_any(),
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!l.all.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t!(i18n, notice.all)}</h2>
                <NoticeTable items=l.all />
            </section>
        })}
    }
}

#[component]
fn NoticeTable(items: Vec<RiskNotice>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="list" data-testid="notices">
            <thead>
                <tr>
                    <th>{t!(i18n, notice.title_field)}</th>
                    <th>{t!(i18n, risk.code)}</th>
                    <th>{t!(i18n, notice.deadline)}</th>
                    <th>{t!(i18n, notice.coverage)}</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|n| view! {
                    <tr data-testid="notice-row">
                        <td data-label=t_string!(i18n, notice.title_field)><a href=format!("/risks/notices/{}", n.id)>{n.title.clone()}</a></td>
                        <td data-label=t_string!(i18n, risk.code)><code>{n.risk_code.clone()}</code> " " {n.risk_title.clone()}</td>
                        <td data-label=t_string!(i18n, notice.deadline)>{n.deadline.to_string()}</td>
                        <td data-label=t_string!(i18n, notice.coverage)>{t!(i18n, notice.acknowledged_of, done = n.acknowledged, total = n.recipients)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn NoticePage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <NoticeView /> } /> }
}

#[component]
fn NoticeView() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let ack = ServerAction::<AcknowledgeNotice>::new();
    let detail = crate::ui::data::page_data(
        move || (id(), ack.version().get()),
        |(id, _)| get_notice(id),
    );
    view! {
        <p><a href="/risks/notices">{t!(i18n, notice.back)}</a></p>
        <ErrorBanner error=error_of(ack) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <NoticeDetailView d ack /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NoticeDetailView(d: NoticeDetail, ack: ServerAction<AcknowledgeNotice>) -> impl IntoView {
    let i18n = use_i18n();
    let n = d.notice;
    let offset = d.utc_offset_secs;
    let missing: Vec<String> = d
        .recipients
        .iter()
        .filter(|r| r.acknowledged_at.is_none())
        .map(|r| format!("{}（{}）", r.name, r.department))
        .collect();
    view! {
        <h1 data-testid="notice-title">{n.title.clone()}</h1>
        <section class="card">
            <p>
                {t!(i18n, warning.on_risk)} ": "
                <a href=format!("/risks/{}", n.risk_id)><code>{n.risk_code.clone()}</code> " " {n.risk_title.clone()}</a>
                " " <GradeChip grade=n.grade />
            </p>
            <p class="muted">
                {t!(i18n, notice.published_by)} ": " {n.published_by.clone()} " · " {local_time(n.published_at, offset)}
                " · " {t!(i18n, notice.deadline)} " " <strong>{n.deadline.to_string()}</strong>
                {(n.deadline < d.today).then(|| view! { " " <span class="badge">{t!(i18n, notice.expired)}</span> })}
            </p>
            <h2>{t!(i18n, notice.body)}</h2>
            <p class="prewrap" data-testid="notice-body">{n.body.clone()}</p>
            <h2>{t!(i18n, notice.controls)}</h2>
            <ol class="controls">
                {d.controls.into_iter().map(|c| view! { <li>{c.what} " · " {c.who} " · " {c.how_often}</li> }).collect_view()}
            </ol>
            <p>{t!(i18n, notice.owner)} ": " {d.owner_name.clone()}</p>
            {match (d.recipient, d.acknowledged_at) {
                (_, Some(at)) => view! {
                    <p class="alert ok" data-testid="acknowledged">{t!(i18n, notice.acknowledged_at, at = local_time(at, offset))}</p>
                }.into_any(),
                (true, None) => view! {
                    <ActionForm action=ack>
                        <input type="hidden" name="id" value=n.id.to_string() />
                        <button type="submit" class="primary" data-testid="acknowledge">{t!(i18n, notice.acknowledge)}</button>
                    </ActionForm>
                }.into_any(),
                (false, None) => ().into_any(),
            }}
        </section>
        {(!d.recipients.is_empty()).then(|| view! {
            <section class="card" data-testid="coverage">
                <h2>{t!(i18n, notice.coverage)}</h2>
                <p data-testid="coverage-total">{t!(i18n, notice.acknowledged_of, done = n.acknowledged, total = n.recipients)}</p>
                <table class="list">
                    <thead><tr>
                        <th>{t!(i18n, notice.department)}</th>
                        <th>{t!(i18n, notice.coverage)}</th>
                    </tr></thead>
                    <tbody>
                        {d.coverage.into_iter().map(|r| view! {
                            <tr>
                                <td data-label=t_string!(i18n, notice.department)>{r.department}</td>
                                <td data-label=t_string!(i18n, notice.coverage)>{r.acknowledged} " / " {r.total}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {if missing.is_empty() {
                    view! { <p class="muted">{t!(i18n, notice.everyone)}</p> }.into_any()
                } else {
                    view! { <p data-testid="missing">{t!(i18n, notice.missing)} ": " {missing.join("、")}</p> }.into_any()
                }}
            </section>
        })}
    }
}

/// Compliance's form on a risk's page: the notice's text, deadline and recipients.
#[component]
pub fn PublishNoticeForm(
    risk_id: i64,
    choices: NoticeChoices,
    publish: ServerAction<PublishNotice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(publish);
    view! {
        <details class="card publish-notice" data-testid="publish-notice">
            <summary>{t!(i18n, notice.publish)}</summary>
            <ErrorBanner error=e />
            <ActionForm action=publish>
                <input type="hidden" name="risk_id" value=risk_id.to_string() />
                <label for="notice-title">{t!(i18n, notice.title_field)}</label>
                <input id="notice-title" name="title" maxlength="100" required />
                <FieldError error=e field="title" />
                <label for="notice-body">{t!(i18n, notice.body)}</label>
                <textarea id="notice-body" name="body" rows="4" maxlength="2000" placeholder=t_string!(i18n, notice.body_hint)></textarea>
                <FieldError error=e field="body" />
                <label for="notice-deadline">{t!(i18n, notice.deadline)}</label>
                <input id="notice-deadline" name="deadline" type="date" required />
                <FieldError error=e field="deadline" />
                <fieldset data-testid="notice-departments">
                    <legend>{t!(i18n, notice.departments)}</legend>
                    <div class="checks">
                        {choices.departments.into_iter().map(|(id, name, depth)| view! {
                            <label class="check"><input type="checkbox" name=format!("to[d{id}]") value="1" />{"\u{3000}".repeat(depth)}{name}</label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset data-testid="notice-people">
                    <legend>{t!(i18n, notice.people)}</legend>
                    <div class="checks">
                        {choices.people.into_iter().map(|(id, name, department)| view! {
                            <label class="check"><input type="checkbox" name=format!("to[u{id}]") value="1" />{name} <span class="muted">{department}</span></label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <FieldError error=e field="recipients" />
                <button type="submit" class="primary" data-testid="send-notice">{t!(i18n, notice.send)}</button>
            </ActionForm>
        </details>
    }
}
