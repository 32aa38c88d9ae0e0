//! The generated client end to end, over real HTTP on 127.0.0.1: a loopback
//! server (tests/support) checks every request's SigV4 signature from the
//! raw request, with its own implementation, and answers from a script.
//! Under both protocols: this target speaks rpcv2Cbor, `client_e2e_json`
//! awsJson1.1 (`support::protocol`).
//!
//! The clock is fixed and retries wait through a `RecordingSleep`, so
//! nothing waits for real except the timeout tests.

mod support;

use appstream::config::{ConfigBuilder, Credentials, Env};
use appstream::error::ServiceError;
use appstream::operation::create_fleet::{CreateFleetError, CreateFleetInput};
use appstream::primitives::{ValidationMode, Violation};
use appstream::types::{
    ComputeCapacity, DomainJoinInfo, FleetAttribute, FleetState, FleetType, ImagePermissions, VpcConfig,
};
use appstream::{Client, SdkError};
use serde_json::json;
use smithy_rt::client::test_util::RecordingSleep;
use smithy_rt::client::{ConstructionErrorKind, FixedTime, TimeoutKind};
use smithy_rt::validate::Constraint;
use std::time::{Duration, Instant};
use support::{Principal, Reply, TestServer, Verifier, ACCESS_KEY, SECRET};

/// Region, static credentials, the server's endpoint, the fixed clock and an
/// instant, recording sleep.
fn config(server: &TestServer, sleep: &RecordingSleep) -> ConfigBuilder {
    support::config()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET, None, None))
        .endpoint_url(server.url())
        .time_source(FixedTime(support::fixed_instant()))
        .sleep(sleep.clone())
}

fn client(server: &TestServer) -> Client {
    Client::new(config(server, &RecordingSleep::new()).build())
}

const FLEET_ARN: &str = "arn:aws:appstream:us-east-1:123456789012:fleet/sales-fleet";
const IMAGE_ARN: &str = "arn:aws:appstream:us-east-1:123456789012:image/SalesImage";

fn fleet_json(state: &str, desired: i32) -> serde_json::Value {
    json!({
        "Arn": FLEET_ARN,
        "Name": "sales-fleet",
        "DisplayName": "Sales",
        "ImageName": "SalesImage",
        "InstanceType": "stream.standard.medium",
        "FleetType": "ON_DEMAND",
        "ComputeCapacityStatus": {"Desired": desired, "Running": 1, "InUse": 0, "Available": 1},
        "MaxUserDurationInSeconds": 3600,
        "DisconnectTimeoutInSeconds": 900,
        "State": state,
        "VpcConfig": {"SubnetIds": ["subnet-0a1b2c3d"], "SecurityGroupIds": ["sg-0123abcd"]},
        "CreatedTime": 1_709_210_000.5,
        "EnableDefaultInternetAccess": false
    })
}

fn image_json(name: &str, state: &str) -> serde_json::Value {
    json!({
        "Name": name,
        "Arn": format!("arn:aws:appstream:us-east-1:123456789012:image/{name}"),
        "BaseImageArn": "arn:aws:appstream:us-east-1::image/Base-Image-Builder-05-02-2018",
        "State": state,
        "Visibility": "PRIVATE",
        "ImageBuilderSupported": true,
        "Platform": "WINDOWS",
        "Applications": [{"Name": "notepad", "DisplayName": "Notepad", "LaunchPath": "C:\\Windows\\notepad.exe", "Enabled": true, "Metadata": {"k": "v"}}],
        "CreatedTime": 1_709_000_000,
        "ImagePermissions": {"allowFleet": true, "allowImageBuilder": false}
    })
}

/// Every request the server saw was signed correctly, by `key`, and is one
/// of this binary's protocol (path, operation header, content type).
fn assert_all_signed_by(server: &TestServer, key: &str) {
    for (i, seen) in server.seen().iter().enumerate() {
        assert_eq!(seen.rejection, None, "request {i} ({}) was rejected", seen.operation);
        assert_eq!(seen.access_key.as_deref(), Some(key), "request {i}");
        seen.assert_speaks(support::protocol(), &format!("request {i}"));
        assert_eq!(seen.header("host"), Some(server.url().trim_start_matches("http://")), "request {i}");
    }
}

/// The loopback server's transcoding (tests/support): a JSON reply sent as
/// CBOR and read back is the same document, timestamps are tag 1, and a
/// request body reads as the same document in either protocol.
#[test]
fn json_and_cbor_documents_correspond() {
    let document = json!({"Fleets": [fleet_json("RUNNING", 2)], "Images": [image_json("i", "AVAILABLE")], "Empty": {}});
    let cbor = support::json_to_cbor(&document);
    assert_eq!(support::cbor_to_json(&cbor), document);
    let value = smithy_rt::cbor::value_from_slice(&cbor).unwrap().to_json();
    assert_eq!(value["Fleets"][0]["CreatedTime"], json!({"$tag": 1, "$value": 1_709_210_000.5}));
    assert_eq!(value["Images"][0]["CreatedTime"], json!({"$tag": 1, "$value": 1_709_000_000}));
    assert_eq!(value["Fleets"][0]["MaxUserDurationInSeconds"], json!(3600), "other numbers are untagged");
    let json_body = document.to_string();
    assert_eq!(support::body_json(support::Protocol::AwsJson1_1, json_body.as_bytes()), document);
    assert_eq!(support::body_json(support::Protocol::RpcV2Cbor, &cbor), document);
}

// ---------------------------------------------------------------------------
// Success

