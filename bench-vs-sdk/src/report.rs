//! The figures as text: one line per case while running, Markdown tables for
//! BENCHMARKS.md, and an SVG chart of the ratios.

use crate::{Botocore, Comparison};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const BEGIN: &str = "<!-- bench-vs-sdk:begin (written by `cargo run --release -p bench-vs-sdk -- --write`) -->";
const END: &str = "<!-- bench-vs-sdk:end -->";
const FLOOR_BEGIN: &str =
    "<!-- bench-vs-sdk-floor:begin (written by `cargo run --release -p bench-vs-sdk -- --floor --write`) -->";
const FLOOR_END: &str = "<!-- bench-vs-sdk-floor:end -->";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace folder").to_owned()
}

fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

fn bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.0} KiB", n as f64 / 1024.0)
    }
}

fn rate(n: f64, d: Duration) -> f64 {
    n / d.as_secs_f64()
}

fn goal(c: &Comparison) -> String {
    match c.goal {
        Some(g) if c.ratio <= g => format!("≤ {g} (met)"),
        Some(g) => format!("≤ {g} (missed)"),
        None => "–".to_owned(),
    }
}

/// One line for the terminal.
pub fn line(c: &Comparison) -> String {
    format!(
        "{} (SDK in {}): ours {} / SDK {} per call, ratio {:.3}; allocations {:.0} / {:.0}; peak heap {} / {}",
        c.case,
        c.sdk_protocol.label(),
        duration(c.ours.per_call),
        duration(c.sdk.per_call),
        c.ratio,
        c.ours.heap.allocations,
        c.sdk.heap.allocations,
        bytes(c.ours.heap.peak_bytes),
        bytes(c.sdk.heap.peak_bytes),
    )
}

pub fn botocore_line(b: &Botocore) -> String {
    format!(
        "{}: botocore {} parse {} / ours whole call {}: ours {:.1}× faster",
        b.case,
        b.version,
        duration(b.parse),
        duration(b.ours),
        b.times_faster
    )
}

/// The version of `package` in the workspace's Cargo.lock.
fn locked_version(package: &str) -> String {
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == format!("name = \"{package}\"") {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return v.trim_end_matches('"').to_owned();
            }
        }
    }
    "?".to_owned()
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{model}, {cores} cores (shared); {rustc}; {} {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// The tables of BENCHMARKS.md.
pub fn markdown(comparisons: &[Comparison], botocore: &[Botocore], quick: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Measured with aws-sdk-appstream {} (aws-smithy-json {}, aws-smithy-cbor {}) on {}{}.\n",
        locked_version("aws-sdk-appstream"),
        locked_version("aws-smithy-json"),
        locked_version("aws-smithy-cbor"),
        machine(),
        if quick { "; a `--quick` run (5 rounds): indicative only" } else { "" },
    );
    s.push_str("**Time** (median per call; the ratio is the median of the per-round ratios, ours / SDK; MB/s and items/s of each client's own response body):\n\n");
    s.push_str("| Case | protocol (both clients) | ours | SDK | ours / SDK | goal | ours MB/s | SDK MB/s | ours items/s | SDK items/s |\n");
    s.push_str("|---|---|--:|--:|--:|---|--:|--:|--:|--:|\n");
    for c in comparisons {
        let mb = |side: &crate::Side| rate(side.body_bytes as f64 / 1e6, side.per_call);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | **{:.2}** | {} | {:.0} | {:.0} | {:.0} | {:.0} |",
            c.case,
            c.sdk_protocol.label(),
            duration(c.ours.per_call),
            duration(c.sdk.per_call),
            c.ratio,
            goal(c),
            mb(&c.ours),
            mb(&c.sdk),
            rate(c.items as f64, c.ours.per_call),
            rate(c.items as f64, c.sdk.per_call),
        );
    }
    s.push_str("\n**Heap** (allocations and reallocations per call; peak: the most bytes one call had in use at once, its output included; body: the response each client parsed):\n\n");
    s.push_str(
        "| Case | protocol (both clients) | ours allocations | SDK allocations | ours peak | SDK peak | ours body | SDK body |\n",
    );
    s.push_str("|---|---|--:|--:|--:|--:|--:|--:|\n");
    for c in comparisons {
        let _ = writeln!(
            s,
            "| {} | {} | {:.0} | {:.0} | {} | {} | {} | {} |",
            c.case,
            c.sdk_protocol.label(),
            c.ours.heap.allocations,
            c.sdk.heap.allocations,
            bytes(c.ours.heap.peak_bytes),
            bytes(c.sdk.heap.peak_bytes),
            bytes(c.ours.body_bytes),
            bytes(c.sdk.body_bytes),
        );
    }
    if botocore.is_empty() {
        s.push_str("\n**botocore**: not measured in this run (python3 with botocore was not found).\n");
    } else {
        let _ = writeln!(
            s,
            "\n**botocore {}** (its JSON parser alone, from bytes to dicts, against our whole call; goal: ours at least 30× faster):\n",
            botocore[0].version
        );
        s.push_str("| Case | botocore parse | ours, whole call | ours × faster |\n|---|--:|--:|--:|\n");
        for b in botocore {
            let _ = writeln!(
                s,
                "| {} | {} | {} | **{:.0}×** |",
                b.case,
                duration(b.parse),
                duration(b.ours),
                b.times_faster
            );
        }
    }
    s.push_str("\n![ours / aws-sdk-appstream, per case](bench-vs-sdk/ratios.svg)\n");
    s
}

