//! Redirects: by default the client follows none, and a 3xx is `OperationError::Redirect` naming where it pointed (without
//! userinfo); with `RedirectPolicy::same_origin` it follows same-origin redirects for operations that are safe to
//! repeat only. Credentials never reach another origin, a write is never sent twice, and a redirect loop is not
//! retried. The servers are raw loopback sockets that record every request they get.

use std::sync::{Arc, Mutex};

use htaiyun_client::runtime::{RedirectPolicy, RedirectRefusal, Request};
use htaiyun_client::servers::{CreateServerRequest, CreateServerRequired, GetServerRequest, ListServersRequest};
use htaiyun_client::{Client, Credentials, OperationError, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "tok-Rd41";
const SESSION: &str = "sess-Rd52";
const SECRET: &str = "sec-Rd63";

/// One request as a raw server read it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names in lowercase, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    /// The value of header `name` (lowercase), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

pub type Log = Arc<Mutex<Vec<Received>>>;

/// A raw HTTP/1.1 server on 127.0.0.1 and a free port that records each request and answers it with
/// `respond(index of the request, request)`, then closes the connection. Returns its base URL and the log.
pub async fn recording_server<F>(respond: F) -> (String, Log)
where
    F: Fn(usize, &Received) -> String + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let task_log = log.clone();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let log = task_log.clone();
            let respond = respond.clone();
            tokio::spawn(async move {
                let Some(request) = read_request(&mut stream).await else { return };
                let answer = {
                    let mut log = log.lock().unwrap();
                    log.push(request.clone());
                    respond(log.len() - 1, &request)
                };
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (url, log)
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, path) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]).into_owned();
    Some(Received { method, path, headers, body })
}

