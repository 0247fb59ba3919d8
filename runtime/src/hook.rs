//! The request/response hook ([`Hook`]): code of the user's that sees every attempt of every call (the operation's
//! name, the request, the answer) for tracing ids and metrics, and never a credential.
//!
//! A hook runs before the credentials are added to a request and cannot add a header that carries one, so what
//! it sees and sends is free of secrets; for an operation with a sensitive parameter in its URL, it sees no URL.

use std::time::Duration;

use crate::{HeaderMap, Method, StatusCode, Url};

/// Sees each attempt of each call: [`Hook::on_request`] before it is sent (each redirect hop too), and
/// [`Hook::on_response`] once its answer (or its failure) is known. Add one with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook).
///
/// An attempt that the call's timeout cuts short gets no `on_response`.
pub trait Hook: Send + Sync + 'static {
    /// Called before a request is sent; it may add headers (a tracing id).
    fn on_request(&self, request: &mut HookRequest<'_>) {
        let _ = request;
    }

    /// Called when an answer's status and headers are in and its body is read, or when sending failed.
    fn on_response(&self, response: &HookResponse<'_>) {
        let _ = response;
    }
}

/// What a [`Hook`] sees of a request: no credential, and no URL when a sensitive value travels in it.
pub struct HookRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) hop: u32,
    pub(crate) method: &'a Method,
    pub(crate) url: Option<&'a Url>,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) credential_headers: &'a [&'static str],
}

impl HookRequest<'_> {
    /// The operation's name (its OpenAPI `operationId`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The attempt number, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The redirect hop within the attempt, 0 for the request itself.
    pub fn hop(&self) -> u32 {
        self.hop
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL, or `None` for an operation whose URL carries a sensitive parameter.
    pub fn url(&self) -> Option<&Url> {
        self.url
    }

    /// The request's headers so far: the default headers, `Content-Type`, and what hooks added; never a
    /// credential (they are added after the hooks).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// Adds a header to the request. A header that carries a credential of this API (`HT-ACCESS-TOKEN`,
    /// `Authorization`, ...) is refused, and `false` returned: only the operations whose doc lists it send it.
    pub fn insert_header(&mut self, name: reqwest::header::HeaderName, value: reqwest::header::HeaderValue) -> bool {
        if self.credential_headers.iter().any(|credential| credential.eq_ignore_ascii_case(name.as_str())) {
            return false;
        }
        self.headers.insert(name, value);
        true
    }
}

/// What a [`Hook`] sees of an answer.
pub struct HookResponse<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) hop: u32,
    pub(crate) http_status: Option<StatusCode>,
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) body_len: Option<usize>,
    pub(crate) elapsed: Duration,
}

impl HookResponse<'_> {
    /// The operation's name (its OpenAPI `operationId`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The attempt number, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The redirect hop within the attempt, 0 for the request itself.
    pub fn hop(&self) -> u32 {
        self.hop
    }

    /// The HTTP status, or `None` when no answer came (the connection failed or broke).
    pub fn http_status(&self) -> Option<StatusCode> {
        self.http_status
    }

    /// The answer's headers, or `None` when no answer came.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers
    }

    /// The body's length in bytes, once read (`None` for a redirect, a body over the limit or a failure).
    pub fn body_len(&self) -> Option<usize> {
        self.body_len
    }

    /// The time from sending the request to this point.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}
