//! The report's policy section, replayed from the policies' history: what was published,
//! decided, acknowledged and signed within the day or period, and how far the policies and
//! commitment letters in force had reached their people at its end.
use super::events::PolicyEventData;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyFigures {
    /// Versions published within it (policies and letters).
    pub versions_published: i64,
    /// Approvers' decisions within it, and of them send-backs.
    pub decisions: i64,
    pub sent_back: i64,
    /// Acknowledgements of policies, and signatures of letters, made within it.
    pub acknowledgements: i64,
    pub signatures: i64,
    /// At the end: one per person and policy in force whose audience they are in; of them
    /// acknowledged (the major number in force); their ratio (None when none is due).
    pub acknowledgements_due: i64,
    pub acknowledged: i64,
    pub acknowledgement_rate: Option<f64>,
    /// At the end: one per person and letter in force of their post; of them signed.
    pub letters_due: i64,
    pub letters_signed: i64,
}

/// One event of a policy's history, in chain order, with who did it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyHappened {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub document_id: i64,
    pub event: PolicyEventData,
}

/// A version as the figures need it: its major number, whether it is a letter, and the
/// people of its audience (as the audience is now: the desk keeps no history of who held
/// which post).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionReach {
    pub major: i64,
    pub letter: bool,
    pub members: Vec<i64>,
}

/// The figures from the events before the end (`events`, in chain order, none after it):
/// counts for those at or after `from`, reach as it stood at the end.
pub fn policy_figures(
    events: &[PolicyHappened],
    versions: &BTreeMap<i64, VersionReach>,
    from: i64,
) -> PolicyFigures {
    let mut f = PolicyFigures::default();
    // Per document: the version in force; per (document, major): who acknowledged or signed.
    let mut in_force: BTreeMap<i64, i64> = BTreeMap::new();
    let mut done: BTreeMap<(i64, i64), BTreeSet<i64>> = BTreeMap::new();
    for h in events {
        let within = h.at >= from;
        match &h.event {
            PolicyEventData::Published { version_id, .. } => {
                in_force.insert(h.document_id, *version_id);
                f.versions_published += i64::from(within);
            }
            PolicyEventData::Decided { decision, .. } => {
                f.decisions += i64::from(within);
                f.sent_back += i64::from(within && *decision == super::policy::Decision::SendBack);
            }
            PolicyEventData::Acknowledged { major, .. } | PolicyEventData::Signed { major, .. } => {
                if let Some(user) = h.actor_id {
                    done.entry((h.document_id, *major))
                        .or_default()
                        .insert(user);
                }
                if matches!(h.event, PolicyEventData::Signed { .. }) {
                    f.signatures += i64::from(within);
                } else {
                    f.acknowledgements += i64::from(within);
                }
            }
            _ => {}
        }
    }
    for (document_id, version_id) in &in_force {
        let Some(v) = versions.get(version_id) else {
            continue;
        };
        let who = done.get(&(*document_id, v.major));
        let reached = v
            .members
            .iter()
            .filter(|m| who.is_some_and(|w| w.contains(m)))
            .count() as i64;
        let due = v.members.len() as i64;
        if v.letter {
            f.letters_due += due;
            f.letters_signed += reached;
        } else {
            f.acknowledgements_due += due;
            f.acknowledged += reached;
        }
    }
    f.acknowledgement_rate =
        (f.acknowledgements_due > 0).then(|| f.acknowledged as f64 / f.acknowledgements_due as f64);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{Decision, Stage};

    fn at(at: i64, actor: i64, document_id: i64, event: PolicyEventData) -> PolicyHappened {
        PolicyHappened {
            at,
            actor_id: Some(actor),
            document_id,
            event,
        }
    }

    fn published(version_id: i64, number: &str) -> PolicyEventData {
        PolicyEventData::Published {
            version_id,
            number: number.into(),
            body_sha256: String::new(),
            superseded: None,
            acknowledge: true,
        }
    }

    #[test]
    fn counts_within_and_reach_at_the_end() {
        let versions: BTreeMap<i64, VersionReach> = [
            (
                10,
                VersionReach {
                    major: 1,
                    letter: false,
                    members: vec![1, 2, 3, 4],
                },
            ),
            (
                11,
                VersionReach {
                    major: 1,
                    letter: false,
                    members: vec![1, 2, 3, 4],
                },
            ),
            (
                20,
                VersionReach {
                    major: 1,
                    letter: true,
                    members: vec![5, 6],
                },
            ),
        ]
        .into();
        let events = vec![
            at(1, 9, 1, published(10, "1.0")),
            at(
                2,
                1,
                1,
                PolicyEventData::Acknowledged {
                    version_id: 10,
                    major: 1,
                },
            ),
            at(3, 9, 2, published(20, "1.0")),
            at(
                100,
                7,
                1,
                PolicyEventData::Decided {
                    version_id: 11,
                    stage: Stage::Department,
                    decision: Decision::SendBack,
                    comment: "x".into(),
                },
            ),
            // The minor revision 1.1 keeps the acknowledgement of 1.0.
            at(101, 9, 1, published(11, "1.1")),
            at(
                102,
                2,
                1,
                PolicyEventData::Acknowledged {
                    version_id: 11,
                    major: 1,
                },
            ),
            at(
                103,
                5,
                2,
                PolicyEventData::Signed {
                    version_id: 20,
                    major: 1,
                    text_sha256: String::new(),
                },
            ),
        ];
        let f = policy_figures(&events, &versions, 100);
        assert_eq!(f.versions_published, 1);
        assert_eq!((f.decisions, f.sent_back), (1, 1));
        assert_eq!((f.acknowledgements, f.signatures), (1, 1));
        assert_eq!((f.acknowledged, f.acknowledgements_due), (2, 4));
        assert_eq!(f.acknowledgement_rate, Some(0.5));
        assert_eq!((f.letters_signed, f.letters_due), (1, 2));
        let none = policy_figures(&[], &versions, 0);
        assert_eq!(none.acknowledgement_rate, None);
    }
}
