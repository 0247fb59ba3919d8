//! `spec/overrides.toml`: maintainers' corrections to the doc, applied without editing the doc.
//!
//! Overrides are keyed by what the doc writes (the method and path of a section, a parameter's wire name), never
//! by generated names. Every override that applies is reported as a note (shown with `--verbose`); one that matches
//! nothing is an error, so a stale override cannot linger after the doc changes, and that error points at the key
//! that failed (`match`, `section`, `name`, `param`, `field`, `message` or `code`) with the closest candidates the
//! doc has. An override that changes nothing (the doc already says so) is a warning: it can be deleted.
//!
//! ```toml
//! [[operation]]
//! match = "POST /v1/openstack/server/created"   # METHOD and path as the IR writes it
//! name = "create_server_from_instance"          # the operation's name
//! idempotent = false                            # safe to repeat or not, on any operation, whatever its doc's words say
//! keep = true                                   # this section wins a duplicate method+path contest
//! section = "主机重启"                           # with several sections on one match: which (title or anchor)
//! headers = ["HT-ACCESS-TOKEN"]                 # the operation's auth headers, replacing the section's list
//!
//! [[param]]
//! match = "POST /v1/openstack/server/list"
//! name = "serverstatus"                         # the parameter's wire name
//! type = "String"                               # a type word, as the doc would write it
//! location = "query"                            # path, query or body
//! required = true
//! options = ["ACTIVE", "SHUTOFF"]               # enum options the doc forgot
//! sensitive = true                              # a secret: redacted in `Debug`, never logged, kept out of errors
//! encoding = "comma"                            # a list in a form body or query: repeat (default), comma, space, pipe
//!
//! [[param]]                                     # a parameter the doc forgot: `add = true` and its whole definition
//! match = "POST /v1/openstack/server/list"
//! name = "region"
//! add = true
//! type = "String"                               # required with `add`
//! required = false                              # default false
//! location = "body"                             # default: the operation's (query for GET, else body)
//! description = "区域"
//! default = "cn-north"
//!
//! [[field]]                                     # a response field
//! match = "GET /v1/openstack/server/{serverid}/get"
//! field = "name"                                # its keys from the result down: `entites.status`
//! type = "String"                               # a type word
//! required = true
//! rust_name = "display_name"                    # the Rust field's name (the wire name stays)
//! enum = "ServerStatus"                         # typed as an existing enum of the doc, by its type name
//! options = ["ACTIVE", "SHUTOFF"]               # or as a new enum with these values...
//! type_name = "EntityStatus"                    # ...and this type name
//!
//! [[enum]]
//! match = "POST /v1/openstack/server/list"
//! param = "status"                              # must be an enum (give it `options` with `[[param]]` if not)
//! type_name = "ServerStatus"                    # the enum type's name
//! variants = { ALL_STATUS = "Any" }             # wire value = variant name; each must be one of its values
//!
//! [[error]]
//! message = "require parameter:A"               # a documented message, as written
//! name = "MissingParameter"                     # the error variant's name, in every operation that lists it
//! match = "POST /v1/openstack/server/create"    # optional: only in this section
//!
//! [[allow]]                                     # a known defect of the doc, acknowledged
//! code = "duplicate-anchor"                     # the diagnostic's code
//! match = "POST /v1/openstack/server/created"   # optional: only in this section (else anywhere in the doc)
//! section = "创建主机"                           # optional, as above
//! param = "description"                         # optional: only about this parameter (or `field`, `message`)
//! reason = "anchors are not identifiers here"   # required: why the warning is acceptable
//! ```
//!
//! For an RPC-style section (several sections on one script URL), `match` is `POST /path` and `section` picks
//! the section by its title or anchor. Every kind also takes `doc = "servers.md"`, limiting it to one spec file.
//!
//! An `[[allow]]` acknowledges warnings only: an allowed warning is not printed (it is counted in the summary as
//! `N warnings allowed`, shown with `--verbose`, and listed with `"allowed": true` by `--message-format json`), and
//! `--deny-warnings` lets it pass. An `[[allow]]` that acknowledges nothing is an error, like any stale override.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{OverrideId, Provenance};
use crate::source::{FileId, SourceFile, Span};

