//! Behaviour of the generated `appstream` crate on the wire (awsJson 1.1 bodies).
//!
//! The responses and requests below follow the "Response Syntax" and "Request
//! Syntax" of the specification, `fixtures/seed/appstream-2018-07-13-api-changes.txt`,
//! with realistic values in place of its `'string'`/`123` placeholders.
//!
//! Topics, in order: response round trips (one per operation), enums, lenient
//! reading of responses, requests, errors, timestamps.
#![forbid(unsafe_code)]

use appstream::error::{
    ConcurrentModificationException, IncompatibleImageException, InvalidAccountStatusException,
    InvalidParameterCombinationException, InvalidRoleException, LimitExceededException, OperationNotPermittedException,
    ResourceAlreadyExistsException, ResourceInUseException, ResourceNotAvailableException, ResourceNotFoundException,
};
use appstream::operation::create_fleet::{CreateFleetInput, CreateFleetOutput};
use appstream::operation::create_image_builder::CreateImageBuilderOutput;
use appstream::operation::delete_image::DeleteImageOutput;
use appstream::operation::delete_image_permissions::{DeleteImagePermissionsInput, DeleteImagePermissionsOutput};
use appstream::operation::describe_fleets::{DescribeFleetsInput, DescribeFleetsOutput};
use appstream::operation::describe_image_permissions::DescribeImagePermissionsOutput;
use appstream::operation::describe_images::{DescribeImagesInput, DescribeImagesOutput};
use appstream::operation::update_fleet::{UpdateFleetInput, UpdateFleetOutput};
use appstream::operation::update_image_permissions::{UpdateImagePermissionsInput, UpdateImagePermissionsOutput};
use appstream::types::{
    ComputeCapacity, ComputeCapacityStatus, DomainJoinInfo, Fleet, FleetAttribute, FleetError, FleetErrorCode,
    FleetState, FleetType, ImageBuilderState, ImageBuilderStateChangeReasonCode, ImagePermissions, ImageState,
    ImageStateChangeReasonCode, PlatformType, VisibilityType, VpcConfig,
};
use serde_json::{json, Value};
use smithy_rt::Timestamp;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Deserializes `$json` into `$ty` (from text, as a response body arrives, and
/// from a `Value`; both must agree), checks that it serializes back to the same
/// JSON, and returns the value for further assertions.
macro_rules! roundtrip {
    ($ty:ty, $json:expr) => {{
        let json: Value = $json;
        let text = json.to_string();
        let from_text: $ty =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}\n{text}", stringify!($ty)));
        let from_value: $ty = serde_json::from_value(json.clone())
            .unwrap_or_else(|e| panic!("{} does not parse from a Value: {e}", stringify!($ty)));
        assert_eq!(from_text, from_value, "{}: text and Value disagree", stringify!($ty));
        let back = serde_json::to_value(&from_text).unwrap();
        assert_eq!(back, json, "{} does not serialize back to its input", stringify!($ty));
        from_text
    }};
}

fn ts_seconds(s: i64) -> Timestamp {
    Timestamp::from_seconds(s).unwrap()
}

fn ts_millis(ms: i64) -> Timestamp {
    Timestamp::from_milliseconds(ms).unwrap()
}

const ACCOUNT: &str = "123456789012";
const PUBLIC_IMAGE_ARN: &str = "arn:aws:appstream:us-west-2::image/AppStream-WinServer2012R2-07-19-2018";

/// A fleet with every member of the specification's `Fleet` set. Tests
/// override single members (`State`, `FleetType`, ...) where they need to.
fn fleet_json(name: &str) -> Value {
    json!({
        "Arn": format!("arn:aws:appstream:us-west-2:{ACCOUNT}:fleet/{name}"),
        "Name": name,
        "DisplayName": "Sales fleet",
        "Description": "Streams the CRM suite to the sales team",
        "ImageName": "AppStream-WinServer2012R2-07-19-2018",
        "ImageArn": PUBLIC_IMAGE_ARN,
        "InstanceType": "stream.standard.medium",
        "FleetType": "ALWAYS_ON",
        "ComputeCapacityStatus": { "Desired": 4, "Running": 4, "InUse": 1, "Available": 3 },
        "MaxUserDurationInSeconds": 57600,
        "DisconnectTimeoutInSeconds": 900,
        "State": "RUNNING",
        "VpcConfig": {
            "SubnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
            "SecurityGroupIds": ["sg-0123abcd", "sg-4567ef01"]
        },
        "CreatedTime": 1531440000.123,
        "FleetErrors": [
            {
                "ErrorCode": "IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION",
                "ErrorMessage": "The AppStream 2.0 service role is missing ec2:DescribeNetworkInterfaces."
            },
            {
                "ErrorCode": "SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES",
                "ErrorMessage": "Subnet subnet-4e5f6a7b has no free IP addresses."
            }
        ],
        "EnableDefaultInternetAccess": false,
        "DomainJoinInfo": {
            "DirectoryName": "corp.example.com",
            "OrganizationalUnitDistinguishedName": "OU=AppStream,DC=corp,DC=example,DC=com"
        }
    })
}

