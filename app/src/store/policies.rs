//! Policy documents, their versions, approvals and acknowledgements. Each change commits with
//! its history event (in the document's history, in the one chain) and its notifications in
//! one transaction; a version's row is locked first, so two decisions cannot both move it.
use super::history::append_record_event;
use super::{Store, Tx};
use crate::domain::events::PolicyEventData;
use crate::domain::notice::Notice;
use crate::domain::policy::{
    needs_acknowledgement, stage_outcome, Audience, Decision, Stage, StageOutcome, VersionState,
};
use crate::error::AppError;
use crate::policies::{Approval, PolicyDocument, PolicyVersion, VersionBrief};
use std::collections::BTreeSet;

/// A version's text and settings as the author writes them.
pub struct Draft<'a> {
    pub body: &'a str,
    pub summary: &'a str,
    pub audience: &'a Audience,
    pub department_quorum: i64,
    pub leadership_quorum: i64,
    pub remind_days: i64,
}

/// What a person does with a version in force: acknowledge a policy, sign a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    Acknowledged,
    Signed,
}

impl Done {
    pub fn of_letter(letter: bool) -> Self {
        if letter {
            Done::Signed
        } else {
            Done::Acknowledged
        }
    }

    /// Its table and the column of its time.
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Done::Acknowledged => ("policy_acks", "acknowledged_at"),
            Done::Signed => ("commitment_signatures", "signed_at"),
        }
    }
}

/// What a decision led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    /// The stage waits for more approvals.
    Waiting,
    /// The next stage began with these approvers.
    NextStage(Vec<i64>),
    /// The leading group approved: the author is told.
    Approved(i64),
    /// Sent back to the author.
    SentBack(i64),
}

/// A published version someone has still to acknowledge.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Pending {
    pub document_id: i64,
    /// Set for a commitment letter: the role code of its post.
    pub post_role: Option<String>,
    pub version_id: i64,
    pub major: i64,
    pub minor: i64,
    pub title: String,
    pub audience: String,
    pub remind_days: i64,
    pub published_on: String,
}

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    round: i64,
    stage: String,
    user_id: i64,
    name: String,
    decision: Option<String>,
    comment: String,
    decided_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    document_id: i64,
    major: i64,
    minor: i64,
    state: String,
    body: String,
    summary: String,
    audience: String,
    department_quorum: i64,
    leadership_quorum: i64,
    remind_days: i64,
    round: i64,
    sent_back: i64,
    created_by: i64,
    created_by_name: String,
    created_at: i64,
    published_at: Option<i64>,
    published_on: Option<String>,
}

impl VersionRow {
    fn brief(&self) -> VersionBrief {
        VersionBrief {
            id: self.id,
            major: self.major,
            minor: self.minor,
            state: VersionState::parse(&self.state).unwrap_or(VersionState::Draft),
            summary: self.summary.clone(),
            created_at: self.created_at,
            published_at: self.published_at,
        }
    }
}

impl From<VersionRow> for PolicyVersion {
    fn from(r: VersionRow) -> Self {
        PolicyVersion {
            brief: r.brief(),
            document_id: r.document_id,
            audience: serde_json::from_str(&r.audience).unwrap_or_default(),
            body: r.body,
            department_quorum: r.department_quorum,
            leadership_quorum: r.leadership_quorum,
            remind_days: r.remind_days,
            round: r.round,
            sent_back: r.sent_back != 0,
            created_by: r.created_by,
            created_by_name: r.created_by_name,
            published_on: r.published_on,
        }
    }
}

const VERSION_SELECT: &str = "SELECT v.id, v.document_id, v.major, v.minor, v.state, v.body, \
     v.summary, v.audience, v.department_quorum, v.leadership_quorum, v.remind_days, v.round, \
     v.sent_back, v.created_by, u.display_name AS created_by_name, v.created_at, \
     v.published_at, v.published_on FROM policy_versions v JOIN users u ON u.id = v.created_by";

fn body_hash(body: &str) -> String {
    crate::domain::chain::sha256_hex(body.as_bytes())
}

