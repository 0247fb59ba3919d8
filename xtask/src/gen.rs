//! Reading the specs, running the generator, printing diagnostics, and writing (`write.rs`) or checking outputs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::{Compiled, Source};

use crate::{project_root, write, Args};

/// The spec files and overrides a command reads.
struct Inputs {
    specs: Vec<Source>,
    overrides: Option<Source>,
}

/// A path as diagnostics show it: relative to the project root when inside it, with `/` separators.
fn display_name(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

fn read_source(root: &Path, path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    Ok(Source::new(display_name(root, path), bytes))
}

/// Every `.md` file under `dir`, sorted by path.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("cannot list `{}`", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn inputs(args: &Args) -> Result<Inputs> {
    let root = project_root();
    let (spec_paths, overrides_path) = if args.specs.is_empty() {
        let default_overrides = root.join("spec/overrides.toml");
        (
            markdown_files(&root.join("spec"))?,
            args.overrides.clone().or(default_overrides.exists().then_some(default_overrides)),
        )
    } else {
        (args.specs.clone(), args.overrides.clone())
    };
    let specs = spec_paths.iter().map(|p| read_source(&root, p)).collect::<Result<Vec<_>>>()?;
    let overrides = overrides_path.map(|p| read_source(&root, &p)).transpose()?;
    Ok(Inputs { specs, overrides })
}

fn compile(args: &Args) -> Result<Compiled> {
    let inputs = inputs(args)?;
    let compiled = generator::compile(&inputs.specs, inputs.overrides.as_ref());
    eprint!("{}", compiled.render_diagnostics());
    Ok(compiled)
}

/// `cargo xtask ir`: the IR as pretty JSON on stdout; exit 1 if the docs have errors.
pub fn ir(args: &Args) -> Result<ExitCode> {
    let compiled = compile(args)?;
    eprintln!("{}", generator::diagnostics::summary(&compiled.diagnostics));
    match &compiled.api {
        Some(api) => {
            print!("{}", api.to_json());
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::FAILURE),
    }
}

/// `cargo xtask gen [--check]`: compile the docs and write (or check) every generated file under
/// `generated-client/`. Exit 1 if the docs have errors (nothing is written) or, with `--check`, if a file is stale.
pub fn gen(args: &Args) -> Result<ExitCode> {
    let compiled = compile(args)?;
    let Some(api) = &compiled.api else {
        eprintln!("{}; nothing written", generator::diagnostics::summary(&compiled.diagnostics));
        return Ok(ExitCode::FAILURE);
    };
    let operations: usize = api.docs.iter().map(|d| d.live_operations().count()).sum();
    eprintln!("{} operations; {}", operations, generator::diagnostics::summary(&compiled.diagnostics));
    let (out_dir, layout) = match &args.out {
        Some(dir) => (dir.clone(), generator::emit::Layout::Standalone { package: package_name(api) }),
        None => (project_root().join("generated-client"), generator::emit::Layout::Workspace),
    };
    let files = generator::emit::emit(api, &layout);
    let owned = owned_dirs(&layout);
    if args.check {
        let plan = write::plan(&out_dir, &files, owned)?;
        let stale = plan.stale();
        if stale.is_empty() {
            eprintln!("{} generated files are fresh", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            let why = if plan.orphans.contains(path) {
                " (generated earlier, no longer produced)"
            } else if plan.strays.contains(path) {
                " (not generated, in a generated directory)"
            } else {
                ""
            };
            eprintln!("stale: {path}{why}");
        }
        eprintln!("{} generated files are stale; run `cargo xtask gen` and commit the result", stale.len());
        return Ok(ExitCode::FAILURE);
    }
    write::clean_leftovers(&out_dir)?;
    let plan = write::plan(&out_dir, &files, owned)?;
    write::apply(&out_dir, &files, &plan, args.force)?;
    eprintln!(
        "{} files written, {} removed, {} unchanged",
        plan.changed.len(),
        plan.orphans.len() + plan.strays.len(),
        files.len() - plan.changed.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The directories whose every file the generator writes: `src/generated/`, and in `generated-client/` (whose
/// `Cargo.toml` and `examples/` are hand-written) all of `src/` and `tests/`.
fn owned_dirs(layout: &generator::emit::Layout) -> &'static [&'static str] {
    match layout {
        generator::emit::Layout::Workspace => &["src", "tests"],
        generator::emit::Layout::Standalone { .. } => &["src/generated"],
    }
}

/// The package name of a standalone crate (the naming authority's rule: `<module>-client`, `api-client`).
fn package_name(api: &generator::ir::Api) -> String {
    let modules: Vec<&str> = api.docs.iter().map(|d| d.module.as_str()).collect();
    generator::naming::package_name(&modules)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in generated files are what `cargo xtask gen` would write now.
    #[test]
    fn generated_files_are_fresh() {
        let args = Args::default();
        let inputs = inputs(&args).expect("spec files are readable");
        let compiled = generator::compile(&inputs.specs, inputs.overrides.as_ref());
        let api =
            compiled.api.as_ref().unwrap_or_else(|| panic!("spec/ has errors:\n{}", compiled.render_diagnostics()));
        let layout = generator::emit::Layout::Workspace;
        let files = generator::emit::emit(api, &layout);
        let plan = write::plan(&project_root().join("generated-client"), &files, owned_dirs(&layout));
        let stale = plan.expect("outputs are readable").stale();
        assert!(stale.is_empty(), "stale generated files: {stale:?}; run `cargo xtask gen` and commit the result");
    }

    /// Two runs over the same input give the same bytes, for every output file.
    #[test]
    fn generation_is_deterministic() {
        let inputs = inputs(&Args::default()).expect("spec files are readable");
        let run = || {
            let compiled = generator::compile(&inputs.specs, inputs.overrides.as_ref());
            let api = compiled.api.expect("spec/ compiles");
            let mut files = generator::emit::emit(&api, &generator::emit::Layout::Workspace);
            files.extend(generator::emit::emit(&api, &generator::emit::Layout::Standalone { package: "x".into() }));
            files
        };
        let first = run();
        assert!(first.len() >= 9, "{} files", first.len());
        assert_eq!(first, run());
    }
}
