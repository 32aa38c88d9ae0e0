//! The response bodies both clients parse: JSON documents of fully populated
//! fleets and images (every member both clients know), written once as
//! awsJson1.1 text and once as rpcv2Cbor (the same document: maps keyed by
//! member name, timestamps as tag 1 with epoch seconds).
//!
//! Timestamps have fractions that a binary float holds exactly (multiples of
//! 1/8 s), so that both clients, whatever their rounding, read the same
//! instant and the digests can compare them to the nanosecond.

use serde_json::{json, Value};

/// Fleets in the `DescribeFleets` response.
pub const FLEETS: usize = 1_000;
/// Images in the `DescribeImages` response.
pub const IMAGES: usize = 500;
/// Applications per image.
const APPLICATIONS: usize = 3;

/// Members that are timestamps, in the documents below.
const TIMESTAMPS: &[&str] = &["CreatedTime", "PublicBaseImageReleasedDate"];

fn seconds(base: i64, i: usize) -> Value {
    let whole = base + i as i64 * 3_600;
    match i % 8 {
        0 => json!(whole),
        eighths => json!(whole as f64 + eighths as f64 / 8.0),
    }
}

/// Fleet `i`, every member of the nine-operation model set.
pub fn fleet(i: usize) -> Value {
    let name = format!("engineering-fleet-{i:04}");
    json!({
        "Arn": format!("arn:aws:appstream:us-east-1:123456789012:fleet/{name}"),
        "Name": name,
        "DisplayName": format!("Engineering fleet {i}"),
        "Description": "Streaming fleet for the engineering team's design and build tools.",
        "ImageName": "AppStream-WinServer2019-06-12-2024",
        "ImageArn": "arn:aws:appstream:us-east-1:123456789012:image/AppStream-WinServer2019-06-12-2024",
        "InstanceType": "stream.standard.medium",
        "FleetType": (["ON_DEMAND", "ALWAYS_ON", "ALWAYS_ON"][i % 3]),
        "ComputeCapacityStatus": {"Desired": 4, "Running": 4, "InUse": 2, "Available": 2},
        "MaxUserDurationInSeconds": 28_800,
        "DisconnectTimeoutInSeconds": 900,
        "State": (["STOPPED", "RUNNING", "RUNNING", "RUNNING", "RUNNING"][i % 5]),
        "VpcConfig": {
            "SubnetIds": ["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"],
            "SecurityGroupIds": ["sg-0123456789abcdef0", "sg-0fedcba9876543210"]
        },
        "CreatedTime": seconds(1_700_000_000, i),
        "FleetErrors": [
            {"ErrorCode": "SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES",
             "ErrorMessage": "The subnet subnet-0a1b2c3d4e5f67890 has insufficient IP addresses available."},
            {"ErrorCode": "DOMAIN_JOIN_ERROR_ACCESS_DENIED",
             "ErrorMessage": "The service account does not have permission to join computers to the domain corp.example.com."}
        ],
        "EnableDefaultInternetAccess": i.is_multiple_of(2),
        "DomainJoinInfo": {
            "DirectoryName": "corp.example.com",
            "OrganizationalUnitDistinguishedName": "OU=AppStream,OU=Computers,DC=corp,DC=example,DC=com"
        }
    })
}

