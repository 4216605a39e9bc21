//! A board card: number, category, priority, masked caller, where it is, a live countdown
//! coloured by time left, flags, and the actions this user may take, by touch.
use super::BoardCard;
use crate::domain::deadline::{urgency, Span};
use crate::domain::workflow::ActionKind;
use crate::i18n::*;
use crate::tickets::actions::TargetSelect;
use crate::tickets::api::{AssignTicket, DecideExtension, SignFor, SuperviseTicket, UrgeTicket};
use crate::tickets::labels::{PriorityLabel, StateLabel};
use crate::tickets::{local_time, minutes_left, AssignOption};
use leptos::prelude::*;

/// The board's actions, shared by every card (the change comes back over the stream).
#[derive(Clone, Copy)]
pub struct CardActions {
    pub assign: ServerAction<AssignTicket>,
    pub sign_for: ServerAction<SignFor>,
    pub urge: ServerAction<UrgeTicket>,
    pub supervise: ServerAction<SuperviseTicket>,
    pub decide: ServerAction<DecideExtension>,
}

impl CardActions {
    pub fn new() -> Self {
        CardActions {
            assign: ServerAction::new(),
            sign_for: ServerAction::new(),
            urge: ServerAction::new(),
            supervise: ServerAction::new(),
            decide: ServerAction::new(),
        }
    }
}

impl Default for CardActions {
    fn default() -> Self {
        Self::new()
    }
}

/// Time left or overdue, recomputed as `now` ticks: hours and minutes within a day, days and
/// hours beyond (149 hours overdue reads as 6 days 5 hours). The deadline is its tooltip.
#[component]
pub fn Countdown(due: i64, warn: Option<i64>, offset: i32, now: Signal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let class = move || format!("due {}", urgency(now.get(), warn, due).code());
    let text = move || {
        let left = minutes_left(now.get(), due);
        let span = Span::of_minutes(left.abs());
        match (left < 0, span) {
            (false, Span::Hours(h, m)) => t!(i18n, ticket.time_left, h, m).into_any(),
            (true, Span::Hours(h, m)) => t!(i18n, ticket.overdue_by, h, m).into_any(),
            (false, Span::Days(d, h)) => t!(i18n, board.left_days, d, h).into_any(),
            (true, Span::Days(d, h)) => t!(i18n, board.overdue_days, d, h).into_any(),
        }
    };
    view! {
        <time class=class data-testid="countdown" title=local_time(due, offset)>{text}</time>
    }
}

