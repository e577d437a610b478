//! Webhooks: signatures checked against vectors computed outside Rust (`data/webhook_vectors.py`, its output
//! checked in as `data/webhook_vectors.json`), and events decoded into each version's typed `Event`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cashfree_pg::reqwest::header::{HeaderMap, HeaderValue};
use cashfree_pg::webhooks::{Verifier, WebhookError};
use serde_json::Value;

fn vectors() -> Value {
    let path = format!("{}/tests/data/webhook_vectors.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn verdict(result: &Result<(), WebhookError>) -> &'static str {
    match result {
        Ok(()) => "ok",
        Err(WebhookError::BadSignature) => "BadSignature",
        Err(WebhookError::Expired { .. }) => "Expired",
        Err(WebhookError::BadTimestamp) => "BadTimestamp",
        Err(_) => "other",
    }
}

#[test]
fn every_vector_gets_its_verdict() {
    let vectors = vectors();
    let secret = vectors["secret"].as_str().expect("secret");
    let now = UNIX_EPOCH + Duration::from_secs(vectors["now"].as_u64().expect("now"));
    let cases = vectors["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let mut verifier = Verifier::new(secret);
        if let Some(seconds) = case["tolerance_seconds"].as_u64() {
            verifier = verifier.tolerance(Duration::from_secs(seconds));
        }
        let text = |key: &str| case[key].as_str().expect(key).to_owned();
        let result = verifier.verify_at(&text("signature"), &text("timestamp"), text("body").as_bytes(), now);
        assert_eq!(verdict(&result), case["verdict"].as_str().expect("verdict"), "{name}: {result:?}");
        if let Err(err) = result {
            let shown = format!("{err} {err:?} {verifier:?}");
            assert!(!shown.contains(secret), "{name}: the secret leaked: {shown}");
        }
    }
}

#[test]
fn expiry_says_which_way_and_how_far() {
    let vectors = vectors();
    let secret = vectors["secret"].as_str().expect("secret");
    let now = UNIX_EPOCH + Duration::from_secs(vectors["now"].as_u64().expect("now"));
    let ahead =
        vectors["cases"].as_array().expect("cases").iter().find(|c| c["name"] == "an hour ahead").expect("case");
    let err = Verifier::new(secret)
        .verify_at(
            ahead["signature"].as_str().expect("signature"),
            ahead["timestamp"].as_str().expect("timestamp"),
            ahead["body"].as_str().expect("body").as_bytes(),
            now,
        )
        .expect_err("expired");
    assert_eq!(
        err,
        WebhookError::Expired { offset: Duration::from_secs(3600), future: true, tolerance: Duration::from_secs(300) }
    );
}

#[test]
fn headers_are_read_from_the_request() {
    let vectors = vectors();
    let secret = vectors["secret"].as_str().expect("secret");
    let case = &vectors["cases"][0];
    // The vectors are signed for their own `now`: re-sign nothing, verify with a tolerance that covers it.
    let age =
        SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs() - vectors["now"].as_u64().expect("now");
    let verifier = Verifier::new(secret).tolerance(Duration::from_secs(age + 3600));
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-webhook-signature",
        HeaderValue::from_str(case["signature"].as_str().expect("sig")).expect("header"),
    );
    let body = case["body"].as_str().expect("body").as_bytes();
    assert_eq!(verifier.verify_headers(&headers, body), Err(WebhookError::MissingHeader("x-webhook-timestamp")));
    headers
        .insert("x-webhook-timestamp", HeaderValue::from_str(case["timestamp"].as_str().expect("ts")).expect("header"));
    verifier.verify_headers(&headers, body).expect("verifies");
    headers.remove("x-webhook-signature");
    assert_eq!(verifier.verify_headers(&headers, body), Err(WebhookError::MissingHeader("x-webhook-signature")));
}

macro_rules! events {
    ($version:ident) => {
        mod $version {
            use super::*;
            use cashfree_pg::$version::webhooks::Event;

            fn body(name: &str) -> String {
                let vectors = vectors();
                let case = vectors["cases"].as_array().expect("cases").iter().find(|c| c["name"] == name).expect("case");
                case["body"].as_str().expect("body").to_owned()
            }

            #[test]
            fn the_instrument_webhook_decodes_typed_with_unicode_and_unknown_fields() {
                let event = Event::parse(body("valid, timestamp in seconds").as_bytes()).expect("an event");
                assert_eq!(event.event_type(), "INSTRUMENT_ACTIVE_WEBHOOK");
                let Event::InstrumentActive(payload) = &event else { panic!("{event:?}") };
                assert_eq!(payload.r#type, cashfree_pg::$version::InstrumentWebhookType::InstrumentActiveWebhook);
                assert_eq!(payload.event_time, "2025-12-01T05:30:00+05:30");
                let instrument = payload.data.instrument.as_ref().expect("instrument");
                assert_eq!(instrument.customer_id.as_deref(), Some("cust_\u{926}\u{947}\u{935}"));
                assert_eq!(instrument.instrument_id.as_deref(), Some("54deabb4-ba45-4a60-9e6a-9c016fe7ab10"));
                let meta = instrument.instrument_meta.as_ref().expect("meta");
                assert_eq!(meta.card_network.as_deref(), Some("visa"));
                // Key order and white space do not matter.
                let pretty = Event::parse(body("valid, pretty-printed body with keys in another order").as_bytes()).expect("event");
                assert_eq!(pretty.event_type(), "INSTRUMENT_ACTIVE_WEBHOOK");
            }

            #[test]
            fn an_undeclared_type_is_kept_not_refused() {
                let raw = br#"{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{"order":{"order_id":"o1"}},"event_time":"t"}"#;
                let event = Event::parse(raw).expect("kept");
                assert_eq!(event.event_type(), "PAYMENT_SUCCESS_WEBHOOK");
                match event {
                    Event::Unknown { event_type, raw } => {
                        assert_eq!(event_type, "PAYMENT_SUCCESS_WEBHOOK");
                        assert_eq!(raw["data"]["order"]["order_id"], "o1");
                    }
                    other => panic!("{other:?}"),
                }
            }

            #[test]
            fn bodies_that_are_not_events_are_decode_errors() {
                for raw in [
                    &b"not json"[..],
                    b"",
                    b"[1, 2]",
                    br#"{"data": {}}"#,
                    br#"{"type": 7}"#,
                    br#"{"type": "INSTRUMENT_ACTIVE_WEBHOOK", "data": 5, "event_time": "t"}"#,
                ] {
                    let err = Event::parse(raw).expect_err(&String::from_utf8_lossy(raw));
                    assert!(matches!(err, WebhookError::Decode(_)), "{err:?}");
                }
                let err = Event::parse(br#"{"type": "INSTRUMENT_ACTIVE_WEBHOOK", "data": 5, "event_time": "t"}"#)
                    .expect_err("data is not an object");
                assert!(err.to_string().contains("`data`"), "{err}");
            }

            #[test]
            fn debug_of_an_event_redacts_card_data() {
                let raw = br#"{"type":"CARD_WEBHOOK","data":{"card_number":"4111111111111111","note":"card 4111 1111 1111 1111"}}"#;
                let shown = format!("{:?}", Event::parse(raw).expect("kept"));
                assert!(!shown.contains("4111111111111111") && !shown.contains("4111 1111 1111 1111"), "{shown}");
            }
        }
    };
}

events!(v2023_08_01);
events!(v2025_01_01);
