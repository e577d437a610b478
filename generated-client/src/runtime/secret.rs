//! A credential value that never shows itself in `Debug`, and has no `Display`.

use std::fmt;

use reqwest::header::HeaderValue;

/// A secret string (client secret, partner key, signature). `Debug` prints `Secret(<redacted>)`; the value is
/// only reachable through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    text: String,
    /// The value as a header, marked sensitive, made once: a client sends it on every call. `None` when the
    /// text cannot be a header value (the call then fails naming the header).
    header: Option<HeaderValue>,
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let text = value.into();
        let header = HeaderValue::from_str(&text).ok().map(|mut value| {
            value.set_sensitive(true);
            value
        });
        Secret { text, header }
    }

    /// The value itself, for sending. Don't log it.
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// The value as a sensitive header value, if it can be one.
    pub(crate) fn header_value(&self) -> Option<HeaderValue> {
        self.header.clone()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}
