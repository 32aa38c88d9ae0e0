//! Shared by the end-to-end tests: SigV4 arithmetic written from the
//! specification (not `aws-sigv4`, which the client uses), a loopback HTTP
//! server that checks every request's signature and answers from a scripted
//! queue in the request's protocol, and the protocol this test binary runs
//! under.
//!
//! Every end-to-end test file is compiled twice (see `tests/Cargo.toml`):
//! as `<file>`, whose clients speak rpcv2Cbor (AppStream's default), and as
//! `<file>_json`, whose clients speak awsJson1.1. [`protocol`] tells them
//! apart by the crate's name. Scripted replies are written as JSON
//! documents either way; a CBOR request gets them transcoded to CBOR.
#![allow(dead_code)]

use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use sha2::{Digest, Sha256};
use smithy_rt::cbor;
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::test_util::{cbor_error_response, cbor_response, error_response, json_response};
pub use smithy_rt::client::Protocol;
use smithy_rt::client::{http, Config, ConfigBuilder, Env, HttpRequest, HttpResponse};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The AWS documentation's example secret.
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// The access key the e2e tests' static credentials use.
pub const ACCESS_KEY: &str = "AKIDLOOPBACK";
/// The instant every e2e request is signed at: 2024-02-29T12:34:56Z.
pub const EPOCH_SECS: u64 = 1_709_210_096;
/// [`EPOCH_SECS`] as SigV4 writes it.
pub const AMZ_DATE: &str = "20240229T123456Z";
pub const REGION: &str = "us-east-1";
pub const SIGNING_NAME: &str = "appstream";
/// AppStream's service shape name: the prefix of awsJson's `X-Amz-Target`
/// and the `<service>` of rpcv2Cbor's `/service/<service>/operation/<op>`.
pub const SERVICE: &str = "PhotonAdminProxyService";
pub const JSON_CONTENT_TYPE: &str = "application/x-amz-json-1.1";
pub const CBOR_CONTENT_TYPE: &str = "application/cbor";

// ---------------------------------------------------------------------------
// The protocol of this test binary

/// The protocol this test binary's clients speak: awsJson1.1 for a target
/// whose name ends in `_json`, rpcv2Cbor otherwise.
pub fn protocol() -> Protocol {
    if env!("CARGO_CRATE_NAME").ends_with("_json") {
        Protocol::AwsJson1_1
    } else {
        Protocol::RpcV2Cbor
    }
}

pub fn is_cbor() -> bool {
    protocol() == Protocol::RpcV2Cbor
}

/// `Config::builder()` speaking [`protocol`].
pub fn config() -> ConfigBuilder {
    Config::builder().protocol(protocol())
}

/// `ConfigBuilder::from_env(env)` speaking [`protocol`].
pub fn from_env(env: &Env) -> ConfigBuilder {
    ConfigBuilder::from_env(env).protocol(protocol())
}

/// The members of AppStream's shapes that are timestamps: what the JSON to
/// CBOR transcoding writes under tag 1 when their value is a number.
pub const TIMESTAMP_MEMBERS: &[&str] = &["CreatedTime", "PublicBaseImageReleasedDate", "ErrorTimestamp"];

/// `document` as CBOR: objects as maps in their order (serde_json keeps it
/// here), integers as integers, other numbers as doubles, and a number under
/// one of [`TIMESTAMP_MEMBERS`] as tag 1 over it, as a service writes it.
pub fn json_to_cbor(document: &serde_json::Value) -> Vec<u8> {
    fn item(v: &serde_json::Value, timestamp: bool) -> cbor::Value {
        use serde_json::Value as J;
        match v {
            J::Null => cbor::Value::Null,
            J::Bool(b) => cbor::Value::Bool(*b),
            J::Number(n) => {
                let number = match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => cbor::Value::Integer(u.into()),
                    (_, Some(i)) => cbor::Value::Integer(i.into()),
                    _ => cbor::Value::Float(n.as_f64().expect("a finite number")),
                };
                if timestamp {
                    cbor::Value::Tag(1, Box::new(number))
                } else {
                    number
                }
            }
            J::String(t) => cbor::Value::Text(t.clone()),
            J::Array(items) => cbor::Value::Array(items.iter().map(|i| item(i, false)).collect()),
            J::Object(members) => cbor::Value::Map(
                members
                    .iter()
                    .map(|(k, v)| (cbor::Value::Text(k.clone()), item(v, TIMESTAMP_MEMBERS.contains(&k.as_str()))))
                    .collect(),
            ),
        }
    }
    item(document, false).to_vec().expect("a JSON document encodes as CBOR")
}

