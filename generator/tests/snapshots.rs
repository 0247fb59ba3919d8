//! Data-driven snapshot tests: every fixture doc under `test_data/docs/` and the real `spec/servers.md`.
//!
//! Each `NAME.md` (with an optional `NAME.overrides.toml`) is compiled; the rendered diagnostics are compared with
//! `NAME.diag` and the IR with `NAME.ir.json`. Run with `UPDATE_EXPECT=1` to bless new output, then read the diff.

use std::path::{Path, PathBuf};

use expect_test::expect_file;
use generator::Source;

fn test_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

/// Compiles `doc` (shown as `name`) and returns (diagnostics, IR JSON or a line saying there is none).
fn check(name: &str, doc: &[u8], overrides: Option<(&str, Vec<u8>)>) -> (String, String) {
    let overrides = overrides.map(|(n, bytes)| Source::new(n, bytes));
    let compiled = generator::compile(&[Source::new(name, doc.to_vec())], overrides.as_ref());
    let diag = compiled.render_diagnostics() + &generator::diagnostics::summary(&compiled.diagnostics) + "\n";
    let ir = compiled.api.as_ref().map_or_else(|| "no IR: the doc has errors\n".to_owned(), |api| api.to_json());
    (diag, ir)
}

#[test]
fn fixture_docs() {
    let dir = test_data().join("docs");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("test_data/docs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(!docs.is_empty(), "no fixtures in {}", dir.display());
    for doc in docs {
        let stem = doc.file_stem().unwrap().to_string_lossy().into_owned();
        let overrides_path = dir.join(format!("{stem}.overrides.toml"));
        let overrides = overrides_path
            .exists()
            .then(|| (format!("{stem}.overrides.toml"), std::fs::read(&overrides_path).unwrap()));
        let (diag, ir) = check(
            &format!("{stem}.md"),
            &std::fs::read(&doc).unwrap(),
            overrides.as_ref().map(|(n, b)| (n.as_str(), b.clone())),
        );
        expect_file![dir.join(format!("{stem}.diag"))].assert_eq(&diag);
        expect_file![dir.join(format!("{stem}.ir.json"))].assert_eq(&ir);
    }
}

/// The whole IR of the real spec and its diagnostics, pinned: every `.md` under `spec/` (sorted) with
/// `spec/overrides.toml`, as `cargo xtask gen` reads them. `cargo xtask gen` writes these two files (and
/// `gen --check` fails when they are stale), so a doc change needs no other step; the diff shows what it did.
#[test]
fn servers_ir_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("spec"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    let sources: Vec<Source> = docs
        .iter()
        .map(|p| Source::new(format!("spec/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read(p).unwrap()))
        .collect();
    let overrides = Source::new("spec/overrides.toml", std::fs::read(root.join("spec/overrides.toml")).unwrap());
    let compiled = generator::compile(&sources, Some(&overrides));
    let diag = compiled.render_diagnostics() + &generator::diagnostics::summary(&compiled.diagnostics) + "\n";
    let ir = compiled.api.as_ref().map_or_else(|| "no IR: the doc has errors\n".to_owned(), |api| api.to_json());
    let dir = test_data().join("servers");
    expect_file![dir.join("servers.diag")].assert_eq(&diag);
    expect_file![dir.join("servers.ir.json")].assert_eq(&ir);
}

/// Every fixture doc that compiles also goes through both emitters: the Rust parses (the emitter checks it with
/// syn) and the OpenAPI documents are JSON objects with one operation per emitted IR operation.
#[test]
fn fixture_docs_emit() {
    let dir = test_data().join("docs");
    let mut emitted = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let overrides_path = dir.join(format!("{stem}.overrides.toml"));
        let overrides = overrides_path.exists().then(|| Source::new("o.toml", std::fs::read(&overrides_path).unwrap()));
        let compiled =
            generator::compile(&[Source::new(format!("{stem}.md"), std::fs::read(&path).unwrap())], overrides.as_ref());
        let Some(api) = compiled.api else { continue };
        let layout = generator::emit::Layout::Standalone {
            package: "fixture-client".into(),
            runtime: generator::emit::rust::RuntimeDependency::Vendored,
        };
        let files = generator::emit::emit(&api, &layout);
        for name in
            ["Cargo.toml", "src/lib.rs", "runtime/src/lib.rs", "openapi.json", "openapi-3.0.json", "openapi.yaml"]
        {
            assert!(files.iter().any(|f| f.path == name), "{stem}: no {name}");
        }
        let openapi: serde_json::Value =
            serde_json::from_str(&files.iter().find(|f| f.path == "openapi.json").unwrap().contents).unwrap();
        assert!(openapi["paths"].as_object().is_some_and(|p| !p.is_empty()), "{stem}: no paths");
        assert!(
            generator::emit::rust::emit_single_file(&api, "fixture_client").contains("pub mod generated"),
            "{stem}"
        );
        emitted += 1;
    }
    assert!(emitted >= 20, "only {emitted} fixtures compiled");
}

/// The hostile-names fixture (every name the generated crate already uses, keywords, digits first, CJK only,
/// case-only and `-`/`_` twins) and a second doc with the same module name: the IR is pinned, every Rust name
/// passes the naming checks, and `.ci/run` compiles the crate (with its tests and the `mock` feature).
#[test]
fn hostile_names() {
    let dir = test_data().join("hostile");
    let specs: Vec<Source> = ["hostile_names.md", "hostile_names_twin.md"]
        .iter()
        .map(|name| Source::new(*name, std::fs::read(dir.join(name)).unwrap()))
        .collect();
    let compiled = generator::compile(&specs, None);
    let diag = compiled.render_diagnostics() + &generator::diagnostics::summary(&compiled.diagnostics) + "\n";
    expect_file![dir.join("hostile.diag")].assert_eq(&diag);
    let api = compiled.api.expect("the hostile docs compile: every name has a rule");
    expect_file![dir.join("hostile.ir.json")].assert_eq(&api.to_json());
    assert_eq!(generator::naming::verify(&api), Vec::<String>::new());
    let modules: Vec<&str> = api.docs.iter().map(|d| d.module.as_str()).collect();
    assert_eq!(modules, ["runtime_api", "runtime_api_2"]);
    // Every operation of both docs is emitted, none dropped by a name.
    let live: usize = api.docs.iter().map(|d| d.live_operations().count()).sum();
    let sections: usize = specs.iter().map(|s| String::from_utf8_lossy(&s.bytes).matches("\n## ").count()).sum();
    assert_eq!(live, sections);
}

/// A spec file name is input too: a line break or a bidirectional-text control in it is escaped in every
/// comment it reaches (the `@generated` line of each Rust file and of `Cargo.toml`), and the JSON and YAML
/// documents still parse.
#[test]
fn file_names_are_escaped_where_they_land() {
    let doc = std::fs::read(test_data().join("docs/param_tables.md")).unwrap();
    let name = "evil\n}fn injected() {}\r//\u{202e}.md";
    let compiled = generator::compile(&[Source::new(name, doc)], None);
    let api = compiled.api.expect("the doc compiles");
    let layout = generator::emit::Layout::Standalone {
        package: "evil\"\n[x]".into(),
        runtime: generator::emit::rust::RuntimeDependency::Vendored,
    };
    let files = generator::emit::emit(&api, &layout);
    let first_line = |path: &str| {
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        file.contents.lines().next().unwrap().to_owned()
    };
    let escaped = "evil\\n}fn injected() {}\\r//\\u{202e}.md";
    for path in ["src/lib.rs", "src/generated/mod.rs", "tests/requests.rs", "tests/doc_examples.rs"] {
        assert_eq!(
            first_line(path),
            format!("// @generated by `cargo xtask gen` from {escaped}. Do not edit by hand.")
        );
    }
    assert_eq!(
        first_line("Cargo.toml"),
        format!("# @generated by `cargo xtask gen` from {escaped}. Do not edit by hand.")
    );
    let cargo: toml::Table = files.iter().find(|f| f.path == "Cargo.toml").unwrap().contents.parse().expect("TOML");
    assert_eq!(cargo["package"]["name"].as_str(), Some("evil\"\n[x]"));
    for file in &files {
        if file.path.ends_with(".rs") {
            syn::parse_file(&file.contents).unwrap_or_else(|err| panic!("{}: {err}\n{}", file.path, file.contents));
            assert!(!file.contents.contains("\nfn injected"), "{}", file.path);
            assert!(!file.contents.contains('\u{202e}'), "{}: a raw bidi control", file.path);
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&files.iter().find(|f| f.path == "openapi.json").unwrap().contents)
            .expect("openapi.json parses");
    let yaml: serde_json::Value =
        serde_yaml_ng::from_str(&files.iter().find(|f| f.path == "openapi.yaml").unwrap().contents).expect("YAML");
    assert_eq!(json, yaml);
    let source =
        json["paths"].as_object().unwrap().values().next().unwrap().as_object().unwrap().values().next().unwrap()
            ["x-source"]["file"]
            .clone();
    assert_eq!(source, serde_json::Value::String(name.to_owned()));
}

/// A request sample written as a plain JSON paragraph under a usage heading makes the section RPC-style, as a code
/// block would, and each parameter is sent where the sample writes it: the emitted client's pinned request body
/// and the OpenAPI body schema both nest the members of `data`.
#[test]
fn rpc_sample_in_a_paragraph_places_parameters() {
    let doc = std::fs::read(test_data().join("docs/rpc_usage_paragraph.md")).unwrap();
    let compiled = generator::compile(&[Source::new("wallet.md", doc)], None);
    let api = compiled.api.expect("the doc compiles");
    /// (operation, selector value, [(parameter, container)]).
    type Placed = (String, i64, Vec<(String, Vec<String>)>);
    let placed: Vec<Placed> = api.docs[0]
        .live_operations()
        .map(|op| {
            let rpc = op.rpc.as_ref().expect("every section is RPC-style");
            (op.name.clone(), rpc.value, op.params.iter().map(|p| (p.wire.clone(), p.container.clone())).collect())
        })
        .collect();
    let data = || vec!["data".to_owned()];
    assert_eq!(
        placed,
        [
            (
                "query_balance".to_owned(),
                2001,
                vec![("token".to_owned(), vec![]), ("userid".to_owned(), data()), ("currency".to_owned(), data())]
            ),
            (
                "recharge".to_owned(),
                2002,
                vec![
                    ("userid".to_owned(), data()),
                    ("amount".to_owned(), data()),
                    ("note".to_owned(), vec!["data".to_owned(), "detail".to_owned()])
                ]
            ),
            ("refund".to_owned(), 2003, vec![("orderid".to_owned(), vec![])]),
        ]
    );
    let files = generator::emit::emit(
        &api,
        &generator::emit::Layout::Standalone {
            package: "wallet-client".into(),
            runtime: generator::emit::rust::RuntimeDependency::Vendored,
        },
    );
    let requests = &files.iter().find(|f| f.path == "tests/requests.rs").unwrap().contents;
    for body in [
        r#""{\"code\":2001,\"token\":\"v0\",\"data\":{\"userid\":11,\"currency\":\"v2\"}}""#,
        r#""{\"code\":2002,\"data\":{\"userid\":10,\"amount\":11,\"detail\":{\"note\":\"v2\"}}}""#,
        r#""{\"code\":2003,\"orderid\":\"v0\"}""#,
    ] {
        assert!(requests.contains(body), "no {body} in tests/requests.rs:\n{requests}");
    }
    let openapi: serde_json::Value =
        serde_json::from_str(&files.iter().find(|f| f.path == "openapi.json").unwrap().contents).unwrap();
    let one_of = &openapi["paths"]["/cgi-bin/wallet.php"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["oneOf"];
    // Each selector's body is a named component schema.
    let variants: Vec<&serde_json::Value> = (0..3)
        .map(|idx| {
            let reference = one_of[idx]["$ref"].as_str().expect("a $ref");
            &openapi["components"]["schemas"][reference.trim_start_matches("#/components/schemas/")]
        })
        .collect();
    assert_eq!(variants[0]["required"], serde_json::json!(["code", "token", "data"]));
    assert_eq!(variants[0]["properties"]["data"]["required"], serde_json::json!(["userid"]));
    assert_eq!(variants[1]["properties"]["data"]["properties"]["detail"]["required"], serde_json::json!(["note"]));
}

/// Every provenance rule decides some fact of some fixture: the IR's records (pinned by the `.ir.json` snapshots),
/// and the facts the report adds from the emitters' own decisions (an operation's `auth`, whose access-token rules
/// `report::tests` pins with exact values).
#[test]
fn every_provenance_rule_is_pinned_by_a_fixture() {
    fn rules_in(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if map.get("kind").and_then(|k| k.as_str()) == Some("rule") {
                    out.extend(map.get("rule").and_then(|r| r.as_str()).map(str::to_owned));
                }
                map.values().for_each(|v| rules_in(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| rules_in(v, out)),
            _ => {}
        }
    }
    let dir = test_data().join("docs");
    let mut seen = std::collections::BTreeSet::new();
    // The hostile-names fixture pins the naming authority's rules (its IR is blessed by `hostile_names`).
    let hostile = test_data().join("hostile/hostile.ir.json");
    rules_in(&serde_json::from_str(&std::fs::read_to_string(hostile).unwrap()).unwrap(), &mut seen);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".ir.json") {
            if let Ok(ir) = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap()) {
                rules_in(&ir, &mut seen);
            }
        }
        if path.extension().is_some_and(|e| e == "md") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let overrides_path = dir.join(format!("{stem}.overrides.toml"));
            let overrides =
                overrides_path.exists().then(|| Source::new("o.toml", std::fs::read(&overrides_path).unwrap()));
            let compiled = generator::compile(
                &[Source::new(format!("{stem}.md"), std::fs::read(&path).unwrap())],
                overrides.as_ref(),
            );
            if let Some(api) = &compiled.api {
                let report = generator::report::report(api, &compiled.diagnostics, &compiled.files);
                rules_in(&serde_json::from_str(&report.to_json()).unwrap(), &mut seen);
            }
        }
    }
    let missing: Vec<&str> =
        generator::ir::Rule::ALL.iter().map(|r| r.as_str()).filter(|r| !seen.contains(*r)).collect();
    assert!(missing.is_empty(), "no fixture records these rules: {missing:?}");
}

/// Compiles a fixture of `test_data/diff/` (`NAME.old.md` or `NAME.new.md`, with its `.overrides.toml` if there is
/// one), which must have no errors.
fn diff_side(dir: &Path, stem: &str, side: &str) -> generator::ir::Api {
    let doc = format!("{stem}.{side}.md");
    let overrides_path = dir.join(format!("{stem}.{side}.overrides.toml"));
    let overrides =
        overrides_path.exists().then(|| Source::new("overrides.toml", std::fs::read(&overrides_path).unwrap()));
    let compiled = generator::compile(&[Source::new(&doc, std::fs::read(dir.join(&doc)).unwrap())], overrides.as_ref());
    let diagnostics = compiled.render_diagnostics();
    compiled.api.unwrap_or_else(|| panic!("{doc} has errors:\n{diagnostics}"))
}

/// Each pair `NAME.old.md` / `NAME.new.md` under `test_data/diff/` pins the changes between them (with severity and
/// surface, one entry per surface where the two judge a change differently) and the semver verdict in
/// `NAME.diff.json`. Every change code is pinned by some pair, and each side compared with itself has no change.
#[test]
fn diff_fixtures() {
    let dir = test_data().join("diff");
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".old.md").map(str::to_owned))
        .collect();
    stems.sort();
    assert!(stems.len() >= 5, "{stems:?}");
    let mut codes = std::collections::BTreeSet::new();
    for stem in &stems {
        let (old, new) = (diff_side(&dir, stem, "old"), diff_side(&dir, stem, "new"));
        let diff = generator::diff::diff(&old, &new);
        expect_file![dir.join(format!("{stem}.diff.json"))].assert_eq(&diff.to_json());
        codes.extend(diff.changes.iter().map(|c| c.code.as_str()));
        for api in [&old, &new] {
            let same = generator::diff::diff(api, api);
            assert_eq!(
                (same.semver, same.changes.len()),
                (generator::diff::Semver::None, 0),
                "{stem}: {:?}",
                same.changes
            );
        }
    }
    let missing: Vec<&str> =
        generator::diff::ChangeCode::ALL.iter().map(|c| c.as_str()).filter(|c| !codes.contains(c)).collect();
    assert!(missing.is_empty(), "no fixture pair pins these change codes: {missing:?}");
}

