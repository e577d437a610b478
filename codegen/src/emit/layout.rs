//! Which file each item of a version goes in: one `types/<group>.rs` and one `requests/<group>.rs` per
//! group, declared behind the group's feature; types and error decoders several groups use in
//! `types/shared.rs` and `requests/mod.rs`, each behind `any` of their groups' features. A crate built with
//! one tag compiles that tag's files and what they share, nothing else.

use std::collections::BTreeMap;

use super::{add_attr, feature_attr, gate_attr, ident, imports_for, union_usage};
use crate::model::{Api, Group, TypeDef, TypeKind, TypeRef};

/// `(path under the version, inner docs, items)`.
pub(super) type File = (String, Vec<String>, Vec<syn::Item>);

/// The group whose file a type goes in: the one gated group that uses it, if exactly one does.
fn home<'a>(api: &'a Api, def: &TypeDef) -> Option<&'a Group> {
    if def.usage.always || def.usage.features.len() != 1 {
        return None;
    }
    let feature = def.usage.features.iter().next()?;
    api.groups.iter().find(|g| g.feature.as_deref() == Some(feature.as_str()))
}

/// `mod <name>; pub use <name>::*;`, behind `attr` when given.
fn declare(name: &str, attr: Option<syn::Attribute>) -> Vec<syn::Item> {
    let module = ident(name);
    let mut items: Vec<syn::Item> = vec![syn::parse_quote!(mod #module;), syn::parse_quote!(pub use #module::*;)];
    if let Some(attr) = attr {
        for item in &mut items {
            add_attr(item, attr.clone());
        }
    }
    items
}

/// The types of one file, with `use super::*;` when they name types that live in other files (compiled when
/// one of the types that do is).
fn types_file(defs: &[&TypeDef], gated: bool) -> Vec<syn::Item> {
    let mut items = Vec::new();
    let mut importers = Vec::new();
    for def in defs {
        let mut own = super::types::emit_type(def);
        let elsewhere = referenced(def).iter().any(|name| !defs.iter().any(|d| &d.rust_name == name));
        if elsewhere {
            importers.push(&def.usage);
        }
        if gated && let Some(gate) = gate_attr(&def.usage) {
            for item in &mut own {
                add_attr(item, gate.clone());
            }
        }
        items.extend(own);
    }
    if let Some(all) = union_usage(importers) {
        let mut import: syn::Item = syn::parse_quote!(
            use super::*;
        );
        if gated && let Some(gate) = gate_attr(&all) {
            add_attr(&mut import, gate);
        }
        items.insert(0, import);
    }
    items
}

/// The named types a type's definition refers to.
fn referenced(def: &TypeDef) -> Vec<String> {
    fn named(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(name) => out.push(name.clone()),
            TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct { fields } => fields.iter().for_each(|f| named(&f.ty, &mut out)),
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named(&v.ty, &mut out)),
        TypeKind::Alias { target } => named(target, &mut out),
        TypeKind::Enum { .. } => {}
    }
    out
}

/// `types/mod.rs`, `types/shared.rs` and one `types/<group>.rs` per group that has types of its own.
pub(super) fn type_files(api: &Api) -> Vec<File> {
    let mut by_group: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
    let mut shared = Vec::new();
    for def in api.types.values() {
        match home(api, def) {
            Some(group) => by_group.entry(group.module.as_str()).or_default().push(def),
            None => shared.push(def),
        }
    }
    let mut root = Vec::new();
    let mut files = Vec::new();
    if let Some(all) = union_usage(shared.iter().map(|d| &d.usage)) {
        root.extend(declare("shared", gate_attr(&all)));
        let docs = vec!["Types more than one group uses, each compiled when one of them is.".to_owned()];
        files.push(("types/shared.rs".to_owned(), docs, types_file(&shared, true)));
    }
    for group in &api.groups {
        let Some(defs) = by_group.get(group.module.as_str()) else { continue };
        root.extend(declare(&group.module, feature_attr(group.feature.as_deref())));
        files.push((format!("types/{}.rs", group.module), group_docs(group, "Types"), types_file(defs, false)));
    }
    let docs = vec![format!("Types of {}, version {}.", api.title, api.version)];
    files.insert(0, ("types/mod.rs".to_owned(), docs, root));
    files
}

/// `requests/mod.rs` (the shared error decoders) and one `requests/<group>.rs` per group.
pub(super) fn request_files(api: &Api) -> Vec<File> {
    let mut root = Vec::new();
    let mut files = Vec::new();
    for group in &api.groups {
        root.extend(declare(&group.module, feature_attr(group.feature.as_deref())));
        let docs = group_docs(group, "Request builders and `Client` methods");
        files.push((format!("requests/{}.rs", group.module), docs, super::requests::emit_group(api, group)));
    }
    let decoders = super::requests::emit_decoders(api);
    let mut imports = imports_for(&decoders, &[("runtime", "crate::runtime"), ("ErrorBody", "super::ErrorBody")]);
    // Every decoder uses both imports: they compile when any decoder does.
    if let Some(gate) = union_usage(api.error_decoders.iter().map(|d| &d.usage)).and_then(|all| gate_attr(&all)) {
        for import in &mut imports {
            add_attr(import, gate.clone());
        }
    }
    imports.extend(root);
    imports.extend(decoders);
    let docs = vec!["One request builder per operation, filed by group; `send` performs the call.".to_owned()];
    files.insert(0, ("requests/mod.rs".to_owned(), docs, imports));
    files
}

/// The inner docs of a group's file: what it holds, the tag's description, and the feature.
fn group_docs(group: &Group, what: &str) -> Vec<String> {
    let mut docs = vec![match &group.feature {
        Some(feature) => format!("{what} of `{}` (cargo feature `{feature}`).", group.title),
        None => format!("{what} of `{}`, always compiled.", group.title),
    }];
    if let Some(description) = &group.description {
        docs.push(String::new());
        docs.extend(super::docs::sanitize(description.trim()));
    }
    docs
}
