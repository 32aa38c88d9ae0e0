//! STS `AssumeRole` and `AssumeRoleWithWebIdentity`, in STS's own protocol
//! (awsQuery): a form-encoded POST, an XML response, XML errors with a code
//! and a message.

use super::http::{parse_time, safe_snippet, send_with_retry, ProviderContext, SendError};
use super::{Credentials, CredentialsError};
use crate::client::endpoint::{self, ConfiguredEndpoints, Endpoint};
use crate::client::profile::{ProfileFiles, Properties};
use crate::client::{Protocol, ServiceMeta};
use bytes::Bytes;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// STS as the endpoint resolver knows services: `AWS_ENDPOINT_URL_STS`, a
/// profile's `sts` services entry, else `https://sts.<region>.amazonaws.com`.
static STS: ServiceMeta = ServiceMeta {
    sdk_id: "STS",
    target_prefix: "AWSSecurityTokenServiceV20110615",
    signing_name: "sts",
    endpoint_prefix: "sts",
    env_name: "STS",
    protocols: &[Protocol::AwsJson1_1],
    crate_name: "smithy-rt",
    crate_version: env!("CARGO_PKG_VERSION"),
    query_compatible: false,
    endpoint_rules: None,
};

const TIMEOUT: Duration = Duration::from_secs(10);

/// Where STS calls go, and the region they are signed for.
pub(crate) struct StsTarget {
    endpoint: Endpoint,
    region: String,
}

/// The region of STS calls: `AWS_REGION`, `AWS_DEFAULT_REGION`, the
/// profile's `region`, else `us-east-1`.
pub(crate) fn region(ctx: &ProviderContext, profile: Option<&Properties>) -> String {
    ctx.env
        .get("AWS_REGION")
        .or_else(|| ctx.env.get("AWS_DEFAULT_REGION"))
        .or_else(|| profile.and_then(|p| p.get("region")).cloned())
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "us-east-1".to_owned())
}

pub(crate) fn target(
    ctx: &ProviderContext,
    files: &ProfileFiles,
    profile: Option<&Properties>,
) -> Result<StsTarget, CredentialsError> {
    let region = region(ctx, profile);
    let configured = ConfiguredEndpoints::load(&ctx.env, profile, files);
    let endpoint = endpoint::resolve(&STS, Some(&region), None, &configured)
        .map_err(|e| CredentialsError::invalid_configuration(format!("cannot call STS: {e}")))?;
    Ok(StsTarget { endpoint, region })
}

/// A session name when none is configured: `smithy-rt-<milliseconds since the epoch>`.
pub(crate) fn default_session_name() -> String {
    let ms = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_millis();
    format!("smithy-rt-{ms}")
}

/// The parameters of `AssumeRole`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AssumeRole {
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
}

pub(crate) async fn assume_role(
    ctx: &ProviderContext,
    target: &StsTarget,
    role: &AssumeRole,
    source: &Credentials,
) -> Result<Credentials, CredentialsError> {
    let session = role.session_name.clone().unwrap_or_else(default_session_name);
    let mut params = vec![("RoleArn", role.role_arn.clone()), ("RoleSessionName", session)];
    if let Some(id) = &role.external_id {
        params.push(("ExternalId", id.clone()));
    }
    if let Some(d) = role.duration_seconds {
        params.push(("DurationSeconds", d.to_string()));
    }
    let c = call(ctx, target, "AssumeRole", &role.role_arn, &params, Some(source)).await?;
    Ok(c.with_source("assume-role"))
}

pub(crate) async fn assume_role_with_web_identity(
    ctx: &ProviderContext,
    target: &StsTarget,
    role_arn: &str,
    session_name: Option<&str>,
    token: &str,
    duration_seconds: Option<u32>,
) -> Result<Credentials, CredentialsError> {
    let session = session_name.map(str::to_owned).unwrap_or_else(default_session_name);
    let mut params =
        vec![("RoleArn", role_arn.to_owned()), ("RoleSessionName", session), ("WebIdentityToken", token.to_owned())];
    if let Some(d) = duration_seconds {
        params.push(("DurationSeconds", d.to_string()));
    }
    let c = call(ctx, target, "AssumeRoleWithWebIdentity", role_arn, &params, None).await?;
    Ok(c.with_source("web-identity"))
}

