//! Smithy's `smithy.protocols#rpcv2Cbor`.
//!
//! Every operation is `POST <endpoint path>/service/<service>/operation/<operation>`
//! with `smithy-protocol: rpc-v2-cbor`, `Accept: application/cbor`, and the
//! input as a CBOR map (`Content-Type: application/cbor`); an operation
//! without input sends no body and no `Content-Type`. A response is the
//! output as CBOR, or an error named by the body's `__type`; it must carry
//! `smithy-protocol: rpc-v2-cbor` back ([`super::protocol::check_response`]).
//! How values are written is [`crate::cbor`]'s.

use super::error::bound_string;
use super::memo::Memo;
use super::protocol::{BoxError, RequestParts};
use super::{ServiceMeta, MAX_MESSAGE_CHARS};
use crate::cbor::Value;
use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

const SPEC: &crate::protocols::Protocol = &crate::protocols::RPC_V2_CBOR;

/// What every request of a client shares: its headers, and the path of
/// each operation, made on the operation's first call.
pub(crate) struct Cache {
    service: &'static str,
    /// The protocol's headers, with `Content-Type` for a request with a body.
    headers: Arc<[(HeaderName, HeaderValue)]>,
    with_body: Arc<[(HeaderName, HeaderValue)]>,
    paths: Memo<&'static str, Arc<str>>,
}

impl Cache {
    pub(crate) fn new(service: &'static ServiceMeta) -> Self {
        let mut headers: Vec<(HeaderName, HeaderValue)> = SPEC
            .protocol_headers
            .iter()
            .map(|(name, value)| (HeaderName::from_static(name), HeaderValue::from_static(value)))
            .collect();
        if let Some(accept) = SPEC.accept {
            headers.push((http::header::ACCEPT, HeaderValue::from_static(accept)));
        }
        let with_body = headers
            .iter()
            .cloned()
            .chain([(http::header::CONTENT_TYPE, HeaderValue::from_static(SPEC.content_type))])
            .collect();
        Cache { service: service.target_prefix, headers: headers.into(), with_body, paths: Memo::new() }
    }

    /// `/service/<service>/operation/<operation>`.
    fn path(&self, operation: &'static str) -> Arc<str> {
        self.paths.get_or_insert(&operation, || SPEC.operation.path(self.service, operation).into())
    }
}

/// CBOR's `null`: what an input that is the unit type serializes to.
const NULL: u8 = 0xf6;

pub(crate) fn serialize_request<I: Serialize>(
    cache: &Cache,
    operation: &'static str,
    input: &I,
) -> Result<RequestParts, BoxError> {
    let body = crate::cbor::to_vec(input)?;
    // An operation without input (`smithy.api#Unit`) sends no body and no
    // Content-Type; an input structure without members is an empty map.
    let (headers, body) = if body == [NULL] {
        (cache.headers.clone(), Bytes::new())
    } else {
        (cache.with_body.clone(), Bytes::from(body))
    };
    Ok(RequestParts { path: cache.path(operation), headers, body })
}

/// Reads `T` from a CBOR body; an empty body reads as an empty map. An
/// error names the member it was found in (see [`crate::cbor::from_slice`]).
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8], root: &dyn fmt::Display) -> Result<T, BoxError> {
    const EMPTY_MAP: &[u8] = &[0xa0];
    let body = if body.is_empty() { EMPTY_MAP } else { body };
    Ok(crate::cbor::from_slice_at(body, root)?)
}

/// Reads an error body into a modelled error structure whose message member
/// is named `message_member`: services write the message as `message` or
/// `Message`; the member's own spelling wins, and the other fills it when
/// it is missing. Top-level text values are cut to
/// [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS) characters.
pub(crate) fn parse_error_body<T: DeserializeOwned>(
    body: &[u8],
    root: &dyn fmt::Display,
    message_member: &str,
) -> Result<T, BoxError> {
    match normalise_error_body(body, message_member)? {
        Some(normalised) => Ok(crate::cbor::from_slice_at(&normalised, root)?),
        None => parse_body(body, root),
    }
}

/// The error body with its message under `message_member` and top-level
/// text bounded (see [`parse_error_body`]); `None` when it is not a map.
/// Apart from the generic reading, so that it is compiled once, not once
/// per error.
fn normalise_error_body(body: &[u8], message_member: &str) -> Result<Option<Vec<u8>>, BoxError> {
    let Ok(Value::Map(entries)) = crate::cbor::value_from_slice(body) else {
        return Ok(None);
    };
    let key = |v: &Value| match v {
        Value::Text(t) => Some(t.clone()),
        _ => None,
    };
    let mut own: Option<Value> = None;
    let mut other: Option<Value> = None;
    let mut rest = Vec::with_capacity(entries.len());
    for (k, mut v) in entries {
        if let Value::Text(t) = &mut v {
            bound_string(t, MAX_MESSAGE_CHARS);
        }
        match key(&k) {
            Some(name) if name == message_member => own = Some(v),
            Some(name) if name.eq_ignore_ascii_case(message_member) => other = other.or(Some(v)),
            _ => rest.push((k, v)),
        }
    }
    if let Some(message) = own.or(other) {
        rest.push((Value::Text(message_member.to_owned()), message));
    }
    Ok(Some(crate::cbor::to_vec(&Value::Map(rest))?))
}
