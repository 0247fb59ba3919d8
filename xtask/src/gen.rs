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

/// `cargo xtask gen`: compile the docs; exit 1 if they have errors.
pub fn gen(args: &Args) -> Result<ExitCode> {
    let compiled = compile(args)?;
    let Some(api) = &compiled.api else {
        eprintln!("{}; nothing written", generator::diagnostics::summary(&compiled.diagnostics));
        return Ok(ExitCode::FAILURE);
    };
    let operations: usize = api.docs.iter().map(|d| d.live_operations().count()).sum();
    eprintln!("{} operations; {}", operations, generator::diagnostics::summary(&compiled.diagnostics));
    let _ = args.check;
    Ok(ExitCode::SUCCESS)
}
