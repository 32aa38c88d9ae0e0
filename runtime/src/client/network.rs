//! Network settings of the default transport: HTTP proxies (CONNECT
//! tunnels for https, absolute-form requests for http, basic auth from the
//! proxy URL, `NO_PROXY`) and extra trusted roots (`AWS_CA_BUNDLE`).

use super::env::Env;
use super::error::TransportError;
use super::profile::Properties;
use super::BoxFuture;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A parsed `http://[user:password@]host:port` proxy.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Proxy {
    /// `host:port` to connect to.
    pub(crate) authority: String,
    /// `Basic <base64(user:password)>`, if the URL had user information.
    pub(crate) authorization: Option<String>,
    /// The URL without its password, for messages.
    shown: String,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Proxy {
    /// Parses a proxy URL; a URL without a scheme is taken as `http://`.
    pub(crate) fn parse(url: &str) -> Result<Proxy, String> {
        let url = url.trim();
        let with_scheme = if url.contains("://") { url.to_owned() } else { format!("http://{url}") };
        let (scheme, rest) = with_scheme.split_once("://").expect("has a scheme");
        if !scheme.eq_ignore_ascii_case("http") {
            return Err(format!("proxy URLs must start with http:// ({scheme}:// proxies are not supported)"));
        }
        let rest = rest.split(['/', '?', '#']).next().unwrap_or("");
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        if hostport.is_empty() {
            return Err("the proxy URL has no host".to_owned());
        }
        let has_port = match hostport.rfind(':') {
            Some(i) => !hostport[i..].contains(']'),
            None => false,
        };
        let authority = if has_port { hostport.to_owned() } else { format!("{hostport}:80") };
        let authority_ok = http::uri::Authority::try_from(authority.as_str()).is_ok();
        if !authority_ok {
            return Err("the proxy URL's host is not valid".to_owned());
        }
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        let (authorization, shown) = match userinfo {
            Some(u) => {
                let (user, password) = u.split_once(':').unwrap_or((u, ""));
                let pair = format!("{}:{}", decode(user), decode(password));
                (Some(format!("Basic {}", base64(pair.as_bytes()))), format!("http://{}:***@{authority}", decode(user)))
            }
            None => (None, format!("http://{authority}")),
        };
        Ok(Proxy { authority, authorization, shown })
    }
}

/// Which proxies requests use: `HTTPS_PROXY` for `https://` URLs,
/// `HTTP_PROXY` for `http://` URLs, none for hosts that `NO_PROXY` lists.
///
/// `NO_PROXY` is a comma-separated list of host names (matching the host
/// and its subdomains; a leading `.` or `*.` is allowed), IP addresses, or
/// `*` for every host. Ports in entries are ignored. CIDR ranges are not
/// understood.
///
/// `Debug` hides proxy passwords.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    https: Option<Result<Proxy, String>>,
    http: Option<Result<Proxy, String>>,
    no_proxy: Vec<String>,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |p: &Option<Result<Proxy, String>>| match p {
            Some(Ok(p)) => Some(p.shown.clone()),
            Some(Err(e)) => Some(format!("invalid: {e}")),
            None => None,
        };
        f.debug_struct("ProxyConfig")
            .field("https", &show(&self.https))
            .field("http", &show(&self.http))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl ProxyConfig {
    /// No proxy.
    pub fn new() -> Self {
        ProxyConfig::default()
    }

    /// `HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`/`http_proxy` and
    /// `NO_PROXY`/`no_proxy` from `env` (upper case first).
    pub fn from_env(env: &Env) -> Self {
        let var = |upper: &str, lower: &str| env.get(upper).or_else(|| env.get(lower));
        let mut c = ProxyConfig::new();
        if let Some(u) = var("HTTPS_PROXY", "https_proxy") {
            c = c.https(u);
        }
        if let Some(u) = var("HTTP_PROXY", "http_proxy") {
            c = c.http(u);
        }
        if let Some(n) = var("NO_PROXY", "no_proxy") {
            c = c.no_proxy(n.split(','));
        }
        c
    }

    /// The proxy for `https://` URLs (`http://[user:password@]host:port`).
    pub fn https(mut self, url: impl AsRef<str>) -> Self {
        self.https = Some(Proxy::parse(url.as_ref()));
        self
    }

    /// The proxy for `http://` URLs.
    pub fn http(mut self, url: impl AsRef<str>) -> Self {
        self.http = Some(Proxy::parse(url.as_ref()));
        self
    }

    /// Hosts reached directly.
    pub fn no_proxy<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, hosts: I) -> Self {
        self.no_proxy =
            hosts.into_iter().map(|h| h.as_ref().trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect();
        self
    }

    /// Whether any proxy is set.
    pub fn is_empty(&self) -> bool {
        self.https.is_none() && self.http.is_none()
    }

    pub(crate) fn check(&self) -> Result<(), String> {
        for (name, p) in [("HTTPS_PROXY", &self.https), ("HTTP_PROXY", &self.http)] {
            if let Some(Err(e)) = p {
                return Err(format!("{name}: {e}"));
            }
        }
        Ok(())
    }

    fn bypassed(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry.trim_start_matches("*.").trim_start_matches('.');
            let entry = match entry.rsplit_once(':') {
                Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => h,
                _ => entry,
            };
            let entry = entry.trim_start_matches('[').trim_end_matches(']');
            host == entry || host.ends_with(&format!(".{entry}"))
        })
    }

    /// The proxy for `uri`, if any.
    pub(crate) fn for_uri(&self, uri: &http::Uri) -> Option<&Proxy> {
        let proxy = match uri.scheme_str() {
            Some("https") => self.https.as_ref(),
            _ => self.http.as_ref(),
        }?;
        let proxy = proxy.as_ref().ok()?;
        (!self.bypassed(uri.host().unwrap_or_default())).then_some(proxy)
    }
}

