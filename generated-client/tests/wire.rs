//! Every operation of both API versions on the wire, against a mock server on 127.0.0.1: method, exact path
//! and query, credential headers, `x-api-version`, and the spec's examples decoded into the types. The tests
//! both versions share are written once (`shared!`); fetch-all differs between them and is written per version.

mod common;

use cashfree_pg::Config;
use common::{ExactCredentials, ExactQuery, base_url, named_example, schema_example, spec};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn secret_headers() -> ExactCredentials {
    ExactCredentials(vec![("x-client-id", "app-id"), ("x-client-secret", "app-secret")])
}

/// The tests every version runs; `Client`, `Credentials`, `Environment`, `InstrumentEntityInstrumentStatus`,
/// `VERSION` and `MODULE_VERSION` come from the module that invokes it.
macro_rules! shared {
    () => {
        fn client(server: &MockServer) -> Client {
            let credentials = Credentials::client_id_client_secret("app-id", "app-secret");
            Client::with_config(Environment::Custom(base_url(server)), credentials, Config::default()).expect("client")
        }

        #[tokio::test]
        async fn fetch_one_decodes_one_instrument() {
            let server = MockServer::start().await;
            // The spec's fetch-one example is the fetch-all array pasted by mistake (a quirk kept from Cashfree's
            // docs); the real endpoint returns one object, so the test serves the example's first element.
            let example = named_example(&spec(VERSION), "fetch_all_saved_cards_example");
            let one = example.get(0).cloned().expect("first element");
            Mock::given(method("GET"))
                .and(path("/customers/akshita2106/instruments/0d6b0245-f417-41a0-8151-0b03790de1f9"))
                .and(ExactQuery(None))
                .and(header("x-api-version", VERSION))
                .and(secret_headers())
                .respond_with(ResponseTemplate::new(200).set_body_json(&one))
                .expect(1)
                .mount(&server)
                .await;

            let instrument = client(&server)
                .pg_customer_fetch_instrument("akshita2106", "0d6b0245-f417-41a0-8151-0b03790de1f9")
                .send()
                .await
                .expect("fetch one")
                .into_body();
            assert_eq!(instrument.instrument_status, Some(InstrumentEntityInstrumentStatus::Active));
            assert_eq!(instrument.instrument_display.as_deref(), one["instrument_display"].as_str());
        }

        #[tokio::test]
        async fn delete_sends_delete_and_decodes_the_schema_example() {
            let server = MockServer::start().await;
            let example = schema_example(&spec(VERSION), "InstrumentEntity");
            Mock::given(method("DELETE"))
                .and(path("/customers/siddhesh_desai/instruments/54deabb4-ba45-4a60-9e6a-9c016fe7ab10"))
                .and(ExactQuery(None))
                .and(header("x-api-version", VERSION))
                .and(secret_headers())
                .respond_with(ResponseTemplate::new(200).set_body_json(&example))
                .expect(1)
                .mount(&server)
                .await;
            let deleted = client(&server)
                .pg_customer_delete_instrument("siddhesh_desai", "54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
                .send()
                .await
                .expect("delete")
                .into_body();
            assert_eq!(deleted.customer_id.as_deref(), Some("siddhesh_desai"));
        }

        #[tokio::test]
        async fn cryptogram_decodes_the_schema_example() {
            let server = MockServer::start().await;
            let example = schema_example(&spec(VERSION), "CryptogramEntity");
            Mock::given(method("GET"))
                .and(path("/customers/c1/instruments/i1/cryptogram"))
                .and(ExactQuery(None))
                .and(header("x-api-version", VERSION))
                .and(secret_headers())
                .respond_with(ResponseTemplate::new(200).set_body_json(&example))
                .expect(1)
                .mount(&server)
                .await;
            let cryptogram = client(&server)
                .pg_customer_instruments_fetch_cryptogram("c1", "i1")
                .send()
                .await
                .expect("cryptogram")
                .body;
            assert_eq!(cryptogram.cryptogram.as_deref(), Some("AQBBBBBBZatIlaIAmWKSghwBBBB="));
            assert_eq!(cryptogram.card_display.as_deref(), Some("1234"));
            assert_eq!(cryptogram.card_number.as_deref(), Some("4491365621601472"));
            // Card data never shows in `Debug`; the fields that aren't sensitive still do.
            let shown = format!("{cryptogram:?}");
            assert!(!shown.contains("4491365621601472") && !shown.contains("AQBBBBBBZatIlaIAmWKSghwBBBB="), "{shown}");
            assert!(shown.contains("card_number: Some(\"<redacted>\")") && shown.contains("\"1234\""), "{shown}");
        }

        #[tokio::test]
        async fn every_credential_alternative_sends_exactly_its_headers() {
            let alternatives = [
                (
                    Credentials::client_id_client_secret("id", "s3cret"),
                    vec![("x-client-id", "id"), ("x-client-secret", "s3cret")],
                ),
                (
                    Credentials::client_id_partner_api_key("id", "pk"),
                    vec![("x-client-id", "id"), ("x-partner-apikey", "pk")],
                ),
                (
                    Credentials::client_id_client_signature("id", "sig"),
                    vec![("x-client-id", "id"), ("x-client-signature", "sig")],
                ),
                (
                    Credentials::partner_merchant_id_partner_api_key("mid", "pk"),
                    vec![("x-partner-merchantid", "mid"), ("x-partner-apikey", "pk")],
                ),
            ];
            for (credentials, expected) in alternatives {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path("/customers/c1/instruments/i1/cryptogram"))
                    .and(ExactCredentials(expected))
                    .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
                    .expect(1)
                    .mount(&server)
                    .await;
                let client =
                    Client::with_config(Environment::Custom(base_url(&server)), credentials, Config::default())
                        .expect("client");
                client.pg_customer_instruments_fetch_cryptogram("c1", "i1").send().await.expect("cryptogram");
            }
        }

        #[tokio::test]
        async fn request_id_and_idempotency_key_are_sent_when_set() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/customers/c1/instruments/i1"))
                .and(header("x-request-id", "req-1"))
                .and(header("x-idempotency-key", "47bf8872-46fe-11ee-be56-0242ac120002"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
                .expect(1)
                .mount(&server)
                .await;
            client(&server)
                .pg_customer_fetch_instrument("c1", "i1")
                .request_id("req-1")
                .idempotency_key("47bf8872-46fe-11ee-be56-0242ac120002")
                .send()
                .await
                .expect("fetch one");
        }

        #[tokio::test]
        async fn path_parameters_are_one_encoded_segment_each() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/customers/a%2Fb%20c%3F/instruments/x%23y/cryptogram"))
                .and(ExactQuery(None))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
                .expect(1)
                .mount(&server)
                .await;
            client(&server).pg_customer_instruments_fetch_cryptogram("a/b c?", "x#y").send().await.expect("cryptogram");
        }

        #[test]
        fn environments_come_from_the_spec_servers() {
            assert_eq!(Environment::Sandbox.base_url(), "https://sandbox.cashfree.com/pg");
            assert_eq!(Environment::Production.base_url(), "https://api.cashfree.com/pg");
            assert_eq!(MODULE_VERSION, VERSION);
        }
    };
}

