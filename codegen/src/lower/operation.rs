//! Operations: method and path template, parameters (with the fixed `?query` of a path key folded in),
//! request body, responses per status and their headers, and accepted credentials.

use openapiv3::{Operation as SpecOperation, Parameter as SpecParameter, ParameterSchemaOrContent, ReferenceOr};

use super::Lowerer;
use super::types::SchemaAt;
use crate::diagnostic::Pointer;
use crate::model::{
    Encoding, Method, Operation, ParamLocation, ParamRole, ParamStyle, Parameter, PathPart, Response, ResponseHeader,
    SecurityScheme, Status, TypeRef,
};
use crate::naming::{self, Scope};
use crate::spec::Section;

/// Header parameters the transport sets itself; declaring them must not send them twice.
const TRANSPORT_HEADERS: &[&str] = &["content-type", "accept", "content-length", "user-agent"];

/// The header that carries the API version, fixed per version module.
const VERSION_HEADER: &str = "x-api-version";

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let spec = self.spec;
        let mut fn_scope = Scope::with_reserved(&["new", "with_config", "base_url"]);
        // operationId -> where it was first used.
        let mut ids = std::collections::BTreeMap::new();
        let mut out = Vec::new();
        for (path_key, item) in &spec.doc.paths.paths {
            let item_at = Pointer::root().child("paths").child(path_key);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.error(&item_at, "path items given as references are not supported");
                    continue;
                }
            };
            for (method_key, method, op) in [
                ("get", Method::Get, &item.get),
                ("put", Method::Put, &item.put),
                ("post", Method::Post, &item.post),
                ("delete", Method::Delete, &item.delete),
                ("options", Method::Options, &item.options),
                ("head", Method::Head, &item.head),
                ("patch", Method::Patch, &item.patch),
                ("trace", Method::Trace, &item.trace),
            ] {
                let Some(op) = op else { continue };
                let here = item_at.child(method_key);
                let shared = &item.parameters;
                let id = self.operation_id(op, method_key, path_key, &here);
                let id = self.unique_id(id, method_key, path_key, &here, &mut ids);
                self.operation = Some(id.clone());
                let mut lowered = self.lower_operation(id, method, path_key, op, shared, &here, schemes);
                self.operation = None;
                lowered.fn_name = fn_scope.claim(lowered.fn_name);
                out.push(lowered);
            }
        }
        self.check_routes(&out);
        out
    }

    fn operation_id(&mut self, op: &'a SpecOperation, method: &str, path_key: &str, here: &Pointer) -> String {
        if let Some(id) = op.operation_id.as_ref().filter(|id| !id.trim().is_empty()) {
            return id.clone();
        }
        let derived = naming::type_name(&format!("{method} {path_key}"));
        self.warning(here, format!("operation has no operationId; it is named `{derived}`"));
        derived
    }

    /// Two operations whose paths differ only in parameter names: no request can tell them apart.
    fn check_routes(&mut self, ops: &[Operation]) {
        let mut routes = std::collections::BTreeMap::new();
        for op in ops {
            let route: String = op
                .path
                .iter()
                .map(|part| match part {
                    PathPart::Literal(text) => text.as_str(),
                    PathPart::Param(_) => "{}",
                })
                .collect();
            if let Some(first) = routes.insert((op.method, route), op.path_key.clone()) {
                let here = Pointer::root().child("paths").child(&op.path_key);
                self.operation = Some(op.id.clone());
                let message = format!(
                    "{} {} and {first} differ only in path parameter names: no request can tell them apart",
                    op.method.as_str(),
                    op.path_key
                );
                self.error(&here, message);
                self.operation = None;
            }
        }
    }

    /// The operationId, or, when an earlier operation (in path order, then method order) already has it, a
    /// name made from the method and path: deterministic, and unchanged by operations added elsewhere.
    fn unique_id(
        &mut self,
        id: String,
        method: &str,
        path_key: &str,
        here: &Pointer,
        ids: &mut std::collections::BTreeMap<String, Pointer>,
    ) -> String {
        let Some(first) = ids.get(&id).cloned() else {
            ids.insert(id.clone(), here.clone());
            return id;
        };
        let mut renamed = naming::type_name(&format!("{method} {path_key}"));
        let mut n = 2;
        while ids.contains_key(&renamed) {
            renamed = format!("{}{n}", naming::type_name(&format!("{method} {path_key}")));
            n += 1;
        }
        ids.insert(renamed.clone(), here.clone());
        self.operation = Some(id.clone());
        let message = format!(
            "operationId '{id}' is also used by {first}; this operation is named `{renamed}` (method `{}`)",
            naming::value_name(&renamed)
        );
        self.warning(here, message);
        self.operation = None;
        renamed
    }

    #[allow(clippy::too_many_arguments, reason = "one operation's place in the document, passed as found")]
    fn lower_operation(
        &mut self,
        id: String,
        method: Method,
        path_key: &str,
        op: &'a SpecOperation,
        shared: &'a [ReferenceOr<SpecParameter>],
        here: &Pointer,
        schemes: &[SecurityScheme],
    ) -> Operation {
        self.notes.clear();
        let (template, query) = path_key.split_once('?').unwrap_or((path_key, ""));
        let mut fixed_query = parse_fixed_query(query);
        let builder_name = self.request_scope.claim(naming::type_name(&id));
        let mut params = self.lower_params(&builder_name, op, shared, here, &mut fixed_query);
        let path = self.lower_path(template, &params, here);
        params.retain(|p| p.location != ParamLocation::Path || path.contains(&PathPart::Param(p.wire_name.clone())));
        let request_body = self.lower_request_body(op, method, here, &builder_name);
        let responses = self.lower_responses(op, here, &builder_name);
        let security = self.lower_requirements(op.security.as_ref(), here, schemes);
        Operation {
            fn_name: naming::value_name(&id),
            builder_name,
            id,
            method,
            path_key: path_key.to_owned(),
            path,
            fixed_query,
            params,
            request_body,
            responses,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            security,
            error_decoder: None,
            notes: std::mem::take(&mut self.notes),
            group: String::new(),
            paging: None,
        }
    }

    /// Splits the template into parts and checks it against the declared path parameters, both ways.
    fn lower_path(&mut self, template: &str, params: &[Parameter], here: &Pointer) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            if !params.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == name) {
                self.error(here, format!("path parameter '{name}' in the template is not declared"));
            }
            parts.push(PathPart::Param(name.to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !parts.contains(&PathPart::Param(param.wire_name.clone())) {
                let message =
                    format!("path parameter '{}' is declared but not in the template; ignored", param.wire_name);
                self.warning(&here.child("parameters"), message);
            }
        }
        parts
    }

    fn lower_params(
        &mut self,
        builder: &str,
        op: &'a SpecOperation,
        shared: &'a [ReferenceOr<SpecParameter>],
        here: &Pointer,
        fixed_query: &mut Vec<(String, String)>,
    ) -> Vec<Parameter> {
        let spec = self.spec;
        // The builder's own fields and methods: `client`, `call`, `send`, `with_config`, and `pages` and
        // `items` of a paged list.
        let mut scope = Scope::with_reserved(&["client", "call", "send", "body", "with_config", "pages", "items"]);
        let mut resolved: Vec<(&SpecParameter, Pointer)> = Vec::new();
        let item_at = here.parent();
        let declared = shared.iter().enumerate().map(|(i, p)| (p, item_at.child("parameters").child(i)));
        let own = op.parameters.iter().enumerate().map(|(i, p)| (p, here.child("parameters").child(i)));
        for (param, at) in declared.chain(own) {
            match spec.resolve(param, &at, Section::Parameters, |c| &c.parameters) {
                Ok((param, at)) => {
                    let key = (param.parameter_data_ref().name.as_str(), location_key(param));
                    resolved.retain(|(p, _)| (p.parameter_data_ref().name.as_str(), location_key(p)) != key);
                    resolved.push((param, at));
                }
                Err(message) => self.error(&at, message),
            }
        }
        let mut out = Vec::new();
        for (param, at) in resolved {
            if let Some(lowered) = self.lower_param(builder, param, &at, fixed_query, &mut scope) {
                out.push(lowered);
            }
        }
        out
    }

    fn lower_param(
        &mut self,
        builder: &str,
        param: &'a SpecParameter,
        at: &Pointer,
        fixed_query: &mut Vec<(String, String)>,
        scope: &mut Scope,
    ) -> Option<Parameter> {
        let data = param.parameter_data_ref();
        let (location, style) = param_place(param);
        let lower_name = data.name.to_ascii_lowercase();
        if location == ParamLocation::Header && TRANSPORT_HEADERS.contains(&lower_name.as_str()) {
            self.warning(at, format!("header '{}' is set by the client itself; the parameter is ignored", data.name));
            return None;
        }
        let hint = format!("{builder}{}", naming::type_name(&data.name));
        let (ty, default) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let default = match schema {
                    ReferenceOr::Item(s) => s.schema_data.default.as_ref().and_then(json_scalar),
                    ReferenceOr::Reference { .. } => None,
                };
                let ty = self.type_of(SchemaAt::from(schema), &at.child("schema"), &hint);
                // A decimal or a list of them is written as text (its digits); anything more goes through serde.
                let text = matches!(&ty, TypeRef::Decimal)
                    || matches!(&ty, TypeRef::Array(item) if **item == TypeRef::Decimal);
                let ty = if text { ty } else { self.outside_fields(ty, &at.child("schema"), "this parameter") };
                (ty, default)
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, media_type)) if is_json(media) && media_type.schema.is_some() => {
                    let schema = media_type.schema.as_ref().map(SchemaAt::from);
                    let schema_at = at.child("content").child(media).child("schema");
                    let ty = schema.map(|s| self.type_of(s, &schema_at, &hint));
                    (self.outside_fields(ty.unwrap_or(TypeRef::Json), &schema_at, "this parameter"), None)
                }
                _ => {
                    self.warning(
                        at,
                        "a parameter described by `content` of a media type other than JSON is sent as text",
                    );
                    (TypeRef::String, None)
                }
            },
        };
        let ignored = self.spec.raw_at(at).and_then(|v| v.get("x-ignore")).and_then(|v| v.as_bool()) == Some(true);
        let role = if location == ParamLocation::Header && lower_name == VERSION_HEADER {
            ParamRole::Fixed { value: self.spec.doc.info.version.clone() }
        } else if let Some(pos) = fixed_query.iter().position(|(k, _)| k == &data.name) {
            let (_, value) = fixed_query.remove(pos);
            ParamRole::Optional { default: Some(value) }
        } else if ignored {
            match default {
                Some(value) => ParamRole::Fixed { value },
                None => {
                    self.warning(
                        at,
                        format!("parameter '{}' is marked x-ignore and has no default; left out", data.name),
                    );
                    return None;
                }
            }
        } else if location == ParamLocation::Path || (data.required && default.is_none()) {
            ParamRole::Argument
        } else {
            ParamRole::Optional { default }
        };
        let rust_name = if location == ParamLocation::Header {
            naming::header_value_name(&data.name)
        } else {
            naming::value_name(&data.name)
        };
        // A parameter given as JSON content is written as JSON text.
        let style = if matches!(data.format, ParameterSchemaOrContent::Content(_)) && ty != TypeRef::String {
            ParamStyle::Json
        } else {
            style
        };
        let sensitive = location == ParamLocation::Header && is_credential_header(&lower_name);
        Some(Parameter {
            style,
            sensitive,
            wire_name: data.name.clone(),
            rust_name: scope.claim(rust_name),
            location,
            role,
            ty,
            description: data.description.clone(),
        })
    }

    fn lower_responses(&mut self, op: &'a SpecOperation, here: &Pointer, builder: &str) -> Vec<Response> {
        let at = here.child("responses");
        let declared = op.responses.responses.iter().map(|(status, response)| {
            let status = match status {
                openapiv3::StatusCode::Code(code) => Status::Code(*code),
                openapiv3::StatusCode::Range(class) => Status::Range(*class),
            };
            (status, response)
        });
        let default = op.responses.default.iter().map(|response| (Status::Default, response));
        let mut out = Vec::new();
        for (status, response) in declared.chain(default).collect::<Vec<_>>() {
            let status_at = at.child(status);
            let (response, response_at) =
                match self.spec.resolve(response, &status_at, Section::Responses, |c| &c.responses) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(&status_at, message);
                        continue;
                    }
                };
            let (body, encoding, media_type) = self.lower_response_body(response, &response_at, builder, status);
            let headers = self.lower_response_headers(response, &response_at);
            out.push(Response {
                status,
                description: response.description.clone(),
                body,
                encoding,
                media_type,
                headers,
                error_variant: None,
            });
        }
        out
    }

    /// A response body: JSON when the response offers it, else text for `text/*`, else bytes.
    fn lower_response_body(
        &mut self,
        response: &'a openapiv3::Response,
        at: &Pointer,
        builder: &str,
        status: Status,
    ) -> (Option<TypeRef>, Encoding, Option<String>) {
        if let Some((media, content)) = response.content.iter().find(|(ct, _)| is_json(ct)) {
            let body = content.schema.as_ref().map(|schema| {
                let schema_at = at.child("content").child(media).child("schema");
                let ty = self.type_of(SchemaAt::from(schema), &schema_at, &format!("{builder}Response{status}"));
                self.outside_fields(ty, &schema_at, "this response body")
            });
            if let Some(ty) = &body {
                self.note_media_examples(content, &at.child("content").child(media), ty);
            }
            return (body, Encoding::Json, Some(media.clone()));
        }
        match response.content.keys().find(|ct| is_text(ct)).or_else(|| response.content.keys().next()) {
            Some(media) if is_text(media) => (Some(TypeRef::String), Encoding::Text, Some(media.clone())),
            Some(media) => (Some(TypeRef::Bytes), Encoding::Bytes, Some(media.clone())),
            None => (None, Encoding::Json, None),
        }
    }

    fn lower_response_headers(&mut self, response: &'a openapiv3::Response, at: &Pointer) -> Vec<ResponseHeader> {
        let mut out = Vec::new();
        for (name, header) in &response.headers {
            let here = at.child("headers").child(name);
            match self.spec.resolve(header, &here, Section::Headers, |c| &c.headers) {
                Ok((header, header_at)) => {
                    let ty = match &header.format {
                        ParameterSchemaOrContent::Schema(schema) => {
                            self.header_type(SchemaAt::from(schema), &header_at.child("schema"))
                        }
                        ParameterSchemaOrContent::Content(_) => TypeRef::String,
                    };
                    out.push(ResponseHeader { name: name.clone(), ty, description: header.description.clone() });
                }
                Err(message) => self.error(&here, message),
            }
        }
        out
    }

    /// Response headers are read leniently as text; only their scalar kind is kept (no enum types).
    fn header_type(&mut self, schema: SchemaAt<'a>, at: &Pointer) -> TypeRef {
        match schema {
            SchemaAt::Inline(s) => match &s.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_)) => TypeRef::Integer,
                openapiv3::SchemaKind::Type(openapiv3::Type::Number(_)) => TypeRef::Number,
                openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(_)) => TypeRef::Boolean,
                _ => TypeRef::String,
            },
            SchemaAt::Ref(reference) => {
                if let Err(message) = crate::spec::ref_name(reference, Section::Schemas) {
                    self.error(at, message);
                }
                TypeRef::String
            }
        }
    }
}

