//! Import from an old system (`hotline import FILE.jsonl`): one ticket per line, checked
//! line by line into typed records; each becomes a ticket whose state follows from its
//! record. Pure: the codes are resolved and the rows written by the caller.
use super::account::FieldProblem;
use super::intake::{check_caller_name, check_phone, check_text, DESCRIPTION_MAX_CHARS};
use super::privacy::mask_phone;
use super::roles::Clearance;
use super::ticket::{CallbackOutcome, Channel, Priority, State};
use super::workflow::Progress;
use serde::{Deserialize, Serialize};

/// A line as the old system wrote it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    source_id: String,
    created_at: String,
    channel: String,
    category: String,
    priority: String,
    caller_name: String,
    caller_phone: String,
    description: String,
    #[serde(default)]
    department: Option<String>,
    #[serde(default)]
    due_at: Option<String>,
    #[serde(default)]
    resolved_at: Option<String>,
    #[serde(default)]
    callback: Option<LineCallback>,
    #[serde(default)]
    archived_at: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineCallback {
    at: String,
    result: String,
}

/// A checked line: instants in epoch milliseconds, codes still as codes.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub source_id: String,
    pub created_at: i64,
    pub channel: Channel,
    pub category: String,
    pub priority: Priority,
    pub caller_name: String,
    pub caller_phone: String,
    pub description: String,
    pub department: Option<String>,
    pub due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub callback: Option<(i64, CallbackOutcome)>,
    pub archived_at: Option<i64>,
    /// The line as read, phone masked: what the `imported` history event keeps.
    pub original: serde_json::Value,
}

/// What is wrong with a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineProblem {
    /// Not a JSON object of the documented shape (serde's words).
    Shape(String),
    Field(&'static str, FieldProblem),
    /// Instants out of order, e.g. resolved before created.
    Order(&'static str, &'static str),
    /// The same `source_id` twice in one file.
    Duplicate,
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineProblem::Shape(s) => write!(f, "not a ticket record: {s}"),
            LineProblem::Field(name, p) => write!(f, "{name}: {}", problem_text(*p)),
            LineProblem::Order(later, earlier) => {
                write!(f, "{later} is before {earlier}")
            }
            LineProblem::Duplicate => write!(f, "source_id appears earlier in this file"),
        }
    }
}

fn problem_text(p: FieldProblem) -> &'static str {
    match p {
        FieldProblem::Required => "required",
        FieldProblem::TooLong => "too long",
        FieldProblem::BadPhone => "not a phone number",
        FieldProblem::BadDate => {
            "not a time with offset (RFC 3339, e.g. 2026-11-02T09:15:00+08:00)"
        }
        FieldProblem::UnknownChoice => "unknown code",
        _ => "not valid",
    }
}

fn instant(name: &'static str, s: &str) -> Result<i64, LineProblem> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.timestamp_millis())
        .map_err(|_| LineProblem::Field(name, FieldProblem::BadDate))
}

fn optional(name: &'static str, s: &Option<String>) -> Result<Option<i64>, LineProblem> {
    s.as_deref().map(|s| instant(name, s)).transpose()
}

fn field<T>(name: &'static str, r: Result<T, FieldProblem>) -> Result<T, LineProblem> {
    r.map_err(|p| LineProblem::Field(name, p))
}

/// Longest `source_id` accepted.
pub const SOURCE_ID_MAX_CHARS: usize = 100;

