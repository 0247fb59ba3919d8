//! Per-call options and the client's policies: when a failed call is sent again ([`RetryPolicy`]) and which
//! redirects are followed ([`RedirectPolicy`]). Every duration saturates; nothing here can panic.

use std::fmt;
use std::time::Duration;

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
/// A redirect that is not followed ([`OperationError::Redirect`](crate::OperationError::Redirect)) is an answer, not a failure, and is never retried.
///
/// Only operations that are safe to repeat ([`Spec::idempotent`](crate::Spec::idempotent)) are retried once a request may have
/// reached a server; the others are sent again only when every attempt so far failed to connect, so nothing
/// was sent. No setting lifts that rule: the doc's classification can be corrected in `spec/overrides.toml`.
///
/// Every duration saturates: `Duration::MAX` as a backoff, or a `Retry-After` of `u64::MAX` seconds, is a very
/// long wait (or the end of the retries when it does not fit the call's timeout), never a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    pub(crate) max_retry_after: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
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

/// Which redirects the client follows (see [`ClientBuilder::redirects`](crate::ClientBuilder::redirects)).
///
/// Whatever the policy, a redirect is followed only when it keeps the scheme, host and port of the request and
/// the operation is safe to repeat ([`Spec::idempotent`](crate::Spec::idempotent)), and only with the same method and body: a 301,
/// 302, 307 or 308 sends the same request to the new path, a 303 is followed by a `GET` only. Any other redirect
/// ends the call with [`OperationError::Redirect`](crate::OperationError::Redirect), before anything is sent to where it points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedirectPolicy {
    pub(crate) max_hops: u32,
}

impl Default for RedirectPolicy {
    /// [`RedirectPolicy::none`].
    fn default() -> RedirectPolicy {
        RedirectPolicy::none()
    }
}

impl RedirectPolicy {
    /// Follow no redirect (the default): every 3xx answer is [`OperationError::Redirect`](crate::OperationError::Redirect).
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
