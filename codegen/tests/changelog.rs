//! `codegen::changelog`: the AppStream 2018-07-13 change (botocore 1.10.57 to
//! 1.10.58) as the acceptance pair, and each kind of change on tiny models.

use codegen::changelog::{self, Change, ChangeKind, Changelog, Format, Section};
use serde_json::{json, Value};
use std::path::Path;

// ---------------------------------------------------------------------------
// The acceptance pair
// ---------------------------------------------------------------------------

fn workspace_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn appstream() -> Changelog {
    let load = |rel: &str| changelog::load(rel, &workspace_file(rel)).unwrap_or_else(|e| panic!("{e}"));
    let old = load("tests/fixtures/appstream-1.10.57.json");
    let new = load("model/appstream.json");
    changelog::diff(&old, &new)
}

/// One line per change of the JSON output: `Op | section | path | change | detail`.
fn json_lines(log: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for op in log["updated_operations"].as_array().unwrap() {
        for c in op["changes"].as_array().unwrap() {
            let detail = match c["change"].as_str().unwrap() {
                "member_added" | "member_removed" => {
                    format!("{} required={}", c["type"].as_str().unwrap(), c["required"])
                }
                "required_changed" => format!("{} -> {}", c["old"], c["new"]),
                "enum_value_added" | "enum_value_removed" => c["value"].as_str().unwrap().to_owned(),
                "error_added" | "error_removed" => c["error"].as_str().unwrap().to_owned(),
                "documentation_changed" => {
                    format!("{:?} -> {:?}", c["old"].as_str().unwrap(), c["new"].as_str().unwrap())
                }
                other => panic!("unexpected change {other}: {c}"),
            };
            out.push(format!(
                "{} | {} | {} | {} | {detail}",
                op["name"].as_str().unwrap(),
                c["section"].as_str().unwrap(),
                c["path_text"].as_str().unwrap(),
                c["change"].as_str().unwrap()
            ));
        }
    }
    out
}

#[test]
fn appstream_summary_and_operations() {
    let log = appstream();
    assert_eq!(log.summary(), "3 new 6 updated api methods");
    let names = |ops: Vec<&str>| ops.into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        log.new.iter().map(|o| o.name.clone()).collect::<Vec<_>>(),
        names(vec!["DeleteImagePermissions", "DescribeImagePermissions", "UpdateImagePermissions"])
    );
    assert_eq!(
        log.updated.iter().map(|o| o.name.clone()).collect::<Vec<_>>(),
        names(vec![
            "CreateFleet",
            "CreateImageBuilder",
            "DeleteImage",
            "DescribeFleets",
            "DescribeImages",
            "UpdateFleet"
        ])
    );
    assert!(log.removed.is_empty());
    let docs = changelog::plain_text(&log.new[0].docs);
    assert!(docs.starts_with("Deletes permissions for the specified private image."), "{docs}");
}

