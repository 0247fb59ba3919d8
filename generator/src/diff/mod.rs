//! A semantic diff of two IRs: what a doc change means for the wire contract and for the generated crate.
//!
//! It sits beside the emitters (it reads two [`ir::Api`]s and nothing else) and is what `cargo xtask diff` prints.
//! Every change has a stable [`ChangeCode`] (the list is in `codes.rs`), the operation it concerns, a message, and
//! where it is in the old and in the new doc. A change is judged on two surfaces: `http` (what a client of any
//! language sees on the wire) and `rust` (the public API of the generated crate, named as the Rust emitter names
//! it, from the IR's `name` and `rust` fields). When both surfaces judge it alike it is one change with surface
//! `both`; otherwise it is one change per surface, so a required parameter made optional shows as additive on the
//! wire and breaking in Rust.
//!
//! How things are matched: docs by module (or the only doc on each side); live operations by method, path and RPC
//! selector, then by name (a changed method or path), then by title; parameters by wire name and location, then by
//! wire name; fields by JSON key; errors by status and message, then by variant name, then in order within a status;
//! headers by name.
//!
//! What is compared is what the emitters read: a response field's `required` (the decision behind OpenAPI's
//! `required` and Rust's `T` or `Option<T>`; the table's own word, `doc_required`, only changes `x-doc-required`),
//! integer widths as [`Type::is_32_bit`] says (`Integer` and `Long` are the same 64-bit integer), a parameter's
//! `sensitive` flag and list `encoding`, the other headers, the credentials each operation sends (the emitters'
//! own decision, `emit::credentials`, so a section that names none still sends the doc's access token), and
//! whether it is safe to repeat (`idempotent`, as the runtime reads it).
//! A named type reached twice (shared by two operations) is compared once, at the first operation that reaches it.

mod codes;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use codes::ChangeCode;

use crate::emit::rust::{
    client_method_names, field_type_text, named_required, rust_type_text, ERROR_ENUMS_NON_EXHAUSTIVE,
    RESULT_STRUCTS_NON_EXHAUSTIVE, VALUE_ENUMS_NON_EXHAUSTIVE,
};
use crate::ir::{self, Api, Doc, Operation, Param, ParamLocation, Type};
use crate::naming;

/// How much a change matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A client written against the old revision may fail against the new one, or stop compiling.
    Breaking,
    /// Something new; old clients keep working.
    Additive,
    /// Wording only.
    Doc,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Additive => "additive",
            Severity::Doc => "doc",
        }
    }
}

/// Which contract a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    /// The wire contract.
    Http,
    /// The generated crate's public API.
    Rust,
    /// Both, alike.
    Both,
}

impl Surface {
    pub fn as_str(self) -> &'static str {
        match self {
            Surface::Http => "http",
            Surface::Rust => "rust",
            Surface::Both => "both",
        }
    }
}

/// The version bump the generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// No change at all.
    None,
    /// Wording only.
    Patch,
    /// Something additive, nothing breaking.
    Minor,
    /// Something breaking, on either surface.
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// A place in one revision's doc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub severity: Severity,
    pub surface: Surface,
    pub code: ChangeCode,
    /// The operation's name (the new one when it was renamed); `None` for a change of the doc itself.
    pub operation: Option<String>,
    pub message: String,
    /// Where the old revision says it (`None` for something added).
    pub old: Option<Location>,
    /// Where the new revision says it (for something removed: the operation, or doc, it was removed from).
    pub new: Option<Location>,
}

/// Every change between two revisions, and the bump they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub semver: Semver,
    pub changes: Vec<Change>,
}

impl Diff {
    /// The diff as pretty JSON with a final newline: `{"semver": ..., "changes": [...]}`.
    pub fn to_json(&self) -> String {
        // Plain data with string keys always serializes.
        let mut out = serde_json::to_string_pretty(self).expect("the diff is plain serializable data");
        out.push('\n');
        out
    }

    pub fn has(&self, severity: Severity) -> bool {
        self.changes.iter().any(|c| c.severity == severity)
    }
}

/// Compares two IRs.
pub fn diff(old: &Api, new: &Api) -> Diff {
    let mut cx = Cx::default();
    let old_names = client_method_names(old);
    let new_names = client_method_names(new);
    let mut new_paired = vec![false; new.docs.len()];
    for (old_idx, old_doc) in old.docs.iter().enumerate() {
        let paired = new
            .docs
            .iter()
            .position(|d| d.module == old_doc.module)
            .or_else(|| (old.docs.len() == 1 && new.docs.len() == 1).then_some(0));
        let old_side = Side::new(old_doc, &old_names[old_idx]);
        match paired {
            Some(new_idx) if !new_paired[new_idx] => {
                new_paired[new_idx] = true;
                cx.docs(&old_side, &Side::new(&new.docs[new_idx], &new_names[new_idx]));
            }
            _ => {
                for op in old_doc.live_operations() {
                    cx.operation_gone(&old_side, op, None);
                }
            }
        }
    }
    for (new_idx, new_doc) in new.docs.iter().enumerate().filter(|(idx, _)| !new_paired[*idx]) {
        let side = Side::new(new_doc, &new_names[new_idx]);
        for op in new_doc.live_operations() {
            cx.operation_new(None, &side, op);
        }
    }
    let changes = cx.changes;
    let semver = if changes.iter().any(|c| c.severity == Severity::Breaking) {
        Semver::Major
    } else if changes.iter().any(|c| c.severity == Severity::Additive) {
        Semver::Minor
    } else if changes.is_empty() {
        Semver::None
    } else {
        Semver::Patch
    };
    Diff { semver, changes }
}

/// One revision's doc, with the Rust method names of its live operations and the doc's access token header.
struct Side<'a> {
    doc: &'a Doc,
    method_names: BTreeMap<&'a str, &'a str>,
    access_token: crate::emit::Credential<'a>,
}

