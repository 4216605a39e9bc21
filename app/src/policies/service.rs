//! The server's side of the policy pages: who is in a version's audience, who approves each
//! stage, what waits for the signed-in user, and how far a version has reached.
use super::{Coverage, PolicyTodoList, PolicyVersion, TodoItem};
use crate::domain::notice::{leading_group, leads_in, supervisors};
use crate::domain::org::Department;
use crate::domain::policy::{audience_members, Audience, Member, Stage};
use crate::error::AppError;
use crate::store::policies::Done;
use crate::store::Store;
use std::collections::BTreeMap;

/// Publishes an approved version to its audience as it is now, through the review gate (the
/// request's reason is the version's change summary). Returns the audience.
pub async fn publish_in(
    store: &Store,
    tx: &mut crate::store::Tx,
    version_id: i64,
    actor: i64,
    (now, today): (i64, chrono::NaiveDate),
    via: crate::reviews::gate::Via,
) -> Result<Vec<i64>, AppError> {
    let version = store
        .policy_version(version_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let proposal = crate::store::policies::publish_proposal(tx, version_id).await?;
    crate::reviews::gate::check(tx, via, &proposal, &version.brief.summary, actor, now).await?;
    let audience = People::load(store).await?.audience(&version.audience);
    crate::store::policies::publish_in(tx, version_id, &audience, actor, now, today).await?;
    Ok(audience)
}

/// Everyone who may be in an audience, with the department tree and each one's name and
/// department's name.
pub struct People {
    pub tree: Vec<Department>,
    pub members: Vec<Member>,
    pub names: BTreeMap<i64, (String, String)>,
}

impl People {
    pub async fn load(store: &Store) -> Result<Self, AppError> {
        let accounts = store.list_accounts().await?;
        Ok(People::of(store.list_departments().await?, &accounts))
    }

    /// From the departments and the accounts already read.
    pub fn of(tree: Vec<Department>, accounts: &[crate::auth::Account]) -> Self {
        People {
            tree,
            members: accounts
                .iter()
                .map(|a| Member {
                    id: a.id,
                    department_id: a.department_id,
                    roles: a.roles.clone(),
                    active: a.active,
                })
                .collect(),
            names: accounts
                .iter()
                .map(|a| (a.id, (a.display_name.clone(), a.department_name.clone())))
                .collect(),
        }
    }

    /// Each person's department.
    pub fn departments(&self) -> BTreeMap<i64, i64> {
        self.members
            .iter()
            .map(|m| (m.id, m.department_id))
            .collect()
    }

    pub fn audience(&self, a: &Audience) -> Vec<i64> {
        audience_members(a, &self.tree, &self.members)
    }
}

/// Who approves `stage` of a document of `department_id`: the department's leads (its
/// head, for the top department), or the supervisors where it has none; the leading group.
pub async fn approvers(
    store: &Store,
    stage: Stage,
    department_id: i64,
) -> Result<Vec<i64>, AppError> {
    let (departments, staff) = store.alert_staff().await?;
    let mut v = match stage {
        Stage::Department => {
            let leads = leads_in(&staff, department_id);
            if leads.is_empty() {
                supervisors(&staff)
            } else {
                leads
            }
        }
        Stage::Leadership => leading_group(&departments, &staff),
    };
    v.sort_unstable();
    v.dedup();
    Ok(v)
}

/// The versions in force `user` has to acknowledge, the letters of their posts to sign, and
/// the decisions waiting for them.
pub async fn todo(store: &Store, user: i64) -> Result<PolicyTodoList, AppError> {
    let people = People::load(store).await?;
    let acknowledged = store.done_by(Done::Acknowledged, user).await?;
    let signed = store.done_by(Done::Signed, user).await?;
    let mut list = PolicyTodoList::default();
    for p in store.published_policies().await? {
        let a: Audience = serde_json::from_str(&p.audience).unwrap_or_default();
        let letter = p.post_role.is_some();
        let done = if letter { &signed } else { &acknowledged };
        if done.contains(&(p.document_id, p.major)) || !people.audience(&a).contains(&user) {
            continue;
        }
        let item = TodoItem {
            document_id: p.document_id,
            version_id: p.version_id,
            title: p.title,
            number: format!("{}.{}", p.major, p.minor),
            stage: None,
        };
        if letter {
            list.to_sign.push(item);
        } else {
            list.to_acknowledge.push(item);
        }
    }
    list.to_approve = store
        .policy_decisions_waiting(user)
        .await?
        .into_iter()
        .map(|(document_id, version_id, title, number, stage)| TodoItem {
            document_id,
            version_id,
            title,
            number,
            stage: Some(stage),
        })
        .collect();
    Ok(list)
}

/// How far the version in force has reached its audience: acknowledgements of its major,
/// or, for a commitment letter, signatures.
pub async fn coverage(
    store: &Store,
    people: &People,
    v: &PolicyVersion,
    letter: bool,
) -> Result<Coverage, AppError> {
    let done: BTreeMap<i64, i64> = store
        .done_for(Done::of_letter(letter), v.document_id, v.brief.major)
        .await?
        .into_iter()
        .collect();
    Ok(coverage_of(people, &people.audience(&v.audience), |id| {
        done.contains_key(&id)
    }))
}

/// How many of `audience` have done something (`done`), by department, and who has not
/// (a policy acknowledged, a letter signed, a course passed).
pub fn coverage_of(people: &People, audience: &[i64], done: impl Fn(i64) -> bool) -> Coverage {
    let unknown = (String::new(), String::new());
    let rows: Vec<(&(String, String), bool)> = audience
        .iter()
        .map(|id| (people.names.get(id).unwrap_or(&unknown), done(*id)))
        .collect();
    Coverage {
        acknowledged: rows.iter().filter(|r| r.1).count(),
        total: rows.len(),
        by_department: crate::domain::risk_notice::coverage(
            rows.iter().map(|((_, dept), done)| (dept.as_str(), *done)),
        ),
        missing: rows
            .iter()
            .filter(|r| !r.1)
            .map(|(n, _)| (*n).clone())
            .collect(),
    }
}

/// The policy history up to `until` and each published version's audience: what the
/// policy figures of any group of people are counted from.
pub struct PolicyBasis {
    events: Vec<crate::domain::policy_report::PolicyHappened>,
    versions: Vec<(i64, i64, bool, Vec<i64>)>,
}

impl PolicyBasis {
    pub async fn load(store: &Store, until: i64, people: &People) -> Result<Self, AppError> {
        let events = store.policy_history_until(until).await?;
        let versions = if events.is_empty() {
            Vec::new()
        } else {
            store
                .published_versions()
                .await?
                .into_iter()
                .map(|(id, major, letter, audience)| {
                    (id, major, letter, people.audience(&audience))
                })
                .collect()
        };
        Ok(PolicyBasis { events, versions })
    }

    /// The figures counting from `from`, with only the people `keep` keeps in each audience.
    pub fn figures(
        &self,
        from: i64,
        keep: impl Fn(i64) -> bool,
    ) -> crate::domain::policy_report::PolicyFigures {
        use crate::domain::policy_report::{policy_figures, VersionReach};
        if self.events.is_empty() {
            return Default::default();
        }
        let versions = self
            .versions
            .iter()
            .map(|(id, major, letter, members)| {
                (
                    *id,
                    VersionReach {
                        major: *major,
                        letter: *letter,
                        members: members.iter().copied().filter(|m| keep(*m)).collect(),
                    },
                )
            })
            .collect();
        policy_figures(&self.events, &versions, from)
    }
}

/// The report's policy section up to `until` (counts from `from`), for the people `keep`
/// says are in the report's scope.
pub async fn report_figures(
    store: &Store,
    from: i64,
    until: i64,
    keep: impl Fn(i64) -> bool,
) -> Result<crate::domain::policy_report::PolicyFigures, AppError> {
    let people = People::load(store).await?;
    let department = people.departments();
    let basis = PolicyBasis::load(store, until, &people).await?;
    Ok(basis.figures(from, |m| department.get(&m).is_some_and(|d| keep(*d))))
}
