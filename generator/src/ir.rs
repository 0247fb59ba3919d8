//! The endpoint IR: plain, serde-serializable data that the parser produces and every emitter reads.
//!
//! It sits between `lower` (which builds it from the parsed doc) and `emit` (which turns it into Rust and OpenAPI).
//! Every type here is plain data: `pub` fields, no I/O, no spans that need a source map to read.
//! Items keep the doc's own spelling (`wire`) beside the identifier the generator chose, and a [`Loc`] pointing at
//! the line and column of the doc they came from.
//! Collections are `Vec`s in document order, so that serializing the IR is stable byte for byte.
//!
//! # Provenance
//!
//! Every fact the generator decided carries a [`Provenance`]: where it came from. A fact is one decision about one
//! item: an operation's name, method, idempotency and headers ([`OperationProvenance`]); a parameter's type,
//! required flag, default, location, description, sensitivity and list encoding ([`ParamProvenance`]); a response
//! field's type, required flag (the decision in [`Field::required`], not the table's word) and Rust name
//! ([`FieldProvenance`]); an enum option ([`EnumOption::provenance`]) and an enum type's name ([`Type::Enum`]); an
//! error's variant name ([`ErrorCase::provenance`]). `cargo xtask report` lists them all, and the OpenAPI emitter
//! writes `x-override` wherever an override set one. One fact is decided after the IR, by the emitters, and carries
//! its provenance there: the credentials an operation sends (`emit::credentials`, whose access token may be named
//! by the rule `access-token-from-doc` or `access-token-family-name`); the report lists it as `auth`.
//!
//! A decision has one record of what decided it. Whether an operation is safe to repeat is
//! [`Operation::idempotent`], decided by one of the `idempotent-*` rules or an override, and that is
//! [`OperationProvenance::idempotent`]; [`Idempotency`] adds only the doc's word and the sentence, which a rule id
//! cannot carry.
//!
//! The provenance is recorded where the decision is made, in `lower/` and `check/`, by assigning the fact's slot:
//! `param.provenance.required = Provenance::rule(Rule::RequiredFalseAsNo)` for a rule, and
//! `overrides.provenance(kind, idx)` (in `overrides.rs`) for an override of any kind, which names it by its position
//! in the overrides file (a parameter an override adds takes it in every fact: [`ParamProvenance::all`]). A new
//! rule is a new [`Rule`] variant, with its stable kebab-case id in [`Rule::as_str`] and a sentence in
//! [`Rule::description`]; [`Rule::ALL`] is the one list of them. A new kind of fact is a new field of
//! the item's provenance struct (each defaults to [`Provenance::Default`]).

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
    /// Where the operation's name, method, idempotency and headers came from.
    pub provenance: OperationProvenance,
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
    /// Whether the operation is safe to repeat: the doc says it reads (see [`Idempotency`] for the rule), or an
    /// override says so. The client retries and follows redirects only for such operations.
    pub idempotent: bool,
    /// The word that decided [`Operation::idempotent`] and the decision in words; what decided it (a rule or an
    /// override) is [`OperationProvenance::idempotent`].
    pub idempotency: Idempotency,
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

