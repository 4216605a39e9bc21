//! The compliance review gate (合规审查, "未经审查不得实施"): decision points that need a
//! compliance review before they take effect. An action at such a point becomes a review
//! request carrying its change as data ([`Proposal`]); a compliance reviewer records the
//! review — compliance (合规性), risk controllability (风险可控性) and operational conformity
//! (操作规范性), each pass or concern with a note, and a conclusion — and only an approval
//! applies the change. The rules here are pure: which points are on, whether a proposal
//! needs a review, whether a review record is complete, who may record it.
use super::account::FieldProblem;
use super::roles::Role;
use super::workflow::Actor;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A decision point that may require a review (admin-configurable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// Publishing a policy version.
    PublishPolicy,
    /// Exporting the ticket list with names and phones unmasked.
    UnmaskedExport,
    /// Changing the dispatch catalogue (a category's department) or a category's deadlines.
    Catalogue,
    /// Approving an extension longer than the configured number of working days.
    LongExtension,
    /// Closing a major risk event (its final report).
    MajorEventClose,
    /// Archiving a ticket at the level secret.
    ArchiveSecret,
}

impl Point {
    pub const ALL: [Point; 6] = [
        Point::PublishPolicy,
        Point::UnmaskedExport,
        Point::Catalogue,
        Point::LongExtension,
        Point::MajorEventClose,
        Point::ArchiveSecret,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Point::PublishPolicy => "publish_policy",
            Point::UnmaskedExport => "unmasked_export",
            Point::Catalogue => "catalogue",
            Point::LongExtension => "long_extension",
            Point::MajorEventClose => "major_event_close",
            Point::ArchiveSecret => "archive_secret",
        }
    }

    pub fn parse(code: &str) -> Option<Point> {
        Point::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A point's setting: on or off, and (for the extension point) the limit in working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointSetting {
    pub point: Point,
    pub enabled: bool,
    pub limit_days: i64,
}

/// The largest extension limit an admin may set (a quarter's working days).
pub const MAX_LIMIT_DAYS: i64 = 60;

/// What a category's catalogue entry says: where it is dispatched and its deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub department_id: Option<i64>,
    pub department: Option<String>,
    /// Hours to resolve, by priority: urgent, high, normal, low.
    pub hours: [i64; 4],
}

/// Whether saving a category changes what the point guards (its department or deadlines).
pub fn catalogue_changed(before: &CatalogueEntry, after: &CatalogueEntry) -> bool {
    before.department_id != after.department_id || before.hours != after.hours
}

/// The change a request asks for, kept as data until the review decides it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "point", rename_all = "snake_case")]
pub enum Proposal {
    PublishPolicy {
        version_id: i64,
        document_id: i64,
        code: String,
        title: String,
        number: String,
    },
    UnmaskedExport {
        /// The report period's code (day, week, month…) and its date.
        period: String,
        date: NaiveDate,
        format: String,
    },
    Catalogue {
        category_id: i64,
        category: String,
        before: CatalogueEntry,
        after: CatalogueEntry,
        /// The rest of the saved form (skill, direct answer, script, replies), applied with it.
        required_skill: String,
        direct_answer: bool,
        script_json: String,
        replies_json: String,
    },
    LongExtension {
        ticket_id: i64,
        number: String,
        current_due_at: Option<i64>,
        proposed_due_at: i64,
        working_days: i64,
        /// The approver's note on the extension.
        note: String,
    },
    MajorEventClose {
        event_id: i64,
        title: String,
        /// The final report's text.
        body: String,
    },
    ArchiveSecret {
        ticket_id: i64,
        number: String,
    },
}

impl Proposal {
    pub fn point(&self) -> Point {
        match self {
            Proposal::PublishPolicy { .. } => Point::PublishPolicy,
            Proposal::UnmaskedExport { .. } => Point::UnmaskedExport,
            Proposal::Catalogue { .. } => Point::Catalogue,
            Proposal::LongExtension { .. } => Point::LongExtension,
            Proposal::MajorEventClose { .. } => Point::MajorEventClose,
            Proposal::ArchiveSecret { .. } => Point::ArchiveSecret,
        }
    }

    /// What the change is about: at most one open review per subject.
    pub fn subject(&self) -> (&'static str, i64) {
        match self {
            Proposal::PublishPolicy { version_id, .. } => ("policy_version", *version_id),
            // Each export is its own subject (0: a new one each time).
            Proposal::UnmaskedExport { .. } => ("export", 0),
            Proposal::Catalogue { category_id, .. } => ("category", *category_id),
            Proposal::LongExtension { ticket_id, .. }
            | Proposal::ArchiveSecret { ticket_id, .. } => ("ticket", *ticket_id),
            Proposal::MajorEventClose { event_id, .. } => ("risk_event", *event_id),
        }
    }

