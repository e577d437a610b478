//! The version's `Client`: environments from the spec's servers, credentials from its security schemes, and
//! one method per operation that returns the operation's request builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use crate::model::{Api, Operation, ParamRole, SecurityAlternative, TypeRef};

pub fn emit_client(api: &Api) -> Vec<syn::Item> {
    let mut items: Vec<syn::Item> = vec![if credential_alternatives(api).is_empty() {
        syn::parse_quote!(
            use crate::runtime;
        )
    } else {
        syn::parse_quote!(
            use crate::runtime::{self, Secret};
        )
    }];
    if !api.operations.is_empty() {
        items.push(syn::parse_quote!(
            use super::requests;
        ));
    }
    let arguments_use_types =
        api.operations.iter().flat_map(|op| &op.params).any(|p| p.role == ParamRole::Argument && p.ty.mentions_named())
            || api
                .operations
                .iter()
                .filter_map(|op| op.request_body.as_ref())
                .any(|b| b.required && matches!(&b.kind, crate::model::BodyKind::Json(ty) if ty.mentions_named()));
    let errors_use_types = api.error_variants.iter().filter_map(|v| v.ty.as_ref()).any(TypeRef::mentions_named);
    if arguments_use_types || errors_use_types {
        items.push(syn::parse_quote!(
            use super::types;
        ));
    }
    items.extend(emit_error_body(api));
    items.extend(emit_environment(api));
    items.extend(emit_credentials(api));
    items.extend(emit_client_struct(api));
    items
}

