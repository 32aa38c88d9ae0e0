//! Every crate the snapshot models produce, the crate of AWS's current
//! official AppStream model, and that model pruned to the nine operations of
//! the 2018-07-13 change, pass clippy and rustdoc with warnings denied.
//!
//! The crates are generated into one throwaway workspace under Cargo's
//! test temp folder and checked with one `cargo clippy`, offline, with the
//! versions of this workspace's `Cargo.lock`. The hand-written tests of
//! `tests/round_trip/` then run against them, and so do Smithy's own
//! awsJson and rpcv2Cbor protocol tests (`tests/protocol_tests/`).

use std::path::{Path, PathBuf};
use std::process::Command;

const SNAPSHOT_MODELS: &[&str] = &[
    "endpoint_rules",
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
    "hostile",
    "auth",
    "query_compatible",
    "host_prefix",
    "wire_values",
];

/// Real AWS models in `tests/models/aws/` (see its README): file stem and
/// crate name.
const AWS_MODELS: &[(&str, &str)] = &[
    ("cognito-identity-2014-06-30", "aws-cognito-identity"),
    ("dynamodb-streams-2012-08-10", "aws-dynamodb-streams"),
    ("sqs-2012-11-05", "aws-sqs"),
    ("timestream-write-2018-11-01", "aws-timestream-write"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generate(model: &Path, display: &str, crate_name: &str, out: &Path) {
    generate_pruned(model, display, crate_name, out, None)
}

fn generate_pruned(model: &Path, display: &str, crate_name: &str, out: &Path, keep: Option<&[&str]>) {
    let text = std::fs::read_to_string(model).unwrap();
    let mut loaded = codegen::model::Model::parse(display, &text).unwrap();
    if let Some(keep) = keep {
        let keep: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
        loaded = codegen::prune::prune(&loaded, &keep).unwrap().model;
    }
    let opts = codegen::emit::Options {
        crate_name: crate_name.into(),
        runtime: codegen::emit::Runtime::Path(root().join("runtime").display().to_string()),
        standalone: false,
        command: "cargo xtask codegen --model ...".into(),
        examples: Default::default(),
    };
    let generated = codegen::generate_from(&loaded, &opts).unwrap_or_else(|e| panic!("{display}: {e}"));
    codegen::write::write(out, &generated.files, false).unwrap();
}

#[test]
fn generated_crates_pass_clippy_with_warnings_denied() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-check");
    let _ = std::fs::remove_dir_all(work.join("crates"));
    let mut members = Vec::new();
    for model in SNAPSHOT_MODELS {
        let name = format!("snapshot-{}", model.replace('_', "-"));
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/models/{model}.json"));
        generate(&path, &format!("tests/models/{model}.json"), &name, &work.join("crates").join(&name));
        members.push(format!("\"crates/{name}\""));
    }
    for (stem, name) in AWS_MODELS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/models/aws/{stem}.json"));
        generate(&path, &format!("tests/models/aws/{stem}.json"), name, &work.join("crates").join(name));
        members.push(format!("\"crates/{name}\""));
    }
    let official = root().join("tests/fixtures/smithy-current/appstream-2016-12-01.json");
    generate(&official, "appstream-2016-12-01.json", "appstream-official", &work.join("crates/appstream-official"));
    members.push("\"crates/appstream-official\"".into());
    let nine = [
        "CreateFleet",
        "CreateImageBuilder",
        "DeleteImage",
        "DeleteImagePermissions",
        "DescribeFleets",
        "DescribeImagePermissions",
        "DescribeImages",
        "UpdateFleet",
        "UpdateImagePermissions",
    ];
    generate_pruned(
        &official,
        "appstream-2016-12-01.json",
        "appstream-pruned",
        &work.join("crates/appstream-pruned"),
        Some(&nine),
    );
    members.push("\"crates/appstream-pruned\"".into());

    // The nine-operation model with names that clash with what the generator
    // makes: a shape `Option`, a shape `Self`, an operation `Clone`, an
    // error `Error`. It must generate and pass clippy like any other.
    let text = std::fs::read_to_string(root().join("model/appstream.json")).unwrap();
    let ns = "com.amazonaws.appstream#";
    let mutated = [
        ("Fleet\"", "Option\""),
        ("ImageBuilder\"", "Self\""),
        ("DeleteImage\"", "Clone\""),
        ("ResourceNotFoundException\"", "Error\""),
    ]
    .iter()
    .fold(text, |t, (from, to)| t.replace(&format!("{ns}{from}"), &format!("{ns}{to}")));
    let clashing = work.join("appstream-clashing.json");
    std::fs::write(&clashing, mutated).unwrap();
    generate(&clashing, "appstream-clashing.json", "appstream-clashing", &work.join("crates/appstream-clashing"));
    members.push("\"crates/appstream-clashing\"".into());

    // A program outside this workspace that depends on the generated crate
    // alone names every type it needs from it.
    let consumer = work.join("crates/consumer");
    std::fs::create_dir_all(consumer.join("src")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumer/src/main.rs"),
        consumer.join("src/main.rs"),
    )
    .unwrap();
    std::fs::write(
        consumer.join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nappstream = {{ path = {:?} }}\n",
            root().join("generated").display().to_string()
        ),
    )
    .unwrap();
    members.push("\"crates/consumer\"".into());

    // Round trips through generated types, checked against the wire
    // forms by hand-written tests (`tests/round_trip/`).
    let round_trip = work.join("crates/round-trip");
    std::fs::create_dir_all(round_trip.join("tests")).unwrap();
    std::fs::create_dir_all(round_trip.join("src")).unwrap();
    std::fs::write(round_trip.join("src/lib.rs"), "//! Round-trip tests of generated crates (see `tests/`).\n")
        .unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/round_trip")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, round_trip.join("tests").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        round_trip.join("Cargo.toml"),
        format!(
            "[package]\nname = \"round-trip\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nserde = \"1\"\nserde_json = \"1\"\nsmithy-rt = {{ path = {:?}, features = [\"client\"] }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
             snapshot-union = {{ path = \"../snapshot-union\" }}\n\
             snapshot-discovery = {{ path = \"../snapshot-discovery\" }}\n\
             snapshot-wire-values = {{ path = \"../snapshot-wire-values\" }}\n\
             snapshot-waiter-expression = {{ path = \"../snapshot-waiter-expression\" }}\n\
             snapshot-endpoint-rules = {{ path = \"../snapshot-endpoint-rules\" }}\n\
             aws-cognito-identity = {{ path = \"../aws-cognito-identity\" }}\n\
             aws-dynamodb-streams = {{ path = \"../aws-dynamodb-streams\" }}\n\
             aws-sqs = {{ path = \"../aws-sqs\" }}\n\
             aws-timestream-write = {{ path = \"../aws-timestream-write\" }}\n",
            root().join("runtime").display().to_string()
        ),
    )
    .unwrap();
    members.push("\"crates/round-trip\"".into());

    // Smithy's own awsJson and rpcv2Cbor protocol tests
    // (`tests/protocol_tests/`): a crate per test service, and a test program
    // that runs every case against them.
    let protocol_tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol_tests");
    for (model, name) in
        [("json10", "protocol-json10"), ("json11", "protocol-json11"), ("rpcv2cbor", "protocol-rpcv2cbor")]
    {
        let path = protocol_tests.join(format!("{model}.json"));
        generate(&path, &format!("tests/protocol_tests/{model}.json"), name, &work.join("crates").join(name));
        members.push(format!("\"crates/{name}\""));
    }
    let harness = work.join("crates/protocol-tests");
    std::fs::create_dir_all(harness.join("tests")).unwrap();
    std::fs::create_dir_all(harness.join("src")).unwrap();
    std::fs::write(harness.join("src/lib.rs"), "//! Smithy's awsJson and rpcv2Cbor protocol tests (see `tests/`).\n")
        .unwrap();
    std::fs::copy(protocol_tests.join("harness.rs"), harness.join("tests/protocol_tests.rs")).unwrap();
    for cases in ["cases.json", "cases-rpcv2cbor.json"] {
        std::fs::copy(protocol_tests.join(cases), harness.join(cases)).unwrap();
    }
    std::fs::write(
        harness.join("Cargo.toml"),
        format!(
            "[package]\nname = \"protocol-tests\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nbase64 = \"0.23\"\nserde = \"1\"\nserde_json = \"1\"\n\
             smithy-rt = {{ path = {:?}, features = [\"client\"] }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
             protocol-json10 = {{ path = \"../protocol-json10\" }}\nprotocol-json11 = {{ path = \"../protocol-json11\" }}\n\
             protocol-rpcv2cbor = {{ path = \"../protocol-rpcv2cbor\" }}\n",
            root().join("runtime").display().to_string()
        ),
    )
    .unwrap();
    members.push("\"crates/protocol-tests\"".into());

    std::fs::write(
        work.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .args(["clippy", "--offline", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // The rule sets' own endpoint tests, as generated tests of their crates.
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .args(["test", "--offline", "--quiet", "--test", "endpoint_rules"])
        .args(["--package", "snapshot-endpoint-rules", "--package", "appstream-official"])
        .args(AWS_MODELS.iter().flat_map(|(_, name)| ["--package", name]))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "endpoint rule-set tests fail:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .args(["test", "--offline", "--package", "round-trip", "--quiet"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "round trips through generated types fail:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        // One test at a time, so that each case file's report reads in order.
        .args(["test", "--offline", "--package", "protocol-tests", "--", "--nocapture", "--test-threads=1"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    // A case's line may follow libtest's `test ... ` on the same line.
    for line in report
        .lines()
        .filter(|l| ["awsJson", "rpcv2Cbor", "skipped "].iter().any(|p| l.starts_with(p)) || l.contains("FAIL "))
    {
        eprintln!("protocol tests: {line}");
    }
    assert!(
        output.status.success(),
        "Smithy's awsJson or rpcv2Cbor protocol tests fail:\n{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .args(["doc", "--offline", "--workspace", "--no-deps", "--quiet"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "generated crates' documentation has warnings:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
