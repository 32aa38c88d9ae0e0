//! Bad models get errors that name the file, the JSON pointer, and what was
//! expected; nothing panics and nothing is generated.

const FILE: &str = "bad.json";

fn options() -> codegen::emit::Options {
    codegen::emit::Options {
        crate_name: "bad".into(),
        runtime: codegen::emit::Runtime::Path("../runtime".into()),
        standalone: true,
        command: "cargo xtask codegen".into(),
        examples: Default::default(),
    }
}

fn errors(model: serde_json::Value) -> Vec<String> {
    let opts = options();
    match codegen::generate(FILE, &model.to_string(), &opts) {
        Ok(_) => panic!("the model was accepted"),
        Err(codegen::Error::Model(e)) => e.diagnostics.iter().map(ToString::to_string).collect(),
        Err(e) => panic!("expected model diagnostics, got {e}"),
    }
}

/// A valid one-operation service; each test breaks one thing.
fn base() -> serde_json::Value {
    serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "ex#Op"}],
                "traits": {
                    "aws.api#service": {"sdkId": "Ex"},
                    "aws.auth#sigv4": {"name": "ex"},
                    "aws.protocols#awsJson1_0": {}
                }
            },
            "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"}},
            "ex#OpInput": {
                "type": "structure",
                "members": {"Name": {"target": "ex#Name"}},
                "traits": {"smithy.api#input": {}}
            },
            "ex#Name": {"type": "string"}
        }
    })
}

#[test]
fn the_base_model_is_valid() {
    let opts = options();
    codegen::generate(FILE, &base().to_string(), &opts).unwrap();
}

#[test]
fn invalid_json() {
    let opts = options();
    let err = codegen::generate(FILE, "{\"smithy\": \"2.0\", \"shapes\": {\n  \"ex#A\": }", &opts).unwrap_err();
    assert_eq!(
        err.to_string().lines().nth(1).unwrap().trim(),
        "bad.json: invalid JSON at line 2, column 11: expected value"
    );
}

#[test]
fn unknown_target() {
    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"]["Name"]["target"] = "ex#Nmae".into();
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#OpInput/members/Name/target: target ex#Nmae is not defined in the model or the Smithy prelude"]
    );
}

#[test]
fn wrong_shape_type() {
    let mut m = base();
    m["shapes"]["ex#Name"]["type"] = "strnig".into();
    assert_eq!(errors(m), ["bad.json#/shapes/ex#Name/type: unknown shape type \"strnig\""]);

    let mut m = base();
    m["shapes"]["ex#Op"]["input"]["target"] = "ex#Name".into();
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#Op/input/target: shape ex#Op: input and output must target structures"]
    );

    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"]["Name"]["target"] = "ex#Op".into();
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#OpInput/members/Name/target: a member cannot target the operation shape ex#Op"]
    );
}

#[test]
fn unsupported_shape_type_names_the_shape() {
    let mut m = base();
    m["shapes"]["ex#Name"] = serde_json::json!({
        "type": "intEnum",
        "members": {"ONE": {"target": "smithy.api#Unit"}}
    });
    assert_eq!(errors(m), ["bad.json#/shapes/ex#Name/type: shape ex#Name: intEnum shapes are not supported yet"]);
}

#[test]
fn trait_with_a_wrong_value() {
    let mut m = base();
    m["shapes"]["ex#Name"]["traits"] = serde_json::json!({
        "smithy.api#length": {"min": "one"},
        "smithy.api#pattern": 5
    });
    m["shapes"]["ex#OpInput"]["members"]["Name"]["traits"] =
        serde_json::json!({"smithy.api#length": {"min": 9, "max": 1}});
    assert_eq!(
        errors(m),
        [
            "bad.json#/shapes/ex#Name/traits/smithy.api#length/min: expected a non-negative integer, found \"one\"",
            "bad.json#/shapes/ex#Name/traits/smithy.api#pattern: expected a string, found a number",
            "bad.json#/shapes/ex#OpInput/members/Name/traits/smithy.api#length: min 9 is greater than max 1",
        ]
    );
}

#[test]
fn metadata_traits_that_change_nothing_are_accepted() {
    // As real models carry them: a JSON policy document held in a string,
    // and AWS's classification of the data a shape holds.
    let mut m = base();
    m["shapes"]["ex#Name"]["traits"] =
        serde_json::json!({"smithy.api#mediaType": "application/json", "aws.api#data": "content"});
    codegen::generate(FILE, &m.to_string(), &options()).unwrap();
}

#[test]
fn defaults_that_do_not_fit_blobs_timestamps_or_documents_are_refused() {
    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"] = serde_json::json!({
        "Name": {"target": "ex#Name"},
        "Data": {"target": "ex#Data", "traits": {"smithy.api#default": "not base64!"}},
        "When": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#default": "yesterday"}},
        "Doc": {"target": "smithy.api#Document", "traits": {"smithy.api#default": [1]}},
        "Chunks": {"target": "ex#Chunks"}
    });
    m["shapes"]["ex#Data"] = serde_json::json!({"type": "blob", "traits": {"smithy.api#length": {"max": 8}}});
    m["shapes"]["ex#Chunks"] = serde_json::json!({"type": "list", "member": {"target": "ex#Data"}});
    let e = errors(m.clone());
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e[0].contains("members/Data/traits/smithy.api#default: @default \"not base64!\" does not fit a blob: expected base64 text"), "{e:?}");
    assert!(e[1].contains("members/Doc/traits/smithy.api#default: @default [1] does not fit a document"), "{e:?}");
    assert!(e[2].contains("members/When/traits/smithy.api#default: @default \"yesterday\" does not fit a timestamp: expected an RFC 3339 date-time"), "{e:?}");
    // Base64 text, a date-time, a document scalar, and a list of blobs are fine.
    m["shapes"]["ex#OpInput"]["members"]["Data"] =
        serde_json::json!({"target": "ex#Data", "traits": {"smithy.api#default": "AAEC"}});
    m["shapes"]["ex#OpInput"]["members"]["When"] =
        serde_json::json!({"target": "smithy.api#Timestamp", "traits": {"smithy.api#default": "2018-07-13T00:00:00Z"}});
    m["shapes"]["ex#OpInput"]["members"]["Doc"] =
        serde_json::json!({"target": "smithy.api#Document", "traits": {"smithy.api#default": "text"}});
    codegen::generate(FILE, &m.to_string(), &options()).unwrap();
}

