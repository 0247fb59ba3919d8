//! Object types. `<Operation>Result` for the result, the field name (singular for list items) for nested
//! objects, prefixed with the parent when taken by a different shape. Equal shapes share one type. Field names that
//! collide in Rust are numbered (`type_2`) and reported.
//!
//! A field is required only when the field table says so and every example of its object shows it: a client that
//! trusts the table would fail on the doc's own example otherwise. Where the two disagree the field is optional,
//! keeps the table's word in `doc_required`, and the example that lacks it is reported (`required-not-in-example`).
//! An example value that does not fit its field's integer type (a 13-digit timestamp in an `int32` field) is
//! reported too (`example-value-out-of-range`), and the field takes the type that holds it (64 bits), as any other
//! disagreement between a table's type and the example does; a value no 64-bit integer holds is only reported.

use std::collections::{BTreeMap, BTreeSet};

use super::enums::{enum_type_name, name_variants, EnumNames};
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, Field, FieldSource, Provenance, Rule, Type, TypeDef};
use crate::lower::response::{FieldShape, IntWidth, Shape, ShapeKind};
use crate::lower::types::{Base, TypeWord};
use crate::lower::DocDraft;
use crate::naming;
use crate::source::{FileId, SourceFile, Span};

/// Builds the named object types of a doc from the drafts' result shapes.
pub(super) fn build_types(
    file: &SourceFile,
    doc: &mut DocDraft,
    enums: EnumNames,
    operation_types: &BTreeSet<String>,
    sink: &mut Sink,
) -> Vec<TypeDef> {
    // Names an object or enum type must not take: the request and error types, and the prelude's names.
    let mut elsewhere = operation_types.clone();
    elsewhere.extend(naming::reserved().types.iter().cloned());
    let mut builder = TypeBuilder {
        file,
        file_id: doc.file,
        sink,
        enums,
        types: Vec::new(),
        names: BTreeSet::new(),
        elsewhere,
        fingerprints: BTreeMap::new(),
    };
    for draft in doc.drafts.iter_mut() {
        let Some(shape) = draft.result_shape.take() else {
            continue;
        };
        let op_name = draft.op.name.clone();
        let root_name = format!("{}Result", naming::type_stem(&op_name));
        let ty = builder.shape_type(&shape, None, &root_name, &op_name);
        let ty = builder.fit_range(ty, &shape);
        if let Some(response) = draft.op.response.as_mut() {
            response.ty = match ty {
                Type::Any
                    if matches!(shape.kind, ShapeKind::Unknown)
                        && !shape.nullable
                        && response.example.is_some()
                        && !response.enveloped =>
                {
                    None
                }
                ty => Some(ty),
            };
        }
    }
    builder.types
}

struct TypeBuilder<'a> {
    file: &'a SourceFile,
    file_id: FileId,
    sink: &'a mut Sink,
    /// The enum types named so far; object types avoid their names, and equal enums share one.
    enums: EnumNames,
    types: Vec<TypeDef>,
    /// The names in `types`.
    names: BTreeSet<String>,
    /// Type names taken by something that is neither an object nor an enum type.
    elsewhere: BTreeSet<String>,
    /// The structural fingerprint of each type in `types` → its index.
    fingerprints: BTreeMap<String, usize>,
}

