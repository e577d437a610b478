//! The traces of a call, captured as a service would see them: the operationId, status and request id are
//! there, and no credential or id from the path. (A test binary of its own: tracing decides per call site
//! whether anyone listens, and other tests running without a subscriber would race with this one.)

use std::io::Write;
use std::sync::{Arc, Mutex};

use card_service::saved_card_ids;
use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{Client, Credentials, InstrumentEntityForAllSavedCard};

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

#[tokio::test]
async fn a_call_shows_in_the_service_traces_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let card: InstrumentEntityForAllSavedCard =
        serde_json::from_value(serde_json::json!({"instrument_id": "i1"})).expect("card");
    server.pg_customer_fetch_instruments().returns(vec![card]).await;
    let credentials = Credentials::client_id_client_secret("svc-app-id", "svc-s3cret");
    let client = Client::new(server.environment(), credentials).expect("client");
    saved_card_ids(&client, "cust-secret-77").await.expect("listed");

    let text = String::from_utf8_lossy(&captured.0.lock().expect("lock")).into_owned();
    for expected in ["PGCustomerFetchInstruments", "http.response.status_code=200", "cashfree.request_id=\"mock\""] {
        assert!(text.contains(expected), "`{expected}` is not in the trace:\n{text}");
    }
    for secret in ["svc-s3cret", "svc-app-id", "cust-secret-77"] {
        assert!(!text.contains(secret), "`{secret}` leaked into the trace:\n{text}");
    }
}
