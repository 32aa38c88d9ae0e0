//! The generated AppStream client beside `aws-sdk-appstream`, in one process,
//! on the same bytes.
//!
//! ```sh
//! cargo run --release -p bench-vs-sdk             # measure, print the tables
//! cargo run --release -p bench-vs-sdk -- --write  # and update BENCHMARKS.md and its chart
//! cargo run --release -p bench-vs-sdk -- --quick  # fewer rounds, to try it out
//! cargo run --release -p bench-vs-sdk -- --floor --write  # where DescribeFleets' time goes (`floor.rs`)
//! cargo run --release -p bench-vs-sdk -- --profile ours create 10  # one side in a loop, for a profiler
//! cargo run --release -p bench-vs-sdk -- --profile ours-cbor fleets 10  # the same in rpcv2Cbor
//! cargo run --release -p bench-vs-sdk -- --capture-sdk-requests tests/fixtures/aws-sdk-appstream/requests.json
//! ```
//!
//! `--capture-sdk-requests PATH` measures nothing: it records the requests
//! the SDK sends for a dozen inputs, in rpcv2Cbor and in awsJson1.1, as the
//! fixture that `tests/client_sdk_requests.rs` holds our client to (see
//! `capture.rs` and `tests/fixtures/aws-sdk-appstream/README.md`).
//!
//! Each case drives both clients end to end through an in-memory transport
//! that answers at once with a refcounted body: build the input, validate it
//! as each client does by default, serialise, sign, "send", parse the
//! response. The SDK runs twice: in its default protocol (rpcv2Cbor, since
//! 1.120.0) and switched to awsJson1.1 through its config
//! (`aws_smithy_json`'s `AwsJsonRpcProtocol`), so that the comparison is
//! also protocol for protocol. Both clients use static credentials and make
//! one attempt.
//!
//! Before timing, every case checks that both clients did the same work:
//! the request documents they sent are equal (the SDK's CBOR decoded to
//! JSON), the SDK sent its protocol's content type, and a digest of every
//! member of the parsed output is equal (`digest.rs`).
//!
//! The time of a case is measured in rounds: in each round, a block of calls
//! through ours and a block through the SDK, in alternating order; the
//! figure reported is the median over rounds of the per-round ratio, beside
//! the median time per call of each. (The machine is shared, and its speed
//! drifts by more than the differences measured.) Allocations and the peak
//! heap of one call are counted by the global allocator (`alloc.rs`).
//!
//! botocore's parser, when `python3 -c 'import botocore'` works, is timed on
//! the same awsJson1.1 bodies by `botocore_parse.py`, in rounds interleaved
//! with ours.

mod alloc;
mod bodies;
mod capture;
mod digest;
mod floor;
mod ours;
mod report;
mod sdk;

use digest::Digest;
use sdk::Protocol;
use serde_json::Value;
use smithy_rt::client::bytes::Bytes;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

/// The owned strings of the `CreateFleet` input, made anew for each call.
pub struct CreateFleetStrings {
    pub name: String,
    pub image_name: String,
    pub image_arn: String,
    pub instance_type: String,
    pub subnets: [String; 2],
    pub security_groups: [String; 2],
    pub description: String,
    pub display_name: String,
    pub directory: String,
    pub ou: String,
}

pub fn create_fleet_strings() -> CreateFleetStrings {
    CreateFleetStrings {
        name: "engineering-fleet-01".to_owned(),
        image_name: "MyImage".to_owned(),
        image_arn: "arn:aws:appstream:us-east-1:123456789012:image/MyImage".to_owned(),
        instance_type: "stream.standard.medium".to_owned(),
        subnets: ["subnet-0a1b2c3d4e5f67890".to_owned(), "subnet-0f9e8d7c6b5a43210".to_owned()],
        security_groups: ["sg-0123456789abcdef0".to_owned(), "sg-0fedcba9876543210".to_owned()],
        description: "Streaming fleet for the engineering team's design and build tools.".to_owned(),
        display_name: "Engineering fleet".to_owned(),
        directory: "corp.example.com".to_owned(),
        ou: "OU=AppStream,OU=Computers,DC=corp,DC=example,DC=com".to_owned(),
    }
}

/// How many rounds, and calls per block, each kind of case runs.
#[derive(Clone, Copy)]
struct Plan {
    rounds: usize,
    parse_block: usize,
    request_block: usize,
}

