//! A payment service's use of Cashfree: a customer's saved cards (list, forget) here, and taking payments in
//! [`payments`]. Its tests (`tests/`) run against `cashfree-pg`'s typed mock server (and a plain mock server
//! where a test needs answers in turn), with no network and no credentials.

pub mod payments;

use cashfree_pg::v2025_01_01::{Client, Error, ErrorBody};

/// The ids of the cards a customer saved.
pub async fn saved_card_ids(client: &Client, customer_id: &str) -> Result<Vec<String>, Error> {
    let response = client.pg_customer_fetch_instruments(customer_id).send().await?;
    Ok(response.body.into_iter().filter_map(|card| card.instrument_id).collect())
}

/// The ids of the cards a customer saved, this call sent with `config` (its own retries or deadline) instead of
/// the client's.
pub async fn saved_card_ids_with(
    client: &Client,
    customer_id: &str,
    config: cashfree_pg::Config,
) -> Result<Vec<String>, Error> {
    let response = client.pg_customer_fetch_instruments(customer_id).with_config(config).send().await?;
    Ok(response.body.into_iter().filter_map(|card| card.instrument_id).collect())
}

/// What forgetting a card came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Forgotten {
    Deleted,
    /// Cashfree has no such card: nothing to do.
    AlreadyGone,
}

/// Deletes a saved card; a card Cashfree does not know counts as already gone.
pub async fn forget_card(client: &Client, customer_id: &str, instrument_id: &str) -> Result<Forgotten, Error> {
    match client.pg_customer_delete_instrument(customer_id, instrument_id).send().await {
        Ok(_) => Ok(Forgotten::Deleted),
        Err(err) if matches!(err.body(), Some(ErrorBody::ApiError404(_))) => Ok(Forgotten::AlreadyGone),
        Err(err) => Err(err),
    }
}
