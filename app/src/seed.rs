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
        "lead",
        "赵刚",
        "chengguan",
        Role::DeptLead,
        Clearance::Confidential,
    ),
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

/// Seeds the demo desk once. `None` when the database already has users.
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
        store
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
        staff_logins.push((login.to_string(), *role));
    }
    Ok(Some(DemoCredentials {
        admin_login: "admin".into(),
        admin_password,
        staff_password,
        staff_logins,
    }))
}
