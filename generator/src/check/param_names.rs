//! Parameter names that collide in Rust (`userId` and `user_id`) are numbered and reported.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::lower::DocDraft;
use crate::naming;

/// Two parameters whose Rust names collide (`userId` and `user_id`): the later one gets a numeric suffix.
pub(super) fn check_param_names(doc: &mut DocDraft, sink: &mut Sink) {
    for draft in doc.drafts.iter_mut() {
        // Rust name → the index of the parameter that has it (a map: one operation can have 100 000 parameters).
        let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for idx in 0..draft.op.params.len() {
            // A body parameter bound to the path shares the path parameter's value and needs no name of its own.
            if draft.op.params[idx].bound_to_path.is_some() {
                continue;
            }
            let rust = draft.op.params[idx].rust.clone();
            if let Some(&first) = seen.get(&rust) {
                let renamed =
                    (2..).map(|n| naming::numbered_snake(&rust, n)).find(|c| !seen.contains_key(c)).unwrap_or_default();
                sink.push(
                    Diagnostic::warning(
                        Code::NameCollision,
                        draft.param_spans[idx],
                        format!(
                            "parameters `{}` and `{}` both become `{rust}` in Rust",
                            draft.op.params[first].wire, draft.op.params[idx].wire
                        ),
                    )
                    .with_label("second one")
                    .with_secondary(draft.param_spans[first], "first one")
                    .with_help(format!("the second is named `{renamed}`")),
                );
                draft.op.params[idx].rust = renamed.clone();
                seen.insert(renamed, idx);
            } else {
                seen.insert(rust, idx);
            }
        }
    }
}
