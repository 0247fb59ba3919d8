//! `cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking|additive]`: what a doc change means.
//!
//! OLD and NEW are each a doc file (with the `overrides.toml` beside it, if there is one), a directory of docs
//! (every `.md` under it, with its `overrides.toml` if present), or `git:REV`: `spec/` at a revision of this
//! repository, read with `git ls-tree` and `git show` (nothing is checked out). Both are compiled, and
//! `generator::diff` compares the two IRs; this file reads the inputs and prints the changes, rustc-style in text
//! form (each change with the lines of both revisions) or as one JSON object.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use generator::diff::{Diff, Severity, Surface};
use generator::source::SourceFile;
use generator::{Compiled, Source};

use crate::gen::{markdown_files, read_source};
use crate::project_root;

const USAGE: &str = "usage: cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking|additive]
  OLD, NEW: a doc file, a directory of docs, or git:REV (spec/ at a revision of this repository)";

/// One side of the comparison: what was read, and how to name it.
struct Revision {
    label: String,
    specs: Vec<Source>,
    overrides: Option<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

pub fn run(mut args: impl Iterator<Item = String>) -> Result<ExitCode> {
    let mut sides = Vec::new();
    let mut format = Format::Text;
    let mut fail_on = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                format = match args.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    other => bail!("`--format` takes `text` or `json`, not `{}`\n{USAGE}", other.unwrap_or("")),
                }
            }
            "--fail-on" => {
                fail_on = match args.next().as_deref() {
                    Some("breaking") => Some(Severity::Breaking),
                    Some("additive") => Some(Severity::Additive),
                    other => {
                        bail!("`--fail-on` takes `breaking` or `additive`, not `{}`\n{USAGE}", other.unwrap_or(""))
                    }
                }
            }
            flag if flag.starts_with("--") => bail!("unknown argument `{flag}`\n{USAGE}"),
            _ => sides.push(arg),
        }
    }
    let [old_arg, new_arg] = sides.as_slice() else { bail!("`diff` needs two revisions, OLD and NEW\n{USAGE}") };
    let root = project_root();
    let old = revision(&root, old_arg)?;
    let new = revision(&root, new_arg)?;
    let (Some(old_compiled), Some(new_compiled)) = (compile(&old, "old"), compile(&new, "new")) else {
        eprintln!("error: a revision has errors (above); nothing compared");
        return Ok(ExitCode::FAILURE);
    };
    let (Some(old_api), Some(new_api)) = (&old_compiled.api, &new_compiled.api) else {
        unreachable!("`compile` returns only runs with an IR");
    };
    let diff = generator::diff::diff(old_api, new_api);
    match format {
        Format::Json => print!("{}", diff.to_json()),
        Format::Text => {
            let files: Vec<&SourceFile> = old_compiled.files.iter().chain(&new_compiled.files).collect();
            print!("{}", render_text(&diff, &files));
        }
    }
    let failed = match fail_on {
        Some(Severity::Breaking) => diff.has(Severity::Breaking),
        Some(_) => diff.has(Severity::Breaking) || diff.has(Severity::Additive),
        None => false,
    };
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Compiles one revision; on errors prints them and returns `None`. Warnings are the docs' own business here, so
/// only their count is printed.
fn compile(revision: &Revision, side: &str) -> Option<Compiled> {
    let compiled = generator::compile(&revision.specs, revision.overrides.as_ref());
    let summary = generator::diagnostics::summary(&compiled.diagnostics);
    if compiled.has_errors() {
        let errors: Vec<_> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.severity == generator::diagnostics::Severity::Error)
            .cloned()
            .collect();
        eprint!("{}", generator::diagnostics::render(&compiled.files, &errors));
        eprintln!("{side} ({}): {summary}", revision.label);
        return None;
    }
    eprintln!("{side} ({}): {summary}", revision.label);
    Some(compiled)
}

