//! The spec's own examples (`example`/`examples` of JSON responses and request bodies, and of component
//! schemas), each checked against the generated type it would decode into, as the generated decoder reads it.
//! One that fits becomes a [`SpecExample`], which the example test decodes, encodes back and decodes again; one
//! that does not is a located warning saying why a body like it would not decode.

use std::collections::BTreeMap;

use openapiv3::{MediaType, ReferenceOr};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::model::{SpecExample, TypeDef, TypeKind, TypeRef};
use crate::spec::Section;

/// An example met while lowering, and the type it is of; checked once every type is final.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    at: Pointer,
    ty: TypeRef,
    value: Value,
    operation: Option<String>,
}

impl<'a> Lowerer<'a> {
    /// Notes the examples of a JSON media type whose body is `ty`.
    pub(super) fn note_media_examples(&mut self, media: &'a MediaType, at: &Pointer, ty: &TypeRef) {
        if let Some(value) = &media.example {
            self.note_example(at.child("example"), ty, value.clone());
        }
        for (name, example) in &media.examples {
            let example_at = at.child("examples").child(name);
            let Ok((example, found_at)) = self.spec.resolve(example, &example_at, Section::Examples, |c| &c.examples)
            else {
                continue;
            };
            if let Some(value) = &example.value {
                let at = if matches!(media.examples.get(name), Some(ReferenceOr::Reference { .. })) {
                    found_at.child("value")
                } else {
                    example_at.child("value")
                };
                self.note_example(at, ty, value.clone());
            }
        }
    }

    /// Notes one example of `ty`.
    pub(super) fn note_example(&mut self, at: Pointer, ty: &TypeRef, value: Value) {
        let operation = self.operation.clone();
        self.examples.push(Candidate { at, ty: ty.clone(), value, operation });
    }

    /// The examples that fit their types; a warning for each that does not.
    pub(super) fn check_examples(&mut self) -> Vec<SpecExample> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for candidate in std::mem::take(&mut self.examples) {
            if !seen.insert(candidate.at.to_string()) {
                continue;
            }
            match fits(&self.types, &candidate.value, &candidate.ty, 0) {
                Ok(()) => out.push(SpecExample {
                    pointer: candidate.at.to_string(),
                    ty: candidate.ty,
                    json: candidate.value.to_string(),
                }),
                Err(reason) => {
                    self.operation = candidate.operation;
                    let message = format!(
                        "the spec's example does not fit its schema ({reason}): the client decodes the schema's shape \
                         ({}), so a body like this example fails to decode; it is left out of the example tests",
                        candidate.ty
                    );
                    self.warning(&candidate.at, message);
                    self.operation = None;
                }
            }
        }
        out
    }
}

/// The JSON kind of a value, as reasons name it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether `value` decodes as `ty` the way the generated code reads it; `Err` says where and why not.
fn fits(types: &BTreeMap<String, TypeDef>, value: &Value, ty: &TypeRef, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Ok(());
    }
    let wrong = |expected: &str| Err(format!("{} where {expected} is expected", kind(value)));
    let check = |ok: bool, expected: &str| if ok { Ok(()) } else { wrong(expected) };
    match ty {
        TypeRef::Json | TypeRef::Bytes => Ok(()),
        TypeRef::String => check(value.is_string(), "a string"),
        TypeRef::Boolean => check(value.is_boolean(), "a boolean"),
        TypeRef::Integer => check(value.is_i64(), "an integer"),
        TypeRef::Number => check(value.is_number(), "a number"),
        TypeRef::Decimal => match value {
            Value::Number(_) => Ok(()),
            Value::String(text) if text.trim().parse::<f64>().is_ok() => Ok(()),
            _ => wrong("a number"),
        },
        TypeRef::Array(item) => match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| fits(types, v, item, depth + 1).map_err(|reason| format!("[{i}]: {reason}"))),
            _ => wrong("an array"),
        },
        TypeRef::Map(item) => match value {
            Value::Object(entries) => entries
                .iter()
                .try_for_each(|(k, v)| fits(types, v, item, depth + 1).map_err(|reason| format!("`{k}`: {reason}"))),
            _ => wrong("an object"),
        },
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            None => Ok(()),
            Some(TypeKind::Alias { target }) => fits(types, value, target, depth + 1),
            Some(TypeKind::Enum { .. }) => check(value.is_string(), "a string"),
            // A union keeps what fits none of its members (`Unknown`); which member a value is, the runtime
            // decides from keys and kinds: the example test is what checks those.
            Some(TypeKind::Union { .. }) => Ok(()),
            Some(TypeKind::Struct { fields }) => {
                let Value::Object(entries) = value else { return wrong("an object") };
                for field in fields {
                    match entries.get(&field.wire_name) {
                        None if !field.is_option() => return Err(format!("required `{}` is missing", field.wire_name)),
                        None => {}
                        Some(Value::Null) if !field.is_option() => {
                            return Err(format!("`{}` is null but not nullable", field.wire_name));
                        }
                        Some(Value::Null) => {}
                        Some(inner) => fits(types, inner, &field.ty, depth + 1)
                            .map_err(|reason| format!("`{}`: {reason}", field.wire_name))?,
                    }
                }
                Ok(())
            }
        },
    }
}
