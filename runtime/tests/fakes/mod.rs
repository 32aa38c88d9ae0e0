//! Loopback fakes of the services credentials come from, started by the
//! tests themselves on 127.0.0.1: a generic recording HTTP server, and STS
//! answering in its real XML format.
#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The request target as received (absolute through a proxy).
    pub uri: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
    /// The form-encoded body's fields.
    pub fn form(&self) -> BTreeMap<String, String> {
        form_urlencoded::parse(self.body.as_bytes()).into_owned().collect()
    }
}

/// What a fake answers.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Reply { status, headers: Vec::new(), body: body.into() }
    }
    pub fn header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.to_owned(), v.to_owned()));
        self
    }
}

/// A running fake: its base URL and every request it received.
#[derive(Clone)]
pub struct Fake {
    pub url: String,
    pub addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// Serves `handler` on 127.0.0.1 until the test ends.
pub async fn serve(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Fake {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let handler = Arc::new(handler);
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let handler = handler.clone();
            let record = record.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let handler = handler.clone();
                    let record = record.clone();
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        let seen = Seen {
                            method: parts.method.to_string(),
                            uri: parts.uri.to_string(),
                            path: parts.uri.path().to_owned(),
                            query: form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                                .into_owned()
                                .collect(),
                            headers: parts
                                .headers
                                .iter()
                                .map(|(k, v)| {
                                    (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned())
                                })
                                .collect(),
                            body: String::from_utf8_lossy(&body).into_owned(),
                        };
                        let reply = handler(&seen);
                        record.lock().unwrap().push(seen);
                        let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body)));
                        *response.status_mut() = hyper::StatusCode::from_u16(reply.status).unwrap();
                        for (k, v) in reply.headers {
                            response.headers_mut().append(
                                hyper::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                                hyper::header::HeaderValue::from_str(&v).unwrap(),
                            );
                        }
                        Ok::<_, std::convert::Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    Fake { url: format!("http://{addr}"), addr, seen }
}

/// RFC 3339, as STS writes `Expiration`.
pub fn rfc3339(t: SystemTime) -> String {
    let ts = smithy_rt::Timestamp::from_system_time(t).unwrap();
    smithy_rt::Timestamp::from_seconds(ts.as_seconds()).unwrap().to_string()
}

pub fn in_an_hour() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

/// The XML body of a successful STS call.
pub fn sts_success(action: &str, key: &str, secret: &str, token: &str, expiry: SystemTime) -> String {
    let extra = if action == "AssumeRoleWithWebIdentity" {
        "<SubjectFromWebIdentityToken>system:serviceaccount:ns:app</SubjectFromWebIdentityToken>\
         <Audience>sts.amazonaws.com</Audience><Provider>oidc.example.com</Provider>"
    } else {
        "<PackedPolicySize>6</PackedPolicySize>"
    };
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{action}Result>
    {extra}
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:session</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>{key}</AccessKeyId>
      <SecretAccessKey>{secret}</SecretAccessKey>
      <SessionToken>{token}</SessionToken>
      <Expiration>{}</Expiration>
    </Credentials>
  </{action}Result>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</{action}Response>"#,
        rfc3339(expiry)
    )
}

/// The XML body of an STS error.
pub fn sts_error(code: &str, message: &str) -> String {
    format!(
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>4b2b0a7e-0000-4000-8000-000000000000</RequestId>
</ErrorResponse>"#
    )
}

/// The access key id in a SigV4 `Authorization` header.
pub fn signed_by(seen: &Seen) -> Option<String> {
    let auth = seen.header("authorization")?;
    let rest = auth.split("Credential=").nth(1)?;
    Some(rest.split('/').next()?.to_owned())
}

/// A fake STS: `AssumeRoleWithWebIdentity` accepts the token `good-token`
/// (`expired-token` gives ExpiredTokenException, others InvalidIdentityToken);
/// `AssumeRole` must be signed, answers AccessDenied for roles whose ARN
/// contains `denied`, and otherwise gives `ASIA<role name>` keys.
pub async fn sts() -> Fake {
    serve(|seen| {
        let form = seen.form();
        let role = form.get("RoleArn").cloned().unwrap_or_default();
        let role_name = role.rsplit('/').next().unwrap_or("").to_owned();
        match form.get("Action").map(String::as_str) {
            Some("AssumeRoleWithWebIdentity") => match form.get("WebIdentityToken").map(String::as_str) {
                _ if seen.header("authorization").is_some() => Reply::new(400, sts_error("InvalidAction", "must not be signed")),
                Some("good-token") => Reply::new(
                    200,
                    sts_success("AssumeRoleWithWebIdentity", &format!("ASIAWI{role_name}"), "wi-secret", "wi-session-token", in_an_hour()),
                ),
                Some("expired-token") => Reply::new(400, sts_error("ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time")),
                _ => Reply::new(400, sts_error("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider")),
            },
            Some("AssumeRole") => match signed_by(seen) {
                None => Reply::new(403, sts_error("MissingAuthenticationToken", "Request is missing Authentication Token")),
                Some(_) if role.contains("denied") => Reply::new(
                    403,
                    sts_error("AccessDenied", &format!("User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole on resource: {role}")),
                ),
                Some(_) => Reply::new(
                    200,
                    sts_success("AssumeRole", &format!("ASIA{role_name}"), &format!("secret-{role_name}"), &format!("token-{role_name}"), in_an_hour()),
                ),
            },
            _ => Reply::new(400, sts_error("InvalidAction", "unknown action")),
        }
    })
    .await
}
