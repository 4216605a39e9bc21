//! Policy server functions. Everyone signed in reads the versions in force and
//! acknowledges those addressed to them; compliance and administrators write, submit and
//! publish; each stage's approvers decide. A version under revision is shown to its
//! authors, the supervisors and its approvers; to anyone else it does not exist (404).
//! Each form sends the browser on to the page it changed, so the forms work before hydration.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    pub use crate::domain::account::FieldProblem;
    use crate::domain::policy::Audience;
    pub use crate::domain::policy::{self as rules, can_author};
    use crate::domain::roles::Role;
    use crate::domain::workflow::Actor;
    use crate::error::AppError;
    pub use crate::risk::api::ssr::{actor, department_tree, now, store, today, utc_offset_secs};
    pub use crate::store::policies::Done;
    use std::collections::BTreeMap;

    pub fn offset() -> Result<i32, AppError> {
        let tz = crate::state::app_state()?.timezone;
        Ok(utc_offset_secs(&tz, now()))
    }

    /// Authors only (403 for anyone else).
    pub async fn author() -> Result<Actor, AppError> {
        let (actor, _) = actor().await?;
        if can_author(&actor) {
            Ok(actor)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Who follows revisions before they are published: the authors and the supervisors.
    pub fn follows_revisions(actor: &Actor) -> bool {
        can_author(actor) || actor.roles.contains(&Role::Supervisor)
    }

    /// A version under revision is visible to those who follow revisions and to the people
    /// asked to decide it; a published or superseded one to everyone signed in.
    pub async fn may_see(
        store: &crate::store::Store,
        actor: &Actor,
        v: &crate::policies::PolicyVersion,
    ) -> Result<bool, AppError> {
        if !v.brief.state.in_progress() || follows_revisions(actor) {
            return Ok(true);
        }
        Ok(store
            .policy_approvals(v.brief.id)
            .await?
            .iter()
            .any(|a| a.user_id == actor.id))
    }

    /// A version and its document, if the actor may see the version (404 otherwise).
    pub async fn visible_version(
        store: &crate::store::Store,
        actor: &Actor,
        id: i64,
    ) -> Result<
        (
            crate::policies::PolicyVersion,
            crate::policies::PolicyDocument,
        ),
        AppError,
    > {
        let version = store.policy_version(id).await?.ok_or(AppError::NotFound)?;
        if !may_see(store, actor, &version).await? {
            return Err(AppError::NotFound);
        }
        let document = store
            .policy_document(version.document_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((version, document))
    }

    /// A number field: empty gives `default`.
    pub fn number(field: &str, value: &str, default: i64) -> Result<i64, AppError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(default);
        }
        value
            .parse()
            .map_err(|_| AppError::field(field, FieldProblem::BadNumber))
    }

    /// The audience from checkboxes `roles[<code>]` and `departments[<id>]`.
    pub fn audience(
        roles: Option<BTreeMap<String, String>>,
        departments: Option<BTreeMap<String, String>>,
    ) -> Audience {
        Audience {
            roles: roles
                .iter()
                .flatten()
                .filter_map(|(k, _)| k.parse().ok())
                .collect(),
            departments: departments
                .iter()
                .flatten()
                .filter_map(|(k, _)| k.parse().ok())
                .collect(),
        }
    }

    /// A commitment letter is for the people of its post, whatever the form says.
    pub fn letter_audience(post: Option<Role>, chosen: Audience) -> Audience {
        match post {
            Some(role) => Audience {
                roles: vec![role],
                departments: Vec::new(),
            },
            None => chosen,
        }
    }

    /// The draft's fields checked, as the store takes them.
    pub struct Checked {
        pub body: String,
        pub summary: String,
        pub audience: Audience,
        pub quorums: (i64, i64),
        pub remind_days: i64,
    }

    impl Checked {
        pub fn draft(&self) -> crate::store::policies::Draft<'_> {
            crate::store::policies::Draft {
                body: &self.body,
                summary: &self.summary,
                audience: &self.audience,
                department_quorum: self.quorums.0,
                leadership_quorum: self.quorums.1,
                remind_days: self.remind_days,
            }
        }
    }

    pub fn check(
        title: &str,
        body: String,
        summary: String,
        audience: Audience,
        (department_quorum, leadership_quorum, remind_days): (&str, &str, &str),
    ) -> Result<Checked, AppError> {
        let quorums = (
            number("department_quorum", department_quorum, 0)?,
            number("leadership_quorum", leadership_quorum, 0)?,
        );
        let remind_days = number("remind_days", remind_days, 3)?;
        rules::check_draft(title, &body, &summary, quorums, remind_days)
            .map_err(|(f, p)| AppError::field(f, p))?;
        Ok(Checked {
            body: body.trim().to_owned(),
            summary: summary.trim().to_owned(),
            audience,
            quorums,
            remind_days,
        })
    }
}