#[test]
fn big_number_defaults_must_be_numbers_of_their_kind() {
    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"] = serde_json::json!({
        "Name": {"target": "ex#Name"},
        "Count": {"target": "smithy.api#BigInteger", "traits": {"smithy.api#default": 1.5}},
        "Share": {"target": "smithy.api#BigDecimal", "traits": {"smithy.api#default": "0.25"}}
    });
    let e = errors(m.clone());
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains(
            "members/Count/traits/smithy.api#default: @default 1.5 does not fit a number: expected an integer"
        ),
        "{e:?}"
    );
    assert!(
        e[1].contains(
            "members/Share/traits/smithy.api#default: @default \"0.25\" does not fit a number: expected a number"
        ),
        "{e:?}"
    );
    m["shapes"]["ex#OpInput"]["members"]["Count"]["traits"]["smithy.api#default"] = 12.into();
    m["shapes"]["ex#OpInput"]["members"]["Share"]["traits"]["smithy.api#default"] = 0.25.into();
    codegen::generate(FILE, &m.to_string(), &options()).unwrap();
}

#[test]
fn unions_that_cannot_be_one_of_their_members_are_refused() {
    let union = |members: serde_json::Value| {
        with_output(
            serde_json::json!({"A": {"target": "ex#U"}}),
            serde_json::json!({"ex#U": {"type": "union", "members": members}}),
        )
    };
    let e = errors(union(serde_json::json!({})));
    assert_eq!(e, ["bad.json#/shapes/ex#U/members: shape ex#U: a union needs at least one member"]);
    let e = errors(union(serde_json::json!({
        "A": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
        "B": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 0}}
    })));
    assert_eq!(
        e,
        [
            "bad.json#/shapes/ex#U/members/A/traits/smithy.api#required: member ex#U$A: a union's members cannot have @required",
            "bad.json#/shapes/ex#U/members/B/traits/smithy.api#default: member ex#U$B: a union's members cannot have @default",
        ]
    );
    // `foo_bar` and `FooBar` would be the same variant.
    let e = errors(union(serde_json::json!({
        "foo_bar": {"target": "smithy.api#String"},
        "FooBar": {"target": "smithy.api#String"}
    })));
    assert!(e.iter().any(|e| e.contains("the variants of ex#U") || e.contains("the methods of ex#U")), "{e:?}");
    // A member named like the catch-all is renamed, and Unit members hold nothing.
    let m = union(
        serde_json::json!({"Unknown": {"target": "smithy.api#Unit"}, "Other": {"target": "smithy.api#Document"}}),
    );
    let files = codegen::generate(FILE, &m.to_string(), &options()).unwrap().files;
    let u = files.iter().find(|(p, _)| p.ends_with("types/u.rs")).map(|(_, t)| t.as_str()).unwrap();
    assert!(u.contains("UnknownValue,") && u.contains("Other(::smithy_rt::Document)"), "{u}");
}

#[test]
fn legacy_enums_and_constrained_enums_generate() {
    let mut m = base();
    // Smithy 1.0's @enum on a string, with the @length real models add.
    m["shapes"]["ex#Name"]["traits"] = serde_json::json!({
        "smithy.api#enum": [{"value": "t2.micro"}, {"value": "ON_DEMAND", "name": "OnDemand"}],
        "smithy.api#length": {"min": 1, "max": 32},
        "smithy.api#pattern": "^[a-zA-Z0-9._]+$"
    });
    let files = codegen::generate(FILE, &m.to_string(), &options()).unwrap();
    let e = files.files.iter().find(|(p, _)| p.ends_with("types/name.rs")).map(|(_, t)| t.as_str()).unwrap();
    assert!(e.contains("T2Micro") && e.contains("\"t2.micro\"") && e.contains("OnDemand"), "{e}");
}

#[test]
fn unknown_and_unsupported_traits_are_refused_by_name() {
    let mut m = base();
    m["shapes"]["ex#Name"]["traits"] = serde_json::json!({"ex#custom": {}, "smithy.api#streaming": {}});
    let e = errors(m);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("bad.json#/shapes/ex#Name/traits/ex#custom: unsupported trait ex#custom on shape ex#Name"),
        "{e:?}"
    );
    assert_eq!(e[1], "bad.json#/shapes/ex#Name/traits/smithy.api#streaming: unsupported trait smithy.api#streaming on shape ex#Name: streaming is not supported");
}

#[test]
fn names_that_collide_after_case_conversion() {
    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"]["name"] = serde_json::json!({"target": "ex#Name"});
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#OpInput/members/name: member ex#OpInput$name and member ex#OpInput$Name both become `name` in the fields of ex#OpInput"]
    );
}