/// An image with every member of the specification's `Image` set.
fn image_json(name: &str) -> Value {
    json!({
        "Name": name,
        "Arn": format!("arn:aws:appstream:us-west-2:{ACCOUNT}:image/{name}"),
        "BaseImageArn": PUBLIC_IMAGE_ARN,
        "DisplayName": "CRM suite",
        "State": "AVAILABLE",
        "Visibility": "PRIVATE",
        "ImageBuilderSupported": true,
        "Platform": "WINDOWS",
        "Description": "CRM suite on Windows Server 2012 R2",
        "StateChangeReason": {
            "Code": "IMAGE_BUILDER_NOT_AVAILABLE",
            "Message": "Image builder dev-builder is stopped."
        },
        "Applications": [
            {
                "Name": "crm",
                "DisplayName": "CRM",
                "IconURL": "https://appstream2.us-west-2.aws.amazon.com/icons/crm.png",
                "LaunchPath": "C:\\Program Files\\CRM\\crm.exe",
                "LaunchParameters": "--profile sales",
                "Enabled": true,
                "Metadata": { "publisher": "Example Corp", "version": "4.2" }
            },
            {
                "Name": "notepad",
                "DisplayName": "Notepad",
                "IconURL": "https://appstream2.us-west-2.aws.amazon.com/icons/notepad.png",
                "LaunchPath": "C:\\Windows\\notepad.exe",
                "LaunchParameters": "",
                "Enabled": false,
                "Metadata": { "category": "tools", "publisher": "Microsoft" }
            }
        ],
        "CreatedTime": 1531440000,
        "PublicBaseImageReleasedDate": 1531958400.5,
        "AppstreamAgentVersion": "06-19-2018",
        "ImagePermissions": { "allowFleet": true, "allowImageBuilder": false }
    })
}

// ---------------------------------------------------------------------------
// Responses: each operation's Response Syntax, read and written back
// ---------------------------------------------------------------------------

#[test]
fn create_fleet_response() {
    let out = roundtrip!(CreateFleetOutput, json!({ "Fleet": fleet_json("sales-fleet") }));
    let fleet = out.fleet.expect("Fleet");

    // The whole structure, as a client would build it by hand.
    let expected = Fleet::builder()
        .arn("arn:aws:appstream:us-west-2:123456789012:fleet/sales-fleet")
        .name("sales-fleet")
        .display_name("Sales fleet")
        .description("Streams the CRM suite to the sales team")
        .image_name("AppStream-WinServer2012R2-07-19-2018")
        .image_arn(PUBLIC_IMAGE_ARN)
        .instance_type("stream.standard.medium")
        .fleet_type(FleetType::AlwaysOn)
        .compute_capacity_status(
            ComputeCapacityStatus::builder().desired(4).running(4).in_use(1).available(3).build().unwrap(),
        )
        .max_user_duration_in_seconds(57600)
        .disconnect_timeout_in_seconds(900)
        .state(FleetState::Running)
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids("subnet-0a1b2c3d")
                .subnet_ids("subnet-4e5f6a7b")
                .security_group_ids("sg-0123abcd")
                .security_group_ids("sg-4567ef01")
                .build(),
        )
        .created_time(ts_millis(1_531_440_000_123))
        .fleet_errors(
            FleetError::builder()
                .error_code(FleetErrorCode::IamServiceRoleMissingEniDescribeAction)
                .error_message("The AppStream 2.0 service role is missing ec2:DescribeNetworkInterfaces.")
                .build(),
        )
        .fleet_errors(
            FleetError::builder()
                .error_code(FleetErrorCode::SubnetHasInsufficientIpAddresses)
                .error_message("Subnet subnet-4e5f6a7b has no free IP addresses.")
                .build(),
        )
        .enable_default_internet_access(false)
        .domain_join_info(
            DomainJoinInfo::builder()
                .directory_name("corp.example.com")
                .organizational_unit_distinguished_name("OU=AppStream,DC=corp,DC=example,DC=com")
                .build(),
        )
        .build()
        .unwrap();
    assert_eq!(fleet, expected);
}

#[test]
fn update_fleet_response() {
    let mut fleet = fleet_json("kiosk-fleet");
    fleet["FleetType"] = json!("ON_DEMAND");
    fleet["State"] = json!("STOPPED");
    fleet["InstanceType"] = json!("stream.graphics-pro.4xlarge");
    fleet["CreatedTime"] = json!(1531526400);
    fleet["FleetErrors"][0]["ErrorCode"] = json!("DOMAIN_JOIN_ERROR_ACCESS_DENIED");
    fleet["FleetErrors"][1]["ErrorCode"] = json!("DOMAIN_JOIN_NERR_PASSWORD_EXPIRED");

    let fleet = roundtrip!(UpdateFleetOutput, json!({ "Fleet": fleet })).fleet.unwrap();
    assert_eq!(fleet.state, FleetState::Stopped);
    assert_eq!(fleet.fleet_type, Some(FleetType::OnDemand));
    assert_eq!(fleet.instance_type, "stream.graphics-pro.4xlarge");
    assert_eq!(fleet.created_time, Some(ts_seconds(1_531_526_400)));
    assert_eq!(fleet.enable_default_internet_access, Some(false));
    let codes: Vec<_> = fleet.fleet_errors.unwrap().into_iter().map(|e| e.error_code).collect();
    assert_eq!(
        codes,
        [Some(FleetErrorCode::DomainJoinErrorAccessDenied), Some(FleetErrorCode::DomainJoinNerrPasswordExpired)]
    );
}

