//! The daily report (日报) as pure functions. A ticket's history projects into *facts* — one
//! per countable thing that happened, with the department it happened to — and *spans*, the
//! stretches during which the ticket waited for a resolution with one department and one
//! deadline. A day's figures are the facts inside the day plus the spans open at its close;
//! the definitions are in `docs/report.md`.
use super::events::EventData;
use super::ticket::{CallbackOutcome, Channel};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

mod reach;
pub use reach::{reach, reaches_cached, Reach, SETTLE_MS};

/// What a fact counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    Received,
    Dispatched,
    Assigned,
    Resolved,
    Callback,
    Returned,
    ExtensionApproved,
    Urged,
    Escalated,
    Redo,
    /// A resolution deadline: when it fell (or will), whether the ticket was resolved by it.
    Due,
    /// A supervisor put the ticket under supervision (督办).
    Supervised,
}

impl FactKind {
    pub const ALL: [FactKind; 12] = [
        FactKind::Received,
        FactKind::Dispatched,
        FactKind::Assigned,
        FactKind::Resolved,
        FactKind::Callback,
        FactKind::Returned,
        FactKind::ExtensionApproved,
        FactKind::Urged,
        FactKind::Escalated,
        FactKind::Redo,
        FactKind::Due,
        FactKind::Supervised,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FactKind::Received => "received",
            FactKind::Dispatched => "dispatched",
            FactKind::Assigned => "assigned",
            FactKind::Resolved => "resolved",
            FactKind::Callback => "callback",
            FactKind::Returned => "returned",
            FactKind::ExtensionApproved => "extension_approved",
            FactKind::Urged => "urged",
            FactKind::Escalated => "escalated",
            FactKind::Redo => "redo",
            FactKind::Due => "due",
            FactKind::Supervised => "supervised",
        }
    }
    pub fn parse(code: &str) -> Option<FactKind> {
        FactKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One countable thing that happened to a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub kind: FactKind,
    pub at: i64,
    /// The department it happened to: the one assigned (for `received`, the first one
    /// ever assigned), or none (still in the dispatcher queue, or answered at intake).
    pub department_id: Option<i64>,
    /// `received` only.
    pub category_id: Option<i64>,
    pub channel: Option<Channel>,
    /// `callback`: its outcome; `resolved`: the last callback's outcome after it (none
    /// while nobody called back).
    pub outcome: Option<CallbackOutcome>,
    /// `resolved` and `due`: no later than the resolution deadline then in force (`due`:
    /// none while the ticket is still open); `assigned`: signed for by the sign-for
    /// deadline (none while not signed for).
    pub on_time: Option<bool>,
    /// The handler the department's work was with: who signed for it, else the one named
    /// at assignment, else who resolved it (none when nobody in the department touched it).
    pub person_id: Option<i64>,
    /// The other end of the interval: `assigned` — when it was signed for; `resolved` —
    /// when the stretch it ends began (the assignment or the redo).
    pub paired_at: Option<i64>,
    /// `flag::*` bits.
    pub flags: i64,
}

/// What a fact's `flags` say (see `docs/assessment.md`).
pub mod flag {
    /// `received`: the same caller called about the same category within the 30 days before.
    pub const REPEAT: i64 = 1;
    /// `resolved`: the ticket was never returned nor redone.
    pub const CLEAN: i64 = 2;
    /// `resolved`: by a department, so the caller is owed a callback (an answer at intake
    /// is not).
    pub const NEEDS_CALLBACK: i64 = 4;
    /// `due`: the ticket was under supervision (督办) when its deadline fell.
    pub const SUPERVISED: i64 = 8;
    /// `assigned`: the department resolved the ticket under this assignment.
    pub const COMPLETED: i64 = 16;
    /// `assigned`: the dispatcher moved the ticket on (not a return): it is not the
    /// department's to complete.
    pub const TAKEN_AWAY: i64 = 32;
    /// `assigned`: not judged for sign-for — moved on or returned unsigned before the
    /// sign-for deadline, or brought over by an import.
    pub const NO_SIGN_DUE: i64 = 64;
}

impl Fact {
    pub fn new(kind: FactKind, at: i64, department_id: Option<i64>) -> Fact {
        Fact {
            kind,
            at,
            department_id,
            category_id: None,
            channel: None,
            outcome: None,
            on_time: None,
            person_id: None,
            paired_at: None,
            flags: 0,
        }
    }
    pub fn has(&self, bit: i64) -> bool {
        self.flags & bit != 0
    }
}

/// A stretch `[opened_at, closed_at)` during which the ticket waited for a resolution, with
/// the department and resolution deadline of that stretch. `closed_at` is `None` while open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub department_id: Option<i64>,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub due_at: Option<i64>,
}

