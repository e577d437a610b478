//! The one error type of the client, generic over the version's declared error bodies. Neither `Debug` nor
//! `Display` ever shows credentials; body excerpts and decoder messages are redacted of card data, and card
//! numbers anywhere in their text (a server echoing one in a message, say) are masked to the last four.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use super::ResponseMeta;
use super::mask::{Masked, mask_card_numbers};
use super::retry::{FailureClass, Repeatable, retryable};

/// The source of a transport failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything a call can fail with. `B` is the version module's `ErrorBody`: the error schemas its spec
/// declares, one variant each.
#[non_exhaustive]
pub enum Error<B> {
    /// The server answered with a status the operation declares, and the body decoded into its schema.
    Api(Box<ApiFailure<B>>),
    /// The server answered with a status the operation does not declare.
    UnexpectedStatus(Box<UnexpectedStatus>),
    /// The body does not decode into the schema the spec declares for its status.
    Decode(Box<DecodeFailure>),
    /// The server answered with a redirect. The API does not redirect, so it is not followed: credentials,
    /// idempotency keys and bodies never go to another origin.
    Redirect(Box<Redirected>),
    /// No response: connecting, TLS, a timeout, or the connection dropped mid-body.
    Transport {
        operation: &'static str,
        kind: TransportKind,
        /// Whether the request was safe to send twice (`GET`, `HEAD`, `OPTIONS`, or an idempotency key).
        repeatable: Repeatable,
        /// What failed, without the URL (paths hold ids).
        source: BoxError,
    },
    /// An argument cannot be sent as given (a header value with control characters, a path parameter that
    /// would leave its segment, say). Nothing was sent.
    InvalidArgument { operation: &'static str, what: String, reason: String },
    /// The client's credentials are not among the alternatives the operation accepts. Nothing was sent.
    CredentialsNotAccepted { operation: &'static str, given: &'static str, accepted: String },
    /// The HTTP client could not be built.
    Setup(reqwest::Error),
    /// The blocking client's runtime could not be started (feature `blocking`).
    RuntimeSetup(std::io::Error),
}

/// A declared error response.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiFailure<B> {
    pub operation: &'static str,
    pub meta: ResponseMeta,
    pub body: B,
    pub(crate) repeatable: Repeatable,
    /// Cashfree's `code`, `type` and `message` of the body, in one line, for `Display`.
    pub(crate) summary: Option<String>,
}

/// A response with a status the operation does not declare.
#[non_exhaustive]
pub struct UnexpectedStatus {
    pub operation: &'static str,
    pub meta: ResponseMeta,
    /// The body as received (lossy UTF-8); it is not redacted, so don't log it whole.
    pub body: String,
    pub(crate) repeatable: Repeatable,
}

/// A body that does not decode.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeFailure {
    pub operation: &'static str,
    pub meta: ResponseMeta,
    /// Where decoding stopped, as a path into the JSON (`[2].instrument_meta.card_type`).
    pub path: String,
    /// The decoder's message, with quoted values redacted.
    pub message: String,
    /// The start of the body, with card data redacted.
    pub excerpt: String,
    pub(crate) repeatable: Repeatable,
}

/// A redirect that was not followed.
#[derive(Debug)]
#[non_exhaustive]
pub struct Redirected {
    pub operation: &'static str,
    pub meta: ResponseMeta,
    /// Where the server pointed (`Location`), or, when a caller-supplied HTTP client followed the redirect
    /// to another origin, the origin it ended at.
    pub location: Option<String>,
}

/// Why no response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The attempt took longer than the configured timeout, or than what was left of the call's deadline.
    Timeout,
    /// Connecting failed: refused, unreachable, DNS, or the TLS handshake. The request was not sent.
    Connect,
    /// Anything else between sending and the last body byte.
    Other,
}

impl TransportKind {
    pub(crate) fn of(err: &reqwest::Error) -> Self {
        if err.is_timeout() {
            TransportKind::Timeout
        } else if err.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        }
    }
}

