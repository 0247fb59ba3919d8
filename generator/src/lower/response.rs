//! Response shapes: inferred from the example, then merged with the field table.
//!
//! Rules (each contradiction is reported where it is found):
//! - `null` makes a field nullable; `...` says nothing about the type; an inline note becomes the field's doc.
//! - Array items are merged into one shape; two items that disagree make the item type `Any`.
//! - A field-table row describes the first object, breadth first from the result, that has a member of that name
//!   (tables list nested fields flat, object by object). A row that matches nothing belongs with the rows around it:
//!   it is added to the object the previous matching row described (the result object, or its list items, when no
//!   row matched before it), and reported, unless the example elides members of that object with `...`.
//! - Where the table's type and the example's value disagree, the field takes the type that accepts both: the
//!   example's list or object, or else a string.
//! - In an object the table describes, a member the table does not list is example-only (and optional).
//! - Each field remembers whether every example of its object shows it (all items of a list, every repeated
//!   object), and where the first example that lacks it is: `check/types.rs` makes a field required only when the
//!   table says so and every example shows it. A member whose value is `...` is elided, not shown; so are the
//!   members an object elided with `...` leaves out. An elision is no disagreement and is not reported.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{FieldProvenance, FieldSource, Provenance, Rule};
use crate::lower::types::{Base, TypeWord};
use crate::parse::json::{JNode, JValue};
use crate::source::{FileId, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// `...` or `null` with nothing else known.
    Unknown,
    Bool,
    /// An integer, as wide as its widest example value, which is written at `widest_at` (a byte offset).
    Int {
        width: IntWidth,
        widest_at: usize,
    },
    Number,
    Str,
    Array(Box<Shape>),
    Object(Vec<FieldShape>),
    /// `{...}`: an object whose members are not shown.
    OpaqueObject,
}

/// The narrowest integer type that holds an example value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IntWidth {
    I32,
    I64,
    /// Fits no 64-bit integer (`18446744073709551616`).
    Wider,
}

