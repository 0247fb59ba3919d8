//! `[[param]]` overrides apply first, so every later pass sees the corrected parameter; then the parameter
//! findings lowering deferred are reported, saying whether an override settled them.

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, ParamLocation, Provenance, Type};
use crate::lower::types::{self, Base};
use crate::lower::DocDraft;
use crate::overrides::{Kind, Overrides};
use crate::source::{SourceFile, Span};

/// A parameter whose type an override set: (its section's title span, wire name).
pub(super) type Corrected = Vec<(Span, String)>;

/// Applies `[[param]]` overrides; returns the parameters whose type or options an override set.
pub(super) fn apply_param_overrides(
    file: &SourceFile,
    doc: &mut DocDraft,
    overrides: &mut Overrides,
    sink: &mut Sink,
) -> Corrected {
    let mut corrected = Vec::new();
    for idx in 0..overrides.params.len() {
        let o = overrides.params[idx].clone();
        for draft in doc.drafts.iter_mut() {
            if !selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section) {
                continue;
            }
            let Some(param) = draft.op.params.iter_mut().find(|p| p.wire == o.name) else {
                continue;
            };
            let mut changes = Vec::new();
            let provenance = overrides.provenance(Kind::Param, idx);
            if let Some(word) = &o.type_word {
                let parsed = types::type_word(word);
                let scalar = match parsed.base {
                    Base::Integer => Type::Integer,
                    Base::Long => Type::Long,
                    Base::Number => Type::Number,
                    Base::Boolean => Type::Boolean,
                    Base::Any => Type::Any,
                    _ => Type::String,
                };
                param.ty = if parsed.array { Type::Array { items: Box::new(scalar) } } else { scalar };
                param.type_raw = word.clone();
                param.provenance.ty = provenance.clone();
                changes.push(format!("type `{word}`"));
            }
            if let Some(options) = &o.options {
                let options: Vec<EnumOption> = options
                    .iter()
                    .map(|w| EnumOption {
                        wire: w.clone(),
                        rust: String::new(),
                        description: String::new(),
                        provenance: provenance.clone(),
                    })
                    .collect();
                let is_array = matches!(param.ty, Type::Array { .. });
                let ty = Type::Enum { name: String::new(), options, provenance: Provenance::Table };
                param.ty = if is_array { Type::Array { items: Box::new(ty) } } else { ty };
                param.provenance.ty = provenance.clone();
                changes.push("options".to_owned());
            }
            if let Some(location) = &o.location {
                param.location = match location.as_str() {
                    "path" => ParamLocation::Path,
                    "query" => ParamLocation::Query,
                    _ => ParamLocation::Body,
                };
                param.provenance.location = provenance.clone();
                changes.push(format!("location `{location}`"));
            }
            if let Some(required) = o.required {
                param.required = required;
                param.provenance.required = provenance.clone();
                changes.push(format!("required = {required}"));
            }
            if o.type_word.is_some() || o.options.is_some() {
                corrected.push((draft.title_span, o.name.clone()));
            }
            overrides.mark_used(Kind::Param, idx);
            sink.push(
                Diagnostic::note(
                    Code::OverrideApplied,
                    overrides.span(Kind::Param, idx),
                    format!("override applied to parameter `{}`: {}", o.name, changes.join(", ")),
                )
                .with_label("this override")
                .with_secondary(draft.title_span, "in this section"),
            );
        }
    }
    corrected
}

/// Reports the parameter findings lowering deferred. An unknown type or an enum without options stays a defect of
/// the doc when an override corrects it, but the help line then says so instead of asking for the override.
pub(super) fn report_deferred(doc: &mut DocDraft, corrected: &Corrected, sink: &mut Sink) {
    for draft in doc.drafts.iter_mut() {
        for (wire, mut diagnostic) in std::mem::take(&mut draft.deferred) {
            if corrected.iter().any(|(span, name)| *span == draft.title_span && *name == wire) {
                diagnostic.help = Some("spec/overrides.toml sets this parameter's type".to_owned());
            }
            sink.push(diagnostic);
        }
    }
}
