//! Writing generations: markers, orphans, strays, `--force`, leftovers, and unchanged files left untouched.

use std::path::{Path, PathBuf};

use super::*;

/// A scratch output directory (and its parent, for staging siblings), removed when dropped.
struct Scratch {
    parent: PathBuf,
}

impl Scratch {
    fn new(case: &str) -> Scratch {
        let parent = std::env::temp_dir().join(format!("xtask-write-{}-{case}", std::process::id()));
        let _ = std::fs::remove_dir_all(&parent);
        std::fs::create_dir_all(&parent).unwrap();
        Scratch { parent }
    }

    fn out(&self) -> PathBuf {
        self.parent.join("crate")
    }

    fn siblings(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.parent);
    }
}

fn generated(path: &str, body: &str) -> OutFile {
    OutFile { path: path.into(), contents: format!("// {} from x.md.\n{body}\n", generator::emit::rust::MARKER) }
}

fn write_all(out: &Path, files: &[OutFile], force: bool) -> Result<Plan> {
    clean_leftovers(out)?;
    let plan = plan(out, files, &["src/generated"])?;
    apply(out, files, &plan, force)?;
    Ok(plan)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn first_run_writes_everything_and_leaves_nothing_beside() {
    let scratch = Scratch::new("first");
    let files = vec![generated("src/lib.rs", "a"), generated("src/generated/one.rs", "b")];
    let plan = write_all(&scratch.out(), &files, false).unwrap();
    assert_eq!(plan.changed, ["src/lib.rs", "src/generated/one.rs"]);
    assert_eq!(read(&scratch.out().join("src/generated/one.rs")), files[1].contents);
    assert_eq!(scratch.siblings(), ["crate"]);
    // A second run has nothing to do.
    assert!(write_all(&scratch.out(), &files, false).unwrap().is_empty());
}

#[test]
fn unchanged_files_keep_their_inode_and_mtime_and_orphans_go() {
    let scratch = Scratch::new("orphans");
    let out = scratch.out();
    let old = vec![
        generated("src/lib.rs", "a"),
        generated("src/generated/one.rs", "b"),
        generated("src/generated/two.rs", "c"),
    ];
    write_all(&out, &old, false).unwrap();
    std::fs::create_dir_all(out.join("examples")).unwrap();
    std::fs::write(out.join("examples/mine.rs"), "fn main() {}\n").unwrap();
    std::fs::write(out.join("README.md"), "mine\n").unwrap();
    let before = std::fs::metadata(out.join("src/lib.rs")).unwrap();
    let new = vec![generated("src/lib.rs", "a"), generated("src/generated/one.rs", "b2")];
    let plan = write_all(&out, &new, false).unwrap();
    assert_eq!(
        plan,
        Plan {
            changed: vec!["src/generated/one.rs".into()],
            orphans: vec!["src/generated/two.rs".into()],
            ..Plan::default()
        }
    );
    assert!(!out.join("src/generated/two.rs").exists(), "the orphan is removed");
    assert_eq!(read(&out.join("src/generated/one.rs")), new[1].contents);
    // Hand-written files outside the generated set stay, as they were.
    assert_eq!(read(&out.join("examples/mine.rs")), "fn main() {}\n");
    assert_eq!(read(&out.join("README.md")), "mine\n");
    let after = std::fs::metadata(out.join("src/lib.rs")).unwrap();
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(after.ino(), before.ino(), "an unchanged file is the same file");
    }
    assert_eq!(scratch.siblings(), ["crate"]);
}

#[test]
fn unmarked_files_are_refused_unless_forced() {
    let scratch = Scratch::new("force");
    let out = scratch.out();
    std::fs::create_dir_all(out.join("src/generated")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(out.join("src/generated/notes.rs"), "// mine\n").unwrap();
    let files = vec![generated("Cargo.toml", "[package]"), generated("src/lib.rs", "a")];
    let err = write_all(&out, &files, false).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "refusing to touch files that `cargo xtask gen` did not write in `{}`:\n  Cargo.toml: exists without the `@generated` marker; it would be overwritten\n  src/generated/notes.rs: not generated, in a directory the generator owns; it would be removed\nmove them away, or pass `--force`",
            out.display()
        )
    );
    assert_eq!(read(&out.join("Cargo.toml")), "[package]\nname = \"mine\"\n", "nothing is written");
    assert!(!out.join("src/lib.rs").exists());
    let plan = write_all(&out, &files, true).unwrap();
    assert_eq!(plan.unmarked, ["Cargo.toml"]);
    assert_eq!(plan.strays, ["src/generated/notes.rs"]);
    assert_eq!(read(&out.join("Cargo.toml")), files[0].contents);
    assert!(!out.join("src/generated/notes.rs").exists());
}

#[test]
fn leftovers_of_killed_runs_are_removed() {
    let scratch = Scratch::new("leftovers");
    let out = scratch.out();
    let files = vec![generated("src/lib.rs", "a"), generated("openapi.json", "{}")];
    write_all(&out, &files, false).unwrap();
    std::fs::create_dir_all(scratch.parent.join(".crate.gen-12345/src")).unwrap();
    std::fs::write(scratch.parent.join(".crate.gen-12345/src/lib.rs"), "half").unwrap();
    std::fs::write(out.join(".openapi.json.tmp4242"), "partial").unwrap();
    assert_eq!(plan(&out, &files, &[]).unwrap(), Plan::default(), "a leftover is neither an orphan nor a stray");
    assert_eq!(clean_leftovers(&out).unwrap(), 2);
    assert_eq!(scratch.siblings(), ["crate"]);
    assert!(!out.join(".openapi.json.tmp4242").exists());
}

#[test]
fn markers_are_found_in_each_format() {
    let scratch = Scratch::new("markers");
    let dir = &scratch.parent;
    let cases = [
        ("a.rs", "// @generated by `cargo xtask gen` from x. Do not edit by hand.\n", true),
        (
            "a.json",
            "{\n  \"openapi\": \"3.1.0\",\n  \"x-generated\": \"@generated by `cargo xtask gen` from spec/\"\n}",
            true,
        ),
        ("a.yaml", "# @generated by `cargo xtask gen` from spec/\nopenapi: 3.1.0\n", true),
        ("b.rs", "// written by hand\n", false),
    ];
    for (name, text, marked) in cases {
        std::fs::write(dir.join(name), text).unwrap();
        assert_eq!(is_marked(&dir.join(name)), marked, "{name}");
    }
    // The marker must be near the start: a file that merely quotes it further down is someone's own.
    std::fs::write(dir.join("c.rs"), format!("{}\n// @generated by `cargo xtask gen`\n", "x".repeat(600))).unwrap();
    assert!(!is_marked(&dir.join("c.rs")));
}
