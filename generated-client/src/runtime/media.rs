//! Success bodies that are not JSON: text (`text/csv`, `text/plain`) and bytes (`application/pdf`, ...).

use bytes::Bytes;

use crate::runtime::decode::{ErrorDecoder, decode_failure, decode_text};
use crate::runtime::{ApiResponse, Error, Request, Transport};

impl Transport {
    /// Sends `request` and reads a success body as text (`text/csv`, `text/plain`).
    pub async fn send_text<B>(
        &self,
        request: Request,
        errors: ErrorDecoder<B>,
    ) -> Result<ApiResponse<String>, Error<B>> {
        let (meta, bytes) = self.send_with_retries(&request, errors).await?;
        match decode_text(&bytes) {
            Ok(body) => Ok(ApiResponse { body, meta }),
            Err(problem) => Err(decode_failure(request.operation, meta, &bytes, problem, request.repeatable())),
        }
    }

    /// Sends `request` and returns a success body as bytes (`application/pdf`, ...).
    pub async fn send_bytes<B>(
        &self,
        request: Request,
        errors: ErrorDecoder<B>,
    ) -> Result<ApiResponse<Bytes>, Error<B>> {
        let (meta, body) = self.send_with_retries(&request, errors).await?;
        Ok(ApiResponse { body, meta })
    }
}
