//! The actions a user may take on a ticket, each a small form that also works without
//! JavaScript. Only the actions the server's rules allow are offered.
use super::api::*;
use super::labels::{FieldLabel, OutcomeLabel};
use super::{local_time, TicketDetail};
use crate::domain::roles::Clearance;
use crate::domain::ticket::{CallbackOutcome, CorrectableField};
use crate::domain::workflow::ActionKind;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, FieldError};
use crate::ui::labels::ClearanceLabel;
use leptos::prelude::*;

/// Every action of the ticket page, created once so the page can refetch after any of them.
#[derive(Clone, Copy)]
pub struct TicketActions {
    pub reveal: ServerAction<RevealPii>,
    pub assign: ServerAction<AssignTicket>,
    pub sign_for: ServerAction<SignFor>,
    pub return_: ServerAction<ReturnTicket>,
    pub extension: ServerAction<RequestExtension>,
    pub decide_extension: ServerAction<DecideExtension>,
    pub urge: ServerAction<UrgeTicket>,
    pub supervise: ServerAction<SuperviseTicket>,
    pub note: ServerAction<AddNote>,
    pub resolve: ServerAction<ResolveTicket>,
    pub callback: ServerAction<RecordCallback>,
    pub archive: ServerAction<ArchiveTicket>,
    pub correction: ServerAction<RequestCorrection>,
    pub decide_correction: ServerAction<DecideCorrection>,
}

impl TicketActions {
    pub fn new() -> Self {
        TicketActions {
            reveal: ServerAction::new(),
            assign: ServerAction::new(),
            sign_for: ServerAction::new(),
            return_: ServerAction::new(),
            extension: ServerAction::new(),
            decide_extension: ServerAction::new(),
            urge: ServerAction::new(),
            supervise: ServerAction::new(),
            note: ServerAction::new(),
            resolve: ServerAction::new(),
            callback: ServerAction::new(),
            archive: ServerAction::new(),
            correction: ServerAction::new(),
            decide_correction: ServerAction::new(),
        }
    }

    /// Changes whenever any action completes.
    pub fn version(&self) -> usize {
        [
            self.reveal.version().get(),
            self.assign.version().get(),
            self.sign_for.version().get(),
            self.return_.version().get(),
            self.extension.version().get(),
            self.decide_extension.version().get(),
            self.urge.version().get(),
            self.supervise.version().get(),
            self.note.version().get(),
            self.resolve.version().get(),
            self.callback.version().get(),
            self.archive.version().get(),
            self.correction.version().get(),
            self.decide_correction.version().get(),
        ]
        .iter()
        .sum()
    }
}

#[component]
fn Reason(
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] id: String,
) -> impl IntoView {
    let id = if id.is_empty() { name.to_string() } else { id };
    view! {
        <label for=id.clone()>{label}</label>
        <textarea id=id name=name rows="3" maxlength="1000" required=required></textarea>
        <FieldError error field=name />
    }
}

