//! Each KPI on a hand-built desk, against figures counted by hand.
use super::*;
use crate::domain::events::EventData;
use crate::domain::report::tests::{assigned_with as assigned, callback, resolved};
use crate::domain::report::{project, Step, TicketBasics};
use crate::domain::ticket::Channel;

const H: i64 = 3_600_000;
const DAY: i64 = 24 * H;

fn signed() -> EventData {
    EventData::SignedFor { handler: None }
}
fn returned() -> EventData {
    EventData::Returned {
        reason: "不属本部门".into(),
        return_count: 1,
    }
}

/// Six tickets over two departments (7: handlers 70 and 71; 8: handler 80), the first
/// period being the day `[0, DAY)`:
/// 1. to 7, signed by 70 in time, resolved in time, caller satisfied;
/// 2. to 7, returned unsigned before its sign-for deadline; to 8, signed late by 80, an
///    extension moves its deadline into the next day, resolved then, caller unreachable;
/// 3. a repeat call; to 7, signed by 71, its deadline at 23:59 missed (resolved next day);
/// 4. to 7, resolved by 70, caller unsatisfied, redone, resolved again, basically satisfied;
/// 5. to 8, put under supervision, never signed for, still open past its deadline;
/// 6. answered at intake.
fn desk() -> Vec<FactRow> {
    use CallbackOutcome::*;
    let tickets: Vec<(bool, i64, Vec<Step>)> = vec![
        (
            false,
            0,
            vec![
                (H, None, assigned(7, 2 * H, 10 * H)),
                (3 * H / 2, Some(70), signed()),
                (9 * H, Some(70), resolved()),
                (12 * H, Some(1), callback(Satisfied)),
            ],
        ),
        (
            false,
            0,
            vec![
                (H, None, assigned(7, 2 * H, 10 * H)),
                (3 * H / 2, Some(71), returned()),
                (3 * H, None, assigned(8, 4 * H, 20 * H)),
                (5 * H, Some(80), signed()),
                (
                    6 * H,
                    Some(2),
                    EventData::ExtensionDecided {
                        request_id: 1,
                        approved: true,
                        resolve_due_at: Some(30 * H),
                        note: String::new(),
                    },
                ),
                (28 * H, Some(80), resolved()),
                (29 * H, Some(1), callback(Unreachable)),
            ],
        ),
        (
            true,
            2 * H,
            vec![
                (2 * H, None, assigned(7, 3 * H, DAY - 60_000)),
                (5 * H / 2, Some(71), signed()),
                (25 * H, Some(71), resolved()),
            ],
        ),
        (
            false,
            3 * H,
            vec![
                (3 * H, None, assigned(7, 4 * H, 8 * H)),
                (7 * H / 2, Some(70), signed()),
                (7 * H, Some(70), resolved()),
                (8 * H, Some(1), callback(Unsatisfied)),
                (
                    8 * H,
                    Some(1),
                    EventData::Redo {
                        resolve_due_at: 20 * H,
                        redo_count: 1,
                    },
                ),
                (15 * H, Some(70), resolved()),
                (16 * H, Some(1), callback(BasicallySatisfied)),
            ],
        ),
        (
            false,
            4 * H,
            vec![
                (4 * H, None, assigned(8, 5 * H, 12 * H)),
                (
                    6 * H,
                    Some(2),
                    EventData::Supervised {
                        note: "督办".into(),
                    },
                ),
            ],
        ),
        (
            false,
            5 * H,
            vec![(
                5 * H,
                Some(1),
                EventData::DirectAnswered {
                    answer: "已答复".into(),
                },
            )],
        ),
    ];
    let mut rows = Vec::new();
    for (i, (repeat, registered_at, steps)) in tickets.into_iter().enumerate() {
        let basics = TicketBasics {
            registered_at,
            channel: Channel::Phone,
            category_id: 1,
            repeat,
        };
        let (facts, _) = project(&basics, &steps);
        rows.extend(facts.into_iter().map(|fact| FactRow {
            ticket_id: i as i64 + 1,
            fact,
        }));
    }
    rows
}

/// Every instant is working time: a minute is a minute.
fn minutes(a: i64, b: i64) -> i64 {
    (b - a) / 60_000
}

