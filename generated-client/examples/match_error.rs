//! Matches on the documented errors of a call: the doc lists what `create_server` can fail with, and each is a
//! variant of `CreateServerError`.
//!
//! `cargo run -p htaiyun-client --example match_error --features mock`.

use htaiyun_client::mock::MockServer;
use htaiyun_client::servers::{CreateServerError, CreateServerRequest, CreateServerRequired};
use htaiyun_client::OperationError;

#[tokio::main]
async fn main() {
    let mock = MockServer::start().await;
    mock.create_server().fail_with(CreateServerError::FlavorNotExists);
    let client = mock.client();
    let request = CreateServerRequest::new(CreateServerRequired {
        userid: 7,
        name: "web-1",
        flavor: "no-such-flavor",
        image: "image-debian",
    });
    match client.create_server(request).await {
        Ok(created) => println!("created {:?}", created.unique),
        Err(OperationError::Api { kind: CreateServerError::FlavorNotExists, message, .. }) => {
            println!("pick another flavor (the platform said `{message}`)")
        }
        Err(OperationError::Api { kind: CreateServerError::MissingParameter { name }, .. }) => {
            println!("missing `{name}`")
        }
        Err(OperationError::Timeout { timeout, .. }) => println!("no answer within {timeout:?}"),
        Err(other) => println!("failed: {other}"),
    }
}
