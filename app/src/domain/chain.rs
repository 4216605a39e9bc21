//! The history hash chain: each event's hash is SHA-256 over the previous hash and a
//! canonical encoding of the event, so an edited, deleted or reordered event shows.
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an event in the chain is about: a ticket, a risk of the risk list, or a record of
/// the compliance work (one chain for all, so one check proves the whole record).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Ticket(i64),
    Risk(i64),
    /// A record kept in `record_events`, named by its kind ("policy": a policy document).
    Record(&'static str, i64),
}

impl Subject {
    pub fn id(self) -> i64 {
        match self {
            Subject::Ticket(id) | Subject::Risk(id) | Subject::Record(_, id) => id,
        }
    }
}

/// The hex SHA-256 of `bytes` (a text's fingerprint in an event).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The record kinds of `record_events`.
pub const POLICY: &str = <super::events::PolicyEventData as super::events::RecordEvent>::RECORD;
pub const REVIEW: &str = <super::events::ReviewEventData as super::events::RecordEvent>::RECORD;
pub const COURSE: &str = <super::events::CourseEventData as super::events::RecordEvent>::RECORD;
pub const VIOLATION: &str =
    <super::events::ViolationEventData as super::events::RecordEvent>::RECORD;
pub const EVALUATION: &str =
    <super::events::EvaluationEventData as super::events::RecordEvent>::RECORD;
pub const RECORD_KINDS: &[&str] = &[POLICY, REVIEW, COURSE, VIOLATION, EVALUATION];

/// One stored event, as hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainedEvent {
    pub seq: i64,
    pub subject: Subject,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub kind: String,
    pub data: String,
}

/// The canonical encoding: a JSON array in a fixed order, `data` as the exact stored text.
/// A ticket's event is `[seq, ticket, at, actor, kind, data]` (as since the first event);
/// a risk's adds the word `"risk"` before its id, a record its kind, so no two can encode alike.
pub fn canonical(e: &ChainedEvent) -> String {
    match e.subject {
        Subject::Ticket(id) => serde_json::json!([e.seq, id, e.at, e.actor_id, e.kind, e.data]),
        Subject::Risk(id) => {
            serde_json::json!([e.seq, "risk", id, e.at, e.actor_id, e.kind, e.data])
        }
        Subject::Record(kind, id) => {
            serde_json::json!([e.seq, kind, id, e.at, e.actor_id, e.kind, e.data])
        }
    }
    .to_string()
}

pub fn event_hash(prev_hash: &str, e: &ChainedEvent) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical(e).as_bytes());
    hex::encode(h.finalize())
}

/// What is wrong at the first bad place in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Break {
    /// The event's content no longer matches its hash.
    Edited,
    /// One or more events before this one are missing.
    Deleted,
    /// The event is intact but does not follow its predecessor.
    Reordered,
    /// Events after the last one present are missing (the head says more were written).
    TailDeleted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub seq: i64,
    pub what: Break,
}

/// Checks events in stored order; feed them in pages and call `finish` with the head.
#[derive(Debug)]
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
    pub checked: u64,
    pub problem: Option<Problem>,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            expected_seq: 1,
            prev_hash: GENESIS.to_owned(),
            checked: 0,
            problem: None,
        }
    }
}

impl Verifier {
    /// Checks the next event (`stored_prev` and `stored_hash` as found in the row).
    pub fn check(&mut self, e: &ChainedEvent, stored_prev: &str, stored_hash: &str) {
        if self.problem.is_some() {
            return;
        }
        self.checked += 1;
        let what = if event_hash(stored_prev, e) != stored_hash {
            Some(Break::Edited)
        } else if e.seq > self.expected_seq {
            Some(Break::Deleted)
        } else if e.seq != self.expected_seq || stored_prev != self.prev_hash {
            Some(Break::Reordered)
        } else {
            None
        };
        if let Some(what) = what {
            self.problem = Some(Problem { seq: e.seq, what });
            return;
        }
        self.expected_seq += 1;
        self.prev_hash = stored_hash.to_owned();
    }

    /// Compares the end of the chain with the head row.
    pub fn finish(mut self, head_seq: i64, head_hash: &str) -> Option<Problem> {
        if self.problem.is_none()
            && (head_seq != self.expected_seq - 1 || head_hash != self.prev_hash)
        {
            self.problem = Some(Problem {
                seq: self.expected_seq,
                what: Break::TailDeleted,
            });
        }
        self.problem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<(ChainedEvent, String, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let e = ChainedEvent {
                    seq,
                    subject: Subject::Ticket(1),
                    at: seq * 1000,
                    actor_id: Some(2),
                    kind: "note".into(),
                    data: format!("{{\"text\":\"第{seq}步\"}}"),
                };
                let h = event_hash(&prev, &e);
                let row = (e, prev.clone(), h.clone());
                prev = h;
                row
            })
            .collect()
    }

    fn verify(rows: &[(ChainedEvent, String, String)], head: (i64, &str)) -> Option<Problem> {
        let mut v = Verifier::default();
        for (e, p, h) in rows {
            v.check(e, p, h);
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn a_risk_event_never_hashes_like_a_ticket_event() {
        let (t, _, _) = chain(1).remove(0);
        let r = ChainedEvent {
            subject: Subject::Risk(1),
            ..t.clone()
        };
        assert_ne!(canonical(&t), canonical(&r));
        assert_ne!(event_hash(GENESIS, &t), event_hash(GENESIS, &r));
        // The ticket encoding is the one every stored chain was hashed with.
        assert!(
            canonical(&t).starts_with("[1,1,1000,2,"),
            "{}",
            canonical(&t)
        );
    }

    #[test]
    fn intact_chain_verifies() {
        let rows = chain(5);
        let head = rows.last().unwrap().2.clone();
        assert_eq!(verify(&rows, (5, &head)), None);
        assert_eq!(verify(&[], (0, GENESIS)), None);
    }

    #[test]
    fn each_kind_of_tampering_is_named() {
        let rows = chain(5);
        let head = rows.last().unwrap().2.clone();
        let mut edited = rows.clone();
        edited[2].0.data = "{\"text\":\"伪造\"}".into();
        assert_eq!(
            verify(&edited, (5, &head)),
            Some(Problem {
                seq: 3,
                what: Break::Edited
            })
        );
        let mut deleted = rows.clone();
        deleted.remove(1);
        assert_eq!(
            verify(&deleted, (5, &head)),
            Some(Problem {
                seq: 3,
                what: Break::Deleted
            })
        );
        let mut swapped = rows.clone();
        swapped.swap(1, 2);
        assert_eq!(verify(&swapped, (5, &head)).unwrap().seq, 3);
        let mut renumbered = rows.clone();
        (renumbered[1].0.seq, renumbered[2].0.seq) = (3, 2);
        assert!(verify(&renumbered, (5, &head)).is_some());
        assert_eq!(
            verify(&rows[..4], (5, &head)),
            Some(Problem {
                seq: 5,
                what: Break::TailDeleted
            })
        );
    }
}
