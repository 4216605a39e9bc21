//! Training through the services and the store, on SQLite and PostgreSQL: a course's exam
//! is drawn without its answers, failed, passed (all-or-nothing on multiple choice), limited
//! in attempts and time, submitted once; completion counts people added later; overdue
//! training is reminded to the person and their lead once a day; all in the chain.
#![cfg(feature = "ssr")]

use app::domain::policy::Audience;
use app::domain::roles::{Clearance, Role};
use app::domain::training::{parse_questions, ExamRules, Standing, Tier};
use app::domain::workflow::Actor;
use app::error::AppError;
use app::store::testing;
use app::store::training::NewCourse;
use app::store::Store;
use app::training::service;

const BANK: &str =
    "[single] 受理来电时，诉求和联系方式应当如何处理？\n- 事后补录\n+ 当场复述核对\n\n\
    [multiple] 以下哪些属于个人信息？\n+ 手机号码\n+ 身份证号\n- 工单编号\n\n\
    [true_false] 可以把来电人电话告诉邻居。\n= false\n";

const DAY: i64 = 86_400_000;

/// The answers to the drawn questions: right ones, or the first option of each.
fn answers(paper: &app::training::ExamPaper, right: bool) -> Vec<Vec<usize>> {
    paper
        .questions
        .iter()
        .map(|q| match (right, q.prompt.as_str()) {
            (false, _) => vec![0],
            (true, p) if p.contains("诉求") => vec![1],
            (true, p) if p.contains("个人信息") => vec![0, 1],
            (true, _) => vec![1],
        })
        .collect()
}

async fn course(
    s: &Store,
    by: i64,
    audience: &Audience,
    max_attempts: u32,
    due_at: Option<i64>,
) -> i64 {
    let bank = parse_questions(BANK).unwrap();
    s.save_course(
        None,
        &NewCourse {
            title: "热线服务规范",
            tier: Tier::FrontLine,
            audience,
            materials: "# 第一页\n---\n# 第二页",
            bank: &bank,
            rules: ExamRules {
                questions: 3,
                pass_mark: 60,
                max_attempts,
                time_limit_minutes: Some(20),
            },
            due_at,
            valid_months: 12,
        },
        by,
        1,
    )
    .await
    .unwrap()
}

async fn people(s: &Store) -> (Actor, Actor, Actor, Actor) {
    let org = testing::small_org(s, None, "", "[]").await;
    let officer = testing::actor(
        s,
        "officer",
        org.centre,
        Role::Compliance,
        Clearance::Secret,
    )
    .await;
    let agent = testing::actor(s, "agent", org.centre, Role::Agent, Clearance::Internal).await;
    let handler = testing::actor(s, "h1", org.first, Role::Handler, Clearance::Internal).await;
    let lead = testing::actor(s, "lead", org.first, Role::DeptLead, Clearance::Internal).await;
    (officer, agent, handler, lead)
}

