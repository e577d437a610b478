//! A successful response: the decoded body and what the response said about itself.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The typed body of a successful call, with its metadata.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    pub body: T,
    pub meta: ResponseMeta,
}

impl<T> ApiResponse<T> {
    /// The body, dropping the metadata.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// The HTTP status and headers of a response.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    pub status: StatusCode,
    pub headers: HeaderMap,
}

impl ResponseMeta {
    /// A header's value as text, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `x-request-id`, the id to quote to Cashfree support.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id").filter(|v| !v.is_empty())
    }
}
