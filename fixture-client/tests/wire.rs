//! Fixture operations on the wire: multipart bodies, declared `Content-Type`/`Accept` parameters, fixed query
//! pairs from a path key, and callbacks that don't stop an operation from being generated.

use fixture_client::runtime::{Config, FilePart};
use fixture_client::{callbacks, fixed_query, multipart_upload};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn url(server: &MockServer) -> url::Url {
    url::Url::parse(&server.uri()).expect("url")
}

#[tokio::test]
async fn multipart_sends_one_part_per_field_and_one_content_type() {
    use multipart_upload::{Client, Credentials, Environment, requests::UploadDocumentForm};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/disputes/d1/documents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"document_id": 7})))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::with_config(Environment::Custom(url(&server)), Credentials::none(), Config::default()).expect("client");
    let form = UploadDocumentForm {
        file: FilePart::new("proof.pdf", b"%PDF-1.7 proof".to_vec()).mime("application/pdf"),
        doc_type: "Shipping Proof".into(),
        pages: Some("3".to_owned()),
        evidence: Some("see attached".into()),
    };
    let response = client.upload_document("d1", form).send().await.expect("upload");
    assert_eq!(response.body.document_id, Some(7));
    let received = server.received_requests().await.expect("recorded");
    let request = &received[0];
    let content_types: Vec<_> = request.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types.len(), 1, "{content_types:?}");
    let content_type = content_types[0].to_str().expect("text");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    assert_eq!(request.headers.get_all("accept").iter().count(), 1);
    let body = String::from_utf8_lossy(&request.body);
    for expected in [
        "name=\"file\"; filename=\"proof.pdf\"",
        "Content-Type: application/pdf",
        "%PDF-1.7 proof",
        "name=\"doc_type\"",
        "Shipping Proof",
        "name=\"pages\"",
        "name=\"evidence\"",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in {body}");
    }
}

#[tokio::test]
async fn a_path_key_query_is_sent_once_beside_the_declared_parameter() {
    use fixed_query::{Client, Credentials, Environment};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/i1/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["a", "b"])))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::with_config(Environment::Custom(url(&server)), Credentials::none(), Config::default()).expect("client");
    let items = client.list_items("i1").send().await.expect("list").into_body();
    assert_eq!(items, ["a", "b"]);
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received[0].url.query(), Some("flag=1&kind=card"));
}

#[tokio::test]
async fn an_operation_with_callbacks_is_still_generated() {
    use callbacks::{Client, Credentials, Environment, types::CreateOrderBody};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::with_config(Environment::Custom(url(&server)), Credentials::none(), Config::default()).expect("client");
    let body = CreateOrderBody::new().order_amount(10.0);
    client.create_order(body).send().await.expect("create order");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received[0].body, br#"{"order_amount":10.0}"#);
}

/// The next item of a stream.
async fn next<S: futures_core::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

/// Matches a request whose query has `name=value`, or no `name` at all when `value` is `None`.
struct QueryValue(&'static str, Option<&'static str>);

impl wiremock::Match for QueryValue {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let found = request.url.query_pairs().find(|(k, _)| k == self.0).map(|(_, v)| v.into_owned());
        found.as_deref() == self.1
    }
}

