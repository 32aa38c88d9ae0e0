//! Smithy's `aws.protocols#awsJson1_0` and `awsJson1_1`.
//!
//! Every operation is `POST /` with `X-Amz-Target: <service>.<operation>` and
//! the input as a JSON object; a response is the output as JSON, or an error
//! named by the `X-Amzn-ErrorType` header or the body's `__type` (or `code`).

use super::protocol::{BoxError, ParsedError, RequestParts};
use super::{Protocol, ServiceMeta};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::sync::{PoisonError, RwLock};

/// The `Content-Type` of requests (and responses).
pub(crate) fn content_type(protocol: Protocol) -> &'static str {
    protocol.spec().content_type
}

/// The header naming the operation, and its value per operation, made once
/// per client.
pub(crate) struct Cache {
    /// The header's name; `None` if it is not a valid header name (each
    /// request then fails to serialize, saying why).
    name: Option<HeaderName>,
    /// `<target_prefix>.<operation>` by operation name, as operations are called.
    targets: RwLock<Vec<(&'static str, HeaderValue)>>,
}

impl Cache {
    pub(crate) fn new(service: &ServiceMeta) -> Self {
        let crate::protocols::OperationOnWire::TargetHeader { name } = service.protocol.spec().operation;
        Cache { name: HeaderName::from_bytes(name.as_bytes()).ok(), targets: RwLock::new(Vec::new()) }
    }

    /// The target header's value for `operation`, made on its first call.
    fn target(&self, service: &ServiceMeta, operation: &'static str) -> Result<HeaderValue, BoxError> {
        let lookup = |targets: &[(&'static str, HeaderValue)]| {
            targets.iter().find(|(op, _)| *op == operation).map(|(_, v)| v.clone())
        };
        if let Some(v) = lookup(&self.targets.read().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(v);
        }
        let value = HeaderValue::try_from(format!("{}.{}", service.target_prefix, operation))?;
        let mut targets = self.targets.write().unwrap_or_else(PoisonError::into_inner);
        if lookup(&targets).is_none() {
            targets.push((operation, value.clone()));
        }
        Ok(value)
    }
}

pub(crate) fn serialize_request<I: Serialize>(
    service: &ServiceMeta,
    cache: &Cache,
    operation: &'static str,
    input: &I,
) -> Result<RequestParts, BoxError> {
    let mut body = serde_json::to_vec(input)?;
    // An input without members (or a unit type) is still an object.
    if body == b"null" {
        body = b"{}".to_vec();
    }
    let name = match &cache.name {
        Some(name) => name.clone(),
        None => {
            let crate::protocols::OperationOnWire::TargetHeader { name } = service.protocol.spec().operation;
            HeaderName::from_bytes(name.as_bytes())?
        }
    };
    let target = cache.target(service, operation)?;
    Ok(RequestParts {
        path: "",
        headers: vec![
            (http::header::CONTENT_TYPE, HeaderValue::from_static(content_type(service.protocol))),
            (name, target),
        ],
        body: Bytes::from(body),
    })
}

/// Reads `T` from a JSON body; an empty body reads as `{}`. Plain
/// `serde_json` reads it; only a body that fails is read again with path
/// tracking, for an error that names the member (see [`crate::json::from_slice`]).
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8], root: &dyn fmt::Display) -> Result<T, BoxError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    Ok(crate::json::from_slice_at(body, root)?)
}

/// Reads an error body into a modelled error structure whose message member
/// is named `message_member`. awsJson services write the message as
/// `message` or `Message` (sometimes both); the member's own spelling wins,
/// and the other one fills it when it is missing.
pub(crate) fn parse_error_body<T: DeserializeOwned>(
    body: &[u8],
    root: &dyn fmt::Display,
    message_member: &str,
) -> Result<T, BoxError> {
    let Ok(serde_json::Value::Object(mut obj)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return parse_body(body, root);
    };
    let others: Vec<String> = obj
        .keys()
        .filter(|k| k.as_str() != message_member && k.eq_ignore_ascii_case(message_member))
        .cloned()
        .collect();
    for other in others {
        if let Some(v) = obj.remove(&other) {
            obj.entry(message_member.to_owned()).or_insert(v);
        }
    }
    let normalised = serde_json::to_vec(&obj)?;
    Ok(crate::json::from_slice_at(&normalised, root)?)
}

pub(crate) fn parse_error(protocol: Protocol, headers: &HeaderMap, body: &[u8]) -> ParsedError {
    let errors = protocol.spec().errors;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
    let doc = serde_json::from_slice::<serde_json::Value>(body).ok();
    let field = |names: &[&str]| -> Option<String> {
        let obj = doc.as_ref()?.as_object()?;
        names.iter().find_map(|n| obj.get(*n)?.as_str().map(str::to_owned))
    };
    let code = errors
        .code_header
        .and_then(header)
        .map(str::to_owned)
        .or_else(|| field(errors.code_fields))
        .map(|raw| sanitize_error_code(&raw).to_owned())
        .unwrap_or_default();
    ParsedError {
        code,
        message: field(errors.message_fields),
        request_id: header("x-amzn-requestid").or_else(|| header("x-amz-request-id")).map(str::to_owned),
    }
}

/// `aws.ns#Name:http://internal...` → `Name`: drop anything after a `:`,
/// then anything up to the last `#`.
pub(crate) fn sanitize_error_code(raw: &str) -> &str {
    crate::protocols::ErrorLocation::sanitize_code(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(headers: &[(&'static str, &'static str)], body: &str) -> ParsedError {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_static(v));
        }
        parse_error(Protocol::AwsJson1_1, &map, body.as_bytes())
    }

    #[test]
    fn codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("com.amazonaws.appstream#FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
    }

    #[test]
    fn code_from_header_then_type_then_code() {
        let e = parse(
            &[("x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/"), ("x-amzn-requestid", "r-1")],
            r#"{"__type": "com.amazonaws.appstream#Other", "message": "slow down"}"#,
        );
        assert_eq!(
            (e.code.as_str(), e.message.as_deref(), e.request_id.as_deref()),
            ("ThrottlingException", Some("slow down"), Some("r-1"))
        );

        let e = parse(&[], r#"{"__type": "com.amazonaws.appstream#ResourceNotFoundException", "Message": "gone"}"#);
        assert_eq!(
            (e.code.as_str(), e.message.as_deref(), e.request_id),
            ("ResourceNotFoundException", Some("gone"), None)
        );

        let e = parse(&[("x-amz-request-id", "r-2")], r#"{"code": "ns#Boom:suffix"}"#);
        assert_eq!((e.code.as_str(), e.message, e.request_id.as_deref()), ("Boom", None, Some("r-2")));

        let e = parse(&[], "<html>502 Bad Gateway</html>");
        assert_eq!((e.code.as_str(), e.message), ("", None));
    }

    #[test]
    fn empty_bodies_read_as_empty_objects() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Out {
            #[serde(rename = "A")]
            a: Option<u32>,
        }
        assert_eq!(parse_body::<Out>(b"", &"Out").unwrap(), Out { a: None });
        assert_eq!(parse_body::<Out>(b" \n", &"Out").unwrap(), Out { a: None });
        assert_eq!(parse_body::<Out>(br#"{"A": 1}"#, &"Out").unwrap(), Out { a: Some(1) });
        let err = parse_body::<Out>(br#"{"A": "x"}"#, &"Out").unwrap_err();
        assert!(err.to_string().starts_with("Out.A: "), "{err}");
    }
}
