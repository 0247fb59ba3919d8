//! The generated Prism conformance test (`tests/prism.rs` of every generated crate): every operation, called with
//! the same valid arguments as the request-pinning tests, against Prism's mock of the crate's own `openapi.json`.
//!
//! Each call must pass Prism's request validation (no 4xx, no `sl-violations` header) and decode Prism's answer.
//! Then, for each documented error status of the operation, the call is repeated through a loopback proxy that
//! adds `Prefer: code=STATUS, example=KEY` (Prism then answers with that response and that example), and the
//! client must return the documented error as its typed kind. `bash .ci/prism.sh` starts Prism and sets
//! `PRISM_URL`; without it the test says it is skipped.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{client_method_names, format_items, ident, sample_call};
use crate::ir;

/// The test file's source.
pub(super) fn prism_test(api: &ir::Api, krate: &Ident) -> String {
    let method_names = client_method_names(api);
    let mut checks = Vec::new();
    for (doc_idx, doc) in api.docs.iter().enumerate() {
        let module = ident(&doc.module);
        for (op, method_name) in doc.live_operations().zip(&method_names[doc_idx]) {
            checks.push(operation_check(&module, op, method_name));
        }
    }
    let n_operations = checks.len();
    let head = quote! {
        //! Conformance against Prism, a mock server built from this crate's `openapi.json` by nobody on this team:
        //! every operation passes Prism's request validation and decodes its answer, and every documented error
        //! status, asked for with `Prefer: code=...`, comes back as the operation's typed error.
        //! Runs when `PRISM_URL` is set (`bash .ci/prism.sh` starts Prism); otherwise it says it is skipped.

        use #krate::runtime::ErrorKind;
        use #krate::*;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        fn client(base_url: &str) -> Client {
            Client::builder()
                .base_url(base_url)
                .credentials(Credentials::new().with_access_token("token-1").with_session("session-1", "secret-1"))
                .retry(RetryPolicy::none())
                .build()
                .unwrap()
        }

        /// A proxy on 127.0.0.1 and a free port that forwards each connection to `upstream` and adds a `Prefer`
        /// header to its request: a documented error response, asked for the way Prism understands.
        async fn prefer(upstream: &str, status: u16, example: &str) -> String {
            let target = upstream.trim_start_matches("http://").trim_end_matches('/').to_owned();
            let line = format!("Prefer: code={status}, example={example}\r\n");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            tokio::spawn(async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    let (target, line) = (target.clone(), line.clone());
                    tokio::spawn(async move {
                        let mut head = Vec::new();
                        let mut byte = [0u8; 1];
                        while !head.ends_with(b"\r\n\r\n") {
                            match inbound.read(&mut byte).await {
                                Ok(1) => head.push(byte[0]),
                                _ => return,
                            }
                        }
                        let Some(first_line) = head.windows(2).position(|w| w == b"\r\n") else { return };
                        let mut request = head[..first_line + 2].to_vec();
                        request.extend_from_slice(line.as_bytes());
                        request.extend_from_slice(&head[first_line + 2..]);
                        let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else { return };
                        if outbound.write_all(&request).await.is_ok() {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                }
            });
            format!("http://{address}")
        }

        #[tokio::test]
        async fn every_operation_and_documented_error_against_prism() {
            let Ok(url) = std::env::var("PRISM_URL") else {
                eprintln!("skipped: PRISM_URL is unset; `bash .ci/prism.sh` starts Prism and runs this test");
                return;
            };
            let mut failures: Vec<String> = Vec::new();
            let mut n_statuses = 0usize;
            #(#checks)*
            assert_eq!(failures, Vec::<String>::new());
            eprintln!("prism: {} operations and {} error statuses passed", #n_operations, n_statuses);
        }
    };
    format_items(head, Vec::new())
}

/// The calls of one operation: the success, then one per documented error status.
fn operation_check(module: &Ident, op: &ir::Operation, method_name: &str) -> TokenStream {
    let method = ident(method_name);
    let call = sample_call(&quote! { #module }, op);
    // Prism answers a status with its first example unless told which: the first error the doc lists for that
    // status, whose example key in `openapi.json` is its variant name (the first of a status is never renamed).
    let mut statuses: Vec<(u16, &ir::ErrorCase)> = Vec::new();
    for error in &op.errors {
        if !statuses.iter().any(|(status, _)| *status == error.status) {
            statuses.push((error.status, error));
        }
    }
    let errors: Vec<TokenStream> = statuses
        .iter()
        .map(|(status, error)| {
            let status = proc_macro2::Literal::u16_unsuffixed(*status);
            let key = &error.rust;
            let message = error.message.trim();
            quote! { (#status, #key, #message) }
        })
        .collect();
    let name = &op.name;
    quote! {
        {
            let request = || #call;
            match client(&url).#method(request()).await {
                Ok(response) if !response.headers.contains_key("sl-violations") => {}
                Ok(response) => failures.push(format!("{}: sl-violations {:?}", #name, response.headers.get("sl-violations"))),
                Err(err) => failures.push(format!("{}: {err:?}", #name)),
            }
            let errors: &[(u16, &str, &str)] = &[#(#errors),*];
            for &(status, example, message) in errors {
                n_statuses += 1;
                let proxy = prefer(&url, status, example).await;
                match client(&proxy).#method(request()).await {
                    Err(err) if err.status() == Some(status)
                        && err.message().map(str::trim) == Some(message)
                        && err.kind().map(ErrorKind::name) == Some(example) => {}
                    Err(err) => failures.push(format!("{} {status}: {err:?}", #name)),
                    Ok(_) => failures.push(format!("{} {status}: a success", #name)),
                }
            }
        }
    }
}