#[cfg(feature = "ssr")]
use ssr::*;

#[server(prefix = "/api", endpoint = "policies")]
pub async fn list_policies() -> Result<PolicyList, AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let follows = follows_revisions(&actor);
    let documents = store
        .policy_documents()
        .await?
        .into_iter()
        .filter(|d| d.current.is_some() || follows)
        .collect();
    Ok(PolicyList {
        documents,
        todo: super::service::todo(&store, actor.id).await?,
        may_author: can_author(&actor),
        utc_offset_secs: offset()?,
    })
}

/// What waits for the signed-in user (my work's card).
#[server(prefix = "/api", endpoint = "policies/todo")]
pub async fn policy_todo() -> Result<PolicyTodoList, AppError> {
    let (actor, _) = actor().await?;
    super::service::todo(&store()?, actor.id).await
}

#[server(prefix = "/api", endpoint = "policies/document")]
pub async fn get_policy(id: i64) -> Result<PolicyDetail, AppError> {
    use crate::domain::roles::Role;
    let (actor, _) = actor().await?;
    let store = store()?;
    let document = store.policy_document(id).await?.ok_or(AppError::NotFound)?;
    let follows = follows_revisions(&actor);
    if document.current.is_none() && !follows {
        return Err(AppError::NotFound);
    }
    let current = match &document.current {
        Some(b) => store.policy_version(b.id).await?,
        None => None,
    };
    let people = super::service::People::load(&store).await?;
    let (mut to_acknowledge, mut acknowledged_at, mut coverage) = (false, None, None);
    let letter = document.post_role.is_some();
    if let Some(v) = &current {
        let done = store
            .done_for(Done::of_letter(letter), v.document_id, v.brief.major)
            .await?;
        acknowledged_at = done.iter().find(|a| a.0 == actor.id).map(|a| a.1);
        // A letter is signed on the letters page, not acknowledged here.
        to_acknowledge = !letter
            && acknowledged_at.is_none()
            && people.audience(&v.audience).contains(&actor.id);
        if follows || actor.roles.contains(&Role::DeptLead) || actor.sees_all() {
            coverage = Some(super::service::coverage(&store, &people, v, letter).await?);
        }
    }
    Ok(PolicyDetail {
        current_html: current
            .as_ref()
            .map(|v| crate::domain::policy::render_markdown(&v.body)),
        versions: store
            .policy_versions(id)
            .await?
            .into_iter()
            .filter(|b| follows || !b.state.in_progress())
            .collect(),
        document,
        to_acknowledge,
        acknowledged_at,
        coverage,
        may_author: can_author(&actor),
        timeline: if follows {
            store.policy_timeline(id).await?
        } else {
            Vec::new()
        },
        utc_offset_secs: offset()?,
    })
}

