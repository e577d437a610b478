//! Decoding what each fixture construct generates: the types are the generated ones in `fixture-client`,
//! the JSON is what a server sends.

use fixture_client::{all_of_and_recursion, discriminator_any_of, enum_values, keyword_fields, nullable_and_formats};
use fixture_client::{one_of_payments, sensitive_fields};
use serde_json::json;

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|err| err.to_string())
}

#[test]
fn one_of_decodes_card_upi_and_netbanking_by_their_keys() {
    use one_of_payments::{PaymentEntity, PaymentEntityPaymentMethod as Method};
    let card: PaymentEntity = decode(json!({
        "cf_payment_id": "p1",
        "payment_method": {"card": {"channel": "link", "card_number": "4111xxxxxx1111", "card_network": "visa"}}
    }))
    .expect("card");
    assert!(
        matches!(&card.payment_method, Some(Method::Card(c)) if c.card.as_ref().and_then(|c| c.card_network.as_deref()) == Some("visa"))
    );
    let upi: PaymentEntity =
        decode(json!({"payment_method": {"upi": {"channel": "collect", "upi_id": "a@upi"}}})).expect("upi");
    assert!(
        matches!(&upi.payment_method, Some(Method::Upi(u)) if u.upi.as_ref().and_then(|u| u.upi_id.as_deref()) == Some("a@upi"))
    );
    let netbanking: PaymentEntity =
        decode(json!({"payment_method": {"netbanking": {"netbanking_bank_code": 3044}}})).expect("netbanking");
    assert!(
        matches!(&netbanking.payment_method, Some(Method::Netbanking(n)) if n.netbanking.as_ref().and_then(|n| n.netbanking_bank_code) == Some(3044))
    );
}

#[test]
fn one_of_never_guesses() {
    use one_of_payments::{PaymentEntity, PaymentEntityPaymentMethod as Method};
    // An empty card object would parse as any member; the key decides.
    let card: PaymentEntity = decode(json!({"payment_method": {"card": {}}})).expect("card");
    assert!(matches!(card.payment_method, Some(Method::Card(_))));
    let both = decode::<PaymentEntity>(json!({"payment_method": {"card": {}, "upi": {}}}));
    let message = both.expect_err("two members fit");
    assert!(message.contains("ambiguous value: it fits Card and Upi"), "{message}");
    let wallet: PaymentEntity = decode(json!({"payment_method": {"app": {"provider": "paytm"}}})).expect("unknown");
    assert!(matches!(&wallet.payment_method, Some(Method::Unknown(v)) if v["app"]["provider"] == "paytm"));
    // Unknown members re-encode unchanged.
    let again = serde_json::to_value(&wallet).expect("encode");
    assert_eq!(again["payment_method"], json!({"app": {"provider": "paytm"}}));
}

#[test]
fn a_discriminator_selects_the_member_and_any_of_goes_by_kind() {
    use discriminator_any_of::{Amount, Pet};
    assert!(matches!(decode::<Pet>(json!({"pet_type": "dog", "lives": 1})), Ok(Pet::Dog(d)) if d.lives == Some(1)));
    assert!(matches!(decode::<Pet>(json!({"pet_type": "cat"})), Ok(Pet::Cat(_))));
    assert!(matches!(decode::<Pet>(json!({"pet_type": "fox"})), Ok(Pet::Unknown(_))));
    assert!(matches!(decode::<Amount>(json!("10.50")), Ok(Amount::String(s)) if s == "10.50"));
    assert!(matches!(decode::<Amount>(json!(10.5)), Ok(Amount::Number(n)) if n == 10.5));
    assert!(matches!(decode::<Amount>(json!({"value": 1, "currency": "INR"})), Ok(Amount::Object(_))));
    assert!(matches!(decode::<Amount>(json!(true)), Ok(Amount::Unknown(_))));
}

#[test]
fn enums_are_forward_compatible() {
    use enum_values::Bank;
    assert_eq!(decode::<Bank>(json!("Standard Chartered")), Ok(Bank::StandardChartered));
    assert_eq!(decode::<Bank>(json!("2022-09-01")), Ok(Bank::V2022_09_01));
    assert_eq!(decode::<Bank>(json!("Unknown")), Ok(Bank::Unknown2));
    let new = decode::<Bank>(json!("KOTAK BANK")).expect("unknown value");
    assert_eq!(new, Bank::Unknown("KOTAK BANK".to_owned()));
    assert_eq!(serde_json::to_value(&new).ok(), Some(json!("KOTAK BANK")));
    assert_eq!(Bank::HdfcBank.to_string(), "HDFC BANK");
}

#[test]
fn all_of_wrappers_and_merges_and_recursion() {
    use all_of_and_recursion::{Node, Order, Wrapper};
    let order: Order = decode(json!({"id": "o1", "amount": 5.0, "note": "n"})).expect("merged");
    assert_eq!((order.id.as_str(), order.amount, order.note.as_deref()), ("o1", 5.0, Some("n")));
    assert!(decode::<Order>(json!({"amount": 5.0})).is_err(), "id is required by the base");
    let wrapper: Wrapper = decode(json!({"order": {"id": "o2", "amount": 1}})).expect("wrapper");
    assert_eq!(wrapper.order.map(|o| o.id), Some("o2".to_owned()));
    let node: Node =
        decode(json!({"name": "leaf", "parent": {"name": "root"}, "children": [{"name": "x"}]})).expect("node");
    assert_eq!(node.parent.and_then(|p| p.name), Some("root".to_owned()));
}

