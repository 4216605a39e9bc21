//! Warning notices (预警通知): compliance tells departments or people of a risk — what to do,
//! by when — and each recipient acknowledges it. Who receives it, when a reminder is due, and
//! how far it has reached, as pure functions.
use super::account::FieldProblem;
use super::calendar::WorkingCalendar;
use super::org::{subtree, Department};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An account as the recipient list needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub department_id: i64,
    pub active: bool,
}

/// Everyone the notice goes to: the active people of each chosen department and the
/// departments below it, and each chosen person who is active; each once, by id.
pub fn recipients(
    departments: &[i64],
    people: &[i64],
    tree: &[Department],
    accounts: &[Person],
) -> Vec<i64> {
    let within: BTreeSet<i64> = departments.iter().flat_map(|d| subtree(tree, *d)).collect();
    accounts
        .iter()
        .filter(|a| a.active && (within.contains(&a.department_id) || people.contains(&a.id)))
        .map(|a| a.id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// A notice's text and deadline: a title of 2-100 characters, what to do (2-2000), a deadline
/// not before today, and at least one recipient. The first problem names its field.
pub fn check_notice(
    title: &str,
    body: &str,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
    recipients: usize,
) -> Result<NaiveDate, (&'static str, FieldProblem)> {
    let len = |s: &str| s.trim().chars().count();
    match len(title) {
        0 => return Err(("title", FieldProblem::Required)),
        1 => return Err(("title", FieldProblem::TooShort)),
        n if n > 100 => return Err(("title", FieldProblem::TooLong)),
        _ => {}
    }
    match len(body) {
        0 => return Err(("body", FieldProblem::Required)),
        1 => return Err(("body", FieldProblem::TooShort)),
        n if n > 2000 => return Err(("body", FieldProblem::TooLong)),
        _ => {}
    }
    let deadline = deadline.ok_or(("deadline", FieldProblem::BadDate))?;
    if deadline < today {
        return Err(("deadline", FieldProblem::MustBeLater));
    }
    if recipients == 0 {
        return Err(("recipients", FieldProblem::Required));
    }
    Ok(deadline)
}

/// A recipient who has not acknowledged is reminded once on each working day after the day
/// of publication, up to and including the deadline; not after it (the notice has expired).
pub fn reminder_due(
    published_on: NaiveDate,
    deadline: NaiveDate,
    last_reminded: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &WorkingCalendar,
) -> bool {
    today > published_on
        && today <= deadline
        && calendar.is_working_day(today)
        && last_reminded.is_none_or(|d| d < today)
}

/// How far a notice has reached in one department: acknowledged of all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub department: String,
    pub acknowledged: usize,
    pub total: usize,
}

/// Per department (by name, in order), from each recipient's department and whether they
/// acknowledged.
pub fn coverage<'a>(recipients: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<Reach> {
    let mut out: Vec<Reach> = Vec::new();
    for (department, done) in recipients {
        match out.iter_mut().find(|r| r.department == department) {
            Some(r) => {
                r.total += 1;
                r.acknowledged += usize::from(done);
            }
            None => out.push(Reach {
                department: department.to_owned(),
                acknowledged: usize::from(done),
                total: 1,
            }),
        }
    }
    out.sort_by(|a, b| a.department.cmp(&b.department));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dept(id: i64, parent_id: Option<i64>) -> Department {
        Department {
            id,
            code: format!("d{id}"),
            name: format!("d{id}"),
            kind: "department".into(),
            parent_id,
        }
    }

    #[test]
    fn a_department_brings_its_people_and_those_below_and_each_comes_once() {
        let tree = [
            dept(1, None),
            dept(2, Some(1)),
            dept(3, Some(2)),
            dept(4, Some(1)),
        ];
        let p = |id, department_id, active| Person {
            id,
            department_id,
            active,
        };
        let accounts = [
            p(10, 2, true),
            p(11, 3, true),
            p(12, 3, false),
            p(13, 4, true),
            p(14, 1, true),
        ];
        assert_eq!(recipients(&[2], &[], &tree, &accounts), vec![10, 11]);
        assert_eq!(
            recipients(&[2], &[11, 13, 12], &tree, &accounts),
            vec![10, 11, 13],
            "the inactive one left out, the one in both counted once"
        );
        assert!(recipients(&[], &[], &tree, &accounts).is_empty());
    }

    #[test]
    fn a_notice_needs_its_text_a_deadline_from_today_and_someone_to_tell() {
        let today = day("2026-12-04");
        let ok = check_notice(
            "夜间施工投诉激增",
            "请各部门加强巡查",
            Some(today),
            today,
            3,
        );
        assert_eq!(ok, Ok(today));
        assert_eq!(
            check_notice("夜", "x x", Some(today), today, 3),
            Err(("title", FieldProblem::TooShort))
        );
        assert_eq!(
            check_notice("夜间施工", " ", Some(today), today, 3),
            Err(("body", FieldProblem::Required))
        );
        assert_eq!(
            check_notice("夜间施工", "加强巡查", Some(day("2026-12-03")), today, 3),
            Err(("deadline", FieldProblem::MustBeLater))
        );
        assert_eq!(
            check_notice("夜间施工", "加强巡查", None, today, 3),
            Err(("deadline", FieldProblem::BadDate))
        );
        assert_eq!(
            check_notice("夜间施工", "加强巡查", Some(today), today, 0),
            Err(("recipients", FieldProblem::Required))
        );
    }

    #[test]
    fn reminders_come_once_a_working_day_until_the_deadline() {
        let cal = WorkingCalendar::default();
        let published = day("2026-12-02"); // Wednesday
        let deadline = day("2026-12-08"); // Tuesday
        let due = |last: Option<&str>, today: &str| {
            reminder_due(published, deadline, last.map(day), day(today), &cal)
        };
        assert!(!due(None, "2026-12-02"), "not on the day it was published");
        assert!(due(None, "2026-12-03"));
        assert!(!due(Some("2026-12-03"), "2026-12-03"), "once a day");
        assert!(due(Some("2026-12-03"), "2026-12-04"));
        assert!(!due(Some("2026-12-04"), "2026-12-05"), "not on a Saturday");
        assert!(due(Some("2026-12-04"), "2026-12-08"), "on the deadline");
        assert!(!due(Some("2026-12-08"), "2026-12-09"), "expired");
    }

    #[test]
    fn coverage_counts_each_department() {
        let reach = coverage([
            ("城管", true),
            ("市场", false),
            ("城管", false),
            ("城管", true),
        ]);
        assert_eq!(
            reach,
            vec![
                Reach {
                    department: "城管".into(),
                    acknowledged: 2,
                    total: 3
                },
                Reach {
                    department: "市场".into(),
                    acknowledged: 0,
                    total: 1
                },
            ]
        );
    }
}
