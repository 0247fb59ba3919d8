//! `[[allow]]` entries acknowledge known defects of the doc: a warning they select keeps its place in the
//! diagnostics, marked with the entry's reason, and is neither printed nor refused by `--deny-warnings`.
//!
//! This pass runs last, over every diagnostic of the run. A warning is selected by its code, the section it
//! lies in (`doc`, `match`, `section`, as every override selects sections) and what it is about (`param`, `field`,
//! `message`). Errors and notes are never acknowledged. An entry that acknowledges nothing is an error at the key
//! that failed, like any stale override.

use crate::diagnostics::{Code, Diagnostic, Severity, Sink, Subject};
use crate::lower::DocDraft;
use crate::overrides::{self, suggest, Kind, Overrides};
use crate::source::{FileId, SourceFile};

/// A section as an `[[allow]]` sees it: where it lies, and what the doc writes about it.
#[derive(Debug, Clone)]
pub struct AllowTarget {
    pub file: FileId,
    /// The section's byte range, from its title line to the next section.
    pub start: usize,
    pub end: usize,
    pub method: String,
    pub path: String,
    pub title: String,
    pub anchor: Option<String>,
}

/// Every section of the run's drafts, before `finish` consumes them.
pub fn targets(docs: &[DocDraft]) -> Vec<AllowTarget> {
    docs.iter()
        .flat_map(|doc| doc.drafts.iter())
        .map(|draft| AllowTarget {
            file: draft.section_span.file,
            start: draft.section_span.start,
            end: draft.section_span.end,
            method: draft.op.method.as_str().to_owned(),
            path: draft.op.path.clone(),
            title: match &draft.op.title.en {
                Some(en) => format!("{} ({en})", draft.op.title.zh),
                None => draft.op.title.zh.clone(),
            },
            anchor: draft.op.anchor.clone(),
        })
        .collect()
}

/// Whether an entry's subject selector (`param`, `field`, `message`) accepts a diagnostic's subject. A field is
/// named by its keys from the result down (`entites.flavor`) or by its own key alone (`flavor`).
fn subject_matches(allow: &overrides::AllowOverride, subject: &Option<Subject>) -> bool {
    match (&allow.param, &allow.field, &allow.message) {
        (None, None, None) => true,
        (Some(param), _, _) => matches!(subject, Some(Subject::Param(p)) if p == param),
        (_, Some(field), _) => matches!(subject, Some(Subject::Field(path))
            if path == field || path.ends_with(&format!(".{field}"))),
        (_, _, Some(message)) => matches!(subject, Some(Subject::Message(m)) if m.trim() == message.trim()),
    }
}

/// Whether an entry's `doc`, `match` and `section` select the place of a diagnostic.
fn place_matches(
    allow: &overrides::AllowOverride,
    files: &[SourceFile],
    targets: &[AllowTarget],
    diagnostic: &Diagnostic,
) -> bool {
    let Some(file) = files.get(diagnostic.span.file) else { return false };
    if allow.doc.as_ref().is_some_and(|doc| !overrides::file_matches(doc, &file.name)) {
        return false;
    }
    if allow.matches.is_none() && allow.section.is_none() {
        return true;
    }
    targets.iter().any(|target| {
        target.file == diagnostic.span.file
            && target.start <= diagnostic.span.start
            && diagnostic.span.start < target.end
            && allow.matches.as_ref().is_none_or(|m| {
                let scope = overrides::Scope { doc: &None, matches: m, section: &allow.section };
                let selected = overrides::Target {
                    file_name: &file.name,
                    method: &target.method,
                    path: &target.path,
                    title: &target.title,
                    anchor: target.anchor.as_deref(),
                };
                overrides::selects(&scope, &selected)
            })
            && allow
                .section
                .as_ref()
                .is_none_or(|s| target.title.contains(s.as_str()) || target.anchor.as_ref() == Some(s))
    })
}

