//! The provenance report: every fact of the IR with where it came from, and the diagnostics that touched it.
//!
//! It reads the IR after `check` (and the diagnostics of the same run) and nothing else; `cargo xtask report`
//! prints it as text, JSON or one HTML page. A fact is one decision about one item (see `ir.rs`, "Provenance"):
//!
//! - an operation: its `name`, `method`, `idempotent` flag (whether the client may send it twice, with the rule
//!   that read the doc's words, or the override), `headers` (the header list as documented or overridden) and
//!   `auth` (the credential headers the client sends and OpenAPI's `security` names: `emit::credentials`, the
//!   emitters' own decision, with the rule that named the access token where the section names none);
//! - a parameter: its `type`, `required` flag, `default`, `location`, `description`, `sensitive` flag and
//!   `encoding` (how a list travels), and for an enum its type's name (`enum-name`);
//! - a response field (of a named object type): its `type`, `required` flag (the decision, which both emitters
//!   follow) and Rust name (`rust-name`), and for an enum `enum-name`;
//! - an enum option, at each parameter or field whose enum lists it: the `option` (wire value and variant);
//! - a documented error: the `name` of its variant.
//!
//! A diagnostic touches the items at its locations: an override's note (`override-applied`, or
//! `override-redundant`) touches the facts that override set (it points at one of the entry's keys, between the
//! lines [`ir::OverrideId::lines`] records); any other diagnostic
//! touches the item whose location (`loc`) is exactly one of its locations, or else the nearest item before it in
//! the same section and within one table row, or else the section's operations. Of a touched item, a diagnostic
//! whose code speaks of one aspect (`required-false` of `required`) touches that fact; any other touches the item's
//! first fact (an operation's `name`, a parameter's or field's `type`, an error's `name`). Diagnostics are in the
//! JSON form of `--message-format json` (`diagnostics::json`), so an acknowledged warning says `"allowed": true`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostics::json::diagnostic_value;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, Api, Doc, Loc, Provenance, ProvenanceClass, Type};
use crate::source::{SourceFile, Span};

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Operation,
    Parameter,
    Field,
    EnumOption,
    Error,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] =
        [ItemKind::Operation, ItemKind::Parameter, ItemKind::Field, ItemKind::EnumOption, ItemKind::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Operation => "operation",
            ItemKind::Parameter => "parameter",
            ItemKind::Field => "field",
            ItemKind::EnumOption => "enum-option",
            ItemKind::Error => "error",
        }
    }
}

/// One fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub item: ItemKind,
    /// The operations the fact belongs to (a field of a type shared by two operations belongs to both).
    pub operations: Vec<String>,
    /// What the item is: `list_servers`, `list_servers.status`, `ListServersResult.total`,
    /// `list_servers.status = ACTIVE`, `create_server 406 flavor not exists`.
    pub subject: String,
    /// Which decision about the item: `name`, `method`, `idempotent`, `headers`, `auth`, `type`, `required`, `default`,
    /// `location`, `description`, `sensitive`, `encoding`, `rust-name`, `enum-name`, `option`.
    pub aspect: String,
    /// What was decided, as text (`POST`, `Long`, `true`, `ACTIVE → Active`).
    pub value: String,
    pub provenance: Provenance,
    /// The decision in words where there is more to say than the provenance: for `idempotent`, the rule's sentence
    /// naming the doc's word; for `auth`, where each header came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Where the item is in the doc (an enum option: where its parameter or field is).
    pub line: u32,
    pub column: u32,
    /// The diagnostics that touched the fact, in the JSON form of diagnostics.
    pub diagnostics: Vec<Value>,
}

