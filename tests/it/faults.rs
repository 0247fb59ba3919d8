//! Fault injection: the client against servers that answer badly, partly or not at all. Each case asserts the
//! exact error (or value) the client returns. Servers listen on 127.0.0.1 and a free port; the raw ones are tasks
//! of the test's runtime and stop with it.

use std::time::{Duration, Instant};

use htaiyun_client::servers::{GetServerRequest, ListPoolNamesRequest, ListServersRequest, ServerAction, ServerStatus};
use htaiyun_client::{Client, Credentials, OperationError, RetryPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::operations::{self, Outcome};

pub fn client_at(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(Credentials::new().with_access_token("app-token").with_session("sess-token", "sess-secret"))
        .build()
        .unwrap()
}

/// Mounts one answer for every request, replacing what was mounted before.
async fn answer(server: &MockServer, response: ResponseTemplate) {
    server.reset().await;
    Mock::given(wiremock::matchers::any()).respond_with(response).mount(server).await;
}

/// Reads one request's head (up to the blank line), so that the client has sent it before the fault happens.
pub async fn read_request_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
}

/// Closes a connection with a TCP reset instead of a clean FIN (`SO_LINGER` 0).
pub fn reset(stream: TcpStream) {
    // Deprecated because a non-zero linger blocks the thread on drop; a zero linger never does.
    #[allow(deprecated)]
    stream.set_linger(Some(Duration::ZERO)).unwrap();
    drop(stream);
}

/// A raw server that handles every connection with `handle`; returns its base URL.
pub async fn raw_server<F, Fut>(handle: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream));
        }
    });
    url
}

/// The message the platform sends for a documented error: the doc's text, with `flavor` in a placeholder's place.
fn wire_message(case: &generator::ir::ErrorCase) -> String {
    match &case.pattern {
        Some(pattern) => format!("{}flavor{}", pattern.prefix, pattern.suffix).trim().to_owned(),
        None => case.message.trim().to_owned(),
    }
}

#[tokio::test]
async fn every_documented_error_of_every_operation_maps_to_its_kind() {
    let server = MockServer::start().await;
    let client = client_at(&server.uri());
    let mut n_cases = 0;
    for operation in operations::spec_operations() {
        for case in &operation.errors {
            let message = wire_message(case);
            // The platform sends errors inside an HTTP 200 as well as with the envelope's status.
            for http_status in [200, case.status] {
                answer(
                    &server,
                    ResponseTemplate::new(http_status)
                        .set_body_json(json!({"status": case.status, "message": message})),
                )
                .await;
                match operations::call(&client, &operation.name).await {
                    Outcome::Api { status, message: got_message, kind, kind_envelope } => {
                        let context = format!("{} {} {message:?} over HTTP {http_status}", operation.name, case.status);
                        assert_eq!(status, case.status, "{context}");
                        assert_eq!(got_message, message, "{context}");
                        assert_eq!(kind.split([' ', '{']).next(), Some(case.rust.as_str()), "{context}: {kind}");
                        assert_eq!(kind_envelope, Some((case.status, message.clone())), "{context}");
                    }
                    other => panic!("{}: {message:?}: expected an API error, got {other:?}", operation.name),
                }
                n_cases += 1;
            }
        }
    }
    // Every documented error of the IR was sent twice (inside an HTTP 200 and with its status): none was skipped.
    let documented: usize = operations::spec_operations().iter().map(|op| op.errors.len()).sum();
    assert_eq!(n_cases, 2 * documented, "cases sent (left) against twice the documented errors of the IR (right)");
}

