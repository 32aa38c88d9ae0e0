//! What can go wrong when calling an operation.
//!
//! Every error's `Display` is one line, and says what happened without
//! repeating its cause; `source()` leads to the cause, as the Rust API
//! guidelines ask, and never to an error whose text the line already shows.
//! An [`SdkError`]'s line starts with the operation
//! (`DeleteImage: ResourceNotFoundException: The image ghost does not exist (request id 1234)`).
//!
//! What an error keeps from a response is bounded when the error is built,
//! whatever the service sent: a message at most [`MAX_MESSAGE_CHARS`]
//! characters, a code at most [`MAX_CODE_CHARS`], the body an
//! [`UnhandledError`] keeps at most [`MAX_ERROR_BODY_BYTES`] bytes; longer
//! text is cut on a character boundary and ends with [`TRUNCATION_MARKER`].

use super::protocol;
use super::Protocol;
use crate::validate::{ValidationErrors, Violation};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The longest body excerpt kept in errors, in characters.
pub const SNIPPET_CHARS: usize = 256;

/// The most characters of an error message an error keeps (the
/// service's message, in [`ErrorResponse`], [`ResponseMeta`],
/// [`UnhandledError`] and every string of a modelled error structure).
pub const MAX_MESSAGE_CHARS: usize = 8 * 1024;

/// The most characters of an error code an error keeps.
pub const MAX_CODE_CHARS: usize = 256;

/// The most bytes of an error response's body an [`UnhandledError`] keeps
/// (cut on a UTF-8 character boundary when the body is UTF-8 there).
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

pub use crate::text::TRUNCATION_MARKER;

/// At most [`SNIPPET_CHARS`] characters of `body`, control characters as
/// spaces, ending in `…` when cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text.chars().take(SNIPPET_CHARS).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().count() > SNIPPET_CHARS || head.len() < body.len() {
        out.pop();
        out.push('…');
    }
    out
}

pub(crate) use crate::text::{bound_string, bounded};

/// At most [`MAX_ERROR_BODY_BYTES`] of `body`, cut where no UTF-8
/// character is split (a copy when cut, so the whole body is not kept
/// alive), and whether it was cut.
fn bounded_body(body: Bytes) -> (Bytes, bool) {
    if body.len() <= MAX_ERROR_BODY_BYTES {
        return (body, false);
    }
    let mut cut = MAX_ERROR_BODY_BYTES;
    // Back up over continuation bytes (at most 3) to the start of a character.
    while cut > MAX_ERROR_BODY_BYTES - 3 && body[cut] & 0xC0 == 0x80 {
        cut -= 1;
    }
    if body[cut] & 0xC0 == 0x80 {
        cut = MAX_ERROR_BODY_BYTES; // not UTF-8 here: cut at the byte bound
    }
    (Bytes::copy_from_slice(&body[..cut]), true)
}

/// A response with a non-2xx status, before it becomes an operation's error.
///
/// Generated [`ServiceError::from_response`](super::ServiceError::from_response)
/// implementations match [`code`](Self::code) against the operation's
/// modelled errors and read the matching one with
/// [`parse_modeled`](Self::parse_modeled). The code and message are bounded
/// ([`MAX_CODE_CHARS`], [`MAX_MESSAGE_CHARS`]); the body is kept whole
/// until the error is built.
#[derive(Clone)]
pub struct ErrorResponse {
    protocol: Protocol,
    status: u16,
    code: String,
    message: Option<String>,
    request_id: Option<String>,
    headers: http::HeaderMap,
    body: Bytes,
}

impl ErrorResponse {
    /// Reads the code, message and request id of an error response the way
    /// `protocol` sends them. Public so that hand-written tests of generated
    /// error types can build one.
    ///
    /// In awsJson the code comes from the `X-Amzn-ErrorType` header, else
    /// from the body's top-level `__type` (or `code`); in rpcv2Cbor only
    /// from the body's `__type`. It is found without reading the rest of
    /// the body into memory, so a body of any size or depth still yields it.
    pub fn from_parts(protocol: Protocol, status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        Self::read(protocol, false, status, headers, body)
    }

