//! Accountability (问责, policy art. 23): a violation (违规) names a person, the conduct of
//! art. 18 (or another, described), its evidence and grade, and the penalty — performance
//! points deducted (扣分, by grade unless set), a disciplinary measure (纪律处分) and a fine
//! (经济处罚). It is proposed (by compliance, a supervisor, or a lead for their department's
//! people), notified to the person, who may appeal (申诉) within a number of working days;
//! the leading group (the centre head and the supervisors) decides the appeal — upheld,
//! reduced or withdrawn, with a reason. Without an appeal it becomes final when the window
//! closes. Nothing is deleted: a withdrawn violation stays with its decision, its points no
//! longer count. The rules here are pure: who may do what, when, and what counts.
use super::account::FieldProblem;
use super::calendar::WorkingCalendar;
use super::risk::coded;
use super::roles::Role;
use super::workflow::Actor;
use chrono::{Days, TimeZone, Utc};
use serde::{Deserialize, Serialize};

pub use super::risk::Conduct;

coded!(
    /// 违规等级: 轻微, 一般, 严重.
    Severity {
        Minor = "minor",
        General = "general",
        Serious = "serious",
    }
);

coded!(
    /// 纪律处分, lightest first.
    Discipline {
        None = "none",
        Warning = "warning",
        Criticism = "criticism",
        Demerit = "demerit",
        MajorDemerit = "major_demerit",
    }
);

coded!(
    /// The decision on an appeal (or on a proposal withdrawn before it was notified).
    Outcome {
        Upheld = "upheld",
        Reduced = "reduced",
        Withdrawn = "withdrawn",
    }
);

coded!(
    /// proposed → notified → (appealed → decided) or final when the appeal window closes;
    /// a proposal may be withdrawn before it is notified (decided, withdrawn).
    ViolationState {
        Proposed = "proposed",
        Notified = "notified",
        Appealed = "appealed",
        Decided = "decided",
        Final = "final",
    }
);

/// The penalty: points deducted, the disciplinary measure, the fine in fen (分, 1/100 yuan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    pub points: u32,
    pub discipline: Discipline,
    pub fine_fen: i64,
}

impl Penalty {
    pub const NONE: Penalty = Penalty {
        points: 0,
        discipline: Discipline::None,
        fine_fen: 0,
    };

    /// A reduction: nothing heavier than `self`, and something lighter.
    pub fn reduced_to(&self, to: &Penalty) -> bool {
        let not_heavier = to.points <= self.points
            && to.discipline <= self.discipline
            && to.fine_fen <= self.fine_fen;
        not_heavier && to != self
    }
}

/// The admin's scheme: points deducted by default per grade, and the appeal window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub minor_points: u32,
    pub general_points: u32,
    pub serious_points: u32,
    /// Working days after the day the person is notified.
    pub appeal_days: u32,
}

impl Default for Scheme {
    fn default() -> Self {
        Scheme {
            minor_points: 2,
            general_points: 5,
            serious_points: 10,
            appeal_days: 5,
        }
    }
}

impl Scheme {
    pub fn points(&self, s: Severity) -> u32 {
        match s {
            Severity::Minor => self.minor_points,
            Severity::General => self.general_points,
            Severity::Serious => self.serious_points,
        }
    }

    /// Points rise with the grade (a serious violation never costs less than a minor one),
    /// each at most 100; the window is 1 to 30 working days.
    pub fn check(self) -> Result<Scheme, (&'static str, FieldProblem)> {
        for (field, v) in [
            ("minor_points", self.minor_points),
            ("general_points", self.general_points),
            ("serious_points", self.serious_points),
        ] {
            if v > 100 {
                return Err((field, FieldProblem::BadNumber));
            }
        }
        if self.general_points < self.minor_points {
            return Err(("general_points", FieldProblem::BadNumber));
        }
        if self.serious_points < self.general_points {
            return Err(("serious_points", FieldProblem::BadNumber));
        }
        if !(1..=30).contains(&self.appeal_days) {
            return Err(("appeal_days", FieldProblem::BadNumber));
        }
        Ok(self)
    }
}

