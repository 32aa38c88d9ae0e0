//! EC2 instance metadata (IMDSv2 only): a session token from `PUT
//! /latest/api/token`, the role name, then the role's credentials. Short
//! timeouts (1 s, one retry) so that a machine without IMDS fails fast.

use super::http::{parse_time, send_with_retry, ProviderContext, SendError};
use super::{Credentials, CredentialsError, CredentialsErrorKind};
use crate::client::env::Env;
use crate::client::profile::Properties;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(1);
const TOKEN_TTL_SECONDS: u64 = 21_600;
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// A session token and when to stop using it.
pub(crate) type TokenCache = std::sync::Mutex<Option<(String, Instant)>>;

fn truthy(v: Option<String>) -> bool {
    v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// `AWS_EC2_METADATA_DISABLED=true`.
pub(crate) fn disabled(env: &Env) -> bool {
    truthy(env.get("AWS_EC2_METADATA_DISABLED"))
}

/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the profile's
/// `ec2_metadata_service_endpoint`, else the address for the endpoint mode
/// (`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` or the profile's
/// `ec2_metadata_service_endpoint_mode`: `IPv4`, the default, or `IPv6`).
pub(crate) fn endpoint(env: &Env, profile: Option<&Properties>) -> Result<String, CredentialsError> {
    let from_profile = |k: &str| profile.and_then(|p| p.get(k)).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if let Some(url) =
        env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT").or_else(|| from_profile("ec2_metadata_service_endpoint"))
    {
        let url = url.trim().trim_end_matches('/').to_owned();
        return match url.parse::<http::Uri>() {
            Ok(u) if matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some() => Ok(url),
            _ => Err(CredentialsError::invalid_configuration(format!(
                "the instance metadata endpoint {url:?} is not an http(s) URL"
            ))),
        };
    }
    match env
        .get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
        .or_else(|| from_profile("ec2_metadata_service_endpoint_mode"))
    {
        None => Ok("http://169.254.169.254".to_owned()),
        Some(m) if m.trim().eq_ignore_ascii_case("ipv4") => Ok("http://169.254.169.254".to_owned()),
        Some(m) if m.trim().eq_ignore_ascii_case("ipv6") => Ok("http://[fd00:ec2::254]".to_owned()),
        Some(m) => Err(CredentialsError::invalid_configuration(format!(
            "the instance metadata endpoint mode {m:?} is neither IPv4 nor IPv6"
        ))),
    }
}

struct Imds<'a> {
    ctx: &'a ProviderContext,
    base: String,
}

enum Got {
    Ok(String),
    Status(u16),
}

