//! Cell words to meaning: type words (`Long`/`long`, `String, Restricted`, `Option: [...]`, `List<Long>`),
//! the required column (`Yes`, `是`, `false`, ...) and the default column (`<Empty>`, `N/A`, `""`, ...).

/// The base of a type word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    String,
    /// `Integer`, `int`: an integer of unstated width, read as 64-bit.
    Integer,
    Long,
    /// A word that says 32 bits (`int32`, `short`, `byte`).
    Int32,
    Number,
    Boolean,
    /// `Enum`, `Options`, `Option: [...]`, `Checkbox`.
    Enum,
    /// `JSON`, `Object`, `Map<...>`, `Array` without an item type.
    Any,
    /// Not a word we know (a domain class name, `String/Long`, an empty cell).
    Unknown,
}

/// A type cell, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeWord {
    pub base: Base,
    /// `String[]`, `List<Long>`, `JSON Array`, `Checkbox` (several options at once).
    pub array: bool,
    /// `String, Restricted`: only some values are allowed (the description lists them).
    pub restricted: bool,
    /// Values listed in the type cell itself: `Option: ['A', 'B']`.
    pub options: Vec<String>,
}

/// Reads a type cell.
pub fn type_word(raw: &str) -> TypeWord {
    let trimmed = raw.trim();
    let mut word = TypeWord { base: Base::Unknown, array: false, restricted: false, options: Vec::new() };
    if trimmed.is_empty() {
        return word;
    }
    // `Option: ['A', 'B']` / `Options: [...]`: the options live in the cell.
    if let Some(open) = trimmed.find('[') {
        let head = trimmed[..open].trim().trim_end_matches([':', '：']).trim().to_ascii_lowercase();
        if head.starts_with("option") || head == "enum" {
            word.base = Base::Enum;
            word.options = quoted_list(&trimmed[open..]);
            return word;
        }
    }
    let mut norm: String = trimmed.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_lowercase()).collect();
    for suffix in [",restricted", "，restricted"] {
        if let Some(stripped) = norm.strip_suffix(suffix) {
            word.restricted = true;
            norm = stripped.to_owned();
        }
    }
    // Java-style generics: `List<String>`, `Set<Long>`, `Map<String, Object>`.
    if let Some(open) = norm.find('<') {
        let outer = &norm[..open];
        let inner = norm[open + 1..].trim_end_matches('>');
        match outer {
            "list" | "set" | "array" | "collection" | "arraylist" => {
                let inner_word = type_word(inner);
                word.base = inner_word.base;
                word.array = true;
                return word;
            }
            "map" | "hashmap" => {
                word.base = Base::Any;
                return word;
            }
            _ => return word,
        }
    }
    if let Some(inner) = norm.strip_suffix("[]") {
        word.array = true;
        norm = inner.to_owned();
    }
    word.base = match norm.as_str() {
        "string" | "str" | "text" | "date" | "datetime" | "char" => Base::String,
        "integer" | "int" => Base::Integer,
        "int32" | "short" | "byte" => Base::Int32,
        "long" | "int64" | "bigint" | "biginteger" => Base::Long,
        "number" | "double" | "float" | "decimal" | "bigdecimal" => Base::Number,
        "boolean" | "bool" => Base::Boolean,
        "enum" | "options" | "option" | "radio" | "select" => Base::Enum,
        "checkbox" => {
            word.array = true;
            Base::Enum
        }
        "jsonarray" | "array" | "list" => {
            word.array = true;
            Base::Any
        }
        "json" | "jsonobject" | "object" | "map" => Base::Any,
        _ => Base::Unknown,
    };
    word
}

/// `['A', 'B', "C"]` → `[A, B, C]`.
pub fn quoted_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['\'', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('\'');
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        let value = after[..close].trim();
        if !value.is_empty() {
            out.push(value.to_owned());
        }
        rest = &after[close + 1..];
    }
    out
}

/// What the required column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// `false`: the doc's vocabulary is Yes/No; read as No, and reported.
    False,
    /// Anything else (the caller reports it and reads it as No).
    Unknown,
}

