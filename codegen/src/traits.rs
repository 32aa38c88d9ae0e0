//! The traits the generator knows, and typed readers for their values.
//!
//! Every trait a model applies is looked up in [`classify`]: a trait that
//! shapes generated code is read by [`crate::lower`]; a trait known to have no
//! effect on a client of the protocols we generate is accepted with the reason
//! written here; any other trait is refused, because nobody has decided
//! whether ignoring it would make the generated code wrong.

use crate::diag::{Diagnostics, Location};
use crate::model::{kind_of, TraitValue};
use crate::ir::{Bounds, Deprecated, TimestampFormat};
use serde_json::Value;

/// How the generator treats a trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Read by lowering; it changes generated code.
    Applied,
    /// Accepted; it has no effect on generated code, for the reason given.
    NoEffect(&'static str),
    /// Refused: generated code would be wrong without support for it.
    Unsupported(&'static str),
}

/// What the generator does with trait `id`; `None` for a trait it does not know.
pub fn classify(id: &str) -> Option<Support> {
    use Support::*;
    let (ns, _) = id.split_once('#')?;
    Some(match id {
        "smithy.api#documentation" | "smithy.api#required" | "smithy.api#clientOptional" | "smithy.api#default"
        | "smithy.api#addedDefault" | "smithy.api#length" | "smithy.api#range" | "smithy.api#pattern"
        | "smithy.api#uniqueItems" | "smithy.api#enumValue" | "smithy.api#error" | "smithy.api#input"
        | "smithy.api#output" | "smithy.api#paginated" | "smithy.api#sensitive" | "smithy.api#deprecated"
        | "smithy.api#timestampFormat" | "smithy.api#idempotencyToken" | "smithy.api#title"
        | "smithy.waiters#waitable" | "aws.api#service" | "aws.auth#sigv4" | "aws.protocols#awsJson1_0"
        | "aws.protocols#awsJson1_1" => Applied,
        "smithy.api#jsonName" => NoEffect("awsJson1_0 and awsJson1_1 ignore @jsonName"),
        "smithy.api#httpError" | "smithy.api#http" | "smithy.api#httpLabel" | "smithy.api#httpQuery"
        | "smithy.api#httpQueryParams" | "smithy.api#httpHeader" | "smithy.api#httpPrefixHeaders"
        | "smithy.api#httpPayload" | "smithy.api#httpResponseCode" | "smithy.api#cors" | "smithy.api#xmlName"
        | "smithy.api#xmlAttribute" | "smithy.api#xmlFlattened" | "smithy.api#xmlNamespace"
        | "aws.protocols#awsQueryError" | "aws.protocols#awsQueryCompatible" | "aws.protocols#ec2QueryName" => {
            NoEffect("an HTTP-binding or XML trait; the awsJson protocols do not use it")
        }
        "smithy.api#readonly" | "smithy.api#idempotent" | "smithy.api#retryable" | "smithy.api#examples"
        | "smithy.api#externalDocumentation" | "smithy.api#tags" | "smithy.api#since" | "smithy.api#unstable"
        | "smithy.api#internal" | "smithy.api#recommended" | "smithy.api#suppress" | "smithy.api#private"
        | "smithy.api#references" | "smithy.api#resourceIdentifier" | "smithy.api#noReplace"
        | "smithy.api#auth" | "smithy.api#optionalAuth" | "smithy.api#protocols" | "smithy.api#box"
        | "smithy.api#idRef" | "smithy.api#property" | "smithy.api#notProperty" | "smithy.api#nestedProperties"
        | "smithy.test#smokeTests" | "smithy.test#httpRequestTests" | "smithy.test#httpResponseTests" => {
            NoEffect("documentation or model metadata; generated code does not depend on it")
        }
        "smithy.rules#endpointRuleSet" | "smithy.rules#endpointTests" | "smithy.rules#clientContextParams"
        | "smithy.rules#staticContextParams" | "smithy.rules#contextParam" | "smithy.rules#operationContextParams" => {
            NoEffect("the endpoint is built from aws.api#service endpointPrefix; the rule set is not interpreted")
        }
        "smithy.api#streaming" | "smithy.api#eventPayload" | "smithy.api#eventHeader" | "smithy.api#requiresLength" => {
            Unsupported("streaming is not supported")
        }
        "smithy.api#endpoint" | "smithy.api#hostLabel" => Unsupported("endpoint host prefixes are not supported"),
        "smithy.api#requestCompression" => Unsupported("request compression is not supported"),
        "smithy.api#httpChecksumRequired" | "aws.protocols#httpChecksum" => Unsupported("checksums are not supported"),
        "smithy.api#sparse" => Unsupported("sparse lists and maps are not supported yet"),
        "smithy.api#enum" => Unsupported("the Smithy 1.0 @enum trait is not supported; use an enum shape"),
        "aws.api#clientEndpointDiscovery" | "aws.api#clientDiscoveredEndpoint" => {
            Unsupported("endpoint discovery is not supported")
        }
        _ if ns.starts_with("aws.iam") || ns.starts_with("aws.cloudformation") || id.starts_with("aws.api#arn")
            || matches!(id, "aws.api#controlPlane" | "aws.api#dataPlane" | "aws.api#tagEnabled" | "aws.api#taggable") =>
        {
            NoEffect("AWS metadata for IAM, CloudFormation or ARNs; generated code does not depend on it")
        }
        _ => return None,
    })
}

fn expect<'a, T>(
    t: &'a TraitValue,
    diags: &mut Diagnostics,
    what: &str,
    f: impl FnOnce(&'a Value) -> Option<T>,
) -> Option<T> {
    let r = f(&t.value);
    if r.is_none() {
        diags.error(&t.location, format!("expected {what}, found {}", kind_of(&t.value)));
    }
    r
}

/// A trait whose value is a string (`documentation`, `pattern`, `title`...).
pub fn string(t: &TraitValue, diags: &mut Diagnostics) -> Option<String> {
    expect(t, diags, "a string", |v| v.as_str().map(str::to_owned))
}

/// `@length`: `{min?, max?}` of non-negative integers, `min <= max`.
pub fn length(t: &TraitValue, diags: &mut Diagnostics) -> Option<Bounds<u64>> {
    let obj = expect(t, diags, "an object {\"min\"?, \"max\"?}", Value::as_object)?;
    let mut get = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(v) => match v.as_u64() {
            Some(n) => Some(Some(n)),
            None => {
                diags.error(&t.location.child(k), format!("expected a non-negative integer, found {v}"));
                None
            }
        },
    };
    let bounds = Bounds { min: get("min")?, max: get("max")? };
    check_order(t, bounds, diags)
}