/// A horizontal bar per comparison: the ratio, with parity (1.0) and the goal marked.
pub fn svg(comparisons: &[Comparison]) -> String {
    let (label_w, bar_w, row_h, top) = (330.0, 420.0, 26.0, 40.0);
    let max = comparisons.iter().map(|c| c.ratio).fold(1.1_f64, f64::max) * 1.05;
    let x = |r: f64| label_w + bar_w * r / max;
    let height = top + row_h * comparisons.len() as f64 + 30.0;
    let width = label_w + bar_w + 60.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"10\" y=\"20\" font-size=\"14\">Time of ours / aws-sdk-appstream (median of per-round ratios; shorter is faster; | goal)</text>\n"
    );
    for (i, c) in comparisons.iter().enumerate() {
        let y = top + row_h * i as f64;
        let colour = match c.goal {
            Some(g) if c.ratio > g => "#d9822b",
            _ => "#2b7bd9",
        };
        let _ = writeln!(
            s,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{} · SDK {}</text>\n\
             <rect x=\"{label_w}\" y=\"{:.0}\" width=\"{:.1}\" height=\"{:.0}\" fill=\"{colour}\"/>\n\
             <text x=\"{:.1}\" y=\"{:.0}\">{:.2}</text>",
            label_w - 8.0,
            y + 16.0,
            c.case,
            c.sdk_protocol.label(),
            y + 4.0,
            x(c.ratio) - label_w,
            row_h - 8.0,
            x(c.ratio) + 4.0,
            y + 16.0,
            c.ratio,
        );
        if let Some(g) = c.goal {
            let _ = writeln!(
                s,
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1:.0}\" y2=\"{2:.0}\" stroke=\"black\" stroke-width=\"2\"/>",
                x(g),
                y + 1.0,
                y + row_h - 1.0
            );
        }
    }
    let bottom = top + row_h * comparisons.len() as f64;
    let _ = writeln!(
        s,
        "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{top}\" y2=\"{bottom}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n\
         <text x=\"{0:.1}\" y=\"{1:.0}\" text-anchor=\"middle\" fill=\"#555\">1.0 (same time)</text>\n</svg>",
        x(1.0),
        bottom + 16.0
    );
    s
}

/// Puts `section` between the markers `begin` and `end` of BENCHMARKS.md.
fn write_section(begin: &str, end: &str, section: &str) -> Result<(), String> {
    let path = workspace().join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(start), Some(stop)) = (text.find(begin), text.find(end)) else {
        return Err(format!("{} has no `{begin}` … `{end}` section", path.display()));
    };
    let updated = format!("{}{begin}\n\n{section}\n{}", &text[..start], &text[stop..]);
    std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("updated {}", path.display());
    Ok(())
}

/// Puts the `--floor` table between its markers in BENCHMARKS.md.
pub fn write_floor(table: &str) -> Result<(), String> {
    write_section(FLOOR_BEGIN, FLOOR_END, table)
}

/// Puts `tables` between BENCHMARKS.md's markers and writes the chart.
pub fn write(tables: &str, comparisons: &[Comparison]) -> Result<(), String> {
    write_section(BEGIN, END, tables)?;
    let chart = workspace().join("bench-vs-sdk/ratios.svg");
    std::fs::write(&chart, svg(comparisons)).map_err(|e| format!("{}: {e}", chart.display()))?;
    eprintln!("updated {}", chart.display());
    Ok(())
}
