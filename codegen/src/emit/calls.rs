//! Every operation called once (`tests/every_operation/mod.rs` of the crate): one async function per version
//! that makes each operation's request through the client's own method and `send`, with the required
//! arguments and body from an `Inputs` the test provides, and hands each outcome to the test. A contract test
//! (Prism) drives it; the calls are the generated API itself, so every operation's wire form is exercised.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{EmittedFile, TypePath, ident, type_tokens};
use crate::model::{Api, BodyKind, FormField, FormFieldKind, Operation, ParamLocation, ParamRole};

/// The module of a crate named `krate` (its Rust name, `cashfree_pg`).
pub fn emit_operation_calls(apis: &[Api], krate: &str, version_features: bool) -> EmittedFile {
    let krate_ident = ident(krate);
    let mut items: Vec<syn::Item> = vec![
        syn::parse_quote! {
            use #krate_ident::runtime::ResponseMeta;
        },
        syn::parse_quote! {
            /// Where the values of a call come from: each required argument and body, by operation, where it
            /// goes (`path`, `query`, `header`, `cookie`, `body`) and its wire name (the media type for a body).
            pub trait Inputs {
                fn value<T: serde::de::DeserializeOwned>(&mut self, operation: &str, place: &str, name: &str) -> T;
            }
        },
        syn::parse_quote! {
            /// How one call went.
            #[derive(Debug)]
            #[allow(dead_code, reason = "only an operation whose body is bytes is skipped")]
            pub enum Outcome {
                /// A success: the response's metadata.
                Answered(ResponseMeta),
                /// An error: its `Debug` text, and the response's metadata when there was one.
                Failed(String, Option<ResponseMeta>),
                /// Not called: why (a body these calls cannot make up).
                Skipped(&'static str),
            }
        },
        syn::parse_quote! {
            fn outcome<T, B: std::fmt::Debug>(result: Result<#krate_ident::runtime::ApiResponse<T>, #krate_ident::runtime::Error<B>>) -> Outcome {
                match result {
                    Ok(response) => Outcome::Answered(response.meta),
                    Err(err) => Outcome::Failed(format!("{err:?}"), err.meta().cloned()),
                }
            }
        },
    ];
    for api in apis {
        let module = ident(&api.module);
        let calls = api.operations.iter().map(|op| emit_call(api, op));
        let doc = format!(" Calls every operation of `{}` once, handing each outcome to `check`.", api.version);
        let gate = version_features.then(|| {
            let feature = crate::naming::version_feature(&api.version);
            quote!(#[cfg(feature = #feature)])
        });
        items.push(syn::parse_quote! {
            #[doc = #doc]
            #gate
            #[allow(deprecated, unused_imports, unused_variables, reason = "every operation, deprecated ones too; some versions have no types")]
            pub async fn #module(
                client: &#krate_ident::#module::Client,
                inputs: &mut impl Inputs,
                check: &mut impl FnMut(&'static str, Outcome),
            ) {
                use #krate_ident::#module::types;
                use #krate_ident::runtime;
                use #krate_ident::#module;
                #(#calls)*
            }
        });
    }
    EmittedFile {
        path: "every_operation/mod.rs".to_owned(),
        source: None,
        inner_docs: vec![
            "Every operation of the specs called once through the client, with values from an `Inputs`, for the"
                .to_owned(),
            "contract test: the calls are the generated methods and builders themselves.".to_owned(),
        ],
        inner_attrs: Vec::new(),
        items,
    }
}

fn emit_call(api: &Api, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = ident(&op.fn_name);
    let gate = api
        .groups
        .iter()
        .find(|g| g.module == op.group)
        .and_then(|g| g.feature.as_deref())
        .map(|feature| quote!(#[cfg(feature = #feature)]));
    let args = op.params.iter().filter(|p| p.role == ParamRole::Argument).map(|p| {
        let ty = if p.sensitive { quote!(String) } else { type_tokens(&p.ty, TypePath::Outside) };
        // Decimals have no serde impls of their own: read through the runtime's, with their digits.
        let (ty, unwrap) = if !p.sensitive && p.ty.holds_decimal() {
            (quote!(runtime::Exact<#ty>), quote!(.0))
        } else {
            (ty, TokenStream::new())
        };
        let place = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let name = Literal::string(&p.wire_name);
        quote!(inputs.value::<#ty>(#id, #place, #name)#unwrap)
    });
    let body = match op.request_body.as_ref().filter(|b| b.required) {
        None => None,
        Some(body) => {
            let media = Literal::string(&body.content_type);
            match &body.kind {
                BodyKind::Json(ty) | BodyKind::UrlEncoded { ty, .. } => {
                    let ty = type_tokens(ty, TypePath::Outside);
                    Some(quote!(inputs.value::<#ty>(#id, "body", #media)))
                }
                BodyKind::Text => Some(quote!(inputs.value::<String>(#id, "body", #media))),
                BodyKind::Multipart { form, fields } => Some(emit_form(api, op, form, fields)),
                BodyKind::Bytes => {
                    return quote! {
                        #gate
                        check(#id, Outcome::Skipped("a body of bytes"));
                    };
                }
            }
        }
    };
    quote! {
        #gate
        {
            let call = client.#method(#(#args,)* #body);
            check(#id, outcome(call.send().await));
        }
    }
}

/// A multipart form of the operation: its required parts, text from the inputs (place `form`, by part name),
/// files as a few bytes named `sample.bin`.
fn emit_form(api: &Api, op: &Operation, form: &str, fields: &[FormField]) -> TokenStream {
    let id = &op.id;
    let module = ident(&api.module);
    let form = ident(form);
    let parts = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = Literal::string(&f.wire_name);
        let value = match f.kind {
            FormFieldKind::Text => quote!(inputs.value::<String>(#id, "form", #wire)),
            FormFieldKind::TextOrFile => quote!(runtime::Part::from(inputs.value::<String>(#id, "form", #wire))),
            FormFieldKind::File => quote!(runtime::FilePart::new("sample.bin", b"sample".to_vec())),
            FormFieldKind::Json => quote!(inputs.value::<serde_json::Value>(#id, "form", #wire)),
        };
        if f.required { quote!(#field: #value,) } else { quote!(#field: None,) }
    });
    quote!(#module::requests::#form { #(#parts)* })
}
