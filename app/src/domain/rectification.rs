//! Rectification (整改): a problem a risk check found, fixed by the risk's owner and
//! verified by compliance. open → in progress → submitted → verified, or sent back (then in
//! progress again). Who may make each move is decided here.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RectState {
    Open,
    InProgress,
    Submitted,
    Verified,
    SentBack,
}

impl RectState {
    pub const ALL: [RectState; 5] = [
        RectState::Open,
        RectState::InProgress,
        RectState::Submitted,
        RectState::Verified,
        RectState::SentBack,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RectState::Open => "open",
            RectState::InProgress => "in_progress",
            RectState::Submitted => "submitted",
            RectState::Verified => "verified",
            RectState::SentBack => "sent_back",
        }
    }

    pub fn parse(code: &str) -> Option<RectState> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Done once compliance has verified it.
    pub fn is_done(self) -> bool {
        self == RectState::Verified
    }
}

/// Who is asking: the rectification's owner, compliance, or both (a compliance officer who
/// owns one still verifies it as compliance).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RectRole {
    pub owner: bool,
    pub compliance: bool,
}

/// The moves this person may make from `state`. The owner works and submits; compliance
/// verifies or sends back what was submitted.
pub fn rect_moves(state: RectState, who: RectRole) -> Vec<RectState> {
    use RectState::*;
    let mut out = Vec::new();
    if who.owner {
        match state {
            Open | SentBack => out.push(InProgress),
            InProgress => out.push(Submitted),
            Submitted | Verified => {}
        }
    }
    if who.compliance && state == Submitted {
        out.extend([Verified, SentBack]);
    }
    out
}

/// Sending back needs a reason the owner can act on.
pub fn needs_note(to: RectState) -> bool {
    to == RectState::SentBack
}

/// Overdue once its deadline day has passed and it is not verified.
pub fn rect_overdue(state: RectState, deadline: NaiveDate, today: NaiveDate) -> bool {
    !state.is_done() && deadline < today
}

/// How far an overdue rectification has been reported up, like a ticket's escalation: level
/// 1 (its owner and their department's lead) on the first working day after the deadline,
/// 2 (the supervisors) from the third, 3 (the centre head) from the fifth; 0 while it is not
/// overdue or once it is verified.
pub fn rect_escalation(
    state: RectState,
    deadline: NaiveDate,
    today: NaiveDate,
    calendar: &super::calendar::WorkingCalendar,
) -> i64 {
    if !rect_overdue(state, deadline, today) {
        return 0;
    }
    let late = deadline
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= today)
        .take(10)
        .filter(|d| calendar.is_working_day(*d))
        .count();
    match late {
        0 => 0,
        1..=2 => 1,
        3..=4 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overdue_rectification_goes_up_a_level_by_working_days_late() {
        let cal = crate::domain::calendar::WorkingCalendar::default();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let due = d("2026-12-02"); // Wednesday
        let level = |today: &str| rect_escalation(RectState::InProgress, due, d(today), &cal);
        assert_eq!(level("2026-12-02"), 0, "not on the day");
        assert_eq!(level("2026-12-03"), 1);
        assert_eq!(
            level("2026-12-06"),
            1,
            "Thursday and Friday late, the weekend not"
        );
        assert_eq!(level("2026-12-07"), 2, "the third working day");
        assert_eq!(level("2026-12-09"), 3, "the fifth");
        assert_eq!(
            rect_escalation(RectState::Verified, due, d("2026-12-09"), &cal),
            0,
            "verified"
        );
    }
    use RectState::*;

    const OWNER: RectRole = RectRole {
        owner: true,
        compliance: false,
    };
    const OFFICER: RectRole = RectRole {
        owner: false,
        compliance: true,
    };
    const NOBODY: RectRole = RectRole {
        owner: false,
        compliance: false,
    };

    #[test]
    fn the_owner_works_and_submits_compliance_verifies_or_sends_back() {
        assert_eq!(rect_moves(Open, OWNER), [InProgress]);
        assert_eq!(rect_moves(InProgress, OWNER), [Submitted]);
        assert_eq!(rect_moves(Submitted, OWNER), []);
        assert_eq!(rect_moves(SentBack, OWNER), [InProgress]);
        assert_eq!(rect_moves(Submitted, OFFICER), [Verified, SentBack]);
        assert_eq!(
            rect_moves(Open, OFFICER),
            [],
            "compliance does not do the owner's work"
        );
        assert_eq!(rect_moves(InProgress, OFFICER), []);
        for s in RectState::ALL {
            assert_eq!(rect_moves(s, NOBODY), [], "{s:?}");
            assert_eq!(rect_moves(Verified, OWNER), []);
        }
        let both = RectRole {
            owner: true,
            compliance: true,
        };
        assert_eq!(rect_moves(Submitted, both), [Verified, SentBack]);
    }

    #[test]
    fn overdue_until_verified() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let yesterday = d.pred_opt().unwrap();
        assert!(rect_overdue(Submitted, yesterday, d));
        assert!(!rect_overdue(InProgress, d, d), "due today is not late yet");
        assert!(!rect_overdue(Verified, yesterday, d));
        assert!(needs_note(SentBack) && !needs_note(Verified));
        for s in RectState::ALL {
            assert_eq!(RectState::parse(s.code()), Some(s));
        }
    }
}
