//! Verifying Cashfree's webhook signatures. Cashfree signs each webhook it sends: the `x-webhook-signature`
//! header is base64(HMAC-SHA256(key = the client secret, message = the `x-webhook-timestamp` header text
//! followed by the raw request body)). A [`Verifier`] checks that signature with aws-lc-rs's
//! constant-time comparison, and refuses timestamps outside a window (five minutes by default, in both
//! directions), so a captured webhook cannot be replayed later.
//!
//! Verify the raw body exactly as received, before parsing it: re-serialised JSON is not what was signed.
//! Each version module decodes a verified body with its `webhooks::Event::parse`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use reqwest::header::HeaderMap;

use super::Secret;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";
/// The header that carries the timestamp the signature covers.
pub const TIMESTAMP_HEADER: &str = "x-webhook-timestamp";

/// How far a webhook's timestamp may be from now, by default (either way).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Timestamps from this value up are milliseconds; below it, seconds (10^12 seconds is in year 33658).
const MILLISECONDS_FROM: u64 = 1_000_000_000_000;

/// Why a webhook was refused. Never shows the secret, the signature or the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature is not the HMAC of this timestamp and body under this secret (or is not base64, or has
    /// the wrong length).
    #[error("the webhook signature does not match")]
    BadSignature,
    /// The timestamp is further from now than the tolerance: a replay, or a clock far off.
    #[error("the webhook timestamp is {} s {} now, more than the {} s allowed", .offset.as_secs(), if *.future { "ahead of" } else { "behind" }, .tolerance.as_secs())]
    Expired {
        /// How far from now the timestamp is.
        offset: Duration,
        /// Whether it is in the future.
        future: bool,
        tolerance: Duration,
    },
    /// The timestamp is not decimal Unix time in seconds or milliseconds.
    #[error("the webhook timestamp is not Unix time in seconds or milliseconds")]
    BadTimestamp,
    /// A header the check needs is missing, or not text.
    #[error("the webhook has no readable `{0}` header")]
    MissingHeader(&'static str),
    /// The body is not a webhook event: not JSON, or no string `type`, or a payload that does not decode.
    #[error("the webhook body is not an event: {0}")]
    Decode(String),
    /// The delivery names an API version (`x-webhook-version`) this build does not have: not one of the
    /// crate's versions, or one whose feature is off.
    #[error("the webhook is of API version `{0}`, which this build does not have")]
    UnknownVersion(String),
}

/// The `x-webhook-version` header of a delivery: the API version its payload is written in.
pub fn webhook_version(headers: &HeaderMap) -> Result<&str, WebhookError> {
    headers
        .get("x-webhook-version")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .ok_or(WebhookError::MissingHeader("x-webhook-version"))
}

/// Checks Cashfree's webhook signatures with one client secret.
#[derive(Clone)]
pub struct Verifier {
    secret: Secret,
    tolerance: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier").field("secret", &"<redacted>").field("tolerance", &self.tolerance).finish()
    }
}

impl Verifier {
    /// A verifier for webhooks signed with `client_secret` (the client secret of your Cashfree app).
    pub fn new(client_secret: impl Into<String>) -> Verifier {
        Verifier { secret: Secret::new(client_secret), tolerance: DEFAULT_TOLERANCE }
    }