    /// Reads an error response of `service` in `protocol`: as
    /// [`from_parts`](Self::from_parts), and for a service with
    /// [`query_compatible`](super::ServiceMeta::query_compatible), the code
    /// from the `x-amzn-query-error` header (`Code;Fault`) when it is present.
    pub fn for_service(
        service: &super::ServiceMeta,
        protocol: Protocol,
        status: u16,
        headers: http::HeaderMap,
        body: Bytes,
    ) -> Self {
        Self::read(protocol, service.query_compatible, status, headers, body)
    }

    /// An error response that is not in the protocol (an rpcv2Cbor response
    /// without `smithy-protocol: rpc-v2-cbor`): only its status is read, so
    /// it has no code, message or request id.
    pub(crate) fn unreadable(protocol: Protocol, status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        ErrorResponse { protocol, status, code: String::new(), message: None, request_id: None, headers, body }
    }

    fn read(protocol: Protocol, query_compatible: bool, status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        let parsed = protocol::parse_error(protocol, query_compatible, &headers, &body);
        let mut code = parsed.code;
        bound_string(&mut code, MAX_CODE_CHARS);
        let mut message = parsed.message;
        if let Some(m) = &mut message {
            bound_string(m, MAX_MESSAGE_CHARS);
        }
        let mut request_id = parsed.request_id;
        if let Some(id) = &mut request_id {
            bound_string(id, MAX_CODE_CHARS);
        }
        ErrorResponse { protocol, status, code, message, request_id, headers, body }
    }

    /// The error's shape name (`ResourceNotFoundException`), without
    /// namespace or suffix; empty when the response names none.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The body's `message` (or `Message`).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The `x-amzn-RequestId` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    fn response_error(&self, source: BoxError) -> ResponseError {
        ResponseError {
            operation: None,
            status: self.status,
            request_id: self.request_id.clone(),
            snippet: snippet(&self.body),
            source,
        }
    }

    /// The body as a modelled error structure (an empty body reads as `{}`).
    pub fn parse_body<T: DeserializeOwned>(&self) -> Result<T, ResponseError> {
        let root = if self.code.is_empty() { "Error" } else { &self.code };
        protocol::parse_body(self.protocol, &self.body, &root).map_err(|source| self.response_error(source))
    }

    /// The body as a modelled error structure whose message member is named
    /// `message_member`: the protocol's other spellings of the message
    /// (`message` for `Message`) fill it, and never clash with it. Every
    /// string of the body is cut to [`MAX_MESSAGE_CHARS`] characters
    /// first, so the structure's message is bounded too.
    pub fn parse_error_body<T: DeserializeOwned>(&self, message_member: &str) -> Result<T, ResponseError> {
        let root = if self.code.is_empty() { "Error" } else { &self.code };
        protocol::parse_error_body(self.protocol, &self.body, &root, message_member)
            .map_err(|source| self.response_error(source))
    }

    /// The response read as the modelled error `T` and wrapped by `wrap`,
    /// or, when its body does not read as `T`, as an unhandled error: the
    /// one function through which every operation maps its error codes.
    pub fn parse_modeled<T: crate::ModeledError + DeserializeOwned, E>(
        self,
        wrap: fn(T) -> E,
        unhandled: fn(UnhandledError) -> E,
    ) -> E {
        match self.parse_error_body::<T>(T::MESSAGE_MEMBER.unwrap_or("")) {
            Ok(e) => wrap(e),
            Err(_) => unhandled(self.into_unhandled()),
        }
    }

    /// Status, request id, code and message.
    pub fn meta(&self) -> ResponseMeta {
        ResponseMeta {
            operation: None,
            status: self.status,
            request_id: self.request_id.clone(),
            code: (!self.code.is_empty()).then(|| self.code.clone()),
            message: self.message.clone(),
        }
    }

    /// The response as an error that no operation models; it keeps at most
    /// [`MAX_ERROR_BODY_BYTES`] of the body.
    pub fn into_unhandled(self) -> UnhandledError {
        let (body, body_truncated) = bounded_body(self.body);
        UnhandledError {
            status: self.status,
            code: (!self.code.is_empty()).then_some(self.code),
            message: self.message,
            request_id: self.request_id,
            body,
            body_truncated,
        }
    }
}

impl fmt::Debug for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorResponse")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("body", &snippet(&self.body))
            .finish()
    }
}

impl From<ErrorResponse> for UnhandledError {
    fn from(response: ErrorResponse) -> Self {
        response.into_unhandled()
    }
}

