//! Time of the generator: `codegen::generate` end to end, and each stage.
//!
//! Run with `cargo bench -p appstream-benches --bench codegen`. Four models
//! are generated, each with the options `cargo xtask codegen` uses for it:
//!
//! - `nine-op`: `model/appstream.json`, the nine operations of `generated/`;
//! - `1x`: AWS's full AppStream model, `tests/fixtures/smithy-current/`;
//! - `4x` and `16x`: synthetic models built here from the full model, with
//!   every non-service shape copied under renamed shape ids (`FleetCopy2`,
//!   `FleetCopy3`, …; every `target` inside a copy renamed with it, waiter
//!   names too), and the copied operations added to the service. Before
//!   anything is timed, each is checked to generate and to have about 4 and
//!   16 times the full model's shapes.
//!
//! One line is printed per model, for example:
//!
//! ```text
//! 1x         422 shapes     85.7 ms   203.0 µs/shape | parse 12.0  check 11.6  lower 10.7  emit 181.4 µs/shape (median of 11)
//! ```
//!
//! - shapes: the shapes the service reaches (`Generated::shapes`);
//! - ms: the median over several runs of `codegen::generate(file, text,
//!   &opts)`, from the model's text to the formatted files in memory
//!   (nothing is written to disk);
//! - µs/shape: that time divided by the shapes;
//! - then each stage alone, as the median of as many runs, in µs per shape:
//!   `parse` (`Model::parse`: JSON to typed shapes), `check` (`check::check`,
//!   names included), `lower` (`lower::lower`, to the IR) and `emit`
//!   (`emit::emit`: token streams, then parsing and formatting each file
//!   with prettyplease, on as many threads as the machine has).
//!
//! The first `check` in a process also reads the Unicode properties that
//! patterns name (`\p{L}`: about 35 ms for the full model, cached after);
//! every model is generated once before timing, so the medians leave that
//! out, and `cargo xtask codegen`, one process per run, pays it.
//!
//! On a shared machine the times move with the load; compare runs made one
//! after the other, and the µs/shape of one run across sizes.
//!
//! A stage whose time grows linearly with the model keeps the same µs/shape
//! at every size; the last line gives, per stage, the µs/shape of `16x`
//! divided by that of `1x` (about 1.0 when linear, 4 or more for a quadratic
//! step). Criterion then measures `generate` for `nine-op` and `1x`.
//!
//! `cargo test --benches` (or `--all-targets`) runs this binary in
//! criterion's test mode (no `--bench` argument): each model is generated
//! once, the synthetic models are built and checked at 4×, and criterion runs
//! each benchmark once, in a few seconds; the medians and the 16× model are
//! for the benchmark run only.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::emit::Options;
use criterion::Criterion;
use serde_json::{Map, Value};

/// A model to generate: its file name (for locations and headers), text and options.
struct Case {
    name: String,
    file: String,
    text: String,
    opts: Options,
}

/// Median times of one case: the whole of `generate`, and each stage.
struct Figures {
    shapes: usize,
    total: Duration,
    stages: [Duration; 4],
}

const STAGES: [&str; 4] = ["parse", "check", "lower", "emit"];

/// The workspace root (the benches package is one folder below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("benches/ has a parent").to_path_buf()
}

/// The options `cargo xtask codegen` uses for the default model: the crate
/// in `generated/`, inside the workspace, with the examples of `model/examples/`.
fn default_options() -> Options {
    let mut examples = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(root().join("model/examples")).expect("model/examples/ is readable") {
        let path = entry.expect("model/examples/ is readable").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().expect("a file name").to_string_lossy().into_owned();
            examples.insert(name, std::fs::read_to_string(&path).expect("an example is readable"));
        }
    }
    Options {
        crate_name: "appstream".into(),
        runtime: codegen::emit::Runtime::Path("../runtime".into()),
        standalone: false,
        command: "cargo xtask codegen".into(),
        examples,
    }
}

/// The options of `cargo xtask codegen --model ... --out DIR`: a standalone crate.
fn other_options() -> Options {
    Options {
        crate_name: "appstream".into(),
        runtime: codegen::emit::Runtime::Path("../runtime".into()),
        standalone: true,
        command: "cargo xtask codegen --model ...".into(),
        examples: Default::default(),
    }
}

/// Renames, in place, every `target` of `v` that names a shape of `renamed`.
fn retarget(v: &mut Value, renamed: &Map<String, Value>, suffix: &str) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(target) if key == "target" && renamed.contains_key(target.as_str()) => {
                        target.push_str(suffix);
                    }
                    _ => retarget(value, renamed, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| retarget(item, renamed, suffix)),
        _ => {}
    }
}

/// The full model with `copies - 1` renamed copies of every non-service
/// shape, the copied operations added to the service: about `copies` times
/// the shapes, and still a valid model.
fn multiply(text: &str, copies: usize) -> String {
    let mut model: Value = serde_json::from_str(text).expect("the full model is JSON");
    let shapes = model["shapes"].as_object_mut().expect("the model has shapes");
    let originals: Map<String, Value> =
        shapes.iter().filter(|(_, s)| s["type"] != "service").map(|(id, s)| (id.clone(), s.clone())).collect();
    let service_id = shapes.iter().find(|(_, s)| s["type"] == "service").expect("the model has a service").0.clone();
    let mut new_operations = Vec::new();
    for n in 2..=copies {
        let suffix = format!("Copy{n}");
        for (id, shape) in &originals {
            let mut copy = shape.clone();
            retarget(&mut copy, &originals, &suffix);
            // Waiter names are unique across the service: rename them too.
            if let Some(Value::Object(waiters)) = copy.pointer_mut("/traits/smithy.waiters#waitable") {
                *waiters =
                    std::mem::take(waiters).into_iter().map(|(name, w)| (format!("{name}{suffix}"), w)).collect();
            }
            if copy["type"] == "operation" {
                new_operations.push(serde_json::json!({ "target": format!("{id}{suffix}") }));
            }
            shapes.insert(format!("{id}{suffix}"), copy);
        }
    }
    shapes[&service_id]["operations"].as_array_mut().expect("the service lists its operations").extend(new_operations);
    serde_json::to_string(&model).expect("a model serialises")
}

