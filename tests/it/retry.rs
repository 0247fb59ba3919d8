//! Retries: which failures are retried, how often, how long the client waits, and that an operation that is not
//! safe to repeat (`GET .../allocateip`, marked in `spec/overrides.toml`) is sent once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use htaiyun_client::runtime::Request;
use htaiyun_client::servers::{
    AllocateFloatingIpRequest, CreateServerRequest, CreateServerRequired, GetServerRequest, ListServersRequest,
};
use htaiyun_client::{Client, Credentials, OperationError, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::faults::{raw_server, read_request_head, reset};

/// Retries without jitter and with short waits, so that the tests are quick and exact.
fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(max_attempts)
        .with_backoff(Duration::from_millis(10), Duration::from_millis(40))
        .with_jitter(false)
}

fn client(url: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(url)
        .credentials(Credentials::new().with_access_token("app-token"))
        .retry(policy)
        .build()
        .unwrap()
}

fn ok_server() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK", "result": {"unique": 5}}))
}

async fn n_received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// A raw server that counts connections, reads each request and then does what `fault` says.
async fn counting_server(fault: &'static str) -> (String, Arc<AtomicUsize>) {
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    let url = raw_server(move |mut stream| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move {
            read_request_head(&mut stream).await;
            match fault {
                "reset" => reset(stream),
                _ => {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    drop(stream);
                }
            }
        }
    })
    .await;
    (url, connections)
}

#[test]
fn allocate_floating_ip_is_the_operation_marked_unsafe() {
    assert_eq!(
        (AllocateFloatingIpRequest::new().spec().idempotent, GetServerRequest::new("1").spec().idempotent),
        (false, true)
    );
}

#[tokio::test]
async fn allocate_floating_ip_is_sent_once_even_when_the_server_answers_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let err = client(&server.uri(), quick(5)).allocate_floating_ip(AllocateFloatingIpRequest::new()).await.unwrap_err();
    assert!(matches!(&err, OperationError::Http { http_status, .. } if *http_status == 503), "{err:?}");
    assert_eq!(n_received(&server).await, 1);
}

#[tokio::test]
async fn a_get_is_retried_up_to_the_limit_on_each_retryable_status() {
    let server = MockServer::start().await;
    let client = client(&server.uri(), quick(4));
    for status in [429, 502, 503, 504] {
        server.reset().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
        let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
        assert!(matches!(&err, OperationError::Http { http_status, .. } if *http_status == status), "{err:?}");
        assert_eq!(n_received(&server).await, 4, "HTTP {status}");
    }
    // Other statuses and error envelopes are answers, not failures to retry.
    for response in [
        ResponseTemplate::new(500),
        ResponseTemplate::new(200).set_body_json(json!({"status": 403, "message": "access denied"})),
    ] {
        server.reset().await;
        Mock::given(method("GET")).respond_with(response).mount(&server).await;
        client.get_server(GetServerRequest::new("1")).await.unwrap_err();
        assert_eq!(n_received(&server).await, 1);
    }
}

#[tokio::test]
async fn a_retried_get_returns_the_first_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ok_server()).with_priority(2).mount(&server).await;
    let server_value = client(&server.uri(), quick(3)).get_server(GetServerRequest::new("1")).await.unwrap();
    assert_eq!(server_value.value.unique, Some(5));
    assert_eq!(n_received(&server).await, 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    Mock::given(method("GET")).respond_with(busy).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(ok_server()).with_priority(2).mount(&server).await;
    let started = Instant::now();
    // The backoff alone would wait 10 ms; Retry-After asks for a second.
    client(&server.uri(), quick(3)).get_server(GetServerRequest::new("1")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "retried after {:?}", started.elapsed());
    assert_eq!(n_received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let policy = quick(3).with_max_retry_after(Duration::from_secs(2));
    let err = client(&server.uri(), policy).get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert!(matches!(&err, OperationError::Http { http_status, .. } if *http_status == 503), "{err:?}");
    assert_eq!(n_received(&server).await, 1);
}

#[tokio::test]
async fn the_policy_can_be_overridden_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let never = client(&server.uri(), RetryPolicy::none());
    never.get_server(GetServerRequest::new("1").with_retry(quick(3))).await.unwrap_err();
    assert_eq!(n_received(&server).await, 3);
    server.reset().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let often = client(&server.uri(), quick(5));
    often.get_server(GetServerRequest::new("1").with_retry(RetryPolicy::none())).await.unwrap_err();
    assert_eq!(n_received(&server).await, 1);
    // An operation that is not safe to repeat stays at one attempt whatever the call's policy says.
    server.reset().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    often.allocate_floating_ip(AllocateFloatingIpRequest::new().with_retry(quick(4))).await.unwrap_err();
    assert_eq!(n_received(&server).await, 1);
}

