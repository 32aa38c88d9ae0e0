//! SigV4 against a loopback server that checks every signature itself.
//!
//! The server does not use `aws-sigv4`: it rebuilds the canonical request
//! from what it received (method, path, the signed headers' values as they
//! arrived, the body's hash), derives the signing key from the secret it
//! knows, and answers 403 on any mismatch. So a request passes only if the
//! client signed exactly what was sent, Host (with its port) included.
#![cfg(feature = "client")]

mod common;

use bytes::Bytes;
use common::*;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use sha2::{Digest, Sha256};
use smithy_rt::client::{Client, Config, Credentials, FixedTime, SdkError, TimeSource};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// What the server knows about the one principal it accepts.
#[derive(Clone)]
struct Verifier {
    access_key_id: &'static str,
    secret: &'static str,
    session_token: Option<&'static str>,
    region: &'static str,
    service: &'static str,
    /// The expected `X-Amz-Date`.
    date: &'static str,
}

impl Verifier {
    /// `Ok(())` or why the request is rejected.
    fn verify(&self, parts: &http::request::Parts, body: &[u8]) -> Result<(), String> {
        let h = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let auth = h("authorization").ok_or("no Authorization")?;
        let rest = auth.strip_prefix("AWS4-HMAC-SHA256 ").ok_or("wrong algorithm")?;
        let fields: BTreeMap<&str, &str> = rest.split(", ").filter_map(|kv| kv.split_once('=')).collect();
        let credential = fields.get("Credential").ok_or("no Credential")?;
        let signed_headers = fields.get("SignedHeaders").ok_or("no SignedHeaders")?;
        let signature = fields.get("Signature").ok_or("no Signature")?;

        let amz_date = h("x-amz-date").ok_or("no X-Amz-Date")?;
        if amz_date != self.date {
            return Err(format!("X-Amz-Date {amz_date} is not {}", self.date));
        }
        let day = &amz_date[..8];
        let scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        if *credential != format!("{}/{scope}", self.access_key_id) {
            return Err(format!("unexpected credential {credential}"));
        }
        let names: Vec<&str> = signed_headers.split(';').collect();
        for required in ["host", "x-amz-date", "x-amz-target", "content-type"] {
            if !names.contains(&required) {
                return Err(format!("{required} is not signed"));
            }
        }
        match (self.session_token, h("x-amz-security-token")) {
            (Some(expected), Some(got)) if expected == got && names.contains(&"x-amz-security-token") => {}
            (None, None) => {}
            _ => return Err("session token missing, wrong or unsigned".into()),
        }

        let mut canonical = format!("{}\n{}\n{}\n", parts.method, parts.uri.path(), parts.uri.query().unwrap_or(""));
        for name in &names {
            let values: Vec<String> = parts
                .headers
                .get_all(*name)
                .iter()
                .map(|v| v.to_str().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            if values.is_empty() {
                return Err(format!("signed header {name} was not received"));
            }
            canonical.push_str(&format!("{name}:{}\n", values.join(",")));
        }
        canonical.push_str(&format!("\n{signed_headers}\n{}", hex(&Sha256::digest(body))));
        let string_to_sign =
            format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
        let key = [day, self.region, self.service, "aws4_request"]
            .iter()
            .fold(format!("AWS4{}", self.secret).into_bytes(), |k, part| hmac(&k, part.as_bytes()));
        let expected = hex(&hmac(&key, string_to_sign.as_bytes()));
        if expected != *signature {
            return Err("signature mismatch".into());
        }
        Ok(())
    }
}

/// Starts the verifying server; returns its URL and the `Host` headers it saw.
async fn verifying_server(verifier: Verifier) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hosts = Arc::new(Mutex::new(Vec::new()));
    let seen = hosts.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let verifier = verifier.clone();
            let seen = seen.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let verifier = verifier.clone();
                    let seen = seen.clone();
                    async move {
                        let (parts, body) = request.into_parts();
                        let body = body.collect().await?.to_bytes();
                        if let Some(host) = parts.headers.get("host") {
                            seen.lock().unwrap().push(host.to_str().unwrap_or("").to_owned());
                        }
                        let (status, body) = match verifier.verify(&parts, &body) {
                            Ok(()) => (200, format!(r#"{{"Arn": "arn:ok", "Count": {}}}"#, body.len())),
                            Err(why) => (
                                403,
                                serde_json::json!({"__type": "InvalidSignatureException", "message": why}).to_string(),
                            ),
                        };
                        let response = http::Response::builder()
                            .status(status)
                            .header("content-type", "application/x-amz-json-1.1")
                            .header("x-amzn-RequestId", "loopback-1")
                            .body(Full::new(Bytes::from(body)))
                            .unwrap();
                        Ok::<_, hyper::Error>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    (url, hosts)
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
// 2024-02-29T12:34:56Z
const EPOCH: u64 = 1_709_210_096;

fn verifier(session_token: Option<&'static str>) -> Verifier {
    Verifier {
        access_key_id: "AKIDEXAMPLE",
        secret: SECRET,
        session_token,
        region: "eu-central-1",
        service: "appstream",
        date: "20240229T123456Z",
    }
}

fn client(url: &str, secret: &str, token: Option<&str>) -> Client {
    let config = Config::builder()
        .region("eu-central-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKIDEXAMPLE", secret, token.map(str::to_owned), None))
        .time_source(FixedTime::from_epoch_secs(EPOCH))
        .attempt_timeout(Duration::from_secs(5))
        .build();
    Client::new(&SERVICE, config)
}

#[tokio::test]
async fn signed_requests_pass_on_a_non_default_port() {
    let (url, hosts) = verifying_server(verifier(None)).await;
    let client = client(&url, SECRET, None);
    let input = CreateThing { name: Some("thing with spaces  and ünïcode".into()), tags: Some(vec!["a".into()]) };
    let out = client.invoke(&input).await.unwrap();
    assert_eq!(out.arn.as_deref(), Some("arn:ok"));
    // The server saw exactly the bytes we serialized.
    assert_eq!(out.count as usize, serde_json::to_vec(&input).unwrap().len());
    client.invoke(&ListThings::default()).await.unwrap();
    let port = url.rsplit(':').next().unwrap();
    assert_eq!(*hosts.lock().unwrap(), [format!("127.0.0.1:{port}"), format!("127.0.0.1:{port}")]);
}

#[tokio::test]
async fn session_tokens_are_sent_and_signed() {
    let (url, _) = verifying_server(verifier(Some("FQoGZXIvYXdzEXAMPLETOKEN//+=="))).await;
    client(&url, SECRET, Some("FQoGZXIvYXdzEXAMPLETOKEN//+==")).invoke(&named("a")).await.unwrap();
    // Without the token the same server refuses.
    let err = client(&url, SECRET, None).invoke(&named("a")).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
}

#[tokio::test]
async fn a_wrong_secret_is_refused_and_not_retried() {
    let (url, hosts) = verifying_server(verifier(None)).await;
    let err = client(&url, "not-the-secret", None).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Service { meta, .. } if meta.status() == 403), "{err:?}");
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert_eq!(err.message(), Some("signature mismatch"));
    assert_eq!(err.request_id(), Some("loopback-1"));
    assert!(!err.to_string().contains("not-the-secret"));
    assert!(!format!("{err:?}").contains("not-the-secret"));
    assert_eq!(hosts.lock().unwrap().len(), 1);
}

/// A clock that moves one second on at each reading.
#[derive(Debug)]
struct Ticking(Mutex<SystemTime>);

impl TimeSource for Ticking {
    fn now(&self) -> SystemTime {
        let mut t = self.0.lock().unwrap();
        *t += Duration::from_secs(1);
        *t
    }
}

#[tokio::test]
async fn every_attempt_is_signed_again() {
    use smithy_rt::client::test_util::{error_response, json_response, RecordingSleep, ReplayTransport};
    let transport = ReplayTransport::new([
        error_response(503, "ServiceUnavailableException", "later", "r1"),
        error_response(503, "ServiceUnavailableException", "later", "r2"),
        json_response(200, "{}"),
    ]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .time_source(Ticking(Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(EPOCH))))
        .sleep(RecordingSleep::new())
        .http_transport(transport.clone())
        .build();
    Client::new(&SERVICE, config).invoke(&named("a")).await.unwrap();
    let requests = transport.requests();
    let get = |i: usize, h: &str| requests[i].headers()[h].to_str().unwrap().to_owned();
    assert_eq!(
        [get(0, "x-amz-date"), get(1, "x-amz-date"), get(2, "x-amz-date")],
        ["20240229T123457Z", "20240229T123458Z", "20240229T123459Z"]
    );
    assert_eq!(get(2, "amz-sdk-request"), "attempt=3; max=3");
    assert_eq!(get(0, "amz-sdk-invocation-id"), get(2, "amz-sdk-invocation-id"));
    let sigs: std::collections::BTreeSet<String> = (0..3).map(|i| get(i, "authorization")).collect();
    assert_eq!(sigs.len(), 3);
}

/// An operation whose endpoint host starts with `data-{Name}.` (`smithy.api#endpoint`).
#[derive(serde::Serialize, Debug)]
struct PutData {
    #[serde(rename = "Name")]
    name: Option<String>,
}

impl smithy_rt::client::Operation for PutData {
    const NAME: &'static str = "PutData";
    const HOST_PREFIX: &'static [smithy_rt::client::HostPrefixSegment] = &[
        smithy_rt::client::HostPrefixSegment::Literal("data-"),
        smithy_rt::client::HostPrefixSegment::Label("Name"),
        smithy_rt::client::HostPrefixSegment::Literal("."),
    ];
    type Output = CreateThingOutput;
    type Error = CreateThingError;
    fn validate(
        &self,
        _mode: smithy_rt::validate::ValidationMode,
    ) -> Result<(), smithy_rt::validate::ValidationErrors> {
        Ok(())
    }
    fn host_label(&self, member: &str) -> Option<&str> {
        match member {
            "Name" => self.name.as_deref(),
            _ => None,
        }
    }
}

