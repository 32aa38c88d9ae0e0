//! `write::write`: only changed files are rewritten, a failure (an I/O error
//! included) leaves the folder byte for byte as it was, check mode writes
//! nothing, and files that are not generated (and `target/`) are never touched.

use codegen::emit::{Files, HEADER_PREFIX};
use codegen::write::{write, Report};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh, absent folder for one test.
fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("write-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.parent().unwrap()).unwrap();
    dir
}

/// A generated Rust file with `body`.
fn rust(body: &str) -> String {
    format!("// {HEADER_PREFIX}test` from test.json. Do not edit by hand.\n{body}\n")
}

fn files(entries: &[(&str, String)]) -> Files {
    entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// The first crate: a manifest, `lib.rs` and two type files.
fn first() -> Files {
    files(&[
        ("Cargo.toml", format!("# {HEADER_PREFIX}test` from test.json. Do not edit by hand.\n[package]\n")),
        ("src/lib.rs", rust("pub mod types;")),
        ("src/types/a.rs", rust("pub struct A;")),
        ("src/types/b.rs", rust("pub struct B;")),
    ])
}

/// Every path under `dir` (folders as `None`, files with their bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                into.insert(format!("{rel}/"), None);
                walk(root, &path, into);
            } else {
                into.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    let mut found = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut found);
    }
    found
}

