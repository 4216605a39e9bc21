//! Automatic risk warnings (风险自动预警, policy art. 28): rules over the desk's own ticket
//! history. Each rule is a pure function of what the history says and the thresholds an
//! admin set; it names what it found (the finding), on what (the subject) and for which
//! window, so that one (rule, subject, window) raises one warning however often it runs.
use super::account::FieldProblem;
use super::calendar::WorkingCalendar;
use super::events::EventData;
use super::risk::{coded, Conduct, RiskType};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

const MINUTE: i64 = 60_000;
pub const DAY: i64 = 24 * 60 * MINUTE;

coded!(
    /// The built-in rules.
    WarningRule {
        Stalling = "stalling",
        Shirking = "shirking",
        Privacy = "privacy",
        Surge = "surge",
        RepeatCaller = "repeat_caller",
        Forged = "forged",
    }
);

coded!(
    /// raised → confirmed or dismissed (by compliance).
    WarningState {
        Raised = "raised",
        Confirmed = "confirmed",
        Dismissed = "dismissed",
    }
);

impl WarningRule {
    /// What in the risk list a warning of this rule belongs to: the conduct of art. 18 it
    /// points at, or for service quality the risk type.
    pub(crate) fn points_at(self) -> Result<Conduct, RiskType> {
        match self {
            WarningRule::Stalling | WarningRule::Shirking => Ok(Conduct::Stalling),
            WarningRule::Privacy => Ok(Conduct::PrivacyLeak),
            WarningRule::Forged => Ok(Conduct::ForgedRecords),
            WarningRule::Surge | WarningRule::RepeatCaller => Err(RiskType::ServiceQuality),
        }
    }
}

/// The thresholds an admin may change. Defaults are the policy's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// Stalling: a ticket's approved extensions, at least.
    pub extensions: i64,
    /// Stalling: overdue by more than this many working days.
    pub overdue_days: i64,
    /// Shirking: returns of one ticket, at least.
    pub returns: i64,
    /// Shirking: moves between departments, at least.
    pub reassigns: i64,
    /// Privacy: looks at personal data by one person in a day, more than.
    pub reveals_per_day: i64,
    /// Surge: today against the 28-day daily mean, at least, in per cent.
    pub surge_percent: i64,
    /// Surge: received today, at least.
    pub surge_min: i64,
    /// Repeat caller: tickets of one caller, at least…
    pub repeat_tickets: i64,
    /// …within this many days.
    pub repeat_days: i64,
    /// Forged records: resolved or called back within this many minutes.
    pub fast_minutes: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            extensions: 2,
            overdue_days: 3,
            returns: 2,
            reassigns: 3,
            reveals_per_day: 20,
            surge_percent: 200,
            surge_min: 10,
            repeat_tickets: 3,
            repeat_days: 30,
            fast_minutes: 3,
        }
    }
}

impl Thresholds {
    /// Each field and the range it must lie in (the form's names).
    pub fn fields(&self) -> [(&'static str, i64, i64, i64); 10] {
        [
            ("extensions", self.extensions, 1, 10),
            ("overdue_days", self.overdue_days, 1, 60),
            ("returns", self.returns, 1, 10),
            ("reassigns", self.reassigns, 1, 10),
            ("reveals_per_day", self.reveals_per_day, 1, 1000),
            ("surge_percent", self.surge_percent, 110, 1000),
            ("surge_min", self.surge_min, 1, 10_000),
            ("repeat_tickets", self.repeat_tickets, 2, 20),
            ("repeat_days", self.repeat_days, 1, 365),
            ("fast_minutes", self.fast_minutes, 1, 240),
        ]
    }

    /// Every value in its range, or the first field that is not.
    pub fn check(self) -> Result<Thresholds, (&'static str, FieldProblem)> {
        match self
            .fields()
            .into_iter()
            .find(|(_, v, lo, hi)| !(lo..=hi).contains(&v))
        {
            Some((field, ..)) => Err((field, FieldProblem::BadNumber)),
            None => Ok(self),
        }
    }
}

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Ticket(i64),
    User(i64),
    Category(i64),
    Chain,
}

impl Subject {
    /// The key stored with the warning (with the rule and the window, unique).
    pub fn key(self) -> String {
        match self {
            Subject::Ticket(id) => format!("ticket:{id}"),
            Subject::User(id) => format!("user:{id}"),
            Subject::Category(id) => format!("category:{id}"),
            Subject::Chain => "chain".into(),
        }
    }
}

/// What exactly the rule saw: the figures shown with the warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    Extensions {
        count: i64,
    },
    Overdue {
        working_days: i64,
        due_at: i64,
    },
    Returns {
        count: i64,
    },
    Reassigns {
        count: i64,
    },
    RevealsInDay {
        count: i64,
        day: NaiveDate,
    },
    RevealOutsideWork {
        at: i64,
    },
    Surge {
        day: NaiveDate,
        received: i64,
        mean_tenths: i64,
    },
    RepeatCaller {
        tickets: i64,
        days: i64,
    },
    FastResolve {
        minutes: i64,
    },
    FastCallback {
        minutes: i64,
    },
    ChainBroken {
        seq: i64,
    },
}

