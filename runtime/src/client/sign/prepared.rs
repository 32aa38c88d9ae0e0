//! SigV4 for the requests the client builds itself, with the signing key kept.
//!
//! [`sign`] takes a request only when its canonical form needs no
//! normalising: no query, a path of unreserved characters and single
//! slashes, one value per header, each visible ASCII with no space at
//! either end and no two in a row, a `Host` header, and none of the headers
//! the signer writes. For those, the canonical request is the method, the
//! path, an empty query line, the headers sorted by name, their names, and
//! the SHA-256 of the body, as `aws-sigv4` writes it; the signing key and
//! the signature are `aws-sigv4`'s (`sign::v4`). Anything else is left to
//! `aws-sigv4`'s `sign`.

use super::super::credentials::signing_key;
use super::super::transport::HttpRequest;
use super::Signer;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, HOST};
use sha2::{Digest, Sha256};
use std::time::SystemTime;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The most headers signed here; a request with more goes to `aws-sigv4`.
const MAX_SIGNED: usize = 32;

/// Headers `aws-sigv4` leaves out of the signature by default.
const UNSIGNED: [&str; 3] = ["user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// Headers the signer writes: a request that already has one goes to `aws-sigv4`.
const WRITTEN: [&str; 4] = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];

const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const X_AMZ_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-amz-security-token");

/// The headers a signature adds: `X-Amz-Date`, `Authorization` and, with a
/// session token, `X-Amz-Security-Token`.
struct Signature {
    date: HeaderValue,
    authorization: HeaderValue,
    token: Option<HeaderValue>,
}

/// Signs `request` as `aws-sigv4`'s `sign` does with its default settings
/// and returns `true`; or returns `false`, having changed nothing, when the
/// request is not one this signs.
pub(super) fn sign(request: &mut HttpRequest, signer: &Signer<'_>) -> bool {
    let Some(signature) = signature(request, signer) else {
        return false;
    };
    // In `aws-sigv4`'s order, each replacing any header of its name.
    let headers = request.headers_mut();
    headers.insert(X_AMZ_DATE, signature.date);
    headers.insert(AUTHORIZATION, signature.authorization);
    if let Some(token) = signature.token {
        headers.insert(X_AMZ_SECURITY_TOKEN, token);
    }
    true
}

