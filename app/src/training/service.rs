//! The server's side of training: who a course is for and where each person stands, the
//! course page (completion and pass rates for those who follow training), drawing an
//! exam, scoring it. The answers never leave this module before an attempt is submitted.
use super::{AttemptBrief, CourseBrief, CourseDetail, CourseList, ExamPaper, PassRate};
use crate::domain::roles::Role;
use crate::domain::training::{
    attempts_counted_from, draw, in_time, may_attempt, pages, score, standing, Standing,
};
use crate::domain::workflow::Actor;
use crate::error::AppError;
use crate::policies::service::{coverage_of, People};
use crate::store::training::{AttemptRow, CourseRow};
use crate::store::Store;
use std::collections::BTreeMap;

/// Who writes courses: compliance and administrators.
pub fn may_author(actor: &Actor) -> bool {
    crate::domain::policy::can_author(actor)
}

/// Who sees completion: authors and supervisors (everyone), department leads (their
/// departments' people).
fn follows(actor: &Actor) -> bool {
    may_author(actor)
        || actor.roles.contains(&Role::Supervisor)
        || actor.roles.contains(&Role::DeptLead)
}

fn sees_everyone(actor: &Actor) -> bool {
    may_author(actor) || actor.roles.contains(&Role::Supervisor)
}

fn brief(c: &CourseRow, standing: Option<Standing>) -> CourseBrief {
    CourseBrief {
        id: c.id,
        code: c.code.clone(),
        title: c.title.clone(),
        tier: c.tier,
        due_at: c.due_at,
        valid_months: c.valid_months,
        standing,
    }
}

/// The signed-in user's standing in a course (None: not in its audience).
async fn my_standing(
    store: &Store,
    people: &People,
    c: &CourseRow,
    user: i64,
    now: i64,
) -> Result<Option<Standing>, AppError> {
    if !people.audience(&c.audience).contains(&user) {
        return Ok(None);
    }
    let last = store.last_passes(c.id).await?.get(&user).copied();
    Ok(Some(standing(last, c.valid_months, c.due_at, now)))
}

/// Every course a person may open: theirs, and all of them for those who follow training.
pub async fn list(store: &Store, actor: &Actor, now: i64) -> Result<CourseList, AppError> {
    let people = People::load(store).await?;
    let mut courses = Vec::new();
    for c in store.courses().await? {
        let s = my_standing(store, &people, &c, actor.id, now).await?;
        if s.is_some() || follows(actor) {
            courses.push(brief(&c, s));
        }
    }
    Ok(CourseList {
        courses,
        may_author: may_author(actor),
        utc_offset_secs: 0,
    })
}

/// The courses the user still has to pass, for my work.
pub async fn todo(store: &Store, actor: &Actor, now: i64) -> Result<Vec<CourseBrief>, AppError> {
    Ok(list(store, actor, now)
        .await?
        .courses
        .into_iter()
        .filter(|c| matches!(c.standing, Some(Standing::Due | Standing::Overdue)))
        .collect())
}

/// A course the actor may open: in its audience or following training (404 otherwise).
async fn visible(
    store: &Store,
    people: &People,
    actor: &Actor,
    id: i64,
) -> Result<CourseRow, AppError> {
    let c = store.course(id).await?.ok_or(AppError::NotFound)?;
    if follows(actor) || people.audience(&c.audience).contains(&actor.id) {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

fn attempt_brief(a: &AttemptRow) -> AttemptBrief {
    AttemptBrief {
        id: a.id,
        started_at: a.started_at,
        submitted_at: a.submitted_at,
        score: a.score,
        passed: a.passed,
    }
}

/// The attempt still open (not submitted, time not run out), if any.
fn open_attempt<'a>(c: &CourseRow, attempts: &'a [AttemptRow], now: i64) -> Option<&'a AttemptRow> {
    attempts
        .iter()
        .find(|a| a.submitted_at.is_none() && in_time(&c.rules, a.started_at, now))
}

/// Attempts that count against the limit: those started since the last pass lapsed.
fn counted(c: &CourseRow, attempts: &[AttemptRow], last_pass: Option<i64>) -> u32 {
    let from = attempts_counted_from(last_pass, c.valid_months);
    attempts.iter().filter(|a| a.started_at >= from).count() as u32
}

pub async fn detail(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: i64,
) -> Result<CourseDetail, AppError> {
    let people = People::load(store).await?;
    let c = visible(store, &people, actor, id).await?;
    let passes = store.last_passes(c.id).await?;
    let audience = people.audience(&c.audience);
    let mine = audience.contains(&actor.id);
    let last = passes.get(&actor.id).copied();
    let s = mine.then(|| standing(last, c.valid_months, c.due_at, now));
    let attempts = store.attempts_of(c.id, actor.id).await?;
    let open = open_attempt(&c, &attempts, now).map(|a| a.id);
    let may = mine
        && s != Some(Standing::Done)
        && (open.is_some() || may_attempt(&c.rules, counted(&c, &attempts, last)));
    let (coverage, pass_rates) = if follows(actor) {
        let scope: Vec<i64> = if sees_everyone(actor) {
            audience.clone()
        } else {
            let in_scope: Vec<i64> = people
                .members
                .iter()
                .filter(|m| actor.departments.contains(&m.department_id))
                .map(|m| m.id)
                .collect();
            audience
                .iter()
                .copied()
                .filter(|u| in_scope.contains(u))
                .collect()
        };
        let done = |u: i64| {
            passes.get(&u).is_some_and(|p| {
                standing(Some(*p), c.valid_months, c.due_at, now) == Standing::Done
            })
        };
        let coverage = coverage_of(&people, &scope, done);
        let mut rates: BTreeMap<String, PassRate> = BTreeMap::new();
        for (user, submitted, passed) in store.attempt_counts(c.id).await? {
            if !scope.contains(&user) {
                continue;
            }
            let dept = people
                .names
                .get(&user)
                .map(|n| n.1.clone())
                .unwrap_or_default();
            let r = rates.entry(dept.clone()).or_insert(PassRate {
                department: dept,
                submitted: 0,
                passed: 0,
            });
            r.submitted += submitted;
            r.passed += passed;
        }
        (Some(coverage), rates.into_values().collect())
    } else {
        (None, Vec::new())
    };
    Ok(CourseDetail {
        brief: brief(&c, s),
        pages: pages(&c.materials)
            .iter()
            .map(|p| crate::domain::policy::render_markdown(p))
            .collect(),
        rules: c.rules,
        bank_size: c.bank.len(),
        attempts: attempts.iter().map(attempt_brief).collect(),
        may_attempt: may,
        open_attempt: open,
        coverage,
        pass_rates,
        may_author: may_author(actor),
        utc_offset_secs: 0,
    })
}

