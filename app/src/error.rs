//! The one error type of the desk: what went wrong, its HTTP status, and (in the UI) its
//! translated message. Internal details are logged on the server, never sent to the browser.
use crate::domain::account::FieldProblem;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("wrong login or password")]
    InvalidCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("too many attempts, retry in {retry_after_secs}s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("wrong current password")]
    WrongCurrentPassword,
    #[error("field {field}: {problem:?}")]
    Field {
        field: String,
        problem: FieldProblem,
    },
    #[error("the ticket's state does not allow this now")]
    Conflict,
    /// The user's post requires a signed commitment letter before any ticket action.
    #[error("commitment letter not signed")]
    CommitmentRequired,
    /// The decision needs a compliance review: it was filed as request `code` instead of
    /// taking effect (未经审查不得实施).
    #[error("compliance review requested")]
    ReviewRequested { id: i64, code: String },
    #[error("cross-site request refused")]
    CrossSite,
    #[error("bad request")]
    BadRequest,
    #[error("request body too large")]
    TooLarge,
    #[error("network or server unreachable")]
    Network,
    /// A part the server needs for this is not installed here (Chromium for a PDF).
    #[error("not available on this server")]
    Unavailable,
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn field(field: &str, problem: FieldProblem) -> Self {
        AppError::Field {
            field: field.to_owned(),
            problem,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::Forbidden
            | AppError::AccountDisabled
            | AppError::PasswordChangeRequired
            | AppError::CommitmentRequired
            | AppError::ReviewRequested { .. }
            | AppError::CrossSite => 403,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Field { .. } | AppError::WrongCurrentPassword => 422,
            AppError::BadRequest => 400,
            AppError::TooLarge => 413,
            AppError::Network | AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    /// The field this error belongs to, for showing it next to that input.
    pub fn field_name(&self) -> Option<&str> {
        match self {
            AppError::Field { field, .. } => Some(field),
            AppError::WrongCurrentPassword => Some("current"),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_client_errors_except_internal() {
        let all = [
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::InvalidCredentials,
            AppError::AccountDisabled,
            AppError::TooManyAttempts {
                retry_after_secs: 3,
            },
            AppError::PasswordChangeRequired,
            AppError::WrongCurrentPassword,
            AppError::field("login", FieldProblem::Required),
            AppError::CrossSite,
            AppError::BadRequest,
            AppError::TooLarge,
            AppError::Conflict,
            AppError::CommitmentRequired,
            AppError::ReviewRequested {
                id: 1,
                code: "SC-0001".into(),
            },
        ];
        for e in all {
            assert!((400..500).contains(&e.status()), "{e:?}");
        }
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn json_round_trip_keeps_the_kind() {
        let e = AppError::field("login", FieldProblem::AlreadyTaken);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains("\"kind\":\"field\""), "{json}");
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
    }

    #[test]
    fn bad_arguments_are_bad_requests() {
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into())),
            AppError::BadRequest
        );
    }
}