/// What the projection needs from the ticket row itself.
#[derive(Clone, Debug)]
pub struct TicketBasics {
    pub registered_at: i64,
    pub channel: Channel,
    pub category_id: i64,
    /// The same caller called about the same category within the 30 days before.
    pub repeat: bool,
}

/// One step of a ticket's history: when, by whom (none for the system), what.
pub type Step = (i64, Option<i64>, EventData);

/// One department's turn with the ticket, from its assignment to the next assignment or a
/// return: whose work it was and which facts are about that work.
struct Turn {
    assigned: usize,
    sign_due: i64,
    signer: Option<i64>,
    named: Option<i64>,
    resolver: Option<i64>,
    facts: Vec<usize>,
}

impl Turn {
    fn person(&self) -> Option<i64> {
        self.signer.or(self.named).or(self.resolver)
    }
}

/// A ticket's facts and spans from its history (steps in order).
pub fn project(t: &TicketBasics, events: &[Step]) -> (Vec<Fact>, Vec<Span>) {
    let mut facts = vec![Fact {
        category_id: Some(t.category_id),
        channel: Some(t.channel),
        flags: if t.repeat { flag::REPEAT } else { 0 },
        ..Fact::new(FactKind::Received, t.registered_at, None)
    }];
    let mut spans: Vec<Span> = Vec::new();
    let mut turns: Vec<Turn> = Vec::new();
    // Whether the last turn is still running.
    let mut turn_open = false;
    let mut first_department = None;
    let mut department = None;
    let mut due = None;
    let mut stretch_start = t.registered_at;
    let mut supervised_since: Option<i64> = None;
    let mut last_resolution: Option<usize> = None;
    let mut clean = true;
    // The open span, if the ticket is waiting for a resolution.
    let mut open: Option<Span> = Some(Span {
        department_id: None,
        opened_at: t.registered_at,
        closed_at: None,
        due_at: None,
    });
    let mut close = |open: &mut Option<Span>, at: i64| {
        if let Some(mut s) = open.take() {
            if at > s.opened_at {
                s.closed_at = Some(at);
                spans.push(s);
            }
        }
    };
    // Adds a fact, as part of the running turn's work when there is one.
    let push = |facts: &mut Vec<Fact>, turns: &mut Vec<Turn>, open_turn: bool, f: Fact| {
        if open_turn {
            if let Some(turn) = turns.last_mut() {
                turn.facts.push(facts.len());
            }
        }
        facts.push(f);
    };
    // A deadline that fell (or will): resolved by it, or not yet resolved.
    let due_fact = |at: i64, department: Option<i64>, on_time: Option<bool>, since: Option<i64>| {
        let supervised = since.is_some_and(|s| s <= at);
        Fact {
            on_time,
            flags: if supervised { flag::SUPERVISED } else { 0 },
            ..Fact::new(FactKind::Due, at, department)
        }
    };
    for (at, actor, e) in events {
        let at = *at;
        let before = (department, due);
        match e {
            EventData::Assigned {
                department_id,
                handler_id,
                sign_due_at,
                resolve_due_at,
                ..
            } => {
                if turn_open {
                    if let Some(turn) = turns.last() {
                        let f = &mut facts[turn.assigned];
                        // Moved on after this department resolved it (a redo sent
                        // elsewhere): still its completion.
                        if !f.has(flag::COMPLETED) {
                            f.flags |= flag::TAKEN_AWAY;
                        }
                        if f.paired_at.is_none() && at < turn.sign_due {
                            f.flags |= flag::NO_SIGN_DUE;
                        }
                    }
                }
                if first_department.is_none() {
                    first_department = Some(*department_id);
                    facts.push(Fact::new(FactKind::Dispatched, at, Some(*department_id)));
                }
                turns.push(Turn {
                    assigned: facts.len(),
                    sign_due: *sign_due_at,
                    signer: None,
                    named: *handler_id,
                    resolver: None,
                    facts: vec![facts.len()],
                });
                turn_open = true;
                facts.push(Fact::new(FactKind::Assigned, at, Some(*department_id)));
                department = Some(*department_id);
                due = Some(*resolve_due_at);
                stretch_start = at;
            }
            EventData::SignedFor { .. } => {
                if let Some(turn) = turns.last_mut().filter(|_| turn_open) {
                    let f = &mut facts[turn.assigned];
                    if f.paired_at.is_none() {
                        turn.signer = *actor;
                        f.on_time = Some(at <= turn.sign_due);
                        f.paired_at = Some(at);
                    }
                }
            }
            EventData::Returned { .. } => {
                clean = false;
                push(
                    &mut facts,
                    &mut turns,
                    turn_open,
                    Fact::new(FactKind::Returned, at, department),
                );
                if turn_open {
                    if let Some(turn) = turns.last() {
                        if facts[turn.assigned].paired_at.is_none() && at < turn.sign_due {
                            facts[turn.assigned].flags |= flag::NO_SIGN_DUE;
                        }
                    }
                }
                turn_open = false;
                department = None;
                due = None;
            }
            EventData::ExtensionDecided {
                approved: true,
                resolve_due_at,
                ..
            } => {
                push(
                    &mut facts,
                    &mut turns,
                    turn_open,
                    Fact::new(FactKind::ExtensionApproved, at, department),
                );
                if resolve_due_at.is_some() {
                    due = *resolve_due_at;
                }
            }
            EventData::Urged { .. } => push(
                &mut facts,
                &mut turns,
                turn_open,
                Fact::new(FactKind::Urged, at, department),
            ),
            EventData::Escalated { .. } => push(
                &mut facts,
                &mut turns,
                turn_open,
                Fact::new(FactKind::Escalated, at, department),
            ),
            EventData::Supervised { .. } => {
                supervised_since = supervised_since.or(Some(at));
                push(
                    &mut facts,
                    &mut turns,
                    turn_open,
                    Fact::new(FactKind::Supervised, at, department),
                );
            }
            // Only a ticket waiting for a resolution can be resolved.
            EventData::Resolved { .. } | EventData::DirectAnswered { .. } if open.is_some() => {
                let by_department = matches!(e, EventData::Resolved { .. });
                let on_time = due.is_none_or(|d| at <= d);
                if turn_open {
                    if let Some(turn) = turns.last_mut() {
                        turn.resolver = turn.resolver.or(*actor);
                        facts[turn.assigned].flags |= flag::COMPLETED;
                    }
                }
                if let Some(d) = due {
                    let f = due_fact(d, department, Some(at <= d), supervised_since);
                    push(&mut facts, &mut turns, turn_open, f);
                }
                last_resolution = Some(facts.len());
                let f = Fact {
                    on_time: Some(on_time),
                    paired_at: Some(stretch_start),
                    flags: if by_department {
                        flag::NEEDS_CALLBACK
                    } else {
                        0
                    },
                    ..Fact::new(FactKind::Resolved, at, department)
                };
                push(&mut facts, &mut turns, turn_open, f);
                close(&mut open, at);
            }
            EventData::CallbackRecorded { outcome, .. } => {
                if let Some(i) = last_resolution {
                    facts[i].outcome = Some(*outcome);
                }
                let f = Fact {
                    outcome: Some(*outcome),
                    ..Fact::new(FactKind::Callback, at, department)
                };
                push(&mut facts, &mut turns, turn_open, f);
            }
            EventData::Imported {
                department_id,
                due_at,
                resolved_at,
                callback,
                ..
            } => {
                // The old system's record: received (and dispatched) when it was created.
                if let Some(d) = department_id {
                    first_department = first_department.or(Some(*d));
                    facts.push(Fact::new(FactKind::Dispatched, t.registered_at, Some(*d)));
                    turns.push(Turn {
                        assigned: facts.len(),
                        sign_due: t.registered_at,
                        signer: None,
                        named: None,
                        resolver: None,
                        facts: vec![facts.len()],
                    });
                    turn_open = true;
                    facts.push(Fact {
                        flags: flag::NO_SIGN_DUE,
                        ..Fact::new(FactKind::Assigned, t.registered_at, Some(*d))
                    });
                }
                department = *department_id;
                due = *due_at;
                if let Some(s) = open.as_mut() {
                    s.department_id = department;
                    s.due_at = due;
                }
                if let Some(r) = resolved_at {
                    if let Some(d) = due {
                        let f = due_fact(d, department, Some(*r <= d), None);
                        push(&mut facts, &mut turns, turn_open, f);
                    }
                    if let (true, Some(turn)) = (turn_open, turns.last()) {
                        facts[turn.assigned].flags |= flag::COMPLETED;
                    }
                    last_resolution = Some(facts.len());
                    let f = Fact {
                        on_time: Some(due.is_none_or(|d| *r <= d)),
                        paired_at: Some(t.registered_at),
                        flags: if department.is_some() {
                            flag::NEEDS_CALLBACK
                        } else {
                            0
                        },
                        ..Fact::new(FactKind::Resolved, *r, department)
                    };
                    push(&mut facts, &mut turns, turn_open, f);
                    close(&mut open, *r);
                }
                if let Some(c) = callback {
                    if let Some(i) = last_resolution {
                        facts[i].outcome = Some(c.outcome);
                    }
                    let f = Fact {
                        outcome: Some(c.outcome),
                        ..Fact::new(FactKind::Callback, c.at, department)
                    };
                    push(&mut facts, &mut turns, turn_open, f);
                }
                continue;
            }
            EventData::Redo { resolve_due_at, .. } => {
                clean = false;
                push(
                    &mut facts,
                    &mut turns,
                    turn_open,
                    Fact::new(FactKind::Redo, at, department),
                );
                due = Some(*resolve_due_at);
                stretch_start = at;
                last_resolution = None;
                if open.is_none() {
                    open = Some(Span {
                        department_id: department,
                        opened_at: at,
                        closed_at: None,
                        due_at: due,
                    });
                }
            }
            _ => {}
        }
        // A new department or deadline starts a new stretch.
        if (department, due) != before {
            if let Some(s) = &open {
                if (s.department_id, s.due_at) != (department, due) {
                    close(&mut open, at);
                    open = Some(Span {
                        department_id: department,
                        opened_at: at,
                        closed_at: None,
                        due_at: due,
                    });
                }
            }
        }
    }
    // Still waiting with a deadline: it falls (or fell) with the ticket unresolved.
    if let (Some(_), Some(d), Some(_)) = (&open, due, department) {
        let f = due_fact(d, department, None, supervised_since);
        push(&mut facts, &mut turns, turn_open, f);
    }
    spans.extend(open);
    facts[0].department_id = first_department;
    for turn in &turns {
        let person = turn.person();
        for i in &turn.facts {
            facts[*i].person_id = person;
        }
    }
    if clean {
        for f in facts.iter_mut().filter(|f| f.kind == FactKind::Resolved) {
            f.flags |= flag::CLEAN;
        }
    }
    (facts, spans)
}

