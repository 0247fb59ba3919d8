//! Lists every server, page after page, with the auto-paginating stream.
//!
//! Runs against the crate's loopback mock server (no network): `cargo run -p htaiyun-client --example list_servers
//! --features mock`. Against the platform, build the client with `Client::builder()` and your credentials instead.

use futures_util::TryStreamExt;
use htaiyun_client::mock::MockServer;
use htaiyun_client::servers::{Entity, ListServersRequest, ListServersResult, ServerStatus};

#[tokio::main]
async fn main() -> Result<(), htaiyun_client::Error> {
    let mock = MockServer::start().await;
    // One page that says there is no next page; the stream stops after it.
    // The fields every response carries (the doc marks them required and every example shows them) are plain values.
    let server = |unique: i64, name: &str| Entity {
        unique,
        name: name.to_owned(),
        status: ServerStatus::Active,
        created: None,
        updated: None,
        flavor: None,
    };
    let page = ListServersResult {
        has_previous: false,
        has_next: false,
        total: 2,
        entites: vec![server(1, "web-1"), server(2, "web-2")],
    };
    mock.list_servers().respond_with(&page);
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
