//! `cargo xtask diff` on a real edit of `spec/servers.md`, made on copies in a temporary directory (the spec itself
//! is never touched): one parameter removed, one made required, one English title corrected. The lines the changes
//! must point at are read from the IR of each copy.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use generator::ir::{Api, Operation, Param};
use generator::Source;

use crate::cli::Scratch;
use crate::xtask::{self, workspace_root, Run};

fn compile(doc: &Path, overrides: &Path) -> Api {
    let source = |path: &Path| Source::new(path.to_string_lossy(), std::fs::read(path).expect("the copy is readable"));
    let compiled = generator::compile(&[source(doc)], Some(&source(overrides)));
    let diagnostics = compiled.render_diagnostics();
    compiled.api.unwrap_or_else(|| panic!("{} has errors:\n{diagnostics}", doc.display()))
}

fn operation<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.docs[0].operations.iter().find(|op| op.name == name).unwrap_or_else(|| panic!("no operation `{name}`"))
}

fn param<'a>(op: &'a Operation, wire: &str) -> &'a Param {
    op.params.iter().find(|p| p.wire == wire).unwrap_or_else(|| panic!("`{}` has no parameter `{wire}`", op.name))
}

/// The old and new copies, each in its own directory with a copy of `spec/overrides.toml`.
struct Revisions {
    _scratch: Scratch,
    old: PathBuf,
    new: PathBuf,
}

/// Makes the edit: `keywords` of `list_servers` removed (its table row), `description` of `create_server` made
/// required (its required cell), and the English title `dettach Server` corrected to `Detach Server`.
fn edited_copies(case: &str) -> Revisions {
    let root = workspace_root();
    let scratch = Scratch::new(case);
    let text = std::fs::read_to_string(root.join("spec/servers.md")).expect("spec/servers.md is readable");
    let overrides = std::fs::read(root.join("spec/overrides.toml")).expect("spec/overrides.toml is readable");
    for side in ["old", "new"] {
        std::fs::create_dir_all(scratch.0.join(side)).expect("the temporary directory is writable");
        scratch.write(&format!("{side}/overrides.toml"), &overrides);
    }
    let old = scratch.write("old/servers.md", text.as_bytes());
    let api = compile(&old, &scratch.0.join("old/overrides.toml"));
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    // Lines are 1-based in the IR; the required cell is the row's third cell, two lines below the name.
    let description = param(operation(&api, "create_server"), "description").loc.line as usize;
    let cell = &mut lines[description + 1];
    assert!(cell.contains(">No<"), "the required cell reads: {cell}");
    *cell = cell.replace(">No<", ">Yes<");
    let dettach = operation(&api, "dettach_server").loc.line as usize;
    assert!(lines[dettach - 1].contains("(dettach Server)"), "{}", lines[dettach - 1]);
    lines[dettach - 1] = lines[dettach - 1].replace("(dettach Server)", "(Detach Server)");
    // The row is `</tr><tr>` and its five cells, one per line.
    let keywords = param(operation(&api, "list_servers"), "keywords").loc.line as usize;
    assert_eq!(lines[keywords - 2], "</tr><tr>");
    lines.drain(keywords - 2..keywords + 4);
    let new = scratch.write("new/servers.md", lines.join("\n").as_bytes());
    Revisions { _scratch: scratch, old, new }
}

/// One change as the test compares it: severity, surface, code, operation, old file and line, new file and line.
type Row = (String, String, String, String, String, u64, String, u64);

fn diff(args: &[&OsStr]) -> Run {
    xtask::run(std::iter::once(OsStr::new("diff")).chain(args.iter().copied()))
}

