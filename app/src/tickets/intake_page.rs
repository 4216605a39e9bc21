//! Intake (受理): the caller's number first, their history and warnings, then the category
//! with its inquiry script, the facts, and registration (or a direct answer).
use super::api::{intake_categories, LinkCall, LookupCaller, RegisterTicket};
use super::labels::{ChannelLabel, PriorityLabel, TicketList};
use crate::domain::account::FieldProblem;
use crate::domain::intake::{
    answer_key, check_answer, check_caller_name, check_description, check_id_number, check_phone,
};
use crate::domain::roles::Clearance;
use crate::domain::script::QuestionKind;
use crate::domain::ticket::{Channel, Priority};
use crate::i18n::*;
use crate::reference::Category;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError, ProblemText};
use crate::ui::guard::RequireAccount;
use crate::ui::labels::ClearanceLabel;
use leptos::prelude::*;

#[component]
pub fn IntakePage() -> impl IntoView {
    view! { <RequireAccount render=|a| view! { <Intake clearance=a.clearance /> } /> }
}

#[component]
fn Intake(clearance: Clearance) -> impl IntoView {
    let i18n = use_i18n();
    let categories = crate::ui::data::page_data(|| (), |_| intake_categories());
    view! {
        <h1>{t!(i18n, intake.title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match categories.await {
                    Ok(list) => view! { <IntakeForm categories=list clearance /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A problem found in the browser as the agent types; the server checks again on submit.
fn live_check(
    value: RwSignal<String>,
    check: fn(&str) -> Result<String, FieldProblem>,
) -> impl Fn() -> Option<AnyView> {
    move || {
        let v = value.get();
        if v.is_empty() {
            return None;
        }
        check(&v).err().map(|problem| {
            view! { <span class="field-error live"><ProblemText problem /></span> }.into_any()
        })
    }
}

#[component]
fn IntakeForm(categories: Vec<Category>, clearance: Clearance) -> impl IntoView {
    let i18n = use_i18n();
    let register = ServerAction::<RegisterTicket>::new();
    let lookup = ServerAction::<LookupCaller>::new();
    let link = ServerAction::<LinkCall>::new();
    let error = error_of(register);
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let category_id = RwSignal::new(None::<i64>);
    let direct = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let cats = StoredValue::new(categories.clone());
    let selected = move || {
        category_id
            .get()
            .and_then(|id| cats.with_value(|c| c.iter().find(|x| x.id == id).cloned()))
    };
    let run_lookup = move || {
        if check_phone(&phone.get_untracked()).is_ok() {
            lookup.dispatch(LookupCaller {
                phone: phone.get_untracked(),
                category_id: category_id.get_untracked(),
            });
        }
    };
    let tops: Vec<Category> = categories
        .iter()
        .filter(|c| c.is_top_level())
        .cloned()
        .collect();
    view! {
        <ErrorBanner error />
        <ActionForm action=register attr:class="intake" attr:data-testid="intake-form">
            <section class="card">
                <h2>{t!(i18n, intake.caller)}</h2>
                <div class="grid2">
                    <div>
                        <label for="caller_phone">{t!(i18n, ticket.caller_phone)}</label>
                        <div class="with-button">
                            <input id="caller_phone" name="caller_phone" type="tel" inputmode="tel" autocomplete="off" required maxlength="20"
                                bind:value=phone on:blur=move |_| run_lookup() />
                            <button type="button" on:click=move |_| run_lookup() data-testid="lookup">{t!(i18n, intake.lookup)}</button>
                        </div>
                        {live_check(phone, check_phone)}
                        <FieldError error field="caller_phone" />
                    </div>
                    <div>
                        <label for="caller_name">{t!(i18n, ticket.caller_name)}</label>
                        <input id="caller_name" name="caller_name" required maxlength="40" bind:value=name />
                        {live_check(name, check_caller_name)}
                        <FieldError error field="caller_name" />
                    </div>
                </div>
                <CallerHistory lookup link />
            </section>
            <section class="card">
                <h2>{t!(i18n, intake.demand)}</h2>
                <div class="grid2">
                    <div>
                        <label for="category_id">{t!(i18n, ticket.category)}</label>
                        <select id="category_id" name="category_id" required
                            on:change=move |ev| { category_id.set(event_target_value(&ev).parse().ok()); }>
                            <option value="">{t!(i18n, common.choose)}</option>
                            {tops.into_iter().map(|top| {
                                let children: Vec<Category> = categories.iter().filter(|c| c.parent_id == Some(top.id)).cloned().collect();
                                view! {
                                    <optgroup label=top.name.clone()>
                                        {children.into_iter().map(|c| view! { <option value=c.id.to_string() data-code=c.code.clone()>{c.name.clone()}</option> }).collect_view()}
                                    </optgroup>
                                }
                            }).collect_view()}
                        </select>
                        <FieldError error field="category_id" />
                    </div>
                    <div>
                        <label for="channel">{t!(i18n, ticket.channel_label)}</label>
                        <select id="channel" name="channel">
                            {Channel::ALL.iter().map(|c| view! { <option value=c.code()><ChannelLabel channel=*c /></option> }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="priority">{t!(i18n, ticket.priority_label)}</label>
                        <select id="priority" name="priority">
                            {Priority::ALL.iter().map(|p| view! { <option value=p.code() selected=*p == Priority::Normal><PriorityLabel priority=*p /></option> }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="confidentiality">{t!(i18n, ticket.confidentiality)}</label>
                        <select id="confidentiality" name="confidentiality">
                            {Clearance::ALL.into_iter().filter(|c| clearance.permits(*c)).map(|c| view! {
                                <option value=c.code() selected=c == Clearance::Internal><ClearanceLabel clearance=c /></option>
                            }).collect_view()}
                        </select>
                        <FieldError error field="confidentiality" />
                    </div>
                </div>
                // Every category's script is in the page: before hydration (or without
                // JavaScript) all are shown and the chosen category's answers count; after
                // hydration only the chosen one is shown.
                {categories.iter().filter(|c| !c.script.is_empty()).cloned().map(|c| {
                    let id = c.id;
                    let shown = Signal::derive(move || !hydrated.get() || category_id.get() == Some(id));
                    let live = Signal::derive(move || hydrated.get() && category_id.get() == Some(id));
                    view! { <Script category=c error shown live /> }
                }).collect_view()}
                <label for="description">{t!(i18n, ticket.description)}</label>
                <p class="muted">{t!(i18n, intake.description_hint)}</p>
                <textarea id="description" name="description" rows="5" required maxlength="2000" bind:value=description></textarea>
                {live_check(description, check_description)}
                <FieldError error field="description" />
                <div class="grid2">
                    <div>
                        <label for="caller_id_number">{t!(i18n, ticket.caller_id_number)} " " <span class="muted">{t!(i18n, common.optional)}</span></label>
                        <input id="caller_id_number" name="caller_id_number" maxlength="18" autocomplete="off" bind:value=id_number />
                        {live_check(id_number, check_id_number)}
                        <FieldError error field="caller_id_number" />
                    </div>
                    <div>
                        <label for="address">{t!(i18n, ticket.address)} " " <span class="muted">{t!(i18n, common.optional)}</span></label>
                        <input id="address" name="address" maxlength="200" />
                        <FieldError error field="address" />
                    </div>
                </div>
                {move || selected().filter(|c| c.direct_answer).map(|_| view! {
                    <fieldset class="direct">
                        <label class="check"><input type="checkbox" name="direct" value="on" bind:checked=direct data-testid="direct" /> {t!(i18n, intake.direct)}</label>
                        {move || direct.get().then(|| view! {
                            <label for="direct_answer">{t!(i18n, intake.direct_answer)}</label>
                            <textarea id="direct_answer" name="direct_answer" rows="3" maxlength="1000" required></textarea>
                            <FieldError error field="direct_answer" />
                        })}
                    </fieldset>
                })}
            </section>
            <button type="submit" class="primary" data-testid="register">{t!(i18n, intake.register)}</button>
        </ActionForm>
    }
}

/// The category's inquiry script: its questions, in order, with the same checks as the server.
#[component]
fn Script(
    category: Category,
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
    /// Whether the questions are on screen.
    shown: Signal<bool>,
    /// Whether they are the chosen category's (only then required in the browser).
    live: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let category_id = category.id;
    view! {
        <fieldset class="script" data-testid="script" data-category=category.code.clone() hidden=move || !shown.get()>
            <legend>{t!(i18n, intake.script)} " · " {category.name.clone()}</legend>
            {category.script.into_iter().enumerate().map(|(i, q)| {
                let key = answer_key(category_id, i);
                let required = move || q.required && live.get();
                let id = format!("answer_{key}");
                let name = format!("answers[{key}]");
                let field = format!("answers.{key}");
                let server_problem = move || {
                    error.get().filter(|e| e.field_name() == Some(field.as_str())).map(|e| view! {
                        <span class="field-error" role="alert"><crate::ui::errors::ErrorText error=e /></span>
                    })
                };
                let value = RwSignal::new(String::new());
                let q2 = q.clone();
                let live_problem = move || {
                    let v = value.get();
                    if v.is_empty() { return None; }
                    check_answer(&q2, &v).err().map(|problem| view! { <span class="field-error live"><ProblemText problem /></span> })
                };
                let input = match q.kind {
                    QuestionKind::Choice => view! {
                        <select id=id.clone() name=name required=required on:change=move |ev| value.set(event_target_value(&ev))>
                            <option value="">{t!(i18n, common.choose)}</option>
                            {q.choices.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                        </select>
                    }.into_any(),
                    QuestionKind::Date => view! { <input id=id.clone() type="date" name=name required=required bind:value=value /> }.into_any(),
                    QuestionKind::Number => view! { <input id=id.clone() type="number" step="any" name=name required=required bind:value=value /> }.into_any(),
                    QuestionKind::Text => view! { <input id=id.clone() name=name required=required maxlength="500" bind:value=value /> }.into_any(),
                };
                view! {
                    <div class="question">
                        <label for=id>{q.prompt.clone()} {q.required.then(|| view! { <span class="req">" *"</span> })}</label>
                        {input}
                        {live_problem}
                        {server_problem}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The caller's earlier tickets (masked), a repeat-caller warning, and likely duplicates with
/// the offer to add this call to that ticket instead of opening a new one.
#[component]
fn CallerHistory(
    lookup: ServerAction<LookupCaller>,
    link: ServerAction<LinkCall>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        lookup.value().get().map(|result| match result {
            Err(error) => view! { <ErrorBox error /> }.into_any(),
            Ok(found) => {
                let recent = found.recent_count;
                view! {
                    <div class="caller-history" data-testid="caller-history">
                        {found.repeat_caller.then(|| view! {
                            <p class="alert warn" role="status" data-testid="repeat-warning">{t!(i18n, intake.repeat_caller, n = move || recent)}</p>
                        })}
                        {found.duplicates.iter().map(|d| {
                            let id = d.id.to_string();
                            let number = d.number.clone();
                            view! {
                                <div class="alert warn" data-testid="duplicate-warning">
                                    <p>{t!(i18n, intake.duplicate, number = move || number.clone())}</p>
                                    <ActionForm action=link attr:class="inline">
                                        <input type="hidden" name="id" value=id />
                                        <input name="note" maxlength="1000" placeholder=move || t_string!(i18n, intake.link_note) />
                                        <button type="submit">{t!(i18n, intake.link)}</button>
                                    </ActionForm>
                                </div>
                            }
                        }).collect_view()}
                        <h3>{t!(i18n, intake.history)}</h3>
                        <TicketList tickets=found.tickets.clone() now=found.now offset=found.utc_offset_secs />
                    </div>
                }.into_any()
            }
        })
    }
}
