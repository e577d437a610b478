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
    /// The groups operations are filed in (one per tag, or per path segment), by module name.
    pub groups: Vec<Group>,
    /// The webhook events the spec declares, in the spec's order.
    pub webhooks: Vec<Webhook>,
    /// The spec's examples that fit their types: the example test decodes and encodes each.
    pub examples: Vec<SpecExample>,
}

/// A webhook event: what the server posts, told apart by its `type` string.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The callback's or `x-webhooks` entry's name.
    pub key: String,
    /// The variant of the version's `webhooks::Event` (`InstrumentActive`).
    pub variant: String,
    /// The value of the payload's `type` (`INSTRUMENT_ACTIVE_WEBHOOK`).
    pub event_type: String,
    /// The payload; free-form JSON when the spec gives no readable schema.
    pub payload: TypeRef,
    /// Held in a `Box` because the payload is large.
    pub boxed: bool,
    pub summary: Option<String>,
    /// Compiled when its group is (the tag of its operation or of its own `post`).
    pub usage: Usage,
}

/// The operations of one tag (or, for untagged operations, one first path segment): one file of request
/// builders and one of types, behind one cargo feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The module its files are named by (`token_vault`).
    pub module: String,
    /// The cargo feature that compiles it (`token-vault`); `None` for a group that is always compiled (the
    /// untagged operations of a spec that tags the others).
    pub feature: Option<String>,
    /// The tag, or path segment, as the spec writes it.
    pub title: String,
    pub description: Option<String>,
}

/// Where a type (or error variant, or decoder) is used, so it compiles only with an operation that uses it
/// and derives only the serde directions its uses need, each with the code that needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// The features of the gated groups that use it.
    pub features: std::collections::BTreeSet<String>,
    /// Used by an operation that is always compiled.
    pub always: bool,
    /// The code that sends it in a request: its `Serialize` compiles with that code.
    pub sent: Reach,
    /// The code that receives it in a response or webhook: its `Deserialize` compiles with that code.
    pub received: Reach,
}

/// Some of the code that uses a thing: the features of its groups, and whether always-compiled code is in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub features: std::collections::BTreeSet<String>,
    pub always: bool,
}

impl Reach {
    /// No code.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty() && !self.always
    }

    fn absorb(&mut self, other: &Reach) {
        self.features.extend(other.features.iter().cloned());
        self.always |= other.always;
    }
}

/// When one serde impl of a type compiles, besides the type's own gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SerdeGate {
    /// Whenever the type does: every use of it needs this direction.
    WithType,
    /// With these features (the uses that need this direction) or the mock server.
    Features(Vec<String>),
    /// Only for the mock server, which writes what the client reads and reads what it writes.
    MockOnly,
}

impl Usage {
    /// What a group's code compiles under: its feature, or always for a group without one.
    pub fn of_group(group: Option<&Group>) -> Usage {
        match group.and_then(|g| g.feature.clone()) {
            Some(feature) => Usage { features: std::collections::BTreeSet::from([feature]), ..Usage::default() },
            None => Usage { always: true, ..Usage::default() },
        }
    }

    /// No use recorded (an error variant or decoder no operation reaches): compiled always, both directions.
    /// Types never are: those no operation or webhook uses have the `unreferenced-types` feature.
    pub fn is_unused(&self) -> bool {
        self.features.is_empty() && !self.always
    }

    /// The features it compiles under; `None` when always compiled.
    pub fn gate(&self) -> Option<&std::collections::BTreeSet<String>> {
        (!self.always && !self.features.is_empty()).then_some(&self.features)
    }

    fn reach(&self) -> Reach {
        Reach { features: self.features.clone(), always: self.always }
    }

    /// The same use, sending it (every group of it writes it into requests).
    pub fn sending(mut self) -> Usage {
        self.sent = self.reach();
        self
    }

    /// The same use, receiving it (every group of it reads it from responses or webhooks).
    pub fn receiving(mut self) -> Usage {
        self.received = self.reach();
        self
    }

    /// When `Serialize` compiles: with the code that sends the type.
    pub fn serialize_gate(&self) -> SerdeGate {
        self.direction_gate(&self.sent, self.is_unused())
    }

    /// When `Deserialize` compiles: with the code that receives the type (always, when nothing is known
    /// of its direction).
    pub fn deserialize_gate(&self) -> SerdeGate {
        self.direction_gate(&self.received, self.is_unused() || self.sent.is_empty())
    }

    fn direction_gate(&self, reach: &Reach, kept_whole: bool) -> SerdeGate {
        let covers = reach.always || (!self.always && reach.features.is_superset(&self.features));
        if (kept_whole && reach.is_empty()) || (covers && !reach.is_empty()) {
            SerdeGate::WithType
        } else if reach.features.is_empty() {
            SerdeGate::MockOnly
        } else {
            SerdeGate::Features(reach.features.iter().cloned().collect())
        }
    }

