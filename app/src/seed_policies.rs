//! The demo desk's policies: the compliance handbook in force (through department review
//! and the leading group's approval, acknowledged by part of the staff), and a revision of
//! the intake rules waiting for the centre head's review. Made through the store's own
//! steps, so their history is in the chain like any other.
use crate::domain::policy::{Audience, Decision, Stage};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::policies::service::{approvers, People};
use crate::store::policies::Draft;
use crate::store::Store;

const HANDBOOK: &str = "# 热线合规手册

## 第一章 总则

**第一条** 为规范热线工单办理，防范合规风险，制定本手册。

**第二条** 本手册适用于热线中心及各承办部门的全体员工。

## 第二章 行为规范

**第三条** 严禁利用工单权限谋取私利，严禁泄露来电人隐私。

**第四条** 工单应在时限内签收、办理，不得推诿、拖延，不得伪造办理记录。

**第五条** 回访应如实记录来电人的评价。

## 第三章 责任

**第六条** 违反本手册的，按《合规管理办法》追究责任。
";

const INTAKE_RULES: &str = "# 工单受理与派单规范

**第一条** 受理员应按标准问询话术完整询问并登记。

**第二条** 派单应依据派单目录，并写明分配依据。

**第三条** 无法按目录派单的工单进入待派单队列，由督办/管理者在 2 个工作小时内处理。
";

fn draft<'a>(body: &'a str, summary: &'a str, audience: &'a Audience) -> Draft<'a> {
    Draft {
        body,
        summary,
        audience,
        department_quorum: 0,
        leadership_quorum: 0,
        remind_days: 3,
    }
}

pub async fn seed_demo_policies(store: &Store) -> Result<(), AppError> {
    let id_of = |login: &'static str| crate::seed::demo_id(store, login);
    let compliance = id_of("compliance").await?;
    let centre = store
        .department_by_code("centre")
        .await?
        .ok_or(AppError::Internal)?
        .id;
    let now = chrono::Utc::now();
    let day_ms = 86_400_000;
    let start = now.timestamp_millis() - 30 * day_ms;
    let everyone = Audience::default();
    // The handbook: drafted a month ago, reviewed, approved and published within a week.
    let (_, v) = store
        .create_policy(
            "热线合规手册",
            centre,
            None,
            &draft(HANDBOOK, "首次发布", &everyone),
            compliance,
            start,
        )
        .await?;
    let reviewers = approvers(store, Stage::Department, centre).await?;
    store
        .submit_policy(v, &reviewers, compliance, start + day_ms)
        .await?;
    let leadership = approvers(store, Stage::Leadership, centre).await?;
    for (i, user) in reviewers.iter().enumerate() {
        let at = start + 2 * day_ms + i as i64;
        store
            .decide_policy(v, *user, Decision::Approve, "同意", &leadership, at)
            .await?;
    }
    for (i, user) in leadership.iter().enumerate() {
        let at = start + 4 * day_ms + i as i64;
        store
            .decide_policy(v, *user, Decision::Approve, "同意发布", &leadership, at)
            .await?;
    }
    let published = start + 6 * day_ms;
    let people = People::load(store).await?;
    let audience = people.audience(&everyone);
    let on = chrono::DateTime::from_timestamp_millis(published)
        .map(|t| t.date_naive())
        .ok_or(AppError::Internal)?;
    store
        .publish_policy(v, &audience, compliance, published, on)
        .await?;
    // Half the staff have acknowledged it; the others have it on their list.
    for (i, login) in ["supervisor", "compliance", "head", "lead"]
        .iter()
        .enumerate()
    {
        let user = id_of(login).await?;
        store
            .acknowledge_policy(v, user, published + (i as i64 + 1) * 3_600_000)
            .await?;
    }
    // The intake rules: drafted and waiting for the department review.
    let agents = Audience {
        roles: vec![Role::Agent, Role::Supervisor],
        departments: vec![],
    };
    let (_, v) = store
        .create_policy(
            "工单受理与派单规范",
            centre,
            None,
            &draft(INTAKE_RULES, "首次制定：受理、派单与待派单的时限", &agents),
            compliance,
            now.timestamp_millis() - 2 * day_ms,
        )
        .await?;
    store
        .submit_policy(v, &reviewers, compliance, now.timestamp_millis() - day_ms)
        .await?;
    // The front line's commitment letters, in force and signed by the demo staff.
    for (i, (title, post, signers)) in LETTERS.iter().enumerate() {
        let at = start + (i as i64 + 1) * 3_600_000;
        let audience = Audience {
            roles: vec![*post],
            departments: vec![],
        };
        let (_, v) = store
            .create_policy(
                title,
                centre,
                Some(*post),
                &draft(LETTER, "首次发布", &audience),
                compliance,
                at,
            )
            .await?;
        store
            .submit_policy(v, &reviewers, compliance, at + 1)
            .await?;
        for (j, user) in reviewers.iter().chain(leadership.iter()).enumerate() {
            store
                .decide_policy(
                    v,
                    *user,
                    Decision::Approve,
                    "同意",
                    &leadership,
                    at + 2 + j as i64,
                )
                .await?;
        }
        let audience = people.audience(&audience);
        store
            .publish_policy(v, &audience, compliance, published, on)
            .await?;
        for login in *signers {
            let user = id_of(login).await?;
            let name = store
                .account_by_id(user)
                .await?
                .ok_or(AppError::Internal)?
                .display_name;
            store
                .sign_letter(v, user, &name, "127.0.0.1", published + 3_600_000)
                .await?;
        }
    }
    Ok(())
}

const LETTER: &str = "# 岗位合规承诺书

本人承诺：

1. 严格遵守《热线合规手册》和本岗位的操作规范；
2. 不利用工单权限谋取私利，不泄露来电人个人信息；
3. 按时签收、办理工单，不推诿、不拖延，如实记录办理过程；
4. 接受合规检查和监督，违反承诺愿按规定承担责任。
";

/// (title, post, the demo logins who have signed it)
const LETTERS: &[(&str, Role, &[&str])] = &[
    ("受理员岗位合规承诺书", Role::Agent, &["agent"]),
    (
        "处理人员岗位合规承诺书",
        Role::Handler,
        &["handler", "handler2", "market"],
    ),
];
