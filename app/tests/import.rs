//! Import from an old system, on both backends: all or nothing, line numbers on bad input,
//! idempotent on `source_id`, and imported tickets count in the report like native ones.
use app::domain::report::Period;
use app::domain::roles::{Clearance, Role};
use app::report::service as report;
use app::store::testing::{self, TestDb};
use app::tickets::import::{import, Imported, Outcome};
use chrono::NaiveDate;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn line(source_id: &str, category: &str, department: &str, extra: &str) -> String {
    format!(
        r#"{{"source_id":"{source_id}","created_at":"2026-11-02T09:15:00+08:00","channel":"phone","category":"{category}","priority":"normal","caller_name":"王五","caller_phone":"13800001234","description":"楼下夜间施工","department":"{department}","due_at":"2026-11-05T18:00:00+08:00"{extra}}}"#
    )
}

/// Three tickets: open; resolved on time and called back; resolved late, called back,
/// archived.
fn file() -> String {
    [
        line("A-1", "complaint/noise", "cg", r#","resolved_at":null,"callback":null,"archived_at":null"#),
        line(
            "A-2",
            "complaint/noise",
            "cg",
            r#","resolved_at":"2026-11-04T10:00:00+08:00","callback":{"at":"2026-11-04T15:00:00+08:00","result":"satisfied"}"#,
        ),
        line(
            "A-3",
            "complaint/other",
            "sc",
            r#","resolved_at":"2026-11-06T10:00:00+08:00","callback":{"at":"2026-11-06T11:00:00+08:00","result":"unsatisfied"},"archived_at":"2026-12-07T00:00:00+08:00""#,
        ),
    ]
    .join("\n")
}

async fn desk(db: &TestDb) -> i64 {
    let s = &db.store;
    let org = testing::small_org(s, None, "", "[]").await;
    testing::actor(s, "admin", org.centre, Role::Admin, Clearance::Secret)
        .await
        .id
}

async fn run(db: &TestDb, by: i64, text: &str, create_missing: bool) -> Outcome {
    let now = 1_800_000_000_000;
    import(&db.store, &TZ, by, text, create_missing, now, |_, _| {})
        .await
        .unwrap()
}

async fn tickets(db: &TestDb) -> i64 {
    testing::scalar(&db.store, "SELECT COUNT(*) FROM tickets").await
}

#[tokio::test]
async fn a_bad_line_is_named_and_nothing_is_imported() {
    for db in testing::all().await {
        let by = desk(&db).await;
        let bad = format!(
            "{}\n{}",
            file(),
            line(
                "A-4",
                "complaint/noise",
                "cg",
                r#","resolved_at":"2026-11-01T00:00:00+08:00""#
            )
        );
        let Outcome::Refused(problems) = run(&db, by, &bad, false).await else {
            panic!("{}: a bad line must refuse the file", db.label);
        };
        assert_eq!(
            problems,
            vec![(4, "resolved_at is before created_at".to_string())],
            "{}",
            db.label
        );
        assert_eq!(tickets(&db).await, 0, "{}: nothing half-written", db.label);
        // An unknown department code is refused the same way, naming its line.
        let unknown = line("B-1", "complaint/noise", "nowhere", "");
        let Outcome::Refused(problems) = run(&db, by, &unknown, false).await else {
            panic!("{}: unknown code", db.label);
        };
        assert_eq!(
            problems,
            vec![(1, "department nowhere: unknown code".into())]
        );
        assert_eq!(tickets(&db).await, 0);
    }
}

#[tokio::test]
async fn importing_twice_changes_nothing_and_counts_like_native_tickets() {
    for db in testing::all().await {
        let label = db.label;
        let by = desk(&db).await;
        let first = run(&db, by, &file(), false).await;
        assert_eq!(
            first,
            Outcome::Done(Imported {
                imported: 3,
                ..Imported::default()
            }),
            "{label}"
        );
        let events = testing::scalar(&db.store, "SELECT COUNT(*) FROM ticket_events").await;
        let again = run(&db, by, &file(), false).await;
        assert_eq!(
            again,
            Outcome::Done(Imported {
                skipped: 3,
                ..Imported::default()
            }),
            "{label}"
        );
        assert_eq!(tickets(&db).await, 3, "{label}");
        assert_eq!(
            testing::scalar(&db.store, "SELECT COUNT(*) FROM ticket_events").await,
            events,
            "{label}"
        );
        // Numbered on their own day; each has one `imported` event, inside the chain.
        let t = db
            .store
            .ticket_by_number("20261102-000001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t.department_name.as_deref(), Some("城管"), "{label}");
        assert_eq!(
            testing::scalar(
                &db.store,
                "SELECT COUNT(*) FROM ticket_events WHERE kind = 'imported' \
                 AND data NOT LIKE '%13800001234%'"
            )
            .await,
            3,
            "{label}: one event each, no raw phone"
        );
        let check = db.store.verify_chain().await.unwrap();
        assert!(check.problem.is_none(), "{label}");
        // The report of 2 November counts them as received and dispatched; 4 and 6 November
        // see one resolution each, on time and late.
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let r = report::compute(&db.store, &TZ, "Asia/Shanghai", Period::Day, day(2))
            .await
            .unwrap();
        assert_eq!(
            (r.received, r.dispatched, r.backlog_at_close),
            (3, 3, 3),
            "{label}"
        );
        assert_eq!(
            r.received_by_department,
            [("cg".to_string(), 2), ("sc".to_string(), 1)].into(),
            "{label}"
        );
        let r = report::compute(&db.store, &TZ, "Asia/Shanghai", Period::Day, day(4))
            .await
            .unwrap();
        assert_eq!(
            (r.resolved, r.resolved_on_time, r.callbacks.satisfied),
            (1, 1, 1)
        );
        let r = report::compute(&db.store, &TZ, "Asia/Shanghai", Period::Day, day(6))
            .await
            .unwrap();
        assert_eq!(
            (r.resolved, r.resolved_on_time, r.callbacks.unsatisfied),
            (1, 0, 1)
        );
        assert_eq!(
            (r.backlog_at_close, r.overdue_at_close),
            (1, 1),
            "{label}: A-1 is still open, past its 5 November deadline"
        );
    }
}

#[tokio::test]
async fn create_missing_makes_the_codes_and_says_so() {
    for db in testing::all().await {
        let by = desk(&db).await;
        let text = line("C-1", "help/water", "shuiwu", "");
        let Outcome::Done(done) = run(&db, by, &text, true).await else {
            panic!("{}", db.label);
        };
        assert_eq!(done.imported, 1);
        assert_eq!(done.created_categories, vec!["help", "help/water"]);
        assert_eq!(done.created_departments, vec!["shuiwu"]);
        let d = db
            .store
            .department_by_code("shuiwu")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.name, "shuiwu", "{}: named by its code", db.label);
    }
}
