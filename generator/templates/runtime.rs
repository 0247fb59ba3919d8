//! The hand-written runtime of the generated client: the [`Client`], credentials, request building, response
//! decoding, errors, retries, redirects, pagination and (with the `mock` feature) the mock server.
//!
//! `cargo xtask gen` copies this file verbatim from `generator/templates/runtime.rs` into every generated crate;
//! edit the template, not the copy. The generated modules stay thin: each operation is a request struct that
//! implements [`Operation`], and everything clever lives here.
//!
//! # What the client promises
//!
//! - **Credentials go where the doc says.** The application's access token goes on every request; the session
//!   token and secret (or HTTP Basic built from them) only on the operations whose doc section lists them
//!   ([`Operation::AUTH`]). Nothing else is derived from them, and a base URL with a user name or password is
//!   refused by [`ClientBuilder::build`], so no `Authorization` header is ever made up.
//! - **Redirects are not followed** by default: a 3xx answer is [`Error::Redirect`], naming where it pointed
//!   (without any user name or password). [`ClientBuilder::redirects`] with [`RedirectPolicy::same_origin`]
//!   follows redirects to the same scheme, host and port for operations that are safe to repeat only; a
//!   redirect to another origin is never followed, and an operation that is not safe to repeat is never sent
//!   again on any redirect.
//! - **A write is never replayed.** An operation that is not safe to repeat ([`Operation::IDEMPOTENT`] is
//!   `false`) is sent again only while no attempt could have reached a server (every attempt so far, redirect
//!   hops included, failed to connect). Redirect errors are not retried.
//! - **Nothing a server sends, and no duration, panics the caller.** Deadlines and waits saturate;
//!   `Duration::MAX` means "no limit"; an absurd `Retry-After` ends the retries.
//! - **Integers are exact.** An integer that does not fit the field's type, or a fraction where an integer is
//!   documented, is [`Error::Decode`] naming the field (`path`) and the value; nothing is rounded or clamped.
//! - **Sensitive values stay out of sight.** A parameter the overrides mark `sensitive` shows as `<redacted>`
//!   in its request's `Debug`; when it travels in the URL ([`Operation::SENSITIVE_URL`]), the URL is kept out of
//!   the logs and transport errors, and a redirect that is not followed names only the origin it pointed to.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

pub use reqwest::header::HeaderMap;
pub use reqwest::{Certificate, Method, StatusCode, Url};

/// The longest body excerpt an error carries.
const EXCERPT_CHARS: usize = 200;

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
    access_token: Option<Secret>,
    session: Option<(Secret, Secret)>,
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

/// What a documented request header carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// The application's access token.
    AccessToken,
    /// The user's session token.
    SessionToken,
    /// The user's session secret.
    SessionSecret,
    /// `Authorization: Basic base64(token:secret)` built from the session.
    Basic,
}

/// A request header an operation's doc names, and what it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthHeader {
    /// The header name as the doc writes it.
    pub name: &'static str,
    /// The same name in lowercase, as HTTP/2 sends it (so the client makes it without allocating).
    pub lowercase: &'static str,
    /// Its content.
    pub kind: AuthKind,
}

/// How an operation's parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// In the query string.
    Query,
    /// In an `application/x-www-form-urlencoded` body; arrays as repeated keys.
    Form,
    /// In a JSON object body.
    Json,
}

/// Options of one call, overriding the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The whole call's timeout: every attempt and the waits between them.
    pub timeout: Option<Duration>,
    /// When and how often the call is sent again.
    pub retry: Option<RetryPolicy>,
}

/// When and how often a failed call is sent again.
///
/// A call is retried after a connection failure, a timed-out attempt (see [`RetryPolicy::with_attempt_timeout`])
/// or an HTTP 429, 502, 503 or 504, while attempts and the call's timeout last. Between attempts it waits an
/// exponential backoff with jitter, or what the server's `Retry-After` asks (in seconds or as an HTTP date) when
/// that is no longer than [`RetryPolicy::with_max_retry_after`]; a longer `Retry-After` ends the retries.
/// A redirect that is not followed ([`Error::Redirect`]) is an answer, not a failure, and is never retried.
///
/// Only operations that are safe to repeat ([`Operation::IDEMPOTENT`]) are retried once a request may have
/// reached a server; the others are sent again only when every attempt so far failed to connect, so nothing
/// was sent. No setting lifts that rule: the doc's classification can be corrected in `spec/overrides.toml`.
///
/// Every duration saturates: `Duration::MAX` as a backoff, or a `Retry-After` of `u64::MAX` seconds, is a very
/// long wait (or the end of the retries when it does not fit the call's timeout), never a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_retry_after: Duration,
    attempt_timeout: Option<Duration>,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 100 ms doubling up to 2 s with jitter, `Retry-After` up to 30 s.
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            jitter: true,
            max_retry_after: Duration::from_secs(30),
            attempt_timeout: None,
        }
    }
}

