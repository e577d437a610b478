//! What the generated client costs over the least one could write: the same requests through the generated
//! client and through a hand-written reqwest + serde_json call with plain serde structs, against one local
//! HTTP server on 127.0.0.1 in the same run; then decoding alone; then the same under load: 200 tasks
//! sharing one client against one keep-alive server, the sides taking turns in blocks of calls (A B C,
//! C B A, ...). Prints criterion's figures, then one table of ratios (generated / hand-written):
//! `cargo bench -p cashfree-pg --bench overhead` (`OVERHEAD=concurrent` leaves criterion's benches out,
//! `OVERHEAD=sequential` the load case). Criterion measures each side in turn; the interleaved rows (one
//! call at a time, then under load) have the sides take turns by blocks of calls, which holds on a noisy
//! machine where criterion's ratios do not; each row gives the ratio of the sums and, in bold, the median
//! of the turns' own ratios.
//!
//! "The same request" is byte for byte what the generated client sends: the hand-written call adds its
//! `accept: application/json` and `user-agent`. The interleaved rows also compare with the least a
//! hand-written call sends (reqwest's `accept: */*`, no `user-agent`), which shows what those two headers
//! cost.
//!
//! Both clients have a 30 s per-request timeout, as a service would set; the generated client also has its
//! deadline, metadata, typed errors and tracing span.

use std::hint::black_box;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cashfree_pg::Config;
use cashfree_pg::v2025_01_01::{Client, Credentials, Environment, InstrumentEntityForAllSavedCard};
use criterion::Criterion;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The plain structs a person would write by hand for the same JSON.
#[allow(dead_code, reason = "decoded for the comparison, never read")]
#[derive(Deserialize)]
struct PlainInstrument {
    customer_id: Option<String>,
    afa_reference: Option<String>,
    instrument_id: Option<String>,
    instrument_type: Option<String>,
    instrument_uid: Option<String>,
    instrument_display: Option<String>,
    instrument_status: Option<String>,
    created_at: Option<String>,
    instrument_meta: Option<PlainMeta>,
}

#[allow(dead_code, reason = "decoded for the comparison, never read")]
#[derive(Deserialize)]
struct PlainMeta {
    card_network: Option<String>,
    card_bank_name: Option<String>,
    card_country: Option<String>,
    card_type: Option<String>,
    card_sub_type: Option<String>,
    card_token_details: Option<PlainToken>,
}

#[allow(dead_code, reason = "decoded for the comparison, never read")]
#[derive(Deserialize)]
struct PlainToken {
    par: Option<String>,
    expiry_month: Option<String>,
    expiry_year: Option<String>,
}

#[allow(dead_code, reason = "decoded for the comparison, never read")]
#[derive(Deserialize)]
struct PlainCryptogram {
    instrument_id: Option<String>,
    token_requestor_id: Option<String>,
    card_number: Option<String>,
    card_expiry_mm: Option<String>,
    card_expiry_yy: Option<String>,
    cryptogram: Option<String>,
    card_display: Option<String>,
}

fn instruments(count: usize) -> Vec<u8> {
    let one = serde_json::json!({
        "customer_id": "akshita2106", "afa_reference": "2223295743",
        "instrument_id": "0d6b0245-f417-41a0-8151-0b03790de1f9", "instrument_type": "card",
        "instrument_uid": "a89b6054bd18f3f4a2e6663190c23aa7f39573dfde2ea2e5d3dbf1b31705f0da",
        "instrument_display": "XXXXXXXXXXXX5717", "instrument_status": "ACTIVE",
        "created_at": "2023-11-01T04:55:07.000+00:00",
        "instrument_meta": {"card_network": "visa", "card_bank_name": "AXIS BANK", "card_country": "IN",
            "card_type": "credit_card", "card_sub_type": "P",
            "card_token_details": {"par": "V0010013823048595023916090696", "expiry_month": "05", "expiry_year": "2028"}}
    });
    serde_json::to_vec(&vec![one; count]).unwrap_or_default()
}

fn cryptogram() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10", "token_requestor_id": "22457512314",
        "card_number": "4491365621601472", "card_expiry_mm": "06", "card_expiry_yy": "2025",
        "cryptogram": "AQBBBBBBZatIlaIAmWKSghwBBBB=", "card_display": "1234"
    }))
    .unwrap_or_default()
}

