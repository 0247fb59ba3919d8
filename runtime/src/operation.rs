//! What a generated crate implements for each operation: its constant facts ([`Spec`]), how its parameters are
//! encoded ([`Request`]), its output and documented error kinds ([`Operation`], [`ErrorKind`]), and its enums
//! ([`WireEnum`]). The helpers the generated code calls (`push`, `segment`, ...) are hidden from the docs.
//!
//! [`Request`] is object safe: the runtime sends a request through `&dyn Request`, so the whole sending path
//! (retries, redirects, timeouts, body reading, hooks) is compiled once, in this crate, and each operation adds
//! only its decoding to the crate that uses it.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::policy::CallOptions;
use crate::Method;

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

/// A credential header an operation sends, and what it carries.
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
    /// In an `application/x-www-form-urlencoded` body; lists as repeated keys.
    Form,
    /// In a JSON object body.
    Json,
}

/// The constant facts of one operation, as the doc states them.
#[derive(Debug)]
pub struct Spec {
    /// The operation's name (its OpenAPI `operationId`), as errors, logs and hooks name it.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template as the doc writes it, placeholders as `{name}`.
    pub path: &'static str,
    /// Whether the call is safe to repeat: the doc says it reads, or `spec/overrides.toml` says so (the rule is
    /// in the generator's README). Only such calls are retried once a request may have reached a server, and only
    /// they follow redirects.
    pub idempotent: bool,
    /// Whether the success body is a `{status, message, result}` envelope.
    pub enveloped: bool,
    /// Whether the envelope's `result` is decoded (`false`: the output is `()`).
    pub has_result: bool,
    /// How the parameters travel.
    pub body: Body,
    /// The credential headers this operation sends: the access token (under the doc's name for it) on every
    /// operation, and the session headers only where the operation's section lists them.
    pub auth: &'static [AuthHeader],
    /// Whether the URL carries a sensitive parameter (in the path or query string): the URL is then kept out of
    /// logs, hooks, transport errors and redirect errors.
    pub sensitive_url: bool,
}

/// A request as the runtime sends it: implemented by every generated request struct.
pub trait Request: Send + Sync {
    /// The operation's constant facts.
    fn spec(&self) -> &'static Spec;
    /// The path with its parameters encoded, or why it cannot be built.
    fn path(&self) -> Result<String, String>;
    /// The query or form parameters, in doc order.
    fn params(&self, out: &mut Vec<(String, String)>);
    /// The JSON body (for [`Body::Json`]). The default sends every parameter as a string; generated code
    /// overrides it with typed members.
    fn json_body(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut params = Vec::new();
        self.params(&mut params);
        params.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect()
    }
    /// This call's options (timeout, retries), overriding the client's.
    fn options(&self) -> &CallOptions;
}

/// One operation of the API: a [`Request`] with its decoded output and its documented error kinds.
pub trait Operation: Request + Sized {
    /// The decoded `result`.
    type Output: DeserializeOwned + Send;
    /// The documented error kinds.
    type ErrorKind: ErrorKind;
}

/// An operation's documented error kinds, read from an error envelope: implemented by every generated
/// `<Operation>Error` enum.
pub trait ErrorKind: fmt::Debug + Send + Sync + Sized + 'static {
    /// The kind for an envelope's status and message (`Other` when the doc lists neither).
    fn from_envelope(status: u16, message: &str) -> Self;
    /// The status and message the platform sends for this kind (`None` for `Other`): what the mock answers for
    /// it. Generated crates implement it with their `mock` feature only, so that no other build compiles it;
    /// without the feature it is `None`.
    #[doc(hidden)]
    fn to_envelope(&self) -> Option<(u16, String)> {
        None
    }
    /// The variant's name (`AccessDenied`): the same name in every operation that documents the same error, so
    /// that a crate-level error can tell kinds apart without knowing the operation.
    fn name(&self) -> &'static str;
}