/// A fact as the report reads it back for a day.
#[derive(Clone, Debug)]
pub struct FactRow {
    pub ticket_id: i64,
    pub fact: Fact,
}

/// The figures of one department (additive).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentCounts {
    pub assigned: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub overdue_at_close: i64,
    pub callbacks: OutcomeCounts,
    pub returns: i64,
    pub redos: i64,
}

/// Callback results by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCounts {
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub unsatisfied: i64,
    pub unreachable: i64,
}

impl OutcomeCounts {
    pub(crate) fn add(&mut self, o: CallbackOutcome, n: i64) {
        match o {
            CallbackOutcome::Satisfied => self.satisfied += n,
            CallbackOutcome::BasicallySatisfied => self.basically_satisfied += n,
            CallbackOutcome::Unsatisfied => self.unsatisfied += n,
            CallbackOutcome::Unreachable => self.unreachable += n,
        }
    }
    pub(crate) fn merge(&mut self, o: &OutcomeCounts) {
        self.satisfied += o.satisfied;
        self.basically_satisfied += o.basically_satisfied;
        self.unsatisfied += o.unsatisfied;
        self.unreachable += o.unreachable;
    }
    /// (satisfied + basically satisfied) / the callers reached with a verdict.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        let content = self.satisfied + self.basically_satisfied;
        rate(content, content + self.unsatisfied)
    }
}

