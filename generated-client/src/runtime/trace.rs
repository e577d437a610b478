//! Tracing of calls (the `tracing` crate): one span per call, named `<METHOD> <path template>` as OpenTelemetry
//! names HTTP client spans, and one event per attempt, in it. Fields follow OpenTelemetry's HTTP client
//! conventions where they fit (`http.request.method`, `url.template`, `server.address`,
//! `http.response.status_code`, `http.request.resend_count`), plus the operationId and the response's
//! `x-request-id`. The path template stands in for the path (ids stay out), and nothing else of the request
//! is recorded: no credentials, no query values, no bodies, no error messages (which may quote a server);
//! what is recorded of a response is masked of card numbers.
//!
//! The four callsites are written out as statics over `tracing`'s public callsite API rather than with its
//! macros: the macros expand to about 15% of what checking the runtime costs, paid by every build of every
//! generated crate, and a subscriber sees the same metadata, fields and levels either way.

use std::time::Duration;

use tracing::callsite::{Callsite as _, DefaultCallsite, Identifier};
use tracing::field::{Empty, Field, FieldSet, Value};
use tracing::level_filters::{LevelFilter, STATIC_MAX_LEVEL};
use tracing::metadata::Kind;
use tracing::{Event, Level, Metadata, Span};

use super::mask::mask_card_numbers;
use super::{Error, Request, ResponseMeta};

/// A callsite: its `DefaultCallsite` static and the metadata it registers (one flat expansion, not the
/// recursive one of `tracing`'s macros).
macro_rules! callsite {
    ($callsite:ident, $meta:ident, $name:literal, $level:expr, $kind:expr, [$($field:literal),* $(,)?]) => {
        static $callsite: DefaultCallsite = DefaultCallsite::new(&$meta);
        static $meta: Metadata<'static> = Metadata::new(
            $name,
            module_path!(),
            $level,
            Some(file!()),
            Some(line!()),
            Some(module_path!()),
            FieldSet::new(&[$($field),*], Identifier(&$callsite)),
            $kind,
        );
    };
}

callsite!(
    CALL,
    CALL_META,
    "cashfree.request",
    Level::INFO,
    Kind::SPAN,
    [
        "otel.name",
        "otel.kind",
        "otel.status_code",
        "cashfree.operation_id",
        "http.request.method",
        "url.template",
        "server.address",
        "http.response.status_code",
        "cashfree.request_id",
        "cashfree.attempts",
        "duration_ms",
    ]
);
callsite!(
    ATTEMPT,
    ATTEMPT_META,
    "cashfree attempt",
    Level::DEBUG,
    Kind::EVENT,
    [
        "message",
        "http.request.resend_count",
        "http.response.status_code",
        "cashfree.request_id",
        "error.type",
        "duration_ms",
        "retry_in_ms",
    ]
);
callsite!(SUCCEEDED, SUCCEEDED_META, "cashfree call succeeded", Level::INFO, Kind::EVENT, ["message", "error.type"]);
callsite!(FAILED, FAILED_META, "cashfree call failed", Level::WARN, Kind::EVENT, ["message", "error.type"]);

/// The callsite's metadata when a subscriber wants what it records.
fn enabled(callsite: &'static DefaultCallsite) -> Option<&'static Metadata<'static>> {
    let meta = callsite.metadata();
    let level = LevelFilter::from_level(*meta.level());
    if level > STATIC_MAX_LEVEL || level > LevelFilter::current() {
        return None;
    }
    let interest = callsite.interest();
    if interest.is_never() {
        return None;
    }
    (interest.is_always() || tracing::dispatcher::get_default(|d| d.enabled(meta))).then_some(meta)
}

