//! Whole-doc checks and the last step of lowering: duplicates, titles against URLs, names, enum and object types.
//!
//! The rules, in the order `finish` runs them, one file each:
//! 1. `param_overrides.rs`: overrides of parameters apply first (corrections, added parameters, `sensitive`,
//!    `encoding`), so every later step sees the corrected parameter.
//!    The parameter findings lowering deferred are reported then, saying whether an override settled them.
//! 2. `anchors.rs`: an anchor used by several sections is reported at each reuse. Anchors identify nothing here.
//!    `credential_headers.rs`: a credential header name one or two edits from a known one (`IMR-SESSION_SECRET`)
//!    is found, and reported with the closest known name once rule 6 has applied the header overrides.
//! 3. `duplicates.rs`: sections with the same method and path: the first in document order wins, unless an override
//!    says `keep`; the others stay in the IR with `superseded_by` set and are not emitted.
//! 4. `titles.rs`: an English title that shares no word with the URL's last segment is reported; the name then comes
//!    from the path. A section with several URL lines names each operation from its path, and its title is not
//!    checked. Naming (rule 5) runs this check.
//! 5. `operation_names.rs`: names: the English title in snake_case; if it is taken, title plus last path segment;
//!    then the path; then a numeric suffix. An override's `name` beats all of these.
//! 6. `idempotency.rs`: whether each operation is safe to repeat, from what its doc's words say it does (a read
//!    verb or word, and no write word); each decision is a note naming the word. `operation_flags.rs` then applies
//!    an override's `idempotent`, which wins; `operation_headers.rs`: an override's `headers` replaces the
//!    operation's header list, which is what the emitters' auth decision reads.
//! 7. `param_names.rs`: parameter names that collide in Rust are numbered (`user_id_2`) and reported.
//! 8. `error_names.rs`: each documented error's variant is named from its message, or by an override.
//! 9. `enums.rs`: enum types are named after their parameter (`Status`), prefixed with the operation when two
//!    differ. Enums with the same options share one type.
//! 10. `field_overrides.rs`: `[[field]]` overrides correct response fields (type, enum, required, Rust name).
//!     `field_enums.rs` then gives a string field named as an enum parameter of its operation (or of the doc, when
//!     its example values say so) that enum type, unless an example value is not an option (rule `field-enum-from-param`,
//!     a note each).
//! 11. `types.rs`: object types: `<Operation>Result` for the result, the field name (singular for list items) for
//!     nested objects, prefixed with the parent when taken by a different shape. Equal shapes share one type.
//!     Field names that collide in Rust are numbered (`type_2`) and reported.
//! 12. `rust_names.rs`, crate-wide, once every doc is done: doc module names, then each operation's `Client` method
//!     and paging method. (Its per-doc part, the request and error types, runs between rules 7 and 8, so that enum
//!     and object types avoid their names.)
//!
//! Rules 5, 7 to 9, 11 and 12 are the naming authority: each avoids the names the generated crate already uses in its
//! scope (`naming::reserved`), and an override that asks for an invalid or taken name is an error
//! (`invalid-override-name`, `name-collision`). `naming::verify` checks that the IR they make has no broken rule.
//!
//! `select.rs` holds what every override-applying rule shares: which sections an override selects.
//! `allows.rs` runs after everything else (from `compile`), over every diagnostic of the run: `[[allow]]` entries
//! acknowledge the warnings they select.

pub mod allows;
mod anchors;
mod credential_headers;
mod duplicates;
mod enums;
mod error_names;
mod field_enums;
mod field_overrides;
mod idempotency;
mod operation_flags;
mod operation_headers;
mod operation_names;
mod param_names;
mod param_overrides;
mod rust_names;
mod select;
mod titles;
mod types;

pub use titles::title_fits_path;

use crate::diagnostics::Sink;
use crate::ir;
use crate::lower::DocDraft;
use crate::overrides::Overrides;
use crate::source::SourceFile;

/// Finishes every doc: checks, names, types.
pub fn finish(files: &[SourceFile], docs: Vec<DocDraft>, overrides: &mut Overrides, sink: &mut Sink) -> ir::Api {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for mut doc in docs {
        let file = &files[doc.file];
        let corrected = param_overrides::apply_param_overrides(file, &mut doc, overrides, sink);
        param_overrides::report_deferred(&mut doc, &corrected, sink);
        anchors::report_duplicate_anchors(&doc, sink);
        let misspellings = credential_headers::check_credential_headers(file, &doc);
        let winners = duplicates::resolve_duplicates(file, &mut doc, overrides, sink);
        let losers: Vec<usize> = winners.iter().map(|(loser, _)| *loser).collect();
        operation_names::assign_names(file, &mut doc, &losers, overrides, sink);
        for (loser, winner) in winners {
            doc.drafts[loser].op.superseded_by = Some(doc.drafts[winner].op.name.clone());
        }
        idempotency::classify_operations(&mut doc, sink);
        operation_flags::apply_operation_flags(file, &mut doc, overrides, sink);
        let replaced = operation_headers::apply_operation_headers(file, &mut doc, overrides, sink);
        credential_headers::report(misspellings, &replaced, sink);
        param_names::check_param_names(&mut doc, sink);
        let operation_types = rust_names::name_operation_types(&mut doc, sink);
        error_names::name_error_variants(file, &mut doc, overrides, sink);
        let mut enums = enums::name_enums(file, &mut doc, overrides, &operation_types, sink);
        field_overrides::apply_field_overrides(file, &mut doc, &mut enums, overrides, sink);
        field_enums::type_fields_from_param_enums(&mut doc, sink);
        let types = types::build_types(file, &mut doc, enums, &operation_types, sink);
        spans.push(rust_names::DocSpans {
            module: doc.module_span,
            titles: doc.drafts.iter().map(|d| d.title_span).collect(),
        });
        out.push(ir::Doc {
            file: file.name.clone(),
            module: doc.module,
            title: doc.title,
            description: doc.intro,
            base_url: doc.base_url,
            operations: doc.drafts.into_iter().map(|d| d.op).collect(),
            types,
        });
    }
    let mut api = ir::Api { docs: out };
    rust_names::name_crate_items(&mut api, &spans, sink);
    api
}
