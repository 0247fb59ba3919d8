//! The endpoint IR: plain, serde-serializable data that the parser produces and every emitter reads.
//!
//! It sits between `lower` (which builds it from the parsed doc) and `emit` (which turns it into Rust and OpenAPI).
//! Every type here is plain data: `pub` fields, no I/O, no spans that need a source map to read.
//! Items keep the doc's own spelling (`wire`) beside the identifier the generator chose, and a [`Loc`] pointing at
//! the line and column of the doc they came from.
//! Collections are `Vec`s in document order, so that serializing the IR is stable byte for byte.

use serde::Serialize;

/// Everything the generator read: one [`Doc`] per spec file, in the order the files were given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// The docs, one per spec file.
    pub docs: Vec<Doc>,
}

/// One spec file: a module of the platform's API (Servers, Images, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    /// The spec file's path as it was given to the generator (with `/` separators).
    pub file: String,
    /// The module's snake_case name: the H1 anchor, or the file stem when there is none.
    pub module: String,
    /// The H1 title, split into its Chinese and English parts.
    pub title: Title,
    /// The doc's prose between its title and its first section, trimmed (often empty).
    pub description: String,
    /// The scheme and host the doc's URL lines use most often (first seen wins a tie), e.g. `http://api.htaiyun.com`.
    pub base_url: Option<String>,
    /// Every endpoint section of the doc, in document order, including sections that lost a duplicate contest.
    pub operations: Vec<Operation>,
    /// Named object types inferred from response examples and field tables, in the order they were built: operations
    /// in document order, and a nested type before the type that contains it.
    pub types: Vec<TypeDef>,
}

/// A title as the doc writes it: `中文 (English)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    /// The Chinese part (or the whole title when it has no parenthesised part).
    pub zh: String,
    /// The English part inside the parentheses, if any.
    pub en: Option<String>,
}

/// A position in a spec file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Loc {
    pub line: u32,
    pub col: u32,
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// How the parameters of an operation travel, after the platform conventions: GET in the query string,
/// POST in a form-urlencoded body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// No body: parameters go in the query string.
    None,
    /// `application/x-www-form-urlencoded`, arrays as repeated keys.
    Form,
    /// `application/json`.
    Json,
}

/// One endpoint section of the doc.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The unique snake_case name: the client's method name and the OpenAPI `operationId`.
    pub name: String,
    /// How [`Operation::name`] was chosen (`title`, `path`, `title+path`, `override`), so the IR says why.
    pub name_source: NameSource,
    /// The Rust names the operation adds to the generated crate, decided by the naming passes of `check/`: the
    /// `Client` (and `MockServer`) method, which is `name` unless that is taken crate-wide (see
    /// `check/rust_names.rs` for the rule); the request struct and the error enum of its doc module; and the
    /// `Client` method that pages through a list result, when the operation pages.
    pub client_method: String,
    pub request_type: String,
    pub error_type: String,
    pub stream_method: Option<String>,
    /// The section title.
    pub title: Title,
    /// The section's `<a name>` anchor as written (anchors are not unique in this doc family).
    pub anchor: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template with the host removed, placeholders written `{name}` whatever the doc used.
    pub path: String,
    /// The full URL line as the doc wrote it.
    pub url: String,
    /// Whether calling the operation twice has the same effect as calling it once (GETs are, unless overridden).
    pub idempotent: bool,
    /// How the non-path parameters travel.
    pub body: BodyEncoding,
    /// The request headers the section documents, in doc order.
    pub headers: Vec<Header>,
    /// Path parameters first (in path order), then the documented parameters in doc order.
    pub params: Vec<Param>,
    /// The decoded `result` of a success envelope, if the doc shows one.
    pub response: Option<Response>,
    /// The documented errors in doc order.
    pub errors: Vec<ErrorCase>,
    /// Set when another section documents the same method and path and won (see `check/duplicates.rs` for the rule).
    pub superseded_by: Option<String>,
    /// For an RPC-style section: the JSON body member whose fixed number picks the operation. Several sections then
    /// share one URL; the client always sends this member with this value, and callers never pass it.
    pub rpc: Option<RpcSelector>,
    /// Where the section starts (its title or bare anchor line).
    pub loc: Loc,
}

