//! One effectiveness evaluation (`/evaluations/:id`): per dimension, the evidence (each
//! figure of the period against the one before, and which way it went), the evaluators'
//! score and findings, and the improvement tasks; the forms to score, set a task and finish
//! while it is open. Plain forms, before hydration too.
use super::api::{
    get_evaluation, EvaluationTaskDone, FinishEvaluation, ScoreEvaluation, SetEvaluationTask,
};
use super::list_page::{dimension_text, TaskList};
use super::EvaluationView;
use crate::assessment::marks;
use crate::domain::evaluation::{Dimension, EvidenceItem, Measure, Trend};
use crate::i18n::*;
use crate::report::percent;
use crate::tickets::local_time;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn EvaluationPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Screen /> } /> }
}

#[derive(Clone, Copy)]
struct Actions {
    score: ServerAction<ScoreEvaluation>,
    task: ServerAction<SetEvaluationTask>,
    done: ServerAction<EvaluationTaskDone>,
    finish: ServerAction<FinishEvaluation>,
}

#[component]
fn Screen() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::ui::data::route_id();
    let a = Actions {
        score: ServerAction::new(),
        task: ServerAction::new(),
        done: ServerAction::new(),
        finish: ServerAction::new(),
    };
    let version = move || {
        a.score.version().get()
            + a.task.version().get()
            + a.done.version().get()
            + a.finish.version().get()
    };
    let view = crate::ui::data::page_data(move || (id(), version()), |(id, _)| get_evaluation(id));
    view! {
        <div class="evaluation-page">
            <p class="no-print"><a href="/evaluations">{t!(i18n, evaluation.back)}</a></p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(v) => view! { <Detail v a /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

pub fn measure_text(i18n: leptos_i18n::I18nContext<Locale>, m: Measure) -> &'static str {
    match m {
        Measure::VersionsPublished => t_string!(i18n, evaluation.m.versions_published),
        Measure::SendBackRate => t_string!(i18n, evaluation.m.send_back_rate),
        Measure::AcknowledgementRate => t_string!(i18n, evaluation.m.acknowledgement_rate),
        Measure::LetterRate => t_string!(i18n, evaluation.m.letter_rate),
        Measure::ExamPassRate => t_string!(i18n, evaluation.m.exam_pass_rate),
        Measure::OnTimeRate => t_string!(i18n, evaluation.m.on_time_rate),
        Measure::OverdueShare => t_string!(i18n, evaluation.m.overdue_share),
        Measure::ReturnRate => t_string!(i18n, evaluation.m.return_rate),
        Measure::ExtensionRate => t_string!(i18n, evaluation.m.extension_rate),
        Measure::Escalations => t_string!(i18n, evaluation.m.escalations),
        Measure::HighRisksOpen => t_string!(i18n, evaluation.m.high_risks_open),
        Measure::ChecksOverdue => t_string!(i18n, evaluation.m.checks_overdue),
        Measure::RectificationsOverdue => t_string!(i18n, evaluation.m.rectifications_overdue),
        Measure::WarningsConfirmed => t_string!(i18n, evaluation.m.warnings_confirmed),
        Measure::RiskEvents => t_string!(i18n, evaluation.m.risk_events),
        Measure::SatisfactionRate => t_string!(i18n, evaluation.m.satisfaction_rate),
        Measure::Unsatisfied => t_string!(i18n, evaluation.m.unsatisfied),
        Measure::RedoRate => t_string!(i18n, evaluation.m.redo_rate),
    }
}

/// A figure as shown: a rate in percent, a count as it is.
pub fn figure_text(m: Measure, x: Option<f64>) -> String {
    if m.is_rate() {
        percent(x)
    } else {
        x.map(|n| format!("{n:.0}")).unwrap_or_else(|| "—".into())
    }
}

/// The evidence of one dimension as a table (the annual report shows it too).
#[component]
pub fn EvidenceTable(items: Vec<EvidenceItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="kpi-table evidence" data-testid="evidence">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, evaluation.figure)}</th>
                        <th scope="col">{t!(i18n, evaluation.now)}</th>
                        <th scope="col">{t!(i18n, evaluation.before)}</th>
                        <th scope="col">{t!(i18n, evaluation.trend)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|x| {
                        let (class, mark) = match x.trend() {
                            Trend::Better => ("up-good", "▲"),
                            Trend::Worse => ("down-bad", "▼"),
                            Trend::Same => ("", "="),
                            Trend::None => ("muted", "—"),
                        };
                        let title = match x.trend() {
                            Trend::Better => t_string!(i18n, evaluation.better),
                            Trend::Worse => t_string!(i18n, evaluation.worse),
                            _ => "",
                        };
                        view! {
                            <tr data-measure=x.measure.code()>
                                <th scope="row">{measure_text(i18n, x.measure)}</th>
                                <td data-testid="evidence-now">{figure_text(x.measure, x.now)}</td>
                                <td>{figure_text(x.measure, x.before)}</td>
                                <td class=class title=title>{mark}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Detail(v: EvaluationView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let e = v.evaluation.clone();
    let open = !e.finished && v.may_evaluate;
    let offset = v.utc_offset_secs;
    let state = match (&e.finished_by, e.finished_at) {
        (Some(by), Some(at)) => {
            let (by, at) = (by.clone(), local_time(at, offset));
            view! { <p class="alert ok" data-testid="ev-finished">{t!(i18n, evaluation.finished_by, by = move || by.clone(), at = move || at.clone())}</p> }.into_any()
        }
        _ => view! { <p class="alert info" data-testid="ev-open-state">{t!(i18n, evaluation.open_help)}</p> }.into_any(),
    };
    let dims = Dimension::ALL.into_iter().map(|d| {
        let evidence: Vec<_> = v.evidence.iter().filter(|x| x.dimension == d).cloned().collect();
        let scored = e.scores.iter().find(|s| s.dimension == d).cloned();
        let tasks: Vec<_> = v.tasks.iter().filter(|t| t.dimension == d).cloned().collect();
        let people = v.people.clone();
        let today = v.today.clone();
        let id = e.id;
        let may = v.may_evaluate;
        view! {
            <section class="panel dimension" data-dimension=d.code()>
                <h2>
                    {dimension_text(i18n, d)}
                    {scored.as_ref().map(|s| view! { " " <span class="score-chip" data-testid="dim-score">{s.score}</span> })}
                </h2>
                <EvidenceTable items=evidence />
                {scored.as_ref().map(|s| view! { <p class="findings" data-testid="dim-findings">{s.findings.clone()}</p> })}
                {open.then(|| view! { <ScoreForm id d scored=scored.clone() a /> })}
                {(!tasks.is_empty()).then(|| view! {
                    <h3>{t!(i18n, evaluation.tasks)}</h3>
                    <TaskList tasks=tasks.clone() done=Some(a.done) testid="dim-tasks" />
                })}
                {may.then(|| view! { <TaskForm id d people=people.clone() today=today.clone() a /> })}
            </section>
        }
    }).collect_view();
    let may_finish = open && e.overall.is_some();
    view! {
        <h1><span class="muted">{e.code.clone()}</span> " " {e.title.clone()}</h1>
        <p class="muted">
            {t!(i18n, evaluation.period)} " " {e.first_day.clone()} " – " {e.last_day.clone()}
            " · " {t!(i18n, evaluation.compared)} " " {v.before_first.clone()} " – " {v.before_last.clone()}
        </p>
        {state}
        {e.overall.map(|o| view! {
            <p class="overall">{t!(i18n, evaluation.overall)} " " <strong data-testid="ev-overall">{marks(o)}</strong></p>
        })}
        {dims}
        {may_finish.then(|| view! { <FinishForm id=e.id a /> })}
    }
}

#[component]
fn ScoreForm(
    id: i64,
    d: Dimension,
    scored: Option<crate::domain::evaluation::DimensionScore>,
    a: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.score);
    let (score, findings) = scored
        .map(|s| (s.score.to_string(), s.findings))
        .unwrap_or_default();
    let fid = format!("findings-{}", d.code());
    let sid = format!("score-{}", d.code());
    view! {
        <ErrorBanner error=e />
        <ActionForm action=a.score attr:class="form card no-print" attr:data-testid="score-form">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="dimension" value=d.code() />
            <label for=sid.clone()>{t!(i18n, evaluation.score)}</label>
            <input id=sid name="score" type="number" min="0" max="100" step="1" inputmode="numeric" value=score required data-testid="score" />
            <FieldError error=e field="score" />
            <label for=fid.clone()>{t!(i18n, evaluation.findings)}</label>
            <textarea id=fid name="findings" rows="3" maxlength="4000" required data-testid="findings">{findings}</textarea>
            <FieldError error=e field="findings" />
            <button type="submit" class="primary" data-testid="score-submit">{t!(i18n, evaluation.save_score)}</button>
        </ActionForm>
    }
}

#[component]
fn TaskForm(
    id: i64,
    d: Dimension,
    people: Vec<(i64, String)>,
    today: String,
    a: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.task);
    let aid = format!("action-{}", d.code());
    view! {
        <details class="no-print">
            <summary>{t!(i18n, evaluation.add_task)}</summary>
            <ActionForm action=a.task attr:class="form card" attr:data-testid="task-form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="dimension" value=d.code() />
                <label for=aid.clone()>{t!(i18n, evaluation.action)}</label>
                <textarea id=aid name="action" rows="2" maxlength="1000" required data-testid="task-action"></textarea>
                <FieldError error=e field="action" />
                <div class="row">
                    <label>
                        {t!(i18n, evaluation.owner)}
                        <select name="owner" required data-testid="task-owner">
                            <option value="">"—"</option>
                            {people.into_iter().map(|(pid, name)| view! { <option value=pid.to_string()>{name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {t!(i18n, evaluation.due)}
                        <input type="date" name="due_day" min=today required data-testid="task-due" />
                    </label>
                </div>
                <FieldError error=e field="owner" />
                <FieldError error=e field="due_day" />
                <button type="submit" data-testid="task-submit">{t!(i18n, evaluation.add_task)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn FinishForm(id: i64, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(a.finish);
    view! {
        <ErrorBanner error=e />
        <ActionForm action=a.finish attr:class="form card no-print" attr:data-testid="finish-form">
            <p class="muted">{t!(i18n, evaluation.finish_help)}</p>
            <input type="hidden" name="id" value=id.to_string() />
            <button type="submit" class="primary" data-testid="ev-finish">{t!(i18n, evaluation.finish)}</button>
        </ActionForm>
    }
}
