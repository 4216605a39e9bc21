//! The board, the deadline engine, notifications and the change feed, through the service
//! and the store, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]

use app::board::service as board;
use app::board::{BoardQuery, Grouping, LaneKey};
use app::domain::roles::{Clearance, Role};
use app::domain::ticket::{Priority, State};
use app::domain::workflow::{Actor, Command};
use app::store::testing::{self, TestDb};
use app::store::Store;
use app::tickets::engine::run_deadlines;
use app::tickets::service::{self, Request};
use chrono::TimeZone;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn at(d: u32, h: u32, m: u32) -> i64 {
    TZ.with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp_millis()
}

struct Desk {
    db: TestDb,
    agent: Actor,
    supervisor: Actor,
    lead: Actor,
    head: Actor,
    handler: Actor,
    other: Actor,
    noise: i64,
    queue: i64,
}

async fn user(s: &Store, login: &str, dept: i64, role: Role) -> Actor {
    testing::actor(s, login, dept, role, Clearance::Internal).await
}

async fn desk(db: TestDb) -> Desk {
    let s = &db.store;
    let org = testing::small_org(s, None, "", "[]").await;
    let (centre, cg, sc, noise, queue) = (org.centre, org.first, org.second, org.noise, org.other);
    Desk {
        agent: user(s, "agent", centre, Role::Agent).await,
        supervisor: user(s, "sup", centre, Role::Supervisor).await,
        lead: user(s, "lead", cg, Role::DeptLead).await,
        head: user(s, "head", centre, Role::DeptLead).await,
        handler: user(s, "h1", cg, Role::Handler).await,
        other: user(s, "h9", sc, Role::Handler).await,
        noise,
        queue,
        db,
    }
}

async fn desks() -> Vec<Desk> {
    let mut out = Vec::new();
    for db in testing::all().await {
        out.push(desk(db).await);
    }
    out
}

async fn count(s: &Store, sql: &str) -> i64 {
    testing::scalar(s, sql).await
}

async fn kinds_for(s: &Store, user: i64) -> Vec<String> {
    s.notifications(user, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| {
            let v: serde_json::Value = serde_json::from_str(&n.data).unwrap();
            match v["level"].as_i64() {
                Some(l) => format!("{}{l}", v["kind"].as_str().unwrap()),
                None => v["kind"].as_str().unwrap().to_owned(),
            }
        })
        .collect()
}