impl<'a> Side<'a> {
    fn new(doc: &'a Doc, names: &'a [String]) -> Side<'a> {
        let method_names =
            doc.live_operations().zip(names).map(|(op, name)| (op.name.as_str(), name.as_str())).collect();
        Side { doc, method_names, access_token: crate::emit::access_token_header(doc) }
    }

    fn at(&self, loc: ir::Loc) -> Location {
        Location { file: self.doc.file.clone(), line: loc.line, column: loc.col }
    }

    /// The first line of the doc, where a change of the doc itself is shown.
    fn top(&self) -> Location {
        self.at(ir::Loc { line: 1, col: 1 })
    }

    fn method_name<'b>(&'b self, op: &'b Operation) -> &'b str {
        self.method_names.get(op.name.as_str()).copied().unwrap_or(op.name.as_str())
    }

    fn type_def(&self, name: &str) -> Option<&'a ir::TypeDef> {
        self.doc.type_def(name)
    }
}

/// What one comparison found: its code, how each surface judges it (`None`: untouched), and what it says.
struct Found {
    code: ChangeCode,
    http: Option<Severity>,
    rust: Option<Severity>,
    message: String,
    old: Option<Location>,
    new: Option<Location>,
}

/// Which side of the exchange a value travels on: enum options and type changes count differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Request,
    Response,
}

/// Where the two types being compared sit: the operation, the path of the value (`result.servers[].name` or a
/// parameter's wire name), and the locations to report.
struct At<'p> {
    operation: &'p str,
    path: String,
    old: Location,
    new: Location,
    flow: Flow,
    /// Whether the value is part of the Rust API (a body parameter bound to the path is not).
    in_rust: bool,
    /// The old and new operations' PascalCase names, so a type renamed only because its operation was is not
    /// reported twice.
    old_pascal: String,
    new_pascal: String,
}

#[derive(Default)]
struct Cx {
    changes: Vec<Change>,
    /// Pairs of named types already compared: `(old name, new name)`.
    compared: BTreeSet<(String, String)>,
}

/// The Rust severity of adding something to a type that is `#[non_exhaustive]` or not.
fn addition(non_exhaustive: bool) -> Severity {
    if non_exhaustive {
        Severity::Additive
    } else {
        Severity::Breaking
    }
}

fn pascal(name: &str) -> String {
    naming::pascal(name).unwrap_or_default()
}

fn title_text(title: &ir::Title) -> String {
    match &title.en {
        Some(en) => format!("{} ({en})", title.zh),
        None => title.zh.clone(),
    }
}

/// How a parameter travels, in OpenAPI's terms (a body parameter of an operation without a body goes in the query).
fn param_in(op: &Operation, param: &Param) -> &'static str {
    match (param.location, op.body) {
        (ParamLocation::Path, _) => "path",
        (ParamLocation::Query, _) | (ParamLocation::Body, ir::BodyEncoding::None) => "query",
        (ParamLocation::Body, _) => "body",
    }
}

/// A type as the doc family would name it: `Long`, `List<String>`, `Enum Status`, `Object Flavor`.
fn type_word(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Integer => "Integer".into(),
        Type::Long => "Long".into(),
        Type::Int32 => "int32".into(),
        Type::Number => "Number".into(),
        Type::Boolean => "Boolean".into(),
        Type::Any => "any JSON value".into(),
        Type::Enum { name, .. } => format!("enum `{name}`"),
        Type::Object { name } => format!("object `{name}`"),
        Type::Array { items } => format!("list of {}", type_word(items)),
    }
}

/// The width of an integer type in both emitters: only `Int32` is 32-bit (see [`Type::is_32_bit`]).
fn integer_width(ty: &Type) -> Option<u32> {
    match ty {
        _ if ty.is_32_bit() => Some(32),
        _ if ty.is_integer() => Some(64),
        _ => None,
    }
}

