//! `pages()` and `items()` on the request builder of a paged list ([`Paging`]): each page is the builder
//! sent as `send` sends it, and the next request is the same builder with the page's cursor written in.

use proc_macro2::TokenStream;
use quote::quote;

use super::{TypePath, ident, type_tokens};
use crate::model::{CursorPlace, FieldStep, NextCursor, Operation, Paging};

/// The two methods, for an operation that pages.
pub(crate) fn emit_paging(op: &Operation) -> Option<TokenStream> {
    let paging = op.paging.as_ref()?;
    let page = op.responses.iter().find(|r| r.status.is_success())?.body.as_ref()?;
    let page = type_tokens(page, TypePath::ViaTypes);
    let item = type_tokens(&paging.item, TypePath::ViaTypes);
    let asked = read_cursor(paging);
    let write = write_cursor(paging);
    let next = next_cursor(paging);
    let had_items = had_items(paging);
    let items_of = items_of(&paging.items);
    let method = op.fn_name.trim_start_matches("r#");
    let pages_doc = format!(
        " Every page of the list, first to last, as a `futures_core::Stream`: this request, then the same request \
         with each page's cursor. Each page is sent as [`send`](Self::send) sends it (retries, deadline, tracing); \
         the stream ends after a page with no next cursor or no items, or after a failed page (its error is the \
         last item). Made by [`Client::{method}`]."
    );
    Some(quote! {
        #[doc = #pages_doc]
        pub fn pages(self) -> runtime::Pages<'a, Self, #page, Error> {
            runtime::Pages::new(
                self,
                |request| Box::pin(request.send()),
                |mut request, page| {
                    let next = runtime::next_cursor(#next, #asked, #had_items)?.to_owned();
                    #write
                    Some(request)
                },
            )
        }

        /// The items of every page, in order: [`pages`](Self::pages) with each page's items taken out. A failed
        /// page is one `Err` item, and the end.
        pub fn items(self) -> runtime::Items<'a, Self, #page, #item, Error> {
            runtime::Items::new(self.pages(), |page| #items_of)
        }
    })
}

/// `Option<&str>`: the string at `steps` under `root`, through optional fields.
fn read_str(root: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let Some((last, path)) = steps.split_last() else { return quote!(None) };
    let mut expr = root;
    let mut in_option = false;
    for step in path {
        let name = ident(&step.rust_name);
        expr = match (in_option, step.optional) {
            (false, false) => quote!(#expr.#name),
            (false, true) => quote!(#expr.#name.as_ref()),
            (true, false) => quote!(#expr.map(|value| &value.#name)),
            (true, true) => quote!(#expr.and_then(|value| value.#name.as_ref())),
        };
        in_option |= step.optional;
    }
    let name = ident(&last.rust_name);
    match (in_option, last.optional) {
        (false, false) => quote!(Some(#expr.#name.as_str())),
        (false, true) => quote!(#expr.#name.as_deref()),
        (true, false) => quote!(#expr.map(|value| value.#name.as_str())),
        (true, true) => quote!(#expr.and_then(|value| value.#name.as_deref())),
    }
}

/// The cursor the request was asked with.
fn read_cursor(paging: &Paging) -> TokenStream {
    match &paging.cursor {
        CursorPlace::Body(steps) => read_str(quote!(request), steps),
        CursorPlace::Query(step) => read_str(quote!(request), std::slice::from_ref(step)),
    }
}

/// Writes `next` (a `String`) where the request carries the cursor. An absent optional object on the way is
/// made empty when it can be; when it cannot, there is no next request (`?` in the closure that asks).
fn write_cursor(paging: &Paging) -> TokenStream {
    let steps = match &paging.cursor {
        CursorPlace::Body(steps) => steps.as_slice(),
        CursorPlace::Query(step) => std::slice::from_ref(step),
    };
    let mut place = quote!(request);
    let Some((last, path)) = steps.split_last() else { return quote!() };
    for step in path {
        let name = ident(&step.rust_name);
        place = match (step.optional, step.fill) {
            (false, _) => quote!(#place.#name),
            (true, true) => quote!(#place.#name.get_or_insert_with(Default::default)),
            (true, false) => quote!(#place.#name.as_mut()?),
        };
    }
    let name = ident(&last.rust_name);
    if last.optional { quote!(#place.#name = Some(next);) } else { quote!(#place.#name = next;) }
}

/// The page's next cursor, `Option<&str>`.
fn next_cursor(paging: &Paging) -> TokenStream {
    match &paging.next {
        NextCursor::Field(step) => read_str(quote!(page), std::slice::from_ref(step)),
        NextCursor::LastItem(id) => {
            let items = items_ref(&paging.items);
            let id_name = ident(&id.rust_name);
            let last = quote!(#items.and_then(|items| items.last()));
            if id.optional {
                quote!(#last.and_then(|item| item.#id_name.as_deref()))
            } else {
                quote!(#last.map(|item| item.#id_name.as_str()))
            }
        }
    }
}

/// `Option<&Vec<Item>>`: the page's items.
fn items_ref(items: &FieldStep) -> TokenStream {
    let name = ident(&items.rust_name);
    if items.optional { quote!(page.#name.as_ref()) } else { quote!(Some(&page.#name)) }
}

/// Whether the page had items and, when it says so, more follow.
fn had_items(paging: &Paging) -> TokenStream {
    let items = items_ref(&paging.items);
    let had = quote!(#items.is_some_and(|items| !items.is_empty()));
    match &paging.has_more {
        Some(step) => {
            let name = ident(&step.rust_name);
            let more = if step.optional { quote!(page.#name != Some(false)) } else { quote!(page.#name) };
            quote!(#had && #more)
        }
        None => had,
    }
}

/// The page's items, moved out of it.
fn items_of(items: &FieldStep) -> TokenStream {
    let name = ident(&items.rust_name);
    if items.optional { quote!(page.#name.unwrap_or_default()) } else { quote!(page.#name) }
}