/// The files of a snapshot, as text.
fn texts(snap: &BTreeMap<String, Option<Vec<u8>>>) -> BTreeMap<String, String> {
    snap.iter().filter_map(|(k, v)| Some((k.clone(), String::from_utf8(v.clone()?).unwrap()))).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn assert_no_leftovers(dir: &Path) {
    for path in snapshot(dir).keys() {
        assert!(!path.contains(".codegen-"), "left behind: {path}");
    }
}

#[test]
fn writes_an_empty_folder_then_only_what_changed() {
    let out = fresh("rewrite");
    fs::create_dir(&out).unwrap();
    let report = write(&out, &first(), false).unwrap();
    assert_eq!(
        report,
        Report {
            written: strings(&["Cargo.toml", "src/lib.rs", "src/types/a.rs", "src/types/b.rs"]),
            ..Report::default()
        }
    );
    let snap = snapshot(&out);
    assert_eq!(texts(&snap), first().into_iter().collect::<BTreeMap<_, _>>());
    assert_eq!(snap.keys().filter(|k| k.ends_with('/')).collect::<Vec<_>>(), ["src/", "src/types/"]);

    #[cfg(unix)]
    let inode = |rel: &str| std::os::unix::fs::MetadataExt::ino(&fs::metadata(out.join(rel)).unwrap());
    #[cfg(unix)]
    let (manifest_inode, lib_inode) = (inode("Cargo.toml"), inode("src/lib.rs"));

    let mut second = first();
    second.insert("src/types/a.rs".into(), rust("pub struct A(pub u8);"));
    second.remove("src/types/b.rs");
    let report = write(&out, &second, false).unwrap();
    assert_eq!(
        report,
        Report {
            written: strings(&["src/types/a.rs"]),
            unchanged: strings(&["Cargo.toml", "src/lib.rs"]),
            removed: strings(&["src/types/b.rs"]),
            stale: vec![],
        }
    );
    assert_eq!(texts(&snapshot(&out)), second.clone().into_iter().collect::<BTreeMap<_, _>>());
    assert_no_leftovers(&out);
    #[cfg(unix)]
    assert_eq!(
        (inode("Cargo.toml"), inode("src/lib.rs")),
        (manifest_inode, lib_inode),
        "unchanged files were rewritten"
    );

    // Up to date: nothing is written, not even a staging folder.
    let before = snapshot(&out);
    let report = write(&out, &second, false).unwrap();
    assert_eq!(
        report,
        Report { unchanged: strings(&["Cargo.toml", "src/lib.rs", "src/types/a.rs"]), ..Report::default() }
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn creates_the_output_folder_and_its_parents() {
    let out = fresh("nested").join("a/b/crate");
    let report = write(&out, &first(), false).unwrap();
    assert_eq!(report.written.len(), 4);
    assert_eq!(texts(&snapshot(&out)), first().into_iter().collect::<BTreeMap<_, _>>());
}

/// A crate on disk with a generated file the next write removes, a
/// hand-written file, and a `target/` folder.
fn existing_crate(name: &str) -> PathBuf {
    existing_crate_at(fresh(name))
}

fn existing_crate_at(out: PathBuf) -> PathBuf {
    let mut old = first();
    old.insert("src/old.rs".into(), rust("pub struct Old;"));
    write(&out, &old, false).unwrap();
    fs::write(out.join("NOTES.md"), "hand-written\n").unwrap();
    fs::create_dir_all(out.join("target/debug")).unwrap();
    fs::write(out.join("target/debug/out.rs"), rust("built")).unwrap();
    out
}

/// The next crate: everything changed, `src/old.rs` removed, two new files
/// (`src/types/new.rs` sorts after the others, so it is placed last).
fn next() -> Files {
    let mut next: Files = first().into_iter().map(|(k, v)| (k, format!("{v}// changed\n"))).collect();
    next.insert("src/new.rs".into(), rust("pub struct New;"));
    next.insert("src/types/new.rs".into(), rust("pub struct TypesNew;"));
    next
}

#[test]
fn a_file_where_a_folder_must_go_undoes_everything() {
    let out = existing_crate("file-in-the-way");
    // `src/zz` must become a folder for `src/zz/deep.rs`, but is a
    // hand-written file; the files before it in order are already placed
    // when this fails.
    fs::write(out.join("src/zz"), "hand-written, in the way\n").unwrap();
    let before = snapshot(&out);
    let mut files = next();
    files.insert("src/zz/deep.rs".into(), rust("pub struct Deep;"));

    let err = write(&out, &files, false).unwrap_err();
    let offending = out.join("src/zz");
    assert_eq!(err.path(), offending);
    assert_eq!(err.action(), "create folder");
    assert!(!err.is_partial());
    let message = err.to_string();
    assert!(message.starts_with(&format!("cannot create folder {}: ", offending.display())), "{message}");
    assert_eq!(snapshot(&out), before, "the folder changed: {message}");
    assert_no_leftovers(&out);
}

#[test]
fn a_folder_where_a_file_must_go_undoes_everything() {
    let out = existing_crate("folder-in-the-way");
    // `src/types/zz.rs` is a (non-empty) folder, so the staged file cannot
    // be renamed there; it is placed last.
    fs::create_dir_all(out.join("src/types/zz.rs")).unwrap();
    fs::write(out.join("src/types/zz.rs/keep"), "hand-written\n").unwrap();
    let before = snapshot(&out);
    let mut files = next();
    files.insert("src/types/zz.rs".into(), rust("pub struct Zz;"));

    let err = write(&out, &files, false).unwrap_err();
    let offending = out.join("src/types/zz.rs");
    assert_eq!(err.path(), offending);
    assert_eq!(err.action(), "move into place");
    let message = err.to_string();
    assert!(message.starts_with(&format!("cannot move into place {}: ", offending.display())), "{message}");
    assert_eq!(snapshot(&out), before, "the folder changed: {message}");
    assert_no_leftovers(&out);
}

#[test]
fn an_output_folder_under_a_file_writes_nothing() {
    let base = fresh("under-a-file");
    fs::create_dir(&base).unwrap();
    fs::write(base.join("blocker"), "a file\n").unwrap();
    let before = snapshot(&base);
    let out = base.join("blocker/crate");
    let err = write(&out, &first(), false).unwrap_err();
    assert!(err.to_string().contains(&base.join("blocker").display().to_string()), "{err}");
    assert_eq!(snapshot(&base), before);
}

#[test]
fn a_failure_in_a_new_folder_removes_the_folders_it_created() {
    let base = fresh("new-folder-undone");
    fs::create_dir(&base).unwrap();
    let out = base.join("a/b/crate");
    // `src/zz` cannot be both a file and a folder: staging fails after the
    // output folder and its parents were created.
    let mut files = first();
    files.insert("src/zz".into(), rust(""));
    files.insert("src/zz/deep.rs".into(), rust(""));
    let err = write(&out, &files, false).unwrap_err();
    assert!(err.path().starts_with(&out) && err.path().ends_with("src/zz"), "{err}");
    assert!(!err.is_partial(), "{err}");
    assert_eq!(snapshot(&base), BTreeMap::new(), "{err}");
}

#[test]
fn a_path_outside_the_crate_is_refused_before_anything_is_written() {
    let base = fresh("outside");
    let out = existing_crate_at(base.join("crate"));
    let before = snapshot(&base);
    for bad in ["../escape.rs", "/abs.rs", "target/x.rs", "src/../../x.rs", ""] {
        let mut files = next();
        files.insert(bad.into(), rust(""));
        let err = write(&out, &files, false).unwrap_err();
        assert_eq!(err.path(), out.join(bad), "{err}");
        assert_eq!(snapshot(&base), before, "{bad}");
    }
}

#[test]
fn check_mode_never_creates_or_changes_anything() {
    let missing = fresh("check-missing");
    let report = write(&missing, &first(), true).unwrap();
    assert_eq!(
        report,
        Report {
            stale: strings(&["Cargo.toml", "src/lib.rs", "src/types/a.rs", "src/types/b.rs"]),
            ..Report::default()
        }
    );
    assert!(!missing.exists());

    let out = existing_crate("check");
    let before = snapshot(&out);
    let mut files = first();
    files.insert("src/lib.rs".into(), rust("pub mod changed;"));
    files.insert("src/new.rs".into(), rust(""));
    let report = write(&out, &files, true).unwrap();
    assert_eq!(
        report,
        Report {
            unchanged: strings(&["Cargo.toml", "src/types/a.rs", "src/types/b.rs"]),
            stale: strings(&["src/lib.rs", "src/new.rs", "src/old.rs"]),
            ..Report::default()
        }
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn hand_written_files_and_target_are_never_touched() {
    let out = existing_crate("hand-written");
    fs::write(out.join("src/hand.rs"), "// written by a person\n").unwrap();
    fs::create_dir_all(out.join("target/release/.fingerprint")).unwrap();
    fs::write(out.join("target/release/.fingerprint/lib.rs"), rust("looks generated")).unwrap();
    let kept = |snap: &BTreeMap<String, Option<Vec<u8>>>| -> BTreeMap<String, Option<Vec<u8>>> {
        snap.iter()
            .filter(|(k, _)| k.starts_with("target/") || *k == "NOTES.md" || *k == "src/hand.rs")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let before = kept(&snapshot(&out));
    assert_eq!(before.len(), 8, "{:?}", before.keys());

    // Removing every generated file leaves the others.
    let report = write(&out, &Files::new(), false).unwrap();
    assert_eq!(
        report.removed,
        strings(&["Cargo.toml", "src/lib.rs", "src/old.rs", "src/types/a.rs", "src/types/b.rs"])
    );
    let after = snapshot(&out);
    assert_eq!(kept(&after), before);
    assert!(after.keys().all(|k| k.ends_with('/') || before.contains_key(k)), "{:?}", after.keys());

    // Writing a crate again leaves them too.
    let report = write(&out, &next(), false).unwrap();
    assert!(report.removed.is_empty());
    assert_eq!(kept(&snapshot(&out)), before);
    assert_no_leftovers(&out);
}
