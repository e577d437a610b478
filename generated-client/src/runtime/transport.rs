//! Sending: a [`Request`] built by generated code goes out over reqwest, is retried as the policy allows,
//! and its answer comes back decoded: the success body, or the error body the spec declares for the status.

use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::config::USER_AGENT;
use super::error::{ApiFailure, DecodeFailure, TransportKind, UnexpectedStatus};
use super::{ApiResponse, Config, Error, Form, ResponseMeta, RetryPolicy, Secret, redact};

/// Characters escaped in one path segment: RFC 3986 `pchar` minus what would end or split the segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Header names that mark a request as safe to retry whatever its method.
const IDEMPOTENCY_HEADERS: &[&str] = &["x-idempotency-key", "idempotency-key"];

/// A path parameter as one percent-encoded segment: `a/b` can never become two segments.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Where decoding a body stopped, and why (redacted).
#[derive(Debug)]
pub struct DecodeProblem {
    path: String,
    message: String,
}

/// Decodes a JSON body as `T`. Success takes the plain decoder; only a failure decodes again, tracking the
/// path, so the error can say where it stopped (tracking every path costs on every response).
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeProblem> {
    let plain = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(err) => Err(DecodeProblem {
            path: err.path().to_string(),
            message: redact::redact_message(&err.into_inner().to_string()),
        }),
        // Unreachable for a deterministic decoder; kept honest rather than assumed.
        Ok(_) => Err(DecodeProblem { path: String::new(), message: redact::redact_message(&plain.to_string()) }),
    }
}

/// Generated per operation: the error body for a status the operation declares, `None` for any other.
pub type ErrorDecoder<B> = fn(u16, &[u8]) -> Option<Result<B, DecodeProblem>>;

/// Shared by all clones of a client: the connection pool, the base URL, and how to send.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    timeout: Option<std::time::Duration>,
    retry: RetryPolicy,
}

/// One HTTP request as generated code describes it. Built once and sent as is on every attempt, so a
/// retried request carries the same idempotency key.
#[derive(Debug)]
pub struct Request {
    operation: &'static str,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Body>,
}

/// A request body: JSON bytes, or a multipart form rebuilt for every attempt.
#[derive(Debug)]
enum Body {
    Json(Vec<u8>),
    Multipart(Form),
}