#[test]
fn types_follow_type_not_format_and_nulls_are_tolerated_where_the_example_shows_them() {
    use nullable_and_formats::Settlement;
    let settlement: Settlement = decode(json!({
        "cf_settlement_id": 42, "amount": 10.5, "fee": 2.75, "utr": "1234567890123456789012",
        "settled_on": null, "remarks": null, "transfer_id": "not-a-uuid", "count": 3000000000i64,
        "tags": {"k": "v"}, "closed": {"reason": "done", "extra": 1}, "meta": {"anything": [1, 2]},
        "unknown_field": "ignored"
    }))
    .expect("settlement");
    assert_eq!(settlement.fee, Some(2.75));
    assert_eq!(settlement.utr.as_deref(), Some("1234567890123456789012"));
    assert_eq!(settlement.settled_on, None);
    assert_eq!(settlement.count, Some(3_000_000_000));
    assert_eq!(settlement.tags.as_ref().and_then(|t| t.get("k")).map(String::as_str), Some("v"));
    assert!(
        decode::<Settlement>(json!({"amount": 1.0, "settled_on": null, "remarks": null})).is_err(),
        "id is required"
    );
}

#[test]
fn keyword_and_odd_property_names_keep_their_wire_names() {
    use keyword_fields::ErrorBody2;
    let body: ErrorBody2 =
        decode(json!({"type": "t", "self": "s", "message": null, "3ds-version": 2, "Card Holder": true}))
            .expect("error body");
    assert_eq!((body.r#type.as_str(), body.self_.as_deref(), body.n3ds_version), ("t", Some("s"), Some(2)));
    let again = serde_json::to_value(&body).expect("encode");
    assert_eq!(again["3ds-version"], 2);
    assert_eq!(again["message"], serde_json::Value::Null);
}

#[test]
fn debug_hides_card_data_and_secrets() {
    use sensitive_fields::CardRequest;
    let card: CardRequest = decode(json!({
        "card_number": "4111111111111111", "card_cvv": "123", "card_holder_name": "A Person",
        "cryptogram": "AQBB==", "token_pan": "5500005555555559", "client_secret": "s3cret", "card_display": "1111",
        "extra": {"card_number": "4111111111111111", "note": "kept"}
    }))
    .expect("card");
    let shown = format!("{card:?}");
    for secret in ["4111111111111111", "\"123\"", "AQBB==", "5500005555555559", "s3cret"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("A Person") && shown.contains("1111") && shown.contains("kept"), "{shown}");
}

#[test]
fn an_openapi_3_1_spec_reads_null_members_type_lists_and_webhooks() {
    use fixture_client::openapi_3_1::types::{Reason, Refund};
    use fixture_client::openapi_3_1::webhooks::Event;
    // `oneOf: [$ref, {type: "null"}]` is the member, nullable; `type: [string, "null"]` a nullable string.
    let refund: Refund = decode(json!({"refund_id": "r1", "note": null, "reason": null})).expect("nulls");
    assert_eq!((refund.note, refund.reason), (None, None));
    let refund: Refund = decode(json!({"refund_id": "r2", "note": "late", "reason": "fraud"})).expect("values");
    assert_eq!((refund.note.as_deref(), refund.reason), (Some("late"), Some(Reason::Fraud)));
    // 3.1's top-level `webhooks` are typed events like `x-webhooks`.
    let body = br#"{"type": "REFUND_UPDATED", "data": {"refund_id": "r3", "reason": "duplicate"}}"#;
    match Event::parse(body) {
        Ok(Event::RefundUpdated(event)) => {
            assert_eq!((event.data.refund_id.as_str(), event.data.reason), ("r3", Some(Reason::Duplicate)))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_all_of_of_values_is_the_value_and_an_empty_object_stays_an_object() {
    use fixture_client::all_of_values::types::{Currency, Settlement, SettlementOptions};
    let settlement: Settlement =
        decode(json!({"reason": "insufficient_funds", "currency": "INR", "options": {}})).expect("settlement");
    // `allOf: [{type: string}, {anyOf: [enums]}]` is the string; `allOf: [$ref, {description}]` the enum.
    assert_eq!(settlement.reason, "insufficient_funds");
    assert_eq!(settlement.currency, Some(Currency::Inr));
    assert_eq!(settlement.options, Some(SettlementOptions::default()));
    // The empty object writes `{}` and reads it back, whatever it is sent with.
    assert_eq!(serde_json::to_value(SettlementOptions::default()).expect("serialize"), json!({}));
    assert!(decode::<SettlementOptions>(json!({"ignored": 1})).is_ok());
    assert!(decode::<Settlement>(json!({"reason": {"code": 1}})).is_err());
}

#[test]
fn a_payload_whose_type_enumerates_several_values_is_one_event_per_value() {
    use fixture_client::webhook_events::webhooks::Event;
    for (kind, expected) in [
        ("PAYMENT_SUCCESS_WEBHOOK", "PaymentSuccess"),
        ("PAYMENT_FAILED_WEBHOOK", "PaymentFailed"),
        ("PAYMENT_USER_DROPPED_WEBHOOK", "PaymentUserDropped"),
    ] {
        let raw = json!({"type": kind, "data": {"order_id": "o1"}}).to_string();
        let event = Event::parse(raw.as_bytes()).expect(kind);
        let payload = match &event {
            Event::PaymentSuccess(p) | Event::PaymentFailed(p) | Event::PaymentUserDropped(p) => p,
            other => panic!("{kind}: {other:?}"),
        };
        assert_eq!(payload.data.order_id.as_deref(), Some("o1"));
        assert!(format!("{event:?}").starts_with(expected), "{kind}: {event:?}");
        assert_eq!(event.event_type(), kind);
    }
    let refund = Event::parse(br#"{"type": "REFUND_STATUS_WEBHOOK", "refund_id": "r1"}"#).expect("refund");
    assert!(matches!(&refund, Event::RefundStatus(r) if r.refund_id.as_deref() == Some("r1")), "{refund:?}");
}
