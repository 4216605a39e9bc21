//! The working calendar: hours, weekend, holidays and make-up working days; desk settings.
use super::api::{get_calendar, PutSpecialDay, RemoveSpecialDay, SaveSettings};
use crate::domain::calendar::{format_clock, DayKind};
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;

#[component]
pub fn CalendarPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <Calendar /> } /> }
}

#[component]
fn Calendar() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveSettings>::new();
    let put = ServerAction::<PutSpecialDay>::new();
    let remove = ServerAction::<RemoveSpecialDay>::new();
    let data = crate::ui::data::page_data(
        move || {
            (
                save.version().get(),
                put.version().get(),
                remove.version().get(),
            )
        },
        |_| get_calendar(),
    );
    let (se, pe) = (error_of(save), error_of(put));
    view! {
        <h1>{t!(i18n, reference.calendar_title)}</h1>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok((settings, days)) => {
                        let cal = settings.calendar.clone();
                        view! {
                            <section class="card">
                                <h2>{t!(i18n, reference.hours_title)}</h2>
                                <ErrorBanner error=se />
                                <ActionForm action=save>
                                    <div class="grid2">
                                        <div>
                                            <label for="day_start">{t!(i18n, reference.day_start)}</label>
                                            <input id="day_start" name="day_start" type="time" required value=format_clock(cal.day_start_minute) />
                                            <FieldError error=se field="day_start" />
                                        </div>
                                        <div>
                                            <label for="day_end">{t!(i18n, reference.day_end)}</label>
                                            <input id="day_end" name="day_end" type="time" required value=format_clock(cal.day_end_minute) />
                                            <FieldError error=se field="day_end" />
                                        </div>
                                    </div>
                                    <fieldset>
                                        <legend>{t!(i18n, reference.weekend)}</legend>
                                        {(1u32..=7).map(|d| view! {
                                            <label class="check"><input type="checkbox" name=format!("weekend[{d}]") value="on" checked=cal.weekend.contains(&d) /> <WeekdayLabel day=d /></label>
                                        }).collect_view()}
                                        <FieldError error=se field="weekend" />
                                    </fieldset>
                                    <div class="grid2">
                                        <div>
                                            <label for="sign_for_hours">{t!(i18n, reference.sign_for_hours)}</label>
                                            <input id="sign_for_hours" name="sign_for_hours" type="number" min="1" max="100" required value=settings.sign_for_hours.to_string() />
                                            <FieldError error=se field="sign_for_hours" />
                                        </div>
                                        <div>
                                            <label for="archive_after_days">{t!(i18n, reference.archive_after_days)}</label>
                                            <input id="archive_after_days" name="archive_after_days" type="number" min="1" max="3650" required value=settings.archive_after_days.to_string() />
                                            <FieldError error=se field="archive_after_days" />
                                        </div>
                                    </div>
                                    <button type="submit" class="primary">{t!(i18n, common.save)}</button>
                                </ActionForm>
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, reference.special_days)}</h2>
                                <ErrorBanner error=pe />
                                <ActionForm action=put attr:class="inline-form">
                                    <input name="day" type="date" required aria-label=move || t_string!(i18n, reference.day) />
                                    <select name="kind" aria-label=move || t_string!(i18n, reference.kind)>
                                        <option value="holiday">{t!(i18n, reference.holiday)}</option>
                                        <option value="workday">{t!(i18n, reference.workday)}</option>
                                    </select>
                                    <input name="name" maxlength="40" placeholder=move || t_string!(i18n, reference.day_name) />
                                    <button type="submit">{t!(i18n, reference.add_day)}</button>
                                    <FieldError error=pe field="day" />
                                </ActionForm>
                                <table class="list">
                                    <tbody>
                                        {days.into_iter().map(|d| view! {
                                            <tr>
                                                <td>{d.day.to_string()}</td>
                                                <td>{match d.kind { DayKind::Holiday => t_string!(i18n, reference.holiday), DayKind::Workday => t_string!(i18n, reference.workday) }}</td>
                                                <td>{d.name.clone()}</td>
                                                <td>
                                                    <ActionForm action=remove attr:class="inline">
                                                        <input type="hidden" name="day" value=d.day.to_string() />
                                                        <button type="submit" class="link">{t!(i18n, reference.remove)}</button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn WeekdayLabel(day: u32) -> impl IntoView {
    let i18n = use_i18n();
    match day {
        1 => t_string!(i18n, reference.mon),
        2 => t_string!(i18n, reference.tue),
        3 => t_string!(i18n, reference.wed),
        4 => t_string!(i18n, reference.thu),
        5 => t_string!(i18n, reference.fri),
        6 => t_string!(i18n, reference.sat),
        _ => t_string!(i18n, reference.sun),
    }
}
