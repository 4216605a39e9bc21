//! Warning notices through the store, on SQLite and PostgreSQL: published to a department
//! (with those below it) and a person, each told once; acknowledged once by each recipient
//! only; reminded once a working day until the deadline; all in the chain.
#![cfg(feature = "ssr")]

use app::domain::org::Department;
use app::domain::risk::{Conduct, Grade, Rating, RiskType, Treatment};
use app::domain::risk_notice::{recipients, Person};
use app::domain::roles::{Clearance, Role};
use app::error::AppError;
use app::risk::notice_reminders::run_notice_reminders;
use app::risk::RiskFacts;
use app::store::risk_notices::NewNotice;
use app::store::testing::{self, scalar};
use chrono::{NaiveDate, TimeZone};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn at(d: u32, h: u32) -> i64 {
    TZ.with_ymd_and_hms(2026, 12, d, h, 0, 0)
        .unwrap()
        .timestamp_millis()
}

#[tokio::test]
async fn a_notice_reaches_its_recipients_who_acknowledge_it_once_and_are_reminded_till_then() {
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
        let h1 = testing::actor(s, "h1", org.first, Role::Handler, Clearance::Internal).await;
        let lead = testing::actor(s, "lead", org.first, Role::DeptLead, Clearance::Internal).await;
        let other = testing::actor(s, "h9", org.second, Role::Handler, Clearance::Internal).await;
        let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
        let risk = s
            .record_risk(
                &RiskFacts {
                    code: "R-N-01".into(),
                    title: "夜间施工投诉处置不及时".into(),
                    risk_type: RiskType::ServiceQuality,
                    description: String::new(),
                    conduct: Conduct::Stalling,
                    department_id: org.first,
                    owner_id: lead.id,
                    controls: vec![],
                    inherent: Rating::new(3, 4).unwrap(),
                    residual: Rating::new(3, 3).unwrap(),
                    residual_justification: String::new(),
                    treatment: Treatment::Mitigate,
                    accept_approver_id: None,
                    accept_until: None,
                },
                officer.id,
                1,
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            )
            .await
            .unwrap();
        // To the first department (two people) and the agent.
        let tree: Vec<Department> = s.list_departments().await.unwrap();
        let people: Vec<Person> = s
            .list_accounts()
            .await
            .unwrap()
            .into_iter()
            .map(|a| Person {
                id: a.id,
                department_id: a.department_id,
                active: a.active,
            })
            .collect();
        let to = recipients(&[org.first], &[agent.id, h1.id], &tree, &people);
        assert_eq!(to.len(), 3, "{label}: h1 once");
        let published = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(); // Wednesday
        let id = s
            .publish_notice(
                &NewNotice {
                    risk_id: risk,
                    title: "夜间施工投诉激增",
                    body: "各部门加强夜间巡查，22 点后施工一律先行制止",
                    grade: Grade::General,
                    deadline: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
                    published_on: published,
                    recipients: &to,
                },
                officer.id,
                at(2, 10),
            )
            .await
            .unwrap();
        let n = s.risk_notice(id).await.unwrap().unwrap();
        assert_eq!((n.recipients, n.acknowledged), (3, 0), "{label}");
        for u in [h1.id, lead.id, agent.id] {
            let told = s.notifications(u, 10).await.unwrap();
            assert_eq!(told.len(), 1, "{label}: each recipient told once");
        }
        assert!(s.notifications(other.id, 10).await.unwrap().is_empty());

        // Once by each recipient; nobody else.
        s.acknowledge_notice(id, h1.id, at(2, 11)).await.unwrap();
        let again = s.acknowledge_notice(id, h1.id, at(2, 12)).await;
        assert!(
            matches!(again, Err(AppError::Conflict)),
            "{label}: {again:?}"
        );
        let stranger = s.acknowledge_notice(id, other.id, at(2, 12)).await;
        assert!(matches!(stranger, Err(AppError::Forbidden)), "{label}");
        assert_eq!(s.risk_notice(id).await.unwrap().unwrap().acknowledged, 1);

        // Reminders: none on the day, the two others on Thursday, once; none on Saturday.
        assert_eq!(
            run_notice_reminders(s, &TZ, at(2, 16)).await.unwrap(),
            0,
            "{label}"
        );
        assert_eq!(
            run_notice_reminders(s, &TZ, at(3, 9)).await.unwrap(),
            2,
            "{label}"
        );
        assert_eq!(
            run_notice_reminders(s, &TZ, at(3, 15)).await.unwrap(),
            0,
            "{label}"
        );
        assert_eq!(
            run_notice_reminders(s, &TZ, at(5, 10)).await.unwrap(),
            0,
            "{label}"
        );
        s.acknowledge_notice(id, lead.id, at(7, 9)).await.unwrap();
        assert_eq!(
            run_notice_reminders(s, &TZ, at(7, 10)).await.unwrap(),
            1,
            "{label}"
        );
        // After the deadline: expired, no more.
        assert_eq!(
            run_notice_reminders(s, &TZ, at(9, 10)).await.unwrap(),
            0,
            "{label}"
        );
        assert_eq!(
            s.notifications(agent.id, 10).await.unwrap().len(),
            3,
            "{label}: told, reminded Thursday and Monday"
        );
        assert_eq!(
            scalar(
                s,
                "SELECT COUNT(*) FROM risk_events WHERE kind = 'notice_acknowledged'"
            )
            .await,
            2,
            "{label}"
        );
        assert_eq!(
            scalar(
                s,
                "SELECT COUNT(*) FROM risk_events WHERE kind = 'notice_published'"
            )
            .await,
            1,
            "{label}"
        );
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}
