//! `cargo xtask corpus --models DIR-or-git-mirror [--only a,b] [--out DIR]
//! [--target-dir DIR] [--no-build] [--endpoints] [--markdown FILE]`: run the
//! generator over every awsJson1_0/awsJson1_1 model of a local copy of AWS's
//! published Smithy models, build each crate with clippy, and print a table.
//!
//! With `--endpoints`, the crates are not built one by one: every crate's
//! compiled endpoint rules (`src/endpoint.rs`) and rule-set tests
//! (`tests/endpoint_rules.rs`) go into one test crate, one module per
//! service, which is built and run once; the table then says how many of
//! each model's `smithy.rules#endpointTests` cases pass.
//!
//! Not part of `cargo test`: a full build run takes hours on a small machine.
//! Generation runs in this process, through the same path as `cargo xtask
//! codegen --model`; each crate is then checked with `cargo clippy
//! --all-targets -- -D warnings` in one shared target directory, so the
//! runtime and the dependencies build once. Each crate gets a copy of the
//! workspace's `Cargo.lock`, so every crate resolves the same versions and
//! reuses the same artifacts.

use crate::{absolute, codegen, root, CodegenArgs};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    /// A folder of Smithy JSON AST models (searched recursively), or a git
    /// repository or bare mirror of aws/api-models-aws (read at HEAD).
    #[arg(long, value_name = "DIR")]
    models: PathBuf,
    /// Only these services (comma-separated), by name: the folder above
    /// `service/` in AWS's layout (`acm-pca`), else the file's stem.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// Where the crates go, one folder per service
    /// (default: `<target>/corpus/crates`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The one target directory every crate builds in
    /// (default: `<target>/corpus/target`).
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,
    /// Generate only; skip clippy.
    #[arg(long)]
    no_build: bool,
    /// Run every model's endpoint rule-set tests (in one crate) instead of clippy.
    #[arg(long)]
    endpoints: bool,
    /// Also write the table as Markdown to this file.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
}

/// A model found in the corpus.
struct Found {
    /// The service's name in the corpus (`acm-pca`).
    name: String,
    /// Where it came from, for messages (`acm-pca/service/2017-08-22/acm-pca-2017-08-22.json`).
    source: String,
    /// The model's text.
    text: String,
}

/// How one model fared.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Outcome {
    Refused,
    Panicked,
    BuildFailed,
    ClippyFailed,
    Generated,
    Ok,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Refused => "refused",
            Outcome::Panicked => "generator panicked",
            Outcome::BuildFailed => "build failed",
            Outcome::ClippyFailed => "clippy failed",
            Outcome::Generated => "generated",
            Outcome::Ok => "ok",
        }
    }
}

struct Row {
    name: String,
    shapes: usize,
    codegen_ms: f64,
    build_s: Option<f64>,
    outcome: Outcome,
    first_error: String,
}

