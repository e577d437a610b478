//! Named types: structs with serde renames, forward-compatible string enums, and aliases.

use quote::quote;

use super::docs::doc_attrs;
use super::{TypePath, ident, type_tokens};
use crate::model::{Field, SerdeGate, TypeDef, TypeKind, Variant};

/// The items of one named type: its definition and impls.
pub fn emit_type(def: &TypeDef) -> Vec<syn::Item> {
    let mut items = Vec::new();
    {
        match &def.kind {
            TypeKind::Struct { fields } => {
                items.extend(emit_struct(def, fields));
                if needs_redaction(fields) {
                    items.push(emit_redacting_debug(def, fields));
                }
            }
            TypeKind::Union { variants, discriminator } => {
                items.extend(super::union::emit_union(def, variants, discriminator.as_deref()))
            }
            TypeKind::Enum { variants } => items.extend(emit_enum(def, variants)),
            TypeKind::Alias { target } => {
                let docs = doc_attrs(def.description.as_deref());
                let name = ident(&def.rust_name);
                let target = type_tokens(target, TypePath::Local);
                items.push(syn::parse_quote!(#docs pub type #name = #target;));
            }
        }
    }
    items
}

/// The `cfg` of a serde impl, beside the type's own: none when every use of the type needs it; the features
/// of the uses that do, `mock`, or the direction's own feature (`serialize`, `deserialize`: every type in that
/// direction, for a service that stores or forwards what it got), when only some do; else `mock` or the
/// direction's feature alone (the mock server writes what the client reads and reads what it writes).
pub(crate) fn serde_impl_gate(gate: SerdeGate, direction: Direction) -> Option<proc_macro2::TokenStream> {
    let all = direction.feature();
    match gate {
        SerdeGate::WithType => None,
        SerdeGate::Features(features) => {
            Some(quote!(#[cfg(any(#(feature = #features,)* feature = "mock", feature = #all))]))
        }
        SerdeGate::MockOnly => Some(quote!(#[cfg(any(feature = "mock", feature = #all))])),
    }
}

/// A serde direction, for [`serde_impl_gate`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Direction {
    Serialize,
    Deserialize,
}

impl Direction {
    /// The crate feature that turns this direction on for every type.
    pub(crate) fn feature(self) -> &'static str {
        match self {
            Direction::Serialize => crate::manifest::SERIALIZE_FEATURE,
            Direction::Deserialize => crate::manifest::DESERIALIZE_FEATURE,
        }
    }
}

/// The serialize and deserialize gates of a type.
pub(crate) fn serde_gates(def: &TypeDef) -> (Option<proc_macro2::TokenStream>, Option<proc_macro2::TokenStream>) {
    (
        serde_impl_gate(def.usage.serialize_gate(), Direction::Serialize),
        serde_impl_gate(def.usage.deserialize_gate(), Direction::Deserialize),
    )
}

fn emit_struct(def: &TypeDef, fields: &[Field]) -> Vec<syn::Item> {
    let (ser_gate, de_gate) = serde_gates(def);
    let docs = doc_attrs(def.description.as_deref());
    let name = ident(&def.rust_name);
    let all_optional = fields.iter().all(Field::is_option);
    let derive_default = all_optional.then(|| quote!(Default,));
    let derive_debug = (!needs_redaction(fields)).then(|| quote!(Debug,));
    let declared = fields.iter().map(emit_field);
    // `non_exhaustive`: a field the spec adds later is an addition, not a break of a consumer's struct
    // literal. Types a request sends are built with `new` and setters instead; received ones come decoded.
    let mut items = vec![
        syn::parse_quote! {
            #docs
            #[derive(#derive_debug Clone, PartialEq, #derive_default)]
            #[non_exhaustive]
            pub struct #name {
                #(#declared)*
            }
        },
        super::serde_impls::emit_serialize(def, fields, ser_gate),
    ];
    items.extend(super::serde_impls::emit_deserialize(def, fields, de_gate));
    if !def.usage.sent.is_empty() || def.usage.is_unused() {
        items.push(emit_constructor(def, fields));
    }
    items
}

/// `new` with the required fields, and a setter per optional field (named after it), for a type that
/// requests send: how a consumer builds one of a `non_exhaustive` struct.
fn emit_constructor(def: &TypeDef, fields: &[Field]) -> syn::Item {
    let name = ident(&def.rust_name);
    let required: Vec<&Field> = fields.iter().filter(|f| !f.is_option()).collect();
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = type_tokens(&f.ty, TypePath::Local);
        quote!(#field: impl Into<#ty>)
    });
    let inits = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match (f.is_option(), f.boxed) {
            (true, _) => quote!(#field: None,),
            (false, true) => quote!(#field: Box::new(#field.into()),),
            (false, false) => quote!(#field: #field.into(),),
        }
    });
    let optional: Vec<&Field> = fields.iter().filter(|f| f.is_option()).collect();
    let names = crate::naming::setter_names(optional.iter().map(|f| f.rust_name.as_str()));
    let setters = optional.iter().zip(names).map(|(f, setter)| {
        let field = ident(&f.rust_name);
        let setter = ident(&setter);
        let ty = type_tokens(&f.ty, TypePath::Local);
        let value = if f.boxed { quote!(Box::new(value.into())) } else { quote!(value.into()) };
        let doc = format!(" Sets `{}`.", f.wire_name.replace('`', "'"));
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    });
    let doc = format!(
        " A `{}` of its required fields; the optional ones are set by the methods named after them.",
        def.rust_name
    );
    let allow = (required.len() > 7)
        .then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field")]));
    syn::parse_quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits)* }
            }

            #(#setters)*
        }
    }
}