    /// How far from now a timestamp may be, into the past or the future (default five minutes).
    pub fn tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = tolerance;
        self
    }

    /// Verifies `raw_body` as signed by `signature` at `timestamp` (the two headers' values), against the
    /// system clock.
    pub fn verify(&self, signature: &str, timestamp: &str, raw_body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(signature, timestamp, raw_body, SystemTime::now())
    }

    /// [`verify`](Self::verify) with `now` given, for tests.
    pub fn verify_at(
        &self,
        signature: &str,
        timestamp: &str,
        raw_body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let sent = parse_timestamp(timestamp)?;
        let signature = base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .map_err(|_| WebhookError::BadSignature)?;
        // Compared in constant time; a tag of the wrong length never matches.
        aws_lc_rs::constant_time::verify_slices_are_equal(self.tag(timestamp, raw_body).as_ref(), &signature)
            .map_err(|_| WebhookError::BadSignature)?;
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default();
        let (offset, future) = match sent.checked_sub(now) {
            Some(ahead) => (ahead, true),
            None => (now.saturating_sub(sent), false),
        };
        if offset > self.tolerance {
            return Err(WebhookError::Expired { offset, future, tolerance: self.tolerance });
        }
        Ok(())
    }

    /// The signature Cashfree would send for `timestamp` and `raw_body`: for tests of your webhook handler
    /// (and the mock server), never needed to receive one.
    pub fn sign(&self, timestamp: &str, raw_body: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.tag(timestamp, raw_body).as_ref())
    }

    /// HMAC-SHA256 of the timestamp text followed by the body, keyed by the client secret. By aws-lc-rs, the
    /// crypto library rustls already builds: no second SHA-256 to compile, and its API is not generic, so
    /// checking this costs a fraction of what the RustCrypto traits did.
    fn tag(&self, timestamp: &str, raw_body: &[u8]) -> aws_lc_rs::hmac::Tag {
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, self.secret.expose().as_bytes());
        let mut context = aws_lc_rs::hmac::Context::with_key(&key);
        context.update(timestamp.as_bytes());
        context.update(raw_body);
        context.sign()
    }

    /// Verifies a webhook from its request headers (`x-webhook-signature`, `x-webhook-timestamp`) and raw body.
    pub fn verify_headers(&self, headers: &HeaderMap, raw_body: &[u8]) -> Result<(), WebhookError> {
        let header = |name: &'static str| {
            headers.get(name).and_then(|v| v.to_str().ok()).ok_or(WebhookError::MissingHeader(name))
        };
        self.verify(header(SIGNATURE_HEADER)?, header(TIMESTAMP_HEADER)?, raw_body)
    }
}

/// The time a timestamp names: decimal digits only, seconds below 10^12, milliseconds from there.
fn parse_timestamp(text: &str) -> Result<Duration, WebhookError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::BadTimestamp);
    }
    let value: u64 = text.parse().map_err(|_| WebhookError::BadTimestamp)?;
    Ok(if value >= MILLISECONDS_FROM { Duration::from_millis(value) } else { Duration::from_secs(value) })
}

/// Decodes the JSON of a webhook body and reads its `type`: what every version's `Event::parse` starts with.
#[doc(hidden)]
pub fn event_type(raw_body: &[u8]) -> Result<(String, serde_json::Value), WebhookError> {
    let body = raw_body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw_body);
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|err| WebhookError::Decode(super::redact::redact_message(&err.to_string())))?;
    let kind = match value.get("type") {
        Some(serde_json::Value::String(kind)) => kind.clone(),
        Some(_) => return Err(WebhookError::Decode("`type` is not a string".to_owned())),
        None => return Err(WebhookError::Decode("the event has no `type`".to_owned())),
    };
    Ok((kind, value))
}

/// Decodes a verified event's payload as `T` from the raw body (not from a `serde_json::Value`, which would
/// hold its amounts as `f64`s: `170.00` stays 170.00 this way), naming where it stopped when it does not fit.
#[doc(hidden)]
pub fn event_payload<T: serde::de::DeserializeOwned>(raw_body: &[u8]) -> Result<T, WebhookError> {
    let body = raw_body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw_body);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        WebhookError::Decode(format!("at `{path}`: {}", super::redact::redact_message(&err.into_inner().to_string())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_seconds_or_milliseconds_and_nothing_else() {
        assert_eq!(parse_timestamp("1700000000"), Ok(Duration::from_secs(1_700_000_000)));
        assert_eq!(parse_timestamp("1700000000123"), Ok(Duration::from_millis(1_700_000_000_123)));
        for bad in ["", "-1", "+1", "1.5", "1e9", " 1", "1 ", "abc", "99999999999999999999999"] {
            assert_eq!(parse_timestamp(bad), Err(WebhookError::BadTimestamp), "{bad:?}");
        }
    }

    #[test]
    fn what_is_signed_verifies() {
        let verifier = Verifier::new("s");
        let signature = verifier.sign("1700000000", b"{\"type\":\"X\"}");
        let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(verifier.verify_at(&signature, "1700000000", b"{\"type\":\"X\"}", at), Ok(()));
        assert_eq!(
            verifier.verify_at(&signature, "1700000001", b"{\"type\":\"X\"}", at),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn debug_and_errors_never_show_the_secret() {
        let verifier = Verifier::new("whsec-very-secret");
        assert!(!format!("{verifier:?}").contains("whsec"));
        let err = verifier.verify("AAAA", "1700000000", b"{}").expect_err("wrong");
        assert!(!format!("{err} {err:?}").contains("whsec"));
    }
}
