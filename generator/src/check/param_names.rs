//! Parameter names in Rust: each is a field of the operation's request struct, and an optional one also has a
//! setter (`with_<name>`). A name that another parameter has (`userId` and `user_id`), or whose field or setter the
//! request struct already has (`options`; `with_timeout` for `timeout`, `with_retry` for `retry`), is numbered
//! (`user_id_2`, `timeout_2`) and reported.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{Provenance, Rule};
use crate::lower::DocDraft;
use crate::naming;

/// Names every parameter's field (and setter) so that none collides within its request struct.
pub(super) fn check_param_names(doc: &mut DocDraft, sink: &mut Sink) {
    let reserved = naming::reserved();
    // A setter is `with_` and its field's name without edge `_`s (`naming::setter_name`); sets of those stems tell
    // whether a setter is taken without making its name. These are the request struct's own (`timeout`, `retry`).
    let reserved_stems: BTreeSet<&str> =
        reserved.request_methods.iter().filter_map(|method| method.strip_prefix("with_")).collect();
    for draft in doc.drafts.iter_mut() {
        // The new names are decided first, with every name borrowed from the parameters (or owned, once renamed),
        // then given: a table of 100 000 parameters copies no name that keeps its spelling.
        let mut renames: Vec<(usize, String)> = Vec::new();
        {
            let params = &draft.op.params;
            // Rust name → the index of the parameter that has it, and the setter stems of the optional parameters
            // named so far. Hashed, as one operation can have 100 000 parameters; both are only looked up, never
            // iterated, so no output depends on their order.
            let mut seen: HashMap<Cow<'_, str>, usize> = HashMap::with_capacity(params.len());
            let mut stems: HashSet<Cow<'_, str>> = HashSet::with_capacity(params.len());
            let free =
                |name: &str, optional: bool, seen: &HashMap<Cow<'_, str>, usize>, stems: &HashSet<Cow<'_, str>>| {
                    let stem = name.trim_matches('_');
                    !seen.contains_key(name)
                        && !reserved.request_fields.contains(name)
                        && (!optional || (!reserved_stems.contains(stem) && !stems.contains(stem)))
                };
            for (idx, param) in params.iter().enumerate() {
                // A body parameter bound to the path shares the path parameter's value and needs no name of its own.
                if param.bound_to_path.is_some() {
                    continue;
                }
                let rust = param.rust.as_str();
                let optional = !param.required;
                let name: Cow<'_, str> = if free(rust, optional, &seen, &stems) {
                    Cow::Borrowed(rust)
                } else {
                    let renamed = (2..)
                        .map(|n| naming::numbered_snake(rust, n))
                        .find(|c| free(c, optional, &seen, &stems))
                        .unwrap_or_default();
                    let wire = &param.wire;
                    let diagnostic = match seen.get(rust) {
                        Some(&first) => Diagnostic::warning(
                            Code::NameCollision,
                            draft.param_spans[idx],
                            format!("parameters `{}` and `{wire}` both become `{rust}` in Rust", params[first].wire),
                        )
                        .with_label("second one")
                        .with_secondary(draft.param_spans[first], "first one"),
                        None => {
                            let what = if reserved.request_fields.contains(rust) {
                                format!("field `{rust}`")
                            } else {
                                format!("method `{}`", naming::setter_name(rust))
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
                        diagnostic
                            .with_help(format!("the parameter is named `{renamed}`; its wire name stays `{wire}`"))
                            .with_param(wire.clone()),
                    );
                    renames.push((idx, renamed.clone()));
                    Cow::Owned(renamed)
                };
                if optional {
                    stems.insert(match &name {
                        Cow::Borrowed(name) => Cow::Borrowed(name.trim_matches('_')),
                        Cow::Owned(name) => Cow::Owned(name.trim_matches('_').to_owned()),
                    });
                }
                seen.insert(name, idx);
            }
        }
        for (idx, renamed) in renames {
            draft.op.params[idx].rust = renamed;
            draft.op.params[idx].provenance.rust_name = Provenance::rule(Rule::ParamNameNumbered);
        }
    }
}
