//! A request as generated code describes it: method, filled path, query pairs, headers, credentials and
//! body. Built once and sent as is on every attempt, so a retried request carries the same idempotency
//! key and the same body.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use super::retry::Repeatable;
use super::{Config, Error, Secret, redact};

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
pub fn path_segment<'v, B>(
    operation: &'static str,
    name: &'static str,
    value: &'v str,
) -> Result<Cow<'v, str>, Error<B>> {
    let mut decoded = Cow::Borrowed(value);
    for _ in 0..4 {
        if matches!(decoded.as_ref(), "" | "." | "..") {
            return Err(Error::InvalidArgument {
                operation,
                what: format!("path parameter `{name}`"),
                reason: "an empty value, `.` or `..` would address another resource".to_owned(),
            });
        }
        // Borrowed: nothing was percent-encoded, so nothing more can be decoded.
        let next = match percent_decode_str(&decoded).decode_utf8_lossy() {
            Cow::Borrowed(_) => break,
            Cow::Owned(next) => next,
        };
        if next == decoded {
            break;
        }
        decoded = Cow::Owned(next);
    }
    // Borrowed when nothing needs escaping, as ids almost never do.
    Ok(utf8_percent_encode(value, SEGMENT).into())
}

/// One HTTP request.
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// The path template (`/customers/{customer_id}`): what traces show, never the filled path.
    pub(crate) template: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// Credentials sent as query parameters: in the URL, never in `Debug` or logs.
    pub(crate) secret_query: Vec<(&'static str, Secret)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) cookies: Vec<(Cow<'static, str>, Secret)>,
    pub(crate) accept: &'static str,
    pub(crate) auth: Option<Authorization>,
    pub(crate) body: Option<Body>,
    /// This call's own settings (a request builder's `with_config`), instead of the client's.
    pub(crate) config: Option<Box<Config>>,
}

/// The base URL of a client: its text (without a trailing `/`) and that text parsed, read once for all the
/// client's requests.
#[derive(Debug)]
pub(crate) struct BaseUrl {
    pub(crate) text: String,
    pub(crate) parsed: Option<url::Url>,
}

impl BaseUrl {
    pub(crate) fn new(base: &str) -> BaseUrl {
        let text = base.trim_end_matches('/').to_owned();
        let parsed = url::Url::parse(&text).ok();
        BaseUrl { text, parsed }
    }

    /// The parsed base, when requests can be made from it by setting a path and query: it has a host, and
    /// no query or fragment of its own.
    fn ordinary(&self) -> Option<&url::Url> {
        self.parsed.as_ref().filter(|url| url.has_host() && url.query().is_none() && url.fragment().is_none())
    }
}

/// An `Authorization` header reqwest writes (and marks sensitive).
#[derive(Clone)]
pub(crate) enum Authorization {
    Bearer(Secret),
    Basic(Secret, Secret),
}

/// A request body: bytes with their content type, or a multipart form rebuilt for every attempt (a
/// reqwest form is sent once; the parts it is built from are kept).
pub(crate) enum Body {
    Bytes {
        content_type: HeaderValue,
        bytes: Bytes,
    },
    /// Made by the multipart part of the runtime, which a crate compiles only if an operation sends a form.
    #[allow(dead_code)]
    Multipart(Box<MultipartBuilder>),
}

/// Builds the multipart form of one attempt.
pub(crate) type MultipartBuilder = dyn Fn() -> Result<reqwest::multipart::Form, reqwest::Error> + Send + Sync;

/// One credential of an alternative, as generated code passes it.
pub enum Credential<'a> {
    Header(&'static str, &'a Secret),
    /// A header named by a constant the generator checked.
    KnownHeader(HeaderName, &'a Secret),
    Query(&'static str, &'a Secret),
    Cookie(&'static str, &'a Secret),
    Bearer(&'a Secret),
    Basic {
        username: &'a Secret,
        password: &'a Secret,
    },
}

/// Query values, cookies and bodies can hold personal data, and credentials ride in some of them: `Debug`
/// shows names and sizes only.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(k, _)| k.as_ref()).collect();
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        let body = match &self.body {
            Some(Body::Bytes { content_type, bytes }) => format!("{} bytes of {content_type:?}", bytes.len()),
            Some(Body::Multipart(_)) => "multipart form".to_owned(),
            None => "none".to_owned(),
        };
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("query", &query)
            .field("headers", &headers)
            .field("credentials in query", &self.secret_query.len())
            .field("cookies", &self.cookies.len())
            .field("body", &body)
            .field("config", &self.config)
            .finish()
    }
}

