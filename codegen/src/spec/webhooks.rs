//! Webhooks, taken out of the raw tree before it is typed (openapiv3 cannot read a callback given as a
//! `$ref`): operations' `callbacks`, the top-level `x-webhooks` map (the OpenAPI 3.0 convention for 3.1's
//! `webhooks`), and 3.1's `webhooks`. Each keeps the typed schema of the body the server posts.

use openapiv3::ReferenceOr;
use serde_json::Value;

use super::{Section, ref_name, warning_at};
use crate::diagnostic::{Diagnostics, Pointer};

/// A webhook the spec declares: an operation's callback, or an entry of `x-webhooks`, with the schema of the
/// body the server posts.
#[derive(Debug, Clone)]
pub struct WebhookSource {
    /// The callback's or entry's name (`PaymentWebhook`).
    pub key: String,
    /// Where it is declared.
    pub pointer: Pointer,
    /// The operation whose callback it is.
    pub operation: Option<String>,
    /// The tags of its operation (or of its own `post`).
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// The payload's schema and where it is; `None` when the webhook declares no readable JSON body.
    pub schema: Option<(ReferenceOr<openapiv3::Schema>, Pointer)>,
}

/// A webhook as found, before its payload is read: its path item (with the `post`).
struct Declared {
    key: String,
    at: Pointer,
    operation: Option<String>,
    tags: Vec<String>,
    item: Value,
}

fn tags_of(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(|t| t.as_str().map(str::to_owned)).collect()
}

/// Takes the webhooks out of `raw`; a webhook whose payload cannot be read keeps an untyped payload, and a
/// callback `$ref` that points at nothing is left out, each with a warning.
pub(super) fn take_webhooks(file: &str, raw: &mut Value) -> (Vec<WebhookSource>, Diagnostics) {
    let mut warnings = Diagnostics::default();
    let components = raw.get_mut("components").and_then(Value::as_object_mut).and_then(|c| c.remove("callbacks"));
    let mut found = callbacks(file, raw, components.as_ref(), &mut warnings);
    // `webhooks` is OpenAPI 3.1's own map.
    for section in ["x-webhooks", "webhooks"] {
        let Some(Value::Object(hooks)) = raw.get(section) else { continue };
        for (key, item) in hooks {
            let at = Pointer::root().child(section).child(key);
            let tags = tags_of(item.pointer("/post/tags"));
            found.push(Declared { key: key.clone(), at, operation: None, tags, item: item.clone() });
        }
    }
    let bodies = raw.pointer("/components/requestBodies").cloned().unwrap_or(Value::Null);
    let sources = found
        .into_iter()
        .map(|d| {
            let summary = d.item.pointer("/post/summary").and_then(Value::as_str).map(str::to_owned);
            let schema = payload(file, &d, &bodies, &mut warnings);
            WebhookSource { key: d.key, pointer: d.at, operation: d.operation, tags: d.tags, summary, schema }
        })
        .collect();
    (sources, warnings)
}

/// The callbacks of every operation (removed from it), each resolved to its path item.
fn callbacks(file: &str, raw: &mut Value, components: Option<&Value>, warnings: &mut Diagnostics) -> Vec<Declared> {
    let mut found = Vec::new();
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else { return found };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else { continue };
            let Some(Value::Object(callbacks)) = op.remove("callbacks") else { continue };
            let operation = op.get("operationId").and_then(Value::as_str).map(str::to_owned);
            let tags = tags_of(op.get("tags"));
            let at = Pointer::root().child("paths").child(path).child(method).child("callbacks");
            for (key, callback) in callbacks {
                let (callback, here) = match callback.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let name = ref_name(reference, Section::Callbacks).unwrap_or_default();
                        match components.and_then(|c| c.get(&name)) {
                            Some(target) => {
                                (target.clone(), Pointer::root().child("components").child("callbacks").child(&name))
                            }
                            None => {
                                let message = format!(
                                    "callback reference '{reference}' points at nothing; the webhook is left out"
                                );
                                warnings.push(warning_at(file, at.child(&key).as_str(), operation.clone(), message));
                                continue;
                            }
                        }
                    }
                    None => (callback, at.child(&key)),
                };
                // A callback maps expressions to path items; its webhook is the first with a `post`.
                if let Some((expression, item)) =
                    callback.as_object().and_then(|c| c.iter().find(|(_, v)| v.get("post").is_some()))
                {
                    let at = here.child(expression);
                    found.push(Declared {
                        key: key.clone(),
                        at,
                        operation: operation.clone(),
                        tags: tags.clone(),
                        item: item.clone(),
                    });
                }
            }
        }
    }
    found
}

/// The typed schema of a webhook's JSON body (or its first media type's), following a request body `$ref`.
fn payload(
    file: &str,
    declared: &Declared,
    bodies: &Value,
    warnings: &mut Diagnostics,
) -> Option<(ReferenceOr<openapiv3::Schema>, Pointer)> {
    let mut body = declared.item.pointer("/post/requestBody").cloned().unwrap_or(Value::Null);
    let mut body_at = declared.at.child("post").child("requestBody");
    if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
        let name = ref_name(reference, Section::RequestBodies).unwrap_or_default();
        body = bodies.get(&name).cloned().unwrap_or(Value::Null);
        body_at = Pointer::root().child("components").child("requestBodies").child(&name);
    }
    let content = body.get("content").and_then(Value::as_object)?;
    let (media, value) = content.iter().find(|(m, _)| m.contains("json")).or_else(|| content.iter().next())?;
    let schema_at = body_at.child("content").child(media).child("schema");
    match serde_json::from_value::<ReferenceOr<openapiv3::Schema>>(value.get("schema")?.clone()) {
        Ok(schema) => Some((schema, schema_at)),
        Err(err) => {
            let message =
                format!("the webhook's payload schema cannot be read ({err}); its payload is kept as any JSON value");
            warnings.push(warning_at(file, schema_at.as_str(), declared.operation.clone(), message));
            None
        }
    }
}
