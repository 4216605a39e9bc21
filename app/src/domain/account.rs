//! What makes a login name, a display name and a password acceptable.
//! The same checks run in the browser (before submit) and on the server (always).
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A field-level problem; each maps to one translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooShort,
    TooLong,
    BadLoginChars,
    PasswordTooWeak,
    PasswordsDiffer,
    PasswordUnchanged,
    UnknownChoice,
    AlreadyTaken,
    BadPhone,
    BadIdNumber,
    BadDate,
    BadNumber,
    BadFormat,
    MustBeLater,
    /// A signature's typed name is not the account's name.
    NameMismatch,
    /// A review with a concern can be approved only with conditions (or rejected).
    ConcernNeedsConditions,
    /// A period closed (a year's assessment) before it has ended.
    PeriodNotOver,
}

/// Login names: 3-32 of lower-case ASCII letters, digits, `.`, `_`, `-`; starting with a letter.
pub fn check_login(login: &str) -> Result<String, FieldProblem> {
    let login = login.trim().to_lowercase();
    if login.is_empty() {
        return Err(FieldProblem::Required);
    }
    if login.chars().count() < 3 {
        return Err(FieldProblem::TooShort);
    }
    if login.chars().count() > 32 {
        return Err(FieldProblem::TooLong);
    }
    let mut chars = login.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !(first_ok && rest_ok) {
        return Err(FieldProblem::BadLoginChars);
    }
    Ok(login)
}

/// Display names: 1-40 characters after trimming (Chinese names are short; this is generous).
pub fn check_display_name(name: &str) -> Result<String, FieldProblem> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(FieldProblem::Required),
        n if n > 40 => Err(FieldProblem::TooLong),
        _ => Ok(name.to_owned()),
    }
}

/// Passwords: 10-128 characters with at least two of: letters, digits, other characters.
pub fn check_new_password(password: &str) -> Result<(), FieldProblem> {
    let n = password.chars().count();
    if n == 0 {
        return Err(FieldProblem::Required);
    }
    if n < PASSWORD_MIN_CHARS {
        return Err(FieldProblem::TooShort);
    }
    if n > PASSWORD_MAX_CHARS {
        return Err(FieldProblem::TooLong);
    }
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    let others = password.chars().any(|c| !c.is_alphanumeric());
    if [letters, digits, others].iter().filter(|b| **b).count() < 2 {
        return Err(FieldProblem::PasswordTooWeak);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        assert_eq!(check_login("  Zhang.San "), Ok("zhang.san".into()));
        assert_eq!(check_login(""), Err(FieldProblem::Required));
        assert_eq!(check_login("ab"), Err(FieldProblem::TooShort));
        assert_eq!(check_login(&"a".repeat(33)), Err(FieldProblem::TooLong));
        assert_eq!(check_login("1abc"), Err(FieldProblem::BadLoginChars));
        assert_eq!(check_login("张三abc"), Err(FieldProblem::BadLoginChars));
        assert_eq!(check_login("a b c"), Err(FieldProblem::BadLoginChars));
    }

    #[test]
    fn display_names() {
        assert_eq!(check_display_name(" 王芳 "), Ok("王芳".into()));
        assert_eq!(check_display_name("   "), Err(FieldProblem::Required));
        assert_eq!(
            check_display_name(&"长".repeat(41)),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn passwords() {
        assert_eq!(check_new_password(""), Err(FieldProblem::Required));
        assert_eq!(check_new_password("abc12"), Err(FieldProblem::TooShort));
        assert_eq!(
            check_new_password("abcdefghijkl"),
            Err(FieldProblem::PasswordTooWeak)
        );
        assert_eq!(
            check_new_password("热线工单密码很长很长"),
            Err(FieldProblem::PasswordTooWeak)
        );
        assert_eq!(check_new_password("hotline-desk"), Ok(()));
        assert_eq!(check_new_password("abcdefgh12"), Ok(()));
        assert_eq!(
            check_new_password(&"a1".repeat(65)),
            Err(FieldProblem::TooLong)
        );
    }
}

/// An admin may not lock themselves out: no disabling their own account, no dropping their
/// own admin role. Someone else must do that.
pub fn check_self_change(
    actor_id: i64,
    target_id: i64,
    keeps_admin: bool,
    stays_active: bool,
) -> Result<(), FieldProblem> {
    if actor_id == target_id && !(keeps_admin && stays_active) {
        return Err(FieldProblem::UnknownChoice);
    }
    Ok(())
}

#[cfg(test)]
mod self_change_tests {
    use super::*;

    #[test]
    fn admins_cannot_lock_themselves_out() {
        assert!(check_self_change(1, 1, true, true).is_ok());
        assert!(check_self_change(1, 1, false, true).is_err());
        assert!(check_self_change(1, 1, true, false).is_err());
        assert!(check_self_change(1, 2, false, false).is_ok());
    }
}
