//! Security: secrets stay out of `Debug`, `Display`, error messages and logs; header values with line breaks are
//! refused before anything is sent; the client talks to `http://` and `https://` (rustls) servers alike.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use htaiyun_client::runtime::Certificate;
use htaiyun_client::servers::{GetServerRequest, ListPoolNamesRequest};
use htaiyun_client::{Client, Credentials, OperationError, RetryPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-Zq81";
const SESSION: &str = "sess-Wm27";
const SECRET: &str = "sec-Kx94";

fn credentials() -> Credentials {
    Credentials::new().with_access_token(TOKEN).with_session(SESSION, SECRET)
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [TOKEN, SESSION, SECRET] {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

/// Everything the `tracing` subscriber of this thread receives, as text (`log` records included).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// A current-thread runtime: every task of the test runs on the thread whose subscriber captures the logs.
#[tokio::test(flavor = "current_thread")]
async fn secrets_never_show_in_debug_display_errors_or_logs() {
    // Forward `log` records (reqwest's) to `tracing`; another test may have done it already.
    let _ = tracing_log::LogTracer::init();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let client =
        Client::builder().base_url(server.uri()).credentials(credentials()).retry(RetryPolicy::none()).build().unwrap();
    assert_no_secret("Client's Debug", &format!("{client:?}"));
    assert_no_secret("Credentials' Debug", &format!("{:?}", credentials()));

    let mut shown = Vec::new();
    // A success, with the secrets checked on the wire: they are sent, only never shown.
    Mock::given(method("GET"))
        .and(header("HT-ACCESS-TOKEN", TOKEN))
        .and(header("IMR-SESSION-TOKEN", SESSION))
        .and(header("IMR-SESSION-SECRET", SECRET))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK", "result": ["a"]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = client.list_pool_names(ListPoolNamesRequest::new()).await.unwrap();
    shown.push(format!("{response:?}"));
    server.verify().await;
    // The error of each kind the client returns.
    let answers = [
        ResponseTemplate::new(200).set_body_json(json!({"status": 403, "message": "access denied"})),
        ResponseTemplate::new(502).set_body_string("bad gateway"),
        ResponseTemplate::new(200).set_body_string("not json"),
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
    ];
    for answer in answers {
        server.reset().await;
        Mock::given(method("GET")).respond_with(answer).mount(&server).await;
        let request = GetServerRequest::new("1").with_timeout(Duration::from_millis(300));
        let err = client.get_server(request).await.unwrap_err();
        shown.push(format!("{err}\n{err:?}\n{:?}", std::error::Error::source(&err)));
    }
    let refused = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        Client::builder().base_url(url).credentials(credentials()).retry(RetryPolicy::none()).build().unwrap()
    };
    let err = refused.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert!(matches!(err, OperationError::Transport { .. }), "{err:?}");
    shown.push(format!("{err}\n{err:?}"));
    let broken = credentials().with_session(SESSION, format!("{SECRET}\r\nX-Evil: 1"));
    let client = Client::builder().base_url(server.uri()).credentials(broken).build().unwrap();
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert!(matches!(err, OperationError::InvalidRequest { .. }), "{err:?}");
    shown.push(format!("{err}\n{err:?}"));

    for text in &shown {
        assert_no_secret("an answer or error", text);
    }
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The capture works (the client's own events are in it), and no secret is.
    assert!(logs.contains("sending") && logs.contains("received"), "{logs}");
    assert_no_secret("the logs", &logs);
}

#[tokio::test]
async fn header_values_with_cr_or_lf_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let cases = [
        (Credentials::new().with_access_token("a\r\nX-Evil: 1"), "HT-ACCESS-TOKEN"),
        (Credentials::new().with_access_token("ok").with_session("s\nX-Evil: 1", "t"), "IMR-SESSION-TOKEN"),
        (Credentials::new().with_access_token("ok").with_session("s", "t\rX-Evil: 1"), "IMR-SESSION-SECRET"),
    ];
    for (credentials, header_name) in cases {
        let client = Client::builder().base_url(server.uri()).credentials(credentials).build().unwrap();
        match client.get_server(GetServerRequest::new("1")).await.unwrap_err() {
            OperationError::InvalidRequest { operation, reason } => {
                assert_eq!(operation, "get_server");
                assert_eq!(reason, format!("the value for header `{header_name}` contains a forbidden character"));
            }
            other => panic!("{header_name}: expected InvalidRequest, got {other:?}"),
        }
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn path_parameters_cannot_leave_their_segment() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let cases = [
        ("../../admin", "..%2F..%2Fadmin"),
        ("%2e%2e", "%252e%252e"),
        ("..\\..\\x", "..%5C..%5Cx"),
        ("a/../b", "a%2F..%2Fb"),
        ("?q=1#f", "%3Fq%3D1%23f"),
        ("主机 1", "%E4%B8%BB%E6%9C%BA%201"),
        ("...", "..."),
    ];
    for (value, segment) in cases {
        let request = client.build_request(&GetServerRequest::new(value)).unwrap();
        assert_eq!(request.url().path(), format!("/v1/openstack/server/{segment}/get"), "{value:?}");
        assert_eq!(request.url().query(), None, "{value:?}");
    }
    for value in ["", ".", ".."] {
        let err = client.build_request(&GetServerRequest::new(value)).unwrap_err();
        assert!(matches!(err, OperationError::InvalidRequest { operation: "get_server", .. }), "{value:?}: {err:?}");
    }
    // On the wire too: the server sees one encoded segment.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/openstack/server/..%2F..%2Fadmin/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK", "result": {}})))
        .expect(1)
        .mount(&server)
        .await;
    Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap()
        .get_server(GetServerRequest::new("../../admin"))
        .await
        .unwrap();
}

/// A one-shot HTTPS server on 127.0.0.1 with a certificate made for this test: answers the first request with a
/// pool list and returns the request's head.
async fn tls_server() -> (String, Certificate, tokio::task::JoinHandle<String>) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let trusted = Certificate::from_pem(certified.cert.pem().as_bytes()).unwrap();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key.into())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            // A client that does not trust the certificate fails the handshake; wait for the next one.
            let Ok(mut tls) = acceptor.accept(stream).await else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && tls.read(&mut byte).await.unwrap() == 1 {
                head.push(byte[0]);
            }
            let body = json!({"status": 200, "message": "OK", "result": ["tls-pool"]}).to_string();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            tls.write_all(response.as_bytes()).await.unwrap();
            tls.shutdown().await.unwrap();
            return String::from_utf8(head).unwrap();
        }
    });
    (url, trusted, task)
}

