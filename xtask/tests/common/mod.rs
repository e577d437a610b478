//! What the tests that build generated crates share: one target directory (dependencies build once for
//! all of them), running cargo with warnings denied, and a copy of the repository to change freely.

#![allow(dead_code, reason = "each test file uses what it needs")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory every generated crate of the tests builds in.
pub fn target_dir() -> PathBuf {
    xtask::workspace_root().expect("workspace root").join("target/generated-crates")
}

/// Runs `cargo args...` in `dir` with warnings denied; panics with its output when it fails.
pub fn cargo(dir: &Path, args: &[&str]) {
    cargo_in(dir, args, &target_dir(), true);
}

/// Runs `cargo args...` in `dir` with `target` as its target directory, denying warnings through
/// `RUSTFLAGS` when `deny_warnings` (which builds dependencies apart from builds without it); panics with its
/// output when it fails.
pub fn cargo_in(dir: &Path, args: &[&str], target: &Path, deny_warnings: bool) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(dir).env("CARGO_TARGET_DIR", target).env_remove("CARGO_ENCODED_RUSTFLAGS");
    if deny_warnings {
        command.env("RUSTFLAGS", "-D warnings").env("RUSTDOCFLAGS", "-D warnings");
    }
    let output = command.output().expect("run cargo");
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Copies the repository (sources, specs, lock file; not `target/` or `.git/`) to `to`.
pub fn copy_repository(to: &Path) {
    let root = xtask::workspace_root().expect("workspace root");
    copy_dir(&root, to);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        if matches!(name.as_str(), "target" | ".git" | "node_modules") {
            continue;
        }
        let target = to.join(&name);
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The features of a crate's generated `[features]` table, but `default` and `mock`.
/// Features of the crate's runtime rather than of a version or a group.
pub const RUNTIME_FEATURES: &[&str] = &["default", "mock", "blocking", "serialize", "deserialize"];

pub fn features(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).expect("read manifest");
    let table = text.split("[features]").nth(1).expect("a [features] table");
    table
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim().to_owned()))
        .filter(|name| !name.starts_with('#') && !name.is_empty() && !RUNTIME_FEATURES.contains(&name.as_str()))
        .collect()
}
