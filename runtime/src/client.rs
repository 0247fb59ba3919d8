//! The client: [`ClientBuilder`] (base URL checks, credentials, the HTTP client, default headers, hooks) and
//! [`Client`], which sends a request (retries that never replay a write, redirects it follows itself, timeouts
//! that saturate, a bounded body) and decodes the answer.
//!
//! Sending goes through `&dyn Request` and is not generic, so it is compiled once, here; only decoding an
//! operation's output ([`Client::execute`]) is generic and compiled where the operation is.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::Credentials;
use crate::error::{BuildError, OperationError};
use crate::hook::{Hook, HookRequest, HookResponse};
use crate::operation::{AuthHeader, Body, ErrorKind, Operation, Request, Spec};
use crate::policy::{RedirectPolicy, RedirectRefusal, RetryPolicy};
use crate::{lenient, Certificate, HeaderMap, Method, StatusCode, Url};

/// The longest body excerpt an error carries.
const EXCERPT_CHARS: usize = 200;

/// The response headers read as the platform's request id, in this order, unless
/// [`ClientBuilder::request_id_header`] names others.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-correlation-id", "x-trace-id"];

/// The error of the sending path, which never has a documented kind.
type SendError = OperationError<std::convert::Infallible>;

/// What a generated crate tells the runtime about its API: implemented by the crate's `Client`, which wraps
/// this crate's [`Client`].
pub trait ApiInfo: Sized {
    /// The base URL the docs give (the client's default).
    const DEFAULT_BASE_URL: &'static str;
    /// The default `User-Agent`: the generated crate's name and version.
    const USER_AGENT: &'static str;
    /// Every credential header name of the API's operations: default headers and hooks may not set them.
    const CREDENTIAL_HEADERS: &'static [&'static str];
    /// The generated client around a built runtime client.
    fn from_client(client: Client) -> Self;
}

/// Builds a client: `C` is the generated crate's `Client` (its `Client::builder()` makes one).
pub struct ClientBuilder<C> {
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    max_body_bytes: usize,
    retry: RetryPolicy,
    redirects: RedirectPolicy,
    root_certificates: Vec<Certificate>,
    http: Option<reqwest::ClientBuilder>,
    default_headers: Vec<(String, String)>,
    hooks: Vec<Arc<dyn Hook>>,
    request_id_headers: Option<Vec<String>>,
    marker: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Default header values are the user's and may be secrets of their own: only the names are shown.
        let header_names: Vec<&str> = self.default_headers.iter().map(|(name, _)| name.as_str()).collect();
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
            .field("http_client", &self.http.is_some())
            .field("default_headers", &header_names)
            .field("hooks", &self.hooks.len())
            .field("request_id_headers", &self.request_id_headers)
            .finish()
    }
}

impl<C: ApiInfo> Default for ClientBuilder<C> {
    fn default() -> ClientBuilder<C> {
        ClientBuilder::new()
    }
}

impl<C: ApiInfo> ClientBuilder<C> {
    /// A builder with the doc's base URL, no credentials and the default policies.
    pub fn new() -> ClientBuilder<C> {
        ClientBuilder {
            base_url: C::DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: None,
            user_agent: None,
            max_body_bytes: 64 * 1024 * 1024,
            retry: RetryPolicy::default(),
            redirects: RedirectPolicy::none(),
            root_certificates: Vec::new(),
            http: None,
            default_headers: Vec::new(),
            hooks: Vec::new(),
            request_id_headers: None,
            marker: PhantomData,
        }
    }

    /// The scheme (`http` or `https`), host, optional port and optional path prefix that paths are appended to,
    /// such as `https://api.example.com/gateway`. [`ClientBuilder::build`] refuses one with a query, a fragment,
    /// a user name or a password.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The credentials; each operation sends those its doc section names ([`Spec::auth`]).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The timeout of a whole call, retries included (default 30 s); a call can override it. `Duration::MAX`
    /// (or any duration too long to add to the current time) means no limit.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connect timeout (default 10 s, or what [`ClientBuilder::http_client`]'s builder says).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default: the generated crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The largest response body accepted (default 64 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// When and how often failed calls are sent again (default: [`RetryPolicy::default`]); a call can override it.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Which redirects are followed (default: [`RedirectPolicy::none`]: every 3xx is
    /// [`OperationError::Redirect`]).
    pub fn redirects(mut self, policy: RedirectPolicy) -> Self {
        self.redirects = policy;
        self
    }

