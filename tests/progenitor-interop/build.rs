//! Runs progenitor on the exported OpenAPI 3.0.3 document and writes the client to `OUT_DIR/codegen.rs`.

use std::path::Path;

fn main() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated-client/openapi-3.0.json");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    let text = std::fs::read_to_string(&spec_path).expect("generated-client/openapi-3.0.json is readable");
    let spec: openapiv3::OpenAPI = serde_json::from_str(&text).expect("the 3.0.3 document parses as OpenAPI 3.0");
    let mut generator = progenitor::Generator::default();
    let tokens =
        generator.generate_tokens(&spec).unwrap_or_else(|err| panic!("progenitor rejects the document: {err}"));
    let file: syn::File = syn::parse2(tokens).expect("progenitor's output is Rust");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("codegen.rs");
    std::fs::write(out, prettyplease::unparse(&file)).expect("OUT_DIR is writable");
}
