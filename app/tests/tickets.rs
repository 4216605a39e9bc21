//! Work orders through the service and the store, on SQLite and PostgreSQL: numbering under
//! concurrency, all-or-nothing registration, dispatch, the full road, visibility, the chain.
#![cfg(feature = "ssr")]

use app::domain::chain::Break;
use app::domain::roles::{Clearance, Role};
use app::domain::ticket::{CallbackOutcome, State};
use app::domain::workflow::{Actor, Command};
use app::error::AppError;
use app::store::reference::CategoryRules;
use app::store::testing::{self, TestDb};
use app::store::Store;
use app::tickets::service::{self, Intake, Request};
use chrono::TimeZone;
use std::collections::HashMap;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Monday 2 November 2026, 10:00 in Shanghai.
fn monday_10am() -> i64 {
    TZ.with_ymd_and_hms(2026, 11, 2, 10, 0, 0)
        .unwrap()
        .timestamp_millis()
}

struct Desk {
    db: TestDb,
    agent: Actor,
    supervisor: Actor,
    handlers: Vec<Actor>,
    other_handler: Actor,
    noise: i64,
    queue_category: i64,
}

async fn user(s: &Store, login: &str, dept: i64, role: Role, clearance: Clearance) -> Actor {
    testing::actor(s, login, dept, role, clearance).await
}

async fn desk(db: TestDb) -> Desk {
    let s = &db.store;
    let script =
        r#"[{"prompt":"噪音类型","kind":"choice","required":true,"choices":["施工","生活"]}]"#;
    let org = testing::small_org(s, None, "noise", script).await;
    let (centre, cg, market, noise, queue_category) =
        (org.centre, org.first, org.second, org.noise, org.other);
    let agent = user(s, "agent", centre, Role::Agent, Clearance::Internal).await;
    let supervisor = user(s, "sup", centre, Role::Supervisor, Clearance::Internal).await;
    let mut handlers = Vec::new();
    for login in ["h1", "h2", "h3"] {
        let h = user(s, login, cg, Role::Handler, Clearance::Internal).await;
        handlers.push(h);
    }
    s.set_user_skills(handlers[0].id, &["noise".into()], true)
        .await
        .unwrap();
    s.set_user_skills(handlers[1].id, &["noise".into()], true)
        .await
        .unwrap();
    s.set_user_skills(handlers[2].id, &["noise".into()], false)
        .await
        .unwrap();
    let other_handler = user(s, "h9", market, Role::Handler, Clearance::Internal).await;
    Desk {
        db,
        agent,
        supervisor,
        handlers,
        other_handler,
        noise,
        queue_category,
    }
}

async fn desks() -> Vec<Desk> {
    let mut out = Vec::new();
    for db in testing::all().await {
        out.push(desk(db).await);
    }
    out
}

fn intake(category_id: i64, phone: &str) -> Intake {
    Intake {
        channel: "phone".into(),
        priority: "normal".into(),
        category_id,
        description: "楼下工地夜间施工噪音扰民".into(),
        caller_name: "王五".into(),
        caller_phone: phone.into(),
        caller_id_number: String::new(),
        address: "幸福路 8 号".into(),
        confidentiality: "internal".into(),
        answers: HashMap::from([(format!("c{category_id}_q0"), "施工".to_string())]),
        direct_answer: None,
    }
}

async fn count(s: &Store, sql: &str) -> i64 {
    app::store::testing::scalar(s, sql).await
}

#[tokio::test]
async fn concurrent_registrations_get_consecutive_numbers() {
    for d in desks().await {
        let now = monday_10am();
        let mut tasks = Vec::new();
        for i in 0..32 {
            let (store, agent, cat) = (d.db.store.clone(), d.agent.clone(), d.queue_category);
            tasks.push(tokio::spawn(async move {
                let phone = format!("139{:08}", i);
                service::register(&store, &TZ, &agent, intake(cat, &phone), now).await
            }));
        }
        let mut numbers = Vec::new();
        for t in tasks {
            numbers.push(t.await.unwrap().unwrap().1);
        }
        numbers.sort();
        let expected: Vec<String> = (1..=32).map(|n| format!("20261102-{n:06}")).collect();
        assert_eq!(numbers, expected, "{}", d.db.label);
        let check = d.db.store.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{}", d.db.label);
        assert_eq!(check.checked, 64, "registered + queued per ticket");
    }
}