#[component]
pub fn CardView(
    card: BoardCard,
    now: Signal<i64>,
    offset: i32,
    actions: CardActions,
    options: Vec<AssignOption>,
    /// Queue cards can be picked for bulk assignment.
    selected: RwSignal<Vec<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = card.id;
    let can = |a: ActionKind| card.actions.contains(&a);
    let pickable = can(ActionKind::Assign);
    let colour = {
        let (due, warn) = (card.due_at, card.warn_at);
        move || {
            due.map(|d| urgency(now.get(), warn, d).code())
                .unwrap_or("none")
        }
    };
    let href = format!("/tickets/{}", card.number);
    let hidden = move || {
        view! {
            <input type="hidden" name="id" value=id.to_string() />
        }
    };
    let reason_id = format!("reason-{id}");
    let note_id = format!("note-{id}");
    let target_id = format!("target-{id}");
    let has_flags = card.extension_pending
        || card.urge_count > 0
        || card.supervised
        || card.redo_count > 0
        || card.return_count > 0
        || card.escalation_level > 0;
    // One line each, cut with an ellipsis, so a card keeps its height in a narrow lane.
    view! {
        <article class=move || format!("bcard urg-{}", colour()) data-number=card.number.clone() data-state=card.state.code()>
            <header>
                {pickable.then(|| view! {
                    <label class="pick-box">
                        <input
                            type="checkbox"
                            class="pick"
                            aria-label=move || t_string!(i18n, board.pick)
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |_| selected.update(|s| {
                                if let Some(i) = s.iter().position(|x| *x == id) { s.remove(i); } else { s.push(id); }
                            })
                        />
                    </label>
                })}
                <a href=href class="num">{card.number.clone()}</a>
            </header>
            <p class="line">
                <PriorityLabel priority=card.priority />
                " "
                {card.due_at.map(|due| view! { <Countdown due warn=card.warn_at offset now /> " · " })}
                <span class="cat">{card.category.clone()}</span>
                " · "
                <StateLabel state=card.state />
            </p>
            <p class="line where">
                <span class="masked">{card.caller_phone.clone()}</span>
                {card.department.clone().map(|d| view! { " · " {d} })}
                {card.handler.clone().map(|h| view! { " · " {h} })}
            </p>
            {has_flags.then(|| view! {
            <p class="flags">
                {card.extension_pending.then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_extension)}</span> })}
                {(card.urge_count > 0).then(|| view! { <span class="badge flag" data-testid="urged">{t!(i18n, ticket.flag_urged, n = move || card.urge_count)}</span> })}
                {card.supervised.then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_supervised)}</span> })}
                {(card.redo_count > 0).then(|| view! { <span class="badge flag">{t!(i18n, ticket.flag_redo, n = move || card.redo_count)}</span> })}
                {(card.return_count > 0).then(|| view! { <span class="badge flag">{t!(i18n, board.flag_returned, n = move || card.return_count)}</span> })}
                {(card.escalation_level > 0).then(|| view! { <span class="badge flag esc">{t!(i18n, board.flag_escalated, level = move || card.escalation_level)}</span> })}
            </p>
            })}
            {(!card.actions.is_empty()).then(|| view! {
                <details class="card-actions">
                    <summary title=move || t_string!(i18n, board.actions)>
                        <span aria-hidden="true">"⋯"</span>
                        <span class="sr-only">{t!(i18n, board.actions)}</span>
                    </summary>
                    {can(ActionKind::SignFor).then(|| view! {
                        <ActionForm action=actions.sign_for>
                            {hidden()}
                            <button type="submit" class="primary" data-testid="card-sign-for">{t!(i18n, action.sign_for)}</button>
                        </ActionForm>
                    })}
                    {(can(ActionKind::Assign) || can(ActionKind::Reassign)).then(|| view! {
                        <ActionForm action=actions.assign>
                            {hidden()}
                            <label for=target_id.clone()>{t!(i18n, action.target)}</label>
                            <TargetSelect options id=target_id.clone() />
                            <label for=reason_id.clone()>{t!(i18n, action.reason)}</label>
                            <input id=reason_id.clone() name="reason" required maxlength="1000" />
                            <button type="submit" class="primary">{t!(i18n, board.assign)}</button>
                        </ActionForm>
                    })}
                    {can(ActionKind::Urge).then(|| view! {
                        <ActionForm action=actions.urge>
                            {hidden()}
                            <label for=note_id.clone()>{t!(i18n, action.urge)}</label>
                            <input id=note_id.clone() name="note" required maxlength="1000" />
                            <button type="submit" data-testid="card-urge">{t!(i18n, action.urge)}</button>
                        </ActionForm>
                    })}
                    {can(ActionKind::Supervise).then(|| view! {
                        <ActionForm action=actions.supervise>
                            {hidden()}
                            <input type="hidden" name="note" value=move || t_string!(i18n, board.supervise_note) />
                            <button type="submit">{t!(i18n, action.supervise)}</button>
                        </ActionForm>
                    })}
                    {can(ActionKind::DecideExtension).then(|| view! {
                        <ActionForm action=actions.decide>
                            {hidden()}
                            <input type="hidden" name="decision" value="approve" />
                            <button type="submit">{t!(i18n, board.approve_extension)}</button>
                        </ActionForm>
                    })}
                </details>
            })}
        </article>
    }
}