#[tokio::test]
async fn every_operation_succeeds_end_to_end() {
    let server = TestServer::start_default().await;
    server
        .push("CreateFleet", Reply::ok(json!({"Fleet": fleet_json("STARTING", 2)}).to_string()))
        .push(
            "CreateImageBuilder",
            Reply::ok(
                json!({"ImageBuilder": {
                    "Name": "builder-1", "Arn": "arn:aws:appstream:us-east-1:123456789012:image-builder/builder-1",
                    "ImageArn": IMAGE_ARN, "InstanceType": "stream.standard.large", "Platform": "WINDOWS",
                    "State": "PENDING", "CreatedTime": 1_709_210_096, "EnableDefaultInternetAccess": true,
                    "AppstreamAgentVersion": "LATEST"
                }})
                .to_string(),
            ),
        )
        .push("DeleteImage", Reply::ok(json!({"Image": image_json("OldImage", "DELETING")}).to_string()))
        .push("DeleteImagePermissions", Reply::ok("{}"))
        .push("DescribeFleets", Reply::ok(json!({"Fleets": [fleet_json("RUNNING", 2)], "NextToken": "page-2"}).to_string()))
        .push(
            "DescribeImagePermissions",
            Reply::ok(
                json!({"Name": "SalesImage", "SharedImagePermissionsList": [
                    {"sharedAccountId": "210987654321", "imagePermissions": {"allowFleet": true, "allowImageBuilder": true}}
                ]})
                .to_string(),
            ),
        )
        .push("DescribeImages", Reply::ok(json!({"Images": [image_json("SalesImage", "AVAILABLE")]}).to_string()))
        .push("UpdateFleet", Reply::ok(json!({"Fleet": fleet_json("RUNNING", 5)}).to_string()))
        .push("UpdateImagePermissions", Reply::ok(""));
    let client = client(&server);

    let created = client
        .create_fleet()
        .name("sales-fleet")
        .image_name("SalesImage")
        .instance_type("stream.standard.medium")
        .fleet_type(FleetType::OnDemand)
        .compute_capacity(ComputeCapacity::builder().desired_instances(2).build().unwrap())
        .vpc_config(VpcConfig::builder().subnet_ids("subnet-0a1b2c3d").security_group_ids("sg-0123abcd").build())
        .max_user_duration_in_seconds(3600)
        .display_name("Sales")
        .enable_default_internet_access(false)
        .send()
        .await
        .unwrap();
    let fleet = created.fleet.unwrap();
    assert_eq!(
        (fleet.name.as_str(), fleet.arn.as_str(), fleet.state.clone()),
        ("sales-fleet", FLEET_ARN, FleetState::Starting)
    );
    assert_eq!(fleet.fleet_type, Some(FleetType::OnDemand));
    assert_eq!(fleet.compute_capacity_status.desired, 2);
    assert_eq!(fleet.created_time.unwrap().as_milliseconds(), 1_709_210_000_500);
    assert_eq!(fleet.vpc_config.unwrap().subnet_ids, Some(vec!["subnet-0a1b2c3d".to_owned()]));

    let builder = client
        .create_image_builder()
        .name("builder-1")
        .image_arn(IMAGE_ARN)
        .instance_type("stream.standard.large")
        .enable_default_internet_access(true)
        .appstream_agent_version("LATEST")
        .send()
        .await
        .unwrap()
        .image_builder
        .unwrap();
    assert_eq!((builder.name.as_str(), builder.state.as_ref().map(|s| s.as_str())), ("builder-1", Some("PENDING")));
    assert_eq!(builder.created_time.unwrap().as_seconds(), 1_709_210_096);

    let deleted = client.delete_image().name("OldImage").send().await.unwrap().image.unwrap();
    assert_eq!((deleted.name.as_str(), deleted.state.as_ref().map(|s| s.as_str())), ("OldImage", Some("DELETING")));
    assert_eq!(deleted.applications.as_ref().unwrap()[0].launch_path.as_deref(), Some("C:\\Windows\\notepad.exe"));

    client.delete_image_permissions().name("SalesImage").shared_account_id("210987654321").send().await.unwrap();

    let described = client.describe_fleets().names("sales-fleet").send().await.unwrap();
    assert_eq!(described.next_token.as_deref(), Some("page-2"));
    assert_eq!(described.fleets.as_ref().unwrap()[0].state, FleetState::Running);

    let permissions = client.describe_image_permissions().name("SalesImage").max_results(10).send().await.unwrap();
    assert_eq!(permissions.name.as_deref(), Some("SalesImage"));
    let shared = &permissions.shared_image_permissions_list.as_ref().unwrap()[0];
    assert_eq!(
        (shared.shared_account_id.as_str(), shared.image_permissions.allow_image_builder),
        ("210987654321", Some(true))
    );

    let images = client.describe_images().names("SalesImage").send().await.unwrap().images.unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].image_permissions.as_ref().unwrap().allow_fleet, Some(true));

    let updated = client
        .update_fleet()
        .name("sales-fleet")
        .compute_capacity(ComputeCapacity::builder().desired_instances(5).build().unwrap())
        .attributes_to_delete(FleetAttribute::DomainJoinInfo)
        .delete_vpc_config(false)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.fleet.unwrap().compute_capacity_status.desired, 5);

    client
        .update_image_permissions()
        .name("SalesImage")
        .shared_account_id("210987654321")
        .image_permissions(ImagePermissions::builder().allow_fleet(true).allow_image_builder(false).build())
        .send()
        .await
        .unwrap();

    assert_eq!(server.unused_replies(), 0);
    assert_all_signed_by(&server, ACCESS_KEY);
    let seen = server.seen();
    let sent: Vec<(&str, serde_json::Value)> = seen.iter().map(|s| (s.operation.as_str(), s.json())).collect();
    assert_eq!(
        sent,
        vec![
            (
                "CreateFleet",
                json!({"Name": "sales-fleet", "ImageName": "SalesImage", "InstanceType": "stream.standard.medium", "FleetType": "ON_DEMAND",
                       "ComputeCapacity": {"DesiredInstances": 2}, "VpcConfig": {"SubnetIds": ["subnet-0a1b2c3d"], "SecurityGroupIds": ["sg-0123abcd"]},
                       "MaxUserDurationInSeconds": 3600, "DisplayName": "Sales", "EnableDefaultInternetAccess": false})
            ),
            (
                "CreateImageBuilder",
                json!({"Name": "builder-1", "ImageArn": IMAGE_ARN, "InstanceType": "stream.standard.large",
                       "EnableDefaultInternetAccess": true, "AppstreamAgentVersion": "LATEST"})
            ),
            ("DeleteImage", json!({"Name": "OldImage"})),
            ("DeleteImagePermissions", json!({"Name": "SalesImage", "SharedAccountId": "210987654321"})),
            ("DescribeFleets", json!({"Names": ["sales-fleet"]})),
            ("DescribeImagePermissions", json!({"Name": "SalesImage", "MaxResults": 10})),
            ("DescribeImages", json!({"Names": ["SalesImage"]})),
            (
                "UpdateFleet",
                json!({"Name": "sales-fleet", "ComputeCapacity": {"DesiredInstances": 5}, "DeleteVpcConfig": false,
                       "AttributesToDelete": ["DOMAIN_JOIN_INFO"]})
            ),
            (
                "UpdateImagePermissions",
                json!({"Name": "SalesImage", "SharedAccountId": "210987654321", "ImagePermissions": {"allowFleet": true, "allowImageBuilder": false}})
            ),
        ]
    );
    for s in &seen {
        s.assert_speaks(support::protocol(), &s.operation);
        assert_eq!(s.header("amz-sdk-request"), Some("attempt=1; max=3"));
        assert!(s.header("user-agent").unwrap().starts_with("appstream/0.1.0 "), "{:?}", s.header("user-agent"));
    }
}

