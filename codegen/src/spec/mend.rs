//! Mending the raw tree before it is typed: quirks of real specs that have one obvious reading but would
//! keep the typed OpenAPI model from reading a part at all (a keyword of the wrong JSON type, a 3.1-style
//! `type` list, tags written as a map) or that would make generated code that cannot hold a value (a string
//! default on a boolean, an enum written beside `type: array`). One pass, one table of mends: each mend
//! takes its reading and records a warning that says what it did. Nothing here refuses a spec.

use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Location, Pointer, Severity};

/// The mends, in the order they run on each schema; each returns the warnings it wants recorded. The flag
/// marks the mends that read what OpenAPI 3.1 writes by its own rules (a `null` member, `const`, a type list
/// with `null`, numeric exclusive bounds): in a 3.1 spec they are not quirks, and the version's one warning
/// says how they are read; in a 3.0 spec each is reported where it is.
const SCHEMA_MENDS: &[(&str, SchemaMend, Syntax31)] = &[
    ("null member", mend_null_members, true),
    ("const", mend_const, true),
    ("type union", mend_type_union, false),
    ("type list", mend_type_list, true),
    ("type synonym", mend_type_synonym, false),
    ("numeric keyword", mend_numeric_keywords, false),
    ("exclusive bound", mend_exclusive_bounds, true),
    ("exclusive flag", mend_exclusive_flags, false),
    ("boolean keyword", mend_boolean_keywords, false),
    ("required flag", mend_required_flag, false),
    ("enum beside array", mend_enum_beside_array, false),
    ("properties beside array", mend_properties_beside_array, false),
    ("literal type", mend_literals, false),
    ("items list", mend_items_list, false),
    ("discriminator", mend_discriminator, false),
    ("shapes", mend_shapes, false),
];

type SchemaMend = fn(&mut Map<String, Value>) -> Vec<String>;

/// Whether a mend reads OpenAPI 3.1's own syntax.
type Syntax31 = bool;

/// The walk's state: where it is, and the warnings so far.
struct Mender<'f> {
    file: &'f str,
    operation: Option<String>,
    warnings: Diagnostics,
    /// The spec is OpenAPI 3.1: its own syntax is read without a warning at each place.
    version_3_1: bool,
}

impl Mender<'_> {
    fn warn(&mut self, at: &Pointer, message: String) {
        self.warnings.push(Diagnostic {
            severity: Severity::Warning,
            location: Location {
                file: self.file.to_owned(),
                line: None,
                pointer: at.to_string(),
                operation: self.operation.clone(),
            },
            message,
        });
    }
}

/// Mends `raw` in place; returns the warnings.
pub(super) fn mend(file: &str, raw: &mut Value, version_3_1: bool) -> Diagnostics {
    let mut mender = Mender { file, operation: None, warnings: Diagnostics::default(), version_3_1 };
    let Some(root) = raw.as_object_mut() else { return mender.warnings };
    let at = Pointer::root();
    mend_top_level(&mut mender, root, &at);
    // The webhooks' path items are read like the operations'.
    for section in ["paths", "x-webhooks", "webhooks"] {
        let Some(items) = root.get_mut(section).and_then(Value::as_object_mut) else { continue };
        for (key, item) in items.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
            mend_path_item(&mut mender, item, &at.child(section).child(key));
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        mend_components(&mut mender, components, &at.child("components"));
    }
    mender.warnings
}