/// A minimal HTTP/1.1 server with keep-alive: the body depends on the path only, so both clients get
/// byte-identical answers at the same cost.
async fn serve(listener: TcpListener) {
    // Shared, not copied per connection: how many connections a run opens varies, and a copy of the bodies
    // for each would be noise in both sides' figures. Each whole response (head and body) is made once:
    // the server's work per request is finding the end of the head and the path, whatever headers a client
    // sends.
    let responses = std::sync::Arc::new([
        ("/customers/c1/", response(&instruments(1))),
        ("/customers/c100/", response(&instruments(100))),
        ("/customers/c1000/", response(&instruments(1000))),
    ]);
    let crypto = std::sync::Arc::new(response(&cryptogram()));
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        // One write per response and no Nagle: neither client may wait on delayed ACKs.
        let _ = socket.set_nodelay(true);
        let responses = responses.clone();
        let crypto = crypto.clone();
        tokio::spawn(async move {
            let mut buffer = Vec::with_capacity(4096);
            let mut chunk = [0u8; 4096];
            loop {
                let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                    continue;
                };
                // The request line's target: between its first and second space.
                let target = buffer[..end].split(|b| *b == b' ').nth(1).unwrap_or_default();
                let has = |part: &str| target.windows(part.len()).any(|w| w == part.as_bytes());
                let reply = if has("/cryptogram") {
                    &crypto
                } else {
                    responses.iter().find(|(key, _)| has(key)).map(|(_, r)| r).unwrap_or(&crypto)
                };
                if socket.write_all(reply).await.is_err() {
                    return;
                }
                buffer.drain(..end + 4);
            }
        });
    }
}

/// A whole `200` response with `body`, as the server writes it.
fn response(body: &[u8]) -> Vec<u8> {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: r\r\nx-ratelimit-limit: 200\r\n\r\n",
        body.len()
    );
    [head.as_bytes(), body].concat()
}

struct Plain {
    http: reqwest::Client,
    base: String,
    /// Sends what the generated client sends besides the operation's own headers (`accept:
    /// application/json` and its `user-agent`), so that both put the same request on the wire; without
    /// them, reqwest's `accept: */*` and no `user-agent`, the least a hand-written call can send.
    same_request: bool,
}

/// The generated client's `user-agent` (this crate's name and version).
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

impl Plain {
    /// `accept` and `user-agent` as the generated client sends them, when `same_request`.
    fn identify(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if self.same_request {
            request.header("accept", "application/json").header("user-agent", USER_AGENT)
        } else {
            request
        }
    }

    async fn fetch_all(&self, customer: &str) -> Vec<PlainInstrument> {
        let url = format!("{}/customers/{customer}/instruments", self.base);
        let request = self
            .http
            .get(url)
            .query(&[("instrument_type", "card")])
            .header("x-api-version", "2025-01-01")
            .header("x-client-id", "id")
            .header("x-client-secret", "secret");
        let response = self.identify(request).send().await;
        match response {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    async fn cryptogram(&self) -> Option<PlainCryptogram> {
        let url = format!("{}/customers/c1/instruments/i1/cryptogram", self.base);
        let request = self
            .http
            .get(url)
            .header("x-api-version", "2025-01-01")
            .header("x-client-id", "id")
            .header("x-client-secret", "secret");
        self.identify(request).send().await.ok()?.json().await.ok()
    }
}

/// A runtime of `workers` threads.
fn runtime(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("{err}"))
}

/// The server on a runtime of its own (one worker), listening on a free port of 127.0.0.1.
fn start_server() -> (tokio::runtime::Runtime, SocketAddr) {
    let server = runtime(1);
    let listener = server.block_on(TcpListener::bind("127.0.0.1:0")).unwrap_or_else(|err| panic!("{err}"));
    let address = listener.local_addr().unwrap_or_else(|err| panic!("{err}"));
    server.spawn(serve(listener));
    (server, address)
}

/// The generated client against `base`, with the default `Config`.
fn generated_client(base: &str) -> Client {
    let url = url::Url::parse(base).unwrap_or_else(|err| panic!("{err}"));
    let credentials = Credentials::client_id_client_secret("id", "secret");
    Client::with_config(Environment::Custom(url), credentials, Config::default()).unwrap_or_else(|err| panic!("{err}"))
}

/// One side of the load cases: a client shared by its tasks.
enum Side {
    Generated(std::sync::Arc<Client>),
    Plain(std::sync::Arc<Plain>),
}

impl Side {
    /// `calls` fetch-all calls over `tasks` tasks of `runtime`.
    fn load(&self, runtime: &tokio::runtime::Runtime, tasks: usize, calls: usize) {
        match self {
            Side::Generated(client) => {
                let client = client.clone();
                load(runtime, tasks, calls, move || {
                    let client = client.clone();
                    async move { client.pg_customer_fetch_instruments("c1").send().await.map(|r| r.body.len()).unwrap_or(0) }
                });
            }
            Side::Plain(plain) => {
                let plain = plain.clone();
                load(runtime, tasks, calls, move || {
                    let plain = plain.clone();
                    async move { plain.fetch_all("c1").await.len() }
                });
            }
        }
    }
}

/// The hand-written side's HTTP client: a timeout per request, as the generated client has.
fn plain_http() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap_or_else(|err| panic!("{err}"))
}

