//! Schemas become [`TypeRef`]s and named [`TypeDef`]s. Components keep their key as name; inline objects and
//! enums are named after their parent and property, with collisions resolved in the order they are met.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::compose::composition;

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::model::{Field, TypeDef, TypeKind, TypeRef, Variant};
use crate::naming::{self, Scope};
use crate::spec::{Section, ref_name};

/// A schema position: a `$ref`, or a schema written in place.
#[derive(Clone, Copy)]
pub(super) enum SchemaAt<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaAt<'s> {
    fn from(value: &'s ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(reference),
            ReferenceOr::Item(schema) => SchemaAt::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaAt<'s> {
    fn from(value: &'s ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(reference),
            ReferenceOr::Item(schema) => SchemaAt::Inline(schema),
        }
    }
}

/// Object properties (each with its pointer) and the required list, wherever the schema keeps them; the
/// properties of an `allOf` are gathered into one shape.
pub(super) struct ObjectShape<'s> {
    pub(super) properties: Vec<(&'s String, SchemaAt<'s>, Pointer)>,
    pub(super) required: Vec<&'s String>,
    /// The schema's own `example`, if it is an object: it tells which required properties may be null.
    pub(super) example: Option<&'s serde_json::Value>,
}

/// Properties as openapiv3 keeps them.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties of `schema` itself (not of an `allOf` it has).
fn own_properties(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(obj)) => Some((&obj.properties, obj.required.as_slice())),
        SchemaKind::Any(any) => Some((&any.properties, any.required.as_slice())),
        _ => None,
    }
}

pub(super) fn object_shape<'s>(schema: &'s Schema, here: &Pointer) -> Option<ObjectShape<'s>> {
    let (properties, required) = own_properties(schema)?;
    if properties.is_empty() {
        return None;
    }
    let at = here.child("properties");
    Some(ObjectShape {
        properties: properties.iter().map(|(k, v)| (k, SchemaAt::from(v), at.child(k))).collect(),
        required: required.iter().collect(),
        example: schema.schema_data.example.as_ref().filter(|e| e.is_object()),
    })
}

fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

impl<'a> Lowerer<'a> {
    /// Gives every component schema its Rust name up front, so inline names never take a component's name.
    pub(super) fn name_component_schemas(&mut self) {
        let spec = self.spec;
        let Some(components) = spec.doc.components.as_ref() else { return };
        for key in components.schemas.keys() {
            let wanted = naming::type_name(key);
            let name = self.type_scope.claim(wanted.clone());
            if name != wanted {
                let here = Pointer::root().child("components").child("schemas").child(key);
                self.warning(&here, format!("schema name '{key}' collides after naming; the type is named `{name}`"));
            }
            self.schema_names.insert(key.clone(), name);
        }
    }

    pub(super) fn lower_component_schemas(&mut self) {
        let spec = self.spec;
        let Some(components) = spec.doc.components.as_ref() else { return };
        for (key, schema) in &components.schemas {
            let here = Pointer::root().child("components").child("schemas").child(key);
            if let ReferenceOr::Item(schema) = schema {
                self.check_values(schema, &here);
            }
            let name = self.schema_names.get(key).cloned().unwrap_or_else(|| naming::type_name(key));
            self.define_type(&name, key, SchemaAt::from(schema), &here);
            if let ReferenceOr::Item(schema) = schema
                && let Some(example) = &schema.schema_data.example
            {
                self.note_example(here.child("example"), &TypeRef::Named(name), example.clone());
            }
        }
    }

    /// Defines the named type `name` for `schema`: a struct, an enum, or an alias of what it maps to.
    fn define_type(&mut self, name: &str, origin: &str, schema: SchemaAt<'a>, here: &Pointer) {
        let (description, kind) = match schema {
            SchemaAt::Ref(_) => {
                let target = self.type_of(schema, here, name);
                (None, TypeKind::Alias { target: self.outside_fields(target, here, "this alias") })
            }
            SchemaAt::Inline(inline) => {
                let description = inline.schema_data.description.clone();
                if let Some(composition) = composition(inline) {
                    (description, self.lower_composition(name, inline, composition, here))
                } else if let Some(shape) = object_shape(inline, here) {
                    (description, TypeKind::Struct { fields: self.lower_fields(name, shape, here) })
                } else if let Some(values) = string_enum(inline) {
                    (description, TypeKind::Enum { variants: lower_variants(&values) })
                } else {
                    let target = self.type_of(schema, here, name);
                    (description, TypeKind::Alias { target: self.outside_fields(target, here, "this alias") })
                }
            }
        };
        let def = TypeDef {
            rust_name: name.to_owned(),
            origin: origin.to_owned(),
            description,
            kind,
            usage: Default::default(),
        };
        self.types.insert(name.to_owned(), def);
    }

