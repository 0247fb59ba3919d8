//! Every identifier the generator invents is decided here, and only here is heck called.
//!
//! Wire names are never changed; the Rust names derived from them follow one keyword rule (a trailing `_`) and
//! one digit rule (a leading `_` or `N`), and names that cannot be made from ASCII fall back to a readable hint.
//!
//! This file is also the naming authority's rule book: the names the generated crate already uses in each scope
//! ([`reserved`], read from the runtime template and the emitter's own additions), what a valid name looks like,
//! and [`verify`], which checks every Rust name of an IR against both. The check passes decide the names
//! (`check/param_names.rs`, `check/rust_names.rs`, ...); the emitter only prints them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir;

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
    let mut ident = if is_snake_already(raw) { raw.to_owned() } else { ascii_words(raw).to_snake_case() };
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

/// Whether heck would give `raw` back as it is: lowercase ASCII words of letters and digits joined by single `_`s
/// (`user_id`, `param12`). Most wire names are, and a table of 100 000 of them need not go through heck.
fn is_snake_already(raw: &str) -> bool {
    !raw.is_empty()
        && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !raw.starts_with('_')
        && !raw.ends_with('_')
        && !raw.contains("__")
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

/// Whether `name` is an identifier the generator may print as a snake_case name: ASCII letters, digits and `_`,
/// not starting with a digit, not `_` alone, not a keyword.
pub fn is_snake_ident(name: &str) -> bool {
    is_ident(name) && !name.chars().any(|c| c.is_ascii_uppercase())
}

/// Whether `name` is an identifier the generator may print as a PascalCase name: it starts with an ASCII capital.
pub fn is_pascal_ident(name: &str) -> bool {
    is_ident(name) && name.starts_with(|c: char| c.is_ascii_uppercase())
}

fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && name != "_" && !KEYWORDS.contains(&name)
}

/// The names the generated crate already uses, scope by scope. A generated name must not be one of them.
#[derive(Debug)]
pub struct Reserved {
    /// Items of the crate root beside the doc modules (`src/lib.rs`: `runtime`, the private `generated`, `mock`),
    /// and the crates the generated code names (its dependencies and `std`): a doc module has none of these names.
    pub modules: BTreeSet<String>,
    /// Methods of the runtime crate's `Client` and `MockServer` (read from its source, which the generated
    /// crate's `Client` and `MockServer` deref to) and of those two wrappers themselves
    /// ([`GENERATED_CLIENT_METHODS`]): every operation adds one method of its own name to each, and a `..._stream`
    /// method to `Client` when it pages.
    pub client_methods: BTreeSet<String>,
    /// Names of a doc module's type namespace that the generated code writes unqualified: the Rust prelude's
    /// (`Option`, `String`, `Result`, ...). A generated type with such a name would shadow it.
    pub types: BTreeSet<String>,
    /// Fields every request struct has besides its parameters.
    pub request_fields: BTreeSet<String>,
    /// Methods every request struct has besides its parameters' setters.
    pub request_methods: BTreeSet<String>,
    /// The fallback variant of every generated enum.
    pub enum_fallback: &'static str,
    /// The fallback variant of every generated error enum.
    pub error_fallback: &'static str,
}

/// The Rust 2021 prelude's type, trait and variant names, and `Self` (the macros of the runtime, expanded in a doc
/// module, write `String`, `Vec` and `Result` unqualified, and so does the emitter).
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The snake_case crate-root items `src/lib.rs` declares beside the doc modules (the module `generated`, the
/// re-exported `mock`, `runtime` and `reqwest`); its other re-exports are types, which no module name can be.
pub const CRATE_ROOT_ITEMS: &[&str] = &["generated", "mock", "reqwest", "runtime"];

/// The inherent methods the emitter gives the crate's own `Client` and `MockServer` (beside the runtime's, which
/// they deref to): `Client::builder`, `MockServer::start` and `MockServer::client`.
pub const GENERATED_CLIENT_METHODS: &[&str] = &["builder", "client", "start"];

/// The crates generated code names: the standalone crate's dependencies (as code spells them) and the standard
/// library's crates.
pub const CRATES: &[&str] = &[
    "alloc",
    "base64",
    "bytes",
    "core",
    "futures_util",
    "htaiyun_runtime",
    "httpdate",
    "percent_encoding",
    "proc_macro",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "std",
    "test",
    "thiserror",
    "tokio",
    "tracing",
    "wiremock",
];

/// The fields and methods the emitter gives every request struct (`emit/rust.rs` checks its output against these).
/// Each operation's types are `<Stem>Request`, `<Stem>Error` and, when its required parameters are named,
/// `<Stem>Required` (`check/rust_names.rs` keeps all three free).
pub const REQUEST_FIELDS: &[&str] = &["options"];
pub const REQUEST_METHODS: &[&str] = &["new", "with_timeout", "with_retry"];

/// The reserved names, read once from the runtime crate's source (as the generator embeds it for
/// `--vendor-runtime`).
pub fn reserved() -> &'static Reserved {
    static RESERVED: OnceLock<Reserved> = OnceLock::new();
    RESERVED.get_or_init(|| {
        let set = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<BTreeSet<String>>();
        let mut modules = set(CRATE_ROOT_ITEMS);
        modules.extend(set(CRATES));
        Reserved {
            modules,
            client_methods: {
                let mut methods = set(GENERATED_CLIENT_METHODS);
                for (path, source) in crate::emit::rust::RUNTIME_FILES {
                    if path.ends_with(".rs") {
                        methods.extend(runtime_methods(source, &["Client", "MockServer"]));
                    }
                }
                methods
            },
            types: set(PRELUDE),
            request_fields: set(REQUEST_FIELDS),
            request_methods: set(REQUEST_METHODS),
            enum_fallback: "Unknown",
            error_fallback: "Other",
        }
    })
}