/// The request goes through a plain-http proxy (the verifying server), so
/// the endpoint's host needs no DNS: the server sees the `Host` the client
/// signed, and checks the signature over it.
#[tokio::test]
async fn host_prefixes_are_sent_and_signed() {
    let (proxy, hosts) = verifying_server(verifier(None)).await;
    let client = |disable: bool| {
        let config = Config::builder()
            .region("eu-central-1")
            .endpoint_url("http://things.example:8080")
            .proxy(smithy_rt::client::ProxyConfig::new().http(&proxy))
            .credentials(Credentials::new("AKIDEXAMPLE", SECRET, None, None))
            .time_source(FixedTime::from_epoch_secs(EPOCH))
            .attempt_timeout(Duration::from_secs(5))
            .disable_host_prefix(disable)
            .build();
        Client::new(&SERVICE, config)
    };
    let out = client(false).invoke(&PutData { name: Some("fleet-1".into()) }).await.unwrap();
    assert_eq!(out.arn.as_deref(), Some("arn:ok"));
    // An operation without a prefix keeps the plain host, and so does disable_host_prefix.
    client(false).invoke(&named("a")).await.unwrap();
    client(true).invoke(&PutData { name: Some("fleet-1".into()) }).await.unwrap();
    assert_eq!(
        *hosts.lock().unwrap(),
        ["data-fleet-1.things.example:8080", "things.example:8080", "things.example:8080"]
    );

    // Values that are not host labels fail before anything is sent, naming the member.
    for bad in [Some("a.b"), Some("-x"), Some(""), Some("x/y"), Some("ünï"), None] {
        let err = client(false).invoke(&PutData { name: bad.map(str::to_owned) }).await.unwrap_err();
        let SdkError::Construction(e) = &err else { panic!("{err:?}") };
        assert_eq!(e.kind(), smithy_rt::client::ConstructionErrorKind::InvalidHostLabel, "{err}");
        assert!(err.to_string().contains("input member Name"), "{err}");
        assert_eq!(err.operation(), Some("PutData"));
    }
    let long = "a".repeat(64);
    let err = client(false).invoke(&PutData { name: Some(long) }).await.unwrap_err();
    assert!(err.to_string().contains("not a valid host label"), "{err}");
    assert_eq!(hosts.lock().unwrap().len(), 3);
}