#[test]
fn protocol_and_service_problems() {
    let mut m = base();
    m["shapes"]["ex#Svc"]["traits"].as_object_mut().unwrap().remove("aws.protocols#awsJson1_0");
    m["shapes"]["ex#Svc"]["traits"]["aws.protocols#restJson1"] = serde_json::json!({});
    let e = errors(m);
    assert!(e.iter().any(|e| e == "bad.json#/shapes/ex#Svc/traits: service ex#Svc: no supported protocol; expected smithy.protocols#rpcv2Cbor or aws.protocols#awsJson1_1 or aws.protocols#awsJson1_0, found aws.protocols#restJson1"), "{e:?}");

    let mut m = base();
    m["shapes"].as_object_mut().unwrap().remove("ex#Svc");
    assert_eq!(errors(m), ["bad.json#/shapes: the model has no service shape"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"]["A"] = serde_json::json!({"target": "ex#Missing1"});
    m["shapes"]["ex#OpInput"]["members"]["B"] = serde_json::json!({"target": "ex#Missing2"});
    assert_eq!(errors(m).len(), 2);
}

/// The workspace file at `path`.
fn workspace_file(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::read_to_string(root.join(path)).unwrap()
}

/// botocore's 2018 waiters (`waiters-2.json`) in Smithy's form: they wait for
/// ACTIVE / INACTIVE, states that FleetState never had. Generation must refuse
/// them, naming the waiter, the acceptor and the valid values.
#[test]
fn waiters_of_2018_are_refused_against_the_fleet_state_enum() {
    let mut model: serde_json::Value = serde_json::from_str(&workspace_file("model/appstream.json")).unwrap();
    let boto: serde_json::Value =
        serde_json::from_str(&workspace_file("tests/fixtures/botocore-1.10.58/waiters-2.json")).unwrap();
    let mut waitable = serde_json::Map::new();
    for (name, w) in boto["waiters"].as_object().unwrap() {
        let acceptors: Vec<serde_json::Value> = w["acceptors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let comparator = match a["matcher"].as_str().unwrap() {
                    "pathAll" => "allStringEquals",
                    "pathAny" => "anyStringEquals",
                    other => panic!("unexpected botocore matcher {other}"),
                };
                serde_json::json!({
                    "state": a["state"],
                    "matcher": {"output": {"path": a["argument"], "expected": a["expected"], "comparator": comparator}}
                })
            })
            .collect();
        waitable.insert(name.clone(), serde_json::json!({"acceptors": acceptors, "minDelay": w["delay"]}));
    }
    model["shapes"]["com.amazonaws.appstream#DescribeFleets"]["traits"]["smithy.waiters#waitable"] = waitable.into();
    let e = errors(model);
    let valid = "valid values: STARTING, RUNNING, STOPPING, STOPPED";
    let at = |waiter: &str, i: usize| {
        format!("bad.json#/shapes/com.amazonaws.appstream#DescribeFleets/traits/smithy.waiters#waitable/{waiter}/acceptors/{i}/matcher/output/expected")
    };
    assert_eq!(e.len(), 6, "{e:#?}");
    assert!(
        e.contains(&format!(
            "{}: waiter FleetStarted, acceptor 0: expects \"ACTIVE\" at `Fleets[].State`, which is not a value of FleetState; {valid}",
            at("FleetStarted", 0)
        )),
        "{e:#?}"
    );
    assert!(
        e.contains(&format!(
            "{}: waiter FleetStopped, acceptor 0: expects \"INACTIVE\" at `Fleets[].State`, which is not a value of FleetState; {valid}",
            at("FleetStopped", 0)
        )),
        "{e:#?}"
    );
    assert!(e.iter().all(|d| d.contains(valid)), "{e:#?}");
}

#[test]
fn waiter_paths_are_checked_against_the_output() {
    let mut model: serde_json::Value = serde_json::from_str(&workspace_file("model/appstream.json")).unwrap();
    let waiter = &mut model["shapes"]["com.amazonaws.appstream#DescribeFleets"]["traits"]["smithy.waiters#waitable"];
    waiter["FleetStarted"]["acceptors"][0]["matcher"]["output"]["path"] = "Fleets[].Sate".into();
    waiter["FleetStarted"]["acceptors"][1]["matcher"]["output"]["path"] = "length(Fleets) > `0`".into();
    waiter["FleetStopped"]["acceptors"][0]["matcher"]["output"]["comparator"] = "stringEquals".into();
    let e = errors(model);
    let at = |w: &str, i: usize, k: &str| {
        format!("bad.json#/shapes/com.amazonaws.appstream#DescribeFleets/traits/smithy.waiters#waitable/{w}/acceptors/{i}/matcher/output/{k}")
    };
    assert!(e[0].starts_with(&format!("{}: waiter FleetStarted, acceptor 0: path `Fleets[].Sate`: Fleet has no member `Sate`; its members are Arn, Name,", at("FleetStarted", 0, "path"))), "{e:#?}");
    assert!(
        e[1].starts_with(&format!(
            "{}: waiter FleetStarted, acceptor 1: path `length(Fleets) > `0`` gives a boolean, but its comparator needs a list of strings",
            at("FleetStarted", 1, "path")
        )),
        "{e:#?}"
    );
    assert_eq!(
        e[2],
        format!(
            "{}: waiter FleetStopped, acceptor 0: path `Fleets[].State`: gives an array of strings, but its comparator needs a string",
            at("FleetStopped", 0, "path")
        ),
        "{e:#?}"
    );
    assert_eq!(e.len(), 3, "{e:#?}");
}