impl Error<std::convert::Infallible> {
    /// The same error, typed for any error body (it has none: an error of the attempts, before any body is
    /// decoded).
    pub(crate) fn widen<B>(self) -> Error<B> {
        match self {
            Error::Api(failure) => match failure.body {},
            Error::UnexpectedStatus(e) => Error::UnexpectedStatus(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Redirect(e) => Error::Redirect(e),
            Error::Transport { operation, kind, repeatable, source } => {
                Error::Transport { operation, kind, repeatable, source }
            }
            Error::InvalidArgument { operation, what, reason } => Error::InvalidArgument { operation, what, reason },
            Error::CredentialsNotAccepted { operation, given, accepted } => {
                Error::CredentialsNotAccepted { operation, given, accepted }
            }
            Error::Setup(e) => Error::Setup(e),
            Error::RuntimeSetup(e) => Error::RuntimeSetup(e),
        }
    }
}

/// Building errors, for unit tests of code that handles them (the client builds its own). Errors built
/// here count as errors of a request that was safe to repeat (a `GET`, or one with an idempotency key);
/// [`Error::with_repeatable`] says otherwise.
impl<B> Error<B> {
    /// A declared error status whose body decoded (`Error::Api`).
    pub fn api(operation: &'static str, meta: ResponseMeta, body: B) -> Self {
        Error::Api(Box::new(ApiFailure { operation, meta, body, repeatable: Repeatable::Yes, summary: None }))
    }

    /// A status the operation does not declare (`Error::UnexpectedStatus`).
    pub fn unexpected_status(operation: &'static str, meta: ResponseMeta, body: impl Into<String>) -> Self {
        Error::UnexpectedStatus(Box::new(UnexpectedStatus {
            operation,
            meta,
            body: body.into(),
            repeatable: Repeatable::Yes,
        }))
    }

    /// A body that does not decode (`Error::Decode`), stopping at `path` for `message`.
    pub fn decode(
        operation: &'static str,
        meta: ResponseMeta,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Decode(Box::new(DecodeFailure {
            operation,
            meta,
            path: path.into(),
            message: message.into(),
            excerpt: String::new(),
            repeatable: Repeatable::Yes,
        }))
    }

    /// A redirect that was not followed (`Error::Redirect`).
    pub fn redirect(operation: &'static str, meta: ResponseMeta, location: Option<String>) -> Self {
        Error::Redirect(Box::new(Redirected { operation, meta, location }))
    }

    /// No response (`Error::Transport`): `kind` says why; `source` is any error.
    pub fn transport(operation: &'static str, kind: TransportKind, source: impl Into<BoxError>) -> Self {
        Error::Transport { operation, kind, repeatable: Repeatable::Yes, source: source.into() }
    }

    /// The same error, of a request that was (or was not) safe to repeat: what decides
    /// [`is_retryable`](Self::is_retryable) for an unknown outcome.
    pub fn with_repeatable(mut self, repeatable: Repeatable) -> Self {
        match &mut self {
            Error::Api(f) => f.repeatable = repeatable,
            Error::UnexpectedStatus(f) => f.repeatable = repeatable,
            Error::Decode(f) => f.repeatable = repeatable,
            Error::Transport { repeatable: r, .. } => *r = repeatable,
            _ => {}
        }
        self
    }