#[tokio::test]
async fn a_query_cursor_list_follows_next_cursor_while_has_more() {
    use fixture_client::cursor_pages::{Client, Credentials, Environment};
    let server = MockServer::start().await;
    for (asked, answer) in [
        (None, json!({"items": [{"event_id": "e1"}], "next_cursor": "n2", "has_more": true})),
        (Some("n2"), json!({"items": [{"event_id": "e2"}], "next_cursor": "n3", "has_more": false})),
    ] {
        Mock::given(method("GET"))
            .and(path("/events"))
            .and(QueryValue("limit", Some("1")))
            .and(QueryValue("cursor", asked))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client =
        Client::with_config(Environment::Custom(url(&server)), Credentials::none(), Config::default()).expect("client");
    let mut items = client.list_events().limit(1).items();
    let mut ids = Vec::new();
    while let Some(item) = next(&mut items).await {
        ids.push(item.expect("item").event_id.expect("id"));
    }
    assert_eq!(ids, ["e1", "e2"], "has_more: false ends the list even with a next_cursor");
}

#[tokio::test]
async fn a_starting_after_list_starts_each_page_after_the_last_id() {
    use fixture_client::cursor_pages::{Client, Credentials, Environment};
    let server = MockServer::start().await;
    for (asked, answer) in [
        (None, json!({"data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true})),
        (Some("cus_2"), json!({"data": [{"id": "cus_3"}], "has_more": false})),
    ] {
        Mock::given(method("GET"))
            .and(path("/customers"))
            .and(QueryValue("starting_after", asked))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client =
        Client::with_config(Environment::Custom(url(&server)), Credentials::none(), Config::default()).expect("client");
    let mut pages = client.list_customers().pages();
    let mut seen = Vec::new();
    while let Some(page) = next(&mut pages).await {
        seen.extend(page.expect("page").body.data.unwrap_or_default().into_iter().map(|c| c.id));
    }
    assert_eq!(seen, ["cus_1", "cus_2", "cus_3"]);
}

#[tokio::test]
async fn parameters_named_as_the_builders_own_methods_are_renamed_and_sent_by_their_wire_names() {
    use fixture_client::parameters::{Client, Credentials, Environment};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orders/o1/notes"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let base = url::Url::parse(&format!("{}/v1", server.uri())).expect("url");
    let client = Client::new(Environment::Custom(base), Credentials::none()).expect("client");
    let timeout = Config::default().timeout(Some(std::time::Duration::from_secs(5)));
    client
        .add_order_note("o1")
        .with_config2("a")
        .call2("b")
        .send2(true)
        .client2("c")
        .responds("d")
        .with_config(timeout)
        .send()
        .await
        .expect("204");
    let received = server.received_requests().await.expect("recorded");
    let query: Vec<(String, String)> = received[0].url.query_pairs().into_owned().collect();
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("with_config", "a"), ("call", "b"), ("send", "true"), ("responds", "d")]);
    assert_eq!(received[0].headers.get("client").and_then(|v| v.to_str().ok()), Some("c"));
}

#[tokio::test]
async fn a_file_without_a_media_type_is_sent_as_octet_stream() {
    use multipart_upload::{Client, Credentials, Environment, requests::UploadDocumentForm};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"document_id": 8})))
        .mount(&server)
        .await;
    let client = Client::new(Environment::Custom(url(&server)), Credentials::none()).expect("client");
    let form = UploadDocumentForm {
        file: FilePart::new("scan", b"\x00\x01raw".to_vec()),
        doc_type: "Proof".into(),
        pages: None,
        evidence: None,
    };
    client.upload_document("d1", form).send().await.expect("upload");
    let received = server.received_requests().await.expect("recorded");
    let body = String::from_utf8_lossy(&received[0].body);
    assert!(
        body.contains("filename=\"scan\"\r\nContent-Type: application/octet-stream\r\n"),
        "RFC 7578 4.4: a file part is labelled: {body}"
    );
}

#[tokio::test]
async fn a_request_type_is_built_with_new_and_setters_that_never_collide() {
    use fixture_client::request_body::{Client, Credentials, Environment, OrderRequest};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "o1"})))
        .mount(&server)
        .await;
    let client = Client::new(Environment::Custom(url(&server)), Credentials::none()).expect("client");
    // `new` is the constructor: the field `new` is set by `new3` (`new2` is the field `new2`'s own).
    let body = OrderRequest::new(10.5).note("gift").new3(true).new2("second");
    client.create_order(body).send().await.expect("created");
    let received = server.received_requests().await.expect("recorded");
    let sent: serde_json::Value = serde_json::from_slice(&received[0].body).expect("json");
    assert_eq!(sent, json!({"amount": 10.5, "note": "gift", "new": true, "new2": "second"}));
}
