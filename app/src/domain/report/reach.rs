//! Which cached days a rewrite of one ticket's facts and spans reaches. The store keeps each
//! closed day's counts (`report_days`); when a late event changes what a day counted, the
//! days it reaches are dropped in the same transaction and computed again on the next read.
use super::{Fact, Span};

/// Time a day must have been over before its counts are cached: a change is committed
/// within seconds of its instant, so one that reaches a cached day comes from a late event
/// (an import, an event dated in the past), never from a transaction still running.
pub const SETTLE_MS: i64 = 4 * 60_000;

/// A part of the timeline whose days' figures a change may alter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The day holding this instant: a fact appeared there or went.
    Instant(i64),
    /// Every day whose close falls in `(after, until]` (`until` none: no end): the tickets
    /// waiting at those closes changed.
    Closes { after: i64, until: Option<i64> },
}

impl Reach {
    /// The earliest instant whose day it reaches.
    pub fn start(self) -> i64 {
        match self {
            Reach::Instant(at) => at,
            Reach::Closes { after, .. } => after,
        }
    }
}

/// What changes between a ticket's old and new facts and spans. Unchanged ones reach
/// nothing; a span that only closed at another time reaches the closes in between.
pub fn reach(old: (&[Fact], &[Span]), new: (&[Fact], &[Span])) -> Vec<Reach> {
    let mut out = Vec::new();
    let (gone, came) = unmatched(old.0, new.0, |a, b| a == b);
    out.extend(gone.iter().chain(&came).map(|f| Reach::Instant(f.at)));
    let (mut gone, mut came) = unmatched(old.1, new.1, |a, b| a == b);
    // The same stretch, closed at another instant (or reopened): only the closes between.
    gone.retain(|g| {
        let same = came.iter().position(|c| {
            (c.department_id, c.opened_at, c.due_at) == (g.department_id, g.opened_at, g.due_at)
        });
        match same {
            Some(i) => {
                let c = came.remove(i);
                let (a, b) = (g.closed_at, c.closed_at);
                let after = match (a, b) {
                    (Some(a), Some(b)) => a.min(b),
                    (Some(x), None) | (None, Some(x)) => x,
                    (None, None) => return false,
                };
                let until = a.zip(b).map(|(a, b)| a.max(b));
                out.push(Reach::Closes { after, until });
                false
            }
            None => true,
        }
    });
    out.extend(gone.iter().chain(&came).map(|s| Reach::Closes {
        after: s.opened_at,
        until: s.closed_at,
    }));
    out
}

/// Whether a change can reach a cached day at instant `now`: only a reach into days over
/// for more than half the settling time can (younger days are never cached before a change
/// dated in them has committed).
pub fn reaches_cached(reaches: &[Reach], now: i64) -> bool {
    reaches.iter().any(|r| r.start() < now - SETTLE_MS / 2)
}

/// The items of `old` without an equal in `new`, and those of `new` without one in `old`
/// (as multisets).
fn unmatched<'a, T>(
    old: &'a [T],
    new: &'a [T],
    eq: impl Fn(&T, &T) -> bool,
) -> (Vec<&'a T>, Vec<&'a T>) {
    let mut came: Vec<&T> = new.iter().collect();
    let mut gone = Vec::new();
    for o in old {
        match came.iter().position(|n| eq(o, n)) {
            Some(i) => {
                came.remove(i);
            }
            None => gone.push(o),
        }
    }
    (gone, came)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::FactKind;

    fn fact(kind: FactKind, at: i64) -> Fact {
        Fact::new(kind, at, Some(1))
    }
    fn span(opened_at: i64, closed_at: Option<i64>, due_at: Option<i64>) -> Span {
        Span {
            department_id: Some(1),
            opened_at,
            closed_at,
            due_at,
        }
    }

    #[test]
    fn an_unchanged_ticket_reaches_nothing() {
        let f = [fact(FactKind::Received, 10), fact(FactKind::Assigned, 20)];
        let s = [span(10, Some(20), None), span(20, None, Some(90))];
        assert!(reach((&f, &s), (&f, &s)).is_empty());
    }

    #[test]
    fn a_new_fact_reaches_its_day_and_a_resolution_only_later_closes() {
        // Resolved at 50: a new fact, and the open stretch now ends at 50.
        let old_f = [fact(FactKind::Received, 10)];
        let new_f = [fact(FactKind::Received, 10), fact(FactKind::Resolved, 50)];
        let old_s = [span(10, None, Some(90))];
        let new_s = [span(10, Some(50), Some(90))];
        let r = reach((&old_f, &old_s), (&new_f, &new_s));
        assert_eq!(
            r,
            vec![
                Reach::Instant(50),
                Reach::Closes {
                    after: 50,
                    until: None
                }
            ]
        );
        // A resolution happening now reaches no closed day.
        assert!(!reaches_cached(&r, 50));
        // The same resolution recorded an hour late reaches its own day.
        assert!(reaches_cached(&r, 50 + 3_600_000));
    }

    #[test]
    fn a_resolution_moved_earlier_reaches_the_closes_in_between() {
        let f = [fact(FactKind::Received, 10)];
        let r = reach(
            (&f, &[span(10, Some(500), None)]),
            (&f, &[span(10, Some(200), None)]),
        );
        assert_eq!(
            r,
            vec![Reach::Closes {
                after: 200,
                until: Some(500)
            }]
        );
    }

    #[test]
    fn a_new_stretch_reaches_its_whole_length_and_a_gone_one_too() {
        let f = [fact(FactKind::Received, 10)];
        let r = reach(
            (&f, &[span(10, Some(40), None)]),
            (&f, &[span(10, Some(40), None), span(70, None, Some(99))]),
        );
        assert_eq!(
            r,
            vec![Reach::Closes {
                after: 70,
                until: None
            }]
        );
        let r = reach((&f, &[span(10, Some(40), Some(5))]), (&f, &[]));
        assert_eq!(r[0].start(), 10);
    }

    #[test]
    fn duplicate_facts_count_as_a_multiset() {
        let one = [fact(FactKind::Urged, 30)];
        let two = [fact(FactKind::Urged, 30), fact(FactKind::Urged, 30)];
        assert_eq!(reach((&one, &[]), (&two, &[])), vec![Reach::Instant(30)]);
    }
}
