//! Round trips through the crate of `tests/models/union.json`: unions,
//! documents, timestamps and blobs inside lists and maps, sparse lists and
//! maps, as the awsJson protocols write them.

use serde_json::{json, Value};
use snapshot_union::operation::put_item::{PutItemInput, PutItemOutput};
use snapshot_union::primitives::{Document, Timestamp, ValidationMode};
use snapshot_union::types::{AttributeValue, Capacity, ChunkKind, Holder};
use std::collections::BTreeMap;

fn t(seconds: i64) -> Timestamp {
    Timestamp::from_seconds(seconds).unwrap()
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// A client of the crate whose requests `transport` answers, one attempt each.
fn replayed(transport: &smithy_rt::client::test_util::ReplayTransport) -> snapshot_union::Client {
    use smithy_rt::client::{Credentials, FixedTime};
    snapshot_union::Client::new(
        snapshot_union::config::Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None, None))
            .time_source(FixedTime::from_epoch_secs(1_709_210_096))
            .http_transport(transport.clone())
            .max_attempts(1)
            .build(),
    )
}

fn output(body: Value) -> Result<PutItemOutput, smithy_rt::json::JsonError> {
    smithy_rt::json::from_slice(body.to_string().as_bytes(), "PutItemOutput")
}

#[test]
fn every_union_member_is_written_as_a_one_member_object() {
    let cases = [
        (AttributeValue::S("text".into()), json!({"S": "text"})),
        (AttributeValue::N("1.5".into()), json!({"N": "1.5"})),
        (AttributeValue::B(b"hi\0".to_vec()), json!({"B": "aGkA"})),
        (AttributeValue::Bool(false), json!({"BOOL": false})),
        (AttributeValue::Null, json!({"NULL": {}})),
        (AttributeValue::L(vec![AttributeValue::S("a".into()), AttributeValue::Null]), json!({"L": [{"S": "a"}, {"NULL": {}}]})),
        (
            AttributeValue::M(BTreeMap::from([("k".to_owned(), AttributeValue::Bool(true))])),
            json!({"M": {"k": {"BOOL": true}}}),
        ),
        (AttributeValue::At(t(1_531_483_724)), json!({"At": 1531483724})),
        (
            AttributeValue::Nested(Box::new(Holder::builder().value(AttributeValue::S("in".into())).build())),
            json!({"Nested": {"Value": {"S": "in"}}}),
        ),
        (AttributeValue::Doc(Document::from(vec![Document::from(1u64), Document::Null])), json!({"Doc": [1, null]})),
        (AttributeValue::UnknownValue(7), json!({"Unknown": 7})),
        (AttributeValue::Secret("hush".into()), json!({"Secret": "hush"})),
    ];
    for (value, wire) in cases {
        assert_eq!(to_json(&value), wire, "{value:?}");
        let back: AttributeValue = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(back, value, "{wire}");
    }
}

#[test]
fn a_union_reads_past_nulls_and_type_and_keeps_an_unknown_member() {
    let v: AttributeValue = serde_json::from_value(json!({"__type": "example.items#AttributeValue", "S": null, "BOOL": true})).unwrap();
    assert_eq!(v, AttributeValue::Bool(true));
    let v: AttributeValue = serde_json::from_value(json!({"SS": ["a", "b"]})).unwrap();
    assert!(v.is_unknown());
    let e = serde_json::to_string(&v).unwrap_err().to_string();
    assert!(e.contains("cannot be sent"), "{e}");
    assert_eq!(AttributeValue::default(), AttributeValue::Unknown);
}

#[test]
fn a_union_with_no_member_or_two_is_a_located_error() {
    let e = output(json!({"Windows": [], "Consumed": {"Units": 1.0, "Tables": {}}})).unwrap_err();
    assert_eq!(e.path(), "PutItemOutput.Consumed");
    assert!(e.message().contains("the union Capacity has more than one member set (Tables and Units)"), "{e}");
    let e = output(json!({"Windows": [], "Consumed": {}, "Previous": {"a": {"L": [{"S": "x"}, {}]}}})).unwrap_err();
    assert!(e.path().starts_with("PutItemOutput."), "{e}");
    assert!(e.message().contains("has no member set"), "{e}");
}

#[test]
fn a_required_union_a_response_leaves_out_reads_as_unknown() {
    let out = output(json!({})).unwrap();
    assert_eq!(out.consumed, Capacity::Unknown);
    let out = output(json!({"Consumed": {"Units": 2.5}})).unwrap();
    assert_eq!(out.consumed.as_units(), Some(&2.5));
}