impl RetryPolicy {
    /// One attempt: never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy::default().with_max_attempts(1)
    }

    /// The number of attempts, the first included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> RetryPolicy {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each further one up to `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> RetryPolicy {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Whether each wait is drawn at random between half the backoff and all of it (default: yes), so that
    /// clients that failed together do not retry together.
    pub fn with_jitter(mut self, jitter: bool) -> RetryPolicy {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` honoured (default 30 s); a server asking for more ends the retries.
    pub fn with_max_retry_after(mut self, max: Duration) -> RetryPolicy {
        self.max_retry_after = max;
        self
    }

    /// A timeout for each attempt, so that a timed-out attempt can be retried within the call's timeout (default:
    /// none, an attempt may take the whole call's time). `Duration::MAX` is the same as none.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> RetryPolicy {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before retry number `retry` (1 for the first), before jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The wait before retry number `retry` (1 for the first) when the server sends no `Retry-After`: the
    /// backoff, or with jitter a random duration between half of it and all of it.
    pub fn delay(&self, retry: u32) -> Duration {
        let backoff = self.backoff(retry);
        if !self.jitter {
            return backoff;
        }
        let half = backoff / 2;
        // The spread is capped to what a `u64` of nanoseconds holds (584 years); `checked_add` keeps the modulus
        // from overflowing when it is that large.
        let spread = u64::try_from((backoff - half).as_nanos()).unwrap_or(u64::MAX);
        let random = random_u64();
        let offset = spread.checked_add(1).map_or(random, |modulus| random % modulus);
        half.saturating_add(Duration::from_nanos(offset))
    }
}

/// Which redirects the client follows (see [`ClientBuilder::redirects`]).
///
/// Whatever the policy, a redirect is followed only when it keeps the scheme, host and port of the request and
/// the operation is safe to repeat ([`Operation::IDEMPOTENT`]), and only with the same method and body: a 301,
/// 302, 307 or 308 sends the same request to the new path, a 303 is followed by a `GET` only. Any other redirect
/// ends the call with [`Error::Redirect`], before anything is sent to where it points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedirectPolicy {
    max_hops: u32,
}

impl Default for RedirectPolicy {
    /// [`RedirectPolicy::none`].
    fn default() -> RedirectPolicy {
        RedirectPolicy::none()
    }
}

impl RedirectPolicy {
    /// Follow no redirect (the default): every 3xx answer is [`Error::Redirect`].
    pub fn none() -> RedirectPolicy {
        RedirectPolicy { max_hops: 0 }
    }

    /// Follow up to `max_hops` redirects per attempt to the same origin, for operations that are safe to repeat.
    pub fn same_origin(max_hops: u32) -> RedirectPolicy {
        RedirectPolicy { max_hops }
    }

    /// The most redirects followed in one attempt (0: none).
    pub fn max_hops(&self) -> u32 {
        self.max_hops
    }
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// The client follows no redirects ([`RedirectPolicy::none`], the default).
    NotEnabled,
    /// The operation is not safe to repeat, so it is never sent again.
    NotIdempotent,
    /// The redirect points to another scheme, host or port, which the credentials were not meant for.
    OtherOrigin,
    /// A 303 asks for a `GET` of another resource, which would not be the answer of this operation.
    MethodChange,
    /// More redirects than [`RedirectPolicy::same_origin`] allows (a loop, most likely).
    TooManyHops,
    /// The status is a 3xx without a usable `Location`, or one that is not a redirect to follow (300, 304, 305).
    NoLocation,
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RedirectRefusal::NotEnabled => "the client follows no redirects",
            RedirectRefusal::NotIdempotent => "the operation is not safe to repeat",
            RedirectRefusal::OtherOrigin => "it points to another origin",
            RedirectRefusal::MethodChange => "a 303 would change the method",
            RedirectRefusal::TooManyHops => "too many redirects",
            RedirectRefusal::NoLocation => "no redirect to follow",
        })
    }
}

/// A random number for jitter, from the standard library's per-process random hash keys (no extra dependency).
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher
        .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.finish()
}

/// Encodes a value as request parameters: scalars as one pair, lists as repeated keys, `None` as nothing.
pub trait ToParam {
    /// Appends `(name, value)` pairs.
    fn push_param(&self, name: &str, out: &mut Vec<(String, String)>);
}

macro_rules! to_param_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_owned(), self.to_string()));
            }
        })*
    };
}

to_param_display!(String, str, i32, i64, u32, u64, f64, bool);

impl<T: ToParam + ?Sized> ToParam for &T {
    fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).push_param(name, out);
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.push_param(name, out);
        }
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
        for value in self {
            value.push_param(name, out);
        }
    }
}

impl ToParam for serde_json::Value {
    fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => out.push((name.to_owned(), s.clone())),
            other => out.push((name.to_owned(), other.to_string())),
        }
    }
}

/// Appends a parameter (generated code calls this once per parameter).
pub fn push<T: ToParam + ?Sized>(out: &mut Vec<(String, String)>, name: &str, value: &T) {
    value.push_param(name, out);
}

/// Appends a list as one parameter whose items are joined by `separator` (`ids=1,2`); an empty or absent list
/// adds nothing.
pub fn push_joined<T: ToParam + ?Sized>(out: &mut Vec<(String, String)>, name: &str, value: &T, separator: &str) {
    let mut items = Vec::new();
    value.push_param(name, &mut items);
    if !items.is_empty() {
        let joined: Vec<String> = items.into_iter().map(|(_, item)| item).collect();
        out.push((name.to_owned(), joined.join(separator)));
    }
}

/// Percent-encodes a path parameter as exactly one segment: `/`, `?`, `#` and `%` are escaped, and the dot
/// segments `.` and `..` (which URL parsers resolve away) are refused, as is an empty value.
pub fn segment(name: &str, value: &str) -> Result<String, String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!("path parameter `{name}` cannot be {value:?}"));
    }
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    Ok(percent_encoding::utf8_percent_encode(value, SEGMENT).to_string())
}

/// A closed set of wire values with an `Unknown` fallback: what every generated enum implements.
pub trait WireEnum: Sized {
    /// The value on the wire.
    fn as_wire(&self) -> &str;
    /// The variant for a wire value (`Unknown` for one the doc does not list).
    fn from_wire(value: &str) -> Self;
}

/// Implements `Display`, `ToParam`, `Serialize` and `Deserialize` for a [`WireEnum`].
macro_rules! wire_enum_impls {
    ($ty:ty) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(crate::runtime::WireEnum::as_wire(self))
            }
        }
        impl crate::runtime::ToParam for $ty {
            fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_owned(), crate::runtime::WireEnum::as_wire(self).to_owned()));
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(crate::runtime::WireEnum::as_wire(self))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = crate::runtime::de::string(deserializer)?;
                Ok(<$ty as crate::runtime::WireEnum>::from_wire(&value))
            }
        }
    };
}
pub(crate) use wire_enum_impls;

/// An operation's documented error kinds, read from an error envelope.
pub trait ErrorKind: fmt::Debug + Sized {
    /// The kind for an envelope's status and message (`Other` when the doc lists neither).
    fn from_envelope(status: u16, message: &str) -> Self;
    /// The status and message the platform sends for this kind (`None` for `Other`).
    fn to_envelope(&self) -> Option<(u16, String)>;
}

/// Matches a message against a documented pattern such as `require parameter:A` and returns the value in the
/// placeholder's place.
pub fn match_pattern(message: &str, prefix: &str, suffix: &str) -> Option<String> {
    let message = message.trim();
    let rest = message.strip_prefix(prefix.trim_start())?;
    let value = rest.strip_suffix(suffix)?;
    Some(value.trim().to_owned())
}