/// `tags`, `info` and `externalDocs` only describe; a malformed one is read as far as it goes, never refused.
fn mend_top_level(mender: &mut Mender, root: &mut Map<String, Value>, at: &Pointer) {
    match root.get_mut("tags") {
        Some(Value::Object(map)) => {
            let list = map
                .iter()
                .map(|(name, value)| {
                    let mut tag = value.as_object().cloned().unwrap_or_default();
                    tag.insert("name".to_owned(), Value::String(name.clone()));
                    Value::Object(tag)
                })
                .collect();
            root.insert("tags".to_owned(), Value::Array(list));
            mender.warn(&at.child("tags"), "`tags` is a mapping, not a list; read as a list of its keys".to_owned());
        }
        Some(Value::Array(items)) => {
            let before = items.len();
            items.retain(|tag| tag.get("name").is_some_and(Value::is_string));
            if items.len() != before {
                mender.warn(&at.child("tags"), "tags without a string `name` are ignored".to_owned());
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => {
            root.remove("tags");
            mender.warn(&at.child("tags"), "`tags` is not a list; ignored".to_owned());
        }
    }
    if root.get("externalDocs").is_some_and(|d| !d.get("url").is_some_and(Value::is_string)) {
        root.remove("externalDocs");
        mender.warn(&at.child("externalDocs"), "`externalDocs` has no string `url`; ignored".to_owned());
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        for key in ["title", "version", "description", "termsOfService"] {
            match info.get(key) {
                Some(Value::Number(n)) => {
                    let text = n.to_string();
                    info.insert(key.to_owned(), Value::String(text));
                }
                Some(Value::String(_)) | None => {}
                Some(_) => {
                    info.remove(key);
                    mender.warn(&at.child("info").child(key), format!("`info.{key}` is not text; ignored"));
                }
            }
        }
        for key in ["contact", "license"] {
            if info.get(key).is_some_and(|v| !v.is_object() || (key == "license" && v.get("name").is_none())) {
                info.remove(key);
                mender.warn(&at.child("info").child(key), format!("`info.{key}` is malformed; ignored"));
            }
        }
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn mend_path_item(mender: &mut Mender, item: &mut Value, at: &Pointer) {
    let Some(item) = item.as_object_mut() else { return };
    mender.operation = None;
    mend_parameters(mender, item.get_mut("parameters"), &at.child("parameters"));
    for method in METHODS {
        let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
        mender.operation = op.get("operationId").and_then(Value::as_str).map(str::to_owned);
        mend_operation(mender, op, &at.child(method));
    }
    mender.operation = None;
}

fn mend_operation(mender: &mut Mender, op: &mut Map<String, Value>, at: &Pointer) {
    if let Some(Value::String(tag)) = op.get("tags") {
        let list = Value::Array(vec![Value::String(tag.clone())]);
        op.insert("tags".to_owned(), list);
        mender.warn(&at.child("tags"), "`tags` is a string, not a list; read as a list of one".to_owned());
    } else if op.get("tags").is_some_and(|t| !t.is_array()) {
        op.remove("tags");
        mender.warn(&at.child("tags"), "`tags` is not a list; ignored".to_owned());
    }
    if let Some(Value::Array(tags)) = op.get_mut("tags") {
        tags.retain(Value::is_string);
    }
    if let Some(Value::Number(id)) = op.get("operationId") {
        let text = id.to_string();
        op.insert("operationId".to_owned(), Value::String(text));
    }
    mend_flag(mender, op, "deprecated", at);
    mend_parameters(mender, op.get_mut("parameters"), &at.child("parameters"));
    if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
        mend_request_body(mender, body, &at.child("requestBody"));
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        mend_responses(mender, responses, &at.child("responses"));
    }
}

/// A boolean written as the text `"true"`/`"false"` is that boolean; anything else not boolean is dropped.
fn mend_flag(mender: &mut Mender, map: &mut Map<String, Value>, key: &str, at: &Pointer) {
    match map.get(key).cloned() {
        Some(Value::Bool(_)) | None => {}
        Some(value) => {
            let here = at.child(key);
            match as_bool(&value) {
                Some(flag) => {
                    map.insert(key.to_owned(), Value::Bool(flag));
                    mender.warn(&here, format!("`{key}` is {value}, read as the boolean {flag}"));
                }
                None => {
                    map.remove(key);
                    mender.warn(&here, format!("`{key}` is {value}, not a boolean; ignored"));
                }
            }
        }
    }
}

fn mend_parameters(mender: &mut Mender, list: Option<&mut Value>, at: &Pointer) {
    let Some(list) = list else { return };
    if let Value::Object(map) = list {
        // One parameter written without its list, or parameters keyed by name.
        let items = if map.contains_key("name") && map.contains_key("in") {
            vec![Value::Object(map.clone())]
        } else {
            map.values().filter(|v| v.is_object()).cloned().collect()
        };
        mender.warn(at, format!("`parameters` is a mapping, not a list; read as a list of {}", items.len()));
        *list = Value::Array(items);
    }
    let Value::Array(list) = list else { return };
    for (index, param) in list.iter_mut().enumerate() {
        let Some(param) = param.as_object_mut() else { continue };
        mend_parameter(mender, param, &at.child(index));
    }
}

fn mend_parameter(mender: &mut Mender, param: &mut Map<String, Value>, at: &Pointer) {
    if param.contains_key("$ref") {
        return;
    }
    if let Some(Value::String(location)) = param.get("in") {
        let lower = location.to_ascii_lowercase();
        if &lower != location {
            mender.warn(&at.child("in"), format!("`in: {location}` read as `{lower}`"));
            param.insert("in".to_owned(), Value::String(lower));
        }
    }
    for key in ["required", "deprecated", "explode", "allowReserved", "allowEmptyValue"] {
        mend_flag(mender, param, key, at);
    }
    if !param.contains_key("schema") && !param.contains_key("content") {
        let mut schema = Map::new();
        schema.insert("type".to_owned(), Value::String("string".to_owned()));
        param.insert("schema".to_owned(), Value::Object(schema));
        mender.warn(at, "parameter has no `schema`; sent as a string".to_owned());
    }
    if let Some(schema) = param.get_mut("schema") {
        mend_schema(mender, schema, &at.child("schema"));
    }
    mend_content(mender, param.get_mut("content"), &at.child("content"));
}

fn mend_content(mender: &mut Mender, content: Option<&mut Value>, at: &Pointer) {
    let Some(Value::Object(content)) = content else { return };
    for (media, value) in content.iter_mut() {
        if let Some(schema) = value.get_mut("schema") {
            mend_schema(mender, schema, &at.child(media).child("schema"));
        }
    }
}

fn mend_request_body(mender: &mut Mender, body: &mut Map<String, Value>, at: &Pointer) {
    mend_flag(mender, body, "required", at);
    mend_content(mender, body.get_mut("content"), &at.child("content"));
}

fn mend_responses(mender: &mut Mender, responses: &mut Map<String, Value>, at: &Pointer) {
    let keys: Vec<String> = responses.keys().cloned().collect();
    for key in keys {
        let upper = key.to_ascii_uppercase();
        if upper != key && upper.len() == 3 && upper.ends_with("XX") {
            if let Some(value) = responses.remove(&key) {
                responses.insert(upper.clone(), value);
            }
            mender.warn(&at.child(&key), format!("status `{key}` read as `{upper}`"));
        }
    }
    for (status, response) in responses.iter_mut() {
        mend_response(mender, response, &at.child(status));
    }
}

fn mend_response(mender: &mut Mender, response: &mut Value, at: &Pointer) {
    let Some(response) = response.as_object_mut() else { return };
    if response.contains_key("$ref") {
        return;
    }
    if !response.get("description").is_some_and(Value::is_string) {
        response.insert("description".to_owned(), Value::String(String::new()));
    }
    mend_content(mender, response.get_mut("content"), &at.child("content"));
    if let Some(Value::Object(headers)) = response.get_mut("headers") {
        for (name, header) in headers.iter_mut() {
            let here = at.child("headers").child(name);
            if let Some(header) = header.as_object_mut() {
                for key in ["required", "deprecated", "explode"] {
                    mend_flag(mender, header, key, &here);
                }
            }
            if let Some(schema) = header.get_mut("schema") {
                mend_schema(mender, schema, &here.child("schema"));
            }
        }
    }
}

fn mend_components(mender: &mut Mender, components: &mut Map<String, Value>, at: &Pointer) {
    if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
        for (key, schema) in schemas.iter_mut() {
            mend_schema(mender, schema, &at.child("schemas").child(key));
        }
    }
    if let Some(Value::Object(params)) = components.get_mut("parameters") {
        for (key, param) in params.iter_mut() {
            if let Some(param) = param.as_object_mut() {
                mend_parameter(mender, param, &at.child("parameters").child(key));
            }
        }
    }
    if let Some(Value::Object(bodies)) = components.get_mut("requestBodies") {
        for (key, body) in bodies.iter_mut() {
            if let Some(body) = body.as_object_mut() {
                mend_request_body(mender, body, &at.child("requestBodies").child(key));
            }
        }
    }
    if let Some(Value::Object(responses)) = components.get_mut("responses") {
        for (key, response) in responses.iter_mut() {
            mend_response(mender, response, &at.child("responses").child(key));
        }
    }
    if let Some(Value::Object(headers)) = components.get_mut("headers") {
        for (key, header) in headers.iter_mut() {
            if let Some(schema) = header.get_mut("schema") {
                mend_schema(mender, schema, &at.child("headers").child(key).child("schema"));
            }
        }
    }
    if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
        for (key, scheme) in schemes.iter_mut() {
            if let Some(Value::String(location)) = scheme.get("in") {
                let lower = location.to_ascii_lowercase();
                if &lower != location {
                    mender.warn(
                        &at.child("securitySchemes").child(key).child("in"),
                        format!("`in: {location}` read as `{lower}`"),
                    );
                    if let Some(scheme) = scheme.as_object_mut() {
                        scheme.insert("in".to_owned(), Value::String(lower));
                    }
                }
            }
        }
    }
}

/// Mends one schema and, depth first, the schemas inside it.
fn mend_schema(mender: &mut Mender, schema: &mut Value, at: &Pointer) {
    let map = match schema {
        Value::Object(map) => map,
        Value::Bool(_) | Value::Null => {
            // `true` (or nothing) is "anything" in JSON Schema.
            *schema = Value::Object(Map::new());
            return;
        }
        other => {
            let message = format!("a schema is {}, not a mapping; read as any value", describe(other));
            *other = Value::Object(Map::new());
            mender.warn(at, message);
            return;
        }
    };
    match map.get("$ref") {
        Some(Value::String(_)) => return,
        Some(other) => {
            let message = format!("`$ref` is {}, not a reference; read as any value", describe(other));
            map.clear();
            mender.warn(at, message);
            return;
        }
        None => {}
    }
    for (_, mend, syntax_3_1) in SCHEMA_MENDS {
        let messages = mend(map);
        if mender.version_3_1 && *syntax_3_1 {
            continue;
        }
        for message in messages {
            mender.warn(at, message);
        }
    }
    mend_children(mender, map, at);
}

fn mend_children(mender: &mut Mender, map: &mut Map<String, Value>, at: &Pointer) {
    // A property's `required: true` names it in the parent's list.
    let mut newly_required = Vec::new();
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if let Some(flag) = property.as_object_mut().and_then(|p| p.remove("required").filter(Value::is_boolean)) {
                let here = at.child("properties").child(name).child("required");
                mender.warn(
                    &here,
                    format!("`required: {flag}` inside a property is read as the parent's `required` list"),
                );
                if flag == Value::Bool(true) {
                    newly_required.push(Value::String(name.clone()));
                }
            }
            mend_schema(mender, property, &at.child("properties").child(name));
        }
    }
    if !newly_required.is_empty() {
        let list = map.entry("required").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            for name in newly_required {
                if !list.contains(&name) {
                    list.push(name);
                }
            }
        }
    }
    if let Some(items) = map.get_mut("items") {
        mend_schema(mender, items, &at.child("items"));
    }
    if let Some(additional) = map.get_mut("additionalProperties").filter(|a| a.is_object()) {
        mend_schema(mender, additional, &at.child("additionalProperties"));
    }
    if let Some(not) = map.get_mut("not") {
        mend_schema(mender, not, &at.child("not"));
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get_mut(keyword) {
            for (index, member) in members.iter_mut().enumerate() {
                mend_schema(mender, member, &at.child(keyword).child(index));
            }
        }
    }
}

fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A member of `oneOf`/`anyOf` that admits only `null` (`{type: "null"}`, OpenAPI 3.1's way to say a
/// reference may be null) makes the schema `nullable: true`.
fn mend_null_members(map: &mut Map<String, Value>) -> Vec<String> {
    let only_null = |member: &Value| {
        let Some(member) = member.as_object() else { return false };
        let null_type = match member.get("type") {
            Some(Value::String(t)) => t == "null",
            Some(Value::Array(types)) => !types.is_empty() && types.iter().all(|t| t.as_str() == Some("null")),
            _ => false,
        };
        null_type && member.keys().all(|k| matches!(k.as_str(), "type" | "description" | "title"))
    };
    let mut out = Vec::new();
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(keyword) else { continue };
        let nulls = members.iter().filter(|m| only_null(m)).count();
        // A list of nothing but `null` is left as it is (and read as any value).
        if nulls > 0 && nulls < members.len() {
            members.retain(|m| !only_null(m));
            out.push(format!("the `{{type: \"null\"}}` member of `{keyword}` read as `nullable: true`"));
        }
    }
    if !out.is_empty() {
        map.insert("nullable".to_owned(), Value::Bool(true));
        // One member left: the schema is that member (a one-element `allOf`, read as a wrapper), not a union
        // of one.
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = map.get(keyword)
                && members.len() == 1
                && !map.contains_key("allOf")
            {
                if let Some(members) = map.remove(keyword) {
                    map.insert("allOf".to_owned(), members);
                }
                break;
            }
        }
    }
    out
}