/// Rounds, calls per round and tasks of the concurrent case.
const ROUNDS: usize = 3;
const CALLS: usize = 30_000;
const TASKS: usize = 200;
/// Calls a side makes in one turn of the concurrent case.
const BLOCK: usize = 3_000;
/// Calls a side makes in one turn, and turns, of the one-at-a-time interleaved case.
const SEQUENTIAL_BLOCK: usize = 1_500;
const SEQUENTIAL_TURNS: usize = 20;

/// CPU time (user + system) of the whole process so far, to the nanosecond (`CLOCK_PROCESS_CPUTIME_ID`);
/// `None` where there is no such clock.
fn cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `now` is a valid, writable `timespec`; the call writes nothing else.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
        let (secs, nanos) = (u64::try_from(now.tv_sec).ok()?, u32::try_from(now.tv_nsec).ok()?);
        (status == 0).then(|| Duration::new(secs, nanos))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Calls per round of a child: `CALLS`, or `OVERHEAD_CALLS` (a short run, under valgrind say).
fn calls_per_round() -> usize {
    std::env::var("OVERHEAD_CALLS").ok().and_then(|n| n.parse().ok()).unwrap_or(CALLS)
}

/// `calls` fetch-all calls spread over `tasks` tasks of one runtime.
fn load<F, Fut>(runtime: &tokio::runtime::Runtime, tasks: usize, calls: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = usize> + Send,
{
    runtime.block_on(async {
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let call = call.clone();
                tokio::spawn(async move {
                    let mut total = 0;
                    for _ in 0..calls / tasks {
                        total += call().await;
                    }
                    total
                })
            })
            .collect();
        for handle in handles {
            let _ = handle.await;
        }
    });
}

/// One side of the concurrent case alone, as the whole of a process (`OVERHEAD_CHILD=generated`, `plain` or
/// `minimal`): its own server, `ROUNDS` x `CALLS` calls over `TASKS` tasks sharing one client; prints wall
/// and process CPU (start to end) per call. For profilers: under valgrind, it is one side's work alone.
fn concurrent_child(side: &str) {
    let (_server, address) = start_server();
    let runtime = runtime(2);
    let base = format!("http://{address}/pg");
    let per_round = calls_per_round();
    let started = Instant::now();
    // Shared through an `Arc`, as a service does, on every side. `plain` sends the generated client's request;
    // `minimal`, the least a hand-written call sends.
    let side = match side {
        "generated" => Side::Generated(std::sync::Arc::new(generated_client(&base))),
        _ => Side::Plain(std::sync::Arc::new(Plain { http: plain_http(), base, same_request: side == "plain" })),
    };
    for _ in 0..ROUNDS {
        side.load(&runtime, TASKS, per_round);
    }
    let calls = (ROUNDS * (per_round / TASKS * TASKS)) as f64;
    let wall = started.elapsed().as_secs_f64() * 1e6 / calls;
    let cpu = cpu_time().map_or(f64::NAN, |cpu| cpu.as_secs_f64() * 1e6 / calls);
    println!("{wall} {cpu}");
}

