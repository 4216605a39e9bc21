//! Demo data for a new desk: a department tree, one user per role, the category tree.
//! Runs once: a database that already has users is left alone.
use crate::auth::server::hash_password;
use crate::domain::roles::{Clearance, Role};
use crate::error::AppError;
use crate::store::users::NewAccount;
use crate::store::Store;

pub struct DemoCredentials {
    pub admin_login: String,
    pub admin_password: String,
    /// The password shared by the other demo users (one per role).
    pub staff_password: String,
    pub staff_logins: Vec<(String, Role)>,
}

/// A random password of 16 letters and digits (both kinds guaranteed).
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    loop {
        let p: String = (0..16)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        if p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_alphabetic()) {
            return p;
        }
    }
}

const DEPARTMENTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("centre", "12345 市民服务热线中心", "centre", None),
    ("dispatch", "派单科", "section", Some("centre")),
    ("chengguan", "城市管理局", "department", Some("centre")),
    (
        "chengguan-zhifa",
        "城管执法大队",
        "section",
        Some("chengguan"),
    ),
    ("zhujian", "住房和城乡建设局", "department", Some("centre")),
    ("jiaotong", "交通运输局", "department", Some("centre")),
    ("shichang", "市场监督管理局", "department", Some("centre")),
    (
        "renshe",
        "人力资源和社会保障局",
        "department",
        Some("centre"),
    ),
];

const CATEGORIES: &[(&str, &str, Option<&str>)] = &[
    ("enquiry", "咨询", None),
    ("help", "求助", None),
    ("complaint", "投诉", None),
    ("report", "举报", None),
    ("suggestion", "建议", None),
    ("praise", "表扬", None),
    ("enquiry/policy", "政策咨询", Some("enquiry")),
    ("enquiry/social-security", "社保咨询", Some("enquiry")),
    ("help/water-power", "水电气求助", Some("help")),
    ("complaint/noise", "噪音扰民", Some("complaint")),
    ("complaint/sanitation", "环境卫生", Some("complaint")),
    ("complaint/traffic", "交通出行", Some("complaint")),
    ("complaint/market", "市场秩序", Some("complaint")),
    ("complaint/housing", "住房物业", Some("complaint")),
    ("complaint/wages", "拖欠工资", Some("complaint")),
    ("report/illegal-building", "违法建设", Some("report")),
    ("report/food-safety", "食品安全", Some("report")),
    (
        "suggestion/public-service",
        "公共服务建议",
        Some("suggestion"),
    ),
    ("praise/staff", "表扬工作人员", Some("praise")),
];

/// Dispatch catalogue of the demo: (category, department, required skill, direct answer,
/// inquiry script, reply templates). Script and replies use the admin page's text form.
/// (category, department, required skill, direct answer, script, replies)
type CatalogueEntry = (
    &'static str,
    Option<&'static str>,
    &'static str,
    bool,
    &'static str,
    &'static str,
);

const CATALOGUE: &[CatalogueEntry] = &[
    (
        "enquiry/policy",
        None,
        "",
        true,
        "*text: 咨询的政策名称\ntext: 来电人身份（个人/企业）",
        "政策答复\n您好，您咨询的政策可登录市政府门户网站“政策文件”栏目查询，如需进一步了解可致电相关部门。",
    ),
    ("enquiry/social-security", Some("renshe"), "", true, "*choice: 咨询事项 | 参保 / 缴费 / 待遇 / 转移", ""),
    ("help/water-power", Some("zhujian"), "", false, "*choice: 类型 | 停水 / 停电 / 燃气\n*text: 影响范围", ""),
    (
        "complaint/noise",
        Some("chengguan-zhifa"),
        "noise",
        false,
        "*choice: 噪音类型 | 施工 / 商业 / 生活 / 交通\n*text: 噪音发生时段\ndate: 开始日期",
        "已受理\n您好，您反映的噪音问题已转交城管执法部门处理，我们将跟踪办理进度。\n\n已办结\n您好，执法人员已到现场核查并责令整改，感谢您的监督。",
    ),
    ("complaint/sanitation", Some("chengguan"), "", false, "*text: 具体位置", ""),
    ("complaint/traffic", Some("jiaotong"), "", false, "", ""),
    ("complaint/market", Some("shichang"), "", false, "text: 商户名称", ""),
    ("complaint/housing", Some("zhujian"), "", false, "text: 小区名称", ""),
    ("complaint/wages", Some("renshe"), "", false, "*text: 用人单位名称\nnumber: 拖欠金额（元）", ""),
    ("report/illegal-building", Some("chengguan-zhifa"), "building", false, "*text: 违建位置", ""),
    ("report/food-safety", Some("shichang"), "", false, "*text: 商户名称", ""),
];

/// (login, name, department code, role, clearance)
const STAFF: &[(&str, &str, &str, Role, Clearance)] = &[
    ("agent", "王芳", "centre", Role::Agent, Clearance::Internal),
    (
        "handler",
        "李四",
        "chengguan-zhifa",
        Role::Handler,
        Clearance::Internal,
    ),
    (
        "handler2",
        "王强",
        "chengguan-zhifa",
        Role::Handler,
        Clearance::Internal,
    ),
    (
        "market",
        "刘洋",
        "shichang",
        Role::Handler,
        Clearance::Internal,
    ),
    (
        "lead",
        "赵刚",
        "chengguan",
        Role::DeptLead,
        Clearance::Confidential,
    ),
    ("head", "孙立", "centre", Role::DeptLead, Clearance::Secret),
    (
        "supervisor",
        "陈敏",
        "centre",
        Role::Supervisor,
        Clearance::Secret,
    ),
    (
        "compliance",
        "周婷",
        "centre",
        Role::Compliance,
        Clearance::Secret,
    ),
];

