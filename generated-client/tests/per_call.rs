//! Settings of one call (`with_config` on a request builder) and the blocking client (feature `blocking`):
//! a call's own retries, deadline, connect timeout and HTTP client replace the client's for that call only,
//! and the blocking client sends through the same code as the async one.

use std::time::Duration;

use cashfree_pg::v2025_01_01::mock::{MockServer, test_credentials};
use cashfree_pg::v2025_01_01::{Client, Environment, InstrumentEntity};
use cashfree_pg::{Config, RetryPolicy, runtime};
use serde_json::json;

fn instrument(id: &str) -> InstrumentEntity {
    serde_json::from_value(json!({"instrument_id": id, "customer_id": "c1", "instrument_type": "card"})).expect("body")
}

fn retries() -> Config {
    Config::default().retry(RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5)))
}

fn busy() -> serde_json::Value {
    json!({"message": "try later", "code": "busy", "type": "api_error"})
}

#[tokio::test]
async fn with_config_retries_that_call_and_no_other() {
    let server = MockServer::start().await;
    server.pg_customer_fetch_instrument().responds(503, busy()).times(1).await;
    server.pg_customer_fetch_instrument().returns(instrument("i1")).times(1).await;
    server.pg_customer_fetch_instrument().responds(503, busy()).times(1).await;
    server.pg_customer_fetch_instrument().returns(instrument("i2")).await;
    let client = server.client();

    let retried = client.pg_customer_fetch_instrument("c1", "i1").with_config(retries()).send().await.expect("retried");
    assert_eq!(retried.body.instrument_id.as_deref(), Some("i1"));
    // The client itself does not retry: the next 503 is the answer.
    let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("no retries");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert_eq!(server.pg_customer_fetch_instrument_received().await.len(), 3);
}

#[tokio::test]
async fn with_config_without_retries_overrides_a_retrying_client() {
    let server = MockServer::start().await;
    server.pg_customer_fetch_instrument().responds(503, busy()).times(1).await;
    server.pg_customer_fetch_instrument().returns(instrument("i1")).await;
    let client = Client::with_config(server.environment(), test_credentials(), retries()).expect("client");
    let probe = client.pg_customer_fetch_instrument("c1", "i1").with_config(Config::default()).send().await;
    assert_eq!(probe.expect_err("one attempt").status().map(|s| s.as_u16()), Some(503));
    client.pg_customer_fetch_instrument("c1", "i1").send().await.expect("the client's own retries still apply");
}

#[tokio::test]
async fn with_config_gives_that_call_its_own_timeout() {
    let server = wiremock::MockServer::start().await;
    let slow = wiremock::ResponseTemplate::new(200)
        .set_body_json(json!({"instrument_id": "i1"}))
        .set_delay(Duration::from_millis(400));
    wiremock::Mock::given(wiremock::matchers::any()).respond_with(slow).mount(&server).await;
    let environment = Environment::Custom(server.uri().parse().expect("url"));
    let client = Client::new(environment, test_credentials()).expect("client");

    let hurried = Config::default().timeout(Some(Duration::from_millis(50)));
    let err = client.pg_customer_fetch_instrument("c1", "i1").with_config(hurried).send().await.expect_err("timeout");
    assert!(
        matches!(err, runtime::Error::Transport { kind: runtime::TransportKind::Timeout, .. }),
        "the call's timeout: {err:?}"
    );
    let deadline = Config::default().operation_timeout(Some(Duration::from_millis(50)));
    let err = client.pg_customer_fetch_instrument("c1", "i1").with_config(deadline).send().await.expect_err("deadline");
    assert!(matches!(err, runtime::Error::Transport { kind: runtime::TransportKind::Timeout, .. }), "{err:?}");
    client.pg_customer_fetch_instrument("c1", "i1").send().await.expect("the client's 30 s timeout");
}

#[tokio::test]
async fn with_config_sends_with_its_connect_timeout_or_its_http_client() {
    let server = MockServer::start().await;
    server.pg_customer_fetch_instrument().returns(instrument("i1")).await;
    let client = server.client();
    for _ in 0..2 {
        let patient = Config::default().connect_timeout(Duration::from_secs(3));
        client.pg_customer_fetch_instrument("c1", "i1").with_config(patient).send().await.expect("own connect timeout");
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("a-service/1")
        .build()
        .expect("http client");
    let own = Config::default().http_client(http);
    client.pg_customer_fetch_instrument("c1", "i1").with_config(own).send().await.expect("own HTTP client");
    assert_eq!(server.pg_customer_fetch_instrument_received().await.len(), 3);
}

#[test]
fn with_config_is_shown_by_the_builder_debug_without_secrets() {
    let client = Client::new(Environment::Sandbox, test_credentials()).expect("client");
    let call = client.pg_customer_fetch_instrument("c1", "i1").with_config(retries());
    let shown = format!("{call:?}");
    assert!(shown.contains("max_attempts: 3"), "{shown}");
    assert!(!shown.contains("mock-client_secret-0"), "{shown}");
}

/// A server started on a runtime the test owns: the blocking client runs its calls on its own.
fn serve(stub: impl AsyncFnOnce(&MockServer)) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        stub(&server).await;
        server
    });
    (runtime, server)
}

#[test]
fn the_blocking_client_sends_from_a_plain_test() {
    let (_runtime, server) = serve(async |server| {
        server.pg_customer_fetch_instruments().customer_id("c1").returns(vec![]).await;
        server.pg_customer_fetch_instrument().returns(instrument("i1")).await;
    });
    let client = server.blocking_client();
    let listed = client.pg_customer_fetch_instruments("c1").request_id("r-1").send().expect("200");
    assert!(listed.body.is_empty());
    assert_eq!(listed.meta.request_id.as_deref(), Some("r-1"));
    let one = client.pg_customer_fetch_instrument("c1", "i1").send().expect("200");
    assert_eq!(one.body.instrument_id.as_deref(), Some("i1"));
    let err = client.pg_customer_delete_instrument("c1", "i1").send().expect_err("unstubbed");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(501));
}

#[test]
fn the_blocking_client_retries_masks_and_takes_a_call_config() {
    let (_runtime, server) = serve(async |server| {
        server.pg_customer_fetch_instrument().responds(503, busy()).times(1).await;
        server.pg_customer_fetch_instrument().returns(instrument("i1")).times(1).await;
        server.pg_customer_fetch_instrument().responds(503, busy()).times(1).await;
        let echoed = json!({"message": "card 4111111111111111 declined", "code": "card_declined"});
        server.pg_customer_instruments_fetch_cryptogram().responds(400, echoed).await;
    });
    let client =
        cashfree_pg::v2025_01_01::blocking::Client::with_config(server.environment(), test_credentials(), retries())
            .expect("client");
    client.pg_customer_fetch_instrument("c1", "i1").send().expect("retried by the client's config");
    let err = client.pg_customer_fetch_instrument("c1", "i1").with_config(Config::default()).send().expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let err = client.pg_customer_instruments_fetch_cryptogram("c1", "i1").send().expect_err("400");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("4111111111111111"), "{shown}");
    assert!(shown.contains("card_declined"), "{shown}");
    let client_shown = format!("{client:?}");
    assert!(!client_shown.contains("mock-client_secret-0"), "{client_shown}");
    assert_eq!(client.base_url(), client.as_async().base_url());
}
