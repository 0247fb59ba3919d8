//! The hand-written runtime of the generated client: the [`Client`], credentials, request building, response
//! decoding, errors, pagination and (with the `mock` feature) the mock server.
//!
//! `cargo xtask gen` copies this file verbatim from `generator/templates/runtime.rs` into every generated crate;
//! edit the template, not the copy. The generated modules stay thin: each operation is a request struct that
//! implements [`Operation`], and everything clever lives here.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

pub use reqwest::header::HeaderMap;
pub use reqwest::{Certificate, Method, StatusCode};

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
/// exponential backoff with jitter, or what the server's `Retry-After` (in seconds) asks when that is no longer
/// than [`RetryPolicy::with_max_retry_after`]; a longer `Retry-After` ends the retries.
///
/// Only operations that are safe to repeat ([`Operation::IDEMPOTENT`]) are retried once their request may have
/// reached the server; the others are sent again only when no connection could be made, so nothing was sent.
/// [`RetryPolicy::with_non_idempotent`] lifts that rule for callers who know better.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_retry_after: Duration,
    attempt_timeout: Option<Duration>,
    non_idempotent: bool,
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
            non_idempotent: false,
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
    /// none, an attempt may take the whole call's time).
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> RetryPolicy {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Whether operations that are not safe to repeat are retried like the others (default: no).
    pub fn with_non_idempotent(mut self, retry: bool) -> RetryPolicy {
        self.non_idempotent = retry;
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
        let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(if spread == 0 { 0 } else { random_u64() % (spread + 1) })
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
    /// Whether repeating the call has the same effect as making it once.
    const IDEMPOTENT: bool;
    /// Whether the success body is a `{status, message, result}` envelope.
    const ENVELOPED: bool;
    /// Whether the envelope's `result` is decoded (`false`: the output is `()`).
    const HAS_RESULT: bool;
    /// How the parameters travel.
    const BODY: Body;
    /// The headers the doc names for this operation (the doc's usual set when the section names none).
    const AUTH: &'static [AuthHeader];
    /// Whether the URL carries a sensitive parameter (in the path or query string): the URL is then kept out of
    /// logs and transport errors.
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
        "{operation}: cannot decode the response (HTTP {http_status}): {source}; the body starts with {excerpt:?}"
    )]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        http_status: StatusCode,
        /// The start of the body.
        excerpt: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
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

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    max_body_bytes: usize,
    retry: RetryPolicy,
    root_certificates: Vec<Certificate>,
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
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// The scheme, host and optional port (and path prefix) that paths are appended to.
    pub fn base_url(mut self, base_url: impl Into<String>) -> ClientBuilder {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// The credentials sent with every call.
    pub fn credentials(mut self, credentials: Credentials) -> ClientBuilder {
        self.credentials = credentials;
        self
    }

    /// The timeout of a whole call, retries included (default 30 s); a call can override it.
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

    /// Trusts this certificate authority for `https://` base URLs, besides the built-in roots (for a private CA
    /// or a test server's self-signed certificate).
    pub fn add_root_certificate(mut self, certificate: Certificate) -> ClientBuilder {
        self.root_certificates.push(certificate);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let mut http =
            reqwest::Client::builder().connect_timeout(self.connect_timeout).user_agent(self.user_agent.clone());
        for certificate in &self.root_certificates {
            http = http.add_root_certificate(certificate.clone());
        }
        let http = http.build()?;
        Ok(Client { inner: Arc::new(Inner { http, config: self }) })
    }
}

/// The API client: cheap to clone, safe to share between tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientBuilder,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.config.base_url)
            .field("credentials", &self.inner.config.credentials)
            .field("timeout", &self.inner.config.timeout)
            .field("retry", &self.inner.config.retry)
            .finish()
    }
}

