//! Generates the client from the project's spec into `OUT_DIR` with the generator library.
//! A doc with errors fails the build with the rendered diagnostics.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spec = root.join("spec/servers.md");
    let overrides = root.join("spec/overrides.toml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", overrides.display());
    let read = |path: &Path| std::fs::read(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let specs = [generator::Source::new("spec/servers.md", read(&spec))];
    let overrides = generator::Source::new("spec/overrides.toml", read(&overrides));
    let compiled = generator::compile(&specs, Some(&overrides));
    let Some(api) = &compiled.api else {
        panic!("the spec has errors:\n{}", compiled.render_diagnostics());
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("client.rs");
    std::fs::write(&out, generator::emit::rust::emit_single_file(api, "build_script_example"))
        .unwrap_or_else(|err| panic!("cannot write {}: {err}", out.display()));
}
