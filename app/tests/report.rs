//! The daily report on a hand-built desk with known answers, on both backends: every
//! ticket walked through the real ticket service at chosen instants.
use app::domain::report::Period;
use app::domain::roles::{Clearance, Role};
use app::domain::ticket::CallbackOutcome;
use app::domain::workflow::{Actor, Command};
use app::report::service as report;
use app::store::testing::{self, TestDb};
use app::store::Store;
use app::tickets::engine::run_deadlines;
use app::tickets::service::{self, AssignTo, Request};
use chrono::{NaiveDate, TimeZone};
use std::collections::BTreeMap;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// 2026-11-`d` at `h:m` in Shanghai (2 November is a Monday).
fn at(d: u32, h: u32, m: u32) -> i64 {
    TZ.with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp_millis()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

struct Desk {
    db: TestDb,
    agent: Actor,
    supervisor: Actor,
    lead: Actor,
    handler: Actor,
    noise: i64,
    other: i64,
    first: i64,
    second: i64,
}

async fn desk(db: TestDb) -> Desk {
    let s = &db.store;
    let org = testing::small_org(s, None, "", "[]").await;
    let user = |login: &'static str, dept: i64, role: Role| async move {
        testing::actor(s, login, dept, role, Clearance::Internal).await
    };
    Desk {
        agent: user("agent", org.centre, Role::Agent).await,
        supervisor: user("sup", org.centre, Role::Supervisor).await,
        lead: user("lead", org.first, Role::DeptLead).await,
        handler: user("h1", org.first, Role::Handler).await,
        noise: org.noise,
        other: org.other,
        first: org.first,
        second: org.second,
        db,
    }
}

impl Desk {
    fn store(&self) -> &Store {
        &self.db.store
    }
    /// Tuesday's report page as `who` reads it on Thursday morning.
    async fn tuesday(&self, who: &Actor) -> Result<app::report::ReportView, app::error::AppError> {
        report::view(
            self.store(),
            &TZ,
            "Asia/Shanghai",
            who,
            Period::Day,
            day(3),
            at(5, 9, 0),
        )
        .await
    }
    async fn register(&self, category: i64, when: i64) -> i64 {
        service::register(
            self.store(),
            &TZ,
            &self.agent,
            testing::intake(category, "urgent", "13800001234"),
            when,
        )
        .await
        .unwrap()
        .0
    }
    async fn act(&self, who: &Actor, id: i64, r: Request, when: i64) {
        let what = format!("{r:?}");
        service::act(self.store(), &TZ, who, id, r, when)
            .await
            .unwrap_or_else(|e| panic!("{}: {what} at {when}: {e:?}", self.db.label));
    }
    async fn resolve(&self, id: i64, when: i64) {
        let r = Request::Plain(Command::Resolve {
            result: "已处理".into(),
        });
        self.act(&self.handler.clone(), id, r, when).await;
    }
    async fn callback(&self, id: i64, outcome: CallbackOutcome, when: i64) {
        let r = Request::Plain(Command::Callback {
            outcome,
            told: "已处理".into(),
            reason: "仍未解决".into(),
            next_step: "重办".into(),
        });
        self.act(&self.agent.clone(), id, r, when).await;
    }
}

