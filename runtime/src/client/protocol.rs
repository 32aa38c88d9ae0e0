//! The seam between the request pipeline and a wire protocol.
//!
//! The pipeline (`Client::invoke`) knows HTTP, signing and retries; it asks
//! this module, by [`Protocol`], for a request's path, headers and body, and
//! for an output or an error read from a response. Each protocol lives in
//! its own module ([`super::aws_json`]); a new one (rpcv2Cbor) adds a
//! [`Protocol`] variant and a match arm in each function here.

use super::{aws_json, Protocol, ServiceMeta};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a protocol adds to the HTTP request of one operation call.
pub(crate) struct RequestParts {
    /// Appended to the endpoint's path (`""` for the endpoint's own path).
    pub(crate) path: &'static str,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Bytes,
}

/// What a protocol reads from an error response.
pub(crate) struct ParsedError {
    pub(crate) code: String,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

/// What a protocol computes once per client and reuses for every request.
pub(crate) enum ProtocolCache {
    AwsJson(aws_json::Cache),
}

impl ProtocolCache {
    pub(crate) fn new(service: &ServiceMeta) -> Self {
        match service.protocol {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => ProtocolCache::AwsJson(aws_json::Cache::new(service)),
        }
    }
}

pub(crate) fn serialize_request<I: Serialize>(
    service: &ServiceMeta,
    cache: &ProtocolCache,
    operation: &'static str,
    input: &I,
) -> Result<RequestParts, BoxError> {
    match (service.protocol, cache) {
        (Protocol::AwsJson1_0 | Protocol::AwsJson1_1, ProtocolCache::AwsJson(cache)) => {
            aws_json::serialize_request(service, cache, operation, input)
        }
    }
}

pub(crate) fn parse_body<T: DeserializeOwned>(
    protocol: Protocol,
    body: &[u8],
    root: &dyn std::fmt::Display,
) -> Result<T, BoxError> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_body(body, root),
    }
}

pub(crate) fn parse_error_body<T: DeserializeOwned>(
    protocol: Protocol,
    body: &[u8],
    root: &dyn std::fmt::Display,
    message_member: &str,
) -> Result<T, BoxError> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_error_body(body, root, message_member),
    }
}

pub(crate) fn parse_error(protocol: Protocol, query_compatible: bool, headers: &HeaderMap, body: &[u8]) -> ParsedError {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_error(protocol, query_compatible, headers, body),
    }
}

/// The request id a response carries, whatever the protocol:
/// `x-amzn-RequestId`, or `x-amz-request-id` as S3-style services send it.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"]
        .iter()
        .filter_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}
