//! `cargo xtask report` on `spec/`: its counts against the IR's own provenance records, and the HTML page in a real
//! browser (headless Chromium, skipped with a plain message where it is not installed).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::Scratch;
use crate::xtask;

/// The provenance kinds; no `Type` of the IR uses these `kind` names, so every JSON object of the IR whose `kind`
/// is one of them is a recorded fact.
const PROVENANCE_KINDS: [&str; 6] = ["table", "table+example", "example", "rule", "default", "override"];

/// Counts every provenance the IR records, by kind, walking its JSON form (independent of how the report lists them).
fn provenances(value: &serde_json::Value, counts: &mut BTreeMap<String, u64>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(kind) = map.get("kind").and_then(|k| k.as_str()).filter(|k| PROVENANCE_KINDS.contains(k)) {
                *counts.entry(kind.to_owned()).or_default() += 1;
            }
            map.values().for_each(|v| provenances(v, counts));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| provenances(v, counts)),
        _ => {}
    }
}

fn report_json() -> serde_json::Value {
    let run = xtask::run(["report", "--format", "json"].map(OsStr::new));
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the report is JSON")
}

#[test]
fn report_accounts_for_every_fact_of_the_ir() {
    let ir_run = xtask::run(["ir"].map(OsStr::new));
    assert_eq!(ir_run.code, Some(0), "stderr:\n{}", ir_run.stderr);
    let ir: serde_json::Value = serde_json::from_str(&ir_run.stdout).expect("the IR is JSON");
    let mut expected = BTreeMap::new();
    provenances(&ir, &mut expected);
    // One fact per operation that the IR does not record: `auth`, the credentials the emitters send. It is the
    // override's when one replaced the header list, the section's table when it names its access token, and
    // otherwise a rule (the token goes under the doc's or the family's name).
    for op in ir["docs"].as_array().unwrap().iter().flat_map(|d| d["operations"].as_array().unwrap()) {
        let headers = op["provenance"]["headers"]["kind"].as_str().unwrap();
        let own_token = op["headers"].as_array().unwrap().iter().any(|h| h["kind"] == "access_token");
        let kind = match headers {
            "override" => "override",
            _ if own_token => headers,
            _ => "rule",
        };
        *expected.entry(kind.to_owned()).or_default() += 1;
    }
    let report = report_json();
    let summary = &report["summary"];
    let by_kind: BTreeMap<String, u64> = summary["by_kind"]
        .as_object()
        .expect("by_kind")
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(by_kind, expected, "the report's facts by provenance against the IR's records");
    let total: u64 = expected.values().sum();
    assert_eq!(summary["facts"], total);
    let facts: usize = report["docs"].as_array().unwrap().iter().map(|d| d["facts"].as_array().unwrap().len()).sum();
    assert_eq!(facts as u64, total);
    // The items, counted from the IR: eight facts per operation (name, method, idempotent, headers, client method,
    // Rust types, paging method, auth), eight per parameter (type, required, default, location, description,
    // sensitive, encoding, Rust name) and three per field (type, required, Rust name), one more for an enum's name, one per enum option where it is used, one per error.
    let mut items: BTreeMap<&str, u64> = BTreeMap::new();
    let enum_of = |ty: &serde_json::Value| -> Option<serde_json::Value> {
        let mut ty = ty.clone();
        while ty["kind"] == "array" {
            ty = ty["items"].clone();
        }
        (ty["kind"] == "enum").then_some(ty)
    };
    for doc in ir["docs"].as_array().unwrap() {
        for op in doc["operations"].as_array().unwrap() {
            *items.entry("operation").or_default() += 8;
            for param in op["params"].as_array().unwrap() {
                *items.entry("parameter").or_default() += 8;
                if let Some(enumeration) = enum_of(&param["ty"]) {
                    *items.entry("parameter").or_default() += 1;
                    *items.entry("enum-option").or_default() += enumeration["options"].as_array().unwrap().len() as u64;
                }
            }
            *items.entry("error").or_default() += op["errors"].as_array().unwrap().len() as u64;
        }
        for type_def in doc["types"].as_array().unwrap() {
            for field in type_def["fields"].as_array().unwrap() {
                *items.entry("field").or_default() += 3;
                if let Some(enumeration) = enum_of(&field["ty"]) {
                    *items.entry("field").or_default() += 1;
                    *items.entry("enum-option").or_default() += enumeration["options"].as_array().unwrap().len() as u64;
                }
            }
        }
    }
    let by_item: BTreeMap<&str, u64> = summary["by_item"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.as_str(), n.as_u64().unwrap_or(0)))
        .filter(|(_, n)| *n != 0)
        .collect();
    assert_eq!(by_item, items);
    let operations: usize =
        ir["docs"].as_array().unwrap().iter().map(|d| d["operations"].as_array().unwrap().len()).sum();
    assert_eq!(summary["operations"], operations);
    assert_eq!(
        summary["read"].as_u64().unwrap()
            + summary["inferred"].as_u64().unwrap()
            + summary["overridden"].as_u64().unwrap(),
        total
    );
}

