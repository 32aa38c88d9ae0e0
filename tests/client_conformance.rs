//! The generated client against botocore, an implementation nobody on this
//! team wrote: `fixtures/botocore/{requests,responses,errors}.json` record
//! what botocore 1.44.8 sends, signs and parses for the AppStream model in
//! awsJson1.1, and `cbor_{requests,responses,errors}.json` the same for
//! rpcv2Cbor (see `fixtures/botocore/README.md`). This target's client
//! speaks rpcv2Cbor and is compared with the `cbor_` files;
//! `client_conformance_json`'s speaks awsJson1.1 and is compared with the
//! others (`support::protocol`).
//!
//! No sockets: the client's transport is a `ReplayTransport`, its clock is
//! fixed at the fixtures' signing instant.
//!
//! Where we and botocore differ, the test pins our behaviour and says which
//! side the specification supports: for awsJson1.1 Smithy's
//! `aws-json.rst.template` and its normative protocol tests
//! (`smithy-aws-protocol-tests/model/awsJson1_1`), for rpcv2Cbor Smithy's
//! `rpcv2-cbor` protocol page and its tests (`smithy-protocol-tests/model/rpcv2Cbor`).

mod support;

use appstream::config::Credentials;
use appstream::error::ServiceError;
use appstream::primitives::ValidationMode;
use serde_json::Value;
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::test_util::ReplayTransport;
use smithy_rt::client::{http, sign_request, FixedTime, HttpResponse, SdkError};
use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------
// Fixtures

/// The fixture file `kind` (`requests`, `responses`, `errors`) of this
/// binary's protocol: `cbor_<kind>.json` for rpcv2Cbor, `<kind>.json` for awsJson1.1.
fn fixtures(kind: &str) -> Value {
    load(&if support::is_cbor() { format!("cbor_{kind}.json") } else { format!("{kind}.json") })
}

fn load(name: &str) -> Value {
    let path = appstream_tests::fixture(&format!("botocore/{name}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn cases(file: &Value) -> &Vec<Value> {
    file["cases"].as_array().expect("a `cases` array")
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// A case's body bytes: `body` (text) in the awsJson files, `body_base64`
/// in the rpcv2Cbor ones.
fn body_bytes(case: &Value) -> Vec<u8> {
    use base64::Engine as _;
    match case["body_base64"].as_str() {
        Some(b64) => base64::engine::general_purpose::STANDARD.decode(b64).expect("base64"),
        None => s(case, "body").as_bytes().to_vec(),
    }
}

/// botocore's body `document` (cbor_*.json's convention) as our side's
/// document ([`support::cbor_to_json`]): each `{"$tag": 1, "value": n}`
/// replaced by `n`. Other tags and `$`-forms do not occur in request bodies.
fn botocore_document(v: &Value) -> Value {
    match v {
        Value::Object(map) if map.len() == 2 && map.get("$tag") == Some(&Value::from(1)) => {
            botocore_document(&map["value"])
        }
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), botocore_document(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(botocore_document).collect()),
        other => other.clone(),
    }
}

/// The fixtures' signing instant as a `SystemTime`.
fn instant(file: &Value) -> SystemTime {
    let ts: smithy_rt::Timestamp = s(file, "signing_instant").parse().expect("an RFC 3339 instant");
    UNIX_EPOCH + Duration::from_secs(ts.as_seconds() as u64)
}

/// The credential set a case names (`basic` or `session`).
fn credentials(file: &Value, case: &Value) -> Credentials {
    let set = &file["credentials"][s(case, "credentials")];
    Credentials::new(s(set, "access_key"), s(set, "secret_key"), set["token"].as_str().map(str::to_owned), None)
}

/// A client whose transport answers every request with `respond()`; one
/// attempt, so that error cases are seen once.
fn replay_client(
    transport: &ReplayTransport,
    creds: Credentials,
    at: SystemTime,
    validation: ValidationMode,
) -> appstream::Client {
    appstream::Client::new(
        support::config()
            .region("us-east-1")
            .credentials(creds)
            .time_source(FixedTime(at))
            .http_transport(transport.clone())
            .max_attempts(1)
            .validation(validation)
            .build(),
    )
}

/// A response with the fixture's status, headers and body.
fn fixture_response(case: &Value) -> HttpResponse {
    let mut response = http::Response::builder().status(case["status_code"].as_u64().expect("a status") as u16);
    for (name, value) in case["headers"].as_object().expect("headers") {
        response = response.header(name.as_str(), value.as_str().expect("a header value"));
    }
    response.body(Bytes::from(body_bytes(case))).expect("a valid response")
}

fn always(response: HttpResponse) -> ReplayTransport {
    ReplayTransport::from_fn(move |_| {
        let mut copy = http::Response::new(response.body().clone());
        *copy.status_mut() = response.status();
        *copy.headers_mut() = response.headers().clone();
        Ok(copy)
    })
}

/// Runs `$body` with `$input` and `$error` naming the input and error types
/// of the operation called `$name`.
macro_rules! with_operation {
    ($name:expr, $input:ident, $error:ident, $body:block) => {
        match $name {
            "CreateFleet" => {
                type $input = appstream::operation::create_fleet::CreateFleetInput;
                type $error = appstream::operation::create_fleet::CreateFleetError;
                $body
            }
            "CreateImageBuilder" => {
                type $input = appstream::operation::create_image_builder::CreateImageBuilderInput;
                type $error = appstream::operation::create_image_builder::CreateImageBuilderError;
                $body
            }
            "DeleteImage" => {
                type $input = appstream::operation::delete_image::DeleteImageInput;
                type $error = appstream::operation::delete_image::DeleteImageError;
                $body
            }
            "DeleteImagePermissions" => {
                type $input = appstream::operation::delete_image_permissions::DeleteImagePermissionsInput;
                type $error = appstream::operation::delete_image_permissions::DeleteImagePermissionsError;
                $body
            }
            "DescribeFleets" => {
                type $input = appstream::operation::describe_fleets::DescribeFleetsInput;
                type $error = appstream::operation::describe_fleets::DescribeFleetsError;
                $body
            }
            "DescribeImagePermissions" => {
                type $input = appstream::operation::describe_image_permissions::DescribeImagePermissionsInput;
                type $error = appstream::operation::describe_image_permissions::DescribeImagePermissionsError;
                $body
            }
            "DescribeImages" => {
                type $input = appstream::operation::describe_images::DescribeImagesInput;
                type $error = appstream::operation::describe_images::DescribeImagesError;
                $body
            }
            "UpdateFleet" => {
                type $input = appstream::operation::update_fleet::UpdateFleetInput;
                type $error = appstream::operation::update_fleet::UpdateFleetError;
                $body
            }
            "UpdateImagePermissions" => {
                type $input = appstream::operation::update_image_permissions::UpdateImagePermissionsInput;
                type $error = appstream::operation::update_image_permissions::UpdateImagePermissionsError;
                $body
            }
            other => panic!("no operation {other:?} in the model"),
        }
    };
}

#[test]
fn fixtures_are_the_ones_described() {
    let requests = fixtures("requests");
    assert_eq!(cases(&requests).len(), 37);
    assert_eq!(cases(&requests).iter().filter(|c| c["credentials"] == "session").count(), 18);
    let (responses, errors) = if support::is_cbor() { (38, 22) } else { (13, 14) };
    assert_eq!(cases(&fixtures("responses")).len(), responses);
    assert_eq!(cases(&fixtures("errors")).len(), errors);
    if support::is_cbor() {
        // The same 37 requests as the awsJson file, and its 13 responses among the 38.
        let names = |file: &Value| cases(file).iter().map(|c| s(c, "name").to_owned()).collect::<BTreeSet<_>>();
        assert_eq!(names(&requests), names(&load("requests.json")));
        assert!(names(&load("responses.json")).is_subset(&names(&fixtures("responses"))));
        assert_eq!(s(&requests, "path_service_name_field"), "targetPrefix");
        for case in cases(&requests) {
            assert_eq!(case["document"], case["params"], "{}: document is params", s(case, "name"));
        }
    }
    assert_eq!(s(&requests, "region"), "us-east-1");
    assert_eq!(s(&requests, "signing_name"), appstream::SIGNING_NAME);
    assert_eq!(instant(&requests), UNIX_EPOCH + Duration::from_secs(1_531_485_296));
    let ops: BTreeSet<&str> = cases(&requests).iter().map(|c| s(c, "operation")).collect();
    assert_eq!(ops, appstream::operation::NAMES.iter().copied().collect::<BTreeSet<_>>());
}

// ---------------------------------------------------------------------------
// 1. Requests

/// `name`'s value among botocore's `[name, value]` header pairs.
fn botocore_header<'a>(case: &'a Value, name: &str) -> Option<&'a str> {
    case["headers"].as_array().expect("headers").iter().find_map(|pair| {
        (pair[0].as_str()?.eq_ignore_ascii_case(name)).then(|| pair[1].as_str().expect("a header value"))
    })
}