/// `part / whole`, or none when there is nothing to divide.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A day's (or a period's) figures by ids, additive over days except the figures at close.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub received: i64,
    pub received_by_channel: BTreeMap<String, i64>,
    /// By the ticket's own category id (rolled up to top level and second level later).
    pub received_by_category: BTreeMap<i64, i64>,
    /// By the first department assigned (tickets never assigned are not in here).
    pub received_by_department: BTreeMap<i64, i64>,
    pub dispatched: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub backlog_at_close: i64,
    pub overdue_at_close: i64,
    pub callbacks: OutcomeCounts,
    pub returns: i64,
    pub extensions_approved: i64,
    pub urges: i64,
    pub escalations: i64,
    pub redos: i64,
    pub departments: BTreeMap<i64, DepartmentCounts>,
    /// A day's tickets waiting at its close, per department, when they were read (the next
    /// day's follow from them and that day's changes: `advance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_close: Option<AtClose>,
    /// The assessment's counts (`domain::kpi`), kept with the day.
    #[serde(default)]
    pub kpi: super::kpi::KpiDay,
}

/// The spans open at a day's close, per department: (department, open, overdue), in
/// department order, departments with none left out.
pub type AtClose = Vec<(Option<i64>, i64, i64)>;

/// What changed between two closes `c1 < c2`, per department (`AtClose` rows):
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CloseDelta {
    /// Stretches opened in `[c1, c2)` and still open at `c2`: (open, of them overdue at `c2`).
    pub opened: AtClose,
    /// Stretches open at `c1` that closed in `[c1, c2)`: (closed, of them overdue at `c1`).
    pub closed: AtClose,
    /// Stretches open at both closes whose deadline fell in `[c1, c2)`: (0, n).
    pub fell_due: AtClose,
}