/// Where to assign: each department (as a whole) and its on-duty handlers.
#[component]
pub fn TargetSelect(options: Vec<super::AssignOption>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name="target" required>
            <option value="">{t!(i18n, common.choose)}</option>
            {options.into_iter().map(|o| {
                let indent = "\u{3000}".repeat(o.depth.saturating_sub(1));
                view! {
                    <optgroup label=format!("{indent}{}", o.department)>
                        <option value=format!("d{}", o.department_id)>{o.department.clone()} " · " {t!(i18n, action.whole_department)}</option>
                        {o.handlers.into_iter().map(|(hid, name)| view! { <option value=format!("u{hid}")>{name}</option> }).collect_view()}
                    </optgroup>
                }
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn ActionPanel(ticket: TicketDetail, actions: TicketActions) -> impl IntoView {
    let i18n = use_i18n();
    let id = ticket.summary.id;
    let can = |a: ActionKind| ticket.actions.contains(&a);
    let offset = ticket.utc_offset_secs;
    let mut forms: Vec<AnyView> = Vec::new();

    if can(ActionKind::SignFor) {
        let e = error_of(actions.sign_for);
        forms.push(view! {
            <ActionForm action=actions.sign_for attr:class="inline">
                <input type="hidden" name="id" value=id.to_string() />
                <ErrorBanner error=e />
                <button type="submit" class="primary" data-testid="sign-for">{t!(i18n, action.sign_for)}</button>
            </ActionForm>
        }.into_any());
    }
    if can(ActionKind::Assign) || can(ActionKind::Reassign) {
        let e = error_of(actions.assign);
        let title = if can(ActionKind::Assign) {
            t_string!(i18n, action.assign)
        } else {
            t_string!(i18n, action.reassign)
        };
        let options = ticket.assign_options.clone();
        forms.push(view! {
            <details class="action" data-testid="assign-action">
                <summary>{title}</summary>
                <ActionForm action=actions.assign>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <label for="assign_target">{t!(i18n, action.target)}</label>
                    <TargetSelect options id="assign_target".to_string() />
                    <FieldError error=e field="target" />
                    <Reason error=e name="reason" id="assign_reason" label=t_string!(i18n, action.reason) required=true />
                    <button type="submit" class="primary">{t!(i18n, action.submit)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if can(ActionKind::AddNote) {
        let e = error_of(actions.note);
        let replies = ticket.replies.clone();
        forms.push(view! {
            <details class="action" data-testid="note-action">
                <summary>{t!(i18n, action.add_note)}</summary>
                <ActionForm action=actions.note>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <ReplyPicker replies target="note_text" />
                    <label for="note_text">{t!(i18n, action.step)}</label>
                    <textarea id="note_text" name="text" rows="3" maxlength="1000" required></textarea>
                    <FieldError error=e field="text" />
                    <label class="check"><input type="checkbox" name="caller_facing" value="on" /> {t!(i18n, action.caller_facing)}</label>
                    <button type="submit">{t!(i18n, action.submit)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if can(ActionKind::Resolve) {
        let e = error_of(actions.resolve);
        let replies = ticket.replies.clone();
        forms.push(view! {
            <details class="action" data-testid="resolve-action">
                <summary>{t!(i18n, action.resolve)}</summary>
                <ActionForm action=actions.resolve>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <ReplyPicker replies target="resolve_result" />
                    <label for="resolve_result">{t!(i18n, action.result)}</label>
                    <textarea id="resolve_result" name="result" rows="4" maxlength="1000" required></textarea>
                    <FieldError error=e field="result" />
                    <button type="submit" class="primary">{t!(i18n, action.resolve)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if can(ActionKind::RequestExtension) {
        let e = error_of(actions.extension);
        forms.push(view! {
            <details class="action" data-testid="extension-action">
                <summary>{t!(i18n, action.request_extension)}</summary>
                <ActionForm action=actions.extension>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <label for="extension_due">{t!(i18n, action.proposed_due)}</label>
                    <input id="extension_due" type="datetime-local" name="due" required />
                    <FieldError error=e field="due" />
                    <Reason error=e name="reason" id="extension_reason" label=t_string!(i18n, action.reason) required=true />
                    <button type="submit">{t!(i18n, action.submit)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if let Some((review_id, code)) = ticket.review.clone() {
        forms.insert(
            0,
            view! {
                <p class="alert info" data-testid="ticket-review">
                    {t!(i18n, review.waiting)} " "
                    <a href=format!("/reviews/{review_id}")>{code}</a>
                </p>
            }
            .into_any(),
        );
    }
    if can(ActionKind::DecideExtension) && ticket.review.is_none() {
        if let Some(req) = ticket.extension.clone() {
            let e = error_of(actions.decide_extension);
            let proposed = req
                .new_value
                .parse::<i64>()
                .map(|ms| local_time(ms, offset))
                .unwrap_or_default();
            forms.push(view! {
                <section class="request" data-testid="extension-request">
                    <h3>{t!(i18n, action.extension_pending)}</h3>
                    <p>{t!(i18n, action.proposed_due)} ": " <strong>{proposed}</strong> " · " {req.requested_by.clone()}</p>
                    <p class="note">{req.reason.clone()}</p>
                    <ActionForm action=actions.decide_extension>
                        <input type="hidden" name="id" value=id.to_string() />
                        <ErrorBanner error=e />
                        <Reason error=e name="note" id="extension_note" label=t_string!(i18n, action.decision_note) />
                        <div class="buttons">
                            <button type="submit" name="decision" value="approve" class="primary" data-testid="approve-extension">{t!(i18n, action.approve)}</button>
                            <button type="submit" name="decision" value="reject">{t!(i18n, action.reject)}</button>
                        </div>
                    </ActionForm>
                </section>
            }.into_any());
        }
    }
    if can(ActionKind::Callback) {
        let e = error_of(actions.callback);
        let replies = ticket.replies.clone();
        let result = ticket.result.clone();
        forms.push(view! {
            <details class="action" open data-testid="callback-action">
                <summary>{t!(i18n, action.callback)}</summary>
                <p class="muted">{t!(i18n, action.callback_hint)}</p>
                <p class="note">{result}</p>
                <ActionForm action=actions.callback>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <fieldset>
                        <legend>{t!(i18n, action.outcome)}</legend>
                        {CallbackOutcome::ALL.iter().map(|o| view! {
                            <label class="check"><input type="radio" name="outcome" value=o.code() required /> <OutcomeLabel outcome=*o /></label>
                        }).collect_view()}
                        <FieldError error=e field="outcome" />
                    </fieldset>
                    <ReplyPicker replies target="callback_told" />
                    <label for="callback_told">{t!(i18n, action.told)}</label>
                    <textarea id="callback_told" name="told" rows="3" maxlength="1000" required></textarea>
                    <FieldError error=e field="told" />
                    <Reason error=e name="reason" id="callback_reason" label=t_string!(i18n, ticket.unresolved_reason) />
                    <Reason error=e name="next_step" id="callback_next" label=t_string!(i18n, ticket.next_step) />
                    <p class="muted">{t!(i18n, action.unsatisfied_hint)}</p>
                    <button type="submit" class="primary">{t!(i18n, action.submit)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if can(ActionKind::Return) {
        let e = error_of(actions.return_);
        forms.push(view! {
            <details class="action" data-testid="return-action">
                <summary>{t!(i18n, action.return_)}</summary>
                <ActionForm action=actions.return_>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <Reason error=e name="reason" id="return_reason" label=t_string!(i18n, action.reason) required=true />
                    <button type="submit" class="danger">{t!(i18n, action.return_)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    for (kind, testid) in [
        (ActionKind::Urge, "urge-action"),
        (ActionKind::Supervise, "supervise-action"),
    ] {
        if !can(kind) {
            continue;
        }
        let (title, form) = if kind == ActionKind::Urge {
            let e = error_of(actions.urge);
            (t_string!(i18n, action.urge), view! {
                <ActionForm action=actions.urge>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <Reason error=e name="note" id="urge_note" label=t_string!(i18n, action.note) required=true />
                    <button type="submit">{t!(i18n, action.urge)}</button>
                </ActionForm>
            }.into_any())
        } else {
            let e = error_of(actions.supervise);
            (t_string!(i18n, action.supervise), view! {
                <ActionForm action=actions.supervise>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <Reason error=e name="note" id="supervise_note" label=t_string!(i18n, action.note) required=true />
                    <button type="submit">{t!(i18n, action.supervise)}</button>
                </ActionForm>
            }.into_any())
        };
        forms.push(view! { <details class="action" data-testid=testid><summary>{title}</summary>{form}</details> }.into_any());
    }
    if can(ActionKind::Archive) {
        let e = error_of(actions.archive);
        let current = ticket.confidentiality;
        forms.push(view! {
            <details class="action" data-testid="archive-action">
                <summary>{t!(i18n, action.archive)}</summary>
                <ActionForm action=actions.archive>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <label for="archive_level">{t!(i18n, ticket.confidentiality)}</label>
                    <select id="archive_level" name="confidentiality">
                        {Clearance::ALL.iter().map(|c| view! {
                            <option value=c.code() selected=*c == current><ClearanceLabel clearance=*c /></option>
                        }).collect_view()}
                    </select>
                    <FieldError error=e field="confidentiality" />
                    <button type="submit">{t!(i18n, action.archive)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if can(ActionKind::RequestCorrection) {
        let e = error_of(actions.correction);
        forms.push(view! {
            <details class="action" data-testid="correction-action">
                <summary>{t!(i18n, action.request_correction)}</summary>
                <p class="muted">{t!(i18n, action.correction_hint)}</p>
                <ActionForm action=actions.correction>
                    <input type="hidden" name="id" value=id.to_string() />
                    <ErrorBanner error=e />
                    <label for="correction_field">{t!(i18n, action.field)}</label>
                    <select id="correction_field" name="field">
                        {CorrectableField::ALL.iter().map(|f| view! { <option value=f.code()><FieldLabel field=*f /></option> }).collect_view()}
                    </select>
                    <label for="correction_value">{t!(i18n, action.new_value)}</label>
                    <textarea id="correction_value" name="value" rows="2" maxlength="2000" required></textarea>
                    <FieldError error=e field="value" />
                    <Reason error=e name="reason" id="correction_reason" label=t_string!(i18n, action.reason) required=true />
                    <button type="submit">{t!(i18n, action.submit)}</button>
                </ActionForm>
            </details>
        }.into_any());
    }
    if can(ActionKind::DecideCorrection) {
        if let Some(req) = ticket.correction.clone() {
            let e = error_of(actions.decide_correction);
            let field = CorrectableField::parse(&req.field);
            forms.push(view! {
                <section class="request" data-testid="correction-request">
                    <h3>{t!(i18n, action.correction_pending)} " · " {field.map(|f| view! { <FieldLabel field=f /> })}</h3>
                    <p>{req.old_value.clone()} " → " <strong>{req.new_value.clone()}</strong> " · " {req.requested_by.clone()}</p>
                    <p class="note">{req.reason.clone()}</p>
                    <ActionForm action=actions.decide_correction>
                        <input type="hidden" name="id" value=id.to_string() />
                        <ErrorBanner error=e />
                        <Reason error=e name="note" id="correction_note" label=t_string!(i18n, action.decision_note) />
                        <div class="buttons">
                            <button type="submit" name="decision" value="approve" class="primary">{t!(i18n, action.approve)}</button>
                            <button type="submit" name="decision" value="reject">{t!(i18n, action.reject)}</button>
                        </div>
                    </ActionForm>
                </section>
            }.into_any());
        }
    }
    if forms.is_empty() {
        return view! { <p class="muted">{t!(i18n, action.none)}</p> }.into_any();
    }
    view! { <div class="actions">{forms}</div> }.into_any()
}

/// Standard replies (标准答复话术): choosing one fills the text box (after hydration; the
/// texts are listed either way, so they can be copied without JavaScript).
#[component]
fn ReplyPicker(
    replies: Vec<crate::domain::script::ReplyTemplate>,
    target: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    if replies.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="replies">
            <span class="muted">{t!(i18n, action.replies)}</span>
            {replies.into_iter().map(|r| {
                let body = r.body.clone();
                let fill = move |_| {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        if let Some(el) = leptos::prelude::document()
                            .get_element_by_id(target)
                            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok())
                        {
                            el.set_value(&body);
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = (&body, target);
                };
                view! { <button type="button" class="chip" title=r.body.clone() on:click=fill>{r.title.clone()}</button> }
            }).collect_view()}
        </div>
    }.into_any()
}