#[test]
fn timestamps_and_blobs_inside_collections_use_their_wire_forms() {
    let input = PutItemInput::builder()
        .key(AttributeValue::S("k".into()))
        .expiry(t(0))
        .expiry(t(1_531_483_724))
        .chunks(ChunkKind::Head, b"abc".to_vec())
        .windows(vec![t(1), t(2)])
        .windows(vec![])
        .weights("w", t(60))
        .set_labels(Some(vec![Some("a".to_owned()), None]))
        .build()
        .unwrap();
    let wire = to_json(&input);
    assert_eq!(
        wire,
        json!({
            "Key": {"S": "k"},
            "Expiry": ["1970-01-01T00:00:00Z", "2018-07-13T12:08:44Z"],
            "Chunks": {"head": "YWJj"},
            "Windows": [["1970-01-01T00:00:01Z", "1970-01-01T00:00:02Z"], []],
            "Labels": ["a", null],
            "Weights": {"w": 60},
        })
    );
    let back: PutItemInput = serde_json::from_value(wire).unwrap();
    assert_eq!(back, input);
}

#[test]
fn responses_drop_nulls_of_dense_collections_and_keep_those_of_sparse_ones() {
    let out = output(json!({
        "Expiry": ["2018-07-13T12:08:44Z", null],
        "Chunks": {"tail": "YQ==", "head": null},
        "Windows": [null, ["1970-01-01T00:00:01Z", null]],
        "Labels": [null, "b"],
        "Weights": {"gone": null, "here": 1.5},
        "Previous": {"a": {"S": "x"}, "b": null},
        "Consumed": {"Units": 1},
    }))
    .unwrap();
    assert_eq!(out.expiry(), &[t(1_531_483_724)]);
    assert_eq!(out.chunks, Some(BTreeMap::from([(ChunkKind::Tail, b"a".to_vec())])));
    assert_eq!(out.windows, vec![vec![t(1)]]);
    assert_eq!(out.labels(), &[None, Some("b".to_owned())]);
    let weights = out.weights.as_ref().unwrap();
    assert_eq!(weights.get("gone"), Some(&None));
    assert_eq!(weights.get("here"), Some(&Some(Timestamp::from_milliseconds(1_500).unwrap())));
    assert_eq!(out.previous.as_ref().unwrap().len(), 1);
}

#[test]
fn a_document_member_round_trips_any_json_value() {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["1", 2, 3.5, null, true]}}], "Big": 18446744073709551615u64, "Neg": -9007199254740993i64});
    let input: PutItemInput = serde_json::from_value(json!({"Key": {"Doc": policy.clone()}, "Policy": policy.clone(), "Meta": "just text"})).unwrap();
    let doc = input.policy.as_ref().unwrap();
    assert_eq!(doc.get("Version").and_then(Document::as_str), Some("2012-10-17"));
    assert_eq!(doc.get("Neg").and_then(Document::as_i64), Some(-9_007_199_254_740_993));
    assert_eq!(input.meta, Some(Document::from("just text")));
    let wire = to_json(&input);
    assert_eq!(wire["Policy"], policy);
    assert_eq!(wire["Key"]["Doc"], policy);
}

#[test]
fn a_union_member_is_validated_at_its_path_and_unknown_cannot_be_sent() {
    let input = PutItemInput::builder().key(AttributeValue::S(String::new())).build().unwrap();
    let e = input.validate(ValidationMode::Standard).unwrap_err();
    assert_eq!(e.violations()[0].path, "PutItemInput.Key.S");
    let input = PutItemInput::builder()
        .key(AttributeValue::L(vec![AttributeValue::Nested(Box::new(
            Holder::builder().value(AttributeValue::S(String::new())).build(),
        ))]))
        .build()
        .unwrap();
    let e = input.validate(ValidationMode::Standard).unwrap_err();
    assert_eq!(e.violations()[0].path, "PutItemInput.Key.L[0].Nested.Value.S");
    let input = PutItemInput::builder().key(AttributeValue::Unknown).build().unwrap();
    let e = input.validate(ValidationMode::Standard).unwrap_err();
    assert_eq!(e.violations()[0].path, "PutItemInput.Key");
    assert!(e.to_string().contains("cannot be sent"), "{e}");
    let input = PutItemInput::builder().key(AttributeValue::Bool(true)).labels("").build().unwrap();
    let e = input.validate(ValidationMode::Standard).unwrap_err();
    assert_eq!(e.violations()[0].path, "PutItemInput.Labels[0]");
}

