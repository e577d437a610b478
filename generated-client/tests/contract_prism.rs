//! Contract test against Prism, the spec-validating mock server: every operation of every spec in `specs/`
//! is called through the generated client (`every_operation/mod.rs`, generated: each operation's own method
//! and `send`, with values made up from the spec's examples and schemas), and Prism must report no violation
//! of the spec (its `sl-violations` header) while the body it returns decodes into the generated types.
//!
//! An extra beside the offline suite (the typed mock server checks the same contract without Node.js):
//! Prism is pinned in `tools/prism/package-lock.json` and installed by `.ci/run`. Without it the test skips
//! visibly; under CI (`CI=true`) it is required.

mod common;
mod every_operation;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cashfree_pg::{Config, ResponseMeta};
use serde_json::{Value, json};

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
    /// Prism's output (a line per request): to a file, since a pipe nobody reads fills and stalls it.
    log: tempfile::NamedTempFile,
}

impl Prism {
    /// The end of Prism's log, for a failure message.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
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
    let log = tempfile::NamedTempFile::new().expect("log file");
    let mut child = Command::new(bin)
        .args(["mock", "--dynamic", "--seed", "42", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(spec.path())
        .stdout(log.reopen().map(Stdio::from).expect("log file"))
        .stderr(log.reopen().map(Stdio::from).expect("log file"))
        .spawn()
        .expect("start prism");
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let log = std::fs::read_to_string(log.path()).unwrap_or_default();
            panic!("prism exited with {status}: {log}");
        }
        assert!(Instant::now() < deadline, "prism did not listen on port {port} within 90 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    let base = url::Url::parse(&format!("http://127.0.0.1:{port}")).expect("url");
    Some(Prism { child, base, _spec: spec, log })
}

/// Prism's violations of the request, if any. Prism also reports where the response it made up itself breaks
/// the spec (its faker does not always honour `oneOf`, `maxProperties`, ...): not the client's doing, so not
/// counted; whether the client decodes that response is.
fn violations(meta: &ResponseMeta) -> Option<String> {
    let report: Vec<Value> = serde_json::from_str(meta.header("sl-violations")?).unwrap_or_default();
    let of_request: Vec<&Value> = report.iter().filter(|v| v["location"][0] == "request").collect();
    (!of_request.is_empty()).then(|| serde_json::to_string(&of_request).unwrap_or_default())
}

/// One Prism at a time keeps the two-core CI machine from starving them.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The values of every call, made up from the spec: the example the spec gives for the parameter or body when
/// it decodes into the argument's type, else a value built from the schema (required properties, the first
/// enum value, a string of the format asked, a number at its minimum).
struct SpecInputs {
    spec: Value,
}

impl SpecInputs {
    /// `value` with its `$ref`s followed (within the spec).
    fn resolve<'v>(&'v self, mut value: &'v Value) -> &'v Value {
        for _ in 0..32 {
            match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(pointer) => value = self.spec.pointer(pointer).unwrap_or(&Value::Null),
                None => break,
            }
        }
        value
    }

    /// The operation `id` and its path item.
    fn operation(&self, id: &str) -> (&Value, &Value) {
        let paths = self.spec["paths"].as_object().expect("paths");
        for item in paths.values() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if method != "parameters" && operation["operationId"] == id {
                    return (operation, item);
                }
            }
        }
        panic!("no operation {id} in the spec")
    }

    /// The examples a parameter or media type gives (`example`, every `examples` value), in order.
    fn examples(&self, holder: &Value) -> Vec<Value> {
        let mut found: Vec<Value> = holder.get("example").cloned().into_iter().collect();
        for example in holder.get("examples").and_then(Value::as_object).into_iter().flat_map(|m| m.values()) {
            found.extend(self.resolve(example).get("value").cloned());
        }
        found
    }

    /// A value of `schema`; with `examples`, a schema's own example where it has one (of a plain value only:
    /// an object's example may well leave out what the schema requires).
    fn sample(&self, schema: &Value, examples: bool, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if examples && let Some(example) = schema.get("example").filter(|e| !e.is_object() && !e.is_array()) {
            return example.clone();
        }
        if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|values| values.first()) {
            return first.clone();
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = serde_json::Map::new();
            for part in all {
                if let Value::Object(fields) = self.sample(part, examples, depth + 1) {
                    merged.extend(fields);
                }
            }
            return Value::Object(merged);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema.get(key).and_then(Value::as_array).and_then(|members| members.first()) {
                return self.sample(first, examples, depth + 1);
            }
        }
        let number = |fallback: f64| schema.get("minimum").and_then(Value::as_f64).unwrap_or(fallback).max(1.0);
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                let text = match schema.get("format").and_then(Value::as_str) {
                    Some("date-time") => "2025-01-01T10:20:30+05:30".to_owned(),
                    Some("date") => "2025-01-01".to_owned(),
                    Some("email") => "buyer@example.com".to_owned(),
                    Some("uri" | "url") => "https://example.com/return".to_owned(),
                    Some("uuid") => "47bf8872-46fe-11ee-be56-0242ac120002".to_owned(),
                    _ => {
                        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(1) as usize;
                        let max = schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
                        "sample".repeat(min / 6 + 1)[..min.max(6).min(max)].to_owned()
                    }
                };
                Value::String(text)
            }
            Some("integer") => json!(number(1.0) as i64),
            Some("number") => json!(number(1.0)),
            Some("boolean") => json!(true),
            Some("array") if depth < 8 => {
                let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0).max(1);
                let item = self.sample(schema.get("items").unwrap_or(&Value::Null), examples, depth + 1);
                Value::Array(vec![item; count as usize])
            }
            Some("array") => json!([]),
            _ if schema.get("properties").is_some() || schema.get("type").and_then(Value::as_str) == Some("object") => {
                let mut object = serde_json::Map::new();
                let required = schema.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
                for name in required.iter().filter_map(Value::as_str) {
                    let property = schema.pointer(&format!("/properties/{name}")).unwrap_or(&Value::Null);
                    if depth < 8 {
                        object.insert(name.to_owned(), self.sample(property, examples, depth + 1));
                    }
                }
                Value::Object(object)
            }
            _ => json!("sample"),
        }
    }
}

