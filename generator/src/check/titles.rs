//! Whether an English title fits its URL's last segment. Naming (`operation_names.rs`) asks this, reports a
//! title that does not fit, and then names the operation from its path.

use crate::naming;

/// The literal (non-placeholder) segments of a path.
pub(super) fn literal_segments(path: &str) -> Vec<&str> {
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
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
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

#[cfg(test)]
mod tests;
