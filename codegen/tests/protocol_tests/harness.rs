//! Smithy's own awsJson1_0, awsJson1_1 and rpcv2Cbor protocol tests against
//! the crates generated from `json10.json`, `json11.json` and
//! `rpcv2cbor.json` (ported from smithy-lang/smithy by `port.py`; see
//! `README.md` there).
//!
//! Every case of `cases.json` (awsJson) and `cases-rpcv2cbor.json`
//! (rpcv2Cbor) runs unless it carries a skip reason; each file's test fails
//! if any case that runs fails, and prints how many ran, passed and were
//! skipped (per reason).
//!
//! - Request cases: the input is read from the case's params in the JSON
//!   form the generated types read (`input`: blobs in base64, timestamps in
//!   the member's format) and sent through the generated client with an
//!   in-memory transport; method, path, host, the listed headers, forbidden
//!   and required headers and the body are compared (`application/json`
//!   bodies as JSON values, numbers by value; `application/cbor` bodies,
//!   base64 in the case, as decoded CBOR values: numbers by value whatever
//!   their width, definite and indefinite lengths alike, map keys
//!   unordered, `NaN` equal to `NaN`, tags by their number and value).
//!   Validation is off: the suite's params are not constrained inputs, and
//!   some leave out required members on purpose.
//! - Response cases: the transport answers with the case's status, headers
//!   and body (an rpcv2Cbor body decoded from base64); the output must
//!   equal the params read into the output type, and hold every value the
//!   params set.
//! - Error cases: the same, and the error must be the case's error shape,
//!   holding every value the params set.

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::test_util::{cbor_response, ReplayTransport};
use smithy_rt::client::{http, Config, Credentials, FixedTime, HttpRequest, Operation, SdkError};
use smithy_rt::validate::ValidationMode;
use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_default()
}

fn config(case: &Value, transport: &ReplayTransport) -> Config {
    let host = case["host"].as_str().unwrap_or("example.com");
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None, None))
        .endpoint_url(format!("https://{host}"))
        .time_source(FixedTime(UNIX_EPOCH + Duration::from_secs(1_576_540_098)))
        .http_transport(transport.clone())
        .max_attempts(1)
        .validation(ValidationMode::Off)
        .build()
}

const RPC_V2_CBOR: &str = "smithy.protocols#rpcv2Cbor";

/// The case's body as bytes: base64 for rpcv2Cbor, text otherwise.
fn body_bytes(case: &Value) -> Result<Vec<u8>, String> {
    let body = s(case, "body");
    if s(case, "protocol") == RPC_V2_CBOR {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| format!("the case's body is not base64: {e}"))
    } else {
        Ok(body.as_bytes().to_vec())
    }
}

/// A CBOR body as a JSON value to compare (see `smithy_rt::cbor::Value::to_json`).
fn cbor_json(body: &[u8]) -> Result<Value, String> {
    smithy_rt::cbor::value_from_slice(body).map(|v| v.to_json()).map_err(|e| e.to_string())
}

/// A transport that answers every request with `status`, `headers` and `body`.
fn answering(status: u16, headers: BTreeMap<String, String>, body: Vec<u8>) -> ReplayTransport {
    ReplayTransport::from_fn(move |_| {
        let mut response = http::Response::builder().status(status);
        for (name, value) in &headers {
            response = response.header(name.as_str(), value.as_str());
        }
        Ok(response.body(Bytes::from(body.clone())).expect("a valid response"))
    })
}

fn case_response(case: &Value) -> Result<ReplayTransport, String> {
    let headers = case["headers"]
        .as_object()
        .map(|h| h.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    Ok(answering(case["code"].as_u64().unwrap_or(200) as u16, headers, body_bytes(case)?))
}

/// What a request case's call is answered with: an empty output.
fn empty_output(case: &Value) -> ReplayTransport {
    if s(case, "protocol") == RPC_V2_CBOR {
        ReplayTransport::from_fn(|_| Ok(cbor_response(200, vec![0xa0])))
    } else {
        answering(200, BTreeMap::from([("content-type".into(), "application/json".into())]), b"{}".to_vec())
    }
}

/// JSON values equal, numbers by value (`1` and `1.0` are the same number).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Every value `expected` sets is in `actual` (objects may have more members).
fn json_contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            e.iter().all(|(k, v)| a.get(k).is_some_and(|w| json_contains(w, v)) || (v.is_null() && !a.contains_key(k)))
        }
        (Value::Array(a), Value::Array(e)) => a.len() == e.len() && a.iter().zip(e).all(|(a, e)| json_contains(a, e)),
        _ => json_eq(actual, expected),
    }
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap_or("<not ASCII>"))
}

