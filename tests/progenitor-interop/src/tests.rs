use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::{types, Client, Error};

/// Accepts one connection on 127.0.0.1, answers it with `status` and the JSON `body`, and hands back the raw request.
async fn one_shot(status: &'static str, body: &'static str) -> (Client, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
    let base_url = format!("http://{}", listener.local_addr().expect("the listener has an address"));
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("the client connects");
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = socket.read(&mut chunk).await.expect("the request is readable");
            request.extend_from_slice(&chunk[..n]);
            if n == 0 || request_is_complete(&request) {
                break;
            }
        }
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.expect("the response is writable");
        String::from_utf8(request).expect("the request is UTF-8")
    });
    (Client::new(&base_url), handle)
}

/// Whether the head and the `content-length` bytes of body have arrived.
fn request_is_complete(request: &[u8]) -> bool {
    let Some(head_end) = request.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let body_len = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |value| value.trim().parse::<usize>().expect("content-length is a number"));
    request.len() >= head_end + 4 + body_len
}

/// The request's method and path, its lowercased headers (sorted), and its body.
fn split(request: &str) -> (String, Vec<String>, String) {
    let (head, body) = request.split_once("\r\n\r\n").expect("the request has a head");
    let mut lines = head.lines();
    let request_line = lines.next().expect("the request has a request line").to_owned();
    let mut headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
    headers.sort();
    (request_line, headers, body.to_owned())
}

#[tokio::test]
async fn form_body_and_path_parameter_go_on_the_wire() {
    let (client, request) = one_shot("200 OK", r#"{"status":200,"message":"OK"}"#).await;
    // `serverId` repeats the path's `serverid` (`x-bound-to-path`) and keeps the doc's `required`: progenitor does
    // not read the extension, so the caller passes the path value twice.
    let body = types::RebootServerBody { action: types::RebootType::Soft, server_id: "abc".to_owned() };
    let envelope = client.reboot_server("abc", &body).await.expect("HTTP 200 is a success").into_inner();
    assert_eq!((envelope.status, envelope.message.as_str(), envelope.result), (200, "OK", None));
    let (request_line, headers, body) = split(&request.await.expect("the listener finishes"));
    assert_eq!(request_line, "POST /v1/openstack/server/abc/reboot HTTP/1.1");
    // No credential header: progenitor ignores `securitySchemes`. It sends `info.version` as `api-version`.
    let host = headers.iter().find(|h| h.starts_with("host:")).cloned().expect("a host header");
    assert_eq!(
        headers,
        [
            "accept: application/json",
            "api-version: v1",
            "content-length: 24",
            "content-type: application/x-www-form-urlencoded",
            host.as_str(),
        ]
    );
    assert_eq!(body, "action=SOFT&serverId=abc");
}

#[tokio::test]
async fn documented_http_status_is_an_error_response_with_the_envelope() {
    let (client, request) = one_shot("406 Not Acceptable", r#"{"status":406,"message":"not valid name"}"#).await;
    let body = types::UpdateServerBody { name: "a b".to_owned(), description: None };
    let result = client.update_server("s1", &body).await;
    let (request_line, _, body) = split(&request.await.expect("the listener finishes"));
    assert_eq!(request_line, "POST /v1/openstack/server/s1/update HTTP/1.1");
    assert_eq!(body, "name=a+b");
    match result {
        Err(Error::ErrorResponse(envelope)) => {
            assert_eq!(envelope.status().as_u16(), 406);
            assert_eq!((envelope.status, envelope.message.as_str()), (406, "not valid name"));
        }
        other => panic!("expected the 406 envelope as an error response, got {other:?}"),
    }
}

#[tokio::test]
async fn error_inside_an_http_200_envelope_is_a_success() {
    let (client, request) = one_shot("200 OK", r#"{"status":406,"message":"not valid name"}"#).await;
    let body = types::UpdateServerBody { name: "x".to_owned(), description: None };
    let envelope = client.update_server("s1", &body).await.expect("progenitor reads only the HTTP status").into_inner();
    assert_eq!((envelope.status, envelope.message.as_str()), (406, "not valid name"));
    request.await.expect("the listener finishes");
}

#[tokio::test]
async fn list_valued_form_field_cannot_be_serialized() {
    // Nothing listens here: the call fails while encoding the body, before any connection.
    let client = Client::new("http://127.0.0.1:9");
    let body = types::BatchenableServersBody {
        serverids: vec!["a".to_owned(), "b".to_owned()],
        status: types::EnableStatus::Actived,
    };
    match client.batchenable_servers(&body).await {
        Err(Error::InvalidRequest(message)) => assert_eq!(message, "failed to serialize body"),
        other => panic!("expected the form encoder to reject the list, got {other:?}"),
    }
}

/// The build script removes the form bodies' `encoding` maps (progenitor aborts on them): as many as the
/// document has.
#[test]
fn build_script_strips_every_encoding_entry_of_the_document() {
    let text = include_str!("../../../generated-client/openapi-3.0.json");
    let document: serde_json::Value = serde_json::from_str(text).expect("the document is JSON");
    let mut expected = 0;
    for item in document["paths"].as_object().expect("paths is a map").values() {
        for operation in item.as_object().expect("a path item is a map").values() {
            for media in operation["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                expected += media["encoding"].as_object().map_or(0, |e| e.len());
            }
        }
    }
    assert!(expected > 0, "the document has no encoding map at all");
    let stripped: usize = include_str!(concat!(env!("OUT_DIR"), "/stripped_encodings.txt")).parse().unwrap();
    assert_eq!(stripped, expected);
}