/// Every change of the 2018-07-13 release, exactly: what the specification's
/// summary lists, and what it does not show (relaxed `@required`, new errors,
/// documentation rewording).
#[test]
fn appstream_changes_exactly() {
    let json: Value = serde_json::from_str(&appstream().render(Format::Json)).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["summary"], "3 new 6 updated api methods");
    assert_eq!(json["counts"], json!({ "new": 3, "updated": 6, "removed": 0 }));
    let expected = [
        // CreateFleet: {'ImageArn': 'string'}, Response {'Fleet': {'ImageArn': 'string'}}
        "CreateFleet | request | ImageArn | member_added | string required=false",
        "CreateFleet | request | ImageName | required_changed | true -> false",
        "CreateFleet | response | Fleet.ImageArn | member_added | string required=false",
        "CreateFleet | response | Fleet.ImageName | required_changed | true -> false",
        "CreateFleet | errors |  | error_added | OperationNotPermittedException",
        // CreateImageBuilder: {'ImageArn': 'string'}
        "CreateImageBuilder | request | ImageArn | member_added | string required=false",
        "CreateImageBuilder | request | ImageName | required_changed | true -> false",
        "CreateImageBuilder | errors |  | error_added | OperationNotPermittedException",
        // DeleteImage: {'Image': {'ImagePermissions': {...}, 'Visibility': ['SHARED']}}
        "DeleteImage | response | Image.ImagePermissions | member_added | structure ImagePermissions required=false",
        "DeleteImage | response | Image.ImagePermissions.allowFleet | member_added | boolean required=false",
        "DeleteImage | response | Image.ImagePermissions.allowImageBuilder | member_added | boolean required=false",
        "DeleteImage | response | Image.Visibility | enum_value_added | SHARED",
        // DescribeFleets: {'Fleets': {'ImageArn': 'string'}}
        "DescribeFleets | response | Fleets[].ImageArn | member_added | string required=false",
        "DescribeFleets | response | Fleets[].ImageName | required_changed | true -> false",
        // DescribeImages: {'Arns': ['string'], 'Type': 'PUBLIC | PRIVATE | SHARED'},
        // Response {'Images': {'ImagePermissions': {...}, 'Visibility': ['SHARED']}}
        "DescribeImages | request | Arns | member_added | list<string> required=false",
        "DescribeImages | request | MaxResults | documentation_changed | \"The maximum size of each results page.\" -> \"The maximum size of each page of results.\"",
        "DescribeImages | request | Type | member_added | enum VisibilityType required=false",
        "DescribeImages | response | Images[].ImagePermissions | member_added | structure ImagePermissions required=false",
        "DescribeImages | response | Images[].ImagePermissions.allowFleet | member_added | boolean required=false",
        "DescribeImages | response | Images[].ImagePermissions.allowImageBuilder | member_added | boolean required=false",
        "DescribeImages | response | Images[].Visibility | enum_value_added | SHARED",
        "DescribeImages | response | NextToken | documentation_changed | \"The pagination token used to retrieve the next page of results. If this value is empty, only the first page is retrieved.\" -> \"The pagination token to use to retrieve the next page of results. If there are no more pages, this value is null.\"",
        "DescribeImages | errors |  | error_added | InvalidParameterCombinationException",
        // UpdateFleet: {'ImageArn': 'string'}, Response {'Fleet': {'ImageArn': 'string'}}
        "UpdateFleet | request | ImageArn | member_added | string required=false",
        "UpdateFleet | request | Name | required_changed | true -> false",
        "UpdateFleet | response | Fleet.ImageArn | member_added | string required=false",
        "UpdateFleet | response | Fleet.ImageName | required_changed | true -> false",
    ];
    assert_eq!(json_lines(&json), expected);

    // The request's NextToken did not change at all; its MaxResults changed
    // only in documentation (same type, same range 0 to 500).
    let describe_images = &json["updated_operations"][4];
    assert_eq!(describe_images["name"], "DescribeImages");
    let request_paths: Vec<&str> = describe_images["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["section"] == "request")
        .map(|c| c["path_text"].as_str().unwrap())
        .collect();
    assert_eq!(request_paths, ["Arns", "MaxResults", "Type"]);

    // The new Type member lists its values; ImageArn its pattern.
    let change = |op: usize, path: &str| {
        json["updated_operations"][op]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path_text"] == path)
            .unwrap()
            .clone()
    };
    assert_eq!(change(4, "Type")["enum_values"], json!(["PUBLIC", "PRIVATE", "SHARED"]));
    assert!(change(0, "ImageArn")["constraints"]["pattern"].as_str().unwrap().starts_with("^arn:aws:"));
}

#[test]
fn appstream_text_snapshot() {
    let log = appstream();
    let text = log.render(Format::Text);
    assert!(text.starts_with("3 new 6 updated api methods\n"));
    assert!(text.contains("    Response: Fleet.ImageArn (string) added\n"));
    insta::assert_snapshot!("appstream_1_10_57_to_1_10_58_text", text);
}

#[test]
fn appstream_markdown_has_headings_and_bullets() {
    let md = appstream().render(Format::Markdown);
    assert!(
        md.starts_with("# 3 new 6 updated api methods\n\n## New operations\n\n### DeleteImagePermissions\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Updated operations\n\n### CreateFleet\n\n- **Request** `ImageArn` (`string`) added\n"),
        "{md}"
    );
    assert!(
        md.contains("- **Response** `Images[].Visibility` (`enum VisibilityType`) enum value `SHARED` added\n"),
        "{md}"
    );
}

#[test]
fn appstream_output_is_deterministic() {
    for format in [Format::Text, Format::Markdown, Format::Json] {
        assert_eq!(appstream().render(format), appstream().render(format));
    }
    // Swapping the models swaps the story.
    let load = |rel: &str| changelog::load(rel, &workspace_file(rel)).unwrap();
    let back = changelog::diff(&load("model/appstream.json"), &load("tests/fixtures/appstream-1.10.57.json"));
    assert_eq!(back.summary(), "0 new 6 updated api methods, 3 removed");
}

// ---------------------------------------------------------------------------
// Tiny synthetic models
// ---------------------------------------------------------------------------

