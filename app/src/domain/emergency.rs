//! Risk events (风险事件) and emergency plans (应急预案). A general event is handled by its
//! department, which files the result with compliance within a number of working days; a
//! major one activates a plan at once: its ordered steps, each with a responsible role and a
//! time limit from activation, are checked off one by one, and the initial, progress and
//! final reports fall due 1 hour and 24 hours after activation and at the close.
use super::account::FieldProblem;
use super::calendar::WorkingCalendar;
use super::roles::Role;
use super::workflow::Actor;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Working days a department has to file a general event's result.
pub const FILING_WORKING_DAYS: usize = 5;
/// The initial report falls due this long after the plan is activated.
pub const INITIAL_REPORT_MS: i64 = 60 * 60 * 1000;
/// The (first) progress report falls due this long after activation.
pub const PROGRESS_REPORT_MS: i64 = 24 * 60 * 60 * 1000;
/// A plan has at most this many steps; a step's time limit is at most a week.
pub const MAX_STEPS: usize = 20;
pub const MAX_STEP_MINUTES: i64 = 7 * 24 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventGrade {
    General,
    Major,
}

impl EventGrade {
    pub const ALL: [EventGrade; 2] = [EventGrade::General, EventGrade::Major];

    pub fn code(self) -> &'static str {
        match self {
            EventGrade::General => "general",
            EventGrade::Major => "major",
        }
    }

    pub fn parse(code: &str) -> Option<EventGrade> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// Open until a general event's result is filed or a major event's final report closes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    Open,
    Filed,
    Closed,
}

impl EventState {
    pub const ALL: [EventState; 3] = [EventState::Open, EventState::Filed, EventState::Closed];

    pub fn code(self) -> &'static str {
        match self {
            EventState::Open => "open",
            EventState::Filed => "filed",
            EventState::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<EventState> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Initial,
    Progress,
    Final,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] = [ReportKind::Initial, ReportKind::Progress, ReportKind::Final];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Initial => "initial",
            ReportKind::Progress => "progress",
            ReportKind::Final => "final",
        }
    }

    pub fn parse(code: &str) -> Option<ReportKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// When the report falls due after activation at `activated_at`; the final one has no
    /// clock: it is due at the close, which it makes.
    pub fn due_at(self, activated_at: i64) -> Option<i64> {
        match self {
            ReportKind::Initial => Some(activated_at + INITIAL_REPORT_MS),
            ReportKind::Progress => Some(activated_at + PROGRESS_REPORT_MS),
            ReportKind::Final => None,
        }
    }
}

/// One step of a plan: what is done, the role responsible, the minutes from activation it
/// must be done within.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub what: String,
    pub role: Role,
    pub minutes: i64,
}

/// When a step with a limit of `minutes` falls due after activation at `activated_at`.
pub fn step_due(activated_at: i64, minutes: i64) -> i64 {
    activated_at + minutes * 60_000
}

/// A step row of the plan form as typed (all text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepInput {
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub minutes: String,
}

/// The plan form's steps, in order: rows without a "what" are skipped; each kept one needs a
/// known role and a time limit of 1 minute to a week; at least one step, at most 20. Steps
/// are ordered by their time limit (a later step never falls due before an earlier one).
pub fn check_steps(rows: &[StepInput]) -> Result<Vec<PlanStep>, (&'static str, FieldProblem)> {
    let mut steps = Vec::new();
    for row in rows {
        let what = row.what.trim();
        if what.is_empty() {
            continue;
        }
        if what.chars().count() > 200 {
            return Err(("steps", FieldProblem::TooLong));
        }
        let role = row
            .role
            .parse::<Role>()
            .ok()
            .filter(|r| *r != Role::Admin)
            .ok_or(("steps", FieldProblem::UnknownChoice))?;
        let minutes = row
            .minutes
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| (1..=MAX_STEP_MINUTES).contains(m))
            .ok_or(("steps", FieldProblem::BadNumber))?;
        steps.push(PlanStep {
            what: what.to_owned(),
            role,
            minutes,
        });
    }
    if steps.is_empty() {
        return Err(("steps", FieldProblem::Required));
    }
    if steps.len() > MAX_STEPS {
        return Err(("steps", FieldProblem::TooLong));
    }
    steps.sort_by_key(|s| s.minutes);
    Ok(steps)
}

