//! Client configuration shared by every version module: timeouts, retries, and the HTTP client to send with.

use std::time::Duration;

use super::RetryPolicy;

/// The `User-Agent` every request carries: this crate's name and version.
pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How a client sends. `Config::default()` gives a 30 s request timeout, a 10 s connect timeout and no
/// retries.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) http: Option<reqwest::Client>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::none(),
            http: None,
        }
    }
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// The longest one attempt may take, from sending to the last body byte; `None` waits forever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take. Applies to the HTTP client this crate builds, not to one you give.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retries of transport failures, `429` and `5xx` (see [`RetryPolicy`]). Off by default.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Send through this `reqwest::Client` (your proxy, TLS roots, pool settings) instead of building one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The HTTP client to use: the one given, or one built with rustls and the connect timeout.
    pub(crate) fn build_http(&self) -> Result<reqwest::Client, reqwest::Error> {
        match &self.http {
            Some(http) => Ok(http.clone()),
            None => reqwest::Client::builder().user_agent(USER_AGENT).connect_timeout(self.connect_timeout).build(),
        }
    }
}