impl Request {
    pub fn new(method: Method, operation: &'static str, path: String) -> Self {
        Request { operation, method, path, query: Vec::new(), headers: Vec::new(), body: None }
    }

    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Adds a header; fails, naming the header but never the value, when the value can't be sent.
    pub fn header<B>(&mut self, name: &'static str, value: String) -> Result<(), Error<B>> {
        let value = HeaderValue::try_from(value).map_err(|_| self.invalid_header(name))?;
        let name = HeaderName::try_from(name).map_err(|_| self.invalid_header(name))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds the credential headers of `alternative`, if the operation accepts it. Values are marked sensitive,
    /// so HTTP/2 never indexes them and `Debug` of the header map hides them.
    pub fn authenticate<B>(
        &mut self,
        alternative: &'static str,
        headers: &[(&'static str, &Secret)],
        accepted: &[&str],
    ) -> Result<(), Error<B>> {
        if !accepted.contains(&alternative) {
            let accepted = accepted.join(", ");
            return Err(Error::CredentialsNotAccepted { operation: self.operation, given: alternative, accepted });
        }
        for (name, secret) in headers {
            let mut value = HeaderValue::from_str(secret.expose()).map_err(|_| self.invalid_header(name))?;
            value.set_sensitive(true);
            let name = HeaderName::try_from(*name).map_err(|_| self.invalid_header(name))?;
            self.headers.push((name, value));
        }
        Ok(())
    }

    /// Serializes `body` as the JSON request body.
    pub fn json_body<T: serde::Serialize, B>(&mut self, body: &T) -> Result<(), Error<B>> {
        let bytes = serde_json::to_vec(body).map_err(|err| Error::InvalidArgument {
            operation: self.operation,
            what: "request body".to_owned(),
            reason: redact::redact_message(&err.to_string()),
        })?;
        self.body = Some(Body::Json(bytes));
        Ok(())
    }

    /// Sends `form` as the `multipart/form-data` body.
    pub fn multipart(&mut self, form: Form) {
        self.body = Some(Body::Multipart(form));
    }

    fn invalid_header<B>(&self, name: &str) -> Error<B> {
        Error::InvalidArgument {
            operation: self.operation,
            what: format!("header `{name}`"),
            reason: "the value has characters a header cannot carry".to_owned(),
        }
    }

    /// Safe to send twice: an idempotent method, or an idempotency key the server deduplicates on.
    fn may_retry(&self) -> bool {
        let idempotent_method = matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
        );
        idempotent_method || self.headers.iter().any(|(name, _)| IDEMPOTENCY_HEADERS.contains(&name.as_str()))
    }
}

impl Transport {
    pub fn new(base_url: &str, config: &Config) -> Result<Self, reqwest::Error> {
        Ok(Transport {
            http: config.build_http()?,
            base_url: base_url.trim_end_matches('/').to_owned(),
            timeout: config.timeout,
            retry: config.retry,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request` and decodes a success body as `T`.
    pub async fn send_json<T: DeserializeOwned, B>(
        &self,
        request: Request,
        errors: ErrorDecoder<B>,
    ) -> Result<ApiResponse<T>, Error<B>> {
        let operation = request.operation;
        let (meta, bytes) = self.send_with_retries(&request, errors).await?;
        match decode_json(&bytes) {
            Ok(body) => Ok(ApiResponse { body, meta }),
            Err(problem) => Err(decode_failure(operation, meta, &bytes, problem)),
        }
    }

    /// Sends `request` for an operation whose success response has no body.
    pub async fn send_unit<B>(&self, request: Request, errors: ErrorDecoder<B>) -> Result<ApiResponse<()>, Error<B>> {
        let (meta, _) = self.send_with_retries(&request, errors).await?;
        Ok(ApiResponse { body: (), meta })
    }

    async fn send_with_retries<B>(
        &self,
        request: &Request,
        errors: ErrorDecoder<B>,
    ) -> Result<(ResponseMeta, Bytes), Error<B>> {
        let mut delays = self.retry.delays();
        loop {
            let err = match self.attempt(request, errors).await {
                Ok(success) => return Ok(success),
                Err(err) => err,
            };
            if !(err.is_retryable() && request.may_retry()) {
                return Err(err);
            }
            let Some(delay) = delays.next() else { return Err(err) };
            tokio::time::sleep(delay.max(err.retry_after().unwrap_or_default())).await;
        }
    }

    /// One round trip: the metadata and body of a success, or the error the response amounts to.
    async fn attempt<B>(&self, request: &Request, errors: ErrorDecoder<B>) -> Result<(ResponseMeta, Bytes), Error<B>> {
        let operation = request.operation;
        let transport =
            |source: reqwest::Error| Error::Transport { operation, kind: TransportKind::of(&source), source };
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::USER_AGENT, USER_AGENT);
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        match &request.body {
            Some(Body::Json(bytes)) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(bytes.clone());
            }
            Some(Body::Multipart(form)) => builder = builder.multipart(form.to_reqwest().map_err(transport)?),
            None => {}
        }
        let response = builder.send().await.map_err(transport)?;
        let meta = ResponseMeta::new(response.status(), response.headers().clone());
        let bytes = response.bytes().await.map_err(transport)?;
        if meta.status.is_success() {
            return Ok((meta, bytes));
        }
        Err(error_for(operation, meta, &bytes, errors))
    }
}

/// The error a non-success response amounts to: its declared body, a decode failure, or an undeclared status.
fn error_for<B>(operation: &'static str, meta: ResponseMeta, bytes: &[u8], errors: ErrorDecoder<B>) -> Error<B> {
    match errors(meta.status.as_u16(), bytes) {
        Some(Ok(body)) => Error::Api(Box::new(ApiFailure { operation, meta, body })),
        Some(Err(problem)) => decode_failure(operation, meta, bytes, problem),
        None => {
            let body = String::from_utf8_lossy(bytes).into_owned();
            Error::UnexpectedStatus(Box::new(UnexpectedStatus { operation, meta, body }))
        }
    }
}

fn decode_failure<B>(operation: &'static str, meta: ResponseMeta, bytes: &[u8], problem: DecodeProblem) -> Error<B> {
    Error::Decode(Box::new(DecodeFailure {
        operation,
        meta,
        path: problem.path,
        message: problem.message,
        excerpt: redact::excerpt(bytes),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_in_their_own_sensitive_headers() {
        let mut request = Request::new(Method::GET, "Op", "/x".to_owned());
        let (id, secret) = (Secret::new("app-id"), Secret::new("s3cret"));
        let headers = [("x-client-id", &id), ("x-client-secret", &secret)];
        request.authenticate::<()>("IdSecret", &headers, &["IdSecret"]).expect("accepted");
        let sent: Vec<(&str, bool)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.is_sensitive())).collect();
        assert_eq!(sent, [("x-client-id", true), ("x-client-secret", true)]);
        assert!(!format!("{request:?}").contains("s3cret"));
    }

    #[test]
    fn credentials_an_operation_does_not_accept_are_refused_by_name_only() {
        let mut request = Request::new(Method::GET, "Op", "/x".to_owned());
        let secret = Secret::new("s3cret");
        let err =
            request.authenticate::<()>("Other", &[("x-client-secret", &secret)], &["IdSecret"]).expect_err("refused");
        assert_eq!(err.to_string(), "Op: credentials `Other` are not accepted; use one of: IdSecret");
        assert!(request.headers.is_empty());
    }

    #[test]
    fn path_segments_are_encoded_whole() {
        assert_eq!(encode_path_segment("a/b c?d#e%"), "a%2Fb%20c%3Fd%23e%25");
        assert_eq!(encode_path_segment("akshita2106"), "akshita2106");
    }
}
