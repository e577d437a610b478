//! A service outside the workspace (`consumer/`) depends on `cashfree-pg` with only the version and tag it
//! uses, and tests its own code against the typed mock server: its tests must pass.

mod common;

#[test]
fn a_service_tests_its_code_against_the_mock() {
    let root = xtask::workspace_root().expect("workspace root");
    let consumer = root.join("consumer");
    let lock = consumer.join("Cargo.lock");
    let before = std::fs::read_to_string(&lock).expect("consumer/Cargo.lock is checked in");
    common::cargo(&consumer, &["test", "--quiet"]);
    common::cargo(&consumer, &["clippy", "--quiet", "--all-targets"]);
    let after = std::fs::read_to_string(&lock).expect("lock");
    assert_eq!(before, after, "consumer/Cargo.lock changed: commit it with the change that needed it");
}
