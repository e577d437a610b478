//! Composed schemas. `oneOf`/`anyOf` become unions whose members are told apart by a discriminator or by
//! keys only one member has (never by trying each in turn); a multi-member `allOf` becomes one struct with
//! the members' properties merged.

use std::collections::BTreeSet;

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::types::{ObjectShape, SchemaAt, object_shape};
use crate::diagnostic::Pointer;
use crate::model::{JsonKind, TypeKind, TypeRef, UnionVariant};
use crate::naming::{self, Scope};
use crate::spec::{Section, ref_name};

/// What a composed schema asks for.
pub(super) enum Composition<'s> {
    Union { keyword: &'static str, members: &'s [ReferenceOr<Schema>], discriminator: Option<&'s Discriminator> },
    Merge,
}

pub(super) fn composition(schema: &Schema) -> Option<Composition<'_>> {
    let discriminator = schema.schema_data.discriminator.as_ref();
    let union = |keyword, members| Some(Composition::Union { keyword, members, discriminator });
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => union("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => union("anyOf", any_of),
        SchemaKind::AllOf { all_of } if all_of.len() > 1 => Some(Composition::Merge),
        SchemaKind::Any(any) if !any.one_of.is_empty() => union("oneOf", &any.one_of),
        SchemaKind::Any(any) if !any.any_of.is_empty() => union("anyOf", &any.any_of),
        SchemaKind::Any(any) if any.all_of.len() > 1 || (!any.all_of.is_empty() && !any.properties.is_empty()) => {
            Some(Composition::Merge)
        }
        _ => None,
    }
}

fn json_kind(schema: &Schema) -> JsonKind {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => JsonKind::Object,
        SchemaKind::Type(Type::Array(_)) => JsonKind::Array,
        SchemaKind::Type(Type::String(_)) => JsonKind::String,
        SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => JsonKind::Number,
        SchemaKind::Type(Type::Boolean(_)) => JsonKind::Boolean,
        SchemaKind::Any(any) if !any.properties.is_empty() => JsonKind::Object,
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("object") => JsonKind::Object,
            Some("array") => JsonKind::Array,
            Some("string") => JsonKind::String,
            Some("integer" | "number") => JsonKind::Number,
            Some("boolean") => JsonKind::Boolean,
            _ => JsonKind::Any,
        },
        SchemaKind::AllOf { .. } => JsonKind::Object,
        _ => JsonKind::Any,
    }
}

/// What lowering learned about one member before variants are named.
struct Member {
    ty: TypeRef,
    kind: JsonKind,
    properties: Vec<String>,
    required: Vec<String>,
    reference: Option<String>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_composition(
        &mut self,
        name: &str,
        schema: &'a Schema,
        composition: Composition<'a>,
        here: &Pointer,
    ) -> TypeKind {
        match composition {
            Composition::Union { keyword, members, discriminator } => {
                self.lower_union(name, keyword, members, discriminator, here)
            }
            Composition::Merge => {
                let mut visited = BTreeSet::new();
                let shape = self.merged_shape(SchemaAt::Inline(schema), here, &mut visited);
                if shape.properties.is_empty()
                    && let Some(target) = self.merged_value(name, schema, here)
                {
                    return TypeKind::Alias { target: self.outside_fields(target, here, "this alias") };
                }
                TypeKind::Struct { fields: self.lower_fields(name, shape, here) }
            }
        }
    }

    fn lower_union(
        &mut self,
        name: &str,
        keyword: &str,
        members: &'a [ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        here: &Pointer,
    ) -> TypeKind {
        let mut lowered = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let at = here.child(keyword).child(index);
            let member_at = SchemaAt::from(member);
            let ty = self.type_of(member_at, &at, &format!("{name}Option{}", index + 1));
            let (kind, properties, required) = match self.resolve_schema(member_at, &at) {
                Some((schema, schema_at)) => {
                    let shape = self.merged_shape(SchemaAt::Inline(schema), &schema_at, &mut BTreeSet::new());
                    let properties = shape.properties.iter().map(|(k, ..)| (*k).clone()).collect();
                    let required = shape.required.iter().map(|k| (*k).clone()).collect();
                    (json_kind(schema), properties, required)
                }
                None => (JsonKind::Any, Vec::new(), Vec::new()),
            };
            let reference = match member {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            };
            lowered.push(Member { ty, kind, properties, required, reference });
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (index, member) in lowered.iter().enumerate() {
            let others: BTreeSet<&String> =
                lowered.iter().enumerate().filter(|(j, _)| *j != index).flat_map(|(_, m)| &m.properties).collect();
            let unique: Vec<&String> = member.properties.iter().filter(|p| !others.contains(p)).collect();
            let mut keys: Vec<String> =
                unique.iter().filter(|k| member.required.contains(k)).map(|k| (*k).clone()).collect();
            keys.extend(unique.iter().filter(|k| !member.required.contains(k)).map(|k| (*k).clone()));
            let wanted = match (&member.ty, member.properties.as_slice()) {
                (_, [only]) if keys.len() == 1 => naming::type_name(only),
                (TypeRef::Named(named), _) if member.reference.is_some() => named.clone(),
                (TypeRef::String, _) => "String".to_owned(),
                (TypeRef::Integer | TypeRef::Number | TypeRef::Decimal, _) => "Number".to_owned(),
                (TypeRef::Boolean, _) => "Boolean".to_owned(),
                (TypeRef::Array(_), _) => "Array".to_owned(),
                _ => "Object".to_owned(),
            };
            variants.push(UnionVariant {
                rust_name: scope.claim(wanted),
                ty: member.ty.clone(),
                kind: member.kind,
                keys,
                tags: tags_for(discriminator, member.reference.as_deref()),
                boxed: false,
            });
        }
        TypeKind::Union { variants, discriminator: discriminator.map(|d| d.property_name.clone()) }
    }