/// `const: v` (JSON Schema, and so OpenAPI 3.1) is `enum: [v]`, the one value the schema admits.
fn mend_const(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(value) = map.remove("const") else { return Vec::new() };
    if map.contains_key("enum") {
        return vec![format!("`const: {value}` beside an `enum`; the `enum` is kept")];
    }
    let message = format!("`const: {value}` read as `enum: [{value}]`");
    map.insert("enum".to_owned(), Value::Array(vec![value]));
    vec![message]
}

/// A type list naming several types besides `null` (`[string, integer]`) is any value.
fn mend_type_union(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(types)) = map.get("type") else { return Vec::new() };
    let named = types.iter().filter_map(Value::as_str).filter(|t| *t != "null").count();
    if named == 1 {
        return Vec::new();
    }
    let listed = Value::Array(types.clone()).to_string();
    if types.iter().any(|t| t.as_str() == Some("null")) {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    map.remove("type");
    vec![format!("`type: {listed}` names several types; read as any value")]
}

/// `type: [string, "null"]` (OpenAPI 3.1 style) is `type: string` with `nullable: true`.
fn mend_type_list(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(types)) = map.get("type") else { return Vec::new() };
    let named: Vec<&str> = types.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect();
    let [one] = named.as_slice() else { return Vec::new() };
    let one = (*one).to_owned();
    let nullable = types.iter().any(|t| t.as_str() == Some("null"));
    let listed = Value::Array(types.clone()).to_string();
    if nullable {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    map.insert("type".to_owned(), Value::String(one.clone()));
    vec![format!("`type: {listed}` read as `type: {one}`{}", if nullable { ", nullable" } else { "" })]
}

