//! What a response says about itself, read leniently from its headers: a header that is missing or
//! malformed becomes `None`, never an error.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The typed body of a successful call, with its metadata.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    pub body: T,
    pub meta: ResponseMeta,
}

impl<T> ApiResponse<T> {
    /// The body, dropping the metadata.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Status, Cashfree's metadata headers, and the raw header map of a response.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseMeta {
    pub status: StatusCode,
    /// `x-request-id`: quote it to Cashfree support. `None` when absent or blank.
    pub request_id: Option<String>,
    pub rate_limit: RateLimit,
    pub idempotency: Idempotency,
    /// Every header as received.
    pub headers: HeaderMap,
}

/// `x-ratelimit-*` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit`: requests allowed per minute.
    pub limit: Option<u64>,
    /// `x-ratelimit-remaining`: requests left in the current window.
    pub remaining: Option<u64>,
    /// `x-ratelimit-retry`: seconds to wait when the limit is breached (0 within the limit).
    pub retry: Option<u64>,
    /// `x-ratelimit-type`: `app_id` or `ip`.
    pub kind: Option<String>,
}

/// `x-idempotency-*` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Idempotency {
    /// `x-idempotency-key` as echoed by the server.
    pub key: Option<String>,
    /// `x-idempotency-replayed`: whether this is a replay of the first response for the key. The spec
    /// declares it a string of format boolean; `true`/`false` in any case are understood.
    pub replayed: Option<bool>,
}

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    text(headers, name).and_then(|v| v.parse().ok())
}

impl ResponseMeta {
    /// Reads the metadata of a response with `status` and `headers`.
    pub fn new(status: StatusCode, headers: HeaderMap) -> Self {
        // One pass over the headers (every response pays for this): only Cashfree's `x-` ones are read.
        let mut meta = ResponseMeta {
            status,
            request_id: None,
            rate_limit: RateLimit::default(),
            idempotency: Idempotency::default(),
            headers: HeaderMap::new(),
        };
        for (name, value) in headers.iter().filter(|(name, _)| name.as_str().starts_with("x-")) {
            let Some(value) = value.to_str().ok().map(str::trim).filter(|v| !v.is_empty()) else { continue };
            // A header given twice counts by its first value.
            fn first<T>(slot: &mut Option<T>, value: impl FnOnce() -> Option<T>) {
                if slot.is_none() {
                    *slot = value();
                }
            }
            let number = || value.parse::<u64>().ok();
            let text = || Some(value.to_owned());
            match name.as_str() {
                "x-request-id" => first(&mut meta.request_id, text),
                "x-ratelimit-limit" => first(&mut meta.rate_limit.limit, number),
                "x-ratelimit-remaining" => first(&mut meta.rate_limit.remaining, number),
                "x-ratelimit-retry" => first(&mut meta.rate_limit.retry, number),
                "x-ratelimit-type" => first(&mut meta.rate_limit.kind, text),
                "x-idempotency-key" => first(&mut meta.idempotency.key, text),
                "x-idempotency-replayed" => {
                    first(&mut meta.idempotency.replayed, || match value.to_ascii_lowercase().as_str() {
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => None,
                    })
                }
                _ => {}
            }
        }
        meta.headers = headers;
        meta
    }

    /// The metadata of a response with `status` and no headers (for tests).
    pub fn for_status(status: StatusCode) -> Self {
        Self::new(status, HeaderMap::new())
    }

    /// A header's value as text, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// How long the server asks to wait before trying again: `x-ratelimit-retry` seconds, or a standard
    /// `Retry-After` in seconds. `None` when neither asks for a wait.
    pub fn retry_after(&self) -> Option<Duration> {
        let seconds = self.rate_limit.retry.filter(|s| *s > 0).or_else(|| number(&self.headers, "retry-after"));
        seconds.map(Duration::from_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn reads_cashfree_headers_leniently() {
        let meta = ResponseMeta::new(
            StatusCode::TOO_MANY_REQUESTS,
            headers(&[
                ("x-request-id", "req-1"),
                ("x-ratelimit-limit", "200"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-retry", "4"),
                ("x-ratelimit-type", "app_id"),
                ("x-idempotency-key", "key-1"),
                ("x-idempotency-replayed", "TRUE"),
            ]),
        );
        assert_eq!(meta.request_id.as_deref(), Some("req-1"));
        assert_eq!(
            meta.rate_limit,
            RateLimit { limit: Some(200), remaining: Some(0), retry: Some(4), kind: Some("app_id".into()) }
        );
        assert_eq!(meta.idempotency, Idempotency { key: Some("key-1".into()), replayed: Some(true) });
        assert_eq!(meta.retry_after(), Some(Duration::from_secs(4)));
    }

    #[test]
    fn malformed_or_missing_headers_are_none() {
        let meta = ResponseMeta::new(
            StatusCode::OK,
            headers(&[
                ("x-request-id", " "),
                ("x-ratelimit-limit", "lots"),
                ("x-idempotency-replayed", "maybe"),
                ("x-ratelimit-retry", "0"),
            ]),
        );
        assert_eq!(meta.request_id, None);
        assert_eq!(meta.rate_limit.limit, None);
        assert_eq!(meta.idempotency.replayed, None);
        assert_eq!(meta.retry_after(), None);
        let standard = ResponseMeta::new(StatusCode::SERVICE_UNAVAILABLE, headers(&[("retry-after", "7")]));
        assert_eq!(standard.retry_after(), Some(Duration::from_secs(7)));
    }
}
