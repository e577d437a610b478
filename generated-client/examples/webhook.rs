//! Receiving Cashfree webhooks: verify the raw body's signature, then decode the typed event, in the API version
//! the delivery names (`x-webhook-version`), and act on it. Runs offline: it signs sample payment, refund and
//! Token Vault webhooks itself (as Cashfree would), then handles them.
//!
//! ```sh
//! cargo run -p cashfree-pg --example webhook
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use cashfree_pg::VersionedEvent;
use cashfree_pg::reqwest::header::{HeaderMap, HeaderValue};
use cashfree_pg::v2025_01_01::webhooks::Event;
use cashfree_pg::webhooks::{Verifier, WebhookError};

/// What a service's webhook endpoint does with a request: raw body first, then verify, then parse.
fn handle(verifier: &Verifier, headers: &HeaderMap, raw_body: &[u8]) -> Result<String, WebhookError> {
    verifier.verify_headers(headers, raw_body)?;
    let event = match VersionedEvent::from_delivery(headers, raw_body)? {
        VersionedEvent::V2025_01_01(event) => event,
        other => return Ok(format!("ignored {} of version {}", other.event_type(), other.version())),
    };
    Ok(match event {
        Event::PaymentSuccess(event) => {
            let data = event.data.as_ref();
            let order = data.and_then(|d| d.order.as_ref()).and_then(|o| o.order_id.as_deref()).unwrap_or("?");
            let amount = data.and_then(|d| d.payment.as_ref()).and_then(|p| p.payment_amount);
            format!("order {order} is paid: {amount:?}")
        }
        Event::PaymentFailed(_) | Event::PaymentUserDropped(_) => "a payment did not go through".to_owned(),
        Event::RefundStatus(event) => {
            let refund = event.data.as_ref().and_then(|d| d.refund.as_ref());
            let id = refund.and_then(|r| r.refund_id.as_deref()).unwrap_or("?");
            format!("refund {id} is {:?}", refund.and_then(|r| r.refund_status.as_ref()))
        }
        Event::InstrumentActive(event) => {
            let instrument = event.data.instrument.as_ref();
            let id = instrument.and_then(|i| i.instrument_id.as_deref()).unwrap_or("?");
            format!("card {id} is ready to charge (at {})", event.event_time)
        }
        Event::Unknown { event_type, .. } => format!("ignored an event of type {event_type}"),
        other => format!("ignored {}", other.event_type()),
    })
}

/// The headers Cashfree sends with `body`, signed now.
fn delivery(verifier: &Verifier, body: &[u8]) -> Result<HeaderMap, Box<dyn std::error::Error>> {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs().to_string();
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", HeaderValue::from_str(&timestamp)?);
    headers.insert("x-webhook-signature", HeaderValue::from_str(&verifier.sign(&timestamp, body))?);
    headers.insert("x-webhook-version", HeaderValue::from_static("2025-01-01"));
    Ok(headers)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("CASHFREE_CLIENT_SECRET").unwrap_or_else(|_| "sample-client-secret".to_owned());
    let verifier = Verifier::new(secret);
    // Amounts exactly as Cashfree writes them (`170.00`): the signature covers these bytes.
    let payment = br#"{"data":{"order":{"order_id":"order_81","order_amount":170.00,"order_currency":"INR"},"payment":{"cf_payment_id":"5114917","payment_status":"SUCCESS","payment_amount":170.00,"payment_currency":"INR"}},"event_time":"2025-01-15T12:20:31+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let refund = br#"{"data":{"refund":{"cf_refund_id":"11325632","refund_id":"refund_81","order_id":"order_81","refund_amount":2.00,"refund_status":"SUCCESS"}},"event_time":"2025-02-28T13:04:28+05:30","type":"REFUND_STATUS_WEBHOOK"}"#;
    for body in [&payment[..], &refund[..]] {
        println!("{}", handle(&verifier, &delivery(&verifier, body)?, body)?);
    }
    let body = br#"{"data":{"instrument":{"instrument_id":"54deabb4-ba45-4a60-9e6a-9c016fe7ab10","instrument_type":"card","instrument_status":"ACTIVE"}},"event_time":"2025-12-01T05:30:00+05:30","type":"INSTRUMENT_ACTIVE_WEBHOOK"}"#;
    let headers = delivery(&verifier, body)?;
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