/// A service `ex#Svc` over `shapes`, binding every operation among them.
fn model(shapes: &Value) -> String {
    let mut shapes = shapes.as_object().unwrap().clone();
    let mut ops: Vec<&String> = shapes.iter().filter(|(_, s)| s["type"] == "operation").map(|(id, _)| id).collect();
    ops.sort();
    let operations: Vec<Value> = ops.into_iter().map(|id| json!({ "target": id })).collect();
    shapes.insert(
        "ex#Svc".into(),
        json!({
            "type": "service",
            "version": "2024-01-01",
            "operations": operations,
            "traits": {
                "aws.api#service": { "sdkId": "Ex", "endpointPrefix": "ex" },
                "aws.auth#sigv4": { "name": "ex" },
                "aws.protocols#awsJson1_1": {}
            }
        }),
    );
    serde_json::to_string_pretty(&json!({ "smithy": "2.0", "shapes": shapes })).unwrap()
}

/// `GetThing`: a request with a constrained name, a response with a list of
/// `Thing`s (enum, integer with a range, map of `Tag` structures).
fn base() -> Value {
    json!({
        "ex#GetThing": {
            "type": "operation",
            "input": { "target": "ex#GetThingRequest" },
            "output": { "target": "ex#GetThingResult" },
            "errors": [{ "target": "ex#NotFound" }],
            "traits": { "smithy.api#documentation": "<p>Gets <code>things</code>.</p>" }
        },
        "ex#GetThingRequest": {
            "type": "structure",
            "members": {
                "Name": { "target": "ex#Name", "traits": { "smithy.api#required": {}, "smithy.api#documentation": "The name." } },
                "Limit": { "target": "smithy.api#Integer" }
            },
            "traits": { "smithy.api#input": {} }
        },
        "ex#GetThingResult": {
            "type": "structure",
            "members": { "Things": { "target": "ex#ThingList" } },
            "traits": { "smithy.api#output": {} }
        },
        "ex#Name": { "type": "string", "traits": { "smithy.api#length": { "min": 1, "max": 10 } } },
        "ex#ThingList": { "type": "list", "member": { "target": "ex#Thing" } },
        "ex#Thing": {
            "type": "structure",
            "members": {
                "Id": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } },
                "Kind": { "target": "ex#Kind" },
                "Size": { "target": "ex#Size" },
                "Tags": { "target": "ex#TagMap" }
            }
        },
        "ex#Kind": {
            "type": "enum",
            "members": {
                "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "a" } },
                "B": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "b" } }
            }
        },
        "ex#Size": { "type": "integer", "traits": { "smithy.api#range": { "min": 0, "max": 10 } } },
        "ex#TagMap": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "ex#Tag" } },
        "ex#Tag": { "type": "structure", "members": { "Value": { "target": "smithy.api#String" } } },
        "ex#NotFound": {
            "type": "structure",
            "members": { "message": { "target": "smithy.api#String" } },
            "traits": { "smithy.api#error": "client" }
        },
        "ex#Conflict": {
            "type": "structure",
            "members": {},
            "traits": { "smithy.api#error": "client" }
        }
    })
}

fn diff_models(old: &Value, new: &Value) -> Changelog {
    let old = changelog::load("old.json", &model(old)).unwrap_or_else(|e| panic!("{e}"));
    let new = changelog::load("new.json", &model(new)).unwrap_or_else(|e| panic!("{e}"));
    changelog::diff(&old, &new)
}

/// The changes of the one updated operation, as `Section path: text` lines.
fn changes_of(old: &Value, new: &Value) -> Vec<String> {
    let log = diff_models(old, new);
    assert!(log.new.is_empty() && log.removed.is_empty(), "{log:?}");
    assert_eq!(log.updated.len(), 1, "{log:?}");
    log.updated[0].changes.iter().map(line).collect()
}

fn line(c: &Change) -> String {
    let text = Changelog {
        updated: vec![changelog::UpdatedOperation { name: "X".into(), changes: vec![c.clone()] }],
        ..Default::default()
    }
    .render(Format::Text);
    text.lines().nth(4).unwrap().trim().to_owned()
}

/// `base()` with `f` applied to a copy.
fn edit(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = base();
    f(&mut v);
    v
}

#[test]
fn identical_models_have_no_changes() {
    let log = diff_models(&base(), &base());
    assert!(log.is_empty());
    assert_eq!(log.summary(), "0 new 0 updated api methods");
    assert_eq!(log.render(Format::Text), "0 new 0 updated api methods\n");
}