pub fn run(args: &CorpusArgs) -> ExitCode {
    match corpus(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn corpus(args: &CorpusArgs) -> Result<(), String> {
    let root = root();
    let target_base = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let out = absolute(&args.out.clone().unwrap_or_else(|| target_base.join("corpus/crates")));
    let target_dir = absolute(&args.target_dir.clone().unwrap_or_else(|| target_base.join("corpus/target")));

    let mut found = find_models(&args.models)?;
    if let Some(only) = &args.only {
        let unknown: Vec<&String> = only.iter().filter(|n| !found.contains_key(*n)).collect();
        if !unknown.is_empty() {
            let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
            return Err(format!("no awsJson model named {} in {}", names.join(", "), args.models.display()));
        }
        found.retain(|name, _| only.contains(name));
    }
    if found.is_empty() {
        return Err(format!("{}: no model whose service speaks awsJson1_0 or awsJson1_1", args.models.display()));
    }
    eprintln!("corpus: {} awsJson models in {}", found.len(), args.models.display());

    let models_dir = out.join("models");
    std::fs::create_dir_all(&models_dir).map_err(|e| format!("{}: {e}", models_dir.display()))?;
    let lock = std::fs::read(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;

    let mut rows = Vec::new();
    for (i, model) in found.values().enumerate() {
        eprint!("[{}/{}] {} ({}): generating", i + 1, found.len(), model.name, model.source);
        let mut row = generate(model, &models_dir, &out.join(&model.name))?;
        if row.outcome == Outcome::Generated && !args.no_build && !args.endpoints {
            eprint!(", clippy");
            let crate_dir = out.join(&model.name);
            std::fs::write(crate_dir.join("Cargo.lock"), &lock).map_err(|e| format!("{}: {e}", crate_dir.display()))?;
            let start = Instant::now();
            let (outcome, first_error) = clippy(&crate_dir, &target_dir)?;
            row.build_s = Some(start.elapsed().as_secs_f64());
            row.outcome = outcome;
            row.first_error = first_error;
        }
        eprintln!(": {}", row.outcome.label());
        rows.push(row);
    }

    if args.endpoints {
        return endpoint_tests(&rows, &out, &target_dir, &lock);
    }
    let (text, markdown) = render(&rows, !args.no_build);
    println!("{text}");
    if let Some(path) = &args.markdown {
        std::fs::write(path, markdown).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("corpus: wrote {}", path.display());
    }
    Ok(())
}

/// Generates one crate in this process, as `cargo xtask codegen --model` does.
fn generate(model: &Found, models_dir: &Path, crate_dir: &Path) -> Result<Row, String> {
    let model_path = models_dir.join(format!("{}.json", model.name));
    std::fs::write(&model_path, &model.text).map_err(|e| format!("{}: {e}", model_path.display()))?;
    let codegen_args = CodegenArgs {
        model: Some(model_path),
        out: Some(crate_dir.to_path_buf()),
        crate_name: Some(crate_name(&model.name)),
        quiet: true,
        ..Default::default()
    };
    let start = Instant::now();
    let result = std::panic::catch_unwind(|| codegen(&codegen_args));
    let codegen_ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut row = Row {
        name: model.name.clone(),
        shapes: 0,
        codegen_ms,
        build_s: None,
        outcome: Outcome::Generated,
        first_error: String::new(),
    };
    match result {
        Ok(Ok(summary)) => row.shapes = summary.shapes,
        Ok(Err(message)) => {
            row.shapes = model_shapes(&model.text);
            row.outcome = Outcome::Refused;
            let prefix = format!("{}/", models_dir.display());
            row.first_error = first_problem(&message).replace(&prefix, "");
        }
        Err(panic) => {
            row.shapes = model_shapes(&model.text);
            row.outcome = Outcome::Panicked;
            row.first_error = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
        }
    }
    Ok(row)
}

/// A package name from a corpus name: `acm-pca` stays, `Foo_Bar.x` becomes `foo-bar-x`.
fn crate_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "aws-");
    }
    out
}

/// The shapes of a model the generator refused: those outside the prelude.
fn model_shapes(text: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("shapes").and_then(|s| s.as_object()).map(|s| s.len()))
        .unwrap_or(0)
}

/// The generator's first located problem: a refusal reads `the model has N
/// problems:` and then one indented `file#/pointer: message` line each.
fn first_problem(message: &str) -> String {
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default();
    if first.starts_with("the model has ") {
        if let Some(next) = lines.find(|l| !l.trim().is_empty()) {
            return next.trim().to_owned();
        }
    }
    first.trim().to_owned()
}

/// `cargo clippy --all-targets -- -D warnings` in `crate_dir`; a compiler
/// error is a build failure, a lint (clippy's or rustc's, denied) a clippy
/// failure, and the first error's text and location are kept.
fn clippy(crate_dir: &Path, target_dir: &Path) -> Result<(Outcome, String), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["clippy", "--all-targets", "--message-format=json", "--target-dir"])
        .arg(target_dir)
        .args(["--", "-D", "warnings"])
        .current_dir(crate_dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    if output.status.success() {
        return Ok((Outcome::Ok, String::new()));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg.get("reason").and_then(|r| r.as_str()) != Some("compiler-message") {
            continue;
        }
        let message = &msg["message"];
        if message["level"].as_str() != Some("error") {
            continue;
        }
        let code = message["code"]["code"].as_str().unwrap_or_default();
        // rustc's summary ("aborting due to ...", "could not compile") has no code and no span.
        let Some(span) = message["spans"].as_array().and_then(|s| s.first()) else { continue };
        let outcome = if code.is_empty() || is_error_code(code) { Outcome::BuildFailed } else { Outcome::ClippyFailed };
        let text = message["message"].as_str().unwrap_or_default();
        let code = if code.is_empty() { String::new() } else { format!("[{code}]") };
        let at = format!(
            "{}:{}:{}",
            span["file_name"].as_str().unwrap_or("?"),
            span["line_start"].as_u64().unwrap_or(0),
            span["column_start"].as_u64().unwrap_or(0)
        );
        return Ok((outcome, format!("error{code}: {text} at {at}")));
    }
    // Cargo itself failed (manifest, resolution): its first `error:` line.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .or_else(|| stderr.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("cargo clippy failed without a message");
    Ok((Outcome::BuildFailed, first.trim().to_owned()))
}