/// `v` with every timestamp (`{"$tag": 1, "$value": n}`, as
/// [`cbor::Value::to_json`] writes tag 1) replaced by its number `n`, so
/// that a CBOR body's document equals the awsJson body's.
pub fn untag_timestamps(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Object(mut members) => {
            if members.len() == 2 && members.get("$tag") == Some(&J::from(1)) && members.contains_key("$value") {
                return untag_timestamps(members.remove("$value").unwrap());
            }
            J::Object(members.into_iter().map(|(k, v)| (k, untag_timestamps(v))).collect())
        }
        J::Array(items) => J::Array(items.into_iter().map(untag_timestamps).collect()),
        other => other,
    }
}

/// A CBOR body as the JSON document the awsJson body would be: decoded by
/// [`cbor::value_from_slice`], written by [`cbor::Value::to_json`]'s
/// convention, timestamps untagged.
pub fn cbor_to_json(body: &[u8]) -> serde_json::Value {
    let value = cbor::value_from_slice(body).unwrap_or_else(|e| panic!("the body is not CBOR: {e}"));
    untag_timestamps(value.to_json())
}

/// A request body in `protocol` as a JSON document.
pub fn body_json(protocol: Protocol, body: &[u8]) -> serde_json::Value {
    match protocol {
        Protocol::RpcV2Cbor => cbor_to_json(body),
        _ => serde_json::from_slice(body).unwrap_or_else(|e| panic!("the body is not JSON: {e}")),
    }
}

/// A response of this binary's protocol with `status` and the JSON document
/// `json` (`""` for an empty body), transcoded for rpcv2Cbor.
pub fn response(status: u16, json: impl AsRef<str>) -> HttpResponse {
    let json = json.as_ref();
    match protocol() {
        Protocol::RpcV2Cbor if json.is_empty() => cbor_response(status, Bytes::new()),
        Protocol::RpcV2Cbor => cbor_response(status, json_to_cbor(&parse_json(json))),
        _ => json_response(status, json.to_owned()),
    }
}

/// An error response of this binary's protocol: `{"__type": code,
/// "message": message}` with `x-amzn-RequestId: request_id`.
pub fn error(status: u16, code: &str, message: &str, request_id: &str) -> HttpResponse {
    match protocol() {
        Protocol::RpcV2Cbor => cbor_error_response(status, code, message, request_id),
        _ => error_response(status, code, message, request_id),
    }
}

/// The operation a request of this binary's protocol calls, after checking
/// that it names it the protocol's way (and only that way).
pub fn operation_of(request: &HttpRequest) -> String {
    let header = |name: &str| request.headers().get(name).map(|v| v.to_str().expect("an ASCII header"));
    match protocol() {
        Protocol::RpcV2Cbor => {
            assert_eq!(header("smithy-protocol"), Some("rpc-v2-cbor"));
            assert_eq!(header("x-amz-target"), None);
            let path = request.uri().path();
            let op = path
                .strip_prefix(&format!("/service/{SERVICE}/operation/"))
                .unwrap_or_else(|| panic!("not an rpcv2Cbor path: {path}"));
            op.to_owned()
        }
        _ => {
            assert_eq!(request.uri().path(), "/");
            let target = header("x-amz-target").expect("an X-Amz-Target header");
            target.strip_prefix(&format!("{SERVICE}.")).unwrap_or_else(|| panic!("X-Amz-Target {target}")).to_owned()
        }
    }
}

/// A request body of this binary's protocol as a JSON document.
pub fn request_json(request: &HttpRequest) -> serde_json::Value {
    body_json(protocol(), request.body())
}

