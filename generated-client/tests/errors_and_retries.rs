//! The runtime under everything a server can do, for every operation of both versions, on 127.0.0.1:
//! declared error statuses decode into their `ErrorBody` variant with metadata; an undeclared status keeps
//! its body; malformed and truncated bodies are decode errors with a path and no card data; timeouts and
//! refused connections are transport errors; retries follow the policy; `Debug` never shows a secret.

mod common;

use std::time::{Duration, Instant};

use cashfree_pg::runtime::{self, TransportKind};
use cashfree_pg::{Config, RetryPolicy};
use common::{assert_metadata, base_url, declared_errors, spec, with_metadata};
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRETS: [&str; 4] = ["s3cret-value", "partner-key-value", "signature-value", "4491365621601472"];

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "a secret leaked into: {text}");
    }
}

/// The tests every version runs; `call`, `ErrorBody`, `Client`, `Credentials`, `Environment` and `VERSION`
/// come from the module that invokes it.
macro_rules! suite {
    () => {
        /// The schema an `ErrorBody` variant holds, by name: both versions declare the same eight.
        fn variant_name(body: &ErrorBody) -> &'static str {
            match body {
                ErrorBody::BadRequestError(_) => "BadRequestError",
                ErrorBody::AuthenticationError(_) => "AuthenticationError",
                ErrorBody::ApiError404(_) => "ApiError404",
                ErrorBody::ApiError409(_) => "ApiError409",
                ErrorBody::IdempotencyError(_) => "IdempotencyError",
                ErrorBody::RateLimitError(_) => "RateLimitError",
                ErrorBody::ApiError(_) => "ApiError",
                ErrorBody::ApiError502(_) => "ApiError502",
                // `ErrorBody` is `non_exhaustive`: a schema a later spec adds is no break.
                _ => "another",
            }
        }

        fn client_with(server: &MockServer, config: Config) -> Client {
            let credentials = Credentials::client_id_client_secret("app-id", "s3cret-value");
            Client::with_config(Environment::Custom(base_url(server)), credentials, config).expect("client")
        }

        fn client(server: &MockServer) -> Client {
            client_with(server, Config::default())
        }

        /// The suite calls each operation of the Token Vault by hand (`call`); what it checks (every declared
        /// error status decoded, retries, masking) holds for the other tags' operations through the same
        /// generated decoders and runtime, whose every operation the typed mock and the wire tests reach.
        #[test]
        fn the_suite_knows_every_operation_of_the_token_vault() {
            let spec = spec(VERSION);
            let mut in_spec: Vec<String> = Vec::new();
            for item in spec["paths"].as_object().expect("paths").values() {
                for op in item.as_object().expect("path item").values() {
                    let tagged = op["tags"].as_array().is_some_and(|tags| tags.iter().any(|t| t == "Token Vault"));
                    if let (true, Some(id)) = (tagged, op["operationId"].as_str()) {
                        in_spec.push(id.to_owned());
                    }
                }
            }
            in_spec.sort();
            let mut known: Vec<String> = OPERATIONS.iter().map(|s| s.to_string()).collect();
            known.sort();
            assert_eq!(in_spec, known);
        }

        #[tokio::test]
        async fn every_declared_error_status_decodes_into_its_variant_with_metadata() {
            let server = MockServer::start().await;
            let client = client(&server);
            let mut checked = 0;
            for declared in declared_errors(&spec(VERSION)).into_iter().filter(|d| OPERATIONS.contains(&d.id.as_str())) {
                let (op, verb) = (declared.id, declared.method);
                for common::DeclaredError { status, schema, example } in declared.errors {
                    server.reset().await;
                    Mock::given(method(verb.as_str()))
                        .respond_with(with_metadata(ResponseTemplate::new(status).set_body_json(&example)))
                        .expect(1)
                        .mount(&server)
                        .await;
                    let err = call(&client, &op).await.expect_err("an error status");
                    let failure = match &err {
                        runtime::Error::Api(failure) => failure,
                        other => panic!("{op} {status}: expected a declared error, got {other:?}"),
                    };
                    assert_eq!(variant_name(&failure.body), schema, "{op} {status}");
                    assert_eq!(failure.operation, op);
                    assert_metadata(&failure.meta, status);
                    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
                    assert_eq!(err.request_id(), Some("req-meta-1"));
                    // The retry rule: 429 for every method; other 5xx only for methods safe to repeat.
                    let safe_method = matches!(verb.as_str(), "GET" | "HEAD" | "OPTIONS");
                    assert_eq!(err.is_retryable(), status == 429 || (status >= 500 && safe_method), "{op} {status}");
                    assert!(err.to_string().contains(&format!("{op}: the server answered {status}")), "{err}");
                    checked += 1;
                }
            }
            assert!(checked >= 30, "only {checked} statuses checked");
        }

        #[tokio::test]
        async fn an_api_error_says_what_went_wrong_with_cashfree_s_code_type_and_message() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(404).insert_header("x-request-id", "req-404-7").set_body_json(json!({
                        "message": "instrument for card 4111111111111111 does not exist",
                        "code": "instrument_not_found",
                        "type": "invalid_request_error"
                    })),
                )
                .mount(&server)
                .await;
            let err = call(&client(&server), "PGCustomerFetchInstrument").await.expect_err("404");
            let shown = format!("{err}");
            for part in ["PGCustomerFetchInstrument", "404", "instrument_not_found", "invalid_request_error", "does not exist", "req-404-7"] {
                assert!(shown.contains(part), "{part} missing: {shown}");
            }
            assert!(!shown.contains("4111111111111111"), "card numbers are masked: {shown}");
        }

        #[tokio::test]
        async fn an_undeclared_status_keeps_the_raw_body() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(418).set_body_string("short and stout"))
                .mount(&server)
                .await;
            let err = call(&client(&server), "PGCustomerInstrumentsFetchCryptogram").await.expect_err("418");
            match &err {
                runtime::Error::UnexpectedStatus(failure) => {
                    assert_eq!(failure.body, "short and stout");
                    assert_eq!(failure.meta.status, 418);
                }
                other => panic!("expected an undeclared status, got {other:?}"),
            }
            assert!(!err.is_retryable());
        }

        #[tokio::test]
        async fn a_body_of_the_wrong_shape_is_a_decode_error_with_its_path_and_no_card_data() {
            let server = MockServer::start().await;
            let body = json!({"instrument_id": 7, "card_number": "4491365621601472", "cryptogram": "AQBBBBBBZatIlaIAmWKSghwBBBB="});
            Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
            let err = call(&client(&server), "PGCustomerInstrumentsFetchCryptogram").await.expect_err("decode");
            match &err {
                runtime::Error::Decode(failure) => {
                    assert_eq!(failure.path, "instrument_id");
                    assert!(failure.message.contains("invalid type"), "{}", failure.message);
                    assert!(failure.excerpt.contains("\"card_number\":\"<redacted>\""), "{}", failure.excerpt);
                    assert!(!failure.excerpt.contains("AQBBBBBB"), "{}", failure.excerpt);
                }
                other => panic!("expected a decode error, got {other:?}"),
            }
            assert_no_secret(&format!("{err} {err:?}"));
        }

        #[tokio::test]
        async fn a_truncated_body_is_a_decode_error_without_card_data() {
            let server = MockServer::start().await;
            let cut = r#"{"instrument_id":"i1","card_number":"4491365621601472","cryptogram":"AQBBBBBBZa"#;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_raw(cut, "application/json"))
                .mount(&server)
                .await;
            let err = call(&client(&server), "PGCustomerInstrumentsFetchCryptogram").await.expect_err("truncated");
            match &err {
                runtime::Error::Decode(failure) => {
                    assert!(failure.message.contains("EOF"), "{}", failure.message);
                    assert!(failure.excerpt.contains("\"instrument_id\":\"i1\""), "{}", failure.excerpt);
                    assert!(!failure.excerpt.contains("AQBBBBBBZa"), "{}", failure.excerpt);
                }
                other => panic!("expected a decode error, got {other:?}"),
            }
            assert_no_secret(&format!("{err} {err:?}"));
        }

        #[tokio::test]
        async fn a_slow_server_is_a_timeout() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_secs(5)))
                .mount(&server)
                .await;
            let config = Config::default().timeout(Some(Duration::from_millis(200)));
            let err = call(&client_with(&server, config), "PGCustomerFetchInstrument").await.expect_err("timeout");
            assert!(matches!(err, runtime::Error::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");
            assert!(err.is_retryable());
            assert!(err.to_string().contains("timed out"), "{err}");
        }

        #[tokio::test]
        async fn a_refused_connection_is_a_connect_error() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            let port = listener.local_addr().expect("addr").port();
            drop(listener);
            let url = url::Url::parse(&format!("http://127.0.0.1:{port}/pg")).expect("url");
            let credentials = Credentials::client_id_client_secret("app-id", "s3cret-value");
            let client = Client::with_config(Environment::Custom(url), credentials, Config::default()).expect("client");
            let err = call(&client, "PGCustomerFetchInstrument").await.expect_err("refused");
            assert!(matches!(err, runtime::Error::Transport { kind: TransportKind::Connect, .. }), "{err:?}");
            assert_no_secret(&format!("{err} {err:?}"));
        }

        #[tokio::test]
        async fn a_failed_tls_handshake_is_a_connect_error() {
            // A plain-HTTP server spoken to over https: the TLS handshake fails before any request is sent.
            let server = MockServer::start().await;
            let url = url::Url::parse(&server.uri().replace("http://", "https://")).expect("url");
            let credentials = Credentials::client_id_client_secret("app-id", "s3cret-value");
            let client = Client::with_config(Environment::Custom(url), credentials, Config::default()).expect("client");
            let err = call(&client, "PGCustomerFetchInstrument").await.expect_err("no TLS there");
            assert!(matches!(err, runtime::Error::Transport { kind: TransportKind::Connect, .. }), "{err:?}");
            assert!(err.is_retryable());
            assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
            assert_no_secret(&format!("{err} {err:?}"));
        }

        #[tokio::test]
        async fn server_errors_are_retried_up_to_the_policy_then_succeed() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom", "type": "api_error"})))
                .up_to_n_times(2)
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"instrument_id": "i1"})))
                .mount(&server)
                .await;
            let policy = RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5));
            let client = client_with(&server, Config::default().retry(policy));
            call(&client, "PGCustomerInstrumentsFetchCryptogram").await.expect("third attempt succeeds");
            assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
        }

        #[tokio::test]
        async fn retries_stop_at_max_attempts_and_client_errors_are_not_retried() {
            let server = MockServer::start().await;
            Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
            let policy = RetryPolicy::exponential(4).initial_delay(Duration::from_millis(5));
            let client = client_with(&server, Config::default().retry(policy));
            let err = call(&client, "PGCustomerFetchInstrument").await.expect_err("always 503");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
            assert_eq!(server.received_requests().await.map(|r| r.len()), Some(4));

            server.reset().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(400).set_body_json(json!({"message": "bad", "type": "invalid_request_error"})))
                .mount(&server)
                .await;
            let err = call(&client, "PGCustomerFetchInstrument").await.expect_err("400");
            assert!(!err.is_retryable());
            assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
        }

        #[tokio::test]
        async fn a_rate_limited_request_waits_at_least_x_ratelimit_retry() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(429)
                        .insert_header("x-ratelimit-retry", "1")
                        .set_body_json(json!({"message": "slow down", "type": "rate_limit_error"})),
                )
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
            let policy = RetryPolicy::exponential(2).initial_delay(Duration::from_millis(1)).jitter(false);
            let client = client_with(&server, Config::default().retry(policy));
            let started = Instant::now();
            call(&client, "PGCustomerFetchInstrument").await.expect("second attempt succeeds");
            assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
            assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
        }

        #[tokio::test]
        async fn a_header_value_that_cannot_be_sent_is_an_argument_error_naming_the_header() {
            let server = MockServer::start().await;
            let err = client(&server)
                .pg_customer_fetch_instrument("c1", "i1")
                .request_id("line\nbreak")
                .send()
                .await
                .expect_err("invalid header");
            assert!(matches!(err, runtime::Error::InvalidArgument { .. }), "{err:?}");
            assert!(err.to_string().contains("header `x-request-id`"), "{err}");
            assert!(!err.to_string().contains("line"), "{err}");
        }

        #[tokio::test]
        async fn debug_of_config_credentials_client_requests_and_errors_shows_no_secret() {
            let alternatives = [
                Credentials::client_id_client_secret("app-id", "s3cret-value"),
                Credentials::client_id_partner_api_key("app-id", "partner-key-value"),
                Credentials::client_id_client_signature("app-id", "signature-value"),
                Credentials::partner_merchant_id_partner_api_key("merchant", "partner-key-value"),
            ];
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(header("x-client-secret", "s3cret-value"))
                .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "authentication Failed", "code": "request_failed", "type": "authentication_error"})))
                .mount(&server)
                .await;
            for credentials in alternatives {
                let config = Config::default().retry(RetryPolicy::exponential(2));
                assert_no_secret(&format!("{credentials:?} {config:?}"));
                let client = Client::with_config(Environment::Custom(base_url(&server)), credentials, config).expect("client");
                assert_no_secret(&format!("{client:?}"));
                let request = client.pg_customer_instruments_fetch_cryptogram("c1", "i1").request_id("r1");
                assert_no_secret(&format!("{request:?}"));
                if let Err(err) = request.send().await {
                    assert_no_secret(&format!("{err} {err:?}"));
                }
            }
        }
    };
}