#[test]
fn describe_fleets_response() {
    let mut starting = fleet_json("sales-fleet");
    starting["State"] = json!("STARTING");
    let mut stopping = fleet_json("support-fleet");
    stopping["State"] = json!("STOPPING");
    stopping["FleetType"] = json!("ON_DEMAND");
    stopping["InstanceType"] = json!("stream.memory.2xlarge");
    stopping["ComputeCapacityStatus"] = json!({ "Desired": 0, "Running": 2, "InUse": 0, "Available": 2 });

    let out =
        roundtrip!(DescribeFleetsOutput, json!({ "Fleets": [starting, stopping], "NextToken": "eyJuZXh0IjoyfQ==" }));
    assert_eq!(out.next_token.as_deref(), Some("eyJuZXh0IjoyfQ=="));
    let fleets = out.fleets.unwrap();
    assert_eq!(fleets.len(), 2);
    assert_eq!(fleets[0].name, "sales-fleet");
    assert_eq!(fleets[0].state, FleetState::Starting);
    assert_eq!(fleets[1].arn, "arn:aws:appstream:us-west-2:123456789012:fleet/support-fleet");
    assert_eq!(fleets[1].state, FleetState::Stopping);
    assert_eq!(fleets[1].compute_capacity_status.desired, 0);
    assert_eq!(fleets[1].compute_capacity_status.available, Some(2));
    assert_eq!(
        fleets[1].vpc_config.as_ref().unwrap().security_group_ids.as_deref(),
        Some(&["sg-0123abcd".to_string(), "sg-4567ef01".to_string()][..])
    );
}

#[test]
fn create_image_builder_response() {
    let json = json!({
        "ImageBuilder": {
            "Name": "dev-builder",
            "Arn": "arn:aws:appstream:us-west-2:123456789012:image-builder/dev-builder",
            "ImageArn": PUBLIC_IMAGE_ARN,
            "Description": "Builds the CRM image",
            "DisplayName": "CRM image builder",
            "VpcConfig": {
                "SubnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                "SecurityGroupIds": ["sg-0123abcd", "sg-4567ef01"]
            },
            "InstanceType": "stream.compute.large",
            "Platform": "WINDOWS",
            "State": "UPDATING_AGENT",
            "StateChangeReason": {
                "Code": "IMAGE_UNAVAILABLE",
                "Message": "The image is being copied to us-west-2."
            },
            "CreatedTime": 1531440000.123,
            "EnableDefaultInternetAccess": true,
            "DomainJoinInfo": {
                "DirectoryName": "corp.example.com",
                "OrganizationalUnitDistinguishedName": "OU=Builders,DC=corp,DC=example,DC=com"
            },
            "ImageBuilderErrors": [
                {
                    "ErrorCode": "NETWORK_INTERFACE_LIMIT_EXCEEDED",
                    "ErrorMessage": "The network interface limit for the account was reached.",
                    "ErrorTimestamp": 1531440060
                },
                {
                    "ErrorCode": "DOMAIN_JOIN_ERROR_DS_MACHINE_ACCOUNT_QUOTA_EXCEEDED",
                    "ErrorMessage": "The domain's machine account quota was exceeded.",
                    "ErrorTimestamp": 1531440061.75
                }
            ],
            "AppstreamAgentVersion": "LATEST"
        }
    });
    let builder = roundtrip!(CreateImageBuilderOutput, json).image_builder.unwrap();
    assert_eq!(builder.name, "dev-builder");
    assert_eq!(builder.platform, Some(PlatformType::Windows));
    assert_eq!(builder.state, Some(ImageBuilderState::UpdatingAgent));
    let reason = builder.state_change_reason.unwrap();
    assert_eq!(reason.code, Some(ImageBuilderStateChangeReasonCode::ImageUnavailable));
    assert_eq!(builder.created_time, Some(ts_millis(1_531_440_000_123)));
    let errors = builder.image_builder_errors.unwrap();
    assert_eq!(errors[0].error_code, Some(FleetErrorCode::NetworkInterfaceLimitExceeded));
    assert_eq!(errors[0].error_timestamp, Some(ts_seconds(1_531_440_060)));
    assert_eq!(errors[1].error_code, Some(FleetErrorCode::DomainJoinErrorDsMachineAccountQuotaExceeded));
    assert_eq!(errors[1].error_timestamp, Some(ts_millis(1_531_440_061_750)));
    assert_eq!(builder.appstream_agent_version.as_deref(), Some("LATEST"));
}

