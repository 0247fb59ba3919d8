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
//! - A row that matches no member but names one written inside a string value of the example (a Python repr of
//!   a dict, `"{u'_id': ...}"`) documents that string field: it is added to the field's description, not made a
//!   field, and the string field's rows are reported once. A JSON string stays a string whatever it holds.
//! - In an object the table describes, a member the table does not list is example-only (and optional).
//! - Each field remembers whether every example of its object shows it (all items of a list, every repeated
//!   object), and where the first example that lacks it is: `check/types.rs` makes a field required only when the
//!   table says so and every example shows it. A member whose value is `...` is elided, not shown; so are the
//!   members an object elided with `...` leaves out. An elision is no disagreement and is not reported.

use std::collections::{BTreeMap, BTreeSet};

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
    /// Every string value the examples show for this member (each list item's, each example's), in document order;
    /// a field table may describe members written inside the first.
    pub example_strings: Vec<String>,
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
            // Key → index in `fields`: an example with many members is read in n log n.
            let mut index: BTreeMap<&str, usize> = BTreeMap::new();
            for member in members {
                let shape = infer(&member.value, base);
                if let Some(&idx) = index.get(member.key.as_str()) {
                    // A repeated key: the doc shows the field twice; merge what both say.
                    let existing = &mut fields[idx];
                    existing.shape = merge(existing.shape.clone(), shape);
                    if let JValue::Str(text) = &member.value.value {
                        existing.example_strings.push(text.clone());
                    }
                    continue;
                }
                index.insert(&member.key, fields.len());
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
                    example_strings: match &member.value.value {
                        JValue::Str(text) => vec![text.clone()],
                        _ => Vec::new(),
                    },
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
            let mut index: BTreeMap<String, usize> =
                fa.iter().enumerate().map(|(idx, f)| (f.wire.clone(), idx)).collect();
            // A member one example shows and the other lacks is not in every example.
            let in_b: BTreeSet<&str> = fb.iter().map(|f| f.wire.as_str()).collect();
            for existing in fa.iter_mut() {
                if !in_b.contains(existing.wire.as_str()) {
                    existing.lacked_by(b_offset);
                }
            }
            for mut field in fb {
                match index.get(&field.wire) {
                    Some(&idx) => {
                        let existing = &mut fa[idx];
                        existing.shape = merge(existing.shape.clone(), field.shape);
                        existing.example_strings.extend(field.example_strings);
                        existing.in_every_example &= field.in_every_example;
                        existing.missing_at = existing.missing_at.or(field.missing_at);
                    }
                    None => {
                        index.insert(field.wire.clone(), fa.len());
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
        example_strings: Vec::new(),
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
    let mut described_set: BTreeSet<Path> = BTreeSet::new();
    // The object the previous matching row described.
    let mut current: Path = Vec::new();
    // Where each name is first found, breadth first: one walk of the shape, not one per row (a table of 100 000
    // rows over a large example was quadratic).
    let mut index = field_index(root);
    // String fields whose text names members: (path of the object holding the field, field index) → rows.
    // Member name → the first string field that writes it (one pass over the strings, not one per row).
    let mut string_members: BTreeMap<String, (Path, usize)> = BTreeMap::new();
    for (at, text) in string_fields(root) {
        for name in quoted_member_names(text) {
            string_members.entry(name).or_insert_with(|| at.clone());
        }
    }
    let mut in_strings: BTreeMap<(Path, usize), Vec<&FieldRow>> = BTreeMap::new();
    for row in rows {
        if !index.contains_key(&row.wire) {
            if let Some(at) = string_members.get(&row.wire) {
                in_strings.entry(at.clone()).or_default().push(row);
                continue;
            }
        }
        match index.get(&row.wire).cloned() {
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
                if described_set.insert(path.clone()) {
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
                // The new field has no members, so the index only gains its own name.
                index.insert(row.wire.clone(), (current.clone(), fields.len()));
                let mut field = table_field(row);
                // An example that elides members (`...`) does not claim to show them all: no disagreement there.
                if !elided {
                    field.missing_at = Some(object_at);
                }
                fields.push(field);
                if described_set.insert(current.clone()) {
                    described.push(current.clone());
                }
            }
        }
    }
    for ((path, idx), described_rows) in in_strings {
        let field = &mut object_at(root, &path)[idx];
        let lines: Vec<String> = described_rows
            .iter()
            .map(|row| {
                let ty = if row.type_raw.is_empty() { String::new() } else { format!(" ({})", row.type_raw) };
                format!("- `{}`{ty}: {}", row.wire, row.description)
            })
            .collect();
        let members = described_rows.iter().map(|r| format!("`{}`", r.wire)).collect::<Vec<_>>().join(", ");
        let intro = format!("Members written inside the string: {members}.");
        field.description = [field.description.as_str(), intro.as_str(), &lines.join("\n")]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n");
        let first = described_rows[0];
        let n = described_rows.len();
        sink.push(
            Diagnostic::warning(
                Code::TableOnlyField,
                first.span,
                format!(
                    "{n} field-table row{} describe{} members written inside the string `{}`, not members of the result",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    field.wire
                ),
            )
            .with_label(format!("{members} only inside the string"))
            .with_secondary(Span::new(file, field.offset, field.offset + field.wire.len() + 2), "this string field")
            .with_help("the field stays a string; the rows document it and become no fields"),
        );
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

/// Every string field of the example (breadth first from the result) with its text: (object path, index) → text.
fn string_fields(root: &Shape) -> Vec<((Path, usize), &str)> {
    let mut out = Vec::new();
    let mut queue: std::collections::VecDeque<(Path, &Shape)> = std::collections::VecDeque::new();
    queue.push_back((Vec::new(), root));
    while let Some((path, shape)) = queue.pop_front() {
        let Some(fields) = object_fields(shape) else { continue };
        for (idx, field) in fields.iter().enumerate() {
            if let Some(text) = field.example_strings.first() {
                out.push(((path.clone(), idx), text.as_str()));
            }
            let mut child = path.clone();
            child.push(idx);
            queue.push_back((child, &field.shape));
        }
    }
    out
}

/// The names a string's text writes as members: quoted (`'name'`, `"name"`, `u'name'`) and followed by `:`.
fn quoted_member_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['\'', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else { break };
        let name = &after[..close];
        let tail = &after[close + 1..];
        if !name.is_empty() && tail.trim_start().starts_with(':') {
            out.push(name.to_owned());
        }
        rest = tail;
    }
    out
}

/// For every field name, the first object (breadth first from the result) that has a field of that name: the
/// object's path and the field's index.
fn field_index(root: &Shape) -> BTreeMap<String, (Path, usize)> {
    let mut index: BTreeMap<String, (Path, usize)> = BTreeMap::new();
    let mut queue: std::collections::VecDeque<(Path, &Shape)> = std::collections::VecDeque::new();
    queue.push_back((Vec::new(), root));
    while let Some((path, shape)) = queue.pop_front() {
        let Some(fields) = object_fields(shape) else {
            continue;
        };
        for (idx, field) in fields.iter().enumerate() {
            index.entry(field.wire.clone()).or_insert_with(|| (path.clone(), idx));
        }
        for (idx, field) in fields.iter().enumerate() {
            let mut child = path.clone();
            child.push(idx);
            queue.push_back((child, &field.shape));
        }
    }
    index
}

/// The fields of an object shape, looking through arrays.
fn object_fields(shape: &Shape) -> Option<&Vec<FieldShape>> {
    match &shape.kind {
        ShapeKind::Object(fields) => Some(fields),
        ShapeKind::Array(item) => object_fields(item),
        _ => None,
    }
}

pub(crate) fn object_fields_mut(shape: &mut Shape) -> Option<&mut Vec<FieldShape>> {
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
