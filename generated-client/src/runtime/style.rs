//! Writing structured parameter values as text, the way OpenAPI's `style` and `explode` say: query and
//! cookie pairs (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`), path and header values
//! (`simple`), and the fields of an `application/x-www-form-urlencoded` body. Values arrive as JSON (their
//! serde form), so one writer serves every generated type; percent-encoding is left to the URL and form
//! encoders of the `url` crate. Members of an object are written in name order. (serde_qs writes bracket notation too, but one style for a whole value,
//! where OpenAPI chooses per parameter and per body field.)

use std::borrow::Cow;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::request::{argument_error, path_segment};
use crate::runtime::{Error, Request, Secret};

/// How a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a=1&a=2` (explode) or `a=1,2`; an object's members as their own pairs (explode) or `a=k,v,k2,v2`.
    Form { explode: bool },
    /// `a=1 2`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[k]=v`, `a[0]=x`, nested as deep as the value.
    DeepObject,
    /// Path and header values: `1,2`; an object as `k,v` or (explode) `k=v`.
    Simple { explode: bool },
    /// The value as JSON text.
    Json,
}

/// A scalar as text: strings as they are, numbers and booleans as JSON writes them; lists and objects
/// nested where a scalar is expected are written as JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An object's members in name order, whichever map `serde_json` was built with (its `preserve_order`
/// feature may be on in the same build), so the same value always writes the same pairs.
fn members(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut members: Vec<_> = map.iter().collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// The pairs `name` and `value` make in a query, a cookie or a form body. `null` makes none.
pub fn pairs(name: &str, value: &Value, style: Style, out: &mut Vec<(String, String)>) {
    match (style, value) {
        (_, Value::Null) => {}
        (Style::Json, value) => out.push((name.to_owned(), value.to_string())),
        (Style::DeepObject, value) => brackets(name.to_owned(), value, out),
        (_, value) if is_scalar(value) => out.push((name.to_owned(), text(value))),
        (Style::Form { explode: true }, Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                if is_scalar(item) {
                    out.push((name.to_owned(), text(item)));
                } else {
                    brackets(format!("{name}[{index}]"), item, out);
                }
            }
        }
        (Style::Form { explode: true }, Value::Object(map)) => {
            for (key, member) in members(map) {
                if is_scalar(member) {
                    out.push((key.clone(), text(member)));
                } else {
                    brackets(key.clone(), member, out);
                }
            }
        }
        (style, value) => out.push((name.to_owned(), joined(value, delimiter(style), false))),
    }
}

fn delimiter(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

/// `a[k]=v` and `a[0]=x` pairs, as deep as the value goes.
fn brackets(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, member) in members(map) {
                brackets(format!("{prefix}[{key}]"), member, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                brackets(format!("{prefix}[{index}]"), item, out);
            }
        }
        scalar => out.push((prefix, text(scalar))),
    }
}

/// A list or object joined into one value: items by `delimiter`; members as `k,v` or (`explode`) `k=v`.
fn joined(value: &Value, delimiter: &str, explode: bool) -> String {
    match value {
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(delimiter),
        Value::Object(map) => {
            let parts: Vec<String> = if explode {
                members(map).into_iter().map(|(k, v)| format!("{k}={}", text(v))).collect()
            } else {
                members(map).into_iter().flat_map(|(k, v)| [k.clone(), text(v)]).collect()
            };
            parts.join(delimiter)
        }
        scalar => text(scalar),
    }
}

/// A path or header value (`simple` style).
pub fn simple(value: &Value, style: Style) -> String {
    match style {
        Style::Json => value.to_string(),
        Style::Simple { explode } => joined(value, ",", explode),
        _ => joined(value, ",", false),
    }
}

/// The pairs of a form body: each field as its encoding says; a field without one is written as `form`
/// with explode when it is a scalar or a list of scalars, and in bracket notation when it is an object or
/// a list of objects (what servers that take nested forms read).
pub fn form_fields(value: &Value, encodings: &[(&str, Style)]) -> Option<Vec<(String, String)>> {
    let Value::Object(fields) = value else { return None };
    let mut out = Vec::new();
    for (name, field) in members(fields) {
        let style = match encodings.iter().find(|(n, _)| n == name) {
            Some((_, style)) => *style,
            None => match field {
                Value::Array(items) if items.iter().all(is_scalar) => Style::Form { explode: true },
                _ => Style::DeepObject,
            },
        };
        pairs(name, field, style, &mut out);
    }
    Some(out)
}

/// The parts of a request that go through a style: structured parameters and form bodies.
impl Request {
    /// Adds the pairs a structured value makes in the query, as `style` says.
    pub fn query_styled<T: Serialize, B>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<(), Error<B>> {
        let value = self.to_json(name, value)?;
        let mut written = Vec::new();
        pairs(name, &value, style, &mut written);
        self.query.extend(written.into_iter().map(|(k, v)| (Cow::Owned(k), Cow::Owned(v))));
        Ok(())
    }

