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
    let body = CreateOrderBody { order_amount: Some(10.0) };
    client.create_order(body).send().await.expect("create order");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received[0].body, br#"{"order_amount":10.0}"#);
}
