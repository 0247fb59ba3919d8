//! Writing a generation all-or-nothing, and telling generated files from hand-written ones.
//!
//! - Markers: every generated file carries `generator::emit::rust::MARKER` in its first lines (the `@generated`
//!   comment; in JSON the `x-generated` key). A file without it is someone's own: it is never overwritten or
//!   removed unless `--force` says so.
//! - Orphans: a marked file in the crate's top level, `src/` or `tests/` that this run does not produce was written
//!   by an earlier run (a doc no longer passed, a file the generator stopped emitting); it is removed, and
//!   `--check` reports it as stale. In the directories the generator owns entirely (`src/generated/`, and for
//!   `generated-client/` all of `src/` and `tests/`), an unmarked file is a stray: `--check` reports it, and
//!   writing refuses to go on unless `--force` (which removes it).
//! - All or nothing: the new set is staged in a sibling directory `.<dir>.gen-<pid>`: every file the output
//!   directory keeps is hard-linked there (unchanged generated files keep their bytes, inode and mtime), and the
//!   changed ones are written. Then one `renameat2(RENAME_EXCHANGE)` swaps the two directories, and the staging
//!   directory, which now holds the old set, is removed. A SIGKILL at any moment leaves the output directory whole:
//!   the old set before the swap, the new set after it. Whatever staging directory a killed run left is removed
//!   by the next run (and so are `.NAME.tmpPID` files from the writer this one replaced). Where the system has no
//!   exchange (not Linux or macOS), the swap is two renames, and a run killed between them leaves the old set in
//!   `.<dir>.gen-old`, which the next run puts back first.
//!
//! A file written into the output directory by another program during a run ends up in the old set and is
//! removed with it: do not edit the directory while `gen` runs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use generator::emit::OutFile;

/// Bytes at the start of a file that must hold the marker (the JSON documents have it on their second line).
const MARKER_WINDOW: usize = 512;

/// Whether the file at `path` carries the generated-file marker.
pub fn is_marked(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    let mut head = Vec::with_capacity(MARKER_WINDOW);
    if file.take(MARKER_WINDOW as u64).read_to_end(&mut head).is_err() {
        return false;
    }
    let marker = generator::emit::rust::MARKER.as_bytes();
    head.windows(marker.len()).any(|w| w == marker)
}

/// What a run would change in the output directory.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Produced files that are missing or whose bytes differ.
    pub changed: Vec<String>,
    /// Of `changed`, the ones that exist on disk without the marker: someone's own files.
    pub unmarked: Vec<String>,
    /// Marked files this run does not produce: written by an earlier run.
    pub orphans: Vec<String>,
    /// Unmarked files in a directory the generator owns entirely.
    pub strays: Vec<String>,
}

impl Plan {
    /// Every path that makes the output stale, sorted.
    pub fn stale(&self) -> Vec<String> {
        let mut out: Vec<String> = self.changed.iter().chain(&self.orphans).chain(&self.strays).cloned().collect();
        out.sort();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.orphans.is_empty() && self.strays.is_empty()
    }
}

/// Compares `files` with what is in `out_dir`. `owned` lists the directories (relative, with `/`) whose every
/// file is generated.
pub fn plan(out_dir: &Path, files: &[OutFile], owned: &[&str]) -> Result<Plan> {
    let mut res = Plan::default();
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        let path = out_dir.join(&file.path);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => {
                res.changed.push(file.path.clone());
                if !is_marked(&path) {
                    res.unmarked.push(file.path.clone());
                }
            }
            Err(_) => res.changed.push(file.path.clone()),
        }
    }
    for relative in candidates(out_dir)? {
        if produced.contains(relative.as_str()) || is_leftover_name(&relative) {
            continue;
        }
        if is_marked(&out_dir.join(&relative)) {
            res.orphans.push(relative);
        } else if owned.iter().any(|dir| relative.starts_with(&format!("{dir}/"))) {
            res.strays.push(relative);
        }
    }
    Ok(res)
}

/// The files a generation may have written: the top level of `out_dir`, and everything under `src/` and `tests/`
/// (other directories, such as `target/` or `examples/`, are never the generator's).
fn candidates(out_dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(out_dir) else { return Ok(out) };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if kind.is_file() {
            out.push(name);
        } else if kind.is_dir() && (name == "src" || name == "tests") {
            walk(&entry.path(), &name, &mut out)?;
        }
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, relative: &str, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))? {
        let entry = entry?;
        let name = format!("{relative}/{}", entry.file_name().to_string_lossy());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), &name, out)?;
        } else if kind.is_file() {
            out.push(name);
        }
    }
    Ok(())
}

/// `.NAME.tmpPID`: a temporary file of the writer before this one.
fn is_leftover_name(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.starts_with('.')
        && name.rsplit_once(".tmp").is_some_and(|(_, pid)| !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()))
}

/// The sibling directories a run stages in, and where the fallback swap parks the old set.
fn staging_dir(out_dir: &Path, suffix: &str) -> Result<PathBuf> {
    let name = out_dir.file_name().context("the output directory has no name")?.to_string_lossy().into_owned();
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{name}.gen-{suffix}")))
}

