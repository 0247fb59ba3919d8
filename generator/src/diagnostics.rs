//! Diagnostics: what the generator says about the doc, and how it is rendered.
//!
//! Every phase pushes [`Diagnostic`]s into a [`Sink`] instead of stopping: the doc family is messy, and a
//! maintainer wants every defect of a run at once. Each diagnostic has a stable kebab-case [`Code`], a
//! lowercase message, a primary span at the exact cell, and, where we know it, a help line saying what to change.
//! [`render`] prints them rustc-style through codespan-reporting, with a first line `FILE:LINE:COL: warning[code]: message`.
//! [`json`] and [`sarif`] are the machine-readable forms of the same diagnostics (one JSON object per line, and a
//! SARIF 2.1.0 log); [`for_terminal`] picks and orders what a command prints (notes and acknowledged warnings only
//! when verbose, errors last).

pub mod json;
pub mod sarif;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self as cs_files, Files};
use codespan_reporting::term;

use crate::source::{SourceFile, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the generator did on purpose that a maintainer should know of (an override was applied).
    Note,
    /// A defect of the doc; a documented rule decided what to do, and generation goes on.
    Warning,
    /// Generation cannot give a trustworthy result; nothing is written.
    Error,
}

/// The catalogue of diagnostic codes. The kebab-case names are stable: tests and maintainers refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // Input files.
    NotText,
    EmptyFile,
    NoEndpoints,
    // Section structure.
    DuplicateAnchor,
    DuplicateEndpoint,
    MissingHeading,
    TitleUrlMismatch,
    MissingUrl,
    MissingMethod,
    RpcSection,
    UnknownMethod,
    ExtraUrl,
    NonHttp,
    // Headers and what calls may do.
    UnknownCredentialHeader,
    Idempotency,
    // Tables.
    MalformedTable,
    MalformedTableRow,
    UnreadTable,
    TruncatedTable,
    DuplicateParam,
    NameCollision,
    // Values.
    RequiredFalse,
    UnknownType,
    EnumWithoutOptions,
    UnknownRequired,
    // Examples and responses.
    InvalidExample,
    TypeMismatch,
    ExampleOnlyField,
    TableOnlyField,
    InvalidErrorStatus,
    MissingExample,
    ErrorExample,
    RequiredNotInExample,
    ExampleValueOutOfRange,
    UntypedField,
    FieldEnumFromParam,
    // Overrides.
    OverrideApplied,
    OverrideUnmatched,
    OverrideRedundant,
    AmbiguousOverride,
    InvalidOverrides,
    InvalidOverrideName,
}

