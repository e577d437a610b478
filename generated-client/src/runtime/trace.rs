//! Tracing of calls (the `tracing` crate): one span per call, named `<METHOD> <path template>` as OpenTelemetry
//! names HTTP client spans, and one event per attempt. Fields follow OpenTelemetry's HTTP client conventions
//! where they fit (`http.request.method`, `url.template`, `server.address`, `http.response.status_code`,
//! `http.request.resend_count`), plus the operationId and the response's `x-request-id`. The path template
//! stands in for the path (ids stay out), and nothing else of the request is recorded: no credentials, no
//! query values, no bodies, no error messages (which may quote a server); what is recorded of a response is
//! masked of card numbers.

use std::time::Duration;

use tracing::field::Empty;

use super::mask::mask_card_numbers;
use super::{Error, Request, ResponseMeta};

/// The span of one call, its response fields still empty.
pub(crate) fn call_span(request: &Request, server: &str) -> tracing::Span {
    let template = if request.template.is_empty() { "(unknown)" } else { request.template };
    tracing::info_span!(
        "cashfree.request",
        otel.name = %format_args!("{} {template}", request.method),
        otel.kind = "client",
        otel.status_code = Empty,
        cashfree.operation_id = request.operation,
        http.request.method = %request.method,
        url.template = template,
        server.address = server,
        http.response.status_code = Empty,
        cashfree.request_id = Empty,
        cashfree.attempts = Empty,
        duration_ms = Empty,
    )
}

/// What an attempt or a call came to, as traces show it.
pub(crate) struct Outcome<'a> {
    pub(crate) status: Option<u16>,
    pub(crate) request_id: Option<&'a str>,
    /// `None` for a success; else the kind of failure, never its message.
    pub(crate) failure: Option<&'static str>,
}

impl<'a> Outcome<'a> {
    pub(crate) fn success(meta: &'a ResponseMeta) -> Self {
        Outcome { status: Some(meta.status.as_u16()), request_id: meta.request_id.as_deref(), failure: None }
    }

    pub(crate) fn failure<B>(err: &'a Error<B>) -> Self {
        let failure = match err {
            Error::Api(_) => "declared error status",
            Error::UnexpectedStatus(_) => "undeclared status",
            Error::Decode(_) => "body does not decode",
            Error::Redirect(_) => "redirect",
            Error::Transport { kind: super::TransportKind::Timeout, .. } => "timeout",
            Error::Transport { kind: super::TransportKind::Connect, .. } => "connect",
            Error::Transport { .. } => "transport",
            Error::InvalidArgument { .. } => "invalid argument",
            Error::CredentialsNotAccepted { .. } => "credentials not accepted",
            Error::Setup(_) => "setup",
        };
        Outcome { status: err.status().map(|s| s.as_u16()), request_id: err.request_id(), failure: Some(failure) }
    }
}

/// Whether anyone listens to attempt events (so their clock reads are worth making).
pub(crate) fn attempts_traced() -> bool {
    tracing::enabled!(tracing::Level::DEBUG)
}

/// One attempt's event.
pub(crate) fn attempt(number: u32, outcome: &Outcome<'_>, elapsed: Duration, retry_in: Option<Duration>) {
    let request_id = outcome.request_id.map(mask_card_numbers);
    tracing::debug!(
        http.request.resend_count = number.saturating_sub(1),
        http.response.status_code = outcome.status,
        cashfree.request_id = request_id.as_deref(),
        error.type = outcome.failure,
        duration_ms = elapsed.as_millis() as u64,
        retry_in_ms = retry_in.map(|d| d.as_millis() as u64),
        "cashfree attempt"
    );
}

/// Records the call's outcome on its span, and says it in one event.
pub(crate) fn finish(span: &tracing::Span, outcome: &Outcome<'_>, attempts: u32, elapsed: Duration) {
    let request_id = outcome.request_id.map(mask_card_numbers);
    let millis = elapsed.as_millis() as u64;
    if let Some(status) = outcome.status {
        span.record("http.response.status_code", status);
    }
    if let Some(id) = request_id.as_deref() {
        span.record("cashfree.request_id", id);
    }
    span.record("cashfree.attempts", attempts);
    span.record("duration_ms", millis);
    span.record("otel.status_code", if outcome.failure.is_some() { "ERROR" } else { "OK" });
    span.in_scope(|| match outcome.failure {
        None => tracing::info!(
            http.response.status_code = outcome.status,
            cashfree.request_id = request_id.as_deref(),
            cashfree.attempts = attempts,
            duration_ms = millis,
            "cashfree call succeeded"
        ),
        Some(failure) => tracing::warn!(
            http.response.status_code = outcome.status,
            cashfree.request_id = request_id.as_deref(),
            cashfree.attempts = attempts,
            error.type = failure,
            duration_ms = millis,
            "cashfree call failed"
        ),
    });
}