/// Whether `Debug` must be written by hand: a field is card data or a secret, or holds free-form JSON
/// (which may hold either).
fn needs_redaction(fields: &[Field]) -> bool {
    fields.iter().any(|f| f.sensitive || f.ty.mentions_json())
}

/// `Debug` that shows every field but prints sensitive values (card data, secrets) as `<redacted>`, and
/// free-form JSON with such values redacted.
fn emit_redacting_debug(def: &TypeDef, fields: &[Field]) -> syn::Item {
    let name = ident(&def.rust_name);
    let wire = def.rust_name.as_str();
    let entries = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        match (f.sensitive, f.is_option()) {
            (false, _) if f.ty.mentions_json() => quote!(.field(#label, &crate::runtime::RedactedJson(&self.#field))),
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => quote!(.field(#label, &self.#field.as_ref().map(|_| "<redacted>"))),
            (true, false) => quote!(.field(#label, &"<redacted>")),
        }
    });
    syn::parse_quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#wire) #(#entries)* .finish()
            }
        }
    }
}

fn emit_field(field: &Field) -> proc_macro2::TokenStream {
    let docs = doc_attrs(field.description.as_deref());
    let name = ident(&field.rust_name);
    let ty = super::serde_impls::field_type(field);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// A string enum that keeps values it doesn't know in `Unknown`, and writes every value back unchanged.
fn emit_enum(def: &TypeDef, variants: &[Variant]) -> Vec<syn::Item> {
    let (ser_gate, de_gate) = serde_gates(def);
    let docs = doc_attrs(def.description.as_deref());
    let name = ident(&def.rust_name);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<_> = variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = variants.iter().map(|v| {
        let line = format!(" `{}`", v.wire_value.replace('`', "'"));
        quote!(#[doc = #line])
    });
    vec![
        syn::parse_quote! {
            #docs
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub enum #name {
                #(#variant_docs #idents,)*
                /// A value this version of the client does not know; kept as received.
                Unknown(String),
            }
        },
        syn::parse_quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #wires,)*
                        Self::Unknown(value) => value,
                    }
                }
            }
        },
        // Equality, hashing and order by the wire value, written out: five one-line bodies check in a
        // fraction of what the five derives expand to, over thousands of enums in a big API.
        syn::parse_quote! {
            impl PartialEq for #name {
                fn eq(&self, other: &Self) -> bool {
                    self.as_str() == other.as_str()
                }
            }
        },
        syn::parse_quote! {
            impl Eq for #name {}
        },
        syn::parse_quote! {
            impl std::hash::Hash for #name {
                fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                    self.as_str().hash(state)
                }
            }
        },
        syn::parse_quote! {
            impl PartialOrd for #name {
                fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                    Some(self.cmp(other))
                }
            }
        },
        syn::parse_quote! {
            impl Ord for #name {
                fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                    self.as_str().cmp(other.as_str())
                }
            }
        },
        syn::parse_quote! {
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#wires => Self::#idents,)*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }
        },
        syn::parse_quote! {
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
        syn::parse_quote! {
            #ser_gate
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        },
        syn::parse_quote! {
            #de_gate
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <crate::runtime::Key<'de> as serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value.as_str()))
                }
            }
        },
    ]
}