fn period(from: i64, to: i64) -> KpiDay {
    let facts: Vec<FactRow> = desk()
        .into_iter()
        .filter(|r| r.fact.at >= from && r.fact.at < to)
        .collect();
    KpiDay::of_facts(&facts, 40 * H, &minutes)
}

#[test]
fn a_departments_day_counts_as_counted_by_hand() {
    let day = period(0, DAY);
    let seven = KpiCounts {
        received: 4,
        repeat_calls: 1,
        assigned: 4,
        sign_due: 3,
        signed_on_time: 3,
        signed: 3,
        sign_minutes: 90,
        to_complete: 4,
        completed: 3,
        due: 4,
        due_on_time: 3,
        resolved: 3,
        resolve_minutes: 480 + 240 + 420,
        called_back: 3,
        first_time_satisfied: 1,
        first_time_basically: 0,
        answers: OutcomeCounts {
            satisfied: 1,
            basically_satisfied: 1,
            unsatisfied: 1,
            unreachable: 0,
        },
        returns: 1,
        extensions: 0,
        redos: 1,
        supervised: 0,
        supervised_due: 0,
        supervised_on_time: 0,
    };
    assert_eq!(day.departments[&7], seven);
    let eight = KpiCounts {
        received: 1,
        assigned: 2,
        sign_due: 2,
        signed: 1,
        sign_minutes: 120,
        to_complete: 2,
        completed: 1,
        due: 1,
        extensions: 1,
        supervised: 1,
        supervised_due: 1,
        ..KpiCounts::default()
    };
    assert_eq!(day.departments[&8], eight);
    assert_eq!(
        day.desk.received, 6,
        "the answer at intake was received too"
    );
    assert_eq!(
        day.desk.resolved, 3,
        "but owes no callback and is not a resolution"
    );
    assert_eq!(day.desk.due, 5);
}

#[test]
fn the_kpis_are_the_hand_counted_shares() {
    let c = &period(0, DAY).departments[&7];
    let rules = KpiRules::default();
    let v = |k: Kpi| k.value(c, rules);
    assert_eq!(v(Kpi::OnTimeSignFor), Some(1.0));
    assert_eq!(v(Kpi::OnTimeCompletion), Some(0.75), "23:59 was missed");
    assert_eq!(
        v(Kpi::Completion),
        Some(0.75),
        "the returned one is not completed"
    );
    assert_eq!(v(Kpi::CallbackRate), Some(1.0));
    assert_eq!(v(Kpi::Satisfaction), Some(2.0 / 3.0));
    let strict = KpiRules {
        basically_counts: false,
    };
    assert_eq!(Kpi::Satisfaction.value(c, strict), Some(1.0 / 3.0));
    assert_eq!(v(Kpi::ReturnRate), Some(0.25));
    assert_eq!(v(Kpi::ExtensionRate), Some(0.0));
    assert_eq!(v(Kpi::RedoRate), Some(1.0 / 3.0));
    assert_eq!(
        v(Kpi::FirstTimeResolution),
        Some(1.0 / 3.0),
        "the redone one is not"
    );
    assert_eq!(v(Kpi::RepeatCallRate), Some(0.25));
    assert_eq!(v(Kpi::HoursToSignFor), Some(0.5));
    assert_eq!(v(Kpi::HoursToResolve), Some(1140.0 / 3.0 / 60.0));
    assert_eq!(v(Kpi::SupervisedOnTime), None, "nothing to divide");
    let eight = &period(0, DAY).departments[&8];
    assert_eq!(Kpi::SupervisedOnTime.value(eight, rules), Some(0.0));
    assert_eq!(
        Kpi::OnTimeSignFor.value(eight, rules),
        Some(0.0),
        "one signed late, one never"
    );
}

#[test]
fn a_handler_is_counted_for_the_work_they_signed_for() {
    let day = period(0, DAY);
    let p = &day.persons[&70];
    assert_eq!((p.assigned, p.signed_on_time, p.sign_minutes), (2, 2, 60));
    assert_eq!((p.due, p.due_on_time, p.resolved, p.redos), (3, 3, 3, 1));
    assert_eq!(day.persons[&71].due_on_time, 0);
    assert_eq!(
        day.persons[&71].assigned, 1,
        "not the return of an unsigned ticket"
    );
    assert_eq!(
        (day.persons[&80].signed_on_time, day.persons[&80].extensions),
        (0, 1)
    );
    assert_eq!(day.persons.len(), 3, "nobody signed for the supervised one");
}