/// The last day to file a general event recorded on `recorded_on`: the fifth working day
/// after it (a calendar without working days gives five calendar days).
pub fn filing_deadline(recorded_on: NaiveDate, calendar: &WorkingCalendar) -> NaiveDate {
    calendar.working_days_after(recorded_on, FILING_WORKING_DAYS as u64)
}

/// Who sees an event: compliance and supervisors all, its reporter, and the people of its
/// department (or of a department above it).
pub fn can_view_event(actor: &Actor, department_id: i64, reported_by: i64) -> bool {
    actor.sees_all() || actor.id == reported_by || actor.departments.contains(&department_id)
}

/// A general event is filed by its department: a handler or lead in it.
pub fn can_file(actor: &Actor, department_id: i64) -> bool {
    actor.departments.contains(&department_id)
        && (actor.roles.contains(&Role::Handler) || actor.roles.contains(&Role::DeptLead))
}

/// A step is checked off by someone who holds its role and sees the event, or by those who
/// run the plan: supervisors (the leading group) and compliance.
pub fn can_check_step(
    actor: &Actor,
    step_role: Role,
    department_id: i64,
    reported_by: i64,
) -> bool {
    actor.sees_all()
        || (actor.roles.contains(&step_role) && can_view_event(actor, department_id, reported_by))
}

/// Reports go to the leading group from compliance, a supervisor, or the department's lead.
pub fn can_report(actor: &Actor, department_id: i64) -> bool {
    actor.sees_all()
        || (actor.roles.contains(&Role::DeptLead) && actor.departments.contains(&department_id))
}

/// Why a report may not be made now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportRefusal {
    /// The event is not a major one still open.
    NotOpen,
    /// The initial report is made once, before any other.
    InitialFirst,
    AlreadyMade,
    /// The final report closes the event: every step must be checked off first.
    StepsOpen,
}

/// Whether report `kind` may follow those `made` with `steps_open` steps not checked off;
/// `Ok(true)` when it closes the event (the final report). Progress reports may repeat.
pub fn check_report(
    kind: ReportKind,
    state: EventState,
    made: &[ReportKind],
    steps_open: usize,
) -> Result<bool, ReportRefusal> {
    if state != EventState::Open {
        return Err(ReportRefusal::NotOpen);
    }
    let initial_made = made.contains(&ReportKind::Initial);
    match kind {
        ReportKind::Initial if initial_made => Err(ReportRefusal::AlreadyMade),
        ReportKind::Initial => Ok(false),
        _ if !initial_made => Err(ReportRefusal::InitialFirst),
        ReportKind::Progress => Ok(false),
        ReportKind::Final if steps_open > 0 => Err(ReportRefusal::StepsOpen),
        ReportKind::Final => Ok(true),
    }
}

/// A report or step that is late at `now`: not made by its due time.
pub fn late(due_at: Option<i64>, done_at: Option<i64>, now: i64) -> bool {
    match (due_at, done_at) {
        (Some(due), Some(done)) => done > due,
        (Some(due), None) => now > due,
        (None, _) => false,
    }
}

/// A duty of an open event that can fall late: filing a general event, the initial and
/// the first progress report of a major one. Each is told once when it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    Filing,
    InitialReport,
    ProgressReport,
}

impl Duty {
    pub const ALL: [Duty; 3] = [Duty::Filing, Duty::InitialReport, Duty::ProgressReport];

    pub fn code(self) -> &'static str {
        match self {
            Duty::Filing => "filing",
            Duty::InitialReport => "initial_report",
            Duty::ProgressReport => "progress_report",
        }
    }

    pub fn parse(code: &str) -> Option<Duty> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// What the late-duty rule reads of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventClock {
    pub grade: EventGrade,
    pub state: EventState,
    pub deadline: Option<NaiveDate>,
    pub activated_at: Option<i64>,
    pub made: Vec<ReportKind>,
}