/// A row of the interleaved cases: what, generated and hand-written per call (µs), the 10th, 50th and 90th
/// percentile of the turn ratios, and the target.
type Row = (String, f64, f64, [f64; 3], &'static str);

/// The interleaved cases, all sides in this one process: one server, one runtime for the clients, and the
/// sides taking turns block by block (A B C, C B A, ...), so that whatever the machine does over the run
/// (other work, clock changes) falls on every side alike, which whole processes or functions measured one
/// after the other cannot promise. First one call at a time (one task, `SEQUENTIAL_BLOCK` calls a turn),
/// then under load (`TASKS` tasks, `BLOCK` calls a turn, `ROUNDS` x `CALLS` calls a side). The sides: the
/// generated client, the hand-written call sending the same request, and the hand-written call sending
/// the least it can (no `user-agent`, reqwest's `accept: */*`). Wall and process CPU per call, summed
/// over each side's blocks, against each hand-written side; the range is that of the ratios of the
/// blocks of each turn. `loaded` false leaves the load case out.
fn interleaved(loaded: bool) -> Vec<Row> {
    let (_server, address) = start_server();
    let runtime = runtime(2);
    let base = format!("http://{address}/pg");
    // Shared through an `Arc`, as a service does, on every side.
    let sides = [
        Side::Generated(std::sync::Arc::new(generated_client(&base))),
        Side::Plain(std::sync::Arc::new(Plain { http: plain_http(), base: base.clone(), same_request: true })),
        Side::Plain(std::sync::Arc::new(Plain { http: plain_http(), base, same_request: false })),
    ];
    let block = |side: usize, tasks: usize, calls: usize| {
        let (started, cpu) = (Instant::now(), cpu_time());
        sides[side].load(&runtime, tasks, calls);
        let cpu = cpu_time().zip(cpu).map(|(end, start)| (end - start).as_secs_f64());
        (started.elapsed().as_secs_f64(), cpu)
    };
    let case = |what: &str, tasks: usize, calls: usize, turns: usize| {
        // Every side opens its connections before anything is counted.
        for side in 0..3 {
            block(side, tasks, calls);
        }
        let (mut walls, mut cpus) = ([Vec::new(), Vec::new(), Vec::new()], [Vec::new(), Vec::new(), Vec::new()]);
        for turn in 0..turns {
            for side in if turn % 2 == 0 { [0, 1, 2] } else { [2, 1, 0] } {
                let (wall, cpu) = block(side, tasks, calls);
                walls[side].push(wall);
                if let Some(cpu) = cpu {
                    cpus[side].push(cpu);
                }
            }
        }
        let made = (turns * (calls / tasks * tasks)) as f64;
        let row = |name: &str, (baseline, target): (&str, &'static str), generated: &[f64], plain: &[f64]| {
            let mut ratios: Vec<f64> = generated.iter().zip(plain).map(|(g, p)| g / p).collect();
            ratios.sort_by(|a, b| a.total_cmp(b));
            // The middle 80% of the turns' ratios: a turn that straddled a pause on the machine says nothing.
            let low = ratios.get(ratios.len() / 10).copied().unwrap_or(f64::NAN);
            let high = ratios.get(ratios.len().saturating_sub(1 + ratios.len() / 10)).copied().unwrap_or(f64::NAN);
            // Each turn compares the sides minutes apart at most: the median turn is the reading least moved
            // by the machine's other work (the ratio of the sums weighs a slow turn by its length).
            let median = ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN);
            let per_call = |side: &[f64]| side.iter().sum::<f64>() * 1e6 / made;
            (
                format!(
                    "{what}, {name} per call, against {baseline} ({turns} turns of {calls} calls a side; turn ratios p10 / median / p90"
                ),
                per_call(generated),
                per_call(plain),
                [low, median, high],
                target,
            )
        };
        let mut rows = Vec::new();
        // The target is on the same request: the other rows add what the two headers cost on the wire.
        for (side, baseline) in [(1, ("the same request", "<= 1.03x")), (2, ("the least request", "-"))] {
            rows.push(row("wall", baseline, &walls[0], &walls[side]));
            if cpus.iter().all(|cpu| cpu.len() == turns) {
                rows.push(row("CPU", baseline, &cpus[0], &cpus[side]));
            }
        }
        rows
    };
    let mut rows = case("one at a time", 1, SEQUENTIAL_BLOCK, SEQUENTIAL_TURNS);
    if loaded {
        rows.extend(case(
            &format!("concurrent {ROUNDS} x {CALLS} calls x {TASKS} tasks"),
            TASKS,
            BLOCK,
            ROUNDS * CALLS / BLOCK,
        ));
    }
    rows
}