#[test]
fn delete_image_response() {
    let mut image = image_json("crm-2018-07");
    image["State"] = json!("DELETING");
    image["StateChangeReason"]["Code"] = json!("INTERNAL_ERROR");

    let image = roundtrip!(DeleteImageOutput, json!({ "Image": image })).image.unwrap();
    assert_eq!(image.name, "crm-2018-07");
    assert_eq!(image.state, Some(ImageState::Deleting));
    assert_eq!(image.visibility, Some(VisibilityType::Private));
    assert_eq!(image.platform, Some(PlatformType::Windows));
    assert_eq!(image.state_change_reason.unwrap().code, Some(ImageStateChangeReasonCode::InternalError));
    assert_eq!(image.created_time, Some(ts_seconds(1_531_440_000)));
    assert_eq!(image.public_base_image_released_date, Some(ts_millis(1_531_958_400_500)));
    let apps = image.applications.unwrap();
    assert_eq!(apps[0].launch_path.as_deref(), Some("C:\\Program Files\\CRM\\crm.exe"));
    assert_eq!(apps[1].enabled, Some(false));
    let metadata = apps[0].metadata.as_ref().unwrap();
    assert_eq!(metadata.len(), 2);
    assert_eq!(metadata["version"], "4.2");
    let permissions = image.image_permissions.unwrap();
    assert_eq!((permissions.allow_fleet, permissions.allow_image_builder), (Some(true), Some(false)));
}

#[test]
fn describe_images_response() {
    let mut public = image_json("AppStream-WinServer2012R2-07-19-2018");
    public["Arn"] = json!(PUBLIC_IMAGE_ARN);
    public["Visibility"] = json!("PUBLIC");
    public["State"] = json!("COPYING");
    let mut shared = image_json("partner-crm");
    shared["Arn"] = json!("arn:aws:appstream:us-west-2:210987654321:image/partner-crm");
    shared["Visibility"] = json!("SHARED");
    shared["State"] = json!("FAILED");
    shared["StateChangeReason"]["Code"] = json!("IMAGE_COPY_FAILURE");

    let out = roundtrip!(DescribeImagesOutput, json!({ "Images": [public, shared], "NextToken": "AAEAAbb0hG9PF2nb" }));
    let images = out.images.unwrap();
    assert_eq!(images.len(), 2);
    assert_eq!(images[0].visibility, Some(VisibilityType::Public));
    assert_eq!(images[0].state, Some(ImageState::Copying));
    assert_eq!(images[1].visibility, Some(VisibilityType::Shared));
    assert_eq!(images[1].state, Some(ImageState::Failed));
    assert_eq!(
        images[1].state_change_reason.as_ref().unwrap().code,
        Some(ImageStateChangeReasonCode::ImageCopyFailure)
    );
    assert_eq!(out.next_token.as_deref(), Some("AAEAAbb0hG9PF2nb"));
}

#[test]
fn describe_image_permissions_response() {
    let json = json!({
        "Name": "crm-2018-07",
        "SharedImagePermissionsList": [
            {
                "sharedAccountId": "210987654321",
                "imagePermissions": { "allowFleet": true, "allowImageBuilder": true }
            },
            {
                "sharedAccountId": "345678901234",
                "imagePermissions": { "allowFleet": true, "allowImageBuilder": false }
            }
        ],
        "NextToken": "c2hhcmVkLTI="
    });
    let out = roundtrip!(DescribeImagePermissionsOutput, json);
    assert_eq!(out.name.as_deref(), Some("crm-2018-07"));
    let list = out.shared_image_permissions_list.unwrap();
    assert_eq!(list[0].shared_account_id, "210987654321");
    assert_eq!(list[1].shared_account_id, "345678901234");
    assert_eq!(list[1].image_permissions.allow_image_builder, Some(false));
    assert_eq!(out.next_token.as_deref(), Some("c2hhcmVkLTI="));
}