/// Waiter expressions beyond member names are parsed and typed against the
/// output when the crate is generated; what cannot be typed, or is outside
/// the supported subset, is refused at the byte where it starts.
#[test]
fn waiter_expressions_are_typed_and_errors_located_in_them() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/waiter_expression.json")).unwrap();
    let cases = [
        ("length(services[?runingCount == `1`]) > `0`", "booleanEquals", "at byte 17 (`runingCount == `1`]) > `0``): Service has no member `runingCount`; its members are name, status, deployments, runningCount, desiredCount"),
        ("length(services[?status == 'DRAINNG']) > `0`", "booleanEquals", "at byte 27 (`'DRAINNG']) > `0``): \"DRAINNG\" is not a value of ServiceStatus; valid values: ACTIVE, DRAINING, INACTIVE"),
        ("length(services[?name]) > `0`", "booleanEquals", "at byte 17 (`name]) > `0``): a filter must be a boolean, but this is a string"),
        ("services[?desiredCount > 'x'].status", "allStringEquals", "at byte 10 (`desiredCount > 'x'].status`): `>` orders numbers, but compares a number with a string"),
        ("services[].name == `1`", "booleanEquals", "at byte 0 (`services[].name == `1``): `==` compares a list of strings with a number, which is never equal"),
        ("length(clusterStatus) > `0` && pendingCount", "booleanEquals", "at byte 31 (`pendingCount`): `&&` takes booleans, but this is a number"),
        ("length(pendingCount) > `0`", "booleanEquals", "at byte 7 (`pendingCount) > `0``): length() takes a list or a string, not a number"),
        ("contains(services[].status, `1`)", "booleanEquals", "at byte 28 (``1`)`): contains() looks for a number in a list of strings (ServiceStatus), which never holds one"),
        ("services[0].name", "stringEquals", "at byte 8 (`[0].name`): indexes and slices are not supported in waiter paths"),
        ("sort(services[].name)", "anyStringEquals", "at byte 0 (`sort(services[].name)`): the function sort() is not supported; waiter paths may call length() and contains()"),
        ("length(services[?status == 'ACTIVE'])", "booleanEquals", "gives a number, but its comparator needs a boolean"),
        ("services[?status == 'ACTIVE'].name", "stringEquals", "gives a list of strings, but its comparator needs a string"),
        ("length(services[?status == 'ACTIVE'] > `0`", "booleanEquals", "at byte 42 (the end): expected `,` or `)` in the arguments"),
    ];
    let mut wrong = Vec::new();
    for (path, comparator, message) in cases {
        let mut model: serde_json::Value = serde_json::from_str(&text).unwrap();
        let acceptor = &mut model["shapes"]["example.clusters#DescribeServices"]["traits"]["smithy.waiters#waitable"]
            ["ServicesStable"]["acceptors"][2]["matcher"]["output"];
        acceptor["path"] = path.into();
        acceptor["comparator"] = comparator.into();
        acceptor["expected"] = if comparator == "booleanEquals" { "true" } else { "ACTIVE" }.into();
        let e = errors(model);
        let at = "bad.json#/shapes/example.clusters#DescribeServices/traits/smithy.waiters#waitable/ServicesStable/acceptors/2/matcher/output/path";
        let want = if message.starts_with("gives") {
            format!("{at}: waiter ServicesStable, acceptor 2: path `{path}` {message}")
        } else {
            format!("{at}: waiter ServicesStable, acceptor 2: path `{path}`: {message}")
        };
        if e != [want.clone()] {
            wrong.push(format!("{path}:\n  got  {e:?}\n  want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn duplicate_keys_are_refused_with_line_and_column() {
    let text =
        "{\"smithy\": \"2.0\", \"shapes\": {\n  \"ex#A\": {\n    \"type\": \"string\",\n    \"type\": \"integer\"}}}";
    let opts = options();
    let err = codegen::generate(FILE, text, &opts).unwrap_err();
    let codegen::Error::Model(e) = err else { panic!("expected model diagnostics, got {err}") };
    assert_eq!(e.diagnostics.len(), 1);
    assert_eq!(e.diagnostics[0].to_string(), "bad.json: invalid JSON at line 4, column 10: duplicate key \"type\"");
    // The base model printed with a key repeated in a trait value.
    let text = base().to_string().replace("\"sdkId\":\"Ex\"", "\"sdkId\":\"Ex\",\"sdkId\":\"Ey\"");
    let err = codegen::generate(FILE, &text, &opts).unwrap_err();
    assert!(err.to_string().contains("invalid JSON at line 1, column "), "{err}");
    assert!(err.to_string().contains(": duplicate key \"sdkId\""), "{err}");
}

#[test]
fn deeply_nested_json_is_an_error() {
    let opts = options();
    let err = codegen::generate(FILE, &"[".repeat(100_000), &opts).unwrap_err();
    assert_eq!(
        err.to_string().lines().nth(1).unwrap().trim(),
        "bad.json: invalid JSON at line 1, column 128: recursion limit exceeded"
    );
}

#[test]
fn member_and_shape_names_must_be_identifiers() {
    let expected = "is not a Smithy identifier (optional leading underscores, an ASCII letter, then ASCII letters, digits or underscores)";
    for name in ["", "_", "$", "-", "\u{1f600}", "a-b", "9Lives"] {
        let mut m = base();
        m["shapes"]["ex#OpInput"]["members"][name] = serde_json::json!({"target": "ex#Name"});
        let pointer = name.replace('~', "~0").replace('/', "~1");
        assert_eq!(
            errors(m),
            [format!("bad.json#/shapes/ex#OpInput/members/{pointer}: member name {name:?} {expected}")],
            "{name:?}"
        );
    }
    let mut m = base();
    m["shapes"]["ex#_1"] = serde_json::json!({"type": "string"});
    assert_eq!(
        errors(m),
        [format!("bad.json#/shapes/ex#_1: \"ex#_1\" is not an absolute shape ID (namespace#Name): the shape name \"_1\" {expected}")]
    );
    let mut m = base();
    m["shapes"]["ex#Color"] =
        serde_json::json!({"type": "enum", "members": {"Fleet Started": {"target": "smithy.api#Unit"}}});
    assert_eq!(
        errors(m),
        [format!("bad.json#/shapes/ex#Color/members/Fleet Started: enum member name \"Fleet Started\" {expected}")]
    );
}

#[test]
fn service_fields_of_the_wrong_type() {
    let mut m = base();
    m["shapes"]["ex#Svc"]["version"] = 2016.into();
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#Svc/version: expected the service version as a string, found a number"]
    );

    let mut m = base();
    m["shapes"]["ex#Svc"]["errors"] = serde_json::json!({"target": "ex#E"});
    assert_eq!(errors(m), ["bad.json#/shapes/ex#Svc/errors: expected an array of shape references, found an object"]);

    let mut m = base();
    m["shapes"]["ex#Op"]["input"] = "ex#OpInput".into();
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#Op/input: expected an object with a \"target\" shape ID, found a string"]
    );

    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"] = serde_json::json!([]);
    assert_eq!(
        errors(m),
        ["bad.json#/shapes/ex#OpInput/members: expected an object of members (name to {\"target\": ...}), found an array"]
    );
}

/// The base model with an output structure `ex#Out` holding `members`, and
/// the shapes in `extra`.
fn with_output(members: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    let mut m = base();
    m["shapes"]["ex#Op"]["output"] = serde_json::json!({"target": "ex#Out"});
    m["shapes"]["ex#Out"] = serde_json::json!({"type": "structure", "members": members});
    for (k, v) in extra.as_object().unwrap() {
        m["shapes"][k] = v.clone();
    }
    m
}

#[test]
fn defaults_must_fit_their_type() {
    let cases = [
        ("smithy.api#Byte", serde_json::json!(300), "does not fit a number: expected a whole number from -128 to 127"),
        ("smithy.api#Short", serde_json::json!(-40000), "expected a whole number from -32768 to 32767"),
        (
            "smithy.api#Integer",
            serde_json::json!(3000000000u64),
            "expected a whole number from -2147483648 to 2147483647",
        ),
        ("smithy.api#Float", serde_json::json!(1e300), "expected a number from"),
        ("smithy.api#Boolean", serde_json::json!("yes"), "expected true or false"),
        ("ex#Names", serde_json::json!(["a"]), "expected [] (the only default a list may have)"),
    ];
    for (target, value, want) in cases {
        let m = with_output(
            serde_json::json!({"A": {"target": target, "traits": {"smithy.api#default": value}}}),
            serde_json::json!({"ex#Names": {"type": "list", "member": {"target": "smithy.api#String"}}}),
        );
        let e = errors(m);
        assert_eq!(e.len(), 1, "{target}: {e:?}");
        assert!(e[0].starts_with("bad.json#/shapes/ex#Out/members/A/traits/smithy.api#default: @default"), "{e:?}");
        assert!(e[0].contains(want), "{target}: {e:?}");
    }
}

#[test]
fn misapplied_constraint_traits_are_located() {
    let m = with_output(
        serde_json::json!({
            "A": {"target": "smithy.api#Integer", "traits": {"smithy.api#length": {"max": 1}}},
            "B": {"target": "smithy.api#String", "traits": {"smithy.api#range": {"max": 1}}},
            "C": {"target": "smithy.api#Boolean", "traits": {"smithy.api#pattern": "x"}}
        }),
        serde_json::json!({}),
    );
    assert_eq!(
        errors(m),
        [
            "bad.json#/shapes/ex#Out/members/A/traits/smithy.api#length: @length on member ex#Out$A (a number): @length applies to strings, enums, blobs, lists and maps",
            "bad.json#/shapes/ex#Out/members/B/traits/smithy.api#range: @range on member ex#Out$B (a string): @range applies to numbers",
            "bad.json#/shapes/ex#Out/members/C/traits/smithy.api#pattern: @pattern on member ex#Out$C (a boolean): @pattern applies to strings and enums",
        ]
    );
}

#[test]
fn invalid_and_catastrophic_patterns_are_refused() {
    for (pattern, want) in [
        ("(", "is not a regular expression the generated crate can enforce"),
        (r"^(\p{L}+)+$", "could take exponential time to match (the repetition"),
        (r"^(\p{L}+)+$", "cannot be matched in linear time either (a Unicode property escape)"),
    ] {
        let mut m = base();
        m["shapes"]["ex#Name"]["traits"] = serde_json::json!({"smithy.api#pattern": pattern});
        let e = errors(m);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("bad.json#/shapes/ex#Name/traits/smithy.api#pattern: pattern"), "{e:?}");
        assert!(e[0].contains(want), "{e:?}");
    }
}