fn header<'a>(request: &'a http::Request<Bytes>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().expect("an ASCII header"))
}

/// Sends the case's input through a replaying client and returns the request
/// the transport received.
async fn our_request(file: &Value, case: &Value) -> http::Request<Bytes> {
    let transport = always(support::response(200, "{}"));
    let client = replay_client(&transport, credentials(file, case), instant(file), ValidationMode::Standard);
    let params = case["params"].clone();
    with_operation!(s(case, "operation"), Input, Error, {
        let input: Input = serde_json::from_value(params.clone()).unwrap_or_else(|e| {
            panic!("{}: params do not fit {}: {e}", s(case, "name"), std::any::type_name::<Input>())
        });
        let result: Result<_, SdkError<Error>> = client.invoke(&input).await;
        result.unwrap_or_else(|e| panic!("{}: the call failed: {e:?}", s(case, "name")));
    });
    assert_eq!(transport.request_count(), 1, "{}", s(case, "name"));
    transport.last_request().unwrap()
}

/// The headers of ours that botocore's fixtures leave out because they
/// depend on the client and the call (README: "Headers left out"), and
/// `host`, which botocore leaves to urllib3.
const CLIENT_HEADERS: &[&str] = &["user-agent", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "host"];

#[tokio::test]
async fn requests_match_botocore_on_the_wire() {
    let file = fixtures("requests");
    for case in cases(&file) {
        let name = s(case, "name");
        let ours = our_request(&file, case).await;

        assert_eq!(ours.method().as_str(), s(case, "method"), "{name}: method");
        assert_eq!(ours.uri().to_string(), s(case, "url"), "{name}: URL");
        let path = if support::is_cbor() { s(case, "path") } else { "/" };
        assert_eq!(ours.uri().path(), path, "{name}: path");
        assert_eq!(header(&ours, "host"), Some("appstream2.us-east-1.amazonaws.com"), "{name}: Host");
        for h in ["X-Amz-Target", "smithy-protocol", "Accept", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token"] {
            assert_eq!(header(&ours, h), botocore_header(case, h), "{name}: {h}");
        }
        if support::is_cbor() {
            // Every header botocore sends, and no other but the client's own.
            let theirs: BTreeSet<String> = case["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[0].as_str().unwrap().to_ascii_lowercase())
                .collect();
            let mine: BTreeSet<String> = ours
                .headers()
                .keys()
                .map(|k| k.as_str().to_owned())
                .filter(|k| !CLIENT_HEADERS.contains(&k.as_str()))
                .collect();
            assert_eq!(mine, theirs, "{name}: header names");
        }

        if support::is_cbor() {
            // Bodies: the same document (numbers by value, timestamps untagged).
            let theirs = botocore_document(&case["document"]);
            let our_body = support::cbor_to_json(ours.body());
            let mut diffs = Vec::new();
            differences("$", &our_body, &theirs, &mut diffs);
            assert!(diffs.is_empty(), "{name}: body differs from botocore's:\n  {}", diffs.join("\n  "));
        } else {
            // Bodies: the same JSON value (botocore writes `", "` and `": "` and
            // escapes non-ASCII; we write compact UTF-8).
            let theirs: Value = serde_json::from_str(s(case, "body")).expect("botocore's body is JSON");
            let our_body: Value =
                serde_json::from_slice(ours.body()).unwrap_or_else(|e| panic!("{name}: our body is not JSON: {e}"));
            assert_eq!(our_body, theirs, "{name}: body");
        }
        assert_eq!(
            header(&ours, "content-length"),
            Some(ours.body().len().to_string().as_str()),
            "{name}: Content-Length"
        );

        // Our signature covers other headers than botocore's fixture (we
        // sign x-amz-user-agent and content-length, as aws-sdk-appstream does;
        // botocore signs amz-sdk-*), so only the scope is compared here;
        // the signature itself is compared in `signatures_match_botocore_byte_for_byte`.
        let our_auth = support::Authorization::parse(header(&ours, "authorization").unwrap()).unwrap();
        let their_auth = support::Authorization::parse(botocore_header(case, "authorization").unwrap()).unwrap();
        assert_eq!(
            (&our_auth.access_key, &our_auth.scope),
            (&their_auth.access_key, &their_auth.scope),
            "{name}: credential"
        );
        for signed in &their_auth.signed_headers {
            assert!(our_auth.signed_headers.contains(signed), "{name}: we do not sign {signed}");
        }
        assert!(!our_auth.signed_headers.iter().any(|h| h == "user-agent"), "{name}: User-Agent must not be signed");
    }
}

/// botocore's body (Python's `json.dumps` defaults) in serde_json's
/// compact form: whitespace between tokens dropped, `\uXXXX` escapes of
/// non-ASCII characters (surrogate pairs included) decoded; other escapes
/// are written the same way by both.
fn compact_python_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    let hex4 = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| -> u32 {
        let digits: String = chars.by_ref().take(4).collect();
        u32::from_str_radix(&digits, 16).expect("four hex digits")
    };
    while let Some(c) = chars.next() {
        if !in_string {
            if !c.is_whitespace() {
                out.push(c);
            }
            in_string = c == '"';
            continue;
        }
        match c {
            '"' => {
                out.push(c);
                in_string = false;
            }
            '\\' => match chars.next().expect("an escape") {
                'u' => {
                    let unit = hex4(&mut chars);
                    if unit < 0x80 {
                        out.push_str(&format!("\\u{unit:04x}"));
                    } else if (0xD800..0xDC00).contains(&unit) {
                        assert_eq!((chars.next(), chars.next()), (Some('\\'), Some('u')), "a low surrogate follows");
                        let low = hex4(&mut chars);
                        out.push(
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)).expect("a scalar value"),
                        );
                    } else {
                        out.push(char::from_u32(unit).expect("a scalar value"));
                    }
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn compact_python_json_is_right() {
    assert_eq!(
        compact_python_json(r#"{"a": "Gr\u00f6\u00dfe \ud83d\ude00", "b": [1, 2], "c": "q\"\\\n\u001f"}"#),
        "{\"a\":\"Größe 😀\",\"b\":[1,2],\"c\":\"q\\\"\\\\\\n\\u001f\"}"
    );
}

/// Beyond equal documents: our body is botocore's byte for byte, once
/// botocore's cosmetic JSON choices (spaces, `\u` escapes) are undone, so
/// members come in the same (model) order and strings are escaped the same
/// way. In CBOR there is nothing to undo: both write definite lengths and
/// the shortest integers (README, "The CBOR encodings botocore picks"), and
/// these inputs have no floats or timestamps, whose widths could differ.
#[tokio::test]
async fn request_bodies_match_botocore_byte_for_byte_modulo_whitespace_and_ascii_escaping() {
    let file = fixtures("requests");
    for case in cases(&file) {
        let ours = our_request(&file, case).await;
        if support::is_cbor() {
            assert_eq!(support::hex(ours.body()), support::hex(&body_bytes(case)), "{}", s(case, "name"));
        } else {
            let ours = std::str::from_utf8(ours.body()).expect("UTF-8");
            assert_eq!(ours, compact_python_json(s(case, "body")), "{}", s(case, "name"));
        }
    }
}

// ---------------------------------------------------------------------------
// 2. Signatures

/// botocore's exact request (method, URL, the headers it signed, its body
/// bytes), without `X-Amz-Date`, `X-Amz-Security-Token` and `Authorization`,
/// which the signer adds.
fn botocore_unsigned_request(case: &Value) -> http::Request<Bytes> {
    let url: http::Uri = s(case, "url").parse().expect("a URL");
    let mut request = http::Request::builder().method(s(case, "method")).uri(url.clone());
    let signed: Vec<&str> = case["signed_headers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for pair in case["headers"].as_array().unwrap() {
        let name = pair[0].as_str().unwrap().to_ascii_lowercase();
        if signed.contains(&name.as_str()) && !matches!(name.as_str(), "x-amz-date" | "x-amz-security-token") {
            request = request.header(name, pair[1].as_str().unwrap());
        }
    }
    // botocore signs `host` from the URL; urllib3 sends it.
    assert!(signed.contains(&"host"));
    request = request.header("host", url.authority().unwrap().as_str());
    request.body(Bytes::from(body_bytes(case))).unwrap()
}

#[test]
fn signatures_match_botocore_byte_for_byte() {
    let file = fixtures("requests");
    let (mut basic, mut session) = (0, 0);
    for case in cases(&file) {
        let name = s(case, "name");
        let creds = credentials(&file, case);
        let mut request = botocore_unsigned_request(case);
        sign_request(&mut request, &creds, s(&file, "region"), s(&file, "signing_name"), instant(&file))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(header(&request, "authorization"), botocore_header(case, "Authorization"), "{name}: Authorization");
        assert_eq!(header(&request, "x-amz-date"), botocore_header(case, "X-Amz-Date"), "{name}: X-Amz-Date");
        assert_eq!(
            header(&request, "x-amz-security-token"),
            botocore_header(case, "X-Amz-Security-Token"),
            "{name}: token"
        );
        let mut names: Vec<&str> = request.headers().keys().map(|k| k.as_str()).collect();
        names.sort();
        let mut expected = if support::is_cbor() {
            vec!["accept", "authorization", "content-type", "host", "smithy-protocol", "x-amz-date"]
        } else {
            vec!["authorization", "content-type", "host", "x-amz-date", "x-amz-target"]
        };
        if creds.session_token().is_some() {
            expected.push("x-amz-security-token");
            session += 1;
        } else {
            basic += 1;
        }
        expected.sort();
        assert_eq!(names, expected, "{name}: the signer added or dropped headers");
    }
    assert_eq!((basic, session), (19, 18));
}

/// The e2e loopback server's verifier (tests/support) accepts botocore's
/// signed requests as they are, and rejects them when one byte changes: so
/// its "signature OK" means what a service's would.
#[test]
fn the_loopback_verifier_agrees_with_botocore() {
    let file = fixtures("requests");
    for case in cases(&file) {
        let name = s(case, "name");
        let creds = credentials(&file, case);
        let verifier = support::Verifier {
            principals: vec![support::Principal::new(
                creds.access_key_id(),
                creds.secret_access_key(),
                creds.session_token(),
            )],
            region: s(&file, "region").into(),
            service: s(&file, "signing_name").into(),
            amz_date: botocore_header(case, "X-Amz-Date").unwrap().into(),
        };
        let mut request = botocore_unsigned_request(case);
        for pair in case["headers"].as_array().unwrap() {
            let n = pair[0].as_str().unwrap().to_ascii_lowercase();
            if matches!(n.as_str(), "x-amz-date" | "x-amz-security-token" | "authorization" | "content-length") {
                request.headers_mut().insert(
                    http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                    pair[1].as_str().unwrap().parse().unwrap(),
                );
            }
        }
        let (parts, body) = request.into_parts();
        assert_eq!(verifier.verify(&parts, &body), Ok("AKIDEXAMPLE".to_owned()), "{name}");
        let mut tampered = body.to_vec();
        tampered.push(if support::is_cbor() { 0xf6 } else { b' ' });
        assert!(verifier.verify(&parts, &tampered).unwrap_err().starts_with("signature mismatch"), "{name}");
        // And botocore's own intermediate values, recomputed from its string to sign.
        let sts = s(case, "string_to_sign");
        assert_eq!(
            sts.lines().nth(3),
            Some(support::sha256_hex(s(case, "canonical_request").as_bytes()).as_str()),
            "{name}"
        );
        assert_eq!(
            support::signature(creds.secret_access_key(), "20180713", "us-east-1", "appstream", sts),
            s(case, "signature"),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// 3. Responses

/// botocore's `parsed` with each `{"$timestamp": {...}}` replaced by its epoch seconds.
fn untimestamp(v: &Value) -> Value {
    match v {
        Value::Object(map) => match map.get("$timestamp") {
            Some(ts) if map.len() == 1 => ts["epoch_seconds"].clone(),
            _ => Value::Object(map.iter().map(|(k, v)| (k.clone(), untimestamp(v))).collect()),
        },
        Value::Array(items) => Value::Array(items.iter().map(untimestamp).collect()),
        other => other.clone(),
    }
}

/// Member-by-member differences between our output (as JSON) and botocore's;
/// numbers compare by value (`1531484096` equals `1531484096.0`).
fn differences(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = format!("{path}.{k}");
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => differences(&p, x, y, out),
                    (Some(x), None) => out.push(format!("{p}: we have {x}, botocore has nothing")),
                    (None, Some(y)) => out.push(format!("{p}: botocore has {y}, we have nothing")),
                    (None, None) => unreachable!(),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: we have {a}, botocore has {b}")),
    }
}

#[test]
fn differences_are_found() {
    let mut out = Vec::new();
    differences(
        "$",
        &serde_json::json!({"a": 1, "b": [1, 2], "c": "x"}),
        &serde_json::json!({"a": 1.0, "b": [1, 3], "d": null}),
        &mut out,
    );
    assert_eq!(
        out,
        [
            "$.b[1]: we have 2, botocore has 3",
            "$.c: we have \"x\", botocore has nothing",
            "$.d: botocore has null, we have nothing"
        ]
    );
}

/// Our output for a response case, as JSON, or the client's error.
async fn our_output(case: &Value) -> Result<Value, String> {
    let transport = always(fixture_response(case));
    let creds = Credentials::new("AKIDEXAMPLE", support::SECRET, None, None);
    let client = replay_client(&transport, creds, support::fixed_instant(), ValidationMode::Off);
    with_operation!(s(case, "operation"), Input, Error, {
        let result: Result<_, SdkError<Error>> = client.invoke(&Input::default()).await;
        match result {
            Ok(output) => Ok(serde_json::to_value(&output).expect("outputs serialize")),
            Err(SdkError::Response(e)) => {
                let source = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default();
                Err(format!("Response(status {}, request id {:?}): {source}", e.status(), e.request_id()))
            }
            Err(e) => panic!("{}: unexpected error {e:?}", s(case, "name")),
        }
    })
}

/// Whether `v` is a zero value: `""`, `0`, `false`, or an object of zero
/// values.
fn is_zero(v: &Value) -> bool {
    match v {
        Value::String(t) => t.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Bool(b) => !b,
        Value::Object(members) => members.values().all(is_zero),
        _ => false,
    }
}

/// `ours` without the members that are zero values where botocore has no
/// member at all: Smithy's client error correction
/// (<https://smithy.io/2.0/spec/aggregate-types.html#client-error-correction>)
/// fills a required member the response left out with its zero value;
/// botocore leaves it out. Returns how many were dropped.
fn drop_error_correction(ours: &mut Value, theirs: &Value) -> usize {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let filled: Vec<String> =
                a.iter().filter(|(k, v)| !b.contains_key(*k) && is_zero(v)).map(|(k, _)| k.clone()).collect();
            let mut dropped = filled.len();
            for k in filled {
                a.remove(&k);
            }
            for (k, v) in a.iter_mut() {
                dropped += drop_error_correction(v, &b[k]);
            }
            dropped
        }
        (Value::Array(a), Value::Array(b)) => a.iter_mut().zip(b).map(|(x, y)| drop_error_correction(x, y)).sum(),
        _ => 0,
    }
}

/// `v` without the `null` elements of its lists.
fn drop_list_nulls(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), drop_list_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().filter(|v| !v.is_null()).map(drop_list_nulls).collect()),
        other => other.clone(),
    }
}

/// What our rpcv2Cbor client does with a `cbor_responses.json` case where
/// botocore raised or passed a value through that does not fit its member:
/// `Ok(output)` or `Err(the located error)`. Every other case must parse
/// to botocore's `parsed`.
fn cbor_output_where_we_differ(name: &str) -> Option<Result<Value, String>> {
    let rid = |n: u32| format!("Response(status 200, request id Some(\"100000{n:02}-6f1a-4c3e-9a5b-0123456789ab\")): ");
    Some(match name {
        // DIFFERENCE: botocore passes a text timestamp through as the
        // string; we reject it. The rpcv2Cbor specification says a
        // timestamp is tag 1 over the epoch seconds (an untagged number is
        // read too), not text.
        "describe_images_string_timestamps" => Err(rid(8)
            + "DescribeImagesOutput.Images[0].CreatedTime: invalid type: string \"2018-07-13T12:14:56.123Z\", \
               expected a timestamp in seconds since the epoch at byte 585"),
        // DIFFERENCE: botocore checks no ranges or types beyond structures
        // and lists, so 2^32 stays in the 32-bit `Integer`, a float in an
        // integer member, bytes in a string, an integer in a boolean, and a
        // text string becomes a list of its characters. We reject the
        // response at the first value that does not fit its shape, as the
        // specification types members by the model.
        "create_fleet_negative_and_large_integers" => Err(rid(18)
            + "CreateFleetOutput.Fleet.MaxUserDurationInSeconds: invalid value: integer `4294967296`, \
               expected i32 at byte 131"),
        "create_fleet_wrong_types_are_passed_through" => Err(rid(26)
            + "CreateFleetOutput.Fleet.ComputeCapacityStatus.Desired: invalid type: floating point `2.0`, \
               expected i32 at byte 56"),
        // Both refuse tag 1 over text: botocore raises, we say where.
        "describe_images_tagged_string_timestamp" => Err(rid(25)
            + "DescribeImagesOutput.Images[0].CreatedTime: invalid type: string \"2018-07-13T12:14:56.123Z\", \
               expected a timestamp in seconds since the epoch at byte 36"),
        // DIFFERENCE: botocore ignores bytes after the body's data item; a
        // body is one data item (RFC 8949), and we reject the rest.
        "describe_fleets_trailing_bytes_are_ignored" => {
            Err(rid(28) + "DescribeFleetsOutput: trailing bytes after the top-level item at byte 9")
        }
        // Both fail on a top-level null: botocore with an AttributeError.
        "describe_fleets_top_level_null" => {
            Err(rid(31)
                + "DescribeFleetsOutput: invalid type: unit value, expected struct DescribeFleetsOutput at byte 0")
        }
        // DIFFERENCE: botocore raises on any tag but 1, even in an unknown
        // member; we skip unknown members whatever they hold (the
        // specification: clients ignore members they do not know).
        "describe_fleets_unknown_member_with_unsupported_tag" | "describe_fleets_unknown_member_with_bignum_tag" => {
            Ok(serde_json::json!({"Fleets": [{"Name": "sales-fleet"}]}))
        }
        // DIFFERENCE: botocore raises on an empty body for an output with
        // members; we read it as the empty map, as for outputs without
        // members (where botocore does too).
        "describe_fleets_empty_body" => Ok(serde_json::json!({})),
        _ => return None,
    })
}

#[tokio::test]
async fn responses_parse_like_botocore() {
    let file = fixtures("responses");
    let (mut compared, mut differing, mut corrected) = (0, 0, 0);
    for case in cases(&file) {
        let name = s(case, "name");
        let mut ours = our_output(case).await;
        if let Ok(output) = &mut ours {
            corrected += drop_error_correction(output, &untimestamp(&case["parsed"]));
        }
        if support::is_cbor() {
            if let Some(expected) = cbor_output_where_we_differ(name) {
                if let (Ok(output), Ok(expected)) = (&mut ours, &expected) {
                    corrected += drop_error_correction(output, expected);
                }
                assert_eq!(ours, expected, "{name}");
                differing += 1;
                continue;
            }
            assert!(case["exception"].is_null(), "{name}: botocore raised, but the case is not listed as a difference");
        } else if name == "describe_images_string_timestamps" {
            // DIFFERENCE: botocore accepts a timestamp sent as a string
            // (ISO 8601 or a numeric string); we reject the response. The
            // awsJson1.1 specification says timestamps are JSON numbers
            // (epoch seconds) unless @timestampFormat says otherwise, and
            // AppStream sends numbers, so ours is the specified behaviour.
            assert_eq!(
                ours,
                Err("Response(status 200, request id Some(\"10000008-6f1a-4c3e-9a5b-0123456789ab\")): \
                     DescribeImagesOutput.Images[0].CreatedTime: invalid type: string \"2018-07-13T12:14:56.123Z\", \
                     expected a timestamp in seconds since the epoch at line 1 column 705"
                    .to_owned()),
                "{name}"
            );
            differing += 1;
            continue;
        }
        let mut theirs = untimestamp(&case["parsed"]);
        if name == "describe_fleets_nulls_and_undefined" {
            // DIFFERENCE: botocore keeps `null` elements of lists; we drop
            // them (see surface.rs, `one_null_never_loses_the_whole_response`):
            // these lists are not @sparse. Both drop `null` and `undefined`
            // members.
            assert_ne!(drop_list_nulls(&theirs), theirs);
            theirs = drop_list_nulls(&theirs);
        }
        let ours = ours.unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut diffs = Vec::new();
        differences("$", &ours, &theirs, &mut diffs);
        assert!(diffs.is_empty(), "{name}: our output differs from botocore's:\n  {}", diffs.join("\n  "));
        compared += 1;
    }
    if support::is_cbor() {
        assert_eq!((compared, differing), (29, 9));
        assert!(corrected > 0, "the CBOR cases leave required members out");
    } else {
        assert_eq!((compared, differing, corrected), (12, 1, 0));
    }
}

/// The typed view of what the JSON comparison above checks: unknown enum
/// values are kept, `null` members are `None`, the timestamp has its
/// milliseconds.
#[tokio::test]
async fn response_details_through_the_typed_api() {
    use appstream::types::{FleetState, FleetType};
    let file = fixtures("responses");
    let case = |name: &str| cases(&file).iter().find(|c| c["name"] == name).unwrap().clone();
    let transport = always(fixture_response(&case("create_fleet_full")));
    let client = replay_client(
        &transport,
        Credentials::new("AKIDEXAMPLE", support::SECRET, None, None),
        support::fixed_instant(),
        ValidationMode::Off,
    );
    let fleet =
        client.invoke(&appstream::operation::create_fleet::CreateFleetInput::default()).await.unwrap().fleet.unwrap();
    assert_eq!(fleet.state.as_str(), "HIBERNATING");
    assert!(matches!(fleet.state, FleetState::Unknown(_)));
    assert_eq!(fleet.fleet_type, Some(FleetType::AlwaysOn));
    assert_eq!(fleet.description, None);
    assert_eq!(fleet.created_time.unwrap().as_milliseconds(), 1_531_484_096_123);
    assert_eq!(fleet.compute_capacity_status.in_use, Some(3));

    let transport = always(fixture_response(&case("update_fleet_integer_timestamp_unknown_fleet_type")));
    let client = replay_client(
        &transport,
        Credentials::new("AKIDEXAMPLE", support::SECRET, None, None),
        support::fixed_instant(),
        ValidationMode::Off,
    );
    let fleet =
        client.invoke(&appstream::operation::update_fleet::UpdateFleetInput::default()).await.unwrap().fleet.unwrap();
    assert_eq!(fleet.fleet_type.as_ref().map(|t| t.as_str()), Some("ELASTIC"));
    assert_eq!(fleet.description.as_deref(), Some("Flotte für Größe 日本語 ✓"));
    assert_eq!(fleet.fleet_errors, Some(vec![]));
    assert_eq!(fleet.created_time.unwrap().as_seconds(), 1_531_484_096);
}

// ---------------------------------------------------------------------------
// 4. Errors

/// What our client made of an error response.
#[derive(Debug, PartialEq)]
struct OurError {
    status: Option<u16>,
    /// `SdkError::code()` / `message()` / `request_id()`.
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    /// The operation error's own `code()` and `message()`.
    op_code: Option<String>,
    op_message: Option<String>,
    /// The variant, by error name, or `Unhandled`.
    variant: String,
}

fn variant(e: &ServiceError) -> &'static str {
    match e {
        ServiceError::ConcurrentModificationException(_) => "ConcurrentModificationException",
        ServiceError::IncompatibleImageException(_) => "IncompatibleImageException",
        ServiceError::InvalidAccountStatusException(_) => "InvalidAccountStatusException",
        ServiceError::InvalidParameterCombinationException(_) => "InvalidParameterCombinationException",
        ServiceError::InvalidRoleException(_) => "InvalidRoleException",
        ServiceError::LimitExceededException(_) => "LimitExceededException",
        ServiceError::OperationNotPermittedException(_) => "OperationNotPermittedException",
        ServiceError::ResourceAlreadyExistsException(_) => "ResourceAlreadyExistsException",
        ServiceError::ResourceInUseException(_) => "ResourceInUseException",
        ServiceError::ResourceNotAvailableException(_) => "ResourceNotAvailableException",
        ServiceError::ResourceNotFoundException(_) => "ResourceNotFoundException",
        ServiceError::Unhandled(_) => "Unhandled",
        _ => "a variant this test does not know",
    }
}