#[test]
fn empty_responses() {
    // UpdateImagePermissions and DeleteImagePermissions answer `{}`.
    let _: UpdateImagePermissionsOutput = roundtrip!(UpdateImagePermissionsOutput, json!({}));
    let _: DeleteImagePermissionsOutput = roundtrip!(DeleteImagePermissionsOutput, json!({}));
    // A newer service adding a member must not break them.
    let out: UpdateImagePermissionsOutput = serde_json::from_str(r#"{"RequestId": "9d2b1c1e"}"#).unwrap();
    assert_eq!(serde_json::to_value(out).unwrap(), json!({}));
}

// ---------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------

#[test]
fn unknown_fleet_state_is_kept_and_written_back() {
    let mut fleet = fleet_json("sales-fleet");
    fleet["State"] = json!("HIBERNATING");
    let fleet = roundtrip!(Fleet, fleet);
    assert!(matches!(fleet.state, FleetState::Unknown(_)), "{:?}", fleet.state);
    assert_eq!(fleet.state.as_str(), "HIBERNATING");
    assert_eq!(fleet.state.to_string(), "HIBERNATING");
    assert_eq!(serde_json::to_value(&fleet.state).unwrap(), json!("HIBERNATING"));
}

#[test]
fn fleet_state_conversions() {
    assert_eq!(FleetState::from("RUNNING"), FleetState::Running);
    assert_eq!("STOPPING".parse::<FleetState>().unwrap(), FleetState::Stopping);
    // Wire values are case-sensitive: anything else is unknown, not a near match.
    assert!(matches!(FleetState::from("running"), FleetState::Unknown(_)));
    assert_eq!(FleetState::VALUES, ["STARTING", "RUNNING", "STOPPING", "STOPPED"]);
}

/// Checks that an enum's `VALUES` are exactly the specification's values, in
/// its order, and that each one converts to a known variant and back through
/// `From<&str>`, `FromStr`, `as_str`, `Display` and serde.
macro_rules! check_enum {
    ($ty:ident, [$($value:literal),+ $(,)?]) => {{
        let spec: &[&str] = &[$($value),+];
        assert_eq!(<$ty>::VALUES, spec, "{}::VALUES", stringify!($ty));
        for &value in spec {
            let parsed = <$ty>::from(value);
            assert!(!matches!(parsed, $ty::Unknown(_)), "{}: {value} is unknown", stringify!($ty));
            assert_eq!(parsed.as_str(), value);
            assert_eq!(parsed.to_string(), value);
            assert_eq!(value.parse::<$ty>().unwrap(), parsed);
            assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(value));
            assert_eq!(serde_json::from_value::<$ty>(json!(value)).unwrap(), parsed);
        }
    }};
}

#[test]
fn every_enum_has_the_specification_values() {
    check_enum!(FleetType, ["ALWAYS_ON", "ON_DEMAND"]);
    check_enum!(FleetState, ["STARTING", "RUNNING", "STOPPING", "STOPPED"]);
    check_enum!(FleetAttribute, ["VPC_CONFIGURATION", "VPC_CONFIGURATION_SECURITY_GROUP_IDS", "DOMAIN_JOIN_INFO",]);
    check_enum!(PlatformType, ["WINDOWS"]);
    check_enum!(VisibilityType, ["PUBLIC", "PRIVATE", "SHARED"]);
    check_enum!(ImageState, ["PENDING", "AVAILABLE", "FAILED", "COPYING", "DELETING"]);
    check_enum!(ImageStateChangeReasonCode, ["INTERNAL_ERROR", "IMAGE_BUILDER_NOT_AVAILABLE", "IMAGE_COPY_FAILURE",]);
    check_enum!(
        ImageBuilderState,
        [
            "PENDING",
            "UPDATING_AGENT",
            "RUNNING",
            "STOPPING",
            "STOPPED",
            "REBOOTING",
            "SNAPSHOTTING",
            "DELETING",
            "FAILED",
        ]
    );
    check_enum!(ImageBuilderStateChangeReasonCode, ["INTERNAL_ERROR", "IMAGE_UNAVAILABLE"]);
    check_enum!(
        FleetErrorCode,
        [
            "IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION",
            "IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION",
            "IAM_SERVICE_ROLE_MISSING_ENI_DELETE_ACTION",
            "NETWORK_INTERFACE_LIMIT_EXCEEDED",
            "INTERNAL_SERVICE_ERROR",
            "IAM_SERVICE_ROLE_IS_MISSING",
            "SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES",
            "IAM_SERVICE_ROLE_MISSING_DESCRIBE_SUBNET_ACTION",
            "SUBNET_NOT_FOUND",
            "IMAGE_NOT_FOUND",
            "INVALID_SUBNET_CONFIGURATION",
            "SECURITY_GROUPS_NOT_FOUND",
            "IGW_NOT_ATTACHED",
            "IAM_SERVICE_ROLE_MISSING_DESCRIBE_SECURITY_GROUPS_ACTION",
            "DOMAIN_JOIN_ERROR_FILE_NOT_FOUND",
            "DOMAIN_JOIN_ERROR_ACCESS_DENIED",
            "DOMAIN_JOIN_ERROR_LOGON_FAILURE",
            "DOMAIN_JOIN_ERROR_INVALID_PARAMETER",
            "DOMAIN_JOIN_ERROR_MORE_DATA",
            "DOMAIN_JOIN_ERROR_NO_SUCH_DOMAIN",
            "DOMAIN_JOIN_ERROR_NOT_SUPPORTED",
            "DOMAIN_JOIN_NERR_INVALID_WORKGROUP_NAME",
            "DOMAIN_JOIN_NERR_WORKSTATION_NOT_STARTED",
            "DOMAIN_JOIN_ERROR_DS_MACHINE_ACCOUNT_QUOTA_EXCEEDED",
            "DOMAIN_JOIN_NERR_PASSWORD_EXPIRED",
            "DOMAIN_JOIN_INTERNAL_SERVICE_ERROR",
        ]
    );
}

#[test]
fn enum_must_be_a_json_string() {
    let mut fleet = fleet_json("sales-fleet");
    fleet["State"] = json!(2);
    assert!(serde_json::from_value::<Fleet>(fleet).is_err());
}