/// What decided whether an operation is safe to repeat, beyond the decision's provenance.
///
/// The decision itself is [`Operation::idempotent`], and what decided it is
/// [`OperationProvenance::idempotent`]: one of the `idempotent-*` rules of [`Rule`] (`check/idempotency.rs`), or
/// the `[[operation]]` override that set it (`check/operation_flags.rs`). This struct keeps what a rule id cannot
/// say: the doc's own word, and the sentence the note, the generated docs and OpenAPI's `x-idempotent-rule` print.
///
/// The rule: an operation is safe to repeat when the doc says it reads, whatever its HTTP method: its English
/// title starts with a read verb (`List`, `Get`, `Read`, `Query`, `Check`, `Status`, ...), or the last literal
/// segment of its path does (`.../status`), or its Chinese title has a read word (`查询`, `获取`, `读取`, `列表`, ...),
/// and no part of its doc has a word of making or changing something (`reset`, `create`, `验证码`, `刷新`, ...).
/// Everything else is unsafe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Idempotency {
    /// The word that decided, as the doc writes it: the read word, or the write word that overruled one; `None`
    /// when no part of the doc has a read word, or for an override.
    pub word: Option<String>,
    /// The decision in words, made from the rule and the words when it is decided.
    pub rule: String,
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
    /// Where each of its facts came from (type, required flag, default, location, description, sensitivity,
    /// encoding).
    pub provenance: ParamProvenance,
    /// A secret (`sensitive = true` in spec/overrides.toml): the client redacts it in `Debug` and never logs it.
    /// Left out of the JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// How a list travels in a form body or query string (an override's `encoding`). Left out of the JSON when it
    /// is the platform's usual repeated keys.
    #[serde(default, skip_serializing_if = "ArrayEncoding::is_repeat")]
    pub encoding: ArrayEncoding,
    pub loc: Loc,
}

/// How a list parameter travels in a form body or a query string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrayEncoding {
    /// One pair per item: `ids=1&ids=2` (OpenAPI `form`, exploded). The platform's convention.
    #[default]
    Repeat,
    /// One pair, items joined by commas: `ids=1,2` (OpenAPI `form`, not exploded).
    Comma,
    /// Items joined by spaces: `ids=1%202` (OpenAPI `spaceDelimited`).
    Space,
    /// Items joined by `|`: `ids=1|2` (OpenAPI `pipeDelimited`).
    Pipe,
}

impl ArrayEncoding {
    /// The encoding an override's word names.
    pub fn from_word(word: &str) -> Option<ArrayEncoding> {
        match word {
            "repeat" => Some(ArrayEncoding::Repeat),
            "comma" => Some(ArrayEncoding::Comma),
            "space" => Some(ArrayEncoding::Space),
            "pipe" => Some(ArrayEncoding::Pipe),
            _ => None,
        }
    }

    /// The override's word for the encoding (the inverse of [`ArrayEncoding::from_word`]).
    pub fn as_str(self) -> &'static str {
        match self {
            ArrayEncoding::Repeat => "repeat",
            ArrayEncoding::Comma => "comma",
            ArrayEncoding::Space => "space",
            ArrayEncoding::Pipe => "pipe",
        }
    }

    /// The separator that joins the items, or `None` for repeated keys.
    pub fn separator(self) -> Option<&'static str> {
        match self {
            ArrayEncoding::Repeat => None,
            ArrayEncoding::Comma => Some(","),
            ArrayEncoding::Space => Some(" "),
            ArrayEncoding::Pipe => Some("|"),
        }
    }

    fn is_repeat(&self) -> bool {
        *self == ArrayEncoding::Repeat
    }
}

