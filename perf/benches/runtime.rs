//! Runtime benchmarks: the generated client against a hand-written `reqwest` call doing the same request, on a
//! loopback HTTP server this file starts (127.0.0.1, a free port) and stops; and decoding a 10 000-item
//! `list_servers` page.
//!
//! `cargo bench -p perf --bench runtime` prints divan's table, then a summary of ratios measured by this file with
//! the two sides interleaved (round after round, so a burst of load on a shared machine hits both alike).
//!
//! The concurrency comparison spawns 1 000 `list_servers` calls at once on one `Client` (and the same 1 000
//! calls on one `reqwest::Client`) on a two-worker runtime, and reports the wall time of the whole batch and the
//! heap each call needs while in flight (the batch's peak heap above what was live before it, divided by 1 000,
//! counted by `perf::heap::Counting`, installed for this binary).
//!
//! The hand-written call sends what the client sends (method, path, the three credential headers, the same
//! form body, the same `User-Agent`, a whole-call timeout) and decodes the envelope into the same generated
//! `ListServersResult`, but goes straight from bytes to the struct with `serde_json::from_slice`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use divan::Bencher;
use htaiyun_client::servers::{ListServersRequest, ListServersResult, ServerStatus};
use htaiyun_client::{Client, Credentials};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PATH: &str = "/v1/openstack/server/list";
const USER_AGENT: &str = "htaiyun-client/0.1.0";
const TIMEOUT: Duration = Duration::from_secs(30);
const PAGE_ITEMS: usize = 10_000;
/// Calls in flight at once in the concurrency comparison.
const IN_FLIGHT: usize = 1_000;

