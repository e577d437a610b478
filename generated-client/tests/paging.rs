//! Cursor pagination on the wire: `pages()` and `items()` of a reconciliation list against a mock server on
//! 127.0.0.1. Each next request carries the previous page's cursor in `pagination.cursor` and keeps every
//! other field; the list ends at a page without a cursor, at an empty page, at a cursor that does not move,
//! and after a failed page; each page is retried as a single call is.

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use cashfree_pg::v2025_01_01::{
    Client, Credentials, Environment, FetchReconRequest, FetchReconRequestFilters, VendorReconRequestPagination,
};
use cashfree_pg::{Config, RetryPolicy};
use futures_core::Stream;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The next item of a stream.
async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

fn client(server: &MockServer) -> Client {
    let retries = RetryPolicy::exponential(3).initial_delay(Duration::from_millis(5));
    let base = server.uri().parse().expect("url");
    Client::with_config(
        Environment::Custom(base),
        Credentials::client_id_client_secret("id", "secret"),
        Config::default().retry(retries),
    )
    .expect("client")
}

fn request() -> FetchReconRequest {
    FetchReconRequest::new(
        VendorReconRequestPagination::new().limit(2),
        FetchReconRequestFilters::new().start_date("2025-01-01T00:00:00Z").end_date("2025-01-31T23:59:59Z"),
    )
}

/// Matches a request whose body's `pagination.cursor` is `cursor` (`None`: absent or null).
struct Cursor(Option<&'static str>);

impl Match for Cursor {
    fn matches(&self, request: &Request) -> bool {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        body["pagination"]["cursor"].as_str() == self.0
    }
}

fn page(cursor: Option<&str>, ids: &[&str]) -> ResponseTemplate {
    let data: Vec<Value> = ids.iter().map(|id| json!({"event_id": id, "event_type": "PAYMENT"})).collect();
    ResponseTemplate::new(200).set_body_json(json!({"cursor": cursor, "limit": 2, "data": data}))
}

/// Serves `pages` in turn: the request with cursor `asked` gets `answer`. Every request must keep the
/// filters and the limit.
async fn serve(server: &MockServer, pages: Vec<(Option<&'static str>, ResponseTemplate)>) {
    let kept = json!({
        "pagination": {"limit": 2},
        "filters": {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-01-31T23:59:59Z"}
    });
    for (asked, answer) in pages {
        Mock::given(method("POST"))
            .and(path("/recon"))
            .and(body_partial_json(kept.clone()))
            .and(Cursor(asked))
            .respond_with(answer)
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn items_follow_the_cursor_over_three_pages_keeping_the_filters() {
    let server = MockServer::start().await;
    serve(
        &server,
        vec![
            (None, page(Some("c2"), &["e1", "e2"])),
            (Some("c2"), page(Some("c3"), &["e3", "e4"])),
            (Some("c3"), page(None, &["e5"])),
        ],
    )
    .await;
    let client = client(&server);
    let mut items = client.pg_fetch_recon(request()).items();
    let mut ids = Vec::new();
    while let Some(item) = next(&mut items).await {
        ids.push(item.expect("item").event_id.expect("id"));
    }
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
}

#[tokio::test]
async fn pages_end_at_an_empty_cursor_an_empty_page_or_a_cursor_that_does_not_move() {
    for last in [page(Some(""), &["e3"]), page(Some("c9"), &[]), page(Some("c2"), &["e3"])] {
        let server = MockServer::start().await;
        serve(&server, vec![(None, page(Some("c2"), &["e1", "e2"])), (Some("c2"), last)]).await;
        let client = client(&server);
        let mut pages = client.pg_fetch_recon(request()).pages();
        let first = next(&mut pages).await.expect("a first page").expect("ok");
        assert_eq!(first.body.cursor.as_deref(), Some("c2"));
        assert!(next(&mut pages).await.expect("a second page").is_ok());
        assert!(next(&mut pages).await.is_none(), "no third request");
    }
}

#[tokio::test]
async fn a_page_is_retried_like_a_call_and_a_failed_page_ends_the_list() {
    let server = MockServer::start().await;
    // The second page fails once with 503, then answers: retried as a keyed single call is.
    Mock::given(method("POST"))
        .and(path("/recon"))
        .and(Cursor(Some("c2")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    serve(&server, vec![(None, page(Some("c2"), &["e1"])), (Some("c2"), page(Some("c3"), &["e2"]))]).await;
    Mock::given(method("POST"))
        .and(path("/recon"))
        .and(Cursor(Some("c3")))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"message": "bad cursor", "code": "cursor_invalid", "type": "invalid_request_error"}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut items = client.pg_fetch_recon(request()).idempotency_key("recon-jan").items();
    assert_eq!(next(&mut items).await.expect("e1").expect("ok").event_id.as_deref(), Some("e1"));
    assert_eq!(next(&mut items).await.expect("e2").expect("retried").event_id.as_deref(), Some("e2"));
    let err = next(&mut items).await.expect("the failed page").expect_err("400");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert!(next(&mut items).await.is_none(), "the list ends after a failed page");
}
