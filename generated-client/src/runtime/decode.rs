//! Decoding a response: the success body, or the error the status and body amount to. Bodies may start
//! with a UTF-8 byte order mark; decoder messages and excerpts never carry card data.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::{ApiFailure, DecodeFailure, UnexpectedStatus};
use super::retry::Repeatable;
use super::{Error, ResponseMeta, redact};

/// Where decoding a body stopped, and why (redacted).
#[derive(Debug)]
pub struct DecodeProblem {
    pub(crate) path: String,
    pub(crate) message: String,
}

/// Generated per operation: the error body for a status the operation declares, `None` for any other.
pub type ErrorDecoder<B> = fn(u16, &[u8]) -> Option<Result<B, DecodeProblem>>;

/// `body` without a leading UTF-8 byte order mark.
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Decodes a JSON body as `T`. Success takes the plain decoder; only a failure decodes again, tracking the
/// path, so the error can say where it stopped (tracking every path costs on every response).
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeProblem> {
    let body = without_bom(body);
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

/// Reads a text body (UTF-8, a byte order mark skipped).
pub fn decode_text(body: &[u8]) -> Result<String, DecodeProblem> {
    std::str::from_utf8(without_bom(body))
        .map(str::to_owned)
        .map_err(|err| DecodeProblem { path: String::new(), message: format!("the body is not UTF-8 text: {err}") })
}

/// A body kept as bytes (an error response of a binary media type).
pub fn decode_bytes(body: &[u8]) -> Result<Bytes, DecodeProblem> {
    Ok(Bytes::copy_from_slice(body))
}

/// The error a non-success response amounts to: its declared body, a decode failure, or an undeclared status.
pub(crate) fn error_for<B>(
    operation: &'static str,
    meta: ResponseMeta,
    bytes: &[u8],
    errors: ErrorDecoder<B>,
    repeatable: Repeatable,
) -> Error<B> {
    match errors(meta.status.as_u16(), bytes) {
        Some(Ok(body)) => {
            let summary = redact::error_summary(bytes);
            Error::Api(Box::new(ApiFailure { operation, meta, body, repeatable, summary }))
        }
        Some(Err(problem)) => decode_failure(operation, meta, bytes, problem, repeatable),
        None => {
            let body = String::from_utf8_lossy(bytes).into_owned();
            Error::UnexpectedStatus(Box::new(UnexpectedStatus { operation, meta, body, repeatable }))
        }
    }
}

pub(crate) fn decode_failure<B>(
    operation: &'static str,
    meta: ResponseMeta,
    bytes: &[u8],
    problem: DecodeProblem,
    repeatable: Repeatable,
) -> Error<B> {
    Error::Decode(Box::new(DecodeFailure {
        operation,
        meta,
        path: problem.path,
        message: problem.message,
        excerpt: redact::excerpt(bytes),
        repeatable,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let value: serde_json::Value = decode_json(b"\xEF\xBB\xBF{\"a\":1}").expect("decodes");
        assert_eq!(value, serde_json::json!({"a": 1}));
    }
}
