//! Multipart bodies. Parts are kept as plain data, so a retried request sends the same form again.

use std::fmt;

use crate::runtime::Request;
use crate::runtime::request::Body;

/// A file to upload: its bytes, the file name the server sees, and optionally its media type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: String,
    mime: Option<String>,
}

impl FilePart {
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), file_name: file_name.into(), mime: None }
    }

    /// The media type (`image/png`, `application/pdf`); without one the part is sent as
    /// `application/octet-stream`, as RFC 7578 asks of a file whose type is not known.
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }
}

/// Files can hold documents with personal data: `Debug` shows the name and size, never the bytes.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("len", &self.bytes.len())
            .field("mime", &self.mime)
            .finish()
    }
}

/// A part the spec leaves open: text, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    File(FilePart),
}

impl From<String> for Part {
    fn from(value: String) -> Self {
        Part::Text(value)
    }
}

impl From<&str> for Part {
    fn from(value: &str) -> Self {
        Part::Text(value.to_owned())
    }
}

impl From<FilePart> for Part {
    fn from(value: FilePart) -> Self {
        Part::File(value)
    }
}

/// A `multipart/form-data` body as generated code fills it.
#[derive(Debug, Clone, Default)]
pub struct Form {
    parts: Vec<(&'static str, Part)>,
}

impl Form {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(&mut self, name: &'static str, value: String) {
        self.parts.push((name, Part::Text(value)));
    }

    pub fn file(&mut self, name: &'static str, file: FilePart) {
        self.parts.push((name, Part::File(file)));
    }

    pub fn part(&mut self, name: &'static str, part: Part) {
        self.parts.push((name, part));
    }

    /// The reqwest form for one attempt.
    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, reqwest::Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            form = match part {
                Part::Text(text) => form.text(*name, text.clone()),
                Part::File(file) => {
                    // Always labelled (RFC 7578 4.4): some servers' parsers fail on a file part without a type.
                    let mime = file.mime.as_deref().unwrap_or("application/octet-stream");
                    let part = reqwest::multipart::Part::bytes(file.bytes.clone())
                        .file_name(file.file_name.clone())
                        .mime_str(mime)?;
                    form.part(*name, part)
                }
            };
        }
        Ok(form)
    }
}

impl Request {
    /// Sends `form` as the `multipart/form-data` body.
    pub fn multipart(&mut self, form: Form) {
        self.body = Some(Body::Multipart(Box::new(move || form.to_reqwest())));
    }
}
