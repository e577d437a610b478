//! Sending: a [`Request`] built by generated code goes out over reqwest, is retried as the retry rule and
//! the call's deadline allow, and its answer comes back decoded: the success body, or the error body the
//! spec declares for the status.

use std::time::Instant;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use super::config::USER_AGENT;
use super::deadline::Deadline;
use super::decode::{ErrorDecoder, decode_failure, decode_json, error_for};
use super::error::{Redirected, TransportKind};
use super::request::{Authorization, Body};
use super::{ApiResponse, Config, Error, Request, ResponseMeta, RetryPolicy, trace};

/// Shared by all clones of a client (a clone is a reference count): the connection pool, the base URL,
/// and how to send.
#[derive(Debug, Clone)]
pub struct Transport {
    inner: std::sync::Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// Scheme, host and port of the base URL: a response from anywhere else is not the API's. Checked
    /// only with a caller's HTTP client: the crate's own follows no redirect.
    origin: Option<url::Url>,
    timeout: Option<std::time::Duration>,
    operation_timeout: Option<std::time::Duration>,
    retry: RetryPolicy,
    /// The host requests go to, for traces.
    server: String,
}

fn same_origin(a: &url::Url, b: &url::Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

impl Transport {
    pub fn new(base_url: &str, config: &Config) -> Result<Self, reqwest::Error> {
        let parsed = url::Url::parse(base_url).ok();
        let inner = Inner {
            http: config.build_http()?,
            base_url: base_url.trim_end_matches('/').to_owned(),
            server: parsed.as_ref().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default(),
            origin: parsed.filter(|_| config.http.is_some()),
            timeout: config.timeout,
            operation_timeout: config.operation_timeout,
            retry: config.retry,
        };
        Ok(Transport { inner: std::sync::Arc::new(inner) })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` and decodes a success body as `T`.
    pub async fn send_json<T: DeserializeOwned, B>(
        &self,
        request: Request,
        errors: ErrorDecoder<B>,
    ) -> Result<ApiResponse<T>, Error<B>> {
        let (meta, bytes) = self.send_with_retries(&request, errors).await?;
        match decode_json(&bytes) {
            Ok(body) => Ok(ApiResponse { body, meta }),
            Err(problem) => Err(decode_failure(request.operation, meta, &bytes, problem, request.repeatable())),
        }
    }

    /// Sends `request` for an operation whose success response has no body.
    pub async fn send_unit<B>(&self, request: Request, errors: ErrorDecoder<B>) -> Result<ApiResponse<()>, Error<B>> {
        let (meta, _) = self.send_with_retries(&request, errors).await?;
        Ok(ApiResponse { body: (), meta })
    }

    /// Attempts until one succeeds, the retry rule says stop, the policy's attempts are spent, or the wait
    /// before the next attempt would not fit in the deadline (or is a server-requested wait longer than the
    /// policy honours): then the last error is returned at once.
    pub(crate) async fn send_with_retries<B>(
        &self,
        request: &Request,
        errors: ErrorDecoder<B>,
    ) -> Result<(ResponseMeta, Bytes), Error<B>> {
        let span = trace::call_span(request, &self.inner.server);
        if span.is_disabled() {
            // Nobody listens: no clock reads, no outcome to describe.
            return self.retry(request, errors).await.0;
        }
        let started = Instant::now();
        let (result, attempts) = self.retry(request, errors).instrument(span.clone()).await;
        let outcome = match &result {
            Ok((meta, _)) => trace::Outcome::success(meta),
            Err(err) => trace::Outcome::failure(err),
        };
        trace::finish(&span, &outcome, attempts, started.elapsed());
        result
    }

    /// The attempts of one call, and how many were made.
    async fn retry<B>(
        &self,
        request: &Request,
        errors: ErrorDecoder<B>,
    ) -> (Result<(ResponseMeta, Bytes), Error<B>>, u32) {
        let deadline = Deadline::start(self.inner.operation_timeout);
        let mut delays = self.inner.retry.delays();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let started = trace::attempts_traced().then(Instant::now);
            let err = match self.attempt(request, errors, deadline.attempt_timeout(self.inner.timeout)).await {
                Ok(success) => {
                    if let Some(started) = started {
                        trace::attempt(attempts, &trace::Outcome::success(&success.0), started.elapsed(), None);
                    }
                    return (Ok(success), attempts);
                }
                Err(err) => err,
            };
            let wait = self.wait_before_retry(&err, &mut delays, &deadline);
            if let Some(started) = started {
                trace::attempt(attempts, &trace::Outcome::failure(&err), started.elapsed(), wait);
            }
            let Some(wait) = wait else { return (Err(err), attempts) };
            tokio::time::sleep(wait).await;
        }
    }

    /// How long to wait before trying again after `err`; `None` when the call ends with it (the retry rule
    /// says stop, the attempts are spent, or the wait does not fit the policy or the deadline).
    fn wait_before_retry<B>(
        &self,
        err: &Error<B>,
        delays: &mut impl Iterator<Item = std::time::Duration>,
        deadline: &Deadline,
    ) -> Option<std::time::Duration> {
        if !err.is_retryable() {
            return None;
        }
        let delay = delays.next()?;
        let wait = match err.retry_after() {
            Some(asked) if asked > self.inner.retry.server_wait_limit() => return None,
            Some(asked) => delay.max(asked),
            None => delay,
        };
        deadline.allows_wait(wait).then_some(wait)
    }

    /// One round trip: the metadata and body of a success, or the error the response amounts to.
    async fn attempt<B>(
        &self,
        request: &Request,
        errors: ErrorDecoder<B>,
        timeout: Option<std::time::Duration>,
    ) -> Result<(ResponseMeta, Bytes), Error<B>> {
        let operation = request.operation;
        let repeatable = request.repeatable();
        let transport = |source: reqwest::Error| Error::Transport {
            operation,
            kind: TransportKind::of(&source),
            repeatable,
            source: Box::new(source.without_url()),
        };
        let url = request.url(&self.inner.base_url);
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(reqwest::header::ACCEPT, HeaderValue::from_static(request.accept))
            .header(reqwest::header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(cookies) = request.cookie_header() {
            builder = builder.header(reqwest::header::COOKIE, cookies);
        }
        match &request.auth {
            Some(Authorization::Bearer(token)) => builder = builder.bearer_auth(token.expose()),
            Some(Authorization::Basic(user, password)) => {
                builder = builder.basic_auth(user.expose(), Some(password.expose()))
            }
            None => {}
        }
        match &request.body {
            Some(Body::Bytes { content_type, bytes }) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes.clone());
            }
            Some(Body::Multipart(build)) => builder = builder.multipart(build().map_err(transport)?),
            None => {}
        }
        let mut response = builder.send().await.map_err(transport)?;
        let elsewhere = self.inner.origin.as_ref().is_some_and(|origin| !same_origin(origin, response.url()));
        // The headers are taken, not copied: reading the body needs none of them.
        let meta = ResponseMeta::new(response.status(), std::mem::take(response.headers_mut()));
        if elsewhere || meta.status.is_redirection() {
            let location = if elsewhere {
                Some(response.url().origin().ascii_serialization())
            } else {
                meta.header("location").map(str::to_owned)
            };
            return Err(Error::Redirect(Box::new(Redirected { operation, meta, location })));
        }
        let bytes = response.bytes().await.map_err(transport)?;
        if meta.status.is_success() {
            return Ok((meta, bytes));
        }
        Err(error_for(operation, meta, &bytes, errors, repeatable))
    }
}
