//! Whole-doc checks and the last step of lowering: duplicates, titles against URLs, names, enum and object types.
//!
//! The rules, in the order they run:
//! 1. Overrides of parameters apply first, so every later step sees the corrected parameter.
//! 2. An anchor used by several sections is reported at each reuse. Anchors identify nothing here.
//! 3. Sections with the same method and path: the first in document order wins, unless an override says `keep`;
//!    the others stay in the IR with `superseded_by` set and are not emitted.
//! 4. An English title that shares no word with the URL's last segment is reported; the name then comes from the path.
//!    A section with several URL lines names each operation from its path, and its title is not checked.
//! 5. Names: the English title in snake_case; if it is taken, title plus last path segment; then the path; then a
//!    numeric suffix. An override's `name` beats all of these. Field and parameter names that collide in Rust are
//!    numbered (`type_2`) and reported.
//! 6. Enum types are named after their parameter (`Status`), prefixed with the operation when two differ.
//!    Enums with the same options share one type.
//! 7. Object types: `<Operation>Result` for the result, the field name (singular for list items) for nested
//!    objects, prefixed with the parent when taken by a different shape. Equal shapes share one type.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{self, EnumOption, Field, FieldSource, NameSource, ParamLocation, Type, TypeDef};
use crate::lower::response::{FieldShape, Shape, ShapeKind};
use crate::lower::types::{self, Base, TypeWord};
use crate::lower::{DocDraft, Draft};
use crate::naming;
use crate::overrides::{self, Kind, Overrides};
use crate::source::{FileId, SourceFile, Span};