/// An error response that the operation does not model (or whose body did
/// not fit the modelled shape): generated error enums hold it in their
/// unhandled variant.
#[derive(Clone)]
pub struct UnhandledError {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    body: Bytes,
    body_truncated: bool,
}

impl UnhandledError {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code, when the response named one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The raw body: its first [`MAX_ERROR_BODY_BYTES`] bytes at most (see
    /// [`body_truncated`](Self::body_truncated)).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the body was longer than [`MAX_ERROR_BODY_BYTES`] and
    /// [`body`](Self::body) holds only its start.
    pub fn body_truncated(&self) -> bool {
        self.body_truncated
    }
}

impl fmt::Debug for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnhandledError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("body", &snippet(&self.body))
            .finish()
    }
}

/// `Code: message`, `Code`, `HTTP 404: message` or `HTTP 404 error
/// response without an error code`.
fn fmt_code_message(f: &mut fmt::Formatter<'_>, status: u16, code: Option<&str>, message: Option<&str>) -> fmt::Result {
    use crate::text::OneLine;
    match (code, message) {
        (Some(code), Some(message)) => write!(f, "{}: {}", OneLine(code), OneLine(message)),
        (Some(code), None) => write!(f, "{}", OneLine(code)),
        (None, Some(message)) => write!(f, "HTTP {status}: {}", OneLine(message)),
        (None, None) => write!(f, "HTTP {status} error response without an error code"),
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_code_message(f, self.status, self.code.as_deref(), self.message.as_deref())
    }
}

impl StdError for UnhandledError {}

/// What every error of an operation's error enum offers: its code and
/// message, and itself as a `std::error::Error`. Generated error enums
/// delegate `code()`, `message()` and `Display` to it (and return no
/// `source()`, since their `Display` already is the inner error's).
pub trait ErrorMeta: StdError + Send + Sync + 'static {
    /// The error code.
    fn code(&self) -> Option<&str>;
    /// The message, if any.
    fn message(&self) -> Option<&str>;
    /// The error itself.
    fn as_error(&self) -> &(dyn StdError + 'static);
}

impl<T: crate::ModeledError> ErrorMeta for T {
    fn code(&self) -> Option<&str> {
        Some(T::CODE)
    }

    fn message(&self) -> Option<&str> {
        crate::ModeledError::message(self)
    }

    fn as_error(&self) -> &(dyn StdError + 'static) {
        self
    }
}

impl ErrorMeta for UnhandledError {
    fn code(&self) -> Option<&str> {
        UnhandledError::code(self)
    }

    fn message(&self) -> Option<&str> {
        UnhandledError::message(self)
    }

    fn as_error(&self) -> &(dyn StdError + 'static) {
        self
    }
}

/// What identifies a service error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    operation: Option<&'static str>,
    status: u16,
    request_id: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

impl ResponseMeta {
    /// The operation that was called (`DeleteImage`).
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `x-amzn-RequestId` header (quote it to AWS Support).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The error code (at most [`MAX_CODE_CHARS`] characters).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message (at most [`MAX_MESSAGE_CHARS`] characters).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// `Code: message (request id ..)`; the HTTP status when there is no code
/// (`HTTP 404: message`). The operation is not part of it: [`SdkError`]
/// puts it first.
impl fmt::Display for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_code_message(f, self.status, self.code.as_deref(), self.message.as_deref())?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// The input broke a constraint of the model; nothing was sent.
///
/// It is the operation's [`ValidationErrors`], with the operation. Its
/// `Display` is one line (the first violation and how many more); the
/// alternate form `{:#}` lists every violation, one per line, as
/// [`ValidationErrors`]' does.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    operation: Option<&'static str>,
    errors: ValidationErrors,
}

impl ValidationError {
    /// The operation whose input was invalid.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// Every violation, in the order the input's members were visited.
    pub fn violations(&self) -> &[Violation] {
        self.errors.violations()
    }

    /// The violations as the input's `validate` returned them.
    pub fn errors(&self) -> &ValidationErrors {
        &self.errors
    }

    /// The violations, by value.
    pub fn into_errors(self) -> ValidationErrors {
        self.errors
    }
}

impl From<ValidationErrors> for ValidationError {
    fn from(errors: ValidationErrors) -> Self {
        ValidationError { operation: None, errors }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid input: ")?;
        fmt::Display::fmt(&self.errors, f)
    }
}