impl Client {
    /// A builder with the doc's base URL and no credentials.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.config.base_url
    }

    /// The HTTP request an operation sends, without sending it.
    pub fn build_request<O: Operation>(&self, operation: &O) -> Result<reqwest::Request, Error<O::ErrorKind>> {
        let invalid = |reason: String| Error::InvalidRequest { operation: O::NAME, reason };
        let path = operation.path().map_err(invalid)?;
        let url = format!("{}{}", self.inner.config.base_url, path);
        let mut params = Vec::new();
        operation.params(&mut params);
        let mut builder = self.inner.http.request(O::METHOD, &url);
        let mut headers = HeaderMap::new();
        for header in O::AUTH {
            let Some(value) = self.auth_value(header.kind) else { continue };
            let name = reqwest::header::HeaderName::from_static_lowercase(header.name).map_err(invalid)?;
            let mut value = reqwest::header::HeaderValue::from_str(&value).map_err(|_| {
                invalid(format!("the value for header `{}` contains a forbidden character", header.name))
            })?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        builder = builder.headers(headers);
        builder = match O::BODY {
            Body::Query => builder.query(&params),
            Body::Form => builder.form(&params),
            Body::Json => builder.json(&operation.json_body()),
        };
        builder.build().map_err(|source| Error::Transport {
            operation: O::NAME,
            source: if O::SENSITIVE_URL { source.without_url() } else { source },
        })
    }

    fn auth_value(&self, kind: AuthKind) -> Option<String> {
        let credentials = &self.inner.config.credentials;
        match kind {
            AuthKind::AccessToken => credentials.access_token.as_ref().map(|t| t.expose().to_owned()),
            AuthKind::SessionToken => credentials.session.as_ref().map(|(t, _)| t.expose().to_owned()),
            AuthKind::SessionSecret => credentials.session.as_ref().map(|(_, s)| s.expose().to_owned()),
            AuthKind::Basic => credentials.session.as_ref().map(|(t, s)| {
                use base64::Engine as _;
                let raw = format!("{}:{}", t.expose(), s.expose());
                format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw))
            }),
        }
    }

    /// Sends an operation and decodes its answer, retrying as the call's (or the client's) [`RetryPolicy`] says.
    pub async fn execute<O: Operation>(&self, operation: O) -> Result<ApiResponse<O::Output>, Error<O::ErrorKind>> {
        let config = &self.inner.config;
        let timeout = operation.options().timeout.unwrap_or(config.timeout);
        let policy = operation.options().retry.as_ref().unwrap_or(&config.retry);
        let deadline = tokio::time::Instant::now() + timeout;
        let mut attempt = 1;
        loop {
            let request = self.build_request(&operation)?;
            let logged_path = if O::SENSITIVE_URL { "<redacted>" } else { request.url().path() };
            tracing::debug!(operation = O::NAME, method = %O::METHOD, path = %logged_path, attempt, "sending");
            let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
            let attempt_timeout = policy.attempt_timeout.map_or(remaining, |limit| limit.min(remaining));
            let outcome = match tokio::time::timeout(attempt_timeout, self.exchange::<O>(request)).await {
                Ok(outcome) => outcome,
                // The call's own timeout is the one to report unless a shorter attempt timeout ran out.
                Err(_) => Err(Error::Timeout {
                    operation: O::NAME,
                    timeout: if attempt_timeout < remaining { attempt_timeout } else { timeout },
                }),
            };
            let retry = match &outcome {
                Ok((http_status, headers, _)) if RETRY_STATUSES.contains(&http_status.as_u16()) => {
                    Some(Retry { reason: "HTTP status", sent: true, retry_after: retry_after(headers) })
                }
                Ok(_) => None,
                Err(Error::Transport { source, .. }) => {
                    Some(Retry { reason: "transport error", sent: !source.is_connect(), retry_after: None })
                }
                Err(Error::Timeout { .. }) => Some(Retry { reason: "timeout", sent: true, retry_after: None }),
                Err(_) => None,
            };
            let wait = retry.and_then(|retry| {
                let allowed = !retry.sent || O::IDEMPOTENT || policy.non_idempotent;
                if !allowed || attempt >= policy.max_attempts {
                    return None;
                }
                let wait = match retry.retry_after {
                    Some(asked) if asked > policy.max_retry_after => return None,
                    Some(asked) => asked,
                    None => policy.delay(attempt),
                };
                // A retry that could not finish before the call's deadline is not started.
                let fits = tokio::time::Instant::now() + wait < deadline;
                fits.then(|| {
                    tracing::info!(
                        operation = O::NAME,
                        attempt,
                        reason = retry.reason,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    wait
                })
            });
            match wait {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => {
                    let (http_status, headers, body) = outcome?;
                    tracing::debug!(operation = O::NAME, status = http_status.as_u16(), bytes = body.len(), "received");
                    return decode::<O>(http_status, headers, &body);
                }
            }
        }
    }

    /// One attempt: sends the request and reads the whole body.
    async fn exchange<O: Operation>(
        &self,
        request: reqwest::Request,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), Error<O::ErrorKind>> {
        let response = self
            .inner
            .http
            .execute(request)
            .await
            .map_err(|source| Error::Transport { operation: O::NAME, source: source.without_url() })?;
        let http_status = response.status();
        let headers = response.headers().clone();
        let body = read_body::<O>(response, self.inner.config.max_body_bytes, http_status).await?;
        Ok((http_status, headers, body))
    }
}

/// The HTTP statuses that say "try again later": too many requests, bad gateway, unavailable, gateway timeout.
const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// Why an attempt may be retried.
struct Retry {
    reason: &'static str,
    /// Whether the request may have reached the server (only a failed connection proves it did not).
    sent: bool,
    /// What the server's `Retry-After` asks.
    retry_after: Option<Duration>,
}

