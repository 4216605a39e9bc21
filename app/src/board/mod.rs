//! The assignment board (派单看板): open tickets in lanes — by state with an overdue lane,
//! or by department, or by handler — with live countdowns, filters, card actions and bulk
//! assignment from the dispatcher queue. It updates itself from the change feed.
pub mod api;
mod card;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::BoardPage;

use crate::domain::ticket::{Priority, State};
use crate::domain::workflow::ActionKind;
use crate::tickets::AssignOption;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    #[default]
    State,
    Department,
    Handler,
}

impl Grouping {
    pub fn code(self) -> &'static str {
        match self {
            Grouping::State => "state",
            Grouping::Department => "department",
            Grouping::Handler => "handler",
        }
    }
    pub fn parse(s: &str) -> Grouping {
        match s {
            "department" => Grouping::Department,
            "handler" => Grouping::Handler,
            _ => Grouping::State,
        }
    }
}

/// The board's filters as the URL carries them (`/board?group=department&overdue=1`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    pub group: Grouping,
    pub department: Option<i64>,
    pub category: Option<i64>,
    pub priority: Option<Priority>,
    pub overdue: bool,
    pub mine: bool,
    pub supervised: bool,
}

impl BoardQuery {
    /// From the query string's values (unknown values are ignored, not errors).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> BoardQuery {
        let on = |k: &str| get(k).is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
        BoardQuery {
            group: Grouping::parse(&get("group").unwrap_or_default()),
            department: get("department").and_then(|v| v.parse().ok()),
            category: get("category").and_then(|v| v.parse().ok()),
            priority: get("priority").and_then(|v| Priority::parse(&v)),
            overdue: on("overdue"),
            mine: on("mine"),
            supervised: on("supervised"),
        }
    }
}

/// A column of the board: `state:registered`, `overdue`, `dept:12`, `dept:none`,
/// `user:5`, `user:none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LaneKey {
    State(State),
    Overdue,
    Department(Option<i64>),
    Handler(Option<i64>),
}

/// The states the board shows, in column order.
pub const BOARD_STATES: [State; 4] = [
    State::Registered,
    State::Assigned,
    State::InProgress,
    State::Resolved,
];

impl LaneKey {
    pub fn code(self) -> String {
        let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_else(|| "none".into());
        match self {
            LaneKey::State(s) => format!("state:{}", s.code()),
            LaneKey::Overdue => "overdue".into(),
            LaneKey::Department(d) => format!("dept:{}", id(d)),
            LaneKey::Handler(h) => format!("user:{}", id(h)),
        }
    }
    pub fn parse(s: &str) -> Option<LaneKey> {
        if s == "overdue" {
            return Some(LaneKey::Overdue);
        }
        let (kind, v) = s.split_once(':')?;
        let id = || -> Option<Option<i64>> {
            if v == "none" {
                Some(None)
            } else {
                v.parse().ok().map(Some)
            }
        };
        match kind {
            "state" => State::parse(v)
                .filter(|s| BOARD_STATES.contains(s))
                .map(LaneKey::State),
            "dept" => id().map(LaneKey::Department),
            "user" => id().map(LaneKey::Handler),
            _ => None,
        }
    }
}

/// Keyset cursor: the sort key and id of the last card of a page.
pub fn format_cursor(key: i64, id: i64) -> String {
    format!("{key}.{id}")
}

pub fn parse_cursor(s: &str) -> Option<(i64, i64)> {
    let (k, id) = s.split_once('.')?;
    Some((k.parse().ok()?, id.parse().ok()?))
}

