//! The seam between the request pipeline and a wire protocol.
//!
//! The pipeline (`Client::invoke`) knows HTTP, signing and retries; it asks
//! this module, by [`Protocol`], for a request's path, headers and body, and
//! for an output or an error read from a response. Each protocol lives in
//! its own module ([`super::aws_json`], [`super::rpcv2_cbor`]); a new one
//! adds a [`Protocol`] variant and a match arm in each function here.

use super::{aws_json, rpcv2_cbor, Protocol, ServiceMeta};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a protocol adds to the HTTP request of one operation call.
pub(crate) struct RequestParts {
    /// Appended to the endpoint's path (`""` for the endpoint's own path).
    pub(crate) path: Arc<str>,
    /// The protocol's headers, shared by every request of the operation.
    pub(crate) headers: Arc<[(HeaderName, HeaderValue)]>,
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
    RpcV2Cbor(rpcv2_cbor::Cache),
}

impl ProtocolCache {
    pub(crate) fn new(service: &'static ServiceMeta, protocol: Protocol) -> Self {
        match protocol {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => ProtocolCache::AwsJson(aws_json::Cache::new(protocol)),
            Protocol::RpcV2Cbor => ProtocolCache::RpcV2Cbor(rpcv2_cbor::Cache::new(service)),
        }
    }
}

pub(crate) fn serialize_request<I: Serialize>(
    service: &ServiceMeta,
    protocol: Protocol,
    cache: &ProtocolCache,
    operation: &'static str,
    input: &I,
) -> Result<RequestParts, BoxError> {
    match (protocol, cache) {
        (Protocol::AwsJson1_0 | Protocol::AwsJson1_1, ProtocolCache::AwsJson(cache)) => {
            aws_json::serialize_request(service, protocol, cache, operation, input)
        }
        (Protocol::RpcV2Cbor, ProtocolCache::RpcV2Cbor(cache)) => {
            rpcv2_cbor::serialize_request(cache, operation, input)
        }
        // The client makes its cache for the protocol it speaks.
        _ => Err(format!("no request cache for {protocol}").into()),
    }
}

/// Whether a response is one of `protocol` at all: an rpcv2Cbor response
/// must carry `smithy-protocol: rpc-v2-cbor` back. One that does not is
/// read from its status alone.
pub(crate) fn check_response(protocol: Protocol, headers: &HeaderMap) -> Result<(), String> {
    for (name, value) in protocol.spec().protocol_headers {
        let got = headers.get(*name).and_then(|v| v.to_str().ok()).map(str::trim);
        if got != Some(*value) {
            let got: String =
                got.map_or_else(|| "none".to_owned(), |g| format!("{:?}", g.chars().take(80).collect::<String>()));
            return Err(format!("the response is not {protocol}: its {name} header is {got}, expected {value:?}"));
        }
    }
    Ok(())
}

pub(crate) fn parse_body<T: DeserializeOwned>(
    protocol: Protocol,
    body: &[u8],
    root: &dyn std::fmt::Display,
) -> Result<T, BoxError> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_body(body, root),
        Protocol::RpcV2Cbor => rpcv2_cbor::parse_body(body, root),
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
        Protocol::RpcV2Cbor => rpcv2_cbor::parse_error_body(body, root, message_member),
    }
}

pub(crate) fn parse_error(protocol: Protocol, query_compatible: bool, headers: &HeaderMap, body: &[u8]) -> ParsedError {
    // Both read the code and message where the protocol table says.
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RpcV2Cbor => {
            aws_json::parse_error(protocol, query_compatible, headers, body)
        }
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
