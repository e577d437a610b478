//! The typed mock server of each version: stubs answer with typed bodies at the declared status, matchers
//! pick requests by path and query parameters, an unstubbed operation fails fast naming itself, requests that
//! break their operation's contract are answered with a 400 naming the violation, and what was received
//! comes back typed.

use std::time::{Duration, Instant};

use cashfree_pg::runtime;
use serde_json::json;

macro_rules! suite {
    ($version:ident) => {
        mod $version {
            use super::*;
            use cashfree_pg::$version::mock::MockServer;
            use cashfree_pg::$version::{ApiError404, ErrorBody, InstrumentEntity};

            fn instrument(id: &str) -> InstrumentEntity {
                serde_json::from_value(json!({"instrument_id": id, "customer_id": "c1", "instrument_type": "card"}))
                    .expect("an instrument")
            }

            #[tokio::test]
            async fn a_stub_answers_with_its_typed_body_and_the_client_decodes_it() {
                let server = MockServer::start().await;
                server.pg_customer_fetch_instrument().customer_id("c1").returns(instrument("i1")).await;
                let client = server.client();
                let response = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect("200");
                assert_eq!(response.body.instrument_id.as_deref(), Some("i1"));
                assert_eq!(response.meta.status, 200);
                // Another customer matches no stub: the operation is unstubbed for it.
                let err = client.pg_customer_fetch_instrument("c2", "i1").send().await.expect_err("no stub");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(501), "{err:?}");
            }

            #[tokio::test]
            async fn the_request_id_sent_is_the_one_answered() {
                let server = MockServer::start().await;
                server.pg_customer_fetch_instrument().returns(instrument("i1")).await;
                let client = server.client();
                let sent = client.pg_customer_fetch_instrument("c1", "i1").request_id("req-77").send().await.expect("200");
                assert_eq!(sent.meta.request_id.as_deref(), Some("req-77"));
                let own = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect("200");
                assert_eq!(own.meta.request_id.as_deref(), Some("mock"), "the mock's own id when none was sent");
                let err = client.pg_customer_delete_instrument("c1", "i1").request_id("req-78").send().await.expect_err("unstubbed");
                assert_eq!(err.request_id(), Some("req-78"));
            }

            #[tokio::test]
            async fn fails_answers_with_the_error_body_at_its_status() {
                let server = MockServer::start().await;
                let not_found: ApiError404 = serde_json::from_value(json!({"message": "no such card", "code": "card_not_found", "type": "invalid_request_error"})).expect("body");
                server.pg_customer_delete_instrument().fails(ErrorBody::ApiError404(not_found)).await;
                let err = server.client().pg_customer_delete_instrument("c1", "i1").send().await.expect_err("404");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
                match err.body() {
                    Some(ErrorBody::ApiError404(body)) => assert_eq!(body.message.as_deref(), Some("no such card")),
                    other => panic!("{other:?}"),
                }
            }

            #[tokio::test]
            async fn an_unstubbed_operation_fails_fast_naming_it() {
                let server = MockServer::start().await;
                let started = Instant::now();
                let err = server.client().pg_customer_instruments_fetch_cryptogram("c1", "i1").send().await.expect_err("unstubbed");
                assert!(started.elapsed() < Duration::from_secs(1));
                let shown = format!("{err} {err:?}");
                assert!(shown.contains("PGCustomerInstrumentsFetchCryptogram"), "{shown}");
                assert!(matches!(err, runtime::Error::UnexpectedStatus(_)), "{err:?}");
            }

            #[tokio::test]
            async fn requests_that_break_the_contract_are_answered_with_the_violation() {
                let server = MockServer::start().await;
                server.pg_customer_fetch_instrument().returns(instrument("i1")).await;
                let http = reqwest::Client::new();
                let url = format!("{}/customers/c1/instruments/i1", server.uri());
                // No credentials at all.
                let response = http.get(&url).header("x-api-version", cashfree_pg::$version::API_VERSION).send().await.expect("sent");
                assert_eq!(response.status(), 400);
                let body: serde_json::Value = response.json().await.expect("json");
                assert!(body["message"].as_str().unwrap_or_default().contains("no accepted credentials"), "{body}");
                // The wrong version.
                let response = http
                    .get(&url)
                    .header("x-api-version", "1999-01-01")
                    .header("x-client-id", "id")
                    .header("x-client-secret", "secret")
                    .send()
                    .await
                    .expect("sent");
                let body: serde_json::Value = response.json().await.expect("json");
                assert!(body["message"].as_str().unwrap_or_default().contains("x-api-version"), "{body}");
                // A path that is no operation of the version.
                let response = http.get(format!("{}/nowhere", server.uri())).send().await.expect("sent");
                assert_eq!(response.status(), 404);
            }

            #[tokio::test]
            async fn what_was_received_comes_back_typed() {
                let server = MockServer::start().await;
                server.pg_customer_fetch_instrument().returns(instrument("i1")).await;
                let client = server.client();
                client.pg_customer_fetch_instrument("c1", "i1").request_id("r-42").send().await.expect("200");
                let received = server.pg_customer_fetch_instrument_received().await;
                assert_eq!(received.len(), 1);
                assert_eq!(received[0].path_params.get("customer_id").map(String::as_str), Some("c1"));
                assert_eq!(received[0].path_params.get("instrument_id").map(String::as_str), Some("i1"));
                assert_eq!(received[0].headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("r-42"));
                assert!(server.pg_customer_delete_instrument_received().await.is_empty());
            }

            #[tokio::test]
            async fn a_client_with_its_own_config_talks_to_the_environment() {
                use cashfree_pg::$version::{Client, Credentials};
                let server = MockServer::start().await;
                server.pg_customer_fetch_instruments().returns(vec![]).await;
                let config = cashfree_pg::Config::default().timeout(Some(Duration::from_secs(2)));
                let client = Client::with_config(server.environment(), Credentials::client_id_client_secret("mine", "also-mine"), config).expect("client");
                let mut call = client.pg_customer_fetch_instruments("c1");
                if stringify!($version) == "v2025_01_01" {
                    call = call.request_id("r1");
                }
                let response = call.send().await.expect("200");
                assert!(response.body.is_empty());
            }

            #[tokio::test]
            async fn stubs_with_times_answer_in_turn_then_give_way() {
                let server = MockServer::start().await;
                let unavailable = json!({"message": "try later", "code": "busy", "type": "api_error"});
                server.pg_customer_fetch_instrument().responds(503, unavailable).times(1).await;
                server.pg_customer_fetch_instrument().returns(instrument("first")).times(2).await;
                server.pg_customer_fetch_instrument().returns(instrument("then")).await;
                let client = server.client();
                let call = || client.pg_customer_fetch_instrument("c1", "i1").send();
                let err = call().await.expect_err("the first answer is the 503");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
                for expected in ["first", "first", "then", "then"] {
                    let response = call().await.expect("200");
                    assert_eq!(response.body.instrument_id.as_deref(), Some(expected));
                }
            }

            #[tokio::test]
            async fn fails_with_times_gives_way_too() {
                let server = MockServer::start().await;
                let not_found: ApiError404 = serde_json::from_value(json!({"message": "gone", "code": "instrument_not_found"})).expect("body");
                server.pg_customer_delete_instrument().fails(ErrorBody::ApiError404(not_found)).times(1).await;
                let deleted = serde_json::from_value(json!({"instrument_id": "i1", "instrument_status": "INACTIVE"})).expect("instrument");
                server.pg_customer_delete_instrument().returns(deleted).await;
                let client = server.client();
                let err = client.pg_customer_delete_instrument("c1", "i1").send().await.expect_err("404 first");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
                client.pg_customer_delete_instrument("c1", "i1").send().await.expect("then 200");
            }

            #[tokio::test]
            async fn responds_answers_any_status_with_any_body() {
                let server = MockServer::start().await;
                server.pg_customer_fetch_instrument().responds(418, json!({"message": "short and stout"})).await;
                server.pg_customer_instruments_fetch_cryptogram().responds(200, json!({"surprise": true})).await;
                let client = server.client();
                let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("418");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(418), "{err:?}");
                assert!(matches!(err, runtime::Error::UnexpectedStatus(_)), "an undeclared status: {err:?}");
                // A 200 whose body has none of the schema's required fields still decodes where nothing is
                // required, and the body is exactly what the stub said.
                let raw = client.pg_customer_instruments_fetch_cryptogram("c1", "i1").send().await;
                assert!(raw.is_ok(), "{raw:?}");
            }

            #[tokio::test]
            async fn responds_still_checks_the_request() {
                let server = MockServer::start().await;
                server.pg_customer_fetch_instrument().responds(200, json!({})).await;
                let response = reqwest::Client::new()
                    .get(format!("{}/customers/c1/instruments/i1", server.uri()))
                    .send()
                    .await
                    .expect("answer");
                assert_eq!(response.status(), 400, "no version header nor credentials: the request is refused");
            }
        }
    };
}

suite!(v2025_01_01);

mod v2023_08_01 {
    use super::*;
    use cashfree_pg::v2023_08_01::mock::MockServer;
    use cashfree_pg::v2023_08_01::{ErrorBody, RateLimitError};

    #[tokio::test]
    async fn stubs_and_failures_in_the_older_version_too() {
        let server = MockServer::start().await;
        server.pg_customer_fetch_instruments().customer_id("c1").instrument_type("card").returns(Vec::new()).await;
        let client = server.client();
        assert!(client.pg_customer_fetch_instruments("c1", "card").send().await.expect("200").body.is_empty());
        let limited: RateLimitError =
            serde_json::from_value(json!({"message": "slow", "type": "rate_limit_error"})).expect("body");
        server.pg_customer_delete_instrument().fails(ErrorBody::RateLimitError(limited)).await;
        let err = client.pg_customer_delete_instrument("c1", "i1").send().await.expect_err("429");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
        assert!(err.is_retryable());
    }
}
