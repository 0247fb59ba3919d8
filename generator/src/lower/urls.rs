//! URLs and titles: a URL split into base and path, the path's placeholders normalised, the doc's most common base,
//! and a heading split into its Chinese title and English name.

use super::Draft;
use crate::ir::Title;

/// The scheme and host most URLs share (ties: the first seen).
pub(super) fn most_common_base(drafts: &[Draft]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for draft in drafts {
        let (base, _) = split_url(&draft.op.url);
        match counts.iter_mut().find(|(b, _)| *b == base) {
            Some(entry) => entry.1 += 1,
            None => counts.push((base, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == max).map(|(b, _)| b)
}

/// `http://host:port/path` → (`http://host:port`, `/path`).
pub fn split_url(url: &str) -> (String, String) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
    let path = &url[path_start..];
    (url[..path_start].to_owned(), if path.is_empty() { "/".to_owned() } else { path.to_owned() })
}

/// `{serverid}` and `<imageid>` placeholders, normalised to `{name}`, with their names in order.
/// A brace that opens no placeholder (`/{`, `/{}`) is percent-encoded, as a URL path needs anyway, so that every
/// `{` of the IR's path starts a placeholder: emitters rely on it.
pub fn path_template(path: &str) -> (String, Vec<String>) {
    let literal = |text: &str| text.replace('{', "%7B").replace('}', "%7D");
    let mut out = String::with_capacity(path.len());
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(idx) = rest.find(['{', '<']) {
        let close_char = if rest[idx..].starts_with('{') { '}' } else { '>' };
        let Some(close) = rest[idx..].find(close_char).map(|c| idx + c) else {
            break;
        };
        let name = rest[idx + 1..close].trim();
        if name.is_empty() || name.contains(['/', '{', '<']) {
            out.push_str(&literal(&rest[..=idx]));
            rest = &rest[idx + 1..];
            continue;
        }
        out.push_str(&literal(&rest[..idx]));
        out.push('{');
        out.push_str(name);
        out.push('}');
        names.push(name.to_owned());
        rest = &rest[close + 1..];
    }
    out.push_str(&literal(rest));
    (out, names)
}

/// `2.3.2 更新用户信息 (Update User)` → zh `更新用户信息`, en `Update User`.
pub fn split_title(text: &str) -> Title {
    let text = text.trim();
    // Numbering: `2.3.2 ` before the title.
    let numbered = text.split_once(' ').filter(|(head, _)| {
        !head.is_empty()
            && head.chars().all(|c| c.is_ascii_digit() || c == '.')
            && head.chars().any(|c| c.is_ascii_digit())
    });
    let text = numbered.map_or(text, |(_, rest)| rest.trim());
    let open = text.rfind(['(', '（']);
    if let (Some(open), true) = (open, text.ends_with([')', '）'])) {
        let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
        let close_len = text.chars().next_back().map_or(1, char::len_utf8);
        let en = text[open + open_len..text.len() - close_len].trim();
        let zh = text[..open].trim();
        if !en.is_empty() && en.is_ascii() {
            return Title { zh: zh.to_owned(), en: Some(en.to_owned()) };
        }
    }
    Title { zh: text.to_owned(), en: None }
}

#[cfg(test)]
mod tests;
