//! Values written inside schemas (`default`, `enum`) must be of the schema's type: a string default on a
//! boolean or a number in a string enum would make generated code that can't hold the value.

use openapiv3::{Schema, SchemaKind, Type};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::spec::{describe, fits};

/// The JSON type a schema's `type` names, if it names one.
fn declared(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") => Some("string"),
            Some("integer") => Some("integer"),
            Some("number") => Some("number"),
            Some("boolean") => Some("boolean"),
            Some("array") => Some("array"),
            Some("object") => Some("object"),
            _ => None,
        },
        _ => None,
    }
}

impl Lowerer<'_> {
    pub(super) fn check_values(&mut self, schema: &Schema, here: &Pointer) {
        let Some(ty) = declared(schema) else { return };
        let nullable = schema.schema_data.nullable;
        let acceptable = |value: &Value| fits(value, ty) || (value.is_null() && nullable);
        if let Some(default) = &schema.schema_data.default
            && !acceptable(default)
        {
            let message = format!("default {default} is {}, but the schema's type is {ty}", describe(default));
            self.warning(&here.child("default"), format!("{message}; ignored"));
        }
        if let SchemaKind::Any(any) = &schema.schema_kind {
            for (index, value) in any.enumeration.iter().enumerate() {
                if !acceptable(value) {
                    let message = format!("enum value {value} is {}, but the schema's type is {ty}", describe(value));
                    self.warning(&here.child("enum").child(index), format!("{message}; ignored"));
                }
            }
        }
    }
}
