//! Creates a server and prints what the platform returns.
//!
//! Runs against the crate's loopback mock server, which answers with the doc's own example:
//! `cargo run -p htaiyun-client --example create_server --features mock`.

use htaiyun_client::mock::MockServer;
use htaiyun_client::servers::CreateServerRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await;
    let client = mock.client();
    let request = CreateServerRequest::new(7, "web-1", "flavor-small", "image-debian").with_description("front end");
    let created = client.create_server(request).await?;
    println!("created server {:?} named {:?} (HTTP {})", created.unique, created.name, created.http_status);
    Ok(())
}