/// One operation of the API: what the generated request structs implement.
pub trait Operation: Sized {
    /// The decoded `result`.
    type Output: DeserializeOwned;
    /// The documented error kinds.
    type ErrorKind: ErrorKind;
    /// The operation's name (its OpenAPI `operationId`).
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// Whether the call is safe to repeat: the doc says it reads (see the generator's README for the rule), or
    /// `spec/overrides.toml` says so. Only such calls are retried once a request may have reached a server,
    /// and only they follow redirects.
    const IDEMPOTENT: bool;
    /// Whether the success body is a `{status, message, result}` envelope.
    const ENVELOPED: bool;
    /// Whether the envelope's `result` is decoded (`false`: the output is `()`).
    const HAS_RESULT: bool;
    /// How the parameters travel.
    const BODY: Body;
    /// The credential headers this operation sends: the access token (under the doc's name for it) on every
    /// operation, and the session headers only where the operation's section lists them.
    const AUTH: &'static [AuthHeader];
    /// Whether the URL carries a sensitive parameter (in the path or query string): the URL is then kept out of
    /// logs, transport errors and redirect errors.
    const SENSITIVE_URL: bool = false;
    /// The path with its parameters encoded, or why it cannot be built.
    fn path(&self) -> Result<String, String>;
    /// The query or body parameters.
    fn params(&self, out: &mut Vec<(String, String)>);
    /// This call's options.
    fn options(&self) -> &CallOptions;
    /// The JSON body (for `Body::Json`): the parameters as typed members. The default sends every parameter as a
    /// string; generated code overrides it with typed values.
    fn json_body(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut params = Vec::new();
        self.params(&mut params);
        params.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect()
    }
}

/// Adds a member to a JSON body; `None` adds nothing.
pub fn push_json<T: serde::Serialize + ?Sized>(
    out: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: &T,
) {
    // The values are plain data (strings, numbers, lists, wire enums); serializing them cannot fail.
    let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    if !value.is_null() {
        out.insert(name.to_owned(), value);
    }
}

/// A decoded success, with the HTTP details beside it.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// The decoded `result`.
    pub value: T,
    /// The envelope's message (`OK`).
    pub message: String,
    /// The HTTP status.
    pub http_status: StatusCode,
    /// The HTTP response headers.
    pub headers: HeaderMap,
}

impl<T> ApiResponse<T> {
    /// The decoded value alone.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> std::ops::Deref for ApiResponse<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Everything a call can fail with. `E` is the operation's documented error kinds.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug> {
    /// The platform answered with an error envelope.
    #[error("{operation}: the platform answered status {status}: {message}")]
    Api {
        /// The operation.
        operation: &'static str,
        /// The envelope's status (400, 403, 406, 500, ...).
        status: u16,
        /// The envelope's message, as sent.
        message: String,
        /// The documented kind, or `Other`.
        kind: E,
        /// The HTTP status.
        http_status: StatusCode,
    },
    /// The request could not be sent or the response not received.
    #[error("{operation}: request failed: {source}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// No complete response within the timeout (the call's, or the policy's attempt timeout).
    #[error("{operation}: no response within {timeout:?}")]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// A non-success HTTP status without an error envelope.
    #[error("{operation}: HTTP {http_status}: {excerpt}")]
    Http {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        http_status: StatusCode,
        /// The start of the body.
        excerpt: String,
    },
    /// The body is not the JSON the doc describes.
    #[error(
        "{operation}: cannot decode the response (HTTP {http_status}) at `{path}`: {source}; the body starts with \
         {excerpt:?}"
    )]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        http_status: StatusCode,
        /// Where in the body decoding failed, such as `result.entites[0].unique` (`.` for the body itself).
        path: String,
        /// The start of the body.
        excerpt: String,
        /// The cause; for a field, its message names the value as it was sent.
        #[source]
        source: serde_json::Error,
    },
    /// The server answered with a redirect that the client did not follow ([`RedirectPolicy`]). Nothing was
    /// sent to where it points.
    #[error(
        "{operation}: HTTP {http_status}: redirect to {} not followed: {reason}",
        location.as_deref().unwrap_or("nowhere")
    )]
    Redirect {
        /// The operation.
        operation: &'static str,
        /// The HTTP status (301, 302, 303, 307, 308, ...).
        http_status: StatusCode,
        /// Where the redirect points, resolved against the request's URL, without any user name or password;
        /// `None` when the answer has no `Location` or one that is not a URL. For an operation with a sensitive
        /// parameter in its URL, only the origin is kept (`https://host/<redacted>`).
        location: Option<String>,
        /// Why it was not followed.
        reason: RedirectRefusal,
    },
    /// The body is larger than the client accepts.
    #[error("{operation}: the response body exceeds {limit} bytes")]
    BodyTooLarge {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        http_status: StatusCode,
        /// The limit.
        limit: usize,
    },
    /// The request cannot be built (a path parameter that would leave its segment, a header with CR/LF, ...);
    /// nothing was sent.
    #[error("{operation}: invalid request: {reason}")]
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        reason: String,
    },
}

impl<E: fmt::Debug> Error<E> {
    /// The documented kind, when the platform answered with an error envelope.
    pub fn kind(&self) -> Option<&E> {
        match self {
            Error::Api { kind, .. } => Some(kind),
            _ => None,
        }
    }
}