mod v2025 {
    use super::*;
    use cashfree_pg::v2025_01_01::{Client, Credentials, Environment, InstrumentEntityInstrumentStatus};

    const VERSION: &str = "2025-01-01";
    const MODULE_VERSION: &str = cashfree_pg::v2025_01_01::API_VERSION;

    shared!();

    #[tokio::test]
    async fn fetch_all_sends_instrument_type_once_and_decodes_the_example() {
        let server = MockServer::start().await;
        let example = named_example(&spec(VERSION), "fetch_all_saved_cards_example");
        Mock::given(method("GET"))
            .and(path("/customers/akshita2106/instruments"))
            .and(ExactQuery(Some("instrument_type=card")))
            .and(header("x-api-version", VERSION))
            .and(secret_headers())
            .respond_with(common::with_metadata(ResponseTemplate::new(200).set_body_json(&example)))
            .expect(1)
            .mount(&server)
            .await;

        let response = client(&server).pg_customer_fetch_instruments("akshita2106").send().await.expect("fetch all");
        let cards = response.body;
        assert_eq!(cards.len(), 3);
        assert_eq!(cards[0].instrument_id.as_deref(), Some("0d6b0245-f417-41a0-8151-0b03790de1f9"));
        let meta = cards[1].instrument_meta.as_ref().expect("instrument_meta");
        assert_eq!(meta.card_bank_name.as_deref(), Some("PUNJAB NATIONAL BANK"));
        assert_eq!(meta.card_sub_type.as_deref(), Some("R"));
        let token = meta.card_token_details.as_ref().expect("card_token_details");
        assert_eq!(token.par.as_deref(), Some("5001D6TQMCHMY7SHM2SFANC3AWFSD"));
        common::assert_metadata(&response.meta, 200);
    }

