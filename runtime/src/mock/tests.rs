//! Unit tests of `mock.rs`: which path a route answers, and what a reply sequence sends.

use super::{path_matches, MockExample, MockServer, Reply};

static EXAMPLES: &[MockExample] = &[
    MockExample {
        operation: "get_thing",
        method: "GET",
        path: "/v1/things/{id}/get",
        selector: None,
        body: "{\"status\":200,\"message\":\"OK\",\"result\":{\"id\":1}}",
    },
    MockExample {
        operation: "rpc_two",
        method: "POST",
        path: "/v1/rpc",
        selector: Some(("op", 2)),
        body: "{\"status\":200,\"message\":\"OK\",\"result\":2}",
    },
];

#[test]
fn a_placeholder_matches_one_non_empty_segment() {
    assert!(path_matches("/v1/things/{id}/get", "/v1/things/a%2Fb/get"));
    assert!(path_matches("/v1/things/{id}/get", "/v1/things/7/get"));
    assert!(!path_matches("/v1/things/{id}/get", "/v1/things//get"));
    assert!(!path_matches("/v1/things/{id}/get", "/v1/things/7/get/more"));
    assert!(!path_matches("/v1/things/{id}/get", "/v1/others/7/get"));
}

/// Sends one raw HTTP/1.1 request and returns the status code and body, or `None` when the connection was dropped.
async fn send(uri: &str, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = uri.strip_prefix("http://").unwrap();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.ok()?;
    let status = answer.split(' ').nth(1)?.parse().ok()?;
    Some((status, answer.split("\r\n\r\n").nth(1).unwrap_or("").to_owned()))
}

#[tokio::test]
async fn a_sequence_answers_in_order_and_its_last_reply_goes_on() {
    let mock = MockServer::start(EXAMPLES).await;
    let uri = mock.uri();
    let thing = mock.operation::<(), ()>("get_thing");
    assert_eq!(send(&uri, "GET", "/v1/things/1/get", "").await.unwrap(), (200, EXAMPLES[0].body.to_owned()));
    thing.respond_in_sequence([Reply::status(503), Reply::envelope(406, 406, "no thing"), Reply::drop_connection()]);
    assert_eq!(send(&uri, "GET", "/v1/things/1/get", "").await.unwrap().0, 503);
    let (status, body) = send(&uri, "GET", "/v1/things/2/get", "").await.unwrap();
    assert_eq!((status, body.as_str()), (406, r#"{"status":406,"message":"no thing"}"#));
    assert_eq!(send(&uri, "GET", "/v1/things/3/get", "").await, None);
    assert_eq!(send(&uri, "GET", "/v1/things/4/get", "").await, None, "the last reply goes on");
    thing.reset();
    assert_eq!(send(&uri, "GET", "/v1/things/5/get", "").await.unwrap().0, 200);
    let received = thing.received();
    assert_eq!(received.len(), 6);
    assert_eq!(
        (received[2].method(), received[2].path(), received[2].operation()),
        ("GET", "/v1/things/2/get", Some("get_thing"))
    );
}

#[tokio::test]
async fn an_rpc_route_is_chosen_by_its_selector_and_an_unknown_request_is_a_404() {
    let mock = MockServer::start(EXAMPLES).await;
    let uri = mock.uri();
    let (status, body) = send(&uri, "POST", "/v1/rpc", r#"{"op": 2, "x": "y"}"#).await.unwrap();
    assert_eq!((status, body.as_str()), (200, EXAMPLES[1].body));
    assert_eq!(send(&uri, "POST", "/v1/rpc", r#"{"op": 3}"#).await.unwrap().0, 404);
    let received = mock.received();
    assert_eq!(received.iter().map(|r| r.operation()).collect::<Vec<_>>(), [Some("rpc_two"), None]);
    assert_eq!(received[0].json().unwrap()["x"], "y");
}

#[tokio::test]
async fn a_delay_holds_the_answer_back() {
    let mock = MockServer::start(EXAMPLES).await;
    let delay = std::time::Duration::from_millis(150);
    mock.operation::<(), ()>("get_thing")
        .respond(Reply::status(204).with_delay(delay).with_header("x-request-id", "r-1"));
    let started = std::time::Instant::now();
    assert_eq!(send(&mock.uri(), "GET", "/v1/things/1/get", "").await.unwrap().0, 204);
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
}
