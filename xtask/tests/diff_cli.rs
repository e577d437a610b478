//! `cargo xtask diff` as CI gates use it: Markdown or JSON, the same report the library makes (whose content
//! the snapshot tests record), and exit code 3 on breaking changes when asked.

use std::path::Path;
use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

/// The report the library makes for two of `specs/`.
fn library_report(old: &str, new: &str) -> codegen::diff::Report {
    let root = xtask::workspace_root().expect("root");
    match xtask::diff::report(&root, old, new).expect("report") {
        Ok(report) => report,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

/// The `old:` and `new:` specs of a diff fixture pair, written as two files.
fn fixture_pair(name: &str, dir: &Path) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/diff").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    let write = |side: &str| {
        let file = dir.join(format!("{side}.yaml"));
        std::fs::write(&file, serde_yaml::to_string(&value[side]).expect("yaml")).expect("write");
        file.display().to_string()
    };
    (write("old"), write("new"))
}

#[test]
fn markdown_is_the_library_report() {
    let output = xtask(&["diff", "2023-08-01", "2025-01-01"]);
    assert!(output.status.success());
    let expected = library_report("2023-08-01", "2025-01-01").to_markdown();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);

    let same = xtask(&["diff", "2025-01-01", "2025-01-01", "--fail-on-breaking"]);
    assert!(same.status.success());
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("**0 breaking, 0 additive**"));
}

#[test]
fn the_breaking_gate_exits_3() {
    let temp = tempfile::tempdir().expect("temp dir");
    // The fixture removes an enum value: a breaking change.
    let (old, new) = fixture_pair("enum_values.yaml", temp.path());
    let gated = xtask(&["diff", &old, &new, "--fail-on-breaking"]);
    assert_eq!(gated.status.code(), Some(3), "{}", String::from_utf8_lossy(&gated.stdout));
    let reversed_same = xtask(&["diff", &new, &new, "--fail-on-breaking"]);
    assert!(reversed_same.status.success());
}

#[test]
fn json_for_tools() {
    let output = xtask(&["diff", "2023-08-01", "2025-01-01", "--format", "json"]);
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let expected = library_report("2023-08-01", "2025-01-01");
    assert_eq!(report["breaking"], expected.breaking);
    assert_eq!(report["additive"], expected.additive);
    assert_eq!(report["changes"].as_array().map(Vec::len), Some(expected.changes.len()));
    for change in report["changes"].as_array().expect("changes") {
        assert!(change["impact"] == "breaking" || change["impact"] == "additive", "{change}");
        assert!(change["subject"].as_str().is_some_and(|s| !s.is_empty()), "{change}");
    }
}

#[test]
fn a_broken_spec_is_an_error_not_a_diff() {
    let temp = tempfile::tempdir().expect("temp dir");
    let broken = temp.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 4.0.0\n").expect("write");
    let output = xtask(&["diff", "2025-01-01", &broken.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("OpenAPI 4.0.0 is not supported"));
}
