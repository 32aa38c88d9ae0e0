//! The generated client against aws-sdk-appstream, the official Rust SDK:
//! `fixtures/aws-sdk-appstream/requests.json` records what the SDK sends
//! for a dozen inputs, in rpcv2Cbor and in awsJson1.1 (see that folder's
//! README; `bench-vs-sdk --capture-sdk-requests` writes it). This test does
//! not depend on the SDK: it reads the fixture.
//!
//! Each case's input document is read into our input type, sent through a
//! client in the same protocol, with the same credentials and clock, to a
//! `ReplayTransport`, and the request is held to the SDK's: method and path,
//! body document, protocol headers, the SigV4 scope and signed-header list.
//! Where the two differ, the difference is spelled out below and the
//! Smithy specification (`smithy-rpc-v2-cbor.rst`) says which side is right.

mod support;

use appstream::config::{Config, Credentials};
use appstream::primitives::ValidationMode;
use serde_json::{json, Value};
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::test_util::{cbor_response, json_response, ReplayTransport};
use smithy_rt::client::{http, FixedTime, HttpResponse, Protocol, SdkError};
use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn load() -> Value {
    let path = appstream_tests::fixture("aws-sdk-appstream/requests.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// The fixture's protocols, by its labels.
const PROTOCOLS: [(&str, Protocol); 2] = [("rpcv2Cbor", Protocol::RpcV2Cbor), ("awsJson1.1", Protocol::AwsJson1_1)];

fn cases<'a>(file: &'a Value, label: &str) -> &'a Vec<Value> {
    file["protocols"][label].as_array().unwrap_or_else(|| panic!("no `protocols.{label}` array"))
}

fn instant(file: &Value) -> SystemTime {
    let ts: smithy_rt::Timestamp = s(file, "signing_instant").parse().expect("an RFC 3339 instant");
    UNIX_EPOCH + Duration::from_secs(ts.as_seconds() as u64)
}

/// The SDK's value of header `name` (names compared without case).
fn sdk_header<'a>(case: &'a Value, name: &str) -> Option<&'a str> {
    case["headers"].as_array().expect("headers").iter().find_map(|pair| {
        (pair[0].as_str()?.eq_ignore_ascii_case(name)).then(|| pair[1].as_str().expect("a header value"))
    })
}

fn sdk_header_names(case: &Value) -> BTreeSet<String> {
    let names = case["headers"].as_array().expect("headers").iter();
    names.map(|pair| pair[0].as_str().expect("a header name").to_ascii_lowercase()).collect()
}

fn header<'a>(request: &'a http::Request<Bytes>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().expect("an ASCII header"))
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Runs `$body` with `$input` naming the input type of the operation `$name`.
macro_rules! with_input {
    ($name:expr, $input:ident, $body:block) => {
        match $name {
            "CreateFleet" => {
                type $input = appstream::operation::create_fleet::CreateFleetInput;
                $body
            }
            "CreateImageBuilder" => {
                type $input = appstream::operation::create_image_builder::CreateImageBuilderInput;
                $body
            }
            "DeleteImage" => {
                type $input = appstream::operation::delete_image::DeleteImageInput;
                $body
            }
            "DeleteImagePermissions" => {
                type $input = appstream::operation::delete_image_permissions::DeleteImagePermissionsInput;
                $body
            }
            "DescribeFleets" => {
                type $input = appstream::operation::describe_fleets::DescribeFleetsInput;
                $body
            }
            "DescribeImagePermissions" => {
                type $input = appstream::operation::describe_image_permissions::DescribeImagePermissionsInput;
                $body
            }
            "DescribeImages" => {
                type $input = appstream::operation::describe_images::DescribeImagesInput;
                $body
            }
            "UpdateFleet" => {
                type $input = appstream::operation::update_fleet::UpdateFleetInput;
                $body
            }
            "UpdateImagePermissions" => {
                type $input = appstream::operation::update_image_permissions::UpdateImagePermissionsInput;
                $body
            }
            other => panic!("no operation {other:?} in the model"),
        }
    };
}