#[global_allocator]
static HEAP: perf::heap::Counting = perf::heap::Counting;

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with one fixed JSON body. It runs on its
/// own thread and runtime, and stops (connections and all) when dropped.
struct LoopbackServer {
    base_url: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LoopbackServer {
    fn start(body: Vec<u8>) -> LoopbackServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
        listener.set_nonblocking(true).expect("the listener can be non-blocking");
        let base_url = format!("http://{}", listener.local_addr().expect("the listener has an address"));
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        let response: Arc<Vec<u8>> = Arc::new([head.as_bytes(), &body].concat());
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                let accept = async {
                    while let Ok((socket, _)) = listener.accept().await {
                        socket.set_nodelay(true).ok();
                        tokio::spawn(serve_connection(socket, Arc::clone(&response)));
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stop => {}
                }
            });
            // Dropping the runtime here ends the connection tasks.
        });
        LoopbackServer { base_url, shutdown: Some(shutdown), thread: Some(thread) }
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers each request of one connection: reads the head and `content-length` bytes of body, writes the response.
async fn serve_connection(mut socket: tokio::net::TcpStream, response: Arc<Vec<u8>>) {
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let consumed = loop {
            if let Some(len) = complete_request(&buffer) {
                break len;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        buffer.drain(..consumed);
        if socket.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// The length of the first complete request in `buffer` (head and body), if it has arrived.
fn complete_request(buffer: &[u8]) -> Option<usize> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let body_len = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (buffer.len() >= head_end + body_len).then_some(head_end + body_len)
}

/// One entity of a `list_servers` page, as the doc's example shows it.
fn entity(idx: usize) -> serde_json::Value {
    serde_json::json!({
        "unique": idx,
        "name": format!("server-{idx}"),
        "status": if idx % 3 == 0 { "ACTIVE" } else { "SHUTOFF" },
        "created": 1_500_000_000_000_i64 + idx as i64,
        "updated": 1_600_000_000_000_i64 + idx as i64,
        "flavor": {
            "unique": format!("flavor-{}", idx % 7),
            "status": "ACTIVE",
            "created": 1_500_000_000_000_i64,
            "updated": 1_500_000_000_000_i64,
            "name": "m1.small",
            "disk": 20,
            "ram": 2048
        }
    })
}

/// A success envelope around a page of `items` entities.
fn page_body(items: usize) -> Vec<u8> {
    let entities: Vec<serde_json::Value> = (0..items).map(entity).collect();
    let body = serde_json::json!({
        "status": 200,
        "message": "OK",
        "result": { "hasPrevious": false, "hasNext": false, "total": items, "entites": entities }
    });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

/// The envelope, decoded straight into the result type (what a hand-written client would do).
#[derive(Deserialize)]
struct Envelope<T> {
    status: i64,
    #[serde(default)]
    message: Option<String>,
    result: Option<T>,
}

/// The route the runtime took until it decoded `result` straight from the body: the envelope with `result` as a
/// `serde_json::Value`, then the value decoded. Kept as a reference point.
#[derive(Deserialize)]
struct ValueEnvelope {
    status: i64,
    #[serde(default)]
    result: Option<serde_json::Value>,
}

/// Plain structs with the same fields as the generated ones, without their lenient field decoders.
#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainPage {
    #[serde(rename = "hasPrevious")]
    has_previous: bool,
    #[serde(rename = "hasNext")]
    has_next: bool,
    total: i64,
    #[serde(default, alias = "entities")]
    entites: Vec<PlainEntity>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainEntity {
    unique: i64,
    name: String,
    status: String,
    created: Option<i64>,
    updated: Option<i64>,
    flavor: Option<PlainFlavor>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainFlavor {
    unique: Option<String>,
    status: Option<String>,
    #[serde(default)]
    created: serde_json::Value,
    #[serde(default)]
    updated: serde_json::Value,
    name: Option<String>,
    disk: Option<i64>,
    #[serde(default)]
    ram: serde_json::Value,
}

/// Everything one side of the comparison needs: a runtime, a server, and both clients pointed at it.
struct Fixture {
    runtime: tokio::runtime::Runtime,
    client: Client,
    http: reqwest::Client,
    /// Taken and dropped (which stops the server) by [`Fixture::stop`] at the end of `main`.
    server: std::sync::Mutex<Option<LoopbackServer>>,
    url: String,
}

impl Fixture {
    fn new(items: usize) -> Fixture {
        let server = LoopbackServer::start(page_body(items));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(
                Credentials::new().with_access_token("app-token").with_session("session-token", "session-secret"),
            )
            .user_agent(USER_AGENT)
            .timeout(TIMEOUT)
            .build()
            .expect("a client for a loopback URL");
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(USER_AGENT)
            .build()
            .expect("a reqwest client");
        let url = format!("{}{PATH}", server.base_url);
        Fixture { runtime, client, http, server: std::sync::Mutex::new(Some(server)), url }
    }

    /// Stops the loopback server.
    fn stop(&self) {
        let server = self.server.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        drop(server);
    }

    /// The generated client's call.
    fn generated(&self) -> ListServersResult {
        self.runtime.block_on(async {
            let request = ListServersRequest::new().with_status(ServerStatus::Active).with_page(1).with_offset(20);
            self.client.list_servers(request).await.expect("the loopback server answers").into_inner()
        })
    }

    /// The same request, hand-written with reqwest and serde_json.
    fn hand_written(&self) -> ListServersResult {
        self.runtime.block_on(hand_written_call(&self.http, &self.url))
    }
}

/// The concurrency comparison: both clients on a multi-thread runtime, each call a spawned task.
struct Concurrent {
    runtime: tokio::runtime::Runtime,
    client: Client,
    http: reqwest::Client,
    url: String,
    server: std::sync::Mutex<Option<LoopbackServer>>,
}

impl Concurrent {
    fn new() -> Concurrent {
        let server = LoopbackServer::start(page_body(3));
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(
                Credentials::new().with_access_token("app-token").with_session("session-token", "session-secret"),
            )
            .user_agent(USER_AGENT)
            .timeout(TIMEOUT)
            .build()
            .expect("a client for a loopback URL");
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(USER_AGENT)
            .build()
            .expect("a reqwest client");
        let url = format!("{}{PATH}", server.base_url);
        Concurrent { runtime, client, http, url, server: std::sync::Mutex::new(Some(server)) }
    }

    fn stop(&self) {
        let server = self.server.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        drop(server);
    }

    /// `IN_FLIGHT` generated-client calls at once; the number of items they decoded.
    fn generated(&self) -> usize {
        self.runtime.block_on(async {
            let tasks: Vec<_> = (0..IN_FLIGHT)
                .map(|_| {
                    let client = self.client.clone();
                    tokio::spawn(async move {
                        let request =
                            ListServersRequest::new().with_status(ServerStatus::Active).with_page(1).with_offset(20);
                        client.list_servers(request).await.expect("the loopback server answers").value.entites.len()
                    })
                })
                .collect();
            let mut items = 0;
            for task in tasks {
                items += task.await.expect("the call does not panic");
            }
            items
        })
    }

    /// The same calls, hand-written with reqwest and serde_json.
    fn hand_written(&self) -> usize {
        self.runtime.block_on(async {
            let tasks: Vec<_> = (0..IN_FLIGHT)
                .map(|_| {
                    let http = self.http.clone();
                    let url = self.url.clone();
                    tokio::spawn(async move { hand_written_call(&http, &url).await.entites.len() })
                })
                .collect();
            let mut items = 0;
            for task in tasks {
                items += task.await.expect("the call does not panic");
            }
            items
        })
    }
}

/// The hand-written call: what the generated client sends, with reqwest, decoded with `from_slice`.
async fn hand_written_call(http: &reqwest::Client, url: &str) -> ListServersResult {
    let response = http
        .post(url)
        .header("ht-access-token", "app-token")
        .header("imr-session-token", "session-token")
        .header("imr-session-secret", "session-secret")
        .form(&[("status", "ACTIVE"), ("page", "1"), ("offset", "20")])
        .timeout(TIMEOUT)
        .send()
        .await
        .expect("the loopback server answers");
    let body = response.bytes().await.expect("the body arrives");
    let envelope: Envelope<ListServersResult> = serde_json::from_slice(&body).expect("the body decodes");
    assert_eq!(envelope.status, 200, "{:?}", envelope.message);
    envelope.result.expect("a success carries the page")
}

static CONCURRENT: std::sync::OnceLock<Concurrent> = std::sync::OnceLock::new();

fn concurrent() -> &'static Concurrent {
    CONCURRENT.get_or_init(Concurrent::new)
}

static SMALL: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
static LARGE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();

/// The fixture whose server answers a 3-item page.
fn small() -> &'static Fixture {
    SMALL.get_or_init(|| Fixture::new(3))
}

/// The fixture whose server answers a 10 000-item page.
fn large() -> &'static Fixture {
    LARGE.get_or_init(|| Fixture::new(PAGE_ITEMS))
}

fn large_body() -> &'static [u8] {
    static BODY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BODY.get_or_init(|| page_body(PAGE_ITEMS))
}

