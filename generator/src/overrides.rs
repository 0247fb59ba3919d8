//! `spec/overrides.toml`: maintainers' corrections to the doc, applied without editing the doc.
//!
//! Overrides are keyed by what the doc writes (the method and path of a section, a parameter's wire name), never
//! by generated names. Every override that applies is reported as a note; one that matches nothing is an error,
//! so a stale override cannot linger after the doc changes.
//!
//! ```toml
//! [[operation]]
//! match = "POST /v1/openstack/server/created"   # METHOD and path as the IR writes it
//! name = "create_server_from_instance"          # the operation's name
//! idempotent = false                            # mark a GET that changes state (never retried)
//! keep = true                                   # this section wins a duplicate method+path contest
//! section = "主机重启"                           # with several sections on one match: which (title or anchor)
//!
//! [[param]]
//! match = "POST /v1/openstack/server/list"
//! name = "serverstatus"                         # the parameter's wire name
//! type = "String"                               # a type word, as the doc would write it
//! location = "query"                            # path, query or body
//! required = true
//! options = ["ACTIVE", "SHUTOFF"]               # enum options the doc forgot
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
//! ```
//!
//! For an RPC-style section (several sections on one script URL), `match` is `POST /path` and `section` picks
//! the section by its title or anchor.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{OverrideId, Provenance};
use crate::source::{FileId, SourceFile, Span};

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
    /// The overrides file's name and line index, for [`Overrides::provenance`] (set by [`Overrides::located_in`]).
    source: Option<SourceFile>,
    /// `used[kind][idx]`: whether override `idx` of that kind applied somewhere.
    used_operations: Vec<bool>,
    used_params: Vec<bool>,
    used_enums: Vec<bool>,
    used_errors: Vec<bool>,
}

/// Which list an override belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Operation,
    Param,
    Enum,
    Error,
}

impl Overrides {
    /// Parses the overrides file; a syntax error is reported and yields no overrides.
    pub fn parse(file: FileId, text: &str, sink: &mut Sink) -> Overrides {
        match toml::from_str::<File>(text) {
            Ok(parsed) => Overrides {
                file: Some(file),
                used_operations: vec![false; parsed.operation.len()],
                used_params: vec![false; parsed.param.len()],
                used_enums: vec![false; parsed.enums.len()],
                used_errors: vec![false; parsed.error.len()],
                operations: parsed.operation,
                params: parsed.param,
                enums: parsed.enums,
                errors: parsed.error,
                source: None,
            },
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

    /// The span of an override's `match` value.
    pub fn span(&self, kind: Kind, idx: usize) -> Span {
        let file = self.file.unwrap_or(0);
        let range = match kind {
            Kind::Operation => self.operations[idx].matches.span(),
            Kind::Param => self.params[idx].matches.span(),
            Kind::Enum => self.enums[idx].matches.span(),
            Kind::Error => self.errors[idx].message.span(),
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
        let (file, line) = match &self.source {
            Some(source) => (source.name.clone(), source.loc(span.start).line),
            None => (String::new(), 0),
        };
        let table = match kind {
            Kind::Operation => "operation",
            Kind::Param => "param",
            Kind::Enum => "enum",
            Kind::Error => "error",
        };
        Provenance::Override { override_: OverrideId { file, table: table.to_owned(), index: idx + 1, line } }
    }

    pub fn mark_used(&mut self, kind: Kind, idx: usize) {
        match kind {
            Kind::Operation => self.used_operations[idx] = true,
            Kind::Param => self.used_params[idx] = true,
            Kind::Enum => self.used_enums[idx] = true,
            Kind::Error => self.used_errors[idx] = true,
        }
    }

    /// Reports every override that matched nothing, as an error.
    pub fn report_unused(&self, sink: &mut Sink) {
        let lists: [(Kind, &[bool]); 4] = [
            (Kind::Operation, &self.used_operations),
            (Kind::Param, &self.used_params),
            (Kind::Enum, &self.used_enums),
            (Kind::Error, &self.used_errors),
        ];
        for (kind, used) in lists {
            for (idx, _) in used.iter().enumerate().filter(|(_, used)| !**used) {
                let what = match kind {
                    Kind::Operation => format!("operation override `{}`", self.operations[idx].matches.get_ref()),
                    Kind::Param => format!(
                        "parameter override `{}` on `{}`",
                        self.params[idx].name,
                        self.params[idx].matches.get_ref()
                    ),
                    Kind::Enum => {
                        format!("enum override `{}` on `{}`", self.enums[idx].param, self.enums[idx].matches.get_ref())
                    }
                    Kind::Error => format!("error override `{}`", self.errors[idx].message.get_ref()),
                };
                sink.push(
                    Diagnostic::error(Code::OverrideUnmatched, self.span(kind, idx), format!("{what} matches nothing in the spec"))
                        .with_label("no section, parameter or value of the doc has this")
                        .with_help("fix the override to match what the doc writes (`METHOD /path` as `cargo xtask ir` prints it), or delete it"),
                );
            }
        }
    }
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
