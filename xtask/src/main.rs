//! `cargo xtask`: the project's automation.
//!
//! - `cargo xtask codegen`: regenerate `generated/` from `model/appstream.json`.
//! - `cargo xtask codegen --check`: fail, naming the files, when `generated/` is stale.
//! - `cargo xtask codegen --model PATH --out DIR [--crate-name NAME]`: generate a
//!   complete crate from any model into any folder (`--operations A,B` keeps
//!   only those operations and what they reach).
//! - `cargo xtask changelog OLD.json NEW.json [--format text|markdown|json]`: the
//!   API change between two models, by operation, as a reviewer reads it.
//! - `cargo xtask corpus --models DIR`: generate (and clippy) every awsJson
//!   model of a folder or git mirror of AWS's models; a table of the results.
#![forbid(unsafe_code)]

mod changelog;
mod corpus;

use changelog::ChangelogArgs;
use clap::{Parser, Subcommand};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a Rust crate from a Smithy JSON AST model.
    Codegen(CodegenArgs),
    /// Compare two Smithy JSON AST models by operation: new, updated, removed.
    Changelog(ChangelogArgs),
    /// Generate every awsJson1_0/awsJson1_1 model of a folder or git mirror,
    /// run clippy on each crate, and print a table of the results.
    Corpus(corpus::CorpusArgs),
}

#[derive(clap::Args, Debug, Default)]
struct CodegenArgs {
    /// Compare instead of writing; exit non-zero and name the stale files.
    #[arg(long)]
    check: bool,
    /// The Smithy 2.0 JSON AST model [default: model/appstream.json].
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// The crate folder to write [default: generated/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated crate's package name [default: from the service's sdkId].
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Keep only these operations (comma-separated) and the shapes they reach
    /// [default: the list in model/codegen.json for the default model].
    #[arg(long, value_name = "OPS", value_delimiter = ',')]
    operations: Option<Vec<String>>,
    /// Hand-written examples (`*.rs`) to copy into the crate's `examples/`
    /// [default: model/examples/ for the default model, none otherwise].
    #[arg(long, value_name = "DIR")]
    examples: Option<PathBuf>,
    /// Depend on the runtime crate `smithy-rt` at this path, written as given
    /// [default: this workspace's runtime/, relative to --out when --out is
    /// inside the workspace, else absolute].
    #[arg(long, value_name = "PATH", conflicts_with_all = ["runtime_git", "runtime_rev", "runtime_version"])]
    runtime_path: Option<String>,
    /// Depend on `smithy-rt` from this git repository (one holding this workspace).
    #[arg(long, value_name = "URL", conflicts_with = "runtime_version")]
    runtime_git: Option<String>,
    /// The commit, tag or branch of --runtime-git [default: its default branch].
    #[arg(long, value_name = "REV", requires = "runtime_git", conflicts_with = "runtime_version")]
    runtime_rev: Option<String>,
    /// Depend on the published `smithy-rt` with this version requirement.
    #[arg(long, value_name = "REQ")]
    runtime_version: Option<String>,
    /// Print nothing on success (`cargo xtask corpus` prints its own table).
    #[arg(skip)]
    quiet: bool,
}

/// What one generation produced, for callers that report on it.
struct Summary {
    /// How many model shapes the service reaches.
    shapes: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen(args) => match codegen(&args) {
            Ok(_) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        Command::Changelog(args) => changelog::run(&args),
        Command::Corpus(args) => corpus::run(&args),
    }
}

/// The workspace root, from this crate's manifest directory (never the
/// working directory).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ has a parent").to_path_buf()
}

