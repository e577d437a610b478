//! The client's safety rules on the wire, for both versions: path parameters cannot leave their segment,
//! nothing follows a redirect to another host, retries are decided by what the server may have done (never
//! by whether a body decoded), a whole call has a deadline, card numbers a server echoes are masked, and a
//! body with a byte order mark decodes.

mod common;

use std::time::{Duration, Instant};

use cashfree_pg::runtime::{self, FailureClass, TransportKind};
use cashfree_pg::{Config, RetryPolicy};
use common::base_url;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Values that would move a path parameter out of its segment.
const TRAVERSALS: [&str; 8] = ["..", ".", "", "%2E%2E", ".%2e", "%2e", "%2E.", "%252e%252e"];

/// A body a load balancer sends, not JSON.
const GATEWAY_PAGE: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

fn no_retry_wait() -> RetryPolicy {
    RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5)).jitter(false)
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map(|r| r.len()).unwrap_or_default()
}

macro_rules! suite {
    () => {
        fn client_with(server: &MockServer, config: Config) -> Client {
            let credentials = Credentials::client_id_client_secret("app-id", "s3cret-value");
            Client::with_config(Environment::Custom(base_url(server)), credentials, config).expect("client")
        }

        #[tokio::test]
        async fn path_parameters_that_would_leave_their_segment_never_reach_the_server() {
            let server = MockServer::start().await;
            Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
            let client = client_with(&server, Config::default());
            for value in TRAVERSALS {
                let err = client.pg_customer_fetch_instrument("c1", value).send().await.expect_err(value);
                assert!(matches!(err, runtime::Error::InvalidArgument { .. }), "{value:?}: {err:?}");
                assert!(err.to_string().contains("path parameter `instrument_id`"), "{err}");
                let err = client.pg_customer_delete_instrument(value, "i1").send().await.expect_err(value);
                assert!(err.to_string().contains("path parameter `customer_id`"), "{err}");
                assert!(!err.is_retryable());
                let err = client.pg_customer_instruments_fetch_cryptogram("c1", value).send().await.expect_err(value);
                assert_eq!(err.failure_class(), FailureClass::Final);
            }
            assert_eq!(received(&server).await, 0);
            // Dots inside a value are one segment like any other text.
            client.pg_customer_fetch_instrument("c1", "a..b").send().await.expect("sent");
            let requests = server.received_requests().await.expect("recorded");
            assert_eq!(requests[0].url.path(), "/customers/c1/instruments/a..b");
        }

        #[tokio::test]
        async fn a_redirect_to_another_host_is_not_followed_and_carries_nothing_there() {
            let elsewhere = MockServer::start().await;
            Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&elsewhere).await;
            let server = MockServer::start().await;
            let target = format!("{}/customers/c1/instruments/i1", elsewhere.uri());
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(302).insert_header("location", target.as_str()))
                .mount(&server)
                .await;
            let policy = RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5));
            let client = client_with(&server, Config::default().retry(policy));
            let err = client.pg_customer_fetch_instrument("c1", "i1").idempotency_key("k1").send().await.expect_err("302");
            match &err {
                runtime::Error::Redirect(redirect) => {
                    assert_eq!(redirect.meta.status, 302);
                    assert_eq!(redirect.location.as_deref(), Some(target.as_str()));
                }
                other => panic!("expected a redirect error, got {other:?}"),
            }
            assert!(!err.is_retryable());
            assert_eq!(received(&elsewhere).await, 0, "nothing may reach the other host");
            assert_eq!(received(&server).await, 1);
        }

        #[tokio::test]
        async fn a_caller_client_that_follows_to_another_origin_gets_no_answer_from_there() {
            let elsewhere = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"instrument_id": "not-yours"})))
                .mount(&elsewhere)
                .await;
            let server = MockServer::start().await;
            let target = format!("{}/customers/c1/instruments/i1", elsewhere.uri());
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(307).insert_header("location", target.as_str()))
                .mount(&server)
                .await;
            let follows = reqwest::Client::builder().build().expect("http client");
            let client = client_with(&server, Config::default().http_client(follows));
            let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("refused");
            assert!(matches!(err, runtime::Error::Redirect(_)), "{err:?}");
        }

        #[tokio::test]
        async fn gateway_errors_that_are_not_json_are_retried_then_succeed() {
            for status in [429, 502, 503] {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .respond_with(ResponseTemplate::new(status).set_body_raw(GATEWAY_PAGE, "text/html"))
                    .up_to_n_times(2)
                    .with_priority(1)
                    .mount(&server)
                    .await;
                Mock::given(method("GET"))
                    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"instrument_id": "i1"})))
                    .mount(&server)
                    .await;
                let client = client_with(&server, Config::default().retry(no_retry_wait()));
                let response = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect("third attempt");
                assert_eq!(response.body.instrument_id.as_deref(), Some("i1"), "{status}");
                assert_eq!(received(&server).await, 3, "{status}");

                // Without retries the same answer is an error that says it may be retried.
                let once = client_with(&server, Config::default());
                server.reset().await;
                Mock::given(method("GET"))
                    .respond_with(ResponseTemplate::new(status).set_body_raw(GATEWAY_PAGE, "text/html"))
                    .mount(&server)
                    .await;
                let err = once.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("gateway page");
                assert!(err.is_retryable(), "{status}: {err:?}");
                assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            }
        }

        #[tokio::test]
        async fn a_delete_without_a_key_is_not_repeated_after_an_unknown_outcome() {
            let server = MockServer::start().await;
            Mock::given(method("DELETE"))
                .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom", "type": "api_error"})))
                .mount(&server)
                .await;
            let client = client_with(&server, Config::default().retry(no_retry_wait()));
            let err = client.pg_customer_delete_instrument("c1", "i1").send().await.expect_err("500");
            assert_eq!(err.failure_class(), FailureClass::Unknown);
            assert!(!err.is_retryable());
            assert_eq!(received(&server).await, 1, "a 500 on DELETE is sent once");

            // With an idempotency key the server deduplicates, so the same request is safe to repeat.
            server.reset().await;
            Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
            let err = client.pg_customer_delete_instrument("c1", "i1").idempotency_key("k1").send().await;
            assert!(err.is_err());
            assert_eq!(received(&server).await, 3, "a keyed DELETE is retried");

            // A timeout is an unknown outcome too.
            server.reset().await;
            Mock::given(method("DELETE"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_secs(2)))
                .mount(&server)
                .await;
            let slow = client_with(&server, Config::default().retry(no_retry_wait()).timeout(Some(Duration::from_millis(150))));
            let err = slow.pg_customer_delete_instrument("c1", "i1").send().await.expect_err("timeout");
            assert!(matches!(err, runtime::Error::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");
            assert!(!err.is_retryable());
            assert_eq!(received(&server).await, 1, "a timed-out DELETE is sent once");

            // 429 is turned away before acting: retried for DELETE too.
            server.reset().await;
            Mock::given(method("DELETE"))
                .respond_with(ResponseTemplate::new(429).set_body_json(json!({"message": "slow", "type": "rate_limit_error"})))
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
            client.pg_customer_delete_instrument("c1", "i1").send().await.expect("429 then 200");
            assert_eq!(received(&server).await, 2);
        }

        #[tokio::test]
        async fn a_503_with_a_retry_header_is_retried_for_delete() {
            let server = MockServer::start().await;
            Mock::given(method("DELETE"))
                .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
            let client = client_with(&server, Config::default().retry(no_retry_wait()));
            client.pg_customer_delete_instrument("c1", "i1").send().await.expect("503 with Retry-After then 200");
            assert_eq!(received(&server).await, 2);
        }

        #[tokio::test]
        async fn a_server_wait_longer_than_the_deadline_returns_at_once() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(429)
                        .insert_header("x-ratelimit-retry", "30")
                        .set_body_json(json!({"message": "slow down", "type": "rate_limit_error"})),
                )
                .mount(&server)
                .await;
            let config = Config::default().retry(no_retry_wait()).operation_timeout(Some(Duration::from_secs(2)));
            let client = client_with(&server, config);
            let started = Instant::now();
            let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("429");
            assert!(started.elapsed() < Duration::from_millis(500), "took {:?}", started.elapsed());
            assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
            assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
            assert_eq!(received(&server).await, 1);

            // Without a deadline, the policy's own cap on server waits applies.
            let config = Config::default()
                .retry(no_retry_wait().max_server_wait(Duration::from_secs(5)))
                .operation_timeout(None);
            let started = Instant::now();
            let err = client_with(&server, config).pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("429");
            assert!(started.elapsed() < Duration::from_millis(500), "took {:?}", started.elapsed());
            assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
        }

        #[tokio::test]
        async fn a_silent_server_is_bounded_by_the_deadline() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_secs(30)))
                .mount(&server)
                .await;
            let policy = RetryPolicy::exponential(10).initial_delay(Duration::from_millis(10)).jitter(false);
            let config = Config::default()
                .retry(policy)
                .timeout(Some(Duration::from_millis(300)))
                .operation_timeout(Some(Duration::from_secs(1)));
            let client = client_with(&server, config);
            let started = Instant::now();
            let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("silent");
            let elapsed = started.elapsed();
            assert!(matches!(err, runtime::Error::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");
            assert!(elapsed >= Duration::from_millis(700) && elapsed < Duration::from_millis(1400), "took {elapsed:?}");
            assert!(received(&server).await <= 4);
        }

        #[tokio::test]
        async fn a_card_number_in_an_error_message_is_masked_in_debug_and_display() {
            let server = MockServer::start().await;
            let message = "card 4111 1111 1111 1111 is not valid; ref 4111111111111111";
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(400)
                        .insert_header("x-request-id", "req-4111111111111111")
                        .set_body_json(json!({"message": message, "code": "card_invalid", "type": "invalid_request_error"})),
                )
                .mount(&server)
                .await;
            let client = client_with(&server, Config::default());
            let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("400");
            for text in [format!("{err}"), format!("{err:?}"), format!("{err:#?}"), format!("{:?}", err.body())] {
                assert!(!text.contains("4111 1111 1111 1111") && !text.contains("4111111111111111"), "{text}");
            }
            assert!(format!("{err:?}").contains("**** **** **** 1111"), "{err:?}");
            assert!(format!("{err}").contains("************1111"), "{err}");
            // The decoded field keeps the server's text for code that reads it.
            match err.body() {
                Some(ErrorBody::BadRequestError(body)) => assert_eq!(body.message.as_deref(), Some(message)),
                other => panic!("expected a bad request body, got {other:?}"),
            }

            // A body that is not JSON is masked in its excerpt too.
            server.reset().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(400).set_body_raw("card 4111111111111111 declined", "text/plain"))
                .mount(&server)
                .await;
            let err = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect_err("400");
            let text = format!("{err} {err:?}");
            assert!(!text.contains("4111111111111111") && text.contains("************1111"), "{text}");
        }

        #[tokio::test]
        async fn a_body_with_a_byte_order_mark_decodes() {
            let server = MockServer::start().await;
            let mut body = b"\xEF\xBB\xBF".to_vec();
            body.extend_from_slice(br#"{"instrument_id":"i1"}"#);
            Mock::given(method("GET"))
                .and(path("/customers/c1/instruments/i1"))
                .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                .mount(&server)
                .await;
            let client = client_with(&server, Config::default());
            let response = client.pg_customer_fetch_instrument("c1", "i1").send().await.expect("decodes");
            assert_eq!(response.body.instrument_id.as_deref(), Some("i1"));
        }
    };
}

mod v2025 {
    use super::*;
    use cashfree_pg::v2025_01_01::{Client, Credentials, Environment, ErrorBody};
    suite!();
}

mod v2023 {
    use super::*;
    use cashfree_pg::v2023_08_01::{Client, Credentials, Environment, ErrorBody};
    suite!();
}
