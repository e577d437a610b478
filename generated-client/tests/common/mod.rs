//! Shared by the wire tests: the spec examples, a mock server, and matchers for exact query strings and
//! the credential headers an alternative must (and must not) send.

#![allow(dead_code)]

use serde_json::Value;
use wiremock::{Match, Request};

/// Every credential header any alternative of the specs sends.
pub const CREDENTIAL_HEADERS: [&str; 5] =
    ["x-client-id", "x-client-secret", "x-partner-apikey", "x-client-signature", "x-partner-merchantid"];

/// A spec from `specs/` as JSON.
pub fn spec(version: &str) -> Value {
    let path = format!("{}/../specs/{version}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{path}: {err}"));
    serde_json::to_value(yaml).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// `components.schemas.<name>.example` of a spec.
pub fn schema_example(spec: &Value, name: &str) -> Value {
    spec.pointer(&format!("/components/schemas/{name}/example"))
        .cloned()
        .unwrap_or_else(|| panic!("no example for {name}"))
}

/// `components.examples.<name>.value` of a spec.
pub fn named_example(spec: &Value, name: &str) -> Value {
    spec.pointer(&format!("/components/examples/{name}/value")).cloned().unwrap_or_else(|| panic!("no example {name}"))
}

/// Matches a request whose whole query string is exactly `expected` (so a pair sent twice fails).
pub struct ExactQuery(pub Option<&'static str>);

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query() == self.0
    }
}

/// Matches a request that carries exactly the credential headers `expected` (name, value), and no other.
pub struct ExactCredentials(pub Vec<(&'static str, &'static str)>);

impl Match for ExactCredentials {
    fn matches(&self, request: &Request) -> bool {
        CREDENTIAL_HEADERS.iter().all(|name| {
            let sent: Vec<_> = request.headers.get_all(*name).iter().collect();
            match self.0.iter().find(|(n, _)| n == name) {
                Some((_, value)) => sent.len() == 1 && sent[0] == value,
                None => sent.is_empty(),
            }
        })
    }
}

/// The base URL of a mock server as an `Environment::Custom` URL.
pub fn base_url(server: &wiremock::MockServer) -> url::Url {
    url::Url::parse(&server.uri()).unwrap_or_else(|err| panic!("mock server uri: {err}"))
}

/// `template` with the metadata headers Cashfree sends on every response, with fixed values.
pub fn with_metadata(mut template: wiremock::ResponseTemplate) -> wiremock::ResponseTemplate {
    for (name, value) in METADATA_HEADERS {
        template = template.insert_header(name, value);
    }
    template
}

const METADATA_HEADERS: [(&str, &str); 8] = [
    ("x-api-version", "2025-01-01"),
    ("x-ratelimit-limit", "200"),
    ("x-ratelimit-remaining", "198"),
    ("x-ratelimit-retry", "0"),
    ("x-ratelimit-type", "app_id"),
    ("x-request-id", "req-meta-1"),
    ("x-idempotency-key", "idem-1"),
    ("x-idempotency-replayed", "false"),
];

/// Checks that `meta` holds what [`metadata_headers`] sent.
pub fn assert_metadata(meta: &cashfree_pg::ResponseMeta, status: u16) {
    assert_eq!(meta.status, status);
    assert_eq!(meta.request_id.as_deref(), Some("req-meta-1"));
    assert_eq!(meta.rate_limit.limit, Some(200));
    assert_eq!(meta.rate_limit.remaining, Some(198));
    assert_eq!(meta.rate_limit.retry, Some(0));
    assert_eq!(meta.rate_limit.kind.as_deref(), Some("app_id"));
    assert_eq!(meta.idempotency.key.as_deref(), Some("idem-1"));
    assert_eq!(meta.idempotency.replayed, Some(false));
    assert_eq!(meta.header("x-api-version"), Some("2025-01-01"));
}

/// An operation of a spec and the error statuses it declares.
pub struct DeclaredOperation {
    pub id: String,
    pub method: String,
    pub errors: Vec<DeclaredError>,
}

/// A declared non-success status: the schema of its body, and that schema's example.
pub struct DeclaredError {
    pub status: u16,
    pub schema: String,
    pub example: Value,
}

/// Every operation of a spec with the error statuses it declares.
pub fn declared_errors(spec: &Value) -> Vec<DeclaredOperation> {
    let resolve = |value: &Value| -> Value {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec.pointer(reference.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
            None => value.clone(),
        }
    };
    let mut out = Vec::new();
    let paths = spec["paths"].as_object().expect("paths");
    for item in paths.values() {
        for (method, op) in item.as_object().expect("path item") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let mut errors = Vec::new();
            for (status, response) in op["responses"].as_object().expect("responses") {
                let code: u16 = status.parse().expect("numeric status");
                if (200..300).contains(&code) {
                    continue;
                }
                let response = resolve(response);
                let schema_ref = response.pointer("/content/application~1json/schema/$ref").and_then(Value::as_str);
                let schema_ref = schema_ref.expect("error responses reference a schema");
                let name = schema_ref.rsplit('/').next().expect("schema name").to_owned();
                let example = schema_example(spec, &name);
                errors.push(DeclaredError { status: code, schema: name, example });
            }
            out.push(DeclaredOperation { id, method: method.to_uppercase(), errors });
        }
    }
    out
}