/// Image `i`, every member of the nine-operation model set, with
/// applications and their metadata.
pub fn image(i: usize) -> Value {
    let name = format!("engineering-image-{i:04}");
    let applications: Vec<Value> = (0..APPLICATIONS)
        .map(|a| {
            json!({
                "Name": format!("app-{a}"),
                "DisplayName": format!("Application {a} of image {i}"),
                "IconURL": format!("https://example.com/icons/app-{a}.png"),
                "LaunchPath": format!("C:\\Program Files\\Vendor\\App{a}\\app{a}.exe"),
                "LaunchParameters": "--profile engineering --no-splash",
                "Enabled": a != 2,
                "Metadata": {"vendor": "Example Corp", "version": format!("{a}.{i}.0"), "licence": "site"}
            })
        })
        .collect();
    json!({
        "Name": name,
        "Arn": format!("arn:aws:appstream:us-east-1:123456789012:image/{name}"),
        "BaseImageArn": "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-12-2024",
        "DisplayName": format!("Engineering image {i}"),
        "State": (["AVAILABLE", "PENDING", "FAILED", "COPYING", "DELETING"][i % 5]),
        "Visibility": (["PRIVATE", "SHARED", "PUBLIC"][i % 3]),
        "ImageBuilderSupported": i % 2 == 1,
        "Platform": "WINDOWS",
        "Description": "Windows Server image with the engineering team's design and build tools.",
        "StateChangeReason": {"Code": "IMAGE_COPY_FAILURE", "Message": "The image could not be copied to the destination region."},
        "Applications": applications,
        "CreatedTime": seconds(1_710_000_000, i),
        "PublicBaseImageReleasedDate": seconds(1_690_000_000, i + 3),
        "AppstreamAgentVersion": "1.1.1099",
        "ImagePermissions": {"allowFleet": true, "allowImageBuilder": i.is_multiple_of(3)}
    })
}

pub fn describe_fleets() -> Value {
    json!({ "Fleets": (0..FLEETS).map(fleet).collect::<Vec<_>>() })
}

pub fn describe_images() -> Value {
    json!({ "Images": (0..IMAGES).map(image).collect::<Vec<_>>() })
}

pub fn create_fleet() -> Value {
    json!({ "Fleet": fleet(1) })
}

/// The rpcv2Cbor encoding of `doc`.
pub fn cbor(doc: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(&to_cbor(doc, false), &mut out).expect("a document encodes");
    out
}

fn to_cbor(v: &Value, timestamp: bool) -> ciborium::Value {
    use ciborium::Value as C;
    let number = |n: &serde_json::Number| match n.as_i64() {
        Some(i) => C::Integer(i.into()),
        None => C::Float(n.as_f64().expect("a finite number")),
    };
    match v {
        Value::Null => C::Null,
        Value::Bool(b) => C::Bool(*b),
        Value::Number(n) if timestamp => C::Tag(1, Box::new(number(n))),
        Value::Number(n) => number(n),
        Value::String(s) => C::Text(s.clone()),
        Value::Array(items) => C::Array(items.iter().map(|i| to_cbor(i, false)).collect()),
        Value::Object(map) => C::Map(
            map.iter().map(|(k, v)| (C::Text(k.clone()), to_cbor(v, TIMESTAMPS.contains(&k.as_str())))).collect(),
        ),
    }
}

/// The JSON document of a CBOR body (timestamps as their epoch seconds), to
/// compare what the two clients sent.
pub fn cbor_to_json(bytes: &[u8]) -> Result<Value, String> {
    let v: ciborium::Value = ciborium::from_reader(bytes).map_err(|e| e.to_string())?;
    from_cbor(&v)
}

fn from_cbor(v: &ciborium::Value) -> Result<Value, String> {
    use ciborium::Value as C;
    Ok(match v {
        C::Null => Value::Null,
        C::Bool(b) => json!(b),
        C::Integer(i) => json!(i64::try_from(*i).map_err(|_| "an integer out of range")?),
        C::Float(f) => json!(f),
        C::Text(s) => json!(s),
        C::Tag(1, inner) => from_cbor(inner)?,
        C::Array(items) => Value::Array(items.iter().map(from_cbor).collect::<Result<_, _>>()?),
        C::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| match k {
                    C::Text(k) => Ok((k.clone(), from_cbor(v)?)),
                    other => Err(format!("a map key that is not text: {other:?}")),
                })
                .collect::<Result<_, String>>()?,
        ),
        other => return Err(format!("unexpected CBOR item {other:?}")),
    })
}
