//! Request builders: one struct per operation holding its arguments, a setter per optional parameter, and
//! `send`, which builds the HTTP request (path, query, headers, credentials) and decodes the response.

use proc_macro2::TokenStream;
use quote::quote;

use super::body;
use super::client::{param_argument_type, param_conversion, param_field_type};
use super::docs::doc_attrs;
use super::{TypePath, ident, type_tokens};
use crate::model::{
    Api, Encoding, ErrorDecoder, Group, Operation, ParamLocation, ParamRole, ParamStyle, Parameter, PathPart, Status,
    TypeKind, TypeRef,
};

/// `requests/mod.rs`: the error decoders the groups share, each compiled when a group that uses it is.
pub fn emit_decoders(api: &Api) -> Vec<syn::Item> {
    let mut items = Vec::new();
    for decoder in &api.error_decoders {
        let mut item = emit_error_decoder(api, decoder);
        if let Some(gate) = super::gate_attr(&decoder.usage) {
            super::add_attr(&mut item, gate);
        }
        items.push(item);
    }
    items
}

/// One group's file: its multipart forms, request builders, and the `Client` methods that make them.
pub fn emit_group(api: &Api, group: &Group) -> Vec<syn::Item> {
    let mut items: Vec<syn::Item> = Vec::new();
    let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.group == group.module).collect();
    let methods = ops.iter().map(|op| super::client::emit_method(op, false));
    items.push(syn::parse_quote! {
        impl Client {
            #(#methods)*
        }
    });
    let blocking = ops.iter().map(|op| super::client::emit_method(op, true));
    items.push(syn::parse_quote! {
        #[cfg(feature = "blocking")]
        impl super::super::blocking::Client {
            #(#blocking)*
        }
    });
    for op in ops {
        items.extend(op.request_body.as_ref().and_then(body::emit_form));
        items.push(emit_builder_struct(op));
        items.extend(emit_builder_impl(api, op));
    }
    let mut file = super::imports_for(
        &items,
        &[
            ("runtime", "crate::runtime"),
            ("Client", "super::super::Client"),
            ("Error", "super::super::Error"),
            ("ErrorBody", "super::super::ErrorBody"),
            ("types", "super::super::types"),
        ],
    );
    file.extend(items);
    file
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
        let ty = param_field_type(p);
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
        pub struct #builder<'a, M = runtime::Async> {
            client: &'a Client,
            call: runtime::Call<M>,
            #(#fields)*
            #body
        }
    }
}