#[test]
fn catastrophic_patterns_regex_lite_can_express_are_matched_in_linear_time() {
    let mut m = base();
    m["shapes"]["ex#Name"]["traits"] = serde_json::json!({"smithy.api#pattern": "^(a+)+$"});
    let files = codegen::generate(FILE, &m.to_string(), &options()).unwrap().files;
    let v = &files["src/validation.rs"];
    assert!(v.contains("::smithy_rt::validate::Pattern::linear(\n    \"^(a+)+$\",\n    \"^(a+)+$\",\n)"), "{v}");
}

#[test]
fn prelude_shapes_the_generator_does_not_handle_are_refused_where_met() {
    let m = with_output(serde_json::json!({"A": {"target": "smithy.api#Unit"}}), serde_json::json!({}));
    let e = errors(m);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("bad.json#/shapes/ex#Out/members/A/target: member ex#Out$A"), "{e:?}");
    assert!(e[0].contains("only a union's members can target smithy.api#Unit"), "{e:?}");
}

#[test]
fn lists_and_maps_that_contain_themselves_are_refused() {
    let m = with_output(
        serde_json::json!({"A": {"target": "ex#L"}}),
        serde_json::json!({
            "ex#L": {"type": "list", "member": {"target": "ex#M"}},
            "ex#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#L"}}
        }),
    );
    let e = errors(m);
    assert!(
        e.iter()
            .any(|e| e
                .starts_with("bad.json#/shapes/ex#L/member/target: shape ex#L: a list or map that contains itself")),
        "{e:?}"
    );
}

