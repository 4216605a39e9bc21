//! Server functions of training. Everyone signed in lists the courses meant for them; those
//! who follow training (authors, supervisors, leads) see every course and its completion;
//! only compliance and administrators write courses. An exam is taken by its owner only:
//! the paper never carries the answers, the score is computed here on submission.
#![allow(clippy::too_many_arguments)]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::policies::api::ssr::{audience, author, offset};
    pub use crate::risk::api::ssr::{actor, now, store, text};
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(prefix = "/api", endpoint = "training", input = GetUrl)]
pub async fn list_courses() -> Result<CourseList, AppError> {
    let (actor, _) = actor().await?;
    let mut list = super::service::list(&store()?, &actor, now()).await?;
    list.utc_offset_secs = offset()?;
    Ok(list)
}

/// The courses the signed-in user still has to pass (my work's card).
#[server(prefix = "/api", endpoint = "training/todo", input = GetUrl)]
pub async fn training_todo() -> Result<Vec<CourseBrief>, AppError> {
    let (actor, _) = actor().await?;
    super::service::todo(&store()?, &actor, now()).await
}

#[server(prefix = "/api", endpoint = "training/course", input = GetUrl)]
pub async fn get_course(id: i64) -> Result<CourseDetail, AppError> {
    let (actor, _) = actor().await?;
    let mut d = super::service::detail(&store()?, &actor, id, now()).await?;
    d.utc_offset_secs = offset()?;
    Ok(d)
}

/// The course form (authors): a course's values (`id`), or a new course's defaults.
#[server(prefix = "/api", endpoint = "training/form", input = GetUrl)]
pub async fn get_course_form(
    #[server(default)] id: Option<i64>,
) -> Result<CourseFormData, AppError> {
    use crate::domain::training::{format_questions, ExamRules, Tier};
    author().await?;
    let store = store()?;
    let account = crate::auth::server::require_account().await?;
    let choices = crate::policies::api::form_for(&store, account.department_id).await?;
    let offset = offset()?;
    Ok(match id {
        Some(id) => {
            let c = store.course(id).await?.ok_or(AppError::NotFound)?;
            CourseFormData {
                id: Some(c.id),
                title: c.title,
                tier: c.tier,
                audience: c.audience,
                materials: c.materials,
                questions_text: format_questions(&c.bank),
                rules: c.rules,
                due_on: c
                    .due_at
                    .and_then(|d| chrono::DateTime::from_timestamp_millis(d - 1))
                    .and_then(|t| {
                        chrono::FixedOffset::east_opt(offset).map(|o| t.with_timezone(&o))
                    })
                    .map(|t| t.date_naive().to_string())
                    .unwrap_or_default(),
                valid_months: c.valid_months,
                choices,
            }
        }
        None => CourseFormData {
            id: None,
            title: String::new(),
            tier: Tier::FrontLine,
            audience: Default::default(),
            materials: String::new(),
            questions_text: String::new(),
            rules: ExamRules {
                questions: 10,
                pass_mark: 80,
                max_attempts: 3,
                time_limit_minutes: None,
            },
            due_on: String::new(),
            valid_months: 12,
            choices,
        },
    })
}

