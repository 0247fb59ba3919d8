//! A loopback mock of the platform for the tests of code that uses a generated client (feature `mock`).
//!
//! [`MockServer`] listens on 127.0.0.1 and a free port (an HTTP/1.1 server of hyper's, in tasks of the caller's
//! tokio runtime, stopped when the value is dropped). Every operation answers with its doc example until told
//! otherwise through its [`OperationMock`] (the generated `MockServer` has one method per operation): any HTTP
//! status, a documented error inside an HTTP 200 or with its own status, a delay, a dropped connection, or a
//! sequence of answers. Every request is recorded and read back through [`ReceivedRequest`]'s accessors.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};

use crate::operation::ErrorKind;
use crate::HeaderMap;

/// One operation's doc example, as generated from the doc: what the mock answers until told otherwise.
#[doc(hidden)]
#[derive(Debug)]
pub struct MockExample {
    /// The operation's name.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, placeholders as `{name}`.
    pub path: &'static str,
    /// For an RPC-style operation, the JSON body member and value that select it.
    pub selector: Option<(&'static str, i64)>,
    /// The example's body.
    pub body: &'static str,
}

/// One answer of the mock.
#[derive(Debug, Clone)]
pub struct Reply {
    kind: ReplyKind,
    delay: Duration,
    headers: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
enum ReplyKind {
    Example,
    Body { http_status: u16, content_type: String, body: Bytes },
    Drop,
}

impl Reply {
    fn of(kind: ReplyKind) -> Reply {
        Reply { kind, delay: Duration::ZERO, headers: Vec::new() }
    }

    /// The operation's doc example, in HTTP 200 (what every operation answers until told otherwise).
    pub fn example() -> Reply {
        Reply::of(ReplyKind::Example)
    }

    /// Any HTTP status, with an empty body.
    pub fn status(http_status: u16) -> Reply {
        Reply::body(http_status, "text/plain", Vec::new())
    }

    /// Any HTTP status with a body of this content type.
    pub fn body(http_status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::of(ReplyKind::Body {
            http_status,
            content_type: content_type.to_owned(),
            body: Bytes::from(body.into()),
        })
    }

    /// Any HTTP status with a JSON body.
    pub fn json(http_status: u16, body: &serde_json::Value) -> Reply {
        Reply::body(http_status, "application/json", body.to_string())
    }

    /// An error envelope of this status and message, over HTTP `http_status` (the platform sends errors inside an
    /// HTTP 200 as well as with the envelope's status).
    pub fn envelope(http_status: u16, status: u16, message: &str) -> Reply {
        Reply::json(http_status, &serde_json::json!({ "status": status, "message": message }))
    }

    /// The connection is closed once the request is read, with no answer at all.
    pub fn drop_connection() -> Reply {
        Reply::of(ReplyKind::Drop)
    }

