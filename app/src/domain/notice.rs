//! Notifications (通知): what a user is told about a ticket, and who is told. A warning
//! goes to the handler and the department's lead; escalation level 1 to the lead, level 2
//! to the supervisors, level 3 to the centre head (the lead of the top department). Where
//! nobody holds the post, the supervisors hear of it, so no alarm goes unheard.
use super::deadline::Clock;
use super::org::{ancestors, Department};
use super::roles::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// The ticket was given to you (or to your department, for its lead).
    Assigned {},
    Urged {
        note: String,
        urge_count: i64,
    },
    Warned {
        clock: Clock,
        due_at: i64,
    },
    Escalated {
        clock: Clock,
        level: i64,
        due_at: i64,
    },
    /// To compliance: a rule over the history raised a warning on a risk.
    WarningRaised {
        warning_id: i64,
        rule: super::warning::WarningRule,
    },
    /// A rectification past its deadline, reported up (levels as for tickets).
    RectificationEscalated {
        rectification_id: i64,
        level: i64,
        deadline: chrono::NaiveDate,
    },
    /// To each recipient: a warning notice to read and acknowledge (`reminder` when it is
    /// the daily reminder of one not yet acknowledged).
    RiskNotice {
        notice_id: i64,
        title: String,
        reminder: bool,
    },
    /// A risk event recorded: a major one to the leading group (with the plan activated), a
    /// general one to the leads of the department that is to handle it.
    RiskEvent {
        event_id: i64,
        title: String,
        grade: super::emergency::EventGrade,
    },
    /// To compliance: a department filed a general event's result.
    RiskEventFiled {
        event_id: i64,
        title: String,
    },
    /// A duty of an open event fell late: filing to the department's leads, the reports to
    /// the leading group (compliance hears of both; it is named where raised).
    RiskEventLate {
        event_id: i64,
        title: String,
        duty: super::emergency::Duty,
    },
    /// To each approver of a stage of a policy version: it waits for their decision.
    PolicyReview {
        version_id: i64,
        title: String,
        number: String,
        stage: super::policy::Stage,
    },
    /// To the author: the leading group approved the version (it may be published), or a
    /// stage sent it back.
    PolicyDecided {
        version_id: i64,
        title: String,
        number: String,
        decision: super::policy::Decision,
    },
    /// To the audience: a version was published (`acknowledge`: it asks them to confirm
    /// having read it; `reminder`: the reminder of one not yet acknowledged).
    PolicyPublished {
        version_id: i64,
        title: String,
        number: String,
        acknowledge: bool,
        reminder: bool,
    },
    /// To a person whose training is overdue, and to their department's leads (`person`:
    /// whose it is, for a lead).
    TrainingOverdue {
        course_id: i64,
        title: String,
        person: Option<String>,
    },
    /// To compliance: a decision waits for their review.
    ReviewRequested {
        review_id: i64,
        point: super::review::Point,
        title: String,
    },
    /// To the requester: the review's conclusion (an approval has applied the change).
    ReviewDecided {
        review_id: i64,
        point: super::review::Point,
        title: String,
        conclusion: super::review::Conclusion,
    },
    /// To the person: a violation was notified to them (they may appeal until
    /// `appeal_until`).
    ViolationNotified {
        violation_id: i64,
        code: String,
        severity: super::violation::Severity,
        points: u32,
        appeal_until: i64,
    },
    /// To the leading group: the person appealed.
    ViolationAppealed {
        violation_id: i64,
        code: String,
        person: String,
    },
    /// To the person and the proposer: the decision.
    ViolationDecided {
        violation_id: i64,
        code: String,
        outcome: super::violation::Outcome,
    },
}

