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
                let raw = br#"{"type":"LOYALTY_POINTS_WEBHOOK","data":{"order":{"order_id":"o1"}},"event_time":"t"}"#;
                let event = Event::parse(raw).expect("kept");
                assert_eq!(event.event_type(), "LOYALTY_POINTS_WEBHOOK");
                match event {
                    Event::Unknown { event_type, raw } => {
                        assert_eq!(event_type, "LOYALTY_POINTS_WEBHOOK");
                        assert_eq!(raw["data"]["order"]["order_id"], "o1");
                    }
                    other => panic!("{other:?}"),
                }
            }

            /// A payment webhook as Cashfree documents it: one payload, three event types.
            fn payment_webhook(event_type: &str, status: &str) -> String {
                format!(
                    r#"{{"data":{{"order":{{"order_id":"order_81","order_amount":170.00,"order_currency":"INR","order_tags":null}},
                    "payment":{{"cf_payment_id":"5114917","payment_status":"{status}","payment_amount":170.00,
                    "payment_currency":"INR","payment_message":"00::Transaction success","payment_time":"2025-01-15T12:20:29+05:30",
                    "bank_reference":"504912345","auth_id":null,"payment_method":{{"upi":{{"channel":"collect","upi_id":"buyer@upi"}}}},
                    "payment_group":"upi"}},"customer_details":{{"customer_name":null,"customer_id":"c_7","customer_email":"buyer@example.com",
                    "customer_phone":"9999999999"}}}},"event_time":"2025-01-15T12:20:31+05:30","type":"{event_type}"}}"#
                )
            }

            #[test]
            fn each_payment_webhook_type_is_its_own_event() {
                let success = Event::parse(payment_webhook("PAYMENT_SUCCESS_WEBHOOK", "SUCCESS").as_bytes()).expect("event");
                let Event::PaymentSuccess(payload) = &success else { panic!("{success:?}") };
                let order = payload.data.as_ref().and_then(|d| d.order.as_ref()).expect("order");
                assert_eq!(order.order_id.as_deref(), Some("order_81"));
                // Amounts as Cashfree wrote (and signed) them: `170.00`, scale kept.
                assert_eq!(order.order_amount.map(|a| a.to_string()).as_deref(), Some("170.00"));
                let payment = payload.data.as_ref().and_then(|d| d.payment.as_ref()).expect("payment");
                assert_eq!(payment.payment_amount.map(|a| a.to_string()).as_deref(), Some("170.00"));
                assert_eq!(success.event_type(), "PAYMENT_SUCCESS_WEBHOOK");
                let failed = Event::parse(payment_webhook("PAYMENT_FAILED_WEBHOOK", "FAILED").as_bytes()).expect("event");
                assert!(matches!(failed, Event::PaymentFailed(_)), "{failed:?}");
                let dropped =
                    Event::parse(payment_webhook("PAYMENT_USER_DROPPED_WEBHOOK", "USER_DROPPED").as_bytes()).expect("event");
                assert!(matches!(dropped, Event::PaymentUserDropped(_)), "{dropped:?}");
                assert_eq!(dropped.event_type(), "PAYMENT_USER_DROPPED_WEBHOOK");
            }

            #[test]
            fn refund_and_settlement_webhooks_are_typed() {
                let refund = br#"{"data":{"refund":{"cf_refund_id":"11325632","cf_payment_id":"789727431","refund_id":"refund_81",
                    "order_id":"order_81","refund_amount":2.00,"refund_currency":"INR","entity":"refund","refund_status":"SUCCESS"}},
                    "event_time":"2025-02-28T13:04:28+05:30","type":"REFUND_STATUS_WEBHOOK"}"#;
                let event = Event::parse(refund).expect("event");
                let Event::RefundStatus(payload) = &event else { panic!("{event:?}") };
                let refund = payload.data.as_ref().and_then(|d| d.refund.as_ref()).expect("refund");
                assert_eq!(refund.refund_id.as_deref(), Some("refund_81"));
                let auto = br#"{"data":{"auto_refund":{"event":"AUTO-REFUND","cf_refund_id":1243460973,"cf_payment_id":"2148333968",
                    "refund_amount":39.00,"refund_type":"PAYMENT_AUTO_REFUND","refund_status":"SUCCESS","processed_at":null}},
                    "event_time":"2025-08-11T14:10:21+05:30","type":"AUTO_REFUND_STATUS_WEBHOOK"}"#;
                let event = Event::parse(auto).expect("auto refund");
                let Event::AutoRefundStatus(payload) = &event else { panic!("{event:?}") };
                let auto = payload.data.as_ref().and_then(|d| d.auto_refund.as_ref()).expect("auto_refund");
                assert_eq!(auto.cf_refund_id, Some(1_243_460_973));
                assert_eq!(auto.refund_amount.map(|a| a.to_string()).as_deref(), Some("39.00"));
                let link = br#"{"data":{"cf_link_id":1576977,"link_id":"payment_ps11","link_status":"PARTIALLY_PAID",
                    "link_amount":"200.12","link_amount_paid":"55.00","order":{"order_id":"CFPay_U1mg","order_amount":"22.00",
                    "transaction_id":1021206,"transaction_status":"SUCCESS"}},"type":"PAYMENT_LINK_EVENT","version":1,"event_time":"t"}"#;
                let event = Event::parse(link).expect("payment link");
                let Event::PaymentLinkEvent(payload) = &event else { panic!("{event:?}") };
                let data = payload.data.as_ref().expect("data");
                assert_eq!(data.link_amount_paid.map(|a| a.to_string()).as_deref(), Some("55.00"), "amounts sent as strings");
                assert_eq!(data.link_status.as_deref(), Some("PARTIALLY_PAID"));
                for (kind, id) in [("DISPUTE_CREATED", r#""433475258""#), ("DISPUTE_UPDATED", "433475257"), ("DISPUTE_CLOSED", "433475256")] {
                    let raw = format!(
                        r#"{{"data":{{"dispute":{{"dispute_id":{id},"dispute_type":"CHARGEBACK","dispute_amount":4500.00}},
                        "order_details":{{"order_id":"order_81","cf_payment_id":885473311}}}},"event_time":"t","type":"{kind}"}}"#
                    );
                    let event = Event::parse(raw.as_bytes()).expect(kind);
                    let payload = match &event {
                        Event::DisputeCreated(p) | Event::DisputeUpdated(p) | Event::DisputeClosed(p) => p,
                        other => panic!("{kind}: {other:?}"),
                    };
                    let dispute = payload.data.as_ref().and_then(|d| d.dispute.as_ref()).expect("dispute");
                    assert!(dispute.dispute_id.is_some(), "{kind}: an id as a string or a number");
                    assert_eq!(dispute.dispute_amount.map(|a| a.to_string()).as_deref(), Some("4500.00"));
                    assert_eq!(event.event_type(), kind);
                }
                for (kind, check) in [
                    ("SETTLEMENT_INITIATED", (|e: &Event| matches!(e, Event::SettlementInitiated(_))) as fn(&Event) -> bool),
                    ("SETTLEMENT_SUCCESS", |e| matches!(e, Event::SettlementSuccess(_))),
                    ("SETTLEMENT_FAILED", |e| matches!(e, Event::SettlementFailed(_))),
                    ("SETTLEMENT_REVERSED", |e| matches!(e, Event::SettlementReversed(_))),
                ] {
                    let raw = format!(r#"{{"data":{{"settlement":{{"cf_settlement_id":"77"}}}},"event_time":"t","type":"{kind}"}}"#);
                    let event = Event::parse(raw.as_bytes()).expect(kind);
                    assert!(check(&event), "{kind}: {event:?}");
                    assert_eq!(event.event_type(), kind);
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

/// Cashfree names the version of each delivery in `x-webhook-version`; `VersionedEvent` parses the body with
/// that version's `Event`, whatever version the client calls with.
#[test]
fn the_delivery_version_picks_the_event_type() {
    use cashfree_pg::VersionedEvent;
    let raw = br#"{"data":{"order":{"order_id":"o9","order_amount":170.00}},"event_time":"t","type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let older = VersionedEvent::parse("2023-08-01", raw).expect("2023-08-01");
    assert!(matches!(older, VersionedEvent::V2023_08_01(cashfree_pg::v2023_08_01::webhooks::Event::PaymentSuccess(_))));
    assert_eq!((older.version(), older.event_type()), ("2023-08-01", "PAYMENT_SUCCESS_WEBHOOK"));
    let mut headers = HeaderMap::new();
    assert_eq!(VersionedEvent::from_delivery(&headers, raw), Err(WebhookError::MissingHeader("x-webhook-version")));
    headers.insert("x-webhook-version", HeaderValue::from_static("2025-01-01"));
    let newer = VersionedEvent::from_delivery(&headers, raw).expect("2025-01-01");
    assert!(matches!(newer, VersionedEvent::V2025_01_01(cashfree_pg::v2025_01_01::webhooks::Event::PaymentSuccess(_))));
    assert_eq!(newer.version(), "2025-01-01");
    let err = VersionedEvent::parse("2021-09-21", raw).expect_err("no such version here");
    assert_eq!(err, WebhookError::UnknownVersion("2021-09-21".to_owned()));
    assert!(err.to_string().contains("2021-09-21"), "{err}");
}

/// Cashfree signs the body as sent (`170.00`): a handler verifies the raw bytes, never a re-encoding.
#[test]
fn a_signature_is_over_the_amounts_as_sent() {
    let verifier = Verifier::new("whsec");
    let raw = br#"{"data":{"payment":{"payment_amount":170.00}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs().to_string();
    let signature = verifier.sign(&now, raw);
    verifier.verify(&signature, &now, raw).expect("the raw body verifies");
    let reencoded = serde_json::to_vec(&serde_json::from_slice::<Value>(raw).expect("json")).expect("json");
    assert_ne!(reencoded, raw.to_vec(), "re-encoding changes 170.00");
    assert_eq!(verifier.verify(&signature, &now, &reencoded), Err(WebhookError::BadSignature));
}
