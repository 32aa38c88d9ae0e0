//! Time and heap allocations of calls through the generated client, without
//! a network: the transport is a `ReplayTransport` answering every request
//! with the same canned response, the credentials are static, the region is
//! `us-east-1`, the signing clock is fixed, and each call is driven with
//! `block_on` on a Tokio current-thread runtime.
//!
//! Run with `cargo bench -p appstream-benches --bench client`. Before
//! criterion's measurements, one line per case is printed:
//!
//! ```text
//! client/create_fleet: 12.00 µs/call, 53.0 allocations/call
//! client/describe_fleets_1000: 2.823 ms/call (2.82 µs/fleet), 18027 allocations/call (18.0/fleet), response 1283012 bytes (1283 bytes/fleet)
//! client/sign_only: 2.66 µs/call, 6.0 allocations/call
//! ```
//!
//! (On a shared 2-core VM the times of repeated runs vary by up to 1.5×;
//! the allocation counts do not vary.)
//!
//! The cases:
//!
//! - `client/create_fleet`: a `CreateFleet` with every member set, through
//!   the fluent builder: build, validate (`Standard`), serialize, sign,
//!   "send" (replay), parse the response (a fully populated `Fleet`).
//! - `client/describe_fleets_1000`: `invoke` of `DescribeFleets` answered
//!   with 1,000 fully populated fleets (the body is built once); the time is
//!   mostly the parse of the response.
//! - `client/sign_only`: `smithy_rt::client::sign_request` alone, on the
//!   request the client builds for the `CreateFleet` above (its copy for
//!   each call is made outside the timing).
//!
//! The allocation figure is counted by the global allocator of `counting.rs` over a
//! number of calls after warm-up calls, with nothing else running. The time
//! figure is a plain average over a timed loop; criterion's own estimate
//! follows in its usual output.
//!
//! `ReplayTransport` keeps every request it is sent. So that a long run does
//! not pile them up, each case makes a fresh client (and transport) every
//! [`FRESH_CLIENT_EVERY`] calls; the old one, with its recorded requests, is
//! dropped within the timed loop, as a real transport drops each request
//! once sent.
//!
//! `cargo test --benches` (or `--all-targets`) runs this binary in
//! criterion's test mode: every benchmark runs once, and the figures are
//! still printed.

use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

use appstream::config::test_util::{json_response, ReplayTransport};
use appstream::config::{Config, Credentials, FixedTime, Protocol};
use appstream::operation::create_fleet::CreateFleetOutput;
use appstream::operation::describe_fleets::{DescribeFleetsInput, DescribeFleetsOutput};
use appstream::primitives::ValidationMode;
use appstream::types::{ComputeCapacity, DomainJoinInfo, Fleet, FleetErrorCode, FleetState, FleetType, VpcConfig};
use criterion::{BatchSize, Criterion};
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::{http, sign_request, HttpRequest};
use tokio::runtime::Runtime;

mod counting;

/// How long the plain timing loop of each case runs, at least.
const TIMED_FOR: Duration = Duration::from_millis(500);

/// Calls made with one client (and one `ReplayTransport`, which records
/// every request) before the next call gets a fresh one.
const FRESH_CLIENT_EVERY: usize = 1_000;

/// Fleets in the `DescribeFleets` response.
const FLEETS: usize = 1_000;

/// The region requests are sent to and signed for.
const REGION: &str = "us-east-1";

/// The fixed signing instant: 2024-06-10T09:39:05Z.
fn signing_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_718_012_345)
}

/// Static credentials (AWS's documentation example key pair).
fn credentials() -> Credentials {
    Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, None)
}

/// Heap allocations per call of `f` over `calls` calls (`f` must have been
/// called already). Only this thread runs while counting.
fn allocations_per_call(calls: usize, mut f: impl FnMut()) -> f64 {
    let before = counting::allocations();
    for _ in 0..calls {
        f();
    }
    let after = counting::allocations();
    (after - before) as f64 / calls as f64
}

/// Average time per call of `f` over a loop lasting [`TIMED_FOR`].
fn time_per_call(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < TIMED_FOR {
        f();
        calls += 1;
    }
    start.elapsed() / calls
}

/// `cargo test --benches` builds without optimizations: said next to the times.
fn build_note() -> &'static str {
    if cfg!(debug_assertions) {
        " (unoptimized test build)"
    } else {
        ""
    }
}

