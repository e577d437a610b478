//! The hand-written runtime every version module is generated against: configuration, transport with
//! retries, response metadata, errors and redaction. Generated code calls the items marked `#[doc(hidden)]`;
//! users meet the rest.

mod config;
mod deadline;
mod decode;
mod error;
mod form;
mod mask;
mod meta;
#[cfg(feature = "mock")]
#[doc(hidden)]
pub mod mock;
mod redact;
mod request;
mod retry;
mod secret;
mod serde_support;
mod style;
mod trace;
mod transport;
mod union;
pub mod webhooks;

pub use bytes::Bytes;
pub use config::{Config, DEFAULT_OPERATION_TIMEOUT};
#[doc(hidden)]
pub use decode::{DecodeProblem, ErrorDecoder, decode_bytes, decode_json, decode_text};
pub use error::{ApiFailure, BoxError, DecodeFailure, Error, Redirected, TransportKind, UnexpectedStatus};
#[doc(hidden)]
pub use form::Form;
pub use form::{FilePart, Part};
pub use mask::{Masked, mask_card_numbers};
pub use meta::{ApiResponse, Idempotency, RateLimit, ResponseMeta};
#[doc(hidden)]
pub use request::{Credential, Request, path_segment};
pub use retry::{FailureClass, Repeatable, RetryPolicy, retryable};
pub use secret::Secret;
#[doc(hidden)]
pub use serde_support::{Key, fill, required, skip};
#[doc(hidden)]
pub use style::Style;
#[doc(hidden)]
pub use transport::Transport;
#[doc(hidden)]
pub use union::{JsonKind, RedactedJson, VariantRule, select_variant};