/// Checks one line.
pub fn parse_line(text: &str) -> Result<Record, LineProblem> {
    let line: Line = serde_json::from_str(text).map_err(|e| LineProblem::Shape(e.to_string()))?;
    let source_id = field(
        "source_id",
        check_text(&line.source_id, 1, SOURCE_ID_MAX_CHARS),
    )?;
    let created_at = instant("created_at", &line.created_at)?;
    let channel = Channel::parse(line.channel.trim())
        .ok_or(LineProblem::Field("channel", FieldProblem::UnknownChoice))?;
    let priority = Priority::parse(line.priority.trim())
        .ok_or(LineProblem::Field("priority", FieldProblem::UnknownChoice))?;
    let category = field("category", check_text(&line.category, 1, 200))?;
    let caller_name = field("caller_name", check_caller_name(&line.caller_name))?;
    let caller_phone = field("caller_phone", check_phone(&line.caller_phone))?;
    // The old system's texts are taken as they are, however short.
    let description = field(
        "description",
        check_text(&line.description, 1, DESCRIPTION_MAX_CHARS),
    )?;
    let department = line
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    let due_at = optional("due_at", &line.due_at)?;
    let resolved_at = optional("resolved_at", &line.resolved_at)?;
    let archived_at = optional("archived_at", &line.archived_at)?;
    let callback = match &line.callback {
        None => None,
        Some(c) => Some((
            instant("callback.at", &c.at)?,
            CallbackOutcome::parse(c.result.trim()).ok_or(LineProblem::Field(
                "callback.result",
                FieldProblem::UnknownChoice,
            ))?,
        )),
    };
    let not_before =
        |later: Option<i64>, l: &'static str, earlier: Option<i64>, e| match (later, earlier) {
            (Some(a), Some(b)) if a < b => Err(LineProblem::Order(l, e)),
            _ => Ok(()),
        };
    not_before(due_at, "due_at", Some(created_at), "created_at")?;
    not_before(resolved_at, "resolved_at", Some(created_at), "created_at")?;
    let callback_at = callback.map(|c| c.0);
    if callback.is_some() && resolved_at.is_none() {
        return Err(LineProblem::Field("resolved_at", FieldProblem::Required));
    }
    not_before(callback_at, "callback.at", resolved_at, "resolved_at")?;
    if archived_at.is_some() && callback.is_none() {
        return Err(LineProblem::Field("callback", FieldProblem::Required));
    }
    not_before(archived_at, "archived_at", callback_at, "callback.at")?;
    let mut original: serde_json::Value =
        serde_json::from_str(text).map_err(|e| LineProblem::Shape(e.to_string()))?;
    original["caller_phone"] = serde_json::Value::String(mask_phone(&caller_phone));
    Ok(Record {
        source_id,
        created_at,
        channel,
        category,
        priority,
        caller_name,
        caller_phone,
        description,
        department,
        due_at,
        resolved_at,
        callback,
        archived_at,
        original,
    })
}

/// Lines by their number in the file (from 1).
pub type Numbered<T> = Vec<(usize, T)>;

/// Checks a whole file: every record, or every bad line with its number (from 1). Blank
/// lines are skipped; a `source_id` twice in the file is an error on its second line.
pub fn parse_file(text: &str) -> Result<Numbered<Record>, Numbered<LineProblem>> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(r) if !seen.insert(r.source_id.clone()) => {
                problems.push((n, LineProblem::Duplicate))
            }
            Ok(r) => records.push((n, r)),
            Err(p) => problems.push((n, p)),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// The callback recorded with an imported ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedCallback {
    pub at: i64,
    pub outcome: CallbackOutcome,
}

