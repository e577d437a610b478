//! Lists a customer's saved cards and fetches a cryptogram for the first one.
//!
//! ```sh
//! cargo run -p cashfree-pg --example saved_cards                # offline, against the typed mock server
//! CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=... \
//!     cargo run -p cashfree-pg --example saved_cards -- <customer_id>   # the sandbox
//! ```
//!
//! With credentials set it talks to the sandbox (or `CASHFREE_BASE_URL`, any server speaking the API);
//! without them it starts the version's mock server, stubs the two operations with sample answers, and runs
//! the same code against it. Card data is never printed: the cryptogram's `Debug` shows `<redacted>`.

mod common;

use std::process::ExitCode;

use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{Client, CryptogramEntity, InstrumentEntityForAllSavedCard};

/// What the example does with a client: the part a service would write.
async fn list_and_fetch(client: &Client, customer_id: &str) -> Result<(), String> {
    let cards = client.pg_customer_fetch_instruments(customer_id).send().await.map_err(|err| err.to_string())?;
    println!("{} saved card(s) (x-request-id {:?})", cards.body.len(), cards.meta.request_id);
    for card in &cards.body {
        let network = card.instrument_meta.as_ref().and_then(|m| m.card_network.as_deref()).unwrap_or("?");
        println!(
            "  {} {} {}",
            card.instrument_id.as_deref().unwrap_or("?"),
            network,
            card.instrument_display.as_deref().unwrap_or("")
        );
    }
    let Some(first) = cards.body.iter().find_map(|c| c.instrument_id.clone()) else { return Ok(()) };
    let cryptogram = client
        .pg_customer_instruments_fetch_cryptogram(customer_id, &first)
        .send()
        .await
        .map_err(|err| err.to_string())?;
    println!("cryptogram for {first}: {:?}", cryptogram.body);
    Ok(())
}

/// A mock server that answers like the sandbox would for one saved card.
async fn offline() -> Result<MockServer, String> {
    let server = MockServer::start().await;
    let card: InstrumentEntityForAllSavedCard = serde_json::from_value(serde_json::json!({
        "customer_id": "demo-customer", "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
        "instrument_type": "card", "instrument_display": "XXXX-XXXX-XXXX-1111",
        "instrument_meta": {"card_network": "visa", "card_bank_name": "HDFC Bank"}
    }))
    .map_err(|err| err.to_string())?;
    let cryptogram: CryptogramEntity = serde_json::from_value(serde_json::json!({
        "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10", "card_number": "4111111111111111",
        "card_expiry_mm": "12", "card_expiry_yy": "2030", "cryptogram": "AQBBBBBBZatIlaIAmWKSghwBBBB=", "card_display": "1111"
    }))
    .map_err(|err| err.to_string())?;
    server.pg_customer_fetch_instruments().returns(vec![card]).await;
    server.pg_customer_instruments_fetch_cryptogram().returns(cryptogram).await;
    Ok(server)
}

async fn run() -> Result<(), String> {
    let customer_id = std::env::args().nth(1).unwrap_or_else(|| "demo-customer".to_owned());
    match common::sandbox_client() {
        Some(client) => list_and_fetch(&client?, &customer_id).await,
        None => {
            let server = offline().await?;
            list_and_fetch(&server.client(), &customer_id).await
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    common::exit(run().await)
}
