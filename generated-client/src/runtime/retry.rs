//! When and how long to wait before trying a request again. The delays come from `backon`'s exponential
//! backoff with jitter; which failures are retried is decided here.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

/// Opt-in retries: transport failures (connect, timeout), `429` (waiting at least what `x-ratelimit-retry`
/// or `Retry-After` says) and `5xx`. Requests that are not idempotent by method (`POST`, `PATCH`) are retried
/// only when they carry an idempotency key, and then with the same key on every attempt, so a retried payment
/// can never execute twice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
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
}