#[test]
fn a_deadline_moved_into_the_next_period_counts_there() {
    let next = period(DAY, 2 * DAY);
    let c = &next.departments[&8];
    assert_eq!((c.due, c.due_on_time), (1, 1), "30 h, met at 28 h");
    assert_eq!(
        (c.resolved, c.called_back),
        (1, 1),
        "an unreachable caller was called"
    );
    assert_eq!(Kpi::Satisfaction.value(c, KpiRules::default()), None);
    assert_eq!(
        next.departments[&7].due, 0,
        "ticket 3's deadline fell the day before"
    );
}

#[test]
fn a_deadline_still_to_fall_counts_nowhere() {
    // Ticket 5: due at 12 h, still open.
    let facts: Vec<FactRow> = desk().into_iter().filter(|r| r.ticket_id == 5).collect();
    let before = KpiDay::of_facts(&facts, 11 * H, &minutes);
    assert_eq!(before.departments[&8].due, 0);
    let after = KpiDay::of_facts(&facts, 13 * H, &minutes);
    assert_eq!(
        (after.departments[&8].due, after.departments[&8].due_on_time),
        (1, 0)
    );
}

#[test]
fn days_add_up_to_their_period() {
    let mut sum = period(0, DAY);
    sum.add(&period(DAY, 2 * DAY));
    assert_eq!(sum, period(0, 2 * DAY));
}

#[test]
fn a_rectification_is_on_time_when_submitted_before_its_deadline_ended() {
    let facts = [
        RectificationFact {
            department_id: 7,
            deadline_end: DAY,
            submitted_at: Some(DAY - 1),
        },
        RectificationFact {
            department_id: 7,
            deadline_end: DAY,
            submitted_at: Some(DAY),
        },
        RectificationFact {
            department_id: 8,
            deadline_end: DAY,
            submitted_at: None,
        },
        RectificationFact {
            department_id: 8,
            deadline_end: 2 * DAY,
            submitted_at: None,
        },
    ];
    let by = rectifications_on_time(&facts, 0, DAY);
    assert_eq!(by[&7], (2, 1));
    assert_eq!(by[&8], (1, 0), "the next period's deadline is not counted");
}

#[test]
fn a_period_is_a_month_a_year_or_a_range_of_days() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        parse_period("2026-11"),
        Some((d("2026-11-01"), d("2026-11-30")))
    );
    assert_eq!(
        parse_period("2024-02"),
        Some((d("2024-02-01"), d("2024-02-29")))
    );
    assert_eq!(
        parse_period("2026"),
        Some((d("2026-01-01"), d("2026-12-31")))
    );
    assert_eq!(
        parse_period("2026-11-03..2026-11-09"),
        Some((d("2026-11-03"), d("2026-11-09")))
    );
    for bad in [
        "",
        "2026-13",
        "2026-1",
        "11-2026",
        "2026-11-09..2026-11-03",
        "1999",
        "2025-01-01..2026-12-31",
    ] {
        assert_eq!(parse_period(bad), None, "{bad}");
    }
    for code in ["2026-11", "2026", "2026-11-03..2026-11-09"] {
        assert_eq!(period_code(parse_period(code).unwrap()), code);
    }
    assert_eq!(
        last_month(d("2026-12-04")),
        (d("2026-11-01"), d("2026-11-30"))
    );
    assert_eq!(
        last_month(d("2026-01-01")),
        (d("2025-12-01"), d("2025-12-31"))
    );
}

#[test]
fn the_period_before_is_the_month_the_year_or_as_many_days_before() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let before = |code: &str| period_code(previous_period(parse_period(code).unwrap()));
    assert_eq!(before("2026-03"), "2026-02");
    assert_eq!(before("2026-01"), "2025-12");
    assert_eq!(before("2026"), "2025");
    assert_eq!(before("2026-11-03..2026-11-09"), "2026-10-27..2026-11-02");
    assert_eq!(
        previous_period((d("2026-12-05"), d("2026-12-05"))),
        (d("2026-12-04"), d("2026-12-04")),
        "a day: the day before"
    );
}
