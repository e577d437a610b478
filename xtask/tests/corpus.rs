//! Cashfree's full Payment Gateway specs (`../shared/corpus/`, read in place, never copied) generate unedited
//! with every operation, and the generated crate passes clippy and rustdoc with warnings denied, with all
//! features and with each tag's feature alone. The Token
//! Vault part of what they generate agrees with `specs/`.

mod common;

use std::path::{Path, PathBuf};

use codegen::model::{Api, Operation, TypeKind, TypeRef};
use codegen::{Options, SpecSource};

/// The corpus specs. Absent locally: a visible skip. Absent under CI (`CI=true`): a failure, so a missing
/// corpus can never pass as a checked one.
fn corpus() -> Option<Vec<PathBuf>> {
    let root = xtask::workspace_root().expect("workspace root");
    let dir = root.join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var("CI").map(|v| v != "true").unwrap_or(true),
            "CI=true but the corpus folder {} is absent",
            dir.display()
        );
        eprintln!("SKIPPED: corpus folder {} is absent: the corpus was not checked", dir.display());
        return None;
    };
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "{} holds no spec", dir.display());
    Some(specs)
}

/// Operations in the raw document, counted without openapiv3.
fn raw_operation_count(spec: &Path) -> usize {
    let text = std::fs::read_to_string(spec).expect("read spec");
    let value: serde_json::Value = serde_json::from_str(&text).expect("corpus specs are JSON");
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    value["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

#[test]
fn corpus_specs_generate_every_operation_and_compile_without_warnings() {
    let Some(specs) = corpus() else { return };
    let root = xtask::workspace_root().expect("workspace root");
    let crates = root.join("target/corpus-crates");
    for spec in specs {
        let krate = match xtask::generate::plan(&root, &spec).expect("plan") {
            Ok(krate) => krate,
            Err(diagnostics) => panic!("{} does not generate:\n{diagnostics}", spec.display()),
        };
        let summary = &krate.summary;
        println!("{summary}");
        assert_eq!(summary.operations_generated, summary.operations_in_spec, "{}", spec.display());
        assert_eq!(summary.operations_generated, raw_operation_count(&spec), "{}", spec.display());
        let out = crates.join(&summary.package);
        xtask::generate::write(&krate, &out).expect("write crate");
        common::cargo(&out, &["clippy", "--quiet", "--", "-D", "warnings"]);
        common::cargo(&out, &["doc", "--no-deps", "--quiet"]);
        // A service that uses one tag compiles only it: every tag alone builds and lints clean.
        let features = xtask::generate::group_features(&krate);
        assert!(!features.is_empty(), "{}: no tag features", spec.display());
        for feature in features {
            common::cargo(
                &out,
                &["clippy", "--quiet", "--no-default-features", "--features", &feature, "--", "-D", "warnings"],
            );
        }
        common::cargo(&out, &["clippy", "--quiet", "--no-default-features", "--", "-D", "warnings"]);
    }
}

fn lower(path: &Path) -> Api {
    let text = std::fs::read_to_string(path).expect("read spec");
    let source = SpecSource { name: path.display().to_string(), text };
    match codegen::lower_spec(&source, &Options::default()) {
        Ok(lowered) => lowered.api,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

/// The wire names of the fields of the struct a type is (or holds, through arrays), sorted.
fn field_names(api: &Api, ty: &TypeRef) -> Vec<String> {
    match ty {
        TypeRef::Array(inner) => field_names(api, inner),
        TypeRef::Named(name) => match api.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Struct { fields }) => {
                let mut names: Vec<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
                names.sort();
                names
            }
            Some(TypeKind::Alias { target }) => field_names(api, target),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn success_body(op: &Operation) -> Option<&TypeRef> {
    op.responses.iter().find(|r| r.status.is_success()).and_then(|r| r.body.as_ref())
}

#[test]
fn token_vault_of_the_corpus_agrees_with_specs() {
    let Some(specs) = corpus() else { return };
    let root = xtask::workspace_root().expect("workspace root");
    for version in ["2023-08-01", "2025-01-01"] {
        let ours = lower(&root.join(format!("specs/{version}.yaml")));
        let Some(corpus_spec) = specs.iter().find(|p| p.to_string_lossy().contains(version)) else {
            panic!("no corpus spec for {version}");
        };
        let theirs = lower(corpus_spec);
        for op in &ours.operations {
            let Some(other) = theirs.operations.iter().find(|o| o.id == op.id) else {
                panic!("{version}: {} is not in the corpus", op.id);
            };
            let template = |o: &Operation| o.path_key.split('?').next().unwrap_or_default().to_owned();
            assert_eq!((op.method, template(op)), (other.method, template(other)), "{version} {}", op.id);
            let params = |o: &Operation| {
                let mut names: Vec<(String, String)> =
                    o.params.iter().map(|p| (p.wire_name.clone(), p.rust_name.clone())).collect();
                names.sort();
                names
            };
            assert_eq!(params(op), params(other), "{version} {}: parameters", op.id);
            assert_eq!((&op.fn_name, &op.builder_name), (&other.fn_name, &other.builder_name), "{version} {}", op.id);
            let ours_body = success_body(op).map(|t| field_names(&ours, t)).unwrap_or_default();
            let theirs_body = success_body(other).map(|t| field_names(&theirs, t)).unwrap_or_default();
            assert!(!ours_body.is_empty(), "{version} {}: no fields", op.id);
            assert_eq!(ours_body, theirs_body, "{version} {}: response fields", op.id);
            let statuses = |o: &Operation| o.responses.iter().map(|r| r.status).collect::<Vec<_>>();
            assert_eq!(statuses(op), statuses(other), "{version} {}: statuses", op.id);
        }
    }
}
