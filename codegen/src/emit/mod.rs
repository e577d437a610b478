//! Emitting: the [`Api`] model becomes syn items, one list per generated file. Infallible; knows nothing of
//! openapiv3, and leaves formatting to `render`.

mod body;
pub mod calls;
mod client;
mod credentials;
mod docs;
mod environment;
pub mod examples;
mod layout;
mod mock;
mod paging;
pub mod parts;
mod requests;
mod serde_impls;
mod types;
mod union;
mod webhooks;

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

/// The files of one version module: `mod.rs`, `client.rs`, and `types/` and `requests/` with one file per
/// group (behind its cargo feature) and the items several groups share.
pub fn emit_version(api: &Api) -> Vec<EmittedFile> {
    let dir = &api.module;
    let file = |name: &str, docs: Vec<String>, items: Vec<syn::Item>| EmittedFile {
        path: format!("{dir}/{name}"),
        source: Some(api.source.clone()),
        inner_docs: docs,
        inner_attrs: Vec::new(),
        items,
    };
    let mut files = vec![
        file("mod.rs", module_docs(api), module_items(api)),
        file(
            "client.rs",
            vec!["The client: environments, credentials, and the error bodies of this version.".to_owned()],
            client::emit_client(api),
        ),
    ];
    for (name, docs, items) in layout::type_files(api).into_iter().chain(layout::request_files(api)) {
        files.push(file(&name, docs, items));
    }
    files.push(file(
        "mock/mod.rs",
        vec![
            "A typed mock server of this version, for tests of code that uses the client (feature `mock`).".to_owned(),
        ],
        mock::emit_mock_root(api),
    ));
    for group in &api.groups {
        let docs = vec![format!("Stubs of the operations of `{}`.", group.title)];
        files.push(file(&format!("mock/{}.rs", group.module), docs, mock::emit_mock_group(api, group)));
    }
    files.push(file(
        "webhooks.rs",
        vec!["The webhook events of this version, typed: verify the raw body, then `Event::parse` it.".to_owned()],
        webhooks::emit_webhooks(api),
    ));
    files
}