async fn call(
    ctx: &ProviderContext,
    target: &StsTarget,
    action: &str,
    role_arn: &str,
    params: &[(&str, String)],
    signer: Option<&Credentials>,
) -> Result<Credentials, CredentialsError> {
    let body = {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", action).append_pair("Version", "2011-06-15");
        for (k, v) in params {
            form.append_pair(k, v);
        }
        Bytes::from(form.finish())
    };
    let url = target.endpoint.url("/");
    let uri: http::Uri = url.parse().map_err(|e| {
        CredentialsError::invalid_configuration(format!("the STS endpoint {url:?} is not a valid URL: {e}"))
    })?;
    let host = http::HeaderValue::try_from(target.endpoint.host_header.as_str()).map_err(|_| {
        CredentialsError::invalid_configuration(format!("the STS endpoint {url:?} has an invalid host"))
    })?;
    let mut template = http::Request::new(body.clone());
    *template.method_mut() = http::Method::POST;
    *template.uri_mut() = uri;
    let h = template.headers_mut();
    h.insert(http::header::HOST, host);
    h.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
    );
    h.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(body.len()));
    h.insert(
        http::header::USER_AGENT,
        http::HeaderValue::from_static(concat!("smithy-rt/", env!("CARGO_PKG_VERSION"))),
    );
    if let Some(creds) = signer {
        crate::client::sign::sign_request(&mut template, creds, &target.region, "sts", SystemTime::now()).map_err(
            |e| CredentialsError::invalid_configuration(format!("cannot sign the STS {action} request: {e}")),
        )?;
    }
    tracing::debug!(action, role_arn, endpoint = %url, "calling STS");
    let transport = ctx.remote()?;
    let response =
        send_with_retry(&*transport, TIMEOUT, || copy(&template)).await.map_err(|SendError::Unreachable(why)| {
            CredentialsError::new(
                super::CredentialsErrorKind::ProviderError,
                format!("STS {action} for {role_arn} at {url} failed: {why}"),
                None,
            )
        })?;
    let status = response.status().as_u16();
    let body = response.body();
    if !(200..300).contains(&status) {
        let fields = xml_fields(body, &["Code", "Message", "RequestId"]).unwrap_or_default();
        return Err(match fields.get("Code") {
            Some(code) => CredentialsError::service_error(
                code.clone(),
                format!(
                    "STS {action} for {role_arn} failed: {code}: {} (HTTP {status}, request id {})",
                    fields.get("Message").map(String::as_str).unwrap_or("no message"),
                    fields.get("RequestId").map(String::as_str).unwrap_or("none"),
                ),
            ),
            None => CredentialsError::new(
                super::CredentialsErrorKind::ProviderError,
                format!("STS {action} for {role_arn} answered HTTP {status}: {}", safe_snippet(body)),
                None,
            ),
        });
    }
    let fields = xml_fields(body, &["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]).map_err(|e| {
        CredentialsError::new(
            super::CredentialsErrorKind::ProviderError,
            format!("STS {action} answered XML that cannot be read: {e}"),
            None,
        )
    })?;
    let field = |name: &str| {
        fields.get(name).cloned().ok_or_else(|| {
            CredentialsError::new(
                super::CredentialsErrorKind::ProviderError,
                format!("STS {action} answered without Credentials.{name}"),
                None,
            )
        })
    };
    let expiration = field("Expiration")?;
    let expiry = parse_time(&expiration).ok_or_else(|| {
        CredentialsError::new(
            super::CredentialsErrorKind::ProviderError,
            format!("STS {action} answered an Expiration that is not a timestamp: {expiration:?}"),
            None,
        )
    })?;
    Ok(Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?, Some(field("SessionToken")?), Some(expiry)))
}

pub(crate) fn copy(r: &crate::client::HttpRequest) -> crate::client::HttpRequest {
    let mut c = http::Request::new(r.body().clone());
    *c.method_mut() = r.method().clone();
    *c.uri_mut() = r.uri().clone();
    *c.headers_mut() = r.headers().clone();
    c
}

/// The text of the first element of each name in `wanted` (local names, at
/// any depth), entities resolved.
pub(crate) fn xml_fields(body: &[u8], wanted: &[&str]) -> Result<BTreeMap<String, String>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut found = BTreeMap::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                stack.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    text.push_str(match &*name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => return Err(format!("unknown entity &{other};")),
                    });
                }
            }
            Event::End(_) => {
                if let Some(name) = stack.pop() {
                    if wanted.contains(&name.as_str()) && !found.contains_key(&name) {
                        found.insert(name, text.trim().to_owned());
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(format!("the document ends inside <{}>", stack.join("><")));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_entities() {
        let xml = br#"<?xml version="1.0"?><ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: a &amp; b &#65; &lt;x&gt;</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#;
        let f = xml_fields(xml, &["Code", "Message", "RequestId"]).unwrap();
        assert_eq!(f["Code"], "AccessDenied");
        assert_eq!(f["Message"], "User: a & b A <x>");
        assert_eq!(f["RequestId"], "r-1");
        assert!(xml_fields(b"<a><b>x</b>", &["b"]).is_err());
    }
}