/// The server is not a rubber stamp: a wrong secret is refused, and the
/// client reports the refusal (403 is not retried).
#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_server() {
    let server = TestServer::start_default().await;
    server.push("DescribeFleets", Reply::ok("{}"));
    let client = Client::new(
        config(&server, &RecordingSleep::new())
            .credentials(Credentials::new(ACCESS_KEY, "not-the-secret", None, None))
            .build(),
    );
    let err = client.describe_fleets().send().await.unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(403), Some("InvalidSignatureException")));
    assert_eq!(err.request_id(), Some("loopback-1"));
    assert!(err.into_service_error().unwrap().message().unwrap().starts_with("signature mismatch"));
    assert_eq!(server.request_count(), 1);
    assert_eq!(server.unused_replies(), 1);
    assert!(server.seen()[0].rejection.as_deref().unwrap().starts_with("signature mismatch"));
}

// ---------------------------------------------------------------------------
// Service errors

fn create_fleet(client: &Client) -> appstream::operation::create_fleet::CreateFleetFluentBuilder {
    client
        .create_fleet()
        .name("sales-fleet")
        .instance_type("stream.standard.medium")
        .compute_capacity(ComputeCapacity::builder().desired_instances(1).build().unwrap())
}

#[tokio::test]
async fn every_modelled_create_fleet_error_becomes_its_variant() {
    type Check = fn(&CreateFleetError) -> bool;
    let errors: [(&str, Check); 10] = [
        ("ResourceAlreadyExistsException", CreateFleetError::is_resource_already_exists_exception),
        ("ResourceNotAvailableException", CreateFleetError::is_resource_not_available_exception),
        ("ResourceNotFoundException", CreateFleetError::is_resource_not_found_exception),
        ("LimitExceededException", CreateFleetError::is_limit_exceeded_exception),
        ("InvalidAccountStatusException", CreateFleetError::is_invalid_account_status_exception),
        ("InvalidRoleException", CreateFleetError::is_invalid_role_exception),
        ("ConcurrentModificationException", CreateFleetError::is_concurrent_modification_exception),
        ("InvalidParameterCombinationException", CreateFleetError::is_invalid_parameter_combination_exception),
        ("IncompatibleImageException", CreateFleetError::is_incompatible_image_exception),
        ("OperationNotPermittedException", CreateFleetError::is_operation_not_permitted_exception),
    ];
    let server = TestServer::start_default().await;
    // LimitExceededException is on AWS's list of throttling codes and would
    // be retried (see `limit_exceeded_is_retried_like_throttling`): one attempt here.
    let client = Client::new(config(&server, &RecordingSleep::new()).max_attempts(1).build());
    for (i, (code, _)) in errors.iter().enumerate() {
        // Alternate the body's spellings: namespaced `__type`, `Message`.
        let body = if i % 2 == 0 {
            json!({"__type": code, "message": format!("{code} happened")})
        } else {
            json!({"__type": format!("com.amazonaws.appstream#{code}"), "Message": format!("{code} happened")})
        };
        server.push("CreateFleet", Reply::json(400, body.to_string()).request_id(&format!("rid-{code}")));
    }
    for (code, is_it) in errors {
        let err = create_fleet(&client).send().await.unwrap_err();
        assert_eq!(
            (err.status(), err.code(), err.request_id()),
            (Some(400), Some(code), Some(format!("rid-{code}").as_str()))
        );
        assert_eq!(err.message(), Some(format!("{code} happened").as_str()));
        let e = err.into_service_error().unwrap();
        assert!(is_it(&e), "{code}: {e:?}");
        let matching = errors.iter().filter(|(_, check)| check(&e)).count();
        assert_eq!(matching, 1, "{code}: exactly one is_*() holds");
        assert!(!matches!(e, CreateFleetError::Unhandled(_)), "{code}");
        assert_eq!(e.code(), Some(code));
        assert_eq!(e.message(), Some(format!("{code} happened").as_str()));
        assert_eq!(e.to_string(), format!("{code}: {code} happened"));
    }
    assert_eq!(server.request_count(), 10);
    assert_eq!(server.unused_replies(), 0);
}