#[tokio::test]
async fn a_reset_connection_is_retried_only_when_the_operation_is_safe_to_repeat() {
    let (url, connections) = counting_server("reset").await;
    let client = client(&url, quick(3));
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert!(matches!(err, OperationError::Transport { operation: "get_server", .. }), "{err:?}");
    assert_eq!(connections.swap(0, Ordering::SeqCst), 3);
    let err = client.allocate_floating_ip(AllocateFloatingIpRequest::new()).await.unwrap_err();
    assert!(matches!(err, OperationError::Transport { operation: "allocate_floating_ip", .. }), "{err:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_timed_out_attempt_is_replayed_only_when_the_operation_is_safe_to_repeat() {
    let (url, connections) = counting_server("silent").await;
    let attempt_timeout = Duration::from_millis(150);
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_secs(10))
        .retry(quick(3).with_attempt_timeout(attempt_timeout))
        .build()
        .unwrap();
    let err = client.get_server(GetServerRequest::new("1")).await.unwrap_err();
    assert!(matches!(err, OperationError::Timeout { timeout, .. } if timeout == attempt_timeout), "{err:?}");
    assert_eq!(connections.swap(0, Ordering::SeqCst), 3);
    let err = client.allocate_floating_ip(AllocateFloatingIpRequest::new()).await.unwrap_err();
    assert!(matches!(err, OperationError::Timeout { timeout, .. } if timeout == attempt_timeout), "{err:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[test]
fn the_waits_between_attempts_add_up_to_the_backoffs() {
    // The waits are observed through a server that refuses every connection: nothing is sent, so even
    // `allocate_floating_ip` is retried, and the total wait is the sum of the backoffs.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let policy = RetryPolicy::default()
            .with_max_attempts(4)
            .with_backoff(Duration::from_millis(100), Duration::from_millis(250))
            .with_jitter(false);
        let started = Instant::now();
        let err = client(&url, policy).allocate_floating_ip(AllocateFloatingIpRequest::new()).await.unwrap_err();
        assert!(matches!(&err, OperationError::Transport { source, .. } if source.is_connect()), "{err:?}");
        // 100 + 200 + 250 (capped) ms.
        assert!(started.elapsed() >= Duration::from_millis(550), "{:?}", started.elapsed());
    });
}

#[test]
fn jitter_draws_each_delay_between_half_the_backoff_and_all_of_it() {
    let policy = RetryPolicy::default().with_backoff(Duration::from_millis(100), Duration::from_secs(1));
    for (retry, backoff) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (40, 1000)] {
        let backoff = Duration::from_millis(backoff);
        let delays: Vec<Duration> = (0..50).map(|_| policy.delay(retry)).collect();
        assert!(delays.iter().all(|d| *d >= backoff / 2 && *d <= backoff), "retry {retry}: {delays:?}");
        assert!(delays.iter().any(|d| *d != delays[0]), "retry {retry}: no jitter in {delays:?}");
        assert_eq!(policy.clone().with_jitter(false).delay(retry), backoff);
    }
}

/// Answers the first POST with a 503 and every later one with a success.
async fn busy_once(server: &MockServer) {
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    let page = json!({"status": 200, "message": "OK", "result": {"hasPrevious": false, "hasNext": false, "total": 0, "entites": []}});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .with_priority(2)
        .mount(server)
        .await;
}

