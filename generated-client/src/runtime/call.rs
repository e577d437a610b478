//! What a request builder carries besides its parameters: the call's own [`Config`], if any (set by the
//! builder's `with_config`), and how it is sent: [`Async`] (`send().await`) or, with the `blocking` feature,
//! [`Blocking`] (`send()` on the blocking client's runtime).

use super::{Config, Request};

/// The per-call part of a request builder.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct Call<M = Async> {
    config: Option<Box<Config>>,
    mode: M,
}

impl<M> Call<M> {
    /// A call sent in `mode`, with the client's settings.
    pub fn new(mode: M) -> Self {
        Call { config: None, mode }
    }

    /// Sends the call with `config` instead of the client's settings.
    pub fn set_config(&mut self, config: Config) {
        self.config = Some(Box::new(config));
    }

    /// Hands the call's settings to the request it sends.
    pub fn apply(self, request: &mut Request) {
        request.config = self.config;
    }

    /// The same settings, sent from async code; and the mode it leaves.
    pub fn into_async(self) -> (Call<Async>, M) {
        (Call { config: self.config, mode: Async }, self.mode)
    }
}

/// A request builder of the async client: `send()` is a future.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Async;

/// A request builder of a blocking client (feature `blocking`): `send()` returns when the call is done.
#[cfg(feature = "blocking")]
#[derive(Debug, Clone, Copy)]
pub struct Blocking<'a>(&'a tokio::runtime::Runtime);

#[cfg(feature = "blocking")]
impl<'a> Blocking<'a> {
    #[doc(hidden)]
    pub fn new(runtime: &'a tokio::runtime::Runtime) -> Self {
        Blocking(runtime)
    }

    /// Runs `call` to its end on the blocking client's runtime.
    #[doc(hidden)]
    pub fn run<F: std::future::Future>(self, call: F) -> F::Output {
        self.0.block_on(call)
    }
}
