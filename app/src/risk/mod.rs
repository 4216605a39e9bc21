//! The risk list (风险清单): risks with their controls, ratings and grades, treatment, owner
//! and review date; the heat map; each risk's history in the one chain. Compliance keeps the
//! list; supervisors read all of it, department leads and owners their own.
pub mod api;
mod checks;
mod edit_page;
#[cfg(feature = "ssr")]
pub mod event_reminders;
mod event_types;
pub mod events_api;
mod events_page;
mod heat_map;
pub(crate) mod labels;
pub mod ledger;
mod ledger_page;
mod list_page;
#[cfg(feature = "ssr")]
pub mod notice_reminders;
pub mod notices_api;
mod notices_page;
pub mod plans_api;
mod plans_page;
#[cfg(feature = "ssr")]
pub mod rect_escalation;
mod rectifications;
mod risk_page;
mod settings_page;
#[cfg(feature = "ssr")]
pub mod warning_job;
pub mod warnings_api;
mod warnings_page;

pub use checks::CheckTasksPage;
pub use edit_page::{RiskEditPage, RiskNewPage};
pub use event_types::*;
pub use events_page::{RiskEventNewPage, RiskEventPage, RiskEventsPage};
pub use ledger_page::LedgerPage;
pub use list_page::RisksPage;
pub use notices_page::{NoticePage, NoticesPage};
pub use plans_page::PlansPage;
pub use rectifications::RectificationsPage;
pub use risk_page::RiskPage;
pub use settings_page::RiskSettingsPage;
pub use warnings_page::WarningsPage;

use crate::domain::events::RiskEventData;
use crate::domain::rectification::RectState;
use crate::domain::risk::{
    review_due, Conduct, Control, Grade, Rating, RiskSettings, RiskStatus, RiskType, Treatment,
};
use crate::domain::risk_check::{CheckResult, Schedule};
use crate::domain::warning::{Trigger, WarningRule, WarningState};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The facts of a risk a compliance officer types in (validated on the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFacts {
    pub code: String,
    pub title: String,
    pub risk_type: RiskType,
    pub description: String,
    pub conduct: Conduct,
    pub department_id: i64,
    pub owner_id: i64,
    pub controls: Vec<Control>,
    pub inherent: Rating,
    pub residual: Rating,
    pub residual_justification: String,
    pub treatment: Treatment,
    pub accept_approver_id: Option<i64>,
    pub accept_until: Option<NaiveDate>,
}

/// A risk as shown: its facts with names, the grades under today's matrix, its status and
/// the next review date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub id: i64,
    pub facts: RiskFacts,
    pub department_name: String,
    pub owner_name: String,
    pub accept_approver_name: Option<String>,
    pub inherent_grade: Grade,
    pub residual_grade: Grade,
    pub status: RiskStatus,
    pub next_review: NaiveDate,
    pub updated_at: i64,
}

/// Which of the two ratings a heat-map cell filters on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    Inherent,
    Residual,
}

/// The list's filters, as the query string carries them (a plain GET form and map links).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFilter {
    pub risk_type: Option<RiskType>,
    pub grade: Option<Grade>,
    pub status: Option<RiskStatus>,
    pub department_id: Option<i64>,
    /// A heat-map cell: which rating, likelihood, impact.
    pub cell: Option<(Which, u8, u8)>,
    /// Only open risks whose review date has come.
    pub review_due: bool,
}

impl RiskFilter {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> RiskFilter {
        let num = |k: &str| get(k).and_then(|v| v.parse::<i64>().ok());
        let which = match get("map").as_deref() {
            Some("inherent") => Some(Which::Inherent),
            Some("residual") => Some(Which::Residual),
            _ => None,
        };
        let cell = match (which, num("l"), num("i")) {
            (Some(w), Some(l), Some(i)) => {
                Rating::new(l, i).ok().map(|r| (w, r.likelihood, r.impact))
            }
            _ => None,
        };
        RiskFilter {
            risk_type: get("type").and_then(|v| RiskType::parse(&v)),
            grade: get("grade").and_then(|v| Grade::parse(&v)),
            status: get("status").and_then(|v| RiskStatus::parse(&v)),
            department_id: num("department"),
            cell,
            review_due: get("review").as_deref() == Some("due"),
        }
    }

