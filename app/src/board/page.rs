//! The board page: filters (a plain GET form), header counters, lanes of cards with live
//! countdowns, "more" per lane (keyset pages), bulk assignment from the queue. After
//! hydration it follows the change stream: a changed ticket's card is refetched alone
//! and moved to where it now belongs; after a gap the whole board is refetched.
use super::api::{get_board, get_board_card, get_board_counters, get_board_lane, BulkAssign};
use super::card::{CardActions, CardView};
use super::*;
use crate::i18n::*;
use crate::live::use_live;
use crate::tickets::actions::TargetSelect;
use crate::tickets::labels::PriorityLabel;
use crate::ui::errors::{ErrorBanner, ErrorBox, ErrorText};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BoardPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <BoardView /> } /> }
}

/// The query's values as the server functions take them.
macro_rules! args {
    ($q:expr) => {
        (
            $q.group.code().to_string(),
            $q.department,
            $q.category,
            $q.priority
                .map(|p| p.code().to_string())
                .unwrap_or_default(),
            $q.overdue,
            $q.mine,
            $q.supervised,
        )
    };
}

async fn fetch_board(q: BoardQuery) -> Result<Board, crate::error::AppError> {
    let (g, d, c, p, o, m, s) = args!(q);
    get_board(g, d, c, p, o, m, s).await
}

