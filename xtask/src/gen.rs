//! Reading the specs, running the generator, printing diagnostics, and writing (`write.rs`) or checking outputs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::{Compiled, Source};

use crate::{project_root, write, Args, MessageFormat};

/// The spec files and overrides a command reads.
pub(crate) struct Inputs {
    pub(crate) specs: Vec<Source>,
    pub(crate) overrides: Option<Source>,
}

/// A path as diagnostics show it: relative to the project root when inside it, with `/` separators.
pub(crate) fn display_name(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

pub(crate) fn read_source(root: &Path, path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    Ok(Source::new(display_name(root, path), bytes))
}

/// Every `.md` file under `dir`, sorted by path.
pub(crate) fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
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

pub(crate) fn inputs(args: &Args) -> Result<Inputs> {
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

/// Compiles the inputs and prints the diagnostics on stderr in the chosen format (text: what `--verbose` asks for,
/// errors last).
fn compile(args: &Args) -> Result<Compiled> {
    let inputs = inputs(args)?;
    let compiled = generator::compile(&inputs.specs, inputs.overrides.as_ref());
    let diagnostics = &compiled.diagnostics;
    match args.message_format {
        MessageFormat::Text => {
            let shown = generator::diagnostics::for_terminal(diagnostics, args.verbose);
            eprint!("{}", generator::diagnostics::render(&compiled.files, &shown));
        }
        MessageFormat::Json => {
            eprint!("{}", generator::diagnostics::json::render_json_lines(&compiled.files, diagnostics))
        }
        MessageFormat::Sarif => {
            eprint!("{}", generator::diagnostics::sarif::render_sarif(&compiled.files, diagnostics))
        }
    }
    Ok(compiled)
}

/// A status line (the summary, files written or stale): on stderr after text diagnostics; on stdout when stderr
/// carries a machine-readable form, which must stay nothing but that form (`ir` prints the IR on stdout, so it
/// says nothing more there).
fn status(args: &Args, line: &str, stdout_allowed: bool) {
    match args.message_format {
        MessageFormat::Text => eprintln!("{line}"),
        _ if stdout_allowed => println!("{line}"),
        _ => {}
    }
}

/// The warnings `--deny-warnings` refuses: those no `[[allow]]` acknowledges.
fn denied_warnings(args: &Args, compiled: &Compiled) -> usize {
    if !args.deny_warnings {
        return 0;
    }
    compiled.diagnostics.iter().filter(|d| d.is_unallowed_warning()).count()
}

/// `cargo xtask ir`: the IR as pretty JSON on stdout; exit 1 if the docs have errors (or, with `--deny-warnings`,
/// warnings), printing no IR.
pub fn ir(args: &Args) -> Result<ExitCode> {
    let compiled = compile(args)?;
    let summary = generator::diagnostics::summary(&compiled.diagnostics);
    let denied = denied_warnings(args, &compiled);
    match &compiled.api {
        Some(_) if denied > 0 => {
            status(args, &format!("{summary}; warnings are denied (`--deny-warnings`), so no IR is printed"), false);
            Ok(ExitCode::FAILURE)
        }
        Some(api) => {
            status(args, &summary, false);
            print!("{}", api.to_json());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            status(args, &summary, false);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `cargo xtask gen [--check]`: compile the docs and write (or check) every generated file under
/// `generated-client/`. Exit 1 if the docs have errors (nothing is written), with `--deny-warnings` if a warning
/// no `[[allow]]` acknowledges is left (nothing is written), or, with `--check`, if a file is stale.
pub fn gen(args: &Args) -> Result<ExitCode> {
    let compiled = compile(args)?;
    let summary = generator::diagnostics::summary(&compiled.diagnostics);
    let Some(api) = &compiled.api else {
        status(args, &format!("{summary}; nothing written"), true);
        return Ok(ExitCode::FAILURE);
    };
    let operations: usize = api.docs.iter().map(|d| d.live_operations().count()).sum();
    if denied_warnings(args, &compiled) > 0 {
        status(
            args,
            &format!(
                "{operations} operations; {summary}; warnings are denied (`--deny-warnings`), so nothing is written"
            ),
            true,
        );
        return Ok(ExitCode::FAILURE);
    }
    let (out_dir, layout) = match &args.out {
        Some(dir) => {
            let runtime = if args.vendor_runtime {
                generator::emit::rust::RuntimeDependency::Vendored
            } else {
                generator::emit::rust::RuntimeDependency::Path(runtime_path_from(dir)?)
            };
            (dir.clone(), generator::emit::Layout::Standalone { package: package_name(api), runtime })
        }
        None => (project_root().join("generated-client"), generator::emit::Layout::Workspace),
    };
    let files = generator::emit::emit(api, &layout);
    let owned = owned_dirs(&layout);
    // The spec's own run also refreshes the pinned IR and diagnostics of `spec/`, so a doc change needs nothing
    // but `cargo xtask gen` (its diff shows what the change did to the IR). They are not part of the generated
    // crate: each is replaced on its own, atomically.
    let snapshots = if args.out.is_none() && args.specs.is_empty() { spec_snapshots(&compiled) } else { Vec::new() };
    let total = files.len() + snapshots.len();
    if args.check {
        let plan = write::plan(&out_dir, &files, owned)?;
        let stale = plan.stale();
        let stale_snapshots = sync_files(&project_root(), &snapshots, true)?;
        if stale.is_empty() && stale_snapshots.is_empty() {
            status(args, &format!("{operations} operations; {summary}; {total} generated files are fresh"), true);
            return Ok(ExitCode::SUCCESS);
        }
        status(args, &format!("{operations} operations; {summary}"), true);
        for path in &stale {
            let why = if plan.orphans.contains(path) {
                " (generated earlier, no longer produced)"
            } else if plan.strays.contains(path) {
                " (not generated, in a generated directory)"
            } else {
                ""
            };
            status(args, &format!("stale: {path}{why}"), true);
        }
        for path in &stale_snapshots {
            status(args, &format!("stale: {path}"), true);
        }
        let n_stale = stale.len() + stale_snapshots.len();
        status(
            args,
            &format!("{n_stale} generated files are stale; run `cargo xtask gen` and commit the result"),
            true,
        );
        return Ok(ExitCode::FAILURE);
    }
    write::clean_leftovers(&out_dir)?;
    let plan = write::plan(&out_dir, &files, owned)?;
    write::apply(&out_dir, &files, &plan, args.force)?;
    let changed = plan.changed.len() + sync_files(&project_root(), &snapshots, false)?.len();
    let removed = plan.orphans.len() + plan.strays.len();
    let written = if changed == 0 && removed == 0 {
        String::new()
    } else {
        format!("; {changed} files written, {removed} removed, {} unchanged", total - changed)
    };
    status(args, &format!("{operations} operations; {summary}{written}"), true);
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

/// The snapshot of a run over `spec/` that `generator/tests/snapshots.rs` compares: every diagnostic (notes and
/// acknowledged warnings too) with the summary line, and the IR.
pub fn spec_snapshots(compiled: &Compiled) -> Vec<generator::emit::OutFile> {
    let diag = compiled.render_diagnostics() + &generator::diagnostics::summary(&compiled.diagnostics) + "\n";
    let ir = compiled.api.as_ref().map_or_else(|| "no IR: the doc has errors\n".to_owned(), |api| api.to_json());
    vec![
        generator::emit::OutFile { path: "generator/test_data/servers/servers.diag".into(), contents: diag },
        generator::emit::OutFile { path: "generator/test_data/servers/servers.ir.json".into(), contents: ir },
    ]
}

/// The path from a standalone crate's directory to this project's `runtime/`, for its path dependency: relative
/// when the two share a root (so the crate's `Cargo.toml` names no machine path), with `/` separators.
fn runtime_path_from(out_dir: &Path) -> Result<String> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let from = lexical(&cwd.join(out_dir));
    let to = lexical(&project_root().join("runtime"));
    Ok(relative_path(&from, &to).to_string_lossy().replace('\\', "/"))
}

/// A path with `.` and `..` resolved by its components alone (the directory may not exist yet).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to the directory `from`; `to` itself when they share no root.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_components: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_components).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in &to_components[common..] {
        out.push(component);
    }
    out
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

pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
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
        let layout = generator::emit::Layout::Workspace;
        let files = generator::emit::emit(api, &layout);
        let plan = write::plan(&project_root().join("generated-client"), &files, owned_dirs(&layout));
        let mut stale = plan.expect("outputs are readable").stale();
        stale.extend(sync_files(&project_root(), &spec_snapshots(&compiled), true).expect("snapshots are readable"));
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
            for runtime in [
                generator::emit::rust::RuntimeDependency::Path("../runtime".into()),
                generator::emit::rust::RuntimeDependency::Vendored,
            ] {
                files.extend(generator::emit::emit(
                    &api,
                    &generator::emit::Layout::Standalone { package: "x".into(), runtime },
                ));
            }
            files
        };
        let first = run();
        assert!(first.len() >= 9, "{} files", first.len());
        assert_eq!(first, run());
    }

    /// A standalone crate names the runtime by a relative path, whatever its directory is written as.
    #[test]
    fn runtime_path_is_relative() {
        assert_eq!(
            relative_path(Path::new("/p/target/corpus-crates/x"), Path::new("/p/runtime")),
            Path::new("../../../runtime")
        );
        assert_eq!(relative_path(Path::new("/p/out"), Path::new("/p/runtime")), Path::new("../runtime"));
        assert_eq!(lexical(Path::new("/p/a/./b/../c")), Path::new("/p/a/c"));
    }

    /// `--vendor-runtime` copies every file of `runtime/`: the generator's list of them is complete.
    #[test]
    fn vendored_runtime_lists_every_runtime_file() {
        let root = project_root().join("runtime");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    on_disk.push(display_name(&root, &path));
                }
            }
        }
        on_disk.sort();
        let listed: Vec<&str> = generator::emit::rust::RUNTIME_FILES.iter().map(|(path, _)| *path).collect();
        assert_eq!(listed, on_disk, "update `RUNTIME_FILES` in generator/src/emit/rust.rs");
        for (path, contents) in generator::emit::rust::RUNTIME_FILES {
            assert_eq!(std::fs::read_to_string(root.join(path)).unwrap(), *contents, "{path}");
        }
    }
}
