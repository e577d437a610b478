//! The version's typed mock server (`mock` feature): `MockServer` with a stub builder per operation, named
//! like the client's method, that answers with the operation's typed success body (`returns`) or one of the
//! version's error bodies (`fails`) at its declared status, checks every request against the operation, and
//! reports the requests received, typed. Generated from the same model as the client, so it cannot drift.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{param_argument_type, param_conversion};
use super::requests::{Shape, value_shape};
use super::{TypePath, ident, type_tokens};
use crate::model::{
    Api, BodyKind, Encoding, Group, KeyLocation, Operation, ParamLocation, ParamRole, SchemeKind, Status,
};
use crate::naming::{self, Scope};

/// `mock/mod.rs`: the server, the test credentials, and how each error body is answered.
pub fn emit_mock_root(api: &Api) -> Vec<syn::Item> {
    let credentials = test_credentials(api);
    let parts = api.error_variants.iter().map(|v| {
        let name = ident(&v.rust_name);
        let label = v.rust_name.trim_start_matches("r#");
        let gate = super::gate_attr(&v.usage);
        match v.ty.as_ref().map(|_| arm_encoding(api, &v.rust_name)) {
            Some(Encoding::Json) => quote!(#gate ErrorBody::#name(ref body) => (#label, rt::json_body(body)),),
            Some(Encoding::Text) => {
                quote!(#gate ErrorBody::#name(ref body) => (#label, Some((body.clone().into_bytes(), "text/plain"))),)
            }
            Some(Encoding::Bytes) => {
                quote!(#gate ErrorBody::#name(ref body) => (#label, Some((body.to_vec(), "application/octet-stream"))),)
            }
            None => quote!(#gate ErrorBody::#name => (#label, None),),
        }
    });
    let specs = api.groups.iter().map(|group| {
        let gate = super::feature_attr(group.feature.as_deref());
        let module = ident(&group.module);
        quote!(#gate specs.extend_from_slice(#module::SPECS);)
    });
    let mut items: Vec<syn::Item> = vec![
        syn::parse_quote!(
            use crate::runtime::mock as rt;
        ),
        syn::parse_quote!(
            use super::{Client, Credentials, Environment, ErrorBody};
        ),
    ];
    for group in &api.groups {
        let module = ident(&group.module);
        let gate = super::feature_attr(group.feature.as_deref());
        items.push(syn::parse_quote!(#gate mod #module;));
        items.push(syn::parse_quote!(#gate pub use #module::*;));
    }
    items.extend([
        syn::parse_quote! {
            /// A mock server of this API version for tests, on 127.0.0.1: stub an operation with the method named
            /// like the client's (`server.<operation>().returns(body).await`), call it through [`MockServer::client`]
            /// (or a client you build on [`MockServer::environment`]), and read what it received. A request that
            /// breaks its operation's contract (method, path, `x-api-version`, credentials, required parameters,
            /// body shape) is answered with a `400` naming the violation; an operation nobody stubbed with a
            /// `501` naming it, at once.
            pub struct MockServer {
                inner: wiremock::MockServer,
            }
        },
        syn::parse_quote! {
            impl MockServer {
                /// Starts a server that knows every operation of this version and has no stub yet.
                pub async fn start() -> MockServer {
                    let inner = wiremock::MockServer::start().await;
                    #[allow(unused_mut, reason = "no operation may be compiled in")]
                    let mut specs: Vec<&'static rt::OperationSpec> = Vec::new();
                    #(#specs)*
                    rt::mount_fallbacks(&inner, &specs).await;
                    MockServer { inner }
                }

                /// Where the server listens, as the client's `Environment`.
                pub fn environment(&self) -> Environment {
                    Environment::Custom(rt::base_url(&self.inner))
                }

                /// A client of this server, with test credentials.
                pub fn client(&self) -> Client {
                    rt::client(Client::new(self.environment(), test_credentials()))
                }

                /// A blocking client of this server, with test credentials (feature `blocking`). Start the
                /// server on a runtime of the test's; the blocking client runs its calls on its own.
                #[cfg(feature = "blocking")]
                pub fn blocking_client(&self) -> super::blocking::Client {
                    rt::client(super::blocking::Client::new(self.environment(), test_credentials()))
                }

                /// The base URL, as text.
                pub fn uri(&self) -> String {
                    self.inner.uri()
                }

                /// The wiremock server underneath, for what the typed stubs do not say.
                pub fn wiremock(&self) -> &wiremock::MockServer {
                    &self.inner
                }
            }
        },
        syn::parse_quote! {
            /// The credentials [`MockServer::client`] sends: placeholders; the mock checks that they are there.
            pub fn test_credentials() -> Credentials {
                #credentials
            }
        },
        syn::parse_quote! {
            /// The name of an error body's variant, and its body as the server sends it.
            #[doc(hidden)]
            #[allow(unreachable_code, unused_variables, reason = "no error variant may be compiled in")]
            pub fn error_parts(body: &ErrorBody) -> (&'static str, Option<(Vec<u8>, &'static str)>) {
                match *body {
                    #(#parts)*
                }
            }
        },
    ]);
    items
}

/// The test credentials: the first alternative operations accept, with placeholder values.
fn test_credentials(api: &Api) -> TokenStream {
    let Some(alt) = super::credentials::credential_alternatives(api).into_iter().next() else {
        return quote!(Credentials::none());
    };
    let ctor = ident(&naming::value_name(&alt.rust_name));
    let values = alt.schemes.iter().filter_map(|k| api.security_schemes.iter().find(|s| &s.key == k)).flat_map(|s| {
        let count = if s.kind == SchemeKind::Basic { 2 } else { 1 };
        (0..count).map(move |i| format!("mock-{}-{i}", s.rust_name))
    });
    quote!(Credentials::#ctor(#(#values),*))
}

/// How the error variant's body is read (the first arm that decodes into it says).
fn arm_encoding(api: &Api, variant: &str) -> Encoding {
    api.error_decoders
        .iter()
        .flat_map(|d| &d.arms)
        .find(|a| a.variant == variant)
        .and_then(|a| a.body)
        .unwrap_or(Encoding::Json)
}

fn spec_ident(op: &Operation) -> proc_macro2::Ident {
    ident(&format!("{}_SPEC", naming::value_name(&op.builder_name).trim_start_matches("r#").to_ascii_uppercase()))
}

/// `mock/<group>.rs`: each operation's spec, stub builder and `MockServer` methods.
pub fn emit_mock_group(api: &Api, group: &Group) -> Vec<syn::Item> {
    let mut items: Vec<syn::Item> = Vec::new();
    let mut methods = Vec::new();
    let mut specs = Vec::new();
    for op in api.operations.iter().filter(|op| op.group == group.module) {
        items.push(emit_spec(api, op));
        specs.push(spec_ident(op));
        let (stub, method) = emit_stub(api, op);
        items.extend(stub);
        methods.push(method);
    }
    items.insert(0, syn::parse_quote! { impl MockServer { #(#methods)* } });
    items.insert(
        1,
        syn::parse_quote! {
            /// The operations of this group, for the server's checks.
            pub(super) static SPECS: &[&rt::OperationSpec] = &[#(&#specs),*];
        },
    );
    let mut file = super::imports_for(
        &items,
        &[
            ("rt", "crate::runtime::mock as rt"),
            ("runtime", "crate::runtime"),
            ("MockServer", "super::MockServer"),
            ("ErrorBody", "super::super::ErrorBody"),
            ("types", "super::super::types"),
        ],
    );
    file.extend(items);
    file
}

/// The operation's `OperationSpec`: what the mock checks.
fn emit_spec(api: &Api, op: &Operation) -> syn::Item {
    let name = spec_ident(op);
    let (id, method) = (&op.id, op.method.as_str());
    let template: String = op
        .path
        .iter()
        .map(|p| match p {
            crate::model::PathPart::Literal(text) => text.clone(),
            crate::model::PathPart::Param(name) => format!("{{{name}}}"),
        })
        .collect();
    let fixed = op.params.iter().filter_map(|p| match (&p.role, p.location) {
        (ParamRole::Fixed { value }, ParamLocation::Header) => {
            let wire = p.wire_name.to_ascii_lowercase();
            Some(quote!((#wire, #value)))
        }
        _ => None,
    });
    let required =
        |location: ParamLocation| -> Vec<String> {
            op.params
                .iter()
                .filter(|p| p.location == location && p.role == ParamRole::Argument)
                .map(|p| {
                    if location == ParamLocation::Header {
                        p.wire_name.to_ascii_lowercase()
                    } else {
                        p.wire_name.clone()
                    }
                })
                .collect()
        };
    let (query, headers) = (required(ParamLocation::Query), required(ParamLocation::Header));
    let credentials = op.security.iter().map(|alt| {
        let places = alt.schemes.iter().map(|key| place_of(api, key));
        quote!(&[#(#places),*])
    });
    let body = match &op.request_body {
        None => quote!(rt::BodySpec::None),
        Some(body) => {
            let content_type = body.content_type.split(';').next().unwrap_or_default().trim().to_owned();
            let required = body.required;
            let check = match &body.kind {
                BodyKind::Json(ty) => {
                    let ty = type_tokens(ty, TypePath::ViaTypes);
                    quote!(rt::check_json::<#ty>)
                }
                _ => quote!(rt::check_any),
            };
            quote!(rt::BodySpec::Some { content_type: #content_type, required: #required, check: #check })
        }
    };
    let doc = format!(" What the mock checks in a `{id}` request.");
    syn::parse_quote! {
        #[doc = #doc]
        pub(super) static #name: rt::OperationSpec = rt::OperationSpec {
            id: #id,
            method: #method,
            template: #template,
            fixed_headers: &[#(#fixed),*],
            required_query: &[#(#query),*],
            required_headers: &[#(#headers),*],
            credentials: &[#(#credentials),*],
            body: #body,
        };
    }
}

/// The stub builder of one operation and the `MockServer` method that makes it.
fn emit_stub(api: &Api, op: &Operation) -> (Vec<syn::Item>, TokenStream) {
    let spec = spec_ident(op);
    let stub = ident(&format!("{}Stub", op.builder_name.trim_start_matches("r#")));
    let method = ident(&op.fn_name);
    let received = ident(&format!("{}_received", op.fn_name.trim_start_matches("r#")));
    let mut scope = Scope::with_reserved(&["returns", "fails", "responds", "server", "builder", "new"]);
    let matchers: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Path | ParamLocation::Query) && !p.sensitive)
        .filter(|p| !matches!(p.role, ParamRole::Fixed { .. }) && value_shape(api, &p.ty) == Shape::Text)
        .map(|p| {
            let name = ident(&scope.claim(p.rust_name.clone()));
            let wire = &p.wire_name;
            let ty = param_argument_type(p);
            let value = param_conversion(p, &ident("value"));
            let matcher = match p.location {
                ParamLocation::Path => quote!(rt::PathParamIs(&#spec, #wire, #value.to_string())),
                _ => quote!(rt::QueryParamIs(#wire, #value.to_string())),
            };
            let doc = format!(" Only requests whose `{wire}` is `value`.");
            quote! {
                #[doc = #doc]
                pub fn #name(mut self, value: #ty) -> Self {
                    self.builder = self.builder.and(#matcher);
                    self
                }
            }
        })
        .collect();
    let success = op.responses.iter().find(|r| r.status.is_success());
    let status = match success.map(|r| r.status) {
        Some(Status::Code(code)) => code,
        _ => 200,
    };
    let (returns_arg, returns_body) = match success.and_then(|r| r.body.as_ref().map(|ty| (ty, r.encoding))) {
        Some((ty, Encoding::Json)) => {
            let ty = type_tokens(ty, TypePath::ViaTypes);
            (quote!(body: #ty), quote!(rt::json_body(&body)))
        }
        Some((_, Encoding::Text)) => {
            let media = success.and_then(|r| r.media_type.clone()).unwrap_or_else(|| "text/plain".to_owned());
            (quote!(body: impl Into<String>), quote!(Some((body.into().into_bytes(), #media))))
        }
        Some((_, Encoding::Bytes)) => {
            let media =
                success.and_then(|r| r.media_type.clone()).unwrap_or_else(|| "application/octet-stream".to_owned());
            (quote!(body: impl Into<runtime::Bytes>), quote!(Some((body.into().to_vec(), #media))))
        }
        None => (TokenStream::new(), quote!(None)),
    };
    let statuses = error_statuses(api, op);
    let fallback_status = statuses.first().map(|(_, s)| *s).unwrap_or(500);
    let status_arms = statuses.iter().map(|(variant, code)| quote!((#variant, #code)));
    let body_type = match op.request_body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json(ty)) => type_tokens(ty, TypePath::ViaTypes),
        Some(_) => quote!(runtime::Bytes),
        None => quote!(()),
    };
    let decode = match op.request_body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json(_)) => quote!(rt::decode_body::<#body_type>),
        Some(_) => quote!(rt::raw_body),
        None => quote!(|_| None),
    };
    let id = &op.id;
    let stub_doc =
        format!(" A stub of `{id}`: optional matchers, then `returns`, `fails` or `responds` (and `times`), awaited.");
    let returns_doc = format!(" Answers with `body` and status {status}, as the operation declares its success.");
    let items = vec![
        syn::parse_quote! {
            #[doc = #stub_doc]
            #[must_use = "a stub does nothing until `returns`, `fails` or `responds` is awaited"]
            pub struct #stub<'a> {
                server: &'a MockServer,
                builder: wiremock::MockBuilder,
            }
        },
        syn::parse_quote! {
            impl<'a> #stub<'a> {
                #(#matchers)*

                #[doc = #returns_doc]
                pub fn returns(self, #returns_arg) -> rt::Mount<'a> {
                    self.mount(rt::response(#status, #returns_body))
                }

                /// Answers with an error body, at the status the operation declares for it (the version's first,
                /// when this operation declares none).
                pub fn fails(self, body: ErrorBody) -> rt::Mount<'a> {
                    let (variant, bytes) = super::error_parts(&body);
                    let statuses: &[(&str, u16)] = &[#(#status_arms),*];
                    let status = statuses.iter().find(|(v, _)| *v == variant).map_or(#fallback_status, |(_, s)| *s);
                    self.mount(rt::response(status, bytes))
                }

                /// Answers with `status` and the JSON `body`, whatever the operation declares: a `503` or `429`
                /// to test retries, a status or body the spec does not describe.
                pub fn responds(self, status: u16, body: serde_json::Value) -> rt::Mount<'a> {
                    self.mount(rt::response(status, rt::json_body(&body)))
                }

                fn mount(self, response: wiremock::ResponseTemplate) -> rt::Mount<'a> {
                    rt::Mount::new(&self.server.inner, self.builder, &#spec, response)
                }
            }
        },
    ];
    let method_doc = format!(" Stubs `{id}`.");
    let received_doc = format!(" The `{id}` requests received so far, bodies typed.");
    let methods = quote! {
        #[doc = #method_doc]
        pub fn #method(&self) -> #stub<'_> {
            #stub { server: self, builder: wiremock::Mock::given(rt::OperationMatch(&#spec)) }
        }

        #[doc = #received_doc]
        pub async fn #received(&self) -> Vec<rt::Received<#body_type>> {
            rt::received(&#spec, self.inner.received_requests().await.unwrap_or_default(), #decode)
        }
    };
    (items, methods)
}

/// `(variant, status)` for each error status the operation declares: exact codes as they are, a class as its
/// first code (`4XX` as 400), `default` as 500.
fn error_statuses(api: &Api, op: &Operation) -> Vec<(String, u16)> {
    let Some(decoder) = op.error_decoder.as_ref().and_then(|name| api.error_decoders.iter().find(|d| &d.name == name))
    else {
        return Vec::new();
    };
    decoder
        .arms
        .iter()
        .map(|arm| {
            let status = match arm.status {
                Status::Code(code) => code,
                Status::Range(class) => class.saturating_mul(100),
                Status::Default => 500,
            };
            (arm.variant.trim_start_matches("r#").to_owned(), status)
        })
        .collect()
}

/// Where a scheme's credential goes, for the mock's check.
pub(crate) fn place_of(api: &Api, key: &str) -> TokenStream {
    match api.security_schemes.iter().find(|s| s.key == key).map(|s| &s.kind) {
        Some(SchemeKind::ApiKey { location: KeyLocation::Header, name }) => {
            let name = name.to_ascii_lowercase();
            quote!(rt::CredentialPlace::Header(#name))
        }
        Some(SchemeKind::ApiKey { location: KeyLocation::Query, name }) => quote!(rt::CredentialPlace::Query(#name)),
        Some(SchemeKind::ApiKey { location: KeyLocation::Cookie, name }) => quote!(rt::CredentialPlace::Cookie(#name)),
        _ => quote!(rt::CredentialPlace::Authorization),
    }
}
