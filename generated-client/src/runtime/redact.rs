//! Keeping card data and secrets out of error messages: body excerpts and decoder messages are redacted
//! before they are stored in an error.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::mask::mask_card_numbers;

/// How long a body excerpt in an error may be, in bytes.
pub(crate) const EXCERPT_LIMIT: usize = 512;

/// Property names whose values are never shown: card numbers, CVVs, cryptograms, token PANs, secrets.
/// A key matches when it equals a name, or ends with `_<name>`.
const SENSITIVE: &[&str] = &[
    "card_number",
    "number",
    "cvv",
    "cvv2",
    "card_cvv",
    "cryptogram",
    "pan",
    "token_pan",
    "card_pan",
    "secret",
    "client_secret",
    "password",
    "apikey",
    "api_key",
    "signature",
    "otp",
    "pin",
    "track_data",
];

fn is_sensitive(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SENSITIVE.iter().any(|name| key == *name || key.ends_with(&format!("_{name}")))
}

/// Replaces values of sensitive keys, at any depth, with `"<redacted>"`.
fn redact_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_sensitive(key) {
                    *v = Value::String("<redacted>".to_owned());
                } else {
                    redact_value(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

/// A short, redacted view of a response body for an error: JSON has sensitive values replaced; anything
/// else (or JSON cut short) has its sensitive `"key": "value"` pairs replaced; card numbers are
/// masked in both. Cut at `EXCERPT_LIMIT` bytes.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact_value(&mut value);
            value.to_string()
        }
        Err(_) => redact_text(&String::from_utf8_lossy(body)),
    };
    let text = mask_card_numbers(&text).into_owned();
    if text.len() <= EXCERPT_LIMIT {
        return text;
    }
    let mut cut = EXCERPT_LIMIT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}... ({} bytes in all)", &text[..cut], body.len())
}

/// What an error body says, in one line, when it has Cashfree's `code`, `type` or `message`:
/// `instrument_not_found (invalid_request_error): instrument does not exist`. Secrets the server echoes in the
/// message are redacted (and the error's `Display` masks card numbers); a long message is cut.
pub(crate) fn error_summary(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let (code, kind, message) = (text("code"), text("type"), text("message"));
    let mut out = String::new();
    if let Some(code) = code {
        out.push_str(code);
    }
    if let Some(kind) = kind {
        out.push_str(&if out.is_empty() { kind.to_owned() } else { format!(" ({kind})") });
    }
    if let Some(message) = message {
        let mut message = redact_text(message);
        if message.len() > EXCERPT_LIMIT {
            let mut cut = EXCERPT_LIMIT;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push_str("...");
        }
        out.push_str(&if out.is_empty() { message } else { format!(": {message}") });
    }
    (!out.is_empty()).then_some(out)
}

/// JSON bytes as text with sensitive values replaced and card numbers masked (no length limit).
pub(crate) fn redacted_json(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact_value(&mut value);
            mask_card_numbers(&value.to_string()).into_owned()
        }
        Err(_) => mask_card_numbers(&redact_text(&String::from_utf8_lossy(body))).into_owned(),
    }
}

/// Text that isn't JSON: the value after a sensitive `"key":` is replaced up to its closing quote.
fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let Some(close) = rest[open + 1..].find('"').map(|c| open + 1 + c) else { break };
        let key = &rest[open + 1..close];
        out.push_str(&rest[..=close]);
        rest = &rest[close + 1..];
        let after = rest.trim_start();
        if is_sensitive(key) && after.starts_with(':') {
            let value = after[1..].trim_start();
            if let Some(stripped) = value.strip_prefix('"') {
                out.push_str(": \"<redacted>\"");
                rest = match stripped.find('"') {
                    Some(end) => &stripped[end + 1..],
                    None => "",
                };
            }
        }
    }
    out.push_str(rest);
    out
}

/// A decoder's message without the values it quotes: serde quotes offending values in double quotes
/// (`invalid type: string "4111..."`) and names fields in backticks, which are kept.
pub(crate) fn redact_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for ch in message.chars() {
        if ch == '"' {
            if inside {
                out.push_str("<redacted>\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(ch);
        }
    }
    mask_card_numbers(&out).into_owned()
}

/// `Debug` of free-form JSON with card data and secrets redacted.
pub struct RedactedJson<'a, T: Serialize>(pub &'a T);

impl<T: Serialize> fmt::Debug for RedactedJson<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_vec(self.0) {
            Ok(bytes) => f.write_str(&redacted_json(&bytes)),
            Err(_) => f.write_str("<unprintable JSON>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_excerpts_hide_card_data() {
        let body = br#"{"card_number":"4491365621601472","cryptogram":"AQBB=","card_display":"1234","nested":[{"token_pan":"x"}]}"#;
        let text = excerpt(body);
        assert!(!text.contains("4491365621601472") && !text.contains("AQBB="), "{text}");
        assert!(text.contains("\"card_display\":\"1234\""), "{text}");
        assert!(text.contains("\"token_pan\":\"<redacted>\""), "{text}");
    }

    #[test]
    fn truncated_json_is_redacted_as_text() {
        let body = br#"{"instrument_id":"i1","card_number": "4491365621601472","cryptogram":"AQBBBB"#;
        let text = excerpt(body);
        assert!(!text.contains("4491365621601472") && !text.contains("AQBBBB"), "{text}");
        assert!(text.contains("\"instrument_id\":\"i1\""), "{text}");
    }

    #[test]
    fn card_numbers_are_masked_anywhere() {
        assert_eq!(excerpt(b"not json 5500005555555559"), "not json ************5559");
        let body = br#"{"message":"card 4111 1111 1111 1111 is not valid"}"#;
        assert_eq!(excerpt(body), r#"{"message":"card **** **** **** 1111 is not valid"}"#);
    }

    #[test]
    fn messages_keep_field_names_but_not_values() {
        let message = "invalid type: string \"4491365621601472\", expected u64 at line 1 column 40";
        assert_eq!(redact_message(message), "invalid type: string \"<redacted>\", expected u64 at line 1 column 40");
        assert_eq!(redact_message("missing field `instrument_id`"), "missing field `instrument_id`");
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(2000);
        let text = excerpt(body.as_bytes());
        assert!(text.len() < 600 && text.ends_with("(2000 bytes in all)"), "{text}");
    }
}
