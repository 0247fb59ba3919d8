//! The checked-in OpenAPI documents against the IR of `spec/`: both versions parse with typed OpenAPI models, and
//! every operation, parameter, enum value, error message and named type of the IR is in each document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::ir::{self, ParamLocation, Type};
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|err| panic!("cannot read {relative}: {err}"))
}

/// Every `.md` under `dir`, sorted by path (what `cargo xtask gen` reads).
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut res = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("spec/ is listable") {
            let path = entry.expect("spec/ entries are readable").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                res.push(path);
            }
        }
    }
    res.sort();
    res
}

/// The IR of `spec/` with `spec/overrides.toml`, as `cargo xtask gen` builds it.
pub(crate) fn spec_api() -> ir::Api {
    let root = root();
    let specs: Vec<generator::Source> = markdown_files(&root.join("spec"))
        .iter()
        .map(|path| {
            let name = path.strip_prefix(&root).expect("inside the root").to_string_lossy().replace('\\', "/");
            generator::Source::new(name, std::fs::read(path).expect("spec files are readable"))
        })
        .collect();
    let overrides = generator::Source::new("spec/overrides.toml", read("spec/overrides.toml"));
    let compiled = generator::compile(&specs, Some(&overrides));
    if compiled.has_errors() {
        panic!("spec/ has errors:\n{}", compiled.render_diagnostics());
    }
    compiled.api.expect("no errors, so there is an IR")
}

fn json_file(relative: &str) -> Value {
    serde_json::from_str(&read(relative)).unwrap_or_else(|err| panic!("{relative} is not JSON: {err}"))
}

/// Both documents as JSON values: the 3.1.0 one and the 3.0.3 twin.
fn documents() -> [(&'static str, Value); 2] {
    [
        ("openapi.json", json_file("generated-client/openapi.json")),
        ("openapi-3.0.json", json_file("generated-client/openapi-3.0.json")),
    ]
}

/// The value at a JSON pointer, or `null`.
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

/// A JSON pointer token: `~` and `/` escaped.
fn token(raw: &str) -> String {
    raw.replace('~', "~0").replace('/', "~1")
}

/// The component a schema refers to, directly or through a one-element `allOf` (the 3.0 form with siblings).
fn referenced<'a>(document: &'a Value, schema: &Value) -> &'a Value {
    let reference = schema.get("$ref").or_else(|| schema.pointer("/allOf/0/$ref")).and_then(Value::as_str);
    let name = reference
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .unwrap_or_else(|| panic!("schema {schema} is not a reference"));
    at(document, &format!("/components/schemas/{}", token(name)))
}

/// The `(path, method, operationId)` of every live operation of the IR.
fn ir_operations(api: &ir::Api) -> BTreeSet<(String, String, String)> {
    let mut res = BTreeSet::new();
    for doc in &api.docs {
        for op in doc.live_operations() {
            res.insert((op.path.clone(), op.method.as_str().to_ascii_lowercase(), op.name.clone()));
        }
    }
    res
}

#[test]
fn documents_parse_with_typed_openapi_models() {
    let api = spec_api();
    let expected = ir_operations(&api);

    let v3_1 = oas3::from_json(read("generated-client/openapi.json")).expect("openapi.json is OpenAPI 3.1");
    assert_eq!(v3_1.openapi, "3.1.0");
    let found: BTreeSet<_> = v3_1
        .operations()
        .map(|(path, method, op)| {
            (path, method.as_str().to_ascii_lowercase(), op.operation_id.clone().unwrap_or_default())
        })
        .collect();
    assert_eq!(found, expected);

    let yaml: Value = serde_yaml_ng::from_str(&read("generated-client/openapi.yaml")).expect("openapi.yaml is YAML");
    assert_eq!(yaml, json_file("generated-client/openapi.json"), "the YAML says what the JSON says");
    let from_yaml: oas3::Spec = serde_json::from_value(yaml).expect("openapi.yaml is OpenAPI 3.1");
    assert_eq!(from_yaml.operations().count(), expected.len());

    let v3_0: openapiv3::OpenAPI =
        serde_json::from_str(&read("generated-client/openapi-3.0.json")).expect("openapi-3.0.json is OpenAPI 3.0");
    assert_eq!(v3_0.openapi, "3.0.3");
    let found: BTreeSet<_> = v3_0
        .operations()
        .map(|(path, method, op)| (path.to_owned(), method.to_owned(), op.operation_id.clone().unwrap_or_default()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn all_25_sections_of_servers_md_are_in_the_document() {
    let api = spec_api();
    let servers = api.docs.iter().find(|d| d.file == "spec/servers.md").expect("spec/servers.md is read");
    assert_eq!(servers.operations.len(), 25);
    assert_eq!(servers.live_operations().count(), 24);
    for (name, document) in documents() {
        let n_operations: usize = at(&document, "/paths")
            .as_object()
            .expect("paths is a map")
            .values()
            .map(|item| item.as_object().map_or(0, |m| m.len()))
            .sum();
        assert_eq!(n_operations, 24, "{name}");
        let reboot = at(&document, "/paths/~1v1~1openstack~1server~1{serverid}~1reboot/post");
        assert_eq!(at(reboot, "/operationId"), "reboot_server", "{name}");
        assert_eq!(at(reboot, "/x-source"), &json!({"file": "spec/servers.md", "line": 389}), "{name}");
        let lost = at(reboot, "/x-superseded/0");
        assert_eq!(at(lost, "/name"), "reboot_server_2", "{name}");
        assert_eq!(at(lost, "/title"), "主机重启 (Reboot Server)", "{name}");
        assert_eq!(at(lost, "/line"), 692, "{name}");
        assert_eq!(at(lost, "/diagnostic"), "duplicate-endpoint", "{name}");
        assert_eq!(at(lost, "/rule"), "the first section in document order wins", "{name}");
        let names: Vec<&Value> =
            at(lost, "/parameters").as_array().expect("a list").iter().map(|p| &p["name"]).collect();
        assert_eq!(names, [&json!("serverid"), &json!("serverId"), &json!("rebootType")], "{name}");
        assert_eq!(at(reboot, "/x-superseded/1"), &Value::Null, "{name}");
    }
}

/// The path or query parameter object of `param` in `operation`.
fn find_parameter<'a>(operation: &'a Value, param: &ir::Param) -> &'a Value {
    at(operation, "/parameters")
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == json!(param.wire)))
        .unwrap_or(&Value::Null)
}

