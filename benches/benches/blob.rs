//! Blob members as `Vec<u8>` (what generated types hold) against
//! `bytes::Bytes`, for what a client does with a blob: read it from a JSON
//! response, write it into a JSON request, clone it.
//!
//! Run with `cargo bench -p appstream-benches --bench blob` (options after
//! `--`: `--rounds N`, `--block-ms M`, and any other word keeps only the cases
//! whose name contains it). Without `--bench` (as under `cargo test --benches`)
//! each case is checked and timed for one short round only.
//!
//! Both representations go through the same code wherever they can: the
//! `Vec<u8>` structs use `smithy_rt::blob::base64` as generated types do; the
//! `Bytes` structs use [`bytes_base64`] below, which decodes through the same
//! function into a `Vec<u8>` and then makes it a `Bytes` (base64 has to be
//! decoded into a new buffer in any case, so that is what a runtime holding
//! `Bytes` would do), and encodes from the same `&[u8]`. Bodies are read with
//! `smithy_rt::json::from_slice` and written with `serde_json::to_vec`, as the
//! client does.
//!
//! Before timing, every case checks that both sides did the same work: the
//! decoded bytes are equal, the written JSON texts are equal (and equal to
//! the body that was read), the clones equal their originals.
//!
//! Timing is interleaved: each round times a block of calls through `Vec<u8>`
//! and a block through `Bytes`, on the same input, in an order that alternates
//! from round to round. The ratio printed is the median of the per-round
//! ratios (`Bytes` time / `Vec<u8>` time), with its quartiles; the times are
//! the medians per call. Allocations per call are counted outside the timed
//! rounds by the global allocator of `counting.rs`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::{Deserialize, Serialize};

mod counting;

/// The `Bytes` twin of `smithy_rt::blob::base64`: the same base64 reading
/// and writing, the decoded `Vec<u8>` handed to `Bytes::from`.
mod bytes_base64 {
    use bytes::Bytes;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Bytes, serializer: S) -> Result<S::Ok, S::Error> {
        smithy_rt::blob::base64::serialize(bytes, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        smithy_rt::blob::base64::deserialize(deserializer).map(Bytes::from)
    }
}

/// One large blob beside a string, as in an object-store-like output.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct ObjectVec {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Body", with = "smithy_rt::blob::base64")]
    body: Vec<u8>,
}

/// [`ObjectVec`] with a `Bytes` member.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct ObjectBytes {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Body", with = "bytes_base64")]
    body: Bytes,
}

/// A list of structures, each with a small blob (a digest, a token).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct ListVec {
    #[serde(rename = "Items")]
    items: Vec<ItemVec>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct ItemVec {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "Digest", with = "smithy_rt::blob::base64")]
    digest: Vec<u8>,
}

/// [`ListVec`] with `Bytes` members.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct ListBytes {
    #[serde(rename = "Items")]
    items: Vec<ItemBytes>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct ItemBytes {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "Digest", with = "bytes_base64")]
    digest: Bytes,
}

/// Deterministic bytes that are not all alike (xorshift64).
fn pseudo_random(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

/// The response bodies, written by the `Vec<u8>` side's serialiser.
fn object_body() -> Vec<u8> {
    let object =
        ObjectVec { key: "reports/2024/large.bin".to_owned(), body: pseudo_random(256 * 1024, 0x9E37_79B9_7F4A_7C15) };
    serde_json::to_vec(&object).unwrap()
}

fn list_body() -> Vec<u8> {
    let items = (0..1_000u64)
        .map(|i| ItemVec { id: format!("item-{i:04}"), digest: pseudo_random(32, 0x2545_F491_4F6C_DD1D ^ (i + 1)) })
        .collect();
    serde_json::to_vec(&ListVec { items }).unwrap()
}

fn read<T: serde::de::DeserializeOwned>(body: &[u8]) -> T {
    smithy_rt::json::from_slice(body, "Output").unwrap()
}

/// One comparison: the same operation through each representation.
struct Case<'a> {
    name: &'static str,
    vec: Box<dyn FnMut() + 'a>,
    bytes: Box<dyn FnMut() + 'a>,
}

