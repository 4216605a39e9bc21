//! The demo desk's risk list: fourteen risks across the four types, the forbidden conducts
//! of art. 18 among them, owned by the demo staff, in each status of the lifecycle; three
//! check plans with a few ledger rows behind them, one of which found a problem now being
//! rectified, and one check overdue; two emergency plans, a past major event run through
//! one of them, and a general event awaiting its department's filing.
use crate::domain::risk::{parse_controls, Conduct, Rating, RiskStatus, RiskType, Treatment};
use crate::domain::risk_check::Schedule;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::risk::RiskFacts;
use crate::store::Store;

/// (code, title, type, conduct, department, owner login, controls, inherent, residual,
/// treatment, status reached)
type DemoRisk = (
    &'static str,
    &'static str,
    RiskType,
    Conduct,
    &'static str,
    &'static str,
    &'static str,
    (i64, i64),
    (i64, i64),
    Treatment,
    RiskStatus,
);

const RISKS: &[DemoRisk] = &[
    ("R-PRIV-01", "来电人个人信息泄露", RiskType::InfoSecurity, Conduct::PrivacyLeak, "centre", "supervisor",
     "号码、证件号脱敏显示 | 系统 | 实时\n查看明文须说明并留痕 | 受理员 | 每次\n明文查看记录抽查 | 合规专员 | 每周", (4, 5), (2, 5), Treatment::Mitigate, RiskStatus::Treated),
    ("R-ABUSE-01", "利用工单权限谋取私利", RiskType::Compliance, Conduct::AbuseOfRights, "centre", "head",
     "岗位合规承诺书 | 全体员工 | 每年\n工单操作全程留痕 | 系统 | 实时", (2, 5), (1, 5), Treatment::Mitigate, RiskStatus::Treated),
    ("R-STALL-01", "工单拖延办理", RiskType::ServiceQuality, Conduct::Stalling, "chengguan", "lead",
     "时限预警与超时上报 | 系统 | 实时\n超期工单周通报 | 督办 | 每周", (4, 4), (3, 3), Treatment::Mitigate, RiskStatus::Assessed),
    ("R-SHIRK-01", "部门间推诿退单", RiskType::Operational, Conduct::Stalling, "chengguan-zhifa", "lead",
     "退单须写明理由并经派单科审核 | 派单科 | 每次\n重复退单工单督办 | 督办 | 每周", (3, 4), (2, 4), Treatment::Mitigate, RiskStatus::Treated),
    ("R-FORGE-01", "伪造处理或回访记录", RiskType::Compliance, Conduct::ForgedRecords, "centre", "supervisor",
     "工单轨迹哈希链核验 | 管理员 | 每日\n回访录音抽查 | 质检组 | 每周", (2, 5), (1, 4), Treatment::Mitigate, RiskStatus::Treated),
    ("R-BENEFIT-01", "办理中收受不正当利益", RiskType::Compliance, Conduct::ImproperBenefits, "shichang", "market",
     "廉洁从业承诺 | 处理人员 | 每年\n举报线索核查 | 合规专员 | 每次", (2, 4), (1, 4), Treatment::Mitigate, RiskStatus::Assessed),
    ("R-INTAKE-01", "受理信息记录不全或失真", RiskType::Operational, Conduct::None, "centre", "agent",
     "标准问询话术 | 受理员 | 每次\n工单质检 | 质检组 | 每周", (4, 3), (2, 3), Treatment::Mitigate, RiskStatus::Treated),
    ("R-DISPATCH-01", "派单错误导致办理超期", RiskType::Operational, Conduct::None, "dispatch", "supervisor",
     "派单目录季度校核 | 派单科 | 每季度", (3, 3), (2, 3), Treatment::Mitigate, RiskStatus::Assessed),
    ("R-CALLBACK-01", "回访不及时或不回访", RiskType::ServiceQuality, Conduct::None, "centre", "agent",
     "回访时限提醒 | 系统 | 实时", (3, 3), (2, 2), Treatment::Mitigate, RiskStatus::Closed),
    ("R-SURGE-01", "集中诉求激增应对不足", RiskType::ServiceQuality, Conduct::None, "centre", "head",
     "热点诉求日报 | 督办 | 每日", (3, 4), (3, 3), Treatment::Accept, RiskStatus::Treated),
    ("R-SYS-01", "系统故障导致受理中断", RiskType::InfoSecurity, Conduct::None, "centre", "head",
     "数据库每日备份 | 运维 | 每日\n故障应急演练 | 运维 | 每半年", (2, 5), (2, 4), Treatment::Transfer, RiskStatus::Treated),
    ("R-ACCESS-01", "账号共用与越权访问", RiskType::InfoSecurity, Conduct::AbuseOfRights, "centre", "head",
     "一人一号、定期改密 | 管理员 | 每季度\n权限复核 | 管理员 | 每半年", (3, 4), (1, 4), Treatment::Mitigate, RiskStatus::Assessed),
    ("R-WAGE-01", "欠薪投诉处置不当引发群体事件", RiskType::ServiceQuality, Conduct::None, "renshe", "head",
     "欠薪工单优先派单 | 派单科 | 每次", (3, 5), (3, 4), Treatment::Mitigate, RiskStatus::Identified),
    ("R-FOOD-01", "食品安全举报核查不及时", RiskType::Operational, Conduct::Stalling, "shichang", "market",
     "", (4, 4), (4, 4), Treatment::Mitigate, RiskStatus::Identified),
];

