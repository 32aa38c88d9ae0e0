//! Formatting and writing: the only place that touches the output folder.
//!
//! Every file is produced in memory first, so a failure writes nothing. Then
//! each file is compared with what is on disk: in check mode a difference is
//! reported; otherwise only changed files are rewritten, each through a
//! temporary file and a rename, and generated files that the model no longer
//! produces are removed.

use crate::emit::{Files, HEADER_PREFIX};
use proc_macro2::TokenStream;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A failure after the model was checked.
#[derive(Debug)]
pub enum EmitError {
    /// The model uses something emitters cannot express yet; the message
    /// names the shape and member.
    Unsupported(String),
    /// An emitter produced tokens that are not a Rust file (a generator bug).
    Syntax {
        /// The file being emitted.
        path: String,
        /// The parser's message.
        message: String,
    },
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Unsupported(m) => write!(f, "unsupported: {m}"),
            EmitError::Syntax { path, message } => {
                write!(f, "internal error: the generator produced invalid Rust for {path}: {message}")
            }
        }
    }
}

impl std::error::Error for EmitError {}

/// Parses emitted tokens as a Rust file and pretty-prints it.
pub fn format_rust(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file = syn::parse2::<syn::File>(tokens)
        .map_err(|e| EmitError::Syntax { path: path.to_owned(), message: e.to_string() })?;
    Ok(separate_items(&prettyplease::unparse(&file)))
}

/// Puts a blank line after each top-level item, which prettyplease leaves out.
/// A top-level item ends with a line that is exactly `}` (or `};`).
fn separate_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if matches!(line, "}" | "};") && lines.peek().is_some_and(|next| !next.is_empty()) {
            out.push('\n');
        }
    }
    out
}

/// What happened to each file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files written because they were new or changed.
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// Generated files removed because the model no longer produces them.
    pub removed: Vec<String>,
    /// In check mode: files that differ, are missing, or should be removed.
    pub stale: Vec<String>,
}

/// Writes `files` under `out`, or with `check`, only compares them.
pub fn write(out: &Path, files: &Files, check: bool) -> io::Result<Report> {
    let mut report = Report::default();
    let leftovers: Vec<String> = existing_generated(out)?.into_iter().filter(|p| !files.contains_key(p)).collect();
    for (rel, contents) in files {
        let path = out.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        let same = current.as_deref().map(normalise) == Some(normalise(contents));
        match (same, check) {
            (true, _) => report.unchanged.push(rel.clone()),
            (false, true) => report.stale.push(rel.clone()),
            (false, false) => {
                write_atomically(&path, contents)?;
                report.written.push(rel.clone());
            }
        }
    }
    for rel in leftovers {
        if check {
            report.stale.push(rel);
        } else {
            std::fs::remove_file(out.join(&rel))?;
            report.removed.push(rel);
        }
    }
    Ok(report)
}

fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n")
}

fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".codegen-tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}

/// Generated files already under `out` (recognised by their header), as
/// `/`-separated relative paths. `target/` is never looked at.
fn existing_generated(out: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                if entry.file_name() != "target" {
                    stack.push(path);
                }
            } else if is_generated(&path) {
                let rel = path.strip_prefix(out).unwrap_or(&path);
                found.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn is_generated(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let first = text.lines().next().unwrap_or_default();
    (first.starts_with("// ") || first.starts_with("# ")) && first.contains(HEADER_PREFIX)
}
