//! The hand-written runtime every version module is generated against: configuration, transport with
//! retries, response metadata, errors and redaction. Generated code calls the items marked `#[doc(hidden)]`;
//! users meet the rest.

mod config;
mod error;
mod meta;
mod redact;
mod retry;
mod secret;
mod transport;

pub use config::Config;
pub use error::{ApiFailure, DecodeFailure, Error, TransportKind, UnexpectedStatus};
pub use meta::{ApiResponse, Idempotency, RateLimit, ResponseMeta};
pub use retry::RetryPolicy;
pub use secret::Secret;
#[doc(hidden)]
pub use transport::{DecodeProblem, ErrorDecoder, Request, Transport, decode_json, encode_path_segment};

/// The README's Rust examples, compiled as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExamples;
