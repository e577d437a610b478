//! Request bodies in the generated code: the builder field, the argument (required) or setter (optional),
//! the multipart form struct, and the code in `send` that attaches the body.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{argument_conversion, argument_type};
use super::docs::doc_attrs;
use super::{TypePath, ident, type_tokens};
use crate::model::{BodyKind, FormField, FormFieldKind, RequestBody, TypeRef};

/// The body's Rust type, as the group file that holds its request builder names it.
pub(crate) fn body_type(body: &RequestBody) -> TokenStream {
    match &body.kind {
        BodyKind::Json(ty) | BodyKind::UrlEncoded { ty, .. } => type_tokens(ty, TypePath::ViaTypes),
        BodyKind::Text => type_tokens(&TypeRef::String, TypePath::ViaTypes),
        BodyKind::Bytes => type_tokens(&TypeRef::Bytes, TypePath::ViaTypes),
        BodyKind::Multipart { form, .. } => {
            let form = ident(form);
            quote!(#form)
        }
    }
}

/// The builder's field holding the body.
pub(crate) fn body_field(body: &RequestBody) -> TokenStream {
    let ty = body_type(body);
    if body.required { quote!(body: #ty,) } else { quote!(body: Option<#ty>,) }
}

/// For a required body: the argument's type and the expression that converts it, as the client method
/// writes them.
pub(crate) fn body_argument(body: &RequestBody) -> Option<(TokenStream, TokenStream)> {
    if !body.required {
        return None;
    }
    Some(match &body.kind {
        BodyKind::Multipart { .. } => (body_type(body), quote!(body)),
        _ => value_argument(body),
    })
}

/// The argument type of a body that is a value (not a form), and its conversion.
fn value_argument(body: &RequestBody) -> (TokenStream, TokenStream) {
    let ty = match &body.kind {
        BodyKind::Json(ty) | BodyKind::UrlEncoded { ty, .. } => ty.clone(),
        BodyKind::Text => TypeRef::String,
        _ => TypeRef::Bytes,
    };
    (argument_type(&ty), argument_conversion(&ty, &ident("body")))
}

/// For an optional body: the builder's setter.
pub(crate) fn body_setter(body: &RequestBody) -> Option<TokenStream> {
    if body.required {
        return None;
    }
    let (ty, value) = match &body.kind {
        BodyKind::Multipart { .. } => (body_type(body), quote!(body)),
        _ => value_argument(body),
    };
    Some(quote! {
        /// The request body.
        pub fn body(mut self, body: #ty) -> Self {
            self.body = Some(#value);
            self
        }
    })
}

/// The statements in `send` that attach the body to `request`.
pub(crate) fn body_send(body: &RequestBody) -> TokenStream {
    let content_type = &body.content_type;
    // `body` is a reference to the body in both cases: bound from `&self.body` when required, from the
    // option when not.
    let attach = match &body.kind {
        BodyKind::Json(_) => quote!(request.json_body(body)?;),
        BodyKind::UrlEncoded { encodings, .. } => {
            let names = encodings.iter().map(|(name, _)| name.as_str());
            let styles = encodings.iter().map(|(_, style)| super::requests::style_tokens(*style));
            quote!(request.form_body(body, &[#((#names, #styles)),*])?;)
        }
        BodyKind::Text | BodyKind::Bytes => quote!(request.raw_body(body.clone(), #content_type)?;),
        BodyKind::Multipart { fields, .. } => {
            let parts = fields.iter().map(form_part);
            quote! {
                let mut form = runtime::Form::new();
                #(#parts)*
                request.multipart(form);
            }
        }
    };
    if matches!(&body.kind, BodyKind::Multipart { fields, .. } if fields.is_empty()) {
        let send = quote!(request.multipart(runtime::Form::new()););
        return if body.required { send } else { quote!(if self.body.is_some() { #send }) };
    }
    if body.required {
        quote!(let body = &self.body; #attach)
    } else {
        quote!(if let Some(body) = &self.body { #attach })
    }
}

fn form_part(field: &FormField) -> TokenStream {
    let wire = &field.wire_name;
    let name = ident(&field.rust_name);
    let add = |value: TokenStream| match field.kind {
        FormFieldKind::Text => quote!(form.text(#wire, #value.to_string());),
        FormFieldKind::File => quote!(form.file(#wire, #value.clone());),
        FormFieldKind::TextOrFile => quote!(form.part(#wire, #value.clone());),
        FormFieldKind::Json => quote!(form.text(#wire, #value.to_string());),
    };
    if field.required {
        add(quote!(body.#name))
    } else {
        let inner = add(quote!(value));
        quote!(if let Some(value) = &body.#name { #inner })
    }
}

/// The form struct of a multipart body.
pub(crate) fn emit_form(body: &RequestBody) -> Option<syn::Item> {
    let BodyKind::Multipart { form, fields } = &body.kind else { return None };
    let name = ident(form);
    let fields = fields.iter().map(|f| {
        let docs = doc_attrs(f.description.as_deref());
        let field = ident(&f.rust_name);
        let ty = match f.kind {
            FormFieldKind::Text => quote!(String),
            FormFieldKind::File => quote!(runtime::FilePart),
            FormFieldKind::TextOrFile => quote!(runtime::Part),
            FormFieldKind::Json => quote!(serde_json::Value),
        };
        let ty = if f.required { ty } else { quote!(Option<#ty>) };
        quote!(#docs pub #field: #ty,)
    });
    let doc = format!(" The `multipart/form-data` body: one part per field (`{}`).", form.trim_start_matches("r#"));
    Some(syn::parse_quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name { #(#fields)* }
    })
}
