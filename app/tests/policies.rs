//! Policy documents through the store, on SQLite and PostgreSQL: a version through
//! department review and the leading group's quorum to publication; a send-back and a new
//! round; superseding; acknowledgement once per major number, carried by a minor revision;
//! people added to the audience later; reminders; nothing half-written; all in the chain.
#![cfg(feature = "ssr")]

use app::domain::policy::{Audience, Decision, VersionState};
use app::domain::roles::{Clearance, Role};
use app::error::AppError;
use app::policies::service::{coverage, todo, People};
use app::store::policies::{Decided, Draft};
use app::store::testing;
use chrono::NaiveDate;

fn draft<'a>(body: &'a str, audience: &'a Audience, leadership_quorum: i64) -> Draft<'a> {
    Draft {
        body,
        summary: "首次发布",
        audience,
        department_quorum: 0,
        leadership_quorum,
        remind_days: 1,
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn state(s: &app::store::Store, v: i64) -> VersionState {
    s.policy_version(v).await.unwrap().unwrap().brief.state
}

#[tokio::test]
async fn a_version_passes_both_stages_is_published_and_superseded_by_the_next() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let org = testing::small_org(s, None, "", "[]").await;
        let officer = testing::actor(
            s,
            "officer",
            org.centre,
            Role::Compliance,
            Clearance::Secret,
        )
        .await;
        let head = testing::actor(s, "head", org.centre, Role::DeptLead, Clearance::Secret).await;
        let sup1 = testing::actor(s, "sup1", org.centre, Role::Supervisor, Clearance::Secret).await;
        let sup2 = testing::actor(s, "sup2", org.centre, Role::Supervisor, Clearance::Secret).await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let everyone = Audience::default();
        let leadership = [head.id, sup1.id, sup2.id];

        let (doc, v1) = s
            .create_policy(
                "合规手册",
                org.centre,
                None,
                &draft("第一条", &everyone, 2),
                officer.id,
                1,
            )
            .await
            .unwrap();
        s.submit_policy(v1, &[head.id], officer.id, 2)
            .await
            .unwrap();
        assert_eq!(
            state(s, v1).await,
            VersionState::DepartmentReview,
            "{label}"
        );
        assert_eq!(
            testing::notified(s, head.id, "policy_review").await,
            1,
            "{label}"
        );
        assert_eq!(
            s.submit_policy(v1, &[head.id], officer.id, 3).await,
            Err(AppError::Conflict),
            "{label}: submitted once"
        );

        // Only the stage's approvers decide, each once.
        let decide =
            |user: i64, d: Decision, at: i64| s.decide_policy(v1, user, d, "", &leadership, at);
        assert_eq!(
            decide(sup1.id, Decision::Approve, 4).await,
            Err(AppError::Forbidden),
            "{label}"
        );
        assert_eq!(
            decide(head.id, Decision::Approve, 5).await,
            Ok(Decided::NextStage(leadership.to_vec())),
            "{label}"
        );
        assert_eq!(state(s, v1).await, VersionState::Approval, "{label}");
        assert_eq!(
            testing::notified(s, sup2.id, "policy_review").await,
            1,
            "{label}"
        );
        // The leading group's quorum is two of three.
        assert_eq!(
            decide(sup1.id, Decision::Approve, 6).await,
            Ok(Decided::Waiting),
            "{label}"
        );
        assert_eq!(
            decide(sup1.id, Decision::Approve, 7).await,
            Err(AppError::Conflict),
            "{label}"
        );
        assert_eq!(
            decide(head.id, Decision::Approve, 8).await,
            Ok(Decided::Approved(officer.id)),
            "{label}"
        );
        assert_eq!(state(s, v1).await, VersionState::Approved, "{label}");
        assert_eq!(
            decide(sup2.id, Decision::Approve, 9).await,
            Err(AppError::Conflict),
            "{label}: the stage is over"
        );
        assert_eq!(
            testing::notified(s, officer.id, "policy_decided").await,
            1,
            "{label}"
        );

        // Published: everyone is asked to acknowledge, once.
        let people = People::load(s).await.unwrap();
        let audience = people.audience(&everyone);
        assert!(
            audience.contains(&agent.id) && audience.contains(&officer.id),
            "{label}"
        );
        assert!(s
            .publish_policy(v1, &audience, officer.id, 10, day("2026-12-01"))
            .await
            .unwrap());
        assert_eq!(state(s, v1).await, VersionState::Published, "{label}");
        assert_eq!(
            testing::notified(s, agent.id, "policy_published").await,
            1,
            "{label}"
        );
        assert_eq!(
            todo(s, agent.id).await.unwrap().to_acknowledge.len(),
            1,
            "{label}"
        );
        s.acknowledge_policy(v1, agent.id, 11).await.unwrap();
        assert_eq!(
            s.acknowledge_policy(v1, agent.id, 12).await,
            Err(AppError::Conflict),
            "{label}"
        );
        assert!(
            todo(s, agent.id).await.unwrap().to_acknowledge.is_empty(),
            "{label}"
        );

        // A minor revision: one under revision at a time; sent back, then a second round.
        let v2 = s
            .draft_policy_version(doc, false, officer.id, 20)
            .await
            .unwrap();
        assert_eq!(
            s.draft_policy_version(doc, true, officer.id, 21).await,
            Err(AppError::Conflict),
            "{label}"
        );
        let text = draft("第一条\n第二条", &everyone, 2);
        s.save_policy_draft(v2, &text, officer.id, 22)
            .await
            .unwrap();
        s.submit_policy(v2, &[head.id], officer.id, 23)
            .await
            .unwrap();
        assert_eq!(
            s.save_policy_draft(v2, &text, officer.id, 24).await,
            Err(AppError::Conflict),
            "{label}: no edits in review"
        );
        assert_eq!(
            s.decide_policy(
                v2,
                head.id,
                Decision::SendBack,
                "第二条不清楚",
                &leadership,
                25
            )
            .await,
            Ok(Decided::SentBack(officer.id)),
            "{label}"
        );
        let back = s.policy_version(v2).await.unwrap().unwrap();
        assert!(
            back.brief.state == VersionState::Draft && back.sent_back,
            "{label}"
        );
        s.submit_policy(v2, &[head.id], officer.id, 26)
            .await
            .unwrap();
        assert_eq!(
            s.policy_version(v2).await.unwrap().unwrap().round,
            2,
            "{label}"
        );
        s.decide_policy(v2, head.id, Decision::Approve, "", &leadership, 27)
            .await
            .unwrap();
        s.decide_policy(v2, sup1.id, Decision::Approve, "", &leadership, 28)
            .await
            .unwrap();
        s.decide_policy(v2, sup2.id, Decision::Approve, "", &leadership, 29)
            .await
            .unwrap();
        let approvals = s.policy_approvals(v2).await.unwrap();
        assert_eq!(
            approvals.len(),
            5,
            "{label}: round 1 (1) and round 2 (1 + 3) kept"
        );
        let acknowledge = s
            .publish_policy(v2, &audience, officer.id, 30, day("2026-12-02"))
            .await
            .unwrap();
        assert!(
            !acknowledge,
            "{label}: a minor revision asks for no new acknowledgement"
        );
        assert_eq!(state(s, v1).await, VersionState::Superseded, "{label}");
        assert!(
            todo(s, agent.id).await.unwrap().to_acknowledge.is_empty(),
            "{label}"
        );
        let prev = s
            .previous_published(&s.policy_version(v2).await.unwrap().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(prev.brief.id, v1, "{label}: the diff is against 1.0");

        // A major revision asks again.
        let v3 = s
            .draft_policy_version(doc, true, officer.id, 40)
            .await
            .unwrap();
        let v3_row = s.policy_version(v3).await.unwrap().unwrap();
        assert_eq!((v3_row.brief.major, v3_row.brief.minor), (2, 0), "{label}");
        s.save_policy_draft(v3, &draft("新文本", &everyone, 1), officer.id, 41)
            .await
            .unwrap();
        s.submit_policy(v3, &[head.id], officer.id, 42)
            .await
            .unwrap();
        s.decide_policy(v3, head.id, Decision::Approve, "", &leadership, 43)
            .await
            .unwrap();
        s.decide_policy(v3, sup1.id, Decision::Approve, "", &leadership, 44)
            .await
            .unwrap();
        assert!(s
            .publish_policy(v3, &audience, officer.id, 45, day("2026-12-03"))
            .await
            .unwrap());
        assert_eq!(
            todo(s, agent.id).await.unwrap().to_acknowledge.len(),
            1,
            "{label}"
        );

        // Every step is in the chain, and the chain holds.
        let events = testing::scalar(
            s,
            &format!("SELECT COUNT(*) FROM record_events WHERE subject = 'policy' AND subject_id = {doc}"),
        )
        .await;
        assert!(events >= 20, "{label}: {events} events");
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}");

        // A decision edited afterwards shows, and names the document.
        let seq = testing::scalar(
            s,
            "SELECT MIN(seq) FROM record_events WHERE kind = 'policy_decided'",
        )
        .await;
        testing::execute(
            s,
            &format!(
                "UPDATE record_events SET actor_id = {} WHERE seq = {seq}",
                agent.id
            ),
        )
        .await;
        let (problem, subject) = s
            .verify_chain()
            .await
            .unwrap()
            .problem
            .expect("tampering found");
        assert_eq!(problem.seq, seq, "{label}");
        assert_eq!(problem.what, app::domain::chain::Break::Edited, "{label}");
        assert_eq!(
            subject.as_deref(),
            Some("ZD-001"),
            "{label}: names the document"
        );
    }
}

