//! When a failed request may be tried again, and how long to wait first. Which failures are retried is
//! decided by one function, [`retryable`], that both [`Error::is_retryable`](super::Error::is_retryable) and
//! the transport's retry loop call; the delays come from `backon`'s exponential backoff with jitter.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::StatusCode;

/// What the server may have done with a request that failed, as far as the client can tell. Decided by
/// the status and the transport failure alone, never by whether a body decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// The request surely did not reach the server: the connection was refused, DNS failed, or the TLS
    /// handshake failed. Safe to send again, whatever the method.
    NotSent,
    /// The server turned the request away before acting on it: `429`, or `503` with `Retry-After` or
    /// `x-ratelimit-retry`. Safe to send again, whatever the method.
    Rejected,
    /// The outcome is unknown: a timeout, a connection lost after sending, or another `5xx`. The server
    /// may have acted, so only a request that is safe to repeat is sent again.
    Unknown,
    /// Sending again would not help (a `4xx`, a redirect, a success body that does not decode), or nothing
    /// was sent because the client refused the call.
    Final,
}

impl FailureClass {
    /// The class of a response with `status`; `asked_to_wait` is whether it carries a retry header.
    pub fn of_status(status: StatusCode, asked_to_wait: bool) -> Self {
        if status == StatusCode::TOO_MANY_REQUESTS || (status == StatusCode::SERVICE_UNAVAILABLE && asked_to_wait) {
            FailureClass::Rejected
        } else if status.is_server_error() {
            FailureClass::Unknown
        } else {
            FailureClass::Final
        }
    }

    /// The class of a response: by its status, and whether it asks to wait.
    pub(crate) fn of_response(meta: &super::ResponseMeta) -> Self {
        Self::of_status(meta.status, meta.retry_after().is_some())
    }
}

/// Whether a request is safe to send twice: its method is `GET`, `HEAD` or `OPTIONS`, or it carries an
/// idempotency key the server deduplicates on. `PUT` and `DELETE` are not, without a key: a retried
/// delete whose first attempt succeeded would report a 404 for a delete that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeatable {
    Yes,
    No,
}

/// The retry rule: failures of classes [`NotSent`](FailureClass::NotSent) and
/// [`Rejected`](FailureClass::Rejected) are retried for every request; [`Unknown`](FailureClass::Unknown)
/// only for requests that are safe to repeat; [`Final`](FailureClass::Final) never.
pub fn retryable(class: FailureClass, repeatable: Repeatable) -> bool {
    match class {
        FailureClass::NotSent | FailureClass::Rejected => true,
        FailureClass::Unknown => repeatable == Repeatable::Yes,
        FailureClass::Final => false,
    }
}

/// The longest server-requested wait honoured by default.
const DEFAULT_MAX_SERVER_WAIT: Duration = Duration::from_secs(60);

/// Opt-in retries, by the rule of [`retryable`]: requests that did not reach the server and requests the
/// server turned away (`429`, `503` with a retry header) are retried whatever their method; timeouts,
/// connections lost after sending and other `5xx` only for `GET`, `HEAD`, `OPTIONS` and requests carrying
/// an idempotency key (then with the same key on every attempt, so a retried payment never executes
/// twice). A server-requested wait (`x-ratelimit-retry`, `Retry-After`) is honoured up to
/// [`max_server_wait`](Self::max_server_wait) and within the call's deadline
/// ([`Config::operation_timeout`](super::Config::operation_timeout)); a longer one ends the call at once
/// with the error, whose [`retry_after`](super::Error::retry_after) says how long the server asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_server_wait: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_server_wait: DEFAULT_MAX_SERVER_WAIT,
            jitter: true,
        }
    }

    /// Up to `max_attempts` attempts in all (the first included), waiting 200 ms, 400 ms, 800 ms, ... with
    /// jitter, never more than 10 s between attempts (unless the server asks for longer).
    pub fn exponential(max_attempts: u32) -> Self {
        RetryPolicy { max_attempts: max_attempts.max(1), ..Self::none() }
    }

    /// The first delay; each next one doubles.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The cap on a computed delay. A server's `x-ratelimit-retry` or `Retry-After` is still honoured above it.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait a server may ask for (`x-ratelimit-retry`, `Retry-After`) that is still honoured
    /// (60 s by default). A longer request ends the call with the error instead of sleeping.
    pub fn max_server_wait(mut self, wait: Duration) -> Self {
        self.max_server_wait = wait;
        self
    }

    pub(crate) fn server_wait_limit(&self) -> Duration {
        self.max_server_wait
    }

    /// Whether delays are randomised (on by default, so clients that failed together don't retry together).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The waits before attempts 2, 3, ...: `max_attempts - 1` of them.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> + use<> {
        let retries = self.max_attempts.saturating_sub(1) as usize;
        let builder = ExponentialBuilder::new()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(retries);
        let builder = if self.jitter { builder.with_jitter() } else { builder };
        builder.build().take(retries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        let policy = RetryPolicy::exponential(5)
            .initial_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(300))
            .jitter(false);
        // backon computes in f32, so compare whole milliseconds.
        let delays: Vec<_> = policy.delays().map(|d| d.as_millis()).collect();
        assert_eq!(delays, [100, 200, 300, 300]);
        assert_eq!(RetryPolicy::none().delays().count(), 0);
        assert_eq!(RetryPolicy::exponential(0).max_attempts(), 1);
    }

    #[test]
    fn classes_by_status() {
        let class = |code: u16, asked: bool| FailureClass::of_status(StatusCode::from_u16(code).unwrap(), asked);
        assert_eq!(class(429, false), FailureClass::Rejected);
        assert_eq!(class(503, true), FailureClass::Rejected);
        assert_eq!(class(503, false), FailureClass::Unknown);
        assert_eq!(class(500, true), FailureClass::Unknown);
        assert_eq!(class(502, false), FailureClass::Unknown);
        assert_eq!(class(404, true), FailureClass::Final);
        assert_eq!(class(302, false), FailureClass::Final);
    }

    #[test]
    fn the_rule() {
        use FailureClass::*;
        for repeatable in [Repeatable::Yes, Repeatable::No] {
            assert!(retryable(NotSent, repeatable));
            assert!(retryable(Rejected, repeatable));
            assert!(!retryable(Final, repeatable));
        }
        assert!(retryable(Unknown, Repeatable::Yes));
        assert!(!retryable(Unknown, Repeatable::No));
    }
}