/// The tickets waiting at a close from those waiting at the close before and what changed
/// in between — the same as counting the stretches open at the later close, but reading only
/// the day's changes.
pub fn advance(previous: &AtClose, d: &CloseDelta) -> AtClose {
    let mut by: BTreeMap<Option<i64>, (i64, i64)> = BTreeMap::new();
    for (rows, sign) in [
        (previous, 1),
        (&d.opened, 1),
        (&d.closed, -1),
        (&d.fell_due, 1),
    ] {
        for (dept, n, late) in rows {
            let e = by.entry(*dept).or_default();
            e.0 += sign * n;
            e.1 += sign * late;
        }
    }
    by.into_iter()
        .filter(|(_, (n, _))| *n != 0)
        .map(|(d, (n, l))| (d, n, l))
        .collect()
}

impl Counts {
    /// A day's counts from its facts and the spans open at its close. A ticket resolved
    /// twice in one day (after a redo) counts once, as its last resolution that day. With
    /// the assessment's counts (`now` and `work` as `KpiDay::of_facts` takes them).
    pub fn of_day(
        facts: &[FactRow],
        at_close: &AtClose,
        now: i64,
        work: &dyn Fn(i64, i64) -> i64,
    ) -> Counts {
        let mut c = Counts {
            kpi: super::kpi::KpiDay::of_facts(facts, now, work),
            ..Counts::default()
        };
        let mut resolutions: HashMap<i64, &Fact> = HashMap::new();
        for FactRow { ticket_id, fact: f } in facts {
            let dept = f.department_id;
            match f.kind {
                FactKind::Received => {
                    c.received += 1;
                    if let Some(ch) = f.channel {
                        *c.received_by_channel.entry(ch.code().into()).or_default() += 1;
                    }
                    if let Some(cat) = f.category_id {
                        *c.received_by_category.entry(cat).or_default() += 1;
                    }
                    if let Some(d) = dept {
                        *c.received_by_department.entry(d).or_default() += 1;
                    }
                }
                FactKind::Dispatched => c.dispatched += 1,
                FactKind::Assigned => c.department(dept, |d| d.assigned += 1),
                FactKind::Resolved => {
                    let keep = resolutions
                        .get(ticket_id)
                        .is_none_or(|r| (r.at, r.kind) <= (f.at, f.kind));
                    if keep {
                        resolutions.insert(*ticket_id, f);
                    }
                }
                FactKind::Callback => {
                    if let Some(o) = f.outcome {
                        c.callbacks.add(o, 1);
                        c.department(dept, |d| d.callbacks.add(o, 1));
                    }
                }
                FactKind::Returned => {
                    c.returns += 1;
                    c.department(dept, |d| d.returns += 1);
                }
                FactKind::ExtensionApproved => c.extensions_approved += 1,
                FactKind::Urged => c.urges += 1,
                FactKind::Escalated => c.escalations += 1,
                FactKind::Redo => {
                    c.redos += 1;
                    c.department(dept, |d| d.redos += 1);
                }
                FactKind::Due | FactKind::Supervised => {}
            }
        }
        for r in resolutions.values() {
            let on_time = i64::from(r.on_time.unwrap_or(true));
            c.resolved += 1;
            c.resolved_on_time += on_time;
            c.department(r.department_id, |d| {
                d.resolved += 1;
                d.resolved_on_time += on_time;
            });
        }
        for (dept, open, overdue) in at_close {
            c.backlog_at_close += open;
            c.overdue_at_close += overdue;
            if *overdue > 0 {
                c.department(*dept, |d| d.overdue_at_close += overdue);
            }
        }
        c
    }

    fn department(&mut self, dept: Option<i64>, f: impl FnOnce(&mut DepartmentCounts)) {
        if let Some(d) = dept {
            f(self.departments.entry(d).or_default());
        }
    }

    /// A period's counts from its days in order: sums, except the figures at close, which
    /// are the last day's.
    pub fn over_days(days: &[Counts]) -> Counts {
        let mut c = Counts::default();
        for d in days {
            c.received += d.received;
            merge_map(&mut c.received_by_channel, &d.received_by_channel);
            merge_map(&mut c.received_by_category, &d.received_by_category);
            merge_map(&mut c.received_by_department, &d.received_by_department);
            c.dispatched += d.dispatched;
            c.resolved += d.resolved;
            c.resolved_on_time += d.resolved_on_time;
            c.callbacks.merge(&d.callbacks);
            c.returns += d.returns;
            c.extensions_approved += d.extensions_approved;
            c.urges += d.urges;
            c.escalations += d.escalations;
            c.redos += d.redos;
            c.kpi.add(&d.kpi);
            for (id, x) in &d.departments {
                let t = c.departments.entry(*id).or_default();
                t.assigned += x.assigned;
                t.resolved += x.resolved;
                t.resolved_on_time += x.resolved_on_time;
                t.callbacks.merge(&x.callbacks);
                t.returns += x.returns;
                t.redos += x.redos;
                t.overdue_at_close = 0;
            }
        }
        if let Some(last) = days.last() {
            c.backlog_at_close = last.backlog_at_close;
            c.overdue_at_close = last.overdue_at_close;
            for (id, x) in &last.departments {
                c.departments.entry(*id).or_default().overdue_at_close = x.overdue_at_close;
            }
        }
        c
    }
}

