//! SigV4 signing with the `aws-sigv4` crate.

use super::credentials::{to_identity, Credentials};
use super::error::{ConstructionError, ConstructionErrorKind};
use super::transport::HttpRequest;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
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
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| {
        ConstructionError::new(ConstructionErrorKind::Signing, "cannot sign the request").with_source(e)
    };
    let identity = to_identity(credentials);
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(signing_name)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| failed(e.into()))?
        .into();
    let mut headers = Vec::with_capacity(request.headers().len());
    for (name, value) in request.headers() {
        headers.push((name.as_str(), value.to_str().map_err(|e| failed(e.into()))?));
    }
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(request.method().as_str(), &uri, headers.into_iter(), SignableBody::Bytes(request.body()))
        .map_err(|e| failed(e.into()))?;
    let (instructions, _signature) = sign(signable, &params).map_err(|e| failed(e.into()))?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}