    /// The type of an `allOf` whose members declare no properties and no object: the first member that
    /// says what the value is (`allOf: [{type: string}, {anyOf: [...]}]` is a string; `allOf: [{$ref: Enum},
    /// {description: ..}]` is the enum), rather than an object with no fields, which such a value would never
    /// decode as. `None` when a member is an object (the merge is an object, even with no properties).
    fn merged_value(&mut self, name: &str, schema: &'a Schema, here: &Pointer) -> Option<TypeRef> {
        let members: &'a [ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) if any.typ.is_none() => &any.all_of,
            _ => return None,
        };
        let mut chosen = None;
        for (index, member) in members.iter().enumerate() {
            let at = here.child("allOf").child(index);
            let (resolved, _) = self.resolve_schema(SchemaAt::from(member), &at)?;
            match json_kind(resolved) {
                JsonKind::Object => return None,
                JsonKind::Any if says_nothing(resolved) => {}
                _ if chosen.is_none() => chosen = Some((index, member)),
                _ => {}
            }
        }
        let (index, member) = chosen?;
        Some(self.type_of(SchemaAt::from(member), &here.child("allOf").child(index), &format!("{name}Value")))
    }

    /// The properties of `schema` and of every `allOf` member under it, first occurrence winning. A `$ref`
    /// met twice on the way down is a cycle: reported, and not followed.
    fn merged_shape(
        &mut self,
        schema: SchemaAt<'a>,
        here: &Pointer,
        visited: &mut BTreeSet<String>,
    ) -> ObjectShape<'a> {
        let mut shape = ObjectShape { properties: Vec::new(), required: Vec::new(), example: None };
        let Some((schema, at)) = self.resolve_once(schema, here, visited) else { return shape };
        let all_of: &[ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => &[],
        };
        for (index, member) in all_of.iter().enumerate() {
            let part = self.merged_shape(SchemaAt::from(member), &at.child("allOf").child(index), visited);
            absorb(&mut shape, part);
        }
        if let Some(own) = object_shape(schema, &at) {
            absorb(&mut shape, own);
        }
        if shape.example.is_none() {
            shape.example = schema.schema_data.example.as_ref().filter(|e| e.is_object());
        }
        shape
    }

    fn resolve_once(
        &mut self,
        schema: SchemaAt<'a>,
        here: &Pointer,
        visited: &mut BTreeSet<String>,
    ) -> Option<(&'a Schema, Pointer)> {
        if let SchemaAt::Ref(reference) = schema
            && !visited.insert(reference.to_owned())
        {
            self.error(here, format!("recursive $ref cycle through allOf: '{reference}' contains itself"));
            return None;
        }
        self.resolve_schema(schema, here)
    }
}

/// A schema that constrains nothing a type would show: no type, no properties, no composition, no enum
/// (a description, an example, a format).
fn says_nothing(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.one_of.is_empty()
                && any.enumeration.is_empty()
                && any.items.is_none()
                && any.additional_properties.is_none()
        }
        _ => false,
    }
}

fn absorb<'s>(shape: &mut ObjectShape<'s>, part: ObjectShape<'s>) {
    for property in part.properties {
        if !shape.properties.iter().any(|(name, ..)| *name == property.0) {
            shape.properties.push(property);
        }
    }
    for required in part.required {
        if !shape.required.contains(&required) {
            shape.required.push(required);
        }
    }
    shape.example = shape.example.or(part.example);
}

/// The discriminator values naming a member: the mapping's keys that point at it, or else the name of the
/// component it references.
fn tags_for(discriminator: Option<&Discriminator>, reference: Option<&str>) -> Vec<String> {
    let (Some(discriminator), Some(reference)) = (discriminator, reference) else { return Vec::new() };
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| target.as_str() == reference)
        .map(|(tag, _)| tag.clone())
        .collect();
    if !mapped.is_empty() {
        return mapped;
    }
    ref_name(reference, Section::Schemas).map(|name| vec![name]).unwrap_or_default()
}