#[tokio::test]
async fn an_exam_is_drawn_without_answers_failed_then_passed_and_submitted_once() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let (officer, agent, handler, _) = people(s).await;
        let front_line = Audience {
            roles: vec![Role::Agent, Role::Handler],
            departments: Vec::new(),
        };
        let id = course(s, officer.id, &front_line, 2, Some(10 * DAY)).await;
        let now = DAY;
        // The officer is not in the audience: no exam for them.
        assert_eq!(
            service::start(s, &officer, id, now).await,
            Err(AppError::Forbidden)
        );
        let first = service::start(s, &agent, id, now).await.unwrap();
        assert_eq!(
            service::start(s, &agent, id, now + 1).await,
            Ok(first),
            "{label}: resumed"
        );
        let (paper, ..) = service::paper(s, &agent, first).await.unwrap();
        assert_eq!(paper.questions.len(), 3);
        let json = serde_json::to_string(&paper).unwrap();
        assert!(!json.contains("answer"), "{label}: {json}");
        assert_eq!(
            service::paper(s, &handler, first).await.err(),
            Some(AppError::NotFound),
            "{label}: someone else's paper"
        );
        let (score, passed) = service::submit(s, &agent, first, answers(&paper, false), now + 2)
            .await
            .unwrap();
        assert_eq!((score, passed), (0, false), "{label}");
        assert_eq!(
            service::submit(s, &agent, first, answers(&paper, true), now + 3).await,
            Err(AppError::Conflict),
            "{label}: once"
        );
        let second = service::start(s, &agent, id, now + 4).await.unwrap();
        assert_ne!(second, first);
        let (paper, ..) = service::paper(s, &agent, second).await.unwrap();
        let (score, passed) = service::submit(s, &agent, second, answers(&paper, true), now + 5)
            .await
            .unwrap();
        assert_eq!((score, passed), (100, true), "{label}");
        let d = service::detail(s, &agent, id, now + 6).await.unwrap();
        assert_eq!(d.brief.standing, Some(Standing::Done), "{label}");
        assert!(!d.may_attempt, "{label}: passed");
        assert_eq!(
            service::start(s, &agent, id, now + 7).await,
            Err(AppError::Conflict)
        );
        // The handler fails twice: no third attempt.
        for at in [10, 20] {
            let a = service::start(s, &handler, id, now + at).await.unwrap();
            let (p, ..) = service::paper(s, &handler, a).await.unwrap();
            service::submit(s, &handler, a, answers(&p, false), now + at + 1)
                .await
                .unwrap();
        }
        assert_eq!(
            service::start(s, &handler, id, now + 30).await,
            Err(AppError::Conflict),
            "{label}: attempts used up"
        );
        // A late answer is recorded and fails.
        let centre = s.department_by_code("centre").await.unwrap().unwrap().id;
        let lead = testing::actor(s, "agent2", centre, Role::Agent, Clearance::Internal).await;
        let late = service::start(s, &lead, id, now).await.unwrap();
        let (p, ..) = service::paper(s, &lead, late).await.unwrap();
        let (score, passed) = service::submit(s, &lead, late, answers(&p, true), now + 30 * 60_000)
            .await
            .unwrap();
        assert_eq!((score, passed), (100, false), "{label}: too late");
        // The officer sees completion: one of three passed.
        let d = service::detail(s, &officer, id, now + 40).await.unwrap();
        let c = d.coverage.unwrap();
        assert_eq!((c.acknowledged, c.total), (1, 3), "{label}");
        let events = testing::scalar(
            s,
            "SELECT COUNT(*) FROM record_events WHERE subject = 'course'",
        )
        .await;
        assert_eq!(events, 1 + 5, "{label}: saved, five exams");
        assert!(s.verify_chain().await.unwrap().problem.is_none(), "{label}");
    }
}

#[tokio::test]
async fn overdue_training_is_reminded_to_the_person_and_their_lead_once_a_day() {
    for db in testing::all().await {
        let (s, label) = (&db.store, db.label);
        let (officer, agent, handler, lead) = people(s).await;
        let front_line = Audience {
            roles: vec![Role::Agent, Role::Handler],
            departments: Vec::new(),
        };
        let id = course(s, officer.id, &front_line, 0, Some(2 * DAY)).await;
        let tz = chrono_tz::Asia::Shanghai;
        let run = |at| app::training::reminders::run_training_reminders(s, &tz, at);
        assert_eq!(run(DAY).await.unwrap(), 0, "{label}: not due yet");
        // The agent passes in time; the handler does not.
        let a = service::start(s, &agent, id, DAY).await.unwrap();
        let (p, ..) = service::paper(s, &agent, a).await.unwrap();
        service::submit(s, &agent, a, answers(&p, true), DAY + 1)
            .await
            .unwrap();
        assert!(run(3 * DAY).await.unwrap() > 0, "{label}");
        assert_eq!(
            testing::notified(s, handler.id, "training_overdue").await,
            1
        );
        assert_eq!(
            testing::notified(s, lead.id, "training_overdue").await,
            1,
            "{label}"
        );
        assert_eq!(testing::notified(s, agent.id, "training_overdue").await, 0);
        assert_eq!(
            run(3 * DAY + 60_000).await.unwrap(),
            0,
            "{label}: once a day"
        );
        assert!(
            run(4 * DAY).await.unwrap() > 0,
            "{label}: the next day again"
        );
        // Someone joining the front line later is due at once (and overdue, past the date).
        let centre = s.department_by_code("centre").await.unwrap().unwrap().id;
        let newcomer = testing::actor(s, "agent3", centre, Role::Agent, Clearance::Internal).await;
        let d = service::detail(s, &newcomer, id, 4 * DAY).await.unwrap();
        assert_eq!(d.brief.standing, Some(Standing::Overdue), "{label}");
    }
}
