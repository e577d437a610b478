//! `cargo xtask diff` as CI gates use it: Markdown or JSON, and exit code 3 on breaking changes when asked.

use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

#[test]
fn version_names_markdown_and_the_breaking_gate() {
    let output = xtask(&["diff", "2023-08-01", "2025-01-01"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("**3 breaking, 9 additive** changes from specs/2023-08-01.yaml"), "{text}");

    let gated = xtask(&["diff", "2023-08-01", "2025-01-01", "--fail-on-breaking"]);
    assert_eq!(gated.status.code(), Some(3));

    let same = xtask(&["diff", "2025-01-01", "2025-01-01", "--fail-on-breaking"]);
    assert!(same.status.success());
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("**0 breaking, 0 additive**"));
}

#[test]
fn json_for_tools() {
    let output = xtask(&["diff", "2023-08-01", "2025-01-01", "--format", "json"]);
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["breaking"], 3);
    assert_eq!(report["additive"], 9);
    let first = &report["changes"][0];
    assert_eq!(first["impact"], "breaking");
    assert!(first["subject"].as_str().is_some_and(|s| s.contains("pg_customer_fetch_instruments")));
}

#[test]
fn a_broken_spec_is_an_error_not_a_diff() {
    let temp = tempfile::tempdir().expect("temp dir");
    let broken = temp.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.1.0\n").expect("write");
    let output = xtask(&["diff", "2025-01-01", &broken.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("OpenAPI 3.1.0 is not supported"));
}