    pub fn absorb(&mut self, other: &Usage) {
        self.features.extend(other.features.iter().cloned());
        self.always |= other.always;
        self.sent.absorb(&other.sent);
        self.received.absorb(&other.received);
    }
}

/// Decodes the error responses of the operations that declare the same statuses with the same bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDecoder {
    /// The function's name (`decode_errors_400_401_404`).
    pub name: String,
    /// The operations that use it.
    pub usage: Usage,
    /// Exact codes first, then classes, then `default`.
    pub arms: Vec<ErrorArm>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorArm {
    pub status: Status,
    /// The `ErrorBody` variant.
    pub variant: String,
    /// How its body is read; `None` for a status without a body.
    pub body: Option<Encoding>,
}

/// One variant of `ErrorBody`: a body some operation declares for a non-success status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    pub rust_name: String,
    /// `None` for a declared status without a body.
    pub ty: Option<TypeRef>,
    /// Held in a `Box` because the body is large (see [`INLINE_VARIANT_LIMIT`]).
    pub boxed: bool,
    /// The operations that declare it.
    pub usage: Usage,
}

/// A base URL the spec lists, with the name the client's `Environment` gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template (`https://{region}.example.com/v1`).
    pub url: String,
    pub description: Option<String>,
    /// Variant name (`Sandbox`, `Production`).
    pub name: String,
    /// The template's variables, in the spec's order; empty for a fixed URL.
    pub variables: Vec<ServerVariable>,
}

/// A `{name}` in a server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    pub rust_name: String,
    pub default: String,
    /// The values the spec allows; empty when any is.
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// A credential the API accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes` (`XClientSecret`).
    pub key: String,
    /// How it is sent.
    pub kind: SchemeKind,
    /// The Rust name of the credential (`client_secret`).
    pub rust_name: String,
    pub description: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header, a query parameter or a cookie of this name.
    ApiKey { location: KeyLocation, name: String },
    /// `Authorization: Bearer <token>`: HTTP bearer, and OAuth2 / OpenID Connect with a token the caller
    /// obtains.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

impl SecurityScheme {
    /// Where the credential goes, as reports show it (`header x-client-id`, `bearer token`).
    pub fn placement(&self) -> String {
        match &self.kind {
            SchemeKind::ApiKey { location: KeyLocation::Header, name } => format!("header {name}"),
            SchemeKind::ApiKey { location: KeyLocation::Query, name } => format!("query {name}"),
            SchemeKind::ApiKey { location: KeyLocation::Cookie, name } => format!("cookie {name}"),
            SchemeKind::Bearer => "bearer token".to_owned(),
            SchemeKind::Basic => "basic auth".to_owned(),
        }
    }
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
    /// What the generated method cannot do that the spec describes (an unsupported security scheme, a
    /// parameter or media type left out), said in its rustdoc.
    pub notes: Vec<String>,
    /// The module of its [`Group`].
    pub group: String,
    /// How it reads a list page by page, when its shapes say so unambiguously: `pages()` and `items()`.
    pub paging: Option<Paging>,
}

/// One of the spec's examples, with the type it decodes into.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecExample {
    /// Where the spec has it (`#/paths/~1orders/post/responses/200/content/application~1json/example`).
    pub pointer: String,
    pub ty: TypeRef,
    /// The example as compact JSON text.
    pub json: String,
}

/// A cursor-paged list, found from the shapes of an operation's request and response (never its name):
/// where the request carries the cursor, where a page gives the next one, and where its items are.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub cursor: CursorPlace,
    pub next: NextCursor,
    /// The page's list of items, and the item type.
    pub items: FieldStep,
    pub item: TypeRef,
    /// A boolean the page says whether more follow by (`has_more`), when it has one.
    pub has_more: Option<FieldStep>,
}

/// Where a request carries the cursor of the page it asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorPlace {
    /// In the JSON body: the builder's body field, then the fields down to the cursor (`body`,
    /// `pagination`, `cursor`).
    Body(Vec<FieldStep>),
    /// An optional query parameter, by its builder field.
    Query(FieldStep),
}

/// Where a page gives the cursor of the next.
#[derive(Debug, Clone, PartialEq)]
pub enum NextCursor {
    /// A field of the page (`cursor`, `next_cursor`).
    Field(FieldStep),
    /// The given field (`id`) of the page's last item (`starting_after`).
    LastItem(FieldStep),
}

