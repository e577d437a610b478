//! Building the typed document part by part: every path item, component and top-level field is typed on
//! its own, so each broken one is reported where it is (with the path inside it) and the rest still loads.
//!
//! What the mends could not make readable is salvaged where a reading is still obvious: a schema the model
//! cannot read is kept as "any JSON value", an operation that cannot be read is left out, a malformed
//! server or descriptive field is ignored; each with a warning that says what the client loses. Only what
//! would make the client wrong (a broken `security` list, a broken parameter or path item shared by
//! operations) stays an error.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Paths, ReferenceOr, Schema, SchemaData, SchemaKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::mend::describe;
use super::{error_at, single, warning_at};
use crate::diagnostic::{Diagnostics, Pointer};

/// `value` as a `T`, or why it is not one: the innermost place serde reached, and its message.
fn read<T: DeserializeOwned>(value: &Value, at: &Pointer) -> Result<T, (Pointer, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let mut pointer = at.clone();
        for segment in err.path().iter() {
            use serde_path_to_error::Segment;
            pointer = match segment {
                Segment::Seq { index } => pointer.child(index),
                Segment::Map { key } => pointer.child(key),
                Segment::Enum { variant } => pointer.child(variant),
                Segment::Unknown => pointer,
            };
        }
        (pointer, err.into_inner().to_string())
    })
}

/// Why `value` is not a `T`, when it is not.
fn failure<T: DeserializeOwned>(value: &Value, at: &Pointer) -> Option<(Pointer, String)> {
    read::<T>(value, at).err()
}

/// Types `value` as `T`; on failure reports the innermost place and returns `None`.
fn typed<T: DeserializeOwned>(
    file: &str,
    value: &Value,
    at: &Pointer,
    what: &str,
    problems: &mut Diagnostics,
) -> Option<T> {
    read::<T>(value, at)
        .map_err(|(pointer, message)| {
            problems.push(error_at(file, None, pointer.as_str(), format!("invalid {what}: {message}")));
        })
        .ok()
}

/// openapiv3's own deserializers (flattened maps, untagged `$ref`-or-item) lose serde's path, so a path
/// item's error would point at the path item. This looks for the first broken part inside it, down to a
/// parameter, response, response header, media type or request body.
fn probe_path_item(item: &Value, at: &Pointer) -> Option<(Pointer, String)> {
    fn each<T: DeserializeOwned>(list: Option<&Value>, at: &Pointer) -> Option<(Pointer, String)> {
        match list {
            Some(Value::Array(items)) => items.iter().enumerate().find_map(|(i, v)| failure::<T>(v, &at.child(i))),
            Some(Value::Object(map)) => map.iter().find_map(|(k, v)| failure::<T>(v, &at.child(k))),
            _ => None,
        }
    }
    fn response(value: &Value, at: &Pointer) -> Option<(Pointer, String)> {
        each::<ReferenceOr<openapiv3::Header>>(value.get("headers"), &at.child("headers"))
            .or_else(|| each::<openapiv3::MediaType>(value.get("content"), &at.child("content")))
    }
    fn operation(value: &Value, at: &Pointer) -> Option<(Pointer, String)> {
        let parameters = value.get("parameters");
        if let Some(found) =
            parameters.filter(|p| !p.is_array()).and_then(|p| failure::<Vec<Value>>(p, &at.child("parameters")))
        {
            return Some(found);
        }
        each::<ReferenceOr<openapiv3::Parameter>>(parameters, &at.child("parameters"))
            .or_else(|| {
                value
                    .get("requestBody")
                    .and_then(|b| failure::<ReferenceOr<openapiv3::RequestBody>>(b, &at.child("requestBody")))
            })
            .or_else(|| {
                let responses = value.get("responses")?.as_object()?;
                responses.iter().find_map(|(status, r)| response(r, &at.child("responses").child(status)))
            })
            .or_else(|| {
                let responses = value.get("responses")?.as_object()?;
                responses.iter().find_map(|(status, r)| {
                    failure::<ReferenceOr<openapiv3::Response>>(r, &at.child("responses").child(status))
                })
            })
            .or_else(|| failure::<openapiv3::Operation>(value, at))
    }
    let map = item.as_object()?;
    if let Some(found) = map
        .get("parameters")
        .and_then(|p| failure::<Vec<ReferenceOr<openapiv3::Parameter>>>(p, &at.child("parameters")))
    {
        return Some(found);
    }
    ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        .iter()
        .find_map(|method| map.get(*method).and_then(|op| operation(op, &at.child(method))))
}