/// Why [`ClientBuilder::build`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not one the client can append paths to.
    #[error("invalid base URL `{url}`: {reason}")]
    BaseUrl {
        /// The base URL as given, with any user name and password removed.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The HTTP client could not be set up (a TLS backend or certificate problem).
    #[error("cannot set up the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Builds a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    max_body_bytes: usize,
    retry: RetryPolicy,
    redirects: RedirectPolicy,
    root_certificates: Vec<Certificate>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_url(&self.base_url))
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("retry", &self.retry)
            .field("redirects", &self.redirects)
            .field("root_certificates", &self.root_certificates.len())
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> ClientBuilder {
        ClientBuilder {
            base_url: crate::generated::DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_body_bytes: 64 * 1024 * 1024,
            retry: RetryPolicy::default(),
            redirects: RedirectPolicy::none(),
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// The scheme (`http` or `https`), host, optional port and optional path prefix that paths are appended to,
    /// such as `https://api.example.com/gateway`. [`ClientBuilder::build`] refuses one with a query, a fragment,
    /// a user name or a password.
    pub fn base_url(mut self, base_url: impl Into<String>) -> ClientBuilder {
        self.base_url = base_url.into();
        self
    }

    /// The credentials; each operation sends those its doc section names (see [`Operation::AUTH`]).
    pub fn credentials(mut self, credentials: Credentials) -> ClientBuilder {
        self.credentials = credentials;
        self
    }

    /// The timeout of a whole call, retries included (default 30 s); a call can override it. `Duration::MAX`
    /// (or any duration too long to add to the current time) means no limit.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = timeout;
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> ClientBuilder {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body accepted (default 64 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> ClientBuilder {
        self.max_body_bytes = limit;
        self
    }

    /// When and how often failed calls are sent again (default: [`RetryPolicy::default`]); a call can override it.
    pub fn retry(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry = policy;
        self
    }

    /// Which redirects are followed (default: [`RedirectPolicy::none`], every 3xx is [`Error::Redirect`]).
    pub fn redirects(mut self, policy: RedirectPolicy) -> ClientBuilder {
        self.redirects = policy;
        self
    }

    /// Trusts this certificate authority for `https://` base URLs, besides the built-in roots (for a private CA
    /// or a test server's self-signed certificate).
    pub fn add_root_certificate(mut self, certificate: Certificate) -> ClientBuilder {
        self.root_certificates.push(certificate);
        self
    }

    /// Builds the client, after checking the base URL.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = checked_base_url(&self.base_url)?;
        // The client follows redirects itself (see `Client::send`), so that it knows for each hop whether the
        // operation may be sent again and where its credentials would go.
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none());
        for certificate in &self.root_certificates {
            http = http.add_root_certificate(certificate.clone());
        }
        let http = http.build().map_err(BuildError::Http)?;
        let credentials = &self.credentials;
        let session = credentials.session.as_ref();
        let auth_values = [
            credentials.access_token.as_ref().map(|token| sensitive_value(token.expose())),
            session.map(|(token, _)| sensitive_value(token.expose())),
            session.map(|(_, secret)| sensitive_value(secret.expose())),
            session.map(|(token, secret)| {
                use base64::Engine as _;
                let raw = format!("{}:{}", token.expose(), secret.expose());
                sensitive_value(&format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw)))
            }),
        ];
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth_values, config: self }) })
    }
}

