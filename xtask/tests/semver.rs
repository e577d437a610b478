//! Additive is additive in Rust: each change class `cargo xtask diff` knows is applied to a small spec, both
//! crates are generated, and cargo-semver-checks (pinned, installed by `.ci/run`) must agree with the diff on
//! major versus minor: what the diff calls additive passes `--release-type minor`, what it calls breaking
//! does not. Without cargo-semver-checks the test skips visibly; under CI (`CI=true`) it is required.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

/// The spec every change is applied to: a request type, a response type with an enum, two operations with
/// optional parameters, and a webhook.
fn base() -> Value {
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Shop", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/orders": {"post": {
                "operationId": "CreateOrder",
                "parameters": [{"name": "channel", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRequest"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}}
            }},
            "/orders/{order_id}": {"get": {
                "operationId": "GetOrder",
                "parameters": [{"name": "order_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}}
            }}
        },
        "x-webhooks": {
            "order_paid": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderPaid"}}}},
                "responses": {"200": {"description": "ok"}}
            }}
        },
        "components": {"schemas": {
            "OrderRequest": {"type": "object", "required": ["amount"], "properties": {
                "amount": {"type": "integer"}, "note": {"type": "string"}
            }},
            "Order": {"type": "object", "properties": {
                "id": {"type": "string"}, "amount": {"type": "integer"}, "status": {"$ref": "#/components/schemas/Status"}
            }},
            "Status": {"type": "string", "enum": ["ACTIVE", "PAID"]},
            "OrderPaid": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "enum": ["ORDER_PAID"]}, "data": {"$ref": "#/components/schemas/Order"}
            }}
        }}
    })
}

/// A change class: its name and what it does to the spec.
type Change = (&'static str, fn(&mut Value));

fn changes() -> Vec<Change> {
    vec![
        ("optional field added to a response", |s| {
            s["components"]["schemas"]["Order"]["properties"]["placed_at"] = json!({"type": "string"});
        }),
        ("optional field added to a request", |s| {
            s["components"]["schemas"]["OrderRequest"]["properties"]["tip"] = json!({"type": "integer"});
        }),
        ("required field added to a request", |s| {
            let request = &mut s["components"]["schemas"]["OrderRequest"];
            request["properties"]["currency"] = json!({"type": "string"});
            request["required"] = json!(["amount", "currency"]);
        }),
        ("enum value added", |s| {
            s["components"]["schemas"]["Status"]["enum"] = json!(["ACTIVE", "PAID", "EXPIRED"]);
        }),
        ("enum value removed", |s| {
            s["components"]["schemas"]["Status"]["enum"] = json!(["ACTIVE"]);
        }),
        ("field removed", |s| {
            let properties = s["components"]["schemas"]["Order"]["properties"].as_object_mut().expect("properties");
            properties.remove("amount");
        }),
        ("field retyped", |s| {
            s["components"]["schemas"]["Order"]["properties"]["amount"] = json!({"type": "string"});
        }),
        ("operation added", |s| {
            s["paths"]["/orders/{order_id}"]["delete"] = json!({
                "operationId": "CancelOrder",
                "parameters": [{"name": "order_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "cancelled"}}
            });
        }),
        ("operation removed", |s| {
            s["paths"].as_object_mut().expect("paths").remove("/orders/{order_id}");
        }),
        ("optional parameter added", |s| {
            s["paths"]["/orders/{order_id}"]["get"]["parameters"]
                .as_array_mut()
                .expect("parameters")
                .push(json!({"name": "expand", "in": "query", "schema": {"type": "string"}}));
        }),
        ("parameter turned required", |s| {
            s["paths"]["/orders"]["post"]["parameters"][0]["required"] = json!(true);
        }),
        ("webhook event added", |s| {
            s["x-webhooks"]["order_refunded"] = json!({"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["type"], "properties": {
                    "type": {"type": "string", "enum": ["ORDER_REFUNDED"]}, "data": {"$ref": "#/components/schemas/Order"}
                }}}}},
                "responses": {"200": {"description": "ok"}}
            }});
        }),
    ]
}