/// Extra trusted roots, in PEM.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum CaBundle {
    File { path: PathBuf, origin: &'static str },
    Pem(Vec<u8>),
}

impl fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaBundle::File { path, origin } => write!(f, "{} (from {origin})", path.display()),
            CaBundle::Pem(p) => write!(f, "<{} bytes of PEM>", p.len()),
        }
    }
}

/// What the default transport needs besides its connect timeout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NetworkSettings {
    pub(crate) proxy: ProxyConfig,
    pub(crate) ca_bundle: Option<CaBundle>,
}

impl NetworkSettings {
    /// Proxies from the environment; `AWS_CA_BUNDLE`, else the profile's `ca_bundle`.
    pub(crate) fn from_env(env: &Env, profile: Option<&Properties>) -> Self {
        let ca_bundle = match env.get("AWS_CA_BUNDLE") {
            Some(p) => Some(CaBundle::File {
                path: env.path_or_home("AWS_CA_BUNDLE", "").unwrap_or_else(|| p.trim().into()),
                origin: "AWS_CA_BUNDLE",
            }),
            None => profile
                .and_then(|p| p.get("ca_bundle"))
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .map(|p| CaBundle::File { path: PathBuf::from(p), origin: "the profile's ca_bundle" }),
        };
        NetworkSettings { proxy: ProxyConfig::from_env(env), ca_bundle }
    }

    /// The TLS configuration: webpki roots (or, with the `native-roots`
    /// feature, the platform's), plus the CA bundle's.
    pub(crate) fn tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::CertificateDer;
        let mut roots = rustls::RootCertStore::empty();
        add_default_roots(&mut roots);
        if let Some(bundle) = &self.ca_bundle {
            let (pem, what) = match bundle {
                CaBundle::File { path, origin } => {
                    let pem = std::fs::read(path).map_err(|e| {
                        TransportError::other(io::Error::new(
                            e.kind(),
                            format!("cannot read the CA bundle {} ({origin}): {e}", path.display()),
                        ))
                    })?;
                    (pem, format!("the CA bundle {} ({origin})", path.display()))
                }
                CaBundle::Pem(p) => (p.clone(), "the CA bundle".to_owned()),
            };
            let bad = |why: String| {
                TransportError::other(io::Error::new(io::ErrorKind::InvalidData, format!("{what}: {why}")))
            };
            let mut added = 0;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| bad(format!("not valid PEM: {e}")))?;
                roots.add(cert).map_err(|e| bad(format!("a certificate cannot be used as a root: {e}")))?;
                added += 1;
            }
            if added == 0 {
                return Err(bad("holds no PEM certificate".to_owned()));
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(TransportError::other)?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(config)
    }
}

#[cfg(not(feature = "native-roots"))]
fn add_default_roots(roots: &mut rustls::RootCertStore) {
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
}

#[cfg(feature = "native-roots")]
fn add_default_roots(roots: &mut rustls::RootCertStore) {
    let found = rustls_native_certs::load_native_certs();
    for e in &found.errors {
        tracing::warn!(error = %e, "cannot load some of the platform's root certificates");
    }
    let (added, ignored) = roots.add_parsable_certificates(found.certs);
    tracing::debug!(added, ignored, "loaded the platform's root certificates");
}

/// Connects directly, or through the proxy (a CONNECT tunnel for https).
#[derive(Clone)]
pub(crate) struct ProxyConnector {
    pub(crate) direct: HttpConnector,
    pub(crate) proxy: Arc<ProxyConfig>,
}

type BoxError = Box<dyn StdError + Send + Sync>;

