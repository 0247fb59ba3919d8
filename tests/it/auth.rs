//! Auth per operation, least privilege: the credential headers the Rust client sends for an operation are exactly
//! those its OpenAPI `security` names, and exactly the access token plus the session headers its section lists.
//!
//! Both sides come from the generated artefacts: for `spec/`, what the client sends to a loopback server for every
//! operation of the IR against the checked-in `openapi.json`; for the fixture docs, the `AUTH` lists of the
//! emitted Rust against the emitted OpenAPI document.

use std::collections::BTreeMap;

use generator::ir::{self, HeaderKind};
use htaiyun_client::{Client, Credentials};
use serde_json::Value;

use crate::operations;
use crate::redirects::{ok, recording_server};

const TOKEN: &str = "tok-Au17";
const SESSION: &str = "sess-Au28";
const SECRET: &str = "sec-Au39";

/// Operation id → the header names (lowercase) its OpenAPI `security` requirement names, through the document's
/// `securitySchemes` (`apiKey` by its `name`, HTTP Basic as `authorization`).
fn openapi_credentials(document: &Value) -> BTreeMap<String, Vec<String>> {
    let schemes = &document["components"]["securitySchemes"];
    let mut res = BTreeMap::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            let id = operation["operationId"].as_str().expect("an operationId").to_owned();
            let requirements = operation["security"].as_array().expect("every operation states its security");
            assert_eq!(requirements.len(), 1, "{id}: one requirement with every header");
            let mut names: Vec<String> = requirements[0]
                .as_object()
                .expect("a requirement")
                .keys()
                .map(|scheme| match schemes[scheme]["type"].as_str() {
                    Some("http") => "authorization".to_owned(),
                    _ => schemes[scheme]["name"]
                        .as_str()
                        .expect("an apiKey scheme names its header")
                        .to_ascii_lowercase(),
                })
                .collect();
            names.sort();
            // RPC-style sections that share this method and path are sent with the same credentials.
            for sibling in operation["x-rpc-operations"].as_array().into_iter().flatten() {
                res.insert(sibling["operationId"].as_str().expect("an operationId").to_owned(), names.clone());
            }
            res.insert(id, names);
        }
    }
    res
}

