//! SigV4 signing with the `aws-sigv4` crate.
//!
//! Two ways to the same signature. The requests the client sends (a POST
//! with a plain path, no query, one value per header) are signed in
//! [`prepared`]: the canonical request and the string to sign are written
//! into one buffer, and the signing key, derived by `aws-sigv4`, is kept
//! with the credentials for the day, region and service, so a call makes a
//! handful of allocations instead of about a hundred. Every other request
//! goes through `aws-sigv4`'s `sign`. Tests hold the two to the same
//! output over random requests (`prepared_signs_as_aws_sigv4_does`).

mod prepared;

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
    check_header_safe(credentials)?;
    let signer = Signer { credentials, region, service: signing_name, time };
    if prepared::sign(request, &signer) {
        return Ok(());
    }
    sign_general(request, &signer, disable_double_encoding)
}

/// Who signs, for which region and service, and when.
struct Signer<'a> {
    credentials: &'a Credentials,
    region: &'a str,
    service: &'a str,
    time: SystemTime,
}

/// Signs through `aws-sigv4`'s `sign`, whatever the request holds.
fn sign_general(
    request: &mut HttpRequest,
    signer: &Signer<'_>,
    disable_double_encoding: bool,
) -> Result<(), ConstructionError> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| {
        ConstructionError::new(ConstructionErrorKind::Signing, "cannot sign the request").with_source(e)
    };
    let Signer { credentials, region, service: signing_name, time } = *signer;
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

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use proptest::prelude::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// A request's headers, in order, as bytes.
    fn headers(request: &HttpRequest) -> Vec<(String, Vec<u8>)> {
        request.headers().iter().map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().to_vec())).collect()
    }

    /// Signs a copy of `request` both ways; the outcomes must be the same.
    /// Returns whether the prepared signer took it.
    fn both_ways(request: &HttpRequest, creds: &Credentials, region: &str, service: &str, time: SystemTime) -> bool {
        let signer = Signer { credentials: creds, region, service, time };
        let mut prepared = request.clone();
        let took = prepared::sign(&mut prepared, &signer);
        let mut general = request.clone();
        let outcome = sign_general(&mut general, &signer, false);
        if took {
            assert!(outcome.is_ok(), "aws-sigv4 refused a request the prepared signer took: {outcome:?}");
            assert_eq!(headers(&prepared), headers(&general), "{request:?}");
            assert_eq!(
                prepared.headers().get("x-amz-security-token").map(|v| v.is_sensitive()),
                creds.session_token().map(|_| true)
            );
        } else {
            assert_eq!(headers(&prepared), headers(request), "a request not taken is left as it was");
        }
        took
    }

    fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpRequest {
        let mut r = http::Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.body(Bytes::copy_from_slice(body)).unwrap()
    }

    /// The requests the client sends, in each protocol, are the ones the
    /// prepared signer takes.
    #[test]
    fn the_clients_requests_are_signed_the_prepared_way() {
        let time = UNIX_EPOCH + Duration::from_secs(1_531_485_296);
        let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None);
        let temporary = Credentials::new("ASIAEXAMPLE", "secret", Some("FwoGZXIvYXdzE//token+/=".into()), None);
        let json = request(
            "POST",
            "https://appstream2.us-east-1.amazonaws.com/",
            &[
                ("host", "appstream2.us-east-1.amazonaws.com"),
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", "PhotonAdminProxyService.DescribeFleets"),
                ("content-length", "2"),
                ("x-amz-user-agent", "smithy-rt/0.1.0 os/linux lang/rust/1.95.0"),
            ],
            b"{}",
        );
        let cbor = request(
            "POST",
            "http://127.0.0.1:8080/service/PhotonAdminProxyService/operation/DescribeFleets",
            &[
                ("host", "127.0.0.1:8080"),
                ("smithy-protocol", "rpc-v2-cbor"),
                ("content-type", "application/cbor"),
                ("accept", "application/cbor"),
                ("content-length", "1"),
                ("x-amz-user-agent", "smithy-rt/0.1.0"),
            ],
            &[0xa0],
        );
        for r in [&json, &cbor] {
            for c in [&creds, &temporary] {
                assert!(both_ways(r, c, "us-east-1", "appstream", time));
                // Again, from the kept key; then for another day and region.
                assert!(both_ways(r, c, "us-east-1", "appstream", time));
                assert!(both_ways(r, c, "eu-west-1", "appstream", time + Duration::from_secs(86_400)));
            }
        }
    }

    #[test]
    fn requests_with_something_to_normalise_go_to_aws_sigv4() {
        let time = UNIX_EPOCH + Duration::from_secs(1_531_485_296);
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None);
        let host = ("host", "example.com");
        for (uri, extra) in [
            ("https://example.com/?a=b", None),
            ("https://example.com/a/./b", None),
            ("https://example.com/a//b", None),
            ("https://example.com/a%20b", None),
            ("https://example.com/", Some(("x-a", " padded"))),
            ("https://example.com/", Some(("x-a", "two  spaces"))),
            ("https://example.com/", Some(("x-a", "tab\there"))),
            ("https://example.com/", Some(("x-amz-date", "20180713T123456Z"))),
            ("https://example.com/", Some(("authorization", "x"))),
        ] {
            let mut headers = vec![host];
            headers.extend(extra);
            assert!(
                !both_ways(&request("POST", uri, &headers, b"{}"), &creds, "us-east-1", "svc", time),
                "{uri} {extra:?}"
            );
        }
        let mut twice = request("POST", "https://example.com/", &[host, ("x-a", "1")], b"");
        twice.headers_mut().append("x-a", http::HeaderValue::from_static("2"));
        assert!(!both_ways(&twice, &creds, "us-east-1", "svc", time));
        // Without a Host header, aws-sigv4 signs the URI's authority.
        assert!(!both_ways(&request("POST", "https://example.com/", &[], b""), &creds, "us-east-1", "svc", time));
    }

    fn header_name() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "content-type",
            "x-amz-target",
            "content-length",
            "x-amz-user-agent",
            "smithy-protocol",
            "accept",
            "user-agent",
            "x-amzn-trace-id",
            "transfer-encoding",
            "amz-sdk-request",
            "x-custom",
            "x-amz-date",
            "x-amz-security-token",
            "authorization",
            "x-amz-content-sha256",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Over random requests, the prepared signer either declines or
        /// writes exactly the headers `aws-sigv4`'s `sign` writes; and it
        /// takes the plain ones.
        #[test]
        fn prepared_signs_as_aws_sigv4_does(
            method in prop::sample::select(vec!["POST", "GET", "PUT"]),
            host in prop::sample::select(vec!["appstream2.us-east-1.amazonaws.com", "127.0.0.1:8080", "example.com:443"]),
            path in "(/[A-Za-z0-9_~.%-]{0,8}){0,4}",
            query in prop::option::weighted(0.1, "[a-z=&%0-9]{0,8}"),
            headers in prop::collection::vec((header_name(), "[ -~\t]{0,12}"), 0..8),
            body in prop::collection::vec(any::<u8>(), 0..64),
            token in prop::option::of("[ -~]{1,24}"),
            secs in 0u64..8_000_000_000,
            nanos in 0u32..1_000_000_000,
            region in prop::sample::select(vec!["us-east-1", "eu-west-3", "cn-north-1"]),
        ) {
            let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token, None);
            prop_assume!(check_header_safe(&creds).is_ok());
            let path = if path.is_empty() { "/".to_owned() } else { path };
            let uri = match &query {
                Some(q) => format!("https://{host}{path}?{q}"),
                None => format!("https://{host}{path}"),
            };
            let Ok(uri) = uri.parse::<http::Uri>() else { return Ok(()) };
            let mut r = http::Request::builder().method(method).uri(uri).body(Bytes::from(body)).unwrap();
            r.headers_mut().insert("host", http::HeaderValue::from_str(host).unwrap());
            for (name, value) in &headers {
                if let Ok(v) = http::HeaderValue::from_str(value) {
                    r.headers_mut().append(*name, v);
                }
            }
            let time = UNIX_EPOCH + Duration::new(secs, nanos);
            let took = both_ways(&r, &creds, region, "appstream", time);
            let plain = query.is_none()
                && !r.uri().path().contains(['.', '%'])
                && !r.uri().path().contains("//")
                && r.headers().keys_len() == r.headers().len()
                && r.headers().keys().all(|k| !["x-amz-date", "x-amz-security-token", "authorization", "x-amz-content-sha256"].contains(&k.as_str()))
                && r.headers().iter().all(|(k, v)| {
                    ["user-agent", "x-amzn-trace-id", "transfer-encoding"].contains(&k.as_str())
                        || v.to_str().is_ok_and(|s| s.trim_matches(' ') == s && !s.contains("  ") && !s.contains('\t'))
                })
                && creds.session_token().is_none_or(|t| t.trim_matches(' ') == t && !t.contains("  "))
                && secs < 253_402_300_800;
            prop_assert_eq!(took, plain, "{:?}", r);
        }
    }
}
