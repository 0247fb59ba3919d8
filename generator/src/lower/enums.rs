//! Enum options out of description cells, in every notation the doc family uses.
//!
//! In order of trust: `<b>VALUE</b>说明` markers; a quoted list (`须为['MALE', 'FEMALE']中选择一项`); a numbered list
//! (`1、BARE 2、OVF`); `KEY: 说明` lines; `VALUE(中文);` items; a list after `可选`/`选项` (`可选: name, created`);
//! values joined by `、` (`CREATING、AVALIABLE`). The first notation that yields two or more values (one for bold
//! markers) wins.

use crate::lower::types::quoted_list;
use crate::parse::cell::CellText;

/// One option: the wire value and what the doc says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Option_ {
    pub wire: String,
    pub description: String,
}

fn is_value_like(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && s.chars().any(|c| c.is_ascii_alphanumeric())
}

fn clean_description(s: &str) -> String {
    s.trim()
        .trim_start_matches([':', '：', '-', '—', ' ', '=', '\u{a0}'])
        .trim_end_matches([';', '；', ',', '，', '。', '.', ' ', '、'])
        .trim()
        .to_owned()
}

/// Extracts the options a description lists, if any.
pub fn options(cell: &CellText) -> Vec<Option_> {
    let extractors: [fn(&CellText) -> Vec<Option_>; 7] =
        [bold, bracket_list, numbered, key_colon_lines, paren_items, after_keyword, enumeration_comma];
    for (idx, extract) in extractors.iter().enumerate() {
        let found = extract(cell);
        let enough = if idx == 0 { 1 } else { 2 };
        if found.len() >= enough {
            return dedup(found);
        }
    }
    Vec::new()
}

fn dedup(found: Vec<Option_>) -> Vec<Option_> {
    let mut out: Vec<Option_> = Vec::new();
    for option in found {
        if !out.iter().any(|o| o.wire == option.wire) {
            out.push(option);
        }
    }
    out
}

/// `<b>SOFT</b>软重启；<br/><b>HARD</b>硬重启；` and `<b>KEY</b>:&nbsp;说明`.
fn bold(cell: &CellText) -> Vec<Option_> {
    let runs: Vec<(usize, usize)> =
        cell.bold.iter().copied().filter(|&(s, e)| is_value_like(cell.text[s..e].trim())).collect();
    let mut out = Vec::new();
    for (idx, &(start, end)) in runs.iter().enumerate() {
        let next = runs.get(idx + 1).map_or(cell.text.len(), |r| r.0);
        let after = &cell.text[end..next];
        let line = after.split('\n').next().unwrap_or("");
        out.push(Option_ { wire: cell.text[start..end].trim().to_owned(), description: clean_description(line) });
    }
    out
}

/// `须为['MALE', 'FEMALE']中选择一项`.
fn bracket_list(cell: &CellText) -> Vec<Option_> {
    let text = &cell.text;
    let Some(open) = text.find('[') else {
        return Vec::new();
    };
    let Some(close) = text[open..].find(']') else {
        return Vec::new();
    };
    quoted_list(&text[open..open + close + 1])
        .into_iter()
        .filter(|v| is_value_like(v))
        .map(|wire| Option_ { wire, description: String::new() })
        .collect()
}

/// `容器格式：1、BARE 2、OVF 3、AKI`.
fn numbered(cell: &CellText) -> Vec<Option_> {
    // Every item is a digit and a separator; most descriptions have neither, and need no scan by character.
    if !cell.text.contains(|c: char| c.is_ascii_digit()) || !cell.text.contains(['、', '.', '．', ')', '）']) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = cell.text.char_indices().collect();
    let mut out = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let (_, c) = chars[idx];
        let prev_is_digit = idx > 0 && chars[idx - 1].1.is_ascii_digit();
        if c.is_ascii_digit() && !prev_is_digit {
            let mut j = idx;
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                j += 1;
            }
            if j < chars.len() && matches!(chars[j].1, '、' | '.' | '．' | ')' | '）') {
                let value_start = chars.get(j + 1).map_or(cell.text.len(), |&(b, _)| b);
                let rest = cell.text[value_start..].trim_start();
                let value: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if is_value_like(&value) && value.chars().any(|c| c.is_ascii_alphabetic()) {
                    let after = &rest[value.len()..];
                    let desc_end = after.find(|c: char| c.is_ascii_digit() || c == '\n').unwrap_or(after.len());
                    out.push(Option_ { wire: value, description: clean_description(&after[..desc_end]) });
                }
                idx = j + 1;
                continue;
            }
        }
        idx += 1;
    }
    out
}

