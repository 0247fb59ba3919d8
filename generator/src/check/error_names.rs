//! Each documented error's variant is named from its message, or by an `[[error]]` override.

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{Provenance, Rule};
use crate::lower::DocDraft;
use crate::naming;
use crate::overrides::{Kind, Overrides};
use crate::source::{SourceFile, Span};

/// Names each documented error's variant from its message (a pattern's fixed text), or from an `[[error]]`
/// override; one note per override says where it applied.
pub(super) fn name_error_variants(file: &SourceFile, doc: &mut DocDraft, overrides: &mut Overrides, sink: &mut Sink) {
    let mut applied: Vec<Vec<Span>> = vec![Vec::new(); overrides.errors.len()];
    // An override whose name no rule can keep (not an identifier, or the fallback `Other`) is an error, once.
    let fallback = naming::reserved().error_fallback;
    let usable: Vec<bool> =
        overrides.errors.iter().map(|o| naming::is_pascal_ident(&o.name) && o.name != fallback).collect();
    for (idx, o) in overrides.errors.iter().enumerate().filter(|(idx, _)| !usable[*idx]) {
        let (code, message) = if o.name == fallback {
            (
                Code::NameCollision,
                format!("error name `{}` is the fallback every error enum has for errors it does not list", o.name),
            )
        } else {
            (Code::InvalidOverrideName, format!("error name `{}` is not a PascalCase identifier", o.name))
        };
        sink.push(
            Diagnostic::error(code, overrides.span(Kind::Error, idx), message).with_label("this override").with_help(
                match naming::pascal(&o.name).filter(|v| *v != o.name && v != fallback) {
                    Some(valid) => format!("use a PascalCase identifier such as `{valid}`"),
                    None => "use another PascalCase identifier".to_owned(),
                },
            ),
        );
    }
    for draft in doc.drafts.iter_mut() {
        // `Other` is every error enum's fallback variant.
        let mut taken: std::collections::BTreeSet<String> = ["Other".to_owned()].into();
        // Which error overrides apply to this section: those with its `match`, or with none.
        let in_scope: Vec<bool> = overrides
            .errors
            .iter()
            .map(|o| match &o.matches {
                Some(matches) => selects_draft(file, draft, &o.doc, matches, &o.section),
                None => {
                    o.doc.as_ref().is_none_or(|d| file.name.rsplit('/').next() == Some(d.as_str()) || *d == file.name)
                }
            })
            .collect();
        for error in draft.op.errors.iter_mut() {
            let renamed = overrides
                .errors
                .iter()
                .enumerate()
                .position(|(idx, o)| in_scope[idx] && o.message.get_ref().trim() == error.message.trim());
            if let Some(idx) = renamed {
                applied[idx].push(draft.title_span);
            }
            let usable_override = renamed.filter(|idx| usable[*idx]);
            let from_text = match (usable_override, &error.pattern) {
                (Some(idx), _) => Some(overrides.errors[idx].name.clone()),
                (None, Some(p)) => naming::pascal(&format!("{} {}", p.prefix, p.suffix)),
                (None, None) => naming::pascal(&error.message),
            };
            error.provenance = match usable_override {
                Some(idx) => overrides.provenance(Kind::Error, idx),
                None if from_text.is_none() => Provenance::rule(Rule::ErrorNameFromStatus),
                None => Provenance::Table,
            };
            let base = from_text.unwrap_or_else(|| format!("Status{}", error.status));
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = naming::numbered_pascal(&base, n);
                n += 1;
            }
            if name != base {
                error.provenance = Provenance::rule(Rule::ErrorNameNumbered);
            }
            taken.insert(name.clone());
            error.rust = name;
        }
    }
    for (idx, sections) in applied.into_iter().enumerate() {
        let Some(first) = sections.first() else { continue };
        overrides.mark_used(Kind::Error, idx);
        if !usable[idx] {
            continue;
        }
        let o = &overrides.errors[idx];
        sink.push(
            Diagnostic::note(
                Code::OverrideApplied,
                overrides.span(Kind::Error, idx),
                format!(
                    "override applied: error `{}` is named `{}` in {} section(s)",
                    o.message.get_ref(),
                    o.name,
                    sections.len()
                ),
            )
            .with_label("this override")
            .with_secondary(*first, "first section it applies to"),
        );
    }
}
