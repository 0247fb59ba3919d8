//! Errors: [`OperationError`], what one call fails with (its documented kind in the `Api` variant), the same error
//! with the kind erased ([`AnyError`], which every operation's error converts into), and [`BuildError`].

use std::any::Any;
use std::fmt;
use std::time::Duration;

use crate::operation::ErrorKind;
use crate::policy::RedirectRefusal;
use crate::{HeaderMap, StatusCode};

/// Everything a call can fail with. `E` is the operation's documented error kinds (`CreateServerError`).
///
/// Every variant names the operation; the variants that come with an answer name its HTTP status, and those
/// that come with a whole answer (`Api`, `Http`) keep its headers and the platform's request id when the answer
/// has one (see [`ClientBuilder::request_id_header`](crate::ClientBuilder::request_id_header)). Nothing in an
/// error carries a credential.
#[derive(Debug)]
#[non_exhaustive]
pub enum OperationError<E: fmt::Debug> {
    /// The platform answered with an error envelope.
    Api {
        /// The operation.
        operation: &'static str,
        /// The envelope's status (400, 403, 406, 500, ...).
        status: u16,
        /// The envelope's message, as sent.
        message: String,
        /// The documented kind, or `Other`.
        kind: E,
        /// The HTTP status (the platform sends errors inside an HTTP 200 as well as with their own status).
        http_status: StatusCode,
        /// The HTTP response headers (boxed, so that every `Result` of a call stays small).
        headers: Box<HeaderMap>,
        /// The platform's request id, when the answer carries one.
        request_id: Option<String>,
    },
    /// The request could not be sent or the response not received.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The cause.
        source: reqwest::Error,
    },
    /// No complete response within the timeout (the call's, or the policy's attempt timeout).
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// A non-success HTTP status without an error envelope.
    Http {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        http_status: StatusCode,
        /// The start of the body.
        excerpt: String,
        /// The HTTP response headers (boxed, so that every `Result` of a call stays small).
        headers: Box<HeaderMap>,
        /// The platform's request id, when the answer carries one.
        request_id: Option<String>,
    },
    /// The body is not the JSON the doc describes.
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        http_status: StatusCode,
        /// Where in the body decoding failed, such as `result.entites[0].unique` (`.` for the body itself).
        path: String,
        /// The start of the body.
        excerpt: String,
        /// The platform's request id, when the answer carries one.
        request_id: Option<String>,
        /// The cause; for a field, its message names the value as it was sent.
        source: serde_json::Error,
    },
    /// The server answered with a redirect that the client did not follow
    /// ([`RedirectPolicy`](crate::RedirectPolicy)). Nothing was sent to where it points.
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
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        reason: String,
    },
}

/// What an error says, without its kind: `Display` formats this, so the formatting is compiled once, here,
/// rather than once per operation's error type.
enum Described<'a> {
    Api {
        operation: &'static str,
        status: u16,
        message: &'a str,
        request_id: Option<&'a str>,
    },
    Transport {
        operation: &'static str,
        source: &'a reqwest::Error,
    },
    Timeout {
        operation: &'static str,
        timeout: Duration,
    },
    Http {
        operation: &'static str,
        http_status: StatusCode,
        excerpt: &'a str,
        request_id: Option<&'a str>,
    },
    Decode {
        operation: &'static str,
        http_status: StatusCode,
        path: &'a str,
        excerpt: &'a str,
        request_id: Option<&'a str>,
        source: &'a serde_json::Error,
    },
    Redirect {
        operation: &'static str,
        http_status: StatusCode,
        location: Option<&'a str>,
        reason: RedirectRefusal,
    },
    BodyTooLarge {
        operation: &'static str,
        limit: usize,
    },
    InvalidRequest {
        operation: &'static str,
        reason: &'a str,
    },
}

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let note = |request_id: Option<&str>| request_id.map_or_else(String::new, |id| format!(" (request id {id})"));
        match self {
            Described::Api { operation, status, message, request_id } => {
                write!(f, "{operation}: the platform answered status {status}: {message}{}", note(*request_id))
            }
            Described::Transport { operation, source } => write!(f, "{operation}: request failed: {source}"),
            Described::Timeout { operation, timeout } => write!(f, "{operation}: no response within {timeout:?}"),
            Described::Http { operation, http_status, excerpt, request_id } => {
                write!(f, "{operation}: HTTP {http_status}: {excerpt}{}", note(*request_id))
            }
            Described::Decode { operation, http_status, path, excerpt, request_id, source } => write!(
                f,
                "{operation}: cannot decode the response (HTTP {http_status}) at `{path}`: {source}; the body starts \
                 with {excerpt:?}{}",
                note(*request_id)
            ),
            Described::Redirect { operation, http_status, location, reason } => write!(
                f,
                "{operation}: HTTP {http_status}: redirect to {} not followed: {reason}",
                location.unwrap_or("nowhere")
            ),
            Described::BodyTooLarge { operation, limit } => {
                write!(f, "{operation}: the response body exceeds {limit} bytes")
            }
            Described::InvalidRequest { operation, reason } => write!(f, "{operation}: invalid request: {reason}"),
        }
    }
}