#[tokio::test]
async fn the_engine_warns_then_escalates_each_level_once() {
    for d in desks().await {
        let s = &d.db.store;
        let label = d.db.label;
        // Monday 10:00: dispatched to h1 at once; sign for by 12:00 (2 working hours).
        let (id, _) = service::register(
            s,
            &TZ,
            &d.agent,
            testing::intake(d.noise, "normal", "13800001234"),
            at(2, 10, 0),
        )
        .await
        .unwrap();
        let run = |now| run_deadlines(s, &TZ, now);
        assert_eq!(run(at(2, 11, 0)).await.unwrap().warnings, 0, "{label}");
        // 75 % of two hours: 11:30.
        let r = run(at(2, 11, 31)).await.unwrap();
        assert_eq!((r.warnings, r.escalations), (1, 0), "{label}");
        assert_eq!(
            run(at(2, 11, 32)).await.unwrap().warnings,
            0,
            "{label}: warned once"
        );
        let r = run(at(2, 12, 1)).await.unwrap();
        assert_eq!(r.escalations, 1, "{label}: level 1 at the deadline");
        // One working day after 12:00 Monday is 12:00 Tuesday.
        assert_eq!(run(at(3, 11, 59)).await.unwrap().escalations, 0, "{label}");
        assert_eq!(
            run(at(3, 12, 0)).await.unwrap().escalations,
            1,
            "{label}: level 2"
        );
        // A restart: a new pool on the same database carries on where the marks say.
        let again = Store::connect(&d.db.url).await.unwrap();
        assert_eq!(
            run_deadlines(&again, &TZ, at(3, 12, 5))
                .await
                .unwrap()
                .escalations,
            0,
            "{label}"
        );
        // Three working days after the deadline: Thursday 12:00.
        let r = run_deadlines(&again, &TZ, at(5, 12, 0)).await.unwrap();
        assert_eq!(r.escalations, 1, "{label}: level 3");
        assert_eq!(run(at(20, 12, 0)).await.unwrap().escalations, 0, "{label}");
        let events = |kind: &'static str| {
            let sql = format!("SELECT COUNT(*) FROM ticket_events WHERE ticket_id = {id} AND kind = '{kind}' AND actor_id IS NULL");
            async move { count(s, &sql).await }
        };
        assert_eq!(events("warned").await, 1, "{label}");
        assert_eq!(events("escalated").await, 3, "{label}");
        assert_eq!(
            kinds_for(s, d.handler.id).await,
            vec!["warned", "assigned"],
            "{label}"
        );
        assert_eq!(
            kinds_for(s, d.lead.id).await,
            vec!["escalated1", "warned"],
            "{label}"
        );
        assert_eq!(
            kinds_for(s, d.supervisor.id).await,
            vec!["escalated2"],
            "{label}"
        );
        assert_eq!(kinds_for(s, d.head.id).await, vec!["escalated3"], "{label}");
        // Signing for stops the sign-for clock; the resolve clock starts its own marks.
        service::act(s, &TZ, &d.handler, id, Request::SignFor, at(20, 12, 5))
            .await
            .unwrap();
        let marks = count(
            s,
            &format!("SELECT escalation_level + warned FROM tickets WHERE id = {id}"),
        )
        .await;
        assert_eq!(marks, 0, "{label}");
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

#[tokio::test]
async fn board_lanes_page_by_keyset_and_filter() {
    for d in desks().await {
        let s = &d.db.store;
        let label = d.db.label;
        let mut ids = Vec::new();
        for i in 0..65 {
            let p = if i % 5 == 0 { "urgent" } else { "normal" };
            let (id, _) = service::register(
                s,
                &TZ,
                &d.agent,
                testing::intake(d.queue, p, "13800001234"),
                at(2, 9, 0) + i * 60_000,
            )
            .await
            .unwrap();
            ids.push(id);
        }
        let now = at(2, 11, 0);
        let q = BoardQuery::default();
        let b = board::board(s, &TZ, &d.supervisor, q.clone(), now)
            .await
            .unwrap();
        let queue = b
            .lanes
            .iter()
            .find(|l| l.key == LaneKey::State(State::Registered))
            .unwrap();
        assert_eq!(b.counters.queue, 65, "{label}");
        let mut seen: Vec<i64> = queue.cards.iter().map(|c| c.id).collect();
        let mut next = queue.next.clone();
        while let Some(after) = next {
            let page = board::lane(
                s,
                &d.supervisor,
                &q,
                LaneKey::State(State::Registered),
                app::board::parse_cursor(&after),
                now,
            )
            .await
            .unwrap();
            seen.extend(page.cards.iter().map(|c| c.id));
            next = page.next;
        }
        assert_eq!(seen, ids, "{label}: every queue ticket once, oldest first");
        let urgent = BoardQuery {
            priority: Some(Priority::Urgent),
            ..q.clone()
        };
        let b = board::board(s, &TZ, &d.supervisor, urgent, now)
            .await
            .unwrap();
        assert_eq!(
            b.lanes.iter().map(|l| l.cards.len()).sum::<usize>(),
            13,
            "{label}"
        );
        // Assign two to the department: one goes overdue for sign-for at 13:00.
        for id in &ids[..2] {
            let to = service::AssignTo::Handler(d.handler.id);
            let req = Request::Assign {
                to,
                reason: "就近".into(),
            };
            service::act(s, &TZ, &d.supervisor, *id, req, at(2, 11, 0))
                .await
                .unwrap();
        }
        let later = at(2, 13, 30);
        let b = board::board(s, &TZ, &d.supervisor, q.clone(), later)
            .await
            .unwrap();
        let lane = |k: LaneKey| b.lanes.iter().find(|l| l.key == k).unwrap().cards.len();
        assert_eq!(lane(LaneKey::Overdue), 2, "{label}");
        assert_eq!(
            lane(LaneKey::State(State::Assigned)),
            0,
            "{label}: overdue leave their column"
        );
        assert_eq!(b.counters.overdue, 2, "{label}");
        let by_handler = BoardQuery {
            group: Grouping::Handler,
            ..q.clone()
        };
        let b = board::board(s, &TZ, &d.supervisor, by_handler.clone(), later)
            .await
            .unwrap();
        let mine = b
            .lanes
            .iter()
            .find(|l| l.key == LaneKey::Handler(Some(d.handler.id)))
            .unwrap();
        assert_eq!((mine.count, mine.cards.len()), (Some(2), 2), "{label}");
        // A grouped column shows its first cards and pages on from there.
        let unassigned = b
            .lanes
            .iter()
            .find(|l| l.key == LaneKey::Handler(None))
            .unwrap();
        assert_eq!(unassigned.count, Some(63), "{label}");
        assert_eq!(unassigned.cards.len() as i64, board::GROUP_PAGE, "{label}");
        let more = board::lane(
            s,
            &d.supervisor,
            &by_handler,
            LaneKey::Handler(None),
            app::board::parse_cursor(unassigned.next.as_deref().unwrap()),
            later,
        )
        .await
        .unwrap();
        assert_eq!(more.cards.len() as i64, board::PAGE, "{label}");
        assert!(
            more.cards[0].key >= unassigned.cards.last().unwrap().key,
            "{label}: the next page follows on"
        );
        // Overdue only: the two overdue cards in the overdue lane, nothing elsewhere.
        let overdue_q = BoardQuery {
            overdue: true,
            ..q.clone()
        };
        let b = board::board(s, &TZ, &d.supervisor, overdue_q, later)
            .await
            .unwrap();
        assert_eq!(lane_sizes(&b), vec![2, 0, 0, 0, 0], "{label}");
        // The handler's own board: "mine" and their department only; another's is empty.
        let mine_q = BoardQuery {
            mine: true,
            ..q.clone()
        };
        let b = board::board(s, &TZ, &d.handler, mine_q, later)
            .await
            .unwrap();
        assert_eq!(
            b.lanes.iter().map(|l| l.cards.len()).sum::<usize>(),
            2,
            "{label}"
        );
        let b = board::board(s, &TZ, &d.other, q.clone(), later)
            .await
            .unwrap();
        assert_eq!(
            b.lanes.iter().map(|l| l.cards.len()).sum::<usize>(),
            0,
            "{label}"
        );
        assert_eq!(b.counters.queue, 0, "{label}");
        // Agents have no board.
        assert!(
            board::board(s, &TZ, &d.agent, q.clone(), later)
                .await
                .is_err(),
            "{label}"
        );
        // Bulk assignment: the rest of the queue in one go, one reason; a card already
        // assigned fails alone (409) and is reported.
        let rest: Vec<i64> = ids[1..10].to_vec();
        let result = board::bulk_assign(
            s,
            &TZ,
            &d.supervisor,
            &rest,
            service::AssignTo::Department(d.handler.departments[0]),
            "批量派单",
            later,
        )
        .await
        .unwrap();
        assert_eq!(result.assigned.len(), 9, "{label}");
        assert_eq!(
            result.failed.len(),
            0,
            "{label}: reassigning an assigned ticket is allowed"
        );
        let to = service::AssignTo::Department(d.handler.departments[0]);
        let r = board::bulk_assign(s, &TZ, &d.handler, &ids[20..22], to, "理由", later).await;
        assert_eq!(
            r,
            Err(app::error::AppError::Forbidden),
            "{label}: a handler may not dispatch"
        );
    }
}

#[tokio::test]
async fn off_duty_handlers_get_no_automatic_assignments() {
    for d in desks().await {
        let s = &d.db.store;
        s.set_on_duty(d.handler.id, false).await.unwrap();
        assert!(!s.on_duty(d.handler.id).await.unwrap());
        let (id, number) = service::register(
            s,
            &TZ,
            &d.agent,
            testing::intake(d.noise, "normal", "13800001234"),
            at(2, 10, 0),
        )
        .await
        .unwrap();
        let row = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(
            (row.state.as_str(), row.handler_id),
            ("assigned", None),
            "{}",
            d.db.label
        );
        // Back on duty: the next one is theirs.
        s.set_on_duty(d.handler.id, true).await.unwrap();
        let (_, number) = service::register(
            s,
            &TZ,
            &d.agent,
            testing::intake(d.noise, "normal", "13800001234"),
            at(2, 10, 1),
        )
        .await
        .unwrap();
        let row = s.ticket_by_number(&number).await.unwrap().unwrap();
        assert_eq!(row.handler_id, Some(d.handler.id), "{} {id}", d.db.label);
    }
}

#[tokio::test]
async fn changes_reach_listeners_of_another_pool() {
    for d in desks().await {
        let s = &d.db.store;
        let label = d.db.label;
        // On PostgreSQL a second pool stands for a second server process: it hears changes
        // through LISTEN/NOTIFY. On SQLite the feed is in-process: the same pool hears them.
        let other = if s.backend() == app::store::Backend::Postgres {
            Store::connect(&d.db.url).await.unwrap()
        } else {
            s.clone()
        };
        let mut rx = other.subscribe();
        // Give the listener its connection (it announces itself with a resync).
        if s.backend() == app::store::Backend::Postgres {
            let first = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv()).await;
            assert!(first.unwrap().unwrap().is_resync(), "{label}");
        }
        let (id, _) = service::register(
            s,
            &TZ,
            &d.agent,
            testing::intake(d.noise, "normal", "13800001234"),
            at(2, 10, 0),
        )
        .await
        .unwrap();
        let change = tokio::time::timeout(std::time::Duration::from_secs(2), rx.recv())
            .await
            .expect("change within 2 s")
            .unwrap();
        assert_eq!(change.ticket, Some(id), "{label}");
        assert_eq!(
            change.users,
            vec![d.handler.id],
            "{label}: the handler is told"
        );
        service::act(
            s,
            &TZ,
            &d.supervisor,
            id,
            Request::Plain(Command::Urge {
                note: "请尽快".into(),
            }),
            at(2, 10, 5),
        )
        .await
        .unwrap();
        let change = tokio::time::timeout(std::time::Duration::from_secs(2), rx.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (change.ticket, change.users.clone()),
            (Some(id), vec![d.handler.id]),
            "{label}"
        );
        assert_eq!(
            s.unread_notifications(d.handler.id).await.unwrap(),
            2,
            "{label}"
        );
        s.mark_notifications_read(d.handler.id, None, at(2, 10, 6))
            .await
            .unwrap();
        assert_eq!(
            s.unread_notifications(d.handler.id).await.unwrap(),
            0,
            "{label}"
        );
    }
}

#[tokio::test]
async fn one_replica_at_a_time_runs_the_engine() {
    for db in testing::all().await {
        let s = &db.store;
        let first = s.try_engine_lock().await.unwrap();
        assert!(first.is_some(), "{}", db.label);
        if s.backend() == app::store::Backend::Postgres {
            // Another process (another pool) is refused while the first holds the turn.
            let other = Store::connect(&db.url).await.unwrap();
            assert!(other.try_engine_lock().await.unwrap().is_none());
            first.unwrap().release().await;
            let next = other.try_engine_lock().await.unwrap();
            assert!(next.is_some(), "released: the next replica gets it");
            next.unwrap().release().await;
        }
    }
}

/// Cards per lane, in the board's lane order.
fn lane_sizes(b: &app::board::Board) -> Vec<usize> {
    b.lanes.iter().map(|l| l.cards.len()).collect()
}