/// Starts an attempt (or gives back the one still open): its id. 403 for someone the
/// course is not for; 409 when they have passed, or used up their attempts.
pub async fn start(store: &Store, actor: &Actor, id: i64, now: i64) -> Result<i64, AppError> {
    use rand::Rng;
    let people = People::load(store).await?;
    let c = visible(store, &people, actor, id).await?;
    if !people.audience(&c.audience).contains(&actor.id) {
        return Err(AppError::Forbidden);
    }
    let attempts = store.attempts_of(c.id, actor.id).await?;
    if let Some(a) = open_attempt(&c, &attempts, now) {
        return Ok(a.id);
    }
    let last = store.last_passes(c.id).await?.get(&actor.id).copied();
    if standing(last, c.valid_months, c.due_at, now) == Standing::Done
        || !may_attempt(&c.rules, counted(&c, &attempts, last))
    {
        return Err(AppError::Conflict);
    }
    let drawn = {
        let mut rng = rand::rng();
        draw(c.bank.len(), c.rules.questions, |below| {
            rng.random_range(0..below)
        })
    };
    store.start_attempt(c.id, actor.id, &drawn, now).await
}

/// The attempt's owner sees its questions (never their answers); 404 for anyone else.
pub async fn paper(
    store: &Store,
    actor: &Actor,
    attempt: i64,
) -> Result<(ExamPaper, AttemptRow, CourseRow), AppError> {
    let a = store.attempt(attempt).await?.ok_or(AppError::NotFound)?;
    if a.user_id != actor.id {
        return Err(AppError::NotFound);
    }
    let c = store.course(a.course_id).await?.ok_or(AppError::NotFound)?;
    let questions = a
        .questions
        .iter()
        .map(|i| c.bank.get(*i).map(|q| q.shown()).ok_or(AppError::Internal))
        .collect::<Result<_, _>>()?;
    let paper = ExamPaper {
        attempt: attempt_brief(&a),
        course_id: c.id,
        title: c.title.clone(),
        pass_mark: c.rules.pass_mark,
        questions,
        deadline: c
            .rules
            .time_limit_minutes
            .map(|m| a.started_at + i64::from(m) * 60_000),
        utc_offset_secs: 0,
    };
    Ok((paper, a, c))
}

/// Scores the owner's answers (`chosen[i]`: the options picked for the i-th question). Late
/// answers are recorded and fail. 409 once submitted.
pub async fn submit(
    store: &Store,
    actor: &Actor,
    attempt: i64,
    chosen: Vec<Vec<usize>>,
    now: i64,
) -> Result<(u32, bool), AppError> {
    let (_, a, c) = paper(store, actor, attempt).await?;
    if a.submitted_at.is_some() {
        return Err(AppError::Conflict);
    }
    let asked = a
        .questions
        .iter()
        .map(|i| c.bank.get(*i).ok_or(AppError::Internal))
        .collect::<Result<Vec<_>, _>>()?;
    let on_time = in_time(&c.rules, a.started_at, now);
    let (pct, passed) = score(&asked, &chosen, c.rules.pass_mark);
    let passed = passed && on_time;
    store
        .submit_attempt(attempt, &chosen, (pct, passed, on_time), now)
        .await?;
    Ok((pct, passed))
}

/// The report's training section for `[from, to)`, for the people `keep` (by department)
/// says are in the report's scope.
pub async fn report_figures(
    store: &Store,
    from: i64,
    to: i64,
    keep: impl Fn(i64) -> bool,
) -> Result<crate::domain::training::TrainingFigures, AppError> {
    use crate::domain::training::{with_rates, TrainingFigures};
    let courses = store.courses().await?;
    if courses.is_empty() {
        return Ok(Default::default());
    }
    let people = People::load(store).await?;
    let department = people.departments();
    let in_scope = |u: &i64| department.get(u).is_some_and(|d| keep(*d));
    let mut f = TrainingFigures::default();
    for (user, passed) in store.exams_between(from, to).await? {
        if in_scope(&user) {
            f.exams += 1;
            f.exams_passed += i64::from(passed);
        }
    }
    for c in courses {
        let passes = store.passes_before(c.id, to).await?;
        for u in people.audience(&c.audience).iter().filter(|u| in_scope(u)) {
            f.due += 1;
            let last = passes.get(u).copied();
            f.completed += i64::from(standing(last, c.valid_months, None, to) == Standing::Done);
        }
    }
    Ok(with_rates(f))
}