/// The lane a card belongs in under a grouping: overdue cards leave their state column for
/// the overdue lane, so in the state view every card shows exactly once.
pub fn lane_of(card: &BoardCard, group: Grouping, now: i64) -> LaneKey {
    match group {
        Grouping::State if card.due_at.is_some_and(|d| d < now) => LaneKey::Overdue,
        Grouping::State => LaneKey::State(card.state),
        Grouping::Department => LaneKey::Department(card.department_id),
        Grouping::Handler => LaneKey::Handler(card.handler_id),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardCard {
    pub id: i64,
    pub number: String,
    pub state: State,
    pub priority: Priority,
    pub category: String,
    /// Masked.
    pub caller_phone: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub handler_id: Option<i64>,
    pub handler: Option<String>,
    /// The lane's sort key (deadline, or registration in the queue).
    pub key: i64,
    pub due_at: Option<i64>,
    pub warn_at: Option<i64>,
    pub supervised: bool,
    pub extension_pending: bool,
    pub urge_count: i64,
    pub redo_count: i64,
    pub return_count: i64,
    pub escalation_level: i64,
    /// What this user may do from the board: assign, reassign, urge, supervise, decide
    /// an extension.
    pub actions: Vec<ActionKind>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub key: LaneKey,
    /// Department or handler name (state lanes are named by the page).
    pub name: Option<String>,
    /// Cards in the lane (all pages); `None` when not counted.
    pub count: Option<i64>,
    pub cards: Vec<BoardCard>,
    /// Cursor of the next page, if there is one.
    pub next: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub queue: i64,
    pub overdue: i64,
    pub due_today: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub query: BoardQuery,
    pub lanes: Vec<Lane>,
    pub counters: Counters,
    /// Where cards can be assigned (empty for users who cannot assign).
    pub assign_options: Vec<AssignOption>,
    /// Filter choices: departments and categories (id, name).
    pub departments: Vec<(i64, String)>,
    pub categories: Vec<(i64, String)>,
    pub utc_offset_secs: i32,
    pub now: i64,
}

/// One ticket's card after a change: where it goes now (`None`: off this board).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardUpdate {
    pub id: i64,
    pub card: Option<BoardCard>,
    pub now: i64,
}

/// The result of assigning several queue tickets at once: each is its own change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResult {
    pub assigned: Vec<String>,
    /// (ticket id, why) of those that could not be assigned; the page knows their numbers.
    pub failed: Vec<(i64, crate::error::AppError)>,
}

/// Places `card` into `cards` (sorted by key, id) unless it sorts after a page not yet
/// loaded; removes any older copy first. Returns whether it was placed.
pub fn place_card(cards: &mut Vec<BoardCard>, card: BoardCard, complete: bool) -> bool {
    cards.retain(|c| c.id != card.id);
    let pos = cards.partition_point(|c| (c.key, c.id) < (card.key, card.id));
    if pos == cards.len() && !complete {
        return false;
    }
    cards.insert(pos, card);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_keys_round_trip() {
        for k in [
            LaneKey::State(State::Registered),
            LaneKey::State(State::Resolved),
            LaneKey::Overdue,
            LaneKey::Department(Some(12)),
            LaneKey::Department(None),
            LaneKey::Handler(Some(5)),
            LaneKey::Handler(None),
        ] {
            assert_eq!(LaneKey::parse(&k.code()), Some(k));
        }
        assert_eq!(LaneKey::parse("state:closed"), None);
        assert_eq!(LaneKey::parse("dept:x"), None);
        assert_eq!(parse_cursor(&format_cursor(-5, 7)), Some((-5, 7)));
        assert_eq!(parse_cursor("1;2"), None);
    }

    fn card(id: i64, key: i64) -> BoardCard {
        BoardCard {
            id,
            number: id.to_string(),
            state: State::Assigned,
            priority: Priority::Normal,
            category: String::new(),
            caller_phone: String::new(),
            department_id: None,
            department: None,
            handler_id: None,
            handler: None,
            key,
            due_at: Some(key),
            warn_at: None,
            supervised: false,
            extension_pending: false,
            urge_count: 0,
            redo_count: 0,
            return_count: 0,
            escalation_level: 0,
            actions: vec![],
        }
    }

    #[test]
    fn cards_keep_deadline_order_and_never_show_twice() {
        let mut cards = vec![card(1, 10), card(2, 20), card(3, 30)];
        assert!(place_card(&mut cards, card(2, 25), false));
        assert_eq!(
            cards.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        // Past the last loaded card of an incomplete lane: it belongs to a later page.
        assert!(!place_card(&mut cards, card(1, 99), false));
        assert_eq!(cards.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 3]);
        assert!(place_card(&mut cards, card(1, 99), true));
        assert_eq!(cards.last().map(|c| c.id), Some(1));
    }

    #[test]
    fn overdue_cards_leave_their_state_column() {
        let c = card(1, 100);
        assert_eq!(
            lane_of(&c, Grouping::State, 99),
            LaneKey::State(State::Assigned)
        );
        assert_eq!(lane_of(&c, Grouping::State, 101), LaneKey::Overdue);
        assert_eq!(lane_of(&c, Grouping::Handler, 101), LaneKey::Handler(None));
    }

    #[test]
    fn query_from_the_url() {
        let q = BoardQuery::from_params(|k| match k {
            "group" => Some("handler".into()),
            "priority" => Some("urgent".into()),
            "overdue" => Some("1".into()),
            "mine" => Some("0".into()),
            "department" => Some("x".into()),
            _ => None,
        });
        assert_eq!(q.group, Grouping::Handler);
        assert_eq!(q.priority, Some(Priority::Urgent));
        assert!(q.overdue && !q.mine);
        assert_eq!(q.department, None);
    }
}
