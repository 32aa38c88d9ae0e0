//! One small model per feature, with a snapshot of the files that feature
//! shapes, so a reviewer sees exactly what a generator change does.
//! (`tests/compile.rs` builds every one of these crates.)

use std::path::Path;

fn generate(model: &str) -> codegen::emit::Files {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models").join(format!("{model}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    let opts = codegen::emit::Options {
        crate_name: "widgets".into(),
        runtime: codegen::emit::Runtime::Path("../runtime".into()),
        standalone: true,
        command: "cargo xtask codegen --model ...".into(),
        examples: Default::default(),
    };
    match codegen::generate(&format!("tests/models/{model}.json"), &text, &opts) {
        Ok(g) => g.files,
        Err(e) => panic!("{e}"),
    }
}

/// The named files, each under a `==> path <==` line.
fn files(model: &str, paths: &[&str]) -> String {
    let files = generate(model);
    paths
        .iter()
        .map(|p| match files.get(*p) {
            Some(text) => format!("==> {p} <==\n{text}"),
            None => panic!("{model} produced no {p}; it produced {:?}", files.keys().collect::<Vec<_>>()),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn structure_with_required_optional_and_default_members() {
    insta::assert_snapshot!(files("structure", &["src/types/widget.rs", "src/operation/put_widget.rs"]));
}

#[test]
fn string_enum() {
    insta::assert_snapshot!(files("enum", &["src/types/color.rs"]));
}

/// `Part` holds a list of parts and, directly, its parent `Part` (boxed);
/// `Label` has a `@jsonName`, which awsJson ignores (the wire name stays `Label`).
#[test]
fn lists_maps_and_recursion() {
    insta::assert_snapshot!(files("list_map", &["src/operation/tag.rs", "src/types/part.rs"]));
}

#[test]
fn timestamps() {
    insta::assert_snapshot!(files("timestamp", &["src/operation/schedule.rs"]));
}

/// Floats (`NaN` and the infinities as strings), in lists and maps too;
/// longs; timestamp formats on members and on timestamp shapes.
/// (`tests/wire_roundtrip` runs round trips through these types.)
#[test]
fn wire_values() {
    insta::assert_snapshot!(files("wire_values", &["src/operation/echo.rs"]));
}

#[test]
fn blobs() {
    insta::assert_snapshot!(files("blob", &["src/operation/put_object.rs", "src/validation.rs"]));
}

#[test]
fn unions_documents_and_nested_wire_forms() {
    insta::assert_snapshot!(files(
        "union",
        &[
            "src/types/attribute_value.rs",
            "src/types/capacity.rs",
            "src/operation/put_item.rs",
            "src/operation/search_items.rs",
            "src/validation.rs"
        ]
    ));
}

#[test]
fn endpoint_discovery() {
    insta::assert_snapshot!(files("discovery", &["src/client.rs", "src/operation/query.rs"]));
}

#[test]
fn error_shapes() {
    insta::assert_snapshot!(files(
        "error",
        &["src/error/widget_not_found.rs", "src/error/throttled.rs", "src/operation/fetch.rs"]
    ));
}

/// Cognito-Identity-like: `GetId` is `@auth([])`, `GetCredentialsForIdentity`
/// `@optionalAuth`, `DescribeIdentityPool` signed; two errors `@retryable`.
#[test]
fn auth_and_retryable_errors() {
    insta::assert_snapshot!(files(
        "auth",
        &[
            "src/operation/get_id.rs",
            "src/operation/get_credentials_for_identity.rs",
            "src/operation/describe_identity_pool.rs"
        ]
    ));
}

/// SQS-like: `awsQueryCompatible`, an error with an `@awsQueryError` code.
#[test]
fn query_compatible_service() {
    insta::assert_snapshot!(files("query_compatible", &["src/client.rs", "src/operation/get_queue_url.rs"]));
}

/// An endpoint rule set using every function of the rules language that
/// AWS's models use, with parameters set by operations (a static one, and
/// an input member), and its test cases.
#[test]
fn endpoint_rules() {
    insta::assert_snapshot!(files(
        "endpoint_rules",
        &["src/endpoint.rs", "tests/endpoint_rules.rs", "src/operation/get_record.rs", "src/operation/put_data.rs"]
    ));
}

/// `@endpoint` host prefixes: one label, and one label used twice whose
/// member is a keyword (`type`).
#[test]
fn host_prefixes() {
    insta::assert_snapshot!(files("host_prefix", &["src/operation/put_record.rs", "src/operation/get_record.rs"]));
}

#[test]
fn keyword_member_names_and_std_shadowing_shapes() {
    insta::assert_snapshot!(files("keywords", &["src/operation/match.rs", "src/types/mod.rs", "src/types/option.rs"]));
}

#[test]
fn documentation_from_html() {
    insta::assert_snapshot!(files("documentation", &["src/operation/describe.rs"]));
}

#[test]
fn crate_files() {
    insta::assert_snapshot!(files(
        "structure",
        &["Cargo.toml", "src/lib.rs", "src/types/mod.rs", "src/operation/mod.rs"]
    ));
}

/// One member per constraint trait: required, length (string, list, map),
/// range (integer, double), pattern (as written, and translated from
/// Java's dialect), uniqueItems, enum values, and a nested structure.
#[test]
fn validators() {
    insta::assert_snapshot!(files(
        "constraints",
        &["src/operation/configure.rs", "src/types/inner.rs", "src/validation.rs"]
    ));
}

#[test]
fn paginator_and_waiter() {
    insta::assert_snapshot!(files("paginated_waitable", &["src/operation/list_things.rs", "src/client.rs"]));
}

/// Waiter acceptors whose JMESPath is more than member names: filter
/// projections, `length`, `contains`, comparisons, `!`, `&&`, `||` (ecs's
/// `ServicesStable` shape), written as typed Rust over the output.
#[test]
fn waiter_expressions() {
    insta::assert_snapshot!(files("waiter_expression", &["src/operation/describe_services.rs"]));
}

/// A model without `@paginated` or `@waitable` gets no paginator or waiter code.
#[test]
fn no_paginator_or_waiter_without_the_traits() {
    for model in ["structure", "enum", "list_map", "timestamp", "error", "keywords", "documentation"] {
        for (path, text) in generate(model) {
            for word in ["Paginator", "Waiter", "PageStream", "wait_until_"] {
                assert!(!text.contains(word), "{model}: {path} mentions {word}");
            }
        }
    }
    let with = generate("paginated_waitable");
    assert!(with["src/operation/list_things.rs"].contains("pub struct ListThingsPaginator"));
    assert!(with["src/client.rs"].contains("pub fn wait_until_things_ready"));
}

/// Same model, same bytes: maps are sorted and nothing depends on time or place.
#[test]
fn generation_is_deterministic() {
    for model in [
        "structure",
        "enum",
        "list_map",
        "timestamp",
        "blob",
        "union",
        "discovery",
        "error",
        "keywords",
        "documentation",
        "paginated_waitable",
        "waiter_expression",
        "constraints",
    ] {
        assert_eq!(generate(model), generate(model), "{model}");
    }
}