impl Code {
    /// Every code, in catalogue order (for `[[allow]]` entries, which name codes, and their suggestions).
    pub const ALL: &'static [Code] = &[
        Code::NotText,
        Code::EmptyFile,
        Code::NoEndpoints,
        Code::DuplicateAnchor,
        Code::DuplicateEndpoint,
        Code::MissingHeading,
        Code::TitleUrlMismatch,
        Code::MissingUrl,
        Code::MissingMethod,
        Code::RpcSection,
        Code::UnknownMethod,
        Code::ExtraUrl,
        Code::NonHttp,
        Code::UnknownCredentialHeader,
        Code::Idempotency,
        Code::MalformedTable,
        Code::MalformedTableRow,
        Code::UnreadTable,
        Code::TruncatedTable,
        Code::DuplicateParam,
        Code::NameCollision,
        Code::RequiredFalse,
        Code::UnknownType,
        Code::EnumWithoutOptions,
        Code::UnknownRequired,
        Code::InvalidExample,
        Code::TypeMismatch,
        Code::ExampleOnlyField,
        Code::TableOnlyField,
        Code::InvalidErrorStatus,
        Code::MissingExample,
        Code::ErrorExample,
        Code::RequiredNotInExample,
        Code::ExampleValueOutOfRange,
        Code::UntypedField,
        Code::FieldEnumFromParam,
        Code::OverrideApplied,
        Code::OverrideUnmatched,
        Code::OverrideRedundant,
        Code::AmbiguousOverride,
        Code::InvalidOverrides,
        Code::InvalidOverrideName,
    ];

    /// The code of a kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
    }

    /// The stable kebab-case name printed between the brackets.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NotText => "not-text",
            Code::EmptyFile => "empty-file",
            Code::NoEndpoints => "no-endpoints",
            Code::DuplicateAnchor => "duplicate-anchor",
            Code::DuplicateEndpoint => "duplicate-endpoint",
            Code::MissingHeading => "missing-heading",
            Code::TitleUrlMismatch => "title-url-mismatch",
            Code::MissingUrl => "missing-url",
            Code::MissingMethod => "missing-method",
            Code::RpcSection => "rpc-section",
            Code::UnknownMethod => "unknown-method",
            Code::ExtraUrl => "extra-url",
            Code::NonHttp => "non-http",
            Code::UnknownCredentialHeader => "unknown-credential-header",
            Code::Idempotency => "idempotency",
            Code::MalformedTable => "malformed-table",
            Code::MalformedTableRow => "malformed-table-row",
            Code::UnreadTable => "unread-table",
            Code::TruncatedTable => "truncated-table",
            Code::DuplicateParam => "duplicate-param",
            Code::NameCollision => "name-collision",
            Code::RequiredFalse => "required-false",
            Code::UnknownType => "unknown-type",
            Code::EnumWithoutOptions => "enum-without-options",
            Code::UnknownRequired => "unknown-required",
            Code::InvalidExample => "invalid-example",
            Code::TypeMismatch => "type-mismatch",
            Code::ExampleOnlyField => "example-only-field",
            Code::TableOnlyField => "table-only-field",
            Code::InvalidErrorStatus => "invalid-error-status",
            Code::MissingExample => "missing-example",
            Code::ErrorExample => "error-example",
            Code::RequiredNotInExample => "required-not-in-example",
            Code::ExampleValueOutOfRange => "example-value-out-of-range",
            Code::UntypedField => "untyped-field",
            Code::FieldEnumFromParam => "field-enum-from-param",
            Code::OverrideApplied => "override-applied",
            Code::OverrideUnmatched => "override-unmatched",
            Code::OverrideRedundant => "override-redundant",
            Code::AmbiguousOverride => "ambiguous-override",
            Code::InvalidOverrides => "invalid-overrides",
            Code::InvalidOverrideName => "invalid-override-name",
        }
    }
}

/// A secondary location with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// What a diagnostic is about, for `[[allow]]` selectors: a parameter, a response field or a documented error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A parameter, by its wire name.
    Param(String),
    /// A response field, by its keys from the result down (`entites.flavor`).
    Field(String),
    /// A documented error, by its message as written.
    Message(String),
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Lowercase, no final period.
    pub message: String,
    pub span: Span,
    /// The label under the primary span.
    pub label: String,
    pub secondary: Vec<Label>,
    /// What to change, or the rule the generator applied.
    pub help: Option<String>,
    /// The parameter, field or error the finding is about, when it is about one.
    pub subject: Option<Subject>,
    /// For a warning that an `[[allow]]` of the overrides acknowledges: that entry's reason. Such a warning is
    /// counted but not printed, and `--deny-warnings` lets it pass.
    pub allowed: Option<String>,
}

impl Diagnostic {
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, span, message)
    }

    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, span, message)
    }

    pub fn note(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, code, span, message)
    }

    fn new(severity: Severity, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
            subject: None,
            allowed: None,
        }
    }

    /// Says which parameter (by wire name) the finding is about.
    pub fn with_param(mut self, wire: impl Into<String>) -> Diagnostic {
        self.subject = Some(Subject::Param(wire.into()));
        self
    }

    /// Says which response field (by its keys from the result, joined with `.`) the finding is about.
    pub fn with_field(mut self, path: impl Into<String>) -> Diagnostic {
        self.subject = Some(Subject::Field(path.into()));
        self
    }

    /// Says which documented error (by its message) the finding is about.
    pub fn with_error_message(mut self, message: impl Into<String>) -> Diagnostic {
        self.subject = Some(Subject::Message(message.into()));
        self
    }

    /// Whether the finding is a warning that no `[[allow]]` acknowledges: what `--deny-warnings` refuses.
    pub fn is_unallowed_warning(&self) -> bool {
        self.severity == Severity::Warning && self.allowed.is_none()
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label { span, message: message.into() });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Collects the diagnostics of a run, in the order they were found.
#[derive(Debug, Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics so far, for a pass that marks some of them (`[[allow]]`).
    pub fn diagnostics_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.diagnostics
    }

    /// The diagnostics sorted by file and position (stable for equal positions), as they are printed.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by_key(|d| (d.span.file, d.span.start));
        self.diagnostics
    }
}