#[test]
fn waiter_names_must_be_valid() {
    for name in ["Fleet Started", "1Up", "", "fleetStarted"] {
        let mut m = base();
        m["shapes"]["ex#Op"]["traits"] = serde_json::json!({"smithy.waiters#waitable": {name: {"acceptors": [{"state": "success", "matcher": {"success": true}}]}}});
        let e = errors(m);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("is not valid: expected an upper-case letter"), "{name}: {e:?}");
    }
}

#[test]
fn generated_names_never_clash_with_model_names() {
    // Members named like builder methods, `Name` beside `SetName`, operations
    // named like client methods, errors named like the generated error types:
    // each model name moves out of the way, so the model generates.
    let mut m = base();
    m["shapes"]["ex#OpInput"]["members"] = serde_json::json!({
        "Send": {"target": "ex#Name"}, "Build": {"target": "ex#Name"},
        "Name": {"target": "ex#Name"}, "SetName": {"target": "ex#Name"}, "Sink": {"target": "ex#Name"},
        "WaitWith": {"target": "ex#Name"}
    });
    m["shapes"]["ex#Svc"]["operations"] =
        serde_json::json!([{"target": "ex#Op"}, {"target": "ex#New"}, {"target": "ex#Clone"}]);
    m["shapes"]["ex#New"] =
        serde_json::json!({"type": "operation", "errors": [{"target": "ex#Unhandled"}, {"target": "ex#Error"}]});
    m["shapes"]["ex#Clone"] = serde_json::json!({"type": "operation"});
    m["shapes"]["ex#Unhandled"] =
        serde_json::json!({"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}});
    m["shapes"]["ex#Error"] =
        serde_json::json!({"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}});
    let g = codegen::generate(FILE, &m.to_string(), &options()).unwrap_or_else(|e| panic!("{e}"));
    let op = g.files["src/operation/op.rs"].as_str();
    for setter in [
        "pub fn send_value(",
        "pub fn build_value(",
        "pub fn name(",
        "pub fn set_name(",
        "pub fn set_name_value(",
        "pub fn set_set_name_value(",
        "pub fn wait_with_value(",
    ] {
        assert!(op.contains(setter), "{setter} missing");
    }
    let client = g.files["src/client.rs"].as_str();
    assert!(client.contains("pub fn new_value(&self)") && client.contains("pub fn clone_value(&self)"), "{client}");
    let new = g.files["src/operation/new.rs"].as_str();
    assert!(
        new.contains("UnhandledValue(crate::error::Unhandled)") && new.contains("ErrorValue(crate::error::ErrorValue)"),
        "{new}"
    );
    assert!(g.files.contains_key("src/error/error_value.rs"), "{:?}", g.files.keys());
}

#[test]
fn auth_lists_without_sigv4_and_unknown_schemes_are_located_errors() {
    let mut m = base();
    m["shapes"]["ex#Svc"]["traits"]["smithy.api#httpBearerAuth"] = serde_json::json!({});
    m["shapes"]["ex#Op"]["traits"] = serde_json::json!({"smithy.api#auth": ["smithy.api#httpBearerAuth"]});
    assert_eq!(
        errors(m.clone()),
        ["bad.json#/shapes/ex#Op/traits/smithy.api#auth: operation ex#Op: its auth schemes (smithy.api#httpBearerAuth) \
          do not include aws.auth#sigv4, the only scheme the client implements"]
    );
    // Inherited from the service: located at the service's @auth.
    m["shapes"]["ex#Op"]["traits"] = serde_json::json!({});
    m["shapes"]["ex#Svc"]["traits"]["smithy.api#auth"] = serde_json::json!(["smithy.api#httpBearerAuth"]);
    assert_eq!(
        errors(m.clone()),
        ["bad.json#/shapes/ex#Svc/traits/smithy.api#auth: operation ex#Op: its auth schemes (smithy.api#httpBearerAuth) \
          do not include aws.auth#sigv4, the only scheme the client implements"]
    );
    // A scheme the service does not apply, and a value of the wrong form.
    m["shapes"]["ex#Svc"]["traits"]["smithy.api#auth"] =
        serde_json::json!(["aws.auth#sigv4", "smithy.api#httpBasicAuth"]);
    m["shapes"]["ex#Op"]["traits"] = serde_json::json!({"smithy.api#optionalAuth": {}});
    assert_eq!(
        errors(m.clone()),
        ["bad.json#/shapes/ex#Svc/traits/smithy.api#auth/1: operation ex#Op: @auth names smithy.api#httpBasicAuth, \
          which is not an auth scheme of service ex#Svc (it applies: aws.auth#sigv4, smithy.api#httpBearerAuth)"]
    );
    m["shapes"]["ex#Svc"]["traits"]["smithy.api#auth"] = serde_json::json!("aws.auth#sigv4");
    m["shapes"]["ex#OpInput"]["traits"]["smithy.api#optionalAuth"] = serde_json::json!({});
    assert_eq!(
        errors(m.clone()),
        [
            "bad.json#/shapes/ex#OpInput/traits/smithy.api#optionalAuth: @optionalAuth on shape ex#OpInput (a structure): @optionalAuth applies to operations",
            "bad.json#/shapes/ex#Svc/traits/smithy.api#auth: expected an array of auth scheme ids, found a string",
        ]
    );
    // Sigv4 among others, or an empty list, generate.
    m["shapes"]["ex#OpInput"]["traits"] = serde_json::json!({"smithy.api#input": {}});
    for list in [serde_json::json!(["smithy.api#httpBearerAuth", "aws.auth#sigv4"]), serde_json::json!([])] {
        m["shapes"]["ex#Svc"]["traits"]["smithy.api#auth"] = list;
        codegen::generate(FILE, &m.to_string(), &options()).unwrap();
    }
}

#[test]
fn retryable_takes_an_optional_throttling_flag_on_structures() {
    let mut m = base();
    m["shapes"]["ex#Name"]["traits"] = serde_json::json!({"smithy.api#retryable": {}});
    m["shapes"]["ex#OpInput"]["traits"]["smithy.api#retryable"] = serde_json::json!({"throttling": "yes"});
    assert_eq!(
        errors(m),
        [
            "bad.json#/shapes/ex#Name/traits/smithy.api#retryable: @retryable on shape ex#Name (a string): it applies to error structures",
            "bad.json#/shapes/ex#OpInput/traits/smithy.api#retryable/throttling: expected true or false, found a string",
        ]
    );
}

#[test]
fn host_prefixes_are_checked_when_generating() {
    let with = |prefix: &str, name_traits: serde_json::Value| {
        let mut m = base();
        m["shapes"]["ex#Op"]["traits"] = serde_json::json!({"smithy.api#endpoint": {"hostPrefix": prefix}});
        m["shapes"]["ex#OpInput"]["members"]["Name"]["traits"] = name_traits;
        m["shapes"]["ex#OpInput"]["members"]["Count"] = serde_json::json!({
            "target": "smithy.api#Integer",
            "traits": {"smithy.api#required": {}, "smithy.api#hostLabel": {}}
        });
        m
    };
    let label = serde_json::json!({"smithy.api#required": {}, "smithy.api#hostLabel": {}});
    codegen::generate(FILE, &with("data-{Name}.", label.clone()).to_string(), &options()).unwrap();
    codegen::generate(FILE, &with("{Name}-", label.clone()).to_string(), &options()).unwrap();
    let at = "bad.json#/shapes/ex#Op/traits/smithy.api#endpoint/hostPrefix: operation ex#Op: host prefix";
    let cases: Vec<(&str, serde_json::Value, Vec<String>)> = vec![
        ("data-{Nope}.", label.clone(), vec![format!("{at} \"data-{{Nope}}.\": label {{Nope}} names no member of the input OpInput")]),
        ("{Count}.", label.clone(), vec![format!("{at} \"{{Count}}.\": label {{Count}}: input member Count is not a string")]),
        (
            "{Name}.",
            serde_json::json!({}),
            vec![
                format!("{at} \"{{Name}}.\": label {{Name}}: input member Name is not @required"),
                format!("{at} \"{{Name}}.\": label {{Name}}: input member Name is not marked @hostLabel"),
            ],
        ),
        ("data_{Name}.", label.clone(), vec![format!("{at} \"data_{{Name}}.\": '_' cannot be part of a host name (letters, digits, '-' and '.')")]),
        ("data-{Name.", label.clone(), vec![format!("{at} \"data-{{Name.\": unbalanced braces; a label is written {{MemberName}}")]),
        ("data}.", label.clone(), vec![format!("{at} \"data}}.\": unbalanced braces; a label is written {{MemberName}}")]),
        ("{{Name}}.", label.clone(), vec![format!("{at} \"{{{{Name}}}}.\": unbalanced braces; a label is written {{MemberName}}")]),
        (
            "..{Name}",
            label.clone(),
            vec![format!("{at} \"..{{Name}}\": does not make valid DNS labels (1 to 63 letters, digits and '-', not starting or ending with '-', separated by '.')")],
        ),
        (
            "x-.{Name}",
            label.clone(),
            vec![format!("{at} \"x-.{{Name}}\": does not make valid DNS labels (1 to 63 letters, digits and '-', not starting or ending with '-', separated by '.')")],
        ),
        (
            "",
            label.clone(),
            vec![format!("{at} \"\": does not make valid DNS labels (1 to 63 letters, digits and '-', not starting or ending with '-', separated by '.')")],
        ),
    ];
    for (prefix, traits, expected) in cases {
        assert_eq!(errors(with(prefix, traits)), expected, "{prefix}");
    }
    let mut m = base();
    m["shapes"]["ex#Op"]["traits"] = serde_json::json!({"smithy.api#endpoint": {"hostprefix": "x."}});
    assert_eq!(
        errors(m),
        [
            "bad.json#/shapes/ex#Op/traits/smithy.api#endpoint: expected \"hostPrefix\"",
            "bad.json#/shapes/ex#Op/traits/smithy.api#endpoint/hostprefix: unexpected key \"hostprefix\"; expected hostPrefix",
        ]
    );
}

/// The base model with `rules` as its endpoint rule set (parameters Region,
/// an optional string, and UseFIPS, a boolean with a default).
fn with_rules(rules: serde_json::Value) -> serde_json::Value {
    let mut m = base();
    m["shapes"]["ex#Svc"]["traits"]["smithy.rules#endpointRuleSet"] = serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false}
        },
        "rules": rules
    });
    m
}

