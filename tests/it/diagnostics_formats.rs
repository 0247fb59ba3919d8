//! The three forms of diagnostics agree, and the quiet run is quiet: `--message-format json` and `sarif` list the
//! same diagnostics as the text form (same count, codes, levels, messages and locations), the SARIF log validates
//! against the SARIF 2.1.0 schema (vendored in `tests/data/`), `cargo xtask gen --check --deny-warnings` on the
//! unchanged spec prints its summary line only and passes, and a new defect in a copy of the doc fails it.

use std::path::Path;

use serde_json::Value;

use crate::cli::Scratch;
use crate::xtask::{self, workspace_root, Run};

/// One diagnostic as every form can say it: file, line, column, level, code and message.
type Entry = (String, u64, u64, String, String, String);

/// The diagnostics of a text run: its `FILE:LINE:COL: level[code]: message` lines.
fn text_entries(stderr: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = stderr
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": ")?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line_no = parts.next()?.parse().ok()?;
            let file = parts.next()?.to_owned();
            let (level, rest) = rest.split_once('[')?;
            let (code, message) = rest.split_once("]: ")?;
            Some((file, line_no, column, level.to_owned(), code.to_owned(), message.to_owned()))
        })
        .collect();
    out.sort();
    out
}

/// The diagnostics of a JSON run, and how many of them are acknowledged.
fn json_entries(stderr: &str) -> (Vec<Entry>, usize) {
    let values: Vec<Value> =
        stderr.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect();
    let allowed = values.iter().filter(|v| v["allowed"] == Value::Bool(true)).count();
    for value in &values {
        for key in [
            "code",
            "level",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "labels",
            "help",
            "allowed",
        ] {
            assert!(value.get(key).is_some(), "no `{key}` in {value}");
        }
        let primary = &value["labels"][0];
        for key in ["file", "line", "column", "end_line", "end_column", "text"] {
            assert_eq!(
                primary[key],
                if key == "text" { primary["text"].clone() } else { value[key].clone() },
                "{value}"
            );
        }
    }
    let mut out: Vec<Entry> = values
        .iter()
        .map(|v| {
            let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            let number = |k: &str| v[k].as_u64().unwrap_or_default();
            (text("file"), number("line"), number("column"), text("level"), text("code"), text("message"))
        })
        .collect();
    out.sort();
    (out, allowed)
}