#[tokio::test]
async fn https_works_with_a_trusted_certificate_and_fails_without_it() {
    let (url, certificate, server) = tls_server().await;
    let untrusted = Client::builder().base_url(&url).retry(RetryPolicy::none()).build().unwrap();
    let err = untrusted.list_pool_names(ListPoolNamesRequest::new()).await.unwrap_err();
    assert!(matches!(&err, OperationError::Transport { source, .. } if source.is_connect()), "{err:?}");
    let client =
        Client::builder().base_url(&url).credentials(credentials()).add_root_certificate(certificate).build().unwrap();
    let pools = client.list_pool_names(ListPoolNamesRequest::new()).await.unwrap();
    assert_eq!(pools.value, ["tls-pool"]);
    let head = server.await.unwrap().to_ascii_lowercase();
    assert!(head.starts_with("get /v1/openstack/server/poolnames http/1.1\r\n"), "{head}");
    assert!(head.contains(&format!("ht-access-token: {}\r\n", TOKEN.to_ascii_lowercase())), "{head}");
}

#[tokio::test]
async fn http_with_credentials_works_as_the_docs_default_is_http() {
    let server = MockServer::start().await;
    assert!(server.uri().starts_with("http://127.0.0.1:"));
    Mock::given(method("GET"))
        .and(header("HT-ACCESS-TOKEN", TOKEN))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK", "result": ["p"]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).credentials(credentials()).build().unwrap();
    assert_eq!(client.list_pool_names(ListPoolNamesRequest::new()).await.unwrap().value, ["p"]);
    assert!(htaiyun_client::Client::builder().build().unwrap().base_url().starts_with("http://"));
}