mod request {
    use super::*;

    /// One `list_servers` call through the generated client (a 3-item page).
    #[divan::bench]
    fn generated_client(bencher: Bencher) {
        let fixture = small();
        bencher.bench(|| fixture.generated());
    }

    /// The same request, hand-written with reqwest.
    #[divan::bench]
    fn hand_written_reqwest(bencher: Bencher) {
        let fixture = small();
        bencher.bench(|| fixture.hand_written());
    }
}

mod concurrent_1000 {
    use super::*;

    /// 1 000 `list_servers` calls in flight on one generated `Client`.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn generated_client(bencher: Bencher) {
        let fixture = concurrent();
        bencher.bench(|| fixture.generated());
    }

    /// The same 1 000 calls on one `reqwest::Client`.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn hand_written_reqwest(bencher: Bencher) {
        let fixture = concurrent();
        bencher.bench(|| fixture.hand_written());
    }
}

mod page_10000 {
    use super::*;

    /// The whole call through the generated client, on loopback.
    #[divan::bench(max_time = 8)]
    fn generated_client(bencher: Bencher) {
        let fixture = large();
        bencher.bench(|| fixture.generated());
    }

    /// The same call hand-written: reqwest, then `serde_json::from_slice` into the generated structs.
    #[divan::bench(max_time = 8)]
    fn hand_written_reqwest(bencher: Bencher) {
        let fixture = large();
        bencher.bench(|| fixture.hand_written());
    }

    /// Decoding alone: bytes to the generated structs with `serde_json::from_slice`.
    #[divan::bench(max_time = 8)]
    fn serde_generated_structs(bencher: Bencher) {
        let body = large_body();
        bencher
            .bench(|| serde_json::from_slice::<Envelope<ListServersResult>>(divan::black_box(body)).expect("decodes"));
    }

    /// Decoding alone, the runtime's former way: the envelope with a `Value` result, then the value into the structs.
    #[divan::bench(max_time = 8)]
    fn serde_via_value_generated_structs(bencher: Bencher) {
        let body = large_body();
        bencher.bench(|| {
            let envelope: ValueEnvelope = serde_json::from_slice(divan::black_box(body)).expect("decodes");
            assert_eq!(envelope.status, 200);
            serde_json::from_value::<ListServersResult>(envelope.result.unwrap_or_default()).expect("decodes")
        });
    }

    /// Decoding alone into plain structs with the same fields (no lenient field decoders).
    #[divan::bench(max_time = 8)]
    fn serde_plain_structs(bencher: Bencher) {
        let body = large_body();
        bencher.bench(|| serde_json::from_slice::<Envelope<PlainPage>>(divan::black_box(body)).expect("decodes"));
    }
}

