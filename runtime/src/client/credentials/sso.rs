//! IAM Identity Center (SSO): the access token that `aws sso login` left in
//! `~/.aws/sso/cache`, then the SSO portal's `GetRoleCredentials`.
//! Profiles name an `[sso-session]` section (`sso_session`) or carry the
//! legacy `sso_start_url` and `sso_region` themselves.

use super::http::{safe_snippet, send_with_retry, ProviderContext, SendError};
use super::sources::get;
use super::{Credentials, CredentialsError, CredentialsErrorKind};
use crate::client::endpoint::{self, ConfiguredEndpoints};
use crate::client::profile::ProfileFiles;
use crate::client::{Protocol, ServiceMeta};
use sha1::{Digest, Sha1};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// The SSO portal as the endpoint resolver knows services:
/// `AWS_ENDPOINT_URL_SSO`, else `https://portal.sso.<sso_region>.amazonaws.com`.
static SSO: ServiceMeta = ServiceMeta {
    sdk_id: "SSO",
    target_prefix: "SWBPortalService",
    signing_name: "awsssoportal",
    endpoint_prefix: "portal.sso",
    env_name: "SSO",
    protocols: &[Protocol::AwsJson1_1],
    crate_name: "smithy-rt",
    crate_version: env!("CARGO_PKG_VERSION"),
    query_compatible: false,
    endpoint_rules: None,
};

const TIMEOUT: Duration = Duration::from_secs(10);

fn invalid(m: String) -> CredentialsError {
    CredentialsError::invalid_configuration(m)
}

fn login_required(m: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::LoginRequired, m, None)
}

/// The name of the token cache file for `key` (the session name, or the legacy start URL).
pub(crate) fn cache_file_name(key: &str) -> String {
    let digest = Sha1::digest(key.as_bytes());
    format!("{}.json", hex::encode(digest))
}

struct Settings {
    start_url: String,
    region: String,
    account_id: String,
    role_name: String,
    cache_key: String,
    login: String,
}

fn settings(files: &ProfileFiles, name: &str) -> Result<Settings, CredentialsError> {
    let profile = files.profile(name).expect("planned from these files");
    let need = |key: &str| {
        get(profile, key).map(str::to_owned).ok_or_else(|| invalid(format!("SSO profile `{name}` has no {key}")))
    };
    let account_id = need("sso_account_id")?;
    let role_name = need("sso_role_name")?;
    if let Some(session) = get(profile, "sso_session") {
        let section = files.sso_session(session).ok_or_else(|| {
            invalid(format!(
                "profile `{name}` names sso_session `{session}`, but there is no [sso-session {session}] section"
            ))
        })?;
        let from_session = |key: &str| {
            get(section, key).map(str::to_owned).ok_or_else(|| invalid(format!("[sso-session {session}] has no {key}")))
        };
        let start_url = from_session("sso_start_url")?;
        let region = from_session("sso_region")?;
        for (key, value) in [("sso_start_url", &start_url), ("sso_region", &region)] {
            if let Some(own) = get(profile, key) {
                if own != value {
                    return Err(invalid(format!(
                        "profile `{name}` has {key} {own:?}, but its sso_session `{session}` says {value:?}"
                    )));
                }
            }
        }
        return Ok(Settings {
            start_url,
            region,
            account_id,
            role_name,
            cache_key: session.to_owned(),
            login: format!("aws sso login --sso-session {session}"),
        });
    }
    let start_url = need("sso_start_url")?;
    Ok(Settings {
        cache_key: start_url.clone(),
        start_url,
        region: need("sso_region")?,
        account_id,
        role_name,
        login: format!("aws sso login --profile {name}"),
    })
}

/// `2024-01-01T00:00:00Z`, or the `...UTC` form older CLIs wrote.
fn parse_expiry(s: &str) -> Option<SystemTime> {
    let s = s.trim();
    let s = s.strip_suffix("UTC").map(|p| format!("{p}Z")).unwrap_or_else(|| s.to_owned());
    super::http::parse_time(&s)
}