/// The shapes the service of `case` reaches, after generating it once
/// (which must succeed).
fn generate_once(case: &Case) -> usize {
    match codegen::generate(&case.file, &case.text, &case.opts) {
        Ok(generated) => generated.shapes,
        Err(e) => panic!("{}: the model must generate, but: {e}", case.name),
    }
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[times.len() / 2]
}

/// Times `f` once.
fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

/// Median times of `generate` and of each stage, over `runs` runs each.
fn measure(case: &Case, shapes: usize, runs: usize) -> Figures {
    let (file, text, opts) = (&case.file, &case.text, &case.opts);
    let total = median(runs, || timed(|| codegen::generate(file, text, opts).expect("generates")));
    let model = codegen::model::Model::parse(file, text).expect("parses");
    let checked = codegen::check::check(&model).expect("checks");
    let ir = codegen::lower::lower(&checked).expect("lowers");
    let stages = [
        median(runs, || timed(|| codegen::model::Model::parse(file, text).expect("parses"))),
        median(runs, || timed(|| codegen::check::check(&model).expect("checks"))),
        median(runs, || timed(|| codegen::lower::lower(&checked).expect("lowers"))),
        median(runs, || timed(|| codegen::emit::emit(&ir, opts).expect("emits"))),
    ];
    Figures { shapes, total, stages }
}

fn per_shape(d: Duration, shapes: usize) -> f64 {
    d.as_secs_f64() * 1e6 / shapes as f64
}

fn print_figures(name: &str, f: &Figures, runs: usize) {
    let stages: Vec<String> =
        STAGES.iter().zip(f.stages).map(|(s, d)| format!("{s} {:.1}", per_shape(d, f.shapes))).collect();
    println!(
        "{name:<8} {:>5} shapes {:>8.1} ms {:>7.1} µs/shape | {} µs/shape (median of {runs})",
        f.shapes,
        f.total.as_secs_f64() * 1e3,
        per_shape(f.total, f.shapes),
        stages.join("  "),
    );
}

fn main() {
    // Criterion passes `--bench` to a benchmark run, not to `cargo test --benches`.
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let root = root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let full_file = "tests/fixtures/smithy-current/appstream-2016-12-01.json";
    let full_text = read(full_file);
    let mut cases = vec![
        Case {
            name: "nine-op".into(),
            file: "model/appstream.json".into(),
            text: read("model/appstream.json"),
            opts: default_options(),
        },
        Case { name: "1x".into(), file: full_file.into(), text: full_text.clone(), opts: other_options() },
    ];
    for copies in if bench_mode { vec![4, 16] } else { vec![4] } {
        cases.push(Case {
            name: format!("{copies}x"),
            file: format!("synthetic-{copies}x.json"),
            text: multiply(&full_text, copies),
            opts: other_options(),
        });
    }

    // Every model generates, and the synthetic ones have the size they claim.
    let shapes: Vec<usize> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            // Outside the benchmark, the synthetic model is only checked.
            if !bench_mode && i >= 2 {
                let model = codegen::model::Model::parse(&case.file, &case.text).expect("the synthetic model parses");
                return codegen::check::check(&model)
                    .unwrap_or_else(|e| panic!("{}: the synthetic model must check, but: {e}", case.name))
                    .closure
                    .len();
            }
            generate_once(case)
        })
        .collect();
    for (case, &n) in cases.iter().zip(&shapes).skip(2) {
        let copies: f64 = case.name.trim_end_matches('x').parse().expect("a multiple");
        let ratio = n as f64 / shapes[1] as f64;
        assert!((ratio / copies - 1.0).abs() < 0.05, "{}: {n} shapes, {ratio:.2} times the full model's", case.name);
    }

    if bench_mode {
        let build = if cfg!(debug_assertions) { " (unoptimized build)" } else { "" };
        println!("codegen::generate, median of several runs{build}:");
        let mut figures = Vec::new();
        for (case, &n) in cases.iter().zip(&shapes) {
            // About two seconds per model at most, and at least five runs.
            let runs = match n {
                0..=200 => 21,
                201..=1000 => 11,
                1001..=3000 => 7,
                _ => 5,
            };
            let f = measure(case, n, runs);
            print_figures(&case.name, &f, runs);
            figures.push(f);
        }
        let (one, sixteen) = (&figures[1], &figures[3]);
        let ratio = |a: Duration, b: Duration| per_shape(b, sixteen.shapes) / per_shape(a, one.shapes);
        let stages: Vec<String> = STAGES
            .iter()
            .zip(one.stages.iter().zip(sixteen.stages))
            .map(|(s, (&a, b))| format!("{s} {:.2}", ratio(a, b)))
            .collect();
        println!(
            "µs/shape of 16x over 1x: total {:.2} | {} (1.0 is linear growth)",
            ratio(one.total, sixteen.total),
            stages.join("  ")
        );
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(10)
        .configure_from_args();
    let mut group = c.benchmark_group("codegen");
    for case in &cases[..2] {
        group.bench_function(format!("generate/{}", case.name), |b| {
            b.iter(|| codegen::generate(black_box(&case.file), black_box(&case.text), &case.opts).expect("generates"))
        });
    }
    group.finish();
    c.final_summary();
}