/// The entries of an object-valued field, or a report that it isn't an object.
fn entries<'v>(
    file: &str,
    value: Option<&'v Value>,
    at: &Pointer,
    problems: &mut Diagnostics,
) -> Vec<(&'v String, &'v Value)> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => map.iter().collect(),
        Some(other) => {
            problems.push(error_at(file, None, at.as_str(), format!("expected a mapping, found {}", describe(other))));
            Vec::new()
        }
    }
}

fn extensions(map: &serde_json::Map<String, Value>) -> IndexMap<String, Value> {
    map.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// One component section: each entry typed on its own. A broken entry has the schemas inside it that the
/// model cannot read replaced by "any value" first; if it still does not type, a schema stands as "any
/// value" (with a warning) and any other entry is left out (with an error: references to it would dangle).
fn section<T: DeserializeOwned>(
    file: &str,
    components: &serde_json::Map<String, Value>,
    name: &str,
    placeholder: Option<fn() -> T>,
    problems: &mut Diagnostics,
) -> IndexMap<String, ReferenceOr<T>> {
    let at = Pointer::root().child("components").child(name);
    let mut out = IndexMap::new();
    for (key, value) in entries(file, components.get(name), &at, problems) {
        let here = at.child(key);
        if let Ok(item) = serde_json::from_value::<ReferenceOr<T>>(value.clone()) {
            out.insert(key.clone(), item);
            continue;
        }
        let mut salvaged = value.clone();
        let is_schema = name == "schemas";
        if is_schema {
            salvage_schema(file, &mut salvaged, &here, None, problems);
        } else {
            salvage_schemas_in(file, &mut salvaged, &here, None, problems);
        }
        if let Ok(item) = serde_json::from_value::<ReferenceOr<T>>(salvaged.clone()) {
            out.insert(key.clone(), item);
            continue;
        }
        match placeholder {
            Some(placeholder) => {
                let (pointer, message) = failure::<ReferenceOr<T>>(&salvaged, &here).unwrap_or((here, String::new()));
                problems.push(warning_at(
                    file,
                    pointer.as_str(),
                    None,
                    format!("component '{key}' cannot be read ({message}); it is kept as any JSON value"),
                ));
                out.insert(key.clone(), ReferenceOr::Item(placeholder()));
            }
            None => {
                let what = format!("component '{key}'");
                let _ = typed::<ReferenceOr<T>>(file, &salvaged, &here, &what, problems);
            }
        }
    }
    out
}

/// Where schemas sit inside a part of the document, by the key that holds them.
fn schema_children(key: &str) -> SchemaSlot {
    match key {
        "schema" | "items" | "not" | "additionalProperties" => SchemaSlot::One,
        "allOf" | "oneOf" | "anyOf" => SchemaSlot::List,
        "properties" | "schemas" => SchemaSlot::Map,
        _ => SchemaSlot::None,
    }
}

enum SchemaSlot {
    One,
    List,
    Map,
    None,
}

/// Replaces, depth first, every schema inside `value` (a parameter, response, media type, ...) that the
/// model cannot read with "any value", warning for each.
fn salvage_schemas_in(file: &str, value: &mut Value, at: &Pointer, op: Option<&str>, problems: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let here = at.child(key);
                match schema_children(key) {
                    SchemaSlot::One if key == "schema" || child.is_object() => {
                        salvage_schema(file, child, &here, op, problems)
                    }
                    _ => salvage_schemas_in(file, child, &here, op, problems),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                salvage_schemas_in(file, item, &at.child(index), op, problems);
            }
        }
        _ => {}
    }
}