/// The duties of `e` late at `now` (`today` at the desk) and not among those `told`: a
/// general event unfiled after its deadline day; a major one without its initial report an
/// hour after activation, or without a progress report after 24 hours.
pub fn late_duties(e: &EventClock, told: &[Duty], today: NaiveDate, now: i64) -> Vec<Duty> {
    if e.state != EventState::Open {
        return Vec::new();
    }
    let mut out = Vec::new();
    match e.grade {
        EventGrade::General => {
            if e.deadline.is_some_and(|d| d < today) {
                out.push(Duty::Filing);
            }
        }
        EventGrade::Major => {
            let at = e.activated_at.unwrap_or(i64::MAX);
            for (duty, kind) in [
                (Duty::InitialReport, ReportKind::Initial),
                (Duty::ProgressReport, ReportKind::Progress),
            ] {
                if late(kind.due_at(at), None, now) && !e.made.contains(&kind) {
                    out.push(duty);
                }
            }
        }
    }
    out.retain(|d| !told.contains(d));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkingCalendar;

    fn row(what: &str, role: &str, minutes: &str) -> StepInput {
        StepInput {
            what: what.into(),
            role: role.into(),
            minutes: minutes.into(),
        }
    }

    fn actor(id: i64, roles: &[Role], departments: &[i64]) -> Actor {
        Actor {
            id,
            roles: roles.to_vec(),
            clearance: crate::domain::roles::Clearance::Internal,
            departments: departments.to_vec(),
        }
    }

    #[test]
    fn steps_are_checked_skipped_when_blank_and_ordered_by_time_limit() {
        let steps = check_steps(&[
            row("通报领导小组", "supervisor", "30"),
            row("", "", ""),
            row("封存相关工单", "compliance", "10"),
        ])
        .unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].what, "封存相关工单");
        assert_eq!(steps[1].role, Role::Supervisor);
        assert_eq!(
            check_steps(&[row("x", "boss", "10")]),
            Err(("steps", FieldProblem::UnknownChoice))
        );
        assert_eq!(
            check_steps(&[row("x", "admin", "10")]),
            Err(("steps", FieldProblem::UnknownChoice)),
            "the administrator runs no plan"
        );
        for bad in ["0", "-5", "x", "10081"] {
            assert_eq!(
                check_steps(&[row("x", "agent", bad)]),
                Err(("steps", FieldProblem::BadNumber)),
                "{bad}"
            );
        }
        assert!(check_steps(&[row("x", "agent", "10080")]).is_ok());
        assert_eq!(
            check_steps(&[row(" ", "agent", "5")]),
            Err(("steps", FieldProblem::Required))
        );
        let many: Vec<_> = (0..21).map(|_| row("x", "agent", "5")).collect();
        assert_eq!(check_steps(&many), Err(("steps", FieldProblem::TooLong)));
    }

    #[test]
    fn a_general_event_is_filed_within_five_working_days() {
        let cal = WorkingCalendar::default();
        // Friday 2026-12-04: Mon-Fri of the next week; the fifth is Friday the 11th.
        let fri = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(
            filing_deadline(fri, &cal),
            NaiveDate::from_ymd_opt(2026, 12, 11).unwrap()
        );
        let mon = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(
            filing_deadline(mon, &cal),
            NaiveDate::from_ymd_opt(2026, 12, 14).unwrap()
        );
    }

    #[test]
    fn reports_come_initial_first_and_the_final_one_closes_when_every_step_is_done() {
        use ReportKind::*;
        let open = EventState::Open;
        assert_eq!(check_report(Initial, open, &[], 3), Ok(false));
        assert_eq!(
            check_report(Progress, open, &[], 3),
            Err(ReportRefusal::InitialFirst)
        );
        assert_eq!(
            check_report(Final, open, &[], 0),
            Err(ReportRefusal::InitialFirst)
        );
        assert_eq!(
            check_report(Initial, open, &[Initial], 3),
            Err(ReportRefusal::AlreadyMade)
        );
        assert_eq!(
            check_report(Progress, open, &[Initial, Progress], 1),
            Ok(false)
        );
        assert_eq!(
            check_report(Final, open, &[Initial], 1),
            Err(ReportRefusal::StepsOpen)
        );
        assert_eq!(check_report(Final, open, &[Initial], 0), Ok(true));
        assert_eq!(
            check_report(Progress, EventState::Closed, &[Initial], 0),
            Err(ReportRefusal::NotOpen)
        );
    }

    #[test]
    fn report_and_step_clocks_run_from_activation() {
        let t = 1_000_000;
        assert_eq!(ReportKind::Initial.due_at(t), Some(t + 3_600_000));
        assert_eq!(ReportKind::Progress.due_at(t), Some(t + 86_400_000));
        assert_eq!(ReportKind::Final.due_at(t), None);
        assert_eq!(step_due(t, 15), t + 900_000);
        assert!(late(Some(10), None, 11));
        assert!(!late(Some(10), None, 10));
        assert!(late(Some(10), Some(12), 5));
        assert!(!late(Some(10), Some(9), 50));
        assert!(!late(None, None, 50));
    }

    #[test]
    fn late_duties_are_told_once_and_only_while_open() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let general = EventClock {
            grade: EventGrade::General,
            state: EventState::Open,
            deadline: Some(day(11)),
            activated_at: None,
            made: vec![],
        };
        assert!(
            late_duties(&general, &[], day(11), 0).is_empty(),
            "the last day is in time"
        );
        assert_eq!(late_duties(&general, &[], day(12), 0), vec![Duty::Filing]);
        assert!(late_duties(&general, &[Duty::Filing], day(12), 0).is_empty());
        let filed = EventClock {
            state: EventState::Filed,
            ..general
        };
        assert!(late_duties(&filed, &[], day(20), 0).is_empty());

        let hour = 3_600_000;
        let mut major = EventClock {
            grade: EventGrade::Major,
            state: EventState::Open,
            deadline: None,
            activated_at: Some(0),
            made: vec![],
        };
        assert!(late_duties(&major, &[], day(4), hour).is_empty());
        assert_eq!(
            late_duties(&major, &[], day(4), hour + 1),
            vec![Duty::InitialReport]
        );
        major.made = vec![ReportKind::Initial];
        assert!(late_duties(&major, &[], day(4), 24 * hour).is_empty());
        assert_eq!(
            late_duties(&major, &[Duty::InitialReport], day(5), 24 * hour + 1),
            vec![Duty::ProgressReport]
        );
        major.made.push(ReportKind::Progress);
        assert!(late_duties(&major, &[], day(9), 100 * hour).is_empty());
    }

    #[test]
    fn the_department_files_its_events_and_the_leading_group_runs_the_plan() {
        let handler = actor(1, &[Role::Handler], &[5, 6]);
        let other = actor(2, &[Role::Handler], &[7]);
        let agent = actor(3, &[Role::Agent], &[5]);
        let lead = actor(4, &[Role::DeptLead], &[5, 6]);
        let sup = actor(9, &[Role::Supervisor], &[1]);
        assert!(can_view_event(&handler, 6, 99));
        assert!(!can_view_event(&other, 6, 99));
        assert!(
            can_view_event(&other, 6, 2),
            "the reporter sees what they recorded"
        );
        assert!(can_view_event(&sup, 6, 99));
        assert!(can_file(&handler, 6) && can_file(&lead, 6));
        assert!(!can_file(&other, 6) && !can_file(&agent, 5) && !can_file(&sup, 6));
        assert!(can_check_step(&lead, Role::DeptLead, 6, 99));
        assert!(!can_check_step(&handler, Role::DeptLead, 6, 99));
        assert!(
            !can_check_step(&other, Role::Handler, 6, 99),
            "not their department"
        );
        assert!(can_check_step(&sup, Role::Agent, 6, 99));
        assert!(can_report(&lead, 6) && can_report(&sup, 6));
        assert!(!can_report(&handler, 6));
    }
}