/// A demo account's id, by its login (the seeds of each feature name their people so).
pub(crate) async fn demo_id(store: &Store, login: &str) -> Result<i64, AppError> {
    store
        .account_id_by_login(login)
        .await?
        .ok_or(AppError::Internal)
}

/// Seeds the demo desk once. `None` when the database already has users.
/// A seeded category's rules: its department, skill, direct answer, intake script and
/// reply templates (as written in the catalogue), the standard hours by priority.
pub(crate) fn catalogue_rules<'a>(
    department_id: Option<i64>,
    skill: &'a str,
    direct_answer: bool,
    script: &str,
    replies: &str,
) -> Result<crate::store::reference::CategoryRules<'a>, AppError> {
    let script = crate::domain::script::parse_script(script).map_err(|_| AppError::Internal)?;
    let replies = crate::domain::script::parse_replies(replies);
    Ok(crate::store::reference::CategoryRules {
        department_id,
        required_skill: skill,
        direct_answer,
        hours: [4, 16, 40, 80],
        script_json: serde_json::to_string(&script).unwrap_or_default(),
        replies_json: serde_json::to_string(&replies).unwrap_or_default(),
    })
}

pub async fn seed_demo(store: &Store) -> Result<Option<DemoCredentials>, AppError> {
    if store.count_accounts().await? > 0 {
        return Ok(None);
    }
    let mut ids = std::collections::HashMap::new();
    for (code, name, kind, parent) in DEPARTMENTS {
        let id = match store.department_by_code(code).await? {
            Some(d) => d.id,
            None => {
                let parent_id = parent.and_then(|p| ids.get(p).copied());
                store.insert_department(code, name, kind, parent_id).await?
            }
        };
        ids.insert(*code, id);
    }
    if store.count_categories().await? == 0 {
        let mut cat_ids = std::collections::HashMap::new();
        for (sort, (code, name, parent)) in CATEGORIES.iter().enumerate() {
            let parent_id = parent.and_then(|p| cat_ids.get(p).copied());
            let id = store
                .insert_category(code, name, parent_id, sort as i64)
                .await?;
            cat_ids.insert(*code, id);
        }
        for (code, dept, skill, direct, script, replies) in CATALOGUE {
            let rules = catalogue_rules(dept.map(|d| ids[d]), skill, *direct, script, replies)?;
            store.update_category_rules(cat_ids[code], &rules).await?;
        }
        store
            .set_department_rules(
                ids["chengguan-zhifa"],
                true,
                &["noise".into(), "building".into()],
            )
            .await?;
    }
    let admin_password = generate_password();
    let staff_password = generate_password();
    let admin_hash = hash_password(admin_password.clone()).await?;
    store
        .insert_account(&NewAccount {
            login: "admin",
            display_name: "系统管理员",
            password_hash: &admin_hash,
            department_id: ids["centre"],
            clearance: Clearance::Secret,
            roles: &[Role::Admin],
            must_change_password: false,
        })
        .await?;
    let staff_hash = hash_password(staff_password.clone()).await?;
    let mut staff_logins = Vec::new();
    for (login, name, dept, role, clearance) in STAFF {
        let id = store
            .insert_account(&NewAccount {
                login,
                display_name: name,
                password_hash: &staff_hash,
                department_id: ids[dept],
                clearance: *clearance,
                roles: &[*role],
                must_change_password: false,
            })
            .await?;
        if *role == Role::Handler {
            let skills: Vec<String> = match *login {
                "handler" => vec!["noise".into()],
                "handler2" => vec!["noise".into(), "building".into()],
                _ => vec![],
            };
            store.set_user_skills(id, &skills, true).await?;
        }
        staff_logins.push((login.to_string(), *role));
    }
    crate::seed_risks::seed_demo_risks(store).await?;
    crate::seed_policies::seed_demo_policies(store).await?;
    crate::seed_reviews::seed_demo_reviews(store).await?;
    crate::seed_training::seed_demo_training(store).await?;
    crate::seed_violations::seed_demo_violations(store).await?;
    crate::seed_evaluations::seed_demo_evaluation(store).await?;
    // The league table ranks the bureaus and the enforcement brigade apart.
    let mut scheme = crate::domain::score::ScoreScheme::default();
    scheme.groups[0].name = "委办局".into();
    scheme.groups[0].red_size = 2;
    scheme.black_size = 2;
    scheme.groups.push(crate::domain::score::Group {
        name: "执法队伍".into(),
        full_marks: 100.0,
        red_size: 1,
    });
    scheme.members.insert(ids["chengguan-zhifa"], 1);
    store.save_score_scheme(&scheme, 0).await?;
    Ok(Some(DemoCredentials {
        admin_login: "admin".into(),
        admin_password,
        staff_password,
        staff_logins,
    }))
}