impl<E: fmt::Debug> OperationError<E> {
    fn described(&self) -> Described<'_> {
        match self {
            OperationError::Api { operation, status, message, request_id, .. } => {
                Described::Api { operation, status: *status, message, request_id: request_id.as_deref() }
            }
            OperationError::Transport { operation, source } => Described::Transport { operation, source },
            OperationError::Timeout { operation, timeout } => Described::Timeout { operation, timeout: *timeout },
            OperationError::Http { operation, http_status, excerpt, request_id, .. } => {
                Described::Http { operation, http_status: *http_status, excerpt, request_id: request_id.as_deref() }
            }
            OperationError::Decode { operation, http_status, path, excerpt, request_id, source } => Described::Decode {
                operation,
                http_status: *http_status,
                path,
                excerpt,
                request_id: request_id.as_deref(),
                source,
            },
            OperationError::Redirect { operation, http_status, location, reason } => Described::Redirect {
                operation,
                http_status: *http_status,
                location: location.as_deref(),
                reason: *reason,
            },
            OperationError::BodyTooLarge { operation, limit, .. } => {
                Described::BodyTooLarge { operation, limit: *limit }
            }
            OperationError::InvalidRequest { operation, reason } => Described::InvalidRequest { operation, reason },
        }
    }
}

impl<E: fmt::Debug> fmt::Display for OperationError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.described().fmt(f)
    }
}

impl<E: fmt::Debug> std::error::Error for OperationError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OperationError::Transport { source, .. } => Some(source),
            OperationError::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// An operation's error with its kind erased: what every operation's [`OperationError`] converts into, so that
/// `?` works across operations. The kind is still there: [`AnyKind::name`], or [`AnyKind::downcast_ref`] to the
/// operation's own enum.
pub type AnyError = OperationError<AnyKind>;

impl<E: fmt::Debug> OperationError<E> {
    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            OperationError::Api { operation, .. }
            | OperationError::Transport { operation, .. }
            | OperationError::Timeout { operation, .. }
            | OperationError::Http { operation, .. }
            | OperationError::Decode { operation, .. }
            | OperationError::Redirect { operation, .. }
            | OperationError::BodyTooLarge { operation, .. }
            | OperationError::InvalidRequest { operation, .. } => operation,
        }
    }

    /// The documented kind, when the platform answered with an error envelope.
    pub fn kind(&self) -> Option<&E> {
        match self {
            OperationError::Api { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// The error envelope's status (400, 403, 406, ...), when the platform answered with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            OperationError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error envelope's message, when the platform answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            OperationError::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<StatusCode> {
        match self {
            OperationError::Api { http_status, .. }
            | OperationError::Http { http_status, .. }
            | OperationError::Decode { http_status, .. }
            | OperationError::Redirect { http_status, .. }
            | OperationError::BodyTooLarge { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    /// The HTTP headers of the answer, for an error envelope or an HTTP error status.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            OperationError::Api { headers, .. } | OperationError::Http { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The platform's request id, when the answer carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            OperationError::Api { request_id, .. }
            | OperationError::Http { request_id, .. }
            | OperationError::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, OperationError::Timeout { .. })
    }

    /// The same error with its kind changed by `f`.
    pub fn map_kind<F: fmt::Debug>(self, f: impl FnOnce(E) -> F) -> OperationError<F> {
        match self {
            OperationError::Api { operation, status, message, kind, http_status, headers, request_id } => {
                OperationError::Api { operation, status, message, kind: f(kind), http_status, headers, request_id }
            }
            OperationError::Transport { operation, source } => OperationError::Transport { operation, source },
            OperationError::Timeout { operation, timeout } => OperationError::Timeout { operation, timeout },
            OperationError::Http { operation, http_status, excerpt, headers, request_id } => {
                OperationError::Http { operation, http_status, excerpt, headers, request_id }
            }
            OperationError::Decode { operation, http_status, path, excerpt, request_id, source } => {
                OperationError::Decode { operation, http_status, path, excerpt, request_id, source }
            }
            OperationError::Redirect { operation, http_status, location, reason } => {
                OperationError::Redirect { operation, http_status, location, reason }
            }
            OperationError::BodyTooLarge { operation, http_status, limit } => {
                OperationError::BodyTooLarge { operation, http_status, limit }
            }
            OperationError::InvalidRequest { operation, reason } => {
                OperationError::InvalidRequest { operation, reason }
            }
        }
    }
}

impl OperationError<std::convert::Infallible> {
    /// The error of the sending path (which never has a kind) as an operation's error.
    pub(crate) fn with_kind<E: fmt::Debug>(self) -> OperationError<E> {
        self.map_kind(|never| match never {})
    }
}

/// A documented error kind of some operation, with its type erased (see [`AnyError`]).
pub struct AnyKind {
    kind: Box<dyn ErasedKind>,
}

trait ErasedKind: fmt::Debug + Send + Sync {
    fn name(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
}

impl<K: ErrorKind> ErasedKind for K {
    fn name(&self) -> &'static str {
        ErrorKind::name(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl AnyKind {
    /// The kind's variant name (`AccessDenied`, `MissingParameter`, `Other`), the same in every operation that
    /// documents the error.
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    /// The kind as the operation's own enum, if it is that operation's (`CreateServerError`).
    pub fn downcast_ref<K: ErrorKind>(&self) -> Option<&K> {
        self.kind.as_any().downcast_ref()
    }
}

impl fmt::Debug for AnyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl<E: ErrorKind> From<OperationError<E>> for AnyError {
    fn from(error: OperationError<E>) -> AnyError {
        error.map_kind(|kind| AnyKind { kind: Box::new(kind) })
    }
}

/// Why [`ClientBuilder::build`](crate::ClientBuilder::build) failed.
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
    /// A default header cannot be sent (not a valid name or value), or names a credential, which only the
    /// operations whose doc lists it may send.
    #[error("invalid default header `{name}`: {reason}")]
    Header {
        /// The header name as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The HTTP client could not be set up (a TLS backend or certificate problem).
    #[error("cannot set up the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}
