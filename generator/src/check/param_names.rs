//! Parameter names that collide in Rust (`userId` and `user_id`) are numbered and reported.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::lower::DocDraft;
use crate::naming;

/// Two parameters whose Rust names collide (`userId` and `user_id`): the later one gets a numeric suffix.
pub(super) fn check_param_names(doc: &mut DocDraft, sink: &mut Sink) {
    for draft in doc.drafts.iter_mut() {
        let mut seen: Vec<(String, usize)> = Vec::new();
        for idx in 0..draft.op.params.len() {
            // A body parameter bound to the path shares the path parameter's value and needs no name of its own.
            if draft.op.params[idx].bound_to_path.is_some() {
                continue;
            }
            let rust = draft.op.params[idx].rust.clone();
            if let Some(&(_, first)) = seen.iter().find(|(r, _)| *r == rust) {
                let renamed = (2..)
                    .map(|n| naming::numbered_snake(&rust, n))
                    .find(|c| !seen.iter().any(|(r, _)| r == c))
                    .unwrap_or_default();
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
                    .with_help(format!("the second is named `{renamed}`"))
                    .with_param(draft.op.params[idx].wire.clone()),
                );
                draft.op.params[idx].rust = renamed.clone();
                seen.push((renamed, idx));
            } else {
                seen.push((rust, idx));
            }
        }
    }
}