fn merge_map<K: Ord + Clone>(into: &mut BTreeMap<K, i64>, from: &BTreeMap<K, i64>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

/// A department as the report names it.
#[derive(Clone, Debug)]
pub struct DepartmentRef {
    pub id: i64,
    pub code: String,
    /// The top of the tree (the hotline centre itself) has no row in the league table.
    pub in_league: bool,
}

/// A category as the report names it: its code (`complaint/noise`) and parent.
#[derive(Clone, Debug)]
pub struct CategoryRef {
    pub id: i64,
    pub code: String,
    pub parent_id: Option<i64>,
}

/// The report as `hotline report --format json` prints it and the page shows it. The field
/// order and names are part of the documented format (`docs/report.md`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub date: String,
    /// Present for week, month and year reports: the last day included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodInfo>,
    pub timezone: String,
    pub received: i64,
    pub received_by_channel: BTreeMap<String, i64>,
    pub received_by_category: BTreeMap<String, i64>,
    pub received_by_department: BTreeMap<String, i64>,
    pub dispatched: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub on_time_rate: Option<f64>,
    pub backlog_at_close: i64,
    pub overdue_at_close: i64,
    pub callbacks: OutcomeCounts,
    pub satisfaction_rate: Option<f64>,
    pub returns: i64,
    pub extensions_approved: i64,
    pub urges: i64,
    pub escalations: i64,
    pub redos: i64,
    pub departments: Vec<DepartmentLine>,
    pub hot_issues: Vec<HotIssue>,
    /// The risk section (absent from snapshots kept before it existed: all zero then).
    #[serde(default)]
    pub risks: super::risk_report::RiskFigures,
    /// The policy section (absent from snapshots kept before it existed: all zero then).
    #[serde(default)]
    pub policies: super::policy_report::PolicyFigures,
    /// The compliance review section (absent from older snapshots: all zero then).
    #[serde(default)]
    pub reviews: super::review::ReviewFigures,
    /// The training section (absent from older snapshots: all zero then).
    #[serde(default)]
    pub training: super::training::TrainingFigures,
    /// The accountability section (absent from older snapshots: all zero then).
    #[serde(default)]
    pub violations: super::violation::ViolationFigures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodInfo {
    /// `week`, `month` or `year`.
    pub kind: String,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentLine {
    pub department: String,
    pub assigned: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub overdue_at_close: i64,
    pub satisfaction_rate: Option<f64>,
    pub returns: i64,
    pub redos: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HotIssue {
    pub category: String,
    pub received: i64,
    /// Of all tickets received, 0–1.
    pub share: f64,
    /// Against the day before (for a period: the period before).
    pub change_vs_previous_day: i64,
    /// Against the same weekday a week earlier (for a period: the period a week earlier
    /// for a week, otherwise the same period a year earlier).
    pub change_vs_week_before: i64,
}

/// How many hot issues the report lists.
pub const HOT_ISSUES: usize = 10;

/// The report from the counts of the day (or period) and of the two it is compared with.
pub fn report(
    date: &str,
    timezone: &str,
    c: &Counts,
    previous: &Counts,
    week_before: &Counts,
    departments: &[DepartmentRef],
    categories: &[CategoryRef],
) -> Report {
    let by_id: HashMap<i64, &CategoryRef> = categories.iter().map(|c| (c.id, c)).collect();
    let dept_code: HashMap<i64, &str> = departments
        .iter()
        .map(|d| (d.id, d.code.as_str()))
        .collect();
    let name_dept = |id: &i64| {
        dept_code
            .get(id)
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let roll = |counts: &BTreeMap<i64, i64>, level: usize| {
        let mut out: BTreeMap<String, i64> = BTreeMap::new();
        for (id, n) in counts {
            let code = category_at_level(&by_id, *id, level);
            *out.entry(code).or_default() += n;
        }
        out
    };
    let hot_now = roll(&c.received_by_category, 1);
    let hot_prev = roll(&previous.received_by_category, 1);
    let hot_week = roll(&week_before.received_by_category, 1);
    let mut hot: Vec<(&String, &i64)> = hot_now.iter().filter(|(_, n)| **n > 0).collect();
    hot.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let hot_issues = hot
        .into_iter()
        .take(HOT_ISSUES)
        .map(|(code, n)| HotIssue {
            category: code.clone(),
            received: *n,
            share: rate(*n, c.received).unwrap_or(0.0),
            change_vs_previous_day: n - hot_prev.get(code).copied().unwrap_or(0),
            change_vs_week_before: n - hot_week.get(code).copied().unwrap_or(0),
        })
        .collect();
    let mut lines: Vec<DepartmentLine> = departments
        .iter()
        .filter(|d| d.in_league)
        .map(|d| d.id)
        .chain(
            c.departments
                .keys()
                .copied()
                .filter(|id| !departments.iter().any(|d| d.id == *id && d.in_league)),
        )
        .map(|id| {
            let x = c.departments.get(&id).cloned().unwrap_or_default();
            DepartmentLine {
                department: name_dept(&id),
                assigned: x.assigned,
                resolved: x.resolved,
                resolved_on_time: x.resolved_on_time,
                overdue_at_close: x.overdue_at_close,
                satisfaction_rate: x.callbacks.satisfaction_rate(),
                returns: x.returns,
                redos: x.redos,
            }
        })
        .collect();
    lines.sort_by(|a, b| a.department.cmp(&b.department));
    Report {
        date: date.to_owned(),
        period: None,
        timezone: timezone.to_owned(),
        received: c.received,
        received_by_channel: c.received_by_channel.clone(),
        received_by_category: roll(&c.received_by_category, 0),
        received_by_department: c
            .received_by_department
            .iter()
            .map(|(id, n)| (name_dept(id), *n))
            .collect(),
        dispatched: c.dispatched,
        resolved: c.resolved,
        resolved_on_time: c.resolved_on_time,
        on_time_rate: rate(c.resolved_on_time, c.resolved),
        backlog_at_close: c.backlog_at_close,
        overdue_at_close: c.overdue_at_close,
        callbacks: c.callbacks,
        satisfaction_rate: c.callbacks.satisfaction_rate(),
        returns: c.returns,
        extensions_approved: c.extensions_approved,
        urges: c.urges,
        escalations: c.escalations,
        redos: c.redos,
        departments: lines,
        hot_issues,
        risks: Default::default(),
        policies: Default::default(),
        reviews: Default::default(),
        training: Default::default(),
        violations: Default::default(),
    }
}

/// The code of a category's ancestor at `level` (0 = top level, 1 = second level); a
/// category above that level stands for itself.
fn category_at_level(by_id: &HashMap<i64, &CategoryRef>, id: i64, level: usize) -> String {
    let mut chain = Vec::new();
    let mut next = Some(id);
    while let Some(i) = next {
        match by_id.get(&i) {
            Some(c) if !chain.iter().any(|x: &&CategoryRef| x.id == c.id) => {
                chain.push(*c);
                next = c.parent_id;
            }
            _ => break,
        }
    }
    chain.reverse();
    chain
        .get(level)
        .or(chain.last())
        .map(|c| c.code.clone())
        .unwrap_or_else(|| format!("#{id}"))
}

/// The report as CSV: one `metric,key,value` line per figure (keys for the breakdowns),
/// then the league table and the hot issues under their own headers.
pub fn to_csv(r: &Report) -> String {
    let mut out = String::from("metric,key,value\n");
    let mut line = |metric: &str, key: &str, value: String| {
        out.push_str(&format!("{},{},{}\n", csv(metric), csv(key), value));
    };
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    line("date", "", r.date.clone());
    if let Some(p) = &r.period {
        line("period", "", p.kind.clone());
        line("from", "", p.from.clone());
        line("to", "", p.to.clone());
    }
    line("timezone", "", r.timezone.clone());
    line("received", "", r.received.to_string());
    for (group, map) in [
        ("received_by_channel", &r.received_by_channel),
        ("received_by_category", &r.received_by_category),
        ("received_by_department", &r.received_by_department),
    ] {
        for (k, v) in map {
            line(group, k, v.to_string());
        }
    }
    for (name, v) in [
        ("dispatched", r.dispatched),
        ("resolved", r.resolved),
        ("resolved_on_time", r.resolved_on_time),
    ] {
        line(name, "", v.to_string());
    }
    line("on_time_rate", "", opt(r.on_time_rate));
    line("backlog_at_close", "", r.backlog_at_close.to_string());
    line("overdue_at_close", "", r.overdue_at_close.to_string());
    let cb = r.callbacks;
    for (k, v) in [
        ("satisfied", cb.satisfied),
        ("basically_satisfied", cb.basically_satisfied),
        ("unsatisfied", cb.unsatisfied),
        ("unreachable", cb.unreachable),
    ] {
        line("callbacks", k, v.to_string());
    }
    line("satisfaction_rate", "", opt(r.satisfaction_rate));
    for (name, v) in [
        ("returns", r.returns),
        ("extensions_approved", r.extensions_approved),
        ("urges", r.urges),
        ("escalations", r.escalations),
        ("redos", r.redos),
    ] {
        line(name, "", v.to_string());
    }
    let k = &r.risks;
    for (grade, n) in &k.open_by_grade {
        line("risks_open", grade, n.to_string());
    }
    for (name, v) in [
        ("risk_checks_due", k.checks_due),
        ("risk_checks_done", k.checks_done),
        ("risk_checks_problem_found", k.checks_problem_found),
        ("rectifications_overdue", k.rectifications_overdue),
        ("risk_warnings_raised", k.warnings_raised),
        ("risk_warnings_confirmed", k.warnings_confirmed),
    ] {
        line(name, "", v.to_string());
    }
    for (grade, n) in &k.events_by_grade {
        line("risk_events", grade, n.to_string());
    }
    for (grade, n) in &k.events_open_by_grade {
        line("risk_events_open", grade, n.to_string());
    }
    let p = &r.policies;
    for (name, v) in [
        ("policy_versions_published", p.versions_published),
        ("policy_decisions", p.decisions),
        ("policy_sent_back", p.sent_back),
        ("policy_acknowledgements", p.acknowledgements),
        ("letter_signatures", p.signatures),
        ("policy_acknowledgements_due", p.acknowledgements_due),
        ("policy_acknowledged", p.acknowledged),
    ] {
        line(name, "", v.to_string());
    }
    line(
        "policy_acknowledgement_rate",
        "",
        opt(p.acknowledgement_rate),
    );
    for (name, v) in [
        ("letters_due", p.letters_due),
        ("letters_signed", p.letters_signed),
    ] {
        line(name, "", v.to_string());
    }
    let v = &r.reviews;
    for (point, n) in &v.requested_by_point {
        line("reviews_requested", point, n.to_string());
    }
    for (name, n) in [
        ("reviews_approved", v.approved),
        (
            "reviews_approved_with_conditions",
            v.approved_with_conditions,
        ),
        ("reviews_rejected", v.rejected),
        ("reviews_pending", v.pending),
    ] {
        line(name, "", n.to_string());
    }
    line("review_median_hours", "", opt(v.median_hours_to_decision));
    let t = &r.training;
    for (name, n) in [
        ("training_exams", t.exams),
        ("training_exams_passed", t.exams_passed),
    ] {
        line(name, "", n.to_string());
    }
    line("training_pass_rate", "", opt(t.pass_rate));
    for (name, n) in [("training_due", t.due), ("training_completed", t.completed)] {
        line(name, "", n.to_string());
    }
    line("training_completion_rate", "", opt(t.completion_rate));
    let v = &r.violations;
    for (name, n) in [
        ("violations_proposed", v.proposed),
        ("violations_appealed", v.appealed),
        ("violations_upheld", v.upheld),
        ("violations_reduced", v.reduced),
        ("violations_withdrawn", v.withdrawn),
        ("violation_points", v.points),
    ] {
        line(name, "", n.to_string());
    }
    out.push_str(
        "\ndepartment,assigned,resolved,resolved_on_time,overdue_at_close,satisfaction_rate,returns,redos\n",
    );
    for d in &r.departments {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            csv(&d.department),
            d.assigned,
            d.resolved,
            d.resolved_on_time,
            d.overdue_at_close,
            opt(d.satisfaction_rate),
            d.returns,
            d.redos
        ));
    }
    out.push_str("\nhot_issue,received,share,change_vs_previous_day,change_vs_week_before\n");
    for h in &r.hot_issues {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            csv(&h.category),
            h.received,
            h.share,
            h.change_vs_previous_day,
            h.change_vs_week_before
        ));
    }
    out
}

