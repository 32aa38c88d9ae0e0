//! rpcv2Cbor bodies into and out of the generated AppStream types, through
//! `smithy_rt::cbor` (minicbor's decoder and encoder under smithy-rt's own
//! serde layer) and through the serde layers of two CBOR crates, ciborium
//! and minicbor-serde, on the same types and bytes: the figures behind the
//! choice of CBOR crate (ARCHITECTURE.md, "CBOR: why minicbor").
//!
//! Run with `cargo bench -p appstream-benches --bench cbor` (options after
//! `--`: `--rounds N`, and any other word keeps only the cases whose name
//! contains it). Without `--bench` (as under `cargo test --benches`) each
//! case is checked and run once.
//!
//! - `decode/*`: a `DescribeFleets` response of 1,000 fully populated fleets
//!   (the JSON body of the `client` bench's fleets, read into the types and
//!   written by `smithy_rt::cbor::to_vec`: maps keyed by member name,
//!   timestamps as tag 1) read into `DescribeFleetsOutput`. Every reader
//!   must give the same value; one that cannot says why instead of a time.
//! - `encode/*`: a fully populated `CreateFleetInput` written as CBOR. Only
//!   `smithy_rt::cbor` writes rpcv2Cbor's forms (the others write a
//!   timestamp's private tag newtype as a plain array); their times show the
//!   cost of their serde layers on the same work.
//!
//! Each case runs in blocks of at least 20 ms; the time printed is the
//! median per call over the rounds, with the allocations of one call
//! (counted by the global allocator of `counting.rs`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use appstream::operation::create_fleet::CreateFleetInput;
use appstream::operation::describe_fleets::DescribeFleetsOutput;

mod counting;

const FLEETS: usize = 1_000;

