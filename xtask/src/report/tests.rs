//! The report's renderers on the real spec: the HTML page is self-contained and escapes the doc's text, and the
//! text form lists every fact once.

use super::*;

fn servers_report() -> (Report, Vec<SourceFile>) {
    let inputs = inputs(&Args::default()).expect("spec files are readable");
    let compiled = generator::compile(&inputs.specs, inputs.overrides.as_ref());
    let api = compiled.api.as_ref().expect("spec/ compiles");
    (generator::report::report(api, &compiled.diagnostics, &compiled.files), compiled.files)
}

#[test]
fn escape_covers_markup_and_quotes() {
    assert_eq!(escape("<b>a & \"b\" 'c'</b>"), "&lt;b&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/b&gt;");
}

#[test]
fn html_page_needs_nothing_outside_itself() {
    let (report, files) = servers_report();
    let html = render_html(&report, &files);
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    for external in ["src=\"", "href=\"http", "href=\"//", "@import", "url(", "<link"] {
        assert!(!html.contains(external), "the page refers to something outside itself: `{external}`");
    }
    // Every fact is a row, every row links to a line of the embedded source, and the doc's markup is escaped.
    let rows = html.matches("<tr data-kind=").count();
    assert_eq!(rows, report.summary.facts);
    assert!(!html.contains("<td style=\"text-align:center;\">keywords</td>"), "the doc's HTML is escaped");
    assert!(html.contains("&lt;td style=&quot;text-align:center;&quot;&gt;keywords&lt;/td&gt;"));
    for doc in &report.docs {
        for fact in &doc.facts {
            assert!(html.contains(&format!("id=\"src-0-L{}\"", fact.line)), "no source line {}", fact.line);
        }
    }
}

#[test]
fn text_lists_every_fact_once() {
    let (report, _) = servers_report();
    let text = render_text(&report);
    let fact_lines = text.lines().filter(|l| l.starts_with("    spec/servers.md:") && l.ends_with(']')).count();
    assert_eq!(fact_lines, report.summary.facts);
    assert!(text.starts_with(&format!(
        "provenance of 1 doc(s):\n  {} operations, {} facts:",
        report.summary.operations, report.summary.facts
    )));
}

#[test]
fn an_acknowledged_warning_says_so() {
    let diagnostic = |allowed: bool| serde_json::json!({"code": "duplicate-anchor", "level": "warning", "message": "anchor `a` is used twice", "allowed": allowed});
    assert_eq!(diagnostic_line(&diagnostic(false)), "warning[duplicate-anchor]: anchor `a` is used twice");
    assert_eq!(diagnostic_line(&diagnostic(true)), "warning[duplicate-anchor]: anchor `a` is used twice (allowed)");
}
