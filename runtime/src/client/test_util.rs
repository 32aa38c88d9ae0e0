//! Test doubles for code that calls a generated client: a transport that
//! replays canned responses and records requests, and a sleep that returns
//! at once. No sockets, no waiting.
//!
//! ```
//! use smithy_rt::client::test_util::{json_response, ReplayTransport};
//! let transport = ReplayTransport::new([json_response(200, r#"{"Ok": true}"#)]);
//! // Config::builder().http_transport(transport.clone())...; then call the client and:
//! assert_eq!(transport.request_count(), 0);
//! ```

use super::error::TransportError;
use super::time::Sleep;
use super::transport::{HttpRequest, HttpResponse, HttpTransport};
use super::BoxFuture;
use bytes::Bytes;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

type Responder = Box<dyn FnMut(&HttpRequest) -> Result<HttpResponse, TransportError> + Send>;

enum Source {
    Queue(VecDeque<Result<HttpResponse, TransportError>>),
    Fn(Responder),
}

struct Inner {
    source: Mutex<Source>,
    requests: Mutex<Vec<HttpRequest>>,
}

/// A transport that answers from a list (in order) or a closure, and keeps
/// every request it was sent. Clones share the list and the record, so keep
/// a clone to inspect after handing one to the config.
///
/// When the list is used up, it fails with a non-retryable
/// [`TransportError`] saying so.
#[derive(Clone)]
pub struct ReplayTransport {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A copy of a request (`http::Request` is not `Clone`).
fn copy_request(r: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(r.body().clone());
    *copy.method_mut() = r.method().clone();
    *copy.uri_mut() = r.uri().clone();
    *copy.version_mut() = r.version();
    *copy.headers_mut() = r.headers().clone();
    copy
}

impl ReplayTransport {
    /// Answers with `responses`, one per request, in order.
    pub fn new(responses: impl IntoIterator<Item = HttpResponse>) -> Self {
        Self::with_results(responses.into_iter().map(Ok))
    }

    /// Answers with `results`, in order: responses or transport failures.
    pub fn with_results(results: impl IntoIterator<Item = Result<HttpResponse, TransportError>>) -> Self {
        Self::from_source(Source::Queue(results.into_iter().collect()))
    }

    /// Answers each request with `f(&request)`.
    pub fn from_fn(f: impl FnMut(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + 'static) -> Self {
        Self::from_source(Source::Fn(Box::new(f)))
    }

    fn from_source(source: Source) -> Self {
        ReplayTransport { inner: Arc::new(Inner { source: Mutex::new(source), requests: Mutex::new(Vec::new()) }) }
    }

    /// Copies of the requests sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.inner.requests).iter().map(copy_request).collect()
    }

    /// How many requests were sent.
    pub fn request_count(&self) -> usize {
        lock(&self.inner.requests).len()
    }

    /// A copy of the last request sent.
    pub fn last_request(&self) -> Option<HttpRequest> {
        lock(&self.inner.requests).last().map(copy_request)
    }
}

impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayTransport").field("requests_seen", &self.request_count()).finish()
    }
}

impl HttpTransport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let answer = match &mut *lock(&self.inner.source) {
            Source::Queue(queue) => queue
                .pop_front()
                .unwrap_or_else(|| Err(TransportError::other("ReplayTransport has no more canned responses"))),
            Source::Fn(f) => f(&request),
        };
        lock(&self.inner.requests).push(request);
        Box::pin(std::future::ready(answer))
    }
}

/// A response with `status`, `Content-Type: application/x-amz-json-1.1` and `body`.
pub fn json_response(status: u16, body: impl Into<Bytes>) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.1")
        .body(body.into())
        .expect("a status from 100 to 999 and a valid header")
}

/// An awsJson error response: `{"__type": code, "message": message}` with
/// `x-amzn-RequestId: request_id`.
pub fn error_response(status: u16, code: &str, message: &str, request_id: &str) -> HttpResponse {
    let body = serde_json::json!({ "__type": code, "message": message }).to_string();
    let mut response = json_response(status, body);
    if let Ok(v) = http::HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-amzn-requestid", v);
    }
    response
}

/// A response with `status`, `Content-Type: application/cbor`,
/// `smithy-protocol: rpc-v2-cbor` (which an rpcv2Cbor client requires) and
/// `body`, a CBOR document (`vec![0xa0]` is an empty map).
pub fn cbor_response(status: u16, body: impl Into<Bytes>) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/cbor")
        .header("smithy-protocol", "rpc-v2-cbor")
        .body(body.into())
        .expect("a status from 100 to 999 and valid headers")
}

/// An rpcv2Cbor error response: the CBOR map `{"__type": code, "message": message}`
/// with `x-amzn-RequestId: request_id`.
pub fn cbor_error_response(status: u16, code: &str, message: &str, request_id: &str) -> HttpResponse {
    use crate::cbor::Value;
    let body = Value::Map(vec![
        (Value::Text("__type".to_owned()), Value::Text(code.to_owned())),
        (Value::Text("message".to_owned()), Value::Text(message.to_owned())),
    ]);
    let mut response = cbor_response(status, body.to_vec().expect("text and a map of text encode"));
    if let Ok(v) = http::HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-amzn-requestid", v);
    }
    response
}

/// A [`Sleep`] that records each requested duration and returns at once.
/// Clones share the record.
#[derive(Debug, Clone, Default)]
pub struct RecordingSleep {
    sleeps: Arc<Mutex<Vec<Duration>>>,
}

impl RecordingSleep {
    /// A sleep with an empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// The durations asked for, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        lock(&self.sleeps).clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        lock(&self.sleeps).push(duration);
        Box::pin(std::future::ready(()))
    }
}
