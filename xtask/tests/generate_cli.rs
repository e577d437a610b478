//! `cargo xtask generate` writes a standalone crate, and `--sensitive` decides which values `Debug` redacts.

use std::path::Path;
use std::process::Command;

fn generate(spec: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["generate", "--spec", spec.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(&args).output().expect("run xtask")
}

#[test]
fn a_standalone_crate_with_a_configurable_sensitive_list() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/sensitive_fields.yaml");
    let temp = tempfile::tempdir().expect("temp dir");

    let default = temp.path().join("default");
    let output = generate(&spec, &default, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("operations generated 0 / in spec 0, types 1"), "{summary}");
    for file in ["Cargo.toml", "Cargo.lock", "README.md", "src/lib.rs", "src/runtime/mod.rs", "src/v1/types/shared.rs"]
    {
        assert!(default.join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(default.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"sensitive-fields-client\""), "{manifest}");
    assert!(manifest.contains("version = \"0.1.0+1\""), "the API version `1` is not semver: {manifest}");
    // Compared without white space: prettyplease breaks long calls over lines.
    let compact = |path: &Path| std::fs::read_to_string(path).expect("types").split_whitespace().collect::<String>();
    let types = compact(&default.join("src/v1/types/shared.rs"));
    assert!(types.contains(r#".field("card_number",&"<redacted>")"#), "{types}");
    assert!(types.contains(r#".field("card_holder_name",&self.card_holder_name)"#), "{types}");

    let custom = temp.path().join("custom");
    let output = generate(&spec, &custom, &["--sensitive", "card_holder_name"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let types = compact(&custom.join("src/v1/types/shared.rs"));
    assert!(
        types.contains(r#".field("card_holder_name",&self.card_holder_name.as_ref().map(|_|"<redacted>")"#),
        "{types}"
    );
    assert!(types.contains(r#".field("card_number",&self.card_number)"#), "{types}");
}