/// The builder's methods: its setters and `with_config` in every mode; `send` (and paging) on the async
/// builder; with the `blocking` feature, a `send` of the blocking builder that runs the async one.
fn emit_builder_impl(api: &Api, op: &Operation) -> Vec<syn::Item> {
    let builder = ident(&op.builder_name);
    let args: Vec<_> = stored(op).filter(|p| p.role == ParamRole::Argument).collect();
    let arg_names: Vec<_> = args.iter().map(|p| ident(&p.rust_name)).collect();
    let arg_types = args.iter().map(|p| param_field_type(p));
    let unset: Vec<_> = stored(op).filter(|p| p.role != ParamRole::Argument).map(|p| ident(&p.rust_name)).collect();
    let (body_arg, body_init) = match &op.request_body {
        Some(b) if b.required => {
            let ty = body::body_type(b);
            (Some(quote!(body: #ty)), Some(quote!(body,)))
        }
        Some(_) => (None, Some(quote!(body: None,))),
        None => (None, None),
    };
    let setters = stored(op).filter(|p| p.role != ParamRole::Argument).map(emit_setter);
    let body_setter = op.request_body.as_ref().and_then(body::body_setter);
    let send = emit_send(api, op);
    let paging = super::paging::emit_paging(op);
    let fields: Vec<_> =
        stored(op).map(|p| ident(&p.rust_name)).chain(op.request_body.as_ref().map(|_| ident("body"))).collect();
    let docs = super::client::operation_docs(op);
    let output = success_type(op);
    vec![
        syn::parse_quote! {
            impl<'a, M> #builder<'a, M> {
                pub(crate) fn new(client: &'a Client, call: runtime::Call<M>, #(#arg_names: #arg_types,)* #body_arg) -> Self {
                    Self { client, call, #(#arg_names,)* #(#unset: None,)* #body_init }
                }

                #(#setters)*
                #body_setter

                /// Sends this call with `config`'s timeout, deadline, retries and connect timeout instead of
                /// the client's (its HTTP client too, when `config` gives one).
                pub fn with_config(mut self, config: runtime::Config) -> Self {
                    self.call.set_config(config);
                    self
                }
            }
        },
        syn::parse_quote! {
            impl<'a> #builder<'a> {
                #send
                #paging
            }
        },
        syn::parse_quote! {
            #[cfg(feature = "blocking")]
            impl<'a> #builder<'a, runtime::Blocking<'a>> {
                #docs
                ///
                /// Returns when the call is done (every attempt, wait and body read), on the blocking client's
                /// runtime. Not from async code: a runtime cannot be blocked on from inside another.
                pub fn send(self) -> Result<runtime::ApiResponse<#output>, Error> {
                    let (call, mode) = self.call.into_async();
                    let request = #builder { client: self.client, call, #(#fields: self.#fields,)* };
                    mode.run(request.send())
                }
            }
        },
    ]
}

/// The type of an operation's success body (`()` without one).
fn success_type(op: &Operation) -> TokenStream {
    match op.responses.iter().find(|r| r.status.is_success()).and_then(|r| r.body.as_ref()) {
        Some(ty) => type_tokens(ty, TypePath::ViaTypes),
        None => quote!(()),
    }
}

fn emit_setter(param: &Parameter) -> TokenStream {
    let name = ident(&param.rust_name);
    let mut text = param.description.clone().unwrap_or_default();
    let wire = match param.location {
        ParamLocation::Header => format!("Sent as the `{}` header.", param.wire_name),
        ParamLocation::Query => format!("Sent as the `{}` query parameter.", param.wire_name),
        ParamLocation::Path => format!("Fills `{{{}}}` in the path.", param.wire_name),
        ParamLocation::Cookie => format!("Sent as the `{}` cookie.", param.wire_name),
    };
    if let ParamRole::Optional { default: Some(default) } = &param.role {
        text = format!("{}\n\n{wire} When unset, `{default}` is sent.", text.trim());
    } else {
        text = format!("{}\n\n{wire}", text.trim());
    }
    let docs = doc_attrs(Some(&text));
    let ty = param_argument_type(param);
    let value = param_conversion(param, &name);
    quote! {
        #docs
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

pub(crate) fn emit_send(api: &Api, op: &Operation) -> TokenStream {
    let docs = super::client::operation_docs(op);
    let method = ident(op.method.as_str());
    let id = &op.id;
    let (segments, path) = emit_path(api, op);
    let template: String = op
        .path
        .iter()
        .map(|p| match p {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(name) => format!("{{{name}}}"),
        })
        .collect();
    let fixed = op.fixed_query.iter().map(|(k, v)| quote!(request.query_static(#k, #v);));
    let params = op.params.iter().map(|p| emit_param_send(api, p));
    let body = op.request_body.as_ref().map(body::body_send);
    let alternatives = op.security.iter().map(|alt| alt.rust_name.as_str());
    let auth = (!op.security.is_empty()).then(|| {
        quote! {
            let credentials = &self.client.credentials;
            request.authenticate(credentials.alternative(), &credentials.parts(), &[#(#alternatives),*])?;
        }
    });
    let success = op.responses.iter().find(|r| r.status.is_success());
    let decoder = match &op.error_decoder {
        Some(name) => {
            let name = ident(name);
            quote!(super::#name)
        }
        None => quote!(|_, _| None),
    };
    // The exchange is the same future for every operation; `conclude` types its answer.
    let (output, decode) = match success.and_then(|r| r.body.as_ref().map(|ty| (ty, r.encoding))) {
        Some((ty, encoding)) => {
            let ty = type_tokens(ty, TypePath::ViaTypes);
            let decode = match encoding {
                Encoding::Json => quote!(|body| runtime::decode_json(body)),
                Encoding::Text => quote!(|body| runtime::decode_text(body)),
                Encoding::Bytes => quote!(|body| Ok(body.clone())),
            };
            (quote!(#ty), decode)
        }
        None => (quote!(()), quote!(|_| Ok(()))),
    };
    let call = quote!(self.client.transport.exchange(&mut request).await.conclude(#decoder, #decode));
    let accept = success
        .and_then(|r| r.media_type.as_deref())
        .filter(|media| !media.eq_ignore_ascii_case("application/json"))
        .map(|media| quote!(request.accept(#media);));
    quote! {
        #docs
        pub async fn send(self) -> Result<runtime::ApiResponse<#output>, Error> {
            #segments
            let mut request = runtime::Request::for_operation(reqwest::Method::#method, #id, #template, #path);
            #(#fixed)*
            #accept
            #(#params)*
            #body
            #auth
            self.call.apply(&mut request);
            #call
        }
    }
}

/// A function that decodes an error response by status: exact codes first, then classes, then `default`.
fn emit_error_decoder(api: &Api, decoder: &ErrorDecoder) -> syn::Item {
    let name = ident(&decoder.name);
    let has_default = decoder.arms.iter().any(|arm| arm.status == Status::Default);
    let arms = decoder.arms.iter().map(|arm| {
        let pattern = match arm.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Status::Range(class) => {
                let exact: Vec<u16> = decoder
                    .arms
                    .iter()
                    .filter_map(|a| match a.status {
                        Status::Code(code) => Some(code),
                        _ => None,
                    })
                    .collect();
                let spans =
                    range_without(class.saturating_mul(100), class.saturating_mul(100).saturating_add(99), &exact);
                let spans = spans.iter().map(|(low, high)| {
                    let (l, h) =
                        (proc_macro2::Literal::u16_unsuffixed(*low), proc_macro2::Literal::u16_unsuffixed(*high));
                    if low == high { quote!(#l) } else { quote!(#l..=#h) }
                });
                quote!(#(#spans)|*)
            }
            Status::Default => quote!(_),
        };
        let value = arm_value(api, arm);
        quote!(#pattern => #value,)
    });
    let fallback = (!has_default).then(|| quote!(_ => return None,));
    let body = if decoder.arms.iter().any(|arm| arm.body.is_some()) { quote!(body) } else { quote!(_body) };
    let statuses: Vec<String> = decoder.arms.iter().map(|arm| arm.status.to_string()).collect();
    let doc = format!(" The error body of a {} response, for the operations that declare these.", statuses.join(", "));
    if let [only] = decoder.arms.as_slice()
        && only.status == Status::Default
    {
        // Every status is `default`'s: no match to make.
        let value = arm_value(api, only);
        return syn::parse_quote! {
            #[doc = #doc]
            fn #name(_status: u16, #body: &[u8]) -> Option<Result<ErrorBody, runtime::DecodeProblem>> {
                Some(#value)
            }
        };
    }
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

/// `low..=high` without the codes an exact arm takes (a class arm must not overlap them), as spans.
fn range_without(low: u16, high: u16, exact: &[u16]) -> Vec<(u16, u16)> {
    let mut spans = Vec::new();
    let mut start = low;
    for code in (low..=high).filter(|c| exact.contains(c)) {
        if code > start {
            spans.push((start, code - 1));
        }
        start = code + 1;
    }
    if start <= high {
        spans.push((start, high));
    }
    spans
}

/// The expression that decodes an arm's body into its `ErrorBody` variant.
fn arm_value(api: &Api, arm: &crate::model::ErrorArm) -> TokenStream {
    let variant = ident(&arm.variant);
    let boxed = api.error_variants.iter().any(|v| v.rust_name == arm.variant && v.boxed);
    let wrap = if boxed { quote!(|body| ErrorBody::#variant(Box::new(body))) } else { quote!(ErrorBody::#variant) };
    match arm.body {
        Some(Encoding::Json) => quote!(runtime::decode_json(body).map(#wrap)),
        Some(Encoding::Text) => quote!(runtime::decode_text(body).map(#wrap)),
        Some(Encoding::Bytes) => quote!(runtime::decode_bytes(body).map(#wrap)),
        None => quote!(Ok(ErrorBody::#variant)),
    }
}

/// The path: each parameter checked and percent-encoded as one segment into a local, then one `format!` of
/// the template.
fn emit_path(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
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
                let id = &op.id;
                let value = match value_shape(api, &param.ty) {
                    Shape::Text if param.ty == TypeRef::String => {
                        quote!(runtime::path_segment(#id, #wire, &self.#field)?)
                    }
                    Shape::Text => quote!(runtime::path_segment(#id, #wire, &self.#field.to_string())?.into_owned()),
                    _ => {
                        let style = style_tokens(param.style);
                        quote!(runtime::Request::path_value(#id, #wire, &self.#field, #style)?)
                    }
                };
                lets.push(quote!(let #local = #value;));
            }
        }
    }
    let path = if lets.is_empty() { quote!(#template.to_owned()) } else { quote!(format!(#template)) };
    (quote!(#(#lets)*), path)
}

/// How a value is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A scalar or string enum: its `to_string()`.
    Text,
    /// A list of those.
    TextList,
    /// Anything else (objects, unions, maps, nested lists): through serde, as the style says.
    Structured,
}

/// The shape of `ty`, looking through aliases.
pub(crate) fn value_shape(api: &Api, ty: &TypeRef) -> Shape {
    fn scalar(api: &Api, ty: &TypeRef, depth: u8) -> Option<bool> {
        match ty {
            TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Decimal | TypeRef::Boolean => Some(true),
            TypeRef::Named(name) if depth < 16 => match api.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Enum { .. }) => Some(true),
                Some(TypeKind::Alias { target }) => scalar(api, target, depth + 1),
                _ => Some(false),
            },
            _ => Some(false),
        }
    }
    fn resolve<'t>(api: &'t Api, ty: &'t TypeRef, depth: u8) -> &'t TypeRef {
        match ty {
            TypeRef::Named(name) if depth < 16 => match api.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias { target }) => resolve(api, target, depth + 1),
                _ => ty,
            },
            _ => ty,
        }
    }
    if scalar(api, ty, 0) == Some(true) {
        return Shape::Text;
    }
    match resolve(api, ty, 0) {
        // A list of aliases would need the alias resolved in the loop's item type too; serde handles it.
        TypeRef::Array(item)
            if matches!(
                **item,
                TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Decimal | TypeRef::Boolean
            ) =>
        {
            Shape::TextList
        }
        TypeRef::Array(item) if matches!(&**item, TypeRef::Named(n) if matches!(api.types.get(n).map(|d| &d.kind), Some(TypeKind::Enum { .. }))) => {
            Shape::TextList
        }
        _ => Shape::Structured,
    }
}

pub(crate) fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form { explode } => quote!(runtime::Style::Form { explode: #explode }),
        ParamStyle::SpaceDelimited => quote!(runtime::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(runtime::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(runtime::Style::DeepObject),
        ParamStyle::Simple { explode } => quote!(runtime::Style::Simple { explode: #explode }),
        ParamStyle::Json => quote!(runtime::Style::Json),
    }
}

/// The statements that add one parameter to the request: plain values as text, lists of them one pair per
/// item (or joined, as the style says), structured values through the runtime's style writer.
fn emit_param_send(api: &Api, param: &Parameter) -> TokenStream {
    let wire = &param.wire_name;
    let name = ident(&param.rust_name);
    let shape = if param.style == ParamStyle::Json { Shape::Structured } else { value_shape(api, &param.ty) };
    let exploded_list = shape == Shape::TextList && param.style == (ParamStyle::Form { explode: true });
    let style = style_tokens(param.style);
    // `place` names the value (`self.x`, or a binding that is a reference); `by_ref` borrows it.
    let send = |place: TokenStream, by_ref: TokenStream| -> TokenStream {
        match param.location {
            ParamLocation::Path => TokenStream::new(),
            ParamLocation::Header if param.sensitive => quote!(request.secret_header(#wire, #by_ref)?;),
            ParamLocation::Cookie => quote!(request.cookie(#wire, #by_ref, #style)?;),
            ParamLocation::Query if shape == Shape::Text => quote!(request.query(#wire, #place.to_string());),
            ParamLocation::Query if exploded_list => {
                quote!(for item in #place.iter() { request.query(#wire, item.to_string()); })
            }
            ParamLocation::Query => quote!(request.query_styled(#wire, #by_ref, #style)?;),
            ParamLocation::Header if shape == Shape::Text => match super::const_header_name(wire) {
                Some(name) => quote!(request.header_named(#name, #place.to_string())?;),
                None => quote!(request.header(#wire, #place.to_string())?;),
            },
            ParamLocation::Header => quote!(request.header_styled(#wire, #by_ref, #style)?;),
        }
    };
    // A value the version fixes, or a default, is text already.
    let fixed = |value: &str| -> TokenStream {
        match param.location {
            ParamLocation::Path => TokenStream::new(),
            ParamLocation::Query => quote!(request.query_static(#wire, #value);),
            ParamLocation::Header => match (super::const_header_name(wire), super::const_header_value(value)) {
                (Some(name), Some(value)) => quote!(request.header_const(#name, #value);),
                _ => quote!(request.header_static(#wire, #value)?;),
            },
            ParamLocation::Cookie => quote!(request.cookie(#wire, &#value, #style)?;),
        }
    };
    if param.location == ParamLocation::Path {
        return TokenStream::new();
    }
    match &param.role {
        ParamRole::Fixed { value } => fixed(value),
        ParamRole::Argument => send(quote!(self.#name), quote!(&self.#name)),
        ParamRole::Optional { default: None } => {
            let inner = send(quote!(value), quote!(value));
            quote!(if let Some(value) = &self.#name { #inner })
        }
        ParamRole::Optional { default: Some(default) } => {
            let inner = send(quote!(value), quote!(value));
            let otherwise = fixed(default);
            quote! {
                match &self.#name {
                    Some(value) => { #inner }
                    None => { #otherwise }
                }
            }
        }
    }
}
