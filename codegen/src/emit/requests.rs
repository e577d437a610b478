//! Request builders: one struct per operation holding its arguments, a setter per optional parameter, and
//! `send`, which builds the HTTP request (path, query, headers, credentials) and decodes the response.

use proc_macro2::TokenStream;
use quote::quote;

use super::body;
use super::client::{argument_conversion, argument_type};
use super::docs::doc_attrs;
use super::{TypePath, ident, type_tokens};
use crate::model::{
    Api, BodyKind, ErrorDecoder, Operation, ParamLocation, ParamRole, Parameter, PathPart, Status, TypeRef,
};

pub fn emit_requests(api: &Api) -> Vec<syn::Item> {
    let mut items: Vec<syn::Item> = Vec::new();
    if api.operations.is_empty() {
        return items;
    }
    items.push(syn::parse_quote!(
        use crate::runtime;
    ));
    let decodes_errors = !api.error_decoders.is_empty();
    items.push(if decodes_errors {
        syn::parse_quote!(
            use super::{Client, Error, ErrorBody};
        )
    } else {
        syn::parse_quote!(
            use super::{Client, Error};
        )
    });
    if uses_types(api) {
        items.push(syn::parse_quote!(
            use super::types;
        ));
    }
    items.extend(api.error_decoders.iter().map(emit_error_decoder));
    for op in &api.operations {
        items.extend(op.request_body.as_ref().and_then(body::emit_form));
        items.push(emit_builder_struct(op));
        items.push(emit_builder_impl(op));
    }
    items
}

fn uses_types(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        stored(op).any(|p| p.ty.mentions_named())
            || op.responses.iter().filter_map(|r| r.body.as_ref()).any(TypeRef::mentions_named)
            || op.request_body.as_ref().is_some_and(|b| matches!(&b.kind, BodyKind::Json(ty) if ty.mentions_named()))
    })
}

/// Parameters the builder stores: everything but the values the version fixes.
fn stored(op: &Operation) -> impl Iterator<Item = &Parameter> {
    op.params.iter().filter(|p| !matches!(p.role, ParamRole::Fixed { .. }))
}

fn emit_builder_struct(op: &Operation) -> syn::Item {
    let builder = ident(&op.builder_name);
    let method = &op.fn_name;
    let doc =
        format!(" The `{}` request; made by [`Client::{}`], sent by `send`.", op.id, method.trim_start_matches("r#"));
    let fields = stored(op).map(|p| {
        let name = ident(&p.rust_name);
        let ty = type_tokens(&p.ty, TypePath::ViaTypes);
        match p.role {
            ParamRole::Argument => quote!(#name: #ty,),
            _ => quote!(#name: Option<#ty>,),
        }
    });
    let body = op.request_body.as_ref().map(body::body_field);
    syn::parse_quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields)*
            #body
        }
    }
}

