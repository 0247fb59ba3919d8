//! `cargo xtask`: the project's commands. It reads and writes files; the generator library does the work.
//!
//! - `cargo xtask ir [--spec FILE]... [--overrides FILE]`: print the IR as pretty JSON on stdout.
//! - `cargo xtask gen [--check] [--spec FILE]... [--overrides FILE] [--out DIR [--vendor-runtime]] [--force]`:
//!   compile the docs and write (or check) the generated crate: `generated-client/`, or a standalone crate in
//!   `DIR` (depending on `runtime/` by path, or with `--vendor-runtime` on a copy of it in `DIR/runtime/`), all or
//!   nothing (`write.rs`); `--force` lets it overwrite or remove files without the `@generated` marker.
//! - Both take `--deny-warnings` (a warning no `[[allow]]` acknowledges fails the run, before anything is written),
//!   `--verbose` (notes and acknowledged warnings too) and `--message-format text|json|sarif`.
//!
//! - `cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking|additive]`: the changes between two
//!   revisions of the docs (a file, a directory, or `git:REV`), with a semver verdict (`diff.rs`).
//!
//! - `cargo xtask report [--spec FILE]... [--overrides FILE] [--format text|json|html] [--out FILE]`: every
//!   fact of the IR with its provenance and the diagnostics that touched it (`report.rs`).
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
mod diff;
mod gen;
mod report;
mod write;

const USAGE: &str =
    "usage: cargo xtask gen [--check] [--spec FILE]... [--overrides FILE] [--out DIR [--vendor-runtime]] [--force]
                       [OPTIONS]
       cargo xtask ir [--spec FILE]... [--overrides FILE] [OPTIONS]
       cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking|additive]
       cargo xtask report [--spec FILE]... [--overrides FILE] [--format text|json|html] [--out FILE]
       cargo xtask synth --endpoints N --out FILE
       cargo xtask bench-compile [--runs N]

gen      compile the docs and write generated-client/ (or a standalone crate in DIR)
         --check: write nothing, exit 1 and name each stale file
         --out DIR: the crate depends on this project's runtime/ by path;
         --vendor-runtime: copy the runtime into DIR/runtime/ instead, so DIR builds anywhere
ir       print the IR as pretty JSON on stdout
diff     the changes between two revisions of the docs (a doc file, a directory, or git:REV for spec/ at a
         revision), with the semver bump the generated crate needs; --fail-on exits 1 on such a change
report   every fact of the IR with its provenance (table, example, rule, override, default) and diagnostics
synth    write a synthetic doc with N endpoint sections
bench-compile  time compiling the generated crate against progenitor's client

Without --spec, every .md under spec/ is read with spec/overrides.toml.

OPTIONS (gen and ir):
  --deny-warnings          exit 1, writing nothing, on any warning no [[allow]] acknowledges
  --verbose                print notes and acknowledged warnings too
  --message-format FORMAT  text (default), json (one object per diagnostic per line) or sarif (one SARIF 2.1.0 log),
                           on stderr
  -h, --help               print this help";

/// How diagnostics are printed on stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum MessageFormat {
    /// rustc-style text, errors last, then the summary line.
    #[default]
    Text,
    /// One JSON object per diagnostic per line, and nothing else.
    Json,
    /// One SARIF 2.1.0 log, and nothing else.
    Sarif,
}

/// Options shared by the commands.
#[derive(Debug, Default)]
struct Args {
    specs: Vec<PathBuf>,
    overrides: Option<PathBuf>,
    check: bool,
    /// `--out DIR`: write a standalone crate there instead of updating `generated-client/`.
    out: Option<PathBuf>,
    /// `--vendor-runtime`: with `--out`, copy the runtime crate into `DIR/runtime/` instead of depending on this
    /// project's `runtime/` by path.
    vendor_runtime: bool,
    /// `--force`: overwrite or remove files in the output directory that lack the `@generated` marker.
    force: bool,
    /// `--deny-warnings`: a warning no `[[allow]]` acknowledges fails the run.
    deny_warnings: bool,
    /// `--verbose`: notes and acknowledged warnings are printed too.
    verbose: bool,
    message_format: MessageFormat,
    /// `--help`: print the usage and stop.
    help: bool,
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
            "--vendor-runtime" => out.vendor_runtime = true,
            "--deny-warnings" => out.deny_warnings = true,
            "--verbose" | "-v" => out.verbose = true,
            "--message-format" => {
                let value = args.next().context("`--message-format` needs `text`, `json` or `sarif`")?;
                out.message_format = match value.as_str() {
                    "text" => MessageFormat::Text,
                    "json" => MessageFormat::Json,
                    "sarif" => MessageFormat::Sarif,
                    other => bail!("unknown message format `{other}`: use `text`, `json` or `sarif`\n{USAGE}"),
                };
            }
            "--help" | "-h" => out.help = true,
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(out)
}

/// Runs a command whose arguments were parsed, or prints the usage for `--help`.
fn run_with(args: Result<Args>, command: fn(&Args) -> Result<ExitCode>) -> Result<ExitCode> {
    let args = args?;
    if args.help {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    command(&args)
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
        Some("ir") => run_with(parse_args(args), gen::ir),
        Some("gen") => run_with(parse_args(args), gen::gen),
        Some("synth") => synth(args),
        Some("diff") => diff::run(args),
        Some("report") => report::run(args),
        Some("bench-compile") => bench_compile::run(args),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n{USAGE}")),
        None => Err(anyhow::anyhow!("no command given\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