/// Finishes every doc: checks, names, types.
pub fn finish(files: &[SourceFile], docs: Vec<DocDraft>, overrides: &mut Overrides, sink: &mut Sink) -> ir::Api {
    let mut out = Vec::new();
    for mut doc in docs {
        let file = &files[doc.file];
        let corrected = apply_param_overrides(file, &mut doc, overrides, sink);
        report_deferred(&mut doc, &corrected, sink);
        report_duplicate_anchors(&doc, sink);
        let winners = resolve_duplicates(file, &mut doc, overrides, sink);
        let losers: Vec<usize> = winners.iter().map(|(loser, _)| *loser).collect();
        assign_names(file, &mut doc, &losers, overrides, sink);
        for (loser, winner) in winners {
            doc.drafts[loser].op.superseded_by = Some(doc.drafts[winner].op.name.clone());
        }
        apply_operation_flags(file, &mut doc, overrides, sink);
        check_param_names(&mut doc, sink);
        name_error_variants(file, &mut doc, overrides, sink);
        let enums = name_enums(file, &mut doc, overrides, sink);
        let types = build_types(file, &mut doc, enums, sink);
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
    ir::Api { docs: out }
}

fn title_text(draft: &Draft) -> String {
    match &draft.op.title.en {
        Some(en) => format!("{} ({en})", draft.op.title.zh),
        None => draft.op.title.zh.clone(),
    }
}

fn selects_draft(
    file: &SourceFile,
    draft: &Draft,
    doc: &Option<String>,
    matches: &str,
    section: &Option<String>,
) -> bool {
    let title = title_text(draft);
    let scope = overrides::Scope { doc, matches, section };
    let target = overrides::Target {
        file_name: &file.name,
        method: draft.op.method.as_str(),
        path: &draft.op.path,
        title: &title,
        anchor: draft.op.anchor.as_deref(),
    };
    overrides::selects(&scope, &target)
}

/// A parameter whose type an override set: (its section's title span, wire name).
type Corrected = Vec<(Span, String)>;

/// Applies `[[param]]` overrides; returns the parameters whose type or options an override set.
fn apply_param_overrides(
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
                changes.push(format!("type `{word}`"));
            }
            if let Some(options) = &o.options {
                let options: Vec<EnumOption> = options
                    .iter()
                    .map(|w| EnumOption { wire: w.clone(), rust: String::new(), description: String::new() })
                    .collect();
                let is_array = matches!(param.ty, Type::Array { .. });
                let ty = Type::Enum { name: String::new(), options };
                param.ty = if is_array { Type::Array { items: Box::new(ty) } } else { ty };
                changes.push("options".to_owned());
            }
            if let Some(location) = &o.location {
                param.location = match location.as_str() {
                    "path" => ParamLocation::Path,
                    "query" => ParamLocation::Query,
                    _ => ParamLocation::Body,
                };
                changes.push(format!("location `{location}`"));
            }
            if let Some(required) = o.required {
                param.required = required;
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
fn report_deferred(doc: &mut DocDraft, corrected: &Corrected, sink: &mut Sink) {
    for draft in doc.drafts.iter_mut() {
        for (wire, mut diagnostic) in std::mem::take(&mut draft.deferred) {
            if corrected.iter().any(|(span, name)| *span == draft.title_span && *name == wire) {
                diagnostic.help = Some("spec/overrides.toml sets this parameter's type".to_owned());
            }
            sink.push(diagnostic);
        }
    }
}

fn report_duplicate_anchors(doc: &DocDraft, sink: &mut Sink) {
    let mut first_use: BTreeMap<&str, Span> = BTreeMap::new();
    let mut seen_sections: Vec<Span> = Vec::new();
    for draft in &doc.drafts {
        // Several URL lines of one section share its anchor; that is one use.
        if seen_sections.contains(&draft.title_span) {
            continue;
        }
        seen_sections.push(draft.title_span);
        let (Some(anchor), Some(span)) = (draft.op.anchor.as_deref(), draft.anchor_span) else {
            continue;
        };
        match first_use.get(anchor) {
            Some(first) => sink.push(
                Diagnostic::warning(
                    Code::DuplicateAnchor,
                    span,
                    format!("anchor `{anchor}` is already used by an earlier section"),
                )
                .with_label("used again here")
                .with_secondary(*first, "first used here")
                .with_help("anchors are not identifiers here: sections are told apart by method and path"),
            ),
            None => {
                first_use.insert(anchor, span);
            }
        }
    }
}

/// Returns (loser, winner) index pairs.
fn resolve_duplicates(
    file: &SourceFile,
    doc: &mut DocDraft,
    overrides: &mut Overrides,
    sink: &mut Sink,
) -> Vec<(usize, usize)> {
    // RPC-style sections share a URL by design; the selecting value tells them apart.
    let mut groups: BTreeMap<(ir::Method, String, Option<i64>), Vec<usize>> = BTreeMap::new();
    for (idx, draft) in doc.drafts.iter().enumerate() {
        let selector = draft.op.rpc.as_ref().map(|rpc| rpc.value);
        groups.entry((draft.op.method, draft.op.path.clone(), selector)).or_default().push(idx);
    }
    let mut pairs = Vec::new();
    let mut group_list: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    group_list.sort();
    for group in group_list {
        let mut winner = group[0];
        let mut rule = "the first section in document order wins".to_owned();
        for idx in 0..overrides.operations.len() {
            let o = overrides.operations[idx].clone();
            if o.keep != Some(true) {
                continue;
            }
            if let Some(&chosen) =
                group.iter().find(|&&d| selects_draft(file, &doc.drafts[d], &o.doc, o.matches.get_ref(), &o.section))
            {
                winner = chosen;
                rule = format!("spec/overrides.toml keeps the section at line {}", doc.drafts[chosen].op.loc.line);
                overrides.mark_used(Kind::Operation, idx);
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Operation, idx),
                        format!(
                            "override applied: section at line {} wins `{}`",
                            doc.drafts[chosen].op.loc.line,
                            o.matches.get_ref()
                        ),
                    )
                    .with_label("this override")
                    .with_secondary(doc.drafts[chosen].title_span, "this section wins"),
                );
            }
        }
        for &loser in group.iter().filter(|&&d| d != winner) {
            let op = &doc.drafts[loser].op;
            let method = op.method.as_str();
            let path = match &op.rpc {
                Some(rpc) => format!("{} ({} = {})", op.path, rpc.field, rpc.value),
                None => op.path.clone(),
            };
            // Say how the two differ, so that a maintainer can tell which one the platform really implements.
            let wires = |d: usize| -> Vec<String> {
                doc.drafts[d]
                    .op
                    .params
                    .iter()
                    .filter(|p| p.location != ir::ParamLocation::Path)
                    .map(|p| format!("`{}`", p.wire))
                    .collect()
            };
            let (loser_params, winner_params) = (wires(loser), wires(winner));
            let only_loser: Vec<&str> =
                loser_params.iter().filter(|p| !winner_params.contains(p)).map(String::as_str).collect();
            let only_winner: Vec<&str> =
                winner_params.iter().filter(|p| !loser_params.contains(p)).map(String::as_str).collect();
            let difference = if only_loser.is_empty() && only_winner.is_empty() {
                String::new()
            } else {
                let list = |items: &[&str]| if items.is_empty() { "nothing".to_owned() } else { items.join(", ") };
                format!(
                    "; they disagree on parameters: {} only here, {} only in the section used",
                    list(&only_loser),
                    list(&only_winner)
                )
            };
            sink.push(
                Diagnostic::warning(Code::DuplicateEndpoint, doc.drafts[loser].title_span, format!("`{method} {path}` is documented by more than one section{difference}"))
                    .with_label(if loser > winner { "documented again here" } else { "documented here first" })
                    .with_secondary(doc.drafts[winner].title_span, "this section is used")
                    .with_help(format!("{rule}; the other is kept in the IR as superseded and not emitted (choose with `keep = true` in spec/overrides.toml)")),
            );
            pairs.push((loser, winner));
        }
    }
    pairs
}

