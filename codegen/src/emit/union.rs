//! Unions (`oneOf`/`anyOf`): an enum with one variant per member and `Unknown` for values that fit none,
//! serialized as the member itself and decoded by the runtime's key-based choice of member.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{TypePath, ident, type_tokens};
use crate::model::{JsonKind, TypeDef, UnionVariant};

pub fn emit_union(def: &TypeDef, variants: &[UnionVariant], discriminator: Option<&str>) -> Vec<syn::Item> {
    let (ser_gate, de_gate) = super::types::serde_gates(def);
    let docs = doc_attrs(def.description.as_deref());
    let name = ident(&def.rust_name);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let types = variants.iter().map(|v| {
        let ty = type_tokens(&v.ty, TypePath::Local);
        if v.boxed { quote!(Box<#ty>) } else { ty }
    });
    let labels: Vec<_> = variants.iter().map(|v| v.rust_name.trim_start_matches("r#").to_owned()).collect();
    let rules = variants.iter().zip(&labels).map(|(v, label)| {
        let kind = kind_tokens(v.kind);
        let keys = v.keys.iter();
        let tags = v.tags.iter();
        quote!(crate::runtime::VariantRule { name: #label, kind: #kind, keys: &[#(#keys),*], tags: &[#(#tags),*] })
    });
    let indices = (0..variants.len()).map(Literal::usize_unsuffixed);
    let decoded = variants.iter().map(|v| {
        let value = if v.ty.holds_decimal() {
            quote!(crate::runtime::exact_from_value(value).map_err(D::Error::custom)?)
        } else {
            quote!(serde_json::from_value(value).map_err(D::Error::custom)?)
        };
        if v.boxed { quote!(Box::new(#value)) } else { value }
    });
    let written = variants
        .iter()
        .map(|v| if v.ty.holds_decimal() { quote!(crate::runtime::ExactRef(value)) } else { quote!(value) });
    let discriminator = match discriminator {
        Some(property) => quote!(Some(#property)),
        None => quote!(None),
    };
    vec![
        syn::parse_quote! {
            #docs
            #[derive(Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#idents(#types),)*
                /// A value that fits none of the members this version knows; kept as received.
                Unknown(serde_json::Value),
            }
        },
        syn::parse_quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(Self::#idents(value) => f.debug_tuple(#labels).field(value).finish(),)*
                        Self::Unknown(value) => f.debug_tuple("Unknown").field(&crate::runtime::RedactedJson(value)).finish(),
                    }
                }
            }
        },
        syn::parse_quote! {
            #ser_gate
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(Self::#idents(value) => #written.serialize(serializer),)*
                        Self::Unknown(value) => value.serialize(serializer),
                    }
                }
            }
        },
        syn::parse_quote! {
            #de_gate
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    use serde::de::Error as _;
                    const MEMBERS: &[crate::runtime::VariantRule] = &[#(#rules),*];
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    let chosen = crate::runtime::select_variant(&value, #discriminator, MEMBERS).map_err(D::Error::custom)?;
                    Ok(match chosen {
                        #(Some(#indices) => Self::#idents(#decoded),)*
                        _ => Self::Unknown(value),
                    })
                }
            }
        },
    ]
}

fn kind_tokens(kind: JsonKind) -> TokenStream {
    let variant = match kind {
        JsonKind::Object => quote!(Object),
        JsonKind::Array => quote!(Array),
        JsonKind::String => quote!(String),
        JsonKind::Number => quote!(Number),
        JsonKind::Boolean => quote!(Boolean),
        JsonKind::Any => quote!(Any),
    };
    quote!(crate::runtime::JsonKind::#variant)
}