/// Counts of facts by provenance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub operations: usize,
    pub facts: usize,
    /// `table` and `table+example`.
    pub read: usize,
    /// `example`, `rule` and `default`.
    pub inferred: usize,
    /// `override`.
    pub overridden: usize,
    /// By kind: `table`, `example`, `table+example`, `rule`, `override`, `default`.
    pub by_kind: BTreeMap<String, usize>,
    /// By item: `operation`, `parameter`, `field`, `enum-option`, `error`.
    pub by_item: BTreeMap<String, usize>,
    /// By rule id, for `rule` facts.
    pub by_rule: BTreeMap<String, usize>,
    /// By override label, for `override` facts.
    pub by_override: BTreeMap<String, usize>,
    /// How many operations rest on at least one guess.
    pub guessed_operations: usize,
}

/// An operation with facts that rest on guesses (a rule decided them, or only an example shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guess {
    pub operation: String,
    /// The section's title as the doc writes it.
    pub title: String,
    pub line: u32,
    /// Each guessed fact: `subject aspect: provenance` (`list_servers.serverstatus type: rule enum-without-...`).
    pub facts: Vec<String>,
}

/// One doc's part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocReport {
    pub file: String,
    pub module: String,
    pub summary: Summary,
    pub guesses: Vec<Guess>,
    pub facts: Vec<Fact>,
    /// Diagnostics of the doc that touched no fact (a file-level defect, a table no section reads).
    pub other_diagnostics: Vec<Value>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub summary: Summary,
    pub docs: Vec<DocReport>,
}

impl Report {
    /// The report as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Plain data with string keys always serializes.
        let mut out = serde_json::to_string_pretty(self).expect("the report is plain serializable data");
        out.push('\n');
        out
    }
}

/// The report of one run: its IR, its diagnostics, and the files they point into.
pub fn report(api: &Api, diagnostics: &[Diagnostic], files: &[SourceFile]) -> Report {
    let mut docs: Vec<DocReport> = api.docs.iter().map(doc_facts).collect();
    for diagnostic in diagnostics {
        attach(&mut docs, diagnostic, files);
    }
    for (doc_report, doc) in docs.iter_mut().zip(&api.docs) {
        doc_report.guesses = guesses(doc, &doc_report.facts);
        doc_report.summary = summary(doc.operations.len(), &doc_report.facts, doc_report.guesses.len());
    }
    let operations = docs.iter().map(|d| d.summary.operations).sum();
    let guessed = docs.iter().map(|d| d.summary.guessed_operations).sum();
    let total = summary(operations, docs.iter().flat_map(|d| &d.facts), guessed);
    Report { summary: total, docs }
}

fn type_text(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Integer => "Integer".into(),
        Type::Long => "Long".into(),
        Type::Int32 => "int32".into(),
        Type::Number => "Number".into(),
        Type::Boolean => "Boolean".into(),
        Type::Any => "any".into(),
        Type::Enum { name, .. } => format!("enum {name}"),
        Type::Object { name } => format!("object {name}"),
        Type::Array { items } => format!("list of {}", type_text(items)),
    }
}

/// A description as a fact's value: its first line, at most 40 characters, or `none`.
fn description_text(description: &str) -> String {
    let first = description.lines().next().unwrap_or("").trim();
    match first.char_indices().nth(40) {
        _ if first.is_empty() => "none".to_owned(),
        Some((cut, _)) => format!("{}…", &first[..cut]),
        None if description.trim() != first => format!("{first}…"),
        None => first.to_owned(),
    }
}

fn enum_options(ty: &Type) -> &[ir::EnumOption] {
    match ty {
        Type::Enum { options, .. } => options,
        Type::Array { items } => enum_options(items),
        _ => &[],
    }
}

/// An enum type's name and how it was chosen, for a value whose type is (a list of) an enum.
fn enum_name(ty: &Type) -> Option<(&str, &Provenance)> {
    match ty {
        Type::Enum { name, provenance, .. } => Some((name, provenance)),
        Type::Array { items } => enum_name(items),
        _ => None,
    }
}