pub fn required(raw: &str) -> Required {
    let trimmed = raw.trim();
    if lowercase_is_one_of(trimmed, &["yes", "y", "是", "必须", "必填", "required", "true", "√"]) {
        Required::Yes
    } else if lowercase_is_one_of(trimmed, &["no", "n", "否", "非必须", "可选", "optional"]) {
        Required::No
    } else if lowercase_is_one_of(trimmed, &["false"]) {
        Required::False
    } else {
        Required::Unknown
    }
}

/// Whether `text` in lowercase is one of `words` (themselves lowercase). An ASCII cell, as most are, is compared
/// without being copied: for ASCII, Unicode and ASCII lowercase agree, and no non-ASCII word can equal it.
fn lowercase_is_one_of(text: &str, words: &[&str]) -> bool {
    if text.is_ascii() {
        words.iter().any(|word| word.eq_ignore_ascii_case(text))
    } else {
        words.contains(&text.to_lowercase().as_str())
    }
}

/// Whether a cell reads like a required-column value (used to realign short rows).
pub fn looks_like_required(raw: &str) -> bool {
    !matches!(required(raw), Required::Unknown)
}

/// The default column: `None` for the empty spellings, otherwise the value with quoting and pair notation removed
/// (`'MALE' : '男性'` → `MALE`).
pub fn default_value(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let empty = ["", "<empty>", "n/a", "na", "none", "null", "\"\"", "''", "无", "空", "-"];
    if lowercase_is_one_of(trimmed, &empty) {
        return None;
    }
    if trimmed.starts_with(['\'', '"']) {
        if let Some(first) = quoted_list(trimmed).into_iter().next() {
            return Some(first);
        }
    }
    Some(trimmed.to_owned())
}

/// Whether a (normalised) default reads as a value a client could send: free text in Chinese does not.
pub fn is_literal_default(value: &str) -> bool {
    !value.chars().any(|c| matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(raw: &str) -> String {
        let w = type_word(raw);
        format!(
            "{:?}{}{}{}",
            w.base,
            if w.array { "[]" } else { "" },
            if w.restricted { " restricted" } else { "" },
            if w.options.is_empty() { String::new() } else { format!(" {:?}", w.options) }
        )
    }

    #[test]
    fn type_words() {
        let cases = [
            ("String", "String"),
            ("String, Restricted", "String restricted"),
            ("String,Restricted", "String restricted"),
            ("Integer", "Integer"),
            ("INT", "Integer"),
            ("int", "Integer"),
            ("Long", "Long"),
            ("long", "Long"),
            ("Long[]", "Long[]"),
            ("long[]", "Long[]"),
            ("String[]", "String[]"),
            ("Boolean", "Boolean"),
            ("Options", "Enum"),
            ("Checkbox", "Enum[]"),
            ("Enum, Restricted", "Enum restricted"),
            ("Enum,Restricted", "Enum restricted"),
            ("JSON Array", "Any[]"),
            ("JSONArray", "Any[]"),
            ("Array", "Any[]"),
            ("List<Long>", "Long[]"),
            ("Map<String, List<Long>>", "Any"),
            (
                "Option: ['REGISTER_CODE', 'RANDOM_PASSWORD', 'NO_VERIFICATION']",
                "Enum [\"REGISTER_CODE\", \"RANDOM_PASSWORD\", \"NO_VERIFICATION\"]",
            ),
            ("Options: ['MALE', 'FEMALE']", "Enum [\"MALE\", \"FEMALE\"]"),
            ("UserVolume", "Unknown"),
            ("String/Long", "Unknown"),
            ("", "Unknown"),
        ];
        for (raw, expected) in cases {
            assert_eq!(show(raw), expected, "{raw}");
        }
    }

    #[test]
    fn required_and_default_words() {
        for yes in ["Yes", "yes", "YES", "是"] {
            assert_eq!(required(yes), Required::Yes);
        }
        for no in ["No", "NO", "no", "否"] {
            assert_eq!(required(no), Required::No);
        }
        assert_eq!(required("false"), Required::False);
        assert_eq!(required("N/A"), Required::Unknown);
        for empty in ["", "<Empty>", "N/A", "\"\""] {
            assert_eq!(default_value(empty), None, "{empty}");
        }
        assert_eq!(default_value("'MALE' : '男性'").as_deref(), Some("MALE"));
        assert_eq!(default_value("ALL_STATUS").as_deref(), Some("ALL_STATUS"));
        assert_eq!(default_value("[]").as_deref(), Some("[]"));
    }
}
