//! The one error type of the client. Its `Debug` and `Display` never include credentials or request headers.

use reqwest::StatusCode;

use super::ResponseMeta;

/// How long a body excerpt in an error may be.
pub(crate) const BODY_EXCERPT_LIMIT: usize = 512;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status the operation does not treat as success.
    #[error("{operation}: the server answered {status}")]
    Status { operation: &'static str, status: StatusCode, meta: Box<ResponseMeta>, body: String },
    /// A success response whose body is not what the spec says.
    #[error("{operation}: the {status} response body does not decode at `{path}`: {message}")]
    Decode { operation: &'static str, status: StatusCode, path: String, message: String, meta: Box<ResponseMeta> },
    /// The request never got a response: connection, TLS, timeout.
    #[error("{operation}: request failed: {source}")]
    Transport {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// An argument cannot be sent as given (a header value with control characters, a bad base URL).
    #[error("{operation}: invalid {what}: {reason}")]
    InvalidArgument { operation: &'static str, what: String, reason: String },
    /// The client's credentials are not among the alternatives the operation accepts.
    #[error("{operation}: credentials `{given}` are not accepted; use one of: {accepted}")]
    CredentialsNotAccepted { operation: &'static str, given: &'static str, accepted: String },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Setup(#[source] reqwest::Error),
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response metadata, when the server answered.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            Error::Status { meta, .. } | Error::Decode { meta, .. } => Some(meta),
            _ => None,
        }
    }

    /// `x-request-id` of the response, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(ResponseMeta::request_id)
    }
}

/// The first `BODY_EXCERPT_LIMIT` bytes of a body as text, cut at a character boundary.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= BODY_EXCERPT_LIMIT {
        return text.into_owned();
    }
    let mut cut = BODY_EXCERPT_LIMIT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}... ({} bytes in all)", &text[..cut], body.len())
}