impl every_operation::Inputs for SpecInputs {
    fn value<T: serde::de::DeserializeOwned>(&mut self, id: &str, place: &str, name: &str) -> T {
        let (operation, item) = self.operation(id);
        let (holder, schema) = if place == "body" {
            let media = &self.resolve(&operation["requestBody"])["content"][name];
            (media.clone(), media["schema"].clone())
        } else if place == "form" {
            let content = self.resolve(&operation["requestBody"])["content"].as_object().cloned().unwrap_or_default();
            let form =
                content.iter().find(|(media, _)| media.starts_with("multipart/")).map(|(_, m)| m["schema"].clone());
            let property = self.resolve(&form.unwrap_or_default())["properties"][name].clone();
            (json!({}), property)
        } else {
            let declared =
                operation["parameters"].as_array().into_iter().chain(item["parameters"].as_array()).flatten();
            let parameter = declared
                .map(|p| self.resolve(p))
                .find(|p| p["in"] == place && p["name"] == name)
                .unwrap_or_else(|| panic!("{id}: no {place} parameter {name}"));
            (parameter.clone(), parameter["schema"].clone())
        };
        // The schema's own shape first (its required properties, with plain values from its examples): a
        // spec's request example sometimes breaks its schema (leaves out a required property, or picks a
        // `oneOf` member no request can match), which Prism would rightly report.
        let mut candidates = vec![self.sample(&schema, true, 0), self.sample(&schema, false, 0)];
        candidates.extend(self.examples(&holder));
        for candidate in &candidates {
            if let Ok(value) = serde_json::from_value(candidate.clone()) {
                return value;
            }
        }
        panic!("{id}: no value for the {place} {name} decodes into its type; tried {candidates:?}")
    }
}

/// Calls every operation of the version module `$module` once per credential alternative, through Prism
/// running `$version`. Each operation must be answered with a success by at least one alternative, and no
/// request may break the spec (Prism's `sl-violations`); an alternative the operation does not accept is
/// refused by the client before sending, which is no violation.
macro_rules! conforms {
    ($name:ident, $module:ident, $version:literal) => {
        #[tokio::test]
        async fn $name() {
            use cashfree_pg::$module::{Client, Credentials, Environment};
            let _serial = SERIAL.lock().await;
            let Some(prism) = start($version) else { return };
            let mut inputs = SpecInputs { spec: common::spec($version) };
            let alternatives = [
                Credentials::client_id_client_secret("app-id", "secret"),
                Credentials::client_id_partner_api_key("app-id", "partner-key"),
                Credentials::client_id_client_signature("app-id", "signature"),
                Credentials::partner_merchant_id_partner_api_key("merchant", "partner-key"),
            ];
            // Operation -> whether an alternative succeeded, and what went wrong (once per distinct problem).
            let mut results: std::collections::BTreeMap<&'static str, (bool, std::collections::BTreeSet<String>)> =
                Default::default();
            for credentials in alternatives {
                let client =
                    Client::with_config(Environment::Custom(prism.base.clone()), credentials, Config::default())
                        .expect("client");
                every_operation::$module(&client, &mut inputs, &mut |id, outcome| {
                    let entry = results.entry(id).or_default();
                    match outcome {
                        every_operation::Outcome::Answered(meta) => match violations(&meta) {
                            Some(report) => {
                                entry.1.insert(format!("Prism reports {report}"));
                            }
                            None => entry.0 = true,
                        },
                        every_operation::Outcome::Failed(err, _) if err.starts_with("CredentialsNotAccepted") => {}
                        every_operation::Outcome::Failed(err, meta) => {
                            let report = meta.as_ref().and_then(violations);
                            // The error's text without the response's headers (they differ by date).
                            let err: String =
                                err.split(", headers:").next().unwrap_or(&err).chars().take(600).collect();
                            entry.1.insert(format!("{err}; Prism says {report:?}"));
                        }
                        every_operation::Outcome::Skipped(why) => {
                            entry.0 = true;
                            entry.1.insert(format!("skipped: {why}"));
                        }
                    }
                })
                .await;
            }
            let failed: Vec<String> = results
                .iter()
                .filter(|(_, (answered, problems))| !answered || problems.iter().any(|p| !p.starts_with("skipped")))
                .map(|(id, (_, problems))| {
                    format!("{id}:\n    {}", problems.iter().cloned().collect::<Vec<_>>().join("\n    "))
                })
                .collect();
            assert!(!results.is_empty(), "no operation was called");
            assert!(
                failed.is_empty(),
                "{} of {} operations:\n{}\nPrism's log ends:\n{}",
                failed.len(),
                results.len(),
                failed.join("\n"),
                prism.log_tail()
            );
        }
    };
}

conforms!(every_2025_01_01_operation_conforms, v2025_01_01, "2025-01-01");
conforms!(every_2023_08_01_operation_conforms, v2023_08_01, "2023-08-01");

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