impl IntWidth {
    /// The width of an integer written `raw` (digits with an optional sign).
    pub fn of(raw: &str) -> IntWidth {
        if raw.parse::<i32>().is_ok() {
            IntWidth::I32
        } else if raw.parse::<i64>().is_ok() {
            IntWidth::I64
        } else {
            IntWidth::Wider
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub kind: ShapeKind,
    pub nullable: bool,
    /// Byte offset (in the file) where the value is written.
    pub offset: usize,
    /// For an object: the example elides some members with `...`.
    pub elided: bool,
}

impl Shape {
    /// A value the doc does not show.
    pub fn unknown(offset: usize) -> Shape {
        Shape { kind: ShapeKind::Unknown, nullable: false, offset, elided: false }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    pub wire: String,
    pub shape: Shape,
    pub required: bool,
    pub description: String,
    pub source: FieldSource,
    /// The table's type word, when the table gives one.
    pub table_type: Option<TypeWord>,
    /// Where the type and required flag come from, as decided by [`infer`] and [`merge_table`].
    pub provenance: FieldProvenance,
    pub offset: usize,
    /// Whether every example of the object shows this member (a table-only field is in none).
    pub in_every_example: bool,
    /// Where the first example of the object that lacks the member starts (its `{`), if an example lacks it.
    pub missing_at: Option<usize>,
    /// What a `[[field]]` override decided: the field's type (an enum) and Rust name (`check/field_overrides.rs`).
    pub forced: FieldForce,
}

/// A response field's type and Rust name as a `[[field]]` override sets them, beyond what a type word says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldForce {
    pub ty: Option<crate::ir::Type>,
    pub rust: Option<String>,
}

/// One row of a field table.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub wire: String,
    pub type_word: Option<TypeWord>,
    pub type_raw: String,
    pub required: bool,
    /// Whether the row has a required cell (tables of names and descriptions have none).
    pub required_given: bool,
    pub description: String,
    pub span: Span,
}

/// Infers a shape from an example value; `base` is the example's offset in the file.
pub fn infer(node: &JNode, base: usize) -> Shape {
    let offset = base + node.offset;
    let (kind, nullable) = match &node.value {
        JValue::Null => (ShapeKind::Unknown, true),
        JValue::Placeholder => (ShapeKind::Unknown, false),
        JValue::Bool(_) => (ShapeKind::Bool, false),
        JValue::Number(raw) => {
            if raw.contains(['.', 'e', 'E']) {
                (ShapeKind::Number, false)
            } else {
                (ShapeKind::Int { width: IntWidth::of(raw), widest_at: offset }, false)
            }
        }
        JValue::Str(_) => (ShapeKind::Str, false),
        JValue::Array(items) => {
            let mut merged: Option<Shape> = None;
            for item in items {
                let shape = infer(item, base);
                merged = Some(match merged {
                    None => shape,
                    Some(prev) => merge(prev, shape),
                });
            }
            let item = merged.unwrap_or(Shape::unknown(offset));
            (ShapeKind::Array(Box::new(item)), false)
        }
        JValue::Object(members) => {
            let mut fields: Vec<FieldShape> = Vec::new();
            for member in members {
                let shape = infer(&member.value, base);
                if let Some(existing) = fields.iter_mut().find(|f| f.wire == member.key) {
                    // A repeated key: the doc shows the field twice; merge what both say.
                    existing.shape = merge(existing.shape.clone(), shape);
                    continue;
                }
                fields.push(FieldShape {
                    wire: member.key.clone(),
                    shape,
                    required: false,
                    description: member.note.clone().unwrap_or_default(),
                    source: FieldSource::Example,
                    table_type: None,
                    provenance: FieldProvenance {
                        ty: Provenance::Example,
                        required: Provenance::rule(Rule::ExampleOnlyOptional),
                        // The key in snake_case unless `check/types.rs` numbers it or an override names it.
                        rust_name: Provenance::Default,
                    },
                    offset: base + member.key_offset,
                    // `"created" : ...` shows the member but not its value (the repaired example has `null`):
                    // elided, like a `...` member, so not shown, and no disagreement to report.
                    in_every_example: !matches!(member.value.value, JValue::Placeholder),
                    missing_at: None,
                    forced: FieldForce::default(),
                });
            }
            (ShapeKind::Object(fields), false)
        }
        JValue::OpaqueObject => (ShapeKind::OpaqueObject, false),
    };
    Shape { kind, nullable, offset, elided: node.elided }
}

/// Merges two shapes of the same value position (array items, repeated keys).
fn merge(a: Shape, b: Shape) -> Shape {
    let nullable = a.nullable || b.nullable;
    let elided = a.elided || b.elided;
    let (a_offset, b_offset) = (a.offset, b.offset);
    let opaque_at = if matches!(a.kind, ShapeKind::OpaqueObject) { a_offset } else { b_offset };
    let kind = match (a.kind, b.kind) {
        (ShapeKind::Unknown, other) | (other, ShapeKind::Unknown) => other,
        (ShapeKind::Int { width: w1, widest_at: at1 }, ShapeKind::Int { width: w2, widest_at: at2 }) => {
            if w2 > w1 {
                ShapeKind::Int { width: w2, widest_at: at2 }
            } else {
                ShapeKind::Int { width: w1, widest_at: at1 }
            }
        }
        (ShapeKind::Int { .. } | ShapeKind::Number, ShapeKind::Int { .. } | ShapeKind::Number) => ShapeKind::Number,
        (ShapeKind::Object(mut fa), ShapeKind::Object(fb)) => {
            // A member one example shows and the other lacks is not in every example.
            for existing in fa.iter_mut() {
                if !fb.iter().any(|f| f.wire == existing.wire) {
                    existing.lacked_by(b_offset);
                }
            }
            for mut field in fb {
                match fa.iter_mut().find(|f| f.wire == field.wire) {
                    Some(existing) => {
                        existing.shape = merge(existing.shape.clone(), field.shape);
                        existing.in_every_example &= field.in_every_example;
                        existing.missing_at = existing.missing_at.or(field.missing_at);
                    }
                    None => {
                        field.lacked_by(a_offset);
                        fa.push(field);
                    }
                }
            }
            ShapeKind::Object(fa)
        }
        // `{...}` shows no member: none of the other example's members is in every example.
        (ShapeKind::OpaqueObject, ShapeKind::Object(mut f)) | (ShapeKind::Object(mut f), ShapeKind::OpaqueObject) => {
            for field in f.iter_mut() {
                field.lacked_by(opaque_at);
            }
            ShapeKind::Object(f)
        }
        (ShapeKind::Array(x), ShapeKind::Array(y)) => ShapeKind::Array(Box::new(merge(*x, *y))),
        (x, y) if x == y => x,
        // Two different kinds: nothing can be said.
        _ => ShapeKind::Unknown,
    };
    Shape { kind, nullable, offset: a.offset, elided }
}

impl FieldShape {
    /// Records that the example of the object starting at `object_at` lacks this member.
    fn lacked_by(&mut self, object_at: usize) {
        self.in_every_example = false;
        self.missing_at.get_or_insert(object_at);
    }
}

/// Whether a table type word and an example shape contradict each other.
fn contradicts(word: &TypeWord, shape: &Shape) -> bool {
    if word.array {
        return !matches!(shape.kind, ShapeKind::Array(_) | ShapeKind::Unknown);
    }
    match (word.base, &shape.kind) {
        (_, ShapeKind::Unknown) => false,
        (Base::Integer | Base::Long | Base::Int32, ShapeKind::Int { .. }) => false,
        (Base::Number, ShapeKind::Int { .. } | ShapeKind::Number) => false,
        (Base::Boolean, ShapeKind::Bool) => false,
        (Base::String | Base::Enum, ShapeKind::Str) => false,
        (Base::Integer | Base::Long | Base::Int32 | Base::Number | Base::Boolean, _) => true,
        (Base::String | Base::Enum, _) => true,
        (Base::Any | Base::Unknown, _) => false,
    }
}

fn base_word(base: Base) -> &'static str {
    match base {
        Base::String => "string",
        Base::Integer | Base::Long | Base::Int32 => "integer",
        Base::Number => "number",
        Base::Boolean => "boolean",
        Base::Enum => "enum",
        Base::Any | Base::Unknown => "value",
    }
}

