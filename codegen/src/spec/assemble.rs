//! Building the typed document part by part: every path item, component and top-level field is typed on
//! its own, so each broken one is reported where it is (with the path inside it) and left out, and the rest
//! still loads and gets checked.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Paths, ReferenceOr, Schema, SchemaData, SchemaKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{error_at, single};
use crate::diagnostic::{Diagnostics, Pointer};

/// Why `value` is not a `T`: the innermost place serde reached, and its message.
fn failure<T: DeserializeOwned>(value: &Value, at: &Pointer) -> Option<(Pointer, String)> {
    let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
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
    Some((pointer, err.into_inner().to_string()))
}

/// Types `value` as `T`; on failure reports the innermost place and returns `None`.
fn typed<T: DeserializeOwned>(
    file: &str,
    value: &Value,
    at: &Pointer,
    what: &str,
    problems: &mut Diagnostics,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(typed) => Some(typed),
        Err(_) => {
            let (pointer, message) = failure::<T>(value, at).unwrap_or_else(|| (at.clone(), String::new()));
            problems.push(error_at(file, None, pointer.as_str(), format!("invalid {what}: {message}")));
            None
        }
    }
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
            problems.push(error_at(file, None, at.as_str(), format!("expected a mapping, found {}", kind(other))));
            Vec::new()
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn extensions(map: &serde_json::Map<String, Value>) -> IndexMap<String, Value> {
    map.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// One component section: each entry typed on its own; a broken one is left out (or, for schemas, stands
/// as "any value" so references to it still resolve while its own error is reported).
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
        let what = format!("component '{key}'");
        match typed::<ReferenceOr<T>>(file, value, &at.child(key), &what, problems) {
            Some(item) => {
                out.insert(key.clone(), item);
            }
            None => {
                if let Some(placeholder) = placeholder {
                    out.insert(key.clone(), ReferenceOr::Item(placeholder()));
                }
            }
        }
    }
    out
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
            problems.push(error_at(file, None, at.as_str(), format!("expected a mapping, found {}", kind(other))));
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
        } else {
            let item_at = at.child(key);
            match serde_path_to_error::deserialize::<_, ReferenceOr<openapiv3::PathItem>>(value) {
                Ok(item) => {
                    paths.insert(key.clone(), item);
                }
                Err(err) => {
                    let (pointer, message) = probe_path_item(value, &item_at)
                        .unwrap_or_else(|| (item_at.clone(), err.into_inner().to_string()));
                    let mut problem =
                        error_at(file, None, pointer.as_str(), format!("invalid path item '{key}': {message}"));
                    problem.location.operation = operation_at(value, &item_at, &pointer);
                    problems.push(problem);
                }
            }
        }
    }
    Paths { paths, extensions }
}

/// The typed document. Only a missing or broken `info` stops it (there would be no version to name the
/// module by); everything else broken is reported in `problems` and left out.
pub(super) fn assemble(file: &str, raw: &Value, problems: &mut Diagnostics) -> Result<OpenAPI, Diagnostics> {
    let Some(map) = raw.as_object() else {
        return Err(single(error_at(file, None, "#", "the document is not a mapping".to_owned())));
    };
    let root = Pointer::root();
    let field = |name: &str| map.get(name);
    let optional = |name: &str| field(name).filter(|v| !v.is_null());
    let Some(info) = field("info") else {
        return Err(single(error_at(file, None, "#", "missing the `info` field".to_owned())));
    };
    let Some(info) = typed(file, info, &root.child("info"), "info", problems) else {
        return Err(std::mem::take(problems));
    };
    let servers = optional("servers")
        .and_then(|v| typed(file, v, &root.child("servers"), "servers", problems))
        .unwrap_or_default();
    let tags = optional("tags").and_then(|v| typed(file, v, &root.child("tags"), "tags", problems)).unwrap_or_default();
    let security = optional("security").and_then(|v| typed(file, v, &root.child("security"), "security", problems));
    let external_docs =
        optional("externalDocs").and_then(|v| typed(file, v, &root.child("externalDocs"), "externalDocs", problems));
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
