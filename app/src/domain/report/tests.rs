use super::*;
use crate::domain::dispatch::{Basis, BasisRule};

const H: i64 = 3_600_000;

fn basics() -> TicketBasics {
    TicketBasics {
        registered_at: 0,
        channel: Channel::Phone,
        category_id: 11,
        repeat: false,
    }
}

fn steps(events: &[(i64, EventData)]) -> Vec<Step> {
    events
        .iter()
        .map(|(at, e)| (*at, None, e.clone()))
        .collect()
}

/// Sent to a department (by the dispatcher, nobody named) with its two deadlines.
pub(crate) fn assigned_with(
    department_id: i64,
    sign_due_at: i64,
    resolve_due_at: i64,
) -> EventData {
    EventData::Assigned {
        department_id,
        department: String::new(),
        handler_id: None,
        handler: None,
        basis: Basis {
            rule: BasisRule::Manual,
            catalogue: None,
            open_count: None,
            eligible: None,
        },
        reason: None,
        reassigned: false,
        sign_due_at,
        resolve_due_at,
    }
}

fn assigned(department_id: i64, resolve_due_at: i64) -> EventData {
    assigned_with(department_id, resolve_due_at, resolve_due_at)
}

pub(crate) fn resolved() -> EventData {
    EventData::Resolved {
        result: "修好了".into(),
        callback_due_at: 0,
    }
}

pub(crate) fn callback(outcome: CallbackOutcome) -> EventData {
    EventData::CallbackRecorded {
        outcome,
        told: String::new(),
        reason: String::new(),
        next_step: String::new(),
        attempt: 1,
        closed: false,
    }
}

fn kinds(facts: &[Fact]) -> Vec<(FactKind, i64, Option<i64>)> {
    facts
        .iter()
        .map(|f| (f.kind, f.at, f.department_id))
        .collect()
}

#[test]
fn an_approved_extension_turns_a_late_resolution_on_time() {
    let events = vec![
        (0, registered()),
        (H, assigned(7, 10 * H)),
        (
            5 * H,
            EventData::ExtensionDecided {
                request_id: 1,
                approved: true,
                resolve_due_at: Some(20 * H),
                note: String::new(),
            },
        ),
        (15 * H, resolved()),
    ];
    let (facts, spans) = project(&basics(), &steps(&events));
    assert_eq!(
        kinds(&facts),
        vec![
            (FactKind::Received, 0, Some(7)),
            (FactKind::Dispatched, H, Some(7)),
            (FactKind::Assigned, H, Some(7)),
            (FactKind::ExtensionApproved, 5 * H, Some(7)),
            (FactKind::Due, 20 * H, Some(7)),
            (FactKind::Resolved, 15 * H, Some(7)),
        ]
    );
    assert_eq!(facts[5].on_time, Some(true), "due 20 h after the extension");
    assert_eq!(
        facts[4].on_time,
        Some(true),
        "the deadline in force was met"
    );
    assert_eq!(facts[0].category_id, Some(11));
    assert_eq!(
        spans,
        vec![
            span(None, 0, Some(H), None),
            span(Some(7), H, Some(5 * H), Some(10 * H)),
            span(Some(7), 5 * H, Some(15 * H), Some(20 * H)),
        ]
    );
    // Without the extension the same resolution is late.
    let late: Vec<_> = events.into_iter().filter(|(at, _)| *at != 5 * H).collect();
    let (facts, _) = project(&basics(), &steps(&late));
    assert_eq!(facts.last().unwrap().on_time, Some(false));
}

fn registered() -> EventData {
    EventData::Registered {
        number: "20261102-000001".into(),
        category: "complaint/noise".into(),
        channel: Channel::Phone,
        priority: crate::domain::ticket::Priority::Normal,
        confidentiality: crate::domain::roles::Clearance::Internal,
    }
}

fn span(d: Option<i64>, opened_at: i64, closed_at: Option<i64>, due_at: Option<i64>) -> Span {
    Span {
        department_id: d,
        opened_at,
        closed_at,
        due_at,
    }
}