/// The desk of the report tests. On Tuesday 3 November (Shanghai):
/// - A (noise, urgent) registered 10:00, handled and resolved on time, caller satisfied;
/// - B registered 10:10, resolved 16:00 — late for its 14:10 deadline, but an extension
///   to Wednesday noon was approved at 10:30, so on time;
/// - C registered Monday, resolved Monday; the caller is unsatisfied Tuesday 09:30, the
///   redo is resolved Tuesday 15:00, after its new deadline: late;
/// - D (other) registered 07:30 — Monday 23:30 in UTC — waits in the dispatcher queue;
/// - E (noise) registered Wednesday 00:30 — still Tuesday in UTC;
/// - F registered Monday, never signed for: urged Tuesday 09:00, escalated by the engine;
/// - G (other) assigned to the first department 11:10, returned 11:30, assigned to the
///   second department 12:00 (urgent: due 16:00), open and overdue at close.
async fn build(d: &Desk) {
    let h = d.handler.clone();
    let sup = d.supervisor.clone();
    // Monday.
    let c = d.register(d.noise, at(2, 10, 0)).await;
    d.act(&h, c, Request::SignFor, at(2, 10, 5)).await;
    d.resolve(c, at(2, 11, 0)).await;
    let f = d.register(d.noise, at(2, 10, 30)).await;
    // Tuesday.
    d.register(d.other, at(3, 7, 30)).await;
    d.act(
        &sup,
        f,
        Request::Plain(Command::Urge {
            note: "尽快".into(),
        }),
        at(3, 9, 0),
    )
    .await;
    let run = run_deadlines(d.store(), &TZ, at(3, 9, 5)).await.unwrap();
    assert_eq!(run.escalations, 1, "{}: F only", d.db.label);
    d.callback(c, CallbackOutcome::Unsatisfied, at(3, 9, 30))
        .await;
    let a = d.register(d.noise, at(3, 10, 0)).await;
    d.act(&h, a, Request::SignFor, at(3, 10, 5)).await;
    d.resolve(a, at(3, 11, 0)).await;
    let b = d.register(d.noise, at(3, 10, 10)).await;
    d.act(&h, b, Request::SignFor, at(3, 10, 15)).await;
    d.act(
        &h,
        b,
        Request::RequestExtension {
            due_at: at(4, 12, 0),
            reason: "需协调".into(),
        },
        at(3, 10, 20),
    )
    .await;
    d.act(
        &sup,
        b,
        Request::DecideExtension {
            approve: true,
            note: "同意".into(),
        },
        at(3, 10, 30),
    )
    .await;
    let g = d.register(d.other, at(3, 11, 0)).await;
    let assign = |to| Request::Assign {
        to,
        reason: "按职责".into(),
    };
    d.act(
        &sup,
        g,
        assign(AssignTo::Department(d.first)),
        at(3, 11, 10),
    )
    .await;
    d.act(
        &d.lead.clone(),
        g,
        Request::Plain(Command::Return {
            reason: "不属本部门".into(),
        }),
        at(3, 11, 30),
    )
    .await;
    d.act(
        &sup,
        g,
        assign(AssignTo::Department(d.second)),
        at(3, 12, 0),
    )
    .await;
    d.resolve(c, at(3, 15, 0)).await;
    d.callback(a, CallbackOutcome::Satisfied, at(3, 15, 30))
        .await;
    d.resolve(b, at(3, 16, 0)).await;
    // Wednesday, just after midnight.
    d.register(d.noise, at(4, 0, 30)).await;
}

async fn desks() -> Vec<Desk> {
    let mut out = Vec::new();
    for db in testing::all().await {
        let d = desk(db).await;
        build(&d).await;
        out.push(d);
    }
    out
}

#[tokio::test]
async fn a_day_in_shanghai_has_the_known_figures() {
    for d in desks().await {
        let label = d.db.label;
        let r = report::compute(d.store(), &TZ, "Asia/Shanghai", Period::Day, day(3))
            .await
            .unwrap();
        assert_eq!(r.date, "2026-11-03");
        assert_eq!(r.received, 4, "{label}: A, B, D, G");
        assert_eq!(r.received_by_channel, BTreeMap::from([("phone".into(), 4)]));
        assert_eq!(
            r.received_by_category,
            BTreeMap::from([("complaint".into(), 4)])
        );
        assert_eq!(
            r.received_by_department,
            BTreeMap::from([("cg".into(), 3)]),
            "{label}: by the first department; D was never assigned"
        );
        assert_eq!(r.dispatched, 3, "{label}: A, B, G");
        assert_eq!(
            (r.resolved, r.resolved_on_time),
            (3, 2),
            "{label}: A and B (extended) on time, C's redo late"
        );
        assert_eq!(r.on_time_rate, Some(2.0 / 3.0));
        assert_eq!(
            (r.backlog_at_close, r.overdue_at_close),
            (3, 2),
            "{label}: D, F, G open at midnight; F and G (due 16:00) overdue; E not yet registered"
        );
        assert_eq!(
            (
                r.callbacks.satisfied,
                r.callbacks.basically_satisfied,
                r.callbacks.unsatisfied,
                r.callbacks.unreachable
            ),
            (1, 0, 1, 0)
        );
        assert_eq!(r.satisfaction_rate, Some(0.5));
        assert_eq!(
            (
                r.returns,
                r.extensions_approved,
                r.urges,
                r.escalations,
                r.redos
            ),
            (1, 1, 1, 1, 1),
            "{label}"
        );
        let league: Vec<_> = r
            .departments
            .iter()
            .map(|l| {
                (
                    l.department.as_str(),
                    l.assigned,
                    l.resolved,
                    l.resolved_on_time,
                    l.overdue_at_close,
                    l.satisfaction_rate,
                    l.returns,
                    l.redos,
                )
            })
            .collect();
        assert_eq!(
            league,
            vec![
                ("cg", 3, 3, 2, 1, Some(0.5), 1, 1),
                ("sc", 1, 0, 0, 1, None, 0, 0),
            ],
            "{label}"
        );
        let hot: Vec<_> = r
            .hot_issues
            .iter()
            .map(|h| {
                (
                    h.category.as_str(),
                    h.received,
                    h.share,
                    h.change_vs_previous_day,
                    h.change_vs_week_before,
                )
            })
            .collect();
        assert_eq!(
            hot,
            vec![
                ("complaint/noise", 2, 0.5, 0, 2),
                ("complaint/other", 2, 0.5, 2, 2),
            ],
            "{label}: Monday had C and F (noise)"
        );
    }
}

