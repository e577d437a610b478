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

/// `--decimal`: `type: number` fields and union members are `Decimal`s; a number anywhere else stays `f64` with
/// a warning; the crate depends on rust_decimal and passes clippy with warnings denied.
#[test]
fn decimal_numbers_make_a_crate_that_builds_clean() {
    let temp = tempfile::tempdir().expect("temp dir");
    let spec = temp.path().join("amounts.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.0
info: {title: Amounts, version: '1'}
paths:
  /charges:
    post:
      operationId: CreateCharge
      parameters:
        - {in: query, name: min, schema: {type: number}}
        - {in: query, name: amounts, schema: {type: array, items: {type: number}}}
        - {in: query, name: range, style: deepObject, explode: true, schema: {type: object, additionalProperties: {type: number}}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Charge'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Charge'}
  /rates:
    get:
      operationId: GetRates
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: number}}
components:
  schemas:
    Rate: {type: number}
    Charge:
      type: object
      required: [amount]
      properties:
        amount: {type: number}
        fee: {type: number, nullable: true}
        splits: {type: array, items: {type: number}}
        taxes: {type: object, additionalProperties: {type: number}}
        rate: {$ref: '#/components/schemas/Rate'}
        limit:
          oneOf:
            - {type: number}
            - {type: string}
"#,
    )
    .expect("write spec");
    let out = temp.path().join("client");
    let output = generate(&spec, &out, &["--decimal"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let warnings = String::from_utf8_lossy(&output.stderr);
    assert!(warnings.contains("outside any object's field"), "{warnings}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("rust_decimal = "), "{manifest}");
    let mut types = String::new();
    for entry in std::fs::read_dir(out.join("src/v1/types")).expect("types folder") {
        types.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("types"));
    }
    assert!(types.contains("pub amount: crate::runtime::Decimal"), "{types}");
    assert!(types.contains("pub type Rate = f64"), "an alias stays f64: {types}");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/generated-crates");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["clippy", "--quiet", "--all-features", "--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
}