/// A header value marked sensitive (kept out of reqwest's and hyper's debug output), or `None` when the text
/// cannot be a header value (CR, LF and other control characters).
fn sensitive_value(text: &str) -> Option<reqwest::header::HeaderValue> {
    let mut value = reqwest::header::HeaderValue::from_str(text).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// The base URL, checked: `http` or `https`, a host, no user name or password, no query, no fragment; without
/// its trailing slash, so that operation paths (which start with `/`) can be appended.
fn checked_base_url(raw: &str) -> Result<String, BuildError> {
    let refuse = |reason| BuildError::BaseUrl { url: redact_url(raw), reason };
    let url = Url::parse(raw.trim()).map_err(|_| refuse("not an absolute URL such as `https://host/prefix`"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("the scheme must be `http` or `https`"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("it carries a user name or password; pass credentials with `ClientBuilder::credentials`"));
    }
    if url.query().is_some() {
        return Err(refuse("it has a query, which the operation's path would be appended to"));
    }
    if url.fragment().is_some() {
        return Err(refuse("it has a fragment, which would drop the operation's path"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A URL for messages: any user name and password removed, also from text that is not an `http` or `https` URL
/// (where everything between the scheme and the last `@` before any query is left out).
fn redact_url(raw: &str) -> String {
    if let Ok(mut url) = Url::parse(raw.trim()) {
        if matches!(url.scheme(), "http" | "https") {
            // Both succeed on `http` and `https` URLs, which always have a host.
            let _ = url.set_username("");
            let _ = url.set_password(None);
            return url.to_string();
        }
    }
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let Some(at) = raw[..end].rfind('@') else { return raw.to_owned() };
    let start = raw.find("://").map(|idx| idx + 3).or_else(|| raw.find(':').map(|idx| idx + 1)).unwrap_or(0);
    if start <= at {
        format!("{}…{}", &raw[..start], &raw[at..])
    } else {
        format!("…{}", &raw[at..])
    }
}

/// The API client: cheap to clone, safe to share between tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The checked base URL, without its trailing slash.
    base_url: String,
    /// The value of each credential header, made once and indexed by [`AuthKind`]: `None` when the credential
    /// was not given, `Some(None)` when it cannot be a header value (reported when an operation would send it).
    auth_values: [Option<Option<reqwest::header::HeaderValue>>; 4],
    config: ClientBuilder,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.config.credentials)
            .field("timeout", &self.inner.config.timeout)
            .field("retry", &self.inner.config.retry)
            .field("redirects", &self.inner.config.redirects)
            .finish()
    }
}

/// What one attempt brought back: the status, headers and body of a final (non-redirect) answer.
type Exchange = (StatusCode, HeaderMap, bytes::Bytes);

impl Client {
    /// A builder with the doc's base URL and no credentials.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL calls go to, as checked by [`ClientBuilder::build`] (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The HTTP request an operation sends, without sending it.
    pub fn build_request<O: Operation>(&self, operation: &O) -> Result<reqwest::Request, Error<O::ErrorKind>> {
        let invalid = |reason: String| Error::InvalidRequest { operation: O::NAME, reason };
        let path = operation.path().map_err(invalid)?;
        let mut url = String::with_capacity(self.inner.base_url.len() + path.len());
        url.push_str(&self.inner.base_url);
        url.push_str(&path);
        let mut params = Vec::new();
        operation.params(&mut params);
        let builder = self.inner.http.request(O::METHOD, url);
        let builder = match O::BODY {
            Body::Query => builder.query(&params),
            Body::Form => builder.form(&params),
            Body::Json => builder.json(&operation.json_body()),
        };
        // A sensitive value in the URL stays out of the error (its `Display` and `Debug` print the URL).
        let mut request = builder.build().map_err(|source| Error::Transport {
            operation: O::NAME,
            source: if O::SENSITIVE_URL { source.without_url() } else { source },
        })?;
        let headers = request.headers_mut();
        for header in O::AUTH {
            let Some(value) = &self.inner.auth_values[header.kind as usize] else { continue };
            let value = value.clone().ok_or_else(|| {
                invalid(format!("the value for header `{}` contains a forbidden character", header.name))
            })?;
            headers.insert(header_name(header).map_err(invalid)?, value);
        }
        Ok(request)
    }

    /// Sends an operation and decodes its answer, retrying as the call's (or the client's) [`RetryPolicy`] says
    /// and following redirects as the client's [`RedirectPolicy`] says.
    ///
    /// This returns a future rather than being an `async fn`: an `async fn` keeps its by-value argument twice in
    /// its state, and the future's size is memory that each call in flight holds (`cargo bench -p perf --bench
    /// runtime`, 1 000 calls in flight). For the same reason, what lives across an `.await` is kept small: the
    /// request is built inside `send`, and an attempt's outcome is gone before the wait for the next.
    #[allow(clippy::manual_async_fn, reason = "an `async fn` would hold `operation` twice in every call in flight")]
    pub fn execute<'a, O: Operation + 'a>(
        &'a self,
        operation: O,
    ) -> impl std::future::Future<Output = Result<ApiResponse<O::Output>, Error<O::ErrorKind>>> + 'a {
        async move {
            let config = &self.inner.config;
            let timeout = operation.options().timeout.unwrap_or(config.timeout);
            let policy = operation.options().retry.as_ref().unwrap_or(&config.retry);
            // `None`: no limit (a timeout too long to add to the current time, such as `Duration::MAX`).
            let deadline = tokio::time::Instant::now().checked_add(timeout);
            // Whether any attempt so far may have reached a server: only a failed connection proves it did not.
            let mut reached = false;
            let mut attempt = 1;
            loop {
                let wait = {
                    let remaining =
                        deadline.map(|deadline| deadline.saturating_duration_since(tokio::time::Instant::now()));
                    let limit = match (remaining, policy.attempt_timeout) {
                        (Some(remaining), Some(limit)) => Some(remaining.min(limit)),
                        (remaining, limit) => remaining.or(limit),
                    };
                    // One attempt future, always under a timeout (`Duration::MAX` is tokio's far future): a second
                    // `send` future in another arm, or one made before and moved into `timeout`, would take its own
                    // room in this future's state.
                    let attempt_future =
                        tokio::time::timeout(limit.unwrap_or(Duration::MAX), self.send(&operation, attempt, &mut reached));
                    let outcome = match attempt_future.await {
                        Ok(outcome) => outcome,
                        Err(_) => {
                            // The request may have been written before the time ran out.
                            reached = true;
                            // The call's own timeout is the one to report unless a shorter attempt timeout ran out.
                            let call_ran_out = remaining.is_some_and(|remaining| Some(remaining) <= limit);
                            let timeout = if call_ran_out { timeout } else { limit.unwrap_or(Duration::MAX) };
                            Err(Error::Timeout { operation: O::NAME, timeout })
                        }
                    };
                    match self.retry_wait::<O>(&outcome, policy, attempt, reached, deadline) {
                        Some(wait) => wait,
                        None => {
                            let (http_status, headers, body) = outcome?;
                            tracing::debug!(operation = O::NAME, status = http_status.as_u16(), bytes = body.len(), "received");
                            return decode::<O>(http_status, headers, &body);
                        }
                    }
                };
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        }
    }

    /// How long to wait before the next attempt, or `None` when the outcome is final: an answer that is not a
    /// "try again later", a failure of an operation that is not safe to repeat once a request may have reached
    /// a server, no attempts left, or a wait that would not end before the call's deadline.
    fn retry_wait<O: Operation>(
        &self,
        outcome: &Result<Exchange, Error<O::ErrorKind>>,
        policy: &RetryPolicy,
        attempt: u32,
        reached: bool,
        deadline: Option<tokio::time::Instant>,
    ) -> Option<Duration> {
        let (reason, retry_after) = match outcome {
            Ok((http_status, headers, _)) if RETRY_STATUSES.contains(&http_status.as_u16()) => {
                ("HTTP status", retry_after(headers))
            }
            Err(Error::Transport { .. }) => ("transport error", None),
            Err(Error::Timeout { .. }) => ("timeout", None),
            // Answers, redirects included, and requests that cannot be built are not retried.
            _ => return None,
        };
        if (reached && !O::IDEMPOTENT) || attempt >= policy.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(asked) if asked > policy.max_retry_after => return None,
            Some(asked) => asked,
            None => policy.delay(attempt),
        };
        // A retry that could not finish before the call's deadline is not started.
        let fits = deadline.is_none_or(|deadline| {
            tokio::time::Instant::now().checked_add(wait).is_some_and(|end| end < deadline)
        });
        fits.then(|| {
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            tracing::info!(operation = O::NAME, attempt, reason, wait_ms, "retrying");
            wait
        })
    }

    /// One attempt: builds and sends the request, follows the redirects the policy allows, and reads the final
    /// body. Sets `reached` as soon as a request may have reached a server (anything but a failed connection).
    async fn send<O: Operation>(
        &self,
        operation: &O,
        attempt: u32,
        reached: &mut bool,
    ) -> Result<Exchange, Error<O::ErrorKind>> {
        let mut hops = 0;
        // Where the last redirect pointed; the request is rebuilt from the operation for each hop, so that no
        // `reqwest::Request` lives across an `.await`.
        let mut redirected_to: Option<Box<Url>> = None;
        loop {
            let mut request = self.build_request(operation)?;
            if let Some(target) = redirected_to.take() {
                *request.url_mut() = *target;
            }
            {
                // In a block of its own: a local whose scope spans the `.await` below takes room in every call's
                // future, even once it is dead.
                let logged_path = if O::SENSITIVE_URL { "<redacted>" } else { request.url().path() };
                tracing::debug!(operation = O::NAME, method = %O::METHOD, path = %logged_path, attempt, hops, "sending");
            }
            let mut response = match self.inner.http.execute(request).await {
                Ok(response) => response,
                Err(source) => {
                    *reached |= !source.is_connect();
                    return Err(Error::Transport { operation: O::NAME, source: source.without_url() });
                }
            };
            *reached = true;
            let http_status = response.status();
            if http_status.is_redirection() {
                // The response's URL is the request's: the HTTP client itself follows no redirect.
                let from = response.url();
                let target = redirect_target(from, response.headers());
                let refusal = self.redirect_refusal::<O>(http_status, from, target.as_ref(), hops);
                match (refusal, target) {
                    (None, Some(target)) => {
                        hops += 1;
                        // Boxed: a rare case, kept out of the state every call carries.
                        redirected_to = Some(Box::new(target));
                        continue;
                    }
                    (refusal, target) => {
                        let reason = refusal.unwrap_or(RedirectRefusal::NoLocation);
                        let location = target.map(|mut target| {
                            if O::SENSITIVE_URL {
                                // A relative `Location` keeps the request's path, which holds a sensitive value:
                                // only the origin is named.
                                return format!("{}/<redacted>", target.origin().ascii_serialization());
                            }
                            // Only URLs that cannot have credentials refuse these, and those have none.
                            let _ = target.set_username("");
                            let _ = target.set_password(None);
                            target.to_string()
                        });
                        tracing::debug!(operation = O::NAME, status = http_status.as_u16(), %reason, "redirect not followed");
                        return Err(Error::Redirect { operation: O::NAME, http_status, location, reason });
                    }
                }
            }
            let limit = self.inner.config.max_body_bytes;
            let too_large = || Error::BodyTooLarge { operation: O::NAME, http_status, limit };
            let expected = match response.content_length() {
                Some(len) if len > limit as u64 => return Err(too_large()),
                Some(len) => len as usize,
                None => 0,
            };
            // The body chunk by chunk, up to `limit` bytes: a body that comes as one chunk is kept as it is (no
            // copy); others are gathered into one buffer sized by the `Content-Length`. `Response::bytes` does the
            // same, but its future is several times the size of this loop's state.
            let mut single: Option<bytes::Bytes> = None;
            let mut gathered = bytes::BytesMut::new();
            let mut received = 0usize;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|source| Error::Transport { operation: O::NAME, source: source.without_url() })?
            {
                received = received.saturating_add(chunk.len());
                if received > limit {
                    return Err(too_large());
                }
                match single.take() {
                    None if gathered.is_empty() => single = Some(chunk),
                    first => {
                        if let Some(first) = first {
                            gathered.reserve(expected.max(received));
                            gathered.extend_from_slice(&first);
                        }
                        gathered.extend_from_slice(&chunk);
                    }
                }
            }
            let body = single.unwrap_or_else(|| gathered.freeze());
            // Taken after the body, so that the headers are not a second time in this future's state meanwhile.
            let headers = std::mem::take(response.headers_mut());
            return Ok((http_status, headers, body));
        }
    }

    /// Why a redirect from `from` to `target` is not followed, or `None` when it is.
    fn redirect_refusal<O: Operation>(
        &self,
        http_status: StatusCode,
        from: &Url,
        target: Option<&Url>,
        hops: u32,
    ) -> Option<RedirectRefusal> {
        let max_hops = self.inner.config.redirects.max_hops;
        let Some(target) = target.filter(|_| matches!(http_status.as_u16(), 301 | 302 | 303 | 307 | 308)) else {
            return Some(RedirectRefusal::NoLocation);
        };
        Some(if max_hops == 0 {
            RedirectRefusal::NotEnabled
        } else if !O::IDEMPOTENT {
            RedirectRefusal::NotIdempotent
        } else if target.origin() != from.origin() {
            RedirectRefusal::OtherOrigin
        } else if http_status == StatusCode::SEE_OTHER && O::METHOD != Method::GET {
            RedirectRefusal::MethodChange
        } else if hops >= max_hops {
            RedirectRefusal::TooManyHops
        } else {
            return None;
        })
    }
}

/// Where a redirect points: its `Location` resolved against the request's URL.
fn redirect_target(from: &Url, headers: &HeaderMap) -> Option<Url> {
    let location = headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
    from.join(location.trim()).ok()
}

/// The HTTP statuses that say "try again later": too many requests, bad gateway, unavailable, gateway timeout.
const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// What the server's `Retry-After` asks: seconds, or an HTTP date (a date in the past asks for no wait).
/// A number of seconds too large for a `u64` is `Duration::MAX`, which no cap allows.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// The header's name: straight from the generated lowercase spelling, with no allocation, when it is a valid
/// lowercase name; parsed otherwise.
fn header_name(header: &AuthHeader) -> Result<reqwest::header::HeaderName, String> {
    let lowercase = header.lowercase;
    let valid = !lowercase.is_empty()
        && lowercase.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"-_".contains(&byte));
    if valid {
        return Ok(reqwest::header::HeaderName::from_static(lowercase));
    }
    reqwest::header::HeaderName::from_bytes(header.name.as_bytes())
        .map_err(|_| format!("`{}` is not a valid header name", header.name))
}