/// `@range`: `{min?, max?}` of numbers, `min <= max`.
pub fn range(t: &TraitValue, diags: &mut Diagnostics) -> Option<Bounds<f64>> {
    let obj = expect(t, diags, "an object {\"min\"?, \"max\"?}", Value::as_object)?;
    let mut get = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(v) => match v.as_f64() {
            Some(n) => Some(Some(n)),
            None => {
                diags.error(&t.location.child(k), format!("expected a number, found {}", kind_of(v)));
                None
            }
        },
    };
    let bounds = Bounds { min: get("min")?, max: get("max")? };
    check_order(t, bounds, diags)
}

fn check_order<T: PartialOrd + std::fmt::Display + Copy>(
    t: &TraitValue,
    b: Bounds<T>,
    diags: &mut Diagnostics,
) -> Option<Bounds<T>> {
    match (b.min, b.max) {
        (None, None) => {
            diags.error(&t.location, "expected at least one of \"min\" and \"max\"");
            None
        }
        (Some(min), Some(max)) if min > max => {
            diags.error(&t.location, format!("min {min} is greater than max {max}"));
            None
        }
        _ => Some(b),
    }
}

/// `@error`: `"client"` or `"server"`.
pub fn error(t: &TraitValue, diags: &mut Diagnostics) -> Option<crate::ir::Fault> {
    match t.value.as_str() {
        Some("client") => Some(crate::ir::Fault::Client),
        Some("server") => Some(crate::ir::Fault::Server),
        _ => {
            diags.error(&t.location, format!("expected \"client\" or \"server\", found {}", t.value));
            None
        }
    }
}

/// `@timestampFormat`.
pub fn timestamp_format(t: &TraitValue, diags: &mut Diagnostics) -> Option<TimestampFormat> {
    match t.value.as_str() {
        Some("epoch-seconds") => Some(TimestampFormat::EpochSeconds),
        Some("date-time") => Some(TimestampFormat::DateTime),
        Some("http-date") => Some(TimestampFormat::HttpDate),
        _ => {
            diags.error(
                &t.location,
                format!("expected \"epoch-seconds\", \"date-time\" or \"http-date\", found {}", t.value),
            );
            None
        }
    }
}

/// `@deprecated`: `{message?, since?}`.
pub fn deprecated(t: &TraitValue, diags: &mut Diagnostics) -> Option<Deprecated> {
    let obj = expect(t, diags, "an object {\"message\"?, \"since\"?}", Value::as_object)?;
    let mut get = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(v) => {
            diags.error(&t.location.child(k), format!("expected a string, found {}", kind_of(v)));
            None
        }
    };
    Some(Deprecated { message: get("message")?, since: get("since")? })
}

/// A marker trait's value must be an object (`{}`).
pub fn marker(t: &TraitValue, diags: &mut Diagnostics) -> Option<()> {
    expect(t, diags, "an object ({})", |v| v.as_object().map(|_| ()))
}

/// Reads the string field `key` of an object trait value, when present.
pub fn field_str(t: &TraitValue, key: &str, diags: &mut Diagnostics) -> Option<Option<String>> {
    let obj = expect(t, diags, "an object", Value::as_object)?;
    match obj.get(key) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(v) => {
            diags.error(&t.location.child(key), format!("expected a string, found {}", kind_of(v)));
            None
        }
    }
}

/// The location of `key` inside a trait's value.
pub fn at(t: &TraitValue, key: &str) -> Location {
    t.location.child(key)
}
