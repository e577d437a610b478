//! Emitting: the [`Api`] model becomes syn items, one list per generated file. Infallible; knows nothing of
//! openapiv3, and leaves formatting to `render`.

mod body;
mod client;
mod credentials;
mod docs;
mod environment;
mod requests;
mod types;
mod union;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, TypeRef};

/// One generated Rust file before rendering: its path under the crate's `src/`, its inner doc lines, and items.
pub struct EmittedFile {
    /// Path relative to the client crate's `src/`, `/`-separated (`v2025_01_01/types.rs`).
    pub path: String,
    /// The spec it came from, for the header (`specs/2025-01-01.yaml`); `None` for crate-level files.
    pub source: Option<String>,
    /// `//!` lines.
    pub inner_docs: Vec<String>,
    /// Inner attributes written after the docs, verbatim (`#![doc = include_str!("../README.md")]`).
    pub inner_attrs: Vec<String>,
    pub items: Vec<syn::Item>,
}

/// The files of one version module: `mod.rs`, `types.rs`, `client.rs`, `requests.rs`.
pub fn emit_version(api: &Api) -> Vec<EmittedFile> {
    let dir = &api.module;
    let file = |name: &str, docs: Vec<String>, items: Vec<syn::Item>| EmittedFile {
        path: format!("{dir}/{name}"),
        source: Some(api.source.clone()),
        inner_docs: docs,
        inner_attrs: Vec::new(),
        items,
    };
    vec![
        file("mod.rs", module_docs(api), module_items(api)),
        file("types.rs", vec![format!("Types of {}, version {}.", api.title, api.version)], types::emit_types(api)),
        file(
            "client.rs",
            vec!["The client: environments, credentials, and one method per operation.".to_owned()],
            client::emit_client(api),
        ),
        file(
            "requests.rs",
            vec!["One request builder per operation; `send` performs the call.".to_owned()],
            requests::emit_requests(api),
        ),
    ]
}

/// The crate root listing the runtime and every version module.
pub fn emit_lib(modules: &[(String, String)], runtime_path: Option<&str>) -> EmittedFile {
    let runtime: syn::Item = match runtime_path {
        Some(path) => syn::parse_quote!(#[path = #path] pub mod runtime;),
        None => syn::parse_quote!(
            pub mod runtime;
        ),
    };
    let mut items: Vec<syn::Item> = vec![runtime];
    for (module, version) in modules {
        let ident = ident(module);
        let doc = format!(" API version `{version}`.");
        items.push(syn::parse_quote!(#[doc = #doc] pub mod #ident;));
    }
    items.push(syn::parse_quote!(
        pub use runtime::{ApiResponse, Config, ResponseMeta, RetryPolicy};
    ));
    EmittedFile {
        path: "lib.rs".to_owned(),
        source: None,
        inner_docs: Vec::new(),
        // The crate's README is its documentation, and its Rust examples are compiled as doctests.
        inner_attrs: vec![r#"#![doc = include_str!("../README.md")]"#.to_owned()],
        items,
    }
}

fn module_docs(api: &Api) -> Vec<String> {
    let mut docs = vec![format!("{}, API version `{}`.", api.title, api.version)];
    if let Some(description) = &api.description {
        docs.push(String::new());
        docs.extend(docs::sanitize(description.trim()));
    }
    docs
}

fn module_items(api: &Api) -> Vec<syn::Item> {
    let version = &api.version;
    let mut items: Vec<syn::Item> = vec![
        syn::parse_quote!(
            pub mod types;
        ),
        syn::parse_quote!(
            pub mod requests;
        ),
        syn::parse_quote!(
            mod client;
        ),
        syn::parse_quote!(
            pub use client::*;
        ),
        syn::parse_quote! {
            /// The version this module speaks, sent as `x-api-version` on every request.
            pub const API_VERSION: &str = #version;
        },
    ];
    if !api.types.is_empty() {
        items.insert(
            4,
            syn::parse_quote!(
                pub use types::*;
            ),
        );
    }
    items
}

/// An identifier from a name the model has already made valid (raw identifiers included).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a type is written from: inside the types module, or from a sibling module through `types::`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypePath {
    Local,
    ViaTypes,
}

/// The Rust type for a [`TypeRef`].
pub(crate) fn type_tokens(ty: &TypeRef, path: TypePath) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(crate::runtime::Bytes),
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, path);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, path);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            match path {
                TypePath::Local => quote!(#name),
                TypePath::ViaTypes => quote!(types::#name),
            }
        }
    }
}

/// The identifiers `items` name at the start of a path or on their own (`types` in `types::Order`, `Error`
/// in `Result<T, Error>`), but not after `::` (`Error` in `serde::de::Error`): what a file must import.
pub(crate) fn names_used(items: &[syn::Item]) -> std::collections::BTreeSet<String> {
    fn walk(stream: TokenStream, out: &mut std::collections::BTreeSet<String>) {
        let mut colons = 0;
        for tree in stream {
            match tree {
                proc_macro2::TokenTree::Group(group) => {
                    walk(group.stream(), out);
                    colons = 0;
                }
                proc_macro2::TokenTree::Ident(ident) => {
                    if colons < 2 {
                        out.insert(ident.to_string());
                    }
                    colons = 0;
                }
                proc_macro2::TokenTree::Punct(punct) => {
                    colons = if punct.as_char() == ':' { colons + 1 } else { 0 };
                }
                proc_macro2::TokenTree::Literal(_) => colons = 0,
            }
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for item in items {
        walk(quote::ToTokens::to_token_stream(item), &mut out);
    }
    out
}

/// The `use` items a file needs: `use <path>;` for each `(name, path)` whose name `items` use.
pub(crate) fn imports_for(items: &[syn::Item], candidates: &[(&str, &str)]) -> Vec<syn::Item> {
    let used = names_used(items);
    candidates
        .iter()
        .filter(|(name, _)| used.contains(*name))
        .filter_map(|(_, path)| syn::parse_str::<syn::Item>(&format!("use {path};")).ok())
        .collect()
}
