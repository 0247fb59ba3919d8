//! Every operation of the generated client, called with valid arguments, and what came back in a comparable form.
//! The Prism conformance test and the fault tests share this list, which is the generated crate's own
//! (`generated-client/tests/calls/mod.rs`, one request per operation with sample arguments);
//! `the_list_covers_every_operation` checks it against the operations of the IR.

use std::fmt::Debug;

use htaiyun_client::runtime::{ErrorKind, HeaderMap, Operation};
use htaiyun_client::{ApiResponse, Client, OperationError};

/// What one call gave, with the typed parts made comparable across operations.
#[derive(Debug)]
#[allow(dead_code, reason = "some fields are only read through `Debug`, in assertion messages")]
pub enum Outcome {
    /// A decoded success: the response headers and the decoded value's `Debug`.
    Ok { headers: HeaderMap, value: String },
    /// An error envelope: its status and message, the kind's `Debug`, and the envelope the kind stands for.
    Api { status: u16, message: String, kind: String, kind_envelope: Option<(u16, String)> },
    /// Any other error, as the error's `Display`.
    Failed(String),
}

async fn run<O: Operation>(client: &Client, request: O) -> Outcome
where
    O::Output: Debug,
{
    let result: Result<ApiResponse<O::Output>, OperationError<O::ErrorKind>> = client.execute(request).await;
    match result {
        Ok(response) => Outcome::Ok { value: format!("{:?}", response.value), headers: response.headers },
        Err(OperationError::Api { status, message, kind, .. }) => {
            Outcome::Api { status, message, kind: format!("{kind:?}"), kind_envelope: kind.to_envelope() }
        }
        Err(other) => Outcome::Failed(other.to_string()),
    }
}

fn name_of<O: Operation>(request: &O) -> &'static str {
    request.spec().name
}

/// Defines `names()` and `call()` over one request per operation.
macro_rules! every_operation {
    ($($request:expr),* $(,)?) => {
        /// Every operation's name (its `operationId`), in doc order.
        pub fn names() -> Vec<&'static str> {
            vec![$(name_of(&$request)),*]
        }

        /// Calls the operation named `name` with valid arguments.
        pub async fn call(client: &Client, name: &str) -> Outcome {
            $(
                if name_of(&$request) == name {
                    return run(client, $request).await;
                }
            )*
            panic!("no operation named `{name}`")
        }
    };
}

// The generated crate's list of sample requests: one per operation of the doc, in doc order, so an operation
// added to the doc is called here without a hand edit.
#[path = "../../generated-client/tests/calls/mod.rs"]
mod calls;

calls::every_request!(every_operation);

/// The IR of `spec/`, as `cargo xtask gen` builds it (every `.md`, sorted, with the overrides).
pub fn spec_api() -> generator::ir::Api {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut docs: Vec<_> = std::fs::read_dir(&spec)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    let sources: Vec<_> = docs
        .iter()
        .map(|path| generator::Source::new(path.file_name().unwrap().to_string_lossy(), std::fs::read(path).unwrap()))
        .collect();
    let overrides = generator::Source::new("overrides.toml", std::fs::read(spec.join("overrides.toml")).unwrap());
    generator::compile(&sources, Some(&overrides)).api.expect("spec/ compiles without errors")
}

/// The operations the client has: those of the IR that no other section superseded.
pub fn spec_operations() -> Vec<generator::ir::Operation> {
    let api = spec_api();
    api.docs.into_iter().flat_map(|doc| doc.operations).filter(|op| op.superseded_by.is_none()).collect()
}

#[test]
fn the_list_covers_every_operation() {
    let in_ir: Vec<String> = spec_operations().into_iter().map(|op| op.name).collect();
    assert_eq!(names(), in_ir, "the generated list of requests (left) against the IR's live operations (right)");
}
