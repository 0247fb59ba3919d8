//! Lists every server, page after page, with the auto-paginating stream.
//!
//! Runs against the crate's loopback mock server (no network): `cargo run -p htaiyun-client --example list_servers
//! --features mock`. Against the platform, build the client with `Client::builder()` and your credentials instead.

use futures_util::TryStreamExt;
use htaiyun_client::mock::MockServer;
use htaiyun_client::servers::{ListServersRequest, ListServersResult, ServerStatus};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await;
    // One page that says there is no next page; the stream stops after it.
    let page = ListServersResult {
        has_next: Some(false),
        total: Some(2),
        entites: vec![Default::default(), Default::default()],
        ..Default::default()
    };
    mock.list_servers().respond_with(&page).await;
    let client = mock.client();
    let servers: Vec<_> = client
        .list_servers_stream(ListServersRequest::new().with_status(ServerStatus::Active).with_offset(50))
        .try_collect()
        .await?;
    println!("{} servers", servers.len());
    for server in &servers {
        println!("{:?} {:?} {:?}", server.unique, server.name, server.status);
    }
    Ok(())
}