fn empty_output(protocol: Protocol) -> HttpResponse {
    match protocol {
        Protocol::RpcV2Cbor => cbor_response(200, vec![0xa0]),
        _ => json_response(200, "{}"),
    }
}

/// Sends the case's input through our client in `protocol` and returns the
/// request the transport received.
async fn our_request(file: &Value, protocol: Protocol, case: &Value) -> http::Request<Bytes> {
    let name = s(case, "name");
    let transport = ReplayTransport::from_fn(move |_| Ok(empty_output(protocol)));
    let creds = &file["credentials"];
    let client = appstream::Client::new(
        Config::builder()
            .region(s(file, "region"))
            .credentials(Credentials::new(s(creds, "access_key"), s(creds, "secret_key"), None, None))
            .time_source(FixedTime(instant(file)))
            .http_transport(transport.clone())
            .max_attempts(1)
            .validation(ValidationMode::Standard)
            .protocol(protocol)
            .build(),
    );
    with_input!(s(case, "operation"), Input, {
        let input: Input = serde_json::from_value(case["input"].clone())
            .unwrap_or_else(|e| panic!("{name}: the input does not fit {}: {e}", std::any::type_name::<Input>()));
        let result: Result<_, SdkError<_>> = client.invoke(&input).await;
        result.unwrap_or_else(|e| panic!("{name}: the call failed: {e:?}"));
    });
    assert_eq!(transport.request_count(), 1, "{name}");
    transport.last_request().expect("a request")
}

/// Our CBOR document (`smithy_rt::cbor::Value::to_json`) in the fixture's
/// convention (botocore's `cbor_requests.json`): a tag is
/// `{"$tag": n, "value": item}` rather than `{"$tag": n, "$value": item}`,
/// and NaN and the infinities are bare strings rather than `{"$float": ..}`.
fn to_fixture_convention(v: Value) -> Value {
    match v {
        Value::Object(mut map) => {
            if map.len() == 2 && map.contains_key("$tag") {
                if let Some(item) = map.remove("$value") {
                    return json!({"$tag": map["$tag"], "value": to_fixture_convention(item)});
                }
            }
            if map.len() == 1 {
                if let Some(Value::String(f)) = map.get("$float") {
                    return Value::String(f.clone());
                }
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, to_fixture_convention(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(to_fixture_convention).collect()),
        other => other,
    }
}

/// Equal documents, numbers compared by value (an integer and a float of
/// the same value are equal; so are tag 1 over either).
fn same_document(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_document(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_document(v, w)))
        }
        _ => a == b,
    }
}

/// The document of our request body, in the fixture's convention.
fn our_document(protocol: Protocol, body: &[u8]) -> Value {
    match protocol {
        Protocol::RpcV2Cbor => {
            to_fixture_convention(smithy_rt::cbor::value_from_slice(body).expect("our body is CBOR").to_json())
        }
        _ => serde_json::from_slice(body).expect("our body is JSON"),
    }
}