/// What the command line asked for.
struct Options {
    /// `cargo bench` passes `--bench`; without it, one short round per case.
    full: bool,
    rounds: usize,
    block: Duration,
    filters: Vec<String>,
}

fn options() -> Options {
    let mut full = false;
    let mut rounds = 31;
    let mut block_ms = 20u64;
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => full = true,
            "--rounds" => rounds = args.next().and_then(|v| v.parse().ok()).expect("--rounds takes a number"),
            "--block-ms" => block_ms = args.next().and_then(|v| v.parse().ok()).expect("--block-ms takes a number"),
            // Criterion's options that take a value, when passed to every bench.
            "--warm-up-time"
            | "--measurement-time"
            | "--sample-size"
            | "--nresamples"
            | "--noise-threshold"
            | "--confidence-level"
            | "--significance-level"
            | "--save-baseline"
            | "--baseline"
            | "--load-baseline"
            | "--profile-time"
            | "--output-format"
            | "--color"
            | "--plotting-backend" => {
                args.next();
            }
            other if other.starts_with('-') => {} // other flags of criterion and libtest
            other => filters.push(other.to_owned()),
        }
    }
    if !full {
        rounds = 1;
        block_ms = 1;
    }
    Options { full, rounds, block: Duration::from_millis(block_ms), filters }
}

/// Seconds for `n` calls of `f`.
fn time(f: &mut dyn FnMut(), n: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_secs_f64()
}

/// Allocations per call of `f` (called once before counting).
fn allocations(f: &mut dyn FnMut()) -> f64 {
    const CALLS: usize = 20;
    f();
    let before = counting::allocations();
    for _ in 0..CALLS {
        f();
    }
    (counting::allocations() - before) as f64 / CALLS as f64
}

fn median(values: &mut [f64]) -> f64 {
    quantile(values, 0.5)
}

/// The `q` quantile of `values`, interpolated between neighbours.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let at = q * (values.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (at - lo as f64)
}

fn show(seconds: f64) -> String {
    match seconds {
        s if s >= 1e-3 => format!("{:.2} ms", s * 1e3),
        s if s >= 1e-6 => format!("{:.2} µs", s * 1e6),
        s => format!("{:.1} ns", s * 1e9),
    }
}

fn run(case: &mut Case<'_>, options: &Options) {
    // Calls per block: enough for the `Vec<u8>` side to take a block's time
    // (the same count for both sides); this also warms both up.
    let mut n = 1;
    while time(&mut case.vec, n) < options.block.as_secs_f64() && n < 1 << 30 {
        n *= 2;
    }
    time(&mut case.bytes, n);

    let mut ratios = Vec::with_capacity(options.rounds);
    let mut vec_times = Vec::with_capacity(options.rounds);
    let mut bytes_times = Vec::with_capacity(options.rounds);
    for round in 0..options.rounds {
        let (v, b) = if round % 2 == 0 {
            let v = time(&mut case.vec, n);
            (v, time(&mut case.bytes, n))
        } else {
            let b = time(&mut case.bytes, n);
            (time(&mut case.vec, n), b)
        };
        ratios.push(b / v);
        vec_times.push(v / n as f64);
        bytes_times.push(b / n as f64);
    }
    let vec_allocations = allocations(&mut case.vec);
    let bytes_allocations = allocations(&mut case.bytes);
    let ratio = median(&mut ratios);
    let (q1, q3) = (quantile(&mut ratios, 0.25), quantile(&mut ratios, 0.75));
    println!(
        "| {} | {} | {} | **{ratio:.3}** | {q1:.3}–{q3:.3} | {vec_allocations} | {bytes_allocations} | {n} |",
        case.name,
        show(median(&mut vec_times)),
        show(median(&mut bytes_times)),
    );
}