/// Renders diagnostics as plain text, rustc-style: a `FILE:LINE:COL: severity[code]: message` line, the
/// source snippet with labels, and the help line.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let rich = term::Config::default();
    let short = term::Config { display_style: term::DisplayStyle::Short, ..term::Config::default() };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let (diagnostic, far_labels) = near_labels(files, diagnostic);
        let diagnostic = &diagnostic;
        let mut cs_diagnostic = to_codespan(diagnostic);
        cs_diagnostic.notes.splice(0..0, far_labels);
        let view = Windowed::new(files, diagnostic);
        // Both renderings only fail when a span is outside its file, which would be a bug of ours; fall back to
        // the message alone rather than losing the diagnostic.
        match (
            term::emit_into_string(&short, &view, &cs_diagnostic),
            term::emit_into_string(&rich, &view, &cs_diagnostic),
        ) {
            (Ok(first_line), Ok(body)) => {
                out.push_str(&first_line);
                // The rich form repeats the header; keep its snippet and notes only.
                out.push_str(body.split_once('\n').map_or("", |(_, rest)| rest));
            }
            _ => {
                let name = files.get(diagnostic.span.file).map_or("<unknown>", |f| f.name.as_str());
                out.push_str(&format!(
                    "{name}: {}[{}]: {}\n",
                    severity_word(diagnostic.severity),
                    diagnostic.code.as_str(),
                    diagnostic.message
                ));
            }
        }
    }
    out
}

/// A source line longer than this (in bytes) is shown as a window around the diagnostic's labels.
const LONG_LINE: usize = 400;
/// Bytes of context a window keeps on each side of the labels.
const WINDOW_CONTEXT: usize = 120;

/// The diagnostic with only the labels that fit one window per long line, and a note (`first one at 1:7`) for
/// each label left out: a secondary label far away on the same long line as another would make the window span
/// the distance between them.
fn near_labels(files: &[SourceFile], diagnostic: &Diagnostic) -> (Diagnostic, Vec<String>) {
    let mut kept = diagnostic.clone();
    kept.secondary.clear();
    let mut notes = Vec::new();
    // (file, line) of a long line → the byte range its kept labels cover.
    let mut covered: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    let long_line = |span: Span| {
        let file = files.get(span.file)?;
        let line = file.line_index(span.start.min(file.text.len()));
        (file.line_range(line).len() > LONG_LINE).then_some((span.file, line))
    };
    if let Some(key) = long_line(diagnostic.span) {
        covered.insert(key, (diagnostic.span.start, diagnostic.span.end));
    }
    for label in &diagnostic.secondary {
        let span = label.span;
        let Some(key) = long_line(span) else {
            kept.secondary.push(label.clone());
            continue;
        };
        match covered.get_mut(&key) {
            Some((start, end)) if span.end + 2 * WINDOW_CONTEXT < *start || *end + 2 * WINDOW_CONTEXT < span.start => {
                let loc = files[span.file].loc(span.start);
                let message = if label.message.is_empty() { "see also" } else { label.message.as_str() };
                notes.push(format!("{message}: {}:{}:{}", files[span.file].name, loc.line, loc.col));
            }
            Some((start, end)) => {
                *start = (*start).min(span.start);
                *end = (*end).max(span.end);
                kept.secondary.push(label.clone());
            }
            None => {
                covered.insert(key, (span.start, span.end));
                kept.secondary.push(label.clone());
            }
        }
    }
    (kept, notes)
}

/// The files as one diagnostic's snippet sees them: a line longer than [`LONG_LINE`] is cut down to a window
/// around the labels on it (or its start, for a context line). Without this, a file that is one long line (a
/// minified doc, or one with old line endings) printed its whole text for every diagnostic: quadratic output.
/// Columns are still counted on the whole line.
struct Windowed<'a> {
    files: &'a [SourceFile],
    /// (file, 0-based line) → the byte range shown of that long line.
    windows: BTreeMap<(usize, usize), Range<usize>>,
}

