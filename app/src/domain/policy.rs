//! Policy documents (制度): versions revised through draft → department review (部门审核) →
//! leading-group approval (领导小组审批) → published (发布) → superseded, or sent back with
//! comments at either stage; who reads a published version (its audience) and when they are
//! reminded to acknowledge it. Pure rules; the store keeps the rows, the server the rights.
use super::account::FieldProblem;
use super::calendar::WorkingCalendar;
use super::org::{subtree, Department};
use super::roles::Role;
use super::workflow::Actor;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where a version stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionState {
    /// Being written (also after it was sent back, with the comments to answer).
    Draft,
    /// With the document department's leads.
    DepartmentReview,
    /// With the leading group (the centre head and the supervisors).
    Approval,
    /// Approved, waiting for its author to publish it.
    Approved,
    /// The version in force.
    Published,
    /// A later version was published.
    Superseded,
}

impl VersionState {
    pub const ALL: [VersionState; 6] = [
        VersionState::Draft,
        VersionState::DepartmentReview,
        VersionState::Approval,
        VersionState::Approved,
        VersionState::Published,
        VersionState::Superseded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VersionState::Draft => "draft",
            VersionState::DepartmentReview => "department_review",
            VersionState::Approval => "approval",
            VersionState::Approved => "approved",
            VersionState::Published => "published",
            VersionState::Superseded => "superseded",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The stage a version in this state is at, if any.
    pub fn stage(self) -> Option<Stage> {
        match self {
            VersionState::DepartmentReview => Some(Stage::Department),
            VersionState::Approval => Some(Stage::Leadership),
            _ => None,
        }
    }

    /// Not yet published nor superseded: a document has at most one such version.
    pub fn in_progress(self) -> bool {
        matches!(
            self,
            VersionState::Draft
                | VersionState::DepartmentReview
                | VersionState::Approval
                | VersionState::Approved
        )
    }
}

/// The two approval stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Department,
    Leadership,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Department => "department",
            Stage::Leadership => "leadership",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Stage::Department, Stage::Leadership]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Where a version goes once this stage has its quorum.
    pub fn passed(self) -> VersionState {
        match self {
            Stage::Department => VersionState::Approval,
            Stage::Leadership => VersionState::Approved,
        }
    }
}

/// One approver's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    SendBack,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::SendBack => "send_back",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Decision::Approve, Decision::SendBack]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// What a stage's decisions so far amount to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageOutcome {
    Waiting,
    Passed,
    SentBack,
}

/// How many approvals a stage of `approvers` needs: all of them, or `quorum` when it is set
/// (1 or more) and not above their number.
pub fn needed(quorum: i64, approvers: usize) -> usize {
    match usize::try_from(quorum) {
        Ok(q) if q >= 1 && q <= approvers => q,
        _ => approvers,
    }
}

/// One send-back ends the stage (the author answers it); otherwise the stage passes when the
/// approvals reach what it needs.
pub fn stage_outcome(decisions: &[Option<Decision>], quorum: i64) -> StageOutcome {
    if decisions.contains(&Some(Decision::SendBack)) {
        return StageOutcome::SentBack;
    }
    let approvals = decisions
        .iter()
        .filter(|d| **d == Some(Decision::Approve))
        .count();
    if approvals >= needed(quorum, decisions.len()).max(1) {
        StageOutcome::Passed
    } else {
        StageOutcome::Waiting
    }
}

/// The number of a new version after `latest` (the newest version of the document, any
/// state): 1.0 first; then a major change bumps the major and resets the minor.
pub fn next_number(latest: Option<(i64, i64)>, major_change: bool) -> (i64, i64) {
    match latest {
        None => (1, 0),
        Some((major, _)) if major_change => (major + 1, 0),
        Some((major, minor)) => (major, minor + 1),
    }
}

/// Who a version is for: people holding one of `roles`, and the people of each of
/// `departments` and the departments below it. Both empty: everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub roles: Vec<Role>,
    pub departments: Vec<i64>,
}

impl Audience {
    pub fn everyone(&self) -> bool {
        self.roles.is_empty() && self.departments.is_empty()
    }
}