/// Type names other tools write for OpenAPI's own.
fn mend_type_synonym(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::String(name)) = map.get("type") else {
        if map.get("type").is_some() {
            map.remove("type");
            return vec!["`type` is not text; read as any value".to_owned()];
        }
        return Vec::new();
    };
    let (ty, format) = match name.to_ascii_lowercase().as_str() {
        "string" | "integer" | "number" | "boolean" | "array" | "object"
            if name.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            return Vec::new();
        }
        "string" | "str" | "text" => ("string", None),
        "integer" | "int" | "int32" | "long" | "int64" => ("integer", None),
        "number" | "float" | "double" | "decimal" => ("number", None),
        "boolean" | "bool" => ("boolean", None),
        "array" | "list" => ("array", None),
        "object" | "map" | "dict" => ("object", None),
        "date" => ("string", Some("date")),
        "datetime" | "date-time" => ("string", Some("date-time")),
        "file" | "binary" => ("string", Some("binary")),
        _ => {
            let message = format!("`type: {name}` is not an OpenAPI type; read as any value");
            map.remove("type");
            return vec![message];
        }
    };
    let message = format!("`type: {name}` read as `type: {ty}`");
    map.insert("type".to_owned(), Value::String(ty.to_owned()));
    if let Some(format) = format {
        map.entry("format").or_insert_with(|| Value::String(format.to_owned()));
    }
    vec![message]
}

/// Counts and bounds written as text (`minLength: "3"`) are those numbers; what isn't a number (or, for a
/// count, a whole number of at least zero) is dropped.
fn mend_numeric_keywords(map: &mut Map<String, Value>) -> Vec<String> {
    const COUNTS: [&str; 6] = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];
    const BOUNDS: [&str; 3] = ["minimum", "maximum", "multipleOf"];
    let mut out = Vec::new();
    for key in COUNTS.iter().chain(&BOUNDS) {
        let Some(value) = map.get(*key).cloned() else { continue };
        let count = COUNTS.contains(key);
        if value.as_u64().is_some() || (!count && value.is_number()) {
            continue;
        }
        let number = match &value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|f| f.is_finite() && (!count || (*f >= 0.0 && f.fract() == 0.0)))
        .and_then(number_from);
        match number {
            Some(n) => {
                out.push(format!("`{key}: {value}` read as the number {n}"));
                map.insert((*key).to_owned(), Value::Number(n));
            }
            None => {
                out.push(format!("`{key}: {value}` is not {}; ignored", if count { "a count" } else { "a number" }));
                map.remove(*key);
            }
        }
    }
    out
}

/// `10.0` as the integer `10`, other floats as they are.
fn number_from(f: f64) -> Option<Number> {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation, reason = "whole and in range, checked above")]
        Some(Number::from(f as i64))
    } else {
        Number::from_f64(f)
    }
}

/// `exclusiveMinimum: 5` (OpenAPI 3.1 style) is `minimum: 5` with `exclusiveMinimum: true`.
fn mend_exclusive_bounds(map: &mut Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = map.get(flag).cloned() {
            out.push(format!("`{flag}: {n}` read as `{bound}: {n}` with `{flag}: true`"));
            map.insert(bound.to_owned(), Value::Number(n));
            map.insert(flag.to_owned(), Value::Bool(true));
        }
    }
    out
}

/// An exclusive-bound flag written as text is that boolean; anything else is dropped.
fn mend_exclusive_flags(map: &mut Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for flag in ["exclusiveMinimum", "exclusiveMaximum"] {
        match map.get(flag).cloned() {
            Some(Value::Bool(_)) | None => {}
            Some(other) => match as_bool(&other) {
                Some(b) => {
                    map.insert(flag.to_owned(), Value::Bool(b));
                }
                None => {
                    map.remove(flag);
                    out.push(format!("`{flag}: {other}` is not a boolean; ignored"));
                }
            },
        }
    }
    out
}

