//! The Rust names an operation adds to the generated crate, and the names of the doc modules: the naming
//! authority's passes over a doc's operations and over the whole crate. Every rule here avoids the names the
//! crate already uses in that scope (`naming::reserved`, read from the runtime crate's source and the emitter) and the
//! names given before it, and a renamed item is reported once, as a warning.
//!
//! - Request and error types (per doc, before enums and object types are named): `<Operation>Request`,
//!   `<Operation>Error` and `<Operation>Required` (the struct of the required parameters when they are named);
//!   when any is taken (a prelude name, or another operation's type), the operation's part is numbered:
//!   `CreateServer2Request`, `CreateServer2Error`, `CreateServer2Required`.
//! - Doc modules (crate-wide): the module name, with `_api` appended when it is reserved (`runtime`, `generated`,
//!   `mock`, or a crate the generated code names, such as `serde`), numbered (`servers_2`) when an earlier doc has it.
//! - Client methods (crate-wide; `Client` and `MockServer` get one per operation): the operation's name, or
//!   `<module>_<name>` when several docs have the name or it is a method of the runtime's `Client` or
//!   `MockServer`, then numbered. (An override that names an operation after a runtime method is an error of
//!   `operation_names.rs`.)
//!   An operation that pages gets `<method>_stream`, numbered when taken.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir;
use crate::lower::DocDraft;
use crate::naming;
use crate::source::Span;

/// Where a doc's names come from, for the crate-wide diagnostics: the module's span and each operation's title.
pub(super) struct DocSpans {
    pub(super) module: Span,
    pub(super) titles: Vec<Span>,
}

/// Names each live operation's request struct and error enum; returns every type name they take, which enum and
/// object types then avoid.
pub(super) fn name_operation_types(doc: &mut DocDraft, sink: &mut Sink) -> BTreeSet<String> {
    let reserved = naming::reserved();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for draft in doc.drafts.iter_mut().filter(|d| d.op.superseded_by.is_none()) {
        let base = naming::type_stem(&draft.op.name);
        let free = |stem: &str| {
            [format!("{stem}Request"), format!("{stem}Error"), format!("{stem}Required")]
                .iter()
                .all(|name| !taken.contains(name) && !reserved.types.contains(name))
        };
        let stem = if free(&base) {
            base.clone()
        } else {
            let stem = (2..).map(|n| naming::numbered_pascal(&base, n)).find(|s| free(s)).unwrap_or_default();
            sink.push(
                Diagnostic::warning(
                    Code::NameCollision,
                    draft.title_span,
                    format!(
                        "the Rust types of operation `{}` would be `{base}Request` and `{base}Error`, which are taken",
                        draft.op.name
                    ),
                )
                .with_label("this operation")
                .with_help(format!("named `{stem}Request` and `{stem}Error` (the operation's part numbered)")),
            );
            draft.op.provenance.rust_types = ir::Provenance::rule(ir::Rule::RustTypesNumbered);
            stem
        };
        draft.op.request_type = format!("{stem}Request");
        draft.op.error_type = format!("{stem}Error");
        taken.insert(draft.op.request_type.clone());
        taken.insert(draft.op.error_type.clone());
        // The struct of the required parameters, when they are named (`emit::rust::named_required`): kept free
        // for every operation, so that a change of a parameter's type never renames another type.
        taken.insert(format!("{stem}Required"));
    }
    taken
}