// ---------------------------------------------------------------------------
// Reading responses leniently
// ---------------------------------------------------------------------------

#[test]
fn unknown_members_are_ignored() {
    let mut with_extras = fleet_json("sales-fleet");
    with_extras["StreamView"] = json!("DESKTOP");
    with_extras["IdleDisconnectTimeoutInSeconds"] = json!(600);
    with_extras["ComputeCapacityStatus"]["ActiveUserSessions"] = json!(1);
    with_extras["Tags"] = json!({ "team": "sales" });
    let body = json!({ "Fleet": with_extras, "ResponseMetadata": { "RequestId": "abc" } });

    let out: CreateFleetOutput = serde_json::from_value(body).unwrap();
    assert_eq!(out.fleet.as_ref().unwrap().name, "sales-fleet");
    // Written back, only the members the model knows remain.
    assert_eq!(serde_json::to_value(&out).unwrap(), json!({ "Fleet": fleet_json("sales-fleet") }));
}

#[test]
fn null_optional_members_are_none() {
    let mut fleet = fleet_json("sales-fleet");
    for member in ["DisplayName", "VpcConfig", "CreatedTime", "FleetErrors", "FleetType"] {
        fleet[member] = Value::Null;
    }
    fleet["ComputeCapacityStatus"]["Running"] = Value::Null;

    let fleet: Fleet = serde_json::from_value(fleet).unwrap();
    assert_eq!(fleet.display_name, None);
    assert_eq!(fleet.vpc_config, None);
    assert_eq!(fleet.created_time, None);
    assert_eq!(fleet.fleet_errors, None);
    assert_eq!(fleet.fleet_type, None);
    assert_eq!(fleet.compute_capacity_status.running, None);
    // `None` is left out when written, not written as `null`.
    let written = serde_json::to_value(&fleet).unwrap();
    for member in ["DisplayName", "VpcConfig", "CreatedTime", "FleetErrors", "FleetType"] {
        assert!(written.get(member).is_none(), "{member} written as {}", written[member]);
    }
    assert_eq!(written["ComputeCapacityStatus"], json!({ "Desired": 4, "InUse": 1, "Available": 3 }));
}

#[test]
fn missing_or_null_required_members_take_their_zero_value() {
    // Smithy 2.0 client error correction: a required member the service left
    // out is filled with its zero value instead of failing the whole response.
    let mut fleet = fleet_json("sales-fleet");
    let object = fleet.as_object_mut().unwrap();
    object.remove("Arn");
    object.remove("State");
    object.remove("ComputeCapacityStatus");
    object.insert("InstanceType".into(), Value::Null);

    let fleet: Fleet = serde_json::from_value(fleet).unwrap();
    assert_eq!(fleet.arn, "");
    assert_eq!(fleet.instance_type, "");
    assert_eq!(fleet.state.as_str(), "");
    assert_eq!(fleet.compute_capacity_status.desired, 0);
    assert_eq!(fleet.name, "sales-fleet", "the members present are still read");

    // The same inside a list element.
    let out: DescribeImagePermissionsOutput = serde_json::from_value(json!({
        "SharedImagePermissionsList": [{ "sharedAccountId": "210987654321" }]
    }))
    .unwrap();
    let entry = &out.shared_image_permissions_list.unwrap()[0];
    assert_eq!(entry.image_permissions, ImagePermissions::builder().build());
}

#[test]
fn wrong_json_type_is_an_error_naming_the_member() {
    // The runtime's reader (which the client uses for every response) names
    // the member path; plain serde_json does not.
    let mut fleet = fleet_json("sales-fleet");
    fleet["Arn"] = json!(5);
    let err = smithy_rt::json::from_slice::<Fleet>(fleet.to_string().as_bytes(), "Fleet").unwrap_err();
    assert_eq!(err.path(), "Fleet.Arn");
    assert!(err.to_string().starts_with("Fleet.Arn: invalid type: integer `5`, expected a string"), "{err}");

    let body = json!({"Fleets": [fleet_json("a"), {"Name": "b", "MaxUserDurationInSeconds": "57600"}]});
    let err = smithy_rt::json::from_slice::<DescribeFleetsOutput>(body.to_string().as_bytes(), "DescribeFleetsOutput")
        .unwrap_err();
    assert_eq!(err.path(), "DescribeFleetsOutput.Fleets[1].MaxUserDurationInSeconds");
}

