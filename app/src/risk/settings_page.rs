//! The grading matrix and the review intervals (admin): the lowest score of each grade and
//! the days between reviews per grade, with the 5×5 grid they give.
use super::api::{get_risk_settings, SaveRiskSettings};
use super::heat_map::HeatMap;
use super::labels::grade_text;
use super::warnings_api::{get_warning_thresholds, SaveWarningThresholds};
use super::Which;
use crate::domain::risk::{Grade, RiskSettings};
use crate::domain::warning::Thresholds;
use crate::i18n::*;
use crate::ui::errors::{error_of, ErrorBanner, ErrorBox, FieldError};
use crate::ui::guard::RequireAccount;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RiskSettingsPage() -> impl IntoView {
    view! { <RequireAccount render=|_| view! { <RiskSettingsView /> } /> }
}

#[component]
fn RiskSettingsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save = ServerAction::<SaveRiskSettings>::new();
    let save_th = ServerAction::<SaveWarningThresholds>::new();
    let settings = crate::ui::data::page_data(
        move || (save.version().get(), save_th.version().get()),
        |_| async {
            Ok::<_, crate::error::AppError>((
                get_risk_settings().await?,
                get_warning_thresholds().await?,
            ))
        },
    );
    let saved = move || {
        query.read().get("saved").map(|_| view! { <p class="alert ok" role="status" data-testid="saved">{t!(i18n, reference.saved)}</p> })
    };
    view! {
        <h1>{t!(i18n, risk.matrix_title)}</h1>
        {saved}
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok((s, th)) => view! {
                        <SettingsForm settings=s save />
                        <ThresholdsForm th save=save_th />
                    }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(settings: RiskSettings, save: ServerAction<SaveRiskSettings>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    let m = settings.matrix;
    let field = move |name: &'static str, label: String, value: u16, min: u16, max: u16| {
        view! {
            <div>
                <label for=name>{label}</label>
                <input id=name name=name type="number" min=min max=max required value=value.to_string() />
                <FieldError error=e field=name />
            </div>
        }
    };
    let from = move |g: Grade| {
        format!(
            "{} {}",
            grade_text(i18n, g),
            t_string!(i18n, risk.from_score)
        )
    };
    let every = move |g: Grade| {
        format!(
            "{} {}",
            grade_text(i18n, g),
            t_string!(i18n, risk.review_days)
        )
    };
    view! {
        <section class="card">
            <ErrorBanner error=e />
            <div class="heatmaps">
                <HeatMap which=Which::Residual cells=[[0; 5]; 5] matrix=m selected=None />
            </div>
            <ActionForm action=save>
                <fieldset>
                    <legend>{t!(i18n, risk.matrix_legend)}</legend>
                    <div class="grid4">
                        {field("general_from", from(Grade::General), m.general_from.into(), 2, 25)}
                        {field("significant_from", from(Grade::Significant), m.significant_from.into(), 2, 25)}
                        {field("major_from", from(Grade::Major), m.major_from.into(), 2, 25)}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, risk.review_legend)}</legend>
                    <div class="grid4">
                        {field("review_low", every(Grade::Low), settings.review.days(Grade::Low), 7, 1095)}
                        {field("review_general", every(Grade::General), settings.review.days(Grade::General), 7, 1095)}
                        {field("review_significant", every(Grade::Significant), settings.review.days(Grade::Significant), 7, 1095)}
                        {field("review_major", every(Grade::Major), settings.review.days(Grade::Major), 7, 1095)}
                    </div>
                </fieldset>
                <button type="submit" class="primary">{t!(i18n, common.save)}</button>
            </ActionForm>
        </section>
    }
}

fn threshold_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> &'static str {
    match field {
        "extensions" => t_string!(i18n, warning.th.extensions),
        "overdue_days" => t_string!(i18n, warning.th.overdue_days),
        "returns" => t_string!(i18n, warning.th.returns),
        "reassigns" => t_string!(i18n, warning.th.reassigns),
        "reveals_per_day" => t_string!(i18n, warning.th.reveals_per_day),
        "surge_percent" => t_string!(i18n, warning.th.surge_percent),
        "surge_min" => t_string!(i18n, warning.th.surge_min),
        "repeat_tickets" => t_string!(i18n, warning.th.repeat_tickets),
        "repeat_days" => t_string!(i18n, warning.th.repeat_days),
        _ => t_string!(i18n, warning.th.fast_minutes),
    }
}

/// The automatic warnings' thresholds, one number field each within its range.
#[component]
fn ThresholdsForm(th: Thresholds, save: ServerAction<SaveWarningThresholds>) -> impl IntoView {
    let i18n = use_i18n();
    let e = error_of(save);
    view! {
        <section class="card" id="warning-thresholds">
            <h2>{t!(i18n, warning.thresholds)}</h2>
            <p class="muted">{t!(i18n, warning.thresholds_legend)}</p>
            <ErrorBanner error=e />
            <ActionForm action=save>
                <div class="grid4">
                    {th.fields().into_iter().map(|(name, value, min, max)| view! {
                        <div>
                            <label for=name>{threshold_label(i18n, name)}</label>
                            <input id=name name=name type="number" min=min max=max required value=value.to_string() />
                            <FieldError error=e field=name />
                        </div>
                    }).collect_view()}
                </div>
                <button type="submit" class="primary" data-testid="save-thresholds">{t!(i18n, warning.save_thresholds)}</button>
            </ActionForm>
        </section>
    }
}
