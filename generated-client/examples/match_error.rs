//! Matches on the documented errors of a call: the doc lists what `create_server` can fail with, and each is a
//! variant of `CreateServerError`.
//!
//! `cargo run -p htaiyun-client --example match_error --features mock`.

use htaiyun_client::mock::MockServer;
use htaiyun_client::servers::{CreateServerError, CreateServerRequest};
use htaiyun_client::Error;

#[tokio::main]
async fn main() {
    let mock = MockServer::start().await;
    mock.create_server().fail_with(CreateServerError::FlavorNotExists).await;
    let client = mock.client();
    match client.create_server(CreateServerRequest::new(7, "web-1", "no-such-flavor", "image-debian")).await {
        Ok(created) => println!("created {:?}", created.unique),
        Err(Error::Api { kind: CreateServerError::FlavorNotExists, message, .. }) => {
            println!("pick another flavor (the platform said `{message}`)")
        }
        Err(Error::Api { kind: CreateServerError::MissingParameter { name }, .. }) => println!("missing `{name}`"),
        Err(Error::Timeout { timeout, .. }) => println!("no answer within {timeout:?}"),
        Err(other) => println!("failed: {other}"),
    }
}