mod v2025 {
    use super::*;
    use cashfree_pg::ResponseMeta;
    use cashfree_pg::v2025_01_01::{Client, Credentials, Environment, Error, ErrorBody};

    const VERSION: &str = "2025-01-01";
    const OPERATIONS: [&str; 4] = [
        "PGCustomerFetchInstruments",
        "PGCustomerFetchInstrument",
        "PGCustomerDeleteInstrument",
        "PGCustomerInstrumentsFetchCryptogram",
    ];

    async fn call(client: &Client, op: &str) -> Result<ResponseMeta, Error> {
        match op {
            "PGCustomerFetchInstruments" => client.pg_customer_fetch_instruments("c1").send().await.map(|r| r.meta),
            "PGCustomerFetchInstrument" => client.pg_customer_fetch_instrument("c1", "i1").send().await.map(|r| r.meta),
            "PGCustomerDeleteInstrument" => {
                client.pg_customer_delete_instrument("c1", "i1").send().await.map(|r| r.meta)
            }
            "PGCustomerInstrumentsFetchCryptogram" => {
                client.pg_customer_instruments_fetch_cryptogram("c1", "i1").send().await.map(|r| r.meta)
            }
            other => panic!("no call for {other}"),
        }
    }

    suite!();

    #[tokio::test]
    async fn fetch_all_declares_no_502_so_a_502_is_undeclared() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
            .mount(&server)
            .await;
        let err = call(&client(&server), "PGCustomerFetchInstruments").await.expect_err("502");
        assert!(matches!(err, runtime::Error::UnexpectedStatus(_)), "{err:?}");
        assert!(err.is_retryable());
    }
}