/// Writes a course (new when `id` is absent): its text, audience, question bank (in the
/// text form `domain::training::parse_questions` reads) and the exam's rules.
#[server(prefix = "/api", endpoint = "training/save")]
pub async fn save_course(
    #[server(default)] id: Option<i64>,
    #[server(default)] title: String,
    #[server(default)] tier: String,
    #[server(default)] roles: Option<BTreeMap<String, String>>,
    #[server(default)] departments: Option<BTreeMap<String, String>>,
    #[server(default)] materials: String,
    #[server(default)] questions_text: String,
    #[server(default)] questions_per_attempt: String,
    #[server(default)] pass_mark: String,
    #[server(default)] max_attempts: String,
    #[server(default)] time_limit_minutes: String,
    #[server(default)] due_on: String,
    #[server(default)] valid_months: String,
) -> Result<(), AppError> {
    use crate::domain::account::FieldProblem;
    use crate::domain::training::{check_rules, parse_questions, ExamRules, Tier};
    let actor = author().await?;
    let store = store()?;
    let title = text("title", &title, 2, 200)?;
    let tier =
        Tier::parse(&tier).ok_or_else(|| AppError::field("tier", FieldProblem::UnknownChoice))?;
    let materials = text("materials", &materials, 1, 100_000)?;
    let bank = parse_questions(&questions_text)
        .map_err(|_| AppError::field("questions_text", FieldProblem::BadFormat))?;
    let num = |field: &str, v: &str, default: Option<u32>| -> Result<Option<u32>, AppError> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(default);
        }
        v.parse()
            .map(Some)
            .map_err(|_| AppError::field(field, FieldProblem::BadNumber))
    };
    let rules = ExamRules {
        questions: num(
            "questions_per_attempt",
            &questions_per_attempt,
            Some(bank.len() as u32),
        )?
        .unwrap_or(0) as usize,
        pass_mark: num("pass_mark", &pass_mark, Some(80))?.unwrap_or(80),
        max_attempts: num("max_attempts", &max_attempts, Some(0))?.unwrap_or(0),
        time_limit_minutes: num("time_limit_minutes", &time_limit_minutes, None)?,
    };
    check_rules(&rules, bank.len()).map_err(|(f, p)| AppError::field(f, p))?;
    let valid_months = num("valid_months", &valid_months, Some(0))?.unwrap_or(0);
    if valid_months > 60 {
        return Err(AppError::field("valid_months", FieldProblem::BadNumber));
    }
    // Due at the end of the chosen day, in the desk's time zone.
    let due_at = match due_on.trim() {
        "" => None,
        d => {
            let day: chrono::NaiveDate = d
                .parse()
                .map_err(|_| AppError::field("due_on", FieldProblem::BadDate))?;
            let tz = crate::state::app_state()?.timezone;
            let (_, end) = crate::report::service::bounds(&tz, (day, day))?;
            Some(end)
        }
    };
    let course = crate::store::training::NewCourse {
        title: &title,
        tier,
        audience: &audience(roles, departments),
        materials: &materials,
        bank: &bank,
        rules,
        due_at,
        valid_months,
    };
    let id = store.save_course(id, &course, actor.id, now()).await?;
    tracing::info!(actor = actor.id, course = id, "course saved");
    leptos_axum::redirect(&format!("/training/{id}"));
    Ok(())
}

/// Starts (or resumes) the signed-in user's exam of course `id`, and opens it.
#[server(prefix = "/api", endpoint = "training/start")]
pub async fn start_exam(id: i64) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let attempt = super::service::start(&store()?, &actor, id, now()).await?;
    leptos_axum::redirect(&format!("/training/exams/{attempt}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "training/exam", input = GetUrl)]
pub async fn get_exam(id: i64) -> Result<ExamPaper, AppError> {
    let (actor, _) = actor().await?;
    let (mut paper, ..) = super::service::paper(&store()?, &actor, id).await?;
    paper.utc_offset_secs = offset()?;
    Ok(paper)
}

/// Submits the answers: `answers[q<i>]` = the option chosen for a single-choice or
/// true/false question, `answers[q<i>_<j>]` present for each option chosen for a
/// multiple-choice one.
#[server(prefix = "/api", endpoint = "training/submit")]
pub async fn submit_exam(
    id: i64,
    #[server(default)] answers: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    let (actor, _) = actor().await?;
    let store = store()?;
    let (paper, ..) = super::service::paper(&store, &actor, id).await?;
    let answers = answers.unwrap_or_default();
    let chosen: Vec<Vec<usize>> = (0..paper.questions.len())
        .map(|i| {
            let mut picked: Vec<usize> = answers
                .get(&format!("q{i}"))
                .and_then(|v| v.parse().ok())
                .into_iter()
                .collect();
            let prefix = format!("q{i}_");
            picked.extend(
                answers
                    .keys()
                    .filter_map(|k| k.strip_prefix(&prefix)?.parse::<usize>().ok()),
            );
            picked
        })
        .collect();
    let (score, passed) = super::service::submit(&store, &actor, id, chosen, now()).await?;
    tracing::info!(
        actor = actor.id,
        attempt = id,
        score,
        passed,
        "exam submitted"
    );
    leptos_axum::redirect(&format!("/training/exams/{id}"));
    Ok(())
}
