//! Request bodies: JSON bodies become a type; `multipart/form-data` bodies become a form struct with one
//! typed part per property.

use openapiv3::{Operation as SpecOperation, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::Lowerer;
use super::operation::is_json;
use super::types::{SchemaAt, object_shape};
use crate::diagnostic::Pointer;
use crate::model::{BodyKind, FormField, FormFieldKind, RequestBody, TypeRef};
use crate::naming::{self, Scope};
use crate::spec::Section;

const MULTIPART: &str = "multipart/form-data";

impl<'a> Lowerer<'a> {
    pub(super) fn lower_request_body(
        &mut self,
        op: &'a SpecOperation,
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
        if let Some((content_type, media)) = body.content.iter().find(|(ct, _)| is_json(ct)) {
            let schema_at = content_at.child(content_type).child("schema");
            let ty = match &media.schema {
                Some(schema) => self.type_of(SchemaAt::from(schema), &schema_at, &format!("{builder}Body")),
                None => TypeRef::Json,
            };
            return Some(RequestBody {
                content_type: content_type.clone(),
                required: body.required,
                kind: BodyKind::Json(ty),
            });
        }
        if let Some(media) = body.content.get(MULTIPART) {
            let schema_at = content_at.child(MULTIPART).child("schema");
            let kind = self.lower_form(media.schema.as_ref().map(SchemaAt::from), &schema_at, builder)?;
            return Some(RequestBody { content_type: MULTIPART.to_owned(), required: body.required, kind });
        }
        let types = body.content.keys().cloned().collect::<Vec<_>>().join(", ");
        self.error(
            &content_at,
            format!("unsupported request content type(s): {types}; JSON and multipart/form-data are"),
        );
        None
    }

    fn lower_form(&mut self, schema: Option<SchemaAt<'a>>, at: &Pointer, builder: &str) -> Option<BodyKind> {
        let resolved = schema.and_then(|s| self.resolve_schema(s, at));
        let Some((schema, schema_at)) = resolved else {
            self.error(at, "a multipart body needs an object schema with properties");
            return None;
        };
        let Some(shape) = object_shape(schema, &schema_at) else {
            self.error(&schema_at, "a multipart body needs an object schema with properties");
            return None;
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
