//! Proxies and CA bundles: a CONNECT proxy on loopback that counts its
//! tunnels, a TLS server whose certificate only AWS_CA_BUNDLE makes
//! trusted, and plain-http proxying in absolute form.
#![cfg(feature = "client")]

mod common;
mod fakes;

use bytes::Bytes;
use common::*;
use http_body_util::Full;
use hyper::service::service_fn;
use smithy_rt::client::{
    Client, Config, ConfigBuilder, Credentials, DefaultCredentialsChain, Env, ProvideCredentials, ProxyConfig, SdkError,
};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls").join(name)
}

/// An https server on 127.0.0.1 with the fixture certificate, answering `{"Arn":"arn:tls"}`.
async fn tls_server() -> String {
    use rustls_pki_types::pem::PemObject;
    let certs: Vec<_> =
        rustls_pki_types::CertificateDer::pem_file_iter(fixture("server.pem")).unwrap().map(Result::unwrap).collect();
    let key = rustls_pki_types::PrivateKeyDer::from_pem_file(fixture("server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://127.0.0.1:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(socket).await else { return };
                let service = service_fn(|_req: hyper::Request<hyper::body::Incoming>| async {
                    let mut r = hyper::Response::new(Full::new(Bytes::from_static(br#"{"Arn":"arn:tls"}"#)));
                    r.headers_mut().insert("content-type", "application/x-amz-json-1.1".parse().unwrap());
                    Ok::<_, std::convert::Infallible>(r)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    url
}

/// A CONNECT proxy: records each CONNECT head, demands `auth` when given.
#[derive(Clone)]
struct ConnectProxy {
    url: String,
    tunnels: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
}

async fn connect_proxy(auth: Option<&'static str>) -> ConnectProxy {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = ConnectProxy {
        url: format!("127.0.0.1:{}", listener.local_addr().unwrap().port()),
        tunnels: Arc::default(),
        heads: Arc::default(),
    };
    let p = proxy.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let p = p.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut buf).await {
                        Ok(1) => head.push(buf[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                p.heads.lock().unwrap().push(head.clone());
                let mut parts = head.lines().next().unwrap_or("").split_whitespace();
                let (Some("CONNECT"), Some(target)) = (parts.next(), parts.next()) else {
                    let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n").await;
                    return;
                };
                if let Some(auth) = auth {
                    if !head.lines().any(|l| l.eq_ignore_ascii_case(&format!("proxy-authorization: {auth}"))) {
                        let _ = client
                            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n")
                            .await;
                        return;
                    }
                }
                let Ok(mut upstream) = tokio::net::TcpStream::connect(target).await else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                p.tunnels.fetch_add(1, Ordering::SeqCst);
                let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    proxy
}

fn env(vars: &[(&str, &str)]) -> Env {
    let mut v: Vec<(String, String)> = vec![
        ("AWS_ACCESS_KEY_ID".into(), "AKID".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "s".into()),
        ("AWS_REGION".into(), "us-east-1".into()),
    ];
    v.extend(vars.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    Env::from_vars(v)
}

fn client(builder: ConfigBuilder) -> Client {
    Client::new(&SERVICE, builder.max_attempts(1).attempt_timeout(Duration::from_secs(10)).build())
}

#[tokio::test]
async fn https_through_a_connect_proxy_to_a_server_trusted_by_aws_ca_bundle() {
    let server = tls_server().await;
    // "user:pa ss" as the URL writes it; Basic dXNlcjpwYSBzcw== on the wire.
    let proxy = connect_proxy(Some("Basic dXNlcjpwYSBzcw==")).await;
    let ca = fixture("ca.pem");
    let proxy_url = format!("http://user:pa%20ss@{}", proxy.url);
    let e = env(&[("HTTPS_PROXY", &proxy_url), ("AWS_CA_BUNDLE", ca.to_str().unwrap()), ("AWS_ENDPOINT_URL", &server)]);
    let c = client(ConfigBuilder::from_env(&e));
    assert_eq!(c.invoke(&named("a")).await.unwrap().arn.as_deref(), Some("arn:tls"));
    assert_eq!(c.invoke(&named("b")).await.unwrap().arn.as_deref(), Some("arn:tls"));
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 1, "one tunnel, reused by the pool");
    let head = proxy.heads.lock().unwrap()[0].clone();
    let target = server.trim_start_matches("https://");
    assert!(head.starts_with(&format!("CONNECT {target} HTTP/1.1\r\n")), "{head}");
    assert!(!format!("{:?}", c.config()).contains("pa%20ss") && !format!("{:?}", c.config()).contains("pa ss"));
}

#[tokio::test]
async fn without_the_bundle_the_server_is_not_trusted_and_a_bad_bundle_is_explained() {
    let server = tls_server().await;
    let err =
        client(ConfigBuilder::from_env(&env(&[("AWS_ENDPOINT_URL", &server)]))).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Transport(_)), "{err:?}");
    let err = client(ConfigBuilder::from_env(&env(&[
        ("AWS_ENDPOINT_URL", &server),
        ("AWS_CA_BUNDLE", "/no/such/bundle.pem"),
    ])))
    .invoke(&named("a"))
    .await
    .unwrap_err();
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(text.contains("/no/such/bundle.pem") && text.contains("AWS_CA_BUNDLE"), "{text}");
    let not_pem = fixture("README.md");
    let err = client(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "s", None, None))
            .endpoint_url(&server)
            .ca_bundle_file(not_pem),
    )
    .invoke(&named("a"))
    .await
    .unwrap_err();
    let text = format!("{:?}", err);
    assert!(text.contains("no PEM certificate"), "{text}");
}

#[tokio::test]
async fn builder_settings_and_no_proxy() {
    let server = tls_server().await;
    let proxy = connect_proxy(None).await;
    let pem = std::fs::read(fixture("ca.pem")).unwrap();
    let builder = || {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "s", None, None))
            .endpoint_url(&server)
            .ca_bundle_pem(pem.clone())
    };
    let via_proxy = client(builder().proxy(ProxyConfig::new().https(format!("http://{}", proxy.url))));
    via_proxy.invoke(&named("a")).await.unwrap();
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 1);
    let bypass = client(
        builder().proxy(ProxyConfig::new().https(format!("http://{}", proxy.url)).no_proxy(["localhost", "127.0.0.1"])),
    );
    bypass.invoke(&named("a")).await.unwrap();
    let e = env(&[
        ("https_proxy", &format!("http://{}", proxy.url)),
        ("no_proxy", "127.0.0.1"),
        ("AWS_ENDPOINT_URL", &server),
    ]);
    client(ConfigBuilder::from_env(&e).ca_bundle_pem(pem.clone())).invoke(&named("a")).await.unwrap();
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 1, "NO_PROXY hosts are reached directly");
    // A proxy that refuses.
    let strict = connect_proxy(Some("Basic nope")).await;
    let err = client(builder().proxy(ProxyConfig::new().https(format!("http://{}", strict.url))))
        .invoke(&named("a"))
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("407"), "{err:?}");
}