/// A doc compared with itself has no change: the real spec and every fixture doc.
#[test]
fn diff_of_a_doc_with_itself_is_none() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let overrides = Source::new("spec/overrides.toml", std::fs::read(root.join("spec/overrides.toml")).unwrap());
    let spec = Source::new("spec/servers.md", std::fs::read(root.join("spec/servers.md")).unwrap());
    let mut apis = vec![generator::compile(&[spec], Some(&overrides)).api.expect("spec/ compiles")];
    for entry in std::fs::read_dir(test_data().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            apis.extend(generator::compile(&[Source::new("doc.md", std::fs::read(&path).unwrap())], None).api);
        }
    }
    assert!(apis.len() >= 20, "{} docs compiled", apis.len());
    for api in &apis {
        let diff = generator::diff::diff(api, api);
        assert_eq!(diff.semver, generator::diff::Semver::None, "{}: {:?}", api.docs[0].file, diff.changes);
        assert!(diff.changes.is_empty());
        assert_eq!(diff.to_json(), "{\n  \"semver\": \"none\",\n  \"changes\": []\n}\n");
    }
}

/// The OpenAPI contract fixtures (`test_data/docs/openapi_*.md`): both documents of each are pinned whole
/// (`NAME.openapi.json`, `NAME.openapi-3.0.json`), so every rule they show (required against the examples, the
/// integer widths, a bound body field, the envelope beside a flat result, `minItems`, typed items, `encoding` in
/// both versions, identifier-safe names, `x-source` on parameters and properties) is read in one diff.
#[test]
fn openapi_contract_fixtures() {
    let dir = test_data().join("docs");
    let mut pinned = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        // The RPC fixture too: one operation for several selectors, with every selector's errors.
        if path.extension().is_none_or(|e| e != "md") || !(stem.starts_with("openapi_") || stem == "rpc_style_sections")
        {
            continue;
        }
        let overrides_path = dir.join(format!("{stem}.overrides.toml"));
        let overrides = overrides_path.exists().then(|| Source::new("o.toml", std::fs::read(&overrides_path).unwrap()));
        let compiled =
            generator::compile(&[Source::new(format!("{stem}.md"), std::fs::read(&path).unwrap())], overrides.as_ref());
        let api = compiled.api.unwrap_or_else(|| panic!("{stem} has errors"));
        let files = generator::emit::openapi::emit(&api);
        for (file, suffix) in [
            (generator::emit::openapi::JSON_PATH, "openapi.json"),
            (generator::emit::openapi::JSON_3_0_PATH, "openapi-3.0.json"),
        ] {
            let contents = &files.iter().find(|f| f.path == file).unwrap().contents;
            expect_file![dir.join(format!("{stem}.{suffix}"))].assert_eq(contents);
        }
        pinned += 1;
    }
    assert!(pinned >= 3, "only {pinned} OpenAPI contract fixtures");
}

/// Every code a fixture's diagnostics show is in `Code::ALL`, the list `[[allow]]` entries are checked against, so
/// any warning a doc can get can be acknowledged.
#[test]
fn every_code_in_a_fixture_can_be_named_by_an_allow() {
    let mut codes = std::collections::BTreeSet::new();
    for dir in ["docs", "servers"] {
        for entry in std::fs::read_dir(test_data().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "diag") {
                let text = std::fs::read_to_string(&path).unwrap();
                // `FILE:LINE:COL: level[code]: message`
                codes.extend(text.lines().filter_map(|l| Some(l.split_once("[")?.1.split_once("]: ")?.0.to_owned())));
            }
        }
    }
    assert!(codes.contains("required-not-in-example") && codes.contains("duplicate-anchor"), "{codes:?}");
    let unknown: Vec<&String> = codes.iter().filter(|c| generator::diagnostics::Code::from_name(c).is_none()).collect();
    assert!(unknown.is_empty(), "codes missing from `Code::ALL`: {unknown:?}");
}