/// The crate root listing the runtime and every version module.
pub fn emit_lib(
    modules: &[(String, String)],
    runtime_path: Option<&str>,
    version_features: bool,
    parts: &[(parts::RuntimePart, parts::PartGate)],
    decimals: bool,
) -> EmittedFile {
    // The runtime's folder as the crate root sees it.
    let runtime_dir = match runtime_path.and_then(|p| p.rsplit_once('/')) {
        Some((dir, _)) => dir.to_owned(),
        None => "runtime".to_owned(),
    };
    let runtime: syn::Item = match runtime_path {
        Some(path) => syn::parse_quote!(#[path = #path] pub mod runtime;),
        None => syn::parse_quote!(
            pub mod runtime;
        ),
    };
    let mut items: Vec<syn::Item> = vec![runtime];
    items.extend(parts::emit_parts(parts, &runtime_dir, decimals));
    for (module, version) in modules {
        let ident = ident(module);
        let doc = format!(" API version `{version}`.");
        let mut item: syn::Item = syn::parse_quote!(#[doc = #doc] pub mod #ident;);
        if version_features {
            let feature = crate::naming::version_feature(version);
            add_attr(&mut item, syn::parse_quote!(#[cfg(feature = #feature)]));
        }
        items.push(item);
    }
    items.push(syn::parse_quote!(
        pub use runtime::{ApiResponse, Config, ResponseMeta, RetryPolicy};
    ));
    if decimals {
        // Money: `cashfree_pg::Decimal` is the type of every `number` field.
        items.push(syn::parse_quote!(
            pub use runtime::Decimal;
        ));
    }
    // Verifying webhook signatures is the same in every version.
    items.push(syn::parse_quote!(
        pub use runtime::webhooks;
    ));
    if version_features {
        items.extend(versioned_event(modules));
    }
    // The versions of the HTTP and URL crates the client is built with, for naming `StatusCode`, building a
    // `reqwest::Client` or an `Environment::Custom(Url)` without depending on them separately.
    items.push(syn::parse_quote!(
        pub use reqwest;
    ));
    items.push(syn::parse_quote!(
        pub use url;
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

/// `VersionedEvent`: a webhook parsed with the `Event` of the API version its delivery names
/// (`x-webhook-version`), in a crate of several versions.
fn versioned_event(modules: &[(String, String)]) -> Vec<syn::Item> {
    let arms: Vec<(Ident, Ident, String, syn::Attribute)> = modules
        .iter()
        .map(|(module, version)| {
            let feature = crate::naming::version_feature(version);
            let variant = ident(&crate::naming::type_name(version));
            (ident(module), variant, version.clone(), syn::parse_quote!(#[cfg(feature = #feature)]))
        })
        .collect();
    let variants = arms.iter().map(|(module, variant, version, gate)| {
        let doc = format!(" An event of API version `{version}`.");
        quote!(#[doc = #doc] #gate #variant(#module::webhooks::Event))
    });
    let parse_arms = arms.iter().map(|(module, variant, version, gate)| {
        quote! {
            #gate
            if webhook_version == #version {
                return #module::webhooks::Event::parse(raw_body).map(VersionedEvent::#variant);
            }
        }
    });
    let version_arms = arms.iter().map(|(_, variant, version, gate)| quote!(#gate Self::#variant(_) => #version,));
    let event_arms =
        arms.iter().map(|(_, variant, _, gate)| quote!(#gate Self::#variant(ref event) => event.event_type(),));
    vec![
        syn::parse_quote! {
            /// A webhook event parsed with the `Event` of the API version its delivery is written in: Cashfree
            /// names that version in the `x-webhook-version` header of each delivery, which may differ from the
            /// version the client calls with. Verify the raw body first ([`webhooks::Verifier`]).
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum VersionedEvent {
                #(#variants,)*
            }
        },
        syn::parse_quote! {
            impl VersionedEvent {
                /// Parses `raw_body` with the `Event::parse` of `webhook_version` (`2025-01-01`);
                /// `WebhookError::UnknownVersion` when this build has no such version.
                pub fn parse(webhook_version: &str, raw_body: &[u8]) -> Result<VersionedEvent, webhooks::WebhookError> {
                    let webhook_version = webhook_version.trim();
                    #(#parse_arms)*
                    let _ = raw_body;
                    Err(webhooks::WebhookError::UnknownVersion(webhook_version.to_owned()))
                }

                /// [`parse`](Self::parse) with the version read from the delivery's `x-webhook-version` header.
                pub fn from_delivery(
                    headers: &reqwest::header::HeaderMap,
                    raw_body: &[u8],
                ) -> Result<VersionedEvent, webhooks::WebhookError> {
                    VersionedEvent::parse(webhooks::webhook_version(headers)?, raw_body)
                }

                /// The API version the event is written in.
                pub fn version(&self) -> &'static str {
                    match *self {
                        #(#version_arms)*
                    }
                }

                /// The event's `type` (`PAYMENT_SUCCESS_WEBHOOK`).
                pub fn event_type(&self) -> &str {
                    match *self {
                        #(#event_arms)*
                    }
                }
            }
        },
    ]
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
    let mut reexport: Option<syn::Item> = union_usage(api.types.values().map(|d| &d.usage)).map(|all| {
        let mut item: syn::Item = syn::parse_quote!(
            pub use types::*;
        );
        if let Some(gate) = gate_attr(&all) {
            add_attr(&mut item, gate);
        }
        item
    });
    let mut items: Vec<syn::Item> = vec![
        syn::parse_quote!(
            pub mod types;
        ),
        syn::parse_quote!(
            pub mod requests;
        ),
        syn::parse_quote!(
            pub mod webhooks;
        ),
        syn::parse_quote!(
            #[cfg(feature = "mock")]
            pub mod mock;
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
    if let Some(item) = reexport.take() {
        items.insert(6, item);
    }
    items
}

/// `feature = "a"` or `any(feature = "a", feature = "b")`: when something that only some groups use compiles;
/// `None` when it always does.
pub(crate) fn gate_predicate(usage: &crate::model::Usage) -> Option<TokenStream> {
    let features: Vec<&String> = usage.gate()?.iter().collect();
    Some(match features.as_slice() {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    })
}

/// `#[cfg(...)]` of [`gate_predicate`].
pub(crate) fn gate_attr(usage: &crate::model::Usage) -> Option<syn::Attribute> {
    let predicate = gate_predicate(usage)?;
    Some(syn::parse_quote!(#[cfg(#predicate)]))
}

/// The usage of several things together: compiled when any of them is. `None` for nothing.
pub(crate) fn union_usage<'u>(
    usages: impl IntoIterator<Item = &'u crate::model::Usage>,
) -> Option<crate::model::Usage> {
    let mut all: Option<crate::model::Usage> = None;
    for usage in usages {
        // Unused things are compiled always.
        let usage =
            if usage.is_unused() { crate::model::Usage { always: true, ..usage.clone() } } else { usage.clone() };
        all.get_or_insert_with(Default::default).absorb(&usage);
    }
    all
}

/// The attribute for one group's items, if it is behind a feature.
pub(crate) fn feature_attr(feature: Option<&str>) -> Option<syn::Attribute> {
    feature.map(|feature| syn::parse_quote!(#[cfg(feature = #feature)]))
}

/// Adds `attr` to `item`, after its doc attributes.
pub(crate) fn add_attr(item: &mut syn::Item, attr: syn::Attribute) {
    let attrs = match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        _ => return,
    };
    // After the docs, so the item still reads doc first.
    let docs = attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
    attrs.insert(docs, attr);
}

/// `const { reqwest::header::HeaderName::from_static(..) }` for a header name made only of token characters
/// (lowercased: header names are case-insensitive), so no call checks it again; `None` for any other name,
/// which the runtime then checks on each call.
pub(crate) fn const_header_name(name: &str) -> Option<TokenStream> {
    let lower = name.to_ascii_lowercase();
    let token = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$%&'*+-.^_`|~".contains(&b);
    (!lower.is_empty() && lower.bytes().all(token))
        .then(|| quote!(const { reqwest::header::HeaderName::from_static(#lower) }))
}

/// `const { reqwest::header::HeaderValue::from_static(..) }` for a value of visible ASCII, spaces and tabs;
/// `None` for any other.
pub(crate) fn const_header_value(value: &str) -> Option<TokenStream> {
    value
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        .then(|| quote!(const { reqwest::header::HeaderValue::from_static(#value) }))
}

/// An identifier from a name the model has already made valid (raw identifiers included).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a type is written from: inside the types module, from a sibling module through `types::`, or from
/// outside the crate (its tests), where `types` and `runtime` are imported by those names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypePath {
    Local,
    ViaTypes,
    Outside,
}

/// The Rust type for a [`TypeRef`].
pub(crate) fn type_tokens(ty: &TypeRef, path: TypePath) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Decimal if path == TypePath::Outside => quote!(runtime::Decimal),
        TypeRef::Decimal => quote!(crate::runtime::Decimal),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes if path == TypePath::Outside => quote!(runtime::Bytes),
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
                TypePath::ViaTypes | TypePath::Outside => quote!(types::#name),
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