impl Notice {
    /// Where the notification leads: the ticket's page, or the page the risk notice is on.
    /// `subject` is the ticket's number or the risk's code.
    pub fn href(&self, subject: &str) -> String {
        match self {
            Notice::WarningRaised { .. } => "/risks/warnings".to_owned(),
            Notice::RiskNotice { notice_id, .. } => format!("/risks/notices/{notice_id}"),
            Notice::RectificationEscalated { .. } => "/risks/rectifications".to_owned(),
            Notice::RiskEvent { event_id, .. }
            | Notice::RiskEventFiled { event_id, .. }
            | Notice::RiskEventLate { event_id, .. } => format!("/risks/events/{event_id}"),
            Notice::PolicyReview { version_id, .. } | Notice::PolicyDecided { version_id, .. } => {
                format!("/policies/versions/{version_id}")
            }
            Notice::PolicyPublished { version_id, .. } => {
                format!("/policies/versions/{version_id}")
            }
            Notice::TrainingOverdue { course_id, .. } => format!("/training/{course_id}"),
            Notice::ViolationNotified { violation_id, .. }
            | Notice::ViolationAppealed { violation_id, .. }
            | Notice::ViolationDecided { violation_id, .. } => {
                format!("/violations/{violation_id}")
            }
            Notice::ReviewRequested { review_id, .. } | Notice::ReviewDecided { review_id, .. } => {
                format!("/reviews/{review_id}")
            }
            _ => format!("/tickets/{subject}"),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Assigned {} => "assigned",
            Notice::Urged { .. } => "urged",
            Notice::Warned { .. } => "warned",
            Notice::Escalated { .. } => "escalated",
            Notice::WarningRaised { .. } => "warning_raised",
            Notice::RiskNotice { .. } => "risk_notice",
            Notice::RectificationEscalated { .. } => "rectification_escalated",
            Notice::RiskEvent { .. } => "risk_event",
            Notice::RiskEventFiled { .. } => "risk_event_filed",
            Notice::RiskEventLate { .. } => "risk_event_late",
            Notice::PolicyReview { .. } => "policy_review",
            Notice::PolicyDecided { .. } => "policy_decided",
            Notice::PolicyPublished { .. } => "policy_published",
            Notice::TrainingOverdue { .. } => "training_overdue",
            Notice::ReviewRequested { .. } => "review_requested",
            Notice::ReviewDecided { .. } => "review_decided",
            Notice::ViolationNotified { .. } => "violation_notified",
            Notice::ViolationAppealed { .. } => "violation_appealed",
            Notice::ViolationDecided { .. } => "violation_decided",
        }
    }
}

/// A lead or supervisor who may have to hear of an alarm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    pub user_id: i64,
    pub role: Role,
    pub department_id: i64,
}

/// Where the ticket is: its department and handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
}

pub(crate) fn supervisors(staff: &[Staff]) -> Vec<i64> {
    staff
        .iter()
        .filter(|s| s.role == Role::Supervisor)
        .map(|s| s.user_id)
        .collect()
}

pub(crate) fn leads_in(staff: &[Staff], department: i64) -> Vec<i64> {
    staff
        .iter()
        .filter(|s| s.role == Role::DeptLead && s.department_id == department)
        .map(|s| s.user_id)
        .collect()
}

