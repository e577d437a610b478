//! `Serialize` and `Deserialize` of generated structs, written out instead of derived. serde's derive is
//! most of what a generated crate costs to compile (measured: 2,000 seven-field structs check in 19.7 s
//! and 1.9 GB with `derive(Deserialize)`, 6.8 s and 0.7 GB with these), because it also writes sequence
//! visitors and field-identifier types that JSON never uses. These keep serde's meaning for what the
//! generator uses: wire names, absent or `null` optional fields as `None` (and left out when writing),
//! `null` written for a required nullable field, unknown fields ignored, a missing required field or a
//! repeated one an error naming it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{TypePath, ident, type_tokens};
use crate::model::{Field, TypeDef};

/// The field's Rust type, as the struct declares it.
pub(crate) fn field_type(field: &Field) -> TokenStream {
    let inner = type_tokens(&field.ty, TypePath::Local);
    let inner = if field.boxed { quote!(Box<#inner>) } else { inner };
    if field.is_option() { quote!(Option<#inner>) } else { inner }
}

/// `Serialize`: an object of the fields, optional ones left out when `None`.
pub(crate) fn emit_serialize(def: &TypeDef, fields: &[Field], gate: Option<TokenStream>) -> syn::Item {
    let name = ident(&def.rust_name);
    let entries = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        // Decimals are written with their digits, through the runtime.
        let exact = f.ty.holds_decimal();
        match (f.required, exact) {
            (true, false) => quote!(map.serialize_entry(#wire, &self.#field)?;),
            (true, true) => quote!(map.serialize_entry(#wire, &crate::runtime::ExactRef(&self.#field))?;),
            (false, false) => quote!(if let Some(value) = &self.#field { map.serialize_entry(#wire, value)?; }),
            (false, true) => {
                quote!(if let Some(value) = &self.#field { map.serialize_entry(#wire, &crate::runtime::ExactRef(value))?; })
            }
        }
    });
    // An object with no declared properties writes `{}` (and needs no `mut`).
    let binding = if fields.is_empty() { quote!(map) } else { quote!(mut map) };
    syn::parse_quote! {
        #gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let #binding = serializer.serialize_map(None)?;
                #(#entries)*
                map.end()
            }
        }
    }
}

/// `Deserialize`: `FromMap`, which fills one slot per field and builds the struct at the end, read through the
/// runtime's one map visitor.
pub(crate) fn emit_deserialize(def: &TypeDef, fields: &[Field], gate: Option<TokenStream>) -> [syn::Item; 2] {
    let name = ident(&def.rust_name);
    let expecting = format!("an object ({})", def.rust_name);
    let slots: Vec<_> = (0..fields.len()).map(|i| ident(&format!("field_{i}"))).collect();
    let types = fields.iter().map(field_type);
    let wires: Vec<_> = fields.iter().map(|f| Literal::string(&f.wire_name)).collect();
    // Decimals are read with their digits, through the runtime.
    let fills: Vec<_> = fields
        .iter()
        .map(|f| if f.ty.holds_decimal() { quote!(crate::runtime::fill_exact) } else { quote!(crate::runtime::fill) })
        .collect();
    let build = fields.iter().zip(&slots).map(|(f, slot)| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.is_option() {
            quote!(#field: #slot.flatten(),)
        } else {
            quote!(#field: crate::runtime::required(#slot, #wire)?,)
        }
    });
    let read = if fields.is_empty() {
        quote!(while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {})
    } else {
        quote! {
            while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                match key.as_str() {
                    #(#wires => #fills(&mut map, &mut #slots, #wires),)*
                    _ => crate::runtime::skip(&mut map),
                }?;
            }
        }
    };
    [
        syn::parse_quote! {
            #gate
            impl<'de> crate::runtime::FromMap<'de> for #name {
                const EXPECTING: &'static str = #expecting;
                fn from_map<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                    #(let mut #slots: Option<#types> = None;)*
                    #read
                    Ok(#name { #(#build)* })
                }
            }
        },
        syn::parse_quote! {
            #gate
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::runtime::deserialize_map(deserializer)
                }
            }
        },
    ]
}
