//! `cargo xtask gen --out DIR` is all or nothing: the real binary, killed with SIGKILL at several points of a
//! regeneration (each named point of `xtask/src/write.rs`, and after a few delays), leaves `DIR` holding exactly
//! the old generation or exactly the new one, and the next run finishes the new one and leaves nothing beside it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::xtask;

/// Every file under `dir` (path relative to it → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, "", &mut out);
    }
    out
}

fn gen(specs: &[&Path], out: &Path) -> Command {
    let mut command = Command::new(xtask::binary());
    command.arg("gen");
    for spec in specs {
        command.arg("--spec").arg(spec);
    }
    command.arg("--out").arg(out).current_dir(xtask::workspace_root()).stderr(Stdio::piped()).stdout(Stdio::null());
    command
}

fn run(mut command: Command) {
    let output = command.output().expect("xtask runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The names beside the output directory: nothing but it (and the inputs) once a run has finished.
fn siblings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_killed_regeneration_leaves_the_old_or_the_new_set() {
    let scratch = Scratch(std::env::temp_dir().join(format!("xtask-kill-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&scratch.0);
    let root = scratch.0.join("work");
    std::fs::create_dir_all(&root).unwrap();
    // Old: a synthetic doc and a second doc (whose module file the new generation no longer has: an orphan).
    // New: a larger synthetic doc, so that every shared file changes.
    let (old_doc, new_doc) = (root.join("old.md"), root.join("new.md"));
    for (n, path) in [(50, &old_doc), (70, &new_doc)] {
        let output = Command::new(xtask::binary())
            .args(["synth", "--endpoints", &n.to_string(), "--out"])
            .arg(path)
            .output()
            .unwrap();
        assert!(output.status.success());
    }
    let second = xtask::workspace_root().join("generator/test_data/docs/param_tables.md");
    let old_specs = [old_doc.as_path(), second.as_path()];
    let new_specs = [new_doc.as_path()];
    // At the depth of `out` (`work/client`): a standalone crate names the runtime by a path relative to itself.
    let reference = |specs: &[&Path], name: &str| {
        let dir = scratch.0.join(name).join("client");
        run(gen(specs, &dir));
        snapshot(&dir)
    };
    let (old, new) = (reference(&old_specs, "old-ref"), reference(&new_specs, "new-ref"));
    assert!(old.contains_key("src/generated/servers.rs") && !new.contains_key("src/generated/servers.rs"));
    assert_ne!(old.get("src/generated/synthetic.rs"), new.get("src/generated/synthetic.rs"));
    let out = root.join("client");

    let fresh_old = || {
        let _ = std::fs::remove_dir_all(&out);
        run(gen(&old_specs, &out));
        assert_eq!(snapshot(&out), old);
    };
    let finish_and_check = || {
        run(gen(&new_specs, &out));
        assert!(snapshot(&out) == new, "the next run writes the new set");
        assert_eq!(siblings(&root), ["client", "new.md", "old.md"], "no staging directory is left");
    };

    // At each named point of the writer: before the swap the old set is in place, after it the new one.
    for (point, expect_new) in [("staging", false), ("staged", false), ("swapped", true)] {
        fresh_old();
        let mut child = gen(&new_specs, &out).env("XTASK_GEN_PAUSE_AT", point).spawn().unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let wanted = format!("xtask: paused at {point}");
        let reached = stderr.lines().map_while(Result::ok).any(|line| line == wanted);
        assert!(reached, "the run never reached `{point}`");
        child.kill().unwrap();
        child.wait().unwrap();
        let now = snapshot(&out);
        assert!(now == if expect_new { new.clone() } else { old.clone() }, "killed at `{point}`: a mixed set");
        finish_and_check();
    }

    // And at moments nobody chose: whatever the run was doing, one whole set.
    for delay_ms in [5, 30, 80, 200, 400] {
        fresh_old();
        let mut child = gen(&new_specs, &out).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        assert!(now == old || now == new, "killed after {delay_ms} ms: neither the old nor the new set");
        finish_and_check();
    }
}

/// `gen --check` names each orphan (a module file of a doc no longer passed) and each stray file as stale, and
/// `gen --out` over a hand-written crate refuses to replace its files unless `--force`.
#[test]
fn check_reports_orphans_and_out_respects_hand_written_files() {
    let scratch = Scratch(std::env::temp_dir().join(format!("xtask-orphans-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&scratch.0);
    let docs = xtask::workspace_root().join("generator/test_data/docs");
    let (servers, billing) = (docs.join("param_tables.md"), docs.join("rpc_style_sections.md"));
    let out = scratch.0.join("client");
    run(gen(&[&servers, &billing], &out));
    // A test file an earlier generation wrote (it has the marker), and a hand-written one (it has not).
    std::fs::write(out.join("tests/old_test.rs"), "// @generated by `cargo xtask gen` from x.md.\n").unwrap();
    std::fs::write(out.join("tests/mine.rs"), "#[test]\nfn mine() {}\n").unwrap();
    let mut check = gen(&[&servers], &out);
    check.arg("--check");
    let output = check.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let stale: Vec<&str> = stderr.lines().filter(|l| l.starts_with("stale: ")).collect();
    assert_eq!(
        stale,
        [
            "stale: Cargo.toml",
            "stale: openapi-3.0.json",
            "stale: openapi.json",
            "stale: openapi.yaml",
            "stale: src/generated/billing.rs (generated earlier, no longer produced)",
            "stale: src/generated/mod.rs",
            // Its doc examples name the crate, `servers-client` now that one doc is passed (`api-client` before).
            "stale: src/generated/servers.rs",
            "stale: src/lib.rs",
            "stale: tests/calls/mod.rs",
            "stale: tests/doc_examples.rs",
            "stale: tests/old_test.rs (generated earlier, no longer produced)",
            "stale: tests/operations.rs",
            "stale: tests/prism.rs",
            "stale: tests/requests.rs",
        ]
    );
    run(gen(&[&servers], &out));
    assert!(!out.join("src/generated/billing.rs").exists() && !out.join("tests/old_test.rs").exists());
    assert_eq!(std::fs::read_to_string(out.join("tests/mine.rs")).unwrap(), "#[test]\nfn mine() {}\n");
    let mut check = gen(&[&servers], &out);
    check.arg("--check");
    assert_eq!(check.output().unwrap().status.code(), Some(0));

    // A hand-written crate: its manifest and library are not overwritten without `--force`.
    let mine = scratch.0.join("mine");
    std::fs::create_dir_all(mine.join("src")).unwrap();
    std::fs::write(mine.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(mine.join("src/lib.rs"), "pub fn mine() {}\n").unwrap();
    let output = gen(&[&servers], &mine).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("  Cargo.toml: exists without the `@generated` marker; it would be overwritten\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  src/lib.rs: exists without the `@generated` marker; it would be overwritten\n"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(mine.join("src/lib.rs")).unwrap(), "pub fn mine() {}\n");
    let mut forced = gen(&[&servers], &mine);
    forced.arg("--force");
    run(forced);
    assert!(std::fs::read_to_string(mine.join("src/lib.rs"))
        .unwrap()
        .starts_with("// @generated by `cargo xtask gen`"));
}