fn mend_boolean_keywords(map: &mut Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems"] {
        match map.get(key) {
            Some(Value::Bool(_)) | None => {}
            Some(value) => {
                let value = value.clone();
                match as_bool(&value) {
                    Some(b) => {
                        out.push(format!("`{key}: {value}` read as the boolean {b}"));
                        map.insert(key.to_owned(), Value::Bool(b));
                    }
                    None => {
                        out.push(format!("`{key}: {value}` is not a boolean; ignored"));
                        map.remove(key);
                    }
                }
            }
        }
    }
    if let Some(Value::String(s)) = map.get("additionalProperties")
        && let Some(b) = as_bool(&Value::String(s.clone()))
    {
        out.push(format!("`additionalProperties: \"{s}\"` read as the boolean {b}"));
        map.insert("additionalProperties".to_owned(), Value::Bool(b));
    }
    out
}

/// `required: true` on a schema itself (not inside `properties`, which the walk handles) says nothing a
/// schema can say; a `required` list of non-text entries keeps only its names.
fn mend_required_flag(map: &mut Map<String, Value>) -> Vec<String> {
    match map.get_mut("required") {
        Some(Value::Bool(_)) => {
            map.remove("required");
            vec![
                "`required` is a boolean on a schema; only a parent's `required` list makes a property required"
                    .to_owned(),
            ]
        }
        Some(Value::Array(names)) => {
            let before = names.len();
            names.retain(Value::is_string);
            if names.len() == before {
                Vec::new()
            } else {
                vec!["`required` entries that are not names are ignored".to_owned()]
            }
        }
        Some(Value::String(name)) => {
            let list = Value::Array(vec![Value::String(name.clone())]);
            map.insert("required".to_owned(), list);
            vec!["`required` is one name, not a list; read as a list of one".to_owned()]
        }
        Some(_) => {
            map.remove("required");
            vec!["`required` is not a list of names; ignored".to_owned()]
        }
        None => Vec::new(),
    }
}

/// An `enum` written beside `type: array` lists the values of the items.
fn mend_enum_beside_array(map: &mut Map<String, Value>) -> Vec<String> {
    if map.get("type").and_then(Value::as_str) != Some("array") || !map.contains_key("enum") {
        return Vec::new();
    }
    let Some(values) = map.remove("enum") else { return Vec::new() };
    let items = map.entry("items").or_insert_with(|| {
        let mut items = Map::new();
        items.insert("type".to_owned(), Value::String("string".to_owned()));
        Value::Object(items)
    });
    match items.as_object_mut() {
        Some(items) if !items.contains_key("enum") && !items.contains_key("$ref") => {
            items.insert("enum".to_owned(), values);
            vec!["`enum` beside `type: array` is read as the values of its items".to_owned()]
        }
        _ => vec!["`enum` beside `type: array` is ignored: the items already say what they are".to_owned()],
    }
}

/// `properties` beside `type: array`: the schema is the array its type says. With `items`, the properties are
/// dropped; without, they are read as the items' (an array of such objects).
fn mend_properties_beside_array(map: &mut Map<String, Value>) -> Vec<String> {
    if map.get("type").and_then(Value::as_str) != Some("array") || !map.contains_key("properties") {
        return Vec::new();
    }
    let properties = map.remove("properties");
    let required = map.remove("required");
    if map.contains_key("items") {
        return vec![
            "`properties` beside `type: array` and `items` are ignored: it is read as the array of its items"
                .to_owned(),
        ];
    }
    let mut items = Map::new();
    items.insert("type".to_owned(), Value::String("object".to_owned()));
    items.extend(properties.map(|p| ("properties".to_owned(), p)));
    items.extend(required.map(|r| ("required".to_owned(), r)));
    map.insert("items".to_owned(), Value::Object(items));
    vec!["`properties` beside `type: array` without `items` are read as the properties of its items".to_owned()]
}

/// `default`, `example` and `enum` values of the wrong literal type: converted when nothing is lost
/// (`"false"` -> false, `"10"` -> 10, `10` -> "10"), dropped otherwise.
fn mend_literals(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(ty) = map.get("type").and_then(Value::as_str).map(str::to_owned) else { return Vec::new() };
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    let mut out = Vec::new();
    for key in ["default", "example"] {
        let Some(value) = map.get(key).cloned() else { continue };
        if fits(&value, &ty) || (value.is_null() && (nullable || key == "example")) {
            continue;
        }
        match convert(&value, &ty) {
            Some(converted) => {
                out.push(format!("{key} {value} is {}, read as {converted} for type {ty}", describe(&value)));
                map.insert(key.to_owned(), converted);
            }
            None => {
                out.push(format!("{key} {value} is {}, not of type {ty}; ignored", describe(&value)));
                map.remove(key);
            }
        }
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        let mut kept = Vec::new();
        for value in values.drain(..) {
            if fits(&value, &ty) || value.is_null() {
                kept.push(value);
                continue;
            }
            match convert(&value, &ty) {
                Some(converted) => {
                    out.push(format!("enum value {value} is {}, read as {converted}", describe(&value)));
                    kept.push(converted);
                }
                None => out.push(format!("enum value {value} is {}, not of type {ty}; left out", describe(&value))),
            }
        }
        *values = kept;
        if values.is_empty() {
            map.remove("enum");
        }
    } else if map.get("enum").is_some() {
        map.remove("enum");
        out.push("`enum` is not a list; ignored".to_owned());
    }
    out
}