/// The path from identified to each demo risk's status.
fn path_to(status: RiskStatus) -> &'static [RiskStatus] {
    use RiskStatus::*;
    match status {
        Identified => &[],
        Assessed => &[Assessed],
        Treated => &[Assessed, Treated],
        Closed => &[Assessed, Treated, Closed],
        Reopened => &[Assessed, Treated, Closed, Reopened],
    }
}

pub async fn seed_demo_risks(store: &Store) -> Result<(), AppError> {
    let id_of = |login: &'static str| crate::seed::demo_id(store, login);
    let compliance = id_of("compliance").await?;
    let supervisor = id_of("supervisor").await?;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    // Recorded four months ago and assessed since, so reports of past days count them too.
    let ms = now.timestamp_millis() - 120 * 86_400_000;
    let mut ids = std::collections::HashMap::new();
    for (code, title, risk_type, conduct, dept, owner, controls, inh, res, treatment, status) in
        RISKS
    {
        let department_id = store
            .department_by_code(dept)
            .await?
            .ok_or(AppError::Internal)?
            .id;
        let accept = *treatment == Treatment::Accept;
        let facts = RiskFacts {
            code: (*code).into(),
            title: (*title).into(),
            risk_type: *risk_type,
            description: String::new(),
            conduct: *conduct,
            department_id,
            owner_id: id_of(owner).await?,
            controls: parse_controls(controls).map_err(|_| AppError::Internal)?,
            inherent: Rating::new(inh.0, inh.1).map_err(|_| AppError::Internal)?,
            residual: Rating::new(res.0, res.1).map_err(|_| AppError::Internal)?,
            residual_justification: String::new(),
            treatment: *treatment,
            accept_approver_id: accept.then_some(supervisor),
            accept_until: accept.then(|| today + chrono::Days::new(180)),
        };
        let id = store.record_risk(&facts, compliance, ms, today).await?;
        ids.insert(*code, id);
        for to in path_to(*status) {
            let reason = if *to == RiskStatus::Closed {
                "回访时限提醒上线后连续两个季度无超期回访"
            } else {
                ""
            };
            store
                .move_risk(id, *to, reason, compliance, ms, today)
                .await?;
        }
    }
    seed_checks(store, &ids, compliance).await?;
    seed_events(store, &ids, compliance).await
}

/// (title, for events such as, steps: what, role, minutes from activation)
type DemoEmergencyPlan = (
    &'static str,
    &'static str,
    &'static [(&'static str, Role, i64)],
);

