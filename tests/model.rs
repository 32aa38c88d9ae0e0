//! Checks `model/appstream.json` against botocore 1.10.58's AppStream model
//! (`tests/fixtures/botocore-1.10.58/service-2.json`), so that the Smithy model
//! cannot drift silently from the wire definition it was derived from.
//!
//! The model holds the nine operations of the 2018-07-13 API change, every shape
//! they reach in botocore, and the service shape. It may add to botocore only the
//! constraints that the change's specification states in words (see
//! `SEED_MEMBER_RANGES` and `SEED_SHAPE_LENGTHS`), documentation where botocore
//! has none, and the Smithy-only traits checked below (input/output, error,
//! paginated, waitable, service traits).
#![forbid(unsafe_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use appstream_tests::{fixture, workspace_root};
use serde_json::{json, Map, Value};

const NS: &str = "com.amazonaws.appstream#";
const SERVICE: &str = "PhotonAdminProxyService";
const OPERATIONS: [&str; 9] = [
    "UpdateImagePermissions",
    "DescribeImagePermissions",
    "DeleteImagePermissions",
    "CreateFleet",
    "CreateImageBuilder",
    "DeleteImage",
    "DescribeFleets",
    "DescribeImages",
    "UpdateFleet",
];
/// Number of botocore shapes reachable from the nine operations.
const CLOSURE_SIZE: usize = 82;

/// Member-level ranges the specification states only in words:
/// (structure, member, min, max).
const SEED_MEMBER_RANGES: [(&str, &str, i64, i64); 4] = [
    ("CreateFleetRequest", "MaxUserDurationInSeconds", 600, 57600),
    ("UpdateFleetRequest", "MaxUserDurationInSeconds", 600, 57600),
    ("CreateFleetRequest", "DisconnectTimeoutInSeconds", 60, 57600),
    ("UpdateFleetRequest", "DisconnectTimeoutInSeconds", 60, 57600),
];
/// Shape-level lengths the specification states only in words ("12-digit ID"):
/// (shape, min, max).
const SEED_SHAPE_LENGTHS: [(&str, i64, i64); 1] = [("AwsAccountId", 12, 12)];

const DOC: &str = "smithy.api#documentation";

// ---------------------------------------------------------------------------
// Loading

struct Inputs {
    model_text: String,
    model: Value,
    boto: Value,
}

fn load() -> Inputs {
    assert_maps_keep_document_order();
    let model_path = workspace_root().join("model").join("appstream.json");
    let boto_path = fixture("botocore-1.10.58/service-2.json");
    let model_text =
        fs::read_to_string(&model_path).unwrap_or_else(|e| panic!("cannot read {}: {e}", model_path.display()));
    let boto_text =
        fs::read_to_string(&boto_path).unwrap_or_else(|e| panic!("cannot read {}: {e}", boto_path.display()));
    let model =
        serde_json::from_str(&model_text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", model_path.display()));
    let boto = serde_json::from_str(&boto_text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", boto_path.display()));
    Inputs { model_text, model, boto }
}

fn id(name: &str) -> String {
    format!("{NS}{name}")
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object().unwrap_or_else(|| panic!("{what} is not a JSON object: {v}"))
}

fn model_shapes(model: &Value) -> &Map<String, Value> {
    obj(&model["shapes"], "model `shapes`")
}

fn model_shape<'a>(model: &'a Value, name: &str) -> &'a Value {
    model_shapes(model).get(&id(name)).unwrap_or_else(|| panic!("model has no shape {}", id(name)))
}

fn boto_shape<'a>(boto: &'a Value, name: &str) -> &'a Value {
    let s = &boto["shapes"][name];
    assert!(s.is_object(), "botocore has no shape {name}");
    s
}

fn traits(shape: &Value) -> Map<String, Value> {
    shape.get("traits").map(|t| obj(t, "traits").clone()).unwrap_or_default()
}

