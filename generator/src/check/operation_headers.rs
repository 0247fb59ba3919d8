//! An `[[operation]]` override's `headers` replaces the operation's header list: the doc names the wrong
//! credentials for a section, or none. Each header's kind is told by its name, as for the doc's header tables;
//! emitters read the list as they read the doc's.

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::Header;
use crate::lower::headers::header_kind;
use crate::lower::DocDraft;
use crate::overrides::{Kind, Overrides};
use crate::source::SourceFile;

/// Applies the `headers` overrides; returns the indexes of the drafts whose header list was replaced.
pub(super) fn apply_operation_headers(
    file: &SourceFile,
    doc: &mut DocDraft,
    overrides: &mut Overrides,
    sink: &mut Sink,
) -> Vec<usize> {
    let mut replaced = Vec::new();
    for idx in 0..overrides.operations.len() {
        let o = overrides.operations[idx].clone();
        let Some(names) = &o.headers else { continue };
        for (draft_idx, draft) in doc.drafts.iter_mut().enumerate() {
            if !selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section) {
                continue;
            }
            overrides.mark_used(Kind::Operation, idx);
            replaced.push(draft_idx);
            let before: Vec<&str> = draft.op.headers.iter().map(|h| h.name.as_str()).collect();
            if before == names.iter().map(String::as_str).collect::<Vec<_>>() {
                sink.push(
                    Diagnostic::warning(
                        Code::OverrideRedundant,
                        overrides.key_span(Kind::Operation, idx, "headers"),
                        format!(
                            "`headers` of `{}` is redundant: the doc already names these headers",
                            o.matches.get_ref()
                        ),
                    )
                    .with_label("changes nothing")
                    .with_secondary(draft.title_span, "this section")
                    .with_help("delete `headers` from this override"),
                );
            }
            draft.op.headers = names
                .iter()
                .map(|name| Header {
                    name: name.clone(),
                    kind: header_kind(name),
                    description: "set by spec/overrides.toml".to_owned(),
                    loc: draft.op.loc,
                })
                .collect();
            draft.op.provenance.headers = overrides.provenance(Kind::Operation, idx);
            let listed = if names.is_empty() { "none".to_owned() } else { names.join(", ") };
            sink.push(
                Diagnostic::note(
                    Code::OverrideApplied,
                    overrides.key_span(Kind::Operation, idx, "headers"),
                    format!("override applied: `{}` sends the headers {listed}", o.matches.get_ref()),
                )
                .with_label("this override")
                .with_secondary(draft.title_span, "this section"),
            );
        }
    }
    replaced
}
