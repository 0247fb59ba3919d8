//! `[[param]]` overrides apply first, so every later pass sees the corrected parameter; then the parameter
//! findings lowering deferred are reported, saying whether an override settled them.

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Severity, Sink};
use crate::ir::{ArrayEncoding, BodyEncoding, EnumOption, Param, ParamLocation, ParamProvenance, Provenance, Type};
use crate::lower::types::{self, Base};
use crate::lower::DocDraft;
use crate::naming;
use crate::overrides::{Kind, Overrides};
use crate::source::{SourceFile, Span};

/// A parameter whose type an override set: (its section's title span, wire name).
pub(super) type Corrected = Vec<(Span, String)>;

/// The IR type a type word names (with the doc's own reading of words).
fn word_type(word: &str) -> Type {
    let parsed = types::type_word(word);
    let scalar = match parsed.base {
        Base::Integer => Type::Integer,
        Base::Long => Type::Long,
        Base::Int32 => Type::Int32,
        Base::Number => Type::Number,
        Base::Boolean => Type::Boolean,
        Base::Any => Type::Any,
        _ => Type::String,
    };
    if parsed.array {
        Type::Array { items: Box::new(scalar) }
    } else {
        scalar
    }
}

/// The enum type for an override's options, keeping a list a list; each option is the override's. The type's name
/// is chosen later, by `enums.rs`, after the parameter's name, whose provenance is `named_from`.
fn options_type(options: &[String], array: bool, provenance: &Provenance, named_from: Provenance) -> Type {
    let options: Vec<EnumOption> = options
        .iter()
        .map(|w| EnumOption {
            wire: w.clone(),
            rust: String::new(),
            description: String::new(),
            provenance: provenance.clone(),
        })
        .collect();
    let ty = Type::Enum { name: String::new(), options, provenance: named_from };
    if array {
        Type::Array { items: Box::new(ty) }
    } else {
        ty
    }
}

fn location_of(word: &str) -> ParamLocation {
    match word {
        "path" => ParamLocation::Path,
        "query" => ParamLocation::Query,
        _ => ParamLocation::Body,
    }
}