/// AppStream's modelled LimitExceededException ("too many fleets") shares its
/// code with AWS's standard throttling list, so the standard retry mode (the
/// runtime's and botocore's) retries it before giving up.
#[tokio::test]
async fn limit_exceeded_is_retried_like_throttling() {
    let server = TestServer::start_default().await;
    for _ in 0..3 {
        server.push("CreateFleet", Reply::error(400, "LimitExceededException", "too many fleets"));
    }
    let sleep = RecordingSleep::new();
    let client = Client::new(config(&server, &sleep).build());
    let err = create_fleet(&client).send().await.unwrap_err();
    assert!(err.into_service_error().unwrap().is_limit_exceeded_exception());
    assert_eq!(server.request_count(), 3);
    assert_eq!(sleep.sleeps().len(), 2);
}

#[tokio::test]
async fn an_unmodelled_error_is_unhandled_with_code_message_and_request_id() {
    let server = TestServer::start_default().await;
    server.push(
        "DescribeFleets",
        Reply::json(
            400,
            r#"{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User is not authorized"}"#,
        )
        .request_id("rid-denied"),
    );
    let err = client(&server).describe_fleets().send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "DescribeFleets: AccessDeniedException: User is not authorized (request id rid-denied)"
    );
    let e = err.into_service_error().unwrap();
    let appstream::operation::describe_fleets::DescribeFleetsError::Unhandled(u) = &e else { panic!("{e:?}") };
    assert_eq!(
        (u.status(), u.code(), u.message(), u.request_id()),
        (400, Some("AccessDeniedException"), Some("User is not authorized"), Some("rid-denied"))
    );
    // The body as it came, in the protocol's format.
    let sent = r#"{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User is not authorized"}"#;
    if support::is_cbor() {
        assert_eq!(u.body(), support::json_to_cbor(&serde_json::from_str(sent).unwrap()));
        assert_eq!(u.body()[0], 0xa2, "a CBOR map of two");
    } else {
        assert_eq!(u.body(), sent.as_bytes());
    }
    assert_eq!((e.code(), e.message()), (Some("AccessDeniedException"), Some("User is not authorized")));
    assert!(!e.is_resource_not_found_exception());
    assert_eq!(server.request_count(), 1);
}

/// Where the error code comes from differs between the protocols: awsJson1.1
/// reads `X-Amzn-ErrorType` first (its normative tests
/// AwsJson11FooErrorUsingXAmznErrorType*), rpcv2Cbor ignores that header and
/// reads `__type` alone (Smithy's rpcv2Cbor specification).
#[tokio::test]
async fn the_error_type_header_wins_in_aws_json_and_is_ignored_in_rpcv2_cbor() {
    let server = TestServer::start_default().await;
    let header = "ResourceInUseException:http://internal.amazon.com/coral/com.amazonaws.appstream/";
    server.push(
        "DeleteImage",
        Reply::error(400, "ResourceNotFoundException", "No image x.").header("X-Amzn-ErrorType", header),
    );
    server.push("DeleteImage", Reply::json(400, "{}").header("X-Amzn-ErrorType", header));
    let client = Client::new(config(&server, &RecordingSleep::new()).max_attempts(1).build());

    let err = client.delete_image().name("x").send().await.unwrap_err();
    let e = err.service_error().unwrap();
    if support::is_cbor() {
        assert_eq!((err.code(), err.message()), (Some("ResourceNotFoundException"), Some("No image x.")));
        assert!(e.is_resource_not_found_exception(), "{e:?}");
    } else {
        assert_eq!((err.code(), err.message()), (Some("ResourceInUseException"), Some("No image x.")));
        assert!(e.is_resource_in_use_exception(), "{e:?}");
    }

    // The header alone.
    let err = client.delete_image().name("x").send().await.unwrap_err();
    if support::is_cbor() {
        assert_eq!(err.code(), None);
        assert!(matches!(
            err.service_error(),
            Some(appstream::operation::delete_image::DeleteImageError::Unhandled(_))
        ));
    } else {
        assert_eq!(err.code(), Some("ResourceInUseException"));
        assert!(err.service_error().unwrap().is_resource_in_use_exception());
    }
    assert_eq!(server.unused_replies(), 0);
}