#[test]
fn sensitive_union_members_are_redacted_in_debug() {
    let shown = format!("{:?}", AttributeValue::Secret("hunter2".into()));
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.starts_with("Secret("), "{shown}");
    assert_eq!(format!("{:?}", AttributeValue::Bool(true)), "Bool(true)");
}

#[test]
fn defaults_of_every_value_type_fill_what_a_response_leaves_out() {
    let out = output(json!({})).unwrap();
    assert_eq!(out.since, Timestamp::from_milliseconds(1_531_483_724_500).unwrap());
    assert_eq!(out.epoch, t(1_531_483_724));
    assert_eq!(out.magic, b"hi");
    assert_eq!(out.flag, Document::Bool(true));
    assert_eq!(out.ratio, Document::from(0.5));
    assert_eq!(out.empty, Document::Object(BTreeMap::new()));
    let out = output(json!({"Since": 0, "Magic": "", "Flag": null, "Ratio": [1]})).unwrap();
    assert_eq!((out.since, out.magic.len()), (t(0), 0));
    assert_eq!(out.ratio, Document::from(vec![Document::from(1u64)]));
}

#[tokio::test]
async fn a_map_token_pages_until_the_service_returns_none_and_a_repeated_one_ends_with_an_error() {
    use smithy_rt::client::test_util::{json_response, ReplayTransport};
    use smithy_rt::client::SdkError;
    let key = json!({"id": {"S": "k1"}});
    let pages = |last: &[Value]| {
        last.iter()
            .enumerate()
            .map(|(i, k)| {
                let mut page = json!({"Items": [{"N": i.to_string()}]});
                if !k.is_null() {
                    page["LastKey"] = k.clone();
                }
                json_response(200, page.to_string())
            })
            .collect::<Vec<_>>()
    };
    let transport = ReplayTransport::new(pages(&[key.clone(), json!({}), Value::Null]));
    let items = replayed(&transport).scan_items().limit(1).into_paginator().items().collect().await.unwrap();
    // An empty map ends the pages, as an empty string token does.
    assert_eq!(items, [AttributeValue::N("0".into()), AttributeValue::N("1".into())]);
    let sent: Vec<Value> =
        transport.requests().iter().map(|r| serde_json::from_slice(r.body()).unwrap()).collect();
    assert_eq!(sent, [json!({"Limit": 1}), json!({"Limit": 1, "StartKey": key})]);

    let transport = ReplayTransport::new(pages(&[key.clone(), key.clone(), key.clone()]));
    let mut stream = replayed(&transport).scan_items().into_paginator().send();
    let mut results = Vec::new();
    while let Some(page) = stream.next().await {
        results.push(page);
        assert!(results.len() < 10, "the paginator did not stop");
    }
    assert_eq!(results.len(), 3);
    let Err(SdkError::Pagination(e)) = &results[2] else { panic!("{:?}", results[2]) };
    assert!(e.to_string().contains(r#"already sent ("{\"id\":{\"S\":\"k1\"}}")"#), "{e}");
}

#[tokio::test]
async fn nested_token_and_items_paths_are_followed() {
    use smithy_rt::client::test_util::{json_response, ReplayTransport};
    let transport = ReplayTransport::new(vec![
        json_response(200, json!({"Result": {"Cursor": "c1", "Page": {"Items": [{"S": "a"}]}}}).to_string()),
        // A page without items: nothing from it, and the walk goes on.
        json_response(200, json!({"Result": {"Cursor": "c2", "Page": {}}}).to_string()),
        json_response(200, json!({"Result": {"Page": {"Items": [{"S": "b"}, {"S": "c"}]}}}).to_string()),
    ]);
    let client = replayed(&transport);
    let items = client.search_items().into_paginator().items().collect().await.unwrap();
    assert_eq!(items, [AttributeValue::S("a".into()), AttributeValue::S("b".into()), AttributeValue::S("c".into())]);
    let sent: Vec<Value> = transport.requests().iter().map(|r| serde_json::from_slice(r.body()).unwrap()).collect();
    assert_eq!(sent, [json!({}), json!({"Cursor": "c1"}), json!({"Cursor": "c2"})]);

    // An output without `Result` has no token: the pages end there.
    let transport = ReplayTransport::new(vec![json_response(200, "{}".to_owned())]);
    let client = replayed(&transport);
    let items = client.search_items().into_paginator().items().collect().await.unwrap();
    assert!(items.is_empty());
    assert_eq!(transport.requests().len(), 1);
}
