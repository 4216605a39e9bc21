//! Automatic risk warnings over a real ticket history, on SQLite and PostgreSQL: the job
//! raises each finding once on the matching risk with its event in the chain, however often
//! it runs and even when it reads the history again from the start; a decision is taken once.
#![cfg(feature = "ssr")]

use app::domain::report::Period;
use app::domain::risk::{Conduct, Control, Rating, RiskType, Treatment};
use app::domain::roles::{Clearance, Role};
use app::domain::warning::{Thresholds, Trigger, WarningRule, WarningState};
use app::domain::workflow::Command;
use app::error::AppError;
use app::risk::warning_job::run_warnings;
use app::risk::RiskFacts;
use app::store::testing::{self, scalar};
use app::tickets::service::{self, Intake, Request};
use chrono::TimeZone;
use std::collections::HashMap;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Wednesday 2 December 2026, 10:00 in Shanghai.
fn morning() -> i64 {
    TZ.with_ymd_and_hms(2026, 12, 2, 10, 0, 0)
        .unwrap()
        .timestamp_millis()
}

fn risk(code: &str, risk_type: RiskType, conduct: Conduct, dept: i64, owner: i64) -> RiskFacts {
    RiskFacts {
        code: code.into(),
        title: format!("{code} 风险"),
        risk_type,
        description: String::new(),
        conduct,
        department_id: dept,
        owner_id: owner,
        controls: vec![Control {
            what: "抽查".into(),
            who: "合规".into(),
            how_often: "每月".into(),
        }],
        inherent: Rating::new(3, 4).unwrap(),
        residual: Rating::new(2, 4).unwrap(),
        residual_justification: String::new(),
        treatment: Treatment::Mitigate,
        accept_approver_id: None,
        accept_until: None,
    }
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
        answers: HashMap::new(),
        direct_answer: None,
    }
}

