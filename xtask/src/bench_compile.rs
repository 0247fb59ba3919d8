//! `cargo xtask bench-compile [--runs N]`: how long compiling the generated crate takes, against the client
//! progenitor generates from our `openapi-3.0.json` for the same API, measured the same way in one run.
//!
//! Each crate builds in its own target directory under `target/bench-compile/`, so the workspace's own builds are
//! untouched. Dependencies are built first (not timed). Then, for each profile (debug, release), the two crates
//! take turns N times (5 by default): set the crate root's mtime to now and rebuild with `CARGO_INCREMENTAL=0`,
//! so rustc compiles the crate from scratch while its dependencies stay built (ours, `htaiyun-runtime`, as
//! progenitor's, `progenitor-client`). The figure is the median wall
//! time of the `cargo build` command, less the median of a no-op `cargo build` of the same crate (cargo's own
//! fingerprint checks), so what remains is the crate's compile. Lines of code are counted for both.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{bail, ensure, Context, Result};

use crate::project_root;

/// One crate under test.
struct Subject {
    label: &'static str,
    /// Arguments after `cargo build`, without the profile.
    args: Vec<String>,
    /// The file whose mtime is bumped to make cargo rebuild the crate (and only it).
    root_file: PathBuf,
    target_dir: PathBuf,
}

impl Subject {
    fn build(&self, release: bool) -> Result<Duration> {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command.arg("build").arg("--quiet").args(&self.args).arg("--target-dir").arg(&self.target_dir);
        if release {
            command.arg("--release");
        }
        command.env("CARGO_INCREMENTAL", "0").current_dir(project_root()).stdin(Stdio::null());
        let start = Instant::now();
        let status = command.status().with_context(|| format!("cannot run cargo for {}", self.label))?;
        let elapsed = start.elapsed();
        ensure!(status.success(), "`cargo build` of {} failed", self.label);
        Ok(elapsed)
    }

    fn touch(&self) -> Result<()> {
        let file = std::fs::File::options()
            .write(true)
            .open(&self.root_file)
            .with_context(|| format!("cannot open `{}`", self.root_file.display()))?;
        file.set_modified(SystemTime::now()).with_context(|| format!("cannot touch `{}`", self.root_file.display()))
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn parse_runs(mut args: impl Iterator<Item = String>) -> Result<usize> {
    let mut runs = 5;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                let value = args.next().context("`--runs` needs a number")?;
                runs = value.parse().with_context(|| format!("`{value}` is not a number"))?;
                ensure!(runs > 0, "`--runs` must be at least 1");
            }
            other => bail!("unknown argument `{other}`\nusage: cargo xtask bench-compile [--runs N]"),
        }
    }
    Ok(runs)
}

fn count_lines(path: &Path) -> Result<usize> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    Ok(text.lines().count())
}

/// The `codegen.rs` progenitor wrote into the interop crate's `OUT_DIR` (the newest, if several).
fn progenitor_codegen(target_dir: &Path) -> Result<PathBuf> {
    let build_dir = target_dir.join("debug/build");
    let mut found: Vec<(SystemTime, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&build_dir).with_context(|| format!("cannot list `{}`", build_dir.display()))? {
        let path = entry?.path().join("out/codegen.rs");
        if path.is_file() {
            found.push((std::fs::metadata(&path)?.modified()?, path));
        }
    }
    found.sort();
    found.pop().map(|(_, path)| path).context("progenitor's codegen.rs was not found; did the build run?")
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

pub fn run(args: impl Iterator<Item = String>) -> Result<ExitCode> {
    let runs = parse_runs(args)?;
    let root = project_root();
    let bench_dir = root.join("target/bench-compile");
    let ours = Subject {
        label: "generated-client (ours)",
        args: vec!["--locked".into(), "--package".into(), "htaiyun-client".into()],
        root_file: root.join("generated-client/src/lib.rs"),
        target_dir: bench_dir.join("ours"),
    };
    let progenitor = Subject {
        label: "progenitor 0.11.2 client",
        args: vec!["--locked".into(), "--manifest-path".into(), "tests/progenitor-interop/Cargo.toml".into()],
        root_file: root.join("tests/progenitor-interop/src/lib.rs"),
        target_dir: bench_dir.join("progenitor"),
    };
    let subjects = [&ours, &progenitor];

    eprintln!("building dependencies (not timed; the first run takes minutes)");
    for release in [false, true] {
        for subject in subjects {
            subject.build(release)?;
        }
    }

    let mut rows = Vec::new();
    for (release, profile) in [(false, "debug"), (true, "release")] {
        let mut rebuild: [Vec<Duration>; 2] = Default::default();
        let mut noop: [Vec<Duration>; 2] = Default::default();
        // The two crates take turns, so a burst of load on the shared machine hits both alike.
        for run in 0..runs {
            for (idx, subject) in subjects.iter().enumerate() {
                noop[idx].push(subject.build(release)?);
                subject.touch()?;
                let elapsed = subject.build(release)?;
                eprintln!("  {profile} run {}: {} {}", run + 1, subject.label, seconds(elapsed));
                rebuild[idx].push(elapsed);
            }
        }
        let [ours_rebuild, progenitor_rebuild] = rebuild.map(median);
        let [ours_noop, progenitor_noop] = noop.map(median);
        rows.push((profile, ours_rebuild, ours_noop, progenitor_rebuild, progenitor_noop));
    }

    let generated_dir = root.join("generated-client/src/generated");
    let mut ours_generated = count_lines(&root.join("generated-client/src/lib.rs"))?;
    for entry in
        std::fs::read_dir(&generated_dir).with_context(|| format!("cannot list `{}`", generated_dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            ours_generated += count_lines(&path)?;
        }
    }
    let mut ours_runtime = 0;
    let mut stack = vec![root.join("runtime/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("cannot list `{}`", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
                ours_runtime += count_lines(&path)?;
            }
        }
    }
    let progenitor_lines = count_lines(&progenitor_codegen(&progenitor.target_dir)?)?;

    println!("Compile time of the crate alone (dependencies built, CARGO_INCREMENTAL=0, median of {runs}):");
    println!("| profile | ours: cargo build | ours: no-op | ours: crate | progenitor: cargo build | progenitor: no-op | progenitor: crate | ours / progenitor |");
    println!("|---|---|---|---|---|---|---|---|");
    for (profile, ours_rebuild, ours_noop, progenitor_rebuild, progenitor_noop) in rows {
        let ours_crate = ours_rebuild.saturating_sub(ours_noop);
        let progenitor_crate = progenitor_rebuild.saturating_sub(progenitor_noop);
        println!(
            "| {profile} | {} | {} | {} | {} | {} | {} | {:.2} |",
            seconds(ours_rebuild),
            seconds(ours_noop),
            seconds(ours_crate),
            seconds(progenitor_rebuild),
            seconds(progenitor_noop),
            seconds(progenitor_crate),
            ours_crate.as_secs_f64() / progenitor_crate.as_secs_f64().max(1e-9),
        );
    }
    println!();
    println!("Lines of Rust in the crate:");
    println!(
        "- ours: {ours_generated} generated (src/lib.rs and src/generated/); its runtime is the htaiyun-runtime \
         dependency ({ours_runtime} lines in runtime/src without unit tests), built beforehand"
    );
    println!("- progenitor: {progenitor_lines} generated (its runtime is the progenitor-client dependency, built beforehand)");
    Ok(ExitCode::SUCCESS)
}
