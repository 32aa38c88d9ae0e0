//! The compiled endpoint rules of the AppStream crate (`appstream::endpoint`)
//! beside the least an interpreter of the same rule set would do: read the
//! rule set's JSON text into a `serde_json::Value`.
//!
//! Run with `cargo bench -p appstream-benches --bench endpoint`. Before
//! criterion's measurements, one line per case gives time per call (a plain
//! average over a timed loop) and allocations per call (counted by the global
//! allocator of `counting.rs`). `cargo test --benches` runs each case once.
//!
//! The client resolves its endpoint once, when it is built (the operations of
//! this model set no parameters of their own), so neither figure is paid per
//! call; the `client` bench's CreateFleet shows the per-call cost.

use std::hint::black_box;
use std::time::Instant;

use appstream::endpoint::{resolve, Params};
use criterion::Criterion;

mod counting;

/// The rule set as the model writes it: the text an interpreter would read.
fn rule_set_text() -> String {
    let model: serde_json::Value =
        serde_json::from_str(include_str!("../../model/appstream.json")).expect("the model is JSON");
    let rules =
        &model["shapes"]["com.amazonaws.appstream#PhotonAdminProxyService"]["traits"]["smithy.rules#endpointRuleSet"];
    assert!(rules.is_object(), "the model has its endpoint rule set");
    serde_json::to_string(rules).unwrap()
}

/// Time and allocations per call of `f`, printed as one line.
fn report(name: &str, mut f: impl FnMut()) {
    f();
    let before = counting::allocations();
    f();
    let allocations = counting::allocations() - before;
    let mut n = 1u32;
    let per_call = loop {
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        let elapsed = start.elapsed();
        if elapsed.as_millis() >= 50 || n >= 1 << 24 {
            break elapsed.as_secs_f64() / f64::from(n);
        }
        n *= 2;
    };
    println!("{name}: {:.3} µs/call, {allocations} allocations/call", per_call * 1e6);
}

fn main() {
    let cases = [
        (
            "endpoint/resolve/us-east-1",
            Params::default().region("us-east-1"),
            "https://appstream2.us-east-1.amazonaws.com",
        ),
        (
            "endpoint/resolve/fips_dual_stack",
            Params::default().region("us-gov-east-1").use_fips(true).use_dual_stack(true),
            "https://appstream2-fips.us-gov-east-1.api.aws",
        ),
        (
            "endpoint/resolve/cn-north-1",
            Params::default().region("cn-north-1"),
            "https://appstream2.cn-north-1.amazonaws.com.cn",
        ),
        (
            "endpoint/resolve/endpoint_url",
            Params::default().region("us-east-1").endpoint("http://127.0.0.1:4566"),
            "http://127.0.0.1:4566",
        ),
    ];
    // Both sides do what they claim: the compiled rules give the URLs of the
    // model's tests, and the text parses to the model's rule set.
    for (name, params, url) in &cases {
        assert_eq!(resolve(params).map(|e| e.url().to_owned()).as_deref(), Ok(*url), "{name}");
    }
    let text = rule_set_text();
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["rules"].as_array().map(Vec::len), Some(3));
    println!("rule set: {} bytes of JSON", text.len());

    for (name, params, _) in &cases {
        report(name, || drop(black_box(resolve(black_box(params)))));
    }
    report("endpoint/parse_rule_set_json", || {
        drop(black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap()))
    });

    let mut c = Criterion::default().configure_from_args();
    for (name, params, _) in &cases {
        c.bench_function(name, |b| b.iter(|| resolve(black_box(params))));
    }
    c.bench_function("endpoint/parse_rule_set_json", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap())
    });
    c.final_summary();
}
