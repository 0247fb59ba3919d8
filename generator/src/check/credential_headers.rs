//! Credential header names that look like a misspelling of a known one.
//!
//! The client sends each credential under the name the section writes, so a typo (`IMR-SESSION_SECRET`, which the
//! platform's conventions page itself writes once) would send the secret under a name the server ignores, or
//! send nothing where a header of kind "other" was meant as a credential. The known names are those of the
//! platform conventions (`IMR-ACCESS-TOKEN`, `IMR-SESSION-TOKEN`, `IMR-SESSION-SECRET`), the family's access token
//! `HT-ACCESS-TOKEN`, `Authorization`, and a name other sections of the same doc use more often. A header name one
//! or two edits away from a known name, and not equal to it (ignoring case, as HTTP does), is reported at each
//! section that writes it, with the closest known name. Names far from every known one are another vendor's
//! (`XY-SESSION-TOKEN`) and are left alone. The check reads the doc's own header tables; it is reported after
//! `operation_headers.rs` has run, and where an `[[operation]]` override's `headers` replaced the section's list,
//! the misspelling is settled (the override decides what is sent): a note, shown with `--verbose`.

use super::titles::edit_distance;
use crate::diagnostics::{Code, Diagnostic, Severity, Sink};
use crate::ir::HeaderKind;
use crate::lower::DocDraft;
use crate::source::{FileId, SourceFile, Span};

/// The names the platform conventions and the doc family use for credentials.
const KNOWN: [&str; 5] =
    ["HT-ACCESS-TOKEN", "IMR-ACCESS-TOKEN", "IMR-SESSION-TOKEN", "IMR-SESSION-SECRET", "Authorization"];

/// How many edits away a name may be and still be read as a misspelling.
const MAX_EDITS: usize = 2;

/// A misspelled credential header found in the doc, with the index of its section's draft.
pub(super) struct Misspelling {
    draft_idx: usize,
    diagnostic: Diagnostic,
}

/// The misspelled credential headers of the doc's header tables, to be reported by [`report`] once the header
/// overrides are applied.
pub(super) fn check_credential_headers(file: &SourceFile, doc: &DocDraft) -> Vec<Misspelling> {
    let mut res = Vec::new();
    // Each distinct name (case-insensitively) with how many sections write it, in first-seen order.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for header in doc.drafts.iter().flat_map(|d| &d.op.headers).filter(|h| is_candidate(h.kind)) {
        let upper = header.name.to_ascii_uppercase();
        match counts.iter_mut().find(|(name, _)| *name == upper) {
            Some(entry) => entry.1 += 1,
            None => counts.push((upper, 1)),
        }
    }
    for (draft_idx, draft) in doc.drafts.iter().enumerate() {
        for header in draft.op.headers.iter().filter(|h| is_candidate(h.kind)) {
            let upper = header.name.to_ascii_uppercase();
            if KNOWN.iter().any(|known| known.eq_ignore_ascii_case(&upper)) {
                continue;
            }
            let own_count = counts.iter().find(|(name, _)| *name == upper).map_or(0, |(_, n)| *n);
            let conventions = KNOWN.iter().map(|known| (known.to_string(), "the platform conventions"));
            let doc_names = counts
                .iter()
                .filter(|(name, n)| *n > own_count && *name != upper)
                .map(|(name, _)| (original_spelling(doc, name), "other sections of this doc"));
            let closest = conventions
                .chain(doc_names)
                .map(|(name, from)| (edit_distance(&name.to_ascii_uppercase(), &upper), name, from))
                .filter(|(distance, _, _)| *distance <= MAX_EDITS)
                .min_by_key(|(distance, _, _)| *distance);
            let Some((_, closest, from)) = closest else { continue };
            let what = match header.kind {
                HeaderKind::Other => "it is sent as no credential at all",
                _ => "it is sent under this name as written",
            };
            let diagnostic = Diagnostic::warning(
                Code::UnknownCredentialHeader,
                span_at(doc.file, file, header.loc.line, header.loc.col, header.name.len()),
                format!("credential header `{}` is not a name the platform uses", header.name),
            )
            .with_label(format!("did you mean `{closest}`?"))
            .with_help(format!("`{closest}` is the closest known name (from {from}); {what}"));
            res.push(Misspelling { draft_idx, diagnostic });
        }
    }
    res
}

/// Reports the misspellings: a warning, or a note where an override replaced the section's header list
/// (`replaced` holds the indexes of those drafts).
pub(super) fn report(misspellings: Vec<Misspelling>, replaced: &[usize], sink: &mut Sink) {
    for Misspelling { draft_idx, mut diagnostic } in misspellings {
        if replaced.contains(&draft_idx) {
            diagnostic.severity = Severity::Note;
            diagnostic.help = Some(
                "spec/overrides.toml sets this operation's headers (`[[operation]]` `headers`): the doc's \
                 spelling is not what is sent"
                    .to_owned(),
            );
        }
        sink.push(diagnostic);
    }
}

/// Headers that carry a credential, or that might have been meant to (a name of kind "other" is checked too).
fn is_candidate(kind: HeaderKind) -> bool {
    !matches!(kind, HeaderKind::ContentType)
}

/// The first spelling the doc uses for a name given in uppercase.
fn original_spelling(doc: &DocDraft, upper: &str) -> String {
    doc.drafts
        .iter()
        .flat_map(|d| &d.op.headers)
        .find(|h| h.name.eq_ignore_ascii_case(upper))
        .map_or_else(|| upper.to_owned(), |h| h.name.clone())
}

/// The span of `len` bytes starting at 1-based `line` and character `col`.
fn span_at(file_id: FileId, file: &SourceFile, line: u32, col: u32, len: usize) -> Span {
    let line_start = file.line_start(line as usize);
    let offset = file.text[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(file.text.len(), |(idx, _)| line_start + idx);
    Span::new(file_id, offset, (offset + len).min(file.text.len()))
}
