//! Request bodies: JSON and `application/x-www-form-urlencoded` bodies become a type (the form one with how
//! each field is encoded); `multipart/form-data` bodies a form struct with one typed part per property;
//! `text/*` a string; any other media type bytes sent with their content type.

use openapiv3::{
    Operation as SpecOperation, QueryStyle, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::operation::{is_json, is_text};
use super::types::{SchemaAt, object_shape};
use crate::diagnostic::Pointer;
use crate::model::{BodyKind, FormField, FormFieldKind, Method, ParamStyle, RequestBody, TypeRef};
use crate::naming::{self, Scope};
use crate::spec::Section;

const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

impl<'a> Lowerer<'a> {
    /// The request body: JSON when the spec offers it, else the first media type it lists (a warning says
    /// which one, when there were several). A body on `GET`, `HEAD` or `DELETE` whose schema has no
    /// properties says nothing and is left out, with a warning.
    pub(super) fn lower_request_body(
        &mut self,
        op: &'a SpecOperation,
        method: Method,
        here: &Pointer,
        builder: &str,
    ) -> Option<RequestBody> {
        let body = op.request_body.as_ref()?;
        let at = here.child("requestBody");
        let (body, at) = match self.spec.resolve(body, &at, Section::RequestBodies, |c| &c.request_bodies) {
            Ok(found) => found,
            Err(message) => {
                self.error(&at, message);
                return None;
            }
        };
        let content_at = at.child("content");
        let chosen = body.content.iter().find(|(ct, _)| is_json(ct)).or_else(|| body.content.iter().next());
        let Some((content_type, media)) = chosen else {
            self.warning(&at, "the request body lists no media type; none is sent");
            return None;
        };
        if body.content.len() > 1 && !is_json(content_type) {
            let listed = body.content.keys().cloned().collect::<Vec<_>>().join(", ");
            self.warning(&content_at, format!("the request body offers {listed}; it is sent as {content_type}"));
        }
        let schema_at = content_at.child(content_type).child("schema");
        let schema = media.schema.as_ref().map(SchemaAt::from);
        if matches!(method, Method::Get | Method::Head | Method::Delete) && !self.has_properties(schema, &schema_at) {
            let message = format!("a request body on {} with no properties says nothing; ignored", method.as_str());
            self.warning(&at, message);
            return None;
        }
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let kind = if is_json(content_type) {
            let hint = format!("{builder}Body");
            let ty = schema.map(|s| self.type_of(s, &schema_at, &hint)).unwrap_or(TypeRef::Json);
            let ty = self.outside_fields(ty, &schema_at, "this request body");
            self.note_media_examples(media, &content_at.child(content_type), &ty);
            BodyKind::Json(ty)
        } else if essence == MULTIPART {
            self.lower_form(schema, &schema_at, builder)?
        } else if essence == URLENCODED {
            let hint = format!("{builder}Body");
            let ty = schema.map(|s| self.type_of(s, &schema_at, &hint)).unwrap_or(TypeRef::Json);
            let ty = self.outside_fields(ty, &schema_at, "this request body");
            BodyKind::UrlEncoded { ty, encodings: self.form_encodings(media, &content_at.child(content_type)) }
        } else if is_text(content_type) {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        };
        Some(RequestBody { content_type: content_type.clone(), required: body.required, kind })
    }

    /// Whether the body's schema has properties of its own (or is something other than an object).
    fn has_properties(&mut self, schema: Option<SchemaAt<'a>>, at: &Pointer) -> bool {
        let Some((schema, schema_at)) = schema.and_then(|s| self.resolve_schema(s, at)) else { return false };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => !obj.properties.is_empty() || obj.additional_properties.is_some(),
            SchemaKind::Any(any) => {
                !any.properties.is_empty()
                    || any.typ.as_deref().is_some_and(|t| t != "object")
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
            }
            _ => {
                object_shape(schema, &schema_at).is_some()
                    || !matches!(schema.schema_kind, SchemaKind::Type(Type::Object(_)))
            }
        }
    }

    /// The `encoding` of a form body: how each named property is written (`style`, and `explode`, which
    /// defaults to true for `form`).
    fn form_encodings(&mut self, media: &'a openapiv3::MediaType, at: &Pointer) -> Vec<(String, ParamStyle)> {
        media
            .encoding
            .iter()
            .filter_map(|(property, encoding)| {
                let style = encoding.style.as_ref()?;
                let raw_explode = self.spec.raw_at(&at.child("encoding").child(property).child("explode"));
                let explode =
                    raw_explode.and_then(serde_json::Value::as_bool).unwrap_or(matches!(style, QueryStyle::Form));
                let style = match style {
                    QueryStyle::Form => ParamStyle::Form { explode },
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                Some((property.clone(), style))
            })
            .collect()
    }

    fn lower_form(&mut self, schema: Option<SchemaAt<'a>>, at: &Pointer, builder: &str) -> Option<BodyKind> {
        let resolved = schema.and_then(|s| self.resolve_schema(s, at));
        let shape = resolved.and_then(|(schema, schema_at)| object_shape(schema, &schema_at));
        let Some(shape) = shape else {
            self.warning(at, "a multipart body without an object schema with properties; its parts are not known");
            self.notes.push("the multipart body's parts are not described; the form has none".to_owned());
            let form = self.request_scope.claim(format!("{builder}Form"));
            return Some(BodyKind::Multipart { form, fields: Vec::new() });
        };
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire_name, property, property_at) in shape.properties {
            let kind = match self.resolve_schema(property, &property_at) {
                Some((property, _)) => form_field_kind(property),
                None => FormFieldKind::Json,
            };
            let description = match property {
                SchemaAt::Inline(s) => s.schema_data.description.clone(),
                SchemaAt::Ref(_) => None,
            };
            fields.push(FormField {
                wire_name: wire_name.clone(),
                rust_name: scope.claim(naming::value_name(wire_name)),
                kind,
                required: shape.required.contains(&wire_name),
                description,
            });
        }
        let form = self.request_scope.claim(format!("{builder}Form"));
        Some(BodyKind::Multipart { form, fields })
    }

    /// The schema a position holds, following a `$ref` into `#/components/schemas`.
    pub(super) fn resolve_schema(&mut self, schema: SchemaAt<'a>, at: &Pointer) -> Option<(&'a Schema, Pointer)> {
        match schema {
            SchemaAt::Inline(inline) => Some((inline, at.clone())),
            SchemaAt::Ref(reference) => {
                let spec = self.spec;
                let found = spec.resolve_schema_ref(reference);
                if found.is_none() {
                    self.error(at, format!("reference '{reference}' points at nothing"));
                }
                found
            }
        }
    }
}

fn form_field_kind(schema: &Schema) -> FormFieldKind {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary | StringFormat::Byte) => FormFieldKind::File,
            VariantOrUnknownOrEmpty::Unknown(f) if f.eq_ignore_ascii_case("base64") => FormFieldKind::File,
            VariantOrUnknownOrEmpty::Empty => FormFieldKind::TextOrFile,
            _ => FormFieldKind::Text,
        },
        SchemaKind::Type(Type::Integer(_) | Type::Number(_) | Type::Boolean(_)) => FormFieldKind::Text,
        _ => FormFieldKind::Json,
    }
}
