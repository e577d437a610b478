//! The OpenAPI features of the one-construct fixtures on the wire: every credential kind, form, text and
//! byte bodies, parameter styles, non-JSON responses and error ranges, server variables, boxed variants.

use fixture_client::runtime::{self, Config};
use fixture_client::{
    credential_kinds, form_bodies, large_variants, parameter_styles, response_media, server_variables,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn url(server: &MockServer) -> url::Url {
    url::Url::parse(&server.uri()).expect("url")
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1, "one request");
    received.remove(0)
}

fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn ok_server(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    server
}

mod credentials {
    use super::*;
    use credential_kinds::{Client, Credentials, Environment};

    fn client(server: &MockServer, credentials: Credentials) -> Client {
        Client::with_config(Environment::Custom(url(server)), credentials, Config::default()).expect("client")
    }

    #[tokio::test]
    async fn bearer_and_oauth_tokens_go_in_authorization() {
        let server = ok_server(json!({"ok": true})).await;
        client(&server, Credentials::bearer("tok-123")).with_bearer().send().await.expect("bearer");
        assert_eq!(header_of(&only_request(&server).await, "authorization"), Some("Bearer tok-123"));
        server.reset().await;
        let server = ok_server(json!({"ok": true})).await;
        client(&server, Credentials::oauth("access-9")).with_o_auth().send().await.expect("oauth");
        assert_eq!(header_of(&only_request(&server).await, "authorization"), Some("Bearer access-9"));
    }

    #[tokio::test]
    async fn basic_credentials_are_base64_user_colon_password() {
        let server = ok_server(json!({"ok": true})).await;
        client(&server, Credentials::basic("merchant", "pa:ss")).with_basic().send().await.expect("basic");
        // base64("merchant:pa:ss")
        assert_eq!(header_of(&only_request(&server).await, "authorization"), Some("Basic bWVyY2hhbnQ6cGE6c3M="));
    }

    #[tokio::test]
    async fn api_keys_go_in_the_query_or_a_cookie() {
        let server = ok_server(json!({"ok": true})).await;
        client(&server, Credentials::query_key("k&1")).with_query_key().page(2).send().await.expect("query key");
        assert_eq!(only_request(&server).await.url.query(), Some("page=2&api_key=k%261"));
        let server = ok_server(json!({"ok": true})).await;
        client(&server, Credentials::cookie_key("sess 1")).with_cookie_key().send().await.expect("cookie");
        assert_eq!(header_of(&only_request(&server).await, "cookie"), Some("session=sess%201"));
    }

    #[tokio::test]
    async fn an_alternative_of_two_keys_sends_both() {
        let server = ok_server(json!({"ok": true})).await;
        client(&server, Credentials::header_key_query_key("hk", "qk")).with_either().send().await.expect("either");
        let request = only_request(&server).await;
        assert_eq!(header_of(&request, "x-api-key"), Some("hk"));
        assert_eq!(request.url.query(), Some("api_key=qk"));
        assert_eq!(header_of(&request, "authorization"), None);
        // An alternative the operation does not list is refused before sending.
        let err = client(&server, Credentials::basic("u", "p")).with_either().send().await.expect_err("refused");
        assert!(matches!(err, runtime::Error::CredentialsNotAccepted { .. }), "{err:?}");
    }

    #[tokio::test]
    async fn header_parameters_that_carry_secrets_are_held_as_secrets() {
        let server = ok_server(json!({"ok": true})).await;
        let client = client(&server, Credentials::bearer("unused"));
        let request = client.with_secret_headers("s3cret-header").authorization("Bearer t0ken").request_id("r1");
        let shown = format!("{request:?} {client:?}");
        assert!(!shown.contains("s3cret-header") && !shown.contains("t0ken"), "{shown}");
        assert!(shown.contains("r1"), "ordinary parameters still show: {shown}");
        request.send().await.expect("sent");
        let sent = only_request(&server).await;
        assert_eq!(header_of(&sent, "x-client-secret"), Some("s3cret-header"));
        assert_eq!(header_of(&sent, "authorization"), Some("Bearer t0ken"));
    }