/// What an example value is, with its article: `a string`, `an array`.
fn shape_word(shape: &Shape) -> &'static str {
    match shape.kind {
        ShapeKind::Unknown => "an unknown value",
        ShapeKind::Bool => "a boolean",
        ShapeKind::Int { .. } => "an integer",
        ShapeKind::Number => "a number",
        ShapeKind::Str => "a string",
        ShapeKind::Array(_) => "an array",
        ShapeKind::Object(_) | ShapeKind::OpaqueObject => "an object",
    }
}

/// Merges field-table rows into the result shape (see the module doc for the rules).
pub fn merge_table(file: FileId, root: &mut Shape, rows: &[FieldRow], sink: &mut Sink) {
    let required_provenance = |row: &FieldRow| if row.required_given { Provenance::Table } else { Provenance::Default };
    let table_field = |row: &FieldRow| FieldShape {
        wire: row.wire.clone(),
        shape: Shape::unknown(row.span.start),
        required: row.required,
        description: row.description.clone(),
        source: FieldSource::Table,
        table_type: row.type_word.clone(),
        provenance: FieldProvenance {
            // Without a type word the doc knows and without an example, nothing says what the value is.
            ty: match &row.type_word {
                Some(word) if word.base != Base::Unknown => Provenance::Table,
                _ => Provenance::rule(Rule::FieldTypeUnknownAsAny),
            },
            required: required_provenance(row),
            rust_name: Provenance::Default,
        },
        offset: row.span.start,
        in_every_example: false,
        missing_at: None,
        forced: FieldForce::default(),
    };
    // An example that elides the whole result (`{...}`, `...`, `[...]`) leaves the table to describe it.
    let top = top_object(root);
    if matches!(top.kind, ShapeKind::Unknown | ShapeKind::OpaqueObject) {
        top.kind = ShapeKind::Object(rows.iter().map(table_field).collect());
        return;
    }
    let mut described: Vec<Vec<usize>> = Vec::new();
    // The object the previous matching row described.
    let mut current: Path = Vec::new();
    for row in rows {
        match find_field(root, &row.wire) {
            Some((path, idx)) => {
                let field_path = wire_path(root, &path, &row.wire);
                current = path.clone();
                let object = object_at(root, &path);
                let field = &mut object[idx];
                // A row without a usable type word leaves the type to the example.
                field.provenance.ty = match &row.type_word {
                    Some(word) if word.base != Base::Unknown => Provenance::TableAndExample,
                    _ => Provenance::Example,
                };
                field.provenance.required = required_provenance(row);
                if let Some(word) = &row.type_word {
                    // Where the table and the example disagree, the field takes the type that accepts both: the
                    // example's structure when it shows a list or an object (a `Integer` row over a list of users is
                    // a copy error), otherwise a string (the client's strings accept numbers and booleans too).
                    let mut decided = Some(word.clone());
                    if contradicts(word, &field.shape) {
                        field.provenance.ty = Provenance::rule(Rule::FieldTypeAcceptsBoth);
                        let structured = matches!(
                            field.shape.kind,
                            ShapeKind::Array(_) | ShapeKind::Object(_) | ShapeKind::OpaqueObject
                        );
                        let rule = if structured {
                            decided = None;
                            format!(
                                "read as the example's {}, which shows what the platform sends",
                                shape_word(&field.shape)
                            )
                        } else {
                            decided = Some(crate::lower::types::type_word("String"));
                            "read as a string, which accepts both (the client's strings take numbers and booleans)"
                                .to_owned()
                        };
                        sink.push(
                            Diagnostic::warning(
                                Code::TypeMismatch,
                                row.span,
                                format!(
                                    "field `{}` is typed `{}` but the example shows {}",
                                    row.wire,
                                    row.type_raw,
                                    shape_word(&field.shape)
                                ),
                            )
                            .with_label(format!("typed {} here", base_word(word.base)))
                            .with_secondary(
                                Span::new(file, field.offset, field.offset + field.wire.len() + 2),
                                "example value",
                            )
                            .with_help(rule)
                            .with_field(field_path),
                        );
                    }
                    field.table_type = decided;
                }
                field.required = row.required;
                if !row.description.is_empty() {
                    field.description = row.description.clone();
                }
                field.source = FieldSource::Both;
                if !described.contains(&path) {
                    described.push(path);
                }
            }
            None => {
                let field_path = wire_path(root, &current, &row.wire);
                let top = shape_at(root, &current);
                let elided = top.elided;
                let object_at = top.offset;
                let ShapeKind::Object(fields) = &mut top.kind else {
                    sink.push(
                        Diagnostic::warning(
                            Code::TableOnlyField,
                            row.span,
                            format!("field `{}` is in the field table but the example's result is no object", row.wire),
                        )
                        .with_label("no object to put it in")
                        .with_help("the example wins: the result keeps the example's type and the row is not used")
                        .with_field(field_path),
                    );
                    continue;
                };
                if !elided {
                    sink.push(
                        Diagnostic::warning(
                            Code::TableOnlyField,
                            row.span,
                            format!("field `{}` is in the field table but not in the example", row.wire),
                        )
                        .with_label("only here")
                        .with_help("the field is added to the result object with the table's type")
                        .with_field(field_path.clone()),
                    );
                }
                let mut field = table_field(row);
                // An example that elides members (`...`) does not claim to show them all: no disagreement there.
                if !elided {
                    field.missing_at = Some(object_at);
                }
                fields.push(field);
                if !described.contains(&current) {
                    described.push(current.clone());
                }
            }
        }
    }
    for path in described {
        let fields: Vec<(String, usize, FieldSource)> =
            object_at(root, &path).iter().map(|f| (f.wire.clone(), f.offset, f.source)).collect();
        for (wire, offset, source) in fields {
            let field_path = wire_path(root, &path, &wire);
            if source == FieldSource::Example {
                sink.push(
                    Diagnostic::warning(
                        Code::ExampleOnlyField,
                        Span::new(file, offset, offset + wire.len() + 2),
                        format!("field `{wire}` is in the example but not in the field table"),
                    )
                    .with_label("only in the example")
                    .with_help("the field is kept, typed from the example and optional")
                    .with_field(field_path),
                );
            }
        }
    }
}