/// The first characters of a body, for error messages.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The platform's response envelope, without its `result` (skipped unparsed).
#[derive(serde::Deserialize)]
struct Envelope {
    #[serde(deserialize_with = "de::i64")]
    status: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    message: Option<String>,
}

/// The whole envelope, `result` decoded straight from the body into the operation's output type in the same pass.
/// Going through a `serde_json::Value` first made decoding a large page about three times slower, and a first
/// pass for the status alone cost a second scan of every body (`cargo bench -p perf --bench runtime`).
#[derive(serde::Deserialize)]
struct FullEnvelope<T> {
    #[serde(deserialize_with = "de::i64")]
    status: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    message: Option<String>,
    #[serde(default = "Option::default")]
    result: Option<T>,
}

/// Where decoding `body` as `T` fails (such as `result.entites[0].unique`), found by decoding it again with
/// the path tracked; only done after a failure, so a success pays nothing for it.
fn error_path<T: DeserializeOwned>(body: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(err) => err.path().to_string(),
        Ok(_) => ".".to_owned(),
    }
}

fn decode<O: Operation>(
    http_status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
) -> Result<ApiResponse<O::Output>, Error<O::ErrorKind>> {
    let decode_error = |path: String, source| Error::Decode {
        operation: O::NAME,
        http_status,
        path,
        excerpt: excerpt(body),
        source,
    };
    if !O::ENVELOPED && http_status.is_success() {
        let value = serde_json::from_slice(body).map_err(|source| decode_error(error_path::<O::Output>(body), source))?;
        return Ok(ApiResponse { value, message: String::new(), http_status, headers });
    }
    // The common case, a success envelope whose result decodes, takes one pass over the body.
    let full = (O::HAS_RESULT && http_status.is_success())
        .then(|| serde_json::from_slice::<FullEnvelope<O::Output>>(body));
    let (status, message, result) = match full {
        Some(Ok(envelope)) => (envelope.status, envelope.message, envelope.result),
        full => {
            // No result to decode, or one that does not decode: the status and message decide what to report.
            let envelope: Envelope = match serde_json::from_slice(body) {
                Ok(envelope) => envelope,
                Err(source) if http_status.is_success() => {
                    return Err(decode_error(error_path::<Envelope>(body), source));
                }
                Err(_) => return Err(Error::Http { operation: O::NAME, http_status, excerpt: excerpt(body) }),
            };
            if let (200, Some(Err(source))) = (envelope.status, full) {
                // A success envelope whose result does not decode: report where.
                return Err(decode_error(error_path::<FullEnvelope<O::Output>>(body), source));
            }
            (envelope.status, envelope.message, None)
        }
    };
    let message = message.unwrap_or_default();
    if status != 200 || !http_status.is_success() {
        let status = u16::try_from(status).unwrap_or(0);
        let kind = O::ErrorKind::from_envelope(status, &message);
        return Err(Error::Api { operation: O::NAME, status, message, kind, http_status });
    }
    // An absent or `null` result decodes as `null` would (the output is `()`, an `Option` or a `Value` then).
    let value = match result {
        Some(value) => value,
        None => serde_json::from_value(serde_json::Value::Null)
            .map_err(|source| decode_error("result".to_owned(), source))?,
    };
    Ok(ApiResponse { value, message, http_status, headers })
}

