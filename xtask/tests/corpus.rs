//! Cashfree's full Payment Gateway specs (`../shared/corpus/`) are the source of `specs/`: every operation of
//! each corpus version is in the spec of that version, sent the same way (method, path, parameters, statuses,
//! response fields). The corpus files themselves generate unedited with every operation, and the crate passes
//! clippy and rustdoc with warnings denied (each tag alone is checked on `specs/` by `features.rs`).

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
        // Straight to the process's stderr, not `eprintln!`: libtest captures that for a passing test, and a
        // skip must show in a plain `cargo test`.
        let line = format!("SKIPPED: corpus folder {} is absent: the corpus was not checked\n", dir.display());
        let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
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

/// The `operationId`s of a raw document (JSON or YAML), counted without openapiv3.
fn raw_operation_ids(spec: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(spec).expect("read spec");
    let value: serde_json::Value = serde_yaml::from_str(&text).expect("spec parses");
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let mut ids: Vec<String> = value["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| methods.iter().filter_map(|m| item.get(*m)?.get("operationId")?.as_str().map(str::to_owned)))
        .collect();
    ids.sort();
    ids
}

/// The corpus spec of each version `specs/` has, beside the spec.
fn versions(specs: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let root = xtask::workspace_root().expect("workspace root");
    let pairs: Vec<(PathBuf, PathBuf)> = specs
        .iter()
        .filter_map(|corpus| {
            let stem = corpus.file_stem()?.to_string_lossy().into_owned();
            let version = stem.strip_prefix("cashfree-pg-")?;
            Some((corpus.clone(), root.join(format!("specs/{version}.yaml"))))
        })
        .collect();
    assert!(!pairs.is_empty(), "no corpus spec is named cashfree-pg-<version>");
    pairs
}

#[test]
fn specs_carry_every_operation_of_the_corpus() {
    let Some(specs) = corpus() else { return };
    for (corpus_spec, ours) in versions(&specs) {
        assert!(ours.is_file(), "{} has no spec in specs/ ({})", corpus_spec.display(), ours.display());
        let ours_ids = raw_operation_ids(&ours);
        let missing: Vec<String> =
            raw_operation_ids(&corpus_spec).into_iter().filter(|id| !ours_ids.contains(id)).collect();
        assert!(missing.is_empty(), "{} lacks operations of {}: {missing:?}", ours.display(), corpus_spec.display());
    }
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

/// Where the seed pages document an operation differently from the corpus, the spec follows the seeds (and
/// marks it `# quirk:`); what a client sends and reads stays the corpus's.
#[test]
fn every_operation_of_specs_is_sent_as_the_corpus_says() {
    let Some(specs) = corpus() else { return };
    for (corpus_spec, spec) in versions(&specs) {
        let version = spec.display().to_string();
        let ours = lower(&spec);
        let theirs = lower(&corpus_spec);
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
            assert_eq!(ours_body, theirs_body, "{version} {}: response fields", op.id);
            let statuses = |o: &Operation| o.responses.iter().map(|r| r.status).collect::<Vec<_>>();
            assert_eq!(statuses(op), statuses(other), "{version} {}: statuses", op.id);
        }
    }
}