#[tokio::test]
async fn an_undocumented_envelope_status_is_other_with_the_status_and_message() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(json!({"status": 299, "message": "odd"}))).await;
    let err = client_at(&server.uri())
        .create_server(htaiyun_client::servers::CreateServerRequest::new(
            htaiyun_client::servers::CreateServerRequired { userid: 1, name: "n", flavor: "f", image: "i" },
        ))
        .await
        .unwrap_err();
    match err {
        OperationError::Api { operation, status, message, kind, http_status, request_id, .. } => {
            assert_eq!((operation, status, message.as_str(), http_status.as_u16()), ("create_server", 299, "odd", 200));
            assert_eq!(request_id, None, "wiremock sends no request id");
            assert_eq!(kind, htaiyun_client::servers::CreateServerError::Other);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn http_errors_without_an_envelope_keep_the_status_and_the_body() {
    let server = MockServer::start().await;
    let client = client_at(&server.uri());
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    for (status, body, content_type) in [
        (500, html, "text/html"),
        (502, "<html>bad gateway</html>", "text/html"),
        (503, "Service Unavailable", "text/plain"),
        (404, "", "text/plain"),
    ] {
        answer(&server, ResponseTemplate::new(status).set_body_raw(body, content_type)).await;
        let err = client.get_server(GetServerRequest::new("1").with_retry(RetryPolicy::none())).await.unwrap_err();
        match err {
            OperationError::Http { operation, http_status, excerpt, request_id, .. } => {
                assert_eq!((operation, http_status.as_u16(), excerpt.as_str()), ("get_server", status, body));
                assert_eq!(request_id, None, "wiremock sends no request id");
            }
            other => panic!("HTTP {status}: expected an HTTP error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn bodies_that_are_not_the_json_envelope_are_decode_errors() {
    let server = MockServer::start().await;
    let client = client_at(&server.uri());
    let long = format!("{{\"status\": 200, \"result\": {{\"name\": \"{}", "x".repeat(300));
    type IsCategory = fn(&serde_json::Error) -> bool;
    // The path says where decoding stopped: `.` the body itself, `?` a key cut short, else the member.
    let cases: [(&str, &str, &str, IsCategory); 5] = [
        ("{\"status\": 200, \"resu", "{\"status\": 200, \"resu", "?", serde_json::Error::is_eof),
        ("OK", "OK", ".", serde_json::Error::is_syntax),
        ("", "", ".", serde_json::Error::is_eof),
        ("{\"status\": \"fine\"}", "{\"status\": \"fine\"}", "status", serde_json::Error::is_data),
        // Cut inside `result.name`'s value: that member is where decoding stopped.
        (&long, "", "result.name", serde_json::Error::is_eof),
    ];
    for (body, expected_excerpt, expected_path, is_category) in cases {
        answer(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        match client.get_server(GetServerRequest::new("1")).await.unwrap_err() {
            OperationError::Decode { operation, http_status, excerpt, source, path, .. } => {
                assert_eq!((operation, http_status.as_u16(), path.as_str()), ("get_server", 200, expected_path));
                if body == long {
                    // A long body is cut to its first 200 characters and an ellipsis.
                    assert_eq!(excerpt, format!("{}…", &long[..200]));
                } else {
                    assert_eq!(excerpt, expected_excerpt);
                }
                assert!(is_category(&source), "{body:?}: {source}");
            }
            other => panic!("{body:?}: expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_wrong_content_type_does_not_stop_a_json_envelope_from_decoding() {
    let server = MockServer::start().await;
    let body = json!({"status": 200, "message": "OK", "result": ["pool-a", "pool-b"]}).to_string();
    for content_type in ["text/html", "text/plain; charset=gbk", "application/octet-stream"] {
        answer(&server, ResponseTemplate::new(200).set_body_raw(body.clone(), content_type)).await;
        let pools = client_at(&server.uri()).list_pool_names(ListPoolNamesRequest::new()).await.unwrap();
        assert_eq!(pools.value, ["pool-a", "pool-b"], "{content_type}");
    }
}

#[tokio::test]
async fn a_connection_reset_after_the_request_is_a_transport_error() {
    let url = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        reset(stream);
    })
    .await;
    let err = client_at(&url).get_server(GetServerRequest::new("1").with_retry(RetryPolicy::none())).await.unwrap_err();
    match &err {
        OperationError::Transport { operation, source } => {
            assert_eq!(*operation, "get_server");
            assert!(!source.is_connect() && !source.is_timeout(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = client_at(&url).get_server(GetServerRequest::new("1").with_retry(RetryPolicy::none())).await.unwrap_err();
    assert!(
        matches!(&err, OperationError::Transport { operation: "get_server", source } if source.is_connect()),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_timeout() {
    let url = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        // Keep the connection open and say nothing.
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await;
    let timeout = Duration::from_millis(400);
    // The client's default retry policy is on: the timeout bounds the whole call, retries included.
    let client = Client::builder().base_url(&url).timeout(timeout).build().unwrap();
    let started = Instant::now();
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, OperationError::Timeout { operation: "get_server", timeout: t } if t == timeout), "{err:?}");
    assert!(elapsed >= timeout && elapsed < timeout + Duration::from_secs(1), "took {elapsed:?}");
    // A call's own timeout overrides the client's.
    let call_timeout = Duration::from_millis(200);
    let started = Instant::now();
    let err = client.get_server(GetServerRequest::new("1").with_timeout(call_timeout)).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, OperationError::Timeout { operation: "get_server", timeout: t } if t == call_timeout),
        "{err:?}"
    );
    assert!(elapsed >= call_timeout && elapsed < call_timeout + Duration::from_secs(1), "took {elapsed:?}");
}

/// A success envelope around `n_items` strings of `item_len` bytes.
fn big_pool_list(n_items: usize, item_len: usize) -> Vec<u8> {
    let item = "p".repeat(item_len);
    let items: Vec<&str> = (0..n_items).map(|_| item.as_str()).collect();
    serde_json::to_vec(&json!({"status": 200, "message": "OK", "result": items})).unwrap()
}

#[tokio::test]
async fn a_50_mb_response_decodes_under_the_default_limit() {
    let server = MockServer::start().await;
    let body = big_pool_list(50, 1_000_000);
    assert!(body.len() > 50_000_000);
    answer(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let pools = client_at(&server.uri()).list_pool_names(ListPoolNamesRequest::new()).await.unwrap().into_inner();
    assert_eq!(pools.len(), 50);
    assert!(pools.iter().all(|pool| pool.len() == 1_000_000 && pool.bytes().all(|b| b == b'p')));
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_or_without_a_content_length() {
    let body = big_pool_list(50, 1_000_000);
    let limit = 1024 * 1024;
    // With a Content-Length: refused before reading.
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;
    // Without one (the body runs until the connection closes): refused once the limit is passed.
    let streamed = raw_server(move |mut stream| {
        let body = body.clone();
        async move {
            read_request_head(&mut stream).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
        }
    })
    .await;
    for url in [server.uri(), streamed] {
        let client = Client::builder().base_url(&url).max_body_bytes(limit).build().unwrap();
        let err = client.list_pool_names(ListPoolNamesRequest::new()).await.unwrap_err();
        match err {
            OperationError::BodyTooLarge { operation, http_status, limit: got } => {
                assert_eq!((operation, http_status.as_u16(), got), ("list_pool_names", 200, limit), "{url}");
            }
            other => panic!("{url}: expected BodyTooLarge, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored_and_unknown_enum_values_are_kept() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "status": 200, "message": "OK", "newTopLevel": 1,
            "result": {"hasPrevious": false, "hasNext": false, "total": 1, "future": [1, 2], "entites": [
                {"unique": 3, "name": "n", "status": "HIBERNATED", "created": 1, "updated": 1, "x": {}}
            ]}
        })),
    )
    .await;
    let listed = client_at(&server.uri()).list_servers(ListServersRequest::new()).await.unwrap().into_inner();
    assert_eq!((listed.total, listed.has_next, listed.entites.len()), (1, false, 1));
    let hibernated = ServerStatus::Unknown("HIBERNATED".to_owned());
    assert_eq!((listed.entites[0].unique, &listed.entites[0].status), (3, &hibernated));
    // Generated enums keep a value the doc does not list, and send it back unchanged.
    let status: ServerStatus = serde_json::from_value(json!("HIBERNATED")).unwrap();
    assert_eq!(status, ServerStatus::Unknown("HIBERNATED".to_owned()));
    assert_eq!(serde_json::to_value(&status).unwrap(), json!("HIBERNATED"));
    let action: ServerAction = serde_json::from_value(json!("STOP")).unwrap();
    assert_eq!(action, ServerAction::Stop);
}

#[tokio::test]
async fn integers_that_do_not_fit_are_decode_errors_naming_the_field_and_the_value() {
    let server = MockServer::start().await;
    let client = client_at(&server.uri());
    // `unique` of get_server's result is an integer field (`Long` in the doc, `i64` in Rust).
    let cases = [
        ("99999999999999999999", "expected a 64-bit integer, found the number 1e+20"),
        ("18446744073709551615", "the number 18446744073709551615 does not fit in a 64-bit integer"),
        ("9223372036854775808", "the number 9223372036854775808 does not fit in a 64-bit integer"),
        ("-1e300", "expected a 64-bit integer, found the number -1e+300"),
        ("5.5", "expected a 64-bit integer, found the number 5.5"),
        ("5.0", "expected a 64-bit integer, found the number 5.0"),
        ("\"99999999999999999999\"", "the string \"99999999999999999999\" does not fit in a 64-bit integer"),
        ("\"-9223372036854775809\"", "the string \"-9223372036854775809\" does not fit in a 64-bit integer"),
        ("\"5.5\"", "expected a 64-bit integer, found the string \"5.5\" (invalid digit found in string)"),
    ];
    for (value, message) in cases {
        let body = format!("{{\"status\": 200, \"message\": \"OK\", \"result\": {{\"unique\": {value}}}}}");
        answer(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        match client.get_server(GetServerRequest::new("1")).await.unwrap_err() {
            OperationError::Decode { path, source, .. } => {
                assert_eq!(path, "result.unique", "{value}");
                assert!(source.is_data(), "{value}: {source}");
                assert!(source.to_string().starts_with(message), "{value}: {source}");
            }
            other => panic!("{value}: expected a decode error, got {other:?}"),
        }
    }
    // The edges that fit decode exactly, as numbers and as strings.
    for (value, expected) in [("9223372036854775807", i64::MAX), ("\"-9223372036854775808\"", i64::MIN)] {
        let body = format!("{{\"status\": 200, \"message\": \"OK\", \"result\": {{\"unique\": {value}}}}}");
        answer(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        assert_eq!(client.get_server(GetServerRequest::new("1")).await.unwrap().value.unique, Some(expected));
    }
}