/// A client whose transport answers every request with `200` and `body`.
fn replay_client(body: &Bytes) -> (appstream::Client, ReplayTransport) {
    let body = body.clone();
    let transport = ReplayTransport::from_fn(move |_| Ok(json_response(200, body.clone())));
    // The bodies are JSON: this bench measures the awsJson1.1 path.
    let config = Config::builder()
        .protocol(Protocol::AwsJson1_1)
        .region(REGION)
        .credentials(credentials())
        .time_source(FixedTime(signing_time()))
        .validation(ValidationMode::Standard)
        .http_transport(transport.clone())
        .build();
    (appstream::Client::new(config), transport)
}

/// A replaying client, replaced by a fresh one every [`FRESH_CLIENT_EVERY`]
/// calls (see the module documentation).
struct Replay {
    body: Bytes,
    client: appstream::Client,
    calls: usize,
}

impl Replay {
    fn new(body: Bytes) -> Self {
        let (client, _) = replay_client(&body);
        Replay { body, client, calls: 0 }
    }

    /// Starts over with a fresh client (and an empty record of requests).
    fn fresh(&mut self) {
        self.client = replay_client(&self.body).0;
        self.calls = 0;
    }

    /// The client for the next call.
    fn client(&mut self) -> &appstream::Client {
        if self.calls == FRESH_CLIENT_EVERY {
            self.fresh();
        }
        self.calls += 1;
        &self.client
    }
}

/// One fleet as the service sends it, every member set; `i` varies the
/// names, the type, the state and the creation time.
fn fleet_json(i: usize) -> String {
    const TEMPLATE: &str = r#"{"Arn":"arn:aws:appstream:us-east-1:123456789012:fleet/engineering-fleet-{N}","Name":"engineering-fleet-{N}","DisplayName":"Engineering fleet {N}","Description":"Streaming fleet for the engineering team's design and build tools.","ImageName":"AppStream-WinServer2019-06-12-2024","ImageArn":"arn:aws:appstream:us-east-1:123456789012:image/AppStream-WinServer2019-06-12-2024","InstanceType":"stream.standard.medium","FleetType":"{TYPE}","ComputeCapacityStatus":{"Desired":4,"Running":4,"InUse":2,"Available":2},"MaxUserDurationInSeconds":28800,"DisconnectTimeoutInSeconds":900,"State":"{STATE}","VpcConfig":{"SubnetIds":["subnet-0a1b2c3d4e5f67890","subnet-0f9e8d7c6b5a43210"],"SecurityGroupIds":["sg-0123456789abcdef0","sg-0fedcba9876543210"]},"CreatedTime":{CREATED},"FleetErrors":[{"ErrorCode":"SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES","ErrorMessage":"The subnet subnet-0a1b2c3d4e5f67890 has insufficient IP addresses available."},{"ErrorCode":"DOMAIN_JOIN_ERROR_ACCESS_DENIED","ErrorMessage":"The service account does not have permission to join computers to the domain corp.example.com."}],"EnableDefaultInternetAccess":false,"DomainJoinInfo":{"DirectoryName":"corp.example.com","OrganizationalUnitDistinguishedName":"OU=AppStream,OU=Computers,DC=corp,DC=example,DC=com"}}"#;
    let fleet_type = ["ON_DEMAND", "ALWAYS_ON", "ALWAYS_ON"][i % 3];
    let state = ["STOPPED", "RUNNING", "RUNNING", "RUNNING", "RUNNING"][i % 5];
    let (seconds, millis) = created_time(i);
    TEMPLATE
        .replace("{N}", &format!("{i:04}"))
        .replace("{TYPE}", fleet_type)
        .replace("{STATE}", state)
        .replace("{CREATED}", &format!("{seconds}.{millis:03}"))
}

/// The creation time of fleet `i`: seconds since the epoch, and milliseconds.
fn created_time(i: usize) -> (i64, i64) {
    (1_700_000_000 + i as i64 * 3_600, (i % 1_000) as i64)
}

