//! The semantic diff: snapshots of `specs/2023-08-01.yaml` -> `specs/2025-01-01.yaml` and of one fixture pair
//! per kind of change (each fixture holds `old:` and `new:` specs), and the changes Cashfree's full specs are
//! known to have between the two versions.

mod common;

use std::path::{Path, PathBuf};

use codegen::diff::{Impact, Report, diff};
use codegen::model::Api;
use codegen::{Options, SpecSource};

fn lower(name: &str, text: String) -> Api {
    lower_with(name, text, &Options::default())
}

fn lower_with(name: &str, text: String, options: &Options) -> Api {
    match codegen::lower_spec(&SpecSource { name: name.to_owned(), text }, options) {
        Ok(lowered) => lowered.api,
        Err(diagnostics) => panic!("{name}:\n{diagnostics}"),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

#[test]
fn specs_diff() {
    // As `cargo xtask codegen` reads them: money as decimals.
    let options = Options { numbers: codegen::Numbers::Decimal, ..Options::default() };
    let old = lower_with("specs/2023-08-01.yaml", read(&workspace().join("specs/2023-08-01.yaml")), &options);
    let new = lower_with("specs/2025-01-01.yaml", read(&workspace().join("specs/2025-01-01.yaml")), &options);
    settings().bind(|| insta::assert_snapshot!("diff_specs", diff(&old, &new).to_markdown()));
}

#[test]
fn one_fixture_pair_per_kind_of_change() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixture pairs in {}", dir.display());
    for name in names {
        let pair: serde_yaml::Value =
            serde_yaml::from_str(&read(&dir.join(&name))).unwrap_or_else(|err| panic!("{name}: {err}"));
        let half = |key: &str| serde_yaml::to_string(&pair[key]).unwrap_or_else(|err| panic!("{name}: {err}"));
        let old = lower(&format!("{name}#old"), half("old"));
        let new = lower(&format!("{name}#new"), half("new"));
        let report = diff(&old, &new);
        assert!(report.breaking + report.additive > 0, "{name} shows no change");
        let stem = name.trim_end_matches(".yaml").to_owned();
        settings().bind(|| insta::assert_snapshot!(format!("diff_{stem}"), report.to_markdown()));
    }
}

fn has(report: &Report, impact: Impact, subject: &str, detail: &str) -> bool {
    report.changes.iter().any(|c| c.impact == impact && c.subject.contains(subject) && c.detail.contains(detail))
}

#[test]
fn corpus_diff_reports_the_known_changes() {
    let Some(dir) = common::corpus_dir("the corpus diff") else { return };
    let (old, new) = (dir.join("cashfree-pg-2023-08-01.json"), dir.join("cashfree-pg-2025-01-01.json"));
    assert!(old.is_file() && new.is_file(), "the corpus in {} lacks the 2023-08-01 or 2025-01-01 spec", dir.display());
    let report =
        diff(&lower("cashfree-pg-2023-08-01.json", read(&old)), &lower("cashfree-pg-2025-01-01.json", read(&new)));
    println!("{}", report.to_markdown().lines().next().unwrap_or_default());
    let removed: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.subject.starts_with("operation") && c.detail.starts_with("removed"))
        .collect();
    let added: Vec<_> =
        report.changes.iter().filter(|c| c.subject.starts_with("operation") && c.detail.starts_with("added")).collect();
    assert_eq!((removed.len(), added.len()), (2, 1), "{removed:?} {added:?}");
    assert!(added.iter().all(|c| c.impact == Impact::Additive) && removed.iter().all(|c| c.impact == Impact::Breaking));
    let help: Vec<_> = report.changes.iter().filter(|c| c.detail.starts_with("field `help` added")).collect();
    assert_eq!(help.len(), 6, "{help:?}");
    assert!(help.iter().all(|c| c.impact == Impact::Additive));
    assert!(has(
        &report,
        Impact::Breaking,
        "`LinkMetaResponseEntity`",
        "field `upi_intent` retyped from bool to String"
    ));
    assert!(has(&report, Impact::Breaking, "`TerminalEntity`", "field `terminal_meta` retyped from String to "));
    let settlement_removed = report
        .changes
        .iter()
        .filter(|c| c.subject == "type `SettlementEntity`" && c.detail.ends_with("removed"))
        .count();
    let settlement_added =
        report.changes.iter().filter(|c| c.subject == "type `SettlementEntity`" && c.detail.contains("added")).count();
    assert!(settlement_removed >= 3 && settlement_added >= 3, "{settlement_removed} removed, {settlement_added} added");
}