/// One CSV field: quoted when it holds a separator, a quote or a line break; a leading
/// `=`, `+`, `-` or `@` is defused so spreadsheets do not run it as a formula.
pub fn csv(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// What a report covers: one day, or a week, month or year to date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
    pub fn parse(code: &str) -> Option<Period> {
        [Period::Day, Period::Week, Period::Month, Period::Year]
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// The days covered as of `date`: from the start of its week (Monday), month or year up
    /// to and including `date`.
    pub fn days(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first = match self {
            Period::Day => date,
            Period::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
            Period::Month => date.with_day(1).unwrap_or(date),
            Period::Year => date.with_ordinal(1).unwrap_or(date),
        };
        (first, date)
    }

    /// The stretches a report is compared with: the one just before (as long), and the same
    /// stretch a week earlier (a day or a week) or a year earlier (a month or a year).
    pub fn comparisons(self, (first, last): (NaiveDate, NaiveDate)) -> [(NaiveDate, NaiveDate); 2] {
        let len = (last - first).num_days() as u64 + 1;
        let previous = (first - Days::new(len), last - Days::new(len));
        let earlier = match self {
            Period::Day | Period::Week => (first - Days::new(7), last - Days::new(7)),
            Period::Month | Period::Year => (
                first.checked_sub_months(Months::new(12)).unwrap_or(first),
                last.checked_sub_months(Months::new(12)).unwrap_or(last),
            ),
        };
        [previous, earlier]
    }
}

#[cfg(test)]
pub(crate) mod tests;