impl StdError for ValidationError {}

/// Calling an operation failed.
///
/// `E` is the operation's error type; generated crates may turn every
/// operation's `SdkError<OpError>` into one crate-level error with
/// [`SdkError::map_service_error`].
///
/// Its `Display` is one line that starts with the operation
/// ([`operation`](Self::operation)), e.g.
/// `DeleteImage: ResourceNotFoundException: The image ghost does not exist (request id 1234)`,
/// `CreateFleet: cannot connect to http://127.0.0.1:1/` or
/// `CreateFleet: invalid input: CreateFleetInput.Name: required member is missing (and 1 more)`.
/// `source()` leads to the cause (the connection's error, the JSON error)
/// and never to an error that line already shows: a service error's
/// source is not the operation's error (whose text is the line's; see
/// [`service_error`](Self::service_error)).
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input broke a constraint; nothing was sent.
    Validation(ValidationError),
    /// The request could not be built: no region, no credentials, a bad
    /// endpoint, an input that did not serialize. Nothing was sent.
    Construction(ConstructionError),
    /// A timeout expired (after retrying, for connect and attempt timeouts).
    Timeout(TimeoutError),
    /// The connection failed (after retrying).
    Transport(TransportError),
    /// A successful response's body could not be read as the output.
    Response(ResponseError),
    /// A paginator stopped: the service answered with the token it was sent.
    Pagination(PaginationError),
    /// The service answered with an error.
    Service {
        /// The operation's error.
        error: E,
        /// Operation, status, request id, code and message of the response.
        meta: ResponseMeta,
    },
}

impl<E> SdkError<E> {
    /// The operation that failed (`CreateFleet`): known for every error
    /// that `Client::invoke` returns, `None` for
    /// one made elsewhere (a builder's error converted with `?`).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            SdkError::Validation(e) => e.operation,
            SdkError::Construction(e) => e.operation,
            SdkError::Timeout(e) => e.operation,
            SdkError::Transport(e) => e.operation,
            SdkError::Response(e) => e.operation,
            SdkError::Pagination(e) => e.operation,
            SdkError::Service { meta, .. } => meta.operation,
        }
    }

    /// The same error, naming `operation`.
    pub(crate) fn with_operation(mut self, operation: &'static str) -> Self {
        let slot = match &mut self {
            SdkError::Validation(e) => &mut e.operation,
            SdkError::Construction(e) => &mut e.operation,
            SdkError::Timeout(e) => &mut e.operation,
            SdkError::Transport(e) => &mut e.operation,
            SdkError::Response(e) => &mut e.operation,
            SdkError::Pagination(e) => &mut e.operation,
            SdkError::Service { meta, .. } => &mut meta.operation,
        };
        *slot = Some(operation);
        self
    }

    /// The operation's error, when the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The operation's error, by value; else `self` back.
    pub fn into_service_error(self) -> Result<E, Self> {
        match self {
            SdkError::Service { error, .. } => Ok(error),
            other => Err(other),
        }
    }

    /// The violations, when the input was invalid. `{:#}` of them lists
    /// each on its own line.
    pub fn validation_errors(&self) -> Option<&ValidationErrors> {
        match self {
            SdkError::Validation(e) => Some(&e.errors),
            _ => None,
        }
    }

    /// Status, request id, code and message of a service error response.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            SdkError::Service { meta, .. } => Some(meta),
            _ => None,
        }
    }

    /// The request id of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service { meta, .. } => meta.request_id(),
            SdkError::Response(e) => e.request_id(),
            _ => None,
        }
    }

    /// The service's error code.
    pub fn code(&self) -> Option<&str> {
        self.meta().and_then(ResponseMeta::code)
    }

    /// The service's error message.
    pub fn message(&self) -> Option<&str> {
        self.meta().and_then(ResponseMeta::message)
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Service { meta, .. } => Some(meta.status()),
            SdkError::Response(e) => Some(e.status()),
            _ => None,
        }
    }

    /// The same error with the operation's error converted by `f`.
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Validation(e) => SdkError::Validation(e),
            SdkError::Construction(e) => SdkError::Construction(e),
            SdkError::Timeout(e) => SdkError::Timeout(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::Response(e) => SdkError::Response(e),
            SdkError::Pagination(e) => SdkError::Pagination(e),
            SdkError::Service { error, meta } => SdkError::Service { error: f(error), meta },
        }
    }
}

impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = self.operation() {
            write!(f, "{operation}: ")?;
        }
        // `write!` with a fresh `{}`: the parts are one line even under `{:#}`.
        match self {
            SdkError::Validation(e) => write!(f, "{e}"),
            SdkError::Construction(e) => write!(f, "cannot build the request: {e}"),
            SdkError::Timeout(e) => write!(f, "{e}"),
            SdkError::Transport(e) => write!(f, "{e}"),
            SdkError::Response(e) => write!(f, "{e}"),
            SdkError::Pagination(e) => write!(f, "{e}"),
            SdkError::Service { meta, .. } => write!(f, "{meta}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::Validation(_) | SdkError::Timeout(_) | SdkError::Pagination(_) => None,
            SdkError::Construction(e) => e.source(),
            SdkError::Transport(e) => e.source(),
            SdkError::Response(e) => e.source(),
            // The line is the response's code and message, which is what the
            // operation's error says too: its cause, if any, comes next.
            SdkError::Service { error, .. } => error.source(),
        }
    }
}

/// What kind of problem a [`ConstructionError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConstructionErrorKind {
    /// No region is configured.
    MissingRegion,
    /// The region is not a valid host name label.
    InvalidRegion,
    /// The credentials provider failed (see the source).
    Credentials,
    /// The endpoint URL is not a valid `http(s)://host[:port][/path]`.
    InvalidEndpoint,
    /// The input did not serialize.
    Serialization,
    /// The request could not be signed (e.g. a header value that is not ASCII).
    Signing,
    /// A builder was missing a required member.
    MissingMember,
    /// An input member that goes into the endpoint's host (`@hostLabel`) is
    /// missing or is not a valid host label.
    InvalidHostLabel,
    /// The service's endpoint rules give no endpoint for this configuration
    /// or input: an error rule matched (the message quotes it, such as
    /// `"Invalid Configuration: FIPS and custom endpoint are not supported"`),
    /// or what they resolved cannot be used (a header that cannot be sent,
    /// auth schemes without `sigv4`). A URL that is not valid is
    /// [`InvalidEndpoint`](Self::InvalidEndpoint).
    EndpointRules,
    /// The configured wire protocol is not one the service supports.
    Protocol,
}

/// The request could not be built; nothing was sent.
#[derive(Debug)]
pub struct ConstructionError {
    operation: Option<&'static str>,
    kind: ConstructionErrorKind,
    message: String,
    source: Option<BoxError>,
}

impl ConstructionError {
    pub(crate) fn new(kind: ConstructionErrorKind, message: impl Into<String>) -> Self {
        ConstructionError { operation: None, kind, message: message.into(), source: None }
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ConstructionErrorKind {
        self.kind
    }

    /// The operation whose request it was.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }
}

impl From<crate::BuildError> for ConstructionError {
    /// The builder's message, which names the member; no source, since the
    /// message already is the builder error's.
    fn from(e: crate::BuildError) -> Self {
        ConstructionError::new(ConstructionErrorKind::MissingMember, e.to_string())
    }
}

impl<E> From<crate::BuildError> for SdkError<E> {
    fn from(e: crate::BuildError) -> Self {
        SdkError::Construction(e.into())
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for ConstructionError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

/// A paginator stopped because the service returned, as the next token, a
/// token it had already been sent; following it would never end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationError {
    operation: Option<&'static str>,
    token: String,
}

impl PaginationError {
    pub(crate) fn repeated(token: String) -> Self {
        PaginationError { operation: None, token }
    }

    /// The repeated token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The operation that was paginated.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the service returned a pagination token it was already sent ({:?}); stopping instead of looping",
            crate::validate::shorten(&self.token)
        )
    }
}

impl StdError for PaginationError {}

/// Which timeout expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Opening a connection (TCP and TLS).
    Connect,
    /// One attempt: connecting, sending, and reading the whole response.
    Attempt,
    /// The whole operation, retries and backoff included.
    Operation,
}

/// A timeout expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    operation: Option<&'static str>,
    kind: TimeoutKind,
    duration: Duration,
}

