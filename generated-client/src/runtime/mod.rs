//! The hand-written runtime every version module is generated against: configuration, transport with
//! retries, response metadata, errors and redaction. Generated code calls the items marked `#[doc(hidden)]`;
//! users meet the rest.

mod config;
mod error;
mod form;
mod meta;
mod redact;
mod retry;
mod secret;
mod transport;
mod union;

pub use config::Config;
pub use error::{ApiFailure, DecodeFailure, Error, TransportKind, UnexpectedStatus};
#[doc(hidden)]
pub use form::Form;
pub use form::{FilePart, Part};
pub use meta::{ApiResponse, Idempotency, RateLimit, ResponseMeta};
pub use retry::RetryPolicy;
pub use secret::Secret;
#[doc(hidden)]
pub use transport::{DecodeProblem, ErrorDecoder, Request, Transport, decode_json, encode_path_segment};
#[doc(hidden)]
pub use union::{JsonKind, RedactedJson, VariantRule, select_variant};
