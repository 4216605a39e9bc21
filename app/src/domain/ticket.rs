//! What a ticket is made of: states, channels, priorities, callback outcomes, numbers.
use serde::{Deserialize, Serialize};

/// Declares a closed set of codes with `code()`, `parse()` and `ALL`, serialised as the code.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

codes!(
    /// The life of a ticket (the state machine in `workflow` moves it).
    State {
        Registered = "registered",
        Assigned = "assigned",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
        Archived = "archived",
    }
);

impl State {
    /// Still work to do for someone before the caller is answered.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Registered | State::Assigned | State::InProgress | State::Resolved
        )
    }
}

codes!(Channel { Phone = "phone", Web = "web", Email = "email", WalkIn = "walk_in", Other = "other" });

codes!(
    /// Ordered from most to least urgent.
    Priority { Urgent = "urgent", High = "high", Normal = "normal", Low = "low" }
);

codes!(CallbackOutcome {
    Satisfied = "satisfied",
    BasicallySatisfied = "basically_satisfied",
    Unsatisfied = "unsatisfied",
    Unreachable = "unreachable",
});

impl CallbackOutcome {
    /// The caller was reached and did not accept the result: reason and next step required.
    pub fn needs_reason(self) -> bool {
        matches!(self, CallbackOutcome::Unsatisfied)
    }
}

/// After this many unreachable callback attempts the ticket closes as unreachable.
pub const MAX_CALLBACK_ATTEMPTS: i64 = 3;

/// `YYYYMMDD-NNNNNN`: the local registration day and that day's sequence, from 000001.
pub fn format_number(day: chrono::NaiveDate, seq: i64) -> String {
    format!("{}-{:06}", day.format("%Y%m%d"), seq)
}

/// The day and sequence of a well-formed number.
pub fn parse_number(number: &str) -> Option<(chrono::NaiveDate, i64)> {
    let (day, seq) = number.split_once('-')?;
    if day.len() != 8 || seq.len() != 6 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = chrono::NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
    let seq: i64 = seq.parse().ok()?;
    (seq > 0).then_some((day, seq))
}

codes!(
    /// Registered facts that a correction may change (after a supervisor approves it).
    CorrectableField {
    CallerName = "caller_name",
    CallerPhone = "caller_phone",
    CallerIdNumber = "caller_id_number",
    Address = "address",
    Description = "description",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn numbers_are_day_and_six_digit_sequence() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(format_number(d, 1), "20261102-000001");
        assert_eq!(format_number(d, 123456), "20261102-123456");
        assert_eq!(parse_number("20261102-000042"), Some((d, 42)));
        assert_eq!(parse_number("20261102-000000"), None);
        assert_eq!(parse_number("20261302-000001"), None);
        assert_eq!(parse_number("2026110-0000001"), None);
        assert_eq!(parse_number("20261102-00004a"), None);
    }

    #[test]
    fn codes_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(*s));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(*c));
        }
        assert_eq!(Priority::parse("urgent"), Some(Priority::Urgent));
        assert_eq!(Priority::parse("URGENT"), None);
        assert!(Priority::Urgent < Priority::Low);
    }
}