/// Whether a JSON value is of the JSON type a schema's `type` names (any value fits an unknown name).
pub(crate) fn fits(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// The value as `ty`, when that loses nothing.
fn convert(value: &Value, ty: &str) -> Option<Value> {
    match (ty, value) {
        ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        ("boolean", Value::String(_)) => as_bool(value).map(Value::Bool),
        ("integer", Value::String(s)) => s.trim().parse::<i64>().ok().map(|n| Value::Number(n.into())),
        ("integer", Value::Number(n)) => {
            n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).and_then(number_from).map(Value::Number)
        }
        ("number", Value::String(s)) => {
            s.trim().parse::<f64>().ok().filter(|f| f.is_finite()).and_then(number_from).map(Value::Number)
        }
        _ => None,
    }
}

/// A JSON value's kind, as warnings name it ("a string", "an integer").
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// `items` written as a list (tuple style) is read as its first schema.
fn mend_items_list(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(list)) = map.get("items") else { return Vec::new() };
    let first = list.first().cloned().unwrap_or_else(|| Value::Object(Map::new()));
    map.insert("items".to_owned(), first);
    vec!["`items` is a list; read as its first schema".to_owned()]
}

/// `discriminator: kind` is `discriminator: {propertyName: kind}`.
fn mend_discriminator(map: &mut Map<String, Value>) -> Vec<String> {
    match map.get("discriminator") {
        Some(Value::String(name)) => {
            let mut object = Map::new();
            object.insert("propertyName".to_owned(), Value::String(name.clone()));
            let message = format!("`discriminator: {name}` read as `discriminator: {{propertyName: {name}}}`");
            map.insert("discriminator".to_owned(), Value::Object(object));
            vec![message]
        }
        Some(Value::Object(d)) if d.get("propertyName").is_some_and(Value::is_string) => {
            if let Some(Value::Object(d)) = map.get_mut("discriminator")
                && d.get("mapping").is_some_and(|m| !m.is_object())
            {
                d.remove("mapping");
                return vec!["discriminator `mapping` is not a mapping; ignored".to_owned()];
            }
            Vec::new()
        }
        Some(_) => {
            map.remove("discriminator");
            vec!["`discriminator` has no `propertyName`; ignored".to_owned()]
        }
        None => Vec::new(),
    }
}

