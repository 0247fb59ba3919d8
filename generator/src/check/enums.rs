//! Enum types are named after their parameter (`Status`), prefixed with the operation when two differ.
//! Enums with the same options share one type. Object types (`types.rs`) name their enum fields the same way.

use std::collections::BTreeMap;

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, Provenance, Rule, Type};
use crate::lower::DocDraft;
use crate::naming;
use crate::overrides::{Kind, Overrides};
use crate::source::SourceFile;

fn enum_slot(ty: &mut Type) -> Option<(&mut String, &mut Vec<EnumOption>, &mut Provenance)> {
    match ty {
        Type::Enum { name, options, provenance } => Some((name, options, provenance)),
        Type::Array { items } => enum_slot(items),
        _ => None,
    }
}

/// Names every parameter enum and its variants; returns (type name, wire values) of each enum type.
pub(super) fn name_enums(
    file: &SourceFile,
    doc: &mut DocDraft,
    overrides: &mut Overrides,
    sink: &mut Sink,
) -> EnumNames {
    // (type name, options) of every enum named so far.
    let mut named: EnumNames = Vec::new();
    for d in 0..doc.drafts.len() {
        for p in 0..doc.drafts[d].op.params.len() {
            let op_pascal = naming::pascal(&doc.drafts[d].op.name).unwrap_or_default();
            let param_wire = doc.drafts[d].op.params[p].wire.clone();
            let mut type_override = None;
            let mut type_override_idx = None;
            let mut variant_overrides = BTreeMap::new();
            let mut matched: Vec<usize> = Vec::new();
            for idx in 0..overrides.enums.len() {
                let o = overrides.enums[idx].clone();
                if o.param == param_wire && selects_draft(file, &doc.drafts[d], &o.doc, o.matches.get_ref(), &o.section)
                {
                    overrides.mark_used(Kind::Enum, idx);
                    if o.type_name.is_some() {
                        type_override_idx = Some(idx);
                    }
                    type_override = o.type_name.clone().or(type_override);
                    variant_overrides.extend(o.variants.iter().map(|(wire, rust)| (wire.clone(), (rust.clone(), idx))));
                    matched.push(idx);
                }
            }
            let draft = &mut doc.drafts[d];
            let Some((name, options, name_provenance)) = enum_slot(&mut draft.op.params[p].ty) else {
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
            let chosen_variants: ChosenVariants = variant_overrides
                .iter()
                .map(|(wire, (rust, idx))| (wire.clone(), (rust.clone(), overrides.provenance(Kind::Enum, *idx))))
                .collect();
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
            let fixed = type_override_idx.map(|idx| overrides.provenance(Kind::Enum, idx));
            // Before naming, the enum's provenance says where the parameter's name came from: the doc (`table`),
            // or the override that added the parameter, which then chose a name taken as is.
            let base_provenance = std::mem::take(name_provenance);
            (*name, *name_provenance) = enum_type_name(&mut named, |_| false, &base, &op_pascal, wires, fixed);
            if *name_provenance == Provenance::Table {
                *name_provenance = base_provenance;
            }
        }
    }
    named
}

/// (type name, wire values, how the name was chosen) of the enum types of a doc.
pub(super) type EnumNames = Vec<(String, Vec<String>, Provenance)>;

/// Variant names an override chose: wire value → (variant name, the override's provenance).
pub(super) type ChosenVariants = BTreeMap<String, (String, Provenance)>;

/// Variant names for enum options: the override's name or the wire value in PascalCase, numbered when two
/// collide, and never `Unknown`, the fallback variant of every generated enum. An option's provenance records the
/// override or the numbering, and otherwise stays what lowering gave it (where the option was read).
pub(super) fn name_variants(options: &mut [EnumOption], chosen: &ChosenVariants) {
    let mut taken_variants: Vec<String> = Vec::new();
    for option in options.iter_mut() {
        let overridden = chosen.get(&option.wire);
        let base = overridden
            .map(|(rust, _)| rust.clone())
            .or_else(|| naming::pascal(&option.wire))
            .unwrap_or_else(|| "Value".to_owned());
        let mut rust = base.clone();
        let mut n = 2;
        while taken_variants.contains(&rust) || rust == "Unknown" {
            rust = naming::numbered_pascal(&base, n);
            n += 1;
        }
        if let Some((_, provenance)) = overridden {
            option.provenance = provenance.clone();
        }
        if rust != base {
            option.provenance = Provenance::rule(Rule::VariantNumbered);
        }
        taken_variants.push(rust.clone());
        option.rust = rust;
    }
}

/// An enum type's name: an enum with the same values shares an existing type (unless the name was chosen by an
/// override); otherwise `base`, or the operation's name plus `base`, numbered, whichever is free. `taken_elsewhere`
/// says whether another kind of type (an object) already has a name; `fixed` is the provenance of an override that
/// chose `base`. The name is recorded in `named`. Returns the name and how it was chosen: a shared type's own
/// provenance, the override's, `table` for `base` as is, or the rule that put the operation's name before it.
pub(super) fn enum_type_name(
    named: &mut EnumNames,
    taken_elsewhere: impl Fn(&str) -> bool,
    base: &str,
    op_pascal: &str,
    wires: Vec<String>,
    fixed: Option<Provenance>,
) -> (String, Provenance) {
    if let Some((existing, _, provenance)) =
        named.iter().find(|(n, o, _)| *o == wires && (fixed.is_none() || n == base))
    {
        return (existing.clone(), provenance.clone());
    }
    let taken = |candidate: &str| named.iter().any(|(n, _, _)| n == candidate) || taken_elsewhere(candidate);
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
    let provenance = match fixed {
        Some(provenance) => provenance,
        None if chosen == base => Provenance::Table,
        None => Provenance::rule(Rule::EnumNamePrefixed),
    };
    named.push((chosen.clone(), wires, provenance.clone()));
    (chosen, provenance)
}
