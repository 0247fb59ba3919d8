//! Parameter tables: one parameter per row, with its type (enum options from the type word or the description),
//! whether it is required, and its default.

use std::collections::{HashMap, HashSet};

use super::enums;
use super::grid::{align, cell_of, roles_for, split_name_note, Grid, Role, TableKind};
use super::types::{self, Base, Required, TypeWord};
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, Param, ParamLocation, ParamProvenance, Provenance, Rule, Type};
use crate::parse::cell::CellText;
use crate::source::{SourceFile, Span};

/// Reads a parameter table into `out`. Type findings an override can settle (an unknown type word, an enum with no
/// options) go to `deferred`, keyed by the parameter's wire name, and are reported after overrides are applied.
pub(super) fn param_rows<'g>(
    file: &SourceFile,
    grid: &Grid<'g>,
    sink: &mut Sink,
    deferred: &mut Vec<(String, Diagnostic)>,
    out: &mut Vec<(Param, Span, CellText)>,
    seen: &mut HashMap<&'g str, Span>,
) {
    let roles = roles_for(grid, TableKind::Params);
    // Every name in the table, to tell a default that names another parameter from a literal value. A set, and
    // `seen` a map: a table of 100 000 rows is read in linear time, not n². Both are hashed: they are only looked
    // up, never iterated, so no output depends on their order.
    let mut names: HashSet<&str> = HashSet::new();
    if let Some(idx) = roles.iter().position(|r| *r == Role::Name) {
        names.reserve(grid.rows.len());
        names.extend(grid.rows.iter().filter_map(|r| r.get(idx)).map(|c| split_name_note(&c.content.text).0));
    }
    seen.reserve(grid.rows.len());
    out.reserve(grid.rows.len());
    for row in &grid.rows {
        if row.iter().all(|c| c.content.text.is_empty()) {
            continue;
        }
        let aligned = align(file, &roles, row, sink);
        let Some(name_cell) = cell_of(&aligned, Role::Name) else {
            continue;
        };
        let (wire, name_note) = split_name_note(&name_cell.content.text);
        if wire.is_empty() {
            sink.push(
                Diagnostic::warning(Code::MalformedTableRow, name_cell.span, "parameter row has no name")
                    .with_label("empty name")
                    .with_help("the row is skipped"),
            );
            continue;
        }
        if let Some(first_span) = seen.get(wire) {
            sink.push(
                Diagnostic::warning(
                    Code::DuplicateParam,
                    name_cell.span,
                    format!("parameter `{wire}` is listed twice"),
                )
                .with_label("second listing")
                .with_secondary(*first_span, "first listing")
                .with_help("the first listing is used")
                .with_param(wire),
            );
            continue;
        }
        let type_cell = cell_of(&aligned, Role::Type);
        let type_raw = type_cell.map(|c| c.content.text.clone()).unwrap_or_default();
        let word = types::type_word(&type_raw);
        let (required, required_provenance) = match cell_of(&aligned, Role::Required) {
            Some(cell) => match types::required(&cell.content.text) {
                Required::Yes => (true, Provenance::Table),
                Required::No => (false, Provenance::Table),
                Required::False => {
                    sink.push(
                        Diagnostic::warning(
                            Code::RequiredFalse,
                            cell.span,
                            format!("required column of `{wire}` reads `false`"),
                        )
                        .with_label("expected `Yes` or `No`")
                        .with_help("read as `No`: the parameter is optional")
                        .with_param(wire),
                    );
                    (false, Provenance::rule(Rule::RequiredFalseAsNo))
                }
                Required::Unknown => {
                    sink.push(
                        Diagnostic::warning(
                            Code::UnknownRequired,
                            cell.span,
                            format!("required column of `{wire}` reads `{}`", cell.content.text),
                        )
                        .with_label("expected `Yes` or `No`")
                        .with_help("read as `No`: the parameter is optional")
                        .with_param(wire),
                    );
                    (false, Provenance::rule(Rule::RequiredUnknownAsNo))
                }
            },
            None => (false, Provenance::Default),
        };
        let default_cell = cell_of(&aligned, Role::Default);
        let mut default_provenance = if default_cell.is_some() { Provenance::Table } else { Provenance::Default };
        let mut default = default_cell.and_then(|c| types::default_value(&c.content.text));
        let description_cell = cell_of(&aligned, Role::Description).map(|c| c.content.clone()).unwrap_or_default();
        let mut description = description_cell.text.clone();
        if !name_note.is_empty() {
            description =
                if description.is_empty() { name_note.to_owned() } else { format!("{name_note}\n{description}") };
        }
        // A default that names another parameter (`name` for `displayName`) or is free text (`当前时间`) is not a
        // value a client could send: it moves to the description, which keeps what the doc says.
        if let Some(text) =
            default.take_if(|d| (d.as_str() != wire && names.contains(d.as_str())) || !types::is_literal_default(d))
        {
            default_provenance = Provenance::rule(Rule::DefaultNotAValue);
            let line = format!("默认值：{text}");
            description = if description.is_empty() { line } else { format!("{description}\n{line}") };
        }
        // A short row that lost its type cell is reported once, as a malformed row; its type reads as String.
        let type_missing = type_cell.is_none() && roles.contains(&Role::Type);
        let mut findings = Vec::new();
        let (ty, ty_provenance) = param_type(
            wire,
            &word,
            &type_raw,
            type_cell.map_or(name_cell.span, |c| c.span),
            &description_cell,
            &mut findings,
        );
        deferred.extend(
            findings
                .into_iter()
                .filter(|d| !(type_missing && d.code == Code::UnknownType))
                .map(|d| (wire.to_owned(), d)),
        );
        seen.insert(wire, name_cell.span);
        let description_provenance = if description.is_empty() { Provenance::Default } else { Provenance::Table };
        out.push((
            Param {
                rust: crate::naming::snake(wire).unwrap_or_else(|| "param".to_owned()),
                wire: wire.to_owned(),
                location: ParamLocation::Body,
                type_raw,
                ty,
                required,
                default,
                description,
                bound_to_path: None,
                container: Vec::new(),
                provenance: ParamProvenance {
                    ty: ty_provenance,
                    required: required_provenance,
                    default: default_provenance,
                    location: Provenance::Default,
                    description: description_provenance,
                    sensitive: Provenance::Default,
                    encoding: Provenance::Default,
                    rust_name: Provenance::Default,
                },
                sensitive: false,
                encoding: crate::ir::ArrayEncoding::Repeat,
                loc: file.loc(name_cell.span.start),
            },
            name_cell.span,
            description_cell,
        ));
    }
}

