//! What the service relies on from the client's runtime: a call's own retries (`with_config`) against a stub
//! that answers 503 once, the request id it sends answered back, a response stored as JSON (`serialize`),
//! an API error's text naming Cashfree's code, type and message, and the blocking client from a plain test.

use std::time::Duration;

use card_service::{saved_card_ids, saved_card_ids_with};
use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{ApiError404, ErrorBody, InstrumentEntityForAllSavedCard};
use cashfree_pg::{Config, RetryPolicy};
use serde_json::json;

fn card(id: &str) -> InstrumentEntityForAllSavedCard {
    serde_json::from_value(json!({"instrument_id": id, "instrument_type": "card"})).expect("card")
}

#[tokio::test]
async fn a_503_once_then_the_list_passes_only_with_the_calls_retries() {
    let server = MockServer::start().await;
    let busy = json!({"message": "try later", "code": "service_unavailable", "type": "api_error"});
    server.pg_customer_fetch_instruments().responds(503, busy.clone()).times(1).await;
    server.pg_customer_fetch_instruments().returns(vec![card("i1")]).times(1).await;
    server.pg_customer_fetch_instruments().responds(503, busy).times(1).await;
    server.pg_customer_fetch_instruments().returns(vec![card("i1")]).await;
    let client = server.client();

    let retries = Config::default().retry(RetryPolicy::exponential(2).initial_delay(Duration::from_millis(5)));
    assert_eq!(saved_card_ids_with(&client, "cust-1", retries).await.expect("retried"), ["i1"]);
    let err = saved_card_ids(&client, "cust-1").await.expect_err("the client does not retry");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn the_request_id_sent_comes_back_and_the_body_is_stored_as_json() {
    let server = MockServer::start().await;
    server.pg_customer_fetch_instruments().returns(vec![card("i1")]).await;
    let response =
        server.client().pg_customer_fetch_instruments("cust-1").request_id("svc-req-9").send().await.expect("listed");
    assert_eq!(response.meta.request_id.as_deref(), Some("svc-req-9"));
    let stored = serde_json::to_value(&response.body).expect("serialize");
    assert_eq!(stored, json!([{"instrument_id": "i1", "instrument_type": "card"}]));
}

#[tokio::test]
async fn an_api_error_says_what_cashfree_said() {
    let server = MockServer::start().await;
    let not_found: ApiError404 = serde_json::from_value(json!({
        "message": "instrument with id i9 does not exist",
        "code": "instrument_not_found",
        "type": "invalid_request_error"
    }))
    .expect("body");
    server.pg_customer_fetch_instrument().fails(ErrorBody::ApiError404(not_found)).await;
    let err = server
        .client()
        .pg_customer_fetch_instrument("cust-1", "i9")
        .request_id("svc-req-10")
        .send()
        .await
        .expect_err("404");
    let text = format!("{err}");
    for part in ["PGCustomerFetchInstrument", "404", "instrument_not_found", "invalid_request_error", "i9 does not exist", "svc-req-10"] {
        assert!(text.contains(part), "{part:?} missing from {text:?}");
    }
}

#[test]
fn the_blocking_client_lists_cards_from_a_plain_test() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        server.pg_customer_fetch_instruments().customer_id("c1").returns(vec![card("i1"), card("i2")]).await;
        server
    });
    let client = server.blocking_client();
    let response = client.pg_customer_fetch_instruments("c1").send().expect("listed");
    let ids: Vec<_> = response.body.into_iter().filter_map(|card| card.instrument_id).collect();
    assert_eq!(ids, ["i1", "i2"]);
}