#[test]
fn a_redo_reopens_the_ticket_until_it_is_resolved_again() {
    let events = vec![
        (0, registered()),
        (H, assigned(7, 10 * H)),
        (2 * H, resolved()),
        (3 * H, callback(CallbackOutcome::Unsatisfied)),
        (
            3 * H,
            EventData::Redo {
                resolve_due_at: 6 * H,
                redo_count: 1,
            },
        ),
        (8 * H, resolved()),
    ];
    let (facts, spans) = project(&basics(), &steps(&events));
    let resolutions: Vec<_> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Resolved)
        .map(|f| (f.at, f.on_time))
        .collect();
    assert_eq!(resolutions, vec![(2 * H, Some(true)), (8 * H, Some(false))]);
    assert_eq!(
        spans,
        vec![
            span(None, 0, Some(H), None),
            span(Some(7), H, Some(2 * H), Some(10 * H)),
            span(Some(7), 3 * H, Some(8 * H), Some(6 * H)),
        ]
    );
    let cb = facts.iter().find(|f| f.kind == FactKind::Callback).unwrap();
    assert_eq!(
        (cb.outcome, cb.department_id),
        (Some(CallbackOutcome::Unsatisfied), Some(7))
    );
}

#[test]
fn a_return_leaves_the_ticket_without_department_or_deadline() {
    let events = vec![
        (0, registered()),
        (H, assigned(7, 10 * H)),
        (
            2 * H,
            EventData::Returned {
                reason: "非我部门".into(),
                return_count: 1,
            },
        ),
        (4 * H, assigned(8, 12 * H)),
    ];
    let (facts, spans) = project(&basics(), &steps(&events));
    assert_eq!(
        facts[0].department_id,
        Some(7),
        "received by the first department"
    );
    let returned = facts.iter().find(|f| f.kind == FactKind::Returned).unwrap();
    assert_eq!(
        returned.department_id,
        Some(7),
        "counted against who returned it"
    );
    assert_eq!(
        facts
            .iter()
            .filter(|f| f.kind == FactKind::Dispatched)
            .count(),
        1
    );
    assert_eq!(
        spans,
        vec![
            span(None, 0, Some(H), None),
            span(Some(7), H, Some(2 * H), Some(10 * H)),
            span(None, 2 * H, Some(4 * H), None),
            span(Some(8), 4 * H, None, Some(12 * H)),
        ]
    );
}

#[test]
fn a_direct_answer_is_resolved_at_once_and_leaves_no_stretch() {
    let events = vec![
        (0, registered()),
        (
            0,
            EventData::DirectAnswered {
                answer: "周一至周五".into(),
            },
        ),
    ];
    let (facts, spans) = project(&basics(), &steps(&events));
    assert_eq!(
        kinds(&facts),
        vec![(FactKind::Received, 0, None), (FactKind::Resolved, 0, None)]
    );
    assert_eq!(facts[1].on_time, Some(true));
    assert!(spans.is_empty());
}

fn row(ticket_id: i64, kind: FactKind, at: i64, dept: Option<i64>) -> FactRow {
    FactRow {
        ticket_id,
        fact: Fact::new(kind, at, dept),
    }
}

#[test]
fn a_day_counts_each_ticket_resolved_once_as_its_last_resolution() {
    let mut first = row(1, FactKind::Resolved, H, Some(7));
    first.fact.on_time = Some(true);
    let mut again = row(1, FactKind::Resolved, 5 * H, Some(7));
    again.fact.on_time = Some(false);
    let mut other = row(2, FactKind::Resolved, 2 * H, Some(8));
    other.fact.on_time = Some(true);
    let facts = vec![first, row(1, FactKind::Redo, 3 * H, Some(7)), again, other];
    let c = Counts::of_day(&facts, &vec![(Some(7), 3, 2), (None, 4, 0)], 0, &|_, _| 0);
    assert_eq!((c.resolved, c.resolved_on_time, c.redos), (2, 1, 1));
    assert_eq!((c.backlog_at_close, c.overdue_at_close), (7, 2));
    let d7 = &c.departments[&7];
    assert_eq!(
        (
            d7.resolved,
            d7.resolved_on_time,
            d7.redos,
            d7.overdue_at_close
        ),
        (1, 0, 1, 2)
    );
    assert_eq!(c.departments[&8].resolved_on_time, 1);
}

fn refs() -> (Vec<DepartmentRef>, Vec<CategoryRef>) {
    let d = |id, code: &str, in_league| DepartmentRef {
        id,
        code: code.into(),
        in_league,
    };
    let c = |id, code: &str, parent_id| CategoryRef {
        id,
        code: code.into(),
        parent_id,
    };
    (
        vec![
            d(1, "centre", false),
            d(7, "chengguan", true),
            d(8, "zhujian", true),
        ],
        vec![
            c(10, "complaint", None),
            c(11, "complaint/noise", Some(10)),
            c(12, "complaint/noise/night", Some(11)),
            c(20, "enquiry", None),
            c(21, "enquiry/policy", Some(20)),
        ],
    )
}

fn received(by_category: &[(i64, i64)]) -> Counts {
    Counts {
        received: by_category.iter().map(|(_, n)| n).sum(),
        received_by_category: by_category.iter().copied().collect(),
        ..Counts::default()
    }
}

