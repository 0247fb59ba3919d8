//! What `cargo doc` shows at the generated crate's root: the public items a user programs against, each with its
//! docs, and none of the items the generated code calls (checked in rustdoc's JSON output, which lists exactly the
//! items the HTML shows: no private and no `#[doc(hidden)]` item).
//!
//! rustdoc's JSON output is unstable; `RUSTC_BOOTSTRAP=1` enables it on the stable toolchain for this one
//! invocation (the dependencies are documented from the metadata other builds made, so nothing else changes).

use std::path::Path;
use std::process::Command;

/// The items of the crate root that are the crate's API, besides one module per doc of `spec/`: the client, its
/// builder and errors, what a call returns and takes, the extension points, and the runtime and reqwest crates.
const API: &[&str] = &[
    "AnyKind",
    "ApiResponse",
    "BuildError",
    "CallOptions",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Error",
    "Hook",
    "HookRequest",
    "HookResponse",
    "OperationError",
    "Paginated",
    "RedirectPolicy",
    "RedirectRefusal",
    "RetryPolicy",
    "mock",
    "reqwest",
    "runtime",
];

#[test]
fn the_crate_root_shows_the_api_and_no_internal_item() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO"))
        .args(["rustdoc", "--quiet", "-p", "htaiyun-client", "--all-features", "--lib", "--"])
        .args(["-Z", "unstable-options", "--output-format", "json"])
        .env("RUSTC_BOOTSTRAP", "1")
        .current_dir(&root)
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo rustdoc failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    let json = std::fs::read(Path::new(&target).join("doc/htaiyun_client.json")).expect("rustdoc wrote its JSON");
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let index = &doc["index"];
    let item = |id: &serde_json::Value| &index[id.to_string().as_str()];
    let crate_root = item(&doc["root"]);
    let mut shown: Vec<(String, String)> = crate_root["inner"]["module"]["items"]
        .as_array()
        .expect("the root module lists its items")
        .iter()
        .map(|id| {
            let entry = item(id);
            // A re-export (`pub use`) is named by its `use`. An item of this crate has its docs here; one of the
            // runtime crate is documented there (`#![deny(missing_docs)]`), and this index does not hold it.
            let (name, local) = match entry["inner"].get("use") {
                Some(re_export) => {
                    let target = if re_export["id"].is_null() { None } else { index.get(re_export["id"].to_string()) };
                    (re_export["name"].as_str().unwrap().to_owned(), target)
                }
                None => (entry["name"].as_str().unwrap().to_owned(), Some(entry)),
            };
            let docs = match local {
                Some(local) => entry["docs"].as_str().or(local["docs"].as_str()).unwrap_or("").to_owned(),
                None => "(documented in htaiyun-runtime)".to_owned(),
            };
            (name, docs)
        })
        .collect();
    shown.sort();
    let mut expected: Vec<String> = crate::operations::spec_api().docs.iter().map(|doc| doc.module.clone()).collect();
    expected.extend(API.iter().map(|name| (*name).to_owned()));
    expected.sort();
    let names: Vec<&str> = shown.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, expected, "the crate root's items in `cargo doc` (left) against the API (right)");
    let undocumented: Vec<&str> =
        shown.iter().filter(|(_, docs)| docs.trim().is_empty()).map(|(name, _)| name.as_str()).collect();
    assert_eq!(undocumented, Vec::<&str>::new(), "crate-root items without docs");
    // Every parameter of every request type is documented: its description (a path parameter's too, taken from
    // the body parameter bound to it or the same name elsewhere in the doc, when its section has none), whole,
    // then its wire name.
    let structs: Vec<&serde_json::Value> =
        index.as_object().unwrap().values().filter(|entry| entry["inner"].get("struct").is_some()).collect();
    let mut n_fields = 0;
    for op in crate::operations::spec_operations() {
        let request = format!("{}Request", generator::naming::pascal(&op.name).unwrap());
        let found = structs.iter().find(|entry| entry["name"] == request.as_str());
        let fields = found.expect("each operation's request type is documented")["inner"]["struct"]["kind"]["plain"]
            ["fields"]
            .as_array()
            .unwrap();
        for param in op.params.iter().filter(|param| param.bound_to_path.is_none()) {
            let field = fields.iter().map(item).find(|field| field["name"] == param.rust.as_str());
            let docs =
                field.unwrap_or_else(|| panic!("{request}.{} is public", param.rust))["docs"].as_str().unwrap_or("");
            let wire_line = format!("`{}` on the wire", param.wire);
            let (description, _) =
                docs.split_once(&wire_line).unwrap_or_else(|| panic!("{request}.{}: {docs:?}", param.rust));
            assert!(!description.trim().is_empty(), "{request}.{} has no description: {docs:?}", param.rust);
            if !param.description.is_empty() {
                assert!(description.contains(param.description.trim()), "{request}.{}: {docs:?}", param.rust);
            }
            n_fields += 1;
        }
    }
    assert!(n_fields > 0);
    // The crate's own page introduces the client and lists every request type.
    let crate_docs = crate_root["docs"].as_str().unwrap();
    for op in crate::operations::spec_operations() {
        let request = format!("{}Request", generator::naming::pascal(&op.name).unwrap());
        assert!(crate_docs.contains(&request), "the crate docs do not list `{request}`");
    }
}
