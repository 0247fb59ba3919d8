//! `cargo xtask`: the project's commands. It reads and writes files; the generator library does the work.
//!
//! - `cargo xtask ir [--spec FILE]... [--overrides FILE]`: print the IR as pretty JSON on stdout.
//! - `cargo xtask gen [--check] [--spec FILE]... [--overrides FILE] [--out DIR] [--force]`: compile the docs and
//!   write (or check) the generated crate: `generated-client/`, or a standalone crate in `DIR`, all or nothing
//!   (`write.rs`); `--force` lets it overwrite or remove files without the `@generated` marker.
//!
//! - `cargo xtask synth --endpoints N --out FILE`: write a synthetic doc of this family with N endpoint sections
//!   (deterministic for a given N), for benchmarks.
//! - `cargo xtask bench-compile`: time compiling the generated crate against progenitor's client for the same API.
//!
//! Without `--spec`, every `.md` under `spec/` is read (sorted) with `spec/overrides.toml`.
//! With `--spec`, only the named files are read, and overrides only with `--overrides`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod bench_compile;
mod gen;
mod write;

const USAGE: &str = "usage: cargo xtask <ir|gen> [--spec FILE]... [--overrides FILE] [--check] [--out DIR] [--force]
       cargo xtask synth --endpoints N --out FILE
       cargo xtask bench-compile [--runs N]";

/// Options shared by the commands.
#[derive(Debug, Default)]
struct Args {
    specs: Vec<PathBuf>,
    overrides: Option<PathBuf>,
    check: bool,
    /// `--out DIR`: write a standalone crate there instead of updating `generated-client/`.
    out: Option<PathBuf>,
    /// `--force`: overwrite or remove files in the output directory that lack the `@generated` marker.
    force: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args> {
    let mut out = Args::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => out.specs.push(args.next().context("`--spec` needs a file")?.into()),
            "--overrides" => out.overrides = Some(args.next().context("`--overrides` needs a file")?.into()),
            "--check" => out.check = true,
            "--force" => out.force = true,
            "--out" => out.out = Some(args.next().context("`--out` needs a directory")?.into()),
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(out)
}

/// The workspace root (the parent of this crate's directory).
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `cargo xtask synth --endpoints N --out FILE`.
fn synth(mut args: impl Iterator<Item = String>) -> Result<ExitCode> {
    let (mut endpoints, mut out) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoints" => {
                let value = args.next().context("`--endpoints` needs a number")?;
                endpoints = Some(value.parse::<usize>().with_context(|| format!("`{value}` is not a number"))?);
            }
            "--out" => out = Some(PathBuf::from(args.next().context("`--out` needs a file")?)),
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let (Some(endpoints), Some(out)) = (endpoints, out) else {
        bail!("`synth` needs `--endpoints N` and `--out FILE`\n{USAGE}")
    };
    let text = perf::synth::doc(endpoints);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    std::fs::write(&out, &text).with_context(|| format!("cannot write `{}`", out.display()))?;
    eprintln!("{} endpoint sections, {} bytes written to {}", endpoints, text.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let result = match command.as_deref() {
        Some("ir") => parse_args(args).and_then(|a| gen::ir(&a)),
        Some("gen") => parse_args(args).and_then(|a| gen::gen(&a)),
        Some("synth") => synth(args),
        Some("bench-compile") => bench_compile::run(args),
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