fn codegen(args: &CodegenArgs) -> Result<Summary, String> {
    let start = Instant::now();
    let root = root();
    let default_out = root.join("generated");
    let model_path = args.model.clone().unwrap_or_else(|| root.join("model/appstream.json"));
    let out = args.out.clone().unwrap_or_else(|| default_out.clone());
    let model_display = display_path(&model_path, &root);
    let out_abs = absolute(&out);
    let standalone = out_abs != default_out;
    let runtime = runtime_dependency(args, &root, &out_abs);
    let is_default = args.model.is_none() && args.out.is_none() && args.crate_name.is_none();
    let command =
        if is_default { "cargo xtask codegen".to_owned() } else { "cargo xtask codegen --model ...".to_owned() };

    let text =
        std::fs::read_to_string(&model_path).map_err(|e| format!("{model_display}: cannot read the model: {e}"))?;
    let sdk_crate = |text: &str| -> Option<String> {
        let v: serde_json_lite::Value = serde_json_lite::from_str(text).ok()?;
        serde_json_lite::sdk_id(&v)
    };
    let crate_name = args.crate_name.clone().or_else(|| sdk_crate(&text)).unwrap_or_else(|| "generated".to_owned());
    let examples_dir = args.examples.clone().or_else(|| args.model.is_none().then(|| root.join("model/examples")));
    let examples = match &examples_dir {
        Some(dir) => read_examples(dir)?,
        None => Default::default(),
    };
    let opts = codegen::emit::Options { crate_name, runtime, standalone, command, examples };
    let model = codegen::model::Model::parse(&model_display, &text).map_err(|e| e.to_string())?;
    let operations = match &args.operations {
        Some(ops) => Some(ops.clone()),
        None if args.model.is_none() => default_operations(&root)?,
        None => None,
    };
    let model = match operations {
        Some(ops) => {
            let pruned = codegen::prune::prune(&model, &ops).map_err(|e| e.to_string())?;
            if !pruned.dropped.is_empty() && !args.quiet {
                let names: Vec<&str> = pruned.dropped.iter().map(|id| id.name()).collect();
                println!(
                    "codegen: kept {} operations; dropped {} shapes: {}",
                    ops.len(),
                    names.len(),
                    names.join(", ")
                );
            }
            pruned.model
        }
        None => model,
    };
    let generated = codegen::generate_from(&model, &opts).map_err(|e| e.to_string())?;
    for l in &generated.left_out {
        eprintln!("warning: {model_display}: operation {} is left out of the crate: {}", l.operation, l.reason);
    }
    let report = codegen::write::write(&out, &generated.files, args.check).map_err(|e| e.to_string())?;

    let out_display = display_path(&out, &root);
    let counts = generated.ir.counts();
    if !args.quiet {
        println!(
        "codegen: {model_display}: {} shapes, {} operations -> {out_display}: {} written, {} unchanged, {} removed in {:.2?}",
        generated.shapes,
        counts["operations"],
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        start.elapsed()
        );
    }
    if args.check && !report.stale.is_empty() {
        let mut msg = format!("{out_display} is stale; these files differ from what the model produces:\n");
        for f in &report.stale {
            msg.push_str(&format!("  {f}\n"));
        }
        msg.push_str("run `cargo xtask codegen` to update them, then review the diff next to the API change:\n");
        msg.push_str("  git show HEAD:model/appstream.json > /tmp/before.json && cargo xtask changelog /tmp/before.json model/appstream.json");
        return Err(msg);
    }
    Ok(Summary { shapes: generated.shapes })
}

/// Where the generated crate gets `smithy-rt`: as the options say, else this
/// workspace's `runtime/`, relative to `out` when `out` is inside the
/// workspace (so the pair can move together) and absolute otherwise.
fn runtime_dependency(args: &CodegenArgs, root: &Path, out: &Path) -> codegen::emit::Runtime {
    use codegen::emit::Runtime;
    if let Some(path) = &args.runtime_path {
        return Runtime::Path(path.clone());
    }
    if let Some(url) = &args.runtime_git {
        return Runtime::Git { url: url.clone(), rev: args.runtime_rev.clone() };
    }
    if let Some(req) = &args.runtime_version {
        return Runtime::Version(req.clone());
    }
    let runtime = root.join("runtime");
    if out.starts_with(root) {
        Runtime::Path(relative_path(out, &runtime))
    } else {
        Runtime::Path(runtime.display().to_string())
    }
}

