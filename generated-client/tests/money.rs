//! The flow a payment service runs, on the wire against a mock server on 127.0.0.1: create an order and read its
//! `payment_session_id`, fetch it and its payments, refund with an idempotency key (retried with the same key
//! and the same body). Amounts are `Decimal`s, written and read with the digits the JSON has; response headers
//! are read as sent, whatever the spec declares of them.

use std::str::FromStr;
use std::time::Duration;

use cashfree_pg::Decimal;
use cashfree_pg::v2025_01_01::{
    Client, CreateOrderRequest, Credentials, CustomerDetails, Environment, OrderCreateRefundRequest,
};
use cashfree_pg::{Config, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let retries = RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5));
    let base = server.uri().parse().expect("url");
    let credentials = Credentials::client_id_client_secret("app-id", "app-secret");
    Client::with_config(Environment::Custom(base), credentials, Config::default().retry(retries)).expect("client")
}

fn amount(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn order_request() -> CreateOrderRequest {
    CreateOrderRequest::new(amount("10.15"), "INR", CustomerDetails::new("cust_7", "9999999999")).order_id("order_81")
}

#[tokio::test]
async fn an_order_is_sent_and_read_with_exact_amounts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .and(header("x-api-version", "2025-01-01"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"cf_order_id":"2149460581","order_id":"order_81","order_amount":170.00,"order_currency":"INR",
               "order_status":"ACTIVE","payment_session_id":"session_a1b2"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let order = client(&server).pg_create_order(order_request()).send().await.expect("order").into_body();
    assert_eq!(order.payment_session_id.as_deref(), Some("session_a1b2"));
    // The amount read is the one the JSON has, scale included.
    assert_eq!(order.order_amount.map(|a| a.to_string()).as_deref(), Some("170.00"));
    let sent = &server.received_requests().await.expect("recorded")[0];
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains(r#""order_amount":10.15"#), "a JSON number with its digits: {body}");
    let value: Value = serde_json::from_slice(&sent.body).expect("json");
    assert!(value["order_amount"].is_number(), "{value}");
}

#[tokio::test]
async fn an_order_and_its_payments_are_fetched() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orders/order_81"))
        // The specs declare this header a one-value enum; the server answers with a version of its own, and
        // whatever it sends is read.
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-api-version", "2025-06-01")
                .set_body_json(json!({"order_id": "order_81", "order_status": "PAID"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/order_81/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"cf_payment_id":"5114917","order_id":"order_81","payment_amount":10.15,"payment_status":"SUCCESS"}]"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let fetched = client.pg_fetch_order("order_81").send().await.expect("order");
    assert_eq!(fetched.meta.header("x-api-version"), Some("2025-06-01"));
    assert_eq!(fetched.body.order_status.as_deref(), Some("PAID"));
    let payments = client.pg_order_fetch_payments("order_81").send().await.expect("payments").into_body();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].payment_amount, Some(amount("10.15")));
}

#[tokio::test]
async fn a_keyed_refund_is_retried_with_the_same_key_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders/order_81/refunds"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders/order_81/refunds"))
        .and(header("x-idempotency-key", "refund-81-1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"cf_refund_id":"11325632","refund_id":"refund_81","order_id":"order_81","refund_amount":2.50,"refund_status":"PENDING"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let refund = OrderCreateRefundRequest::new(amount("2.50"), "refund_81");
    let created = client(&server)
        .pg_order_create_refund("order_81", refund)
        .idempotency_key("refund-81-1")
        .send()
        .await
        .expect("refund")
        .into_body();
    assert_eq!(created.refund_amount.map(|a| a.to_string()).as_deref(), Some("2.50"));
    let sent = server.received_requests().await.expect("recorded");
    assert_eq!(sent.len(), 2, "the 503 was retried once");
    for request in &sent {
        assert_eq!(request.headers.get("x-idempotency-key").and_then(|v| v.to_str().ok()), Some("refund-81-1"));
        assert_eq!(request.body, sent[0].body, "the same body");
    }
    assert!(String::from_utf8_lossy(&sent[0].body).contains(r#""refund_amount":2.50"#));
}