fn parse_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| {
        let start: String = text.chars().take(80).collect();
        panic!("a scripted reply is not JSON ({e}); use Reply::raw or Reply::wire for that: {start:?}")
    })
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// `YYYYMMDDTHHMMSSZ` of `time`.
pub fn amz_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let t = smithy_rt::Timestamp::from_seconds(secs as i64).expect("in range").to_utc();
    let (y, mo, d) = (t.year(), u8::from(t.month()), t.day());
    format!("{y:04}{mo:02}{d:02}T{:02}{:02}{:02}Z", t.hour(), t.minute(), t.second())
}

/// The SigV4 signature of `string_to_sign` (hex).
pub fn signature(secret: &str, day: &str, region: &str, service: &str, string_to_sign: &str) -> String {
    let key = [day, region, service, "aws4_request"]
        .iter()
        .fold(format!("AWS4{secret}").into_bytes(), |k, part| hmac(&k, part.as_bytes()));
    hex(&hmac(&key, string_to_sign.as_bytes()))
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key: String,
    /// `20240229/us-east-1/appstream/aws4_request`.
    pub scope: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl Authorization {
    pub fn parse(value: &str) -> Result<Authorization, String> {
        let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or("the algorithm is not AWS4-HMAC-SHA256")?;
        let fields: BTreeMap<&str, &str> = rest.split(", ").filter_map(|kv| kv.split_once('=')).collect();
        let credential = fields.get("Credential").ok_or("no Credential")?;
        let (access_key, scope) = credential.split_once('/').ok_or("Credential has no scope")?;
        Ok(Authorization {
            access_key: access_key.to_owned(),
            scope: scope.to_owned(),
            signed_headers: fields
                .get("SignedHeaders")
                .ok_or("no SignedHeaders")?
                .split(';')
                .map(str::to_owned)
                .collect(),
            signature: fields.get("Signature").ok_or("no Signature")?.to_string(),
        })
    }
}

/// One identity the server accepts.
#[derive(Debug, Clone)]
pub struct Principal {
    pub access_key: String,
    pub secret: String,
    pub session_token: Option<String>,
}

impl Principal {
    pub fn new(access_key: &str, secret: &str, session_token: Option<&str>) -> Self {
        Principal { access_key: access_key.into(), secret: secret.into(), session_token: session_token.map(Into::into) }
    }
}

/// Checks SigV4 signatures the way a service does: from the request as it
/// arrived (method, path, query, the signed headers' values, the body's
/// SHA-256), for known principals, at one expected instant.
#[derive(Debug, Clone)]
pub struct Verifier {
    pub principals: Vec<Principal>,
    pub region: String,
    pub service: String,
    /// The only `X-Amz-Date` accepted.
    pub amz_date: String,
}

impl Verifier {
    /// Accepts `principals`, for us-east-1/appstream at [`AMZ_DATE`].
    pub fn new(principals: Vec<Principal>) -> Self {
        Verifier { principals, region: REGION.into(), service: SIGNING_NAME.into(), amz_date: AMZ_DATE.into() }
    }

    /// The access key of a correctly signed request, or why it is not.
    pub fn verify(&self, parts: &http::request::Parts, body: &[u8]) -> Result<String, String> {
        let header = |name: &str| -> Result<Option<String>, String> {
            let mut values = parts.headers.get_all(name).iter();
            let Some(first) = values.next() else { return Ok(None) };
            if values.next().is_some() {
                return Err(format!("{name} was sent twice"));
            }
            first.to_str().map(|v| Some(v.to_owned())).map_err(|_| format!("{name} is not visible ASCII"))
        };
        let auth = Authorization::parse(&header("authorization")?.ok_or("no Authorization header")?)?;
        let principal = self
            .principals
            .iter()
            .find(|p| p.access_key == auth.access_key)
            .ok_or_else(|| format!("unknown access key {}", auth.access_key))?;
        let amz_date = header("x-amz-date")?.ok_or("no X-Amz-Date header")?;
        if amz_date != self.amz_date {
            return Err(format!("X-Amz-Date {amz_date} is not {}", self.amz_date));
        }
        let day = &amz_date[..8];
        let scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        if auth.scope != scope {
            return Err(format!("credential scope {} is not {scope}", auth.scope));
        }
        let mut sorted = auth.signed_headers.clone();
        sorted.sort();
        sorted.dedup();
        if sorted != auth.signed_headers {
            return Err("SignedHeaders is not sorted and unique".into());
        }
        let signed = |name: &str| auth.signed_headers.iter().any(|h| h == name);
        // What names the operation and the body's format must be signed.
        let required: &[&str] = if parts.headers.contains_key("smithy-protocol") {
            &["host", "x-amz-date", "smithy-protocol", "accept", "content-type"]
        } else {
            &["host", "x-amz-date", "x-amz-target", "content-type"]
        };
        for &required in required {
            if !signed(required) {
                return Err(format!("{required} is not signed"));
            }
        }
        match (&principal.session_token, header("x-amz-security-token")?) {
            (Some(expected), Some(got)) if *expected == got && signed("x-amz-security-token") => {}
            (None, None) => {}
            _ => return Err("the session token is missing, wrong or unsigned".into()),
        }
        let mut canonical = format!("{}\n{}\n{}\n", parts.method, parts.uri.path(), parts.uri.query().unwrap_or(""));
        for name in &auth.signed_headers {
            let values: Vec<String> = parts
                .headers
                .get_all(name.as_str())
                .iter()
                .map(|v| v.to_str().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            if values.is_empty() {
                return Err(format!("signed header {name} was not received"));
            }
            canonical.push_str(&format!("{name}:{}\n", values.join(",")));
        }
        canonical.push_str(&format!("\n{}\n{}", auth.signed_headers.join(";"), sha256_hex(body)));
        let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical.as_bytes()));
        let expected = signature(&principal.secret, day, &self.region, &self.service, &string_to_sign);
        if expected != auth.signature {
            return Err(format!("signature mismatch; canonical request:\n{canonical}"));
        }
        Ok(auth.access_key)
    }
}