#[test]
fn member_added() {
    let new = edit(|v| {
        v["ex#GetThingRequest"]["members"]["Filter"] =
            json!({ "target": "ex#Name", "traits": { "smithy.api#documentation": "<p>A <b>filter</b>.</p>" } });
    });
    assert_eq!(changes_of(&base(), &new), ["Request: Filter (string) added"]);
    let log = diff_models(&base(), &new);
    let ChangeKind::MemberAdded(info) = &log.updated[0].changes[0].kind else { panic!() };
    assert!(!info.required);
    assert_eq!(info.constraints, [changelog::Constraint::Length { min: Some(1), max: Some(10) }]);
    assert_eq!(changelog::plain_text(&info.docs), "A filter.");
    assert!(log
        .render(Format::Text)
        .contains("    Request: Filter (string) added\n      length min 1, max 10\n      A filter.\n"));
}

#[test]
fn member_removed() {
    let new = edit(|v| {
        v["ex#GetThingRequest"]["members"].as_object_mut().unwrap().remove("Limit");
    });
    assert_eq!(changes_of(&base(), &new), ["Request: Limit (integer) removed"]);
}

#[test]
fn type_changed() {
    let new = edit(|v| v["ex#Thing"]["members"]["Size"] = json!({ "target": "smithy.api#String" }));
    assert_eq!(
        changes_of(&base(), &new),
        [
            "Response: Things[].Size type changed: integer -> string",
            "Response: Things[].Size (string) range changed: min 0, max 10 -> none"
        ]
    );
}

#[test]
fn required_changed() {
    let new = edit(|v| {
        v["ex#GetThingRequest"]["members"]["Name"]["traits"].as_object_mut().unwrap().remove("smithy.api#required");
        v["ex#Thing"]["members"]["Size"]["traits"] = json!({ "smithy.api#required": {} });
    });
    assert_eq!(
        changes_of(&base(), &new),
        ["Request: Name (string) no longer required", "Response: Things[].Size (integer) now required"]
    );
}

#[test]
fn constraints_changed() {
    let new = edit(|v| {
        v["ex#Name"]["traits"] =
            json!({ "smithy.api#length": { "min": 1, "max": 20 }, "smithy.api#pattern": "^[a-z]+$" });
        v["ex#GetThingRequest"]["members"]["Limit"]["traits"] = json!({ "smithy.api#range": { "min": 1, "max": 100 } });
        v["ex#Size"]["traits"] = json!({});
    });
    assert_eq!(
        changes_of(&base(), &new),
        [
            "Request: Limit (integer) range changed: none -> min 1, max 100",
            "Request: Name (string) length changed: min 1, max 10 -> min 1, max 20",
            "Request: Name (string) pattern changed: none -> ^[a-z]+$",
            "Response: Things[].Size (integer) range changed: min 0, max 10 -> none",
        ]
    );
}

