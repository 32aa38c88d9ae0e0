//! Sending a request and receiving the whole response: the pluggable HTTP
//! transport and its default, hyper with rustls.

use super::error::TransportError;
use super::network::{NetworkSettings, ProxyConfig, ProxyConnector};
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
    hyper_util::client::legacy::Client<TimeoutConnector<hyper_rustls::HttpsConnector<ProxyConnector>>, Full<Bytes>>;

/// The default transport: hyper 1 (HTTP/1.1, pooled connections) with
/// rustls (ring) and the Mozilla root certificates from `webpki-roots`.
/// `http://` URLs work too, for local emulators and tests.
///
/// It needs a Tokio runtime to send. [`HyperTransport::new`] connects
/// directly; the client's default transport uses the proxies and CA bundle
/// of the [`Config`](super::Config) ([`ConfigBuilder::proxy`](super::ConfigBuilder::proxy),
/// [`ConfigBuilder::ca_bundle_pem`](super::ConfigBuilder::ca_bundle_pem), and
/// `HTTPS_PROXY`, `AWS_CA_BUNDLE`... with [`Config::from_env`](super::Config::from_env)).
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient,
    connect_timeout: Duration,
    proxy: Arc<ProxyConfig>,
    max_response_body: usize,
}

impl HyperTransport {
    /// A transport whose connections (TCP and TLS handshake) must open
    /// within `connect_timeout`; direct connections, the default roots,
    /// response bodies of at most [`DEFAULT_MAX_RESPONSE_BODY`](super::DEFAULT_MAX_RESPONSE_BODY).
    pub fn new(connect_timeout: Duration) -> Self {
        Self::with_settings(connect_timeout, &NetworkSettings::default()).expect("the default settings are valid")
    }

    /// Reads response bodies of at most `bytes` bytes: a longer one fails
    /// with [`TransportErrorKind::ResponseTooLarge`](super::TransportErrorKind::ResponseTooLarge)
    /// as soon as it goes past the limit (or at once when its
    /// `Content-Length` does), so at most `bytes` are held.
    pub fn with_max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// With proxies and extra roots. Fails if the CA bundle cannot be read
    /// or parsed, or a proxy URL is invalid.
    pub(crate) fn with_settings(connect_timeout: Duration, settings: &NetworkSettings) -> Result<Self, TransportError> {
        settings
            .proxy
            .check()
            .map_err(|e| TransportError::other(std::io::Error::new(std::io::ErrorKind::InvalidInput, e)))?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let proxy = Arc::new(settings.proxy.clone());
        let connector = ProxyConnector { direct: http, proxy: proxy.clone() };
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(settings.tls_config()?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let connector = TimeoutConnector { inner: https, timeout: connect_timeout };
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(connector);
        Ok(HyperTransport { client, connect_timeout, proxy, max_response_body: super::DEFAULT_MAX_RESPONSE_BODY })
    }
}

/// The transport a [`Client`](super::Client) makes when the config has
/// none: a [`HyperTransport`] with the config's network settings, or, if
/// they are unusable (an unreadable CA bundle), one that fails every
/// request saying why.
pub(crate) fn default_transport(
    connect_timeout: Duration,
    settings: &NetworkSettings,
    max_response_body: usize,
) -> Arc<dyn HttpTransport> {
    match HyperTransport::with_settings(connect_timeout, settings) {
        Ok(t) => Arc::new(t.with_max_response_body(max_response_body)),
        Err(e) => {
            let mut message = String::new();
            let mut cause: Option<&(dyn StdError + 'static)> = e.source();
            while let Some(c) = cause {
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(&c.to_string());
                cause = c.source();
            }
            tracing::warn!(error = %message, "the default HTTP transport cannot be built");
            Arc::new(Unusable(Arc::new(message)))
        }
    }
}

#[derive(Debug)]
struct Unusable(Arc<String>);

impl HttpTransport for Unusable {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let message = self.0.clone();
        Box::pin(async move {
            Err(TransportError::other(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the HTTP transport is not usable: {message}"),
            )))
        })
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.connect_timeout)
            .field("proxy", &self.proxy)
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let client = self.client.clone();
        let connect_timeout = self.connect_timeout;
        let limit = self.max_response_body;
        let mut request = request;
        // Plain http through a proxy: the proxy reads the credentials from each request.
        if request.uri().scheme_str() != Some("https") {
            if let Some(auth) = self.proxy.for_uri(request.uri()).and_then(|p| p.authorization.as_deref()) {
                if let Ok(mut v) = http::HeaderValue::from_str(auth) {
                    v.set_sensitive(true);
                    request.headers_mut().insert(http::header::PROXY_AUTHORIZATION, v);
                }
            }
        }
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = client
                .request(http::Request::from_parts(parts, Full::new(body)))
                .await
                .map_err(|e| classify(e, connect_timeout))?;
            let (parts, body) = response.into_parts();
            let body = read_body(body, &parts.headers, limit).await?;
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// Reads a whole body of at most `limit` bytes; stops at the first frame
/// that goes past it (dropping the connection), or before reading if the
/// `Content-Length` is above it.
async fn read_body(
    mut body: hyper::body::Incoming,
    headers: &http::HeaderMap,
    limit: usize,
) -> Result<Bytes, TransportError> {
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(declared) = declared {
        if declared > limit as u64 {
            return Err(TransportError::response_declared_too_large(limit, declared));
        }
    }
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut seen: u64 = 0;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(TransportError::io)?.into_data() else {
            continue; // trailers
        };
        if data.is_empty() {
            continue;
        }
        seen += data.len() as u64;
        if seen > limit as u64 {
            return Err(TransportError::response_too_large(limit, seen));
        }
        match &first {
            // One frame (the usual case for small bodies): kept as it came, no copy.
            None if rest.is_empty() => first = Some(data),
            _ => {
                if let Some(f) = first.take() {
                    // `declared` is at most `limit` here.
                    let capacity = declared.map_or(0, |d| d as usize).max(f.len() + data.len());
                    rest.reserve(capacity);
                    rest.extend_from_slice(&f);
                }
                rest.extend_from_slice(&data);
            }
        }
    }
    Ok(match first {
        Some(f) => f,
        None => Bytes::from(rest),
    })
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