    /// The grade filter reads the residual grade: the risk as it stands with its controls.
    pub fn matches(&self, r: &Risk, today: NaiveDate) -> bool {
        self.risk_type.is_none_or(|t| t == r.facts.risk_type)
            && self.grade.is_none_or(|g| g == r.residual_grade)
            && self.status.is_none_or(|s| s == r.status)
            && self
                .department_id
                .is_none_or(|d| d == r.facts.department_id)
            && self.cell.is_none_or(|(w, l, i)| {
                let x = match w {
                    Which::Inherent => r.facts.inherent,
                    Which::Residual => r.facts.residual,
                };
                (x.likelihood, x.impact) == (l, i)
            })
            && (!self.review_due || review_due(r.next_review, today, r.status))
    }
}

/// The list page: the visible risks that pass the filter, both heat maps over all visible
/// risks (so a cell's count is what clicking it shows), the departments to filter by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskList {
    pub filter: RiskFilter,
    pub risks: Vec<Risk>,
    pub total: usize,
    pub inherent_map: [[u32; 5]; 5],
    pub residual_map: [[u32; 5]; 5],
    pub settings: RiskSettings,
    pub departments: Vec<(i64, String)>,
    pub can_manage: bool,
    /// The desk's date, by which reviews are due.
    pub today: NaiveDate,
}

/// A check plan at its next occurrence (also a checker's task).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckPlan {
    pub id: i64,
    pub risk_id: i64,
    pub risk_code: String,
    pub risk_title: String,
    pub schedule: Schedule,
    pub checker_id: i64,
    pub checker_name: String,
    /// The date the schedule gives; `due_on` is the working day it falls due.
    pub nominal_due: NaiveDate,
    pub due_on: NaiveDate,
}

/// One row of the check ledger (排查台账). Never changed once written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: i64,
    pub plan_id: i64,
    pub due_on: NaiveDate,
    pub checked_by: String,
    pub checked_at: i64,
    pub method: String,
    pub result: CheckResult,
    pub findings: String,
    pub evidence: String,
}

/// A ledger row with its risk (排查台账).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub row: LedgerRow,
    pub risk_id: i64,
    pub risk_code: String,
    pub risk_title: String,
    pub department_id: i64,
    pub department_name: String,
    pub owner_id: i64,
}

impl LedgerEntry {
    /// A row shown on its own risk's page, where the risk needs no naming.
    pub fn of_risk(row: LedgerRow, risk_id: i64) -> LedgerEntry {
        LedgerEntry {
            row,
            risk_id,
            risk_code: String::new(),
            risk_title: String::new(),
            department_id: 0,
            department_name: String::new(),
            owner_id: 0,
        }
    }
}

/// 排查台账's filters as the query string carries them: the risk's department, the days the
/// checks were recorded on, the result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerQuery {
    #[serde(default)]
    pub department: Option<i64>,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub result: String,
}

/// 排查台账 as shown: the rows the viewer may see, the filters as understood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerList {
    pub entries: Vec<LedgerEntry>,
    pub department: Option<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub result: Option<CheckResult>,
    /// For the department filter: the departments owning a risk the viewer sees.
    pub departments: Vec<(i64, String)>,
    pub utc_offset_secs: i32,
}

/// A rectification (整改) of a problem a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectification {
    pub id: i64,
    pub check_id: i64,
    pub risk_id: i64,
    pub risk_code: String,
    pub risk_title: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub deadline: NaiveDate,
    pub measures: String,
    pub state: RectState,
    /// The last note (the reason it was sent back, say).
    pub note: String,
}

/// 整改: the signed-in user's rectifications, and for compliance every one not yet verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectList {
    pub mine: Vec<Rectification>,
    pub open: Vec<Rectification>,
    pub viewer_id: i64,
    pub compliance: bool,
    pub today: NaiveDate,
}

/// 排查任务: the signed-in user's check plans at their next due day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckTasks {
    pub tasks: Vec<CheckPlan>,
    pub today: NaiveDate,
    /// For compliance: what the form that plans a department's checks offers.
    pub department_plan: Option<DepartmentPlanChoices>,
}

/// The departments (indented by depth) and the people who may be named to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentPlanChoices {
    pub departments: Vec<(i64, String, usize)>,
    pub people: Vec<(i64, String)>,
}

/// One event of a risk's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskHistoryEntry {
    pub at: i64,
    pub actor: Option<String>,
    pub event: Option<RiskEventData>,
}

