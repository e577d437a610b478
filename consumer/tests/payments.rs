//! The payment service's flow through the real client: create order -> session id, fetch the order and its
//! payments (typed mock server), a keyed refund retried after a 503 with the same key and body, a
//! reconciliation over three pages (a plain mock server answering page by page), and a signed
//! `PAYMENT_SUCCESS_WEBHOOK` handled.

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use card_service::payments::{Notice, Settled, on_webhook, reconcile, refund, settled, start_checkout};
use cashfree_pg::reqwest::header::{HeaderMap, HeaderValue};
use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{Client, Credentials, Environment};
use cashfree_pg::webhooks::Verifier;
use cashfree_pg::{Config, Decimal, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

fn amount(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

#[tokio::test]
async fn a_checkout_starts_and_the_order_is_seen_paid() {
    let server = MockServer::start().await;
    let order = serde_json::from_value(json!({
        "order_id": "order_81", "order_amount": 10.15, "order_status": "ACTIVE", "payment_session_id": "session_81"
    }))
    .expect("order");
    server.pg_create_order().returns(order).await;
    let paid = serde_json::from_value(json!({"order_id": "order_81", "order_status": "PAID"})).expect("order");
    server.pg_fetch_order().returns(paid).await;
    let payments = serde_json::from_value(json!([
        {"cf_payment_id": "5114917", "payment_status": "SUCCESS", "payment_amount": 10.15},
        {"cf_payment_id": "5114910", "payment_status": "FAILED", "payment_amount": 10.15}
    ]))
    .expect("payments");
    server.pg_order_fetch_payments().returns(payments).await;

    let client = server.client();
    let session = start_checkout(&client, "order_81", amount("10.15"), "cust_7", "9999999999").await.expect("order");
    assert_eq!(session.as_deref(), Some("session_81"));
    let sent = server.pg_create_order_received().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body.as_ref().map(|b| b.order_amount), Some(amount("10.15")));
    let seen = settled(&client, "order_81").await.expect("settled");
    assert_eq!(seen, Settled { status: Some("PAID".to_owned()), paid: vec![amount("10.15")] });
}

fn client_for(server: &wiremock::MockServer) -> Client {
    let retries = RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5));
    let base = server.uri().parse().expect("url");
    Client::with_config(
        Environment::Custom(base),
        Credentials::client_id_client_secret("id", "secret"),
        Config::default().retry(retries),
    )
    .expect("client")
}

#[tokio::test]
async fn a_refund_retried_after_a_503_is_sent_with_the_same_key_and_body() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders/order_81/refunds"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders/order_81/refunds"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"refund_id": "refund_81", "refund_status": "PENDING"})),
        )
        .mount(&server)
        .await;
    let status = refund(&client_for(&server), "order_81", "refund_81", amount("2.50")).await.expect("refund");
    assert_eq!(status.as_deref(), Some("PENDING"));
    let sent = server.received_requests().await.expect("recorded");
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(request.headers.get("x-idempotency-key").and_then(|v| v.to_str().ok()), Some("refund_81"));
        assert_eq!(request.body, sent[0].body);
    }
    // The amount as the service wrote it, digits and all.
    assert!(String::from_utf8_lossy(&sent[0].body).contains(r#""refund_amount":2.50"#));
}

#[tokio::test]
async fn a_reconciliation_is_read_over_three_pages() {
    let server = wiremock::MockServer::start().await;
    let page = |cursor: Option<&str>, ids: &[&str]| {
        let data: Vec<Value> = ids.iter().map(|id| json!({"event_id": id, "event_amount": 1.50})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"cursor": cursor, "data": data}))
    };
    // The first request carries no cursor; each next one the cursor of the page before, with the limit kept.
    Mock::given(method("POST"))
        .and(path("/recon"))
        .and(NoCursor)
        .respond_with(page(Some("p2"), &["e1", "e2"]))
        .expect(1)
        .mount(&server)
        .await;
    for (asked, answer) in [("p2", page(Some("p3"), &["e3"])), ("p3", page(None, &["e4"]))] {
        Mock::given(method("POST"))
            .and(path("/recon"))
            .and(body_partial_json(json!({"pagination": {"cursor": asked, "limit": 100}})))
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
    }
    let events = reconcile(&client_for(&server), "2025-01-01", "2025-01-31").await.expect("reconciled");
    let ids: Vec<_> = events.iter().filter_map(|e| e.event_id.as_deref()).collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4"]);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
}

/// A request whose body's `pagination` has no `cursor`.
struct NoCursor;

impl wiremock::Match for NoCursor {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        body["pagination"].get("cursor").is_none()
    }
}

#[test]
fn a_signed_payment_success_webhook_is_read_with_its_amount_as_sent() {
    let verifier = Verifier::new("client-secret");
    let body = br#"{"data":{"order":{"order_id":"order_81","order_amount":170.00},"payment":{"cf_payment_id":"5114917","payment_status":"SUCCESS","payment_amount":170.00}},"event_time":"2025-01-15T12:20:31+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs().to_string();
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", HeaderValue::from_str(&now).expect("header"));
    headers.insert("x-webhook-signature", HeaderValue::from_str(&verifier.sign(&now, body)).expect("header"));
    headers.insert("x-webhook-version", HeaderValue::from_static("2025-01-01"));
    let notice = on_webhook(&verifier, &headers, body).expect("handled");
    assert_eq!(notice, Notice::Paid { order_id: "order_81".to_owned(), amount: Some(amount("170.00")) });
    let Notice::Paid { amount: Some(paid), .. } = notice else { panic!("paid") };
    assert_eq!(paid.to_string(), "170.00");
    // A body changed after signing is refused before it is read.
    let mut tampered = body.to_vec();
    tampered[40] ^= 1;
    assert!(on_webhook(&verifier, &headers, &tampered).is_err());
}