async fn our_error(case: &Value) -> OurError {
    let transport = always(fixture_response(case));
    let creds = Credentials::new("AKIDEXAMPLE", support::SECRET, None, None);
    let client = replay_client(&transport, creds, support::fixed_instant(), ValidationMode::Off);
    let ours = with_operation!(s(case, "operation"), Input, Error, {
        let result: Result<_, SdkError<Error>> = client.invoke(&Input::default()).await;
        let err = result.err().unwrap_or_else(|| panic!("{}: the call succeeded", s(case, "name")));
        let (status, code, message, request_id) = (
            err.status(),
            err.code().map(str::to_owned),
            err.message().map(str::to_owned),
            err.request_id().map(str::to_owned),
        );
        let op = err.into_service_error().unwrap_or_else(|e| panic!("{}: not a service error: {e:?}", s(case, "name")));
        let (op_code, op_message) = (op.code().map(str::to_owned), op.message().map(str::to_owned));
        let all: ServiceError = op.into();
        OurError { status, code, message, request_id, op_code, op_message, variant: variant(&all).to_owned() }
    });
    assert_eq!(transport.request_count(), 1);
    ours
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// What we do where botocore does something else, in this binary's
/// protocol; every other case must agree with botocore on code, message,
/// request id and variant.
fn where_we_differ(name: &str) -> Option<OurError> {
    if support::is_cbor() {
        cbor_error_where_we_differ(name)
    } else {
        json_error_where_we_differ(name)
    }
}

/// [`where_we_differ`] for `cbor_errors.json`. The rpcv2Cbor specification
/// reads the code from `__type` only, and a response without
/// `smithy-protocol: rpc-v2-cbor` is not one of the protocol: our client
/// reads it from its status alone (no code, message or request id).
fn cbor_error_where_we_differ(name: &str) -> Option<OurError> {
    let e = |status, code: Option<&str>, message: Option<&str>, request_id: Option<&str>, variant: &str| OurError {
        status: Some(status),
        code: code.map(Into::into),
        message: message.map(Into::into),
        request_id: request_id.map(Into::into),
        op_code: code.map(Into::into),
        op_message: message.map(Into::into),
        variant: String::from(variant),
    };
    let rid = |n: u32| format!("e00000{n:02}-6f1a-4c3e-9a5b-0123456789ab");
    Some(match name {
        // No `__type`: botocore reports the status ("400") as the code; we
        // report none, as none was sent. Both ignore `X-Amzn-ErrorType` and
        // a `code` field, as the specification says to. With no message,
        // botocore reports "" and we report none.
        "header_error_type_empty_map_body" => e(400, None, None, Some(&rid(7)), "Unhandled"),
        "code_field_only" => e(400, None, Some("Names and Arns are mutually exclusive."), Some(&rid(9)), "Unhandled"),
        "no_message" => {
            e(400, Some("ResourceNotAvailableException"), None, Some(&rid(12)), "ResourceNotAvailableException")
        }
        // botocore honours `x-amzn-query-error` although AppStream is not
        // @awsQueryCompatible (README: a deviation); the specification
        // applies that header only to such services, so we take `__type`,
        // DescribeFleets' modelled error.
        "query_error_header" => e(
            400,
            Some("ResourceNotFoundException"),
            Some("Fleet sales-fleet does not exist."),
            Some(&rid(16)),
            "ResourceNotFoundException",
        ),
        // botocore crashes on these bodies (AttributeError, "End of
        // stream"). The text and JSON bodies come without `smithy-protocol`,
        // so we read them from the status alone; the empty 400 has the
        // header, and is an error without a code.
        "non_cbor_body" | "json_body" => e(400, None, None, None, "Unhandled"),
        "empty_body_400" => e(400, None, None, Some(&rid(20)), "Unhandled"),
        // 5xx with an HTML or empty body: botocore reports the status as
        // the code and the reason phrase as the message, and no request
        // id. We report no code or message (none was sent); the HTML one
        // has no `smithy-protocol` (status alone, so no request id either),
        // the empty one has it and keeps its request id.
        "html_503" => e(503, None, None, None, "Unhandled"),
        "empty_500" => e(500, None, None, Some(&rid(22)), "Unhandled"),
        _ => return None,
    })
}

/// [`where_we_differ`] for `errors.json`.
fn json_error_where_we_differ(name: &str) -> Option<OurError> {
    let e = |status, code: Option<&str>, message: Option<&str>, request_id: &str, variant: &str| OurError {
        status: Some(status),
        code: code.map(Into::into),
        message: message.map(Into::into),
        request_id: Some(request_id.into()),
        op_code: code.map(Into::into),
        op_message: message.map(Into::into),
        variant: String::from(variant),
    };
    Some(match name {
        // botocore ignores `X-Amzn-ErrorType` and, with no `__type` in the
        // body, reports the status ("400") as the code and matches no
        // modelled error. The awsJson1.1 specification lists that header
        // as one of the three places the error type may be sent, and its
        // normative protocol tests (AwsJson11FooErrorUsingXAmznErrorType*,
        // AwsJson11FooErrorUsingCode: "Client implementations must first
        // check for the X-Amzn-Errortype and then check for a top-level
        // 'code' property") expect clients to read it: ours does. With no
        // message in the body, botocore reports "" and we report none.
        "header_error_type_empty_object_body" => e(
            400,
            Some("ResourceInUseException"),
            None,
            "e0000005-6f1a-4c3e-9a5b-0123456789ab",
            "ResourceInUseException",
        ),
        "header_error_type_empty_body" => e(
            400,
            Some("ResourceInUseException"),
            None,
            "e0000006-6f1a-4c3e-9a5b-0123456789ab",
            "ResourceInUseException",
        ),
        // Header and body disagree: botocore takes `__type` (it ignores the
        // header); we take the header, as the protocol tests above say to
        // check it first. The message still comes from the body.
        "header_and_body_disagree" => e(
            400,
            Some("ResourceNotAvailableException"),
            Some("Image MyImage not found."),
            "e0000007-6f1a-4c3e-9a5b-0123456789ab",
            "ResourceNotAvailableException",
        ),
        // botocore ignores a body `code` field ("400", unmodelled); the
        // specification allows `code` (AwsJson11FooErrorUsingCode), and we
        // read it, so this is DescribeImages' modelled error.
        "code_field_only" => e(
            400,
            Some("InvalidParameterCombinationException"),
            Some("Names and Arns are mutually exclusive."),
            "e0000008-6f1a-4c3e-9a5b-0123456789ab",
            "InvalidParameterCombinationException",
        ),
        // A body that is not JSON: botocore makes the whole body the
        // message and "400" the code; we report no code and no message
        // (the raw body stays available on the Unhandled error). The
        // specification says nothing about non-JSON error bodies.
        "non_json_body" => e(400, None, None, "e0000012-6f1a-4c3e-9a5b-0123456789ab", "Unhandled"),
        // 5xx with an HTML or empty body: botocore reports the status as
        // the code, the reason phrase as the message, and drops the
        // request id although `x-amzn-RequestId` is present. We report no
        // code or message (none was sent) and keep the request id, which
        // is what AWS support asks for.
        "html_503" => e(503, None, None, "e0000013-6f1a-4c3e-9a5b-0123456789ab", "Unhandled"),
        "empty_500" => e(500, None, None, "e0000014-6f1a-4c3e-9a5b-0123456789ab", "Unhandled"),
        _ => return None,
    })
}

/// The errors each operation models (from the generated enums' docs).
fn models(operation: &str, error: &str) -> bool {
    const CREATE: &[&str] = &[
        "ResourceAlreadyExistsException",
        "ResourceNotAvailableException",
        "ResourceNotFoundException",
        "LimitExceededException",
        "InvalidAccountStatusException",
        "InvalidRoleException",
        "ConcurrentModificationException",
        "InvalidParameterCombinationException",
        "IncompatibleImageException",
        "OperationNotPermittedException",
    ];
    let declared: &[&str] = match operation {
        "CreateFleet" | "CreateImageBuilder" => CREATE,
        "UpdateFleet" => &[
            "ResourceInUseException",
            "LimitExceededException",
            "InvalidAccountStatusException",
            "InvalidRoleException",
            "ResourceNotFoundException",
            "ResourceNotAvailableException",
            "InvalidParameterCombinationException",
            "ConcurrentModificationException",
            "IncompatibleImageException",
            "OperationNotPermittedException",
        ],
        "DescribeFleets" | "DescribeImagePermissions" => &["ResourceNotFoundException"],
        "DescribeImages" => &["InvalidParameterCombinationException", "ResourceNotFoundException"],
        "DeleteImage" => &[
            "ResourceInUseException",
            "ResourceNotFoundException",
            "OperationNotPermittedException",
            "ConcurrentModificationException",
        ],
        "DeleteImagePermissions" => &["ResourceNotAvailableException", "ResourceNotFoundException"],
        "UpdateImagePermissions" => {
            &["ResourceNotFoundException", "ResourceNotAvailableException", "LimitExceededException"]
        }
        other => panic!("no operation {other:?}"),
    };
    declared.contains(&error)
}

#[tokio::test]
async fn errors_match_botocore_or_the_specification() {
    let file = fixtures("errors");
    let (mut agreeing, mut differing) = (Vec::new(), Vec::new());
    for case in cases(&file) {
        let name = s(case, "name");
        if name == "both_message_keys" {
            continue; // see `a_body_with_message_and_message_is_still_the_modelled_error`
        }
        let ours = our_error(case).await;
        let expected = match where_we_differ(name) {
            Some(expected) => {
                differing.push(name);
                expected
            }
            None => {
                agreeing.push(name);
                let code = s(case, "error_code");
                assert!(
                    code.parse::<u16>().is_err(),
                    "{name}: botocore found no code but the case is not listed as a difference"
                );
                let modelled = case["modeled_error_shape"].as_str();
                assert!(modelled.is_none() || modelled == Some(code), "{name}");
                OurError {
                    status: Some(case["status_code"].as_u64().unwrap() as u16),
                    code: Some(code.to_owned()),
                    message: opt(&case["error_message"]),
                    request_id: opt(&case["request_id"]),
                    op_code: Some(code.to_owned()),
                    op_message: opt(&case["error_message"]),
                    variant: if models(s(case, "operation"), code) {
                        modelled.expect("botocore knows the shape")
                    } else {
                        "Unhandled"
                    }
                    .to_owned(),
                }
            }
        };
        assert_eq!(ours, expected, "{name}");
    }
    let expected = if support::is_cbor() { (12, 9) } else { (6, 7) };
    assert_eq!((agreeing.len(), differing.len()), expected, "{agreeing:?} {differing:?}");
}

/// A modelled error's own `Message` member, as botocore merges it in
/// (`parsed.Message`), where the body spells it `Message`.
#[tokio::test]
async fn modelled_error_members_match_botocore() {
    let file = fixtures("errors");
    for name in [
        "type_namespaced_capital_message",
        "type_namespaced_and_colon_suffix",
        "type_plain_lowercase_message",
        "type_with_colon_suffix",
    ] {
        let case = cases(&file).iter().find(|c| c["name"] == name).unwrap();
        let transport = always(fixture_response(case));
        let client = replay_client(
            &transport,
            Credentials::new("AKIDEXAMPLE", support::SECRET, None, None),
            support::fixed_instant(),
            ValidationMode::Off,
        );
        let message = with_operation!(s(case, "operation"), Input, Error, {
            let result: Result<_, SdkError<Error>> = client.invoke(&Input::default()).await;
            let all: ServiceError = result.err().unwrap().into_service_error().unwrap().into();
            match all {
                ServiceError::LimitExceededException(e) => e.message().map(str::to_owned),
                ServiceError::InvalidRoleException(e) => e.message().map(str::to_owned),
                ServiceError::ResourceNotFoundException(e) => e.message().map(str::to_owned),
                ServiceError::ConcurrentModificationException(e) => e.message().map(str::to_owned),
                other => panic!("{name}: {other:?}"),
            }
        });
        // botocore's merge only fills `Message` when the body spells it so.
        // DIFFERENCE: for a body spelling it `message`, botocore's modelled
        // member stays unset (only `Error.Message` has it); ours is filled
        // from `message` (an alias in the generated structures). The
        // specification names the key `Message` only; AWS services send
        // both spellings, so ours is the more useful reading.
        let expected = case["parsed"]["Message"].as_str().or(case["error_message"].as_str());
        assert_eq!(message.as_deref(), expected, "{name}");
    }
}

/// `{"__type": "ResourceNotFoundException", "message": "lower wins",
/// "Message": "capital loses"}`: botocore reports code
/// `ResourceNotFoundException`, message "lower wins" (`message` first), and
/// the modelled shape with its `Message` member "capital loses".
/// Both spellings at once must not make the body a duplicate field: the
/// runtime keeps the member's own spelling and drops the other before the
/// structure is read, so the variant is the modelled one.
#[tokio::test]
async fn a_body_with_message_and_message_is_still_the_modelled_error() {
    let file = fixtures("errors");
    let case = cases(&file).iter().find(|c| c["name"] == "both_message_keys").unwrap();
    assert_eq!(s(case, "operation"), "DescribeImagePermissions");
    let ours = our_error(case).await;
    assert_eq!(
        (ours.code.as_deref(), ours.message.as_deref(), ours.request_id.as_deref()),
        (Some("ResourceNotFoundException"), Some("lower wins"), case["request_id"].as_str())
    );
    let direct = if support::is_cbor() {
        smithy_rt::cbor::from_slice::<appstream::error::ResourceNotFoundException>(&body_bytes(case), "Error")
            .map(|_| ())
            .map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<appstream::error::ResourceNotFoundException>(s(case, "body"))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert_eq!(ours.variant, "ResourceNotFoundException", "{ours:?}; the body read as the error structure: {direct:?}");
    // The modelled member is `Message`, spelled exactly so in the body.
    assert_eq!(ours.op_message.as_deref(), case["parsed"]["Message"].as_str());
    assert_eq!(ours.op_message.as_deref(), Some("capital loses"));
}
