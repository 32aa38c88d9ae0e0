//! The generated crate's surface as its users meet it: request ids on every
//! output and page, accessors beside the public fields, and builders that
//! return the value when nothing can be missing. Over real HTTP on
//! 127.0.0.1 with the signature-checking loopback server, under both
//! protocols: this target speaks rpcv2Cbor, `surface_json` awsJson1.1.

mod support;

use appstream::config::Credentials;
use appstream::operation::describe_fleets::DescribeFleetsOutput;
use appstream::types::{ComputeCapacity, Fleet, FleetState, ImagePermissions, VpcConfig};
use appstream::Client;
use serde_json::json;
use support::{Reply, TestServer, ACCESS_KEY, SECRET};

fn client(server: &TestServer) -> Client {
    Client::new(
        support::config()
            .region("us-east-1")
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None, None))
            .endpoint_url(server.url())
            .time_source(appstream::config::FixedTime(support::fixed_instant()))
            .build(),
    )
}

fn fleet(name: &str, state: &str) -> serde_json::Value {
    json!({
        "Arn": format!("arn:aws:appstream:us-east-1:123456789012:fleet/{name}"),
        "Name": name,
        "InstanceType": "stream.standard.medium",
        "ComputeCapacityStatus": {"Desired": 2, "Running": 1},
        "State": state,
        "VpcConfig": {"SubnetIds": ["subnet-0a1b2c3d"]},
        "CreatedTime": 1_709_210_000.5,
        "MaxUserDurationInSeconds": 3600
    })
}

#[tokio::test]
async fn every_output_and_every_page_carries_its_request_id() {
    let server = TestServer::start_default().await;
    server
        .push("DeleteImage", Reply::ok("{}").request_id("rid-delete"))
        .push(
            "DescribeFleets",
            Reply::ok(json!({"Fleets": [fleet("a", "RUNNING")], "NextToken": "t1"}).to_string())
                .request_id("rid-page-1"),
        )
        .push(
            "DescribeFleets",
            Reply::ok(json!({"Fleets": [fleet("b", "STOPPED")]}).to_string()).request_id("rid-page-2"),
        );
    let client = client(&server);

    let out = client.delete_image().name("OldImage").send().await.unwrap();
    assert_eq!(out.request_id(), Some("rid-delete"));
    // Through the runtime's trait too, as generic code reaches it.
    assert_eq!(smithy_rt::OperationOutput::request_id(&out), Some("rid-delete"));

    let mut pages = client.describe_fleets().into_paginator().send();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.push(page.unwrap().request_id().map(str::to_owned));
    }
    assert_eq!(ids, [Some("rid-page-1".to_owned()), Some("rid-page-2".to_owned())]);
    assert_eq!(server.unused_replies(), 0);
}

#[tokio::test]
async fn the_request_id_does_not_make_equal_outputs_differ() {
    let server = TestServer::start_default().await;
    server.push("DescribeFleets", Reply::ok(json!({"Fleets": []}).to_string()).request_id("rid-1"));
    let out = client(&server).describe_fleets().send().await.unwrap();
    assert_eq!(out.request_id(), Some("rid-1"));
    let built = DescribeFleetsOutput::builder().set_fleets(Some(Vec::new())).build();
    assert_eq!(built.request_id(), None);
    assert_eq!(out, built, "outputs compare by their members only");
    assert!(format!("{out:?}").contains("rid-1"), "Debug shows the request id: {out:?}");
}

#[tokio::test]
async fn accessors_read_like_the_aws_sdks() {
    let server = TestServer::start_default().await;
    server.push("DescribeFleets", Reply::ok(json!({"Fleets": [fleet("sales", "RUNNING")]}).to_string()));
    let out = client(&server).describe_fleets().send().await.unwrap();
    let fleet: &Fleet = &out.fleets()[0];
    assert_eq!(fleet.name(), "sales");
    assert_eq!(fleet.state(), &FleetState::Running);
    assert_eq!(fleet.max_user_duration_in_seconds(), Some(3600));
    assert_eq!(fleet.display_name(), None);
    assert_eq!(fleet.compute_capacity_status().desired(), 2);
    assert_eq!(fleet.compute_capacity_status().running(), Some(1));
    assert_eq!(fleet.vpc_config().map(VpcConfig::subnet_ids), Some(&["subnet-0a1b2c3d".to_owned()][..]));
    // An absent list reads as an empty slice.
    assert!(fleet.fleet_errors().is_empty());
    assert!(fleet.vpc_config().unwrap().security_group_ids().is_empty());
    assert_eq!(fleet.created_time().map(|t| t.as_milliseconds()), Some(1_709_210_000_500));
    assert_eq!(out.next_token(), None);
    // The same values as the public fields.
    assert_eq!(fleet.name(), fleet.name.as_str());
    assert_eq!(fleet.created_time(), fleet.created_time);
}

#[test]
fn builders_with_nothing_required_return_the_value() {
    // No `Result` to unwrap: nothing can be missing.
    let permissions: ImagePermissions = ImagePermissions::builder().allow_fleet(true).build();
    assert_eq!(permissions.allow_fleet(), Some(true));
    let vpc: VpcConfig = VpcConfig::builder().subnet_ids("subnet-1").build();
    assert_eq!(vpc.subnet_ids(), ["subnet-1"]);
    // A required member can be missing: a `Result` naming it.
    let err = ComputeCapacity::builder().build().unwrap_err();
    assert!(err.to_string().contains("DesiredInstances"), "{err}");
    // Inputs always return a `Result`, as the client checks them the same way.
    let input = appstream::operation::describe_fleets::DescribeFleetsInput::builder().build();
    assert!(input.is_ok());
}

