//! `hotline seed --tickets`: the bench data set walks each ticket through the real state
//! machine and writes its whole history, so the history chain verifies and the daily report
//! counts the seeded desk like any other.
use app::bulk_seed::seed_tickets;
use app::domain::report::Period;
use app::report::service as report;
use app::store::testing::{self, scalar};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

#[tokio::test]
async fn seeded_tickets_carry_their_history_and_count_in_the_report() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        app::seed::seed_demo(s).await.unwrap();
        let now = chrono::Utc::now().timestamp_millis();
        assert_eq!(
            seed_tickets(s, &TZ, 400, 80, now, &|_| {}).await.unwrap(),
            400
        );
        let check = s.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}: the chain verifies");
        // Two emergency plans; a past major event run to its final report, a general one open.
        assert_eq!(s.emergency_plans().await.unwrap().len(), 2, "{label}");
        let events = s.risk_events_list(None, false, 10).await.unwrap();
        let states: Vec<(&str, &str)> = events
            .iter()
            .map(|e| (e.grade.code(), e.state.code()))
            .collect();
        assert_eq!(
            states,
            vec![("general", "open"), ("major", "closed")],
            "{label}"
        );
        assert!(
            check.checked > 400 * 3,
            "{label}: histories, not just registrations"
        );
        let bare = "SELECT COUNT(*) FROM tickets t WHERE t.closed_at IS NOT NULL AND \
                    (SELECT COUNT(*) FROM ticket_events e WHERE e.ticket_id = t.id) < 5";
        assert_eq!(
            scalar(s, bare).await,
            0,
            "{label}: closed tickets show each step"
        );

        // The year to yesterday, against the ticket rows themselves.
        let yesterday = report::local_day(&TZ, now).pred_opt().unwrap();
        let r = report::compute(s, &TZ, "Asia/Shanghai", Period::Year, yesterday)
            .await
            .unwrap();
        let from = report::day_start(&TZ, Period::Year.days(yesterday).0);
        let to = report::day_start(&TZ, yesterday.succ_opt().unwrap());
        let count = |cond: &str| {
            format!("SELECT COUNT(*) FROM tickets WHERE {cond}")
                .replace("$from", &from.to_string())
                .replace("$to", &to.to_string())
        };
        let received = scalar(s, &count("registered_at >= $from AND registered_at < $to")).await;
        let resolved = scalar(s, &count("resolved_at >= $from AND resolved_at < $to")).await;
        let waiting = scalar(
            s,
            &count("registered_at < $to AND (resolved_at IS NULL OR resolved_at >= $to)"),
        )
        .await;
        assert!(received > 0 && resolved > 0 && waiting > 0, "{label}");
        assert_eq!(r.received, received, "{label}");
        assert_eq!(r.resolved, resolved, "{label}");
        assert_eq!(r.backlog_at_close, waiting, "{label}");
        // (The repeat caller's ticket, seeded for the warning rules, closes unreachable.)
        assert_eq!(
            r.callbacks.satisfied + r.callbacks.basically_satisfied,
            scalar(
                s,
                &count("closed_at >= $from AND closed_at < $to AND close_outcome <> 'unreachable'")
            )
            .await,
            "{label}: every callback that reached the caller is a verdict that closes the ticket"
        );
        assert_eq!(
            scalar(
                s,
                "SELECT COUNT(*) FROM tickets WHERE close_outcome = 'unreachable'"
            )
            .await,
            1,
            "{label}"
        );

        // The demo's checks: three plans, three ledger rows, one rectification open.
        assert_eq!(scalar(s, "SELECT COUNT(*) FROM risk_check_plans").await, 3);
        assert_eq!(scalar(s, "SELECT COUNT(*) FROM risk_checks").await, 3);
        assert_eq!(
            scalar(
                s,
                "SELECT COUNT(*) FROM rectifications WHERE state = 'open'"
            )
            .await,
            1
        );

        // Each automatic warning rule finds its case in the generated history.
        let run = app::risk::warning_job::run_warnings(s, &TZ, now)
            .await
            .unwrap();
        assert_eq!(run.unplaced, 0, "{label}");
        let rules =
            |rule: &str| format!("SELECT COUNT(*) FROM risk_warnings WHERE rule = '{rule}'");
        for rule in ["stalling", "shirking", "forged", "repeat_caller"] {
            assert!(scalar(s, &rules(rule)).await >= 1, "{label}: {rule}");
        }
        assert_eq!(
            scalar(
                s,
                "SELECT COUNT(*) FROM risk_warnings WHERE found LIKE '%chain_broken%'"
            )
            .await,
            0,
            "{label}: the chain is whole"
        );
    }
}

/// The benchmarks' desk of 50 units: departments are added, each with a category dispatched
/// to it, and the generated tickets reach them; asking again adds none.
#[tokio::test]
async fn the_bench_desk_spreads_tickets_over_the_departments_asked_for() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        app::seed::seed_demo(s).await.unwrap();
        let dispatched = "SELECT COUNT(DISTINCT department_id) FROM categories \
                          WHERE department_id IS NOT NULL";
        let before = scalar(s, dispatched).await;
        assert!(before < 12, "{label}: the demo catalogue is smaller");
        let added = app::bulk_seed::spread_departments(s, 12).await.unwrap();
        assert_eq!(added as i64, 12 - before, "{label}");
        assert_eq!(scalar(s, dispatched).await, 12, "{label}");
        assert_eq!(
            app::bulk_seed::spread_departments(s, 12).await.unwrap(),
            0,
            "{label}"
        );
        let now = chrono::Utc::now().timestamp_millis();
        seed_tickets(s, &TZ, 600, 0, now, &|_| {}).await.unwrap();
        let reached = "SELECT COUNT(DISTINCT d.id) FROM departments d \
                       WHERE d.code LIKE 'unit-%' AND EXISTS \
                       (SELECT 1 FROM tickets t WHERE t.department_id = d.id)";
        assert_eq!(
            scalar(s, reached).await,
            12 - before,
            "{label}: tickets reach every added unit"
        );
    }
}