/// The first instant after the appeal window: the end of the `days`-th working day after
/// the day the person was notified (in the desk's time zone).
pub fn appeal_until<Tz: TimeZone>(
    cal: &WorkingCalendar,
    tz: &Tz,
    notified_at: i64,
    days: u32,
) -> i64 {
    let notified = Utc
        .timestamp_millis_opt(notified_at)
        .single()
        .unwrap_or_default()
        .with_timezone(tz)
        .date_naive();
    let last = cal.working_days_after(notified, u64::from(days.max(1)));
    let next = last + Days::new(1);
    tz.from_local_datetime(&next.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.timestamp_millis())
        .unwrap_or(notified_at)
}

/// The state as of `now`: a notified violation whose window closed without an appeal is
/// final.
pub fn state_at(stored: ViolationState, appeal_until: Option<i64>, now: i64) -> ViolationState {
    match (stored, appeal_until) {
        (ViolationState::Notified, Some(until)) if now >= until => ViolationState::Final,
        (s, _) => s,
    }
}

/// The points that count against the person: a final violation's, a decided one's as
/// decided (none when withdrawn). Pending ones (proposed, notified, appealed) do not count
/// yet.
pub fn counted_points(state: ViolationState, penalty: &Penalty, decided: Option<&Penalty>) -> u32 {
    match state {
        ViolationState::Final => penalty.points,
        ViolationState::Decided => decided.map_or(0, |p| p.points),
        _ => 0,
    }
}

/// What a reader of a violation is to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    pub person: bool,
    pub proposer: bool,
    pub compliance: bool,
    /// A member of the leading group (the centre head or a supervisor).
    pub leading: bool,
    /// A lead of the person's department (or one above it).
    pub lead: bool,
}

/// Who reads violations at all: everyone sees their own; compliance and supervisors all;
/// leads those of their departments' people.
pub fn may_read(actor: &Actor, person: i64, department: i64) -> bool {
    actor.id == person
        || actor.roles.contains(&Role::Compliance)
        || actor.roles.contains(&Role::Supervisor)
        || (actor.roles.contains(&Role::DeptLead) && actor.departments.contains(&department))
}

/// Who proposes: compliance and supervisors for anyone, a lead for their departments'
/// people; never about oneself.
pub fn may_propose(actor: &Actor, person: i64, department: i64) -> bool {
    actor.id != person
        && (actor.roles.contains(&Role::Compliance)
            || actor.roles.contains(&Role::Supervisor)
            || (actor.roles.contains(&Role::DeptLead) && actor.departments.contains(&department)))
}

/// Whether `actor` proposes violations at all (the list's "new" button).
pub fn proposes(actor: &Actor) -> bool {
    [Role::Compliance, Role::Supervisor, Role::DeptLead]
        .iter()
        .any(|r| actor.roles.contains(r))
}

coded!(
    /// What can be done to a violation.
    Move {
        Notify = "notify",
        Withdraw = "withdraw",
        Appeal = "appeal",
        Decide = "decide",
    }
);

/// The moves open to someone of standing `who` on a violation in `state` (as of now:
/// `state_at`). The proposer or compliance notify a proposal or withdraw it; the person
/// appeals while the window is open; the leading group decides an appeal — never their
/// own, nor one they proposed.
pub fn moves(state: ViolationState, who: Standing) -> Vec<Move> {
    match state {
        ViolationState::Proposed if !who.person && (who.proposer || who.compliance) => {
            vec![Move::Notify, Move::Withdraw]
        }
        ViolationState::Notified if who.person => vec![Move::Appeal],
        ViolationState::Appealed if who.leading && !who.person && !who.proposer => {
            vec![Move::Decide]
        }
        _ => Vec::new(),
    }
}

/// The penalty an appeal's decision leaves: the same when upheld, the one given when
/// reduced (it must be lighter), none when withdrawn.
pub fn decided_penalty(
    outcome: Outcome,
    original: &Penalty,
    reduced: Option<Penalty>,
) -> Result<Penalty, (&'static str, FieldProblem)> {
    match outcome {
        Outcome::Upheld => Ok(*original),
        Outcome::Withdrawn => Ok(Penalty::NONE),
        Outcome::Reduced => match reduced {
            Some(p) if original.reduced_to(&p) => Ok(p),
            _ => Err(("points", FieldProblem::BadNumber)),
        },
    }
}

