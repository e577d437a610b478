//! The version's `webhooks` module: `Event`, one variant per webhook the spec declares (each compiled with
//! its group), and `Unknown` for a `type` the spec does not declare, which is kept rather than refused (new
//! event types appear without notice).

use quote::quote;

use super::{TypePath, gate_attr, ident, type_tokens};
use crate::model::Api;

pub fn emit_webhooks(api: &Api) -> Vec<syn::Item> {
    let gates: Vec<_> = api.webhooks.iter().map(|w| gate_attr(&w.usage)).collect();
    let variants = api.webhooks.iter().zip(&gates).map(|(w, gate)| {
        let name = ident(&w.variant);
        let ty = type_tokens(&w.payload, TypePath::ViaTypes);
        let ty = if w.boxed { quote!(Box<#ty>) } else { ty };
        let doc = match &w.summary {
            Some(summary) => format!(" `{}`: {}", w.event_type, summary.trim().replace('`', "'")),
            None => format!(" `{}`.", w.event_type),
        };
        quote!(#[doc = #doc] #gate #name(#ty))
    });
    let parse_arms = api.webhooks.iter().zip(&gates).map(|(w, gate)| {
        let (name, kind) = (ident(&w.variant), &w.event_type);
        let value = if w.boxed {
            quote!(Box::new(webhooks::event_payload(raw_body)?))
        } else {
            quote!(webhooks::event_payload(raw_body)?)
        };
        quote!(#gate if kind == #kind { return Ok(Event::#name(#value)); })
    });
    let type_arms = api.webhooks.iter().zip(&gates).map(|(w, gate)| {
        let (name, kind) = (ident(&w.variant), &w.event_type);
        quote!(#gate Self::#name(_) => #kind,)
    });
    let debug_arms = api.webhooks.iter().zip(&gates).map(|(w, gate)| {
        let (name, label) = (ident(&w.variant), w.variant.trim_start_matches("r#"));
        quote!(#gate Self::#name(payload) => f.debug_tuple(#label).field(&runtime::Masked(payload)).finish(),)
    });
    let mut items: Vec<syn::Item> = vec![
        syn::parse_quote! {
            /// A webhook event of this version: its payload, typed. Verify the raw body first
            /// ([`crate::webhooks::Verifier`]), then parse it. Unknown fields are ignored; a `type` this version
            /// does not declare (or whose group's feature is off) is kept as [`Event::Unknown`].
            #[derive(Clone, PartialEq)]
            #[non_exhaustive]
            pub enum Event {
                #(#variants,)*
                /// A `type` this version does not know, with the event as received.
                Unknown { event_type: String, raw: serde_json::Value },
            }
        },
        syn::parse_quote! {
            impl Event {
                /// Decodes a webhook body (after verifying it). `WebhookError::Decode` when it is not JSON, has no
                /// string `type`, or a declared event's payload does not fit its schema.
                pub fn parse(raw_body: &[u8]) -> Result<Event, WebhookError> {
                    let (kind, value) = webhooks::event_type(raw_body)?;
                    #(#parse_arms)*
                    Ok(Event::Unknown { event_type: kind, raw: value })
                }

                /// The event's `type` (`INSTRUMENT_ACTIVE_WEBHOOK`).
                pub fn event_type(&self) -> &str {
                    match self {
                        #(#type_arms)*
                        Self::Unknown { event_type, .. } => event_type,
                    }
                }
            }
        },
        syn::parse_quote! {
            /// Shows the payload with card data redacted and card numbers masked.
            impl std::fmt::Debug for Event {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(#debug_arms)*
                        Self::Unknown { event_type, raw } => f
                            .debug_struct("Unknown")
                            .field("event_type", event_type)
                            .field("raw", &runtime::RedactedJson(raw))
                            .finish(),
                    }
                }
            }
        },
    ];
    let mut file = super::imports_for(
        &items,
        &[
            ("runtime", "crate::runtime"),
            ("webhooks", "crate::runtime::webhooks"),
            ("WebhookError", "crate::runtime::webhooks::WebhookError"),
            ("types", "super::types"),
        ],
    );
    // Only payloads name types: the import compiles when one of them does.
    let typed = api.webhooks.iter().filter(|w| w.payload.mentions_named());
    if let Some(gate) = super::union_usage(typed.map(|w| &w.usage)).and_then(|all| gate_attr(&all)) {
        for import in &mut file {
            if quote::ToTokens::to_token_stream(import).to_string().ends_with("types ;") {
                super::add_attr(import, gate.clone());
            }
        }
    }
    file.append(&mut items);
    file
}