/// A value type, as far as the doc tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    String,
    /// The doc's generic integer word (`Integer`, `int`, `INT`) or an integer the example shows. 64-bit, like
    /// `Long`: this doc family writes millisecond timestamps in `Integer` fields. See [`Type::is_32_bit`].
    Integer,
    /// 64-bit (`Long`, `long`).
    Long,
    /// A type word that says 32 bits explicitly (`int32`, `short`, `byte`): the only integer that is 32-bit.
    Int32,
    Number,
    Boolean,
    /// A closed set of wire values (the client still accepts values it does not know).
    Enum {
        /// The type's PascalCase name, unique within the doc.
        name: String,
        options: Vec<EnumOption>,
        /// How the name was chosen: after the parameter or field (`table`), with the operation's name before it
        /// (a rule), or by an override.
        provenance: Provenance,
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
    /// Where the option and its variant name came from (the doc's cell, an override of the options or of the
    /// variant's name, the numbering rule).
    pub provenance: Provenance,
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
    /// Whether every response carries the field: the field table says so (`doc_required`) and every example of
    /// the object shows it. The Rust field is `T` when this holds and `Option<T>` otherwise, and the OpenAPI
    /// schema lists the field in `required` (see `check/types.rs` for the rule).
    pub required: bool,
    /// What the field table's required column says (`false` for fields only in the example). When it says yes
    /// but an example lacks the field, `required` is `false` and the OpenAPI property keeps the doc's word in
    /// `x-doc-required`.
    pub doc_required: bool,
    /// Whether the example shows `null` for it.
    pub nullable: bool,
    /// The field table's description, or the inline note after the example value (`VCPU 可用`).
    pub description: String,
    /// Where the field was seen: the example, the field table, or both.
    pub source: FieldSource,
    /// Where the field's type and required flag came from.
    pub provenance: FieldProvenance,
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
    /// Where the variant name came from: the message (`table`), a rule, or an override.
    pub provenance: Provenance,
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

/// Where one fact of the IR came from. See the module documentation for how it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Provenance {
    /// Read from the doc as written: a table cell, the section's title or its URL line.
    Table,
    /// Taken from an example only: a response example without a field table row, an RPC usage sample.
    Example,
    /// Read from a table row and seen in the example too, and the two agree.
    #[serde(rename = "table+example")]
    TableAndExample,
    /// Decided by a documented rule, where the doc is silent, ambiguous or contradicts itself.
    Rule { rule: Rule },
    /// Set by an entry of the overrides file.
    Override {
        #[serde(rename = "override")]
        override_: OverrideId,
    },
    /// The doc says nothing, and the platform's convention applies (a POST sends a form body, a parameter without
    /// a required column is optional).
    #[default]
    Default,
}

/// How a fact counts in the report's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvenanceClass {
    /// `table` and `table+example`: the doc says it.
    Read,
    /// `example`, `rule` and `default`: the generator worked it out.
    Inferred,
    /// `override`: a maintainer said it.
    Overridden,
}

impl Provenance {
    /// A fact decided by `rule`.
    pub fn rule(rule: Rule) -> Provenance {
        Provenance::Rule { rule }
    }

    /// The kind as the report and the IR's JSON write it: `table`, `example`, `table+example`, `rule`, `override`,
    /// `default`.
    pub fn kind(&self) -> &'static str {
        match self {
            Provenance::Table => "table",
            Provenance::Example => "example",
            Provenance::TableAndExample => "table+example",
            Provenance::Rule { .. } => "rule",
            Provenance::Override { .. } => "override",
            Provenance::Default => "default",
        }
    }

    /// The kind with the rule or override it names: `rule name-from-path`, `override [[enum]] #3 (...)`.
    pub fn label(&self) -> String {
        match self {
            Provenance::Rule { rule } => format!("rule {}", rule.as_str()),
            Provenance::Override { override_ } => format!("override {}", override_.label()),
            other => other.kind().to_owned(),
        }
    }

    pub fn class(&self) -> ProvenanceClass {
        match self {
            Provenance::Table | Provenance::TableAndExample => ProvenanceClass::Read,
            Provenance::Example | Provenance::Rule { .. } | Provenance::Default => ProvenanceClass::Inferred,
            Provenance::Override { .. } => ProvenanceClass::Overridden,
        }
    }

    /// Whether the fact rests on a guess: a rule that guesses decided it ([`Rule::is_guess`]), or only an example
    /// shows it. (A default is the platform's convention, not a guess; an override is a maintainer's word.)
    pub fn is_guess(&self) -> bool {
        match self {
            Provenance::Rule { rule } => rule.is_guess(),
            Provenance::Example => true,
            _ => false,
        }
    }

    /// The override that set the fact, if one did.
    pub fn override_id(&self) -> Option<&OverrideId> {
        match self {
            Provenance::Override { override_ } => Some(override_),
            _ => None,
        }
    }
}