    pub(super) fn lower_fields(&mut self, parent: &str, shape: ObjectShape<'a>, here: &Pointer) -> Vec<Field> {
        let mut scope = Scope::default();
        // A required property the schema does not define: a field of any JSON value, so a request can carry
        // it; optional, since nothing says what a response holds there. A dotted name (`meta_data.date`)
        // names a nested property, not a key: ignored.
        let mut undefined = Vec::new();
        for required in &shape.required {
            if shape.properties.iter().any(|(name, ..)| name == required) {
                continue;
            }
            let message = if required.contains('.') {
                format!("required property '{required}' is not defined; a dotted name is not a key, so it is ignored")
            } else {
                undefined.push(required.as_str().to_owned());
                format!(
                    "required property '{required}' is not defined: read as an optional property of any JSON value \
                     (sent when set; a response need not have it)"
                )
            };
            self.warning(&here.child("required"), message);
        }
        let mut fields = Vec::new();
        for (wire_name, schema, at) in shape.properties {
            let hint = format!("{parent}{}", naming::type_name(wire_name));
            let required = shape.required.contains(&wire_name);
            let mut nullable = matches!(schema, SchemaAt::Inline(s) if s.schema_data.nullable);
            let null_in_example = shape.example.and_then(|e| e.get(wire_name.as_str())).is_some_and(|v| v.is_null());
            if required && !nullable && null_in_example {
                let message =
                    format!("required property '{wire_name}' is null in the schema's example; it decodes as optional");
                self.warning(&at, message);
                nullable = true;
            }
            let description = match schema {
                SchemaAt::Inline(s) => s.schema_data.description.clone(),
                SchemaAt::Ref(_) => None,
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: scope.claim(naming::value_name(wire_name)),
                ty: self.type_of(schema, &at, &hint),
                required,
                nullable,
                sensitive: self.is_sensitive(wire_name),
                boxed: false,
                description,
            });
        }
        for wire_name in undefined {
            fields.push(Field {
                rust_name: scope.claim(naming::value_name(&wire_name)),
                ty: TypeRef::Json,
                required: false,
                nullable: false,
                sensitive: self.is_sensitive(&wire_name),
                boxed: false,
                description: Some("Required by the spec, which does not define it: any JSON value.".to_owned()),
                wire_name,
            });
        }
        fields
    }

    /// The type a schema position maps to. Inline objects and enums become named types called `hint`.
    pub(super) fn type_of(&mut self, schema: SchemaAt<'a>, here: &Pointer, hint: &str) -> TypeRef {
        let inline = match schema {
            SchemaAt::Ref(reference) => return self.named_ref(reference, here),
            SchemaAt::Inline(inline) => inline,
        };
        self.check_values(inline, here);
        if composition(inline).is_some() || object_shape(inline, here).is_some() || string_enum(inline).is_some() {
            return TypeRef::Named(self.define_inline(schema, here, hint));
        }
        match &inline.schema_kind {
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Integer(_)) => TypeRef::Integer,
            SchemaKind::Type(Type::Number(_)) => self.number(),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => self.type_of(SchemaAt::from(items), &here.child("items"), &format!("{hint}Item")),
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Type(Type::Object(obj)) => self.map_of(obj.additional_properties.as_ref(), here, hint),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of(SchemaAt::from(&all_of[0]), &here.child("allOf").child(0), hint)
            }
            SchemaKind::Any(any) if any.all_of.len() == 1 && any.properties.is_empty() => {
                self.type_of(SchemaAt::from(&any.all_of[0]), &here.child("allOf").child(0), hint)
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => TypeRef::String,
                Some("integer") => TypeRef::Integer,
                Some("number") => self.number(),
                Some("boolean") => TypeRef::Boolean,
                _ => TypeRef::Json,
            },
            _ => {
                self.warning(here, "this schema combination is not modelled yet; it is kept as raw JSON");
                TypeRef::Json
            }
        }
    }

    /// The named type of an inline schema. A place in the document is lowered once: met again (a property
    /// reached through several `allOf` merges, a shared parameter, or a schema that contains itself through
    /// a merge), it is the type already made, so a self-containing inline schema is a recursive type rather
    /// than an endless one.
    fn define_inline(&mut self, schema: SchemaAt<'a>, here: &Pointer, hint: &str) -> String {
        let place = here.to_string();
        if let Some(name) = self.inline_types.get(&place).cloned() {
            if self.in_progress.contains(&name) {
                self.self_referenced.insert(name.clone());
            }
            return name;
        }
        let name = self.type_scope.claim(naming::type_name(hint));
        self.inline_types.insert(place.clone(), name.clone());
        self.in_progress.insert(name.clone());
        self.define_type(&name, &place, schema, here);
        self.in_progress.remove(&name);
        // A type that names itself keeps its name: merging it away would leave the self-reference dangling.
        let name = if self.self_referenced.contains(&name) { name } else { self.merge_same_shape(name) };
        self.inline_types.insert(place, name.clone());
        name
    }

    /// An inline type whose shape (fields, their types and names; variants) equals one met before is that
    /// type: the first name stands for both, and the later definition is dropped. Deterministic (first in
    /// lowering order wins) and safe (descriptions aside, the two are the same Rust type).
    fn merge_same_shape(&mut self, name: String) -> String {
        let Some(key) = self.types.get(&name).map(|def| shape_key(&def.kind)) else { return name };
        match self.shapes.get(&key) {
            Some(first) if *first != name => {
                let first = first.clone();
                self.types.remove(&name);
                first
            }
            _ => {
                self.shapes.insert(key, name.clone());
                name
            }
        }
    }

    fn map_of(&mut self, additional: Option<&'a AdditionalProperties>, here: &Pointer, hint: &str) -> TypeRef {
        let values = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let at = here.child("additionalProperties");
                self.type_of(SchemaAt::from(schema.as_ref()), &at, &format!("{hint}Value"))
            }
            _ => TypeRef::Json,
        };
        TypeRef::Map(Box::new(values))
    }

    fn named_ref(&mut self, reference: &str, here: &Pointer) -> TypeRef {
        match ref_name(reference, Section::Schemas) {
            Ok(key) => match self.schema_names.get(&key) {
                Some(name) => TypeRef::Named(name.clone()),
                None => {
                    self.error(here, format!("reference '{reference}' points at nothing"));
                    TypeRef::Json
                }
            },
            Err(message) => {
                self.error(here, message);
                TypeRef::Json
            }
        }
    }
}