/// A parameter's type from its type word and, for enums, the options its description lists, and where it came
/// from.
fn param_type(
    wire: &str,
    word: &TypeWord,
    type_raw: &str,
    type_span: Span,
    description: &CellText,
    findings: &mut Vec<Diagnostic>,
) -> (Type, Provenance) {
    let scalar = |base: Base| match base {
        Base::String | Base::Enum | Base::Unknown => Type::String,
        Base::Integer => Type::Integer,
        Base::Long => Type::Long,
        Base::Int32 => Type::Int32,
        Base::Number => Type::Number,
        Base::Boolean => Type::Boolean,
        Base::Any => Type::Any,
    };
    let mut options: Vec<EnumOption> = if word.options.is_empty() {
        enums::options(description)
            .into_iter()
            .map(|o| EnumOption {
                rust: String::new(),
                wire: o.wire,
                description: o.description,
                provenance: Provenance::Table,
            })
            .collect()
    } else {
        word.options
            .iter()
            .map(|w| EnumOption {
                wire: w.clone(),
                rust: String::new(),
                description: String::new(),
                provenance: Provenance::Table,
            })
            .collect()
    };
    let mut provenance = Provenance::Table;
    if word.base == Base::Unknown {
        provenance = Provenance::rule(Rule::TypeUnknownAsString);
        let shown = if type_raw.is_empty() { "an empty type cell".to_owned() } else { format!("type `{type_raw}`") };
        findings.push(
            Diagnostic::warning(Code::UnknownType, type_span, format!("parameter `{wire}` has {shown}"))
                .with_label(if type_raw.is_empty() { "no type here" } else { "not a type word of this doc family" })
                .with_help("read as String; set `type` in spec/overrides.toml to correct it"),
        );
    }
    let wants_enum =
        word.base == Base::Enum || (matches!(word.base, Base::String | Base::Unknown) && !options.is_empty());
    let base_type = if wants_enum {
        if options.is_empty() {
            let read_as = if word.array { "a list of String" } else { "String" };
            findings.push(
                Diagnostic::warning(
                    Code::EnumWithoutOptions,
                    type_span,
                    format!("enum parameter `{wire}` lists no options"),
                )
                .with_label(format!("typed `{type_raw}`"))
                .with_help(format!("read as {read_as}; list the options in spec/overrides.toml (`options = [...]`)")),
            );
            provenance = Provenance::rule(Rule::EnumWithoutOptionsAsString);
            Type::String
        } else {
            // Options never have a blank wire value.
            options.retain(|o| !o.wire.is_empty());
            Type::Enum { name: String::new(), options, provenance: Provenance::Table }
        }
    } else {
        scalar(word.base)
    };
    if word.array {
        // A list whose type word names no element type (`JSON Array`) takes it from the description's example
        // (`例如[1, 2, 4]`), so that generators type its items.
        let items = match base_type {
            Type::Any => match example_item_type(&description.text) {
                Some(item) => {
                    provenance = Provenance::rule(Rule::ListItemsFromDescription);
                    item
                }
                None => Type::Any,
            },
            other => other,
        };
        (Type::Array { items: Box::new(items) }, provenance)
    } else {
        (base_type, provenance)
    }
}

/// The element type of the first JSON list a description shows as an example (`例如[1, 2, 4]`, `["a", "b"]`),
/// when all its items are of one scalar type.
fn example_item_type(description: &str) -> Option<Type> {
    let mut rest = description;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let Some(close) = after.find(']') else { break };
        if let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(&after[..=close]) {
            let mut types = items.iter().map(|item| match item {
                serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some(Type::Integer),
                serde_json::Value::Number(_) => Some(Type::Number),
                serde_json::Value::String(_) => Some(Type::String),
                serde_json::Value::Bool(_) => Some(Type::Boolean),
                _ => None,
            });
            let first = types.next().flatten()?;
            return types.all(|t| t.as_ref() == Some(&first)).then_some(first);
        }
        rest = &after[1..];
    }
    None
}