fn target(v: &Value) -> Option<&str> {
    v.get("target").and_then(Value::as_str)
}

/// The shapes reachable in botocore from the nine operations: inputs, outputs,
/// errors, structure member targets, list members, map keys and values.
fn closure(boto: &Value) -> BTreeSet<String> {
    let mut stack: Vec<String> = Vec::new();
    for op in OPERATIONS {
        let o = &boto["operations"][op];
        assert!(o.is_object(), "botocore has no operation {op}");
        for key in ["input", "output"] {
            if let Some(s) = o[key]["shape"].as_str() {
                stack.push(s.to_owned());
            }
        }
        for e in o["errors"].as_array().into_iter().flatten() {
            stack.push(e["shape"].as_str().expect("error shape name").to_owned());
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let s = boto_shape(boto, &name);
        let mut push = |v: &Value| {
            stack.push(v["shape"].as_str().unwrap_or_else(|| panic!("bad reference in {name}: {v}")).to_owned())
        };
        match s["type"].as_str() {
            Some("structure") => obj(&s["members"], &name).values().for_each(&mut push),
            Some("list") => push(&s["member"]),
            Some("map") => {
                push(&s["key"]);
                push(&s["value"]);
            }
            _ => {}
        }
    }
    seen
}

/// The Smithy type a botocore shape maps to.
fn smithy_type(b: &Value) -> &'static str {
    if b.get("enum").is_some() {
        return "enum";
    }
    match b["type"].as_str() {
        Some("string") => "string",
        Some("integer") => "integer",
        Some("long") => "long",
        Some("boolean") => "boolean",
        Some("timestamp") => "timestamp",
        Some("blob") => "blob",
        Some("float") => "float",
        Some("double") => "double",
        Some("list") => "list",
        Some("map") => "map",
        Some("structure") => "structure",
        other => panic!("unexpected botocore type {other:?}"),
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn min_max(min: Option<&Value>, max: Option<&Value>) -> Option<Value> {
    let mut m = Map::new();
    if let Some(v) = min {
        m.insert("min".into(), v.clone());
    }
    if let Some(v) = max {
        m.insert("max".into(), v.clone());
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

fn enum_values(model: &Value, name: &str) -> Vec<String> {
    obj(&model_shape(model, name)["members"], name)
        .values()
        .filter_map(|m| m["traits"]["smithy.api#enumValue"].as_str().map(str::to_owned))
        .collect()
}

// ---------------------------------------------------------------------------
// Collecting failures, so one run reports every difference with its location.

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn push(&mut self, msg: String) {
        self.0.push(msg);
    }

    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, model: T, expected: T) {
        if model != expected {
            self.0.push(format!("{what}: model has {model:?}, expected {expected:?}"));
        }
    }

    /// Compares two JSON values, showing them as compact JSON.
    fn json(&mut self, what: &str, model: &Value, expected: &Value) {
        if model != expected {
            self.0.push(format!("{what}: model has {model}, expected {expected}"));
        }
    }

    /// Compares two key lists that should be in sorted order, naming the first
    /// pair that is not.
    fn sorted(&mut self, what: &str, keys: &[&str]) {
        if let Some(w) = keys.windows(2).find(|w| w[0] >= w[1]) {
            self.0.push(format!("{what}: {:?} comes before {:?}", w[0], w[1]));
        }
    }

    /// Compares two trait maps key by key.
    fn traits(&mut self, what: &str, model: &Map<String, Value>, expected: &BTreeMap<String, Value>) {
        let keys: BTreeSet<&String> = model.keys().chain(expected.keys()).collect();
        for k in keys {
            match (model.get(k), expected.get(k)) {
                (Some(m), Some(e)) if m == e => {}
                (Some(m), Some(e)) => self.push(format!("{what}: trait {k} is {m}, expected {e}")),
                (Some(m), None) => self.push(format!("{what}: unexpected trait {k} = {m}")),
                (None, Some(e)) => self.push(format!("{what}: missing trait {k} = {e}")),
                (None, None) => unreachable!(),
            }
        }
    }

    fn assert_none(self, topic: &str) {
        assert!(self.0.is_empty(), "{topic}: {} problem(s):\n  - {}", self.0.len(), self.0.join("\n  - "));
    }
}

// ---------------------------------------------------------------------------
// Key order. The order checks read `serde_json::Map` in document order, which
// serde_json's `preserve_order` feature provides (tests/Cargo.toml enables it).
// Without it the map sorts its keys and those checks would pass vacuously.

/// Fails unless `serde_json::Map` keeps document order.
fn assert_maps_keep_document_order() {
    let probe: Map<String, Value> = serde_json::from_str(r#"{"b": 0, "a": 0}"#).unwrap();
    assert!(
        probe.keys().eq(["b", "a"]),
        "serde_json::Map sorts its keys: the tests crate needs serde_json's `preserve_order` feature"
    );
}

/// An object's keys in document order; none for anything else.
fn keys(v: &Value) -> Vec<&str> {
    v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn model_has_exactly_the_closure_of_the_nine_operations() {
    let Inputs { model, boto, .. } = load();
    assert_eq!(model["smithy"], "2.0", "the model must be Smithy 2.0 JSON AST");

    let closure = closure(&boto);
    assert_eq!(closure.len(), CLOSURE_SIZE, "botocore closure of the nine operations changed: {closure:?}");

    let mut expected: BTreeSet<String> = closure.iter().map(|n| id(n)).collect();
    expected.extend(OPERATIONS.iter().map(|o| id(o)));
    expected.insert(id(SERVICE));
    let got: BTreeSet<String> = model_shapes(&model).keys().cloned().collect();

    let mut p = Problems::default();
    for missing in expected.difference(&got) {
        p.push(format!("model lacks shape {missing}"));
    }
    for extra in got.difference(&expected) {
        p.push(format!("model has shape {extra}, which the nine operations do not reach"));
    }
    // The closure is pinned by type too, so a botocore fixture swap is noticed.
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &closure {
        *by_type.entry(smithy_type(boto_shape(&boto, n))).or_default() += 1;
    }
    p.eq(
        "closure shapes by type",
        by_type,
        BTreeMap::from([
            ("boolean", 2),
            ("enum", 10),
            ("integer", 3),
            ("list", 12),
            ("map", 1),
            ("string", 10),
            ("structure", 43),
            ("timestamp", 1),
        ]),
    );
    p.assert_none("shape set");
}

#[test]
fn shapes_match_botocore() {
    let Inputs { model, boto, .. } = load();
    let inputs: BTreeSet<&str> =
        OPERATIONS.iter().map(|o| boto["operations"][o]["input"]["shape"].as_str().unwrap()).collect();
    let outputs: BTreeSet<&str> =
        OPERATIONS.iter().map(|o| boto["operations"][o]["output"]["shape"].as_str().unwrap()).collect();

    let mut p = Problems::default();
    for name in closure(&boto) {
        let b = boto_shape(&boto, &name);
        let Some(m) = model_shapes(&model).get(&id(&name)) else {
            p.push(format!("{name}: missing from the model"));
            continue;
        };
        let ty = smithy_type(b);
        p.eq(&format!("{name}: type"), m["type"].as_str(), Some(ty));

        // Shape-level traits other than documentation must be exactly these.
        let mut expected: BTreeMap<String, Value> = BTreeMap::new();
        match ty {
            "string" | "list" | "map" => {
                if let Some(v) = min_max(b.get("min"), b.get("max")) {
                    expected.insert("smithy.api#length".into(), v);
                }
            }
            "integer" | "long" => {
                if let Some(v) = min_max(b.get("min"), b.get("max")) {
                    expected.insert("smithy.api#range".into(), v);
                }
            }
            _ => {}
        }
        if ty == "enum" {
            for k in ["min", "max", "pattern"] {
                assert!(b.get(k).is_none(), "{name}: botocore enum with {k} is not handled");
            }
        }
        if let Some(pattern) = b.get("pattern") {
            expected.insert("smithy.api#pattern".into(), pattern.clone());
        }
        for (shape, min, max) in SEED_SHAPE_LENGTHS {
            if shape == name {
                assert!(
                    b.get("min").is_none() && b.get("max").is_none(),
                    "{name}: botocore now has its own length; revisit SEED_SHAPE_LENGTHS"
                );
                expected.insert("smithy.api#length".into(), json!({"min": min, "max": max}));
            }
        }
        if b["exception"] == true {
            let kind = if b["fault"] == true { "server" } else { "client" };
            expected.insert("smithy.api#error".into(), json!(kind));
        }
        if inputs.contains(name.as_str()) {
            expected.insert("smithy.api#input".into(), json!({}));
        }
        if outputs.contains(name.as_str()) {
            expected.insert("smithy.api#output".into(), json!({}));
        }
        let mut got = traits(m);
        let doc = got.remove(DOC);
        p.traits(&name, &got, &expected);

        // Documentation: botocore's verbatim where it has one; structures always.
        match (b.get("documentation"), &doc) {
            (Some(bd), Some(md)) => p.eq(&format!("{name}: documentation"), md, bd),
            (Some(_), None) => p.push(format!("{name}: botocore documentation is missing")),
            (None, None) if ty == "structure" => p.push(format!("{name}: structure has no documentation")),
            _ => {}
        }
        if let Some(d) = &doc {
            if d.as_str().is_none_or(|s| s.trim().is_empty()) {
                p.push(format!("{name}: empty documentation"));
            }
        }

        match ty {
            "structure" => check_structure(&mut p, &name, b, m),
            "list" => p.eq(
                &format!("{name}: list member"),
                target(&m["member"]).map(str::to_owned),
                Some(id(b["member"]["shape"].as_str().unwrap())),
            ),
            "map" => {
                for k in ["key", "value"] {
                    p.eq(
                        &format!("{name}: map {k}"),
                        target(&m[k]).map(str::to_owned),
                        Some(id(b[k]["shape"].as_str().unwrap())),
                    );
                }
            }
            "enum" => check_enum(&mut p, &name, b, m),
            _ => {
                for k in ["members", "member", "key", "value"] {
                    if m.get(k).is_some() {
                        p.push(format!("{name}: simple shape has `{k}`"));
                    }
                }
            }
        }
    }
    p.assert_none("shapes");
}

fn check_structure(p: &mut Problems, name: &str, b: &Value, m: &Value) {
    let b_members = obj(&b["members"], name);
    let Some(m_members) = m["members"].as_object() else {
        p.push(format!("{name}: structure has no `members`"));
        return;
    };
    let required: BTreeSet<&str> =
        b["required"].as_array().into_iter().flatten().map(|r| r.as_str().unwrap()).collect();

    p.eq(&format!("{name}: member names in order"), keys(&m["members"]), keys(&b["members"]));

    for (mname, bm) in b_members {
        let what = format!("{name}.{mname}");
        let Some(mm) = m_members.get(mname) else {
            p.push(format!("{what}: member missing"));
            continue;
        };
        p.eq(&format!("{what}: target"), target(mm).map(str::to_owned), Some(id(bm["shape"].as_str().unwrap())));
        let mut expected: BTreeMap<String, Value> = BTreeMap::new();
        if required.contains(mname.as_str()) {
            expected.insert("smithy.api#required".into(), json!({}));
        }
        if bm["deprecated"] == true {
            expected.insert("smithy.api#deprecated".into(), json!({}));
        }
        for (s, member, min, max) in SEED_MEMBER_RANGES {
            if s == name && member == mname {
                expected.insert("smithy.api#range".into(), json!({"min": min, "max": max}));
            }
        }
        let mut got = traits(mm);
        let doc = got.remove(DOC);
        p.traits(&what, &got, &expected);
        match (bm.get("documentation"), doc) {
            (Some(bd), Some(md)) => p.eq(&format!("{what}: documentation"), &md, bd),
            (_, None) => p.push(format!("{what}: member has no documentation")),
            (None, Some(md)) => {
                if md.as_str().is_none_or(|s| s.trim().is_empty()) {
                    p.push(format!("{what}: empty documentation"));
                }
            }
        }
    }
    for mname in m_members.keys() {
        if !b_members.contains_key(mname) {
            p.push(format!("{name}.{mname}: member not in botocore"));
        }
    }
    for r in &required {
        assert!(b_members.contains_key(*r), "botocore {name} requires unknown member {r}");
    }
}

fn check_enum(p: &mut Problems, name: &str, b: &Value, m: &Value) {
    let b_values: Vec<String> = b["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    let Some(members) = m["members"].as_object() else {
        p.push(format!("{name}: enum has no `members`"));
        return;
    };
    let mut values_in_order = Vec::new();
    for (mname, mm) in members {
        let what = format!("{name}.{mname}");
        p.eq(&format!("{what}: target"), target(mm), Some("smithy.api#Unit"));
        let mut t = traits(mm);
        t.remove(DOC);
        let value = t.remove("smithy.api#enumValue");
        if !t.is_empty() {
            p.push(format!("{what}: unexpected traits {:?}", t.keys().collect::<Vec<_>>()));
        }
        let Some(value) = value.as_ref().and_then(Value::as_str) else {
            p.push(format!("{what}: no string smithy.api#enumValue"));
            continue;
        };
        if !is_identifier(mname) {
            p.push(format!("{what}: member name is not a Smithy identifier"));
        }
        if is_identifier(value) && mname != value {
            p.push(format!("{what}: member should be named by its value {value}"));
        }
        values_in_order.push(value.to_owned());
    }
    let as_set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
    p.eq(&format!("{name}: enum values (as a set)"), as_set(&values_in_order), as_set(&b_values));
    p.eq(&format!("{name}: enum values (in order)"), values_in_order, b_values);
}

#[test]
fn operations_match_botocore() {
    let Inputs { model, boto, .. } = load();
    let mut p = Problems::default();
    for op in OPERATIONS {
        let b = &boto["operations"][op];
        let m = model_shape(&model, op);
        p.eq(&format!("{op}: type"), m["type"].as_str(), Some("operation"));
        for key in ["input", "output"] {
            p.eq(&format!("{op}: {key}"), target(&m[key]).map(str::to_owned), b[key]["shape"].as_str().map(id));
        }
        let errors = |v: &Value, f: &dyn Fn(&Value) -> Option<String>| -> Vec<Option<String>> {
            v.as_array().into_iter().flatten().map(f).collect()
        };
        p.eq(
            &format!("{op}: errors (in order)"),
            errors(&m["errors"], &|e| target(e).map(str::to_owned)),
            errors(&b["errors"], &|e| e["shape"].as_str().map(id)),
        );
        let t = traits(m);
        match (t.get(DOC), b.get("documentation")) {
            (Some(md), Some(bd)) => p.eq(&format!("{op}: documentation"), md, bd),
            (None, _) => p.push(format!("{op}: operation has no documentation")),
            (Some(md), None) => {
                if md.as_str().is_none_or(|s| s.trim().is_empty()) {
                    p.push(format!("{op}: empty documentation"));
                }
            }
        }
        let mut expected_keys = BTreeSet::from([DOC.to_owned()]);
        if ["DescribeFleets", "DescribeImages", "DescribeImagePermissions"].contains(&op) {
            expected_keys.insert("smithy.api#paginated".into());
        }
        if op == "DescribeFleets" {
            expected_keys.insert("smithy.waiters#waitable".into());
        }
        p.eq(&format!("{op}: trait names"), t.keys().cloned().collect::<BTreeSet<_>>(), expected_keys);
    }
    p.assert_none("operations");
}

#[test]
fn service_shape() {
    let Inputs { model, boto, .. } = load();
    let meta = &boto["metadata"];
    // The service traits below restate botocore's metadata; make sure they still agree.
    assert_eq!(meta["targetPrefix"], SERVICE, "awsJson target prefix");
    assert_eq!(meta["protocol"], "json");
    assert_eq!(meta["jsonVersion"], "1.1");
    assert_eq!(meta["signingName"], "appstream");
    assert_eq!(meta["endpointPrefix"], "appstream2");
    assert_eq!(meta["serviceId"], "AppStream");
    assert_eq!(meta["signatureVersion"], "v4");

    let s = model_shape(&model, SERVICE);
    let mut p = Problems::default();
    p.eq("service: type", &s["type"], &json!("service"));
    p.eq("service: version", &s["version"], &meta["apiVersion"]);
    p.eq("service: version", &s["version"], &json!("2016-12-01"));

    let mut sorted: Vec<String> = OPERATIONS.iter().map(|o| id(o)).collect();
    sorted.sort();
    let listed: Vec<Option<String>> =
        s["operations"].as_array().into_iter().flatten().map(|o| target(o).map(str::to_owned)).collect();
    p.eq("service: operations (sorted by shape id)", listed, sorted.into_iter().map(Some).collect());
    for k in ["resources", "errors"] {
        if s.get(k).is_some() {
            p.push(format!("service: unexpected `{k}`"));
        }
    }

    let expected = BTreeMap::from([
        (
            "aws.api#service".to_owned(),
            json!({
                "sdkId": "AppStream",
                "arnNamespace": "appstream",
                "cloudFormationName": "AppStream",
                "cloudTrailEventSource": "appstream.amazonaws.com",
                "endpointPrefix": "appstream2"
            }),
        ),
        ("aws.auth#sigv4".to_owned(), json!({"name": "appstream"})),
        ("aws.protocols#awsJson1_1".to_owned(), json!({})),
        ("smithy.api#title".to_owned(), json!("Amazon AppStream")),
        ("smithy.protocols#rpcv2Cbor".to_owned(), json!({})),
        (DOC.to_owned(), boto["documentation"].clone()),
    ]);
    // Both protocols, as AWS's service speaks them today: botocore's bundled
    // model lists rpcv2Cbor first, then awsJson1.1 (the Smithy model of
    // `smithy-current/`, from before the change, has only awsJson1.1).
    let today: Value =
        serde_json::from_str(&fs::read_to_string(fixture("botocore-1.44.8/appstream-metadata.json")).unwrap()).unwrap();
    assert_eq!(today["metadata"]["protocols"], json!(["smithy-rpc-v2-cbor", "json"]));
    assert_eq!(today["metadata"]["jsonVersion"], "1.1");
    assert_eq!(today["metadata"]["targetPrefix"], SERVICE);
    // The endpoint rule set and its tests are AWS's current ones, unchanged:
    // the crate resolves endpoints as the AWS SDKs do today.
    let current_path = fixture("smithy-current/appstream-2016-12-01.json");
    let current: Value = serde_json::from_str(&fs::read_to_string(&current_path).unwrap()).unwrap();
    let current_service = &current["shapes"]["com.amazonaws.appstream#PhotonAdminProxyService"]["traits"];
    let mut expected = expected;
    for k in ["smithy.rules#endpointRuleSet", "smithy.rules#endpointTests"] {
        assert!(current_service[k].is_object(), "{} has no {k}", current_path.display());
        expected.insert(k.to_owned(), current_service[k].clone());
    }
    p.traits("service", &traits(s), &expected);
    p.assert_none("service");
}

#[test]
fn paginated_traits() {
    let Inputs { model, .. } = load();
    let cases = [
        ("DescribeFleets", json!({"inputToken": "NextToken", "outputToken": "NextToken", "items": "Fleets"})),
        (
            "DescribeImages",
            json!({"inputToken": "NextToken", "outputToken": "NextToken", "items": "Images", "pageSize": "MaxResults"}),
        ),
        (
            "DescribeImagePermissions",
            json!({"inputToken": "NextToken", "outputToken": "NextToken", "items": "SharedImagePermissionsList", "pageSize": "MaxResults"}),
        ),
    ];
    let mut p = Problems::default();
    let shape_type = |target_id: Option<&str>| -> Option<String> {
        let t = target_id?;
        model_shapes(&model).get(t).and_then(|s| s["type"].as_str()).map(str::to_owned)
    };
    for (op, expected) in &cases {
        let o = model_shape(&model, op);
        let got = &o["traits"]["smithy.api#paginated"];
        p.json(&format!("{op}: smithy.api#paginated"), got, expected);

        // The trait must name members that exist, with suitable types.
        let input = model_shape(&model, target(&o["input"]).unwrap().trim_start_matches(NS));
        let output = model_shape(&model, target(&o["output"]).unwrap().trim_start_matches(NS));
        let member_type = |s: &Value, key: &str| shape_type(target(&s["members"][key]));
        let tok = expected["inputToken"].as_str().unwrap();
        p.eq(&format!("{op}: input {tok} type"), member_type(input, tok).as_deref(), Some("string"));
        let tok = expected["outputToken"].as_str().unwrap();
        p.eq(&format!("{op}: output {tok} type"), member_type(output, tok).as_deref(), Some("string"));
        let items = expected["items"].as_str().unwrap();
        p.eq(&format!("{op}: output {items} type"), member_type(output, items).as_deref(), Some("list"));
        // pageSize is used exactly when the input has MaxResults.
        let has_max_results = input["members"].get("MaxResults").is_some();
        p.eq(&format!("{op}: has pageSize iff input has MaxResults"), got.get("pageSize").is_some(), has_max_results);
        if has_max_results {
            p.eq(&format!("{op}: input MaxResults type"), member_type(input, "MaxResults").as_deref(), Some("integer"));
        }
    }
    // No other operation is paginated.
    for op in OPERATIONS {
        if !cases.iter().any(|(c, _)| *c == op)
            && model_shape(&model, op)["traits"].get("smithy.api#paginated").is_some()
        {
            p.push(format!("{op}: unexpected smithy.api#paginated"));
        }
    }
    p.assert_none("paginated");
}

#[test]
fn waitable_trait() {
    let Inputs { model, .. } = load();
    let acceptor = |state: &str, expected: &str, comparator: &str| {
        json!({
            "state": state,
            "matcher": {"output": {"path": "Fleets[].State", "expected": expected, "comparator": comparator}}
        })
    };
    let expected = json!({
        "FleetStarted": {
            "acceptors": [
                acceptor("success", "RUNNING", "allStringEquals"),
                acceptor("failure", "STOPPING", "anyStringEquals"),
                acceptor("failure", "STOPPED", "anyStringEquals"),
            ],
            "minDelay": 30
        },
        "FleetStopped": {
            "acceptors": [
                acceptor("success", "STOPPED", "allStringEquals"),
                acceptor("failure", "STARTING", "anyStringEquals"),
                acceptor("failure", "RUNNING", "anyStringEquals"),
            ],
            "minDelay": 30
        }
    });
    let got = &model_shape(&model, "DescribeFleets")["traits"]["smithy.waiters#waitable"];
    let mut p = Problems::default();
    p.eq(
        "DescribeFleets: waiter names",
        got.as_object().map(|w| w.keys().collect::<Vec<_>>()),
        expected.as_object().map(|w| w.keys().collect::<Vec<_>>()),
    );
    for (waiter, want) in obj(&expected, "expected waiters") {
        let have = &got[waiter];
        let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
        p.eq(&format!("{waiter}: keys"), keys(have), keys(want));
        p.json(&format!("{waiter}: minDelay"), &have["minDelay"], &want["minDelay"]);
        let (have, want) = (&have["acceptors"], &want["acceptors"]);
        let len = |v: &Value| v.as_array().map_or(0, Vec::len);
        p.eq(&format!("{waiter}: number of acceptors"), len(have), len(want));
        for i in 0..len(want) {
            p.json(&format!("{waiter}: acceptor {i}"), &have[i], &want[i]);
        }
    }

    // The path resolves: DescribeFleetsResult.Fleets -> list of Fleet -> State: FleetState.
    let output = model_shape(&model, "DescribeFleetsResult");
    let fleets = target(&output["members"]["Fleets"]).unwrap_or_default();
    let list = &model_shapes(&model)[fleets];
    let fleet = &model_shapes(&model)[target(&list["member"]).unwrap_or_default()];
    p.eq("Fleets[].State target", target(&fleet["members"]["State"]), Some(id("FleetState").as_str()));
    // Every expected value is a FleetState value ...
    let states = enum_values(&model, "FleetState");
    for (waiter, w) in obj(got, "waitable") {
        for a in w["acceptors"].as_array().into_iter().flatten() {
            let m = &a["matcher"]["output"];
            p.eq(&format!("{waiter}: path"), m["path"].as_str(), Some("Fleets[].State"));
            let e = m["expected"].as_str().unwrap_or_default().to_owned();
            if !states.contains(&e) {
                p.push(format!("{waiter}: expected value {e:?} is not a FleetState ({states:?})"));
            }
        }
    }
    // ... which botocore's waiters-2.json (ACTIVE/INACTIVE/...) are not: that is why
    // the model does not follow them.
    let waiters: Value =
        serde_json::from_str(&fs::read_to_string(fixture("botocore-1.10.58/waiters-2.json")).unwrap()).unwrap();
    for (name, w) in obj(&waiters["waiters"], "waiters") {
        for a in w["acceptors"].as_array().into_iter().flatten() {
            let e = a["expected"].as_str().unwrap_or_default().to_owned();
            assert!(
                !states.contains(&e),
                "botocore waiter {name} now expects a real FleetState value {e}; revisit the waitable trait"
            );
        }
    }
    p.assert_none("waitable");
}

#[test]
fn model_file_is_formatted_for_review() {
    let Inputs { model_text, model, .. } = load();
    let mut p = Problems::default();
    if !model_text.ends_with("}\n") || model_text.ends_with("\n\n") {
        p.push("the file must end with exactly one newline after the closing brace".into());
    }
    for (i, line) in model_text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if line.contains('\t') || line.ends_with(' ') || indent % 4 != 0 {
            p.push(format!("line {}: not 4-space indented pretty JSON: {line:?}", i + 1));
        }
    }
    if !model_text.starts_with("{\n    \"smithy\": \"2.0\",\n    \"shapes\": {\n") {
        p.push("the file must start with the `smithy` version, then `shapes`".into());
    }
    p.sorted("shape ids", &keys(&model["shapes"]));

    // Every `traits` object lists its traits sorted by id.
    check_trait_order(&model, "", &mut p);
    p.assert_none("formatting");
}

/// Reports every `traits` object whose keys are not sorted.
fn check_trait_order(v: &Value, path: &str, p: &mut Problems) {
    match v {
        Value::Object(entries) => {
            for (k, v) in entries {
                if k == "traits" {
                    p.sorted(&format!("{path}/traits"), &keys(v));
                }
                check_trait_order(v, &format!("{path}/{k}"), p);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_trait_order(v, &format!("{path}[{i}]"), p);
            }
        }
        _ => {}
    }
}
