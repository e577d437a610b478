//! A request as generated code describes it: method, filled path, query pairs, headers, credentials and
//! body. Built once and sent as is on every attempt, so a retried request carries the same idempotency
//! key and the same body.

use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};

use super::retry::Repeatable;
use super::{Error, Form, Secret, redact};

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

/// Header names that mark a request as safe to repeat whatever its method.
const IDEMPOTENCY_HEADERS: &[&str] = &["x-idempotency-key", "idempotency-key"];

/// A path parameter as one percent-encoded segment: `a/b` can never become two segments. A value that
/// would still move the request to another resource, an empty one, `.` or `..` (in any percent-encoding
/// or case, decoded as many times as a server might), is refused before anything is sent.
pub fn path_segment<B>(operation: &'static str, name: &'static str, value: &str) -> Result<String, Error<B>> {
    let mut decoded = std::borrow::Cow::Borrowed(value);
    for _ in 0..4 {
        if matches!(decoded.as_ref(), "" | "." | "..") {
            return Err(Error::InvalidArgument {
                operation,
                what: format!("path parameter `{name}`"),
                reason: "an empty value, `.` or `..` would address another resource".to_owned(),
            });
        }
        let next = percent_decode_str(&decoded).decode_utf8_lossy().into_owned();
        if next == decoded {
            break;
        }
        decoded = std::borrow::Cow::Owned(next);
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// One HTTP request.
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<Body>,
}

/// A request body: bytes with their content type, or a multipart form rebuilt for every attempt.
#[derive(Debug)]
pub(crate) enum Body {
    Bytes { content_type: HeaderValue, bytes: Bytes },
    Multipart(Form),
}

impl Request {
    pub fn new(method: Method, operation: &'static str, path: String) -> Self {
        Request { operation, method, path, query: Vec::new(), headers: Vec::new(), body: None }
    }

    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Adds a header; fails, naming the header but never the value, when the value can't be sent.
    pub fn header<B>(&mut self, name: &'static str, value: String) -> Result<(), Error<B>> {
        let value = HeaderValue::try_from(value).map_err(|_| self.invalid_header(name))?;
        let name = HeaderName::try_from(name).map_err(|_| self.invalid_header(name))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds the credential headers of `alternative`, if the operation accepts it. Values are marked sensitive,
    /// so HTTP/2 never indexes them and `Debug` of the header map hides them.
    pub fn authenticate<B>(
        &mut self,
        alternative: &'static str,
        headers: &[(&'static str, &Secret)],
        accepted: &[&str],
    ) -> Result<(), Error<B>> {
        if !accepted.contains(&alternative) {
            let accepted = accepted.join(", ");
            return Err(Error::CredentialsNotAccepted { operation: self.operation, given: alternative, accepted });
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
    pub fn json_body<T: serde::Serialize, B>(&mut self, body: &T) -> Result<(), Error<B>> {
        let bytes = serde_json::to_vec(body).map_err(|err| Error::InvalidArgument {
            operation: self.operation,
            what: "request body".to_owned(),
            reason: redact::redact_message(&err.to_string()),
        })?;
        let content_type = HeaderValue::from_static("application/json");
        self.body = Some(Body::Bytes { content_type, bytes: Bytes::from(bytes) });
        Ok(())
    }

    /// Sends `form` as the `multipart/form-data` body.
    pub fn multipart(&mut self, form: Form) {
        self.body = Some(Body::Multipart(form));
    }

    pub(crate) fn invalid_header<B>(&self, name: &str) -> Error<B> {
        Error::InvalidArgument {
            operation: self.operation,
            what: format!("header `{name}`"),
            reason: "the value has characters a header cannot carry".to_owned(),
        }
    }

    /// Safe to send twice: `GET`, `HEAD` or `OPTIONS`, or an idempotency key the server deduplicates on.
    pub(crate) fn repeatable(&self) -> Repeatable {
        let safe_method = matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if safe_method || self.headers.iter().any(|(name, _)| IDEMPOTENCY_HEADERS.contains(&name.as_str())) {
            Repeatable::Yes
        } else {
            Repeatable::No
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_in_their_own_sensitive_headers() {
        let mut request = Request::new(Method::GET, "Op", "/x".to_owned());
        let (id, secret) = (Secret::new("app-id"), Secret::new("s3cret"));
        let headers = [("x-client-id", &id), ("x-client-secret", &secret)];
        request.authenticate::<()>("IdSecret", &headers, &["IdSecret"]).expect("accepted");
        let sent: Vec<(&str, bool)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.is_sensitive())).collect();
        assert_eq!(sent, [("x-client-id", true), ("x-client-secret", true)]);
        assert!(!format!("{request:?}").contains("s3cret"));
    }

    #[test]
    fn credentials_an_operation_does_not_accept_are_refused_by_name_only() {
        let mut request = Request::new(Method::GET, "Op", "/x".to_owned());
        let secret = Secret::new("s3cret");
        let err =
            request.authenticate::<()>("Other", &[("x-client-secret", &secret)], &["IdSecret"]).expect_err("refused");
        assert_eq!(err.to_string(), "Op: credentials `Other` are not accepted; use one of: IdSecret");
        assert!(request.headers.is_empty());
    }

    #[test]
    fn path_segments_are_encoded_whole() {
        let segment = |value: &str| path_segment::<()>("Op", "id", value);
        assert_eq!(segment("a/b c?d#e%").expect("valid"), "a%2Fb%20c%3Fd%23e%25");
        assert_eq!(segment("akshita2106").expect("valid"), "akshita2106");
        assert_eq!(segment("...").expect("valid"), "...");
        assert_eq!(segment("a..b").expect("valid"), "a..b");
    }

    #[test]
    fn path_segments_that_leave_their_place_are_refused() {
        for value in ["", ".", "..", "%2e", "%2E%2e", ".%2E", "%2e.", "%252e%252E", "%25252e"] {
            let err = path_segment::<()>("Op", "customer_id", value).expect_err(value);
            let expected = "Op: invalid path parameter `customer_id`: an empty value, `.` or `..` would address \
                            another resource";
            assert_eq!(err.to_string(), expected);
        }
    }

    #[test]
    fn only_safe_methods_and_keyed_requests_are_repeatable() {
        for (method, expected) in [
            (Method::GET, Repeatable::Yes),
            (Method::HEAD, Repeatable::Yes),
            (Method::OPTIONS, Repeatable::Yes),
            (Method::DELETE, Repeatable::No),
            (Method::PUT, Repeatable::No),
            (Method::POST, Repeatable::No),
        ] {
            assert_eq!(Request::new(method.clone(), "Op", "/x".to_owned()).repeatable(), expected, "{method}");
        }
        let mut keyed = Request::new(Method::DELETE, "Op", "/x".to_owned());
        keyed.header::<()>("x-idempotency-key", "k1".to_owned()).expect("header");
        assert_eq!(keyed.repeatable(), Repeatable::Yes);
    }
}