/// Reads one revision from its command-line form.
fn revision(root: &Path, arg: &str) -> Result<Revision> {
    if let Some(rev) = arg.strip_prefix("git:") {
        return git_revision(root, rev);
    }
    let path = PathBuf::from(arg);
    let path = if path.is_absolute() || path.exists() { path } else { root.join(arg) };
    let (spec_paths, overrides_path) = if path.is_dir() {
        (markdown_files(&path)?, path.join("overrides.toml"))
    } else if path.is_file() {
        (vec![path.clone()], path.parent().unwrap_or(Path::new(".")).join("overrides.toml"))
    } else {
        bail!("cannot read `{arg}`: no such file or directory");
    };
    if spec_paths.is_empty() {
        bail!("`{arg}` holds no `.md` doc");
    }
    let specs = spec_paths.iter().map(|p| read_source(root, p)).collect::<Result<Vec<_>>>()?;
    let overrides = overrides_path.exists().then(|| read_source(root, &overrides_path)).transpose()?;
    Ok(Revision { label: arg.to_owned(), specs, overrides })
}

/// `spec/` at a git revision: its `.md` files (sorted) and `spec/overrides.toml`, named `REV:spec/...` as
/// `git show` would take them.
fn git_revision(root: &Path, rev: &str) -> Result<Revision> {
    if rev.is_empty() || rev.starts_with('-') {
        bail!("`git:{rev}` names no revision\n{USAGE}");
    }
    let listing = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "spec/"])
        .with_context(|| format!("cannot list `spec/` at `{rev}`"))?;
    let mut paths: Vec<String> = String::from_utf8_lossy(&listing).lines().map(str::to_owned).collect();
    paths.sort();
    let read = |path: &str| -> Result<Source> {
        let bytes = git(root, &["show", &format!("{rev}:{path}")])
            .with_context(|| format!("cannot read `{path}` at `{rev}`"))?;
        Ok(Source::new(format!("{rev}:{path}"), bytes))
    };
    let specs = paths.iter().filter(|p| p.ends_with(".md")).map(|p| read(p)).collect::<Result<Vec<_>>>()?;
    if specs.is_empty() {
        bail!("`spec/` at `{rev}` holds no `.md` doc");
    }
    let overrides = paths.iter().find(|p| *p == "spec/overrides.toml").map(|p| read(p)).transpose()?;
    Ok(Revision { label: format!("git:{rev}"), specs, overrides })
}

/// Runs git in the project root and returns its stdout; a failure carries git's own message.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git").args(args).current_dir(root).output().context("cannot run `git`")?;
    if !output.status.success() {
        bail!("git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// The changes, rustc-style: a `severity[code]: message` line, the place in the old revision and in the new one
/// with the doc's line, and the surface; then the verdict.
pub fn render_text(diff: &Diff, files: &[&SourceFile]) -> String {
    let mut out = String::new();
    for change in &diff.changes {
        let operation = change.operation.as_ref().map(|op| format!("`{op}`: ")).unwrap_or_default();
        out.push_str(&format!(
            "{}[{}]: {operation}{}\n",
            change.severity.as_str(),
            change.code.as_str(),
            change.message
        ));
        let width = [&change.old, &change.new]
            .iter()
            .filter_map(|l| l.as_ref())
            .map(|l| l.line.to_string().len())
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(width);
        for (side, location) in [("old", &change.old), ("new", &change.new)] {
            let Some(location) = location else {
                out.push_str(&format!("{pad}--> {side}: (none)\n"));
                continue;
            };
            out.push_str(&format!("{pad}--> {side}: {}:{}:{}\n", location.file, location.line, location.column));
            let text = files.iter().find(|f| f.name == location.file).map(|f| line_text(f, location.line));
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                out.push_str(&format!("{pad} |\n{:>width$} | {text}\n{pad} |\n", location.line));
            }
        }
        let surface = match change.surface {
            Surface::Http => "http (the wire contract)",
            Surface::Rust => "rust (the generated crate's API)",
            Surface::Both => "http and rust",
        };
        out.push_str(&format!("{pad} = surface: {surface}\n\n"));
    }
    let count = |severity| diff.changes.iter().filter(|c| c.severity == severity).count();
    if diff.changes.is_empty() {
        out.push_str("semver: none (no changes)\n");
    } else {
        out.push_str(&format!(
            "semver: {} ({} breaking, {} additive, {} doc)\n",
            diff.semver.as_str(),
            count(Severity::Breaking),
            count(Severity::Additive),
            count(Severity::Doc)
        ));
    }
    out
}

/// Line `line` of a file, without its line end, tabs shown as four spaces.
fn line_text(file: &SourceFile, line: u32) -> String {
    let start = file.line_start(line as usize);
    let rest = &file.text[start.min(file.text.len())..];
    rest.split('\n').next().unwrap_or("").trim_end().replace('\t', "    ")
}

#[cfg(test)]
mod tests;
