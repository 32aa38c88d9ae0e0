//! `cargo xtask codegen --out` into a folder outside this repository
//! writes a crate that builds there: its manifest names this workspace's
//! runtime by its absolute path.
//!
//! The check shares `codegen/tests/compile.rs`'s target folder and this
//! workspace's `Cargo.lock`, so it compiles little more than the crate.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn a_crate_generated_outside_the_repository_builds() {
    let root = root();
    let work = std::env::temp_dir().join(format!("smithy-codegen-out-of-tree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let out = work.join("identity");
    assert!(!out.starts_with(&root), "{} is inside the repository", out.display());

    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&root)
        .args(["codegen", "--model", "codegen/tests/models/auth.json", "--crate-name", "identity", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());

    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let runtime = root.join("runtime").display().to_string();
    assert!(
        manifest.contains(&format!("smithy-rt = {{ path = {runtime:?} }}")),
        "the runtime is not named by its absolute path:\n{manifest}"
    );

    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-check/target");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        .args(["check", "--offline", "--quiet", "--all-targets"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&work);
    assert!(output.status.success(), "the crate does not build:\n{}", String::from_utf8_lossy(&output.stderr));
}