#[tokio::test]
async fn receipts_reach_people_added_later_and_the_unacknowledged_are_reminded() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let org = testing::small_org(s, None, "", "[]").await;
        let officer = testing::actor(
            s,
            "officer",
            org.centre,
            Role::Compliance,
            Clearance::Secret,
        )
        .await;
        let head = testing::actor(s, "head", org.centre, Role::DeptLead, Clearance::Secret).await;
        let h1 = testing::actor(s, "h1", org.first, Role::Handler, Clearance::Internal).await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let handlers = Audience {
            roles: vec![Role::Handler],
            departments: vec![],
        };
        let (doc, v) = s
            .create_policy(
                "处理规范",
                org.first,
                None,
                &draft("第一条", &handlers, 0),
                officer.id,
                1,
            )
            .await
            .unwrap();
        s.submit_policy(v, &[head.id], officer.id, 2).await.unwrap();
        s.decide_policy(v, head.id, Decision::Approve, "", &[head.id], 3)
            .await
            .unwrap();
        s.decide_policy(v, head.id, Decision::Approve, "", &[head.id], 4)
            .await
            .unwrap();
        let people = People::load(s).await.unwrap();
        let audience = people.audience(&handlers);
        assert_eq!(audience, vec![h1.id], "{label}");
        // Published on Monday 2026-11-30 (noon UTC).
        let monday_noon = 1_796_040_000_000;
        s.publish_policy(v, &audience, officer.id, monday_noon, day("2026-11-30"))
            .await
            .unwrap();
        assert!(
            todo(s, agent.id).await.unwrap().to_acknowledge.is_empty(),
            "{label}"
        );

        // A handler who joins afterwards has it to acknowledge and counts in the coverage.
        let h2 = testing::actor(s, "h2", org.second, Role::Handler, Clearance::Internal).await;
        assert_eq!(
            todo(s, h2.id).await.unwrap().to_acknowledge.len(),
            1,
            "{label}"
        );
        s.acknowledge_policy(v, h1.id, monday_noon + 1)
            .await
            .unwrap();
        let version = s.policy_version(v).await.unwrap().unwrap();
        let people = People::load(s).await.unwrap();
        let c = coverage(s, &people, &version, false).await.unwrap();
        assert_eq!((c.acknowledged, c.total), (1, 2), "{label}");
        assert_eq!(
            c.missing,
            vec![("h2".to_owned(), "市场".to_owned())],
            "{label}"
        );

        // The report's policy section: the whole desk, then one department's people.
        let f = app::policies::service::report_figures(s, 0, i64::MAX, |_| true)
            .await
            .unwrap();
        assert_eq!((f.versions_published, f.decisions), (1, 2), "{label}");
        assert_eq!((f.acknowledged, f.acknowledgements_due), (1, 2), "{label}");
        assert_eq!(f.acknowledgement_rate, Some(0.5), "{label}");
        let first = org.first;
        let f = app::policies::service::report_figures(s, 0, i64::MAX, |d| d == first)
            .await
            .unwrap();
        assert_eq!((f.acknowledged, f.acknowledgements_due), (1, 1), "{label}");
        let before = app::policies::service::report_figures(s, 0, monday_noon, |_| true)
            .await
            .unwrap();
        assert_eq!(
            (before.versions_published, before.acknowledgements_due),
            (0, 0),
            "{label}: nothing was in force before its publication"
        );

        // Reminded one working day later, once that day; then after another.
        let remind = |at: i64| app::policies::reminders::run_policy_reminders(s, &chrono::Utc, at);
        assert_eq!(
            remind(monday_noon + 3_600_000).await.unwrap(),
            0,
            "{label}: same day"
        );
        let tuesday = monday_noon + 86_400_000;
        assert_eq!(remind(tuesday).await.unwrap(), 1, "{label}");
        assert_eq!(remind(tuesday + 60_000).await.unwrap(), 0, "{label}");
        assert_eq!(remind(tuesday + 86_400_000).await.unwrap(), 1, "{label}");
        assert_eq!(
            testing::notified(s, h1.id, "policy_published").await,
            1,
            "{label}"
        );
        assert_eq!(
            testing::notified(s, h2.id, "policy_published").await,
            2,
            "{label}"
        );
        let _ = doc;
    }
}

