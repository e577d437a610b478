//! Every example of the client runs offline (against the typed mock server, with no credentials in the
//! environment) and exits 0. Built in the workspace's own target directory, where `cargo test --workspace`
//! has built them already.

use std::process::Command;

#[test]
fn every_example_runs_offline() {
    let root = xtask::workspace_root().expect("workspace root");
    let mut names: Vec<String> = std::fs::read_dir(root.join("generated-client/examples"))
        .expect("examples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no examples");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for name in names {
        let output = Command::new(&cargo)
            .args(["run", "--quiet", "-p", "cashfree-pg", "--example", &name])
            .current_dir(&root)
            .env_remove("CASHFREE_CLIENT_ID")
            .env_remove("CASHFREE_CLIENT_SECRET")
            .env_remove("CASHFREE_BASE_URL")
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "example {name} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