impl Request {
    pub fn new(method: Method, operation: &'static str, path: String) -> Self {
        Request {
            operation,
            method,
            template: "",
            path,
            query: Vec::new(),
            secret_query: Vec::new(),
            // The version header and two credential headers are the common case: one allocation.
            headers: Vec::with_capacity(4),
            cookies: Vec::new(),
            accept: "application/json",
            auth: None,
            body: None,
            config: None,
        }
    }

    /// A request of the operation `operation` (its `operationId`) to `path`, filled in from `template`
    /// (which traces show instead of the path, so ids stay out of them).
    pub fn for_operation(method: Method, operation: &'static str, template: &'static str, path: String) -> Self {
        Request { template, ..Request::new(method, operation, path) }
    }

    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((Cow::Borrowed(name), Cow::Owned(value)));
    }

    /// Adds a query pair whose value the spec fixes (a fixed value, a default), without copying it.
    pub fn query_static(&mut self, name: &'static str, value: &'static str) {
        self.query.push((Cow::Borrowed(name), Cow::Borrowed(value)));
    }

    /// Adds a header; fails, naming the header but never the value, when the value can't be sent.
    pub fn header<B>(&mut self, name: &'static str, value: String) -> Result<(), Error<B>> {
        let name = header_name(name).ok_or_else(|| self.invalid_header(name))?;
        self.header_named(name, value)
    }

    /// Adds a header named by a constant the generator checked (`const { HeaderName::from_static(..) }`): no
    /// check of the name on each call.
    pub fn header_named<B>(&mut self, name: HeaderName, value: String) -> Result<(), Error<B>> {
        let value = HeaderValue::try_from(value).map_err(|_| self.invalid_header(name.as_str()))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds a header whose name and value are constants the generator checked (`x-api-version`): nothing is
    /// checked or copied on each call.
    pub fn header_const(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.push((name, value));
    }

    /// Adds a header whose value the version fixes, from text checked on each call (a name or value that
    /// cannot be a constant).
    pub fn header_static<B>(&mut self, name: &'static str, value: &'static str) -> Result<(), Error<B>> {
        let value = if value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) {
            HeaderValue::from_static(value)
        } else {
            return Err(self.invalid_header(name));
        };
        let name = header_name(name).ok_or_else(|| self.invalid_header(name))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds a header that carries a credential: marked sensitive, never shown.
    pub fn secret_header<B>(&mut self, name: &'static str, secret: &Secret) -> Result<(), Error<B>> {
        let name = header_name(name).ok_or_else(|| self.invalid_header(name))?;
        self.secret_header_named(&name, secret)
    }

    /// [`secret_header`](Self::secret_header) with a name the generator checked.
    fn secret_header_named<B>(&mut self, name: &HeaderName, secret: &Secret) -> Result<(), Error<B>> {
        let value = secret.header_value().ok_or_else(|| self.invalid_header(name.as_str()))?;
        self.headers.push((name.clone(), value));
        Ok(())
    }

    /// The media type asked for in `Accept` (JSON unless the operation answers with something else).
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = media_type;
    }

    /// Adds the credentials of `alternative`, if the operation accepts it. Header values are marked sensitive,
    /// so HTTP/2 never indexes them and `Debug` of the header map hides them.
    pub fn authenticate<B>(
        &mut self,
        alternative: &'static str,
        credentials: &[Option<Credential<'_>>],
        accepted: &[&str],
    ) -> Result<(), Error<B>> {
        if !accepted.contains(&alternative) {
            let accepted = accepted.join(", ");
            return Err(Error::CredentialsNotAccepted { operation: self.operation, given: alternative, accepted });
        }
        // An array as long as the longest alternative, so no allocation on each call: the unused end is `None`.
        for credential in credentials.iter().flatten() {
            match credential {
                Credential::Header(name, secret) => self.secret_header(name, secret)?,
                Credential::KnownHeader(name, secret) => self.secret_header_named(name, secret)?,
                Credential::Query(name, secret) => self.secret_query.push((name, (*secret).clone())),
                Credential::Cookie(name, secret) => self.cookies.push((Cow::Borrowed(name), (*secret).clone())),
                Credential::Bearer(token) => self.auth = Some(Authorization::Bearer((*token).clone())),
                Credential::Basic { username, password } => {
                    self.auth = Some(Authorization::Basic((*username).clone(), (*password).clone()))
                }
            }
        }
        Ok(())
    }

    /// Serializes `body` as the JSON request body.
    pub fn json_body<T: Serialize, B>(&mut self, body: &T) -> Result<(), Error<B>> {
        let bytes = serde_json::to_vec(body).map_err(|err| argument_error(self.operation, "request body", &err))?;
        self.body_bytes(Bytes::from(bytes), HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// Sends `body` as it is, with `content_type` (a text or binary body).
    pub fn raw_body<B>(&mut self, body: impl Into<Bytes>, content_type: &'static str) -> Result<(), Error<B>> {
        let content_type = HeaderValue::from_str(content_type).map_err(|_| self.invalid_header("content-type"))?;
        self.body_bytes(body.into(), content_type);
        Ok(())
    }

    pub(crate) fn body_bytes(&mut self, bytes: Bytes, content_type: HeaderValue) {
        self.body = Some(Body::Bytes { content_type, bytes });
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

    /// The URL of this request: `base` followed by the path and, when there is one, `?` and the query.
    /// From a parsed base only the path and query are written (the scheme and host were read once, when the
    /// client was made); reqwest would read a URL given as text again, host and query included, on every
    /// attempt. `Err` is the whole text when the base was not parsed, for reqwest to report as it reports
    /// any URL it cannot read.
    pub(crate) fn url(&self, base: &BaseUrl) -> Result<url::Url, String> {
        // A `?` or `#` in a path written in a spec starts a query or fragment, as it would in the text.
        let Some(parsed) = base.ordinary().filter(|_| !self.path.contains(['?', '#'])) else {
            return Err(self.url_text(&base.text));
        };
        let mut url = parsed.clone();
        let prefix = parsed.path().trim_end_matches('/');
        if prefix.is_empty() {
            url.set_path(&self.path);
        } else {
            let mut path = String::with_capacity(prefix.len() + self.path.len());
            path.push_str(prefix);
            path.push_str(&self.path);
            url.set_path(&path);
        }
        if !(self.query.is_empty() && self.secret_query.is_empty()) {
            self.write_query(&mut url.query_pairs_mut());
        }
        Ok(url)
    }

    /// The URL of this request as text: `base`, the path, then `?` and the query when there is one.
    fn url_text(&self, base: &str) -> String {
        let mut text = String::with_capacity(base.len() + self.path.len() + 64);
        text.push_str(base);
        text.push_str(&self.path);
        if self.query.is_empty() && self.secret_query.is_empty() {
            return text;
        }
        text.push(if self.path.contains('?') { '&' } else { '?' });
        let start = text.len();
        let mut query = url::form_urlencoded::Serializer::for_suffix(text, start);
        self.write_query(&mut query);
        query.finish()
    }

    fn write_query<T: url::form_urlencoded::Target>(&self, query: &mut url::form_urlencoded::Serializer<'_, T>) {
        query.extend_pairs(self.query.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
        query.extend_pairs(self.secret_query.iter().map(|(k, v)| (*k, v.expose())));
    }

    /// The `Cookie` header, if any cookie is set.
    pub(crate) fn cookie_header(&self) -> Option<HeaderValue> {
        if self.cookies.is_empty() {
            return None;
        }
        let text = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v.expose(), COOKIE_VALUE)))
            .collect::<Vec<_>>()
            .join("; ");
        let mut value = HeaderValue::from_str(&text).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

/// A header name the generated code gives: without copying when it is already lowercase (as names from a spec
/// almost always are), through the checked conversion otherwise.
fn header_name(name: &'static str) -> Option<HeaderName> {
    // Lowercase letters, digits and `-`: what names from a spec are, checked in one cheap pass (every call
    // pays it); anything else goes through the full check.
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if plain { Some(HeaderName::from_static(name)) } else { HeaderName::try_from(name).ok() }
}

/// Characters a cookie value cannot carry as they are (RFC 6265 `cookie-octet` excludes them).
const COOKIE_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

pub(crate) fn argument_error<B>(operation: &'static str, what: &str, err: &serde_json::Error) -> Error<B> {
    Error::InvalidArgument { operation, what: what.to_owned(), reason: redact::redact_message(&err.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_in_their_own_sensitive_headers() {
        let mut request = Request::new(Method::GET, "Op", "/x".to_owned());
        let (id, secret) = (Secret::new("app-id"), Secret::new("s3cret"));
        let credentials = [
            Some(Credential::Header("x-client-id", &id)),
            Some(Credential::KnownHeader(HeaderName::from_static("x-client-secret"), &secret)),
            None,
        ];
        request.authenticate::<()>("IdSecret", &credentials, &["IdSecret"]).expect("accepted");
        let sent: Vec<(&str, bool)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.is_sensitive())).collect();
        assert_eq!(sent, [("x-client-id", true), ("x-client-secret", true)]);
        assert!(!format!("{request:?}").contains("s3cret"));
    }

    #[test]
    fn credentials_an_operation_does_not_accept_are_refused_by_name_only() {
        let mut request = Request::new(Method::GET, "Op", "/x".to_owned());
        let secret = Secret::new("s3cret");
        let credentials = [Some(Credential::Header("x-client-secret", &secret))];
        let err = request.authenticate::<()>("Other", &credentials, &["IdSecret"]).expect_err("refused");
        assert_eq!(err.to_string(), "Op: credentials `Other` are not accepted; use one of: IdSecret");
        assert!(request.headers.is_empty());
    }

    #[test]
    fn path_segments_are_encoded_whole() {
        let segment = |value: &'static str| path_segment::<()>("Op", "id", value);
        assert_eq!(segment("a/b c?d#e%").expect("valid"), "a%2Fb%20c%3Fd%23e%25");
        assert_eq!(segment("akshita2106").expect("valid"), "akshita2106");
        assert_eq!(segment("...").expect("valid"), "...");
        assert_eq!(segment("a..b").expect("valid"), "a..b");
    }

    #[test]
    fn the_url_keeps_the_base_path_and_encodes_the_query_once() {
        let segment = path_segment::<()>("Op", "id", "a/b c").expect("valid");
        let mut request = Request::new(Method::GET, "Op", format!("/customers/{segment}/instruments"));
        request.query("instrument_type", "card & more=1".to_owned());
        request.query_static("tag", "é+%");
        request.secret_query.push(("api_key", Secret::new("k y")));
        let url = request.url(&BaseUrl::new("https://sandbox.cashfree.com/pg/")).expect("parses");
        assert_eq!(
            url.as_str(),
            "https://sandbox.cashfree.com/pg/customers/a%2Fb%20c/instruments\
             ?instrument_type=card+%26+more%3D1&tag=%C3%A9%2B%25&api_key=k+y"
        );
    }

    /// Setting the path and query on the base read once gives the URL that reading the whole text gives,
    /// whatever the base and the spec's path.
    #[test]
    fn the_url_from_a_parsed_base_is_the_url_its_text_reads_as() {
        let bases = [
            "https://api.cashfree.com/pg",
            "https://api.cashfree.com/pg/",
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "https://EXAMPLE.com:443/a b/./v1",
            "https://example.com/a/..",
            "https://xn--nxasmq6b.example/ü",
        ];
        let paths = ["/orders", "/customers/a%2Fb/instruments", "/a b/ü/{x}", "/x/../y/./z", "/", "/orders?x=1"];
        for base in bases {
            for path in paths {
                for query in [None, Some(("a", "b c&d"))] {
                    let mut request = Request::new(Method::GET, "Op", path.to_owned());
                    if let Some((name, value)) = query {
                        request.query(name, value.to_owned());
                    }
                    let base = BaseUrl::new(base);
                    let read = url::Url::parse(&request.url_text(&base.text)).expect("parses as text");
                    match request.url(&base) {
                        Ok(made) => assert_eq!(made, read, "{} + {path} + {query:?}", base.text),
                        // A path with its own query goes as text, the query appended after `&`.
                        Err(text) => {
                            assert!(path.contains('?'), "{text}");
                            assert_eq!(read.query(), Some(if query.is_some() { "x=1&a=b+c%26d" } else { "x=1" }));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_url_that_does_not_parse_is_handed_over_as_text() {
        let mut request = Request::new(Method::GET, "Op", "/orders".to_owned());
        request.query("a", "b c".to_owned());
        assert_eq!(request.url(&BaseUrl::new("not a base")).expect_err("no scheme"), "not a base/orders?a=b+c");
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