/// `E0308` and the like: a compiler error rather than a lint.
fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The awsJson models under `path`, by corpus name; when a service has
/// several versions, the last in path order (the newest in AWS's layout).
fn find_models(path: &Path) -> Result<BTreeMap<String, Found>, String> {
    let is_git = path.join("HEAD").is_file() && path.join("objects").is_dir();
    let is_checkout = path.join(".git").exists();
    let candidates: Vec<(String, String)> = if is_git || (is_checkout && !has_json_files(path)) {
        let git_dir = if is_git { path.to_path_buf() } else { path.join(".git") };
        git_models(&git_dir)?
    } else {
        let mut files = Vec::new();
        walk(path, &mut files).map_err(|e| format!("{}: {e}", path.display()))?;
        files.sort();
        let mut out = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let rel = file.strip_prefix(path).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            out.push((rel, text));
        }
        out
    };
    let mut found = BTreeMap::new();
    for (source, text) in candidates {
        if !speaks_aws_json(&text) {
            continue;
        }
        let name = corpus_name(&source);
        found.insert(name.clone(), Found { name, source, text });
    }
    Ok(found)
}

fn has_json_files(dir: &Path) -> bool {
    let mut files = Vec::new();
    walk(dir, &mut files).is_ok() && !files.is_empty()
}

/// Every `*.json` file under `dir`, skipping hidden folders (`.git`, `.scripts`).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_dir() {
            if !hidden {
                walk(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "json") && !hidden {
            out.push(path);
        }
    }
    Ok(())
}