    /// The thing's name as lists show it (a ticket's number, a document's code…).
    pub fn title(&self) -> String {
        match self {
            Proposal::PublishPolicy {
                code,
                title,
                number,
                ..
            } => format!("{code} {title} {number}"),
            Proposal::UnmaskedExport { period, date, .. } => format!("{date} · {period}"),
            Proposal::Catalogue { category, .. } => category.clone(),
            Proposal::LongExtension { number, .. } | Proposal::ArchiveSecret { number, .. } => {
                number.clone()
            }
            Proposal::MajorEventClose { title, .. } => title.clone(),
        }
    }
}

/// Whether `proposal` must wait for a review under `points` (a point not listed is off).
pub fn requires_review(points: &[PointSetting], proposal: &Proposal) -> bool {
    let Some(s) = points.iter().find(|s| s.point == proposal.point()) else {
        return false;
    };
    s.enabled
        && match proposal {
            Proposal::LongExtension { working_days, .. } => *working_days > s.limit_days,
            _ => true,
        }
}

/// One dimension's finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Pass,
    Concern,
}

impl Finding {
    pub fn code(self) -> &'static str {
        match self {
            Finding::Pass => "pass",
            Finding::Concern => "concern",
        }
    }

    pub fn parse(s: &str) -> Option<Finding> {
        match s {
            "pass" => Some(Finding::Pass),
            "concern" => Some(Finding::Concern),
            _ => None,
        }
    }
}

/// The review's conclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    Approve,
    ApproveWithConditions,
    Reject,
}

impl Conclusion {
    pub const ALL: [Conclusion; 3] = [
        Conclusion::Approve,
        Conclusion::ApproveWithConditions,
        Conclusion::Reject,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Conclusion::Approve => "approve",
            Conclusion::ApproveWithConditions => "approve_with_conditions",
            Conclusion::Reject => "reject",
        }
    }

    pub fn parse(s: &str) -> Option<Conclusion> {
        Conclusion::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Whether the change takes effect.
    pub fn applies(self) -> bool {
        !matches!(self, Conclusion::Reject)
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Pending,
    Approved,
    ApprovedWithConditions,
    Rejected,
}

impl ReviewState {
    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Approved => "approved",
            ReviewState::ApprovedWithConditions => "approved_with_conditions",
            ReviewState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        [
            ReviewState::Pending,
            ReviewState::Approved,
            ReviewState::ApprovedWithConditions,
            ReviewState::Rejected,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }

    pub fn of(c: Conclusion) -> ReviewState {
        match c {
            Conclusion::Approve => ReviewState::Approved,
            Conclusion::ApproveWithConditions => ReviewState::ApprovedWithConditions,
            Conclusion::Reject => ReviewState::Rejected,
        }
    }

    /// Approved, with or without conditions: the change was applied.
    pub fn approved(self) -> bool {
        matches!(
            self,
            ReviewState::Approved | ReviewState::ApprovedWithConditions
        )
    }
}

/// One dimension of the review: its finding and the note that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    pub finding: Finding,
    pub note: String,
}

/// The reviewer's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub compliance: Dimension,
    pub risk: Dimension,
    pub operation: Dimension,
    pub conclusion: Conclusion,
    /// The conditions (approve with conditions) or the reason (reject); optional otherwise.
    pub note: String,
}

/// The three dimensions with their form field names.
pub const DIMENSIONS: [&str; 3] = ["compliance", "risk", "operation"];

/// Checks a record: a concern needs its note; a plain approval needs every dimension to pass
/// (with a concern it is approved with conditions, or rejected); conditions and a rejection
/// need their text. The error names the field.
pub fn check_review(r: &ReviewRecord) -> Result<(), (&'static str, FieldProblem)> {
    let dims = [
        (&r.compliance, "compliance_note"),
        (&r.risk, "risk_note"),
        (&r.operation, "operation_note"),
    ];
    for (d, field) in dims {
        if d.finding == Finding::Concern && d.note.trim().is_empty() {
            return Err((field, FieldProblem::Required));
        }
    }
    let concern = dims.iter().any(|(d, _)| d.finding == Finding::Concern);
    match r.conclusion {
        Conclusion::Approve if concern => Err(("conclusion", FieldProblem::ConcernNeedsConditions)),
        Conclusion::ApproveWithConditions | Conclusion::Reject if r.note.trim().is_empty() => {
            Err(("note", FieldProblem::Required))
        }
        _ => Ok(()),
    }
}

