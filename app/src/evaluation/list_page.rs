//! 有效性评估 (`/evaluations`): the evaluations with their overall scores and a form to open
//! one (supervisors, compliance); the reader's own improvement tasks with a form to mark each
//! done; every open task for those who read all evaluations. Plain forms, before hydration too.
use super::api::{list_evaluations, EvaluationTaskDone, OpenEvaluation};
use super::{Evaluation, EvaluationList, EvaluationTask};
use crate::assessment::marks;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Screen /> } /> }
}

#[component]
fn Screen() -> impl IntoView {
    let i18n = use_i18n();
    let open = ServerAction::<OpenEvaluation>::new();
    let done = ServerAction::<EvaluationTaskDone>::new();
    let list = crate::ui::data::page_data(move || done.version().get(), |_| list_evaluations());
    view! {
        <div class="evaluation-page">
            <h1>{t!(i18n, evaluation.title)}</h1>
            <p class="muted">{t!(i18n, evaluation.intro)}</p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <Lists l open done /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Lists(
    l: EvaluationList,
    open: ServerAction<OpenEvaluation>,
    done: ServerAction<EvaluationTaskDone>,
) -> impl IntoView {
    let i18n = use_i18n();
    let evaluations = l.evaluations.clone();
    view! {
        {(!l.my_tasks.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{t!(i18n, evaluation.my_tasks)}</h2>
                <TaskList tasks=l.my_tasks.clone() done=Some(done) testid="my-tasks" />
            </section>
        })}
        {l.may_evaluate.then(|| view! { <OpenForm l=l.clone() open /> })}
        {(!evaluations.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{t!(i18n, evaluation.list)}</h2>
                <ul class="plain evaluation-list" data-testid="evaluations">
                    {evaluations.into_iter().map(|e| view! { <Item e /> }).collect_view()}
                </ul>
            </section>
        })}
        {(!l.open_tasks.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{t!(i18n, evaluation.open_tasks)}</h2>
                <TaskList tasks=l.open_tasks.clone() done=None testid="open-tasks" />
            </section>
        })}
        {(l.my_tasks.is_empty() && l.evaluations.is_empty() && !l.may_evaluate).then(|| view! {
            <p class="muted">{t!(i18n, evaluation.nothing)}</p>
        })}
    }
}

#[component]
fn Item(e: Evaluation) -> impl IntoView {
    let i18n = use_i18n();
    let state = if e.finished {
        view! { <span class="chip ok">{t!(i18n, evaluation.finished)}</span> }.into_any()
    } else {
        view! { <span class="chip">{t!(i18n, evaluation.open)}</span> }.into_any()
    };
    view! {
        <li data-code=e.code.clone()>
            <a href=format!("/evaluations/{}", e.id)><strong>{e.code.clone()}</strong> " " {e.title.clone()}</a>
            " " {state}
            <br />
            <small class="muted">
                {e.first_day.clone()} " – " {e.last_day.clone()}
                {e.overall.map(|o| view! { " · " {t!(i18n, evaluation.overall)} " " <strong>{marks(o)}</strong> })}
            </small>
        </li>
    }
}

pub fn task_state_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    s: crate::domain::evaluation::TaskState,
) -> &'static str {
    use crate::domain::evaluation::TaskState;
    match s {
        TaskState::Open => t_string!(i18n, evaluation.task_open),
        TaskState::Overdue => t_string!(i18n, evaluation.task_overdue),
        TaskState::Done => t_string!(i18n, evaluation.task_done),
        TaskState::DoneLate => t_string!(i18n, evaluation.task_done_late),
    }
}

pub fn dimension_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    d: crate::domain::evaluation::Dimension,
) -> &'static str {
    use crate::domain::evaluation::Dimension;
    match d {
        Dimension::Policy => t_string!(i18n, evaluation.dim_policy),
        Dimension::Process => t_string!(i18n, evaluation.dim_process),
        Dimension::Risk => t_string!(i18n, evaluation.dim_risk),
        Dimension::Satisfaction => t_string!(i18n, evaluation.dim_satisfaction),
    }
}

/// Tasks with their state; `done`: each open one gets a form to mark it done (from the list,
/// the form comes back here).
#[component]
pub fn TaskList(
    tasks: Vec<EvaluationTask>,
    done: Option<ServerAction<EvaluationTaskDone>>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = done.map(error_of);
    view! {
        {e.map(|e| view! { <ErrorBanner error=e /> })}
        <ul class="plain task-list" data-testid=testid>
            {tasks.into_iter().map(|t| {
                let state = t.state;
                view! {
                    <li class=format!("task task-{}", state.code()) data-task=t.id>
                        <span class=format!("chip task-chip-{}", state.code())>{task_state_text(i18n, state)}</span>
                        " " <strong>{t.action.clone()}</strong>
                        <br />
                        <small class="muted">
                            <a href=format!("/evaluations/{}", t.evaluation_id)>{t.evaluation_code.clone()}</a>
                            " · " {dimension_text(i18n, t.dimension)}
                            " · " {t.owner.clone()}
                            " · " {t!(i18n, evaluation.due)} " " {t.due_day.clone()}
                        </small>
                        {(!t.done_note.is_empty()).then(|| view! { <p class="done-note">{t.done_note.clone()}</p> })}
                        {match (done, state.is_done()) {
                            (Some(action), false) => Some(view! {
                                <ActionForm action attr:class="form inline-form">
                                    <input type="hidden" name="task" value=t.id.to_string() />
                                    <input type="hidden" name="back" value=if testid == "my-tasks" { "list" } else { "" } />
                                    <label class="sr-only" for=format!("note-{}", t.id)>{t!(i18n, evaluation.done_note)}</label>
                                    <input id=format!("note-{}", t.id) name="note" required maxlength="1000" placeholder=move || t_string!(i18n, evaluation.done_note) data-testid="task-note" />
                                    <button type="submit" data-testid="task-done">{t!(i18n, evaluation.mark_done)}</button>
                                    {e.map(|e| view! { <FieldError error=e field="note" /> })}
                                </ActionForm>
                            }),
                            _ => None,
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn OpenForm(l: EvaluationList, open: ServerAction<OpenEvaluation>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(open);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=open attr:class="form card" attr:data-testid="open-evaluation">
            <h2>{t!(i18n, evaluation.new_evaluation)}</h2>
            <label for="ev-title">{t!(i18n, evaluation.name)}</label>
            <input id="ev-title" name="title" required maxlength="200" data-testid="ev-title" />
            <FieldError error=e field="title" />
            <div class="row">
                <label>
                    {t!(i18n, evaluation.first_day)}
                    <input type="date" name="first_day" value=l.default_first.clone() required data-testid="ev-first" />
                </label>
                <label>
                    {t!(i18n, evaluation.last_day)}
                    <input type="date" name="last_day" value=l.default_last.clone() required data-testid="ev-last" />
                </label>
            </div>
            <FieldError error=e field="first_day" />
            <FieldError error=e field="last_day" />
            <button type="submit" class="primary" data-testid="ev-open">{t!(i18n, evaluation.open_it)}</button>
        </ActionForm>
    }
}