#[tokio::test]
async fn a_failed_registration_leaves_no_ticket_event_or_number() {
    for d in desks().await {
        let s = &d.db.store;
        // A bad answer to the required script question: refused before anything is written.
        let mut bad = intake(d.noise, "13800001111");
        bad.answers.clear();
        let err = service::register(s, &TZ, &d.agent, bad, monday_10am())
            .await
            .unwrap_err();
        assert_eq!(
            err.field_name(),
            Some(format!("answers.c{}_q0", d.noise).as_str())
        );
        // A transaction that fails after taking a number and writing its event rolls back all.
        {
            let mut tx = s.begin_write().await.unwrap();
            let seq = app::store::tickets::next_sequence(&mut tx, "20261102")
                .await
                .unwrap();
            assert_eq!(seq, 1);
            app::store::history::append_event(
                &mut tx,
                0,
                None,
                0,
                &app::domain::events::EventData::PiiViewed {},
            )
            .await
            .expect_err("no ticket 0: the foreign key fails");
        }
        assert_eq!(
            count(s, "SELECT COUNT(*) FROM tickets").await,
            0,
            "{}",
            d.db.label
        );
        assert_eq!(count(s, "SELECT COUNT(*) FROM ticket_events").await, 0);
        let (_, number) = service::register(
            s,
            &TZ,
            &d.agent,
            intake(d.noise, "13800001111"),
            monday_10am(),
        )
        .await
        .unwrap();
        assert_eq!(
            number, "20261102-000001",
            "the number was not used up: {}",
            d.db.label
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none());
    }
}

#[tokio::test]
async fn dispatch_picks_the_skilled_on_duty_handler_with_fewest_open() {
    for d in desks().await {
        let s = &d.db.store;
        let now = monday_10am();
        let mut handlers = Vec::new();
        for i in 0..3 {
            let (_, n) = service::register(
                s,
                &TZ,
                &d.agent,
                intake(d.noise, &format!("1370000000{i}")),
                now + i,
            )
            .await
            .unwrap();
            let t = s.ticket_by_number(&n).await.unwrap().unwrap();
            assert_eq!(t.state(), State::Assigned, "{}", d.db.label);
            handlers.push(t.handler_id.unwrap());
        }
        let (h1, h2, h3) = (d.handlers[0].id, d.handlers[1].id, d.handlers[2].id);
        // h1 and h2 alternate (fewest open, then least recently assigned); h3 is off duty.
        assert_eq!(handlers, vec![h1, h2, h1], "{}", d.db.label);
        assert!(!handlers.contains(&h3));
        let t = s
            .ticket_by_number("20261102-000002")
            .await
            .unwrap()
            .unwrap();
        // Sign-for: 2 working hours; resolve: 40 working hours, 9 a day (8+9+9+9+5) → Friday 14:00.
        assert_eq!(t.sign_due_at, Some(now + 2 * 3_600_000), "to the minute");
        let friday_2pm = TZ
            .with_ymd_and_hms(2026, 11, 6, 14, 0, 0)
            .unwrap()
            .timestamp_millis();
        assert_eq!(t.resolve_due_at, Some(friday_2pm));
        let timeline = s.timeline(t.id).await.unwrap();
        let kinds: Vec<&str> = timeline
            .iter()
            .map(|e| e.event.as_ref().unwrap().kind())
            .collect();
        assert_eq!(kinds, vec!["registered", "assigned"]);
        // No catalogue rule: the dispatcher queue.
        let (_, q) = service::register(
            s,
            &TZ,
            &d.agent,
            intake(d.queue_category, "13700000009"),
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            s.ticket_by_number(&q).await.unwrap().unwrap().state(),
            State::Registered
        );
    }
}