pub mod suggest;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    operation: Vec<OperationOverride>,
    #[serde(default)]
    param: Vec<ParamOverride>,
    #[serde(default, rename = "enum")]
    enums: Vec<EnumOverride>,
    #[serde(default)]
    error: Vec<ErrorOverride>,
    #[serde(default)]
    field: Vec<FieldOverride>,
    #[serde(default)]
    allow: Vec<AllowOverride>,
}

/// A response field's correction: `[[field]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOverride {
    pub doc: Option<String>,
    #[serde(rename = "match")]
    pub matches: Spanned<String>,
    pub section: Option<String>,
    /// The field's keys from the result down, joined by `.` (`entites.status`).
    pub field: String,
    #[serde(rename = "type")]
    pub type_word: Option<String>,
    pub required: Option<bool>,
    pub rust_name: Option<String>,
    /// An existing enum type of the doc, by name.
    #[serde(rename = "enum")]
    pub enum_type: Option<String>,
    /// The values of a new enum type.
    pub options: Option<Vec<String>>,
    /// The new enum type's name (with `options`).
    pub type_name: Option<String>,
}

/// A known defect acknowledged: `[[allow]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowOverride {
    pub doc: Option<String>,
    /// The diagnostic code (`duplicate-anchor`).
    pub code: String,
    /// Limits the entry to one section (`METHOD /path`); anywhere in the doc otherwise.
    #[serde(rename = "match")]
    pub matches: Option<String>,
    pub section: Option<String>,
    pub param: Option<String>,
    pub field: Option<String>,
    pub message: Option<String>,
    /// Why the warning is acceptable; required.
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorOverride {
    pub doc: Option<String>,
    /// Limits the override to one section (`METHOD /path`); every section otherwise.
    #[serde(rename = "match")]
    pub matches: Option<String>,
    pub section: Option<String>,
    /// The message as the doc writes it (compared without surrounding spaces).
    pub message: Spanned<String>,
    /// The variant's PascalCase name.
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationOverride {
    /// Limits the override to the spec file of this name (`servers.md`).
    pub doc: Option<String>,
    #[serde(rename = "match")]
    pub matches: Spanned<String>,
    pub section: Option<String>,
    pub name: Option<String>,
    pub idempotent: Option<bool>,
    pub keep: Option<bool>,
    /// The operation's auth headers by name, replacing those its section lists.
    pub headers: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamOverride {
    pub doc: Option<String>,
    #[serde(rename = "match")]
    pub matches: Spanned<String>,
    pub section: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub type_word: Option<String>,
    pub location: Option<String>,
    pub required: Option<bool>,
    pub options: Option<Vec<String>>,
    /// Adds a parameter the doc omits (then `type` is required).
    pub add: Option<bool>,
    pub description: Option<String>,
    pub default: Option<String>,
    /// A secret: redacted in `Debug`, never logged.
    pub sensitive: Option<bool>,
    /// How a list travels in a form body or query string: `repeat`, `comma`, `space` or `pipe`.
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumOverride {
    pub doc: Option<String>,
    #[serde(rename = "match")]
    pub matches: Spanned<String>,
    pub section: Option<String>,
    pub param: String,
    pub type_name: Option<String>,
    #[serde(default)]
    pub variants: BTreeMap<String, String>,
}

/// The overrides of a run, and which of them have applied.
#[derive(Debug, Default)]
pub struct Overrides {
    pub file: Option<FileId>,
    pub operations: Vec<OperationOverride>,
    pub params: Vec<ParamOverride>,
    pub enums: Vec<EnumOverride>,
    pub errors: Vec<ErrorOverride>,
    pub fields: Vec<FieldOverride>,
    pub allows: Vec<AllowOverride>,
    /// The overrides file's name and line index, for [`Overrides::provenance`] (set by [`Overrides::located_in`]).
    source: Option<SourceFile>,
    /// `used[kind][idx]`: whether override `idx` of that kind applied somewhere.
    used_operations: Vec<bool>,
    used_params: Vec<bool>,
    used_enums: Vec<bool>,
    used_errors: Vec<bool>,
    used_fields: Vec<bool>,
    /// For each kind's list (by its TOML table name), for each entry: the span of each key's value.
    key_spans: BTreeMap<String, Vec<BTreeMap<String, std::ops::Range<usize>>>>,
}

/// Every entry of every list with the spans of its values: what diagnostics point at.
type RawFile = BTreeMap<String, Vec<BTreeMap<String, Spanned<toml::Value>>>>;

/// Which list an override belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Operation,
    Param,
    Enum,
    Error,
    Field,
    Allow,
}

impl Kind {
    /// The TOML table name of the kind's list (`[[param]]`).
    pub fn table(self) -> &'static str {
        match self {
            Kind::Operation => "operation",
            Kind::Param => "param",
            Kind::Enum => "enum",
            Kind::Error => "error",
            Kind::Field => "field",
            Kind::Allow => "allow",
        }
    }
}

impl Overrides {
    /// Parses the overrides file; a syntax error is reported and yields no overrides.
    pub fn parse(file: FileId, text: &str, sink: &mut Sink) -> Overrides {
        match toml::from_str::<File>(text) {
            Ok(parsed) => {
                // The same text read again as plain tables, for the span of every key (it parsed once, so it
                // parses again; an empty map is only a loss of precision).
                let key_spans = toml::from_str::<RawFile>(text)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(table, entries)| {
                        let entries = entries
                            .into_iter()
                            .map(|entry| entry.into_iter().map(|(key, value)| (key, value.span())).collect())
                            .collect();
                        (table, entries)
                    })
                    .collect();
                let overrides = Overrides {
                    file: Some(file),
                    used_operations: vec![false; parsed.operation.len()],
                    used_params: vec![false; parsed.param.len()],
                    used_enums: vec![false; parsed.enums.len()],
                    used_errors: vec![false; parsed.error.len()],
                    used_fields: vec![false; parsed.field.len()],
                    operations: parsed.operation,
                    params: parsed.param,
                    enums: parsed.enums,
                    errors: parsed.error,
                    fields: parsed.field,
                    allows: parsed.allow,
                    key_spans,
                    source: None,
                };
                overrides.check_values(sink);
                overrides
            }
            Err(err) => {
                let range = err.span().unwrap_or(0..0);
                sink.push(
                    Diagnostic::error(
                        Code::InvalidOverrides,
                        Span::new(file, range.start, range.end.max(range.start + 1).min(text.len().max(1))),
                        format!("invalid overrides file: {}", err.message()),
                    )
                    .with_label("here")
                    .with_help("see the format at the top of generator/src/overrides.rs"),
                );
                Overrides::default()
            }
        }
    }

    /// The span of an override's `match` value (an `[[error]]`'s `message`, an `[[allow]]`'s `code`).
    pub fn span(&self, kind: Kind, idx: usize) -> Span {
        let file = self.file.unwrap_or(0);
        let range = match kind {
            Kind::Operation => self.operations[idx].matches.span(),
            Kind::Param => self.params[idx].matches.span(),
            Kind::Enum => self.enums[idx].matches.span(),
            Kind::Error => self.errors[idx].message.span(),
            Kind::Field => self.fields[idx].matches.span(),
            Kind::Allow => return self.key_span(kind, idx, "code"),
        };
        Span::new(file, range.start, range.end)
    }

    /// Remembers the overrides file's name and lines, so that [`Overrides::provenance`] can name an entry.
    pub fn located_in(mut self, file: &SourceFile) -> Overrides {
        self.source = Some(file.clone());
        self
    }

    /// The provenance of a fact that override `idx` of `kind` set: the entry named by its table, its position among
    /// that table's entries and the line of its `match` (or `message`) key. Every pass that applies an override
    /// records it with this.
    pub fn provenance(&self, kind: Kind, idx: usize) -> Provenance {
        let span = self.span(kind, idx);
        let Some(source) = &self.source else {
            let override_ = OverrideId {
                file: String::new(),
                table: kind.table().to_owned(),
                index: idx + 1,
                line: 0,
                lines: [0, 0],
            };
            return Provenance::Override { override_ };
        };
        let line = source.loc(span.start).line;
        let key_lines = self
            .key_spans
            .get(kind.table())
            .and_then(|entries| entries.get(idx))
            .into_iter()
            .flat_map(|keys| keys.values())
            .map(|range| source.loc(range.start).line);
        let lines = key_lines.fold([line, line], |[first, last], l| [first.min(l), last.max(l)]);
        let override_ =
            OverrideId { file: source.name.clone(), table: kind.table().to_owned(), index: idx + 1, line, lines };
        Provenance::Override { override_ }
    }

    /// The span of one key's value in an override (`param = "acton"`), or of its `match` when the key is absent.
    pub fn key_span(&self, kind: Kind, idx: usize, key: &str) -> Span {
        let file = self.file.unwrap_or(0);
        let found = self.key_spans.get(kind.table()).and_then(|entries| entries.get(idx)).and_then(|e| e.get(key));
        match found {
            Some(range) => Span::new(file, range.start, range.end),
            None if kind == Kind::Allow => Span::new(file, 0, 0),
            None => self.span(kind, idx),
        }
    }

    pub fn mark_used(&mut self, kind: Kind, idx: usize) {
        match kind {
            Kind::Operation => self.used_operations[idx] = true,
            Kind::Param => self.used_params[idx] = true,
            Kind::Enum => self.used_enums[idx] = true,
            Kind::Error => self.used_errors[idx] = true,
            Kind::Field => self.used_fields[idx] = true,
            // Allows are matched against diagnostics, after everything else (`check/allows.rs`).
            Kind::Allow => {}
        }
    }

    /// Whether an override has applied somewhere so far.
    pub fn is_used(&self, kind: Kind, idx: usize) -> bool {
        match kind {
            Kind::Operation => self.used_operations[idx],
            Kind::Param => self.used_params[idx],
            Kind::Enum => self.used_enums[idx],
            Kind::Error => self.used_errors[idx],
            Kind::Field => self.used_fields[idx],
            Kind::Allow => false,
        }
    }

    /// Reports values no doc could make valid: an `[[allow]]` without a reason or with a code the generator does
    /// not have, a parameter encoding or location that does not exist, a `[[field]]` with both `enum` and `options`.
    fn check_values(&self, sink: &mut Sink) {
        let mut invalid = |span: Span, message: String, help: String| {
            sink.push(
                Diagnostic::error(Code::InvalidOverrides, span, message).with_label("this value").with_help(help),
            );
        };
        for (idx, allow) in self.allows.iter().enumerate() {
            if allow.reason.trim().is_empty() {
                invalid(
                    self.key_span(Kind::Allow, idx, "reason"),
                    "an `[[allow]]` needs a reason".to_owned(),
                    "say why the warning is acceptable: the next maintainer reads it instead of the warning".to_owned(),
                );
            }
            if Code::from_name(&allow.code).is_none() {
                let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                invalid(
                    self.key_span(Kind::Allow, idx, "code"),
                    format!("no diagnostic has the code `{}`", allow.code),
                    crate::overrides::suggest::did_you_mean(&allow.code, &names)
                        .unwrap_or_else(|| "the codes are listed in generator/src/diagnostics.rs".to_owned()),
                );
            }
            let selectors = [&allow.param, &allow.field, &allow.message].iter().filter(|s| s.is_some()).count();
            if selectors > 1 {
                invalid(
                    self.key_span(Kind::Allow, idx, "reason"),
                    "an `[[allow]]` takes at most one of `param`, `field` and `message`".to_owned(),
                    "write one entry per parameter, field or message".to_owned(),
                );
            }
        }
        for (idx, param) in self.params.iter().enumerate() {
            if let Some(encoding) = &param.encoding {
                if crate::ir::ArrayEncoding::from_word(encoding).is_none() {
                    invalid(
                        self.key_span(Kind::Param, idx, "encoding"),
                        format!("unknown list encoding `{encoding}`"),
                        "use `repeat` (`a=1&a=2`), `comma` (`a=1,2`), `space` (`a=1 2`) or `pipe` (`a=1|2`)".to_owned(),
                    );
                }
            }
            if let Some(location) = &param.location {
                if !matches!(location.as_str(), "path" | "query" | "body") {
                    invalid(
                        self.key_span(Kind::Param, idx, "location"),
                        format!("unknown parameter location `{location}`"),
                        "use `path`, `query` or `body`".to_owned(),
                    );
                }
            }
            if param.add == Some(true) && param.type_word.is_none() {
                invalid(
                    self.key_span(Kind::Param, idx, "add"),
                    format!("added parameter `{}` has no `type`", param.name),
                    "an added parameter needs its whole definition: at least `type = \"...\"`".to_owned(),
                );
            }
        }
        for (idx, field) in self.fields.iter().enumerate() {
            if field.enum_type.is_some() && (field.options.is_some() || field.type_word.is_some()) {
                invalid(
                    self.key_span(Kind::Field, idx, "enum"),
                    format!("field override `{}` gives both `enum` and a type or options", field.field),
                    "`enum` names an existing enum type; `type` or `options` (with `type_name`) define one".to_owned(),
                );
            }
            if field.type_name.is_some() && field.options.is_none() {
                invalid(
                    self.key_span(Kind::Field, idx, "type_name"),
                    format!("field override `{}` names an enum type but gives no `options`", field.field),
                    "give the values with `options = [...]`, or name an existing enum with `enum = \"...\"`".to_owned(),
                );
            }
        }
    }

    /// Reports every override that matched nothing, as an error at the key that failed, with the closest
    /// candidates the doc has (`catalogue` lists every section of the run).
    pub fn report_unused(&self, catalogue: &[suggest::SectionEntry], sink: &mut Sink) {
        let lists: [(Kind, &[bool]); 5] = [
            (Kind::Operation, &self.used_operations),
            (Kind::Param, &self.used_params),
            (Kind::Enum, &self.used_enums),
            (Kind::Error, &self.used_errors),
            (Kind::Field, &self.used_fields),
        ];
        for (kind, used) in lists {
            for (idx, _) in used.iter().enumerate().filter(|(_, used)| !**used) {
                let (what, scope, subject) = match kind {
                    Kind::Operation => {
                        let o = &self.operations[idx];
                        let what = format!("operation override `{}`", o.matches.get_ref());
                        (what, (&o.doc, Some(o.matches.get_ref().as_str()), &o.section), None)
                    }
                    Kind::Param => {
                        let o = &self.params[idx];
                        let what = format!("parameter override `{}` on `{}`", o.name, o.matches.get_ref());
                        (
                            what,
                            (&o.doc, Some(o.matches.get_ref().as_str()), &o.section),
                            Some(("name", o.name.as_str())),
                        )
                    }
                    Kind::Enum => {
                        let o = &self.enums[idx];
                        let what = format!("enum override `{}` on `{}`", o.param, o.matches.get_ref());
                        (
                            what,
                            (&o.doc, Some(o.matches.get_ref().as_str()), &o.section),
                            Some(("param", o.param.as_str())),
                        )
                    }
                    Kind::Error => {
                        let o = &self.errors[idx];
                        let what = format!("error override `{}`", o.message.get_ref());
                        (
                            what,
                            (&o.doc, o.matches.as_deref(), &o.section),
                            Some(("message", o.message.get_ref().as_str())),
                        )
                    }
                    Kind::Field => {
                        let o = &self.fields[idx];
                        let what = format!("field override `{}` on `{}`", o.field, o.matches.get_ref());
                        (
                            what,
                            (&o.doc, Some(o.matches.get_ref().as_str()), &o.section),
                            Some(("field", o.field.as_str())),
                        )
                    }
                    Kind::Allow => continue,
                };
                let (doc, matches, section) = scope;
                let failure = failed_selector(catalogue, doc, matches, section, subject).unwrap_or_else(|| Unmatched {
                    key: "match",
                    reason: "nothing it selects needs what it changes".to_owned(),
                    label: "this override".to_owned(),
                    help: "fix the override to match what the doc writes (as `cargo xtask ir` prints it), or delete it"
                        .to_owned(),
                });
                sink.push(
                    Diagnostic::error(
                        Code::OverrideUnmatched,
                        self.key_span(kind, idx, failure.key),
                        format!("{what} matches nothing: {}", failure.reason),
                    )
                    .with_label(failure.label)
                    .with_help(failure.help),
                );
            }
        }
    }
}