/// Endpoint rules that resolve `https://svc.<region>.amazonaws.com`, add a
/// header, and sign for `appstream` in `eu-central-1` whatever the region.
fn rules(b: &smithy_rt::rules::BuiltIns<'_>) -> Result<smithy_rt::rules::Endpoint, smithy_rt::rules::EndpointError> {
    use smithy_rt::Document;
    let text = |s: &str| Document::String(s.to_owned());
    let scheme = [("name", text("sigv4")), ("signingName", text("appstream")), ("signingRegion", text("eu-central-1"))];
    Ok(smithy_rt::rules::Endpoint::new(format!("https://svc.{}.amazonaws.com", b.region.unwrap_or("none")))
        .header("x-amz-rules-header", "signed too")
        .property(
            "authSchemes",
            Document::Array(vec![Document::Object(scheme.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())]),
        ))
}

static WITH_RULES: smithy_rt::client::ServiceMeta = smithy_rt::client::ServiceMeta {
    sdk_id: "AppStream",
    target_prefix: "PhotonAdminProxyService",
    signing_name: "not-this-one",
    endpoint_prefix: "appstream2",
    env_name: "APPSTREAM",
    protocols: &[smithy_rt::client::Protocol::AwsJson1_1],
    crate_name: "appstream",
    crate_version: "0.1.0",
    query_compatible: false,
    endpoint_rules: Some(rules),
};

#[tokio::test]
async fn connect_to_reaches_a_loopback_server_with_the_resolved_host_and_a_valid_signature() {
    let (url, hosts) = verifying_server(verifier(None)).await;
    let config = Config::builder()
        .region("us-west-2")
        .connect_to(url.as_str())
        .credentials(Credentials::new("AKIDEXAMPLE", SECRET, None, None))
        .time_source(FixedTime::from_epoch_secs(EPOCH))
        .attempt_timeout(Duration::from_secs(5))
        .build();
    let client = Client::new(&WITH_RULES, config);
    assert_eq!(client.endpoint().unwrap(), "https://svc.us-west-2.amazonaws.com/");
    // Plain http to the server, signed for the rules' host, name and region (which the server checks).
    let out = client.invoke(&named("a")).await.unwrap();
    assert_eq!(out.arn.as_deref(), Some("arn:ok"));
    assert_eq!(*hosts.lock().unwrap(), ["svc.us-west-2.amazonaws.com"]);
}