/// Checks that `fleet` is fleet `i` of [`fleet_json`] with every member read.
fn assert_full(i: usize, fleet: &Fleet) {
    let name = format!("engineering-fleet-{i:04}");
    assert_eq!(fleet.name, name);
    assert!(fleet.arn.ends_with(&name), "{}", fleet.arn);
    assert!(fleet.display_name.is_some() && fleet.description.is_some());
    assert!(fleet.image_name.is_some() && fleet.image_arn.is_some());
    assert_eq!(fleet.instance_type, "stream.standard.medium");
    assert!(matches!(fleet.fleet_type, Some(FleetType::AlwaysOn | FleetType::OnDemand)));
    let c = &fleet.compute_capacity_status;
    assert_eq!((c.desired, c.running, c.in_use, c.available), (4, Some(4), Some(2), Some(2)));
    assert_eq!(fleet.max_user_duration_in_seconds, Some(28_800));
    assert_eq!(fleet.disconnect_timeout_in_seconds, Some(900));
    assert!(matches!(fleet.state, FleetState::Running | FleetState::Stopped));
    let vpc = fleet.vpc_config.as_ref().expect("VpcConfig");
    assert_eq!(vpc.subnet_ids.as_ref().map(Vec::len), Some(2));
    assert_eq!(vpc.security_group_ids.as_ref().map(Vec::len), Some(2));
    let created = fleet.created_time.expect("CreatedTime");
    let (seconds, millis) = created_time(i);
    assert_eq!(created.as_milliseconds(), seconds * 1_000 + millis);
    let errors = fleet.fleet_errors.as_ref().expect("FleetErrors");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].error_code, Some(FleetErrorCode::SubnetHasInsufficientIpAddresses));
    assert_eq!(errors[1].error_code, Some(FleetErrorCode::DomainJoinErrorAccessDenied));
    assert!(errors.iter().all(|e| e.error_message.is_some()));
    assert_eq!(fleet.enable_default_internet_access, Some(false));
    let domain = fleet.domain_join_info.as_ref().expect("DomainJoinInfo");
    assert!(domain.directory_name.is_some());
    assert!(domain.organizational_unit_distinguished_name.is_some());
}

