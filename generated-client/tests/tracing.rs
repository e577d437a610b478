//! Tracing: a call is one span and one event per attempt, with the operationId, method, path template,
//! status, attempt and `x-request-id`, and never a credential, an id from the path, a query value, a body
//! or card data.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{Client, Credentials};
use cashfree_pg::{Config, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

/// Everything the subscriber writes, to read back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

fn subscriber(captured: &Captured) -> impl tracing::Subscriber + Send + Sync {
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
}

/// Tracing decides per call site whether anyone listens; tests of one binary that set subscribers of their
/// own, in parallel, could race. So this binary has one test, which runs the cases in turn.
#[tokio::test]
async fn traces() {
    a_call_is_one_span_with_its_attempts_and_no_secret().await;
    a_failed_call_is_traced_by_its_kind_not_its_message().await;
}

async fn a_call_is_one_span_with_its_attempts_and_no_secret() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(subscriber(&captured));
    let server = MockServer::start().await;
    // A first attempt that the server turns away, then the stub.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-request-id", "req-limited")
                .set_body_json(json!({"message": "card 4111111111111111"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server.wiremock())
        .await;
    let body = json!([{"instrument_id": "i1", "instrument_meta": {"card_number": "4111111111111111"}}]);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-request-id", "req-traced-7").set_body_json(&body))
        .with_priority(2)
        .mount(server.wiremock())
        .await;
    let config =
        Config::default().retry(RetryPolicy::exponential(2).initial_delay(Duration::from_millis(5)).jitter(false));
    let credentials = Credentials::client_id_client_secret("app-id-value", "s3cret-value");
    let client = Client::with_config(server.environment(), credentials, config).expect("client");
    client.pg_customer_fetch_instruments("customer-secret-id").request_id("caller-request").send().await.expect("200");

    let text = captured.text();
    for expected in [
        "PGCustomerFetchInstruments",
        "GET /customers/{customer_id}/instruments",
        "url.template",
        "http.response.status_code=200",
        "http.response.status_code=429",
        "http.request.resend_count=1",
        "req-traced-7",
        "cashfree.attempts=2",
    ] {
        assert!(text.contains(expected), "`{expected}` is not in the trace:\n{text}");
    }
    for secret in [
        "s3cret-value",
        "app-id-value",
        "customer-secret-id",
        "4111111111111111",
        "instrument_meta",
        "card=",
        "caller-request",
    ] {
        assert!(!text.contains(secret), "`{secret}` leaked into the trace:\n{text}");
    }
}

/// The one test of this binary that traces (see the note on the one above).
async fn a_failed_call_is_traced_by_its_kind_not_its_message() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(subscriber(&captured));
    let server = MockServer::start().await;
    let err = server.client().pg_customer_delete_instrument("c1", "i1").send().await.expect_err("unstubbed");
    assert!(err.to_string().contains("PGCustomerDeleteInstrument"));
    let text = captured.text();
    assert!(text.contains("cashfree call failed") && text.contains("http.response.status_code=501"), "{text}");
    assert!(!text.contains("no stub for"), "the server's message must not be traced:\n{text}");
}
