//! A string response field whose values are a documented enum of the same doc takes that enum type (rule
//! `field-enum-from-param`), after the `[[field]]` overrides (which win) and before object types are built.
//!
//! The doc documents an enum's options once, on a request parameter (`status` of `list_servers`: `ACTIVE`,
//! `SHUTOFF`, ...), and its responses then carry the same values in a field of the same name without repeating
//! them. A field takes the enum of a parameter with its wire name (compared without case) when:
//! - the parameter belongs to the field's own operation (the list filter and the listed items' field), or
//! - otherwise, exactly one enum type of the doc's parameters with that name lists the field's example value.
//!
//! Only the result's fields and those of the objects directly in it (the listed items of `entites`) qualify:
//! deeper objects are other things, with values of their own (a listed server's `flavor.status`).
//! And only a field that nothing else types qualifies: its table says `String` (or an enum word without options, or
//! nothing) and its example, if any, is a string. A wrong match costs little, since every generated enum keeps an
//! `Unknown` fallback, so a value the enum does not list still decodes; each decision is a note that names the
//! parameter, and a `[[field]]` override with a `type` undoes it.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, FieldSource, Provenance, Rule, Type};
use crate::lower::response::{object_fields_mut, FieldShape, ShapeKind};
use crate::lower::types::Base;
use crate::lower::DocDraft;
use crate::source::{FileId, Span};

/// An enum type a parameter of the doc has.
#[derive(Clone)]
struct ParamEnum {
    draft: usize,
    param: String,
    name: String,
    options: Vec<EnumOption>,
    provenance: Provenance,
}

/// Every enum-typed parameter of the doc (lists of enums included), by lowercase wire name.
fn param_enums(doc: &DocDraft) -> BTreeMap<String, Vec<ParamEnum>> {
    let mut out: BTreeMap<String, Vec<ParamEnum>> = BTreeMap::new();
    for (draft_idx, draft) in doc.drafts.iter().enumerate() {
        if draft.op.superseded_by.is_some() {
            continue;
        }
        for param in &draft.op.params {
            let ty = match &param.ty {
                Type::Array { items } => items.as_ref(),
                ty => ty,
            };
            if let Type::Enum { name, options, provenance } = ty {
                out.entry(param.wire.to_lowercase()).or_default().push(ParamEnum {
                    draft: draft_idx,
                    param: param.wire.clone(),
                    name: name.clone(),
                    options: options.clone(),
                    provenance: provenance.clone(),
                });
            }
        }
    }
    out
}

/// Whether nothing but a string is known of the field: no override typed it, its table word (if any) says a
/// string or an enum without options, and its example (if any) is a string. Returns whether it is a list.
fn untyped_string(field: &FieldShape) -> Option<bool> {
    if field.forced.ty.is_some() {
        return None;
    }
    if let Some(word) = &field.table_type {
        // A word the doc family does not use (a class name) says a string only where the example shows one.
        let unknown_but_string = word.base == Base::Unknown && field.shape.kind == ShapeKind::Str;
        if !word.options.is_empty() || !(matches!(word.base, Base::String | Base::Enum) || unknown_but_string) {
            return None;
        }
    }
    let table_list = field.table_type.as_ref().is_some_and(|w| w.array);
    match &field.shape.kind {
        ShapeKind::Str | ShapeKind::Unknown => Some(table_list),
        ShapeKind::Array(item) if matches!(item.kind, ShapeKind::Str | ShapeKind::Unknown) => Some(true),
        _ => None,
    }
}

/// Gives every qualifying response field of `doc` its enum type, with a note each.
pub(super) fn type_fields_from_param_enums(doc: &mut DocDraft, sink: &mut Sink) {
    let enums = param_enums(doc);
    if enums.is_empty() {
        return;
    }
    let file_id = doc.file;
    for draft_idx in 0..doc.drafts.len() {
        let draft = &mut doc.drafts[draft_idx];
        if draft.op.superseded_by.is_some() {
            continue;
        }
        let op = draft.op.name.clone();
        if let Some(shape) = draft.result_shape.as_mut() {
            if let Some(fields) = object_fields_mut(shape) {
                visit(fields, "", draft_idx, &op, &enums, file_id, sink);
            }
        }
    }
}

fn visit(
    fields: &mut [FieldShape],
    prefix: &str,
    draft_idx: usize,
    op: &str,
    enums: &BTreeMap<String, Vec<ParamEnum>>,
    file_id: FileId,
    sink: &mut Sink,
) {
    for field in fields.iter_mut() {
        let path = if prefix.is_empty() { field.wire.clone() } else { format!("{prefix}.{}", field.wire) };
        if let Some(children) = object_fields_mut(&mut field.shape) {
            // The result's own fields and those of the objects (or listed objects) directly in it describe what
            // the operation is about; objects nested deeper are other things (a listed server's flavor has a
            // `status` of its own).
            if prefix.is_empty() {
                visit(children, &path, draft_idx, op, enums, file_id, sink);
            }
            continue;
        }
        let Some(is_list) = untyped_string(field) else { continue };
        let Some(candidates) = enums.get(&field.wire.to_lowercase()) else { continue };
        let chosen = match candidates.iter().find(|c| c.draft == draft_idx) {
            Some(own) => Some((own, None)),
            None => field.string_value.as_deref().and_then(|value| {
                let mut listing = candidates.iter().filter(|c| c.options.iter().any(|o| o.wire == value));
                let first = listing.next()?;
                listing.all(|c| c.name == first.name).then_some((first, Some(value)))
            }),
        };
        let Some((found, by_value)) = chosen else { continue };
        let ty = Type::Enum {
            name: found.name.clone(),
            options: found.options.clone(),
            provenance: found.provenance.clone(),
        };
        field.forced.ty = Some(if is_list { Type::Array { items: Box::new(ty) } } else { ty });
        field.provenance.ty = Provenance::rule(Rule::FieldEnumFromParam);
        let why = match by_value {
            None => format!("the parameter `{}` of the same operation", found.param),
            Some(value) => format!("the parameter `{}`, whose options list the example's `{value}`", found.param),
        };
        let outside: Vec<&str> = field
            .string_value
            .as_deref()
            .filter(|value| !found.options.iter().any(|o| o.wire == *value))
            .into_iter()
            .collect();
        let quotes = if field.source == FieldSource::Table { 0 } else { 2 };
        let mut help = format!(
            "its values decode as `{}`, and a value the doc does not list as `{}::Unknown`; a `[[field]]` override with \
             `field = \"{path}\"` and a `type` says otherwise",
            found.name, found.name
        );
        if let Some(value) = outside.first() {
            help.push_str(&format!("; the example's `{value}` is not among the options"));
        }
        sink.push(
            Diagnostic::note(
                Code::FieldEnumFromParam,
                Span::new(file_id, field.offset, field.offset + field.wire.len() + quotes),
                format!("response field `{path}` of `{op}` takes the enum `{}` of {why}", found.name),
            )
            .with_label(format!("`{}`", found.name))
            .with_help(help)
            .with_field(path.clone()),
        );
    }
}
