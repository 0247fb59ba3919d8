//! `cargo xtask`: the project's commands. It reads and writes files; the generator library does the work.
//!
//! - `cargo xtask ir [--spec FILE]... [--overrides FILE]`: print the IR as pretty JSON on stdout.
//! - `cargo xtask gen [--check] [--spec FILE]... [--overrides FILE] [--out DIR]`: compile the docs and write (or
//!   check) the generated crate: `generated-client/`, or a standalone crate in `DIR`.
//!
//! Without `--spec`, every `.md` under `spec/` is read (sorted) with `spec/overrides.toml`.
//! With `--spec`, only the named files are read, and overrides only with `--overrides`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod gen;

const USAGE: &str = "usage: cargo xtask <ir|gen> [--spec FILE]... [--overrides FILE] [--check] [--out DIR]";

/// Options shared by the commands.
#[derive(Debug, Default)]
struct Args {
    specs: Vec<PathBuf>,
    overrides: Option<PathBuf>,
    check: bool,
    /// `--out DIR`: write a standalone crate there instead of updating `generated-client/`.
    out: Option<PathBuf>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args> {
    let mut out = Args::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => out.specs.push(args.next().context("`--spec` needs a file")?.into()),
            "--overrides" => out.overrides = Some(args.next().context("`--overrides` needs a file")?.into()),
            "--check" => out.check = true,
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

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let result = match command.as_deref() {
        Some("ir") => parse_args(args).and_then(|a| gen::ir(&a)),
        Some("gen") => parse_args(args).and_then(|a| gen::gen(&a)),
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
