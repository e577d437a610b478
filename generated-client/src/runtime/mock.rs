//! The machinery of the typed mock servers (cargo feature `mock`), built on wiremock. Each version module's
//! generated `mock::MockServer` describes its operations with [`OperationSpec`]s; this module routes a request
//! to its operation, checks it against the spec (method, path, `x-api-version`, credentials, required
//! parameters, body shape) and answers a violation with a `400` whose message names it, answers an
//! operation nobody stubbed with a `501` naming the operation, and hands tests the requests received.

use std::collections::BTreeMap;

use reqwest::header::HeaderMap;
use serde_json::json;
use wiremock::{Match, Request, Respond, ResponseTemplate};

use super::mask::mask_card_numbers;

/// Where an alternative sends one of its credentials.
#[derive(Debug, Clone, Copy)]
pub enum CredentialPlace {
    Header(&'static str),
    Query(&'static str),
    Cookie(&'static str),
    /// `Authorization` (bearer or basic).
    Authorization,
}

/// What the body of a request must be.
#[derive(Debug, Clone, Copy)]
pub enum BodySpec {
    /// The operation takes no body.
    None,
    /// A body of this media type, required or not, checked by the function (JSON: it decodes as the type).
    Some { content_type: &'static str, required: bool, check: fn(&[u8]) -> Result<(), String> },
}

/// One operation, as the mock checks requests for it.
#[derive(Debug, Clone, Copy)]
pub struct OperationSpec {
    pub id: &'static str,
    pub method: &'static str,
    /// The path template (`/customers/{customer_id}/instruments`).
    pub template: &'static str,
    /// A header and the value every request must carry (`x-api-version`).
    pub fixed_headers: &'static [(&'static str, &'static str)],
    pub required_query: &'static [&'static str],
    pub required_headers: &'static [&'static str],
    /// Alternatives of credentials; empty when none is needed.
    pub credentials: &'static [&'static [CredentialPlace]],
    pub body: BodySpec,
}

impl OperationSpec {
    /// The path parameters of `path`, if it is this operation's template filled in.
    pub fn path_params(&self, path: &str) -> Option<BTreeMap<String, String>> {
        let template: Vec<&str> = self.template.split('/').collect();
        let actual: Vec<&str> = path.split('/').collect();
        if template.len() != actual.len() {
            return None;
        }
        let mut params = BTreeMap::new();
        for (want, got) in template.iter().zip(&actual) {
            match want.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
                Some(name) if !got.is_empty() => {
                    let value = percent_encoding::percent_decode_str(got).decode_utf8_lossy().into_owned();
                    params.insert(name.to_owned(), value);
                }
                Some(_) => return None,
                None if want == got => {}
                None => return None,
            }
        }
        Some(params)
    }

    /// Whether `request` is a call of this operation (method and path).
    pub fn matches(&self, request: &Request) -> bool {
        request.method.as_str() == self.method && self.path_params(request.url.path()).is_some()
    }

    /// What is wrong with `request` for this operation, if anything.
    pub fn violation(&self, request: &Request) -> Option<String> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let in_query =
            |name: &str| query.iter().any(|(k, v)| (k == name || k.starts_with(&format!("{name}["))) && !v.is_empty());
        for (name, value) in self.fixed_headers {
            if header(name) != Some(value) {
                return Some(format!("header `{name}` must be `{value}`, got {:?}", header(name)));
            }
        }
        if let Some(name) = self.required_query.iter().find(|n| !in_query(n)) {
            return Some(format!("required query parameter `{name}` is missing"));
        }
        if let Some(name) = self.required_headers.iter().find(|n| header(n).is_none()) {
            return Some(format!("required header `{name}` is missing"));
        }
        if !self.credentials.is_empty()
            && !self.credentials.iter().any(|alt| alt.iter().all(|p| present(request, &query, *p)))
        {
            return Some(format!("no accepted credentials; send one of: {}", describe_alternatives(self.credentials)));
        }
        match self.body {
            BodySpec::None => None,
            BodySpec::Some { required, .. } if request.body.is_empty() => {
                required.then(|| "the required request body is missing".to_owned())
            }
            BodySpec::Some { content_type, check, .. } => {
                let sent = header("content-type").unwrap_or_default();
                if !sent.starts_with(content_type) && !content_type.starts_with("multipart/") {
                    return Some(format!("the body must be `{content_type}`, got `{sent}`"));
                }
                check(&request.body).err().map(|why| format!("the body does not fit the operation's schema: {why}"))
            }
        }
    }
}

fn present(request: &Request, query: &[(String, String)], place: CredentialPlace) -> bool {
    let has_header = |name: &str| request.headers.get(name).is_some_and(|v| !v.is_empty());
    match place {
        CredentialPlace::Header(name) => has_header(name),
        CredentialPlace::Query(name) => query.iter().any(|(k, v)| k == name && !v.is_empty()),
        CredentialPlace::Cookie(name) => request
            .headers
            .get("cookie")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.split(';').any(|pair| pair.trim().starts_with(&format!("{name}=")))),
        CredentialPlace::Authorization => has_header("authorization"),
    }
}

