//! SigV4 signing with the `aws-sigv4` crate.

use super::credentials::{to_identity, Credentials};
use super::error::{ConstructionError, ConstructionErrorKind};
use super::transport::HttpRequest;
use aws_sigv4::http_request::{sign, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// Signs `request` in place (adds `X-Amz-Date`, `Authorization` and, with
/// temporary credentials, `X-Amz-Security-Token`), over every header it
/// already has except `User-Agent`, and over its exact body bytes.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
) -> Result<(), ConstructionError> {
    sign_with(request, credentials, region, signing_name, time, false)
}

/// [`sign_request`]; with `disable_double_encoding` (an endpoint's
/// `authSchemes` say so), the canonical request encodes the path once.
pub(crate) fn sign_with(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
    disable_double_encoding: bool,
) -> Result<(), ConstructionError> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| {
        ConstructionError::new(ConstructionErrorKind::Signing, "cannot sign the request").with_source(e)
    };
    check_header_safe(credentials)?;
    let identity = to_identity(credentials);
    let mut settings = SigningSettings::default();
    if disable_double_encoding {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
    }
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name(signing_name)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| failed(e.into()))?
        .into();
    // Every value must be visible ASCII to be signed; checked first, so the
    // headers go to the signer without being collected.
    for value in request.headers().values() {
        value.to_str().map_err(|e| failed(e.into()))?;
    }
    let headers = request.headers().iter().map(|(name, value)| (name.as_str(), value.to_str().unwrap_or_default()));
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(request.method().as_str(), &uri, headers, SignableBody::Bytes(request.body()))
        .map_err(|e| failed(e.into()))?;
    let (instructions, _signature) = sign(signable, &params).map_err(|e| failed(e.into()))?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

/// Credentials that cannot go into a header (a newline, say) are a
/// configuration error here, before `aws-sigv4` would panic on them. The
/// error names the field, never its value.
fn check_header_safe(credentials: &Credentials) -> Result<(), ConstructionError> {
    let bad = |field: &str| {
        ConstructionError::new(
            ConstructionErrorKind::Credentials,
            format!(
                "the {field} of the credentials from `{}` contains a character that cannot be sent in an HTTP header \
                 (a control character such as a newline); check how it was configured",
                credentials.source()
            ),
        )
    };
    let visible = |s: &str| s.bytes().all(|b| (0x21..0x7f).contains(&b));
    if credentials.access_key_id().is_empty() || !visible(credentials.access_key_id()) {
        return Err(bad("access key id"));
    }
    if credentials.session_token().is_some_and(|t| http::HeaderValue::from_str(t).is_err()) {
        return Err(bad("session token"));
    }
    if credentials.secret_access_key().is_empty() {
        return Err(ConstructionError::new(
            ConstructionErrorKind::Credentials,
            format!("the secret access key of the credentials from `{}` is empty", credentials.source()),
        ));
    }
    Ok(())
}