#[tokio::test]
async fn plain_http_goes_to_the_proxy_in_absolute_form_with_its_credentials() {
    // The "proxy" answers itself; the target host does not even resolve.
    let proxy = fakes::serve(|_| fakes::Reply::new(200, r#"{"Arn":"arn:proxied"}"#)).await;
    let e = env(&[
        ("HTTP_PROXY", &format!("http://alice:secret@{}", proxy.addr)),
        ("AWS_ENDPOINT_URL", "http://appstream.invalid:8080"),
    ]);
    let out = client(ConfigBuilder::from_env(&e)).invoke(&named("a")).await.unwrap();
    assert_eq!(out.arn.as_deref(), Some("arn:proxied"));
    let r = &proxy.requests()[0];
    assert_eq!(r.uri, "http://appstream.invalid:8080/");
    assert_eq!(r.header("proxy-authorization"), Some("Basic YWxpY2U6c2VjcmV0"));
    assert_eq!(r.header("host"), Some("appstream.invalid:8080"));
}

#[tokio::test]
async fn credential_services_use_the_proxy_but_metadata_services_do_not() {
    // STS behind the proxy, at a host that does not resolve.
    let proxy_sts = fakes::sts().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), "good-token").unwrap();
    let e = Env::from_vars([
        ("HTTP_PROXY", format!("http://{}", proxy_sts.addr)),
        ("AWS_ENDPOINT_URL_STS", "http://sts.invalid".to_owned()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", dir.path().join("token").to_str().unwrap().to_owned()),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/proxied".to_owned()),
    ])
    .with_home(dir.path());
    let c = DefaultCredentialsChain::new(e).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAWIproxied");
    assert_eq!(proxy_sts.requests()[0].uri, "http://sts.invalid/");

    // IMDS is reached directly even with a proxy that would refuse everything.
    let refusing = fakes::serve(|_| fakes::Reply::new(502, "")).await;
    let imds = fakes::serve(|seen| match seen.path.as_str() {
        "/latest/api/token" => fakes::Reply::new(200, "t"),
        "/latest/meta-data/iam/security-credentials/" => fakes::Reply::new(200, "r"),
        _ => fakes::Reply::new(
            200,
            format!(r#"{{"Code":"Success","AccessKeyId":"ASIADIRECT","SecretAccessKey":"s","Token":"t","Expiration":"{}"}}"#, fakes::rfc3339(fakes::in_an_hour())),
        ),
    })
    .await;
    let e = Env::from_vars([
        ("HTTP_PROXY", format!("http://{}", refusing.addr)),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url.clone()),
    ])
    .with_home(dir.path());
    assert_eq!(DefaultCredentialsChain::new(e).provide_credentials().await.unwrap().access_key_id(), "ASIADIRECT");
    assert_eq!(refusing.count(), 0);
}

#[tokio::test]
async fn the_builders_network_settings_reach_the_credential_services() {
    let proxy_sts = fakes::sts().await;
    let refusing = fakes::serve(|_| fakes::Reply::new(502, "")).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), "good-token").unwrap();
    let e = Env::from_vars([
        ("HTTP_PROXY", format!("http://{}", refusing.addr)),
        ("AWS_ENDPOINT_URL_STS", "http://sts.invalid".to_owned()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", dir.path().join("token").to_str().unwrap().to_owned()),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/proxied".to_owned()),
    ])
    .with_home(dir.path());
    // The builder's proxy replaces the environment's for STS as well.
    let config =
        ConfigBuilder::from_env(&e).proxy(ProxyConfig::new().http(format!("http://{}", proxy_sts.addr))).build();
    let c = config.credentials_provider().unwrap().provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAWIproxied");
    assert_eq!(proxy_sts.requests()[0].uri, "http://sts.invalid/");
    assert_eq!(refusing.count(), 0, "the environment's proxy is not used once the builder sets one");

    // So does its CA bundle: one that holds no certificate is reported by the chain.
    let config = ConfigBuilder::from_env(&e).ca_bundle_pem(b"not a certificate".to_vec()).build();
    let err = config.credentials_provider().unwrap().provide_credentials().await.unwrap_err();
    assert!(err.to_string().contains("CA bundle"), "{err}");

    // Without builder settings, the environment's proxy is used (and here refuses).
    let config = ConfigBuilder::from_env(&e).build();
    assert!(config.credentials_provider().unwrap().provide_credentials().await.is_err());
    assert!(refusing.count() > 0);
}
