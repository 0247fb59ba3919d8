//! Object types. `<Operation>Result` for the result, the field name (singular for list items) for nested
//! objects, prefixed with the parent when taken by a different shape. Equal shapes share one type. Field names that
//! collide in Rust are numbered (`type_2`) and reported.

use std::collections::{BTreeMap, BTreeSet};

use super::enums::{enum_type_name, name_variants, EnumNames};
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, Field, FieldSource, Type, TypeDef};
use crate::lower::response::{FieldShape, Shape, ShapeKind};
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
            ShapeKind::Int { wide: false } => Type::Integer,
            ShapeKind::Int { wide: true } => Type::Long,
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
            Base::Number => Type::Number,
            Base::Boolean => Type::Boolean,
            Base::Enum if !word.options.is_empty() => {
                let mut options: Vec<EnumOption> = word
                    .options
                    .iter()
                    .map(|w| EnumOption { wire: w.clone(), rust: String::new(), description: String::new() })
                    .collect();
                name_variants(&mut options, &BTreeMap::new());
                let (names, elsewhere) = (&self.names, &self.elsewhere);
                let name = enum_type_name(
                    &mut self.enums,
                    |candidate| names.contains(candidate) || elsewhere.contains(candidate),
                    name,
                    &naming::type_stem(op),
                    word.options.clone(),
                    false,
                );
                Type::Enum { name, options }
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
            let ty = self.shape_type(&field.shape, field.table_type.as_ref(), &child_name, op);
            let mut rust = naming::snake(&field.wire).unwrap_or_else(|| "field".to_owned());
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
                    .with_help(format!("the second is named `{renamed}`; the wire names stay as written")),
                );
                rust = renamed;
            }
            rust_taken.insert(rust.clone(), field_idx);
            ir_fields.push(Field {
                wire: field.wire.clone(),
                rust,
                ty,
                required: field.required,
                nullable: field.shape.nullable,
                description: field.description.clone(),
                source: field.source,
                loc: self.file.loc(field.offset),
            });
        }
        let fingerprint = serde_json::to_string(
            &ir_fields.iter().map(|f| (&f.wire, &f.ty, f.required, f.nullable)).collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        if let Some(&idx) = self.fingerprints.get(&fingerprint) {
            if !self.types[idx].used_by.iter().any(|u| u == op) {
                self.types[idx].used_by.push(op.to_owned());
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