/// A fine as typed, in yuan with at most two decimals ("200", "200.5", "¥1,000.00"), in
/// fen; empty is no fine.
pub fn parse_fine(text: &str) -> Result<i64, FieldProblem> {
    let t: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if t.is_empty() {
        return Ok(0);
    }
    let (yuan, fen) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(yuan) || (!fen.is_empty() && !digits(fen)) || fen.len() > 2 || yuan.len() > 9 {
        return Err(FieldProblem::BadNumber);
    }
    let yuan: i64 = yuan.parse().map_err(|_| FieldProblem::BadNumber)?;
    let fen: i64 = format!("{fen:0<2}")
        .parse()
        .map_err(|_| FieldProblem::BadNumber)?;
    Ok(yuan * 100 + fen)
}

/// A fine in fen as yuan: "200.00".
pub fn format_fine(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// One event of a violation's history, as the daily report reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViolationFact {
    pub violation: i64,
    pub at: i64,
    pub event: super::events::ViolationEventData,
}

/// The daily report's accountability section (违规问责), from the violations' history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationFigures {
    pub proposed: i64,
    pub appealed: i64,
    pub upheld: i64,
    pub reduced: i64,
    pub withdrawn: i64,
    /// Points that took effect in the period: those of the decisions made in it, and those
    /// of violations whose appeal window closed in it without an appeal.
    pub points: i64,
}

/// The figures of `[from, to)` from the events of the violations in scope up to `to`, in
/// their order.
pub fn violation_figures(facts: &[ViolationFact], from: i64, to: i64) -> ViolationFigures {
    use super::events::ViolationEventData as E;
    use std::collections::BTreeMap;
    let mut f = ViolationFigures::default();
    // Per violation: its proposed points, when its window closes, whether it was appealed.
    let mut proposed: BTreeMap<i64, u32> = BTreeMap::new();
    let mut window: BTreeMap<i64, i64> = BTreeMap::new();
    let mut appealed: BTreeMap<i64, bool> = BTreeMap::new();
    for x in facts.iter().filter(|x| x.at < to) {
        let inside = x.at >= from;
        match &x.event {
            E::Proposed { penalty, .. } => {
                proposed.insert(x.violation, penalty.points);
                f.proposed += i64::from(inside);
            }
            E::Notified { appeal_until } => {
                window.insert(x.violation, *appeal_until);
            }
            E::Appealed { .. } => {
                appealed.insert(x.violation, true);
                f.appealed += i64::from(inside);
            }
            E::Decided {
                outcome, penalty, ..
            } if inside => {
                match outcome {
                    Outcome::Upheld => f.upheld += 1,
                    Outcome::Reduced => f.reduced += 1,
                    Outcome::Withdrawn => f.withdrawn += 1,
                }
                f.points += i64::from(penalty.points);
            }
            E::Decided { .. } => {}
        }
    }
    for (v, until) in window {
        let closed_inside = from < until && until <= to;
        if closed_inside && !appealed.get(&v).copied().unwrap_or(false) {
            f.points += i64::from(proposed.get(&v).copied().unwrap_or(0));
        }
    }
    f
}