pub(crate) async fn fetch(
    ctx: &ProviderContext,
    files: &ProfileFiles,
    name: &str,
) -> Result<Credentials, CredentialsError> {
    let s = settings(files, name)?;
    let home =
        ctx.env.home_dir().ok_or_else(|| invalid("no home folder (HOME) to find the SSO token cache in".to_owned()))?;
    let path: PathBuf = home.join(".aws").join("sso").join("cache").join(cache_file_name(&s.cache_key));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(login_required(format!(
                "profile `{name}`: no SSO session for {} (no token in {}); run `{}`",
                s.start_url,
                path.display(),
                s.login
            )))
        }
        Err(e) => return Err(invalid(format!("cannot read the SSO token cache {}: {e}", path.display()))),
    };
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| invalid(format!("the SSO token cache {} is not JSON; run `{}`", path.display(), s.login)))?;
    let token = json.get("accessToken").and_then(|v| v.as_str()).filter(|t| !t.is_empty());
    let expires = json.get("expiresAt").and_then(|v| v.as_str()).and_then(parse_expiry);
    let (Some(token), Some(expires)) = (token, expires) else {
        return Err(login_required(format!(
            "the SSO token cache {} has no accessToken or expiresAt; run `{}`",
            path.display(),
            s.login
        )));
    };
    if expires <= SystemTime::now() {
        let at = crate::Timestamp::from_system_time(expires).map(|t| t.to_string()).unwrap_or_default();
        return Err(login_required(format!(
            "profile `{name}`: the SSO session for {} expired at {at}; run `{}`",
            s.start_url, s.login
        )));
    }

    let configured = ConfiguredEndpoints::load(&ctx.env, files.profile(name), files);
    let portal = endpoint::resolve(&SSO, Some(&s.region), None, &configured)
        .map_err(|e| invalid(format!("cannot call the SSO portal: {e}")))?;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("account_id", &s.account_id)
        .append_pair("role_name", &s.role_name)
        .finish();
    let url = format!("{}?{query}", portal.url("/federation/credentials"));
    let uri: http::Uri = url.parse().map_err(|_| invalid(format!("the SSO portal URL {url:?} is not valid")))?;
    let host = http::HeaderValue::try_from(portal.host_header.as_str())
        .map_err(|_| invalid(format!("the SSO portal host in {url:?} is not valid")))?;
    let mut bearer = http::HeaderValue::from_str(token).map_err(|_| {
        login_required(format!("the SSO access token in {} cannot go into a header; run `{}`", path.display(), s.login))
    })?;
    bearer.set_sensitive(true);
    let make = || {
        let mut r = http::Request::new(bytes::Bytes::new());
        *r.uri_mut() = uri.clone();
        let h = r.headers_mut();
        h.insert(http::header::HOST, host.clone());
        h.insert("x-amz-sso_bearer_token", bearer.clone());
        h.insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
        r
    };
    tracing::debug!(profile = name, account_id = %s.account_id, role_name = %s.role_name, "calling SSO GetRoleCredentials");
    let transport = ctx.remote()?;
    let what = format!("SSO GetRoleCredentials for role {} in account {}", s.role_name, s.account_id);
    let response = send_with_retry(&*transport, TIMEOUT, make).await.map_err(|SendError::Unreachable(why)| {
        CredentialsError::new(
            CredentialsErrorKind::ProviderError,
            format!("{what} at {} failed: {why}", portal.origin),
            None,
        )
    })?;
    let status = response.status().as_u16();
    let body: Option<serde_json::Value> = serde_json::from_slice(response.body()).ok();
    if !(200..300).contains(&status) {
        let code = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(':').next().unwrap_or(v).to_owned())
            .or_else(|| {
                body.as_ref()
                    .and_then(|b| b.get("__type"))
                    .and_then(|v| v.as_str())
                    .map(|t| t.rsplit('#').next().unwrap_or(t).to_owned())
            });
        let message = body
            .as_ref()
            .and_then(|b| b.get("message").or_else(|| b.get("Message")))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| safe_snippet(response.body()));
        return Err(match code {
            Some(code) if status == 401 || code == "UnauthorizedException" => login_required(format!(
                "{what} failed: {code}: {message} (HTTP {status}); the SSO session is no longer valid: run `{}`",
                s.login
            ))
            .with_code_opt(Some(code)),
            Some(code) => CredentialsError::service_error(
                code.clone(),
                format!("{what} failed: {code}: {message} (HTTP {status})"),
            ),
            None => CredentialsError::new(
                CredentialsErrorKind::ProviderError,
                format!("{what} answered HTTP {status}: {message}"),
                None,
            ),
        });
    }
    let role = body.as_ref().and_then(|b| b.get("roleCredentials"));
    let text = |k: &str| role.and_then(|r| r.get(k)).and_then(|v| v.as_str()).map(str::to_owned);
    let missing = |k: &str| {
        CredentialsError::new(
            CredentialsErrorKind::ProviderError,
            format!("{what} answered without roleCredentials.{k}"),
            None,
        )
    };
    let key = text("accessKeyId").ok_or_else(|| missing("accessKeyId"))?;
    let secret = text("secretAccessKey").ok_or_else(|| missing("secretAccessKey"))?;
    let millis =
        role.and_then(|r| r.get("expiration")).and_then(|v| v.as_u64()).ok_or_else(|| missing("expiration"))?;
    let expiry = SystemTime::UNIX_EPOCH + Duration::from_millis(millis);
    Ok(Credentials::new(key, secret, text("sessionToken"), Some(expiry)).with_source("sso"))
}