/// A reply's body.
#[derive(Debug, Clone)]
pub enum Body {
    /// A JSON document (`text`, parsed as `document`; `None` for an empty
    /// body): sent as `text` to an awsJson request, transcoded to CBOR
    /// ([`json_to_cbor`]) for an rpcv2Cbor one, with that protocol's
    /// `Content-Type` (and `smithy-protocol`).
    Json { text: String, document: Option<serde_json::Value> },
    /// Bytes sent as they are, whatever the request's protocol; the headers
    /// are the reply's own.
    Raw(Vec<u8>),
}

/// A response as sent: status, headers, body.
type Rendered = (u16, Vec<(String, String)>, Vec<u8>);

/// What the server answers one request with.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A whole response.
    Respond { status: u16, headers: Vec<(String, String)>, body: Body },
    /// Never answer (the connection stays open).
    Hang,
}

impl Reply {
    /// `status` with the JSON document `body` (`""` for an empty body), in
    /// the request's protocol. Panics unless `body` is JSON or empty: a body
    /// that is not goes through [`Reply::raw`] or [`Reply::wire`].
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        let text = body.into();
        let document = (!text.is_empty()).then(|| parse_json(&text));
        Reply::Respond { status, headers: Vec::new(), body: Body::Json { text, document } }
    }

    /// 200 with `body`, as [`Reply::json`].
    pub fn ok(body: impl Into<String>) -> Reply {
        Reply::json(200, body)
    }

    /// An error: `{"__type": code, "message": message}`, as [`Reply::json`].
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(status, serde_json::json!({ "__type": code, "message": message }).to_string())
    }

    /// `status`, `content_type` and `body` as given, whatever the protocol.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: Body::Raw(body.into()),
        }
    }

    /// `body` as given, as a response of this binary's [`protocol`]: its
    /// `Content-Type`, and `smithy-protocol: rpc-v2-cbor` for rpcv2Cbor.
    /// For bodies that are not a document (malformed, truncated).
    pub fn wire(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        match protocol() {
            Protocol::RpcV2Cbor => Reply::raw(status, CBOR_CONTENT_TYPE, body).header("smithy-protocol", "rpc-v2-cbor"),
            _ => Reply::raw(status, JSON_CONTENT_TYPE, body),
        }
    }

    /// The same reply with `x-amzn-RequestId: id` (otherwise the server
    /// sends `loopback-<n>`, `n` counting requests from 1).
    pub fn request_id(self, id: &str) -> Reply {
        self.header("x-amzn-RequestId", id)
    }

    /// The same reply with one more header.
    pub fn header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Respond { status, mut headers, body } => {
                headers.push((name.into(), value.into()));
                Reply::Respond { status, headers, body }
            }
            Reply::Hang => Reply::Hang,
        }
    }

    /// The status, headers and body of this reply to a request in
    /// `protocol` (`None`: neither, answered as awsJson).
    fn render(self, protocol: Option<Protocol>) -> Option<Rendered> {
        let Reply::Respond { status, mut headers, body } = self else { return None };
        let body = match body {
            Body::Raw(bytes) => bytes,
            Body::Json { text, document } => {
                let mut typed = |content_type: &str| headers.insert(0, ("content-type".into(), content_type.into()));
                match (protocol, document) {
                    (Some(Protocol::RpcV2Cbor), document) => {
                        typed(CBOR_CONTENT_TYPE);
                        headers.insert(1, ("smithy-protocol".into(), "rpc-v2-cbor".into()));
                        document.map(|d| json_to_cbor(&d)).unwrap_or_default()
                    }
                    _ => {
                        typed(JSON_CONTENT_TYPE);
                        text.into_bytes()
                    }
                }
            }
        };
        Some((status, headers, body))
    }
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The protocol the request was recognised as: rpcv2Cbor for a path
    /// `/service/<service>/operation/<operation>` with a `smithy-protocol`
    /// header, awsJson1.1 for an `X-Amz-Target` header; `None` for neither.
    pub protocol: Option<Protocol>,
    /// The operation (`CreateFleet`) from the path or `X-Amz-Target`,
    /// empty when neither names one.
    pub operation: String,
    /// The service the rpcv2Cbor path names, or `X-Amz-Target`'s prefix.
    pub service: String,
    /// The verified access key; `None` when the signature was rejected.
    pub access_key: Option<String>,
    /// Why the signature was rejected.
    pub rejection: Option<String>,
    pub method: String,
    pub path: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as a JSON document, in either protocol ([`body_json`]).
    pub fn json(&self) -> serde_json::Value {
        body_json(self.protocol.expect("a request of a known protocol"), &self.body)
    }

    /// Checks that the request is one of `protocol` and only that: how it
    /// names the operation, its path, `Content-Type`, and for rpcv2Cbor
    /// `smithy-protocol` and `Accept`. `what` names it in a failure.
    pub fn assert_speaks(&self, protocol: Protocol, what: &str) {
        assert_eq!(self.protocol, Some(protocol), "{what}: recognised as");
        assert_eq!(self.service, SERVICE, "{what}: service");
        assert_eq!(self.method, "POST", "{what}: method");
        match protocol {
            Protocol::RpcV2Cbor => {
                let path = format!("/service/{SERVICE}/operation/{}", self.operation);
                assert_eq!(self.path, path, "{what}: path");
                assert_eq!(self.header("smithy-protocol"), Some("rpc-v2-cbor"), "{what}: smithy-protocol");
                assert_eq!(self.header("accept"), Some(CBOR_CONTENT_TYPE), "{what}: Accept");
                assert_eq!(self.header("content-type"), Some(CBOR_CONTENT_TYPE), "{what}: Content-Type");
                assert_eq!(self.header("x-amz-target"), None, "{what}: X-Amz-Target");
            }
            _ => {
                assert_eq!(self.path, "/", "{what}: path");
                let target = format!("{SERVICE}.{}", self.operation);
                assert_eq!(self.header("x-amz-target"), Some(target.as_str()), "{what}: X-Amz-Target");
                assert_eq!(self.header("content-type"), Some(JSON_CONTENT_TYPE), "{what}: Content-Type");
                assert_eq!(self.header("smithy-protocol"), None, "{what}: smithy-protocol");
            }
        }
    }
}