/// Who may record a review: compliance, never on their own request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MayReview {
    Yes,
    NotCompliance,
    OwnRequest,
}

pub fn may_review(actor: &Actor, requested_by: i64) -> MayReview {
    if !actor.roles.contains(&Role::Compliance) {
        MayReview::NotCompliance
    } else if actor.id == requested_by {
        MayReview::OwnRequest
    } else {
        MayReview::Yes
    }
}

/// Who may read a request: the requester, compliance, supervisors and admins.
pub fn may_read(actor: &Actor, requested_by: i64) -> bool {
    actor.id == requested_by
        || [Role::Compliance, Role::Supervisor, Role::Admin]
            .iter()
            .any(|r| actor.roles.contains(r))
}

/// The code of the `n`-th request: `SC-` and (at least) four digits.
pub fn code(n: i64) -> String {
    format!("SC-{n:04}")
}

/// The report's review section: requests filed and decided within the day or period, those
/// still waiting at its end, and how long a decision took.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewFigures {
    /// Filed within it, in all and by point code.
    pub requested: i64,
    pub requested_by_point: std::collections::BTreeMap<String, i64>,
    /// Decided within it, by conclusion.
    pub approved: i64,
    pub approved_with_conditions: i64,
    pub rejected: i64,
    /// Waiting for a review at its end.
    pub pending: i64,
    /// The median time from request to decision of those decided within it, in hours.
    pub median_hours_to_decision: Option<f64>,
}

/// One request as the figures need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewFact {
    pub point: String,
    pub requested_at: i64,
    pub reviewed_at: Option<i64>,
    pub state: ReviewState,
}