/// `cargo semver-checks`, if installed; absent under CI (`CI=true`), a failure.
fn semver_checks() -> bool {
    let installed =
        Command::new("cargo").args(["semver-checks", "--version"]).output().is_ok_and(|out| out.status.success());
    if !installed {
        assert!(
            std::env::var("CI").map(|v| v != "true").unwrap_or(true),
            "CI=true but cargo-semver-checks is not installed (.ci/run installs it)"
        );
        let line = "SKIPPED: cargo-semver-checks is not installed; the semver agreement test did not run\n";
        let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    }
    installed
}

/// The crate generated from `spec`, written to `dir`.
fn generate(root: &Path, spec: &Value, dir: &Path) {
    let source = codegen::SpecSource { name: "shop.json".to_owned(), text: spec.to_string() };
    let options = codegen::Options { command: codegen::Command::Generate, ..codegen::Options::default() };
    let krate = match xtask::generate::plan_sources(root, &[source], "shop-client", options).expect("plan") {
        Ok(krate) => krate,
        Err(diagnostics) => panic!("{diagnostics}"),
    };
    xtask::generate::write(&krate, dir).expect("write crate");
}

#[test]
fn the_diff_and_cargo_semver_checks_agree_on_every_change_class() {
    if !semver_checks() {
        return;
    }
    let root = xtask::workspace_root().expect("root");
    let temp = tempfile::tempdir().expect("temp dir");
    let baseline = temp.path().join("baseline");
    generate(&root, &base(), &baseline);
    // One target folder for every crate: the dependencies build once.
    let target: PathBuf = root.join("target/semver-agreement");
    let base_api = codegen::lower_spec(
        &codegen::SpecSource { name: "shop.json".to_owned(), text: base().to_string() },
        &codegen::Options::default(),
    )
    .expect("base lowers")
    .api;
    let mut disagreements = Vec::new();
    for (index, (name, change)) in changes().into_iter().enumerate() {
        let mut spec = base();
        change(&mut spec);
        let api = codegen::lower_spec(
            &codegen::SpecSource { name: "shop.json".to_owned(), text: spec.to_string() },
            &codegen::Options::default(),
        )
        .unwrap_or_else(|d| panic!("{name}: {d}"))
        .api;
        let report = codegen::diff::diff(&base_api, &api);
        assert!(!report.changes.is_empty(), "{name}: the diff sees no change");
        let current = temp.path().join(format!("change{index}"));
        generate(&root, &spec, &current);
        let output = Command::new("cargo")
            .args(["semver-checks", "check-release", "--release-type", "minor", "--manifest-path"])
            .arg(current.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&baseline)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("run cargo semver-checks");
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let diff_says_major = report.breaking > 0;
        let checks_say_major = !output.status.success();
        if checks_say_major && !text.contains("major") && !text.contains("FAIL") {
            panic!("{name}: cargo semver-checks failed to run:\n{text}");
        }
        // cargo-semver-checks has no lint for a changed type (of a field, a parameter): there, a consumer that
        // uses the old type must stop compiling, which is what "breaking" promises.
        if diff_says_major
            && !checks_say_major
            && let Some(code) = consumer_of(name)
        {
            assert!(consumer_builds(&baseline, code, &target), "{name}: the consumer must build against the baseline");
            if !consumer_builds(&current, code, &target) {
                continue;
            }
        }
        if diff_says_major != checks_say_major {
            disagreements.push(format!(
                "{name}: diff says {}, cargo-semver-checks {}\n{}\n{text}",
                if diff_says_major { "major" } else { "minor" },
                if checks_say_major { "major" } else { "minor" },
                report.summary(5)
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

/// Code of a consumer of the baseline that a change class breaks where cargo-semver-checks cannot see it.
fn consumer_of(change: &str) -> Option<&'static str> {
    match change {
        "field retyped" => Some("pub fn amount(order: &shop_client::v1_0_0::Order) -> Option<i64> { order.amount }"),
        _ => None,
    }
}

/// Whether a library crate of `code`, depending on the generated crate at `krate`, type-checks.
fn consumer_builds(krate: &Path, code: &str, target: &Path) -> bool {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = format!(
        "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nshop-client = {{ path = {:?} }}\n\n[workspace]\n",
        krate.display().to_string()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("manifest");
    std::fs::create_dir(dir.path().join("src")).expect("src");
    std::fs::write(dir.path().join("src/lib.rs"), code).expect("lib.rs");
    Command::new("cargo")
        .args(["check", "--quiet", "--lib"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", target)
        // The compiler's error is the expected outcome for a breaking change: not shown.
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