/// A violation's code: WG-0001.
pub fn code(n: i64) -> String {
    format!("WG-{n:04}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate};

    fn ms(tz: &FixedOffset, y: i32, m: u32, d: u32, h: u32) -> i64 {
        tz.from_local_datetime(
            &NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
        )
        .unwrap()
        .timestamp_millis()
    }

    #[test]
    fn the_appeal_window_counts_working_days_on_the_calendar() {
        let tz = FixedOffset::east_opt(8 * 3600).unwrap();
        let mut cal = WorkingCalendar::default();
        // Notified Thursday 2026-10-01 evening, a holiday week: 1-7 October off, Saturday
        // 10 October made up.
        for d in 1..=7 {
            cal.special_days.insert(
                NaiveDate::from_ymd_opt(2026, 10, d).unwrap(),
                super::super::calendar::DayKind::Holiday,
            );
        }
        cal.special_days.insert(
            NaiveDate::from_ymd_opt(2026, 10, 10).unwrap(),
            super::super::calendar::DayKind::Workday,
        );
        let at = ms(&tz, 2026, 10, 1, 20);
        // Working days after it: 8 (Thu), 9 (Fri), 10 (Sat, made up), 12 (Mon), 13 (Tue).
        let until = appeal_until(&cal, &tz, at, 5);
        assert_eq!(until, ms(&tz, 2026, 10, 14, 0));
        assert_eq!(
            appeal_until(&cal, &tz, at, 3),
            ms(&tz, 2026, 10, 11, 0),
            "the made-up Saturday is the third"
        );
        // An ordinary week: notified Monday, 5 working days → the next Monday ends it.
        let monday = ms(&tz, 2026, 11, 2, 10);
        assert_eq!(
            appeal_until(&WorkingCalendar::default(), &tz, monday, 5),
            ms(&tz, 2026, 11, 10, 0)
        );
    }

    #[test]
    fn a_notified_violation_is_final_once_its_window_closes() {
        let until = 1_000;
        assert_eq!(
            state_at(ViolationState::Notified, Some(until), 999),
            ViolationState::Notified
        );
        assert_eq!(
            state_at(ViolationState::Notified, Some(until), 1_000),
            ViolationState::Final
        );
        assert_eq!(
            state_at(ViolationState::Appealed, Some(until), 5_000),
            ViolationState::Appealed,
            "an appeal filed in time waits for its decision"
        );
    }

    #[test]
    fn only_final_and_decided_points_count_and_a_withdrawal_counts_none() {
        let p = Penalty {
            points: 5,
            discipline: Discipline::Warning,
            fine_fen: 0,
        };
        let reduced = Penalty { points: 2, ..p };
        assert_eq!(counted_points(ViolationState::Proposed, &p, None), 0);
        assert_eq!(counted_points(ViolationState::Notified, &p, None), 0);
        assert_eq!(counted_points(ViolationState::Appealed, &p, None), 0);
        assert_eq!(counted_points(ViolationState::Final, &p, None), 5);
        assert_eq!(
            counted_points(ViolationState::Decided, &p, Some(&reduced)),
            2
        );
        assert_eq!(
            counted_points(ViolationState::Decided, &p, Some(&Penalty::NONE)),
            0
        );
    }

    #[test]
    fn a_reduction_is_lighter_and_never_heavier_in_any_part() {
        let p = Penalty {
            points: 5,
            discipline: Discipline::Criticism,
            fine_fen: 20_000,
        };
        let ok = Penalty { points: 2, ..p };
        assert_eq!(decided_penalty(Outcome::Reduced, &p, Some(ok)), Ok(ok));
        assert!(
            decided_penalty(Outcome::Reduced, &p, Some(p)).is_err(),
            "same"
        );
        let heavier_discipline = Penalty {
            points: 1,
            discipline: Discipline::Demerit,
            fine_fen: 0,
        };
        assert!(decided_penalty(Outcome::Reduced, &p, Some(heavier_discipline)).is_err());
        assert!(decided_penalty(Outcome::Reduced, &p, None).is_err());
        assert_eq!(decided_penalty(Outcome::Upheld, &p, Some(ok)), Ok(p));
        assert_eq!(
            decided_penalty(Outcome::Withdrawn, &p, None),
            Ok(Penalty::NONE)
        );
    }

    #[test]
    fn who_moves_a_violation_when() {
        let person = Standing {
            person: true,
            ..Default::default()
        };
        let proposer = Standing {
            proposer: true,
            lead: true,
            ..Default::default()
        };
        let compliance = Standing {
            compliance: true,
            ..Default::default()
        };
        let head = Standing {
            leading: true,
            ..Default::default()
        };
        let proposing_supervisor = Standing {
            leading: true,
            proposer: true,
            ..Default::default()
        };
        use ViolationState::*;
        assert_eq!(
            moves(Proposed, proposer),
            vec![Move::Notify, Move::Withdraw]
        );
        assert_eq!(
            moves(Proposed, compliance),
            vec![Move::Notify, Move::Withdraw]
        );
        assert!(moves(Proposed, person).is_empty());
        assert!(moves(Proposed, head).is_empty());
        assert_eq!(moves(Notified, person), vec![Move::Appeal]);
        assert!(moves(Notified, compliance).is_empty());
        assert!(moves(Final, person).is_empty(), "the window closed");
        assert_eq!(moves(Appealed, head), vec![Move::Decide]);
        assert!(
            moves(Appealed, proposing_supervisor).is_empty(),
            "no one decides an appeal against their own proposal"
        );
        assert!(moves(Decided, head).is_empty());
    }

    #[test]
    fn who_reads_and_proposes() {
        let actor = |id, role, departments: &[i64]| Actor {
            id,
            roles: vec![role],
            clearance: crate::domain::roles::Clearance::Internal,
            departments: departments.to_vec(),
        };
        let handler = actor(1, Role::Handler, &[5]);
        let lead = actor(2, Role::DeptLead, &[4, 5]);
        let other_lead = actor(3, Role::DeptLead, &[6]);
        let compliance = actor(4, Role::Compliance, &[1]);
        assert!(may_read(&handler, 1, 5));
        assert!(!may_read(&handler, 9, 5), "a colleague's is not theirs");
        assert!(may_read(&lead, 9, 5));
        assert!(!may_read(&other_lead, 9, 5));
        assert!(may_read(&compliance, 9, 5));
        assert!(may_propose(&lead, 9, 5));
        assert!(!may_propose(&other_lead, 9, 5));
        assert!(!may_propose(&handler, 9, 5));
        assert!(!may_propose(&compliance, 4, 1), "never about oneself");
    }

    #[test]
    fn the_report_counts_steps_in_the_period_and_points_as_they_take_effect() {
        use crate::domain::events::ViolationEventData as E;
        let p = |points| Penalty {
            points,
            discipline: Discipline::None,
            fine_fen: 0,
        };
        let proposed = |points| E::Proposed {
            person_id: 1,
            conduct: Conduct::Stalling,
            severity: Severity::General,
            penalty: p(points),
            tickets: Vec::new(),
            warning_id: None,
        };
        let fact = |violation, at, event| ViolationFact {
            violation,
            at,
            event,
        };
        let (from, to) = (1_000, 2_000);
        let facts = vec![
            // 1: notified before D, its window closes inside D without an appeal: 5 points.
            fact(1, 100, proposed(5)),
            fact(
                1,
                200,
                E::Notified {
                    appeal_until: 1_500,
                },
            ),
            // 2: window closes inside D, but it was appealed: nothing yet.
            fact(2, 100, proposed(10)),
            fact(
                2,
                200,
                E::Notified {
                    appeal_until: 1_600,
                },
            ),
            fact(2, 900, E::Appealed { text: "x".into() }),
            // 3: proposed in D, appealed in D, reduced in D to 2 points.
            fact(3, 1_100, proposed(5)),
            fact(
                3,
                1_200,
                E::Notified {
                    appeal_until: 9_000,
                },
            ),
            fact(3, 1_300, E::Appealed { text: "y".into() }),
            fact(
                3,
                1_400,
                E::Decided {
                    outcome: Outcome::Reduced,
                    penalty: p(2),
                    reason: "z".into(),
                },
            ),
            // 4: proposed in D and withdrawn after D: only the proposal counts.
            fact(4, 1_900, proposed(2)),
            fact(
                4,
                2_000,
                E::Decided {
                    outcome: Outcome::Withdrawn,
                    penalty: Penalty::NONE,
                    reason: "w".into(),
                },
            ),
            // 5: window closes exactly at the end of D: final by D's close.
            fact(5, 100, proposed(3)),
            fact(
                5,
                200,
                E::Notified {
                    appeal_until: 2_000,
                },
            ),
        ];
        let f = violation_figures(&facts, from, to);
        assert_eq!(
            f,
            ViolationFigures {
                proposed: 2,
                appealed: 1,
                upheld: 0,
                reduced: 1,
                withdrawn: 0,
                points: 5 + 2 + 3,
            }
        );
    }

    #[test]
    fn fines_are_typed_in_yuan() {
        assert_eq!(parse_fine(""), Ok(0));
        assert_eq!(parse_fine("200"), Ok(20_000));
        assert_eq!(parse_fine("200.5"), Ok(20_050));
        assert_eq!(parse_fine("￥1,000.05"), Ok(100_005));
        assert!(parse_fine("1.234").is_err());
        assert!(parse_fine("-5").is_err());
        assert!(parse_fine("abc").is_err());
        assert_eq!(format_fine(20_050), "200.50");
    }

    #[test]
    fn the_scheme_rises_with_the_grade() {
        assert!(Scheme::default().check().is_ok());
        let s = Scheme {
            serious_points: 3,
            ..Scheme::default()
        };
        assert_eq!(s.check(), Err(("serious_points", FieldProblem::BadNumber)));
        let s = Scheme {
            appeal_days: 0,
            ..Scheme::default()
        };
        assert!(s.check().is_err());
        assert_eq!(Scheme::default().points(Severity::General), 5);
    }
}
