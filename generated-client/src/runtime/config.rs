//! Client configuration shared by every version module: timeouts, retries, and the HTTP client to send with.

use std::time::Duration;

use super::RetryPolicy;

/// The `User-Agent` every request carries: this crate's name and version.
pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The default bound on a whole call: every attempt, every wait between attempts, every body read.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(60);

/// How a client sends. `Config::default()` gives a 30 s timeout per attempt, a 60 s deadline for the
/// whole call, a 10 s connect timeout, no retries, and an HTTP client that never follows redirects.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) http: Option<reqwest::Client>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: Some(Duration::from_secs(30)),
            operation_timeout: Some(DEFAULT_OPERATION_TIMEOUT),
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

    /// The longest one attempt may take, from connecting to the last body byte; `None` leaves attempts
    /// bounded only by the call's deadline.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The deadline of a whole call: attempts, waits between them and body reads all fit in it (60 s by
    /// default; `None` for no deadline). Each attempt's timeout is cut to what is left; a retry whose wait
    /// would not fit is not made, and the last error is returned instead. Raise it with `timeout` when
    /// single calls may legitimately take longer.
    pub fn operation_timeout(mut self, deadline: Option<Duration>) -> Self {
        self.operation_timeout = deadline;
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
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: the client this crate builds never
    /// follows redirects, because a followed redirect to another host would carry the credential headers,
    /// the idempotency key and the body there. A response that arrives from another origin anyway is refused
    /// as [`Error::Redirect`](super::Error::Redirect), but by then the request has been sent.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The HTTP client to use: the one given, or one built with rustls, the connect timeout, and no
    /// redirects.
    pub(crate) fn build_http(&self) -> Result<reqwest::Client, reqwest::Error> {
        match &self.http {
            Some(http) => Ok(http.clone()),
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build(),
        }
    }
}