#[test]
fn every_example_says_how_to_run_it_locally() {
    let dir = appstream_tests::workspace_root().join("generated/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_str().unwrap();
        let header: String = text.lines().filter(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n");
        assert!(
            header.contains("AWS_ENDPOINT_URL=http://127.0.0.1") && header.contains(&format!("--example {name}`")),
            "{} does not say how to run it against a local endpoint:\n{header}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 3, "examples found: {seen}");
}

/// Public structures with public fields and public enums that a later
/// version could extend are `#[non_exhaustive]`, in the generated crate and
/// in the runtime it re-exports. The exceptions are descriptions that
/// generated code builds with struct literals (which `#[non_exhaustive]`
/// forbids across crates); they change only together with the generator.
/// `FixedTime(SystemTime)` is a newtype: complete by what it is.
#[test]
fn extensible_public_types_are_non_exhaustive() {
    const BUILT_BY_GENERATED_CODE: &[&str] = &["ServiceMeta", "WaiterSpec", "Acceptor", "PageAccess", "FixedTime"];
    let root = appstream_tests::workspace_root();
    let mut files = Vec::new();
    let mut dirs = vec![root.join("generated/src"), root.join("runtime/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut missing = Vec::new();
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let Some(rest) = trimmed.strip_prefix("pub enum ").or_else(|| trimmed.strip_prefix("pub struct ")) else {
                continue;
            };
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let is_enum = trimmed.starts_with("pub enum");
            // A struct's body up to its closing brace at the same indent.
            let indent = line.len() - trimmed.len();
            let body: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| !(l.len() > indent && l[indent..].starts_with('}') && l[..indent].trim().is_empty()))
                .copied()
                .collect();
            let public_fields = rest.contains("(pub ")
                || (!rest.trim_end().ends_with(';')
                    && body.iter().any(|l| l.trim_start().starts_with("pub ") && l.contains(':')));
            if !is_enum && !public_fields {
                continue;
            }
            checked += 1;
            let attrs = lines[..i].iter().rev().take_while(|l| {
                let t = l.trim_start();
                t.starts_with("#[") || t.starts_with("///") || t.starts_with(")]") || t.starts_with('"')
            });
            let marked = attrs.into_iter().any(|l| l.contains("non_exhaustive"));
            if !marked && !BUILT_BY_GENERATED_CODE.contains(&name.as_str()) {
                missing.push(format!("{}:{}: {name}", path.strip_prefix(&root).unwrap().display(), i + 1));
            }
        }
    }
    assert!(checked > 30, "the scan found only {checked} types");
    assert!(missing.is_empty(), "public types without #[non_exhaustive]:\n{}", missing.join("\n"));
}

/// A `null` element of a list or value of a map (seen from real services)
/// is dropped, as Smithy's protocol tests say, instead of failing the whole
/// response; a `null` member is absent.
#[tokio::test]
async fn one_null_never_loses_the_whole_response() {
    let server = TestServer::start_default().await;
    let mut with_nulls = fleet("sales", "RUNNING");
    with_nulls["VpcConfig"] = json!({"SubnetIds": [null, "subnet-1", null], "SecurityGroupIds": null});
    with_nulls["DisplayName"] = serde_json::Value::Null;
    server
        .push("DescribeFleets", Reply::ok(json!({"Fleets": [null, with_nulls, null], "NextToken": null}).to_string()));
    let image = json!({
        "Name": "img",
        "Applications": [{"Name": "app", "Metadata": {"kept": "v", "dropped": null}}, null]
    });
    server.push("DescribeImages", Reply::ok(json!({"Images": [image]}).to_string()));
    let client = client(&server);

    let out = client.describe_fleets().send().await.unwrap();
    assert_eq!(out.fleets().len(), 1);
    let fleet = &out.fleets()[0];
    assert_eq!(fleet.name(), "sales");
    assert_eq!(fleet.display_name(), None);
    let vpc = fleet.vpc_config().unwrap();
    assert_eq!(vpc.subnet_ids(), ["subnet-1"]);
    assert_eq!(vpc.security_group_ids.as_ref(), None);
    assert_eq!(out.next_token(), None);

    let out = client.describe_images().send().await.unwrap();
    let apps = out.images()[0].applications();
    assert_eq!(apps.len(), 1);
    let metadata = apps[0].metadata().unwrap();
    assert_eq!(metadata.len(), 1);
    assert_eq!(metadata["kept"], "v");
}

#[tokio::test]
async fn outputs_serialise_back_with_full_timestamp_precision() {
    let server = TestServer::start_default().await;
    let mut f = fleet("sales", "RUNNING");
    f["CreatedTime"] = json!(1_531_483_724.415123);
    server.push("DescribeFleets", Reply::ok(json!({"Fleets": [f]}).to_string()));
    let out = client(&server).describe_fleets().send().await.unwrap();
    let created = out.fleets()[0].created_time().unwrap();
    assert_eq!(created.as_microseconds(), 1_531_483_724_415_123);
    let back = serde_json::to_string(&out).unwrap();
    assert!(back.contains(r#""CreatedTime":1531483724.415123"#), "{back}");
}