/// Checks that a parameter of `op` is in `operation` of `document`, with its location, requiredness, default and
/// enum values.
fn check_param(document: &Value, operation: &Value, op: &ir::Operation, param: &ir::Param, what: &str) {
    let is_body = param.location == ParamLocation::Body && op.body != ir::BodyEncoding::None;
    let (schema, required) = if is_body {
        let media = at(operation, "/requestBody/content/application~1x-www-form-urlencoded/schema");
        let schema = at(media, &format!("/properties/{}", token(&param.wire)));
        let required = at(media, "/required").as_array().is_some_and(|r| r.contains(&json!(param.wire)));
        (schema, required)
    } else {
        let location = if param.location == ParamLocation::Path { "path" } else { "query" };
        let parameter = at(operation, "/parameters")
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == json!(param.wire) && p["in"] == json!(location)))
            .unwrap_or_else(|| panic!("{what}: no {location} parameter `{}`", param.wire));
        (&parameter["schema"], parameter["required"] == json!(true))
    };
    assert!(schema.is_object(), "{what}: no schema for `{}`", param.wire);
    // A body field bound to a path placeholder keeps the doc's word.
    let expected_required = param.location == ParamLocation::Path || param.required;
    assert_eq!(required, expected_required, "{what}: `{}` required", param.wire);
    let source = if is_body { &schema["x-source"] } else { &find_parameter(operation, param)["x-source"] };
    assert_eq!(source["line"], json!(param.loc.line), "{what}: x-source of `{}`", param.wire);
    if matches!(param.ty, Type::Array { .. }) {
        let min_items = if required { json!(1) } else { Value::Null };
        assert_eq!(schema["minItems"], min_items, "{what}: minItems of `{}`", param.wire);
    }
    if let Some(path_param) = &param.bound_to_path {
        assert_eq!(schema["x-bound-to-path"], json!(path_param), "{what}: `{}`", param.wire);
    }
    if let Some(default) = &param.default {
        let typed = &schema["default"];
        let as_written = if typed.is_string() { typed.as_str().map(str::to_owned) } else { Some(typed.to_string()) };
        assert_eq!(as_written.as_deref(), Some(default.as_str()), "{what}: default of `{}`", param.wire);
    }
    if let Type::Enum { options, .. } = &param.ty {
        let component = referenced(document, schema);
        let wires: Vec<Value> = options.iter().map(|o| json!(o.wire)).collect();
        assert_eq!(component["enum"], Value::Array(wires), "{what}: enum of `{}`", param.wire);
        let descriptions: Vec<Value> = options.iter().map(|o| json!(o.description)).collect();
        if options.iter().any(|o| !o.description.is_empty()) {
            assert_eq!(component["x-enum-descriptions"], Value::Array(descriptions), "{what}: `{}`", param.wire);
        }
    }
}

