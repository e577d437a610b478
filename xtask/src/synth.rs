//! Synthetic OpenAPI specs of any size, shaped like real payment APIs: resources with create, fetch, list,
//! update and delete operations, nested inline objects, enums, unions, deepObject list filters, form and JSON
//! bodies, and (on request) the quirks real specs have. Deterministic: the same options give the same text.
//! Used to test that an accepted spec compiles, and to measure what a crate of a given size costs.

use serde_json::{Map, Value, json};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub version: String,
    /// About this many operations (five per resource).
    pub operations: usize,
    /// Tag operations by resource family (`Some(n)`: n tags); `None` leaves them untagged, grouped by path.
    pub tags: Option<usize>,
    /// Inline objects nested in each operation's response (each is a type of its own).
    pub inline_depth: usize,
    /// Give every operation's response an inline shape of its own (not only the details operation).
    pub inline_everywhere: bool,
    /// Send some create bodies as `application/x-www-form-urlencoded`, as some payment APIs do.
    pub form_bodies: bool,
    /// Put in the quirks of real specs: duplicate operationIds, enums beside `type: array`, string defaults on
    /// booleans and integers, bearer credentials on some operations.
    pub quirks: bool,
}

impl Options {
    /// A spec shaped like a dated Cashfree PG version: about 90 operations over 18 tags, with the quirks.
    pub fn cashfree_like(version: &str) -> Self {
        Options {
            version: version.to_owned(),
            operations: 90,
            tags: Some(18),
            inline_depth: 2,
            inline_everywhere: false,
            form_bodies: true,
            quirks: true,
        }
    }

    /// A large public payments API: 400 operations, untagged, deep inline shapes (about 4,400 types, as
    /// many as the crate of such a real spec has).
    pub fn large(version: &str) -> Self {
        Options {
            version: version.to_owned(),
            operations: 400,
            tags: None,
            inline_depth: 5,
            inline_everywhere: true,
            form_bodies: true,
            quirks: false,
        }
    }
}

const WORDS: [&str; 40] = [
    "order",
    "payment",
    "refund",
    "settlement",
    "link",
    "offer",
    "customer",
    "subscription",
    "dispute",
    "payout",
    "beneficiary",
    "mandate",
    "plan",
    "invoice",
    "terminal",
    "vendor",
    "split",
    "transfer",
    "balance",
    "report",
    "token",
    "instrument",
    "card",
    "wallet",
    "account",
    "charge",
    "coupon",
    "price",
    "product",
    "session",
    "review",
    "evidence",
    "file",
    "event",
    "webhook",
    "schedule",
    "quote",
    "tax",
    "fee",
    "credit",
];

/// The resource names: one word, then two-word compounds when the words run out.
fn resource_names(count: usize) -> Vec<String> {
    let mut out = Vec::new();
    'outer: for second in std::iter::once("").chain(WORDS.iter().copied()) {
        for first in WORDS {
            if out.len() == count {
                break 'outer;
            }
            if first == second {
                continue;
            }
            out.push(if second.is_empty() { first.to_owned() } else { format!("{first}_{second}") });
        }
    }
    out
}

fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// An inline object `depth` levels deep, with fields named after `stem` so every shape is its own type.
fn inline_object(stem: &str, depth: usize, quirks: bool) -> Value {
    let mut properties = Map::new();
    properties.insert(format!("{stem}_id"), json!({"type": "string", "description": format!("The {stem} id.")}));
    properties.insert(format!("{stem}_count"), json!({"type": "integer", "format": "int64"}));
    // Every shape has states of its own (real APIs' enums differ from resource to resource).
    let upper = stem.to_ascii_uppercase();
    properties.insert(
        format!("{stem}_state"),
        json!({"type": "string", "enum": [format!("{upper}_ACTIVE"), "PENDING", "CLOSED"],
               "description": "- `ACTIVE`: live\n- `PENDING`: waiting\nnot yet closed"}),
    );
    properties.insert(format!("{stem}_flags"), json!({"type": "array", "items": {"type": "string"}}));
    if quirks {
        properties.insert(format!("{stem}_note"), json!({"type": ["string", "null"]}));
    }
    if depth > 0 {
        properties.insert(format!("{stem}_detail"), inline_object(&format!("{stem}_d{depth}"), depth - 1, quirks));
    }
    json!({"type": "object", "required": [format!("{stem}_id")], "properties": properties})
}