#[test]
fn integer_out_of_range_is_an_error() {
    // Smithy `integer` is 32-bit.
    let mut fleet = fleet_json("sales-fleet");
    fleet["ComputeCapacityStatus"]["Desired"] = json!(4_294_967_296_i64);
    assert!(serde_json::from_value::<Fleet>(fleet).is_err());
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

#[test]
fn create_fleet_request_with_every_member() {
    let input = CreateFleetInput::builder()
        .name("sales-fleet")
        .image_name("AppStream-WinServer2012R2-07-19-2018")
        .image_arn(PUBLIC_IMAGE_ARN)
        .instance_type("stream.standard.medium")
        .fleet_type(FleetType::OnDemand)
        .compute_capacity(ComputeCapacity::builder().desired_instances(4).build().unwrap())
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids("subnet-0a1b2c3d")
                .subnet_ids("subnet-4e5f6a7b")
                .security_group_ids("sg-0123abcd")
                .security_group_ids("sg-4567ef01")
                .build(),
        )
        .max_user_duration_in_seconds(57600)
        .disconnect_timeout_in_seconds(60)
        .description("Streams the CRM suite to the sales team")
        .display_name("Sales fleet")
        .enable_default_internet_access(true)
        .domain_join_info(
            DomainJoinInfo::builder()
                .directory_name("corp.example.com")
                .organizational_unit_distinguished_name("OU=AppStream,DC=corp,DC=example,DC=com")
                .build(),
        )
        .build()
        .unwrap();

    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({
            "Name": "sales-fleet",
            "ImageName": "AppStream-WinServer2012R2-07-19-2018",
            "ImageArn": PUBLIC_IMAGE_ARN,
            "InstanceType": "stream.standard.medium",
            "FleetType": "ON_DEMAND",
            "ComputeCapacity": { "DesiredInstances": 4 },
            "VpcConfig": {
                "SubnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                "SecurityGroupIds": ["sg-0123abcd", "sg-4567ef01"]
            },
            "MaxUserDurationInSeconds": 57600,
            "DisconnectTimeoutInSeconds": 60,
            "Description": "Streams the CRM suite to the sales team",
            "DisplayName": "Sales fleet",
            "EnableDefaultInternetAccess": true,
            "DomainJoinInfo": {
                "DirectoryName": "corp.example.com",
                "OrganizationalUnitDistinguishedName": "OU=AppStream,DC=corp,DC=example,DC=com"
            }
        })
    );
}

#[test]
fn input_with_nothing_set_is_an_empty_object() {
    assert_eq!(serde_json::to_string(&CreateFleetInput::default()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&UpdateFleetInput::default()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&DescribeFleetsInput::builder().build().unwrap()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&DescribeImagesInput::builder().build().unwrap()).unwrap(), "{}");
}

#[test]
fn update_image_permissions_request_writes_false_and_camel_case() {
    let input = UpdateImagePermissionsInput::builder()
        .name("crm-2018-07")
        .shared_account_id("210987654321")
        .image_permissions(ImagePermissions::builder().allow_fleet(true).allow_image_builder(false).build())
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({
            "Name": "crm-2018-07",
            "SharedAccountId": "210987654321",
            "ImagePermissions": { "allowFleet": true, "allowImageBuilder": false }
        })
    );
}

#[test]
fn update_fleet_request_lists_attributes_to_delete() {
    let input = UpdateFleetInput::builder()
        .name("sales-fleet")
        .instance_type("stream.compute.xlarge")
        .compute_capacity(ComputeCapacity::builder().desired_instances(0).build().unwrap())
        .delete_vpc_config(false)
        .enable_default_internet_access(false)
        .attributes_to_delete(FleetAttribute::VpcConfigurationSecurityGroupIds)
        .attributes_to_delete(FleetAttribute::DomainJoinInfo)
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({
            "Name": "sales-fleet",
            "InstanceType": "stream.compute.xlarge",
            "ComputeCapacity": { "DesiredInstances": 0 },
            "DeleteVpcConfig": false,
            "EnableDefaultInternetAccess": false,
            "AttributesToDelete": ["VPC_CONFIGURATION_SECURITY_GROUP_IDS", "DOMAIN_JOIN_INFO"]
        })
    );
}

#[test]
fn describe_images_request_type_member() {
    let input = DescribeImagesInput::builder()
        .names("crm-2018-07")
        .names("partner-crm")
        .r#type(VisibilityType::Shared)
        .max_results(25)
        .next_token("AAEAAbb0hG9PF2nb")
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({
            "Names": ["crm-2018-07", "partner-crm"],
            "Type": "SHARED",
            "MaxResults": 25,
            "NextToken": "AAEAAbb0hG9PF2nb"
        })
    );
}