/// Lines `KEY: 说明` (captcha style), the key in capitals.
fn key_colon_lines(cell: &CellText) -> Vec<Option_> {
    if !cell.text.contains([':', '：']) {
        return Vec::new();
    }
    cell.text
        .lines()
        .filter_map(|line| {
            let (key, rest) = line.split_once([':', '：'])?;
            let key = key.trim();
            let upper = key.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            (upper && is_value_like(key))
                .then(|| Option_ { wire: key.to_owned(), description: clean_description(rest) })
        })
        .collect()
}

/// `ACTIVE(活动);DELETED(删除);`.
fn paren_items(cell: &CellText) -> Vec<Option_> {
    let mut out = Vec::new();
    let text = &cell.text;
    let mut pos = 0;
    while let Some(open) = text[pos..].find(['(', '（']).map(|i| pos + i) {
        let before = &text[pos..open];
        let value: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = text[open + open_len..].find([')', '）']).map(|i| open + open_len + i) else {
            break;
        };
        let upper = value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if upper && is_value_like(&value) {
            out.push(Option_ { wire: value, description: clean_description(&text[open + open_len..close]) });
        }
        pos = close + text[close..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// `可选: name, created, updated` / `选项：A，B`.
fn after_keyword(cell: &CellText) -> Vec<Option_> {
    let text = &cell.text;
    // The keywords' first characters: without one of them, no keyword can be there (one scan, not six).
    if !text.contains(['可', '选', '取', 'o', 'O']) {
        return Vec::new();
    }
    let Some(idx) = ["可选", "选项", "可选值", "取值", "options", "Options"]
        .iter()
        .filter_map(|k| text.find(k).map(|i| i + k.len()))
        .min()
    else {
        return Vec::new();
    };
    let rest = text[idx..].trim_start_matches(['值', ':', '：', ' ', '为']);
    let line = rest.split(['\n', '。', ';', '；']).next().unwrap_or("");
    let values: Vec<&str> = line.split([',', '，', '、', '/', '|']).map(str::trim).collect();
    if values.iter().all(|v| is_value_like(v)) {
        values.into_iter().map(|v| Option_ { wire: v.to_owned(), description: String::new() }).collect()
    } else {
        Vec::new()
    }
}

/// `可能值为CREATING、AVALIABLE等`.
fn enumeration_comma(cell: &CellText) -> Vec<Option_> {
    let text = &cell.text;
    // Two values or more are joined by `、`.
    if !text.contains('、') {
        return Vec::new();
    }
    let mut best = Vec::new();
    for run in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '、' || c == ' ')) {
        let values: Vec<&str> = run.split('、').map(str::trim).collect();
        let all_upper = values
            .iter()
            .all(|v| is_value_like(v) && v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
        if values.len() >= 2 && all_upper && values.len() > best.len() {
            best = values.into_iter().map(|v| Option_ { wire: v.to_owned(), description: String::new() }).collect();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::cell::decode;

    fn show(html: &str) -> Vec<String> {
        options(&decode(html)).into_iter().map(|o| format!("{}={}", o.wire, o.description)).collect()
    }

    #[test]
    fn every_notation() {
        assert_eq!(
            show("重启动作，两选项：<br/><b>SOFT</b>软重启；<br/><b>HARD</b>硬重启；"),
            ["SOFT=软重启", "HARD=硬重启"]
        );
        assert_eq!(show("<b>true</b>正在占用；<br><b>false</b>未被占用；"), ["true=正在占用", "false=未被占用"]);
        assert_eq!(show("<b>MALE</b>:&nbsp;男性<br/><b>FEMALE</b>:&nbsp;女性"), ["MALE=男性", "FEMALE=女性"]);
        assert_eq!(show("须为['MALE', 'FEMALE']中选择一项"), ["MALE=", "FEMALE="]);
        assert_eq!(show("容器格式：1、BARE 2、OVF 3、AKI"), ["BARE=", "OVF=", "AKI="]);
        assert_eq!(
            show("REGISTER_CODE: 注册<br/>RANDOM_PASSWORD: 随机密码<br/>"),
            ["REGISTER_CODE=注册", "RANDOM_PASSWORD=随机密码"]
        );
        assert_eq!(show("状态：ACTIVE(活动);DELETED(删除);"), ["ACTIVE=活动", "DELETED=删除"]);
        assert_eq!(show("排序字段，可选: name, created, updated"), ["name=", "created=", "updated=",]);
        assert_eq!(show("volume状态，可能值为CREATING、AVALIABLE等"), ["CREATING=", "AVALIABLE="]);
        assert_eq!(show("主机状态（只与usid一起使用）"), Vec::<String>::new());
        assert_eq!(show("用户ID"), Vec::<String>::new());
    }
}
