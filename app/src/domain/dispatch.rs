//! Automatic dispatch: which handler of a department gets a new ticket, and why.
use serde::{Deserialize, Serialize};

/// A handler of the department, as the dispatch rule sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: i64,
    pub name: String,
    pub skills: Vec<String>,
    pub on_duty: bool,
    pub open_count: i64,
    pub last_assigned_at: Option<i64>,
}

/// Why a ticket went where it went (分配依据), kept in the assignment event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basis {
    pub rule: BasisRule,
    /// The dispatch-catalogue entry (category code) that named the department.
    pub catalogue: Option<String>,
    /// The chosen handler's open tickets at the time (the fewest among those eligible).
    pub open_count: Option<i64>,
    /// How many handlers were eligible (skill and on duty).
    pub eligible: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisRule {
    /// The catalogue named the department; it distributes the work itself.
    Catalogue,
    /// The catalogue named the department and the handler with the fewest open tickets.
    FewestOpen,
    /// The department dispatches to people, but no handler with the skill is on duty.
    NoHandlerAvailable,
    /// A dispatcher chose by hand, with a reason.
    Manual,
}

/// The handler who has the required skill, is on duty, has the fewest open tickets and, among
/// equals, was assigned least recently (never assigned comes first; then the lowest id).
pub fn choose_handler<'a>(
    candidates: &'a [Candidate],
    required_skill: Option<&str>,
) -> (Option<&'a Candidate>, i64) {
    let eligible: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.on_duty)
        .filter(|c| required_skill.is_none_or(|s| c.skills.iter().any(|k| k == s)))
        .collect();
    let n = eligible.len() as i64;
    let best = eligible.into_iter().min_by_key(|c| {
        (
            c.open_count,
            c.last_assigned_at.unwrap_or(i64::MIN),
            c.user_id,
        )
    });
    (best, n)
}

/// Skill codes from an admin's text: separated by commas (either width) or spaces,
/// trimmed, lower-cased, without repeats.
pub fn parse_skills(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in text.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace()) {
        let s = s.trim().to_lowercase();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, skills: &[&str], on_duty: bool, open: i64, last: Option<i64>) -> Candidate {
        Candidate {
            user_id: id,
            name: format!("h{id}"),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            on_duty,
            open_count: open,
            last_assigned_at: last,
        }
    }

    #[test]
    fn fewest_open_then_least_recent() {
        let cs = [
            c(1, &[], true, 3, Some(10)),
            c(2, &[], true, 2, Some(50)),
            c(3, &[], true, 2, Some(20)),
            c(4, &[], false, 0, None),
        ];
        let (best, n) = choose_handler(&cs, None);
        assert_eq!(best.unwrap().user_id, 3);
        assert_eq!(n, 3, "the off-duty handler is not eligible");
    }

    #[test]
    fn never_assigned_goes_first_among_equals() {
        let cs = [c(1, &[], true, 0, Some(5)), c(2, &[], true, 0, None)];
        assert_eq!(choose_handler(&cs, None).0.unwrap().user_id, 2);
    }

    #[test]
    fn required_skill_filters() {
        let cs = [c(1, &["noise"], true, 5, None), c(2, &[], true, 0, None)];
        assert_eq!(choose_handler(&cs, Some("noise")).0.unwrap().user_id, 1);
        assert_eq!(choose_handler(&cs, Some("food")), (None, 0));
    }

    #[test]
    fn skills_text() {
        assert_eq!(
            parse_skills(" Noise，food, noise  wages"),
            vec!["noise", "food", "wages"]
        );
        assert!(parse_skills(" , ").is_empty());
    }
}