    /// Trusts this certificate authority for `https://` base URLs, besides the built-in roots (for a private CA
    /// or a test server's self-signed certificate).
    pub fn add_root_certificate(mut self, certificate: Certificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// The HTTP client to send with, configured as you need it (proxies, TLS, connection pools, local address,
    /// HTTP/2 settings), instead of the default one.
    ///
    /// It takes reqwest's builder, not a built `reqwest::Client`, on purpose: [`ClientBuilder::build`] sets
    /// `redirect(Policy::none())` on it, because the client follows redirects itself, deciding for each hop
    /// whether the operation may be sent again and where its credentials would go. A built client's redirect
    /// policy can be neither read nor changed, and reqwest's default policy follows redirects to other hosts with
    /// every header but `Authorization` and `Cookie`, which would take this API's credential headers with it.
    /// The builder's own connect timeout and `User-Agent` are kept unless [`ClientBuilder::connect_timeout`] or
    /// [`ClientBuilder::user_agent`] is set too; root certificates added here are added to it.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(builder);
        self
    }

    /// A header sent with every request. [`ClientBuilder::build`] refuses one that is not a valid header, or that
    /// carries one of the API's credentials (those go only where the doc lists them: set them with
    /// [`ClientBuilder::credentials`]).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Adds a hook that sees each request and answer ([`Hook`]); hooks run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The response header that carries the platform's request id (default: the first of
    /// [`REQUEST_ID_HEADERS`] that an answer has); call it again to accept several, in order.
    pub fn request_id_header(mut self, name: impl Into<String>) -> Self {
        self.request_id_headers.get_or_insert_with(Vec::new).push(name.into());
        self
    }

    /// Builds the client, after checking the base URL and the default headers.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = checked_base_url(&self.base_url)?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let refuse = |reason| BuildError::Header { name: name.clone(), reason };
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| refuse("not a valid header name"))?;
            if C::CREDENTIAL_HEADERS.iter().any(|credential| credential.eq_ignore_ascii_case(header.as_str())) {
                return Err(refuse(
                    "it carries one of the API's credentials; set them with `ClientBuilder::credentials`",
                ));
            }
            let value = reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| refuse("the value contains a character a header cannot carry"))?;
            default_headers.append(header, value);
        }
        let mut request_id_headers = Vec::new();
        for name in self.request_id_headers.iter().flatten() {
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| BuildError::Header { name: name.clone(), reason: "not a valid header name" })?;
            request_id_headers.push(header);
        }
        if self.request_id_headers.is_none() {
            request_id_headers =
                REQUEST_ID_HEADERS.iter().map(|name| reqwest::header::HeaderName::from_static(name)).collect();
        }
        // The client follows redirects itself (see `Client::send`), so that it knows for each hop whether the
        // operation may be sent again and where its credentials would go.
        let (mut http, own) = match self.http {
            Some(builder) => (builder, false),
            None => (reqwest::Client::builder(), true),
        };
        http = http.redirect(reqwest::redirect::Policy::none());
        match self.connect_timeout {
            Some(timeout) => http = http.connect_timeout(timeout),
            None if own => http = http.connect_timeout(Duration::from_secs(10)),
            None => {}
        }
        match &self.user_agent {
            Some(user_agent) => http = http.user_agent(user_agent.clone()),
            None if own => http = http.user_agent(C::USER_AGENT),
            None => {}
        }
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
        let inner = Inner {
            http,
            base_url,
            auth_values,
            credentials: self.credentials,
            timeout: self.timeout,
            max_body_bytes: self.max_body_bytes,
            retry: self.retry,
            redirects: self.redirects,
            default_headers,
            hooks: self.hooks,
            credential_headers: C::CREDENTIAL_HEADERS,
            request_id_headers,
        };
        Ok(C::from_client(Client { inner: Arc::new(inner) }))
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

