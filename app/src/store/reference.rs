//! Reference data: categories with their catalogue entries, settings, calendar, skills.
use super::{now_ms, Store};
use crate::domain::calendar::{DayKind, WorkingCalendar};
use crate::domain::dispatch::parse_skills;
use crate::error::AppError;
use crate::reference::{Category, DepartmentRules, DeskSettings, Handler, SpecialDay};
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    code: String,
    name: String,
    parent_id: Option<i64>,
    department_id: Option<i64>,
    department_name: Option<String>,
    required_skill: String,
    direct_answer: i64,
    hours_urgent: i64,
    hours_high: i64,
    hours_normal: i64,
    hours_low: i64,
    script: String,
    replies: String,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category {
            id: r.id,
            code: r.code,
            name: r.name,
            parent_id: r.parent_id,
            department_id: r.department_id,
            department_name: r.department_name,
            required_skill: r.required_skill,
            direct_answer: r.direct_answer != 0,
            hours: [r.hours_urgent, r.hours_high, r.hours_normal, r.hours_low],
            script: serde_json::from_str(&r.script).unwrap_or_default(),
            replies: serde_json::from_str(&r.replies).unwrap_or_default(),
        }
    }
}

const CATEGORY_SELECT: &str = "SELECT c.id, c.code, c.name, c.parent_id, c.department_id, \
     d.name AS department_name, c.required_skill, c.direct_answer, c.hours_urgent, c.hours_high, \
     c.hours_normal, c.hours_low, c.script, c.replies \
     FROM categories c LEFT JOIN departments d ON d.id = c.department_id";

/// What an admin may change on a category.
pub struct CategoryRules<'a> {
    pub department_id: Option<i64>,
    pub required_skill: &'a str,
    pub direct_answer: bool,
    pub hours: [i64; 4],
    pub script_json: String,
    pub replies_json: String,
}

impl Store {
    /// Active categories, top levels first in their sort order, each followed by its children.
    pub async fn list_categories(&self) -> Result<Vec<Category>, AppError> {
        let rows: Vec<CategoryRow> = sqlx::query_as(&format!(
            "{CATEGORY_SELECT} WHERE c.active = 1 ORDER BY c.sort, c.id"
        ))
        .fetch_all(self.pool())
        .await?;
        let all: Vec<Category> = rows.into_iter().map(Into::into).collect();
        let mut out = Vec::with_capacity(all.len());
        for top in all.iter().filter(|c| c.parent_id.is_none()) {
            out.push(top.clone());
            out.extend(all.iter().filter(|c| c.parent_id == Some(top.id)).cloned());
        }
        Ok(out)
    }