/// Keywords whose value is of a shape the model cannot read at all: dropped, each named.
fn mend_shapes(map: &mut Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    let wrong: Vec<String> = map
        .iter()
        .filter(|(key, value)| match key.as_str() {
            "properties" => !value.is_object(),
            "allOf" | "oneOf" | "anyOf" => !value.is_array(),
            "format" | "pattern" | "title" | "description" => !value.is_string(),
            "additionalProperties" => !(value.is_object() || value.is_boolean()),
            "externalDocs" => !value.get("url").is_some_and(Value::is_string),
            _ => false,
        })
        .map(|(key, _)| key.clone())
        .collect();
    for key in wrong {
        if let Some(value) = map.remove(&key) {
            out.push(format!("`{key}` is {}, which it cannot be; ignored", describe(&value)));
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if !property.is_object() && !property.is_boolean() {
                out.push(format!("property '{name}' is {}, not a schema; read as any value", describe(property)));
                *property = Value::Object(Map::new());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mended(schema: Value) -> (Value, Vec<String>) {
        let mut raw = json!({"components": {"schemas": {"S": schema}}});
        let warnings = mend("f.yaml", &mut raw, false);
        (raw["components"]["schemas"]["S"].clone(), warnings.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn a_3_1_spec_has_its_own_syntax_read_without_a_warning_at_each_place() {
        let schema = json!({
            "type": "object",
            "properties": {
                "note": {"type": ["string", "null"]},
                "amount": {"type": "number", "exclusiveMinimum": 0},
                "reason": {"oneOf": [{"$ref": "#/components/schemas/R"}, {"type": "null"}]},
                "either": {"type": ["string", "integer"]},
                "bound": {"type": "number", "exclusiveMaximum": "soon"}
            }
        });
        let read = |version_3_1: bool| {
            let mut raw = json!({"components": {"schemas": {"S": schema.clone()}}});
            let warnings = mend("f.yaml", &mut raw, version_3_1);
            (raw, warnings.iter().map(|d| d.location.pointer.clone()).collect::<Vec<_>>())
        };
        let (as_3_0, warned_3_0) = read(false);
        let (as_3_1, warned_3_1) = read(true);
        // Read the same way either way.
        assert_eq!(as_3_0, as_3_1);
        assert_eq!(
            as_3_1.pointer("/components/schemas/S/properties/note"),
            Some(&json!({"type": "string", "nullable": true}))
        );
        // 3.0: every place is reported; 3.1: only what is lost (several types, a flag that is no boolean).
        assert_eq!(warned_3_0.len(), 5, "{warned_3_0:?}");
        let lost = ["#/components/schemas/S/properties/either", "#/components/schemas/S/properties/bound"];
        assert_eq!(warned_3_1, lost);
    }

    #[test]
    fn table() {
        let cases = [
            (json!({"type": "boolean", "default": "false"}), json!({"type": "boolean", "default": false})),
            (json!({"type": "integer", "default": "10"}), json!({"type": "integer", "default": 10})),
            (json!({"type": "string", "default": 10}), json!({"type": "string", "default": "10"})),
            (json!({"type": "integer", "default": "ten"}), json!({"type": "integer"})),
            (json!({"type": "string", "enum": ["a", 1, true]}), json!({"type": "string", "enum": ["a", "1", "true"]})),
            (json!({"type": "integer", "enum": ["1", "x"]}), json!({"type": "integer", "enum": [1]})),
            (
                json!({"type": "array", "enum": ["a", "b"], "items": {"type": "string"}}),
                json!({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}),
            ),
            (json!({"type": ["string", "null"]}), json!({"type": "string", "nullable": true})),
            (json!({"type": "string", "const": "REFUND"}), json!({"type": "string", "enum": ["REFUND"]})),
            (
                json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}),
                json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true}),
            ),
            (
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": ["null"], "description": "none"}]}),
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
            ),
            (json!({"type": "string", "minLength": "3"}), json!({"type": "string", "minLength": 3})),
            (json!({"type": "string", "maxLength": -1}), json!({"type": "string"})),
            (
                json!({"type": "number", "exclusiveMinimum": 0}),
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
            ),
            (json!({"type": "int"}), json!({"type": "integer"})),
            (json!({"type": "file"}), json!({"type": "string", "format": "binary"})),
            (json!({"type": "string", "nullable": "true"}), json!({"type": "string", "nullable": true})),
            (
                json!({"type": "object", "properties": {"a": {"type": "string", "required": true}}}),
                json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}),
            ),
            (
                json!({"type": "array", "items": [{"type": "string"}]}),
                json!({"type": "array", "items": {"type": "string"}}),
            ),
            (json!({"discriminator": "kind"}), json!({"discriminator": {"propertyName": "kind"}})),
            (
                json!({"type": "array", "items": {"$ref": "#/components/schemas/E"}, "properties": {"id": {"type": "integer"}}}),
                json!({"type": "array", "items": {"$ref": "#/components/schemas/E"}}),
            ),
            (
                json!({"type": "array", "properties": {"id": {"type": "integer"}}, "required": ["id"]}),
                json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}}),
            ),
            (json!({"type": "object", "properties": [1]}), json!({"type": "object"})),
        ];
        for (input, expected) in cases {
            let (output, warnings) = mended(input.clone());
            assert_eq!(output, expected, "{input}");
            assert!(!warnings.is_empty(), "{input}: a mend must say what it did");
        }
    }

    #[test]
    fn sound_schemas_are_left_alone() {
        for schema in [
            json!({"type": "string", "enum": ["a"], "default": "a", "minLength": 1}),
            json!({"type": "boolean", "default": false}),
            json!({"type": "integer", "nullable": true, "default": null}),
            json!({"$ref": "#/components/schemas/T", "description": 1}),
            json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "integer"}}}, "required": ["a"]}),
        ] {
            let (output, warnings) = mended(schema.clone());
            assert_eq!(output, schema);
            assert!(warnings.is_empty(), "{schema}: {warnings:?}");
        }
    }

    #[test]
    fn tags_as_a_map_are_read_as_a_list() {
        let mut raw = json!({"tags": {"Orders": {"description": "orders"}, "Refunds": null}});
        let warnings = mend("f.yaml", &mut raw, false);
        assert_eq!(raw["tags"], json!([{"description": "orders", "name": "Orders"}, {"name": "Refunds"}]));
        assert_eq!(warnings.len(), 1);
    }
}
