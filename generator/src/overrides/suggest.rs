//! Why an override matched nothing, and what the doc has instead: the key that failed (`doc`, `match`,
//! `section`, `name`, `param`, `field` or `message`), the closest candidates (a case-insensitive equal first, then
//! by edit distance), and the list of what the selected section has.

use crate::ir;

/// A section as the unmatched-override report sees it: what the doc writes, and what an override can name in it.
#[derive(Debug, Clone)]
pub struct SectionEntry {
    pub file_name: String,
    pub method: String,
    pub path: String,
    /// `中文 (English)`, as overrides' `section` compares it.
    pub title: String,
    pub anchor: Option<String>,
    /// The parameters' wire names.
    pub params: Vec<String>,
    /// The response fields, as their keys from the result down joined by `.`.
    pub fields: Vec<String>,
    /// The documented errors' messages.
    pub messages: Vec<String>,
}

impl SectionEntry {
    /// `METHOD /path`, as `match` writes it.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Every section of every doc, superseded ones included (an override can name them).
pub fn catalogue(api: &ir::Api) -> Vec<SectionEntry> {
    let mut out = Vec::new();
    for doc in &api.docs {
        for op in &doc.operations {
            let mut fields = Vec::new();
            if let Some(ty) = op.response.as_ref().and_then(|r| r.ty.as_ref()) {
                field_paths(doc, ty, "", 0, &mut fields);
            }
            let mut messages: Vec<String> = Vec::new();
            for error in &op.errors {
                let message = error.message.trim().to_owned();
                if !messages.contains(&message) {
                    messages.push(message);
                }
            }
            out.push(SectionEntry {
                file_name: doc.file.clone(),
                method: op.method.as_str().to_owned(),
                path: op.path.clone(),
                title: match &op.title.en {
                    Some(en) => format!("{} ({en})", op.title.zh),
                    None => op.title.zh.clone(),
                },
                anchor: op.anchor.clone(),
                params: op.params.iter().map(|p| p.wire.clone()).collect(),
                fields,
                messages,
            });
        }
    }
    out
}

/// The dotted paths of every field under a type (objects inside lists are walked through).
fn field_paths(doc: &ir::Doc, ty: &ir::Type, prefix: &str, depth: usize, out: &mut Vec<String>) {
    // Types are not recursive in this IR, but a bound keeps a hostile doc from making the walk long.
    if depth > 8 {
        return;
    }
    match ty {
        ir::Type::Array { items } => field_paths(doc, items, prefix, depth + 1, out),
        ir::Type::Object { name } => {
            let Some(def) = doc.type_def(name) else { return };
            for field in &def.fields {
                let path = if prefix.is_empty() { field.wire.clone() } else { format!("{prefix}.{}", field.wire) };
                out.push(path.clone());
                field_paths(doc, &field.ty, &path, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The closest candidates to `wanted`: those equal but for case, else up to three within an edit distance of a
/// third of its length (at least 2), closest first.
pub fn closest<'a>(wanted: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut unique: Vec<&str> = Vec::new();
    for candidate in candidates {
        if !unique.contains(candidate) && *candidate != wanted {
            unique.push(candidate);
        }
    }
    let case_only: Vec<&str> = unique.iter().copied().filter(|c| c.eq_ignore_ascii_case(wanted)).collect();
    if !case_only.is_empty() {
        return case_only;
    }
    let limit = (wanted.chars().count() / 3).max(2);
    let lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = unique
        .iter()
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), *c))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `did you mean `X`?` (or `` `X` or `Y` ``), saying when only the case differs; `None` when nothing is close.
pub fn did_you_mean(wanted: &str, candidates: &[&str]) -> Option<String> {
    let found = closest(wanted, candidates);
    let first = found.first()?;
    let listed: Vec<String> = found.iter().map(|c| format!("`{c}`")).collect();
    let case = if first.eq_ignore_ascii_case(wanted) { " (only the case differs)" } else { "" };
    Some(format!("did you mean {}?{case}", listed.join(" or ")))
}

/// Joins a help's parts: a suggestion, then what the section has.
pub fn help(suggestion: Option<String>, has: Option<String>) -> String {
    match (suggestion, has) {
        (Some(s), Some(h)) => format!("{s} ({h})"),
        (Some(s), None) => s,
        (None, Some(h)) => h,
        (None, None) => {
            "fix the override to match what the doc writes (as `cargo xtask ir` prints it), or delete it".to_owned()
        }
    }
}

/// `` `a`, `b`, `c` `` (or `nothing`).
pub fn listing(items: &[&str]) -> String {
    if items.is_empty() {
        return "nothing".to_owned();
    }
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests;
