//! Operation names. The English title in snake_case; if it is taken, title plus last path segment; then the
//! path; then a numeric suffix. An override's `name` beats all of these.

use std::collections::{BTreeMap, BTreeSet};

use super::select::selects_draft;
use super::titles::{literal_segments, title_fits_path};
use crate::diagnostics::{Code, Diagnostic, Severity, Sink};
use crate::ir::{NameSource, Provenance, Rule};
use crate::lower::{DocDraft, Draft};
use crate::naming;
use crate::overrides::{Kind, Overrides};
use crate::source::{SourceFile, Span};

/// A name from the path: the last two literal segments (`server_novalimits`), a script's extension dropped
/// (`/cgi-bin/billing.php` → `cgi_bin_billing`).
fn path_name(path: &str) -> String {
    let mut segments = literal_segments(path);
    if let Some(last) = segments.last_mut() {
        *last = last.rsplit_once('.').map_or(*last, |(stem, _)| stem);
    }
    let tail: Vec<&str> = segments.iter().rev().take(2).rev().copied().collect();
    naming::snake(&tail.join(" ")).unwrap_or_else(|| "operation".to_owned())
}

pub(super) fn assign_names(
    file: &SourceFile,
    doc: &mut DocDraft,
    losers: &[usize],
    overrides: &mut Overrides,
    sink: &mut Sink,
) {
    let mut taken: Vec<String> = Vec::new();
    // Override names are claimed first, so a generated name never takes one.
    let mut forced: Vec<Option<(String, Provenance)>> = vec![None; doc.drafts.len()];
    // Each name an override gives → (the override, the section), to report a name asked for twice, or one that
    // another section would have had.
    let mut forced_by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut reported_invalid: BTreeSet<usize> = BTreeSet::new();
    // A name is for one operation: an override whose `match` selects several sections (RPC-style sections share a
    // URL) names none of them until `section` picks one.
    for idx in 0..overrides.operations.len() {
        let o = overrides.operations[idx].clone();
        let Some(name) = &o.name else { continue };
        let selected: Vec<&Draft> = (0..doc.drafts.len())
            .filter(|d| !losers.contains(d))
            .map(|d| &doc.drafts[d])
            .filter(|draft| selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section))
            .collect();
        if selected.len() > 1 {
            overrides.mark_used(Kind::Operation, idx);
            let mut diagnostic = Diagnostic::error(
                Code::AmbiguousOverride,
                overrides.span(Kind::Operation, idx),
                format!("override names `{name}`, but `{}` selects {} sections", o.matches.get_ref(), selected.len()),
            )
            .with_label("this override")
            .with_help("add `section = \"...\"` (a title or anchor) to pick one");
            for draft in selected {
                diagnostic = diagnostic.with_secondary(draft.title_span, "selected");
            }
            sink.push(diagnostic);
        }
    }
    for (d, draft) in doc.drafts.iter().enumerate() {
        for idx in 0..overrides.operations.len() {
            let o = overrides.operations[idx].clone();
            let Some(name) = &o.name else { continue };
            let ambiguous = (0..doc.drafts.len())
                .filter(|other| !losers.contains(other))
                .filter(|&other| selects_draft(file, &doc.drafts[other], &o.doc, o.matches.get_ref(), &o.section))
                .count()
                > 1;
            if !ambiguous && selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section) && !losers.contains(&d)
            {
                overrides.mark_used(Kind::Operation, idx);
                // The name becomes a method and the OpenAPI `operationId`: it must be a snake_case identifier.
                if !naming::is_snake_ident(name) {
                    if reported_invalid.insert(idx) {
                        let help = match naming::snake(name).filter(|v| v != name) {
                            Some(valid) => format!("use a snake_case identifier such as `{valid}`"),
                            None => "use a snake_case identifier (ASCII letters, digits and `_`)".to_owned(),
                        };
                        sink.push(
                            Diagnostic::error(
                                Code::InvalidOverrideName,
                                overrides.span(Kind::Operation, idx),
                                format!("operation name `{name}` is not a snake_case identifier"),
                            )
                            .with_label("this override")
                            .with_secondary(draft.title_span, "names this section")
                            .with_help(help),
                        );
                    }
                    continue;
                }
                let reserved = &naming::reserved().client_methods;
                if reserved.contains(name) {
                    if reported_invalid.insert(idx) {
                        sink.push(
                            Diagnostic::error(
                                Code::InvalidOverrideName,
                                overrides.span(Kind::Operation, idx),
                                format!("operation name `{name}` is a method of the runtime's `Client`"),
                            )
                            .with_label("this override")
                            .with_secondary(draft.title_span, "names this section")
                            .with_help(format!(
                                "choose another name; these are taken: {}",
                                reserved.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
                            )),
                        );
                    }
                    continue;
                }
                if let Some(&(other_idx, other_d)) = forced_by.get(name) {
                    sink.push(
                        Diagnostic::error(
                            Code::NameCollision,
                            overrides.span(Kind::Operation, idx),
                            format!("two overrides name an operation `{name}`"),
                        )
                        .with_label("this override")
                        .with_secondary(draft.title_span, "names this section")
                        .with_secondary(overrides.span(Kind::Operation, other_idx), "the other override")
                        .with_secondary(doc.drafts[other_d].title_span, "which names this section")
                        .with_help("each operation needs a name of its own; change one of them"),
                    );
                    continue;
                }
                forced_by.insert(name.clone(), (idx, d));
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Operation, idx),
                        format!("override applied: operation `{}` is named `{name}`", o.matches.get_ref()),
                    )
                    .with_label("this override")
                    .with_secondary(draft.title_span, "names this section"),
                );
                forced[d] = Some((name.clone(), overrides.provenance(Kind::Operation, idx)));
                taken.push(name.clone());
            }
        }
    }
    let title_spans: Vec<Span> = doc.drafts.iter().map(|d| d.title_span).collect();
    // Sections that lost a duplicate contest are named last, so the winner gets the plain name.
    let order: Vec<usize> =
        (0..doc.drafts.len()).filter(|d| !losers.contains(d)).chain(losers.iter().copied()).collect();
    for d in order {
        // A section with several URL lines documents several operations under one title: each is named from its
        // own path, and the title, which speaks for all of them, is not checked against each URL.
        let shares_title = doc.drafts.iter().filter(|other| other.title_span == doc.drafts[d].title_span).count() > 1;
        let draft = &mut doc.drafts[d];
        let forced_name = forced[d].take();
        // An RPC-style URL names the dispatcher, not the action, so the title is not checked against it either.
        let from_title = match &draft.en_title {
            Some((en, _)) if draft.op.rpc.is_some() => naming::snake(en),
            Some(_) if shares_title => None,
            Some((en, span)) => {
                if title_fits_path(en, &draft.op.path) {
                    naming::snake(en)
                } else {
                    let help = if forced_name.is_some() {
                        "spec/overrides.toml names the operation".to_owned()
                    } else {
                        "the operation is named from its path; set `name` in spec/overrides.toml to choose one"
                            .to_owned()
                    };
                    let mut diagnostic = Diagnostic::warning(
                        Code::TitleUrlMismatch,
                        *span,
                        format!("title `{en}` does not fit the URL `{}`", draft.op.path),
                    )
                    .with_label("no word of the title is in the URL's last segment")
                    .with_secondary(draft.url_span, "URL")
                    .with_help(help);
                    // An override that names the operation settles the finding: it stays a defect of the doc, but
                    // a corrected one, which is a note (shown with `--verbose`), not a warning.
                    if forced_name.is_some() {
                        diagnostic.severity = Severity::Note;
                    }
                    sink.push(diagnostic);
                    None
                }
            }
            None => None,
        };
        if let Some((name, provenance)) = forced_name {
            draft.op.name = name;
            draft.op.name_source = NameSource::Override;
            draft.op.provenance.name = provenance;
            continue;
        }
        let path = match &draft.op.rpc {
            Some(rpc) => format!("{}_{}", path_name(&draft.op.path), rpc.value),
            None => path_name(&draft.op.path),
        };
        let last = literal_segments(&draft.op.path).last().and_then(|s| naming::snake(s));
        let mut candidates: Vec<(String, NameSource)> = Vec::new();
        if let Some(title) = &from_title {
            candidates.push((title.clone(), NameSource::Title));
            // A superseded section is named after the winner with a numeric suffix, not given a path name.
            if losers.contains(&d) {
                let n = (2..).find(|n| !taken.contains(&naming::numbered_snake(title, *n))).unwrap_or(2);
                candidates.insert(0, (naming::numbered_snake(title, n), NameSource::Title));
            }
            if let Some(last) = &last {
                if !title.ends_with(last.as_str()) {
                    candidates.push((format!("{title}_{last}"), NameSource::TitleAndPath));
                }
            }
        }
        candidates.push((path.clone(), NameSource::Path));
        // An override that takes the name this section would have had by its title or path is an error: the
        // section would be renamed without anyone asking for it.
        if let Some(&(idx, other_d)) = forced_by.get(&candidates[0].0) {
            sink.push(
                Diagnostic::error(
                    Code::NameCollision,
                    overrides.span(Kind::Operation, idx),
                    format!("the override names an operation `{}`, the name of another section", candidates[0].0),
                )
                .with_label("this override")
                .with_secondary(title_spans[other_d], "names this section")
                .with_secondary(
                    title_spans[d],
                    format!("this section is named `{}` by its title or path", candidates[0].0),
                )
                .with_help("choose another `name`, or name this section too"),
            );
        }
        let (name, source, numbered) = match candidates.iter().find(|(c, _)| !taken.contains(c)) {
            // A superseded section's first candidate is the winner's name with a suffix.
            Some((found, source)) => {
                (found.clone(), *source, losers.contains(&d) && from_title.as_ref() != Some(found))
            }
            None => {
                let (base, source) = candidates[0].clone();
                let n = (2..).find(|n| !taken.contains(&naming::numbered_snake(&base, *n))).unwrap_or(2);
                (naming::numbered_snake(&base, n), source, true)
            }
        };
        taken.push(name.clone());
        draft.op.provenance.name = match source {
            _ if numbered => Provenance::rule(Rule::NameNumbered),
            NameSource::Title => Provenance::Table,
            NameSource::Path => Provenance::rule(Rule::NameFromPath),
            NameSource::TitleAndPath => Provenance::rule(Rule::NameFromTitleAndPath),
            NameSource::Override => Provenance::Table,
        };
        draft.op.name = name;
        draft.op.name_source = source;
    }
}