/// The literal (non-placeholder) segments of a path.
fn literal_segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty() && !s.contains('{')).collect()
}

/// Whether an English title fits a URL: some word of the title and the last literal segment contain one another,
/// or share a run of five letters (`batchdettach` / `dettachall`).
pub fn title_fits_path(title: &str, path: &str) -> bool {
    let Some(last) = literal_segments(path).last().map(|s| s.to_ascii_lowercase()) else {
        return true;
    };
    let last: String = last.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let mut words: Vec<String> = naming::words(title);
    words.extend(
        title.split_whitespace().map(|w| w.to_ascii_lowercase().chars().filter(char::is_ascii_alphanumeric).collect()),
    );
    // Verbs the doc family uses for the same action in titles and URLs (`Read Flavor` at `.../get`).
    let synonyms: [&[&str]; 5] = [
        &["get", "read", "query", "show", "detail", "fetch", "info"],
        &["list", "query", "search", "find"],
        &["create", "add", "new"],
        &["delete", "remove", "del", "destroy"],
        &["update", "modify", "edit", "set", "change"],
    ];
    let mut extra = Vec::new();
    for word in &words {
        for group in synonyms.iter().filter(|g| g.contains(&word.as_str())) {
            extra.extend(group.iter().map(|s| (*s).to_owned()));
        }
    }
    words.extend(extra);
    // A word of five letters or more one edit away from the segment is a typo of it (`detach` / `dettach`).
    words.iter().filter(|w| w.len() >= 3).any(|w| {
        last.contains(w.as_str())
            || w.contains(last.as_str())
            || common_run(w, &last) >= 5
            || (w.len() >= 5 && edit_distance(w, &last) <= 1)
    })
}

/// The Levenshtein distance between two ASCII words.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

fn common_run(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut best = 0;
    for i in 0..a.len() {
        for j in 0..b.len() {
            let mut k = 0;
            while i + k < a.len() && j + k < b.len() && a[i + k] == b[j + k] {
                k += 1;
            }
            best = best.max(k);
        }
    }
    best
}

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

fn assign_names(file: &SourceFile, doc: &mut DocDraft, losers: &[usize], overrides: &mut Overrides, sink: &mut Sink) {
    let mut taken: Vec<String> = Vec::new();
    // Override names are claimed first, so a generated name never takes one.
    let mut forced: Vec<Option<String>> = vec![None; doc.drafts.len()];
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
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Operation, idx),
                        format!("override applied: operation `{}` is named `{name}`", o.matches.get_ref()),
                    )
                    .with_label("this override")
                    .with_secondary(draft.title_span, "names this section"),
                );
                forced[d] = Some(name.clone());
                taken.push(name.clone());
            }
        }
    }
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
                    sink.push(
                        Diagnostic::warning(
                            Code::TitleUrlMismatch,
                            *span,
                            format!("title `{en}` does not fit the URL `{}`", draft.op.path),
                        )
                        .with_label("no word of the title is in the URL's last segment")
                        .with_secondary(draft.url_span, "URL")
                        .with_help(help),
                    );
                    None
                }
            }
            None => None,
        };
        if let Some(name) = forced_name {
            draft.op.name = name;
            draft.op.name_source = NameSource::Override;
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
        let (name, source) = match candidates.iter().find(|(c, _)| !taken.contains(c)) {
            Some(found) => found.clone(),
            None => {
                let (base, source) = candidates[0].clone();
                let n = (2..).find(|n| !taken.contains(&naming::numbered_snake(&base, *n))).unwrap_or(2);
                (naming::numbered_snake(&base, n), source)
            }
        };
        taken.push(name.clone());
        draft.op.name = name;
        draft.op.name_source = source;
    }
}

