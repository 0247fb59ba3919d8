//! Reading the specs, running the generator, printing diagnostics, and (later) writing or checking outputs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::{Compiled, Source};

use crate::{project_root, Args};

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
    let stale = sync_files(&out_dir, &files, args.check)?;
    if args.check {
        if stale.is_empty() {
            eprintln!("{} generated files are fresh", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            eprintln!("stale: {path}");
        }
        eprintln!("{} generated files are stale; run `cargo xtask gen` and commit the result", stale.len());
        return Ok(ExitCode::FAILURE);
    }
    eprintln!("{} files written, {} unchanged", stale.len(), files.len() - stale.len());
    Ok(ExitCode::SUCCESS)
}

/// The package name of a standalone crate (the naming authority's rule: `<module>-client`, `api-client`).
fn package_name(api: &generator::ir::Api) -> String {
    let modules: Vec<&str> = api.docs.iter().map(|d| d.module.as_str()).collect();
    generator::naming::package_name(&modules)
}

/// Compares each file with what is on disk; in write mode, writes the ones that differ (atomically: a temporary
/// file in the same directory, then a rename). Files whose bytes are equal are not touched, so their mtime stays.
/// Returns the paths that differed (or were missing).
pub fn sync_files(out_dir: &Path, files: &[generator::emit::OutFile], check: bool) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    for file in files {
        let path = out_dir.join(&file.path);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        stale.push(file.path.clone());
        if !check {
            write_atomic(&path, file.contents.as_bytes())?;
        }
    }
    Ok(stale)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("output path has no parent directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
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
        let files = generator::emit::emit(api, &generator::emit::Layout::Workspace);
        let stale = sync_files(&project_root().join("generated-client"), &files, true).expect("outputs are readable");
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

    #[test]
    fn writes_only_changed_files_atomically() {
        let dir = std::env::temp_dir().join(format!("xtask-sync-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = vec![
            generator::emit::OutFile { path: "a.txt".into(), contents: "one".into() },
            generator::emit::OutFile { path: "sub/b.txt".into(), contents: "two".into() },
        ];
        assert_eq!(sync_files(&dir, &files, true).unwrap(), ["a.txt", "sub/b.txt"]);
        assert!(!dir.join("a.txt").exists(), "check mode writes nothing");
        assert_eq!(sync_files(&dir, &files, false).unwrap(), ["a.txt", "sub/b.txt"]);
        let mtime = std::fs::metadata(dir.join("a.txt")).unwrap().modified().unwrap();
        assert_eq!(sync_files(&dir, &files, false).unwrap(), Vec::<String>::new());
        assert_eq!(std::fs::metadata(dir.join("a.txt")).unwrap().modified().unwrap(), mtime);
        assert_eq!(std::fs::read_to_string(dir.join("sub/b.txt")).unwrap(), "two");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
