//! What the risk-event (风险事件) and emergency-plan (应急预案) pages carry.
use super::RiskHistoryEntry;
use crate::domain::emergency::{EventGrade, EventState, PlanStep, ReportKind};
use crate::domain::roles::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A plan of the library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyPlan {
    pub id: i64,
    pub title: String,
    /// What kind of event it is for.
    pub scope: String,
    pub steps: Vec<PlanStep>,
    pub retired: bool,
    pub updated_at: i64,
}

/// 应急预案 (admin): the library, retired plans last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLibrary {
    pub plans: Vec<EmergencyPlan>,
    /// The administrator keeps the library; compliance and supervisors read it.
    pub can_edit: bool,
    pub utc_offset_secs: i32,
}

/// A risk event as listed and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskEvent {
    pub id: i64,
    pub risk_id: i64,
    pub risk_code: String,
    pub risk_title: String,
    pub warning_id: Option<i64>,
    pub grade: EventGrade,
    pub title: String,
    pub description: String,
    pub department_id: i64,
    pub department_name: String,
    pub reported_by: i64,
    pub reporter_name: String,
    pub recorded_at: i64,
    pub state: EventState,
    /// A general event: the day its result is to be filed by.
    pub deadline: Option<NaiveDate>,
    pub result: String,
    pub filed_by: Option<String>,
    pub filed_at: Option<i64>,
    /// A major event: the plan activated and when.
    pub plan_title: Option<String>,
    pub activated_at: Option<i64>,
    pub closed_at: Option<i64>,
}

/// A step of an activated plan, with who checked it off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventStep {
    pub step: i64,
    pub what: String,
    pub role: Role,
    pub minutes: i64,
    pub done_by: Option<String>,
    pub done_at: Option<i64>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventReport {
    pub kind: ReportKind,
    pub body: String,
    pub made_by: String,
    pub made_at: i64,
}

/// 风险事件: the events the viewer may see, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskEventList {
    pub items: Vec<RiskEvent>,
    /// All of them, or only the open ones.
    pub all: bool,
    /// Compliance and supervisors read the plan library.
    pub sees_plans: bool,
    pub today: NaiveDate,
    pub now: i64,
    pub utc_offset_secs: i32,
}

/// One event: its facts, the plan's steps and the reports (major), its timeline, and what
/// the viewer may do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskEventDetail {
    pub event: RiskEvent,
    pub steps: Vec<EventStep>,
    pub reports: Vec<EventReport>,
    pub history: Vec<RiskHistoryEntry>,
    pub may_file: bool,
    pub may_report: bool,
    /// The steps (by number) the viewer may check off.
    pub checkable: Vec<i64>,
    /// Whether the viewer may open the risk's page.
    pub sees_risk: bool,
    pub today: NaiveDate,
    pub now: i64,
    pub utc_offset_secs: i32,
}

/// A risk the event form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskChoice {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub department_id: i64,
}

/// A confirmed warning the event is recorded from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromWarning {
    pub id: i64,
    pub risk_id: i64,
    pub department_id: i64,
    pub major: bool,
    /// A suggested title: the rule and what it found, in words on the page.
    pub rule: crate::domain::warning::WarningRule,
}

/// The event form's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventForm {
    pub risks: Vec<RiskChoice>,
    pub departments: Vec<(i64, String, usize)>,
    pub plans: Vec<(i64, String)>,
    pub own_department: i64,
    pub warning: Option<FromWarning>,
}
