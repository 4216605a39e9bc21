//! The compliance review gate through the services and the store, on SQLite and PostgreSQL:
//! an extension beyond the limit becomes a review request and changes nothing until
//! compliance approves, when the new deadline and the review commit together; an approval
//! whose change can no longer be made leaves neither; a rejection applies nothing; the
//! points are configurable (the extension limit, publishing a policy, the catalogue); a
//! requester never reviews their own request; everything is in the chain.
#![cfg(feature = "ssr")]

use app::domain::policy::Audience;
use app::domain::review::{
    Conclusion, Dimension, Finding, Point, PointSetting, Proposal, ReviewRecord, ReviewState,
};
use app::domain::roles::{Clearance, Role};
use app::domain::workflow::{Actor, Command};
use app::error::AppError;
use app::reviews::gate::{settle, Via};
use app::reviews::service::{decide, save_category_in};
use app::store::policies::Draft;
use app::store::testing;
use app::store::Store;
use app::tickets::service::{self, Intake, Request};
use chrono::{NaiveDate, TimeZone};
use std::collections::HashMap;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;
const DAY: i64 = 86_400_000;

/// Monday 2 November 2026, 10:00 in Shanghai.
fn monday_10am() -> i64 {
    TZ.with_ymd_and_hms(2026, 11, 2, 10, 0, 0)
        .unwrap()
        .timestamp_millis()
}

fn today() -> NaiveDate {
    "2026-11-02".parse().unwrap()
}

fn record(conclusion: Conclusion, note: &str) -> ReviewRecord {
    let pass = Dimension {
        finding: Finding::Pass,
        note: String::new(),
    };
    ReviewRecord {
        compliance: pass.clone(),
        risk: pass.clone(),
        operation: pass,
        conclusion,
        note: note.into(),
    }
}

struct Desk {
    handler: Actor,
    supervisor: Actor,
    officer: Actor,
    officer2: Actor,
    ticket: i64,
    number: String,
    noise: i64,
}

/// A signed-for ticket whose handler asked for an extension of `days` calendar days.
async fn desk(s: &Store, days: i64) -> Desk {
    let org = testing::small_org(s, None, "", "[]").await;
    let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
    let supervisor =
        testing::actor(s, "sup", org.centre, Role::Supervisor, Clearance::Secret).await;
    let officer = testing::actor(
        s,
        "officer",
        org.centre,
        Role::Compliance,
        Clearance::Secret,
    )
    .await;
    let officer2 = testing::actor(
        s,
        "officer2",
        org.centre,
        Role::Compliance,
        Clearance::Secret,
    )
    .await;
    let handler = testing::actor(s, "h1", org.first, Role::Handler, Clearance::Internal).await;
    let intake = Intake {
        channel: "phone".into(),
        priority: "normal".into(),
        category_id: org.noise,
        description: "楼下工地夜间施工噪音扰民".into(),
        caller_name: "王五".into(),
        caller_phone: "13912345678".into(),
        caller_id_number: String::new(),
        address: "幸福路 8 号".into(),
        confidentiality: "internal".into(),
        answers: HashMap::new(),
        direct_answer: None,
    };
    let now = monday_10am();
    let (ticket, number) = service::register(s, &TZ, &agent, intake, now)
        .await
        .unwrap();
    service::act(s, &TZ, &handler, ticket, Request::SignFor, now + 1)
        .await
        .unwrap();
    let ask = Request::RequestExtension {
        due_at: now + days * DAY,
        reason: "需会同住建部门现场核查".into(),
    };
    service::act(s, &TZ, &handler, ticket, ask, now + 2)
        .await
        .unwrap();
    Desk {
        handler,
        supervisor,
        officer,
        officer2,
        ticket,
        number,
        noise: org.noise,
    }
}

fn approve_extension() -> Request {
    Request::DecideExtension {
        approve: true,
        note: "同意延期".into(),
    }
}

async fn due(s: &Store, number: &str) -> Option<i64> {
    s.ticket_by_number(number)
        .await
        .unwrap()
        .unwrap()
        .resolve_due_at
}