#[tokio::test]
async fn the_same_data_in_utc_moves_the_tickets_near_midnight() {
    for d in desks().await {
        let label = d.db.label;
        let utc = chrono_tz::UTC;
        let r = report::compute(d.store(), &utc, "UTC", Period::Day, day(3))
            .await
            .unwrap();
        // D (Monday 23:30 UTC) leaves Tuesday, E (Tuesday 16:30 UTC) joins it.
        assert_eq!(r.received, 4, "{label}: A, B, G, E");
        let hot: Vec<_> = r
            .hot_issues
            .iter()
            .map(|h| (h.category.as_str(), h.received))
            .collect();
        assert_eq!(
            hot,
            vec![("complaint/noise", 3), ("complaint/other", 1)],
            "{label}"
        );
        // At midnight UTC (08:00 Wednesday in Shanghai) E is open too.
        assert_eq!(r.backlog_at_close, 4, "{label}: D, F, G, E");
    }
}

#[tokio::test]
async fn a_day_without_resolutions_has_null_rates() {
    for d in desks().await {
        let label = d.db.label;
        let r = report::compute(d.store(), &TZ, "Asia/Shanghai", Period::Day, day(4))
            .await
            .unwrap();
        assert_eq!((r.received, r.resolved), (1, 0), "{label}: E only");
        assert_eq!((r.on_time_rate, r.satisfaction_rate), (None, None));
        let json = serde_json::to_value(&r).unwrap();
        assert!(json["on_time_rate"].is_null() && json["satisfaction_rate"].is_null());
        // The documented keys, in the documented order.
        let text = serde_json::to_string(&r).unwrap();
        let documented = [
            "date",
            "timezone",
            "received",
            "received_by_channel",
            "received_by_category",
            "received_by_department",
            "dispatched",
            "resolved",
            "resolved_on_time",
            "on_time_rate",
            "backlog_at_close",
            "overdue_at_close",
            "callbacks",
            "satisfaction_rate",
            "returns",
            "extensions_approved",
            "urges",
            "escalations",
            "redos",
            "departments",
            "hot_issues",
            "risks",
            "policies",
            "reviews",
            "training",
            "violations",
        ];
        let at: Vec<usize> = documented
            .iter()
            .map(|k| {
                text.find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("{k}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{label}: {text}");
        assert_eq!(json.as_object().unwrap().len(), documented.len());
    }
}

#[tokio::test]
async fn a_week_to_date_sums_its_days_and_rebuilding_changes_nothing() {
    for d in desks().await {
        let label = d.db.label;
        let s = d.store();
        let week = report::compute(s, &TZ, "Asia/Shanghai", Period::Week, day(4))
            .await
            .unwrap();
        let period = week.period.clone().unwrap();
        assert_eq!(
            (period.from.as_str(), period.to.as_str()),
            ("2026-11-02", "2026-11-04")
        );
        assert_eq!(week.received, 7, "{label}: all seven tickets");
        // C was resolved on Monday and again on Tuesday: once each day.
        assert_eq!((week.resolved, week.resolved_on_time), (4, 3), "{label}");
        assert_eq!(
            week.backlog_at_close, 4,
            "{label}: at Thursday 00:00: D, F, G, E"
        );
        // The report tables are a projection of the history: rebuilding them from it
        // gives the same report.
        let before = report::compute(s, &TZ, "Asia/Shanghai", Period::Day, day(3))
            .await
            .unwrap();
        testing::execute(s, "DELETE FROM report_facts").await;
        testing::execute(s, "DELETE FROM report_spans").await;
        assert!(s.report_tables_behind().await.unwrap());
        assert_eq!(s.rebuild_report_tables(|_| {}).await.unwrap(), 7);
        let after = report::compute(s, &TZ, "Asia/Shanghai", Period::Day, day(3))
            .await
            .unwrap();
        assert_eq!(before, after, "{label}");
        assert!(!s.report_tables_behind().await.unwrap());
    }
}

#[tokio::test]
async fn snapshots_are_immutable_and_regenerating_keeps_the_old_version() {
    for d in desks().await {
        let label = d.db.label;
        let s = d.store();
        let name = "Asia/Shanghai";
        // Wednesday 00:04: too early; 00:05: Tuesday's snapshot, once.
        assert_eq!(
            report::close_day(s, &TZ, name, 5, at(4, 0, 4))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            report::close_day(s, &TZ, name, 5, at(4, 0, 5))
                .await
                .unwrap(),
            Some((day(3), 1)),
            "{label}"
        );
        assert_eq!(
            report::close_day(s, &TZ, name, 5, at(4, 0, 35))
                .await
                .unwrap(),
            None
        );
        let first = s.snapshots("2026-11-03").await.unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(
            (first[0].generated_by.clone(), first[0].chain_seq > 0),
            (None, true)
        );
        // A late event for Tuesday: the snapshot still says what it said; the page reads
        // it and says so.
        let late = d.register(d.other, at(3, 23, 0)).await;
        assert!(late > 0);
        let view = d.tuesday(&d.supervisor).await.unwrap();
        assert_eq!(view.report.received, 4, "{label}: from the snapshot");
        assert_eq!(view.snapshot.as_ref().map(|x| x.version), Some(1));
        assert_eq!(view.trend.len(), 30);
        assert_eq!(
            view.trend.last().unwrap().received,
            5,
            "{label}: the trend is live"
        );
        // The report before it (Monday) gives the page its changes: Monday's own figures
        // (its hot issues are not compared — the page does not show them).
        let monday = report::compute(s, &TZ, name, Period::Day, day(2))
            .await
            .unwrap();
        let figures = |r: &app::domain::report::Report| app::domain::report::Report {
            hot_issues: Vec::new(),
            ..r.clone()
        };
        assert_eq!(figures(&view.previous), figures(&monday), "{label}");
        assert!(monday.received > 0, "{label}: Monday had tickets");
        // Only supervisors regenerate, with a reason; the new version counts the late
        // ticket, the old one is kept unchanged.
        let handler =
            report::regenerate(s, &TZ, name, &d.handler, day(3), "补录", at(5, 9, 0)).await;
        assert_eq!(handler, Err(app::error::AppError::Forbidden));
        let v = report::regenerate(
            s,
            &TZ,
            name,
            &d.supervisor,
            day(3),
            "补录迟到工单",
            at(5, 9, 0),
        )
        .await
        .unwrap();
        assert_eq!(v, 2);
        let all = s.snapshots("2026-11-03").await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1], first[0], "{label}: version 1 untouched");
        assert_eq!(all[0].reason, "补录迟到工单");
        assert_eq!(all[0].generated_by.as_deref(), Some("sup"));
        let view = d.tuesday(&d.supervisor).await.unwrap();
        assert_eq!(
            (view.report.received, view.snapshot.unwrap().versions),
            (5, 2)
        );
        // The database itself refuses to change or delete a snapshot.
        for sql in [
            "UPDATE report_snapshots SET report = '{}'",
            "DELETE FROM report_snapshots",
        ] {
            let refused = testing::try_execute(s, sql).await.is_err();
            assert!(refused, "{label}: {sql} must fail");
        }
        assert_eq!(s.snapshots("2026-11-03").await.unwrap(), all);
    }
}

