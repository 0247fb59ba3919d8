use super::{doc, table_doc, TableShape};

fn compile(n: usize) -> generator::Compiled {
    let text = doc(n);
    generator::compile(&[generator::Source::new("synthetic.md", text)], None)
}

#[test]
fn same_size_same_bytes_and_smaller_docs_are_prefixes() {
    let small = doc(30);
    assert_eq!(small, doc(30));
    assert!(doc(100).starts_with(&small));
}

#[test]
fn every_section_becomes_an_operation_without_errors() {
    for n in [10, 100] {
        let compiled = compile(n);
        let api =
            compiled.api.as_ref().unwrap_or_else(|| panic!("errors for n = {n}:\n{}", compiled.render_diagnostics()));
        let operations: usize = api.docs.iter().map(|d| d.operations.len()).sum();
        assert_eq!(operations, n);
    }
}

#[test]
fn the_defects_and_notations_show_up() {
    let compiled = compile(1000);
    let api = compiled.api.as_ref().expect("no errors");
    let mut codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for expected in [
        "duplicate-anchor",
        "duplicate-endpoint",
        "title-url-mismatch",
        "malformed-table",
        "malformed-table-row",
        "required-false",
        "duplicate-param",
        "invalid-example",
    ] {
        assert!(codes.contains(&expected), "no `{expected}` among {codes:?}");
    }
    let doc = &api.docs[0];
    let live = doc.operations.iter().filter(|o| o.superseded_by.is_none()).count();
    assert!(live < 1000 && live > 990, "a few sections are superseded duplicates: {live} live");
    let mut kinds: Vec<&str> = Vec::new();
    for op in &doc.operations {
        for param in &op.params {
            collect_kinds(&param.ty, &mut kinds);
        }
    }
    for ty in &doc.types {
        for field in &ty.fields {
            collect_kinds(&field.ty, &mut kinds);
        }
    }
    for kind in ["string", "integer", "long", "number", "boolean", "enum", "array", "object", "any"] {
        assert!(kinds.contains(&kind), "no `{kind}` type in the IR: {kinds:?}");
    }
    let json = api.to_json();
    for wire in ["REGISTER_CODE", "BARE", "FEMALE", "GRAPHIC", "SOFT", "CREATING", "updated"] {
        assert!(json.contains(&format!("\"{wire}\"")), "no enum option `{wire}` in the IR");
    }
}

fn collect_kinds(ty: &generator::ir::Type, out: &mut Vec<&'static str>) {
    use generator::ir::Type;
    let kind = match ty {
        Type::String => "string",
        Type::Integer => "integer",
        Type::Long => "long",
        Type::Int32 => "int32",
        Type::Number => "number",
        Type::Boolean => "boolean",
        Type::Enum { .. } => "enum",
        Type::Array { items } => {
            collect_kinds(items, out);
            "array"
        }
        Type::Object { .. } => "object",
        Type::Any => "any",
    };
    if !out.contains(&kind) {
        out.push(kind);
    }
}

/// The table shapes read as what they are: a long table gives one parameter per row; nested tables give the
/// outermost table's row, and each nested table is reported once, at its own `<table>`.
#[test]
fn table_shapes_compile_to_what_they_hold() {
    for shape in [TableShape::PipeRows, TableShape::HtmlRows] {
        let compiled = generator::compile(&[generator::Source::new("t.md", table_doc(shape, 500))], None);
        let api = compiled.api.as_ref().expect("no errors");
        let params: Vec<&str> = api.docs[0].operations[0].params.iter().map(|p| p.wire.as_str()).collect();
        assert_eq!(params.len(), 500, "{shape:?}");
        assert_eq!((params[0], params[499]), ("param0", "param499"));
    }
    let compiled = generator::compile(&[generator::Source::new("t.md", table_doc(TableShape::Nested, 50))], None);
    assert!(compiled.api.is_some());
    let nested = compiled.diagnostics.iter().filter(|d| d.message.contains("a second `<table>` opens inside")).count();
    assert_eq!(nested, 49);
}
