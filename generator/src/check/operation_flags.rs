//! An `[[operation]]` override's `idempotent` says whether the operation is safe to repeat, on any operation
//! whatever `idempotency.rs` read from its doc.

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
                let provenance = overrides.provenance(Kind::Operation, idx);
                let file = provenance.override_id().map(|id| id.file.as_str()).filter(|f| !f.is_empty());
                let file = file.unwrap_or("the overrides file");
                draft.op.idempotency = super::idempotency::overridden(idempotent, file);
                draft.op.provenance.idempotent = provenance;
                overrides.mark_used(Kind::Operation, idx);
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Operation, idx),
                        format!(
                            "override applied: `{}` is {}",
                            draft.op.name,
                            if idempotent {
                                "idempotent: retried and redirected like a read"
                            } else {
                                "not idempotent: never sent twice"
                            }
                        ),
                    )
                    .with_label("this override")
                    .with_secondary(draft.title_span, "this section"),
                );
            }
        }
    }
}
