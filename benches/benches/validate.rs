//! Time and heap allocations of generated `validate` calls on the success path.
//!
//! Run with `cargo bench -p appstream-benches --bench validate`. Before
//! criterion's measurements, one line per case is printed:
//!
//! ```text
//! validate/create_fleet/strict: 0.41 µs/call, 0 allocations/call
//! ```
//!
//! The allocation figure is counted by the global allocator of `counting.rs` over 1,000
//! calls after one warm-up call (the first call compiles the patterns, which
//! allocates once per process). The time figure is a plain average over a
//! timed loop; criterion's own estimate follows in its usual output. When a
//! case allocates, the allocations of its parts are counted separately so
//! that the source can be named.
//!
//! `cargo test --benches` (or `--all-targets`) runs this binary in
//! criterion's test mode: every benchmark runs once, and the figures are
//! still printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use appstream::operation::create_fleet::CreateFleetInput;
use appstream::operation::describe_images::DescribeImagesInput;
use appstream::types::{ComputeCapacity, DomainJoinInfo, FleetType, VisibilityType, VpcConfig};
use criterion::Criterion;
use smithy_rt::validate::{Collector, Pattern, ValidationMode};

mod counting;

/// Calls counted for the allocation figure.
const COUNTED_CALLS: usize = 1_000;

/// How long the plain timing loop of each case runs, at least.
const TIMED_FOR: Duration = Duration::from_millis(200);

/// Heap allocations per call of `f`, over [`COUNTED_CALLS`] calls (`f` must
/// have been called once already). Only this thread runs while counting.
fn allocations_per_call(mut f: impl FnMut()) -> f64 {
    let before = counting::allocations();
    for _ in 0..COUNTED_CALLS {
        f();
    }
    let after = counting::allocations();
    (after - before) as f64 / COUNTED_CALLS as f64
}

/// Average time per call of `f` over batches of calls lasting [`TIMED_FOR`].
fn time_per_call(mut f: impl FnMut()) -> Duration {
    const BATCH: u32 = 1_000;
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < TIMED_FOR {
        for _ in 0..BATCH {
            f();
        }
        calls += BATCH;
    }
    start.elapsed() / calls
}

/// A `CreateFleet` input with every member set to a realistic, valid value.
fn create_fleet_input() -> CreateFleetInput {
    CreateFleetInput::builder()
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
        .build()
        .unwrap()
}

/// A `DescribeImages` input with 25 image names, a type and `MaxResults`.
fn describe_images_input() -> DescribeImagesInput {
    (1..=25)
        .fold(DescribeImagesInput::builder(), |b, i| b.names(format!("AppStream-WinServer2019-Image-{i:02}")))
        .r#type(VisibilityType::Private)
        .max_results(25)
        .build()
        .unwrap()
}

/// Prints the figures of one case, checking first that it validates.
fn report(name: &str, mut f: impl FnMut() -> Result<(), smithy_rt::validate::ValidationErrors>) -> f64 {
    if let Err(e) = f() {
        panic!("{name}: the benchmarked input must validate, but: {e}");
    }
    let allocations = allocations_per_call(|| {
        black_box(f()).ok();
    });
    let time = time_per_call(|| {
        black_box(f()).ok();
    });
    // `cargo test --benches` builds without optimizations: say so next to the time.
    let build = if cfg!(debug_assertions) { " (unoptimized test build)" } else { "" };
    println!("{name}: {:.2} µs/call{build}, {allocations} allocations/call", time.as_secs_f64() * 1e6);
    allocations
}

/// Counts the allocations of each part of a strict `CreateFleetInput`
/// validation, to tell where a non-zero total comes from. The patterns are
/// the generated crate's (`PATTERN_0` and `PATTERN_1` of
/// `appstream::operation::create_fleet`, which are private: their sources
/// are copied here).
fn explain_create_fleet(input: &CreateFleetInput) {
    static NAME: Pattern = Pattern::new("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$");
    static ARN: Pattern = Pattern::new(
        "^arn:aws:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$",
    );
    let name = input.name.as_deref().unwrap();
    let arn = input.image_arn.as_deref().unwrap();
    let parts: [(&str, &dyn Fn()); 7] = [
        ("regress::Regex::find, Name pattern", &|| {
            assert!(black_box(NAME.regex().find(black_box(name))).is_some());
        }),
        ("regress::Regex::find, ImageArn pattern", &|| {
            assert!(black_box(ARN.regex().find(black_box(arn))).is_some());
        }),
        ("Collector::new + finish (no violation)", &|| {
            black_box(Collector::new(black_box(ValidationMode::Strict)).finish()).ok();
        }),
        ("ComputeCapacity::validate", &|| {
            black_box(input.compute_capacity.as_ref().unwrap().validate(ValidationMode::Strict)).ok();
        }),
        ("VpcConfig::validate", &|| {
            black_box(input.vpc_config.as_ref().unwrap().validate(ValidationMode::Strict)).ok();
        }),
        ("DomainJoinInfo::validate", &|| {
            black_box(input.domain_join_info.as_ref().unwrap().validate(ValidationMode::Strict)).ok();
        }),
        ("CreateFleetInput::validate, Standard mode (no pattern)", &|| {
            black_box(input.validate(ValidationMode::Standard)).ok();
        }),
    ];
    println!("  where the allocations of validate/create_fleet/strict come from:");
    for (what, f) in parts {
        f();
        println!("    {what}: {} allocations/call", allocations_per_call(f));
    }
}

fn main() {
    let create_fleet = create_fleet_input();
    let describe_images = describe_images_input();

    // The figures, outside criterion's timing loop (and before criterion runs
    // anything, so that no other thread allocates while counting).
    let strict = report("validate/create_fleet/strict", || create_fleet.validate(ValidationMode::Strict));
    if strict != 0.0 {
        explain_create_fleet(&create_fleet);
    }
    report("validate/create_fleet/standard", || create_fleet.validate(ValidationMode::Standard));
    report("validate/describe_images_25/strict", || describe_images.validate(ValidationMode::Strict));

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
        .configure_from_args();
    let mut group = c.benchmark_group("validate");
    group.bench_function("create_fleet/strict", |b| {
        b.iter(|| black_box(&create_fleet).validate(black_box(ValidationMode::Strict)))
    });
    group.bench_function("create_fleet/standard", |b| {
        b.iter(|| black_box(&create_fleet).validate(black_box(ValidationMode::Standard)))
    });
    group.bench_function("describe_images_25/strict", |b| {
        b.iter(|| black_box(&describe_images).validate(black_box(ValidationMode::Strict)))
    });
    group.finish();
    c.final_summary();
}
