//! `cashfree-pg` builds warning-free and clippy-clean with any of its features: nothing, each version alone
//! (with and without its tags), each tag alone, the mock, and everything.

mod common;

#[test]
fn every_feature_combination_builds_clean() {
    let root = xtask::workspace_root().expect("workspace root");
    let client = root.join("generated-client");
    let features = common::features(&client.join("Cargo.toml"));
    let versions: Vec<&String> = features
        .iter()
        .filter(|f| f.starts_with('v') && f.contains('-') && f[1..2].chars().all(|c| c.is_ascii_digit()))
        .collect();
    let tags: Vec<&String> = features.iter().filter(|f| !versions.contains(f)).collect();
    assert!(!versions.is_empty() && !tags.is_empty(), "{features:?}");
    let mut sets: Vec<String> = vec![String::new(), "mock".to_owned()];
    for version in &versions {
        sets.push((*version).clone());
        for tag in &tags {
            sets.push(format!("{version},{tag}"));
        }
    }
    sets.extend(tags.iter().map(|t| (*t).clone()));
    for set in sets {
        let mut args = vec!["clippy", "--quiet", "--lib", "-p", "cashfree-pg", "--no-default-features"];
        if !set.is_empty() {
            args.extend(["--features", set.as_str()]);
        }
        common::cargo(&root, &args);
    }
    common::cargo(&root, &["clippy", "--quiet", "--lib", "-p", "cashfree-pg", "--all-features"]);
}
