//! Lists a customer's saved cards and fetches a cryptogram for the first one.
//!
//! ```sh
//! CASHFREE_BASE_URL=https://sandbox.cashfree.com/pg CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=... \
//!     cargo run -p cashfree-pg --example saved_cards -- <customer_id>
//! ```
//!
//! `CASHFREE_BASE_URL` may point at any server speaking the API (a mock, a proxy); it defaults to the sandbox.
//! Card data is never printed: the cryptogram's `Debug` shows `<redacted>` for the token PAN and cryptogram.

use std::process::ExitCode;
use std::time::Duration;

use cashfree_pg::v2025_01_01::{Client, Credentials, Environment};
use cashfree_pg::{Config, RetryPolicy};

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

async fn run() -> Result<(), String> {
    let customer_id = std::env::args().nth(1).ok_or("usage: saved_cards <customer_id>")?;
    let environment = match std::env::var("CASHFREE_BASE_URL") {
        Ok(url) => Environment::Custom(url.parse().map_err(|err| format!("CASHFREE_BASE_URL: {err}"))?),
        Err(_) => Environment::Sandbox,
    };
    let credentials = Credentials::client_id_client_secret(env("CASHFREE_CLIENT_ID")?, env("CASHFREE_CLIENT_SECRET")?);
    let config = Config::default().timeout(Some(Duration::from_secs(15))).retry(RetryPolicy::exponential(3));
    let client = Client::with_config(environment, credentials, config).map_err(|err| err.to_string())?;

    let cards = client.pg_customer_fetch_instruments(&customer_id).send().await.map_err(|err| err.to_string())?;
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
        .pg_customer_instruments_fetch_cryptogram(&customer_id, &first)
        .send()
        .await
        .map_err(|err| err.to_string())?;
    println!("cryptogram for {first}: {:?}", cryptogram.body);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