/// The `*.json` files of a git repository at HEAD, read through one
/// `git cat-file --batch`, skipping hidden folders.
fn git_models(git_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let list = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["ls-tree", "-r", "-z", "--name-only", "HEAD"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !list.status.success() {
        return Err(format!(
            "{}: git ls-tree failed: {}",
            git_dir.display(),
            String::from_utf8_lossy(&list.stderr).trim()
        ));
    }
    let paths: Vec<String> = list
        .stdout
        .split(|&b| b == 0)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .filter(|p| p.ends_with(".json") && !p.split('/').any(|c| c.starts_with('.')))
        .collect();
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let request: String = paths.iter().map(|p| format!("HEAD:{p}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut out = Vec::new();
    for path in paths {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(|e| format!("git cat-file: {e}"))?;
        // `<sha> blob <size>`, or `<object> missing`.
        let size: usize = match header.split_whitespace().collect::<Vec<_>>().as_slice() {
            [_, "blob", size] => size.parse().map_err(|_| format!("git cat-file: bad header {header:?}"))?,
            // A mirror may list its largest files without holding them.
            [_, "missing"] => {
                eprintln!("corpus: skipping {path}: listed at HEAD but not in the repository");
                continue;
            }
            _ => return Err(format!("git cat-file: {path}: {}", header.trim())),
        };
        let mut body = vec![0; size + 1];
        reader.read_exact(&mut body).map_err(|e| format!("git cat-file: {path}: {e}"))?;
        body.pop();
        out.push((path, String::from_utf8_lossy(&body).into_owned()));
    }
    writer.join().map_err(|_| "git cat-file: writer panicked".to_owned())?.map_err(|e| format!("git cat-file: {e}"))?;
    child.wait().map_err(|e| format!("git cat-file: {e}"))?;
    Ok(out)
}

/// Whether the model's service shape has `aws.protocols#awsJson1_0` or `#awsJson1_1`.
fn speaks_aws_json(text: &str) -> bool {
    if !text.contains("aws.protocols#awsJson1_") {
        return false;
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { return false };
    let Some(shapes) = v.get("shapes").and_then(|s| s.as_object()) else { return false };
    shapes.values().any(|s| {
        s.get("type").and_then(|t| t.as_str()) == Some("service")
            && s.get("traits").is_some_and(|t| {
                t.get("aws.protocols#awsJson1_0").is_some() || t.get("aws.protocols#awsJson1_1").is_some()
            })
    })
}

/// `models/acm-pca/service/2017-08-22/acm-pca-2017-08-22.json` is `acm-pca`;
/// a file outside that layout is its stem.
fn corpus_name(source: &str) -> String {
    let parts: Vec<&str> = source.split('/').collect();
    if let Some(i) = parts.iter().rposition(|p| *p == "service") {
        if i > 0 && parts.len() == i + 3 {
            return parts[i - 1].to_owned();
        }
    }
    let file = parts.last().copied().unwrap_or(source);
    file.strip_suffix(".json").unwrap_or(file).to_owned()
}

/// The table as aligned text and as Markdown, with totals.
fn render(rows: &[Row], built: bool) -> (String, String) {
    let mut header = vec!["model", "shapes", "codegen ms", "ms/shape"];
    if built {
        header.push("build s");
    }
    header.extend(["result", "first error"]);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = vec![
                r.name.clone(),
                r.shapes.to_string(),
                format!("{:.0}", r.codegen_ms),
                if r.shapes > 0 { format!("{:.3}", r.codegen_ms / r.shapes as f64) } else { String::new() },
            ];
            if built {
                c.push(r.build_s.map(|s| format!("{s:.1}")).unwrap_or_default());
            }
            c.push(r.outcome.label().to_owned());
            c.push(r.first_error.clone());
            c
        })
        .collect();

    let mut counts: BTreeMap<Outcome, usize> = BTreeMap::new();
    for r in rows {
        *counts.entry(r.outcome).or_default() += 1;
    }
    let generated: Vec<&Row> = rows.iter().filter(|r| r.outcome >= Outcome::BuildFailed).collect();
    let gen_shapes: usize = generated.iter().map(|r| r.shapes).sum();
    let gen_ms: f64 = generated.iter().map(|r| r.codegen_ms).sum();
    let all_ms: f64 = rows.iter().map(|r| r.codegen_ms).sum();
    let build_s: f64 = rows.iter().filter_map(|r| r.build_s).sum();
    let mut totals = format!(
        "{} models: {}. Generated {} ({} shapes) in {:.0} ms, {:.3} ms per shape; all models {:.0} ms",
        rows.len(),
        counts.iter().map(|(o, n)| format!("{n} {}", o.label())).collect::<Vec<_>>().join(", "),
        generated.len(),
        gen_shapes,
        gen_ms,
        if gen_shapes > 0 { gen_ms / gen_shapes as f64 } else { 0.0 },
        all_ms,
    );
    if built {
        let _ = write!(totals, "; clippy {build_s:.0} s");
    }
    totals.push('.');

    let numeric = |i: usize| (1..header.len() - 2).contains(&i);
    let widths: Vec<usize> = (0..header.len())
        .map(|i| cells.iter().map(|c| c[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |c: &[String]| -> String {
        let mut s = String::new();
        for (i, cell) in c.iter().enumerate() {
            let last = i + 1 == c.len();
            let pad = widths[i].saturating_sub(cell.chars().count());
            if numeric(i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if !last {
                    s.push_str(&" ".repeat(pad));
                }
            }
            if !last {
                s.push_str("  ");
            }
        }
        s.trim_end().to_owned()
    };
    let header_cells: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let mut text = line(&header_cells);
    text.push('\n');
    for c in &cells {
        text.push_str(&line(c));
        text.push('\n');
    }
    text.push_str(&totals);

    let mut md = String::new();
    let _ = writeln!(md, "| {} |", header.join(" | "));
    let align: Vec<&str> = (0..header.len()).map(|i| if numeric(i) { "---:" } else { "---" }).collect();
    let _ = writeln!(md, "| {} |", align.join(" | "));
    for c in &cells {
        let escaped: Vec<String> = c.iter().map(|s| s.replace('|', "\\|").replace('`', "'")).collect();
        let _ = writeln!(md, "| {} |", escaped.join(" | "));
    }
    let _ = writeln!(md, "\n{totals}");
    (text, md)
}

/// Puts the endpoint rules and rule-set tests of every generated crate into
/// one crate (`<out>/endpoint-tests`), runs its tests once, and prints
/// passed/failed per model and in total.
fn endpoint_tests(rows: &[Row], out: &Path, target_dir: &Path, lock: &[u8]) -> Result<(), String> {
    let dir = out.join("endpoint-tests");
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let write = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()));
    let runtime = root().join("runtime");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"endpoint-tests\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nsmithy-rt = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )?;
    write(&dir.join("Cargo.lock"), &String::from_utf8_lossy(lock))?;
    let mut lib = String::from(
        "//! Every corpus model's endpoint rules and their tests, one module each.\n#![allow(missing_docs)]\n",
    );
    // Module name by model, and how many cases each has.
    let mut modules: Vec<(String, String, usize)> = Vec::new();
    for row in rows.iter().filter(|r| r.outcome == Outcome::Generated) {
        let crate_dir = out.join(&row.name);
        let (Ok(rules), Ok(tests)) = (
            std::fs::read_to_string(crate_dir.join("src/endpoint.rs")),
            std::fs::read_to_string(crate_dir.join("tests/endpoint_rules.rs")),
        ) else {
            continue;
        };
        let module = format!("m_{}", row.name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
        let krate = crate_name(&row.name).replace('-', "_");
        let tests = tests.replace(&format!("use ::{krate}::endpoint::"), "use super::endpoint::");
        let cases = tests.matches("#[test]").count();
        let mdir = src.join(&module);
        std::fs::create_dir_all(&mdir).map_err(|e| format!("{}: {e}", mdir.display()))?;
        write(&mdir.join("mod.rs"), "pub mod endpoint;\n#[cfg(test)]\nmod tests;\n")?;
        write(&mdir.join("endpoint.rs"), &rules)?;
        write(&mdir.join("tests.rs"), &tests)?;
        let _ = writeln!(lib, "pub mod {module};");
        modules.push((row.name.clone(), module, cases));
    }
    write(&src.join("lib.rs"), &lib)?;
    eprintln!("corpus: running the endpoint tests of {} models in {}", modules.len(), dir.display());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--lib", "--target-dir"])
        .arg(target_dir)
        .args(["--", "--test-threads=2"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() && !stdout.contains("test result:") {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("cargo test failed");
        return Err(format!("the endpoint test crate did not build: {first} (see {})", dir.display()));
    }
    // `test m_svc::tests::case_3 ... ok`
    let mut passed: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, result)) = rest.split_once(" ... ") else { continue };
        let Some((module, case)) = name.split_once("::tests::") else { continue };
        let Some((_, m, _)) = modules.iter().find(|(_, m, _)| m == module) else { continue };
        if result == "ok" {
            *passed.entry(m.as_str()).or_default() += 1;
        } else {
            failed.entry(m.as_str()).or_default().push(case.to_owned());
        }
    }
    let (mut total_pass, mut total) = (0, 0);
    println!("{:<36} {:>6} {:>6}  failed cases", "model", "passed", "cases");
    for (name, module, cases) in &modules {
        let p = passed.get(module.as_str()).copied().unwrap_or(0);
        let f = failed.get(module.as_str()).map(|f| f.join(", ")).unwrap_or_default();
        println!("{name:<36} {p:>6} {cases:>6}  {f}");
        total_pass += p;
        total += cases;
    }
    let share = if total == 0 { 0.0 } else { 100.0 * total_pass as f64 / total as f64 };
    println!("total: {total_pass} of {total} endpoint test cases pass ({share:.2} %), {} models", modules.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_aws_layout() {
        assert_eq!(corpus_name("acm-pca/service/2017-08-22/acm-pca-2017-08-22.json"), "acm-pca");
        assert_eq!(corpus_name("models/acm-pca/service/2017-08-22/acm-pca-2017-08-22.json"), "acm-pca");
        assert_eq!(corpus_name("some/where/thing.json"), "thing");
        assert_eq!(crate_name("acm-pca"), "acm-pca");
        assert_eq!(crate_name("Foo_Bar"), "foo-bar");
        assert_eq!(crate_name("2fa"), "aws-2fa");
    }

    #[test]
    fn refusals_keep_the_located_problem() {
        let message = "the model has 2 problems:\n  m.json#/shapes/a#B/type: union shapes are not supported yet\n  m.json#/x: y\n";
        assert_eq!(first_problem(message), "m.json#/shapes/a#B/type: union shapes are not supported yet");
        assert_eq!(first_problem("m.json: cannot read the model: gone"), "m.json: cannot read the model: gone");
    }

    #[test]
    fn protocol_is_read_from_the_service_shape() {
        let json = |t: &str| {
            format!(
                r#"{{"smithy":"2.0","shapes":{{"a#S":{{"type":"service","version":"1","traits":{{"{t}":{{}}}}}}}}}}"#
            )
        };
        assert!(speaks_aws_json(&json("aws.protocols#awsJson1_0")));
        assert!(speaks_aws_json(&json("aws.protocols#awsJson1_1")));
        assert!(!speaks_aws_json(&json("aws.protocols#restJson1")));
        // Mentioned elsewhere than on the service: not a match.
        let doc =
            r#"{"shapes":{"a#S":{"type":"service","traits":{"smithy.api#documentation":"aws.protocols#awsJson1_0"}}}}"#;
        assert!(!speaks_aws_json(doc));
        assert!(is_error_code("E0308"));
        assert!(!is_error_code("clippy::needless_return"));
        assert!(!is_error_code("unused_imports"));
    }
}