const EMERGENCY_PLANS: [DemoEmergencyPlan; 2] = [
    (
        "个人信息泄露应急预案",
        "来电人电话、证件号等个人信息被泄露、批量外传或被越权查询",
        &[
            ("封存涉事账号，保全明文查看记录", Role::Compliance, 30),
            ("通报领导小组，确定处置负责人", Role::Supervisor, 60),
            ("核实泄露范围，逐一告知受影响来电人", Role::DeptLead, 240),
            ("按规定向主管部门报告", Role::Supervisor, 1440),
            ("整改复盘，修订查看明文的管控措施", Role::Compliance, 4320),
        ],
    ),
    (
        "受理系统中断应急预案",
        "受理系统或话务平台中断、大面积话务积压",
        &[
            ("启用纸质登记表和备用号码", Role::Agent, 15),
            ("通报领导小组和各承办部门", Role::Supervisor, 30),
            ("联系运维抢修，每 30 分钟通报进展", Role::Supervisor, 60),
            ("恢复后补录工单并核对编号连续", Role::Agent, 240),
        ],
    ),
];

/// The plan library, one past major event on the privacy risk run through its plan to the
/// final report, and one general event its department has still to file.
async fn seed_events(
    store: &Store,
    ids: &std::collections::HashMap<&str, i64>,
    compliance: i64,
) -> Result<(), AppError> {
    use crate::domain::emergency::{filing_deadline, EventGrade, PlanStep, ReportKind};
    use crate::store::emergency::{NewRiskEvent, PlanInput};
    const MINUTE: i64 = 60_000;
    let admin = store
        .account_id_by_login("admin")
        .await?
        .ok_or(AppError::Internal)?;
    let supervisor = store
        .account_id_by_login("supervisor")
        .await?
        .ok_or(AppError::Internal)?;
    let now = chrono::Utc::now();
    let ms = now.timestamp_millis();
    let mut plans = Vec::new();
    for (title, scope, steps) in EMERGENCY_PLANS {
        let steps: Vec<PlanStep> = steps
            .iter()
            .map(|(what, role, minutes)| PlanStep {
                what: (*what).into(),
                role: *role,
                minutes: *minutes,
            })
            .collect();
        let id = store
            .save_emergency_plan(
                None,
                &PlanInput {
                    title,
                    scope,
                    steps: &steps,
                    retired: false,
                },
                admin,
                ms - 200 * 1440 * MINUTE,
            )
            .await?;
        plans.push(store.emergency_plan(id).await?.ok_or(AppError::Internal)?);
    }
    let centre = store
        .department_by_code("centre")
        .await?
        .ok_or(AppError::Internal)?
        .id;
    // Forty-five days ago: a handler's account passed callers' numbers on; closed in 3 days.
    let at = ms - 45 * 1440 * MINUTE;
    let plan = &plans[0];
    let event = NewRiskEvent {
        risk_id: ids["R-PRIV-01"],
        warning_id: None,
        grade: EventGrade::Major,
        title: "外包坐席账号向第三方提供来电人电话",
        description: "来电人投诉接到推销电话，对方能说出其反映的问题；核查发现一外包坐席账号当日 37 次查看明文号码，与其受理工单不符。",
        department_id: centre,
        deadline: None,
        plan: Some(plan),
    };
    let id = store.record_risk_event(&event, compliance, &[], at).await?;
    let report = |kind, text: &'static str, after: i64| async move {
        store
            .report_risk_event(id, kind, text, compliance, at + after * MINUTE)
            .await
    };
    // In time order: each step 5 minutes inside its limit, the reports between them.
    for (n, s) in plan.steps.iter().enumerate() {
        let who = if s.role == Role::Compliance {
            compliance
        } else {
            supervisor
        };
        store
            .check_event_step(
                id,
                n as i64 + 1,
                "按时完成",
                who,
                at + (s.minutes - 5) * MINUTE,
            )
            .await?;
        if n == 0 {
            report(
                ReportKind::Initial,
                "已封存涉事账号，保全 3 月以来的明文查看记录；初步涉及来电人 37 名。",
                40,
            )
            .await?;
        }
        if n == 2 {
            report(
                ReportKind::Progress,
                "泄露范围确认为 37 名来电人，已逐一电话告知并致歉；涉事人员已停岗。",
                20 * 60,
            )
            .await?;
        }
    }
    report(
        ReportKind::Final,
        "涉事外包人员解除合同并移送处理；查看明文改为须填写事由、每日抽查；相关来电人无进一步投诉。",
        3 * 1440,
    )
    .await?;
    // Two days ago: repeated returns between the enforcement squads, to be filed.
    let calendar = store.desk_settings().await?.calendar;
    let shirk = store
        .risk(ids["R-SHIRK-01"])
        .await?
        .ok_or(AppError::Internal)?;
    let recorded = now.date_naive() - chrono::Days::new(2);
    let event = NewRiskEvent {
        risk_id: shirk.id,
        warning_id: None,
        grade: EventGrade::General,
        title: "占道经营工单在两个执法中队间三次退单",
        description: "同一占道经营诉求在两个中队间往返退单三次，来电人再次来电投诉。",
        department_id: shirk.facts.department_id,
        deadline: Some(filing_deadline(recorded, &calendar)),
        plan: None,
    };
    store
        .record_risk_event(&event, compliance, &[], ms - 2 * 1440 * MINUTE)
        .await?;
    Ok(())
}

