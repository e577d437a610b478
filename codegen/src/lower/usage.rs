//! Groups and usage. Every operation is filed in a group: its first tag, or, when it has none, the first
//! segment of its path after any version prefix (`/v1/customers/{id}` -> `customers`). A group is a cargo
//! feature (`token-vault`), except the untagged operations of a spec that tags the others, which are always
//! compiled. Every type then learns which features use it (it compiles when any of them is on) and which of
//! them send and receive it: its `Serialize` compiles with the features that send it, its `Deserialize` with
//! those that receive it (and both with `mock`). Types no operation or webhook uses compile with the feature
//! `unreferenced-types`, both directions.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    BodyKind, ErrorDecoder, ErrorVariant, Group, Operation, ParamRole, TypeDef, TypeKind, TypeRef, Usage, Webhook,
};
use crate::naming::{self, Scope};
use crate::spec::Spec;

/// The feature of the types no operation or webhook uses (and of what they hold): on by default, off in a
/// build that picks its tags, which then compiles only what its operations use.
pub const UNREFERENCED_FEATURE: &str = "unreferenced-types";

/// Features the crate defines for itself; a group that would take one of these names gets a suffix.
const RESERVED_FEATURES: &[&str] =
    &["default", "mock", "std", "full", "serialize", "deserialize", "blocking", UNREFERENCED_FEATURE];

/// The first path segment after any version prefix (`v1`, `v2.1`, `2024-01-01`), or `root` for `/` and
/// paths that start with a parameter.
fn path_group(path_key: &str) -> String {
    let template = path_key.split('?').next().unwrap_or_default();
    let is_version = |s: &str| {
        let rest = s.strip_prefix(['v', 'V']).unwrap_or(s);
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '_')
    };
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .find(|s| !is_version(s))
        .filter(|s| !s.starts_with('{'))
        .unwrap_or("root")
        .to_owned()
}

/// Files every operation in a group and returns the groups, in module order.
pub(super) fn assign_groups(spec: &Spec, operations: &mut [Operation]) -> Vec<Group> {
    let tagged = operations.iter().any(|op| !op.tags.is_empty());
    let described: BTreeMap<&str, &str> =
        spec.doc.tags.iter().filter_map(|t| t.description.as_deref().map(|d| (t.name.as_str(), d))).collect();
    let mut features = Scope::with_reserved(RESERVED_FEATURES);
    let mut modules = Scope::with_reserved(&["shared", "mod"]);
    // Feature (or module, for ungated groups) -> group; titles that make the same name share a group.
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut keys: BTreeMap<(bool, String), String> = BTreeMap::new();
    for op in operations.iter_mut() {
        let (title, gated) = match op.tags.first() {
            Some(tag) => (tag.clone(), true),
            None => (path_group(&op.path_key), !tagged),
        };
        let wanted = if gated { naming::feature_name(&title) } else { naming::group_module(&title) };
        let key = keys.entry((gated, wanted.clone())).or_insert_with(|| {
            let module = modules.claim(naming::group_module(&title));
            let feature = gated.then(|| features.claim(wanted.clone()));
            let description = described.get(title.as_str()).map(|d| (*d).to_owned());
            groups.insert(module.clone(), Group { module: module.clone(), feature, title: title.clone(), description });
            module
        });
        op.group = key.clone();
    }
    groups.into_values().collect()
}

/// The usage of one operation's types: its group's feature (or always), and the direction.
fn usage_of(group: Option<&Group>, sent: bool) -> Usage {
    let usage = Usage::of_group(group);
    if sent { usage.sending() } else { usage.receiving() }
}

/// The named types `ty` mentions.
fn named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, out),
        _ => {}
    }
}