mod v2023 {
    use super::*;
    use cashfree_pg::ResponseMeta;
    use cashfree_pg::v2023_08_01::{Client, Credentials, Environment, Error, ErrorBody};

    const VERSION: &str = "2023-08-01";
    const OPERATIONS: [&str; 4] = [
        "PGCustomerFetchInstruments",
        "PGCustomerFetchInstrument",
        "PGCustomerDeleteInstrument",
        "PGCustomerInstrumentsFetchCryptogram",
    ];

    async fn call(client: &Client, op: &str) -> Result<ResponseMeta, Error> {
        match op {
            "PGCustomerFetchInstruments" => {
                client.pg_customer_fetch_instruments("c1", "card").send().await.map(|r| r.meta)
            }
            "PGCustomerFetchInstrument" => client.pg_customer_fetch_instrument("c1", "i1").send().await.map(|r| r.meta),
            "PGCustomerDeleteInstrument" => {
                client.pg_customer_delete_instrument("c1", "i1").send().await.map(|r| r.meta)
            }
            "PGCustomerInstrumentsFetchCryptogram" => {
                client.pg_customer_instruments_fetch_cryptogram("c1", "i1").send().await.map(|r| r.meta)
            }
            other => panic!("no call for {other}"),
        }
    }

    suite!();
}
