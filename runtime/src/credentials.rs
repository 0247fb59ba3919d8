//! The credentials the platform asks for, and the [`Secret`] wrapper that keeps them out of `Debug` and `Display`.

use std::fmt;

/// A secret value (token or session secret): it never shows in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The credentials the platform asks for: the application's access token and, for user calls, a session.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    pub(crate) access_token: Option<Secret>,
    pub(crate) session: Option<(Secret, Secret)>,
}

impl Credentials {
    /// No credentials.
    pub fn new() -> Credentials {
        Credentials::default()
    }

    /// The application's access token (sent as `HT-ACCESS-TOKEN`, or the header the doc names).
    pub fn with_access_token(mut self, token: impl Into<String>) -> Credentials {
        self.access_token = Some(Secret::new(token));
        self
    }

    /// The user's session token and secret (sent as `IMR-SESSION-TOKEN`/`IMR-SESSION-SECRET`, or as HTTP Basic
    /// authentication where the doc asks for `Authorization`).
    pub fn with_session(mut self, token: impl Into<String>, secret: impl Into<String>) -> Credentials {
        self.session = Some((Secret::new(token), Secret::new(secret)));
        self
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_token", &self.access_token.as_ref().map(|_| "<redacted>"))
            .field("session", &self.session.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}