/// The `CreateFleet` response: the created fleet.
fn create_fleet_response() -> Bytes {
    Bytes::from(format!(r#"{{"Fleet":{}}}"#, fleet_json(1)))
}

/// The `DescribeFleets` response: [`FLEETS`] fleets.
fn describe_fleets_response() -> Bytes {
    let fleets: Vec<String> = (0..FLEETS).map(fleet_json).collect();
    Bytes::from(format!(r#"{{"Fleets":[{}]}}"#, fleets.join(",")))
}

/// A `CreateFleet` call with every member of the input set to a realistic,
/// valid value (those of the `validate` bench), through the fluent builder.
async fn create_fleet(client: &appstream::Client) -> CreateFleetOutput {
    client
        .create_fleet()
        .name("engineering-fleet-01")
        .image_name("MyImage")
        .image_arn("arn:aws:appstream:us-east-1:123456789012:image/MyImage")
        .instance_type("stream.standard.medium")
        .fleet_type(FleetType::OnDemand)
        .compute_capacity(ComputeCapacity::builder().desired_instances(4).build().unwrap())
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids("subnet-0a1b2c3d4e5f67890")
                .subnet_ids("subnet-0f9e8d7c6b5a43210")
                .security_group_ids("sg-0123456789abcdef0")
                .security_group_ids("sg-0fedcba9876543210")
                .build(),
        )
        .max_user_duration_in_seconds(28_800)
        .disconnect_timeout_in_seconds(900)
        .description("Streaming fleet for the engineering team's design and build tools.")
        .display_name("Engineering fleet")
        .enable_default_internet_access(false)
        .domain_join_info(
            DomainJoinInfo::builder()
                .directory_name("corp.example.com")
                .organizational_unit_distinguished_name("OU=AppStream,OU=Computers,DC=corp,DC=example,DC=com")
                .build(),
        )
        .send()
        .await
        .expect("the replayed CreateFleet call succeeds")
}

/// A `DescribeFleets` call (all fleets), sent whole with `invoke`.
async fn describe_fleets(client: &appstream::Client, input: &DescribeFleetsInput) -> DescribeFleetsOutput {
    client.invoke(input).await.expect("the replayed DescribeFleets call succeeds")
}

/// A copy of `r` (`http::Request` is not `Clone`).
fn copy_request(r: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(r.body().clone());
    *copy.method_mut() = r.method().clone();
    *copy.uri_mut() = r.uri().clone();
    *copy.version_mut() = r.version();
    *copy.headers_mut() = r.headers().clone();
    copy
}

/// The `CreateFleet` request the client signs, before signing, and the
/// `Authorization` header the client gave it.
fn unsigned_create_fleet_request(rt: &Runtime) -> (HttpRequest, http::HeaderValue) {
    let (client, transport) = replay_client(&create_fleet_response());
    rt.block_on(create_fleet(&client));
    let mut request = transport.last_request().expect("one request sent");
    let authorization = request.headers_mut().remove(http::header::AUTHORIZATION).expect("a signed request");
    request.headers_mut().remove("x-amz-date").expect("a signed request");
    // The client adds these after signing; they are not signed.
    for name in ["amz-sdk-invocation-id", "amz-sdk-request"] {
        request.headers_mut().remove(name).expect("sent by the client");
    }
    (request, authorization)
}

fn sign(request: &mut HttpRequest, credentials: &Credentials) {
    sign_request(request, credentials, REGION, "appstream", signing_time()).expect("the request can be signed");
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a Tokio runtime");
    let mut create = Replay::new(create_fleet_response());
    let describe_body = describe_fleets_response();
    let describe_bytes = describe_body.len();
    let mut describe = Replay::new(describe_body);
    let describe_input = DescribeFleetsInput::builder().build().unwrap();
    let (unsigned, client_authorization) = unsigned_create_fleet_request(&rt);
    let creds = credentials();

    // The figures, outside criterion's timing loop (and before criterion runs
    // anything, so that no other thread allocates while counting).

    // client/create_fleet
    let output = rt.block_on(create_fleet(create.client()));
    assert_full(1, output.fleet.as_ref().expect("the created fleet"));
    create.fresh();
    rt.block_on(create_fleet(create.client()));
    let allocations = allocations_per_call(FRESH_CLIENT_EVERY - 1, || {
        black_box(rt.block_on(create_fleet(create.client())));
    });
    let time = time_per_call(|| {
        black_box(rt.block_on(create_fleet(create.client())));
    });
    println!(
        "client/create_fleet: {:.2} µs/call{}, {allocations:.1} allocations/call",
        time.as_secs_f64() * 1e6,
        build_note()
    );

    // client/describe_fleets_1000
    let output = rt.block_on(describe_fleets(describe.client(), &describe_input));
    let fleets = output.fleets.as_ref().expect("the fleets");
    assert_eq!(fleets.len(), FLEETS);
    for (i, fleet) in fleets.iter().enumerate() {
        assert_full(i, fleet);
    }
    drop(output);
    describe.fresh();
    rt.block_on(describe_fleets(describe.client(), &describe_input));
    let allocations = allocations_per_call(10, || {
        black_box(rt.block_on(describe_fleets(describe.client(), &describe_input)));
    });
    let time = time_per_call(|| {
        black_box(rt.block_on(describe_fleets(describe.client(), &describe_input)));
    });
    println!(
        "client/describe_fleets_{FLEETS}: {:.3} ms/call ({:.2} µs/fleet){}, {allocations:.0} allocations/call ({:.1}/fleet), response {describe_bytes} bytes ({} bytes/fleet)",
        time.as_secs_f64() * 1e3,
        time.as_secs_f64() * 1e6 / FLEETS as f64,
        build_note(),
        allocations / FLEETS as f64,
        describe_bytes / FLEETS,
    );

    // client/sign_only: the client's own signature first, then signing
    // copies made before the timing.
    let mut request = copy_request(&unsigned);
    sign(&mut request, &creds);
    assert_eq!(
        request.headers().get(http::header::AUTHORIZATION),
        Some(&client_authorization),
        "sign_request signs as the client does"
    );
    let mut copies: Vec<HttpRequest> = (0..1_000).map(|_| copy_request(&unsigned)).collect();
    let allocations = {
        let mut it = copies.iter_mut();
        allocations_per_call(1_000, || sign(it.next().unwrap(), &creds))
    };
    let (mut calls, mut spent) = (0u32, Duration::ZERO);
    while spent < TIMED_FOR {
        let mut copies: Vec<HttpRequest> = (0..1_000).map(|_| copy_request(&unsigned)).collect();
        let start = Instant::now();
        for r in &mut copies {
            sign(black_box(r), &creds);
        }
        spent += start.elapsed();
        calls += 1_000;
    }
    println!(
        "client/sign_only: {:.2} µs/call{}, {allocations:.1} allocations/call",
        (spent / calls).as_secs_f64() * 1e6,
        build_note()
    );
    drop(copies);

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
        .configure_from_args();
    let mut group = c.benchmark_group("client");
    group.bench_function("create_fleet", |b| b.iter(|| rt.block_on(create_fleet(create.client()))));
    // A call takes milliseconds: fewer samples, so that they fit in the 3 s.
    group.sample_size(30);
    group.bench_function(format!("describe_fleets_{FLEETS}"), |b| {
        b.iter(|| rt.block_on(describe_fleets(describe.client(), black_box(&describe_input))))
    });
    group.sample_size(50);
    group.bench_function("sign_only", |b| {
        b.iter_batched(
            || copy_request(&unsigned),
            |mut r| {
                sign(&mut r, &creds);
                r
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
    c.final_summary();
}