/// An rpcv2Cbor response must carry `smithy-protocol: rpc-v2-cbor`; one
/// that does not is not believed: a success is a malformed response, an
/// error is read from its status alone (no code, message or request id),
/// even when its body is a well-formed CBOR error. awsJson1.1 has no such
/// header, and the same replies in JSON are read as usual.
#[tokio::test]
async fn a_response_without_the_protocol_header_is_read_from_its_status_alone() {
    let server = TestServer::start_default().await;
    let error = json!({"__type": "ResourceNotFoundException", "message": "No image x."});
    let output = json!({"Image": image_json("x", "AVAILABLE")});
    let (content_type, error_body, output_body) = if support::is_cbor() {
        ("application/cbor", support::json_to_cbor(&error), support::json_to_cbor(&output))
    } else {
        ("application/x-amz-json-1.1", error.to_string().into_bytes(), output.to_string().into_bytes())
    };
    server.push("DeleteImage", Reply::raw(400, content_type, error_body).request_id("rid-error"));
    server.push("DeleteImage", Reply::raw(200, content_type, output_body).request_id("rid-output"));
    let client = Client::new(config(&server, &RecordingSleep::new()).max_attempts(1).build());

    let err = client.delete_image().name("x").send().await.unwrap_err();
    let output = client.delete_image().name("x").send().await;
    if support::is_cbor() {
        assert_eq!((err.status(), err.code(), err.message(), err.request_id()), (Some(400), None, None, None));
        assert_eq!(err.to_string(), "DeleteImage: HTTP 400 error response without an error code");
        let err = output.unwrap_err();
        let SdkError::Response(r) = &err else { panic!("{err:?}") };
        assert_eq!((r.status(), r.request_id()), (200, Some("rid-output")));
        let why = std::error::Error::source(r).unwrap().to_string();
        assert!(why.contains("smithy-protocol header is none"), "{why}");
    } else {
        assert_eq!((err.code(), err.request_id()), (Some("ResourceNotFoundException"), Some("rid-error")));
        assert!(err.service_error().unwrap().is_resource_not_found_exception());
        assert_eq!(output.unwrap().image.unwrap().name, "x");
    }
    assert_eq!(server.request_count(), 2, "neither is retried");
}

// ---------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn throttling_twice_then_success_takes_three_attempts() {
    let server = TestServer::start_default().await;
    server
        .push("DescribeImages", Reply::error(400, "ThrottlingException", "Rate exceeded"))
        .push("DescribeImages", Reply::error(400, "ThrottlingException", "Rate exceeded"))
        .push("DescribeImages", Reply::ok(json!({"Images": [image_json("SalesImage", "AVAILABLE")]}).to_string()));
    let sleep = RecordingSleep::new();
    let client = Client::new(config(&server, &sleep).build());
    let started = Instant::now();
    let images = client.describe_images().send().await.unwrap().images.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "no real waiting: {:?}", started.elapsed());
    assert_eq!(images[0].name, "SalesImage");
    assert_eq!(server.request_count(), 3);
    assert_all_signed_by(&server, ACCESS_KEY);
    let seen = server.seen();
    let attempts: Vec<&str> = seen.iter().map(|s| s.header("amz-sdk-request").unwrap()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    let ids: Vec<&str> = seen.iter().map(|s| s.header("amz-sdk-invocation-id").unwrap()).collect();
    assert!(ids.iter().all(|id| *id == ids[0] && id.len() == 36), "one invocation id per call: {ids:?}");
    // Full jitter under 1 s, then under 2 s.
    let sleeps = sleep.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] < Duration::from_secs(1) && sleeps[1] < Duration::from_secs(2), "{sleeps:?}");
}

#[tokio::test]
async fn service_unavailable_then_success() {
    let server = TestServer::start_default().await;
    server
        .push("DeleteImage", Reply::raw(503, "text/html", "<html><body>Service Unavailable</body></html>"))
        .push("DeleteImage", Reply::ok(json!({"Image": image_json("OldImage", "DELETING")}).to_string()));
    let sleep = RecordingSleep::new();
    let image = Client::new(config(&server, &sleep).build())
        .delete_image()
        .name("OldImage")
        .send()
        .await
        .unwrap()
        .image
        .unwrap();
    assert_eq!(image.name, "OldImage");
    assert_eq!(server.request_count(), 2);
    assert_eq!(sleep.sleeps().len(), 1);
    assert_all_signed_by(&server, ACCESS_KEY);
}

#[tokio::test]
async fn a_validation_exception_is_not_retried() {
    let server = TestServer::start_default().await;
    server.push(
        "CreateFleet",
        Reply::error(400, "ValidationException", "1 validation error detected").request_id("rid-v"),
    );
    server.push("CreateFleet", Reply::ok("{}"));
    let sleep = RecordingSleep::new();
    let err = create_fleet(&Client::new(config(&server, &sleep).build())).send().await.unwrap_err();
    assert_eq!(
        (err.code(), err.message(), err.request_id()),
        (Some("ValidationException"), Some("1 validation error detected"), Some("rid-v"))
    );
    assert!(matches!(err.into_service_error().unwrap(), CreateFleetError::Unhandled(_)));
    assert_eq!(server.request_count(), 1);
    assert_eq!(server.unused_replies(), 1);
    assert!(sleep.sleeps().is_empty());
}

// ---------------------------------------------------------------------------
// Timeouts