/// Whether every value of `narrow` is a value of `wide` on the wire.
fn accepts(wide: &Type, narrow: &Type) -> bool {
    if let (Some(wide_bits), Some(narrow_bits)) = (integer_width(wide), integer_width(narrow)) {
        return wide_bits >= narrow_bits;
    }
    match (wide, narrow) {
        (Type::Any, _) => true,
        (Type::Number, Type::Integer | Type::Long | Type::Int32) => true,
        // Enum values are strings on the wire; the options themselves are compared separately.
        (Type::String, Type::Enum { .. }) | (Type::Enum { .. }, Type::Enum { .. }) => true,
        (Type::Array { items: a }, Type::Array { items: b }) => accepts(a, b),
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// How a list travels, in words.
fn encoding_text(encoding: ir::ArrayEncoding) -> &'static str {
    match encoding {
        ir::ArrayEncoding::Repeat => "one key per item",
        ir::ArrayEncoding::Comma => "one key, items joined by `,`",
        ir::ArrayEncoding::Space => "one key, items joined by spaces",
        ir::ArrayEncoding::Pipe => "one key, items joined by `|`",
    }
}

/// The headers of an operation that carry no credentials (OpenAPI header parameters, all optional).
fn other_headers(op: &Operation) -> Vec<&ir::Header> {
    op.headers.iter().filter(|h| h.kind == ir::HeaderKind::Other).collect()
}

/// The credential headers an operation sends, as both emitters send and declare them (`emit::credentials`: the
/// access token under the section's or the doc's name, then the session headers its section lists): each header's
/// name, with what it carries.
fn credentials(side: &Side, op: &Operation) -> Vec<(String, ir::HeaderKind)> {
    crate::emit::credentials(op, &side.access_token).iter().map(|c| (c.name.to_owned(), c.kind)).collect()
}

/// Whether a credential carries the user's session (so a client without a session cannot send it).
fn is_session(kind: ir::HeaderKind) -> bool {
    matches!(kind, ir::HeaderKind::SessionToken | ir::HeaderKind::SessionSecret | ir::HeaderKind::BasicAuth)
}

/// The result type of an operation, if it documents one.
fn result_type(op: &Operation) -> Option<&Type> {
    op.response.as_ref().and_then(|r| r.ty.as_ref())
}

impl Cx {
    /// Records a finding as one change (both surfaces alike) or one per surface.
    fn push(&mut self, operation: Option<&str>, found: Found) {
        let mut entry = |severity, surface| {
            self.changes.push(Change {
                severity,
                surface,
                code: found.code,
                operation: operation.map(str::to_owned),
                message: found.message.clone(),
                old: found.old.clone(),
                new: found.new.clone(),
            });
        };
        match (found.http, found.rust) {
            (Some(http), Some(rust)) if http == rust => entry(http, Surface::Both),
            (http, rust) => {
                if let Some(http) = http {
                    entry(http, Surface::Http);
                }
                if let Some(rust) = rust {
                    entry(rust, Surface::Rust);
                }
            }
        }
    }

    fn docs(&mut self, old: &Side, new: &Side) {
        let (old_doc, new_doc) = (old.doc, new.doc);
        if old_doc.title != new_doc.title {
            let message =
                format!("the doc's title `{}` is now `{}`", title_text(&old_doc.title), title_text(&new_doc.title));
            self.push(None, doc_change(ChangeCode::TitleChanged, message, Some(old.top()), Some(new.top())));
        }
        if old_doc.description != new_doc.description {
            let message = "the doc's introduction changed".to_owned();
            self.push(None, doc_change(ChangeCode::DescriptionChanged, message, Some(old.top()), Some(new.top())));
        }
        if old_doc.base_url != new_doc.base_url {
            let show = |url: &Option<String>| url.clone().unwrap_or_else(|| "none".to_owned());
            self.push(
                None,
                Found {
                    code: ChangeCode::BaseUrlChanged,
                    http: Some(Severity::Breaking),
                    rust: None,
                    message: format!(
                        "the doc's base URL `{}` is now `{}`",
                        show(&old_doc.base_url),
                        show(&new_doc.base_url)
                    ),
                    old: Some(old.top()),
                    new: Some(new.top()),
                },
            );
        }
        let old_ops: Vec<&Operation> = old_doc.live_operations().collect();
        let new_ops: Vec<&Operation> = new_doc.live_operations().collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut old_free = vec![true; old_ops.len()];
        let mut new_free = vec![true; new_ops.len()];
        let key = |op: &&Operation| (op.method, op.path.clone(), op.rpc.as_ref().map(|r| r.value));
        let name = |op: &&Operation| op.name.clone();
        let title = |op: &&Operation| (op.title.zh.clone(), op.title.en.clone());
        pair_by(&old_ops, &new_ops, &mut old_free, &mut new_free, &mut pairs, key);
        pair_by(&old_ops, &new_ops, &mut old_free, &mut new_free, &mut pairs, name);
        pair_by(&old_ops, &new_ops, &mut old_free, &mut new_free, &mut pairs, title);
        // Report in the new doc's order, then what is gone in the old doc's order.
        let mut events: Vec<(usize, Option<usize>)> = pairs.iter().map(|&(o, n)| (n, Some(o))).collect();
        events.extend(new_free.iter().enumerate().filter(|(_, free)| **free).map(|(n, _)| (n, None)));
        events.sort();
        for (n, o) in events {
            match o {
                Some(o) => self.operation(old, new, old_ops[o], new_ops[n]),
                None => self.operation_new(Some(old), new, new_ops[n]),
            }
        }
        for (o, _) in old_free.iter().enumerate().filter(|(_, free)| **free) {
            self.operation_gone(old, old_ops[o], Some(new));
        }
    }

    fn operation_new(&mut self, old: Option<&Side>, new: &Side, op: &Operation) {
        let message = format!(
            "new operation `{} {}` ({}), the Rust method `{}`",
            op.method.as_str(),
            op.path,
            title_text(&op.title),
            new.method_name(op)
        );
        self.push(
            Some(&op.name),
            Found {
                code: ChangeCode::OperationAdded,
                http: Some(Severity::Additive),
                rust: Some(Severity::Additive),
                message,
                old: old.map(Side::top),
                new: Some(new.at(op.loc)),
            },
        );
    }

    fn operation_gone(&mut self, old: &Side, op: &Operation, new: Option<&Side>) {
        let message = format!(
            "operation `{} {}` ({}) is gone, and the Rust method `{}` with it",
            op.method.as_str(),
            op.path,
            title_text(&op.title),
            old.method_name(op)
        );
        self.push(
            Some(&op.name),
            Found {
                code: ChangeCode::OperationRemoved,
                http: Some(Severity::Breaking),
                rust: Some(Severity::Breaking),
                message,
                old: Some(old.at(op.loc)),
                new: new.map(Side::top),
            },
        );
    }

    fn operation(&mut self, old: &Side, new: &Side, o: &Operation, n: &Operation) {
        let name = n.name.as_str();
        let (old_at, new_at) = (old.at(o.loc), new.at(n.loc));
        let both = |code, http, rust, message: String| Found {
            code,
            http,
            rust,
            message,
            old: Some(old_at.clone()),
            new: Some(new_at.clone()),
        };
        if o.method != n.method {
            let message = format!("method `{}` is now `{}`", o.method.as_str(), n.method.as_str());
            self.push(Some(name), both(ChangeCode::MethodChanged, Some(Severity::Breaking), None, message));
        }
        let selector =
            |op: &Operation| op.rpc.as_ref().map(|r| format!(" ({} = {})", r.field, r.value)).unwrap_or_default();
        if o.path != n.path || selector(o) != selector(n) {
            let message = format!("path `{}{}` is now `{}{}`", o.path, selector(o), n.path, selector(n));
            self.push(Some(name), both(ChangeCode::PathChanged, Some(Severity::Breaking), None, message));
        }
        if o.body != n.body && o.method == n.method {
            let message = format!("the request body `{:?}` is now `{:?}`", o.body, n.body).to_lowercase();
            self.push(Some(name), both(ChangeCode::BodyEncodingChanged, Some(Severity::Breaking), None, message));
        }
        let (old_method, new_method) = (old.method_name(o), new.method_name(n));
        if old_method != new_method {
            let message = format!(
                "the Rust method `{old_method}` is now `{new_method}` (with `{op}Request` and `{op}Error` now `{np}Request` and `{np}Error`)",
                op = pascal(&o.name),
                np = pascal(&n.name)
            );
            self.push(Some(name), both(ChangeCode::OperationRenamed, None, Some(Severity::Breaking), message));
        }
        if o.title != n.title {
            let message = format!("title `{}` is now `{}`", title_text(&o.title), title_text(&n.title));
            self.push(Some(name), both(ChangeCode::TitleChanged, Some(Severity::Doc), Some(Severity::Doc), message));
        }
        let (old_auth, new_auth) = (credentials(old, o), credentials(new, n));
        let same =
            |a: &(String, ir::HeaderKind), b: &(String, ir::HeaderKind)| a.0.eq_ignore_ascii_case(&b.0) && a.1 == b.1;
        let added = new_auth.iter().any(|c| !old_auth.iter().any(|d| same(c, d)));
        let removed = old_auth.iter().any(|c| !new_auth.iter().any(|d| same(c, d)));
        if added || removed {
            let show =
                |set: &[(String, ir::HeaderKind)]| set.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
            // On the wire, a credential the server now wants is one an old client does not send; one it no longer
            // wants is only an extra header. In Rust, nothing changes for the caller unless the call now needs a
            // session it never needed: a `Client` built without one (enough before) can no longer make the call.
            let http = if added { Severity::Breaking } else { Severity::Additive };
            let needs_session = |set: &[(String, ir::HeaderKind)]| set.iter().any(|(_, kind)| is_session(*kind));
            let rust = (needs_session(&new_auth) && !needs_session(&old_auth)).then_some(Severity::Breaking);
            let mut message = format!("the client sends {} where it sent {}", show(&new_auth), show(&old_auth));
            if rust.is_some() {
                message.push_str(": the call now needs a client with a session");
            }
            self.push(Some(name), both(ChangeCode::AuthChanged, Some(http), rust, message));
        }
        let (old_headers, new_headers) = (other_headers(o), other_headers(n));
        for header in new_headers.iter().filter(|h| !old_headers.iter().any(|g| g.name == h.name)) {
            let message = format!("new optional header `{}`", header.name);
            let mut found = both(ChangeCode::HeaderAdded, Some(Severity::Additive), None, message);
            found.new = Some(new.at(header.loc));
            self.push(Some(name), found);
        }
        for header in old_headers.iter().filter(|h| !new_headers.iter().any(|g| g.name == h.name)) {
            let message = format!("header `{}` is no longer documented", header.name);
            let mut found = both(ChangeCode::HeaderRemoved, Some(Severity::Breaking), None, message);
            found.old = Some(old.at(header.loc));
            self.push(Some(name), found);
        }
        if o.idempotent != n.idempotent {
            // Losing "safe to repeat" is breaking on both surfaces: clients of the old document may repeat a call
            // that can now change something, and the generated method stops retrying and following redirects, so
            // a call that rode out a 503 or a redirect now returns the error. Gaining it is additive on both.
            let (severity, what) = if n.idempotent {
                (Severity::Additive, "is now safe to repeat: the client retries it and may follow its redirects")
            } else {
                (
                    Severity::Breaking,
                    "is no longer safe to repeat: the client never sends it twice, on a retry or a redirect",
                )
            };
            let message = format!("the operation {what} (it was {}; it is {})", o.idempotency.rule, n.idempotency.rule);
            self.push(Some(name), both(ChangeCode::IdempotencyChanged, Some(severity), Some(severity), message));
        }
        let at = |path: String, old_loc, new_loc, flow, in_rust| At {
            operation: name,
            path,
            old: old.at(old_loc),
            new: new.at(new_loc),
            flow,
            in_rust,
            old_pascal: pascal(&o.name),
            new_pascal: pascal(&n.name),
        };
        self.params(old, new, o, n, &at);
        match (result_type(o), result_type(n)) {
            (Some(old_ty), Some(new_ty)) => {
                let place = at(
                    "result".to_owned(),
                    o.response.as_ref().map_or(o.loc, |r| r.loc),
                    n.response.as_ref().map_or(n.loc, |r| r.loc),
                    Flow::Response,
                    true,
                );
                self.types(old, new, old_ty, new_ty, &place);
                let (old_null, new_null) =
                    (o.response.as_ref().is_some_and(|r| r.nullable), n.response.as_ref().is_some_and(|r| r.nullable));
                if old_null != new_null {
                    let (code, http, what) = if new_null {
                        (ChangeCode::FieldMadeOptional, Severity::Breaking, "may now be null or absent")
                    } else {
                        (ChangeCode::FieldMadeRequired, Severity::Additive, "is now always present")
                    };
                    let message = format!("the result {what}");
                    self.push(
                        Some(name),
                        Found {
                            code,
                            http: Some(http),
                            rust: None,
                            message,
                            old: Some(place.old),
                            new: Some(place.new),
                        },
                    );
                }
            }
            (None, None) => {}
            (old_ty, new_ty) => {
                let show = |ty: Option<&Type>| ty.map_or_else(|| "no result".to_owned(), type_word);
                let rust = |ty: Option<&Type>| ty.map_or_else(|| "()".to_owned(), rust_type_text);
                let message = format!(
                    "{} is now {} (Rust output `{}` is now `{}`)",
                    show(old_ty),
                    show(new_ty),
                    rust(old_ty),
                    rust(new_ty)
                );
                let http = if old_ty.is_none() { Severity::Additive } else { Severity::Breaking };
                let old_loc = o.response.as_ref().map_or(o.loc, |r| r.loc);
                let new_loc = n.response.as_ref().map_or(n.loc, |r| r.loc);
                self.push(
                    Some(name),
                    Found {
                        code: ChangeCode::ResultTypeChanged,
                        http: Some(http),
                        rust: Some(Severity::Breaking),
                        message,
                        old: Some(old.at(old_loc)),
                        new: Some(new.at(new_loc)),
                    },
                );
            }
        }
        self.errors(old, new, o, n);
    }

    fn params<'n>(
        &mut self,
        old: &Side,
        new: &Side,
        o: &Operation,
        n: &'n Operation,
        at: &dyn Fn(String, ir::Loc, ir::Loc, Flow, bool) -> At<'n>,
    ) {
        let name = n.name.as_str();
        let mut old_free = vec![true; o.params.len()];
        let mut new_free = vec![true; n.params.len()];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let old_params: Vec<&Param> = o.params.iter().collect();
        let new_params: Vec<&Param> = n.params.iter().collect();
        pair_by(&old_params, &new_params, &mut old_free, &mut new_free, &mut pairs, |p| {
            (p.wire.clone(), p.location == ParamLocation::Path)
        });
        pair_by(&old_params, &new_params, &mut old_free, &mut new_free, &mut pairs, |p| p.wire.clone());
        pairs.sort_by_key(|&(_, n)| n);
        for (idx, param) in n.params.iter().enumerate().filter(|(idx, _)| new_free[*idx]) {
            let visible = param.bound_to_path.is_none();
            let (code, http, rust, what) = if param.required {
                let rust = visible.then_some(Severity::Breaking);
                (ChangeCode::RequiredParamAdded, Severity::Breaking, rust, "required")
            } else {
                (ChangeCode::OptionalParamAdded, Severity::Additive, Some(Severity::Additive), "optional")
            };
            let rust_side = if !visible {
                format!(
                    ", filled by the client from the path's `{}`",
                    param.bound_to_path.as_deref().unwrap_or_default()
                )
            } else if param.required && named_required(n) {
                format!(", a new field `{}` of `{}Required`", param.rust, pascal(&n.name))
            } else if param.required {
                format!(", a new argument `{}` of `{}Request::new`", param.rust, pascal(&n.name))
            } else {
                format!(", set with `with_{}`", param.rust)
            };
            let message = format!(
                "new {what} {} parameter `{}` ({}){rust_side}",
                param_in(n, param),
                param.wire,
                type_word(&param.ty)
            );
            let _ = idx;
            self.push(
                Some(name),
                Found { code, http: Some(http), rust, message, old: Some(old.at(o.loc)), new: Some(new.at(param.loc)) },
            );
        }
        for param in o.params.iter().enumerate().filter(|(idx, _)| old_free[*idx]).map(|(_, p)| p) {
            let visible = param.bound_to_path.is_none();
            let message = format!("{} parameter `{}` is gone", param_in(o, param), param.wire);
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::ParamRemoved,
                    http: Some(Severity::Breaking),
                    rust: visible.then_some(Severity::Breaking),
                    message,
                    old: Some(old.at(param.loc)),
                    new: Some(new.at(n.loc)),
                },
            );
        }
        for &(oi, ni) in &pairs {
            let (op, np) = (&o.params[oi], &n.params[ni]);
            let in_rust = op.bound_to_path.is_none() && np.bound_to_path.is_none();
            let place = at(np.wire.clone(), op.loc, np.loc, Flow::Request, in_rust);
            let found = |code, http, rust, message: String| Found {
                code,
                http,
                rust,
                message,
                old: Some(place.old.clone()),
                new: Some(place.new.clone()),
            };
            let rust_if = |severity| in_rust.then_some(severity);
            if op.required != np.required {
                let found = if np.required {
                    found(ChangeCode::ParamMadeRequired, Some(Severity::Breaking), rust_if(Severity::Breaking), format!("parameter `{}` is now required (in Rust, an argument of `{}Request::new` instead of `with_{}`)", np.wire, pascal(&n.name), op.rust))
                } else {
                    found(ChangeCode::ParamMadeOptional, Some(Severity::Additive), rust_if(Severity::Breaking), format!("parameter `{}` is now optional (in Rust, `with_{}` instead of an argument of `{}Request::new`)", np.wire, np.rust, pascal(&o.name)))
                };
                self.push(Some(name), found);
            }
            self.types(old, new, &op.ty, &np.ty, &place);
            let (old_in, new_in) = (param_in(o, op), param_in(n, np));
            if old_in != new_in {
                let message = format!("parameter `{}` moved from the {old_in} to the {new_in}", np.wire);
                self.push(Some(name), found(ChangeCode::ParamLocationChanged, Some(Severity::Breaking), None, message));
            }
            if op.default != np.default {
                let show = |d: &Option<String>| d.as_ref().map_or_else(|| "none".to_owned(), |d| format!("`{d}`"));
                let message =
                    format!("the default of `{}`, {}, is now {}", np.wire, show(&op.default), show(&np.default));
                self.push(
                    Some(name),
                    found(ChangeCode::ParamDefaultChanged, Some(Severity::Breaking), rust_if(Severity::Doc), message),
                );
            }
            if op.encoding != np.encoding {
                let message = format!(
                    "list parameter `{}` is now sent as `{}`, was `{}` ({})",
                    np.wire,
                    np.encoding.as_str(),
                    op.encoding.as_str(),
                    encoding_text(np.encoding)
                );
                self.push(Some(name), found(ChangeCode::ParamEncodingChanged, Some(Severity::Breaking), None, message));
            }
            if op.sensitive != np.sensitive {
                let (rust, message) = if np.sensitive {
                    (
                        Severity::Additive,
                        format!("parameter `{}` is now a secret: redacted in `Debug`, never logged", np.wire),
                    )
                } else {
                    (
                        Severity::Breaking,
                        format!("parameter `{}` is no longer a secret: `Debug` and the logs now show it", np.wire),
                    )
                };
                self.push(Some(name), found(ChangeCode::ParamSensitivityChanged, None, rust_if(rust), message));
            }
            if in_rust && op.rust != np.rust {
                let message = format!("parameter `{}` is `{}` in Rust, was `{}`", np.wire, np.rust, op.rust);
                self.push(Some(name), found(ChangeCode::ParamRustRenamed, None, Some(Severity::Breaking), message));
            }
            if op.description != np.description {
                let message = format!("the description of parameter `{}` changed", np.wire);
                self.push(
                    Some(name),
                    found(ChangeCode::DescriptionChanged, Some(Severity::Doc), Some(Severity::Doc), message),
                );
            }
        }
        // `Request::new` takes the required parameters in doc order, or by name in a `Required` struct when two of
        // them have the same Rust type (`named_required`): a change of form breaks every call, and in the
        // positional form the parameters both revisions have must keep their order.
        let (old_named, new_named) = (named_required(o), named_required(n));
        if old_named != new_named {
            let message = if new_named {
                format!(
                    "`{}Request::new` now takes its required parameters by name, in a `{}Required` (two of them have \
                     the same Rust type)",
                    pascal(&n.name),
                    pascal(&n.name)
                )
            } else {
                format!(
                    "`{}Request::new` now takes its required parameters as arguments, in doc order (no two of them \
                     have the same Rust type any more)",
                    pascal(&n.name)
                )
            };
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::RequiredArgsFormChanged,
                    http: None,
                    rust: Some(Severity::Breaking),
                    message,
                    old: Some(old.at(o.loc)),
                    new: Some(new.at(n.loc)),
                },
            );
        }
        let arguments = |op: &Operation, other: &Operation| -> Vec<String> {
            op.params
                .iter()
                .filter(|p| p.required && p.bound_to_path.is_none())
                .filter(|p| other.params.iter().any(|q| q.wire == p.wire && q.required && q.bound_to_path.is_none()))
                .map(|p| p.wire.clone())
                .collect()
        };
        let (old_args, new_args) = (arguments(o, n), arguments(n, o));
        if old_args != new_args && !old_named && !new_named {
            let message = format!(
                "the arguments of `{}Request::new` are now in the order {} (were {})",
                pascal(&n.name),
                new_args.join(", "),
                old_args.join(", ")
            );
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::ParamOrderChanged,
                    http: None,
                    rust: Some(Severity::Breaking),
                    message,
                    old: Some(old.at(o.loc)),
                    new: Some(new.at(n.loc)),
                },
            );
        }
    }

    /// Compares the types of one value (a parameter, a field, the result), recursing into lists, enums and objects.
    fn types(&mut self, old: &Side, new: &Side, o: &Type, n: &Type, at: &At) {
        let name = at.operation;
        match (o, n) {
            (Type::Array { items: oi }, Type::Array { items: ni }) => {
                let inner = At {
                    path: format!("{}[]", at.path),
                    old: at.old.clone(),
                    new: at.new.clone(),
                    old_pascal: at.old_pascal.clone(),
                    new_pascal: at.new_pascal.clone(),
                    ..*at
                };
                self.types(old, new, oi, ni, &inner);
            }
            (Type::Enum { name: on, options: oo, .. }, Type::Enum { name: nn, options: no, .. }) => {
                self.renamed(on, nn, at, "enum");
                if !self.compared.insert((format!("enum {on} {}", at.path), format!("enum {nn} {}", at.path))) {
                    return;
                }
                for option in no.iter().filter(|x| !oo.iter().any(|y| y.wire == x.wire)) {
                    let message =
                        format!("`{}` has a new value `{}` (variant `{nn}::{}`)", at.path, option.wire, option.rust);
                    self.push(
                        Some(name),
                        Found {
                            code: ChangeCode::EnumOptionAdded,
                            http: Some(Severity::Additive),
                            rust: at.in_rust.then_some(addition(VALUE_ENUMS_NON_EXHAUSTIVE)),
                            message,
                            old: Some(at.old.clone()),
                            new: Some(at.new.clone()),
                        },
                    );
                }
                for option in oo.iter().filter(|x| !no.iter().any(|y| y.wire == x.wire)) {
                    let http = match at.flow {
                        Flow::Request => Severity::Breaking,
                        Flow::Response => Severity::Additive,
                    };
                    let message = format!(
                        "`{}` no longer has the value `{}` (variant `{on}::{}`)",
                        at.path, option.wire, option.rust
                    );
                    self.push(
                        Some(name),
                        Found {
                            code: ChangeCode::EnumOptionRemoved,
                            http: Some(http),
                            rust: at.in_rust.then_some(Severity::Breaking),
                            message,
                            old: Some(at.old.clone()),
                            new: Some(at.new.clone()),
                        },
                    );
                }
                for (x, y) in oo.iter().filter_map(|x| no.iter().find(|y| y.wire == x.wire).map(|y| (x, y))) {
                    if at.in_rust && x.rust != y.rust {
                        let message = format!(
                            "value `{}` of `{}` is the variant `{nn}::{}`, was `{on}::{}`",
                            x.wire, at.path, y.rust, x.rust
                        );
                        self.push(
                            Some(name),
                            Found {
                                code: ChangeCode::EnumVariantRenamed,
                                http: None,
                                rust: Some(Severity::Breaking),
                                message,
                                old: Some(at.old.clone()),
                                new: Some(at.new.clone()),
                            },
                        );
                    }
                    if x.description != y.description {
                        let message = format!("the description of value `{}` of `{}` changed", x.wire, at.path);
                        self.push(
                            Some(name),
                            doc_change(
                                ChangeCode::DescriptionChanged,
                                message,
                                Some(at.old.clone()),
                                Some(at.new.clone()),
                            ),
                        );
                    }
                }
            }
            (Type::Object { name: on }, Type::Object { name: nn }) => {
                self.renamed(on, nn, at, "type");
                if !self.compared.insert((on.clone(), nn.clone())) {
                    return;
                }
                let (Some(ot), Some(nt)) = (old.type_def(on), new.type_def(nn)) else { return };
                self.fields(old, new, ot, nt, at);
            }
            (o, n) if o == n => {}
            // `Integer` and `Long` are one type on the wire (`int64`) and in Rust (`i64`): only the doc's word changed.
            (o, n) if integer_width(o).is_some() && integer_width(o) == integer_width(n) => {
                let subject = if at.path == "result" { "the result".to_owned() } else { format!("`{}`", at.path) };
                let message = format!(
                    "{subject} is now typed `{}`, was `{}`: the same {}-bit integer on the wire and in Rust",
                    type_word(n),
                    type_word(o),
                    integer_width(n).unwrap_or_default()
                );
                let (old_at, new_at) = (Some(at.old.clone()), Some(at.new.clone()));
                self.push(Some(name), doc_change(ChangeCode::TypeWordChanged, message, old_at, new_at));
            }
            (o, n) => {
                let http = match at.flow {
                    Flow::Request if accepts(n, o) => Severity::Additive,
                    Flow::Response if accepts(o, n) => Severity::Additive,
                    _ => Severity::Breaking,
                };
                let (old_rust, new_rust) = (rust_type_text(o), rust_type_text(n));
                let rust = (at.in_rust && old_rust != new_rust).then_some(Severity::Breaking);
                let rust_note = if old_rust == new_rust {
                    String::new()
                } else {
                    format!(" (Rust `{old_rust}` is now `{new_rust}`)")
                };
                let (code, what) = match at.flow {
                    Flow::Request => (ChangeCode::ParamTypeChanged, "parameter"),
                    Flow::Response if at.path == "result" => (ChangeCode::ResultTypeChanged, "result"),
                    Flow::Response => (ChangeCode::FieldTypeChanged, "field"),
                };
                let subject =
                    if at.path == "result" { "the result".to_owned() } else { format!("{what} `{}`", at.path) };
                let message = format!("{subject} was {}, is now {}{rust_note}", type_word(o), type_word(n));
                self.push(
                    Some(name),
                    Found {
                        code,
                        http: Some(http),
                        rust,
                        message,
                        old: Some(at.old.clone()),
                        new: Some(at.new.clone()),
                    },
                );
            }
        }
    }

    /// A named type's new name, unless it only follows its operation's new name (`DettachServerResult` →
    /// `DetachServerResult`), which `operation-renamed` already says.
    fn renamed(&mut self, old_name: &str, new_name: &str, at: &At, kind: &str) {
        if old_name == new_name || !at.in_rust {
            return;
        }
        let follows = old_name
            .strip_prefix(at.old_pascal.as_str())
            .zip(new_name.strip_prefix(at.new_pascal.as_str()))
            .is_some_and(|(a, b)| a == b)
            && at.old_pascal != at.new_pascal;
        if follows || !self.compared.insert((format!("renamed {old_name}"), new_name.to_owned())) {
            return;
        }
        let message = format!("the {kind} of `{}`, `{old_name}`, is now named `{new_name}`", at.path);
        self.push(
            Some(at.operation),
            Found {
                code: ChangeCode::TypeRenamed,
                http: None,
                rust: Some(Severity::Breaking),
                message,
                old: Some(at.old.clone()),
                new: Some(at.new.clone()),
            },
        );
    }

    fn fields(&mut self, old: &Side, new: &Side, ot: &ir::TypeDef, nt: &ir::TypeDef, at: &At) {
        let name = at.operation;
        let child =
            |field: &str| if at.path == "result" { format!("result.{field}") } else { format!("{}.{field}", at.path) };
        for field in nt.fields.iter().filter(|f| !ot.fields.iter().any(|g| g.wire == f.wire)) {
            let message = format!(
                "new response field `{}` ({}), the Rust field `{}::{}`",
                child(&field.wire),
                type_word(&field.ty),
                nt.name,
                field.rust
            );
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::FieldAdded,
                    http: Some(Severity::Additive),
                    rust: Some(addition(RESULT_STRUCTS_NON_EXHAUSTIVE)),
                    message,
                    old: Some(old.at(ot.loc)),
                    new: Some(new.at(field.loc)),
                },
            );
        }
        for field in ot.fields.iter().filter(|f| !nt.fields.iter().any(|g| g.wire == f.wire)) {
            let message = format!(
                "response field `{}` is gone, and the Rust field `{}::{}` with it",
                child(&field.wire),
                ot.name,
                field.rust
            );
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::FieldRemoved,
                    http: Some(Severity::Breaking),
                    rust: Some(Severity::Breaking),
                    message,
                    old: Some(old.at(field.loc)),
                    new: Some(new.at(nt.loc)),
                },
            );
        }
        for (of, nf) in ot.fields.iter().filter_map(|f| nt.fields.iter().find(|g| g.wire == f.wire).map(|g| (f, g))) {
            let place = At {
                path: child(&nf.wire),
                old: old.at(of.loc),
                new: new.at(nf.loc),
                old_pascal: at.old_pascal.clone(),
                new_pascal: at.new_pascal.clone(),
                ..*at
            };
            let found = |code, http, rust, message: String| Found {
                code,
                http,
                rust,
                message,
                old: Some(place.old.clone()),
                new: Some(place.new.clone()),
            };
            let (old_rust, new_rust) = (field_type_text(of), field_type_text(nf));
            let rust_type_changed = (old_rust != new_rust).then_some(Severity::Breaking);
            let rust_note =
                if old_rust == new_rust { String::new() } else { format!(" (Rust `{old_rust}` is now `{new_rust}`)") };
            let (old_optional, new_optional) = (!of.required || of.nullable, !nf.required || nf.nullable);
            if old_optional != new_optional {
                let found = if new_optional {
                    found(
                        ChangeCode::FieldMadeOptional,
                        Some(Severity::Breaking),
                        rust_type_changed,
                        format!("response field `{}` may now be absent or null{rust_note}", place.path),
                    )
                } else {
                    found(
                        ChangeCode::FieldMadeRequired,
                        Some(Severity::Additive),
                        rust_type_changed,
                        format!("response field `{}` is now always present{rust_note}", place.path),
                    )
                };
                self.push(Some(name), found);
            }
            // The contract on both surfaces is `required` (OpenAPI's `required`, Rust's `T` or `Option<T>`); the
            // table's own word is only the document's `x-doc-required` where an example overrules it.
            if of.doc_required != nf.doc_required && of.required == nf.required {
                let message = format!(
                    "the field table {} response field `{}` required{}",
                    if nf.doc_required { "now marks" } else { "no longer marks" },
                    place.path,
                    if nf.doc_required && !nf.required {
                        ", but an example lacks it, so it stays optional"
                    } else {
                        ""
                    }
                );
                self.push(
                    Some(name),
                    doc_change(
                        ChangeCode::FieldDocRequiredChanged,
                        message,
                        Some(place.old.clone()),
                        Some(place.new.clone()),
                    ),
                );
            }
            self.types(old, new, &of.ty, &nf.ty, &place);
            if of.rust != nf.rust {
                let message = format!(
                    "response field `{}` is `{}::{}` in Rust, was `{}::{}`",
                    place.path, nt.name, nf.rust, ot.name, of.rust
                );
                self.push(Some(name), found(ChangeCode::FieldRustRenamed, None, Some(Severity::Breaking), message));
            }
            if of.description != nf.description {
                let message = format!("the description of response field `{}` changed", place.path);
                self.push(
                    Some(name),
                    found(ChangeCode::DescriptionChanged, Some(Severity::Doc), Some(Severity::Doc), message),
                );
            }
        }
    }

    fn errors(&mut self, old: &Side, new: &Side, o: &Operation, n: &Operation) {
        let name = n.name.as_str();
        let old_errors: Vec<&ir::ErrorCase> = o.errors.iter().collect();
        let new_errors: Vec<&ir::ErrorCase> = n.errors.iter().collect();
        let mut old_free = vec![true; old_errors.len()];
        let mut new_free = vec![true; new_errors.len()];
        let mut pairs = Vec::new();
        pair_by(&old_errors, &new_errors, &mut old_free, &mut new_free, &mut pairs, |e| {
            (e.status, e.message.trim().to_owned())
        });
        pair_by(&old_errors, &new_errors, &mut old_free, &mut new_free, &mut pairs, |e| e.message.trim().to_owned());
        pair_by(&old_errors, &new_errors, &mut old_free, &mut new_free, &mut pairs, |e| e.rust.clone());
        // What is left pairs up in order within a status: a reworded message.
        for (oi, oe) in old_errors.iter().enumerate() {
            if !old_free[oi] {
                continue;
            }
            if let Some(ni) = (0..new_errors.len()).find(|&ni| new_free[ni] && new_errors[ni].status == oe.status) {
                old_free[oi] = false;
                new_free[ni] = false;
                pairs.push((oi, ni));
            }
        }
        pairs.sort_by_key(|&(_, ni)| ni);
        let error_type = n.error_type.clone();
        for error in new_errors.iter().enumerate().filter(|(i, _)| new_free[*i]).map(|(_, e)| e) {
            let message = format!(
                "new documented error {} `{}`, the variant `{error_type}::{}`",
                error.status,
                error.message.trim(),
                error.rust
            );
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::ErrorAdded,
                    http: Some(Severity::Additive),
                    rust: Some(addition(ERROR_ENUMS_NON_EXHAUSTIVE)),
                    message,
                    old: Some(old.at(o.loc)),
                    new: Some(new.at(error.loc)),
                },
            );
        }
        for error in old_errors.iter().enumerate().filter(|(i, _)| old_free[*i]).map(|(_, e)| e) {
            let message = format!(
                "documented error {} `{}` is gone, and the variant `{}Error::{}` with it",
                error.status,
                error.message.trim(),
                pascal(&o.name),
                error.rust
            );
            self.push(
                Some(name),
                Found {
                    code: ChangeCode::ErrorRemoved,
                    http: Some(Severity::Additive),
                    rust: Some(Severity::Breaking),
                    message,
                    old: Some(old.at(error.loc)),
                    new: Some(new.at(n.loc)),
                },
            );
        }
        for (oi, ni) in pairs {
            let (oe, ne) = (old_errors[oi], new_errors[ni]);
            let found = |code, http, rust, message: String| Found {
                code,
                http,
                rust,
                message,
                old: Some(old.at(oe.loc)),
                new: Some(new.at(ne.loc)),
            };
            let variant_changed = oe.rust != ne.rust || oe.pattern.is_some() != ne.pattern.is_some();
            if oe.message.trim() != ne.message.trim() {
                let message = format!(
                    "error {} `{}` now reads `{}`{}",
                    ne.status,
                    oe.message.trim(),
                    ne.message.trim(),
                    if oe.rust != ne.rust {
                        format!(" (variant `{error_type}::{}`, was `{}`)", ne.rust, oe.rust)
                    } else {
                        String::new()
                    }
                );
                self.push(
                    Some(name),
                    found(
                        ChangeCode::ErrorMessageChanged,
                        Some(Severity::Breaking),
                        variant_changed.then_some(Severity::Breaking),
                        message,
                    ),
                );
            } else if variant_changed {
                let message = format!(
                    "error {} `{}` is the variant `{error_type}::{}`, was `{}`",
                    ne.status,
                    ne.message.trim(),
                    ne.rust,
                    oe.rust
                );
                self.push(Some(name), found(ChangeCode::ErrorVariantRenamed, None, Some(Severity::Breaking), message));
            }
            if oe.status != ne.status {
                let message =
                    format!("error `{}` is now sent with status {}, was {}", ne.message.trim(), ne.status, oe.status);
                self.push(Some(name), found(ChangeCode::ErrorStatusChanged, Some(Severity::Breaking), None, message));
            }
            if oe.description != ne.description {
                let message = format!("the description of error {} `{}` changed", ne.status, ne.message.trim());
                self.push(
                    Some(name),
                    found(ChangeCode::DescriptionChanged, Some(Severity::Doc), Some(Severity::Doc), message),
                );
            }
        }
    }
}

