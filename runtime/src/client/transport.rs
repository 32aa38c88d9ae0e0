//! Sending a request and receiving the whole response: the pluggable HTTP
//! transport and its default, hyper with rustls.

use super::error::TransportError;
use super::BoxFuture;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A request as the transport receives it: signed, with its whole body.
pub type HttpRequest = http::Request<Bytes>;

/// A response with its whole body.
pub type HttpResponse = http::Response<Bytes>;

/// Sends one signed request and returns the whole response.
///
/// The client calls it once per attempt, inside the attempt timeout, and
/// sends the request exactly as given (it was signed with these headers and
/// body). An error's [`TransportError::kind`] decides whether it is retried.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request`.
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>>;
}

impl<T: HttpTransport + ?Sized> HttpTransport for Arc<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

type HyperClient =
    hyper_util::client::legacy::Client<TimeoutConnector<hyper_rustls::HttpsConnector<HttpConnector>>, Full<Bytes>>;

/// The default transport: hyper 1 (HTTP/1.1, pooled connections) with
/// rustls (ring) and the Mozilla root certificates from `webpki-roots`.
/// `http://` URLs work too, for local emulators and tests.
///
/// It needs a Tokio runtime to send. It does not use HTTP proxies
/// (`HTTPS_PROXY`); plug in another [`HttpTransport`] for that.
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient,
    connect_timeout: Duration,
}

impl HyperTransport {
    /// A transport whose connections (TCP and TLS handshake) must open
    /// within `connect_timeout`.
    pub fn new(connect_timeout: Duration) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .expect("ring supports rustls' default protocol versions")
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let connector = TimeoutConnector { inner: https, timeout: connect_timeout };
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(connector);
        HyperTransport { client, connect_timeout }
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport").field("connect_timeout", &self.connect_timeout).finish()
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let client = self.client.clone();
        let connect_timeout = self.connect_timeout;
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = client
                .request(http::Request::from_parts(parts, Full::new(body)))
                .await
                .map_err(|e| classify(e, connect_timeout))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(TransportError::io)?.to_bytes();
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// Bounds connecting, TCP and TLS handshake together, by `timeout`.
#[derive(Clone)]
struct TimeoutConnector<C> {
    inner: C,
    timeout: Duration,
}

impl<C> tower_service::Service<http::Uri> for TimeoutConnector<C>
where
    C: tower_service::Service<http::Uri> + Send,
    C::Future: Send + 'static,
    C::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    type Response = C::Response;
    type Error = Box<dyn StdError + Send + Sync>;
    type Future = BoxFuture<'static, Result<C::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(result) => result.map_err(Into::into),
                Err(_) => Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("connecting took longer than {timeout:?}"),
                )
                .into()),
            }
        })
    }
}

fn classify(e: hyper_util::client::legacy::Error, connect_timeout: Duration) -> TransportError {
    let mut timed_out = false;
    let mut user_error = false;
    let mut cause: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            timed_out |= io.kind() == std::io::ErrorKind::TimedOut;
        }
        if let Some(h) = c.downcast_ref::<hyper::Error>() {
            user_error |= h.is_user();
        }
        cause = c.source();
    }
    if e.is_connect() {
        if timed_out {
            TransportError::connect_timeout(connect_timeout, e)
        } else {
            TransportError::connect(e)
        }
    } else if user_error {
        TransportError::other(e)
    } else {
        TransportError::io(e)
    }
}