/// Pages through a list operation: requests page after page while the result says `hasNext`, and yields the items.
pub fn paginate<'a, O, T>(
    client: &'a Client,
    first: O,
    set_page: fn(&mut O, i64),
    first_page: i64,
    split: fn(O::Output) -> (Vec<T>, bool),
) -> impl futures_util::Stream<Item = Result<T, Error<O::ErrorKind>>> + 'a
where
    O: Operation + Clone + 'a,
    T: 'a,
{
    struct State<O, T> {
        next: Option<(O, i64)>,
        buffer: std::collections::VecDeque<T>,
    }
    let state = State { next: Some((first, first_page)), buffer: std::collections::VecDeque::new() };
    futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let (mut request, page) = state.next.take()?;
            set_page(&mut request, page);
            match client.execute(request.clone()).await {
                Ok(response) => {
                    let (items, has_next) = split(response.value);
                    if has_next && !items.is_empty() {
                        state.next = Some((request, page + 1));
                    }
                    state.buffer.extend(items);
                }
                Err(err) => return Some((Err(err), state)),
            }
        }
    })
}

/// Lenient deserializers: the platform sends ids as numbers or strings and booleans as `true` or `"true"`.
///
/// They are exact: an integer that does not fit in an `i64` (such as `18446744073709551615`), and a number with a
/// fraction or an exponent where an integer is documented, are errors that name the value, whether it came as a
/// number or as a string; nothing is rounded, truncated or clamped. Each reads the value through a visitor,
/// without building a `serde_json::Value`.
pub mod de {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, Error, Visitor};

    /// A JSON number as serde_json read it, for messages (`1e20`, `5.5`).
    fn float_text(value: f64) -> String {
        serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |number| number.to_string())
    }

    /// Reads an integer, a numeric string, or (when `optional`) `null` or an empty string.
    struct Integer {
        optional: bool,
    }

    impl<'de> Visitor<'de> for Integer {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a 64-bit integer, as a number or a string")
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Self::Value, E> {
            i64::try_from(value)
                .map(Some)
                .map_err(|_| E::custom(format!("the number {value} does not fit in a 64-bit integer")))
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<Self::Value, E> {
            // serde_json reads an integer beyond `u64` as a float too, so this is also "does not fit".
            Err(E::custom(format!("expected a 64-bit integer, found the number {}", float_text(value))))
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
            let trimmed = value.trim();
            if trimmed.is_empty() && self.optional {
                return Ok(None);
            }
            trimmed.parse::<i64>().map(Some).map_err(|err| {
                let digits = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
                if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
                    E::custom(format!("the string {value:?} does not fit in a 64-bit integer"))
                } else {
                    E::custom(format!("expected a 64-bit integer, found the string {value:?} ({err})"))
                }
            })
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            if self.optional {
                Ok(None)
            } else {
                Err(E::custom("expected a 64-bit integer, found null"))
            }
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            self.visit_unit()
        }
    }

    /// An integer sent as a number or a numeric string.
    pub fn i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        deserializer
            .deserialize_any(Integer { optional: false })?
            .ok_or_else(|| D::Error::custom("expected a 64-bit integer, found null"))
    }

    /// An optional integer: `null`, absent or `""` is `None`.
    pub fn opt_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        deserializer.deserialize_any(Integer { optional: true })
    }

    /// Reads a number or a numeric string, or (when `optional`) `null`.
    struct Number {
        optional: bool,
    }

    impl<'de> Visitor<'de> for Number {
        type Value = Option<f64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number, as a number or a string")
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value as f64))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value as f64))
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<Self::Value, E> {
            Ok(Some(value))
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
            match value.trim().parse::<f64>() {
                Ok(number) if number.is_finite() => Ok(Some(number)),
                _ => Err(E::custom(format!("expected a number, found the string {value:?}"))),
            }
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            if self.optional {
                Ok(None)
            } else {
                Err(E::custom("expected a number, found null"))
            }
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            self.visit_unit()
        }
    }

    /// A number sent as a number or a numeric string.
    pub fn f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer
            .deserialize_any(Number { optional: false })?
            .ok_or_else(|| D::Error::custom("expected a number, found null"))
    }

    /// An optional number.
    pub fn opt_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
        deserializer.deserialize_any(Number { optional: true })
    }

    /// Reads `true`, `"true"`, `1` or `"1"` (and their `false` forms), or (when `optional`) `null`.
    struct Boolean {
        optional: bool,
    }

    impl<'de> Visitor<'de> for Boolean {
        type Value = Option<bool>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean")
        }

        fn visit_bool<E: Error>(self, value: bool) -> Result<Self::Value, E> {
            Ok(Some(value))
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Self::Value, E> {
            match value {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                other => Err(E::custom(format!("expected a boolean, found the number {other}"))),
            }
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Self::Value, E> {
            match value {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                other => Err(E::custom(format!("expected a boolean, found the number {other}"))),
            }
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<Self::Value, E> {
            Err(E::custom(format!("expected a boolean, found the number {}", float_text(value))))
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
            if value.eq_ignore_ascii_case("true") || value == "1" {
                Ok(Some(true))
            } else if value.eq_ignore_ascii_case("false") || value == "0" {
                Ok(Some(false))
            } else {
                Err(E::custom(format!("expected a boolean, found the string {value:?}")))
            }
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            if self.optional {
                Ok(None)
            } else {
                Err(E::custom("expected a boolean, found null"))
            }
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            self.visit_unit()
        }
    }

    /// A boolean sent as `true`, `"true"`, `1` or `"1"`.
    pub fn bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        deserializer
            .deserialize_any(Boolean { optional: false })?
            .ok_or_else(|| D::Error::custom("expected a boolean, found null"))
    }

    /// An optional boolean.
    pub fn opt_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
        deserializer.deserialize_any(Boolean { optional: true })
    }

    /// Reads a string, or a number or boolean as its text, or (when `optional`) `null`.
    struct Text {
        optional: bool,
    }

    impl<'de> Visitor<'de> for Text {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(value.to_owned()))
        }

        fn visit_string<E: Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Some(value))
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<Self::Value, E> {
            Ok(Some(float_text(value)))
        }

        fn visit_bool<E: Error>(self, value: bool) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            if self.optional {
                Ok(None)
            } else {
                Err(E::custom("expected a string, found null"))
            }
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            self.visit_unit()
        }
    }

    /// A string; numbers and booleans are accepted as their text.
    pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        deserializer
            .deserialize_any(Text { optional: false })?
            .ok_or_else(|| D::Error::custom("expected a string, found null"))
    }

    /// An optional string.
    pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(Text { optional: true })
    }

    /// A list; `null` is an empty list.
    pub fn vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
    }

    /// A 32-bit integer (the doc says `int32`), sent as a number or a numeric string; a value out of range fails.
    pub fn i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
        let value = i64(deserializer)?;
        i32::try_from(value).map_err(|_| D::Error::custom(format!("{value} does not fit a 32-bit integer")))
    }

    /// An optional 32-bit integer: `null` or absent is `None`.
    pub fn opt_i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i32>, D::Error> {
        match opt_i64(deserializer)? {
            None => Ok(None),
            Some(value) => i32::try_from(value)
                .map(Some)
                .map_err(|_| D::Error::custom(format!("{value} does not fit a 32-bit integer"))),
        }
    }

    /// A value that may be `null` but must be present: used with `deserialize_with`, a missing member is an error
    /// that names it (plain `Option` fields default to `None`).
    pub fn present_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        Option::<T>::deserialize(deserializer)
    }
}