/// (risk, checker, schedule, first due days ago, checks recorded: (days ago, problem found?))
type DemoPlan = (
    &'static str,
    &'static str,
    Schedule,
    u64,
    &'static [(i64, bool)],
);

/// Three plans, planned in the past and checked since.
const PLANS: [DemoPlan; 3] = [
    (
        "R-SHIRK-01",
        "lead",
        Schedule::Monthly,
        62,
        &[(58, false), (27, true)],
    ),
    (
        "R-PRIV-01",
        "supervisor",
        Schedule::Quarterly,
        100,
        &[(96, false)],
    ),
    ("R-FOOD-01", "market", Schedule::Weekly, 0, &[]),
];

async fn seed_checks(
    store: &Store,
    ids: &std::collections::HashMap<&str, i64>,
    compliance: i64,
) -> Result<(), AppError> {
    use crate::domain::risk_check::CheckResult;
    use crate::store::risk_checks::CheckRecord;
    const DAY: i64 = 86_400_000;
    let calendar = store.desk_settings().await?.calendar;
    let now = chrono::Utc::now();
    let ms = now.timestamp_millis();
    for (code, checker, schedule, first_ago, checks) in PLANS {
        let checker = store
            .account_id_by_login(checker)
            .await?
            .ok_or(AppError::Internal)?;
        let first = now.date_naive() - chrono::Days::new(first_ago);
        let plan = store
            .plan_risk_check(
                ids[code],
                schedule,
                checker,
                first,
                &calendar,
                compliance,
                ms - (first_ago as i64 + 3) * DAY,
            )
            .await?;
        for (ago, problem) in checks {
            let rectify_by = now.date_naive() + chrono::Days::new(10);
            let record = if *problem {
                CheckRecord {
                    method: "抽查当月退单工单 20 件",
                    result: CheckResult::ProblemFound,
                    findings: "3 件退单未说明理由，1 件退回后 2 日内未重新派单",
                    evidence: "退单工单清单（台账附件）",
                    rectify: Some((rectify_by, "退单须写明理由并附现场照片，科长当日复核")),
                }
            } else {
                CheckRecord {
                    method: "抽查工单与系统日志核对",
                    result: CheckResult::NoProblem,
                    findings: "",
                    evidence: "核对记录表",
                    rectify: None,
                }
            };
            store
                .record_risk_check(plan, &record, &calendar, checker, ms - ago * DAY)
                .await?;
        }
    }
    Ok(())
}