/// Enum variants in the spec's order, with `Unknown` kept free for values the spec doesn't list.
fn lower_variants(values: &[String]) -> Vec<Variant> {
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut seen = std::collections::BTreeSet::new();
    values
        .iter()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| Variant {
            wire_value: value.clone(),
            rust_name: scope.claim(naming::type_name(value)),
            description: None,
        })
        .collect()
}

/// What makes two inline types the same Rust type: the kind, field by field (names, wire names, types,
/// optionality, redaction) or variant by variant, descriptions left out.
fn shape_key(kind: &TypeKind) -> String {
    use std::fmt::Write;
    let mut key = String::new();
    match kind {
        TypeKind::Struct { fields } => {
            key.push_str("struct");
            for f in fields {
                let _ = write!(
                    key,
                    "|{}:{}:{}:{}{}{}",
                    f.wire_name, f.rust_name, f.ty, f.required, f.nullable, f.sensitive
                );
            }
        }
        TypeKind::Enum { variants } => {
            key.push_str("enum");
            for v in variants {
                let _ = write!(key, "|{}:{}", v.wire_value, v.rust_name);
            }
        }
        TypeKind::Alias { target } => {
            let _ = write!(key, "alias|{target}");
        }
        TypeKind::Union { variants, discriminator } => {
            let _ = write!(key, "union|{discriminator:?}");
            for v in variants {
                let _ = write!(key, "|{}:{}:{:?}:{:?}:{:?}", v.rust_name, v.ty, v.kind, v.keys, v.tags);
            }
        }
    }
    key
}
