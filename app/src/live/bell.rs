//! The bell (通知): unread count, the newest notifications linking to their tickets, mark
//! read, and — for handlers — the on-duty switch. It appears once the page is hydrated
//! (without JavaScript the lists on 我的工作 are the way in) and stays live.
use super::api::{get_inbox, MarkRead, SetOnDuty};
use super::{use_live, NotificationItem};
use crate::domain::deadline::Clock;
use crate::domain::notice::Notice;
use crate::i18n::*;
use crate::tickets::local_time;
use leptos::prelude::*;

/// Client-only: nothing is rendered on the server or during hydration, the bell appears
/// once the page is live.
#[component]
pub fn Bell() -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    move || mounted.get().then(|| view! { <LiveBell /> })
}

#[component]
fn LiveBell() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let read = ServerAction::<MarkRead>::new();
    let duty = ServerAction::<SetOnDuty>::new();
    let inbox = LocalResource::new(move || {
        live.map(|l| l.notices.get());
        read.version().get();
        duty.version().get();
        get_inbox()
    });
    Effect::new(move |_| {
        if let Some(l) = live {
            l.connect();
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                inbox.await.ok().map(|inbox| {
                    let unread = inbox.unread;
                    let offset = inbox.utc_offset_secs;
                    view! {
                        <details class="bell" data-testid="bell" data-connected=move || live.is_some_and(|l| l.connected.get()).to_string()>
                            <summary aria-label=move || t_string!(i18n, live.notifications)>
                                <span aria-hidden="true">"🔔"</span>
                                <span class="sr-only">{t!(i18n, live.notifications)}</span>
                                {(unread > 0).then(|| view! { <span class="unread" data-testid="unread">{unread}</span> })}
                            </summary>
                            <div class="bell-panel">
                                {inbox.on_duty.map(|on| view! {
                                    <ActionForm action=duty attr:class="duty">
                                        <input type="hidden" name="on" value=(!on).to_string() />
                                        <span class=if on { "badge on-duty" } else { "badge off-duty" }>
                                            {if on { t_string!(i18n, live.on_duty) } else { t_string!(i18n, live.off_duty) }}
                                        </span>
                                        <button type="submit" class="link" data-testid="duty-switch">
                                            {if on { t_string!(i18n, live.go_off_duty) } else { t_string!(i18n, live.go_on_duty) }}
                                        </button>
                                    </ActionForm>
                                })}
                                {(unread > 0).then(|| view! {
                                    <ActionForm action=read attr:class="read-all">
                                        <button type="submit" class="link">{t!(i18n, live.mark_all_read)}</button>
                                    </ActionForm>
                                })}
                                {if inbox.items.is_empty() {
                                    view! { <p class="muted">{t!(i18n, live.no_notifications)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="notices">
                                            {inbox.items.into_iter().map(|n| view! { <NoticeItem n offset read /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </div>
                        </details>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn NoticeItem(n: NotificationItem, offset: i32, read: ServerAction<MarkRead>) -> impl IntoView {
    let kind = n.notice.kind();
    let href = n.href.clone();
    let id = n.id;
    let unread = !n.read;
    let number = n.subject.clone();
    view! {
        <li class=if unread { "unread" } else { "read" } data-kind=kind>
            <a href=href on:click=move |_| if unread { read.dispatch(MarkRead { id: Some(id) }); }>
                <NoticeText notice=n.notice number />
            </a>
            <time>{local_time(n.created_at, offset)}</time>
        </li>
    }
}

#[component]
pub fn ClockName(clock: Clock) -> impl IntoView {
    let i18n = use_i18n();
    match clock {
        Clock::SignFor => t_string!(i18n, live.clock_sign_for),
        Clock::Resolve => t_string!(i18n, live.clock_resolve),
    }
}

#[component]
pub fn NoticeText(notice: Notice, number: String) -> impl IntoView {
    let i18n = use_i18n();
    let number = move || number.clone();
    match notice {
        Notice::Assigned {} => t!(i18n, live.notice_assigned, number).into_any(),
        Notice::Urged { note, urge_count } => {
            view! { {t!(i18n, live.notice_urged, number, n = move || urge_count)} " " <q>{note}</q> }
                .into_any()
        }
        Notice::Warned { clock, .. } => {
            view! { {t!(i18n, live.notice_warned, number)} " · " <ClockName clock /> }.into_any()
        }
        Notice::Escalated { clock, level, .. } => view! {
            {t!(i18n, live.notice_escalated, number, level = move || level)} " · " <ClockName clock />
        }
        .into_any(),
        Notice::RiskNotice { title, reminder, .. } => view! {
            {if reminder {
                t!(i18n, live.notice_risk_notice_reminder, code = number).into_any()
            } else {
                t!(i18n, live.notice_risk_notice, code = number).into_any()
            }}
            " " <q>{title}</q>
        }
        .into_any(),
        Notice::RectificationEscalated { level, deadline, .. } => {
            let deadline = deadline.to_string();
            t!(i18n, live.notice_rect_escalated, code = number, level = move || level, deadline)
                .into_any()
        }
        Notice::RiskEvent { title, grade, .. } => view! {
            {t!(i18n, live.notice_risk_event, code = number)} " · "
            {crate::risk::labels::event_grade_text(i18n, grade)} " " <q>{title}</q>
        }
        .into_any(),
        Notice::RiskEventLate { title, duty, .. } => view! {
            {t!(i18n, live.notice_risk_event_late, code = number)} " · "
            {crate::risk::labels::duty_text(i18n, duty)} " " <q>{title}</q>
        }
        .into_any(),
        Notice::RiskEventFiled { title, .. } => view! {
            {t!(i18n, live.notice_risk_event_filed, code = number)} " " <q>{title}</q>
        }
        .into_any(),
        Notice::WarningRaised { rule, .. } => view! {
            {t!(i18n, live.notice_warning_raised, code = number)} " · "
            {crate::risk::labels::rule_text(i18n, rule)}
        }
        .into_any(),
        Notice::PolicyReview {
            title,
            number: version,
            stage,
            ..
        } => view! {
            {t!(i18n, live.notice_policy_review, version)} " · "
            {crate::policies::labels::stage_text(i18n, stage)} " " <q>{title}</q>
        }
        .into_any(),
        Notice::PolicyDecided {
            title,
            number: version,
            decision,
            ..
        } => view! {
            {match decision {
                crate::domain::policy::Decision::Approve => t!(i18n, live.notice_policy_approved, version).into_any(),
                crate::domain::policy::Decision::SendBack => t!(i18n, live.notice_policy_sent_back, version).into_any(),
            }}
            " " <q>{title}</q>
        }
        .into_any(),
        Notice::TrainingOverdue { title, person, .. } => view! {
            {match person {
                Some(person) => t!(i18n, live.notice_training_overdue_of, person).into_any(),
                None => t!(i18n, live.notice_training_overdue).into_any(),
            }}
            " " <q>{title}</q>
        }
        .into_any(),
        Notice::ReviewRequested { point, title, .. } => view! {
            {t!(i18n, live.notice_review_requested, code = number)} " · "
            {crate::reviews::labels::point_text(i18n, point)} " " <q>{title}</q>
        }
        .into_any(),
        Notice::ReviewDecided {
            point,
            title,
            conclusion,
            ..
        } => view! {
            {t!(i18n, live.notice_review_decided, code = number)} " · "
            {crate::reviews::labels::conclusion_text(i18n, conclusion)} " · "
            {crate::reviews::labels::point_text(i18n, point)} " " <q>{title}</q>
        }
        .into_any(),
        Notice::ViolationNotified {
            severity, points, ..
        } => view! {
            {t!(i18n, live.notice_violation_notified, code = number, points)} " · "
            {crate::violations::labels::severity_text(i18n, severity)}
        }
        .into_any(),
        Notice::ViolationAppealed { person, .. } => view! {
            {t!(i18n, live.notice_violation_appealed, code = number, person)}
        }
        .into_any(),
        Notice::ViolationDecided { outcome, .. } => view! {
            {t!(i18n, live.notice_violation_decided, code = number)} " · "
            {crate::violations::labels::outcome_text(i18n, outcome)}
        }
        .into_any(),
        Notice::PolicyPublished {
            title,
            number: version,
            acknowledge,
            reminder,
            ..
        } => view! {
            {match (reminder, acknowledge) {
                (true, _) => t!(i18n, live.notice_policy_reminder, version).into_any(),
                (false, true) => t!(i18n, live.notice_policy_to_acknowledge, version).into_any(),
                (false, false) => t!(i18n, live.notice_policy_published, version).into_any(),
            }}
            " " <q>{title}</q>
        }
        .into_any(),
    }
}