#[tokio::test]
async fn a_lead_reads_their_departments_and_agents_nothing() {
    for d in desks().await {
        let label = d.db.label;
        let view = d.tuesday(&d.lead).await.unwrap();
        assert!(!view.desk_wide);
        let r = &view.report;
        assert_eq!(r.received, 3, "{label}: first assigned to cg: A, B, G");
        assert_eq!(
            (r.resolved, r.backlog_at_close, r.overdue_at_close),
            (3, 1, 1),
            "{label}: F"
        );
        let league: Vec<_> = r
            .departments
            .iter()
            .map(|l| l.department.as_str())
            .collect();
        assert_eq!(league, vec!["cg"], "{label}");
        let agent = d.tuesday(&d.agent).await;
        assert_eq!(agent.unwrap_err(), app::error::AppError::Forbidden);
    }
}

/// Closed days are kept computed (`report_days`); a late event — dated inside a kept day —
/// drops the days it reaches in its own transaction, so the report counts it; an event
/// happening now drops nothing.
#[tokio::test]
async fn kept_days_follow_late_events() {
    for d in desks().await {
        let label = d.db.label;
        let s = d.store();
        let day_report = |n: u32| report::compute(s, &TZ, "Asia/Shanghai", Period::Day, day(n));
        let week = report::compute(s, &TZ, "Asia/Shanghai", Period::Week, day(4))
            .await
            .unwrap();
        assert!(
            s.cached_day_count().await.unwrap() >= 3,
            "{label}: Mon–Wed kept"
        );
        let tuesday = day_report(3).await.unwrap();
        let wednesday = day_report(4).await.unwrap();
        // What the kept days say is what the facts say.
        s.forget_report_days().await.unwrap();
        assert_eq!(day_report(3).await.unwrap(), tuesday, "{label}");
        assert_eq!(
            report::compute(s, &TZ, "Asia/Shanghai", Period::Week, day(4))
                .await
                .unwrap(),
            week,
            "{label}"
        );

        // A ticket registered late, dated Tuesday 20:00: Tuesday received one more, and it
        // waits at Tuesday's and Wednesday's close.
        let generation = s.report_gen().await.unwrap();
        d.register(d.other, at(3, 20, 0)).await;
        let t = day_report(3).await.unwrap();
        assert_eq!(t.received, tuesday.received + 1, "{label}");
        assert_eq!(t.backlog_at_close, tuesday.backlog_at_close + 1, "{label}");
        let w = day_report(4).await.unwrap();
        assert_eq!(w.received, wednesday.received, "{label}");
        assert_eq!(
            w.backlog_at_close,
            wednesday.backlog_at_close + 1,
            "{label}"
        );
        // A report that read the facts before that change stores nothing.
        let stale = [((1, 2), app::domain::report::Counts::default())];
        assert!(!s.cache_days(generation, &stale).await.unwrap(), "{label}");
        let kept = s.cached_day_count().await.unwrap();

        // A ticket registered now reaches no kept day.
        let generation = s.report_gen().await.unwrap();
        d.register(d.other, chrono::Utc::now().timestamp_millis())
            .await;
        assert_eq!(s.report_gen().await.unwrap(), generation, "{label}");
        assert_eq!(s.cached_day_count().await.unwrap(), kept, "{label}");
    }
}

/// A day's close read from the close before and the day's changes equals the stretches
/// counted at that close — across returns, an extension, a redo and tickets near midnight.
#[tokio::test]
async fn each_close_follows_from_the_one_before() {
    for d in desks().await {
        let label = d.db.label;
        let s = d.store();
        let mut close = s.spans_at(report::day_start(&TZ, day(1))).await.unwrap();
        for n in 1..=6 {
            let (c1, c2) = (
                report::day_start(&TZ, day(n)),
                report::day_start(&TZ, day(n + 1)),
            );
            let delta = s.close_delta(c1, c2).await.unwrap();
            close = app::domain::report::advance(&close, &delta);
            assert_eq!(
                close,
                s.spans_at(c2).await.unwrap(),
                "{label}: close of the {n}th"
            );
        }
        assert!(
            !close.is_empty(),
            "{label}: tickets still waiting at the end"
        );
    }
}
