//! `cargo xtask report [--spec FILE]... [--overrides FILE] [--format text|json|html] [--out FILE]`: where each
//! fact of the IR came from.
//!
//! The docs are read as `cargo xtask ir` reads them, compiled, and `generator::report` lists every fact with its
//! provenance and the diagnostics that touched it. This file prints that: as text, as JSON, or as one HTML page
//! that needs nothing but itself (no network, no external files): a table per doc, filterable by provenance and
//! sortable by any column, each fact linking to its line in a copy of the doc's source inside the page.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use generator::ir::Provenance;
use generator::report::{DocReport, Fact, Report, Summary};
use generator::source::SourceFile;
use serde_json::Value;

use crate::gen::{inputs, write_atomic};
use crate::Args;

const USAGE: &str =
    "usage: cargo xtask report [--spec FILE]... [--overrides FILE] [--format text|json|html] [--out FILE]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Html,
}

pub fn run(mut args: impl Iterator<Item = String>) -> Result<ExitCode> {
    let mut inputs_args = Args::default();
    let mut format = Format::Text;
    let mut out: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => inputs_args.specs.push(args.next().context("`--spec` needs a file")?.into()),
            "--overrides" => inputs_args.overrides = Some(args.next().context("`--overrides` needs a file")?.into()),
            "--out" => out = Some(args.next().context("`--out` needs a file")?.into()),
            "--format" => {
                format = match args.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    Some("html") => Format::Html,
                    other => bail!("`--format` takes `text`, `json` or `html`, not `{}`\n{USAGE}", other.unwrap_or("")),
                }
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let inputs = inputs(&inputs_args)?;
    let compiled = generator::compile(&inputs.specs, inputs.overrides.as_ref());
    let summary = generator::diagnostics::summary(&compiled.diagnostics);
    let Some(api) = &compiled.api else {
        // As `gen` prints them: warnings, then the errors just above the summary.
        let shown = generator::diagnostics::for_terminal(&compiled.diagnostics, false);
        eprint!("{}", generator::diagnostics::render(&compiled.files, &shown));
        eprintln!("{summary}; no report");
        return Ok(ExitCode::FAILURE);
    };
    let report = generator::report::report(api, &compiled.diagnostics, &compiled.files);
    let text = match format {
        Format::Text => render_text(&report),
        Format::Json => report.to_json(),
        Format::Html => render_html(&report, &compiled.files),
    };
    match &out {
        Some(path) => {
            write_atomic(path, text.as_bytes())?;
            eprintln!("{}: {} facts; {summary}", path.display(), report.summary.facts);
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `12 table, 3 example, ...`, in the report's fixed order of kinds.
fn counts(map: &std::collections::BTreeMap<String, usize>, order: &[&str]) -> String {
    order.iter().map(|k| format!("{} {k}", map.get(*k).copied().unwrap_or(0))).collect::<Vec<_>>().join(", ")
}

const KINDS: [&str; 6] = ["table", "table+example", "example", "rule", "default", "override"];
const ITEMS: [&str; 5] = ["operation", "parameter", "field", "enum-option", "error"];

fn summary_lines(summary: &Summary, indent: &str) -> String {
    let mut out = format!(
        "{indent}{} operations, {} facts: {} read from the doc, {} inferred, {} overridden\n",
        summary.operations, summary.facts, summary.read, summary.inferred, summary.overridden
    );
    let _ = writeln!(out, "{indent}  by provenance: {}", counts(&summary.by_kind, &KINDS));
    let _ = writeln!(out, "{indent}  by item: {}", counts(&summary.by_item, &ITEMS));
    if !summary.by_rule.is_empty() {
        let rules: Vec<String> = summary.by_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
        let _ = writeln!(out, "{indent}  rules: {}", rules.join(", "));
    }
    if !summary.by_override.is_empty() {
        let overrides: Vec<String> = summary.by_override.iter().map(|(label, n)| format!("{label} {n}")).collect();
        let _ = writeln!(out, "{indent}  overrides: {}", overrides.join(", "));
    }
    out
}

/// One line for a diagnostic in its JSON form: `warning[required-false]: message`, with `(allowed)` after a
/// warning an `[[allow]]` acknowledges.
fn diagnostic_line(diagnostic: &Value) -> String {
    let text = |key: &str| diagnostic[key].as_str().unwrap_or_default().to_owned();
    let allowed = if diagnostic["allowed"] == Value::Bool(true) { " (allowed)" } else { "" };
    format!("{}[{}]: {}{allowed}", text("level"), text("code"), text("message"))
}

/// The report as text: the overall summary, then per doc its summary, the sections resting on guesses and every
/// fact (`FILE:LINE:COL: item subject aspect = value [provenance]`, then the decision in words where the report
/// gives one, such as the word that decided `idempotent`, and the diagnostics that touched it).
pub fn render_text(report: &Report) -> String {
    let mut out = format!("provenance of {} doc(s):\n", report.docs.len());
    out.push_str(&summary_lines(&report.summary, "  "));
    for doc in &report.docs {
        let _ = writeln!(out, "\n{} (module `{}`):", doc.file, doc.module);
        out.push_str(&summary_lines(&doc.summary, "  "));
        let _ = writeln!(
            out,
            "  sections resting on guesses: {} of {} operations",
            doc.guesses.len(),
            doc.summary.operations
        );
        for guess in &doc.guesses {
            let _ = writeln!(out, "    {}:{}: {} `{}`", doc.file, guess.line, guess.title, guess.operation);
            for fact in &guess.facts {
                let _ = writeln!(out, "      - {fact}");
            }
        }
        let _ = writeln!(out, "  facts:");
        for fact in &doc.facts {
            let _ = writeln!(
                out,
                "    {}:{}:{}: {} {} {} = {} [{}]",
                doc.file,
                fact.line,
                fact.column,
                fact.item.as_str(),
                fact.subject,
                fact.aspect,
                fact.value,
                fact.provenance.label()
            );
            if let Some(detail) = &fact.detail {
                let _ = writeln!(out, "      {detail}");
            }
            for diagnostic in &fact.diagnostics {
                let _ = writeln!(out, "      {}", diagnostic_line(diagnostic));
            }
        }
        if !doc.other_diagnostics.is_empty() {
            let _ = writeln!(out, "  diagnostics about no single fact:");
            for diagnostic in &doc.other_diagnostics {
                let _ = writeln!(out, "    {}:{}: {}", doc.file, diagnostic["line"], diagnostic_line(diagnostic));
            }
        }
    }
    out
}

/// Text made safe inside HTML elements and double-quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What decided a fact, beyond its kind: the rule's id and sentence, or the override's entry.
fn decided_by(provenance: &Provenance) -> (String, String) {
    match provenance {
        Provenance::Rule { rule } => (rule.as_str().to_owned(), rule.description().to_owned()),
        Provenance::Override { override_ } => (override_.label(), "set in the overrides file".to_owned()),
        _ => (String::new(), String::new()),
    }
}

const STYLE: &str = "
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em 2em; color: #1d2327; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccd0d4; }
code, pre, td.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
#controls { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #e2e4e7; z-index: 1; }
#controls label { margin-right: 1.2em; }
#shown { font-weight: 600; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #dcdcde; padding: 2px 6px; text-align: left; vertical-align: top; }
table.facts th { background: #f0f0f1; cursor: pointer; user-select: none; }
table.facts th.sorted-asc::after { content: ' \\25B2'; }
table.facts th.sorted-desc::after { content: ' \\25BC'; }
.detail { color: #50575e; font-size: 12.5px; max-width: 36em; }
.kind { border-radius: 3px; padding: 0 4px; white-space: nowrap; }
.kind-table { background: #d7f0db; } .kind-table\\+example { background: #b8e6c1; }
.kind-example { background: #fcf0c3; } .kind-rule { background: #fbd5c0; }
.kind-default { background: #e5e5e5; } .kind-override { background: #cfe0fc; }
.diag { display: block; color: #8a4b08; }
ul.guesses li { margin-bottom: .3em; }
pre.source { background: #f6f7f7; padding: .5em; overflow-x: auto; }
pre.source .line { display: block; white-space: pre; }
pre.source .line:target { background: #fff3a8; }
pre.source .ln { display: inline-block; width: 4em; color: #8c8f94; user-select: none; }
";

const SCRIPT: &str = r#"
(function () {
  var filter = document.getElementById('filter');
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.facts tbody tr'));
  function apply() {
    var kind = filter.value, needle = search.value.toLowerCase(), visible = 0;
    rows.forEach(function (row) {
      var byKind = kind === '' || row.dataset.kind === kind || (kind === 'guess' && row.dataset.guess === '1');
      var bySearch = needle === '' || row.textContent.toLowerCase().indexOf(needle) >= 0;
      row.hidden = !(byKind && bySearch);
      if (!row.hidden) { visible += 1; }
    });
    document.querySelectorAll('table.facts').forEach(function (table) {
      var count = table.querySelectorAll('tbody tr:not([hidden])').length;
      table.previousElementSibling.textContent = 'Facts shown: ' + count + ' of ' + table.tBodies[0].rows.length;
    });
    shown.textContent = 'Showing ' + visible + ' of ' + rows.length + ' facts' + (kind ? ' (provenance: ' + kind + ')' : '');
  }
  function sortBy(th) {
    var table = th.closest('table'), body = table.tBodies[0], col = th.cellIndex;
    var asc = !th.classList.contains('sorted-asc');
    table.querySelectorAll('th').forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
    th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
    var numeric = th.dataset.sort === 'num';
    var list = Array.prototype.slice.call(body.rows);
    list.sort(function (a, b) {
      var x = a.cells[col].dataset.value || a.cells[col].textContent;
      var y = b.cells[col].dataset.value || b.cells[col].textContent;
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return asc ? order : -order;
    });
    list.forEach(function (row) { body.appendChild(row); });
  }
  function reveal() {
    var target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.closest('details')) { target.closest('details').open = true; target.scrollIntoView({block: 'center'}); }
  }
  document.querySelectorAll('table.facts th').forEach(function (th) { th.addEventListener('click', function () { sortBy(th); }); });
  filter.addEventListener('change', apply);
  search.addEventListener('input', apply);
  window.addEventListener('hashchange', reveal);
  var wanted = /^#filter=(.+)$/.exec(location.hash);
  if (wanted) { filter.value = decodeURIComponent(wanted[1]); }
  apply();
  reveal();
})();
"#;

/// The report as one self-contained HTML page.
pub fn render_html(report: &Report, files: &[SourceFile]) -> String {
    let mut out = String::new();
    let summary = &report.summary;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Provenance report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Where each fact of the generated SDK comes from</h1>\n\
         <p id=\"overall\">{} doc(s), {} operations, {} facts: {} read from the doc, {} inferred, {} overridden. \
         {} operation(s) rest on guesses.</p>\n",
        report.docs.len(),
        summary.operations,
        summary.facts,
        summary.read,
        summary.inferred,
        summary.overridden,
        summary.guessed_operations
    );
    out.push_str("<div id=\"controls\"><label>Provenance <select id=\"filter\"><option value=\"\">all</option>");
    for kind in KINDS {
        let _ = write!(out, "<option value=\"{}\">{}</option>", escape(kind), escape(kind));
    }
    out.push_str("<option value=\"guess\">guesses (rule or example)</option></select></label>");
    out.push_str("<label>Search <input id=\"search\" type=\"search\"></label>");
    out.push_str("<span id=\"shown\">All facts are shown (the page's script did not run).</span></div>\n");
    for (doc_idx, doc) in report.docs.iter().enumerate() {
        doc_section(&mut out, doc_idx, doc, files.iter().find(|f| f.name == doc.file));
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn doc_section(out: &mut String, doc_idx: usize, doc: &DocReport, source: Option<&SourceFile>) {
    let line_link = |line: u32| format!("<a href=\"#src-{doc_idx}-L{line}\">{line}</a>");
    let summary = &doc.summary;
    let _ = write!(
        out,
        "<section class=\"doc\" id=\"doc-{doc_idx}\">\n<h2>{} <small>(module <code>{}</code>)</small></h2>\n",
        escape(&doc.file),
        escape(&doc.module)
    );
    let _ = write!(
        out,
        "<p>{} operations, {} facts: {} read from the doc, {} inferred, {} overridden.</p>\n<table class=\"summary\"><tr>",
        summary.operations, summary.facts, summary.read, summary.inferred, summary.overridden
    );
    for kind in KINDS {
        let _ = write!(out, "<th><span class=\"kind kind-{}\">{}</span></th>", escape(kind), escape(kind));
    }
    out.push_str("</tr><tr>");
    for kind in KINDS {
        let _ = write!(out, "<td>{}</td>", summary.by_kind.get(kind).copied().unwrap_or(0));
    }
    out.push_str("</tr></table>\n");
    let _ = write!(
        out,
        "<h3>Sections resting on guesses: {} of {} operations</h3>\n<ul class=\"guesses\">\n",
        doc.guesses.len(),
        summary.operations
    );
    for guess in &doc.guesses {
        let facts: Vec<String> = guess.facts.iter().map(|f| format!("<code>{}</code>", escape(f))).collect();
        let _ = writeln!(
            out,
            "<li>line {} {} <code>{}</code>: {}</li>",
            line_link(guess.line),
            escape(&guess.title),
            escape(&guess.operation),
            facts.join("; ")
        );
    }
    out.push_str("</ul>\n<p class=\"count\">Facts shown: all</p>\n");
    out.push_str("<table class=\"facts\"><thead><tr><th data-sort=\"num\">Line</th><th>Item</th><th>Subject</th><th>Aspect</th><th>Value</th><th>Provenance</th><th>Decided by</th><th>Diagnostics</th></tr></thead>\n<tbody>\n");
    for fact in &doc.facts {
        fact_row(out, fact, &line_link);
    }
    out.push_str("</tbody></table>\n");
    if !doc.other_diagnostics.is_empty() {
        out.push_str("<h3>Diagnostics about no single fact</h3>\n<ul>\n");
        for diagnostic in &doc.other_diagnostics {
            let line = u32::try_from(diagnostic["line"].as_u64().unwrap_or(0)).unwrap_or(0);
            let _ = writeln!(out, "<li>line {}: {}</li>", line_link(line), escape(&diagnostic_line(diagnostic)));
        }
        out.push_str("</ul>\n");
    }
    if let Some(source) = source {
        let lines: Vec<&str> = source.text.split('\n').collect();
        let _ = write!(out, "<details id=\"source-{doc_idx}\"><summary>Source of <code>{}</code> ({} lines)</summary>\n<pre class=\"source\">", escape(&doc.file), lines.len());
        for (idx, line) in lines.iter().enumerate() {
            let number = idx + 1;
            let _ = write!(
                out,
                "<span class=\"line\" id=\"src-{doc_idx}-L{number}\"><span class=\"ln\">{number}</span>{}</span>",
                escape(line)
            );
        }
        out.push_str("</pre></details>\n");
    }
    out.push_str("</section>\n");
}

fn fact_row(out: &mut String, fact: &Fact, line_link: &dyn Fn(u32) -> String) {
    let kind = fact.provenance.kind();
    let (decided, why) = decided_by(&fact.provenance);
    let diagnostics: Vec<String> = fact
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "<span class=\"diag\" title=\"{}\">{}</span>",
                escape(d["help"].as_str().unwrap_or_default()),
                escape(&diagnostic_line(d))
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<tr data-kind=\"{kind}\" data-guess=\"{guess}\"><td data-value=\"{line}\">{link}</td><td>{item}</td><td class=\"mono\">{subject}</td><td>{aspect}</td><td class=\"mono\">{value}</td><td><span class=\"kind kind-{kind}\">{kind}</span></td><td title=\"{why}\">{decided}{detail}</td><td>{diagnostics}</td></tr>",
        kind = escape(kind),
        guess = u8::from(fact.provenance.is_guess()),
        line = fact.line,
        link = line_link(fact.line),
        item = fact.item.as_str(),
        subject = escape(&fact.subject),
        aspect = escape(&fact.aspect),
        value = escape(&fact.value),
        why = escape(&why),
        decided = escape(&decided),
        detail = fact.detail.as_ref().map(|d| format!("<div class=\"detail\">{}</div>", escape(d))).unwrap_or_default(),
        diagnostics = diagnostics.join(""),
    );
}

#[cfg(test)]
mod tests;