#[test]
fn a_real_edit_of_servers_md_gives_exactly_its_changes_at_the_lines_of_both_copies() {
    let revisions = edited_copies("diff-json");
    let (old_api, new_api) = (
        compile(&revisions.old, &revisions.old.with_file_name("overrides.toml")),
        compile(&revisions.new, &revisions.new.with_file_name("overrides.toml")),
    );
    let run = diff(&[revisions.old.as_os_str(), revisions.new.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("the diff is JSON");
    let (old_file, new_file) = (revisions.old.to_string_lossy(), revisions.new.to_string_lossy());
    let changes: Vec<Row> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
            (
                text(&c["severity"]),
                text(&c["surface"]),
                text(&c["code"]),
                text(&c["operation"]),
                text(&c["old"]["file"]),
                c["old"]["line"].as_u64().unwrap_or(0),
                text(&c["new"]["file"]),
                c["new"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let line = |api: &Api, op: &str, param_wire: Option<&str>| -> u64 {
        let op = operation(api, op);
        u64::from(param_wire.map_or(op.loc.line, |w| param(op, w).loc.line))
    };
    let change = |severity: &str, surface: &str, code: &str, op: &str, old_line: u64, new_line: u64| {
        let owned = |s: &str| s.to_owned();
        (
            owned(severity),
            owned(surface),
            owned(code),
            owned(op),
            old_file.to_string(),
            old_line,
            new_file.to_string(),
            new_line,
        )
    };
    assert_eq!(
        changes,
        [
            change(
                "breaking",
                "both",
                "param-made-required",
                "create_server",
                line(&old_api, "create_server", Some("description")),
                line(&new_api, "create_server", Some("description")),
            ),
            change(
                "breaking",
                "both",
                "param-removed",
                "list_servers",
                line(&old_api, "list_servers", Some("keywords")),
                line(&new_api, "list_servers", None),
            ),
            change(
                "breaking",
                "rust",
                "operation-renamed",
                "detach_server",
                line(&old_api, "dettach_server", None),
                line(&new_api, "detach_server", None),
            ),
            change(
                "doc",
                "both",
                "title-changed",
                "detach_server",
                line(&old_api, "dettach_server", None),
                line(&new_api, "detach_server", None),
            ),
        ]
    );
    assert_eq!(json["semver"], "major");
    // The removed row moved the later section up by its six lines.
    assert_eq!(line(&new_api, "detach_server", None) + 6, line(&old_api, "dettach_server", None));
}

#[test]
fn text_form_shows_each_change_with_both_doc_lines() {
    let revisions = edited_copies("diff-text");
    let run = diff(&[revisions.old.as_os_str(), revisions.new.as_os_str()]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    let old_api = compile(&revisions.old, &revisions.old.with_file_name("overrides.toml"));
    let keywords = param(operation(&old_api, "list_servers"), "keywords");
    // Each change starts with its `severity[code]` line; snippet lines start with their line number.
    let heads: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with(char::is_alphabetic)).collect();
    assert_eq!(
        heads,
        [
            "breaking[param-made-required]: `create_server`: parameter `description` is now required (in Rust, an argument of `CreateServerRequest::new` instead of `with_description`)",
            "breaking[param-removed]: `list_servers`: body parameter `keywords` is gone",
            "breaking[operation-renamed]: `detach_server`: the Rust method `dettach_server` is now `detach_server` (with `DettachServerRequest` and `DettachServerError` now `DetachServerRequest` and `DetachServerError`)",
            "doc[title-changed]: `detach_server`: title `从主机断开 (dettach Server)` is now `从主机断开 (Detach Server)`",
            "semver: major (3 breaking, 0 additive, 1 doc)",
        ]
    );
    let old_place = format!("--> old: {}:{}:{}", revisions.old.display(), keywords.loc.line, keywords.loc.col);
    assert!(run.stdout.contains(&old_place), "no `{old_place}` in:\n{}", run.stdout);
    assert!(run.stdout.contains(&format!("{} | <td style=\"text-align:center;\">keywords</td>", keywords.loc.line)));
}

#[test]
fn fail_on_sets_the_exit_status() {
    let revisions = edited_copies("diff-fail-on");
    let (old, new) = (revisions.old.as_os_str(), revisions.new.as_os_str());
    for (flag, code) in [(Some("breaking"), 1), (Some("additive"), 1), (None, 0)] {
        let mut args = vec![old, new, "--format".as_ref(), "json".as_ref()];
        if let Some(flag) = flag {
            args.extend([OsStr::new("--fail-on"), flag.as_ref()]);
        }
        assert_eq!(diff(&args).code, Some(code), "--fail-on {flag:?}");
    }
    // A revision compared with itself fails on nothing.
    let same = diff(&[old, old, "--fail-on".as_ref(), "additive".as_ref()]);
    assert_eq!((same.code, same.stdout.as_str()), (Some(0), "semver: none (no changes)\n"));
}

#[test]
fn git_revision_of_spec_matches_the_working_tree() {
    let root = workspace_root();
    let head = std::process::Command::new("git").args(["rev-parse", "--verify", "HEAD"]).current_dir(root).output();
    if !head.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: the project is not a git checkout, so `git:HEAD` cannot be read");
        return;
    }
    let changed =
        std::process::Command::new("git").args(["status", "--porcelain", "--", "spec/"]).current_dir(root).output();
    if changed.is_ok_and(|o| !o.stdout.is_empty()) {
        eprintln!("skipped: spec/ has uncommitted changes, so it differs from `git:HEAD`");
        return;
    }
    let run = diff(&["git:HEAD".as_ref(), "spec".as_ref(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "{\n  \"semver\": \"none\",\n  \"changes\": []\n}\n");
    assert!(run.stderr.starts_with("old (git:HEAD): 0 errors"), "stderr:\n{}", run.stderr);
}

#[test]
fn bad_revisions_fail_plainly() {
    let missing = diff(&["spec/absent.md".as_ref(), "spec".as_ref()]);
    assert_eq!(missing.code, Some(1));
    assert_eq!(missing.first_stderr_line(), "error: cannot read `spec/absent.md`: no such file or directory");
    let no_rev = diff(&["git:no-such-revision".as_ref(), "spec".as_ref()]);
    assert_eq!(no_rev.code, Some(1));
    assert!(
        no_rev.first_stderr_line().starts_with("error: cannot list `spec/` at `no-such-revision`"),
        "stderr:\n{}",
        no_rev.stderr
    );
    let scratch = Scratch::new("diff-errors");
    let empty = scratch.write("empty.md", b"");
    let broken = diff(&[empty.as_os_str(), "spec".as_ref()]);
    assert_eq!(broken.code, Some(1));
    assert!(broken.first_stderr_line().ends_with("error[empty-file]: file is empty"), "stderr:\n{}", broken.stderr);
    assert!(broken.stderr.ends_with("error: a revision has errors (above); nothing compared\n"), "{}", broken.stderr);
    assert_eq!(broken.stdout, "");
    let one = diff(&["spec".as_ref()]);
    assert_eq!(one.code, Some(1));
    assert_eq!(one.first_stderr_line(), "error: `diff` needs two revisions, OLD and NEW");
    assert!(!missing.stderr.contains("panicked") && !no_rev.stderr.contains("panicked"));
}
