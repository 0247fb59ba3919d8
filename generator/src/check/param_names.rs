//! Parameter names in Rust: each is a field of the operation's request struct, and an optional one also has a
//! setter (`with_<name>`). A name that another parameter has (`userId` and `user_id`), or whose field or setter the
//! request struct already has (`options`; `with_timeout` for `timeout`, `with_retry` for `retry`), is numbered
//! (`user_id_2`, `timeout_2`) and reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::lower::DocDraft;
use crate::naming;

/// Names every parameter's field (and setter) so that none collides within its request struct.
pub(super) fn check_param_names(doc: &mut DocDraft, sink: &mut Sink) {
    let reserved = naming::reserved();
    for draft in doc.drafts.iter_mut() {
        // Rust name → the index of the parameter that has it (a map: one operation can have 100 000 parameters).
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut setters: BTreeSet<String> = reserved.request_methods.clone();
        let free = |name: &str, optional: bool, seen: &BTreeMap<String, usize>, setters: &BTreeSet<String>| {
            !seen.contains_key(name)
                && !reserved.request_fields.contains(name)
                && (!optional || !setters.contains(&naming::setter_name(name)))
        };
        for idx in 0..draft.op.params.len() {
            let param = &draft.op.params[idx];
            // A body parameter bound to the path shares the path parameter's value and needs no name of its own.
            if param.bound_to_path.is_some() {
                continue;
            }
            let rust = param.rust.clone();
            let optional = !param.required;
            if !free(&rust, optional, &seen, &setters) {
                let renamed = (2..)
                    .map(|n| naming::numbered_snake(&rust, n))
                    .find(|c| free(c, optional, &seen, &setters))
                    .unwrap_or_default();
                let wire = &draft.op.params[idx].wire;
                let diagnostic = match seen.get(&rust) {
                    Some(&first) => Diagnostic::warning(
                        Code::NameCollision,
                        draft.param_spans[idx],
                        format!(
                            "parameters `{}` and `{wire}` both become `{rust}` in Rust",
                            draft.op.params[first].wire
                        ),
                    )
                    .with_label("second one")
                    .with_secondary(draft.param_spans[first], "first one"),
                    None => {
                        let what = if reserved.request_fields.contains(&rust) {
                            format!("field `{rust}`")
                        } else {
                            format!("method `{}`", naming::setter_name(&rust))
                        };
                        Diagnostic::warning(
                            Code::NameCollision,
                            draft.param_spans[idx],
                            format!(
                                "parameter `{wire}` would be `{rust}` in Rust, and every request struct has a {what}"
                            ),
                        )
                        .with_label("this parameter")
                    }
                };
                sink.push(
                    diagnostic.with_help(format!("the parameter is named `{renamed}`; its wire name stays `{wire}`")),
                );
                draft.op.params[idx].rust = renamed.clone();
            }
            let rust = draft.op.params[idx].rust.clone();
            if optional {
                setters.insert(naming::setter_name(&rust));
            }
            seen.insert(rust, idx);
        }
    }
}
