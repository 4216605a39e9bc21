//! Errors shown to people: always translated, next to the field they concern when there is one.
use crate::domain::account::FieldProblem;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The error of an action's last run, if it failed.
pub fn error_of<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The error in the reader's language (the plain texts share one view type).
#[component]
pub fn ErrorText(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthorized => t_string!(i18n, error.unauthorized).into_any(),
        AppError::Forbidden => t_string!(i18n, error.forbidden).into_any(),
        AppError::NotFound => t_string!(i18n, error.not_found).into_any(),
        AppError::InvalidCredentials => t_string!(i18n, error.invalid_credentials).into_any(),
        AppError::AccountDisabled => t_string!(i18n, error.account_disabled).into_any(),
        AppError::TooManyAttempts { retry_after_secs } => t!(
            i18n,
            error.too_many_attempts,
            secs = move || retry_after_secs
        )
        .into_any(),
        AppError::PasswordChangeRequired => {
            t_string!(i18n, error.password_change_required).into_any()
        }
        AppError::WrongCurrentPassword => t_string!(i18n, error.wrong_current_password).into_any(),
        AppError::CrossSite => t_string!(i18n, error.cross_site).into_any(),
        AppError::Conflict => t_string!(i18n, error.conflict).into_any(),
        AppError::CommitmentRequired => view! {
            {t_string!(i18n, error.commitment_required)} " "
            <a href="/policies/letters" data-testid="sign-letter-link">{t_string!(i18n, error.commitment_sign)}</a>
        }
        .into_any(),
        AppError::ReviewRequested { id, code } => view! {
            {t_string!(i18n, error.review_requested)} " "
            <a href=format!("/reviews/{id}") data-testid="review-link">{code}</a>
        }
        .into_any(),
        AppError::BadRequest => t_string!(i18n, error.bad_request).into_any(),
        AppError::TooLarge => t_string!(i18n, error.too_large).into_any(),
        AppError::Network => t_string!(i18n, error.network).into_any(),
        AppError::Unavailable => t_string!(i18n, error.unavailable).into_any(),
        AppError::Internal => t_string!(i18n, error.internal).into_any(),
        AppError::Field { problem, .. } => problem_text(i18n, problem).into_any(),
    }
}

#[component]
pub fn ProblemText(problem: FieldProblem) -> impl IntoView {
    problem_text(use_i18n(), problem)
}

fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Required => t_string!(i18n, field.required),
        FieldProblem::TooShort => t_string!(i18n, field.too_short),
        FieldProblem::TooLong => t_string!(i18n, field.too_long),
        FieldProblem::BadLoginChars => t_string!(i18n, field.bad_login_chars),
        FieldProblem::PasswordTooWeak => t_string!(i18n, field.password_too_weak),
        FieldProblem::PasswordsDiffer => t_string!(i18n, field.passwords_differ),
        FieldProblem::PasswordUnchanged => t_string!(i18n, field.password_unchanged),
        FieldProblem::UnknownChoice => t_string!(i18n, field.unknown_choice),
        FieldProblem::AlreadyTaken => t_string!(i18n, field.already_taken),
        FieldProblem::BadPhone => t_string!(i18n, field.bad_phone),
        FieldProblem::BadIdNumber => t_string!(i18n, field.bad_id_number),
        FieldProblem::BadDate => t_string!(i18n, field.bad_date),
        FieldProblem::BadNumber => t_string!(i18n, field.bad_number),
        FieldProblem::BadFormat => t_string!(i18n, field.bad_format),
        FieldProblem::MustBeLater => t_string!(i18n, field.must_be_later),
        FieldProblem::NameMismatch => t_string!(i18n, field.name_mismatch),
        FieldProblem::PeriodNotOver => t_string!(i18n, field.period_not_over),
        FieldProblem::ConcernNeedsConditions => t_string!(i18n, field.concern_needs_conditions),
    }
}

/// A box for errors that belong to no single field.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field_name().is_none()).map(|e| {
            // A decision sent to compliance is news, not a failure.
            let class = if matches!(e, AppError::ReviewRequested { .. }) {
                "alert info"
            } else {
                "alert error"
            };
            view! {
                <p class=class role="alert">
                    <ErrorText error=e />
                </p>
            }
        })
    }
}

/// The problem with one field, shown under it.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        error
            .get()
            .filter(|e| e.field_name() == Some(field))
            .map(|e| {
                view! {
                    <span class="field-error" role="alert" data-field=field>
                        <ErrorText error=e />
                    </span>
                }
            })
    }
}

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    view! {
        <p class="alert error" role="alert">
            <ErrorText error />
        </p>
    }
}