/// The field at `keys` (from the result down, looking through lists), for `[[field]]` overrides.
pub fn field_at_mut<'a>(root: &'a mut Shape, keys: &[&str]) -> Option<&'a mut FieldShape> {
    let (first, rest) = keys.split_first()?;
    let field = object_fields_mut(root)?.iter_mut().find(|f| f.wire == *first)?;
    if rest.is_empty() {
        Some(field)
    } else {
        field_at_mut(&mut field.shape, rest)
    }
}

/// A field's keys from the result down, joined by `.`: the keys of the objects on `path`, then `last`.
fn wire_path(root: &Shape, path: &[usize], last: &str) -> String {
    let mut keys: Vec<&str> = Vec::new();
    let mut shape = root;
    for &idx in path {
        let Some(field) = object_fields(shape).and_then(|fields| fields.get(idx)) else { break };
        keys.push(&field.wire);
        shape = &field.shape;
    }
    keys.push(last);
    keys.join(".")
}

/// The result's top object: the result itself, or the items of a list result (through nested lists).
fn top_object(shape: &mut Shape) -> &mut Shape {
    match shape.kind {
        ShapeKind::Array(ref mut item) => top_object(item),
        _ => shape,
    }
}

/// The object shape at `path` (as `find_field` builds paths), looking through lists.
fn shape_at<'a>(root: &'a mut Shape, path: &[usize]) -> &'a mut Shape {
    let mut shape = top_object(root);
    for &idx in path {
        // The path was built by `find_field` over the same shape, so every step is an object field.
        let fields = object_fields_mut(shape).expect("path steps through objects");
        shape = top_object(&mut fields[idx].shape);
    }
    shape
}

