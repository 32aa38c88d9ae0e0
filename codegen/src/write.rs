//! Formatting and writing: the only place that touches the output folder.
//!
//! Every file is produced in memory first. Then each file is compared with
//! what is on disk: in check mode a difference is reported and nothing is
//! written. Otherwise the changed files and the generated files that the model
//! no longer produces are swapped in as one transaction (see [`write()`]): if
//! any step fails, everything done so far is undone, so a failure, an I/O
//! error included, leaves the folder as it was.

use crate::emit::{Files, HEADER_PREFIX};
use proc_macro2::TokenStream;
use std::fmt;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

/// A failure after the model was checked.
#[derive(Debug)]
pub enum EmitError {
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

/// A failure to write the output folder: the path, what was being done to it,
/// and the I/O error. Unless [`WriteError::is_partial`] says otherwise, the
/// folder is as it was before [`write()`] was called.
#[derive(Debug)]
pub struct WriteError {
    path: PathBuf,
    action: &'static str,
    source: io::Error,
    /// Steps of the undo that failed too (then the folder is not as before).
    undo_failures: Vec<String>,
    /// The new files are all in place; only cleaning up failed.
    after_commit: bool,
}

impl WriteError {
    fn new(path: impl Into<PathBuf>, action: &'static str, source: io::Error) -> Self {
        WriteError { path: path.into(), action, source, undo_failures: Vec::new(), after_commit: false }
    }

    /// The file or folder the failed step was about.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What was being done: `list`, `create folder`, `write`, `back up`,
    /// `move into place` or `remove`.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// The kind of the underlying I/O error.
    pub fn kind(&self) -> io::ErrorKind {
        self.source.kind()
    }

