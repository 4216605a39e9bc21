//! The deadline engine's rules: which clock runs on a ticket, when it turns amber (a
//! pre-breach warning at 75 % of its working time), and when an overdue clock escalates —
//! level 1 at the deadline (department lead), level 2 one working day later (supervisors),
//! level 3 three working days after the deadline (the centre head). Each level is raised
//! once per deadline; a new deadline (reassignment, redo, approved extension) starts over.
use super::calendar::WorkingCalendar;
use super::ticket::State;
use super::workflow::Progress;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    SignFor,
    Resolve,
}

/// A card's colour: more than 25 % of the working time left, 25 % or less, overdue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Green,
    Amber,
    Red,
}

impl Urgency {
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Green => "green",
            Urgency::Amber => "amber",
            Urgency::Red => "red",
        }
    }
}

/// The colour at `now` of a deadline `due_at` that warns at `warn_at`.
pub fn urgency(now: i64, warn_at: Option<i64>, due_at: i64) -> Urgency {
    if now >= due_at {
        Urgency::Red
    } else if warn_at.is_some_and(|w| now >= w) {
        Urgency::Amber
    } else {
        Urgency::Green
    }
}

/// Days of working time after the deadline at which levels 2 and 3 are raised.
pub const LEVEL_DAYS: [i64; 3] = [0, 1, 3];
pub const TOP_LEVEL: i64 = 3;

/// The clock the engine watches: sign-for while assigned, resolve while in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Running {
    pub clock: Clock,
    pub started_at: i64,
    pub due_at: i64,
}

pub fn running(p: &Progress) -> Option<Running> {
    let (clock, due_at) = match p.state() {
        State::Assigned => (Clock::SignFor, p.sign_due_at?),
        State::InProgress => (Clock::Resolve, p.resolve_due_at?),
        _ => return None,
    };
    let started_at = p.clock_started_at.or(p.assigned_at).unwrap_or(due_at);
    Some(Running {
        clock,
        started_at,
        due_at,
    })
}

/// The instants that matter for one deadline, on the working calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Watch {
    pub clock: Clock,
    pub due_at: i64,
    /// 75 % of the working time between start and deadline has passed.
    pub warn_at: i64,
    /// When levels 1, 2 and 3 fall due.
    pub escalate_at: [i64; 3],
}

fn utc(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

pub fn watch<Tz: TimeZone>(cal: &WorkingCalendar, tz: &Tz, r: &Running) -> Watch {
    let (start, due) = (utc(r.started_at), utc(r.due_at));
    let total = cal.working_minutes_between(start, due, tz);
    // 75 % rounded up to the minute; a deadline with no working time between warns at once.
    let warn_at = if total > 0 {
        cal.add_working_minutes(start, (total * 3 + 3) / 4, tz)
            .timestamp_millis()
            .min(r.due_at)
    } else {
        r.started_at.min(r.due_at)
    };
    let per_day = cal.working_minutes_per_day();
    let escalate_at = LEVEL_DAYS.map(|d| {
        cal.add_working_minutes(due, d * per_day, tz)
            .timestamp_millis()
    });
    Watch {
        clock: r.clock,
        due_at: r.due_at,
        warn_at,
        escalate_at,
    }
}

/// What the engine has already raised for a ticket, and for which deadline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub due_at: Option<i64>,
    pub warned: bool,
    pub level: i64,
}