/// Salvages the schemas inside `schema`, then `schema` itself.
fn salvage_schema(file: &str, schema: &mut Value, at: &Pointer, op: Option<&str>, problems: &mut Diagnostics) {
    if let Value::Object(map) = schema {
        for (key, child) in map.iter_mut() {
            let here = at.child(key);
            match (schema_children(key), child) {
                (SchemaSlot::One, child @ Value::Object(_)) => salvage_schema(file, child, &here, op, problems),
                (SchemaSlot::List, Value::Array(members)) => {
                    for (index, member) in members.iter_mut().enumerate() {
                        salvage_schema(file, member, &here.child(index), op, problems);
                    }
                }
                (SchemaSlot::Map, Value::Object(members)) => {
                    for (name, member) in members.iter_mut() {
                        salvage_schema(file, member, &here.child(name), op, problems);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some((pointer, message)) = failure::<ReferenceOr<Schema>>(schema, at) {
        problems.push(warning_at(
            file,
            pointer.as_str(),
            op.map(str::to_owned),
            format!("this schema cannot be read ({message}); values here are kept as any JSON value"),
        ));
        *schema = Value::Object(serde_json::Map::new());
    }
}

fn any_schema() -> Schema {
    Schema { schema_data: SchemaData::default(), schema_kind: SchemaKind::Any(Default::default()) }
}

fn components(file: &str, raw: Option<&Value>, problems: &mut Diagnostics) -> Option<Components> {
    let at = Pointer::root().child("components");
    let map = match raw {
        None | Some(Value::Null) => return None,
        Some(Value::Object(map)) => map,
        Some(other) => {
            problems.push(error_at(file, None, at.as_str(), format!("expected a mapping, found {}", describe(other))));
            return None;
        }
    };
    Some(Components {
        schemas: section(file, map, "schemas", Some(any_schema), problems),
        responses: section(file, map, "responses", None, problems),
        parameters: section(file, map, "parameters", None, problems),
        examples: section(file, map, "examples", None, problems),
        request_bodies: section(file, map, "requestBodies", None, problems),
        headers: section(file, map, "headers", None, problems),
        security_schemes: section(file, map, "securitySchemes", None, problems),
        links: section(file, map, "links", None, problems),
        callbacks: IndexMap::new(),
        extensions: extensions(map),
    })
}

/// The `operationId` of the operation `pointer` is inside, if it is inside one of `item` (at `item_at`).
fn operation_at(item: &Value, item_at: &Pointer, pointer: &Pointer) -> Option<String> {
    let rest = pointer.as_str().strip_prefix(item_at.as_str())?.strip_prefix('/')?;
    let method = rest.split('/').next()?;
    item.get(method)?.get("operationId")?.as_str().map(str::to_owned)
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn paths(file: &str, raw: Option<&Value>, problems: &mut Diagnostics) -> Paths {
    let at = Pointer::root().child("paths");
    if raw.is_none() {
        problems.push(error_at(file, None, "#", "missing the `paths` field".to_owned()));
    }
    let mut paths = IndexMap::new();
    let mut extensions = IndexMap::new();
    for (key, value) in entries(file, raw, &at, problems) {
        if key.starts_with("x-") {
            extensions.insert(key.clone(), value.clone());
        } else if let Some(item) = path_item(file, key, value, &at.child(key), problems) {
            paths.insert(key.clone(), item);
        }
    }
    Paths { paths, extensions }
}

/// One path item. When it does not type: the schemas inside that cannot be read become "any value"; then
/// each operation that still cannot be read is left out, with a warning; what still fails after that is
/// in the part the operations share, and is an error.
fn path_item(
    file: &str,
    key: &str,
    value: &Value,
    item_at: &Pointer,
    problems: &mut Diagnostics,
) -> Option<ReferenceOr<openapiv3::PathItem>> {
    if let Ok(item) = serde_json::from_value(value.clone()) {
        return Some(item);
    }
    let mut salvaged = value.clone();
    if let Some(map) = salvaged.as_object_mut() {
        salvage_schemas_in(
            file,
            map.get_mut("parameters").unwrap_or(&mut Value::Null),
            &item_at.child("parameters"),
            None,
            problems,
        );
        for method in METHODS {
            let id = map.get(method).and_then(|op| op.get("operationId")).and_then(Value::as_str).map(str::to_owned);
            if let Some(op) = map.get_mut(method) {
                salvage_schemas_in(file, op, &item_at.child(method), id.as_deref(), problems);
            }
        }
        for method in METHODS {
            let Some(op) = map.get(method) else { continue };
            let op_at = item_at.child(method);
            if let Some((pointer, message)) = probe_operation(op, &op_at) {
                let id = op.get("operationId").and_then(Value::as_str).map(str::to_owned);
                let lost = format!("the operation cannot be read ({message}); it is left out of the client");
                problems.push(warning_at(file, pointer.as_str(), id, lost));
                map.remove(method);
            }
        }
    }
    match serde_path_to_error::deserialize::<_, ReferenceOr<openapiv3::PathItem>>(&salvaged) {
        Ok(item) => Some(item),
        Err(err) => {
            let (pointer, message) =
                probe_path_item(&salvaged, item_at).unwrap_or_else(|| (item_at.clone(), err.into_inner().to_string()));
            let mut problem = error_at(file, None, pointer.as_str(), format!("invalid path item '{key}': {message}"));
            problem.location.operation = operation_at(&salvaged, item_at, &pointer);
            problems.push(problem);
            None
        }
    }
}

/// Why one operation does not type, if it does not: its innermost broken part.
fn probe_operation(op: &Value, at: &Pointer) -> Option<(Pointer, String)> {
    serde_json::from_value::<openapiv3::Operation>(op.clone()).err()?;
    let mut item = serde_json::Map::new();
    item.insert("get".to_owned(), op.clone());
    let item = Value::Object(item);
    let parent = at.parent();
    probe_path_item(&item, &parent)
        .map(|(pointer, message)| {
            let rest = pointer.as_str().strip_prefix(parent.child("get").as_str()).unwrap_or_default().to_owned();
            (Pointer::parse(&format!("{}{rest}", at.as_str())), message)
        })
        .or_else(|| failure::<openapiv3::Operation>(op, at))
}

/// The typed document; everything broken is reported in `problems`, and salvaged or left out.
pub(super) fn assemble(file: &str, raw: &Value, problems: &mut Diagnostics) -> Result<OpenAPI, Diagnostics> {
    let Some(map) = raw.as_object() else {
        return Err(single(error_at(file, None, "#", "the document is not a mapping".to_owned())));
    };
    let root = Pointer::root();
    let field = |name: &str| map.get(name);
    let optional = |name: &str| field(name).filter(|v| !v.is_null());
    let info = info(file, field("info"), problems);
    let servers = servers(file, optional("servers"), problems);
    let tags =
        optional("tags").and_then(|v| described(file, v, &root.child("tags"), "tags", problems)).unwrap_or_default();
    let security = optional("security").and_then(|v| typed(file, v, &root.child("security"), "security", problems));
    let external_docs = optional("externalDocs")
        .and_then(|v| described(file, v, &root.child("externalDocs"), "externalDocs", problems));
    Ok(OpenAPI {
        openapi: field("openapi").and_then(Value::as_str).unwrap_or_default().to_owned(),
        info,
        servers,
        paths: paths(file, field("paths"), problems),
        components: components(file, field("components"), problems),
        security,
        tags,
        external_docs,
        extensions: extensions(map),
    })
}

/// A descriptive field (`tags`, `externalDocs`): typed, or ignored with a warning.
fn described<T: DeserializeOwned>(
    file: &str,
    value: &Value,
    at: &Pointer,
    what: &str,
    problems: &mut Diagnostics,
) -> Option<T> {
    read::<T>(value, at)
        .map_err(|(pointer, message)| {
            let message = format!("`{what}` cannot be read ({message}); ignored");
            problems.push(warning_at(file, pointer.as_str(), None, message));
        })
        .ok()
}

/// `info`, read as far as it goes: a missing title or version is left empty (the version module is then
/// named after the file), with a warning.
fn info(file: &str, raw: Option<&Value>, problems: &mut Diagnostics) -> openapiv3::Info {
    let at = Pointer::root().child("info");
    if let Some(info) = raw.and_then(|v| serde_json::from_value::<openapiv3::Info>(v.clone()).ok()) {
        return info;
    }
    let text = |key: &str| raw.and_then(|v| v.get(key)).and_then(Value::as_str).map(str::to_owned);
    let mut missing = Vec::new();
    let title = text("title").unwrap_or_else(|| {
        missing.push("title");
        String::new()
    });
    let version = text("version").unwrap_or_else(|| {
        missing.push("version");
        String::new()
    });
    let message = if missing.is_empty() {
        "`info` is malformed; only its title, version and description are read".to_owned()
    } else {
        format!("`info` has no {}; the version module is named after the file", missing.join(" or "))
    };
    problems.push(warning_at(file, at.as_str(), None, message));
    openapiv3::Info { title, version, description: text("description"), ..Default::default() }
}

/// `servers`, entry by entry: a server that cannot be read is left out (its environment is missing; a
/// custom base URL still works), with a warning.
fn servers(file: &str, raw: Option<&Value>, problems: &mut Diagnostics) -> Vec<openapiv3::Server> {
    let at = Pointer::root().child("servers");
    let Some(raw) = raw else { return Vec::new() };
    let Some(list) = raw.as_array() else {
        problems.push(warning_at(file, at.as_str(), None, "`servers` is not a list; ignored".to_owned()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, server) in list.iter().enumerate() {
        match serde_json::from_value::<openapiv3::Server>(server.clone()) {
            Ok(server) => out.push(server),
            Err(err) => problems.push(warning_at(
                file,
                at.child(index).as_str(),
                None,
                format!("server cannot be read ({err}); it is left out of `Environment`"),
            )),
        }
    }
    out
}