#[tokio::test]
async fn a_refused_step_writes_nothing() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let org = testing::small_org(s, None, "", "[]").await;
        let officer = testing::actor(
            s,
            "officer",
            org.centre,
            Role::Compliance,
            Clearance::Secret,
        )
        .await;
        let everyone = Audience::default();
        let (_, v) = s
            .create_policy(
                "手册",
                org.centre,
                None,
                &draft("第一条", &everyone, 0),
                officer.id,
                1,
            )
            .await
            .unwrap();
        let count = || testing::scalar(s, "SELECT COUNT(*) FROM record_events");
        let before = count().await;
        // No approvers: refused, and the draft stays a draft with no round opened.
        assert_eq!(
            s.submit_policy(v, &[], officer.id, 2).await,
            Err(AppError::field(
                "approvers",
                app::domain::account::FieldProblem::Required
            )),
            "{label}"
        );
        // Not approved: cannot be published; not published: cannot be acknowledged.
        assert_eq!(
            s.publish_policy(v, &[officer.id], officer.id, 3, day("2026-12-01"))
                .await,
            Err(AppError::Conflict),
            "{label}"
        );
        assert_eq!(
            s.acknowledge_policy(v, officer.id, 4).await,
            Err(AppError::Conflict),
            "{label}"
        );
        assert_eq!(count().await, before, "{label}");
        let version = s.policy_version(v).await.unwrap().unwrap();
        assert_eq!(
            (version.brief.state, version.round),
            (VersionState::Draft, 0),
            "{label}"
        );
        assert_eq!(
            testing::scalar(s, "SELECT COUNT(*) FROM policy_approvals").await,
            0,
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_post_with_an_unsigned_letter_in_force_works_no_ticket_until_it_is_signed() {
    use app::policies::gate::require_commitment;
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let org = testing::small_org(s, None, "", "[]").await;
        let officer = testing::actor(
            s,
            "officer",
            org.centre,
            Role::Compliance,
            Clearance::Secret,
        )
        .await;
        let head = testing::actor(s, "head", org.centre, Role::DeptLead, Clearance::Secret).await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let handler = testing::actor(s, "h1", org.first, Role::Handler, Clearance::Internal).await;
        let agents = Audience {
            roles: vec![Role::Agent],
            departments: vec![],
        };
        let (doc, v) = s
            .create_policy(
                "受理员承诺书",
                org.centre,
                Some(Role::Agent),
                &draft("我承诺", &agents, 0),
                officer.id,
                1,
            )
            .await
            .unwrap();
        // A letter still in approval binds nobody.
        assert_eq!(require_commitment(s, &agent).await, Ok(()), "{label}");
        s.submit_policy(v, &[head.id], officer.id, 2).await.unwrap();
        s.decide_policy(v, head.id, Decision::Approve, "", &[head.id], 3)
            .await
            .unwrap();
        s.decide_policy(v, head.id, Decision::Approve, "", &[head.id], 4)
            .await
            .unwrap();
        s.publish_policy(v, &[agent.id], officer.id, 5, day("2026-12-01"))
            .await
            .unwrap();
        assert_eq!(
            require_commitment(s, &agent).await,
            Err(AppError::CommitmentRequired),
            "{label}"
        );
        assert_eq!(
            require_commitment(s, &handler).await,
            Ok(()),
            "{label}: another post"
        );
        assert_eq!(
            todo(s, agent.id).await.unwrap().to_sign.len(),
            1,
            "{label}: on their list to sign, not to acknowledge"
        );
        assert!(
            todo(s, agent.id).await.unwrap().to_acknowledge.is_empty(),
            "{label}"
        );
        s.sign_letter(v, agent.id, "agent", "10.0.0.1", 6)
            .await
            .unwrap();
        assert_eq!(
            s.sign_letter(v, agent.id, "agent", "10.0.0.1", 7).await,
            Err(AppError::Conflict),
            "{label}"
        );
        assert_eq!(require_commitment(s, &agent).await, Ok(()), "{label}");
        let hash = testing::text(s, "SELECT text_sha256 FROM commitment_signatures").await;
        assert_eq!(
            hash,
            hex_sha256("我承诺"),
            "{label}: the hash of the text signed"
        );

        // A major revision is signed again; until then, no ticket work.
        let v2 = s
            .draft_policy_version(doc, true, officer.id, 10)
            .await
            .unwrap();
        s.save_policy_draft(
            v2,
            &Draft {
                summary: "修订",
                ..draft("我承诺遵守", &agents, 0)
            },
            officer.id,
            11,
        )
        .await
        .unwrap();
        s.submit_policy(v2, &[head.id], officer.id, 12)
            .await
            .unwrap();
        s.decide_policy(v2, head.id, Decision::Approve, "", &[head.id], 13)
            .await
            .unwrap();
        s.decide_policy(v2, head.id, Decision::Approve, "", &[head.id], 14)
            .await
            .unwrap();
        s.publish_policy(v2, &[agent.id], officer.id, 15, day("2026-12-02"))
            .await
            .unwrap();
        assert_eq!(
            require_commitment(s, &agent).await,
            Err(AppError::CommitmentRequired),
            "{label}"
        );
        assert_eq!(
            s.sign_letter(v, agent.id, "agent", "x", 16).await,
            Err(AppError::Conflict),
            "{label}: the superseded one cannot be signed"
        );
        s.sign_letter(v2, agent.id, "agent", "x", 17).await.unwrap();
        assert_eq!(require_commitment(s, &agent).await, Ok(()), "{label}");
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

fn hex_sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}
