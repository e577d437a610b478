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