fn main() {
    let options = options();
    let object_body = object_body();
    let list_body = list_body();

    // The parsed values both sides start from, and the checks that the two
    // representations hold the same bytes and write the same text.
    let object_vec: ObjectVec = read(&object_body);
    let object_bytes: ObjectBytes = read(&object_body);
    assert_eq!(object_vec.key, object_bytes.key);
    assert_eq!(object_vec.body.len(), 256 * 1024);
    assert_eq!(object_vec.body[..], object_bytes.body[..]);
    let list_vec: ListVec = read(&list_body);
    let list_bytes: ListBytes = read(&list_body);
    assert_eq!(list_vec.items.len(), 1_000);
    for (v, b) in list_vec.items.iter().zip(&list_bytes.items) {
        assert_eq!(v.id, b.id);
        assert_eq!(v.digest.len(), 32);
        assert_eq!(v.digest[..], b.digest[..]);
    }
    assert_eq!(serde_json::to_vec(&object_vec).unwrap(), object_body);
    assert_eq!(serde_json::to_vec(&object_bytes).unwrap(), object_body);
    assert_eq!(serde_json::to_vec(&list_vec).unwrap(), list_body);
    assert_eq!(serde_json::to_vec(&list_bytes).unwrap(), list_body);
    assert_eq!(object_vec.clone(), object_vec);
    assert_eq!(object_bytes.clone(), object_bytes);
    assert_eq!(list_vec.clone(), list_vec);
    assert_eq!(list_bytes.clone(), list_bytes);

    let mut cases = vec![
        Case {
            name: "read/object_256KiB",
            vec: Box::new(|| drop(black_box(read::<ObjectVec>(black_box(&object_body))))),
            bytes: Box::new(|| drop(black_box(read::<ObjectBytes>(black_box(&object_body))))),
        },
        Case {
            name: "read/list_1000x32B",
            vec: Box::new(|| drop(black_box(read::<ListVec>(black_box(&list_body))))),
            bytes: Box::new(|| drop(black_box(read::<ListBytes>(black_box(&list_body))))),
        },
        Case {
            name: "write/object_256KiB",
            vec: Box::new(|| drop(black_box(serde_json::to_vec(black_box(&object_vec)).unwrap()))),
            bytes: Box::new(|| drop(black_box(serde_json::to_vec(black_box(&object_bytes)).unwrap()))),
        },
        Case {
            name: "write/list_1000x32B",
            vec: Box::new(|| drop(black_box(serde_json::to_vec(black_box(&list_vec)).unwrap()))),
            bytes: Box::new(|| drop(black_box(serde_json::to_vec(black_box(&list_bytes)).unwrap()))),
        },
        Case {
            name: "clone/object_256KiB",
            vec: Box::new(|| drop(black_box(black_box(&object_vec).clone()))),
            bytes: Box::new(|| drop(black_box(black_box(&object_bytes).clone()))),
        },
        Case {
            name: "clone/list_1000x32B",
            vec: Box::new(|| drop(black_box(black_box(&list_vec).clone()))),
            bytes: Box::new(|| drop(black_box(black_box(&list_bytes).clone()))),
        },
        Case {
            name: "clone/one_32B_blob",
            vec: Box::new(|| drop(black_box(black_box(&list_vec.items[0].digest).clone()))),
            bytes: Box::new(|| drop(black_box(black_box(&list_bytes.items[0].digest).clone()))),
        },
    ];
    cases.retain(|c| options.filters.is_empty() || options.filters.iter().any(|f| c.name.contains(f.as_str())));

    println!(
        "blob: {} round(s) of about {} ms per side{}; bodies {} and {} bytes",
        options.rounds,
        options.block.as_millis(),
        if options.full { "" } else { " (test mode: run with `cargo bench` to measure)" },
        object_body.len(),
        list_body.len(),
    );
    println!("| Case | `Vec<u8>` | `Bytes` | `Bytes` / `Vec<u8>` | quartiles | allocations `Vec<u8>` | allocations `Bytes` | calls/block |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    for case in &mut cases {
        run(case, &options);
    }
}