fn audience_json(a: &Audience) -> Result<String, AppError> {
    serde_json::to_string(a).map_err(|_| AppError::Internal)
}

/// Tells `users` of `notice` about document `document_id`.
async fn notify(
    tx: &mut Tx,
    users: &[i64],
    document_id: i64,
    notice: &Notice,
    at: i64,
) -> Result<(), AppError> {
    super::notifications::insert_record_notifications(
        tx,
        users,
        crate::domain::chain::POLICY,
        document_id,
        notice,
        at,
    )
    .await
}

/// The version's row, locked for the change (`UPDATE … RETURNING` takes the row lock on
/// PostgreSQL; SQLite's write transaction holds the database): document, title, state,
/// round, number, author.
async fn lock_version(
    tx: &mut Tx,
    id: i64,
) -> Result<(i64, String, VersionState, i64, (i64, i64), i64), AppError> {
    let row: Option<(i64, String, i64, i64, i64, i64)> = sqlx::query_as(
        "UPDATE policy_versions SET state = state WHERE id = $1 \
         RETURNING document_id, state, round, major, minor, created_by",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (document_id, state, round, major, minor, author) = row.ok_or(AppError::NotFound)?;
    let title: String = sqlx::query_scalar("SELECT title FROM policy_documents WHERE id = $1")
        .bind(document_id)
        .fetch_one(&mut **tx)
        .await?;
    let state = VersionState::parse(&state).ok_or(AppError::Internal)?;
    Ok((document_id, title, state, round, (major, minor), author))
}

async fn set_state(tx: &mut Tx, id: i64, state: VersionState) -> Result<(), AppError> {
    sqlx::query("UPDATE policy_versions SET state = $1 WHERE id = $2")
        .bind(state.code())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Opens `stage` of `round` with its approvers, tells them, and records it.
#[allow(clippy::too_many_arguments)]
async fn open_stage(
    tx: &mut Tx,
    (document_id, version_id, title, number): (i64, i64, &str, String),
    round: i64,
    stage: Stage,
    approvers: &[i64],
    quorum: i64,
    actor: i64,
    at: i64,
) -> Result<(), AppError> {
    if approvers.is_empty() {
        return Err(AppError::field(
            "approvers",
            crate::domain::account::FieldProblem::Required,
        ));
    }
    for user in approvers {
        sqlx::query(
            "INSERT INTO policy_approvals (version_id, round, stage, user_id) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(version_id)
        .bind(round)
        .bind(stage.code())
        .bind(user)
        .execute(&mut **tx)
        .await?;
    }
    let state = match stage {
        Stage::Department => VersionState::DepartmentReview,
        Stage::Leadership => VersionState::Approval,
    };
    set_state(tx, version_id, state).await?;
    let event = PolicyEventData::Submitted {
        version_id,
        stage,
        approvers: approvers.to_vec(),
        needed: crate::domain::policy::needed(quorum, approvers.len()),
    };
    append_record_event(tx, document_id, Some(actor), at, &event).await?;
    let notice = Notice::PolicyReview {
        version_id,
        title: title.to_owned(),
        number,
        stage,
    };
    notify(tx, approvers, document_id, &notice, at).await
}

impl Store {
    /// Every document with its version in force and the one under revision.
    pub async fn policy_documents(&self) -> Result<Vec<PolicyDocument>, AppError> {
        let docs: Vec<(i64, String, String, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT d.id, d.code, d.title, d.department_id, p.name, d.post_role \
             FROM policy_documents d JOIN departments p ON p.id = d.department_id ORDER BY d.code",
        )
        .fetch_all(self.pool())
        .await?;
        let versions: Vec<VersionRow> = sqlx::query_as(&format!(
            "{VERSION_SELECT} WHERE v.state <> 'superseded' ORDER BY v.id"
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(docs
            .into_iter()
            .map(
                |(id, code, title, department_id, department_name, post_role)| {
                    let mine = || versions.iter().filter(move |v| v.document_id == id);
                    PolicyDocument {
                        id,
                        code,
                        title,
                        department_id,
                        department_name,
                        post_role: post_role.and_then(|r| r.parse().ok()),
                        current: mine()
                            .find(|v| v.state == "published")
                            .map(VersionRow::brief),
                        pending: mine()
                            .map(VersionRow::brief)
                            .find(|b| b.state.in_progress()),
                    }
                },
            )
            .collect())
    }

    pub async fn policy_document(&self, id: i64) -> Result<Option<PolicyDocument>, AppError> {
        Ok(self
            .policy_documents()
            .await?
            .into_iter()
            .find(|d| d.id == id))
    }

    /// A document's versions, newest first.
    pub async fn policy_versions(&self, document_id: i64) -> Result<Vec<VersionBrief>, AppError> {
        let rows: Vec<VersionRow> = sqlx::query_as(&format!(
            "{VERSION_SELECT} WHERE v.document_id = $1 ORDER BY v.major DESC, v.minor DESC"
        ))
        .bind(document_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(VersionRow::brief).collect())
    }

    pub async fn policy_version(&self, id: i64) -> Result<Option<PolicyVersion>, AppError> {
        let row: Option<VersionRow> = sqlx::query_as(&format!("{VERSION_SELECT} WHERE v.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(Into::into))
    }

    /// The version published before `version` (by number), if any: what its diff is against.
    pub async fn previous_published(
        &self,
        version: &PolicyVersion,
    ) -> Result<Option<PolicyVersion>, AppError> {
        let row: Option<VersionRow> = sqlx::query_as(&format!(
            "{VERSION_SELECT} WHERE v.document_id = $1 AND v.published_at IS NOT NULL \
             AND (v.major < $2 OR (v.major = $2 AND v.minor < $3)) \
             ORDER BY v.major DESC, v.minor DESC LIMIT 1"
        ))
        .bind(version.document_id)
        .bind(version.brief.major)
        .bind(version.brief.minor)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }

    /// The approvers and decisions of every round of a version.
    pub async fn policy_approvals(&self, version_id: i64) -> Result<Vec<Approval>, AppError> {
        let rows: Vec<ApprovalRow> = sqlx::query_as(
            "SELECT a.round, a.stage, a.user_id, u.display_name AS name, a.decision, a.comment, \
             a.decided_at FROM policy_approvals a JOIN users u ON u.id = a.user_id \
             WHERE a.version_id = $1 ORDER BY a.round, a.stage DESC, u.display_name",
        )
        .bind(version_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(Approval {
                    round: r.round,
                    stage: Stage::parse(&r.stage)?,
                    user_id: r.user_id,
                    name: r.name,
                    decision: r.decision.as_deref().and_then(Decision::parse),
                    comment: r.comment,
                    decided_at: r.decided_at,
                })
            })
            .collect())
    }

    /// Versions waiting for `user`'s decision: (document, version, title, number, stage).
    pub async fn policy_decisions_waiting(
        &self,
        user: i64,
    ) -> Result<Vec<(i64, i64, String, String, Stage)>, AppError> {
        let rows: Vec<(i64, i64, String, i64, i64, String)> = sqlx::query_as(
            "SELECT v.document_id, v.id, d.title, v.major, v.minor, a.stage \
             FROM policy_approvals a JOIN policy_versions v ON v.id = a.version_id \
             JOIN policy_documents d ON d.id = v.document_id \
             WHERE a.user_id = $1 AND a.decided_at IS NULL AND a.round = v.round \
             AND ((a.stage = 'department' AND v.state = 'department_review') \
               OR (a.stage = 'leadership' AND v.state = 'approval')) ORDER BY v.id",
        )
        .bind(user)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(d, v, title, major, minor, stage)| {
                Some((
                    d,
                    v,
                    title,
                    format!("{major}.{minor}"),
                    Stage::parse(&stage)?,
                ))
            })
            .collect())
    }

    /// A new document and its first draft (1.0).
    pub async fn create_policy(
        &self,
        title: &str,
        department_id: i64,
        post_role: Option<crate::domain::roles::Role>,
        draft: &Draft<'_>,
        actor: i64,
        at: i64,
    ) -> Result<(i64, i64), AppError> {
        let mut tx = self.begin_write().await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM policy_documents")
            .fetch_one(&mut *tx)
            .await?;
        // Two documents created at once may take the same number: the second is told to
        // try again (409) rather than fail.
        let document_id: i64 = sqlx::query_scalar(
            "INSERT INTO policy_documents (code, title, department_id, post_role, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(format!("ZD-{:03}", n + 1))
        .bind(title)
        .bind(department_id)
        .bind(post_role.map(|r| r.code()))
        .bind(actor)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if super::is_unique_violation(&e, "policy_documents") {
                AppError::Conflict
            } else {
                e.into()
            }
        })?;
        let version_id =
            insert_version(&mut tx, document_id, title, (1, 0), draft, actor, at).await?;
        tx.commit().await?;
        Ok((document_id, version_id))
    }

    /// A new draft of a document, starting from the text of its newest version; 409 while
    /// another version is under revision.
    pub async fn draft_policy_version(
        &self,
        document_id: i64,
        major_change: bool,
        actor: i64,
        at: i64,
    ) -> Result<i64, AppError> {
        let mut tx = self.begin_write().await?;
        let title: Option<String> = sqlx::query_scalar(
            "UPDATE policy_documents SET title = title WHERE id = $1 RETURNING title",
        )
        .bind(document_id)
        .fetch_optional(&mut *tx)
        .await?;
        let title = title.ok_or(AppError::NotFound)?;
        let latest: Option<VersionRow> = sqlx::query_as(&format!(
            "{VERSION_SELECT} WHERE v.document_id = $1 ORDER BY v.major DESC, v.minor DESC LIMIT 1"
        ))
        .bind(document_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(latest) = latest else {
            return Err(AppError::NotFound);
        };
        if latest.brief().state.in_progress() {
            return Err(AppError::Conflict);
        }
        let number =
            crate::domain::policy::next_number(Some((latest.major, latest.minor)), major_change);
        let audience: Audience = serde_json::from_str(&latest.audience).unwrap_or_default();
        let draft = Draft {
            body: &latest.body,
            summary: "",
            audience: &audience,
            department_quorum: latest.department_quorum,
            leadership_quorum: latest.leadership_quorum,
            remind_days: latest.remind_days,
        };
        let id = insert_version(&mut tx, document_id, &title, number, &draft, actor, at).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves a draft's text (only while it is a draft).
    pub async fn save_policy_draft(
        &self,
        version_id: i64,
        draft: &Draft<'_>,
        actor: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let (document_id, _, state, ..) = lock_version(&mut tx, version_id).await?;
        if state != VersionState::Draft {
            return Err(AppError::Conflict);
        }
        sqlx::query(
            "UPDATE policy_versions SET body = $1, summary = $2, audience = $3, \
             department_quorum = $4, leadership_quorum = $5, remind_days = $6 WHERE id = $7",
        )
        .bind(draft.body)
        .bind(draft.summary)
        .bind(audience_json(draft.audience)?)
        .bind(draft.department_quorum)
        .bind(draft.leadership_quorum)
        .bind(draft.remind_days)
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
        let event = PolicyEventData::DraftSaved {
            version_id,
            body_sha256: body_hash(draft.body),
        };
        append_record_event(&mut tx, document_id, Some(actor), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a draft to department review (a new round) with `approvers`.
    pub async fn submit_policy(
        &self,
        version_id: i64,
        approvers: &[i64],
        actor: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let (document_id, title, state, round, (major, minor), _) =
            lock_version(&mut tx, version_id).await?;
        if state != VersionState::Draft {
            return Err(AppError::Conflict);
        }
        let (summary, quorum): (String, i64) =
            sqlx::query_as("SELECT summary, department_quorum FROM policy_versions WHERE id = $1")
                .bind(version_id)
                .fetch_one(&mut *tx)
                .await?;
        if summary.trim().chars().count() < 2 {
            return Err(AppError::field(
                "summary",
                crate::domain::account::FieldProblem::Required,
            ));
        }
        let round = round + 1;
        sqlx::query("UPDATE policy_versions SET round = $1, sent_back = 0 WHERE id = $2")
            .bind(round)
            .bind(version_id)
            .execute(&mut *tx)
            .await?;
        open_stage(
            &mut tx,
            (document_id, version_id, &title, format!("{major}.{minor}")),
            round,
            Stage::Department,
            approvers,
            quorum,
            actor,
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records `user`'s decision at the version's current stage: 403 when they are not one
    /// of its approvers, 409 when they have decided or the version is at no stage. Passing
    /// the department stage opens the leadership stage with `leadership`.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_policy(
        &self,
        version_id: i64,
        user: i64,
        decision: Decision,
        comment: &str,
        leadership: &[i64],
        at: i64,
    ) -> Result<Decided, AppError> {
        let mut tx = self.begin_write().await?;
        let (document_id, title, state, round, (major, minor), author) =
            lock_version(&mut tx, version_id).await?;
        let stage = state.stage().ok_or(AppError::Conflict)?;
        let done = sqlx::query(
            "UPDATE policy_approvals SET decision = $1, comment = $2, decided_at = $3 \
             WHERE version_id = $4 AND round = $5 AND stage = $6 AND user_id = $7 \
             AND decided_at IS NULL",
        )
        .bind(decision.code())
        .bind(comment)
        .bind(at)
        .bind(version_id)
        .bind(round)
        .bind(stage.code())
        .bind(user)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            let approver: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM policy_approvals WHERE version_id = $1 AND round = $2 \
                 AND stage = $3 AND user_id = $4",
            )
            .bind(version_id)
            .bind(round)
            .bind(stage.code())
            .bind(user)
            .fetch_optional(&mut *tx)
            .await?;
            return Err(if approver.is_some() {
                AppError::Conflict
            } else {
                AppError::Forbidden
            });
        }
        let event = PolicyEventData::Decided {
            version_id,
            stage,
            decision,
            comment: comment.to_owned(),
        };
        append_record_event(&mut tx, document_id, Some(user), at, &event).await?;
        let decisions: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT decision FROM policy_approvals WHERE version_id = $1 AND round = $2 \
             AND stage = $3",
        )
        .bind(version_id)
        .bind(round)
        .bind(stage.code())
        .fetch_all(&mut *tx)
        .await?;
        let decisions: Vec<Option<Decision>> = decisions
            .iter()
            .map(|d| d.as_deref().and_then(Decision::parse))
            .collect();
        let (department_quorum, leadership_quorum): (i64, i64) = sqlx::query_as(
            "SELECT department_quorum, leadership_quorum FROM policy_versions WHERE id = $1",
        )
        .bind(version_id)
        .fetch_one(&mut *tx)
        .await?;
        let quorum = match stage {
            Stage::Department => department_quorum,
            Stage::Leadership => leadership_quorum,
        };
        let number = format!("{major}.{minor}");
        let outcome = match stage_outcome(&decisions, quorum) {
            StageOutcome::Waiting => Decided::Waiting,
            StageOutcome::SentBack => {
                set_state(&mut tx, version_id, VersionState::Draft).await?;
                sqlx::query("UPDATE policy_versions SET sent_back = 1 WHERE id = $1")
                    .bind(version_id)
                    .execute(&mut *tx)
                    .await?;
                let e = PolicyEventData::SentBack { version_id, stage };
                append_record_event(&mut tx, document_id, Some(user), at, &e).await?;
                let notice = Notice::PolicyDecided {
                    version_id,
                    title: title.clone(),
                    number,
                    decision: Decision::SendBack,
                };
                notify(&mut tx, &[author], document_id, &notice, at).await?;
                Decided::SentBack(author)
            }
            StageOutcome::Passed => match stage {
                Stage::Department => {
                    open_stage(
                        &mut tx,
                        (document_id, version_id, &title, number),
                        round,
                        Stage::Leadership,
                        leadership,
                        leadership_quorum,
                        user,
                        at,
                    )
                    .await?;
                    Decided::NextStage(leadership.to_vec())
                }
                Stage::Leadership => {
                    set_state(&mut tx, version_id, VersionState::Approved).await?;
                    let e = PolicyEventData::Approved { version_id };
                    append_record_event(&mut tx, document_id, Some(user), at, &e).await?;
                    let notice = Notice::PolicyDecided {
                        version_id,
                        title: title.clone(),
                        number,
                        decision: Decision::Approve,
                    };
                    notify(&mut tx, &[author], document_id, &notice, at).await?;
                    Decided::Approved(author)
                }
            },
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Publishes an approved version: the one in force is superseded; its `audience` (active
    /// people, by id) is told, and asked to acknowledge when the major number changed.
    /// Returns whether acknowledgement is asked.
    pub async fn publish_policy(
        &self,
        version_id: i64,
        audience: &[i64],
        actor: i64,
        at: i64,
        today: chrono::NaiveDate,
    ) -> Result<bool, AppError> {
        let mut tx = self.begin_write().await?;
        let acknowledge = publish_in(&mut tx, version_id, audience, actor, at, today).await?;
        tx.commit().await?;
        Ok(acknowledge)
    }

    /// `user` acknowledges the published `version_id` (for its major number); 409 when they
    /// already have, or the version is not the one in force.
    pub async fn acknowledge_policy(
        &self,
        version_id: i64,
        user: i64,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let (document_id, _, state, _, (major, _), _) = lock_version(&mut tx, version_id).await?;
        if state != VersionState::Published {
            return Err(AppError::Conflict);
        }
        let done = sqlx::query(
            "INSERT INTO policy_acks (document_id, major, user_id, version_id, acknowledged_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (document_id, major, user_id) DO NOTHING",
        )
        .bind(document_id)
        .bind(major)
        .bind(user)
        .bind(version_id)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(AppError::Conflict);
        }
        let event = PolicyEventData::Acknowledged { version_id, major };
        append_record_event(&mut tx, document_id, Some(user), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `user` signs the commitment letter `version_id` in force: `typed_name` (checked by the
    /// caller against the account), the hash of the text, the address. 409 when they already
    /// signed its major number or it is not a letter in force.
    pub async fn sign_letter(
        &self,
        version_id: i64,
        user: i64,
        typed_name: &str,
        address: &str,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let (document_id, _, state, _, (major, _), _) = lock_version(&mut tx, version_id).await?;
        let (post_role, body): (Option<String>, String) = sqlx::query_as(
            "SELECT d.post_role, v.body FROM policy_versions v \
             JOIN policy_documents d ON d.id = v.document_id WHERE v.id = $1",
        )
        .bind(version_id)
        .fetch_one(&mut *tx)
        .await?;
        if state != VersionState::Published || post_role.is_none() {
            return Err(AppError::Conflict);
        }
        let text_sha256 = body_hash(&body);
        let done = sqlx::query(
            "INSERT INTO commitment_signatures (document_id, major, version_id, user_id, \
             typed_name, text_sha256, address, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (document_id, major, user_id) DO NOTHING",
        )
        .bind(document_id)
        .bind(major)
        .bind(version_id)
        .bind(user)
        .bind(typed_name)
        .bind(&text_sha256)
        .bind(address)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(AppError::Conflict);
        }
        let event = PolicyEventData::Signed {
            version_id,
            major,
            text_sha256,
        };
        append_record_event(&mut tx, document_id, Some(user), at, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The commitment letters in force, with the post each binds.
    pub async fn letters_in_force(&self) -> Result<Vec<crate::domain::policy::Letter>, AppError> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT v.document_id, v.major, d.post_role FROM policy_versions v \
             JOIN policy_documents d ON d.id = v.document_id \
             WHERE v.state = 'published' AND d.post_role IS NOT NULL",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(document_id, major, post)| {
                Some(crate::domain::policy::Letter {
                    document_id,
                    major,
                    post: post.parse().ok()?,
                })
            })
            .collect())
    }

    /// Who has acknowledged (or, for a letter, signed) a document's major number, and when.
    pub async fn done_for(
        &self,
        what: Done,
        document_id: i64,
        major: i64,
    ) -> Result<Vec<(i64, i64)>, AppError> {
        let (table, at) = what.columns();
        Ok(sqlx::query_as(&format!(
            "SELECT user_id, {at} FROM {table} WHERE document_id = $1 AND major = $2"
        ))
        .bind(document_id)
        .bind(major)
        .fetch_all(self.pool())
        .await?)
    }

    /// The (document, major) pairs `user` has acknowledged (or signed).
    pub async fn done_by(&self, what: Done, user: i64) -> Result<BTreeSet<(i64, i64)>, AppError> {
        let (table, _) = what.columns();
        let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT document_id, major FROM {table} WHERE user_id = $1"
        ))
        .bind(user)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// The versions in force whose major number asks for acknowledgement (every published
    /// version does: a minor one carries its major's).
    pub async fn published_policies(&self) -> Result<Vec<Pending>, AppError> {
        Ok(sqlx::query_as(
            "SELECT v.document_id, d.post_role, v.id AS version_id, v.major, v.minor, d.title, \
             v.audience, v.remind_days, v.published_on FROM policy_versions v \
             JOIN policy_documents d ON d.id = v.document_id WHERE v.state = 'published' \
             ORDER BY d.code",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// When each person was last reminded of a document's major: user → day.
    pub async fn policy_reminders(
        &self,
        document_id: i64,
        major: i64,
    ) -> Result<Vec<(i64, String)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT user_id, reminded_on FROM policy_ack_reminders \
             WHERE document_id = $1 AND major = $2",
        )
        .bind(document_id)
        .bind(major)
        .fetch_all(self.pool())
        .await?)
    }

    /// Reminds `users` to acknowledge `p`, and notes the day.
    pub async fn remind_policy(
        &self,
        p: &Pending,
        users: &[i64],
        today: chrono::NaiveDate,
        at: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        for user in users {
            sqlx::query(
                "INSERT INTO policy_ack_reminders (document_id, major, user_id, reminded_on) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (document_id, major, user_id) \
                 DO UPDATE SET reminded_on = $4",
            )
            .bind(p.document_id)
            .bind(p.major)
            .bind(user)
            .bind(today.to_string())
            .execute(&mut *tx)
            .await?;
        }
        let notice = Notice::PolicyPublished {
            version_id: p.version_id,
            title: p.title.clone(),
            number: format!("{}.{}", p.major, p.minor),
            acknowledge: true,
            reminder: true,
        };
        notify(&mut tx, users, p.document_id, &notice, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every policy event before `until`, in chain order (the report replays them).
    pub async fn policy_history_until(
        &self,
        until: i64,
    ) -> Result<Vec<crate::domain::policy_report::PolicyHappened>, AppError> {
        let rows: Vec<(i64, Option<i64>, i64, String)> = sqlx::query_as(
            "SELECT at, actor_id, subject_id, data FROM record_events \
             WHERE subject = 'policy' AND at < $1 ORDER BY seq",
        )
        .bind(until)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(at, actor_id, document_id, data)| {
                Some(crate::domain::policy_report::PolicyHappened {
                    at,
                    actor_id,
                    document_id,
                    event: serde_json::from_str(&data).ok()?,
                })
            })
            .collect())
    }

    /// Every version ever published: (id, major, is a letter, audience).
    pub async fn published_versions(&self) -> Result<Vec<(i64, i64, bool, Audience)>, AppError> {
        let rows: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(
            "SELECT v.id, v.major, d.post_role, v.audience FROM policy_versions v \
             JOIN policy_documents d ON d.id = v.document_id WHERE v.published_at IS NOT NULL",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, major, post, audience)| {
                (
                    id,
                    major,
                    post.is_some(),
                    serde_json::from_str(&audience).unwrap_or_default(),
                )
            })
            .collect())
    }

    /// A document's history, oldest first.
    pub async fn policy_timeline(
        &self,
        document_id: i64,
    ) -> Result<Vec<crate::policies::PolicyTimelineRow>, AppError> {
        let rows = self
            .record_timeline(crate::domain::chain::POLICY, document_id)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(seq, at, actor, data)| crate::policies::PolicyTimelineRow {
                    seq,
                    at,
                    actor,
                    event: serde_json::from_str(&data).ok(),
                },
            )
            .collect())
    }
}

async fn insert_version(
    tx: &mut Tx,
    document_id: i64,
    title: &str,
    (major, minor): (i64, i64),
    draft: &Draft<'_>,
    actor: i64,
    at: i64,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO policy_versions (document_id, major, minor, state, body, summary, audience, \
         department_quorum, leadership_quorum, remind_days, created_by, created_at) \
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(document_id)
    .bind(major)
    .bind(minor)
    .bind(draft.body)
    .bind(draft.summary)
    .bind(audience_json(draft.audience)?)
    .bind(draft.department_quorum)
    .bind(draft.leadership_quorum)
    .bind(draft.remind_days)
    .bind(actor)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    let event = PolicyEventData::Drafted {
        version_id: id,
        number: format!("{major}.{minor}"),
        title: title.to_owned(),
    };
    append_record_event(tx, document_id, Some(actor), at, &event).await?;
    Ok(id)
}

/// The change publishing `version_id` makes, for the review gate: 409 unless it is approved
/// (the version's row is locked).
pub async fn publish_proposal(
    tx: &mut Tx,
    version_id: i64,
) -> Result<crate::domain::review::Proposal, AppError> {
    let (document_id, title, (major, minor)) = lock_approved(tx, version_id).await?;
    let code: String = sqlx::query_scalar("SELECT code FROM policy_documents WHERE id = $1")
        .bind(document_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(crate::domain::review::Proposal::PublishPolicy {
        version_id,
        document_id,
        code,
        title,
        number: format!("{major}.{minor}"),
    })
}

/// An approved version's document, title and number, its row locked (409 in any other state).
async fn lock_approved(tx: &mut Tx, id: i64) -> Result<(i64, String, (i64, i64)), AppError> {
    let (document_id, title, state, _, number, _) = lock_version(tx, id).await?;
    if state != VersionState::Approved {
        return Err(AppError::Conflict);
    }
    Ok((document_id, title, number))
}

/// [`Store::publish_policy`] in the caller's transaction.
pub async fn publish_in(
    tx: &mut Tx,
    version_id: i64,
    audience: &[i64],
    actor: i64,
    at: i64,
    today: chrono::NaiveDate,
) -> Result<bool, AppError> {
    let (document_id, title, (major, minor)) = lock_approved(tx, version_id).await?;
    let previous: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, major FROM policy_versions WHERE document_id = $1 AND state = 'published'",
    )
    .bind(document_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((old, _)) = previous {
        sqlx::query(
            "UPDATE policy_versions SET state = 'superseded', superseded_at = $1 WHERE id = $2",
        )
        .bind(at)
        .bind(old)
        .execute(&mut **tx)
        .await?;
    }
    let body: String = sqlx::query_scalar(
        "UPDATE policy_versions SET state = 'published', published_by = $1, published_at = $2, \
             published_on = $3 WHERE id = $4 RETURNING body",
    )
    .bind(actor)
    .bind(at)
    .bind(today.to_string())
    .bind(version_id)
    .fetch_one(&mut **tx)
    .await?;
    let acknowledge = needs_acknowledgement(previous.map(|p| p.1), major);
    let number = format!("{major}.{minor}");
    let event = PolicyEventData::Published {
        version_id,
        number: number.clone(),
        body_sha256: body_hash(&body),
        superseded: previous.map(|p| p.0),
        acknowledge,
    };
    append_record_event(tx, document_id, Some(actor), at, &event).await?;
    let notice = Notice::PolicyPublished {
        version_id,
        title,
        number,
        acknowledge,
        reminder: false,
    };
    notify(tx, audience, document_id, &notice, at).await?;
    Ok(acknowledge)
}