    /// Whether the folder may differ from before the call: undoing failed
    /// too, or every new file was already in place and only removing the
    /// backup folder failed. The message says which.
    pub fn is_partial(&self) -> bool {
        self.after_commit || !self.undo_failures.is_empty()
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot {} {}: {}", self.action, self.path.display(), self.source)?;
        if self.after_commit {
            write!(f, " (every generated file was already in place; only this leftover remains)")?;
        }
        if !self.undo_failures.is_empty() {
            write!(
                f,
                "; undoing the partial write failed too, the folder is not as before: {}",
                self.undo_failures.join("; ")
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Writes `files` under `out`, or with `check`, only compares them.
///
/// Check mode only reads. Otherwise, when something differs:
///
/// 1. every new or changed file is written into a staging folder
///    `out/.codegen-staging-<pid>-<n>/` (inside `out`, so on the same file
///    system and renames are atomic);
/// 2. each file that will be replaced or removed is moved into a backup folder
///    `out/.codegen-backup-<pid>-<n>/`;
/// 3. the staged files are renamed into place, creating missing folders.
///
/// If a step fails, the steps done so far are undone in reverse (placed files
/// removed, backups moved back, folders this call created removed), the
/// staging and backup folders are removed, and the error names the path and
/// the step. On success both folders are removed. Only files whose contents
/// changed are rewritten; files that carry no generated header, and anything
/// under a `target/` folder, are never touched (a non-generated file at the
/// path of a generated one is replaced, and restored on failure).
pub fn write(out: &Path, files: &Files, check: bool) -> Result<Report, WriteError> {
    for rel in files.keys() {
        check_relative(out, rel)?;
    }
    let mut report = Report::default();
    let mut changed = Vec::new();
    for (rel, contents) in files {
        let current = fs::read(out.join(rel)).ok();
        let same =
            current.as_deref().and_then(|b| std::str::from_utf8(b).ok()).map(normalise) == Some(normalise(contents));
        match (same, check) {
            (true, _) => report.unchanged.push(rel.clone()),
            (false, true) => report.stale.push(rel.clone()),
            (false, false) => changed.push(rel.clone()),
        }
    }
    let removed: Vec<String> = existing_generated(out)?.into_iter().filter(|p| !files.contains_key(p)).collect();
    if check {
        report.stale.extend(removed);
        return Ok(report);
    }
    if !changed.is_empty() || !removed.is_empty() {
        let mut swap = Swap { out, journal: Vec::new(), created: Vec::new(), staging: None, backup: None };
        match swap.run(files, &changed, &removed) {
            Ok(()) => swap.commit()?,
            Err(e) => return Err(swap.undo(e)),
        }
    }
    report.written = changed;
    report.removed = removed;
    Ok(report)
}

/// Refuses a path that would leave `out` or land in `target/` or in the
/// staging and backup folders.
fn check_relative(out: &Path, rel: &str) -> Result<(), WriteError> {
    let path = Path::new(rel);
    let plain = !rel.is_empty()
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
        && path.components().next().is_some_and(|c| c.as_os_str() != "target" && !is_own_folder(c.as_os_str()));
    if plain {
        Ok(())
    } else {
        let e = io::Error::new(io::ErrorKind::InvalidInput, "not a relative path inside the crate (outside target/)");
        Err(WriteError::new(out.join(rel), "write", e))
    }
}

const STAGING: &str = ".codegen-staging-";
const BACKUP: &str = ".codegen-backup-";

/// Whether a folder name is one of this module's staging or backup folders
/// (possibly left behind by a process that was killed).
fn is_own_folder(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with(STAGING) || n.starts_with(BACKUP))
}

/// One step of the swap, undone in reverse on failure.
enum Step {
    /// `original` was moved to `backup`.
    BackedUp { original: PathBuf, backup: PathBuf },
    /// A staged file was renamed to this path.
    Placed(PathBuf),
}

/// The transaction of one [`write()`].
struct Swap<'a> {
    out: &'a Path,
    journal: Vec<Step>,
    /// Folders of (or above) the crate that this call created, in order.
    created: Vec<PathBuf>,
    staging: Option<PathBuf>,
    backup: Option<PathBuf>,
}

impl Swap<'_> {
    fn run(&mut self, files: &Files, changed: &[String], removed: &[String]) -> Result<(), WriteError> {
        self.create_dirs(self.out)?;
        let staging = self.staging.insert(unique_dir(self.out, STAGING)?).clone();
        for rel in changed {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| WriteError::new(dir, "create folder", e))?;
            }
            fs::write(&path, &files[rel]).map_err(|e| WriteError::new(&path, "write", e))?;
        }

        let backup = self.backup.insert(unique_dir(self.out, BACKUP)?).clone();
        for rel in changed.iter().chain(removed) {
            let original = self.out.join(rel);
            // Only a file (or link) is moved aside; a folder in the way makes
            // the rename into place fail below, with its name.
            if !fs::symlink_metadata(&original).is_ok_and(|m| !m.is_dir()) {
                continue;
            }
            let saved = backup.join(rel);
            if let Some(dir) = saved.parent() {
                fs::create_dir_all(dir).map_err(|e| WriteError::new(dir, "create folder", e))?;
            }
            fs::rename(&original, &saved).map_err(|e| WriteError::new(&original, "back up", e))?;
            self.journal.push(Step::BackedUp { original, backup: saved });
        }

        for rel in changed {
            let target = self.out.join(rel);
            if let Some(dir) = target.parent() {
                self.create_dirs(dir)?;
            }
            fs::rename(staging.join(rel), &target).map_err(|e| WriteError::new(&target, "move into place", e))?;
            self.journal.push(Step::Placed(target));
        }
        // Only empty folders are left in staging; removing them is still part
        // of the transaction, so a failure here is undone too.
        fs::remove_dir_all(&staging).map_err(|e| WriteError::new(&staging, "remove", e))?;
        self.staging = None;
        Ok(())
    }