#[tokio::test]
async fn a_server_that_never_answers_hits_the_attempt_timeout() {
    let server = TestServer::start_default().await;
    for _ in 0..3 {
        server.push("DescribeFleets", Reply::Hang);
    }
    let sleep = RecordingSleep::new();
    let client = Client::new(config(&server, &sleep).attempt_timeout(Duration::from_millis(300)).build());
    let started = Instant::now();
    let err = client.describe_fleets().send().await.unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else { panic!("{err:?}") };
    assert_eq!((t.kind(), t.duration()), (TimeoutKind::Attempt, Duration::from_millis(300)));
    // Attempt timeouts are retried: three attempts of 300 ms.
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(server.request_count(), 3);
    assert_all_signed_by(&server, ACCESS_KEY);
    assert_eq!(sleep.sleeps().len(), 2);
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_operation_timeout() {
    let url = support::silent_server().await;
    let client = Client::new(
        support::config()
            .region("us-east-1")
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None, None))
            .endpoint_url(url)
            .attempt_timeout(Duration::from_secs(30))
            .operation_timeout(Duration::from_millis(300))
            .sleep(RecordingSleep::new())
            .build(),
    );
    let started = Instant::now();
    let err = client.describe_fleets().send().await.unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else { panic!("{err:?}") };
    assert_eq!((t.kind(), t.duration()), (TimeoutKind::Operation, Duration::from_millis(300)));
    assert!(elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5), "{elapsed:?}");
}

// ---------------------------------------------------------------------------
// Bodies that are not the output

/// The error of the body reader behind a `Response` error: its member path,
/// and whether the body ended early. The JSON reader's for awsJson; the
/// CBOR reader's for rpcv2Cbor, which says the input ended, or that an
/// item is longer than the bytes left, at the offset of that item.
fn body_error(err: &SdkError<impl std::fmt::Debug>, body_len: usize) -> (String, bool) {
    let SdkError::Response(r) = err else { panic!("not a Response error: {err:?}") };
    let source = std::error::Error::source(r).expect("a cause");
    if support::is_cbor() {
        let e: &smithy_rt::cbor::CborError = source.downcast_ref().expect("a CBOR error");
        let ended = e.message().contains("end of input") || e.message().contains("bytes left");
        (e.path().to_owned(), ended && e.offset() <= body_len)
    } else {
        let e: &smithy_rt::json::JsonError = source.downcast_ref().expect("a JSON error");
        (e.path().to_owned(), e.is_eof())
    }
}

