//! History events (工单轨迹): what happened to a ticket. Stored as JSON, hash-chained, never
//! changed; the timeline renders them translated. No raw phone or ID numbers in here.
use super::deadline::Clock;
use super::dispatch::Basis;
use super::emergency::{Duty, EventGrade, PlanStep, ReportKind};
use super::import::ImportedCallback;
use super::policy::{Decision, Stage};
use super::rectification::RectState;
use super::risk::{FieldChange, Grade, Rating, RiskStatus};
use super::risk_check::{CheckResult, Schedule};
use super::roles::Clearance;
use super::ticket::{CallbackOutcome, Channel, CorrectableField, Priority};
use super::warning::{Trigger, WarningRule, WarningState};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventData {
    Registered {
        number: String,
        category: String,
        channel: Channel,
        priority: Priority,
        confidentiality: Clearance,
    },
    /// No catalogue rule placed the ticket: it waits in the dispatcher queue.
    Queued {
        catalogue: String,
    },
    Assigned {
        department_id: i64,
        department: String,
        handler_id: Option<i64>,
        handler: Option<String>,
        basis: Basis,
        reason: Option<String>,
        reassigned: bool,
        sign_due_at: i64,
        resolve_due_at: i64,
    },
    SignedFor {
        handler: Option<String>,
    },
    Returned {
        reason: String,
        return_count: i64,
    },
    ExtensionRequested {
        request_id: i64,
        current_due_at: Option<i64>,
        proposed_due_at: i64,
        reason: String,
    },
    ExtensionDecided {
        request_id: i64,
        approved: bool,
        resolve_due_at: Option<i64>,
        note: String,
    },
    Urged {
        note: String,
        urge_count: i64,
    },
    Supervised {
        note: String,
    },
    Note {
        text: String,
        caller_facing: bool,
    },
    Resolved {
        result: String,
        callback_due_at: i64,
    },
    CallbackRecorded {
        outcome: CallbackOutcome,
        told: String,
        reason: String,
        next_step: String,
        attempt: i64,
        closed: bool,
    },
    /// The unsatisfied caller's ticket goes back to the same department.
    Redo {
        resolve_due_at: i64,
        redo_count: i64,
    },
    DirectAnswered {
        answer: String,
    },
    Archived {
        confidentiality: Clearance,
        automatic: bool,
    },
    /// Old and new values are masked for phone and ID numbers.
    CorrectionRequested {
        request_id: i64,
        field: CorrectableField,
        old_value: String,
        new_value: String,
        reason: String,
    },
    CorrectionDecided {
        request_id: i64,
        field: CorrectableField,
        approved: bool,
        note: String,
    },
    PiiViewed {},
    CallLinked {
        note: String,
        repeat_calls: i64,
    },
    /// The deadline engine: 75 % of the working time is gone.
    Warned {
        clock: Clock,
        due_at: i64,
    },
    /// The deadline engine: overdue, reported upward (level 1 lead, 2 supervisors, 3 head).
    Escalated {
        clock: Clock,
        level: i64,
        due_at: i64,
    },
    /// Brought over from an old system (`hotline import`): what its record says, and the
    /// record itself as read, phone masked.
    Imported {
        source_id: String,
        department_id: Option<i64>,
        due_at: Option<i64>,
        resolved_at: Option<i64>,
        callback: Option<ImportedCallback>,
        archived_at: Option<i64>,
        record: serde_json::Value,
    },
}

impl EventData {
    /// The `kind` column: the serde tag.
    pub fn kind(&self) -> &'static str {
        match self {
            EventData::Registered { .. } => "registered",
            EventData::Queued { .. } => "queued",
            EventData::Assigned { .. } => "assigned",
            EventData::SignedFor { .. } => "signed_for",
            EventData::Returned { .. } => "returned",
            EventData::ExtensionRequested { .. } => "extension_requested",
            EventData::ExtensionDecided { .. } => "extension_decided",
            EventData::Urged { .. } => "urged",
            EventData::Supervised { .. } => "supervised",
            EventData::Note { .. } => "note",
            EventData::Resolved { .. } => "resolved",
            EventData::CallbackRecorded { .. } => "callback_recorded",
            EventData::Redo { .. } => "redo",
            EventData::DirectAnswered { .. } => "direct_answered",
            EventData::Archived { .. } => "archived",
            EventData::CorrectionRequested { .. } => "correction_requested",
            EventData::CorrectionDecided { .. } => "correction_decided",
            EventData::PiiViewed {} => "pii_viewed",
            EventData::CallLinked { .. } => "call_linked",
            EventData::Warned { .. } => "warned",
            EventData::Escalated { .. } => "escalated",
            EventData::Imported { .. } => "imported",
        }
    }
}