#[test]
fn a_bad_base_url_is_a_build_error_that_shows_no_userinfo() {
    let cases = [
        ("api.example.com/v1", "not an absolute URL such as `https://host/prefix`"),
        ("ftp://api.example.com", "the scheme must be `http` or `https`"),
        ("http://api.example.com/api?x=1", "it has a query, which the operation's path would be appended to"),
        ("http://api.example.com/api#top", "it has a fragment, which would drop the operation's path"),
        (
            "http://user:hunter2@api.example.com",
            "it carries a user name or password; pass credentials with `ClientBuilder::credentials`",
        ),
    ];
    for (url, expected_reason) in cases {
        let builder = Client::builder().base_url(url);
        assert!(!format!("{builder:?}").contains("hunter2"), "{builder:?}");
        match builder.build() {
            Err(err @ htaiyun_client::runtime::BuildError::BaseUrl { .. }) => {
                let shown = format!("{err}\n{err:?}");
                assert!(!shown.contains("hunter2") && !shown.contains("user:"), "{shown}");
                let htaiyun_client::runtime::BuildError::BaseUrl { reason, .. } = err else { unreachable!() };
                assert_eq!(reason, expected_reason, "{url}");
            }
            other => panic!("{url}: expected a base URL error, got {other:?}"),
        }
    }
    let err = Client::builder().base_url("http://user:hunter2@api.example.com/x").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid base URL `http://api.example.com/x`: it carries a user name or password; pass credentials with \
         `ClientBuilder::credentials`"
    );
    // Text that is no URL at all is redacted too.
    let builder = Client::builder().base_url("htp:/x:hunter2@host");
    assert!(!format!("{builder:?}").contains("hunter2"), "{builder:?}");
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/gateway/v1/openstack/server/poolnames"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK", "result": ["p"]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    for base in [format!("{}/gateway", server.uri()), format!("{}/gateway/", server.uri())] {
        let client = Client::builder().base_url(&base).build().unwrap();
        assert_eq!(client.base_url(), format!("{}/gateway", server.uri()));
        let request = client.build_request(&ListPoolNamesRequest::new()).unwrap();
        assert_eq!(request.url().as_str(), format!("{}/gateway/v1/openstack/server/poolnames", server.uri()));
    }
    let client = Client::builder().base_url(format!("{}/gateway", server.uri())).build().unwrap();
    assert_eq!(client.list_pool_names(ListPoolNamesRequest::new()).await.unwrap().value, ["p"]);
}