impl TypeBuilder<'_> {
    fn shape_type(&mut self, shape: &Shape, word: Option<&TypeWord>, name: &str, op: &str) -> Type {
        if let Some(word) = word {
            if word.array && !matches!(shape.kind, ShapeKind::Array(_)) {
                let item = self.word_scalar(word, &Shape::unknown(shape.offset), name, op);
                return Type::Array { items: Box::new(item) };
            }
            if !word.array {
                return self.word_scalar(word, shape, name, op);
            }
        }
        match &shape.kind {
            ShapeKind::Unknown | ShapeKind::OpaqueObject => Type::Any,
            ShapeKind::Bool => Type::Boolean,
            ShapeKind::Int { width: IntWidth::I32, .. } => Type::Integer,
            ShapeKind::Int { .. } => Type::Long,
            ShapeKind::Number => Type::Number,
            ShapeKind::Str => Type::String,
            ShapeKind::Array(item) => {
                let item_name = if name.ends_with("Result") {
                    format!("{}Item", name.trim_end_matches("Result"))
                } else {
                    name.to_owned()
                };
                Type::Array { items: Box::new(self.shape_type(item, None, &item_name, op)) }
            }
            ShapeKind::Object(fields) => self.object(fields, name, op, shape.offset),
        }
    }

    /// The type a table word names, with the example's shape filling in structure the word lacks.
    fn word_scalar(&mut self, word: &TypeWord, shape: &Shape, name: &str, op: &str) -> Type {
        match word.base {
            Base::String => Type::String,
            Base::Integer => Type::Integer,
            Base::Long => Type::Long,
            Base::Int32 => Type::Int32,
            Base::Number => Type::Number,
            Base::Boolean => Type::Boolean,
            Base::Enum if !word.options.is_empty() => {
                let mut options: Vec<EnumOption> = word
                    .options
                    .iter()
                    .map(|w| EnumOption {
                        wire: w.clone(),
                        rust: String::new(),
                        description: String::new(),
                        provenance: Provenance::Table,
                    })
                    .collect();
                name_variants(&mut options, &BTreeMap::new());
                let (names, elsewhere) = (&self.names, &self.elsewhere);
                let (name, provenance) = enum_type_name(
                    &mut self.enums,
                    |candidate| names.contains(candidate) || elsewhere.contains(candidate),
                    name,
                    &naming::type_stem(op),
                    word.options.clone(),
                    None,
                );
                Type::Enum { name, options, provenance }
            }
            Base::Enum => Type::String,
            Base::Any | Base::Unknown => match &shape.kind {
                ShapeKind::Array(item) => Type::Array { items: Box::new(self.shape_type(item, None, name, op)) },
                _ => self.shape_type(shape, None, name, op),
            },
        }
    }

    fn object(&mut self, fields: &[FieldShape], name: &str, op: &str, offset: usize) -> Type {
        let mut ir_fields = Vec::new();
        // Rust name → index into `fields`, of every field named so far.
        let mut rust_taken: BTreeMap<String, usize> = BTreeMap::new();
        for (field_idx, field) in fields.iter().enumerate() {
            let pascal = naming::pascal(&field.wire).unwrap_or_else(|| "Field".to_owned());
            let is_list =
                matches!(field.shape.kind, ShapeKind::Array(_)) || field.table_type.as_ref().is_some_and(|w| w.array);
            let child_name =
                if is_list { naming::pascal(&naming::singular(&field.wire)).unwrap_or(pascal) } else { pascal };
            let mut provenance = field.provenance.clone();
            let ty = match &field.forced.ty {
                Some(ty) => ty.clone(),
                None => {
                    let ty = self.shape_type(&field.shape, field.table_type.as_ref(), &child_name, op);
                    let fitted = self.fit_range(ty.clone(), &field.shape);
                    // Only a 32-bit type that an example value does not fit changes here.
                    if fitted != ty {
                        provenance.ty = Provenance::rule(Rule::Int32WidenedByExample);
                    }
                    fitted
                }
            };
            // Nothing says what the field holds (no type word, no example value): the clients take any JSON value,
            // and a maintainer who knows better can say so with a `[[field]]` override.
            let untyped = |ty: &Type| matches!(ty, Type::Any);
            if field.forced.ty.is_none() && (untyped(&ty) || matches!(&ty, Type::Array { items } if untyped(items))) {
                let quotes = if field.source == FieldSource::Table { 0 } else { 2 };
                self.sink.push(
                    Diagnostic::note(
                        Code::UntypedField,
                        Span::new(self.file_id, field.offset, field.offset + field.wire.len() + quotes),
                        format!("response field `{}` of `{op}` has no type: neither the doc nor an example says it", field.wire),
                    )
                    .with_label("any JSON value")
                    .with_help(format!(
                        "it is `serde_json::Value` in Rust and has no `type` in OpenAPI; a `[[field]]` override with `field = \"{}\"` and a `type` gives it one",
                        field.wire
                    ))
                    .with_field(field.wire.clone()),
                );
            }
            // The table says required, an example lacks the field: optional, by the rule (an override that says
            // required already counts as every example showing it).
            if field.required && !field.in_every_example {
                provenance.required = Provenance::rule(Rule::RequiredNeedsEveryExample);
            }
            let mut rust = field
                .forced
                .rust
                .clone()
                .unwrap_or_else(|| naming::snake(&field.wire).unwrap_or_else(|| "field".to_owned()));
            // Two keys that become one Rust name (`type` and `Type`): the later one is numbered, and reported.
            if let Some(&first_idx) = rust_taken.get(&rust) {
                let renamed = (2..)
                    .map(|n| naming::numbered_snake(&rust, n))
                    .find(|c| !rust_taken.contains_key(c))
                    .unwrap_or_default();
                let first = &fields[first_idx];
                // Example keys are quoted; table names are not.
                let key_span = |f: &FieldShape| {
                    let quotes = if f.source == FieldSource::Table { 0 } else { 2 };
                    Span::new(self.file_id, f.offset, f.offset + f.wire.len() + quotes)
                };
                self.sink.push(
                    Diagnostic::warning(
                        Code::NameCollision,
                        key_span(field),
                        format!("fields `{}` and `{}` both become `{rust}` in Rust", first.wire, field.wire),
                    )
                    .with_label("second one")
                    .with_secondary(key_span(first), "first one")
                    .with_help(format!("the second is named `{renamed}`; the wire names stay as written"))
                    .with_field(field.wire.clone()),
                );
                rust = renamed;
                provenance.rust_name = Provenance::rule(Rule::FieldNameNumbered);
            }
            rust_taken.insert(rust.clone(), field_idx);
            ir_fields.push(Field {
                wire: field.wire.clone(),
                rust,
                ty,
                required: field.required && field.in_every_example,
                doc_required: field.required,
                nullable: field.shape.nullable,
                description: field.description.clone(),
                source: field.source,
                provenance,
                loc: self.file.loc(field.offset),
            });
        }
        let fingerprint = serde_json::to_string(
            &ir_fields.iter().map(|f| (&f.wire, &f.ty, f.required, f.doc_required, f.nullable)).collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        self.report_missing_required(fields, name);
        if let Some(&idx) = self.fingerprints.get(&fingerprint) {
            if !self.types[idx].used_by.iter().any(|u| u == op) {
                self.types[idx].used_by.push(op.to_owned());
            }
            // One type, one provenance per fact: where an override set a fact for this use (the shapes are equal
            // after it), the shared type records the override, so that no override's work goes unnamed.
            for (shared, field) in self.types[idx].fields.iter_mut().zip(&ir_fields) {
                let (into, from) = (&mut shared.provenance, &field.provenance);
                for (slot, candidate) in [
                    (&mut into.ty, &from.ty),
                    (&mut into.required, &from.required),
                    (&mut into.rust_name, &from.rust_name),
                ] {
                    if slot.override_id().is_none() && candidate.override_id().is_some() {
                        *slot = candidate.clone();
                    }
                }
            }
            return Type::Object { name: self.types[idx].name.clone() };
        }
        let taken = |candidate: &str| {
            self.names.contains(candidate) || self.enums.contains(candidate) || self.elsewhere.contains(candidate)
        };
        let mut final_name = name.to_owned();
        if taken(&final_name) {
            let prefixed = format!("{}{}", naming::type_stem(op), name);
            final_name = prefixed.clone();
            let mut n = 2;
            while taken(&final_name) {
                final_name = naming::numbered_pascal(&prefixed, n);
                n += 1;
            }
        }
        self.types.push(TypeDef {
            name: final_name.clone(),
            description: if name.ends_with("Result") {
                format!("The result of `{op}`.")
            } else {
                format!("`{name}` in the result of `{op}`.")
            },
            fields: ir_fields,
            used_by: vec![op.to_owned()],
            loc: self.file.loc(offset),
        });
        self.fingerprints.insert(fingerprint, self.types.len() - 1);
        self.names.insert(final_name.clone());
        Type::Object { name: final_name }
    }
}