/// Every fact of a doc, in document order of its items (operations with their parameters and errors, then the
/// named types' fields).
fn doc_facts(doc: &Doc) -> DocReport {
    let mut facts = Vec::new();
    let fact =
        |item, operations: &[String], subject: String, aspect: &str, value: String, p: &Provenance, loc: Loc| Fact {
            item,
            operations: operations.to_vec(),
            subject,
            aspect: aspect.to_owned(),
            value,
            provenance: p.clone(),
            detail: None,
            line: loc.line,
            column: loc.col,
            diagnostics: Vec::new(),
        };
    let access_token = crate::emit::access_token_header(doc);
    for op in &doc.operations {
        let ops = [op.name.clone()];
        let subject = match &op.superseded_by {
            Some(winner) => format!("{} (superseded by {winner})", op.name),
            None => op.name.clone(),
        };
        let p = &op.provenance;
        facts.push(fact(ItemKind::Operation, &ops, subject.clone(), "name", op.name.clone(), &p.name, op.loc));
        facts.push(fact(
            ItemKind::Operation,
            &ops,
            subject.clone(),
            "method",
            op.method.as_str().into(),
            &p.method,
            op.loc,
        ));
        let idempotent = op.idempotent.to_string();
        let mut idempotent =
            fact(ItemKind::Operation, &ops, subject.clone(), "idempotent", idempotent, &p.idempotent, op.loc);
        idempotent.detail = Some(op.idempotency.rule.clone());
        facts.push(idempotent);
        let headers = op.headers.iter().map(|h| h.name.as_str()).collect::<Vec<_>>().join(", ");
        let headers = if headers.is_empty() { "none".to_owned() } else { headers };
        facts.push(fact(ItemKind::Operation, &ops, subject.clone(), "headers", headers, &p.headers, op.loc));
        // The Rust names; a superseded section is not emitted and has none.
        let or_none = |name: &str| if name.is_empty() { "none".to_owned() } else { name.to_owned() };
        let method = or_none(&op.client_method);
        facts.push(fact(ItemKind::Operation, &ops, subject.clone(), "client-method", method, &p.client_method, op.loc));
        let types = if op.request_type.is_empty() {
            "none".to_owned()
        } else {
            format!("{}, {}", op.request_type, op.error_type)
        };
        facts.push(fact(ItemKind::Operation, &ops, subject.clone(), "rust-types", types, &p.rust_types, op.loc));
        let stream = or_none(op.stream_method.as_deref().unwrap_or_default());
        facts.push(fact(ItemKind::Operation, &ops, subject.clone(), "stream-method", stream, &p.stream_method, op.loc));
        let credentials = crate::emit::credentials(op, &access_token);
        let names = credentials.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
        let provenance = crate::emit::credentials_provenance(&credentials);
        let mut auth = fact(ItemKind::Operation, &ops, subject, "auth", names, &provenance, op.loc);
        auth.detail = Some(credentials.iter().map(credential_text).collect::<Vec<_>>().join("; "));
        facts.push(auth);
        for param in &op.params {
            let subject = format!("{}.{}", op.name, param.wire);
            let p = &param.provenance;
            let location = match param.location {
                ir::ParamLocation::Path => "path",
                ir::ParamLocation::Query => "query",
                ir::ParamLocation::Body => "body",
            };
            let default = param.default.clone().unwrap_or_else(|| "none".to_owned());
            let kind = ItemKind::Parameter;
            facts.push(fact(kind, &ops, subject.clone(), "type", type_text(&param.ty), &p.ty, param.loc));
            facts.push(fact(
                kind,
                &ops,
                subject.clone(),
                "required",
                param.required.to_string(),
                &p.required,
                param.loc,
            ));
            facts.push(fact(kind, &ops, subject.clone(), "default", default, &p.default, param.loc));
            facts.push(fact(kind, &ops, subject.clone(), "location", location.into(), &p.location, param.loc));
            let description = description_text(&param.description);
            facts.push(fact(kind, &ops, subject.clone(), "description", description, &p.description, param.loc));
            let sensitive = param.sensitive.to_string();
            facts.push(fact(kind, &ops, subject.clone(), "sensitive", sensitive, &p.sensitive, param.loc));
            // Every parameter has one (a scalar is one key either way); an override can change it on a list only.
            let encoding = param.encoding.as_str().to_owned();
            facts.push(fact(kind, &ops, subject.clone(), "encoding", encoding, &p.encoding, param.loc));
            // A body parameter bound to the path has the path parameter's field; its own name is not emitted.
            let rust = if param.bound_to_path.is_some() { "none".to_owned() } else { param.rust.clone() };
            facts.push(fact(kind, &ops, subject.clone(), "rust-name", rust, &p.rust_name, param.loc));
            if let Some((name, provenance)) = enum_name(&param.ty) {
                facts.push(fact(kind, &ops, subject.clone(), "enum-name", name.to_owned(), provenance, param.loc));
            }
            for option in enum_options(&param.ty) {
                let value = format!("{} → {}", option.wire, option.rust);
                let subject = format!("{subject} = {}", option.wire);
                facts.push(fact(ItemKind::EnumOption, &ops, subject, "option", value, &option.provenance, param.loc));
            }
        }
        for error in &op.errors {
            let subject = format!("{} {} {}", op.name, error.status, error.message.trim());
            facts.push(fact(ItemKind::Error, &ops, subject, "name", error.rust.clone(), &error.provenance, error.loc));
        }
    }
    for type_def in &doc.types {
        for field in &type_def.fields {
            let subject = format!("{}.{}", type_def.name, field.wire);
            let (ops, p) = (&type_def.used_by, &field.provenance);
            facts.push(fact(ItemKind::Field, ops, subject.clone(), "type", type_text(&field.ty), &p.ty, field.loc));
            facts.push(fact(
                ItemKind::Field,
                ops,
                subject.clone(),
                "required",
                field.required.to_string(),
                &p.required,
                field.loc,
            ));
            facts.push(fact(
                ItemKind::Field,
                ops,
                subject.clone(),
                "rust-name",
                field.rust.clone(),
                &p.rust_name,
                field.loc,
            ));
            if let Some((name, provenance)) = enum_name(&field.ty) {
                facts.push(fact(
                    ItemKind::Field,
                    ops,
                    subject.clone(),
                    "enum-name",
                    name.to_owned(),
                    provenance,
                    field.loc,
                ));
            }
            for option in enum_options(&field.ty) {
                let value = format!("{} → {}", option.wire, option.rust);
                let subject = format!("{subject} = {}", option.wire);
                facts.push(fact(ItemKind::EnumOption, ops, subject, "option", value, &option.provenance, field.loc));
            }
        }
    }
    DocReport {
        file: doc.file.clone(),
        module: doc.module.clone(),
        summary: Summary::default(),
        guesses: Vec::new(),
        facts,
        other_diagnostics: Vec::new(),
    }
}

