//! Server settings that are not command-line plumbing: the session secret and timeouts.
use std::time::Duration;

/// Used only by debug builds when no secret is configured; release builds refuse it.
pub const DEV_SECRET: &str = "hotline-development-secret-do-not-use-in-production";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("no session secret: set HOTLINE_SECRET or HOTLINE_SECRET_FILE (`make run` creates ./data/secret)")]
    Missing,
    #[error("the session secret must be at least 32 characters")]
    TooShort,
    #[error("the built-in development secret cannot be used by a release build")]
    DevSecretInRelease,
    #[error("cannot read the secret file {0}: {1}")]
    File(String, std::io::Error),
}

/// Where the secret came from, decided in `main` from flags and environment.
pub fn resolve_secret(
    inline: Option<String>,
    file: Option<&std::path::Path>,
    release_build: bool,
) -> Result<String, SecretError> {
    let secret = match (inline, file) {
        (Some(s), _) if !s.is_empty() => s,
        (_, Some(path)) => std::fs::read_to_string(path)
            .map_err(|e| SecretError::File(path.display().to_string(), e))?
            .trim()
            .to_owned(),
        _ if release_build => return Err(SecretError::Missing),
        _ => {
            tracing::warn!("no session secret configured; using the development secret");
            DEV_SECRET.to_owned()
        }
    };
    if release_build && secret == DEV_SECRET {
        return Err(SecretError::DevSecretInRelease);
    }
    if secret.chars().count() < 32 {
        return Err(SecretError::TooShort);
    }
    Ok(secret)
}

#[derive(Clone, Debug)]
pub struct SessionTimeouts {
    /// Signed out after this long without a request.
    pub idle: Duration,
    /// Signed out this long after signing in, however active.
    pub absolute: Duration,
}

impl Default for SessionTimeouts {
    fn default() -> Self {
        SessionTimeouts {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_builds_refuse_missing_or_default_secrets() {
        assert!(matches!(
            resolve_secret(None, None, true),
            Err(SecretError::Missing)
        ));
        assert!(matches!(
            resolve_secret(Some(DEV_SECRET.into()), None, true),
            Err(SecretError::DevSecretInRelease)
        ));
        assert_eq!(resolve_secret(None, None, false).unwrap(), DEV_SECRET);
        assert!(matches!(
            resolve_secret(Some("short".into()), None, false),
            Err(SecretError::TooShort)
        ));
        let good = "x".repeat(40);
        assert_eq!(
            resolve_secret(Some(good.clone()), None, true).unwrap(),
            good
        );
    }

    #[test]
    fn secret_from_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, format!("{}\n", "s".repeat(64))).unwrap();
        assert_eq!(
            resolve_secret(None, Some(&path), true).unwrap(),
            "s".repeat(64)
        );
    }
}