#[server(prefix = "/api", endpoint = "policies/version")]
pub async fn get_policy_version(id: i64) -> Result<VersionDetail, AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let (version, document) = visible_version(&store, &actor, id).await?;
    let diff = store.previous_published(&version).await?.map(|p| {
        (
            p.brief.number(),
            crate::domain::policy::line_diff(&p.body, &version.body),
        )
    });
    let approvals = store.policy_approvals(id).await?;
    let my_stage = version.brief.state.stage().filter(|stage| {
        approvals.iter().any(|a| {
            a.round == version.round
                && a.stage == *stage
                && a.user_id == actor.id
                && a.decision.is_none()
        })
    });
    Ok(VersionDetail {
        html: crate::domain::policy::render_markdown(&version.body),
        diff,
        approvals,
        my_stage,
        may_author: can_author(&actor),
        form: if can_author(&actor)
            && version.brief.state == crate::domain::policy::VersionState::Draft
        {
            Some(form_for(&store, actor.departments.first().copied().unwrap_or(0)).await?)
        } else {
            None
        },
        document,
        version,
        utc_offset_secs: offset()?,
    })
}

#[cfg(feature = "ssr")]
pub(crate) async fn form_for(
    store: &crate::store::Store,
    own: i64,
) -> Result<PolicyForm, AppError> {
    Ok(PolicyForm {
        departments: department_tree(store).await?,
        roles: crate::domain::roles::Role::ALL.to_vec(),
        own_department: own,
    })
}

/// The new-document form's choices (authors).
#[server(prefix = "/api", endpoint = "policies/form")]
pub async fn get_policy_form() -> Result<PolicyForm, AppError> {
    author().await?;
    let account = crate::auth::server::require_account().await?;
    form_for(&store()?, account.department_id).await
}

/// A new document and its draft 1.0 (authors).
#[server(prefix = "/api", endpoint = "policies/create")]
pub async fn create_policy(
    #[server(default)] title: String,
    #[server(default)] department_id: Option<i64>,
    #[server(default)] post_role: String,
    #[server(default)] body: String,
    #[server(default)] summary: String,
    #[server(default)] roles: Option<BTreeMap<String, String>>,
    #[server(default)] departments: Option<BTreeMap<String, String>>,
    #[server(default)] department_quorum: String,
    #[server(default)] leadership_quorum: String,
    #[server(default)] remind_days: String,
) -> Result<(), AppError> {
    let actor = author().await?;
    let store = store()?;
    let department_id =
        department_id.ok_or_else(|| AppError::field("department_id", FieldProblem::Required))?;
    if !store
        .list_departments()
        .await?
        .iter()
        .any(|d| d.id == department_id)
    {
        return Err(AppError::field(
            "department_id",
            FieldProblem::UnknownChoice,
        ));
    }
    let post = match post_role.trim() {
        "" => None,
        code => Some(
            code.parse::<crate::domain::roles::Role>()
                .map_err(|_| AppError::field("post_role", FieldProblem::UnknownChoice))?,
        ),
    };
    let c = check(
        &title,
        body,
        summary,
        letter_audience(post, audience(roles, departments)),
        (&department_quorum, &leadership_quorum, &remind_days),
    )?;
    let (document, version) = store
        .create_policy(
            title.trim(),
            department_id,
            post,
            &c.draft(),
            actor.id,
            now(),
        )
        .await?;
    tracing::info!(actor = actor.id, document, version, "policy drafted");
    leptos_axum::redirect(&format!("/policies/versions/{version}"));
    Ok(())
}

/// A new version of a document, from the text of its newest (authors): `change` is
/// "major" (asks everyone to acknowledge again once published) or "minor".
#[server(prefix = "/api", endpoint = "policies/new_version")]
pub async fn new_policy_version(
    document_id: i64,
    #[server(default)] change: String,
) -> Result<(), AppError> {
    let actor = author().await?;
    let major = match change.as_str() {
        "major" => true,
        "minor" => false,
        _ => return Err(AppError::field("change", FieldProblem::UnknownChoice)),
    };
    let version = store()?
        .draft_policy_version(document_id, major, actor.id, now())
        .await?;
    tracing::info!(
        actor = actor.id,
        document_id,
        version,
        "policy version drafted"
    );
    leptos_axum::redirect(&format!("/policies/versions/{version}"));
    Ok(())
}

