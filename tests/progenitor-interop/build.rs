//! Runs progenitor on the exported OpenAPI 3.0.3 document and writes the client to `OUT_DIR/codegen.rs`.
//!
//! Progenitor aborts (`not yet implemented: media type encoding not empty`) on a request body with an `encoding`
//! map, which the document has for every form array (`style: form, explode: true`). As a progenitor user would,
//! this script removes the encoding maps before generating; progenitor cannot send a list in a form body anyway.

use std::path::Path;

use openapiv3::{OpenAPI, ReferenceOr};

/// Drops every request body's `encoding` map, the one part of the document progenitor cannot read.
fn strip_encodings(spec: &mut OpenAPI) -> usize {
    let mut stripped = 0;
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                for media in body.content.values_mut() {
                    stripped += media.encoding.len();
                    media.encoding.clear();
                }
            }
        }
    }
    stripped
}

fn main() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated-client/openapi-3.0.json");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    let text = std::fs::read_to_string(&spec_path).expect("generated-client/openapi-3.0.json is readable");
    let mut spec: OpenAPI = serde_json::from_str(&text).expect("the 3.0.3 document parses as OpenAPI 3.0");
    let stripped = strip_encodings(&mut spec);
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    // The tests read how many entries were removed, so a document without any would be noticed.
    std::fs::write(Path::new(&out_dir).join("stripped_encodings.txt"), stripped.to_string())
        .expect("OUT_DIR is writable");
    let mut generator = progenitor::Generator::default();
    let tokens =
        generator.generate_tokens(&spec).unwrap_or_else(|err| panic!("progenitor rejects the document: {err}"));
    let file: syn::File = syn::parse2(tokens).expect("progenitor's output is Rust");
    std::fs::write(Path::new(&out_dir).join("codegen.rs"), prettyplease::unparse(&file)).expect("OUT_DIR is writable");
}
