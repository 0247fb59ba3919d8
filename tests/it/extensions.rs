//! The extension points of `ClientBuilder`: a caller's own HTTP client settings (`http_client`), default headers
//! and hooks, against raw loopback servers that record every request. None of them may carry a credential where
//! the doc does not name one, nor make the client follow a redirect.

use std::sync::{Arc, Mutex};

use htaiyun_client::reqwest::header::{HeaderName, HeaderValue};
use htaiyun_client::servers::{GetServerRequest, ListPoolNamesRequest};
use htaiyun_client::{BuildError, Client, Credentials, Hook, HookRequest, HookResponse, OperationError};

use crate::redirects::{ok, recording_server, redirect};

const TOKEN: &str = "tok-Ex81";

fn credentials() -> Credentials {
    Credentials::new().with_access_token(TOKEN).with_session("sess-Ex82", "sec-Ex83")
}

#[tokio::test]
async fn a_callers_http_client_is_used_and_still_follows_no_redirect() {
    let (other, other_log) = recording_server(|_, _| ok("{\"unique\": 9}")).await;
    let location = format!("{other}/v1/openstack/server/1/get");
    let (origin, origin_log) =
        recording_server(move |idx, _| if idx == 0 { ok("{\"unique\": 3}") } else { redirect(302, &location) }).await;
    let mut own_headers = htaiyun_client::reqwest::header::HeaderMap::new();
    own_headers.insert("x-proxy-tenant", HeaderValue::from_static("blue"));
    // reqwest's own default policy would follow the redirect, with every header but `Authorization` and `Cookie`.
    let http = htaiyun_client::reqwest::Client::builder().default_headers(own_headers).user_agent("own-agent/1");
    let client = Client::builder().base_url(&origin).credentials(credentials()).http_client(http).build().unwrap();
    assert_eq!(client.get_server(GetServerRequest::new("1")).await.unwrap().unique, Some(3));
    let first = origin_log.lock().unwrap()[0].clone();
    assert_eq!((first.header("x-proxy-tenant"), first.header("user-agent")), (Some("blue"), Some("own-agent/1")));
    assert_eq!(first.header("ht-access-token"), Some(TOKEN));

    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert!(matches!(err, OperationError::Redirect { .. }), "{err:?}");
    assert_eq!(other_log.lock().unwrap().len(), 0, "nothing reached the other origin");
}

#[tokio::test]
async fn default_headers_go_on_every_request_and_never_name_a_credential() {
    let (origin, log) = recording_server(|_, _| ok("{\"unique\": 3}")).await;
    let client = Client::builder()
        .base_url(&origin)
        .credentials(credentials())
        .default_header("X-Tenant", "blue")
        .default_header("x-trace", "a")
        .build()
        .unwrap();
    client.get_server(GetServerRequest::new("1")).await.unwrap();
    client.list_pool_names(ListPoolNamesRequest::new()).await.unwrap_err();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    for request in log.iter() {
        assert_eq!(
            (request.header("x-tenant"), request.header("x-trace")),
            (Some("blue"), Some("a")),
            "{}",
            request.path
        );
    }
    drop(log);

    for (name, value, reason) in [
        (
            "HT-ACCESS-TOKEN",
            "stolen",
            "it carries one of the API's credentials; set them with `ClientBuilder::credentials`",
        ),
        (
            "imr-session-secret",
            "stolen",
            "it carries one of the API's credentials; set them with `ClientBuilder::credentials`",
        ),
        ("bad name", "x", "not a valid header name"),
        ("x-ok", "line\nbreak", "the value contains a character a header cannot carry"),
    ] {
        match Client::builder().default_header(name, value).build() {
            Err(BuildError::Header { name: got, reason: got_reason }) => {
                assert_eq!((got.as_str(), got_reason), (name, reason));
            }
            other => panic!("{name}: expected a header error, got {other:?}"),
        }
    }
}

/// A hook that writes down what it saw, in order.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Hook for Recorder {
    fn on_request(&self, request: &mut HookRequest<'_>) {
        let header_names: Vec<&str> = request.headers().keys().map(HeaderName::as_str).collect();
        let line = format!(
            "request {} attempt {} hop {} {} {} headers {header_names:?}",
            request.operation(),
            request.attempt(),
            request.hop(),
            request.method(),
            request.url().map_or("<no url>".to_owned(), |url| url.path().to_owned()),
        );
        self.seen.lock().unwrap().push(line);
        assert!(request.insert_header(HeaderName::from_static("x-trace-id"), HeaderValue::from_static("t-1")));
        // A credential header cannot be added by a hook.
        assert!(!request.insert_header(HeaderName::from_static("ht-access-token"), HeaderValue::from_static("x")));
    }

    fn on_response(&self, response: &HookResponse<'_>) {
        let line = format!(
            "response {} attempt {} status {:?} body {:?} request id {:?}",
            response.operation(),
            response.attempt(),
            response.http_status().map(|status| status.as_u16()),
            response.body_len(),
            response.headers().and_then(|headers| headers.get("x-request-id")).map(|value| value.to_str().unwrap()),
        );
        self.seen.lock().unwrap().push(line);
    }
}

#[tokio::test]
async fn a_hook_sees_each_attempt_and_no_secret() {
    let body = "{\"status\":200,\"message\":\"OK\",\"result\":{\"unique\":3}}";
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: r-9\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    let busy = "HTTP/1.1 503 Busy\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned();
    let (origin, log) = recording_server(move |idx, _| if idx == 0 { busy.clone() } else { answer.clone() }).await;
    let recorder = Recorder::default();
    let policy =
        htaiyun_client::RetryPolicy::default().with_backoff(std::time::Duration::ZERO, std::time::Duration::ZERO);
    let client = Client::builder()
        .base_url(&origin)
        .credentials(credentials())
        .retry(policy)
        .hook(recorder.clone())
        .build()
        .unwrap();
    // `get_server` reads, so the 503 is retried.
    client.get_server(GetServerRequest::new("1")).await.unwrap();
    let seen = recorder.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "request get_server attempt 1 hop 0 GET /v1/openstack/server/1/get headers []",
            "response get_server attempt 1 status Some(503) body Some(0) request id None",
            "request get_server attempt 2 hop 0 GET /v1/openstack/server/1/get headers []",
            "response get_server attempt 2 status Some(200) body Some(51) request id Some(\"r-9\")",
        ]
    );
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    // What the hook added was sent, and the credentials were added after it, unchanged.
    for request in log.iter() {
        assert_eq!((request.header("x-trace-id"), request.header("ht-access-token")), (Some("t-1"), Some(TOKEN)));
    }
    let shown = seen.join("\n");
    for secret in [TOKEN, "sess-Ex82", "sec-Ex83"] {
        assert!(!shown.contains(secret), "the hook saw {secret}");
    }
}
