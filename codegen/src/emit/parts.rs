//! The optional parts of the runtime: multipart forms, parameter styles and union selection. Most operations
//! need none of them, so the crate root declares each one behind the features of the groups whose generated
//! code calls it (read off the emitted tokens, so what is compiled is what is called), and a build of one tag
//! does not type-check the others' runtime code.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Usage};

/// One optional part: a file of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuntimePart {
    /// `form.rs`: `multipart/form-data` bodies.
    Form,
    /// `style.rs`: structured parameters and form bodies, written as OpenAPI's `style` says.
    Style,
    /// `union.rs`: choosing the member of a `oneOf`/`anyOf`.
    Union,
}

impl RuntimePart {
    pub const ALL: [RuntimePart; 3] = [RuntimePart::Form, RuntimePart::Style, RuntimePart::Union];

    /// The file's name under the runtime's folder, without `.rs`.
    pub fn module(self) -> &'static str {
        match self {
            RuntimePart::Form => "form",
            RuntimePart::Style => "style",
            RuntimePart::Union => "union",
        }
    }

    /// What generated code writes when it calls the part, as `TokenStream`'s text spells it.
    fn calls(self) -> &'static [&'static str] {
        match self {
            RuntimePart::Form => &["runtime :: Form", "runtime :: FilePart", "runtime :: Part", ". multipart ("],
            RuntimePart::Style => &[
                "runtime :: Style",
                ". form_body (",
                ". query_styled (",
                ". header_styled (",
                ". cookie (",
                ":: path_value (",
            ],
            RuntimePart::Union => &["runtime :: select_variant", "runtime :: VariantRule", "runtime :: JsonKind"],
        }
    }

    /// The part's re-exports from its module `module` (the hidden ones are for generated code).
    fn exports(self, module: &proc_macro2::Ident) -> Vec<TokenStream> {
        match self {
            RuntimePart::Form => vec![
                quote!(#[doc(hidden)] pub use super::#module::Form;),
                quote!(pub use super::#module::{FilePart, Part};),
            ],
            RuntimePart::Style => vec![quote!(#[doc(hidden)] pub use super::#module::Style;)],
            RuntimePart::Union => {
                vec![quote!(#[doc(hidden)] pub use super::#module::{JsonKind, VariantRule, select_variant};)]
            }
        }
    }
}

/// When a part compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartGate {
    /// With any of these features (and in the crate's own unit tests, which test every part).
    Features(BTreeSet<String>),
    /// Always: an operation that is always compiled calls it.
    Always,
}

/// The parts that `tokens` (compiled as `usage` says) call, added to `out`.
fn scan(tokens: &TokenStream, usage: &Usage, out: &mut BTreeMap<RuntimePart, Usage>) {
    let text = tokens.to_string();
    for part in RuntimePart::ALL {
        // Something compiled always (an unused type) makes the part always compiled too.
        if part.calls().iter().any(|call| text.contains(call))
            && let Some(usage) = super::union_usage([usage])
        {
            out.entry(part).or_default().absorb(&usage);
        }
    }
}

/// Where each part is called in one version: the union of the usages of the code that calls it.
pub fn version_parts(api: &Api) -> BTreeMap<RuntimePart, Usage> {
    let mut out = BTreeMap::new();
    for op in &api.operations {
        let usage = Usage::of_group(api.groups.iter().find(|g| g.module == op.group));
        let mut tokens = super::requests::emit_send(api, op);
        if let Some(form) = op.request_body.as_ref().and_then(super::body::emit_form) {
            tokens.extend(quote!(#form));
        }
        scan(&tokens, &usage, &mut out);
    }
    // Of the types, only unions call the runtime (to choose a member); the mock, the client, webhooks and
    // decoders call none of the parts (a one-tag build of a spec with every construct would fail if they did,
    // and the corpus tests build each tag alone).
    for def in api.types.values().filter(|def| matches!(def.kind, crate::model::TypeKind::Union { .. })) {
        let items = super::types::emit_type(def);
        scan(&quote!(#(#items)*), &def.usage, &mut out);
    }
    out
}

/// When each part compiles in a crate of `apis`: with the features of the groups that call it, or with the
/// version's feature (or always) where an always-compiled operation does. Parts nothing calls are left to
/// the crate's unit tests.
pub fn crate_parts(apis: &[Api], version_features: bool) -> Vec<(RuntimePart, PartGate)> {
    let mut gates: BTreeMap<RuntimePart, PartGate> =
        RuntimePart::ALL.iter().map(|p| (*p, PartGate::Features(BTreeSet::new()))).collect();
    for api in apis {
        for (part, usage) in version_parts(api) {
            let gate = gates.entry(part).or_insert_with(|| PartGate::Features(BTreeSet::new()));
            let PartGate::Features(features) = gate else { continue };
            features.extend(usage.features.iter().cloned());
            if usage.always {
                if version_features {
                    features.insert(crate::naming::version_feature(&api.version));
                } else {
                    *gate = PartGate::Always;
                }
            }
        }
    }
    gates.into_iter().collect()
}

/// The crate root's items for the parts: each part's file as a module behind its gate (`runtime_form`), and a
/// `runtime_parts` module of their re-exports, which `runtime` re-exports in turn. `runtime_dir` is the
/// runtime's folder as the crate root sees it (`runtime`).
pub fn emit_parts(parts: &[(RuntimePart, PartGate)], runtime_dir: &str, decimals: bool) -> Vec<syn::Item> {
    let mut items: Vec<syn::Item> = Vec::new();
    let mut exports = Vec::new();
    // Decimals (`Numbers::Decimal`): in every build of such a crate, which depends on rust_decimal.
    if decimals {
        let path = format!("{runtime_dir}/decimal.rs");
        items.push(syn::parse_quote!(#[path = #path] mod runtime_decimal;));
        exports.push(quote!(
            pub use super::runtime_decimal::{Decimal, decimal};
        ));
        exports.push(quote!(
            #[doc(hidden)]
            pub use super::runtime_decimal::{Exact, ExactRef, Exactly, exact_from_value, fill_exact};
        ));
    }
    for (part, gate) in parts {
        let cfg = match gate {
            PartGate::Always => None,
            PartGate::Features(features) if features.is_empty() => Some(quote!(#[cfg(test)])),
            PartGate::Features(features) => {
                let features = features.iter();
                Some(quote!(#[cfg(any(test, #(feature = #features),*))]))
            }
        };
        let module = super::ident(&format!("runtime_{}", part.module()));
        let path = format!("{runtime_dir}/{}.rs", part.module());
        items.push(syn::parse_quote!(#cfg #[path = #path] mod #module;));
        for export in part.exports(&module) {
            exports.push(quote!(#cfg #export));
        }
    }
    items.push(syn::parse_quote! {
        /// The runtime's optional parts, each compiled where the generated code calls it (`runtime` re-exports them).
        mod runtime_parts {
            #(#exports)*
        }
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_found_by_what_the_code_calls() {
        let mut out = BTreeMap::new();
        let gated = Usage { features: BTreeSet::from(["uploads".to_owned()]), ..Usage::default() };
        scan(&quote!(request.multipart(runtime::Form::new());), &gated, &mut out);
        scan(&quote!(self.client.transport.exchange(&mut request).await), &gated, &mut out);
        assert_eq!(out.keys().copied().collect::<Vec<_>>(), vec![RuntimePart::Form]);
        assert_eq!(out[&RuntimePart::Form].features, BTreeSet::from(["uploads".to_owned()]));
        let unused = Usage::default();
        scan(&quote!(request.query_styled("a", &value, runtime::Style::DeepObject)?;), &unused, &mut out);
        assert!(out[&RuntimePart::Style].always, "code compiled always calls the part always");
    }

    #[test]
    fn gates_become_cfg_attributes_with_the_tests_always_in() {
        let parts = vec![
            (RuntimePart::Form, PartGate::Features(BTreeSet::from(["a".to_owned(), "b".to_owned()]))),
            (RuntimePart::Union, PartGate::Features(BTreeSet::new())),
            (RuntimePart::Style, PartGate::Always),
        ];
        let items = emit_parts(&parts, "runtime", false);
        let text = quote!(#(#items)*).to_string();
        let form =
            r#"# [cfg (any (test , feature = "a" , feature = "b"))] # [path = "runtime/form.rs"] mod runtime_form ;"#;
        assert!(text.contains(form), "{text}");
        assert!(text.contains(r#"# [cfg (test)] # [path = "runtime/union.rs"] mod runtime_union ;"#), "{text}");
        assert!(text.contains(r#"# [path = "runtime/style.rs"] mod runtime_style ;"#), "{text}");
        assert!(!text.contains(r#"# [cfg (test)] # [path = "runtime/style.rs"]"#), "{text}");
        let export = r#"# [cfg (any (test , feature = "a" , feature = "b"))] pub use super :: runtime_form :: { FilePart , Part } ;"#;
        assert!(text.contains(export), "{text}");
    }
}