impl<'a> Windowed<'a> {
    fn new(files: &'a [SourceFile], diagnostic: &Diagnostic) -> Windowed<'a> {
        let mut points: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
        let spans = std::iter::once(diagnostic.span).chain(diagnostic.secondary.iter().map(|l| l.span));
        for span in spans {
            let Some(file) = files.get(span.file) else { continue };
            for offset in [span.start, span.end] {
                let offset = offset.min(file.text.len());
                let line = file.line_index(offset);
                if file.line_range(line).len() <= LONG_LINE {
                    continue;
                }
                let entry = points.entry((span.file, line)).or_insert((offset, offset));
                entry.0 = entry.0.min(offset);
                entry.1 = entry.1.max(offset);
            }
        }
        let windows = points
            .into_iter()
            .map(|((file_id, line), (first, last))| {
                let file = &files[file_id];
                let range = file.line_range(line);
                let start = floor_boundary(&file.text, first.saturating_sub(WINDOW_CONTEXT).max(range.start));
                let end = ceil_boundary(&file.text, (last + WINDOW_CONTEXT).min(range.end));
                ((file_id, line), start..end)
            })
            .collect();
        Windowed { files, windows }
    }

    fn file(&self, id: usize) -> Result<&'a SourceFile, cs_files::Error> {
        self.files.get(id).ok_or(cs_files::Error::FileMissing)
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

impl<'a> Files<'a> for Windowed<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, cs_files::Error> {
        Ok(self.file(id)?.name.as_str())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, cs_files::Error> {
        Ok(self.file(id)?.text.as_str())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, cs_files::Error> {
        Ok(self.file(id)?.line_index(byte_index))
    }

    fn column_number(&'a self, id: usize, _line_index: usize, byte_index: usize) -> Result<usize, cs_files::Error> {
        Ok(self.file(id)?.loc(byte_index).col as usize)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, cs_files::Error> {
        let file = self.file(id)?;
        if line_index >= file.line_count() {
            return Err(cs_files::Error::LineTooLarge { given: line_index, max: file.line_count() - 1 });
        }
        if let Some(window) = self.windows.get(&(id, line_index)) {
            return Ok(window.clone());
        }
        let range = file.line_range(line_index);
        if range.len() > LONG_LINE {
            // A context line without labels: its start is enough.
            return Ok(range.start..ceil_boundary(&file.text, range.start + LONG_LINE));
        }
        Ok(range)
    }
}

/// The diagnostics a command prints on a terminal, in the order it prints them: warnings (and, when `verbose`,
/// notes and acknowledged warnings) by position, then errors by position, so that the errors sit just above the
/// summary line, where a maintainer looks first.
pub fn for_terminal(diagnostics: &[Diagnostic], verbose: bool) -> Vec<Diagnostic> {
    let shown = |d: &&Diagnostic| verbose || (d.severity != Severity::Note && d.allowed.is_none());
    let (errors, others): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().filter(shown).partition(|d| d.severity == Severity::Error);
    others.into_iter().chain(errors).cloned().collect()
}

pub(crate) fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<usize> {
    let severity = match diagnostic.severity {
        Severity::Note => cs::Severity::Note,
        Severity::Warning => cs::Severity::Warning,
        Severity::Error => cs::Severity::Error,
    };
    let span = diagnostic.span;
    let mut labels = vec![cs::Label::primary(span.file, span.start..span.end).with_message(&diagnostic.label)];
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| cs::Label::secondary(l.span.file, l.span.start..l.span.end).with_message(&l.message)),
    );
    let mut notes: Vec<String> = diagnostic.help.iter().map(|h| format!("help: {h}")).collect();
    if let Some(reason) = &diagnostic.allowed {
        notes.push(format!("note: acknowledged by an `[[allow]]`: {reason}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// A one-line count of diagnostics by severity, e.g. `0 errors, 12 warnings, 1 note`. Warnings an `[[allow]]`
/// acknowledges are counted apart: `0 errors, 1 warning, 24 warnings allowed, 10 notes`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |severity| diagnostics.iter().filter(|d| d.severity == severity && d.allowed.is_none()).count();
    let allowed = diagnostics.iter().filter(|d| d.severity == Severity::Warning && d.allowed.is_some()).count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let allowed = if allowed > 0 { format!(", {} allowed", plural(allowed, "warning")) } else { String::new() };
    format!(
        "{}, {}{allowed}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    )
}
