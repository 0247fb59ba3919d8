//! Enum types are named after their parameter (`Status`), prefixed with the operation when two differ.
//! Enums with the same options share one type. Object types (`types.rs`) name their enum fields the same way.

use std::collections::{BTreeMap, BTreeSet};

use super::select::selects_draft;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{EnumOption, Provenance, Rule, Type};
use crate::lower::DocDraft;
use crate::naming;
use crate::overrides::{Kind, Overrides};
use crate::source::{SourceFile, Span};

fn enum_slot(ty: &mut Type) -> Option<(&mut String, &mut Vec<EnumOption>, &mut Provenance)> {
    match ty {
        Type::Enum { name, options, provenance } => Some((name, options, provenance)),
        Type::Array { items } => enum_slot(items),
        _ => None,
    }
}

fn is_enum(ty: &Type) -> bool {
    match ty {
        Type::Enum { .. } => true,
        Type::Array { items } => is_enum(items),
        _ => false,
    }
}

/// Names every parameter enum and its variants; returns (type name, wire values) of each enum type.
pub(super) fn name_enums(
    file: &SourceFile,
    doc: &mut DocDraft,
    overrides: &mut Overrides,
    operation_types: &BTreeSet<String>,
    sink: &mut Sink,
) -> EnumNames {
    // (type name, options) of every enum named so far.
    let mut named = EnumNames::default();
    let reserved = naming::reserved();
    // Type names taken by something that is not an enum: the request and error types, and the prelude's names.
    let taken_elsewhere = |name: &str| operation_types.contains(name) || reserved.types.contains(name);
    // The parameter that first gave each enum type its name, for a collision's second span.
    let mut first_user: BTreeMap<String, Span> = BTreeMap::new();
    for d in 0..doc.drafts.len() {
        let op_pascal = naming::type_stem(&doc.drafts[d].op.name);
        for p in 0..doc.drafts[d].op.params.len() {
            // A parameter that is no enum and that no enum override names has nothing to name or report.
            let param = &doc.drafts[d].op.params[p];
            if !is_enum(&param.ty) && !overrides.enums.iter().any(|o| o.param == param.wire) {
                continue;
            }
            let param_wire = param.wire.clone();
            let mut type_override = None;
            let mut type_override_idx = None;
            let mut variant_overrides = BTreeMap::new();
            let mut matched: Vec<usize> = Vec::new();
            for idx in 0..overrides.enums.len() {
                if overrides.enums[idx].param != param_wire {
                    continue;
                }
                let o = overrides.enums[idx].clone();
                if selects_draft(file, &doc.drafts[d], &o.doc, o.matches.get_ref(), &o.section) {
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
            // A variant name an override asks for must be a PascalCase identifier, not the fallback `Unknown`,
            // and given to one value only; otherwise no rule can keep the override's word, and it is an error.
            let mut chosen_variants: ChosenVariants = BTreeMap::new();
            let mut chosen_by: BTreeMap<String, String> = BTreeMap::new();
            for (wire, (rust, idx)) in &variant_overrides {
                let problem = if !naming::is_pascal_ident(rust) {
                    Some((Code::InvalidOverrideName, format!("variant name `{rust}` is not a PascalCase identifier")))
                } else if rust == reserved.enum_fallback {
                    Some((
                        Code::NameCollision,
                        format!("variant name `{rust}` is the fallback every generated enum has for values it does not list"),
                    ))
                } else {
                    chosen_by.get(rust).map(|other| {
                        (Code::NameCollision, format!("variant name `{rust}` is given to `{other}` and `{wire}`"))
                    })
                };
                match problem {
                    Some((code, message)) => sink.push(
                        Diagnostic::error(code, overrides.span(Kind::Enum, *idx), message)
                            .with_label("this override")
                            .with_secondary(draft.param_spans[p], "this parameter")
                            .with_help(match naming::pascal(rust) {
                                Some(valid)
                                    if valid != reserved.enum_fallback
                                        && naming::is_pascal_ident(&valid)
                                        && valid != *rust =>
                                {
                                    format!("use a PascalCase identifier such as `{valid}`")
                                }
                                _ => "use another PascalCase identifier".to_owned(),
                            }),
                    ),
                    None => {
                        chosen_by.insert(rust.clone(), wire.clone());
                        chosen_variants.insert(wire.clone(), (rust.clone(), overrides.provenance(Kind::Enum, *idx)));
                    }
                }
            }
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
            if let (Some(wanted), Some(idx)) =
                (type_override.as_ref().filter(|w| !naming::is_pascal_ident(w)), type_override_idx)
            {
                sink.push(
                    Diagnostic::error(
                        Code::InvalidOverrideName,
                        overrides.span(Kind::Enum, idx),
                        format!("enum type name `{wanted}` is not a PascalCase identifier"),
                    )
                    .with_label("this override")
                    .with_secondary(draft.param_spans[p], "this parameter")
                    .with_help(match naming::pascal(wanted) {
                        Some(valid) => format!("use a PascalCase identifier such as `{valid}`"),
                        None => "use a PascalCase identifier (ASCII letters and digits)".to_owned(),
                    }),
                );
                type_override = None;
            }
            let base = type_override
                .clone()
                .unwrap_or_else(|| naming::pascal(&param_wire).unwrap_or_else(|| "Value".to_owned()));
            let fixed = type_override.as_ref().and(type_override_idx).map(|idx| overrides.provenance(Kind::Enum, idx));
            // Before naming, the enum's provenance says where the parameter's name came from: the doc (`table`),
            // or the override that added the parameter, which then chose a name taken as is.
            let base_provenance = std::mem::take(name_provenance);
            let (chosen, provenance) = enum_type_name(&mut named, taken_elsewhere, &base, &op_pascal, wires, fixed);
            if let (Some(idx), true) = (type_override_idx.filter(|_| type_override.is_some()), chosen != base) {
                let mut diagnostic = Diagnostic::error(
                    Code::NameCollision,
                    overrides.span(Kind::Enum, idx),
                    format!("enum type name `{base}` is taken"),
                )
                .with_label("this override")
                .with_secondary(draft.param_spans[p], "this parameter");
                diagnostic = match first_user.get(&base) {
                    Some(span) => diagnostic
                        .with_secondary(*span, format!("`{base}` is already the enum type of this parameter"))
                        .with_help("give one of the two another `type_name`, or the same values"),
                    None => diagnostic.with_help(format!(
                        "`{base}` is a request or error type of this doc, or a name of Rust's prelude; choose another `type_name`"
                    )),
                };
                sink.push(diagnostic);
            }
            first_user.entry(chosen.clone()).or_insert(draft.param_spans[p]);
            *name = chosen;
            *name_provenance = if provenance == Provenance::Table { base_provenance } else { provenance };
        }
    }
    named
}

/// The enum types of a doc: their names, and the name of each set of wire values with how it was chosen (a set of
/// values is named once, unless an override names another type with the same values). Maps, so that naming
/// 100 000 enums is n log n.
#[derive(Debug, Default)]
pub(super) struct EnumNames {
    names: BTreeSet<String>,
    /// Wire values → (name, provenance) of the types with exactly these values, in the order they were named.
    by_values: BTreeMap<Vec<String>, Vec<(String, Provenance)>>,
}

impl EnumNames {
    /// Whether an enum type already has this name.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

/// Variant names an override chose: wire value → (variant name, the override's provenance).
pub(super) type ChosenVariants = BTreeMap<String, (String, Provenance)>;

/// Variant names for enum options: the override's name or the wire value in PascalCase, numbered when two
/// collide, and never `Unknown`, the fallback variant of every generated enum. An option's provenance records the
/// override or the numbering, and otherwise stays what lowering gave it (where the option was read).
pub(super) fn name_variants(options: &mut [EnumOption], chosen: &ChosenVariants) {
    let mut taken_variants: BTreeSet<String> = BTreeSet::new();
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
        taken_variants.insert(rust.clone());
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
    let same_values = named.by_values.get(&wires).into_iter().flatten();
    if let Some((existing, provenance)) = same_values.clone().find(|(n, _)| fixed.is_none() || *n == base) {
        return (existing.clone(), provenance.clone());
    }
    let taken = |candidate: &str| named.names.contains(candidate) || taken_elsewhere(candidate);
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
    named.names.insert(chosen.clone());
    named.by_values.entry(wires).or_default().push((chosen.clone(), provenance.clone()));
    (chosen, provenance)
}
