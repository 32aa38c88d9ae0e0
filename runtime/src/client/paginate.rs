//! Paginators: an operation's pages as a [`Stream`], generic over the operation.
//!
//! Generated code supplies three plain functions per paginated operation
//! (read the next token from an output, set the token on an input, take the
//! items out of an output); the loop, the stop conditions and the detection
//! of a service that repeats a token are here, once.

use super::{Client, Operation, PaginationError, SdkError};
use futures_core::Stream;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

type Page<O> = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;
type PageFuture<O> = Pin<Box<dyn Future<Output = (O, Page<O>)> + Send>>;

/// A pagination token: a string, as most services use, or a structured
/// value such as a map (DynamoDB's `ExclusiveStartKey`).
pub trait PageToken: Clone + Send + Sync + 'static {
    /// Whether the token ends the pagination (an empty string or map).
    fn is_end(&self) -> bool;
    /// The token as text, to recognise one the service already sent and to
    /// name it in an error.
    fn key(&self) -> String;
}

impl PageToken for String {
    fn is_end(&self) -> bool {
        self.is_empty()
    }
    fn key(&self) -> String {
        self.clone()
    }
}

impl<K, V> PageToken for std::collections::BTreeMap<K, V>
where
    K: serde::Serialize + Ord + Clone + Send + Sync + 'static,
    V: serde::Serialize + Clone + Send + Sync + 'static,
{
    fn is_end(&self) -> bool {
        self.is_empty()
    }
    fn key(&self) -> String {
        // A value that cannot be written (a union member this client does not
        // know) still gets a key, from the error, so it is never taken for
        // another token.
        serde_json::to_string(self).unwrap_or_else(|e| format!("<unwritable token: {e}>"))
    }
}

/// How a generated crate reads and writes an operation's pagination members,
/// whose token has the type `T`.
pub struct PageAccess<O: Operation, T: PageToken = String> {
    /// The token an input carries (the caller may start from one).
    pub input_token: fn(&O) -> Option<&T>,
    /// The next token in an output; `None` or empty ends the pagination.
    pub next_token: fn(&O::Output) -> Option<&T>,
    /// Sets the token on the input for the next request.
    pub set_token: fn(&mut O, Option<T>),
}

impl<O: Operation, T: PageToken> Clone for PageAccess<O, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O: Operation, T: PageToken> Copy for PageAccess<O, T> {}

enum State<O: Operation> {
    /// The next request is to be sent with this input.
    Ready(O),
    /// A request is under way.
    Pending(PageFuture<O>),
    /// Finished.
    Done,
}

/// The pages of a paginated operation, in order. Ends after the page whose
/// next token is absent or empty, or after the first error.
///
/// A service that answers with a token it was already sent (the one just
/// sent, or any earlier one) would make the pagination loop forever; the
/// stream yields that page and then [`SdkError::Pagination`] and ends.
pub struct PageStream<O: Operation, T: PageToken = String> {
    client: Client,
    access: PageAccess<O, T>,
    state: State<O>,
    /// Every token sent so far, the caller's starting token included.
    sent_tokens: HashSet<String>,
    /// An error to yield after the current page, then end.
    trailing_error: Option<SdkError<O::Error>>,
}

/// No field is ever pinned in place: the request future is boxed.
impl<O: Operation, T: PageToken> Unpin for PageStream<O, T> {}

impl<O: Operation + Clone + 'static, T: PageToken> PageStream<O, T> {
    /// Pages starting from `input` (whose token, if set, is the first one sent).
    pub fn new(client: Client, input: O, access: PageAccess<O, T>) -> Self {
        let sent_tokens = (access.input_token)(&input).filter(|t| !t.is_end()).map(T::key).into_iter().collect();
        Self { client, access, state: State::Ready(input), sent_tokens, trailing_error: None }
    }

    /// The next page, or `None` at the end.
    pub async fn next(&mut self) -> Option<Page<O>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, one by one; `take_items` moves a page's
    /// items out of its output.
    pub fn items<I>(self, take_items: fn(O::Output) -> Vec<I>) -> ItemStream<O, I, T> {
        ItemStream { pages: self, take_items, buffered: VecDeque::new() }
    }
}

impl<O: Operation + Clone + 'static, T: PageToken> Stream for PageStream<O, T> {
    type Item = Page<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Done => return Poll::Ready(this.trailing_error.take().map(Err)),
                State::Ready(input) => {
                    let client = this.client.clone();
                    this.state = State::Pending(Box::pin(async move {
                        let result = client.invoke(&input).await;
                        (input, result)
                    }));
                }
                State::Pending(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Pending(future);
                        return Poll::Pending;
                    }
                    Poll::Ready((_, Err(e))) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready((mut input, Ok(output))) => {
                        let next = (this.access.next_token)(&output).filter(|t| !t.is_end());
                        if let Some(token) = next {
                            let key = token.key();
                            if this.sent_tokens.contains(&key) {
                                this.trailing_error =
                                    Some(SdkError::Pagination(PaginationError::repeated(key)).with_operation(O::NAME));
                            } else {
                                (this.access.set_token)(&mut input, Some(token.clone()));
                                this.sent_tokens.insert(key);
                                this.state = State::Ready(input);
                            }
                        }
                        return Poll::Ready(Some(Ok(output)));
                    }
                },
            }
        }
    }
}

/// The items (of type `I`) of every page of a paginated operation, in order.
pub struct ItemStream<O: Operation, I, T: PageToken = String> {
    pages: PageStream<O, T>,
    take_items: fn(O::Output) -> Vec<I>,
    buffered: VecDeque<I>,
}

/// No field is ever pinned in place.
impl<O: Operation, I, T: PageToken> Unpin for ItemStream<O, I, T> {}

impl<O: Operation + Clone + 'static, I, T: PageToken> ItemStream<O, I, T> {
    /// The next item, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<I, SdkError<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item of every page; the first error ends the collection.
    pub async fn collect(mut self) -> Result<Vec<I>, SdkError<O::Error>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<O: Operation + Clone + 'static, I, T: PageToken> Stream for ItemStream<O, I, T> {
    type Item = Result<I, SdkError<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffered.extend((this.take_items)(page)),
            }
        }
    }
}