/// Applies `[[param]]` overrides (corrections and added parameters); returns the parameters whose type or options
/// an override set. A key that changes nothing is reported as redundant.
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
            let encoding = o.encoding.as_deref().and_then(ArrayEncoding::from_word);
            let provenance = overrides.provenance(Kind::Param, idx);
            if o.add == Some(true) {
                overrides.mark_used(Kind::Param, idx);
                if let Some(existing) = draft.op.params.iter().position(|p| p.wire == o.name) {
                    sink.push(
                        Diagnostic::error(
                            Code::InvalidOverrides,
                            overrides.key_span(Kind::Param, idx, "add"),
                            format!("parameter `{}` is already documented, so it cannot be added", o.name),
                        )
                        .with_label("`add = true`")
                        .with_secondary(draft.param_spans[existing], "documented here")
                        .with_help("drop `add = true` to correct the documented parameter instead"),
                    );
                    continue;
                }
                // The override's type word is checked at parse time; without one, nothing is added.
                let Some(word) = &o.type_word else { continue };
                let mut ty = word_type(word);
                if let Some(options) = &o.options {
                    ty = options_type(options, matches!(ty, Type::Array { .. }), &provenance, provenance.clone());
                }
                let location = match &o.location {
                    Some(location) => location_of(location),
                    None if draft.op.body == BodyEncoding::None => ParamLocation::Query,
                    None => ParamLocation::Body,
                };
                draft.op.params.push(Param {
                    wire: o.name.clone(),
                    rust: naming::snake(&o.name).unwrap_or_else(|| "param".to_owned()),
                    location,
                    type_raw: word.clone(),
                    ty,
                    required: o.required.unwrap_or(false),
                    default: o.default.clone(),
                    description: o.description.clone().unwrap_or_default(),
                    bound_to_path: None,
                    container: Vec::new(),
                    sensitive: o.sensitive.unwrap_or(false),
                    encoding: encoding.unwrap_or_default(),
                    // The doc says nothing of it: every fact of an added parameter is the override's.
                    provenance: ParamProvenance::all(provenance),
                    loc: draft.op.loc,
                });
                draft.param_spans.push(draft.title_span);
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Param, idx),
                        format!("override added parameter `{}` ({word})", o.name),
                    )
                    .with_label("this override")
                    .with_secondary(draft.title_span, "to this section"),
                );
                continue;
            }
            let Some(p) = draft.op.params.iter().position(|p| p.wire == o.name) else {
                continue;
            };
            let body = draft.op.body;
            let param = &mut draft.op.params[p];
            let mut changes = Vec::new();
            let mut redundant: Vec<(&str, String)> = Vec::new();
            if let Some(word) = &o.type_word {
                let ty = word_type(word);
                let (new_word, doc_word) = (types::type_word(word), types::type_word(&param.type_raw));
                if ty == param.ty && new_word.base == doc_word.base && new_word.array == doc_word.array {
                    redundant.push(("type", format!("type `{}`", param.type_raw)));
                }
                param.ty = ty;
                param.type_raw = word.clone();
                param.provenance.ty = provenance.clone();
                changes.push(format!("type `{word}`"));
            }
            if let Some(options) = &o.options {
                let is_array = matches!(param.ty, Type::Array { .. });
                let current: Option<Vec<&str>> = match &param.ty {
                    Type::Enum { options, .. } => Some(options.iter().map(|o| o.wire.as_str()).collect()),
                    Type::Array { items } => match items.as_ref() {
                        Type::Enum { options, .. } => Some(options.iter().map(|o| o.wire.as_str()).collect()),
                        _ => None,
                    },
                    _ => None,
                };
                if current.is_some_and(|c| c == options.iter().map(String::as_str).collect::<Vec<_>>()) {
                    redundant.push(("options", "these options".to_owned()));
                }
                param.ty = options_type(options, is_array, &provenance, Provenance::Table);
                param.provenance.ty = provenance.clone();
                changes.push("options".to_owned());
            }
            if let Some(location) = &o.location {
                let location_value = location_of(location);
                if param.location == location_value {
                    redundant.push(("location", format!("location `{location}`")));
                }
                param.location = location_value;
                param.provenance.location = provenance.clone();
                changes.push(format!("location `{location}`"));
            }
            if let Some(required) = o.required {
                if param.required == required {
                    redundant.push(("required", format!("required = {required}")));
                }
                param.required = required;
                param.provenance.required = provenance.clone();
                changes.push(format!("required = {required}"));
            }
            if let Some(description) = &o.description {
                if param.description == *description {
                    redundant.push(("description", "this description".to_owned()));
                }
                param.description = description.clone();
                param.provenance.description = provenance.clone();
                changes.push("description".to_owned());
            }
            if let Some(default) = &o.default {
                if param.default.as_ref() == Some(default) {
                    redundant.push(("default", format!("default `{default}`")));
                }
                param.default = Some(default.clone());
                param.provenance.default = provenance.clone();
                changes.push(format!("default `{default}`"));
            }
            if let Some(sensitive) = o.sensitive {
                if param.sensitive == sensitive {
                    redundant.push(("sensitive", format!("sensitive = {sensitive}")));
                }
                param.sensitive = sensitive;
                param.provenance.sensitive = provenance.clone();
                changes.push(if sensitive { "sensitive" } else { "not sensitive" }.to_owned());
            }
            if let (Some(encoding), Some(word)) = (encoding, &o.encoding) {
                let is_list = matches!(param.ty, Type::Array { .. });
                if !is_list || body == BodyEncoding::Json || param.location == ParamLocation::Path {
                    let what = if is_list { "it travels in a JSON body or the path" } else { "it is no list" };
                    sink.push(
                        Diagnostic::error(
                            Code::InvalidOverrides,
                            overrides.key_span(Kind::Param, idx, "encoding"),
                            format!(
                                "`encoding` applies to a list in a form body or query string; `{}`: {what}",
                                o.name
                            ),
                        )
                        .with_label("this encoding")
                        .with_secondary(draft.param_spans[p], format!("typed `{}` here", param.type_raw))
                        .with_help("give it a list type (`type = \"String[]\"`), or delete `encoding`"),
                    );
                } else {
                    if param.encoding == encoding {
                        redundant.push(("encoding", format!("encoding `{word}`")));
                    }
                    param.encoding = encoding;
                    param.provenance.encoding = provenance.clone();
                    changes.push(format!("encoding `{word}`"));
                }
            }
            if o.type_word.is_some() || o.options.is_some() {
                corrected.push((draft.title_span, o.name.clone()));
            }
            overrides.mark_used(Kind::Param, idx);
            if !changes.is_empty() {
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
            if let Some((first_key, _)) = redundant.first() {
                let all = redundant.len() == changes.len();
                let said: Vec<&str> = redundant.iter().map(|(_, s)| s.as_str()).collect();
                let keys: Vec<String> = redundant.iter().map(|(k, _)| format!("`{k}`")).collect();
                sink.push(
                    Diagnostic::warning(
                        Code::OverrideRedundant,
                        overrides.key_span(Kind::Param, idx, first_key),
                        format!(
                            "parameter override `{}` is redundant: the doc already says {}",
                            o.name,
                            said.join(", ")
                        ),
                    )
                    .with_label("changes nothing")
                    .with_secondary(draft.param_spans[p], "as documented here")
                    .with_help(if all {
                        "delete this override".to_owned()
                    } else {
                        format!("delete {} from this override", keys.join(", "))
                    }),
                );
            }
        }
    }
    corrected
}

/// Reports the parameter findings lowering deferred. An unknown type or an enum without options stays a defect of
/// the doc when an override corrects it, but it is then a note whose help line says so, instead of a warning that
/// asks for the override.
pub(super) fn report_deferred(doc: &mut DocDraft, corrected: &Corrected, sink: &mut Sink) {
    for draft in doc.drafts.iter_mut() {
        for (wire, mut diagnostic) in std::mem::take(&mut draft.deferred) {
            // An override that corrects the parameter settles the finding: it stays a defect of the doc, but a
            // corrected one, which is a note (shown with `--verbose`), not a warning.
            if corrected.iter().any(|(span, name)| *span == draft.title_span && *name == wire) {
                diagnostic.help = Some("spec/overrides.toml sets this parameter's type".to_owned());
                diagnostic.severity = Severity::Note;
            }
            if diagnostic.subject.is_none() {
                diagnostic = diagnostic.with_param(wire);
            }
            sink.push(diagnostic);
        }
    }
}
