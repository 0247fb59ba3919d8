//! The Rust emitter: IR → the client crate's modules, built as `quote!` fragments per IR node, checked by parsing
//! them into a `syn::File` and formatted with prettyplease.
//!
//! The generated crate holds only what the docs say; everything generic is the runtime crate's (`runtime/`,
//! `htaiyun-runtime`), which the crate depends on by path or, with `--vendor-runtime`, carries beside it.
//! `src/generated/mod.rs` holds the crate's `Client` (a typed handle over the runtime's), its `ClientBuilder`,
//! its crate-level `Error` (with one predicate per error kind that several operations document) and, with the
//! `mock` feature, its `MockServer`. Per doc, one module `src/generated/<module>.rs` holds: enums (with an
//! `Unknown` fallback), response structs (a field is `T` when the IR says every response carries it, otherwise
//! `Option<T>`; plain serde derives, the leniency is the runtime's decoder), and per operation a request struct
//! (required parameters in `new`, by name when two of them have the same type; optional ones as `with_*`), its
//! constant facts (`runtime::Spec`), its error kinds, and the `Client` method of the same name. Derives are only
//! those a user needs: `Serialize` and `Default` on results only with the `mock` feature (a mock answers with a
//! result value), no `PartialEq` on requests and results.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::{display_name, OutFile};
use crate::ir::{self, BodyEncoding, Doc, ErrorCase, HeaderKind, Method, Operation, Param, ParamLocation, Type};
use crate::naming;

mod prism;

/// The runtime crate as the generated code names it.
const RUNTIME_CRATE: &str = "htaiyun_runtime";

/// The runtime crate's package name, as a generated `Cargo.toml` depends on it.
pub const RUNTIME_PACKAGE: &str = "htaiyun-runtime";

/// The runtime crate's files (relative to `runtime/`), for `--vendor-runtime`, which copies them beside a
/// generated crate. A test in `xtask` checks that this list is every file of `runtime/`.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../../runtime/Cargo.toml")),
    ("src/client.rs", include_str!("../../../runtime/src/client.rs")),
    ("src/client/tests.rs", include_str!("../../../runtime/src/client/tests.rs")),
    ("src/credentials.rs", include_str!("../../../runtime/src/credentials.rs")),
    ("src/error.rs", include_str!("../../../runtime/src/error.rs")),
    ("src/hook.rs", include_str!("../../../runtime/src/hook.rs")),
    ("src/lenient.rs", include_str!("../../../runtime/src/lenient.rs")),
    ("src/lenient/tests.rs", include_str!("../../../runtime/src/lenient/tests.rs")),
    ("src/lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("src/mock.rs", include_str!("../../../runtime/src/mock.rs")),
    ("src/mock/tests.rs", include_str!("../../../runtime/src/mock/tests.rs")),
    ("src/operation.rs", include_str!("../../../runtime/src/operation.rs")),
    ("src/policy.rs", include_str!("../../../runtime/src/policy.rs")),
];

/// Where the generated crate lives, which decides the files that are emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// `generated-client/` in this workspace: its `Cargo.toml` is hand-written.
    Workspace,
    /// A standalone crate (`cargo xtask gen --out DIR`): `Cargo.toml` is emitted too, with this package name.
    Standalone {
        /// The package name.
        package: String,
        /// Where the runtime crate comes from.
        runtime: RuntimeDependency,
    },
}

/// How a standalone crate gets the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path dependency on the runtime crate of this project: the path from the generated crate's directory to
    /// `runtime/` (with `/` separators), so that every generated crate shares one runtime build.
    Path(String),
    /// A copy of the runtime crate in the generated crate's `runtime/` directory (marked as generated), so that
    /// the output builds on its own, anywhere.
    Vendored,
}