fn describe_alternatives(alternatives: &[&[CredentialPlace]]) -> String {
    let describe = |place: &CredentialPlace| match place {
        CredentialPlace::Header(name) => format!("header {name}"),
        CredentialPlace::Query(name) => format!("query {name}"),
        CredentialPlace::Cookie(name) => format!("cookie {name}"),
        CredentialPlace::Authorization => "authorization".to_owned(),
    };
    alternatives
        .iter()
        .map(|alt| alt.iter().map(describe).collect::<Vec<_>>().join(" + "))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A JSON body of the shape `T` (a `check` of [`BodySpec::Some`]).
pub fn check_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    super::decode::decode_json::<T>(body)
        .map(|_| ())
        .map_err(|problem| format!("at `{}`: {}", problem.path, problem.message))
}

/// Any body (media types the mock does not look into).
pub fn check_any(_: &[u8]) -> Result<(), String> {
    Ok(())
}

/// An error the mock answers with, in the shape most error schemas read (`message`, `code`, `type`).
fn mock_error(status: u16, message: String) -> ResponseTemplate {
    let body = json!({"message": mask_card_numbers(&message), "code": "mock_error", "type": "invalid_request_error"});
    ResponseTemplate::new(status).set_body_json(body).insert_header("x-request-id", "mock")
}

/// Routes requests to one operation.
pub struct OperationMatch(pub &'static OperationSpec);

impl Match for OperationMatch {
    fn matches(&self, request: &Request) -> bool {
        self.0.matches(request)
    }
}

/// Matches a request whose path parameter `name` is `value`.
pub struct PathParamIs(pub &'static OperationSpec, pub &'static str, pub String);

impl Match for PathParamIs {
    fn matches(&self, request: &Request) -> bool {
        self.0.path_params(request.url.path()).is_some_and(|p| p.get(self.1) == Some(&self.2))
    }
}

/// Matches a request whose query parameter `name` is `value`.
pub struct QueryParamIs(pub &'static str, pub String);

impl Match for QueryParamIs {
    fn matches(&self, request: &Request) -> bool {
        request.url.query_pairs().any(|(k, v)| k == self.0 && v == self.1.as_str())
    }
}

/// Answers a stubbed operation: the stub's response, or a `400` naming what the request got wrong.
pub struct Checked {
    pub spec: &'static OperationSpec,
    pub response: ResponseTemplate,
}

impl Respond for Checked {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let response = match self.spec.violation(request) {
            Some(violation) => mock_error(400, format!("mock: {}: {violation}", self.spec.id)),
            None => self.response.clone(),
        };
        echo_request_id(response, request)
    }
}

/// The response with the request's `x-request-id`, as the API answers it; the mock's own (`mock`) stays
/// when the request sent none.
fn echo_request_id(response: ResponseTemplate, request: &Request) -> ResponseTemplate {
    match request.headers.get("x-request-id").and_then(|v| v.to_str().ok()) {
        Some(id) => response.insert_header("x-request-id", id),
        None => response,
    }
}

/// Answers an operation nobody stubbed: a `501` naming it, at once.
pub struct Unstubbed(pub &'static OperationSpec);

impl Respond for Unstubbed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let spec = self.0;
        let response = mock_error(
            501,
            format!("mock: no stub for {} ({} {}); stub it before calling it", spec.id, spec.method, spec.template),
        );
        echo_request_id(response, request)
    }
}

/// Answers a request that is no operation of the version.
pub struct NoOperation;

impl Respond for NoOperation {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        mock_error(404, format!("mock: no operation of this version is {} {}", request.method, request.url.path()))
    }
}

/// Priorities: stubs first, then the checks of unstubbed operations, then unknown paths.
pub const STUB_PRIORITY: u8 = 1;
pub const UNSTUBBED_PRIORITY: u8 = 100;
pub const NO_OPERATION_PRIORITY: u8 = 200;

/// The response of a stub: `status` with `body` (JSON, text or bytes) and its content type.
pub fn response(status: u16, body: Option<(Vec<u8>, &'static str)>) -> ResponseTemplate {
    let template = ResponseTemplate::new(status).insert_header("x-request-id", "mock");
    match body {
        Some((bytes, content_type)) => template.set_body_raw(bytes, content_type),
        None => template,
    }
}

/// A JSON body for [`response`].
pub fn json_body<T: serde::Serialize>(body: &T) -> Option<(Vec<u8>, &'static str)> {
    Some((serde_json::to_vec(body).unwrap_or_default(), "application/json"))
}

/// A stub's answer, mounted when awaited: `server.<operation>().returns(body).await`. With
/// [`times`](Mount::times) the stub answers that many requests, then gives way to the operation's next stub
/// (stubs answer in the order they were mounted), so a test can answer `503` once and then succeed.
#[must_use = "a stub does nothing until it is awaited"]
pub struct Mount<'a> {
    server: &'a wiremock::MockServer,
    builder: wiremock::MockBuilder,
    spec: &'static OperationSpec,
    response: ResponseTemplate,
    times: Option<u64>,
}