/// Compares the request the client sent with the case.
fn check_request(case: &Value, request: &HttpRequest) -> Result<(), String> {
    let mut problems = Vec::new();
    if let Some(method) = case["method"].as_str() {
        if request.method().as_str() != method {
            problems.push(format!("method {} instead of {method}", request.method()));
        }
    }
    if let Some(uri) = case["uri"].as_str() {
        let ours = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        if ours != uri {
            problems.push(format!("URI {ours} instead of {uri}"));
        }
    }
    // The host after the operation's host prefix, if the case says; else the endpoint's.
    if let Some(host) = case["resolvedHost"].as_str().or(case["host"].as_str()) {
        let host = host.split('/').next().unwrap_or(host);
        if request.uri().host() != Some(host) {
            problems.push(format!("host {:?} instead of {host}", request.uri().host()));
        }
    }
    for (name, value) in case["headers"].as_object().into_iter().flatten() {
        let want = value.as_str().unwrap_or_default();
        if header(request, name) != Some(want) {
            problems.push(format!("header {name}: {:?} instead of {want:?}", header(request, name)));
        }
    }
    for name in case["forbidHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if let Some(v) = header(request, name) {
            problems.push(format!("forbidden header {name} is set ({v:?})"));
        }
    }
    for name in case["requireHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if header(request, name).is_none() {
            problems.push(format!("required header {name} is missing"));
        }
    }
    if let Some(body) = case["body"].as_str() {
        let ours = String::from_utf8_lossy(request.body());
        if s(case, "bodyMediaType") == "application/json" && !body.is_empty() {
            let want: Value = serde_json::from_str(body).map_err(|e| format!("the case's body is not JSON: {e}"))?;
            match serde_json::from_slice::<Value>(request.body()) {
                Ok(got) if json_eq(&got, &want) => {}
                Ok(got) => problems.push(format!("body {got} instead of {want}")),
                Err(e) => problems.push(format!("body {ours:?} is not JSON ({e}); expected {want}")),
            }
        } else if s(case, "bodyMediaType") == "application/cbor" && !body.is_empty() {
            let want = body_bytes(case)?;
            let want = cbor_json(&want).map_err(|e| format!("the case's body is not CBOR: {e}"))?;
            match cbor_json(request.body()) {
                Ok(got) if json_eq(&got, &want) => {}
                Ok(got) => problems.push(format!("body {got} instead of {want}")),
                Err(e) => problems.push(format!("body {:?} is not CBOR ({e}); expected {want}", request.body())),
            }
        } else if request.body().as_ref() != body_bytes(case)? {
            problems.push(format!("body {ours:?} instead of {body:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// `actual` (the parsed output) against `expected` (the case's params read
/// into the same type) and `wire` (the params in wire form).
fn check_value<T: Serialize>(actual: &T, expected: Option<&T>, wire: &Value) -> Result<(), String> {
    let actual = serde_json::to_value(actual).map_err(|e| format!("the output does not serialize: {e}"))?;
    if let Some(expected) = expected {
        let expected = serde_json::to_value(expected).map_err(|e| format!("the params do not serialize: {e}"))?;
        if !json_eq(&actual, &expected) {
            return Err(format!("output {actual} instead of {expected}"));
        }
    }
    if !json_contains(&actual, wire) {
        return Err(format!("output {actual} does not hold the params {wire}"));
    }
    Ok(())
}

/// Runs `$body` for the operation named by the case, with `$input` its input type.
macro_rules! suite {
    ($krate:ident, [$($name:literal => $module:ident :: $input:ident),* $(,)?], errors: [$($error:ident),* $(,)?]) => {
        mod $krate {
            use super::*;

            fn error_json(e: ::$krate::error::ServiceError) -> (String, Result<Value, String>) {
                use ::$krate::error::ServiceError as E;
                match e {
                    $(E::$error(e) => (stringify!($error).to_owned(), serde_json::to_value(&e).map_err(|e| e.to_string())),)*
                    other => (format!("{other:?}"), Ok(Value::Null)),
                }
            }

            async fn one<I>(case: &Value) -> Result<(), String>
            where
                I: Operation + DeserializeOwned + Default,
                I::Output: Serialize,
                I::Error: Into<::$krate::error::ServiceError> + std::fmt::Debug,
            {
                let kind = s(case, "kind");
                let transport = if kind == "request" { empty_output(case) } else { case_response(case)? };
                let client = ::$krate::Client::new(config(case, &transport));
                match kind {
                    "request" => {
                        let input: I = serde_json::from_value(case["input"].clone())
                            .map_err(|e| format!("the params do not read as the input: {e}"))?;
                        let result = client.invoke(&input).await;
                        if let Err(e @ (SdkError::Validation(_) | SdkError::Construction(_))) = &result {
                            return Err(format!("nothing was sent: {e:?}"));
                        }
                        let request = transport.last_request().ok_or("nothing was sent")?;
                        check_request(case, &request)
                    }
                    "response" => {
                        let output = client.invoke(&I::default()).await.map_err(|e| format!("the call failed: {e:?}"))?;
                        let expected: I::Output =
                            smithy_rt::json::from_slice(case["input"].to_string().as_bytes(), "params")
                                .map_err(|e| format!("the params do not read as the output: {e}"))?;
                        check_value(&output, Some(&expected), &case["input"])
                    }
                    _ => match client.invoke(&I::default()).await {
                        Ok(_) => Err("the call succeeded; expected an error".into()),
                        Err(SdkError::Service { error, .. }) => {
                            let (variant, value) = error_json(error.into());
                            if variant != s(case, "error") {
                                return Err(format!("error {variant} instead of {}", s(case, "error")));
                            }
                            check_value(&value?, None, &case["input"])
                        }
                        Err(e) => Err(format!("not a service error: {e:?}")),
                    },
                }
            }

            pub async fn run(case: &Value) -> Result<(), String> {
                match s(case, "operation") {
                    $($name => one::<::$krate::operation::$module::$input>(case).await,)*
                    other => Err(format!("no operation {other} in the harness")),
                }
            }
        }
    };
}

suite!(
    protocol_json10,
    [
        "ContentTypeParameters" => content_type_parameters::ContentTypeParametersInput,
        "EmptyInputAndEmptyOutput" => empty_input_and_empty_output::EmptyInputAndEmptyOutputInput,
        "EndpointOperation" => endpoint_operation::EndpointOperationInput,
        "EndpointWithHostLabelOperation" => endpoint_with_host_label_operation::EndpointWithHostLabelOperationInput,
        "GreetingWithErrors" => greeting_with_errors::GreetingWithErrorsInput,
        "HostWithPathOperation" => host_with_path_operation::HostWithPathOperationInput,
        "JsonUnions" => json_unions::JsonUnionsInput,
        "NoInputAndNoOutput" => no_input_and_no_output::NoInputAndNoOutputInput,
        "NoInputAndOutput" => no_input_and_output::NoInputAndOutputInput,
        "OperationWithDefaults" => operation_with_defaults::OperationWithDefaultsInput,
        "OperationWithNestedStructure" => operation_with_nested_structure::OperationWithNestedStructureInput,
        "OperationWithRequiredMembers" => operation_with_required_members::OperationWithRequiredMembersInput,
        "OperationWithRequiredMembersWithDefaults" =>
            operation_with_required_members_with_defaults::OperationWithRequiredMembersWithDefaultsInput,
        "QueryIncompatibleOperation" => query_incompatible_operation::QueryIncompatibleOperationInput,
        "SimpleScalarProperties" => simple_scalar_properties::SimpleScalarPropertiesInput,
    ],
    errors: [ComplexError, FooError, InvalidGreeting]
);

suite!(
    protocol_json11,
    [
        "ContentTypeParameters" => content_type_parameters::ContentTypeParametersInput,
        "DatetimeOffsets" => datetime_offsets::DatetimeOffsetsInput,
        "EmptyOperation" => empty_operation::EmptyOperationInput,
        "EndpointOperation" => endpoint_operation::EndpointOperationInput,
        "EndpointWithHostLabelOperation" => endpoint_with_host_label_operation::EndpointWithHostLabelOperationInput,
        "FractionalSeconds" => fractional_seconds::FractionalSecondsInput,
        "GreetingWithErrors" => greeting_with_errors::GreetingWithErrorsInput,
        "HostWithPathOperation" => host_with_path_operation::HostWithPathOperationInput,
        "JsonEnums" => json_enums::JsonEnumsInput,
        "JsonUnions" => json_unions::JsonUnionsInput,
        "KitchenSinkOperation" => kitchen_sink_operation::KitchenSinkOperationInput,
        "NullOperation" => null_operation::NullOperationInput,
        "OperationWithOptionalInputOutput" => operation_with_optional_input_output::OperationWithOptionalInputOutputInput,
        "PutAndGetInlineDocuments" => put_and_get_inline_documents::PutAndGetInlineDocumentsInput,
        "SimpleScalarProperties" => simple_scalar_properties::SimpleScalarPropertiesInput,
        "SparseNullsOperation" => sparse_nulls_operation::SparseNullsOperationInput,
    ],
    errors: [ComplexError, ErrorWithMembers, ErrorWithoutMembers, FooError, InvalidGreeting]
);

suite!(
    protocol_rpcv2cbor,
    [
        "EmptyInputOutput" => empty_input_output::EmptyInputOutputInput,
        "Float16" => float16::Float16Input,
        "FractionalSeconds" => fractional_seconds::FractionalSecondsInput,
        "GreetingWithErrors" => greeting_with_errors::GreetingWithErrorsInput,
        "NoInputOutput" => no_input_output::NoInputOutputInput,
        "OperationWithDefaults" => operation_with_defaults::OperationWithDefaultsInput,
        "OptionalInputOutput" => optional_input_output::OptionalInputOutputInput,
        "RecursiveShapes" => recursive_shapes::RecursiveShapesInput,
        "RpcV2CborDenseMaps" => rpc_v2_cbor_dense_maps::RpcV2CborDenseMapsInput,
        "RpcV2CborLists" => rpc_v2_cbor_lists::RpcV2CborListsInput,
        "RpcV2CborSparseMaps" => rpc_v2_cbor_sparse_maps::RpcV2CborSparseMapsInput,
        "RpcV2CborUnions" => rpc_v2_cbor_unions::RpcV2CborUnionsInput,
        "SimpleScalarProperties" => simple_scalar_properties::SimpleScalarPropertiesInput,
        "SparseNullsOperation" => sparse_nulls_operation::SparseNullsOperationInput,
    ],
    errors: [ComplexError, InvalidGreeting, ValidationException]
);

/// Runs every case of the case file `file`; fails if any case that runs fails.
async fn run_cases(file: &str) {
    let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    let mut ran: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in file["cases"].as_array().unwrap() {
        let id = s(case, "id");
        if let Some(reason) = case["skip"].as_str() {
            println!("skip {id}: {reason}");
            *skipped.entry(format!("{}: {reason}", s(case, "service"))).or_default() += 1;
            continue;
        }
        let result = match s(case, "service") {
            "json10" => protocol_json10::run(case).await,
            "json11" => protocol_json11::run(case).await,
            "rpcv2cbor" => protocol_rpcv2cbor::run(case).await,
            other => Err(format!("no service {other}")),
        };
        // The protocol trait's name: awsJson1_0, awsJson1_1, rpcv2Cbor.
        let protocol = s(case, "protocol");
        let counts = ran.entry(protocol.rsplit('#').next().unwrap_or(protocol)).or_default();
        counts.0 += 1;
        match result {
            Ok(()) => {
                counts.1 += 1;
                println!("ok   {id}");
            }
            Err(e) => {
                println!("FAIL {id} ({} {}): {e}", s(case, "kind"), s(case, "operation"));
                failures.push(id.to_owned());
            }
        }
    }
    for (protocol, (n, passed)) in &ran {
        println!("{protocol}: {n} ran, {passed} passed");
    }
    for (reason, n) in &skipped {
        println!("skipped {n}: {reason}");
    }
    assert!(failures.is_empty(), "{} cases failed: {failures:?}", failures.len());
}

#[tokio::test]
async fn generated_clients_pass_smithys_aws_json_protocol_tests() {
    run_cases("cases.json").await
}

#[tokio::test]
async fn generated_clients_pass_smithys_rpcv2_cbor_protocol_tests() {
    run_cases("cases-rpcv2cbor.json").await
}