/// The component schema of a resource.
fn entity(name: &str) -> Value {
    json!({
        "type": "object",
        "description": format!("A {name}."),
        "required": [format!("{name}_id"), "status"],
        "properties": {
            format!("{name}_id"): {"type": "string"},
            "amount": {"type": "number", "format": "double", "example": 10.5},
            "currency": {"type": "string", "default": "INR"},
            "status": {"type": "string", "enum": ["CREATED", "ACTIVE", "EXPIRED"]},
            "created_at": {"type": "string", "format": "date-time"},
            "customer_details": {"$ref": "#/components/schemas/CustomerDetails"},
            "tags": {"type": "object", "additionalProperties": {"type": "string"}},
            "method": {
                "oneOf": [
                    {"$ref": "#/components/schemas/CardMethod"},
                    {"$ref": "#/components/schemas/UpiMethod"}
                ]
            },
            "meta": {"type": "object", "properties": {"return_url": {"type": "string"}, "notify_url": {"type": "string"}}}
        }
    })
}

fn shared_components() -> Map<String, Value> {
    let mut schemas = Map::new();
    schemas.insert(
        "CustomerDetails".to_owned(),
        json!({"type": "object", "required": ["customer_id"], "properties": {
            "customer_id": {"type": "string"}, "customer_phone": {"type": "string"}, "customer_email": {"type": "string"}}}),
    );
    schemas.insert(
        "CardMethod".to_owned(),
        json!({"type": "object", "required": ["card"], "properties": {"card": {"type": "object", "properties": {
            "card_number": {"type": "string"}, "card_cvv": {"type": "string"}, "card_expiry_mm": {"type": "string"}}}}}),
    );
    schemas.insert(
        "UpiMethod".to_owned(),
        json!({"type": "object", "required": ["upi"], "properties": {"upi": {"type": "object", "properties": {
            "channel": {"type": "string", "enum": ["link", "collect", "qrcode"]}, "upi_id": {"type": "string"}}}}}),
    );
    schemas.insert(
        "ApiError".to_owned(),
        json!({"type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"},
            "type": {"type": "string", "enum": ["api_error", "invalid_request_error", "rate_limit_error"]}}}),
    );
    schemas
}

