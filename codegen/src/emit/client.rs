//! The version's `Client`: environments from the spec's servers, credentials from its security schemes, and
//! one method per operation that returns the operation's request builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use crate::model::{Api, Operation, ParamRole, Parameter, TypeRef};

pub fn emit_client(api: &Api) -> Vec<syn::Item> {
    let mut items = Vec::new();
    items.extend(emit_error_body(api));
    items.extend(super::environment::emit_environment(api));
    items.extend(super::credentials::emit_credentials(api));
    items.extend(emit_client_struct(api));
    let mut file = super::imports_for(
        &items,
        &[("runtime", "crate::runtime"), ("Secret", "crate::runtime::Secret"), ("types", "super::types")],
    );
    // Only error bodies name types here: the import compiles when one of them does.
    let typed = api.error_variants.iter().filter(|v| v.ty.as_ref().is_some_and(crate::model::TypeRef::mentions_named));
    if let Some(gate) = super::union_usage(typed.map(|v| &v.usage)).and_then(|all| super::gate_attr(&all)) {
        for import in &mut file {
            if quote::ToTokens::to_token_stream(import).to_string().ends_with("types ;") {
                super::add_attr(import, gate.clone());
            }
        }
    }
    file.extend(items);
    file
}

/// `ErrorBody` (one variant per declared error body) and the version's `Error`.
fn emit_error_body(api: &Api) -> Vec<syn::Item> {
    let gates: Vec<_> = api.error_variants.iter().map(|v| super::gate_attr(&v.usage)).collect();
    let variants = api.error_variants.iter().zip(&gates).map(|(v, gate)| {
        let name = ident(&v.rust_name);
        match &v.ty {
            Some(ty) => {
                let ty = super::type_tokens(ty, super::TypePath::ViaTypes);
                if v.boxed { quote!(#gate #name(Box<#ty>)) } else { quote!(#gate #name(#ty)) }
            }
            None => quote!(#[doc = " A declared error status whose response has no body."] #gate #name),
        }
    });
    let debug_arms = api.error_variants.iter().zip(&gates).map(|(v, gate)| {
        let name = ident(&v.rust_name);
        let label = v.rust_name.trim_start_matches("r#");
        match &v.ty {
            Some(_) => {
                quote!(#gate Self::#name(ref body) => f.debug_tuple(#label).field(&runtime::Masked(body)).finish(),)
            }
            None => quote!(#gate Self::#name => f.write_str(#label),),
        }
    });
    // With no variant compiled there is nothing to format.
    let (formatter, unused) = match super::union_usage(api.error_variants.iter().map(|v| &v.usage)) {
        None => (ident("_f"), None),
        Some(all) => {
            (ident("f"), super::gate_predicate(&all).map(|p| quote!(#[cfg_attr(not(#p), allow(unused_variables))])))
        }
    };
    vec![
        syn::parse_quote! {
            /// The error bodies this version declares, one variant per schema; an operation decodes an error
            /// response into the variant its spec gives for the status. `Debug` masks card numbers a server
            /// echoes in a message; the fields keep the text as received.
            #[derive(Clone, PartialEq)]
            #[non_exhaustive]
            pub enum ErrorBody { #(#variants,)* }
        },
        syn::parse_quote! {
            impl std::fmt::Debug for ErrorBody {
                #unused
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

/// The usage of the operations that authenticate (and so read the client's credentials); `None` when no
/// operation does.
pub(crate) fn auth_usage(api: &Api) -> Option<crate::model::Usage> {
    let usages: Vec<crate::model::Usage> = api
        .operations
        .iter()
        .filter(|op| !op.security.is_empty())
        .map(|op| {
            let feature = api.groups.iter().find(|g| g.module == op.group).and_then(|g| g.feature.clone());
            crate::model::Usage {
                always: feature.is_none(),
                features: feature.into_iter().collect(),
                ..Default::default()
            }
        })
        .collect();
    super::union_usage(&usages)
}

fn emit_client_struct(api: &Api) -> Vec<syn::Item> {
    let unread = match auth_usage(api) {
        None => Some(quote!(#[allow(dead_code, reason = "no operation of this API authenticates")])),
        Some(usage) => super::gate_predicate(&usage).map(|p| {
            quote!(#[cfg_attr(not(#p), allow(dead_code, reason = "no operation of the enabled groups authenticates"))])
        }),
    };
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
                    let transport = runtime::Transport::new(&environment.base_url(), &config).map_err(runtime::Error::Setup)?;
                    Ok(Self { transport, credentials })
                }

                /// The base URL requests are sent under.
                pub fn base_url(&self) -> &str {
                    self.transport.base_url()
                }
            }
        },
        syn::parse_quote! {
            /// The blocking client (feature `blocking`): the same methods and request builders as the async
            /// [`Client`], whose `send()` returns when the call is done. It runs the async client on a runtime
            /// of its own, so retries, deadlines, tracing and masking are the same; call it from threads
            /// that are not running async code.
            #[cfg(feature = "blocking")]
            pub mod blocking {
                use super::{Credentials, Environment, Error, runtime};

                /// The blocking client for this API version. Cheap to clone; clones share one connection pool
                /// and one runtime.
                #[derive(Debug, Clone)]
                pub struct Client {
                    pub(crate) client: super::Client,
                    pub(crate) runtime: std::sync::Arc<tokio::runtime::Runtime>,
                }

                impl Client {
                    /// A client for `environment` with the default [`runtime::Config`]: its own connection
                    /// pool, 30 s timeout, no retries.
                    pub fn new(environment: Environment, credentials: Credentials) -> Result<Self, Error> {
                        Self::with_config(environment, credentials, runtime::Config::default())
                    }

                    /// A client for `environment` configured by `config` (timeouts, retries, your own
                    /// `reqwest::Client`).
                    pub fn with_config(
                        environment: Environment,
                        credentials: Credentials,
                        config: runtime::Config,
                    ) -> Result<Self, Error> {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .map_err(runtime::Error::RuntimeSetup)?;
                        let client = super::Client::with_config(environment, credentials, config)?;
                        Ok(Self { client, runtime: std::sync::Arc::new(runtime) })
                    }

                    /// The base URL requests are sent under.
                    pub fn base_url(&self) -> &str {
                        self.client.base_url()
                    }

                    /// The async client this one runs (they share the connection pool).
                    pub fn as_async(&self) -> &super::Client {
                        &self.client
                    }

                    pub(crate) fn mode(&self) -> runtime::Blocking<'_> {
                        runtime::Blocking::new(&self.runtime)
                    }
                }
            }
        },
    ]
}

/// The `Client` method that makes an operation's request builder (emitted in the operation's group file):
/// of the async client, or of the blocking one (`blocking`), whose builder sends in the blocking mode.
pub(crate) fn emit_method(op: &Operation, blocking: bool) -> TokenStream {
    let name = ident(&op.fn_name);
    let builder = ident(&op.builder_name);
    let docs = operation_docs(op);
    let args: Vec<_> = op.params.iter().filter(|p| p.role == ParamRole::Argument).collect();
    let arg_names: Vec<_> = args.iter().map(|p| ident(&p.rust_name)).collect();
    let arg_types = args.iter().map(|p| param_argument_type(p));
    let conversions = args.iter().map(|p| param_conversion(p, &ident(&p.rust_name)));
    let (body_arg, body_value) = match op.request_body.as_ref().and_then(super::body::body_argument) {
        Some((ty, value)) => (Some(quote!(body: #ty)), Some(value)),
        None => (None, None),
    };
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "the spec marks this operation deprecated"]));
    let (output, client, call) = if blocking {
        (quote!(#builder<'_, runtime::Blocking<'_>>), quote!(&self.client), quote!(runtime::Call::new(self.mode())))
    } else {
        (quote!(#builder<'_>), quote!(self), quote!(runtime::Call::default()))
    };
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#arg_names: #arg_types,)* #body_arg) -> #output {
            #builder::new(#client, #call, #(#conversions,)* #body_value)
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
    if !op.notes.is_empty() {
        text.push_str("Not supported here, though the spec describes it:\n");
        for note in &op.notes {
            text.push_str(&format!("- {note}\n"));
        }
        text.push('\n');
    }
    let summary = doc_attrs(Some(&text));
    // A blank line first, so the line is its own paragraph even after a list.
    let gap = (!summary.is_empty()).then(|| quote!(#[doc = ""]));
    let wire = format!(" `{} {}` (`{}`)", op.method.as_str(), op.path_key, op.id);
    quote!(#summary #gap #[doc = #wire])
}

/// Arguments take anything that converts into their type, so `"card"` works where an enum is expected.
pub(crate) fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(impl Into<String>),
        TypeRef::Named(_) | TypeRef::Bytes => {
            let ty = super::type_tokens(ty, super::TypePath::ViaTypes);
            quote!(impl Into<#ty>)
        }
        other => super::type_tokens(other, super::TypePath::ViaTypes),
    }
}

pub(crate) fn argument_conversion(ty: &TypeRef, name: &proc_macro2::Ident) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Named(_) | TypeRef::Bytes => quote!(#name.into()),
        _ => quote!(#name),
    }
}

/// A parameter's argument type: a credential header takes any text and holds it as a secret.
pub(crate) fn param_argument_type(param: &Parameter) -> TokenStream {
    if param.sensitive { quote!(impl Into<String>) } else { argument_type(&param.ty) }
}

pub(crate) fn param_conversion(param: &Parameter, name: &proc_macro2::Ident) -> TokenStream {
    if param.sensitive { quote!(runtime::Secret::new(#name.into())) } else { argument_conversion(&param.ty, name) }
}

/// The type a request builder stores a parameter as.
pub(crate) fn param_field_type(param: &Parameter) -> TokenStream {
    if param.sensitive { quote!(runtime::Secret) } else { super::type_tokens(&param.ty, super::TypePath::ViaTypes) }
}