#[test]
fn the_report_rolls_categories_up_and_ranks_hot_issues() {
    let (depts, cats) = refs();
    let mut day = received(&[(11, 3), (12, 2), (21, 4), (20, 1)]);
    day.received_by_department.insert(7, 5);
    let prev = received(&[(11, 6), (21, 4)]);
    let week = received(&[(21, 1)]);
    let r = report(
        "2026-11-02",
        "Asia/Shanghai",
        &day,
        &prev,
        &week,
        &depts,
        &cats,
    );
    assert_eq!(r.received, 10);
    assert_eq!(
        r.received_by_category,
        BTreeMap::from([("complaint".into(), 5), ("enquiry".into(), 5)])
    );
    assert_eq!(
        r.received_by_department,
        BTreeMap::from([("chengguan".into(), 5)])
    );
    let hot: Vec<_> = r
        .hot_issues
        .iter()
        .map(|h| {
            (
                h.category.as_str(),
                h.received,
                h.share,
                h.change_vs_previous_day,
                h.change_vs_week_before,
            )
        })
        .collect();
    assert_eq!(
        hot,
        vec![
            // The night-noise sub-category counts under its second-level parent.
            ("complaint/noise", 5, 0.5, -1, 5),
            ("enquiry/policy", 4, 0.4, 0, 3),
            // Filed straight under the top level: it stands for itself.
            ("enquiry", 1, 0.1, 1, 1),
        ]
    );
    // Nothing resolved, nobody called back: the rates are null, not zero.
    assert_eq!((r.on_time_rate, r.satisfaction_rate), (None, None));
    // Every department is in the league, the centre is not.
    let league: Vec<_> = r
        .departments
        .iter()
        .map(|d| d.department.as_str())
        .collect();
    assert_eq!(league, vec!["chengguan", "zhujian"]);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["on_time_rate"].is_null());
    assert!(json.get("period").is_none(), "a day's report has no period");
}

#[test]
fn at_most_ten_hot_issues_largest_first_then_by_code() {
    let (depts, mut cats) = refs();
    let mut counts = Vec::new();
    for i in 0..12 {
        cats.push(CategoryRef {
            id: 100 + i,
            code: format!("complaint/c{i:02}"),
            parent_id: Some(10),
        });
        counts.push((100 + i, if i < 2 { 1 } else { 5 }));
    }
    let r = report(
        "d",
        "UTC",
        &received(&counts),
        &Counts::default(),
        &Counts::default(),
        &depts,
        &cats,
    );
    assert_eq!(r.hot_issues.len(), HOT_ISSUES);
    assert_eq!(r.hot_issues[0].category, "complaint/c02");
    assert!(r.hot_issues.iter().all(|h| h.received == 5));
}

#[test]
fn rates_divide_what_was_counted() {
    let o = OutcomeCounts {
        satisfied: 2,
        basically_satisfied: 1,
        unsatisfied: 1,
        unreachable: 5,
    };
    assert_eq!(
        o.satisfaction_rate(),
        Some(0.75),
        "unreachable callers are left out"
    );
    assert_eq!(
        OutcomeCounts {
            unreachable: 3,
            ..Default::default()
        }
        .satisfaction_rate(),
        None
    );
    assert_eq!(rate(1, 3), Some(1.0 / 3.0));
}

#[test]
fn a_period_sums_its_days_and_closes_with_the_last() {
    let mut a = received(&[(11, 2)]);
    a.resolved = 2;
    a.backlog_at_close = 9;
    a.overdue_at_close = 4;
    a.departments.insert(
        7,
        DepartmentCounts {
            assigned: 2,
            overdue_at_close: 4,
            ..Default::default()
        },
    );
    let mut b = received(&[(11, 1), (21, 1)]);
    b.resolved = 1;
    b.backlog_at_close = 6;
    b.overdue_at_close = 1;
    b.departments.insert(
        7,
        DepartmentCounts {
            assigned: 1,
            overdue_at_close: 1,
            ..Default::default()
        },
    );
    let p = Counts::over_days(&[a, b]);
    assert_eq!((p.received, p.resolved), (4, 3));
    assert_eq!(p.received_by_category, BTreeMap::from([(11, 3), (21, 1)]));
    assert_eq!((p.backlog_at_close, p.overdue_at_close), (6, 1));
    assert_eq!(
        (
            p.departments[&7].assigned,
            p.departments[&7].overdue_at_close
        ),
        (3, 1)
    );
}