/// Marks every warning an `[[allow]]` selects; reports the entries that select none.
pub fn apply_allows(
    files: &[SourceFile],
    targets: &[AllowTarget],
    catalogue: &[suggest::SectionEntry],
    overrides: &Overrides,
    sink: &mut Sink,
) {
    let mut used = vec![false; overrides.allows.len()];
    for diagnostic in sink.diagnostics_mut() {
        if diagnostic.severity != Severity::Warning || diagnostic.allowed.is_some() {
            continue;
        }
        let chosen = overrides.allows.iter().position(|allow| {
            Code::from_name(&allow.code) == Some(diagnostic.code)
                && place_matches(allow, files, targets, diagnostic)
                && subject_matches(allow, &diagnostic.subject)
        });
        if let Some(idx) = chosen {
            used[idx] = true;
            diagnostic.allowed = Some(overrides.allows[idx].reason.trim().to_owned());
        }
    }
    let mut unmatched = Vec::new();
    for (idx, allow) in overrides.allows.iter().enumerate().filter(|(idx, _)| !used[*idx]) {
        // An unknown code is already an invalid-overrides error.
        let Some(code) = Code::from_name(&allow.code) else { continue };
        unmatched.push(unmatched_allow(idx, allow, code, files, targets, catalogue, overrides, sink.diagnostics()));
    }
    for diagnostic in unmatched {
        sink.push(diagnostic);
    }
}

/// The error for an entry that acknowledges nothing, at the key that failed.
#[allow(clippy::too_many_arguments, reason = "one call site; the pieces are what the report is made of")]
fn unmatched_allow(
    idx: usize,
    allow: &overrides::AllowOverride,
    code: Code,
    files: &[SourceFile],
    targets: &[AllowTarget],
    catalogue: &[suggest::SectionEntry],
    overrides: &Overrides,
    diagnostics: &[Diagnostic],
) -> Diagnostic {
    let what = format!("`[[allow]]` of `{}`", allow.code);
    let warnings: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    let error = |key: &str, reason: String, label: &str, help: String| {
        Diagnostic::error(
            Code::OverrideUnmatched,
            overrides.key_span(Kind::Allow, idx, key),
            format!("{what} acknowledges nothing: {reason}"),
        )
        .with_label(label.to_owned())
        .with_help(help)
    };
    // A selector that selects no section fails as any override's would.
    if allow.doc.is_some() || allow.matches.is_some() || allow.section.is_some() {
        if let Some(failure) =
            overrides::failed_selector(catalogue, &allow.doc, allow.matches.as_deref(), &allow.section, None)
        {
            return error(failure.key, failure.reason, &failure.label, failure.help);
        }
    }
    let placed: Vec<&Diagnostic> =
        warnings.iter().copied().filter(|d| place_matches(allow, files, targets, d)).collect();
    let place = match &allow.matches {
        Some(m) => format!("`{}`", m.trim()),
        None => "the doc".to_owned(),
    };
    let of_code: Vec<&Diagnostic> = placed.iter().copied().filter(|d| d.code == code).collect();
    if of_code.is_empty() {
        let mut codes: Vec<&str> = placed.iter().map(|d| d.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        return error(
            "code",
            format!("{place} has no `{}` warning", allow.code),
            "no such warning there",
            suggest::help(
                suggest::did_you_mean(&allow.code, &codes),
                Some(format!("its warnings are: {}", suggest::listing(&codes))),
            ),
        );
    }
    let (key, noun) = match (&allow.param, &allow.field, &allow.message) {
        (Some(_), _, _) => ("param", "parameter"),
        (_, Some(_), _) => ("field", "field"),
        _ => ("message", "error message"),
    };
    let wanted = allow.param.as_ref().or(allow.field.as_ref()).or(allow.message.as_ref()).cloned().unwrap_or_default();
    let mut about: Vec<String> = of_code
        .iter()
        .filter_map(|d| match &d.subject {
            Some(Subject::Param(p)) if key == "param" => Some(p.clone()),
            Some(Subject::Field(f)) if key == "field" => Some(f.clone()),
            Some(Subject::Message(m)) if key == "message" => Some(m.clone()),
            _ => None,
        })
        .collect();
    about.dedup();
    let about: Vec<&str> = about.iter().map(String::as_str).collect();
    error(
        key,
        format!("no `{}` warning in {place} is about the {noun} `{wanted}`", allow.code),
        "no such warning",
        suggest::help(
            suggest::did_you_mean(&wanted, &about),
            Some(format!("those warnings are about: {}", suggest::listing(&about))),
        ),
    )
}
