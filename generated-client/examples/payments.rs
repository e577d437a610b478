//! The flow a payment service runs: create an order and read its `payment_session_id`, fetch the order and its
//! payments, refund with an idempotency key, and page through the month's payment reconciliation.
//!
//! ```sh
//! cargo run -p cashfree-pg --example payments                   # offline, against the typed mock server
//! CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=... \
//!     cargo run -p cashfree-pg --example payments               # the sandbox
//! ```
//!
//! With credentials set it talks to the sandbox (or `CASHFREE_BASE_URL`); without them it starts the version's
//! mock server, stubs each operation with a sample answer, and runs the same code against it. Amounts are
//! `Decimal`s throughout: `10.15` goes out as `10.15` and comes back as it was sent.

mod common;

use std::future::poll_fn;
use std::pin::Pin;
use std::process::ExitCode;
use std::str::FromStr;

use cashfree_pg::Decimal;
use cashfree_pg::v2025_01_01::mock::MockServer;
use cashfree_pg::v2025_01_01::{
    Client, CreateOrderRequest, CustomerDetails, FetchReconRequest, FetchReconRequestFilters, OrderCreateRefundRequest,
    VendorReconRequestPagination,
};
use futures_core::Stream;

/// What the example does with a client: the part a service would write.
async fn take_a_payment(client: &Client, order_id: &str) -> Result<(), String> {
    let amount = Decimal::from_str("10.15").map_err(|err| err.to_string())?;
    // Request types are built from their required fields, then a setter per optional one.
    let customer = CustomerDetails::new("cust_7", "9999999999").customer_email("buyer@example.com");
    let request = CreateOrderRequest::new(amount, "INR", customer).order_id(order_id).order_note("example order");
    let order = client.pg_create_order(request).send().await.map_err(|err| err.to_string())?.into_body();
    println!(
        "order {} for {:?}: hand payment_session_id {:?} to the checkout",
        order.order_id.as_deref().unwrap_or(order_id),
        order.order_amount,
        order.payment_session_id
    );

    let fetched = client.pg_fetch_order(order_id).send().await.map_err(|err| err.to_string())?;
    println!("status {:?} (x-request-id {:?})", fetched.body.order_status, fetched.meta.request_id);
    let payments = client.pg_order_fetch_payments(order_id).send().await.map_err(|err| err.to_string())?.into_body();
    for payment in &payments {
        println!("  payment {:?}: {:?} {:?}", payment.cf_payment_id, payment.payment_status, payment.payment_amount);
    }

    // A refund is keyed: a retry (after a timeout, a 5xx) sends the same key and body, so it happens once.
    let refund_amount = Decimal::from_str("2.50").map_err(|err| err.to_string())?;
    let refund = OrderCreateRefundRequest::new(refund_amount, format!("refund_{order_id}")).refund_note("damaged item");
    let refunded = client
        .pg_order_create_refund(order_id, refund)
        .idempotency_key(format!("refund-{order_id}-1"))
        .send()
        .await
        .map_err(|err| err.to_string())?
        .into_body();
    println!("refund {:?}: {:?} {:?}", refunded.refund_id, refunded.refund_status, refunded.refund_amount);

    // Reconciliation, every page: `items()` follows each page's cursor until the last.
    let recon = FetchReconRequest::new(
        VendorReconRequestPagination::new().limit(100),
        FetchReconRequestFilters::new().start_date("2025-01-01T00:00:00Z").end_date("2025-01-31T23:59:59Z"),
    );
    let mut events = client.pg_fetch_recon(recon).items();
    let mut count = 0;
    while let Some(event) = poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await {
        let event = event.map_err(|err| err.to_string())?;
        count += 1;
        println!("  recon {:?} {:?} {:?}", event.event_id, event.event_type, event.event_amount);
    }
    println!("{count} reconciliation event(s)");
    Ok(())
}

/// A mock server that answers like the sandbox would.
async fn offline() -> Result<MockServer, String> {
    let server = MockServer::start().await;
    let order = serde_json::from_value(serde_json::json!({
        "cf_order_id": "2149460581", "order_id": "order_81", "order_amount": 10.15, "order_currency": "INR",
        "order_status": "ACTIVE", "payment_session_id": "session_IMp6pMpZ6xEDgz2BFmjQ3pixtbw8ZPhlF8RK"
    }))
    .map_err(|err| err.to_string())?;
    server.pg_create_order().returns(order).await;
    let paid = serde_json::from_value(serde_json::json!({
        "cf_order_id": "2149460581", "order_id": "order_81", "order_amount": 10.15, "order_status": "PAID"
    }))
    .map_err(|err| err.to_string())?;
    server.pg_fetch_order().returns(paid).await;
    let payments = serde_json::from_value(serde_json::json!([{
        "cf_payment_id": "5114917", "order_id": "order_81", "payment_amount": 10.15, "payment_status": "SUCCESS",
        "payment_group": "upi"
    }]))
    .map_err(|err| err.to_string())?;
    server.pg_order_fetch_payments().returns(payments).await;
    let refund = serde_json::from_value(serde_json::json!({
        "cf_refund_id": "11325632", "refund_id": "refund_order_81", "order_id": "order_81", "refund_amount": 2.50,
        "refund_status": "PENDING"
    }))
    .map_err(|err| err.to_string())?;
    server.pg_order_create_refund().returns(refund).await;
    let recon = serde_json::from_value(serde_json::json!({
        "cursor": null, "limit": 100,
        "data": [
            {"event_id": "5114917", "event_type": "PAYMENT", "event_amount": 10.15},
            {"event_id": "11325632", "event_type": "REFUND", "event_amount": 2.50}
        ]
    }))
    .map_err(|err| err.to_string())?;
    server.pg_fetch_recon().returns(recon).await;
    Ok(server)
}

async fn run() -> Result<(), String> {
    let order_id = std::env::args().nth(1).unwrap_or_else(|| "order_81".to_owned());
    match common::sandbox_client() {
        Some(client) => take_a_payment(&client?, &order_id).await,
        None => {
            let server = offline().await?;
            take_a_payment(&server.client(), &order_id).await
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    common::exit(run().await)
}
