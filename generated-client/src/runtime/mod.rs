//! The hand-written runtime every version module is generated against: configuration, transport with
//! retries, response metadata, errors and redaction. Generated code calls the items marked `#[doc(hidden)]`;
//! users meet the rest.

mod call;
mod config;
mod deadline;
pub(crate) mod decode;
mod error;
mod mask;
mod meta;
#[cfg(feature = "mock")]
#[doc(hidden)]
pub mod mock;
mod paging;
mod redact;
pub(crate) mod request;
mod retry;
mod secret;
mod serde_support;
mod trace;
mod transport;
pub mod webhooks;

/// The optional parts (multipart forms, text and byte bodies, parameter styles, unions), declared by the
/// generated crate root where the generated code uses them, so a build pays only for those it needs (and
/// may need none).
#[allow(unused_imports)]
pub use crate::runtime_parts::*;
pub use bytes::Bytes;
pub use call::Async;
#[cfg(feature = "blocking")]
pub use call::Blocking;
#[doc(hidden)]
pub use call::Call;
pub use config::{Config, DEFAULT_OPERATION_TIMEOUT};
#[doc(hidden)]
pub use decode::{DecodeProblem, ErrorDecoder, decode_bytes, decode_json, decode_text};
pub use error::{ApiFailure, BoxError, DecodeFailure, Error, Redirected, TransportKind, UnexpectedStatus};
pub use mask::{Masked, mask_card_numbers};
pub use meta::{ApiResponse, Idempotency, RateLimit, ResponseMeta};
#[cfg(feature = "mock")]
pub use mock::Mount;
#[doc(hidden)]
pub use paging::next_cursor;
pub use paging::{Items, Pages};
#[doc(hidden)]
pub use redact::RedactedJson;
#[doc(hidden)]
pub use request::{Credential, Request, path_segment};
pub use retry::{FailureClass, Repeatable, RetryPolicy, retryable};
pub use secret::Secret;
#[doc(hidden)]
pub use serde_support::{FromMap, Key, deserialize_map, fill, required, skip};
#[doc(hidden)]
pub use transport::Transport;
