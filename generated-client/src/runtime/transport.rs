//! Sending: a [`Request`] built by generated code goes out over reqwest; the answer comes back decoded.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::error::excerpt;
use super::{ApiResponse, Error, ResponseMeta, Secret};

/// Characters escaped in one path segment: RFC 3986 `pchar` minus what would end or split the segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// A path parameter as one percent-encoded segment: `a/b` can never become two segments.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// The `reqwest::Client` a client gets when none is given: rustls, and a `User-Agent` naming this crate.
pub fn default_http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(Error::Setup)
}

/// Shared by all clones of a client: the connection pool and the base URL.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
}

/// One HTTP request as generated code describes it.
#[derive(Debug)]
pub struct Request {
    operation: &'static str,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Vec<u8>>,
}

impl Request {
    pub fn new(method: Method, operation: &'static str, path: String) -> Self {
        Request { operation, method, path, query: Vec::new(), headers: Vec::new(), body: None }
    }

    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Adds a header; fails, naming the header but not the value, when the value can't be sent.
    pub fn header(&mut self, name: &'static str, value: String) -> Result<(), Error> {
        let value = HeaderValue::try_from(value).map_err(|_| self.invalid_header(name))?;
        let name = HeaderName::try_from(name).map_err(|_| self.invalid_header(name))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds the credential headers of `alternative`, if the operation accepts it. Values are marked sensitive,
    /// so HTTP/2 never indexes them and reqwest's `Debug` hides them.
    pub fn authenticate(
        &mut self,
        alternative: &'static str,
        headers: &[(&'static str, &Secret)],
        accepted: &[&str],
    ) -> Result<(), Error> {
        if !accepted.contains(&alternative) {
            return Err(Error::CredentialsNotAccepted {
                operation: self.operation,
                given: alternative,
                accepted: accepted.join(", "),
            });
        }
        for (name, secret) in headers {
            let mut value = HeaderValue::from_str(secret.expose()).map_err(|_| self.invalid_header(name))?;
            value.set_sensitive(true);
            let name = HeaderName::try_from(*name).map_err(|_| self.invalid_header(name))?;
            self.headers.push((name, value));
        }
        Ok(())
    }

    /// Serializes `body` as the JSON request body.
    pub fn json_body<T: serde::Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|err| Error::InvalidArgument {
            operation: self.operation,
            what: "request body".to_owned(),
            reason: err.to_string(),
        })?;
        self.body = Some(bytes);
        Ok(())
    }

    fn invalid_header(&self, name: &str) -> Error {
        Error::InvalidArgument {
            operation: self.operation,
            what: format!("header `{name}`"),
            reason: "the value has characters a header cannot carry".to_owned(),
        }
    }
}

impl Transport {
    pub fn new(http: reqwest::Client, base_url: &str) -> Self {
        Transport { http, base_url: base_url.trim_end_matches('/').to_owned() }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request` and decodes a success body as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<ApiResponse<T>, Error> {
        let operation = request.operation;
        let (meta, bytes) = self.exchange(request).await?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(body) => Ok(ApiResponse { body, meta }),
            Err(err) => Err(Error::Decode {
                operation,
                status: meta.status,
                path: err.path().to_string(),
                message: err.into_inner().to_string(),
                meta: Box::new(meta),
            }),
        }
    }

    /// Sends `request` for an operation whose success response has no body.
    pub async fn send_unit(&self, request: Request) -> Result<ApiResponse<()>, Error> {
        let (meta, _) = self.exchange(request).await?;
        Ok(ApiResponse { body: (), meta })
    }

    /// One round trip: the status and headers, and the body bytes of a success response.
    async fn exchange(&self, request: Request) -> Result<(ResponseMeta, Vec<u8>), Error> {
        let operation = request.operation;
        let transport = |source| Error::Transport { operation, source };
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self.http.request(request.method, url).header(reqwest::header::ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        }
        let response = builder.send().await.map_err(transport)?;
        let meta = ResponseMeta { status: response.status(), headers: response.headers().clone() };
        let bytes = response.bytes().await.map_err(transport)?;
        if !is_success(meta.status) {
            return Err(Error::Status { operation, status: meta.status, body: excerpt(&bytes), meta: Box::new(meta) });
        }
        Ok((meta, bytes.to_vec()))
    }
}

fn is_success(status: StatusCode) -> bool {
    status.is_success()
}