#[component]
fn BoardView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|m| BoardQuery::from_params(|k| m.get(k))));
    let live = use_live();
    let board = crate::ui::data::page_data(
        move || (query.get(), live.map(|l| l.resyncs.get())),
        |(q, _)| fetch_board(q),
    );
    view! {
        <div class="board-page">
            <h1>{t!(i18n, board.title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(b) => view! { <LiveBoard board=b /> }.into_any(),
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Filters(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let q = board.query.clone();
    let sel = |on: bool| on.then_some("selected");
    view! {
        <form method="get" action="/board" class="board-filters">
            <label>
                {t!(i18n, board.group_by)}
                <select name="group">
                    <option value="state" selected=sel(q.group == Grouping::State)>{t!(i18n, board.by_state)}</option>
                    <option value="department" selected=sel(q.group == Grouping::Department)>{t!(i18n, board.by_department)}</option>
                    <option value="handler" selected=sel(q.group == Grouping::Handler)>{t!(i18n, board.by_handler)}</option>
                </select>
            </label>
            <label>
                {t!(i18n, ticket.department)}
                <select name="department">
                    <option value="">{t!(i18n, board.all)}</option>
                    {board.departments.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=sel(q.department == Some(id))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, ticket.category)}
                <select name="category">
                    <option value="">{t!(i18n, board.all)}</option>
                    {board.categories.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=sel(q.category == Some(id))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, ticket.priority_label)}
                <select name="priority">
                    <option value="">{t!(i18n, board.all)}</option>
                    {crate::domain::ticket::Priority::ALL.iter().copied().map(|p| view! {
                        <option value=p.code() selected=sel(q.priority == Some(p))><PriorityLabel priority=p /></option>
                    }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" name="overdue" value="1" checked=q.overdue />{t!(i18n, board.overdue_only)}</label>
            <label class="check"><input type="checkbox" name="mine" value="1" checked=q.mine />{t!(i18n, board.mine)}</label>
            <label class="check"><input type="checkbox" name="supervised" value="1" checked=q.supervised />{t!(i18n, board.supervised_only)}</label>
            <button type="submit">{t!(i18n, board.apply)}</button>
        </form>
    }
}

#[component]
fn LiveBoard(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let q = board.query.clone();
    let group = q.group;
    let offset = board.utc_offset_secs;
    let options = board.assign_options.clone();
    let lanes = RwSignal::new(board.lanes.clone());
    let counters = RwSignal::new(board.counters);
    let now = RwSignal::new(board.now);
    let selected = RwSignal::new(Vec::<i64>::new());
    let actions = CardActions::new();
    let live = use_live();

    // The clock: countdowns tick; a card that passes its deadline moves to the overdue lane.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                now.update(|n| *n += 1000);
                let t = now.get_untracked();
                let late = |ls: &Vec<Lane>| {
                    ls.iter()
                        .filter(|l| matches!(l.key, LaneKey::State(_)))
                        .flat_map(|l| l.cards.iter())
                        .any(|c| c.due_at.is_some_and(|d| d < t))
                };
                if group == Grouping::State && lanes.with_untracked(late) {
                    lanes.update(|ls| move_overdue(ls, t));
                }
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });

    // The stream: refetch each changed card, put it where it belongs now, recount.
    let q_live = q.clone();
    Effect::new(move |_| {
        let Some(live) = live else { return };
        live.tickets.track();
        let ids = live.take_tickets();
        if ids.is_empty() {
            return;
        }
        for id in ids {
            let (g, d, c, p, o, m, s) = args!(q_live);
            spawn_local(async move {
                if let Ok(update) = get_board_card(id, g, d, c, p, o, m, s).await {
                    let placed = lanes
                        .try_update(|ls| apply_update(ls, update, group))
                        .unwrap_or(true);
                    if !placed {
                        // A lane this board does not show yet (grouped view): reload.
                        live.resyncs.update(|n| *n += 1);
                    }
                }
            });
        }
        spawn_local(async move {
            if let Ok(c) = get_board_counters().await {
                counters.try_set(c);
            }
        });
    });

    let lane_cards = move |key: LaneKey| {
        lanes.with(|ls| {
            ls.iter()
                .find(|l| l.key == key)
                .map(|l| l.cards.clone())
                .unwrap_or_default()
        })
    };
    let action_error = Signal::derive(move || {
        [
            actions.assign.value().get().and_then(|r| r.err()),
            actions.sign_for.value().get().and_then(|r| r.err()),
            actions.urge.value().get().and_then(|r| r.err()),
            actions.supervise.value().get().and_then(|r| r.err()),
            actions.decide.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    let q_more = q.clone();
    view! {
        // One bar over the lanes: counters, the lane switcher, filters, the stream's state.
        <div class="board-bar">
            <div class="counters" data-testid="counters">
                <span class="counter">{t!(i18n, board.queue)} " " <b data-testid="count-queue">{move || counters.get().queue}</b></span>
                <span class="counter overdue">{t!(i18n, board.overdue)} " " <b data-testid="count-overdue">{move || counters.get().overdue}</b></span>
                <span class="counter">{t!(i18n, board.due_today)} " " <b data-testid="count-due-today">{move || counters.get().due_today}</b></span>
            </div>
            <LaneSwitch lanes />
            <details class="filters-box">
                <summary>{t!(i18n, board.filters)}</summary>
                <Filters board=board.clone() />
            </details>
            <span class="live-state" data-testid="live-state">
                {move || if live.is_some_and(|l| l.connected.get()) { t_string!(i18n, board.live) } else { t_string!(i18n, board.offline) }}
            </span>
        </div>
        <ErrorBanner error=action_error />
        {(!options.is_empty()).then(|| view! { <BulkBar selected options=options.clone() lanes /> })}
        <div class="lanes" data-group=group.code()>
            <For
                each=move || lanes.with(|ls| ls.iter().map(|l| (l.key, l.name.clone(), l.count)).collect::<Vec<_>>())
                key=|(k, _, _)| k.code()
                children=move |(key, name, count)| {
                    let options = options.clone();
                    let q_more = q_more.clone();
                    let more = move || lanes.with(|ls| ls.iter().find(|l| l.key == key).and_then(|l| l.next.clone()));
                    view! {
                        <section class=format!("lane lane-{}", lane_anchor(key)) id=lane_anchor(key) data-lane=key.code()>
                            <h2>
                                <LaneTitle key name=name.clone() />
                                " "
                                <span class="count">{move || lane_count(lanes, key, count)}</span>
                            </h2>
                            <div class="cards">
                                <For
                                    each=move || lane_cards(key)
                                    key=|c| format!("{c:?}")
                                    children=move |card| view! {
                                        <CardView card now=now.into() offset actions options=options.clone() selected />
                                    }
                                />
                            </div>
                            {move || more().map(|after| {
                                let (g, d, c, p, o, m, s) = args!(q_more);
                                view! {
                                    <button type="button" class="more" on:click=move |_| {
                                        let (after, g, p) = (after.clone(), g.clone(), p.clone());
                                        spawn_local(async move {
                                            if let Ok(page) = get_board_lane(key.code(), after, g, d, c, p, o, m, s).await {
                                                lanes.update(|ls| {
                                                    if let Some(l) = ls.iter_mut().find(|l| l.key == key) {
                                                        l.cards.extend(page.cards);
                                                        l.next = page.next;
                                                    }
                                                });
                                            }
                                        });
                                    }>{t!(i18n, board.more)}</button>
                                }
                            })}
                        </section>
                    }
                }
            />
        </div>
    }
}

/// A lane's element id (`lane-state-assigned`): the lane switcher's link target.
fn lane_anchor(key: LaneKey) -> String {
    format!("lane-{}", key.code().replace(':', "-"))
}

/// The lane's size: the count the server gave, else the cards shown (`30+` with more to load).
fn lane_count(lanes: RwSignal<Vec<Lane>>, key: LaneKey, count: Option<i64>) -> String {
    if let Some(c) = count {
        return c.to_string();
    }
    lanes.with(|ls| match ls.iter().find(|l| l.key == key) {
        Some(l) if l.next.is_some() => format!("{}+", l.cards.len()),
        Some(l) => l.cards.len().to_string(),
        None => "0".into(),
    })
}

/// Every lane by name and size, for a screen that shows only some of them side by side
/// (phone, tablet in portrait): a tap brings that lane into view. Plain links before
/// hydration; after it the lane row scrolls sideways alone, the page stays where it is.
#[component]
fn LaneSwitch(lanes: RwSignal<Vec<Lane>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="lane-switch" aria-label=move || t_string!(i18n, board.lanes)>
            <For
                each=move || lanes.with(|ls| ls.iter().map(|l| (l.key, l.name.clone(), l.count)).collect::<Vec<_>>())
                key=|(k, _, _)| k.code()
                children=move |(key, name, count)| view! {
                    <a href=format!("#{}", lane_anchor(key)) data-lane-link=key.code() on:click=move |ev| {
                        ev.prevent_default();
                        scroll_lane_into_view(&lane_anchor(key));
                    }>
                        <LaneTitle key name />
                        " "
                        <span class="count">{move || lane_count(lanes, key, count)}</span>
                    </a>
                }
            />
        </nav>
    }
}

#[cfg(feature = "hydrate")]
fn scroll_lane_into_view(id: &str) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    options.set_inline(web_sys::ScrollLogicalPosition::Start);
    if let Some(lane) = document().get_element_by_id(id) {
        lane.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

#[cfg(not(feature = "hydrate"))]
fn scroll_lane_into_view(_id: &str) {}

/// State view: cards past their deadline leave their state column for the overdue lane.
fn move_overdue(lanes: &mut [Lane], now: i64) {
    let mut moved = Vec::new();
    for l in lanes.iter_mut() {
        if matches!(l.key, LaneKey::State(_)) {
            let (late, keep): (Vec<BoardCard>, Vec<BoardCard>) = std::mem::take(&mut l.cards)
                .into_iter()
                .partition(|c| c.due_at.is_some_and(|d| d < now));
            l.cards = keep;
            moved.extend(late);
        }
    }
    if let Some(over) = lanes.iter_mut().find(|l| l.key == LaneKey::Overdue) {
        let complete = over.next.is_none();
        for c in moved {
            place_card(&mut over.cards, c, complete);
        }
    }
}

/// Puts a refetched card where it belongs (or nowhere). `false`: its lane is not shown.
fn apply_update(lanes: &mut [Lane], update: CardUpdate, group: Grouping) -> bool {
    for l in lanes.iter_mut() {
        l.cards.retain(|c| c.id != update.id);
    }
    let Some(card) = update.card else {
        return true;
    };
    let key = lane_of(&card, group, update.now);
    match lanes.iter_mut().find(|l| l.key == key) {
        Some(l) => {
            let complete = l.next.is_none();
            place_card(&mut l.cards, card, complete);
            true
        }
        None => false,
    }
}

#[component]
fn LaneTitle(key: LaneKey, name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    match key {
        LaneKey::State(crate::domain::ticket::State::Registered) => {
            t_string!(i18n, board.lane_queue).to_string()
        }
        LaneKey::State(crate::domain::ticket::State::Assigned) => {
            t_string!(i18n, board.lane_to_sign).to_string()
        }
        LaneKey::State(crate::domain::ticket::State::InProgress) => {
            t_string!(i18n, board.lane_in_progress).to_string()
        }
        LaneKey::State(_) => t_string!(i18n, board.lane_callback).to_string(),
        LaneKey::Overdue => t_string!(i18n, board.lane_overdue).to_string(),
        LaneKey::Department(None) => t_string!(i18n, board.no_department).to_string(),
        LaneKey::Handler(None) => t_string!(i18n, board.no_handler).to_string(),
        _ => name.unwrap_or_default(),
    }
}

/// Assign the picked queue tickets in one go: one target, one reason.
#[component]
fn BulkBar(
    selected: RwSignal<Vec<i64>>,
    options: Vec<crate::tickets::AssignOption>,
    lanes: RwSignal<Vec<Lane>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let bulk = ServerAction::<BulkAssign>::new();
    let target = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let number_of = move |id: i64| {
        lanes.with(|ls| {
            ls.iter()
                .flat_map(|l| l.cards.iter())
                .find(|c| c.id == id)
                .map(|c| c.number.clone())
                .unwrap_or_default()
        })
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = bulk.value().get() {
            selected.set(Vec::new());
        }
    });
    let error = Signal::derive(move || bulk.value().get().and_then(|r| r.err()));
    view! {
        <form class="bulk" data-testid="bulk" class:hidden=move || selected.with(Vec::is_empty) on:submit=move |ev| {
            ev.prevent_default();
            bulk.dispatch(BulkAssign { ids: selected.get(), target: target.get(), reason: reason.get() });
        }>
            <span>{t!(i18n, board.selected, n = move || selected.with(Vec::len))}</span>
            <span on:change=move |ev| target.set(event_target_value(&ev))>
                <TargetSelect options id="bulk-target".to_string() />
            </span>
            <input name="reason" required maxlength="1000" placeholder=move || t_string!(i18n, action.reason)
                aria-label=move || t_string!(i18n, action.reason)
                on:input=move |ev| reason.set(event_target_value(&ev)) prop:value=reason />
            <button type="submit" class="primary">{t!(i18n, board.assign_selected)}</button>
            <ErrorBanner error />
            {move || bulk.value().get().and_then(|r| r.ok()).map(|r| view! {
                <p class="bulk-result" role="status">
                    {t!(i18n, board.bulk_assigned, n = move || r.assigned.len())}
                    {r.failed.into_iter().map(|(id, error)| view! { <br /> {number_of(id)} ": " <ErrorText error /> }).collect_view()}
                </p>
            })}
        </form>
    }
}