    /// Adds a structured value as one header (`simple` style).
    pub fn header_styled<T: Serialize, B>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<(), Error<B>> {
        let value = self.to_json(name, value)?;
        self.header(name, simple(&value, style))
    }

    /// Adds a cookie (sent in one `Cookie` header, marked sensitive).
    pub fn cookie<T: Serialize, B>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error<B>> {
        let value = self.to_json(name, value)?;
        let mut written = Vec::new();
        pairs(name, &value, style, &mut written);
        for (key, value) in written {
            self.cookies.push((Cow::Owned(key), Secret::new(value)));
        }
        Ok(())
    }

    /// A path parameter of a structured type as one segment (`simple` style), checked like any other.
    pub fn path_value<T: Serialize, B>(
        operation: &'static str,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<String, Error<B>> {
        let value = serde_json::to_value(value).map_err(|err| argument_error(operation, name, &err))?;
        path_segment(operation, name, &simple(&value, style)).map(Cow::into_owned)
    }

    /// Serializes `body` as an `application/x-www-form-urlencoded` body, each field as `encodings` says.
    pub fn form_body<T: Serialize, B>(&mut self, body: &T, encodings: &[(&str, Style)]) -> Result<(), Error<B>> {
        let value = self.to_json("request body", body)?;
        let Some(fields) = form_fields(&value, encodings) else {
            return Err(Error::InvalidArgument {
                operation: self.operation,
                what: "request body".to_owned(),
                reason: "a form body must be an object".to_owned(),
            });
        };
        let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        self.body_bytes(Bytes::from(encoded), HeaderValue::from_static("application/x-www-form-urlencoded"));
        Ok(())
    }

    fn to_json<T: Serialize, B>(&self, what: &str, value: &T) -> Result<serde_json::Value, Error<B>> {
        serde_json::to_value(value).map_err(|err| argument_error(self.operation, what, &err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(name: &str, value: Value, style: Style) -> Vec<(String, String)> {
        let mut out = Vec::new();
        pairs(name, &value, style, &mut out);
        out
    }

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn query_styles() {
        let form = Style::Form { explode: true };
        assert_eq!(written("a", json!([1, 2]), form), p(&[("a", "1"), ("a", "2")]));
        assert_eq!(written("a", json!([1, 2]), Style::Form { explode: false }), p(&[("a", "1,2")]));
        assert_eq!(written("a", json!(["x", "y"]), Style::SpaceDelimited), p(&[("a", "x y")]));
        assert_eq!(written("a", json!(["x", "y"]), Style::PipeDelimited), p(&[("a", "x|y")]));
        assert_eq!(written("id", json!({"role": "admin", "n": 5}), form), p(&[("n", "5"), ("role", "admin")]));
        assert_eq!(written("id", json!({"role": "admin"}), Style::Form { explode: false }), p(&[("id", "role,admin")]));
        assert_eq!(written("a", json!(null), form), p(&[]));
        assert_eq!(written("a", json!(true), form), p(&[("a", "true")]));
    }

    #[test]
    fn deep_objects_nest_in_brackets() {
        let created = json!({"gt": 1700000000, "lte": 1800000000});
        assert_eq!(
            written("created", created, Style::DeepObject),
            p(&[("created[gt]", "1700000000"), ("created[lte]", "1800000000")])
        );
        assert_eq!(written("created", json!(1700000000), Style::DeepObject), p(&[("created", "1700000000")]));
        assert_eq!(
            written("items", json!([{"price": "p1", "qty": 2}]), Style::DeepObject),
            p(&[("items[0][price]", "p1"), ("items[0][qty]", "2")])
        );
        assert_eq!(
            written("expand", json!(["a", "b"]), Style::DeepObject),
            p(&[("expand[0]", "a"), ("expand[1]", "b")])
        );
    }

    #[test]
    fn simple_values() {
        assert_eq!(simple(&json!([1, 2, 3]), Style::Simple { explode: false }), "1,2,3");
        assert_eq!(simple(&json!({"a": 1, "b": "x"}), Style::Simple { explode: false }), "a,1,b,x");
        assert_eq!(simple(&json!({"a": 1, "b": "x"}), Style::Simple { explode: true }), "a=1,b=x");
        assert_eq!(simple(&json!({"a": 1}), Style::Json), r#"{"a":1}"#);
    }

    #[test]
    fn form_bodies() {
        let body = json!({"amount": 100, "address": {"city": "Pune"}, "expand": ["a", "b"], "tags": null});
        let encodings = [("expand", Style::DeepObject)];
        assert_eq!(
            form_fields(&body, &encodings),
            Some(p(&[("address[city]", "Pune"), ("amount", "100"), ("expand[0]", "a"), ("expand[1]", "b")]))
        );
        assert_eq!(form_fields(&body, &[]).map(|f| f.len()), Some(4));
        assert_eq!(form_fields(&json!([1]), &[]), None);
    }
}