#[test]
fn csv_fields_are_quoted_and_defused() {
    assert_eq!(csv("chengguan"), "chengguan");
    assert_eq!(csv("a,b"), "\"a,b\"");
    assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv("=SUM(A1)"), "'=SUM(A1)");
    let (depts, cats) = refs();
    let r = report(
        "2026-11-02",
        "Asia/Shanghai",
        &received(&[(11, 1)]),
        &Counts::default(),
        &Counts::default(),
        &depts,
        &cats,
    );
    let text = to_csv(&r);
    assert!(text.starts_with("metric,key,value\ndate,,2026-11-02\n"));
    assert!(text.contains("\nreceived_by_category,complaint,1\n"));
    assert!(
        text.contains("\non_time_rate,,\n"),
        "null rates are empty cells"
    );
    assert!(text.contains("\ncomplaint/noise,1,1,1,1\n"));
}

#[test]
fn periods_run_to_date_and_compare_with_the_stretch_before() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let mon_to_wed = (d(11, 2), d(11, 4));
    assert_eq!(Period::Week.days(d(11, 4)), mon_to_wed);
    assert_eq!(
        Period::Week.days(d(11, 2)),
        (d(11, 2), d(11, 2)),
        "2 Nov 2026 is a Monday"
    );
    assert_eq!(Period::Month.days(d(11, 4)), (d(11, 1), d(11, 4)));
    assert_eq!(Period::Year.days(d(11, 4)), (d(1, 1), d(11, 4)));
    assert_eq!(Period::Day.days(d(11, 4)), (d(11, 4), d(11, 4)));
    assert_eq!(
        Period::Day.comparisons((d(11, 4), d(11, 4))),
        [(d(11, 3), d(11, 3)), (d(10, 28), d(10, 28))]
    );
    assert_eq!(
        Period::Week.comparisons(mon_to_wed),
        [(d(10, 30), d(11, 1)), (d(10, 26), d(10, 28))]
    );
    let y = |yy, m, day| NaiveDate::from_ymd_opt(yy, m, day).unwrap();
    assert_eq!(
        Period::Month.comparisons((d(11, 1), d(11, 4)))[1],
        (y(2025, 11, 1), y(2025, 11, 4))
    );
    assert_eq!(Period::parse("month"), Some(Period::Month));
    assert_eq!(Period::parse("quarter"), None);
}

#[test]
fn an_imported_record_counts_on_its_own_days() {
    use crate::domain::import::ImportedCallback;
    let events = vec![(
        // Imported long after the facts it records.
        100 * H,
        EventData::Imported {
            source_id: "A-1".into(),
            department_id: Some(7),
            due_at: Some(10 * H),
            resolved_at: Some(12 * H),
            callback: Some(ImportedCallback {
                at: 13 * H,
                outcome: CallbackOutcome::BasicallySatisfied,
            }),
            archived_at: None,
            record: serde_json::json!({"source_id": "A-1"}),
        },
    )];
    let (facts, spans) = project(&basics(), &steps(&events));
    assert_eq!(
        kinds(&facts),
        vec![
            (FactKind::Received, 0, Some(7)),
            (FactKind::Dispatched, 0, Some(7)),
            (FactKind::Assigned, 0, Some(7)),
            (FactKind::Due, 10 * H, Some(7)),
            (FactKind::Resolved, 12 * H, Some(7)),
            (FactKind::Callback, 13 * H, Some(7)),
        ]
    );
    assert_eq!(facts[4].on_time, Some(false), "resolved after its deadline");
    assert_eq!(facts[3].on_time, Some(false), "its deadline was missed");
    assert_eq!(
        facts[4].outcome, facts[5].outcome,
        "the resolution knows its callback"
    );
    assert_eq!(spans, vec![span(Some(7), 0, Some(12 * H), Some(10 * H))]);
}

#[test]
fn a_close_follows_from_the_one_before_and_the_days_changes() {
    // Department 1 had 3 waiting, 1 overdue; department 2 had 1, not overdue.
    let previous = vec![(Some(1), 3, 1), (Some(2), 1, 0)];
    let d = CloseDelta {
        // One new ticket in department 1, already overdue; one in the queue.
        opened: vec![(None, 1, 0), (Some(1), 1, 1)],
        // Department 1 resolved its overdue one; department 2 its only one.
        closed: vec![(Some(1), 1, 1), (Some(2), 1, 0)],
        // One of department 1's older ones fell due during the day.
        fell_due: vec![(Some(1), 0, 1)],
    };
    assert_eq!(
        advance(&previous, &d),
        vec![(None, 1, 0), (Some(1), 3, 2)],
        "department 2 has none left and drops out"
    );
    assert_eq!(advance(&previous, &CloseDelta::default()), previous);
}
