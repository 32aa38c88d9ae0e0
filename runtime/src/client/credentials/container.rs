//! Container credentials (ECS tasks, EKS Pod Identity):
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on `169.254.170.2`) or
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the token of
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN` in `Authorization`.

use super::http::{parse_time, safe_snippet, send_with_retry, ProviderContext, SendError};
use super::{Credentials, CredentialsError, CredentialsErrorKind};
use crate::client::env::Env;
use std::net::IpAddr;
use std::time::Duration;

const ECS_HOST: &str = "169.254.170.2";
const TIMEOUT: Duration = Duration::from_secs(5);

/// Whether the environment names a container endpoint.
pub(crate) fn configured(env: &Env) -> bool {
    env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
        || env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
}

fn invalid(message: String) -> CredentialsError {
    CredentialsError::invalid_configuration(message)
}

/// Whether `host` (as in a URI: IPv6 in brackets) may be reached over plain http.
fn allowed_http_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => true,
        Ok(IpAddr::V4(v4)) => v4.octets() == [169, 254, 170, 2] || v4.octets() == [169, 254, 170, 23],
        Ok(IpAddr::V6(v6)) => v6 == "fd00:ec2::23".parse::<std::net::Ipv6Addr>().expect("valid"),
        Err(_) => false,
    }
}

/// The endpoint's URL.
pub(crate) fn endpoint(env: &Env) -> Result<http::Uri, CredentialsError> {
    if let Some(relative) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        let relative = relative.trim();
        if !relative.starts_with('/') {
            return Err(invalid(format!("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI {relative:?} must start with '/'")));
        }
        return format!("http://{ECS_HOST}{relative}")
            .parse()
            .map_err(|_| invalid(format!("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI {relative:?} is not a valid path")));
    }
    let full = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").unwrap_or_default();
    let full = full.trim();
    let uri: http::Uri =
        full.parse().map_err(|_| invalid(format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {full:?} is not a URL")))?;
    let host = uri.host().unwrap_or_default();
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if allowed_http_host(host) => Ok(uri),
        Some("http") => Err(invalid(format!(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI {full:?}: plain http is only allowed to a loopback address, \
             169.254.170.2, or the EKS Pod Identity agent (169.254.170.23, fd00:ec2::23); use https"
        ))),
        _ => Err(invalid(format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {full:?} must be an http or https URL"))),
    }
}

/// The `Authorization` value, if any: the token file (read at each call) wins over the variable.
fn authorization(env: &Env) -> Result<Option<http::HeaderValue>, CredentialsError> {
    let (token, origin) = if let Some(path) = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        let path = path.trim().to_owned();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| invalid(format!("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {path}: {e}")))?;
        (text, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    } else if let Some(token) = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
        (token, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
    } else {
        return Ok(None);
    };
    let token = token.trim_end_matches(['\r', '\n']).trim();
    let mut value = http::HeaderValue::from_str(token).map_err(|_| {
        invalid(format!("the token from {origin} contains a character that cannot be sent in an HTTP header"))
    })?;
    value.set_sensitive(true);
    Ok(Some(value))
}

pub(crate) async fn fetch(ctx: &ProviderContext) -> Result<Credentials, CredentialsError> {
    let env = &ctx.env;
    let uri = endpoint(env)?;
    let auth = authorization(env)?;
    let shown = format!(
        "{}://{}{}",
        uri.scheme_str().unwrap_or("http"),
        uri.authority().map(|a| a.as_str()).unwrap_or(""),
        uri.path()
    );
    tracing::debug!(endpoint = %shown, "fetching container credentials");
    let make = || {
        let mut r = http::Request::new(bytes::Bytes::new());
        *r.uri_mut() = uri.clone();
        r.headers_mut().insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
        if let Some(a) = &auth {
            r.headers_mut().insert(http::header::AUTHORIZATION, a.clone());
        }
        r
    };
    let transport = ctx.local();
    let response = send_with_retry(&*transport, TIMEOUT, make).await.map_err(|SendError::Unreachable(why)| {
        CredentialsError::new(
            CredentialsErrorKind::ProviderError,
            format!("the container credentials endpoint {shown} did not answer: {why}"),
            None,
        )
    })?;
    let status = response.status().as_u16();
    let json: Option<serde_json::Value> = serde_json::from_slice(response.body()).ok();
    let text = |key: &str| json.as_ref().and_then(|j| j.get(key)).and_then(|v| v.as_str()).map(str::to_owned);
    if !(200..300).contains(&status) {
        return Err(match text("code").or_else(|| text("Code")) {
            Some(code) => CredentialsError::service_error(
                code.clone(),
                format!(
                    "the container credentials endpoint {shown} answered HTTP {status}: {code}: {}",
                    text("message").or_else(|| text("Message")).unwrap_or_default()
                ),
            ),
            None => CredentialsError::new(
                CredentialsErrorKind::ProviderError,
                format!(
                    "the container credentials endpoint {shown} answered HTTP {status}: {}",
                    safe_snippet(response.body())
                ),
                None,
            ),
        });
    }
    let missing = |what: &str| {
        CredentialsError::new(
            CredentialsErrorKind::ProviderError,
            format!("the container credentials endpoint {shown} answered without {what}"),
            None,
        )
    };
    let key = text("AccessKeyId").ok_or_else(|| missing("AccessKeyId"))?;
    let secret = text("SecretAccessKey").ok_or_else(|| missing("SecretAccessKey"))?;
    let expiry = match text("Expiration") {
        Some(e) => Some(parse_time(&e).ok_or_else(|| missing("an Expiration in RFC 3339"))?),
        None => None,
    };
    Ok(Credentials::new(key, secret, text("Token"), expiry).with_source("container"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_endpoints_are_allowed() {
        let uri = |vars: &[(&str, &str)]| endpoint(&Env::from_vars(vars.iter().copied())).map(|u| u.to_string());
        assert_eq!(
            uri(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc")]).unwrap(),
            "http://169.254.170.2/v2/credentials/abc"
        );
        assert!(uri(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2")]).is_err());
        for ok in [
            "http://127.0.0.1:8080/c",
            "http://127.1.2.3/c",
            "http://[::1]/c",
            "http://localhost/c",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://creds.example.com/c",
        ] {
            assert!(uri(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", ok)]).is_ok(), "{ok}");
        }
        for bad in ["http://10.0.0.1/c", "http://example.com/c", "ftp://127.0.0.1/c", "not a url"] {
            let e = uri(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", bad)]).unwrap_err();
            assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration, "{bad}");
        }
        // The relative URI wins.
        assert!(uri(&[
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/x"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com")
        ])
        .is_ok());
    }
}