/// The member of an RPC-style request body that selects the operation: `{"code" : 1001, ...}`.
///
/// Such sections have no method table; they show a one-line JSON body under a usage heading, and their URL (often a
/// script such as `/cgi-bin/billing.php`) is shared by every operation of the family. They are POSTs with a JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RpcSelector {
    /// The member's key as written (`code`).
    pub field: String,
    /// The member's value in this section's usage example (`1001`).
    pub value: i64,
    pub loc: Loc,
}

/// Why an operation has the name it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The English title, which fits the URL.
    Title,
    /// The URL path, because the title is missing or contradicts it.
    Path,
    /// The title plus the last path segment, because the title alone was taken.
    TitleAndPath,
    /// `spec/overrides.toml`.
    Override,
}

/// A request header that the section's header table names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// The header name as written.
    pub name: String,
    /// What the header carries.
    pub kind: HeaderKind,
    /// The description cell.
    pub description: String,
    pub loc: Loc,
}

/// The credentials a header carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderKind {
    /// The application's access token (`HT-ACCESS-TOKEN`).
    AccessToken,
    /// The user's session token (`IMR-SESSION-TOKEN` or another vendor's prefix).
    SessionToken,
    /// The user's session secret (`IMR-SESSION-SECRET`).
    SessionSecret,
    /// HTTP Basic authentication built from the session token and secret.
    BasicAuth,
    /// `Content-Type`, documented in prose.
    ContentType,
    /// Any other header.
    Other,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Body,
}

/// One request parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The name on the wire, as the doc spells it.
    pub wire: String,
    /// The snake_case Rust name.
    pub rust: String,
    pub location: ParamLocation,
    /// The type cell as written (empty for a path parameter the table does not describe).
    pub type_raw: String,
    pub ty: Type,
    pub required: bool,
    /// The default as written, normalised: `None` for an empty cell, `<Empty>`, `N/A` and `""`, and for a default
    /// that is no value a client could send (another parameter's name, Chinese free text), which is appended to
    /// the description as `默认值：...` instead. `'MALE' : '男性'` reads as `MALE`.
    pub default: Option<String>,
    /// The description with markup removed, lines joined by `\n`.
    pub description: String,
    /// For a body parameter that repeats a path parameter (`serverId` beside `{serverid}`): the path parameter's
    /// wire name. The client fills it from the path value; callers never pass it twice.
    pub bound_to_path: Option<String>,
    /// For a JSON body parameter that the doc's request sample writes inside other members
    /// (`{"code": 1, "data": {"userid": 12}}`): the keys of those members, outermost first (`["data"]`). The client
    /// sends it there. Empty for a top-level member (and left out of the IR's JSON then).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub container: Vec<String>,
    pub loc: Loc,
}

/// A value type, as far as the doc tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    String,
    /// 32-bit in the doc's words (`Integer`, `int`, `INT`).
    Integer,
    /// 64-bit (`Long`, `long`).
    Long,
    Number,
    Boolean,
    /// A closed set of wire values (the client still accepts values it does not know).
    Enum {
        /// The type's PascalCase name, unique within the doc.
        name: String,
        options: Vec<EnumOption>,
    },
    Array {
        items: Box<Type>,
    },
    /// A named object type from [`Doc::types`].
    Object {
        name: String,
    },
    /// Any JSON value: the doc gives no usable type.
    Any,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumOption {
    /// The value on the wire.
    pub wire: String,
    /// The PascalCase variant name.
    pub rust: String,
    pub description: String,
}