impl TimeoutError {
    pub(crate) fn new(kind: TimeoutKind, duration: Duration) -> Self {
        TimeoutError { operation: None, kind, duration }
    }

    /// Which timeout.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// Its configured duration.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// The operation that timed out.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "the request attempt",
            TimeoutKind::Operation => "the operation (with its retries)",
        };
        write!(f, "timeout: {what} took longer than {:?}", self.duration)
    }
}

impl StdError for TimeoutError {}

/// What kind of problem a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be opened (DNS, refused, TLS handshake); the
    /// request was not sent. Retried.
    Connect,
    /// Opening the connection took longer than the connect timeout. Retried.
    ConnectTimeout,
    /// The connection failed while sending or receiving. Retried.
    Io,
    /// Anything else, e.g. a request the transport cannot send. Not retried.
    Other,
    /// The response body is larger than the configured limit
    /// ([`ConfigBuilder::max_response_body`](super::ConfigBuilder::max_response_body)):
    /// its `Content-Length` says so, or more bytes than the limit arrived.
    /// The body was not read past the limit. Not retried: a service that
    /// sent too much once will most likely do it again, and each attempt
    /// would cost up to the limit in memory and bandwidth.
    ResponseTooLarge,
}

/// An HTTP transport failed.
///
/// The client adds the operation and the URL of the request when the
/// transport returns it, so its `Display` names where it tried to go
/// (`cannot connect to https://appstream2.us-east-1.amazonaws.com/`).
#[derive(Debug)]
pub struct TransportError {
    operation: Option<&'static str>,
    /// Boxed: most results never hold an error, and this keeps them small.
    url: Option<Box<http::Uri>>,
    kind: TransportErrorKind,
    timeout: Option<Duration>,
    too_large: Option<BodyTooLarge>,
    source: BoxError,
}

/// The details of a [`TransportErrorKind::ResponseTooLarge`], and its source.
#[derive(Debug, Clone, Copy)]
struct BodyTooLarge {
    limit: usize,
    seen: u64,
    declared: bool,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BodyTooLarge { limit, seen, declared } = *self;
        if declared {
            write!(f, "its Content-Length is {seen} bytes")?;
        } else {
            write!(f, "{seen} bytes were received before reading stopped")?;
        }
        write!(f, ", above the limit of {limit} bytes (ConfigBuilder::max_response_body)")
    }
}

impl StdError for BodyTooLarge {}

impl TransportError {
    fn of_kind(kind: TransportErrorKind, source: BoxError) -> Self {
        TransportError { operation: None, url: None, kind, timeout: None, too_large: None, source }
    }

    /// No connection could be opened.
    pub fn connect(source: impl Into<BoxError>) -> Self {
        Self::of_kind(TransportErrorKind::Connect, source.into())
    }

    /// Opening the connection took longer than `timeout`.
    pub fn connect_timeout(timeout: Duration, source: impl Into<BoxError>) -> Self {
        TransportError { timeout: Some(timeout), ..Self::of_kind(TransportErrorKind::ConnectTimeout, source.into()) }
    }

