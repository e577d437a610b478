//! The example test (`tests/spec_examples.rs` of the crate): every example of the specs that fits its type
//! ([`crate::model::SpecExample`]) is decoded into the generated type, encoded back, and decoded again to the
//! same value. A crate-level file, beside `src/`; only `cargo xtask codegen`'s crates have it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{EmittedFile, TypePath, ident, type_tokens};
use crate::model::Api;

/// The test file of a crate named `krate` (its Rust name, `cashfree_pg`), one test per version.
pub fn emit_example_tests(apis: &[Api], krate: &str) -> EmittedFile {
    let krate = ident(krate);
    let mut items: Vec<syn::Item> = vec![syn::parse_quote! {
        /// Decodes `json` as `T`, encodes it back and decodes that again: the same value both times.
        fn round_trip<T>(place: &str, json: &str)
        where
            T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
        {
            let first: T = serde_json::from_str(json).unwrap_or_else(|err| panic!("{place}: {err}"));
            let encoded = serde_json::to_string(&first).unwrap_or_else(|err| panic!("{place}: encoding: {err}"));
            let second: T =
                serde_json::from_str(&encoded).unwrap_or_else(|err| panic!("{place}: decoding {encoded}: {err}"));
            assert_eq!(first, second, "{place}");
        }
    }];
    for api in apis.iter().filter(|api| !api.examples.is_empty()) {
        let module = ident(&api.module);
        let calls = api.examples.iter().map(|example| {
            let ty: TokenStream = type_tokens(&example.ty, TypePath::ViaTypes);
            let place = Literal::string(&format!("{} {}", api.source, example.pointer));
            let json = Literal::string(&example.json);
            quote!(round_trip::<#ty>(#place, #json);)
        });
        items.push(syn::parse_quote! {
            #[test]
            fn #module() {
                #[allow(unused_imports)]
                use #krate::#module::types;
                #(#calls)*
            }
        });
    }
    EmittedFile {
        path: "spec_examples.rs".to_owned(),
        source: None,
        inner_docs: vec![
            "Every example of the specs that fits its schema, decoded into its generated type, encoded back and"
                .to_owned(),
            "decoded again to the same value (examples that do not fit are warnings of `cargo xtask codegen`)."
                .to_owned(),
        ],
        inner_attrs: Vec::new(),
        items,
    }
}