/// Removes what killed runs left: staging directories beside `out_dir` and old temporary files inside it; puts
/// the old set back if a fallback swap was cut between its renames. Returns how many leftovers were removed.
pub fn clean_leftovers(out_dir: &Path) -> Result<usize> {
    let parked = staging_dir(out_dir, "old")?;
    if !out_dir.exists() && parked.exists() {
        std::fs::rename(&parked, out_dir).with_context(|| format!("cannot restore `{}`", out_dir.display()))?;
    }
    let mut removed = 0;
    let prefix = staging_dir(out_dir, "")?;
    let prefix_name = prefix.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(parent) = prefix.parent() {
        if let Ok(entries) = std::fs::read_dir(parent) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&prefix_name) {
                    std::fs::remove_dir_all(entry.path())
                        .with_context(|| format!("cannot remove `{}`", entry.path().display()))?;
                    removed += 1;
                }
            }
        }
    }
    for relative in candidates(out_dir)? {
        if is_leftover_name(&relative) {
            std::fs::remove_file(out_dir.join(&relative))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A test hook: with `XTASK_GEN_PAUSE_AT=POINT`, the run stops at that point (`staging`: half the files staged;
/// `staged`: before the swap; `swapped`: after it), says so on stderr, and waits to be killed.
fn pause_point(point: &str) {
    if std::env::var("XTASK_GEN_PAUSE_AT").is_ok_and(|p| p == point) {
        eprintln!("xtask: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}

/// Makes `out_dir` hold exactly the new generation: the produced files, the directory's other files, no orphans.
/// Refuses (and writes nothing) when that would overwrite or remove an unmarked file, unless `force`.
pub fn apply(out_dir: &Path, files: &[OutFile], plan: &Plan, force: bool) -> Result<()> {
    let touches_own_files = !plan.unmarked.is_empty() || !plan.strays.is_empty();
    if touches_own_files && !force {
        let mut lines = Vec::new();
        for path in &plan.unmarked {
            lines.push(format!("  {path}: exists without the `@generated` marker; it would be overwritten"));
        }
        for path in &plan.strays {
            lines.push(format!("  {path}: not generated, in a directory the generator owns; it would be removed"));
        }
        bail!(
            "refusing to touch files that `cargo xtask gen` did not write in `{}`:\n{}\nmove them away, or pass `--force`",
            out_dir.display(),
            lines.join("\n")
        );
    }
    if plan.is_empty() {
        return Ok(());
    }
    let staging = staging_dir(out_dir, &std::process::id().to_string())?;
    let _ = std::fs::remove_dir_all(&staging);
    let changed: BTreeMap<&str, &OutFile> =
        files.iter().filter(|f| plan.changed.contains(&f.path)).map(|f| (f.path.as_str(), f)).collect();
    let dropped: BTreeSet<&str> = plan.orphans.iter().chain(&plan.strays).map(String::as_str).collect();
    // Keep everything else: link the directory's files into the staging copy.
    if out_dir.exists() {
        mirror(out_dir, &staging, "", &|relative| changed.contains_key(relative) || dropped.contains(relative))?;
    } else {
        std::fs::create_dir_all(&staging).with_context(|| format!("cannot create `{}`", staging.display()))?;
    }
    let half = changed.len() / 2;
    for (idx, file) in changed.values().enumerate() {
        if idx == half {
            pause_point("staging");
        }
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        std::fs::write(&path, file.contents.as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    pause_point("staged");
    if out_dir.exists() {
        swap(&staging, out_dir)?;
        pause_point("swapped");
        std::fs::remove_dir_all(&staging).with_context(|| format!("cannot remove `{}`", staging.display()))?;
    } else {
        // Nothing to replace: one rename puts the whole set in place.
        std::fs::rename(&staging, out_dir).with_context(|| format!("cannot create `{}`", out_dir.display()))?;
    }
    Ok(())
}

/// Recreates `from` in `to`: directories made, files hard-linked (copied where links are impossible), symlinks
/// recreated; files `skip` names (by their path relative to the output directory) are left out.
fn mirror(from: &Path, to: &Path, relative: &str, skip: &dyn Fn(&str) -> bool) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create `{}`", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot list `{}`", from.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let child = if relative.is_empty() {
            name.to_string_lossy().into_owned()
        } else {
            format!("{relative}/{}", name.to_string_lossy())
        };
        let (source, target) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            mirror(&source, &target, &child, skip)?;
        } else if kind.is_symlink() {
            let link = std::fs::read_link(&source)?;
            symlink(&link, &target).with_context(|| format!("cannot link `{}`", target.display()))?;
        } else if !skip(&child) && !is_leftover_name(&child) && std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target).with_context(|| format!("cannot copy `{}`", source.display()))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(link: &Path, target: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(link, target)
}

#[cfg(not(unix))]
fn symlink(link: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::copy(link, target).map(|_| ())
}

/// Swaps the staging directory and the output directory in one step.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn swap(staging: &Path, out_dir: &Path) -> Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, staging, CWD, out_dir, RenameFlags::EXCHANGE)
        .with_context(|| format!("cannot swap `{}` and `{}`", staging.display(), out_dir.display()))
}

/// Two renames where the system cannot exchange directories; `clean_leftovers` repairs a run cut between them.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn swap(staging: &Path, out_dir: &Path) -> Result<()> {
    let parked = staging_dir(out_dir, "old")?;
    std::fs::rename(out_dir, &parked).with_context(|| format!("cannot move `{}` aside", out_dir.display()))?;
    std::fs::rename(staging, out_dir).with_context(|| format!("cannot put `{}` in place", out_dir.display()))?;
    std::fs::rename(&parked, staging).with_context(|| format!("cannot move `{}`", parked.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests;