fn fleet_json(i: usize) -> serde_json::Value {
    let name = format!("engineering-fleet-{i:04}");
    let created = 1_700_000_000.0 + i as f64 * 3_600.0 + (i % 8) as f64 / 8.0;
    serde_json::json!({
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
        "CreatedTime": created,
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

fn describe_fleets() -> DescribeFleetsOutput {
    let doc = serde_json::json!({ "Fleets": (0..FLEETS).map(fleet_json).collect::<Vec<_>>() });
    let out: DescribeFleetsOutput = serde_json::from_value(doc).expect("the fleets document reads");
    assert_eq!(out.fleets.as_ref().map(Vec::len), Some(FLEETS));
    out
}

fn create_fleet() -> CreateFleetInput {
    let doc = serde_json::json!({
        "Name": "engineering-fleet-0001",
        "ImageName": "AppStream-WinServer2019-06-12-2024",
        "InstanceType": "stream.standard.medium",
        "FleetType": "ON_DEMAND",
        "ComputeCapacity": {"DesiredInstances": 4},
        "VpcConfig": {
            "SubnetIds": ["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"],
            "SecurityGroupIds": ["sg-0123456789abcdef0", "sg-0fedcba9876543210"]
        },
        "MaxUserDurationInSeconds": 28_800,
        "DisconnectTimeoutInSeconds": 900,
        "Description": "Streaming fleet for the engineering team's design and build tools.",
        "DisplayName": "Engineering fleet 1",
        "EnableDefaultInternetAccess": false,
        "DomainJoinInfo": {
            "DirectoryName": "corp.example.com",
            "OrganizationalUnitDistinguishedName": "OU=AppStream,OU=Computers,DC=corp,DC=example,DC=com"
        },
        "Tags": {"team": "engineering", "cost-centre": "1234"}
    });
    serde_json::from_value(doc).expect("the CreateFleet document reads")
}

struct Options {
    full: bool,
    rounds: usize,
    filters: Vec<String>,
}

fn options() -> Options {
    let mut full = false;
    let mut rounds = 15;
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => full = true,
            "--rounds" => rounds = args.next().and_then(|v| v.parse().ok()).expect("--rounds takes a number"),
            other if other.starts_with('-') => {}
            other => filters.push(other.to_owned()),
        }
    }
    if !full {
        rounds = 1;
    }
    Options { full, rounds, filters }
}

/// Times `f` (median per call over the rounds) and counts one call's allocations.
fn measure(options: &Options, name: &str, mut f: impl FnMut()) {
    if !options.filters.is_empty() && !options.filters.iter().any(|w| name.contains(w.as_str())) {
        return;
    }
    let before = counting::allocations();
    f();
    let allocations = counting::allocations() - before;
    let block = if options.full { Duration::from_millis(20) } else { Duration::ZERO };
    let mut times = Vec::with_capacity(options.rounds);
    for _ in 0..options.rounds {
        let start = Instant::now();
        let mut calls = 0u32;
        while calls == 0 || start.elapsed() < block {
            f();
            calls += 1;
        }
        times.push(start.elapsed() / calls);
    }
    times.sort();
    println!("cbor/{name}: {:.2?}/call, {allocations} allocations/call", times[times.len() / 2]);
}

/// `v` with every tag 1 replaced by the item it tags.
fn untag(v: smithy_rt::cbor::Value) -> smithy_rt::cbor::Value {
    use smithy_rt::cbor::Value;
    match v {
        Value::Tag(1, item) => untag(*item),
        Value::Tag(n, item) => Value::Tag(n, Box::new(untag(*item))),
        Value::Array(items) => Value::Array(items.into_iter().map(untag).collect()),
        Value::Map(entries) => Value::Map(entries.into_iter().map(|(k, v)| (untag(k), untag(v))).collect()),
        other => other,
    }
}

fn main() {
    let options = options();
    let fleets = describe_fleets();
    let body = smithy_rt::cbor::to_vec(&fleets).expect("the fleets encode");
    println!("cbor/decode: {} fleets, {} bytes", FLEETS, body.len());
    let ours: DescribeFleetsOutput =
        smithy_rt::cbor::from_slice(&body, "DescribeFleetsOutput").expect("smithy-rt reads");
    assert_eq!(ours, fleets);
    measure(&options, "decode/smithy_rt", || {
        black_box(
            smithy_rt::cbor::from_slice::<DescribeFleetsOutput>(black_box(&body), "DescribeFleetsOutput").unwrap(),
        );
    });
    // ciborium reads a tag through serde as an enum, minicbor-serde not at
    // all: they get the same body with its timestamps untagged (which
    // smithy_rt reads too), so that all three do the same work.
    let untagged = untag(smithy_rt::cbor::value_from_slice(&body).unwrap()).to_vec().unwrap();
    let ours_untagged: DescribeFleetsOutput = smithy_rt::cbor::from_slice(&untagged, "DescribeFleetsOutput").unwrap();
    assert_eq!(ours_untagged, fleets);
    measure(&options, "decode/smithy_rt_untagged", || {
        black_box(
            smithy_rt::cbor::from_slice::<DescribeFleetsOutput>(black_box(&untagged), "DescribeFleetsOutput").unwrap(),
        );
    });
    let body = untagged;
    match ciborium::from_reader::<DescribeFleetsOutput, _>(&body[..]) {
        Ok(v) if v == fleets => measure(&options, "decode/ciborium", || {
            black_box(ciborium::from_reader::<DescribeFleetsOutput, _>(black_box(&body[..])).unwrap());
        }),
        Ok(_) => println!("cbor/decode/ciborium: reads a different value"),
        Err(e) => println!("cbor/decode/ciborium: cannot read the body: {e}"),
    }
    match minicbor_serde::from_slice::<DescribeFleetsOutput>(&body) {
        Ok(v) if v == fleets => measure(&options, "decode/minicbor_serde", || {
            black_box(minicbor_serde::from_slice::<DescribeFleetsOutput>(black_box(&body)).unwrap());
        }),
        Ok(_) => println!("cbor/decode/minicbor_serde: reads a different value"),
        Err(e) => println!("cbor/decode/minicbor_serde: cannot read the body: {e}"),
    }
    let json = serde_json::to_vec(&fleets).unwrap();
    measure(&options, "decode/json_for_comparison", || {
        black_box(
            smithy_rt::json::from_slice::<DescribeFleetsOutput>(black_box(&json), "DescribeFleetsOutput").unwrap(),
        );
    });

    let input = create_fleet();
    let ours = smithy_rt::cbor::to_vec(&input).unwrap();
    assert_eq!(smithy_rt::cbor::from_slice::<CreateFleetInput>(&ours, "CreateFleetInput").unwrap(), input);
    println!("cbor/encode: CreateFleetInput, {} bytes", ours.len());
    measure(&options, "encode/smithy_rt", || {
        black_box(smithy_rt::cbor::to_vec(black_box(&input)).unwrap());
    });
    measure(&options, "encode/ciborium", || {
        let mut out = Vec::with_capacity(128);
        ciborium::into_writer(black_box(&input), &mut out).unwrap();
        black_box(out);
    });
    measure(&options, "encode/minicbor_serde", || {
        black_box(minicbor_serde::to_vec(black_box(&input)).unwrap());
    });
}