/// A `Retry-After` in seconds (an HTTP date is not read: the backoff applies instead).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// `HeaderName::from_static` wants lowercase; names come from the doc in any case.
trait FromStaticLowercase: Sized {
    fn from_static_lowercase(name: &'static str) -> Result<Self, String>;
}

impl FromStaticLowercase for reqwest::header::HeaderName {
    fn from_static_lowercase(name: &'static str) -> Result<Self, String> {
        reqwest::header::HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))
    }
}

async fn read_body<O: Operation>(
    mut response: reqwest::Response,
    limit: usize,
    http_status: StatusCode,
) -> Result<Vec<u8>, Error<O::ErrorKind>> {
    if response.content_length().is_some_and(|len| len > limit as u64) {
        return Err(Error::BodyTooLarge { operation: O::NAME, http_status, limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| Error::Transport { operation: O::NAME, source: source.without_url() })?
    {
        if body.len() + chunk.len() > limit {
            return Err(Error::BodyTooLarge { operation: O::NAME, http_status, limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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

/// The platform's response envelope, without its `result` (skipped unparsed, see [`EnvelopeResult`]).
#[derive(serde::Deserialize)]
struct Envelope {
    #[serde(deserialize_with = "de::i64")]
    status: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    message: Option<String>,
}

/// The envelope's `result`, decoded straight from the body into the operation's output type.
/// Going through a `serde_json::Value` first made decoding a large page about three times slower
/// (`cargo bench -p perf --bench runtime`); skipping `result` in a first pass costs much less.
#[derive(serde::Deserialize)]
struct EnvelopeResult<T> {
    #[serde(default = "Option::default")]
    result: Option<T>,
}

fn decode<O: Operation>(
    http_status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
) -> Result<ApiResponse<O::Output>, Error<O::ErrorKind>> {
    let decode_error = |source| Error::Decode { operation: O::NAME, http_status, excerpt: excerpt(body), source };
    if !O::ENVELOPED && http_status.is_success() {
        let value = serde_json::from_slice(body).map_err(decode_error)?;
        return Ok(ApiResponse { value, message: String::new(), http_status, headers });
    }
    let envelope: Envelope = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(source) if http_status.is_success() => return Err(decode_error(source)),
        Err(_) => return Err(Error::Http { operation: O::NAME, http_status, excerpt: excerpt(body) }),
    };
    let message = envelope.message.unwrap_or_default();
    if envelope.status != 200 || !http_status.is_success() {
        let status = u16::try_from(envelope.status).unwrap_or(0);
        let kind = O::ErrorKind::from_envelope(status, &message);
        return Err(Error::Api { operation: O::NAME, status, message, kind, http_status });
    }
    // An absent or `null` result decodes as `null` would (the output is `()`, an `Option` or a `Value` then).
    let result = if O::HAS_RESULT {
        serde_json::from_slice::<EnvelopeResult<O::Output>>(body).map_err(decode_error)?.result
    } else {
        None
    };
    let value = match result {
        Some(value) => value,
        None => serde_json::from_value(serde_json::Value::Null).map_err(decode_error)?,
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
pub mod de {
    use serde::de::{Deserialize, Deserializer, Error as _};
    use serde_json::Value;

    fn number_from(value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// An integer sent as a number or a numeric string.
    pub fn i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        let value = Value::deserialize(deserializer)?;
        number_from(&value).ok_or_else(|| D::Error::custom(format!("expected an integer, found {value}")))
    }

    /// An optional integer: `null` or absent is `None`.
    pub fn opt_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::Null => Ok(None),
            Value::String(ref s) if s.trim().is_empty() => Ok(None),
            ref other => number_from(other)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("expected an integer, found {other}"))),
        }
    }

    /// A number sent as a number or a numeric string.
    pub fn f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Number(n) => n.as_f64().ok_or_else(|| D::Error::custom("number out of range")),
            Value::String(s) => s.trim().parse().map_err(D::Error::custom),
            other => Err(D::Error::custom(format!("expected a number, found {other}"))),
        }
    }

    /// An optional number.
    pub fn opt_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(None),
            other => f64(other).map(Some).map_err(D::Error::custom),
        }
    }

    /// A boolean sent as `true`, `"true"`, `1` or `"1"`.
    pub fn bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Bool(b) => Ok(b),
            Value::String(s) if s.eq_ignore_ascii_case("true") || s == "1" => Ok(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") || s == "0" => Ok(false),
            Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
            Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
            other => Err(D::Error::custom(format!("expected a boolean, found {other}"))),
        }
    }

    /// An optional boolean.
    pub fn opt_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(None),
            other => bool(other).map(Some).map_err(D::Error::custom),
        }
    }

    /// A string; numbers and booleans are accepted as their text.
    pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(D::Error::custom(format!("expected a string, found {other}"))),
        }
    }

    /// An optional string.
    pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(None),
            other => string(other).map(Some).map_err(D::Error::custom),
        }
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