fn signature(request: &HttpRequest, signer: &Signer<'_>) -> Option<Signature> {
    let Signer { credentials, region, service, time } = *signer;
    let date_time = amz_date(time)?;
    let date: &[u8; 8] = date_time[..8].try_into().ok()?;
    let uri = request.uri();
    let path = uri.path();
    if uri.query().is_some() || !plain_path(path) {
        return None;
    }
    let headers = request.headers();
    // A name with more than one value is joined with commas by `aws-sigv4`.
    if headers.keys_len() != headers.len() || !headers.contains_key(HOST) {
        return None;
    }
    let mut signed: [(&str, &[u8]); MAX_SIGNED] = [("", &[]); MAX_SIGNED];
    let mut n = 0;
    for (name, value) in headers {
        let name = name.as_str();
        if WRITTEN.contains(&name) {
            return None;
        }
        if UNSIGNED.contains(&name) {
            continue;
        }
        if n == MAX_SIGNED - 2 || !plain_value(value.as_bytes()) {
            return None;
        }
        signed[n] = (name, value.as_bytes());
        n += 1;
    }
    signed[n] = ("x-amz-date", &date_time);
    n += 1;
    let token = credentials.session_token();
    if let Some(token) = token {
        // The same rule as for every other value (`aws-sigv4` would sign a
        // token with spaces untrimmed; such a token goes to it).
        if !plain_value(token.as_bytes()) {
            return None;
        }
        signed[n] = ("x-amz-security-token", token.as_bytes());
        n += 1;
    }
    let signed = &mut signed[..n];
    signed.sort_unstable_by(|a, b| a.0.cmp(b.0));

    // The canonical request.
    let method = request.method().as_str();
    let size = method.len() + path.len() + 70 + signed.iter().map(|(k, v)| 2 * k.len() + v.len() + 2).sum::<usize>();
    let mut buf = String::with_capacity(size.max(ALGORITHM.len() + 200 + region.len() + service.len()));
    for part in [method, "\n", path, "\n\n"] {
        buf.push_str(part);
    }
    for (name, value) in signed.iter() {
        buf.push_str(name);
        buf.push(':');
        buf.push_str(std::str::from_utf8(value).ok()?);
        buf.push('\n');
    }
    buf.push('\n');
    let names_start = buf.len();
    for (i, (name, _)) in signed.iter().enumerate() {
        if i > 0 {
            buf.push(';');
        }
        buf.push_str(name);
    }
    let names_end = buf.len();
    buf.push('\n');
    buf.push_str(hex(&Sha256::digest(request.body()).into(), &mut [0; 64]));
    let hashed = Sha256::digest(buf.as_bytes()).into();

    // The string to sign, after the signed header names (kept for `Authorization`).
    buf.truncate(names_end);
    buf.drain(..names_start);
    let names_len = buf.len();
    let date_time = std::str::from_utf8(&date_time).ok()?;
    let date_str = &date_time[..8];
    for part in [ALGORITHM, "\n", date_time, "\n", date_str, "/", region, "/", service, "/aws4_request\n"] {
        buf.push_str(part);
    }
    buf.push_str(hex(&hashed, &mut [0; 64]));
    let key = signing_key(credentials, date, time, region, service);
    let signature = aws_sigv4::sign::v4::calculate_signature(key, &buf.as_bytes()[names_len..]);

    // `Authorization`, made to its exact length (so `Bytes` takes it without copying).
    let parts = [
        ALGORITHM,
        " Credential=",
        credentials.access_key_id(),
        "/",
        date_str,
        "/",
        region,
        "/",
        service,
        "/aws4_request, SignedHeaders=",
        &buf[..names_len],
        ", Signature=",
        &signature,
    ];
    let mut authorization = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        authorization.push_str(part);
    }
    let authorization = HeaderValue::from_maybe_shared(bytes::Bytes::from(authorization.into_bytes())).ok()?;
    let token = match token {
        Some(t) => {
            let mut value = HeaderValue::from_str(t).ok()?;
            value.set_sensitive(true);
            Some(value)
        }
        None => None,
    };
    Some(Signature { date: HeaderValue::from_str(date_time).ok()?, authorization, token })
}

/// `YYYYMMDD'T'HHMMSS'Z'`, in UTC, for a time between the years 1970 and 9999.
fn amz_date(time: SystemTime) -> Option<[u8; 16]> {
    use std::io::Write as _;
    let dt = crate::Timestamp::from_system_time(time)?.to_utc();
    if !(1970..=9999).contains(&dt.year()) {
        return None;
    }
    let mut out = [0u8; 16];
    let (y, mo, d, h, mi, s) = (dt.year(), u8::from(dt.month()), dt.day(), dt.hour(), dt.minute(), dt.second());
    write!(&mut out[..], "{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z").ok()?;
    Some(out)
}

/// Lowercase hex of a SHA-256, in `out`.
fn hex<'a>(digest: &[u8; 32], out: &'a mut [u8; 64]) -> &'a str {
    // `out` is exactly twice the digest, and hex digits are text.
    hex::encode_to_slice(digest, out).ok().and_then(|()| std::str::from_utf8(out).ok()).unwrap_or_default()
}

/// A path that neither normalisation nor percent-encoding changes: it
/// starts with `/`, has no empty segment after the first slash, and holds
/// only letters, digits, `-`, `_`, `~` and `/` (no `.`, so no dot segment).
fn plain_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~' | b'/'))
}

/// A header value that `aws-sigv4`'s trimming leaves as it is.
fn plain_value(value: &[u8]) -> bool {
    value.iter().all(|&b| (0x20..0x7f).contains(&b))
        && value.first() != Some(&b' ')
        && value.last() != Some(&b' ')
        && !value.windows(2).any(|w| w == b"  ")
}
