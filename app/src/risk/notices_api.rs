//! Warning-notice server functions: compliance publishes a notice on a risk to departments
//! (with those below them) and people; each recipient acknowledges it; the list and the
//! notice page. Not addressed and unable to see the risk: 404.
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::api::ssr::*;

#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 200;

/// Whoever published it, compliance and supervisors, the recipients, and those who can see
/// the risk may read a notice; coverage is for all but a recipient who sees nothing else.
#[cfg(feature = "ssr")]
fn may_read(actor: &crate::domain::workflow::Actor, n: &RiskNotice, recipient: bool) -> bool {
    recipient || rules::can_view_risk(actor, n.department_id, n.owner_id)
}

#[server(prefix = "/api", endpoint = "risks/notices")]
pub async fn list_notices() -> Result<NoticeList, AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let tz = crate::state::app_state()?.timezone;
    let acks = store.acknowledgements_of(actor.id).await?;
    let mine = store
        .risk_notices(Some(actor.id), LIST_LIMIT)
        .await?
        .into_iter()
        .map(|n| {
            let ack = acks.get(&n.id).copied().flatten();
            (n, ack)
        })
        .collect();
    let all = store
        .risk_notices(None, LIST_LIMIT)
        .await?
        .into_iter()
        .filter(|n| rules::can_view_risk(&actor, n.department_id, n.owner_id))
        .collect();
    let sees_all = actor.sees_all();
    Ok(NoticeList {
        mine,
        all,
        sees_all,
        today: today()?,
        utc_offset_secs: utc_offset_secs(&tz, now()),
    })
}

#[server(prefix = "/api", endpoint = "risks/notice")]
pub async fn get_notice(id: i64) -> Result<NoticeDetail, AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let notice = store.risk_notice(id).await?.ok_or(AppError::NotFound)?;
    let recipients = store.notice_recipients(id).await?;
    let mine = recipients
        .iter()
        .find(|r| r.user_id == actor.id)
        .map(|r| r.acknowledged_at);
    if !may_read(&actor, &notice, mine.is_some()) {
        return Err(AppError::NotFound);
    }
    let sees_risk = rules::can_view_risk(&actor, notice.department_id, notice.owner_id);
    let risk = store
        .risk(notice.risk_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = crate::state::app_state()?.timezone;
    let coverage = crate::domain::risk_notice::coverage(
        recipients
            .iter()
            .map(|r| (r.department.as_str(), r.acknowledged_at.is_some())),
    );
    Ok(NoticeDetail {
        notice,
        controls: risk.facts.controls,
        owner_name: risk.owner_name,
        recipient: mine.is_some(),
        acknowledged_at: mine.flatten(),
        recipients: if sees_risk { recipients } else { Vec::new() },
        coverage: if sees_risk { coverage } else { Vec::new() },
        today: today()?,
        utc_offset_secs: utc_offset_secs(&tz, now()),
    })
}

/// The publish form's choices (compliance's view of a risk carries them).
#[cfg(feature = "ssr")]
pub async fn notice_choices(store: &crate::store::Store) -> Result<NoticeChoices, AppError> {
    let departments = super::api::ssr::department_tree(store).await?;
    let people = store
        .list_accounts()
        .await?
        .into_iter()
        .filter(|a| a.active && !a.roles.contains(&Role::Admin))
        .map(|a| (a.id, a.display_name, a.department_name))
        .collect();
    Ok(NoticeChoices {
        departments,
        people,
    })
}

/// Publishes a notice on a risk (compliance). Recipients come as checkboxes `to[d<id>]`
/// (a department, with those below it) and `to[u<id>]` (a person); each active person is
/// told once, by notification, and reminded each working day until they acknowledge or the
/// deadline passes.
#[server(prefix = "/api", endpoint = "risks/publish_notice")]
pub async fn publish_notice(
    risk_id: i64,
    #[server(default)] title: String,
    #[server(default)] body: String,
    #[server(default)] deadline: String,
    #[server(default)] to: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use crate::domain::risk_notice::{check_notice, recipients, Person};
    let actor = manager().await?;
    let store = store()?;
    let risk = visible_risk(&store, &actor, risk_id).await?;
    let chosen = |prefix: char| -> Vec<i64> {
        to.iter()
            .flatten()
            .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse().ok())
            .collect()
    };
    let accounts: Vec<Person> = store
        .list_accounts()
        .await?
        .into_iter()
        .map(|a| Person {
            id: a.id,
            department_id: a.department_id,
            active: a.active,
        })
        .collect();
    let tree = store.list_departments().await?;
    let to = recipients(&chosen('d'), &chosen('u'), &tree, &accounts);
    let today = today()?;
    let deadline = check_notice(&title, &body, deadline.trim().parse().ok(), today, to.len())
        .map_err(|(f, p)| AppError::field(f, p))?;
    let id = store
        .publish_notice(
            &crate::store::risk_notices::NewNotice {
                risk_id,
                title: title.trim(),
                body: body.trim(),
                grade: risk.residual_grade,
                deadline,
                published_on: today,
                recipients: &to,
            },
            actor.id,
            now(),
        )
        .await?;
    store.ring(to.clone()).await;
    tracing::info!(
        actor = actor.id,
        notice = id,
        recipients = to.len(),
        "warning notice published"
    );
    leptos_axum::redirect(&format!("/risks/notices/{id}"));
    Ok(())
}

/// The signed-in recipient acknowledges the notice (已阅读并知悉), once.
#[server(prefix = "/api", endpoint = "risks/acknowledge_notice")]
pub async fn acknowledge_notice(id: i64) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let notice = store.risk_notice(id).await?.ok_or(AppError::NotFound)?;
    let recipient = store
        .notice_recipients(id)
        .await?
        .iter()
        .any(|r| r.user_id == actor.id);
    if !may_read(&actor, &notice, recipient) {
        return Err(AppError::NotFound);
    }
    store.acknowledge_notice(id, actor.id, now()).await?;
    tracing::info!(actor = actor.id, notice = id, "warning notice acknowledged");
    leptos_axum::redirect(&format!("/risks/notices/{id}"));
    Ok(())
}