/// Saves a draft (authors); with `submit`, sends it on to department review.
#[server(prefix = "/api", endpoint = "policies/save")]
pub async fn save_policy(
    version_id: i64,
    #[server(default)] body: String,
    #[server(default)] summary: String,
    #[server(default)] roles: Option<BTreeMap<String, String>>,
    #[server(default)] departments: Option<BTreeMap<String, String>>,
    #[server(default)] department_quorum: String,
    #[server(default)] leadership_quorum: String,
    #[server(default)] remind_days: String,
    #[server(default)] submit: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::policy::Stage;
    let actor = author().await?;
    let store = store()?;
    let (_, document) = visible_version(&store, &actor, version_id).await?;
    let c = check(
        &document.title,
        body,
        summary,
        letter_audience(document.post_role, audience(roles, departments)),
        (&department_quorum, &leadership_quorum, &remind_days),
    )?;
    store
        .save_policy_draft(version_id, &c.draft(), actor.id, now())
        .await?;
    if submit.is_some() {
        let approvers =
            super::service::approvers(&store, Stage::Department, document.department_id).await?;
        store
            .submit_policy(version_id, &approvers, actor.id, now())
            .await?;
        store.ring(approvers).await;
        tracing::info!(actor = actor.id, version_id, "policy submitted for review");
    }
    leptos_axum::redirect(&format!("/policies/versions/{version_id}"));
    Ok(())
}

/// An approver's decision at the version's current stage, with a comment (required to send
/// it back).
#[server(prefix = "/api", endpoint = "policies/decide")]
pub async fn decide_policy(
    version_id: i64,
    #[server(default)] decision: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::domain::policy::{Decision, Stage};
    use crate::store::policies::Decided;
    let (actor, _) = actor().await?;
    let store = store()?;
    let decision = Decision::parse(&decision)
        .ok_or_else(|| AppError::field("decision", FieldProblem::UnknownChoice))?;
    let comment = comment.trim();
    if comment.chars().count() > 500 {
        return Err(AppError::field("comment", FieldProblem::TooLong));
    }
    if decision == Decision::SendBack && comment.chars().count() < 2 {
        return Err(AppError::field("comment", FieldProblem::Required));
    }
    let (_, document) = visible_version(&store, &actor, version_id).await?;
    let leadership =
        super::service::approvers(&store, Stage::Leadership, document.department_id).await?;
    let outcome = store
        .decide_policy(version_id, actor.id, decision, comment, &leadership, now())
        .await?;
    tracing::info!(
        actor = actor.id,
        version_id,
        decision = decision.code(),
        "policy decided"
    );
    match outcome {
        Decided::Waiting => {}
        Decided::NextStage(users) => store.ring(users).await,
        Decided::Approved(author) | Decided::SentBack(author) => store.ring(vec![author]).await,
    }
    leptos_axum::redirect(&format!("/policies/versions/{version_id}"));
    Ok(())
}

