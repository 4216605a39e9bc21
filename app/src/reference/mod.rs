//! Reference data: the category tree with its dispatch catalogue, deadlines, scripts and
//! replies; the working calendar and desk settings; skills of departments and users.
pub mod api;
mod calendar_page;
mod categories_page;
mod category_edit_page;
mod departments_page;

pub use calendar_page::CalendarPage;
pub use categories_page::CategoriesPage;
pub use category_edit_page::CategoryEditPage;
pub use departments_page::DepartmentsPage;

use crate::domain::calendar::{DayKind, WorkingCalendar};
use crate::domain::script::{Question, ReplyTemplate};
use crate::domain::ticket::Priority;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// The dispatch catalogue (派单目录): where tickets of this category go.
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub required_skill: String,
    /// Answered and closed at intake (直办) is allowed.
    pub direct_answer: bool,
    /// Working hours to resolve, by priority: urgent, high, normal, low.
    pub hours: [i64; 4],
    pub script: Vec<Question>,
    pub replies: Vec<ReplyTemplate>,
}

impl Category {
    /// Its dispatch department and deadlines, as the review gate compares them.
    pub fn catalogue_entry(&self) -> crate::domain::review::CatalogueEntry {
        crate::domain::review::CatalogueEntry {
            department_id: self.department_id,
            department: self.department_name.clone(),
            hours: self.hours,
        }
    }

    pub fn resolve_hours(&self, p: Priority) -> i64 {
        match p {
            Priority::Urgent => self.hours[0],
            Priority::High => self.hours[1],
            Priority::Normal => self.hours[2],
            Priority::Low => self.hours[3],
        }
    }
    pub fn is_top_level(&self) -> bool {
        self.parent_id.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSettings {
    pub calendar: WorkingCalendar,
    pub sign_for_hours: i64,
    pub archive_after_days: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    pub day: chrono::NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// A department's dispatch settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentRules {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub depth: usize,
    /// Dispatch goes straight to a handler (otherwise the department distributes itself).
    pub assign_to_people: bool,
    pub skills: Vec<String>,
}

/// A handler as the dispatcher's pick list and the skills editor show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub id: i64,
    pub name: String,
    pub department_id: i64,
    pub skills: Vec<String>,
    pub on_duty: bool,
}