fn apply_operation_flags(file: &SourceFile, doc: &mut DocDraft, overrides: &mut Overrides, sink: &mut Sink) {
    for idx in 0..overrides.operations.len() {
        let o = overrides.operations[idx].clone();
        let Some(idempotent) = o.idempotent else {
            continue;
        };
        for draft in doc.drafts.iter_mut() {
            if selects_draft(file, draft, &o.doc, o.matches.get_ref(), &o.section) {
                draft.op.idempotent = idempotent;
                overrides.mark_used(Kind::Operation, idx);
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Operation, idx),
                        format!(
                            "override applied: `{}` is {}",
                            draft.op.name,
                            if idempotent { "idempotent" } else { "not idempotent: never retried" }
                        ),
                    )
                    .with_label("this override")
                    .with_secondary(draft.title_span, "this section"),
                );
            }
        }
    }
}

/// Two parameters whose Rust names collide (`userId` and `user_id`): the later one gets a numeric suffix.
fn check_param_names(doc: &mut DocDraft, sink: &mut Sink) {
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
                    .with_help(format!("the second is named `{renamed}`")),
                );
                draft.op.params[idx].rust = renamed.clone();
                seen.push((renamed, idx));
            } else {
                seen.push((rust, idx));
            }
        }
    }
}

/// Names each documented error's variant from its message (a pattern's fixed text), or from an `[[error]]`
/// override; one note per override says where it applied.
fn name_error_variants(file: &SourceFile, doc: &mut DocDraft, overrides: &mut Overrides, sink: &mut Sink) {
    let mut applied: Vec<Vec<Span>> = vec![Vec::new(); overrides.errors.len()];
    for draft in doc.drafts.iter_mut() {
        let mut taken: Vec<String> = Vec::new();
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
            let base = match (renamed, &error.pattern) {
                (Some(idx), _) => Some(overrides.errors[idx].name.clone()),
                (None, Some(p)) => naming::pascal(&format!("{} {}", p.prefix, p.suffix)),
                (None, None) => naming::pascal(&error.message),
            }
            .unwrap_or_else(|| format!("Status{}", error.status));
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = naming::numbered_pascal(&base, n);
                n += 1;
            }
            taken.push(name.clone());
            error.rust = name;
        }
    }
    for (idx, sections) in applied.into_iter().enumerate() {
        let Some(first) = sections.first() else { continue };
        overrides.mark_used(Kind::Error, idx);
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

fn enum_slot(ty: &mut Type) -> Option<(&mut String, &mut Vec<EnumOption>)> {
    match ty {
        Type::Enum { name, options } => Some((name, options)),
        Type::Array { items } => enum_slot(items),
        _ => None,
    }
}

/// Names every parameter enum and its variants; returns (type name, wire values) of each enum type.
fn name_enums(file: &SourceFile, doc: &mut DocDraft, overrides: &mut Overrides, sink: &mut Sink) -> EnumNames {
    // (type name, options) of every enum named so far.
    let mut named: EnumNames = Vec::new();
    for d in 0..doc.drafts.len() {
        for p in 0..doc.drafts[d].op.params.len() {
            let op_pascal = naming::pascal(&doc.drafts[d].op.name).unwrap_or_default();
            let param_wire = doc.drafts[d].op.params[p].wire.clone();
            let mut type_override = None;
            let mut variant_overrides = BTreeMap::new();
            let mut matched: Vec<usize> = Vec::new();
            for idx in 0..overrides.enums.len() {
                let o = overrides.enums[idx].clone();
                if o.param == param_wire && selects_draft(file, &doc.drafts[d], &o.doc, o.matches.get_ref(), &o.section)
                {
                    overrides.mark_used(Kind::Enum, idx);
                    type_override = o.type_name.clone().or(type_override);
                    variant_overrides.extend(o.variants.iter().map(|(wire, rust)| (wire.clone(), (rust.clone(), idx))));
                    matched.push(idx);
                }
            }
            let draft = &mut doc.drafts[d];
            let Some((name, options)) = enum_slot(&mut draft.op.params[p].ty) else {
                // An enum override on a parameter that is no enum would change nothing: that is an error, like an
                // override that matches nothing.
                for &idx in &matched {
                    sink.push(
                        Diagnostic::error(
                            Code::OverrideUnmatched,
                            overrides.span(Kind::Enum, idx),
                            format!("enum override names `{param_wire}`, which is not an enum"),
                        )
                        .with_label("this override")
                        .with_secondary(draft.param_spans[p], format!("typed `{}` here", draft.op.params[p].type_raw))
                        .with_help(
                            "give it options with a `[[param]]` override (`options = [...]`), or delete this one",
                        ),
                    );
                }
                continue;
            };
            for &idx in &matched {
                sink.push(
                    Diagnostic::note(
                        Code::OverrideApplied,
                        overrides.span(Kind::Enum, idx),
                        format!("override applied to enum `{param_wire}`"),
                    )
                    .with_label("this override")
                    .with_secondary(draft.param_spans[p], "this parameter"),
                );
            }
            let wires: Vec<String> = options.iter().map(|o| o.wire.clone()).collect();
            let chosen_variants: BTreeMap<String, String> =
                variant_overrides.iter().map(|(wire, (rust, _))| (wire.clone(), rust.clone())).collect();
            name_variants(options, &chosen_variants);
            for (wire, (_, idx)) in variant_overrides.iter().filter(|(w, _)| !wires.contains(w)) {
                sink.push(
                    Diagnostic::error(
                        Code::OverrideUnmatched,
                        overrides.span(Kind::Enum, *idx),
                        format!("enum override names value `{wire}`, which `{param_wire}` does not have"),
                    )
                    .with_label("this override")
                    .with_secondary(draft.param_spans[p], "this parameter")
                    .with_help(format!("its values are: {}", wires.join(", "))),
                );
            }
            let base = type_override
                .clone()
                .unwrap_or_else(|| naming::pascal(&param_wire).unwrap_or_else(|| "Value".to_owned()));
            *name = enum_type_name(&mut named, |_| false, &base, &op_pascal, wires, type_override.is_some());
        }
    }
    named
}

/// (type name, wire values) of the enum types of a doc.
type EnumNames = Vec<(String, Vec<String>)>;

/// Variant names for enum options: the override's name or the wire value in PascalCase, numbered when two
/// collide, and never `Unknown`, the fallback variant of every generated enum.
fn name_variants(options: &mut [EnumOption], chosen: &BTreeMap<String, String>) {
    let mut taken_variants: Vec<String> = Vec::new();
    for option in options.iter_mut() {
        let base = chosen
            .get(&option.wire)
            .cloned()
            .or_else(|| naming::pascal(&option.wire))
            .unwrap_or_else(|| "Value".to_owned());
        let mut rust = base.clone();
        let mut n = 2;
        while taken_variants.contains(&rust) || rust == "Unknown" {
            rust = naming::numbered_pascal(&base, n);
            n += 1;
        }
        taken_variants.push(rust.clone());
        option.rust = rust;
    }
}

/// An enum type's name: an enum with the same values shares an existing type (unless the name was chosen by an
/// override); otherwise `base`, or the operation's name plus `base`, numbered, whichever is free. `taken_elsewhere`
/// says whether another kind of type (an object) already has a name. The name is recorded in `named`.
fn enum_type_name(
    named: &mut EnumNames,
    taken_elsewhere: impl Fn(&str) -> bool,
    base: &str,
    op_pascal: &str,
    wires: Vec<String>,
    fixed_name: bool,
) -> String {
    if let Some((existing, _)) = named.iter().find(|(n, o)| *o == wires && (!fixed_name || n == base)) {
        return existing.clone();
    }
    let taken = |candidate: &str| named.iter().any(|(n, _)| n == candidate) || taken_elsewhere(candidate);
    let chosen = if !taken(base) {
        base.to_owned()
    } else {
        let prefixed = format!("{op_pascal}{base}");
        let mut candidate = prefixed.clone();
        let mut n = 2;
        while taken(&candidate) {
            candidate = naming::numbered_pascal(&prefixed, n);
            n += 1;
        }
        candidate
    };
    named.push((chosen.clone(), wires));
    chosen
}

/// Builds the named object types of a doc from the drafts' result shapes.
fn build_types(file: &SourceFile, doc: &mut DocDraft, enums: EnumNames, sink: &mut Sink) -> Vec<TypeDef> {
    let mut builder = TypeBuilder { file, file_id: doc.file, sink, enums, types: Vec::new(), fingerprints: Vec::new() };
    for draft in doc.drafts.iter_mut() {
        let Some(shape) = draft.result_shape.take() else {
            continue;
        };
        let op_name = draft.op.name.clone();
        let root_name = format!("{}Result", naming::pascal(&op_name).unwrap_or_default());
        let ty = builder.shape_type(&shape, None, &root_name, &op_name);
        if let Some(response) = draft.op.response.as_mut() {
            response.ty = match ty {
                Type::Any
                    if matches!(shape.kind, ShapeKind::Unknown)
                        && !shape.nullable
                        && response.example.is_some()
                        && !response.enveloped =>
                {
                    None
                }
                ty => Some(ty),
            };
        }
    }
    builder.types
}

struct TypeBuilder<'a> {
    file: &'a SourceFile,
    file_id: FileId,
    sink: &'a mut Sink,
    /// The enum types named so far; object types avoid their names, and equal enums share one.
    enums: EnumNames,
    types: Vec<TypeDef>,
    /// Parallel to `types`: the structural fingerprint of each.
    fingerprints: Vec<String>,
}