    /// The same answer, sent after `delay` (a dropped connection is dropped after it).
    pub fn with_delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// The same answer with one more response header (a request id, a `Retry-After`).
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A request the mock received.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    operation: Option<&'static str>,
    method: String,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl ReceivedRequest {
    /// The operation it was answered as, or `None` when it matched none (it got a 404).
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, as sent (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A header's value as text (the first, when there are several).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Every header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The query string's pairs, decoded.
    pub fn query(&self) -> Vec<(String, String)> {
        let query = self.query.as_deref().unwrap_or("");
        form_urlencoded::parse(query.as_bytes()).into_owned().collect()
    }

    /// The form body's pairs, decoded (empty unless the body is `application/x-www-form-urlencoded`).
    pub fn form(&self) -> Vec<(String, String)> {
        let is_form = self.header("content-type").is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Vec::new();
        }
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// Every value a parameter was sent with, from the query string and the form body, in order.
    pub fn params(&self, name: &str) -> Vec<String> {
        self.query().into_iter().chain(self.form()).filter(|(key, _)| key == name).map(|(_, value)| value).collect()
    }

    /// A parameter's first value, from the query string or the form body.
    pub fn param(&self, name: &str) -> Option<String> {
        self.params(name).into_iter().next()
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// What one operation answers: its example, then replies set by an [`OperationMock`].
struct Route {
    example: &'static MockExample,
    /// Replies still to send, in order.
    queue: VecDeque<Reply>,
    /// The reply that goes on once the queue is empty (the last one given).
    last: Option<Reply>,
}

struct State {
    routes: Vec<Route>,
    received: Vec<ReceivedRequest>,
}

/// The mock server: see the module docs. It stops, connections and all, when dropped.
pub struct MockServer {
    state: Arc<Mutex<State>>,
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("address", &self.address).finish()
    }
}

/// Why a connection is closed without an answer (a [`Reply::drop_connection`]).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the mock drops this connection")
    }
}

impl std::error::Error for Dropped {}

impl MockServer {
    /// Starts a server on 127.0.0.1 and a free port that answers each operation with its example; generated
    /// crates call this from their own `MockServer::start`.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound (a test environment without networking).
    #[doc(hidden)]
    pub async fn start(examples: &'static [MockExample]) -> MockServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("a bound listener has an address");
        let routes = examples.iter().map(|example| Route { example, queue: VecDeque::new(), last: None }).collect();
        let state = Arc::new(Mutex::new(State { routes, received: Vec::new() }));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            // The connections live in this set, so that aborting this task (on drop) ends them too.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let state = Arc::clone(&shared);
                        connections.spawn(async move {
                            let service = hyper::service::service_fn(move |request| {
                                answer(Arc::clone(&state), request)
                            });
                            // A connection that ends badly (a dropped reply, a client gone) only ends itself.
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                                .await;
                        });
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        MockServer { state, address, task }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.state).received.clone()
    }

    /// Forgets every request received and every reply set: each operation answers with its example again.
    pub fn reset(&self) {
        let mut state = lock(&self.state);
        state.received.clear();
        for route in &mut state.routes {
            route.queue.clear();
            route.last = None;
        }
    }