/// A path to an object inside a shape: indices of fields whose values (or array items) are objects.
type Path = Vec<usize>;

/// Breadth-first search for the first object that has a field `wire`.
fn find_field(root: &Shape, wire: &str) -> Option<(Path, usize)> {
    let mut queue: std::collections::VecDeque<(Path, &Shape)> = std::collections::VecDeque::new();
    queue.push_back((Vec::new(), root));
    while let Some((path, shape)) = queue.pop_front() {
        let Some(fields) = object_fields(shape) else {
            continue;
        };
        if let Some(idx) = fields.iter().position(|f| f.wire == wire) {
            return Some((path, idx));
        }
        for (idx, field) in fields.iter().enumerate() {
            let mut child = path.clone();
            child.push(idx);
            queue.push_back((child, &field.shape));
        }
    }
    None
}

/// The fields of an object shape, looking through arrays.
fn object_fields(shape: &Shape) -> Option<&Vec<FieldShape>> {
    match &shape.kind {
        ShapeKind::Object(fields) => Some(fields),
        ShapeKind::Array(item) => object_fields(item),
        _ => None,
    }
}

fn object_fields_mut(shape: &mut Shape) -> Option<&mut Vec<FieldShape>> {
    match &mut shape.kind {
        ShapeKind::Object(fields) => Some(fields),
        ShapeKind::Array(item) => object_fields_mut(item),
        _ => None,
    }
}

fn object_at<'a>(root: &'a mut Shape, path: &[usize]) -> &'a mut Vec<FieldShape> {
    let mut shape = root;
    for &idx in path {
        // The path was built by `find_field` over the same shape, so every step is an object field.
        shape = &mut object_fields_mut(shape).expect("path steps through objects")[idx].shape;
    }
    object_fields_mut(shape).expect("path ends at an object")
}
