//! A payment service's use of Cashfree's Payment Gateway: start a checkout, see an order paid, refund it
//! (once, however often the call is retried), reconcile a month, and take Cashfree's webhooks. Amounts are
//! `Decimal`s from end to end.

use cashfree_pg::reqwest::header::HeaderMap;
use cashfree_pg::v2025_01_01::webhooks::Event;
use cashfree_pg::v2025_01_01::{
    Client, CreateOrderRequest, CustomerDetails, Error, FetchReconRequest, FetchReconRequestFilters,
    OrderCreateRefundRequest, ReconEntityDataItem, VendorReconRequestPagination,
};
use cashfree_pg::webhooks::{Verifier, WebhookError};
use cashfree_pg::{Decimal, VersionedEvent};
use futures_util::StreamExt;

/// Creates the order and returns the session id the checkout page needs.
pub async fn start_checkout(
    client: &Client,
    order_id: &str,
    amount: Decimal,
    customer_id: &str,
    phone: &str,
) -> Result<Option<String>, Error> {
    let request = CreateOrderRequest::new(amount, "INR", CustomerDetails::new(customer_id, phone)).order_id(order_id);
    let order = client.pg_create_order(request).send().await?;
    Ok(order.body.payment_session_id)
}

/// An order's status and the amounts of its successful payments.
#[derive(Debug, PartialEq)]
pub struct Settled {
    pub status: Option<String>,
    pub paid: Vec<Decimal>,
}

/// Reads the order and its payments.
pub async fn settled(client: &Client, order_id: &str) -> Result<Settled, Error> {
    let order = client.pg_fetch_order(order_id).send().await?.body;
    let payments = client.pg_order_fetch_payments(order_id).send().await?.body;
    let paid = payments
        .into_iter()
        .filter(|p| p.payment_status.as_ref().is_some_and(|s| s.as_str() == "SUCCESS"))
        .filter_map(|p| p.payment_amount)
        .collect();
    Ok(Settled { status: order.order_status, paid })
}

/// Refunds `amount` of an order. The refund id is the idempotency key: a retried call (a timeout, a 5xx)
/// refunds once.
pub async fn refund(
    client: &Client,
    order_id: &str,
    refund_id: &str,
    amount: Decimal,
) -> Result<Option<String>, Error> {
    let request = OrderCreateRefundRequest::new(amount, refund_id);
    let refund = client.pg_order_create_refund(order_id, request).idempotency_key(refund_id).send().await?;
    Ok(refund.body.refund_status.map(|s| s.as_str().to_owned()))
}

/// Every reconciliation event between two dates, over as many pages as Cashfree gives.
pub async fn reconcile(client: &Client, from: &str, to: &str) -> Result<Vec<ReconEntityDataItem>, Error> {
    let request = FetchReconRequest::new(
        VendorReconRequestPagination::new().limit(100),
        FetchReconRequestFilters::new().start_date(from).end_date(to),
    );
    let mut events = Vec::new();
    let mut items = client.pg_fetch_recon(request).items();
    while let Some(event) = items.next().await {
        events.push(event?);
    }
    Ok(events)
}

/// What a webhook told the service.
#[derive(Debug, PartialEq)]
pub enum Notice {
    /// The order was paid this amount.
    Paid { order_id: String, amount: Option<Decimal> },
    /// A refund reached this status.
    Refund { refund_id: String, status: Option<String> },
    /// Anything else, by its type.
    Other(String),
}

/// Handles a webhook delivery: the raw body is verified first, then read in the version the delivery names.
pub fn on_webhook(verifier: &Verifier, headers: &HeaderMap, raw_body: &[u8]) -> Result<Notice, WebhookError> {
    verifier.verify_headers(headers, raw_body)?;
    let event = match VersionedEvent::from_delivery(headers, raw_body)? {
        VersionedEvent::V2025_01_01(event) => event,
        other => return Ok(Notice::Other(other.event_type().to_owned())),
    };
    Ok(match event {
        Event::PaymentSuccess(event) => {
            let data = event.data.as_ref();
            Notice::Paid {
                order_id: data.and_then(|d| d.order.as_ref()).and_then(|o| o.order_id.clone()).unwrap_or_default(),
                amount: data.and_then(|d| d.payment.as_ref()).and_then(|p| p.payment_amount),
            }
        }
        Event::RefundStatus(event) => {
            let refund = event.data.as_ref().and_then(|d| d.refund.as_ref());
            Notice::Refund {
                refund_id: refund.and_then(|r| r.refund_id.clone()).unwrap_or_default(),
                status: refund.and_then(|r| r.refund_status.as_ref()).map(|s| s.as_str().to_owned()),
            }
        }
        other => Notice::Other(other.event_type().to_owned()),
    })
}
