//! `--floor`: where the time of our DescribeFleets-1000 goes, each part
//! timed against the SDK's whole call in the same protocol.
//!
//! The parts, each interleaved with the SDK's call as the main comparison
//! is (median of the per-round ratios):
//! - our whole call, as in the main table;
//! - our parse alone: the body read into the output by the reader the
//!   client uses (`smithy_rt::json::from_slice` or `smithy_rt::cbor::from_slice`),
//!   and the output dropped;
//! - reading alone: the same reader over the same body into
//!   `serde::de::IgnoredAny`, which checks every byte's syntax (strings
//!   scanned to their end, numbers and heads read) but builds nothing;
//! - the output alone: a clone of the parsed fleets, dropped. It makes the
//!   allocations and copies that any reader producing this owned output
//!   must make, and frees them, with no reading at all.
//!
//! Reading alone plus the output alone is a floor for any reader that
//! uses this reader's lexing and this output's owned types: it leaves out
//! matching keys to members and converting values. When that floor is above
//! a goal, no change to the generated deserialisation can meet the goal.

use crate::ours::{self, Ours};
use crate::sdk::{self, Protocol, Sdk};
use crate::{interleave, Plan, Setup};
use appstream::operation::describe_fleets::DescribeFleetsOutput;
use serde::de::IgnoredAny;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

/// One part: our median per call and its median ratio to the SDK's call.
struct Part {
    ours: Duration,
    sdk: Duration,
    ratio: f64,
}

struct Row {
    protocol: Protocol,
    goal: f64,
    whole: Part,
    parse: Part,
    read: Part,
    output: Part,
}

fn parse(protocol: Protocol, body: &[u8]) -> DescribeFleetsOutput {
    match protocol {
        Protocol::AwsJson11 => smithy_rt::json::from_slice(body, "DescribeFleetsOutput").expect("the body parses"),
        Protocol::RpcV2Cbor => smithy_rt::cbor::from_slice(body, "DescribeFleetsOutput").expect("the body parses"),
    }
}

fn read(protocol: Protocol, body: &[u8]) {
    match protocol {
        Protocol::AwsJson11 => {
            // As the client reads JSON: one UTF-8 check, then `from_str`.
            let text = std::str::from_utf8(body).expect("UTF-8");
            black_box(serde_json::from_str::<IgnoredAny>(text).expect("the body reads"));
        }
        Protocol::RpcV2Cbor => {
            black_box(smithy_rt::cbor::from_slice::<IgnoredAny>(body, "body").expect("the body reads"));
        }
    }
}

pub fn run(rt: &tokio::runtime::Runtime, plan: Plan, setup: &Setup) -> String {
    let mut rows = Vec::new();
    for (protocol, goal) in [(Protocol::RpcV2Cbor, 0.6), (Protocol::AwsJson11, 0.5)] {
        let body = setup.sdk_body(&setup.fleets_json, &setup.fleets_cbor, protocol);
        let o = Ours::new(body.clone(), protocol.ours());
        let s = Sdk::new(body.clone(), protocol);
        // The parts do the same work as the call: the same fleets, read
        // from the same bytes.
        let fleets = rt.block_on(ours::describe_fleets(&o));
        let parsed = parse(protocol, &body).fleets.unwrap_or_default();
        assert_eq!(parsed, fleets, "the reader alone and the client read the same fleets");
        assert_eq!(fleets.len(), crate::bodies::FLEETS);
        let sdk_call = || drop(black_box(rt.block_on(sdk::describe_fleets(&s))));
        let part = |mut f: Box<dyn FnMut() + '_>| {
            let (ours, sdk, ratio) = interleave(plan, plan.parse_block, &mut f, sdk_call);
            Part { ours, sdk, ratio }
        };
        let row = Row {
            protocol,
            goal,
            whole: part(Box::new(|| drop(black_box(rt.block_on(ours::describe_fleets(&o)))))),
            parse: part(Box::new(|| drop(black_box(parse(protocol, black_box(&body)))))),
            read: part(Box::new(|| read(protocol, black_box(&body)))),
            output: part(Box::new(|| drop(black_box(black_box(&fleets).clone())))),
        };
        eprintln!(
            "{}: whole {:.3}, parse {:.3}, reading {:.3}, output {:.3}, floor {:.3} (goal {goal})",
            protocol.label(),
            row.whole.ratio,
            row.parse.ratio,
            row.read.ratio,
            row.output.ratio,
            row.read.ratio + row.output.ratio
        );
        rows.push(row);
    }
    markdown(&rows)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn markdown(rows: &[Row]) -> String {
    let mut s = String::from(
        "Each part of our DescribeFleets-1000 as a share of aws-sdk-appstream's whole call in the same protocol \
         (median of per-round ratios, interleaved with the SDK's call; time per call in brackets):\n\n\
         | protocol (both) | SDK, whole call | ours, whole call | ours, parse alone | reading alone, nothing built | \
         the output alone (clone + drop) | floor: reading + output | goal |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for r in rows {
        let cell = |p: &Part| format!("{:.2}× ({})", p.ratio, ms(p.ours));
        let floor = r.read.ratio + r.output.ratio;
        let verdict = if floor > r.goal { "above the goal" } else { "below the goal" };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | **{floor:.2}×** ({verdict}) | ≤ {} |",
            r.protocol.label(),
            ms(r.whole.sdk),
            cell(&r.whole),
            cell(&r.parse),
            cell(&r.read),
            cell(&r.output),
            r.goal
        );
    }
    s
}