/// An account as the audience needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub department_id: i64,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// The active people in an audience, by id. Administrators, who work no tickets, are in it
/// only when their role is named.
pub fn audience_members(a: &Audience, tree: &[Department], people: &[Member]) -> Vec<i64> {
    let within: BTreeSet<i64> = a
        .departments
        .iter()
        .flat_map(|d| subtree(tree, *d))
        .collect();
    people
        .iter()
        .filter(|p| p.active)
        .filter(|p| {
            let named_role = p.roles.iter().any(|r| a.roles.contains(r));
            let works = p.roles.iter().any(|r| *r != Role::Admin);
            let in_departments = within.contains(&p.department_id);
            match (a.roles.is_empty(), a.departments.is_empty()) {
                (true, true) => works,
                (false, true) => named_role,
                (true, false) => works && in_departments,
                (false, false) => named_role && in_departments,
            }
        })
        .map(|p| p.id)
        .collect()
}

/// Compliance and administrators write and publish the rules.
pub fn can_author(actor: &Actor) -> bool {
    actor.roles.contains(&Role::Compliance) || actor.roles.contains(&Role::Admin)
}

/// A draft's text: a title of 2-100 characters, a body of 2-100,000, a change summary of
/// 2-500; the quorums not negative; reminders every 1-30 working days.
pub fn check_draft(
    title: &str,
    body: &str,
    summary: &str,
    quorums: (i64, i64),
    remind_days: i64,
) -> Result<(), (&'static str, FieldProblem)> {
    for (field, text, max) in [
        ("title", title, 100),
        ("body", body, 100_000),
        ("summary", summary, 500),
    ] {
        match text.trim().chars().count() {
            0 => return Err((field, FieldProblem::Required)),
            1 => return Err((field, FieldProblem::TooShort)),
            n if n > max => return Err((field, FieldProblem::TooLong)),
            _ => {}
        }
    }
    if quorums.0 < 0 || quorums.0 > 99 {
        return Err(("department_quorum", FieldProblem::BadNumber));
    }
    if quorums.1 < 0 || quorums.1 > 99 {
        return Err(("leadership_quorum", FieldProblem::BadNumber));
    }
    if !(1..=30).contains(&remind_days) {
        return Err(("remind_days", FieldProblem::BadNumber));
    }
    Ok(())
}

/// A published version asks its audience to acknowledge it when it is the document's first
/// or its major number changed; a minor revision keeps the acknowledgements of its major.
pub fn needs_acknowledgement(previous_major: Option<i64>, major: i64) -> bool {
    previous_major != Some(major)
}

/// Someone who has not acknowledged is reminded every `every` working days: on the
/// `every`-th working day after publication or their last reminder.
pub fn reminder_due(
    since: NaiveDate,
    today: NaiveDate,
    every: i64,
    calendar: &WorkingCalendar,
) -> bool {
    let every = u64::try_from(every.max(1)).unwrap_or(1);
    calendar.working_days_after(since, every) <= today
}

/// A commitment letter in force: its document, major number and the post (role) it binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Letter {
    pub document_id: i64,
    pub major: i64,
    pub post: Role,
}

/// The letters a person with `roles` has still to sign before they may work tickets: each
/// letter in force for one of their posts whose major number they have not signed (a minor
/// revision keeps the signature, as it keeps an acknowledgement).
pub fn letters_to_sign(
    roles: &[Role],
    letters: &[Letter],
    signed: &BTreeSet<(i64, i64)>,
) -> Vec<i64> {
    letters
        .iter()
        .filter(|l| roles.contains(&l.post) && !signed.contains(&(l.document_id, l.major)))
        .map(|l| l.document_id)
        .collect()
}

/// A signature's typed full name must be the account's name (spaces around it aside).
pub fn name_matches(typed: &str, display_name: &str) -> bool {
    let typed = typed.trim();
    !typed.is_empty() && typed == display_name.trim()
}

/// One line of a diff between two versions' texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    /// ' ' kept, '+' added, '-' removed.
    pub tag: char,
    pub text: String,
}