    /// Creates `dir` and its missing parents, remembering each for the undo.
    /// A file where a folder must be is an error naming it.
    fn create_dirs(&mut self, dir: &Path) -> Result<(), WriteError> {
        let mut missing = Vec::new();
        for ancestor in dir.ancestors().filter(|a| !a.as_os_str().is_empty()) {
            match fs::metadata(ancestor) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => {
                    let e = io::Error::new(io::ErrorKind::NotADirectory, "a file is in the way");
                    return Err(WriteError::new(ancestor, "create folder", e));
                }
                Err(_) => missing.push(ancestor.to_path_buf()),
            }
        }
        for dir in missing.into_iter().rev() {
            fs::create_dir(&dir).map_err(|e| WriteError::new(&dir, "create folder", e))?;
            self.created.push(dir);
        }
        Ok(())
    }

    /// Removes the backup folder after a successful swap. This is past the
    /// point of no return: a failure leaves the new crate in place and says so.
    fn commit(self) -> Result<(), WriteError> {
        for dir in [self.staging, self.backup].into_iter().flatten() {
            fs::remove_dir_all(&dir)
                .map_err(|e| WriteError { after_commit: true, ..WriteError::new(&dir, "remove", e) })?;
        }
        Ok(())
    }

    /// Undoes every step in reverse, removes the staging and backup folders
    /// and the folders this call created, and returns `error` with whatever
    /// could not be undone.
    fn undo(self, mut error: WriteError) -> WriteError {
        let mut failures = Vec::new();
        let mut restored_all = true;
        for step in self.journal.into_iter().rev() {
            match step {
                Step::Placed(path) => {
                    if let Err(e) = fs::remove_file(&path) {
                        failures.push(format!("cannot remove {}: {e}", path.display()));
                    }
                }
                Step::BackedUp { original, backup } => {
                    if let Err(e) = fs::rename(&backup, &original) {
                        restored_all = false;
                        failures.push(format!("cannot restore {} from {}: {e}", original.display(), backup.display()));
                    }
                }
            }
        }
        if let Some(staging) = &self.staging {
            if let Err(e) = fs::remove_dir_all(staging) {
                failures.push(format!("cannot remove {}: {e}", staging.display()));
            }
        }
        if let Some(backup) = &self.backup {
            if !restored_all {
                failures.push(format!("the files that could not be restored are kept in {}", backup.display()));
            } else if let Err(e) = fs::remove_dir_all(backup) {
                failures.push(format!("cannot remove {}: {e}", backup.display()));
            }
        }
        for dir in self.created.iter().rev() {
            if let Err(e) = fs::remove_dir(dir) {
                failures.push(format!("cannot remove {}: {e}", dir.display()));
            }
        }
        error.undo_failures = failures;
        error
    }
}

/// Creates a new folder `out/<prefix><pid>-<n>` that did not exist.
fn unique_dir(out: &Path, prefix: &str) -> Result<PathBuf, WriteError> {
    let pid = std::process::id();
    let mut n = 0;
    loop {
        let dir = out.join(format!("{prefix}{pid}-{n}"));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(WriteError::new(dir, "create folder", e)),
        }
    }
}

fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// Generated files already under `out` (recognised by their header), as
/// `/`-separated relative paths. `target/` folders and staging or backup
/// folders are never looked at.
fn existing_generated(out: &Path) -> Result<Vec<String>, WriteError> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(WriteError::new(dir, "list", e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| WriteError::new(&dir, "list", e))?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(|e| WriteError::new(&path, "list", e))?;
            if file_type.is_dir() {
                let name = entry.file_name();
                if name != "target" && !is_own_folder(&name) {
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

/// Whether the file's first line is a generated header. Reads at most the
/// first 4 KiB.
fn is_generated(path: &Path) -> bool {
    let mut start = Vec::new();
    let Ok(file) = fs::File::open(path) else { return false };
    if file.take(4096).read_to_end(&mut start).is_err() {
        return false;
    }
    let line = start.split(|b| *b == b'\n').next().unwrap_or_default();
    let Ok(first) = std::str::from_utf8(line) else { return false };
    (first.starts_with("// ") || first.starts_with("# ")) && first.contains(HEADER_PREFIX)
}