/// The client core that each generated crate's `Client` wraps: cheap to clone, safe to share between tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The checked base URL, without its trailing slash.
    base_url: String,
    /// The value of each credential header, made once and indexed by `AuthKind`: `None` when the credential
    /// was not given, `Some(None)` when it cannot be a header value (reported when an operation would send it).
    auth_values: [Option<Option<reqwest::header::HeaderValue>>; 4],
    credentials: Credentials,
    timeout: Duration,
    max_body_bytes: usize,
    retry: RetryPolicy,
    redirects: RedirectPolicy,
    default_headers: HeaderMap,
    hooks: Vec<Arc<dyn Hook>>,
    credential_headers: &'static [&'static str],
    request_id_headers: Vec<reqwest::header::HeaderName>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("redirects", &self.inner.redirects)
            .field("hooks", &self.inner.hooks.len())
            .finish()
    }
}

/// A final (non-redirect) answer: its status, headers, body and request id.
struct Exchange {
    http_status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
    request_id: Option<String>,
}

/// A decoded success, with the HTTP details beside it; it derefs to the decoded value.
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
    /// The platform's request id, when the answer carries one.
    pub request_id: Option<String>,
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

impl Client {
    /// The base URL calls go to, as checked by [`ClientBuilder::build`] (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The HTTP request an operation sends (default headers and credentials included), without sending it.
    pub fn build_request<O: Operation>(&self, operation: &O) -> Result<reqwest::Request, OperationError<O::ErrorKind>> {
        let mut request = self.prepare(operation).map_err(OperationError::with_kind)?;
        self.authorize(operation.spec(), &mut request).map_err(OperationError::with_kind)?;
        Ok(request)
    }

    /// The request without its credentials: URL, parameters, default headers.
    fn prepare(&self, request: &dyn Request) -> Result<reqwest::Request, SendError> {
        let spec = request.spec();
        let invalid = |reason: String| OperationError::InvalidRequest { operation: spec.name, reason };
        let path = request.path().map_err(invalid)?;
        let mut url = String::with_capacity(self.inner.base_url.len() + path.len());
        url.push_str(&self.inner.base_url);
        url.push_str(&path);
        let mut params = Vec::new();
        request.params(&mut params);
        let builder = self.inner.http.request(spec.method.clone(), url);
        let builder = match spec.body {
            Body::Query => builder.query(&params),
            Body::Form => builder.form(&params),
            Body::Json => builder.json(&request.json_body()),
        };
        // A sensitive value in the URL stays out of the error (its `Display` and `Debug` print the URL).
        let mut built = builder.build().map_err(|source| OperationError::Transport {
            operation: spec.name,
            source: if spec.sensitive_url { source.without_url() } else { source },
        })?;
        for (name, value) in &self.inner.default_headers {
            built.headers_mut().append(name, value.clone());
        }
        Ok(built)
    }

    /// Adds the credential headers the operation's doc lists.
    fn authorize(&self, spec: &Spec, request: &mut reqwest::Request) -> Result<(), SendError> {
        let invalid = |reason: String| OperationError::InvalidRequest { operation: spec.name, reason };
        let headers = request.headers_mut();
        for header in spec.auth {
            let Some(value) = &self.inner.auth_values[header.kind as usize] else { continue };
            let value = value.clone().ok_or_else(|| {
                invalid(format!("the value for header `{}` contains a forbidden character", header.name))
            })?;
            headers.insert(header_name(header).map_err(invalid)?, value);
        }
        Ok(())
    }

    /// Sends an operation and decodes its answer, retrying as the call's (or the client's) [`RetryPolicy`] says
    /// and following redirects as the client's [`RedirectPolicy`] says.
    ///
    /// This returns a future rather than being an `async fn`: an `async fn` keeps its by-value argument twice in
    /// its state, and the future's size is memory that each call in flight holds (`cargo bench -p perf --bench
    /// runtime`, 1 000 calls in flight). Sending is not generic (it is compiled once, in this crate); only the
    /// decoding of the operation's output is.
    #[allow(clippy::manual_async_fn, reason = "an `async fn` would hold `operation` twice in every call in flight")]
    pub fn execute<'a, O: Operation + 'a>(
        &'a self,
        operation: O,
    ) -> impl std::future::Future<Output = Result<ApiResponse<O::Output>, OperationError<O::ErrorKind>>> + Send + 'a
    {
        async move {
            let exchange = self.exchange_boxed(&operation).await.map_err(OperationError::with_kind)?;
            decode::<O>(operation.spec(), exchange)
        }
    }