/// A redirect answer.
pub fn redirect(status: u16, location: &str) -> String {
    format!("HTTP/1.1 {status} Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
}

/// A success envelope answer with `result`.
pub fn ok(result: &str) -> String {
    let body = format!("{{\"status\": 200, \"message\": \"OK\", \"result\": {result}}}");
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn client(url: &str, redirects: RedirectPolicy) -> Client {
    Client::builder()
        .base_url(url)
        .credentials(Credentials::new().with_access_token(TOKEN).with_session(SESSION, SECRET))
        .redirects(redirects)
        .build()
        .unwrap()
}

/// Every secret that shows anywhere in the requests of `log` (header values and bodies).
fn secrets_in(log: &Log) -> Vec<&'static str> {
    let log = log.lock().unwrap();
    [TOKEN, SESSION, SECRET]
        .into_iter()
        .filter(|secret| {
            log.iter().any(|r| r.body.contains(secret) || r.headers.iter().any(|(_, v)| v.contains(secret)))
        })
        .collect()
}

fn n_requests(log: &Log) -> usize {
    log.lock().unwrap().len()
}

fn assert_redirect<E: std::fmt::Debug>(
    err: &OperationError<E>,
    status: u16,
    expected_location: Option<&str>,
    expected: RedirectRefusal,
) {
    match err {
        OperationError::Redirect { http_status, location, reason, .. } => {
            assert_eq!((http_status.as_u16(), location.as_deref(), *reason), (status, expected_location, expected));
        }
        other => panic!("expected a redirect error, got {other:?}"),
    }
}

#[test]
fn the_operations_used_here_are_classified_as_expected() {
    assert_eq!(
        (
            CreateServerRequest::new(CreateServerRequired { userid: 1, name: "n", flavor: "f", image: "i" })
                .spec()
                .idempotent,
            GetServerRequest::new("1").spec().idempotent,
            ListServersRequest::new().spec().idempotent
        ),
        (false, true, true)
    );
}

#[tokio::test]
async fn by_default_no_redirect_is_followed_and_nothing_reaches_the_other_origin() {
    let (other, other_log) = recording_server(|_, _| ok("{\"unique\": 9}")).await;
    let target = format!("{other}/v1/openstack/server/create");
    let location = target.clone();
    let (origin, origin_log) =
        recording_server(move |idx, _| redirect([301, 302, 303, 307, 308][idx % 5], &location)).await;
    let client = client(&origin, RedirectPolicy::default());
    for status in [301, 302, 303, 307, 308] {
        let err = client
            .create_server(CreateServerRequest::new(CreateServerRequired {
                userid: 1,
                name: "n",
                flavor: "f",
                image: "i",
            }))
            .await
            .unwrap_err();
        assert_redirect(&err, status, Some(&target), RedirectRefusal::NotEnabled);
    }
    // One POST per call reached the origin, none the other origin, so no secret went there.
    assert_eq!(n_requests(&origin_log), 5);
    assert!(origin_log.lock().unwrap().iter().all(|r| r.method == "POST"));
    assert_eq!(n_requests(&other_log), 0);
    assert_eq!(secrets_in(&other_log), Vec::<&str>::new());
}

#[tokio::test]
async fn with_same_origin_redirects_another_origin_is_still_refused() {
    let (other, other_log) = recording_server(|_, _| ok("{\"unique\": 9}")).await;
    let target = format!("{other}/v1/openstack/server/1/get");
    let location = target.clone();
    let (origin, origin_log) = recording_server(move |_, _| redirect(307, &location)).await;
    let client = client(&origin, RedirectPolicy::same_origin(5));
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert_redirect(&err, 307, Some(&target), RedirectRefusal::OtherOrigin);
    assert_eq!((n_requests(&origin_log), n_requests(&other_log)), (1, 0));
    assert_eq!(secrets_in(&other_log), Vec::<&str>::new());
}

#[tokio::test]
async fn a_write_is_never_sent_again_on_a_redirect_even_to_the_same_origin() {
    let (origin, origin_log) = recording_server(|idx, _| match idx {
        0 => redirect(307, "/v1/openstack/server/create2"),
        _ => ok("{\"unique\": 9}"),
    })
    .await;
    let err = client(&origin, RedirectPolicy::same_origin(5))
        .create_server(CreateServerRequest::new(CreateServerRequired { userid: 1, name: "n", flavor: "f", image: "i" }))
        .await
        .unwrap_err();
    let location = format!("{origin}/v1/openstack/server/create2");
    assert_redirect(&err, 307, Some(&location), RedirectRefusal::NotIdempotent);
    assert_eq!(n_requests(&origin_log), 1);
}

#[tokio::test]
async fn a_302_never_turns_a_create_into_a_get_that_reports_success() {
    let (origin, origin_log) = recording_server(|idx, _| match idx {
        0 => redirect(302, "/done"),
        _ => ok("{\"unique\": 9}"),
    })
    .await;
    for policy in [RedirectPolicy::none(), RedirectPolicy::same_origin(5)] {
        origin_log.lock().unwrap().clear();
        let result = client(&origin, policy)
            .create_server(CreateServerRequest::new(CreateServerRequired {
                userid: 1,
                name: "n",
                flavor: "f",
                image: "i",
            }))
            .await;
        assert!(matches!(result, Err(OperationError::Redirect { .. })), "{policy:?}: {result:?}");
        let methods: Vec<String> = origin_log.lock().unwrap().iter().map(|r| r.method.clone()).collect();
        assert_eq!(methods, ["POST"], "{policy:?}");
    }
}

#[tokio::test]
async fn a_redirect_of_a_write_to_a_refusing_port_is_sent_once_and_not_retried() {
    let refused = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1/openstack/server/create", listener.local_addr().unwrap());
        drop(listener);
        url
    };
    let location = refused.clone();
    let (origin, origin_log) = recording_server(move |_, _| redirect(307, &location)).await;
    for policy in [RedirectPolicy::none(), RedirectPolicy::same_origin(5)] {
        origin_log.lock().unwrap().clear();
        let client = Client::builder()
            .base_url(&origin)
            .credentials(Credentials::new().with_access_token(TOKEN))
            .redirects(policy)
            .retry(RetryPolicy::default().with_max_attempts(3))
            .build()
            .unwrap();
        let err = client
            .create_server(CreateServerRequest::new(CreateServerRequired {
                userid: 1,
                name: "n",
                flavor: "f",
                image: "i",
            }))
            .await
            .unwrap_err();
        assert!(matches!(err, OperationError::Redirect { .. }), "{err:?}");
        assert_eq!(n_requests(&origin_log), 1, "{policy:?}");
    }
}