/// A line diff of `old` to `new` (`similar`'s Patience algorithm keeps paragraphs together).
#[cfg(feature = "ssr")]
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    use similar::{Algorithm, ChangeTag, TextDiff};
    TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            tag: match c.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Insert => '+',
                ChangeTag::Delete => '-',
            },
            text: c.value().trim_end_matches(['\n', '\r']).to_owned(),
        })
        .collect()
}

/// A version's Markdown as safe HTML: rendered by pulldown-cmark, then cleaned by ammonia
/// (no scripts, no event attributes, links get `rel="noopener noreferrer"`).
#[cfg(feature = "ssr")]
pub fn render_markdown(body: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut out = String::new();
    html::push_html(
        &mut out,
        Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH),
    );
    ammonia::clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_passes_with_all_approvers_or_its_quorum() {
        use Decision::*;
        assert_eq!(
            stage_outcome(&[Some(Approve), None], 0),
            StageOutcome::Waiting
        );
        assert_eq!(
            stage_outcome(&[Some(Approve), Some(Approve)], 0),
            StageOutcome::Passed
        );
        assert_eq!(
            stage_outcome(&[Some(Approve), None, None], 1),
            StageOutcome::Passed
        );
        assert_eq!(
            stage_outcome(&[Some(Approve), None, None], 2),
            StageOutcome::Waiting
        );
        // A quorum above the approvers' number needs them all.
        assert_eq!(
            stage_outcome(&[Some(Approve), None], 5),
            StageOutcome::Waiting
        );
        assert_eq!(
            stage_outcome(&[Some(Approve), Some(SendBack), None], 1),
            StageOutcome::SentBack,
            "one send-back returns the draft even when the quorum is met"
        );
        assert_eq!(stage_outcome(&[], 0), StageOutcome::Waiting);
    }

    #[test]
    fn the_stages_run_in_order() {
        assert_eq!(Stage::Department.passed(), VersionState::Approval);
        assert_eq!(Stage::Leadership.passed(), VersionState::Approved);
        assert_eq!(
            VersionState::DepartmentReview.stage(),
            Some(Stage::Department)
        );
        assert_eq!(VersionState::Approval.stage(), Some(Stage::Leadership));
        assert_eq!(VersionState::Draft.stage(), None);
        for s in VersionState::ALL {
            assert_eq!(VersionState::parse(s.code()), Some(s));
        }
        assert!(!VersionState::Published.in_progress() && !VersionState::Superseded.in_progress());
    }

    #[test]
    fn version_numbers_and_when_to_acknowledge_again() {
        assert_eq!(next_number(None, false), (1, 0));
        assert_eq!(next_number(Some((1, 0)), false), (1, 1));
        assert_eq!(next_number(Some((1, 3)), true), (2, 0));
        assert!(needs_acknowledgement(None, 1), "the first publication");
        assert!(!needs_acknowledgement(Some(1), 1), "a minor revision");
        assert!(needs_acknowledgement(Some(1), 2), "a major revision");
    }

    fn member(id: i64, department_id: i64, roles: &[Role]) -> Member {
        Member {
            id,
            department_id,
            roles: roles.to_vec(),
            active: true,
        }
    }

    #[test]
    fn the_audience_is_its_roles_and_departments_with_those_below() {
        let tree = vec![
            Department {
                id: 1,
                code: "centre".into(),
                name: "中心".into(),
                kind: "centre".into(),
                parent_id: None,
            },
            Department {
                id: 2,
                code: "a".into(),
                name: "A".into(),
                kind: "department".into(),
                parent_id: Some(1),
            },
            Department {
                id: 3,
                code: "b".into(),
                name: "B".into(),
                kind: "department".into(),
                parent_id: Some(2),
            },
        ];
        let mut gone = member(6, 2, &[Role::Agent]);
        gone.active = false;
        let people = vec![
            member(1, 1, &[Role::Agent]),
            member(2, 2, &[Role::Handler]),
            member(3, 3, &[Role::Handler, Role::DeptLead]),
            member(4, 1, &[Role::Admin]),
            member(5, 1, &[Role::Compliance]),
            gone,
        ];
        let everyone = Audience::default();
        assert_eq!(
            audience_members(&everyone, &tree, &people),
            vec![1, 2, 3, 5]
        );
        let agents = Audience {
            roles: vec![Role::Agent],
            departments: vec![],
        };
        assert_eq!(audience_members(&agents, &tree, &people), vec![1]);
        let dept = Audience {
            roles: vec![],
            departments: vec![2],
        };
        assert_eq!(audience_members(&dept, &tree, &people), vec![2, 3]);
        let both = Audience {
            roles: vec![Role::DeptLead],
            departments: vec![2],
        };
        assert_eq!(
            audience_members(&both, &tree, &people),
            vec![3],
            "roles and departments together: those roles within those departments"
        );
        let admins = Audience {
            roles: vec![Role::Admin],
            departments: vec![],
        };
        assert_eq!(audience_members(&admins, &tree, &people), vec![4]);
    }

    #[test]
    fn drafts_need_a_title_a_text_and_a_summary() {
        assert!(check_draft("合规手册", "第一条", "首次发布", (0, 0), 3).is_ok());
        assert_eq!(
            check_draft("", "x", "y", (0, 0), 3),
            Err(("title", FieldProblem::Required))
        );
        assert_eq!(
            check_draft("合规手册", "第一条", "", (0, 0), 3),
            Err(("summary", FieldProblem::Required))
        );
        assert_eq!(
            check_draft("合规手册", "第一条", "首次", (-1, 0), 3),
            Err(("department_quorum", FieldProblem::BadNumber))
        );
        assert_eq!(
            check_draft("合规手册", "第一条", "首次", (0, 0), 0),
            Err(("remind_days", FieldProblem::BadNumber))
        );
    }

    #[test]
    fn reminders_come_every_n_working_days() {
        let cal = WorkingCalendar::default();
        // 2026-12-04 is a Friday: three working days later is Wednesday the 9th.
        let fri: NaiveDate = "2026-12-04".parse().unwrap();
        assert!(!reminder_due(fri, "2026-12-08".parse().unwrap(), 3, &cal));
        assert!(reminder_due(fri, "2026-12-09".parse().unwrap(), 3, &cal));
        assert!(reminder_due(fri, "2026-12-07".parse().unwrap(), 1, &cal));
        assert!(!reminder_due(fri, "2026-12-06".parse().unwrap(), 1, &cal));
    }

    #[test]
    fn only_the_posts_letters_in_force_and_unsigned_hold_work_back() {
        let letters = [
            Letter {
                document_id: 1,
                major: 2,
                post: Role::Agent,
            },
            Letter {
                document_id: 2,
                major: 1,
                post: Role::Handler,
            },
        ];
        let none = BTreeSet::new();
        assert_eq!(letters_to_sign(&[Role::Agent], &letters, &none), vec![1]);
        assert_eq!(
            letters_to_sign(&[Role::Agent, Role::Handler], &letters, &none),
            vec![1, 2]
        );
        assert!(letters_to_sign(&[Role::Supervisor], &letters, &none).is_empty());
        let signed_old: BTreeSet<_> = [(1, 1)].into();
        assert_eq!(
            letters_to_sign(&[Role::Agent], &letters, &signed_old),
            vec![1],
            "a new major version is signed again"
        );
        let signed: BTreeSet<_> = [(1, 2)].into();
        assert!(letters_to_sign(&[Role::Agent], &letters, &signed).is_empty());
        assert!(name_matches(" 王芳 ", "王芳"));
        assert!(!name_matches("王 芳", "王芳") && !name_matches("", ""));
    }

    #[test]
    fn a_diff_shows_added_and_removed_lines() {
        let d = line_diff("第一条\n第二条\n", "第一条\n第二条（修订）\n第三条\n");
        let tags: String = d.iter().map(|l| l.tag).collect();
        assert_eq!(tags, " -++");
        assert_eq!(d[2].text, "第二条（修订）");
    }

    #[test]
    fn markdown_is_rendered_without_scripts() {
        let html = render_markdown(
            "# 总则\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **重点**",
        );
        assert!(html.contains("<h1>总则</h1>") && html.contains("<strong>重点</strong>"));
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
    }
}