/// One credential of an `auth` fact: its header, what it carries and where it came from.
fn credential_text(credential: &crate::emit::Credential<'_>) -> String {
    let carries = match credential.kind {
        ir::HeaderKind::AccessToken => "the access token",
        ir::HeaderKind::SessionToken => "the session token",
        ir::HeaderKind::SessionSecret => "the session secret",
        _ => "HTTP Basic from the session",
    };
    let from = match &credential.provenance {
        Provenance::Table => "from the section's header table".to_owned(),
        Provenance::Rule { rule: ir::Rule::AccessTokenFromDoc } => {
            "the section names none: the name most of the doc's sections use".to_owned()
        }
        Provenance::Rule { rule: ir::Rule::AccessTokenFamilyName } => {
            "no section of the doc names one: the family's name".to_owned()
        }
        other => other.label(),
    };
    format!("{} ({carries}), {from}", credential.name)
}

/// The aspect a diagnostic code speaks of, when it speaks of one.
fn aspect_of(code: Code) -> Option<&'static str> {
    match code {
        Code::RequiredFalse | Code::UnknownRequired | Code::RequiredNotInExample => Some("required"),
        Code::UnknownType
        | Code::EnumWithoutOptions
        | Code::TypeMismatch
        | Code::ExampleValueOutOfRange
        | Code::UntypedField
        | Code::FieldEnumFromParam => Some("type"),
        Code::TitleUrlMismatch | Code::DuplicateEndpoint => Some("name"),
        Code::MissingMethod | Code::RpcSection | Code::UnknownMethod => Some("method"),
        Code::Idempotency => Some("idempotent"),
        Code::UnknownCredentialHeader => Some("auth"),
        _ => None,
    }
}