fn emit_builder_impl(op: &Operation) -> syn::Item {
    let builder = ident(&op.builder_name);
    let args: Vec<_> = stored(op).filter(|p| p.role == ParamRole::Argument).collect();
    let arg_names: Vec<_> = args.iter().map(|p| ident(&p.rust_name)).collect();
    let arg_types = args.iter().map(|p| type_tokens(&p.ty, TypePath::ViaTypes));
    let unset: Vec<_> = stored(op).filter(|p| p.role != ParamRole::Argument).map(|p| ident(&p.rust_name)).collect();
    let (body_arg, body_init) = match &op.request_body {
        Some(b) if b.required => {
            let ty = body::body_type(b, body::From::Requests);
            (Some(quote!(body: #ty)), Some(quote!(body,)))
        }
        Some(_) => (None, Some(quote!(body: None,))),
        None => (None, None),
    };
    let setters = stored(op).filter(|p| p.role != ParamRole::Argument).map(emit_setter);
    let body_setter = op.request_body.as_ref().and_then(body::body_setter);
    let send = emit_send(op);
    syn::parse_quote! {
        impl<'a> #builder<'a> {
            pub(crate) fn new(client: &'a Client, #(#arg_names: #arg_types,)* #body_arg) -> Self {
                Self { client, #(#arg_names,)* #(#unset: None,)* #body_init }
            }

            #(#setters)*
            #body_setter
            #send
        }
    }
}

fn emit_setter(param: &Parameter) -> TokenStream {
    let name = ident(&param.rust_name);
    let mut text = param.description.clone().unwrap_or_default();
    let wire = match param.location {
        ParamLocation::Header => format!("Sent as the `{}` header.", param.wire_name),
        ParamLocation::Query => format!("Sent as the `{}` query parameter.", param.wire_name),
        ParamLocation::Path => format!("Fills `{{{}}}` in the path.", param.wire_name),
    };
    if let ParamRole::Optional { default: Some(default) } = &param.role {
        text = format!("{}\n\n{wire} When unset, `{default}` is sent.", text.trim());
    } else {
        text = format!("{}\n\n{wire}", text.trim());
    }
    let docs = doc_attrs(Some(&text));
    let ty = argument_type(&param.ty);
    let value = argument_conversion(&param.ty, &name);
    quote! {
        #docs
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn emit_send(op: &Operation) -> TokenStream {
    let docs = super::client::operation_docs(op);
    let method = ident(op.method.as_str());
    let id = &op.id;
    let (segments, path) = emit_path(op);
    let adds_to_request = !op.fixed_query.is_empty()
        || op.params.iter().any(|p| p.location != ParamLocation::Path)
        || op.request_body.is_some()
        || !op.security.is_empty();
    let mutable = adds_to_request.then(|| quote!(mut));
    let fixed = op.fixed_query.iter().map(|(k, v)| quote!(request.query(#k, #v.to_owned());));
    let params = op.params.iter().map(emit_param_send);
    let body = op.request_body.as_ref().map(body::body_send);
    let alternatives = op.security.iter().map(|alt| alt.rust_name.as_str());
    let auth = (!op.security.is_empty()).then(|| {
        quote! {
            let credentials = &self.client.credentials;
            request.authenticate(credentials.alternative(), &credentials.headers(), &[#(#alternatives),*])?;
        }
    });
    let success = op.responses.iter().find(|r| r.status.is_success());
    let decoder = match &op.error_decoder {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(|_, _| None),
    };
    let (output, call) = match success.and_then(|r| r.body.as_ref()) {
        Some(ty) => {
            let ty = type_tokens(ty, TypePath::ViaTypes);
            (quote!(#ty), quote!(self.client.transport.send_json(request, #decoder).await))
        }
        None => (quote!(()), quote!(self.client.transport.send_unit(request, #decoder).await)),
    };
    quote! {
        #docs
        pub async fn send(self) -> Result<runtime::ApiResponse<#output>, Error> {
            #segments
            let #mutable request = runtime::Request::new(reqwest::Method::#method, #id, #path);
            #(#fixed)*
            #(#params)*
            #body
            #auth
            #call
        }
    }
}

/// A function that decodes an error response by status: exact codes first, then classes, then `default`.
fn emit_error_decoder(decoder: &ErrorDecoder) -> syn::Item {
    let name = ident(&decoder.name);
    let has_default = decoder.arms.iter().any(|arm| arm.status == Status::Default);
    let arms = decoder.arms.iter().map(|arm| {
        let pattern = match arm.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Status::Range(class) => {
                let low = proc_macro2::Literal::u16_unsuffixed(class.saturating_mul(100));
                let high = proc_macro2::Literal::u16_unsuffixed(class.saturating_mul(100).saturating_add(99));
                quote!(#low..=#high)
            }
            Status::Default => quote!(_),
        };
        let variant = ident(&arm.variant);
        let value = if arm.has_body {
            quote!(runtime::decode_json(body).map(ErrorBody::#variant))
        } else {
            quote!(Ok(ErrorBody::#variant))
        };
        quote!(#pattern => #value,)
    });
    let fallback = (!has_default).then(|| quote!(_ => return None,));
    let body = if decoder.arms.iter().any(|arm| arm.has_body) { quote!(body) } else { quote!(_body) };
    let statuses: Vec<String> = decoder.arms.iter().map(|arm| arm.status.to_string()).collect();
    let doc = format!(" The error body of a {} response, for the operations that declare these.", statuses.join(", "));
    syn::parse_quote! {
        #[doc = #doc]
        fn #name(status: u16, #body: &[u8]) -> Option<Result<ErrorBody, runtime::DecodeProblem>> {
            Some(match status {
                #(#arms)*
                #fallback
            })
        }
    }
}

/// The path: each parameter checked and percent-encoded as one segment into a local, then one `format!` of
/// the template.
fn emit_path(op: &Operation) -> (TokenStream, TokenStream) {
    let mut template = String::new();
    let mut lets = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(wire) => {
                let Some(param) = op.params.iter().find(|p| p.location == ParamLocation::Path && &p.wire_name == wire)
                else {
                    continue;
                };
                let bare = param.rust_name.trim_start_matches("r#");
                let local = if param.rust_name.starts_with("r#") { format!("{bare}_") } else { bare.to_owned() };
                template.push_str(&format!("{{{local}}}"));
                let (local, field) = (ident(&local), ident(&param.rust_name));
                let text = match param.ty {
                    TypeRef::String => quote!(&self.#field),
                    _ => quote!(&self.#field.to_string()),
                };
                let id = &op.id;
                lets.push(quote!(let #local = runtime::path_segment(#id, #wire, #text)?;));
            }
        }
    }
    let path = if lets.is_empty() { quote!(#template.to_owned()) } else { quote!(format!(#template)) };
    (quote!(#(#lets)*), path)
}

fn emit_param_send(param: &Parameter) -> TokenStream {
    let wire = &param.wire_name;
    let name = ident(&param.rust_name);
    // Query pairs cannot fail; a header value can (control characters), and reports which header.
    let (add, fallible) = match param.location {
        ParamLocation::Path => return TokenStream::new(),
        ParamLocation::Query => (quote!(request.query), TokenStream::new()),
        ParamLocation::Header => (quote!(request.header), quote!(?)),
    };
    let to_text = |value: TokenStream, ty: &TypeRef| match ty {
        TypeRef::Array(_) => quote!(for item in #value.iter() { #add(#wire, item.to_string())#fallible; }),
        _ => quote!(#add(#wire, #value.to_string())#fallible;),
    };
    match &param.role {
        ParamRole::Fixed { value } => quote!(#add(#wire, #value.to_owned())#fallible;),
        ParamRole::Argument => to_text(quote!(self.#name), &param.ty),
        ParamRole::Optional { default: None } => {
            let send = to_text(quote!(value), &param.ty);
            quote!(if let Some(value) = &self.#name { #send })
        }
        ParamRole::Optional { default: Some(default) } => {
            let send = to_text(quote!(value), &param.ty);
            quote! {
                match &self.#name {
                    Some(value) => { #send }
                    None => #add(#wire, #default.to_owned())#fallible,
                }
            }
        }
    }
}