/// An imported ticket's state, from its record: open ones are in progress at their
/// department (or wait in the dispatcher queue without one); a callback of any outcome
/// closes the ticket — the old system's decision stands, nothing is redone here.
/// `callback_due_at` is the callback deadline the desk would give a resolution then.
pub fn progress(
    r: &Record,
    department_id: Option<i64>,
    confidentiality: Clearance,
    callback_due_at: Option<i64>,
) -> Progress {
    let mut p = Progress {
        confidentiality,
        ..Progress::default()
    };
    if let Some(d) = department_id {
        p.department_id = Some(d);
        p.first_department_id = Some(d);
        p.first_assigned_at = Some(r.created_at);
        p.assigned_at = Some(r.created_at);
        p.clock_started_at = Some(r.created_at);
        p.signed_at = Some(r.created_at);
        p.resolve_due_at = r.due_at;
        p.state = Some(State::InProgress);
    }
    if let Some(at) = r.resolved_at {
        p.resolved_at = Some(at);
        p.result = "imported".into();
        p.callback_due_at = callback_due_at;
        p.state = Some(State::Resolved);
    }
    if let Some((at, outcome)) = r.callback {
        p.callback_attempts = 1;
        p.closed_at = Some(at);
        p.close_outcome = outcome.code().into();
        p.state = Some(State::Closed);
    }
    if let Some(at) = r.archived_at {
        p.archived_at = Some(at);
        p.state = Some(State::Archived);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"source_id":"A-1","created_at":"2026-11-02T09:15:00+08:00","channel":"phone","category":"complaint/noise","priority":"normal","caller_name":"王五","caller_phone":"13800001234","description":"…","department":"chengguan","due_at":"2026-11-05T18:00:00+08:00","resolved_at":null,"callback":null,"archived_at":null}"#;

    #[test]
    fn the_documented_line_parses() {
        let r = parse_line(LINE).unwrap();
        assert_eq!(r.source_id, "A-1");
        assert_eq!(r.created_at, 1_793_582_100_000);
        assert_eq!(r.department.as_deref(), Some("chengguan"));
        assert_eq!((r.resolved_at, r.callback), (None, None));
        assert_eq!(
            r.description, "…",
            "short texts from the old system are kept"
        );
        assert_eq!(
            r.original["caller_phone"], "138****1234",
            "no raw phone in history"
        );
        assert_eq!(r.original["source_id"], "A-1");
        let p = progress(&r, Some(7), Clearance::Internal, None);
        assert_eq!(p.state, Some(State::InProgress));
        assert_eq!((p.department_id, p.resolve_due_at), (Some(7), r.due_at));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let with = |k: &str, v: &str| {
            let mut j: serde_json::Value = serde_json::from_str(LINE).unwrap();
            j[k] = serde_json::from_str(v).unwrap();
            parse_line(&j.to_string()).unwrap_err()
        };
        assert_eq!(
            with("channel", r#""fax""#),
            LineProblem::Field("channel", FieldProblem::UnknownChoice)
        );
        assert_eq!(
            with("created_at", r#""2026-11-02 09:15""#),
            LineProblem::Field("created_at", FieldProblem::BadDate)
        );
        assert_eq!(
            with("caller_phone", r#""12345""#),
            LineProblem::Field("caller_phone", FieldProblem::BadPhone)
        );
        assert_eq!(
            with("resolved_at", r#""2026-11-01T09:15:00+08:00""#),
            LineProblem::Order("resolved_at", "created_at")
        );
        assert_eq!(
            with(
                "callback",
                r#"{"at":"2026-11-03T09:00:00+08:00","result":"satisfied"}"#
            ),
            LineProblem::Field("resolved_at", FieldProblem::Required),
            "a callback needs a resolution"
        );
        assert!(matches!(with("colour", r#""red""#), LineProblem::Shape(_)));
        assert!(matches!(
            parse_line("{not json"),
            Err(LineProblem::Shape(_))
        ));
        assert_eq!(
            with("source_id", r#""""#).to_string(),
            "source_id: required"
        );
    }

    #[test]
    fn a_file_names_every_bad_line_and_repeated_source_ids() {
        let text = format!("{LINE}\n\n{{}}\n{LINE}\n");
        let problems = parse_file(&text).unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, vec![3, 4]);
        assert_eq!(problems[1].1, LineProblem::Duplicate);
        assert_eq!(parse_file(&format!("{LINE}\n")).unwrap().len(), 1);
    }

    #[test]
    fn the_state_follows_the_record() {
        let mut j: serde_json::Value = serde_json::from_str(LINE).unwrap();
        j["resolved_at"] = "2026-11-04T10:00:00+08:00".into();
        let resolved = parse_line(&j.to_string()).unwrap();
        let p = progress(&resolved, Some(7), Clearance::Internal, Some(5));
        assert_eq!(
            (p.state, p.callback_due_at),
            (Some(State::Resolved), Some(5))
        );
        j["callback"] =
            serde_json::json!({"at": "2026-11-04T15:00:00+08:00", "result": "unsatisfied"});
        j["archived_at"] = "2026-12-05T00:00:00+08:00".into();
        let archived = parse_line(&j.to_string()).unwrap();
        let p = progress(&archived, Some(7), Clearance::Internal, None);
        assert_eq!(p.state, Some(State::Archived));
        assert_eq!(
            p.close_outcome, "unsatisfied",
            "closed as the old system left it"
        );
        assert_eq!(p.redo_count, 0);
        // Open and without a department: the dispatcher queue.
        j["department"] = serde_json::Value::Null;
        j["resolved_at"] = serde_json::Value::Null;
        j["callback"] = serde_json::Value::Null;
        j["archived_at"] = serde_json::Value::Null;
        let queued = parse_line(&j.to_string()).unwrap();
        assert_eq!(
            progress(&queued, None, Clearance::Internal, None).state,
            None
        );
    }
}
