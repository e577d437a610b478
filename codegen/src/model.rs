//! The intermediate model: plain owned data describing one API version, with every naming decision made.
//!
//! `lower` builds it from a spec; `emit` and `outline` read it. Nothing here knows openapiv3 or syn. Each named
//! thing keeps its wire name beside its Rust name, so the emitter can write `#[serde(rename)]` where they differ.

use std::collections::BTreeMap;

/// One API version.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec file as reports and headers show it (`specs/2025-01-01.yaml`).
    pub source: String,
    /// `info.version`, sent as `x-api-version`.
    pub version: String,
    /// The Rust module of this version (`v2025_01_01`).
    pub module: String,
    pub title: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub operations: Vec<Operation>,
    /// How many operations the spec's path items hold, to compare with `operations`.
    pub operations_in_spec: usize,
    /// Named types by Rust name: sorted, so output order cannot drift.
    pub types: BTreeMap<String, TypeDef>,
    /// The variants of the version's `ErrorBody`: one per distinct error response body.
    pub error_variants: Vec<ErrorVariant>,
    /// Functions decoding error responses by status, one per distinct set of declared error statuses.
    pub error_decoders: Vec<ErrorDecoder>,
}

/// Decodes the error responses of the operations that declare the same statuses with the same bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDecoder {
    /// The function's name (`decode_errors_400_401_404`).
    pub name: String,
    /// Exact codes first, then classes, then `default`.
    pub arms: Vec<ErrorArm>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorArm {
    pub status: Status,
    /// The `ErrorBody` variant.
    pub variant: String,
    pub has_body: bool,
}

/// One variant of `ErrorBody`: a body some operation declares for a non-success status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    pub rust_name: String,
    /// `None` for a declared status without a body.
    pub ty: Option<TypeRef>,
}

/// A base URL the spec lists, with the name the client's `Environment` gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// Variant name (`Sandbox`, `Production`).
    pub name: String,
}

/// A credential the API accepts, sent as a header.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes` (`XClientSecret`).
    pub key: String,
    /// The header that carries it (`x-client-secret`).
    pub header: String,
    /// The Rust name of the credential (`client_secret`).
    pub rust_name: String,
    pub description: Option<String>,
}

/// One way to authenticate: every scheme in it is sent together. An operation accepts any one alternative.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecurityAlternative {
    /// Scheme keys, in the spec's order.
    pub schemes: Vec<String>,
    /// The Rust name of this alternative (`ClientIdClientSecret`).
    pub rust_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A piece of a path template: literal text, or the parameter with this wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as the spec writes it (or as derived, with a warning, when missing).
    pub id: String,
    /// The client method (`pg_customer_fetch_instruments`).
    pub fn_name: String,
    /// The request builder type (`PgCustomerFetchInstruments`).
    pub builder_name: String,
    pub method: Method,
    /// The path key as written in the spec, including any `?query` part.
    pub path_key: String,
    /// The path template without the query part, split into literal and parameter parts.
    pub path: Vec<PathPart>,
    /// Query pairs fixed by the path key and not declared as parameters: always sent.
    pub fixed_query: Vec<(String, String)>,
    pub params: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    /// Authentication alternatives (OR of AND sets); empty means none is required.
    pub security: Vec<SecurityAlternative>,
    /// The [`ErrorDecoder`] for its error statuses; `None` when it declares none.
    pub error_decoder: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

/// How the client fills a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamRole {
    /// A method argument: required, no default.
    Argument,
    /// A builder setter; sent only when set, or with `default` when the spec gives one.
    Optional { default: Option<String> },
    /// Fixed by the version module, never an argument (`x-api-version`).
    Fixed { value: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub role: ParamRole,
    pub ty: TypeRef,
    pub description: Option<String>,
}

/// A request body: a method argument when required, a builder setter when not.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub content_type: String,
    pub required: bool,
    pub kind: BodyKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// Serialized as JSON.
    Json(TypeRef),
    /// `multipart/form-data`: a form struct named `form`, one part per field.
    Multipart { form: String, fields: Vec<FormField> },
}

/// One part of a multipart form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub wire_name: String,
    pub rust_name: String,
    pub kind: FormFieldKind,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormFieldKind {
    /// A text part (numbers and booleans are sent as their text).
    Text,
    /// A file part: `format: binary` (or `base64`).
    File,
    /// A string without a format: text, or a file where the server expects one.
    TextOrFile,
    /// Anything structured: sent as a JSON text part.
    Json,
}

/// A status the spec declares: one code, a class (`4XX`), or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    Range(u16),
    Default,
}

impl Status {
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: String,
    /// The JSON body type; `None` when the response has no JSON body.
    pub body: Option<TypeRef>,
    pub headers: Vec<ResponseHeader>,
    /// For a non-success status: the `ErrorBody` variant it decodes into.
    pub error_variant: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub name: String,
    pub ty: TypeRef,
    pub description: Option<String>,
}

/// A type as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value (free-form object, or a construct not yet modelled).
    Json,
    Array(Box<TypeRef>),
    /// A JSON object with string keys.
    Map(Box<TypeRef>),
    /// A type in [`Api::types`], by Rust name.
    Named(String),
}

/// The type as reports show it: `Vec<InstrumentEntity>`, `Map<String>`, `Json` for free-form JSON.
impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::String => f.write_str("String"),
            TypeRef::Integer => f.write_str("i64"),
            TypeRef::Number => f.write_str("f64"),
            TypeRef::Boolean => f.write_str("bool"),
            TypeRef::Json => f.write_str("Json"),
            TypeRef::Array(inner) => write!(f, "Vec<{inner}>"),
            TypeRef::Map(inner) => write!(f, "Map<{inner}>"),
            TypeRef::Named(name) => f.write_str(name),
        }
    }
}

impl TypeRef {
    /// Whether free-form JSON appears anywhere in this type.
    pub fn mentions_json(&self) -> bool {
        match self {
            TypeRef::Json => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.mentions_json(),
            _ => false,
        }
    }

    /// Whether a named type appears anywhere in this type.
    pub fn mentions_named(&self) -> bool {
        match self {
            TypeRef::Named(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.mentions_named(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub rust_name: String,
    /// The component key, or the place an inline type came from (`SavedInstrumentMeta.card_token_details`).
    pub origin: String,
    pub description: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A string enum; unknown values decode into an `Unknown` variant.
    Enum {
        variants: Vec<Variant>,
    },
    /// Another name for a type (a component that is an array, a map or a scalar).
    Alias {
        target: TypeRef,
    },
    /// `oneOf`/`anyOf`: one of several shapes, chosen when decoding by a discriminator property or by keys
    /// only one member has; values that fit none decode into an `Unknown` variant.
    Union {
        variants: Vec<UnionVariant>,
        discriminator: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The JSON kind of the member: objects are told apart by keys, other kinds by kind alone.
    pub kind: JsonKind,
    /// Keys only this member has: a value with one of them is this member.
    pub keys: Vec<String>,
    /// Discriminator values that select this member.
    pub tags: Vec<String>,
    /// Held in a `Box` because the member contains the union.
    pub boxed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Number,
    Boolean,
    /// The member accepts any JSON; it is chosen only when nothing else fits.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Card data or a secret: `Debug` prints `<redacted>` instead of the value.
    pub sensitive: bool,
    /// Held in a `Box` because the field's type contains this struct.
    pub boxed: bool,
    pub description: Option<String>,
}

impl Field {
    /// Optional and nullable fields are `Option` in Rust.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub wire_value: String,
    pub rust_name: String,
    pub description: Option<String>,
}