#[tokio::test]
async fn the_rules_raise_each_finding_once_from_the_real_history() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let org = testing::small_org(s, None, "", "[]").await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let sup = testing::actor(s, "sup", org.centre, Role::Supervisor, Clearance::Internal).await;
        let handler = testing::actor(s, "h1", org.first, Role::Handler, Clearance::Internal).await;
        let officer = testing::actor(
            s,
            "officer",
            org.centre,
            Role::Compliance,
            Clearance::Secret,
        )
        .await;
        let day = TZ.timestamp_millis_opt(morning()).unwrap().date_naive();
        let privacy = s
            .record_risk(
                &risk(
                    "R-PRIV",
                    RiskType::InfoSecurity,
                    Conduct::PrivacyLeak,
                    org.first,
                    handler.id,
                ),
                officer.id,
                1,
                day,
            )
            .await
            .unwrap();
        let forged = s
            .record_risk(
                &risk(
                    "R-FORGE",
                    RiskType::Compliance,
                    Conduct::ForgedRecords,
                    org.first,
                    handler.id,
                ),
                officer.id,
                2,
                day,
            )
            .await
            .unwrap();
        let now = morning();

        // The agent registers a ticket and looks at the caller's number 21 times today.
        let (a, _) = service::register(s, &TZ, &agent, intake(org.noise, "13800001111"), now)
            .await
            .unwrap();
        for k in 0..21 {
            service::act(
                s,
                &TZ,
                &agent,
                a,
                Request::Plain(Command::RevealPii),
                now + k * 1000,
            )
            .await
            .unwrap();
        }
        // A supervisor looks at it while the department works on it: not their work.
        service::act(
            s,
            &TZ,
            &sup,
            a,
            Request::Plain(Command::RevealPii),
            now + 60_000,
        )
        .await
        .unwrap();
        // Another ticket is signed for and resolved a minute after dispatch.
        let (b, number_b) =
            service::register(s, &TZ, &agent, intake(org.noise, "13800002222"), now)
                .await
                .unwrap();
        service::act(s, &TZ, &handler, b, Request::SignFor, now + 30_000)
            .await
            .unwrap();
        let resolve = Command::Resolve {
            result: "已现场处理".into(),
        };
        service::act(s, &TZ, &handler, b, Request::Plain(resolve), now + 60_000)
            .await
            .unwrap();

        let later = now + 5 * 60_000;
        let run = run_warnings(s, &TZ, later).await.unwrap();
        assert_eq!(run.raised, 3, "{label}: {run:?}");
        let mut all = s.warnings(None, false, 50).await.unwrap();
        all.sort_by_key(|w| (w.rule.code(), w.user_name.clone()));
        let seen: Vec<(WarningRule, i64, Option<String>)> = all
            .iter()
            .map(|w| (w.rule, w.risk_id, w.user_name.clone()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (WarningRule::Forged, forged, None),
                (WarningRule::Privacy, privacy, Some("agent".into())),
                (WarningRule::Privacy, privacy, Some("sup".into())),
            ],
            "{label}"
        );
        assert_eq!(all[0].found, Trigger::FastResolve { minutes: 1 }, "{label}");
        assert_eq!(all[0].tickets[0].number, number_b, "{label}");
        assert_eq!(
            all[1].found,
            Trigger::RevealsInDay { count: 21, day },
            "{label}"
        );
        assert_eq!(
            all[1].tickets.len(),
            1,
            "{label}: one ticket, looked at 21 times"
        );
        let raised_events = scalar(
            s,
            "SELECT COUNT(*) FROM risk_events WHERE kind = 'warning_raised'",
        )
        .await;
        assert_eq!(raised_events, 3, "{label}");
        // Compliance hears of each in the bell.
        let told = s.notifications(officer.id, 10).await.unwrap();
        assert_eq!(told.len(), 3, "{label}");
        assert!(told
            .iter()
            .all(|n| n.risk_code.is_some() && n.ticket_number.is_none()));

        // Again, and again from the start of the history: nothing is raised twice.
        assert_eq!(
            run_warnings(s, &TZ, later).await.unwrap().raised,
            0,
            "{label}"
        );
        testing::execute(s, "UPDATE warning_job SET last_seq = 0, sweep_at = 0").await;
        let again = run_warnings(s, &TZ, later + 1).await.unwrap();
        assert_eq!(again.raised, 0, "{label}");
        assert!(
            again.events_read > 20,
            "{label}: it did read the history again"
        );
        assert_eq!(
            scalar(s, "SELECT COUNT(*) FROM risk_warnings").await,
            3,
            "{label}"
        );

        // A 22nd look the same day is the same warning (the day's window); the count in it
        // stays what it was when raised.
        service::act(
            s,
            &TZ,
            &agent,
            a,
            Request::Plain(Command::RevealPii),
            later + 2,
        )
        .await
        .unwrap();
        assert_eq!(
            run_warnings(s, &TZ, later + 3).await.unwrap().raised,
            0,
            "{label}"
        );

        // Compliance decides once; the decision is an event in the chain.
        let w = all[1].id;
        s.decide_warning(w, WarningState::Confirmed, "", officer.id, later + 4)
            .await
            .unwrap();
        let twice = s
            .decide_warning(w, WarningState::Dismissed, "重复", officer.id, later + 5)
            .await;
        assert!(
            matches!(twice, Err(AppError::Conflict)),
            "{label}: {twice:?}"
        );
        let w = s.warning(w).await.unwrap().unwrap();
        assert_eq!(w.state, WarningState::Confirmed, "{label}");
        assert_eq!(w.decided_by.as_deref(), Some("officer"), "{label}");
        assert_eq!(
            s.warnings(None, true, 50).await.unwrap().len(),
            2,
            "{label}: two still await a decision"
        );
        assert_eq!(
            scalar(
                s,
                "SELECT COUNT(*) FROM risk_events WHERE kind = 'warning_decided'"
            )
            .await,
            1,
            "{label}"
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");

        // The day's report counts them in its risk section, from the risks' history.
        let r = app::report::service::compute(s, &TZ, "Asia/Shanghai", Period::Day, day)
            .await
            .unwrap();
        assert_eq!(r.risks.warnings_raised, 3, "{label}");
        assert_eq!(r.risks.warnings_confirmed, 1, "{label}");
        assert_eq!(
            r.risks.open_by_grade.values().sum::<i64>(),
            2,
            "{label}: both risks open"
        );
        let before = app::report::service::compute(
            s,
            &TZ,
            "Asia/Shanghai",
            Period::Day,
            day.pred_opt().unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(
            before.risks.warnings_raised, 0,
            "{label}: none the day before"
        );
    }
}

#[tokio::test]
async fn without_a_matching_risk_nothing_is_raised_and_thresholds_are_kept() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let org = testing::small_org(s, None, "", "[]").await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let now = morning();
        let (a, _) = service::register(s, &TZ, &agent, intake(org.noise, "13800001111"), now)
            .await
            .unwrap();
        for k in 0..3 {
            service::act(
                s,
                &TZ,
                &agent,
                a,
                Request::Plain(Command::RevealPii),
                now + k,
            )
            .await
            .unwrap();
        }
        // A stricter threshold: more than 2 looks a day.
        let th = Thresholds {
            reveals_per_day: 2,
            ..Default::default()
        };
        s.save_warning_thresholds(&th).await.unwrap();
        assert_eq!(s.warning_thresholds().await.unwrap(), th, "{label}");
        // The list has no privacy risk: the finding has nowhere to go.
        let run = run_warnings(s, &TZ, now + 60_000).await.unwrap();
        assert_eq!((run.raised, run.unplaced), (0, 1), "{label}");
        assert_eq!(
            scalar(s, "SELECT COUNT(*) FROM risk_warnings").await,
            0,
            "{label}"
        );
    }
}