/// History events of a risk on the risk list (风险清单), in the same chain as the tickets'.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RiskEventData {
    /// Put on the list, with its ratings and the grades the matrix gave them then.
    #[serde(rename = "risk_recorded")]
    Recorded {
        code: String,
        title: String,
        inherent: Rating,
        residual: Rating,
        inherent_grade: Grade,
        residual_grade: Grade,
        next_review: chrono::NaiveDate,
    },
    /// Facts changed: each field's old and new value as shown.
    #[serde(rename = "risk_changed")]
    Changed {
        changes: Vec<FieldChange>,
        residual_grade: Grade,
        next_review: chrono::NaiveDate,
    },
    #[serde(rename = "risk_status_changed")]
    StatusChanged {
        from: RiskStatus,
        to: RiskStatus,
        reason: String,
    },
    /// A check plan: how often, who checks, the first day it falls due.
    #[serde(rename = "risk_check_planned")]
    CheckPlanned {
        plan_id: i64,
        schedule: Schedule,
        checker: String,
        due_on: chrono::NaiveDate,
    },
    /// A check recorded in the ledger, with the plan's next due day.
    #[serde(rename = "risk_checked")]
    Checked {
        check_id: i64,
        due_on: chrono::NaiveDate,
        result: CheckResult,
        method: String,
        next_due_on: chrono::NaiveDate,
    },
    /// A problem found: its rectification, owned by the risk's owner.
    #[serde(rename = "rectification_opened")]
    RectificationOpened {
        rectification_id: i64,
        owner: String,
        deadline: chrono::NaiveDate,
        measures: String,
    },
    #[serde(rename = "rectification_moved")]
    RectificationMoved {
        rectification_id: i64,
        from: RectState,
        to: RectState,
        note: String,
    },
    /// A rule over the ticket history found something on this risk: what it saw and the
    /// tickets it saw it in (their numbers).
    #[serde(rename = "warning_raised")]
    WarningRaised {
        warning_id: i64,
        rule: WarningRule,
        found: Trigger,
        tickets: Vec<String>,
        major: bool,
    },
    /// Compliance confirmed the warning or dismissed it (with the reason).
    #[serde(rename = "warning_decided")]
    WarningDecided {
        warning_id: i64,
        rule: WarningRule,
        to: WarningState,
        note: String,
    },
    /// The engine reported an overdue rectification up to `level`.
    #[serde(rename = "rectification_escalated")]
    RectificationEscalated { rectification_id: i64, level: i64 },
    /// A warning notice (预警通知) published to its recipients.
    #[serde(rename = "notice_published")]
    NoticePublished {
        notice_id: i64,
        title: String,
        deadline: chrono::NaiveDate,
        recipients: i64,
    },
    /// One recipient acknowledged it (the actor).
    #[serde(rename = "notice_acknowledged")]
    NoticeAcknowledged { notice_id: i64, title: String },
    /// A risk event (风险事件) recorded on this risk: by hand or from a confirmed warning;
    /// a general one with the day its result is to be filed by.
    #[serde(rename = "risk_event_recorded")]
    EventRecorded {
        event_id: i64,
        grade: EventGrade,
        title: String,
        department: String,
        deadline: Option<chrono::NaiveDate>,
        warning_id: Option<i64>,
    },
    /// A major event's emergency plan activated: its steps as they stood then.
    #[serde(rename = "plan_activated")]
    PlanActivated {
        event_id: i64,
        plan: String,
        steps: Vec<PlanStep>,
    },
    /// One step of the activated plan checked off (steps count from 1).
    #[serde(rename = "plan_step_done")]
    StepDone {
        event_id: i64,
        step: i64,
        what: String,
        note: String,
    },
    /// An initial, progress or final report on a major event; the final one closes it.
    #[serde(rename = "risk_event_reported")]
    EventReported {
        event_id: i64,
        report: ReportKind,
        text: String,
        closed: bool,
    },
    /// A general event's result filed with compliance by its department.
    #[serde(rename = "risk_event_filed")]
    EventFiled { event_id: i64, result: String },
    /// The engine found a duty of an open event late and told those responsible.
    #[serde(rename = "risk_event_late")]
    EventLate { event_id: i64, duty: Duty },
}

