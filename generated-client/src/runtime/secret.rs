//! A credential value that never shows itself in `Debug`, and has no `Display`.

use std::fmt;

use reqwest::header::HeaderValue;

/// A secret string (client secret, partner key, signature). `Debug` prints `Secret(<redacted>)`; the value is
/// only reachable through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    text: String,
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret { text: value.into() }
    }

    /// The value itself, for sending. Don't log it.
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// The value as a sensitive header value, if it can be one. A copy per call, not a clone of one value
    /// kept in the client: a clone shares a reference count that every thread sending with the client
    /// would write to, and a copy of a few dozen bytes costs less than that contention. `None` when the
    /// text cannot be a header value (the call then fails naming the header).
    pub(crate) fn header_value(&self) -> Option<HeaderValue> {
        let mut value = HeaderValue::from_str(&self.text).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}