#[test]
fn enum_values_added_and_removed() {
    let new = edit(|v| {
        let members = v["ex#Kind"]["members"].as_object_mut().unwrap();
        members.remove("A");
        members.insert("C".into(), json!({ "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "c" } }));
    });
    assert_eq!(
        changes_of(&base(), &new),
        [
            "Response: Things[].Kind (enum Kind) enum value c added",
            "Response: Things[].Kind (enum Kind) enum value a removed"
        ]
    );
}

#[test]
fn errors_added_and_removed() {
    let new = edit(|v| v["ex#GetThing"]["errors"] = json!([{ "target": "ex#Conflict" }]));
    assert_eq!(changes_of(&base(), &new), ["Errors: Conflict added", "Errors: NotFound removed"]);
}

#[test]
fn nested_structure_change_is_seen_through_a_list_and_a_map() {
    let new = edit(|v| {
        v["ex#Thing"]["members"]["Color"] =
            json!({ "target": "smithy.api#String", "traits": { "smithy.api#required": {} } });
        v["ex#Tag"]["members"]["Key"] = json!({ "target": "smithy.api#String" });
    });
    assert_eq!(
        changes_of(&base(), &new),
        ["Response: Things[].Color (string, required) added", "Response: Things[].Tags{value}.Key (string) added"]
    );
    let log = diff_models(&base(), &new);
    assert_eq!(log.updated[0].changes[0].path, ["Things", "[]", "Color"]);
    assert_eq!(log.updated[0].changes[0].section, Section::Response);
}

#[test]
fn shared_structure_change_shows_in_every_operation_reaching_it() {
    let with_put = |v: &mut Value| {
        v["ex#PutThing"] = json!({ "type": "operation", "input": { "target": "ex#PutThingRequest" } });
        v["ex#PutThingRequest"] = json!({
            "type": "structure",
            "members": { "Thing": { "target": "ex#Thing" } },
            "traits": { "smithy.api#input": {} }
        });
    };
    let old = edit(with_put);
    let new = edit(|v| {
        with_put(v);
        v["ex#Thing"]["members"]["Color"] = json!({ "target": "smithy.api#String" });
    });
    let log = diff_models(&old, &new);
    assert_eq!(log.summary(), "0 new 2 updated api methods");
    let lines: Vec<String> =
        log.updated.iter().flat_map(|o| o.changes.iter().map(move |c| format!("{}: {}", o.name, line(c)))).collect();
    assert_eq!(
        lines,
        ["GetThing: Response: Things[].Color (string) added", "PutThing: Request: Thing.Color (string) added"]
    );
}

#[test]
fn structures_are_compared_by_structure_not_name() {
    // Rename the request, the listed structure and the enum; change nothing else.
    let rename = |v: &mut Value, from: &str, to: &str| {
        let text = serde_json::to_string(v).unwrap().replace(&format!("\"ex#{from}\""), &format!("\"ex#{to}\""));
        *v = serde_json::from_str(&text).unwrap();
    };
    let new = edit(|v| {
        rename(v, "GetThingRequest", "GetThingInput");
        rename(v, "Thing", "Item");
        rename(v, "Kind", "Sort");
    });
    assert!(diff_models(&base(), &new).is_empty());
}

#[test]
fn documentation_changes_are_reported_in_plain_text() {
    let new = edit(|v| {
        v["ex#GetThingRequest"]["members"]["Name"]["traits"]["smithy.api#documentation"] =
            json!("<p>The <i>new</i> name.</p>");
        v["ex#GetThing"]["traits"]["smithy.api#documentation"] = json!("<p>Gets all things.</p>");
    });
    assert_eq!(
        changes_of(&base(), &new),
        ["Operation: documentation changed", "Request: Name (string) documentation changed"]
    );
    let text = diff_models(&base(), &new).render(Format::Text);
    assert!(text.contains("      - The name.\n      + The new name.\n"), "{text}");
    assert!(text.contains("      - Gets things.\n      + Gets all things.\n"), "{text}");
}

#[test]
fn new_and_removed_operations_are_counted() {
    let old = edit(|v| {
        v["ex#DropThing"] =
            json!({ "type": "operation", "traits": { "smithy.api#documentation": "<p>Drops a thing.</p>" } });
    });
    let new = edit(|v| {
        v["ex#MakeThing"] = json!({ "type": "operation", "traits": { "smithy.api#documentation": "<p>Makes a <code>Thing</code>.</p>" } });
    });
    let log = diff_models(&old, &new);
    assert_eq!(log.summary(), "1 new 0 updated api methods, 1 removed");
    assert_eq!(
        log.render(Format::Text),
        "1 new 0 updated api methods, 1 removed\n\nNew operations:\n  MakeThing\n    Makes a Thing.\n\nRemoved operations:\n  DropThing\n    Drops a thing.\n"
    );
    let json: Value = serde_json::from_str(&log.render(Format::Json)).unwrap();
    assert_eq!(json["new_operations"], json!([{ "name": "MakeThing", "documentation": "Makes a Thing." }]));
    assert_eq!(json["removed_operations"][0]["name"], "DropThing");
}

#[test]
fn added_recursive_structure_terminates() {
    let new = edit(|v| {
        v["ex#Thing"]["members"]["Parent"] = json!({ "target": "ex#Node" });
        v["ex#Node"] = json!({ "type": "structure", "members": { "Next": { "target": "ex#Node" }, "Label": { "target": "smithy.api#String" } } });
    });
    assert_eq!(
        changes_of(&base(), &new),
        [
            "Response: Things[].Parent (structure Node) added",
            "Response: Things[].Parent.Label (string) added",
            "Response: Things[].Parent.Next (structure Node) added",
        ]
    );
    // And a recursive structure present in both compares without looping.
    assert!(diff_models(&new, &new).is_empty());
}

#[test]
fn invalid_models_are_reported_with_locations() {
    let bad = model(&edit(|v| v["ex#Thing"]["members"]["Size"] = json!({ "target": "ex#Missing" })));
    let err = changelog::load("bad.json", &bad).unwrap_err().to_string();
    assert!(err.contains("bad.json#/shapes/ex#Thing/members/Size/target"), "{err}");
}