impl RiskEventData {
    /// The risk event (风险事件) this history event belongs to, if any.
    pub fn risk_event_id(&self) -> Option<i64> {
        match self {
            RiskEventData::EventRecorded { event_id, .. }
            | RiskEventData::PlanActivated { event_id, .. }
            | RiskEventData::StepDone { event_id, .. }
            | RiskEventData::EventReported { event_id, .. }
            | RiskEventData::EventFiled { event_id, .. }
            | RiskEventData::EventLate { event_id, .. } => Some(*event_id),
            _ => None,
        }
    }

    /// The `kind` column: the serde tag.
    pub fn kind(&self) -> &'static str {
        match self {
            RiskEventData::Recorded { .. } => "risk_recorded",
            RiskEventData::Changed { .. } => "risk_changed",
            RiskEventData::StatusChanged { .. } => "risk_status_changed",
            RiskEventData::CheckPlanned { .. } => "risk_check_planned",
            RiskEventData::Checked { .. } => "risk_checked",
            RiskEventData::RectificationOpened { .. } => "rectification_opened",
            RiskEventData::RectificationMoved { .. } => "rectification_moved",
            RiskEventData::WarningRaised { .. } => "warning_raised",
            RiskEventData::WarningDecided { .. } => "warning_decided",
            RiskEventData::RectificationEscalated { .. } => "rectification_escalated",
            RiskEventData::NoticePublished { .. } => "notice_published",
            RiskEventData::NoticeAcknowledged { .. } => "notice_acknowledged",
            RiskEventData::EventRecorded { .. } => "risk_event_recorded",
            RiskEventData::PlanActivated { .. } => "plan_activated",
            RiskEventData::StepDone { .. } => "plan_step_done",
            RiskEventData::EventReported { .. } => "risk_event_reported",
            RiskEventData::EventFiled { .. } => "risk_event_filed",
            RiskEventData::EventLate { .. } => "risk_event_late",
        }
    }
}

/// History events of a policy document (制度), in the same chain: each version's drafting,
/// every approver's decision, publication and each person's acknowledgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyEventData {
    /// A version drafted (`number` as "1.0").
    #[serde(rename = "policy_drafted")]
    Drafted {
        version_id: i64,
        number: String,
        title: String,
    },
    /// The draft's text saved again (a hash of the body, so the chain proves which text).
    #[serde(rename = "policy_draft_saved")]
    DraftSaved {
        version_id: i64,
        body_sha256: String,
    },
    /// Sent to a stage, with its approvers and how many approvals it needs.
    #[serde(rename = "policy_submitted")]
    Submitted {
        version_id: i64,
        stage: Stage,
        approvers: Vec<i64>,
        needed: usize,
    },
    #[serde(rename = "policy_decided")]
    Decided {
        version_id: i64,
        stage: Stage,
        decision: Decision,
        comment: String,
    },
    /// A stage's decisions sent the version back to its author.
    #[serde(rename = "policy_sent_back")]
    SentBack { version_id: i64, stage: Stage },
    /// The leading group approved: the author may publish it.
    #[serde(rename = "policy_approved")]
    Approved { version_id: i64 },
    #[serde(rename = "policy_published")]
    Published {
        version_id: i64,
        number: String,
        body_sha256: String,
        superseded: Option<i64>,
        acknowledge: bool,
    },
    #[serde(rename = "policy_acknowledged")]
    Acknowledged { version_id: i64, major: i64 },
    /// A commitment letter signed: the hash of the text signed (the name and address are in
    /// the signature's row, not in the chain).
    #[serde(rename = "letter_signed")]
    Signed {
        version_id: i64,
        major: i64,
        text_sha256: String,
    },
}

