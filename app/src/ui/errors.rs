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

#[component]
pub fn ErrorText(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthorized => t!(i18n, error.unauthorized).into_any(),
        AppError::Forbidden => t!(i18n, error.forbidden).into_any(),
        AppError::NotFound => t!(i18n, error.not_found).into_any(),
        AppError::InvalidCredentials => t!(i18n, error.invalid_credentials).into_any(),
        AppError::AccountDisabled => t!(i18n, error.account_disabled).into_any(),
        AppError::TooManyAttempts { retry_after_secs } => t!(
            i18n,
            error.too_many_attempts,
            secs = move || retry_after_secs
        )
        .into_any(),
        AppError::PasswordChangeRequired => t!(i18n, error.password_change_required).into_any(),
        AppError::WrongCurrentPassword => t!(i18n, error.wrong_current_password).into_any(),
        AppError::CrossSite => t!(i18n, error.cross_site).into_any(),
        AppError::Conflict => t!(i18n, error.conflict).into_any(),
        AppError::BadRequest => t!(i18n, error.bad_request).into_any(),
        AppError::TooLarge => t!(i18n, error.too_large).into_any(),
        AppError::Network => t!(i18n, error.network).into_any(),
        AppError::Internal => t!(i18n, error.internal).into_any(),
        AppError::Field { problem, .. } => view! { <ProblemText problem/> }.into_any(),
    }
}

#[component]
pub fn ProblemText(problem: FieldProblem) -> impl IntoView {
    let i18n = use_i18n();
    match problem {
        FieldProblem::Required => t!(i18n, field.required).into_any(),
        FieldProblem::TooShort => t!(i18n, field.too_short).into_any(),
        FieldProblem::TooLong => t!(i18n, field.too_long).into_any(),
        FieldProblem::BadLoginChars => t!(i18n, field.bad_login_chars).into_any(),
        FieldProblem::PasswordTooWeak => t!(i18n, field.password_too_weak).into_any(),
        FieldProblem::PasswordsDiffer => t!(i18n, field.passwords_differ).into_any(),
        FieldProblem::PasswordUnchanged => t!(i18n, field.password_unchanged).into_any(),
        FieldProblem::UnknownChoice => t!(i18n, field.unknown_choice).into_any(),
        FieldProblem::AlreadyTaken => t!(i18n, field.already_taken).into_any(),
        FieldProblem::BadPhone => t!(i18n, field.bad_phone).into_any(),
        FieldProblem::BadIdNumber => t!(i18n, field.bad_id_number).into_any(),
        FieldProblem::BadDate => t!(i18n, field.bad_date).into_any(),
        FieldProblem::BadNumber => t!(i18n, field.bad_number).into_any(),
        FieldProblem::BadFormat => t!(i18n, field.bad_format).into_any(),
        FieldProblem::MustBeLater => t!(i18n, field.must_be_later).into_any(),
    }
}

/// A box for errors that belong to no single field.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field_name().is_none()).map(|e| {
            view! {
                <p class="alert error" role="alert">
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
