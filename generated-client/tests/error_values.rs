//! Errors built in a consumer's unit test behave like the ones the client returns: status, request id,
//! body, retry rule, and text.

use cashfree_pg::ResponseMeta;
use cashfree_pg::reqwest::StatusCode;
use cashfree_pg::reqwest::header::{HeaderMap, HeaderValue};
use cashfree_pg::runtime::{Repeatable, TransportKind};
use cashfree_pg::v2025_01_01::{ApiError404, Error, ErrorBody};

fn meta(status: u16) -> ResponseMeta {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_static("req-1"));
    ResponseMeta::new(StatusCode::from_u16(status).expect("status"), headers)
}

#[test]
fn each_variant_can_be_built_for_a_test() {
    let body: ApiError404 = serde_json::from_value(serde_json::json!({"message": "no such card"})).expect("body");
    let err = Error::api("PGCustomerFetchInstrument", meta(404), ErrorBody::ApiError404(body));
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.request_id(), Some("req-1"));
    assert!(matches!(err.body(), Some(ErrorBody::ApiError404(b)) if b.message.as_deref() == Some("no such card")));
    assert!(!err.is_retryable());
    assert_eq!(err.to_string(), "PGCustomerFetchInstrument: the server answered 404 Not Found (x-request-id req-1)");

    let err = Error::unexpected_status("PGCustomerDeleteInstrument", meta(500), "<html>boom</html>");
    assert!(err.is_retryable(), "a 500 of a request safe to repeat");
    assert!(!err.with_repeatable(Repeatable::No).is_retryable(), "a 500 of a DELETE without a key");

    let err = Error::decode("PGCustomerFetchInstruments", meta(200), "[0].instrument_id", "invalid type");
    assert!(err.to_string().contains("does not decode at `[0].instrument_id`"), "{err}");

    let err = Error::transport("PGCustomerFetchInstruments", TransportKind::Connect, "connection refused");
    assert!(err.is_retryable() && err.status().is_none());
    assert!(err.to_string().contains("could not connect"), "{err}");

    let err = Error::redirect("PGCustomerFetchInstruments", meta(302), Some("https://elsewhere.example".to_owned()));
    assert!(!err.is_retryable());
    assert_eq!(ResponseMeta::for_status(StatusCode::OK).status, StatusCode::OK);
}
