//! Sending: a [`Request`] built by generated code goes out over reqwest, is retried as the retry rule and
//! the call's deadline allow, and its answer comes back decoded: the success body, or the error body the
//! spec declares for the status.
//!
//! The attempts are one piece of code for every operation: [`Transport::exchange`] knows nothing of the
//! operation's body types, and what its last answer amounts to (a typed body, a declared error body) is
//! decided once, when the call concludes. So the retry loop is compiled once, not once per operation, and
//! each operation's future holds the same exchange future.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{self, HeaderValue};

use super::config::USER_AGENT;
use super::deadline::Deadline;
use super::decode::{DecodeProblem, ErrorDecoder, decode_failure, error_for};
use super::error::{Redirected, TransportKind};
use super::request::{Authorization, BaseUrl, Body};
use super::retry::{FailureClass, Repeatable, retryable};
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
    base_url: BaseUrl,
    /// Scheme, host and port of the base URL: a response from anywhere else is not the API's. Checked
    /// only with a caller's HTTP client: the crate's own follows no redirect.
    origin: Option<url::Url>,
    timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: RetryPolicy,
    /// The connect timeout `http` was built with (when this crate built it).
    connect_timeout: Duration,
    /// HTTP clients built for calls whose own `Config` asks another connect timeout, one per timeout, made
    /// at the first such call and kept (they share nothing with `http` but the settings).
    by_connect_timeout: std::sync::Mutex<Vec<(Duration, reqwest::Client)>>,
    /// The host requests go to, for traces.
    server: String,
}

/// What one call is sent with: the client's settings, or the call's own (`with_config`).
struct Settings<'a> {
    http: std::borrow::Cow<'a, reqwest::Client>,
    origin: Option<std::borrow::Cow<'a, url::Url>>,
    timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: RetryPolicy,
}