#[tokio::test]
async fn a_malformed_body_is_a_response_error_with_a_snippet() {
    let server = TestServer::start_default().await;
    let html = "<html>\n<h1>Welcome to nginx!</h1>\n</html>";
    // As a reply of the protocol: its content type (and smithy-protocol).
    server.push("DescribeFleets", Reply::wire(200, html).request_id("rid-html"));
    server.push("DescribeFleets", Reply::ok(r#"{"Fleets": "not-a-list"}"#).request_id("rid-type"));
    let client = client(&server);

    let err = client.describe_fleets().send().await.unwrap_err();
    let SdkError::Response(r) = &err else { panic!("{err:?}") };
    assert_eq!(
        (r.status(), r.request_id(), r.snippet()),
        (200, Some("rid-html"), "<html> <h1>Welcome to nginx!</h1> </html>")
    );
    // CBOR reads `<` (0x3c) as the integer -29: not the output's map either.
    assert_eq!(body_error(&err, html.len()).0, "DescribeFleetsOutput");
    assert!(
        err.to_string().starts_with("DescribeFleets: malformed HTTP 200 response (request id rid-html); body: `<html>"),
        "{err}"
    );

    let err = client.describe_fleets().send().await.unwrap_err();
    assert_eq!(body_error(&err, 0).0, "DescribeFleetsOutput.Fleets");
    assert_eq!(err.request_id(), Some("rid-type"));
    assert_eq!(server.request_count(), 2, "a malformed response is not retried");
}

#[tokio::test]
async fn a_truncated_body_is_a_response_error_not_a_panic() {
    let server = TestServer::start_default().await;
    let document = json!({"Fleets": [fleet_json("RUNNING", 2), fleet_json("STOPPED", 0), fleet_json("STARTING", 1)]});
    let whole = if support::is_cbor() { support::json_to_cbor(&document) } else { document.to_string().into_bytes() };
    let cut = &whole[..whole.len() / 2];
    server.push("DescribeFleets", Reply::wire(200, cut));
    let err = client(&server).describe_fleets().send().await.unwrap_err();
    assert!(body_error(&err, cut.len()).1, "{err}");
    let SdkError::Response(r) = &err else { unreachable!() };
    assert_eq!((r.status(), r.request_id()), (200, Some("loopback-1")));
    // The snippet is the first SNIPPET_CHARS characters, the last one `…`.
    let chars = smithy_rt::client::SNIPPET_CHARS;
    assert!(cut.len() > chars);
    if support::is_cbor() {
        // CBOR's heads are not text: the snippet is bounded all the same,
        // and shows the text strings (the fleet's ARN).
        assert_eq!(r.snippet().chars().count(), chars, "{:?}", r.snippet());
        assert!(r.snippet().ends_with('…') && r.snippet().contains(FLEET_ARN), "{:?}", r.snippet());
    } else {
        let cut = std::str::from_utf8(cut).unwrap();
        assert_eq!(r.snippet(), format!("{}…", &cut[..chars - 1]));
    }
    assert_eq!(server.request_count(), 1);
}

// ---------------------------------------------------------------------------
// Configuration from the environment

#[tokio::test]
async fn credentials_from_an_environment_map() {
    let server = TestServer::start(Verifier::new(vec![
        Principal::new(ACCESS_KEY, SECRET, None),
        Principal::new("ASIAENVIRONMENT", "env-secret", Some("env-session-token")),
    ]))
    .await;
    server.push("DescribeFleets", Reply::ok(r#"{"Fleets": []}"#));
    let env = Env::from_vars([
        ("AWS_ACCESS_KEY_ID", "ASIAENVIRONMENT"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ("AWS_SESSION_TOKEN", "env-session-token"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", server.url()),
    ]);
    let client = Client::new(support::from_env(&env).time_source(FixedTime(support::fixed_instant())).build());
    assert_eq!(client.config().region(), Some("us-east-1"));
    let out = client.describe_fleets().send().await.unwrap();
    assert_eq!(out.fleets, Some(vec![]));
    assert_all_signed_by(&server, "ASIAENVIRONMENT");
    assert_eq!(server.seen()[0].header("x-amz-security-token"), Some("env-session-token"));
}

#[tokio::test]
async fn credentials_and_region_from_a_profile_file() {
    let server = TestServer::start(Verifier::new(vec![
        Principal::new("AKIDDEFAULTPROFILE", "default-secret", None),
        Principal::new("AKIDCIPROFILE", "ci-secret", None),
    ]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret\n\n\
         [ci]\naws_access_key_id = AKIDCIPROFILE\naws_secret_access_key = ci-secret\n",
    )
    .unwrap();
    let config_file = dir.path().join("config");
    std::fs::write(&config_file, "[default]\nregion = eu-west-1\n\n[profile ci]\nregion = us-east-1\n").unwrap();
    let env = |profile: Option<&str>| {
        let mut vars = vec![
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap().to_owned()),
            ("AWS_CONFIG_FILE", config_file.to_str().unwrap().to_owned()),
            ("AWS_ENDPOINT_URL", server.url().to_owned()),
        ];
        if let Some(p) = profile {
            vars.push(("AWS_PROFILE", p.to_owned()));
        }
        Env::from_vars(vars)
    };
    let fixed = FixedTime(support::fixed_instant());

    server.push("DeleteImage", Reply::ok("{}"));
    let ci = Client::new(support::from_env(&env(Some("ci"))).time_source(fixed).build());
    assert_eq!(ci.config().region(), Some("us-east-1"), "the ci profile's region");
    ci.delete_image().name("x").send().await.unwrap();
    assert_eq!(server.seen()[0].access_key.as_deref(), Some("AKIDCIPROFILE"));

    // Without AWS_PROFILE: the default profile's keys and region (eu-west-1,
    // which the server does not accept as a signing region).
    let default = Client::new(support::from_env(&env(None)).time_source(fixed).region("us-east-1").build());
    server.push("DeleteImage", Reply::ok("{}"));
    default.delete_image().name("x").send().await.unwrap();
    assert_eq!(server.seen()[1].access_key.as_deref(), Some("AKIDDEFAULTPROFILE"));
    assert_eq!(support::from_env(&env(None)).build().region(), Some("eu-west-1"));

    // A profile that does not exist is an error before anything is sent.
    let missing = Client::new(support::from_env(&env(Some("nope"))).time_source(fixed).region("us-east-1").build());
    let err = missing.delete_image().name("x").send().await.unwrap_err();
    let SdkError::Construction(c) = &err else { panic!("{err:?}") };
    assert_eq!(c.kind(), ConstructionErrorKind::Credentials);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn the_service_specific_endpoint_variable_beats_the_global_one() {
    let specific = TestServer::start_default().await;
    let global = TestServer::start_default().await;
    let explicit = TestServer::start_default().await;
    for s in [&specific, &global, &explicit] {
        s.push("DescribeFleets", Reply::ok("{}"));
    }
    let env = |vars: &[(&str, &str)]| {
        let mut all =
            vec![("AWS_ACCESS_KEY_ID", ACCESS_KEY), ("AWS_SECRET_ACCESS_KEY", SECRET), ("AWS_REGION", "us-east-1")];
        all.extend_from_slice(vars);
        Env::from_vars(all)
    };
    let fixed = FixedTime(support::fixed_instant());
    let both = env(&[("AWS_ENDPOINT_URL_APPSTREAM", specific.url()), ("AWS_ENDPOINT_URL", global.url())]);

    Client::new(support::from_env(&both).time_source(fixed).build()).describe_fleets().send().await.unwrap();
    assert_eq!((specific.request_count(), global.request_count()), (1, 0));

    let only_global = env(&[("AWS_ENDPOINT_URL", global.url())]);
    Client::new(support::from_env(&only_global).time_source(fixed).build()).describe_fleets().send().await.unwrap();
    assert_eq!((specific.request_count(), global.request_count()), (1, 1));

    // The builder's endpoint_url beats both variables.
    Client::new(support::from_env(&both).time_source(fixed).endpoint_url(explicit.url()).build())
        .describe_fleets()
        .send()
        .await
        .unwrap();
    assert_eq!((specific.request_count(), global.request_count(), explicit.request_count()), (1, 1, 1));
    for s in [&specific, &global, &explicit] {
        assert_all_signed_by(s, ACCESS_KEY);
    }
}

// ---------------------------------------------------------------------------
// Validation

#[tokio::test]
async fn standard_validation_stops_a_request_before_anything_is_sent() {
    let server = TestServer::start_default().await;
    server.push("CreateFleet", Reply::ok("{}"));
    let client = client(&server);
    assert_eq!(client.config().validation(), ValidationMode::Standard);

    // Missing required members, through `invoke` with a whole input.
    let mut input = CreateFleetInput::default();
    input.instance_type = Some("stream.standard.medium".into());
    input.description = Some("x".repeat(300)); // over the maximum: not checked in Standard mode
    let err = client.invoke(&input).await.unwrap_err();
    let SdkError::Validation(v) = &err else { panic!("{err:?}") };
    let found: Vec<(&str, &Constraint)> =
        v.violations().iter().map(|v: &Violation| (v.path.as_str(), &v.constraint)).collect();
    assert_eq!(
        found,
        [("CreateFleetInput.Name", &Constraint::Required), ("CreateFleetInput.ComputeCapacity", &Constraint::Required)]
    );
    assert_eq!(
        err.to_string(),
        "CreateFleet: invalid input: CreateFleetInput.Name: required member is missing (and 1 more)"
    );

    // Below a minimum, through the fluent builder.
    let err = client
        .create_fleet()
        .name("sales-fleet")
        .instance_type("")
        .compute_capacity(ComputeCapacity::builder().desired_instances(1).build().unwrap())
        .disconnect_timeout_in_seconds(59)
        .send()
        .await
        .unwrap_err();
    let SdkError::Validation(v) = &err else { panic!("{err:?}") };
    let found: Vec<(&str, &Constraint)> = v.violations().iter().map(|v| (v.path.as_str(), &v.constraint)).collect();
    assert_eq!(
        found,
        [
            ("CreateFleetInput.InstanceType", &Constraint::MinLength(1)),
            ("CreateFleetInput.DisconnectTimeoutInSeconds", &Constraint::Min(60.0))
        ]
    );

    // A fluent builder missing required members is judged by the same
    // validation: every missing member is listed, nothing is sent.
    let err = client.create_fleet().instance_type("stream.standard.medium").send().await.unwrap_err();
    let SdkError::Validation(v) = &err else { panic!("{err:?}") };
    let found: Vec<(&str, &Constraint)> = v.violations().iter().map(|v| (v.path.as_str(), &v.constraint)).collect();
    assert_eq!(
        found,
        [("CreateFleetInput.Name", &Constraint::Required), ("CreateFleetInput.ComputeCapacity", &Constraint::Required)]
    );

    assert_eq!(server.request_count(), 0, "nothing was sent");

    // With validation off, the same input goes out and the service judges it.
    let off = Client::new(config(&server, &RecordingSleep::new()).validation(ValidationMode::Off).build());
    off.invoke(&input).await.unwrap();
    assert_eq!(server.request_count(), 1);
    assert_eq!(server.seen()[0].json()["InstanceType"], "stream.standard.medium");
}

// ---------------------------------------------------------------------------
// The crate-level error

/// A helper a user would write: two operations, `?` on both, one error type.
async fn ensure_fleet(client: &Client, name: &str) -> Result<String, appstream::Error> {
    let found = client.describe_fleets().names(name).send().await?;
    if let Some(fleet) = found.fleets.unwrap_or_default().into_iter().next() {
        return Ok(fleet.arn);
    }
    let capacity = ComputeCapacity::builder().desired_instances(1).build()?;
    let created = client
        .create_fleet()
        .name(name)
        .instance_type("stream.standard.medium")
        .compute_capacity(capacity)
        .domain_join_info(DomainJoinInfo::builder().directory_name("corp.example.com").build())
        .send()
        .await?;
    Ok(created.fleet.map(|f| f.arn).unwrap_or_default())
}

#[tokio::test]
async fn the_crate_level_error_works_with_question_mark() {
    let server = TestServer::start_default().await;
    server
        .push("DescribeFleets", Reply::ok(r#"{"Fleets": []}"#))
        .push("CreateFleet", Reply::ok(json!({"Fleet": fleet_json("STARTING", 1)}).to_string()))
        .push("DescribeFleets", Reply::ok(r#"{"Fleets": []}"#))
        .push(
            "CreateFleet",
            Reply::error(400, "ResourceAlreadyExistsException", "The fleet already exists.").request_id("rid-exists"),
        )
        .push("DescribeFleets", Reply::error(400, "ResourceNotFoundException", "No such thing.").request_id("rid-nf"));
    let client = Client::new(config(&server, &RecordingSleep::new()).max_attempts(1).build());

    assert_eq!(ensure_fleet(&client, "sales-fleet").await.unwrap(), FLEET_ARN);

    let err: appstream::Error = ensure_fleet(&client, "sales-fleet").await.unwrap_err();
    assert_eq!(err.request_id(), Some("rid-exists"));
    let Some(ServiceError::ResourceAlreadyExistsException(e)) = err.service_error() else { panic!("{err:?}") };
    assert_eq!(e.message(), Some("The fleet already exists."));
    assert_eq!(
        err.to_string(),
        "CreateFleet: ResourceAlreadyExistsException: The fleet already exists. (request id rid-exists)"
    );

    let err = ensure_fleet(&client, "sales-fleet").await.unwrap_err();
    assert!(matches!(err.service_error(), Some(ServiceError::ResourceNotFoundException(_))), "{err:?}");
    assert_eq!(err.as_sdk_error().code(), Some("ResourceNotFoundException"));
    assert!(err.is_resource_not_found_exception() && !err.is_resource_already_exists_exception());
    // The line is the whole story: the chain does not repeat it.
    assert!(std::error::Error::source(&err).is_none());
    assert_eq!(std::mem::size_of::<appstream::Error>(), std::mem::size_of::<usize>());

    assert_eq!(server.request_count(), 5);
    assert_eq!(server.unused_replies(), 0);
    let created = &server.seen()[1];
    assert_eq!(created.json()["DomainJoinInfo"], json!({"DirectoryName": "corp.example.com"}));
}