/// A diagnostic's place in the JSON form of diagnostics: `file`, `line`, `column`, `end_line`, `end_column`.
fn place(files: &[SourceFile], span: Span) -> Option<(String, Loc, Loc)> {
    let file = files.get(span.file)?;
    Some((file.name.clone(), file.loc(span.start), file.loc(span.end)))
}

/// Attaches one diagnostic to the facts it touched (see the module documentation for the rule).
fn attach(docs: &mut [DocReport], diagnostic: &Diagnostic, files: &[SourceFile]) {
    let json = diagnostic_value(files, diagnostic);
    let Some((primary_file, primary, _)) = place(files, diagnostic.span) else { return };
    // An override's note (or the warning that it changes nothing): the facts that override set. The diagnostic
    // points at one of the entry's keys (its `match`, or the key that applied, such as `headers`).
    // One that set no fact (a `keep`, say) falls through to its section, where its secondary label points.
    if matches!(diagnostic.code, Code::OverrideApplied | Code::OverrideRedundant) {
        let mut attached = false;
        for doc in docs.iter_mut() {
            for fact in doc.facts.iter_mut() {
                let set_here = fact
                    .provenance
                    .override_id()
                    .is_some_and(|id| id.file == primary_file && (id.lines[0]..=id.lines[1]).contains(&primary.line));
                if set_here {
                    fact.diagnostics.push(json.clone());
                    attached = true;
                }
            }
        }
        if attached {
            return;
        }
    }
    let spans = std::iter::once(diagnostic.span).chain(diagnostic.secondary.iter().map(|l| l.span));
    let mut touched: Vec<(usize, Loc)> = Vec::new();
    let mut unplaced: Vec<usize> = Vec::new();
    for span in spans {
        let Some((file, at, _)) = place(files, span) else { continue };
        let Some(doc_idx) = docs.iter().position(|d| d.file == file) else { continue };
        match item_at(&docs[doc_idx].facts, at) {
            Some(loc) => touched.push((doc_idx, loc)),
            None => unplaced.push(doc_idx),
        }
    }
    if touched.is_empty() {
        // A diagnostic about no doc at all (only the overrides file) is listed with the first doc, not lost.
        if let Some(doc) = docs.get_mut(unplaced.first().copied().unwrap_or(0)) {
            doc.other_diagnostics.push(json);
        }
        return;
    }
    touched.sort();
    touched.dedup();
    let aspect = aspect_of(diagnostic.code);
    for (doc_idx, loc) in touched {
        let facts_snapshot: Vec<(String, String)> =
            docs[doc_idx].facts.iter().map(|f| (f.subject.clone(), f.aspect.clone())).collect();
        let facts = &mut docs[doc_idx].facts;
        // The facts of the item at `loc`: every item there shares it (an operation, or a parameter and its options).
        // A parameter an override adds sits at its operation's title, which speaks of the operation only.
        let here = |f: &Fact| f.line == loc.line && f.column == loc.col && f.item != ItemKind::EnumOption;
        let operation_here = facts.iter().any(|f| here(f) && f.item == ItemKind::Operation);
        let at_item = |f: &Fact| here(f) && (!operation_here || f.item == ItemKind::Operation);
        // Several items can share a location (the operations of one section); each gets the diagnostic once.
        let mut subjects: Vec<String> = Vec::new();
        for fact in facts.iter_mut().filter(|f| at_item(f)) {
            if subjects.contains(&fact.subject) {
                continue;
            }
            let wanted = aspect.is_some_and(|a| a == fact.aspect);
            let first_of_item = aspect.is_none() || !has_aspect(&facts_snapshot, &fact.subject, aspect);
            if wanted || first_of_item {
                subjects.push(fact.subject.clone());
                fact.diagnostics.push(json.clone());
            }
        }
    }
}