/// One thing a rule found. `tickets` are the evidence (ticket ids; the job adds numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: WarningRule,
    pub subject: Subject,
    pub window: String,
    pub trigger: Trigger,
    pub tickets: Vec<i64>,
    pub major: bool,
    /// The department the finding is about, when it is about one (a ticket's department):
    /// the warning goes to a risk of that department or one above it where there is one.
    pub department: Option<i64>,
}

impl Finding {
    fn new(rule: WarningRule, subject: Subject, window: String, trigger: Trigger) -> Finding {
        let tickets = match subject {
            Subject::Ticket(id) => vec![id],
            _ => Vec::new(),
        };
        Finding {
            rule,
            subject,
            window,
            trigger,
            tickets,
            major: false,
            department: None,
        }
    }

    pub fn key(&self) -> (String, String, String) {
        (
            self.rule.code().to_owned(),
            self.subject.key(),
            self.window.clone(),
        )
    }
}

/// One event of a ticket's history, as the rules read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub seq: i64,
    pub at: i64,
    pub actor: Option<i64>,
    pub data: EventData,
}

/// A ticket's history in order, with who registered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trail {
    pub ticket_id: i64,
    pub registered_by: i64,
    pub steps: Vec<Step>,
}

/// The rules read off one ticket's history: stalling by extensions, shirking by returns and
/// by moves between departments, records made too fast to be real, and looks at personal
/// data outside the looker's work — a ticket they did not register and, unless it awaits a
/// callback and they call callers back (`calls_back`: the agents), any other.
pub fn trail_findings(
    t: &Trail,
    th: &Thresholds,
    calls_back: &dyn Fn(i64) -> bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let ticket = Subject::Ticket(t.ticket_id);
    let mut extensions = 0;
    let mut returns = 0;
    let mut reassigns = 0;
    let mut department: Option<i64> = None;
    let mut dispatched_at: Option<i64> = None;
    let mut resolved_at: Option<i64> = None;
    let mut awaiting_callback = false;
    let fast = th.fast_minutes * MINUTE;
    for s in &t.steps {
        match &s.data {
            EventData::ExtensionDecided { approved: true, .. } => extensions += 1,
            EventData::Returned { .. } => returns += 1,
            // A move: dispatched to another department than the last one (reassigned, or
            // dispatched elsewhere after a return).
            EventData::Assigned { department_id, .. } => {
                if department.is_some_and(|d| d != *department_id) {
                    reassigns += 1;
                }
                department = Some(*department_id);
                dispatched_at = Some(s.at);
                awaiting_callback = false;
            }
            EventData::Redo { .. } => {
                dispatched_at = Some(s.at);
                awaiting_callback = false;
            }
            EventData::Resolved { .. } => {
                if let Some(d) = dispatched_at.filter(|d| s.at - d < fast) {
                    out.push(Finding::new(
                        WarningRule::Forged,
                        ticket,
                        format!("resolve:{}", s.seq),
                        Trigger::FastResolve {
                            minutes: (s.at - d) / MINUTE,
                        },
                    ));
                }
                resolved_at = Some(s.at);
                awaiting_callback = true;
            }
            EventData::CallbackRecorded { closed, .. } => {
                if let Some(r) = resolved_at.filter(|r| s.at - r < fast) {
                    out.push(Finding::new(
                        WarningRule::Forged,
                        ticket,
                        format!("callback:{}", s.seq),
                        Trigger::FastCallback {
                            minutes: (s.at - r) / MINUTE,
                        },
                    ));
                }
                awaiting_callback = !closed;
            }
            EventData::Archived { .. } | EventData::DirectAnswered { .. } => {
                awaiting_callback = false
            }
            EventData::PiiViewed {} => {
                if let Some(u) = s
                    .actor
                    .filter(|u| *u != t.registered_by && !(awaiting_callback && calls_back(*u)))
                {
                    let mut f = Finding::new(
                        WarningRule::Privacy,
                        Subject::User(u),
                        format!("outside:{}", t.ticket_id),
                        Trigger::RevealOutsideWork { at: s.at },
                    );
                    f.tickets = vec![t.ticket_id];
                    out.push(f);
                }
            }
            _ => {}
        }
    }
    if extensions >= th.extensions {
        out.push(Finding::new(
            WarningRule::Stalling,
            ticket,
            "extensions".into(),
            Trigger::Extensions { count: extensions },
        ));
    }
    if returns >= th.returns {
        out.push(Finding::new(
            WarningRule::Shirking,
            ticket,
            "returns".into(),
            Trigger::Returns { count: returns },
        ));
    }
    if reassigns >= th.reassigns {
        out.push(Finding::new(
            WarningRule::Shirking,
            ticket,
            "reassigns".into(),
            Trigger::Reassigns { count: reassigns },
        ));
    }
    for f in out.iter_mut().filter(|f| f.subject == ticket) {
        f.department = department;
    }
    out
}