/// What the IR says an operation must send: the access token (the section's name for it, else the name most
/// sections of the doc use, else `HT-ACCESS-TOKEN`) and the session headers the section lists.
fn expected_credentials(doc: &ir::Doc, op: &ir::Operation) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for header in doc.live_operations().flat_map(|o| &o.headers).filter(|h| h.kind == HeaderKind::AccessToken) {
        match counts.iter_mut().find(|(name, _)| *name == header.name) {
            Some(entry) => entry.1 += 1,
            None => counts.push((header.name.clone(), 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let doc_token = counts.into_iter().find(|(_, n)| *n == max).map_or("HT-ACCESS-TOKEN".to_owned(), |(name, _)| name);
    let own_token = op.headers.iter().find(|h| h.kind == HeaderKind::AccessToken).map(|h| h.name.clone());
    let mut res = vec![own_token.unwrap_or(doc_token).to_ascii_lowercase()];
    for header in &op.headers {
        if matches!(header.kind, HeaderKind::SessionToken | HeaderKind::SessionSecret | HeaderKind::BasicAuth) {
            res.push(header.name.to_ascii_lowercase());
        }
    }
    res.sort();
    res.dedup();
    res
}

#[tokio::test]
async fn the_client_sends_for_each_operation_exactly_what_its_openapi_security_says() {
    let document: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../generated-client/openapi.json")).unwrap(),
    )
    .unwrap();
    let from_openapi = openapi_credentials(&document);
    let (url, log) = recording_server(|_, _| ok("null")).await;
    let client = Client::builder()
        .base_url(&url)
        .credentials(Credentials::new().with_access_token(TOKEN).with_session(SESSION, SECRET))
        .build()
        .unwrap();
    use base64::Engine as _;
    let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{SESSION}:{SECRET}")));
    let api = operations::spec_api();
    let mut n_operations = 0;
    for doc in &api.docs {
        for op in doc.live_operations() {
            log.lock().unwrap().clear();
            operations::call(&client, &op.name).await;
            let requests = log.lock().unwrap().clone();
            assert_eq!(requests.len(), 1, "{}", op.name);
            // Every header that carries a secret, whatever its name.
            let mut sent: Vec<String> = requests[0]
                .headers
                .iter()
                .filter(|(_, value)| [TOKEN, SESSION, SECRET].iter().any(|s| value.contains(s)) || *value == basic)
                .map(|(name, _)| name.clone())
                .collect();
            sent.sort();
            let id = generator::naming::portable(&op.name);
            assert_eq!(Some(&sent), from_openapi.get(&id), "{}: sent vs OpenAPI security", op.name);
            assert_eq!(sent, expected_credentials(doc, op), "{}: sent vs the IR", op.name);
            n_operations += 1;
        }
    }
    assert_eq!(n_operations, from_openapi.len());
}

/// Operation id → the header names (lowercase) of its `AUTH` list in emitted Rust, read from the source text.
fn rust_credentials(source: &str) -> BTreeMap<String, Vec<String>> {
    let mut res = BTreeMap::new();
    for block in source.split("static SPEC: runtime::Spec = runtime::Spec {").skip(1) {
        let name = block.split("name: \"").nth(1).and_then(|rest| rest.split('"').next());
        let auth = block.split("auth: &[").nth(1).and_then(|r| r.split("],").next());
        let (Some(name), Some(auth)) = (name, auth) else { panic!("a Spec without name or auth:\n{block}") };
        let mut names: Vec<String> = auth
            .split("lowercase: \"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
            .collect();
        names.sort();
        // The OpenAPI `operationId` is the name made portable (`default` → `default_`); key both sides by it.
        res.insert(generator::naming::portable(name), names);
    }
    res
}

#[test]
fn emitted_rust_and_openapi_agree_on_credentials_for_every_fixture_operation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/test_data/docs");
    let mut n_docs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let overrides_path = dir.join(format!("{stem}.overrides.toml"));
        let overrides =
            overrides_path.exists().then(|| generator::Source::new("o.toml", std::fs::read(&overrides_path).unwrap()));
        let doc = generator::Source::new(format!("{stem}.md"), std::fs::read(&path).unwrap());
        let Some(api) = generator::compile(&[doc], overrides.as_ref()).api else { continue };
        let layout = generator::emit::Layout::Standalone {
            package: "fixture-client".into(),
            runtime: generator::emit::rust::RuntimeDependency::Vendored,
        };
        let files = generator::emit::emit(&api, &layout);
        let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.clone());
        let document: Value = serde_json::from_str(&file("openapi.json").expect("an OpenAPI document")).unwrap();
        let from_openapi = openapi_credentials(&document);
        let doc = &api.docs[0];
        let from_rust = rust_credentials(&file(&format!("src/generated/{}.rs", doc.module)).expect("a module"));
        assert_eq!(from_rust, from_openapi, "{stem}: Rust AUTH vs OpenAPI security");
        for op in doc.live_operations() {
            let id = generator::naming::portable(&op.name);
            assert_eq!(from_rust.get(&id), Some(&expected_credentials(doc, op)), "{stem}: {}", op.name);
        }
        if stem == "credentials_per_operation" {
            // Least privilege, spelled out: no session where the section names none, the token where it forgot it,
            // and a misspelled session header (`IMR-SESION-TOKEN`) carries nothing.
            let expected: BTreeMap<String, Vec<String>> = [
                ("list_tasks", &["ht-access-token"][..]),
                ("create_task", &["ht-access-token", "imr-session-secret", "imr-session-token"]),
                ("run_task", &["ht-access-token", "imr-session-secret"]),
                ("task_status", &["ht-access-token"]),
            ]
            .into_iter()
            .map(|(name, headers)| (name.to_owned(), headers.iter().map(|h| (*h).to_owned()).collect()))
            .collect();
            assert_eq!(from_rust, expected);
        }
        if stem == "overrides_new_kinds" {
            // The section lists the session headers, and an `[[operation]]` override's `headers` drops them: the
            // client and the OpenAPI `security` both follow the override, not the doc.
            let doc_only = generator::compile(
                &[generator::Source::new(format!("{stem}.md"), std::fs::read(&path).unwrap())],
                None,
            );
            let doc_only = doc_only.api.expect("the fixture compiles without its overrides");
            let listed = doc_only.docs[0].live_operations().find(|op| op.name == "list_servers").expect("list_servers");
            let listed_sessions: Vec<&str> = listed
                .headers
                .iter()
                .filter(|h| matches!(h.kind, HeaderKind::SessionToken | HeaderKind::SessionSecret))
                .map(|h| h.name.as_str())
                .collect();
            assert_eq!(listed_sessions, ["IMR-SESSION-TOKEN", "IMR-SESSION-SECRET"], "the doc lists the session");
            let token_only = vec!["ht-access-token".to_owned()];
            assert_eq!(from_rust.get("list_servers"), Some(&token_only), "Rust AUTH after the headers override");
            assert_eq!(from_openapi.get("list_servers"), Some(&token_only), "OpenAPI security after the override");
        }
        if stem == "credential_header_override" {
            // The override spells the secret's header right for `create_job`; `list_jobs` sends it as the doc
            // misspells it (and the generator warns there).
            let expected: BTreeMap<String, Vec<String>> = [
                ("create_job", &["ht-access-token", "imr-session-secret", "imr-session-token"][..]),
                ("list_jobs", &["ht-access-token", "imr-session-token", "imr-session_secret"]),
            ]
            .into_iter()
            .map(|(name, headers)| (name.to_owned(), headers.iter().map(|h| (*h).to_owned()).collect()))
            .collect();
            assert_eq!(from_rust, expected);
        }
        n_docs += 1;
    }
    assert!(n_docs >= 20, "only {n_docs} fixture docs compiled");
}
