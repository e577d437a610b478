//! Retrying a request that is not idempotent by method: never without an idempotency key, and with one,
//! the same key on every attempt, so the server can deduplicate and a payment never executes twice. The
//! Token Vault specs have no POST operation, so this drives the runtime the generated code calls.

use std::time::Duration;

use cashfree_pg::runtime::{Config, Error, Request, RetryPolicy, Transport};
use reqwest::Method;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn failing_then_ok(server: &MockServer, failures: u64) {
    if failures > 0 {
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500))
            .up_to_n_times(failures)
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(server)
        .await;
}

fn transport(server: &MockServer) -> Transport {
    let policy = RetryPolicy::exponential(4).initial_delay(Duration::from_millis(5));
    Transport::new(&server.uri(), &Config::default().retry(policy)).expect("transport")
}

/// What generated code does to send a request and decode its JSON answer.
async fn send(
    transport: &Transport,
    mut request: Request,
) -> Result<cashfree_pg::ApiResponse<serde_json::Value>, Error<()>> {
    transport.exchange(&mut request).await.conclude(|_, _| None, |body| cashfree_pg::runtime::decode_json(body))
}

fn order_request() -> Request {
    let mut request = Request::new(Method::POST, "CreateOrder", "/orders".to_owned());
    request.json_body::<_, ()>(&json!({"order_amount": 10.5})).expect("body");
    request
}

#[tokio::test]
async fn post_without_an_idempotency_key_is_never_retried() {
    let server = MockServer::start().await;
    failing_then_ok(&server, 2).await;
    let result = send(&transport(&server), order_request()).await;
    assert!(matches!(result, Err(Error::UnexpectedStatus(_))), "{result:?}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}

#[tokio::test]
async fn post_with_an_idempotency_key_is_retried_with_the_same_key_and_body() {
    let server = MockServer::start().await;
    failing_then_ok(&server, 2).await;
    let mut request = order_request();
    request.header::<()>("x-idempotency-key", "47bf8872-46fe-11ee-be56-0242ac120002".to_owned()).expect("header");
    let response = send(&transport(&server), request).await.expect("third attempt succeeds");
    assert_eq!(response.body, json!({"ok": true}));
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 3);
    for attempt in &received {
        let key = attempt.headers.get("x-idempotency-key").and_then(|v| v.to_str().ok());
        assert_eq!(key, Some("47bf8872-46fe-11ee-be56-0242ac120002"));
        assert_eq!(attempt.body, br#"{"order_amount":10.5}"#);
        assert_eq!(attempt.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
    }
}

#[tokio::test]
async fn every_request_names_the_crate_in_its_user_agent() {
    let server = MockServer::start().await;
    failing_then_ok(&server, 0).await;
    let user_agent = reqwest::Client::builder().user_agent("someone-else/1.0").build().expect("client");
    let transport = Transport::new(&server.uri(), &Config::default().http_client(user_agent)).expect("transport");
    send(&transport, order_request()).await.expect("ok");
    let received = server.received_requests().await.expect("recorded");
    let agent = received[0].headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(agent, concat!("cashfree-pg/", env!("CARGO_PKG_VERSION")));
}
