//! The version's `Environment`: one variant per server the spec lists (a server whose URL has variables
//! holds them, with the spec's defaults), and `Custom` for any base URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use crate::model::{Api, Server};

pub fn emit_environment(api: &Api) -> Vec<syn::Item> {
    let mut items = Vec::new();
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for server in &api.servers {
        let name = ident(&server.name);
        let text = match &server.description {
            Some(d) => format!("{}: {}", d.trim_end_matches('.'), server.url),
            None => server.url.clone(),
        };
        let docs = doc_attrs(Some(&text));
        if server.variables.is_empty() {
            let url = &server.url;
            variants.push(quote!(#docs #name));
            arms.push(quote!(Self::#name => std::borrow::Cow::Borrowed(#url),));
        } else {
            let holder = ident(&format!("{}Server", server.name));
            items.extend(emit_variables(server, &holder));
            variants.push(quote!(#docs #name(#holder)));
            arms.push(quote!(Self::#name(server) => std::borrow::Cow::Owned(server.url()),));
        }
    }
    let enum_item: syn::Item = syn::parse_quote! {
        /// Where requests go: a server the spec lists, or any base URL (a proxy, a mock server).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Environment {
            #(#variants,)*
            /// Any base URL; the operation's path is appended to it.
            Custom(url::Url),
        }
    };
    let impl_item: syn::Item = syn::parse_quote! {
        impl Environment {
            /// The base URL requests are sent under.
            pub fn base_url(&self) -> std::borrow::Cow<'_, str> {
                match self {
                    #(#arms)*
                    Self::Custom(url) => std::borrow::Cow::Borrowed(url.as_str()),
                }
            }
        }
    };
    items.insert(0, enum_item);
    items.insert(1, impl_item);
    items
}

/// The variables of a server URL template, as a struct whose `Default` is the spec's defaults.
fn emit_variables(server: &Server, holder: &proc_macro2::Ident) -> Vec<syn::Item> {
    let fields: Vec<TokenStream> = server
        .variables
        .iter()
        .map(|v| {
            let mut text = v.description.clone().unwrap_or_default();
            if !v.allowed.is_empty() {
                let allowed = v.allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
                text = format!("{}\n\nOne of {allowed}.", text.trim());
            }
            let docs = doc_attrs(Some(&format!(
                "{}\n\nFills `{{{}}}`; the spec's default is `{}`.",
                text.trim(),
                v.name,
                v.default
            )));
            let field = ident(&v.rust_name);
            quote!(#docs pub #field: String,)
        })
        .collect();
    let names: Vec<_> = server.variables.iter().map(|v| ident(&v.rust_name)).collect();
    let defaults = server.variables.iter().map(|v| v.default.as_str());
    let placeholders: Vec<String> = server.variables.iter().map(|v| format!("{{{}}}", v.name)).collect();
    let template = &server.url;
    let doc = format!(" The variables of `{}`.", server.url);
    vec![
        syn::parse_quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct #holder { #(#fields)* }
        },
        syn::parse_quote! {
            impl Default for #holder {
                /// The spec's defaults.
                fn default() -> Self {
                    Self { #(#names: #defaults.to_owned(),)* }
                }
            }
        },
        syn::parse_quote! {
            impl #holder {
                /// The URL with every variable filled in.
                pub fn url(&self) -> String {
                    #template #(.replace(#placeholders, &self.#names))*
                }
            }
        },
    ]
}
