//! The hand-written runtime every version module is generated against: transport, credentials handling,
//! responses and errors. Generated code calls the items marked `#[doc(hidden)]`; users meet the rest.

mod error;
mod response;
mod secret;
mod transport;

pub use error::Error;
pub use response::{ApiResponse, ResponseMeta};
pub use secret::Secret;
#[doc(hidden)]
pub use transport::{Request, Transport, default_http_client, encode_path_segment};