/// Every diagnostic of the run is in the report, as `--message-format json` prints it (notes and acknowledged
/// warnings too): on the facts it touched, or among the doc's other diagnostics.
#[test]
fn report_keeps_every_diagnostic() {
    let ir_run = xtask::run(["ir", "--message-format", "json"].map(OsStr::new));
    assert_eq!(ir_run.code, Some(0), "stderr:\n{}", ir_run.stderr);
    // One JSON object per diagnostic per line.
    let all: Vec<serde_json::Value> =
        ir_run.stderr.lines().map(|l| serde_json::from_str(l).expect("a line of JSON")).collect();
    assert!(all.iter().any(|d| d["allowed"] == true), "spec/overrides.toml acknowledges some warning");
    let mut expected: Vec<String> = all.iter().map(|d| d.to_string()).collect();
    expected.sort();
    expected.dedup();
    let report = report_json();
    let mut found: Vec<String> = Vec::new();
    for doc in report["docs"].as_array().unwrap() {
        let attached =
            doc["facts"].as_array().unwrap().iter().flat_map(|f| f["diagnostics"].as_array().unwrap().iter());
        found.extend(attached.chain(doc["other_diagnostics"].as_array().unwrap()).map(|d| d.to_string()));
    }
    found.sort();
    found.dedup();
    assert_eq!(found, expected);
}

/// Chromium as Debian installs it, or `CHROMIUM` when set.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists())
}

/// Runs headless Chromium on `url` with `args`, in a fresh profile, and returns its stdout. The flags keep it off
/// the network (this machine has none); a run that takes over two minutes is stopped by its process id.
fn run_chromium(chromium: &Path, profile: &Path, args: &[&str], url: &str) -> String {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Read the DOM while Chromium writes it: a page larger than the pipe's buffer would otherwise block it.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut out).map(|_| out)
    });
    let started = Instant::now();
    while child.try_wait().expect("chromium can be waited for").is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().expect("the reader thread ends").expect("the DOM is UTF-8")
}

#[test]
fn html_report_renders_in_a_real_browser() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: Chromium is not installed (`apt-get install chromium`, as `.ci/run` does, or set CHROMIUM)"
        );
        return;
    };
    let scratch = Scratch::new("report-html");
    let page = scratch.0.join("report.html");
    let run =
        xtask::run([OsStr::new("report"), "--format".as_ref(), "html".as_ref(), "--out".as_ref(), page.as_os_str()]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    let report = report_json();
    let summary = &report["summary"];
    let url = format!("file://{}", page.display());
    // A picture, as a person would see it: a PNG of the window's size, with something drawn on it.
    let screenshot = scratch.0.join("report.png");
    let profile = scratch.0.join("profile-shot");
    run_chromium(
        &chromium,
        &profile,
        &[&format!("--screenshot={}", screenshot.display()), "--window-size=1280,900"],
        &url,
    );
    let png = std::fs::read(&screenshot).expect("chromium wrote the screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap())),
        (1280, 900)
    );
    assert!(png.len() > 20_000, "a blank page would compress to a few KB, not {} bytes", png.len());
    // The rendered DOM, with the page's script run on a link that filters by `rule`.
    let profile = scratch.0.join("profile-dom");
    let dom = run_chromium(&chromium, &profile, &["--dump-dom"], &format!("{url}#filter=rule"));
    let rules = summary["by_kind"]["rule"].as_u64().unwrap();
    let shown = format!("Showing {rules} of {} facts (provenance: rule)", summary["facts"]);
    assert!(dom.contains(&shown), "the script did not filter: no `{shown}` in the DOM");
    let overall = format!(
        "{} operations, {} facts: {} read from the doc, {} inferred, {} overridden.",
        summary["operations"], summary["facts"], summary["read"], summary["inferred"], summary["overridden"]
    );
    assert!(dom.contains(&overall), "no `{overall}`");
    // Exactly the rule facts are visible, and each row links to its line of the embedded source.
    let visible = dom.matches("<tr data-kind=\"rule\"").count() as u64;
    let hidden = dom.matches(" hidden=\"\"").count() as u64;
    assert_eq!((visible, hidden), (rules, summary["facts"].as_u64().unwrap() - rules));
    let first = &report["docs"][0]["facts"][0];
    assert!(dom.contains(&format!("<a href=\"#src-0-L{line}\">{line}</a>", line = first["line"])));
    assert!(dom.contains(&format!("id=\"src-0-L{}\"", first["line"])));
}

/// `report --out` writes nothing when the docs have errors.
#[test]
fn report_of_a_broken_doc_fails_and_writes_nothing() {
    let scratch = Scratch::new("report-broken");
    let doc = scratch.write("empty.md", b"");
    let page = scratch.0.join("report.html");
    let run = xtask::run([
        OsStr::new("report"),
        "--spec".as_ref(),
        doc.as_os_str(),
        "--format".as_ref(),
        "html".as_ref(),
        "--out".as_ref(),
        page.as_os_str(),
    ]);
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert!(run.first_stderr_line().ends_with("error[empty-file]: file is empty"), "{}", run.stderr);
    assert!(run.stderr.ends_with("1 error, 0 warnings, 0 notes; no report\n"), "{}", run.stderr);
    assert!(!page.exists());
}
