//! Every doc of `../shared/corpus` (beside the workspace) goes through `cargo xtask ir --spec FILE`: exit status 0,
//! no panic, an IR on stdout, and one operation per URL line (none dropped silently). Without the corpus, the test
//! says that it skipped and passes.

use std::path::PathBuf;

use crate::xtask;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = xtask::workspace_root().parent()?.join("shared/corpus");
    let entries = std::fs::read_dir(&dir).ok()?;
    let mut files: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    files.sort();
    Some(files)
}

/// URL lines as the doc family writes them: `> http://...` (one or several in a quote) and `<http://...>`.
fn url_lines(text: &str) -> usize {
    text.lines()
        .map(|line| line.trim_start_matches(['>', ' ']))
        .filter(|line| ["http://", "https://", "<http://", "<https://"].iter().any(|s| line.starts_with(s)))
        .count()
}

#[test]
fn every_corpus_doc_compiles() {
    let Some(files) = corpus_files() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    assert!(!files.is_empty(), "../shared/corpus has no .md files");
    for path in files {
        let run = xtask::ir(&path);
        let name = path.display();
        assert!(!run.stderr.contains("panicked"), "{name} panicked:\n{}", run.stderr);
        assert_eq!(run.code, Some(0), "{name} failed:\n{}", run.stderr);
        assert!(run.stderr.lines().last().is_some_and(|l| l.starts_with("0 errors, ")), "{name}:\n{}", run.stderr);
        let ir: serde_json::Value = serde_json::from_str(&run.stdout).expect("the IR is JSON");
        let operations = ir["docs"][0]["operations"].as_array().expect("operations").len();
        let skipped = run.stderr.matches("warning[non-http]").count();
        let text = std::fs::read_to_string(&path).expect("corpus docs are UTF-8");
        assert_eq!(operations + skipped, url_lines(&text), "{name}: every URL line is an operation or reported");
    }
}
