//! Cursor pagination: a list operation's pages, and their items, as `futures_core::Stream`s. Each page is one
//! ordinary call of the operation's request builder (so it gets the same retries, deadline and tracing); the
//! generated code says how a page's cursor goes into the next request and where a page's items are.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::meta::ApiResponse;

/// One page's call, in flight.
type PageFuture<'a, P, E> = Pin<Box<dyn Future<Output = Result<ApiResponse<P>, E>> + Send + 'a>>;

/// The pages of a list, first to last: the request as built, then the same request with each page's cursor,
/// until a page has no cursor (null, empty or missing), no items, or the cursor it was asked with (a server
/// that never moves on would otherwise be asked forever). A failed page ends the stream after its error.
#[must_use = "a stream does nothing until polled"]
pub struct Pages<'a, B, P, E> {
    /// The request for the next page, if there is one.
    next: Option<B>,
    /// The page being fetched, and the request it was asked with (to derive the one after it).
    pending: Option<(B, PageFuture<'a, P, E>)>,
    send: fn(B) -> PageFuture<'a, P, E>,
    advance: fn(B, &P) -> Option<B>,
}

impl<'a, B: Clone, P, E> Pages<'a, B, P, E> {
    /// The pages from `first` on. `send` fetches one page; `advance` gives the request for the page after
    /// `page`, or `None` when `page` is the last.
    pub fn new(first: B, send: fn(B) -> PageFuture<'a, P, E>, advance: fn(B, &P) -> Option<B>) -> Self {
        Pages { next: Some(first), pending: None, send, advance }
    }
}

// Nothing in `Pages` is structurally pinned: the future is boxed.
impl<B, P, E> Unpin for Pages<'_, B, P, E> {}

impl<B: Clone, P, E> Stream for Pages<'_, B, P, E> {
    type Item = Result<ApiResponse<P>, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.pending.is_none() {
            let Some(request) = this.next.take() else { return Poll::Ready(None) };
            let future = (this.send)(request.clone());
            this.pending = Some((request, future));
        }
        let Some((_, future)) = this.pending.as_mut() else { return Poll::Ready(None) };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        let Some((request, _)) = this.pending.take() else { return Poll::Ready(None) };
        if let Ok(page) = &result {
            this.next = (this.advance)(request, &page.body);
        }
        Poll::Ready(Some(result))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let more = usize::from(self.next.is_some() || self.pending.is_some());
        (more, if more == 0 { Some(0) } else { None })
    }
}

/// The next cursor of a page, when there is a next page: a non-empty cursor other than the one the page was
/// asked with, on a page that had items.
pub fn next_cursor<'p>(cursor: Option<&'p str>, asked_with: Option<&str>, had_items: bool) -> Option<&'p str> {
    cursor.filter(|c| had_items && !c.is_empty() && Some(*c) != asked_with)
}

/// The items of every page, in order: [`Pages`] with each page's items taken out of it. A failed page is
/// one `Err` item, and the end.
#[must_use = "a stream does nothing until polled"]
pub struct Items<'a, B, P, T, E> {
    pages: Pages<'a, B, P, E>,
    current: std::vec::IntoIter<T>,
    items_of: fn(P) -> Vec<T>,
}

impl<'a, B, P, T, E> Items<'a, B, P, T, E> {
    /// The items of `pages`, `items_of` taking them out of a page.
    pub fn new(pages: Pages<'a, B, P, E>, items_of: fn(P) -> Vec<T>) -> Self {
        Items { pages, current: Vec::new().into_iter(), items_of }
    }
}

impl<B, P, T, E> Unpin for Items<'_, B, P, T, E> {}

impl<B: Clone, P, T, E> Stream for Items<'_, B, P, T, E> {
    type Item = Result<T, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(Some(Ok(page))) => this.current = (this.items_of)(page.body).into_iter(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_next_page_needs_a_new_cursor_and_items() {
        assert_eq!(next_cursor(Some("c2"), None, true), Some("c2"));
        assert_eq!(next_cursor(Some("c3"), Some("c2"), true), Some("c3"));
        assert_eq!(next_cursor(None, Some("c2"), true), None);
        assert_eq!(next_cursor(Some(""), None, true), None);
        assert_eq!(next_cursor(Some("c2"), None, false), None);
        assert_eq!(next_cursor(Some("c2"), Some("c2"), true), None, "a cursor that does not move ends the list");
    }
}