/// An entry of the overrides file, named by its position: the `index`-th `[[table]]` entry, whose key (`match`,
/// or `message` for an `[[error]]`) is at `line`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OverrideId {
    /// The overrides file as it was given to the generator.
    pub file: String,
    /// The entry's table: `operation`, `param`, `field`, `enum`, `error`.
    pub table: String,
    /// 1-based among the entries of that table.
    pub index: usize,
    pub line: u32,
    /// The lines of the entry's first and last keys: a diagnostic about the entry (its `override-applied` note,
    /// which may point at the key that applied, such as `headers`) lies between them.
    pub lines: [u32; 2],
}

impl OverrideId {
    /// `[[enum]] #3 (spec/overrides.toml:24)`.
    pub fn label(&self) -> String {
        format!("[[{}]] #{} ({}:{})", self.table, self.index, self.file, self.line)
    }
}

/// The rules that decide a fact the doc does not state plainly. The kebab-case ids are stable: the report, the
/// OpenAPI document and maintainers refer to them. This enum is the one list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    NameFromPath,
    NameFromTitleAndPath,
    NameNumbered,
    MethodMissingAsPost,
    MethodUnknownAsPost,
    RpcPostJson,
    RpcExampleRequired,
    TypeUnknownAsString,
    EnumWithoutOptionsAsString,
    PathParamAsString,
    RequiredFalseAsNo,
    RequiredUnknownAsNo,
    BoundToPathRequired,
    DefaultNotAValue,
    FieldTypeAcceptsBoth,
    FieldTypeUnknownAsAny,
    ExampleOnlyOptional,
    ErrorNameFromStatus,
    ErrorNameNumbered,
    VariantNumbered,
    EnumNamePrefixed,
    RequiredNeedsEveryExample,
    Int32WidenedByExample,
    ListItemsFromDescription,
    FieldNameNumbered,
    IdempotentReadVerbTitle,
    IdempotentReadVerbPath,
    IdempotentReadWordZhTitle,
    IdempotentWriteWord,
    IdempotentNoReadWord,
    AccessTokenFromDoc,
    AccessTokenFamilyName,
    ParamNameNumbered,
    RustTypesNumbered,
    MethodNamePrefixed,
    StreamMethodNumbered,
    FieldEnumFromParam,
}