impl Imds<'_> {
    fn unreachable(&self, why: &str) -> CredentialsError {
        CredentialsError::not_loaded(format!("no instance metadata service at {} ({why})", self.base))
    }

    async fn send(
        &self,
        method: http::Method,
        path: &str,
        header: (&'static str, &str),
    ) -> Result<(u16, String), CredentialsError> {
        let uri: http::Uri = format!("{}{path}", self.base).parse().map_err(|_| {
            CredentialsError::invalid_configuration(format!("bad instance metadata URL {}{path}", self.base))
        })?;
        let mut value = http::HeaderValue::from_str(header.1).map_err(|_| {
            CredentialsError::new(CredentialsErrorKind::ProviderError, "the IMDS token cannot go into a header", None)
        })?;
        value.set_sensitive(true);
        let make = || {
            let mut r = http::Request::new(bytes::Bytes::new());
            *r.method_mut() = method.clone();
            *r.uri_mut() = uri.clone();
            r.headers_mut().insert(header.0, value.clone());
            r
        };
        let transport = self.ctx.local();
        let response = send_with_retry(&*transport, TIMEOUT, make)
            .await
            .map_err(|SendError::Unreachable(why)| self.unreachable(&why))?;
        Ok((response.status().as_u16(), String::from_utf8_lossy(response.body()).into_owned()))
    }

    async fn token(&self, fresh: bool) -> Result<String, CredentialsError> {
        if !fresh {
            if let Some((token, until)) = &*self.ctx.imds_token.lock().unwrap_or_else(|e| e.into_inner()) {
                if Instant::now() < *until {
                    return Ok(token.clone());
                }
            }
        }
        let ttl = TOKEN_TTL_SECONDS.to_string();
        let (status, body) =
            self.send(http::Method::PUT, "/latest/api/token", ("x-aws-ec2-metadata-token-ttl-seconds", &ttl)).await?;
        match status {
            200 => {
                let token = body.trim().to_owned();
                // Stop using it a minute before the service does.
                let until = Instant::now() + Duration::from_secs(TOKEN_TTL_SECONDS - 60);
                *self.ctx.imds_token.lock().unwrap_or_else(|e| e.into_inner()) = Some((token.clone(), until));
                Ok(token)
            }
            403 => Err(CredentialsError::new(
                CredentialsErrorKind::ProviderError,
                format!("the instance metadata service at {} refused a session token (HTTP 403): IMDS may be disabled for this instance", self.base),
                None,
            )),
            s => Err(CredentialsError::new(
                CredentialsErrorKind::ProviderError,
                format!("the instance metadata service at {} answered HTTP {s} to the session token request (IMDSv2)", self.base),
                None,
            )),
        }
    }

    /// GETs `path` with a session token; a 401 gets a new token and one more try.
    async fn get(&self, path: &str) -> Result<Got, CredentialsError> {
        let mut fresh = false;
        loop {
            let token = self.token(fresh).await?;
            let (status, body) = self.send(http::Method::GET, path, ("x-aws-ec2-metadata-token", &token)).await?;
            match status {
                200 => return Ok(Got::Ok(body)),
                401 if !fresh => {
                    tracing::debug!("IMDS rejected the session token; getting a new one");
                    fresh = true;
                }
                s => return Ok(Got::Status(s)),
            }
        }
    }
}

pub(crate) async fn fetch(
    ctx: &ProviderContext,
    profile: Option<&Properties>,
) -> Result<Credentials, CredentialsError> {
    if disabled(&ctx.env) {
        return Err(CredentialsError::not_loaded("instance metadata is disabled (AWS_EC2_METADATA_DISABLED)"));
    }
    let imds = Imds { ctx, base: endpoint(&ctx.env, profile)? };
    tracing::debug!(endpoint = %imds.base, "fetching instance metadata credentials");
    let failed = |what: String| CredentialsError::new(CredentialsErrorKind::ProviderError, what, None);
    let role = match imds.get(CREDENTIALS_PATH).await? {
        Got::Ok(body) => body.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned),
        Got::Status(404) => None,
        Got::Status(s) => {
            return Err(failed(format!("the instance metadata service answered HTTP {s} for the role name")))
        }
    };
    let Some(role) = role else {
        return Err(CredentialsError::not_loaded(format!(
            "the instance at {} has no IAM role (attach an instance profile)",
            imds.base
        )));
    };
    let body = match imds.get(&format!("{CREDENTIALS_PATH}{role}")).await? {
        Got::Ok(body) => body,
        Got::Status(s) => {
            return Err(failed(format!(
                "the instance metadata service answered HTTP {s} for the credentials of role {role}"
            )))
        }
    };
    let json: serde_json::Value = serde_json::from_str(&body)
        .map_err(|_| failed(format!("the instance metadata credentials of role {role} are not JSON")))?;
    let text = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let code = text("Code").unwrap_or_else(|| "Success".to_owned());
    if code != "Success" {
        return Err(CredentialsError::service_error(
            code.clone(),
            format!(
                "the instance metadata service gave no credentials for role {role}: {code}: {}",
                text("Message").unwrap_or_default()
            ),
        ));
    }
    let missing = |k: &str| failed(format!("the instance metadata credentials of role {role} have no {k}"));
    let key = text("AccessKeyId").ok_or_else(|| missing("AccessKeyId"))?;
    let secret = text("SecretAccessKey").ok_or_else(|| missing("SecretAccessKey"))?;
    let expiry = text("Expiration").and_then(|e| parse_time(&e)).ok_or_else(|| missing("Expiration"))?;
    Ok(Credentials::new(key, secret, text("Token"), Some(expiry)).with_source("imds"))
}
