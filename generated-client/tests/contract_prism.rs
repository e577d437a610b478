//! Contract test against Prism, the spec-validating mock server: every operation of every spec in `specs/`
//! is called through the generated client, and Prism must report no violation of the spec (its
//! `sl-violations` header) while the body it returns decodes into the generated types.
//!
//! An extra beside the offline suite (the typed mock server checks the same contract without Node.js):
//! Prism is pinned in `tools/prism/package-lock.json` and installed by `.ci/run`. Without it the test skips
//! visibly; under CI (`CI=true`) it is required.

mod common;

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cashfree_pg::{Config, ResponseMeta};
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).expect("workspace root")
}

/// The Prism executable, if it is installed (`npm ci --prefix tools/prism`, which `.ci/run` does). Absent
/// locally: `None`, and the test says it skipped. Absent under CI (`CI=true`): a failure, so CI never passes
/// without the contract check.
fn prism() -> Option<PathBuf> {
    let bin = workspace().join("tools/prism/node_modules/.bin/prism");
    if bin.exists() {
        return Some(bin);
    }
    assert!(
        std::env::var("CI").map(|v| v != "true").unwrap_or(true),
        "CI=true but Prism is not installed: run `npm ci --prefix tools/prism`"
    );
    // Straight to the process's stderr, not `eprintln!`: libtest captures that for a passing test, and a
    // skip must show in a plain `cargo test`.
    let line = "SKIPPED: Prism is not installed (npm ci --prefix tools/prism); the contract test did not run\n";
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    None
}

/// A running `prism mock`, stopped when dropped.
struct Prism {
    child: Child,
    base: url::Url,
    _spec: tempfile::NamedTempFile,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The spec as Prism should see it. Prism takes a `?` in a path key literally (the route
/// `/customers/{customer_id}/instruments?instrument_type=card` then matches no request), so the query part
/// is dropped from path keys, which is how the generator reads them too; the operation still declares
/// `instrument_type` as a required query parameter, which Prism checks.
fn prism_spec(version: &str) -> tempfile::NamedTempFile {
    let mut spec = common::spec(version);
    let paths = spec["paths"].as_object().expect("paths").clone();
    spec["paths"] =
        Value::Object(paths.into_iter().map(|(k, v)| (k.split('?').next().unwrap_or(&k).to_owned(), v)).collect());
    let file = tempfile::Builder::new().suffix(".json").tempfile().expect("temp spec");
    std::fs::write(file.path(), serde_json::to_vec(&spec).expect("json")).expect("write temp spec");
    file
}

/// A Prism serving `version`, or `None` when Prism is not installed (see [`prism`]).
fn start(version: &str) -> Option<Prism> {
    let bin = prism()?;
    let spec = prism_spec(version);
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let mut child = Command::new(bin)
        .args(["mock", "--dynamic", "--seed", "42", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(spec.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start prism");
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut log = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = err.read_to_string(&mut log);
            }
            panic!("prism exited with {status}: {log}");
        }
        assert!(Instant::now() < deadline, "prism did not listen on port {port} within 90 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    let base = url::Url::parse(&format!("http://127.0.0.1:{port}")).expect("url");
    Some(Prism { child, base, _spec: spec })
}

/// Prism's violations of a response, if any.
fn violations(meta: &ResponseMeta) -> Option<String> {
    meta.header("sl-violations").map(str::to_owned)
}

/// Fails with Prism's report when the call violated the spec or did not decode.
fn check<T>(what: &str, result: Result<cashfree_pg::ApiResponse<T>, impl std::fmt::Debug + HasMeta>) {
    match result {
        Ok(response) => {
            assert_eq!(violations(&response.meta), None, "{what}: Prism reports a violation");
            assert!(response.meta.status.is_success(), "{what}: {}", response.meta.status);
        }
        Err(err) => panic!("{what}: {err:?}; Prism says: {:?}", err.meta().and_then(violations)),
    }
}

trait HasMeta {
    fn meta(&self) -> Option<&ResponseMeta>;
}

impl<B> HasMeta for cashfree_pg::runtime::Error<B> {
    fn meta(&self) -> Option<&ResponseMeta> {
        cashfree_pg::runtime::Error::meta(self)
    }
}

/// One Prism at a time keeps the two-core CI machine from starving them.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Calls every operation of the version module `$module` with each credential alternative through Prism
/// running `$version`; `$fetch_all` calls fetch-all (whose arguments differ between versions).
macro_rules! conforms {
    ($name:ident, $module:ident, $version:literal, |$client:ident| $fetch_all:expr) => {
        #[tokio::test]
        async fn $name() {
            use cashfree_pg::$module::{Client, Credentials, Environment};
            let _serial = SERIAL.lock().await;
            let Some(prism) = start($version) else { return };
            let alternatives = [
                Credentials::client_id_client_secret("app-id", "secret"),
                Credentials::client_id_partner_api_key("app-id", "partner-key"),
                Credentials::client_id_client_signature("app-id", "signature"),
                Credentials::partner_merchant_id_partner_api_key("merchant", "partner-key"),
            ];
            for credentials in alternatives {
                let label = format!("{credentials:?}");
                let $client =
                    Client::with_config(Environment::Custom(prism.base.clone()), credentials, Config::default())
                        .expect("client");
                check(&format!("fetch all, {label}"), $fetch_all.await);
                check(&format!("fetch one, {label}"), $client.pg_customer_fetch_instrument("c1", "i1").send().await);
                let key = "47bf8872-46fe-11ee-be56-0242ac120002";
                let delete = $client.pg_customer_delete_instrument("c1", "i1").idempotency_key(key).send().await;
                check(&format!("delete, {label}"), delete);
                let cryptogram =
                    $client.pg_customer_instruments_fetch_cryptogram("c1", "i1").request_id("r2").send().await;
                check(&format!("cryptogram, {label}"), cryptogram);
            }
        }
    };
}

conforms!(every_2025_01_01_operation_conforms, v2025_01_01, "2025-01-01", |client| client
    .pg_customer_fetch_instruments("c1")
    .request_id("r1")
    .send());
conforms!(every_2023_08_01_operation_conforms, v2023_08_01, "2023-08-01", |client| client
    .pg_customer_fetch_instruments("c1", "card")
    .send());

/// The harness must be able to fail: a request without `x-api-version` is reported by Prism.
#[tokio::test]
async fn prism_reports_a_request_that_breaks_the_spec() {
    let _serial = SERIAL.lock().await;
    let Some(prism) = start("2025-01-01") else { return };
    let url = prism.base.join("customers/c1/instruments/i1/cryptogram").expect("url");
    let response = reqwest::Client::new()
        .get(url)
        .header("x-client-id", "app-id")
        .header("x-client-secret", "secret")
        .send()
        .await
        .expect("prism answers");
    let report = response.headers().get("sl-violations").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(report.contains("x-api-version"), "no violation reported: {report:?}");
}