/// Stalling: an open ticket overdue by more than the threshold in working days, once per
/// deadline (an approved extension or a redo sets a new one).
pub fn overdue_finding<Tz: TimeZone>(
    ticket_id: i64,
    due_at: i64,
    now: i64,
    cal: &WorkingCalendar,
    tz: &Tz,
    th: &Thresholds,
) -> Option<Finding> {
    let (due, now_t) = (
        Utc.timestamp_millis_opt(due_at).single()?,
        Utc.timestamp_millis_opt(now).single()?,
    );
    let per_day = cal.working_minutes_per_day().max(1);
    let days = cal.working_minutes_between(due, now_t, tz) / per_day;
    (days > th.overdue_days).then(|| {
        Finding::new(
            WarningRule::Stalling,
            Subject::Ticket(ticket_id),
            format!("overdue:{due_at}"),
            Trigger::Overdue {
                working_days: days,
                due_at,
            },
        )
    })
}

/// Privacy: one person's looks at personal data on one day, more than the threshold.
pub fn reveals_finding(
    user: i64,
    day: NaiveDate,
    count: i64,
    tickets: Vec<i64>,
    th: &Thresholds,
) -> Option<Finding> {
    (count > th.reveals_per_day).then(|| {
        let mut f = Finding::new(
            WarningRule::Privacy,
            Subject::User(user),
            format!("day:{day}"),
            Trigger::RevealsInDay { count, day },
        );
        f.tickets = tickets;
        f
    })
}

/// Surge: a category's tickets received on `day` at least the threshold share of its daily
/// mean over the 28 days before, and at least the minimum count.
pub fn surge_finding(
    category_id: i64,
    day: NaiveDate,
    received: i64,
    last_28_days: i64,
    th: &Thresholds,
) -> Option<Finding> {
    let enough = received >= th.surge_min;
    let above = received * 28 * 100 >= th.surge_percent * last_28_days;
    (enough && above).then(|| {
        Finding::new(
            WarningRule::Surge,
            Subject::Category(category_id),
            format!("day:{day}"),
            Trigger::Surge {
                day,
                received,
                mean_tenths: (last_28_days * 10 + 14) / 28,
            },
        )
    })
}

/// Repeat caller: the callback of `ticket` found the caller unsatisfied or unreachable, and
/// the same caller had at least the threshold of tickets (this one included) registered in
/// the window of days up to it. `callers_tickets` are those tickets' ids.
pub fn repeat_caller_finding(
    ticket: i64,
    callers_tickets: &[i64],
    th: &Thresholds,
) -> Option<Finding> {
    let n = callers_tickets.len() as i64;
    (n >= th.repeat_tickets).then(|| {
        let mut f = Finding::new(
            WarningRule::RepeatCaller,
            Subject::Ticket(ticket),
            "repeat".into(),
            Trigger::RepeatCaller {
                tickets: n,
                days: th.repeat_days,
            },
        );
        f.tickets = callers_tickets.to_vec();
        f
    })
}

/// Forged records: the history chain does not verify. Major; once a day.
pub fn chain_finding(day: NaiveDate, seq: i64) -> Finding {
    let mut f = Finding::new(
        WarningRule::Forged,
        Subject::Chain,
        format!("day:{day}"),
        Trigger::ChainBroken { seq },
    );
    f.major = true;
    f
}

/// A risk of the list, as the rules choose among them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskRef {
    pub id: i64,
    pub risk_type: RiskType,
    pub conduct: Conduct,
    pub department_id: i64,
    pub open: bool,
    pub residual_score: u8,
}

/// The risk a warning of `rule` is raised on: an open risk of the rule's conduct (or, for
/// service quality, of that type) — owned by the finding's department or the nearest one
/// above it when one is (`departments`: the department and its ancestors, nearest first),
/// else any — the highest residual score first, then the oldest. `None` when the list has
/// no such risk (the job counts the finding as unplaced).
pub fn risk_for(rule: WarningRule, departments: &[i64], risks: &[RiskRef]) -> Option<i64> {
    let fits: Vec<&RiskRef> = risks
        .iter()
        .filter(|r| r.open)
        .filter(|r| match rule.points_at() {
            Ok(conduct) => r.conduct == conduct,
            Err(risk_type) => r.risk_type == risk_type,
        })
        .collect();
    let best = |among: &mut dyn Iterator<Item = &&RiskRef>| {
        among
            .max_by(|a, b| {
                a.residual_score
                    .cmp(&b.residual_score)
                    .then(b.id.cmp(&a.id))
            })
            .map(|r| r.id)
    };
    departments
        .iter()
        .find_map(|d| best(&mut fits.iter().filter(|r| r.department_id == *d)))
        .or_else(|| best(&mut fits.iter()))
}

/// Compliance decides a raised warning once: confirm (a note is optional) or dismiss (the
/// reason is required).
pub fn decide(
    state: WarningState,
    confirm: bool,
    note: &str,
) -> Result<WarningState, FieldProblem> {
    if state != WarningState::Raised {
        return Err(FieldProblem::UnknownChoice);
    }
    if confirm {
        Ok(WarningState::Confirmed)
    } else if note.trim().is_empty() {
        Err(FieldProblem::Required)
    } else {
        Ok(WarningState::Dismissed)
    }
}

#[cfg(test)]
#[path = "warning_tests.rs"]
mod tests;