impl TypeBuilder<'_> {
    fn shape_type(&mut self, shape: &Shape, word: Option<&TypeWord>, name: &str, op: &str) -> Type {
        if let Some(word) = word {
            if word.array && !matches!(shape.kind, ShapeKind::Array(_)) {
                let item = self.word_scalar(word, &Shape::unknown(shape.offset), name, op);
                return Type::Array { items: Box::new(item) };
            }
            if !word.array {
                return self.word_scalar(word, shape, name, op);
            }
        }
        match &shape.kind {
            ShapeKind::Unknown | ShapeKind::OpaqueObject => Type::Any,
            ShapeKind::Bool => Type::Boolean,
            ShapeKind::Int { wide: false } => Type::Integer,
            ShapeKind::Int { wide: true } => Type::Long,
            ShapeKind::Number => Type::Number,
            ShapeKind::Str => Type::String,
            ShapeKind::Array(item) => {
                let item_name = if name.ends_with("Result") {
                    format!("{}Item", name.trim_end_matches("Result"))
                } else {
                    name.to_owned()
                };
                Type::Array { items: Box::new(self.shape_type(item, None, &item_name, op)) }
            }
            ShapeKind::Object(fields) => self.object(fields, name, op, shape.offset),
        }
    }

    /// The type a table word names, with the example's shape filling in structure the word lacks.
    fn word_scalar(&mut self, word: &TypeWord, shape: &Shape, name: &str, op: &str) -> Type {
        match word.base {
            Base::String => Type::String,
            Base::Integer => Type::Integer,
            Base::Long => Type::Long,
            Base::Number => Type::Number,
            Base::Boolean => Type::Boolean,
            Base::Enum if !word.options.is_empty() => {
                let mut options: Vec<EnumOption> = word
                    .options
                    .iter()
                    .map(|w| EnumOption { wire: w.clone(), rust: String::new(), description: String::new() })
                    .collect();
                name_variants(&mut options, &BTreeMap::new());
                let types = &self.types;
                let name = enum_type_name(
                    &mut self.enums,
                    |candidate| types.iter().any(|t| t.name == candidate),
                    name,
                    &naming::pascal(op).unwrap_or_default(),
                    word.options.clone(),
                    false,
                );
                Type::Enum { name, options }
            }
            Base::Enum => Type::String,
            Base::Any | Base::Unknown => match &shape.kind {
                ShapeKind::Array(item) => Type::Array { items: Box::new(self.shape_type(item, None, name, op)) },
                _ => self.shape_type(shape, None, name, op),
            },
        }
    }

    fn object(&mut self, fields: &[FieldShape], name: &str, op: &str, offset: usize) -> Type {
        let mut ir_fields = Vec::new();
        // (Rust name, index into `fields`) of every field named so far.
        let mut rust_taken: Vec<(String, usize)> = Vec::new();
        for (field_idx, field) in fields.iter().enumerate() {
            let pascal = naming::pascal(&field.wire).unwrap_or_else(|| "Field".to_owned());
            let is_list =
                matches!(field.shape.kind, ShapeKind::Array(_)) || field.table_type.as_ref().is_some_and(|w| w.array);
            let child_name =
                if is_list { naming::pascal(&naming::singular(&field.wire)).unwrap_or(pascal) } else { pascal };
            let ty = self.shape_type(&field.shape, field.table_type.as_ref(), &child_name, op);
            let mut rust = naming::snake(&field.wire).unwrap_or_else(|| "field".to_owned());
            // Two keys that become one Rust name (`type` and `Type`): the later one is numbered, and reported.
            if let Some(&(_, first_idx)) = rust_taken.iter().find(|(r, _)| *r == rust) {
                let renamed = (2..)
                    .map(|n| naming::numbered_snake(&rust, n))
                    .find(|c| !rust_taken.iter().any(|(r, _)| r == c))
                    .unwrap_or_default();
                let first = &fields[first_idx];
                // Example keys are quoted; table names are not.
                let key_span = |f: &FieldShape| {
                    let quotes = if f.source == FieldSource::Table { 0 } else { 2 };
                    Span::new(self.file_id, f.offset, f.offset + f.wire.len() + quotes)
                };
                self.sink.push(
                    Diagnostic::warning(
                        Code::NameCollision,
                        key_span(field),
                        format!("fields `{}` and `{}` both become `{rust}` in Rust", first.wire, field.wire),
                    )
                    .with_label("second one")
                    .with_secondary(key_span(first), "first one")
                    .with_help(format!("the second is named `{renamed}`; the wire names stay as written")),
                );
                rust = renamed;
            }
            rust_taken.push((rust.clone(), field_idx));
            ir_fields.push(Field {
                wire: field.wire.clone(),
                rust,
                ty,
                required: field.required,
                nullable: field.shape.nullable,
                description: field.description.clone(),
                source: field.source,
                loc: self.file.loc(field.offset),
            });
        }
        let fingerprint = serde_json::to_string(
            &ir_fields.iter().map(|f| (&f.wire, &f.ty, f.required, f.nullable)).collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        if let Some(idx) = self.fingerprints.iter().position(|f| *f == fingerprint) {
            if !self.types[idx].used_by.iter().any(|u| u == op) {
                self.types[idx].used_by.push(op.to_owned());
            }
            return Type::Object { name: self.types[idx].name.clone() };
        }
        let taken = |candidate: &str| {
            self.types.iter().any(|t| t.name == candidate) || self.enums.iter().any(|(n, _)| n == candidate)
        };
        let mut final_name = name.to_owned();
        if taken(&final_name) {
            let prefixed = format!("{}{}", naming::pascal(op).unwrap_or_default(), name);
            final_name = prefixed.clone();
            let mut n = 2;
            while taken(&final_name) {
                final_name = naming::numbered_pascal(&prefixed, n);
                n += 1;
            }
        }
        self.types.push(TypeDef {
            name: final_name.clone(),
            description: if name.ends_with("Result") {
                format!("The result of `{op}`.")
            } else {
                format!("`{name}` in the result of `{op}`.")
            },
            fields: ir_fields,
            used_by: vec![op.to_owned()],
            loc: self.file.loc(offset),
        });
        self.fingerprints.push(fingerprint);
        Type::Object { name: final_name }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_against_paths() {
        let fits = [
            ("Create Server", "/v1/openstack/server/create"),
            ("Create Server", "/v1/openstack/server/created"),
            ("batchdettach Server", "/v1/openstack/server/dettachall"),
            ("Associate Floating IP", "/v1/openstack/server/{serverid}/addfloatingip"),
            ("Server Actions", "/v1/openstack/server/{serverid}/action"),
            ("Get ServerStatus", "/v1/openstack/server/{serverid}/status"),
            ("Refresh ConnectionGroup", "/v1/api/tokens/refresh"),
        ];
        for (title, path) in fits {
            assert!(title_fits_path(title, path), "{title} {path}");
        }
        assert!(!title_fits_path("Refresh ConnectionGroup", "/v1/openstack/server/novalimits"));
        assert!(!title_fits_path("Delete User", "/services/user/create"));
        assert!(title_fits_path("Read Flavor", "/services/openstack/flavor/{flavorid}/get"));
        assert!(title_fits_path("detach Volume", "/services/openstack/volume/{volumeid}/dettach"));
        assert!(!title_fits_path("Attach Volume", "/services/openstack/volume/{volumeid}/detach"));
        assert_eq!(edit_distance("detach", "dettach"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