/// The decoded success result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The type of the envelope's `result` (or of the whole body for docs whose example has no envelope; when such a
    /// body also carries `status` and `message`, those two are left out of the type);
    /// `None` when the success envelope carries no `result`.
    pub ty: Option<Type>,
    /// Whether the example wraps the value in `{status, message, result}`.
    pub enveloped: bool,
    /// Whether `result` may be `null` or absent.
    pub nullable: bool,
    /// The example exactly as the doc writes it, between `<code>` and `</code>`.
    pub example_raw: String,
    /// The example repaired into strict JSON (placeholders such as `...` become `null`), if it could be.
    pub example: Option<serde_json::Value>,
    pub loc: Loc,
}

/// A named object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// PascalCase, unique within the doc.
    pub name: String,
    /// What the type is for, e.g. `result of list_servers`.
    pub description: String,
    pub fields: Vec<Field>,
    /// The operations whose responses use the type (structurally equal shapes share one type).
    pub used_by: Vec<String>,
    pub loc: Loc,
}

/// One field of an object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The JSON key as the doc spells it.
    pub wire: String,
    /// The snake_case Rust name.
    pub rust: String,
    pub ty: Type,
    /// Whether the field table says the field is always there (fields only in the example are optional).
    pub required: bool,
    /// Whether the example shows `null` for it.
    pub nullable: bool,
    /// The field table's description, or the inline note after the example value (`VCPU 可用`).
    pub description: String,
    /// Where the field was seen: the example, the field table, or both.
    pub source: FieldSource,
    pub loc: Loc,
}

/// Which parts of the doc describe a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    Example,
    Table,
    Both,
}

/// A documented error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCase {
    /// The envelope status (`400`, `403`, `406`, `500`).
    pub status: u16,
    /// The message exactly as written in the cell (leading spaces kept).
    pub message: String,
    /// The PascalCase variant name derived from the message.
    pub rust: String,
    /// Set when the message contains a placeholder (`require parameter:A`).
    pub pattern: Option<MessagePattern>,
    pub description: String,
    pub loc: Loc,
}

/// A message with one placeholder: `prefix` + value + `suffix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessagePattern {
    pub prefix: String,
    /// The placeholder as written (`A`). A message written `*` is all placeholder: it stands for any message.
    pub placeholder: String,
    pub suffix: String,
}

impl Api {
    /// The IR as stable, pretty JSON (what `cargo xtask ir` prints).
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        let mut out = serde_json::to_string_pretty(self).expect("the IR is plain serializable data");
        out.push('\n');
        out
    }
}

/// How a list operation pages: its `page` parameter, and the result's `hasNext` flag and single list of objects.
#[derive(Debug, Clone, Copy)]
pub struct Pagination<'a> {
    pub page: &'a Param,
    pub has_next: &'a Field,
    pub list: &'a Field,
    /// The list's item type.
    pub item: &'a Type,
}

impl Doc {
    /// How `op` pages, if it does: an optional integer `page` parameter, and a result object with a boolean
    /// `hasNext` and exactly one list of objects. The client then has a stream method for it.
    pub fn pagination<'a>(&'a self, op: &'a Operation) -> Option<Pagination<'a>> {
        let page = op.params.iter().find(|p| {
            p.wire.eq_ignore_ascii_case("page") && matches!(p.ty, Type::Integer | Type::Long) && !p.required
        })?;
        let Some(Type::Object { name }) = op.response.as_ref().and_then(|r| r.ty.as_ref()) else { return None };
        let result = self.type_def(name)?;
        let has_next = result.fields.iter().find(|f| f.wire == "hasNext" && f.ty == Type::Boolean)?;
        let lists: Vec<&Field> = result
            .fields
            .iter()
            .filter(|f| matches!(&f.ty, Type::Array { items } if matches!(**items, Type::Object { .. })))
            .collect();
        let [list] = lists.as_slice() else { return None };
        let Type::Array { items } = &list.ty else { return None };
        Some(Pagination { page, has_next, list, item: items })
    }

    /// The operations that are emitted: every section that did not lose a duplicate contest.
    pub fn live_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(|op| op.superseded_by.is_none())
    }

    /// The named type `name`, if the doc has it.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|ty| ty.name == name)
    }
}