    /// The operation (its `operationId`) the error came from.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(f) => Some(f.operation),
            Error::UnexpectedStatus(f) => Some(f.operation),
            Error::Decode(f) => Some(f.operation),
            Error::Redirect(f) => Some(f.operation),
            Error::Transport { operation, .. }
            | Error::InvalidArgument { operation, .. }
            | Error::CredentialsNotAccepted { operation, .. } => Some(operation),
            Error::Setup(_) | Error::RuntimeSetup(_) => None,
        }
    }

    /// The response metadata, when the server answered.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            Error::Api(f) => Some(&f.meta),
            Error::UnexpectedStatus(f) => Some(&f.meta),
            Error::Decode(f) => Some(&f.meta),
            Error::Redirect(f) => Some(&f.meta),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.meta().map(|m| m.status)
    }

    /// `x-request-id` of the response, to quote to Cashfree support.
    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }

    /// What the server may have done with the request (see [`FailureClass`]).
    pub fn failure_class(&self) -> FailureClass {
        match self {
            Error::Transport { kind: TransportKind::Connect, .. } => FailureClass::NotSent,
            Error::Transport { .. } => FailureClass::Unknown,
            Error::Api(_) | Error::UnexpectedStatus(_) | Error::Decode(_) => match self.meta() {
                Some(meta) => FailureClass::of_response(meta),
                None => FailureClass::Final,
            },
            _ => FailureClass::Final,
        }
    }

    /// Whether the request was safe to send twice.
    fn repeatable(&self) -> Repeatable {
        match self {
            Error::Api(f) => f.repeatable,
            Error::UnexpectedStatus(f) => f.repeatable,
            Error::Decode(f) => f.repeatable,
            Error::Transport { repeatable, .. } => *repeatable,
            _ => Repeatable::No,
        }
    }

    /// Whether sending the same request again may succeed and is safe: the rule of
    /// [`retryable`](super::retry::retryable), which the retry loop follows too. A request that did not
    /// reach the server, `429`, and `503` with a retry header, for every method; a timeout, a connection lost
    /// after sending, or another `5xx` only for `GET`/`HEAD`/`OPTIONS` and requests with an idempotency key.
    pub fn is_retryable(&self) -> bool {
        retryable(self.failure_class(), self.repeatable())
    }

    /// How long the server asked to wait (`x-ratelimit-retry`, `Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.meta().and_then(ResponseMeta::retry_after)
    }

    /// The decoded error body, for a declared error status.
    pub fn body(&self) -> Option<&B> {
        match self {
            Error::Api(f) => Some(&f.body),
            _ => None,
        }
    }

    fn write_display(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request_id = |meta: &ResponseMeta| match &meta.request_id {
            Some(id) => format!(" (x-request-id {id})"),
            None => String::new(),
        };
        match self {
            Error::Api(e) => {
                let summary = e.summary.as_deref().map(|s| format!(": {s}")).unwrap_or_default();
                write!(f, "{}: the server answered {}{summary}{}", e.operation, e.meta.status, request_id(&e.meta))
            }
            Error::UnexpectedStatus(e) => {
                write!(f, "{}: undeclared status {}{}", e.operation, e.meta.status, request_id(&e.meta))
            }
            Error::Decode(e) => write!(
                f,
                "{}: the {} response body does not decode at `{}`: {}",
                e.operation, e.meta.status, e.path, e.message
            ),
            Error::Redirect(e) => {
                let to = e.location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default();
                write!(f, "{}: the server redirected ({}){to}; redirects are not followed", e.operation, e.meta.status)
            }
            Error::Transport { operation, kind, source, .. } => {
                let what = match kind {
                    TransportKind::Timeout => "timed out",
                    TransportKind::Connect => "could not connect",
                    TransportKind::Other => "failed",
                };
                write!(f, "{operation}: request {what}: {source}")
            }
            Error::InvalidArgument { operation, what, reason } => write!(f, "{operation}: invalid {what}: {reason}"),
            Error::CredentialsNotAccepted { operation, given, accepted } => {
                write!(f, "{operation}: credentials `{given}` are not accepted; use one of: {accepted}")
            }
            Error::Setup(source) => write!(f, "cannot build the HTTP client: {source}"),
            Error::RuntimeSetup(source) => write!(f, "cannot start the blocking client's runtime: {source}"),
        }
    }
}

/// Text that may quote the server, with card numbers masked.
struct Text<'a, B>(&'a Error<B>);

impl<B> fmt::Display for Text<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_display(f)
    }
}

impl<B> fmt::Display for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_card_numbers(&Text(self).to_string()))
    }
}

impl<B: fmt::Debug> fmt::Debug for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => f.debug_tuple("Api").field(&Masked(e)).finish(),
            Error::UnexpectedStatus(e) => f.debug_tuple("UnexpectedStatus").field(e).finish(),
            Error::Decode(e) => f.debug_tuple("Decode").field(&Masked(e)).finish(),
            Error::Redirect(e) => f.debug_tuple("Redirect").field(e).finish(),
            Error::Transport { operation, kind, repeatable, source } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("kind", kind)
                .field("repeatable", repeatable)
                .field("source", &Masked(source))
                .finish(),
            Error::InvalidArgument { operation, what, reason } => f
                .debug_struct("InvalidArgument")
                .field("operation", operation)
                .field("what", what)
                .field("reason", reason)
                .finish(),
            Error::CredentialsNotAccepted { operation, given, accepted } => f
                .debug_struct("CredentialsNotAccepted")
                .field("operation", operation)
                .field("given", given)
                .field("accepted", accepted)
                .finish(),
            Error::Setup(source) => f.debug_tuple("Setup").field(source).finish(),
            Error::RuntimeSetup(source) => f.debug_tuple("RuntimeSetup").field(source).finish(),
        }
    }
}

impl fmt::Debug for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedStatus")
            .field("operation", &self.operation)
            .field("meta", &self.meta)
            .field("body", &super::redact::excerpt(self.body.as_bytes()))
            .finish()
    }
}

impl<B: fmt::Debug> std::error::Error for Error<B> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source.as_ref()),
            Error::Setup(source) => Some(source),
            Error::RuntimeSetup(source) => Some(source),
            _ => None,
        }
    }
}
