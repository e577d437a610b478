//! The xtask's own failures (no specs folder, an unreadable spec, an output folder it can't write) end in
//! one clear line and a non-zero exit; a broken spec ends in its diagnostics and nothing written.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

fn one_line_failure(output: &Output) -> String {
    assert!(!output.status.success(), "exit status {}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.trim_end().lines().count(), 1, "more than one line:\n{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

#[test]
fn a_missing_specs_folder_is_one_line() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().to_string_lossy().into_owned();
    let stderr = one_line_failure(&xtask(&["--root", &root, "codegen"]));
    assert!(stderr.contains("cannot read the specs folder") && stderr.contains("specs"), "{stderr}");
}

#[test]
fn an_unreadable_spec_is_one_line() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(temp.path().join("specs")).expect("mkdir");
    std::fs::write(temp.path().join("specs/2025-01-01.yaml"), [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let root = temp.path().to_string_lossy().into_owned();
    let stderr = one_line_failure(&xtask(&["--root", &root, "codegen"]));
    assert!(stderr.contains("cannot read") && stderr.contains("2025-01-01.yaml"), "{stderr}");
}

#[test]
fn a_read_only_output_folder_is_one_line() {
    // A spec with nothing to warn about: the one line is the write error's alone.
    let temp = tempfile::tempdir().expect("temp dir");
    let spec = temp.path().join("clean.yaml");
    std::fs::write(&spec, "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: A\n      responses: {'200': {description: ok}}\n")
        .expect("write");
    let spec = spec.to_string_lossy().into_owned();
    // /proc refuses new entries even to root, so this holds whoever runs the tests.
    let stderr = one_line_failure(&xtask(&["generate", "--spec", &spec, "--out", "/proc/cashfree-pg/client"]));
    assert!(stderr.contains("/proc/cashfree-pg"), "{stderr}");
}

#[test]
fn a_broken_spec_prints_diagnostics_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    let spec = temp.path().join("broken.yaml");
    std::fs::write(&spec, "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      operationId: A\n      responses: {'200': {description: ok}}\n")
        .expect("write");
    let out = temp.path().join("client");
    let output = xtask(&["generate", "--spec", &spec.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "broken.yaml:5: error: #/paths/~1a~1{id}/get (A): path parameter 'id' in the template is not declared"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn unknown_arguments_show_the_usage() {
    let output = xtask(&["frobnicate"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: cargo xtask"));
}
