//! The service's functions through the real client against the typed mock: a 200 stub, a 404 stub built
//! from the version's `ErrorBody`, and an operation left unstubbed.

use std::time::{Duration, Instant};

use card_service::{Forgotten, forget_card, saved_card_ids};
use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{ApiError404, ErrorBody, InstrumentEntityForAllSavedCard};

fn card(id: &str) -> InstrumentEntityForAllSavedCard {
    serde_json::from_value(serde_json::json!({"instrument_id": id, "instrument_type": "card"})).expect("card")
}

#[tokio::test]
async fn lists_the_saved_cards() {
    let server = MockServer::start().await;
    server.pg_customer_fetch_instruments().customer_id("cust-1").returns(vec![card("i1"), card("i2")]).await;
    let ids = saved_card_ids(&server.client(), "cust-1").await.expect("listed");
    assert_eq!(ids, ["i1", "i2"]);
    let received = server.pg_customer_fetch_instruments_received().await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].query, [("instrument_type".to_owned(), "card".to_owned())]);
}

#[tokio::test]
async fn a_card_cashfree_does_not_know_is_already_gone() {
    let server = MockServer::start().await;
    let not_found: ApiError404 =
        serde_json::from_value(serde_json::json!({"message": "instrument not found", "type": "invalid_request_error"}))
            .expect("body");
    server.pg_customer_delete_instrument().fails(ErrorBody::ApiError404(not_found)).await;
    assert_eq!(forget_card(&server.client(), "cust-1", "i9").await.expect("handled"), Forgotten::AlreadyGone);
}

#[tokio::test]
async fn an_unstubbed_operation_errors_at_once() {
    let server = MockServer::start().await;
    let started = Instant::now();
    let err = forget_card(&server.client(), "cust-1", "i1").await.expect_err("no stub");
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    assert!(err.to_string().contains("PGCustomerDeleteInstrument"), "{err}");
}