#[test]
fn missing_required_input_member_fails_build() {
    let err = CreateFleetInput::builder()
        .name("sales-fleet")
        .compute_capacity(ComputeCapacity::builder().desired_instances(1).build().unwrap())
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "CreateFleetInput.InstanceType: required member is missing");
    assert_eq!((err.shape(), err.member()), ("CreateFleetInput", "InstanceType"));

    let err = UpdateImagePermissionsInput::builder()
        .name("crm-2018-07")
        .shared_account_id("210987654321")
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "UpdateImagePermissionsInput.ImagePermissions: required member is missing");

    let err = DeleteImagePermissionsInput::builder().name("crm-2018-07").build().unwrap_err();
    assert_eq!(err.to_string(), "DeleteImagePermissionsInput.SharedAccountId: required member is missing");

    // Nested required members are checked by the nested builder.
    let err = ComputeCapacity::builder().build().unwrap_err();
    assert_eq!(err.to_string(), "ComputeCapacity.DesiredInstances: required member is missing");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn error_structs_read_the_modelled_message_member() {
    // The model names the member `Message`. awsJson services also write
    // `message`; the client maps that spelling when it reads an error
    // response (tests/client_conformance.rs), so the type itself reads only
    // the modelled name and never fails on a body that has both.
    let body = r#"{"__type": "ResourceNotFoundException", "Message": "Fleet sales-fleet not found."}"#;
    let err: ResourceNotFoundException = serde_json::from_str(body).unwrap();
    assert_eq!(err.message(), Some("Fleet sales-fleet not found."));
    assert_eq!(err.to_string(), "ResourceNotFoundException: Fleet sales-fleet not found.");
    let both: ResourceNotFoundException = serde_json::from_str(r#"{"message": "lower", "Message": "upper"}"#).unwrap();
    assert_eq!(both.message(), Some("upper"));
}

#[test]
fn error_works_as_a_boxed_std_error() {
    fn describe() -> Result<(), Box<dyn std::error::Error>> {
        let err: ResourceNotFoundException = serde_json::from_str(r#"{"Message": "x"}"#)?;
        Err(err.into())
    }
    let err = describe().unwrap_err();
    assert_eq!(err.to_string(), "ResourceNotFoundException: x");
    assert!(err.source().is_none());
    let err = err.downcast::<ResourceNotFoundException>().expect("downcasts to its type");
    assert_eq!(err.message(), Some("x"));
}

#[test]
fn error_without_message_displays_its_code() {
    let err: ResourceNotFoundException = serde_json::from_str("{}").unwrap();
    assert_eq!(err.message(), None);
    assert_eq!(err.to_string(), "ResourceNotFoundException");
}

/// Every declared error: its `CODE` is its shape name and it displays as
/// `CODE: message`.
macro_rules! check_error {
    ($($ty:ident),+ $(,)?) => {$({
        assert_eq!(<$ty>::CODE, stringify!($ty));
        let err: $ty = serde_json::from_str(r#"{"Message": "boom"}"#).unwrap();
        assert_eq!(err.to_string(), concat!(stringify!($ty), ": boom"));
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
        assert!(boxed.is::<$ty>());
    })+};
}

#[test]
fn every_error_has_its_code_and_message() {
    check_error!(
        ConcurrentModificationException,
        IncompatibleImageException,
        InvalidAccountStatusException,
        InvalidParameterCombinationException,
        InvalidRoleException,
        LimitExceededException,
        OperationNotPermittedException,
        ResourceAlreadyExistsException,
        ResourceInUseException,
        ResourceNotAvailableException,
        ResourceNotFoundException,
    );
}

// ---------------------------------------------------------------------------
// Timestamps (epoch seconds)
// ---------------------------------------------------------------------------

fn created_time(seconds: Value) -> Option<Timestamp> {
    let mut fleet = fleet_json("sales-fleet");
    fleet["CreatedTime"] = seconds;
    serde_json::from_value::<Fleet>(fleet).unwrap().created_time
}

fn written_created_time(ts: Timestamp) -> String {
    let mut fleet: Fleet = serde_json::from_value(fleet_json("sales-fleet")).unwrap();
    fleet.created_time = Some(ts);
    let text = serde_json::to_string(&fleet).unwrap();
    let start = text.find(r#""CreatedTime":"#).expect("CreatedTime written") + 14;
    let len = text[start..].find([',', '}']).unwrap();
    text[start..start + len].to_string()
}

#[test]
fn epoch_seconds_parse_exactly() {
    assert_eq!(created_time(json!(1531440000)), Some(ts_seconds(1_531_440_000)));
    assert_eq!(created_time(json!(1531440000.123)), Some(ts_millis(1_531_440_000_123)));
    assert_eq!(created_time(json!(1531440000.5)), Some(ts_millis(1_531_440_000_500)));
    assert_eq!(created_time(json!(1531440000.0)), Some(ts_seconds(1_531_440_000)));
    assert_eq!(ts_seconds(1_531_440_000).to_string(), "2018-07-13T00:00:00Z", "the test's own reference point");
}

#[test]
fn whole_seconds_are_written_as_integers() {
    assert_eq!(written_created_time(ts_seconds(1_531_440_000)), "1531440000");
    assert_eq!(written_created_time(ts_millis(1_531_440_000_123)), "1531440000.123");
    // A float with no fraction on the wire comes back as an integer.
    let mut fleet = fleet_json("sales-fleet");
    fleet["CreatedTime"] = json!(1531440000.0);
    let fleet: Fleet = serde_json::from_value(fleet).unwrap();
    assert_eq!(serde_json::to_value(&fleet).unwrap()["CreatedTime"], json!(1531440000));
}

#[test]
fn timestamps_must_be_numbers() {
    let mut fleet = fleet_json("sales-fleet");
    fleet["CreatedTime"] = json!("2018-07-13T00:00:00Z");
    assert!(serde_json::from_value::<Fleet>(fleet).is_err());
}
