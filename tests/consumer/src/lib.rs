//! A small service written against `htaiyun-client` the way its README shows: `?` across operations into the
//! crate-level `Error`, a shared predicate, what an error carries (HTTP status, headers, request id), a typed
//! enum field, and the paging stream. Its tests (`src/tests.rs`) run it against the crate's mock.

use futures_util::TryStreamExt;
use htaiyun_client::servers::{GetServerStatusRequest, ListServersRequest, ServerStatus};
use htaiyun_client::{Client, Error};

/// The first active server and its status result, or `None` when no server is active: two operations, one `?`
/// each, into the crate-level error.
pub async fn first_active(client: &Client) -> Result<Option<(i64, String)>, Error> {
    let listed = client.list_servers(ListServersRequest::new()).await?;
    let Some(server) = listed.entites.iter().find(|server| server.status == ServerStatus::Active) else {
        return Ok(None);
    };
    client.get_server_status(GetServerStatusRequest::new(server.unique.to_string())).await?;
    Ok(Some((server.unique, server.name.clone())))
}

/// Every active server's name, page after page.
pub async fn active_names(client: &Client) -> Result<Vec<String>, Error> {
    let mut servers = client.list_servers_stream(ListServersRequest::new().with_status(ServerStatus::Active));
    let mut names = Vec::new();
    while let Some(server) = servers.try_next().await? {
        names.push(server.name);
    }
    Ok(names)
}

/// What a service would tell its user about a failure: the shared predicate first, then the request id, so that
/// the platform's support can find the call.
pub fn describe(err: &Error) -> String {
    let request = err.request_id().map_or_else(String::new, |id| format!(" (request {id})"));
    if err.is_access_denied() {
        format!("{}: log in first{request}", err.operation())
    } else {
        format!("{}: {}{request}", err.operation(), err.message().unwrap_or("no answer"))
    }
}

#[cfg(test)]
mod tests;