#[test]
fn every_operation_parameter_enum_value_and_error_of_the_ir_is_in_both_documents() {
    let api = spec_api();
    for (name, document) in documents() {
        for doc in &api.docs {
            for op in doc.live_operations() {
                let what = format!("{name}: {}", op.name);
                let pointer = format!("/paths/{}/{}", token(&op.path), op.method.as_str().to_ascii_lowercase());
                let operation = at(&document, &pointer);
                assert_eq!(operation["operationId"], json!(op.name), "{what}");
                assert_eq!(operation["x-source"], json!({"file": doc.file, "line": op.loc.line}), "{what}");
                let summary = op.title.en.clone().unwrap_or_else(|| op.title.zh.clone());
                assert_eq!(operation["summary"], json!(summary), "{what}");
                let description = operation["description"].as_str().unwrap_or_default();
                assert!(
                    description
                        .starts_with(&format!("{}\n\nSource: `{}` line {}.", op.title.zh, doc.file, op.loc.line)),
                    "{what}"
                );
                for param in &op.params {
                    check_param(&document, operation, op, param, &what);
                }
                let ok_schema = at(operation, "/responses/200/content/application~1json/schema");
                let envelope = referenced(&document, ok_schema);
                if let Some(Type::Object { name: type_name }) = op.response.as_ref().and_then(|r| r.ty.as_ref()) {
                    let result = &envelope["properties"]["result"];
                    assert_eq!(
                        referenced(&document, result),
                        at(&document, &format!("/components/schemas/{type_name}")),
                        "{what}"
                    );
                }
                for error in &op.errors {
                    let response = at(operation, &format!("/responses/{}", error.status));
                    assert_eq!(
                        at(response, "/content/application~1json/schema"),
                        ok_schema,
                        "{what}: {} shares the envelope",
                        error.status
                    );
                    let messages: Vec<&Value> = response["x-error-messages"]
                        .as_array()
                        .expect("a list")
                        .iter()
                        .map(|m| &m["message"])
                        .collect();
                    assert!(
                        messages.contains(&&json!(error.message)),
                        "{what}: `{}` not under {}",
                        error.message,
                        error.status
                    );
                }
                let statuses: BTreeSet<String> =
                    op.errors.iter().map(|e| e.status.to_string()).chain(["200".to_owned()]).collect();
                let documented: BTreeSet<String> =
                    operation["responses"].as_object().expect("a map").keys().cloned().collect();
                assert_eq!(documented, statuses, "{what}");
            }
            for type_def in &doc.types {
                let what = format!("{name}: type {}", type_def.name);
                let schema = at(&document, &format!("/components/schemas/{}", type_def.name));
                assert_eq!(schema["x-source"], json!({"file": doc.file, "line": type_def.loc.line}), "{what}");
                let fields: Vec<&String> = schema["properties"].as_object().expect("a map").keys().collect();
                let expected: Vec<&String> = type_def.fields.iter().map(|f| &f.wire).collect();
                assert_eq!(fields, expected, "{what}");
                // `required` is the IR's decision; the doc's word stays where the two differ.
                let required: Vec<Value> =
                    type_def.fields.iter().filter(|f| f.required).map(|f| json!(f.wire)).collect();
                let listed = if required.is_empty() { Value::Null } else { Value::Array(required) };
                assert_eq!(schema["required"], listed, "{what}");
                for field in &type_def.fields {
                    let property = &schema["properties"][&field.wire];
                    assert_eq!(property["x-source"], json!({"file": doc.file, "line": field.loc.line}), "{what}");
                    let doc_word = if field.doc_required && !field.required { json!(true) } else { Value::Null };
                    assert_eq!(property["x-doc-required"], doc_word, "{what}: {}", field.wire);
                }
            }
        }
    }
}

#[test]
fn form_arrays_have_an_encoding_entry_in_both_versions() {
    let api = spec_api();
    let mut arrays = 0;
    for (name, document) in documents() {
        for op in api.docs.iter().flat_map(|d| d.live_operations()) {
            if op.body != ir::BodyEncoding::Form {
                continue;
            }
            let media = format!(
                "/paths/{}/{}/requestBody/content/application~1x-www-form-urlencoded",
                token(&op.path),
                op.method.as_str().to_ascii_lowercase()
            );
            for param in op.params.iter().filter(|p| matches!(p.ty, Type::Array { .. })) {
                let entry = at(&document, &format!("{media}/encoding/{}", token(&param.wire)));
                assert_eq!(entry, &json!({"style": "form", "explode": true}), "{name}: {} {}", op.name, param.wire);
                let items = at(&document, &format!("{media}/schema/properties/{}/items", token(&param.wire)));
                assert!(
                    items.get("type").is_some() || items.get("$ref").is_some(),
                    "{name}: {} {}: untyped items {items}",
                    op.name,
                    param.wire
                );
                arrays += 1;
            }
        }
    }
    assert!(arrays >= 2, "spec/ has form arrays in both documents, found {arrays}");
}