/// The results of a SARIF log, and how many carry a suppression.
fn sarif_entries(log: &Value) -> (Vec<Entry>, usize) {
    let results = log["runs"][0]["results"].as_array().expect("a run with results");
    let suppressed = results.iter().filter(|r| r.get("suppressions").is_some()).count();
    let mut out: Vec<Entry> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            (
                location["artifactLocation"]["uri"].as_str().unwrap_or_default().to_owned(),
                location["region"]["startLine"].as_u64().unwrap_or_default(),
                location["region"]["startColumn"].as_u64().unwrap_or_default(),
                r["level"].as_str().unwrap_or_default().to_owned(),
                r["ruleId"].as_str().unwrap_or_default().to_owned(),
                r["message"]["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    (out, suppressed)
}

/// The SARIF 2.1.0 schema validator (OASIS, errata 01), with format checks on.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(workspace_root().join("tests/data/sarif-schema-2.1.0.json"))
        .expect("the vendored SARIF schema is readable");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

/// Runs one input in the three forms and checks that they agree; returns the text run.
fn check_forms_agree(args: &[&str]) -> Run {
    let text = xtask::run(args.iter().copied().chain(["--verbose"]));
    let json = xtask::run(args.iter().copied().chain(["--message-format", "json"]));
    let sarif = xtask::run(args.iter().copied().chain(["--message-format", "sarif"]));
    assert_eq!(text.code, json.code, "{}", json.stderr);
    assert_eq!(text.code, sarif.code, "{}", sarif.stderr);
    let text_list = text_entries(&text.stderr);
    let (json_list, json_allowed) = json_entries(&json.stderr);
    assert!(!text_list.is_empty(), "the input has diagnostics:\n{}", text.stderr);
    assert_eq!(json_list, text_list, "JSON (left) against text (right)");
    let acknowledged = text.stderr.matches("= note: acknowledged by an `[[allow]]`").count();
    assert_eq!(json_allowed, acknowledged, "allowed in JSON (left) against acknowledged in text (right)");

    let log: Value = serde_json::from_str(&sarif.stderr).expect("the SARIF log is one JSON document");
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "the SARIF log breaks the schema: {errors:#?}");
    let (sarif_list, suppressed) = sarif_entries(&log);
    assert_eq!(sarif_list, text_list, "SARIF (left) against text (right)");
    assert_eq!(suppressed, acknowledged, "suppressed in SARIF (left) against acknowledged in text (right)");
    text
}

#[test]
fn json_and_sarif_say_what_the_text_says_for_the_spec() {
    let run = check_forms_agree(&["gen", "--check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn json_and_sarif_say_what_the_text_says_for_a_doc_with_errors() {
    let run = check_forms_agree(&[
        "ir",
        "--spec",
        "generator/test_data/docs/overrides_errors.md",
        "--overrides",
        "generator/test_data/docs/overrides_errors.overrides.toml",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
}

#[test]
fn the_schema_check_refuses_a_broken_log() {
    let run = xtask::run(["gen", "--check", "--message-format", "sarif"]);
    let mut log: Value = serde_json::from_str(&run.stderr).expect("the SARIF log is JSON");
    assert!(sarif_validator().is_valid(&log));
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_validator().is_valid(&log), "a level SARIF does not have is refused");
}

#[test]
fn the_unchanged_spec_prints_its_summary_line_only_and_passes_deny_warnings() {
    let run = xtask::run(["gen", "--check", "--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr:\n{}", run.stderr);
    assert!(lines[0].contains(" operations; 0 errors, 0 warnings, "), "{}", lines[0]);
    assert!(lines[0].contains(" warnings allowed, "), "{}", lines[0]);
    let ir = xtask::run(["ir", "--deny-warnings"]);
    assert_eq!((ir.code, ir.stderr.lines().count()), (Some(0), 1), "{}", ir.stderr);
}

#[test]
fn a_new_defect_in_a_copy_of_the_doc_fails_deny_warnings_and_is_named() {
    let scratch = Scratch::new("new-defect");
    let doc = std::fs::read_to_string(workspace_root().join("spec/servers.md")).expect("spec/servers.md is readable");
    // A parameter row whose required column reads `maybe`, after the first section's `description` row: a new
    // defect that no `[[allow]]` acknowledges.
    let anchor = "<td style=\"text-align:left;\">主机描述</td>\n</tr>";
    assert!(doc.contains(anchor), "a description row is where the test expects it");
    let row = "<tr>\n<td>tag</td>\n<td>String</td>\n<td>maybe</td>\n<td></td>\n<td>标签</td>\n</tr>";
    let changed = doc.replacen(anchor, &format!("{anchor}{row}"), 1);
    let copy = scratch.write("servers.md", changed.as_bytes());
    // The new cell starts a line: its number is one more than the lines before it.
    let line = changed[..changed.find("<td>maybe</td>").expect("the new row")].lines().count() + 1;
    let out = scratch.0.join("crate");
    let overrides = workspace_root().join("spec/overrides.toml");
    let args = [
        "gen".as_ref(),
        "--deny-warnings".as_ref(),
        "--spec".as_ref(),
        copy.as_os_str(),
        "--overrides".as_ref(),
        overrides.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    let run = xtask::run(args);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or_default();
    let shown = copy.to_string_lossy().replace('\\', "/");
    assert_eq!(
        first,
        format!("{shown}:{line}:5: warning[unknown-required]: required column of `tag` reads `maybe`"),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.trim_end().ends_with("warnings are denied (`--deny-warnings`), so nothing is written"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing is written: {}", out.display());
    // Without `--deny-warnings` the same run writes the crate.
    let run = xtask::run(args.iter().filter(|a| **a != std::ffi::OsStr::new("--deny-warnings")));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(Path::new(&out).join("Cargo.toml").exists());
}