#[tokio::test]
async fn an_extension_beyond_the_limit_waits_for_compliance_then_applies_with_its_review() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s, 40).await;
        let before = due(s, &d.number).await;
        let now = monday_10am() + 60_000;
        let filed = service::act(s, &TZ, &d.supervisor, d.ticket, approve_extension(), now).await;
        let Err(AppError::ReviewRequested { id, code }) = filed else {
            panic!("{label}: {filed:?}");
        };
        assert_eq!(code, "SC-0001", "{label}");
        assert_eq!(
            due(s, &d.number).await,
            before,
            "{label}: nothing changed yet"
        );
        let r = s.review_request(id).await.unwrap().unwrap();
        assert_eq!(
            (r.state, r.point),
            (ReviewState::Pending, Point::LongExtension)
        );
        let Proposal::LongExtension { working_days, .. } = r.proposal else {
            panic!("{label}");
        };
        assert!(working_days > 10, "{label}: {working_days}");
        assert_eq!(r.reason, "需会同住建部门现场核查", "{label}");
        assert_eq!(
            s.open_review("ticket", d.ticket).await.unwrap(),
            Some((id, code))
        );
        for officer in [&d.officer, &d.officer2] {
            assert_eq!(
                testing::notified(s, officer.id, "review_requested").await,
                1
            );
        }
        // The same decision again: the ticket already waits for a review.
        assert_eq!(
            service::act(
                s,
                &TZ,
                &d.supervisor,
                d.ticket,
                approve_extension(),
                now + 1
            )
            .await,
            Err(AppError::Conflict),
            "{label}"
        );
        // Only compliance reviews; the supervisor cannot approve their own decision.
        let ok = record(Conclusion::Approve, "");
        let when = (now + 2, today());
        assert_eq!(
            decide(s, &TZ, &d.supervisor, id, &ok, when).await,
            Err(AppError::Forbidden),
            "{label}"
        );
        assert_eq!(
            decide(s, &TZ, &d.officer, id, &ok, when).await,
            Ok(ReviewState::Approved),
            "{label}"
        );
        assert_eq!(
            due(s, &d.number).await,
            Some(monday_10am() + 40 * DAY),
            "{label}: the new deadline"
        );
        assert_eq!(
            decide(s, &TZ, &d.officer2, id, &ok, when).await,
            Err(AppError::Conflict),
            "{label}: decided once"
        );
        // The ticket's history: the decision by the supervisor who made it.
        let by = testing::scalar(
            s,
            &format!(
                "SELECT actor_id FROM ticket_events WHERE ticket_id = {} \
                 AND kind = 'extension_decided'",
                d.ticket
            ),
        )
        .await;
        assert_eq!(by, d.supervisor.id, "{label}");
        assert_eq!(
            testing::notified(s, d.supervisor.id, "review_decided").await,
            1,
            "{label}"
        );
        assert_eq!(s.open_review("ticket", d.ticket).await.unwrap(), None);
        let kinds = testing::scalar(
            s,
            "SELECT COUNT(*) FROM record_events WHERE subject = 'review' \
             AND kind IN ('review_requested', 'review_decided')",
        )
        .await;
        assert_eq!(kinds, 2, "{label}");
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}: {:?}", check.problem);
    }
}

#[tokio::test]
async fn an_approval_that_can_no_longer_apply_records_nothing_and_a_rejection_applies_nothing() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s, 40).await;
        let before = due(s, &d.number).await;
        let now = monday_10am() + 60_000;
        let Err(AppError::ReviewRequested { id, .. }) =
            service::act(s, &TZ, &d.supervisor, d.ticket, approve_extension(), now).await
        else {
            panic!("{label}");
        };
        // Meanwhile the handler returns the ticket: the extension is gone with it.
        let back = Request::Plain(Command::Return {
            reason: "不属本部门职责".into(),
        });
        service::act(s, &TZ, &d.handler, d.ticket, back, now + 1)
            .await
            .unwrap();
        let ok = record(Conclusion::Approve, "");
        assert_eq!(
            decide(s, &TZ, &d.officer, id, &ok, (now + 2, today())).await,
            Err(AppError::Conflict),
            "{label}"
        );
        let r = s.review_request(id).await.unwrap().unwrap();
        assert_eq!(
            (r.state, r.reviewed_at),
            (ReviewState::Pending, None),
            "{label}"
        );
        assert_eq!(
            testing::scalar(
                s,
                "SELECT COUNT(*) FROM record_events WHERE kind = 'review_decided'"
            )
            .await,
            0,
            "{label}: no review without its change"
        );
        assert_eq!(
            testing::notified(s, d.supervisor.id, "review_decided").await,
            0
        );
        // A rejection needs its reason, then applies nothing.
        assert_eq!(
            decide(
                s,
                &TZ,
                &d.officer,
                id,
                &record(Conclusion::Reject, ""),
                (now + 3, today())
            )
            .await,
            Err(AppError::field(
                "note",
                app::domain::account::FieldProblem::Required
            ))
        );
        let no = record(Conclusion::Reject, "延期理由不足");
        assert_eq!(
            decide(s, &TZ, &d.officer, id, &no, (now + 3, today())).await,
            Ok(ReviewState::Rejected),
            "{label}"
        );
        assert_eq!(
            due(s, &d.number).await,
            None,
            "{label}: returned, no deadline"
        );
        assert_ne!(before, None);
        assert_eq!(
            testing::notified(s, d.supervisor.id, "review_decided").await,
            1
        );
    }
}

