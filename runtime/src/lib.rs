//! The runtime of the typed htaiyun clients: everything a generated client crate needs that is not in its doc.
//!
//! A generated crate (such as `htaiyun-client`) holds only what its doc says: one request struct, one error enum
//! and one `Client` method per operation, the response types and enums, and the constants of each operation
//! ([`Spec`]). Everything generic lives here, compiled once: the HTTP client, credentials, retries, redirects,
//! decoding, errors, pagination, hooks, and (feature `mock`) the mock server. Users reach it through the
//! generated crate's re-exports; the items the generated code calls are hidden from these docs.
//!
//! # What the client promises
//!
//! - **Credentials go where the doc says.** The application's access token goes on every request; the session
//!   token and secret (or HTTP Basic built from them) only on the operations whose doc section lists them
//!   ([`Spec::auth`]). Nothing else is derived from them, a base URL with a user name or password is refused by
//!   [`ClientBuilder::build`], and neither default headers nor hooks can add a credential header.
//! - **Redirects are not followed** by default: a 3xx answer is [`OperationError::Redirect`], naming where it
//!   pointed (without any user name or password). [`ClientBuilder::redirects`] with
//!   [`RedirectPolicy::same_origin`] follows redirects to the same scheme, host and port for operations that are
//!   safe to repeat only; a redirect to another origin is never followed, and an operation that is not safe to
//!   repeat is never sent again on any redirect. A caller's own HTTP client ([`ClientBuilder::http_client`]) is
//!   set to follow none too.
//! - **A write is never replayed.** An operation that is not safe to repeat ([`Spec::idempotent`] is `false`) is
//!   sent again only while no attempt could have reached a server (every attempt so far, redirect hops included,
//!   failed to connect). Redirect errors are not retried.
//! - **Nothing a server sends, and no duration, panics the caller.** Deadlines and waits saturate;
//!   `Duration::MAX` means "no limit"; an absurd `Retry-After` ends the retries.
//! - **Integers are exact.** An integer that does not fit the field's type, or a fraction where an integer is
//!   documented, is [`OperationError::Decode`] naming the field (`path`) and the value; nothing is rounded or
//!   clamped (see [`lenient`] for every decoding rule).
//! - **Sensitive values stay out of sight.** A parameter the overrides mark `sensitive` shows as `<redacted>` in
//!   its request's `Debug`; when it travels in the URL ([`Spec::sensitive_url`]), the URL is kept out of the logs,
//!   hooks and transport errors, and a redirect that is not followed names only the origin it pointed to.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod client;
mod credentials;
mod error;
mod hook;
pub mod lenient;
mod operation;
mod policy;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use client::{ApiInfo, ApiResponse, Client, ClientBuilder, Paginated, REQUEST_ID_HEADERS};
pub use credentials::{Credentials, Secret};
pub use error::{AnyError, AnyKind, BuildError, OperationError};
pub use hook::{Hook, HookRequest, HookResponse};
pub use operation::{AuthHeader, AuthKind, Body, ErrorKind, Operation, Request, Spec, WireEnum};
pub use policy::{CallOptions, RedirectPolicy, RedirectRefusal, RetryPolicy};
pub use reqwest::header::HeaderMap;
pub use reqwest::{Certificate, Method, StatusCode, Url};

/// The HTTP client crate the runtime sends with, for [`ClientBuilder::http_client`] and the header types.
pub use reqwest;

// What the generated code calls; not part of the API a user programs against.
#[doc(hidden)]
pub use client::{excerpt, paginate};
#[doc(hidden)]
pub use lenient::present;
#[doc(hidden)]
pub use operation::{envelope, fill_path, match_pattern, push, push_joined, push_json, segment, ToParam};
#[doc(hidden)]
pub use serde;