/// The risk page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskDetail {
    pub risk: Risk,
    pub history: Vec<RiskHistoryEntry>,
    pub can_manage: bool,
    pub utc_offset_secs: i32,
    pub today: NaiveDate,
    pub plans: Vec<CheckPlan>,
    pub ledger: Vec<LedgerRow>,
    pub rectifications: Vec<Rectification>,
    /// Who is looking: the plans they check are theirs to record.
    pub viewer_id: i64,
    /// For compliance's plan form: people who may check this risk (they can see it).
    pub checkers: Vec<(i64, String)>,
    /// The automatic warnings raised on this risk, newest first.
    pub warnings: Vec<Warning>,
    /// The risk events recorded on this risk, newest first.
    pub events: Vec<RiskEvent>,
    /// For compliance's warning-notice form.
    pub notice_choices: Option<NoticeChoices>,
}

/// What the edit form offers: departments (indented by depth), the people who may own a
/// risk and those who may approve accepting one (supervisors: the leading group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFormChoices {
    pub departments: Vec<(i64, String, usize)>,
    pub owners: Vec<(i64, String, i64)>,
    pub approvers: Vec<(i64, String)>,
}

/// A ticket named as evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceTicket {
    pub id: i64,
    pub number: String,
}

/// A warning as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub id: i64,
    pub risk_id: i64,
    pub risk_code: String,
    pub risk_title: String,
    pub department_id: i64,
    pub owner_id: i64,
    pub rule: WarningRule,
    pub found: Trigger,
    pub tickets: Vec<EvidenceTicket>,
    pub user_name: Option<String>,
    pub category_name: Option<String>,
    pub major: bool,
    pub state: WarningState,
    pub raised_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: String,
    /// The risk event recorded from it, once confirmed.
    pub event_id: Option<i64>,
}

/// 预警: the warnings the viewer may see, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningList {
    pub items: Vec<Warning>,
    /// All of them, or only those awaiting a decision.
    pub all: bool,
    /// Compliance decides warnings and may run the rules at once.
    pub compliance: bool,
    pub utc_offset_secs: i32,
}

/// A warning notice (预警通知) with how many it went to and how many acknowledged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskNotice {
    pub id: i64,
    pub risk_id: i64,
    pub risk_code: String,
    pub risk_title: String,
    pub department_id: i64,
    pub owner_id: i64,
    pub title: String,
    pub body: String,
    /// The risk's residual grade when the notice was published.
    pub grade: Grade,
    pub deadline: NaiveDate,
    pub published_by: String,
    pub published_at: i64,
    pub recipients: i64,
    pub acknowledged: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRecipient {
    pub user_id: i64,
    pub name: String,
    pub department: String,
    pub acknowledged_at: Option<i64>,
}

/// 预警通知: those sent to the viewer, and for compliance and supervisors all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeList {
    pub mine: Vec<(RiskNotice, Option<i64>)>,
    pub all: Vec<RiskNotice>,
    pub sees_all: bool,
    pub today: NaiveDate,
    pub utc_offset_secs: i32,
}

/// One notice: the text, the risk's controls and owner, the viewer's acknowledgement, and
/// (for compliance, supervisors and those who see the risk) who has and has not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub notice: RiskNotice,
    pub controls: Vec<Control>,
    pub owner_name: String,
    /// Whether the viewer is a recipient, and when they acknowledged.
    pub recipient: bool,
    pub acknowledged_at: Option<i64>,
    pub recipients: Vec<NoticeRecipient>,
    pub coverage: Vec<crate::domain::risk_notice::Reach>,
    pub today: NaiveDate,
    pub utc_offset_secs: i32,
}

/// The publish form's choices: departments (indented by depth) and people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeChoices {
    pub departments: Vec<(i64, String, usize)>,
    pub people: Vec<(i64, String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_filter_reads_the_query_and_ignores_nonsense() {
        let q: HashMap<&str, &str> = [
            ("type", "compliance"),
            ("grade", "major"),
            ("status", "bogus"),
            ("map", "residual"),
            ("l", "4"),
            ("i", "5"),
        ]
        .into();
        let f = RiskFilter::from_params(|k| q.get(k).map(|v| v.to_string()));
        assert_eq!(f.risk_type, Some(RiskType::Compliance));
        assert_eq!(f.grade, Some(Grade::Major));
        assert_eq!(f.status, None);
        assert_eq!(f.cell, Some((Which::Residual, 4, 5)));
        let off: HashMap<&str, &str> = [("map", "inherent"), ("l", "6"), ("i", "1")].into();
        let f = RiskFilter::from_params(|k| off.get(k).map(|v| v.to_string()));
        assert_eq!(f.cell, None, "likelihood 6 is no cell");
        assert!(!f.review_due);
        let due = RiskFilter::from_params(|k| (k == "review").then(|| "due".to_string()));
        assert!(due.review_due);
    }
}
