//! 培训: courses for the management or the front line, read page by page and closed by an
//! exam drawn and scored on the server; a pass is valid for the course's period. People
//! see their courses and standing; authors (compliance, admins) write courses and see
//! completion and pass rates by department; overdue training is reminded to the person and
//! their lead. Each course saved and each exam submitted is an event in the one chain.
pub mod api;
mod course_form;
mod course_page;
mod exam_page;
pub(crate) mod labels;
mod list_page;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod service;
mod todo;

pub use course_form::{CourseEditPage, CourseNewPage};
pub use course_page::CoursePage;
pub use exam_page::ExamPage;
pub use list_page::TrainingPage;
pub use todo::TrainingTodo;

use crate::domain::policy::Audience;
use crate::domain::training::{ExamRules, ShownQuestion, Standing, Tier};
use crate::policies::{Coverage, PolicyForm};
use serde::{Deserialize, Serialize};

/// A course as lists show it, with the signed-in user's standing (None: not for them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseBrief {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub tier: Tier,
    pub due_at: Option<i64>,
    pub valid_months: u32,
    pub standing: Option<Standing>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseList {
    pub courses: Vec<CourseBrief>,
    pub may_author: bool,
    pub utc_offset_secs: i32,
}

/// One of the signed-in user's attempts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptBrief {
    pub id: i64,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub score: Option<u32>,
    pub passed: Option<bool>,
}

/// Attempts and passes of a department's people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassRate {
    pub department: String,
    pub submitted: i64,
    pub passed: i64,
}

/// The course page. The question bank is not in it: only how many questions there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetail {
    pub brief: CourseBrief,
    /// The materials, page by page (safe HTML made on the server).
    pub pages: Vec<String>,
    pub rules: ExamRules,
    pub bank_size: usize,
    pub attempts: Vec<AttemptBrief>,
    /// The signed-in user may start (or resume: `open_attempt`) an attempt now.
    pub may_attempt: bool,
    pub open_attempt: Option<i64>,
    /// Completion by department and pass rates: for authors, supervisors and leads.
    pub coverage: Option<Coverage>,
    pub pass_rates: Vec<PassRate>,
    pub may_author: bool,
    pub utc_offset_secs: i32,
}

/// An attempt's paper: the questions drawn, without their answers; its result once
/// submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamPaper {
    pub attempt: AttemptBrief,
    pub course_id: i64,
    pub title: String,
    pub pass_mark: u32,
    pub questions: Vec<ShownQuestion>,
    /// When time runs out (None: no limit).
    pub deadline: Option<i64>,
    pub utc_offset_secs: i32,
}

/// The course form's values and choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseFormData {
    pub id: Option<i64>,
    pub title: String,
    pub tier: Tier,
    pub audience: Audience,
    pub materials: String,
    pub questions_text: String,
    pub rules: ExamRules,
    /// `YYYY-MM-DD` or empty.
    pub due_on: String,
    pub valid_months: u32,
    pub choices: PolicyForm,
}