/// The operations listed in `model/codegen.json`, if that file exists.
fn default_operations(root: &Path) -> Result<Option<Vec<String>>, String> {
    let path = root.join("model/codegen.json");
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("model/codegen.json: {e}"))?;
    let ops = v
        .get("operations")
        .and_then(|o| o.as_array())
        .ok_or("model/codegen.json#/operations: expected an array of operation names")?;
    ops.iter()
        .enumerate()
        .map(|(i, o)| {
            o.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("model/codegen.json#/operations/{i}: expected an operation name"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The `*.rs` files of `dir`, by file name.
fn read_examples(dir: &Path) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut out = std::collections::BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: cannot read the examples: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.insert(name, text);
        }
    }
    Ok(out)
}

/// A path for messages and headers: relative to the workspace root when inside it.
fn display_path(path: &Path, root: &Path) -> String {
    let abs = absolute(path);
    abs.strip_prefix(root).map(|p| p.display().to_string()).unwrap_or_else(|_| path.display().to_string())
}

/// `path` made absolute and lexically normalised (no `.` or `..`).
fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The path from directory `from` to `to`, `/`-separated, for a manifest.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_owned(), from.len() - common).collect();
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Just enough JSON reading to name the crate after the service's `sdkId`.
mod serde_json_lite {
    pub use serde_json::{from_str, Value};

    pub fn sdk_id(v: &Value) -> Option<String> {
        let shapes = v.get("shapes")?.as_object()?;
        let service = shapes.values().find(|s| s.get("type").and_then(Value::as_str) == Some("service"))?;
        let id = service.get("traits")?.get("aws.api#service")?.get("sdkId")?.as_str()?;
        Some(id.to_lowercase().replace(' ', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` catches a stale `generated/` too.
    #[test]
    fn generated_crate_is_up_to_date() {
        if let Err(e) = codegen(&CodegenArgs { check: true, ..Default::default() }) {
            panic!("{e}");
        }
    }

    fn parse(args: &[&str]) -> Result<CodegenArgs, clap::Error> {
        let cli = Cli::try_parse_from(["cargo xtask", "codegen"].iter().chain(args))?;
        match cli.command {
            Command::Codegen(a) => Ok(a),
            _ => panic!("parsed as another command"),
        }
    }

    #[test]
    fn runtime_dependency_defaults_and_options() {
        use codegen::emit::Runtime;
        let root = Path::new("/w");
        let dep = |args: &[&str], out: &str| runtime_dependency(&parse(args).unwrap(), root, Path::new(out));
        assert_eq!(dep(&[], "/w/generated"), Runtime::Path("../runtime".into()));
        assert_eq!(dep(&[], "/w/out/sqs"), Runtime::Path("../../runtime".into()));
        assert_eq!(dep(&[], "/tmp/sqs"), Runtime::Path("/w/runtime".into()));
        assert_eq!(dep(&[], "/wx/sqs"), Runtime::Path("/w/runtime".into()));
        assert_eq!(dep(&["--runtime-path", "vendor/rt"], "/tmp/x"), Runtime::Path("vendor/rt".into()));
        assert_eq!(
            dep(&["--runtime-git", "https://example.invalid/r.git"], "/tmp/x"),
            Runtime::Git { url: "https://example.invalid/r.git".into(), rev: None }
        );
        assert_eq!(
            dep(&["--runtime-git", "u", "--runtime-rev", "abc"], "/tmp/x"),
            Runtime::Git { url: "u".into(), rev: Some("abc".into()) }
        );
        assert_eq!(dep(&["--runtime-version", "0.1"], "/tmp/x"), Runtime::Version("0.1".into()));
        for conflicting in [
            &["--runtime-path", "p", "--runtime-git", "u"][..],
            &["--runtime-path", "p", "--runtime-version", "1"],
            &["--runtime-git", "u", "--runtime-version", "1"],
            &["--runtime-rev", "abc"],
            &["--runtime-path", "p", "--runtime-rev", "abc"],
        ] {
            assert!(parse(conflicting).is_err(), "{conflicting:?} was accepted");
        }
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path(Path::new("/w/generated"), Path::new("/w/runtime")), "../runtime");
        assert_eq!(relative_path(Path::new("/tmp/x/y"), Path::new("/w/runtime")), "../../../w/runtime");
    }
}