#[tokio::test]
async fn the_whole_road_with_an_extension_and_a_redo() {
    for d in desks().await {
        let s = &d.db.store;
        let mut now = monday_10am();
        let (id, number) = service::register(s, &TZ, &d.agent, intake(d.noise, "13912345678"), now)
            .await
            .unwrap();
        let h = s
            .ticket_by_number(&number)
            .await
            .unwrap()
            .unwrap()
            .handler_id
            .unwrap();
        let handler = d.handlers.iter().find(|a| a.id == h).unwrap().clone();
        let lead_less = &d.supervisor;
        let mut step = |actor: Actor, r: Request| {
            now += 60_000;
            let s = s.clone();
            async move { service::act(&s, &TZ, &actor, id, r, now).await }
        };
        step(handler.clone(), Request::SignFor).await.unwrap();
        let later = monday_10am() + 10 * 86_400_000;
        step(
            handler.clone(),
            Request::RequestExtension {
                due_at: later,
                reason: "需协调多部门".into(),
            },
        )
        .await
        .unwrap();
        // Only the lead or a supervisor decides; the handler cannot approve their own.
        let own = step(
            handler.clone(),
            Request::DecideExtension {
                approve: true,
                note: String::new(),
            },
        )
        .await;
        assert_eq!(own.unwrap_err(), AppError::Forbidden, "{}", d.db.label);
        step(
            lead_less.clone(),
            Request::DecideExtension {
                approve: true,
                note: "同意".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            s.ticket_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .resolve_due_at,
            Some(later)
        );
        step(
            handler.clone(),
            Request::Plain(Command::Resolve {
                result: "已责令停工".into(),
            }),
        )
        .await
        .unwrap();
        let unsatisfied = Request::Plain(Command::Callback {
            outcome: CallbackOutcome::Unsatisfied,
            told: "已责令停工".into(),
            reason: "夜间仍施工".into(),
            next_step: "重办并夜查".into(),
        });
        step(d.agent.clone(), unsatisfied).await.unwrap();
        let t = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(
            (t.state(), t.redo_count, t.handler_id),
            (State::InProgress, 1, Some(h)),
            "{}",
            d.db.label
        );
        step(
            handler.clone(),
            Request::Plain(Command::Resolve {
                result: "夜查并处罚".into(),
            }),
        )
        .await
        .unwrap();
        let satisfied = Request::Plain(Command::Callback {
            outcome: CallbackOutcome::Satisfied,
            told: "已处罚".into(),
            reason: String::new(),
            next_step: String::new(),
        });
        step(d.agent.clone(), satisfied).await.unwrap();
        // Someone else's illegal move: the ticket is closed, resolving again is a conflict.
        let again = step(
            handler.clone(),
            Request::Plain(Command::Resolve {
                result: "再次".into(),
            }),
        )
        .await;
        assert_eq!(again.unwrap_err(), AppError::Conflict);
        step(
            d.supervisor.clone(),
            Request::Archive {
                confidentiality: Clearance::Internal,
            },
        )
        .await
        .unwrap();
        let t = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(t.state(), State::Archived);
        let kinds: Vec<String> = s
            .timeline(id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.event.as_ref().unwrap().kind().to_owned())
            .collect();
        assert_eq!(
            kinds,
            [
                "registered",
                "assigned",
                "signed_for",
                "extension_requested",
                "extension_decided",
                "resolved",
                "callback_recorded",
                "redo",
                "resolved",
                "callback_recorded",
                "archived"
            ],
            "{}",
            d.db.label
        );
        // Archived tickets are read-only, even for the supervisor.
        let urge = step(
            d.supervisor.clone(),
            Request::Plain(Command::Urge { note: "快".into() }),
        )
        .await;
        assert!(matches!(
            urge,
            Err(AppError::Conflict) | Err(AppError::Forbidden)
        ));
        assert!(s.verify_chain().await.unwrap().problem.is_none());
    }
}

#[tokio::test]
async fn other_departments_and_higher_levels_stay_hidden() {
    for d in desks().await {
        let s = &d.db.store;
        let (id, number) = service::register(
            s,
            &TZ,
            &d.agent,
            intake(d.noise, "13912345678"),
            monday_10am(),
        )
        .await
        .unwrap();
        let mut secret = intake(d.queue_category, "13912345678");
        secret.description = "关于施工噪音的保密举报材料".into();
        secret.confidentiality = "internal".into();
        service::register(s, &TZ, &d.agent, secret, monday_10am())
            .await
            .unwrap();
        // A handler of another department: not found, whatever they try.
        let other = &d.other_handler;
        let r = service::act(s, &TZ, other, id, Request::SignFor, monday_10am()).await;
        assert_eq!(r.unwrap_err(), AppError::NotFound, "{}", d.db.label);
        assert!(service::visible_ticket(s, other, &number).await.is_err());
        assert!(s
            .search_tickets(other, "施工噪音", None)
            .await
            .unwrap()
            .is_empty());
        // Search by text (trigram and short fallback) and by phone, for someone who may see.
        let sup = &d.supervisor;
        assert_eq!(
            s.search_tickets(sup, "施工噪音", None).await.unwrap().len(),
            2,
            "{}",
            d.db.label
        );
        assert_eq!(
            s.search_tickets(sup, "噪音", None).await.unwrap().len(),
            2,
            "{}",
            d.db.label
        );
        assert_eq!(
            s.search_tickets(sup, "x", Some("13912345678"))
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            s.search_tickets(sup, "20261102-00000", None)
                .await
                .unwrap()
                .len(),
            2
        );
        // Raise one above the supervisor's clearance: gone from their search.
        sqlx_exec(
            s,
            &format!("UPDATE tickets SET confidentiality = 'confidential' WHERE id = {id}"),
        )
        .await;
        assert_eq!(
            s.search_tickets(sup, "施工噪音", None).await.unwrap().len(),
            1,
            "{}",
            d.db.label
        );
        assert!(service::visible_ticket(s, sup, &number).await.is_err());
    }
}

async fn sqlx_exec(s: &Store, sql: &str) {
    app::store::testing::execute(s, sql).await;
}

#[tokio::test]
async fn tampering_with_history_is_found_and_named() {
    for (tamper, seq, what) in [
        (
            "UPDATE ticket_events SET data = replace(data, 'complaint', 'praise') WHERE seq = 3",
            3,
            Some(Break::Edited),
        ),
        (
            "UPDATE ticket_events SET at = at + 1 WHERE seq = 3",
            3,
            Some(Break::Edited),
        ),
        (
            "DELETE FROM ticket_events WHERE seq = 2",
            3,
            Some(Break::Deleted),
        ),
        (
            "DELETE FROM ticket_events WHERE seq = 6",
            6,
            Some(Break::TailDeleted),
        ),
        (
            "UPDATE ticket_events SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE seq IN (2, 3)",
            2,
            None,
        ),
    ] {
        for d in desks().await {
            let s = &d.db.store;
            for i in 0..3 {
                service::register(
                    s,
                    &TZ,
                    &d.agent,
                    intake(d.queue_category, &format!("1380000000{i}")),
                    monday_10am(),
                )
                .await
                .unwrap();
            }
            assert!(s.verify_chain().await.unwrap().problem.is_none());
            if tamper.contains("CASE") {
                // Swap two rows' positions without touching the unique constraint twice.
                sqlx_exec(s, "UPDATE ticket_events SET seq = -2 WHERE seq = 2").await;
                sqlx_exec(s, "UPDATE ticket_events SET seq = 2 WHERE seq = 3").await;
                sqlx_exec(s, "UPDATE ticket_events SET seq = 3 WHERE seq = -2").await;
            } else {
                sqlx_exec(s, tamper).await;
            }
            let check = s.verify_chain().await.unwrap();
            let (problem, _) = check
                .problem
                .unwrap_or_else(|| panic!("{tamper} not found on {}", d.db.label));
            assert_eq!(problem.seq, seq, "{tamper} on {}", d.db.label);
            if let Some(w) = what {
                assert_eq!(problem.what, w, "{tamper}");
            }
        }
    }
}

#[tokio::test]
async fn queue_return_reassign_urge_correct_direct_answer_and_auto_archive() {
    use app::domain::ticket::CorrectableField;
    use app::tickets::service::AssignTo;
    for d in desks().await {
        let s = &d.db.store;
        let now = monday_10am();
        let (id, number) = service::register(
            s,
            &TZ,
            &d.agent,
            intake(d.queue_category, "13811112222"),
            now,
        )
        .await
        .unwrap();
        let sup = &d.supervisor;
        let h1 = &d.handlers[0];
        // Dispatcher queue → manual assignment to a handler, with its reason and basis.
        service::act(
            s,
            &TZ,
            sup,
            id,
            Request::Assign {
                to: AssignTo::Handler(h1.id),
                reason: "熟悉该片区".into(),
            },
            now,
        )
        .await
        .unwrap();
        let t = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(
            (t.state(), t.handler_id),
            (State::Assigned, Some(h1.id)),
            "{}",
            d.db.label
        );
        // The handler returns it; it is back in the queue, counted.
        service::act(
            s,
            &TZ,
            h1,
            id,
            Request::Plain(Command::Return {
                reason: "不属本部门职责".into(),
            }),
            now,
        )
        .await
        .unwrap();
        let t = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(
            (t.state(), t.return_count, t.department_id),
            (State::Registered, 1, None)
        );
        // Assigned to the department (it distributes itself), urged, supervised, a step noted.
        let dept = s.department_by_code("cg").await.unwrap().unwrap().id;
        service::act(
            s,
            &TZ,
            sup,
            id,
            Request::Assign {
                to: AssignTo::Department(dept),
                reason: "改派".into(),
            },
            now,
        )
        .await
        .unwrap();
        service::act(
            s,
            &TZ,
            sup,
            id,
            Request::Plain(Command::Urge {
                note: "请尽快签收".into(),
            }),
            now,
        )
        .await
        .unwrap();
        service::act(
            s,
            &TZ,
            sup,
            id,
            Request::Plain(Command::Supervise {
                note: "重点督办".into(),
            }),
            now,
        )
        .await
        .unwrap();
        let twice = service::act(
            s,
            &TZ,
            sup,
            id,
            Request::Plain(Command::Supervise {
                note: "再次".into(),
            }),
            now,
        )
        .await;
        assert_eq!(twice.unwrap_err(), AppError::Conflict);
        service::act(s, &TZ, &d.handlers[1], id, Request::SignFor, now)
            .await
            .unwrap();
        let t = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(
            t.handler_id,
            Some(d.handlers[1].id),
            "whoever signs for an unassigned ticket takes it"
        );
        assert_eq!((t.urge_count, t.supervised), (1, 1));
        service::act(
            s,
            &TZ,
            &d.handlers[1],
            id,
            Request::Plain(Command::AddNote {
                text: "已联系施工方".into(),
                caller_facing: false,
            }),
            now,
        )
        .await
        .unwrap();
        // A correction applies only once a supervisor approves it; the event keeps it masked.
        service::act(
            s,
            &TZ,
            &d.agent,
            id,
            Request::RequestCorrection {
                field: CorrectableField::CallerPhone,
                value: "13999998888".into(),
                reason: "登记时记错一位".into(),
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            s.ticket_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .caller_phone,
            "13811112222"
        );
        service::act(
            s,
            &TZ,
            sup,
            id,
            Request::DecideCorrection {
                approve: true,
                note: String::new(),
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            s.ticket_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .caller_phone,
            "13999998888",
            "{}",
            d.db.label
        );
        // A repeat call is linked instead of a new ticket.
        service::act(
            s,
            &TZ,
            &d.agent,
            id,
            Request::Plain(Command::LinkCall {
                note: "再次来电催问".into(),
            }),
            now,
        )
        .await
        .unwrap();
        let timeline = s.timeline(id).await.unwrap();
        let kinds: Vec<&str> = timeline
            .iter()
            .map(|e| e.event.as_ref().unwrap().kind())
            .collect();
        assert_eq!(
            kinds,
            [
                "registered",
                "queued",
                "assigned",
                "returned",
                "assigned",
                "urged",
                "supervised",
                "signed_for",
                "note",
                "correction_requested",
                "correction_decided",
                "call_linked",
            ],
            "{}",
            d.db.label
        );
        let data =
            serde_json::to_string(&timeline.iter().map(|e| e.event.clone()).collect::<Vec<_>>())
                .unwrap();
        assert!(
            !data.contains("13999998888") && !data.contains("13811112222"),
            "no raw phone in history"
        );

        // Direct answer: only where the category allows it; the ticket closes at intake.
        let mut direct = intake(d.queue_category, "13700000001");
        direct.direct_answer = Some("已当场解答".into());
        let refused = service::register(s, &TZ, &d.agent, direct, now)
            .await
            .unwrap_err();
        assert_eq!(refused.field_name(), Some("direct_answer"));
        let mut rules = s.category(d.queue_category).await.unwrap().unwrap();
        rules.direct_answer = true;
        s.update_category_rules(
            d.queue_category,
            &CategoryRules {
                department_id: None,
                required_skill: "",
                direct_answer: true,
                hours: rules.hours,
                script_json: "[]".into(),
                replies_json: "[]".into(),
            },
        )
        .await
        .unwrap();
        let mut direct = intake(d.queue_category, "13700000001");
        direct.direct_answer = Some("已当场解答".into());
        let (direct_id, direct_number) = service::register(s, &TZ, &d.agent, direct, now)
            .await
            .unwrap();
        assert_eq!(
            s.ticket_by_number(&direct_number)
                .await
                .unwrap()
                .unwrap()
                .state(),
            State::Closed
        );

        // Closed tickets archive themselves after the configured days (30 by default).
        assert_eq!(
            service::archive_due(s, now + 29 * 86_400_000)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            service::archive_due(s, now + 31 * 86_400_000)
                .await
                .unwrap(),
            1,
            "{}",
            d.db.label
        );
        let t = s.ticket_by_number(&direct_number).await.unwrap().unwrap();
        assert_eq!(t.state(), State::Archived);
        let last = s.timeline(direct_id).await.unwrap().pop().unwrap();
        assert_eq!((last.actor, last.event.unwrap().kind()), (None, "archived"));
        assert!(s.verify_chain().await.unwrap().problem.is_none());
    }
}
