//! Success bodies that are not JSON: text (`text/csv`, `text/plain`) and bytes (`application/pdf`, ...).

use bytes::Bytes;

use crate::runtime::decode::{ErrorDecoder, decode_text};
use crate::runtime::{ApiResponse, Error, Request, Transport};

impl Transport {
    /// Sends `request` and reads a success body as text (`text/csv`, `text/plain`).
    pub async fn send_text<B>(
        &self,
        request: Request,
        errors: ErrorDecoder<B>,
    ) -> Result<ApiResponse<String>, Error<B>> {
        self.exchange(request).await.conclude(errors, |bytes| decode_text(bytes))
    }

    /// Sends `request` and returns a success body as bytes (`application/pdf`, ...).
    pub async fn send_bytes<B>(
        &self,
        request: Request,
        errors: ErrorDecoder<B>,
    ) -> Result<ApiResponse<Bytes>, Error<B>> {
        self.exchange(request).await.conclude(errors, |bytes| Ok(bytes.clone()))
    }
}