impl Rule {
    /// Every rule, in the order of this list.
    pub const ALL: &'static [Rule] = &[
        Rule::NameFromPath,
        Rule::NameFromTitleAndPath,
        Rule::NameNumbered,
        Rule::MethodMissingAsPost,
        Rule::MethodUnknownAsPost,
        Rule::RpcPostJson,
        Rule::RpcExampleRequired,
        Rule::TypeUnknownAsString,
        Rule::EnumWithoutOptionsAsString,
        Rule::PathParamAsString,
        Rule::RequiredFalseAsNo,
        Rule::RequiredUnknownAsNo,
        Rule::BoundToPathRequired,
        Rule::DefaultNotAValue,
        Rule::FieldTypeAcceptsBoth,
        Rule::FieldTypeUnknownAsAny,
        Rule::ExampleOnlyOptional,
        Rule::ErrorNameFromStatus,
        Rule::ErrorNameNumbered,
        Rule::VariantNumbered,
        Rule::EnumNamePrefixed,
        Rule::RequiredNeedsEveryExample,
        Rule::Int32WidenedByExample,
        Rule::ListItemsFromDescription,
        Rule::FieldNameNumbered,
        Rule::IdempotentReadVerbTitle,
        Rule::IdempotentReadVerbPath,
        Rule::IdempotentReadWordZhTitle,
        Rule::IdempotentWriteWord,
        Rule::IdempotentNoReadWord,
        Rule::AccessTokenFromDoc,
        Rule::AccessTokenFamilyName,
        Rule::ParamNameNumbered,
        Rule::RustTypesNumbered,
        Rule::MethodNamePrefixed,
        Rule::StreamMethodNumbered,
        Rule::FieldEnumFromParam,
    ];

    /// The stable kebab-case id (the same as the JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NameFromPath => "name-from-path",
            Rule::NameFromTitleAndPath => "name-from-title-and-path",
            Rule::NameNumbered => "name-numbered",
            Rule::MethodMissingAsPost => "method-missing-as-post",
            Rule::MethodUnknownAsPost => "method-unknown-as-post",
            Rule::RpcPostJson => "rpc-post-json",
            Rule::RpcExampleRequired => "rpc-example-required",
            Rule::TypeUnknownAsString => "type-unknown-as-string",
            Rule::EnumWithoutOptionsAsString => "enum-without-options-as-string",
            Rule::PathParamAsString => "path-param-as-string",
            Rule::RequiredFalseAsNo => "required-false-as-no",
            Rule::RequiredUnknownAsNo => "required-unknown-as-no",
            Rule::BoundToPathRequired => "bound-to-path-required",
            Rule::DefaultNotAValue => "default-not-a-value",
            Rule::FieldTypeAcceptsBoth => "field-type-accepts-both",
            Rule::FieldTypeUnknownAsAny => "field-type-unknown-as-any",
            Rule::ExampleOnlyOptional => "example-only-optional",
            Rule::ErrorNameFromStatus => "error-name-from-status",
            Rule::ErrorNameNumbered => "error-name-numbered",
            Rule::VariantNumbered => "variant-numbered",
            Rule::EnumNamePrefixed => "enum-name-prefixed",
            Rule::RequiredNeedsEveryExample => "required-needs-every-example",
            Rule::Int32WidenedByExample => "int32-widened-by-example",
            Rule::ListItemsFromDescription => "list-items-from-description",
            Rule::FieldNameNumbered => "field-name-numbered",
            Rule::IdempotentReadVerbTitle => "idempotent-read-verb-title",
            Rule::IdempotentReadVerbPath => "idempotent-read-verb-path",
            Rule::IdempotentReadWordZhTitle => "idempotent-read-word-zh-title",
            Rule::IdempotentWriteWord => "idempotent-write-word",
            Rule::IdempotentNoReadWord => "idempotent-no-read-word",
            Rule::AccessTokenFromDoc => "access-token-from-doc",
            Rule::AccessTokenFamilyName => "access-token-family-name",
            Rule::ParamNameNumbered => "param-name-numbered",
            Rule::RustTypesNumbered => "rust-types-numbered",
            Rule::MethodNamePrefixed => "method-name-prefixed",
            Rule::StreamMethodNumbered => "stream-method-numbered",
            Rule::FieldEnumFromParam => "field-enum-from-param",
        }
    }

    /// Whether a fact this rule decides rests on a guess, one a maintainer should confirm. Every rule does but the
    /// two that decide an operation is not safe to repeat: they fall on the side the client takes when it knows
    /// nothing (never send twice), so a wrong call costs a retry, never a replayed write; listing them would list
    /// nearly every write of a doc. A read rule that says "safe to repeat" is a guess: if it is wrong, the client
    /// resends a write.
    pub fn is_guess(self) -> bool {
        !matches!(self, Rule::IdempotentWriteWord | Rule::IdempotentNoReadWord)
    }

    /// What the rule decides, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            Rule::NameFromPath => "the operation is named from its path: its title is missing or does not fit the URL",
            Rule::NameFromTitleAndPath => {
                "the operation is named from its title and last path segment: the title alone was taken"
            }
            Rule::NameNumbered => "a numeric suffix tells apart two names that would be equal",
            Rule::MethodMissingAsPost => "a section without a method row is read as POST, the platform's usual method",
            Rule::MethodUnknownAsPost => "a method word that is not an HTTP method is read as POST",
            Rule::RpcPostJson => {
                "a section without a method table that shows a JSON request with an operation code is a POST with a JSON body"
            }
            Rule::RpcExampleRequired => {
                "an RPC section without a parameter table takes the usage sample's members as required parameters"
            }
            Rule::TypeUnknownAsString => "a type word the doc family does not use (or an empty type cell) reads as String",
            Rule::EnumWithoutOptionsAsString => "an enum type whose options the doc does not list reads as String",
            Rule::PathParamAsString => "a path placeholder typed other than an integer is sent as a string",
            Rule::RequiredFalseAsNo => "`false` in the required column reads as `No`",
            Rule::RequiredUnknownAsNo => "a required cell that is neither Yes nor No reads as `No`",
            Rule::BoundToPathRequired => {
                "a body parameter that repeats a path placeholder is required and filled from the path value"
            }
            Rule::DefaultNotAValue => {
                "a default that names another parameter or is free text is no value; it moves to the description"
            }
            Rule::FieldTypeAcceptsBoth => {
                "where the field table's type and the example disagree, the field takes the type that accepts both"
            }
            Rule::FieldTypeUnknownAsAny => {
                "a field typed with a word the doc family does not use, and not in the example, is any JSON value"
            }
            Rule::ExampleOnlyOptional => "a field that only the example shows is optional",
            Rule::ErrorNameFromStatus => "an error message that gives no name names its variant after the status",
            Rule::ErrorNameNumbered => "a numeric suffix tells apart two error variants with the same name",
            Rule::VariantNumbered => {
                "a numeric suffix tells apart two enum variants with the same name, or a variant named `Unknown`"
            }
            Rule::EnumNamePrefixed => {
                "an enum type is named after its operation and parameter: the parameter's name alone was taken"
            }
            Rule::RequiredNeedsEveryExample => {
                "a field the field table marks required is optional when an example of its object lacks it"
            }
            Rule::Int32WidenedByExample => {
                "a field the doc types as a 32-bit integer is 64-bit when an example value does not fit 32 bits"
            }
            Rule::ListItemsFromDescription => {
                "a list whose type word names no element type takes it from the description's example (`例如[1, 2, 4]`)"
            }
            Rule::FieldNameNumbered => {
                "a numeric suffix tells apart two response fields whose keys make the same Rust name (`type_2`)"
            }
            Rule::IdempotentReadVerbTitle => {
                "an operation whose English title starts with a read verb (`List`, `Get`, `Query`, ...) is safe to \
                 repeat, whatever its method"
            }
            Rule::IdempotentReadVerbPath => {
                "an operation whose last literal path segment starts with a read verb (`.../status`) is safe to repeat, \
                 whatever its method"
            }
            Rule::IdempotentReadWordZhTitle => {
                "an operation whose Chinese title has a read word (`查询`, `获取`, `列表`, ...) is safe to repeat, whatever \
                 its method"
            }
            Rule::IdempotentWriteWord => {
                "a read word is overruled by a word of making, changing or sending in the title or the path (`Reset`, \
                 `验证码`): not safe to repeat"
            }
            Rule::IdempotentNoReadWord => {
                "an operation with no read word in its English title, last path segment or Chinese title is not safe \
                 to repeat"
            }
            Rule::AccessTokenFromDoc => {
                "a section that names no access token header sends the token (which every request carries) under \
                 the name most of the doc's sections use"
            }
            Rule::AccessTokenFamilyName => {
                "in a doc none of whose sections names an access token header, the token goes as `HT-ACCESS-TOKEN`, \
                 the name every endpoint doc of the family uses"
            }
            Rule::ParamNameNumbered => {
                "a numeric suffix tells apart two parameters that make the same Rust name, or one whose field or \
                 setter the request struct already has (`options`, `with_timeout`): `timeout_2`"
            }
            Rule::RustTypesNumbered => {
                "an operation's request and error types are numbered when either name is taken: `CreateServer2Request`"
            }
            Rule::MethodNamePrefixed => {
                "a client method takes its module's name in front (`servers_list`) when several docs have the name or \
                 the runtime's `Client` has the method, and is numbered when that is taken too"
            }
            Rule::StreamMethodNumbered => "a paging method `<method>_stream` is numbered when the name is taken",
            Rule::FieldEnumFromParam => {
                "a string response field named as an enum parameter of its operation (or of another operation, when \
                 its example values say so) takes that enum, unless an example value is not one of its options"
            }
        }
    }
}