impl tower_service::Service<http::Uri> for ProxyConnector {
    type Response = ProxyStream;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<ProxyStream, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        tower_service::Service::<http::Uri>::poll_ready(&mut self.direct, cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let mut direct = self.direct.clone();
        let proxy = self.proxy.for_uri(&uri).cloned();
        Box::pin(async move {
            let Some(proxy) = proxy else {
                let io = tower_service::Service::call(&mut direct, uri).await?;
                return Ok(ProxyStream { io, proxied_http: false });
            };
            let proxy_uri: http::Uri = format!("http://{}", proxy.authority).parse()?;
            let io = tower_service::Service::call(&mut direct, proxy_uri).await.map_err(|e| {
                io::Error::new(io::ErrorKind::ConnectionRefused, format!("cannot connect to the proxy {proxy:?}: {e}"))
            })?;
            if uri.scheme_str() != Some("https") {
                return Ok(ProxyStream { io, proxied_http: true });
            }
            let host = uri.host().ok_or("the URL has no host")?;
            let target = format!("{host}:{}", uri.port_u16().unwrap_or(443));
            let mut stream = io.into_inner();
            let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
            if let Some(auth) = &proxy.authorization {
                head.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await?;
            let mut response = Vec::new();
            let mut buf = [0u8; 1024];
            while !response.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buf).await?;
                if n == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("the proxy {proxy:?} closed the connection during CONNECT"),
                    )
                    .into());
                }
                response.extend_from_slice(&buf[..n]);
                if response.len() > 16 * 1024 {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the proxy's answer to CONNECT is too long",
                    )
                    .into());
                }
            }
            let status_line = String::from_utf8_lossy(&response).lines().next().unwrap_or_default().to_owned();
            let ok = status_line.split_whitespace().nth(1).is_some_and(|code| code.starts_with('2'));
            if !ok {
                return Err(io::Error::new(
                    io::ErrorKind::ConnectionRefused,
                    format!("the proxy {proxy:?} refused to tunnel to {target}: {status_line}"),
                )
                .into());
            }
            tracing::debug!(proxy = ?proxy, %target, "tunnel open");
            Ok(ProxyStream { io: TokioIo::new(stream), proxied_http: false })
        })
    }
}

/// A connection, direct or through a proxy.
pub(crate) struct ProxyStream {
    io: TokioIo<tokio::net::TcpStream>,
    /// Plain http through a proxy: requests are sent in absolute form.
    proxied_http: bool,
}

impl Connection for ProxyStream {
    fn connected(&self) -> Connected {
        let c = self.io.connected();
        if self.proxied_http {
            c.proxy(true)
        } else {
            c
        }
    }
}

impl hyper::rt::Read for ProxyStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for ProxyStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (input, out) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), out);
        }
    }

    #[test]
    fn proxy_urls_and_no_proxy() {
        let p = Proxy::parse("http://us%40er:p%3Ass@proxy.corp:3128/").unwrap();
        assert_eq!(p.authority, "proxy.corp:3128");
        assert_eq!(p.authorization.as_deref(), Some(format!("Basic {}", base64(b"us@er:p:ss")).as_str()));
        assert!(!format!("{p:?}").contains("p:ss") && !format!("{p:?}").contains("p%3Ass"));
        assert_eq!(Proxy::parse("proxy.corp").unwrap().authority, "proxy.corp:80");
        assert!(Proxy::parse("https://proxy.corp:443").is_err());
        assert!(Proxy::parse("socks5://proxy.corp:1080").is_err());

        let c = ProxyConfig::new().https("http://p:1").http("http://q:2").no_proxy([
            "internal.corp",
            ".svc",
            "10.0.0.1:443",
            "*.local",
        ]);
        let via = |u: &str| c.for_uri(&u.parse().unwrap()).map(|p| p.authority.clone());
        assert_eq!(via("https://sts.us-east-1.amazonaws.com/").as_deref(), Some("p:1"));
        assert_eq!(via("http://localhost:4566/").as_deref(), Some("q:2"));
        assert_eq!(via("https://api.internal.corp/"), None);
        assert_eq!(via("https://internal.corp/"), None);
        assert_eq!(via("https://a.b.svc/"), None);
        assert_eq!(via("https://10.0.0.1/"), None);
        assert_eq!(via("https://x.local/"), None);
        assert_eq!(via("https://notinternal.corp/").as_deref(), Some("p:1"));
        let all = ProxyConfig::new().https("http://p:1").no_proxy(["*"]);
        assert!(all.for_uri(&"https://x/".parse().unwrap()).is_none());

        let env =
            Env::from_vars([("https_proxy", "http://lower:1"), ("HTTP_PROXY", "http://upper:2"), ("no_proxy", "a,b")]);
        let c = ProxyConfig::from_env(&env);
        assert_eq!(c.for_uri(&"https://x/".parse().unwrap()).unwrap().authority, "lower:1");
        assert_eq!(c.for_uri(&"http://x/".parse().unwrap()).unwrap().authority, "upper:2");
        assert!(c.for_uri(&"http://b/".parse().unwrap()).is_none());
    }
}