/// `ErrorBody` (one variant per declared error body) and the version's `Error`.
fn emit_error_body(api: &Api) -> Vec<syn::Item> {
    let variants = api.error_variants.iter().map(|v| {
        let name = ident(&v.rust_name);
        match &v.ty {
            Some(ty) => {
                let ty = super::type_tokens(ty, super::TypePath::ViaTypes);
                quote!(#name(#ty))
            }
            None => quote!(#[doc = " A declared error status whose response has no body."] #name),
        }
    });
    let debug_arms = api.error_variants.iter().map(|v| {
        let name = ident(&v.rust_name);
        let label = v.rust_name.trim_start_matches("r#");
        match &v.ty {
            Some(_) => quote!(Self::#name(ref body) => f.debug_tuple(#label).field(&runtime::Masked(body)).finish(),),
            None => quote!(Self::#name => f.write_str(#label),),
        }
    });
    // An API that declares no error body has nothing to format.
    let formatter = if api.error_variants.is_empty() { ident("_f") } else { ident("f") };
    vec![
        syn::parse_quote! {
            /// The error bodies this version declares, one variant per schema; an operation decodes an error
            /// response into the variant its spec gives for the status. `Debug` masks card numbers a server
            /// echoes in a message; the fields keep the text as received.
            #[derive(Clone, PartialEq)]
            pub enum ErrorBody { #(#variants,)* }
        },
        syn::parse_quote! {
            impl std::fmt::Debug for ErrorBody {
                fn fmt(&self, #formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match *self { #(#debug_arms)* }
                }
            }
        },
        syn::parse_quote! {
            /// The error of every call of this version.
            pub type Error = runtime::Error<ErrorBody>;
        },
    ]
}

fn emit_environment(api: &Api) -> Vec<syn::Item> {
    let names: Vec<_> = api.servers.iter().map(|s| ident(&s.name)).collect();
    let urls: Vec<_> = api.servers.iter().map(|s| s.url.as_str()).collect();
    let docs = api.servers.iter().map(|s| {
        let text = match &s.description {
            Some(d) => format!("{}: {}", d.trim_end_matches('.'), s.url),
            None => s.url.clone(),
        };
        doc_attrs(Some(&text))
    });
    vec![
        syn::parse_quote! {
            /// Where requests go: a server the spec lists, or any base URL (a proxy, a mock server).
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub enum Environment {
                #(#docs #names,)*
                /// Any base URL; the operation's path is appended to it.
                Custom(url::Url),
            }
        },
        syn::parse_quote! {
            impl Environment {
                /// The base URL requests are sent under.
                pub fn base_url(&self) -> &str {
                    match self {
                        #(Self::#names => #urls,)*
                        Self::Custom(url) => url.as_str(),
                    }
                }
            }
        },
    ]
}

/// Alternatives in the order first met in the operations, one per distinct set of schemes.
pub(crate) fn credential_alternatives(api: &Api) -> Vec<&SecurityAlternative> {
    let mut out: Vec<&SecurityAlternative> = Vec::new();
    for alt in api.operations.iter().flat_map(|op| &op.security) {
        if !out.iter().any(|seen| seen.rust_name == alt.rust_name) {
            out.push(alt);
        }
    }
    out
}

fn emit_credentials(api: &Api) -> Vec<syn::Item> {
    let alternatives = credential_alternatives(api);
    let scheme = |key: &str| api.security_schemes.iter().find(|s| s.key == key);
    let mut variants = Vec::new();
    let mut constructors = Vec::new();
    let mut name_arms = Vec::new();
    let mut header_arms = Vec::new();
    let mut debug_arms = Vec::new();
    for alt in &alternatives {
        let variant = ident(&alt.rust_name);
        let schemes: Vec<_> = alt.schemes.iter().filter_map(|k| scheme(k)).collect();
        let fields: Vec<_> = schemes.iter().map(|s| ident(&s.rust_name)).collect();
        let headers: Vec<_> = schemes.iter().map(|s| s.header.as_str()).collect();
        let wire = &alt.rust_name;
        let field_docs = schemes.iter().map(|s| doc_attrs(s.description.as_deref()));
        let ctor = ident(&crate::naming::value_name(&alt.rust_name));
        let listing = schemes.iter().map(|s| format!("`{}`", s.header)).collect::<Vec<_>>().join(" and ");
        let ctor_doc = format!(" Sends {listing}.");
        variants.push(quote!(#[doc = #ctor_doc] #variant { #(#field_docs #fields: Secret,)* }));
        constructors.push(quote! {
            #[doc = #ctor_doc]
            pub fn #ctor(#(#fields: impl Into<String>),*) -> Self {
                Self::#variant { #(#fields: Secret::new(#fields.into()),)* }
            }
        });
        name_arms.push(quote!(Self::#variant { .. } => #wire,));
        header_arms.push(quote!(Self::#variant { #(#fields),* } => vec![#((#headers, #fields)),*],));
        debug_arms
            .push(quote!(Self::#variant { .. } => f.debug_struct(#wire)#(.field(#headers, &"<redacted>"))*.finish(),));
    }
    if alternatives.is_empty() {
        variants.push(quote!(/// The API declares no credentials.
 None));
        constructors.push(quote!(
            /// No credentials.
            pub fn none() -> Self {
                Self::None
            }
        ));
        name_arms.push(quote!(Self::None => "None",));
        header_arms.push(quote!(Self::None => Vec::new(),));
        debug_arms.push(quote!(Self::None => f.write_str("None"),));
    }
    // Only operations with security requirements read the credentials back.
    let accessors = authenticates(api).then(|| {
        quote! {
            /// The alternative's name, as operations list the ones they accept.
            pub(crate) fn alternative(&self) -> &'static str {
                match self { #(#name_arms)* }
            }

            /// The headers this alternative sends.
            pub(crate) fn headers(&self) -> Vec<(&'static str, &Secret)> {
                match self { #(#header_arms)* }
            }
        }
    });
    vec![
        syn::parse_quote! {
            /// How the client authenticates: the alternatives the spec's security requirements allow. Every value
            /// is sent in its own header, marked sensitive, and never printed.
            #[derive(Clone)]
            pub enum Credentials { #(#variants,)* }
        },
        syn::parse_quote! {
            impl Credentials {
                #(#constructors)*
                #accessors
            }
        },
        syn::parse_quote! {
            impl std::fmt::Debug for Credentials {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { #(#debug_arms)* }
                }
            }
        },
    ]
}

/// Whether any operation has security requirements (and so reads the client's credentials).
fn authenticates(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.security.is_empty())
}

fn emit_client_struct(api: &Api) -> Vec<syn::Item> {
    let methods = api.operations.iter().map(emit_method);
    let unread =
        (!authenticates(api)).then(|| quote!(#[allow(dead_code, reason = "no operation of this API authenticates")]));
    vec![
        syn::parse_quote! {
            /// The client for this API version. Cheap to clone; clones share one connection pool.
            #[derive(Debug, Clone)]
            pub struct Client {
                pub(crate) transport: runtime::Transport,
                #unread
                pub(crate) credentials: Credentials,
            }
        },
        syn::parse_quote! {
            impl Client {
                /// A client for `environment` with the default [`runtime::Config`]: its own connection pool,
                /// 30 s timeout, no retries.
                pub fn new(environment: Environment, credentials: Credentials) -> Result<Self, Error> {
                    Self::with_config(environment, credentials, runtime::Config::default())
                }

                /// A client for `environment` configured by `config` (timeouts, retries, your own
                /// `reqwest::Client`).
                pub fn with_config(environment: Environment, credentials: Credentials, config: runtime::Config) -> Result<Self, Error> {
                    let transport = runtime::Transport::new(environment.base_url(), &config).map_err(runtime::Error::Setup)?;
                    Ok(Self { transport, credentials })
                }

                /// The base URL requests are sent under.
                pub fn base_url(&self) -> &str {
                    self.transport.base_url()
                }

                #(#methods)*
            }
        },
    ]
}

fn emit_method(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let builder = ident(&op.builder_name);
    let docs = operation_docs(op);
    let args: Vec<_> = op.params.iter().filter(|p| p.role == ParamRole::Argument).collect();
    let arg_names: Vec<_> = args.iter().map(|p| ident(&p.rust_name)).collect();
    let arg_types = args.iter().map(|p| argument_type(&p.ty));
    let conversions = args.iter().map(|p| argument_conversion(&p.ty, &ident(&p.rust_name)));
    let (body_arg, body_value) = match op.request_body.as_ref().and_then(super::body::body_argument) {
        Some((ty, value)) => (Some(quote!(body: #ty)), Some(value)),
        None => (None, None),
    };
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "the spec marks this operation deprecated"]));
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#arg_names: #arg_types,)* #body_arg) -> requests::#builder<'_> {
            requests::#builder::new(self, #(#conversions,)* #body_value)
        }
    }
}

/// Summary, description and the wire form of an operation, as rustdoc.
pub(crate) fn operation_docs(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    let summary = doc_attrs(Some(&text));
    let wire = format!(" `{} {}` (`{}`)", op.method.as_str(), op.path_key, op.id);
    quote!(#summary #[doc = #wire])
}

/// Arguments take anything that converts into their type, so `"card"` works where an enum is expected.
pub(crate) fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(impl Into<String>),
        TypeRef::Named(_) => {
            let ty = super::type_tokens(ty, super::TypePath::ViaTypes);
            quote!(impl Into<#ty>)
        }
        other => super::type_tokens(other, super::TypePath::ViaTypes),
    }
}

pub(crate) fn argument_conversion(ty: &TypeRef, name: &proc_macro2::Ident) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Named(_) => quote!(#name.into()),
        _ => quote!(#name),
    }
}