/// The protocol, service and operation of a request, from its path and
/// headers (see [`Seen::protocol`]).
pub fn recognise(parts: &http::request::Parts) -> (Option<Protocol>, String, String) {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let rpc = parts.uri.path().strip_prefix("/service/").and_then(|rest| rest.split_once("/operation/"));
    if let (Some((service, operation)), Some(_)) = (rpc, header("smithy-protocol")) {
        return (Some(Protocol::RpcV2Cbor), service.to_owned(), operation.to_owned());
    }
    match header("x-amz-target") {
        Some(target) => {
            let (service, operation) = target.rsplit_once('.').unwrap_or(("", target));
            (Some(Protocol::AwsJson1_1), service.to_owned(), operation.to_owned())
        }
        None => (None, String::new(), String::new()),
    }
}

#[derive(Default)]
struct State {
    /// `(expected operation, reply)`.
    script: VecDeque<(String, Reply)>,
    seen: Vec<Seen>,
}

/// A loopback server speaking HTTP/1.1 on 127.0.0.1, in both protocols.
///
/// Each request is recognised ([`recognise`]) and verified first: a bad signature gets 403 with an AWS-style
/// `InvalidSignatureException` body and consumes nothing from the script.
/// A signed request gets the next scripted reply, which must be for its
/// operation (otherwise 400 `UnexpectedOperation`); with the script empty it
/// gets 400 `NoScriptedReply`. Neither code is retried by the client. Every
/// reply, these included, is in the request's protocol ([`Body::Json`]).
#[derive(Clone)]
pub struct TestServer {
    url: String,
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl TestServer {
    /// Starts a server on the current Tokio runtime.
    pub async fn start(verifier: Verifier) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let verifier = Arc::new(verifier);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let state = shared.clone();
                let verifier = verifier.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                        let state = state.clone();
                        let verifier = verifier.clone();
                        async move {
                            let (parts, body) = request.into_parts();
                            let body = body.collect().await?.to_bytes();
                            let (protocol, _, _) = recognise(&parts);
                            let reply = Self::handle(&state, &verifier, parts, body);
                            let Some((status, headers, body)) = reply.render(protocol) else {
                                return std::future::pending().await;
                            };
                            let mut response = http::Response::builder().status(status);
                            for (name, value) in headers {
                                response = response.header(name, value);
                            }
                            Ok::<_, hyper::Error>(
                                response.body(Full::new(Bytes::from(body))).expect("a valid scripted response"),
                            )
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        TestServer { url, state }
    }

    /// Accepts [`ACCESS_KEY`] with [`SECRET`] only.
    pub async fn start_default() -> TestServer {
        Self::start(Verifier::new(vec![Principal::new(ACCESS_KEY, SECRET, None)])).await
    }

    fn handle(state: &Mutex<State>, verifier: &Verifier, parts: http::request::Parts, body: Bytes) -> Reply {
        let mut state = lock(state);
        let n = state.seen.len() + 1;
        let (protocol, service, operation) = recognise(&parts);
        let verdict = verifier.verify(&parts, &body);
        state.seen.push(Seen {
            protocol,
            operation: operation.clone(),
            service,
            access_key: verdict.as_ref().ok().cloned(),
            rejection: verdict.as_ref().err().cloned(),
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            headers: parts.headers,
            body,
        });
        let reply = match verdict {
            Err(why) => Reply::error(403, "InvalidSignatureException", &why),
            Ok(_) => match state.script.pop_front() {
                Some((expected, reply)) if expected == operation => reply,
                Some((expected, _)) => {
                    Reply::error(400, "UnexpectedOperation", &format!("expected {expected}, got {operation:?}"))
                }
                None => Reply::error(400, "NoScriptedReply", &format!("nothing scripted for {operation:?}")),
            },
        };
        match reply {
            Reply::Respond { ref headers, .. }
                if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("x-amzn-requestid")) =>
            {
                reply.request_id(&format!("loopback-{n}"))
            }
            other => other,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues `reply` for the next request, which must call `operation`.
    pub fn push(&self, operation: &str, reply: Reply) -> &Self {
        lock(&self.state).script.push_back((operation.to_owned(), reply));
        self
    }

    /// Every request received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.state).seen.clone()
    }

    pub fn request_count(&self) -> usize {
        lock(&self.state).seen.len()
    }

    /// How many scripted replies are left.
    pub fn unused_replies(&self) -> usize {
        lock(&self.state).script.len()
    }
}

/// A loopback listener that accepts connections and never reads or answers.
pub async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

/// The e2e instant as a `SystemTime`.
pub fn fixed_instant() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(EPOCH_SECS)
}
