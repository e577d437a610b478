//! Receiving a Cashfree webhook: verify the raw body's signature, then decode the typed event and act on it.
//! Runs offline: it signs a sample Token Vault webhook itself (as Cashfree would), then handles it.
//!
//! ```sh
//! cargo run -p cashfree-pg --example webhook
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use cashfree_pg::reqwest::header::{HeaderMap, HeaderValue};
use cashfree_pg::v2025_01_01::webhooks::Event;
use cashfree_pg::webhooks::{Verifier, WebhookError};

/// What a service's webhook endpoint does with a request: raw body first, then verify, then parse.
fn handle(verifier: &Verifier, headers: &HeaderMap, raw_body: &[u8]) -> Result<String, WebhookError> {
    verifier.verify_headers(headers, raw_body)?;
    Ok(match Event::parse(raw_body)? {
        Event::InstrumentActive(event) => {
            let instrument = event.data.instrument.as_ref();
            let id = instrument.and_then(|i| i.instrument_id.as_deref()).unwrap_or("?");
            format!("card {id} is ready to charge (at {})", event.event_time)
        }
        Event::Unknown { event_type, .. } => format!("ignored an event of type {event_type}"),
        other => format!("ignored {}", other.event_type()),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("CASHFREE_CLIENT_SECRET").unwrap_or_else(|_| "sample-client-secret".to_owned());
    let verifier = Verifier::new(secret);
    let body = br#"{"data":{"instrument":{"instrument_id":"54deabb4-ba45-4a60-9e6a-9c016fe7ab10","instrument_type":"card","instrument_status":"ACTIVE"}},"event_time":"2025-12-01T05:30:00+05:30","type":"INSTRUMENT_ACTIVE_WEBHOOK"}"#;
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs().to_string();

    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", HeaderValue::from_str(&timestamp)?);
    headers.insert("x-webhook-signature", HeaderValue::from_str(&verifier.sign(&timestamp, body))?);
    println!("{}", handle(&verifier, &headers, body)?);

    // The same request with one byte of the body changed is refused.
    let mut tampered = body.to_vec();
    tampered[30] ^= 1;
    match handle(&verifier, &headers, &tampered) {
        Err(WebhookError::BadSignature) => println!("a tampered body is refused"),
        other => return Err(format!("a tampered body must be refused, got {other:?}").into()),
    }
    Ok(())
}