/// Publishes an approved version (authors): it comes into force and its audience is told.
#[server(prefix = "/api", endpoint = "policies/publish")]
pub async fn publish_policy(version_id: i64) -> Result<(), AppError> {
    use crate::reviews::gate::{settle, Via};
    let actor = author().await?;
    let store = store()?;
    let version = store
        .policy_version(version_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = store.begin_write().await?;
    let when = (now(), today()?);
    let outcome =
        super::service::publish_in(&store, &mut tx, version_id, actor.id, when, Via::Action).await;
    let audience = settle(tx, outcome).await?;
    store.ring(audience.clone()).await;
    tracing::info!(
        actor = actor.id,
        version_id,
        audience = audience.len(),
        "policy published"
    );
    leptos_axum::redirect(&format!("/policies/{}", version.document_id));
    Ok(())
}

/// The signed-in user confirms having read the version in force (已阅读并理解); only
/// someone in its audience may (403 otherwise), once per major version (409 again).
#[server(prefix = "/api", endpoint = "policies/acknowledge")]
pub async fn acknowledge_policy(version_id: i64) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let (version, document) = visible_version(&store, &actor, version_id).await?;
    let people = super::service::People::load(&store).await?;
    if !people.audience(&version.audience).contains(&actor.id) {
        return Err(AppError::Forbidden);
    }
    if document.post_role.is_some() {
        // A letter is signed on the letters page, not acknowledged.
        return Err(AppError::Conflict);
    }
    store
        .acknowledge_policy(version_id, actor.id, now())
        .await?;
    tracing::info!(actor = actor.id, version_id, "policy acknowledged");
    leptos_axum::redirect(&format!("/policies/{}", version.document_id));
    Ok(())
}

/// The commitment letters page: the signed-in user's letters (one per post they hold, in
/// force), and for those who keep or follow the rules who has signed each.
#[server(prefix = "/api", endpoint = "policies/letters")]
pub async fn get_letters() -> Result<LetterList, AppError> {
    let account = crate::auth::server::require_account().await?;
    let (actor, _) = actor().await?;
    let store = store()?;
    let people = super::service::People::load(&store).await?;
    let signed: BTreeMap<(i64, i64), ()> = store
        .done_by(Done::Signed, actor.id)
        .await?
        .into_iter()
        .map(|k| (k, ()))
        .collect();
    let mut mine = Vec::new();
    let mut overview = Vec::new();
    for document in store.policy_documents().await? {
        let (Some(post), Some(current)) = (document.post_role, document.current.clone()) else {
            continue;
        };
        let version = store
            .policy_version(current.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if actor.roles.contains(&post) {
            let signed_at = if signed.contains_key(&(document.id, current.major)) {
                store
                    .done_for(Done::Signed, document.id, current.major)
                    .await?
                    .into_iter()
                    .find(|s| s.0 == actor.id)
                    .map(|s| s.1)
            } else {
                None
            };
            mine.push(MyLetter {
                document_id: document.id,
                version_id: current.id,
                title: document.title.clone(),
                number: current.number(),
                html: crate::domain::policy::render_markdown(&version.body),
                signed_at,
            });
        }
        if follows_revisions(&actor) {
            let coverage = super::service::coverage(&store, &people, &version, true).await?;
            overview.push(LetterOverview { document, coverage });
        }
    }
    Ok(LetterList {
        mine,
        overview,
        display_name: account.display_name,
        utc_offset_secs: offset()?,
    })
}

/// Signs the letter in force `version_id` of one of the signed-in user's posts: the typed
/// full name must be the account's (422 `full_name`), once per major version (409).
#[server(prefix = "/api", endpoint = "policies/sign")]
pub async fn sign_letter(
    version_id: i64,
    #[server(default)] full_name: String,
) -> Result<(), AppError> {
    let account = crate::auth::server::require_account().await?;
    let (actor, _) = actor().await?;
    let store = store()?;
    let (_, document) = visible_version(&store, &actor, version_id).await?;
    let Some(post) = document.post_role else {
        return Err(AppError::NotFound);
    };
    if !actor.roles.contains(&post) {
        return Err(AppError::Forbidden);
    }
    if !crate::domain::policy::name_matches(&full_name, &account.display_name) {
        return Err(AppError::field("full_name", FieldProblem::NameMismatch));
    }
    let address = crate::auth::server::client_ip().await;
    store
        .sign_letter(version_id, actor.id, full_name.trim(), &address, now())
        .await?;
    tracing::info!(actor = actor.id, version_id, "commitment letter signed");
    leptos_axum::redirect("/policies/letters");
    Ok(())
}
