//! Smithy's `aws.protocols#awsJson1_0` and `awsJson1_1`.
//!
//! Every operation is `POST /` with `X-Amz-Target: <service>.<operation>` and
//! the input as a JSON object; a response is the output as JSON, or an error
//! named by the `X-Amzn-ErrorType` header or the body's `__type` (or `code`).

use super::error::{bound_string, bounded};
use super::memo::Memo;
use super::protocol::{BoxError, ParsedError, RequestParts};
use super::{Protocol, ServiceMeta, MAX_CODE_CHARS, MAX_MESSAGE_CHARS};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use std::fmt;

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
    /// The headers of each operation (`Content-Type` and the target,
    /// `<target_prefix>.<operation>`), by operation name, as operations are called.
    headers: Memo<&'static str, Headers>,
    /// The request path: the endpoint's own (`""`), shared by every request.
    path: std::sync::Arc<str>,
}

type Headers = std::sync::Arc<[(HeaderName, HeaderValue)]>;

impl Cache {
    pub(crate) fn new(protocol: Protocol) -> Self {
        Cache { name: target_header(protocol).ok(), headers: Memo::new(), path: "".into() }
    }

    /// The request headers of `operation`, made on its first call.
    fn headers(&self, service: &ServiceMeta, protocol: Protocol, operation: &'static str) -> Result<Headers, BoxError> {
        self.headers.get_or_try_insert(&operation, || {
            let name = match &self.name {
                Some(name) => name.clone(),
                None => target_header(protocol)?,
            };
            let target = HeaderValue::try_from(format!("{}.{}", service.target_prefix, operation))?;
            Ok([(http::header::CONTENT_TYPE, HeaderValue::from_static(content_type(protocol))), (name, target)].into())
        })
    }
}

/// The header that names the operation in `protocol`.
fn target_header(protocol: Protocol) -> Result<HeaderName, BoxError> {
    match protocol.spec().operation {
        crate::protocols::OperationOnWire::TargetHeader { name } => Ok(HeaderName::from_bytes(name.as_bytes())?),
        _ => Err(format!("{protocol} names operations without a header").into()),
    }
}