fn criterion_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion")
}

fn run(c: &mut Criterion, runtime: &tokio::runtime::Runtime, address: SocketAddr) {
    let base = format!("http://{address}/pg");
    let generated = generated_client(&base);
    let plain = Plain { http: plain_http(), base, same_request: true };
    for (count, customer) in [(1, "c1"), (100, "c100"), (1000, "c1000")] {
        let mut group = c.benchmark_group(format!("fetch_all_{count}"));
        group.bench_function("generated", |b| {
            b.iter(|| {
                runtime.block_on(async {
                    generated.pg_customer_fetch_instruments(customer).send().await.map(|r| r.body.len())
                })
            })
        });
        group.bench_function("plain", |b| b.iter(|| runtime.block_on(plain.fetch_all(customer)).len()));
        group.finish();
    }
    let mut group = c.benchmark_group("cryptogram");
    group.bench_function("generated", |b| {
        b.iter(|| {
            runtime
                .block_on(async { generated.pg_customer_instruments_fetch_cryptogram("c1", "i1").send().await.is_ok() })
        })
    });
    group.bench_function("plain", |b| b.iter(|| runtime.block_on(plain.cryptogram()).is_some()));
    group.finish();

    let body = instruments(1000);
    let mut group = c.benchmark_group("decode_1000");
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<Vec<InstrumentEntityForAllSavedCard>>(black_box(&body)).map(|v| v.len()))
    });
    group.bench_function("plain", |b| {
        b.iter(|| serde_json::from_slice::<Vec<PlainInstrument>>(black_box(&body)).map(|v| v.len()))
    });
    group.finish();
}

/// The mean of a benchmark, as criterion recorded it.
fn mean_ns(group: &str, function: &str) -> Option<f64> {
    let path = criterion_dir().join(group).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.pointer("/mean/point_estimate")?.as_f64()
}

fn main() {
    // A child of the concurrent case runs one side and nothing else (`OVERHEAD_CHILD=generated` alone
    // profiles it).
    if let Ok(side) = std::env::var("OVERHEAD_CHILD") {
        concurrent_child(&side);
        return;
    }
    // `OVERHEAD=concurrent` leaves criterion's benches out, `OVERHEAD=sequential` the load case.
    let sequential = std::env::var("OVERHEAD").as_deref() != Ok("concurrent");
    if sequential {
        // Criterion's calls run on this thread, the server on the runtime's one worker.
        let (runtime, address) = start_server();
        let mut criterion = Criterion::default().output_directory(&criterion_dir()).configure_from_args();
        run(&mut criterion, &runtime, address);
        criterion.final_summary();
    }
    let interleaved = interleaved(std::env::var("OVERHEAD").as_deref() != Ok("sequential"));
    println!("\n| benchmark | generated | hand-written | ratio | target |");
    println!("|---|---|---|---|---|");
    // Only what this run measured: criterion's files keep an earlier run's figures.
    let measured: &[(&str, f64)] = if sequential {
        &[
            ("fetch_all_1", 1.03),
            ("fetch_all_100", 1.03),
            ("fetch_all_1000", 1.03),
            ("cryptogram", 1.03),
            ("decode_1000", 1.2),
        ]
    } else {
        &[]
    };
    for &(group, target) in measured {
        if let (Some(generated), Some(plain)) = (mean_ns(group, "generated"), mean_ns(group, "plain")) {
            let ratio = generated / plain;
            println!(
                "| {group} | {:.1} µs | {:.1} µs | {ratio:.3}x | <= {target}x |",
                generated / 1000.0,
                plain / 1000.0
            );
        }
    }
    for (what, generated, plain, [low, median, high], target) in interleaved {
        println!(
            "| {what} {low:.3} / **{median:.3}** / {high:.3}) | {generated:.2} µs | {plain:.2} µs | {:.3}x | {target} |",
            generated / plain
        );
    }
}
