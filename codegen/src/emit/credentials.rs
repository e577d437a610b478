//! The version's `Credentials`: one variant per alternative the spec's security requirements allow, each
//! holding its values as secrets, with a constructor, the parts operations send, and a `Debug` that shows
//! where each value goes but never the value.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use crate::model::{Api, KeyLocation, SchemeKind, SecurityAlternative, SecurityScheme};
use crate::naming::Scope;

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

/// One value a caller gives for an alternative.
struct Value {
    field: proc_macro2::Ident,
    docs: TokenStream,
    /// Where it goes, for `Debug` and the constructor's doc (`x-client-id`, `bearer token`).
    shown: String,
}

/// The values of one scheme, and the runtime credential part they make.
fn scheme_values(scheme: &SecurityScheme, scope: &mut Scope) -> (Vec<Value>, TokenStream) {
    let docs = doc_attrs(scheme.description.as_deref());
    let one = |scope: &mut Scope, shown: String| Value {
        field: ident(&scope.claim(scheme.rust_name.clone())),
        docs: docs.clone(),
        shown,
    };
    match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let value = one(scope, name.clone());
            let field = &value.field;
            let part = match location {
                KeyLocation::Header => match super::const_header_name(name) {
                    Some(known) => quote!(runtime::Credential::KnownHeader(#known, #field)),
                    None => quote!(runtime::Credential::Header(#name, #field)),
                },
                KeyLocation::Query => quote!(runtime::Credential::Query(#name, #field)),
                KeyLocation::Cookie => quote!(runtime::Credential::Cookie(#name, #field)),
            };
            (vec![value], part)
        }
        SchemeKind::Bearer => {
            let value = one(scope, "bearer token".to_owned());
            let field = &value.field;
            let part = quote!(runtime::Credential::Bearer(#field));
            (vec![value], part)
        }
        SchemeKind::Basic => {
            let user = Value {
                field: ident(&scope.claim("username".to_owned())),
                docs: docs.clone(),
                shown: "basic username".to_owned(),
            };
            let password =
                Value { field: ident(&scope.claim("password".to_owned())), docs, shown: "basic password".to_owned() };
            let (u, p) = (&user.field, &password.field);
            let part = if u == "username" && p == "password" {
                quote!(runtime::Credential::Basic { username, password })
            } else {
                quote!(runtime::Credential::Basic { username: #u, password: #p })
            };
            (vec![user, password], part)
        }
    }
}

pub fn emit_credentials(api: &Api) -> Vec<syn::Item> {
    let alternatives = credential_alternatives(api);
    let scheme = |key: &str| api.security_schemes.iter().find(|s| s.key == key);
    let mut variants = Vec::new();
    let mut constructors = Vec::new();
    let mut name_arms = Vec::new();
    let mut part_lists = Vec::new();
    let mut debug_arms = Vec::new();
    for alt in &alternatives {
        let variant = ident(&alt.rust_name);
        let mut scope = Scope::default();
        let mut values = Vec::new();
        let mut parts = Vec::new();
        for found in alt.schemes.iter().filter_map(|k| scheme(k)) {
            let (v, part) = scheme_values(found, &mut scope);
            values.extend(v);
            parts.push(part);
        }
        let fields: Vec<_> = values.iter().map(|v| v.field.clone()).collect();
        let field_docs = values.iter().map(|v| v.docs.clone());
        let shown: Vec<_> = values.iter().map(|v| v.shown.as_str()).collect();
        let wire = &alt.rust_name;
        let ctor = ident(&crate::naming::value_name(&alt.rust_name));
        let listing = shown.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ");
        let ctor_doc = format!(" Sends {listing}.");
        variants.push(quote!(#[doc = #ctor_doc] #variant { #(#field_docs #fields: Secret,)* }));
        constructors.push(quote! {
            #[doc = #ctor_doc]
            pub fn #ctor(#(#fields: impl Into<String>),*) -> Self {
                Self::#variant { #(#fields: Secret::new(#fields.into()),)* }
            }
        });
        name_arms.push(quote!(Self::#variant { .. } => #wire,));
        part_lists.push((quote!(Self::#variant { #(#fields),* }), parts));
        debug_arms
            .push(quote!(Self::#variant { .. } => f.debug_struct(#wire)#(.field(#shown, &"<redacted>"))*.finish(),));
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
        part_lists.push((quote!(Self::None), Vec::new()));
        debug_arms.push(quote!(Self::None => f.write_str("None"),));
    }
    // An array as long as the longest alternative (the rest `None`): no allocation on each call.
    let longest = part_lists.iter().map(|(_, parts)| parts.len()).max().unwrap_or(0);
    let length = proc_macro2::Literal::usize_unsuffixed(longest);
    let part_arms = part_lists.iter().map(|(pattern, parts)| {
        let padding = (parts.len()..longest).map(|_| quote!(None));
        quote!(#pattern => [#(Some(#parts),)* #(#padding),*],)
    });
    // Only operations with security requirements read the credentials back.
    let accessors = super::client::auth_usage(api).map(|usage| {
        let gate = super::gate_attr(&usage);
        quote! {
            /// The alternative's name, as operations list the ones they accept.
            #gate
            pub(crate) fn alternative(&self) -> &'static str {
                match self { #(#name_arms)* }
            }

            /// What this alternative sends, and where.
            #gate
            pub(crate) fn parts(&self) -> [Option<runtime::Credential<'_>>; #length] {
                match self { #(#part_arms)* }
            }
        }
    });
    vec![
        syn::parse_quote! {
            /// How the client authenticates: the alternatives the spec's security requirements allow. Every value
            /// is a secret: sent marked sensitive (in its header, query parameter, cookie or `Authorization`),
            /// and never printed.
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