fn same_origin(a: &url::Url, b: &url::Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

/// The whole body. By chunks rather than `Response::bytes`, whose future is four times the size (and every
/// call moves it); a body of one chunk, as most are, is returned without a copy.
async fn read_body(response: &mut reqwest::Response) -> Result<Bytes, reqwest::Error> {
    let Some(first) = response.chunk().await? else { return Ok(Bytes::new()) };
    let Some(second) = response.chunk().await? else { return Ok(first) };
    let mut body = bytes::BytesMut::with_capacity(first.len() + second.len());
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// How an attempt failed, before any error body is decoded.
pub(crate) enum Failure {
    /// A response with an error status (not a redirect): its metadata and body.
    Status(ResponseMeta, Bytes),
    /// No answer to decode: a transport failure, or a redirect.
    Other(Error<Infallible>),
}

impl Failure {
    /// What the server may have done with the request: by the status and transport failure alone, as
    /// [`Error::failure_class`] says of the error this failure becomes.
    fn class(&self) -> FailureClass {
        match self {
            Failure::Status(meta, _) => FailureClass::of_response(meta),
            Failure::Other(err) => err.failure_class(),
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Status(meta, _) => meta.retry_after(),
            Failure::Other(err) => err.retry_after(),
        }
    }

    fn outcome(&self) -> trace::Outcome<'_> {
        match self {
            Failure::Status(meta, _) => {
                trace::Outcome { failure: Some("error status"), ..trace::Outcome::success(meta) }
            }
            Failure::Other(err) => trace::Outcome::failure(err),
        }
    }
}

/// A call whose attempts are over: the last attempt's answer, and what concluding the call needs.
pub struct Exchange {
    result: Result<(ResponseMeta, Bytes), Failure>,
    operation: &'static str,
    repeatable: Repeatable,
    /// The call's span, attempts and start, when anyone listens.
    traced: Option<(tracing::Span, u32, Instant)>,
}

impl Exchange {
    /// The call's result: the success body as `decode` reads it, or the error the last answer amounts to,
    /// by the operation's `errors`. Ends the call's trace.
    pub fn conclude<T, B>(
        self,
        errors: ErrorDecoder<B>,
        decode: impl FnOnce(&Bytes) -> Result<T, DecodeProblem>,
    ) -> Result<ApiResponse<T>, Error<B>> {
        let Exchange { result, operation, repeatable, traced } = self;
        let result = match result {
            Ok((meta, bytes)) => match decode(&bytes) {
                Ok(body) => Ok(ApiResponse { body, meta }),
                Err(problem) => Err(decode_failure(operation, meta, &bytes, problem, repeatable)),
            },
            Err(Failure::Status(meta, bytes)) => Err(error_for(operation, meta, &bytes, errors, repeatable)),
            Err(Failure::Other(err)) => Err(err.widen()),
        };
        if let Some((span, attempts, started)) = traced {
            let outcome = match &result {
                Ok(response) => trace::Outcome::success(&response.meta),
                Err(err) => trace::Outcome::failure(err),
            };
            trace::finish(&span, &outcome, attempts, started.elapsed());
        }
        result
    }
}

impl Transport {
    pub fn new(base_url: &str, config: &Config) -> Result<Self, reqwest::Error> {
        let base_url = BaseUrl::new(base_url);
        let parsed = base_url.parsed.as_ref();
        let inner = Inner {
            http: config.build_http()?,
            server: parsed.and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default(),
            origin: parsed.filter(|_| config.http.is_some()).cloned(),
            base_url,
            timeout: config.timeout,
            operation_timeout: config.operation_timeout,
            retry: config.retry,
            connect_timeout: config.connect_timeout,
            by_connect_timeout: std::sync::Mutex::new(Vec::new()),
        };
        Ok(Transport { inner: std::sync::Arc::new(inner) })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url.text
    }

    /// The settings of a call: the client's, or those of the call's own `config`. Its HTTP client is the one
    /// that config gives; else the client's, when the client was given one (whose connect timeout is its
    /// own) or when the connect timeouts agree; else one built with the call's connect timeout, kept for the
    /// next call that asks it.
    fn settings(&self, config: Option<&Config>) -> Result<Settings<'_>, reqwest::Error> {
        use std::borrow::Cow;
        let inner = &*self.inner;
        let Some(config) = config else {
            return Ok(Settings {
                http: Cow::Borrowed(&inner.http),
                origin: inner.origin.as_ref().map(Cow::Borrowed),
                timeout: inner.timeout,
                operation_timeout: inner.operation_timeout,
                retry: inner.retry,
            });
        };
        let (http, origin) = match &config.http {
            Some(http) => (Cow::Owned(http.clone()), inner.base_url.parsed.clone().map(Cow::Owned)),
            None if inner.origin.is_some() || config.connect_timeout == inner.connect_timeout => {
                (Cow::Borrowed(&inner.http), inner.origin.as_ref().map(Cow::Borrowed))
            }
            None => {
                // A poisoned lock only means another call panicked while building: the list is still whole.
                let mut built = inner.by_connect_timeout.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let http = match built.iter().find(|(timeout, _)| *timeout == config.connect_timeout) {
                    Some((_, http)) => http.clone(),
                    None => {
                        let http = config.build_http()?;
                        built.push((config.connect_timeout, http.clone()));
                        http
                    }
                };
                (Cow::Owned(http), None)
            }
        };
        Ok(Settings {
            http,
            origin,
            timeout: config.timeout,
            operation_timeout: config.operation_timeout,
            retry: config.retry,
        })
    }

    /// The attempts of one call: until one succeeds, the retry rule says stop, the policy's attempts are
    /// spent, or the wait before the next attempt would not fit in the deadline (or is a server-requested
    /// wait longer than the policy honours). Generated code then types the answer with
    /// [`Exchange::conclude`].
    ///
    /// One future for the whole call, holding the request by reference: a call's futures are moved as they
    /// start, whole, so every level of them and every byte of each is paid on every call.
    pub async fn exchange(&self, request: &mut Request) -> Exchange {
        let operation = request.operation;
        let repeatable = request.repeatable();
        let span = trace::call_span(request, &self.inner.server);
        // Nobody listens: no clock reads, no outcome to describe.
        let started = (!span.is_disabled()).then(Instant::now);
        let settings = match self.settings(request.config.as_deref()) {
            Ok(settings) => settings,
            Err(source) => {
                let failure = Failure::Other(Error::Transport {
                    operation,
                    kind: TransportKind::of(&source),
                    repeatable,
                    source: Box::new(source),
                });
                let traced = started.map(|started| (span, 0, started));
                return Exchange { result: Err(failure), operation, repeatable, traced };
            }
        };
        let policy = &settings.retry;
        let deadline = Deadline::start(settings.operation_timeout);
        // The waits between attempts, made at the first failure: most calls have none.
        let mut delays = None;
        let mut attempts = 0;
        let result = loop {
            attempts += 1;
            let last = attempts >= policy.max_attempts();
            let attempt_started = trace::attempts_traced().then(Instant::now);
            let timeout = deadline.attempt_timeout(settings.timeout);
            let failure = match self.attempt(&settings, request, last, repeatable, timeout).await {
                Ok(success) => {
                    if let Some(at) = attempt_started {
                        trace::attempt(&span, attempts, &trace::Outcome::success(&success.0), at.elapsed(), None);
                    }
                    break Ok(success);
                }
                Err(failure) => failure,
            };
            let wait = if last {
                None
            } else {
                let delays = delays.get_or_insert_with(|| policy.delays());
                wait_before_retry(&failure, repeatable, policy, delays, &deadline)
            };
            if let Some(at) = attempt_started {
                trace::attempt(&span, attempts, &failure.outcome(), at.elapsed(), wait);
            }
            let Some(wait) = wait else { break Err(failure) };
            tokio::time::sleep(wait).await;
        };
        let traced = started.map(|started| (span, attempts, started));
        Exchange { result, operation, repeatable, traced }
    }

    /// One round trip: the metadata and body of a success, or how it failed.
    async fn attempt(
        &self,
        settings: &Settings<'_>,
        request: &mut Request,
        last: bool,
        repeatable: Repeatable,
        timeout: Option<Duration>,
    ) -> Result<(ResponseMeta, Bytes), Failure> {
        let operation = request.operation;
        let transport = |source: reqwest::Error| {
            Failure::Other(Error::Transport {
                operation,
                kind: TransportKind::of(&source),
                repeatable,
                source: Box::new(source.without_url()),
            })
        };
        let http_request = self.http_request(&settings.http, request, last, timeout).map_err(transport)?;
        let mut response = settings.http.execute(http_request).await.map_err(transport)?;
        let elsewhere = settings.origin.as_ref().is_some_and(|origin| !same_origin(origin, response.url()));
        // The headers are taken, not copied: reading the body needs none of them.
        let meta = ResponseMeta::new(response.status(), std::mem::take(response.headers_mut()));
        if elsewhere || meta.status.is_redirection() {
            let location = if elsewhere {
                Some(response.url().origin().ascii_serialization())
            } else {
                meta.header("location").map(str::to_owned)
            };
            return Err(Failure::Other(Error::Redirect(Box::new(Redirected { operation, meta, location }))));
        }
        let bytes = read_body(&mut response).await.map_err(transport)?;
        if meta.status.is_success() {
            return Ok((meta, bytes));
        }
        Err(Failure::Status(meta, bytes))
    }

    /// The reqwest request of one attempt. The last attempt takes the headers and body over (nothing is
    /// copied, which under load is what matters: a copy of a shared header value is an atomic count that
    /// every thread touches); an attempt that may be followed by another copies them.
    fn http_request(
        &self,
        http: &reqwest::Client,
        request: &mut Request,
        last: bool,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Request, reqwest::Error> {
        let mut builder = match request.url(&self.inner.base_url) {
            Ok(url) => http.request(request.method.clone(), url),
            Err(text) => http.request(request.method.clone(), text),
        };
        match &request.auth {
            Some(Authorization::Bearer(token)) => builder = builder.bearer_auth(token.expose()),
            Some(Authorization::Basic(user, password)) => {
                builder = builder.basic_auth(user.expose(), Some(password.expose()))
            }
            None => {}
        }
        if let Some(Body::Multipart(build)) = &request.body {
            builder = builder.multipart(build()?);
        }
        let mut http = builder.build()?;
        *http.timeout_mut() = timeout;
        let cookies = request.cookie_header();
        let headers = http.headers_mut();
        headers.append(header::ACCEPT, HeaderValue::from_static(request.accept));
        headers.append(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        if last {
            for (name, value) in request.headers.drain(..) {
                headers.append(name, value);
            }
        } else {
            for (name, value) in &request.headers {
                headers.append(name.clone(), value.clone());
            }
        }
        if let Some(cookies) = cookies {
            headers.append(header::COOKIE, cookies);
        }
        let body = match &mut request.body {
            Some(Body::Bytes { content_type, bytes }) if last => {
                Some((std::mem::replace(content_type, HeaderValue::from_static("")), std::mem::take(bytes)))
            }
            Some(Body::Bytes { content_type, bytes }) => Some((content_type.clone(), bytes.clone())),
            _ => None,
        };
        if let Some((content_type, bytes)) = body {
            headers.append(header::CONTENT_TYPE, content_type);
            *http.body_mut() = Some(bytes.into());
        }
        Ok(http)
    }
}

/// How long to wait before trying again after `failure`; `None` when the call ends with it (the retry rule
/// says stop, the attempts are spent, or the wait does not fit the policy or the deadline).
fn wait_before_retry(
    failure: &Failure,
    repeatable: Repeatable,
    policy: &RetryPolicy,
    delays: &mut impl Iterator<Item = Duration>,
    deadline: &Deadline,
) -> Option<Duration> {
    if !retryable(failure.class(), repeatable) {
        return None;
    }
    let delay = delays.next()?;
    let wait = match failure.retry_after() {
        Some(asked) if asked > policy.server_wait_limit() => return None,
        Some(asked) => delay.max(asked),
        None => delay,
    };
    deadline.allows_wait(wait).then_some(wait)
}