/// A closed set of wire values with an `Unknown` fallback: what every generated enum implements.
pub trait WireEnum: Sized {
    /// The value on the wire.
    fn as_wire(&self) -> &str;
    /// The variant for a wire value (`Unknown` for one the doc does not list).
    fn from_wire(value: &str) -> Self;
}

/// Implements `Display`, `Serialize`, `Deserialize` and the parameter encoding for a [`WireEnum`].
#[doc(hidden)]
#[macro_export]
macro_rules! wire_enum_impls {
    ($ty:ty) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::WireEnum::as_wire(self))
            }
        }
        impl $crate::ToParam for $ty {
            fn push_param(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_owned(), $crate::WireEnum::as_wire(self).to_owned()));
            }
        }
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::WireEnum::as_wire(self))
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as $crate::serde::Deserialize>::deserialize(deserializer)?;
                Ok(<$ty as $crate::WireEnum>::from_wire(&value))
            }
        }
    };
}

/// Encodes a value as request parameters: scalars as one pair, lists as repeated keys, `None` as nothing.
#[doc(hidden)]
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
#[doc(hidden)]
pub fn push<T: ToParam + ?Sized>(out: &mut Vec<(String, String)>, name: &str, value: &T) {
    value.push_param(name, out);
}

/// Appends a list as one parameter whose items are joined by `separator` (`ids=1,2`); an empty or absent list
/// adds nothing.
#[doc(hidden)]
pub fn push_joined<T: ToParam + ?Sized>(out: &mut Vec<(String, String)>, name: &str, value: &T, separator: &str) {
    let mut items = Vec::new();
    value.push_param(name, &mut items);
    if !items.is_empty() {
        let joined: Vec<String> = items.into_iter().map(|(_, item)| item).collect();
        out.push((name.to_owned(), joined.join(separator)));
    }
}

/// Adds a member to a JSON body; `None` adds nothing.
#[doc(hidden)]
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

/// Percent-encodes a path parameter as exactly one segment: `/`, `?`, `#` and `%` are escaped, and the dot
/// segments `.` and `..` (which URL parsers resolve away) are refused, as is an empty value.
#[doc(hidden)]
pub fn segment(name: &str, value: &str) -> Result<String, String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!("path parameter `{name}` cannot be {value:?}"));
    }
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    Ok(percent_encoding::utf8_percent_encode(value, SEGMENT).to_string())
}

/// Fills a path template (`/v1/server/{serverid}/get`) with its parameters, each percent-encoded as exactly one
/// segment ([`segment`]): one function for every operation, so that each `Request::path` is a table. A
/// placeholder without a value is an error (the generated code names every one).
#[doc(hidden)]
pub fn fill_path(template: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close =
            rest[open..].find('}').map(|idx| open + idx).ok_or_else(|| format!("unclosed `{{` in `{template}`"))?;
        let name = &rest[open + 1..close];
        let value = values.iter().find(|(candidate, _)| *candidate == name).map(|(_, value)| *value);
        out.push_str(&segment(name, value.ok_or_else(|| format!("no value for path parameter `{name}`"))?)?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The envelope of a documented error kind: its status, and its message (`text`, then for a message with a
/// placeholder the value and the rest of the pattern). One function for every kind of every operation, so that
/// each `to_envelope` is a table.
#[doc(hidden)]
pub fn envelope(status: u16, text: &str, value: Option<&str>, suffix: &str) -> Option<(u16, String)> {
    Some(match value {
        Some(value) => (status, format!("{text}{value}{suffix}")),
        None => (status, text.to_owned()),
    })
}

/// Matches a message against a documented pattern such as `require parameter:A` and returns the value in the
/// placeholder's place.
#[doc(hidden)]
pub fn match_pattern(message: &str, prefix: &str, suffix: &str) -> Option<String> {
    let message = message.trim();
    let rest = message.strip_prefix(prefix.trim_start())?;
    let value = rest.strip_suffix(suffix)?;
    Some(value.trim().to_owned())
}
