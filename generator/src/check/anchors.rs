//! An anchor used by several sections is reported at each reuse. Anchors identify nothing here.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::lower::DocDraft;
use crate::source::Span;

pub(super) fn report_duplicate_anchors(doc: &DocDraft, sink: &mut Sink) {
    let mut first_use: BTreeMap<&str, Span> = BTreeMap::new();
    let mut seen_sections: Vec<Span> = Vec::new();
    for draft in &doc.drafts {
        // Several URL lines of one section share its anchor; that is one use.
        if seen_sections.contains(&draft.title_span) {
            continue;
        }
        seen_sections.push(draft.title_span);
        let (Some(anchor), Some(span)) = (draft.op.anchor.as_deref(), draft.anchor_span) else {
            continue;
        };
        match first_use.get(anchor) {
            Some(first) => sink.push(
                Diagnostic::warning(
                    Code::DuplicateAnchor,
                    span,
                    format!("anchor `{anchor}` is already used by an earlier section"),
                )
                .with_label("used again here")
                .with_secondary(*first, "first used here")
                .with_help("anchors are not identifiers here: sections are told apart by method and path"),
            ),
            None => {
                first_use.insert(anchor, span);
            }
        }
    }
}