fn error_responses() -> Value {
    let error = json!({"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}});
    json!({"400": error.clone(), "404": error.clone(), "429": error.clone(), "500": error})
}

fn with_errors(mut responses: Value) -> Value {
    if let (Some(map), Value::Object(errors)) = (responses.as_object_mut(), error_responses()) {
        map.extend(errors);
    }
    responses
}

/// The five operations of one resource, each `(path, method, operation)`.
fn resource_operations(index: usize, name: &str, tag: Option<&str>, options: &Options) -> Vec<(String, String, Value)> {
    let entity_ref = json!({"$ref": format!("#/components/schemas/{}Entity", camel(name))});
    let plural = format!("{name}s");
    let id = format!("{name}_id");
    let op_id = |verb: &str| format!("PG{verb}{}", camel(name));
    let tags = tag.map(|t| json!([t]));
    let version_header = json!({"name": "x-api-version", "in": "header", "required": true, "schema": {"type": "string", "default": options.version}});
    let path_id = json!({"name": id, "in": "path", "required": true, "schema": {"type": "string"}});
    let ok = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let detail = inline_object(&format!("{name}_view"), options.inline_depth, options.quirks);
    let mut create_body = json!({"type": "object", "required": ["amount"], "properties": {
        "amount": {"type": "number"}, "customer_details": {"$ref": "#/components/schemas/CustomerDetails"},
        "notes": {"type": "object", "additionalProperties": {"type": "string"}},
        "address": {"type": "object", "properties": {"city": {"type": "string"}, "line1": {"type": "string"}}}}});
    let form = options.form_bodies && index.is_multiple_of(3);
    let body_media = if form { "application/x-www-form-urlencoded" } else { "application/json" };
    if form && let Some(props) = create_body.pointer_mut("/properties") {
        props["expand"] = json!({"type": "array", "items": {"type": "string"}});
    }
    let mut create_media = json!({"schema": create_body});
    if form {
        create_media["encoding"] = json!({"expand": {"style": "deepObject", "explode": true}, "address": {"style": "deepObject", "explode": true}});
    }
    let mut list_params = vec![
        version_header.clone(),
        json!({"name": "created", "in": "query", "style": "deepObject", "explode": true, "schema": {"anyOf": [
            {"type": "object", "properties": {"gt": {"type": "integer"}, "lt": {"type": "integer"}}}, {"type": "integer"}]}}),
        json!({"name": "limit", "in": "query", "schema": {"type": "integer", "default": if options.quirks { json!("10") } else { json!(10) }}}),
    ];
    if options.quirks {
        list_params.push(json!({"name": "statuses", "in": "query", "schema": {"type": "array", "enum": ["CREATED", "ACTIVE"], "items": {"type": "string"}}}));
        list_params.push(
            json!({"name": "include_archived", "in": "query", "schema": {"type": "boolean", "default": "false"}}),
        );
    }
    let mut out = vec![
        (
            format!("/{plural}"),
            "post".to_owned(),
            json!({
            "operationId": op_id("Create"), "summary": format!("Create {name}"),
            "parameters": [version_header.clone()],
            "requestBody": {"required": true, "content": {body_media: create_media}},
            "responses": with_errors(ok(entity_ref.clone()))}),
        ),
        (
            format!("/{plural}/{{{id}}}"),
            "get".to_owned(),
            json!({
            "operationId": op_id("Fetch"), "summary": format!("Fetch {name}"),
            "parameters": [version_header.clone(), path_id.clone()],
            "responses": with_errors(ok(json!({"allOf": [entity_ref.clone()]})))}),
        ),
        (
            format!("/{plural}"),
            "get".to_owned(),
            json!({
            "operationId": op_id("List"), "summary": format!("List {plural}"),
            "parameters": list_params,
            "responses": with_errors(ok(json!({"type": "array", "items": entity_ref.clone()})))}),
        ),
        (
            format!("/{plural}/{{{id}}}/details"),
            "get".to_owned(),
            json!({
            "operationId": op_id("Details"), "summary": format!("Details of a {name}"),
            "parameters": [version_header.clone(), path_id.clone()],
            "responses": with_errors(ok(detail))}),
        ),
        (
            format!("/{plural}/{{{id}}}"),
            "delete".to_owned(),
            json!({
            "operationId": if options.quirks && index % 7 == 3 { op_id("Fetch") } else { op_id("Delete") },
            "summary": format!("Delete {name}"),
            "parameters": [version_header, path_id],
            "responses": with_errors(json!({"204": {"description": "deleted"}}))}),
        ),
    ];
    if options.inline_everywhere {
        for (_, method, op) in &mut out {
            let stem = format!("{name}_{method}_{}", op["summary"].as_str().unwrap_or_default().len());
            if let Some(ok) = op.pointer_mut("/responses/200/content/application~1json/schema") {
                let data = ok.take();
                *ok = json!({"type": "object", "properties": {"data": data, "view": inline_object(&stem, options.inline_depth, false)}});
            }
        }
    }
    for (_, _, op) in &mut out {
        if let (Some(tags), Some(op)) = (&tags, op.as_object_mut()) {
            op.insert("tags".to_owned(), tags.clone());
        }
        if options.quirks && index % 5 == 1 {
            op["security"] = json!([{"bearer": []}]);
        }
    }
    out
}

/// The spec as JSON text (which YAML also reads).
pub fn spec(options: &Options) -> String {
    let resources = resource_names(options.operations.div_ceil(5).max(1));
    let mut paths = Map::new();
    let mut schemas = shared_components();
    let tag_names: Vec<String> =
        (0..options.tags.unwrap_or(0)).map(|i| format!("{} APIs", camel(WORDS[i % WORDS.len()]))).collect();
    for (index, name) in resources.iter().enumerate() {
        schemas.insert(format!("{}Entity", camel(name)), entity(name));
        let tag = (!tag_names.is_empty()).then(|| tag_names[index % tag_names.len()].as_str());
        for (path, method, op) in resource_operations(index, name, tag, options) {
            let item = paths.entry(path).or_insert_with(|| Value::Object(Map::new()));
            item[method.as_str()] = op;
        }
    }
    let tags: Vec<Value> =
        tag_names.iter().map(|t| json!({"name": t, "description": format!("Operations on {t}.")})).collect();
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic Payments API", "version": options.version,
                 "description": "Generated by `cargo xtask synth`: shaped like a real payment API."},
        "servers": [
            {"url": "https://sandbox.example.com/pg", "description": "Sandbox server"},
            {"url": "https://api.example.com/pg", "description": "Production server"}
        ],
        "tags": tags,
        "security": [{"clientId": [], "clientSecret": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "clientId": {"type": "apiKey", "in": "header", "name": "x-client-id"},
                "clientSecret": {"type": "apiKey", "in": "header", "name": "x-client-secret"},
                "bearer": {"type": "http", "scheme": "bearer"}
            }
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_options_give_the_same_text() {
        let options = Options::cashfree_like("2026-01-01");
        assert_eq!(spec(&options), spec(&options));
        let value: Value = serde_json::from_str(&spec(&options)).expect("JSON");
        let operations: usize = value["paths"]
            .as_object()
            .map(|p| p.values().map(|i| i.as_object().map_or(0, Map::len)).sum())
            .unwrap_or(0);
        assert_eq!(operations, 90);
    }

    #[test]
    fn resource_names_are_distinct() {
        let names = resource_names(300);
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), 300);
    }
}