#[tokio::test]
async fn with_the_default_policy_list_servers_is_retried_on_a_503_and_create_server_is_sent_once() {
    let server = MockServer::start().await;
    let client = client(&server.uri(), RetryPolicy::default());
    busy_once(&server).await;
    let listed = client.list_servers(ListServersRequest::new()).await;
    assert!(listed.is_ok(), "{listed:?}");
    assert_eq!(n_received(&server).await, 2);
    busy_once(&server).await;
    let err = client
        .create_server(CreateServerRequest::new(CreateServerRequired { userid: 1, name: "n", flavor: "f", image: "i" }))
        .await
        .unwrap_err();
    assert!(matches!(&err, OperationError::Http { http_status, .. } if *http_status == 503), "{err:?}");
    assert_eq!(n_received(&server).await, 1);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let client = client(&server.uri(), quick(3));
    for (ahead, least_wait) in [(Duration::from_secs(2), Duration::from_secs(1)), (Duration::ZERO, Duration::ZERO)] {
        server.reset().await;
        // An HTTP date has whole seconds, so a date two seconds ahead asks for more than one second.
        let date = httpdate::fmt_http_date(SystemTime::now() + ahead);
        let busy = ResponseTemplate::new(503).insert_header("Retry-After", date.as_str());
        Mock::given(method("GET")).respond_with(busy).up_to_n_times(1).with_priority(1).mount(&server).await;
        Mock::given(method("GET")).respond_with(ok_server()).with_priority(2).mount(&server).await;
        let started = Instant::now();
        client.get_server(GetServerRequest::new("1")).await.unwrap();
        assert!(started.elapsed() >= least_wait, "{date}: retried after {:?}", started.elapsed());
        assert_eq!(n_received(&server).await, 2, "{date}");
    }
}

#[tokio::test]
async fn no_duration_and_no_retry_after_panics_the_caller() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok_server()).mount(&server).await;
    // "No limit" written as the largest durations there are.
    let unlimited = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .retry(RetryPolicy::default().with_attempt_timeout(Duration::MAX).with_max_retry_after(Duration::MAX))
        .build()
        .unwrap();
    assert_eq!(unlimited.get_server(GetServerRequest::new("1")).await.unwrap().value.unique, Some(5));
    let request = GetServerRequest::new("1").with_timeout(Duration::from_secs(u64::MAX / 2));
    assert_eq!(client(&server.uri(), quick(3)).get_server(request).await.unwrap().value.unique, Some(5));
    // Waits that cannot fit the call's timeout end the retries: one request each, the server's answer returned.
    let huge_backoff = RetryPolicy::default().with_backoff(Duration::MAX, Duration::MAX);
    let absurd = [
        (huge_backoff, None),
        (quick(3).with_max_retry_after(Duration::MAX), Some("18446744073709551615")),
        (quick(3).with_max_retry_after(Duration::MAX), Some("99999999999999999999999999")),
    ];
    for (policy, retry_after) in absurd {
        server.reset().await;
        let busy = match retry_after {
            Some(seconds) => ResponseTemplate::new(503).insert_header("Retry-After", seconds),
            None => ResponseTemplate::new(503),
        };
        Mock::given(method("GET")).respond_with(busy).mount(&server).await;
        let request = GetServerRequest::new("1").with_timeout(Duration::from_secs(2)).with_retry(policy);
        let err = client(&server.uri(), RetryPolicy::none()).get_server(request).await.unwrap_err();
        assert!(
            matches!(&err, OperationError::Http { http_status, .. } if *http_status == 503),
            "{retry_after:?}: {err:?}"
        );
        assert_eq!(n_received(&server).await, 1, "{retry_after:?}");
    }
    for jitter in [true, false] {
        let policy = RetryPolicy::default().with_backoff(Duration::MAX, Duration::MAX).with_jitter(jitter);
        for retry in [1, 2, 40, u32::MAX] {
            assert!(policy.delay(retry) >= Duration::MAX / 2, "retry {retry}, jitter {jitter}");
        }
    }
}