/// Medians of `rounds` rounds of `per_round` calls each, for two sides run in alternation.
fn interleaved<A, B>(
    rounds: usize,
    per_round: usize,
    mut a: impl FnMut() -> A,
    mut b: impl FnMut() -> B,
) -> (Duration, Duration) {
    let mut round_a = Vec::with_capacity(rounds);
    let mut round_b = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let time = |f: &mut dyn FnMut()| {
            let start = Instant::now();
            for _ in 0..per_round {
                f();
            }
            start.elapsed() / per_round as u32
        };
        // Alternate which side goes first, so neither always runs on a warmer cache.
        if round % 2 == 0 {
            round_a.push(time(&mut || drop(divan::black_box(a()))));
            round_b.push(time(&mut || drop(divan::black_box(b()))));
        } else {
            round_b.push(time(&mut || drop(divan::black_box(b()))));
            round_a.push(time(&mut || drop(divan::black_box(a()))));
        }
    }
    round_a.sort();
    round_b.sort();
    (round_a[rounds / 2], round_b[rounds / 2])
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Medians over `rounds` interleaved rounds of one batch per side: wall time of the batch and heap per call in
/// flight (the batch's peak above what was live before it, over `IN_FLIGHT`).
fn interleaved_batches(rounds: usize, fixture: &Concurrent) -> [(Duration, f64); 2] {
    let mut sides: [Vec<(Duration, f64)>; 2] = [Vec::new(), Vec::new()];
    let run = |side: usize| {
        let start = Instant::now();
        let (items, peak) =
            perf::heap::peak_during(|| if side == 0 { fixture.generated() } else { fixture.hand_written() });
        let wall = start.elapsed();
        assert_eq!(items, 3 * IN_FLIGHT);
        (wall, peak as f64 / IN_FLIGHT as f64)
    };
    for round in 0..rounds {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            sides[side].push(run(side));
        }
    }
    sides.map(|mut runs| {
        let mut walls: Vec<Duration> = runs.iter().map(|(wall, _)| *wall).collect();
        walls.sort();
        runs.sort_by(|a, b| a.1.total_cmp(&b.1));
        (walls[rounds / 2], runs[rounds / 2].1)
    })
}

fn summary() {
    println!();
    println!("Summary (interleaved rounds, medians of the round means):");
    println!("| comparison | generated | hand-written / plain | ratio |");
    println!("|---|---|---|---|");
    let [(wall, memory), (hand_wall, hand_memory)] = interleaved_batches(21, concurrent());
    println!(
        "| 1 000 `list_servers` calls in flight on one client: wall time of the batch | {} | {} (reqwest) | {:.3} |",
        ms(wall),
        ms(hand_wall),
        wall.as_secs_f64() / hand_wall.as_secs_f64()
    );
    println!(
        "| 1 000 calls in flight: heap per call | {:.1} KiB | {:.1} KiB (reqwest) | {:.3} |",
        memory / 1024.0,
        hand_memory / 1024.0,
        memory / hand_memory
    );
    let small = small();
    let (generated, hand) = interleaved(41, 200, || small.generated(), || small.hand_written());
    println!(
        "| one `list_servers` call, 3-item page, loopback | {} | {} (reqwest) | {:.3} |",
        us(generated),
        us(hand),
        generated.as_secs_f64() / hand.as_secs_f64()
    );
    let large = large();
    let (generated, hand) = interleaved(11, 3, || large.generated(), || large.hand_written());
    println!(
        "| one call, 10 000-item page, loopback | {} | {} (reqwest + from_slice) | {:.3} |",
        ms(generated),
        ms(hand),
        generated.as_secs_f64() / hand.as_secs_f64()
    );
    let body = large_body();
    let (generated, plain) = interleaved(
        11,
        3,
        || serde_json::from_slice::<Envelope<ListServersResult>>(body).expect("decodes"),
        || serde_json::from_slice::<Envelope<PlainPage>>(body).expect("decodes"),
    );
    println!(
        "| decode 10 000 items: generated structs vs plain structs (from_slice) | {} | {} | {:.3} |",
        ms(generated),
        ms(plain),
        generated.as_secs_f64() / plain.as_secs_f64()
    );
    let (via_value, direct) = interleaved(
        11,
        3,
        || {
            let envelope: ValueEnvelope = serde_json::from_slice(body).expect("decodes");
            serde_json::from_value::<ListServersResult>(envelope.result.unwrap_or_default()).expect("decodes")
        },
        || serde_json::from_slice::<Envelope<ListServersResult>>(body).expect("decodes"),
    );
    println!(
        "| decode 10 000 items: via `Value` (the runtime's former route) vs from_slice, generated structs | {} | {} | {:.3} |",
        ms(via_value),
        ms(direct),
        via_value.as_secs_f64() / direct.as_secs_f64()
    );
}

fn main() {
    // Both sides decode the same thing (checked once, in test mode too). The generated types derive no
    // `PartialEq` (no user compares whole responses, and the derive costs compile time), so their `Debug` is compared.
    assert_eq!(format!("{:?}", small().generated()), format!("{:?}", small().hand_written()));
    assert_eq!(format!("{:?}", concurrent().generated()), format!("{:?}", concurrent().hand_written()));
    divan::main();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--bench") && args.iter().all(|a| a.starts_with('-')) {
        summary();
    }
    for fixture in [SMALL.get(), LARGE.get()].into_iter().flatten() {
        fixture.stop();
    }
    if let Some(fixture) = CONCURRENT.get() {
        fixture.stop();
    }
}