    #[test]
    fn debug_never_shows_a_credential() {
        for credentials in [
            Credentials::bearer("tok-123"),
            Credentials::basic("merchant", "pa55word"),
            Credentials::query_key("qk-secret"),
            Credentials::cookie_key("cookie-secret"),
        ] {
            let shown = format!("{credentials:?}");
            for secret in ["tok-123", "merchant", "pa55word", "qk-secret", "cookie-secret"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }
}

mod bodies {
    use super::*;
    use form_bodies::types::{CustomerForm, CustomerFormAddress};
    use form_bodies::{Client, Credentials, Environment};

    fn client(server: &MockServer) -> Client {
        Client::with_config(Environment::Custom(url(server)), Credentials::none(), Config::default()).expect("client")
    }

    #[tokio::test]
    async fn a_form_body_writes_nested_fields_as_its_encoding_says() {
        let server = ok_server(json!({"id": "c1"})).await;
        let form = CustomerForm::new("a+b@example.com")
            .balance(100)
            .address(CustomerFormAddress::new().city("Pune"))
            .expand(vec!["orders".to_owned(), "cards".to_owned()])
            .tags(vec!["vip".to_owned(), "new".to_owned()])
            .emails(vec!["x@y.in".to_owned(), "z@y.in".to_owned()])
            .metadata([("k".to_owned(), "v 1".to_owned())].into_iter().collect::<std::collections::BTreeMap<_, _>>());
        client(&server).create_customer(form).send().await.expect("sent");
        let request = only_request(&server).await;
        assert_eq!(header_of(&request, "content-type"), Some("application/x-www-form-urlencoded"));
        let body = String::from_utf8(request.body).expect("text");
        assert_eq!(
            body,
            "address%5Bcity%5D=Pune&balance=100&email=a%2Bb%40example.com&emails=x%40y.in&emails=z%40y.in\
             &expand%5B0%5D=orders&expand%5B1%5D=cards&metadata%5Bk%5D=v+1&tags=vip%2Cnew"
        );
    }

    #[tokio::test]
    async fn text_bytes_and_other_media_types_are_sent_as_given() {
        let server = ok_server(json!({"id": "n1"})).await;
        client(&server).add_note("remember\nthis").send().await.expect("text");
        let request = only_request(&server).await;
        assert_eq!(header_of(&request, "content-type"), Some("text/plain"));
        assert_eq!(request.body, b"remember\nthis");

        let server = ok_server(json!({"id": "f1"})).await;
        client(&server).upload_file("a.bin", vec![0u8, 159, 146, 150]).send().await.expect("bytes");
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/files/a.bin");
        assert_eq!(header_of(&request, "content-type"), Some("application/octet-stream"));
        assert_eq!(request.body, [0u8, 159, 146, 150]);

        let server = ok_server(json!({"id": "d1"})).await;
        client(&server).add_document().body("<doc/>".to_owned().into_bytes()).send().await.expect("xml");
        let request = only_request(&server).await;
        assert_eq!(header_of(&request, "content-type"), Some("application/xml"));
        assert_eq!(request.body, b"<doc/>");
    }
}

mod styles {
    use super::*;
    use parameter_styles::types::{ListChargesCreated, ListChargesCreatedOption1, ListChargesFilter};
    use parameter_styles::{Client, Credentials, Environment};

    fn client(server: &MockServer) -> Client {
        Client::with_config(Environment::Custom(url(server)), Credentials::none(), Config::default()).expect("client")
    }

    #[tokio::test]
    async fn every_query_style_writes_its_pairs() {
        let server = ok_server(json!({"count": 1})).await;
        let range = ListChargesCreatedOption1::new().gt(10).lte(20);
        client(&server)
            .list_charges()
            .created(ListChargesCreated::Object(range))
            .expand(vec!["customer".to_owned(), "invoice".to_owned()])
            .ids(vec!["a".to_owned(), "b".to_owned()])
            .statuses(vec!["paid".into(), "failed".into()])
            .words(vec!["x".to_owned(), "y".to_owned()])
            .limits(vec![1, 2])
            .metadata([("order".to_owned(), "o1".to_owned())].into_iter().collect())
            .filter(ListChargesFilter::new().status("paid"))
            .session_hint("s1")
            .trace_ids(vec![7, 8])
            .send()
            .await
            .expect("sent");
        let request = only_request(&server).await;
        assert_eq!(
            request.url.query(),
            Some(
                "created%5Bgt%5D=10&created%5Blte%5D=20&expand%5B0%5D=customer&expand%5B1%5D=invoice&ids=a%2Cb\
                 &statuses=paid%7Cfailed&words=x+y&limits=1&limits=2&metadata%5Border%5D=o1\
                 &filter=%7B%22status%22%3A%22paid%22%7D"
            )
        );
        assert_eq!(header_of(&request, "cookie"), Some("session_hint=s1"));
        assert_eq!(header_of(&request, "x-trace-ids"), Some("7,8"));
    }

    #[tokio::test]
    async fn a_range_filter_may_be_a_plain_number() {
        let server = ok_server(json!({"count": 1})).await;
        client(&server).list_charges().created(ListChargesCreated::Number(1700000000)).send().await.expect("sent");
        assert_eq!(only_request(&server).await.url.query(), Some("created=1700000000"));
    }

    #[tokio::test]
    async fn a_list_in_the_path_is_one_segment() {
        let server = ok_server(json!({"count": 2})).await;
        client(&server).get_items(vec!["a/b".to_owned(), "c".to_owned()]).send().await.expect("sent");
        assert_eq!(only_request(&server).await.url.path(), "/items/a%2Fb,c");
        let err = client(&server).get_items(Vec::new()).send().await.expect_err("empty segment");
        assert!(matches!(err, runtime::Error::InvalidArgument { .. }), "{err:?}");
    }
}

mod responses {
    use super::*;
    use response_media::{Client, Credentials, Environment, ErrorBody};

    fn client(server: &MockServer) -> Client {
        Client::with_config(Environment::Custom(url(server)), Credentials::none(), Config::default()).expect("client")
    }

    #[tokio::test]
    async fn text_and_binary_bodies_come_back_as_text_and_bytes() {
        let server = MockServer::start().await;
        Mock::given(path("/reports/r1"))
            .and(header("accept", "text/csv"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
            .mount(&server)
            .await;
        Mock::given(path("/statements/s1"))
            .and(header("accept", "application/pdf"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7\x00\xff".to_vec(), "application/pdf"))
            .mount(&server)
            .await;
        let report = client(&server).get_report("r1").send().await.expect("csv");
        assert_eq!(report.body, "a,b\n1,2\n");
        let statement = client(&server).get_statement("s1").send().await.expect("pdf");
        assert_eq!(statement.body.as_ref(), b"%PDF-1.7\x00\xff");
    }

    #[tokio::test]
    async fn error_ranges_and_default_decode_into_their_variants() {
        let cases: [(u16, &str, &str); 4] = [
            (404, r#"{"title":"missing","status":404}"#, "Problem"),
            (422, r#"{"message":"bad","code":"x"}"#, "ClientError"),
            (503, "down for maintenance", "Status5xx"),
            (500, "oops", "Status5xx"),
        ];
        for (status, body, expected) in cases {
            let server = MockServer::start().await;
            Mock::given(path("/reports/r1"))
                .respond_with(ResponseTemplate::new(status).set_body_string(body))
                .mount(&server)
                .await;
            let err = client(&server).get_report("r1").send().await.expect_err("error status");
            let variant = match err.body() {
                Some(ErrorBody::Problem(_)) => "Problem",
                Some(ErrorBody::ClientError(_)) => "ClientError",
                Some(ErrorBody::Status5xx(text)) => {
                    assert_eq!(text, body);
                    "Status5xx"
                }
                other => panic!("{status}: {other:?}"),
            };
            assert_eq!(variant, expected, "{status}");
        }
        // `default` takes any status the operation does not name.
        let server = MockServer::start().await;
        Mock::given(path("/statements/s1"))
            .respond_with(ResponseTemplate::new(409).set_body_json(json!({"title": "conflict"})))
            .mount(&server)
            .await;
        let err = client(&server).get_statement("s1").send().await.expect_err("409");
        assert!(matches!(err.body(), Some(ErrorBody::Problem(p)) if p.title.as_deref() == Some("conflict")), "{err:?}");
    }

    #[tokio::test]
    async fn a_status_declared_without_a_body_has_a_variant_too() {
        let server = MockServer::start().await;
        Mock::given(path("/ping")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
        let err = client(&server).ping().send().await.expect_err("500");
        assert!(matches!(err.body(), Some(ErrorBody::NoBody)), "{err:?}");
    }
}

#[test]
fn servers_with_variables_fill_their_template() {
    use server_variables::{Environment, ProductionServer};
    let default = Environment::Production(ProductionServer::default());
    assert_eq!(default.base_url(), "https://eu.api.example.com/v1");
    let us = Environment::Production(ProductionServer { region: "us".to_owned(), ..Default::default() });
    assert_eq!(us.base_url(), "https://us.api.example.com/v1");
    assert_eq!(Environment::Sandbox.base_url(), "https://test.example.com/v1");
    assert_eq!(Environment::Mock.base_url(), "https://mock.example.com");
}

#[tokio::test]
async fn a_large_member_is_boxed_and_decodes() {
    use large_variants::types::PaymentMethod;
    use large_variants::{Client, Credentials, Environment, ErrorBody};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"card": "4111", "a01": "x"})))
        .mount(&server)
        .await;
    let client =
        Client::with_config(Environment::Custom(url(&server)), Credentials::none(), Config::default()).expect("client");
    let method_ = client.get_method().send().await.expect("decodes").body;
    match method_ {
        PaymentMethod::Card(card) => assert_eq!(card.a01.as_deref(), Some("x")),
        other => panic!("{other:?}"),
    }
    assert!(std::mem::size_of::<PaymentMethod>() <= 128, "{}", std::mem::size_of::<PaymentMethod>());
    assert!(std::mem::size_of::<ErrorBody>() <= 128, "{}", std::mem::size_of::<ErrorBody>());
}