/// Gives every type, error variant and decoder the usage of the operations that reach it.
pub(super) fn assign_usage(
    groups: &[Group],
    operations: &[Operation],
    webhooks: &[Webhook],
    types: &mut BTreeMap<String, TypeDef>,
    variants: &mut [ErrorVariant],
    decoders: &mut [ErrorDecoder],
) {
    let mut roots: Vec<(String, Usage)> = Vec::new();
    for op in operations {
        let group = groups.iter().find(|g| g.module == op.group);
        let mut sent = Vec::new();
        for param in op.params.iter().filter(|p| !matches!(p.role, ParamRole::Fixed { .. })) {
            named(&param.ty, &mut sent);
        }
        if let Some(body) = &op.request_body
            && let BodyKind::Json(ty) | BodyKind::UrlEncoded { ty, .. } = &body.kind
        {
            named(ty, &mut sent);
        }
        let mut received = Vec::new();
        for response in &op.responses {
            if let Some(ty) = &response.body {
                named(ty, &mut received);
            }
            if let Some(variant) = variants.iter_mut().find(|v| Some(&v.rust_name) == response.error_variant.as_ref()) {
                variant.usage.absorb(&usage_of(group, false));
            }
        }
        if let Some(decoder) = decoders.iter_mut().find(|d| Some(&d.name) == op.error_decoder.as_ref()) {
            decoder.usage.absorb(&usage_of(group, false));
        }
        roots.extend(sent.into_iter().map(|name| (name, usage_of(group, true))));
        roots.extend(received.into_iter().map(|name| (name, usage_of(group, false))));
    }
    for webhook in webhooks {
        let mut payload = Vec::new();
        named(&webhook.payload, &mut payload);
        roots.extend(payload.into_iter().map(|name| (name, webhook.usage.clone())));
    }
    spread(types, roots);
    // A type no operation uses is kept whole (both directions), and so is what it holds, behind its own
    // feature: a build with one tag does not pay for the types of none.
    let unreferenced =
        Usage { features: BTreeSet::from([UNREFERENCED_FEATURE.to_owned()]), ..Usage::default() }.sending().receiving();
    let unused: Vec<(String, Usage)> = types
        .iter()
        .filter(|(_, def)| def.usage == Usage::default())
        .map(|(name, _)| (name.clone(), unreferenced.clone()))
        .collect();
    spread(types, unused);
}

/// Adds each root's usage to it and to every type it contains, stopping where nothing new is learnt.
fn spread(types: &mut BTreeMap<String, TypeDef>, roots: Vec<(String, Usage)>) {
    let mut stack = roots;
    while let Some((name, usage)) = stack.pop() {
        let Some(def) = types.get_mut(&name) else { continue };
        let before = def.usage.clone();
        def.usage.absorb(&usage);
        if def.usage == before && before != Usage::default() {
            continue;
        }
        let mut inner = Vec::new();
        match &def.kind {
            TypeKind::Struct { fields } => fields.iter().for_each(|f| named(&f.ty, &mut inner)),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named(&v.ty, &mut inner)),
            TypeKind::Alias { target } => named(target, &mut inner),
            TypeKind::Enum { .. } => {}
        }
        let seen: BTreeSet<String> = inner.into_iter().collect();
        stack.extend(seen.into_iter().map(|n| (n, usage.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::path_group;

    #[test]
    fn untagged_operations_group_by_their_first_path_segment() {
        for (path, group) in [
            ("/v1/customers/{id}", "customers"),
            ("/customers", "customers"),
            ("/v2.1/orders/{id}/refunds", "orders"),
            ("/2024-01-01/payouts", "payouts"),
            ("/", "root"),
            ("/{tenant}/orders", "root"),
            ("/instruments?type=card", "instruments"),
        ] {
            assert_eq!(path_group(path), group, "{path}");
        }
    }
}

#[cfg(test)]
mod unreferenced {
    use super::UNREFERENCED_FEATURE;
    use crate::model::{Api, SerdeGate};
    use crate::{Options, SpecSource};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: "2024-01-01"}
paths:
  /orders:
    get:
      operationId: ListOrders
      tags: [Orders]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: string}
    Archive:
      type: object
      properties:
        orders: {type: array, items: {$ref: "#/components/schemas/Order"}}
        note: {$ref: "#/components/schemas/Note"}
    Note:
      type: object
      properties:
        text: {type: string}
"##;

    fn lower(text: String) -> Api {
        let source = SpecSource { name: "shop.yaml".to_owned(), text };
        match crate::lower_spec(&source, &Options::default()) {
            Ok(lowered) => lowered.api,
            Err(diagnostics) => panic!("{diagnostics}"),
        }
    }

    #[test]
    fn types_nothing_uses_have_their_own_feature_and_do_not_make_what_they_hold_always_compiled() {
        let api = lower(SPEC.to_owned());
        let usage = |name: &str| api.types.get(name).map(|d| d.usage.clone()).unwrap_or_default();
        let features = |name: &str| usage(name).features.into_iter().collect::<Vec<_>>();
        for unused in ["Archive", "Note"] {
            assert_eq!(features(unused), [UNREFERENCED_FEATURE], "{unused}");
            assert!(!usage(unused).always, "{unused}");
            assert_eq!(usage(unused).serialize_gate(), SerdeGate::WithType, "{unused}");
            assert_eq!(usage(unused).deserialize_gate(), SerdeGate::WithType, "{unused}");
        }
        // Received by `orders`, kept whole by the unused `Archive`: `Serialize` only with what sends it.
        assert_eq!(usage("Order").serialize_gate(), SerdeGate::Features(vec![UNREFERENCED_FEATURE.to_owned()]));
        assert_eq!(usage("Order").deserialize_gate(), SerdeGate::WithType);
        // Held by an unused type, used by an operation: compiled with either feature, never always.
        assert_eq!(features("Order"), ["orders", UNREFERENCED_FEATURE]);
        assert!(!usage("Order").always);
        let table = crate::manifest::features_table(std::slice::from_ref(&api), false, false);
        assert!(table.contains(&format!("\n{UNREFERENCED_FEATURE} = []\n")), "{table}");
        assert!(table.contains(&format!("\"orders\", \"{UNREFERENCED_FEATURE}\"")), "{table}");
    }

    const DIRECTIONS: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: "2024-01-01"}
paths:
  /orders:
    post:
      operationId: CreateOrder
      tags: [Orders]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Receipt"}
  /payments:
    get:
      operationId: ListPayments
      tags: [Payments]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Payment"}
  /refunds:
    post:
      operationId: CreateRefund
      tags: [Refunds]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Payment"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Receipt"}
