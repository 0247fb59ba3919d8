//! Every identifier the generator invents is decided here, and only here is heck called.
//!
//! Wire names are never changed; the Rust names derived from them follow one keyword rule (a trailing `_`) and
//! one digit rule (a leading `_` or `N`), and names that cannot be made from ASCII fall back to a readable hint.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, 2021 edition) that a generated identifier must not be.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keeps only the characters heck can case: ASCII letters and digits, everything else a word break.
fn ascii_words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A snake_case identifier for a wire name (`serverId` → `server_id`, `type` → `type_`, `2fa` → `_2fa`).
/// Returns `None` when the name has no ASCII letter or digit.
pub fn snake(raw: &str) -> Option<String> {
    let words = ascii_words(raw);
    let mut ident = words.to_snake_case();
    if ident.is_empty() {
        return None;
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    Some(ident)
}

/// A PascalCase identifier for a wire name (`SHELVED_OFFLOADED` → `ShelvedOffloaded`, `self` → `Self_`).
/// Returns `None` when the name has no ASCII letter or digit.
pub fn pascal(raw: &str) -> Option<String> {
    let words = ascii_words(raw);
    let mut ident = words.to_upper_camel_case();
    if ident.is_empty() {
        return None;
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'N');
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    Some(ident)
}

/// The `n`th snake_case name made from `base` when `base` is taken: `user_id` → `user_id_2`, `type_` → `type_2`.
pub fn numbered_snake(base: &str, n: usize) -> String {
    format!("{}_{n}", base.trim_end_matches('_'))
}

/// The `n`th PascalCase name made from `base` when `base` is taken: `Active` → `Active2`, but `Status406` →
/// `Status406_2`, so that the number does not run into the one the name ends with.
pub fn numbered_pascal(base: &str, n: usize) -> String {
    let base = base.trim_end_matches('_');
    if base.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{base}_{n}")
    } else {
        format!("{base}{n}")
    }
}

/// The words of a name for comparisons: lowercase ASCII words, camelCase split.
pub fn words(raw: &str) -> Vec<String> {
    ascii_words(raw).to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// A singular form for naming the items of a list field: `entities`/`entites` → `entity`, `servers` → `server`.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ities") || lower.ends_with("ites") {
        let stem = word.len() - if lower.ends_with("ities") { 5 } else { 4 };
        format!("{}ity", &word[..stem])
    } else if lower.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if lower.ends_with("ses") || lower.ends_with("xes") {
        word[..word.len() - 2].to_owned()
    } else if lower.ends_with('s') && !lower.ends_with("ss") && word.len() > 1 {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("serverId", "server_id"),
            ("serverid", "serverid"),
            ("ABCServiceX", "abc_service_x"),
            ("type", "type_"),
            ("self", "self_"),
            ("2fa", "_2fa"),
            ("Create Server", "create_server"),
            ("List FloatingIp", "list_floating_ip"),
            ("userid(用户ID)", "userid_id"),
            ("volumes.error.access-denied", "volumes_error_access_denied"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake(raw).as_deref(), Some(expected), "{raw}");
        }
        assert_eq!(snake("主机"), None);
    }

    #[test]
    fn pascal_names() {
        let cases = [
            ("SHELVED_OFFLOADED", "ShelvedOffloaded"),
            ("not valid name", "NotValidName"),
            ("require parameter:A", "RequireParameterA"),
            ("1", "N1"),
            ("self", "Self_"),
            ("entites", "Entites"),
        ];
        for (raw, expected) in cases {
            assert_eq!(pascal(raw).as_deref(), Some(expected), "{raw}");
        }
    }

    #[test]
    fn numbered_names() {
        assert_eq!(numbered_snake("user_id", 2), "user_id_2");
        assert_eq!(numbered_snake("type_", 2), "type_2");
        assert_eq!(numbered_pascal("Active", 2), "Active2");
        assert_eq!(numbered_pascal("Status406", 2), "Status406_2");
        assert_eq!(numbered_pascal("Self_", 3), "Self3");
    }

    #[test]
    fn singular_names() {
        let cases = [
            ("entities", "entity"),
            ("entites", "entity"),
            ("servers", "server"),
            ("links", "link"),
            ("address", "address"),
            ("boxes", "box"),
            ("policies", "policy"),
        ];
        for (raw, expected) in cases {
            assert_eq!(singular(raw), expected);
        }
    }
}

/// Words that are keywords or reserved literals in a language whose generators use OpenAPI names verbatim
/// (Python, TypeScript/JavaScript, Java; Rust's are [`KEYWORDS`]). openapi-generator's Python target writes an
/// `x-enum-varnames` entry `True` as a class attribute, a `SyntaxError`; TypeScript generators make functions of
/// `operationId`s, and `delete` or `new` cannot name one.
const FOREIGN_KEYWORDS: &[&str] = &[
    // Python 3 (hard keywords; `True`, `False` and `None` are capitalised).
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    // TypeScript and JavaScript (reserved words, strict-mode reserved words and the literals).
    "any",
    "arguments",
    "boolean",
    "case",
    "catch",
    "const",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "function",
    "implements",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "number",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "typeof",
    "undefined",
    "var",
    "void",
    // Java (keywords and the reserved literals).
    "abstract",
    "byte",
    "char",
    "double",
    "final",
    "float",
    "goto",
    "int",
    "long",
    "native",
    "short",
    "strictfp",
    "synchronized",
    "throws",
    "transient",
    "volatile",
    "_",
];

/// A generated identifier that other languages' generators can use verbatim: the name itself when it is a valid
/// identifier and no keyword of Rust, Python, TypeScript or Java, otherwise with a trailing `_` (the keyword rule
/// again). Used for the OpenAPI `operationId`s and `x-enum-varnames`, which third parties copy into their code.
pub fn portable(ident: &str) -> String {
    let mut res: String = ident.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if res.is_empty() || res.starts_with(|c: char| c.is_ascii_digit()) {
        res.insert(0, '_');
    }
    while KEYWORDS.contains(&res.as_str()) || FOREIGN_KEYWORDS.contains(&res.as_str()) {
        res.push('_');
    }
    res
}

#[cfg(test)]
mod portable_tests {
    use super::portable;

    #[test]
    fn portable_names_avoid_every_languages_keywords() {
        let cases = [
            ("True", "True_"),
            ("None", "None_"),
            ("False", "False_"),
            ("default", "default_"),
            ("class", "class_"),
            ("delete", "delete_"),
            ("new", "new_"),
            ("Self_", "Self_"),
            ("list_servers", "list_servers"),
            ("Active", "Active"),
            ("_", "__"),
            ("2fa", "_2fa"),
        ];
        for (raw, expected) in cases {
            assert_eq!(portable(raw), expected, "{raw}");
        }
    }
}