impl Marks {
    /// The marks for `w`: kept when they refer to its deadline, cleared for a new one.
    pub fn for_watch(self, w: &Watch) -> Marks {
        if self.due_at == Some(w.due_at) {
            self
        } else {
            Marks {
                due_at: Some(w.due_at),
                warned: false,
                level: 0,
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "alarm", rename_all = "snake_case")]
pub enum Alarm {
    Warning {
        clock: Clock,
        due_at: i64,
    },
    Escalation {
        clock: Clock,
        level: i64,
        due_at: i64,
    },
}

/// The alarms due at `now` that were not raised yet, and the marks after raising them.
/// A warning is skipped once the deadline itself has passed (the escalation says more).
pub fn alarms_due(w: &Watch, marks: Marks, now: i64) -> (Vec<Alarm>, Marks) {
    let mut m = marks.for_watch(w);
    let mut out = Vec::new();
    if !m.warned && now >= w.warn_at {
        m.warned = true;
        if now < w.due_at {
            out.push(Alarm::Warning {
                clock: w.clock,
                due_at: w.due_at,
            });
        }
    }
    for (i, at) in w.escalate_at.iter().enumerate() {
        let level = i as i64 + 1;
        if m.level < level && now >= *at {
            m.level = level;
            out.push(Alarm::Escalation {
                clock: w.clock,
                level,
                due_at: w.due_at,
            });
        }
    }
    (out, m)
}

/// When the engine must look at the ticket next (`None`: nothing left to raise).
pub fn next_check(w: &Watch, marks: Marks) -> Option<i64> {
    let m = marks.for_watch(w);
    let warn = (!m.warned).then_some(w.warn_at);
    let level = usize::try_from(m.level)
        .ok()
        .and_then(|l| w.escalate_at.get(l).copied());
    match (warn, level) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// What the store keeps after a change: the amber line, the marks, the next look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    pub warn_at: Option<i64>,
    pub marks: Marks,
    pub next_check_at: Option<i64>,
}

/// The schedule of a ticket's running clock, keeping the marks that still apply.
pub fn schedule<Tz: TimeZone>(
    cal: &WorkingCalendar,
    tz: &Tz,
    p: &Progress,
    marks: Marks,
) -> Schedule {
    match running(p) {
        None => Schedule::default(),
        Some(r) => {
            let w = watch(cal, tz, &r);
            let marks = marks.for_watch(&w);
            Schedule {
                warn_at: Some(w.warn_at),
                marks,
                next_check_at: next_check(&w, marks),
            }
        }
    }
}

/// The schedule of a ticket that arrives with its past (a bulk load, an import): the alarms
/// already due by `now` count as raised, so the engine raises only what falls due later.
pub fn schedule_as_of<Tz: TimeZone>(
    cal: &WorkingCalendar,
    tz: &Tz,
    p: &Progress,
    now: i64,
) -> Schedule {
    match running(p) {
        None => Schedule::default(),
        Some(r) => {
            let w = watch(cal, tz, &r);
            let (_, marks) = alarms_due(&w, Marks::default(), now);
            Schedule {
                warn_at: Some(w.warn_at),
                marks,
                next_check_at: next_check(&w, marks),
            }
        }
    }
}

/// A stretch of time as the board says it: hours and minutes within a day, days and hours
/// beyond (149 hours reads as 6 days 5 hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Hours(i64, i64),
    Days(i64, i64),
}

impl Span {
    pub fn of_minutes(minutes: i64) -> Span {
        if minutes < 24 * 60 {
            Span::Hours(minutes / 60, minutes % 60)
        } else {
            Span::Days(minutes / (24 * 60), minutes % (24 * 60) / 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_or_more_reads_in_days_and_hours() {
        assert_eq!(Span::of_minutes(0), Span::Hours(0, 0));
        assert_eq!(Span::of_minutes(90), Span::Hours(1, 30));
        assert_eq!(Span::of_minutes(24 * 60 - 1), Span::Hours(23, 59));
        assert_eq!(Span::of_minutes(24 * 60), Span::Days(1, 0));
        assert_eq!(Span::of_minutes(149 * 60 + 32), Span::Days(6, 5));
    }
    use crate::domain::calendar::DayKind;
    use chrono::NaiveDate;

    fn tz() -> chrono_tz::Tz {
        chrono_tz::Asia::Shanghai
    }
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        tz().with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .timestamp_millis()
    }
    /// 2026 National Day: 1–8 October off, Saturday 10 October a make-up working day.
    fn calendar() -> WorkingCalendar {
        let mut c = WorkingCalendar::default();
        for d in 1..=8 {
            c.special_days.insert(
                NaiveDate::from_ymd_opt(2026, 10, d).unwrap(),
                DayKind::Holiday,
            );
        }
        c.special_days.insert(
            NaiveDate::from_ymd_opt(2026, 10, 10).unwrap(),
            DayKind::Workday,
        );
        c
    }

    #[test]
    fn colours_by_time_left() {
        let (warn, due) = (at(2026, 11, 2, 15, 0), at(2026, 11, 2, 17, 0));
        assert_eq!(
            urgency(at(2026, 11, 2, 14, 59), Some(warn), due),
            Urgency::Green
        );
        assert_eq!(urgency(warn, Some(warn), due), Urgency::Amber);
        assert_eq!(urgency(due - 1, Some(warn), due), Urgency::Amber);
        assert_eq!(urgency(due, Some(warn), due), Urgency::Red);
        assert_eq!(urgency(due - 1, None, due), Urgency::Green);
    }

    #[test]
    fn warns_at_three_quarters_of_the_working_time() {
        // Monday 9:00 + 40 working hours = Friday 13:00; 75 % = 30 h = Thursday 12:00.
        let r = Running {
            clock: Clock::Resolve,
            started_at: at(2026, 11, 2, 9, 0),
            due_at: at(2026, 11, 6, 13, 0),
        };
        let w = watch(&WorkingCalendar::default(), &tz(), &r);
        assert_eq!(w.warn_at, at(2026, 11, 5, 12, 0));
        // Overnight the clock stops: a 2 h sign-for from 17:00 warns at 9:30 next day.
        let r = Running {
            clock: Clock::SignFor,
            started_at: at(2026, 11, 2, 17, 0),
            due_at: at(2026, 11, 3, 10, 0),
        };
        let w = watch(&WorkingCalendar::default(), &tz(), &r);
        assert_eq!(w.warn_at, at(2026, 11, 3, 9, 30));
    }

    #[test]
    fn escalation_skips_holidays_and_counts_make_up_days() {
        // Due Wednesday 30 September 17:00, just before the National Day holidays.
        let r = Running {
            clock: Clock::Resolve,
            started_at: at(2026, 9, 28, 9, 0),
            due_at: at(2026, 9, 30, 17, 0),
        };
        let w = watch(&calendar(), &tz(), &r);
        assert_eq!(w.escalate_at[0], at(2026, 9, 30, 17, 0));
        // one working day: 1 h on 30 Sep, 8 h on Fri 9 Oct → 9 Oct 17:00
        assert_eq!(w.escalate_at[1], at(2026, 10, 9, 17, 0));
        // three working days: 9 Oct, the make-up Saturday 10 Oct, Monday 12 Oct → 12 Oct 17:00
        assert_eq!(w.escalate_at[2], at(2026, 10, 12, 17, 0));
    }

    fn sample() -> Watch {
        watch(
            &WorkingCalendar::default(),
            &tz(),
            &Running {
                clock: Clock::SignFor,
                started_at: at(2026, 11, 2, 9, 0),
                due_at: at(2026, 11, 2, 11, 0),
            },
        )
    }

    #[test]
    fn each_alarm_once_per_deadline() {
        let w = sample();
        let (a, m) = alarms_due(&w, Marks::default(), at(2026, 11, 2, 9, 0));
        assert!(a.is_empty());
        assert_eq!(next_check(&w, m), Some(at(2026, 11, 2, 10, 30)));
        let (a, m) = alarms_due(&w, m, at(2026, 11, 2, 10, 30));
        assert_eq!(
            a,
            vec![Alarm::Warning {
                clock: Clock::SignFor,
                due_at: w.due_at
            }]
        );
        let (again, m) = alarms_due(&w, m, at(2026, 11, 2, 10, 45));
        assert!(again.is_empty());
        assert_eq!(next_check(&w, m), Some(w.due_at));
        let (a, m) = alarms_due(&w, m, w.due_at);
        assert_eq!(a.len(), 1);
        assert_eq!(m.level, 1);
        assert_eq!(next_check(&w, m), Some(at(2026, 11, 3, 11, 0)));
        // Down for a week: levels 2 and 3 come together, once.
        let (a, m) = alarms_due(&w, m, at(2026, 11, 9, 12, 0));
        let levels: Vec<i64> = a
            .iter()
            .filter_map(|a| match a {
                Alarm::Escalation { level, .. } => Some(*level),
                Alarm::Warning { .. } => None,
            })
            .collect();
        assert_eq!(levels, vec![2, 3]);
        assert_eq!(next_check(&w, m), None);
        assert!(alarms_due(&w, m, at(2026, 12, 1, 12, 0)).0.is_empty());
    }

    #[test]
    fn a_late_first_look_escalates_without_a_stale_warning() {
        let w = sample();
        let (a, m) = alarms_due(&w, Marks::default(), at(2026, 11, 2, 11, 5));
        assert_eq!(
            a,
            vec![Alarm::Escalation {
                clock: Clock::SignFor,
                level: 1,
                due_at: w.due_at
            }]
        );
        assert!(m.warned);
    }

    #[test]
    fn a_new_deadline_starts_over() {
        let w = sample();
        let (_, m) = alarms_due(&w, Marks::default(), at(2026, 11, 2, 12, 0));
        assert_eq!(m.level, 1);
        let later = Watch {
            due_at: w.due_at + 3_600_000,
            ..w
        };
        assert_eq!(m.for_watch(&later).level, 0);
        assert_eq!(m.for_watch(&w), m);
    }

    #[test]
    fn running_clock_by_state() {
        let mut p = Progress {
            state: Some(State::Assigned),
            assigned_at: Some(1),
            clock_started_at: Some(1),
            sign_due_at: Some(10),
            resolve_due_at: Some(100),
            ..Default::default()
        };
        assert_eq!(
            running(&p).map(|r| (r.clock, r.due_at)),
            Some((Clock::SignFor, 10))
        );
        p.state = Some(State::InProgress);
        assert_eq!(
            running(&p).map(|r| (r.clock, r.due_at)),
            Some((Clock::Resolve, 100))
        );
        p.state = Some(State::Resolved);
        assert_eq!(running(&p), None);
    }
}