/// Where an operation's facts came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct OperationProvenance {
    /// [`Operation::name`]: the title (`table`), a naming rule, or an override.
    pub name: Provenance,
    /// [`Operation::method`]: the method table, or a rule.
    pub method: Provenance,
    /// [`Operation::idempotent`]: the `idempotent-*` rule that read the doc's words (`check/idempotency.rs`), or the
    /// override that set it. The deciding word and the sentence are in [`Operation::idempotency`].
    pub idempotent: Provenance,
    /// [`Operation::headers`]: the section's header table (`table`), none documented (`default`), or an
    /// `[[operation]]` override's `headers`.
    pub headers: Provenance,
    /// [`Operation::client_method`]: the operation's name (`default`), or `method-name-prefixed` when
    /// `check/rust_names.rs` put the module in front or numbered it.
    pub client_method: Provenance,
    /// [`Operation::request_type`] and [`Operation::error_type`]: from the name (`default`), or
    /// `rust-types-numbered`.
    pub rust_types: Provenance,
    /// [`Operation::stream_method`]: `<method>_stream` (`default`), or `stream-method-numbered`.
    pub stream_method: Provenance,
}

/// Where a parameter's facts came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ParamProvenance {
    /// [`Param::ty`], with its enum options.
    #[serde(rename = "type")]
    pub ty: Provenance,
    pub required: Provenance,
    pub default: Provenance,
    pub location: Provenance,
    /// [`Param::description`]: the description cell (`table`), none (`default`), or an override.
    pub description: Provenance,
    /// [`Param::sensitive`]: no doc says it, so `default` (not a secret) unless an override marks it.
    pub sensitive: Provenance,
    /// [`Param::encoding`]: the platform's repeated keys (`default`) unless an override sets another.
    pub encoding: Provenance,
    /// [`Param::rust`]: the wire name in snake_case (`default`), or `param-name-numbered` when
    /// `check/param_names.rs` renamed it.
    pub rust_name: Provenance,
}

