//! The service against the generated crate's mock: each test sets the mock's answers through its typed handles
//! and asserts what the service made of them, and what the mock received.

use htaiyun_client::mock::{MockServer, Reply};
use htaiyun_client::servers::{ListServersError, ListServersRequest, ServerStatus};

use super::{active_names, describe, first_active};

/// A `list_servers` page as the platform sends it: `names` with the status `ACTIVE`.
fn page(names: &[&str], has_next: bool, first_id: i64) -> Reply {
    let entities: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(idx, name)| {
            format!(
                r#"{{"unique":{},"name":"{name}","status":"ACTIVE","created":1,"updated":2}}"#,
                first_id + idx as i64
            )
        })
        .collect();
    let body = format!(
        r#"{{"status":200,"message":"OK","result":{{"hasPrevious":false,"hasNext":{has_next},"total":{},"entites":[{}]}}}}"#,
        names.len(),
        entities.join(",")
    );
    Reply::body(200, "application/json", body)
}

#[tokio::test]
async fn two_operations_and_a_typed_enum_field() {
    let mock = MockServer::start().await;
    let client = mock.client();
    // The doc's own example lists servers whose status is `ACTIVED`, which is no documented status.
    assert_eq!(first_active(&client).await.unwrap(), None);
    let listed = client.list_servers(ListServersRequest::new()).await.unwrap();
    assert_eq!(listed.entites[0].status, ServerStatus::Unknown("ACTIVED".to_owned()));

    mock.list_servers().respond(page(&["web-1"], false, 41));
    assert_eq!(first_active(&client).await.unwrap(), Some((41, "web-1".to_owned())));
    let status_calls = mock.get_server_status().received();
    assert_eq!(status_calls.len(), 1);
    assert_eq!(status_calls[0].path(), "/v1/openstack/server/41/status");
}

#[tokio::test]
async fn the_crate_level_error_keeps_the_kind_the_status_the_headers_and_the_request_id() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let list = mock.list_servers();
    list.respond(list.error_with_status(ListServersError::AccessDenied).with_header("x-request-id", "req-17"));
    let err = first_active(&client).await.unwrap_err();
    assert!(err.is_access_denied(), "{err:?}");
    assert!(!err.is_internal_error());
    assert_eq!(
        err.kind().and_then(|kind| kind.downcast_ref::<ListServersError>()),
        Some(&ListServersError::AccessDenied)
    );
    assert_eq!(err.http_status().map(|status| status.as_u16()), Some(403));
    assert_eq!(
        err.headers().and_then(|headers| headers.get("x-request-id")).map(|v| v.to_str().unwrap()),
        Some("req-17")
    );
    assert_eq!(describe(&err), "list_servers: log in first (request req-17)");

    // The second operation's error goes through the same `?`: an undocumented status of `get_server_status`.
    list.respond(page(&["web-1"], false, 5));
    mock.get_server_status().fail_with_envelope(200, 409, "busy");
    let err = first_active(&client).await.unwrap_err();
    assert_eq!(
        (err.operation(), err.status(), err.kind().map(|kind| kind.name())),
        ("get_server_status", Some(409), Some("Other"))
    );
    assert_eq!(err.request_id(), None);
    assert_eq!(describe(&err), "get_server_status: busy");
}

#[tokio::test]
async fn a_503_then_success_is_retried_for_a_read() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.list_servers().respond_in_sequence([Reply::status(503), page(&["db-1"], false, 7)]);
    assert_eq!(first_active(&client).await.unwrap(), Some((7, "db-1".to_owned())));
    assert_eq!(mock.list_servers().received().len(), 2, "one 503, then the page");
}

#[tokio::test]
async fn pages_then_an_error_end_the_stream_with_the_error() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.list_servers().respond_in_sequence([page(&["a", "b"], true, 1), page(&["c"], false, 3)]);
    assert_eq!(active_names(&client).await.unwrap(), ["a", "b", "c"]);
    let pages: Vec<Option<String>> = mock.list_servers().received().iter().map(|r| r.param("page")).collect();
    assert_eq!(pages, [Some("1".to_owned()), Some("2".to_owned())]);
    assert!(mock.list_servers().received().iter().all(|r| r.param("status").as_deref() == Some("ACTIVE")));

    mock.reset();
    let list = mock.list_servers();
    list.respond_in_sequence([page(&["a"], true, 1), list.error(ListServersError::InternalError)]);
    let err = active_names(&client).await.unwrap_err();
    assert!(err.is_internal_error(), "{err:?}");
    assert_eq!(err.http_status().map(|status| status.as_u16()), Some(200), "the error came inside an HTTP 200");
}

#[tokio::test]
async fn calls_and_streams_can_be_spawned() {
    let mock = MockServer::start().await;
    let client = mock.client();
    // Every call's future and the stream are `Send`, so a service can run them on any worker thread.
    let task = tokio::spawn({
        let client = client.clone();
        async move { client.list_servers(ListServersRequest::new()).await.map(|listed| listed.entites.len()) }
    });
    let on_the_example_page = task.await.unwrap().unwrap();
    let names = tokio::spawn(async move { active_names(&client).await.map(|names| names.len()) });
    // The doc's example is one page (`hasNext: false`), whatever the `status` filter asks.
    assert_eq!(names.await.unwrap().unwrap(), on_the_example_page);
}
