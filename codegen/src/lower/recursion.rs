//! Types that contain themselves. A struct field or union member that closes a cycle of direct containment
//! is boxed (containment through `Vec` or a map needs no box); a cycle made only of aliases can't be a Rust
//! type at all and is an error.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::model::{INLINE_VARIANT_LIMIT, TypeDef, TypeKind, TypeRef, estimated_size};

/// The named types `def` contains directly (not behind a `Vec` or map), skipping edges already boxed.
fn direct_edges(def: &TypeDef) -> Vec<&str> {
    fn direct(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name.as_str()),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct { fields } => fields.iter().filter(|f| !f.boxed).filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union { variants, .. } => {
            variants.iter().filter(|v| !v.boxed).filter_map(|v| direct(&v.ty)).collect()
        }
        TypeKind::Alias { target } => direct(target).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Whether `to` is reachable from `from` through direct containment.
fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = types.get(&name) {
            stack.extend(direct_edges(def).into_iter().map(str::to_owned));
        }
    }
    false
}

impl Lowerer<'_> {
    /// Boxes what closes a containment cycle, in name order, so the same spec boxes the same fields.
    pub(super) fn box_recursive_types(&mut self) {
        let names: Vec<String> = self.types.keys().cloned().collect();
        for name in names {
            self.report_alias_cycle(&name);
            let Some(def) = self.types.get(&name) else { continue };
            let count = match &def.kind {
                TypeKind::Struct { fields } => fields.len(),
                TypeKind::Union { variants, .. } => variants.len(),
                _ => 0,
            };
            for index in 0..count {
                let target = match self.types.get(&name).map(|d| &d.kind) {
                    Some(TypeKind::Struct { fields }) => fields.get(index).filter(|f| !f.boxed).map(|f| f.ty.clone()),
                    Some(TypeKind::Union { variants, .. }) => {
                        variants.get(index).filter(|v| !v.boxed).map(|v| v.ty.clone())
                    }
                    _ => None,
                };
                let Some(TypeRef::Named(target)) = target else { continue };
                if reaches(&self.types, &target, &name) {
                    self.set_boxed(&name, index);
                }
            }
        }
    }

    /// Boxes union members too large to keep inline (see [`INLINE_VARIANT_LIMIT`]), in name order.
    pub(super) fn box_large_variants(&mut self) {
        let names: Vec<String> = self.types.keys().cloned().collect();
        for name in names {
            let large: Vec<usize> = match self.types.get(&name).map(|d| &d.kind) {
                Some(TypeKind::Union { variants, .. }) => variants
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.boxed && estimated_size(&self.types, &v.ty) > INLINE_VARIANT_LIMIT)
                    .map(|(i, _)| i)
                    .collect(),
                _ => continue,
            };
            for index in large {
                self.set_boxed(&name, index);
            }
        }
    }

    fn set_boxed(&mut self, name: &str, index: usize) {
        match self.types.get_mut(name).map(|d| &mut d.kind) {
            Some(TypeKind::Struct { fields }) => fields.iter_mut().skip(index).take(1).for_each(|f| f.boxed = true),
            Some(TypeKind::Union { variants, .. }) => {
                variants.iter_mut().skip(index).take(1).for_each(|v| v.boxed = true)
            }
            _ => {}
        }
    }

    /// An alias whose chain of aliases comes back to it.
    fn report_alias_cycle(&mut self, name: &str) {
        let mut current = name.to_owned();
        let mut chain = vec![name.to_owned()];
        loop {
            let next = match self.types.get(&current).map(|d| &d.kind) {
                Some(TypeKind::Alias { target: TypeRef::Named(next) }) => next.clone(),
                _ => return,
            };
            if next == name {
                let origin = self.types.get(name).map(|d| d.origin.clone()).unwrap_or_default();
                let at = if origin.starts_with('#') {
                    Pointer::parse(&origin)
                } else {
                    Pointer::root().child("components").child("schemas").child(&origin)
                };
                chain.push(next);
                self.error(&at, format!("recursive $ref cycle: {} is made only of itself", chain.join(" -> ")));
                return;
            }
            if chain.contains(&next) {
                return;
            }
            chain.push(next.clone());
            current = next;
        }
    }
}