/// Which key of an override selected nothing, and what to say about it.
pub struct Unmatched {
    /// The key to point at (`doc`, `match`, `section`, `name`, `param`, `field`, `message`).
    pub key: &'static str,
    /// Why, after `matches nothing: `.
    pub reason: String,
    pub label: String,
    pub help: String,
}

/// Walks an override's selector from the broadest key to the narrowest and reports the first that selects
/// nothing: `doc`, `match`, `section`, then the subject (`subject` is the key's name and value); `None` when each
/// selects something.
pub fn failed_selector(
    catalogue: &[suggest::SectionEntry],
    doc: &Option<String>,
    matches: Option<&str>,
    section: &Option<String>,
    subject: Option<(&'static str, &str)>,
) -> Option<Unmatched> {
    let in_doc: Vec<&suggest::SectionEntry> =
        catalogue.iter().filter(|entry| doc.as_ref().is_none_or(|d| file_matches(d, &entry.file_name))).collect();
    if let Some(doc) = doc {
        if in_doc.is_empty() {
            let mut files: Vec<&str> = catalogue.iter().map(|e| e.file_name.as_str()).collect();
            files.dedup();
            return Some(Unmatched {
                key: "doc",
                reason: format!("no spec file is named `{doc}`"),
                label: "no such spec file".to_owned(),
                help: suggest::help(
                    suggest::did_you_mean(doc, &files),
                    Some(format!("the spec files are: {}", suggest::listing(&files))),
                ),
            });
        }
    }
    let mut selected: Vec<&suggest::SectionEntry> = in_doc.clone();
    if let Some(matches) = matches {
        let wanted = matches.trim();
        selected.retain(|entry| {
            wanted
                .split_once(char::is_whitespace)
                .is_some_and(|(method, path)| method.eq_ignore_ascii_case(&entry.method) && path.trim() == entry.path)
        });
        if selected.is_empty() {
            let keys: Vec<String> = in_doc.iter().map(|e| e.key()).collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            // A path that differs only in case (`{serverId}` for `{serverid}`) is the likeliest slip: look at the
            // paths alone too, whatever the method.
            let path = wanted.split_once(char::is_whitespace).map_or(wanted, |(_, p)| p.trim());
            let same_path: Vec<&str> = keys
                .iter()
                .copied()
                .filter(|k| k.split_once(' ').is_some_and(|(_, p)| p.eq_ignore_ascii_case(path)))
                .collect();
            let suggestion = if same_path.is_empty() {
                suggest::did_you_mean(wanted, &keys)
            } else {
                let listed: Vec<String> = same_path.iter().map(|k| format!("`{k}`")).collect();
                Some(format!("did you mean {}? (the path differs only in case)", listed.join(" or ")))
            };
            return Some(Unmatched {
                key: "match",
                reason: format!("no section is `{wanted}`"),
                label: "no section has this method and path".to_owned(),
                help: suggestion
                    .unwrap_or_else(|| "`match` is `METHOD /path` as `cargo xtask ir` prints them".to_owned()),
            });
        }
    }
    if let Some(wanted) = section {
        let before = selected.clone();
        selected.retain(|entry| entry.title.contains(wanted.as_str()) || entry.anchor.as_deref() == Some(wanted));
        if selected.is_empty() {
            let names: Vec<String> = before
                .iter()
                .map(|e| match &e.anchor {
                    Some(anchor) => format!("{} (anchor {anchor})", e.title),
                    None => e.title.clone(),
                })
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let titles: Vec<&str> = before.iter().map(|e| e.title.as_str()).collect();
            return Some(Unmatched {
                key: "section",
                reason: format!("no selected section is titled or anchored `{wanted}`"),
                label: "no such title or anchor".to_owned(),
                help: suggest::help(
                    suggest::did_you_mean(wanted, &titles),
                    Some(format!("the selected sections are: {}", suggest::listing(&names))),
                ),
            });
        }
    }
    let where_ = match (matches, selected.as_slice()) {
        (Some(m), _) => format!("`{}`", m.trim()),
        (None, [one]) => format!("`{}`", one.key()),
        (None, _) => "the doc".to_owned(),
    };
    if let Some((key, wanted)) = subject {
        let (noun, has): (&str, Vec<&str>) = match key {
            "field" => ("response field", selected.iter().flat_map(|e| e.fields.iter().map(String::as_str)).collect()),
            "message" => {
                ("error message", selected.iter().flat_map(|e| e.messages.iter().map(String::as_str)).collect())
            }
            _ => ("parameter", selected.iter().flat_map(|e| e.params.iter().map(String::as_str)).collect()),
        };
        let wanted = wanted.trim();
        if !has.contains(&wanted) {
            let mut unique: Vec<&str> = Vec::new();
            for item in has {
                if !unique.contains(&item) {
                    unique.push(item);
                }
            }
            return Some(Unmatched {
                key,
                reason: format!("{where_} has no {noun} `{wanted}`"),
                label: format!("no such {noun} there"),
                help: suggest::help(
                    suggest::did_you_mean(wanted, &unique),
                    Some(if unique.is_empty() {
                        format!("{where_} has no {noun}s")
                    } else {
                        format!("{where_} has: {}", suggest::listing(&unique))
                    }),
                ),
            });
        }
    }
    None
}

/// Whether an override's `doc` names a spec file (by its base name or its whole name).
pub fn file_matches(doc: &str, file_name: &str) -> bool {
    let base = file_name.rsplit('/').next().unwrap_or(file_name);
    doc == base || doc == file_name
}

/// What an override names: its `doc`, `match` and `section` keys.
pub struct Scope<'a> {
    pub doc: &'a Option<String>,
    pub matches: &'a str,
    pub section: &'a Option<String>,
}

/// A section as overrides see it: what the doc writes.
pub struct Target<'a> {
    pub file_name: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub title: &'a str,
    pub anchor: Option<&'a str>,
}

/// Whether an override's scope selects a section.
pub fn selects(scope: &Scope, target: &Target) -> bool {
    if let Some(doc) = scope.doc {
        let base = target.file_name.rsplit('/').next().unwrap_or(target.file_name);
        if doc != base && doc != target.file_name {
            return false;
        }
    }
    let Some((method, path)) = scope.matches.trim().split_once(char::is_whitespace) else {
        return false;
    };
    if !method.eq_ignore_ascii_case(target.method) || path.trim() != target.path {
        return false;
    }
    match scope.section {
        Some(section) => target.title.contains(section.as_str()) || target.anchor == Some(section.as_str()),
        None => true,
    }
}
