//! A string response field whose values are a documented enum of the same doc takes that enum type (rule
//! `field-enum-from-param`), after the `[[field]]` overrides (which win) and before object types are built.
//!
//! The doc documents an enum's options once, on a request parameter (`status` of `list_servers`: `ACTIVE`,
//! `SHUTOFF`, ...), and its responses then carry the same values in a field of the same name without repeating
//! them. A field takes the enum of a parameter with its wire name (compared without case) when:
//! - the parameter belongs to the field's own operation (the list filter and the listed items' field), or
//! - otherwise, exactly one enum type of the doc's parameters with that name lists the field's example values;
//!
//! and, either way, every value the doc's examples show for the field is one of the enum's options: an enum its
//! own examples contradict (`ACTIVED`, `bare` for `BARE`) would be a promise the OpenAPI document breaks, so such a
//! field stays a string, with a note saying which value and how a `[[field]]` override types it anyway.
//!
//! Only the result's fields and those of the objects directly in it (the listed items of `entites`) qualify:
//! deeper objects are other things, with values of their own (a listed server's `flavor.status`).
//! And only a single string field that nothing else types qualifies: its table says `String` (or an enum word
//! without options, or nothing) and its example, if any, is a string. Each decision is a note that names the
//! parameter; a `[[field]]` override wins, and one with a `type` undoes it.

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

/// Whether nothing but a single string is known of the field: no override typed it, its table word (if any) says a
/// string or an enum without options, and its example (if any) is a string.
fn untyped_string(field: &FieldShape) -> bool {
    if field.forced.ty.is_some() {
        return false;
    }
    if let Some(word) = &field.table_type {
        // A word the doc family does not use (a class name) says a string only where the example shows one.
        let unknown_but_string = word.base == Base::Unknown && field.shape.kind == ShapeKind::Str;
        if !word.options.is_empty() || !(matches!(word.base, Base::String | Base::Enum) || unknown_but_string) {
            return false;
        }
    }
    let table_list = field.table_type.as_ref().is_some_and(|w| w.array);
    // A list's values are not collected, so nothing could check them against the enum: only single values.
    !table_list && matches!(field.shape.kind, ShapeKind::Str | ShapeKind::Unknown)
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
        if !untyped_string(field) {
            continue;
        }
        let Some(candidates) = enums.get(&field.wire.to_lowercase()) else { continue };
        let values = &field.example_strings;
        let lists_all = |c: &ParamEnum| values.iter().all(|v| c.options.iter().any(|o| o.wire == *v));
        let (found, by_value) = match candidates.iter().find(|c| c.draft == draft_idx) {
            Some(own) => (own, false),
            None => {
                // Another operation's parameter: only the example's values can say it is the same enum.
                let mut listing = candidates.iter().filter(|c| !values.is_empty() && lists_all(c));
                let Some(first) = listing.next() else { continue };
                if !listing.all(|c| c.name == first.name) {
                    continue;
                }
                (first, true)
            }
        };
        let quotes = if field.source == FieldSource::Table { 0 } else { 2 };
        let span = Span::new(file_id, field.offset, field.offset + field.wire.len() + quotes);
        // An enum the doc's own examples contradict would be a promise the OpenAPI document breaks: the field stays a
        // string, and the note says how a maintainer who knows better types it anyway.
        if let Some(outside) = values.iter().find(|v| !found.options.iter().any(|o| o.wire == **v)) {
            sink.push(
                Diagnostic::note(
                    Code::FieldEnumFromParam,
                    span,
                    format!(
                        "response field `{path}` of `{op}` stays a string: the example's `{outside}` is not one of the \
                         options of `{}`, the enum of the parameter `{}`",
                        found.name, found.param
                    ),
                )
                .with_label(format!("`{outside}` is not an option"))
                .with_help(format!(
                    "a `[[field]]` override with `field = \"{path}\"` and `enum = \"{}\"` types it anyway (a value the \
                     doc does not list then decodes as `{}::Unknown` in Rust)",
                    found.name, found.name
                ))
                .with_field(path.clone()),
            );
            continue;
        }
        let ty = Type::Enum {
            name: found.name.clone(),
            options: found.options.clone(),
            provenance: found.provenance.clone(),
        };
        field.forced.ty = Some(ty);
        field.provenance.ty = Provenance::rule(Rule::FieldEnumFromParam);
        let why = if by_value {
            format!("the parameter `{}`, whose options list every example value", found.param)
        } else {
            format!("the parameter `{}` of the same operation", found.param)
        };
        sink.push(
            Diagnostic::note(
                Code::FieldEnumFromParam,
                span,
                format!("response field `{path}` of `{op}` takes the enum `{}` of {why}", found.name),
            )
            .with_label(format!("`{}`", found.name))
            .with_help(format!(
                "its values decode as `{}`, and a value the doc does not list as `{}::Unknown`; a `[[field]]` override \
                 with `field = \"{path}\"` and a `type` says otherwise",
                found.name, found.name
            ))
            .with_field(path.clone()),
        );
    }
}