    /// The handle of one operation; generated crates wrap it in one typed method per operation.
    #[doc(hidden)]
    pub fn operation<T, E>(&self, operation: &'static str) -> OperationMock<'_, T, E> {
        OperationMock { server: self, operation, marker: PhantomData }
    }
}

/// The state, also after a panic in another test thread that held it (it stays consistent: every change is a
/// single push or assignment).
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether a request path (percent-encoded) fits a template (`/a/{id}/b`): literal segments equal, each
/// placeholder one non-empty segment.
fn path_matches(template: &str, path: &str) -> bool {
    let mut template_segments = template.split('/');
    let mut path_segments = path.split('/');
    loop {
        match (template_segments.next(), path_segments.next()) {
            (None, None) => return true,
            (Some(expected), Some(got)) => {
                let got = percent_encoding::percent_decode_str(got).decode_utf8_lossy();
                let placeholder = expected.starts_with('{') && expected.ends_with('}');
                if placeholder && got.is_empty() || !placeholder && expected != got {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

async fn answer(
    state: Arc<Mutex<State>>,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let (parts, body) = request.into_parts();
    // A body that breaks off is kept as far as it came.
    let body = body.collect().await.map(|collected| collected.to_bytes()).unwrap_or_default();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
    let (operation, reply) = {
        let mut state = lock(&state);
        let route = state.routes.iter_mut().find(|route| {
            let example = route.example;
            example.method == method
                && path_matches(example.path, &path)
                && example.selector.is_none_or(|(field, value)| {
                    json.as_ref().and_then(|json| json.get(field)).and_then(serde_json::Value::as_i64) == Some(value)
                })
        });
        let found = route.map(|route| {
            let reply = match route.queue.pop_front() {
                Some(reply) => {
                    route.last = Some(reply.clone());
                    reply
                }
                None => route.last.clone().unwrap_or_else(Reply::example),
            };
            (route.example, reply)
        });
        state.received.push(ReceivedRequest {
            operation: found.as_ref().map(|(example, _)| example.operation),
            method: method.clone(),
            path: path.clone(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
        });
        match found {
            Some((example, reply)) => (Some(example), reply),
            None => (None, Reply::body(404, "text/plain", format!("the mock has no operation for {method} {path}"))),
        }
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let (http_status, content_type, body) = match reply.kind {
        ReplyKind::Drop => return Err(Dropped),
        ReplyKind::Example => {
            let body = operation.map_or("", |example| example.body);
            (200, "application/json".to_owned(), Bytes::from_static(body.as_bytes()))
        }
        ReplyKind::Body { http_status, content_type, body } => (http_status, content_type, body),
    };
    let mut response = hyper::Response::new(Full::new(body));
    *response.status_mut() =
        hyper::StatusCode::from_u16(http_status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(value) = hyper::header::HeaderValue::from_str(&content_type) {
        headers.insert(hyper::header::CONTENT_TYPE, value);
    }
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(name.as_bytes()), hyper::header::HeaderValue::from_str(value))
        {
            headers.append(name, value);
        }
    }
    Ok(response)
}

/// How one operation answers; `T` is its result type and `E` its error kinds. Every setting replaces what was set
/// before, and holds until the next one or [`MockServer::reset`].
pub struct OperationMock<'a, T, E> {
    server: &'a MockServer,
    operation: &'static str,
    marker: PhantomData<fn() -> (T, E)>,
}

impl<T, E> OperationMock<'_, T, E> {
    /// Answers every request with `reply` from now on.
    pub fn respond(&self, reply: Reply) {
        self.respond_in_sequence([reply]);
    }

    /// Answers the next requests with these replies, one each, in order; the last one goes on after that
    /// (pages, then an error; a 503, then a success).
    pub fn respond_in_sequence(&self, replies: impl IntoIterator<Item = Reply>) {
        let replies: VecDeque<Reply> = replies.into_iter().collect();
        let mut state = lock(&self.server.state);
        for route in state.routes.iter_mut().filter(|route| route.example.operation == self.operation) {
            route.queue = replies.clone();
            route.last = None;
        }
    }

    /// Answers with the doc example again, and forgets the replies set.
    pub fn reset(&self) {
        self.respond(Reply::example());
    }

    /// The requests this operation received so far, in order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        let state = lock(&self.server.state);
        state.received.iter().filter(|request| request.operation == Some(self.operation)).cloned().collect()
    }

    /// Answers every request with an error envelope of this status and message, over HTTP `http_status`.
    pub fn fail_with_envelope(&self, http_status: u16, status: u16, message: &str) {
        self.respond(Reply::envelope(http_status, status, message));
    }
}

impl<T: serde::Serialize, E> OperationMock<'_, T, E> {
    /// A success envelope carrying `value`.
    pub fn success(&self, value: &T) -> Reply {
        Reply::json(200, &serde_json::json!({ "status": 200, "message": "OK", "result": value }))
    }

    /// Answers every request with a success envelope carrying `value`.
    pub fn respond_with(&self, value: &T) {
        self.respond(self.success(value));
    }
}

impl<T, E: ErrorKind> OperationMock<'_, T, E> {
    /// The error envelope of a documented kind, inside an HTTP 200 (`Other` is status 500 `Internal Error`).
    pub fn error(&self, kind: E) -> Reply {
        let (status, message) = envelope_of(&kind);
        Reply::envelope(200, status, &message)
    }

    /// The error envelope of a documented kind, with the envelope's status as the HTTP status too.
    pub fn error_with_status(&self, kind: E) -> Reply {
        let (status, message) = envelope_of(&kind);
        Reply::envelope(status, status, &message)
    }

    /// Answers every request with a documented error, inside an HTTP 200.
    pub fn fail_with(&self, kind: E) {
        self.respond(self.error(kind));
    }

    /// Answers every request with a documented error, with its own status as the HTTP status.
    pub fn fail_with_status(&self, kind: E) {
        self.respond(self.error_with_status(kind));
    }
}

fn envelope_of<E: ErrorKind>(kind: &E) -> (u16, String) {
    kind.to_envelope().unwrap_or((500, "Internal Error".to_owned()))
}

#[cfg(test)]
mod tests;