/// One client's figures in one case.
#[derive(Debug, Clone)]
pub struct Side {
    /// Median time per call over the rounds.
    pub per_call: Duration,
    /// The response body it parsed, in bytes.
    pub body_bytes: usize,
    pub heap: alloc::HeapUse,
}

/// One case: ours beside the SDK in one protocol.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub case: &'static str,
    pub sdk_protocol: Protocol,
    /// Items in the response (fleets, images; 1 for CreateFleet).
    pub items: usize,
    pub ours: Side,
    pub sdk: Side,
    /// Median over rounds of ours' time / the SDK's time.
    pub ratio: f64,
    /// The goal for `ratio`, when the issue sets one.
    pub goal: Option<f64>,
}

/// botocore's parser beside ours.
#[derive(Debug, Clone)]
pub struct Botocore {
    pub case: &'static str,
    pub version: String,
    pub parse: Duration,
    pub ours: Duration,
    /// Median over rounds of botocore's parse time / ours' whole call.
    pub times_faster: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn time_block(calls: usize, f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        f();
    }
    start.elapsed() / calls as u32
}

/// Interleaved rounds: (median ours per call, median SDK per call, median ratio).
fn interleave(plan: Plan, block: usize, mut ours: impl FnMut(), mut sdk: impl FnMut()) -> (Duration, Duration, f64) {
    for _ in 0..block.min(3) {
        ours();
        sdk();
    }
    let (mut o, mut s, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..plan.rounds {
        let (a, b) = if round.is_multiple_of(2) {
            let a = time_block(block, &mut ours);
            (a, time_block(block, &mut sdk))
        } else {
            let b = time_block(block, &mut sdk);
            (time_block(block, &mut ours), b)
        };
        o.push(a.as_secs_f64());
        s.push(b.as_secs_f64());
        ratios.push(a.as_secs_f64() / b.as_secs_f64());
    }
    (Duration::from_secs_f64(median(o)), Duration::from_secs_f64(median(s)), median(ratios))
}

/// The request document a client sent: JSON, or CBOR decoded to JSON (an
/// empty body is the empty document).
fn request_document(content_type: &str, body: &[u8]) -> Value {
    if body.is_empty() {
        return Value::Object(Default::default());
    }
    if content_type == "application/cbor" {
        bodies::cbor_to_json(body).unwrap_or_else(|e| panic!("the SDK sent CBOR that does not decode: {e}"))
    } else {
        serde_json::from_slice(body).expect("a JSON request body")
    }
}

/// Numbers compared by value (the SDK may write `4` where ours writes `4`,
/// or a float where an integer fits, in CBOR).
fn same_document(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_document(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_document(v, w)))
        }
        _ => a == b,
    }
}

fn check_requests(case: &str, ours: &ours::Ours, sdk: &sdk::Sdk, protocol: Protocol) {
    let (our_type, our_body) = ours.first_request();
    let (sdk_type, sdk_body) = sdk.first_request();
    assert_eq!(our_type, protocol.content_type(), "{case}: our content type in {}", protocol.label());
    assert_eq!(sdk_type, protocol.content_type(), "{case}: the SDK's content type in {}", protocol.label());
    let (a, b) = (request_document(&our_type, &our_body), request_document(&sdk_type, &sdk_body));
    assert!(same_document(&a, &b), "{case}: the clients sent different requests:\nours {a}\nSDK  {b}");
}

fn check_digests(case: &str, ours: (u64, usize), sdk: (u64, usize), at_least: usize) {
    assert!(ours.1 >= at_least, "{case}: ours read only {} members", ours.1);
    assert_eq!(ours, sdk, "{case}: the clients parsed different values (digest, members)");
}

struct Setup {
    fleets_json: Bytes,
    fleets_cbor: Bytes,
    images_json: Bytes,
    images_cbor: Bytes,
    create_json: Bytes,
    create_cbor: Bytes,
}