    /// The sending path's future, boxed: a function that is not generic and returns a trait object is compiled
    /// here, with the whole state machine behind it, instead of in every crate that calls [`Client::execute`]
    /// (an `async fn`'s body is compiled where its future is first polled). The box costs one allocation per call;
    /// the call holds the same memory in flight, on the heap.
    fn exchange_boxed<'a>(
        &'a self,
        request: &'a dyn Request,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Exchange, SendError>> + Send + 'a>> {
        Box::pin(self.exchange(request))
    }

    /// Every attempt of one call, until an answer is final: the retry loop.
    async fn exchange(&self, request: &dyn Request) -> Result<Exchange, SendError> {
        let spec = request.spec();
        let timeout = request.options().timeout.unwrap_or(self.inner.timeout);
        let policy = request.options().retry.as_ref().unwrap_or(&self.inner.retry);
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
                    tokio::time::timeout(limit.unwrap_or(Duration::MAX), self.send(request, attempt, &mut reached));
                let outcome = match attempt_future.await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        // The request may have been written before the time ran out.
                        reached = true;
                        // The call's own timeout is the one to report unless a shorter attempt timeout ran out.
                        let call_ran_out = remaining.is_some_and(|remaining| Some(remaining) <= limit);
                        let timeout = if call_ran_out { timeout } else { limit.unwrap_or(Duration::MAX) };
                        Err(OperationError::Timeout { operation: spec.name, timeout })
                    }
                };
                match self.retry_wait(spec, &outcome, policy, attempt, reached, deadline) {
                    Some(wait) => wait,
                    None => {
                        let exchange = outcome?;
                        tracing::debug!(
                            operation = spec.name,
                            status = exchange.http_status.as_u16(),
                            bytes = exchange.body.len(),
                            "received"
                        );
                        return Ok(exchange);
                    }
                }
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// How long to wait before the next attempt, or `None` when the outcome is final: an answer that is not a
    /// "try again later", a failure of an operation that is not safe to repeat once a request may have reached
    /// a server, no attempts left, or a wait that would not end before the call's deadline.
    fn retry_wait(
        &self,
        spec: &Spec,
        outcome: &Result<Exchange, SendError>,
        policy: &RetryPolicy,
        attempt: u32,
        reached: bool,
        deadline: Option<tokio::time::Instant>,
    ) -> Option<Duration> {
        let (reason, retry_after) = match outcome {
            Ok(exchange) if RETRY_STATUSES.contains(&exchange.http_status.as_u16()) => {
                ("HTTP status", retry_after(&exchange.headers))
            }
            Err(OperationError::Transport { .. }) => ("transport error", None),
            Err(OperationError::Timeout { .. }) => ("timeout", None),
            // Answers, redirects included, and requests that cannot be built are not retried.
            _ => return None,
        };
        if (reached && !spec.idempotent) || attempt >= policy.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(asked) if asked > policy.max_retry_after => return None,
            Some(asked) => asked,
            None => policy.delay(attempt),
        };
        // A retry that could not finish before the call's deadline is not started.
        let fits = deadline
            .is_none_or(|deadline| tokio::time::Instant::now().checked_add(wait).is_some_and(|end| end < deadline));
        fits.then(|| {
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            tracing::info!(operation = spec.name, attempt, reason, wait_ms, "retrying");
            wait
        })
    }

    /// One attempt: builds and sends the request, follows the redirects the policy allows, and reads the final
    /// body. Sets `reached` as soon as a request may have reached a server (anything but a failed connection).
    async fn send(&self, operation: &dyn Request, attempt: u32, reached: &mut bool) -> Result<Exchange, SendError> {
        let spec = operation.spec();
        let mut hops = 0;
        // Where the last redirect pointed; the request is rebuilt from the operation for each hop, so that no
        // `reqwest::Request` lives across an `.await`.
        let mut redirected_to: Option<Box<Url>> = None;
        loop {
            let mut request = self.prepare(operation)?;
            if let Some(target) = redirected_to.take() {
                *request.url_mut() = *target;
            }
            self.request_hooks(spec, attempt, hops, &mut request);
            self.authorize(spec, &mut request)?;
            {
                // In a block of its own: a local whose scope spans the `.await` below takes room in every call's
                // future, even once it is dead.
                let logged_path = if spec.sensitive_url { "<redacted>" } else { request.url().path() };
                tracing::debug!(operation = spec.name, method = %spec.method, path = %logged_path, attempt, hops, "sending");
            }
            let started = std::time::Instant::now();
            let mut response = match self.inner.http.execute(request).await {
                Ok(response) => response,
                Err(source) => {
                    *reached |= !source.is_connect();
                    self.response_hooks(spec, attempt, hops, None, None, started);
                    return Err(OperationError::Transport { operation: spec.name, source: source.without_url() });
                }
            };
            *reached = true;
            let http_status = response.status();
            if http_status.is_redirection() {
                self.response_hooks(spec, attempt, hops, Some((http_status, response.headers())), None, started);
                // The response's URL is the request's: the HTTP client itself follows no redirect.
                let from = response.url();
                let target = redirect_target(from, response.headers());
                let refusal = self.redirect_refusal(spec, http_status, from, target.as_ref(), hops);
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
                            if spec.sensitive_url {
                                // A relative `Location` keeps the request's path, which holds a sensitive value:
                                // only the origin is named.
                                return format!("{}/<redacted>", target.origin().ascii_serialization());
                            }
                            // Only URLs that cannot have credentials refuse these, and those have none.
                            let _ = target.set_username("");
                            let _ = target.set_password(None);
                            target.to_string()
                        });
                        tracing::debug!(operation = spec.name, status = http_status.as_u16(), %reason, "redirect not followed");
                        return Err(OperationError::Redirect { operation: spec.name, http_status, location, reason });
                    }
                }
            }
            let limit = self.inner.max_body_bytes;
            let too_large = || OperationError::BodyTooLarge { operation: spec.name, http_status, limit };
            let expected = match response.content_length() {
                Some(len) if len > limit as u64 => {
                    self.response_hooks(spec, attempt, hops, Some((http_status, response.headers())), None, started);
                    return Err(too_large());
                }
                Some(len) => len as usize,
                None => 0,
            };
            // The body chunk by chunk, up to `limit` bytes: a body that comes as one chunk is kept as it is (no
            // copy); others are gathered into one buffer sized by the `Content-Length`. `Response::bytes` does the
            // same, but its future is several times the size of this loop's state.
            let mut single: Option<bytes::Bytes> = None;
            let mut gathered = bytes::BytesMut::new();
            let mut received = 0usize;
            loop {
                let chunk = match response.chunk().await {
                    Ok(Some(chunk)) => chunk,
                    Ok(None) => break,
                    Err(source) => {
                        self.response_hooks(
                            spec,
                            attempt,
                            hops,
                            Some((http_status, response.headers())),
                            None,
                            started,
                        );
                        return Err(OperationError::Transport { operation: spec.name, source: source.without_url() });
                    }
                };
                received = received.saturating_add(chunk.len());
                if received > limit {
                    self.response_hooks(spec, attempt, hops, Some((http_status, response.headers())), None, started);
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
            self.response_hooks(
                spec,
                attempt,
                hops,
                Some((http_status, response.headers())),
                Some(body.len()),
                started,
            );
            // Taken after the body, so that the headers are not a second time in this future's state meanwhile.
            let headers = std::mem::take(response.headers_mut());
            let request_id = self.request_id(&headers);
            return Ok(Exchange { http_status, headers, body, request_id });
        }
    }

    /// Runs the hooks on a request that has no credentials yet.
    fn request_hooks(&self, spec: &Spec, attempt: u32, hop: u32, request: &mut reqwest::Request) {
        if self.inner.hooks.is_empty() {
            return;
        }
        let method = request.method().clone();
        let url = (!spec.sensitive_url).then(|| request.url().clone());
        let mut view = HookRequest {
            operation: spec.name,
            attempt,
            hop,
            method: &method,
            url: url.as_ref(),
            headers: request.headers_mut(),
            credential_headers: self.inner.credential_headers,
        };
        for hook in &self.inner.hooks {
            hook.on_request(&mut view);
        }
    }

    fn response_hooks(
        &self,
        spec: &Spec,
        attempt: u32,
        hop: u32,
        answer: Option<(StatusCode, &HeaderMap)>,
        body_len: Option<usize>,
        started: std::time::Instant,
    ) {
        if self.inner.hooks.is_empty() {
            return;
        }
        let view = HookResponse {
            operation: spec.name,
            attempt,
            hop,
            http_status: answer.map(|(status, _)| status),
            headers: answer.map(|(_, headers)| headers),
            body_len,
            elapsed: started.elapsed(),
        };
        for hook in &self.inner.hooks {
            hook.on_response(&view);
        }
    }

    /// The first request id header the answer has, as text.
    fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        self.inner
            .request_id_headers
            .iter()
            .find_map(|name| headers.get(name)?.to_str().ok())
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
    }

    /// Why a redirect from `from` to `target` is not followed, or `None` when it is.
    fn redirect_refusal(
        &self,
        spec: &Spec,
        http_status: StatusCode,
        from: &Url,
        target: Option<&Url>,
        hops: u32,
    ) -> Option<RedirectRefusal> {
        let max_hops = self.inner.redirects.max_hops;
        let Some(target) = target.filter(|_| matches!(http_status.as_u16(), 301 | 302 | 303 | 307 | 308)) else {
            return Some(RedirectRefusal::NoLocation);
        };
        Some(if max_hops == 0 {
            RedirectRefusal::NotEnabled
        } else if !spec.idempotent {
            RedirectRefusal::NotIdempotent
        } else if target.origin() != from.origin() {
            RedirectRefusal::OtherOrigin
        } else if http_status == StatusCode::SEE_OTHER && spec.method != Method::GET {
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
#[doc(hidden)]
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
    status: i64,
    message: Option<String>,
}

/// The whole envelope, `result` decoded straight from the body into the operation's output type in the same pass.
/// Going through a `serde_json::Value` first made decoding a large page about three times slower, and a first
/// pass for the status alone cost a second scan of every body (`cargo bench -p perf --bench runtime`).
#[derive(serde::Deserialize)]
struct FullEnvelope<T> {
    status: i64,
    message: Option<String>,
    #[serde(default = "Option::default")]
    result: Option<T>,
}

/// What the envelope says when its result is not decoded: its status and message, or the error to report.
/// Not generic: compiled once, here.
fn envelope_of(spec: &Spec, exchange: &Exchange) -> Result<Envelope, SendError> {
    let Exchange { http_status, body, request_id, headers } = exchange;
    match lenient::from_slice::<Envelope>(body) {
        Ok(envelope) => Ok(envelope),
        Err(source) if http_status.is_success() => Err(OperationError::Decode {
            operation: spec.name,
            http_status: *http_status,
            path: lenient::error_path(body, &source),
            excerpt: excerpt(body),
            request_id: request_id.clone(),
            source,
        }),
        Err(_) => Err(OperationError::Http {
            operation: spec.name,
            http_status: *http_status,
            excerpt: excerpt(body),
            headers: Box::new(headers.clone()),
            request_id: request_id.clone(),
        }),
    }
}

fn decode<O: Operation>(
    spec: &Spec,
    exchange: Exchange,
) -> Result<ApiResponse<O::Output>, OperationError<O::ErrorKind>> {
    let decode_error = |exchange: &Exchange, path: String, source| OperationError::Decode {
        operation: spec.name,
        http_status: exchange.http_status,
        path,
        excerpt: excerpt(&exchange.body),
        request_id: exchange.request_id.clone(),
        source,
    };
    let success = exchange.http_status.is_success();
    if !spec.enveloped && success {
        let value = lenient::from_slice::<O::Output>(&exchange.body)
            .map_err(|source| decode_error(&exchange, lenient::error_path(&exchange.body, &source), source))?;
        let Exchange { http_status, headers, request_id, .. } = exchange;
        return Ok(ApiResponse { value, message: String::new(), http_status, headers, request_id });
    }
    // The common case, a success envelope whose result decodes, takes one pass over the body.
    let full = (spec.has_result && success).then(|| lenient::from_slice::<FullEnvelope<O::Output>>(&exchange.body));
    let (status, message, result) = match full {
        Some(Ok(envelope)) => (envelope.status, envelope.message, envelope.result),
        full => {
            // No result to decode, or one that does not decode: the status and message decide what to report.
            let envelope = envelope_of(spec, &exchange).map_err(OperationError::with_kind)?;
            if let (200, Some(Err(source))) = (envelope.status, full) {
                // A success envelope whose result does not decode: report where.
                let path = lenient::error_path(&exchange.body, &source);
                return Err(decode_error(&exchange, path, source));
            }
            (envelope.status, envelope.message, None)
        }
    };
    let message = message.unwrap_or_default();
    let Exchange { http_status, headers, request_id, .. } = exchange;
    if status != 200 || !success {
        let status = u16::try_from(status).unwrap_or(0);
        let kind = O::ErrorKind::from_envelope(status, &message);
        let headers = Box::new(headers);
        return Err(OperationError::Api {
            operation: spec.name,
            status,
            message,
            kind,
            http_status,
            headers,
            request_id,
        });
    }
    // An absent or `null` result decodes as `null` would (the output is `()`, an `Option` or a `Value` then),
    // through the same decoder as every other body, so that no second one is compiled for the output type.
    let value = match result {
        Some(value) => value,
        None => lenient::from_slice::<O::Output>(b"null").map_err(|source| OperationError::Decode {
            operation: spec.name,
            http_status,
            path: "result".to_owned(),
            excerpt: String::new(),
            request_id: request_id.clone(),
            source,
        })?,
    };
    Ok(ApiResponse { value, message, http_status, headers, request_id })
}

/// The stream of a list operation's items, page after page (see the generated `*_stream` methods).
///
/// It is `Unpin` (the page being fetched is boxed), so `while let Some(item) = stream.try_next().await?` works as
/// written, and `Send`. It is a struct rather than a boxed `dyn Stream` on purpose: its `poll_next` is generic, so
/// it is compiled in the crate that polls it, and a generated crate compiles no decoding for a stream nobody reads.
pub struct Paginated<'a, O: Operation, T> {
    client: &'a Client,
    /// The request for the next page and its number, until the last page is in.
    next: Option<(O, i64)>,
    set_page: fn(&mut O, i64),
    split: fn(O::Output) -> (Vec<T>, bool),
    buffer: std::collections::VecDeque<T>,
    /// The page being fetched, with its request (for the page after it).
    pending: Option<(O, i64, PageCall<'a, O>)>,
}

/// One page's call, boxed so that the stream is `Unpin`.
type PageCall<'a, O> = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = Result<ApiResponse<<O as Operation>::Output>, OperationError<<O as Operation>::ErrorKind>>,
            > + Send
            + 'a,
    >,
>;

// Nothing of the stream is pinned in place: the page's future is boxed.
impl<O: Operation, T> Unpin for Paginated<'_, O, T> {}

impl<O: Operation, T> fmt::Debug for Paginated<'_, O, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated")
            .field("next_page", &self.next.as_ref().map(|(_, page)| *page))
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl<'a, O, T> futures_util::Stream for Paginated<'a, O, T>
where
    O: Operation + Clone + 'a,
    T: Send + 'a,
{
    type Item = Result<T, OperationError<O::ErrorKind>>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return std::task::Poll::Ready(Some(Ok(item)));
            }
            let (request, page, mut call) = match this.pending.take() {
                Some(pending) => pending,
                None => {
                    let Some((mut request, page)) = this.next.take() else { return std::task::Poll::Ready(None) };
                    (this.set_page)(&mut request, page);
                    let call: PageCall<'a, O> = Box::pin(this.client.execute(request.clone()));
                    (request, page, call)
                }
            };
            let result = match std::future::Future::poll(call.as_mut(), cx) {
                std::task::Poll::Ready(result) => result,
                std::task::Poll::Pending => {
                    this.pending = Some((request, page, call));
                    return std::task::Poll::Pending;
                }
            };
            match result {
                Ok(response) => {
                    let (items, has_next) = (this.split)(response.value);
                    if has_next && !items.is_empty() {
                        this.next = Some((request, page.saturating_add(1)));
                    }
                    this.buffer.extend(items);
                }
                // An error ends the stream after it is yielded.
                Err(err) => return std::task::Poll::Ready(Some(Err(err))),
            }
        }
    }
}

/// Pages through a list operation: requests page after page while the result says `hasNext`, and yields the
/// items. An error ends the stream after it is yielded.
#[doc(hidden)]
pub fn paginate<'a, O, T>(
    client: &'a Client,
    first: O,
    set_page: fn(&mut O, i64),
    first_page: i64,
    split: fn(O::Output) -> (Vec<T>, bool),
) -> Paginated<'a, O, T>
where
    O: Operation + Clone + 'a,
    T: Send + 'a,
{
    Paginated {
        client,
        next: Some((first, first_page)),
        set_page,
        split,
        buffer: std::collections::VecDeque::new(),
        pending: None,
    }
}

#[cfg(test)]
mod tests;