#[tokio::test]
async fn points_are_configured_and_short_extensions_pass() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s, 40).await;
        let mut points = s.review_points().await.unwrap();
        assert_eq!(points.len(), Point::ALL.len(), "{label}");
        let ext = |p: &[PointSetting]| *p.iter().find(|p| p.point == Point::LongExtension).unwrap();
        assert_eq!((ext(&points).enabled, ext(&points).limit_days), (true, 10));
        for p in &mut points {
            p.limit_days = 60;
        }
        s.save_review_points(&points).await.unwrap();
        // 40 calendar days are fewer than 60 working days: approved at once.
        service::act(
            s,
            &TZ,
            &d.supervisor,
            d.ticket,
            approve_extension(),
            monday_10am() + 9,
        )
        .await
        .unwrap();
        assert_eq!(
            due(s, &d.number).await,
            Some(monday_10am() + 40 * DAY),
            "{label}"
        );
        assert_eq!(
            testing::scalar(s, "SELECT COUNT(*) FROM review_requests").await,
            0,
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_catalogue_change_waits_and_others_pass() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s, 10).await;
        let c = s.category(d.noise).await.unwrap().unwrap();
        let change = |hours: [i64; 4], script: &str| Proposal::Catalogue {
            category_id: d.noise,
            category: c.name.clone(),
            before: c.catalogue_entry(),
            after: app::domain::review::CatalogueEntry {
                hours,
                ..c.catalogue_entry()
            },
            required_skill: String::new(),
            direct_answer: false,
            script_json: script.into(),
            replies_json: "[]".into(),
        };
        let save = |p: Proposal| async move {
            let mut tx = s.begin_write().await.unwrap();
            let out =
                save_category_in(&mut tx, &p, "时限调整", d.supervisor.id, 5, Via::Action).await;
            settle(tx, out).await
        };
        // The script alone is not a point: saved at once.
        let script = r#"[{"prompt":"噪音类型","kind":"text","required":false,"choices":[]}]"#;
        save(change(c.hours, script)).await.unwrap();
        assert_eq!(s.category(d.noise).await.unwrap().unwrap().script.len(), 1);
        // Longer deadlines: a request, nothing saved.
        let longer = [8, 24, 80, 160];
        let Err(AppError::ReviewRequested { id, .. }) = save(change(longer, script)).await else {
            panic!("{label}");
        };
        assert_eq!(s.category(d.noise).await.unwrap().unwrap().hours, c.hours);
        let ok = record(Conclusion::ApproveWithConditions, "三个月后复核");
        assert_eq!(
            decide(s, &TZ, &d.officer, id, &ok, (9, today())).await,
            Ok(ReviewState::ApprovedWithConditions),
            "{label}"
        );
        assert_eq!(
            s.category(d.noise).await.unwrap().unwrap().hours,
            longer,
            "{label}"
        );
    }
}

#[tokio::test]
async fn publishing_a_policy_when_the_point_is_on_is_reviewed_by_another_officer() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let d = desk(s, 10).await;
        let mut points = s.review_points().await.unwrap();
        let publish = points
            .iter_mut()
            .find(|p| p.point == Point::PublishPolicy)
            .unwrap();
        assert!(!publish.enabled, "{label}: off by default");
        publish.enabled = true;
        s.save_review_points(&points).await.unwrap();
        let everyone = Audience::default();
        let centre: i64 =
            testing::scalar(s, "SELECT id FROM departments WHERE code = 'centre'").await;
        let draft = Draft {
            body: "第一条",
            summary: "首次发布",
            audience: &everyone,
            department_quorum: 0,
            leadership_quorum: 1,
            remind_days: 3,
        };
        let (_, v) = s
            .create_policy("合规手册", centre, None, &draft, d.officer.id, 1)
            .await
            .unwrap();
        s.submit_policy(v, &[d.supervisor.id], d.officer.id, 2)
            .await
            .unwrap();
        // The supervisor decides both stages (department review, then the leading group).
        for at in [3, 4] {
            s.decide_policy(
                v,
                d.supervisor.id,
                app::domain::policy::Decision::Approve,
                "同意",
                &[d.supervisor.id],
                at,
            )
            .await
            .unwrap();
        }
        let publish = |via| async move {
            let mut tx = s.begin_write().await.unwrap();
            let out =
                app::policies::service::publish_in(s, &mut tx, v, d.officer.id, (4, today()), via)
                    .await;
            settle(tx, out).await
        };
        let filed = publish(Via::Action).await;
        let Err(AppError::ReviewRequested { id, .. }) = filed else {
            panic!("{label}: {filed:?}");
        };
        let state = s.policy_version(v).await.unwrap().unwrap().brief.state;
        assert_eq!(
            state,
            app::domain::policy::VersionState::Approved,
            "{label}"
        );
        let ok = record(Conclusion::Approve, "");
        assert_eq!(
            decide(s, &TZ, &d.officer, id, &ok, (5, today())).await,
            Err(AppError::Forbidden),
            "{label}: not on one's own request"
        );
        decide(s, &TZ, &d.officer2, id, &ok, (6, today()))
            .await
            .unwrap();
        let state = s.policy_version(v).await.unwrap().unwrap().brief.state;
        assert_eq!(
            state,
            app::domain::policy::VersionState::Published,
            "{label}"
        );
        let published_by = testing::scalar(
            s,
            &format!("SELECT published_by FROM policy_versions WHERE id = {v}"),
        )
        .await;
        assert_eq!(
            published_by, d.officer.id,
            "{label}: published as the requester"
        );
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}");
    }
}
