//! Compiles the platform's Markdown API docs into an endpoint IR, with rustc-style diagnostics.
//!
//! The data flows one way: [`parse`] (Markdown, tables, pseudo-JSON; no API knowledge) → [`lower`] (sections to
//! endpoint drafts, local checks) → [`check`] (whole-doc checks, names, types; overrides applied) → [`ir::Api`].
//! The library does no I/O: callers pass file contents in and get the IR and the diagnostics back.

pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod overrides;
pub mod parse;
pub mod report;
pub mod source;

use diagnostics::{Code, Diagnostic, Sink};
use source::{SourceFile, Span};

/// One input file: the name diagnostics print, and its raw bytes.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Source {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Source {
        Source { name: name.into(), bytes: bytes.into() }
    }
}

/// The result of a run: the IR (when no error was found) and everything the generator has to say.
#[derive(Debug)]
pub struct Compiled {
    /// `None` when any diagnostic is an error.
    pub api: Option<ir::Api>,
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics point into (the specs, then the overrides file).
    pub files: Vec<SourceFile>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.api.is_none()
    }

    /// The diagnostics rendered rustc-style, without colour.
    pub fn render_diagnostics(&self) -> String {
        diagnostics::render(&self.files, &self.diagnostics)
    }
}

/// Reads bytes as a doc's text; binary or non-UTF-8 input is an error at the first bad byte. A lone CR is a line
/// break, as CRLF is.
fn text_of(file_id: usize, source: &Source, sink: &mut Sink) -> SourceFile {
    match std::str::from_utf8(&source.bytes) {
        // A byte-order mark is not content: without it, columns on the first line count from the first character.
        Ok(text) if !text.contains('\0') => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            SourceFile::new(source.name.clone(), source::normalize_line_breaks(text).into_owned())
        }
        Ok(text) => {
            let at = text.find('\0').unwrap_or(0);
            let file = SourceFile::new(
                source.name.clone(),
                source::normalize_line_breaks(&text.replace('\0', " ")).into_owned(),
            );
            sink.push(
                Diagnostic::error(Code::NotText, Span::new(file_id, at, at), "file is binary, not a Markdown doc")
                    .with_label("NUL byte here")
                    .with_help("pass the doc's Markdown source"),
            );
            file
        }
        Err(err) => {
            let at = err.valid_up_to();
            let lossy = String::from_utf8_lossy(&source.bytes).into_owned();
            let file = SourceFile::new(source.name.clone(), source::normalize_line_breaks(&lossy).into_owned());
            sink.push(
                Diagnostic::error(Code::NotText, Span::new(file_id, at, at), "file is not UTF-8 text")
                    .with_label("invalid byte here")
                    .with_help("docs of this family are UTF-8; convert the file or pass the right one"),
            );
            file
        }
    }
}

/// Runs parse → lower → check on the given docs, with optional overrides.
pub fn compile(specs: &[Source], overrides: Option<&Source>) -> Compiled {
    let mut sink = Sink::default();
    let mut files: Vec<SourceFile> = Vec::new();
    let mut usable = Vec::new();
    for (file_id, source) in specs.iter().enumerate() {
        let errors_before = sink.has_errors();
        let file = text_of(file_id, source, &mut sink);
        if file.text.trim().is_empty() {
            sink.push(
                Diagnostic::error(Code::EmptyFile, Span::new(file_id, 0, 0), "file is empty")
                    .with_label("no content")
                    .with_help("a doc needs at least one endpoint section"),
            );
        } else if sink.has_errors() == errors_before {
            usable.push(file_id);
        }
        files.push(file);
    }
    let overrides_id = files.len();
    let mut parsed_overrides = match overrides {
        Some(source) => {
            let file = text_of(overrides_id, source, &mut sink);
            let parsed = overrides::Overrides::parse(overrides_id, &file.text, &mut sink).located_in(&file);
            files.push(file);
            parsed
        }
        None => overrides::Overrides::default(),
    };
    let mut drafts = Vec::new();
    for file_id in usable {
        let file = &files[file_id];
        let tree = parse::markdown::parse(&file.text);
        let doc = lower::lower_doc(file_id, file, &tree, &mut sink);
        if doc.drafts.is_empty() {
            sink.push(
                Diagnostic::error(Code::NoEndpoints, Span::new(file_id, 0, 0), "doc has no endpoint sections")
                    .with_label("no section with a URL line was found")
                    .with_help(
                        "an endpoint section is a `##` heading (or bare anchor) followed by a `> http://...` line",
                    ),
            );
            continue;
        }
        drafts.push(doc);
    }
    let allow_targets = check::allows::targets(&drafts);
    let api = check::finish(&files, drafts, &mut parsed_overrides, &mut sink);
    let catalogue = overrides::suggest::catalogue(&api);
    parsed_overrides.report_unused(&catalogue, &mut sink);
    check::allows::apply_allows(&files, &allow_targets, &catalogue, &parsed_overrides, &mut sink);
    let has_errors = sink.has_errors();
    let mut diagnostics = sink.finish();
    fit_spans(&files, &mut diagnostics);
    Compiled { api: (!has_errors).then_some(api), diagnostics, files }
}

/// Moves each span's ends out to whole characters inside its file. A span measured from a parsed value (one
/// byte at a repair, a key's length plus its quotes) can otherwise end inside a multi-byte character or past the
/// end of the text, and anything that slices the text with it panics (the fuzzer found three such spans).
fn fit_spans(files: &[SourceFile], diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        let secondary = diagnostic.secondary.iter_mut().map(|label| &mut label.span);
        for span in std::iter::once(&mut diagnostic.span).chain(secondary) {
            let Some(file) = files.get(span.file) else { continue };
            let text = &file.text;
            let mut start = span.start.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = span.end.clamp(start, text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            *span = Span::new(span.file, start, end);
        }
    }
}