fn location_key(param: &SpecParameter) -> u8 {
    match param {
        SpecParameter::Path { .. } => 0,
        SpecParameter::Query { .. } => 1,
        SpecParameter::Header { .. } => 2,
        SpecParameter::Cookie { .. } => 3,
    }
}

/// The media type without parameters, lowercase.
fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

pub(super) fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
}

/// `text/*`, read and written as a string.
pub(super) fn is_text(content_type: &str) -> bool {
    essence(content_type).starts_with("text/")
}

/// `instrument_type=card&x=1` as pairs, in order. Values are kept as written.
fn parse_fixed_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// A scalar default as the text sent on the wire; a list or mapping default is left to the server.
fn json_scalar(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Where a parameter goes, and how it is written there (the spec's `style` and `explode`, or their
/// defaults: `form` exploded for query and cookie, `simple` for path and header).
fn param_place(param: &SpecParameter) -> (ParamLocation, ParamStyle) {
    use openapiv3::{PathStyle, QueryStyle};
    let explode = param.parameter_data_ref().explode;
    match param {
        SpecParameter::Query { style, .. } => {
            let style = match style {
                QueryStyle::Form => ParamStyle::Form { explode: explode.unwrap_or(true) },
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (ParamLocation::Query, style)
        }
        SpecParameter::Path { style, .. } => {
            // `label` and `matrix` prefix the value (`.x`, `;id=x`); written as `simple` they still fill the
            // segment, and the segment check keeps them inside it.
            let _: &PathStyle = style;
            (ParamLocation::Path, ParamStyle::Simple { explode: explode.unwrap_or(false) })
        }
        SpecParameter::Header { .. } => {
            (ParamLocation::Header, ParamStyle::Simple { explode: explode.unwrap_or(false) })
        }
        SpecParameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form { explode: explode.unwrap_or(true) }),
    }
}

/// Header names that carry a credential: the value is held as a secret, never shown.
const CREDENTIAL_HEADER_WORDS: &[&str] =
    &["authorization", "cookie", "secret", "apikey", "api-key", "api_key", "token", "signature", "password", "passwd"];

/// Whether a header (lowercase) carries a credential: `authorization`, `x-client-secret`, `x-partner-apikey`,
/// `x-auth-token`, ...
pub(super) fn is_credential_header(name: &str) -> bool {
    CREDENTIAL_HEADER_WORDS.iter().any(|word| {
        name == *word
            || name.ends_with(&format!("-{word}"))
            || name.ends_with(&format!("_{word}"))
            || name.contains(&format!("-{word}-"))
    })
}