components:
  schemas:
    Order:
      type: object
      properties:
        items: {type: array, items: {$ref: "#/components/schemas/Item"}}
    Payment:
      type: object
      properties:
        order: {$ref: "#/components/schemas/Order"}
    Receipt:
      type: object
      properties:
        id: {type: string}
    Item:
      type: object
      properties:
        sku: {type: string}
"##;

    #[test]
    fn each_serde_direction_compiles_with_the_groups_that_need_it() {
        let api = lower(DIRECTIONS.to_owned());
        let usage = |name: &str| api.types.get(name).map(|d| d.usage.clone()).unwrap_or_default();
        let only = |features: &[&str]| SerdeGate::Features(features.iter().map(|f| (*f).to_owned()).collect());
        // Sent by `orders` and `refunds` (inside `Payment`), received by `payments` (inside `Payment`).
        for name in ["Order", "Item"] {
            assert_eq!(usage(name).serialize_gate(), only(&["orders", "refunds"]), "{name}");
            assert_eq!(usage(name).deserialize_gate(), only(&["payments"]), "{name}");
        }
        assert_eq!(usage("Payment").serialize_gate(), only(&["refunds"]));
        assert_eq!(usage("Payment").deserialize_gate(), only(&["payments"]));
        // Every use receives it.
        assert_eq!(usage("Receipt").serialize_gate(), SerdeGate::MockOnly);
        assert_eq!(usage("Receipt").deserialize_gate(), SerdeGate::WithType);

        // The emitted impls carry those gates beside the type's own.
        let source = SpecSource { name: "shop.yaml".to_owned(), text: DIRECTIONS.to_owned() };
        let files = match crate::generate(&[source], &Options::default()) {
            Ok(generated) => generated.files,
            Err(diagnostics) => panic!("{diagnostics}"),
        };
        let attrs_before = |item: &str| -> String {
            let file = files.iter().find(|f| f.contents.contains(item)).map(|f| f.contents.as_str()).unwrap_or("");
            let at = file.find(item).unwrap_or(0);
            let start = file[..at].rfind("\n\n").unwrap_or(0);
            file[start..at].split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let ser = attrs_before("impl serde::Serialize for Order ");
        assert!(
            ser.contains(r#"any(feature = "orders", feature = "refunds", feature = "mock", feature = "serialize")"#),
            "{ser}"
        );
        let de = attrs_before("impl<'de> serde::Deserialize<'de> for Order ");
        assert!(de.contains(r#"any(feature = "payments", feature = "mock", feature = "deserialize")"#), "{de}");
        let receipt = attrs_before("impl serde::Serialize for Receipt ");
        assert!(receipt.ends_with(r#"#[cfg(any(feature = "mock", feature = "serialize"))]"#), "{receipt}");
    }

    #[test]
    fn a_tag_cannot_take_the_name() {
        let api = lower(SPEC.replace("tags: [Orders]", "tags: [Unreferenced Types]"));
        let feature = api.groups.first().and_then(|g| g.feature.clone()).unwrap_or_default();
        assert!(feature.starts_with(UNREFERENCED_FEATURE) && feature != UNREFERENCED_FEATURE, "{feature}");
    }
}
