//! Webhook events: each declared webhook becomes a variant of the version's `webhooks::Event`, told apart by
//! its payload's `type`. The type string is the `enum` value of the payload's `type` property; a payload whose
//! `type` enumerates several values is several events of one payload type (Cashfree's payment webhook is
//! `PAYMENT_SUCCESS_WEBHOOK`, `PAYMENT_FAILED_WEBHOOK` and `PAYMENT_USER_DROPPED_WEBHOOK`), each a variant
//! named from its value. A webhook without an enum takes its type string from that property's `example` (or
//! else from its name), with a warning, and its variant name from its name.

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use super::types::{SchemaAt, object_shape};
use crate::diagnostic::Pointer;
use crate::model::{Group, TypeRef, Usage, Webhook};
use crate::naming::{self, Scope};

/// The variant name an event type string gives: `INSTRUMENT_ACTIVE_WEBHOOK` is `InstrumentActive`.
fn variant_for(name: &str) -> String {
    let upper = naming::type_name(name);
    match upper.strip_suffix("Webhook").filter(|rest| !rest.is_empty()) {
        Some(rest) => rest.to_owned(),
        None => upper,
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers every webhook of the spec; events with the same type string are one event (the first met).
    pub(super) fn lower_webhooks(&mut self) -> Vec<Webhook> {
        let spec = self.spec;
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut out: Vec<Webhook> = Vec::new();
        for source in &spec.webhooks {
            self.operation = source.operation.clone();
            let hint = format!("{}Payload", naming::type_name(&source.key));
            let payload = match &source.schema {
                Some((schema, at)) => {
                    let ty = self.type_of(SchemaAt::from(schema), at, &hint);
                    self.outside_fields(ty, at, "this webhook's payload")
                }
                None => TypeRef::Json,
            };
            let (event_types, from_enum) = match source.schema.as_ref().and_then(|(s, at)| self.type_strings(s, at)) {
                Some(found) => found,
                None => (vec![source.key.clone()], false),
            };
            if !from_enum {
                let message = format!(
                    "the webhook's payload has no `type` property with enum values; it is the `{}` event, named `{}`",
                    event_types.join("`, `"),
                    variant_for(&source.key)
                );
                self.warning(&source.pointer, message);
            }
            self.operation = None;
            for event_type in event_types {
                if out.iter().any(|w| w.event_type == event_type) {
                    continue;
                }
                let wanted = if from_enum { variant_for(&event_type) } else { variant_for(&source.key) };
                out.push(Webhook {
                    key: source.key.clone(),
                    variant: scope.claim(wanted),
                    event_type,
                    payload: payload.clone(),
                    boxed: false,
                    summary: source.summary.clone(),
                    usage: Usage::default(),
                });
            }
        }
        out
    }

    /// The payload's `type` strings: its `enum` values (`true`), or else its `example` (`false`).
    fn type_strings(&mut self, schema: &'a ReferenceOr<Schema>, at: &Pointer) -> Option<(Vec<String>, bool)> {
        let (schema, schema_at) = self.resolve_schema(SchemaAt::from(schema), at)?;
        let shape = object_shape(schema, &schema_at)?;
        let (_, property, property_at) = shape.properties.into_iter().find(|(name, ..)| name.as_str() == "type")?;
        let (property, _) = self.resolve_schema(property, &property_at)?;
        if let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &property.schema_kind {
            let values: Vec<String> = string.enumeration.iter().flatten().filter(|v| !v.is_empty()).cloned().collect();
            if !values.is_empty() {
                return Some((values, true));
            }
        }
        property.schema_data.example.as_ref().and_then(|e| e.as_str()).map(|e| (vec![e.to_owned()], false))
    }
}

/// Files each webhook under the group of its operation, or of its own tag: compiled when that group's
/// feature is on, always when there is no such group.
pub(super) fn assign_webhook_groups(
    spec: &crate::spec::Spec,
    operations: &[crate::model::Operation],
    groups: &[Group],
    webhooks: &mut [Webhook],
) {
    for webhook in webhooks.iter_mut() {
        let Some(source) = spec.webhooks.iter().find(|s| s.key == webhook.key) else { continue };
        let by_operation = source
            .operation
            .as_ref()
            .and_then(|id| operations.iter().find(|op| &op.id == id))
            .and_then(|op| groups.iter().find(|g| g.module == op.group));
        let by_tag = source
            .tags
            .first()
            .and_then(|tag| groups.iter().find(|g| g.feature.as_deref() == Some(naming::feature_name(tag).as_str())));
        match by_operation.or(by_tag).and_then(|g| g.feature.clone()) {
            Some(feature) => {
                webhook.usage.features.insert(feature);
            }
            None => webhook.usage.always = true,
        }
        webhook.usage = std::mem::take(&mut webhook.usage).receiving();
    }
}