/// Names the doc modules and every live operation's client methods, across all docs.
pub(super) fn name_crate_items(api: &mut ir::Api, spans: &[DocSpans], sink: &mut Sink) {
    let reserved = naming::reserved();
    let mut modules: BTreeSet<String> = BTreeSet::new();
    for (doc, spans) in api.docs.iter_mut().zip(spans) {
        let base =
            if reserved.modules.contains(&doc.module) { format!("{}_api", doc.module) } else { doc.module.clone() };
        let module = if modules.contains(&base) {
            (2..).map(|n| naming::numbered_snake(&base, n)).find(|m| !modules.contains(m)).unwrap_or_default()
        } else {
            base
        };
        if module != doc.module {
            let why = match (reserved.modules.contains(&doc.module), module.ends_with("_api")) {
                (true, true) => "a name the generated crate already uses".to_owned(),
                (true, false) => {
                    format!("a name the generated crate already uses, and an earlier doc has `{}_api`", doc.module)
                }
                (false, _) => "the module of an earlier doc".to_owned(),
            };
            sink.push(
                Diagnostic::warning(
                    Code::NameCollision,
                    spans.module,
                    format!("the doc's module name `{}` is {why}", doc.module),
                )
                .with_label("the module name comes from here")
                .with_help(format!("the module is named `{module}`")),
            );
            doc.module = module.clone();
        }
        modules.insert(module);
    }

    // Operation names used by more than one doc are prefixed with their module in every doc.
    let mut docs_using: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (doc_idx, doc) in api.docs.iter().enumerate() {
        for op in doc.live_operations() {
            docs_using.entry(op.name.clone()).or_default().insert(doc_idx);
        }
    }
    let mut methods: BTreeSet<String> = reserved.client_methods.clone();
    // Each operation's own name first, so that a prefixed name never takes another operation's plain one.
    let mut plain: BTreeSet<String> = BTreeSet::new();
    for doc in &api.docs {
        for op in doc.live_operations() {
            if docs_using[&op.name].len() == 1 && !reserved.client_methods.contains(&op.name) {
                plain.insert(op.name.clone());
            }
        }
    }
    for (doc_idx, spans) in spans.iter().enumerate() {
        let module = api.docs[doc_idx].module.clone();
        for (op_idx, title_span) in spans.titles.iter().enumerate() {
            let op = &api.docs[doc_idx].operations[op_idx];
            if op.superseded_by.is_some() {
                continue;
            }
            let runtime_name = reserved.client_methods.contains(&op.name);
            let method = if plain.contains(&op.name) && !methods.contains(&op.name) {
                op.name.clone()
            } else {
                let base = format!("{module}_{}", op.name);
                let free = |m: &String| !methods.contains(m) && !plain.contains(m);
                let method = if free(&base) {
                    base
                } else {
                    (2..).map(|n| naming::numbered_snake(&base, n)).find(free).unwrap_or_default()
                };
                if runtime_name {
                    sink.push(
                        Diagnostic::warning(
                            Code::NameCollision,
                            *title_span,
                            format!("operation `{}` has the name of a method of the runtime's `Client`", op.name),
                        )
                        .with_label("this operation")
                        .with_help(format!("its client method is `{method}`")),
                    );
                }
                method
            };
            methods.insert(method.clone());
            let op = &mut api.docs[doc_idx].operations[op_idx];
            if method != op.name {
                op.provenance.client_method = ir::Provenance::rule(ir::Rule::MethodNamePrefixed);
            }
            op.client_method = method;
        }
    }
    // Stream methods come last: an operation's own method always wins over another's stream.
    for (doc_idx, doc_spans) in spans.iter().enumerate() {
        for op_idx in 0..api.docs[doc_idx].operations.len() {
            let doc = &api.docs[doc_idx];
            let op = &doc.operations[op_idx];
            if op.superseded_by.is_some() || doc.pagination(op).is_none() {
                continue;
            }
            let base = format!("{}_stream", op.client_method);
            let stream = if methods.contains(&base) {
                let renamed =
                    (2..).map(|n| naming::numbered_snake(&base, n)).find(|m| !methods.contains(m)).unwrap_or_default();
                sink.push(
                    Diagnostic::warning(
                        Code::NameCollision,
                        doc_spans.titles[op_idx],
                        format!("the paging method of `{}` would be `{base}`, which is taken", op.name),
                    )
                    .with_label("this operation pages")
                    .with_help(format!("its paging method is `{renamed}`")),
                );
                api.docs[doc_idx].operations[op_idx].provenance.stream_method =
                    ir::Provenance::rule(ir::Rule::StreamMethodNumbered);
                renamed
            } else {
                base
            };
            methods.insert(stream.clone());
            api.docs[doc_idx].operations[op_idx].stream_method = Some(stream);
        }
    }
}