impl Layout {
    /// The library's name as code refers to it (`htaiyun_client`).
    pub fn crate_name(&self) -> String {
        match self {
            Layout::Workspace => "htaiyun_client".to_owned(),
            Layout::Standalone { package, .. } => naming::crate_ident(package),
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `use ::htaiyun_runtime as runtime;`, which every generated module starts with.
fn use_runtime() -> TokenStream {
    let krate = ident(RUNTIME_CRATE);
    quote! { use ::#krate as runtime; }
}

/// A `#[doc = "..."]` attribute per line (rustdoc joins them). prettyplease prints them as `///` comments, so the
/// text is escaped as a comment's must be ([`comment_text`]).
fn doc_lines(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {}", comment_text(l.trim_end()))).collect();
    quote! { #(#[doc = #lines])* }
}

/// Text from the input as it may stand in a line or doc comment: a bare CR is an error there, and rustc rejects the
/// bidirectional-text controls (`text_direction_codepoint_in_comment`); they, and every other control character
/// but a tab, are written as escapes (`\r`, `\u{202e}`).
fn comment_text(text: &str) -> String {
    if !text.chars().any(|c| (c.is_control() && c != '\t') || is_bidi_control(c)) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\t') || is_bidi_control(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The Unicode characters that reorder text (Trojan Source): rustc rejects them in comments.
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The header every generated file starts with. The file names are input: in a line comment, a line break in one
/// would end the comment and make the rest of the name code, so [`display_name`] escapes it.
fn header(source: &str) -> String {
    format!("// {MARKER} from {}. Do not edit by hand.\n\n", display_name(source))
}

/// The marker every generated file carries on its first lines; `cargo xtask gen --out` overwrites or removes only
/// files that carry it.
pub const MARKER: &str = "@generated by `cargo xtask gen`";

/// Keeps `cargo fmt` off a generated file (prettyplease formatted it; rustfmt would disagree and make it stale).
const SKIP_RUSTFMT: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]\n";

fn format_file(tokens: TokenStream) -> String {
    format!("{SKIP_RUSTFMT}{}", unparse(tokens))
}

/// Tokens → `syn::File` → prettyplease.
fn unparse(tokens: TokenStream) -> String {
    // The token streams are built from idents and literals checked by naming.rs; a parse failure would be a bug in
    // this emitter, and the message carries the tokens so it can be found.
    let file: syn::File =
        syn::parse2(tokens.clone()).unwrap_or_else(|err| panic!("emitted invalid Rust ({err}): {tokens}"));
    prettyplease::unparse(&file)
}

/// Formats a file whose `head` (inner attributes, `use` lines) is followed by `items`, one item at a time.
/// prettyplease prints a file's items one after the other, each from column 0, so the text is the same as
/// formatting the whole file at once; but only one item's tokens and syntax tree are alive at a time. For a doc
/// with 10 000 operations the whole module's tokens and tree took gigabytes, and time grew faster than the doc.
fn format_items(head: TokenStream, items: impl IntoIterator<Item = TokenStream>) -> String {
    let mut out = format_file(head);
    for item in items {
        out.push_str(&unparse(item));
    }
    out
}

/// Statements as formatted Rust source, for the examples in doc comments.
fn code_text(statements: TokenStream) -> String {
    let text = unparse(quote! { fn example() { #statements } });
    let lines: Vec<&str> = text.lines().collect();
    // `fn example() {`, the body indented by four spaces, `}`.
    let body = lines.get(1..lines.len().saturating_sub(1)).unwrap_or(&[]);
    body.iter().map(|line| line.strip_prefix("    ").unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// The Rust files of the client crate.
pub fn emit(api: &ir::Api, layout: &Layout) -> Vec<OutFile> {
    let mut files = Vec::new();
    let sources: Vec<&str> = api.docs.iter().map(|d| d.file.as_str()).collect();
    let source_list = sources.join(", ");
    let krate = ident(&layout.crate_name());
    let method_names = client_method_names(api);
    files.push(OutFile {
        path: "src/lib.rs".into(),
        contents: header(&source_list) + &lib_rs(api, &method_names, &krate),
    });
    files.push(OutFile {
        path: "src/generated/mod.rs".into(),
        contents: header(&source_list) + &format_file(mod_tokens(api, &krate)),
    });
    for (doc_idx, doc) in api.docs.iter().enumerate() {
        files.push(OutFile {
            path: format!("src/generated/{}.rs", doc.module),
            contents: {
                let (head, items) = doc_module_parts(doc, &method_names[doc_idx], &krate);
                header(&doc.file) + &format_items(head, items)
            },
        });
    }
    files.push(OutFile {
        path: "tests/doc_examples.rs".into(),
        contents: header(&source_list) + &examples_test(api, &krate),
    });
    files.push(OutFile {
        path: "tests/requests.rs".into(),
        contents: header(&source_list) + &requests_test(api, &method_names, &krate),
    });
    files.push(OutFile {
        path: "tests/prism.rs".into(),
        contents: header(&source_list) + &prism::prism_test(api, &krate),
    });
    files.push(OutFile {
        path: "tests/calls/mod.rs".into(),
        contents: header(&source_list) + &calls_module(api, &method_names, &krate),
    });
    files.push(OutFile {
        path: "tests/operations.rs".into(),
        contents: header(&source_list) + &operations_test(api, &method_names, &krate),
    });
    if let Layout::Standalone { package, runtime } = layout {
        files.push(OutFile { path: "Cargo.toml".into(), contents: cargo_toml(package, runtime, &source_list) });
        if *runtime == RuntimeDependency::Vendored {
            files.extend(vendored_runtime());
        }
    }
    files
}

/// The runtime crate's files under `runtime/`, each marked as generated (the mark is a comment, so the copy
/// builds as the original does).
fn vendored_runtime() -> Vec<OutFile> {
    RUNTIME_FILES
        .iter()
        .map(|(path, contents)| {
            let mark = if path.ends_with(".toml") { "#" } else { "//" };
            OutFile {
                path: format!("runtime/{path}"),
                contents: format!(
                    "{mark} @generated by `cargo xtask gen --vendor-runtime`: a copy of runtime/{path}. Do not edit by \
                     hand.\n{contents}"
                ),
            }
        })
        .collect()
}

/// The whole client as one source file, for a build script to write into `OUT_DIR` and the crate root to
/// `include!`: `pub mod generated { ... }` with every doc module inside, and the re-exports of `src/lib.rs`.
/// The including crate depends on the runtime crate (`htaiyun-runtime`), `serde` and `serde_json`, as the
/// `Cargo.toml` of `Layout::Standalone` does.
pub fn emit_single_file(api: &ir::Api, crate_name: &str) -> String {
    let krate = ident(crate_name);
    let method_names = client_method_names(api);
    let modules: Vec<TokenStream> = api
        .docs
        .iter()
        .enumerate()
        .map(|(idx, doc)| {
            let name = ident(&doc.module);
            let (head, items) = doc_module_parts(doc, &method_names[idx], &krate);
            let items: Vec<TokenStream> = items.collect();
            quote! { pub mod #name { #head #(#items)* } }
        })
        .collect();
    let generated = mod_items(api, &krate);
    let reexports = root_reexports(api);
    let runtime = use_runtime();
    let tokens = quote! {
        pub mod generated {
            //! The generated modules, one per doc, and the crate's client, error and mock.
            #runtime
            #generated
            #(#modules)*
        }
        #reexports
    };
    let file: syn::File =
        syn::parse2(tokens.clone()).unwrap_or_else(|err| panic!("emitted invalid Rust ({err}): {tokens}"));
    header(&api.docs.iter().map(|d| d.file.as_str()).collect::<Vec<_>>().join(", ")) + &prettyplease::unparse(&file)
}

/// The `Client` method name of each live operation, as `check/rust_names.rs` decided it.
pub fn client_method_names(api: &ir::Api) -> Vec<Vec<String>> {
    api.docs.iter().map(|doc| doc.live_operations().map(|op| op.client_method.clone()).collect()).collect()
}

/// The request struct of an operation, as the naming authority (`check/rust_names.rs`) named it.
fn request_ident(op: &Operation) -> Ident {
    ident(&op.request_type)
}

/// The error enum of an operation, as the naming authority named it.
fn error_ident(op: &Operation) -> Ident {
    ident(&op.error_type)
}

/// The struct of an operation's required parameters, by name (see [`named_required`]): the request type's stem
/// with `Required`, a name the naming authority keeps free for every operation.
fn required_ident(op: &Operation) -> Ident {
    format_ident!("{}Required", op.request_type.strip_suffix("Request").unwrap_or(&op.request_type))
}

fn cargo_toml(package: &str, runtime: &RuntimeDependency, sources: &str) -> String {
    // The file names go into a TOML comment (escaped: TOML allows no control character there), the package name
    // and the runtime's path into TOML strings.
    let sources = display_name(sources);
    let lib = naming::crate_ident(package);
    let package = toml::Value::String(package.to_owned());
    let runtime_path = toml::Value::String(match runtime {
        RuntimeDependency::Path(path) => path.clone(),
        RuntimeDependency::Vendored => "runtime".to_owned(),
    });
    format!(
        r#"# {MARKER} from {sources}. Do not edit by hand.
[package]
name = {package}
version = "0.1.0"
edition = "2021"
publish = false

# A standalone crate, even when generated inside another workspace.
[workspace]

[lib]
name = "{lib}"
path = "src/lib.rs"

[features]
mock = ["{RUNTIME_PACKAGE}/mock"]

[dependencies]
{RUNTIME_PACKAGE} = {{ path = {runtime_path} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}

[dev-dependencies]
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }}

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]

[lints.rust]
unexpected_cfgs = {{ level = "warn", check-cfg = ["cfg(docsrs)"] }}
"#
    )
}

/// The crate root's re-exports: the doc modules, the crate's client, error and mock, and the runtime's types a
/// user programs against. Nothing else is public at the root.
fn root_reexports(api: &ir::Api) -> TokenStream {
    let modules: Vec<Ident> = api.docs.iter().map(|d| ident(&d.module)).collect();
    let krate = ident(RUNTIME_CRATE);
    quote! {
        pub use generated::{#(#modules,)* Client, ClientBuilder, Error};
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub use generated::mock;
        pub use ::#krate::{
            AnyKind, ApiResponse, BuildError, CallOptions, Credentials, Hook, HookRequest, HookResponse,
            OperationError, Paginated, RedirectPolicy, RedirectRefusal, RetryPolicy,
        };
        /// The runtime crate: the traits every request and error kind implements, and the lower-level items
        /// (the runtime's `Client`, the error with its kind erased).
        pub use ::#krate as runtime;
        /// The HTTP client crate the runtime sends with (for [`ClientBuilder::http_client`] and header types).
        pub use ::#krate::reqwest;
    }
}

fn lib_rs(api: &ir::Api, method_names: &[Vec<String>], krate: &Ident) -> String {
    let mut doc = String::from("Typed client for the htaiyun cloud platform, generated from its API docs.\n\n");
    doc.push_str(
        "Build a [`Client`] with [`Client::builder`], then call one method per operation. Each takes the \
         operation's request struct (`<Operation>Request::new` with the required parameters; by name, in a \
         `<Operation>Required` struct, when two of them have the same type; optional ones with `with_*`), and \
         returns an [`ApiResponse`] (which derefs to the decoded result) or an [`OperationError`] whose `kind` is \
         one of the operation's documented errors. `?` turns every operation's error into the crate-level \
         [`Error`], which has a predicate for each error that several operations document.\n\n\
         The [`runtime`] crate does everything the doc does not say; its docs list what the client promises \
         (credentials only where the doc names them, no redirects by default, no replayed writes, saturating \
         durations, exact integers). With the `mock` feature, [`mock::MockServer`] answers every operation with \
         the doc's own example on a loopback port, and can answer any status, error, delay, dropped connection or \
         sequence.\n\n",
    );
    doc.push_str("# Example\n\n```\n");
    doc.push_str(&crate_example(api, method_names, krate));
    doc.push_str("\n```\n\n# Modules and operations\n");
    for (doc_idx, d) in api.docs.iter().enumerate() {
        doc.push_str(&format!("\n[`{}`]: {}, from `{}`.\n\n", d.module, title_text(&d.title), display_name(&d.file)));
        doc.push_str("| operation | HTTP | request | title |\n|---|---|---|---|\n");
        for (op, method_name) in d.live_operations().zip(&method_names[doc_idx]) {
            let request = request_ident(op);
            doc.push_str(&format!(
                "| [`{method_name}`](Client::{method_name}) | `{} {}` | [`{request}`]({}::{request}) | {} |\n",
                op.method.as_str(),
                op.path.replace('|', "\\|"),
                d.module,
                title_text(&op.title).replace('|', "\\|"),
            ));
        }
    }
    doc.push_str("\n# Features\n\n- `mock`: the [`mock`] module, a loopback mock server for tests.\n");
    // Titles and file names are input: escaped as a comment's text must be.
    let inner_doc: Vec<String> = doc.lines().map(|l| format!(" {}", comment_text(l))).collect();
    let reexports = root_reexports(api);
    let tokens = quote! {
        #(#![doc = #inner_doc])*
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![deny(missing_docs)]

        mod generated;

        #reexports
    };
    format_file(tokens)
}

/// The crate doc's example: the first operation the mock answers on its own, called through the mock.
fn crate_example(api: &ir::Api, method_names: &[Vec<String>], krate: &Ident) -> String {
    let mut lines = vec![
        "# #[cfg(feature = \"mock\")]".to_owned(),
        "# #[tokio::main]".to_owned(),
        format!("# async fn main() -> Result<(), {krate}::Error> {{"),
        format!("use {krate}::mock::MockServer;"),
        String::new(),
        "// A loopback mock of the platform; `Client::builder()` makes a client for the real one.".to_owned(),
        "let mock = MockServer::start().await;".to_owned(),
        "let client = mock.client();".to_owned(),
    ];
    let first = api.docs.iter().enumerate().find_map(|(doc_idx, doc)| {
        doc.live_operations()
            .zip(&method_names[doc_idx])
            .find(|(op, _)| !shares_path(doc, op))
            .map(|(op, method_name)| (doc, op, method_name))
    });
    if let Some((doc, op, method_name)) = first {
        let call = sample_call(&quote! {}, op);
        let method = ident(method_name);
        let code = code_text(quote! {
            let request = #call;
            let response = client.#method(request).await?;
            println!("{:?}", response.value);
        });
        lines.insert(4, example_import(krate, &doc.module, op));
        lines.extend(code.lines().map(str::to_owned));
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("# #[cfg(not(feature = \"mock\"))]".to_owned());
    lines.push("# fn main() {}".to_owned());
    lines.join("\n")
}

/// Whether another live operation of the doc has the same method and path (RPC-style sections).
fn shares_path(doc: &Doc, op: &Operation) -> bool {
    doc.live_operations().filter(|o| o.method == op.method && o.path == op.path).count() > 1
}

fn mod_tokens(api: &ir::Api, krate: &Ident) -> TokenStream {
    let modules: Vec<TokenStream> = api
        .docs
        .iter()
        .map(|d| {
            let name = ident(&d.module);
            let doc = doc_lines(&format!("{}: generated from `{}`.", title_text(&d.title), d.file));
            quote! { #doc pub mod #name; }
        })
        .collect();
    let items = mod_items(api, krate);
    let runtime = use_runtime();
    quote! {
        //! The generated modules, one per doc, and the crate's client, error and mock.
        #runtime

        #(#modules)*

        #items
    }
}

/// An error kind that several operations document: its variant name and where it is documented.
struct SharedKind<'a> {
    name: &'a str,
    cases: Vec<(&'a str, &'a ErrorCase)>,
}

/// The error kinds (variant names) that two or more live operations document, in order of first appearance:
/// each gets a predicate on the crate-level `Error`.
fn shared_kinds(api: &ir::Api) -> Vec<SharedKind<'_>> {
    let mut kinds: Vec<SharedKind> = Vec::new();
    for op in api.docs.iter().flat_map(|d| d.live_operations()) {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for case in &op.errors {
            if !seen.insert(case.rust.as_str()) {
                continue;
            }
            match kinds.iter_mut().find(|k| k.name == case.rust) {
                Some(kind) => kind.cases.push((&op.name, case)),
                None => kinds.push(SharedKind { name: &case.rust, cases: vec![(&op.name, case)] }),
            }
        }
    }
    kinds.retain(|kind| kind.cases.len() > 1 && kind.name != "Other");
    kinds
}

/// The names of the methods that the crate-level `Error` has through the runtime's error (`Deref`): a predicate
/// that would shadow one is named `is_<kind>_error` instead.
const ERROR_METHODS: &[&str] = &[
    "is_timeout",
    "operation",
    "kind",
    "status",
    "message",
    "http_status",
    "headers",
    "request_id",
    "map_kind",
    "is_kind",
    "into_inner",
];

/// The crate-wide items of `src/generated/mod.rs`: the client, its builder, the crate-level error, the mock and
/// the constants.
fn mod_items(api: &ir::Api, krate: &Ident) -> TokenStream {
    let base_url = api.docs.iter().find_map(|d| d.base_url.clone()).unwrap_or_else(|| "http://localhost".to_owned());
    let mut credential_headers: Vec<String> = Vec::new();
    for doc in &api.docs {
        let access_token = super::access_token_header(doc);
        for op in doc.live_operations() {
            for credential in super::credentials(op, &access_token) {
                if !credential_headers.iter().any(|h| h.eq_ignore_ascii_case(credential.name)) {
                    credential_headers.push(credential.name.to_owned());
                }
            }
        }
    }
    let client_doc = doc_lines(&format!(
        "The client of the API: one method per operation (the crate docs list them), each taking its request \
         struct.\n\nCheap to clone (the state is shared) and safe to share between tasks. Build one with \
         [`Client::builder`]; the default base URL is the doc's, `{base_url}`. Through `Deref` it has the \
         runtime client's methods too: `base_url`, `build_request` (the HTTP request an operation sends, \
         without sending it) and `execute` (any request struct)."
    ));
    let builder_doc = doc_lines(&format!(
        "Builds a [`Client`]: base URL (default `{base_url}`), credentials, timeouts, retries, redirects, the HTTP \
         client, default headers and hooks."
    ));
    let predicates: Vec<TokenStream> = shared_kinds(api)
        .iter()
        .map(|kind| {
            let stem = naming::snake(kind.name).unwrap_or_else(|| "kind".to_owned());
            let mut method = format!("is_{stem}");
            if ERROR_METHODS.contains(&method.as_str()) {
                method.push_str("_error");
            }
            let method = ident(&method);
            let (_, first) = kind.cases[0];
            let operations: Vec<String> = kind.cases.iter().map(|(op, _)| format!("`{op}`")).collect();
            let doc = doc_lines(&format!(
                "Whether the platform answered with the documented error `{}` (`{}` `{}`), which {} operations \
                 document: {}.",
                kind.name,
                first.status,
                first.message.trim(),
                kind.cases.len(),
                operations.join(", ")
            ));
            let name = kind.name;
            quote! {
                #doc
                pub fn #method(&self) -> bool {
                    self.is_kind(#name)
                }
            }
        })
        .collect();
    // The predicates' helper, when there is a predicate.
    let is_kind = (!predicates.is_empty()).then(|| {
        quote! {
            fn is_kind(&self, name: &str) -> bool {
                self.0.kind().is_some_and(|kind| kind.name() == name)
            }
        }
    });
    let examples: Vec<TokenStream> = api
        .docs
        .iter()
        .flat_map(|doc| doc.live_operations())
        .map(|op| {
            let name = &op.name;
            let method = op.method.as_str();
            let path = &op.path;
            let body = mock_body(op);
            let selector = match &op.rpc {
                Some(rpc) => {
                    let field = &rpc.field;
                    let value = proc_macro2::Literal::i64_unsuffixed(rpc.value);
                    quote! { Some((#field, #value)) }
                }
                None => quote! { None },
            };
            quote! {
                runtime::mock::MockExample { operation: #name, method: #method, path: #path, selector: #selector, body: #body }
            }
        })
        .collect();
    let mock_doc = format!(
        "A loopback mock of the platform for tests (feature `mock`).\n\n\
         [`MockServer::start`] listens on 127.0.0.1 and a free port; every operation answers with the doc's own \
         example until its method on the server (`mock.create_server()`, one per operation) says otherwise: any \
         HTTP status, a documented error inside an HTTP 200 or with its own status, a delay, a dropped connection, \
         or a sequence of answers. [`MockServer::client`] is a client pointed at it, and every request it received \
         can be read back through [`ReceivedRequest`]'s accessors.\n\n\
         ```\n\
         # #[tokio::main]\n\
         # async fn main() {{\n\
         use {krate}::mock::{{MockServer, Reply}};\n\n\
         let mock = MockServer::start().await;\n\
         println!(\"listening on {{}}\", mock.uri());\n\
         assert!(mock.received().is_empty());\n\
         let _unavailable = Reply::status(503);\n\
         # }}\n\
         ```"
    );
    let mock_doc: Vec<String> = mock_doc.lines().map(|l| format!(" {l}")).collect();
    let krate_str = krate.to_string();
    let start_doc = doc_lines(&format!(
        "Starts the mock on 127.0.0.1 and a free port, answering every operation with its doc example; it stops \
         when dropped.\n\n# Panics\n\nWhen no loopback port can be bound.\n\n```\n# #[tokio::main]\n# async fn main() {{\n\
         let mock = {krate_str}::mock::MockServer::start().await;\nassert!(mock.uri().starts_with(\"http://127.0.0.1:\"));\n# }}\n```"
    ));
    let credential_headers = credential_headers.iter().map(String::as_str);
    quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            /// A builder with the doc's base URL, no credentials and the default policies.
            pub fn builder() -> ClientBuilder {
                runtime::ClientBuilder::new()
            }
        }

        impl std::ops::Deref for Client {
            type Target = runtime::Client;

            fn deref(&self) -> &runtime::Client {
                &self.inner
            }
        }

        impl runtime::ApiInfo for Client {
            const DEFAULT_BASE_URL: &'static str = #base_url;
            const USER_AGENT: &'static str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
            const CREDENTIAL_HEADERS: &'static [&'static str] = &[#(#credential_headers),*];

            fn from_client(inner: runtime::Client) -> Client {
                Client { inner }
            }
        }

        #builder_doc
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        /// Any operation's error, with its kind erased: what `?` turns every [`OperationError`](runtime::OperationError)
        /// of this crate into.
        ///
        /// Through `Deref` it has the accessors of the runtime's error: `operation`, `kind` (the documented kind, by
        /// name or as the operation's own enum with `downcast_ref`), `status` and `message` (of an error envelope),
        /// `http_status`, `headers` and `request_id`. The predicates below tell apart the errors that several
        /// operations document.
        #[derive(Debug)]
        pub struct Error(runtime::AnyError);

        impl Error {
            #(#predicates)*
            #is_kind

            /// The runtime's error inside.
            pub fn into_inner(self) -> runtime::AnyError {
                self.0
            }
        }

        impl std::ops::Deref for Error {
            type Target = runtime::AnyError;

            fn deref(&self) -> &runtime::AnyError {
                &self.0
            }
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                std::error::Error::source(&self.0)
            }
        }

        impl<E: runtime::ErrorKind> From<runtime::OperationError<E>> for Error {
            fn from(error: runtime::OperationError<E>) -> Error {
                Error(error.into())
            }
        }

        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub mod mock {
            #(#![doc = #mock_doc])*

            use super::runtime;
            pub use runtime::mock::{OperationMock, ReceivedRequest, Reply};

            /// The mock server: see the [module docs](self). Through `Deref` it has the runtime mock's methods
            /// (`uri`, `received`, `reset`); it has one method per operation to change that operation's answers.
            #[derive(Debug)]
            pub struct MockServer {
                inner: runtime::mock::MockServer,
            }

            impl MockServer {
                #start_doc
                pub async fn start() -> MockServer {
                    MockServer { inner: runtime::mock::MockServer::start(super::MOCK_EXAMPLES).await }
                }

                /// A client pointed at this server, with placeholder credentials.
                pub fn client(&self) -> crate::Client {
                    crate::Client::builder()
                        .base_url(self.uri())
                        .credentials(
                            runtime::Credentials::new().with_access_token("mock-token").with_session("mock-session", "mock-secret"),
                        )
                        .build()
                        // A loopback `http://` URL with a port is always a valid base URL.
                        .expect("a client for the mock's loopback URL")
                }
            }

            impl std::ops::Deref for MockServer {
                type Target = runtime::mock::MockServer;

                fn deref(&self) -> &runtime::mock::MockServer {
                    &self.inner
                }
            }
        }

        /// Every operation's doc example, served by the mock server.
        #[cfg(feature = "mock")]
        static MOCK_EXAMPLES: &[runtime::mock::MockExample] = &[#(#examples),*];
    }
}

/// The body the mock server answers with: the doc's example repaired into JSON, or a bare success envelope.
fn mock_body(op: &Operation) -> String {
    match op.response.as_ref().and_then(|r| r.example.as_ref()) {
        Some(example) => example.to_string(),
        None => r#"{"status":200,"message":"OK"}"#.to_owned(),
    }
}

/// A path as the URL parser sends it (and the mock server sees it): non-ASCII bytes, controls, space and
/// `"#<>?`{}` percent-encoded (WHATWG's path percent-encode set), the rest as written.
fn url_path_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte <= b' ' || byte >= 0x7f || b"\"#<>?`{}".contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(byte as char);
        }
    }
    out
}

fn title_text(title: &ir::Title) -> String {
    match &title.en {
        Some(en) => format!("{} ({en})", title.zh),
        None => title.zh.clone(),
    }
}

/// Everything one doc's module needs to know while emitting.
struct Cx<'a> {
    doc: &'a Doc,
    /// The access token header of operations whose section names none.
    access_token: super::Credential<'a>,
    /// The generated crate's name, for the examples in doc comments.
    krate: &'a Ident,
    /// For each parameter wire name (lowercase), the first non-empty description the doc gives it: what a path
    /// parameter that its section does not describe is described with.
    descriptions: BTreeMap<String, (&'a str, &'a str)>,
}

/// A doc module's inner attributes and `use` line, and its items: enums, object types, then each operation's
/// items, made one operation at a time as the iterator is consumed.
fn doc_module_parts<'a>(
    doc: &'a Doc,
    method_names: &'a [String],
    krate: &'a Ident,
) -> (TokenStream, impl Iterator<Item = TokenStream> + 'a) {
    let mut descriptions = BTreeMap::new();
    for op in doc.live_operations() {
        for param in op.params.iter().filter(|p| !p.description.is_empty()) {
            descriptions.entry(param.wire.to_lowercase()).or_insert((param.description.as_str(), op.name.as_str()));
        }
    }
    let cx = Cx { doc, access_token: super::access_token_header(doc), krate, descriptions };
    let mut items = Vec::new();
    let mut enums_done: BTreeSet<String> = BTreeSet::new();
    for op in doc.live_operations() {
        for param in &op.params {
            collect_enums(&param.ty, &mut enums_done, &mut items);
        }
    }
    for ty in &doc.types {
        for field in &ty.fields {
            collect_enums(&field.ty, &mut enums_done, &mut items);
        }
    }
    for ty in &doc.types {
        items.push(type_def(ty, &doc.file));
    }
    let operations =
        doc.live_operations().zip(method_names).map(move |(op, method_name)| operation_items(&cx, op, method_name));
    let module_doc: Vec<String> =
        [format!(" {}", comment_text(&format!("{}: the operations of `{}`.", title_text(&doc.title), doc.file)))]
            .into_iter()
            .collect();
    let runtime = use_runtime();
    let head = quote! {
        #(#![doc = #module_doc])*
        #![allow(clippy::too_many_arguments, reason = "a request's `new` takes every required parameter of the doc, however many")]

        #runtime
    };
    (head, items.into_iter().chain(operations))
}

fn collect_enums(ty: &Type, done: &mut BTreeSet<String>, items: &mut Vec<TokenStream>) {
    match ty {
        Type::Enum { name, options, .. } if !done.contains(name) => {
            done.insert(name.clone());
            items.push(enum_def(name, options));
        }
        Type::Array { items: inner } => collect_enums(inner, done, items),
        _ => {}
    }
}

/// Whether the value enums (parameter and field options) are `#[non_exhaustive]`. They are not: each has an
/// `Unknown` variant for values the doc does not list, but a `match` may name every variant, so adding one is a
/// breaking change of the crate.
pub const VALUE_ENUMS_NON_EXHAUSTIVE: bool = false;

/// Whether each operation's error enum is `#[non_exhaustive]`. It is not: a caller may match every documented
/// error of an operation exhaustively (its `Other` variant takes what the doc does not list), so a newly
/// documented error is a breaking change of the crate.
pub const ERROR_ENUMS_NON_EXHAUSTIVE: bool = false;

/// Whether the result structs are `#[non_exhaustive]`. They are not: their fields are public, so callers (and
/// mocks) build them with struct literals, and a new field breaks such a literal.
pub const RESULT_STRUCTS_NON_EXHAUSTIVE: bool = false;

fn enum_def(name: &str, options: &[ir::EnumOption]) -> TokenStream {
    let ty = ident(name);
    let variants: Vec<TokenStream> = options
        .iter()
        .map(|o| {
            let variant = ident(&o.rust);
            let text = if o.description.is_empty() {
                format!("`{}`.", o.wire)
            } else {
                format!("`{}`: {}", o.wire, o.description)
            };
            let doc = doc_lines(&text);
            quote! { #doc #variant }
        })
        .collect();
    let to_wire: Vec<TokenStream> = options
        .iter()
        .map(|o| {
            let variant = ident(&o.rust);
            let wire = &o.wire;
            quote! { #ty::#variant => #wire }
        })
        .collect();
    let from_wire: Vec<TokenStream> = options
        .iter()
        .map(|o| {
            let variant = ident(&o.rust);
            let wire = &o.wire;
            quote! { #wire => #ty::#variant }
        })
        .collect();
    let values = options.iter().map(|o| format!("`{}`", o.wire)).collect::<Vec<_>>().join(", ");
    let doc = doc_lines(&format!(
        "One of {values}.\n\nA value the doc does not list decodes as `Unknown` instead of failing the call."
    ));
    let non_exhaustive = VALUE_ENUMS_NON_EXHAUSTIVE.then(|| quote! { #[non_exhaustive] });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #non_exhaustive
        pub enum #ty {
            #(#variants,)*
            /// A value the doc does not list, kept as sent.
            Unknown(String),
        }

        impl runtime::WireEnum for #ty {
            fn as_wire(&self) -> &str {
                match self {
                    #(#to_wire,)*
                    #ty::Unknown(value) => value,
                }
            }

            fn from_wire(value: &str) -> Self {
                match value {
                    #(#from_wire,)*
                    other => #ty::Unknown(other.to_owned()),
                }
            }
        }

        runtime::wire_enum_impls!(#ty);
    }
}

/// The Rust type of a value, as the generated crate spells it (`Vec<i64>`), for tools that compare two APIs.
pub fn rust_type_text(ty: &Type) -> String {
    rust_type(ty).to_string().replace(' ', "")
}

/// The Rust type of a result struct's field, as the generated crate spells it (`Option<String>`).
pub fn field_type_text(field: &ir::Field) -> String {
    field_type(field).to_string().replace(' ', "")
}

/// The type of a result struct's field: a list is a `Vec` (empty when absent or `null`), any JSON value a
/// `Value` (`null` when absent), a required field that is never `null` the value itself, anything else an
/// `Option`.
fn field_type(field: &ir::Field) -> TokenStream {
    match &field.ty {
        Type::Array { .. } | Type::Any => rust_type(&field.ty),
        _ if field.required && !field.nullable => rust_type(&field.ty),
        other => {
            let ty = rust_type(other);
            quote! { Option<#ty> }
        }
    }
}

/// The Rust type of a value.
fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Integer | Type::Long => quote! { i64 },
        Type::Int32 => quote! { i32 },
        Type::Number => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Enum { name, .. } | Type::Object { name } => {
            let name = ident(name);
            quote! { #name }
        }
        Type::Array { items } => {
            let inner = rust_type(items);
            quote! { Vec<#inner> }
        }
        Type::Any => quote! { serde_json::Value },
    }
}

fn type_def(ty: &ir::TypeDef, file: &str) -> TokenStream {
    let name = ident(&ty.name);
    let fields: Vec<TokenStream> = ty.fields.iter().map(response_field).collect();
    let any_required = ty.fields.iter().any(|f| f.required);
    let presence = if any_required {
        "A field marked required is in every response (the doc's field table says so and every example shows it); \
         a response without it fails to decode, naming the field. Every other field is optional and decodes as \
         `None` when absent"
    } else {
        "Every field is optional: a field the platform leaves out decodes as `None`"
    };
    let doc = doc_lines(&format!(
        "{} From `{file}`, line {}.\n\n{presence}; fields the doc does not list are ignored. Values are read \
         leniently (ids as numbers or strings, `\"true\"` as `true`), and exactly (see the runtime's `lenient`).",
        ty.description, ty.loc.line
    ));
    // A mock answers with a result value (`respond_with`), so results serialize, and build from `Default` when
    // no field is required, only with the `mock` feature: no other user needs it.
    let mock_derives = if any_required {
        quote! { #[cfg_attr(feature = "mock", derive(serde::Serialize))] }
    } else {
        quote! { #[cfg_attr(feature = "mock", derive(Default, serde::Serialize))] }
    };
    let non_exhaustive = RESULT_STRUCTS_NON_EXHAUSTIVE.then(|| quote! { #[non_exhaustive] });
    quote! {
        #doc
        #[derive(Debug, Clone, serde::Deserialize)]
        #mock_derives
        #non_exhaustive
        pub struct #name {
            #(#fields,)*
        }
    }
}

/// One field of a response struct, typed by [`field_type`]. The decoding is plain serde: the runtime's lenient
/// deserializer reads ids as numbers or strings, and so on. A required field has no `default`, so serde reports
/// it by name when it is missing; a required field that the example shows as `null` is an `Option` that must be
/// present (`runtime::present`).
fn response_field(f: &ir::Field) -> TokenStream {
    let rust = ident(&f.rust);
    let wire = &f.wire;
    let mut text = if f.description.is_empty() { format!("`{}`.", f.wire) } else { f.description.clone() };
    if f.wire != f.rust {
        text.push_str(&format!("\n\n`{}` on the wire.", f.wire));
    }
    if f.required {
        text.push_str("\n\nRequired: the doc's field table marks it and every example shows it.");
    } else if f.doc_required {
        text.push_str("\n\nThe doc's field table marks it required, but an example lacks it, so it is optional.");
    }
    if f.ty == Type::Any || matches!(&f.ty, Type::Array { items } if **items == Type::Any) {
        text.push_str("\n\nThe doc gives no type for it (its example shows no value), so it is any JSON value.");
    }
    let doc = doc_lines(&text);
    let ty = field_type(f);
    let mut attrs: Vec<TokenStream> = Vec::new();
    if f.wire != f.rust {
        attrs.push(quote! { rename = #wire });
    }
    // The doc family misspells `entities` as `entites`; accept both.
    match f.wire.as_str() {
        "entites" => attrs.push(quote! { alias = "entities" }),
        "entities" => attrs.push(quote! { alias = "entites" }),
        _ => {}
    }
    let optional_value = !f.required && !matches!(f.ty, Type::Array { .. } | Type::Any);
    if !f.required && !optional_value {
        // A list or a JSON value the platform leaves out: empty, or `null`.
        attrs.push(quote! { default });
    }
    if f.required && f.nullable && !matches!(f.ty, Type::Array { .. } | Type::Any) {
        attrs.push(quote! { deserialize_with = "runtime::present" });
    }
    let serde_attr = if attrs.is_empty() {
        quote! {}
    } else {
        quote! { #[serde(#(#attrs),*)] }
    };
    quote! {
        #doc
        #serde_attr
        pub #rust: #ty
    }
}

/// A request parameter as the request struct holds it.
struct FieldPlan<'a> {
    param: &'a Param,
    ident: Ident,
    ty: TokenStream,
}

/// The parameters a caller gives: every one except body parameters bound to a path value.
fn callable_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.bound_to_path.is_none())
}

/// Whether `new` takes the required parameters by name, in a `<Operation>Required` struct: when two or more of
/// them have the same Rust type, positional arguments could be swapped without the compiler noticing. `diff`
/// reads it too: what a new required parameter means in Rust depends on the form.
pub fn named_required(op: &Operation) -> bool {
    let mut types = BTreeSet::new();
    callable_params(op).filter(|p| p.required).any(|p| !types.insert(rust_type(&p.ty).to_string()))
}

/// A parameter's description for the docs: its own, or for a path parameter its section does not describe, the
/// description of the body parameter bound to it, or of the same name elsewhere in the doc.
fn described(cx: &Cx, op: &Operation, param: &Param) -> String {
    if !param.description.is_empty() {
        return param.description.clone();
    }
    if param.location == ParamLocation::Path {
        let bound = op.params.iter().find(|p| p.bound_to_path.as_deref() == Some(param.wire.as_str()));
        if let Some(bound) = bound.filter(|p| !p.description.is_empty()) {
            return bound.description.clone();
        }
        if let Some((text, other)) = cx.descriptions.get(&param.wire.to_lowercase()) {
            return format!("{text} (the section does not describe it; `{other}` describes `{}` so)", param.wire);
        }
        return format!("The `{{{}}}` segment of the path `{}`.", param.wire, op.path);
    }
    String::new()
}

/// Where a parameter travels, in words.
fn location_text(op: &Operation, param: &Param) -> &'static str {
    match (param.location, op.body) {
        (ParamLocation::Path, _) => "in the path",
        (_, BodyEncoding::None) => "in the query string",
        (_, BodyEncoding::Json) => "in the JSON body",
        (_, BodyEncoding::Form) => "in the form body",
    }
}

/// A request field's or argument's docs: the whole description, then its wire name, where it travels, its doc
/// type and default, and the enum whose options it takes.
fn param_doc(cx: &Cx, op: &Operation, param: &Param) -> String {
    let description = described(cx, op, param);
    let mut text = if description.is_empty() { format!("`{}`.", param.wire) } else { description };
    let mut facts = vec![format!("`{}` on the wire, {}", param.wire, location_text(op, param))];
    if !param.type_raw.is_empty() {
        facts.push(format!("doc type `{}`", param.type_raw));
    }
    if let Some(default) = &param.default {
        facts.push(format!("the platform's default is `{default}`"));
    }
    text.push_str(&format!("\n\n{}.", facts.join(", ")));
    if let Some(name) = enum_name(&param.ty) {
        text.push_str(&format!(" The values are [`{name}`]'s."));
    }
    text
}

fn enum_name(ty: &Type) -> Option<&str> {
    match ty {
        Type::Enum { name, .. } => Some(name),
        Type::Array { items } => enum_name(items),
        _ => None,
    }
}

fn operation_items(cx: &Cx, op: &Operation, method_name: &str) -> TokenStream {
    let request = request_ident(op);
    let error = error_ident(op);
    let method = ident(method_name);
    let plans: Vec<FieldPlan> =
        callable_params(op).map(|p| FieldPlan { param: p, ident: ident(&p.rust), ty: rust_type(&p.ty) }).collect();
    let required: Vec<&FieldPlan> = plans.iter().filter(|p| p.param.required).collect();
    let optional: Vec<&FieldPlan> = plans.iter().filter(|p| !p.param.required).collect();
    let named = named_required(op);

    let struct_fields: Vec<TokenStream> = plans
        .iter()
        .map(|p| {
            let name = &p.ident;
            let ty = &p.ty;
            let doc = doc_lines(&param_doc(cx, op, p.param));
            if p.param.required {
                quote! { #doc pub #name: #ty }
            } else {
                quote! { #doc pub #name: Option<#ty> }
            }
        })
        .collect();
    let optional_inits = optional.iter().map(|p| {
        let name = &p.ident;
        quote! { #name: None }
    });
    let (required_struct, new_fn) = if named {
        let required_ty = required_ident(op);
        let has_text = required.iter().any(|p| p.param.ty == Type::String);
        let lifetime = if has_text {
            quote! { <'a> }
        } else {
            quote! {}
        };
        let fields = required.iter().map(|p| {
            let name = &p.ident;
            let ty = if p.param.ty == Type::String {
                quote! { &'a str }
            } else {
                p.ty.clone()
            };
            let doc = doc_lines(&param_doc(cx, op, p.param));
            quote! { #doc pub #name: #ty }
        });
        let names: Vec<&Ident> = required.iter().map(|p| &p.ident).collect();
        let inits = required.iter().map(|p| {
            let name = &p.ident;
            if p.param.ty == Type::String {
                quote! { #name: #name.to_owned() }
            } else {
                quote! { #name }
            }
        });
        let struct_doc = doc_lines(&format!(
            "The required parameters of [`{request}`], by name: two of them have the same type, so positional \
             arguments could be swapped without the compiler noticing."
        ));
        let arg_ty = if has_text {
            quote! { #required_ty<'_> }
        } else {
            quote! { #required_ty }
        };
        let new_doc = doc_lines(&format!("A request with its required parameters, named in a [`{required_ty}`]."));
        (
            quote! {
                #struct_doc
                // No derives: it only carries the arguments into `new`, and each derive costs compile time.
                pub struct #required_ty #lifetime {
                    #(#fields,)*
                }
            },
            quote! {
                #new_doc
                pub fn new(required: #arg_ty) -> Self {
                    let #required_ty { #(#names),* } = required;
                    #request { #(#inits,)* #(#optional_inits,)* options: runtime::CallOptions::default() }
                }
            },
        )
    } else {
        let args = required.iter().map(|p| {
            let name = &p.ident;
            match &p.param.ty {
                Type::String => quote! { #name: impl Into<String> },
                _ => {
                    let ty = &p.ty;
                    quote! { #name: #ty }
                }
            }
        });
        let inits = required.iter().map(|p| {
            let name = &p.ident;
            match &p.param.ty {
                Type::String => quote! { #name: #name.into() },
                _ => quote! { #name },
            }
        });
        let new_doc = if required.is_empty() {
            "A request with no parameters set.".to_owned()
        } else {
            let names: Vec<String> = required.iter().map(|p| format!("`{}`", p.param.rust)).collect();
            format!("A request with its required parameters: {}.", names.join(", "))
        };
        let new_doc = doc_lines(&new_doc);
        (
            quote! {},
            quote! {
                #new_doc
                pub fn new(#(#args),*) -> Self {
                    #request { #(#inits,)* #(#optional_inits,)* options: runtime::CallOptions::default() }
                }
            },
        )
    };
    let setters: Vec<TokenStream> = optional
        .iter()
        .map(|p| {
            let name = &p.ident;
            let setter = ident(&naming::setter_name(&p.param.rust));
            let doc = doc_lines(&format!("Sets `{}`: {}", p.param.rust, param_doc(cx, op, p.param)));
            match &p.param.ty {
                Type::String => quote! {
                    #doc
                    pub fn #setter(mut self, value: impl Into<String>) -> Self {
                        self.#name = Some(value.into());
                        self
                    }
                },
                _ => {
                    let ty = &p.ty;
                    quote! {
                        #doc
                        pub fn #setter(mut self, value: #ty) -> Self {
                            self.#name = Some(value);
                            self
                        }
                    }
                }
            }
        })
        .collect();
    let how_to_build = if named {
        format!("Build it with [`{request}::new`] and the required parameters by name ([`{}`]).", required_ident(op))
    } else {
        format!("Build it with [`{request}::new`].")
    };
    let optional_note =
        if optional.is_empty() { "" } else { " Optional parameters are set with the `with_*` methods." };
    let request_doc = doc_lines(&format!(
        "The parameters of [`Client::{method_name}`](crate::Client::{method_name}): {} `{} {}` (`{}`, line {}).\n\n\
         {how_to_build}{optional_note}",
        title_text(&op.title),
        op.method.as_str(),
        op.path,
        cx.doc.file,
        op.loc.line
    ));
    let derive_default = if required.is_empty() {
        quote! { Default, }
    } else {
        quote! {}
    };
    // A request with a sensitive parameter writes its own `Debug`, which shows `<redacted>` in its place.
    let any_sensitive = plans.iter().any(|p| p.param.sensitive);
    let (derive_debug, debug_impl) = if any_sensitive {
        let request_name = request.to_string();
        let fields: Vec<TokenStream> = plans
            .iter()
            .map(|p| {
                let name = &p.ident;
                let shown = p.param.rust.clone();
                if p.param.sensitive {
                    quote! { .field(#shown, &"<redacted>") }
                } else {
                    quote! { .field(#shown, &self.#name) }
                }
            })
            .collect();
        let debug_impl = quote! {
            impl std::fmt::Debug for #request {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#request_name) #(#fields)* .field("options", &self.options).finish()
                }
            }
        };
        (quote! {}, debug_impl)
    } else {
        (quote! { Debug, }, quote! {})
    };
    // A secret in the URL (path or query) keeps the URL out of logs, hooks and transport errors.
    let sensitive_url =
        op.params.iter().any(|p| p.sensitive && (p.location == ParamLocation::Path || op.body == BodyEncoding::None));

    // The path, with each placeholder encoded as one segment.
    let path_tokens = path_tokens(op);
    // Every non-path parameter: its wire name and the field holding its value.
    let sent_params: Vec<&Param> = op.params.iter().filter(|p| p.location != ParamLocation::Path).collect();
    let sent: Vec<(&String, Ident)> = sent_params.iter().map(|p| (&p.wire, value_field(op, p))).collect();
    let param_pushes: Vec<TokenStream> = sent_params
        .iter()
        .zip(&sent)
        .map(|(param, (wire, source))| match param.encoding.separator() {
            // A list joined into one value (an override's `encoding`); repeated keys otherwise.
            Some(separator) => quote! { runtime::push_joined(out, #wire, &self.#source, #separator); },
            None => quote! { runtime::push(out, #wire, &self.#source); },
        })
        .collect();
    let selector = op.rpc.as_ref().map(|rpc| {
        let field = &rpc.field;
        let value = proc_macro2::Literal::i64_unsuffixed(rpc.value);
        (field, value)
    });
    let selector_push = match &selector {
        Some((field, value)) => quote! { runtime::push(out, #field, &#value.to_string()); },
        None => quote! {},
    };
    let params_fn = if selector.is_none() && param_pushes.is_empty() {
        quote! { fn params(&self, _out: &mut Vec<(String, String)>) {} }
    } else {
        quote! {
            fn params(&self, out: &mut Vec<(String, String)>) {
                #selector_push
                #(#param_pushes)*
            }
        }
    };
    let json_body = if op.body == BodyEncoding::Json {
        let selector_json = match &selector {
            Some((field, value)) => quote! { out.insert(#field.to_owned(), serde_json::Value::from(#value)); },
            None => quote! {},
        };
        let members = json_members(op, &body_tree(op), &ident("out"), 0);
        quote! {
            fn json_body(&self) -> serde_json::Map<String, serde_json::Value> {
                let mut out = serde_json::Map::new();
                #selector_json
                #members
                out
            }
        }
    } else {
        quote! {}
    };
    let (output, has_result) = output_type(op);
    let enveloped = op.response.as_ref().is_none_or(|r| r.enveloped);
    let http_method = match op.method {
        Method::Get => quote! { runtime::Method::GET },
        Method::Post => quote! { runtime::Method::POST },
        Method::Put => quote! { runtime::Method::PUT },
        Method::Delete => quote! { runtime::Method::DELETE },
        Method::Patch => quote! { runtime::Method::PATCH },
    };
    let body = match op.body {
        BodyEncoding::None => quote! { runtime::Body::Query },
        BodyEncoding::Form => quote! { runtime::Body::Form },
        BodyEncoding::Json => quote! { runtime::Body::Json },
    };
    let auth = {
        let headers: Vec<TokenStream> = super::credentials(op, &cx.access_token)
            .iter()
            .map(|credential| {
                let kind = match credential.kind {
                    HeaderKind::AccessToken => quote! { runtime::AuthKind::AccessToken },
                    HeaderKind::SessionToken => quote! { runtime::AuthKind::SessionToken },
                    HeaderKind::SessionSecret => quote! { runtime::AuthKind::SessionSecret },
                    _ => quote! { runtime::AuthKind::Basic },
                };
                let name = credential.name;
                let lowercase = name.to_ascii_lowercase();
                quote! { runtime::AuthHeader { name: #name, lowercase: #lowercase, kind: #kind } }
            })
            .collect();
        quote! { &[#(#headers),*] }
    };
    let name_str = &op.name;
    let path_str = &op.path;
    let idempotent = op.idempotent;
    let error_items = error_enum(op, &error, method_name);
    let method_doc = doc_lines(&operation_doc(cx, op, method_name));
    let stream = pagination(cx, op, &request, method_name);
    let mock_doc = doc_lines(&format!(
        "How the mock answers [`Client::{method_name}`](crate::Client::{method_name}) (`{} {}`); until told \
         otherwise, with the doc's example.",
        op.method.as_str(),
        op.path
    ));

    quote! {
        #request_doc
        #[derive(#derive_debug Clone, #derive_default)]
        #[non_exhaustive]
        pub struct #request {
            #(#struct_fields,)*
            options: runtime::CallOptions,
        }

        #debug_impl

        #required_struct

        impl #request {
            #new_fn

            #(#setters)*

            /// Sets this call's timeout, overriding the client's.
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Sets this call's retry policy, overriding the client's.
            pub fn with_retry(mut self, policy: runtime::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }
        }

        impl runtime::Request for #request {
            fn spec(&self) -> &'static runtime::Spec {
                static SPEC: runtime::Spec = runtime::Spec {
                    name: #name_str,
                    method: #http_method,
                    path: #path_str,
                    idempotent: #idempotent,
                    enveloped: #enveloped,
                    has_result: #has_result,
                    body: #body,
                    auth: #auth,
                    sensitive_url: #sensitive_url,
                };
                &SPEC
            }

            fn path(&self) -> Result<String, String> {
                #path_tokens
            }

            #params_fn

            #json_body

            fn options(&self) -> &runtime::CallOptions {
                &self.options
            }
        }

        impl runtime::Operation for #request {
            type Output = #output;
            type ErrorKind = #error;
        }

        #error_items

        #[cfg(feature = "mock")]
        impl crate::mock::MockServer {
            #mock_doc
            pub fn #method(&self) -> runtime::mock::OperationMock<'_, #output, #error> {
                self.operation(#name_str)
            }
        }

        impl crate::Client {
            #method_doc
            pub fn #method(&self, request: #request) -> impl std::future::Future<Output = Result<runtime::ApiResponse<#output>, runtime::OperationError<#error>>> + '_ {
                self.execute(request)
            }

            #stream
        }
    }
}

/// One member of a JSON body: a parameter, or an object member holding others (the doc's request sample nests
/// them so, `{"code": 1, "data": {...}}`), in the order the parameters come.
enum BodyEntry<'a> {
    Member(&'a Param),
    Container(String, Vec<BodyEntry<'a>>),
}

/// The JSON body's members as a tree of containers (`Param::container`).
fn body_tree(op: &Operation) -> Vec<BodyEntry<'_>> {
    fn place<'a>(entries: &mut Vec<BodyEntry<'a>>, path: &[String], param: &'a Param) {
        let Some((first, rest)) = path.split_first() else {
            entries.push(BodyEntry::Member(param));
            return;
        };
        let found = entries.iter().position(|e| matches!(e, BodyEntry::Container(key, _) if key == first));
        let idx = found.unwrap_or_else(|| {
            entries.push(BodyEntry::Container(first.clone(), Vec::new()));
            entries.len() - 1
        });
        if let BodyEntry::Container(_, inner) = &mut entries[idx] {
            place(inner, rest, param);
        }
    }
    let mut entries = Vec::new();
    for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        place(&mut entries, &param.container, param);
    }
    entries
}

/// The statements that fill the JSON object `var` with `entries`; a container is a nested object, always sent.
fn json_members(op: &Operation, entries: &[BodyEntry], var: &Ident, depth: usize) -> TokenStream {
    let statements = entries.iter().enumerate().map(|(idx, entry)| match entry {
        BodyEntry::Member(param) => {
            let wire = &param.wire;
            let source = value_field(op, param);
            quote! { runtime::push_json(&mut #var, #wire, &self.#source); }
        }
        BodyEntry::Container(key, inner) => {
            let child = format_ident!("member_{}_{}", depth, idx);
            let fill = json_members(op, inner, &child, depth + 1);
            quote! {
                {
                    let mut #child = serde_json::Map::new();
                    #fill
                    #var.insert(#key.to_owned(), serde_json::Value::Object(#child));
                }
            }
        }
    });
    quote! { #(#statements)* }
}

/// The request struct's field that holds a parameter's value: its own, or for a body parameter bound to a path
/// placeholder, the path parameter's.
fn value_field(op: &Operation, param: &Param) -> Ident {
    let path_param = param
        .bound_to_path
        .as_ref()
        .and_then(|name| op.params.iter().find(|q| q.location == ParamLocation::Path && &q.wire == name));
    ident(&path_param.unwrap_or(param).rust)
}

/// A description as one Markdown list item: its lines after the first indented, so they stay in the item.
fn list_item_text(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n  ")
}

fn operation_doc(cx: &Cx, op: &Operation, method_name: &str) -> String {
    let mut text = format!("{}\n\n`{} {}`", title_text(&op.title), op.method.as_str(), op.path);
    text.push_str(&format!(" (`{}`, line {}).", cx.doc.file, op.loc.line));
    let callable: Vec<&Param> = callable_params(op).collect();
    if !callable.is_empty() {
        text.push_str("\n\n# Parameters\n");
        for p in callable {
            let required = if p.required { "required" } else { "optional" };
            let wire = if p.wire == p.rust { String::new() } else { format!("`{}` on the wire, ", p.wire) };
            let values = enum_name(&p.ty).map_or_else(String::new, |name| format!(", values of [`{name}`]"));
            let description = described(cx, op, p);
            text.push_str(&format!(
                "\n- `{}` ({wire}{required}, {}{values}): {}",
                p.rust,
                location_text(op, p),
                list_item_text(&description)
            ));
        }
    }
    if !op.errors.is_empty() {
        let error = error_ident(op);
        text.push_str(&format!(
            "\n\n# Errors\n\nThe documented errors, as [`{error}`] kinds of `OperationError::Api`:\n"
        ));
        for e in &op.errors {
            let desc = if e.description.is_empty() { String::new() } else { format!(": {}", e.description) };
            text.push_str(&format!(
                "\n- `{}` `{}` ([`{}`]({error}::{})){desc}",
                e.status,
                e.message.trim(),
                e.rust,
                e.rust
            ));
        }
    }
    // The rule reads `safe to repeat: ...` or `not safe to repeat: ...`; a doc sentence starts with a capital.
    let rule = &op.idempotency.rule;
    let mut chars = rule.chars();
    let rule: String = chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect());
    if op.idempotent {
        text.push_str(&format!(
            "\n\n{rule}. The client retries it as its `RetryPolicy` says, and follows same-origin redirects for it \
             when the client's `RedirectPolicy` allows."
        ));
    } else {
        text.push_str(&format!(
            "\n\n{rule}. The client never sends it twice once a request may have reached a server, on a retry or a \
             redirect."
        ));
    }
    text.push_str(&format!("\n\n# Example\n\n{}", method_example(cx, op, method_name)));
    text
}

/// A compiled (not run) example of a call: the request with sample arguments, sent, the result printed.
fn method_example(cx: &Cx, op: &Operation, method_name: &str) -> String {
    let krate = cx.krate;
    let call = sample_call(&quote! {}, op);
    let method = ident(method_name);
    let code = code_text(quote! {
        let request = #call;
        let response = client.#method(request).await?;
        println!("{:?}", response.value);
    });
    let import = example_import(cx.krate, &cx.doc.module, op);
    format!(
        "```no_run\n# async fn example(client: &{krate}::Client) -> Result<(), {krate}::Error> {{\n{import}\n\n{code}\n# Ok(())\n# }}\n```"
    )
}

fn output_type(op: &Operation) -> (TokenStream, bool) {
    match op.response.as_ref().and_then(|r| r.ty.as_ref()) {
        Some(ty) => (rust_type(ty), true),
        None => (quote! { () }, false),
    }
}

/// The body of `Request::path`: the literal path, or the runtime's `fill_path` over the operation's path template
/// with a table of its parameters (one function for every operation, instead of a `format!` each).
fn path_tokens(op: &Operation) -> TokenStream {
    let mut values = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let name = &rest[open + 1..close];
        let param = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name);
        let field = ident(&param.map_or_else(|| naming::snake(name).unwrap_or_default(), |p| p.rust.clone()));
        let value = match param.map(|p| &p.ty) {
            Some(Type::String) | None => quote! { self.#field.as_str() },
            Some(_) => quote! { self.#field.to_string().as_str() },
        };
        values.push(quote! { (#name, #value) });
        rest = &rest[(close + 1).min(rest.len())..];
    }
    if values.is_empty() {
        let path = &op.path;
        quote! { Ok(#path.to_owned()) }
    } else {
        quote! { runtime::fill_path(runtime::Request::spec(self).path, &[#(#values),*]) }
    }
}

fn error_enum(op: &Operation, error: &Ident, method_name: &str) -> TokenStream {
    let variants: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|e| {
            let variant = ident(&e.rust);
            let desc = if e.description.is_empty() { String::new() } else { format!(": {}", e.description) };
            let doc = doc_lines(&format!("`{}` `{}`{desc}", e.status, e.message.trim()));
            match &e.pattern {
                Some(_) => {
                    let field = pattern_field(e);
                    let doc_field = comment_text(&format!(
                        " The value in place of `{}`.",
                        e.pattern.as_ref().map_or("", |p| p.placeholder.as_str())
                    ));
                    quote! { #doc #variant { #[doc = #doc_field] #field: String } }
                }
                None => quote! { #doc #variant },
            }
        })
        .collect();
    let exact_arms: Vec<TokenStream> = op
        .errors
        .iter()
        .filter(|e| e.pattern.is_none())
        .map(|e| {
            let variant = ident(&e.rust);
            let status = proc_macro2::Literal::u16_unsuffixed(e.status);
            let message = e.message.trim();
            quote! { (#status, #message) => return #error::#variant, }
        })
        .collect();
    let pattern_checks: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|e| {
            let pattern = e.pattern.as_ref()?;
            let variant = ident(&e.rust);
            let status = proc_macro2::Literal::u16_unsuffixed(e.status);
            let prefix = &pattern.prefix;
            let suffix = &pattern.suffix;
            let field = pattern_field(e);
            Some(quote! {
                if status == #status {
                    if let Some(value) = runtime::match_pattern(message, #prefix, #suffix) {
                        return #error::#variant { #field: value };
                    }
                }
            })
        })
        .collect();
    let to_envelope: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|e| {
            let variant = ident(&e.rust);
            let status = proc_macro2::Literal::u16_unsuffixed(e.status);
            match &e.pattern {
                Some(p) => {
                    let field = pattern_field(e);
                    let (prefix, suffix) = (&p.prefix, &p.suffix);
                    quote! { #error::#variant { #field } => (#status, #prefix, Some(#field.as_str()), #suffix), }
                }
                None => {
                    let message = e.message.trim();
                    quote! { #error::#variant => (#status, #message, None, ""), }
                }
            }
        })
        .collect();
    let names: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|e| {
            let variant = ident(&e.rust);
            let name = &e.rust;
            if e.pattern.is_some() {
                quote! { #error::#variant { .. } => #name, }
            } else {
                quote! { #error::#variant => #name, }
            }
        })
        .collect();
    let doc = doc_lines(&format!(
        "The errors the doc lists for [`Client::{method_name}`](crate::Client::{method_name}), matched by status and \
         message; anything else is `Other`."
    ));
    let exact_match = if exact_arms.is_empty() {
        quote! {}
    } else {
        quote! {
            match (status, message.trim()) {
                #(#exact_arms)*
                _ => {}
            }
        }
    };
    let uses_arguments = !exact_arms.is_empty() || !pattern_checks.is_empty();
    let (status_arg, message_arg) = if uses_arguments {
        (quote! { status }, quote! { message })
    } else {
        (quote! { _status }, quote! { _message })
    };
    let non_exhaustive = ERROR_ENUMS_NON_EXHAUSTIVE.then(|| quote! { #[non_exhaustive] });
    // An operation that documents no error has `Other` alone.
    let (to_envelope_body, name_body) = if op.errors.is_empty() {
        (quote! { None }, quote! { "Other" })
    } else {
        (
            quote! {
                let (status, text, value, suffix) = match self {
                    #(#to_envelope)*
                    #error::Other => return None,
                };
                runtime::envelope(status, text, value, suffix)
            },
            quote! {
                match self {
                    #(#names)*
                    #error::Other => "Other",
                }
            },
        )
    };
    // `PartialEq` for `assert_eq!` and `==` on a kind; no `Clone`, as the error that holds a kind is not `Clone`.
    quote! {
        #doc
        #[derive(Debug, PartialEq, Eq)]
        #non_exhaustive
        pub enum #error {
            #(#variants,)*
            /// A status or message the doc does not list for this operation (see the error's `status` and `message`).
            Other,
        }

        impl runtime::ErrorKind for #error {
            fn from_envelope(#status_arg: u16, #message_arg: &str) -> Self {
                #exact_match
                #(#pattern_checks)*
                #error::Other
            }

            // What the mock answers for a kind: compiled with the mock only.
            #[cfg(feature = "mock")]
            fn to_envelope(&self) -> Option<(u16, String)> {
                #to_envelope_body
            }

            fn name(&self) -> &'static str {
                #name_body
            }
        }
    }
}

/// The field of a pattern variant: `name` when the message is about a parameter, otherwise `value`.
fn pattern_field(error: &ErrorCase) -> Ident {
    let about_parameter = error.pattern.as_ref().is_some_and(|p| p.prefix.to_lowercase().contains("param"));
    ident(if about_parameter { "name" } else { "value" })
}

/// For a list operation (a `page` parameter, and a result with `hasNext` and one list of objects): a method that
/// pages through every item, as a stream that is `Unpin` (its page's future is boxed).
fn pagination(cx: &Cx, op: &Operation, request: &Ident, method_name: &str) -> TokenStream {
    let (Some(paging), Some(stream_name)) = (cx.doc.pagination(op), &op.stream_method) else {
        return quote! {};
    };
    let ir::Pagination { page, has_next, list, item } = paging;
    let item = rust_type(item);
    let page_field = ident(&page.rust);
    let list_field = ident(&list.rust);
    let has_next_field = ident(&has_next.rust);
    let has_next_value = if has_next.required && !has_next.nullable {
        quote! { result.#has_next_field }
    } else {
        quote! { result.#has_next_field.unwrap_or(false) }
    };
    let first_page: i64 = page.default.as_deref().and_then(|d| d.parse().ok()).unwrap_or(1);
    let stream = ident(stream_name);
    let krate = cx.krate;
    let import = example_import(cx.krate, &cx.doc.module, op);
    let call = sample_call(&quote! {}, op);
    let code = code_text(quote! {
        let mut items = client.#stream(#call);
        while let Some(item) = items.try_next().await? {
            println!("{item:?}");
        }
    });
    let doc = doc_lines(&format!(
        "Every item of [`Client::{method_name}`](crate::Client::{method_name}), page after page (from page \
         {first_page}, or the request's page) while the result says `hasNext`.\n\nThe request's other parameters \
         apply to every page; an error ends the stream after it is yielded. The stream is boxed, so it is `Unpin` \
         and `Send`.\n\n# Example\n\n```no_run\n# async fn example(client: &{krate}::Client) -> Result<(), \
         {krate}::Error> {{\nuse futures_util::TryStreamExt;\n{import}\n\n{code}\n\
         # Ok(())\n# }}\n```"
    ));
    quote! {
        #doc
        pub fn #stream(&self, request: #request) -> runtime::Paginated<'_, #request, #item> {
            let first = request.#page_field.unwrap_or(#first_page);
            runtime::paginate(
                self,
                request,
                |request, page| request.#page_field = Some(page),
                first,
                |result| (result.#list_field, #has_next_value),
            )
        }
    }
}

/// The expression that builds a request for `op` with sample arguments (`module` is the path to the doc module):
/// the same values as the request-pinning tests (`requests.rs`).
fn sample_call(module: &TokenStream, op: &Operation) -> TokenStream {
    let request = request_ident(op);
    let mut args = Vec::new();
    let mut named = Vec::new();
    let mut setters = Vec::new();
    let by_name = named_required(op);
    for (idx, param) in op.params.iter().enumerate() {
        if param.bound_to_path.is_some() {
            continue;
        }
        let (value, _) = sample(module, param, idx);
        if param.required {
            let field = ident(&param.rust);
            named.push(quote! { #field: #value });
            args.push(value);
        } else {
            let setter = ident(&naming::setter_name(&param.rust));
            setters.push(quote! { .#setter(#value) });
        }
    }
    let request = prefixed(module, &request);
    if by_name {
        let required = prefixed(module, &required_ident(op));
        quote! { #request::new(#required { #(#named),* }) #(#setters)* }
    } else {
        quote! { #request::new(#(#args),*) #(#setters)* }
    }
}

/// `module::name`, or `name` alone when `module` is empty (the examples of doc comments import what they use).
fn prefixed(module: &TokenStream, name: &Ident) -> TokenStream {
    if module.is_empty() {
        quote! { #name }
    } else {
        quote! { #module::#name }
    }
}

/// The `use` line of a doc comment's example of `op`: the request struct, its required struct, and the enums of
/// its sample arguments.
fn example_import(krate: &Ident, module: &str, op: &Operation) -> String {
    let mut names: Vec<String> = Vec::new();
    names.push(request_ident(op).to_string());
    if named_required(op) {
        names.push(required_ident(op).to_string());
    }
    for param in callable_params(op) {
        if let Some(name) = enum_name(&param.ty) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    let path = format!("{krate}::{module}");
    if names.len() == 1 {
        format!("use {path}::{};", names[0])
    } else {
        format!("use {path}::{{{}}};", names.join(", "))
    }
}

/// One test per doc example: it must decode through the generated model of its operation.
fn examples_test(api: &ir::Api, krate: &Ident) -> String {
    let mut tests = Vec::new();
    for doc in &api.docs {
        let module = ident(&doc.module);
        for op in doc.live_operations() {
            let Some(response) = &op.response else { continue };
            let Some(example) = &response.example else { continue };
            let request = request_ident(op);
            // Client methods are unique in the crate, and nothing but digits follows the last `_line_`: the test
            // names are unique too.
            let test = format_ident!("{}_line_{}", op.client_method, response.loc.line);
            let (enveloped, has_result) = (response.enveloped, response.ty.is_some());
            let body = example.to_string();
            let place = format!("{}:{}", display_name(&doc.file), response.loc.line);
            tests.push(quote! {
                #[test]
                fn #test() {
                    let body = #body;
                    if let Err(err) = decode::<::#krate::#module::#request>(body, #enveloped, #has_result) {
                        panic!("{}: the doc's example does not decode: {err}", #place);
                    }
                }
            });
        }
    }
    let tokens = quote! {
        //! Every response example of the docs decodes through the generated models.
        //! The examples are the docs' own, repaired into JSON (`...` placeholders become `null`).

        use ::#krate::runtime::{self, Operation};

        /// Decodes an example the way the client decodes a response: its `result` (or the whole body, when the
        /// doc shows no envelope) through the runtime's lenient decoder.
        fn decode<O: Operation>(body: &str, enveloped: bool, has_result: bool) -> Result<(), String> {
            let value: serde_json::Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let payload = if enveloped { value.get("result").cloned().unwrap_or(serde_json::Value::Null) } else { value };
            if has_result {
                runtime::lenient::from_slice::<O::Output>(payload.to_string().as_bytes()).map_err(|e| e.to_string())?;
            }
            Ok(())
        }

    };
    format_items(tokens, tests)
}

/// A sample value for a parameter in the request-pinning tests, and its wire text.
fn sample(module: &TokenStream, param: &Param, idx: usize) -> (TokenStream, Vec<String>) {
    let scalar = |ty: &Type, idx: usize| -> (TokenStream, String) { scalar_sample(module, ty, idx) };
    fn scalar_sample(module: &TokenStream, ty: &Type, idx: usize) -> (TokenStream, String) {
        match ty {
            Type::String => {
                let text = format!("v{idx}");
                (quote! { #text }, text)
            }
            Type::Any | Type::Object { .. } => {
                let text = format!("v{idx}");
                (quote! { serde_json::Value::String(#text.to_owned()) }, text)
            }
            Type::Integer | Type::Long | Type::Int32 => {
                let n = 10 + idx as u64;
                let literal = proc_macro2::Literal::u64_unsuffixed(n);
                (quote! { #literal }, n.to_string())
            }
            Type::Number => (quote! { 1.5 }, "1.5".to_owned()),
            Type::Boolean => (quote! { true }, "true".to_owned()),
            Type::Enum { name, options, .. } => {
                let ty = prefixed(module, &ident(name));
                match options.first() {
                    Some(first) => {
                        let variant = ident(&first.rust);
                        (quote! { #ty::#variant }, first.wire.clone())
                    }
                    None => (quote! { #ty::Unknown("x".to_owned()) }, "x".to_owned()),
                }
            }
            Type::Array { items } => scalar_sample(module, items, idx),
        }
    }
    match &param.ty {
        Type::Array { items } => {
            let (a, a_text) = scalar(items, idx);
            let (b, b_text) = scalar(items, idx + 100);
            let convert = if matches!(**items, Type::String) {
                quote! { .to_owned() }
            } else {
                quote! {}
            };
            (quote! { vec![#a #convert, #b #convert] }, vec![a_text, b_text])
        }
        Type::Any => {
            let text = format!("v{idx}");
            (quote! { serde_json::Value::String(#text.to_owned()) }, vec![text])
        }
        other => {
            let (value, text) = scalar(other, idx);
            (value, vec![text])
        }
    }
}

/// One test per operation pinning the exact request the client builds: method, URL, auth headers and body.
fn requests_test(api: &ir::Api, method_names: &[Vec<String>], krate: &Ident) -> String {
    let mut tests = Vec::new();
    for (doc_idx, doc) in api.docs.iter().enumerate() {
        let module = ident(&doc.module);
        let module = quote! { ::#krate::#module };
        let access_token = super::access_token_header(doc);
        for (op, method_name) in doc.live_operations().zip(&method_names[doc_idx]) {
            let call = sample_call(&module, op);
            let mut path_values: Vec<(String, String)> = Vec::new();
            let mut pairs: Vec<(String, String)> = Vec::new();
            let mut values: Vec<(String, Vec<String>)> = Vec::new();
            for (idx, param) in op.params.iter().enumerate() {
                if param.bound_to_path.is_some() {
                    continue;
                }
                let (_, texts) = sample(&module, param, idx);
                if param.location == ParamLocation::Path {
                    path_values.push((param.wire.clone(), texts[0].clone()));
                }
                values.push((param.wire.clone(), texts));
            }
            if let Some(rpc) = &op.rpc {
                pairs.push((rpc.field.clone(), rpc.value.to_string()));
            }
            for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
                let source = param.bound_to_path.as_deref().unwrap_or(&param.wire);
                let texts = values.iter().find(|(w, _)| w == source).map(|(_, t)| t.clone()).unwrap_or_default();
                match param.encoding.separator() {
                    Some(separator) if !texts.is_empty() => pairs.push((param.wire.clone(), texts.join(separator))),
                    _ => pairs.extend(texts.into_iter().map(|text| (param.wire.clone(), text))),
                }
            }
            let mut path = op.path.clone();
            for (name, value) in &path_values {
                path = path.replace(&format!("{{{name}}}"), value);
            }
            let path = url_path_encode(&path);
            let encoded = form_encode(&pairs);
            let (url, body) = match op.body {
                BodyEncoding::None if encoded.is_empty() => (format!("http://127.0.0.1:9{path}"), String::new()),
                BodyEncoding::None => (format!("http://127.0.0.1:9{path}?{encoded}"), String::new()),
                BodyEncoding::Form => (format!("http://127.0.0.1:9{path}"), encoded),
                BodyEncoding::Json => {
                    let mut object = serde_json::Map::new();
                    if let Some(rpc) = &op.rpc {
                        object.insert(rpc.field.clone(), rpc.value.into());
                    }
                    fn fill(
                        op: &Operation,
                        entries: &[BodyEntry],
                        values: &[(String, Vec<String>)],
                        object: &mut serde_json::Map<String, serde_json::Value>,
                    ) {
                        for entry in entries {
                            match entry {
                                BodyEntry::Member(param) => {
                                    let source = param.bound_to_path.as_deref().unwrap_or(&param.wire);
                                    let source_ty =
                                        op.params.iter().find(|p| p.wire == source).map_or(&param.ty, |p| &p.ty);
                                    if let Some((_, texts)) = values.iter().find(|(w, _)| w == source) {
                                        object.insert(param.wire.clone(), json_sample(source_ty, texts));
                                    }
                                }
                                BodyEntry::Container(key, inner) => {
                                    let mut child = serde_json::Map::new();
                                    fill(op, inner, values, &mut child);
                                    object.insert(key.clone(), serde_json::Value::Object(child));
                                }
                            }
                        }
                    }
                    fill(op, &body_tree(op), &values, &mut object);
                    (format!("http://127.0.0.1:9{path}"), serde_json::Value::Object(object).to_string())
                }
            };
            let method = op.method.as_str();
            let set = super::credentials(op, &access_token);
            let header_checks: Vec<TokenStream> = set
                .iter()
                .map(|credential| {
                    let name = credential.name.to_ascii_lowercase();
                    let value = match credential.kind {
                        HeaderKind::AccessToken => "token-1",
                        HeaderKind::SessionToken => "session-1",
                        HeaderKind::SessionSecret => "secret-1",
                        _ => "Basic c2Vzc2lvbi0xOnNlY3JldC0x",
                    };
                    quote! { assert_eq!(request.headers()[#name], #value); }
                })
                .collect();
            let content_type = match op.body {
                BodyEncoding::Form => quote! {
                    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
                },
                BodyEncoding::Json => quote! { assert_eq!(request.headers()["content-type"], "application/json"); },
                BodyEncoding::None => quote! { assert!(request.body().is_none()); },
            };
            let n_headers = set.len() + usize::from(op.body != BodyEncoding::None);
            // Client methods are unique in the crate; the helpers live in `support`, another namespace.
            let test = ident(method_name);
            tests.push(quote! {
                #[test]
                fn #test() {
                    let request = support::client().build_request(&#call).unwrap();
                    assert_eq!(request.method().as_str(), #method);
                    assert_eq!(request.url().as_str(), #url);
                    #(#header_checks)*
                    #content_type
                    assert_eq!(request.headers().len(), #n_headers);
                    assert_eq!(support::body(&request), #body);
                }
            });
        }
    }
    let tokens = quote! {
        //! The exact HTTP request the client builds for every operation: method, URL, headers and body.

        /// The client every test builds its request with, and the request's body as text.
        mod support {
            pub fn client() -> ::#krate::Client {
                ::#krate::Client::builder()
                    .base_url("http://127.0.0.1:9")
                    .credentials(::#krate::Credentials::new().with_access_token("token-1").with_session("session-1", "secret-1"))
                    .build()
                    .unwrap()
            }

            pub fn body(request: &::#krate::reqwest::Request) -> String {
                request
                    .body()
                    .and_then(|b| b.as_bytes())
                    .map(|b| String::from_utf8(b.to_vec()).unwrap())
                    .unwrap_or_default()
            }
        }

    };
    format_items(tokens, tests)
}

/// The JSON a sample value serializes to.
fn json_sample(ty: &Type, texts: &[String]) -> serde_json::Value {
    let one = |ty: &Type, text: &str| match ty {
        Type::Integer | Type::Long | Type::Int32 => text.parse::<i64>().map_or(serde_json::Value::Null, Into::into),
        Type::Number => text.parse::<f64>().map_or(serde_json::Value::Null, Into::into),
        Type::Boolean => (text == "true").into(),
        _ => text.into(),
    };
    match ty {
        Type::Array { items } => serde_json::Value::Array(texts.iter().map(|t| one(items, t)).collect()),
        other => texts.first().map_or(serde_json::Value::Null, |t| one(other, t)),
    }
}

/// `application/x-www-form-urlencoded` serialization, as the runtime produces it.
fn form_encode(pairs: &[(String, String)]) -> String {
    fn encode(text: &str) -> String {
        let mut out = String::new();
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(byte as char),
                b' ' => out.push('+'),
                other => out.push_str(&format!("%{other:02X}")),
            }
        }
        out
    }
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// `tests/calls/mod.rs`: one function per operation returning a request with valid sample arguments, and the
/// `every_request!` macro that hands all of them, in doc order, to a callback macro. Tests that must reach every
/// operation (here `operations.rs`; in this project also `tests/it/operations.rs`) take the list from here, so an
/// operation added to the doc needs no hand edit of a test.
fn calls_module(api: &ir::Api, method_names: &[Vec<String>], krate: &Ident) -> String {
    let mut functions = Vec::new();
    let mut names = Vec::new();
    for (doc_idx, doc) in api.docs.iter().enumerate() {
        let module = ident(&doc.module);
        for (op, method_name) in doc.live_operations().zip(&method_names[doc_idx]) {
            let request_ty = request_ident(op);
            let function = format_ident!("{}_{}", doc.module, method_name);
            let request = sample_call(&quote! { #module }, op);
            let doc_line = format!(" `{}`: `{} {}`, with sample arguments.", op.name, op.method.as_str(), op.path);
            functions.push(quote! {
                #[doc = #doc_line]
                #[allow(dead_code, reason = "a test crate that mounts this module may use only some requests")]
                pub fn #function() -> #krate::#module::#request_ty {
                    use #krate::#module;
                    #request
                }
            });
            names.push(function);
        }
    }
    let head = quote! {
        //! One request per operation with valid sample arguments, for tests that must reach every operation.
        //! Mount it as `mod calls;` and call `calls::every_request!(callback)` where `calls` is in scope:
        //! `callback![request, ...]` receives every operation's request, in doc order.
    };
    let macro_item = quote! {
        /// Expands `$callback![...]` with one sample request per operation, in doc order.
        #[allow(unused_macros, reason = "a test crate that mounts this module may not need the whole list")]
        macro_rules! every_request {
            ($callback:ident) => {
                $callback! { #(calls::#names()),* }
            };
        }
        #[allow(unused_imports, reason = "a test crate that mounts this module may not need the whole list")]
        pub(crate) use every_request;
    };
    format_items(head, functions.into_iter().chain([macro_item]))
}

/// The variant a client decodes an error envelope into, computed here from the IR as the runtime's
/// `from_envelope` matches (exact messages first, then patterns in doc order), with the placeholder's value.
fn decoded_case<'a>(op: &'a Operation, status: u16, message: &str) -> Option<(&'a ErrorCase, Option<String>)> {
    let exact = op.errors.iter().find(|e| e.pattern.is_none() && e.status == status && e.message.trim() == message);
    if let Some(case) = exact {
        return Some((case, None));
    }
    op.errors.iter().find_map(|e| {
        let pattern = e.pattern.as_ref().filter(|_| e.status == status)?;
        let rest = message.trim().strip_prefix(pattern.prefix.trim_start())?;
        let value = rest.strip_suffix(pattern.suffix.as_str())?;
        Some((e, Some(value.trim().to_owned())))
    })
}

/// The message the platform sends for a documented error: the doc's text, with `flavor` in a placeholder's place.
fn wire_message(case: &ErrorCase) -> String {
    match &case.pattern {
        Some(pattern) => format!("{}flavor{}", pattern.prefix, pattern.suffix).trim().to_owned(),
        None => case.message.trim().to_owned(),
    }
}

/// `tests/operations.rs` (with the `mock` feature): every operation against the crate's loopback mock. Each call
/// with sample arguments decodes the doc's example (unless another operation shares its method and path, as
/// RPC-style ones do), and every documented error, sent inside an HTTP 200 and with its own status, comes back
/// as its variant with the envelope's status and message.
fn operations_test(api: &ir::Api, method_names: &[Vec<String>], krate: &Ident) -> String {
    let mut tests = Vec::new();
    for (doc_idx, doc) in api.docs.iter().enumerate() {
        let module = ident(&doc.module);
        for (op, method_name) in doc.live_operations().zip(&method_names[doc_idx]) {
            let method = ident(method_name);
            let function = format_ident!("{}_{}", doc.module, method_name);
            let error = error_ident(op);
            // The mock tells RPC-style operations on one URL apart by their selector; others on one method and
            // path cannot be.
            let success = if shares_path(doc, op) && op.rpc.is_none() {
                quote! {}
            } else {
                quote! {
                    let mock = mock::MockServer::start().await;
                    if let Err(err) = mock.client().#method(calls::#function()).await {
                        panic!("the doc's example does not come back through the mock: {err}");
                    }
                }
            };
            let mut cases = Vec::new();
            for case in &op.errors {
                let message = wire_message(case);
                let Some((decoded, value)) = decoded_case(op, case.status, &message) else { continue };
                let variant = ident(&decoded.rust);
                let expected = match value {
                    Some(value) => {
                        let field = pattern_field(decoded);
                        quote! { #module::#error::#variant { #field: #value.to_owned() } }
                    }
                    None => quote! { #module::#error::#variant },
                };
                let status = proc_macro2::Literal::u16_unsuffixed(case.status);
                cases.push(quote! { (#status, #message, #expected) });
            }
            let errors = if cases.is_empty() {
                quote! {}
            } else {
                quote! {
                    let cases = [#(#cases),*];
                    for (status, message, expected) in cases {
                        for http_status in [200, status] {
                            let mock = mock::MockServer::start().await;
                            mock.#method().fail_with_envelope(http_status, status, message);
                            let context = format!("{status} {message:?} over HTTP {http_status}");
                            match mock.client().#method(calls::#function()).await {
                                Err(OperationError::Api { status: got_status, message: got_message, kind, .. }) => {
                                    assert_eq!((got_status, got_message.as_str()), (status, message), "{context}");
                                    assert_eq!(kind, expected, "{context}");
                                    let (sent_status, sent_message) = runtime::ErrorKind::to_envelope(&expected)
                                        .unwrap_or_else(|| panic!("{context}: a documented kind has an envelope"));
                                    assert_eq!(
                                        <#module::#error as runtime::ErrorKind>::from_envelope(sent_status, &sent_message),
                                        expected,
                                        "{context}: the kind's own envelope decodes to the kind"
                                    );
                                }
                                other => panic!("{context}: expected the documented error, got {other:?}"),
                            }
                        }
                    }
                }
            };
            let test = format_ident!("{}_{}", doc.module, method_name);
            tests.push(quote! {
                #[tokio::test]
                async fn #test() {
                    #success
                    #errors
                }
            });
        }
    }
    let head = quote! {
        //! Every operation against the crate's loopback mock (feature `mock`): a call with sample arguments decodes
        //! the doc's example, and every documented error, inside an HTTP 200 and with its own status, comes back as
        //! its variant.
        #![cfg(feature = "mock")]

        mod calls;

        use #krate::*;
    };
    format_items(head, tests)
}