impl Setup {
    fn new() -> Self {
        let docs = [bodies::describe_fleets(), bodies::describe_images(), bodies::create_fleet()];
        let json = |d: &Value| Bytes::from(serde_json::to_vec(d).expect("a document serialises"));
        let cbor = |d: &Value| Bytes::from(bodies::cbor(d));
        Setup {
            fleets_json: json(&docs[0]),
            fleets_cbor: cbor(&docs[0]),
            images_json: json(&docs[1]),
            images_cbor: cbor(&docs[1]),
            create_json: json(&docs[2]),
            create_cbor: cbor(&docs[2]),
        }
    }

    fn sdk_body(&self, json: &Bytes, cbor: &Bytes, protocol: Protocol) -> Bytes {
        match protocol {
            Protocol::RpcV2Cbor => cbor.clone(),
            Protocol::AwsJson11 => json.clone(),
        }
    }
}

fn run(rt: &tokio::runtime::Runtime, plan: Plan, setup: &Setup) -> Vec<Comparison> {
    let mut out = Vec::new();
    for protocol in [Protocol::RpcV2Cbor, Protocol::AwsJson11] {
        // DescribeFleets, 1,000 fleets.
        let body = setup.sdk_body(&setup.fleets_json, &setup.fleets_cbor, protocol);
        let o = ours::Ours::new(body.clone(), protocol.ours());
        let s = sdk::Sdk::new(body, protocol);
        let (a, b) = (rt.block_on(ours::describe_fleets(&o)), rt.block_on(sdk::describe_fleets(&s)));
        assert_eq!((a.len(), b.len()), (bodies::FLEETS, bodies::FLEETS));
        let (mut da, mut db) = (Digest::new(), Digest::new());
        a.iter().for_each(|f| ours::digest_fleet(&mut da, f));
        b.iter().for_each(|f| sdk::digest_fleet(&mut db, f));
        check_digests("DescribeFleets", da.finish(), db.finish(), bodies::FLEETS * 28);
        check_requests("DescribeFleets", &o, &s, protocol);
        drop((a, b));
        out.push(compare(
            plan,
            plan.parse_block,
            "DescribeFleets, 1,000 fleets",
            protocol,
            bodies::FLEETS,
            &o,
            &s,
            |o| {
                black_box(rt.block_on(ours::describe_fleets(o)));
            },
            |s| {
                black_box(rt.block_on(sdk::describe_fleets(s)));
            },
            Some(if protocol == Protocol::RpcV2Cbor { 0.6 } else { 0.5 }),
        ));

        // DescribeImages, 500 images with applications and metadata.
        let body = setup.sdk_body(&setup.images_json, &setup.images_cbor, protocol);
        let o = ours::Ours::new(body.clone(), protocol.ours());
        let s = sdk::Sdk::new(body, protocol);
        let (a, b) = (rt.block_on(ours::describe_images(&o)), rt.block_on(sdk::describe_images(&s)));
        assert_eq!((a.len(), b.len()), (bodies::IMAGES, bodies::IMAGES));
        let (mut da, mut db) = (Digest::new(), Digest::new());
        a.iter().for_each(|i| ours::digest_image(&mut da, i));
        b.iter().for_each(|i| sdk::digest_image(&mut db, i));
        check_digests("DescribeImages", da.finish(), db.finish(), bodies::IMAGES * 50);
        check_requests("DescribeImages", &o, &s, protocol);
        drop((a, b));
        out.push(compare(
            plan,
            plan.parse_block,
            "DescribeImages, 500 images",
            protocol,
            bodies::IMAGES,
            &o,
            &s,
            |o| {
                black_box(rt.block_on(ours::describe_images(o)));
            },
            |s| {
                black_box(rt.block_on(sdk::describe_images(s)));
            },
            None,
        ));

        // CreateFleet, every member set, answered with a full fleet.
        let body = setup.sdk_body(&setup.create_json, &setup.create_cbor, protocol);
        let o = ours::Ours::new(body.clone(), protocol.ours());
        let s = sdk::Sdk::new(body, protocol);
        let (a, b) = (rt.block_on(ours::create_fleet(&o)), rt.block_on(sdk::create_fleet(&s)));
        let (mut da, mut db) = (Digest::new(), Digest::new());
        ours::digest_fleet(&mut da, a.fleet.as_ref().expect("the created fleet"));
        sdk::digest_fleet(&mut db, b.fleet().expect("the created fleet"));
        check_digests("CreateFleet", da.finish(), db.finish(), 28);
        check_requests("CreateFleet", &o, &s, protocol);
        out.push(compare(
            plan,
            plan.request_block,
            "CreateFleet, every member",
            protocol,
            1,
            &o,
            &s,
            |o| {
                black_box(rt.block_on(ours::create_fleet(o)));
            },
            |s| {
                black_box(rt.block_on(sdk::create_fleet(s)));
            },
            Some(0.3),
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn compare(
    plan: Plan,
    block: usize,
    case: &'static str,
    sdk_protocol: Protocol,
    items: usize,
    o: &ours::Ours,
    s: &sdk::Sdk,
    mut ours_call: impl FnMut(&ours::Ours),
    mut sdk_call: impl FnMut(&sdk::Sdk),
    goal: Option<f64>,
) -> Comparison {
    let (ours_time, sdk_time, ratio) = interleave(plan, block, || ours_call(o), || sdk_call(s));
    let heap_calls = block.max(10);
    let ours_heap = alloc::measure(heap_calls, || ours_call(o));
    let sdk_heap = alloc::measure(heap_calls, || sdk_call(s));
    let c = Comparison {
        case,
        sdk_protocol,
        items,
        ours: Side { per_call: ours_time, body_bytes: o.response_bytes(), heap: ours_heap },
        sdk: Side { per_call: sdk_time, body_bytes: s.response_bytes(), heap: sdk_heap },
        ratio,
        goal,
    };
    eprintln!("{}", report::line(&c));
    c
}

/// botocore's parse of the awsJson1.1 bodies, in rounds interleaved with
/// ours; `None` (with the reason on stderr) when botocore cannot be run.
fn botocore(rt: &tokio::runtime::Runtime, plan: Plan, setup: &Setup) -> Vec<Botocore> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/botocore_parse.py");
    let probe = std::process::Command::new("python3").args(["-c", "import botocore"]).output();
    if !probe.is_ok_and(|p| p.status.success()) {
        eprintln!("botocore: not measured (python3 with botocore is needed: pip install botocore)");
        return Vec::new();
    }
    let dir = std::env::temp_dir().join(format!("bench-vs-sdk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut out = Vec::new();
    let cases: [(&'static str, &str, &Bytes, usize); 2] = [
        ("DescribeFleets, 1,000 fleets", "DescribeFleets", &setup.fleets_json, bodies::FLEETS),
        ("DescribeImages, 500 images", "DescribeImages", &setup.images_json, bodies::IMAGES),
    ];
    for (case, operation, body, items) in cases {
        let path = dir.join(format!("{operation}.json"));
        std::fs::write(&path, body).expect("the body is written");
        let o = ours::Ours::new(body.clone(), smithy_rt::client::Protocol::AwsJson1_1);
        let mut ours_call = || match operation {
            "DescribeFleets" => drop(black_box(rt.block_on(ours::describe_fleets(&o)))),
            _ => drop(black_box(rt.block_on(ours::describe_images(&o)))),
        };
        let (mut ratios, mut parses, mut ourss, mut version) = (Vec::new(), Vec::new(), Vec::new(), String::new());
        for _ in 0..plan.rounds.clamp(3, 7) {
            let run = std::process::Command::new("python3")
                .arg(script)
                .arg(&path)
                .arg(operation)
                .arg("5")
                .output()
                .expect("python3 runs");
            assert!(run.status.success(), "botocore_parse.py failed: {}", String::from_utf8_lossy(&run.stderr));
            let line: Value = serde_json::from_slice(&run.stdout).expect("botocore_parse.py prints JSON");
            assert_eq!(line["items"].as_u64(), Some(items as u64), "botocore read every item");
            version = line["botocore"].as_str().unwrap_or("?").to_owned();
            let parse = line["median_s"].as_f64().expect("a time");
            // One call first, as botocore_parse.py parses once before timing:
            // python3 has just had the cores and the caches.
            ours_call();
            let ours = time_block(plan.parse_block, &mut ours_call).as_secs_f64();
            ratios.push(parse / ours);
            parses.push(parse);
            ourss.push(ours);
        }
        let b = Botocore {
            case,
            version,
            parse: Duration::from_secs_f64(median(parses)),
            ours: Duration::from_secs_f64(median(ourss)),
            times_faster: median(ratios),
        };
        eprintln!("{}", report::botocore_line(&b));
        out.push(b);
    }
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// `--profile ours|sdk fleets|images|create SECONDS`: one client, one case,
/// in a loop, for a profiler (`perf record -g`, `valgrind --tool=dhat`).
fn profile(rt: &tokio::runtime::Runtime, args: &[String]) -> Result<(), String> {
    let usage =
        || "usage: bench-vs-sdk --profile ours|sdk|ours-cbor|sdk-cbor fleets|images|create [SECONDS]".to_owned();
    let (side, case) = (args.first().ok_or_else(usage)?, args.get(1).ok_or_else(usage)?);
    let seconds: f64 = args.get(2).map_or(Ok(5.0), |s| s.parse().map_err(|_| usage()))?;
    let setup = Setup::new();
    let protocol = if side.ends_with("-cbor") { Protocol::RpcV2Cbor } else { Protocol::AwsJson11 };
    let body = match case.as_str() {
        "fleets" => setup.sdk_body(&setup.fleets_json, &setup.fleets_cbor, protocol),
        "images" => setup.sdk_body(&setup.images_json, &setup.images_cbor, protocol),
        "create" => setup.sdk_body(&setup.create_json, &setup.create_cbor, protocol),
        _ => return Err(usage()),
    };
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let mut calls = 0u64;
    match side.trim_end_matches("-cbor") {
        "ours" => {
            let o = ours::Ours::new(body.clone(), protocol.ours());
            while Instant::now() < until {
                match case.as_str() {
                    "fleets" => drop(black_box(rt.block_on(ours::describe_fleets(&o)))),
                    "images" => drop(black_box(rt.block_on(ours::describe_images(&o)))),
                    _ => drop(black_box(rt.block_on(ours::create_fleet(&o)))),
                }
                calls += 1;
            }
        }
        "sdk" => {
            let s = sdk::Sdk::new(body.clone(), protocol);
            while Instant::now() < until {
                match case.as_str() {
                    "fleets" => drop(black_box(rt.block_on(sdk::describe_fleets(&s)))),
                    "images" => drop(black_box(rt.block_on(sdk::describe_images(&s)))),
                    _ => drop(black_box(rt.block_on(sdk::create_fleet(&s)))),
                }
                calls += 1;
            }
        }
        _ => return Err(usage()),
    }
    eprintln!("{calls} calls");
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--profile") {
        let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a Tokio runtime");
        if let Err(usage) = profile(&rt, &args[1..]) {
            eprintln!("{usage}");
            std::process::exit(2);
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--capture-sdk-requests") {
        let [_, path] = args.as_slice() else {
            eprintln!("usage: bench-vs-sdk --capture-sdk-requests PATH");
            std::process::exit(2);
        };
        if let Err(e) = capture::run(path) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    for a in &args {
        if !matches!(a.as_str(), "--quick" | "--write" | "--floor") {
            eprintln!("usage: bench-vs-sdk [--floor] [--quick] [--write] | --profile ours|sdk|ours-cbor|sdk-cbor fleets|images|create [SECONDS] | --capture-sdk-requests PATH");
            std::process::exit(2);
        }
    }
    if cfg!(debug_assertions) {
        eprintln!("note: an unoptimised build; run with `cargo run --release -p bench-vs-sdk`");
    }
    let quick = args.iter().any(|a| a == "--quick");
    let plan = if quick {
        Plan { rounds: 5, parse_block: 2, request_block: 50 }
    } else {
        Plan { rounds: 31, parse_block: 5, request_block: 200 }
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a Tokio runtime");
    let setup = Setup::new();
    if args.iter().any(|a| a == "--floor") {
        let table = floor::run(&rt, plan, &setup);
        println!("{table}");
        if args.iter().any(|a| a == "--write") {
            report::write_floor(&table).unwrap_or_else(|e| {
                eprintln!("cannot update BENCHMARKS.md: {e}");
                std::process::exit(1);
            });
        }
        return;
    }
    let comparisons = run(&rt, plan, &setup);
    let botocore = botocore(&rt, plan, &setup);
    let tables = report::markdown(&comparisons, &botocore, quick);
    println!("{tables}");
    if args.iter().any(|a| a == "--write") {
        report::write(&tables, &comparisons).unwrap_or_else(|e| {
            eprintln!("cannot update BENCHMARKS.md: {e}");
            std::process::exit(1);
        });
    }
}