    pub async fn category(&self, id: i64) -> Result<Option<Category>, AppError> {
        let row: Option<CategoryRow> = sqlx::query_as(&format!(
            "{CATEGORY_SELECT} WHERE c.id = $1 AND c.active = 1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }

    pub async fn category_id_by_code(&self, code: &str) -> Result<Option<i64>, AppError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM categories WHERE code = $1")
                .bind(code)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn update_category_rules(
        &self,
        id: i64,
        rules: &CategoryRules<'_>,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        update_category_rules_in(&mut tx, id, rules).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn desk_settings(&self) -> Result<DeskSettings, AppError> {
        let (start, end, weekend, sign, archive): (i64, i64, String, i64, i64) = sqlx::query_as(
            "SELECT day_start_minute, day_end_minute, weekend, sign_for_hours, archive_after_days \
             FROM desk_settings WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        let days: Vec<(String, String)> = sqlx::query_as("SELECT day, kind FROM calendar_days")
            .fetch_all(self.pool())
            .await?;
        let special_days: BTreeMap<_, _> = days
            .into_iter()
            .filter_map(|(d, k)| Some((d.parse().ok()?, DayKind::parse(&k)?)))
            .collect();
        Ok(DeskSettings {
            calendar: WorkingCalendar {
                day_start_minute: start as u32,
                day_end_minute: end as u32,
                weekend: weekend
                    .split(',')
                    .filter_map(|d| d.trim().parse().ok())
                    .collect(),
                special_days,
            },
            sign_for_hours: sign,
            archive_after_days: archive,
        })
    }

    pub async fn save_desk_settings(&self, s: &DeskSettings) -> Result<(), AppError> {
        let weekend: Vec<String> = s.calendar.weekend.iter().map(u32::to_string).collect();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE desk_settings SET day_start_minute = $1, day_end_minute = $2, weekend = $3, \
             sign_for_hours = $4, archive_after_days = $5, updated_at = $6 WHERE id = 1",
        )
        .bind(i64::from(s.calendar.day_start_minute))
        .bind(i64::from(s.calendar.day_end_minute))
        .bind(weekend.join(","))
        .bind(s.sign_for_hours)
        .bind(s.archive_after_days)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        super::report::forget_all_days(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn special_days(&self) -> Result<Vec<SpecialDay>, AppError> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT day, kind, name FROM calendar_days ORDER BY day")
                .fetch_all(self.pool())
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(d, k, name)| {
                Some(SpecialDay {
                    day: d.parse().ok()?,
                    kind: DayKind::parse(&k)?,
                    name,
                })
            })
            .collect())
    }

    /// Adds or replaces the entry for that day.
    pub async fn put_special_day(&self, d: &SpecialDay) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        )
        .bind(d.day.to_string())
        .bind(d.kind.code())
        .bind(&d.name)
        .execute(&mut *tx)
        .await?;
        super::report::forget_all_days(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_special_day(&self, day: chrono::NaiveDate) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM calendar_days WHERE day = $1")
            .bind(day.to_string())
            .execute(&mut *tx)
            .await?;
        super::report::forget_all_days(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn department_rules(&self) -> Result<Vec<DepartmentRules>, AppError> {
        let departments = self.list_departments().await?;
        let rows: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT id, assign_to_people, skills FROM departments")
                .fetch_all(self.pool())
                .await?;
        let by_id: BTreeMap<i64, (i64, String)> =
            rows.into_iter().map(|(id, a, s)| (id, (a, s))).collect();
        Ok(crate::domain::org::tree_order(&departments)
            .into_iter()
            .map(|(d, depth)| {
                let (assign, skills) = by_id.get(&d.id).cloned().unwrap_or_default();
                DepartmentRules {
                    id: d.id,
                    code: d.code,
                    name: d.name,
                    depth,
                    assign_to_people: assign != 0,
                    skills: parse_skills(&skills),
                }
            })
            .collect())
    }

    pub async fn set_department_rules(
        &self,
        id: i64,
        assign_to_people: bool,
        skills: &[String],
    ) -> Result<(), AppError> {
        let n =
            sqlx::query("UPDATE departments SET assign_to_people = $1, skills = $2 WHERE id = $3")
                .bind(i64::from(assign_to_people))
                .bind(skills.join(","))
                .bind(id)
                .execute(self.pool())
                .await?
                .rows_affected();
        super::users::found(n)
    }

    /// Active handlers, by department then name.
    pub async fn handlers(&self) -> Result<Vec<Handler>, AppError> {
        let rows: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.display_name, u.department_id, u.skills, u.on_duty FROM users u \
             JOIN user_roles r ON r.user_id = u.id AND r.role = 'handler' \
             WHERE u.active = 1 ORDER BY u.department_id, u.display_name",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, department_id, skills, on_duty)| Handler {
                id,
                name,
                department_id,
                skills: parse_skills(&skills),
                on_duty: on_duty != 0,
            })
            .collect())
    }

    pub async fn set_user_skills(
        &self,
        id: i64,
        skills: &[String],
        on_duty: bool,
    ) -> Result<(), AppError> {
        let n = sqlx::query(
            "UPDATE users SET skills = $1, on_duty = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(skills.join(","))
        .bind(i64::from(on_duty))
        .bind(now_ms())
        .bind(id)
        .execute(self.pool())
        .await?
        .rows_affected();
        super::users::found(n)
    }
}

/// Saves a category's dispatch rules in the caller's transaction (404: no such category).
pub async fn update_category_rules_in(
    tx: &mut super::Tx,
    id: i64,
    rules: &CategoryRules<'_>,
) -> Result<(), AppError> {
    let n = sqlx::query(
        "UPDATE categories SET department_id = $1, required_skill = $2, direct_answer = $3, \
         hours_urgent = $4, hours_high = $5, hours_normal = $6, hours_low = $7, script = $8, \
         replies = $9 WHERE id = $10",
    )
    .bind(rules.department_id)
    .bind(rules.required_skill)
    .bind(i64::from(rules.direct_answer))
    .bind(rules.hours[0])
    .bind(rules.hours[1])
    .bind(rules.hours[2])
    .bind(rules.hours[3])
    .bind(&rules.script_json)
    .bind(&rules.replies_json)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    super::users::found(n)
}