impl<'a> Mount<'a> {
    #[doc(hidden)]
    pub fn new(
        server: &'a wiremock::MockServer,
        builder: wiremock::MockBuilder,
        spec: &'static OperationSpec,
        response: ResponseTemplate,
    ) -> Self {
        Mount { server, builder, spec, response, times: None }
    }

    /// Answers `n` requests, then gives way to the next stub of the operation, in the order they were made
    /// (a request no stub is left for is answered `501`, naming the operation).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }
}

impl std::fmt::Debug for Mount<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mount").field("operation", &self.spec.id).field("times", &self.times).finish()
    }
}

impl<'a> std::future::IntoFuture for Mount<'a> {
    type Output = ();
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        let Mount { server, builder, spec, response, times } = self;
        let mut mock = builder.respond_with(Checked { spec, response }).with_priority(STUB_PRIORITY);
        if let Some(n) = times {
            mock = mock.up_to_n_times(n);
        }
        Box::pin(mock.mount(server))
    }
}

/// Mounts what answers requests nobody stubbed: a `501` naming the operation a request is for, or a `404`
/// when it is no operation of the version.
pub async fn mount_fallbacks(server: &wiremock::MockServer, specs: &[&'static OperationSpec]) {
    for spec in specs {
        wiremock::Mock::given(OperationMatch(spec))
            .respond_with(Unstubbed(spec))
            .with_priority(UNSTUBBED_PRIORITY)
            .mount(server)
            .await;
    }
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(NoOperation)
        .with_priority(NO_OPERATION_PRIORITY)
        .mount(server)
        .await;
}

/// The server's base URL.
pub fn base_url(server: &wiremock::MockServer) -> url::Url {
    match url::Url::parse(&server.uri()) {
        Ok(url) => url,
        // wiremock serves on `http://127.0.0.1:<port>`, always a URL.
        Err(err) => panic!("the mock server's address {} is not a URL: {err}", server.uri()),
    }
}

/// The client built on the mock server's environment.
pub fn client<C, E: std::fmt::Display>(built: Result<C, E>) -> C {
    match built {
        Ok(client) => client,
        Err(err) => panic!("cannot build a client of the mock server: {err}"),
    }
}

/// One request the mock received for an operation: its path parameters, query pairs, headers, and body
/// (typed when it is JSON of the operation's schema).
#[derive(Debug, Clone)]
pub struct Received<B> {
    pub path_params: BTreeMap<String, String>,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Option<B>,
}

/// The requests of `spec` among `requests`, with bodies decoded by `decode`.
pub fn received<B>(spec: &OperationSpec, requests: Vec<Request>, decode: fn(&[u8]) -> Option<B>) -> Vec<Received<B>> {
    requests
        .into_iter()
        .filter(|r| spec.matches(r))
        .map(|r| Received {
            path_params: spec.path_params(r.url.path()).unwrap_or_default(),
            query: r.url.query_pairs().into_owned().collect(),
            body: if r.body.is_empty() { None } else { decode(&r.body) },
            headers: r.headers,
        })
        .collect()
}

/// A JSON body decoded as `B` (a `decode` of [`received`]).
pub fn decode_body<B: serde::de::DeserializeOwned>(body: &[u8]) -> Option<B> {
    serde_json::from_slice(body).ok()
}

/// A body kept as bytes.
pub fn raw_body(body: &[u8]) -> Option<bytes::Bytes> {
    Some(bytes::Bytes::copy_from_slice(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: OperationSpec = OperationSpec {
        id: "FetchCard",
        method: "GET",
        template: "/customers/{customer_id}/cards/{card_id}",
        fixed_headers: &[("x-api-version", "2025-01-01")],
        required_query: &["kind"],
        required_headers: &[],
        credentials: &[&[CredentialPlace::Header("x-client-id"), CredentialPlace::Header("x-client-secret")]],
        body: BodySpec::None,
    };

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let params = SPEC.path_params("/customers/c%201/cards/k1").expect("matches");
        assert_eq!(params.get("customer_id").map(String::as_str), Some("c 1"));
        assert!(SPEC.path_params("/customers/c1/cards").is_none());
        assert!(SPEC.path_params("/customers//cards/k1").is_none());
        assert!(SPEC.path_params("/customers/c1/cards/k1/extra").is_none());
    }
}