/// The callsite's fields paired with `values`, in order, for `f` (`None` only if `N` is not the number of
/// fields the callsite declares).
fn with_values<const N: usize, R>(
    meta: &'static Metadata<'static>,
    values: [Option<&dyn Value>; N],
    f: impl FnOnce(&tracing::field::ValueSet<'_>) -> R,
) -> Option<R> {
    let fields = meta.fields();
    if fields.len() != N {
        return None;
    }
    // No allocation: every traced call comes through here. The lengths agree, so the fallback is never taken.
    let first = fields.iter().next()?;
    let mut names_in_order = fields.iter();
    let names: [Field; N] = std::array::from_fn(|_| names_in_order.next().unwrap_or_else(|| first.clone()));
    let pairs: [(&Field, Option<&dyn Value>); N] = std::array::from_fn(|i| (&names[i], values[i]));
    Some(f(&fields.value_set(&pairs)))
}

/// The span of one call, its response fields still empty.
pub(crate) fn call_span(request: &Request, server: &str) -> Span {
    let Some(meta) = enabled(&CALL) else { return Span::none() };
    let template = if request.template.is_empty() { "(unknown)" } else { request.template };
    let name = format!("{} {template}", request.method);
    let method = request.method.as_str();
    with_values(
        meta,
        [
            Some(&name as &dyn Value),
            Some(&"client"),
            Some(&Empty),
            Some(&request.operation),
            Some(&method),
            Some(&template),
            Some(&server),
            Some(&Empty),
            Some(&Empty),
            Some(&Empty),
            Some(&Empty),
        ],
        |values| Span::new(meta, values),
    )
    .unwrap_or_else(Span::none)
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
            Error::Setup(_) | Error::RuntimeSetup(_) => "setup",
        };
        Outcome { status: err.status().map(|s| s.as_u16()), request_id: err.request_id(), failure: Some(failure) }
    }
}

/// Whether anyone listens to attempt events (so their clock reads are worth making).
pub(crate) fn attempts_traced() -> bool {
    enabled(&ATTEMPT).is_some()
}

/// `event` as a child of the call's `span` (given as the parent, not entered: the call's future is never
/// wrapped in the span, which would be one more future to move on every call), or of the current span when
/// the call's span is off.
fn dispatch(span: &Span, meta: &'static Metadata<'static>, values: &tracing::field::ValueSet<'_>) {
    match span.id() {
        Some(id) => Event::child_of(id, meta, values),
        None => Event::dispatch(meta, values),
    }
}

/// One attempt's event, in the call's span.
pub(crate) fn attempt(span: &Span, number: u32, outcome: &Outcome<'_>, elapsed: Duration, retry_in: Option<Duration>) {
    let Some(meta) = enabled(&ATTEMPT) else { return };
    let request_id = outcome.request_id.map(mask_card_numbers);
    let request_id = request_id.as_deref();
    let resend = number.saturating_sub(1);
    let millis = elapsed.as_millis() as u64;
    let retry_in = retry_in.map(|d| d.as_millis() as u64);
    with_values(
        meta,
        [
            Some(&format_args!("cashfree attempt") as &dyn Value),
            Some(&resend),
            outcome.status.as_ref().map(|s| s as &dyn Value),
            request_id.as_ref().map(|s| s as &dyn Value),
            outcome.failure.as_ref().map(|s| s as &dyn Value),
            Some(&millis),
            retry_in.as_ref().map(|s| s as &dyn Value),
        ],
        |values| dispatch(span, meta, values),
    );
}

/// Records the call's outcome on its span, and says it in one event.
pub(crate) fn finish(span: &Span, outcome: &Outcome<'_>, attempts: u32, elapsed: Duration) {
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
    let (callsite, message) = match outcome.failure {
        None => (&SUCCEEDED, format_args!("cashfree call succeeded")),
        Some(_) => (&FAILED, format_args!("cashfree call failed")),
    };
    let Some(meta) = enabled(callsite) else { return };
    with_values(meta, [Some(&message as &dyn Value), outcome.failure.as_ref().map(|s| s as &dyn Value)], |values| {
        dispatch(span, meta, values)
    });
}