/// A loopback mock server for testing code that uses this client, answering with the doc's own examples.
#[cfg(feature = "mock")]
pub mod mock {
    use std::marker::PhantomData;

    use super::{Client, Credentials, ErrorKind};

    /// A mock of the platform on 127.0.0.1 and a free port. Every operation answers with its doc example until a
    /// typed helper (one per operation, generated) says otherwise.
    pub struct MockServer {
        server: wiremock::MockServer,
    }

    impl MockServer {
        /// Starts the server and mounts every operation's doc example.
        pub async fn start() -> MockServer {
            let server = wiremock::MockServer::start().await;
            for example in crate::generated::MOCK_EXAMPLES {
                wiremock::Mock::given(wiremock::matchers::method(example.method))
                    .and(wiremock::matchers::path_regex(example.path_regex))
                    .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(example.body, "application/json"))
                    .with_priority(u8::MAX)
                    .mount(&server)
                    .await;
            }
            MockServer { server }
        }

        /// The server's base URL (`http://127.0.0.1:PORT`).
        pub fn uri(&self) -> String {
            self.server.uri()
        }

        /// A client pointed at this server, with placeholder credentials.
        pub fn client(&self) -> Client {
            Client::builder()
                .base_url(self.uri())
                .credentials(
                    Credentials::new().with_access_token("mock-token").with_session("mock-session", "mock-secret"),
                )
                .build()
                .expect("a client for a loopback URL always builds")
        }

        /// The requests the server has received so far.
        pub async fn received_requests(&self) -> Vec<wiremock::Request> {
            self.server.received_requests().await.unwrap_or_default()
        }

        #[doc(hidden)]
        pub fn operation<T, E>(&self, method: &'static str, path_regex: &'static str) -> OperationMock<'_, T, E> {
            OperationMock { server: self, method, path_regex, marker: PhantomData }
        }
    }

    /// One example of one operation, as generated from the doc.
    #[doc(hidden)]
    pub struct MockExample {
        pub method: &'static str,
        pub path_regex: &'static str,
        pub body: &'static str,
    }

    /// Makes one operation answer differently (see the typed helpers on [`MockServer`]).
    pub struct OperationMock<'a, T, E> {
        server: &'a MockServer,
        method: &'static str,
        path_regex: &'static str,
        marker: PhantomData<fn() -> (T, E)>,
    }

    impl<T: serde::Serialize, E: ErrorKind> OperationMock<'_, T, E> {
        /// Answers with a success envelope carrying `value`.
        pub async fn respond_with(self, value: &T) {
            let body = serde_json::json!({ "status": 200, "message": "OK", "result": value });
            self.mount(200, body).await;
        }

        /// Answers with the error envelope of a documented kind (`Other` answers status 500).
        pub async fn fail_with(self, kind: E) {
            let (status, message) = kind.to_envelope().unwrap_or((500, "Internal Error".to_owned()));
            self.fail_with_envelope(200, status, &message).await;
        }

        /// Answers with an error envelope of this status and message, over HTTP `http_status` (the platform sends
        /// errors inside an HTTP 200 as well as with the envelope's status).
        pub async fn fail_with_envelope(self, http_status: u16, status: u16, message: &str) {
            self.mount(http_status, serde_json::json!({ "status": status, "message": message })).await;
        }

        async fn mount(self, http_status: u16, body: serde_json::Value) {
            wiremock::Mock::given(wiremock::matchers::method(self.method))
                .and(wiremock::matchers::path_regex(self.path_regex))
                .respond_with(wiremock::ResponseTemplate::new(http_status).set_body_json(body))
                .with_priority(1)
                .mount(&self.server.server)
                .await;
        }
    }
}