/// The figures of `[from, to)` from the requests filed before `to`.
pub fn review_figures(facts: &[ReviewFact], from: i64, to: i64) -> ReviewFigures {
    let mut f = ReviewFigures::default();
    let mut took = Vec::new();
    for r in facts.iter().filter(|r| r.requested_at < to) {
        if r.requested_at >= from {
            f.requested += 1;
            *f.requested_by_point.entry(r.point.clone()).or_default() += 1;
        }
        match r.reviewed_at {
            Some(at) if at < to => {
                if at >= from {
                    match r.state {
                        ReviewState::Approved => f.approved += 1,
                        ReviewState::ApprovedWithConditions => f.approved_with_conditions += 1,
                        ReviewState::Rejected => f.rejected += 1,
                        ReviewState::Pending => {}
                    }
                    took.push(at - r.requested_at);
                }
            }
            _ => f.pending += 1,
        }
    }
    took.sort_unstable();
    f.median_hours_to_decision = match took.len() {
        0 => None,
        n if n % 2 == 1 => Some(took[n / 2] as f64),
        n => Some((took[n / 2 - 1] + took[n / 2]) as f64 / 2.0),
    }
    .map(|ms| (ms / 3_600_000.0 * 10.0).round() / 10.0);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::Clearance;

    fn points(enabled: bool, limit: i64) -> Vec<PointSetting> {
        Point::ALL
            .into_iter()
            .map(|point| PointSetting {
                point,
                enabled,
                limit_days: limit,
            })
            .collect()
    }

    fn extension(days: i64) -> Proposal {
        Proposal::LongExtension {
            ticket_id: 1,
            number: "RX20261204-0001".into(),
            current_due_at: Some(0),
            proposed_due_at: 1,
            working_days: days,
            note: String::new(),
        }
    }

    #[test]
    fn the_gate_decides_per_point() {
        let on = points(true, 10);
        assert!(!requires_review(&on, &extension(10)), "at the limit");
        assert!(requires_review(&on, &extension(11)), "beyond the limit");
        let archive = Proposal::ArchiveSecret {
            ticket_id: 1,
            number: "x".into(),
        };
        assert!(requires_review(&on, &archive));
        assert!(!requires_review(&points(false, 10), &archive), "point off");
        assert!(!requires_review(&[], &archive), "point not configured");
        let mut one_off = on.clone();
        one_off[Point::ArchiveSecret as usize].enabled = false;
        assert!(!requires_review(&one_off, &archive));
        assert!(requires_review(&one_off, &extension(11)), "others stay on");
    }

    #[test]
    fn only_department_or_deadlines_touch_the_catalogue() {
        let before = CatalogueEntry {
            department_id: Some(2),
            department: Some("城管".into()),
            hours: [2, 8, 24, 48],
        };
        assert!(!catalogue_changed(&before, &before.clone()));
        let mut later = before.clone();
        later.hours[2] = 72;
        assert!(catalogue_changed(&before, &later));
        let mut moved = before.clone();
        moved.department_id = None;
        assert!(catalogue_changed(&before, &moved));
    }

    fn record(c: Finding, conclusion: Conclusion, note: &str) -> ReviewRecord {
        let pass = Dimension {
            finding: Finding::Pass,
            note: String::new(),
        };
        ReviewRecord {
            compliance: Dimension {
                finding: c,
                note: if c == Finding::Concern {
                    "依据不足".into()
                } else {
                    String::new()
                },
            },
            risk: pass.clone(),
            operation: pass,
            conclusion,
            note: note.into(),
        }
    }

    #[test]
    fn a_review_is_complete_before_it_counts() {
        use Conclusion::*;
        use Finding::*;
        assert_eq!(check_review(&record(Pass, Approve, "")), Ok(()));
        assert_eq!(
            check_review(&record(Concern, Approve, "")),
            Err(("conclusion", FieldProblem::ConcernNeedsConditions))
        );
        assert_eq!(
            check_review(&record(Concern, ApproveWithConditions, " ")),
            Err(("note", FieldProblem::Required))
        );
        assert_eq!(
            check_review(&record(Concern, ApproveWithConditions, "限一次")),
            Ok(())
        );
        assert_eq!(
            check_review(&record(Pass, Reject, "")),
            Err(("note", FieldProblem::Required))
        );
        let mut silent = record(Concern, Reject, "不符合规定");
        silent.compliance.note.clear();
        assert_eq!(
            check_review(&silent),
            Err(("compliance_note", FieldProblem::Required))
        );
        assert!(Approve.applies() && ApproveWithConditions.applies() && !Reject.applies());
    }

    #[test]
    fn compliance_reviews_others_requests_only() {
        let actor = |id, role| Actor {
            id,
            roles: vec![role],
            clearance: Clearance::Internal,
            departments: vec![1],
        };
        assert_eq!(may_review(&actor(1, Role::Compliance), 2), MayReview::Yes);
        assert_eq!(
            may_review(&actor(2, Role::Compliance), 2),
            MayReview::OwnRequest
        );
        assert_eq!(
            may_review(&actor(1, Role::Supervisor), 2),
            MayReview::NotCompliance
        );
        assert!(may_read(&actor(2, Role::Handler), 2));
        assert!(!may_read(&actor(3, Role::Handler), 2));
        assert!(may_read(&actor(3, Role::Supervisor), 2));
    }

    #[test]
    fn codes_count_up() {
        assert_eq!(code(1), "SC-0001");
        assert_eq!(code(12345), "SC-12345");
        for p in Point::ALL {
            assert_eq!(Point::parse(p.code()), Some(p));
        }
        for c in Conclusion::ALL {
            assert_eq!(Conclusion::parse(c.code()), Some(c));
            assert_eq!(
                ReviewState::parse(ReviewState::of(c).code()),
                Some(ReviewState::of(c))
            );
        }
    }

    #[test]
    fn figures_count_the_period_and_what_waits_at_its_end() {
        let h = 3_600_000;
        let fact = |point: &str, at: i64, decided: Option<(i64, ReviewState)>| ReviewFact {
            point: point.into(),
            requested_at: at,
            reviewed_at: decided.map(|d| d.0),
            state: decided.map_or(ReviewState::Pending, |d| d.1),
        };
        let facts = [
            // Filed before, decided within after 10 h.
            fact(
                "long_extension",
                -2 * h,
                Some((8 * h, ReviewState::Approved)),
            ),
            // Filed and rejected within after 2 h.
            fact("unmasked_export", h, Some((3 * h, ReviewState::Rejected))),
            // Filed within, decided after the end: waiting at the end.
            fact("catalogue", 2 * h, Some((30 * h, ReviewState::Approved))),
            // Filed within, still waiting.
            fact("catalogue", 5 * h, None),
            // Filed after the end: not counted.
            fact("catalogue", 25 * h, None),
        ];
        let f = review_figures(&facts, 0, 24 * h);
        assert_eq!(f.requested, 3);
        assert_eq!(f.requested_by_point["catalogue"], 2);
        assert_eq!(
            (f.approved, f.approved_with_conditions, f.rejected),
            (1, 0, 1)
        );
        assert_eq!(f.pending, 2);
        assert_eq!(f.median_hours_to_decision, Some(6.0));
        assert_eq!(
            review_figures(&[], 0, 24 * h).median_hours_to_decision,
            None
        );
    }
}