/// Whether the item `subject` has a fact of `aspect`.
fn has_aspect(facts: &[(String, String)], subject: &str, aspect: Option<&str>) -> bool {
    aspect.is_some_and(|a| facts.iter().any(|(s, f)| s == subject && f == a))
}

/// The location of the item a diagnostic location touches: an item there, or else the nearest item before it in
/// the same section within one table row (six lines), or else the section's operation.
fn item_at(facts: &[Fact], at: Loc) -> Option<Loc> {
    let loc = |f: &Fact| Loc { line: f.line, col: f.column };
    let items = facts.iter().filter(|f| f.item != ItemKind::EnumOption);
    if let Some(exact) = items.clone().find(|f| loc(f) == at) {
        return Some(loc(exact));
    }
    let section = items.clone().filter(|f| f.item == ItemKind::Operation && loc(f) <= at).map(loc).max()?;
    let nearest = items.filter(|f| loc(f) >= section && loc(f) <= at).map(loc).max()?;
    if nearest == section || at.line <= nearest.line + 6 {
        Some(nearest)
    } else {
        Some(section)
    }
}

/// The operations of a doc whose facts rest on guesses, in document order.
fn guesses(doc: &Doc, facts: &[Fact]) -> Vec<Guess> {
    doc.operations
        .iter()
        .filter_map(|op| {
            let guessed: Vec<String> = facts
                .iter()
                .filter(|f| f.provenance.is_guess() && f.operations.contains(&op.name))
                .map(|f| format!("{} {}: {}", f.subject, f.aspect, f.provenance.label()))
                .collect();
            let title = match &op.title.en {
                Some(en) => format!("{} ({en})", op.title.zh),
                None => op.title.zh.clone(),
            };
            (!guessed.is_empty()).then(|| Guess {
                operation: op.name.clone(),
                title,
                line: op.loc.line,
                facts: guessed,
            })
        })
        .collect()
}

fn summary<'a>(operations: usize, facts: impl IntoIterator<Item = &'a Fact>, guessed_operations: usize) -> Summary {
    let mut res = Summary { operations, guessed_operations, ..Summary::default() };
    for kind in ["table", "table+example", "example", "rule", "default", "override"] {
        res.by_kind.insert(kind.to_owned(), 0);
    }
    for item in ItemKind::ALL {
        res.by_item.insert(item.as_str().to_owned(), 0);
    }
    for fact in facts {
        res.facts += 1;
        match fact.provenance.class() {
            ProvenanceClass::Read => res.read += 1,
            ProvenanceClass::Inferred => res.inferred += 1,
            ProvenanceClass::Overridden => res.overridden += 1,
        }
        *res.by_kind.entry(fact.provenance.kind().to_owned()).or_default() += 1;
        *res.by_item.entry(fact.item.as_str().to_owned()).or_default() += 1;
        match &fact.provenance {
            Provenance::Rule { rule } => *res.by_rule.entry(rule.as_str().to_owned()).or_default() += 1,
            Provenance::Override { override_ } => *res.by_override.entry(override_.label()).or_default() += 1,
            _ => {}
        }
    }
    res
}

#[cfg(test)]
mod tests;