/// The events of a record of `record_events`: which kind of record, and the event's kind.
pub trait RecordEvent: Serialize {
    /// `domain::chain::RECORD_KINDS`' name of the record.
    const RECORD: &'static str;
    fn kind(&self) -> &'static str;
}

impl RecordEvent for PolicyEventData {
    const RECORD: &'static str = "policy";
    fn kind(&self) -> &'static str {
        PolicyEventData::kind(self)
    }
}

impl RecordEvent for ReviewEventData {
    const RECORD: &'static str = "review";
    fn kind(&self) -> &'static str {
        ReviewEventData::kind(self)
    }
}

/// History events of a training course, in the same chain: the course saved (with a hash
/// of its question bank, so the chain proves which questions were asked) and each exam
/// submitted with its score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CourseEventData {
    #[serde(rename = "course_saved")]
    Saved {
        title: String,
        tier: super::training::Tier,
        bank_sha256: String,
    },
    #[serde(rename = "exam_submitted")]
    ExamSubmitted {
        attempt_id: i64,
        score: u32,
        passed: bool,
        in_time: bool,
    },
}

impl CourseEventData {
    pub fn kind(&self) -> &'static str {
        match self {
            CourseEventData::Saved { .. } => "course_saved",
            CourseEventData::ExamSubmitted { .. } => "exam_submitted",
        }
    }
}

impl RecordEvent for CourseEventData {
    const RECORD: &'static str = "course";
    fn kind(&self) -> &'static str {
        CourseEventData::kind(self)
    }
}

/// History events of a violation, in the same chain: proposed (with its penalty and
/// evidence), notified (with the appeal window), appealed, decided (the penalty left).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViolationEventData {
    #[serde(rename = "violation_proposed")]
    Proposed {
        person_id: i64,
        conduct: super::violation::Conduct,
        severity: super::violation::Severity,
        penalty: super::violation::Penalty,
        /// The evidence: ticket numbers and the confirmed warning, if any.
        tickets: Vec<String>,
        warning_id: Option<i64>,
    },
    #[serde(rename = "violation_notified")]
    Notified { appeal_until: i64 },
    #[serde(rename = "violation_appealed")]
    Appealed { text: String },
    #[serde(rename = "violation_decided")]
    Decided {
        outcome: super::violation::Outcome,
        penalty: super::violation::Penalty,
        reason: String,
    },
}

impl RecordEvent for ViolationEventData {
    const RECORD: &'static str = "violation";
    fn kind(&self) -> &'static str {
        match self {
            ViolationEventData::Proposed { .. } => "violation_proposed",
            ViolationEventData::Notified { .. } => "violation_notified",
            ViolationEventData::Appealed { .. } => "violation_appealed",
            ViolationEventData::Decided { .. } => "violation_decided",
        }
    }
}

/// History events of an effectiveness evaluation, in the same chain: opened for a period,
/// a dimension scored (with its findings), finished (the scores kept), an improvement task
/// set and done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvaluationEventData {
    #[serde(rename = "evaluation_opened")]
    Opened {
        title: String,
        first_day: chrono::NaiveDate,
        last_day: chrono::NaiveDate,
    },
    #[serde(rename = "evaluation_scored")]
    Scored {
        dimension: super::evaluation::Dimension,
        score: u8,
        findings: String,
    },
    #[serde(rename = "evaluation_finished")]
    Finished {
        scores: Vec<(super::evaluation::Dimension, u8)>,
        /// SHA-256 of the evidence kept with it.
        evidence_sha256: String,
    },
    #[serde(rename = "evaluation_task_set")]
    TaskSet {
        task_id: i64,
        dimension: super::evaluation::Dimension,
        action: String,
        owner_id: i64,
        due_day: chrono::NaiveDate,
    },
    #[serde(rename = "evaluation_task_done")]
    TaskDone { task_id: i64, note: String },
}

impl RecordEvent for EvaluationEventData {
    const RECORD: &'static str = "evaluation";
    fn kind(&self) -> &'static str {
        match self {
            EvaluationEventData::Opened { .. } => "evaluation_opened",
            EvaluationEventData::Scored { .. } => "evaluation_scored",
            EvaluationEventData::Finished { .. } => "evaluation_finished",
            EvaluationEventData::TaskSet { .. } => "evaluation_task_set",
            EvaluationEventData::TaskDone { .. } => "evaluation_task_done",
        }
    }
}

