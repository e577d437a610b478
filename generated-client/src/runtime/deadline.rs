//! The deadline of one call: every attempt, every wait between attempts and every body read fit in it.

use std::time::{Duration, Instant};

/// When a call must be over, if it is bounded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    end: Option<Instant>,
}

impl Deadline {
    /// A deadline `limit` from now; `None` never ends.
    pub(crate) fn start(limit: Option<Duration>) -> Self {
        Deadline { end: limit.and_then(|limit| Instant::now().checked_add(limit)) }
    }

    /// What is left; `None` when unbounded.
    pub(crate) fn remaining(&self) -> Option<Duration> {
        self.end.map(|end| end.saturating_duration_since(Instant::now()))
    }

    /// The timeout of the next attempt: the per-attempt timeout, cut to what is left of the call.
    pub(crate) fn attempt_timeout(&self, per_attempt: Option<Duration>) -> Option<Duration> {
        match (per_attempt, self.remaining()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether waiting `wait` still leaves time for another attempt.
    pub(crate) fn allows_wait(&self, wait: Duration) -> bool {
        self.remaining().is_none_or(|left| left > wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_cut_to_what_is_left() {
        let unbounded = Deadline::start(None);
        assert_eq!(unbounded.attempt_timeout(Some(Duration::from_secs(3))), Some(Duration::from_secs(3)));
        assert_eq!(unbounded.attempt_timeout(None), None);
        assert!(unbounded.allows_wait(Duration::from_secs(3600)));

        let short = Deadline::start(Some(Duration::from_secs(1)));
        let cut = short.attempt_timeout(Some(Duration::from_secs(30))).expect("bounded");
        assert!(cut <= Duration::from_secs(1));
        assert!(short.attempt_timeout(None).expect("bounded") <= Duration::from_secs(1));
        assert!(!short.allows_wait(Duration::from_secs(2)));
        assert!(short.allows_wait(Duration::from_millis(10)));
    }
}
