//! What the generated client costs over the least one could write: the same requests through the generated
//! client and through a hand-written reqwest + serde_json call with plain serde structs, against one local
//! HTTP server on 127.0.0.1 in the same run; then decoding alone. Prints criterion's figures, then a table of
//! ratios (generated / hand-written): `cargo bench -p cashfree-pg --bench overhead`.

use std::hint::black_box;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

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
    let bodies = [("c1/", instruments(1)), ("c100/", instruments(100)), ("c1000/", instruments(1000))];
    let crypto = cryptogram();
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        // One write per response and no Nagle: neither client may wait on delayed ACKs.
        let _ = socket.set_nodelay(true);
        let bodies = bodies.clone();
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
                let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                buffer.drain(..end + 4);
                let path = head.split_whitespace().nth(1).unwrap_or("");
                let body = if path.contains("/cryptogram") {
                    &crypto
                } else {
                    bodies
                        .iter()
                        .find(|(key, _)| path.contains(&format!("/customers/{key}")))
                        .map(|(_, b)| b)
                        .unwrap_or(&crypto)
                };
                let mut response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: r\r\nx-ratelimit-limit: 200\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                response.extend_from_slice(body);
                if socket.write_all(&response).await.is_err() {
                    return;
                }
            }
        });
    }
}

struct Plain {
    http: reqwest::Client,
    base: String,
}

impl Plain {
    async fn fetch_all(&self, customer: &str) -> Vec<PlainInstrument> {
        let url = format!("{}/customers/{customer}/instruments", self.base);
        let response = self
            .http
            .get(url)
            .query(&[("instrument_type", "card")])
            .header("x-api-version", "2025-01-01")
            .header("x-client-id", "id")
            .header("x-client-secret", "secret")
            .send()
            .await;
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
        request.send().await.ok()?.json().await.ok()
    }
}

fn criterion_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion")
}

fn run(c: &mut Criterion, runtime: &tokio::runtime::Runtime, address: SocketAddr) {
    let base = format!("http://{address}/pg");
    let url = url::Url::parse(&base).unwrap_or_else(|err| panic!("{err}"));
    let credentials = Credentials::client_id_client_secret("id", "secret");
    let generated = Client::with_config(Environment::Custom(url), credentials, Config::default())
        .unwrap_or_else(|err| panic!("{err}"));
    let plain = Plain { http: reqwest::Client::new(), base };
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("{err}"));
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap_or_else(|err| panic!("{err}"));
    let address = listener.local_addr().unwrap_or_else(|err| panic!("{err}"));
    runtime.spawn(serve(listener));
    let mut criterion = Criterion::default().output_directory(&criterion_dir()).configure_from_args();
    run(&mut criterion, &runtime, address);
    criterion.final_summary();
    println!("\n| benchmark | generated | hand-written | ratio | target |");
    println!("|---|---|---|---|---|");
    for (group, target) in [
        ("fetch_all_1", 1.03),
        ("fetch_all_100", 1.03),
        ("fetch_all_1000", 1.03),
        ("cryptogram", 1.03),
        ("decode_1000", 1.2),
    ] {
        if let (Some(generated), Some(plain)) = (mean_ns(group, "generated"), mean_ns(group, "plain")) {
            let ratio = generated / plain;
            println!(
                "| {group} | {:.1} µs | {:.1} µs | {ratio:.3}x | <= {target}x |",
                generated / 1000.0,
                plain / 1000.0
            );
        }
    }
}
