//! Sections with the same method and path (and RPC selector): the first in document order wins, unless an
//! override says `keep`; the others stay in the IR with `superseded_by` set and are not emitted.

use std::collections::BTreeMap;

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir;
use crate::lower::DocDraft;
use crate::overrides::{Kind, Overrides};
use crate::source::SourceFile;

/// Returns (loser, winner) index pairs.
pub(super) fn resolve_duplicates(
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