/// The leads of the nearest department at or above the ticket's that has any, below the
/// top department (whose lead is the centre head).
pub(crate) fn nearest_leads(
    departments: &[Department],
    staff: &[Staff],
    department: i64,
) -> Vec<i64> {
    ancestors(departments, department)
        .into_iter()
        .filter(|d| {
            departments
                .iter()
                .any(|x| x.id == *d && x.parent_id.is_some())
        })
        .map(|d| leads_in(staff, d))
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

fn centre_heads(departments: &[Department], staff: &[Staff]) -> Vec<i64> {
    departments
        .iter()
        .filter(|d| d.parent_id.is_none())
        .flat_map(|d| leads_in(staff, d.id))
        .collect()
}

/// The leading group (领导小组): the centre head and the supervisors.
pub(crate) fn leading_group(departments: &[Department], staff: &[Staff]) -> Vec<i64> {
    let mut v = centre_heads(departments, staff);
    v.extend(supervisors(staff));
    v
}

/// Who is told of `notice` on a ticket at `place`: user ids, sorted, once each.
pub fn recipients(
    notice: &Notice,
    place: Place,
    departments: &[Department],
    staff: &[Staff],
) -> Vec<i64> {
    let leads = || {
        place
            .department_id
            .map(|d| nearest_leads(departments, staff, d))
            .unwrap_or_default()
    };
    let handler_or_leads = || match place.handler_id {
        Some(h) => vec![h],
        None => leads(),
    };
    let mut out = match notice {
        Notice::Assigned {} | Notice::Urged { .. } => handler_or_leads(),
        Notice::Warned { .. } => {
            let mut v: Vec<i64> = place.handler_id.into_iter().collect();
            v.extend(leads());
            v
        }
        Notice::Escalated { level: 1, .. } => leads(),
        Notice::Escalated { level: 2, .. } => supervisors(staff),
        Notice::Escalated { .. } => centre_heads(departments, staff),
        // A rectification: its owner (at `place.handler_id`) and leads first, then up.
        Notice::RectificationEscalated { level: 1, .. } => {
            let mut v: Vec<i64> = place.handler_id.into_iter().collect();
            v.extend(leads());
            v
        }
        Notice::RectificationEscalated { level: 2, .. } => supervisors(staff),
        Notice::RectificationEscalated { .. } => centre_heads(departments, staff),
        // Not about a ticket: their recipients are named where they are raised.
        Notice::WarningRaised { .. }
        | Notice::RiskNotice { .. }
        | Notice::RiskEventFiled { .. }
        | Notice::PolicyReview { .. }
        | Notice::PolicyDecided { .. }
        | Notice::PolicyPublished { .. }
        | Notice::ReviewRequested { .. }
        | Notice::ReviewDecided { .. }
        | Notice::TrainingOverdue { .. }
        | Notice::ViolationNotified { .. }
        | Notice::ViolationAppealed { .. }
        | Notice::ViolationDecided { .. } => Vec::new(),
        Notice::RiskEvent {
            grade: super::emergency::EventGrade::Major,
            ..
        } => leading_group(departments, staff),
        Notice::RiskEvent { .. }
        | Notice::RiskEventLate {
            duty: super::emergency::Duty::Filing,
            ..
        } => leads(),
        Notice::RiskEventLate { .. } => leading_group(departments, staff),
    };
    let escalation = matches!(
        notice,
        Notice::Escalated { .. }
            | Notice::RectificationEscalated { .. }
            | Notice::RiskEvent { .. }
            | Notice::RiskEventLate { .. }
    );
    if out.is_empty() && escalation {
        out = supervisors(staff);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The notice a history event gives rise to, if any.
pub fn notice_for(e: &super::events::EventData) -> Option<Notice> {
    use super::events::EventData as E;
    Some(match e {
        E::Assigned { .. } => Notice::Assigned {},
        E::Urged { note, urge_count } => Notice::Urged {
            note: note.clone(),
            urge_count: *urge_count,
        },
        E::Warned { clock, due_at } => Notice::Warned {
            clock: *clock,
            due_at: *due_at,
        },
        E::Escalated {
            clock,
            level,
            due_at,
        } => Notice::Escalated {
            clock: *clock,
            level: *level,
            due_at: *due_at,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: i64, parent: Option<i64>) -> Department {
        Department {
            id,
            code: String::new(),
            name: String::new(),
            kind: String::new(),
            parent_id: parent,
        }
    }

    // centre 1 → bureau 2 → section 3; bureau 4 without a lead.
    fn org() -> (Vec<Department>, Vec<Staff>) {
        let staff = |user_id, role, department_id| Staff {
            user_id,
            role,
            department_id,
        };
        (
            vec![
                dept(1, None),
                dept(2, Some(1)),
                dept(3, Some(2)),
                dept(4, Some(1)),
            ],
            vec![
                staff(10, Role::DeptLead, 2),
                staff(11, Role::Supervisor, 1),
                staff(12, Role::Supervisor, 1),
                staff(13, Role::DeptLead, 1),
            ],
        )
    }

    fn escalated(level: i64) -> Notice {
        Notice::Escalated {
            clock: Clock::Resolve,
            level,
            due_at: 0,
        }
    }

    #[test]
    fn each_level_goes_one_step_up() {
        let (d, s) = org();
        let at = Place {
            department_id: Some(3),
            handler_id: Some(30),
        };
        assert_eq!(recipients(&escalated(1), at, &d, &s), vec![10]);
        assert_eq!(recipients(&escalated(2), at, &d, &s), vec![11, 12]);
        assert_eq!(recipients(&escalated(3), at, &d, &s), vec![13]);
        let warned = Notice::Warned {
            clock: Clock::SignFor,
            due_at: 0,
        };
        assert_eq!(recipients(&warned, at, &d, &s), vec![10, 30]);
    }

    #[test]
    fn nobody_in_post_means_the_supervisors_hear_of_it() {
        let (d, s) = org();
        let at = Place {
            department_id: Some(4),
            handler_id: None,
        };
        assert_eq!(recipients(&escalated(1), at, &d, &s), vec![11, 12]);
        let urged = Notice::Urged {
            note: String::new(),
            urge_count: 1,
        };
        // An urge on a ticket nobody holds goes to the department's lead; here there is none.
        assert!(recipients(&urged, at, &d, &s).is_empty());
        let with_handler = Place {
            department_id: Some(4),
            handler_id: Some(40),
        };
        assert_eq!(recipients(&urged, with_handler, &d, &s), vec![40]);
    }

    #[test]
    fn a_major_event_goes_to_the_leading_group_a_general_one_to_the_department() {
        use crate::domain::emergency::EventGrade;
        let (d, s) = org();
        let event = |grade| Notice::RiskEvent {
            event_id: 1,
            title: String::new(),
            grade,
        };
        let at = Place {
            department_id: Some(3),
            handler_id: None,
        };
        assert_eq!(
            recipients(&event(EventGrade::Major), at, &d, &s),
            vec![11, 12, 13]
        );
        assert_eq!(
            recipients(&event(EventGrade::General), at, &d, &s),
            vec![10]
        );
        let leaderless = Place {
            department_id: Some(4),
            handler_id: None,
        };
        assert_eq!(
            recipients(&event(EventGrade::General), leaderless, &d, &s),
            vec![11, 12],
            "no lead: the supervisors"
        );
    }
}
