//! `[[field]]` overrides correct a response field before object types are built (`types.rs`): its type (a type
//! word, an existing enum of the doc by name, or a new enum from options), its required flag and its Rust name.
//! Types are built from the corrected shapes, so two fields that an override makes different get different types.

use std::collections::BTreeMap;

use super::enums::{enum_type_name, name_variants, EnumNames};
use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, Provenance, Type};
use crate::lower::response::{field_at_mut, ShapeKind};
use crate::lower::types;
use crate::lower::DocDraft;
use crate::naming;
use crate::overrides::{suggest, Kind, Overrides};
use crate::source::SourceFile;

/// Every enum type of the doc's parameters, by name, with its options (variant names settled by `enums.rs`) and
/// how its name was chosen.
fn param_enums(doc: &DocDraft) -> BTreeMap<String, (Vec<EnumOption>, Provenance)> {
    fn collect(ty: &Type, out: &mut BTreeMap<String, (Vec<EnumOption>, Provenance)>) {
        match ty {
            Type::Enum { name, options, provenance } => {
                out.entry(name.clone()).or_insert_with(|| (options.clone(), provenance.clone()));
            }
            Type::Array { items } => collect(items, out),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for draft in &doc.drafts {
        for param in &draft.op.params {
            collect(&param.ty, &mut out);
        }
    }
    out
}

pub(super) fn apply_field_overrides(
    file: &SourceFile,
    doc: &mut DocDraft,
    enums: &mut EnumNames,
    overrides: &mut Overrides,
    sink: &mut Sink,
) {
    let known_enums = param_enums(doc);
    for idx in 0..overrides.fields.len() {
        let o = overrides.fields[idx].clone();
        let keys: Vec<&str> = o.field.split('.').map(str::trim).collect();
        for draft in doc.drafts.iter_mut() {
            if !selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section) {
                continue;
            }
            let op_pascal = naming::pascal(&draft.op.name).unwrap_or_default();
            let title_span = draft.title_span;
            let Some(field) = draft.result_shape.as_mut().and_then(|shape| field_at_mut(shape, &keys)) else {
                continue;
            };
            overrides.mark_used(Kind::Field, idx);
            let provenance = overrides.provenance(Kind::Field, idx);
            let is_list =
                matches!(field.shape.kind, ShapeKind::Array(_)) || field.table_type.as_ref().is_some_and(|w| w.array);
            let list_of = |ty: Type| if is_list { Type::Array { items: Box::new(ty) } } else { ty };
            let mut changes = Vec::new();
            let mut redundant = Vec::new();
            if let Some(word) = &o.type_word {
                let parsed = types::type_word(word);
                if field.table_type.as_ref().is_some_and(|w| w.base == parsed.base && w.array == parsed.array) {
                    redundant.push("type");
                }
                field.table_type = Some(parsed);
                field.provenance.ty = provenance.clone();
                changes.push(format!("type `{word}`"));
            }
            if let Some(required) = o.required {
                if field.required == required {
                    redundant.push("required");
                }
                field.required = required;
                field.provenance.required = provenance.clone();
                // The maintainer's word beats the examples: an example that elides or lacks the member no longer
                // makes it optional (`check/types.rs` requires the table's word and every example otherwise).
                if required {
                    field.in_every_example = true;
                    field.missing_at = None;
                }
                changes.push(format!("required = {required}"));
            }
            if let Some(rust) = &o.rust_name {
                if naming::snake(rust).as_deref() != Some(rust.as_str()) {
                    sink.push(
                        Diagnostic::error(
                            Code::InvalidOverrides,
                            overrides.key_span(Kind::Field, idx, "rust_name"),
                            format!("`{rust}` is not a snake_case Rust field name"),
                        )
                        .with_label("this name")
                        .with_help(match naming::snake(rust) {
                            Some(snake) => format!("did you mean `{snake}`?"),
                            None => "use letters, digits and `_`, starting with a letter".to_owned(),
                        }),
                    );
                } else {
                    if naming::snake(&field.wire).as_deref() == Some(rust.as_str()) {
                        redundant.push("rust_name");
                    }
                    field.forced.rust = Some(rust.clone());
                    field.provenance.rust_name = provenance.clone();
                    changes.push(format!("Rust name `{rust}`"));
                }
            }
            if let Some(name) = &o.enum_type {
                match known_enums.get(name) {
                    Some((options, name_provenance)) => {
                        // The existing enum keeps how its name and options were chosen; the override chose the
                        // field's type.
                        let ty = Type::Enum {
                            name: name.clone(),
                            options: options.clone(),
                            provenance: name_provenance.clone(),
                        };
                        field.forced.ty = Some(list_of(ty));
                        field.provenance.ty = provenance.clone();
                        changes.push(format!("enum `{name}`"));
                    }
                    None => {
                        let names: Vec<&str> = known_enums.keys().map(String::as_str).collect();
                        sink.push(
                            Diagnostic::error(
                                Code::OverrideUnmatched,
                                overrides.key_span(Kind::Field, idx, "enum"),
                                format!(
                                    "field override `{}` names the enum `{name}`, which the doc does not have",
                                    o.field
                                ),
                            )
                            .with_label("no such enum type")
                            .with_help(suggest::help(
                                suggest::did_you_mean(name, &names),
                                Some(format!("the doc's enum types are: {}", suggest::listing(&names))),
                            )),
                        );
                    }
                }
            }
            if let Some(values) = &o.options {
                let mut options: Vec<EnumOption> = values
                    .iter()
                    .map(|w| EnumOption {
                        wire: w.clone(),
                        rust: String::new(),
                        description: String::new(),
                        provenance: provenance.clone(),
                    })
                    .collect();
                name_variants(&mut options, &BTreeMap::new());
                let last = keys.last().copied().unwrap_or("value");
                let base =
                    o.type_name.clone().unwrap_or_else(|| naming::pascal(last).unwrap_or_else(|| "Value".to_owned()));
                let fixed = o.type_name.is_some().then(|| provenance.clone());
                let (name, name_provenance) =
                    enum_type_name(enums, |_| false, &base, &op_pascal, values.clone(), fixed);
                changes.push(format!("enum `{name}`"));
                field.forced.ty = Some(list_of(Type::Enum { name, options, provenance: name_provenance }));
                field.provenance.ty = provenance.clone();
            }
            if !changes.is_empty() {
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Field, idx),
                        format!("override applied to response field `{}`: {}", o.field, changes.join(", ")),
                    )
                    .with_label("this override")
                    .with_secondary(title_span, "in this section"),
                );
            }
            if let Some(first) = redundant.first() {
                let keys: Vec<String> = redundant.iter().map(|k| format!("`{k}`")).collect();
                let all = redundant.len() == changes.len();
                sink.push(
                    Diagnostic::warning(
                        Code::OverrideRedundant,
                        overrides.key_span(Kind::Field, idx, first),
                        format!("field override `{}` is redundant: the doc already says {}", o.field, keys.join(", ")),
                    )
                    .with_label("changes nothing")
                    .with_secondary(title_span, "in this section")
                    .with_help(if all {
                        "delete this override".to_owned()
                    } else {
                        format!("delete {} from this override", keys.join(", "))
                    }),
                );
            }
        }
    }
}
