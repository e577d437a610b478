//! A service outside the workspace (`consumer/`) depends on `cashfree-pg` with only the version and tag it
//! uses, and tests its own code against the typed mock server: its tests must pass, and its code and tests
//! must be clippy-clean with warnings denied.
//!
//! Built in the workspace's target directory, where most of its dependencies are built already; warnings
//! are denied through clippy's arguments, not `RUSTFLAGS`, so none of them is rebuilt for it.

mod common;

#[test]
fn a_service_tests_its_code_against_the_mock() {
    let root = xtask::workspace_root().expect("workspace root");
    let consumer = root.join("consumer");
    let lock = consumer.join("Cargo.lock");
    let before = std::fs::read_to_string(&lock).expect("consumer/Cargo.lock is checked in");
    let target = root.join("target");
    common::cargo_in(&consumer, &["test", "--quiet", "--locked"], &target, false);
    let clippy = ["clippy", "--quiet", "--locked", "--all-targets", "--", "-D", "warnings"];
    common::cargo_in(&consumer, &clippy, &target, false);
    let after = std::fs::read_to_string(&lock).expect("lock");
    assert_eq!(before, after, "consumer/Cargo.lock changed: commit it with the change that needed it");
}