impl ParamProvenance {
    /// Every fact from one place: a parameter an override adds is the override's in everything.
    pub fn all(provenance: Provenance) -> ParamProvenance {
        ParamProvenance {
            ty: provenance.clone(),
            required: provenance.clone(),
            default: provenance.clone(),
            location: provenance.clone(),
            description: provenance.clone(),
            sensitive: provenance.clone(),
            encoding: provenance.clone(),
            rust_name: provenance,
        }
    }
}

/// Where a response field's facts came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FieldProvenance {
    /// [`Field::ty`]: the table, the example, both, or a rule where they disagree.
    #[serde(rename = "type")]
    pub ty: Provenance,
    /// [`Field::required`] (the decision, not the table's word in [`Field::doc_required`]).
    pub required: Provenance,
    /// [`Field::rust`]: the key in snake_case (`default`: the doc names no Rust field), a numbering rule, or an
    /// override.
    pub rust_name: Provenance,
}

impl Type {
    /// Whether the value is a 32-bit integer in both emitters (`format: int32`, `i32`); every other integer is
    /// 64-bit (`format: int64`, `i64`).
    pub fn is_32_bit(&self) -> bool {
        matches!(self, Type::Int32)
    }

    /// Whether the type is an integer of either width.
    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Integer | Type::Long | Type::Int32)
    }
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

#[cfg(test)]
mod tests;
