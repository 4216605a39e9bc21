//! The demo desk's training: the front line's course on the hotline's service rules (due in
//! two weeks, yearly), and the management's course on compliance duties, due three days ago,
//! which the supervisor has passed and the leads have not (their reminders go out).
use crate::domain::policy::Audience;
use crate::domain::roles::Role;
use crate::domain::training::{parse_questions, ExamRules, Tier};
use crate::error::AppError;
use crate::store::training::NewCourse;
use crate::store::Store;

const FRONT_LINE_MATERIALS: &str = "# 受理规范\n\n\
- 接听后先报工号，耐心听取诉求，不打断、不推诿。\n\
- 诉求、地址、联系方式当场复述核对。\n\
\n---\n\
# 个人信息保护\n\n\
- 来电人姓名、电话、身份证号只用于办理本工单。\n\
- 不得向无关人员透露，不得截图外传；查看完整号码会记入轨迹。\n";

pub const FRONT_LINE_QUESTIONS: &str = "[single] 受理来电时，诉求和联系方式应当如何处理？\n\
- 事后凭记忆补录\n\
+ 当场复述核对\n\
- 交给处理人员核对\n\
\n\
[multiple] 以下哪些属于来电人的个人信息？\n\
+ 手机号码\n\
+ 身份证号\n\
- 工单编号\n\
\n\
[true_false] 经办人员可以把来电人电话告诉前来询问的邻居。\n\
= false\n";

const MANAGEMENT_MATERIALS: &str = "# 管理层合规职责\n\n\
- 部门负责人对本部门工单的办理质量和时限负第一责任。\n\
- 发现重大风险事件，按应急预案第一时间报告领导小组。\n";

const MANAGEMENT_QUESTIONS: &str = "[single] 谁对本部门工单的办理质量和时限负第一责任？\n\
+ 部门负责人\n\
- 受理员\n\
- 合规人员\n\
\n\
[true_false] 重大风险事件可以等月底汇总后再报告。\n\
= false\n";

pub async fn seed_demo_training(store: &Store) -> Result<(), AppError> {
    let id_of = |login: &'static str| crate::seed::demo_id(store, login);
    let compliance = id_of("compliance").await?;
    let now = chrono::Utc::now().timestamp_millis();
    let day = 86_400_000;
    let bank = parse_questions(FRONT_LINE_QUESTIONS).map_err(|_| AppError::Internal)?;
    let front_line = Audience {
        roles: vec![Role::Agent, Role::Handler],
        departments: Vec::new(),
    };
    store
        .save_course(
            None,
            &NewCourse {
                title: "热线服务规范（一线）",
                tier: Tier::FrontLine,
                audience: &front_line,
                materials: FRONT_LINE_MATERIALS,
                bank: &bank,
                rules: ExamRules {
                    questions: bank.len(),
                    pass_mark: 60,
                    max_attempts: 3,
                    time_limit_minutes: Some(20),
                },
                due_at: Some(now + 14 * day),
                valid_months: 12,
            },
            compliance,
            now - 2 * day,
        )
        .await?;
    let bank = parse_questions(MANAGEMENT_QUESTIONS).map_err(|_| AppError::Internal)?;
    let management = Audience {
        roles: vec![Role::Supervisor, Role::DeptLead],
        departments: Vec::new(),
    };
    let course = store
        .save_course(
            None,
            &NewCourse {
                title: "合规管理要点（管理层）",
                tier: Tier::Management,
                audience: &management,
                materials: MANAGEMENT_MATERIALS,
                bank: &bank,
                rules: ExamRules {
                    questions: bank.len(),
                    pass_mark: 100,
                    max_attempts: 0,
                    time_limit_minutes: None,
                },
                due_at: Some(now - 3 * day),
                valid_months: 12,
            },
            compliance,
            now - 20 * day,
        )
        .await?;
    // The supervisor passed it, all answers right.
    let supervisor = id_of("supervisor").await?;
    let started = now - 5 * day;
    let attempt = store
        .start_attempt(course, supervisor, &[0, 1], started)
        .await?;
    store
        .submit_attempt(
            attempt,
            &[vec![0], vec![1]],
            (100, true, true),
            started + 600_000,
        )
        .await
}