/// Standard base64 text as bytes, read as a blob member is.
fn base64_decode(text: &str) -> Vec<u8> {
    smithy_rt::blob::base64::deserialize(&Value::from(text)).expect("base64 text")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The maps and arrays of a document (each costs the SDK's indefinite-length
/// form one break byte more than a definite length under 24 entries).
fn containers(v: &Value) -> usize {
    match v {
        Value::Object(map) => {
            assert!(map.len() < 24, "a map of 24 or more entries has a 2-byte definite header");
            1 + map.values().map(containers).sum::<usize>()
        }
        Value::Array(items) => {
            assert!(items.len() < 24, "an array of 24 or more items has a 2-byte definite header");
            1 + items.iter().map(containers).sum::<usize>()
        }
        _ => 0,
    }
}

/// The headers whose values the protocols define, compared case by case.
const PROTOCOL_HEADERS: [&str; 5] = ["content-type", "accept", "smithy-protocol", "x-amz-target", "content-length"];

/// The headers the SDK sends that we do not: `host`, which the SDK leaves
/// to its HTTP client (hyper writes it on the wire; the signature covers it
/// either way).
const ONLY_OURS: [&str; 1] = ["host"];

/// The headers the SDK signs (`SignedHeaders=`), in each protocol.
fn sdk_signed(protocol: Protocol) -> BTreeSet<String> {
    match protocol {
        Protocol::RpcV2Cbor => names(&[
            "accept",
            "content-length",
            "content-type",
            "host",
            "smithy-protocol",
            "x-amz-date",
            "x-amz-user-agent",
        ]),
        _ => names(&["content-length", "content-type", "host", "x-amz-date", "x-amz-target", "x-amz-user-agent"]),
    }
}

#[test]
fn fixture_is_the_one_described() {
    let file = load();
    assert_eq!(s(&file, "sdk"), "aws-sdk-appstream");
    assert_eq!(s(&file, "sdk_version"), "1.138.0");
    assert_eq!(s(&file, "region"), "us-east-1");
    assert_eq!(s(&file, "signing_name"), appstream::SIGNING_NAME);
    assert_eq!(instant(&file), UNIX_EPOCH + Duration::from_secs(1_531_485_296));
    assert_eq!(s(&file["credentials"], "access_key"), "AKIDEXAMPLE");
    let (cbor, json) = (cases(&file, "rpcv2Cbor"), cases(&file, "awsJson1.1"));
    assert_eq!(cbor.len(), 12);
    let pairs = |cases: &Vec<Value>| -> Vec<(String, String)> {
        cases.iter().map(|c| (s(c, "name").to_owned(), s(c, "operation").to_owned())).collect()
    };
    assert_eq!(pairs(cbor), pairs(json), "the same cases in both protocols");
    let unique: BTreeSet<&str> = cbor.iter().map(|c| s(c, "name")).collect();
    assert_eq!(unique.len(), cbor.len(), "case names are unique");
    let ops: BTreeSet<&str> = cbor.iter().map(|c| s(c, "operation")).collect();
    assert_eq!(ops, appstream::operation::NAMES.iter().copied().collect::<BTreeSet<_>>(), "every operation");
    for (label, _) in PROTOCOLS {
        for case in cases(&file, label) {
            // The SDK sent exactly the input: the fixture's input and the
            // document of its body agree, so our client is given the same.
            assert!(same_document(&case["input"], &case["document"]), "{label} {}: input and body", s(case, "name"));
            assert_eq!(
                sdk_header(case, "amz-sdk-invocation-id"),
                file["placeholders"]["amz-sdk-invocation-id"].as_str(),
                "{label} {}: the placeholder invocation id",
                s(case, "name")
            );
        }
    }
}

#[tokio::test]
async fn requests_match_the_sdk() {
    let file = load();
    for (label, protocol) in PROTOCOLS {
        for case in cases(&file, label) {
            let name = format!("{label} {}", s(case, "name"));
            let ours = our_request(&file, protocol, case).await;

            assert_eq!(ours.method().as_str(), s(case, "method"), "{name}: method");
            assert_eq!(ours.uri().to_string(), s(case, "url"), "{name}: URL");
            assert_eq!(ours.uri().path(), s(case, "path"), "{name}: path");

            let document = our_document(protocol, ours.body());
            assert!(
                same_document(&document, &case["document"]),
                "{name}: body\nours {document}\nSDK  {}",
                case["document"]
            );

            // The bytes. awsJson1.1: the same. rpcv2Cbor: the SDK writes every
            // map and array with an indefinite length (`bf`/`9f` … `ff`), we
            // write definite lengths (as botocore does); CBOR allows both and
            // the rpcv2Cbor specification does not choose. Written again with
            // definite lengths, the SDK's body is ours byte for byte (the same
            // member order, the same integer widths), so its Content-Length
            // is ours plus the break bytes.
            let sdk_body = base64_decode(s(case, "body_base64"));
            match protocol {
                Protocol::RpcV2Cbor => {
                    assert_eq!(sdk_body.first(), Some(&0xbf), "{name}: the SDK's indefinite-length map");
                    assert!(matches!(ours.body().first(), Some(0xa0..=0xb7)), "{name}: our definite-length map");
                    let definite =
                        smithy_rt::cbor::value_from_slice(&sdk_body).expect("the SDK's body is CBOR").to_vec().unwrap();
                    assert_eq!(hex(ours.body()), hex(&definite), "{name}: body bytes, lengths aside");
                    let breaks = sdk_body.len() - ours.body().len();
                    assert_eq!(breaks, containers(&case["document"]), "{name}: one break byte per map and array");
                }
                _ => assert_eq!(
                    String::from_utf8_lossy(ours.body()),
                    String::from_utf8_lossy(&sdk_body),
                    "{name}: body bytes"
                ),
            }
            for h in PROTOCOL_HEADERS {
                if h == "content-length" {
                    assert_eq!(header(&ours, h), Some(ours.body().len().to_string().as_str()), "{name}: our {h}");
                    assert_eq!(sdk_header(case, h), Some(sdk_body.len().to_string().as_str()), "{name}: the SDK's {h}");
                    if protocol == Protocol::RpcV2Cbor {
                        continue;
                    }
                }
                assert_eq!(header(&ours, h), sdk_header(case, h), "{name}: {h}");
            }
            assert_eq!(header(&ours, "x-amz-date"), sdk_header(case, "x-amz-date"), "{name}: x-amz-date");
            assert_eq!(
                header(&ours, "amz-sdk-request"),
                sdk_header(case, "amz-sdk-request"),
                "{name}: amz-sdk-request"
            );
            assert_eq!(header(&ours, "host"), Some("appstream2.us-east-1.amazonaws.com"), "{name}: host");

            // The same header names, but for the ones listed.
            let our_names: BTreeSet<String> = ours.headers().keys().map(|k| k.as_str().to_owned()).collect();
            let sdk_names = sdk_header_names(case);
            assert_eq!(
                our_names.difference(&sdk_names).cloned().collect::<BTreeSet<_>>(),
                names(&ONLY_OURS),
                "{name}: headers only we send"
            );
            assert_eq!(sdk_names.difference(&our_names).count(), 0, "{name}: headers only the SDK sends");

            // SigV4: the same credential scope; the signed headers differ by
            // exactly the list above.
            let our_auth = support::Authorization::parse(header(&ours, "authorization").unwrap()).unwrap();
            let sdk_auth = support::Authorization::parse(sdk_header(case, "authorization").unwrap()).unwrap();
            assert_eq!(
                (&our_auth.access_key, &our_auth.scope),
                (&sdk_auth.access_key, &sdk_auth.scope),
                "{name}: scope"
            );
            let sdk_signed_list: BTreeSet<String> = sdk_auth.signed_headers.iter().cloned().collect();
            assert_eq!(sdk_signed_list, sdk_signed(protocol), "{name}: the SDK's signed headers");
            let case_list: Vec<String> = serde_json::from_value(case["signed_headers"].clone()).unwrap();
            assert_eq!(case_list, sdk_auth.signed_headers, "{name}: signed_headers is the Authorization's list");
            // The same list: `User-Agent`, `amz-sdk-invocation-id` and
            // `amz-sdk-request` go on after signing in both clients.
            let our_signed: BTreeSet<String> = our_auth.signed_headers.iter().cloned().collect();
            assert_eq!(our_signed, sdk_signed(protocol), "{name}: our signed headers");
            let mut sorted = our_auth.signed_headers.clone();
            sorted.sort();
            assert_eq!(our_auth.signed_headers, sorted, "{name}: SignedHeaders in order");
        }
    }
}