    /// The connection failed while sending or receiving.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self::of_kind(TransportErrorKind::Io, source.into())
    }

    /// Any other failure; not retried.
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self::of_kind(TransportErrorKind::Other, source.into())
    }

    /// The response body is larger than `limit` bytes: `seen` bytes arrived
    /// (more than `limit`) and reading stopped there. Not retried.
    pub fn response_too_large(limit: usize, seen: u64) -> Self {
        Self::too_large(BodyTooLarge { limit, seen, declared: false })
    }

    /// The response's `Content-Length` (`declared`) is above `limit`; no
    /// byte of the body was read.
    pub(crate) fn response_declared_too_large(limit: usize, declared: u64) -> Self {
        Self::too_large(BodyTooLarge { limit, seen: declared, declared: true })
    }

    fn too_large(details: BodyTooLarge) -> Self {
        TransportError {
            too_large: Some(details),
            ..Self::of_kind(TransportErrorKind::ResponseTooLarge, Box::new(details))
        }
    }

    /// The same error, for a request to `url` (the client sets it; a
    /// transport need not).
    pub fn with_url(mut self, url: http::Uri) -> Self {
        self.url = Some(Box::new(url));
        self
    }

    /// The URL of the request, when known.
    pub fn url(&self) -> Option<&http::Uri> {
        self.url.as_deref()
    }

    /// The operation whose request it was.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// For [`TransportErrorKind::ResponseTooLarge`]: the limit, in bytes.
    pub fn response_limit(&self) -> Option<usize> {
        self.too_large.map(|d| d.limit)
    }

    /// For [`TransportErrorKind::ResponseTooLarge`]: the body bytes received
    /// before reading stopped, or the `Content-Length` if that alone was
    /// above the limit (then nothing was read).
    pub fn response_size_seen(&self) -> Option<u64> {
        self.too_large.map(|d| d.seen)
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The connect timeout that expired, for [`TransportErrorKind::ConnectTimeout`].
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Whether the standard retry strategy retries it.
    pub fn is_retryable(&self) -> bool {
        !matches!(self.kind, TransportErrorKind::Other | TransportErrorKind::ResponseTooLarge)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, to) = match self.kind {
            TransportErrorKind::Connect => ("cannot connect", " to"),
            TransportErrorKind::ConnectTimeout => ("connecting", " to"),
            TransportErrorKind::Io => ("the connection failed", " to"),
            TransportErrorKind::Other => ("the HTTP transport failed", " for"),
            TransportErrorKind::ResponseTooLarge => ("the response body is too large", " from"),
        };
        f.write_str(what)?;
        if let Some(url) = &self.url {
            write!(f, "{to} {url}")?;
        }
        match (self.kind, self.timeout) {
            (TransportErrorKind::ConnectTimeout, Some(t)) => write!(f, " took longer than {t:?}"),
            (TransportErrorKind::ConnectTimeout, None) => f.write_str(" timed out"),
            _ => Ok(()),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// A response body could not be read as what the operation returns.
#[derive(Debug)]
pub struct ResponseError {
    operation: Option<&'static str>,
    status: u16,
    request_id: Option<String>,
    snippet: String,
    source: BoxError,
}

impl ResponseError {
    pub(crate) fn new(status: u16, request_id: Option<String>, body: &[u8], source: BoxError) -> Self {
        ResponseError { operation: None, status, request_id, snippet: snippet(body), source }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The start of the body: at most [`SNIPPET_CHARS`] characters.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// The operation whose response it was.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed HTTP {} response", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, "; body: `{}`", self.snippet)
    }
}

impl StdError for ResponseError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// Every line `anyhow`'s `{:#}` would show for `e`: its `Display`, then
/// each `source()`'s, in order.
#[cfg(test)]
pub(crate) fn chain(e: &(dyn StdError + 'static)) -> Vec<String> {
    let mut lines = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        lines.push(cause.to_string());
        next = cause.source();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhandled() -> UnhandledError {
        UnhandledError {
            status: 400,
            code: None,
            message: None,
            request_id: None,
            body: Bytes::new(),
            body_truncated: false,
        }
    }

    #[test]
    fn snippets_are_bounded() {
        assert_eq!(snippet(b"{\"a\":\n1}"), "{\"a\": 1}");
        let long = "é".repeat(1000);
        let s = snippet(long.as_bytes());
        assert_eq!(s.chars().count(), SNIPPET_CHARS);
        assert!(s.ends_with('…'));
        let exact = "x".repeat(SNIPPET_CHARS);
        assert_eq!(snippet(exact.as_bytes()), exact);
        assert_eq!(snippet(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn bounded_text_is_cut_on_a_character_boundary_with_a_marker() {
        assert_eq!(bounded("short", 5), "short");
        assert_eq!(bounded("ééé", 2), format!("éé{TRUNCATION_MARKER}"));
        let mut s = "😀".repeat(10);
        bound_string(&mut s, 3);
        assert_eq!(s, format!("😀😀😀{TRUNCATION_MARKER}"));
        let mut exact = "abc".to_owned();
        bound_string(&mut exact, 3);
        assert_eq!(exact, "abc");
    }

    #[test]
    fn kept_bodies_are_bounded_without_splitting_characters() {
        let small = Bytes::from_static(b"{}");
        assert_eq!(bounded_body(small.clone()), (small, false));
        // 'é' is two bytes: the bound falls inside one at an odd offset.
        let mut text = "a".to_owned();
        text.push_str(&"é".repeat(MAX_ERROR_BODY_BYTES));
        let (kept, cut) = bounded_body(Bytes::from(text));
        assert!(cut);
        assert!(kept.len() <= MAX_ERROR_BODY_BYTES && kept.len() >= MAX_ERROR_BODY_BYTES - 3);
        assert!(std::str::from_utf8(&kept).is_ok());
        // Not UTF-8 at the bound: cut at the bound.
        let (kept, cut) = bounded_body(Bytes::from(vec![0x80; MAX_ERROR_BODY_BYTES + 10]));
        assert!(cut);
        assert_eq!(kept.len(), MAX_ERROR_BODY_BYTES);
    }

    #[test]
    fn service_errors_name_the_operation_once_and_do_not_repeat_down_the_chain() {
        let meta = ResponseMeta {
            operation: None,
            status: 400,
            request_id: Some("rid-1".into()),
            code: Some("ResourceNotFoundException".into()),
            message: Some("no fleet".into()),
        };
        let err: SdkError<UnhandledError> = SdkError::Service { error: unhandled(), meta };
        assert_eq!(err.operation(), None);
        assert_eq!(err.to_string(), "ResourceNotFoundException: no fleet (request id rid-1)");
        let err = err.with_operation("DescribeFleets");
        assert_eq!(err.operation(), Some("DescribeFleets"));
        assert_eq!(err.to_string(), "DescribeFleets: ResourceNotFoundException: no fleet (request id rid-1)");
        assert_eq!(format!("{err:#}"), err.to_string());
        assert_eq!(chain(&err), [err.to_string()]);
        assert_eq!(err.request_id(), Some("rid-1"));
        assert_eq!(err.code(), Some("ResourceNotFoundException"));
        let mapped: SdkError<String> = err.map_service_error(|e| e.status().to_string());
        assert_eq!(mapped.service_error().map(String::as_str), Some("400"));
        assert_eq!(mapped.operation(), Some("DescribeFleets"));
    }

    #[test]
    fn the_status_is_shown_when_there_is_no_code() {
        let meta = |code: Option<&str>, message: Option<&str>| ResponseMeta {
            operation: Some("DeleteImage"),
            status: 503,
            request_id: None,
            code: code.map(Into::into),
            message: message.map(Into::into),
        };
        let line = |m| SdkError::<UnhandledError>::Service { error: unhandled(), meta: m }.to_string();
        assert_eq!(line(meta(None, Some("try later"))), "DeleteImage: HTTP 503: try later");
        assert_eq!(line(meta(None, None)), "DeleteImage: HTTP 503 error response without an error code");
        assert_eq!(line(meta(Some("Throttling"), None)), "DeleteImage: Throttling");
    }

    #[test]
    fn every_variant_names_its_operation() {
        type E = SdkError<UnhandledError>;
        let errors: Vec<E> = vec![
            SdkError::Construction(ConstructionError::new(ConstructionErrorKind::MissingRegion, "no region")),
            SdkError::Timeout(TimeoutError::new(TimeoutKind::Operation, Duration::from_secs(90))),
            SdkError::Transport(TransportError::connect("refused").with_url("http://127.0.0.1:1/".parse().unwrap())),
            SdkError::Response(ResponseError::new(200, None, b"<html>", "expected value".into())),
            SdkError::Pagination(PaginationError::repeated("t1".into())),
            SdkError::Service {
                error: unhandled(),
                meta: ResponseMeta { operation: None, status: 400, request_id: None, code: None, message: None },
            },
        ];
        let lines: Vec<String> = errors.into_iter().map(|e| e.with_operation("CreateFleet").to_string()).collect();
        assert_eq!(
            lines,
            [
                "CreateFleet: cannot build the request: no region",
                "CreateFleet: timeout: the operation (with its retries) took longer than 90s",
                "CreateFleet: cannot connect to http://127.0.0.1:1/",
                "CreateFleet: malformed HTTP 200 response; body: `<html>`",
                "CreateFleet: the service returned a pagination token it was already sent (\"t1\"); stopping instead of looping",
                "CreateFleet: HTTP 400 error response without an error code",
            ]
        );
    }

    #[test]
    fn a_builder_error_is_not_repeated_as_its_own_source() {
        let err: SdkError<UnhandledError> = crate::BuildError::missing("CreateFleetInput", "Name").into();
        let lines = chain(&err);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("CreateFleetInput.Name"), "{lines:?}");
    }
}