// A parameter that `spec/overrides.toml` marks `sensitive`: sent, but never shown in `Debug` or the logs.
#[tokio::test(flavor = "current_thread")]
async fn a_sensitive_parameter_is_sent_but_never_shown() {
    let sensitive: Vec<(String, String)> = crate::operations::spec_operations()
        .into_iter()
        .flat_map(|op| op.params.into_iter().filter(|p| p.sensitive).map(move |p| (op.name.clone(), p.wire)))
        .collect();
    let token = ("refresh_connection_group".to_owned(), "token".to_owned());
    assert!(sensitive.contains(&token), "the IR's sensitive parameters: {sensitive:?}");
    const USER_TOKEN: &str = "user-Vb53";
    let request = htaiyun_client::servers::RefreshConnectionGroupRequest::new(USER_TOKEN);
    let debug = format!("{request:?}");
    assert!(!debug.contains(USER_TOKEN) && debug.contains("token: \"<redacted>\""), "{debug}");

    let _ = tracing_log::LogTracer::init();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/api/tokens/refresh"))
        .and(wiremock::matchers::body_string(format!("token={USER_TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).credentials(credentials()).build().unwrap();
    client.refresh_connection_group(request).await.unwrap();
    server.verify().await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("sending"), "{logs}");
    assert!(!logs.contains(USER_TOKEN), "the logs show the token: {logs}");
}

/// A request whose path and query carry a key: an operation with a sensitive parameter in its URL when
/// `SENSITIVE` (what the generator emits for `sensitive = true` on a path or query parameter), the same operation
/// without the mark otherwise.
#[derive(Debug)]
struct KeyLookup<const SENSITIVE: bool> {
    key: &'static str,
    options: htaiyun_client::runtime::CallOptions,
}

/// The constant facts of [`KeyLookup`]: with the sensitive-URL mark, and without.
const fn key_lookup_spec(sensitive_url: bool) -> htaiyun_client::runtime::Spec {
    htaiyun_client::runtime::Spec {
        name: "key_lookup",
        method: htaiyun_client::runtime::Method::GET,
        path: "/v1/keys/{key}/lookup",
        idempotent: true,
        enveloped: true,
        has_result: true,
        body: htaiyun_client::runtime::Body::Query,
        auth: &[],
        sensitive_url,
    }
}

static SENSITIVE_KEY_LOOKUP: htaiyun_client::runtime::Spec = key_lookup_spec(true);
static PLAIN_KEY_LOOKUP: htaiyun_client::runtime::Spec = key_lookup_spec(false);

impl<const SENSITIVE: bool> htaiyun_client::runtime::Request for KeyLookup<SENSITIVE> {
    fn spec(&self) -> &'static htaiyun_client::runtime::Spec {
        if SENSITIVE {
            &SENSITIVE_KEY_LOOKUP
        } else {
            &PLAIN_KEY_LOOKUP
        }
    }
    fn path(&self) -> Result<String, String> {
        Ok(format!("/v1/keys/{}/lookup", htaiyun_client::runtime::segment("key", self.key)?))
    }
    fn params(&self, out: &mut Vec<(String, String)>) {
        htaiyun_client::runtime::push(out, "key", self.key);
    }
    fn options(&self) -> &htaiyun_client::runtime::CallOptions {
        &self.options
    }
}

impl<const SENSITIVE: bool> htaiyun_client::runtime::Operation for KeyLookup<SENSITIVE> {
    type Output = serde_json::Value;
    type ErrorKind = htaiyun_client::servers::GetServerError;
}

// A sensitive value in the URL reaches the server, and never the logs, an error's `Display` or `Debug`, or the
// location of a redirect that was not followed (a relative `Location` keeps the request's path).
#[tokio::test(flavor = "current_thread")]
async fn a_sensitive_value_in_the_url_stays_out_of_logs_and_errors() {
    const KEY: &str = "key-Sx71";
    let _ = tracing_log::LogTracer::init();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (url, log) = crate::redirects::recording_server(|_, _| crate::redirects::redirect(302, "moved?again=1")).await;
    let client = Client::builder().base_url(&url).retry(RetryPolicy::none()).build().unwrap();
    let sensitive = KeyLookup::<true> { key: KEY, options: Default::default() };
    let err = client.execute(sensitive).await.unwrap_err();
    assert_eq!(log.lock().unwrap()[0].path, format!("/v1/keys/{KEY}/lookup?key={KEY}"), "the key is sent");
    let OperationError::Redirect { location, .. } = &err else { panic!("expected a redirect error, got {err:?}") };
    assert_eq!(location.as_deref(), Some(format!("{url}/<redacted>").as_str()));
    let shown = format!("{err}\n{err:?}");
    assert!(!shown.contains(KEY), "the redirect error shows the key: {shown}");

    // A server that refuses the connection: the transport error names no URL.
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let refusing = Client::builder().base_url(&refused).retry(RetryPolicy::none()).build().unwrap();
    let err = refusing.execute(KeyLookup::<true> { key: KEY, options: Default::default() }).await.unwrap_err();
    assert!(matches!(err, OperationError::Transport { .. }), "{err:?}");
    let shown = format!("{err}\n{err:?}");
    assert!(!shown.contains(KEY), "the transport error shows the key: {shown}");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("sending") && logs.contains("path=<redacted>"), "{logs}");
    assert!(!logs.contains(KEY), "the logs show the key: {logs}");

    // The same operation without the mark names the whole location and logs the path, key included: what the
    // mark keeps out.
    let plain = KeyLookup::<false> { key: KEY, options: Default::default() };
    let OperationError::Redirect { location, .. } = client.execute(plain).await.unwrap_err() else {
        panic!("a redirect")
    };
    assert_eq!(location, Some(format!("{url}/v1/keys/{KEY}/moved?again=1")));
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains(&format!("path=/v1/keys/{KEY}/lookup")), "{logs}");
}