impl PolicyEventData {
    pub fn version_id(&self) -> i64 {
        match self {
            PolicyEventData::Drafted { version_id, .. }
            | PolicyEventData::DraftSaved { version_id, .. }
            | PolicyEventData::Submitted { version_id, .. }
            | PolicyEventData::Decided { version_id, .. }
            | PolicyEventData::SentBack { version_id, .. }
            | PolicyEventData::Approved { version_id }
            | PolicyEventData::Published { version_id, .. }
            | PolicyEventData::Acknowledged { version_id, .. }
            | PolicyEventData::Signed { version_id, .. } => *version_id,
        }
    }

    /// The `kind` column: the serde tag.
    pub fn kind(&self) -> &'static str {
        match self {
            PolicyEventData::Drafted { .. } => "policy_drafted",
            PolicyEventData::DraftSaved { .. } => "policy_draft_saved",
            PolicyEventData::Submitted { .. } => "policy_submitted",
            PolicyEventData::Decided { .. } => "policy_decided",
            PolicyEventData::SentBack { .. } => "policy_sent_back",
            PolicyEventData::Approved { .. } => "policy_approved",
            PolicyEventData::Published { .. } => "policy_published",
            PolicyEventData::Acknowledged { .. } => "policy_acknowledged",
            PolicyEventData::Signed { .. } => "letter_signed",
        }
    }
}

/// History events of a compliance review request, in the same chain: the request with the
/// change it proposes, and the review that decided it (applied or not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewEventData {
    #[serde(rename = "review_requested")]
    Requested {
        proposal: super::review::Proposal,
        reason: String,
    },
    #[serde(rename = "review_decided")]
    Decided {
        record: super::review::ReviewRecord,
        /// The change was applied in the same transaction.
        applied: bool,
    },
}

impl ReviewEventData {
    /// The `kind` column: the serde tag.
    pub fn kind(&self) -> &'static str {
        match self {
            ReviewEventData::Requested { .. } => "review_requested",
            ReviewEventData::Decided { .. } => "review_decided",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_is_the_serde_tag() {
        let samples = [
            EventData::Queued {
                catalogue: "x".into(),
            },
            EventData::PiiViewed {},
            EventData::Urged {
                note: "快".into(),
                urge_count: 1,
            },
            EventData::Archived {
                confidentiality: Clearance::Internal,
                automatic: true,
            },
        ];
        for e in samples {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["kind"], e.kind());
            assert_eq!(serde_json::from_value::<EventData>(json).unwrap(), e);
        }
    }

    #[test]
    fn a_violation_event_kind_is_its_serde_tag() {
        use crate::domain::violation::{Discipline, Outcome, Penalty};
        for e in [
            ViolationEventData::Notified { appeal_until: 5 },
            ViolationEventData::Decided {
                outcome: Outcome::Reduced,
                penalty: Penalty {
                    points: 2,
                    discipline: Discipline::None,
                    fine_fen: 0,
                },
                reason: "酌情减轻".into(),
            },
        ] {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["kind"], RecordEvent::kind(&e));
            assert_eq!(
                serde_json::from_value::<ViolationEventData>(json).unwrap(),
                e
            );
        }
    }

    #[test]
    fn a_risk_event_kind_is_its_serde_tag() {
        let e = RiskEventData::StatusChanged {
            from: RiskStatus::Assessed,
            to: RiskStatus::Treated,
            reason: String::new(),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], e.kind());
        assert_eq!(serde_json::from_value::<RiskEventData>(json).unwrap(), e);
    }

    #[test]
    fn a_policy_event_kind_is_its_serde_tag() {
        for e in [
            PolicyEventData::Decided {
                version_id: 1,
                stage: Stage::Leadership,
                decision: Decision::SendBack,
                comment: "第三条不清楚".into(),
            },
            PolicyEventData::Approved { version_id: 2 },
        ] {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["kind"], e.kind());
            assert_eq!(serde_json::from_value::<PolicyEventData>(json).unwrap(), e);
        }
    }
}