/// What the generator does with an example integer beyond 64 bits.
const WIDER_HELP: &str =
    "kept as a 64-bit integer, the widest the clients have; a response with such a value may not decode";

impl TypeBuilder<'_> {
    /// Reports each example that lacks fields the table marks required, once per example object.
    fn report_missing_required(&mut self, fields: &[FieldShape], type_name: &str) {
        let mut by_example: BTreeMap<usize, Vec<&FieldShape>> = BTreeMap::new();
        for field in fields.iter().filter(|f| f.required && !f.in_every_example) {
            if let Some(at) = field.missing_at {
                by_example.entry(at).or_default().push(field);
            }
        }
        for (at, missing) in by_example {
            let names: Vec<String> = missing.iter().map(|f| format!("`{}`", f.wire)).collect();
            let noun = if missing.len() == 1 { "field" } else { "fields" };
            let mut diagnostic = Diagnostic::warning(
                Code::RequiredNotInExample,
                Span::new(self.file_id, at, at + 1),
                format!(
                    "the example of `{type_name}` lacks the {noun} {}, which the field table marks required",
                    names.join(", ")
                ),
            )
            .with_label("this example object")
            .with_help(
                "read as optional: a field is required only when the table says so and every example shows it; \
                 the OpenAPI property keeps the table's word in `x-doc-required`",
            );
            for field in missing {
                let width = if field.source == FieldSource::Table { field.wire.len() } else { field.wire.len() + 2 };
                diagnostic = diagnostic.with_secondary(
                    Span::new(self.file_id, field.offset, field.offset + width),
                    format!("`{}`", field.wire),
                );
            }
            self.sink.push(diagnostic);
        }
    }

    /// Reports an example integer that does not fit the type its field was given, and returns the type that holds
    /// it: a 32-bit field becomes 64-bit; nothing holds a value beyond 64 bits, so that type stays.
    fn fit_range(&mut self, ty: Type, shape: &Shape) -> Type {
        match (ty, &shape.kind) {
            (Type::Array { items }, ShapeKind::Array(item)) => {
                Type::Array { items: Box::new(self.fit_range(*items, item)) }
            }
            (Type::Int32, ShapeKind::Int { width, widest_at }) if *width > IntWidth::I32 => {
                let help = "read as a 64-bit integer (`int64`, `i64`), which holds the example's value";
                self.push_out_of_range(*widest_at, "`int32`", "a 32-bit integer", help);
                if *width == IntWidth::Wider {
                    self.push_out_of_range(*widest_at, "`int64`", "a 64-bit integer", WIDER_HELP);
                }
                Type::Long
            }
            (ty @ (Type::Integer | Type::Long), ShapeKind::Int { width: IntWidth::Wider, widest_at }) => {
                self.push_out_of_range(*widest_at, "`int64`", "a 64-bit integer", WIDER_HELP);
                ty
            }
            (ty, _) => ty,
        }
    }

    fn push_out_of_range(&mut self, at: usize, type_name: &str, what: &str, help: &str) {
        let text = self.file.text.get(at..).unwrap_or("");
        let len = text.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+')).unwrap_or(text.len()).max(1);
        let value = &text[..len.min(text.len())];
        self.sink.push(
            Diagnostic::warning(
                Code::ExampleValueOutOfRange,
                Span::new(self.file_id, at, at + len),
                format!("example value `{value}` does not fit {what}"),
            )
            .with_label(format!("out of range for {type_name}"))
            .with_help(help),
        );
    }
}