/// One field on the way to a value: its Rust name, whether it is an `Option`, and whether an absent value
/// can be made empty to write into (a struct of optional fields); one that cannot ends the list instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    pub rust_name: String,
    pub optional: bool,
    pub fill: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter's value is written (OpenAPI `style` and `explode`); values that are plain text ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a=1&a=2` (explode) or `a=1,2`; an object's members as their own pairs (explode) or `a=k,v`.
    Form { explode: bool },
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[k]=v`, `a[0]=x`, nested as deep as the value.
    DeepObject,
    /// Path and header values: `1,2`; an object as `k,v` or (explode) `k=v`.
    Simple { explode: bool },
    /// The value as JSON text (a parameter the spec describes by `content: application/json`).
    Json,
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
    pub style: ParamStyle,
    /// A header that carries a credential (`x-client-secret`, `authorization`): held as a secret.
    pub sensitive: bool,
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
    /// `application/x-www-form-urlencoded`: the type's fields as pairs, each written as its encoding says.
    UrlEncoded { ty: TypeRef, encodings: Vec<(String, ParamStyle)> },
    /// `text/*`: a string.
    Text,
    /// Any other media type: bytes, sent with the body's content type.
    Bytes,
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

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    /// Read as UTF-8 text (`text/csv`, `text/plain`).
    Text,
    /// Read as bytes (`application/pdf`, `application/octet-stream`).
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: String,
    /// The body type (`String` for text, `Bytes` for bytes); `None` when the response has no body.
    pub body: Option<TypeRef>,
    /// How the body is read, and the media type the client asks for (`Accept`).
    pub encoding: Encoding,
    pub media_type: Option<String>,
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
    /// A JSON number read and written with its digits: `rust_decimal::Decimal` (the generator's
    /// `Numbers::Decimal`, for money).
    Decimal,
    Boolean,
    /// Any JSON value (free-form object, or a construct not yet modelled).
    Json,
    /// Raw bytes (a body of a media type other than JSON or text).
    Bytes,
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
            TypeRef::Decimal => f.write_str("Decimal"),
            TypeRef::Boolean => f.write_str("bool"),
            TypeRef::Json => f.write_str("Json"),
            TypeRef::Bytes => f.write_str("Bytes"),
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

    /// Whether a decimal appears in this type outside any named type (`Decimal`, `Vec<Decimal>`, a map of
    /// them): a value whose serde goes through the runtime's exact number reading and writing.
    pub fn holds_decimal(&self) -> bool {
        match self {
            TypeRef::Decimal => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.holds_decimal(),
            _ => false,
        }
    }

    /// The same type with every decimal in it (outside named types) an `f64`.
    pub fn without_decimals(self) -> TypeRef {
        match self {
            TypeRef::Decimal => TypeRef::Number,
            TypeRef::Array(inner) => TypeRef::Array(Box::new(inner.without_decimals())),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(inner.without_decimals())),
            other => other,
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
    /// Which operations use it, and in which direction.
    pub usage: Usage,
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

/// Variants larger than this many bytes are boxed: what stays inline is then at most this large, so no
/// enum has variants that differ by clippy's `large_enum_variant` threshold (200 bytes).
pub const INLINE_VARIANT_LIMIT: usize = 128;

/// An upper estimate of the size in bytes of `ty` on a 64-bit target: every field rounded up to 8 bytes,
/// an `Option` of a number or boolean and every enum given a word of its own. Types met again while
/// measuring (a cycle, which lowering boxes) count as a pointer.
pub fn estimated_size(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> usize {
    fn size(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, seen: &mut Vec<String>) -> usize {
        match ty {
            TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) => 24,
            TypeRef::Integer | TypeRef::Number | TypeRef::Boolean => 8,
            TypeRef::Decimal => 16,
            // `serde_json::Value` is 80 bytes when its `preserve_order` feature is on.
            TypeRef::Json => 80,
            TypeRef::Bytes => 32,
            TypeRef::Named(name) => {
                if seen.contains(name) {
                    return 8;
                }
                let Some(def) = types.get(name) else { return 8 };
                seen.push(name.clone());
                let total = match &def.kind {
                    TypeKind::Struct { fields } => fields
                        .iter()
                        .map(|f| {
                            // `Option` of a pointer-like type costs nothing (its niche holds `None`).
                            let tag = f.is_option()
                                && matches!(
                                    f.ty,
                                    TypeRef::Integer | TypeRef::Number | TypeRef::Decimal | TypeRef::Boolean
                                );
                            if f.boxed { 8 } else { size(types, &f.ty, seen) + if tag { 8 } else { 0 } }
                        })
                        .sum(),
                    TypeKind::Union { variants, .. } => {
                        8 + variants
                            .iter()
                            .map(|v| if v.boxed { 8 } else { size(types, &v.ty, seen) })
                            .max()
                            .unwrap_or(0)
                            .max(32)
                    }
                    // Known values, or `Unknown(String)`.
                    TypeKind::Enum { .. } => 32,
                    TypeKind::Alias { target } => size(types, target, seen),
                };
                seen.pop();
                total
            }
        }
    }
    size(types, ty, &mut Vec::new())
}