    #[tokio::test]
    async fn fetch_all_instrument_type_can_be_set_and_is_still_sent_once() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/customers/c1/instruments"))
            .and(ExactQuery(Some("instrument_type=card")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .expect(1)
            .mount(&server)
            .await;
        let response = client(&server)
            .pg_customer_fetch_instruments("c1")
            .instrument_type("card")
            .send()
            .await
            .expect("fetch all");
        assert!(response.body.is_empty());
    }
}

mod v2023 {
    use super::*;
    use cashfree_pg::v2023_08_01::{
        Client, Credentials, Environment, InstrumentEntityInstrumentStatus, InstrumentEntityInstrumentType,
    };

    const VERSION: &str = "2023-08-01";
    const MODULE_VERSION: &str = cashfree_pg::v2023_08_01::API_VERSION;

    shared!();

    #[tokio::test]
    async fn fetch_all_sends_the_required_instrument_type_and_decodes_the_example() {
        let server = MockServer::start().await;
        let example = named_example(&spec(VERSION), "fetch_all_saved_cards_example");
        Mock::given(method("GET"))
            .and(path("/customers/akshita2106/instruments"))
            .and(ExactQuery(Some("instrument_type=card")))
            .and(header("x-api-version", VERSION))
            .and(secret_headers())
            .respond_with(common::with_metadata(ResponseTemplate::new(200).set_body_json(&example)))
            .expect(1)
            .mount(&server)
            .await;

        // In 2023-08-01 `instrument_type` is a plain required query parameter, so it is an argument.
        let response =
            client(&server).pg_customer_fetch_instruments("akshita2106", "card").send().await.expect("fetch all");
        let cards = response.body;
        assert!(!cards.is_empty());
        let first = &cards[0];
        assert_eq!(first.instrument_type, Some(InstrumentEntityInstrumentType::Card));
        let meta = first.instrument_meta.as_ref().expect("instrument_meta");
        assert!(meta.card_network.is_some());
        // 2023-08-01 declares card_token_details as a free-form object: it decodes as a JSON map.
        let token = meta.card_token_details.as_ref().expect("card_token_details");
        assert!(token.contains_key("expiry_month"));
        common::assert_metadata(&response.meta, 200);
    }

    #[tokio::test]
    async fn fetch_all_unknown_instrument_type_is_sent_as_given() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/customers/c1/instruments"))
            .and(ExactQuery(Some("instrument_type=upi")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .expect(1)
            .mount(&server)
            .await;
        let response = client(&server).pg_customer_fetch_instruments("c1", "upi").send().await.expect("fetch all");
        assert!(response.body.is_empty());
    }
}