pub(crate) fn serialize_request<I: Serialize>(
    service: &ServiceMeta,
    protocol: Protocol,
    cache: &Cache,
    operation: &'static str,
    input: &I,
) -> Result<RequestParts, BoxError> {
    let mut body = serde_json::to_vec(input)?;
    // An input without members (or a unit type) is still an object.
    if body == b"null" {
        body = b"{}".to_vec();
    }
    Ok(RequestParts {
        path: cache.path.clone(),
        headers: cache.headers(service, protocol, operation)?,
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
///
/// The body is read as a bounded document first ([`Bounded`]): every string
/// cut to [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS) characters, and
/// nothing kept below [`MAX_ERROR_DEPTH`] levels, so the structure's message
/// is bounded whatever the service sent, and a body nested deeper than
/// `serde_json`'s recursion limit still reads.
pub(crate) fn parse_error_body<T: DeserializeOwned>(
    body: &[u8],
    root: &dyn fmt::Display,
    message_member: &str,
) -> Result<T, BoxError> {
    match normalise_error_body(body, message_member)? {
        Some(normalised) => Ok(crate::json::from_slice_at(&normalised, root)?),
        None => parse_body(body, root),
    }
}

/// The error body bounded and with its message under `message_member`
/// (see [`parse_error_body`]); `None` when it is not a JSON object. Apart
/// from the generic reading, so that it is compiled once, not once per error.
fn normalise_error_body(body: &[u8], message_member: &str) -> Result<Option<Vec<u8>>, BoxError> {
    let Ok(Bounded(serde_json::Value::Object(mut obj))) = serde_json::from_slice::<Bounded>(body) else {
        return Ok(None);
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
    Ok(Some(serde_json::to_vec(&obj)?))
}

/// How many levels of an error body [`Bounded`] keeps; deeper arrays and
/// objects read as `null`. Well below `serde_json`'s recursion limit (128).
pub(crate) const MAX_ERROR_DEPTH: usize = 32;

/// A JSON document read with bounds: strings (keys too) cut to
/// [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS) characters, arrays and
/// objects below [`MAX_ERROR_DEPTH`] levels skipped (`serde_json` skips
/// them without recursing) and kept as `null`.
struct Bounded(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Bounded {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::DeserializeSeed::deserialize(BoundedSeed { depth: 0 }, d).map(Bounded)
    }
}

#[derive(Clone, Copy)]
struct BoundedSeed {
    depth: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for BoundedSeed {
    type Value = serde_json::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for BoundedSeed {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(serde_json::Value::String(bounded(v, MAX_MESSAGE_CHARS)))
    }

    fn visit_string<E>(self, mut v: String) -> Result<Self::Value, E> {
        bound_string(&mut v, MAX_MESSAGE_CHARS);
        Ok(serde_json::Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.depth >= MAX_ERROR_DEPTH {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(serde_json::Value::Null);
        }
        let inner = BoundedSeed { depth: self.depth + 1 };
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.depth >= MAX_ERROR_DEPTH {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(serde_json::Value::Null);
        }
        let inner = BoundedSeed { depth: self.depth + 1 };
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(BoundedKey)? {
            let value = map.next_value_seed(inner)?;
            out.insert(key, value);
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// An object key, cut like the strings of [`Bounded`].
struct BoundedKey;

impl<'de> serde::de::DeserializeSeed<'de> for BoundedKey {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for BoundedKey {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(bounded(v, MAX_MESSAGE_CHARS))
    }

    fn visit_string<E>(self, mut v: String) -> Result<String, E> {
        bound_string(&mut v, MAX_MESSAGE_CHARS);
        Ok(v)
    }
}

/// The header of an `aws.protocols#awsQueryCompatible` service's error
/// responses: `Code;Fault`, the code the service's awsQuery protocol sends.
const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// The code, message and request id of an error response, found where the
/// protocol table says (for rpcv2Cbor too: its body is read as CBOR and
/// its code only from `__type`).
pub(crate) fn parse_error(protocol: Protocol, query_compatible: bool, headers: &HeaderMap, body: &[u8]) -> ParsedError {
    let errors = protocol.spec().errors;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
    let wanted: Vec<&str> = errors.code_fields.iter().chain(errors.message_fields).copied().collect();
    let found = top_level_strings(protocol.spec().body, body, &wanted, errors.code_fields.len());
    let first = |range: std::ops::Range<usize>| found[range].iter().find_map(|v| v.clone());
    let query_code = query_compatible
        .then(|| header(QUERY_ERROR_HEADER))
        .flatten()
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let code = match (query_code, errors.code_header.and_then(header)) {
        (Some(code), _) => bounded(code, MAX_CODE_CHARS),
        (None, Some(raw)) => bounded(sanitize_error_code(raw), MAX_CODE_CHARS),
        (None, None) => first(0..errors.code_fields.len()).unwrap_or_default(),
    };
    ParsedError {
        code,
        message: first(errors.code_fields.len()..wanted.len()),
        request_id: super::protocol::request_id(headers),
    }
}

/// The string values of the top-level members `wanted` of a JSON object
/// body (the last one of a name that appears twice), each at most
/// [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS) characters; the first
/// `codes` of them are error codes, sanitised and cut to
/// [`MAX_CODE_CHARS`](super::MAX_CODE_CHARS). Nothing else is kept:
/// other members are skipped without being built (and without recursion,
/// so any depth reads), and what was found before a syntax error is kept.
fn top_level_strings(
    format: crate::protocols::BodyFormat,
    body: &[u8],
    wanted: &[&str],
    codes: usize,
) -> Vec<Option<String>> {
    let mut found = vec![None; wanted.len()];
    let visitor = TopLevel { wanted, codes, found: &mut found };
    // An error (not an object, malformed later on) keeps what was found.
    let _ = match format {
        crate::protocols::BodyFormat::Json => {
            serde::Deserializer::deserialize_map(&mut serde_json::Deserializer::from_slice(body), visitor)
                .map_err(|e| e.to_string())
        }
        crate::protocols::BodyFormat::Cbor => {
            serde::Deserializer::deserialize_map(&mut crate::cbor::Deserializer::new(body), visitor)
                .map_err(|e| e.to_string())
        }
    };
    found
}

struct TopLevel<'a> {
    wanted: &'a [&'a str],
    codes: usize,
    found: &'a mut [Option<String>],
}

impl<'de> serde::de::Visitor<'de> for TopLevel<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(WantedKey(self.wanted))? {
            match key {
                Some(i) => {
                    let code = i < self.codes;
                    if let Some(v) = map.next_value_seed(StringOrSkip { code })? {
                        self.found[i] = Some(v);
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The index of a key among the wanted names, without allocating.
struct WantedKey<'a>(&'a [&'a str]);

impl<'de> serde::de::DeserializeSeed<'de> for WantedKey<'_> {
    type Value = Option<usize>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for WantedKey<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|w| *w == v))
    }
}

/// A string value, bounded (and sanitised, for a code); any other value is
/// skipped.
struct StringOrSkip {
    code: bool,
}

impl StringOrSkip {
    fn keep(&self, v: &str) -> String {
        if self.code {
            bounded(sanitize_error_code(v), MAX_CODE_CHARS)
        } else {
            bounded(v, MAX_MESSAGE_CHARS)
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for StringOrSkip {
    type Value = Option<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for StringOrSkip {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<String>, E> {
        Ok(Some(self.keep(v)))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
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
        parse_error(Protocol::AwsJson1_1, false, &map, body.as_bytes())
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
    fn query_compatible_services_take_the_code_from_x_amzn_query_error() {
        let headers = [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")];
        let body = r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "no queue"}"#;
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(k, HeaderValue::from_static(v));
        }
        let e = parse_error(Protocol::AwsJson1_0, true, &map, body.as_bytes());
        assert_eq!(
            (e.code.as_str(), e.message.as_deref()),
            ("AWS.SimpleQueueService.NonExistentQueue", Some("no queue"))
        );
        // Only a query-compatible service reads the header.
        assert_eq!(parse(&headers, body).code, "QueueDoesNotExist");
        // Without the header (or with an empty code), the body's code.
        let e = parse_error(Protocol::AwsJson1_0, true, &HeaderMap::new(), body.as_bytes());
        assert_eq!(e.code, "QueueDoesNotExist");
        let mut map = HeaderMap::new();
        map.insert("x-amzn-query-error", HeaderValue::from_static(";Sender"));
        assert_eq!(parse_error(Protocol::AwsJson1_0, true, &map, body.as_bytes()).code, "QueueDoesNotExist");
        // A code without a fault is taken whole.
        let mut map = HeaderMap::new();
        map.insert("x-amzn-query-error", HeaderValue::from_static("InvalidParameterValue"));
        assert_eq!(parse_error(Protocol::AwsJson1_0, true, &map, body.as_bytes()).code, "InvalidParameterValue");
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

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn codes_of_bodies_nested_beyond_the_recursion_limit_are_found() {
        // serde_json alone refuses these bodies (recursion limit 128).
        let deep = nested(10_000);
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_err());

        let after = format!(r#"{{"Details": {deep}, "__type": "ns#DeepException", "message": "after"}}"#);
        let e = parse(&[], &after);
        assert_eq!((e.code.as_str(), e.message.as_deref()), ("DeepException", Some("after")));

        let before = format!(r#"{{"code": "DeepException", "Message": "before", "Details": {deep}}}"#);
        let e = parse(&[], &before);
        assert_eq!((e.code.as_str(), e.message.as_deref()), ("DeepException", Some("before")));

        // A deep `__type` is no code; `code` is the next place to look.
        let odd = format!(r#"{{"__type": {deep}, "code": "Fallback"}}"#);
        assert_eq!(parse(&[], &odd).code, "Fallback");

        // The header needs no body at all.
        let e = parse(&[("x-amzn-errortype", "HeaderException")], &deep);
        assert_eq!(e.code, "HeaderException");

        // A body that is no object names no code (the error says so), and
        // one that breaks off keeps what came before.
        assert_eq!(parse(&[], &deep).code, "");
        let broken = r#"{"__type": "Early", "message": "m", "rest": [1, 2"#;
        assert_eq!(parse(&[], broken).code, "Early");
    }

    #[test]
    fn modelled_errors_read_from_deep_bodies() {
        #[derive(serde::Deserialize, Debug)]
        struct Modelled {
            #[serde(rename = "Message")]
            message: Option<String>,
            #[serde(rename = "Details")]
            details: Option<serde_json::Value>,
        }
        let body = format!(r#"{{"message": "deep", "Details": {}}}"#, nested(10_000));
        let e: Modelled = parse_error_body(body.as_bytes(), &"Modelled", "Message").unwrap();
        assert_eq!(e.message.as_deref(), Some("deep"));
        // What lies below MAX_ERROR_DEPTH levels is not kept.
        let mut v = e.details.unwrap();
        let mut levels = 0;
        while let serde_json::Value::Array(items) = v {
            v = items.into_iter().next().unwrap_or(serde_json::Value::Null);
            levels += 1;
        }
        assert_eq!(levels, MAX_ERROR_DEPTH - 1);
    }

    #[test]
    fn error_strings_are_bounded_when_read() {
        let huge = "é".repeat(3 * 1024 * 1024);
        let body = serde_json::json!({ "__type": format!("ns#{}", "X".repeat(10_000)), "message": huge }).to_string();
        let e = parse(&[], &body);
        assert_eq!(e.code.chars().count(), MAX_CODE_CHARS + super::super::TRUNCATION_MARKER.chars().count());
        let message = e.message.unwrap();
        assert!(message.ends_with(super::super::TRUNCATION_MARKER));
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + super::super::TRUNCATION_MARKER.chars().count());

        #[derive(serde::Deserialize)]
        struct Modelled {
            #[serde(rename = "Message")]
            message: Option<String>,
        }
        let e: Modelled = parse_error_body(body.as_bytes(), &"Modelled", "Message").unwrap();
        assert_eq!(e.message.as_deref(), Some(message.as_str()));
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
