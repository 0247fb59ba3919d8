//! Creates a server and prints what the platform returns.
//!
//! Runs against the crate's loopback mock server, which answers with the doc's own example:
//! `cargo run -p htaiyun-client --example create_server --features mock`.

use htaiyun_client::mock::MockServer;
use htaiyun_client::servers::{CreateServerRequest, CreateServerRequired};

#[tokio::main]
async fn main() -> Result<(), htaiyun_client::Error> {
    let mock = MockServer::start().await;
    let client = mock.client();
    // Three required parameters are strings: `new` takes them by name, so they cannot be swapped.
    let request = CreateServerRequest::new(CreateServerRequired {
        userid: 7,
        name: "web-1",
        flavor: "flavor-small",
        image: "image-debian",
    })
    .with_description("front end");
    let created = client.create_server(request).await?;
    println!("created server {:?} named {:?} (HTTP {})", created.unique, created.name, created.http_status);
    Ok(())
}