#[test]
fn endpoint_rules_are_type_checked_where_they_are_written() {
    let region_set = serde_json::json!({"fn": "isSet", "argv": [{"ref": "Region"}]});
    let url = |u: &str| serde_json::json!({"url": u});
    let cases = [
        // A function the runtime does not provide.
        (
            serde_json::json!([{"type": "endpoint", "conditions": [{"fn": "aws.teleport", "argv": []}], "endpoint": url("https://x")}]),
            "/rules/0/conditions/0/fn: the rules function \"aws.teleport\" is not supported",
        ),
        // Region may be unset: it must be proven set first.
        (
            serde_json::json!([{"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}]}], "endpoint": url("https://x")}]),
            "/rules/0/conditions/0/argv/0: this value may be unset here",
        ),
        (
            serde_json::json!([{"type": "endpoint", "conditions": [], "endpoint": url("https://{Region}")}]),
            "/rules/0/endpoint/url: this value may be unset here",
        ),
        // A name nothing bound.
        (
            serde_json::json!([{"type": "endpoint", "conditions": [region_set], "endpoint": url("https://{Partition#dnsSuffix}")}]),
            "/rules/0/endpoint/url: reference \"Partition\" names no parameter",
        ),
        // A boolean where text is expected, and an attribute partitions do not have.
        (
            serde_json::json!([{"type": "endpoint", "conditions": [
                region_set,
                {"fn": "stringEquals", "argv": [{"ref": "UseFIPS"}, "x"]},
            ], "endpoint": url("https://x")}]),
            "/rules/0/conditions/1/argv/0: expected a value of type Str, found Bool",
        ),
        (
            serde_json::json!([{"type": "endpoint", "conditions": [
                region_set,
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
            ], "endpoint": url("https://{P#galaxy}")}]),
            "/rules/0/endpoint/url: a value of type Partition has no attribute \"galaxy\"",
        ),
        // A name assigned twice in one scope.
        (
            serde_json::json!([{"type": "endpoint", "conditions": [
                region_set,
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
            ], "endpoint": url("https://x")}]),
            "/rules/0/conditions/2/assign: \"P\" is already bound",
        ),
        (
            serde_json::json!([{"type": "endpoint", "conditions": [], "endpoint": url("https://{oops")}]),
            "/rules/0/endpoint/url: unclosed '{' in template",
        ),
        (serde_json::json!([{"type": "magic", "conditions": []}]), "/rules/0/type: expected the rule type"),
    ];
    for (rules, expected) in cases {
        let errs = errors(with_rules(rules.clone()));
        let pointer = "bad.json#/shapes/ex#Svc/traits/smithy.rules#endpointRuleSet";
        assert!(
            errs.iter().any(|e| e.starts_with(pointer) && e[pointer.len()..].starts_with(expected)),
            "{rules}: expected {expected:?}, got {errs:#?}"
        );
    }
}

#[test]
fn endpoint_patterns_without_a_rule_set_are_refused() {
    let mut m = base();
    m["shapes"]["ex#Svc"]["traits"]["aws.endpoints#dualStackOnlyEndpoints"] = serde_json::json!({});
    let errs = errors(m);
    assert!(
        errs.iter().any(|e| e.contains("aws.endpoints#dualStackOnlyEndpoints")
            && e.contains("needs its smithy.rules#endpointRuleSet")),
        "{errs:#?}"
    );
}

#[test]
fn endpoint_tests_name_parameters_of_the_rule_set() {
    let mut m = with_rules(serde_json::json!([{"type": "error", "conditions": [], "error": "no"}]));
    m["shapes"]["ex#Svc"]["traits"]["smithy.rules#endpointTests"] = serde_json::json!({
        "version": "1.0",
        "testCases": [{"params": {"Regoin": "us-east-1"}, "expect": {"error": "no"}}]
    });
    let errs = errors(m);
    assert!(
        errs.iter().any(|e| e.ends_with(
            "smithy.rules#endpointTests/testCases/0/params/Regoin: the rule set has no parameter \"Regoin\""
        )),
        "{errs:#?}"
    );
}

#[test]
fn paginator_paths_must_lead_through_structures_to_members() {
    let model = |output_token: &str, items: &str| {
        let mut m = with_output(
            serde_json::json!({"Result": {"target": "ex#Result"}, "Count": {"target": "smithy.api#Integer"}}),
            serde_json::json!({
                "ex#Result": {"type": "structure", "members": {
                    "Next": {"target": "smithy.api#String"},
                    "Things": {"target": "ex#Things"}
                }},
                "ex#Things": {"type": "list", "member": {"target": "smithy.api#String"}}
            }),
        );
        m["shapes"]["ex#OpInput"]["members"]["Token"] = serde_json::json!({"target": "smithy.api#String"});
        m["shapes"]["ex#Op"]["traits"] = serde_json::json!({"smithy.api#paginated": {
            "inputToken": "Token", "outputToken": output_token, "items": items
        }});
        m
    };
    let e = errors(model("Result.Nope", "Count.Things"));
    assert_eq!(
        e,
        [
            "bad.json#/shapes/ex#Op/traits/smithy.api#paginated/items: operation ex#Op: items \"Count.Things\": Count is not a structure",
            "bad.json#/shapes/ex#Op/traits/smithy.api#paginated/outputToken: operation ex#Op: outputToken \"Result.Nope\": \"Nope\" is not a member of Result",
        ]
    );
    let e = errors(model("Result.Things", "Result.Things"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("outputToken \"Result.Things\" must be a string or map member"), "{e:?}");
    codegen::generate(FILE, &model("Result.Next", "Result.Things").to_string(), &options()).unwrap();
}
