//! Naming rules, one table per rule, and the reserved names checked against the runtime and the emitter.

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
fn names_already_snake_case_skip_heck_and_come_out_the_same() {
    // The shortcut in `snake` must give what heck gives; every string of up to four characters from this alphabet.
    let alphabet = ['a', 'z', '0', '9', '_', 'A', '-', ' '];
    let mut strings = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> =
            strings.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
        strings.extend(longer);
    }
    let mut shortcuts = 0;
    for raw in &strings {
        if is_snake_already(raw) {
            shortcuts += 1;
            assert_eq!(&ascii_words(raw).to_snake_case(), raw, "{raw:?}");
        }
    }
    // At least every four-character word of lowercase letters and digits took the shortcut.
    assert!(shortcuts > 4 * 4 * 4 * 4, "{shortcuts}");
    for raw in ["user_id", "param12", "a_1_b", "x9"] {
        assert!(is_snake_already(raw), "{raw}");
    }
    for raw in ["_a", "a_", "a__b", "userId", "user-id", "", "用户"] {
        assert!(!is_snake_already(raw), "{raw}");
    }
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

#[test]
fn identifiers_of_each_kind() {
    for ok in ["a", "user_id", "_3d", "type_", "self_"] {
        assert!(is_snake_ident(ok), "{ok}");
    }
    for bad in ["", "_", "fn", "self", "3d", "a b", "a-b", "userId", "r#type", "主机"] {
        assert!(!is_snake_ident(bad), "{bad}");
    }
    for ok in ["Active", "N1", "Self_", "UnknownState"] {
        assert!(is_pascal_ident(ok), "{ok}");
    }
    for bad in ["", "Self", "active", "Not valid", "A-B", "_A"] {
        assert!(!is_pascal_ident(bad), "{bad}");
    }
}

#[test]
fn package_and_crate_names() {
    assert_eq!(package_name(&["servers"]), "servers-client");
    assert_eq!(package_name(&["list_servers"]), "list-servers-client");
    assert_eq!(package_name(&["_3d"]), "api-3d-client");
    assert_eq!(package_name(&["self_"]), "self-client");
    assert_eq!(package_name(&["a", "b"]), "api-client");
    assert_eq!(crate_ident("servers-client"), "servers_client");
    assert_eq!(crate_ident("3d\"\n[x]"), "_3d___x_");
    assert_eq!(crate_ident(""), "__");
    assert_eq!(crate_ident("self"), "self_");
    assert_eq!(setter_name("type_"), "with_type");
    assert_eq!(setter_name("_3d"), "with_3d");
    assert_eq!(type_stem("self_"), "Self");
}

/// The reserved client methods are read from the runtime template: every inherent method of `Client` and
/// `MockServer`, private ones too (they collide as well).
#[test]
fn reserved_methods_come_from_the_runtime() {
    let reserved = reserved();
    for method in ["builder", "base_url", "build_request", "execute", "start", "client", "uri", "operation"] {
        assert!(reserved.client_methods.contains(method), "{method}");
    }
    let source = "impl Client { fn a(&self) {} pub async fn b() {} } impl Other { fn c() {} }
                  impl std::fmt::Debug for Client { fn fmt(&self) {} }
                  mod mock { impl MockServer { pub fn d() {} } }";
    let found: Vec<String> = runtime_methods(source, &["Client", "MockServer"]).into_iter().collect();
    assert_eq!(found, ["a", "b", "d"]);
}

/// What the emitter adds besides the doc's names is exactly what `reserved` says: the request struct's own fields
/// and methods, and the crate root's items and crates.
#[test]
fn reserved_names_match_the_emitted_crate() {
    let doc = "# <a name=\"docs\">文档 (Docs)</a>\n\n## <a name=\"a\">甲 (List Things)</a>\n\n> http://api.example.com/v1/thing/list\n\n<table><tr><th>Method</th><td>POST</td><td></td></tr></table>\n\n### 输入参数\n\n|名称|类型|是否必须|默认值|说明|\n|:--:|:--:|:--:|:--:|:--:|\n|name|String|Yes|N/A|名称|\n|size|Integer|No|N/A|大小|\n";
    let compiled = crate::compile(&[crate::Source::new("docs.md", doc)], None);
    let api = compiled.api.expect("the doc compiles");
    assert_eq!(verify(&api), Vec::<String>::new());
    let files = crate::emit::emit(
        &api,
        &crate::emit::Layout::Standalone {
            package: "docs-client".into(),
            runtime: crate::emit::rust::RuntimeDependency::Vendored,
        },
    );
    let file = |path: &str| {
        let text = &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents;
        syn::parse_file(text).unwrap_or_else(|err| panic!("{path}: {err}"))
    };
    let module = file("src/generated/docs.rs");
    let mut fields = Vec::new();
    let mut methods = Vec::new();
    for item in &module.items {
        match item {
            syn::Item::Struct(s) if s.ident == "ListThingsRequest" => {
                fields.extend(s.fields.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())));
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let syn::Type::Path(path) = block.self_ty.as_ref() else { continue };
                if path.path.segments.last().is_some_and(|s| s.ident == "ListThingsRequest") {
                    for item in &block.items {
                        if let syn::ImplItem::Fn(f) = item {
                            methods.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let params = ["name", "size"];
    let own_fields: Vec<&str> = fields.iter().map(String::as_str).filter(|f| !params.contains(f)).collect();
    assert_eq!(own_fields, REQUEST_FIELDS);
    let own_methods: Vec<&str> = methods.iter().map(String::as_str).filter(|m| *m != "with_size").collect();
    assert_eq!(own_methods, REQUEST_METHODS);
    let lib = file("src/lib.rs");
    let mut root = BTreeSet::new();
    for item in &lib.items {
        match item {
            syn::Item::Mod(m) => {
                root.insert(m.ident.to_string());
            }
            syn::Item::Use(u) => {
                // Every name a `pub use` brings in (`generated::{docs, Client}`, `::htaiyun_runtime as runtime`,
                // `generated::mock`); the snake_case ones besides the doc modules are what a module name must avoid.
                fn leaves(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
                    match tree {
                        syn::UseTree::Path(path) => leaves(&path.tree, out),
                        syn::UseTree::Name(name) => {
                            out.insert(name.ident.to_string());
                        }
                        syn::UseTree::Rename(rename) => {
                            out.insert(rename.rename.to_string());
                        }
                        syn::UseTree::Group(group) => group.items.iter().for_each(|item| leaves(item, out)),
                        syn::UseTree::Glob(_) => {}
                    }
                }
                let mut names = BTreeSet::new();
                leaves(&u.tree, &mut names);
                root.extend(
                    names
                        .into_iter()
                        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && name != "docs"),
                );
            }
            _ => {}
        }
    }
    assert_eq!(root, CRATE_ROOT_ITEMS.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>());
    let cargo: toml::Table = files.iter().find(|f| f.path == "Cargo.toml").unwrap().contents.parse().unwrap();
    for dependency in cargo["dependencies"].as_table().unwrap().keys() {
        assert!(CRATES.contains(&dependency.replace('-', "_").as_str()), "{dependency} is not in CRATES");
    }
}

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