/// A wording change: doc only, on both surfaces.
fn doc_change(code: ChangeCode, message: String, old: Option<Location>, new: Option<Location>) -> Found {
    Found { code, http: Some(Severity::Doc), rust: Some(Severity::Doc), message, old, new }
}

/// Pairs the still unpaired items of two lists whose keys are equal and unique among the unpaired ones on both
/// sides.
fn pair_by<T, K: Ord>(
    old: &[T],
    new: &[T],
    old_free: &mut [bool],
    new_free: &mut [bool],
    pairs: &mut Vec<(usize, usize)>,
    key: impl Fn(&T) -> K,
) {
    let mut old_keys: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (idx, item) in old.iter().enumerate().filter(|(idx, _)| old_free[*idx]) {
        old_keys.entry(key(item)).or_default().push(idx);
    }
    let mut new_keys: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (idx, item) in new.iter().enumerate().filter(|(idx, _)| new_free[*idx]) {
        new_keys.entry(key(item)).or_default().push(idx);
    }
    for (k, olds) in old_keys {
        if let Some(news) = new_keys.get(&k) {
            if let ([o], [n]) = (olds.as_slice(), news.as_slice()) {
                old_free[*o] = false;
                new_free[*n] = false;
                pairs.push((*o, *n));
            }
        }
    }
}
