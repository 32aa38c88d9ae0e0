//! Shared by `client_conformance.rs` and `client_e2e.rs`: SigV4 arithmetic
//! written from the specification (not `aws-sigv4`, which the client uses),
//! and a loopback HTTP server that checks every request's signature and
//! answers from a scripted queue.
#![allow(dead_code)]

use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use sha2::{Digest, Sha256};
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::http;
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
    smithy_rt::Timestamp::from_second(secs as i64).expect("in range").strftime("%Y%m%dT%H%M%SZ").to_string()
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
        for required in ["host", "x-amz-date", "x-amz-target", "content-type"] {
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

/// What the server answers one request with.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A whole response.
    Respond { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Never answer (the connection stays open).
    Hang,
}

impl Reply {
    /// `status` with an awsJson 1.1 `body`.
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply::raw(status, "application/x-amz-json-1.1", body.into().into_bytes())
    }

    /// 200 with `body`.
    pub fn ok(body: impl Into<String>) -> Reply {
        Reply::json(200, body)
    }

    /// An awsJson error: `{"__type": code, "message": message}`.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(status, serde_json::json!({ "__type": code, "message": message }).to_string())
    }

    /// `status`, `content_type` and `body` as given.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Respond { status, headers: vec![("content-type".into(), content_type.into())], body: body.into() }
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
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The operation from `X-Amz-Target` (`CreateFleet`), empty without one.
    pub operation: String,
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

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

#[derive(Default)]
struct State {
    /// `(expected operation, reply)`.
    script: VecDeque<(String, Reply)>,
    seen: Vec<Seen>,
}

/// The target prefix of AppStream's `X-Amz-Target`.
const TARGET_PREFIX: &str = "PhotonAdminProxyService.";

/// A loopback server speaking HTTP/1.1 on 127.0.0.1.
///
/// Each request is verified first: a bad signature gets 403 with an AWS-style
/// `InvalidSignatureException` body and consumes nothing from the script.
/// A signed request gets the next scripted reply, which must be for its
/// operation (otherwise 400 `UnexpectedOperation`); with the script empty it
/// gets 400 `NoScriptedReply`. Neither code is retried by the client.
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
                            let reply = Self::handle(&state, &verifier, parts, body);
                            let (status, headers, body) = match reply {
                                Reply::Respond { status, headers, body } => (status, headers, body),
                                Reply::Hang => std::future::pending().await,
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
        let target = parts.headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("");
        let operation = target.strip_prefix(TARGET_PREFIX).unwrap_or(target).to_owned();
        let verdict = verifier.verify(&parts, &body);
        state.seen.push(Seen {
            operation: operation.clone(),
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
