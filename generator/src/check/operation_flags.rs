//! An `[[operation]]` override's `idempotent` says whether the operation may be retried.

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::lower::DocDraft;
use crate::overrides::{Kind, Overrides};
use crate::source::SourceFile;

pub(super) fn apply_operation_flags(file: &SourceFile, doc: &mut DocDraft, overrides: &mut Overrides, sink: &mut Sink) {
    for idx in 0..overrides.operations.len() {
        let o = overrides.operations[idx].clone();
        let Some(idempotent) = o.idempotent else {
            continue;
        };
        for draft in doc.drafts.iter_mut() {
            if selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section) {
                draft.op.idempotent = idempotent;
                draft.op.provenance.idempotent = overrides.provenance(Kind::Operation, idx);
                overrides.mark_used(Kind::Operation, idx);
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Operation, idx),
                        format!(
                            "override applied: `{}` is {}",
                            draft.op.name,
                            if idempotent { "idempotent" } else { "not idempotent: never retried" }
                        ),
                    )
                    .with_label("this override")
                    .with_secondary(draft.title_span, "this section"),
                );
            }
        }
    }
}