/// The inherent methods (any visibility: a private one collides as well) of the types named `types` in a Rust
/// source, in any module of it.
pub fn runtime_methods(source: &str, types: &[&str]) -> BTreeSet<String> {
    fn walk(items: &[syn::Item], types: &[&str], out: &mut BTreeSet<String>) {
        for item in items {
            match item {
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let syn::Type::Path(path) = block.self_ty.as_ref() else { continue };
                    let Some(last) = path.path.segments.last() else { continue };
                    if types.iter().any(|t| last.ident == t) {
                        for impl_item in &block.items {
                            if let syn::ImplItem::Fn(method) = impl_item {
                                out.insert(method.sig.ident.to_string());
                            }
                        }
                    }
                }
                syn::Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        walk(items, types, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    // The runtime's files are our own and always parse (every build of the runtime crate checks them).
    if let Ok(file) = syn::parse_file(source) {
        walk(&file.items, types, &mut out);
    }
    out
}

/// The package name of a standalone crate for these doc modules: `<module>-client` for one doc (`api-` in front
/// when the module does not start with a letter, as cargo requires), `api-client` for several.
pub fn package_name(modules: &[&str]) -> String {
    match modules {
        [module] => {
            let stem = module.trim_matches('_').replace('_', "-");
            if stem.starts_with(|c: char| c.is_ascii_alphabetic()) {
                format!("{stem}-client")
            } else if stem.is_empty() {
                "api-client".to_owned()
            } else {
                format!("api-{stem}-client")
            }
        }
        _ => "api-client".to_owned(),
    }
}

/// The library's name as code refers to it: the package name with `-` as `_` (`servers-client` → `servers_client`),
/// and any other character that cannot be in an identifier as `_` as well, so that any package name a build script
/// passes gives a valid identifier (the emitted `Cargo.toml` names the library explicitly).
pub fn crate_ident(package: &str) -> String {
    let mut ident: String = package.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if !is_ident(&ident) {
        ident.push('_');
    }
    ident
}

/// Whether `name` is a package name cargo accepts that the generator would make: ASCII letters, digits, `-` and
/// `_`, starting with a letter.
pub fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Every broken naming rule of an IR, one line each (empty when the emitter can print every name): each Rust name
/// is a valid identifier of its kind, unique in its scope, and none of the [`reserved`] names of that scope.
/// `check/` makes every IR pass; the fuzzer and the hostile-names fixture test check that it does.
pub fn verify(api: &ir::Api) -> Vec<String> {
    let reserved = reserved();
    let mut problems = Vec::new();
    let mut scope = |what: &str, names: &mut BTreeMap<String, String>, name: &str, owner: String| {
        if let Some(first) = names.insert(name.to_owned(), owner.clone()) {
            problems.push(format!("{what} `{name}`: both {first} and {owner}"));
        }
    };
    let mut modules = BTreeMap::new();
    let mut methods = BTreeMap::new();
    for name in &reserved.client_methods {
        methods.insert(name.clone(), "the runtime".to_owned());
    }
    let mut bad = Vec::new();
    for doc in &api.docs {
        if !is_snake_ident(&doc.module) || reserved.modules.contains(&doc.module) {
            bad.push(format!("module `{}` of {} is not a free snake_case name", doc.module, doc.file));
        }
        scope("module", &mut modules, &doc.module, doc.file.clone());
        // The doc module's type namespace.
        let mut types: BTreeMap<String, String> =
            reserved.types.iter().map(|t| (t.clone(), "the prelude".to_owned())).collect();
        let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut check_enum = |ty: &ir::Type, owner: &str, bad: &mut Vec<String>| {
            let mut ty = ty;
            while let ir::Type::Array { items } = ty {
                ty = items;
            }
            if let ir::Type::Enum { name, options, .. } = ty {
                let wires: Vec<String> = options.iter().map(|o| format!("{}={}", o.wire, o.rust)).collect();
                match enums.get(name) {
                    Some(seen) if *seen != wires => bad.push(format!("two enums `{name}` in {} ({owner})", doc.file)),
                    Some(_) => {}
                    None => {
                        enums.insert(name.clone(), wires);
                        let mut variants = BTreeSet::new();
                        for option in options {
                            if !is_pascal_ident(&option.rust)
                                || option.rust == reserved.enum_fallback
                                || !variants.insert(option.rust.clone())
                            {
                                bad.push(format!("variant `{}` of enum `{name}` in {}", option.rust, doc.file));
                            }
                        }
                    }
                }
            }
        };
        for op in doc.live_operations() {
            for param in &op.params {
                check_enum(&param.ty, &op.name, &mut bad);
            }
        }
        for ty in &doc.types {
            for field in &ty.fields {
                check_enum(&field.ty, &ty.name, &mut bad);
            }
        }
        for name in enums.keys() {
            if !is_pascal_ident(name) {
                bad.push(format!("enum type `{name}` in {}", doc.file));
            }
            scope("type", &mut types, name, format!("enum `{name}` of {}", doc.file));
        }
        for ty in &doc.types {
            if !is_pascal_ident(&ty.name) {
                bad.push(format!("type `{}` in {}", ty.name, doc.file));
            }
            scope("type", &mut types, &ty.name, format!("object type of {}", doc.file));
            let mut fields = BTreeMap::new();
            for field in &ty.fields {
                if !is_snake_ident(&field.rust) {
                    bad.push(format!("field `{}` of `{}` in {}", field.rust, ty.name, doc.file));
                }
                scope("field", &mut fields, &field.rust, format!("`{}` of `{}`", field.wire, ty.name));
            }
        }
        let mut operation_ids = BTreeMap::new();
        for op in doc.live_operations() {
            scope("operation", &mut operation_ids, &op.name, format!("{} line {}", doc.file, op.loc.line));
            for (name, kind) in [(&op.request_type, "request"), (&op.error_type, "error")] {
                if !is_pascal_ident(name) {
                    bad.push(format!("{kind} type `{name}` of `{}` in {}", op.name, doc.file));
                }
                scope("type", &mut types, name, format!("{kind} type of `{}` in {}", op.name, doc.file));
            }
            let mut methods_here: Vec<&String> = vec![&op.client_method];
            methods_here.extend(op.stream_method.iter());
            for method in methods_here {
                if !is_snake_ident(method) {
                    bad.push(format!("client method `{method}` of `{}` in {}", op.name, doc.file));
                }
                scope("client method", &mut methods, method, format!("`{}` of {}", op.name, doc.file));
            }
            let mut fields: BTreeMap<String, String> =
                reserved.request_fields.iter().map(|f| (f.clone(), "the request struct".to_owned())).collect();
            let mut setters: BTreeMap<String, String> =
                reserved.request_methods.iter().map(|m| (m.clone(), "the request struct".to_owned())).collect();
            for param in op.params.iter().filter(|p| p.bound_to_path.is_none()) {
                if !is_snake_ident(&param.rust) {
                    bad.push(format!("parameter `{}` of `{}` in {}", param.rust, op.name, doc.file));
                }
                scope("request field", &mut fields, &param.rust, format!("`{}` of `{}`", param.wire, op.name));
                if !param.required {
                    scope(
                        "setter",
                        &mut setters,
                        &setter_name(&param.rust),
                        format!("`{}` of `{}`", param.wire, op.name),
                    );
                }
            }
            let mut variants = BTreeSet::new();
            for error in &op.errors {
                if !is_pascal_ident(&error.rust)
                    || error.rust == reserved.error_fallback
                    || !variants.insert(&error.rust)
                {
                    bad.push(format!("error variant `{}` of `{}` in {}", error.rust, op.name, doc.file));
                }
            }
        }
    }
    let modules: Vec<&str> = api.docs.iter().map(|d| d.module.as_str()).collect();
    let package = package_name(&modules);
    if !is_package_name(&package) {
        bad.push(format!("package name `{package}`"));
    }
    problems.extend(bad);
    problems
}

/// The setter of an optional parameter: `with_` and its field's name without the `_` the keyword and digit rules
/// add (`type_` → `with_type`, `_3d` → `with_3d`).
pub fn setter_name(field: &str) -> String {
    format!("with_{}", field.trim_matches('_'))
}

/// The PascalCase stem of the types named after an operation (`create_server` → `CreateServer`, for
/// `CreateServerRequest`), without the `_` the keyword rule adds: `self_` → `Self`, since `SelfRequest` is no keyword.
pub fn type_stem(operation: &str) -> String {
    pascal(operation).map(|p| p.trim_end_matches('_').to_owned()).unwrap_or_else(|| "Operation".to_owned())
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
mod tests;