#[tokio::test]
async fn same_origin_redirects_of_reads_are_followed_with_the_same_method_and_body() {
    let (origin, origin_log) = recording_server(|idx, request| match (idx, request.path.as_str()) {
        (0, _) => redirect(301, "/moved/get"),
        (_, "/moved/get") => ok("{\"unique\": 11}"),
        (_, "/v1/openstack/server/list") => redirect(308, "/moved/list"),
        _ => ok("{\"hasPrevious\": false, \"hasNext\": false, \"total\": 4, \"entites\": []}"),
    })
    .await;
    let client = client(&origin, RedirectPolicy::same_origin(5));
    let server = client.get_server(GetServerRequest::new("1")).await.unwrap();
    assert_eq!(server.value.unique, Some(11));
    let listed = client.list_servers(ListServersRequest::new().with_keywords("web")).await.unwrap();
    assert_eq!(listed.value.total, 4);
    let log = origin_log.lock().unwrap();
    let seen: Vec<(&str, &str, &str)> =
        log.iter().map(|r| (r.method.as_str(), r.path.as_str(), r.body.as_str())).collect();
    assert_eq!(
        seen,
        [
            ("GET", "/v1/openstack/server/1/get", ""),
            ("GET", "/moved/get", ""),
            ("POST", "/v1/openstack/server/list", "keywords=web"),
            ("POST", "/moved/list", "keywords=web"),
        ]
    );
    // The same origin gets the same credentials on every hop.
    assert!(log.iter().all(|r| r.header("ht-access-token") == Some(TOKEN)), "{log:?}");
}

#[tokio::test]
async fn a_303_is_followed_for_a_get_only() {
    let (origin, origin_log) = recording_server(|_, request| match request.path.as_str() {
        "/other" => ok("{\"unique\": 12}"),
        _ => redirect(303, "/other"),
    })
    .await;
    let client = client(&origin, RedirectPolicy::same_origin(5));
    assert_eq!(client.get_server(GetServerRequest::new("1")).await.unwrap().value.unique, Some(12));
    let err = client.list_servers(ListServersRequest::new()).await.unwrap_err();
    assert_redirect(&err, 303, Some(&format!("{origin}/other")), RedirectRefusal::MethodChange);
    assert_eq!(n_requests(&origin_log), 3);
}

#[tokio::test]
async fn a_redirect_loop_ends_at_the_hop_limit_and_is_not_retried() {
    let (origin, origin_log) = recording_server(|_, _| redirect(302, "/v1/openstack/server/1/get")).await;
    let location = format!("{origin}/v1/openstack/server/1/get");
    let err = client(&origin, RedirectPolicy::same_origin(3)).get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert_redirect(&err, 302, Some(&location), RedirectRefusal::TooManyHops);
    // The first request and three hops; the default retry policy does not start the loop again.
    assert_eq!(n_requests(&origin_log), 4);
    origin_log.lock().unwrap().clear();
    let err = client(&origin, RedirectPolicy::none()).get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert_redirect(&err, 302, Some(&location), RedirectRefusal::NotEnabled);
    assert_eq!(n_requests(&origin_log), 1);
}

#[tokio::test]
async fn the_reported_location_has_no_userinfo_and_a_missing_location_is_none() {
    let (origin, _) = recording_server(|idx, _| match idx {
        0 => redirect(307, "http://admin:hunter2@127.0.0.1:9/steal?q=1"),
        _ => "HTTP/1.1 302 Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned(),
    })
    .await;
    let client = client(&origin, RedirectPolicy::same_origin(5));
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert_redirect(&err, 307, Some("http://127.0.0.1:9/steal?q=1"), RedirectRefusal::OtherOrigin);
    let shown = format!("{err}\n{err:?}");
    assert!(!shown.contains("hunter2") && !shown.contains("admin"), "{shown}");
    assert_eq!(
        err.to_string(),
        "get_server: HTTP 307 Temporary Redirect: redirect to http://127.0.0.1:9/steal?q=1 not followed: it points to \
         another origin"
    );
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert_redirect(&err, 302, None, RedirectRefusal::NoLocation);
}
